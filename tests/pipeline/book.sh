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

fresh
sed -i "$((at + 1))i <<misspelled chunk>>" "$t/w/$ch"
if make -C "$t/w" checkpoint-01 > "$t/out" 2>&1; then
	fail misspelled-reference "make accepted a reference to an undefined chunk"
elif grep -q "$ch:$((at + 1)): <<misspelled chunk>> is used here but never defined" "$t/out"; then
	pass misspelled-reference
else
	fail misspelled-reference "expected $ch:$((at + 1)) and the chunk name in: $(tail -n 3 "$t/out")"
fi

fresh
printf '\n<<An orphan chunk>>=\nint orphan;\n@\n' >> "$t/w/$ch"
line=$(grep -n '^<<An orphan chunk>>=' "$t/w/$ch" | cut -d: -f1)
if make -C "$t/w" checkpoint-01 > "$t/out" 2>&1; then
	fail orphan-definition "make accepted a chunk that nothing uses"
elif grep -q "$ch:$line: <<An orphan chunk>> is defined but never used" "$t/out"; then
	pass orphan-definition
else
	fail orphan-definition "expected $ch:$line and the chunk name in: $(tail -n 3 "$t/out")"
fi

# A compiler error points into the book, not into build/.
fresh
sed -i "$((at + 1))i this is not C;" "$t/w/$ch"
if make -C "$t/w" checkpoint-01 > "$t/out" 2>&1; then
	fail compile-error-in-book "the broken C compiled"
elif grep -q "book/01-booting.nw:$((at + 1)):.*error" "$t/out"; then
	pass compile-error-in-book
else
	fail compile-error-in-book "expected an error at book/01-booting.nw:$((at + 1)) in: $(grep error "$t/out" | head -n 2)"
fi
