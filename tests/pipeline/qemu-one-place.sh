#!/bin/sh
# One place says how QEMU is started: tangle/qemu.sh (issue #10).
#
# one-place: no other file of the project starts QEMU itself. Every
# line that names the QEMU program is looked at, in the tooling, the
# tests, the exercises and solutions, CI, and in the book's code chunks
# (the checkpoint's Makefile is tangled from them); it fails unless the line
# is a comment, prose (a .nw line outside a code chunk: a command shown
# to the reader), or deps.sh asking whether QEMU is installed.
#
# prose-types-no-flags: no prose types a QEMU command line, the program
# followed by flags (on its line or the next): a typed copy of what
# qemu.sh passes drifts from it. Prose shows `sh qemu.sh MODE IMAGE`
# (with the reader's extra flags after it), and the flags a mode passes
# are quoted from the script's dry run (QEMU_DRY_RUN=1, chapter 1's
# log="ch01-look" transcript). Looked at: the prose of every .nw file and
# the Markdown pages of the book, the exercises and the solutions.
#
# checkpoint-carries-it: every tangled tree lists qemu.sh among its files
# (which is what its tarball holds, build/site/src/chNN.tar.gz) and its
# copy is tangle/qemu.sh's text, so a checkpoint unpacked on its own
# boots with make boot and make ktest.
set -u
prog='qemu''-system'	# split, so that this file does not name it
pass() { echo "PASS pipeline/qemu/$1"; }
fail() { echo "FAIL pipeline/qemu/$1: $2"; }

# A .nw file: the lines inside code chunks only.
code_of_nw() {
	awk '/^<<.*>>=[ \t]*$/ { code = 1; next }
		/^@( |$)/ { code = 0; next }
		code { print FILENAME ":" FNR ": " $0 }' "$1"
}
# Any other file: every line but comments (# ..., // ..., /* ... and
# the * lines of a C comment).
code_of_other() {
	awk '!/^[ \t]*(#|\/\/|\/\*|\*)/ { print FILENAME ":" FNR ": " $0 }' "$1"
}

found=$(
	find tangle tests exercises solutions fuzz Makefile book .ci .github -type f \
		! -path tangle/qemu.sh ! -path 'tests/pipeline/qemu-one-place.sh' \
		! -name '*.md' ! -name '*.svg' ! -name '*.png' 2>/dev/null |
	sort | while IFS= read -r f; do
		grep -q "$prog" "$f" || continue
		case $f in
		*.nw) code_of_nw "$f" ;;
		*) code_of_other "$f" ;;
		esac | grep "$prog" | grep -v 'command -v'
	done
)
if [ -z "$found" ]; then
	pass one-place
else
	fail one-place "QEMU is started outside tangle/qemu.sh (use it, in the mode that fits): $(echo "$found" | head -n 3 | tr '\n' '|')"
fi

# A .nw file's prose (every line outside its code chunks), or a Markdown
# page: each line that names the program with a flag after it, on its
# line or as the next line's first word.
typed_flags() {
	awk -v prog="$prog-i386" '
		FILENAME ~ /\.nw$/ && /^<<.*>>=[ \t]*$/ { code = 1; next }
		FILENAME ~ /\.nw$/ && /^@( |$)/ { code = 0; next }
		code { next }
		FNR == 1 { last = "" }
		last != "" && /^[ \t>]*-/ { print last }
		{ last = "" }
		index($0, prog) && $0 ~ prog "[ \t]+-" { print FILENAME ":" FNR ": " $0; next }
		index($0, prog) && $0 ~ prog "[ \t]*$" { last = FILENAME ":" FNR ": " $0 }
	' "$@"
}
typed=$(find book exercises solutions -type f \( -name '*.nw' -o -name '*.md' \) 2>/dev/null |
	sort | xargs grep -l "$prog" 2>/dev/null | while IFS= read -r f; do typed_flags "$f"; done)
if [ -z "$typed" ]; then
	pass prose-types-no-flags
else
	fail prose-types-no-flags "prose types QEMU's flags (show sh qemu.sh MODE IMAGE, or quote its QEMU_DRY_RUN=1 output in a transcript): $(echo "$typed" | head -n 3 | tr '\n' '|')"
fi

trees=$(ls -d build/ch[0-9][0-9] 2>/dev/null)
if [ -z "$trees" ]; then
	echo "SKIP pipeline/qemu/checkpoint-carries-it: no checkpoint is tangled (run make first)"
	exit 0
fi
bad=
for d in $trees; do
	if ! grep -qx 'qemu.sh' "$d/.tangled-files" 2>/dev/null; then
		bad="$bad $d: qemu.sh is not in .tangled-files, so not in the tarball;"
	elif ! cmp -s tangle/qemu.sh "$d/qemu.sh"; then
		bad="$bad $d/qemu.sh differs from tangle/qemu.sh;"
	fi
done
if [ -z "$bad" ]; then
	pass checkpoint-carries-it
else
	fail checkpoint-carries-it "${bad# }"
fi
