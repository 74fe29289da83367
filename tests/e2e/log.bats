#!/usr/bin/env bats
# kata log: the history newest first, from the commits and their trailers;
# commits made by hand are shown plainly, never dropped.

load helper

setup() {
	kata_setup
	demo_learner
}

# A commit made by hand with git, at the time of KATA_NOW (as kata's are).
hand_commit() {
	local msg=$1
	shift
	git add -- "$@"
	GIT_AUTHOR_DATE=$KATA_NOW GIT_COMMITTER_DATE=$KATA_NOW \
		git commit -q -m "$msg"
}

# Alice and Bob, each with a few commits, one day after another, and a hand
# commit in Alice's folder and one outside every learner's.
team_history() {
	kata learner add bob --name "Bob Example" --email bob@example.com >/dev/null
	KATA_NOW=2026-11-22T09:00:00Z kata -l bob start --challenge "No scrap" \
		--target "Scrap under 2%" --by 2026-12-20 >/dev/null
	KATA_NOW=2026-11-23T09:00:00Z kata obstacle add "the die is worn" >/dev/null
	KATA_NOW=2026-11-23T10:00:00Z kata -l bob measure --new-metric scrap 4 >/dev/null
	echo "note: by hand" >>learners/alice/learner.yaml
	KATA_NOW=2026-11-24T09:00:00Z hand_commit "alice's learner file, by hand" \
		learners/alice/learner.yaml
	echo "# Press shop" >README.md
	KATA_NOW=2026-11-24T10:00:00Z hand_commit "Add a README" README.md
	KATA_NOW=2026-11-25T09:00:00Z kata step "Sharpen the die" --expect "scrap 3%" \
		>/dev/null
	export KATA_NOW=2026-11-25T12:00:00Z
}

# Compares `kata log --json` (in $output) with what git says of HEAD's
# history, commit by commit: the same commits in the same order (newest
# first), each with the date, author, trailers and subject git reads.
# Arguments: git log's limiting options, if any.
json_matches_git() {
	local out
	if ! out=$(python3 - "$output" "$@" 2>&1 <<-'EOF'
	import datetime, json, subprocess, sys
	log = json.loads(sys.argv[1])
	fmt = "%x1e%H%x1f%aI%x1f%an <%ae>%x1f" + "%x1f".join(
	    "%%(trailers:key=Kata-%s,valueonly,separator=%%x2C)" % k
	    for k in ("Learner", "Action", "Record")) + "%x1f%s"
	raw = subprocess.run(["git", "log", "--format=" + fmt] + sys.argv[2:],
	                     check=True, capture_output=True, text=True).stdout
	want = [r.strip("\n").split("\x1f") for r in raw.split("\x1e")[1:]]
	if len(log) != len(want):
	    sys.exit("kata log shows %d commits, git log %d" % (len(log), len(want)))
	for got, (h, date, author, learner, action, record, subject) in zip(log, want):
	    exp = {"commit": h, "author": author, "learner": learner or None,
	           "action": action or None, "record": record or None,
	           "subject": subject}
	    for k, v in exp.items():
	        if got[k] != v:
	            sys.exit("%s: %s is %r, git says %r" % (h, k, got[k], v))
	    a = datetime.datetime.fromisoformat(got["date"].replace("Z", "+00:00"))
	    b = datetime.datetime.fromisoformat(date)
	    if a != b or a.utcoffset() != b.utcoffset():
	        sys.exit("%s: date is %s, git says %s" % (h, got["date"], date))
	EOF
	); then
		fail "kata log --json does not match git log: $out"
		return 1
	fi
}

# The commit IDs of `kata log --json` (in $output), one a line.
json_commits() {
	python3 -c 'import json, sys
for e in json.loads(sys.argv[1]): print(e["commit"])' "$output"
}

