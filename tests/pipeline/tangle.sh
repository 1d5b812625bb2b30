#!/bin/sh
# The tangler's promises, each checked against a small book made here.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
tangle=$(pwd)/tangle/tangle.sh
pass() { echo "PASS pipeline/tangle/$1"; }
fail() { echo "FAIL pipeline/tangle/$1: $2"; }

cat > "$t/01-a.nw" <<'NW'
# A

<<src/main.c>>=
int main(void)
{
	<<Say hello>>
	return 0;
}
@ %def main
<<Say hello>>=
hello();
again();
@
NW
cat > "$t/02-b.nw" <<'NW'
# B

<<Say hello [replaces]>>=
goodbye();
<<Say hello>>=
/* continued */
@
NW

# Definitions concatenate; uses are indented with the use's own tabs.
if (cd "$t" && "$tangle" out 01-a.nw) 2> "$t/err"; then
	if grep -q "$(printf '^\thello();$')" "$t/out/src/main.c" && grep -q "$(printf '^\tagain();$')" "$t/out/src/main.c"; then
		pass indentation
	else
		fail indentation "expected tab-indented hello(); again(); in $(cat "$t/out/src/main.c")"
	fi
	if grep -q '^#line 11 "../01-a.nw"$' "$t/out/src/main.c"; then
		pass line-directives
	else
		fail line-directives "no '#line 10 \"../01-a.nw\"' before hello(), which is line 11"
	fi
else
	fail indentation "tangle failed: $(cat "$t/err")"
	fail line-directives "tangle failed"
fi

# A replacement throws the earlier definition away; later ones continue it.
if (cd "$t" && "$tangle" out2 01-a.nw 02-b.nw) 2> "$t/err" &&
   grep -q 'goodbye' "$t/out2/src/main.c" && ! grep -q 'hello' "$t/out2/src/main.c" &&
   grep -q 'continued' "$t/out2/src/main.c"; then
	pass replaces
else
	fail replaces "expected goodbye and the continuation, not hello: $(cat "$t/err" "$t/out2/src/main.c" 2>/dev/null)"
fi

# Each broken book must fail, naming the file, the line and the chunk.
expect_error() {
	name=$1 file=$2 want=$3
	if (cd "$t" && "$tangle" bad 01-a.nw "$file") 2> "$t/err" >/dev/null; then
		fail "$name" "tangle accepted the broken book"
	elif grep -q -- "$want" "$t/err"; then
		pass "$name"
	else
		fail "$name" "expected '$want' in: $(cat "$t/err")"
	fi
}
printf '# C\n\n<<src/x.c>>=\nint x;\n<<Misspeled chunk>>\n@\n' > "$t/03-c.nw"
expect_error undefined-chunk 03-c.nw '03-c.nw:5: <<Misspeled chunk>> is used here but never defined'
printf '# D\n\nText.\n\n<<Orphan chunk>>=\nint y;\n@\n' > "$t/04-d.nw"
expect_error orphan-chunk 04-d.nw '04-d.nw:5: <<Orphan chunk>> is defined but never used'
printf '# E\n\n<<Nothing here [replaces]>>=\nint z;\n@\n' > "$t/05-e.nw"
expect_error replaces-nothing 05-e.nw '05-e.nw:3: <<Nothing here>> \[replaces\] but no earlier definition'
printf '# G\n\nProse that says <<oops>> by mistake.\n' > "$t/07-g.nw"
expect_error markup-warning 07-g.nw '07-g.nw:3: unescaped << in documentation chunk'
printf '# F\n\n<<Say hello [replaces]>>=\nint w;\n<<src/y.c>>=\n<<Say hello>>\n@\n' > "$t/06-f.nw"
if (cd "$t" && "$tangle" ok 01-a.nw 06-f.nw) 2>/dev/null; then
	pass two-files
else
	fail two-files "a book with two file roots was refused"
fi

# Only changed files are rewritten, so make rebuilds only what changed.
(cd "$t" && "$tangle" out 01-a.nw) 2>/dev/null
before=$(stat -c %Y.%N "$t/out/src/main.c" 2>/dev/null)
sleep 1
(cd "$t" && "$tangle" out 01-a.nw) 2>/dev/null
after=$(stat -c %Y.%N "$t/out/src/main.c" 2>/dev/null)
if [ -n "$before" ] && [ "$before" = "$after" ]; then
	pass unchanged-files-kept
else
	fail unchanged-files-kept "src/main.c was rewritten although the book did not change"
fi
