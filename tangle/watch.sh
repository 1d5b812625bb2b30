#!/bin/sh
# watch.sh ID -- check exercise ID, then again every time one of its files
# is saved. Stop with Ctrl-C.
#
# Each check starts on a cleared screen (when the output is a terminal),
# so what you see is the verdict on what you last saved, followed by one
# line of progress over all the exercises. It polls modification times
# twice a second, with find -newer against a stamp file touched just
# before each check, so a save made while a check runs is not missed. No
# inotify, nothing to install.
set -u
id=${1:-}
[ -n "$id" ] || { echo "usage: make watch EX=<id>" >&2; exit 2; }
id=${id%/}
id=${id#exercises/}
[ -d "exercises/$id" ] || { tangle/check.sh "$id"; exit 2; }
watched="exercises/$id"
[ "${FROM:-exercises}" = solutions ] && watched="$watched solutions/$id"
[ -n "${ANSWER:-}" ] && watched="$watched $ANSWER"
mkdir -p build/ex
stamp=build/ex/.watch-$id
trap 'rm -f "$stamp"; exit 0' INT TERM
clear=
[ -t 1 ] && clear=$(printf '\033[H\033[2J\033[3J')

while :; do
	touch "$stamp"
	printf '%s' "$clear"
	echo "---- $(date +%H:%M:%S) checking $id"
	tangle/check.sh "$id"
	tangle/learn.sh progress
	echo "---- watching $watched for changes (Ctrl-C to stop)"
	# shellcheck disable=SC2086
	while [ -z "$(find $watched -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; do
		sleep 0.5
	done
done
