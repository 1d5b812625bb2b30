# bench-check.awk -- check build/bench/results.json against its bounds.
# Prints one PASS/FAIL line per bound; exits 1 if any is missed.
# -v label=chNN/ names a later checkpoint's results in those lines.

BEGIN { FS = "[\" :,{}]+" }

/"bounds"/ {
	for (i = 3; i < NF; i += 2)
		bound[$i] = $(i + 1)
	next
}

NF >= 3 { val[$2] = $3 }

END {
	for (k in bound) {
		if (!(k in val) || val[k] == "null") {
			printf "FAIL bench/%s%s: no value\n", label, k
			bad = 1
		} else if (val[k] + 0 > bound[k] + 0) {
			printf "FAIL bench/%s%s: %s, above the bound %s\n", label, k, val[k], bound[k]
			bad = 1
		} else {
			printf "PASS bench/%s%s (%s <= %s)\n", label, k, val[k], bound[k]
		}
	}
	exit bad
}
