#!/bin/sh
# bench-check.sh -- how long `make check` takes after an edit to an answer.
#
#   make bench-check                    BENCH_EX (default ch12-yield-now), RUNS (default 7)
#
# Checks a copy of the exercise's reference solution in a tree of its own
# (build/bench-check/tree/ID), once to build the tree, then RUNS times, each
# time after an edit that changes the answer's C code (a comment inside
# the chunk, so the tangled file changes and is compiled again, the
# kernel relinked, the ISO made, and the test kernel booted and run).
# Prints every time, the median, and the load average while it ran, and
# writes build/bench-check/results.tsv. With BENCH_WRITE=1 it also
# replaces the block between the bench-check markers in
# exercises/README.md with the figures of this run, so that the README
# quotes a measurement, never a number typed in.
#
# A benchmark, not a test: it reports figures against the 3 s goal; it
# never fails because the machine is slow.
set -u
ex=${BENCH_EX:-ch12-yield-now}
runs=${RUNS:-7}
out=build/bench-check
mkdir -p "$out"
[ -f "solutions/$ex/answer.nw" ] || { echo "bench-check: no solution for $ex" >&2; exit 1; }
cp "solutions/$ex/answer.nw" "$out/answer.nw"

now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f\n", a - b }'; }
check() { ANSWER=$out/answer.nw OUT=$out/tree/$ex tangle/check.sh "$ex" > "$out/check.out" 2>&1; }

# The first check builds everything; a tree the honesty test built for the
# same exercise (at the same depth, so the same #line paths) saves that.
if [ ! -d "$out/tree/$ex" ] && [ -d "build/test-exercises/tree/$ex" ]; then
	mkdir -p "$out/tree"
	cp -a "build/test-exercises/tree/$ex" "$out/tree/$ex"
fi

start=$(now)
check || { echo "bench-check: the reference solution of $ex does not pass; see $out/check.out" >&2; exit 1; }
first=$(since "$start")
load0=$(cut -d' ' -f1 /proc/loadavg)

: > "$out/times"
i=1
while [ "$i" -le "$runs" ]; do
	# The edit: a comment after the chunk's first line of code.
	awk -v i="$i" '{ print } /^<<.*>>=$/ && !done { getline; print; print "/* bench-check edit " i " */"; done = 1 }' \
		"solutions/$ex/answer.nw" > "$out/answer.nw"
	start=$(now)
	check || { echo "bench-check: run $i failed; see $out/check.out" >&2; exit 1; }
	since "$start" >> "$out/times"
	i=$((i + 1))
done
load1=$(cut -d' ' -f1 /proc/loadavg)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

sort -n "$out/times" | awk -v ex="$ex" -v first="$first" -v l0="$load0" -v l1="$load1" -v cores="$cores" '
	{ t[NR] = $1 }
	END {
		med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "exercise\t%s\nruns\t%d\nmedian_s\t%.2f\nmin_s\t%.2f\nmax_s\t%.2f\nfirst_build_s\t%.1f\nload_before\t%s\nload_after\t%s\ncores\t%s\n",
			ex, NR, med, t[1], t[NR], first, l0, l1, cores
	}' > "$out/results.tsv"
awk -F '\t' '{ v[$1] = $2 }
	END {
		printf "bench-check: make check EX=%s after an edit, %d runs: median %.2f s (min %.2f, max %.2f); goal: under 3 s on an idle machine\n",
			v["exercise"], v["runs"], v["median_s"], v["min_s"], v["max_s"]
		printf "bench-check: load average %s before, %s after, on %s cores; the first check (a full build) took %.1f s\n",
			v["load_before"], v["load_after"], v["cores"], v["first_build_s"]
	}' "$out/results.tsv"

if [ "${BENCH_WRITE:-}" = 1 ]; then
	awk -F '\t' -v date="$(date -u +%Y-%m-%d)" '
		FNR == NR { v[$1] = $2; next }
		/<!-- bench-check begin -->/ {
			print
			printf "Measured by `make bench-check BENCH_WRITE=1` on %s: `make check EX=%s` after an edit to the answer, %d runs, took a median of **%.2f s** (min %.2f s, max %.2f s), with a load average of %s to %s on %s cores. The first check of a fresh tree (everything compiled) took %.1f s.\n",
				date, v["exercise"], v["runs"], v["median_s"], v["min_s"], v["max_s"], v["load_before"], v["load_after"], v["cores"], v["first_build_s"]
			skip = 1
			next
		}
		/<!-- bench-check end -->/ { skip = 0 }
		!skip { print }' "$out/results.tsv" exercises/README.md > "$out/README.md" &&
		cp "$out/README.md" exercises/README.md &&
		echo "bench-check: wrote the figures into exercises/README.md"
fi
