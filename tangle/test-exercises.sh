#!/bin/sh
# test-exercises.sh -- the exercises are honest. For every exercise ID:
#
#   exercises/ID/files             README.md starts with "# Title", there is a
#                                  hint1.md, answer.nw defines a chunk, there is
#                                  a solution, and at least two wrong answers
#                                  wrong/*.nw, each starting with a line
#                                  <!-- expect: TEXT -->
#   exercises/ID/not-in-book       no chunk of the reference solution is a chunk
#                                  of the book (ignoring comments and blanks):
#                                  the answer must not be printed on the page
#   exercises/ID/empty-fails       an answer.nw with no code fails
#   exercises/ID/starter-fails     the pristine starter builds, and fails the
#                                  exercise's own checks (not only the chapter's)
#   exercises/ID/wrong-NAME-fails  each wrong answer builds and fails, and the
#                                  failure's output contains its TEXT, which
#                                  names the rule it breaks
#   exercises/ID/solution-passes   the reference solution passes
#
# and, once, that an answer edited into an endless loop gets a "timed out"
# verdict naming the test it hung in, with a 20 s timeout
# (exercises/timeout-verdict; how long the verdict took is printed as a
# figure, not judged: on a loaded machine the rebuild before it is slow),
# and that make debug's gdb shows the lines of the answer's .nw file
# (exercises/debug-shows-the-book). Prints PASS/FAIL lines; exit 1 on a failure.
# Exercises whose chapter is not in the book yet are skipped.
#
# The starter is the PRISTINE one: a learner who solves exercises in a
# fork edits exercises/ID/answer.nw, and the project's make test must
# still pass there. exercises/ID/starter.sha256 records the sha256 of the
# starter; the test uses the working answer.nw when it matches, otherwise
# the newest version in git history that matches. An author who changes a
# starter on purpose runs `make starters` to record the new one. (One
# file per exercise, so that authors of different exercises never touch
# the same file.)
#
# Every variant of an exercise is checked in one build tree of its own,
# build/test-exercises/tree/ID, one after the other, so that each rebuilds
# only the answer's file; exercises run in parallel, JOBS at a time. The
# checks run the test kernel under -icount (check.sh), so a verdict never
# depends on the machine's load, and no check is run twice.
set -u
top=build/test-exercises
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

