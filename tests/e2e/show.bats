#!/usr/bin/env bats
# kata show: the storyboard in the terminal, and as JSON.

load helper

setup() {
	kata_setup
	demo_learner
	kata obstacle add "Reviewers are in meetings all morning" >/dev/null
	kata obstacle add "CI takes 40 minutes" >/dev/null
	kata obstacle add "Nobody owns the review queue" >/dev/null
	FOCUS=$(obstacle_ids | sed -n 2p)
	CLOSED=$(obstacle_ids | sed -n 3p)
	kata obstacle focus "$FOCUS" >/dev/null
	kata obstacle close "$CLOSED" >/dev/null
	kata step "Run CI on the reviewer's machine" --expect "review starts within 1 hour" >/dev/null
	kata step done --happened "started after 3 hours" --learned "the wait is the queue, not CI" >/dev/null
	kata step "Post new reviews in the team chat" --expect "someone picks it up in 30 min" \
		--see-by "tomorrow 10:00" >/dev/null
	kata measure review_wait 30 --at -2d >/dev/null
	kata measure review_wait 20 --at yesterday >/dev/null
	kata measure review_wait 12.5 >/dev/null
}

@test "show prints the storyboard: challenge, target, obstacles, steps" {
	run_kata show
	assert_success
	assert_line --index 0 --regexp '^alice - Alice Example'
	output_has "focus process: code review"
	assert_line "CHALLENGE"
	assert_line "  Ship every change the day it is written"
	assert_line "TARGET CONDITION"
	# 2026-11-21 to 2026-12-20
	assert_line --regexp '^  [0-9a-z]{4,}  achieve by 2026-12-20  \(29 days left\)$'
	assert_line "  Review wait under 4 hours"
	assert_line --regexp '^  metric: review_wait \(h\), goal 4, lower is better$'
	assert_line "CURRENT CONDITION"
	assert_line "  at start: Reviews wait 2 days"
	assert_line --regexp '^  review_wait +[^ ]+  30 -> 12.5( .*)?  \(3 values\)$'
	assert_line "OBSTACLES PARKING LOT"
	assert_line --regexp "^  \* ${FOCUS}  CI takes 40 minutes  \(focus\)$"
	assert_line --regexp '^    [0-9a-z]{4,}  Reviewers are in meetings all morning$'
	assert_line --regexp "^    ${CLOSED}  Nobody owns the review queue  \(closed\)$"
	[ "$(grep -c '(focus)' <<<"$output")" -eq 1 ]
	assert_line "PDCA CYCLES RECORD"
	assert_line --regexp "^  #1 [0-9a-z]{4,}  2026-11-21  Run CI on the reviewer's machine$"
	assert_line "      expect:   review starts within 1 hour"
	assert_line "      happened: started after 3 hours"
	assert_line "      learned:  the wait is the queue, not CI"
	assert_line --regexp '^  #2 [0-9a-z]{4,}  2026-11-21  Post new reviews in the team chat$'
	assert_line "      expect:   someone picks it up in 30 min"
	assert_line "      OPEN, go and see 2026-11-22 10:00"
	refute_output --partial "overdue"
}

@test "show flags the open step's go-and-see as overdue once it has passed" {
	KATA_NOW=2026-11-22T09:59:00Z run_kata show
	assert_success
	refute_output --partial "(overdue)"
	KATA_NOW=2026-11-22T10:01:00Z run_kata show
	assert_success
	assert_line --regexp '^      OPEN, go and see 2026-11-22 10:00 \(overdue\)$'
	[ "$(grep -c '(overdue)' <<<"$output")" -eq 1 ]
}

@test "show counts the days left to achieve-by from KATA_NOW" {
	KATA_NOW=2026-12-19T23:00:00Z run_kata show
	assert_line --regexp 'achieve by 2026-12-20  \(1 day left\)$'
	KATA_NOW=2026-12-20T08:00:00Z run_kata show
	assert_line --regexp 'achieve by 2026-12-20  \(due today\)$'
	KATA_NOW=2026-12-23T08:00:00Z run_kata show
	assert_line --regexp 'achieve by 2026-12-20  \(3 days past\)$'
}

@test "show does not write" {
	snapshot
	run_kata show
	assert_success
	run_kata show --json
	assert_success
	assert_unchanged
}

