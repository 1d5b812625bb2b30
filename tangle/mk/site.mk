# site.mk: the website's front-end, included by the top Makefile.
#
#   make site-assets   stylesheet, script, the v86 emulator and its BIOSes
#                      into $(SITE_DIR)/assets/, then the pagefind search index
#                      (after the pages: site-assets depends on site-pages)
#   make serve         serve $(SITE_DIR) on 127.0.0.1:$(SERVE_PORT)
#   make test-browser  the headless-Chromium checks in tests/browser/run.mjs
#
# Everything is stamped: with nothing changed, a second make does no work.
# Node packages come from package-lock.json via `npm ci`, which runs only
# when node_modules is missing or the lock file is newer than its stamp.

SITE_DIR    ?= build/site
SERVE_PORT  ?= 8000
NODE        ?= node
NPM         ?= npm
SEABIOS_DIR ?= /usr/share/seabios

SITE_SRC       := tangle/site
NODE_STAMP     := node_modules/.wakeful-npm-ci
PAGEFIND       := node_modules/.bin/pagefind
PAGEFIND_STAMP := $(SITE_DIR)/pagefind/.wakeful-indexed
V86_BUILD      := node_modules/v86/build

SITE_ASSET_FILES := \
	$(SITE_DIR)/assets/book.css \
	$(SITE_DIR)/assets/book.js \
	$(SITE_DIR)/assets/live.js \
	$(SITE_DIR)/assets/live.css \
	$(SITE_DIR)/assets/favicon.svg \
	$(SITE_DIR)/assets/v86/libv86.js \
	$(SITE_DIR)/assets/v86/v86.wasm \
	$(SITE_DIR)/assets/v86/LICENSE \
	$(SITE_DIR)/assets/v86/seabios.bin \
	$(SITE_DIR)/assets/v86/vgabios.bin

.PHONY: site site-pages site-assets site-search serve test-browser

# The pages are the lead's (site-pages); these empty rules only add
# prerequisites and order, never a recipe.
site: site-assets
site-pages:
deps:

site-assets: site-pages $(SITE_ASSET_FILES) site-search

$(NODE_STAMP): package-lock.json | deps
	@echo "  NPM CI   (package-lock.json)"
	@$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SITE_DIR)/assets/%: $(SITE_SRC)/%
	@mkdir -p $(@D)
	@echo "  ASSET    $@"
	@cp $< $@

$(SITE_DIR)/assets/v86/libv86.js $(SITE_DIR)/assets/v86/v86.wasm: $(SITE_DIR)/assets/v86/%: $(NODE_STAMP)
	@mkdir -p $(@D)
	@echo "  ASSET    $@"
	@cp $(V86_BUILD)/$* $@

$(SITE_DIR)/assets/v86/LICENSE: $(NODE_STAMP)
	@mkdir -p $(@D)
	@echo "  ASSET    $@"
	@cp node_modules/v86/LICENSE $@

$(SITE_DIR)/assets/v86/seabios.bin: $(SEABIOS_DIR)/bios.bin
	@mkdir -p $(@D)
	@echo "  ASSET    $@"
	@cp $< $@

$(SITE_DIR)/assets/v86/vgabios.bin: $(SEABIOS_DIR)/vgabios-stdvga.bin
	@mkdir -p $(@D)
	@echo "  ASSET    $@"
	@cp $< $@

# The BIOS files come with Debian's seabios, which deps installs; wait
# for it (make -j runs deps beside everything else).
$(SEABIOS_DIR)/bios.bin $(SEABIOS_DIR)/vgabios-stdvga.bin: | deps
	@[ -f $@ ] || { echo "site.mk: $@ is missing; install Debian's seabios package" >&2; exit 1; }

# Re-index only when some page is newer than the last index.
site-search: site-pages $(NODE_STAMP)
	@if [ ! -f $(PAGEFIND_STAMP) ] || \
	    [ -n "$$(find $(SITE_DIR) -maxdepth 1 -name '*.html' -newer $(PAGEFIND_STAMP) | head -n 1)" ]; then \
	  echo "  SEARCH   pagefind --site $(SITE_DIR)"; \
	  $(PAGEFIND) --site $(SITE_DIR) --quiet && touch $(PAGEFIND_STAMP); \
	fi

serve: site $(NODE_STAMP)
	$(NODE) $(SITE_SRC)/serve.mjs $(SITE_DIR) --port $(SERVE_PORT)

test-browser: site $(NODE_STAMP)
	$(NODE) tests/browser/run.mjs --site $(SITE_DIR)

# make test runs every target named here (see tangle/test.sh).
TEST_SUITES += test-browser

# make bench-site: click-to-first-output time of every chapter's in-page
# boot, median of BENCH_SITE_RUNS boots, against the 1 s bound, with the
# steps (kernel fetched, emulator compiled, loaded, ready) and the emulated
# instructions to the first output; writes build/bench/site.json. A
# benchmark, not part of make test (the host's speed decides it);
# STRICT=1 makes a missed bound an error.
BENCH_SITE_RUNS ?= 3
.PHONY: bench-site
bench-site: site $(NODE_STAMP)
	$(NODE) tests/browser/bench.mjs --site $(SITE_DIR) --runs $(BENCH_SITE_RUNS)

# The kernels the Boot button hands to v86's Multiboot 1 loader (chapter 1:
# two loaders, one kernel), one per chapter: the reader's wakeful.elf, the
# same file that is inside the ISO, without its debug information (which
# is most of its size). The ISO stays for downloads, make boot and the tests.
SITE_KERNELS := $(foreach n,$(NUMS),$(SITE_DIR)/kernel/ch$(n).elf)
site-assets: $(SITE_KERNELS)
$(SITE_DIR)/kernel/ch%.elf: checkpoint-%
	@mkdir -p $(@D)
	@objcopy --strip-debug build/ch$*/wakeful.elf $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else echo "  KERNEL   $@"; mv $@.tmp $@; fi
