#!/usr/bin/env bats
# kata coach: the Coaching Kata's cycle, from an answers file (or standard
# input) and at a real terminal (through coach_pty.py and a pseudo-terminal),
# Ctrl-C and end of input saving nothing; kata coach feedback, the second
# coach's observation.

load helper

PTY=$BATS_TEST_DIRNAME/coach_pty.py

setup() {
	kata_setup
	demo_learner
}

# The coach and the second coach: other people than the learner.
as_coach() {
	export GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com
}

as_second_coach() {
	export GIT_AUTHOR_NAME="Carol Second" GIT_AUTHOR_EMAIL=carol@example.com
}

# The author of the last commit, "Name <email>".
author() {
	git log -1 --format='%an <%ae>'
}

# The files of a kind of record of alice's target, oldest first.
files_of() {
	find "$(target_dir)/$1" -name '*.yaml' 2>/dev/null | sort
}

# The record the last commit's Kata-Record trailer names.
record_of_commit() {
	local id
	id=$(trailer Kata-Record)
	find learners -name "*-$id.yaml"
}

# The answers of a learner's first cycle (no last_step).
first_answers() {
	cat <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days, the oldest 5
	measure: 30
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair on the oldest review each morning
	  expect: the oldest review under 1 day
	see_by: tomorrow 10:00
	note: good first cycle
	EOF
}

# ---- the cycle from an answers file ----

@test "a first cycle from --answers FILE: one commit by the coach, step, obstacle, measure, record" {
	first_answers >"$BATS_TEST_TMPDIR/answers.yaml"
	as_coach
	local before
	before=$(commits)
	kata_commit coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	output_has "coaching cycle"
	output_has "step #1 planned"
	[ "$(commits)" -eq $((before + 1)) ]
	[ "$(author)" = "Bob Coach <bob@example.com>" ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = coach ]
	[ "$(trailer Kata-Target)" = "$(yaml_get "$(target_file)" id)" ]

	# the obstacle: added, and in focus
	[ "$(files_of obstacles | wc -l)" -eq 1 ]
	local o oid
	o=$(files_of obstacles)
	oid=$(yaml_get "$o" id)
	[ "$(yaml_get "$o" text)" = "nobody looks at the review queue" ]
	[ "$(yaml_get "$o" status)" = open ]
	[ "$(yaml_get "$(target_file)" focus)" = "$oid" ]

	# the step: planned with its expectation, on the obstacle, see_by from KATA_NOW
	[ "$(files_of steps | wc -l)" -eq 1 ]
	local s sid
	s=$(files_of steps)
	sid=$(yaml_get "$s" id)
	[ "$(yaml_get "$s" step)" = "Pair on the oldest review each morning" ]
	[ "$(yaml_get "$s" expect)" = "the oldest review under 1 day" ]
	[ "$(yaml_get "$s" status)" = open ]
	[ "$(yaml_get "$s" obstacle)" = "$oid" ]
	[[ $(yaml_get "$s" see_by) == 2026-11-22T10:00* ]]
	[[ $(yaml_get "$s" planned) == 2026-11-21T09:00* ]]

	# the measure, of the target's metric
	[ "$(files_of measures | wc -l)" -eq 1 ]
	local m
	m=$(files_of measures)
	[ "$(yaml_get "$m" metric)" = review_wait ]
	[ "$(yaml_get "$m" value)" = 30 ]

	# the coaching record keeps every answer, and names what the cycle did
	[ "$(files_of coaching | wc -l)" -eq 1 ]
	local c
	c=$(files_of coaching)
	[ "$(record_of_commit)" = "$c" ]
	[ "$(trailer Kata-Record)" = "$(yaml_get "$c" id)" ]
	[ "$(yaml_get "$c" kind)" = coaching ]
	[ "$(yaml_get "$c" learner)" = alice ]
	[ "$(yaml_get "$c" coach)" = "Bob Coach" ]
	[ "$(yaml_get "$c" coach_email)" = bob@example.com ]
	[ "$(yaml_get "$c" questions)" = coaching-kata ]
	[ "$(yaml_get "$c" obstacle)" = "$oid" ]
	[ "$(yaml_get "$c" step_planned)" = "$sid" ]
	[ "$(yaml_get "$c" measure)" = "$(yaml_get "$m" id)" ]
	[ "$(yaml_get "$c" step_reflected)" = null ]
	[ "$(yget "$c" answers.target)" = "Review wait under 4 hours" ]
	[ "$(yget "$c" answers.actual)" = "Reviews wait 2 days, the oldest 5" ]
	[ "$(yget "$c" answers.measure)" = 30 ]
	[ "$(yget "$c" answers.obstacle)" = "nobody looks at the review queue" ]
	[ "$(yget "$c" answers.next_step.step)" = "Pair on the oldest review each morning" ]
	[ "$(yget "$c" answers.next_step.expect)" = "the oldest review under 1 day" ]
	[ "$(yget "$c" answers.see_by)" = "tomorrow 10:00" ]
	[ "$(yget "$c" answers.note)" = "good first cycle" ]

	# all of it in that one commit
	[ "$(git show --name-only --format= HEAD | sort)" = "$(printf '%s\n' "$c" "$m" "$o" "$s" "$(target_file)" | sort)" ]
	fsck_clean
}

