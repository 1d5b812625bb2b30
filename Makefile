# Wakeful -- the book's build.
#
#   make            install what is missing, tangle, build every checkpoint, weave the site
#   make test       every test; ends with "N passed, N failed"
#   make help       everything else
#
# Chapter NN is book/NN-slug.nw. Its checkpoint build/chNN/ is chapters
# 01..NN tangled together; it has its own Makefile (tangled from the book),
# so this file only tangles, delegates, and weaves.

SHELL := /bin/sh
.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory
# Build on every core: the checkpoints are independent of each other, and
# each one's own Makefile compiles in parallel too. A -jN on the command
# line still wins (make -j1 for a sequential build). Chapter 1's ISO recipe
# works in a private directory, so two makes that build one image at once
# no longer break each other ("Boot image file is empty"; the README has
# the figures, tests/pipeline/iso-race.sh the test).
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
.DELETE_ON_ERROR:

CHAPTER_FILES := $(sort $(wildcard book/[0-9][0-9]-*.nw))
NUMS := $(foreach f,$(CHAPTER_FILES),$(firstword $(subst -, ,$(notdir $(f)))))
LAST := $(lastword $(NUMS))
TANGLE_TOOLS := tangle/tangle.sh tangle/chunks.awk tangle/chunkrow.awk tangle/tangle.awk tangle/landing.awk \
	tangle/qemu.sh
QRUN := build/tools/qrun

