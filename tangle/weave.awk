# weave.awk -- the book's weaver: the table of chunks in, the chapters'
# text as pandoc Markdown out. It reads the table chunks.awk made of every
# chapter (-v out=DIR: DIR/files.tsv, chunks.tsv, chunk-text.tsv, prose.tsv)
# and never the book's markup, so the chunk rules ("[replaces]" included)
# are the tangler's by construction. Output, under DIR:
#   chNN-slug.body   one per chapter: the prose as written, each code chunk
#                    as a raw HTML block (highlighted by highlight.awk, with
#                    anchors, where its lines land, cross-references)
#   xref-chunks.tsv  every chunk with its first lines, for search/previews
#   anchors.tsv      file, first line, last line, page#anchor of every chunk
#                    (the figures use it to link a state to its code)
#   ids-used.tsv     identifier, chunk: the uses highlight.awk linked, for
#                    the index (index.awk)
# The other concerns are their own pieces, run by weave.sh: metadata and
# front matter (weave/meta.awk), the index (weave/index.awk), exercise
# pages (weave/exercises.awk).
#
# Usage: awk -v out=DIR -f weave/table.awk -f weave/highlight.awk -f weave.awk

# ---- chunk relations ----------------------------------------------------

# The definition that starts the version of NAME in force in chapter ch:
# the head (in the table) of the last definition at or before ch.
function head_for(name, ch,    i, h, d) {
	h = defs[name, 1]
	for (i = 1; i <= ndefs[name]; i++) {
		d = defs[name, i]
		if (chapof[d] > ch)
			break
		h = headof[d]
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

# ---- where a chunk's lines land ----------------------------------------
# Every checkpoint's tangle writes build/chNN/.landing (landing.awk): a row
# per definition it expanded, with the place described for a reader. The
# page of chapter NN shows, on each of its chunks, the row from checkpoint
# NN: the file and the place in it as the reader's own tree has it.
function load_landing(path, nn,    line, f, key) {
	while ((getline line < path) > 0) {
		split(line, f, "\t")
		if (index(f[1], "book/" nn "-") != 1)
			continue
		key = f[1]
		if (!(key in land_file)) {
			land_file[key] = f[2]
			land_desc[key] = f[5]
			land_lines[key] = f[3] "&#x2013;" f[4]
			land_n[key] = 1
		} else
			land_n[key]++
	}
	close(path)
}

function code_ticks(s,    out) {
	s = esc(s)
	out = ""
	while (match(s, /`[^`]*`/)) {
		out = out substr(s, 1, RSTART - 1) "<code>" substr(s, RSTART + 1, RLENGTH - 2) "</code>"
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

function landing_html(c,    key, f, d, t, more, i) {
	key = srcfile[chapof[c]] ":" firstline[c]
	sub(/^(\.\.\/)+/, "", key)
	if (!(key in land_file)) {
		if (!((chapof[c]) in land_loaded)) {
			land_loaded[chapof[c]] = 1
			load_landing("build/ch" chnum[chapof[c]] "/.landing", chnum[chapof[c]])
		}
	}
	if (!(key in land_file)) {
		# Replaced later in its own chapter: it never reaches the
		# checkpoint, which the page says instead of a place.
		d = replacedby[c]
		if (d && chapof[d] == chapof[c])
			return " <span class=\"chunk-where\">Not in checkpoint " (chnum[chapof[c]] + 0) ": replaced by <a href=\"#" anchor[d] "\">" label(d) "</a></span>"
		return ""
	}
	f = land_file[key]
	d = land_desc[key]
	t = (d == "new file") ? "New file" : (cname[c] == f ? "" : "In <code>" esc(f) "</code>")
	if (d != "" && d != "new file")
		t = t (t == "" ? toupper(substr(d, 1, 1)) substr(code_ticks(d), 2) : ", " code_ticks(d))
	if (t == "")
		t = "Lines " land_lines[key]
	more = land_n[key] > 1 ? " (and " (land_n[key] - 1) " more " (land_n[key] > 2 ? "places" : "place") ")" : ""
	return " <span class=\"chunk-where\" title=\"lines " land_lines[key] " of " esc(f) " in checkpoint " (chnum[chapof[c]] + 0) "\">" t more "</span>"
}

function render_chunk(c,    h, lang, k, html, name, u, hd, i, d, list, n, sep, first_def) {
	name = cname[c]
	lang = (c in langof) ? langof[c] : "text"
	h = headof[c]
	html = "```{=html}\n<div class=\"chunk\" id=\"" anchor[c] "\" data-chunk=\"" esc(name) "\">\n"
	html = html "<div class=\"chunk-head\"><a class=\"chunk-link\" href=\"#" anchor[c] "\">&#x27E8;" esc(name) "&#x27E9; <span class=\"chunk-num\">" label(c) "</span></a> <span class=\"chunk-op\">" (h == c ? "&#x2261;" : "+&#x2261;") "</span>"
	if (replaces[c]) {
		first_def = defs[name, 1]
		html = html " <span class=\"replaces\">replaces <a href=\"" href(first_def, chapof[c]) "\">&#x27E8;" esc(name) "&#x27E9; " label(first_def) "</a>, first defined in chapter " (chnum[chapof[first_def]] + 0) "</span>"
	}
	html = html landing_html(c)
	html = html "</div>\n<pre class=\"code lang-" lang "\" tabindex=\"0\" data-pagefind-weight=\"0.3\"><code>"
	incomment = 0
	linepos = 0
	linestart_blank = 1
	ln = firstline[c] + 1	# the .nw line of the item
	awaitopen = 0
	for (k = 1; k <= nitem[c]; k++) {
		if (ikind[c, k] == "T") {
			# An AWAIT line gets an anchor, chNN-L<line>, which the
			# state-machine diagrams link to (book.lua).
			if (linepos == 0 && !incomment && lang == "c" &&
			    ival[c, k] ~ /[A-Z_]*AWAIT[A-Z_]*[ \t]*\(/ && ival[c, k] !~ /#[ \t]*define/) {
				html = html "<span class=\"await-line\" id=\"ch" chnum[chapof[c]] "-L" ln "\">"
				awaitopen = 1
			}
			html = html highlight(ival[c, k], c, lang)
		} else if (ikind[c, k] == "N") {
			if (awaitopen)
				html = html (incomment ? "</span></span><span class=\"cm\">" : "</span>")
			awaitopen = 0
			ln++
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
	if (awaitopen)
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
			if (d != c && headof[d] == c) {
				list = list (n++ ? ", " : "") "<a href=\"" href(d, chapof[c]) "\">" label(d) "</a>"
			}
		}
		if (n) {
			html = html sep "Continued in " list "."
			sep = " "
		}
		d = replacedby[c]
		if (d) {
			html = html sep "Replaced in <a href=\"" href(d, chapof[c]) "\">" label(d) "</a>."
			sep = " "
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

BEGIN {
	load_table(out, 1)
	for (c = 1; c <= nchunk; c++)
		if (!nuses[cname[c]] && cname[c] !~ /[ \t]/)
			mark_lang(cname[c], lang_of_file(cname[c]))
	for (ch = 1; ch <= nch; ch++)
		find_title(ch)

	# For search and previews (weave.sh joins them with the sections
	# site.lua finds): every chunk with its first lines.
	f = out "/xref-chunks.tsv"
	for (c = 1; c <= nchunk; c++)
		print anchor[c] "\t" cname[c] "\t" label(c) "\t" page[chapof[c]] "\t" (chnum[chapof[c]] + 0) "\t" json_str(plain_chunk(c, 8)) > f
	close(f)

	f = out "/anchors.tsv"
	for (c = 1; c <= nchunk; c++) {
		fn = srcfile[chapof[c]]
		sub(/^(\.\.\/)+/, "", fn)
		print fn "\t" firstline[c] "\t" lastline[c] "\t" page[chapof[c]] "#" anchor[c] > f
	}
	close(f)

	# Each chapter's text after its front matter (meta.awk) and title.
	for (ch = 1; ch <= nch; ch++) {
		f = out "/ch" chnum[ch] "-" slug[ch] ".body"
		printf "" > f
		for (i = 1; i <= ndoc[ch]; i++) {
			if (i == titleline[ch])
				continue
			line = doc[ch, i]
			if (substr(line, 1, 1) == "\001")
				print "\n" render_chunk(substr(line, 2) + 0) "\n" > f
			else
				print line > f
		}
		close(f)
	}

	# The identifiers the highlighter linked, chunk by chunk.
	f = out "/ids-used.tsv"
	printf "" > f
	for (k in idseen) {
		split(k, u, SUBSEP)
		if (u[2] ~ /^[0-9]+$/)
			print u[1] "\t" u[2] > f
	}
	close(f)
}
