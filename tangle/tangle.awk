# tangle.awk -- the book's tangler: the table of chunks in, the files out.
#
# Input: the table chunks.awk made of chapters 1..N in order, optionally
# followed by an exercise's .nw file (-v tables=DIR: DIR/chunks.tsv and
# DIR/chunk-text.tsv). Output: every file root, written under the
# directory given by -v out=DIR, and their names in DIR/.roots.
#
# Why not noweb's own nt? It loses indentation when it writes #line
# directives and indents continuation lines with spaces, so the tangled C
# would not be the tab-indented code the book shows. The rules are small
# enough to state here:
#
#   * Definitions of a name concatenate in book order ("+=").
#   * A definition named "NAME [replaces]" throws away every earlier
#     definition of NAME and stands in its place; later plain definitions
#     continue it as usual. The table says which: a definition with a
#     replaced_by is left out (chunks.awk decides, once for every reader).
#   * A use is replaced by the chunk's text; every line of it is indented
#     by the text that stands before the use on its line.
#   * C, header and assembly files get #line directives, so compiler errors
#     and gdb name the .nw file and line.
#
# The book is refused, with the .nw file and line, when a chunk is used but
# never defined, defined but never used (unless it is a file), or replaces
# nothing (chunks.awk). A name is a file when it has no spaces and contains
# "." or "/" or is exactly "Makefile".

function where(f, l) { sub(/^(\.\.\/)+/, "", f); return f ":" l }

function fail(msg) {
	print "tangle: " msg > "/dev/stderr"
	errors++
}

function is_file(name) {
	return name !~ /[ \t]/ && (name ~ /[.\/]/ || name == "Makefile")
}

function wants_lines(name) { return name ~ /\.(c|h|S)$/ }

# Read the table: the definitions (chunks.tsv), then their items.
function load(    line, f, c, name, k, t, row) {
	while ((getline line < (tables "/chunks.tsv")) > 0) {
		split(line, f, "\t")
		c = f[1] + 0
		name = f[7]
		defname[c] = name
		deffile[c] = f[2]
		defline[c] = f[3]
		if (f[10] + 0)
			retired[c] = 1
		else
			nlive[name]++
		ndefs[name]++
		defs[name, ndefs[name]] = c
		if (!((name, "where") in first))
			first[name, "where"] = where(f[2], f[3])
		nitem[c] = 0
	}
	close(tables "/chunks.tsv")
	while ((getline line < (tables "/chunk-text.tsv")) > 0) {
		chunk_row(line, row)
		c = row["id"]
		f[2] = row["line"]
		f[3] = row["kind"]
		t = row["text"]
		k = ++nitem[c]
		ikind[c, k] = f[3]
		ival[c, k] = t
		ifile[c, k] = deffile[c]
		iline[c, k] = f[2] + 0
		if (f[3] == "U") {
			nuse++
			usename[nuse] = t
			usewhere[nuse] = where(deffile[c], f[2])
			useowner[nuse] = c
		}
	}
	close(tables "/chunk-text.tsv")
}

# ---- expansion -------------------------------------------------------

# The output line being built: its text, and the book position of its
# first non-blank text (the line a #line directive must name).
function put(text, f, l) {
	if (obuf ~ /^[ \t]*$/ && text ~ /[^ \t]/) {
		ofile = f
		oline = l
	}
	obuf = obuf text
}

function newline(    t) {
	t = obuf
	if (t ~ /^[ \t]*$/)
		t = ""
	if (lines && t != "" && (ofile != efile || oline != eline)) {
		printf "#line %d \"%s\"\n", oline, ofile > target
		onum++
		efile = ofile
		eline = oline
	}
	print t > target
	eline++
	onum++
	obuf = ""
	atstart = 1
}

function expand(name, indent, depth,    i, d, k, n, last, pre, ls) {
	if (depth > 50) {
		fail(first[name, "where"] ": <<" name ">> uses itself")
		return
	}
	n = 0
	for (i = 1; i <= ndefs[name]; i++)
		if (!(defs[name, i] in retired))
			live[++n] = defs[name, i]
	# Collect first: the recursion below reuses live[].
	for (i = 1; i <= n; i++)
		order[depth, i] = live[i]
	for (i = 1; i <= n; i++) {
		d = order[depth, i]
		last = nitem[d]
		ls = onum + 1
		# The final newline of the last definition belongs to the use.
		if (i == n && ikind[d, last] == "N")
			last--
		for (k = 1; k <= last; k++) {
			if (atstart) {
				obuf = indent
				atstart = 0
			}
			if (ikind[d, k] == "T")
				put(ival[d, k], ifile[d, k], iline[d, k])
			else if (ikind[d, k] == "N")
				newline()
			else {
				pre = obuf
				gsub(/[^\t]/, " ", pre)
				expand(ival[d, k], pre, depth + 1)
			}
		}
		# Where this definition landed, for the page (landing.awk).
		printf "%s\t%s\t%d\t%d\t%s\t%d\n", where(deffile[d], defline[d]), root[r], ls, onum + (atstart ? 0 : 1), defname[d], (depth == 0 && i == 1) > (out "/.landing")
	}
}

BEGIN {
	errors = 0
	load()
	for (u = 1; u <= nuse; u++) {
		name = usename[u]
		if (useowner[u] in retired) {
			deadused[name] = usewhere[u]
			continue
		}
		used[name] = 1
		if (!(name in nlive) || nlive[name] == 0)
			fail(usewhere[u] ": <<" name ">> is used here but never defined")
	}
	nroots = 0
	for (name in nlive) {
		if (nlive[name] == 0 || (name in used))
			continue
		if (is_file(name)) {
			root[++nroots] = name
			continue
		}
		if (name in deadused)
			fail(first[name, "where"] ": <<" name ">> is defined but no longer used: its only use (" deadused[name] ") was in a chunk that was replaced")
		else
			fail(first[name, "where"] ": <<" name ">> is defined but never used (a misspelled name? only file names may be roots)")
	}
	if (errors)
		exit 1
	system("mkdir -p '" out "'")
	printf "" > (out "/.landing")
	for (r = 1; r <= nroots; r++) {
		target = out "/" root[r]
		dir = target
		sub(/\/[^\/]*$/, "", dir)
		if (!(dir in made)) {	# one mkdir per directory, not per file
			system("mkdir -p '" dir "'")
			made[dir] = 1
		}
		printf "" > target
		onum = 0
		lines = wants_lines(root[r])
		efile = ""
		eline = 0
		obuf = ""
		atstart = 1
		expand(root[r], "", 0)
		newline()
		close(target)
		print root[r] > (out "/.roots")
	}
	if (errors)
		exit 1
}
