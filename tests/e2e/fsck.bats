#!/usr/bin/env bats
# kata fsck: every record validated, every problem as path:line:col: message.

load helper

setup() {
	kata_setup
	demo_learner
	kata learner add bob --coach alice >/dev/null
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	kata obstacle focus "$(obstacle_ids | head -n 1)" >/dev/null
	kata step "s1" --expect "e1" --see-by tomorrow >/dev/null
	kata step done --happened h --learned l >/dev/null
	kata step "s2" --expect "e2" >/dev/null
	kata measure review_wait 12 >/dev/null
}

commit_by_hand() {
	git add -A
	git commit -qm "by hand"
}

# The line number of the first line of file $1 matching regex $2.
line_of() {
	grep -n -m 1 -e "$2" "$1" | cut -d: -f1
}

first_step() {
	ls "$(target_dir)"/steps/*.yaml | sort | head -n 1
}

second_obstacle() {
	ls "$(target_dir)"/obstacles/*.yaml | sort | sed -n 2p
}

@test "a clean repository: exit 0, no output" {
	run_kata fsck
	assert_success
	assert_output ""
	[ -z "$stderr" ]
	snapshot
	run_kata fsck
	assert_unchanged
}

@test "a new repository is clean" {
	kata init "$BATS_TEST_TMPDIR/new" >/dev/null
	cd "$BATS_TEST_TMPDIR/new"
	fsck_clean
}

@test "a wrong value ('status: maybe') is reported at its line and column" {
	local f line
	f=$(second_obstacle)
	sed -i 's/^status: open$/status: maybe/' "$f"
	commit_by_hand
	line=$(line_of "$f" '^status:')
	run_kata fsck
	assert_failure 1
	[ ${#lines[@]} -eq 1 ]
	assert_line --index 0 --regexp "^$f:$line:9: .*status"
	stderr_has "kata: error: "
}

@test "a missing required field ('expect') is reported with path:line:col" {
	local f
	f=$(first_step)
	sed -i '/^expect:/d' "$f"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	[ ${#lines[@]} -eq 1 ]
	assert_line --index 0 --regexp "^$f:[0-9]+:[0-9]+: .*'expect'"
}

@test "an id that does not match the file name is reported at the id" {
	local f line
	f=$(second_obstacle)
	sed -i 's/^id: .*/id: zzzzzzzzzz/' "$f"
	commit_by_hand
	line=$(line_of "$f" '^id:')
	run_kata fsck
	assert_failure 1
	[ ${#lines[@]} -eq 1 ]
	assert_line --index 0 --regexp "^$f:$line:5: .*zzzzzzzzzz"
}

@test "a wrong type ('goal' not a number) is reported at its line and column" {
	local t line
	t=$(target_file)
	sed -i 's/^goal: 4$/goal: four/' "$t"
	commit_by_hand
	line=$(line_of "$t" '^goal:')
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$t:$line:7: .*goal"
}

@test "a wrong date is reported at its line and column" {
	local f line
	f=$(first_step)
	sed -i "s/^see_by: .*/see_by: '2026-02-30T10:00:00Z'/" "$f"
	commit_by_hand
	line=$(line_of "$f" '^see_by:')
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$f:$line:[0-9]+: .*see_by"
}

@test "every problem is reported, each on its own line" {
	local o s t
	o=$(second_obstacle)
	s=$(first_step)
	t=$(target_file)
	sed -i 's/^status: open$/status: maybe/' "$o"
	sed -i '/^expect:/d' "$s"
	sed -i 's/^learner: alice$/learner: bob/' "$t"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	[ ${#lines[@]} -eq 3 ]
	assert_line --regexp "^$o:[0-9]+:[0-9]+: "
	assert_line --regexp "^$s:[0-9]+:[0-9]+: "
	assert_line --regexp "^$t:[0-9]+:[0-9]+: "
	[ "${stderr_lines[0]}" = "kata: error: 3 problems found" ]
}

@test "malformed YAML is reported with path:line:col" {
	local f
	f=$(first_step)
	printf 'kind: step\nid: [unclosed\n' >"$f"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$f:[0-9]+:[0-9]+: "
}

@test "a record with an alias is reported" {
	local f
	f=$(second_obstacle)
	sed -i 's/^text: second$/text: \&t second\nnote: *t/' "$f"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$f:[0-9]+:[0-9]+: .*alias"
}

@test "a focus that is not in the parking lot is reported" {
	local t line
	t=$(target_file)
	sed -i 's/^focus: .*/focus: zzzzzzzzzz/' "$t"
	commit_by_hand
	line=$(line_of "$t" '^focus:')
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$t:$line:8: .*zzzzzzzzzz"
}

@test "a coach who is not a learner is reported" {
	sed -i 's/^coach: alice$/coach: nobody/' learners/bob/learner.yaml
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^learners/bob/learner.yaml:[0-9]+:[0-9]+: .*nobody"
}

@test "an open step followed by a later step is reported" {
	local f
	f=$(first_step)
	sed -i 's/^status: done$/status: open/' "$f"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$f:[0-9]+:[0-9]+: "
}

@test "an unexpected file among the records is reported" {
	echo "stray" >"$(target_dir)/obstacles/notes.txt"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$(target_dir)/obstacles/notes.txt: "
}

@test "a learner folder with an invalid ID is reported" {
	mkdir -p learners/Bad
	echo "kind: learner" >learners/Bad/learner.yaml
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^learners/Bad"
}

@test "a record larger than 1 MiB is reported" {
	{
		printf 'kind: step\nid: x\nstep: '
		head -c 2000000 /dev/zero | tr '\0' a
		printf '\n'
	} >"$(first_step)"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_line --regexp "^$(first_step): .*1 MiB"
}

@test "the focus on a closed obstacle is a problem, at the focus line" {
	local t focus
	t=$(target_file)
	focus=$(yaml_get "$t" focus)
	sed -i 's/^status: open$/status: closed/' "$(ls "$(target_dir)"/obstacles/*"$focus".yaml)"
	commit_by_hand
	run_kata fsck
	assert_failure 1
	assert_output "$t:$(line_of "$t" '^focus:'):8: focus '$focus' is a closed obstacle"
}

@test "fsck --json lists each problem with path, line, col and message" {
	run_kata fsck --json
	assert_success
	python3 -c 'import json,sys; assert json.load(sys.stdin) == []' <<<"$output"
	local s
	s=$(first_step)
	sed -i 's/^status: done$/status: maybe/' "$s"
	commit_by_hand
	run_kata fsck --json
	assert_failure 1
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.json"
	python3 - "$s" "$(line_of "$s" '^status:')" "$BATS_TEST_TMPDIR/out.json" <<-'PY'
	import json, sys
	problems = json.load(open(sys.argv[3]))
	assert len(problems) == 1, problems
	p = problems[0]
	assert p["path"] == sys.argv[1], p
	assert p["line"] == int(sys.argv[2]) and p["col"] == 9, p
	assert "status" in p["message"], p
	PY
}

@test "a number that YAML readers read differently ('goal: 010') is reported at its value" {
	local t
	t=$(target_file)
	sed -i 's/^goal: 4$/goal: 010/' "$t"
	commit_by_hand
	run_kata fsck
	assert_failure
	assert_output --partial "$t:$(line_of "$t" '^goal:'):7: 'goal' must be a number as kata writes it"
	# the storyboard names it too rather than showing 8 or 10
	run_kata show
	assert_error
	stderr_has "$t:$(line_of "$t" '^goal:'):7: "
}
