#!/bin/sh
# test-exercises.sh -- the exercises are honest: for every exercise,
#
#   exercises/ID/files            README.md starts with "# Title", there is a
#                                 hint1.md, answer.nw defines a chunk (usually
#                                 one marked [replaces]), there is a solution
#   exercises/ID/starter-fails    the starter builds, and its check fails
#   exercises/ID/solution-passes  the reference solution passes the check
#
# and, once, that an answer edited into an endless loop gets a "timed out"
# verdict, naming the test it hung in, in under 30 s
# (exercises/timeout-verdict). Prints PASS/FAIL lines; exit 1 on a failure.
# Exercises whose chapter is not in the book yet are skipped.
set -u
out=build/test-exercises
rm -rf "$out"
mkdir -p "$out"
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
ids=$(ls -d exercises/ch[0-9][0-9]-*/ 2>/dev/null | sed 's#^exercises/##; s#/$##' | sort)

# The exercise whose answer is turned into an endless loop, and the
# line of its answer.nw after which the loop goes (an extended regex):
# the opening brace of paging_translate, which only the tests call.
loop_ex=${LOOP_EX:-ch05-translate}
loop_after=${LOOP_AFTER:-'^[{]$'}

# Both runs of every exercise, in parallel: ID.starter.out/.status and
# ID.solution.out/.status.
# shellcheck disable=SC2016
for id in $ids; do
	echo "$id exercises"
	echo "$id solutions"
done | OUTDIR=$out xargs -P "$jobs" -L 1 sh -c '
	if [ "$2" = exercises ]; then what=starter; else what=solution; fi
	FROM=$2 tangle/check.sh "$1" > "$OUTDIR/$1.$what.out" 2>&1
	echo $? > "$OUTDIR/$1.$what.status"' sh

failed=0
pass() { echo "PASS exercises/$1"; }
fail() { echo "FAIL exercises/$1: $2"; failed=1; }
first_fail() { grep -m 1 '^FAIL ' "$1" | cut -c 6- | cut -c 1-200; }

for id in $ids; do
	d=exercises/$id
	if [ "$(head -c 2 "$d/README.md" 2>/dev/null)" != "# " ]; then
		fail "$id/files" "README.md must start with a '# Title' line"
	elif [ ! -f "$d/hint1.md" ]; then
		fail "$id/files" "there is no hint1.md"
	elif ! grep -q '^<<.*>>=' "$d/answer.nw"; then
		fail "$id/files" "answer.nw defines no chunk"
	elif [ ! -f "solutions/$id/answer.nw" ]; then
		fail "$id/files" "there is no solutions/$id/answer.nw"
	else
		pass "$id/files"
	fi

	if grep -q '^check: chapter .* is not in the book yet' "$out/$id.starter.out"; then
		echo "SKIP exercises/$id/starter-fails: $(grep -m 1 '^check: ' "$out/$id.starter.out" | cut -c 8-)"
		echo "SKIP exercises/$id/solution-passes: the same"
		continue
	fi
	case $(cat "$out/$id.starter.status") in
	1) pass "$id/starter-fails" ;;
	0) fail "$id/starter-fails" "the starter passes its own check, so the check tests nothing the learner writes" ;;
	*) fail "$id/starter-fails" "the starter does not build, but it should fail by behaviour: $(first_fail "$out/$id.starter.out")" ;;
	esac
	case $(cat "$out/$id.solution.status") in
	0) pass "$id/solution-passes" ;;
	*) fail "$id/solution-passes" "$(first_fail "$out/$id.solution.out") (see $out/$id.solution.out)" ;;
	esac
done

# ---- a hang gets a timed-out verdict ---------------------------------------
if [ -f "exercises/$loop_ex/answer.nw" ] && ! grep -q 'not in the book yet' "$out/$loop_ex.starter.out"; then
	mkdir -p "$out/loop"
	RE=$loop_after awk '
		{ print }
		!done && $0 ~ ENVIRON["RE"] { print "for (;;)\n\t__asm__ volatile(\"\");\t/* the honesty test: a hang */"; done = 1 }
		END { if (!done) exit 1 }' "exercises/$loop_ex/answer.nw" > "$out/loop/answer.nw"
	start=$(date +%s)
	ANSWER=$out/loop/answer.nw OUT=$out/loop/tree tangle/check.sh "$loop_ex" > "$out/loop/check.out" 2>&1
	status=$?
	secs=$(( $(date +%s) - start ))
	if [ "$status" != 1 ]; then
		fail timeout-verdict "the looping answer to $loop_ex gave status $status, not 1: $(first_fail "$out/loop/check.out")"
	elif ! grep -q '^FAIL .*timed out after .* while running ' "$out/loop/check.out"; then
		fail timeout-verdict "no 'timed out ... while running' verdict for the looping answer to $loop_ex: $(first_fail "$out/loop/check.out")"
	elif [ "$secs" -ge 30 ]; then
		fail timeout-verdict "the verdict took $secs s, more than 30"
	else
		pass timeout-verdict
	fi
else
	echo "SKIP exercises/timeout-verdict: no exercise $loop_ex to make hang"
fi
exit $failed
