#!/bin/sh
# test-exercises.sh -- the exercises are honest: for every exercise,
#
#   exercises/ID/files            README.md starts with "# Title", there is a
#                                 hint1.md, answer.nw defines a chunk (usually
#                                 one marked [replaces]), there is a solution
#   exercises/ID/starter-fails    the starter builds, and fails the exercise's
#                                 own checks (not only the chapter's tests)
#   exercises/ID/solution-passes  the reference solution passes the check
#
# and, once, that an answer edited into an endless loop gets a "timed out"
# verdict, naming the test it hung in, in under 30 s
# (exercises/timeout-verdict). Prints PASS/FAIL lines; exit 1 on a failure.
# Exercises whose chapter is not in the book yet are skipped. A solution
# that fails is run once more, alone, before it counts as a failure: the
# parallel runs share the machine, and some chapters' tests measure time.
set -u
# Each run has a directory of its own, so that two runs at once (two
# authors' make test) do not delete each other's results; runs older than
# an hour are cleaned up. The trees in build/ex* are locked by check.sh.
mkdir -p build/test-exercises
find build/test-exercises -mindepth 1 -maxdepth 1 -type d -mmin +60 -exec rm -rf {} + 2>/dev/null
out=$(mktemp -d build/test-exercises/run.XXXXXX)
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
	SUMMARY=$OUTDIR/$1.$what.summary FROM=$2 tangle/check.sh "$1" > "$OUTDIR/$1.$what.out" 2>&1
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

	for what in starter solution; do
		# An exercise that appeared while the runs above were going.
		if [ ! -f "$out/$id.$what.status" ]; then
			[ "$what" = starter ] && from=exercises || from=solutions
			SUMMARY=$out/$id.$what.summary FROM=$from tangle/check.sh "$id" > "$out/$id.$what.out" 2>&1
			echo $? > "$out/$id.$what.status"
		fi
	done
	if grep -q '^check: chapter .* is not in the book yet' "$out/$id.starter.out"; then
		echo "SKIP exercises/$id/starter-fails: $(grep -m 1 '^check: ' "$out/$id.starter.out" | cut -c 8-)"
		echo "SKIP exercises/$id/solution-passes: the same"
		continue
	fi
	own=$(awk '{ print $6 }' "$out/$id.starter.summary" 2>/dev/null)
	if [ -d .git ] && ! git diff --quiet HEAD -- "$d/answer.nw" 2>/dev/null; then
		echo "SKIP exercises/$id/starter-fails: $d/answer.nw has changes that are not committed (an answer, not the starter)"
	else
		case $(cat "$out/$id.starter.status") in
		1)
			if [ "${own:-0}" -gt 0 ]; then
				pass "$id/starter-fails"
			else
				fail "$id/starter-fails" "the starter fails only the chapter's own tests, never the exercise's: $(first_fail "$out/$id.starter.out")"
			fi ;;
		0) fail "$id/starter-fails" "the starter passes its own check, so the check tests nothing the learner writes" ;;
		*) fail "$id/starter-fails" "the starter does not build, but it should fail by behaviour: $(first_fail "$out/$id.starter.out")" ;;
		esac
	fi
	if [ "$(cat "$out/$id.solution.status")" != 0 ] &&
	   [ "$(cat "$out/$id.solution.status")" != 2 ]; then
		# The runs above share the machine; a chapter's timing test can
		# lose out. One more try, alone, before calling it a failure.
		mv "$out/$id.solution.out" "$out/$id.solution.first.out"
		FROM=solutions tangle/check.sh "$id" > "$out/$id.solution.out" 2>&1
		echo $? > "$out/$id.solution.status"
		[ "$(cat "$out/$id.solution.status")" = 0 ] &&
			echo "note: $id: the solution passed when run again alone; the first run said: $(first_fail "$out/$id.solution.first.out")"
	fi
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
