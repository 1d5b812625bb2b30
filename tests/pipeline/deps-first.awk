# deps-first.awk -- of make's database (make -pqn), print the targets
# that have a recipe and do not reach the target `deps` through their
# prerequisites, normal or order-only (tests/pipeline/deps-first.sh).
/^# Files/ { files = 1 }
/^# files hash-table stats/ { files = 0 }
!files { next }
/^# Not a target:/ { skip = 1; next }
/^[^#\t ][^=]*:/ && !/^[^:]*:=/ {
	if (skip) {
		skip = 0
		cur = ""
		next
	}
	cur = substr($0, 1, index($0, ":") - 1)
	rest = substr($0, index($0, ":") + 1)
	sub(/^:/, "", rest)	# a double-colon rule
	gsub(/\|/, " ", rest)	# order-only prerequisites count too
	pre[cur] = pre[cur] " " rest
	next
}
/^\t/ && cur != "" { recipe[cur] = 1; next }
/^$/ { cur = ""; skip = 0 }

function reaches(t,    n, p, i) {
	if (t == "deps")
		return 1
	if (t in seen)
		return seen[t]
	seen[t] = 0	# a cycle does not reach it
	n = split(pre[t], p, " ")
	for (i = 1; i <= n; i++)
		if (reaches(p[i]))
			return seen[t] = 1
	return 0
}

END {
	for (t in recipe)
		if (!reaches(t))
			print t
}
