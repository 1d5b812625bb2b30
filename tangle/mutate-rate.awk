# mutate-rate.awk -- the kill rate from tests/mutants/results.tsv.
#
#   awk -F '\t' -f mutate-rate.awk results.tsv           mutants.<key><TAB><value>, for the weave
#   awk -F '\t' -v say=1 -f mutate-rate.awk results.tsv  one line for a person
#
# The kill rate is killed / (all - equivalent): an equivalent mutant is one
# no test can notice (the catalog says why); a stale or build-failed mutant
# counts against the rate, since the catalog should not hold one.
/^#/ { next }
{ all++; n[$3]++ }
END {
	scored = all - n["equivalent"]
	rate = scored ? 100 * n["killed"] / scored : 0
	if (say) {
		printf "mutate: %d mutants: %d killed, %d survived, %d equivalent, %d stale, %d build-failed; kill rate %.1f%%\n", \
			all, n["killed"], n["survived"], n["equivalent"], n["stale"], n["build-failed"], rate
		exit 0
	}
	printf "mutants.total\t%d\n", all
	printf "mutants.killed\t%d\n", n["killed"]
	printf "mutants.survived\t%d\n", n["survived"]
	printf "mutants.equivalent\t%d\n", n["equivalent"]
	printf "mutants.scored\t%d\n", scored
	printf "mutants.kill_rate\t%.1f%%\n", rate
}
