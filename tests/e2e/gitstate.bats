#!/usr/bin/env bats
# SPEC 4 and 7: kata beside git. An identity git would not write, an
# operation git has in progress, a shallow clone, a repository someone
# else owns: each is refused or handled with git's own reason, and
# nothing is written.

load helper

setup() {
	kata_setup
	demo_learner
}

# ---- the identity ----

@test "a newline in GIT_AUTHOR_NAME is refused before anything is written" {
	snapshot
	GIT_AUTHOR_NAME=$'Alice\nExample' run_kata obstacle add "x"
	assert_error
	stderr_has "GIT_AUTHOR_NAME holds a newline"
	assert_unchanged
	# and the repository still works for a good identity
	kata_commit obstacle add "y"
	run_kata log
	assert_success
}

@test "a newline in user.name is refused, and kata log and undo still work" {
	git config user.name $'Alice\nExample'
	snapshot
	run_kata obstacle add "x"
	assert_error
	stderr_has "user.name holds a newline"
	assert_unchanged
	run_kata undo
	assert_error
	stderr_has "user.name holds a newline"
	assert_unchanged
	git config user.name "Alice Example"
	kata_commit obstacle add "x"
	run_kata log
	assert_success
}

@test "'<', '>' or a control character in the name or email is refused" {
	local bad
	snapshot
	for bad in 'Al<ice' 'Al>ice' $'Al\rice' $'Al\x1bice'; do
		GIT_AUTHOR_NAME=$bad run_kata obstacle add "x"
		assert_error
		stderr_has "invalid git identity: GIT_AUTHOR_NAME holds"
	done
	for bad in 'alice@example.com>' $'alice@example.com\nx'; do
		GIT_AUTHOR_EMAIL=$bad run_kata obstacle add "x"
		assert_error
		stderr_has "invalid git identity: GIT_AUTHOR_EMAIL holds"
	done
	git config user.email $'alice\n@example.com'
	run_kata obstacle add "x"
	assert_error
	stderr_has "invalid git identity: user.email holds a newline"
	assert_unchanged
}

@test "a name of only characters git disallows is refused, as git refuses it" {
	snapshot
	GIT_AUTHOR_NAME='.,;' run_kata obstacle add "x"
	assert_error
	stderr_has "GIT_AUTHOR_NAME consists only of disallowed characters"
	# git says the same of it
	run ! env GIT_AUTHOR_NAME='.,;' git commit -q --allow-empty -m x
	assert_unchanged
}

@test "kata init refuses a broken identity and creates nothing" {
	cd "$BATS_TEST_TMPDIR"
	GIT_AUTHOR_NAME=$'Bob\nBuilder' run_kata init other
	assert_error
	stderr_has "GIT_AUTHOR_NAME holds a newline"
	[ ! -e other/kata.yaml ]
}
