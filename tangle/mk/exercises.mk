# exercises.mk -- the exercises, graded by running code. Included by the
# top Makefile.
#
#   make check EX=ch02-field-width   check one answer (FROM=solutions: the reference)
#   make watch EX=ch02-field-width   check it again on every save
#   make grade                       every exercise; build/grade/results.json, summary.md
#   make test-exercises              every starter fails its check, every solution passes
#
# The work is done by tangle/check.sh (one exercise), tangle/watch.sh,
# tangle/grade.sh and tangle/test-exercises.sh; see their heads.

EX ?=
FROM ?= exercises
export FROM

.PHONY: check watch grade test-exercises

check: $(QRUN)
	@tangle/check.sh $(EX)

watch: $(QRUN)
	@tangle/watch.sh $(EX)

grade: $(QRUN)
	@tangle/grade.sh

test-exercises: $(QRUN)
	@tangle/test-exercises.sh

TEST_SUITES += test-exercises
