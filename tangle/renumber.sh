#!/bin/sh
# renumber.sh -- put a new chapter in place and renumber the ones after it.
#
#   tangle/renumber.sh [TEMP AT]          (default: 15x 16, the last split)
#
# A chapter split in two keeps its number for the first half; the second
# half is written, in its own commit, as book/TEMP-slug.nw (TEMP is the
# split chapter's number with an x: 07x), and everything that belongs to
# it is named with TEMP too: its exercises exercises/ch07x-*, its test
# log ch07x-test, its number keys ch07x.key, "chapter 7x" and CH=7x in
# prose. This script then, in one go:
#
#  1. renames every tracked path named after chapter AT or later one up,
#     from the highest number down so that nothing collides (book/NN-*.nw,
#     exercises/chNN-*, solutions/chNN-*), and then TEMP to AT;
#  2. rewrites every tracked text file: chNN ids (pages, logs, test and
#     exercise ids, number keys chNN.key, benchNN.key), NN-slug.nw file
#     names, CH=N, "chapter N" / "chapters N to M" in prose and comments,
#     the README's chapter table, two-digit chapter lists in make
#     fragments ($(filter 09 10,...), TIMELINE calls, -ge/-le tests on a
#     chapter number), the chapter column of tests/mutants/results.tsv;
#  3. decides which references to the split chapter ("chapter 7") now
#     mean the new one: a line outside the two halves that speaks of the
#     moved subject (MOVED_WORDS, a regular expression; by default the
#     vocabulary of the last split, chapter 15's: the spawner, abort,
#     requests, the bench) and of nothing the first half kept
#     (KEPT_WORDS) says chapter AT. Test names and number keys defined in
#     the new chapter are moved with it wherever they are quoted
#     (ch07/typed_keys_arrive_decoded becomes ch08/...). Every line it
#     moves this way is printed, for a reviewer;
#  4. recomputes what depends on text it changed: the mutant checksums in
#     tests/mutants/results.tsv (tangle/mutant.awk) and every exercise's
#     starter.sha256.
#
# It runs once: after it, no book/TEMP-*.nw is left, and a second run
# refuses. It is written to be run again by hand on a tree where other
# branches, still on the old numbering, have been merged with the split;
# that is why it is a script and not a commit. Run it from the top of a
# git work tree, with the split committed; it stages nothing, so `git
# status` and `git diff` show what it did.
set -eu
export LC_ALL=C

