#!/bin/sh
# bench-make.sh -- how long a clean `make` of the whole book takes, for
# two commits side by side (issue #10's build-speed measurement).
#
#   make bench-make                 OLD (default 9befe30, the tree issue #10
#                                   measured) against HEAD, ROUNDS (default 1)
#
# Clones each commit into build/bench-make/<commit>, runs `make deps` in
# each (packages and npm modules installed, so neither run pays for them),
# then, ROUNDS times and old before new, removes build/ and times a plain
# `make`: wall-clock seconds, and the user and system processor seconds of
# make and everything it started. Prints a line per run, with the load
# average when it started, and writes build/bench-make/results.tsv.
# With BENCH_WRITE=1 (or BREAKDOWN=1, which writes nothing) it then
# makes the new tree once more through tangle/recipe-time.sh, and sums
# the processor time of its recipes by what they do (tangle/recipe-time.awk).
# With BENCH_WRITE=1 it replaces the block between the bench-make markers
# in README.md with this run's figures and that breakdown.
#
# A benchmark, not a test: run it on an idle machine; it fails only when a
# make fails.
set -u
# Each clone's make must run as a reader's plain `make` does, not as a
# sub-make of the one that started this script (its jobs and flags).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
old=${OLD:-9befe30}
new=${NEW:-HEAD}
rounds=${ROUNDS:-1}
out=$(pwd)/build/bench-make
mkdir -p "$out"
src=$(pwd)
results=$out/results.tsv
printf 'round\tcommit\twall_s\tuser_s\tsys_s\tload\n' > "$results"

prepare() {	# prepare COMMIT: a clone of the repository at COMMIT, deps installed
	c=$(git rev-parse --short "$1") || exit 1
	d=$out/$c
	[ -d "$d/.git" ] || git clone -q "$src" "$d" || exit 1
	git -C "$d" checkout -q --detach "$c" || exit 1
	(cd "$d" && make deps > "$out/$c.deps.log" 2>&1) ||
		{ echo "bench-make: make deps failed in $d (see $out/$c.deps.log)" >&2; exit 1; }
	echo "$c"
}

o=$(prepare "$old") || exit 1
n=$(prepare "$new") || exit 1
r=1
while [ "$r" -le "$rounds" ]; do
	for c in "$o" "$n"; do
		rm -rf "$out/$c/build"
		load=$(cut -d' ' -f1 /proc/loadavg)
		(cd "$out/$c" && /usr/bin/time -f '%e\t%U\t%S' -o "$out/$c.time" make > "$out/$c.make.log" 2>&1) ||
			{ echo "bench-make: make failed in $out/$c (see $out/$c.make.log)" >&2; exit 1; }
		printf '%s\t%s\t%s\t%s\n' "$r" "$c" "$(tail -n 1 "$out/$c.time")" "$load" >> "$results"
		awk -F '\t' -v c="$c" -v r="$r" -v l="$load" \
			'{ printf "round %s  %s: %s s wall, %s s user, %s s system (load %s at the start)\n", r, c, $1, $2, $3, l }' \
			"$out/$c.time"
	done
	r=$((r + 1))
done

# Where the new tree's time goes: one more clean make of it, each recipe
# timed through tangle/recipe-time.sh (not in the rounds above: the
# logging costs a little on every recipe), summed by tangle/recipe-time.awk.
breakdown=$out/breakdown.md
if [ "${BENCH_WRITE:-}" = 1 ] || [ "${BREAKDOWN:-}" = 1 ]; then
	rm -rf "$out/$n/build"
	: > "$out/$n.recipes.tsv"
	(cd "$out/$n" && make SHELL="$src/tangle/recipe-time.sh" RECIPE_TIMES="$out/$n.recipes.tsv" \
		> "$out/$n.profile.log" 2>&1) ||
		{ echo "bench-make: the timed make failed in $out/$n (see $out/$n.profile.log)" >&2; exit 1; }
	awk -f "$src/tangle/recipe-time.awk" "$out/$n.recipes.tsv" > "$breakdown"
	echo "where $n's processor time goes, recipe by recipe:"
	cat "$breakdown"
fi

[ "${BENCH_WRITE:-}" = 1 ] || exit 0
# The README block: one line per run, the commits' subjects and today's date.
block=$out/readme-block
{
	echo "<!-- bench-make: written by make bench-make BENCH_WRITE=1; do not edit -->"
	echo "Measured $(date -u +%Y-%m-%d) on this machine ($(nproc) cores), a clean \`make\` each, old first:"
	echo
	echo "| commit | round | wall | user + system processor time |"
	echo "| --- | --- | --- | --- |"
	awk -F '\t' 'NR > 1 { printf "| %s | %s | %.0f s | %.0f s |\n", $2, $1, $3, $4 + $5 }' "$results"
	echo
	echo "Where $n's processor time goes: one more clean \`make\`, each recipe timed (the timing"
	echo "adds a little to every recipe, so the sum is above the round's):"
	echo
	cat "$breakdown"
	echo "<!-- /bench-make -->"
} > "$block"
awk -v block="$block" '
	/<!-- bench-make:/ { while ((getline l < block) > 0) print l; skip = 1; next }
	/<!-- \/bench-make -->/ { skip = 0; next }
	!skip' README.md > "$out/README.md" && mv "$out/README.md" README.md
grep -q '<!-- bench-make:' README.md || echo "bench-make: README.md has no bench-make markers; nothing written" >&2
