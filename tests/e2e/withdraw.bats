#!/usr/bin/env bats
# kata withdraw: a step, obstacle or measure made by mistake leaves the
# storyboard and the rules, and history keeps it with the reason.

load helper

setup() {
	kata_setup
	demo_learner
}

@test "a withdrawn measure leaves the run chart; git log and kata log keep why" {
	kata measure review_wait 30 >/dev/null
	kata measure review_wait 300 >/dev/null
	local id f
	id=$(trailer Kata-Record)
	f=$(record_file "$(target_dir)/measures" "${id:0:4}")
	run_kata show
	output_has "30 -> 300 h"
	kata_commit withdraw "${id:0:4}" --reason "300 was a typo for 30"
	assert_output "alice: measure ${id:0:4} withdrawn"
	[ ! -e "$f" ]
	[ "$(git log -1 --format=%s)" = "alice: measure ${id:0:4} withdrawn: 300 was a typo for 30" ]
	git log -1 --format=%b | grep -qxF "Reason: 300 was a typo for 30"
	[ "$(trailer Kata-Action)" = withdraw ]
	[ "$(trailer Kata-Record)" = "$id" ]
	# the record itself is in history
	git show HEAD~1:"$f" | grep -qx "value: 300"
	run_kata show
	refute_output --partial "300"
	output_has "(1 value)"
	run_kata show --json
	[ "$(python3 -c 'import json, sys; print(len(json.loads(sys.argv[1])["measures"]))' "$output")" = 1 ]
	run_kata log -n 1 --action withdraw
	assert_output --partial "withdraw       alice      alice: measure ${id:0:4} withdrawn: 300 was a typo for 30"
	fsck_clean
}

@test "a withdrawn open step no longer blocks the next step" {
	kata step "Move the bin" --expect "reach it" >/dev/null
	local id
	id=$(trailer Kata-Record)
	run_kata step "Another" --expect "x"
	assert_error
	kata_commit withdraw "${id:0:4}" --reason "meant for Bob's storyboard"
	assert_output "alice: step #1 ${id:0:4} withdrawn; plan the next one with 'kata step TEXT --expect TEXT'"
	run_kata show
	refute_output --partial "Move the bin"
	kata_commit step "Pair on the oldest review" --expect "wait under 1 day"
	output_has "#1"
	# undone, the withdrawal is refused: the new step stands on it
	run_kata undo HEAD~1
	assert_error
	stderr_has "a later change to alice's records is not undone"
	fsck_clean
}

@test "a withdrawn reflected step leaves the PDCA record, the open one stays open" {
	kata step "s1" --expect e1 >/dev/null
	local s1
	s1=$(trailer Kata-Record)
	kata step done --happened h1 --learned l1 >/dev/null
	kata step "s2" --expect e2 >/dev/null
	kata_commit withdraw "${s1:0:4}" --reason "s1 was a test"
	assert_output "alice: step #1 ${s1:0:4} withdrawn"
	run_kata show
	refute_output --partial "s1"
	output_has "#1 "
	output_has "s2"
	# s2 is still open: the reflection is still asked for
	run_kata step "s3" --expect e3
	assert_error
	kata_commit step done --happened h2 --learned l2
}

@test "a withdrawn focus obstacle leaves no focus; one a step works on is refused" {
	kata obstacle add "first" >/dev/null
	local a b
	a=$(trailer Kata-Record)
	kata obstacle add "second" >/dev/null
	b=$(trailer Kata-Record)
	kata obstacle focus "${a:0:4}" >/dev/null
	kata_commit withdraw "${a:0:4}" --reason "the same as the second"
	assert_output "alice: obstacle ${a:0:4} withdrawn; nothing is in focus now ('kata obstacle focus ID')"
	[ "$(yaml_get "$(target_file)" focus)" = null ]
	run_kata show
	refute_output --partial "first"
	git log -1 --format=%b | grep -qxF "Withdrawn: obstacle $a 'first', which was in focus"

	kata obstacle focus "${b:0:4}" >/dev/null
	kata step "Try it" --expect "less" >/dev/null
	snapshot
	run_kata withdraw "${b:0:4}" --reason "r"
	assert_error
	stderr_has "obstacle ${b:0:4} cannot be withdrawn: step #1 ("
	stderr_has "withdraw that step first, or close the obstacle"
	assert_unchanged
}

@test "undo of a withdrawal brings the record back" {
	kata obstacle add "first" >/dev/null
	local a
	a=$(trailer Kata-Record)
	kata withdraw "${a:0:4}" --reason "oops" >/dev/null
	kata_commit undo
	[ "$(obstacle_ids)" = "${a:0:4}" ]
}

@test "what withdraw refuses: no reason, a coaching cycle, the target, an unknown ID" {
	kata obstacle add "first" >/dev/null
	local a t
	a=$(trailer Kata-Record)
	t=$(yaml_get "$(target_file)" id)
	snapshot
	run_kata withdraw "${a:0:4}"
	assert_usage_error
	stderr_has "missing --reason TEXT"
	run_kata withdraw --reason "r"
	assert_usage_error
	stderr_has "missing record ID"
	run_kata withdraw "${a:0:4}" "${a:0:4}" --reason r
	assert_usage_error
	run_kata withdraw "${a:0:4}" --reason ""
	assert_error
	stderr_has "reason"
	run_kata withdraw "${t:0:4}" --reason r
	assert_error
	stderr_has "target condition ${t:0:4} is not withdrawn; end it with 'kata target abandon"
	run_kata withdraw zzzz --reason r
	assert_error
	stderr_has "no record 'zzzz' in alice's target condition"
	assert_unchanged
	run_kata withdraw -h
	assert_success
	assert_line -n 0 "usage: kata withdraw ID --reason TEXT"
}

@test "a coaching cycle is not withdrawn: its commit is undone" {
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com \
		kata coach alice --answers - >/dev/null <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair on the oldest review each morning
	  expect: the oldest review under 1 day
	see_by: tomorrow 10:00
	EOF
	local c
	c=$(trailer Kata-Record)
	snapshot
	run_kata withdraw "${c:0:4}" --reason r
	assert_error
	stderr_has "coaching ${c:0:4} is not withdrawn"
	stderr_has "kata undo COMMIT"
	assert_unchanged
}
