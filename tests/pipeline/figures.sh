#!/bin/sh
# The state-machine diagrams come from the code: one per coroutine, every
# await state pointing at a line with an AWAIT, and an AWAIT added to or
# removed from the book shows up in the diagram.
set -u
pass() { echo "PASS pipeline/figures/$1"; }
fail() { echo "FAIL pipeline/figures/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# One diagram per coroutine defined in the book.
# (Only in code chunks: prose may show a coroutine that is not in the kernel.)
names=$(awk '/^<<.*>>=[ \t]*$/ { code = 1; next } /^@([ \t]|$)/ { code = 0 }
	code && /^[ \t]*(static[ \t]+)?CORO\(/ { sub(/.*CORO\(/, ""); sub(/,.*/, ""); print }' \
	book/[0-9][0-9]-*.nw | sort -u)
[ -n "$names" ] || { fail setup "no CORO(...) definitions in the book"; exit 0; }
for n in $names; do
	if [ -s "build/figures/$n.svg" ] && [ -s "build/figures/$n.dot" ]; then
		pass "diagram-$n"
	else
		fail "diagram-$n" "no build/figures/$n.svg for CORO($n, ...)"
	fi
done

# Every await state links to a book line that holds an AWAIT.
bad=
for dot in build/figures/*.dot; do
	grep -o 'URL="nw:[^"]*"' "$dot" | sed 's/URL="nw://; s/"$//' | while IFS=: read -r f l; do
		sed -n "${l}p" "$f" | grep -q 'AWAIT' || echo "$(basename "$dot"): $f:$l"
	done
done > "$t/bad"
if [ -s "$t/bad" ]; then
	fail states-point-at-awaits "$(head -n 3 "$t/bad" | tr '\n' ' ')"
else
	pass states-point-at-awaits
fi

# Repeat the AWAIT line of `ticker`'s diagram in a copy of the book, then
# delete it: the diagram must gain, then lose, a state.
at=$(grep -o 'URL="nw:[^"]*"' build/figures/ticker.dot | head -n 1 | sed 's/URL="nw://; s/"$//')
ch=${at%:*}
line=${at##*:}
states() { cat "$1/ticker.dot" 2>/dev/null | grep -c 'URL="nw:'; }
mkdir -p "$t/book" "$t/a" "$t/b" "$t/c"
cp book/[0-9][0-9]-*.nw "$t/book/"
sh tangle/coro2dot.sh "$t/a" "$t"/book/*.nw
before=$(states "$t/a")
sed -i "${line}p" "$t/book/$(basename "$ch")"	# the first AWAIT, twice
sh tangle/coro2dot.sh "$t/b" "$t"/book/*.nw
more=$(states "$t/b")
sed -i "${line},$((line + 1))d" "$t/book/$(basename "$ch")"	# now neither copy
sh tangle/coro2dot.sh "$t/c" "$t"/book/*.nw
fewer=$(states "$t/c")
if [ "$before" -ge 1 ] && [ "$more" = $((before + 1)) ] && [ "$fewer" = $((before - 1)) ]; then
	pass await-lines-change-the-diagram
else
	fail await-lines-change-the-diagram "ticker had $before await states; with one AWAIT more $more, with one fewer $fewer"
fi

# Diagrams worth reading (issue 14), checked on a fresh run of the tool:
# one label per transition, nodes named without file:line, ids the live
# view finds, and labels that say what the code decides.
mkdir -p "$t/d"
sh tangle/coro2dot.sh "$t/d" book/[0-9][0-9]-*.nw
merged=$(grep -h -- '->' "$t"/d/*.dot | grep -o 'label="[^"]*"' | grep ' / ' | head -n 2 | tr '\n' ' ')
if [ -z "$merged" ]; then pass one-label-per-edge; else fail one-label-per-edge "merged labels: $merged"; fi
dups=$(for d in "$t"/d/*.dot; do grep -- '->' "$d" | sed 's/\[id="[^"]*", /[/' | sort | uniq -d; done | head -n 2 | tr '\n' ' ')
if [ -z "$dups" ]; then pass no-duplicate-transitions; else fail no-duplicate-transitions "$dups"; fi
where=$(grep -h 'URL="nw:' "$t"/d/*.dot | grep -o 'label="[^"]*"' | grep '\.nw' | head -n 2 | tr '\n' ' ')
if [ -z "$where" ]; then pass nodes-without-file-line; else fail nodes-without-file-line "$where"; fi
noid=$(grep -h -E '^\s*(s[0-9]+|start|done) \[' "$t"/d/*.dot | grep -v 'id="s-\{0,1\}[0-9]*"' | head -n 2 | tr '\n' ' ')
if [ -z "$noid" ]; then pass nodes-carry-state-ids; else fail nodes-carry-state-ids "$noid"; fi
k="$t/d/keyboard_task.dot"
if grep -q 'label="Ready, loop"' "$k" && grep -q 'label="Ready, f->next.end"' "$k" && \
   ! grep -q 'start -> done' "$k" && grep -q 'label="ready at once"' "$t/d/child.dot" && \
   grep -q 'label="Ready, f->i < f->n"' "$t/d/ticker.dot" && grep -q 'label="Ready, !(f->i < f->n)"' "$t/d/ticker.dot"; then
	pass labels-say-what-decides
else
	fail labels-say-what-decides "keyboard_task: $(grep -o 'label="[^"]*"' "$k" | tr '\n' ' '); child: $(grep -o 'label="[^"]*"' "$t/d/child.dot" | tr '\n' ' ')"
fi