@test "--answers - reads the answers from standard input" {
	as_coach
	first_answers >"$BATS_TEST_TMPDIR/answers.yaml"
	kata_commit coach -l alice --answers - <"$BATS_TEST_TMPDIR/answers.yaml"
	[ "$(author)" = "Bob Coach <bob@example.com>" ]
	[ "$(trailer Kata-Action)" = coach ]
	[ "$(yget "$(files_of coaching)" answers.note)" = "good first cycle" ]
	[ "$(yaml_get "$(files_of steps)" expect)" = "the oldest review under 1 day" ]
	fsck_clean
}

@test "the optional answers may be left out" {
	as_coach
	kata_commit coach alice --answers - <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: the oldest review under 1 day
	see_by: 2026-11-23
	EOF
	[ -z "$(files_of measures)" ]
	local c
	c=$(files_of coaching)
	[ "$(yget "$c" answers.note)" = null ]
	[ "$(yget "$c" answers.measure)" = null ]
	[ "$(yget "$c" measure)" = null ]
	[[ $(yaml_get "$(files_of steps)" see_by) == 2026-11-23* ]]
	fsck_clean
}

@test "a second cycle reflects on the open step, closes it and plans the next, obstacle by ID prefix" {
	as_coach
	first_answers | kata coach alice --answers - >/dev/null
	kata obstacle add "reviewers are in meetings all morning" >/dev/null
	local s1 o2 o2id
	s1=$(files_of steps)
	o2=$(files_of obstacles | tail -n 1)
	o2id=$(yaml_get "$o2" id)
	[ "$(yaml_get "$o2" text)" = "reviewers are in meetings all morning" ]

	kata_commit coach alice --answers - <<-EOF
	target: Review wait under 4 hours
	actual: Reviews wait 1 day
	last_step:
	  happened: the oldest waited 20 hours
	  learned: mornings are full of meetings
	obstacle: ${o2id:0:4}
	next_step:
	  step: Review right after the stand-up
	  expect: the oldest review under 4 hours
	see_by: +2d 14:00
	EOF
	output_has "step #2 planned"
	[ "$(author)" = "Bob Coach <bob@example.com>" ]
	[ "$(trailer Kata-Action)" = coach ]

	# the open step is closed with the reflection
	[ "$(yaml_get "$s1" status)" = "done" ]
	[ "$(yaml_get "$s1" happened)" = "the oldest waited 20 hours" ]
	[ "$(yaml_get "$s1" learned)" = "mornings are full of meetings" ]
	[[ $(yaml_get "$s1" "done") == 2026-11-21T09:00* ]]

	# the prefix named the existing obstacle: no new one, and it is in focus
	[ "$(files_of obstacles | wc -l)" -eq 2 ]
	[ "$(yaml_get "$(target_file)" focus)" = "$o2id" ]

	# step #2, on that obstacle
	[ "$(files_of steps | wc -l)" -eq 2 ]
	local s2 c
	s2=$(files_of steps | tail -n 1)
	[ "$(yaml_get "$s2" step)" = "Review right after the stand-up" ]
	[ "$(yaml_get "$s2" status)" = open ]
	[ "$(yaml_get "$s2" obstacle)" = "$o2id" ]
	[[ $(yaml_get "$s2" see_by) == 2026-11-23T14:00* ]]

	c=$(files_of coaching | tail -n 1)
	[ "$(record_of_commit)" = "$c" ]
	[ "$(yaml_get "$c" step_reflected)" = "$(yaml_get "$s1" id)" ]
	[ "$(yaml_get "$c" step_planned)" = "$(yaml_get "$s2" id)" ]
	[ "$(yget "$c" answers.last_step.happened)" = "the oldest waited 20 hours" ]
	[ "$(yget "$c" answers.last_step.learned)" = "mornings are full of meetings" ]
	[ "$(yget "$c" answers.obstacle)" = "${o2id:0:4}" ]
	fsck_clean
}

