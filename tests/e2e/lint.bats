#!/usr/bin/env bats
# kata lint: the practice checked against the Starter Kata, each rule on and
# off, --strict, --json, --all.

load helper

setup() {
	kata_setup
	demo_learner
	kata obstacle add "reviewers are busy" >/dev/null
	kata obstacle focus "$(yaml_get "$(ls "$(target_dir)"/obstacles/*.yaml)" id)" >/dev/null
}

# The rules of kata lint's findings, one a line.
rules() {
	kata lint "$@" | sed -n 's/.*\[\([a-z-]*\)\]$/\1/p'
}

@test "a storyboard kept as the Starter Kata says has no findings" {
	kata step "Ask in the chat" --expect "a review within 2h" --see-by tomorrow >/dev/null
	run_kata lint
	assert_success
	[ -z "$output" ]
	run_kata lint --strict
	assert_success
}

@test "a go-and-see more than a week after the step is planned is found; a week is not" {
	kata step "Ask in the chat" --expect "a review within 2h" --see-by +7d >/dev/null
	[ -z "$(rules)" ]
	kata step done --happened h --learned l >/dev/null
	kata step "Try pairing" --expect "faster" --see-by +8d >/dev/null
	[ "$(rules)" = see-by-far ]
	run_kata lint
	output_has "$(ls "$(target_dir)"/steps/0002-*.yaml): step #2"
	output_has "8 days after it was planned"
}

@test "a step tied to no obstacle, made by hand, is found" {
	kata step "Ask in the chat" --expect "a review within 2h" --see-by tomorrow >/dev/null
	local s
	s=$(ls "$(target_dir)"/steps/*.yaml)
	sed -i -e '/^obstacle:/d' "$s"
	git commit -qam "by hand"
	[ "$(rules)" = step-no-obstacle ]
}

@test "a target without a metric, and a focus on a closed obstacle, are found" {
	kata target abandon >/dev/null
	kata start --challenge c --target "no metric here" --by +20d 2>/dev/null >/dev/null
	[ "$(rules)" = target-no-metric ]
	kata obstacle add "o" >/dev/null
	local o
	o=$(yaml_get "$(ls "$(target_dir)"/obstacles/*.yaml)" id)
	kata obstacle focus "$o" >/dev/null
	sed -i "s/^status: open/status: closed/" "$(ls "$(target_dir)"/obstacles/*.yaml)"
	git commit -qam "closed by hand"
	[ "$(rules | sort | tr '\n' ' ')" = "focus-closed target-no-metric " ]
}

@test "an achieve-by date moved after the start is found through the target file's history" {
	kata step "Ask in the chat" --expect "a review within 2h" --see-by tomorrow >/dev/null
	[ -z "$(rules)" ]
	local ed=$BATS_TEST_TMPDIR/ed.sh
	printf '#!/bin/sh\nsed -i "s/^achieve_by: .*/achieve_by: %s/" "$1"\n' "'2027-01-15'" >"$ed"
	chmod +x "$ed"
	EDITOR=$ed kata edit "$(yaml_get "$(target_file)" id)" >/dev/null
	# other learners' and records' commits after it do not hide it
	kata learner add bob --email bob@example.com >/dev/null
	kata measure review_wait 30 >/dev/null
	run_kata lint
	assert_success
	output_has "$(target_file): the achieve-by date was moved from 2026-12-20 to 2027-01-15"
	output_has "[achieve-by-moved]"
	run_kata lint --strict
	[ "$status" -eq 1 ]
}

@test "--json lists the findings; --all lints every learner" {
	kata step "Try pairing" --expect "faster" --see-by +9d >/dev/null
	kata learner add bob --email bob@example.com >/dev/null
	kata -l bob start --challenge c --target t --by +20d 2>/dev/null >/dev/null
	run_kata lint --all --json
	assert_success
	python3 - "$output" <<'PY'
import json, sys
fs = json.loads(sys.argv[1])
got = sorted((f["learner"], f["rule"]) for f in fs)
assert got == [("alice", "see-by-far"), ("bob", "target-no-metric")], got
assert all(f["record"].startswith("learners/") and f["message"] for f in fs)
PY
	run_kata lint bob --all
	assert_usage_error
}
