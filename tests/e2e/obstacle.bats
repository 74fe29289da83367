#!/usr/bin/env bats
# kata obstacle add|list|focus|close: the parking lot, one obstacle in focus.

load helper

setup() {
	kata_setup
	demo_learner
}

# The full ID of the obstacle whose text is $1.
obstacle_id() {
	python3 - "$(target_dir)/obstacles" "$1" <<-'EOF'
	import os, sys, yaml
	d = sys.argv[1]
	for n in sorted(os.listdir(d)):
	    r = yaml.safe_load(open(os.path.join(d, n), encoding="utf-8"))
	    if r["text"] == sys.argv[2]:
	        print(r["id"])
	EOF
}

obstacle_path() {
	record_file "$(target_dir)/obstacles" "$1"
}

# An obstacle record written by hand with the given ID, committed with git.
hand_obstacle() {
	local seq=$1 id=$2 text=$3 dir tid
	dir=$(target_dir)
	tid=$(yaml_get "$dir/target.yaml" id)
	mkdir -p "$dir/obstacles"
	cat >"$dir/obstacles/$seq-$id.yaml" <<-EOF
	kind: obstacle
	id: $id
	target: $tid
	text: $text
	status: open
	created: '2026-11-20T09:00:00Z'
	EOF
	git add "$dir/obstacles/$seq-$id.yaml"
	git commit -qm "hand-made obstacle $id"
}

