#!/bin/sh
# The second way in: test kernels booted by a Multiboot 1 loader.
#
# The web page boots each chapter's kernel with v86's built-in Multiboot 1
# loader instead of GRUB (chapter 1's second header; chapter 9 translates
# the Multiboot 1 memory map). make test boots every kernel through GRUB,
# so this suite boots some test kernels the other way, with QEMU's
# -kernel, which is the same protocol: chapter 3's (the first test kernel),
# chapter 9's (the first to read the memory map) and the last chapter's.
# The CD is an empty file, so nothing but -kernel can have booted them.
# Each must pass all its tests; one line per kernel.
set -u
qrun=${QRUN:-build/tools/qrun}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
last=$(ls -d build/ch[0-9][0-9] | sort | tail -n 1)
for d in build/ch03 build/ch09 $last; do
	n=${d#build/}
	name=pipeline/multiboot1/$n
	if [ ! -f "$d/wakeful-test.elf" ]; then
		echo "FAIL $name: $d/wakeful-test.elf is missing (run make first)"
		continue
	fi
	# qrun attaches the disk.img it finds beside the ISO (chapter 18 on):
	# the empty CD of this checkpoint gets the checkpoint's disk beside it.
	mkdir -p "$t/$n"
	: > "$t/$n/empty.iso"
	[ -f "$d/disk.img" ] && ln -s "$(realpath "$d/disk.img")" "$t/$n/disk.img"
	"$qrun" -p "$n" -t "${TEST_TIMEOUT:-60}" -l "$t/$n.log" \
		-Q "-icount shift=0,sleep=off -kernel $d/wakeful-test.elf" \
		"$t/$n/empty.iso" > "$t/$n.out" 2>&1
	passed=$(grep -c '^PASS ' "$t/$n.out")
	failed=$(grep -c '^FAIL ' "$t/$n.out")
	if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then
		echo "PASS $name: $passed tests passed, booted by QEMU -kernel (Multiboot 1)"
	else
		echo "FAIL $name: $failed of $((passed + failed)) tests failed booted by QEMU -kernel (Multiboot 1); first: $(grep -m1 '^FAIL ' "$t/$n.out" || head -n 1 "$t/$n.out")"
	fi
done
