# weave.awk -- the book's weaver: noweb's markup stream in, pandoc Markdown out.
#
# Input: the markup stream (noweb's `markup -t`) of every chapter in order.
# Output, under -v out=DIR:
#   chNN-slug.md     one page per chapter: the prose as written, each code
#                    chunk as a raw HTML block (highlighted, with anchors and
#                    cross-references), the chapter's exercises at the end
#   book.yaml        the table of contents, for the page template
#   identifiers.md   every identifier with its definition and uses, and
#                    every chunk name
#   anchors.tsv      file, first line, last line, page#anchor of every chunk
#                    (the figures use it to link a state to its code)
# The chunk rules are the tangler's (tangle.awk): definitions concatenate,
# "NAME [replaces]" replaces every earlier definition, @ %def names the
# identifiers a chunk defines.

function esc(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s)
	return s
}

function label(c) { return (chnum[chapof[c]] + 0) "." chunkno[c] }
function href(c, from) {
	return (chapof[c] == from ? "" : page[chapof[c]]) "#" anchor[c]
}

BEGIN {
	MARK = " [replaces]"
	nch = 0
	nchunk = 0
	split("auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false NULL noreturn asm __asm__ __attribute__ __volatile__ _Static_assert static_assert alignas _Alignas", kw, " ")
	for (i in kw)
		keyword[kw[i]] = 1
}

