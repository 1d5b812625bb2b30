#!/bin/sh
# check.sh ID -- check an answer to exercise ID by building it and running it.
#
#   tangle/check.sh ch02-field-width                  the learner's answer
#   FROM=solutions tangle/check.sh ch02-field-width   the reference solution
#
# Exercise ID = chNN-name lives in exercises/ID/: README.md, hint*.md,
# answer.nw (the starter the learner edits) and, usually, check.nw (the
# exercise's own tests). Its tree is chapters 01..NN, then answer.nw, then
# check.nw, tangled into build/ex/ID/ (build/ex-solutions/ID/ with
# FROM=solutions). The tree is kept between runs, and the tangler rewrites
# only files whose text changed, so a second check recompiles only what the
# learner touched.
#
# What runs depends on what the exercise's check adds to the tree:
#   tests/ex_*.c        in-kernel KTEST tests: the test kernel runs under qrun
#   tests/ex_*.expect   a script (serial/vga/keys) run against wakeful.elf
#   an ex-host-test     make target: host-side tests, PASS/FAIL lines
# Before chapter 3 there is no test kernel; an early exercise's check.nw
# then makes wakeful.elf itself speak the KTEST protocol. Kernels boot
# by QEMU -kernel (Multiboot 1), see "what to run" below.
#
# Every result is a line "PASS ID/name" or "FAIL ID/name: why", and the
# last line is "exercise ID: PASS" or "exercise ID: FAIL (k of n checks
# failed)". Exit status: 0 all passed, 1 a check failed, 2 the answer did
# not tangle or build, or there is no such exercise.
#
# The verdict of a check of the learner's own answer (not FROM=solutions,
# ANSWER or OUT) is kept in build/ex/.verdicts/ID for make exercises.
#
# Environment: SUMMARY=FILE (also write "checks N failed K own_failed J"
# there, J counting failures that are not the chapter's own tests),
# FROM=solutions, ANSWER=FILE.nw (check this file instead of
# the starter, e.g. a copy), OUT=DIR (build tree), TIMEOUT=SECONDS (per
# QEMU run of the test kernel, default 60), EXPECT_TIMEOUT (per script, 30).
# The timeouts are wall-clock, so they are set far above a normal run (a
# test kernel runs in 1 to 3 s on an idle machine, and took 10 s on this
# one with a load average of 15): only a kernel that really hangs reaches
# them, and a slow machine cannot turn a pass into a timeout.
# ICOUNT: the kernels' -icount setting (default shift=2,sleep=off), for the
# test kernel and the scripts alike.
# ONLY_BUILD=1: tangle and build the kernels (wakeful.iso, and the test
# kernel from chapter 3 on), run nothing (make boot EX=..., make debug EX=...).
set -u

id=${1:-}
[ -n "$id" ] || { echo "usage: make check EX=<id>   (exercises: $(ls exercises | grep '^ch' | tr '\n' ' '))" >&2; exit 2; }
id=${id%/}
id=${id#exercises/}
dir=exercises/$id
if [ ! -f "$dir/answer.nw" ]; then
	echo "check: there is no exercise '$id'. Exercises: $(ls exercises | grep '^ch' | tr '\n' ' ')" >&2
	exit 2
fi

nn=${id#ch}
nn=${nn%%-*}
case $nn in
[0-9][0-9]) ;;
*) echo "check: exercise '$id' should be named chNN-something" >&2; exit 2 ;;
esac

case ${FROM:-exercises} in
exercises) answer=$dir/answer.nw; out=build/ex/$id ;;
solutions) answer=solutions/$id/answer.nw; out=build/ex-solutions/$id ;;
*) echo "check: FROM must be exercises or solutions, not '$FROM'" >&2; exit 2 ;;
esac
answer=${ANSWER:-$answer}
out=${OUT:-$out}
[ -f "$answer" ] || { echo "check: $answer: no such file" >&2; exit 2; }
check=
[ -f "$dir/check.nw" ] && check=$dir/check.nw
timeout=${TIMEOUT:-60}
expect_timeout=${EXPECT_TIMEOUT:-30}
# The test kernel runs under -icount with sleep=off: its clock counts
# executed instructions, so a test that measures time sees the same
# figures on an idle and on a busy machine, and the verdict cannot depend
# on the load. shift=2 (4 ns an instruction) keeps busy-waits cheap.
icount=${ICOUNT:-shift=2,sleep=off}
qrun=build/tools/qrun
[ -x "$qrun" ] || make -s "$qrun" || exit 2

