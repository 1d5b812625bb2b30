#!/bin/sh
# test.sh [--only NN | --pipeline] NN... -- every test of the book (or of
# checkpoint NN, or only the pipeline's own tests), counted.
#
# Each suite prints one line per test, "PASS name" or "FAIL name: why"
# (and "SKIP name: why", not counted). This script runs them all, keeps a
# log in build/test/, and ends with "N passed, N failed". A suite that
# hangs is cut off by its own timeout (qrun kills a kernel that hangs and
# names the test it was running, and the tests it never reached), so the
# run always ends.
set -u
only=
pipeline_only=
if [ "${1:-}" = --only ]; then
	only=$2
	shift 2
elif [ "${1:-}" = --pipeline ]; then
	# make test-pipeline: the pipeline's own tests, no kernel and no suite.
	pipeline_only=1
	set --
fi
mkdir -p build/test
log=build/test/results.txt
: > "$log"
qrun=build/tools/qrun

run() {
	# run NAME COMMAND...: the suite's result lines go to the log and the
	# terminal; anything else it prints goes to build/test/NAME.out.
	name=$1
	shift
	out=build/test/$name.out
	"$@" > "$out" 2>&1
	status=$?
	grep -E '^(PASS|FAIL|SKIP) ' "$out" | tee -a "$log"
	if [ "$status" != 0 ] && ! grep -q '^FAIL ' "$out"; then
		echo "FAIL $name: exited with status $status and reported no failure (see $out)" | tee -a "$log"
	fi
}

# The pipeline's own tests: tangle errors, #line directives, the weave.
[ -n "$only" ] && set -- "$only"
for t in tests/pipeline/*.sh; do
	[ -z "$only" ] || break
	[ -f "$t" ] || continue
	run "pipeline-$(basename "$t" .sh)" sh "$t"
done

# Every checkpoint: the reader's kernel against its boot script, the test
# kernel's in-kernel tests, and its host-side tests.
#
# Every kernel runs under -icount with sleep=off: the emulated clocks
# advance with the instructions executed, never with the host's wall
# clock, so no verdict depends on how busy the host is (the same setting
# as the runs that measure the book's numbers). That includes the boot
# scripts, which drive the reader's kernel with keys the host types at its
# own pace: while the kernel waits for them, its clock races ahead, so
# nothing may hang on how much emulated time went by between two keys. A
# script waits for the text it expects before it types; a test kernel's
# key test waits for its keys without a deadline; the lines a reader's
# kernel prints on its own clock are named in the script (`timed`) and cut
# out before an expectation is looked for (book/CONVENTIONS.md, Tests).
# The timeouts only catch a kernel that hangs: TEST_TIMEOUT seconds of
# QEMU's processor time (not of the wall clock, which a busy host
# stretches), at least ten times a normal run, and a wall-clock cap ten
# times that for a guest that stops dead (the README has the figures; qrun
# appends each run's times to build/test/times.tsv). A boot script whose
# kernel has gone idle for good fails at once instead. Host tests run with
# make -k, so that one failing program does not keep the others from
# running.
icount="-icount shift=0,sleep=off"
# Every key is typed late: the host holds it back until the kernel has
# taken QRUN_KEYS_LATE more interrupts (six emulated seconds of the 1000 Hz
# timer), as a slow host would. A test that set itself a deadline for the
# host's keys, or a script that counted on the kernel's clock standing
# still while the host typed, fails here every time, not once in a while.
QRUN_KEYS_LATE=${QRUN_KEYS_LATE-6000}
export QRUN_KEYS_LATE
timeout=${TEST_TIMEOUT:-60}
: > build/test/times.tsv
for n in "$@"; do
	d=build/ch$n
	if [ -f "$d/tests/boot.expect" ]; then
		run "ch$n-boot" "$qrun" -p "ch$n" -t "$timeout" -Q "$icount" -T build/test/times.tsv \
			-e "$d/tests/boot.expect" -l "build/test/ch$n-boot.log" "$d/wakeful.iso"
	fi
	if [ -f "$d/wakeful-test.iso" ]; then
		run "ch$n-ktest" "$qrun" -p "ch$n" -t "$timeout" -Q "$icount" -T build/test/times.tsv \
			-l "build/test/ch$n-ktest.log" "$d/wakeful-test.iso"
	fi
	run "ch$n-host" timeout 3600 make -k -s -C "$d" host-test
done

# Suites contributed by other parts of the project (site, exercises):
# every tangle/mk fragment may name make targets in TEST_SUITES.
for target in $([ -n "$only" ] || [ -n "$pipeline_only" ] || make -s print-test-suites 2>/dev/null); do
	run "$target" make -s "$target"
done

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
