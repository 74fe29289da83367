#!/usr/bin/env bats
# kata-bench in its small mode, so that it cannot rot: it builds both team
# repositories through lib/, runs every command on them and writes its
# table. Timings are never asserted; what it built is checked as kata and
# git read it.

load helper

setup() {
	kata_setup
	: "${KATA_BENCH:?KATA_BENCH must name the benchmark}"
}

@test "the benchmark builds a whole team, times every command and writes its table" {
	TMPDIR=$BATS_TEST_TMPDIR run "$KATA_BENCH" -n 300 -r 1 -k -o table.txt "$KATA"
	assert_success
	for c in "step done" "step" "measure" "coach --answers" "show" "board" \
		"board --coaches" "log -n 20" "log l07 -n 20" "lint l07" "report l07" "fsck" "sync"; do
		grep -Eq "^kata $c +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+" table.txt ||
			fail "no row for kata $c"
	done
	grep -Eq '^git add \+ git commit +[0-9.]+ +[0-9.]+x faster' table.txt
	grep -Eq '^task add|^task add: taskwarrior is not installed' table.txt
	grep -Eq '^\.git of the big repository: [0-9.]+ MiB; after git gc: [0-9.]+ MiB' table.txt
	# the same table on standard output
	[[ $output == *"$(head -1 table.txt)"* ]]
	big=$(echo "$BATS_TEST_TMPDIR"/kata-bench-*/big)
	[ -d "$big" ]
	# 8 learners coaching each other, each with a target, cycles and feedback
	[ "$(ls "$big/learners" | wc -l)" -eq 8 ]
	ls "$big"/learners/l07/*/coaching/*.yaml >/dev/null
	ls "$big"/learners/*/*/feedback/*.yaml >/dev/null
	grep -q "coach: l02" "$big/learners/l07/learner.yaml"
	# as the commands wrote it: fsck and git agree
	run "$KATA" -C "$big" fsck
	assert_success
	assert_output ""
	[ -z "$(git -C "$big" status --porcelain)" ]
	git -C "$big" fsck --no-progress 2>&1 | { ! grep -v '^notice'; }
	[ "$(git -C "$big" rev-list --count HEAD)" -ge 250 ]
	# the syncs took the peer's measures in and the learner's out
	git -C "$big" merge-base --is-ancestor "$(git -C "$big-peer" rev-parse HEAD)" HEAD
	[ "$(git -C "$big-remote.git" rev-parse main)" = "$(git -C "$big" rev-parse origin/main)" ]
	[ "$(git -C "$big" log --format=%s | grep -c '^sync: merge')" -ge 1 ]
}

@test "-R times the repositories a -k run kept, again, with the rounds going on from theirs" {
	TMPDIR=$BATS_TEST_TMPDIR run "$KATA_BENCH" -n 300 -r 1 -k -o first.txt "$KATA"
	assert_success
	kept=$(echo "$BATS_TEST_TMPDIR"/kata-bench-*)
	[ -d "$kept/big" ]
	before=$(git -C "$kept/big" rev-list --count HEAD)
	run "$KATA_BENCH" -R "$kept" -r 1 -o second.txt "$KATA"
	assert_success
	grep -Eq '^kata sync +[0-9.]+ +[0-9.]+' second.txt
	grep -Eq '^git add \+ git commit +[0-9.]+' second.txt
	# it timed the same repositories, which grew by its rounds
	[ "$(git -C "$kept/big" rev-list --count HEAD)" -gt "$before" ]
	# and its table counts them as it found them
	[[ $(head -1 second.txt) == *" and $before commits (8 learners)"* ]]
	run "$KATA" -C "$kept/big" fsck
	assert_success
	[ -z "$(git -C "$kept/big" status --porcelain)" ]
}
