# chunks.awk -- the book's one parser: noweb's markup stream in, the table
# of chunks out. The tangler (tangle.awk), the weaver (weave.awk and its
# pieces) and the diagram generator (coro2dot.awk) read the table; none of
# them reads the book's chunk markup itself, so the chunk rules, and
# "[replaces]" in particular, are implemented here and only here.
#
# Input: the markup stream (noweb's `markup -t`) of some .nw files in order.
# Output, under -v out=DIR (columns separated by tabs; book/CONVENTIONS.md
# describes them for readers):
#
#   files.tsv       ord  path                     one row per .nw file
#   chunks.tsv      id  path  line  last  ord  num  name  replaces  head
#                   replaced_by  defines  uses    one row per definition
#   chunk-text.tsv  id  line  kind  text          the chunks' contents
#   prose.tsv       ord  text                     the prose, line by line
#
# chunks.tsv: id numbers the definitions in book order; path and line are
# the .nw file (as markup named it) and the line of "<<name>>="; last is
# the chunk's last line; ord the file's row in files.tsv; num the chunk's
# number within its file (the weave labels it ord.num); name without the
# " [replaces]" mark; replaces is 1 for a "[replaces]" definition; head is
# the id of the definition that starts this chunk's version of the name
# (the first definition, or the last replacement at or before it: the
# chunk itself when it starts one); replaced_by is the id of the first
# later "[replaces]" definition of the name, 0 if none (a tangle of these
# files leaves such a chunk out); defines lists the identifiers of its
# "@ %def" line, separated by spaces; uses the chunks it uses, each as
# <<name>>, in order.
#
# chunk-text.tsv: per chunk, its items in order: T (text, the rest of the
# row, tabs included), N (a newline) and U (a use of the chunk named in the
# rest of the row); line is the .nw line the item stands on.
#
# prose.tsv: the documentation parts, one row per line, with [[code]]
# quoted as `code`; a row "\001id" is where chunk id stands in the text.
#
# The book is refused (with the .nw file and line, the message prefixed by
# -v who=NAME) when a "[replaces]" definition has no earlier definition.

function where(f, l) { sub(/^(\.\.\/)+/, "", f); return f ":" l }

BEGIN {
	FS = "\n"
	MARK = " [replaces]"
	if (who == "")
		who = "chunks"
	nfile = 0
	nchunk = 0
	errors = 0
	cur = 0
	system("mkdir -p '" out "'")
	ftext = out "/chunk-text.tsv"
	fprose = out "/prose.tsv"
	printf "" > ftext
	printf "" > fprose
	printf "" > (out "/files.tsv")
}

/^@file / {
	file = substr($0, 7)
	lineno = 1
	nfile++
	print nfile "\t" file > (out "/files.tsv")
	next
}

# The newline of an "@ %def" line.
/^@index nl/ { lineno++; next }

/^@begin docs/ { indocs = 1; next }
/^@end docs/ {
	if (docline != "")
		print nfile "\t" docline > fprose
	docline = ""
	indocs = 0
	next
}
/^@begin code/ { next }
/^@end code/ {
	last[cur] = lineno - 1
	cur = 0
	next
}

/^@defn / {
	name = substr($0, 7)
	rep = 0
	if (substr(name, length(name) - length(MARK) + 1) == MARK) {
		name = substr(name, 1, length(name) - length(MARK))
		rep = 1
		if (!(name in ndefs)) {
			print who ": " where(file, lineno) ": <<" name ">> [replaces] but no earlier definition of <<" name ">> exists" > "/dev/stderr"
			errors++
		}
	}
	cur = ++nchunk
	cname[cur] = name
	cfile[cur] = file
	cline[cur] = lineno
	cord[cur] = nfile
	cnum[cur] = ++nchunks[nfile]
	creplaces[cur] = rep
	ndefs[name]++
	defs[name, ndefs[name]] = cur
	# The version this definition belongs to starts at the last
	# replacement (this one, if it is one) or at the first definition.
	if (rep || !(name in headnow))
		headnow[name] = cur
	chead[cur] = headnow[name]
	# A replacement retires every earlier definition of the name.
	if (rep)
		for (i = 1; i < ndefs[name]; i++)
			if (!rby[defs[name, i]])
				rby[defs[name, i]] = cur
	cdefines[cur] = ""
	cuses[cur] = ""
	skipnl = 1
	print nfile "\t\001" cur > fprose
	next
}

/^@nl/ {
	if (cur) {
		# The newline that ends the "<<name>>=" line is not the chunk's.
		if (!skipnl)
			print cur "\t" lineno "\tN\t" > ftext
		skipnl = 0
	} else if (indocs) {
		print nfile "\t" docline > fprose
		docline = ""
	}
	lineno++
	next
}

/^@text / {
	if (cur)
		print cur "\t" lineno "\tT\t" substr($0, 7) > ftext
	else if (indocs)
		docline = docline substr($0, 7)
	next
}

/^@quote/ { docline = docline "`"; next }
/^@endquote/ { docline = docline "`"; next }

/^@use / {
	if (cur) {
		print cur "\t" lineno "\tU\t" substr($0, 6) > ftext
		cuses[cur] = cuses[cur] "<<" substr($0, 6) ">>"
	}
	next
}

/^@index defn / {
	if (cur)
		cdefines[cur] = cdefines[cur] (cdefines[cur] == "" ? "" : " ") substr($0, 13)
	next
}

END {
	f = out "/chunks.tsv"
	printf "" > f
	for (c = 1; c <= nchunk; c++)
		print c "\t" cfile[c] "\t" cline[c] "\t" last[c] "\t" cord[c] "\t" cnum[c] "\t" cname[c] "\t" creplaces[c] "\t" chead[c] "\t" (rby[c] + 0) "\t" cdefines[c] "\t" cuses[c] > f
	close(f)
	exit errors ? 1 : 0
}
