#!/usr/bin/env bats
# kata undo: the last kata commit reverted by a new commit, never a hand
# commit, never over uncommitted work.

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

	kata_commit undo || return 1
	[ "${#lines[@]}" -eq 1 ] || fail "kata undo printed: $output"
	[ "$output" = "undid $(git rev-parse --short "$undone") $subject" ] ||
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
	fsck_clean
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

	# the undo undone: the second focus is back
	undo_head
	[[ $(yaml_get "$t" focus) == "$b"* ]]
}

@test "the undo is authored by the person running it, at kata's clock" {
	kata obstacle add "o" >/dev/null
	git config user.name "Bob Coach"
	git config user.email bob@example.com
	undo_head
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Coach <bob@example.com>" ]
	[ "$(git log -1 --format='%cn <%ce>')" = "Bob Coach <bob@example.com>" ]
	[ "$(git log -1 --skip=1 --format='%an <%ae>')" = "Alice Example <alice@example.com>" ]
	[ "$(git log -1 --format=%aI)" = "2026-11-21T09:00:00Z" ] ||
		[ "$(git log -1 --format=%aI)" = "2026-11-21T09:00:00+00:00" ]
}

@test "an undo of an undo puts the change back" {
	kata step "Move the bin" --expect "less walking" >/dev/null
	local f content planned_tree
	f=$(step_files)
	content=$(cat "$f")
	planned_tree=$(git rev-parse HEAD^{tree})

	undo_head
	[ ! -e "$f" ]
	local first
	first=$(git rev-parse --short HEAD)
	undo_head
	[ "$(cat "$f")" = "$content" ]
	[ "$(git rev-parse HEAD^{tree})" = "$planned_tree" ]
	[[ $(git log -1 --format=%s) == "alice: undo $first: undo "* ]]

	# and the step goes on as if never undone
	kata_commit step done --happened h --learned l
	[ "$(yaml_get "$f" status)" = done ]
}

@test "a hand commit at HEAD is refused, nothing written" {
	kata obstacle add "o" >/dev/null
	echo "by hand" >notes.txt
	git add notes.txt
	git commit -qm "add notes by hand"
	snapshot
	run_kata undo
	assert_error
	stderr_has "HEAD ($(git rev-parse --short HEAD) 'add notes by hand') is not a kata commit"
	stderr_has "git revert"
	assert_unchanged
	[ "$(cat notes.txt)" = "by hand" ]
}

@test "a hand commit over a kata commit is never undone in its place" {
	kata step "s" --expect e >/dev/null
	local f
	f=$(step_files)
	echo "witness: Bob" >>"$f"
	git commit -qam "witness by hand"
	snapshot
	run_kata undo
	assert_error
	assert_unchanged
	[ "$(yaml_get "$f" witness)" = Bob ]
}

@test "the first commit alone is refused: nothing before it" {
	kata init fresh >/dev/null
	cd fresh
	[ "$(commits)" -eq 1 ]
	snapshot
	run_kata undo
	assert_error
	stderr_has "HEAD ($(git rev-parse --short HEAD) '$(git log -1 --format=%s)') is the first commit"
	assert_unchanged
	[ -f kata.yaml ]
}

@test "a merge at HEAD is refused, even with kata's trailers" {
	git checkout -qb side
	kata obstacle add "on the side" >/dev/null
	git checkout -q main
	kata obstacle add "on main" >/dev/null
	git merge -q --no-ff -m "merge side" -m "Kata-Action: sync" side
	[ "$(trailer Kata-Action)" = sync ]
	snapshot
	run_kata undo
	assert_error
	stderr_has "is a merge"
	assert_unchanged
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

@test "an untracked file where the undo would restore a record: refused" {
	kata step "s" --expect e >/dev/null
	local f
	f=$(step_files)
	kata undo >/dev/null
	[ ! -e "$f" ]
	mkdir -p "$(dirname "$f")"
	echo "mine" >"$f"
	snapshot
	run_kata undo
	assert_error
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

@test "undo takes no argument" {
	kata obstacle add "o" >/dev/null
	snapshot
	run_kata undo HEAD~3
	assert_usage_error
	stderr_has "HEAD~3"
	run_kata undo --hard
	assert_usage_error
	assert_unchanged
	run_kata undo -h
	assert_success
	[ "$output" = "usage: kata undo" ]
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
