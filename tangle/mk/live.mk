# live.mk -- the live view of the executor in the page (tangle/site/live.js).
#
#   make test-live   boot every async chapter's page (those make trace
#                    records: TRACE_CHAPTERS, trace.mk) in headless
#                    Chromium, on a desktop screen and then on a phone's
#                    (390x844, touch): the trace arrives on COM2, typing
#                    grows it and moves the keyboard task's diagram, every
#                    diagram of a coroutine the reader's kernel runs lights
#                    up and moves, Step lets exactly one poll happen, the
#                    view fits the phone (tests/browser/live.mjs)
#
#   make test-live LIVE_PAGES="ch14" LIVE_SCREENS=phone
#                    the same on fewer pages or screens
#
# The test reads what the build knows about each kernel: whether it traces
# its keyboard (build/chNN/kernel/keyboard.c) and which coroutines it runs
# (the state events make trace recorded in build/trace/chNN.log); only
# the diagrams of those must light up. One only the tests run stays dark.

LIVE_PAGES ?= $(addprefix ch,$(TRACE_CHAPTERS))
LIVE_SCREENS ?= desktop phone

.PHONY: test-live
test-live: site $(NODE_STAMP)
	$(NODE) tests/browser/live.mjs --site $(SITE_DIR) --build build \
		--pages "$(LIVE_PAGES)" --screens "$(LIVE_SCREENS)"

TEST_SUITES += test-live