@test "obstacle add writes an open obstacle in one commit with trailers" {
	kata_commit obstacle add "Reviewers are busy in meetings"
	local id f tid
	id=$(obstacle_id "Reviewers are busy in meetings")
	[ ${#id} -eq 10 ]
	f=$(obstacle_path "$id")
	tid=$(yaml_get "$(target_file)" id)
	[ "$(yaml_get "$f" kind)" = obstacle ]
	[ "$(yaml_get "$f" status)" = open ]
	[ "$(yaml_get "$f" target)" = "$tid" ]
	output_has "${id:0:4}"
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = obstacle-add ]
	[ "$(trailer Kata-Record)" = "$id" ]
	[ "$(trailer Kata-Target)" = "$tid" ]
	[ "$(git log -1 --format=%s)" = "alice: obstacle ${id:0:4} added: Reviewers are busy in meetings" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$f" ]
	fsck_clean
}

@test "obstacle list shows the obstacles in the order they were added" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	kata obstacle add "third" >/dev/null
	run_kata obstacle list
	assert_success
	[ ${#lines[@]} -eq 3 ]
	assert_line --index 0 --regexp ' first$'
	assert_line --index 1 --regexp ' second$'
	assert_line --index 2 --regexp ' third$'

	run_kata obstacle list --json
	assert_success
	python3 -c '
import json, sys
l = json.loads(sys.argv[1])
assert [o["text"] for o in l] == ["first", "second", "third"], l
assert all(o["kind"] == "obstacle" and o["status"] == "open" for o in l), l
' "$output"
}

@test "an empty parking lot lists nothing" {
	run_kata obstacle list
	assert_success
	assert_output ""
}

@test "focus sets the target's focus; focusing another moves it" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	local a b t
	a=$(obstacle_id first)
	b=$(obstacle_id second)
	t=$(target_file)

	kata_commit obstacle focus "$a"
	[ "$(yaml_get "$t" focus)" = "$a" ]
	[ "$(trailer Kata-Action)" = obstacle-focus ]
	[ "$(trailer Kata-Record)" = "$a" ]
	[[ $(git log -1 --format=%s) == "alice: obstacle ${a:0:4} in focus"* ]]

	kata_commit obstacle focus "$b"
	[ "$(yaml_get "$t" focus)" = "$b" ]
	[ "$(trailer Kata-Record)" = "$b" ]
	# one commit, touching only the target (the focus lives there)
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$t" ]

	run_kata obstacle list
	[ "$(grep -c '(focus)' <<<"$output")" -eq 1 ]
	assert_line --regexp "^\* ${b:0:4}.* second  \(focus\)$"
	refute_line --regexp "^\* .* first"
	fsck_clean
}

@test "focusing the obstacle in focus is refused, nothing written" {
	kata obstacle add "first" >/dev/null
	kata obstacle focus "$(obstacle_id first)" >/dev/null
	snapshot
	run_kata obstacle focus "$(obstacle_id first)"
	assert_error
	assert_unchanged
}

@test "close records the close; closing the focus clears it" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	local a b t
	a=$(obstacle_id first)
	b=$(obstacle_id second)
	t=$(target_file)
	kata obstacle focus "$a" >/dev/null

	kata_commit obstacle close "$b" --note "not an obstacle after all"
	[ "$(yaml_get "$(obstacle_path "$b")" status)" = closed ]
	[ "$(yaml_get "$(obstacle_path "$b")" closed)" = 2026-11-21T09:00:00Z ]
	[ "$(yaml_get "$(obstacle_path "$b")" note)" = "not an obstacle after all" ]
	[ "$(yaml_get "$t" focus)" = "$a" ]
	[ "$(trailer Kata-Action)" = obstacle-close ]
	[ "$(trailer Kata-Record)" = "$b" ]

	kata_commit obstacle close "$a"
	[ "$(yaml_get "$(obstacle_path "$a")" status)" = closed ]
	[ "$(yaml_get "$t" focus)" = null ]
	# the obstacle and the target change in the same, single commit
	[ "$(git diff --name-only HEAD~1 HEAD | wc -l)" -eq 2 ]

	run_kata obstacle list
	refute_output --partial "(focus)"
	[ "$(grep -c '(closed)' <<<"$output")" -eq 2 ]
	fsck_clean
}

@test "a closed obstacle can be neither closed again nor focused" {
	kata obstacle add "first" >/dev/null
	kata obstacle close "$(obstacle_id first)" >/dev/null
	snapshot
	run_kata obstacle close "$(obstacle_id first)"
	assert_error
	run_kata obstacle focus "$(obstacle_id first)"
	assert_error
	assert_unchanged
}

@test "the shortest form shown by obstacle list is accepted" {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	kata obstacle add "third" >/dev/null
	local short full
	short=$(obstacle_ids | sed -n 2p)
	full=$(obstacle_id second)
	[ ${#short} -ge 4 ]
	[ ${#short} -lt 10 ]
	[[ $full == "$short"* ]]

	kata_commit obstacle focus "$short"
	[ "$(yaml_get "$(target_file)" focus)" = "$full" ]
}

@test "an upper-case prefix names the same obstacle" {
	kata obstacle add "first" >/dev/null
	local id
	id=$(obstacle_id first)
	kata_commit obstacle focus "$(tr a-z A-Z <<<"${id:0:5}")"
	[ "$(yaml_get "$(target_file)" focus)" = "$id" ]
}

@test "an ambiguous prefix is refused; listings show the unambiguous form" {
	hand_obstacle 001 abcd000001 "made by hand one"
	hand_obstacle 002 abcd000002 "made by hand two"
	fsck_clean
	snapshot
	run_kata obstacle focus abcd
	assert_error
	stderr_has "ambiguous"
	run_kata obstacle focus abcd00000
	assert_error
	stderr_has "ambiguous"
	run_kata obstacle close a
	assert_error
	assert_unchanged

	run_kata obstacle list
	assert_line --index 0 --regexp '^  abcd000001  made by hand one$'
	assert_line --index 1 --regexp '^  abcd000002  made by hand two$'

	kata_commit obstacle focus abcd000002
	[ "$(yaml_get "$(target_file)" focus)" = abcd000002 ]
}

@test "an unknown or invalid obstacle ID is refused" {
	kata obstacle add "first" >/dev/null
	local id
	id=$(obstacle_id first)
	snapshot
	# an ID that differs from the real one in its first character
	local other=z
	[ "${id:0:1}" != z ] || other=y
	run_kata obstacle focus "${other}${id:1:3}"
	assert_error
	stderr_has "${other}${id:1:3}"
	for bad in "../x" "a/b" "${id}0" "$id$id" "i" "-" " "; do
		run_kata obstacle focus -- "$bad"
		assert_error
	done
	assert_unchanged
}

@test "obstacle add needs its text" {
	snapshot
	run_kata obstacle add
	assert_usage_error
	run_kata obstacle add ""
	assert_error
	run_kata obstacle add a b
	assert_usage_error
	run_kata obstacle focus
	assert_usage_error
	run_kata obstacle
	assert_usage_error
	assert_unchanged
}

@test "unicode obstacle text is stored as written; an obstacle is one line" {
	run_kata obstacle add $'Reviewers wait for CI\nbecause it takes 40 min'
	assert_error
	stderr_has "obstacle must be one line"
	local text='Reviewers wait for CI: it takes 40 min — “slow” 待ち'
	kata_commit obstacle add "$text"
	local f
	f=$(obstacle_path "$(obstacle_id "$text")")
	[ "$(yaml_get "$f" text)" = "$text" ]
}

@test "a learner's obstacles are in their own target" {
	kata learner add bob >/dev/null
	kata -l bob start --challenge c --target t --by 2026-12-31 >/dev/null
	kata -l bob obstacle add "bob's obstacle" >/dev/null
	run_kata obstacle list
	assert_output ""
	run_kata -l bob obstacle list
	output_has "bob's obstacle"
}

@test "obstacle reopen: a closed obstacle is open again, its closing note kept in history" {
	kata obstacle add "the die is worn" >/dev/null
	local id f
	id=$(trailer Kata-Record)
	f=$(record_file "$(target_dir)/obstacles" "${id:0:4}")
	kata obstacle focus "${id:0:4}" >/dev/null
	kata obstacle close "${id:0:4}" --note "new die fitted" >/dev/null
	kata_commit obstacle reopen "${id:0:4}" --note "the new die wears as fast"
	assert_output "alice: obstacle ${id:0:4} reopened; to work on it, 'kata obstacle focus ${id:0:4}'"
	[ "$(yaml_get "$f" status)" = open ]
	[ "$(yaml_get "$f" closed)" = null ]
	[ "$(yaml_get "$f" note)" = "the new die wears as fast" ]
	[ "$(git log -1 --format=%s)" = "alice: obstacle ${id:0:4} reopened: the die is worn" ]
	git log -1 --format=%b | grep -qxF "It was closed on 2026-11-21T09:00:00Z: new die fitted."
	[ "$(trailer Kata-Action)" = obstacle-reopen ]
	run_kata obstacle list
	assert_output "  ${id:0:4}  the die is worn"
	kata_commit obstacle focus "${id:0:4}"
	run_kata log --action obstacle-reopen
	[ "${#lines[@]}" -eq 1 ]
}

@test "obstacle reopen refuses an open obstacle, an unknown one, and takes one ID" {
	kata obstacle add "o" >/dev/null
	local id
	id=$(trailer Kata-Record)
	snapshot
	run_kata obstacle reopen "${id:0:4}"
	assert_error
	stderr_has "obstacle ${id:0:4} is open already"
	run_kata obstacle reopen zzzz
	assert_error
	stderr_has "no obstacle 'zzzz'"
	run_kata obstacle reopen
	assert_usage_error
	run_kata obstacle reopen a b
	assert_usage_error
	assert_unchanged
}
