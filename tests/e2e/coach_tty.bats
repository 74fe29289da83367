#!/usr/bin/env bats
# kata coach at a real terminal (through coach_pty.py and a pseudo-terminal):
# the questions asked with their prefilled answers, a second cycle's
# reflection, a repository's own question set; Ctrl-C, end of input and a
# closed terminal saving nothing.

load helper
load coach_helper

PTY=$BATS_TEST_DIRNAME/coach_pty.py

setup() {
	kata_setup
	demo_learner
}

# Runs `kata coach alice` at a terminal: the arguments are coach_pty.py's
# steps. The terminal's output (stdout and stderr of kata) is in $output.
pty_coach() {
	# under a wrapper such as valgrind, kata is slower to answer
	local wait=10
	[[ -z ${KATA_TEST_WRAPPER:-} ]] || wait=120
	local -x KATA_PTY_TIMEOUT=${KATA_PTY_TIMEOUT:-$wait}
	# shellcheck disable=SC2086
	run --separate-stderr python3 "$PTY" "$@" -- ${KATA_TEST_WRAPPER:-} "$KATA" coach ${PTY_LEARNER-alice}
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
	answer "$Q_SEE" ""                               # prefilled: Monday (a Saturday now), at 09:00
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
	[[ $(yaml_get "$s" see_by) == 2026-11-23T09:00* ]]
	[ "$(yaml_get "$m" value)" = 30 ]
	[ "$(yaml_get "$(target_file)" focus)" = "$oid" ]
	[ "$(files_of obstacles | wc -l)" -eq 1 ]
	[ "$(yget "$c" answers.target)" = "Review wait under 4 hours" ]
	[ "$(yget "$c" answers.actual)" = "Reviews wait 1 day" ] || fail "actual: $(yget "$c" answers.actual) $output"
	[ "$(yget "$c" answers.obstacle)" = "$oid" ]
	[ "$(yget "$c" answers.see_by)" = "2026-11-23 09:00" ]
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

@test "at a terminal, SIGTERM at a question ends kata coach, nothing saved, the lock free" {
	focus_obstacle >/dev/null
	as_coach
	snapshot
	pty_coach "expect:$Q_TARGET" "expect:> " "send:\\r" "expect:$Q_ACTUAL" "expect:> " signal:TERM
	[ "$status" -eq 1 ] || fail "expected exit status 1, got $status: $output"
	assert_unchanged
	kata_commit measure review_wait 12
}

@test "at a terminal, a FIFO put in a records folder during the questions ends the cycle with an error" {
	focus_obstacle >/dev/null
	as_coach
	snapshot
	local fifo
	fifo=$(target_dir)/steps/0009-zzzzzzzzzz.yaml
	mkdir -p "$(dirname "$fifo")"
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" "30"
	answer "$Q_OBSTACLE" ""
	answer "$Q_STEP" "Pair on the oldest review each morning"
	answer "$Q_EXPECT" "the oldest review under 1 day"
	answer "$Q_SEE" ""
	# the storyboard was read before the questions; the commit reads it
	# again, with the repository locked: that read must not wait on the FIFO
	ANSWERS+=("expect:$Q_NOTE" "expect:> " "run:mkfifo '$fifo'" "send:\\r")
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 1 ] || fail "expected exit status 1, got $status: $output"
	[[ $output == *"kata: error: $fifo: is a FIFO (named pipe), not a regular file"* ]] ||
		fail "$output"
	assert_unchanged
	# nothing is held: once the FIFO is gone, a write works
	rm "$fifo"
	kata_commit measure review_wait 12
}

@test "at a terminal, an answer the cycle would refuse is refused at its prompt (1e is no number)" {
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" "1e"                         # refused, asked again
	ANSWERS+=("expect:invalid measure '1e'")
	answer "$Q_MEASURE" "25"
	answer "$Q_OBSTACLE" "nobody looks at the review queue"
	answer "$Q_STEP" "Pair each morning"
	answer "$Q_EXPECT" "faster"
	answer "$Q_SEE" ""
	answer "$Q_NOTE" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output == *"step #1 planned"* ]]
	[ "$(yaml_get "$(files_of measures | tail -n 1)" value)" = 25 ]
	repo_clean
}

