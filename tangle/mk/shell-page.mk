# shell-page.mk -- the last checkpoint boots in the page with its disk, and
# its shell works there (issue 16).
#
#   make test-shell-page   boot the last chapter's page in headless Chromium,
#                          type write/ls/cat/rm/ls/fsck into the machine box
#                          and check what COM1 prints for each
#                          (tests/browser/shell.mjs). Part of make test.

.PHONY: test-shell-page
test-shell-page: site $(NODE_STAMP)
	$(NODE) tests/browser/shell.mjs --site $(SITE_DIR)

TEST_SUITES += test-shell-page
