#!/bin/sh
# recipe-time.sh -- a SHELL for make that logs how long each recipe took.
#
#   make SHELL=$(pwd)/tangle/recipe-time.sh RECIPE_TIMES=/abs/file
#
# Runs the recipe with /bin/sh as make would, then appends a line to
# RECIPE_TIMES: make's level (MAKELEVEL: 1 for the top make's recipes,
# more for a sub-make's, which the top one's recipe already counts),
# wall seconds, processor seconds (user + system of the recipe and
# everything it started) and the recipe's text on one line.
# make bench-make uses it for the breakdown of where a clean make's time
# goes (tangle/recipe-time.awk); it costs a few milliseconds a recipe,
# so the timed rounds run without it.
start=$(date +%s.%N)
/bin/sh "$@"
rc=$?
end=$(date +%s.%N)
[ -n "${RECIPE_TIMES:-}" ] || exit $rc
# `times` prints this shell's times, then its children's; it must run in
# this shell (in $(...) it would report a subshell's).
tmp=${TMPDIR:-/tmp}/recipe-time.$$
times > "$tmp"
cpu=$(awk 'NR == 2 {
	t = 0
	for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] }
	print t }' "$tmp")
rm -f "$tmp"
shift	# -c
printf '%s\t%s\t%s\t%s\n' "${MAKELEVEL:-0}" "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')" "$cpu" \
	"$(printf '%s' "${1:-}" | tr '\n\t' '  ' | cut -c1-300)" >> "$RECIPE_TIMES"
exit $rc
