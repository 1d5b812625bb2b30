# bench-report.awk -- turn the bench kernel's numbers into results.
#
#   awk -v shift=N -v json=FILE -v tsv=FILE -f bench-report.awk raw.tsv
#
# raw.tsv holds key<TAB>value lines (KTEST number, collected by qrun).
# Writes FILE.json (every number, the derived ratios, the bounds) and
# FILE.tsv (PREFIX.<key><TAB><value>, and PREFIX.bound_<key> for every
# bound, for the weave; -v prefix=, default bench). Missing inputs are
# reported as errors: a number the book quotes must exist.
#
# The bounds are chapter 13's promises. This is the one place they are
# written down: chapter 16's table and make bench both read them from here.

BEGIN {
	FS = "\t"; n = 0
	if (prefix == "")
		prefix = "bench"
	nb = split("task_header_bytes wake_to_poll_instructions spawn_instructions " \
		   "wake_cost_ratio_100k_vs_10 irq_to_poll_instructions", bname, " ")
	bound["task_header_bytes"] = 16
	bound["wake_to_poll_instructions"] = 120
	bound["spawn_instructions"] = 300
	bound["wake_cost_ratio_100k_vs_10"] = 1.2
	bound["irq_to_poll_instructions"] = 2000
}

NF == 2 { if (!($1 in v)) order[++n] = $1; v[$1] = $2 }

function need(k) {
	if (!(k in v)) {
		print "bench-report: the bench kernel reported no " k > "/dev/stderr"
		bad = 1
		return 1
	}
	return v[k]
}

function derive(k, val) {
	if (!(k in v))
		order[++n] = k
	v[k] = val
}

function ratio(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "null" }

END {
	w10 = need("wake_to_poll_10")
	w100k = need("wake_to_poll_100000")
	b10 = need("busy_sweep_10")
	b100k = need("busy_sweep_100000")
	need("task_header_bytes"); need("spawn_instructions")
	need("irq_to_poll_instructions"); need("bytes_per_idle_task")
	if (bad)
		exit 1
	worst = 0
	for (k in v)
		if (k ~ /^wake_to_poll_[0-9]+$/ && v[k] + 0 > worst)
			worst = v[k] + 0
	derive("wake_to_poll_instructions", worst)
	derive("wake_cost_ratio_100k_vs_10", ratio(w100k, w10))
	derive("busy_poll_ratio_100k_vs_10", ratio(b100k, b10))
	derive("icount_shift", shift + 0)

	printf "" > tsv
	printf "{\n" > json
	for (i = 1; i <= n; i++) {
		k = order[i]
		printf "%s.%s\t%s\n", prefix, k, v[k] > tsv
		printf "  \"%s\": %s,\n", k, v[k] > json
	}
	printf "  \"bounds\": {" > json
	for (i = 1; i <= nb; i++) {
		printf "%s.bound_%s\t%s\n", prefix, bname[i], bound[bname[i]] > tsv
		sep = (i > 1) ? ", " : ""
		printf "%s\"%s\": %s", sep, bname[i], bound[bname[i]] > json
	}
	printf "}\n}\n" > json
}