# ---- refusals of an answers file: exit 1, nothing written ----

# Runs kata coach alice --answers FILE with the YAML on stdin written to
# FILE; expects a refusal, one error line, nothing written.
refused() {
	cat >"$BATS_TEST_TMPDIR/bad.yaml"
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/bad.yaml"
	assert_error
	assert_unchanged
	repo_clean
}

@test "an unknown key is refused with file:line:col, nothing written" {
	as_coach
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	colour: red
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "$BATS_TEST_TMPDIR/bad.yaml:4:1: "
	stderr_has "unknown answer 'colour'"

	# and in a compound answer
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	  why: because
	see_by: tomorrow
	EOF
	stderr_has "$BATS_TEST_TMPDIR/bad.yaml:7:3: "
	stderr_has "'next_step.why'"
}

@test "a missing required answer is refused, naming it, nothing written" {
	as_coach
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	see_by: tomorrow
	EOF
	stderr_has "bad.yaml:"
	stderr_has "missing answer 'next_step'"

	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	see_by: tomorrow
	EOF
	stderr_has "missing answer 'next_step.expect'"

	refused <<-'EOF'
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "missing answer 'target'"

	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: ""
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "bad.yaml:3:"
	stderr_has "'obstacle'"
}

@test "a bad see_by (WHEN) or measure is refused with its position, nothing written" {
	as_coach
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: whenever
	EOF
	stderr_has "bad.yaml:7:9: "
	stderr_has "'whenever'"

	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	measure: a lot
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "bad.yaml:3:10: "
	stderr_has "measure"
}

@test "last_step on a first cycle is refused; a second cycle without it too" {
	as_coach
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	last_step:
	  happened: nothing yet
	  learned: nothing yet
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "bad.yaml:3:1: "
	stderr_has "no open step to reflect on"

	first_answers | kata coach alice --answers - >/dev/null
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 1 day
	obstacle: nobody looks at the review queue
	next_step:
	  step: Review after the stand-up
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "missing answer 'last_step'"
	# the open step stays open
	[ "$(yaml_get "$(files_of steps)" status)" = open ]
}

