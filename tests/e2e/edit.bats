#!/usr/bin/env bats
# kata edit ID: a record in an editor ($VISUAL, $EDITOR, core.editor, vi),
# checked on save, committed as written, or kept in .git/kata-edit/ with
# the reason. The editors here are scripts that edit "$1".

load helper

setup() {
	kata_setup
	demo_learner
	kata obstacle add "first" >/dev/null
	OBS=$(ls "$(target_dir)"/obstacles/*.yaml)
	OBS_ID=$(id_of "$OBS")
}

# The ID in a record's file name.
id_of() {
	local b
	b=$(basename "$1" .yaml)
	echo "${b#*-}"
}

# Makes an executable editor script from the lines given; prints its path.
editor() {
	local f=$BATS_TEST_TMPDIR/$1
	shift
	printf '#!/bin/sh\n' >"$f"
	printf '%s\n' "$@" >>"$f"
	chmod +x "$f"
	echo "$f"
}

@test "a valid edit is one commit of the bytes as written, comment and all" {
	local before
	EDITOR=$(editor ed.sh \
		"sed -i 's/^text: first\$/text: the first obstacle  # said better/' \"\$1\"" \
		"printf '# checked with Bob\\nowner: bob\\n' >>\"\$1\"" \
		"cp \"\$1\" \"$BATS_TEST_TMPDIR/saved\"")
	export EDITOR
	before=$(git rev-parse HEAD)
	kata_commit edit "${OBS_ID:0:4}"
	assert_output "alice: obstacle ${OBS_ID:0:4} edited"
	[ -z "$stderr" ]
	# exactly what the editor left, in the work tree and in the commit
	cmp "$BATS_TEST_TMPDIR/saved" "$OBS"
	git show "HEAD:$OBS" | cmp "$BATS_TEST_TMPDIR/saved" -
	grep -qx '# checked with Bob' "$OBS"
	[ "$(yaml_get "$OBS" text)" = "the first obstacle" ]
	[ "$(yaml_get "$OBS" owner)" = bob ]
	# one file changed, in a commit that says what and whose
	[ "$(git rev-parse HEAD~1)" = "$before" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$OBS" ]
	[ "$(git log -1 --format=%s)" = "alice: edit obstacle ${OBS_ID:0:4}" ]
	[ "$(git log -1 --format=%ae)" = alice@example.com ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Target)" = "$(id_of "$(target_dir)")" ]
	[ "$(trailer Kata-Action)" = edit ]
	[ "$(trailer Kata-Record)" = "$OBS_ID" ]
	# the copy is gone, and kata reads the record
	[ -z "$(ls -A .git/kata-edit)" ]
	fsck_clean
	run_kata obstacle list
	output_has "the first obstacle"
}

@test "an unchanged file commits nothing" {
	local before
	before=$(git rev-parse HEAD)
	snapshot
	EDITOR=true run_kata edit "$OBS_ID"
	assert_success
	assert_output "no changes to obstacle ${OBS_ID:0:4}; nothing to commit"
	[ "$(git rev-parse HEAD)" = "$before" ]
	assert_unchanged
	[ -z "$(ls -A .git/kata-edit)" ]
}

@test "an invalid value is refused with path:line:col and the edit is kept" {
	local before kept
	before=$(git rev-parse HEAD)
	snapshot
	EDITOR=$(editor ed.sh "sed -i 's/^status: open\$/status: opened/' \"\$1\"") \
		run_kata edit "$OBS_ID"
	assert_error
	# status is line 5 of an obstacle, its value at column 9
	[[ ${stderr_lines[0]} == "kata: error: $OBS:5:9: 'status' must be open or closed; nothing was committed (your edit is kept in .git/kata-edit/$OBS_ID.yaml)" ]] ||
		fail "unexpected error: $stderr"
	[ "$(git rev-parse HEAD)" = "$before" ]
	assert_unchanged
	grep -qx 'status: open' "$OBS"
	kept=.git/kata-edit/$OBS_ID.yaml
	[ -f "$kept" ]
	grep -qx 'status: opened' "$kept"
	repo_clean
}

@test "YAML that does not parse is refused and kept" {
	snapshot
	EDITOR=$(editor ed.sh "printf 'text: [unclosed\\n' >>\"\$1\"") run_kata edit "$OBS_ID"
	assert_error
	[[ ${stderr_lines[0]} =~ ^"kata: error: $OBS:"[0-9]+:[0-9]+:\ .*"(your edit is kept in .git/kata-edit/$OBS_ID.yaml)"$ ]] ||
		fail "unexpected error: $stderr"
	assert_unchanged
	grep -q 'unclosed' ".git/kata-edit/$OBS_ID.yaml"
}

@test "a refused edit is not overwritten by the next one" {
	local bad
	bad=$(editor bad.sh "sed -i 's/^status: open\$/status: opened/' \"\$1\"")
	EDITOR=$bad run_kata edit "$OBS_ID"
	assert_error
	EDITOR=$bad run_kata edit "$OBS_ID"
	assert_error
	stderr_has "(your edit is kept in .git/kata-edit/$OBS_ID-2.yaml)"
	[ -f ".git/kata-edit/$OBS_ID.yaml" ]
	[ -f ".git/kata-edit/$OBS_ID-2.yaml" ]
	EDITOR=true run_kata edit "$OBS_ID"
	assert_success
	[ "$(ls .git/kata-edit | wc -l)" -eq 2 ]
}

@test "the id, the kind and the target cannot change" {
	local t tid
	snapshot
	EDITOR=$(editor ed.sh "sed -i 's/^id: .*/id: 0000000000/' \"\$1\"") run_kata edit "$OBS_ID"
	assert_error
	stderr_has "$OBS:2:5: 'id' cannot change from '$OBS_ID'"
	EDITOR=$(editor ed.sh "sed -i 's/^kind: .*/kind: step/' \"\$1\"") run_kata edit "$OBS_ID"
	assert_error
	stderr_has "$OBS:1:7: kind is 'step', expected 'obstacle'"
	EDITOR=$(editor ed.sh "sed -i 's/^target: .*/target: 0000000000/' \"\$1\"") \
		run_kata edit "$OBS_ID"
	assert_error
	stderr_has "$OBS:3:9: 'target' cannot change"
	t=$(target_file)
	tid=$(id_of "$(target_dir)")
	EDITOR=$(editor ed.sh "sed -i 's/^id: .*/id: 0000000000/' \"\$1\"") run_kata edit "$tid"
	assert_error
	stderr_has "$t:2:5: 'id' cannot change from '$tid'"
	EDITOR=$(editor ed.sh "sed -i 's/^learner: .*/learner: bob/' \"\$1\"") run_kata edit "$tid"
	assert_error
	stderr_has "$t:3:10: 'learner' cannot change from 'alice'"
	assert_unchanged
}

@test "a focus must name an obstacle of the target" {
	local tid
	tid=$(id_of "$(target_dir)")
	snapshot
	EDITOR=$(editor ed.sh "echo 'focus: 0000000000' >>\"\$1\"") run_kata edit "$tid"
	assert_error
	stderr_has "'focus' must name an obstacle of this target; there is no obstacle '0000000000'"
	assert_unchanged
	EDITOR=$(editor ed.sh "echo 'focus: $OBS_ID' >>\"\$1\"") kata_commit edit "$tid"
	[ "$(yaml_get "$(target_file)" focus)" = "$OBS_ID" ]
	fsck_clean
}

@test "the editor is \$VISUAL, then \$EDITOR, then core.editor, then vi" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	editor bin/vi "echo vi >\"$BATS_TEST_TMPDIR/used\"" >/dev/null
	export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
	git config core.editor "$(editor core.sh "echo core >\"$BATS_TEST_TMPDIR/used\"")"
	export EDITOR VISUAL
	EDITOR=$(editor editor.sh "echo editor >\"$BATS_TEST_TMPDIR/used\"")
	VISUAL=$(editor visual.sh "echo visual >\"$BATS_TEST_TMPDIR/used\"")

	run_kata edit "$OBS_ID"
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/used")" = visual ]
	VISUAL=
	run_kata edit "$OBS_ID"
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/used")" = editor ]
	unset EDITOR VISUAL
	run_kata edit "$OBS_ID"
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/used")" = core ]
	git config --unset core.editor
	run_kata edit "$OBS_ID"
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/used")" = vi ]
}