@test "log shows every commit newest first, one line each, fields from the trailers" {
	kata step "Pair on the oldest review" --expect "wait under 1 day" >/dev/null
	run_kata log
	assert_success
	[ -z "$stderr" ]
	# init, learner add, start, step: newest first, as git log.
	[ "${#lines[@]}" -eq 4 ]
	[ "$(printf '%s\n' "${lines[@]}" | awk '{ print $1 }')" = \
		"$(git log --format=%h)" ]
	local id
	id=$(trailer Kata-Record)
	assert_line -n 0 --regexp "^[0-9a-f]{7} 2026-11-21 alice +step-plan +alice +alice: step ${id:0:4} planned: Pair on the oldest review\$"
	assert_line -n 1 --regexp '^[0-9a-f]{7} 2026-11-21 alice +target-start +alice +alice: target '
	assert_line -n 2 --regexp '^[0-9a-f]{7} 2026-11-21 alice +learner-add +alice +alice: add learner Alice Example$'
	assert_line -n 3 --regexp '^[0-9a-f]{7} 2026-11-21 - +init +alice +kata: '
	# Aligned: the subject starts in the same column on every line.
	[ "$(printf '%s\n' "${lines[@]}" | awk '{ print index($0, $6) }' | sort -u |
		wc -l)" -eq 1 ]
	repo_clean
}

@test "log --json: the keys of SPEC 6 in order, every field as git log reads it" {
	team_history
	run_kata log --json
	assert_success
	python3 - "$output" <<-'EOF'
	import json, sys
	log = json.loads(sys.argv[1])
	assert isinstance(log, list) and log, log
	keys = ["commit", "date", "author", "learner", "action", "record", "subject"]
	for e in log:
	    assert list(e.keys()) == keys, list(e.keys())
	EOF
	json_matches_git
	# The hand commits are there, with null trailers.
	python3 - "$output" <<-'EOF'
	import json, sys
	hand = [e for e in json.loads(sys.argv[1]) if e["action"] is None]
	assert [e["subject"] for e in hand] == ["Add a README", "alice's learner file, by hand"], hand
	assert all(e["learner"] is None and e["record"] is None for e in hand), hand
	EOF
}

@test "log -n N shows the newest N" {
	team_history
	run_kata log -n 2 --json
	assert_success
	json_matches_git -n 2
	run_kata log -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$(printf '%s\n' "${lines[@]}" | awk '{ print $1 }')" = \
		"$(git log -n 2 --format=%h)" ]
	assert_line -n 0 --partial "alice: step"
	assert_line -n 1 --regexp ' - +- +alice +Add a README$'
	run_kata log -n1
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run_kata log -n 1000 --json
	assert_success
	json_matches_git
}

@test "log --since shows only the commits since WHEN" {
	team_history
	run_kata log --since 2026-11-24 --json
	assert_success
	json_matches_git --since=2026-11-24T00:00:00Z
	[ "$(json_commits | wc -l)" -eq 3 ]
	# Relative to now (KATA_NOW is 2026-11-25 12:00): the last 2 days.
	run_kata log --since -1d
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line -n 2 --partial "alice's learner file, by hand"
	run_kata log --since "2026-11-23 09:30"
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	assert_line -n 3 --regexp 'bob +measure +alice +bob: measure [0-9a-z]{4}: scrap = 4$'
	# A weekday is the last one (KATA_NOW is Wednesday 2026-11-25).
	run_kata log --since monday --json
	assert_success
	json_matches_git --since=2026-11-23T00:00:00Z
	run_kata log --since wed --json
	assert_success
	json_matches_git --since=2026-11-25T00:00:00Z
	# With -n too, the smaller wins.
	run_kata log --since 2026-11-22 -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	# Nothing since: nothing printed, success.
	run_kata log --since tomorrow
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
	run_kata log --since tomorrow --json
	assert_success
	[ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]))' "$output")" = "[]" ]
}

