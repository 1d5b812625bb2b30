# index.awk -- the index page and the identifier half of the search data:
# DIR/identifiers.md (every identifier with the chunks that define it and,
# from DIR/ids-used.tsv, the chunks whose highlighted code uses it; every
# chunk name with its definitions) and DIR/xref-ids.tsv (each identifier
# with the anchors of its definitions, for xref.json).
#
# Usage: awk -v out=DIR -f table.awk -f index.awk  (after weave.awk)

BEGIN {
	load_table(out, 0)
	while ((getline line < (out "/ids-used.tsv")) > 0) {
		split(line, u, "\t")
		idseen[u[1], u[2] + 0] = 1
	}
	close(out "/ids-used.tsv")

	f = out "/xref-ids.tsv"
	for (id in nidefs) {
		line = id
		for (j = 1; j <= nidefs[id]; j++)
			line = line "\t" anchor[idefs[id, j]]
		print line > f
	}
	close(f)

	# Identifiers and chunk names, for the index page.
	f = out "/identifiers.md"
	print "---\ntitle: \"Index of identifiers and chunks\"\npage: \"identifiers.html\"\nidentifiers: true\n---\n" > f
	print "## Identifiers\n" > f
	n = 0
	for (id in nidefs)
		ids[++n] = id
	isort(ids, n)
	print "```{=html}\n<dl class=\"index\">" > f
	for (i = 1; i <= n; i++) {
		id = ids[i]
		printf "<dt id=\"id-%s\"><code>%s</code></dt><dd>defined in", id, esc(id) > f
		for (j = 1; j <= nidefs[id]; j++)
			printf "%s <a href=\"%s\">%s</a>", (j > 1 ? "," : ""), page[chapof[idefs[id, j]]] "#" anchor[idefs[id, j]], label(idefs[id, j]) > f
		m = 0
		for (c = 1; c <= nchunk; c++)
			if ((id, c) in idseen) {
				printf "%s <a href=\"%s\">%s</a>", (m++ ? "," : "; used in"), page[chapof[c]] "#" anchor[c], label(c) > f
			}
		print "</dd>" > f
	}
	print "</dl>\n```\n\n## Chunks\n" > f
	n = 0
	for (c = 1; c <= nchunk; c++)
		if (!((cname[c], "x") in seenname)) {
			seenname[cname[c], "x"] = 1
			names[++n] = cname[c]
		}
	isort(names, n)
	print "```{=html}\n<dl class=\"index\">" > f
	for (i = 1; i <= n; i++) {
		name = names[i]
		printf "<dt>&#x27E8;%s&#x27E9;</dt><dd>", esc(name) > f
		for (j = 1; j <= ndefs[name]; j++) {
			d = defs[name, j]
			printf "%s<a href=\"%s\">%s</a>%s", (j > 1 ? ", " : ""), page[chapof[d]] "#" anchor[d], label(d), (replaces[d] ? " (replaces)" : "") > f
		}
		print "</dd>" > f
	}
	print "</dl>\n```" > f
	close(f)
}

function isort(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && tolower(a[j]) > tolower(t); j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}