@test "the editor runs through the shell with its options, on the copy" {
	EDITOR="$(editor ed.sh 'echo "$1 $2" >"$3"' 'echo "$4" >>"$3"') --wait -x '$BATS_TEST_TMPDIR/args'" \
		run_kata edit "$OBS_ID"
	assert_success
	[ "$(sed -n 1p "$BATS_TEST_TMPDIR/args")" = "--wait -x" ]
	[[ $(sed -n 2p "$BATS_TEST_TMPDIR/args") == /*/.git/kata-edit/"$OBS_ID".yaml ]]
}

@test "a failing editor commits nothing" {
	local before
	before=$(git rev-parse HEAD)
	snapshot
	EDITOR=false run_kata edit "$OBS_ID"
	assert_error
	stderr_has "the editor 'false' failed (exit status 1); nothing was committed"
	[[ $stderr != *kept* ]]
	assert_unchanged
	[ -z "$(ls -A .git/kata-edit)" ]
	# what it saved before failing is not lost
	EDITOR=$(editor ed.sh "sed -i 's/^text: .*/text: changed/' \"\$1\"" "exit 3") \
		run_kata edit "$OBS_ID"
	assert_error
	stderr_has "failed (exit status 3); nothing was committed (your edit is kept in .git/kata-edit/$OBS_ID.yaml)"
	[ "$(git rev-parse HEAD)" = "$before" ]
	assert_unchanged
	grep -qx 'text: changed' ".git/kata-edit/$OBS_ID.yaml"
}

@test "an ID prefix names the record; unknown and ambiguous ones are refused" {
	local f ids first dup i
	# records until two IDs of the learner share a first character (a
	# measure at least: the set-up's own IDs may share one already)
	for i in $(seq 1 40); do
		kata measure review_wait "$i" >/dev/null
		ids=$(for f in learners/alice/*/ learners/alice/*/*/*.yaml; do id_of "$f"; done)
		dup=$(cut -c1 <<<"$ids" | sort | uniq -d | head -n 1)
		[ -n "$dup" ] && break
	done
	[ -n "$dup" ]
	snapshot
	EDITOR=true run_kata edit "$dup"
	assert_error
	stderr_has "record ID '$dup' is ambiguous: "
	EDITOR=true run_kata edit 0000000000
	assert_error
	stderr_has "no record '0000000000'"
	EDITOR=true run_kata edit 'no/such'
	assert_error
	assert_unchanged

	# a step, a measure and the target, each by a prefix
	kata step "s" --expect e >/dev/null
	for f in "$(ls "$(target_dir)"/steps/*.yaml)" "$(ls "$(target_dir)"/measures/*.yaml | head -n 1)"; do
		first=$(id_of "$f")
		EDITOR=$(editor ed.sh "echo 'by_hand: yes' >>\"\$1\"") kata_commit edit "${first:0:6}"
		[ "$(tail -n 1 "$f")" = "by_hand: yes" ]
		[ "$(trailer Kata-Record)" = "$first" ]
	done
	first=$(id_of "$(target_dir)")
	EDITOR=$(editor ed.sh "sed -i 's/^condition: .*/condition: Review wait under 3 hours/' \"\$1\"") \
		kata_commit edit "${first^^}"
	[ "$(yaml_get "$(target_file)" condition)" = "Review wait under 3 hours" ]
	[ "$(git log -1 --format=%s)" = "alice: edit target ${first:0:4}" ]
	fsck_clean
}

@test "a record of an earlier target condition can be edited" {
	local old
	kata target done >/dev/null
	kata start --challenge c --target t2 --by 2026-12-24 >/dev/null
	EDITOR=$(editor ed.sh "sed -i 's/^text: .*/text: was first/' \"\$1\"") kata_commit edit "$OBS_ID"
	[ "$(yaml_get "$OBS" text)" = "was first" ]
	old=$(id_of "$(dirname "$(dirname "$OBS")")")
	[ "$(trailer Kata-Target)" = "$old" ]
}

@test "a learner ID names the learner's record; -l picks whose records" {
	kata learner add bob --name Bob --email bob@example.com >/dev/null
	EDITOR=$(editor ed.sh "sed -i 's/^name: .*/name: Alice B. Example/' \"\$1\"") kata_commit edit alice
	assert_output "alice: learner alice edited"
	[ "$(yaml_get learners/alice/learner.yaml name)" = "Alice B. Example" ]
	[ "$(git log -1 --format=%s)" = "alice: edit learner alice" ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Record)" = alice ]
	[ -z "$(trailer Kata-Target)" ]
	# Alice edits Bob's record by his ID
	EDITOR=$(editor ed.sh "echo 'coach: alice' >>\"\$1\"") kata_commit edit bob
	[ "$(yaml_get learners/bob/learner.yaml coach)" = alice ]
	[ "$(trailer Kata-Learner)" = bob ]
	# a coach that is no learner is refused
	EDITOR=$(editor ed.sh "sed -i 's/^coach: .*/coach: carol/' \"\$1\"") run_kata edit bob
	assert_error
	stderr_has "'coach' must be a learner here; there is no learner 'carol'"
	# a record ID is looked for among the records of -l's learner
	EDITOR=true run_kata edit -l bob "$OBS_ID"
	assert_error
	stderr_has "no record '$OBS_ID'"
	EDITOR=true run_kata edit -l alice "$OBS_ID"
	assert_success
}

@test "a record with uncommitted changes is refused before the editor opens" {
	local marker=$BATS_TEST_TMPDIR/editor-ran
	echo "by_hand: not committed" >>"$OBS"
	snapshot
	EDITOR=$(editor ed.sh "touch '$marker'") run_kata edit "$OBS_ID"
	assert_error
	stderr_has "$OBS: has uncommitted changes"
	[ ! -e "$marker" ]
	assert_unchanged
	[ ! -e ".git/kata-edit/$OBS_ID.yaml" ]
}

@test "a record changed by another command while the editor is open is not overwritten" {
	local tid t
	tid=$(id_of "$(target_dir)")
	t=$(target_file)
	EDITOR=$(editor ed.sh "\"\$KATA\" obstacle focus '$OBS_ID' >/dev/null" \
		"echo 'by_hand: x' >>\"\$1\"") run_kata edit "$tid"
	assert_error
	stderr_has "$t: changed while it was being edited; nothing was committed (your edit is kept in .git/kata-edit/$tid.yaml)"
	[ "$(yaml_get "$t" focus)" = "$OBS_ID" ]
	[ "$(yaml_get "$t" by_hand)" = null ]
	[ "$(trailer Kata-Action)" = obstacle-focus ]
	repo_clean
}

@test "kata edit needs one ID" {
	run_kata edit
	assert_usage_error
	run_kata edit a b
	assert_usage_error
	run_kata edit --frobnicate x
	assert_usage_error
}

@test "a refused edit can be resumed, and goes on from where it was" {
	local bad fix
	bad=$(editor bad.sh "sed -i -e 's/^status: open\$/status: opened/' -e 's/^text: first\$/text: first, reworded/' \"\$1\"")
	EDITOR=$bad run_kata edit "$OBS_ID"
	assert_error
	# the next edit says the earlier one is kept, and how to go on
	EDITOR=true run_kata edit "$OBS_ID"
	assert_success
	[[ ${stderr_lines[0]} == "kata: warning: 1 earlier edit of $OBS_ID is kept in .git/kata-edit: 'kata edit --resume $OBS_ID' goes on with the newest, 'kata edit --discard $OBS_ID' removes them" ]] ||
		fail "unexpected: $stderr"
	# the resumed editor opens the kept copy, rewording and all
	fix=$(editor fix.sh "grep -qx 'text: first, reworded' \"\$1\" || exit 3" \
		"sed -i 's/^status: opened\$/status: open/' \"\$1\"")
	EDITOR=$fix run_kata edit --resume "$OBS_ID"
	assert_success
	output_has "edited"
	[ "$(yaml_get "$OBS" text)" = "first, reworded" ]
	[ "$(yaml_get "$OBS" status)" = open ]
	# a resumed edit that is committed is no longer kept
	[ -z "$(ls .git/kata-edit)" ]
	run_kata edit --resume "$OBS_ID"
	assert_error
	stderr_has "no edit of $OBS_ID is kept"
	repo_clean
}

@test "a kept edit is not resumed onto a record that changed since, and can be discarded" {
	local bad
	bad=$(editor bad.sh "sed -i 's/^status: open\$/status: opened/' \"\$1\"")
	EDITOR=$bad run_kata edit "$OBS_ID"
	assert_error
	EDITOR=$bad run_kata edit "$OBS_ID"
	assert_error
	[ "$(ls .git/kata-edit/*.yaml | wc -l)" -eq 2 ]
	# the record changes meanwhile
	kata obstacle focus "$OBS_ID" >/dev/null
	kata obstacle close "$OBS_ID" >/dev/null
	snapshot
	EDITOR=true run_kata edit --resume "$OBS_ID"
	assert_error
	[[ ${stderr_lines[0]} == "kata: error: $OBS changed since the edit in .git/kata-edit/$OBS_ID-2.yaml was kept; take what you need from it into a new 'kata edit $OBS_ID'" ]] ||
		fail "unexpected: $stderr"
	assert_unchanged
	run_kata edit --discard "$OBS_ID"
	assert_success
	output_has "2 kept edits of obstacle ${OBS_ID:0:4} removed"
	[ -z "$(ls .git/kata-edit)" ]
	[ "$(yaml_get "$OBS" status)" = closed ]
}
