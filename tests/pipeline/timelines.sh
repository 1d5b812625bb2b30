#!/bin/sh
# The timelines the chapters weave are drawn from recorded runs (make
# trace; tangle/mk/trace.mk): every ::: {.timeline name=...} in the book
# has its SVG, the SVG shows polls and at least one wake arrow, it has no
# <style> element (the site's CSP forbids them), and the woven page
# carries it.
set -u
pass() { echo "PASS pipeline/timelines/$1"; }
fail() { echo "FAIL pipeline/timelines/$1: $2"; }

names=$(grep -ho '{\.timeline name="[^"]*"' book/[0-9][0-9]-*.nw | sed 's/.*name="//; s/"$//' | sort -u)
[ -n "$names" ] || { pass none; exit 0; }
for n in $names; do
	svg=build/figures/timeline-$n.svg
	page=$(grep -l "data-timeline=\"$n\"" build/site/ch[0-9][0-9]-*.html 2>/dev/null | head -1)
	if [ ! -s "$svg" ]; then
		fail "$n" "no $svg"
	elif ! grep -q '<rect class="pending"\|<rect class="ready"' "$svg"; then
		fail "$n" "$svg shows no poll"
	elif ! grep -q '<path class="wake"' "$svg"; then
		fail "$n" "$svg shows no wake"
	elif grep -q '<style' "$svg"; then
		fail "$n" "$svg has a <style> element, which the pages' CSP refuses"
	elif [ -z "$page" ]; then
		fail "$n" "no woven page shows it"
	else
		pass "$n"
	fi
done
