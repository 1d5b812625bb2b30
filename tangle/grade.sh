#!/bin/sh
# grade.sh -- check every exercise and score them.
#
#   make grade                  the learner's answers (exercises/*/answer.nw)
#   make grade FROM=solutions   the reference solutions
#
# A line per exercise as soon as its check finishes (so the order is the
# order they finish in), then a score per chapter and a closing line
# "N passed, N failed". Writes build/grade/results.json (for tools),
# build/grade/summary.md (a Markdown table, which the learners' CI shows on
# the run's page) and build/grade/ID.out (each check's full output).
# Exercises whose chapter is not in the book yet are skipped.
# Checks run in parallel, JOBS at a time (default: the number of CPUs).
# IDS="id ..." grades only those.
set -u
from=${FROM:-exercises}
export FROM="$from"
out=${GRADE_OUT:-build/grade}	# (GRADE_OUT: another directory, for two grades at once)
mkdir -p "$out"
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

# The record of one exercise, from its check's output and status:
# id, chapter, result, checks, failed, detail (tab-separated).
record() {
	awk -v id="$1" -v status="$2" '
		/^PASS / { n++ }
		/^FAIL / { n++; k++; if (first == "") first = substr($0, 6) }
		/^check: / { why = $0; sub(/^check: /, "", why) }
		END {
			ch = substr(id, 3, 2)
			if (status == 0) { result = "pass"; detail = n (n == 1 ? " check" : " checks") }
			else if (why ~ /not in the book yet/) { result = "skip"; detail = why }
			else {
				result = "fail"
				if (status == 2 && first ~ /does not (compile|tangle)/) detail = first
				else detail = k " of " n " checks failed; first: " first
			}
			gsub(/\t/, " ", detail)
			printf "%s\t%s\t%s\t%d\t%d\t%s\n", id, ch, result, n, k, detail
		}' "$3"
}
# The terminal's line for a record.
show() {
	awk -F '\t' '
		function short(s) { return length(s) > 110 ? substr(s, 1, 107) "..." : s }
		{ printf "%s %-28s %s\n", $3 == "pass" ? "PASS" : $3 == "fail" ? "FAIL" : "SKIP", $1, short($6); fflush() }'
}

if [ "${1:-}" = --one ]; then
	tangle/check.sh "$2" > "$out/$2.out" 2>&1
	status=$?
	echo "$status" > "$out/$2.status"
	record "$2" "$status" "$out/$2.out" > "$out/$2.rec"
	show < "$out/$2.rec"
	exit 0
fi

rm -f "$out"/*.out "$out"/*.status "$out"/*.rec
ids=$(ls -d exercises/ch[0-9][0-9]-*/ 2>/dev/null | sed 's#^exercises/##; s#/$##' | sort)
[ -n "${IDS:-}" ] && ids=$IDS	# only these (IDS="ch10-fuse ch10-then")
[ -n "$ids" ] || { echo "grade: no exercises"; exit 1; }

# Each worker (this script again, with --one) checks one exercise and
# prints its line at once.
for id in $ids; do echo "$id"; done | xargs -P "$jobs" -I{} "$0" --one {}
for id in $ids; do
	cat "$out/$id.rec" 2>/dev/null || printf '%s\t%s\tfail\t0\t0\tthe check did not run\n' "$id" "$(echo "$id" | cut -c 3-4)"
done > "$out/records.tsv"

# The score per chapter on the terminal.
awk -F '\t' '
	{ tot[$2]++; if ($3 == "pass") { ok[$2]++; p++ } if ($3 == "fail") f++ }
	END {
		print ""
		for (c = 1; c <= 99; c++) {
			ch = sprintf("%02d", c)
			if (ch in tot)
				printf "chapter %s: %d of %d\n", ch, ok[ch], tot[ch]
		}
		print ""
		printf "%d passed, %d failed\n", p, f
	}' "$out/records.tsv"
# results.json, by hand: the strings are escaped for JSON.
awk -F '\t' -v from="$from" '
	function js(s) {
		gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
		gsub(/[\001-\037]/, " ", s)
		return "\"" s "\""
	}
	{
		rec[NR] = sprintf("    {\"id\": %s, \"chapter\": %d, \"result\": %s, \"checks\": %d, \"failed\": %d, \"detail\": %s}",
			js($1), $2 + 0, js($3), $4, $5, js($6))
		if ($3 != "skip") { tot[$2]++; if ($3 == "pass") ok[$2]++ }
		if ($3 == "pass") p++
		if ($3 == "fail") f++
	}
	END {
		printf "{\n  \"from\": %s,\n  \"exercises\": [\n", js(from)
		for (i = 1; i <= NR; i++)
			printf "%s%s\n", rec[i], i < NR ? "," : ""
		printf "  ],\n  \"chapters\": {"
		sep = ""
		for (c = 1; c <= 99; c++) {
			ch = sprintf("%02d", c)
			if (ch in tot) {
				printf "%s\n    \"%s\": {\"passed\": %d, \"total\": %d}", sep, ch, ok[ch], tot[ch]
				sep = ","
			}
		}
		printf "\n  },\n  \"passed\": %d,\n  \"failed\": %d\n}\n", p, f
	}' "$out/records.tsv" > "$out/results.json"

# summary.md, for $GITHUB_STEP_SUMMARY.
awk -F '\t' -v from="$from" '
	function md(s) { gsub(/\|/, "\\|", s); return s }
	BEGIN {
		print "## Wakeful exercises" (from == "solutions" ? " (reference solutions)" : "")
		print ""
		print "| Exercise | Chapter | Result | Details |"
		print "|---|---|---|---|"
	}
	{
		icon = $3 == "pass" ? "✅ pass" : $3 == "fail" ? "❌ fail" : "➖ skipped"
		printf "| `%s` | %s | %s | %s |\n", $1, $2, icon, md($6)
		if ($3 == "pass") p++
		if ($3 == "fail") f++
	}
	END { printf "\n**%d passed, %d failed**\n", p, f }' "$out/records.tsv" > "$out/summary.md"

! grep -q "$(printf '\tfail\t')" "$out/records.tsv"