/^@file / {
	file = substr($0, 7)
	lineno = 1
	nch++
	base = file
	sub(/.*\//, "", base)
	sub(/\.nw$/, "", base)
	chnum[nch] = substr(base, 1, 2)
	slug[nch] = substr(base, 4)
	page[nch] = "ch" chnum[nch] "-" slug[nch] ".html"
	srcfile[nch] = file
	title[nch] = ""
	ndoc[nch] = 0
	next
}

# The newline of an "@ %def" line.
/^@index nl/ { lineno++; next }

/^@begin docs/ { indocs = 1; next }
/^@end docs/ {
	if (docline != "")
		doc[nch, ++ndoc[nch]] = docline
	docline = ""
	indocs = 0
	next
}
/^@begin code/ { next }
/^@end code/ {
	lastline[cur] = lineno - 1
	cur = 0
	next
}

/^@defn / {
	name = substr($0, 7)
	rep = 0
	if (substr(name, length(name) - length(MARK) + 1) == MARK) {
		name = substr(name, 1, length(name) - length(MARK))
		rep = 1
	}
	cur = ++nchunk
	cname[cur] = name
	chapof[cur] = nch
	chunkno[cur] = ++nchunks[nch]
	anchor[cur] = "ch" chnum[nch] "-chunk-" chunkno[cur]
	replaces[cur] = rep
	firstline[cur] = lineno
	ndefs[name]++
	defs[name, ndefs[name]] = cur
	nitem[cur] = 0
	skipnl = 1
	# The chunk goes into the chapter's text where it stands.
	doc[nch, ++ndoc[nch]] = "\001" cur
	next
}

/^@nl/ {
	if (cur) {
		if (!skipnl)
			additem("N", "")
		skipnl = 0
	} else if (indocs) {
		doc[nch, ++ndoc[nch]] = docline
		docline = ""
	}
	lineno++
	next
}

/^@text / {
	t = substr($0, 7)
	if (cur)
		additem("T", t)
	else if (indocs)
		docline = docline t
	next
}

/^@quote/ { docline = docline "`"; next }
/^@endquote/ { docline = docline "`"; next }

/^@use / {
	if (cur) {
		additem("U", substr($0, 6))
		nuses[substr($0, 6)]++
		users[substr($0, 6), nuses[substr($0, 6)]] = cur
	}
	next
}

/^@index defn / {
	if (cur) {
		id = substr($0, 13)
		ndefines[cur]++
		defines[cur, ndefines[cur]] = id
		nidefs[id]++
		idefs[id, nidefs[id]] = cur
	}
	next
}

function additem(kind, val,    k) {
	k = ++nitem[cur]
	ikind[cur, k] = kind
	ival[cur, k] = val
}

# ---- chunk relations ----------------------------------------------------

# The definition that starts the version of NAME in force at chunk c's
# chapter: the last replacement at or before it, else the first definition.
function head_for(name, ch,    i, h, d) {
	h = defs[name, 1]
	for (i = 1; i <= ndefs[name]; i++) {
		d = defs[name, i]
		if (chapof[d] > ch)
			break
		if (replaces[d])
			h = d
	}
	return h
}

# The head of the version chunk c belongs to.
function head_of(c,    i, h, d, name) {
	name = cname[c]
	h = defs[name, 1]
	for (i = 1; i <= ndefs[name]; i++) {
		d = defs[name, i]
		if (replaces[d])
			h = d
		if (d == c)
			break
	}
	return h
}

# The language of a chunk: that of the file it ends up in.
function mark_lang(name, lang,    i, d, k) {
	if ((name, lang) in marked)
		return
	marked[name, lang] = 1
	for (i = 1; i <= ndefs[name]; i++) {
		d = defs[name, i]
		if (!(d in langof))
			langof[d] = lang
		for (k = 1; k <= nitem[d]; k++)
			if (ikind[d, k] == "U")
				mark_lang(ival[d, k], lang)
	}
}

function lang_of_file(name) {
	if (name ~ /\.[ch]$/) return "c"
	if (name ~ /\.S$/) return "asm"
	if (name ~ /(^|\/)Makefile$|\.mk$/) return "make"
	if (name ~ /\.ld$/) return "ld"
	return "text"
}

# The identifier definition in force in chapter ch.
function iddef(id, ch,    i, d, best) {
	best = 0
	for (i = 1; i <= nidefs[id]; i++) {
		d = idefs[id, i]
		if (chapof[d] <= ch || !best)
			best = d
	}
	return best
}

# ---- highlighting ----------------------------------------------------------

function token_html(tok, c, lang,    d) {
	if (tok ~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
		if (lang == "c" && (tok in keyword))
			return "<span class=\"kw\">" tok "</span>"
		if ((tok in nidefs) && lang != "text") {
			d = iddef(tok, chapof[c])
			idseen[tok, c] = 1
			if (d == c || head_of(d) == head_of(c) && cname[d] == cname[c])
				return "<span class=\"id def\">" tok "</span>"
			return "<a class=\"id\" href=\"" href(d, chapof[c]) "\" tabindex=\"-1\">" tok "</a>"
		}
		return tok
	}
	if (tok ~ /^[0-9]/)
		return "<span class=\"num\">" esc(tok) "</span>"
	return esc(tok)
}

# Highlight one piece of a line. incomment carries /* ... */ across lines.
function highlight(s, c, lang,    out, m, tok, atstart) {
	out = ""
	atstart = (linepos == 0)
	while (s != "") {
		if (incomment) {
			if (match(s, /\*\//)) {
				out = out esc(substr(s, 1, RSTART + 1)) "</span>"
				s = substr(s, RSTART + 2)
				incomment = 0
			} else {
				out = out esc(s)
				s = ""
			}
			continue
		}
		if (substr(s, 1, 2) == "/*" && lang != "make") {
			out = out "<span class=\"cm\">"
			incomment = 1
			out = out "/*"
			s = substr(s, 3)
			continue
		}
		if (substr(s, 1, 2) == "//" && (lang == "c" || lang == "asm")) {
			out = out "<span class=\"cm\">" esc(s) "</span>"
			s = ""
			continue
		}
		if (substr(s, 1, 1) == "#" && linestart_blank) {
			if ((lang == "c" || lang == "asm") && match(s, /^#[ \t]*[a-z]+/) && \
			    substr(s, 2) ~ /^[ \t]*(include|define|undef|if|ifdef|ifndef|else|elif|endif|error|pragma|line)/) {
				out = out "<span class=\"pp\">" esc(substr(s, 1, RLENGTH)) "</span>"
				s = substr(s, RLENGTH + 1)
				linestart_blank = 0
				continue
			}
			if (lang == "make" || lang == "asm" || lang == "text") {
				out = out "<span class=\"cm\">" esc(s) "</span>"
				s = ""
				continue
			}
		}
		if (lang == "make" && substr(s, 1, 1) == "#") {
			out = out "<span class=\"cm\">" esc(s) "</span>"
			s = ""
			continue
		}
		if (lang != "text" && (substr(s, 1, 1) == "\"" || (lang == "c" && substr(s, 1, 1) == "'"))) {
			q = substr(s, 1, 1)
			if (q == "\"" ? match(s, /^"([^"\\]|\\.)*"/) : match(s, /^'([^'\\]|\\.)*'/)) {
				out = out "<span class=\"str\">" esc(substr(s, 1, RLENGTH)) "</span>"
				s = substr(s, RLENGTH + 1)
				linestart_blank = 0
				continue
			}
		}
		if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/) || match(s, /^[0-9][0-9A-Za-z_.]*/) || match(s, /^[ \t]+/) || match(s, /^./)) {
			tok = substr(s, 1, RLENGTH)
			out = out token_html(tok, c, lang)
			if (tok !~ /^[ \t]+$/)
				linestart_blank = 0
			s = substr(s, RLENGTH + 1)
		}
	}
	linepos += 1
	return out
}

