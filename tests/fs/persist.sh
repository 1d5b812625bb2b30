#!/bin/sh
# persist.sh DIR -- a file written in the shell of checkpoint DIR's reader
# kernel is still there at the next boot (chapter 19).
#
# Boots DIR/wakeful.iso twice in QEMU the way make boot does (tangle/qemu.sh,
# mode look, without a screen), in a directory of its own that holds the
# ISO and a copy of DIR/disk.img: qemu.sh makes boot-disk.img from it at
# the first boot and keeps it for the second, as it keeps a reader's. The
# first boot writes a file with the shell, the second reads it back.
# Keys go in through the QEMU monitor's sendkey, each only after the
# output it waits for has arrived on COM1; the timeouts only catch a hang
# (WAIT seconds for each expected line, default 300). FRESH=1 gives the
# second boot a fresh copy of the image instead (boot-disk.img removed,
# so qemu.sh makes it again), which must make the test fail (that is how
# it was seen failing).
set -u
dir=$1
name=fs_persist/a_file_written_in_the_shell_is_there_after_a_reboot
wait_s=${WAIT:-300}
tmp=$(mktemp -d)
trap 'kill "$qemu" 2>/dev/null; rm -rf "$tmp"' EXIT
qemu=
qemu_sh=$(dirname "$0")/../../tangle/qemu.sh
cp "$dir/disk.img" "$tmp/disk.img" || exit 1
ln -s "$(realpath "$dir/wakeful.iso")" "$tmp/wakeful.iso" || exit 1

start() {	# start LOG: boot in the background, the monitor on fd 3
	rm -f "$tmp/mon"
	mkfifo "$tmp/mon"
	UI=none sh "$qemu_sh" look "$tmp/wakeful.iso" \
		-serial "file:$1" -monitor stdio \
		< "$tmp/mon" > /dev/null 2>&1 &
	qemu=$!
	exec 3> "$tmp/mon"
}

wait_for() {	# wait_for LOG GREP-ARGS...: until a line of LOG matches them
	log=$1
	shift
	n=0
	while ! tr -d '\r' 2>/dev/null < "$log" | grep -qx "$@"; do
		n=$((n + 1))
		if [ "$n" -gt "$((wait_s * 5))" ]; then
			echo "FAIL $name: no line matching '$*' on COM1 after $wait_s s (see $log)"
			exit 1
		fi
		sleep 0.2
	done
}

type_line() {	# type_line WORD...: each letter, a space between words, Enter
	sep=
	for w in "$@"; do
		[ -n "$sep" ] && echo "sendkey spc" >&3
		sep=1
		for c in $(echo "$w" | fold -w1); do
			echo "sendkey $c" >&3
			sleep 0.05
		done
	done
	echo "sendkey ret" >&3
}

stop() {
	echo quit >&3
	exec 3>&-
	wait "$qemu"
	qemu=
}

log1=$tmp/boot1.log
log2=$tmp/boot2.log
start "$log1"
wait_for "$log1" -F -- "Type on the keyboard, or on this terminal if there is no window."
type_line write kept on disk
type_line ls
wait_for "$log1" -F -- "  kept  7 bytes"
stop
[ "${FRESH:-}" = 1 ] && rm "$tmp/boot-disk.img"
start "$log2"
wait_for "$log2" -F -- "Type on the keyboard, or on this terminal if there is no window."
type_line cat kept
wait_for "$log2" -e "on disk" -e "cat: kept: .*"
said=$(tr -d '\r' < "$log2" | grep -x -e "on disk" -e "cat: kept: .*")
stop
if [ "$said" = "on disk" ]; then
	echo "PASS $name"
else
	echo "FAIL $name: the second boot said \"$said\""
	exit 1
fi
