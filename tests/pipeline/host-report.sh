#!/bin/sh
# Host tests report their cause, and every one runs.
#
# tests/host/run.sh (chapter 3) must turn a sanitizer's report into a FAIL
# line quoting its SUMMARY, and a silent failure status into a FAIL line;
# a checkpoint's `make -k host-test` must run every host test program even
# when the first one fails.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass() { echo "PASS pipeline/host-report/$1"; }
fail() { echo "FAIL pipeline/host-report/$1: $2"; }

last=$(ls -d build/ch[0-9][0-9] | tail -n 1)
run=$(pwd)/$last/tests/host/run.sh
if [ ! -f "$run" ]; then
	fail run-script "no $run (make first)"
	exit 0
fi

# expect NAME PATTERN COMMAND...: run.sh must fail and print PATTERN.
expect() {
	name=$1 pattern=$2
	shift 2
	if sh "$run" "$name" "$@" > "$t/$name.out" 2>&1; then
		fail "$name" "run.sh exited with status 0"
	elif grep -q -- "$pattern" "$t/$name.out"; then
		pass "$name"
	else
		fail "$name" "no line matching '$pattern'; got: $(grep '^FAIL' "$t/$name.out" | head -3 | tr '\n' '|')"
	fi
}

cat > "$t/race.c" <<'C'
#include <pthread.h>
#include <stdio.h>
static int shared;
static void *bump(void *arg) { (void)arg; for (int i = 0; i < 100000; i++) shared++; return NULL; }
int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, bump, NULL);
	pthread_create(&b, NULL, bump, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("PASS race_counts %d\n", shared > 0);
	return 0;
}
C
cat > "$t/uaf.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	volatile int *p = malloc(16);
	free((void *)p);
	printf("PASS uaf_reads %d\n", p[1]);
	return 0;
}
C
cat > "$t/silent.c" <<'C'
int main(void) { return 3; }
C
if cc -g -fsanitize=thread -o "$t/race" "$t/race.c" -lpthread 2> "$t/cc.err"; then
	expect tsan-summary 'FAIL tsan-summary: SUMMARY: ThreadSanitizer: data race' "$t/race"
else
	fail tsan-summary "cannot build the racy program: $(head -1 "$t/cc.err")"
fi
if cc -g -fsanitize=address -o "$t/uaf" "$t/uaf.c" 2> "$t/cc.err"; then
	expect asan-summary 'FAIL asan-summary: SUMMARY: AddressSanitizer: heap-use-after-free' "$t/uaf"
else
	fail asan-summary "cannot build the use-after-free program: $(head -1 "$t/cc.err")"
fi
cc -o "$t/silent" "$t/silent.c"
expect silent-status 'FAIL silent-status: exited with status 3 and printed no FAIL line' "$t/silent"

# Every host test runs: make each program fail, and all must still report.
cat > "$t/failing-run.sh" <<'SH'
echo "FAIL $1: planted failure"
exit 1
SH
if grep -q '^host-test-stress:' "$last/Makefile"; then
	make -k -s -C "$last" host-test HOST_RUN="sh $t/failing-run.sh" > "$t/all.out" 2>&1
	missing=
	for name in kbd_decode sched_test stress_test; do
		grep -q "^FAIL $name: planted failure" "$t/all.out" || missing="$missing $name"
	done
	if [ -z "$missing" ]; then
		pass every-host-test-runs
	else
		fail every-host-test-runs "after a failure these never ran:$missing"
	fi
fi