temp=${1:-15x}
at=${2:-16}
case "$temp" in [0-9][0-9]x) ;; *) echo "renumber: TEMP must be NNx, not $temp" >&2; exit 2 ;; esac
split=${temp%x}
split=${split#0}
at=${at#0}
[ "$at" = $((split + 1)) ] || { echo "renumber: chapter $temp can only become chapter $((split + 1))" >&2; exit 2; }
# The vocabulary of the last split: chapter 15 kept the tools for waiting
# (block_on, timers and sleep, join and select, events, the uptime task),
# and chapter 16 took the spawner, abort, the requests and the bench.
# (Chapter 7's split into 7 and 8 used MOVED_WORDS='[Kk]eyboard|[Kk]ey
# event|[Kk]eys?([^a-z]|$)|scancode|[Dd]ecoder|[Ee]cho|kbd|prompt|typed|
# what you type|COM1 listening|[Ll]istens to COM1|serial_rx|event queue|
# line-editor|set2|host-test|boot script' and KEPT_WORDS='[Tt]imer|[Tt]ick|
# [Tt]ransmit|(^|[^a-z])ring([^a-z]|$)|irq_|[Ss]pinlock|(^|[^a-z])[Ll]ock|
# PIT|serial_flush|[Dd]eadlock|PIC'.)
MOVED_WORDS=${MOVED_WORDS:-'[Ss]pawn|[Aa]bort|[Rr]equest|[Dd]ependency|[Bb]ench|measur|disk'}
KEPT_WORDS=${KEPT_WORDS:-'block_on|[Tt]imer|[Ss]leep|select|[Cc]ancel|combinator|[Ee]vent|uptime|clock|parker|timeout|[Kk]eyboard|sanitizer'}

# Lines the words around "chapter N" decide wrongly: a fixed part of the
# line, one a line (MOVED_LINES, KEPT_LINES name files that replace these).
if [ -z "${MOVED_LINES:-}" ]; then
	MOVED_LINES=/tmp/renumber.$$.moved-lines
	cat > "$MOVED_LINES" <<'EOF'
Chapter 15 ended on a confession
chapter's checkpoint as well as on chapter 15's
| instructions | chapter 15's kernel |
its executor at a safe point (chapter 15)
EOF
fi
if [ -z "${KEPT_LINES:-}" ]; then
	KEPT_LINES=/tmp/renumber.$$.kept-lines
	cat > "$KEPT_LINES" <<'EOF'
unfinished branches (chapter 15); an aborted task
EOF
fi

newfile=$(ls book/"$temp"-*.nw 2>/dev/null | head -n 1)
if [ -z "$newfile" ]; then
	echo "renumber: no book/$temp-*.nw: nothing to put in place (has this run already?)" >&2
	exit 1
fi
if [ ! -d .git ] && [ ! -f .git ]; then
	echo "renumber: run me from the top of the work tree" >&2
	exit 2
fi
me=tangle/renumber.sh
last=$(ls book/[0-9][0-9]-*.nw | sed -n '$s|^book/0*\([0-9]*\)-.*|\1|p')

# Names the new chapter's tests and measurements go by, moved with it.
moved=$(sed -n -e 's/^KTEST(\([a-z0-9_]*\)).*/\1/p' \
	-e 's/^KTEST_SHOULD_PANIC(\([a-z0-9_]*\),.*/\1/p' \
	-e 's/.*ktest_number("\([a-z0-9_]*\)".*/\1/p' "$newfile" | sort -u | tr '\n' ' ')

# ---- the text rewriter ----------------------------------------------------
cat > /tmp/renumber.$$.awk <<'EOF'
# -v sp=7 at=8 moved="names" moved_words=RE kept_words=RE moved_lines=FILE kept_lines=FILE
function two(n) { return (n < 10 ? "0" : "") n }
# The new number of one chapter number as written ("8", "08", "7x", "07x");
# kw: this reference to the split chapter means the new one.
function map(s, kw,   n, w) {
	w = length(s)
	if (s ~ /x$/) { n = at; w = length(s) - 1 }
	else {
		n = s + 0
		if (n > last) return s		# not a chapter (book/99-x.nw)
		if (n >= at) n++
		else if (n == sp && kw) n = at
	}
	return (w >= 2 || n >= 10) ? two(n) : n ""
}
# Does the reference to the split chapter at this place mean the new one?
# Decided on the words around it: 40 characters before, 50 after (into the
# next line), unless a listed line says otherwise.
function means_new(before, after,   w, k) {
	if (own) return 0
	for (k in keep_line) if (index(cur, k)) return 0
	for (k in move_line) if (index(cur, k)) { reviewed = 1; return 1 }
	w = substr(before, length(before) - 39) "|" substr(after " " nextline, 1, 50)
	if (w ~ moved_words && w !~ kept_words) { reviewed = 1; return 1 }
	return 0
}
# Rewrite every number inside each match of re in line; lb: the character
# before a match must not match it (a word boundary of sorts); a digit may
# not follow a match. prose: decide each reference to the split chapter.
function pass(line, re, lb, prose,   out, rest, tok, pre, num, t2, before, kw) {
	out = ""; rest = line
	while (match(rest, re)) {
		before = RSTART > 1 ? substr(rest, RSTART - 1, 1) : (out == "" ? "" : substr(out, length(out), 1))
		tok = substr(rest, RSTART, RLENGTH)
		pre = substr(rest, 1, RSTART - 1)
		rest = substr(rest, RSTART + RLENGTH)
		if ((lb != "" && before ~ lb) || rest ~ /^[0-9]/) { out = out pre tok; continue }
		kw = prose && tok ~ ("(^|[^0-9])" sp "$|(^|[^0-9])" sp "[^0-9x]") ? means_new(out pre, tok rest) : 0
		t2 = ""
		while (match(tok, /[0-9]+x?/)) {
			num = substr(tok, RSTART, RLENGTH)
			t2 = t2 substr(tok, 1, RSTART - 1) map(num, kw)
			tok = substr(tok, RSTART + RLENGTH)
		}
		out = out pre t2 tok
	}
	return out rest
}
function subname(line, o, p,   out, k, nx) {
	out = ""
	while ((k = index(line, o)) > 0) {
		nx = substr(line, k + length(o), 1)
		if (nx ~ /[a-z0-9_]/) { out = out substr(line, 1, k + length(o) - 1); line = substr(line, k + length(o)); continue }
		out = out substr(line, 1, k - 1) p
		line = substr(line, k + length(o))
	}
	return out line
}
BEGIN {
	nm = split(moved, mv, " ")
	s2 = two(sp)
	while (moved_lines != "" && (getline l < moved_lines) > 0) if (l != "" && l !~ /^#/) move_line[l] = 1
	while (kept_lines != "" && (getline l < kept_lines) > 0) if (l != "" && l !~ /^#/) keep_line[l] = 1
}
{ text[NR] = $0 }
END {
	f = FILENAME
	own = (f ~ ("^book/" s2 "x?-")) || (f ~ ("^book/" two(at) "-"))
	for (i = 1; i <= NR; i++) {
		cur = line = text[i]
		nextline = (i < NR) ? text[i + 1] : ""
		reviewed = 0
		# Names of the new chapter's tests and numbers quoted with the old prefix.
		for (j = 1; j <= nm; j++) {
			line = subname(line, "ch" s2 "/" mv[j], "ch" s2 "x/" mv[j])
			line = subname(line, "ch" s2 "." mv[j], "ch" s2 "x." mv[j])
		}
		line = pass(line, "(ch|bench)[0-9][0-9]x?", "[A-Za-z0-9_]", 0)
		line = pass(line, "[0-9][0-9]x?-[a-z][a-z0-9-]*\\.nw", "[A-Za-z0-9_]", 0)
		line = pass(line, "CH=[0-9][0-9]?x?", "", 0)
		line = pass(line, "[Cc]hapters?[ ~]+[0-9]+x?(( ?, ?| and | to | or |-|–|\\.\\.)[0-9]+x?)*", "", 1)
		if (prev_ends_chapter)
			line = pass(line, "^[0-9]+x?(( ?, ?| and | to | or |-|–)[0-9]+x?)*", "", 1)
		if (f ~ /\.mk$|(^|\/)Makefile$/) {
			line = pass(line, "\\$\\(filter [0-9][0-9]( [0-9][0-9])*,", "", 0)
			line = pass(line, "call TIMELINE,[a-z]+,[0-9][0-9],", "", 0)
			line = pass(line, "BENCH_CH, [0-9]+", "", 0)
		}
		if (line ~ /\$\(n\)|"\$nn"/)
			line = pass(line, "-(ge|le|gt|lt|eq) [0-9]+ ?\\]", "", 0)
		if (f == "README.md")
			line = pass(line, "^\\| [0-9]+x? \\|", "", 0)
		if (f ~ /tests\/mutants\/results\.tsv$/ && line !~ /^#/) {
			n = split(line, c, "\t")
			if (n >= 2 && c[2] ~ /^[0-9][0-9]x?$/) {
				c[2] = map(c[2], 0); line = c[1]
				for (j = 2; j <= n; j++) line = line "\t" c[j]
			}
		}
		prev_ends_chapter = (text[i] ~ /[Cc]hapters?$/)
		if (reviewed)
			print f ":" i ": " line > "/dev/stderr"
		print line > (f ".renumbered")
	}
}
EOF

# ---- 1. paths ------------------------------------------------------------
# Every tracked path with a chapter number in a component: its new name,
# highest chapter first, then the new chapter last.
git ls-files | awk -v sp="$split" -v at="$at" -v last="$last" '
function two(n) { return (n < 10 ? "0" : "") n }
{
	old = $0; new = ""; rest = old; key = -1
	while (match(rest, /(^|\/)(ch)?[0-9][0-9]x?-/)) {
		tok = substr(rest, RSTART, RLENGTH)
		new = new substr(rest, 1, RSTART - 1)
		rest = substr(rest, RSTART + RLENGTH)
		match(tok, /[0-9][0-9]x?/)
		num = substr(tok, RSTART, RLENGTH)
		if (num ~ /x$/) { n = at; k = 0 }
		else { n = num + 0; if (n >= at && n <= last) { k = n; n++ } else k = -1 }
		if (k > key) key = k
		sub(/[0-9][0-9]x?/, two(n), tok)
		new = new tok
	}
	new = new rest
	if (new != old) print key "\t" old "\t" new
}' | sort -t "$(printf '\t')" -k 1,1nr -k 2,2 > /tmp/renumber.$$.moves
while IFS="$(printf '\t')" read -r _ old new; do
	mkdir -p "$(dirname "$new")"
	git mv "$old" "$new"
done < /tmp/renumber.$$.moves
# git mv leaves behind the directories it emptied (exercises/ch16-x/wrong/),
# and a test that lists exercises/ would find an exercise that is gone.
cut -f 2 /tmp/renumber.$$.moves | while read -r old; do
	d=$(dirname "$old")
	while [ "$d" != . ] && rmdir "$d" 2>/dev/null; do d=$(dirname "$d"); done
done
echo "renumber: moved $(wc -l < /tmp/renumber.$$.moves) files" >&2

# ---- 2 and 3. text ----------------------------------------------------------
git ls-files | grep -v -x -e "$me" -e package-lock.json -e '.*/starter\.sha256' -e 'fuzz/corpus/.*' |
	while read -r f; do [ -f "$f" ] && grep -Iq . "$f" && echo "$f"; done > /tmp/renumber.$$.files
echo "renumber: lines where chapter $split now means chapter $at:" >&2
while read -r f; do
	awk -v sp="$split" -v at="$at" -v last="$last" -v moved="$moved" \
		-v moved_words="$MOVED_WORDS" -v kept_words="$KEPT_WORDS" \
		-v moved_lines="$MOVED_LINES" -v kept_lines="$KEPT_LINES" \
		-f /tmp/renumber.$$.awk "$f"
	if cmp -s "$f" "$f.renumbered"; then
		rm -f "$f.renumbered"
	else
		cat "$f.renumbered" > "$f"	# keeps the file's mode
		rm -f "$f.renumbered"
	fi
done < /tmp/renumber.$$.files

# ---- 4. what depends on the text -------------------------------------------
if [ -f tests/mutants/results.tsv ] && [ -f tangle/mutant.awk ]; then
	awk -v mode=list -f tangle/mutant.awk tests/mutants/catalog > /tmp/renumber.$$.sums
	awk -F '\t' -v OFS='\t' 'NR == FNR { sum[$1] = $4; next }
		!/^#/ && ($1 in sum) { $5 = sum[$1] } { print }' \
		/tmp/renumber.$$.sums tests/mutants/results.tsv > /tmp/renumber.$$.results
	cat /tmp/renumber.$$.results > tests/mutants/results.tsv
fi
for d in exercises/ch[0-9][0-9]-*/; do
	[ -f "${d}answer.nw" ] && [ -f "${d}starter.sha256" ] &&
		sha256sum < "${d}answer.nw" | cut -d" " -f1 > "${d}starter.sha256"
done
rm -f /tmp/renumber.$$.*
echo "renumber: done; $newfile is now book/$(printf %02d "$at")-${newfile#book/$temp-}" >&2