# Chapters 01..NN, in order.
chapters=
for f in book/[0-9][0-9]-*.nw; do
	n=${f#book/}
	n=${n%%-*}
	[ "$n" -le "$nn" ] 2>/dev/null && chapters="$chapters $f"
done
if ! ls book/"$nn"-*.nw >/dev/null 2>&1; then
	echo "check: chapter $nn is not in the book yet, so $id cannot be checked" >&2
	exit 2
fi

mkdir -p "$out/.check"
log=$out/.check

# One check at a time in a tree: a second one (make watch and make grade
# at once, say) waits for the first. A lock whose owner has died is taken
# over.
lock=$out.lock
tries=0
until mkdir "$lock" 2>/dev/null; do
	owner=$(cat "$lock/pid" 2>/dev/null)
	if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
		rm -rf "$lock"
		continue
	fi
	tries=$((tries + 1))
	[ "$tries" -gt 600 ] && { echo "check: $out is locked by process $owner; giving up" >&2; exit 2; }
	sleep 0.2
done
echo $$ > "$lock/pid"
trap 'rm -rf "$lock"' EXIT
trap 'exit 2' INT TERM
rm -f "$log/results"
# Where the check's processor time goes, for make bench-check: the shell's
# own and its children's user and system time (`times`, a builtin) as
# each stage ends, in $log/stages.
stage() { { echo "stage $1"; times; } >> "$log/stages"; }
rm -f "$log/stages"
stage start
: > "$log/results"

# Messages from the compiler and the tangler name files relative to the
# tree (../../../exercises/ID/answer.nw); show them relative to the top.
up=$(realpath --relative-to="$out" .)
up_re=$(printf '%s/' "$up" | sed 's/[.]/\\./g')
# (the linker names them from the tree's absolute path)
abs_re=$(printf '%s/' "$(realpath "$out")" | sed 's/[.]/\\./g')
tidy() { sed "s#$abs_re##g; s#$up_re##g"; }

remember() {
	# remember RESULT CHECKS FAILED: the last verdict on the learner's
	# own answer, for make exercises and make watch.
	[ "${FROM:-exercises}" = exercises ] && [ -z "${ANSWER:-}${OUT:-}" ] || return 0
	mkdir -p build/ex/.verdicts
	echo "$1 $2 $3 $(date +%s)" > "build/ex/.verdicts/$id"
}

verdict() {
	# verdict STATUS: the closing line, from the results so far.
	# The checks are the exercise's own results and every failure; the
	# chapter's passing tests are not counted.
	n=$(awk -v id="$id" -v ex="${exnames:-}" '
		BEGIN { m = split(ex, e, " "); for (i = 1; i <= m; i++) mine[id "/" e[i]] = 1 }
		/^FAIL / { n++; next }
		/^PASS / { if (!m || ($2 in mine)) n++ }
		END { print n + 0 }' "$log/results")
	k=$(grep -c '^FAIL ' "$log/results")
	# For the honesty test: how many failures were the exercise's own
	# checks (or the build), as opposed to the chapter's tests.
	# A failure is the chapter's when it names one of the chapter's tests;
	# anything else (an exercise test, the build, a panic at boot) is the
	# answer's own.
	# (Only a failure needs the names: a pass skips the scan.)
	chnames=
	# shellcheck disable=SC2046
	[ "$k" = 0 ] || chnames=$(cd "$out" 2>/dev/null && grep -h -o 'KTEST\(_SHOULD_PANIC\)\{0,1\}([A-Za-z0-9_]*[,)]' \
		$(grep '^tests/[^/]*\.c$' .tangled-files 2>/dev/null | grep -v '^tests/ex_') /dev/null |
		sed 's/.*(\([A-Za-z0-9_]*\).*/\1/' | tr '\n' ' ')
	awk -v id="$id" -v ch="${chnames:-}" -v n="$n" -v k="$k" '
		BEGIN { m = split(ch, c, " "); for (i = 1; i <= m; i++) chapter[id "/" c[i]] = 1 }
		/^FAIL / { name = $2; sub(/:$/, "", name); if (!(name in chapter)) own++ }
		END { printf "checks %d failed %d own_failed %d\n", n, k, own + 0 }' "$log/results" > "$log/summary"
	[ -n "${SUMMARY:-}" ] && cp "$log/summary" "$SUMMARY"
	stage verdict
	if [ "$n" -gt 0 ] && [ "$k" = 0 ]; then
		remember pass "$n" 0
		echo "exercise $id: PASS"
		exit 0
	fi
	[ "$n" = 0 ] && n=1 && k=1
	remember fail "$n" "$k"
	echo "exercise $id: FAIL ($k of $n checks failed)"
	exit "${1:-1}"
}

# ---- tangle -----------------------------------------------------------
# Skipped when the same files were tangled before and none has changed
# since (the tangler, too, is an input). The stamp is made before the
# tangle starts, so that a file saved during it counts as changed.
inputs="$chapters $answer $check tangle/tangle.sh tangle/chunks.awk tangle/chunkrow.awk tangle/tangle.awk"
stamp=$log/tangled
# shellcheck disable=SC2086
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs" ] ||
   [ -n "$(find $inputs -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
	echo "$inputs" > "$stamp.new"
	rm -f "$stamp"
	# shellcheck disable=SC2086
	cp "$out/.tangled-files" "$log/files.before" 2>/dev/null || : > "$log/files.before"
	if ! tangle/tangle.sh "$out" $chapters "$answer" $check > "$log/tangle.log" 2>&1; then
		tidy < "$log/tangle.log"
		echo "FAIL $id/tangle: the answer does not tangle (the message above names the .nw file and line)" | tee -a "$log/results"
		verdict 2
	fi
	mv "$stamp.new" "$stamp"
	# A file the last answer had and this one has not (an answer emptied,
	# a file renamed) leaves nothing newer than the kernel behind, so make
	# would keep the old kernel, with the old answer linked in. Relink.
	if ! cmp -s "$log/files.before" "$out/.tangled-files"; then
		rm -f "$out"/wakeful*.elf "$out"/wakeful*.iso
	fi
fi

stage tangle

# ---- what to run --------------------------------------------------------
# A check boots its kernels the way the web page does, by a Multiboot 1
# loader (QEMU's -kernel, chapter 1's second header), straight from the
# ELF: no GRUB image or ISO to make and no GRUB to boot, on every
# check. The CD it is given is an empty file (with the tree's
# disk.img beside it, where qrun looks for one), so nothing but -kernel
# can have booted it. make boot and make debug still build the ISOs.
files=$out/.tangled-files
scripts=$(grep '^tests/ex_.*\.expect$' "$files")
ktests=$(grep '^tests/ex_.*\.c$' "$files")
host=
grep -q '^ex-host-test:' "$out/Makefile" && host=yes
testelf=
if grep -q '^wakeful-test\.elf:' "$out/Makefile"; then
	if [ -n "$ktests" ] || { [ -z "$scripts" ] && [ -z "$host" ]; }; then
		testelf=wakeful-test.elf
	fi
elif [ -z "$scripts" ] && [ -z "$host" ]; then
	testelf=wakeful.elf	# before chapter 3: check.nw made the kernel a test kernel
fi
targets=$testelf
[ -n "$scripts" ] && targets="$targets wakeful.elf"
# make boot EX=... and make debug EX=... only want a kernel built.
if [ -n "${ONLY_BUILD:-}" ]; then
	targets=wakeful.iso
	grep -q '^wakeful-test\.iso:' "$out/Makefile" && targets="$targets wakeful-test.iso"
fi

# ---- build ------------------------------------------------------------
# (Host tests alone need no ISO: their own make target builds them.)
# shellcheck disable=SC2086
if [ -n "$targets" ] && ! make -s -C "$out" $targets > "$log/build.log" 2>&1; then
	grep -v -E '^make(\[[0-9]+\])?: (\*\*\*|Leaving|Entering)' "$log/build.log" | tidy | head -40
	echo "FAIL $id/build: the answer does not compile (the first error above names the file and line)" | tee -a "$log/results"
	verdict 2
fi
stage build
[ -n "${ONLY_BUILD:-}" ] && exit 0

# ---- run --------------------------------------------------------------
# The exercise's own tests, by name: every result of theirs is shown. The
# chapter's tests run too (they are in the same test kernel) and count as
# checks, since an answer must not break them, but only their failures
# are shown, and a line says how many passed.
# shellcheck disable=SC2086
exnames=$( [ -n "$ktests" ] && cd "$out" && sed -n 's/^[ \t]*KTEST\(_SHOULD_PANIC\)\{0,1\}(\([A-Za-z0-9_]*\)[,)].*/\2/p' $ktests | tr '\n' ' ')
run() {
	# Result lines go to the terminal and the results; qrun's own
	# complaints (a missing ISO, no QEMU) to the terminal only.
	"$@" 2>&1 | tidy | awk -v res="$log/results" -v id="$id" -v ex="$exnames" '
		BEGIN { n = split(ex, e, " "); for (i = 1; i <= n; i++) mine[id "/" e[i]] = 1 }
		/^(PASS|FAIL) / {
			print >> res
			name = $2; sub(/:$/, "", name)
			if (n && !(name in mine) && $1 == "PASS") { quiet++; next }
			print; fflush(); next
		}
		/^qrun:/ { print }
		END { if (quiet) printf "     and %d of the chapter\047s own tests passed (not listed)\n", quiet }'
}
if [ -n "$host" ]; then
	make -s -C "$out" ex-host-test > "$log/host.log" 2>&1
	status=$?
	grep -E '^(PASS|FAIL) ' "$log/host.log" | sed "s#^\(PASS\|FAIL\) #&$id/#" | tidy | tee -a "$log/results"
	if [ "$status" != 0 ] && ! grep -q -E '^(PASS|FAIL) ' "$log/host.log"; then
		# Nothing ran: the host test program did not compile.
		grep -v -E '^make(\[[0-9]+\])?: (\*\*\*|Leaving|Entering)' "$log/host.log" | tidy | head -40
		echo "FAIL $id/build: the answer does not compile for the host tests (the first error above names the file and line)" | tee -a "$log/results"
		verdict 2
	elif [ "$status" != 0 ] && ! grep -q '^FAIL ' "$log/host.log"; then
		tidy < "$log/host.log" | tail -20
		echo "FAIL $id/host: the host-side tests stopped with status $status" | tee -a "$log/results"
	fi
fi
# The empty CD that goes with -kernel (see "what to run").
cd_=$log/boot/empty.iso
mkdir -p "$log/boot"
[ -f "$cd_" ] || : > "$cd_"
if [ -f "$out/disk.img" ]; then
	ln -sf "$(realpath "$out/disk.img")" "$log/boot/disk.img"
else
	rm -f "$log/boot/disk.img"
fi
if [ -n "$testelf" ]; then
	run "$qrun" -p "$id" -t "$timeout" -l "$log/serial.log" -Q "-icount $icount -kernel $out/$testelf" "$cd_"
fi
for s in $scripts; do
	run "$qrun" -p "$id" -t "$expect_timeout" -l "$log/$(basename "$s").log" -Q "-icount $icount -kernel $out/wakeful.elf" \
		-e "$out/$s" "$cd_"
done

stage run

# ---- explain what failed ---------------------------------------------
if grep -q '^FAIL ' "$log/results"; then
	echo
	if grep -q '^FAIL .*timed out after' "$log/results"; then
		echo "  A test never finished: the kernel was stopped after the timeout. Look for a"
		echo "  loop in your answer that cannot end, or that waits for something that never comes."
	fi
	if grep -q '^FAIL .*reset or stopped' "$log/results"; then
		echo "  The machine reset (a triple fault): the CPU hit a fault it could not even"
		echo "  report. Common causes: a bad pointer in an exception path, a corrupt stack."
	fi
	if grep -q '^FAIL .*went idle waiting' "$log/results"; then
		echo "  The kernel stopped doing anything (halted, or only taking timer interrupts)"
		echo "  before it showed the text the check waits for: it never will."
	fi
	if grep -q '^FAIL .*not on the screen\|^FAIL .*not on COM1' "$log/results"; then
		echo "  The kernel did not show the text the check waits for; the message gives what it saw."
	fi
	if grep -q '^FAIL .*: [^ ]*:[0-9]*: ' "$log/results"; then
		echo "  Each FAIL line names the check (file:line) and what it expected and saw."
	fi
	if [ -n "$host" ] && grep -q "^FAIL $id/.*expected" "$log/results"; then
		echo "  The host tests' FAIL lines say what they expected and what they saw."
	fi
	if [ -n "$testelf$scripts" ]; then
		echo "  Everything the kernel printed on COM1 is in $log/*.log."
	fi
fi
verdict 1
