# coro2dot.awk -- draw every coroutine of the book as a state machine.
#
# Usage: tangle/coro2dot.sh DIR book/NN-*.nw, which makes the table of
# chunks (chunks.awk) and runs: awk -v table=TABLEDIR -v outdir=DIR -f
# coro2dot.awk. The chunks and their lines come from the table, so
# "[replaces]" is the tangler's: only definitions that nothing replaced
# are drawn. The C of the chunks is parsed here.
# For each CORO(name, type) it writes DIR/name.dot: a start and a done node,
# one node per AWAIT, named after what it awaits (the file:line of the
# AWAIT is in its tooltip and its link, nw:FILE:LINE, which the weave turns
# into the anchor of that very line), a Pending self-loop on each await,
# and one edge per transition the code can make, labelled with what
# decides it: "first poll", "ready at once", the loop condition, the
# branch taken. The paths follow the braces of loops and ifs and the
# breaks out of loops (an over-approximation: see ch. 10).
#
# Ids for the live view (tangle/site/live.js): a node's id is s<state>,
# the value coro_state has there (0 at start, -1 when done, the AWAIT's
# line otherwise); an edge's id is t<from>_<to>_<k>. The weave turns them
# into data-state, data-from and data-to attributes.

# Each live chunk's lines, with the .nw file and line of each: a use is
# written back as <<name>> (flatten() below expands it).
function load_table(    line, f, c, t, k, kind, name, n, row) {
	while ((getline line < (table "/chunks.tsv")) > 0) {
		split(line, f, "\t")
		if (f[10] + 0)
			continue	# replaced: not in the book's last version
		c = f[1] + 0
		name = f[7]
		owner[c] = name
		path[c] = f[2]
		if (!(name in nlines))
			nlines[name] = 0
	}
	close(table "/chunks.tsv")
	while ((getline line < (table "/chunk-text.tsv")) > 0) {
		chunk_row(line, row)
		c = row["id"]
		k = row["line"]
		kind = row["kind"]
		t = row["text"]
		if (!(c in owner))
			continue
		name = owner[c]
		if (kind == "N") {
			n = ++nlines[name]
			text[name, n] = pending[c]
			src[name, n] = path[c] ":" k
			pending[c] = ""
		} else
			pending[c] = pending[c] (kind == "U" ? "<<" t ">>" : t)
	}
	close(table "/chunk-text.tsv")
}

BEGIN { load_table(); draw_all() }

function flatten(name, depth,    k, line, ind, used) {
	if (depth > 20)
		return
	for (k = 1; k <= nlines[name]; k++) {
		line = text[name, k]
		if (match(line, /<<[^>]*>>/) && line !~ /^[ \t]*#/) {
			used = substr(line, RSTART + 2, RLENGTH - 4)
			flatten(used, depth + 1)
			continue
		}
		n++
		fl[n] = line
		fs[n] = src[name, k]
	}
}

function draw_all() {
	for (key in nlines) {
		split("", fl)
		n = 0
		flatten(key, 0)
		for (i = 1; i <= n; i++)
			if (clean(fl[i]) ~ /^[ \t]*(static[ \t]+)?CORO\(/)
				coroutine(i)
	}
}
function clean(s) {
	gsub(/"([^"\\]|\\.)*"/, "\"\"", s)
	gsub(/'([^'\\]|\\.)*'/, "' '", s)
	gsub(/\/\*.*\*\//, "", s)
	sub(/\/\/.*$/, "", s)
	return s
}

# The frontier is the set of places the coroutine can be coming from when
# it reaches the current line: "start" or an await node, each with the
# context of the path (the branch taken, the loop condition), which
# becomes part of the label of the next edge. A key is node SUBSEP ctx.
function fadd(m, ctx) { frontier[m, ctx] = 1 }
function fclear() { split("", frontier) }
function fsave(    k, s) {
	s = ""
	for (k in frontier)
		s = s "\002" k
	return s
}
function fload(s, ctx,    parts, k, i, p) {
	k = split(s, parts, "\002")
	for (i = 2; i <= k; i++) {
		split(parts[i], p, SUBSEP)
		fadd(p[1], ctx == "" ? p[2] : ctx)
	}
}

# One edge per transition: the same two nodes with two different reasons
# get two edges, each with its own label.
function edge(a, b, label, full) {
	if ((a, b, label) in seen)
		return
	seen[a, b, label] = 1
	nedges++
	efrom[nedges] = a
	eto[nedges] = b
	elab[nedges] = label
	etip[nedges] = full
}