function render_chunk(c,    h, lang, k, html, name, u, hd, i, d, list, n, sep, first_def) {
	name = cname[c]
	lang = (c in langof) ? langof[c] : "text"
	h = head_of(c)
	html = "```{=html}\n<div class=\"chunk\" id=\"" anchor[c] "\" data-chunk=\"" esc(name) "\">\n"
	html = html "<div class=\"chunk-head\"><a class=\"chunk-link\" href=\"#" anchor[c] "\">&#x27E8;" esc(name) "&#x27E9; <span class=\"chunk-num\">" label(c) "</span></a> <span class=\"chunk-op\">" (h == c ? "&#x2261;" : "+&#x2261;") "</span>"
	if (replaces[c]) {
		first_def = defs[name, 1]
		html = html " <span class=\"replaces\">replaces <a href=\"" href(first_def, chapof[c]) "\">&#x27E8;" esc(name) "&#x27E9; " label(first_def) "</a>, first defined in chapter " (chnum[chapof[first_def]] + 0) "</span>"
	}
	html = html "</div>\n<pre class=\"code lang-" lang "\" tabindex=\"0\" data-pagefind-weight=\"0.3\"><code>"
	incomment = 0
	linepos = 0
	linestart_blank = 1
	for (k = 1; k <= nitem[c]; k++) {
		if (ikind[c, k] == "T") {
			html = html highlight(ival[c, k], c, lang)
		} else if (ikind[c, k] == "N") {
			if (k < nitem[c])
				html = html (incomment ? "</span>\n<span class=\"cm\">" : "\n")
			linepos = 0
			linestart_blank = 1
		} else {
			u = ival[c, k]
			hd = head_for(u, chapof[c])
			html = html "<a class=\"use\" href=\"" href(hd, chapof[c]) "\" tabindex=\"-1\">&#x27E8;" esc(u) " " label(hd) "&#x27E9;</a>"
			linestart_blank = 0
		}
	}
	if (incomment)
		html = html "</span>"
	html = html "</code></pre>\n<div class=\"chunk-foot\">"
	sep = ""
	if (h != c) {
		html = html sep "Continues <a href=\"" href(h, chapof[c]) "\">" label(h) "</a>."
		sep = " "
	} else {
		list = ""
		n = 0
		for (i = 1; i <= ndefs[name]; i++) {
			d = defs[name, i]
			if (d != c && head_of(d) == c) {
				list = list (n++ ? ", " : "") "<a href=\"" href(d, chapof[c]) "\">" label(d) "</a>"
			}
		}
		if (n) {
			html = html sep "Continued in " list "."
			sep = " "
		}
		for (i = 1; i <= ndefs[name]; i++) {
			d = defs[name, i]
			if (replaces[d] && chapof[d] >= chapof[c] && d > c) {
				html = html sep "Replaced in <a href=\"" href(d, chapof[c]) "\">" label(d) "</a>."
				sep = " "
				break
			}
		}
	}
	list = ""
	n = 0
	for (i = 1; i <= nuses[name]; i++) {
		d = users[name, i]
		if (!((name, d) in listed)) {
			listed[name, d] = 1
			list = list (n++ ? ", " : "") "<a href=\"" href(d, chapof[c]) "\">" label(d) "</a>"
		}
	}
	for (i = 1; i <= nuses[name]; i++)
		delete listed[name, users[name, i]]
	if (n > 5)
		list = collapse_list(list, n)
	if (n) {
		html = html sep "Used in " list "."
		sep = " "
	} else if (lang != "text" || name ~ /[.\/]/) {
		html = html sep "File <code>" esc(name) "</code>."
		sep = " "
	}
	if (ndefines[c]) {
		html = html sep "Defines "
		for (i = 1; i <= ndefines[c]; i++)
			html = html (i > 1 ? ", " : "") "<code>" esc(defines[c, i]) "</code>"
		html = html "."
	}
	return html "</div>\n</div>\n```"
}

