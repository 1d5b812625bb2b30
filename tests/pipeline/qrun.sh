#!/bin/sh
# The test runner cannot be fooled: qrun against fake kernels.
#
# QRUN_QEMU makes qrun start a shell script instead of QEMU. The script
# plays one transcript (chosen by FAKE) on its standard output, which qrun
# reads as COM1, and exits with the status QEMU would have had: 33 or 35
# through isa-debug-exit, 0 after a reset under -no-reboot. It finds this
# boot's token where the kernel does, in the -fw_cfg argument. Each case
# states what qrun must print; a case whose FAIL lines qrun did not print,
# or that qrun passed, fails here.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
qrun=${QRUN:-$(pwd)/build/tools/qrun}
pass() { echo "PASS pipeline/qrun/$1"; }
fail() { echo "FAIL pipeline/qrun/$1: $2"; }

: > "$t/fake.iso"
cat > "$t/qemu" <<'SH'
#!/bin/sh
tok=none
while [ $# -gt 0 ]; do
	case $1 in
	-fw_cfg) tok=${2##*string=}; shift ;;
	esac
	shift
done
say() { printf '%s\r\n' "$*"; }
header() {	# header N NAME...: begin, then the list
	n=$1; shift
	say "KTEST begin $n $tok"
	for name; do say "KTEST list $name"; done
}
case $FAKE in
honest)
	header 2 a b
	say "Wakeful: the kernel is awake."
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run b"; say "KTEST number b_cost 42"; say "KTEST pass $tok b"
	say "KTEST end $tok 2 0"; exit 33 ;;
honest-failure)
	header 2 a b
	say "KTEST run a"; say "KTEST fail $tok a: book/x.nw:3: expected 1, saw 2"
	say "KTEST run b"; say "KTEST pass $tok b"
	say "KTEST end $tok 1 1"; exit 35 ;;
canned)	# a transcript recorded from another boot: its token is stale
	header 2 a b | sed "s/ $tok/ 0123456789abcdef/"
	say "KTEST run a"; say "KTEST pass 0123456789abcdef a"
	say "KTEST run b"; say "KTEST pass 0123456789abcdef b"
	say "KTEST end 0123456789abcdef 2 0"; exit 33 ;;
unannounced)	# results without KTEST run
	header 2 a b
	say "KTEST pass $tok a"; say "KTEST pass $tok b"
	say "KTEST end $tok 2 0"; exit 33 ;;
unlisted)	# a result for a test the kernel never listed
	header 1 a
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run ghost"; say "KTEST pass $tok ghost"
	say "KTEST end $tok 2 0"; exit 33 ;;
wrong-count)	# begin announces three, two are listed and pass
	header 3 a b
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run b"; say "KTEST pass $tok b"
	say "KTEST end $tok 2 0"; exit 33 ;;
ends-early)	# stops after one of three and says all is well
	header 3 a b c
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST end $tok 1 0"; exit 33 ;;
end-lies)	# the totals disagree with the results
	header 2 a b
	say "KTEST run a"; say "KTEST fail $tok a: book/x.nw:3: no"
	say "KTEST run b"; say "KTEST pass $tok b"
	say "KTEST end $tok 2 0"; exit 33 ;;
twice)	# one test reports twice
	header 1 a
	say "KTEST run a"; say "KTEST pass $tok a"; say "KTEST pass $tok a"
	say "KTEST end $tok 1 0"; exit 33 ;;
hang)	# b never returns
	header 3 a b c
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run b"
	exec sleep 600 ;;
spin)	# b spins: the runner counts the processor time it burns
	header 2 a b
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run b"
	while :; do :; done ;;
reset)	# b triple-faults: QEMU leaves with status 0 under -no-reboot
	header 3 a b c
	say "KTEST run a"; say "KTEST pass $tok a"
	say "KTEST run b"
	exit 0 ;;
init-panic)	# a panic before the first test
	header 2 a b
	say "KTEST fail $tok boot: kernel/heap.c:10: panic: out of memory"
	say "KTEST end $tok 0 1"; exit 35 ;;
init-reset)	# the machine resets before it could list anything
	say "Wakeful: the kernel is awake."
	exit 0 ;;
