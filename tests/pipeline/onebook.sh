#!/bin/sh
# The one-page book (EPUB, PDF) is read a chapter at a time by
# tangle/site/onebook.lua, because pandoc reads one big file far more
# slowly. Check, on a small book, that the document is the one pandoc
# reads from the whole file: the same blocks in the same order, and the
# same heading identifiers where chapters repeat a heading ("Checkpoint"
# in every chapter, twice "What to change" in one, a heading whose own
# identifier looks like a made-unique one, and explicit identifiers).
set -u
pass() { echo "PASS pipeline/onebook/$1"; }
fail() { echo "FAIL pipeline/onebook/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

cat > "$t/front.md" <<'MD'
---
title: "A small book"
---

# About this edition {#offline .unnumbered}

Read me first. See [the second chapter](#ch02).
MD
cat > "$t/ch01.md" <<'MD'

# Chapter 1. One {#ch01}

## Checkpoint

Text with `code`, a [link](#checkpoint) and a footnote.[^a]

[^a]: The note.

::: {.exercise}
### What to change
### What to change
:::

## Step
MD
cat > "$t/ch02.md" <<'MD'

# Chapter 2. Two {#ch02}

## Step 1

## Step

## Checkpoint

## Kept as written {#checkpoint-7}

## Checkpoint

<pre class="chunk">	tabbed</pre>
MD
printf '%s\n' "$t/ch01.md" "$t/ch02.md" > "$t/parts"

cat "$t/front.md" "$t/ch01.md" "$t/ch02.md" > "$t/whole.md"
pandoc "$t/whole.md" --from markdown --to native --preserve-tabs -o "$t/whole.native" ||
	{ fail setup "pandoc could not read the whole book"; exit 0; }
if ! PARTS=$t/parts pandoc "$t/front.md" --from markdown --to native --preserve-tabs \
	--lua-filter tangle/site/onebook.lua -o "$t/parts.native" 2> "$t/err"; then
	fail reads-the-parts "$(head -n 3 "$t/err")"
elif cmp -s "$t/whole.native" "$t/parts.native"; then
	pass same-document-as-the-whole-file
else
	fail same-document-as-the-whole-file \
		"$(diff "$t/whole.native" "$t/parts.native" | head -n 6 | tr '\n' ' ')"
fi

# Every part listed must be read: a missing one is an error naming it.
printf '%s\n' "$t/ch01.md" "$t/nosuch.md" > "$t/parts2"
if PARTS=$t/parts2 pandoc "$t/front.md" --to native \
	--lua-filter tangle/site/onebook.lua -o /dev/null 2> "$t/err"; then
	fail missing-part-is-an-error "pandoc accepted a list naming a missing file"
elif grep -q 'nosuch.md' "$t/err"; then
	pass missing-part-is-an-error
else
	fail missing-part-is-an-error "the error does not name the file: $(head -n 2 "$t/err")"
fi
