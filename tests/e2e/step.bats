#!/usr/bin/env bats
# kata step / kata step done: one PDCA cycle at a time, expectation first,
# the reflection in its own commit.

load helper

setup() {
	kata_setup
	demo_learner
}

steps_dir() {
	echo "$(target_dir)/steps"
}

# The step files, oldest first.
step_files() {
	ls "$(steps_dir)"/*.yaml 2>/dev/null | sort
}

last_step() {
	step_files | tail -n 1
}

@test "a step needs --expect: a usage error, nothing written" {
	snapshot
	run_kata step "Move the bin to the left"
	assert_usage_error
	stderr_has "--expect"
	run_kata step "Move the bin to the left" --expect ""
	[ "$status" -ne 0 ]
	[[ ${stderr_lines[0]} == "kata: error: "* ]]
	run_kata step --expect "faster"
	assert_usage_error
	run_kata step
	assert_usage_error
	assert_unchanged
}

@test "step plans step #1 in one commit with trailers" {
	kata_commit step "Pair on the oldest review each morning" --expect "wait under 1 day"
	output_has "#1"
	local f id tid
	f=$(last_step)
	[ "$(step_files | wc -l)" -eq 1 ]
	id=$(yaml_get "$f" id)
	tid=$(yaml_get "$(target_file)" id)
	[[ $(basename "$f") == *-$id.yaml ]]
	[ "$(yaml_get "$f" kind)" = step ]
	[ "$(yaml_get "$f" target)" = "$tid" ]
	[ "$(yaml_get "$f" step)" = "Pair on the oldest review each morning" ]
	[ "$(yaml_get "$f" expect)" = "wait under 1 day" ]
	[ "$(yaml_get "$f" status)" = open ]
	[ "$(yaml_get "$f" happened)" = null ]
	[ "$(yaml_get "$f" learned)" = null ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = step-plan ]
	[ "$(trailer Kata-Record)" = "$id" ]
	[ "$(trailer Kata-Target)" = "$tid" ]
	[ "$(git log -1 --format=%s)" = "alice: step ${id:0:4} planned: Pair on the oldest review each morning" ]
	fsck_clean
}

@test "a second step while the last is open is refused, nothing written" {
	kata step "first" --expect "e1" >/dev/null
	snapshot
	run_kata step "second" --expect "e2"
	assert_error
	stderr_has "kata step done"
	assert_unchanged
}

@test "step done closes the step; then the next plan is step #2" {
	kata step "first" --expect "e1" >/dev/null
	local f1
	f1=$(last_step)

	kata_commit step done --happened "waited 6 hours" --learned "mornings are free"
	output_has "#1"
	[ "$(yaml_get "$f1" status)" = done ]
	[ "$(yaml_get "$f1" happened)" = "waited 6 hours" ]
	[ "$(yaml_get "$f1" learned)" = "mornings are free" ]
	[ "$(yaml_get "$f1" expect)" = e1 ]
	[ "$(trailer Kata-Action)" = step-done ]
	[ "$(trailer Kata-Record)" = "$(yaml_get "$f1" id)" ]
	[[ $(git log -1 --format=%s) == "alice: step "*" done"* ]]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$f1" ]

	kata_commit step "second" --expect "e2"
	output_has "#2"
	[ "$(step_files | wc -l)" -eq 2 ]
	[ "$(yaml_get "$(last_step)" status)" = open ]
	[ "$(yaml_get "$f1" status)" = done ]

	run_kata show
	assert_line --regexp '^  #1 .* first$'
	assert_line --regexp '^  #2 .* second$'
	fsck_clean
}

@test "the plan and the reflection are two commits touching the step file" {
	kata step "first" --expect "e1" >/dev/null
	kata step done --happened h --learned l >/dev/null
	local f
	f=$(step_files | head -n 1)
	run git log --format=%H -- "$f"
	[ ${#lines[@]} -eq 2 ]
	[ "$(git log -1 --format='%(trailers:key=Kata-Action,valueonly)' "${lines[0]}")" = step-done ]
	[ "$(git log -1 --format='%(trailers:key=Kata-Action,valueonly)' "${lines[1]}")" = step-plan ]
}

@test "step done needs both --happened and --learned" {
	kata step "first" --expect "e1" >/dev/null
	snapshot
	run_kata step done --happened h
	assert_usage_error
	run_kata step done --learned l
	assert_usage_error
	run_kata step done
	assert_usage_error
	run_kata step done --happened "" --learned l
	[ "$status" -ne 0 ]
	assert_unchanged
}

@test "step done with no step, or no open step, is refused" {
	snapshot
	run_kata step done --happened h --learned l
	assert_error
	stderr_has "kata step"
	assert_unchanged

	kata step "first" --expect e >/dev/null
	kata step done --happened h --learned l >/dev/null
	snapshot
	run_kata step done --happened h2 --learned l2
	assert_error
	[[ ${stderr_lines[0]} == *"was reflected on already, and no step is open; plan the next one with 'kata step TEXT --expect TEXT'" ]] ||
		fail "unexpected: $stderr"
	assert_unchanged
	[ "$(yaml_get "$(last_step)" happened)" = h ]
}

@test "step done ID names the step by prefix" {
	kata step "first" --expect e >/dev/null
	local f id
	f=$(last_step)
	id=$(yaml_get "$f" id)
	kata_commit step done "${id:0:4}" --happened h --learned l
	[ "$(yaml_get "$f" status)" = done ]

	kata step "second" --expect e >/dev/null
	snapshot
	# the first step was reflected on already: the message names the open one
	local open
	open=$(yaml_get "$(last_step)" id)
	run_kata step done "${id:0:5}" --happened h --learned l
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: step #1 (${id:0:4}) was reflected on already; the open step is #2 (${open:0:4})" ] ||
		fail "unexpected: $stderr"
	run_kata step done zzzzzzzzzz --happened h --learned l
	assert_error
	assert_unchanged
}

@test "--see-by 'tomorrow 10:00' is stored as 10:00 the next day, and said as the date it is" {
	kata_commit step "first" --expect e --see-by "tomorrow 10:00"
	output_has "go and see 2026-11-22 10:00"
	[ "$(yaml_get "$(last_step)" see_by)" = 2026-11-22T10:00:00Z ]
	kata step done --happened h --learned l >/dev/null
	kata_commit step "second" --expect e --see-by +2d
	output_has "go and see 2026-11-23"
	[[ $output != *"+2d"* ]]
}

@test "--see-by accepts the WHEN forms" {
	local when want
	while read -r when want; do
		kata step "s" --expect e --see-by "${when//_/ }" >/dev/null
		[ "$(yaml_get "$(last_step)" see_by)" = "$want" ] ||
			fail "--see-by '$when' stored $(yaml_get "$(last_step)" see_by), expected $want"
		kata step done --happened h --learned l >/dev/null
	done <<-'EOF'
	2026-11-23T14:30 2026-11-23T14:30:00Z
	+2h 2026-11-21T11:00:00Z
	today_15:00 2026-11-21T15:00:00Z
	+1d_08:00 2026-11-22T08:00:00Z
	friday_10:00 2026-11-27T10:00:00Z
	monday 2026-11-23
	Sat 2026-11-28
	EOF
}

@test "an invalid --see-by is refused naming the input, nothing written" {
	snapshot
	for when in soon 2026-02-30 "tomorrow 25:00" "+xd" 2026-11-21T24:01; do
		run_kata step "s" --expect e --see-by "$when"
		assert_error
		stderr_has "$when"
	done
	# an impossible date says why
	run_kata step "s" --expect e --see-by 2026-02-30
	[ "${stderr_lines[0]}" = "kata: error: invalid date '2026-02-30': February 2026 has 28 days" ] ||
		fail "unexpected: $stderr"
	run_kata step "s" --expect e --see-by "tomorrow 25:00"
	[ "${stderr_lines[0]}" = "kata: error: invalid date 'tomorrow 25:00': 25:00 is no time of day (00:00 to 23:59)" ] ||
		fail "unexpected: $stderr"
	assert_unchanged
}

@test "--obstacle defaults to the obstacle in focus" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	local b
	b=$(obstacle_ids | sed -n 2p)
	kata obstacle focus "$b" >/dev/null
	local focus
	focus=$(yaml_get "$(target_file)" focus)

	kata_commit step "s1" --expect e
	[ "$(yaml_get "$(last_step)" obstacle)" = "$focus" ]
}

@test "--obstacle names another obstacle by prefix" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	local a b
	a=$(obstacle_ids | sed -n 1p)
	b=$(obstacle_ids | sed -n 2p)
	kata obstacle focus "$b" >/dev/null

	kata_commit step "s1" --expect e --obstacle "$a"
	[[ $(yaml_get "$(last_step)" obstacle) == "$a"* ]]
	[ ${#a} -lt "$(yaml_get "$(last_step)" obstacle | wc -c)" ]
	fsck_clean
}

@test "with no focus and no --obstacle the step names no obstacle" {
	kata_commit step "s1" --expect e
	[ "$(yaml_get "$(last_step)" obstacle)" = null ]
}

@test "an unknown --obstacle is refused, nothing written" {
	kata obstacle add "first" >/dev/null
	snapshot
	run_kata step "s1" --expect e --obstacle zzzzzzzzzz
	assert_error
	stderr_has zzzzzzzzzz
	assert_unchanged
}

@test "steps are listed in order #1, #2, #3" {
	local i
	for i in 1 2 3; do
		kata step "step $i" --expect "e$i" >/dev/null
		[ "$i" -eq 3 ] || kata step done --happened "h$i" --learned "l$i" >/dev/null
	done
	run_kata show --json
	python3 -c '
import json, sys
s = json.loads(sys.argv[1])["steps"]
assert [x["step"] for x in s] == ["step 1", "step 2", "step 3"], s
assert [x["status"] for x in s] == ["done", "done", "open"], s
' "$output"
	run_kata show
	assert_line --regexp '^  #1 .*step 1$'
	assert_line --regexp '^  #2 .*step 2$'
	assert_line --regexp '^  #3 .*step 3$'
	fsck_clean
}

@test "a step is planned, with a warning, when no obstacle is in focus, another is named, or no go-and-see is set" {
	run_kata step "Ask for reviews in the chat" --expect "a review within 2h"
	assert_success
	stderr_has "kata: warning: the step works on no obstacle: none is in focus"
	stderr_has "kata: warning: no go-and-see"
	[ -f "$(last_step)" ]
	kata step done --happened h --learned l >/dev/null

	kata obstacle add "reviewers are busy" >/dev/null
	kata obstacle add "no chat channel" >/dev/null
	local busy chat
	busy=$(yaml_get "$(ls "$(target_dir)"/obstacles/001-*.yaml)" id)
	chat=$(yaml_get "$(ls "$(target_dir)"/obstacles/002-*.yaml)" id)
	kata obstacle focus "$busy" >/dev/null
	run_kata step "Make a channel" --expect "it exists" --obstacle "$chat" --see-by tomorrow
	assert_success
	stderr_has "works on obstacle ${chat:0:4}, not on ${busy:0:4} in focus"
	[ "$(yaml_get "$(last_step)" obstacle)" = "$chat" ]
	kata step done --happened h --learned l >/dev/null

	run_kata step "Ask in the channel" --expect "a review within 2h" --see-by tomorrow
	assert_success
	[ -z "$stderr" ]
}
