# highlight.awk -- the weave's highlighter, a library: highlight(s, c, lang)
# returns one piece of a line of chunk c (or "exercise") in language lang
# (c, asm, make, ld, text) as HTML: keywords, numbers, strings, comments,
# preprocessor lines, and every identifier the book defines (@ %def) linked
# to its definition in force in the chunk's chapter. It records each such
# use in idseen[id, c], which the weave hands to the index (ids-used.tsv).
# The caller sets incomment (carried across lines), linepos and
# linestart_blank at the start of each line. Needs table.awk's arrays.

BEGIN {
	split("auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false NULL noreturn asm __asm__ __attribute__ __volatile__ _Static_assert static_assert alignas _Alignas", kw, " ")
	for (i in kw)
		keyword[kw[i]] = 1
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
			if (d == c || headof[d] == headof[c] && cname[d] == cname[c])
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

