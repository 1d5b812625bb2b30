#!/bin/sh
# tangle.sh OUTDIR FILE.nw... -- tangle the given book files, in order, into
# the source tree OUTDIR (a chapter's checkpoint, or an exercise's tree).
#
# noweb's markup reads the files; chunks.awk turns them into the table of
# chunks (the book's chunk rules, once for every reader); tangle.awk reads it
# and writes the files. A file is rewritten only when its text changed, so
# make rebuilds only what the book changed, and files that an earlier tangle
# made but this one did not are removed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=$1
shift
mkdir -p "$out"
top=$(pwd)
cd "$out"

# markup sees each file by its path relative to OUTDIR, so that the #line
# directives name files the compiler (run in OUTDIR) can find. (One
# realpath for all of them: a process per file was a tenth of a second of
# every make check.)
need=
for f in "$@"; do
	[ -f "$top/$f" ] || [ -f "$f" ] || { echo "tangle: $f: no such file" >&2; exit 1; }
	case $f in
	/*) ;;
	*) need="$need $top/$f" ;;
	esac
done
nl='
'
# shellcheck disable=SC2086
resolved=
[ -z "$need" ] || resolved=$(realpath --relative-to=. $need)
rel=
for f in "$@"; do
	case $f in
	/*) rel="$rel $f" ;;
	*) rel="$rel ${resolved%%"$nl"*}"; resolved=${resolved#*"$nl"} ;;
	esac
done

tmp=.tangle.tmp
rm -rf "$tmp"
mkdir "$tmp"
# shellcheck disable=SC2086
# Anything markup says is an error in the book: it fails the tangle, with
# the file named from the repository's top, as the tangler's own messages.
status=0
/usr/lib/noweb/markup -t $rel > "$tmp/markup" 2> "$tmp/warnings" || status=$?
if [ "$status" != 0 ] || [ -s "$tmp/warnings" ]; then
	sed 's|^\(\.\./\)*|tangle: |' "$tmp/warnings" >&2
	[ -s "$tmp/warnings" ] || echo "tangle: noweb's markup failed (status $status)" >&2
	exit 1
fi
# One parser (chunks.awk) turns the book into the table of chunks; the
# tangler reads the table.
awk -v out="$tmp/table" -v who=tangle -f "$here/chunks.awk" "$tmp/markup"
awk -v tables="$tmp/table" -v out="$tmp/files" -f "$here/chunkrow.awk" -f "$here/tangle.awk"
# Where each chunk landed, described for the page (and the include-guard
# rule checked): .landing in the tree, read by the weave.
awk -v dir="$tmp/files" -f "$here/landing.awk" "$tmp/files/.landing" > "$tmp/landing"
touch "$tmp/files/.roots"
# Every tree also gets tangle/qemu.sh, the project's one description of how
# QEMU is started: the book's Makefile runs `sh qemu.sh` for make boot and
# make ktest, so a checkpoint unpacked from its tarball (which holds the
# files listed in .tangled-files) boots on its own. The book must not
# tangle a file of that name.
if grep -qx qemu.sh "$tmp/files/.roots"; then
	echo "tangle: the book tangles qemu.sh, which is tangle/qemu.sh's place in every tree" >&2
	exit 1
fi
cp "$here/qemu.sh" "$tmp/files/qemu.sh"
echo qemu.sh >> "$tmp/files/.roots"
sort -o "$tmp/roots" "$tmp/files/.roots"

# Only the files whose text changed are written, so make rebuilds only
# what depends on them. One md5sum over all the files finds them (a cmp
# per file cost a few hundred processes, most of a check's time).
# shellcheck disable=SC2046
(cd "$tmp/files" && md5sum -- $(cat ../roots)) > "$tmp/sums"
md5sum -c --quiet "$tmp/sums" 2>/dev/null | sed -n 's/: FAILED.*$//p' | while IFS= read -r root; do
	mkdir -p "$(dirname "$root")"
	cp "$tmp/files/$root" "$root"
done

if [ -f .tangled-files ]; then
	sort .tangled-files | comm -23 - "$tmp/roots" | while IFS= read -r gone; do
		rm -f "$gone"
	done
fi
cp "$tmp/roots" .tangled-files
cmp -s "$tmp/landing" .landing 2>/dev/null || cp "$tmp/landing" .landing
rm -rf "$tmp"