timed-echo)	# a reader's kernel whose clock cut into a typed word
	say "wakeful> as"
	say "[uptime 2 s: the timer queue works]"
	say "ync"
	exit 0 ;;
esac
exit 1
SH
chmod +x "$t/qemu"

# check CASE 'STATUS' 'EXPECTED LINE' ...: qrun's exit status and lines that
# must appear (grep -F). The timeouts are generous, so that a loaded
# machine cannot change a verdict; only the hang case waits for one (the
# fake uses no processor time, so the wall-clock cap, -W, catches it).
check() {
	name=$1 want_status=$2
	shift 2
	FAKE=$name QRUN_QEMU="$t/qemu" "$qrun" -p fake -t "${CPU:-120}" -W "${WALL:-1200}" "$t/fake.iso" > "$t/$name.out" 2> "$t/$name.err"
	status=$?
	if [ "$status" != "$want_status" ]; then
		fail "$name" "qrun exited with status $status, expected $want_status; it printed: $(tr '\n' '|' < "$t/$name.out")"
		return
	fi
	for line; do
		if ! grep -qF -- "$line" "$t/$name.out"; then
			fail "$name" "expected a line containing '$line'; qrun printed: $(tr '\n' '|' < "$t/$name.out")"
			return
		fi
	done
	pass "$name"
}

check honest 0 'PASS fake/a' 'PASS fake/b'
if grep -q '^FAIL' "$t/honest.out"; then
	fail honest-has-no-failures "$(grep '^FAIL' "$t/honest.out" | head -1)"
else
	pass honest-has-no-failures
fi
check honest-failure 1 'PASS fake/b' 'FAIL fake/a: book/x.nw:3: expected 1, saw 2'
check canned 1 "FAIL fake/begin: KTEST begin carries token '0123456789abcdef'" \
	"FAIL fake/a: a pass line with token '0123456789abcdef', not this boot's token" \
	"FAIL fake/b: a pass line with token" "FAIL fake/end: KTEST end carries token"
check unannounced 1 'FAIL fake/a: a pass line for a test that was not announced with KTEST run' \
	'FAIL fake/b: a pass line for a test that was not announced with KTEST run'
check unlisted 1 'FAIL fake/ghost: KTEST run of a test the kernel did not list'
check wrong-count 1 'FAIL fake/begin: KTEST begin announced 3 tests but the kernel listed 2'
check ends-early 1 'PASS fake/a' 'FAIL fake/b: not run: the kernel ended without running it' \
	'FAIL fake/c: not run: the kernel ended without running it'
check end-lies 1 'FAIL fake/end: KTEST end says 2 passed and 0 failed; the host counted 1 and 1'
check twice 1 'FAIL fake/a: a pass line for a test that already reported'
WALL=10 check hang 1 'PASS fake/a' 'FAIL fake/b: timed out after 10 s (wall clock' \
	'FAIL fake/c: not run: the kernel hung in b and was killed after 10 s (wall clock'
CPU=2 check spin 1 'PASS fake/a' 'FAIL fake/b: timed out after 2 s of processor time'
check reset 1 'PASS fake/a' 'FAIL fake/b: the machine reset or stopped (triple fault?) in b' \
	'FAIL fake/c: not run: the machine reset or stopped (triple fault?) in b'
check init-panic 1 'FAIL fake/boot: kernel/heap.c:10: panic: out of memory' \
	'FAIL fake/a: not run: a failure outside any test stopped the kernel' \
	'FAIL fake/b: not run: a failure outside any test stopped the kernel'
check init-reset 1 'FAIL fake/boot: no KTEST begin from the kernel: the machine reset or stopped'

# A boot script's `timed` lines: the kernel's own clock printed a line in
# the middle of a typed word; the word is still found once that line is
# cut out, and only then.
script() {	# script NAME WANT-STATUS 'EXPECTED LINE' < SCRIPT
	name=$1 want_status=$2 line=$3
	cat > "$t/$name.expect"
	FAKE=timed-echo QRUN_QEMU="$t/qemu" "$qrun" -p fake -t 120 -e "$t/$name.expect" "$t/fake.iso" \
		> "$t/$name.out" 2> "$t/$name.err"
	status=$?
	if [ "$status" != "$want_status" ] || ! grep -qF -- "$line" "$t/$name.out"; then
		fail "$name" "expected status $want_status and '$line'; qrun exited $status and printed: $(tr '\n' '|' < "$t/$name.out")"
	else
		pass "$name"
	fi
}
printf 'timed : the timer queue works]\nserial wakeful> async\n' |
	script timed-lines-are-cut-out 0 'PASS fake/boot:2 serial "wakeful> async"'
