#!/bin/sh
# coro2dot.sh OUTDIR FILE.nw... -- the state-machine diagrams of the
# coroutines in the given book files: the book's one parser (chunks.awk)
# makes the table of chunks, coro2dot.awk reads it and writes OUTDIR/*.dot.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
shift
mkdir -p "$out"
table=$(mktemp -d)
trap 'rm -rf "$table"' EXIT
/usr/lib/noweb/markup -t "$@" > "$table/markup"
awk -v out="$table" -v who=coro2dot -f "$here/chunks.awk" "$table/markup"
awk -v table="$table" -v outdir="$out" -f "$here/chunkrow.awk" -f "$here/coro2dot.awk"