# The chapter files of checkpoint $(1): chapters 01..$(1).
upto = $(shell for f in $(CHAPTER_FILES); do n=$${f#book/}; [ "$${n%%-*}" -le $(patsubst 0%,%,$(1)) ] && echo $$f; done)

.PHONY: all deps checkpoints site site-pages figures test test-pipeline \
	boot serve help clean numbers

all: checkpoints site

deps:
	@tangle/deps.sh

# qrun starts QEMU through tangle/qemu.sh, the one place that says how
# (its path is compiled in, so that the runner works from any directory).
# A change to the flags remakes what qrun measured.
$(QRUN): tangle/qrun.c tangle/qemu.sh | deps
	@mkdir -p $(@D)
	@gcc -O2 -Wall -Wextra -Werror -DQEMU_SH='"$(CURDIR)/tangle/qemu.sh"' -o $@ $<

# ---- checkpoints -------------------------------------------------------

# The checkpoints compile through ccache (tangle/deps.sh installs it):
# checkpoint N+1 holds most of checkpoint N's files unchanged, so most of
# a clean make's 800-odd compilations are repeats. The cache is build/ccache,
# so a clean make starts with an empty one and make clean removes it.
# The checkpoint directory is left out of the hash (CCACHE_NOHASHDIR), or
# no two checkpoints would share an object: the debug information then
# names the checkpoint that compiled the object first as its directory,
# which is harmless because every #line directive names the book's file
# (../../book/NN-slug.nw), the same file from every checkpoint. A reader's
# own make in build/chNN uses plain gcc.
CHECKPOINT_MAKE = CCACHE_DIR=$(CURDIR)/build/ccache CCACHE_NOHASHDIR=1 $(MAKE) CC="ccache gcc"

define CHECKPOINT
build/ch$(1)/.tangled: $(call upto,$(1)) $(TANGLE_TOOLS) | deps
	@echo "  TANGLE   ch$(1)"
	@tangle/tangle.sh build/ch$(1) $(call upto,$(1))
	@touch $$@

.PHONY: checkpoint-$(1)
checkpoint-$(1): build/ch$(1)/.tangled
	@$$(CHECKPOINT_MAKE) -s -C build/ch$(1)

build/numbers/ch$(1).tsv: checkpoint-$(1)
	@mkdir -p $$(@D)
	@$$(CHECKPOINT_MAKE) -s -C build/ch$(1) numbers.tsv
	@sed 's/^/ch$(1)./' build/ch$(1)/numbers.tsv > $$@.tmp
	@cmp -s $$@.tmp $$@ || mv $$@.tmp $$@; rm -f $$@.tmp

# What the test kernel measures (KTEST number lines), from a run under
# -icount so that instruction counts are the same on every machine. Test
# failures here are make test's business; a missing number stops the weave.
build/numbers/ch$(1)-run.tsv: checkpoint-$(1) $(QRUN)
	@mkdir -p $$(@D)
	@iso=build/ch$(1)/wakeful-test.iso; \
	if [ ! -f $$$$iso ]; then [ -f $$@ ] || : > $$@; \
	elif [ ! -f $$@ ] || [ ! -f build/transcripts/ch$(1)-test.log ] || [ $$$$iso -nt $$@ ]; then \
		echo "  MEASURE  ch$(1)"; \
		rm -f $$@.raw; \
		mkdir -p build/transcripts; \
		$(QRUN) -p ch$(1) -t 120 -N $$@.raw -l build/transcripts/ch$(1)-test.log \
			-Q "-icount shift=0,sleep=off" $$$$iso > /dev/null || true; \
		touch $$@.raw; sed 's/^/ch$(1)./' $$@.raw > $$@; rm -f $$@.raw; \
	fi
endef
$(foreach n,$(NUMS),$(eval $(call CHECKPOINT,$(n))))

checkpoints: $(addprefix checkpoint-,$(NUMS))

# What the reader's kernel prints under its boot script, for the chapters
# that quote it (log="chNN-boot" in a transcript); rerun when the ISO or the
# script changes. Under -icount, like every run of make test.
BOOT_TRANSCRIPTS := $(sort $(patsubst log="%",build/transcripts/%.log,\
	$(shell grep -ho 'log="ch[0-9]*-boot"' $(CHAPTER_FILES) 2>/dev/null)))
build/transcripts/ch%-boot.log: checkpoint-% $(QRUN)
	@mkdir -p $(@D)
	@if [ ! -f $@ ] || [ build/ch$*/wakeful.iso -nt $@ ] || [ build/ch$*/tests/boot.expect -nt $@ ]; then \
		echo "  RUN      ch$* (boot script)"; \
		$(QRUN) -p ch$* -t 30 -Q "-icount shift=0,sleep=off" -e build/ch$*/tests/boot.expect -l $@ build/ch$*/wakeful.iso > /dev/null || true; \
	fi

# The commands qemu.sh's look mode runs, as its dry run prints them in the
# checkpoint (QEMU_DRY_RUN=1, with a display and without), for the chapters
# that quote them (log="chNN-look") instead of typing QEMU's flags. Each
# command is written first, as a reader would type it.
LOOK_TRANSCRIPTS := $(sort $(patsubst log="%",build/transcripts/%.log,\
	$(shell grep -ho 'log="ch[0-9]*-look"' $(CHAPTER_FILES) 2>/dev/null)))
build/transcripts/ch%-look.log: checkpoint-%
	@mkdir -p $(@D)
	@unset QEMU; cd build/ch$* && for ui in window terminal; do \
		cmd="UI=$$ui QEMU_DRY_RUN=1 sh qemu.sh look wakeful.iso"; \
		echo "\$$ $$cmd"; eval "$$cmd" || exit 1; \
	done > ../../$@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

NUMBER_FILES := $(foreach n,$(NUMS),build/numbers/ch$(n).tsv build/numbers/ch$(n)-run.tsv)
numbers: $(NUMBER_FILES)

# ---- the website -------------------------------------------------------

WEAVE_TOOLS := tangle/weave.sh tangle/chunks.awk tangle/chunkrow.awk tangle/weave.awk $(wildcard tangle/weave/*.awk tangle/weave/*.lua) tangle/book.lua $(wildcard tangle/site/*.html tangle/site/site.lua tangle/site/secnum.lua)
EXERCISE_TEXT := $(wildcard exercises/*/README.md exercises/*/hint*.md)

site: site-pages site-assets

build/site/.pages: $(CHAPTER_FILES) $(WEAVE_TOOLS) $(EXERCISE_TEXT) $(NUMBER_FILES) $(BOOT_TRANSCRIPTS) $(LOOK_TRANSCRIPTS) \
		$(wildcard build/figures/*.svg build/numbers/*.tsv build/ch*/tests/boot.expect) | figures deps
	@echo "  WEAVE    $(words $(CHAPTER_FILES)) chapters"
	@tangle/weave.sh $(CHAPTER_FILES)
	@touch $@

site-pages: build/site/.pages $(foreach n,$(NUMS),build/site/iso/ch$(n).iso build/site/src/ch$(n).tar.gz)

build/site/iso/ch%.iso: checkpoint-%
	@mkdir -p $(@D)
	@cmp -s build/ch$*/wakeful.iso $@ || cp build/ch$*/wakeful.iso $@

# The tangled source of a checkpoint, as a reader would unpack it.
build/site/src/ch%.tar.gz: build/ch%/.tangled
	@mkdir -p $(@D)
	@cd build && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		-czf site/src/ch$*.tar.gz $$(sed "s|^|ch$*/|" ch$*/.tangled-files)

CH ?= $(LAST)
# CH=7 and CH=07 both mean chapter 07.
CH_NN := $(if $(filter 1 2 3 4 5 6 7 8 9,$(CH)),0$(CH),$(CH))

# ---- tests ------------------------------------------------------------

# make test CH=N runs only checkpoint N's tests (its boot script, test
# kernel and host tests); plain make test runs everything.
test: all $(QRUN)
	@tangle/test.sh $(if $(filter command line,$(origin CH)),--only $(CH_NN)) $(NUMS)

# make test-pipeline: only the tests of the tangler, weaver, runner and
# build (tests/pipeline/*.sh), on the checkpoints already built.
test-pipeline: all $(QRUN)
	@tangle/test.sh --pipeline

# ---- running the kernel ---------------------------------------------------

# make boot EX=id boots an exercise's kernel with the answer in it (exercises.mk).
ifeq ($(EX),)
boot: checkpoint-$(CH_NN)
	@sh tangle/qemu.sh look build/ch$(CH_NN)/wakeful.iso
else
boot: boot-ex
endif

help:
	@echo "make                 install missing packages, tangle, build every checkpoint, weave the site"
	@echo "make test            run every test (kernels in QEMU, pipeline, site, exercises)"
	@echo "make test-pipeline   only the pipeline's tests (tests/pipeline: tangle, weave, runner, layers, QEMU flags; part of make test)"
	@echo "make test CH=N       run only checkpoint N's tests"
	@echo "make boot CH=N       boot checkpoint N in QEMU (window if there is a display, else the terminal)"
	@echo "make serve           serve build/site on localhost"
	@echo "make figures         generate the state-machine diagrams into build/figures"
	@echo "make exercises       list the exercises with their status and your progress per chapter"
	@echo "make check EX=ID     check your answer to exercise ID (FROM=solutions for the reference)"
	@echo "make hint EX=ID      the next hint for exercise ID"
	@echo "make boot EX=ID      boot the kernel with your answer to exercise ID in it"
	@echo "make debug EX=ID     your answer's test kernel under gdb, showing the book's lines (or CH=N)"
	@echo "make watch EX=ID     re-check on every save"
	@echo "make grade           grade every exercise; writes build/grade/results.json"
	@echo "make bench           measure the executor under QEMU -icount (chapter 16 and the last checkpoint); writes build/bench/"
	@echo "make trace CH=N      record checkpoint N's kernel under -icount (trace points on COM2); writes build/trace/chNN.json for Perfetto"
	@echo "make clean           remove build/"
	@echo "More targets (make builds and make test runs the ones that need it):"
	@echo "make site            weave the site into build/site (book, PDF and EPUB too)"
	@echo "make book            the book offline: build/site/wakeful.pdf and wakeful.epub (book-pdf, book-epub: one)"
	@echo "make timelines       the timeline figures, from make trace's recordings"
	@echo "make test-browser    the site in headless Chromium: boot, search, previews, axe (part of make test)"
	@echo "make test-live       the live executor view on every async chapter's page, desktop and phone (part of make test; LIVE_PAGES=, LIVE_SCREENS=)"
	@echo "make test-trace      every async chapter's trace parses and shows every task (part of make test)"
	@echo "make test-shell-page the last chapter's page: write, ls, cat, rm and fsck in the shell (part of make test)"
	@echo "make test-fs-persist the last checkpoint booted twice on one disk: the files survive (part of make test)"
	@echo "make test-book       epubcheck and the PDF's pages, numbers and outline (part of make test)"
	@echo "make test-exercises  every exercise: the reference passes, empty and wrong answers fail (part of make test)"
	@echo "make mutate          plant every mutant of tests/mutants/catalog and record which tests kill it (M=id: one)"
	@echo "make fuzz            fuzz the decoders, the heap, kprintf and the tangler with libFuzzer (FUZZ_SECONDS=)"
	@echo "make fuzz-test       a short, seeded fuzz run of every target (part of make test)"
	@echo "make bench-check     how long make check takes after an edit (BENCH_WRITE=1: into exercises/README.md)"
	@echo "make bench-make      a clean make of OLD= (default 9befe30) and HEAD, side by side; BREAKDOWN=1: where HEAD's time goes (BENCH_WRITE=1: both into README.md)"
	@echo "make bench-site      click-to-first-output time of every chapter's in-page machine, against its bound"
	@echo "make starters        for authors: record the exercises' starter checksums"
	@echo "Chapters: $(NUMS)"

clean:
	rm -rf build

# Fragments owned by the parts of the project they name.
-include $(sort $(wildcard tangle/mk/*.mk))

# Until a fragment defines them, these do nothing.
ifeq ($(wildcard tangle/mk/figures.mk),)
figures: ; @:
endif
ifeq ($(wildcard tangle/mk/site.mk),)
site-assets: ; @:
endif

# Fragments add their test targets to TEST_SUITES; make test runs them.
print-test-suites:
	@echo $(TEST_SUITES)