@test "at a terminal, spaces alone are no answer: asked again when one is needed, none when optional" {
	local oid
	oid=$(focus_obstacle)
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" "\\x15   "                    # blank: asked again
	ANSWERS+=("expect:(an answer is needed)")
	answer "$Q_ACTUAL" "\\x15Reviews wait 1 day"
	answer "$Q_MEASURE" "   "                        # optional: no measure
	answer "$Q_OBSTACLE" ""
	answer "$Q_STEP" "\\xe3\\x80\\x80"               # an ideographic space alone
	ANSWERS+=("expect:(an answer is needed)")
	answer "$Q_STEP" "Pair on the oldest review"
	answer "$Q_EXPECT" "under 1 day"
	answer "$Q_SEE" ""
	answer "$Q_NOTE" "  "                            # optional: no note
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	# the focus is marked as kata show and kata obstacle list mark it
	[[ $output == *"* ${oid:0:4}  nobody looks at the review queue  (focus)"* ]] ||
		fail "no focus mark: $output"
	local c
	c=$(files_of coaching)
	[ "$(yget "$c" answers.actual)" = "Reviews wait 1 day" ]
	[ "$(yget "$c" answers.measure)" = null ]
	[ "$(yget "$c" answers.note)" = null ]
	[ "$(yaml_get "$(files_of steps)" step)" = "Pair on the oldest review" ]
	[ -z "$(files_of measures)" ]
}

# A target condition in German, Japanese and emoji, for the prefills.
TARGET_INTL="Größe passt: 待ち時間 unter 4 h ✅🚀"
CURRENT_INTL="Wartezeit 2 Tage 🐢"
intl_target() {
	kata target abandon >/dev/null
	kata start --challenge "Jede Änderung am selben Tag 🚢" --target "$TARGET_INTL" \
		--by 2026-12-20 --current "$CURRENT_INTL" --metric review_wait --unit h >/dev/null
}

# A first cycle in locale $1: the prefills (German, Japanese, emoji)
# accepted with Enter, text typed and edited in the three; every answer
# recorded byte for byte.
intl_cycle() {
	intl_target
	as_coach
	local -x LC_ALL=$1
	ANSWERS=()
	answer "$Q_TARGET" ""                               # prefilled
	ANSWERS+=("expect:$Q_ACTUAL" "expect:> $CURRENT_INTL" "send:\\r")   # shown, taken
	answer "$Q_MEASURE" "3"
	answer "$Q_OBSTACLE" "箱の大きさが分からない 📦"
	answer "$Q_STEP" "Größx\\x7fe der Kisten messen"      # a backspace takes one character
	answer "$Q_EXPECT" "時間\\x01待ち"                      # Ctrl-A: before the wide characters
	answer "$Q_SEE" ""
	answer "$Q_NOTE" "Notiz 🚀\\x1b[D✅"                 # left over the emoji
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	# the prefills shown, not blank
	[[ $output == *"> $TARGET_INTL"* ]] || fail "prefill not shown: $output"
	local c s o
	c=$(files_of coaching)
	s=$(files_of steps)
	o=$(files_of obstacles)
	[ "$(yget "$c" answers.target)" = "$TARGET_INTL" ] || fail "target: $(yget "$c" answers.target)"
	[ "$(yget "$c" answers.actual)" = "$CURRENT_INTL" ] || fail "actual: $(yget "$c" answers.actual)"
	[ "$(yaml_get "$o" text)" = "箱の大きさが分からない 📦" ] || fail "obstacle: $(yaml_get "$o" text)"
	[ "$(yaml_get "$s" step)" = "Größe der Kisten messen" ] || fail "step: $(yaml_get "$s" step)"
	[ "$(yaml_get "$s" expect)" = "待ち時間" ] || fail "expect: $(yaml_get "$s" expect)"
	[ "$(yget "$c" answers.note)" = "Notiz ✅🚀" ] || fail "note: $(yget "$c" answers.note)"
	repo_clean
	check_yaml
	fsck_clean
}

