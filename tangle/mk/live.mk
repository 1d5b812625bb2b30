# live.mk -- the live view of the executor in the page (tangle/site/live.js).
#
#   make test-live   boot the async keyboard chapter's page in headless
#                    Chromium: the trace arrives on COM2, typing moves the
#                    keyboard task's diagram, Step lets exactly one poll
#                    happen, the view fits a phone (tests/browser/live.mjs)

.PHONY: test-live
test-live: site $(NODE_STAMP)
	$(NODE) tests/browser/live.mjs --site $(SITE_DIR)

TEST_SUITES += test-live
