#!/bin/sh
# debug.sh TREE ISO -- boot ISO (built in the source tree TREE) stopped at
# its first instruction, with QEMU's gdb stub, and attach gdb to it.
#
#   make debug CH=13            chapter 13's reader's kernel
#   make debug EX=ch13-yield    your answer's test kernel (the one make check runs)
#
# gdb loads the kernel's ELF (TREE/wakeful.elf or wakeful-test.elf, the
# one the ISO was made from), breaks at kmain and continues to it. Because
# the tangled C carries #line directives, gdb shows and steps through the
# lines of the book's .nw files (and of your answer.nw), not the tangled C.
# Useful first commands: list, break <function>, continue, next, step,
# bt, info registers, p <expression>. Quit gdb and QEMU goes with it.
#
# QEMU gets a window when there is a display; otherwise it runs without
# one and COM1 goes to TREE/.debug-serial.log. The stub listens on a free
# loopback port.
#
# Environment: BREAK=function (where to stop first; default kmain).
# GDB_BATCH="cmd;cmd;..." runs gdb non-interactively with those commands
# after the break and prints what they print (the project's tests use it:
# e.g. GDB_BATCH="list" must show lines of a .nw file).
set -u
tree=$1
iso=$2
elf=${iso%.iso}.elf
[ -f "$tree/$iso" ] && [ -f "$tree/$elf" ] || { echo "debug: $tree/$iso or $tree/$elf is missing (build it first)" >&2; exit 1; }
command -v gdb >/dev/null || { echo "debug: gdb is not installed (tangle/deps.sh installs it)" >&2; exit 1; }
brk=${BREAK:-kmain}

# A free port: ask the kernel for one by binding port 0 is not possible
# from sh, so try a few from a range chosen by our process id.
port=$((20000 + $$ % 20000))
while ss -ltn 2>/dev/null | grep -q ":$port "; do
	port=$((port + 1))
done

# QEMU is started by tangle/qemu.sh in its mode debug (stopped before the
# first instruction; the disk, from chapter 18 on, with snapshot=on as in
# the tests); sh execs QEMU, so $! is QEMU's process.
ui=none
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${GDB_BATCH:-}" ] && ui=window
UI=$ui sh "$(dirname "$0")/qemu.sh" debug "$tree/$iso" \
	-serial "file:$tree/.debug-serial.log" -gdb "tcp:127.0.0.1:$port" &
qemu=$!
trap 'kill "$qemu" 2>/dev/null' EXIT INT TERM
[ "$ui" = window ] || echo "debug: QEMU has no display here; COM1 goes to $tree/.debug-serial.log"

# Wait for the stub to listen (QEMU may be slow to start on a busy machine).
tries=0
until ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; do
	tries=$((tries + 1))
	kill -0 "$qemu" 2>/dev/null && [ "$tries" -lt 100 ] || { echo "debug: QEMU did not start its gdb stub" >&2; exit 1; }
	sleep 0.1
done

cd "$tree" || exit 1
if [ -n "${GDB_BATCH:-}" ]; then
	set -- -batch
	old_ifs=$IFS
	IFS=';'
	for c in $GDB_BATCH; do
		set -- "$@" -ex "$c"
	done
	IFS=$old_ifs
	gdb -q -nx "$elf" -ex "target remote 127.0.0.1:$port" -ex "break $brk" -ex continue "$@" -ex kill 2>&1
else
	echo "debug: gdb stops at $brk; the source it shows is the book's .nw files. Quit with q."
	gdb -q "$elf" -ex "target remote 127.0.0.1:$port" -ex "break $brk" -ex continue
fi