@test "log LEARNER shows that learner's commits and the hand commits in their folder" {
	team_history
	run_kata log bob --json
	assert_success
	# Exactly the commits with Kata-Learner: bob, none by hand.
	[ "$(json_commits)" = "$(git log --format=%H --grep='^Kata-Learner: bob$')" ]
	[ "$(json_commits | wc -l)" -eq 3 ]

	run_kata log alice --json
	assert_success
	python3 - "$output" <<-'EOF'
	import json, sys
	log = json.loads(sys.argv[1])
	assert all(e["learner"] in ("alice", None) for e in log), log
	hand = [e["subject"] for e in log if e["action"] is None]
	assert hand == ["alice's learner file, by hand"], hand
	EOF
	# Alice's kata commits, and the hand commit in learners/alice/.
	[ "$(json_commits)" = "$(git log --format=%H -E \
		--grep='^Kata-Learner: alice$' --grep='^alice.s learner file')" ]

	# -l is the same as the argument; the text shows the hand commit plainly.
	run_kata log -l alice
	assert_success
	[ "${#lines[@]}" -eq 5 ]
	assert_line -n 0 --regexp '^[0-9a-f]{7} 2026-11-25 alice +step-plan +alice +alice: step '
	assert_line -n 1 --regexp "^[0-9a-f]{7} 2026-11-24 - +- +alice +alice's learner file, by hand\$"
	refute_line --partial "bob"
	refute_line --partial "README"
	run_kata -l alice log -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line -n 1 --partial "alice's learner file, by hand"
}

@test "log without a learner is the team's, even when one is the default" {
	team_history
	git config kata.learner alice
	run_kata log
	assert_success
	[ "${#lines[@]}" -eq "$(commits)" ]
	output_has "bob: measure"
	output_has "Add a README"
}

@test "a commit made by hand with git is shown plainly, not dropped" {
	mkdir -p docs
	echo "how we review" >docs/review.md
	hand_commit "Write down how we review" docs/review.md
	run_kata log
	assert_success
	assert_line -n 0 --regexp "^$(git log -1 --format=%h) 2026-11-21 - +- +alice +Write down how we review\$"
	[ "${#lines[@]}" -eq "$(commits)" ]
	# A kata commit after it: both there, in order.
	kata obstacle add "reviews come in bursts" >/dev/null
	run_kata log -n 2
	assert_success
	assert_line -n 0 --partial "obstacle-add"
	assert_line -n 1 --partial "Write down how we review"
	# Not valid UTF-8 in a hand commit's subject: still valid JSON.
	echo more >>docs/review.md
	git add docs/review.md
	GIT_AUTHOR_DATE=$KATA_NOW GIT_COMMITTER_DATE=$KATA_NOW \
		git -c i18n.commitEncoding=ISO-8859-1 commit -q -m $'Caf\xe9 notes' 2>/dev/null
	run_kata log --json
	assert_success
	python3 -c 'import json, sys
log = json.loads(sys.argv[1])
assert log[0]["subject"].startswith("Caf") and log[0]["action"] is None, log[0]' "$output"
	repo_clean
}

@test "a merge: both sides are followed; a hand merge is in a learner's log only if it changed their folder" {
	git checkout -q -b side
	echo "side: 1" >>learners/alice/learner.yaml
	KATA_NOW=2026-11-22T09:00:00Z hand_commit "alice, on a side branch" \
		learners/alice/learner.yaml
	git checkout -q main
	KATA_NOW=2026-11-23T09:00:00Z kata learner add bob >/dev/null
	GIT_AUTHOR_DATE=2026-11-24T09:00:00Z GIT_COMMITTER_DATE=2026-11-24T09:00:00Z \
		git merge -q --no-ff -m "Merge the side branch" side
	repo_clean
	run_kata log --json
	assert_success
	json_matches_git
	run_kata log
	assert_success
	assert_line -n 0 --regexp ' - +- +alice +Merge the side branch$'
	assert_line -n 1 --partial "bob: add learner"
	assert_line -n 2 --regexp ' - +- +alice +alice, on a side branch$'
	# Alice's folder changed on the side branch only: the merge took it as
	# it was there, so it is not Alice's (as in git log -- learners/alice).
	run_kata log alice
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line -n 0 --partial "alice, on a side branch"
	assert_line -n 1 --partial "alice: target"
	refute_line --partial "Merge the side branch"
	[ "$(git log --format=%s -- learners/alice | head -n 1)" = "alice, on a side branch" ]
	# Bob's: his learner-add only, the merge did not change his folder.
	run_kata log bob
	assert_success
	[ "${#lines[@]}" -eq 1 ]
}

