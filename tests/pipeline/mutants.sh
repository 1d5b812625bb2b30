#!/bin/sh
# The mutant catalog and its committed results (make mutate, README).
#
# make mutate is too slow for make test, so this checks what can be
# checked cheaply: every mutant still applies to the book as it is now (its
# original text is found exactly once: a mutant the book moved away from is
# named as stale); the committed results file names exactly the catalog's
# mutants, in order, each with the checksum of its current text (so an
# edited or added mutant without a fresh `make mutate M=id` fails here);
# the kill rate it records is at least 95%; and the tool refuses a stale
# mutant instead of passing it silently.
set -u
pass() { echo "PASS pipeline/mutants/$1"; }
fail() { echo "FAIL pipeline/mutants/$1: $2"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export LC_ALL=C
catalog=tests/mutants/catalog
results=tests/mutants/results.tsv

if ! awk -v mode=list -f tangle/mutant.awk "$catalog" > "$t/list" 2> "$t/err"; then
	fail catalog "$(head -n 1 "$t/err")"
	exit 0
fi
n=$(wc -l < "$t/list")
chapters=$(cut -f 3 "$t/list" | sort -u | tr '\n' ' ')
if [ "$n" -ge 45 ]; then
	pass catalog
else
	fail catalog "$n mutants; the catalog must hold at least 45"
fi
# Every chapter from 4 to 17 (threads) that the book has owns at least one mutant.
for f in book/[0-9][0-9]-*.nw; do
	nn=${f#book/}
	nn=${nn%%-*}
	[ "$nn" -ge 4 ] && [ "$nn" -le 17 ] || continue
	case " $chapters" in
	*" $nn "*) pass "covers-ch$nn" ;;
	*) fail "covers-ch$nn" "no mutant of $f in $catalog" ;;
	esac
done

# Each mutant applies to the current book.
sh tangle/mutate.sh --check

# The results file is the catalog's, mutant for mutant.
if [ ! -f "$results" ]; then
	fail results-current "no $results: run make mutate"
else
	grep -v '^#' "$results" | cut -f 1,5 > "$t/have"
	awk -F '\t' '{ print $1 "\t" $4 }' "$t/list" > "$t/want"
	if cmp -s "$t/have" "$t/want"; then
		pass results-current
	else
		fail results-current "$results does not match the catalog (run make mutate M=id for: $(diff "$t/want" "$t/have" | sed -n 's/^[<>] \([^\t]*\).*/\1/p' | sort -u | tr '\n' ' '))"
	fi
	rate=$(awk -F '\t' -f tangle/mutate-rate.awk "$results" | awk -F '\t' '$1 == "mutants.kill_rate" { sub(/%/, "", $2); print $2 }')
	if awk -v r="$rate" 'BEGIN { exit !(r >= 95) }'; then
		pass kill-rate
	else
		fail kill-rate "the committed results kill $rate% of the mutants; at least 95% must be killed"
	fi
	bad=$(awk -F '\t' '!/^#/ && $3 != "killed" && $3 != "equivalent" { print $1 " (" $3 ")" }' "$results" | tr '\n' ' ')
	if [ -z "$bad" ]; then
		pass every-mutant-killed-or-equivalent
	else
		fail every-mutant-killed-or-equivalent "$bad"
	fi
fi

# The tool refuses a mutant whose text is not found, or found twice.
printf 'line one\nsame\nsame\n' > "$t/book.nw"
cat > "$t/catalog" <<'EOF'
mutant gone
file book/99-x.nw
what its text is no longer in the book
original:
line zero
mutant:
line 0
end

mutant twice
file book/99-x.nw
what its text is in the book twice
original:
same
mutant:
different
end
EOF
for id in gone twice; do
	if awk -v mode=apply -v id=$id -v nw="$t/book.nw" -f tangle/mutant.awk "$t/catalog" > /dev/null 2> "$t/err"; then
		fail "stale-$id-refused" "the mutant applied"
	elif grep -q "stale mutant $id" "$t/err"; then
		pass "stale-$id-refused"
	else
		fail "stale-$id-refused" "expected 'stale mutant $id', got: $(cat "$t/err")"
	fi
done
