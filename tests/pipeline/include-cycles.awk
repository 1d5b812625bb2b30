# include-cycles.awk -- the include cycles between a checkpoint's kernel
# modules, and whether the book explains each one.
#
#   awk -f include-cycles.awk -v ch=chNN -v allow=book/include-cycles.txt \
#       -v book=book build/chNN/kernel/*.c build/chNN/kernel/*.h
#
# A module is kernel/x.c with kernel/x.h; module A depends on module B
# when x.c or x.h of A includes "b.h" (its own header does not count;
# #line directives are read only to say where an include came from).
#
# The allow-list's lines are "module module ... NN-slug.nw". An entry
# whose modules are all here and strongly connected by the includes
# among themselves is a cycle the book chose: it counts only if the
# chapter is not after the checkpoint and has a paragraph of prose (not
# code) that says the modules "include each other" and names each one's
# file (`x.h` or `x.c`). Its modules then count as one module, so a
# cycle through a module outside the entry is still found.
#
# The strongly connected components of what remains with more than one
# module (Tarjan's algorithm) are the cycles nobody explained.
#
# Prints "PASS pipeline/layers/chNN/no-include-cycles" or one FAIL line
# naming, for each cycle, its modules and the #include lines that make
# it (tangled file and line, and the book's line from #line), and for
# each entry that does not count, why. Every entry that applied to the
# checkpoint is printed as "USED <entry>", for layers.sh to see that no
# entry is stale.

function module(path,    m) {
	m = path
	sub(/.*\//, "", m)
	sub(/\.[ch]$/, "", m)
	return m
}

# Track where a tangled line comes from: #line N "file" says the next
# line is line N of the book's file.
FNR == 1 {
	src = ""
	srcline = 0
	mod = module(FILENAME)
	file = FILENAME
	sub(/.*\//, "", file)
	file = "kernel/" file
	have[mod] = 1
}
/^#line [0-9]+ "/ {
	srcline = $2 - 1
	src = $3
	gsub(/"/, "", src)
	sub(/.*\//, "", src)
	next
}
{ srcline++ }
/^[ \t]*#[ \t]*include[ \t]*"[^"]*\.h"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*/, "", h)
	to = module(h)
	if (to == mod || index(h, "/"))
		next
	if (!((mod, to) in edge)) {
		edge[mod, to] = ""
		succ[mod] = succ[mod] " " to
	}
	where = file ":" FNR
	if (src != "")
		where = where " (" src ":" srcline ")"
	edge[mod, to] = edge[mod, to] (edge[mod, to] == "" ? "" : ", ") \
		where " includes " h
}

# Tarjan's strongly connected components, over the graph of groups: a
# group is a module, or the modules of an allow-list entry taken as one.
function visit(v,    n, i, w, ws, members, count) {
	index_of[v] = lowlink[v] = ++counter
	stack[++sp] = v
	on_stack[v] = 1
	n = split(gsucc[v], ws, " ")
	for (i = 1; i <= n; i++) {
		w = ws[i]
		if (!(w in index_of)) {
			visit(w)
			if (lowlink[w] < lowlink[v])
				lowlink[v] = lowlink[w]
		} else if (on_stack[w] && index_of[w] < lowlink[v]) {
			lowlink[v] = index_of[w]
		}
	}
	if (lowlink[v] != index_of[v])
		return
	members = ""
	count = 0
	do {
		w = stack[sp--]
		on_stack[w] = 0
		members = members " " w
		count++
	} while (w != v)
	if (count > 1)
		cycles[++ncycles] = members
}

function sorted(list,    a, n, i, j, t, out) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	out = a[1]
	for (i = 2; i <= n; i++)
		out = out " " a[i]
	return out
}

function find(m) {
	while (group[m] != m)
		m = group[m]
	return m
}

# Are the modules strongly connected by the includes among themselves?
# From the first, every one is reached, and every one reaches the first.
function connected(list,    a, n, i, j, in_list, fwd, bwd, grew) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) {
		if (!(a[i] in have))
			return 0
		in_list[a[i]] = 1
	}
	fwd[a[1]] = bwd[a[1]] = 1
	do {
		grew = 0
		for (i = 1; i <= n; i++)
			for (j = 1; j <= n; j++) {
				if (!((a[i], a[j]) in edge))
					continue
				if ((a[i] in fwd) && !(a[j] in fwd))
					fwd[a[j]] = grew = 1
				if ((a[j] in bwd) && !(a[i] in bwd))
					bwd[a[i]] = grew = 1
			}
	} while (grew)
	for (i = 1; i <= n; i++)
		if (!(a[i] in fwd) || !(a[i] in bwd))
			return 0
	return 1
}