@test "malformed answers are refused with file:line:col, nothing written" {
	as_coach
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	next_step: [Pair each morning
	see_by: tomorrow
	EOF
	[[ ${stderr_lines[0]} =~ bad\.yaml:[0-9]+:[0-9]+:\  ]] ||
		fail "no file:line:col in: $stderr"

	refused <<-'EOF'
	- target
	- actual
	EOF
	stderr_has "bad.yaml:1:1: "

	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step: Pair each morning
	see_by: tomorrow
	EOF
	stderr_has "bad.yaml:4:"
	stderr_has "next_step"

	# a file that is not there
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/absent.yaml"
	assert_error
	stderr_has "absent.yaml"
	assert_unchanged

	# an empty standard input
	run_kata coach alice --answers - </dev/null
	[ "$status" -eq 1 ]
	assert_one_error_line
	stderr_has "<stdin>"
	assert_unchanged
}

@test "no terminal and no --answers is a usage error; other usage errors" {
	snapshot
	run_kata coach alice </dev/null
	assert_usage_error
	stderr_has "--answers"
	run_kata coach alice bob --answers -
	assert_usage_error
	run_kata coach alice --answers
	assert_usage_error
	run_kata coach alice --frobnicate
	assert_usage_error
	assert_unchanged
}

@test "a cycle for a learner with no active target condition is refused" {
	kata learner add dave --name "Dave" >/dev/null
	first_answers >"$BATS_TEST_TMPDIR/answers.yaml"
	snapshot
	run_kata coach dave --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	assert_unchanged
}

# ---- a repository's own question set ----

# kata.yaml names questions/ours.yaml (committed with git), which is $1.
own_questions() {
	mkdir -p questions
	cat >questions/ours.yaml
	printf 'questions: questions/ours.yaml\n' >>kata.yaml
	git add kata.yaml questions/ours.yaml
	git commit -q -m "our own question set"
}

@test "a repository's own question set: an extra question is asked, and kept in the record" {
	own_questions <<-'EOF'
	kind: questions
	id: ours
	name: Our five questions, with the challenge first
	source: our team, after Mike Rother's card
	questions:
	- key: challenge
	  ask: What is the challenge?
	  required: true
	- key: target
	  ask: Where do you want to be next?
	  required: true
	- key: actual
	  ask: Where are you now?
	  required: true
	- key: last_step
	  ask: Your last step?
	  first_cycle: skip
	  required: true
	  parts:
	  - key: happened
	    ask: What happened?
	  - key: learned
	    ask: What did you learn?
	- key: obstacle
	  ask: Which obstacle now?
	  required: true
	- key: next_step
	  ask: Next step?
	  required: true
	  parts:
	  - key: step
	    ask: What will you do?
	  - key: expect
	    ask: What do you expect?
	- key: see_by
	  ask: When do we look?
	  required: true
	EOF
	as_coach
	# the extra question is required in this set
	refused <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	stderr_has "missing answer 'challenge' (What is the challenge?)"
	# the shipped set's keys that this one does not ask are unknown here
	refused <<-'EOF'
	challenge: ship every change the day it is written
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	note: a note
	EOF
	stderr_has "unknown answer 'note'"

	kata_commit coach alice --answers - <<-'EOF'
	challenge: ship every change the day it is written
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair each morning
	  expect: faster
	see_by: tomorrow
	EOF
	local c
	c=$(files_of coaching)
	[ "$(yaml_get "$c" questions)" = ours ]
	[ "$(yget "$c" answers.challenge)" = "ship every change the day it is written" ]
	[ "$(yget "$c" answers.next_step.step)" = "Pair each morning" ]
	[ "$(yaml_get "$(files_of steps)" step)" = "Pair each morning" ]
	fsck_clean
}

@test "a malformed question set named in kata.yaml is refused with path:line:col" {
	own_questions <<-'EOF'
	kind: questions
	id: ours
	source: our team
	questions:
	- key: target
	  asks: Where do you want to be next?
	- key: next_step
	  ask: Next step?
	EOF
	as_coach
	first_answers >"$BATS_TEST_TMPDIR/answers.yaml"
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	stderr_has "kata: error: questions/ours.yaml:6:3: "
	stderr_has "'asks'"
	assert_unchanged

	# not YAML at all
	printf 'kind: questions\nquestions: [\n' >questions/ours.yaml
	git commit -q -am "broken"
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	[[ ${stderr_lines[0]} =~ ^kata:\ error:\ questions/ours\.yaml:[0-9]+:[0-9]+:\  ]] ||
		fail "no path:line:col in: $stderr"
	assert_unchanged

	# a file that is not there
	git rm -q questions/ours.yaml
	git commit -q -m "gone"
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	stderr_has "questions/ours.yaml"
	assert_unchanged
}

# ---- kata coach feedback ----

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

# ---- the interactive cycle, through a pseudo-terminal ----

# Runs `kata coach alice` at a terminal: the arguments are coach_pty.py's
# steps. The terminal's output (stdout and stderr of kata) is in $output.
pty_coach() {
	# under a wrapper such as valgrind, kata is slower to answer
	local wait=10
	[[ -z ${KATA_TEST_WRAPPER:-} ]] || wait=120
	local -x KATA_PTY_TIMEOUT=${KATA_PTY_TIMEOUT:-$wait}
	# shellcheck disable=SC2086
	run --separate-stderr python3 "$PTY" "$@" -- ${KATA_TEST_WRAPPER:-} "$KATA" coach alice
	if ((status == 124)); then
		printf '%s\n' "$output" >&2
		fail "the terminal session hung: $stderr"
		return 1
	fi
	if ((status > 128)); then
		printf '%s\n' "$output" >&2
		fail "kata coach crashed: exit status $status"
		return 1
	fi
	if [[ -n ${KATA_TEST_WRAPPER:-} && $status -eq $KATA_TEST_WRAPPER_STATUS ]]; then
		printf '%s\n' "$output" >&2
		fail "kata coach: the wrapper (${KATA_TEST_WRAPPER}) reported an error"
		return 1
	fi
}

# The steps to answer one question: wait for it and its prompt, then type
# the answer and Enter (an empty answer accepts what is offered).
ANSWERS=()
answer() {
	ANSWERS+=("expect:$1" "expect:> " "send:$2\\r")
}

# The questions of a first cycle, in order, with answers.
Q_TARGET="What is the target condition?"
Q_ACTUAL="What is the actual condition now?"
Q_MEASURE="What value of the process metric do you see now?"
Q_OBSTACLE="Which one are you addressing now?"
Q_STEP="What is your next step?"
Q_EXPECT="What do you expect?"
Q_SEE="When can we go and see what we have learned from taking that step?"
Q_NOTE="Coach's note (optional)"
Q_HAPPENED="What actually happened?"
Q_LEARNED="What did you learn?"

# An obstacle in focus before the cycle; prints its ID.
focus_obstacle() {
	kata obstacle add "nobody looks at the review queue" >/dev/null
	local id
	id=$(obstacle_ids | head -n 1)
	kata obstacle focus "$id" >/dev/null
	yaml_get "$(files_of obstacles)" id
}

@test "at a terminal: context, prefilled answers accepted with Enter or changed, one commit by the coach" {
	local oid
	oid=$(focus_obstacle)
	as_coach
	local before
	before=$(commits)
	ANSWERS=()
	answer "$Q_TARGET" ""                            # prefilled: the target condition
	answer "$Q_ACTUAL" "\\x15Reviews wait 1 day"      # prefilled; Ctrl-U, then another
	answer "$Q_MEASURE" "30"
	answer "$Q_OBSTACLE" ""                          # prefilled: the focus
	answer "$Q_STEP" "Pair on the oldest review each morning"
	answer "$Q_EXPECT" "the oldest review under 1 day"
	answer "$Q_SEE" "\\x15whenever"                   # refused, asked again
	ANSWERS+=("expect:invalid date 'whenever'")
	answer "$Q_SEE" ""                               # prefilled: tomorrow
	answer "$Q_NOTE" "attentive learner"
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"

	# what the coach saw first: the storyboard's essentials
	[[ $output == *"Review wait under 4 hours"* ]]
	[[ $output == *"first cycle"* ]]
	[[ $output == *"nobody looks at the review queue"* ]]
	[[ $output == *"${oid:0:4}"* ]]
	# the reflection is not asked on a first cycle
	[[ $output != *"$Q_HAPPENED"* ]]
	[[ $output == *"coaching cycle"*"step #1 planned"* ]]

	[ "$(commits)" -eq $((before + 1)) ]
	repo_clean
	check_yaml
	[ "$(author)" = "Bob Coach <bob@example.com>" ]
	[ "$(trailer Kata-Action)" = coach ]
	local s c m
	s=$(files_of steps)
	c=$(files_of coaching)
	m=$(files_of measures)
	[ "$(yaml_get "$s" step)" = "Pair on the oldest review each morning" ]
	[ "$(yaml_get "$s" expect)" = "the oldest review under 1 day" ]
	[ "$(yaml_get "$s" obstacle)" = "$oid" ]
	[ "$(yaml_get "$s" status)" = open ]
	[[ $(yaml_get "$s" see_by) == 2026-11-22* ]]
	[ "$(yaml_get "$m" value)" = 30 ]
	[ "$(yaml_get "$(target_file)" focus)" = "$oid" ]
	[ "$(files_of obstacles | wc -l)" -eq 1 ]
	[ "$(yget "$c" answers.target)" = "Review wait under 4 hours" ]
	[ "$(yget "$c" answers.actual)" = "Reviews wait 1 day" ] || fail "actual: $(yget "$c" answers.actual) $output"
	[ "$(yget "$c" answers.obstacle)" = "$oid" ]
	[ "$(yget "$c" answers.see_by)" = tomorrow ]
	[ "$(yget "$c" answers.note)" = "attentive learner" ]
	[ "$(yaml_get "$c" coach)" = "Bob Coach" ]
	[ "$(trailer Kata-Record)" = "$(yaml_get "$c" id)" ]
	fsck_clean
}

@test "at a terminal, a second cycle: the last step shown, the reflection closes it, a new obstacle" {
	kata step "Pair on the oldest review" --expect "under 1 day" --see-by tomorrow >/dev/null
	local s1
	s1=$(files_of steps)
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" ""                           # optional: nothing
	ANSWERS+=("expect:What was your last step? What did you expect?")
	answer "$Q_HAPPENED" "the oldest waited 20 hours"
	answer "$Q_LEARNED" "mornings are full of meetings"
	answer "$Q_OBSTACLE" "reviewers are in meetings all morning"
	answer "$Q_STEP" "Review right after the stand-up"
	answer "$Q_EXPECT" "under 4 hours"
	answer "$Q_SEE" "\\x15+2d 14:00"
	answer "$Q_NOTE" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output == *"Pair on the oldest review"*"under 1 day"* ]]
	[[ $output == *"step #2 planned"* ]]
	repo_clean
	check_yaml
	[ "$(author)" = "Bob Coach <bob@example.com>" ]
	[ "$(yaml_get "$s1" status)" = "done" ]
	[ "$(yaml_get "$s1" happened)" = "the oldest waited 20 hours" ]
	[ "$(yaml_get "$s1" learned)" = "mornings are full of meetings" ]
	local o s2 c
	o=$(files_of obstacles)
	[ "$(yaml_get "$o" text)" = "reviewers are in meetings all morning" ]
	[ "$(yaml_get "$(target_file)" focus)" = "$(yaml_get "$o" id)" ]
	s2=$(files_of steps | tail -n 1)
	[ "$s2" != "$s1" ]
	[ "$(yaml_get "$s2" obstacle)" = "$(yaml_get "$o" id)" ]
	[[ $(yaml_get "$s2" see_by) == 2026-11-23T14:00* ]]
	c=$(files_of coaching)
	[ "$(yaml_get "$c" step_reflected)" = "$(yaml_get "$s1" id)" ]
	[ "$(yget "$c" answers.measure)" = null ]
	[ "$(yget "$c" answers.note)" = null ]
	[ -z "$(files_of measures)" ]
	fsck_clean
}

