# chunkrow.awk -- reads one row of chunk-text.tsv, the table chunks.awk
# writes: a library for tangle.awk, coro2dot.awk and weave/table.awk, so
# that the row's layout is known in one place. A row is the chunk's id,
# the .nw line, the kind of item (T text, U use of a chunk, N end of a
# line), then the text, which may itself hold tabs:
#
#   chunk_row(line, r)    r["id"] (a number), r["line"], r["kind"], r["text"]

function chunk_row(line, r,    t) {
	r["id"] = line
	sub(/\t.*/, "", r["id"])
	t = substr(line, length(r["id"]) + 2)
	r["line"] = t
	sub(/\t.*/, "", r["line"])
	t = substr(t, length(r["line"]) + 2)
	r["kind"] = substr(t, 1, 1)
	r["text"] = substr(t, 3)
	r["id"] += 0
}
