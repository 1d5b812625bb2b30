# coro2dot.awk -- draw every coroutine of the book as a state machine.
#
# Usage: awk -v outdir=DIR -f coro2dot.awk book/NN-*.nw
# For each CORO(name, type) it writes DIR/name.dot: a start and a done node,
# one node per AWAIT (linked to its book line as nw:FILE:LINE, with the
# awaited expression as tooltip), Pending self-loops and Ready edges that
# follow the braces of loops and ifs (an over-approximation: see ch. 10).
BEGIN { nchunks = 0 }
FNR == 1 { incode = 0 }
/^<<.*>>=[ \t]*$/ {
	name = $0
	sub(/^<</, "", name)
	sub(/>>=[ \t]*$/, "", name)
	if (name ~ / \[replaces\]$/) {
		sub(/ \[replaces\]$/, "", name)
		nlines[name] = 0
	}
	cur = name
	incode = 1
	next
}
/^@([ \t]|$)/ { incode = 0; next }
incode {
	k = ++nlines[cur]
	text[cur, k] = $0
	src[cur, k] = FILENAME ":" FNR
}
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

END {
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

# Edges between the same two nodes are merged into one, with the labels
# joined ("Pending / Ready, loop"), so that a self-loop's labels never
# sit on top of each other. A plain Pending edge is drawn dashed.
function edge(a, b, label) {
	if ((a, b, label) in seen)
		return
	seen[a, b, label] = 1
	if ((a, b) in elabel) {
		elabel[a, b] = elabel[a, b] " / " label
		return
	}
	elabel[a, b] = label
	nedges++
	efrom[nedges] = a
	eto[nedges] = b
}

function edges_text(    k, s, l) {
	s = ""
	for (k = 1; k <= nedges; k++) {
		l = elabel[efrom[k], eto[k]]
		s = s sprintf("\t%s -> %s [label=\"%s\"%s];\n", efrom[k], eto[k],
			l, l == "Pending" ? ", style=dashed" : "")
	}
	return s
}

function join_frontier(to, label,    m) {
	for (m in frontier)
		edge(m, to, m == "start" ? "first poll" : label)
}
function coroutine(at,    i, line, c, ch, depth, kind, m, started, expr, name) {
	line = fl[at]
	name = line
	sub(/^.*CORO\([ \t]*/, "", name)
	sub(/[ \t]*,.*$/, "", name)
	split("", frontier)
	split("", seen)
	split("", elabel)
	nedges = 0
	split("", stack_kind)
	frontier["start"] = 1
	nodes = ""
	edges = ""
	naw = 0
	depth = 0
	started = 0
	for (i = at + 1; i <= n; i++) {
		line = clean(fl[i])
		if (match(line, /[A-Z_]*AWAIT[A-Z_]*[ \t]*\(/) && line !~ /#define/) {
			expr = substr(fl[i], RSTART)
			sub(/\);[ \t]*$/, ")", expr)
			arg = expr
			sub(/^[A-Z_]*\([ \t]*f[ \t]*,[ \t]*/, "", arg)
			sub(/\)$/, "", arg)
			naw++
			node = "a" naw
			nodes = nodes sprintf("\t%s [label=\"%s\", URL=\"nw:%s\", tooltip=\"%s\"];\n",
				node, esc(expr) "\\n" esc(short(fs[i])), fs[i], "awaits " esc(arg))
			join_frontier(node, "Ready")
			edge(node, node, "Pending")
			split("", frontier)
			frontier[node] = 1
			for (m = 1; m <= depth; m++)
				if (stack_first[m] == "")
					stack_first[m] = node
		}
		if (line ~ /CORO_RETURN/) {
			join_frontier("done", "Ready")
			split("", frontier)
		}
		for (c = 1; c <= length(line); c++) {
			ch = substr(line, c, 1)
			if (ch == "{") {
				started = 1
				depth++
				kind = "plain"
				if (line ~ /^[ \t]*(}[ \t]*)?(for|while|do)([^A-Za-z_]|$)/)
					kind = "loop"
				else if (line ~ /^[ \t]*(}[ \t]*)?(if|else)([^A-Za-z_]|$)/)
					kind = "branch"
				stack_kind[depth] = kind
				stack_first[depth] = ""
				save_frontier(depth)
			} else if (ch == "}" && depth > 0) {
				close_block(depth)
				depth--
			}
		}
		if (started && depth == 0)
			break
	}
	join_frontier("done", "Ready")
	write_graph(name)
}
function save_frontier(d,    m, s) {
	s = ""
	for (m in frontier)
		s = s " " m
	stack_entry[d] = s
}

function close_block(d,    k, names, m) {
	if (stack_kind[d] == "loop" && stack_first[d] != "")
		join_frontier(stack_first[d], "Ready, loop")
	if (stack_kind[d] == "plain")
		return
	k = split(stack_entry[d], names, " ")
	for (m = 1; m <= k; m++)
		frontier[names[m]] = 1
}
function esc(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return s
}

function short(where) {
	sub(/^.*\//, "", where)
	return where
}

function write_graph(name,    file) {
	file = outdir "/" name ".dot"
	printf "digraph %s {\n", name > file
	printf "\tgraph [rankdir=TB, fontname=\"sans-serif\"];\n" > file
	printf "\tnode [shape=box, style=rounded, fontname=\"monospace\", fontsize=10];\n" > file
	printf "\tedge [fontname=\"sans-serif\", fontsize=9];\n" > file
	printf "\tstart [shape=circle, label=\"start\"];\n" > file
	printf "\tdone [shape=doublecircle, label=\"done\"];\n" > file
	printf "%s%s}\n", nodes, edges_text() > file
	close(file)
	print name > (outdir "/.coroutines.new")
}