# Join every path of the frontier to node `to`. From start the label is
# "first poll" (or "ready at once" when the first poll already finishes);
# from an await it is "Ready", and the path's context follows either.
function join_frontier(to,    k, p, base, lab, ctx) {
	for (k in frontier) {
		split(k, p, SUBSEP)
		ctx = p[2]
		if (p[1] == "start")
			base = (to == "done" && naw == 0) ? "ready at once" : "first poll"
		else
			base = "Ready"
		lab = base (ctx != "" ? ", " ctx : "")
		edge(p[1], to, shorten(lab), lab)
	}
}

function shorten(s) {
	if (length(s) <= 34)
		return s
	return substr(s, 1, 32) "\342\200\246"
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# The text between the first "(" of s and its matching ")", or "" when
# the parentheses do not close on s.
function parens(s,    i, d, c, st) {
	st = index(s, "(")
	if (!st)
		return ""
	d = 0
	for (i = st; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "(")
			d++
		else if (c == ")" && --d == 0)
			return substr(s, st + 1, i - st - 1)
	}
	return "\001"
}

function loop_cond(line,    c, parts) {
	c = parens(line)
	if (line ~ /^[ \t]*(}[ \t]*)?for[ \t(]/) {
		split(c, parts, ";")
		c = parts[2]
	}
	c = trim(c)
	if (c == "" || c == "1" || c == "true")
		return ""
	return c
}

function not(c) {
	if (c ~ /^[A-Za-z_][A-Za-z_0-9>.-]*$/)
		return "!" c
	return "!(" c ")"
}

function innermost_loop(    d) {
	for (d = depth; d >= 1; d--)
		if (stack_kind[d] == "loop" || stack_kind[d] == "switch")
			return d
	return 0
}

