#!/usr/bin/env bats
# kata coach feedback: the second coach's observation of a coaching cycle.

load helper
load coach_helper

PTY=$BATS_TEST_DIRNAME/coach_pty.py

setup() {
	kata_setup
	demo_learner
}

# The team around alice: bob her coach, carol her second coach, each a
# learner of the repository; dave, whom carol observes too, with $1.
team() {
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	kata learner add carol --name "Carol Second" --email carol@example.com >/dev/null
	python3 - learners/alice/learner.yaml <<-'EOF'
	import sys
	p = sys.argv[1]
	text = open(p, encoding="utf-8").read()
	text = text.replace("process:", "coach: bob\nsecond_coach: carol\nprocess:", 1)
	open(p, "w", encoding="utf-8").write(text)
	EOF
	git commit -q -am "alice: coached by bob, observed by carol"
	if [[ ${1:-} == dave ]]; then
		kata learner add dave --name "Dave Example" --email dave@example.com \
			--coach bob --second-coach carol >/dev/null
		kata start -l dave --challenge "Ship every change the day it is written" \
			--target "Builds under 10 minutes" --by 2026-12-20 --metric review_wait >/dev/null
	fi
}

# A first coaching cycle of a learner ($1, alice by default) by bob.
cycle_of() {
	as_coach
	first_answers | kata coach "${1:-alice}" --answers - >/dev/null
}

# The feedback records of a learner's newest target (or of the folder $1).
feedback_files() {
	find "${1:-$(target_dir)}/feedback" -name '*.yaml' 2>/dev/null | sort
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

@test "feedback: without -l, the learner the second coach observes" {
	team
	cycle_of
	as_second_coach
	# before, carol's own storyboard (her email) was the default
	kata_commit coach feedback --note "the data came first"
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(yaml_get "$(record_of_commit)" coaching)" = "$(yaml_get "$(files_of coaching)" id)" ]
	[ "$output" = "alice: feedback $(trailer Kata-Record | cut -c1-4) recorded for the coach" ]
	fsck_clean
}

@test "feedback: a second coach of several learners names one, or SESSION tells whose" {
	team dave
	cycle_of alice
	cycle_of dave
	local dcycle
	dcycle=$(yaml_get "$(find learners/dave -path '*/coaching/*.yaml')" id)
	as_second_coach
	snapshot
	run_kata coach feedback --note "x" </dev/null
	assert_usage_error
	stderr_has "carol is the second coach of alice, dave: name one (-l ID)"
	assert_unchanged
	# a SESSION of one of them says whose it is
	kata_commit coach feedback "${dcycle:0:6}" --note "calm questions"
	[ "$(trailer Kata-Learner)" = dave ]
	[ "$(yaml_get "$(record_of_commit)" coaching)" = "$dcycle" ]
	# -l, or the learner as the operand
	kata_commit coach feedback -l alice --note "good"
	[ "$(trailer Kata-Learner)" = alice ]
	kata_commit coach feedback dave --note "good"
	[ "$(trailer Kata-Learner)" = dave ]
	# a SESSION of none of them
	snapshot
	run_kata coach feedback zzzzzz --note "x" </dev/null
	assert_usage_error
	stderr_has "alice, dave"
	assert_unchanged
}

@test "feedback: someone who observes nobody is told to name the learner" {
	team
	cycle_of
	as_coach    # bob: a learner of the repository, second coach of no one
	snapshot
	run_kata coach feedback --note "x"
	assert_usage_error
	stderr_has "bob is the second coach of no learner: name the learner observed (-l ID)"
	assert_unchanged
	# someone who is no learner of the repository: the default learner, as
	# for every command (here: none, of three)
	export GIT_AUTHOR_NAME="Visitor" GIT_AUTHOR_EMAIL=visitor@example.com
	run_kata coach feedback --note "x"
	assert_usage_error
	stderr_has "which learner? name one (-l ID)"
	assert_unchanged
	kata_commit coach feedback -l alice --note "x"
	[ "$(author)" = "Visitor <visitor@example.com>" ]
}

@test "feedback at a terminal: a second coach of several is asked whose cycle it was" {
	team dave
	cycle_of alice
	cycle_of dave
	as_second_coach
	local wait=10
	[[ -z ${KATA_TEST_WRAPPER:-} ]] || wait=120
	local -x KATA_PTY_TIMEOUT=${KATA_PTY_TIMEOUT:-$wait}
	local before
	before=$(commits)
	# shellcheck disable=SC2086
	run --separate-stderr python3 "$PTY" \
		"expect:carol is the second coach of:" "expect:2  dave  Dave Example" \
		"expect:Whose coaching cycle did you observe?" "expect:> " "send:3\\r" \
		"expect:(a number from 1 to 2, or one of the IDs)" "expect:> " "send:2\\r" \
		-- ${KATA_TEST_WRAPPER:-} "$KATA" coach feedback --note "calm questions"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output == *"dave: feedback "*" recorded for the coach"* ]]
	[ "$(commits)" -eq $((before + 1)) ]
	repo_clean
	[ "$(trailer Kata-Learner)" = dave ]

	# end of input at the question: nothing written
	snapshot
	# shellcheck disable=SC2086
	run --separate-stderr python3 "$PTY" \
		"expect:Whose coaching cycle did you observe?" "expect:> " "send:\\x04" \
		-- ${KATA_TEST_WRAPPER:-} "$KATA" coach feedback --note "calm questions"
	[ "$status" -eq 1 ] || fail "exit status $status: $output"
	[[ $output == *"kata: error: end of input; nothing saved"* ]]
	assert_unchanged

	# Ctrl-C at the question: nothing written either
	# shellcheck disable=SC2086
	run --separate-stderr python3 "$PTY" \
		"expect:Whose coaching cycle did you observe?" "expect:> " "send:\x03" \
		-- ${KATA_TEST_WRAPPER:-} "$KATA" coach feedback --note "calm questions"
	[ "$status" -eq 1 ] || fail "exit status $status: $output"
	[[ $output == *"kata: error: interrupted; nothing saved"* ]]
	assert_unchanged
}