@test "at a terminal, a repository's own question set is asked, the extra question kept" {
	own_questions <<-'EOF'
	kind: questions
	id: ours
	source: our team
	questions:
	- key: challenge
	  ask: What is the challenge?
	- key: target
	  ask: Where do you want to be next?
	  required: true
	- key: obstacle
	  ask: Which obstacle now?
	  required: true
	- key: last_step
	  ask: Your last step?
	  first_cycle: skip
	  required: true
	  parts:
	  - key: happened
	    ask: What happened?
	  - key: learned
	    ask: What did you learn?
	- key: next_step
	  ask: Next?
	  required: true
	  parts:
	  - key: step
	    ask: What will you do?
	  - key: expect
	    ask: What do you expect?
	- key: see_by
	  ask: When do we look?
	  required: true
	EOF
	as_coach
	ANSWERS=()
	answer "What is the challenge?" "ship the day it is written"
	answer "Where do you want to be next?" ""
	answer "Which obstacle now?" "nobody looks at the queue"
	answer "What will you do?" "Pair each morning"
	answer "What do you expect?" "under 1 day"
	answer "When do we look?" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output != *"$Q_TARGET"* ]]
	repo_clean
	local c
	c=$(files_of coaching)
	[ "$(yaml_get "$c" questions)" = ours ]
	[ "$(yget "$c" answers.challenge)" = "ship the day it is written" ]
	[ "$(yget "$c" answers.target)" = "Review wait under 4 hours" ]
	fsck_clean
}

