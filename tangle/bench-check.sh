#!/bin/sh
# bench-check.sh -- how long `make check` takes after an edit to an answer.
#
#   make bench-check                    BENCH_EX (default ch13-yield-now), RUNS (default 7)
#
# Checks a copy of the exercise's reference solution in a tree of its own
# (build/bench-check/tree/ID), once to build the tree, then RUNS times, each
# time after an edit that changes the answer's C code (a comment inside
# the chunk, so the tangled file changes and is compiled again, the
# kernel relinked, and the test kernel booted by QEMU -kernel and run).
# Prints every time, the median, and the load average while it ran, and
# writes build/bench-check/results.tsv. With BENCH_WRITE=1 it also
# replaces the block between the bench-check markers in
# exercises/README.md with the figures of this run, so that the README
# quotes a measurement, never a number typed in.
#
# A benchmark, not a test: it reports figures against the 3 s goal; it
# never fails because the machine is slow.
set -u
ex=${BENCH_EX:-ch13-yield-now}
runs=${RUNS:-7}
out=build/bench-check
mkdir -p "$out"
[ -f "solutions/$ex/answer.nw" ] || { echo "bench-check: no solution for $ex" >&2; exit 1; }
cp "solutions/$ex/answer.nw" "$out/answer.nw"

now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f\n", a - b }'; }
# The processor time the shell's children have used so far (user + system),
# from the shell's own `times`: on a loaded machine the wall-clock time of
# a check says more about the load than about the check, while its
# processor time is close to what the check takes on an idle machine (it
# is one process after another, and waits for nothing else).
# (`times` must run in this shell, not in a $(...) subshell, which has no
# children of its own.)
cpu() { awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$1"; }
check() { ANSWER=$out/answer.nw OUT=$out/tree/$ex tangle/check.sh "$ex" > "$out/check.out" 2>&1; }
# stages FILE: check.sh's $log/stages (a `times` after each stage) as
# lines "STAGE SECONDS", the processor time (the shell's own and its
# children's, user + system) each stage took.
stages() {
	awk '/^stage / { name = $2; row = 0; next }
		{ row++; gsub(/[ms]/, " "); t += $1 * 60 + $2 + $3 * 60 + $4 }
		row == 2 { if (seen) printf "%s %.3f\n", name, t - last; last = t; seen = 1; t = 0 }' "$1"
}

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
: > "$out/stages"
i=1
while [ "$i" -le "$runs" ]; do
	# The edit: a comment after the chunk's first line of code.
	awk -v i="$i" '{ print } /^<<.*>>=$/ && !done { getline; print; print "/* bench-check edit " i " */"; done = 1 }' \
		"solutions/$ex/answer.nw" > "$out/answer.nw"
	start=$(now)
	times > "$out/cpu.before"
	check || { echo "bench-check: run $i failed; see $out/check.out" >&2; exit 1; }
	times > "$out/cpu.after"
	echo "$(since "$start") $(awk -v a="$(cpu "$out/cpu.after")" -v b="$(cpu "$out/cpu.before")" 'BEGIN { printf "%.3f", a - b }')" >> "$out/times"
	stages "$out/tree/$ex/.check/stages" >> "$out/stages"
	i=$((i + 1))
done
load1=$(cut -d' ' -f1 /proc/loadavg)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

cpumed=$(cut -d' ' -f2 "$out/times" | sort -n | awk '{ c[NR] = $1 } END { print NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }')
sort -n "$out/times" | awk -v ex="$ex" -v first="$first" -v l0="$load0" -v l1="$load1" -v cores="$cores" -v cpumed="$cpumed" '
	{ t[NR] = $1 }
	END {
		med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "exercise\t%s\nruns\t%d\nmedian_s\t%.2f\nmin_s\t%.2f\nmax_s\t%.2f\ncpu_median_s\t%.2f\nfirst_build_s\t%.1f\nload_before\t%s\nload_after\t%s\ncores\t%s\n",
			ex, NR, med, t[1], t[NR], cpumed, first, l0, l1, cores
	}' > "$out/results.tsv"
# The median processor time of each stage of a check (tangle, build, run
# the kernel, verdict), from check.sh's own record.
for s in tangle build run verdict; do
	awk -v s="$s" '$1 == s { print $2 }' "$out/stages" | sort -n |
		awk -v s="$s" '{ c[NR] = $1 } END { if (NR) printf "cpu_%s_s\t%.2f\n", s, NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }'
done >> "$out/results.tsv"
awk -F '\t' '{ v[$1] = $2 }
	END {
		printf "bench-check: make check EX=%s after an edit, %d runs: median %.2f s (min %.2f, max %.2f); goal: under 3 s on an idle machine\n",
			v["exercise"], v["runs"], v["median_s"], v["min_s"], v["max_s"]
		printf "bench-check: processor time of a check, median %.2f s (%s the 3 s goal; what a check takes on an idle machine, near enough)\n",
			v["cpu_median_s"], v["cpu_median_s"] < 3 ? "within" : "over"
		printf "bench-check: load average %s before, %s after, on %s cores; the first check (a full build) took %.1f s\n",
			v["load_before"], v["load_after"], v["cores"], v["first_build_s"]
		printf "bench-check: where the processor time goes (medians): tangle %.2f s, build %.2f s, boot and run the kernel %.2f s, verdict %.2f s\n",
			v["cpu_tangle_s"], v["cpu_build_s"], v["cpu_run_s"], v["cpu_verdict_s"]
	}' "$out/results.tsv"

if [ "${BENCH_WRITE:-}" = 1 ]; then
	awk -F '\t' -v date="$(date -u +%Y-%m-%d)" '
		FNR == NR { v[$1] = $2; next }
		/<!-- bench-check begin -->/ {
			print
			printf "Measured by `make bench-check BENCH_WRITE=1` on %s: `make check EX=%s` after an edit to the answer, %d runs, took a median of **%.2f s** of wall-clock time (min %.2f s, max %.2f s), with a load average of %s to %s on %s cores, and a median of **%.2f s of processor time** (the tools, the compiler and QEMU together: close to what a check takes on an idle machine, since it waits for nothing else). By stage, the median processor time went to the tangle (%.2f s), the build (%.2f s: one file compiled, the kernel linked), booting and running the test kernel (%.2f s) and the verdict (%.2f s). The first check of a fresh tree (everything compiled) took %.1f s.\n",
				date, v["exercise"], v["runs"], v["median_s"], v["min_s"], v["max_s"], v["load_before"], v["load_after"], v["cores"], v["cpu_median_s"], v["cpu_tangle_s"], v["cpu_build_s"], v["cpu_run_s"], v["cpu_verdict_s"], v["first_build_s"]
			skip = 1
			next
		}
		/<!-- bench-check end -->/ { skip = 0 }
		!skip { print }' "$out/results.tsv" exercises/README.md > "$out/README.md" &&
		cp "$out/README.md" exercises/README.md &&
		echo "bench-check: wrote the figures into exercises/README.md"
fi