@test "feedback: the operand is a learner's ID or name, else a SESSION; with -l, a SESSION" {
	team
	cycle_of
	local c
	c=$(yaml_get "$(files_of coaching)" id)
	as_second_coach
	kata_commit coach feedback alice --note "by ID"
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(yaml_get "$(record_of_commit)" coaching)" = "$c" ]
	kata_commit coach feedback "Alice Example" --note "by name"
	[ "$(trailer Kata-Learner)" = alice ]
	kata_commit coach feedback "${c:0:4}" --note "by session"
	[ "$(yaml_get "$(record_of_commit)" coaching)" = "$c" ]

	# a learner whose ID is also the start of a cycle's ID: the learner
	# wins; with -l, the operand is the cycle
	kata learner add dave --second-coach carol >/dev/null
	local t f
	t=$(yaml_get "$(target_file)" id)
	f=$(target_dir)/coaching/0002-dave000001.yaml
	cat >"$f" <<-EOF
	kind: coaching
	id: dave000001
	target: $t
	learner: alice
	coach: Bob Coach
	at: '2026-11-21T09:30:00Z'
	questions: coaching-kata
	answers: {}
	EOF
	git add "$f"
	git commit -q -m "a cycle by hand"
	snapshot
	run_kata coach feedback dave --note "x"
	assert_error
	stderr_has "dave has no coaching cycle yet"
	assert_unchanged
	kata_commit coach feedback -l alice dave --note "the cycle by hand"
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(yaml_get "$(record_of_commit)" coaching)" = dave000001 ]
	fsck_clean
}

@test "feedback: --phase is a question of the set in use, by number or key, once" {
	cycle_of
	as_second_coach
	snapshot
	run_kata coach feedback -l alice --note x --phase 9
	assert_usage_error
	stderr_has "invalid phase '9': the phases are the questions of 'coaching-kata': 1 target, 2 actual, 3 measure, 4 last_step, 5 obstacle, 6 next_step, 7 see_by, 8 note"
	run_kata coach feedback -l alice --note x --phase challenge
	assert_usage_error
	stderr_has "invalid phase 'challenge'"
	run_kata coach feedback -l alice --note x --phase 2 --minutes 3 --phase 5 --phase actual
	assert_usage_error
	stderr_has "phase 2 (actual) is given twice"
	run_kata coach feedback -l alice --note x --phase 2 --minutes 3 --minutes 4
	assert_usage_error
	stderr_has "phase 2 has its minutes already"
	assert_unchanged

	kata_commit coach feedback -l alice --note x --phase actual --minutes 3 --phase 6
	local f
	f=$(record_of_commit)
	[ "$(yget "$f" phases.0.phase)" = 2 ]
	[ "$(yget "$f" phases.0.question)" = actual ]
	[ "$(yget "$f" phases.1.phase)" = 6 ]
	[ "$(yget "$f" phases.1.question)" = next_step ]
}

@test "feedback: --phase against a repository's own question set" {
	{
		printf 'kind: questions\nid: ours\nsource: us\nquestions:\n'
		our_reflection
		our_plan
	} | own_questions
	as_coach
	kata coach alice --answers - >/dev/null <<-'EOF'
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair on the oldest review
	  expect: under 1 day
	see_by: tomorrow
	EOF
	as_second_coach
	snapshot
	run_kata coach feedback -l alice --note x --phase 5
	assert_usage_error
	stderr_has "invalid phase '5': the phases are the questions of 'ours': 1 last_step, 2 obstacle, 3 next_step, 4 see_by"
	run_kata coach feedback -l alice --note x --phase actual
	assert_usage_error
	assert_unchanged
	kata_commit coach feedback -l alice --note x --phase 4 --minutes 1
	[ "$(yget "$(record_of_commit)" phases.0.question)" = see_by ]
}