# Does the chapter's prose (outside code chunks) have a paragraph that
# says the modules include each other and names each one's file?
function explained(chapter, members,    path, line, in_code, para, a, n, ok) {
	path = book "/" chapter
	in_code = 0
	para = ""
	ok = 0
	n = split(members, a, " ")
	while ((getline line < path) > 0) {
		if (line ~ /^<<.*>>=[ \t]*$/) {
			in_code = 1
			continue
		}
		if (in_code) {
			if (line ~ /^@( |$)/)
				in_code = 0
			continue
		}
		if (line ~ /^[ \t]*$/) {
			ok = ok || names_all(para, a, n)
			para = ""
		} else {
			para = para " " line
		}
	}
	close(path)
	return ok || names_all(para, a, n)
}

function names_all(para, a, n,    i) {
	gsub(/[ \t]+/, " ", para)
	if (index(para, "include each other") == 0)
		return 0
	for (i = 1; i <= n; i++)
		if (index(para, "`" a[i] ".h`") == 0 && index(para, "`" a[i] ".c`") == 0)
			return 0
	return 1
}

END {
	chnum = ch
	sub(/^ch0*/, "", chnum)
	bad = ""
	for (m in have)
		group[m] = m
	# The allow-list: "module module ... NN-slug.nw", # comments. An
	# entry whose modules are here and include each other makes them
	# one group.
	while ((getline line < allow) > 0) {
		sub(/#.*/, "", line)
		n = split(line, f, " ")
		if (n < 3)
			continue
		mods = ""
		for (i = 1; i < n; i++)
			mods = mods " " f[i]
		if (!connected(mods))
			continue
		entry = f[1]
		for (i = 2; i <= n; i++)
			entry = entry " " f[i]
		print "USED " entry
		chapter = f[n]
		sub(/.*\//, "", chapter)
		cnum = chapter
		sub(/-.*/, "", cnum)
		why = ""
		if (cnum + 0 > chnum + 0)
			why = "it names " chapter ", after " ch
		else if (!explained(chapter, mods))
			why = "no paragraph of " chapter " says \"include each other\"" \
				" and names each module's file"
		if (why != "")
			bad = bad " [" sorted(mods) ": listed in " allow ", but " why "]"
		for (i = 2; i < n; i++)
			if (find(f[i]) != find(f[1]))
				group[find(f[i])] = find(f[1])
	}
	close(allow)

	for (k in edge) {
		split(k, e, SUBSEP)
		if (!(e[2] in have))
			continue
		a = find(e[1])
		b = find(e[2])
		if (a != b && !((a, b) in gedge)) {
			gedge[a, b] = 1
			gsucc[a] = gsucc[a] " " b
		}
	}
	for (m in have)
		groups[find(m)] = 1
	counter = sp = ncycles = 0
	for (v in groups)
		if (!(v in index_of))
			visit(v)

	for (c = 1; c <= ncycles; c++) {
		n = split(cycles[c], g, " ")
		split("", in_cycle)
		for (i = 1; i <= n; i++)
			in_cycle[g[i]] = 1
		mods = lines = ""
		for (m in have)
			if (find(m) in in_cycle)
				mods = mods " " m
		for (k in edge) {
			split(k, e, SUBSEP)
			if ((e[2] in have) && (find(e[1]) in in_cycle) &&
			    (find(e[2]) in in_cycle) &&
			    find(e[1]) != find(e[2]))
				lines = lines (lines == "" ? "" : "; ") edge[k]
		}
		bad = bad " [" sorted(mods) ": not in " allow ": " lines "]"
	}
	if (bad == "")
		print "PASS pipeline/layers/" ch "/no-include-cycles"
	else
		print "FAIL pipeline/layers/" ch "/no-include-cycles: include cycles" \
			" between modules that no chapter explains:" bad
}
