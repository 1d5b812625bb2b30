#!/bin/sh
# The exercises on the chapter pages: every exercise ends its chapter's
# page, with its statement, its hints collapsed (<details>), and its code
# coloured by the weave as chapter code is (pre.code), not left to
# pandoc's own highlighter.
set -u
pass() { echo "PASS pipeline/exercise-pages/$1"; }
fail() { echo "FAIL pipeline/exercise-pages/$1: $2"; }
site=build/site

for dir in exercises/ch[0-9][0-9]-*/; do
	id=$(basename "$dir")
	nn=$(echo "$id" | cut -c 3-4)
	page=$(ls "$site"/ch"$nn"-*.html 2>/dev/null | grep -v -- "-changes\.html$" | head -n 1)
	[ -n "$page" ] || continue	# chapter not in the book
	article=$(awk -v id="ex-$id" '
		index($0, "<article class=\"exercise\" id=\"" id "\"") { on = 1 }
		on { print }
		on && /<\/article>/ { exit }' "$page")
	if [ -z "$article" ]; then
		fail "$id/on-the-page" "no <article id=\"ex-$id\"> on $page"
		continue
	fi
	pass "$id/on-the-page"
	# The statement's headings sit below the exercise's own <h3>
	# (statement.lua): no <h2> or second <h3> inside the exercise.
	high=$(echo "$article" | grep -c '<h[23][ >]')
	if [ "$high" = 1 ]; then
		pass "$id/headings-below-title"
	else
		fail "$id/headings-below-title" "$high headings of level 2 or 3 in the exercise (1, its title, expected)"
	fi
	hints=$(ls "$dir"hint[0-9]*.md 2>/dev/null | wc -l)
	shown=$(echo "$article" | grep -c '<details class="hint"><summary>Hint [0-9]*</summary>')
	if [ "$hints" = "$shown" ]; then
		pass "$id/hints-collapsed"
	else
		fail "$id/hints-collapsed" "$hints hint files, $shown collapsed hints on the page"
	fi
	code=$(cat "$dir"README.md "$dir"hint*.md | grep -c '^```c')
	coloured=$(echo "$article" | grep -c '<pre class="code lang-c"><code>')
	if echo "$article" | grep -q 'class="sourceCode'; then
		fail "$id/code-coloured" "a code block was left to pandoc's highlighter (sourceCode)"
	elif [ "$coloured" -lt "$code" ]; then
		fail "$id/code-coloured" "$code C code blocks in the text, $coloured coloured on the page"
	else
		pass "$id/code-coloured"
	fi
done
