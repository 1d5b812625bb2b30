# bench.mk -- `make bench`: measure the executor under QEMU -icount.
#
# The bench kernel (wakeful-bench.iso, the latest checkpoint's kernel plus
# its bench/*.c files, chapter 14) reports `KTEST number` lines. Under
# -icount shift=0,sleep=off the guest's TSC counts executed instructions,
# so every number is an exact, repeatable instruction count.
#
#   build/bench/raw.tsv        key<TAB>value as the kernel reported them
#   build/bench/results.json   the numbers, derived ratios, and the bounds
#   build/numbers/bench.tsv    bench.<key><TAB><value>, for the weave
#   build/figures/bench-scaling.svg   instructions against idle tasks
#
# make bench fails (after writing everything) if a bound is missed.

BENCH_SHIFT := 0
BENCH_CH ?= $(LAST)
BENCH_ISO := build/ch$(BENCH_CH)/wakeful-bench.iso
BENCH_DIR := build/bench

.PHONY: bench bench-iso
bench: $(BENCH_DIR)/results.json build/figures/bench-scaling.svg
	@awk -f tangle/bench-check.awk $(BENCH_DIR)/results.json

bench-iso: checkpoint-$(BENCH_CH)
	@$(MAKE) -s -C build/ch$(BENCH_CH) wakeful-bench.iso

# Runs QEMU only when the bench kernel changed (the ISO is rebuilt through
# a phony target, so make alone cannot tell).
$(BENCH_DIR)/raw.tsv: bench-iso $(QRUN)
	@mkdir -p $(@D)
	@if [ ! -f $@ ] || [ $(BENCH_ISO) -nt $@ ]; then \
		echo "  BENCH    ch$(BENCH_CH) under -icount shift=$(BENCH_SHIFT),sleep=off"; \
		rm -f $@.tmp; \
		$(QRUN) -p bench -t 120 -N $@.tmp -l $(BENCH_DIR)/run.log \
			-Q "-icount shift=$(BENCH_SHIFT),sleep=off" $(BENCH_ISO) \
			> $(BENCH_DIR)/run.txt || { cat $(BENCH_DIR)/run.txt; rm -f $@.tmp; exit 1; }; \
		mv $@.tmp $@; \
	fi

$(BENCH_DIR)/results.json build/numbers/bench.tsv: $(BENCH_DIR)/raw.tsv tangle/bench-report.awk
	@mkdir -p build/numbers
	@awk -v shift=$(BENCH_SHIFT) -v json=$(BENCH_DIR)/results.json \
		-v tsv=build/numbers/bench.tsv -f tangle/bench-report.awk $<

build/figures/bench-scaling.svg: $(BENCH_DIR)/raw.tsv tangle/bench-plot.awk
	@mkdir -p $(@D)
	@awk -f tangle/bench-plot.awk $< > $@.tmp && mv $@.tmp $@

# The bench kernel exists from the chapter that writes bench/*.c on; a
# book cut short before it (the spine alone, say) builds without it.
BENCH_IN_BOOK := $(shell grep -l '^<<bench/[^>]*>>=' $(CHAPTER_FILES) 2>/dev/null)
ifneq ($(BENCH_IN_BOOK),)

# The chapters quote bench.* numbers, so the weave needs them, and the
# page shows the plot.
build/site/.pages: build/numbers/bench.tsv build/figures/bench-scaling.svg

build/site/figures/bench-scaling.svg: build/figures/bench-scaling.svg
	@mkdir -p $(@D)
	@cp $< $@

site-pages: build/site/figures/bench-scaling.svg

# make test checks the bounds too.
TEST_SUITES += bench
endif
