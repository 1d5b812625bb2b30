#!/bin/sh
# qemu.sh MODE IMAGE [QEMU-ARG...] -- start QEMU on a Wakeful kernel.
#
# The one place that says how QEMU is started (issue #10). Every caller
# goes through it: the test runner (build/tools/qrun, which make test,
# make check, make bench and make trace use), make boot, make debug, the
# persistence test (tests/fs/persist.sh), and a checkpoint's own Makefile
# (make boot, make ktest): tangle.sh copies this file into every tree it
# tangles, so a checkpoint unpacked from its tarball boots on its own.
#
# IMAGE is an ISO (booted from the CD, through GRUB) or an ELF file
# (QEMU's -kernel, its Multiboot 1 loader; chapter 1). A checkpoint with a
# disk (chapter 18 on) has disk.img beside IMAGE; it becomes the primary
# IDE master, in the way MODE says.
#
# MODE is who watches the machine:
#   look   a person (make boot). UI=window (the default with a display:
#          a window shows the VGA screen, COM1 is this terminal; close the
#          window to quit), UI=terminal (the default without one: COM1 and
#          the QEMU monitor share this terminal, what you type goes to
#          COM1; quit with Ctrl-A then X), UI=curses (the VGA screen in the
#          terminal; quit with Esc 2, then `quit`), UI=none (no screen, no
#          COM1: the caller gives -serial and -monitor). The disk is
#          boot-disk.img, a copy of disk.img kept between boots, so that
#          what the kernel writes is there next time; it is made afresh
#          when disk.img changes.
#   test   a program (qrun, make ktest): no screen, COM1 on standard
#          output, the machine's clocks on the emulated clock, and
#          disk.img with snapshot=on, so that no run changes the image
#          the next run reads.
#   debug  gdb (make debug): stopped before the first instruction (-S), a
#          window only with UI=window, disk.img with snapshot=on as in
#          test, so gdb sees the machine the tests saw.
#
# QEMU-ARG...: the caller's arguments for this one run, after the mode's:
# qrun's monitor socket and token, -icount, a second serial port, the gdb
# port. QEMU in the environment names the program to run instead of
# qemu-system-i386 (qrun's own tests put a fake kernel there).
#
# QEMU_DRY_RUN=1 prints the command instead of running it, one line, with
# any argument that needs it quoted for the shell, and changes nothing
# (no note for the person, no copy of the disk). It is how the book shows
# QEMU's flags: chapter 1 quotes what the build's dry run of look mode
# printed (build/transcripts/ch01-look.log, the Makefile), never a typed
# copy that could drift from this file (tests/pipeline/qemu-one-place.sh).
set -eu
die() {
	echo "qemu.sh: $*" >&2
	exit 2
}
case ${QEMU_DRY_RUN:-} in
'' | 0) dry= ;;
1) dry=1 ;;
*) die "QEMU_DRY_RUN must be 1 (print the command) or 0, not '$QEMU_DRY_RUN'" ;;
esac
# A note for the person at the terminal (look mode); a dry run prints
# only the command.
say() {
	[ -n "$dry" ] || echo "$*"
}
# The command on one line, each argument quoted if the shell would split
# or expand it.
print_command() {
	line=
	for a; do
		case $a in
		'' | *[!A-Za-z0-9_./,=:@%+-]*)
			a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		line="$line${line:+ }$a"
	done
	printf '%s\n' "$line"
}
[ $# -ge 2 ] || die "usage: qemu.sh look|test|debug IMAGE [QEMU-ARG...]"
mode=$1
image=$2
shift 2
[ -f "$image" ] || die "$image does not exist (run make first)"
dir=$(dirname "$image")
ui=${UI:-}
if [ -z "$ui" ]; then
	if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then ui=window; else ui=terminal; fi
fi

# The mode's own flags go in front of the caller's.
case $mode in
look)
	case $ui in
	window)
		say "boot: QEMU window; COM1 below. Close the window to quit."
		set -- -serial stdio "$@" ;;
	curses)
		set -- -display curses -serial none "$@" ;;
	terminal)
		say "boot: no display, COM1 is this terminal. Quit: Ctrl-A then X."
		set -- -nographic "$@" ;;
	none)
		set -- -display none "$@" ;;
	*)
		die "UI must be window, terminal, curses or none, not '$ui'" ;;
	esac ;;
test)
	# -nodefaults: no floppy, network card or parallel port. Without them
	# the firmware has nothing to probe and time out on, which matters
	# under -icount, where every busy-wait costs emulated instructions.
	#
	# -rtc clock=vm: the real-time clock follows the emulated clock, not
	# the host's. Under -icount with sleep=off the emulated clock jumps
	# ahead while the guest halts; an RTC on the host's clock (QEMU's
	# default) would tick at the host's pace, and chapter 7's slave-IRQ
	# test saw its 50 PIT ticks pass before 3 RTC interrupts when the host
	# was busy.
	#
	# -cpu qemu32,-tsc: QEMU's usual processor (qemu32), without the
	# time-stamp counter in CPUID. GRUB calibrates the counter against
	# the PIT as it starts when CPUID lists one: it polls port 0x61 for
	# 55 ms of emulated time, and under -icount every poll is an I/O
	# access that ends a translation block. That loop took most of the
	# host's time of a short test run (the commit that added this flag
	# has the figures). Without the bit GRUB skips the calibration. The
	# kernel's rdtsc still runs (QEMU does not check the CPUID bit), and
	# under -icount it counts emulated nanoseconds either way.
	set -- -nodefaults -vga std -display none -serial stdio -rtc clock=vm -cpu qemu32,-tsc "$@" ;;
debug)
	case $ui in
	window) ;;
	terminal | none) set -- -display none "$@" ;;
	*) die "UI must be window or none in debug mode, not '$ui'" ;;
	esac
	set -- -nodefaults -vga std -S "$@" ;;
*)
	die "MODE must be look, test or debug, not '$mode'" ;;
esac

# The disk (chapter 18 on).
if [ -f "$dir/disk.img" ]; then
	if [ "$mode" = look ]; then
		if [ -z "$dry" ] && { [ ! -f "$dir/boot-disk.img" ] || [ "$dir/disk.img" -nt "$dir/boot-disk.img" ]; }; then
			cp "$dir/disk.img" "$dir/boot-disk.img"
		fi
		drive=file=$dir/boot-disk.img,format=raw,if=ide,index=0,media=disk
	else
		drive=file=$dir/disk.img,format=raw,if=ide,index=0,media=disk,snapshot=on
	fi
	set -- -drive "$drive" "$@"
fi

case $image in
*.iso) set -- -cdrom "$image" -boot d "$@" ;;
*.elf) set -- -kernel "$image" "$@" ;;
*) die "$image: IMAGE must be an .iso or an .elf file" ;;
esac

# Every mode: 128 MiB, stop instead of rebooting after a triple fault, and
# the exit device the test kernel leaves QEMU through (chapter 3).
set -- "${QEMU:-qemu-system-i386}" -m 128 -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@"
if [ -n "$dry" ]; then
	print_command "$@"
	exit 0
fi
exec "$@"