# The pristine starter of exercise $1, written to $2; fails with a reason.
pristine() {
	f=exercises/$1/answer.nw
	want=$(cut -d' ' -f1 "exercises/$1/starter.sha256" 2>/dev/null)
	if [ -z "$want" ]; then
		echo "exercises/$1/starter.sha256 is missing (make starters records it)"
		return 1
	fi
	if [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$want" ]; then
		cp "$f" "$2"
		return 0
	fi
	for c in $(git log --format=%H -- "$f" 2>/dev/null); do
		if git show "$c:$f" > "$2" 2>/dev/null &&
		   [ "$(sha256sum < "$2" | cut -d' ' -f1)" = "$want" ]; then
			return 0
		fi
	done
	echo "$f is not the starter recorded in exercises/$1/starter.sha256, and no commit has that starter (an author who changed the starter on purpose runs make starters; in a shallow clone, git fetch --unshallow)"
	return 1
}

# ---- one exercise (a worker: this script with --one RUNDIR ID) -------------
if [ "${1:-}" = --one ]; then
	run=$2
	id=$3
	d=exercises/$id
	tree=$top/tree/$id
	res=$run/$id.result
	: > "$res"
	pass() { echo "PASS exercises/$id/$1" >> "$res"; }
	fail() { echo "FAIL exercises/$id/$1: $2" >> "$res"; }
	first_fail() { grep -m 1 '^FAIL ' "$1" | cut -c 6- | cut -c 1-200; }
	# check VARIANT ANSWER: one check of ANSWER in the tree; sets $status
	# and $own (failures that are the exercise's own, not the chapter's).
	check() {
		SUMMARY=$run/$id.$1.summary ANSWER=$2 OUT=$tree tangle/check.sh "$id" > "$run/$id.$1.out" 2>&1
		status=$?
		own=$(awk '{ print $6 }' "$run/$id.$1.summary" 2>/dev/null)
		own=${own:-0}
	}

	why=
	if [ "$(head -c 2 "$d/README.md" 2>/dev/null)" != "# " ]; then
		why="README.md must start with a '# Title' line"
	elif [ ! -f "$d/hint1.md" ]; then
		why="there is no hint1.md"
	elif ! grep -q '^<<.*>>=' "$d/answer.nw"; then
		why="answer.nw defines no chunk"
	elif [ ! -f "solutions/$id/answer.nw" ]; then
		why="there is no solutions/$id/answer.nw"
	elif [ "$(ls "$d"/wrong/*.nw 2>/dev/null | wc -l)" -lt 2 ]; then
		why="there must be at least two wrong answers, $d/wrong/*.nw"
	else
		for w in "$d"/wrong/*.nw; do
			head -n 1 "$w" | grep -q '^<!-- expect: .*[^ ].* -->$' ||
				why="$w must start with a line <!-- expect: TEXT --> (TEXT: what its failure says)"
		done
	fi
	if [ -n "$why" ]; then fail files "$why"; else pass files; fi

	if ! where=$(awk -f tangle/in-book.awk book/[0-9][0-9]-*.nw answers=1 "solutions/$id/answer.nw" 2>&1); then
		fail not-in-book "the reference solution is printed in the book: $(echo "$where" | head -n 1)"
	else
		pass not-in-book
	fi

	# Empty: a file with no code in it at all.
	echo "An answer with no code." > "$run/$id.empty.nw"
	check empty "$run/$id.empty.nw"
	if grep -q '^check: chapter .* is not in the book yet' "$run/$id.empty.out"; then
		echo "SKIP exercises/$id: $(grep -m 1 '^check: ' "$run/$id.empty.out" | cut -c 8-)" > "$res"
		exit 0
	fi
	case $status in
	0) fail empty-fails "an answer.nw with no code passes: the chapter's own code is the answer" ;;
	*) pass empty-fails ;;
	esac

	if why=$(pristine "$id" "$run/$id.starter.nw"); then
		check starter "$run/$id.starter.nw"
		case $status in
		1)
			if [ "$own" -gt 0 ]; then
				pass starter-fails
			else
				fail starter-fails "the starter fails only the chapter's own tests, never the exercise's: $(first_fail "$run/$id.starter.out")"
			fi ;;
		0) fail starter-fails "the starter passes its own check, so the check tests nothing the learner writes" ;;
		*) fail starter-fails "the starter does not build, but it should fail by behaviour: $(first_fail "$run/$id.starter.out")" ;;
		esac
	else
		fail starter-fails "$why"
	fi

	for w in "$d"/wrong/*.nw; do
		[ -f "$w" ] || continue
		name=$(basename "$w" .nw)
		expect=$(head -n 1 "$w" | sed -n 's/^<!-- expect: \(.*[^ ]\) *-->$/\1/p')
		check "wrong-$name" "$w"
		if [ "$status" = 0 ]; then
			fail "wrong-$name-fails" "the wrong answer $w passes"
		elif [ "$status" != 1 ]; then
			fail "wrong-$name-fails" "$w does not build; a wrong answer must fail by behaviour: $(first_fail "$run/$id.wrong-$name.out")"
		elif [ "$own" -eq 0 ]; then
			fail "wrong-$name-fails" "$w fails only the chapter's own tests: $(first_fail "$run/$id.wrong-$name.out")"
		elif [ -n "$expect" ] && ! grep '^FAIL ' "$run/$id.wrong-$name.out" | grep -q -F -- "$expect"; then
			fail "wrong-$name-fails" "$w fails, but no FAIL line says '$expect': $(first_fail "$run/$id.wrong-$name.out")"
		else
			pass "wrong-$name-fails"
		fi
	done

	check solution "solutions/$id/answer.nw"
	case $status in
	0) pass solution-passes ;;
	*) fail solution-passes "$(first_fail "$run/$id.solution.out") (see $run/$id.solution.out)" ;;
	esac
	exit 0
fi

# ---- every exercise ----------------------------------------------------------
# Each run keeps its outputs in a directory of its own, so that two runs at
# once do not delete each other's results; runs older than an hour are
# cleaned up. The trees are shared, and check.sh locks them.
mkdir -p "$top/tree"
find "$top" -mindepth 1 -maxdepth 1 -name 'run.*' -type d -mmin +60 -exec rm -rf {} + 2>/dev/null
run=$(mktemp -d "$top/run.XXXXXX")
ids=$(ls -d exercises/ch[0-9][0-9]-*/ 2>/dev/null | sed 's#^exercises/##; s#/$##' | sort)
# IDS="id ...": only those (an author testing one exercise).
[ -n "${IDS:-}" ] && ids=$IDS

# Each exercise's lines as soon as all its variants are checked.
for id in $ids; do echo "$id"; done |
	xargs -P "$jobs" -I{} sh -c '"$0" --one "$1" "$2"; cat "$1/$2.result"' "$0" "$run" {}