# A list of more than five links shows its first five; the rest fold
# into a <details> that says how many there are.
function collapse_list(list, n,    parts, k, head, tail) {
	split(list, parts, ", ")
	head = parts[1]
	for (k = 2; k <= 5; k++)
		head = head ", " parts[k]
	tail = parts[6]
	for (k = 7; k <= n; k++)
		tail = tail ", " parts[k]
	return head " <details class=\"xref-more\"><summary>and " (n - 5) " more</summary>" tail "</details>"
}

# A chunk as plain text, its first max lines, uses as <name label>: the
# preview shown when a reference to the chunk is hovered or focused.
function plain_chunk(c, max,    k, t, lines) {
	t = ""
	lines = 1
	for (k = 1; k <= nitem[c] && lines <= max; k++) {
		if (ikind[c, k] == "T")
			t = t ival[c, k]
		else if (ikind[c, k] == "N") {
			if (k < nitem[c] && ++lines <= max)
				t = t "\n"
		} else
			t = t "\342\237\250" ival[c, k] " " label(head_for(ival[c, k], chapof[c])) "\342\237\251"
	}
	return t
}

function json_str(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, "\\t", s)
	gsub(/\n/, "\\n", s)
	gsub(/[\001-\037]/, " ", s)
	return "\"" s "\""
}

# ---- exercises ------------------------------------------------------------

# A code block of an exercise's text, coloured as the chapter's chunks are
# (identifiers the book defines link to their definitions).
function snippet_html(code, n, ch, lang,    html, k) {
	chapof["exercise"] = ch
	html = "```{=html}\n<pre class=\"code lang-" lang "\"><code>"
	incomment = 0
	for (k = 1; k <= n; k++) {
		linepos = 0
		linestart_blank = 1
		html = html highlight(code[k], "exercise", lang) (k < n ? (incomment ? "</span>\n<span class=\"cm\">" : "\n") : "")
	}
	if (incomment)
		html = html "</span>"
	return html "</code></pre>\n```"
}