printf 'serial wakeful> async\n' |
	script untimed-lines-stay 1 'FAIL fake/boot:1 serial "wakeful> async": not on COM1 after QEMU stopped'

# A boot script waiting for text from a kernel that has gone idle for good
# fails at once, saying so, instead of at the hang timeout (-t 600 and a
# wall-clock cap of 6000 s here, which no run reaches). Chapter 1's
# kernel halts with interrupts off; chapter 7's takes timer interrupts and
# says nothing more.
idle() {	# idle NAME ISO 'EXPECTED TEXT'
	name=$1 iso=$2 want=$3
	if [ ! -f "$iso" ]; then
		echo "SKIP pipeline/qrun/$name: $iso is not built"
		return
	fi
	printf 'serial this line is never printed\n' > "$t/$name.expect"
	"$qrun" -p idle -t 600 -Q "-icount shift=0,sleep=off" -e "$t/$name.expect" "$iso" > "$t/$name.out" 2>&1
	if grep -qF -- "$want" "$t/$name.out"; then
		pass "$name"
	else
		fail "$name" "expected '$want'; qrun printed: $(tr '\n' '|' < "$t/$name.out")"
	fi
}
idle idle-halted-kernel build/ch01/wakeful.iso \
	'the kernel went idle waiting for it: the processor halted with interrupts off'
idle idle-ticking-kernel build/ch07/wakeful.iso \
	'the kernel went idle waiting for it: 30000 interrupts went by without a byte of output'

# The kernel's last words can still be in the pipe when the idle check
# hears that the processor has halted: chapter 4's kernel prints its
# breakpoint report and halts at once, and under load qrun had read the
# first half of the line when it asked the monitor (CI, stop 22: FAIL
# ch04/boot:3 serial "breakpoint at eip": the kernel went idle). This
# fake QEMU makes that order certain: it prints "breakpoint at", and
# writes " eip 0x1000" into the pipe only when the monitor asks for the
# registers, before it answers that the processor halted with
# interrupts off. The text was printed before the halt, so it must be
# found.
cat > "$t/lastwords.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		exit(1);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[512];
	int s, c, n;

	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-monitor") == 0)
			snprintf(sa.sun_path, sizeof(sa.sun_path), "%.*s",
				 (int)strcspn(argv[i + 1] + 5, ","), argv[i + 1] + 5);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(s, 1) != 0)
		return 1;
	say("Wakeful: the kernel is awake.\r\nbreakpoint at");
	c = accept(s, NULL, NULL);	/* no banner: qrun has read QEMU's long before */
	while ((n = read(c, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		if (strstr(buf, "info registers")) {
			say(" eip 0x1000\r\n");
			dprintf(c, "info registers\r\nEAX=00000000 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=1\r\n(qemu) ");
		} else {
			dprintf(c, "\r\n(qemu) ");
		}
	}
	return 0;
}
C
if cc -o "$t/lastwords" "$t/lastwords.c" 2> "$t/cc.err"; then
	printf 'serial breakpoint at eip\n' > "$t/lastwords.expect"
	QRUN_QEMU="$t/lastwords" "$qrun" -p fake -t 120 -W 1200 -e "$t/lastwords.expect" "$t/fake.iso" \
		> "$t/lastwords.out" 2> "$t/lastwords.err"
	if grep -qF 'PASS fake/boot:1 serial "breakpoint at eip"' "$t/lastwords.out"; then
		pass last-words-before-the-halt-count
	else
		fail last-words-before-the-halt-count "qrun printed: $(tr '\n' '|' < "$t/lastwords.out")"
	fi
else
	fail last-words-before-the-halt-count "cannot compile the fake QEMU: $(cat "$t/cc.err")"
fi