@test "feedback: --minutes more than 0 and at most 120" {
	cycle_of
	as_second_coach
	snapshot
	local m
	for m in 0 0.0 -3 121 120.5 1e3; do
		run_kata coach feedback -l alice --note x --phase 2 --minutes "$m"
		assert_error
		stderr_has "invalid minutes '$m': more than 0 and at most 120 for a phase"
	done
	run_kata coach feedback -l alice --note x --phase 2 --minutes many
	assert_error
	stderr_has "invalid minutes 'many'"
	assert_unchanged
	kata_commit coach feedback -l alice --note x --phase 2 --minutes 120 --phase 3 --minutes 0.5
	[ "$(yget "$(record_of_commit)" phases.0.minutes)" = 120 ]
	[ "$(yget "$(record_of_commit)" phases.1.minutes)" = 0.5 ]
}

@test "feedback on a cycle of an ended target: found by its ID, written beside it" {
	cycle_of
	local old c1
	old=$(target_dir)
	c1=$(yaml_get "$(files_of coaching)" id)
	# alice ends that target and starts the next, with a cycle of its own
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
	kata step done --happened "20 hours" --learned "meetings" >/dev/null
	kata target done >/dev/null
	kata start --challenge "Ship every change the day it is written" \
		--target "Review wait under 2 hours" --by 2027-01-20 --metric review_wait >/dev/null
	[ "$(target_dir)" != "$old" ]
	cycle_of
	as_second_coach
	kata_commit coach feedback -l alice "${c1:0:4}" --note "seen at the old board" \
		--phase 2 --minutes 5
	local f
	f=$(record_of_commit)
	[ "$(dirname "$f")" = "$old/feedback" ]
	[ "$(yaml_get "$f" coaching)" = "$c1" ]
	[ "$(yaml_get "$f" target)" = "$(yaml_get "$old/target.yaml" id)" ]
	[ "$(trailer Kata-Target)" = "$(yaml_get "$old/target.yaml" id)" ]
	[ -z "$(feedback_files)" ]
	# by default, the last cycle of the newest target
	kata_commit coach feedback -l alice --note "today's"
	[ "$(dirname "$(record_of_commit)")" = "$(target_dir)/feedback" ]
	fsck_clean
}

@test "feedback in kata show: the cycle it observed with its date and coach, the phases" {
	cycle_of
	local c
	c=$(yaml_get "$(files_of coaching)" id)
	as_second_coach
	kata coach feedback -l alice --note "ask for the data before the opinion" \
		--phase 2 --minutes 4 --note "the actual condition was a guess" \
		--phase see_by --minutes 1.5 >/dev/null
	local fid
	fid=$(trailer Kata-Record)
	run_kata show alice
	[ "$status" -eq 0 ]
	output_has "SECOND COACH'S FEEDBACK"
	output_has "  ${fid:0:4}  2026-11-21  Carol Second on cycle ${c:0:4} (2026-11-21, Bob Coach)"
	output_has "      ask for the data before the opinion"
	output_has "      phase 2 actual, 4 min: the actual condition was a guess"
	output_has "      phase 7 see_by, 1.5 min"
	# no feedback, no section
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
	kata step done --happened h --learned l >/dev/null
	kata target done >/dev/null
	kata start --challenge c --target "next" --by 2027-01-20 >/dev/null
	run_kata show alice
	[ "$status" -eq 0 ]
	[[ $output != *"FEEDBACK"* ]]
}

@test "feedback in kata show --json: a list of records, beside SPEC's keys" {
	cycle_of
	as_second_coach
	kata coach feedback -l alice --note "n" --phase 2 --minutes 4 --note "p" >/dev/null
	local fid
	fid=$(trailer Kata-Record)
	run_kata show alice --json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/show.json"
	python3 - "$fid" "$BATS_TEST_TMPDIR/show.json" <<-'EOF' || fail "kata show --json: $output"
	import json, sys
	d = json.load(open(sys.argv[2]))
	assert list(d) == ["learner", "target", "obstacles", "steps", "measures",
	                   "coaching", "feedback"], list(d)
	fb = d["feedback"]
	assert len(fb) == 1, fb
	f = fb[0]
	assert f["kind"] == "feedback" and f["id"] == sys.argv[1], f
	assert f["coaching"] == d["coaching"][0]["id"], f
	assert f["observer"] == "Carol Second" and f["learner"] == "alice", f
	assert f["note"] == "n", f
	assert f["phases"] == [{"phase": 2, "question": "actual", "minutes": 4, "note": "p"}], f
	EOF
	# a learner without a target: the lists are there, empty
	kata learner add bob >/dev/null
	run_kata show bob --json
	[ "$status" -eq 0 ]
	python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["target"] is None and d["feedback"] == [], d' <<<"$output"
}

@test "feedback in kata log: its own action, by the observer" {
	cycle_of
	as_second_coach
	kata coach feedback -l alice --note "n" >/dev/null
	run_kata log --json -n 1
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
e = json.load(sys.stdin)[0]
assert e["action"] == "coach-feedback", e
assert e["author"].startswith("Carol Second"), e
assert e["learner"] == "alice", e
' <<<"$output"
	run_kata log -n 1
	output_has "coach-feedback"
	output_has "by Carol Second"
}
