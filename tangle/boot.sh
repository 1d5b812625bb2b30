#!/bin/sh
# boot.sh ISO -- boot a checkpoint for a person to look at.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY) QEMU opens a window showing
# the VGA screen (close the window to quit) and COM1 is on this terminal.
# Without one (ssh, a container, CI) QEMU runs -nographic: COM1 and the QEMU
# monitor share this terminal; what you type goes to COM1. Quit with
# Ctrl-A then X. UI=curses shows the VGA screen in the terminal instead
# (keys then go to the PS/2 keyboard; quit with Esc 2, then `quit`).
set -eu
iso=$1
[ -f "$iso" ] || { echo "boot: $iso does not exist (run make first)" >&2; exit 1; }
common="-cdrom $iso -boot d -m 128 -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04"
# A checkpoint with a disk (chapter 17 on) has disk.img beside its ISO. The
# reader's kernel gets a copy, boot-disk.img, kept between boots so that
# what the kernel writes is there next time; it is made afresh when the
# build's image changes. (The test runner attaches disk.img itself, with
# snapshot=on.)
dir=$(dirname "$iso")
if [ -f "$dir/disk.img" ]; then
	if [ ! -f "$dir/boot-disk.img" ] || [ "$dir/disk.img" -nt "$dir/boot-disk.img" ]; then
		cp "$dir/disk.img" "$dir/boot-disk.img"
	fi
	common="$common -drive file=$dir/boot-disk.img,format=raw,if=ide,index=0,media=disk"
fi
ui=${UI:-}
if [ -z "$ui" ]; then
	if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then ui=window; else ui=terminal; fi
fi
case $ui in
window)
	echo "boot: QEMU window; COM1 below. Close the window to quit."
	# shellcheck disable=SC2086
	exec qemu-system-i386 $common -serial stdio ;;
curses)
	# shellcheck disable=SC2086
	exec qemu-system-i386 $common -display curses -serial none ;;
terminal)
	echo "boot: no display, COM1 is this terminal. Quit: Ctrl-A then X."
	# shellcheck disable=SC2086
	exec qemu-system-i386 $common -nographic ;;
*)
	echo "boot: UI must be window, terminal or curses" >&2; exit 1 ;;
esac
