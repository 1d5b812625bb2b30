#!/bin/sh
# weave.sh CHAPTER.nw... -- weave the book into build/site/.
#
# noweb's markup reads the chapters and chunks.awk turns them into the
# table of chunks (the tangler's own parser); small pieces read the table,
# one per concern: weave/meta.awk (book.yaml, chapters.tsv, front matter),
# weave.awk with weave/highlight.awk (each chapter's text, code chunks as
# highlighted, cross-referenced HTML), weave/index.awk (the index page),
# weave/exercises.awk (exercise sections). They make one pandoc Markdown
# page per chapter, and pandoc renders each with the site's template and
# Lua filters, one concern each, which work on what pandoc has parsed:
#   book.lua             numbers the build measured, transcripts, diagrams
#   weave/statement.lua  an exercise statement's headings below its title
#   weave/describe.lua   the meta description: the first paragraph's text
#   weave/chapters.lua   the index page's list of chapters
#   site/site.lua        section numbers (site/secnum.lua), permalinks,
#                        the sidebar, which section holds each chunk
# (site/offline.lua makes the one-page book's links local: tangle/mk/book.mk.)
#
# What stays in awk needs the table of chunks, which pandoc never sees:
# the code chunks (highlight.awk links each identifier to the chunk that
# defines it, weave.awk says where a chunk's lines land and links its
# uses, continuations and replacements), the identifier index, the
# exercises' code coloured the same way, and the table of contents with
# every chapter's title (meta.awk), which every page needs before any is
# rendered: pandoc reads one page at a time. The title is the convention
# line '# Title' (book/CONVENTIONS.md), taken as written. Besides the
# chunks' raw HTML the awk only writes Markdown around the author's:
# front matter and headings (an exercise's title, the index page's, each
# chapter's in the one-page book); it rewrites none of the author's text.
# pandoc keeps the code's tabs (--preserve-tabs): it would expand them at
# their columns in the raw HTML, markup included.
set -eu
w=build/weave
site=build/site
rm -rf "$w"
mkdir -p "$w" "$site"

/usr/lib/noweb/markup -t "$@" > "$w/markup"
# The one parser of the book (chunks.awk, as the tangle uses it) writes the
# table of chunks; each concern of the weave is its own piece reading it.
awk -v out="$w" -v who=weave -f tangle/chunks.awk "$w/markup"
t="tangle/chunkrow.awk -f tangle/weave/table.awk"
awk -v out="$w" -f $t -f tangle/weave/meta.awk
awk -v out="$w" -f $t -f tangle/weave/highlight.awk -f tangle/weave.awk
awk -v out="$w" -f $t -f tangle/weave/index.awk
awk -v out="$w" -f $t -f tangle/weave/highlight.awk -f tangle/weave/exercises.awk
# A chapter's page: front matter (meta.awk), text (weave.awk), exercises.
while IFS="$(printf "\t")" read -r num slug page title; do
	b="$w/ch$num-$slug"
	cat "$b.fm" "$b.body" "$b.ex" > "$b.md"
	rm -f "$b.fm" "$b.body" "$b.ex"
done < "$w/chapters.tsv"
# The index page; its list of chapters is weave/chapters.lua's.
cp book/index.md "$w/index.md"

# The whole book on one page, for the PDF (make book-pdf renders and
# prints it with Chromium) and the EPUB: book-print.md holds the title
# block, and print/chNN.md every chapter under a level-1 heading {#chNN},
# listed in print/parts in order. pandoc reads them a chapter at a time
# (site/onebook.lua; one 3 MB file reads many times slower). Links between
# pages become links within it in site/offline.lua, which reads them
# parsed (chunk anchors are unique across the book). It lives in print/
# so the loop below skips it.
mkdir -p "$w/print"
printf -- '---\ntitle: "Wakeful"\nsubtitle: "The whole book"\npage: "book-print.html"\nprint-page: true\n---\n' \
	> "$w/print/book-print.md"
: > "$w/print/parts"
while IFS="$(printf "\t")" read -r num slug page title; do
	{
		printf '\n# Chapter %d. %s {#ch%s}\n\n' "${num#0}" "$title" "$num"
		awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$w/${page%.html}.md"
	} > "$w/print/ch$num.md"
	echo "$w/print/ch$num.md" >> "$w/print/parts"
done < "$w/chapters.tsv"

# What changed between checkpoints: chNN-changes.md, rendered below. It
# needs only the checkpoints and the chunk table, so it runs beside the
# chapters' pages (it spends most of its time starting diff and awk).
sh tangle/changes.sh "$w" &
changes=$!

template=
[ -f tangle/site/template.html ] && template="--template tangle/site/template.html"
extra=
[ -f tangle/site/site.lua ] && extra="--lua-filter tangle/site/site.lua"

# Every page is rendered on its own, so they are rendered on every core
# at once (xargs -P): the weave comes after the checkpoints, when little
# else is left to run beside it. xargs exits non-zero when any page
# failed, and the page that failed is named; with no pages (a book of one
# chapter has no "what changed" page) it runs nothing (-r).
status=0
export w site template extra
render_pages() {
	xargs -r -P "$(nproc 2>/dev/null || echo 1)" -n 1 sh -c '
	p=$(basename "$1" .md)
	# shellcheck disable=SC2086
	pandoc "$w/$p.md" --from markdown --to html5 --standalone --preserve-tabs $template \
		--metadata-file "$w/book.yaml" --lua-filter tangle/book.lua \
		--lua-filter tangle/weave/statement.lua --lua-filter tangle/weave/describe.lua \
		--lua-filter tangle/weave/chapters.lua $extra \
		-o "$site/$p.html" || { echo "weave: pandoc failed on $w/$p.md" >&2; exit 1; }' sh
}
ls "$w"/*.md | grep -v -- '-changes\.md$' | render_pages || status=1
wait "$changes" || status=1
ls "$w"/*-changes.md 2>/dev/null | render_pages || status=1

# xref.json: every chunk (name, number, page, section, first lines) and
# every identifier (the chunks that define it), loaded by book.js the first
# time a reader searches or hovers a cross-reference on another page.
# Sections come from site.lua (places/), the rest from weave.awk.
[ -d "$w/places" ] && awk -F '\t' '
function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
FILENAME ~ /places\// { num[$1] = $2; sect[$1] = $3; sid[$1] = $4; next }
FILENAME ~ /chapters.tsv$/ { chap[$1 + 0] = $4; next }
FILENAME ~ /xref-chunks.tsv$/ {
	printf "%s%s:{\"n\":%s,\"l\":%s,\"p\":%s,\"s\":%s,\"t\":%s,\"h\":%s,\"c\":%s}", (nc++ ? "," : "{\"chunks\":{"),
		q($1), q($2), q($3), q($4), q(num[$1]), q(sect[$1]), q(sid[$1]), $6
	next
}
FILENAME ~ /xref-ids.tsv$/ {
	if (!ni++) printf "},\"ids\":{"
	printf "%s%s:[", (ni > 1 ? "," : ""), q($1)
	for (i = 2; i <= NF; i++) printf "%s%s", (i > 2 ? "," : ""), q($i)
	printf "]"
}
END {
	printf "},\"chapters\":{"
	for (c in chap) printf "%s\"%d\":%s", (n++ ? "," : ""), c, q(chap[c])
	print "}}"
}' "$w"/places/*.tsv "$w/chapters.tsv" "$w/xref-chunks.tsv" "$w/xref-ids.tsv" > "$site/xref.json" || status=1
exit $status