@test "show --json has exactly the keys of SPEC 6, lists in order" {
	run_kata show --json
	assert_success
	[ -z "$stderr" ]
	python3 - "$output" "$(yaml_get "$(target_file)" id)" <<-'EOF'
	import json, sys
	j = json.loads(sys.argv[1])
	tid = sys.argv[2]
	# SPEC 6's keys, then the second coach's feedback (README)
	assert list(j) == ["learner", "target", "obstacles", "steps", "measures", "coaching",
	                   "feedback"], list(j)
	l = j["learner"]
	assert l["kind"] == "learner" and l["id"] == "alice" and l["name"] == "Alice Example", l
	assert l["emails"] == ["alice@example.com"], l
	t = j["target"]
	assert t["kind"] == "target" and t["id"] == tid, t
	assert t["condition"] == "Review wait under 4 hours", t
	assert t["achieve_by"] == "2026-12-20", t
	assert t["status"] == "active", t
	assert t["goal"] == 4 and t["lower_is_better"] is True, t
	o = j["obstacles"]
	assert [x["text"] for x in o] == ["Reviewers are in meetings all morning",
	                                  "CI takes 40 minutes",
	                                  "Nobody owns the review queue"], o
	assert [x["status"] for x in o] == ["open", "open", "closed"], o
	assert t["focus"] == o[1]["id"], (t, o)
	assert all(x["kind"] == "obstacle" and len(x["id"]) == 10 for x in o), o
	s = j["steps"]
	assert [x["step"] for x in s] == ["Run CI on the reviewer's machine",
	                                  "Post new reviews in the team chat"], s
	assert s[0]["status"] == "done" and s[0]["learned"] == "the wait is the queue, not CI", s
	assert s[1]["status"] == "open" and "happened" not in s[1], s
	assert s[1]["see_by"] == "2026-11-22T10:00:00Z", s
	assert s[1]["obstacle"] == o[1]["id"], s
	m = j["measures"]
	assert [x["value"] for x in m] == [30, 20, 12.5], m
	assert all(x["metric"] == "review_wait" for x in m), m
	assert j["coaching"] == [], j["coaching"]
	assert j["feedback"] == [], j["feedback"]
	EOF
}

@test "--json works before the command too" {
	run_kata show --json
	local after=$output
	run_kata --json show
	assert_success
	[ "$output" = "$after" ]
}

@test "show --json of a learner without a target condition has target null" {
	kata learner add bob --name "Bob B" >/dev/null
	run_kata show bob --json
	assert_success
	python3 -c '
import json, sys
j = json.loads(sys.argv[1])
assert list(j) == ["learner", "target", "obstacles", "steps", "measures", "coaching",
                   "feedback"], list(j)
assert j["learner"]["id"] == "bob", j
assert j["target"] is None, j
assert j["obstacles"] == [] and j["steps"] == [] and j["measures"] == [] and j["coaching"] == [], j
assert j["feedback"] == [], j
' "$output"

	run_kata show bob
	assert_success
	assert_line --index 0 "bob - Bob B"
	output_has "kata start"
}

@test "show LEARNER shows that learner" {
	kata learner add bob >/dev/null
	kata -l bob start --challenge "Bob's challenge" --target "Bob's target" --by 2026-12-31 >/dev/null
	run_kata show bob
	assert_success
	output_has "Bob's challenge"
	refute_output --partial "Ship every change"
	run_kata show
	output_has "Ship every change"
}

@test "show of an ended target condition shows it as reached" {
	kata target done --happened "picked up in 20 min" --learned "the chat works" >/dev/null
	run_kata show
	assert_success
	assert_line --regexp 'achieve by 2026-12-20  \[reached\]$'
	run_kata show --json
	[ "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["target"]["status"])' "$output")" = done ]
}

@test "--color=never writes no escape sequences; --color=always does" {
	run_kata show --color=never
	assert_success
	[[ $output != *$'\e'* ]]
	run_kata show
	assert_success
	[[ $output != *$'\e'* ]]	# not a terminal
	run_kata show --color=always
	assert_success
	[[ $output == *$'\e['* ]]
	run_kata --color=always show
	[[ $output == *$'\e['* ]]
	run_kata obstacle list --color=always
	[[ $output == *$'\e['* ]]
	run_kata show --color=sometimes
	assert_usage_error
	stderr_has sometimes
}

@test "--color=always output has the same text as --color=never" {
	run_kata show --color=never
	local plain=$output
	run_kata show --color=always
	[ "$(sed 's/\x1b\[[0-9;]*m//g' <<<"$output")" = "$plain" ]
}

