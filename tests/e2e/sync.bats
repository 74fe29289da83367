#!/usr/bin/env bats
# kata sync between clones of a bare remote, and kata resolve.

load helper

setup() {
	kata_setup
	git init -q --bare remote.git
	kata init a --team T >/dev/null
	(cd a && kata learner add bob --email bob@example.com >/dev/null &&
		kata learner add alice --email alice@example.com --coach bob >/dev/null &&
		kata learner add carol --email carol@example.com >/dev/null &&
		git remote add origin ../remote.git && kata sync >/dev/null)
	git clone -q remote.git b
	git clone -q "file://$BATS_TEST_TMPDIR/remote.git" c
}

# Runs kata in clone $1 as learner $2 (author too).
as() {
	local dir=$1 who=$2
	shift 2
	(cd "$dir" && GIT_AUTHOR_NAME=$who GIT_AUTHOR_EMAIL=$who@example.com kata -l "$who" "$@")
}

start_target() { as "$1" "$2" start --challenge C --target "T $2" --by 2026-12-20 --metric m >/dev/null 2>&1; }

same_everywhere() {
	local t
	t=$(git -C a rev-parse 'HEAD^{tree}')
	for d in "$@"; do
		[ "$(git -C "$d" rev-parse 'HEAD^{tree}')" = "$t" ] || { echo "$d differs"; return 1; }
	done
	for d in a "$@"; do
		[ -z "$(git -C "$d" status --porcelain)" ] || { echo "$d not clean"; return 1; }
		git -C "$d" fsck --no-progress >/dev/null 2>&1 || { echo "$d fsck"; return 1; }
	done
}

@test "a first sync pushes and sets the upstream; a clone fast-forwards" {
	[ "$(git -C a config branch.main.remote)" = origin ]
	[ "$(git -C a config branch.main.merge)" = refs/heads/main ]
	[ "$(git -C remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" ]
	start_target a alice
	cd a && run_kata sync && cd ..
	assert_success
	output_has "out alice: 1 other record"
	output_has "pushed main to origin"
	# as after git push: origin/main is what the remote has, nothing ahead
	[ "$(git -C a rev-parse origin/main)" = "$(git -C a rev-parse HEAD)" ]
	[[ $(git -C a status -sb | head -1) != *ahead* ]]
	cd b && run_kata sync && cd ..
	assert_success
	output_has "in alice: 1 other record"
	output_has "fast-forwarded main to origin/main"
	[ "$(git -C b rev-parse HEAD)" = "$(git -C a rev-parse HEAD)" ]
	same_everywhere b
}

@test "three clones with interleaved offline work, synced in every order, end the same" {
	start_target a alice; start_target b bob; start_target c carol
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null) && (cd c && kata sync >/dev/null)
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	same_everywhere b c
	# offline: several learners, the same learner in two clones, coach and learner at once
	as a alice obstacle add "bins far" >/dev/null
	as b bob obstacle add "no gloves" >/dev/null
	as c carol measure m 5 >/dev/null
	as b alice measure m 7 >/dev/null
	as c carol obstacle add "slow press" >/dev/null
	i=0
	for order in "c a b" "b c a" "a b c"; do
		for d in $order; do (cd $d && kata sync >/dev/null) || return 1; done
		i=$((i + 1))
		as a alice measure m 9 --at "2026-11-20T1$i:00" >/dev/null
		as c bob measure m 3 --at "2026-11-20T1$i:30" >/dev/null
	done
	for d in a b c a b; do (cd $d && kata sync >/dev/null) || return 1; done
	same_everywhere b c
	[ "$(ls a/learners/alice/*/measures | wc -l)" = 4 ]
	[ "$(ls a/learners/bob/*/measures | wc -l)" = 3 ]
	[ "$(ls a/learners/carol/*/measures | wc -l)" = 1 ]
	[ "$(ls a/learners/bob/*/obstacles | wc -l)" = 1 ]
	[ "$(ls a/learners/carol/*/obstacles | wc -l)" = 1 ]
	cd a && run_kata fsck && assert_success
}

