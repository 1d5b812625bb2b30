#!/bin/sh
# deps-first: on a fresh machine `make` installs the packages (the phony
# target `deps`, tangle/deps.sh) while other recipes already run beside
# it (make -j). A recipe that needs a package but does not wait for
# `deps` runs before the package is there: the figures' stamp called
# noweb's markup and failed with status 127 ("/usr/lib/noweb/markup: not
# found"), and the v86 page's BIOS files were reported missing.
#
# Read from make's database (make -pqn): every target with a recipe must
# have `deps` among its prerequisites, directly or through another
# target (order-only counts). The only exceptions are the targets below,
# whose recipes use nothing but the base system (sh, awk, sed, cp), or
# are commands for people rather than steps of the build.
set -u
pass() { echo "PASS pipeline/deps-first/$1"; }
fail() { echo "FAIL pipeline/deps-first/$1: $2"; }

base_only='bench-make clean exercises help hint print-test-suites starters build/numbers/mutants.tsv'

db=$(mktemp)
trap 'rm -f "$db"' EXIT
make -pqn all test > "$db" 2>/dev/null
if ! grep -q '^deps:' "$db"; then
	fail every-recipe-waits-for-deps "make -pqn printed no rule for deps (is this the project's top directory?)"
	exit 0
fi
late=$(awk -f tests/pipeline/deps-first.awk "$db" | while read -r t; do
	case " $base_only " in *" $t "*) ;; *) echo "$t" ;; esac
done | sort | tr '\n' ' ')
if [ -n "$late" ]; then
	fail every-recipe-waits-for-deps "these recipes may run before tangle/deps.sh has installed the packages: ${late% }"
else
	pass every-recipe-waits-for-deps
fi
