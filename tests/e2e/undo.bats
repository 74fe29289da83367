#!/usr/bin/env bats
# kata undo and kata redo: the person's newest kata change not yet undone,
# reverted by a new commit, one further back each time; never a hand commit
# or a merge, never over uncommitted work or a later change.

load helper

setup() {
	kata_setup
	demo_learner
}

# The step files, oldest first.
step_files() {
	ls "$(target_dir)"/steps/*.yaml 2>/dev/null | sort
}

# Undoes HEAD with kata_commit (one commit, clean, YAML readable) and checks
# what every undo must leave: the new commit's only parent is the commit
# undone, its tree is the tree before that commit, its trailers name it.
undo_head() {
	local undone before_tree subject learner record
	undone=$(git rev-parse HEAD)
	before_tree=$(git rev-parse HEAD~1^{tree})
	subject=$(git log -1 --format=%s)
	learner=$(trailer Kata-Learner)
	record=$(trailer Kata-Record)

	kata_commit undo "$@" || return 1
	[ "${#lines[@]}" -eq 1 ] || fail "kata undo printed: $output"
	[[ $output == "undid $(git rev-parse --short "$undone") $subject ("*")" ]] ||
		fail "kata undo printed '$output'"
	[ -z "$stderr" ] || fail "kata undo wrote to stderr: $stderr"
	[ "$(git rev-list --parents -n 1 HEAD)" = "$(git rev-parse HEAD) $undone" ] ||
		fail "the undo's parents are not just $undone"
	[ "$(git rev-parse HEAD^{tree})" = "$before_tree" ] ||
		fail "the undo's tree is not the tree before $undone:
$(git diff --stat HEAD~2 HEAD)"
	[ "$(trailer Kata-Action)" = undo ] || fail "Kata-Action: $(trailer Kata-Action)"
	[ "$(trailer Kata-Reverts)" = "$undone" ] || fail "Kata-Reverts: $(trailer Kata-Reverts)"
	[ "$(trailer Kata-Learner)" = "$learner" ] || fail "Kata-Learner: $(trailer Kata-Learner)"
	[ "$(trailer Kata-Record)" = "$record" ] || fail "Kata-Record: $(trailer Kata-Record)"
	git log -1 --format=%b | grep -qxF "This reverts commit $undone." ||
		fail "no 'This reverts commit' line: $(git log -1 --format=%b)"
	local out=$output
	fsck_clean
	output=$out
}

@test "undo a step plan: the step is gone and can be planned again" {
	kata step "Move the bin to the left" --expect "reach it without turning" >/dev/null
	local f id planned
	f=$(step_files)
	id=$(yaml_get "$f" id)
	planned=$(git rev-parse --short HEAD)

	undo_head
	[ ! -e "$f" ]
	[ -z "$(step_files)" ]
	[ "$(git log -1 --format=%s)" = "alice: undo $planned: step ${id:0:4} planned: Move the bin to the left" ]
	[ "$(trailer Kata-Record)" = "$id" ]
	[ "$(trailer Kata-Target)" = "$(yaml_get "$(target_file)" id)" ]

	kata_commit step "Move the bin to the right" --expect "reach it with the left hand"
	output_has "#1"
	[ "$(step_files | wc -l)" -eq 1 ]
	[ "$(yaml_get "$(step_files)" step)" = "Move the bin to the right" ]
}

@test "undo a step done: the step is open again without its reflection" {
	kata step "s1" --expect "e1" >/dev/null
	local f open
	f=$(step_files)
	open=$(cat "$f")
	kata step done --happened "it fell" --learned "glue it" >/dev/null
	[ "$(yaml_get "$f" status)" = done ]

	undo_head
	[ "$(cat "$f")" = "$open" ]
	[ "$(yaml_get "$f" status)" = open ]
	[ "$(yaml_get "$f" happened)" = null ]
	[ "$(yaml_get "$f" learned)" = null ]
	[ "$(yaml_get "$f" step)" = s1 ]

	# open again: a new plan waits, the reflection can be written again
	run_kata step "s2" --expect "e2"
	assert_error
	kata_commit step done --happened "it held" --learned "tape is enough"
	[ "$(yaml_get "$f" learned)" = "tape is enough" ]
}

@test "undo an obstacle focus: the target's focus is what it was" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	local a b t
	a=$(obstacle_ids | sed -n 1p)
	b=$(obstacle_ids | sed -n 2p)
	t=$(target_file)

	kata obstacle focus "$a" >/dev/null
	kata obstacle focus "$b" >/dev/null
	[[ $(yaml_get "$t" focus) == "$b"* ]]
	undo_head
	[[ $(yaml_get "$t" focus) == "$a"* ]]

	run_kata obstacle list
	assert_success
	[ "$(grep -c '^\* ' <<<"$output")" -eq 1 ]
	[[ $(grep '^\* ' <<<"$output") == "* $a"* ]] || fail "not $a in focus: $output"

	# undone again: the focus before, never the second one back
	kata_commit undo
	[ -z "$(yaml_get "$t" focus | grep -v null)" ]
	kata_commit redo
	[[ $(yaml_get "$t" focus) == "$a"* ]]
}

@test "the undo is authored by the person running it, at kata's clock" {
	kata obstacle add "o" >/dev/null
	git config user.name "Bob Coach"
	git config user.email bob@example.com
	undo_head --anyone
	assert_output --partial "(by Alice Example, 2026-11-21"
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Coach <bob@example.com>" ]
	[ "$(git log -1 --format='%cn <%ce>')" = "Bob Coach <bob@example.com>" ]
	[ "$(git log -1 --skip=1 --format='%an <%ae>')" = "Alice Example <alice@example.com>" ]
	[ "$(git log -1 --format=%aI)" = "2026-11-21T09:00:00Z" ] ||
		[ "$(git log -1 --format=%aI)" = "2026-11-21T09:00:00+00:00" ]
}

@test "undo twice takes back two changes, newest first" {
	kata obstacle add "the cart is far" >/dev/null
	local obstacle step
	obstacle=$(git rev-parse --short HEAD)
	kata step "Move the cart" --expect "less walking" >/dev/null
	step=$(git rev-parse --short HEAD)
	local before
	before=$(git rev-parse HEAD~2^{tree})

	undo_head
	assert_output --partial "undid $step alice: step "
	[ -z "$(step_files)" ]
	[ -n "$(obstacle_ids)" ]
	kata_commit undo
	assert_output --regexp "^undid $obstacle alice: obstacle [0-9a-z]{4} added: the cart is far \(2026-11-21T09:00:00Z\)\$"
	[ "$(trailer Kata-Reverts)" = "$(git rev-parse "$obstacle")" ]
	[ "$(git rev-parse HEAD^{tree})" = "$before" ]
	[ -z "$(obstacle_ids)" ]
	fsck_clean
}

@test "undo after undo never applies a change again" {
	kata obstacle add "one" >/dev/null
	kata obstacle add "two" >/dev/null
	kata obstacle add "three" >/dev/null
	local left
	for left in 2 1 0; do
		kata_commit undo
		refute_output --partial "undo "
		[ "$(obstacle_ids | wc -l)" -eq "$left" ] ||
			fail "$(obstacle_ids | wc -l) obstacles, not $left"
	done
	# every undo reverts a different change, and none an undo
	[ "$(git log -3 --format='%(trailers:key=Kata-Reverts,valueonly)' | sort -u |
		grep -c .)" -eq 3 ]
	for i in 0 1 2; do
		[ "$(git log -1 --skip=$i --format='%(trailers:key=Kata-Action,valueonly)')" = undo ]
	done
	# the last one took back the oldest
	[ "$(git show -s --format=%s "$(trailer Kata-Reverts)")" = \
		"alice: obstacle $(trailer Kata-Record | cut -c1-4) added: one" ]
}

@test "redo brings back what undo took back, newest undo first; a new change ends it" {
	kata obstacle add "one" >/dev/null
	kata obstacle add "two" >/dev/null
	local two_tree
	two_tree=$(git rev-parse HEAD^{tree})
	run_kata redo
	assert_error
	stderr_has "nothing to redo: your change $(git rev-parse --short HEAD) 'alice: obstacle"
	kata undo >/dev/null
	kata undo >/dev/null
	[ -z "$(obstacle_ids)" ]

	kata_commit redo
	assert_output --regexp "^redid [0-9a-f]{7} alice: obstacle [0-9a-z]{4} added: one "
	[ "$(trailer Kata-Action)" = redo ]
	[ "$(trailer Kata-Reverts)" = "$(git rev-parse HEAD~1)" ]
	[[ $(git log -1 --format=%s) == "alice: redo "*": obstacle "*" added: one" ]]
	kata_commit redo
	assert_output --partial "added: two"
	[ "$(git rev-parse HEAD^{tree})" = "$two_tree" ]
	run_kata redo
	assert_error
	stderr_has "nothing to redo"

	# undo goes on from there: "two" again, not a redo
	kata_commit undo
	assert_output --partial "added: two"
	[ "$(obstacle_ids | wc -l)" -eq 1 ]
	# a new change after an undo: nothing to redo
	kata obstacle add "three" >/dev/null
	snapshot
	run_kata redo
	assert_error
	stderr_has "nothing to redo: your change"
	stderr_has "added: three"
	assert_unchanged
}

@test "another person's newer change is passed over, and named" {
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	kata -l bob start --challenge c --target t --by 2026-12-20 >/dev/null
	kata obstacle add "alice's" >/dev/null
	local mine
	mine=$(git rev-parse --short HEAD)
	git config user.name "Bob Coach"
	git config user.email bob@example.com
	KATA_NOW=2026-11-22T10:00:00Z kata -l bob obstacle add "bob's" >/dev/null
	local bobs
	bobs=$(git rev-parse --short HEAD)
	git config user.name "Alice Example"
	git config user.email alice@example.com

	kata_commit undo
	assert_line -n 0 --partial "undid $mine alice: obstacle "
	assert_line -n 1 "left as they are: 1 newer change by others, the newest $bobs by Bob Coach (2026-11-22T10:00:00Z)"
	[ "$(trailer Kata-Reverts)" = "$(git rev-parse "$mine")" ]
	[ "$(kata -l bob obstacle list | wc -l)" -eq 1 ]
}

@test "someone else's change is refused with who made it and when, unless asked for" {
	kata obstacle add "the cart is far" >/dev/null
	git config user.name "Bob Coach"
	git config user.email bob@example.com
	KATA_NOW=2026-11-22T10:00:00Z kata obstacle add "bob's idea" >/dev/null
	local bobs
	bobs=$(git rev-parse --short HEAD)
	git config user.name "Alice Example"
	git config user.email alice@example.com

	# Alice's older change stands under Bob's: refused, with his name
	snapshot
	run_kata undo
	assert_error
	stderr_has "a later change to alice's records is not undone: $bobs 'alice: obstacle"
	stderr_has "by Bob Coach (2026-11-22T10:00:00Z)"
	stderr_has "kata undo $bobs"
	assert_unchanged

	# Carol has made nothing: the newest change is named, with --anyone
	git config user.name "Carol Second"
	git config user.email carol@example.com
	run_kata undo
	assert_error
	stderr_has "no change of yours to undo; the newest change is $bobs 'alice: obstacle"
	stderr_has "by Bob Coach (2026-11-22T10:00:00Z): 'kata undo --anyone' takes it back"
	assert_unchanged

	kata_commit undo --anyone
	assert_output --regexp "^undid $bobs alice: obstacle [0-9a-z]{4} added: bob's idea \(by Bob Coach, 2026-11-22T10:00:00Z\)\$"
	[ "$(git log -1 --format='%an')" = "Carol Second" ]

	# Alice, again: now her own change is the newest not undone
	git config user.name "Alice Example"
	git config user.email alice@example.com
	kata_commit undo
	assert_output --partial "the cart is far"
	[ -z "$(obstacle_ids)" ]
}

@test "undo COMMIT takes back that change, anyone's; what cannot be taken back is said" {
	kata obstacle add "one" >/dev/null
	local one
	one=$(git rev-parse --short HEAD)
	git config user.name "Bob Coach"
	git config user.email bob@example.com
	kata obstacle add "two" >/dev/null
	local two
	two=$(git rev-parse --short HEAD)
	kata_commit undo "$two"
	assert_output --partial "undid $two alice: obstacle"
	snapshot
	run_kata undo "$two"
	assert_error
	stderr_has "$two 'alice: obstacle"
	stderr_has "was undone already, by $(git rev-parse --short=7 HEAD)"
	run_kata undo HEAD
	assert_error
	stderr_has "is an undo; 'kata redo' brings the change back"
	run_kata redo "$one"
	assert_error
	stderr_has "is not an undo"
	run_kata undo nosuchcommit
	assert_error
	stderr_has "'nosuchcommit' names no commit"
	run_kata undo HEAD~100
	assert_error
	assert_unchanged
	# Alice's, by Bob, named: nothing of hers stands on it any more
	kata_commit undo "$one"
	assert_output --partial "(by Alice Example, 2026-11-21T09:00:00Z)"
	[ -z "$(obstacle_ids)" ]
}

@test "a hand commit at HEAD is passed over; named, it is refused" {
	kata obstacle add "o" >/dev/null
	local change
	change=$(git rev-parse --short HEAD)
	echo "by hand" >notes.txt
	git add notes.txt
	git commit -qm "add notes by hand"
	snapshot
	run_kata undo HEAD
	assert_error
	stderr_has "$(git rev-parse --short HEAD) 'add notes by hand' is not a kata commit"
	stderr_has "git revert"
	assert_unchanged
	kata_commit undo
	assert_output --partial "undid $change "
	[ -z "$(obstacle_ids)" ]
	[ "$(cat notes.txt)" = "by hand" ]
}

@test "a hand commit over a kata change's file: refused, naming it" {
	kata step "s" --expect e >/dev/null
	local f
	f=$(step_files)
	echo "witness: Bob" >>"$f"
	git commit -qam "witness by hand"
	snapshot
	run_kata undo
	assert_error
	stderr_has "$f: cannot undo"
	stderr_has "changed again later, by $(git rev-parse --short HEAD) 'witness by hand' by Alice Example"
	assert_unchanged
	[ "$(yaml_get "$f" witness)" = Bob ]
}

@test "a change whose file was changed again later is reverted when the two do not overlap" {
	kata step "s" --expect e >/dev/null
	kata step done --happened h --learned l >/dev/null
	local f
	f=$(step_files)
	# a hand edit far from what the reflection wrote: the step's text
	sed -i 's/^step: s$/step: s, better said/' "$f"
	git commit -qam "reword the step by hand"
	kata_commit undo
	[ "$(yaml_get "$f" status)" = open ]
	[ "$(yaml_get "$f" happened)" = null ]
	[ "$(yaml_get "$f" step)" = "s, better said" ]
	fsck_clean
}

@test "the walk is bounded: beyond $((1000)) commits kata undo does not look" {
	kata obstacle add "old" >/dev/null
	local old
	old=$(git rev-parse HEAD)
	# 1000 empty hand commits on top, quickly
	{
		local i
		for ((i = 1; i <= 1000; i++)); do
			printf 'commit refs/heads/main\ncommitter Hand <hand@example.com> 1795770000 +0000\ndata 5\nhand\n'
			((i == 1)) && printf 'from %s\n' "$old"
			printf '\n'
		done
	} | git fast-import --quiet
	git reset -q --hard main
	snapshot
	run_kata undo
	assert_error
	stderr_has "no change of yours to undo in the last 1000 commits"
	run_kata undo "$old"
	assert_error
	stderr_has "is not among the last 1000 commits of the branch"
	assert_unchanged
}

@test "the first commit alone is refused: nothing before it" {
	kata init fresh >/dev/null
	cd fresh
	[ "$(commits)" -eq 1 ]
	snapshot
	run_kata undo
	assert_error
	stderr_has "$(git rev-parse --short HEAD) '$(git log -1 --format=%s)' is the first commit"
	assert_unchanged
	[ -f kata.yaml ]
}

@test "a merge at HEAD is passed over, even with kata's trailers; named, refused" {
	git checkout -qb side
	KATA_NOW=2026-11-21T10:00:00Z kata obstacle add "on the side" >/dev/null
	git checkout -q main
	KATA_NOW=2026-11-21T11:00:00Z kata obstacle add "on main" >/dev/null
	git merge -q --no-ff -m "merge side" -m "Kata-Action: sync" side
	[ "$(trailer Kata-Action)" = sync ]
	snapshot
	run_kata undo HEAD
	assert_error
	stderr_has "is a merge"
	assert_unchanged
	# newest first: main's, then the side's
	kata_commit undo
	assert_output --partial "on main"
	kata_commit undo
	assert_output --partial "on the side"
	[ -z "$(obstacle_ids)" ]
}

@test "uncommitted hand edits the undo would overwrite: refused, nothing written" {
	kata step "s" --expect e >/dev/null
	kata step done --happened h --learned l >/dev/null
	local f
	f=$(step_files)
	echo "note_by_hand: do not lose me" >>"$f"
	snapshot
	run_kata undo
	assert_error
	stderr_has "$f"
	stderr_has "would overwrite"
	assert_unchanged
	[ "$(tail -n 1 "$f")" = "note_by_hand: do not lose me" ]
	[ "$(yaml_get "$f" status)" = done ]

	# discarded, the undo goes through
	git checkout -q -- "$f"
	undo_head
	[ "$(yaml_get "$f" status)" = open ]
}

@test "staged hand edits the undo would overwrite: refused, nothing written" {
	kata step "s" --expect e >/dev/null
	kata step done --happened h --learned l >/dev/null
	local f
	f=$(step_files)
	cp "$f" "$BATS_TEST_TMPDIR/step.orig"
	echo "staged_by_hand: keep me" >>"$f"
	git add "$f"
	cp "$BATS_TEST_TMPDIR/step.orig" "$f"
	snapshot
	run_kata undo
	assert_error
	stderr_has "$f"
	assert_unchanged
	git show :"$f" | grep -qx 'staged_by_hand: keep me'
}

@test "a deleted record the undo would restore over: refused" {
	kata step "s" --expect e >/dev/null
	kata step done --happened h --learned l >/dev/null
	local f
	f=$(step_files)
	rm "$f"
	snapshot
	run_kata undo
	assert_error
	stderr_has "would overwrite"
	assert_unchanged
	[ ! -e "$f" ]
}

@test "an untracked file where the redo would restore a record: refused" {
	kata step "s" --expect e >/dev/null
	local f
	f=$(step_files)
	kata undo >/dev/null
	[ ! -e "$f" ]
	mkdir -p "$(dirname "$f")"
	echo "mine" >"$f"
	snapshot
	run_kata redo
	assert_error
	stderr_has "kata redo would overwrite it"
	stderr_has "$f"
	assert_unchanged
	[ "$(cat "$f")" = mine ]
}

@test "uncommitted edits elsewhere do not stop the undo and are kept" {
	kata obstacle add "o" >/dev/null
	echo "mood: good" >>learners/alice/learner.yaml
	echo "scratch" >notes.txt
	kata undo >/dev/null
	[ "$(trailer Kata-Action)" = undo ]
	[ "$(tail -n 1 learners/alice/learner.yaml)" = "mood: good" ]
	[ "$(cat notes.txt)" = scratch ]
	[ "$(git status --porcelain)" = "$(printf ' M learners/alice/learner.yaml\n?? notes.txt')" ]
}

@test "a kata commit without a learner is undone with a plain subject" {
	echo "team: blue" >>kata.yaml
	git commit -qam "name the team" -m "Kata-Action: tidy"
	local undone
	undone=$(git rev-parse --short HEAD)
	undo_head
	[ "$(git log -1 --format=%s)" = "undo $undone: name the team" ]
	[ -z "$(trailer Kata-Learner)" ]
	[ "$(tail -n 1 kata.yaml)" != "team: blue" ]
}

@test "undo takes one commit at most, and --anyone" {
	kata obstacle add "o" >/dev/null
	snapshot
	run_kata undo HEAD HEAD~1
	assert_usage_error
	stderr_has "name one commit"
	run_kata undo --hard
	assert_usage_error
	run_kata redo --hard
	assert_usage_error
	assert_unchanged
	run_kata undo -h
	assert_success
	assert_line -n 0 "usage: kata undo [--anyone] [COMMIT]"
	output_has "--anyone"
	run_kata redo -h
	assert_success
	assert_line -n 0 "usage: kata redo [--anyone] [COMMIT]"
}

@test "a repeated trailer: log and undo both take the last one, as git config does" {
	kata learner add bob --name "Bob Coach" >/dev/null
	# a commit whose trailers name two learners, as a careless amend may
	echo "a note" >notes.txt
	git add notes.txt
	git commit -q -F - <<-'MSG'
	bob: a note

	Kata-Learner: alice
	Kata-Learner: bob
	Kata-Action: edit
	Kata-Record: bob
	MSG
	run_kata log -n 1 --json
	assert_success
	python3 -c 'import json, sys; e = json.loads(sys.argv[1])[0]; assert e["learner"] == "bob", e' "$output"
	run_kata log alice -n 1 --json
	assert_success
	python3 -c 'import json, sys; e = json.loads(sys.argv[1])[0]; assert "note" not in e["subject"], e' "$output"
	kata_commit undo
	[[ $(git log -1 --format=%s) == "bob: undo "* ]] || fail "subject: $(git log -1 --format=%s)"
	[ "$(trailer Kata-Learner)" = bob ]
	[ ! -e notes.txt ]
}