@test "log reads only as many commits as it shows" {
	kata obstacle add "one" >/dev/null
	kata obstacle add "two" >/dev/null
	kata obstacle add "three" >/dev/null
	# Lose an old commit: what is shown before it never reads it.
	local old
	old=$(git rev-parse HEAD~3)
	[ -f ".git/objects/${old:0:2}/${old:2}" ] || fail "the commit $old is not loose"
	rm -f ".git/objects/${old:0:2}/${old:2}"
	run_kata log -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line -n 0 --partial 'alice: obstacle'
	run_kata log alice -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	# The whole history needs it: an error, no crash.
	run_kata log
	assert_error
}

@test "log -n takes a positive whole number only" {
	snapshot
	local n
	for n in 0 -1 abc 2x "" 1.5 99999999999999999999999; do
		run_kata log -n "$n"
		assert_usage_error
		stderr_has "-n"
	done
	run_kata log -n
	assert_usage_error
	run_kata log alice bob
	assert_usage_error
	assert_unchanged
}

@test "log --since with a bad WHEN is refused with the date parser's message" {
	run_kata log --since "next week"
	assert_error
	stderr_has "invalid date 'next week'"
	[ -z "$output" ]
	run_kata log --since 2026-02-30
	assert_error
	stderr_has "2026-02-30"
}

@test "log of an unknown or invalid learner is refused" {
	run_kata log carol
	assert_error
	stderr_has "unknown learner 'carol'"
	run_kata log ../alice
	assert_error
	stderr_has "invalid learner ID"
}

@test "log of a repository without any commit prints nothing" {
	cd "$BATS_TEST_TMPDIR"
	git init -q empty
	cd empty
	printf 'kind: repository\nformat: 1\n' >kata.yaml
	run_kata log
	assert_success
	[ -z "$output" ] && [ -z "$stderr" ]
	run_kata log --json
	assert_success
	[ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]))' "$output")" = "[]" ]
}

@test "log colours only when asked or on a terminal" {
	run_kata log --color=always
	assert_success
	[[ $output == *$'\033['* ]]
	run_kata log
	assert_success
	[[ $output != *$'\033['* ]]
	run_kata log --color=always --json
	assert_success
	[[ $output != *$'\033['* ]]
}

# Bob coaches Alice: his learner file, a cycle he ran (as Bob), Alice's own
# move after it, and Bob's own target condition.
coached_history() {
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	KATA_NOW=2026-11-22T09:00:00Z GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com \
		kata coach alice --answers - >/dev/null <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair on the oldest review each morning
	  expect: the oldest review under 1 day
	see_by: tomorrow 10:00
	EOF
	KATA_NOW=2026-11-22T10:00:00Z kata measure review_wait 30 >/dev/null
	KATA_NOW=2026-11-22T11:00:00Z GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com \
		kata -l bob start --challenge "Coach the team" --target "Coach every day" \
		--by 2026-12-20 >/dev/null
	export KATA_NOW=2026-11-22T12:00:00Z
}

@test "log shows who made each commit: their learner ID, else their email" {
	coached_history
	echo "x" >notes.txt
	git add notes.txt
	GIT_AUTHOR_DATE=$KATA_NOW GIT_COMMITTER_DATE=$KATA_NOW \
		git -c user.name=Dana -c user.email=dana@example.com commit -qm "notes by Dana"
	run_kata log -n 5
	assert_success
	assert_line -n 0 --regexp '^[0-9a-f]{7} 2026-11-22 - +- +dana@example.com +notes by Dana$'
	assert_line -n 1 --regexp '^[0-9a-f]{7} 2026-11-22 bob +target-start +bob +bob: target '
	assert_line -n 2 --regexp '^[0-9a-f]{7} 2026-11-22 alice +measure +alice +alice: measure '
	assert_line -n 3 --regexp '^[0-9a-f]{7} 2026-11-22 alice +coach +bob +alice: coaching cycle '
	assert_line -n 4 --regexp '^[0-9a-f]{7} 2026-11-21 bob +learner-add +alice +bob: add learner Bob Coach$'
	# --json keeps SPEC 6's shape: the author as "Name <email>"
	run_kata log -n 2 --json
	assert_success
	python3 - "$output" <<-'PY'
	import json, sys
	log = json.loads(sys.argv[1])
	keys = ["commit", "date", "author", "learner", "action", "record", "subject"]
	assert [list(e) for e in log] == [keys, keys], log
	assert [e["author"] for e in log] == ["Dana <dana@example.com>", "Bob Coach <bob@example.com>"], log
	PY
}