@test "at a terminal in the C locale, German, Japanese and emoji go in and out byte for byte" {
	intl_cycle C
}

@test "at a terminal in a UTF-8 locale, German, Japanese and emoji go in and out byte for byte" {
	locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || skip "no C.UTF-8 locale"
	intl_cycle C.UTF-8
}

# The header, and stop at the first question (nothing saved).
header_only() {
	pty_coach "expect:$Q_TARGET" "expect:> " "send:\\x03"
	[ "$status" -eq 1 ] || fail "exit status $status: $output"
	# the header: what came before the first question, without colours
	HEADER=$(sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' <<<"${output%%"$Q_TARGET"*}")
}

@test "at a terminal, the header shows the last step the learner reflected on herself" {
	kata step "Pair on the oldest review" --expect "under 1 day" --see-by "tomorrow 10:00" >/dev/null
	KATA_NOW=2026-11-22T10:30:00Z kata step done --happened "20 hours; Größe zählt" \
		--learned "mornings are full of meetings" >/dev/null
	as_coach
	local -x KATA_NOW=2026-11-23T09:00:00Z
	header_only
	[[ $HEADER != *"first cycle"* ]] || fail "$HEADER"
	grep -qx '  last step #1:      Pair on the oldest review' <<<"$HEADER" || fail "$HEADER"
	grep -qx '  expected:          under 1 day' <<<"$HEADER" || fail "$HEADER"
	grep -qx '  happened:          20 hours; Größe zählt' <<<"$HEADER" || fail "$HEADER"
	grep -qx '  learned:           mornings are full of meetings' <<<"$HEADER" || fail "$HEADER"
	grep -qx '  reflected on:      2026-11-22 10:30' <<<"$HEADER" || fail "$HEADER"
	# a learner with no step at all: a first cycle
	kata learner add dora >/dev/null
	kata -l dora start --challenge c --target t --by 2026-12-20 >/dev/null
	run --separate-stderr python3 "$PTY" "expect:$Q_TARGET" "expect:> " "send:\\x03" -- "$KATA" coach dora
	[[ $output == *"first cycle: no step yet to reflect on"* ]] || fail "$output"
}

@test "at a terminal, the header marks an overdue go-and-see as show does, in its format" {
	kata step "Pair on the oldest review" --expect "under 1 day" --see-by "tomorrow 10:00" >/dev/null
	as_coach
	local -x KATA_NOW=2026-11-22T09:59:00Z
	header_only
	grep -qx '  go and see:        2026-11-22 10:00 (due today)' <<<"$HEADER" || fail "$HEADER"
	KATA_NOW=2026-11-22T10:01:00Z
	header_only
	grep -qx '  go and see:        2026-11-22 10:00 (overdue)' <<<"$HEADER" || fail "$HEADER"
	run_kata show
	assert_line '      OPEN, go and see 2026-11-22 10:00 (overdue)'
}

@test "at a terminal, the header wraps long text to \$COLUMNS at word boundaries" {
	local step="Die Größe der Kisten messen und ein neues Regal bestellen, wenn 待ち時間 zu lang ist 🚀 oder die Kisten nicht passen"
	kata obstacle add "Niemand weiß, welche Größe die Kisten haben: 箱の大きさが分からない 📦 und das Regal ist voll" >/dev/null
	kata step "$step" --expect "jede Kiste passt ins Regal" >/dev/null
	as_coach
	local -x COLUMNS=50
	header_only
	python3 - "$HEADER" "$step" <<-'PY'
	import sys, unicodedata
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	lines, step = sys.argv[1].split("\n"), sys.argv[2]
	for l in lines:
	    assert width(l) <= 50, "wider than 50: %r (%d)" % (l, width(l))
	# the step whole, from its label on, its lines under its first
	i = [n for n, l in enumerate(lines) if l.startswith("  last step #1:")][0]
	text = lines[i][21:]
	while lines[i + 1].startswith(" " * 21) and not lines[i + 1].startswith("  expected"):
	    i += 1
	    sep = "" if unicodedata.east_asian_width(text[-1]) in "WF" else " "
	    text += sep + lines[i][21:]
	assert text == step, (text, step)
	PY
}

@test "at a terminal, '<' goes back a question, the answers given so far offered again" {
	focus_obstacle >/dev/null
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" "\\x15<"                          # nothing before the first
	ANSWERS+=("expect:(this is the first question)")
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" "\\x15Reviews wait 1 day, Größe 📦"
	answer "$Q_MEASURE" "30"
	answer "$Q_OBSTACLE" "\\x15<"                        # back to the measure: 30 again
	ANSWERS+=("expect:$Q_MEASURE" "expect:> 30" "send:\\x15<\\r")  # and back again
	ANSWERS+=("expect:$Q_ACTUAL" "expect:> Reviews wait 1 day, Größe 📦" "send:\\r")
	answer "$Q_MEASURE" "\\x1531"
	answer "$Q_OBSTACLE" ""
	answer "$Q_STEP" "Pair each morning"
	answer "$Q_EXPECT" " < "                             # back into the step: as typed
	ANSWERS+=("expect:$Q_STEP" "expect:> Pair each morning" "send: 待ち時間\\r")
	answer "$Q_EXPECT" "under 1 day"
	answer "$Q_SEE" ""
	answer "$Q_NOTE" "<"
	ANSWERS+=("expect:$Q_SEE" "expect:> 2026-11-23 09:00" "send:\\r")
	answer "$Q_NOTE" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	# the hint says how
	[[ $output == *"'<' alone goes"* ]] || fail "$output"
	repo_clean
	local c s
	c=$(files_of coaching)
	s=$(files_of steps)
	[ "$(yget "$c" answers.actual)" = "Reviews wait 1 day, Größe 📦" ]
	[ "$(yget "$c" answers.measure)" = 31 ]
	[ "$(yaml_get "$(files_of measures)" value)" = 31 ]
	[ "$(yaml_get "$s" step)" = "Pair each morning 待ち時間" ]
	[ "$(yaml_get "$s" expect)" = "under 1 day" ]
	[ "$(yget "$c" answers.note)" = null ]
	[ "$(files_of obstacles | wc -l)" -eq 1 ]
	# '<' is not an answer anywhere
	! grep -rq '<' "$(target_dir)" || fail "'<' recorded: $(grep -r '<' "$(target_dir)")"
	fsck_clean
}

# The lines after "coaching cycle ... recorded", without colours.
recap_of() {
	sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' <<<"${output#*"coaching cycle"*"recorded"}" | tail -n +2
}

@test "at a terminal, the cycle ends with a recap of what it recorded" {
	kata step "Pair on the oldest review" --expect "under 1 day" --see-by tomorrow >/dev/null
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" "30"
	answer "$Q_HAPPENED" "the oldest waited 20 hours"
	answer "$Q_LEARNED" "mornings are full of meetings"
	answer "$Q_OBSTACLE" "reviewers are in meetings all morning"
	answer "$Q_STEP" "Review right after the stand-up"
	answer "$Q_EXPECT" "under 4 hours"
	answer "$Q_SEE" "\\x15+2d 14:00"
	answer "$Q_NOTE" "ask for the data first 📊"
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	local o
	o=$(yaml_get "$(files_of obstacles)" id)
	diff -u - <(recap_of) <<-EOF || fail "the recap differs: $output"
	  closed step #1:    Pair on the oldest review
	  learned:           mornings are full of meetings
	  obstacle in focus: ${o:0:4}  reviewers are in meetings all morning  (new)
	  planned step #2:   Review right after the stand-up
	  expect:            under 4 hours
	  go and see:        2026-11-23 14:00
	  measure:           review_wait = 30 h
	  note:              ask for the data first 📊
	EOF

	# the next day: no measure, no note, the obstacle in focus kept
	local -x KATA_NOW=2026-11-23T15:00:00Z
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" ""
	answer "$Q_HAPPENED" "3 hours"
	answer "$Q_LEARNED" "the stand-up is the right time"
	answer "$Q_OBSTACLE" ""
	answer "$Q_STEP" "Keep it for a week"
	answer "$Q_EXPECT" "under 4 hours every day"
	answer "$Q_SEE" "\\x15+1d 10:00"
	answer "$Q_NOTE" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	diff -u - <(recap_of) <<-EOF || fail "the recap differs: $output"
	  closed step #2:    Review right after the stand-up
	  learned:           the stand-up is the right time
	  obstacle in focus: ${o:0:4}  reviewers are in meetings all morning
	  planned step #3:   Keep it for a week
	  expect:            under 4 hours every day
	  go and see:        2026-11-24 10:00
	EOF
	repo_clean
}

@test "at a terminal, a mistyped obstacle ID is confirmed first: N asks again, y adds it as new text" {
	local oid
	oid=$(focus_obstacle)
	as_coach
	ANSWERS=()
	answer "$Q_TARGET" ""
	answer "$Q_ACTUAL" ""
	answer "$Q_MEASURE" ""
	answer "$Q_OBSTACLE" "\\x15zz9q"                # looks like an ID, matches none
	ANSWERS+=("expect:add it as a new obstacle? [y/N]" "expect:> " "send:\\r")
	answer "$Q_OBSTACLE" "\\x15zz9q"                # asked again; this time meant
	ANSWERS+=("expect:add it as a new obstacle? [y/N]" "expect:> " "send:y\\r")
	answer "$Q_STEP" "Label the queue"
	answer "$Q_EXPECT" "one label a day"
	answer "$Q_SEE" ""
	answer "$Q_NOTE" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output == *"no obstacle 'zz9q'"* ]]
	[ "$(files_of obstacles | wc -l)" -eq 2 ]
	local new
	new=$(files_of obstacles | tail -n 1)
	[ "$(yaml_get "$new" text)" = zz9q ]
	[ "$(yaml_get "$(target_file)" focus)" = "$(yaml_get "$new" id)" ]
	[ "$(yaml_get "$(files_of steps)" obstacle)" = "$(yaml_get "$new" id)" ]
	fsck_clean
}

