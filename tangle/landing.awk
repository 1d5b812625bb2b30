# landing.awk -- where each chunk's lines landed, in words a reader can find.
#
# tangle.awk writes one row per definition it expanded (.landing: book
# place, file, first and last output line, chunk name, 1 if it opens the
# file). This script reads those rows, then each tangled file, and writes
# the rows again with a description of the place:
#
#   where  file  first  last  description
#
# where the description is "new file", "inside `f()`", "after `struct x`",
# "at the top" (C and headers), "after label `x`" (assembly), "after the
# rule for `x`" (Makefiles), or "" when the file type has no landmarks.
# The weave shows it on every chunk (tangle.sh keeps the table).
#
# It also enforces a rule of the book: nothing lands after a header's
# include guard. A header is "#ifndef X / #define X ... #endif"; a chunk
# whose lines land after that #endif is refused with its .nw place.
#
# Usage: awk -v dir=TANGLED_DIR -f landing.awk .landing

function fail(msg) {
	print "tangle: " msg > "/dev/stderr"
	errors++
}

function is_c(f) { return f ~ /\.(c|h)$/ }

# The name of a top-level C construct, from its text (one line or several
# joined): a function "f()", a struct "struct s", a macro, a variable.
function c_name(t,    m, s) {
	if (t ~ /^#[ \t]*define[ \t]+[A-Za-z_]/) {
		sub(/^#[ \t]*define[ \t]+/, "", t)
		match(t, /^[A-Za-z_][A-Za-z0-9_]*/)
		return substr(t, 1, RLENGTH)
	}
	if (t ~ /^#[ \t]*include/)
		return "the #includes"
	if (t ~ /^#/)
		return ""
	if (t ~ /^typedef/ && t ~ /\}[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*;[ \t]*$/) {
		match(t, /[A-Za-z_][A-Za-z0-9_]*[ \t]*;[ \t]*$/)
		s = substr(t, RSTART, RLENGTH)
		sub(/[ \t]*;.*/, "", s)
		return s
	}
	# A function or a prototype: the identifier before the first "(",
	# unless a "=" or "{" comes first (an initialised variable).
	# A pointer to a function: "T (*name)(...)".
	if (match(t, /^[^={(]*\([ \t]*\*[ \t]*[A-Za-z_][A-Za-z0-9_]*/)) {
		s = substr(t, 1, RLENGTH)
		sub(/.*\*[ \t]*/, "", s)
		return s
	}
	if (match(t, /^[^={(]*[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		s = substr(t, 1, RLENGTH - 1)
		sub(/[ \t]+$/, "", s)
		if (match(s, /[A-Za-z_][A-Za-z0-9_]*$/)) {
			s = substr(s, RSTART)
			# A definition made by a macro: KTEST(name), CORO(name, ...).
			if (s ~ /^[A-Z][A-Z0-9_]*$/ && match(t, /[A-Z][A-Z0-9_]*[ \t]*\([^)]*\)/))
				return substr(t, RSTART, RLENGTH)
			if (s !~ /^(__attribute__|alignas|_Alignas|__aligned__)$/)
				return s "()"
		}
	}
	if (match(t, /^(static[ \t]+|const[ \t]+)*(struct|union|enum)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\{/)) {
		s = substr(t, RSTART, RLENGTH)
		sub(/^(static[ \t]+|const[ \t]+)*/, "", s)
		sub(/[ \t]*\{$/, "", s)
		gsub(/[ \t]+/, " ", s)
		# "struct s { ... } name;" declares name; "struct s { ... };" s.
		if (t !~ /\}[ \t]*[A-Za-z_*]/)
			return s
	}
	# A variable: the identifier before "[", "=" or ";".
	s = t
	sub(/[ \t]*(\[|=|;).*$/, "", s)
	if (match(s, /[A-Za-z_][A-Za-z0-9_]*$/))
		return substr(s, RSTART)
	return ""
}

# Remove comments, strings and character literals from one line of C,
# carrying an open /* comment to the next line in incomment.
function strip(s,    out, c, i, n, q) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (incomment) {
			if (c == "*" && substr(s, i + 1, 1) == "/") {
				incomment = 0
				i++
			}
			continue
		}
		if (c == "/" && substr(s, i + 1, 1) == "*") {
			incomment = 1
			i++
			continue
		}
		if (c == "/" && substr(s, i + 1, 1) == "/")
			break
		if (c == "\"" || c == "'") {
			q = c
			for (i++; i <= n; i++) {
				c = substr(s, i, 1)
				if (c == "\\")
					i++
				else if (c == q)
					break
			}
			out = out q q
			continue
		}
		out = out c
	}
	return out
}

# Read a C file: for every line, the top-level construct open at its start
# (open[]) and the last one finished before it (prev[]).
function scan_c(path,    line, n, t, depth, i, c, cur, last, text, ln) {
	n = 0
	depth = 0
	incomment = 0
	last = ""
	text = ""
	guard_end = 0
	guarded = -1
	while ((getline line < path) > 0) {
		n++
		lines[n] = line
		open[n] = depth > 0 || text != "" ? cur : ""
		ostart[n] = cstart
		prev[n] = last
		if (line ~ /^#line /)
			continue
		# The lines that continue a directive with a backslash belong to it.
		if (indirective) {
			open[n] = dname
			ostart[n] = dstart
			indirective = line ~ /\\$/
			continue
		}
		t = strip(line)
		if (depth == 0 && t ~ /^[ \t]*#/) {
			if (guarded == -1)
				guarded = line ~ /^#[ \t]*ifndef/
			# A directive at the top level is its own construct.
			indirective = line ~ /\\$/
			if (line ~ /^#[ \t]*endif/)
				guard_end = n
			ln = c_name(t)
			dname = ln
			dstart = n
			if (ln != "")
				last = ln
			continue
		}
		if (depth == 0 && text == "" && t !~ /[^ \t]/)
			continue
		if (depth == 0) {
			if (text == "")
				cstart = n
			text = text " " t
			sub(/^[ \t]+/, "", text)
			if (cur == "" || open[n] == "")
				cur = c_name(text)
			open[n] = cur
			ostart[n] = cstart
		}
		for (i = 1; i <= length(t); i++) {
			c = substr(t, i, 1)
			if (c == "{")
				depth++
			else if (c == "}")
				depth--
		}
		if (depth == 0 && (t ~ /[;}][ \t]*$/ || t ~ /\}[ \t]*;?[ \t]*$/)) {
			if (cur == "")
				cur = c_name(text)
			if (cur != "")
				last = cur
			text = ""
			cur = ""
		}
	}
	close(path)
	nlines = n
}

# Assembly and Makefiles: the last label, or rule, before each line.
function scan_other(path, kind,    line, n, last) {
	n = 0
	last = ""
	guard_end = 0
	while ((getline line < path) > 0) {
		n++
		lines[n] = line
		open[n] = ""
		prev[n] = last
		if (kind == "S" && line ~ /^[A-Za-z_.$][A-Za-z0-9_.$]*:/) {
			sub(/:.*/, "", line)
			last = "label `" line "`"
		} else if (kind == "make" && line ~ /^[A-Za-z0-9_.\/%$(){} -]+:([^=]|$)/) {
			sub(/:.*/, "", line)
			last = "the rule for `" line "`"
		} else if (kind == "make" && line ~ /^[A-Za-z_][A-Za-z0-9_]*[ \t]*[:+?]?=/) {
			sub(/[ \t]*[:+?]?=.*/, "", line)
			last = "`" line "`"
		}
	}
	close(path)
	nlines = n
}

function describe(f, first, last, name, head,    s, k) {
	if (head && name == f)
		return "new file"
	if (lines[last] ~ /^#line / && last < nlines)
		last++
	s = first
	while (s <= last && (lines[s] ~ /^#line / || lines[s] !~ /[^ \t]/))
		s++
	if (s > last)
		return ""
	if (f ~ /\.h$/ && guarded == 1 && guard_end && s > guard_end)
		return "AFTER-GUARD"
	if (open[s] != "" && ostart[s] < s)
		return "inside `" open[s] "`"
	if (prev[s] != "") {
		if (prev[s] == "the #includes")
			return "after the `#include`s"
		if (f ~ /\.(c|h)$/)
			return "after `" prev[s] "`"
		return "after " prev[s]
	}
	return is_c(f) || f ~ /\.S$/ ? "at the top" : ""
}

BEGIN { FS = OFS = "\t"; errors = 0 }

{
	row[NR] = $0
	files[$2] = 1
}

END {
	for (i = 1; i <= NR; i++) {
		split(row[i], r, "\t")
		f = r[2]
		if (f != loaded) {
			delete lines
			delete open
			delete prev
			delete ostart
			path = dir "/" f
			if (is_c(f))
				scan_c(path)
			else if (f ~ /\.S$/)
				scan_other(path, "S")
			else if (f ~ /(^|\/)Makefile$|\.mk$/)
				scan_other(path, "make")
			else
				scan_other(path, "")
			loaded = f
		}
		d = describe(f, r[3], r[4], r[5], r[6])
		if (d == "AFTER-GUARD") {
			fail(r[1] ": <<" r[5] ">> lands in " f " after its include guard's #endif; add it to the header's slot inside the guard")
			d = ""
		}
		print r[1], f, r[3], r[4], d
	}
	exit errors ? 1 : 0
}
