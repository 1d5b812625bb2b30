#!/bin/sh
# The kernel's layers, on every checkpoint the build made:
#  - the reader's kernel (wakeful.elf) has no test-runner code: no symbol
#    with "ktest" in its name, and none that a test object defines;
#  - every header compiles on its own (an empty file that includes it);
#  - every header has the one include-guard style, WAKEFUL_<NAME>_H;
#  - no kernel header has the name of one of the C library's (host tests
#    put kernel/ on their include path, where it would shadow libc's).
#  - no include cycle between kernel modules (x.c with x.h) unless
#    book/include-cycles.txt lists it with the chapter whose prose says
#    why the modules include each other (tests/pipeline/include-cycles.awk).
set -u
pass() { echo "PASS pipeline/layers/$1"; }
fail() { echo "FAIL pipeline/layers/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
: > "$t/used"
CFLAGS="-m32 -std=gnu11 -ffreestanding -fno-pic -fno-stack-protector -Wall -Wextra -Werror"
# Where the host compiler looks for <...> headers: a kernel header with a
# name found there would shadow the C library's in a host test (-Ikernel).
SYSDIRS=$(cc -xc -E -v /dev/null 2>&1 | sed -n '/<\.\.\.> search starts/,/End of search/p' | grep '^ /')

for d in build/ch[0-9][0-9]; do
	ch=$(basename "$d")
	[ -f "$d/wakeful.elf" ] || continue
	nm "$d/wakeful.elf" | awk '{ print $NF }' | sort -u > "$t/kernel"
	: > "$t/tests"
	for o in "$d"/obj/tests/*.o; do
		[ -f "$o" ] && nm -g --defined-only "$o" | awk '{ print $NF }'
	done | sort -u > "$t/tests"
	leaked=$( { grep -i ktest "$t/kernel"; comm -12 "$t/kernel" "$t/tests"; } | sort -u | head -n 5 | tr '\n' ' ')
	if [ -z "$leaked" ]; then
		pass "$ch/no-test-runner-in-kernel"
	else
		fail "$ch/no-test-runner-in-kernel" "wakeful.elf has test-runner symbols: $leaked"
	fi
	bad=
	guards=
	for h in "$d"/kernel/*.h "$d"/tests/*.h "$d"/bench/*.h; do
		[ -f "$h" ] || continue
		rel=${h#"$d"/}
		# shellcheck disable=SC2086
		printf '#include "%s"\n' "$(basename "$h")" |
			gcc $CFLAGS -fsyntax-only -I"$(dirname "$h")" -I"$d/kernel" -x c - \
				> "$t/err" 2>&1 || bad="$bad $rel"
		want=WAKEFUL_$(basename "$h" .h | tr 'a-z-' 'A-Z_')_H
		got=$(grep -v '^#line' "$h" | grep -m 1 '^#ifndef' | awk '{ print $2 }')
		[ "$got" = "$want" ] || guards="$guards $rel($got)"
	done
	if [ -z "$bad" ]; then
		pass "$ch/headers-compile-alone"
	else
		fail "$ch/headers-compile-alone" "these do not compile on their own:$bad"
	fi
	if [ -z "$guards" ]; then
		pass "$ch/one-guard-style"
	else
		fail "$ch/one-guard-style" "guards that are not WAKEFUL_<NAME>_H:$guards"
	fi
	clash=
	for h in "$d"/kernel/*.h; do
		[ -f "$h" ] || continue
		for s in $SYSDIRS; do
			[ -f "$s/$(basename "$h")" ] && clash="$clash ${h#"$d"/}($s)" && break
		done
	done
	if [ -z "$clash" ]; then
		pass "$ch/no-libc-header-names"
	else
		fail "$ch/no-libc-header-names" "kernel headers named like the C library's:$clash"
	fi
	set --
	for f in "$d"/kernel/*.c "$d"/kernel/*.h; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	awk -f tests/pipeline/include-cycles.awk -v ch="$ch" -v allow=book/include-cycles.txt \
		-v book=book "$@" < /dev/null > "$t/cycles"
	grep -E '^(PASS|FAIL) ' "$t/cycles"
	sed -n 's/^USED //p' "$t/cycles" >> "$t/used"
done

# Every line of the allow-list names a cycle some checkpoint still has: a
# cycle broken since leaves no stale excuse behind. Only when every
# chapter's checkpoint was there to look at.
all=yes
for f in book/[0-9][0-9]-*.nw; do
	n=$(basename "$f" | cut -c1-2)
	[ -f "build/ch$n/wakeful.elf" ] || all=
done
if [ -z "$all" ]; then
	echo "SKIP pipeline/layers/include-cycles-list-is-current: not every checkpoint is built"
else
	stale=$(awk '{ sub(/#.*/, ""); $1 = $1 } NF >= 3' book/include-cycles.txt |
		while read -r line; do
			grep -qxF "$line" "$t/used" || printf ' [%s]' "$line"
		done)
	if [ -z "$stale" ]; then
		pass include-cycles-list-is-current
	else
		fail include-cycles-list-is-current "book/include-cycles.txt lists cycles no checkpoint has:$stale"
	fi
fi
