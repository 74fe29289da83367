# Loaded by every e2e test file: a fresh world per test, a way to run kata
# (through ${KATA_TEST_WRAPPER}, e.g. valgrind), and checks that use the
# real git program and a YAML parser from another language (PyYAML).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

: "${KATA:?KATA must name the kata binary under test}"
# meson passes an absolute path; a relative one would break after cd.
case $KATA in /*) ;; *) KATA=$PWD/$KATA ;; esac
export KATA

# Under a wrapper, $KATA is a shim named kata that runs the program through
# it, so that what starts "$KATA" itself (the benchmark, a hook's link, the
# FIFO tests) is wrapped too; tests/e2e/valgrind.sh takes the shim for the
# program, so that "${KATA_TEST_WRAPPER} $KATA" still wraps once.
if [[ -n ${KATA_TEST_WRAPPER:-} && $KATA != "${KATA_SHIM:-}" ]]; then
	export KATA_REAL=$KATA KATA_SHIM=$BATS_RUN_TMPDIR/kata-shim/kata
	if [[ ! -x $KATA_SHIM ]]; then
		mkdir -p "${KATA_SHIM%/kata}"
		# shellcheck disable=SC2016
		printf '#!/bin/sh\nexec ${KATA_TEST_WRAPPER:-} "$KATA_REAL" "$@"\n' >"$KATA_SHIM.$BASHPID"
		chmod +x "$KATA_SHIM.$BASHPID"
		mv "$KATA_SHIM.$BASHPID" "$KATA_SHIM"
	fi
	KATA=$KATA_SHIM
fi

# The exit status the wrapper uses for its own errors (valgrind's
# --error-exitcode); with a wrapper, that status fails the test.
: "${KATA_TEST_WRAPPER_STATUS:=99}"

# The test's date: 09:00 UTC on Saturday 21 November 2026.
TODAY=2026-11-21

kata_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	export TZ=UTC LC_ALL=C KATA_NOW=2026-11-21T09:00:00Z
	export GIT_CONFIG_NOSYSTEM=1
	# Under AddressSanitizer/UBSan, an error aborts (status 134 > 128: a
	# crash for run_kata) instead of exiting 1 like an ordinary failure.
	export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:halt_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-abort_on_error=1:halt_on_error=1:print_stacktrace=1}
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE \
		GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE \
		NO_COLOR EMAIL XDG_CONFIG_HOME GIT_DIR GIT_WORK_TREE \
		GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CEILING_DIRECTORIES \
		GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GIT_CONFIG_PARAMETERS \
		GIT_CONFIG_COUNT VISUAL EDITOR PAGER GIT_PAGER COLUMNS
	cat >"$HOME/.gitconfig" <<-'EOF'
	[user]
		name = Alice Example
		email = alice@example.com
	[init]
		defaultBranch = main
	EOF
	python_without_shim
	cd "$BATS_TEST_TMPDIR" || return 1
}

# python3 as PATH finds it, but without the shim of a version manager
# (pyenv, asdf): a shell script that takes several times longer than
# Python's own start, and the tests start python3 hundreds of times. A
# folder first on PATH holds python3, a link to the interpreter the shim
# runs, asked once per bats run. (A link, not a shell function: `python3 &`
# must be python, for $! and kill.)
python_without_shim() {
	local bin=$BATS_RUN_TMPDIR/python-bin exe
	if [[ ! -e $bin/python3 ]]; then
		# without python3, the tests that need it fail on their own
		exe=$(command python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
			[[ -x $exe ]] || return 0
		mkdir -p "$bin.$BASHPID"
		ln -s "$exe" "$bin.$BASHPID/python3"
		mv -T "$bin.$BASHPID" "$bin" 2>/dev/null || rm -r "$bin.$BASHPID"
	fi
	PATH=$bin:$PATH
}

setup() {
	kata_setup
}

# kata itself, through the optional wrapper (word-split on purpose).
kata() {
	# shellcheck disable=SC2086
	${KATA_TEST_WRAPPER:-} "$KATA" "$@"
}

# Runs kata with bats' run, stdout in $output/$lines and stderr in
# $stderr/$stderr_lines. A crash (status above 128) fails the test whatever
# was expected, as does an error reported by the wrapper.
run_kata() {
	run --separate-stderr kata "$@"
	if ((status > 128)); then
		printf '%s\n' "$stderr" >&2
		fail "kata $* crashed: exit status $status (signal $((status - 128)))"
		return 1
	fi
	if [[ -n ${KATA_TEST_WRAPPER:-} && $status -eq $KATA_TEST_WRAPPER_STATUS ]]; then
		printf '%s\n' "$stderr" >&2
		fail "kata $*: the wrapper (${KATA_TEST_WRAPPER}) reported an error"
		return 1
	fi
}

# ---- what kata said ----

# Exit 1 with exactly one line on stderr, starting "kata: error: ".
assert_error() {
	if [[ $status -ne 1 ]]; then
		printf 'stdout: %s\nstderr: %s\n' "$output" "$stderr" >&2
		fail "expected exit status 1, got $status"
		return 1
	fi
	assert_one_error_line
}

assert_one_error_line() {
	if [[ ${#stderr_lines[@]} -ne 1 ]]; then
		fail "expected one line on stderr, got ${#stderr_lines[@]}:
$stderr"
		return 1
	fi
	if [[ ${stderr_lines[0]} != "kata: error: "* ]]; then
		fail "the error does not start with 'kata: error: ': ${stderr_lines[0]}"
		return 1
	fi
}

# Exit 2, the first stderr line "kata: error: ...", then the usage.
assert_usage_error() {
	if [[ $status -ne 2 ]]; then
		printf 'stdout: %s\nstderr: %s\n' "$output" "$stderr" >&2
		fail "expected exit status 2 (usage error), got $status"
		return 1
	fi
	if [[ ${stderr_lines[0]:-} != "kata: error: "* ]]; then
		fail "the usage error does not start with 'kata: error: ':
$stderr"
		return 1
	fi
	local l n=0
	for l in "${stderr_lines[@]:1}"; do
		case $l in
		'usage: '* | '   or: '*) ;;
		*) n=$((n + 1)) ;;
		esac
	done
	if ((n)); then
		fail "a usage error is one error line then the usage; got:
$stderr"
		return 1
	fi
	stderr_has 'usage: kata'
}

# stderr contains the (fixed) text.
stderr_has() {
	if [[ $stderr != *"$1"* ]]; then
		fail "stderr does not contain '$1':
$stderr"
		return 1
	fi
}

# stdout contains the (fixed) text.
output_has() {
	if [[ $output != *"$1"* ]]; then
		fail "stdout does not contain '$1':
$output"
		return 1
	fi
}

# ---- what kata left behind ----

# Work tree, index and HEAD agree, and git fsck finds nothing.
repo_clean() {
	local dir=${1:-.} st out
	st=$(git -C "$dir" status --porcelain --untracked-files=all) || {
		fail "git status failed in $dir"
		return 1
	}
	if [[ -n $st ]]; then
		fail "git status --porcelain is not empty:
$st"
		return 1
	fi
	if ! out=$(git -C "$dir" fsck --strict --no-dangling --no-progress 2>&1); then
		fail "git fsck --strict failed:
$out"
		return 1
	fi
	if [[ -n $out ]]; then
		fail "git fsck --strict reported:
$out"
		return 1
	fi
}

# The number of commits on HEAD (0 before the first).
commits() {
	git rev-list --count HEAD 2>/dev/null || echo 0
}

# The value of a trailer of the last commit.
trailer() {
	git log -1 --format="%(trailers:key=$1,valueonly,separator=%x2C)"
}

# PyYAML's side: tests/e2e/kata_yaml.py reads the files, checks them and
# answers yaml_get, yaml_type and yget.
KATA_YAML=${BASH_SOURCE[0]%/*}/kata_yaml.py

# Prints a top-level value of a YAML file as PyYAML reads it: a string as
# it is, anything else as JSON (so 42, 4.5, true, null, [..]).
yaml_get() {
	yaml_load "$1" && yaml_get_ok || return 1
	if [[ $2 =~ ^[A-Za-z0-9_.-]+$ && -v _y_v[$2] ]]; then
		printf '%s\n' "${_y_v[$2]}"
	else
		echo null
	fi
}

# The Python type name of a top-level value (int, float, str, bool, ...).
yaml_type() {
	yaml_load "$1" && yaml_get_ok || return 1
	if [[ $2 =~ ^[A-Za-z0-9_.-]+$ && -v _y_t[$2] ]]; then
		printf '%s\n' "${_y_t[$2]}"
	else
		echo NoneType
	fi
}

# yaml_get and yaml_type fail, as json.dumps does, on a file with a
# top-level value that has no JSON form (a date, say).
yaml_get_ok() {
	if [[ -n $_y_get_error ]]; then
		printf '%s\n' "$_y_get_error" >&2
		return 1
	fi
}

# A value inside a YAML file, by a dotted path of keys (and list indexes),
# as PyYAML reads it: a string as it is, anything else as JSON (a date as
# text); null where the path leads nowhere.
yget() {
	yaml_load "$1" || return 1
	# the cache has plain keys and list indexes; other paths are for
	# Python to walk
	if [[ ! $2 =~ ^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$ ]]; then
		yget_python "$@"
		return
	fi
	local node= kind=$_y_root k p
	local -a keys
	IFS=. read -r -a keys <<<"$2"
	for k in "${keys[@]}"; do
		if [[ $kind == list && ! $k =~ ^(0|[1-9][0-9]*)$ ]]; then
			yget_python "$@"
			return
		fi
		p=${node:+$node.}$k
		if [[ ($kind == list || $kind == dict) && -v _y_k[$p] ]]; then
			node=$p kind=${_y_k[$p]}
		else
			echo null
			return
		fi
	done
	printf '%s\n' "${_y_n[$node]}"
}

yget_python() {
	python3 - "$1" "$2" <<-'EOF'
	import json, sys, yaml
	d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
	for k in sys.argv[2].split("."):
	    if isinstance(d, list):
	        d = d[int(k)] if int(k) < len(d) else None
	    elif isinstance(d, dict):
	        d = d.get(k)
	    else:
	        d = None
	print(d if isinstance(d, str) else json.dumps(d, default=str))
	EOF
}

# PyYAML's reading of a file, once per content, into _y_v, _y_t, _y_n,
# _y_k, _y_root and _y_get_error (see kata_yaml.py's build). A file not read
# yet is read with every other one under the current directory, for the
# next questions.
yaml_load() {
	local sum f cache=$BATS_TEST_TMPDIR/.yaml-cache root=
	sum=$(sha1sum <"$1") || return 1
	f=$cache/${sum%% *}
	if [[ ! -e $f ]]; then
		[[ $PWD != "$BATS_TEST_TMPDIR"* ]] || root=.
		python3 "$KATA_YAML" cache "$cache" "$root" \
			"$BATS_TEST_TMPDIR/.kata-commits" "$1" || return 1
	fi
	declare -gA _y_v=() _y_t=() _y_n=() _y_k=()
	_y_root= _y_error= _y_get_error=
	# shellcheck source=/dev/null
	source "$f" || return 1
	if [[ -n $_y_error ]]; then
		printf '%s\n' "$_y_error" >&2
		return 1
	fi
}

# Every *.yaml file of the repository (work tree, not .git) read by PyYAML:
# a mapping with `kind` (matching where it lives) and `id` (except
# kata.yaml), UTF-8, LF line ends, a final newline.
check_yaml() {
	local out
	if ! out=$(python3 "$KATA_YAML" check-tree "${1:-.}" 2>&1); then
		fail "check_yaml: $out"
		return 1
	fi
}

# The commits kata_commit saw, "COMMIT GIT_DIR" a line, for teardown.
record_commit() {
	local out
	out=$(git rev-parse HEAD --absolute-git-dir) || {
		fail "git rev-parse failed in $PWD"
		return 1
	}
	printf '%s %s\n' "${out%%$'\n'*}" "${out#*$'\n'}" \
		>>"$BATS_TEST_TMPDIR/.kata-commits"
}

# After each test: every *.yaml file of every commit kata_commit saw passes
# check_yaml's rules, in the state kata committed it, read once per content
# (by yaml_load's python run when there was one since the commit). A file
# that defines its own teardown calls kata_teardown.
kata_teardown() {
	local out list=$BATS_TEST_TMPDIR/.kata-commits
	if [[ -e $list ]] &&
		! out=$(python3 "$KATA_YAML" check-commits "$list" 2>&1); then
		fail "check_yaml of what kata committed: $out"
		return 1
	fi
	if [[ -s $list.bad ]]; then
		fail "check_yaml of what kata committed: $(cat "$list.bad")"
		return 1
	fi
}

teardown() {
	kata_teardown
}

# `kata fsck` finds nothing and says nothing.
fsck_clean() {
	run_kata fsck
	if [[ $status -ne 0 || -n $output || -n $stderr ]]; then
		fail "kata fsck is not clean (status $status):
$output
$stderr"
		return 1
	fi
}

# Runs a writing kata command that must succeed with exactly one commit,
# leaving the repository clean; teardown reads every record it committed.
kata_commit() {
	local before
	before=$(commits)
	run_kata "$@"
	if [[ $status -ne 0 ]]; then
		printf 'stdout: %s\nstderr: %s\n' "$output" "$stderr" >&2
		fail "kata $* failed with status $status"
		return 1
	fi
	local after
	after=$(commits)
	if [[ $after -ne $((before + 1)) ]]; then
		fail "kata $* made $((after - before)) commits, expected 1"
		return 1
	fi
	repo_clean && record_commit
}

# ---- "nothing written" ----

# A fingerprint of the repository: HEAD, status, every file's content.
fingerprint() {
	git rev-parse -q --verify HEAD || echo "no HEAD"
	git status --porcelain --untracked-files=all
	find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha1sum
}

snapshot() {
	fingerprint >"$BATS_TEST_TMPDIR/snapshot"
}

# Nothing changed since snapshot: no commit, no file, no edit.
assert_unchanged() {
	local now
	now=$(fingerprint)
	if [[ $now != "$(cat "$BATS_TEST_TMPDIR/snapshot")" ]]; then
		fail "the repository changed:
$(diff "$BATS_TEST_TMPDIR/snapshot" - <<<"$now")"
		return 1
	fi
}

# ---- fixtures ----

# A repository in $BATS_TEST_TMPDIR/repo (the current directory after):
# learner alice (email alice@example.com), with an active target condition.
demo_learner() {
	kata init repo >/dev/null
	cd repo || return 1
	kata learner add alice --name "Alice Example" --email alice@example.com \
		--process "code review" >/dev/null
	kata start --challenge "Ship every change the day it is written" \
		--target "Review wait under 4 hours" --by 2026-12-20 \
		--current "Reviews wait 2 days" --metric review_wait --unit h \
		--goal 4 --lower-is-better >/dev/null
}

# The files of the active (newest) target of alice.
target_dir() {
	local d
	d=$(ls -d learners/"${1:-alice}"/[0-9]*/ | sort | tail -n 1)
	echo "${d%/}"
}

target_file() {
	echo "$(target_dir "$@")/target.yaml"
}

# The record file whose `id` starts with the given prefix, under a folder.
record_file() {
	local f
	for f in "$1"/*.yaml; do
		case $(basename "$f") in
		*-"$2"*.yaml)
			echo "$f"
			return 0
			;;
		esac
	done
	return 1
}

# The IDs (first column, the focus marker dropped) of `kata obstacle list`.
obstacle_ids() {
	kata obstacle list | sed 's/^[* ] //' | awk '{ print $1 }'
}
