#!/bin/sh
# KATA_TEST_WRAPPER of `meson test --setup=valgrinde2e`: runs kata under
# valgrind ($KATA_VALGRIND, with meson.build's options) the first time
# each test file runs each of its commands ("show", "obstacle add", "-C
# DIR log"), and directly after that, unless KATA_VALGRIND_ALL=1.
#
#   valgrind.sh KATA [ARGS...]
#
# Why not every run: valgrind costs about a second for each start of
# kata (most of it valgrind's own start and the reading of 28 shared
# libraries), and the end-to-end tests start kata thousands of times, many
# of them the same command in a loop (hostile repositories, 8 and 16
# writers, reports of every learner): the whole suite under valgrind takes
# over an hour on 2 cores, far past CI's budget. Every test file still
# runs whole, every command it uses runs under valgrind, and the first
# run of each is in its test's own repository and data.
set -u
# helper.bash's shim stands for the program: wrapped once, not twice
if [ -n "${KATA_SHIM:-}" ] && [ "$1" = "$KATA_SHIM" ]; then
	shift
	set -- "$KATA_REAL" "$@"
fi
: "${KATA_VALGRIND:=valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite}"
if [ "${KATA_VALGRIND_ALL:-0}" = 1 ]; then
	# shellcheck disable=SC2086
	exec $KATA_VALGRIND "$@"
fi

# The command's words: global options (and -C's and -l's values) skipped,
# the command, and the next word of those that have subcommands.
key=
skip=
n=0
for a in "$@"; do
	n=$((n + 1))
	[ "$n" -gt 1 ] || continue
	if [ -n "$skip" ]; then
		skip=
		continue
	fi
	case $key:$a in
	:-C | :-l) skip=1 ;;
	*:-*) ;;
	*:*[!a-z_-]* | *:) break ;;
	:*) key=$a ;;
	coach:* | learner:* | obstacle:* | step:* | target:*)
		key=$key-$a
		break
		;;
	*) break ;;
	esac
done
seen=${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/valgrind-seen
mkdir -p "$seen" 2>/dev/null
# mkdir is atomic: of two writers started at once, one is the first
if mkdir "$seen/${key:-none}" 2>/dev/null; then
	# shellcheck disable=SC2086
	exec $KATA_VALGRIND "$@"
fi
exec "$@"
