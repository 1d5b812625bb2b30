#!/bin/sh
# Break a copy of the real book the way an author might, and check that
# `make` refuses it with a message that names the .nw file, line and chunk.
set -u
pass() { echo "PASS pipeline/book/$1"; }
fail() { echo "FAIL pipeline/book/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ch=book/01-booting.nw

fresh() {
	rm -rf "$t/w"
	mkdir -p "$t/w"
	cp -r Makefile tangle "$t/w/"
	mkdir -p "$t/w/book"
	cp "$ch" "$t/w/book/"
}

# The line of "<<kernel/main.c>>=", the first chunk of the kernel's C.
at=$(grep -n '^<<kernel/main.c>>=' "$ch" | head -n 1 | cut -d: -f1)
[ -n "$at" ] || { fail setup "no <<kernel/main.c>>= in $ch"; exit 0; }

# expect_refusal NAME WANT: make must fail on the broken copy, saying WANT.
expect_refusal() {
	if make -C "$t/w" checkpoint-01 > "$t/out" 2>&1; then
		fail "$1" "make accepted the broken book"
	elif grep -q -- "$2" "$t/out"; then
		pass "$1"
	else
		fail "$1" "expected '$2' in: $(tail -n 3 "$t/out")"
	fi
}

fresh
sed -i "$((at + 1))i <<misspelled chunk>>" "$t/w/$ch"
expect_refusal misspelled-reference "$ch:$((at + 1)): <<misspelled chunk>> is used here but never defined"

fresh
printf '\n<<An orphan chunk>>=\nint orphan;\n@\n' >> "$t/w/$ch"
line=$(grep -n '^<<An orphan chunk>>=' "$t/w/$ch" | cut -d: -f1)
expect_refusal orphan-definition "$ch:$line: <<An orphan chunk>> is defined but never used"

# A compiler error points into the book, not into build/.
fresh
sed -i "$((at + 1))i this is not C;" "$t/w/$ch"
expect_refusal compile-error-in-book "book/01-booting.nw:$((at + 1)):[0-9]*: error"

# Nothing lands after a header's include guard: a continuation of a
# guarded header is refused, naming the chunk's place.
fresh
printf '\n<<kernel/x86.h>>=\nvoid after_the_guard(void);\n@\n' >> "$t/w/$ch"
line=$(grep -n '^<<kernel/x86.h>>=' "$t/w/$ch" | tail -n 1 | cut -d: -f1)
expect_refusal code-after-include-guard "$ch:$line: <<kernel/x86.h>> lands in kernel/x86.h after its include guard's #endif"