# Print an exercise's Markdown file: headings moved below the exercise's
# own, fenced (```c) and indented code blocks coloured like chapter code.
function emit_md(file, ch, f, demote,    line, n, code, lang, fenced, blank) {
	n = 0
	fenced = 0
	blank = 1
	while ((getline line < file) > 0) {
		if (fenced) {
			if (line ~ /^```[ \t]*$/) {
				print snippet_html(code, n, ch, lang) > f
				fenced = 0
				n = 0
			} else
				code[++n] = line
			continue
		}
		if (n && line !~ /^(    |\t)/ && line !~ /^[ \t]*$/) {
			print snippet_html(code, n, ch, "c") "\n" > f
			n = 0
		}
		if (line ~ /^```/) {
			lang = line
			sub(/^```[ \t{.]*/, "", lang)
			sub(/[ \t}].*$/, "", lang)
			if (lang == "" || lang == "sh" || lang == "text")
				lang = "text"
			fenced = 1
			continue
		}
		if ((n || blank) && line ~ /^(    |\t)/) {
			sub(/^(    |\t)/, "", line)
			code[++n] = line
			continue
		}
		if (n && line ~ /^[ \t]*$/) {
			code[++n] = ""
			continue
		}
		if (demote)
			sub(/^##/, "####", line)
		print line > f
		blank = line ~ /^[ \t]*$/
	}
	while (n && code[n] == "")
		n--
	if (n)
		print snippet_html(code, n, ch, fenced ? lang : "c") > f
	close(file)
}

function emit_exercises(ch, f,    cmd, dir, id, line, n, hint, t) {
	cmd = "ls -d exercises/ch" chnum[ch] "-*/ 2>/dev/null"
	n = 0
	while ((cmd | getline dir) > 0) {
		sub(/\/$/, "", dir)
		id = dir
		sub(/.*\//, "", id)
		if ((getline line < (dir "/README.md")) <= 0)
			continue
		if (!n++)
			print "\n```{=html}\n<section class=\"exercises\">\n```\n\n## Exercises\n" > f
		close(dir "/README.md")
		t = line
		sub(/^#+[ \t]*/, "", t)
		print "```{=html}\n<article class=\"exercise\" id=\"ex-" id "\">\n```\n" > f
		print "### " t " {.unnumbered}\n" > f
		print "*Check it with* `make check EX=" id "`; *a hint at a time:* `make hint EX=" id "`.\n" > f
		# The rest of the statement (the title line was read above).
		emit_md_rest(dir "/README.md", ch, f)
		for (hint = 1; (getline line < (dir "/hint" hint ".md")) > 0; hint++) {
			close(dir "/hint" hint ".md")
			print "\n```{=html}\n<details class=\"hint\"><summary>Hint " hint "</summary>\n```\n" > f
			emit_md(dir "/hint" hint ".md", ch, f, 0)
			print "\n```{=html}\n</details>\n```\n" > f
		}
		close(dir "/hint" hint ".md")
		print "\n```{=html}\n</article>\n```\n" > f
	}
	close(cmd)
	if (n)
		print "\n```{=html}\n</section>\n```\n" > f
}

# The statement after its title line: copy it without the first line.
function emit_md_rest(file, ch, f,    tmp, line, first) {
	tmp = out "/exercise.tmp"
	first = 1
	while ((getline line < file) > 0) {
		if (first) { first = 0; continue }
		print line > tmp
	}
	close(file)
	close(tmp)
	emit_md(tmp, ch, f, 1)
}

# ---- output ---------------------------------------------------------------

function reads_keys(script,    line, found) {
	found = 0
	while ((getline line < script) > 0)
		if (line ~ /^keys /)
			found = 1
	close(script)
	return found
}

# The page's meta description: the chapter's first paragraph of prose,
# without its Markdown, cut at a word near 155 characters.
function describe(ch,    i, line, t) {
	t = ""
	for (i = titleline[ch] + 1; i <= ndoc[ch]; i++) {
		line = doc[ch, i]
		if (line ~ /^[ \t]*$/) {
			if (t != "")
				break
			continue
		}
		if (substr(line, 1, 1) == "\001" || line ~ /^(#|:::|```|~~~|[|!<>-]|[0-9]+\.)/) {
			if (t != "")
				break
			continue
		}
		t = t (t == "" ? "" : " ") line
	}
	while (match(t, /\[[^\]]*\]\([^)]*\)/)) {
		line = substr(t, RSTART + 1)
		sub(/\].*/, "", line)
		t = substr(t, 1, RSTART - 1) line substr(t, RSTART + RLENGTH)
	}
	gsub(/[`][^`]*[`]\{[^}]*\}/, "", t)
	gsub(/[*_`]/, "", t)
	gsub(/[ \t]+/, " ", t)
	if (length(t) > 155) {
		t = substr(t, 1, 155)
		sub(/ [^ ]*$/, "", t)
		t = t "\342\200\246"
	}
	return t
}

function yq(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }

END {
	for (c = 1; c <= nchunk; c++)
		if (!nuses[cname[c]] && cname[c] !~ /[ \t]/)
			mark_lang(cname[c], lang_of_file(cname[c]))

	# Titles: the first level-1 heading of each chapter.
	for (ch = 1; ch <= nch; ch++) {
		for (i = 1; i <= ndoc[ch]; i++) {
			if (doc[ch, i] ~ /^# /) {
				title[ch] = substr(doc[ch, i], 3)
				sub(/[ \t]*\{.*\}[ \t]*$/, "", title[ch])
				titleline[ch] = i
				break
			}
		}
		if (title[ch] == "") {
			print "weave: " srcfile[ch] ": the chapter has no '# Title' heading" > "/dev/stderr"
			exit 1
		}
	}

	f = out "/book.yaml"
	print "book-title: Wakeful" > f
	print "book-description: \"An interactive book that is also a kernel: a 32-bit x86 kernel with Rust-style futures, wakers and executors in C, written as literate programs you can boot in the page.\"" > f
	print "chapters:" > f
	for (ch = 1; ch <= nch; ch++) {
		print "  - number: \"" (chnum[ch] + 0) "\"" > f
		print "    slug: " yq(slug[ch]) > f
		print "    title: " yq(title[ch]) > f
		print "    page: " yq(page[ch]) > f
	}
	close(f)

	# For search and previews (weave.sh joins them with the sections
	# site.lua finds): every chunk with its first lines, every identifier
	# with the chunks that define it.
	f = out "/xref-chunks.tsv"
	for (c = 1; c <= nchunk; c++)
		print anchor[c] "\t" cname[c] "\t" label(c) "\t" page[chapof[c]] "\t" (chnum[chapof[c]] + 0) "\t" json_str(plain_chunk(c, 8)) > f
	close(f)
	f = out "/xref-ids.tsv"
	for (id in nidefs) {
		line = id
		for (j = 1; j <= nidefs[id]; j++)
			line = line "\t" anchor[idefs[id, j]]
		print line > f
	}
	close(f)

	f = out "/anchors.tsv"
	for (c = 1; c <= nchunk; c++) {
		fn = srcfile[chapof[c]]
		sub(/^(\.\.\/)+/, "", fn)
		print fn "\t" firstline[c] "\t" lastline[c] "\t" page[chapof[c]] "#" anchor[c] > f
	}
	close(f)

	for (ch = 1; ch <= nch; ch++) {
		f = out "/ch" chnum[ch] "-" slug[ch] ".md"
		print "---" > f
		print "title: " yq(title[ch]) > f
		print "chapter: \"" (chnum[ch] + 0) "\"" > f
		print "slug: " yq(slug[ch]) > f
		print "page: " yq(page[ch]) > f
		print "source: " yq(srcfile[ch]) > f
		print "description: " yq(describe(ch)) > f
		print "iso: \"iso/ch" chnum[ch] ".iso\"" > f
		print "tarball: \"src/ch" chnum[ch] ".tar.gz\"" > f
		# A kernel that reads the keyboard: its boot script types keys.
		if (reads_keys("build/ch" chnum[ch] "/tests/boot.expect"))
			print "keyboard: true" > f
		# A checkpoint with a disk: the page's emulator attaches it (tangle/mk/disk.mk).
		if (system("test -f build/ch" chnum[ch] "/disk.img") == 0)
			print "disk: \"disk/ch" chnum[ch] ".img\"" > f
		if (ch > 1)
			print "changes: \"ch" chnum[ch] "-changes.html\"\nchanges-from: \"" (chnum[ch - 1] + 0) "\"" > f
		if (ch > 1)
			print "prev:\n  title: " yq(title[ch - 1]) "\n  page: " yq(page[ch - 1]) > f
		if (ch < nch)
			print "next:\n  title: " yq(title[ch + 1]) "\n  page: " yq(page[ch + 1]) > f
		print "---\n" > f
		for (i = 1; i <= ndoc[ch]; i++) {
			if (i == titleline[ch])
				continue
			line = doc[ch, i]
			if (substr(line, 1, 1) == "\001")
				print "\n" render_chunk(substr(line, 2) + 0) "\n" > f
			else
				print line > f
		}
		emit_exercises(ch, f)
		close(f)
	}

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

	f = out "/chapters.tsv"
	for (ch = 1; ch <= nch; ch++)
		print chnum[ch] "\t" slug[ch] "\t" page[ch] "\t" title[ch] > f
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
