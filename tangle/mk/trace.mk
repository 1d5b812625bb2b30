# trace.mk -- make trace CH=N: a recorded run of checkpoint N's kernel,
# as a timeline that Perfetto or chrome://tracing opens, and the timeline
# figures the chapters weave from such runs.
#
# The reader's kernel (wakeful.iso) runs under QEMU -icount shift=0, so
# its time-stamp counter counts instructions, driven by its boot script
# (tests/boot.expect) through qrun. QEMU gets a second serial port, COM2,
# written to build/trace/chNN.log: the kernel finds it and switches its
# trace points on (chapter 10; the protocol is in book/CONVENTIONS.md).
# tangle/trace2json.awk turns the log into build/trace/chNN.json.
#
# sleep stays on (QEMU's default): while the kernel is halted waiting
# for the next key, emulated time follows the host's, so the timer does
# not race ahead through thousands of ticks that the script then has to
# wait out. The instructions of each poll are exact; the gaps between
# keys are the host's, which is why the figures draw them short.
#
# qrun stops QEMU once the script's last line has passed, and the kernel
# may be printing a trace record just then (chapter 17's crunch thread
# prints on); tangle/trace-cut.sh drops that cut record, the last line
# without its newline, so that no reader of the log takes it for one.
#
# make trace CH=N always runs the kernel again. The figures and
# test-trace reuse a chapter's log until its ISO changes.
#
# make test runs test-trace: every async chapter's trace must parse as
# JSON and show a poll slice and a wake flow for every task spawned
# (tests/pipeline/trace-check.mjs).

TRACE_DIR := build/trace
TRACE_CHAPTERS := $(filter 10 11 12 13 14 15 16 17 18 19,$(NUMS))

.PHONY: trace test-trace

trace: checkpoint-$(CH_NN)
	@rm -f $(TRACE_DIR)/ch$(CH_NN).log
	@$(MAKE) -s $(TRACE_DIR)/ch$(CH_NN).json

# $(1): chapter.
define TRACE_RUN
$(TRACE_DIR)/ch$(1).log: checkpoint-$(1) $(QRUN)
	@mkdir -p $(TRACE_DIR)
	@if [ ! -f $$@ ] || [ build/ch$(1)/wakeful.iso -nt $$@ ]; then \
		echo "  TRACE    ch$(1) under -icount shift=0"; \
		rm -f $$@; \
		$(QRUN) -p trace-ch$(1) -t 60 -e build/ch$(1)/tests/boot.expect \
			-l $(TRACE_DIR)/ch$(1)-com1.log \
			-Q "-icount shift=0 -serial file:$$@" \
			build/ch$(1)/wakeful.iso > $(TRACE_DIR)/ch$(1)-run.txt || \
			{ cat $(TRACE_DIR)/ch$(1)-run.txt; rm -f $$@; exit 1; }; \
		tangle/trace-cut.sh $$@ || exit 1; \
		touch $$@; \
	fi

$(TRACE_DIR)/ch$(1).json: $(TRACE_DIR)/ch$(1).log tangle/trace2json.awk
	@awk -v title=ch$(1) -f tangle/trace2json.awk $$< > $$@.tmp
	@mv $$@.tmp $$@
	@echo "  wrote $$@ ($$$$(grep -c '^T ' $$<) trace records)"
endef
$(foreach n,$(TRACE_CHAPTERS),$(eval $(call TRACE_RUN,$(n))))

test-trace: $(foreach n,$(TRACE_CHAPTERS),$(TRACE_DIR)/ch$(n).json)
	@node tests/pipeline/trace-check.mjs $^

TEST_SUITES += test-trace

# test-live (live.mk) reads the logs: which coroutines each kernel runs.
test-live: $(foreach n,$(TRACE_CHAPTERS),$(TRACE_DIR)/ch$(n).log)

# ---- the timelines the chapters weave ----------------------------------
#
# ::: {.timeline name="NAME"} places build/figures/timeline-NAME.svg
# (tangle/book.lua). Each is drawn by tangle/trace2svg.awk from one
# chapter's trace; its options choose the stretch of the run.

TIMELINES :=
define TIMELINE
TIMELINES += build/figures/timeline-$(1).svg
build/figures/timeline-$(1).svg: $(TRACE_DIR)/ch$(2).log tangle/trace2svg.awk
	@mkdir -p $$(@D)
	@awk $(3) -v title="$(4)" -f tangle/trace2svg.awk $(5) > $$@.tmp
	@mv $$@.tmp $$@
	@echo "  FIGURE timeline-$(1)"
endef

ifneq ($(filter 13,$(TRACE_CHAPTERS)),)
$(eval $(call TIMELINE,executors,13,-v from=ticker -v polls=60,the tickers on the busy executor and on the waker-driven executor,$(TRACE_DIR)/ch13.log))
endif
ifneq ($(filter 14,$(TRACE_CHAPTERS)),)
$(eval $(call TIMELINE,keys,14,-v from=keyboard_task -v polls=30,the keyboard task answering keys,$(TRACE_DIR)/ch14.log))
endif
ifneq ($(filter 17,$(TRACE_CHAPTERS)),)
$(eval $(call TIMELINE,watchdog,17,-v at=warn -v polls=30,a task that does not yield and the watchdog,$(TRACE_DIR)/ch17.log $(TRACE_DIR)/ch17.log))
endif

.PHONY: timelines
timelines: $(TIMELINES)
figures: timelines
build/site/.pages: $(TIMELINES)
