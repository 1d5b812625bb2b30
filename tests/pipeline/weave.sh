#!/bin/sh
# The woven site: a page per chapter, linked from the index, and every
# cross-reference the weave wrote lands on an anchor that exists.
set -u
pass() { echo "PASS pipeline/weave/$1"; }
fail() { echo "FAIL pipeline/weave/$1: $2"; }
site=build/site

for nw in book/[0-9][0-9]-*.nw; do
	base=$(basename "$nw" .nw)
	page=ch$base.html
	if [ ! -s "$site/$page" ]; then
		fail "$base/page" "$site/$page was not written"
		continue
	fi
	pass "$base/page"
	# In the index page's list of chapters (weave/chapters.lua), not
	# only in the sidebar every page has.
	if awk '/<h2 id="chapters">/ { on = 1 } on { print } on && /<\/ol>/ { exit }' "$site/index.html" |
		grep -q "href=\"$page\""; then
		pass "$base/in-index"
	else
		fail "$base/in-index" "the list of chapters on index.html does not link to $page"
	fi
	chunks=$(grep -c '^<<.*>>=$' "$nw")
	anchors=$(grep -o 'class="chunk" id="[^"]*"' "$site/$page" | wc -l)
	if [ "$chunks" = "$anchors" ]; then
		pass "$base/chunk-anchors"
	else
		fail "$base/chunk-anchors" "$chunks chunks in $nw but $anchors anchored chunks on the page"
	fi
	# Every chunk says where its lines land (landing.awk, weave.awk).
	placed=$(grep -o 'class="chunk-where"' "$site/$page" | wc -l)
	if [ "$placed" = "$anchors" ]; then
		pass "$base/chunk-places"
	else
		fail "$base/chunk-places" "$anchors chunks on $page but $placed say where their lines land"
	fi
done

# Every href="page#id" or "#id" the weave wrote inside chunks and indexes
# must resolve to an id on that page.
t=$(mktemp)
trap 'rm -f "$t"' EXIT
for f in "$site"/*.html; do
	p=$(basename "$f")
	# An attribute may start a line where pandoc wrapped the tag.
	grep -oE '(^|[[:space:]])id="[^"]*"' "$f" | sed "s|^[[:space:]]*id=\"\(.*\)\"|$p#\1|"
done | sort -u > "$t.ids"
bad=0
for f in "$site"/*.html; do
	p=$(basename "$f")
	grep -o 'class="\(use\|id\|chunk-link\)" href="[^"]*"\|<a href="[^"]*"' "$f" | sed 's/.*href="//; s/"$//' |
	while IFS= read -r h; do
		case $h in
		\#*) echo "$p$h" ;;
		ch*.html\#*|identifiers.html\#*) echo "$h" ;;
		esac
	done
done | sort -u > "$t.refs"
missing=$(comm -23 "$t.refs" "$t.ids" | head -n 5)
if [ -s "$t.refs" ] && [ -z "$missing" ]; then
	pass cross-references-resolve
else
	fail cross-references-resolve "no such anchor: $(echo $missing)"
fi
rm -f "$t.ids" "$t.refs"

# Every number the prose cites was filled in by the build: none is left
# as the raw `key`{.num} markup (for instance inside a code span).
raw=$(grep -l '{\.num}' "$site"/*.html 2>/dev/null | head -n 3)
if [ -z "$raw" ]; then
	pass numbers-filled-in
else
	fail numbers-filled-in "raw {.num} markup left in $(echo $raw)"
fi

# Identifiers defined with @ %def appear in the index page.
if grep -q '<dt id="id-kmain">' "$site/identifiers.html"; then
	pass identifier-index
else
	fail identifier-index "kmain (defined in chapter 1) is not in identifiers.html"
fi

# A chapter page's meta description is the start of its first paragraph
# as a reader sees it (describe.lua): no Markdown left in, none of the
# text taken out (the regexes before it dropped the underscores of code).
text_of() {
	tr '\n' ' ' | sed 's/<[^>]*>//g; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g; s/  */ /g; s/^ //; s/ $//'
}
for page in "$site"/ch[0-9][0-9]-*.html; do
	case $page in *-changes.html) continue ;; esac
	p=$(basename "$page" .html)
	desc=$(awk '/<meta name="description"/ { on = 1 } on { print } on && /">$/ { exit }' "$page" |
		sed 's/.*content="//; s/">$//' | text_of | sed 's/…$//')
	para=$(awk '/data-boot-panel/ { boot = 1 } boot && /^<\/section>/ { body = 1; next }
		body && /^<p>/ { on = 1 } on { print } on && /<\/p>$/ { exit }' "$page" | text_of)
	if [ -z "$desc" ] || [ -z "$para" ]; then
		fail "$p/description" "no description ('$desc') or no first paragraph"
	else
		case $para in
		"$desc"*) pass "$p/description" ;;
		*) fail "$p/description" "'$desc' does not begin the first paragraph" ;;
		esac
	fi
done

# The woven code keeps its tabs (pandoc --preserve-tabs), as the tangled
# files do. Expanded by pandoc, a tab was measured from its column in the
# raw HTML around the code, so comments aligned with tabs went out of line.
tab=$(printf '\t')
for nw in book/[0-9][0-9]-*.nw; do
	base=$(basename "$nw" .nw)
	grep -q "^$tab.*$tab" "$nw" || continue
	if grep -q "$tab" "$site/ch$base.html"; then
		pass "$base/code-keeps-tabs"
	else
		fail "$base/code-keeps-tabs" "$nw has tabs in its code, ch$base.html has none"
	fi
done

# A book of one chapter weaves too (the first checkpoint a reader builds):
# it has no "what changed" page, and rendering none must not be rendering
# a page with no name. Chapter 1 alone, in a copy with only its checkpoint.
t=$(mktemp -d)
mkdir -p "$t/book" "$t/build"
cp -r tangle "$t/"
cp book/01-*.nw book/index.md "$t/book/"
cp -r build/ch01 build/numbers build/transcripts build/figures "$t/build/" 2>/dev/null
if (cd "$t" && sh tangle/weave.sh book/01-*.nw) > "$t/out" 2>&1 && [ -s "$t/build/site/$(basename book/01-*.nw .nw | sed 's/^/ch/').html" ]; then
	pass one-chapter-book
else
	fail one-chapter-book "$(grep -v '^ *$' "$t/out" | tail -n 2 | tr '\n' ' ')"
fi
rm -rf "$t"