@test "the same field changed differently stops the sync with nothing changed; each side settles it" {
	start_target a alice
	as a alice step "move the bin" --expect faster >/dev/null 2>&1
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	as a alice step done --happened "she saw it" --learned L >/dev/null
	as b bob step done -l alice --happened "he saw it" --learned L >/dev/null 2>&1 ||
		as b alice step done --happened "he saw it" --learned L >/dev/null
	(cd b && kata sync >/dev/null)
	before=$(git -C a rev-parse HEAD)
	cd a
	run_kata sync
	assert_failure 1
	[[ $stderr == *"steps/0001-"*".yaml: 'happened' changed on both sides: yours 'she saw it', theirs 'he saw it'"* ]]
	[[ $stderr == *"kata resolve"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	[ -z "$(git status --porcelain)" ]
	! grep -rq '<<<<<<<\|>>>>>>>' learners
	grep -q "happened: she saw it" learners/alice/*/steps/0001-*
	# the remote's commit stays reachable
	git cat-file -e "$(git -C ../b rev-parse HEAD)"
	[ "$(git rev-parse origin/main)" = "$(git -C ../b rev-parse HEAD)" ]
	run_kata resolve
	assert_success
	output_has "happened: yours 'she saw it', theirs 'he saw it'"
	run_kata resolve --theirs nosuchrecord
	assert_failure 1
	run_kata resolve --theirs
	assert_success
	run_kata sync
	assert_success
	output_has "merged origin/main into main"
	grep -q "happened: he saw it" learners/alice/*/steps/0001-*
	git log -1 --format=%B | grep -q "^Kata-Action: sync$"
	run_kata resolve
	output_has "no sync is stopped"
	cd ../b && kata sync >/dev/null && cd ..
	same_everywhere b
}

@test "settling with --ours keeps your value" {
	start_target a alice
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	f=$(cd a && ls learners/alice/*/target.yaml)
	sed -i 's/^challenge: C$/challenge: ours/' "a/$f" && git -C a commit -qam ours
	sed -i 's/^challenge: C$/challenge: theirs/' "b/$f" && git -C b commit -qam theirs
	(cd b && kata sync >/dev/null)
	cd a
	run_kata sync
	assert_failure 1
	[[ $stderr == *"'challenge' changed on both sides: yours 'ours', theirs 'theirs'"* ]]
	id=$(basename "$(dirname "$f")"); id=${id#*-}
	run_kata resolve --ours "${id:0:6}" challenge
	assert_success
	output_has "settled 1 conflict (yours)"
	run_kata sync
	assert_success
	grep -q "^challenge: ours$" "$f"
}

@test "a key added by hand on one side survives a merge with kata's change on the other" {
	start_target a alice
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	f=$(cd a && ls learners/alice/*/target.yaml)
	echo "shift: night" >>"a/$f" && git -C a commit -qam "hand key"
	as b alice obstacle add "bins far" >/dev/null
	id=$(cd b && kata -l alice obstacle list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	as b alice obstacle focus "$id" >/dev/null
	(cd b && kata sync >/dev/null)
	cd a
	run_kata sync
	assert_success
	grep -q "^shift: night$" "$f"
	grep -q "^focus: $id$" "$f"
	# kata's fixed key order: the hand key last
	[ "$(tail -n1 "$f")" = "shift: night" ]
}

@test "two open steps in one target stop the sync; --theirs keeps theirs" {
	start_target a alice
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	as a alice step "A step" --expect x >/dev/null 2>&1
	as b alice step "B step" --expect y >/dev/null 2>&1
	(cd b && kata sync >/dev/null)
	before=$(git -C a rev-parse HEAD)
	cd a
	run_kata sync
	assert_failure 1
	[[ $stderr == *"/steps: open steps: yours 0001-"*"; theirs 0001-"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	run_kata resolve --theirs
	assert_success
	run_kata sync
	assert_success
	[ "$(ls learners/alice/*/steps | wc -l)" = 1 ]
	grep -q "B step" learners/alice/*/steps/*
	run_kata fsck
	assert_success
	cd ../b && kata sync >/dev/null && cd ..
	same_everywhere b
}

@test "two active targets stop the sync; --ours keeps yours" {
	start_target a alice
	start_target b alice
	(cd b && kata sync >/dev/null)
	cd a
	run_kata sync
	assert_failure 1
	[[ $stderr == *"learners/alice: active targets: yours 001-"*"; theirs 001-"* ]]
	run_kata resolve --ours learners/alice
	assert_success
	run_kata sync
	assert_success
	[ "$(ls -d learners/alice/*/ | wc -l)" = 1 ]
	run_kata fsck
	assert_success
}

@test "hand edits the merge would touch refuse the sync, nothing lost" {
	start_target a alice
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	as b alice obstacle add "bins far" >/dev/null
	id=$(cd b && kata -l alice obstacle list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	as b alice obstacle focus "$id" >/dev/null
	(cd b && kata sync >/dev/null)
	f=$(cd a && ls learners/alice/*/target.yaml)
	echo "note: mine" >>"a/$f"
	before=$(git -C a rev-parse HEAD)
	cd a
	run_kata sync
	assert_failure 1
	assert_one_error_line
	[[ $stderr == *"target.yaml: has uncommitted changes"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	grep -q "note: mine" "$f"
}

@test "a missing remote and a missing repository: one clear line, exit 1, nothing changed" {
	cd a
	before=$(git rev-parse HEAD)
	run_kata sync nowhere
	assert_failure 1
	assert_one_error_line
	[[ $stderr == *"no remote 'nowhere'"* ]]
	git remote add gone "$BATS_TEST_TMPDIR/no-such.git"
	run_kata sync gone
	assert_failure 1
	assert_one_error_line
	[[ $stderr == *"cannot fetch from 'gone'"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	[ -z "$(git status --porcelain)" ]
}

@test "sync runs no hook of the repository" {
	printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$BATS_TEST_TMPDIR" >a/.git/hooks/pre-push
	printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$BATS_TEST_TMPDIR" >a/.git/hooks/post-merge
	chmod +x a/.git/hooks/pre-push a/.git/hooks/post-merge
	start_target a alice
	start_target b bob
	(cd b && kata sync >/dev/null)
	cd a && run_kata sync && cd ..
	assert_success
	output_has "merged origin/main"
	[ ! -e hook-ran ]
}

@test "sync --json says what came in and went out" {
	start_target b bob
	(cd b && kata sync >/dev/null)
	start_target a alice
	cd a
	run_kata sync --json
	assert_success
	python3 -c '
import json, sys
j = json.loads(sys.argv[1])
assert j["remote"] == "origin" and j["merged"] and j["pushed"], j
assert [c["learner"] for c in j["in"]] == ["bob"], j
assert [c["learner"] for c in j["out"]] == ["alice"], j
' "$output"
}

@test "the learner reflects in her clone while her coach closes the step in a cycle in his" {
	start_target a alice
	as a alice step "move the bin" --expect faster >/dev/null 2>&1
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	as a alice step done --happened "she saw it" --learned "bins matter" >/dev/null
	cat >"$BATS_TEST_TMPDIR/answers.yaml" <<-'A'
	target: T alice
	actual: slow
	measure: 4
	last_step:
	  happened: he heard it
	  learned: bins matter
	obstacle: bins far
	next_step:
	  step: move the press
	  expect: faster still
	see_by: tomorrow 10:00
	A
	as b bob coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml" >/dev/null
	(cd b && kata sync >/dev/null)
	before=$(git -C a rev-parse HEAD)
	cd a
	run_kata sync
	assert_failure 1
	# the same learned on both sides is no conflict; happened is
	[[ $stderr == *"'happened' changed on both sides: yours 'she saw it', theirs 'he heard it'"* ]]
	[[ $stderr != *"'learned'"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	[ -z "$(git status --porcelain)" ]
	run_kata resolve --theirs
	assert_success
	run_kata sync
	assert_success
	grep -q "happened: he heard it" learners/alice/*/steps/0001-*
	[ "$(ls learners/alice/*/coaching | wc -l)" = 1 ]
	[ "$(grep -l 'status: open' learners/alice/*/steps/* | wc -l)" = 1 ]
	run_kata fsck
	assert_success
	cd ../b && kata sync >/dev/null && cd ..
	same_everywhere b
}

@test "the focus moved to different obstacles in two clones is a conflict of the target's focus" {
	start_target a alice
	as a alice obstacle add "bins far" >/dev/null
	as a alice obstacle add "no gloves" >/dev/null
	(cd a && kata sync >/dev/null) && (cd b && kata sync >/dev/null)
	ids=$(cd a && kata -l alice obstacle list --json |
		python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)))')
	set -- $ids
	as a alice obstacle focus "$1" >/dev/null
	as b alice obstacle focus "$2" >/dev/null
	(cd b && kata sync >/dev/null)
	cd a
	run_kata sync
	assert_failure 1
	[[ $stderr == *"target.yaml: 'focus' changed on both sides: yours '$1', theirs '$2'"* ]]
	run_kata resolve --ours
	assert_success
	run_kata sync
	assert_success
	[ "$(kata -l alice show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["target"]["focus"])')" = "$1" ]
	cd ../b && kata sync >/dev/null && cd ..
	same_everywhere b
}

@test "the remote's URL as git reads it: insteadOf, and pushurl for the push" {
	git clone -q --bare remote.git mirror.git
	cd a
	git config "url.$BATS_TEST_TMPDIR/.insteadOf" team:
	git remote set-url origin team:mirror.git
	git remote set-url --push origin team:remote.git
	start_target . alice
	run_kata sync
	assert_success
	# fetched from the mirror, pushed to the team's repository
	[ "$(git -C ../remote.git rev-parse main)" = "$(git rev-parse HEAD)" ]
	[ "$(git -C ../mirror.git rev-parse main)" != "$(git rev-parse HEAD)" ]
	# pushInsteadOf rewrites the push URL when there is no pushurl
	git config --unset remote.origin.pushurl
	git remote set-url origin ../remote.git
	git config "url.$BATS_TEST_TMPDIR/mirror.git.pushInsteadOf" ../remote.git
	as . alice measure m 3 >/dev/null
	run_kata sync
	assert_success
	[ "$(git -C ../mirror.git rev-parse main)" = "$(git rev-parse HEAD)" ]
}
