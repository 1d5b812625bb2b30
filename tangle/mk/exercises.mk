# exercises.mk -- the exercises, graded by running code. Included by the
# top Makefile.
#
#   make exercises                   every exercise with its status, progress per chapter
#   make check EX=ch13-yield-now     check one answer (FROM=solutions: the reference)
#   make watch EX=ch13-yield-now     check it again on every save, on a cleared screen
#   make hint EX=ch13-yield-now      the next hint (AGAIN=1: from the first again)
#   make boot EX=ch13-yield-now      boot the reader's kernel with your answer in it
#   make debug EX=ch13-yield-now     your answer's test kernel under gdb (also CH=N: a checkpoint)
#   make grade                       every exercise; build/grade/results.json, summary.md
#   make bench-check                 how long make check takes after an edit
#   make test-exercises              the honesty test (part of make test)
#
# The work is done by tangle/check.sh (one exercise), tangle/learn.sh
# (list, hint, progress), tangle/watch.sh, tangle/debug.sh,
# tangle/grade.sh, tangle/bench-check.sh and tangle/test-exercises.sh; see
# their heads.

EX ?=
FROM ?= exercises
export FROM

.PHONY: exercises check watch hint boot-ex debug grade bench-check test-exercises starters

exercises:
	@tangle/learn.sh list

check: $(QRUN)
	@tangle/check.sh $(EX)

watch: $(QRUN)
	@tangle/watch.sh $(EX)

hint:
	@tangle/learn.sh hint $(EX) $(if $(AGAIN),all)

# The tree make check builds (build/ex/ID, or build/ex-solutions/ID).
EX_TREE = build/$(if $(filter solutions,$(FROM)),ex-solutions,ex)/$(patsubst exercises/%,%,$(EX:/=))

boot-ex: $(QRUN)
	@ONLY_BUILD=1 tangle/check.sh $(EX) || exit $$?
	@sh tangle/qemu.sh look $(EX_TREE)/wakeful.iso

# With EX: the test kernel of the exercise (wakeful.iso before chapter 3).
# With CH (or neither): the checkpoint's reader's kernel.
debug: $(QRUN)
ifneq ($(EX),)
	@ONLY_BUILD=1 tangle/check.sh $(EX) || exit $$?; \
	iso=wakeful-test.iso; \
	grep -q '^wakeful-test\.iso:' $(EX_TREE)/Makefile || iso=wakeful.iso; \
	tangle/debug.sh $(EX_TREE) $$iso
else
	@$(MAKE) -s checkpoint-$(CH_NN)
	@tangle/debug.sh build/ch$(CH_NN) wakeful.iso
endif

grade: $(QRUN)
	@tangle/grade.sh

bench-check: $(QRUN)
	@tangle/bench-check.sh

test-exercises: $(QRUN)
	@tangle/test-exercises.sh

TEST_SUITES += test-exercises

# The starters' checksums (exercises/ID/starter.sha256), which the
# honesty test uses to find the pristine
# starter in a learner's fork. For authors, after changing a starter on
# purpose (a learner who runs it records their answer as the starter).
starters:
	@for d in $(sort $(wildcard exercises/ch[0-9][0-9]-*/)); do sha256sum < $${d}answer.nw | cut -d" " -f1 > $${d}starter.sha256; done
	@echo "  STARTERS $$(ls exercises/ch*/starter.sha256 | wc -l) starters recorded in exercises/*/starter.sha256"
