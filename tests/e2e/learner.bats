#!/usr/bin/env bats
# kata learner add|list, learner IDs, and which learner a command is about.

load helper

setup() {
	kata_setup
	kata init repo >/dev/null
	cd repo
}

@test "learner add writes learner.yaml in one commit with trailers" {
	kata_commit learner add alice --name "Alice Example" --email alice@example.com \
		--email a.example@example.org --process "code review"
	output_has "alice"
	local f=learners/alice/learner.yaml
	[ -f "$f" ]
	[ "$(yaml_get $f kind)" = learner ]
	[ "$(yaml_get $f id)" = alice ]
	[ "$(yaml_get $f name)" = "Alice Example" ]
	[ "$(yaml_get $f emails)" = '["alice@example.com", "a.example@example.org"]' ]
	[ "$(yaml_get $f process)" = "code review" ]
	[ "$(git log -1 --format=%s)" = "alice: add learner Alice Example" ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = learner-add ]
	[ "$(trailer Kata-Record)" = alice ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$f" ]
	fsck_clean
}

@test "learner add with a coach and a second coach" {
	kata learner add carol >/dev/null
	kata learner add dave >/dev/null
	kata_commit learner add alice --coach carol --second-coach dave
	[ "$(yaml_get learners/alice/learner.yaml coach)" = carol ]
	[ "$(yaml_get learners/alice/learner.yaml second_coach)" = dave ]
	fsck_clean
}

@test "learner list shows every learner, in order" {
	kata learner add bob --name "Bob B" >/dev/null
	kata learner add alice --name "Alice A" >/dev/null
	run_kata learner list
	assert_success
	[ ${#lines[@]} -eq 2 ]
	assert_line --index 0 --regexp '^alice +Alice A'
	assert_line --index 1 --regexp '^bob +Bob B'
}

@test "learner list --json is a list of learner records" {
	kata learner add bob --name "Bob B" >/dev/null
	kata learner add alice --name "Alice A" --email alice@example.com >/dev/null
	run_kata learner list --json
	assert_success
	python3 -c '
import json, sys
l = json.loads(sys.argv[1])
assert isinstance(l, list), l
assert [x["id"] for x in l] == ["alice", "bob"], l
assert all(x["kind"] == "learner" for x in l), l
assert l[0]["name"] == "Alice A" and l[0]["emails"] == ["alice@example.com"], l
' "$output"
}

@test "learner list in a repository without learners prints nothing" {
	run_kata learner list
	assert_success
	assert_output ""
	run_kata learner list --json
	assert_success
	[ "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]))' "$output")" = "[]" ]
}

@test "invalid learner IDs are refused, nothing written" {
	local long65 long64
	long65=$(printf 'a%.0s' $(seq 65))
	snapshot
	for id in Alice a/b .. a..b -x "$long65" "" . ../x "al ice" "al:ice" "é"; do
		run_kata learner add -- "$id"
		assert_error
		stderr_has "'$id'"
		assert_unchanged
	done
	[ ! -e learners ]
}

@test "a learner ID of 64 characters is accepted" {
	local long64
	long64=$(printf 'a%.0s' $(seq 64))
	kata_commit learner add "$long64"
	[ -f "learners/$long64/learner.yaml" ]
}

@test "an unknown coach is refused, nothing written" {
	snapshot
	run_kata learner add alice --coach nobody
	assert_error
	stderr_has "nobody"
	assert_unchanged

	run_kata learner add alice --second-coach nobody
	assert_error
	assert_unchanged

	run_kata learner add alice --coach ../x
	assert_error
	assert_unchanged
}

@test "a learner that exists is refused, nothing written" {
	kata learner add alice --name First >/dev/null
	snapshot
	run_kata learner add alice --name Second
	assert_error
	stderr_has "alice"
	assert_unchanged
	[ "$(yaml_get learners/alice/learner.yaml name)" = First ]
}

@test "an invalid email is refused" {
	snapshot
	run_kata learner add alice --email not-an-email
	assert_error
	stderr_has "not-an-email"
	assert_unchanged
}

@test "an email belongs to one person: a second learner with it is refused, nothing written" {
	kata learner add alice --email alice@example.com >/dev/null
	snapshot
	run_kata learner add alice2 --email alice@example.com
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: email 'alice@example.com' is learner 'alice''s already; an email belongs to one person" ] ||
		fail "unexpected: $stderr"
	# mail takes an address in any case
	run_kata learner add alice2 --email Alice@Example.COM
	assert_error
	stderr_has "learner 'alice'"
	run_kata learner add dave --email dave@example.com --email dave@example.com
	assert_error
	stderr_has "given twice"
	assert_unchanged
	# the default learner for alice@example.com is still alice
	export GIT_AUTHOR_EMAIL=alice@example.com
	kata learner add bob --email bob@example.com >/dev/null
	run_kata show --json
	assert_success
	[[ $output == *'"id": "alice"'* ]]
}

@test "an edit that gives a learner another's email is refused at its place" {
	kata learner add alice --email alice@example.com >/dev/null
	kata learner add bob --email bob@example.com >/dev/null
	snapshot
	EDITOR="sed -i 's/bob@example.com/alice@example.com/'" run_kata edit bob
	assert_error
	[[ ${stderr_lines[0]} == "kata: error: learners/bob/learner.yaml:"*": email 'alice@example.com' is learner 'alice''s already; an email belongs to one person;"* ]] ||
		fail "unexpected: $stderr"
	rm -rf .git/kata-edit
	assert_unchanged
	# an edit of the learner's own emails is theirs to make
	EDITOR="sed -i 's/bob@example.com/robert@example.com/'" kata edit bob >/dev/null
	[ "$(yget learners/bob/learner.yaml emails.0)" = robert@example.com ]
}

@test "two learners sharing an email (made by hand): fsck says so, and kata asks which" {
	kata learner add alice --email alice@example.com >/dev/null
	kata learner add bob --email bob@example.com >/dev/null
	sed -i 's/bob@example.com/ALICE@example.com/' learners/bob/learner.yaml
	git commit -q -am "by hand"
	run_kata fsck
	[ "$status" -eq 1 ]
	[[ $output == *"learners/bob/learner.yaml:"*"email 'ALICE@example.com' is learner 'alice''s too; an email belongs to one person"* ]] ||
		fail "fsck: $output"
	# no silent pick of one of them
	export GIT_AUTHOR_EMAIL=alice@example.com
	run_kata show
	[ "$status" -eq 2 ]
	[[ ${stderr_lines[0]} == "kata: error: which learner? 'alice@example.com' is the email of both 'alice' and 'bob'"* ]] ||
		fail "unexpected: $stderr"
}

@test "learner add without an ID is a usage error" {
	run_kata learner add
	assert_usage_error
	run_kata learner
	assert_usage_error
	run_kata learner frob
	assert_usage_error
	stderr_has frob
}

@test "the learner is the only one, else the one whose email is user.email" {
	kata learner add bob >/dev/null
	run_kata show
	assert_success
	assert_line --index 0 bob

	kata learner add alice --email alice@example.com >/dev/null
	run_kata show
	assert_success
	assert_line --index 0 --regexp '^alice'
}

@test "git config kata.learner names the learner" {
	kata learner add alice --email alice@example.com >/dev/null
	kata learner add bob >/dev/null
	git config kata.learner bob
	run_kata show
	assert_success
	assert_line --index 0 bob
}

@test "-l/--learner names the learner, before or after the command" {
	kata learner add alice --email alice@example.com >/dev/null
	kata learner add bob >/dev/null
	run_kata -l bob show
	assert_line --index 0 bob
	run_kata show --learner bob
	assert_line --index 0 bob
	run_kata show bob
	assert_line --index 0 bob
}

@test "with several learners and none matching, the learner is a usage error" {
	kata learner add bob >/dev/null
	kata learner add carol >/dev/null
	run_kata show
	assert_usage_error
	stderr_has "kata.learner"
}

@test "no learners yet: a clear error" {
	run_kata show
	assert_error
	stderr_has "kata learner add"
}

@test "a learner ID that could leave its folder is refused wherever it is given" {
	kata learner add alice >/dev/null
	snapshot
	run_kata show ../../etc
	assert_error
	run_kata -l .. obstacle add "x"
	assert_error
	run_kata show /etc
	assert_error
	git config kata.learner ../alice
	run_kata show
	assert_error
	git config --unset kata.learner
	assert_unchanged
}

@test "an unknown learner is refused" {
	kata learner add alice >/dev/null
	run_kata show bob
	assert_error
	stderr_has "bob"
}