# What the awaited thing is called: the argument of the await, and the
# kind of future when a line just before it sets it up with xxx_init.
function await_label(expr, i,    arg, kind, j, l, what) {
	arg = expr
	kind = expr
	sub(/\(.*$/, "", kind)
	sub(/^[A-Z_]*\([ \t]*f[ \t]*,[ \t]*/, "", arg)
	sub(/\)$/, "", arg)
	arg = trim(arg)
	if (kind == "AWAIT_UNTIL")
		return "until " arg
	sub(/^&/, "", arg)
	what = ""
	for (j = i - 1; j >= i - 4 && j > 0; j--) {
		l = fl[j]
		if (index(l, arg ",") || index(l, arg ")")) {
			if (match(l, /[a-z_]+_init[ \t]*\(/)) {
				what = substr(l, RSTART, RLENGTH)
				sub(/_init[ \t]*\($/, "", what)
			}
			break
		}
	}
	return (kind == "AWAIT" ? "await " : kind " ") arg (what != "" ? "\\n(" what ")" : "")
}

function coroutine(at,    i, line, c, ch, kind, m, started, expr, name, cond, d, head) {
	line = fl[at]
	name = line
	sub(/^.*CORO\([ \t]*/, "", name)
	sub(/[ \t]*,.*$/, "", name)
	fclear()
	split("", seen)
	split("", stack_kind)
	nedges = 0
	fadd("start", "")
	nodes = ""
	naw = 0
	depth = 0
	started = 0
	ifcond = ""	# the condition of a braceless if whose body is next
	pend = ""	# an if condition still being read over several lines
	for (i = at + 1; i <= n; i++) {
		line = clean(fl[i])
		if (line ~ /^[ \t]*#/)
			continue
		cond = ifcond
		ifcond = ""
		if (pend != "") {
			line = pend " " trim(line)
			pend = ""
		}
		if (line ~ /^[ \t]*(}[ \t]*)?(else[ \t]+)?if[ \t]*\(/ && line !~ /{[ \t]*$/) {
			c = parens(line)
			if (c == "\001") {
				pend = line
				continue
			}
			head = line
			sub(/^[^(]*/, "", head)
			head = substr(head, length(c) + 3)
			if (trim(head) == "") {
				ifcond = trim(c)
				continue
			}
			cond = trim(c)	# if (c) statement; on one line
			line = head
		}
		if (match(line, /[A-Z_]*AWAIT[A-Z_]*[ \t]*\(/)) {
			match(fl[i], /[A-Z_]*AWAIT[A-Z_]*[ \t]*\(/)
			expr = trim(substr(fl[i], RSTART))
			sub(/\);[ \t]*(\/\*.*)?$/, ")", expr)
			naw++
			node = "s" line_of(fs[i])
			nodes = nodes sprintf("\t%s [id=\"%s\", label=\"%s\", URL=\"nw:%s\", tooltip=\"%s\"];\n",
				node, node, esc(await_label(expr, i)), fs[i], esc(expr) " at " short(fs[i]))
			if (cond != "") {
				saved = fsave()
				fclear()
				fload(saved, cond)
				join_frontier(node)
				fclear()
				fload(saved, not(cond))
			} else {
				join_frontier(node)
				fclear()
			}
			edge(node, node, "Pending", "Pending: polled again when woken")
			fadd(node, "")
			for (m = 1; m <= depth; m++)
				if (stack_first[m] == "")
					stack_first[m] = node
		}
		if (line ~ /(^|[^A-Za-z_])break[ \t]*;/ && (d = innermost_loop())) {
			saved = fsave()
			if (cond != "") {
				fclear()
				fload(saved, cond)
				stack_breaks[d] = stack_breaks[d] fsave()
				fclear()
				fload(saved, "")
			} else {
				if (stack_kind[depth] == "branch" && stack_cond[depth] != "") {
					fclear()
					fload(saved, stack_cond[depth])
				}
				stack_breaks[d] = stack_breaks[d] fsave()
				fclear()
			}
		}
		if (line ~ /CORO_RETURN/) {
			join_frontier("done")
			fclear()
		}
		for (c = 1; c <= length(line); c++) {
			ch = substr(line, c, 1)
			if (ch == "{") {
				started = 1
				depth++
				kind = "plain"
				stack_cond[depth] = ""
				if (line ~ /^[ \t]*(}[ \t]*)?(for|while|do)([^A-Za-z_]|$)/) {
					kind = "loop"
					stack_cond[depth] = loop_cond(line)
				} else if (line ~ /^[ \t]*(}[ \t]*)?switch[ \t(]/) {
					kind = "switch"
				} else if (line ~ /^[ \t]*(}[ \t]*)?(if|else)([^A-Za-z_]|$)/) {
					kind = "branch"
					if (line ~ /if[ \t]*\(/)
						stack_cond[depth] = trim(parens(substr(line, index(line, "if"))))
				}
				stack_kind[depth] = kind
				stack_first[depth] = ""
				stack_breaks[depth] = ""
				stack_entry[depth] = fsave()
				if (kind == "branch" && stack_cond[depth] != "") {
					saved = fsave()
					fclear()
					fload(saved, stack_cond[depth])
				}
			} else if (ch == "}" && depth > 0) {
				close_block(depth)
				depth--
			}
		}
		if (started && depth == 0)
			break
	}
	join_frontier("done")
	write_graph(name)
}

function close_block(d,    body, cond) {
	if (stack_kind[d] == "plain")
		return
	body = fsave()
	cond = stack_cond[d]
	if (stack_kind[d] == "loop") {
		if (stack_first[d] != "") {
			fclear()
			fload(body, cond == "" ? "loop" : cond)
			join_frontier(stack_first[d])
		}
		fclear()
		if (cond != "") {
			fload(body, not(cond))
			fload(stack_entry[d], not(cond))
		} else if (stack_first[d] == "") {
			fload(body, "")
		}
		fload(stack_breaks[d], "")
		return
	}
	if (stack_kind[d] == "switch") {
		fload(stack_entry[d], "")
		fload(stack_breaks[d], "")
		return
	}
	# a branch: the body's end, or the way around it
	fload(stack_entry[d], cond == "" ? "" : not(cond))
}

function line_of(where) {
	sub(/^.*:/, "", where)
	return where
}
function esc(s) {
	gsub(/"/, "\\\"", s)
	return s
}

function short(where) {
	sub(/^.*\//, "", where)
	return where
}

function state_of(node) {
	if (node == "start")
		return 0
	if (node == "done")
		return -1
	return substr(node, 2)
}

function edges_text(    k, s) {
	s = ""
	for (k = 1; k <= nedges; k++)
		s = s sprintf("\t%s -> %s [id=\"t%s_%s_%d\", label=\"%s\", tooltip=\"%s\"%s];\n",
			efrom[k], eto[k], state_of(efrom[k]), state_of(eto[k]), k,
			esc(elab[k]), esc(etip[k]), elab[k] == "Pending" ? ", style=dashed" : "")
	return s
}

# A coroutine with one await point is drawn compact, left to right.
function write_graph(name,    file) {
	file = outdir "/" name ".dot"
	printf "digraph %s {\n", name > file
	printf "\tgraph [rankdir=%s, fontname=\"sans-serif\"];\n", naw <= 1 ? "LR" : "TB" > file
	printf "\tnode [shape=box, style=rounded, fontname=\"monospace\", fontsize=10];\n" > file
	printf "\tedge [fontname=\"sans-serif\", fontsize=9];\n" > file
	printf "\tstart [id=\"s0\", shape=circle, label=\"start\", tooltip=\"not polled yet\"];\n" > file
	printf "\tdone [id=\"s-1\", shape=doublecircle, label=\"done\", tooltip=\"returned Ready\"];\n" > file
	printf "%s%s}\n", nodes, edges_text() > file
	close(file)
	print name > (outdir "/.coroutines.new")
}
