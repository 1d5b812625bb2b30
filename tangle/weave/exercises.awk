# exercises.awk -- the exercise pages: for each chapter NN with exercises
# (exercises/chNN-*/), its "Exercises" section, written to DIR/chNN-slug.ex
# (weave.sh appends it to the chapter's page): each exercise's statement
# (README.md; statement.lua moves its headings below the exercise's own)
# and hints (hintN.md), code blocks coloured like the chapter's chunks.
#
# Usage: awk -v out=DIR -f table.awk -f highlight.awk -f exercises.awk
# (DIR holds the table of chunks: identifiers link to their definitions.)

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

# Print an exercise's Markdown file, its fenced (```c) and indented code
# blocks coloured like chapter code.
function emit_md(file, ch, f,    line, n, code, lang, fenced, blank) {
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
		# The rest of the statement (the title line was read above);
		# statement.lua moves its headings below the exercise's own.
		print "::: exercise-statement\n" > f
		emit_md_rest(dir "/README.md", ch, f)
		print "\n:::" > f
		for (hint = 1; (getline line < (dir "/hint" hint ".md")) > 0; hint++) {
			close(dir "/hint" hint ".md")
			print "\n```{=html}\n<details class=\"hint\"><summary>Hint " hint "</summary>\n```\n" > f
			emit_md(dir "/hint" hint ".md", ch, f)
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
	emit_md(tmp, ch, f)
}


BEGIN {
	load_table(out, 0)
	for (ch = 1; ch <= nch; ch++) {
		f = out "/ch" chnum[ch] "-" slug[ch] ".ex"
		printf "" > f
		emit_exercises(ch, f)
		close(f)
	}
}
