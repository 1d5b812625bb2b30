#!/bin/sh
# mutate.sh [ID...] -- mutation testing: plant each mutant of the catalog
# (tests/mutants/catalog) in a scratch copy of the book, build the chapter
# that owns the mutated code, run that checkpoint's tests, and say whether
# they noticed.
#
#   tangle/mutate.sh              every mutant; rewrites tests/mutants/results.tsv
#   tangle/mutate.sh ID...        those mutants; updates their rows of results.tsv
#   tangle/mutate.sh --check      only check that every mutant applies (no build)
#
# Run from the top of the repository, after `make` (it starts from the
# built checkpoints, build/chNN, so that a mutant rebuilds only what it
# changes). The working tree is never touched: each mutant gets
# build/mutate/work/ID/, with a copy of the book's chapters 01..NN (NN the
# owning chapter, the number of the mutated .nw file) and a copy of
# build/chNN, laid out as in the repository (book/, build/chNN/) so that
# the #line directives, and so the unchanged files, tangle identically.
#
# The tests are the checkpoint's own, run exactly as `make test CH=NN`
# runs them (tangle/test.sh --only NN: the boot script, the test kernel,
# the host tests). Each chapter's unmutated checkpoint runs first (the
# baseline); a mutant is KILLED when a test that passes on the baseline
# fails on the mutant, and the first such test is named. Its fate is one of
#   killed        a test noticed (by: the test)
#   survived      every test that passed on the book still passes
#   equivalent    survived, and the catalog says why no test can notice
#   stale         its original text is not in its .nw file exactly once
#   build-failed  the mutated book does not tangle or compile (not a kill:
#                 a mutant must compile)
# Two mutants run at a time (MUTATE_JOBS, default 2).
set -u
top=$(pwd)
here=$top/tangle
catalog=${MUTATE_CATALOG:-tests/mutants/catalog}
results=tests/mutants/results.tsv
work=build/mutate
jobs=${MUTATE_JOBS:-2}
export LC_ALL=C

cat_awk() { awk -f "$here/mutant.awk" "$@" "$catalog"; }