# The answers of a first cycle up to (not including) question $1, then $2
# typed at it; checks that nothing was saved.
stop_at() {
	local stop=$1 keys=$2 i
	local qs=("$Q_TARGET" "$Q_ACTUAL" "$Q_MEASURE" "$Q_OBSTACLE" "$Q_STEP" "$Q_EXPECT" "$Q_SEE" "$Q_NOTE")
	local as=("" "" "30" "" "Pair each morning" "under 1 day" "" "")
	ANSWERS=()
	for i in "${!qs[@]}"; do
		if [[ ${qs[i]} == "$stop" ]]; then
			ANSWERS+=("expect:$stop" "expect:> " "send:$keys")
			pty_coach "${ANSWERS[@]}"
			return
		fi
		answer "${qs[i]}" "${as[i]}"
	done
	fail "no question '$stop'"
}

# Nothing saved: exit 1, the terminal told so, no commit, nothing changed.
nothing_saved() {
	if [[ $status -ne 1 ]]; then
		fail "expected exit status 1, got $status: $output"
		return 1
	fi
	if [[ $output != *"kata: error: "*"nothing saved"* ]]; then
		fail "the terminal was not told that nothing was saved: $output"
		return 1
	fi
	[[ $output != *"coaching cycle"*"recorded"* ]] || fail "a cycle was recorded: $output"
	assert_unchanged
	[ -z "$(git status --porcelain --untracked-files=all)" ] || fail "git status is not empty"
	[ ! -e .git/kata-journal ] || fail "a journal was left behind"
}

