#!/bin/sh
# tangle_edits.sh FIRST_SEED COUNT [SECONDS] -- fuzz the tangler with
# random edits to a chapter.
#
# Each seed edits a copy of chapter 2 (a line deleted, duplicated, swapped
# or cut short, a chunk marker inserted or damaged) and tangles chapters 1
# and 2 with tangle/tangle.sh under a timeout. The tangle may succeed (many
# edits are harmless prose) or fail; a failure must say where, naming the
# .nw file and a line. A crash (killed by a signal), a hang (the timeout)
# or a failure without a file:line message is reported with the seed, so
# that `fuzz/tangle_edits.sh SEED 1` reproduces it. Stops after COUNT
# edits or SECONDS seconds, whichever comes first, and prints
# "PASS fuzz/tangle: ..." or a FAIL line per finding.
set -u
first=${1:-1}
count=${2:-20}
seconds=${3:-0}
work=${FUZZ_WORK:-build/fuzz/tangle}
rm -rf "$work"
mkdir -p "$work/book"
cp book/01-booting.nw "$work/book/"
start=$(date +%s)
tried=0 ok=0 refused=0 bad=0
seed=$first
while [ "$tried" -lt "$count" ]; do
	if [ "$seconds" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$seconds" ]; then
		break
	fi
	what=$(awk -v seed="$seed" -f fuzz/tangle_edit.awk book/02-talking.nw \
		2>"$work/edit.what" > "$work/book/02-talking.nw"; cat "$work/edit.what")
	status=0
	timeout 20 tangle/tangle.sh "$work/out" "$work/book/01-booting.nw" \
		"$work/book/02-talking.nw" > "$work/stdout" 2> "$work/stderr" || status=$?
	tried=$((tried + 1))
	if [ "$status" = 0 ]; then
		ok=$((ok + 1))
	elif [ "$status" = 124 ]; then
		echo "FAIL fuzz/tangle: seed $seed ($what): tangle.sh did not finish in 20 s"
		bad=$((bad + 1))
	elif [ "$status" -gt 128 ]; then
		echo "FAIL fuzz/tangle: seed $seed ($what): tangle.sh died of signal $((status - 128))"
		bad=$((bad + 1))
	elif grep -q '[0-9][0-9]-[a-z-]*\.nw:[0-9][0-9]*' "$work/stderr"; then
		refused=$((refused + 1))
	else
		echo "FAIL fuzz/tangle: seed $seed ($what): failed (status $status) without naming a file and line: $(head -c 300 "$work/stderr" | tr '\n' ' ')"
		bad=$((bad + 1))
	fi
	seed=$((seed + 1))
done
if [ "$bad" = 0 ]; then
	echo "PASS fuzz/tangle: $tried edited chapters (seeds $first..$((seed - 1))): $ok tangled, $refused refused naming file and line, 0 crashes, 0 hangs"
fi
[ "$bad" = 0 ]
