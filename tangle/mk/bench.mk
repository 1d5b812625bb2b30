# bench.mk -- `make bench`: measure the executor under QEMU -icount.
#
# The bench kernel (wakeful-bench.iso: a checkpoint's kernel plus its
# bench/*.c files, from chapter 16 on) reports `KTEST number` lines. Under
# -icount shift=0,sleep=off the guest's TSC counts executed instructions,
# so every number is an exact, repeatable instruction count.
#
# Each chapter's figures come from its own checkpoint. The chapter that
# writes the bench (BENCH_CH, 16) is measured into
#
#   build/bench/raw.tsv        key<TAB>value as the kernel reported them
#   build/bench/results.json   the numbers, derived ratios, and the bounds
#   build/numbers/bench.tsv    bench.<key><TAB><value> (and bench.bound_<key>)
#   build/figures/bench-scaling.svg   instructions against idle tasks
#
# and the last checkpoint, when it is a later one, into build/bench/chNN/
# and build/numbers/benchNN.tsv (benchNN.<key>), so that its chapter can
# show what it added to the same paths. The bounds live in one place,
# tangle/bench-report.awk, which writes them into both files.
#
# make bench fails (after writing everything) if a bound is missed, in
# either kernel.

BENCH_SHIFT := 0
BENCH_DIR := build/bench

# The bench kernel exists from the chapter that writes bench/*.c on; a
# book cut short before it (the spine alone, say) builds without it.
BENCH_IN_BOOK := $(shell grep -l '^<<bench/[^>]*>>=' $(CHAPTER_FILES) 2>/dev/null)
BENCH_CH ?= $(firstword $(subst -, ,$(notdir $(firstword $(BENCH_IN_BOOK)))))
# The later checkpoints measured: the last, and every one whose figures a
# chapter quotes (benchNN.key), so that adding a chapter keeps them.
BENCH_QUOTED := $(sort $(patsubst bench%.,%,$(shell grep -ho 'bench[0-9][0-9]\.' $(CHAPTER_FILES) 2>/dev/null)))
BENCH_LATER := $(filter-out $(BENCH_CH),$(sort $(LAST) $(BENCH_QUOTED)))

# $(1): checkpoint, $(2): output directory. Runs QEMU only when the bench
# kernel changed (the ISO is rebuilt through a phony target, so make alone
# cannot tell).
define BENCH_RUN
.PHONY: bench-iso-$(1)
bench-iso-$(1): checkpoint-$(1)
	@$$(CHECKPOINT_MAKE) -s -C build/ch$(1) wakeful-bench.iso

$(2)/raw.tsv: bench-iso-$(1) $(QRUN)
	@mkdir -p $$(@D)
	@if [ ! -f $$@ ] || [ build/ch$(1)/wakeful-bench.iso -nt $$@ ]; then \
		echo "  BENCH    ch$(1) under -icount shift=$(BENCH_SHIFT),sleep=off"; \
		rm -f $$@.tmp; \
		$(QRUN) -p bench -t 120 -N $$@.tmp -l $(2)/run.log \
			-Q "-icount shift=$(BENCH_SHIFT),sleep=off" build/ch$(1)/wakeful-bench.iso \
			> $(2)/run.txt || { cat $(2)/run.txt; rm -f $$@.tmp; exit 1; }; \
		mv $$@.tmp $$@; \
	fi
endef

.PHONY: bench bench-iso
bench: $(BENCH_DIR)/results.json build/figures/bench-scaling.svg \
		$(foreach n,$(BENCH_LATER),$(BENCH_DIR)/ch$(n)/results.json)
	@awk -f tangle/bench-check.awk $(BENCH_DIR)/results.json; bad=$$?; \
	for n in $(BENCH_LATER); do \
		awk -v label=ch$$n/ -f tangle/bench-check.awk $(BENCH_DIR)/ch$$n/results.json || bad=1; \
	done; exit $$bad

bench-iso: bench-iso-$(BENCH_CH)

ifneq ($(BENCH_IN_BOOK),)
$(eval $(call BENCH_RUN,$(BENCH_CH),$(BENCH_DIR)))
$(foreach n,$(BENCH_LATER),$(eval $(call BENCH_RUN,$(n),$(BENCH_DIR)/ch$(n))))
endif

$(BENCH_DIR)/results.json build/numbers/bench.tsv &: $(BENCH_DIR)/raw.tsv tangle/bench-report.awk
	@mkdir -p build/numbers
	@awk -v shift=$(BENCH_SHIFT) -v json=$(BENCH_DIR)/results.json -v prefix=bench \
		-v tsv=build/numbers/bench.tsv -f tangle/bench-report.awk $<

$(BENCH_DIR)/ch%/results.json build/numbers/bench%.tsv: $(BENCH_DIR)/ch%/raw.tsv tangle/bench-report.awk
	@mkdir -p build/numbers
	@awk -v shift=$(BENCH_SHIFT) -v json=$(BENCH_DIR)/ch$*/results.json -v prefix=bench$* \
		-v tsv=build/numbers/bench$*.tsv -f tangle/bench-report.awk $<

build/figures/bench-scaling.svg: $(BENCH_DIR)/raw.tsv tangle/bench-plot.awk
	@mkdir -p $(@D)
	@awk -f tangle/bench-plot.awk $< > $@.tmp && mv $@.tmp $@

ifneq ($(BENCH_IN_BOOK),)

# The chapters quote bench.* (and benchNN.*) numbers, so the weave needs
# them, and the page shows the plot.
build/site/.pages: build/numbers/bench.tsv build/figures/bench-scaling.svg \
	$(foreach n,$(BENCH_LATER),build/numbers/bench$(n).tsv)

build/site/figures/bench-scaling.svg: build/figures/bench-scaling.svg
	@mkdir -p $(@D)
	@cp $< $@

site-pages: build/site/figures/bench-scaling.svg

# make test checks the bounds too.
TEST_SUITES += bench
endif

# How long a clean `make` of the whole book takes: OLD (default 9befe30,
# the tree issue #10 measured) and HEAD side by side (tangle/bench-make.sh).
.PHONY: bench-make
bench-make:
	@tangle/bench-make.sh