@test "at a terminal, Ctrl-C at the first, a middle and the last question saves nothing" {
	focus_obstacle >/dev/null
	as_coach
	local q
	snapshot
	for q in "$Q_TARGET" "$Q_OBSTACLE" "$Q_EXPECT" "$Q_NOTE"; do
		stop_at "$q" '\x03'
		nothing_saved
		[[ $output == *"interrupted"* ]] || fail "at '$q': $output"
	done
}

@test "at a terminal, end of input (Ctrl-D on an empty line) at several questions saves nothing" {
	focus_obstacle >/dev/null
	as_coach
	snapshot
	# a prefilled answer is erased first (Ctrl-U): Ctrl-D ends only an empty line
	stop_at "$Q_TARGET" '\x15\x04'
	nothing_saved
	[[ $output == *"end of input"* ]] || fail "$output"
	stop_at "$Q_MEASURE" '\x04'
	nothing_saved
	stop_at "$Q_STEP" '\x04'
	nothing_saved
	stop_at "$Q_EXPECT" '\x04'
	nothing_saved
	stop_at "$Q_NOTE" '\x04'
	nothing_saved
}

@test "at a terminal, Ctrl-C or end of input in the reflection of a second cycle saves nothing" {
	kata step "Pair on the oldest review" --expect "under 1 day" >/dev/null
	as_coach
	snapshot
	local keys
	for keys in '\x03' '\x04'; do
		ANSWERS=()
		answer "$Q_TARGET" ""
		answer "$Q_ACTUAL" ""
		answer "$Q_MEASURE" ""
		answer "$Q_HAPPENED" "20 hours"
		ANSWERS+=("expect:$Q_LEARNED" "expect:> " "send:$keys")
		pty_coach "${ANSWERS[@]}"
		nothing_saved
	done
	[ "$(yaml_get "$(files_of steps)" status)" = open ]
}

@test "at a terminal that closes at a question, nothing is saved" {
	focus_obstacle >/dev/null
	as_coach
	snapshot
	pty_coach "expect:$Q_TARGET" "expect:> " "send:\\r" "expect:$Q_ACTUAL" "expect:> " close
	[ "$status" -eq 1 ] || fail "expected exit status 1, got $status: $output"
	assert_unchanged
	[ -z "$(git status --porcelain --untracked-files=all)" ]
	[ ! -e .git/kata-journal ]
}

@test "show names the last coaching cycle and its coach" {
	run_kata show
	assert_success
	refute_output --partial "last coaching cycle"
	printf 'target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n' >"$BATS_TEST_TMPDIR/a.yaml"
	GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com kata coach alice --answers "$BATS_TEST_TMPDIR/a.yaml" >/dev/null
	run_kata show
	assert_success
	assert_output --partial "last coaching cycle 2026-11-21 by Bob Coach (1 in this target condition)"
}
