# table.awk -- the weave's reading of the table of chunks (chunks.awk), a
# library for weave.awk, index.awk and exercises.awk: load_table(DIR) fills
#
#   nch, chnum[ch], slug[ch], page[ch], srcfile[ch]   per .nw file
#   nchunk, cname[c], chapof[c], chunkno[c], anchor[c], firstline[c],
#   lastline[c], replaces[c], headof[c], replacedby[c]  per chunk
#   ndefs[name], defs[name, i]                     definitions of a name
#   nuses[name], users[name, i]                    the chunks that use it
#   ndefines[c], defines[c, i], nidefs[id], idefs[id, i]   identifiers
#   nitem[c], ikind[c, k], ival[c, k]               a chunk's contents
#
# and, with prose, ndoc[ch] and doc[ch, i] (the text; "\001c" for chunk c).

function load_table(dir, prose,    line, f, c, n, i, ids, t, k, u, row) {
	while ((getline line < (dir "/files.tsv")) > 0) {
		split(line, f, "\t")
		nch = f[1] + 0
		srcfile[nch] = f[2]
		t = f[2]
		sub(/.*\//, "", t)
		sub(/\.nw$/, "", t)
		chnum[nch] = substr(t, 1, 2)
		slug[nch] = substr(t, 4)
		page[nch] = "ch" chnum[nch] "-" slug[nch] ".html"
		ndoc[nch] = 0
	}
	close(dir "/files.tsv")
	while ((getline line < (dir "/chunks.tsv")) > 0) {
		split(line, f, "\t")
		c = f[1] + 0
		nchunk = c
		cname[c] = f[7]
		chapof[c] = f[5] + 0
		chunkno[c] = f[6] + 0
		anchor[c] = "ch" chnum[chapof[c]] "-chunk-" chunkno[c]
		firstline[c] = f[3] + 0
		lastline[c] = f[4] + 0
		replaces[c] = f[8] + 0
		headof[c] = f[9] + 0
		replacedby[c] = f[10] + 0
		ndefs[f[7]]++
		defs[f[7], ndefs[f[7]]] = c
		n = split(f[11], ids, " ")
		ndefines[c] = n
		for (i = 1; i <= n; i++) {
			defines[c, i] = ids[i]
			nidefs[ids[i]]++
			idefs[ids[i], nidefs[ids[i]]] = c
		}
		nitem[c] = 0
	}
	close(dir "/chunks.tsv")
	while ((getline line < (dir "/chunk-text.tsv")) > 0) {
		chunk_row(line, row)
		c = row["id"]
		k = row["kind"]
		t = row["text"]
		nitem[c]++
		ikind[c, nitem[c]] = k
		ival[c, nitem[c]] = t
		if (k == "U") {
			nuses[t]++
			users[t, nuses[t]] = c
		}
	}
	close(dir "/chunk-text.tsv")
	if (!prose)
		return
	while ((getline line < (dir "/prose.tsv")) > 0) {
		c = line
		sub(/\t.*/, "", c)
		c += 0
		doc[c, ++ndoc[c]] = substr(line, index(line, "\t") + 1)
	}
	close(dir "/prose.tsv")
}

# The chapter's title: its first level-1 heading; titleline[ch] is its row.
function find_title(ch,    i, t) {
	for (i = 1; i <= ndoc[ch]; i++) {
		if (doc[ch, i] ~ /^# /) {
			t = substr(doc[ch, i], 3)
			sub(/[ \t]*\{.*\}[ \t]*$/, "", t)
			titleline[ch] = i
			return t
		}
	}
	return ""
}

function label(c) { return (chnum[chapof[c]] + 0) "." chunkno[c] }
function href(c, from) {
	return (chapof[c] == from ? "" : page[chapof[c]]) "#" anchor[c]
}

function esc(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s)
	return s
}
