# tangle_edit.awk -v seed=N FILE -- print FILE with one random edit, chosen
# by seed, and describe the edit on stderr (fuzz/tangle_edits.sh).
BEGIN {
	srand(seed)
	split("@|<<|>>|<<Foo>>=|<<Foo>>|@ %def|<<Send a formatted message to the console [replaces]>>=|@<<|<<<<>>>>|\t<<An undefined chunk>>|<<kernel/vga.c>>=|<<Initialise the kernel>>=|<<>>=|<<a>>= <<b>>", menu, "|")
	nmenu = 13
	split("<|>|@|[|]|=|%", chars, "|")
}
{ line[NR] = $0 }
END {
	n = NR
	at = int(rand() * n) + 1
	if (rand() < 0.6)	# mostly near the chunk markup, where the rules are
		for (k = 0; k < n && line[at] !~ /<<|^@/; k++)
			at = at % n + 1
	kind = int(rand() * 6)
	if (kind == 0) { desc = "deleted line " at; line[at] = "\001" }
	else if (kind == 1) { desc = "duplicated line " at; line[at] = line[at] "\n" line[at] }
	else if (kind == 2) { m = menu[int(rand() * nmenu) + 1]; desc = "inserted \"" m "\" before line " at; line[at] = m "\n" line[at] }
	else if (kind == 3) { desc = "cut the file after line " at; for (i = at + 1; i <= n; i++) line[i] = "\001" }
	else if (kind == 4) {
		c = chars[int(rand() * 7) + 1]
		p = int(rand() * (length(line[at]) + 1))
		desc = "put \"" c "\" at column " p + 1 " of line " at
		line[at] = substr(line[at], 1, p) c substr(line[at], p + 2)
	} else if (at < n) { desc = "swapped lines " at " and " at + 1; t = line[at]; line[at] = line[at + 1]; line[at + 1] = t }
	else { desc = "no edit" }
	for (i = 1; i <= n; i++)
		if (line[i] != "\001")
			print line[i]
	print desc > "/dev/stderr"
}