# The chapters 01..NN of the book, as paths under book/.
upto() {
	for f in book/[0-9][0-9]-*.nw; do
		n=${f#book/}
		n=${n%%-*}
		[ "$n" -le "$1" ] 2>/dev/null && echo "$f"
	done
}

# The run works on a snapshot taken when it starts, so that editing the
# book or rebuilding a checkpoint meanwhile cannot mix two versions:
# build/mutate/base/chNN/ holds chapters 01..NN (book/), build/chNN and
# qrun, and the catalog is copied to build/mutate/catalog.
snapshot() {
	rm -rf "$work/base/ch$1"
	mkdir -p "$work/base/ch$1/book" "$work/base/ch$1/build/tools"
	for f in $(upto "$1"); do cp "$f" "$work/base/ch$1/book/"; done
	cp -a "build/ch$1" "$work/base/ch$1/build/ch$1"
	cp -a build/tools/qrun "$work/base/ch$1/build/tools/qrun"
}

# tests DIR NN OUT: run checkpoint NN's tests in DIR; their lines go to OUT.
tests() {
	(cd "$1" && sh "$top/$work/test.sh" --only "$2") > "$3" 2>&1
}

# baseline NN: the unmutated checkpoint's test results, build/mutate/baseline-chNN.txt.
baseline() {
	b=$work/baseline-ch$1.txt
	tests "$work/base/ch$1" "$1" "$b.tmp"
	mv "$b.tmp" "$b"
	grep '^FAIL ' "$b" | sed 's/^/  baseline: /'
}

# one ID: plant mutant ID, build, test; print its fate and write
# build/mutate/results/ID (id, chapter, fate, by, sum).
one() {
	id=$1
	show=$(cat_awk -v mode=show -v id="$id") || exit 1
	field() { echo "$show" | awk -F "\t" -v k="$1" '$1 == k { print $2 }'; }
	m_file=$(field file)
	m_chapter=$(field chapter)
	m_equivalent=$(field equivalent)
	m_sum=$(field sum)
	nn=$m_chapter
	d=$work/work/$id
	log=$work/logs/$id.txt
	fate=
	by=-
	rm -rf "$d"
	cp -a "$work/base/ch$nn" "$d"
	if ! cat_awk -v mode=apply -v id="$id" -v nw="$d/$m_file" > "$d/$m_file.new" 2> "$log"; then
		fate=stale
		by=$(head -n 1 "$log")
	else
		mv "$d/$m_file.new" "$d/$m_file"
		# A build that fails is tried once more before it counts: the
		# tools around the compiler (xorriso) have been seen to crash on
		# a loaded machine, and a compile error fails twice.
		if ! (cd "$d" && sh "$here/tangle.sh" "build/ch$nn" book/*.nw &&
			{ make -s -C "build/ch$nn" || make -s -C "build/ch$nn"; }) > "$log" 2>&1; then
			fate=build-failed
			by=$(grep -m 1 -E 'error|tangle:' "$log" || echo "see $log")
		else
			tests "$d" "$nn" "$log"
			# A host test that no longer compiles is a build failure too.
			if grep -qs ': error: ' "$d"/build/test/ch"$nn"-host.out; then
				fate=build-failed
				by=$(grep -m 1 ': error: ' "$d/build/test/ch$nn-host.out")
			else
				by=$(grep '^FAIL ' "$log" | while IFS= read -r l; do
					name=${l#FAIL }
					name=${name%%:*}
					grep -q "^FAIL $name\( \|:\|$\)" "$work/baseline-ch$nn.txt" || { echo "$l"; break; }
				done)
				if [ -n "$by" ]; then
					fate=killed
				elif [ -n "$m_equivalent" ]; then
					fate=equivalent
					by=-
				else
					fate=survived
					by=-
				fi
			fi
		fi
	fi
	by=$(printf '%s' "$by" | tr '\t' ' ' | cut -c 1-200)
	printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$nn" "$fate" "$by" "$m_sum" > "$work/results/$id"
	printf '%-13s %-34s ch%s  %s\n' "$fate" "$id" "$nn" "$( [ "$by" = - ] || echo "$by")"
	[ "$fate" = stale ] || [ "$fate" = build-failed ] || rm -rf "$d"
}

# Internal entry points for the parallel runs (xargs calls back).
case ${1:-} in
--one) one "$2"; exit 0 ;;
--baseline) baseline "$2"; exit 0 ;;
esac

list=$(cat_awk -v mode=list) || exit 1

if [ "${1:-}" = --check ]; then
	# Every mutant must apply to the book as it is now.
	status=0
	echo "$list" | while IFS="$(printf '\t')" read -r id file nn sum; do
		if why=$(cat_awk -v mode=apply -v id="$id" -v nw="$file" 2>&1 > /dev/null); then
			echo "PASS pipeline/mutants/applies/$id"
		else
			echo "FAIL pipeline/mutants/applies/$id: $why"
		fi
	done
	exit $status
fi

if [ $# -gt 0 ]; then
	ids=$*
	for id in $ids; do
		echo "$list" | cut -f 1 | grep -qx "$id" || { echo "mutate: no mutant $id in $catalog" >&2; exit 1; }
	done
else
	ids=$(echo "$list" | cut -f 1)
fi
chapters=$(for id in $ids; do echo "$list" | awk -F '\t' -v id="$id" '$1 == id { print $3 }'; done | sort -u)
for nn in $chapters; do
	[ -d "build/ch$nn" ] && [ -f build/tools/qrun ] || { echo "mutate: build/ch$nn is not built (run make first)" >&2; exit 1; }
done

mkdir -p "$work"
# One run at a time: a second would overwrite the first's snapshot.
if ! mkdir "$work/lock" 2> /dev/null; then
	echo "mutate: another make mutate is running (or died: remove $work/lock)" >&2
	exit 1
fi
trap 'rm -rf "$work/lock"' EXIT
trap 'exit 1' INT TERM
mkdir -p "$work/results" "$work/logs" "$work/work"
cp "$catalog" "$work/catalog"
# The tests run as tangle/test.sh runs them, but with every qrun timeout
# (-t N) eight times longer: two builds at a time on a busy machine are
# slow, and a slow run must not count as a kill. A mutant that hangs
# costs the longer timeout once.
awk '{ for (i = 1; i < NF; i++) if ($i == "-t" && $(i + 1) ~ /^[0-9]+$/) $(i + 1) *= 8; print }' \
	"$here/test.sh" > "$work/test.sh"
export MUTATE_CATALOG=$work/catalog
for nn in $chapters; do snapshot "$nn"; done
start=$(date +%s)
echo "mutate: $(echo "$ids" | wc -w) mutants of chapters $(echo $chapters), $jobs at a time"
echo "mutate: baseline runs of the unmutated checkpoints"
echo "$chapters" | xargs -n 1 -P "$jobs" sh "$0" --baseline
for id in $ids; do rm -f "$work/results/$id"; done
echo "$ids" | tr ' ' '\n' | xargs -n 1 -P "$jobs" sh "$0" --one

# The results, in catalog order: all of them, or the rows of these mutants
# updated in the committed file.
{
	if [ $# -eq 0 ]; then
		printf '# make mutate of every mutant, %s, %d s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" $(( $(date +%s) - start ))
	else
		grep '^# make mutate of every mutant' "$results" 2>/dev/null
	fi
	printf '# id\tchapter\tfate\tby\tsum\n'
	echo "$list" | cut -f 1 | while read -r id; do
		if [ -f "$work/results/$id" ] && echo " $ids " | tr '\n' ' ' | grep -q " $id "; then
			cat "$work/results/$id"
		elif [ -f "$results" ]; then
			awk -F '\t' -v id="$id" '$1 == id' "$results"
		fi
	done
} > "$results.tmp"
mv "$results.tmp" "$results"
awk -F '\t' -f "$here/mutate-rate.awk" -v say=1 "$results"
echo "mutate: $(( $(date +%s) - start )) s; results in $results, logs in $work/logs/"
