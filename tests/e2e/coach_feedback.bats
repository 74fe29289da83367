#!/usr/bin/env bats
# kata coach feedback: the second coach's observation of a coaching cycle.

load helper
load coach_helper

setup() {
	kata_setup
	demo_learner
}

@test "feedback: the second coach's note and phases, linked to the last coaching cycle" {
	as_coach
	first_answers | kata coach alice --answers - >/dev/null
	local c
	c=$(files_of coaching)
	as_second_coach
	kata_commit coach feedback -l alice --note "ask for the data before the opinion" \
		--phase 2 --minutes 4 --note "the actual condition was a guess" \
		--phase 5 --minutes 1.5
	output_has "feedback"
	[ "$(author)" = "Carol Second <carol@example.com>" ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = coach-feedback ]
	local f
	f=$(record_of_commit)
	[ -n "$f" ] && [ -f "$f" ]
	[ "$(git show --name-only --format= HEAD)" = "$f" ]
	[ "$(trailer Kata-Record)" = "$(yaml_get "$f" id)" ]
	[ "$(yaml_get "$f" kind)" = feedback ]
	[ "$(yaml_get "$f" learner)" = alice ]
	[ "$(yaml_get "$f" coaching)" = "$(yaml_get "$c" id)" ]
	[ "$(yaml_get "$f" observer)" = "Carol Second" ]
	[ "$(yaml_get "$f" observer_email)" = carol@example.com ]
	[ "$(yaml_get "$f" note)" = "ask for the data before the opinion" ]
	[ "$(yget "$f" phases.0.phase)" = 2 ]
	[ "$(yget "$f" phases.0.minutes)" = 4 ]
	[ "$(yget "$f" phases.0.note)" = "the actual condition was a guess" ]
	[ "$(yget "$f" phases.1.phase)" = 5 ]
	[ "$(yget "$f" phases.1.minutes)" = 1.5 ]
	[ "$(yget "$f" phases.1.note)" = null ]
	[ "$(yget "$f" phases.2)" = null ]
	# the coaching record is not touched
	[ "$(git log --format=%H -- "$c" | wc -l)" -eq 1 ]
	fsck_clean
}

@test "feedback on a given SESSION (an ID prefix); a note alone has no phases" {
	as_coach
	first_answers | kata coach alice --answers - >/dev/null
	local c1 c1id
	c1=$(files_of coaching)
	c1id=$(yaml_get "$c1" id)
	kata coach alice --answers - >/dev/null <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 1 day
	last_step:
	  happened: 20 hours
	  learned: meetings
	obstacle: nobody looks at the review queue
	next_step:
	  step: Review after the stand-up
	  expect: under 4 hours
	see_by: tomorrow
	EOF
	[ "$(files_of coaching | wc -l)" -eq 2 ]
	as_second_coach
	kata_commit coach feedback "${c1id:0:4}" -l alice --note "good questions"
	local f
	f=$(record_of_commit)
	[ "$(yaml_get "$f" coaching)" = "$c1id" ]
	[ "$(yaml_get "$f" phases)" = null ]
	[ "$(author)" = "Carol Second <carol@example.com>" ]

	# by default, the last one
	kata_commit coach feedback -l alice --note "better"
	[ "$(yaml_get "$(record_of_commit)" coaching)" = "$(yaml_get "$(files_of coaching | tail -n 1)" id)" ]

	# a SESSION that is no coaching cycle
	snapshot
	run_kata coach feedback zzzzzz -l alice --note "x"
	assert_error
	assert_unchanged
	fsck_clean
}

@test "feedback refusals: no --note, --minutes before --phase, no coaching cycle yet" {
	as_second_coach
	snapshot
	# no coaching cycle yet
	run_kata coach feedback -l alice --note "nothing to observe"
	assert_error
	stderr_has "no coaching cycle"
	assert_unchanged

	as_coach
	first_answers | kata coach alice --answers - >/dev/null
	as_second_coach
	snapshot
	run_kata coach feedback -l alice
	assert_usage_error
	stderr_has "--note"
	run_kata coach feedback -l alice --phase 2 --note "only a phase note"
	assert_usage_error
	stderr_has "--note"
	run_kata coach feedback -l alice --minutes 4 --phase 2 --note x
	assert_usage_error
	stderr_has "--minutes"
	run_kata coach feedback -l alice --note x --phase 0
	assert_usage_error
	run_kata coach feedback -l alice --note x --phase 2 --minutes many
	assert_error
	stderr_has "many"
	run_kata coach feedback -l alice --note x --phase 2 --note a --note b
	assert_usage_error
	assert_unchanged
}
