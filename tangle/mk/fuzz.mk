# fuzz.mk -- `make fuzz`: fuzzing the kernel's input handling on the host.
#
# libFuzzer (clang -fsanitize=fuzzer) drives four targets, each built from
# the SAME tangled sources the kernel is built from (the fuzz/*_fuzz.c
# drivers are the only code of their own):
#
#   kbd_decode  chapter 8's scancode decoder      (kernel/kbd_decode.c)
#   mb2_parse   chapter 9's boot information walk (kernel/mb2_parse.c)
#   kprintf     chapter 2's formatter, against the C library's snprintf
#   heap        chapter 9's kmalloc/kfree/kcalloc, against a model
#
# and a fifth, the tangler, is fuzzed by fuzz/tangle_edits.sh: random edits
# to a chapter must tangle, or fail naming a file and line, never crash or
# hang. Seed inputs are committed in fuzz/corpus/<target>/; inputs that once
# crashed a target stay there as regression tests. What the fuzzers find is
# kept in build/fuzz/corpus/ (grows between runs) and build/fuzz/crashes/.
#
#   make fuzz                    every target for FUZZ_SECONDS (60) each
#   make fuzz FUZZ_SECONDS=600   longer
#   make fuzz-test               (part of make test) every target for a fixed
#                                number of inputs from a fixed seed: seconds
#
# Each prints "PASS fuzz/<target>: N inputs ..., 0 crashes" or a FAIL line
# naming the input that crashed it.

FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 20000
FUZZ_EDITS ?= 5
FUZZ_CH ?= $(LAST)
FUZZ_DIR := build/fuzz
FUZZ_TARGETS := kbd_decode mb2_parse kprintf heap
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))
FUZZ_K := build/ch$(FUZZ_CH)/kernel
FUZZ_CC := clang
FUZZ_CFLAGS := -g -O1 -Wall -Wextra -Werror -fno-sanitize-recover=all
FUZZ_ASAN := -fsanitize=fuzzer,address,undefined
# The heap target is slower per input (hundreds of operations, each checked
# against the model): fewer inputs in make test, shorter programs.
FUZZ_RUNS_heap := 2000
FUZZ_OPTS_heap := -max_len=600

.PHONY: fuzz fuzz-test fuzz-build

fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/kbd_decode: fuzz/kbd_decode_fuzz.c build/ch$(FUZZ_CH)/.tangled | deps
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_ASAN) -iquote $(FUZZ_K) -o $@ $< $(FUZZ_K)/kbd_decode.c

$(FUZZ_DIR)/mb2_parse: fuzz/mb2_parse_fuzz.c build/ch$(FUZZ_CH)/.tangled | deps
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_ASAN) -iquote $(FUZZ_K) -o $@ $< $(FUZZ_K)/mb2_parse.c

# Chapter 2's kprintf.c: its formatter is the same text in every later
# checkpoint, and it needs no lock or interrupt code to compile on the host.
$(FUZZ_DIR)/kprintf: fuzz/kprintf_fuzz.c build/ch02/.tangled | deps
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_ASAN) -Wno-format-nonliteral -Wno-format-security \
		-iquote build/ch02/kernel -o $@ $< build/ch02/kernel/kprintf.c

# The heap runs at the kernel's own addresses (0xd0000000 up), which
# AddressSanitizer cannot shadow in a 64-bit process: no ASan, a model.
$(FUZZ_DIR)/heap: fuzz/heap_fuzz.c $(wildcard fuzz/heap-stubs/*.h) build/ch$(FUZZ_CH)/.tangled | deps
	@mkdir -p $(@D)/heap-src
	@cp $(FUZZ_K)/heap.c $(FUZZ_K)/heap.h fuzz/heap-stubs/*.h $(@D)/heap-src/
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,undefined -Wno-pointer-to-int-cast \
		-Wno-int-to-pointer-cast -iquote $(@D)/heap-src -o $@ $<

# fuzz-run TARGET LIBFUZZER-OPTIONS CORPUS: one target, one PASS or FAIL
# line. New inputs go to CORPUS, never to the committed seeds.
define fuzz-run
	mkdir -p $(3) $(FUZZ_DIR)/crashes; \
	log=$(FUZZ_DIR)/$(1).log; \
	if $(FUZZ_DIR)/$(1) $(2) -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix=$(FUZZ_DIR)/crashes/$(1)- \
		$(3) fuzz/corpus/$(1) > $$log 2>&1; then \
		echo "PASS fuzz/$(1): $$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 inputs in \2 s/p' $$log), 0 crashes"; \
	else \
		echo "FAIL fuzz/$(1): $$(grep -m1 -E 'fuzz: |ERROR: |runtime error' $$log) -- input: $$(sed -n 's/.*Test unit written to //p' $$log) (log: $$log)"; \
		false; \
	fi
endef

fuzz: $(FUZZ_BINS)
	@status=0; \
	$(foreach t,$(FUZZ_TARGETS),{ $(call fuzz-run,$(t),-max_total_time=$(FUZZ_SECONDS) $(FUZZ_OPTS_$(t)),$(FUZZ_DIR)/corpus/$(t)); } || status=1;) \
	sh fuzz/tangle_edits.sh $$(date +%s) 1000000 $(FUZZ_SECONDS) || status=1; \
	exit $$status

fuzz-test: $(FUZZ_BINS)
	@status=0; \
	$(foreach t,$(FUZZ_TARGETS),{ rm -rf $(FUZZ_DIR)/test-corpus/$(t); $(call fuzz-run,$(t),-runs=$(or $(FUZZ_RUNS_$(t)),$(FUZZ_RUNS)) -seed=1 $(FUZZ_OPTS_$(t)),$(FUZZ_DIR)/test-corpus/$(t)); } || status=1;) \
	sh fuzz/tangle_edits.sh 1 $(FUZZ_EDITS) || status=1; \
	exit $$status

TEST_SUITES += fuzz-test
