#!/bin/sh
# One chunk model: chunks.awk is the book's only parser, and the tangle and
# the weave agree on it. A small two-chapter book replaces a chunk once in
# a later chapter and once within the same chapter; the table records each
# replacement once, the tangled file holds exactly the chunks the table
# leaves in, and the woven pages say the same (a place where the tangle put
# the lines, "Not in checkpoint" where it did not).
set -u
pass() { echo "PASS pipeline/chunks/$1"; }
fail() { echo "FAIL pipeline/chunks/$1: $2"; }
top=$(pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/book"

cat > "$t/book/01-a.nw" <<'NW'
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
@
NW
cat > "$t/book/02-b.nw" <<'NW'
# B

<<Say hello [replaces]>>=
goodbye();
<<Say hello>>=
/* continued */
@
Then a better idea, in the same chapter:

<<Say hello [replaces]>>=
farewell();
@
NW

cd "$t" || exit 1
/usr/lib/noweb/markup -t book/01-a.nw book/02-b.nw > markup
if ! awk -v out=table -f "$top/tangle/chunks.awk" markup 2> err; then
	fail table "chunks.awk refused the book: $(cat err)"
	exit 0
fi

# The table: chunk 2 (1.2) is retired by chunk 3 (2.1), which with its
# continuation (2.2, head 3) is retired by chunk 5 (2.3); only 1.1 and 2.3
# are left. Columns: id path line last ord num name replaces head
# replaced_by defines uses.
got=$(cut -f 1,5-10 table/chunks.tsv | tr '\t' ' ' | tr '\n' ';')
want='1 1 1 src/main.c 0 1 0;2 1 2 Say hello 0 2 3;3 2 1 Say hello 1 3 5;4 2 2 Say hello 0 3 5;5 2 3 Say hello 1 5 0;'
if [ "$got" = "$want" ]; then
	pass table-records-replacements-once
else
	fail table-records-replacements-once "chunks.tsv rows (id ord num name replaces head replaced_by): $got"
fi
if [ "$(cut -f 11,12 table/chunks.tsv | head -n 1)" = "$(printf 'main\t<<Say hello>>')" ]; then
	pass table-defines-and-uses
else
	fail table-defines-and-uses "row 1 defines/uses: $(cut -f 11,12 table/chunks.tsv | head -n 1)"
fi

# The tangle of each checkpoint, and the weave of both chapters.
for n in 01 02; do
	files=book/01-a.nw
	[ "$n" = 02 ] && files="$files book/02-b.nw"
	# shellcheck disable=SC2086
	sh "$top/tangle/tangle.sh" "build/ch$n" $files 2>> err || fail "tangle-ch$n" "$(cat err)"
done
w=build/weave
mkdir -p "$w"
cp markup "$w/markup"
tw=$top/tangle/weave
if ! { awk -v out="$w" -v who=weave -f "$top/tangle/chunks.awk" "$w/markup" &&
	awk -v out="$w" -f "$top/tangle/chunkrow.awk" -f "$tw/table.awk" -f "$tw/meta.awk" &&
	awk -v out="$w" -f "$top/tangle/chunkrow.awk" -f "$tw/table.awk" -f "$tw/highlight.awk" -f "$top/tangle/weave.awk"; } 2>> err; then
	fail weave "the weave failed: $(cat err)"
	exit 0
fi

if grep -q 'farewell' build/ch02/src/main.c && ! grep -q 'hello\|goodbye\|continued' build/ch02/src/main.c &&
   grep -q 'hello' build/ch01/src/main.c; then
	pass tangle-keeps-what-the-table-keeps
else
	fail tangle-keeps-what-the-table-keeps "ch02 main.c: $(grep -v '^#line' build/ch02/src/main.c | tr '\n' ' ')"
fi

# For every chunk of each chapter: the tangle of that chapter's
# checkpoint placed it (a row in .landing) exactly when the woven page
# gives it a place rather than "Not in checkpoint".
bad=
while IFS="$(printf '\t')" read -r id path line _ ord num name _; do
	nn=$(printf '%02d' "$ord")
	body=$(ls "$w"/ch"$nn"-*.body)
	div=$(grep -A 1 "id=\"ch$nn-chunk-$num\"" "$body" | tail -n 1)
	if grep -q "^$path:$line	" "build/ch$nn/.landing"; then
		case $div in
		*'Not in checkpoint'*) bad="$bad $nn.$num(tangled, page says not)" ;;
		*'chunk-where'*) ;;
		*) bad="$bad $nn.$num(tangled, page gives no place)" ;;
		esac
	else
		case $div in
		*"Not in checkpoint $((ord)): replaced by"*) ;;
		*) bad="$bad $nn.$num(not tangled, page says otherwise)" ;;
		esac
	fi
done < table/chunks.tsv
if [ -z "$bad" ]; then
	pass weave-and-tangle-agree
else
	fail weave-and-tangle-agree "$bad"
fi

# The page says each replacement once, where the table does.
b1=$(ls "$w"/ch01-*.body)
b2=$(ls "$w"/ch02-*.body)
if grep -q 'Replaced in <a href="ch02-b.html#ch02-chunk-1">2.1</a>' "$b1" &&
   grep -q 'Replaced in <a href="#ch02-chunk-3">2.3</a>' "$b2" &&
   grep -q 'Continues <a href="#ch02-chunk-1">2.1</a>' "$b2" &&
   [ "$(grep -c 'class="replaces"' "$b2")" = 2 ]; then
	pass weave-shows-the-tables-replacements
else
	fail weave-shows-the-tables-replacements "$(grep -o 'Replaced in[^.]*\|Continues[^.]*\|class="replaces"' "$b1" "$b2" | tr '\n' ' ')"
fi
