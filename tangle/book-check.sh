#!/bin/sh
# book-check.sh [SITE_DIR] -- the offline book's checks (make test-book):
# one "PASS name" or "FAIL name: why" line each, as tangle/test.sh counts.
#
#   book epubcheck            epubcheck finds no error in wakeful.epub
#   book epubcheck rejects    ... and does find one in an EPUB made broken
#                             on purpose (raw HTML that is not XHTML), so a
#                             checker that cannot fail does not pass
#   book epub contents        every chapter title in the EPUB's contents,
#                             as many code chunks, diagrams and measured
#                             numbers as the site's chapter pages, the figures
#   book pdf pages            wakeful.pdf has at least PDF_MIN_PAGES pages
#   book pdf chapters         its text holds "Chapter N. Title" for every chapter
#   book pdf page numbers     every page ends with its number (the footer)
#   book pdf outline          the PDF has an outline with every chapter in it
set -u
site=${1:-build/site}
epub=$site/wakeful.epub
pdf=$site/wakeful.pdf
chapters=build/weave/chapters.tsv
# The book printed to 570 A4 pages when this floor was set (December 2026;
# over 800 since); far fewer than that means
# whole chapters went missing, not that the prose got shorter.
PDF_MIN_PAGES=${PDF_MIN_PAGES:-150}
EPUBCHECK_JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# Debian's /usr/bin/epubcheck is the jar itself, run through binfmt_misc,
# which containers often lack: ask java directly.
epubcheck() { java -jar "$EPUBCHECK_JAR" "$@" > "$tmp/epubcheck.out" 2>&1; }

# ---- the EPUB ---------------------------------------------------------
if [ ! -f "$epub" ]; then
	fail "book epubcheck" "$epub is missing (make book)"
elif epubcheck "$epub"; then
	warn=$(grep -c '^WARNING' "$tmp/epubcheck.out")
	pass "book epubcheck ($warn warnings)"
else
	fail "book epubcheck" "$(grep -E '^(FATAL|ERROR)' "$tmp/epubcheck.out" | head -n 3 | tr '\n' ' ')"
fi

printf '# Broken\n\n```{=html}\n<p>a line break that is not XHTML<br></p>\n```\n' > "$tmp/broken.md"
if ! pandoc "$tmp/broken.md" --to epub3 --metadata title=Broken -o "$tmp/broken.epub" 2> "$tmp/pandoc.err"; then
	fail "book epubcheck rejects" "pandoc could not make the broken EPUB: $(head -n 1 "$tmp/pandoc.err")"
elif epubcheck "$tmp/broken.epub"; then
	fail "book epubcheck rejects" "epubcheck accepted an EPUB with <br> in XHTML"
elif grep -q '^FATAL\|^ERROR' "$tmp/epubcheck.out"; then
	pass "book epubcheck rejects"
else
	fail "book epubcheck rejects" "epubcheck failed without an ERROR line: $(head -n 1 "$tmp/epubcheck.out")"
fi

count() { grep -o "$1" | wc -l | tr -d ' '; }
if [ -f "$epub" ] && unzip -q -d "$tmp/epub" "$epub" 2> "$tmp/unzip.err"; then
	why=
	while IFS="$(printf '\t')" read -r num slug page title; do
		grep -qF "Chapter ${num#0}. $title" "$tmp/epub/EPUB/nav.xhtml" ||
			why="$why chapter ${num#0} ($title) is not in the contents;"
	done < "$chapters"
	pages=$(cut -f 3 "$chapters" | sed "s|^|$site/|")
	# (pandoc may wrap a tag of its own between its name and attributes)
	for what in '<div class="chunk" id=' '<figure class="state-machine"' 'class="num"' '<img'; do
		# shellcheck disable=SC2086
		want=$(cat $pages | count "$what")
		got=$(cat "$tmp"/epub/EPUB/text/*.xhtml | count "$what")
		[ "$got" = "$want" ] || why="$why $got of the site's $want '$what';"
	done
	grep -q 'live machine' "$tmp"/epub/EPUB/text/ch001.xhtml || why="$why no note about the live machine at its start;"
	if [ -z "$why" ]; then pass "book epub contents"; else fail "book epub contents" "$why"; fi
else
	fail "book epub contents" "cannot unzip $epub"
fi

# ---- the PDF ----------------------------------------------------------
if [ ! -f "$pdf" ]; then
	fail "book pdf pages" "$pdf is missing (make book)"
	fail "book pdf chapters" "$pdf is missing (make book)"
	exit 0
fi
n=$(pdfinfo "$pdf" 2> /dev/null | sed -n 's/^Pages: *//p')
if [ -z "$n" ]; then
	fail "book pdf pages" "pdfinfo cannot read $pdf"
elif [ "$n" -ge "$PDF_MIN_PAGES" ]; then
	pass "book pdf pages ($n pages)"
else
	fail "book pdf pages" "$n pages, fewer than $PDF_MIN_PAGES"
fi
# A title may wrap across lines: compare with the whitespace folded.
pdftotext "$pdf" - 2> /dev/null | tr -s ' \n\t' '   ' > "$tmp/pdf.txt"
why=
while IFS="$(printf '\t')" read -r num slug page title; do
	grep -qF "Chapter ${num#0}. $title" "$tmp/pdf.txt" || why="$why chapter ${num#0} ($title);"
done < "$chapters"
grep -qF 'live machine' "$tmp/pdf.txt" || why="$why the note about the live machine;"
if [ -z "$why" ]; then pass "book pdf chapters"; else fail "book pdf chapters" "its text lacks$why"; fi
# Page numbers: the footer puts the page's number alone on the last line
# of each page's text (pdftotext ends each page with a form feed).
bad=$(pdftotext -layout "$pdf" - 2> /dev/null | awk 'BEGIN { RS = "\f" }
	NR > n { n = NR }
	{ k = split($0, l, "\n"); last = ""
	  for (i = k; i > 0; i--) { t = l[i]; gsub(/^[ \t]+|[ \t]+$/, "", t); if (t != "") { last = t; break } }
	  if ($0 != "" && last != NR) { bad++; if (!first) first = NR " (" substr(last, 1, 30) ")" } }
	END { print bad + 0, first }')
if [ "${bad%% *}" = 0 ]; then
	pass "book pdf page numbers"
else
	fail "book pdf page numbers" "${bad%% *} pages do not end with their number, the first page ${bad#* }"
fi
# The outline (bookmarks): the catalog names one, and it has an entry
# "Chapter N. Title" for every chapter. Chromium writes an ASCII title as
# a literal string, anything else as UTF-16 in hex.
if ! grep -aq '/Outlines [0-9]* 0 R' "$pdf"; then
	fail "book pdf outline" "the PDF has no outline (/Outlines in its catalog)"
else
	why=
	while IFS="$(printf '\t')" read -r num slug page title; do
		t="Chapter ${num#0}. $title"
		hex=$(printf '%s' "$t" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n')
		grep -aqF "/Title ($t)" "$pdf" || grep -aqi "/Title <feff$hex>" "$pdf" || why="$why chapter ${num#0};"
	done < "$chapters"
	if [ -z "$why" ]; then pass "book pdf outline"; else fail "book pdf outline" "no outline entry for$why"; fi
fi
