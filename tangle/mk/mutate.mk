# mutate.mk -- `make mutate`: mutation testing of the book's own code.
#
#   make mutate          plant every mutant of tests/mutants/catalog, one at
#                        a time, and run the owning chapter's tests; prints
#                        each mutant's fate and the kill rate, and rewrites
#                        tests/mutants/results.tsv (committed)
#   make mutate M=id     only that mutant (M="id1 id2" for several); updates
#                        its row of results.tsv
#
# It takes far too long for make or make test (README), so the weave does
# not run it: chapter 3 quotes the committed results file, turned here into
# build/numbers/mutants.tsv (mutants.kill_rate and the counts), and the
# pipeline test tests/pipeline/mutants.sh checks that the file still names
# exactly the catalog's mutants, each with the checksum of its current text.

MUTANT_CATALOG := tests/mutants/catalog
MUTANT_RESULTS := tests/mutants/results.tsv

.PHONY: mutate
mutate: checkpoints $(QRUN)
	@tangle/mutate.sh $(M)

build/numbers/mutants.tsv: $(MUTANT_RESULTS) tangle/mutate-rate.awk
	@mkdir -p $(@D)
	@awk -F '\t' -f tangle/mutate-rate.awk $(MUTANT_RESULTS) > $@.tmp && mv $@.tmp $@

ifneq ($(wildcard $(MUTANT_RESULTS)),)
build/site/.pages: build/numbers/mutants.tsv
endif
