#!/bin/sh
# A trace log cut off mid-record (qrun stops QEMU while the kernel still
# prints: CI-like run of ae97b63, FAIL trace/ch17: task d000021: no poll
# slice) loses the cut record and keeps the rest; a whole log is left
# as it is (tangle/trace-cut.sh, tangle/mk/trace.mk).
set -u
pass() { echo "PASS pipeline/trace-cut/$1"; }
fail() { echo "FAIL pipeline/trace-cut/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'T 0 100 poll d0000218\nT 1 200 done d0000218 pending\nT 2 300 state d000021' > "$t/cut.log"
printf 'T 0 100 poll d0000218\nT 1 200 done d0000218 pending\n' > "$t/want.log"
cp "$t/want.log" "$t/whole.log"
sh tangle/trace-cut.sh "$t/cut.log"
if cmp -s "$t/cut.log" "$t/want.log"; then
	pass cut-record-dropped
else
	fail cut-record-dropped "left: $(tr '\n' '|' < "$t/cut.log")"
fi
sh tangle/trace-cut.sh "$t/whole.log"
if cmp -s "$t/whole.log" "$t/want.log"; then
	pass whole-log-kept
else
	fail whole-log-kept "left: $(tr '\n' '|' < "$t/whole.log")"
fi
