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
