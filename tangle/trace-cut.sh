#!/bin/sh
# trace-cut.sh LOG -- drop LOG's last line if it has no newline: a trace
# record cut off when qrun stopped QEMU (tangle/mk/trace.mk). Every record
# the kernel finished ends in a newline.
set -u
log=$1
[ -s "$log" ] || exit 0
[ -z "$(tail -c 1 "$log")" ] && exit 0	# ends in a newline: nothing was cut
sed '$d' "$log" > "$log.tmp" && mv "$log.tmp" "$log"
