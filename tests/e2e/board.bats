#!/usr/bin/env bats
# kata board: the team at a glance, and the coaches' view.

load helper

# bob coaches alice and erin; carol observes; the clock is Saturday
# 2026-11-21 09:00 UTC.
setup() {
	kata_setup
	kata init repo >/dev/null
	cd repo || return 1
	kata learner add carol --name "Carol Second" --email carol@example.com >/dev/null
	kata learner add bob --name "Bob Coach" --email bob@example.com --coach carol >/dev/null
	kata learner add alice --name "Alice Example" --email alice@example.com --coach bob \
		--second-coach carol >/dev/null
	kata learner add erin --name "Erin" --email erin@example.com --coach bob >/dev/null
	KATA_NOW=2026-11-19T09:00:00Z kata start -l alice --challenge c \
		--target "改善のカタ：段取り替えを10分以内に、毎シフト 🚀🚀🚀 and more text" \
		--by 2026-12-20 >/dev/null
	KATA_NOW=2026-11-19T09:00:00Z kata obstacle add -l alice "工具が機械のそばにない、いつも探している 🔧🔧" >/dev/null
	kata obstacle focus -l alice "$(obstacle_ids | head -n 1)" >/dev/null
	KATA_NOW=2026-11-20T09:00:00Z kata step -l alice "Tool cart beside the press" \
		--expect "20 minutes" --see-by "2026-11-21 10:00" >/dev/null
	KATA_NOW=2026-11-02T09:00:00Z kata start -l erin --challenge c --target "Pick list errors halved" \
		--by 2026-11-20 >/dev/null
}

@test "board --json has SPEC 6's shape, attention first" {
	run_kata board --json
	assert_success
	python3 - "$output" <<-'EOF'
	import json, sys
	d = json.loads(sys.argv[1])
	assert list(d) == ["learners"], d
	rows = d["learners"]
	spec = ["learner", "target", "days_to_achieve_by", "steps_7d", "days_since_step",
	        "open_step", "overdue", "focus_obstacle", "last_coaching", "flags"]
	for r in rows:
	    assert list(r)[:len(spec)] == spec, list(r)
	assert [r["learner"] for r in rows] == ["erin", "alice", "bob", "carol"], rows
	e, a = rows[0], rows[1]
	assert e["flags"] == ["no-step-2d", "past-achieve-by", "no-coaching-3wd"], e["flags"]
	assert e["days_to_achieve_by"] == -1 and e["days_since_step"] is None
	assert a["flags"] == [], a["flags"]
	assert a["days_to_achieve_by"] == 29 and a["steps_7d"] == 1 and a["days_since_step"] == 1
	assert a["open_step"]["kind"] == "step" and a["overdue"] is False
	assert a["focus_obstacle"]["kind"] == "obstacle"
	assert a["target"]["kind"] == "target" and a["last_coaching"] is None
	assert rows[2]["target"] is None and rows[2]["flags"] == []
	EOF
}

@test "board flags the go-and-see once it has passed, and a step missed for 2 days" {
	KATA_NOW=2026-11-21T10:00:00Z run_kata board --json
	assert_success
	[[ $output != *go-and-see-overdue* ]]
	KATA_NOW=2026-11-21T10:01:00Z run_kata board --json
	assert_success
	output_has go-and-see-overdue
	KATA_NOW=2026-11-21T23:59:00Z run_kata board --coach bob
	assert_success
	refute_line --regexp '^ +! no step for 1 days'
	KATA_NOW=2026-11-22T00:00:00Z run_kata board --coach bob
	assert_success
	assert_line --regexp '^ +! no step for 2 days, go-and-see overdue'
}

@test "board fits 80 columns with Japanese and emoji text, cut with an ellipsis" {
	run_kata board
	assert_success
	python3 - "$output" <<-'EOF'
	import sys, unicodedata
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
	for line in sys.argv[1].split("\n"):
	    assert width(line) <= 80, (width(line), line)
	EOF
	assert_line --regexp '^alice +改善.*…'
	output_has "工具"
	refute_output --partial "10分以内"
	COLUMNS=120 run_kata board
	assert_success
	output_has "10分以内"
}

@test "board: colour on a terminal only, with --color=always, never with NO_COLOR or piped" {
	run_kata board
	[[ $output != *$'\033['* ]]
	run_kata board --color=always
	[[ $output == *$'\033[31m'* ]]
	NO_COLOR=1 run_kata board
	[[ $output != *$'\033['* ]]
	command -v script >/dev/null || skip "no script(1) to make a terminal"
	run script -qec "$KATA board" /dev/null
	assert_success
	[[ $output == *$'\033[31m'* ]]
	run script -qec "$KATA board --color=never" /dev/null
	assert_success
	output_has "LEARNER"
	[[ $output != *$'\033'* ]]
	NO_COLOR=1 run script -qec "$KATA board --coaches" /dev/null
	output_has "COACH"
	[[ $output != *$'\033'* ]]
}

@test "board --coach shows that coach's learners; an unknown one is an error" {
	run_kata board --coach carol --json
	assert_success
	[ "$(python3 -c 'import json,sys; print(",".join(r["learner"] for r in json.load(sys.stdin)["learners"]))' <<<"$output")" = bob ]
	run_kata board --coach zed
	assert_error
	stderr_has zed
}

@test "the coaches' view: cycles against the expected, minutes, second-coach observations" {
	cat >cycle.yaml <<-'EOF'
	target: t
	actual: a
	last_step:
	  happened: h
	  learned: l
	obstacle: new obstacle text
	next_step:
	  step: next
	  expect: e
	see_by: tomorrow 10:00
	EOF
	GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com KATA_NOW=2026-11-20T10:00:00Z \
		kata coach alice --answers cycle.yaml >/dev/null
	GIT_AUTHOR_NAME="Carol Second" GIT_AUTHOR_EMAIL=carol@example.com KATA_NOW=2026-11-20T11:00:00Z \
		kata coach feedback -l alice --note "good" --phase 1 --minutes 6 --phase 2 --minutes 9 >/dev/null
	run_kata board --coaches --json
	assert_success
	python3 - "$output" <<-'EOF'
	import json, sys
	d = json.loads(sys.argv[1])
	c = {k["coach"]: k for k in d["coaches"]}
	assert sorted(c) == ["bob", "carol"], c
	b = c["bob"]
	assert b["learners"] == ["alice", "erin"]
	# alice from Thursday 11-19: 2 working days; erin: 5
	assert (b["cycles_7d"], b["cycles_expected_7d"]) == (1, 7), b
	assert (b["observations_7d"], b["timed_7d"], b["minutes_per_cycle"]) == (1, 1, 15.0), b
	assert b["own"]["learner"] == "bob" and b["own"]["target"] is None
	k = c["carol"]
	assert (k["learners"], k["cycles_7d"], k["cycles_expected_7d"], k["observations_7d"]) == (["bob"], 0, 0, 0), k
	assert k["minutes_per_cycle"] is None
	EOF
	run_kata board --coaches
	assert_success
	assert_line --regexp '^bob +2 +1/7 +15.0 +1 '
	run_kata board --json
	output_has '"last_coach": "bob"'
}
