# trace.mk -- make trace CH=N: a recorded run of checkpoint N's kernel,
# as a timeline that Perfetto or chrome://tracing opens.
#
# The reader's kernel (wakeful.iso) runs under QEMU -icount shift=0, so
# its time-stamp counter counts instructions, driven by its boot script
# (tests/boot.expect) through qrun. QEMU gets a second serial port, COM2,
# written to build/trace/chNN.log: the kernel finds it and switches its
# trace points on (chapter 9; the protocol is in book/CONVENTIONS.md).
# tangle/trace2json.awk turns the log into build/trace/chNN.json.
#
# sleep stays on (QEMU's default): while the kernel is halted waiting
# for the next key, emulated time follows the host's, so the timer does
# not race ahead through thousands of ticks that the script then has to
# wait out. The instructions of each poll are exact; the gaps between
# keys are the host's.
#
# make test runs test-trace: every async chapter's trace must parse as
# JSON and show a poll slice and a wake flow for every task spawned
# (tests/pipeline/trace-check.mjs).

TRACE_DIR := build/trace
TRACE_CHAPTERS := $(filter 09 10 11 12 13 14 15,$(NUMS))

.PHONY: trace test-trace

trace: $(TRACE_DIR)/ch$(CH_NN).json

# $(1): chapter. Runs QEMU again whenever asked for, since a trace is a
# run, not a build product of the ISO alone.
define TRACE_RUN
.PHONY: trace-run-$(1)
$(TRACE_DIR)/ch$(1).json: checkpoint-$(1) $(QRUN) tangle/trace2json.awk
	@mkdir -p $(TRACE_DIR)
	@echo "  TRACE    ch$(1) under -icount shift=0"
	@rm -f $(TRACE_DIR)/ch$(1).log
	@$(QRUN) -p trace-ch$(1) -t 60 -e build/ch$(1)/tests/boot.expect \
		-l $(TRACE_DIR)/ch$(1)-com1.log \
		-Q "-icount shift=0 -serial file:$(TRACE_DIR)/ch$(1).log" \
		build/ch$(1)/wakeful.iso > $(TRACE_DIR)/ch$(1)-run.txt || \
		{ cat $(TRACE_DIR)/ch$(1)-run.txt; exit 1; }
	@awk -v title=ch$(1) -f tangle/trace2json.awk $(TRACE_DIR)/ch$(1).log > $$@.tmp
	@mv $$@.tmp $$@
	@echo "  wrote $$@ ($$$$(grep -c '^T ' $(TRACE_DIR)/ch$(1).log) trace records)"
endef
$(foreach n,$(TRACE_CHAPTERS),$(eval $(call TRACE_RUN,$(n))))

test-trace: $(foreach n,$(TRACE_CHAPTERS),$(TRACE_DIR)/ch$(n).json)
	@node tests/pipeline/trace-check.mjs $^

TEST_SUITES += test-trace
