#!/usr/bin/env bats
# What a text field takes, wherever it is typed: on the command line, in an
# answers file, in an edited record. Blank text (spaces, Unicode's spaces)
# is no answer; a one-line field (an obstacle, a step, a metric's name)
# holds no line break; text in any language is kept byte for byte.

load helper
load coach_helper

setup() {
	kata_setup
	demo_learner
}

IDEOGRAPHIC_SPACE=$'\u3000'
NBSP=$'\u00a0'

# The command ($@) is refused with one error line ending in $WANT, nothing
# written.
refused() {
	snapshot
	run_kata "$@"
	assert_error
	[[ ${stderr_lines[0]} == *"$WANT" ]] || fail "unexpected error: $stderr"
	assert_unchanged
}

@test "blank text on the command line is refused, nothing written" {
	WANT="expectation must not be blank"
	refused step "Move the bin" --expect "  "
	refused step "Move the bin" --expect "$IDEOGRAPHIC_SPACE"
	WANT="step must not be blank"
	refused step "   " --expect "faster"
	refused step "$NBSP $NBSP" --expect "faster"
	WANT="obstacle must not be blank"
	refused obstacle add "   "
	WANT="metric name must not be blank"
	refused measure " " 3
	WANT="challenge must not be blank"
	kata target abandon >/dev/null
	refused start --challenge " " --target "t" --by 2026-12-30
	WANT="metric must not be blank"
	refused start --challenge "c" --target "t" --by 2026-12-30 --metric "  "
	WANT="name must not be blank"
	refused learner add dave --name "  "

	kata start --challenge c --target t --by 2026-12-30 >/dev/null
	kata step "Move the bin" --expect "faster" >/dev/null
	WANT="what happened must not be blank"
	refused step done --happened " " --learned "the bin was in the way"
	WANT="what was learned must not be blank"
	refused step done --happened "it was" --learned $'\t\n'
	# text with spaces around it is text, kept as typed
	kata_commit step done --happened "  it was faster  " --learned "the bin was in the way"
	[ "$(yaml_get "$(files_of steps | head -n 1)" happened)" = "  it was faster  " ]
}

@test "a line break in a one-line field is refused; longer texts take several lines" {
	WANT="step must be one line"
	refused step $'Move the bin\nand the tray' --expect "faster"
	WANT="obstacle must be one line"
	refused obstacle add $'the bin\nis far'
	WANT="metric name must be one line"
	refused measure $'review\nwait' 3
	WANT="metric must be one line"
	kata target abandon >/dev/null
	refused start --challenge c --target t --by 2026-12-30 --metric $'a\nb'
	WANT="name must be one line"
	refused learner add dave --name $'Dave\nSmith'
	WANT="email must be one line"
	refused learner add dave --email $'dave@example.com\nx'

	kata start --challenge $'Ship every change\nthe day it is written' --target t \
		--by 2026-12-30 >/dev/null
	kata_commit step "Move the bin" --expect $'faster,\nand fewer steps'
	[ "$(yaml_get "$(files_of steps | head -n 1)" expect)" = $'faster,\nand fewer steps' ]
}

@test "text in any language goes in and comes out byte for byte" {
	kata_commit obstacle add "Größe passt nicht 😀"
	kata_commit step "待ち時間を測る" --expect "« moins de 4 h » — ok"
	local o s
	o=$(files_of obstacles | head -n 1)
	s=$(files_of steps | head -n 1)
	[ "$(yaml_get "$o" text)" = "Größe passt nicht 😀" ]
	[ "$(yaml_get "$s" step)" = "待ち時間を測る" ]
	[ "$(yaml_get "$s" expect)" = "« moins de 4 h » — ok" ]
	run_kata show --json
	[ "$status" -eq 0 ]
	[ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["obstacles"][0]["text"])' "$output")" = "Größe passt nicht 😀" ]
}

@test "answers files: blank answers and line breaks are refused at their place" {
	as_coach
	snapshot
	run_kata coach alice --answers - <<-'EOF'
	target: Review wait under 4 hours
	actual: "   "
	obstacle: nobody looks at the queue
	next_step:
	  step: Pair on the oldest review
	  expect: under 1 day
	see_by: tomorrow
	EOF
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: <stdin>:2:9: 'actual' must not be blank" ] ||
		fail "unexpected: $stderr"
	run_kata coach alice --answers - <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: "\u3000"
	next_step:
	  step: Pair on the oldest review
	  expect: under 1 day
	see_by: tomorrow
	EOF
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: <stdin>:3:11: 'obstacle' must not be blank" ] ||
		fail "unexpected: $stderr"
	run_kata coach alice --answers - <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the queue
	next_step:
	  step: "Pair on the oldest review\nevery morning"
	  expect: under 1 day
	see_by: tomorrow
	EOF
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: <stdin>:5:9: 'step' must be one line" ] ||
		fail "unexpected: $stderr"
	run_kata coach alice --answers - <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the queue
	next_step:
	  step: Pair on the oldest review
	  expect: under 1 day
	see_by: tomorrow
	note: "  "
	EOF
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: <stdin>:8:7: 'note' must not be blank" ] ||
		fail "unexpected: $stderr"
	assert_unchanged
}

@test "an edited record with a blank required text or a broken one-line field is refused" {
	kata step "Move the bin" --expect "faster" >/dev/null
	local s id
	s=$(files_of steps | head -n 1)
	id=$(yaml_get "$s" id)
	snapshot
	EDITOR="sed -i 's/^expect: .*/expect: \"   \"/'" run_kata edit "$id"
	assert_error
	[[ ${stderr_lines[0]} == "kata: error: $s:"*": 'expect' must be text, not blank;"* ]] ||
		fail "unexpected: $stderr"
	EDITOR="sed -i 's/^step: .*/step: \"two\\\\nlines\"/'" run_kata edit "$id"
	assert_error
	[[ ${stderr_lines[0]} == "kata: error: $s:"*": 'step' must be one line of text;"* ]] ||
		fail "unexpected: $stderr"
	rm -rf .git/kata-edit
	assert_unchanged
	# a hand commit that does it anyway is found by fsck
	sed -i 's/^step: .*/step: "two\\nlines"/' "$s"
	git commit -q -am "by hand"
	run_kata fsck
	[ "$status" -eq 1 ]
	[[ $output == *"$s:"*"'step' must be one line of text"* ]] || fail "fsck: $output $stderr"
}
