#!/usr/bin/env bats
# SPEC 7: errors and bad input. One line on stderr starting "kata: error: ",
# exit 1 (2 for a usage error, with the usage), nothing written, and a
# malformed record named by path:line:col.

load helper

setup() {
	kata_setup
	demo_learner
}

# Writes a record by hand and commits it with git, as a user would.
commit_by_hand() {
	git add -A
	git commit -qm "by hand"
}

@test "failures print one line starting 'kata: error: ' and exit 1" {
	local oid
	kata obstacle add "o" >/dev/null
	snapshot
	# each of these fails, each for another reason
	local -a cmds=(
		"start --challenge c --target t --by 2027-01-01"
		"learner add alice"
		"learner add Bad"
		"obstacle focus zzzzzzzzzz"
		"show nobody"
		"step done --happened h --learned l"
		"measure m abc"
		"step s --expect e --see-by soon"
		"target done --note $'\x01'"
	)
	local c
	for c in "${cmds[@]}"; do
		eval "run_kata $c"
		[ "$status" -eq 1 ] || fail "kata $c: status $status, expected 1"
		assert_one_error_line
		[ -z "$output" ] || fail "kata $c wrote to stdout: $output"
	done
	assert_unchanged
}

@test "usage errors exit 2 and print the usage" {
	snapshot
	local -a cmds=(
		"step s"
		"start --challenge c"
		"measure m"
		"learner add"
		"learner"
		"obstacle"
		"obstacle frob"
		"obstacle add"
		"step done --happened h"
		"init a b"
		"show a b"
		"fsck extra"
	)
	local c
	for c in "${cmds[@]}"; do
		eval "run_kata $c"
		assert_usage_error
		[ -z "$output" ] || fail "kata $c wrote to stdout: $output"
	done
	assert_unchanged
}

@test "an unknown option is a usage error reported as 'kata: error:'" {
	snapshot
	local -a cmds=(
		"show --bogus"
		"--bogus show"
		"learner add -x"
		"obstacle add --frob text"
		"step s --expect e --seeby tomorrow"
		"measure m 3 --when today"
		"start -Z"
	)
	local c
	for c in "${cmds[@]}"; do
		eval "run_kata $c"
		assert_usage_error
	done
	assert_unchanged
}

@test "a missing option argument is a usage error reported as 'kata: error:'" {
	run_kata step s --expect
	assert_usage_error
	run_kata -C
	assert_usage_error
}

@test "an unknown command exits 2 naming it" {
	run_kata frobnicate
	[ "$status" -eq 2 ]
	assert_one_error_line
	stderr_has "frobnicate"
	run_kata help frobnicate
	[ "$status" -eq 2 ]
	stderr_has "frobnicate"
}

@test "help and version" {
	run_kata --help
	assert_success
	output_has "usage: kata"
	output_has "obstacle"
	run_kata help step
	assert_success
	assert_line --index 0 --regexp '^usage: kata step TEXT --expect TEXT'
	run_kata step --help
	assert_success
	output_has "usage: kata step"
	run_kata --version
	assert_success
	assert_output --regexp '^kata version [0-9]'
	run_kata
	[ "$status" -eq 2 ]
}

@test "outside a kata repository: exit 1, one line" {
	mkdir "$BATS_TEST_TMPDIR/nowhere"
	cd "$BATS_TEST_TMPDIR/nowhere"
	for c in show "obstacle list" "learner list" fsck "learner add bob"; do
		run_kata $c
		assert_error
		stderr_has "kata init"
	done
	[ -z "$(ls -A)" ]

	# a git repository that is not a kata repository
	git init -q
	run_kata learner add bob
	assert_error
	[ "$(ls -A)" = .git ]
}

@test "missing user.email: exit 1, says which git config to run, nothing written" {
	cat >"$HOME/.gitconfig" <<-'EOF'
	[user]
		name = Alice Example
	EOF
	unset EMAIL
	snapshot
	for c in 'obstacle add o' 'measure m 1' 'learner add bob' 'step s --expect e'; do
		run_kata $c
		assert_error
		stderr_has "git config"
		stderr_has "user.email"
	done
	assert_unchanged
}

@test "missing user.name: exit 1, says which git config to run, nothing written" {
	cat >"$HOME/.gitconfig" <<-'EOF'
	[user]
		email = alice@example.com
	EOF
	snapshot
	run_kata obstacle add o
	assert_error
	stderr_has "git config"
	stderr_has "user.name"
	assert_unchanged
}

