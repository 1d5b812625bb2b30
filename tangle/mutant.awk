# mutant.awk -- read the mutant catalog (tests/mutants/catalog).
#
#   awk -v mode=list  -f mutant.awk CATALOG          id<TAB>file<TAB>chapter<TAB>sum, one a line
#   awk -v mode=show  -v id=ID -f mutant.awk CATALOG the fields of one mutant, key<TAB>value
#   awk -v mode=apply -v id=ID -v nw=FILE -f mutant.awk CATALOG
#                     print FILE with the mutant's original lines replaced
#
# The catalog's format is described at its top. A mutant's original text
# must occur in its .nw file exactly once: otherwise "apply" fails with
# "stale mutant ID", naming the file and how often the text was found,
# and writes nothing on stdout. Any malformed entry fails every mode,
# naming the catalog line.
function bad(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}
function finish(   k) {
	if (cur == "")
		return
	if (file[cur] == "")
		bad("mutant " cur " has no file line")
	if (what[cur] == "")
		bad("mutant " cur " has no what line")
	if (norig[cur] == 0)
		bad("mutant " cur " has no original lines")
	if (state != "done")
		bad("mutant " cur " does not end with an end line")
	same = (norig[cur] == nrepl[cur])
	for (k = 1; same && k <= norig[cur]; k++)
		if (orig[cur, k] != repl[cur, k])
			same = 0
	if (same)
		bad("mutant " cur ": the mutant is the original text")
	cur = ""
}
BEGIN { state = "out" }
state == "orig" && $0 == "mutant:" { state = "repl"; text[cur] = text[cur] $0 "\n"; next }
state == "orig" { orig[cur, ++norig[cur]] = $0; text[cur] = text[cur] $0 "\n"; next }
state == "repl" && $0 == "end" { state = "done"; text[cur] = text[cur] $0 "\n"; next }
state == "repl" { repl[cur, ++nrepl[cur]] = $0; text[cur] = text[cur] $0 "\n"; next }
/^#/ || /^[ \t]*$/ { next }
$1 == "mutant" {
	finish()
	if (NF != 2 || $2 !~ /^[a-z0-9][a-z0-9-]*$/)
		bad("a mutant's id is one word of a-z, 0-9 and -")
	cur = $2
	if (cur in file)
		bad("mutant " cur " is defined twice")
	ids[++n] = cur
	state = "head"
	text[cur] = $0 "\n"
	next
}
state != "head" { bad("expected a mutant line, found: " $0) }
{ text[cur] = text[cur] $0 "\n" }
$1 == "file" {
	file[cur] = $2
	if ($2 !~ /^book\/[0-9][0-9]-[^\/]*\.nw$/)
		bad("mutant " cur ": file must be book/NN-slug.nw")
	chapter[cur] = substr($2, 6, 2)
	next
}
$1 == "what" { what[cur] = substr($0, index($0, $2)); next }
$1 == "equivalent" { equiv[cur] = substr($0, index($0, $2)); next }
$0 == "original:" { state = "orig"; next }
{ bad("unknown line in mutant " cur ": " $0) }

END {
	if (failed)
		exit 1
	finish()
	if (failed)
		exit 1
	if (mode == "list") {
		for (i = 1; i <= n; i++) {
			c = ids[i]
			printf "%s\t%s\t%s\t%s\n", c, file[c], chapter[c], sum(text[c])
		}
		exit 0
	}
	if (!(id in file)) {
		print "mutant.awk: no mutant " id " in the catalog" > "/dev/stderr"
		exit 1
	}
	if (mode == "show") {
		printf "file\t%s\nchapter\t%s\nwhat\t%s\nequivalent\t%s\nsum\t%s\n", \
			file[id], chapter[id], what[id], equiv[id], sum(text[id])
		exit 0
	}
	if (mode == "apply") {
		nl = 0
		while ((getline line < nw) > 0)
			lines[++nl] = line
		found = 0
		for (i = 1; i + norig[id] - 1 <= nl; i++) {
			for (k = 1; k <= norig[id]; k++)
				if (lines[i + k - 1] != orig[id, k])
					break
			if (k > norig[id]) {
				found++
				at = i
			}
		}
		if (found != 1) {
			printf "stale mutant %s: its original text occurs %d times in %s (must be once)\n", \
				id, found, nw > "/dev/stderr"
			exit 2
		}
		for (i = 1; i < at; i++)
			print lines[i]
		for (k = 1; k <= nrepl[id]; k++)
			print repl[id, k]
		for (i = at + norig[id]; i <= nl; i++)
			print lines[i]
		exit 0
	}
	print "mutant.awk: mode must be list, show or apply" > "/dev/stderr"
	exit 1
}

# A short checksum of a mutant's text (djb2 over its bytes, mod 2^31):
# results.tsv records it, so a result whose mutant was edited since is seen.
function sum(s,   h, i, c) {
	if (!ord_ready) {
		for (i = 1; i < 256; i++)
			ord[sprintf("%c", i)] = i
		ord_ready = 1
	}
	h = 5381
	for (i = 1; i <= length(s); i++) {
		c = ord[substr(s, i, 1)]
		h = (h * 33 + c) % 2147483648
	}
	return sprintf("%08x", h)
}