cat "$run"/*.result > "$run/all" 2>/dev/null
failed=0
grep -q '^FAIL ' "$run/all" && failed=1
fail() { echo "FAIL exercises/$1: $2"; failed=1; }
first_fail() { grep -m 1 '^FAIL ' "$1" | cut -c 6- | cut -c 1-200; }

# Every exercise's starter is recorded.
missing=
for id in $ids; do
	[ -s "exercises/$id/starter.sha256" ] || missing="$missing $id"
done
if [ -z "$missing" ]; then
	echo "PASS exercises/starters-recorded"
else
	fail starters-recorded "no exercises/ID/starter.sha256 for:$missing (make starters)"
fi

# ---- a hang gets a timed-out verdict ---------------------------------------
# The exercise whose solution is turned into an endless loop, and the line
# after which the loop goes (an extended regex): the opening brace of a
# function that only the exercise's tests call.
loop_ex=${LOOP_EX:-ch10-fuse}
loop_after=${LOOP_AFTER:-'^[{]$'}
if [ -f "solutions/$loop_ex/answer.nw" ] && ! grep -q 'not in the book yet' "$run/$loop_ex.result"; then
	mkdir -p "$run/loop"
	RE=$loop_after awk '
		{ print }
		!done && $0 ~ ENVIRON["RE"] { print "for (;;)\n\t__asm__ volatile(\"\");\t/* the honesty test: a hang */"; done = 1 }
		END { if (!done) exit 1 }' "solutions/$loop_ex/answer.nw" > "$run/loop/answer.nw"
	start=$(date +%s)
	TIMEOUT=20 ANSWER=$run/loop/answer.nw OUT=$top/tree/$loop_ex tangle/check.sh "$loop_ex" > "$run/loop/check.out" 2>&1
	status=$?
	secs=$(( $(date +%s) - start ))
	if [ "$status" != 1 ]; then
		fail timeout-verdict "the looping answer to $loop_ex gave status $status, not 1: $(first_fail "$run/loop/check.out")"
	elif ! grep -Eq '^FAIL [^ ]+/[A-Za-z0-9_]+: timed out after ' "$run/loop/check.out"; then
		fail timeout-verdict "no 'FAIL id/test: timed out' verdict naming the test for the looping answer to $loop_ex: $(first_fail "$run/loop/check.out")"
	else
		echo "PASS exercises/timeout-verdict"
		echo "note: the looping answer's verdict came $secs s after the check started (timeout 20 s; load average $(cut -d' ' -f1 /proc/loadavg))"
	fi
else
	echo "SKIP exercises/timeout-verdict: no exercise $loop_ex to make hang"
fi

# ---- make debug shows the book ----------------------------------------------
# gdb, attached to the solution's test kernel and stopped in a function of
# the answer, lists lines of the answer's .nw file (the #line directives).
debug_ex=${DEBUG_EX:-ch10-fuse}
debug_fn=${DEBUG_BREAK:-fuse_poll}
dtree=$run/debug-tree
if [ -f "solutions/$debug_ex/answer.nw" ] && ! grep -q 'not in the book yet' "$run/$debug_ex.result"; then
	if ! FROM=solutions OUT=$dtree ONLY_BUILD=1 tangle/check.sh "$debug_ex" > "$run/debug.build.out" 2>&1; then
		fail debug-shows-the-book "the solution to $debug_ex did not build: $(tail -n 1 "$run/debug.build.out")"
	else
		iso=wakeful-test.iso
		[ -f "$dtree/$iso" ] || iso=wakeful.iso
		BREAK=$debug_fn GDB_BATCH="list" tangle/debug.sh "$dtree" "$iso" > "$run/debug.out" 2>&1
		if grep -q "^Breakpoint 1, $debug_fn .* at .*solutions/$debug_ex/answer\.nw:[0-9]" "$run/debug.out" &&
		   grep -q "$(grep -m 1 -n "$debug_fn" "solutions/$debug_ex/answer.nw" | cut -d: -f1)[[:space:]]" "$run/debug.out"; then
			echo "PASS exercises/debug-shows-the-book"
		else
			fail debug-shows-the-book "gdb did not stop in $debug_fn at a line of solutions/$debug_ex/answer.nw: $(grep -m 1 -i 'breakpoint\|error' "$run/debug.out")"
		fi
	fi
else
	echo "SKIP exercises/debug-shows-the-book: no exercise $debug_ex"
fi
rm -rf "$dtree"
exit $failed