@test "a malformed record names path:line:col" {
	cat >learners/alice/learner.yaml <<-'EOF'
	kind: learner
	id: alice
	name: [Alice
	EOF
	commit_by_hand
	snapshot
	run_kata show
	assert_error
	stderr_has "kata: error: learners/alice/learner.yaml:"
	[[ ${stderr_lines[0]} =~ ^kata:\ error:\ learners/alice/learner\.yaml:[0-9]+:[0-9]+:\ . ]]
	run_kata show --json
	assert_error
	[ -z "$output" ]
	run_kata fsck
	[ "$status" -eq 1 ]
	assert_unchanged
}

@test "a record that is not a mapping names its file" {
	printf -- '- kind: learner\n- id: alice\n' >learners/alice/learner.yaml
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:1:1:"
}

@test "a record with a wrong field names path:line:col" {
	local t
	t=$(target_file)
	sed -i 's/^status: active$/status: maybe/' "$t"
	commit_by_hand
	local line
	line=$(grep -n '^status:' "$t" | cut -d: -f1)
	run_kata show
	assert_error
	stderr_has "$t:$line:9:"
	stderr_has "status"
}

@test "a record with an anchor and an alias is refused" {
	cat >learners/alice/learner.yaml <<-'EOF'
	kind: learner
	id: alice
	name: &n Alice
	process: *n
	EOF
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:3:"
	stderr_has "alias"
}

@test "a billion laughs record is refused quickly" {
	{
		printf 'kind: learner\nid: alice\n'
		printf 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
		local i
		for i in b c d e f g h i j; do
			printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $i $i a a a a a a a a a
		done
	} >learners/alice/learner.yaml
	commit_by_hand
	SECONDS=0
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:"
	[ "$SECONDS" -lt 5 ]
}

@test "a record larger than 1 MiB is refused" {
	{
		printf 'kind: learner\nid: alice\nprocess: '
		head -c 1100000 /dev/zero | tr '\0' a
		printf '\n'
	} >learners/alice/learner.yaml
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml"
	stderr_has "1 MiB"
}

@test "a record nested deeper than 64 levels is refused" {
	{
		printf 'kind: learner\nid: alice\nx: '
		printf '[%.0s' $(seq 100)
		printf ']%.0s' $(seq 100)
		printf '\n'
	} >learners/alice/learner.yaml
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:3:"
}

@test "invalid UTF-8 in a record is refused with its position" {
	printf 'kind: learner\nid: alice\nname: Al\xffce\n' >learners/alice/learner.yaml
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:3:9:"
	stderr_has "UTF-8"
}

@test "a NUL byte in a record is refused with its position" {
	printf 'kind: learner\nid: alice\nname: Al\0ce\n' >learners/alice/learner.yaml
	commit_by_hand
	run_kata show
	assert_error
	stderr_has "learners/alice/learner.yaml:3:9:"
	stderr_has "NUL"
}

@test "text arguments with invalid UTF-8 are refused, nothing written" {
	snapshot
	run_kata obstacle add $'\xff'
	assert_error
	stderr_has "UTF-8"
	run_kata obstacle add $'caf\xe9'
	assert_error
	run_kata step $'\xc3\x28' --expect e
	assert_error
	run_kata step s --expect $'\xed\xa0\x80'
	assert_error
	run_kata learner add bob --name $'\xff'
	assert_error
	run_kata target done --note $'\xfe'
	assert_error
	run_kata measure $'\xff' 3
	assert_error
	assert_unchanged
}

@test "text arguments with control characters are refused, nothing written" {
	snapshot
	run_kata obstacle add $'red \e[31m text'
	assert_error
	run_kata step $'s\r' --expect e
	assert_error
	assert_unchanged
}

@test "a malformed KATA_NOW is refused" {
	snapshot
	for now in garbage 2026-13-01T00:00:00Z 2026-11-21 "2026-11-21 09:00" 2026-11-21T09:00:00; do
		KATA_NOW=$now run_kata obstacle add o
		assert_error
		stderr_has "KATA_NOW"
		KATA_NOW=$now run_kata show
		assert_error
	done
	assert_unchanged
}

@test "invalid dates are refused naming the input, nothing written" {
	snapshot
	local d
	for d in 2026-02-30 soon 2026-11-21T25:00 "next week" 2026-11 99999-01-01; do
		run_kata step s --expect e --see-by "$d"
		assert_error
		stderr_has "'$d'"
		run_kata measure m 1 --at "$d"
		assert_error
		stderr_has "'$d'"
	done
	assert_unchanged
}

@test "a leap day is a date in a leap year only" {
	run_kata start -l alice --challenge c --target t --by 2027-02-29
	assert_error
	stderr_has "2027-02-29"
	kata target done >/dev/null
	kata_commit start --challenge c --target t --by 2028-02-29
	[ "$(yaml_get "$(target_file)" achieve_by)" = 2028-02-29 ]
}

@test "a repository libgit2 cannot open says libgit2's reason, not 'not a kata repository'" {
	snapshot
	cp .git/config "$BATS_TEST_TMPDIR/config"
	printf '[core\n' >>.git/config
	run_kata show
	assert_error
	stderr_has "cannot open the repository"
	stderr_has ".git/config"
	[[ $stderr != *"not a kata repository"* ]] || fail "$stderr"
	run_kata step "s" --expect "e"
	assert_error
	stderr_has ".git/config"
	cp "$BATS_TEST_TMPDIR/config" .git/config
	assert_unchanged
	# and a folder with no repository at all still says so
	cd "$BATS_TEST_TMPDIR"
	mkdir -p plain
	cd plain
	run_kata show
	assert_error
	stderr_has "not a kata repository"
}
