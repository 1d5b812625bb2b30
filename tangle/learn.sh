#!/bin/sh
# learn.sh -- the learner's view of the exercises.
#
#   tangle/learn.sh list        every exercise, its status, progress per chapter (make exercises)
#   tangle/learn.sh progress    one line: passing, failing, untried (make watch shows it)
#   tangle/learn.sh hint ID     the next hint of exercise ID (make hint EX=ID)
#   tangle/learn.sh hint ID all start again from the first hint (make hint EX=ID AGAIN=1)
#
# Status comes from the last check of your own answer: tangle/check.sh
# keeps it in build/ex/.verdicts/ID ("pass|fail CHECKS FAILED TIME"). An
# exercise never checked is untried; one whose answer.nw changed since its
# last check is shown as "failing (edited since)" or "passing (edited
# since)", because the verdict may no longer hold. The hints you have seen
# are counted in build/ex/.hints/ID.
set -u
cmd=${1:-list}
ids=$(ls -d exercises/ch[0-9][0-9]-*/ 2>/dev/null | sed 's#^exercises/##; s#/$##' | sort)

status() {
	# status ID: untried, passing or failing; $detail says more.
	v=build/ex/.verdicts/$1
	detail=
	if [ ! -f "$v" ]; then
		st=untried
		return
	fi
	read -r res n k _ < "$v"
	if [ "$res" = pass ]; then
		st=passing
		detail="$n checks"
	else
		st=failing
		detail="$k of $n checks failed"
	fi
	[ "exercises/$1/answer.nw" -nt "$v" ] && detail="$detail; edited since"
	return 0
}

title() { head -n 1 "exercises/$1/README.md" | sed 's/^#* *//'; }

case $cmd in
list)
	for id in $ids; do
		status "$id"
		printf '%s\t%s\t%s\t%s\n' "$id" "$st" "$detail" "$(title "$id")"
	done | awk -F '\t' '
		{
			ch = substr($1, 3, 2)
			if (ch != last) {
				if (last != "") print ""
				printf "chapter %s\n", ch
				last = ch
			}
			mark = $2 == "passing" ? "[x]" : $2 == "failing" ? "[!]" : "[ ]"
			printf "  %s %-26s %-8s %s%s\n", mark, $1, $2, $4, $3 != "" ? "  (" $3 ")" : ""
			tot[ch]++; all++
			if ($2 == "passing") { ok[ch]++; p++ }
			if ($2 == "failing") f++
			order[++n] = ch
		}
		END {
			print ""
			line = "progress:"
			for (i = 1; i <= n; i++) {
				ch = order[i]
				if (seen[ch]++) continue
				line = line sprintf(" ch%s %d/%d", ch, ok[ch], tot[ch])
			}
			print line
			printf "%d of %d passing, %d failing, %d untried.  make check EX=<id> to check one, make hint EX=<id> for a hint.\n",
				p, all, f, all - p - f
		}'
	;;
progress)
	p=0 f=0 u=0
	for id in $ids; do
		status "$id"
		case $st in passing) p=$((p + 1)) ;; failing) f=$((f + 1)) ;; *) u=$((u + 1)) ;; esac
	done
	echo "progress: $p of $((p + f + u)) exercises passing, $f failing, $u untried (make exercises lists them)"
	;;
hint)
	id=${2:-}
	id=${id%/}
	id=${id#exercises/}
	if [ -z "$id" ] || [ ! -f "exercises/$id/README.md" ]; then
		echo "hint: which exercise? make hint EX=<id>; make exercises lists them" >&2
		exit 2
	fi
	total=$(ls "exercises/$id"/hint[0-9]*.md 2>/dev/null | wc -l)
	mkdir -p build/ex/.hints
	seen=$(cat "build/ex/.hints/$id" 2>/dev/null || echo 0)
	if [ "${3:-}" = all ]; then
		seen=0
		: > "build/ex/.hints/$id"
	fi
	if [ "$total" = 0 ]; then
		echo "$id has no hints."
		exit 0
	fi
	if [ "$seen" -ge "$total" ]; then
		echo "You have seen all $total hints of $id. The last one again:"
		echo
		cat "exercises/$id/hint$total.md"
		echo
		echo "(make hint EX=$id AGAIN=1 starts again from the first; the reference solution is solutions/$id/answer.nw)"
		exit 0
	fi
	next=$((seen + 1))
	echo "$next" > "build/ex/.hints/$id"
	echo "Hint $next of $total for $id ($(title "$id")):"
	echo
	cat "exercises/$id/hint$next.md"
	echo
	[ "$next" -lt "$total" ] && echo "(make hint EX=$id again for the next one)"
	exit 0
	;;
*)
	echo "learn.sh: list, progress or hint ID" >&2
	exit 2
	;;
esac