@test "on a terminal, colour by default; NO_COLOR turns it off" {
	command -v script >/dev/null || skip "no script(1) to make a terminal"
	run script -qec "$KATA show" /dev/null
	assert_success
	[[ $output == *$'\e['* ]]
	NO_COLOR=1 run script -qec "$KATA show" /dev/null
	assert_success
	output_has "CHALLENGE"
	[[ $output != *$'\e'* ]]
	NO_COLOR=1 run script -qec "$KATA show --color=never" /dev/null
	[[ $output != *$'\e'* ]]
	run script -qec "$KATA show --color=never" /dev/null
	output_has "CHALLENGE"
	[[ $output != *$'\e'* ]]
}

@test "the storyboard shows multi-line text indented under its label" {
	kata step done --happened $'line one\nline two' --learned "l" >/dev/null
	run_kata show
	assert_line "      happened: line one"
	assert_line "                line two"
}

@test "show --json types every value by its field, and keys added by hand as a YAML 1.1 reader does" {
	kata measure review_wait 31 >/dev/null
	local t m
	t=$(target_file)
	m=$(grep -l "^value: 31$" "$(target_dir)"/measures/*.yaml)
	# keys kata does not know, added by hand; a quoted number in a number field
	cat >>"$t" <<-'EOF'
	big: 1e999
	hex: 0x1F
	oct: 010
	ratio: 2.50
	flag: yes
	nothing: ~
	words: '010'
	EOF
	sed -i "s/^value: 31$/value: '31'/" "$m"
	git commit -qam "notes by hand"
	run_kata fsck
	assert_success
	run_kata show --json
	assert_success
	python3 - "$output" "$t" <<-'PY'
	import json, sys, yaml
	j = json.loads(sys.argv[1])
	t = j["target"]
	# what PyYAML (a YAML 1.1 reader) reads, and nothing lost
	y = yaml.safe_load(open(sys.argv[2]))
	assert t["big"] == "1e999" == y["big"], (t["big"], y["big"])
	assert t["hex"] == 31 == y["hex"] and isinstance(t["hex"], int), t["hex"]
	assert t["oct"] == 8 == y["oct"] and isinstance(t["oct"], int), t["oct"]
	assert t["ratio"] == 2.5 and isinstance(t["ratio"], float), t["ratio"]
	assert t["flag"] is True and t["nothing"] is None, t
	assert t["words"] == "010", t["words"]
	# the fields kata knows, by their type
	assert t["goal"] == 4 and isinstance(t["goal"], int), t["goal"]
	assert t["lower_is_better"] is True, t
	assert [x["value"] for x in j["measures"]][-1] == 31, j["measures"]
	assert all(isinstance(x["value"], (int, float)) for x in j["measures"]), j["measures"]
	PY
}

# Checks, in python, the storyboard in $output at $1 columns: no line wider
# than that in display columns (a wide character two, a combining one
# none), and each text given after it shown whole, wrapped at word
# boundaries (a space, or between two wide characters) with its further
# lines indented alike.
check_wrapped() {
	python3 - "$output" "$@" <<-'EOF'
	import sys, unicodedata
	def width(s):
	    return sum(0 if unicodedata.combining(c) else
	               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	def wide(c):
	    return unicodedata.east_asian_width(c) in "WF"
	out, cols, texts = sys.argv[1].split("\n"), int(sys.argv[2]), sys.argv[3:]
	for l in out:
	    assert width(l) <= cols, "wider than %d: %r (%d)" % (cols, l, width(l))
	for text in texts:
	    start = [i for i, l in enumerate(out) if text.split()[0] + " " in l]
	    assert len(start) == 1, (text, start)
	    i = start[0]
	    seg = out[i][out[i].index(text.split()[0] + " "):]
	    pos, indent, n = 0, None, 0
	    while True:
	        assert text.startswith(seg, pos), "not the text's next part: %r in %r" % (seg, text)
	        pos += len(seg)
	        if pos == len(text):
	            break
	        ws = len(text[pos:]) - len(text[pos:].lstrip())
	        assert ws or (wide(text[pos - 1]) and wide(text[pos])), \
	            "broken inside a word: %r | %r" % (text[:pos], text[pos:])
	        pos += ws
	        i += 1
	        n += 1
	        line = out[i]
	        seg = line.lstrip(" ")
	        ind = len(line) - len(seg)
	        assert ind > 0 and indent in (None, ind), "indented %d, not %s: %r" % (ind, indent, line)
	        indent = ind
	    assert n > 0, "not wrapped: %r" % text
	EOF
}

@test "show wraps long text at word boundaries to \$COLUMNS, in any language, nothing lost" {
	local step="Die Größe der Kisten messen und ein neues Regal bestellen, wenn 待ち時間 zu lang ist 🚀 oder die Kisten nicht passen"
	local expect="jede Kiste passt ins Regal und 待ち時間 sinkt um die Hälfte ✅ ohne Umbau"
	local obstacle="Niemand weiß, welche Größe die Kisten haben: 箱の大きさが分からない 📦 und das Regal ist voll"
	kata obstacle add "$obstacle" >/dev/null
	kata step done --happened h --learned l >/dev/null
	kata step "$step" --expect "$expect" >/dev/null
	COLUMNS=40 run_kata show
	assert_success
	check_wrapped 40 "$step" "$expect" "$obstacle" "Ship every change the day it is written"
	COLUMNS=60 run_kata show
	check_wrapped 60 "$step" "$expect" "$obstacle"
	# not a terminal, no $COLUMNS: 80 columns
	run_kata show
	check_wrapped 80 "$step" "$expect" "$obstacle"
	# the words, byte for byte, in the JSON
	run_kata show --json
	python3 -c '
import json, sys
j = json.loads(sys.argv[1])
assert j["steps"][-1]["step"] == sys.argv[2], j["steps"][-1]
assert j["obstacles"][-1]["text"] == sys.argv[3], j["obstacles"][-1]
' "$output" "$step" "$obstacle"
}

@test "show lines the run chart up by display width: German, Japanese, emoji metric names" {
	local who metric
	for who in de ja emo ascii; do
		case $who in
		de) metric="Größe" ;;
		ja) metric="待ち時間" ;;
		emo) metric="🚀rate" ;;
		ascii) metric="size" ;;
		esac
		kata learner add "$who" >/dev/null
		kata -l "$who" start --challenge c --target t --by 2026-12-20 --metric "$metric" >/dev/null
		kata -l "$who" measure "$metric" 3 >/dev/null
		kata -l "$who" measure "$metric" 5 >/dev/null
		run_kata show "$who"
		assert_success
		# the sparkline starts at the same display column whatever the name
		python3 - "$output" "$metric" <<-'EOF'
		import sys, unicodedata
		def width(s):
		    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
		line = [l for l in sys.argv[1].split("\n") if l.startswith("  " + sys.argv[2] + " ")]
		assert len(line) == 1, sys.argv[1]
		l = line[0]
		bar = min(l.index(c) for c in "▁▂▃▄▅▆▇█" if c in l)
		assert width(l[:bar]) == 23, (l, width(l[:bar]))
		EOF
	done
}

@test "show draws the run chart of single values, oldest first, with the goal's level marked" {
	# 30, 20, 12.5 against the goal 4 (lower is better): the goal is the bottom
	run_kata show
	assert_success
	assert_line --regexp '^  review_wait +█▅▃  30 -> 12\.5 h, goal 4 ▁  \(3 values\)$'
	kata measure review_wait 2 >/dev/null
	run_kata show
	assert_line --regexp '^  review_wait +█▆▄▁  30 -> 2 h, goal 4 ▂  \(4 values\)$'
}

@test "show draws values as far apart as a double allows, without a crash" {
	kata measure review_wait 1e308 >/dev/null
	kata measure review_wait -- -1e308 >/dev/null
	run_kata show
	assert_success
	# 30, 20 and 12.5 are the middle between -1e308 and 1e308, as the goal is
	assert_line --regexp '^  review_wait +▅▅▅█▁  30 -> -1\.0e\+308 h, goal 4 ▅  \(5 values\)$'
}

@test "show marks the go-and-see due on its day, and overdue once it has passed" {
	KATA_NOW=2026-11-22T08:00:00Z run_kata show
	assert_line --regexp '^      OPEN, go and see 2026-11-22 10:00 \(due today\)$'
	KATA_NOW=2026-11-21T23:00:00Z run_kata show
	refute_output --partial "(due today)"
	KATA_NOW=2026-11-22T10:01:00Z run_kata show
	refute_output --partial "(due today)"
	output_has "(overdue)"
}
