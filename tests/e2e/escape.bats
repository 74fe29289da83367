#!/usr/bin/env bats
# SPEC 6 and 7: what a repository holds never reaches the terminal as an
# escape sequence: commits, records and question sets anyone can write are
# shown with their control characters escaped, and new text holding C1
# controls or bidi overrides is refused like other control characters.

load helper

setup() {
	kata_setup
	demo_learner
}

ESC=$'\e'
OSC52=$'\e]52;c;ZWNobyBwd25lZA==\a'
RLO=$'\xe2\x80\xae'
CSI=$'\xc2\x9b'

# No byte of a terminal control in the text: ESC, BEL, CSI (U+009B), or a
# bidi override (U+202E).
no_controls() {
	if [[ $1 == *"$ESC"* || $1 == *$'\a'* || $1 == *$'\xc2\x9b'* || $1 == *$'\xe2\x80\xae'* ]]; then
		fail "raw control characters reached the terminal: $(printf '%q' "$1")"
		return 1
	fi
}

@test "kata log shows a commit subject's escape sequences escaped" {
	echo x >notes.txt
	git add notes.txt
	git commit -qm "notes ${OSC52} and ${RLO}gnp.exe, été 日本"
	run_kata log
	assert_success
	no_controls "$output"
	# other Unicode is shown as it is
	output_has "gnp.exe, été 日本"
	output_has '\x1b]52;c;ZWNobyBwd25lZA==\x07'
	output_has '\u202egnp.exe'
	# JSON keeps the exact text, escaped by JSON itself
	run_kata log --json
	assert_success
	[ "$(jq -r '.[0].subject' <<<"$output")" = "notes ${OSC52} and ${RLO}gnp.exe, été 日本" ]
}

@test "an error quoting a hostile record's kind shows it escaped" {
	local f
	kata obstacle add "queue" >/dev/null
	f=$(ls "$(target_dir)"/obstacles/*.yaml)
	sed -i 's/^kind: .*/kind: "\\e]52;c;cHduZWQ=\\a"/' "$f"
	grep -q 'e]52' "$f"
	git commit -qam "a hostile record"
	run_kata fsck
	[ "$status" -eq 1 ]
	no_controls "$output$stderr"
	[[ "$output$stderr" == *'\x1b]52;c;cHduZWQ=\x07'* ]]
	run_kata show
	no_controls "$output$stderr"
}

@test "text typed in with a C1 control or a bidi override is refused" {
	snapshot
	run_kata obstacle add $'review queue \u202eeulav'
	assert_error
	stderr_has "holds a control character"
	run_kata obstacle add $'review \u009b2J queue'
	assert_error
	stderr_has "holds a control character"
	run_kata obstacle add $'review \u2067queue'
	assert_error
	assert_unchanged
	# other Unicode is text like any other
	kata_commit obstacle add $'review queue \u00e9t\u00e9 \u65e5\u672c'
}

@test "a record written by hand with a bidi override is refused, not shown" {
	local t
	t=$(target_file)
	printf 'challenge_note: "a \\u202e b"\n' >/dev/null
	sed -i "s/^condition: .*/condition: \"Review wait \\\\u202e under 4 hours\"/" "$t"
	grep -q 'u202e' "$t" || skip "the target has no condition line to edit"
	git commit -qam "a bidi override by hand"
	run_kata show
	no_controls "$output$stderr"
	[ "$status" -eq 1 ]
	stderr_has "text without control characters"
}

# The interactive coach's questions: coach_tty.bats.
