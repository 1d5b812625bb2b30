# recipe-time.awk -- where a clean make's processor time goes: the lines
# tangle/recipe-time.sh logged (level, wall, processor seconds, recipe),
# summed by what the recipe does, as a Markdown table. Only the top
# make's recipes count (level 1): a checkpoint's own make is one of them,
# and its recipes are inside its time already.
BEGIN { FS = "\t" }
$1 != 1 { next }
{
	r = $4
	if (r ~ /-C build\/ch[0-9]+ numbers\.tsv/)
		k = "the checkpoints' host programs (crash checks, their numbers)"
	else if (r ~ /-C build\/ch[0-9]+( wakeful[-a-z]*\.iso)?$/)
		k = "compiling and linking the checkpoints"
	else if (r ~ /wakeful-test\.iso; if/)
		k = "one run of each test kernel, for the numbers the prose quotes"
	else if (r ~ /transcripts\//)
		k = "boot transcripts the prose quotes"
	else if (r ~ /build\/trace\//)
		k = "traces, for the timelines"
	else if (r ~ /build\/bench\//)
		k = "benchmarks, for the prose's figures"
	else if (r ~ /tangle\/weave\.sh/)
		k = "weaving the pages (pandoc)"
	else if (r ~ /onebook|epub3|print-pdf|book\.json/)
		k = "the EPUB and the PDF"
	else if (r ~ /tangle\/tangle\.sh/)
		k = "tangling"
	else
		k = "everything else (figures, search index, assets, tools)"
	cpu[k] += $3
	total += $3
}
END {
	print "| what | processor time | share |"
	print "| --- | --- | --- |"
	n = 0
	for (k in cpu)
		order[++n] = k
	for (i = 2; i <= n; i++)	# largest first
		for (j = i; j > 1 && cpu[order[j]] > cpu[order[j - 1]]; j--) {
			t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
		}
	for (i = 1; i <= n; i++)
		printf "| %s | %.0f s | %.0f%% |\n", order[i], cpu[order[i]], 100 * cpu[order[i]] / total
	printf "| all | %.0f s | |\n", total
}
