# book.mk: the whole book as two downloads, written by plain `make` and
# linked from the site's index page.
#
#   build/site/wakeful.epub  pandoc's EPUB writer, from the weave's one-page
#                            book (build/weave/print/book-print.md) and the
#                            same filters as the site (book.lua: numbers,
#                            transcripts, diagrams), plus offline.lua (links
#                            within the book, section numbers)
#   build/site/wakeful.pdf   the same page rendered with the site's template
#                            and print stylesheet, printed by Chromium
#                            (tangle/site/print-pdf.mjs)
#   make book                both (part of make: the site depends on it)
#   make book-pdf            the PDF alone
#   make test-book           (in make test) epubcheck, the EPUB's contents,
#                            the PDF's pages and chapter titles: tangle/book-check.sh
#
# book/offline.md opens both: what this edition holds, and that the live
# machine (Boot, search) is on the site.

SITE_DIR ?= build/site
NODE_STAMP ?= node_modules/.wakeful-npm-ci
BOOK_EPUB := $(SITE_DIR)/wakeful.epub
BOOK_PDF := $(SITE_DIR)/wakeful.pdf
BOOK_MD := book/offline.md build/weave/print/book-print.md
BOOK_JSON := build/weave/print/book.json
BOOK_TOOLS := tangle/book.lua tangle/weave/statement.lua tangle/site/offline.lua tangle/site/secnum.lua tangle/mk/book.mk
# The EPUB's dates and zip times: the last commit's, so that the same
# source gives the same file.
BOOK_EPOCH = $(shell git log -1 --format=%ct 2>/dev/null || date +%s)

.PHONY: book book-pdf book-epub test-book
site: book
book: $(BOOK_EPUB) $(BOOK_PDF)
book-epub: $(BOOK_EPUB)
book-pdf: $(BOOK_PDF)

# The one-page book, read once for both (a chapter at a time: onebook.lua
# says why) into pandoc's own document format, which both read in seconds.
$(BOOK_JSON): build/site/.pages $(BOOK_MD) tangle/site/onebook.lua | deps
	@echo "  READ     the one-page book"
	@PARTS=build/weave/print/parts pandoc $(BOOK_MD) --from markdown --to json --preserve-tabs \
		--lua-filter tangle/site/onebook.lua -o $@.tmp
	@mv $@.tmp $@

$(BOOK_EPUB): build/site/.pages $(BOOK_JSON) $(BOOK_TOOLS) tangle/site/epub.css \
		$(wildcard $(SITE_DIR)/figures/*.svg) | site-pages deps
	@echo "  EPUB     $@"
	@SOURCE_DATE_EPOCH=$(BOOK_EPOCH) pandoc $(BOOK_JSON) --from json --to epub3 --preserve-tabs \
		--metadata-file build/weave/book.yaml --metadata lang=en \
		--metadata identifier=urn:x-wakeful:book --metadata subtitle="The whole book, offline" \
		--epub-chapter-level=1 --toc --toc-depth=2 --css tangle/site/epub.css \
		--resource-path=$(SITE_DIR) \
		--lua-filter tangle/book.lua --lua-filter tangle/weave/statement.lua --lua-filter tangle/site/offline.lua -o $@.tmp
	@mv $@.tmp $@

# --wrap=none keeps every heading on one source line, so that the print
# stylesheet's white-space: pre-wrap on headings (book.css) changes
# nothing but the space where a long heading wraps.
# Chromium prints the whole book in A4 (make prints how long it took;
# make test-book, how many pages). The print page is only the PDF's source:
# print-pdf.mjs removes it from the site once printed.
$(BOOK_PDF): build/site/.pages $(BOOK_JSON) $(BOOK_TOOLS) $(SITE_DIR)/assets/book.css \
		tangle/site/print-pdf.mjs $(wildcard $(SITE_DIR)/figures/*.svg) | site-pages $(NODE_STAMP)
	@echo "  PDF      $@"
	@pandoc $(BOOK_JSON) --from json --to html5 --standalone --wrap=none --preserve-tabs \
		--template tangle/site/template.html --metadata-file build/weave/book.yaml \
		--lua-filter tangle/book.lua --lua-filter tangle/weave/statement.lua --lua-filter tangle/site/site.lua \
		--lua-filter tangle/site/offline.lua -o $(SITE_DIR)/book-print.html
	@$(NODE) tangle/site/print-pdf.mjs $(SITE_DIR) $@

test-book: book
	@sh tangle/book-check.sh $(SITE_DIR)

# make test runs every target named here (see tangle/test.sh).
TEST_SUITES += test-book

# The index page carries the download links: weave again when it changes.
build/site/.pages: book/index.md

# The weave writes the one-page book as it makes the
# pages. Said here, so that make -j waits for the weave instead of
# finding no rule for it ("No rule to make target
# 'build/weave/print/book-print.md'", seen on a clean make -j2).
build/weave/print/book-print.md: build/site/.pages ;
build/weave/print/parts: build/site/.pages ;