@test "at a terminal, a coach of several learners picks one; a name not theirs is asked again" {
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	python3 - learners/alice/learner.yaml <<'PY'
import sys
p = sys.argv[1]
open(p, "a").write("coach: bob\n")
PY
	git commit -qam "alice is coached by bob"
	kata learner add dave --name "Dave" --email dave@example.com --coach bob >/dev/null
	as_coach
	local before
	before=$(commits)
	PTY_LEARNER= pty_coach "expect:You coach alice, dave. Which learner? " "type:eve\\r" \
		"expect:not one of yours: alice, dave. Which learner? " "type:alice\\r" \
		"expect:$Q_TARGET" "expect:> " "send:\\x03"
	[[ $output == *"Review wait under 4 hours"* ]] || fail "alice's storyboard not shown: $output"
	[ "$status" -ne 0 ]
	[ "$(commits)" -eq "$before" ]
}

@test "at a terminal, a question set's ask: text is shown with its escape sequences escaped" {
	own_questions <<-'EOF'
	kind: questions
	id: ours
	source: our team
	questions:
	- key: target
	  ask: "Where \e]52;c;cHduZWQ=\a next?"
	  required: true
	- key: obstacle
	  ask: "Which \e[2J obstacle now?"
	  required: true
	- key: next_step
	  ask: "Next \u202e?"
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
	answer 'Where \x1b]52;c;cHduZWQ=\x07 next?' ""
	answer 'Which \x1b[2J obstacle now?' "nobody looks at the queue"
	ANSWERS+=('expect:Next \u202e?')
	answer "What will you do?" "Pair each morning"
	answer "What do you expect?" "under 1 day"
	answer "When do we look?" ""
	pty_coach "${ANSWERS[@]}"
	[ "$status" -eq 0 ] || fail "exit status $status: $output"
	[[ $output != *$'\e]52'* && $output != *$'\e[2J'* && $output != *$'\xe2\x80\xae'* ]] ||
		fail "raw escape sequences reached the terminal: $(printf '%q' "$output")"
	repo_clean
}
