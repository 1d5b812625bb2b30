#!/bin/sh
# Two makes that build the same ISO at once both succeed (make -j, or a
# make boot while the book builds): chapter 1's make-iso recipe keeps what
# it makes on the way in a directory of its own. With a fixed tree name
# the second grub-mkimage truncated the first one's core image, and
# xorriso failed with "Boot image file is empty".
#
# Runs on a copy of the first checkpoint (its ISO is the quickest to make),
# ROUNDS times (default 4), with make -B so that both really build.
set -u
pass() { echo "PASS pipeline/iso-race/$1"; }
fail() { echo "FAIL pipeline/iso-race/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

d=$(ls -d build/ch[0-9][0-9] 2>/dev/null | head -n 1)
if [ -z "$d" ] || [ ! -f "$d/wakeful.iso" ]; then
	fail two-builds-of-one-iso "no checkpoint with a wakeful.iso (run make first)"
	exit 0
fi
cp -a "$d" "$t/ch"
bad=
i=0
while [ "$i" -lt "${ROUNDS:-4}" ]; do
	i=$((i + 1))
	make -s -B -C "$t/ch" wakeful.iso > "$t/a.out" 2>&1 &
	a=$!
	make -s -B -C "$t/ch" wakeful.iso > "$t/b.out" 2>&1
	sb=$?
	wait "$a"
	sa=$?
	if [ "$sa" != 0 ] || [ "$sb" != 0 ]; then
		bad="round $i: $(cat "$t/a.out" "$t/b.out" | grep -m 1 -iE 'fail|error|cannot')"
		break
	fi
done
if [ -n "$bad" ]; then
	fail two-builds-of-one-iso "$bad"
elif ! grub-file --is-x86-multiboot2 "$t/ch/wakeful.elf" || [ ! -s "$t/ch/wakeful.iso" ]; then
	fail two-builds-of-one-iso "no ISO after the builds"
elif ls "$t/ch" | grep -q '\.iso\.'; then
	fail two-builds-of-one-iso "left behind: $(ls "$t/ch" | grep '\.iso\.' | tr '\n' ' ')"
else
	pass two-builds-of-one-iso
fi