@test "log --author: what one person did, by learner ID, email or name" {
	coached_history
	run_kata log --author bob
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line -n 0 --partial "bob: target "
	assert_line -n 1 --partial "alice: coaching cycle "
	run_kata log --author BOB@example.com --json
	assert_success
	[ "$(json_commits)" = "$(git log --format=%H --author=bob@example.com)" ]
	run_kata log --author "bob coach"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	# Alice's: the learner file of Bob she added, her measure, and the rest
	run_kata log --author alice --json
	assert_success
	[ "$(json_commits)" = "$(git log --format=%H --author=alice@example.com)" ]
	run_kata log --author nobody@example.com
	assert_success
	[ -z "$output" ]
	run_kata log --author ""
	assert_usage_error
}

@test "log --action: the moves of one action; an unknown one lists them" {
	coached_history
	run_kata log --action coach
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_line -n 0 --regexp ' alice +coach +bob +alice: coaching cycle '
	run_kata log --action target-start --json
	assert_success
	[ "$(json_commits)" = "$(git log --format=%H --grep='^Kata-Action: target-start$')" ]
	run_kata log --action target-start --author bob
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_line -n 0 --partial "bob: target "
	run_kata log --action coaching
	assert_usage_error
	stderr_has "unknown action 'coaching'; the actions are init, learner-add, target-start,"
	stderr_has " coach, coach-feedback,"
	stderr_has "step-plan"
}

@test "log of a coach: the cycles he ran and his own moves" {
	coached_history
	run_kata log bob
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line -n 0 --regexp ' bob +target-start +bob +bob: target '
	assert_line -n 1 --regexp ' alice +coach +bob +alice: coaching cycle '
	assert_line -n 2 --regexp ' bob +learner-add +alice +bob: add learner '
	# and Alice's log still holds the cycle about her
	run_kata log alice --action coach
	assert_success
	[ "${#lines[@]}" -eq 1 ]
}

@test "log with filters reads only as far back as the entries it shows" {
	coached_history
	kata obstacle add "one" >/dev/null
	kata obstacle add "two" >/dev/null
	# Lose an old commit: what is shown before it never reads it.
	local old
	old=$(git rev-parse HEAD~6)
	[ -f ".git/objects/${old:0:2}/${old:2}" ] || fail "the commit $old is not loose"
	rm -f ".git/objects/${old:0:2}/${old:2}"
	run_kata log --action obstacle-add -n 2
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run_kata log --author bob -n 1
	assert_success
	assert_line -n 0 --partial "bob: target "
	run_kata log --action obstacle-add -n 3
	assert_error
}

@test "--action takes every action kata's moves write" {
	coached_history
	kata obstacle add "o" >/dev/null
	local o
	o=$(trailer Kata-Record)
	kata obstacle focus "${o:0:4}" >/dev/null
	kata step done --happened h --learned l >/dev/null
	kata obstacle close "${o:0:4}" >/dev/null
	kata obstacle reopen "${o:0:4}" >/dev/null
	kata measure review_wait 3 >/dev/null
	kata withdraw "$(trailer Kata-Record | cut -c1-4)" --reason r >/dev/null
	kata undo >/dev/null
	kata redo >/dev/null
	kata target done >/dev/null
	local action n=0
	for action in $(git log --format='%(trailers:key=Kata-Action,valueonly)' | sort -u); do
		run_kata log --action "$action" -n 1
		assert_success
		[ "${#lines[@]}" -eq 1 ] || fail "kata log --action $action: $output"
		n=$((n + 1))
	done
	[ "$n" -ge 14 ] || fail "only $n actions"
}
