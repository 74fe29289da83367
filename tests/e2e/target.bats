#!/usr/bin/env bats
# kata start, kata target done|abandon: one active target condition at a time.

load helper

setup() {
	kata_setup
	kata init repo >/dev/null
	cd repo
	kata learner add alice --email alice@example.com >/dev/null
}

start() {
	kata start --challenge "Ship daily" --target "Review wait under 4h" "$@"
}

@test "start writes the target condition in one commit with trailers" {
	kata_commit start --challenge "Ship every change the day it is written" \
		--target "Review wait under 4 hours" --by 2026-12-20 \
		--current "Reviews wait 2 days" --metric review_wait --unit h \
		--goal 4 --lower-is-better
	output_has "2026-12-20"
	local t id
	t=$(target_file)
	[ -f "$t" ]
	[ "$(yaml_get "$t" kind)" = target ]
	id=$(yaml_get "$t" id)
	[[ $t == learners/alice/*-$id/target.yaml ]]
	[ "$(yaml_get "$t" learner)" = alice ]
	[ "$(yaml_get "$t" challenge)" = "Ship every change the day it is written" ]
	[ "$(yaml_get "$t" condition)" = "Review wait under 4 hours" ]
	[ "$(yaml_get "$t" current)" = "Reviews wait 2 days" ]
	[ "$(yaml_get "$t" achieve_by)" = 2026-12-20 ]
	[ "$(yaml_get "$t" metric)" = review_wait ]
	[ "$(yaml_get "$t" unit)" = h ]
	[ "$(yaml_get "$t" goal)" = 4 ]
	[ "$(yaml_type "$t" goal)" = int ]
	[ "$(yaml_get "$t" lower_is_better)" = true ]
	[ "$(yaml_get "$t" status)" = active ]

	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = target-start ]
	[ "$(trailer Kata-Target)" = "$id" ]
	[ "$(trailer Kata-Record)" = "$id" ]
	local subject
	subject=$(git log -1 --format=%s)
	[[ $subject == "alice: target ${id:0:4}"*"Review wait under 4 hours"* ]]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$t" ]
	fsck_clean
}

@test "start is refused while a target condition is active, nothing written" {
	start --by 2026-12-20 >/dev/null
	snapshot
	run_kata start --challenge c --target "another" --by 2027-01-10
	assert_error
	stderr_has "kata target done"
	assert_unchanged
}

@test "after target done, a new target condition starts" {
	start --by 2026-12-20 >/dev/null
	local old
	old=$(target_file)

	kata_commit target done --note "reached on day 20"
	[ "$(yaml_get "$old" status)" = done ]
	[ "$(yaml_get "$old" ended)" = 2026-11-21T09:00:00Z ]
	[ "$(yaml_get "$old" note)" = "reached on day 20" ]
	[ "$(trailer Kata-Action)" = target-done ]
	[ "$(trailer Kata-Record)" = "$(yaml_get "$old" id)" ]
	[[ $(git log -1 --format=%s) == alice:* ]]

	kata_commit start --challenge "Ship daily" --target "Review wait under 1h" --by 2027-01-31
	local new
	new=$(target_file)
	[ "$new" != "$old" ]
	[ "$(yaml_get "$new" status)" = active ]
	[ "$(yaml_get "$new" condition)" = "Review wait under 1h" ]
	[ "$(yaml_get "$old" status)" = done ]
	[ "$(ls -d learners/alice/*/ | wc -l)" -eq 2 ]
	fsck_clean
}

@test "target abandon ends the target condition, then a new one starts" {
	start --by 2026-12-20 >/dev/null
	local old
	old=$(target_file)
	kata_commit target abandon --note "wrong direction"
	[ "$(yaml_get "$old" status)" = abandoned ]
	[ "$(yaml_get "$old" note)" = "wrong direction" ]
	[ "$(trailer Kata-Action)" = target-abandon ]
	kata_commit start --challenge c --target t2 --by 2027-01-31
}

@test "ending with no active target condition is refused" {
	snapshot
	run_kata target done
	assert_error
	stderr_has "kata start"
	assert_unchanged

	start --by 2026-12-20 >/dev/null
	kata target done >/dev/null
	snapshot
	run_kata target abandon
	assert_error
	assert_unchanged
}

@test "an ended target condition takes no obstacles, steps or measures" {
	start --by 2026-12-20 >/dev/null
	kata obstacle add "o1" >/dev/null
	kata target done >/dev/null
	snapshot
	run_kata obstacle add "o2"
	assert_error
	run_kata step "s" --expect "e"
	assert_error
	run_kata measure review_wait 3
	assert_error
	assert_unchanged
}

@test "--by in the past is refused, nothing written" {
	snapshot
	run_kata start --challenge c --target t --by 2026-11-20
	assert_error
	stderr_has "2026-11-20"
	run_kata start --challenge c --target t --by yesterday
	assert_error
	run_kata start --challenge c --target t --by -3d
	assert_error
	assert_unchanged
}

@test "--by today is accepted" {
	kata_commit start --challenge c --target t --by today
	[ "$(yaml_get "$(target_file)" achieve_by)" = "$TODAY" ]
}

@test "--by accepts relative dates" {
	kata_commit start --challenge c --target t --by +30d
	[ "$(yaml_get "$(target_file)" achieve_by)" = 2026-12-21 ]
}

@test "an invalid --by is refused naming the input" {
	snapshot
	for by in soon 2026-02-30 2026-13-01 21.11.2026 "" "+d" 2026-11-31; do
		run_kata start --challenge c --target t --by "$by"
		assert_error
		stderr_has "'$by'"
	done
	assert_unchanged
}

@test "missing options of start are usage errors" {
	snapshot
	run_kata start --target t --by 2026-12-20
	assert_usage_error
	stderr_has "--challenge"
	run_kata start --challenge c --by 2026-12-20
	assert_usage_error
	run_kata start --challenge c --target t
	assert_usage_error
	stderr_has "--by"
	run_kata start
	assert_usage_error
	run_kata start --challenge c --target t --by 2026-12-20 extra
	assert_usage_error
	run_kata start --challenge c --target t --by 2026-12-20 --unit h
	assert_usage_error
	assert_unchanged
}

@test "an empty challenge or target is refused" {
	snapshot
	run_kata start --challenge "" --target t --by 2026-12-20
	[ "$status" -ne 0 ]
	[[ ${stderr_lines[0]} == "kata: error: "* ]]
	run_kata start --challenge c --target "" --by 2026-12-20
	[ "$status" -ne 0 ]
	assert_unchanged
}

@test "a non-numeric --goal is refused" {
	snapshot
	run_kata start --challenge c --target t --by 2026-12-20 --metric m --goal lots
	assert_error
	stderr_has "lots"
	assert_unchanged
}

@test "a metric without --lower-is-better stores lower_is_better false" {
	kata_commit start --challenge c --target t --by 2026-12-20 --metric parts --goal 2.5
	local t
	t=$(target_file)
	[ "$(yaml_get "$t" lower_is_better)" = false ]
	[ "$(yaml_type "$t" goal)" = float ]
	[ "$(yaml_get "$t" goal)" = 2.5 ]
}

@test "each learner has their own active target condition" {
	kata learner add bob >/dev/null
	start --by 2026-12-20 >/dev/null
	kata_commit -l bob start --challenge c --target "bob's" --by 2026-12-31
	[ "$(yaml_get "$(target_file bob)" condition)" = "bob's" ]
	[ "$(trailer Kata-Learner)" = bob ]
	[[ $(git log -1 --format=%s) == bob:* ]]
	# bob's commit is authored by the one running kata, not by bob
	[ "$(git log -1 --format=%ae)" = alice@example.com ]
}

@test "ending a target with its step open asks for the reflection, and records it in the same commit" {
	start --by 2026-12-20 >/dev/null
	kata step "Time the changeover" --expect "about 20 minutes" >/dev/null
	local step
	step=$(ls learners/alice/*/steps/*.yaml)
	snapshot
	run_kata target done
	assert_error
	stderr_has "step #1 ($(yaml_get "$step" id | cut -c1-4)) is still open"
	stderr_has "kata target done --happened TEXT --learned TEXT"
	assert_unchanged

	run_kata target abandon --happened "it took 31 minutes"
	assert_error
	stderr_has "both what happened"
	assert_unchanged

	local n
	n=$(commits)
	kata_commit target done --happened "it took 18 minutes" --learned "the cart helps"
	[ "$(commits)" -eq $((n + 1)) ]
	[ "$(yaml_get "$step" status)" = done ]
	[ "$(yaml_get "$step" happened)" = "it took 18 minutes" ]
	[ "$(yaml_get "$step" learned)" = "the cart helps" ]
	[ "$(yaml_get "$(target_file)" status)" = done ]
	git show --stat --format= HEAD | grep -q steps/
	fsck_clean
	run_kata show
	assert_success
	refute_output --partial OPEN
}

@test "a reflection given when no step is open is refused" {
	start --by 2026-12-20 >/dev/null
	snapshot
	run_kata target done --happened "h" --learned "l"
	assert_error
	stderr_has "no step is open to reflect on"
	assert_unchanged
}

@test "target list shows every target condition, oldest first, and show --target an earlier one" {
	start --by 2026-12-20 --metric review_wait >/dev/null
	kata step "Time the queue" --expect "two days" >/dev/null
	kata target done --happened "two days" --learned "it is the queue" >/dev/null
	local first
	first=$(yaml_get "$(ls learners/alice/001-*/target.yaml)" id)
	start --by 2027-01-20 --target "Größe passt: 日本語 🚀 review wait under one hour, every change, every day of the week" >/dev/null
	run_kata target list
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --regexp "^#1  ${first:0:4}  reached    by 2026-12-20    1 step   Review wait under 4h$"
	assert_line --index 1 --regexp '^#2  [a-z0-9]{4}  active     by 2027-01-20    0 steps  Größe passt: 日本語 🚀'
	# cut to 80 columns by display width, with an ellipsis
	[[ ${lines[1]} == *… ]]
	[ "$(python3 -c 'import sys, unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.argv[1]))' "${lines[1]}")" -le 80 ]

	run_kata target list --json
	assert_success
	python3 - "$output" "$first" <<'PY'
import json, sys
ts = json.loads(sys.argv[1])
assert [t["status"] for t in ts] == ["done", "active"], ts
assert ts[0]["id"] == sys.argv[2] and ts[0]["steps"] == 1 and ts[1]["steps"] == 0
PY
	run_kata show --target "${first:0:4}"
	assert_success
	output_has "Review wait under 4h"
	output_has "Time the queue"
	run_kata show
	refute_output --partial "Time the queue"
	run_kata show --target zzzz
	assert_error
	stderr_has "no target condition 'zzzz'"
}

@test "target list of a learner with no target says how to start one" {
	run_kata target list alice
	assert_success
	output_has "kata start"
}

@test "start warns of an achieve-by under a week or beyond three months, and of no metric" {
	run_kata start --challenge "Ship daily" --target "Review wait under 4h" --by +3d --metric review_wait
	assert_success
	stderr_has "kata: warning: achieve-by 2026-11-24 is 3 days away"
	[[ $stderr != *"no metric"* ]]
	[ "$(yaml_get "$(target_file)" status)" = active ]
	kata target abandon >/dev/null

	run_kata start --challenge "Ship daily" --target "Review wait under 4h" --by +120d
	assert_success
	stderr_has "is 120 days away"
	stderr_has "no metric: how will you see the target condition reached?"
	kata target abandon >/dev/null

	run_kata start --challenge "Ship daily" --target "Review wait under 4h" --by +28d --metric review_wait
	assert_success
	[ -z "$stderr" ]
}

@test "target done says where the metric stands against the goal, and warns when it misses" {
	start --by 2026-12-20 --metric review_wait --unit h --goal 4 --lower-is-better >/dev/null
	kata measure review_wait 3 --at -2d >/dev/null
	kata measure review_wait 6 --at -1d >/dev/null
	run_kata target done
	assert_success
	output_has "review_wait: last 6 h on 2026-11-20, goal 4 h: not met"
	stderr_has "kata: warning: the last review_wait value, 6 on 2026-11-20, misses the goal of 4"

	start --by 2026-12-20 --metric review_wait --unit h --goal 4 --lower-is-better >/dev/null
	run_kata target done
	assert_success
	stderr_has "no review_wait value was recorded"

	start --by 2026-12-20 --metric review_wait --unit h --goal 4 --lower-is-better >/dev/null
	kata measure review_wait 4 >/dev/null
	run_kata target done
	assert_success
	output_has "goal 4 h: met"
	[ -z "$stderr" ]
}

@test "start --carry-obstacles brings the last target's open obstacles, and its focus, along" {
	start --by 2026-12-20 >/dev/null
	kata obstacle add "reviewers are busy" >/dev/null
	kata obstacle add "no chat channel" >/dev/null
	kata obstacle add "CI is slow" >/dev/null
	local old busy chat
	old=$(target_dir)
	busy=$(yaml_get "$(ls "$old"/obstacles/001-*.yaml)" id)
	chat=$(yaml_get "$(ls "$old"/obstacles/002-*.yaml)" id)
	kata obstacle close "$chat" >/dev/null
	kata obstacle focus "$busy" >/dev/null
	kata target done >/dev/null

	local n
	n=$(commits)
	kata_commit start --challenge c --target "Review wait under 1h" --by 2027-01-20 --carry-obstacles
	[ "$(commits)" -eq $((n + 1)) ]
	local new
	new=$(target_dir)
	[ "$new" != "$old" ]
	[ "$(ls "$new"/obstacles | wc -l)" -eq 2 ]
	local first second
	first=$(ls "$new"/obstacles/001-*.yaml)
	second=$(ls "$new"/obstacles/002-*.yaml)
	[ "$(yaml_get "$first" text)" = "reviewers are busy" ]
	[ "$(yaml_get "$first" carried_from)" = "$busy" ]
	[ "$(yaml_get "$first" target)" = "$(yaml_get "$new/target.yaml" id)" ]
	[ "$(yaml_get "$first" status)" = open ]
	[ "$(yaml_get "$second" text)" = "CI is slow" ]
	[ "$(yaml_get "$new/target.yaml" focus)" = "$(yaml_get "$first" id)" ]
	# the old parking lot is as it was
	[ "$(ls "$old"/obstacles | wc -l)" -eq 3 ]
	fsck_clean
}

@test "start --carry-obstacles with no earlier target is refused" {
	snapshot
	run_kata start --challenge c --target t --by 2027-01-20 --carry-obstacles
	assert_error
	stderr_has "no earlier target condition to carry obstacles from"
	assert_unchanged
}
