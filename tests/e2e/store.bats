#!/usr/bin/env bats
# SPEC 3 and 4: the records in git. Hand edits survive or are respected,
# concurrent commands lose nothing, a crash is finished by the next command.

load helper

setup() {
	kata_setup
	demo_learner
}

# Two obstacles; prints nothing. $A and $B hold their shortest IDs.
two_obstacles() {
	kata obstacle add "first" >/dev/null
	kata obstacle add "second" >/dev/null
	A=$(obstacle_ids | sed -n 1p)
	B=$(obstacle_ids | sed -n 2p)
}

@test "a key added by hand survives kata's rewrite of the record" {
	two_obstacles
	local t
	t=$(target_file)
	cat >>"$t" <<-'EOF'
	cost_center: 42
	tags:
	- lean
	- reviews
	EOF
	git commit -qam "add cost center by hand"

	kata_commit obstacle focus "$A"
	[ "$(yaml_get "$t" cost_center)" = 42 ]
	[ "$(yaml_type "$t" cost_center)" = int ]
	[ "$(yaml_get "$t" tags)" = '["lean", "reviews"]' ]
	[[ $(yaml_get "$t" focus) == "$A"* ]]

	kata_commit obstacle close "$A"
	kata_commit target done
	[ "$(yaml_get "$t" cost_center)" = 42 ]
	[ "$(yaml_get "$t" tags)" = '["lean", "reviews"]' ]
	[ "$(yaml_get "$t" status)" = done ]
}

@test "a hand-added key in a step survives the reflection" {
	kata step "s" --expect e >/dev/null
	local f
	f=$(ls "$(target_dir)"/steps/*.yaml)
	echo "witness: Bob" >>"$f"
	git commit -qam "by hand"
	kata_commit step done --happened h --learned l
	[ "$(yaml_get "$f" witness)" = Bob ]
	[ "$(yaml_get "$f" learned)" = l ]
}

@test "uncommitted edits to a record kata must rewrite make kata refuse" {
	two_obstacles
	local t before
	t=$(target_file)
	echo "note_by_hand: do not lose me" >>"$t"
	before=$(commits)
	run_kata obstacle focus "$A"
	assert_error
	stderr_has "$t"
	[ "$(commits)" -eq "$before" ]
	[ "$(tail -n 1 "$t")" = "note_by_hand: do not lose me" ]
	[ "$(yaml_get "$t" focus)" = null ]
	[ -n "$(git status --porcelain)" ]

	# committed, the same edit is kept and kata goes on
	git commit -qam "note by hand"
	kata_commit obstacle focus "$A"
	[ "$(yaml_get "$t" note_by_hand)" = "do not lose me" ]
}

@test "a deleted but uncommitted record makes kata refuse" {
	kata step "s" --expect e >/dev/null
	local f before
	f=$(ls "$(target_dir)"/steps/*.yaml)
	rm "$f"
	before=$(commits)
	run_kata step done --happened h --learned l
	[ "$status" -eq 1 ]
	[ "$(commits)" -eq "$before" ]
	[ ! -e "$f" ]
}

@test "staged but uncommitted edits to a record are not overwritten silently" {
	two_obstacles
	local t before
	t=$(target_file)
	cp "$t" "$BATS_TEST_TMPDIR/target.orig"
	echo "staged_by_hand: keep me" >>"$t"
	git add "$t"
	# the work tree as HEAD has it, the edit only in the index
	cp "$BATS_TEST_TMPDIR/target.orig" "$t"
	before=$(commits)
	run_kata obstacle focus "$A"
	if [ "$status" -eq 0 ]; then
		# went on: then the staged edit must still be somewhere
		git show HEAD:"$t" | grep -q '^staged_by_hand: keep me$' ||
			git show :"$t" | grep -q '^staged_by_hand: keep me$' ||
			fail "the staged edit of $t was dropped without a word"
	else
		assert_error
		[ "$(commits)" -eq "$before" ]
		git show :"$t" | grep -q '^staged_by_hand: keep me$'
	fi
}

@test "an untracked unrelated file is left alone and not committed" {
	echo "my notes" >notes.txt
	mkdir -p learners/alice/scratch
	echo "draft" >learners/alice/scratch/draft.md
	kata obstacle add "o" >/dev/null
	[ "$(cat notes.txt)" = "my notes" ]
	[ "$(cat learners/alice/scratch/draft.md)" = draft ]
	[ "$(git status --porcelain --untracked-files=all)" = "$(printf '?? learners/alice/scratch/draft.md\n?? notes.txt')" ]
	[ -z "$(git log --all --format= --name-only | grep -e notes.txt -e draft.md)" ]
	rm -r notes.txt learners/alice/scratch
	repo_clean
}

@test "a staged unrelated file stays staged and out of kata's commit" {
	echo "my notes" >notes.txt
	git add notes.txt
	kata obstacle add "o" >/dev/null
	[ -z "$(git log -1 --format= --name-only | grep notes.txt)" ]
	[ "$(git status --porcelain)" = "A  notes.txt" ]
}

@test "ten obstacle adds at once: each succeeds or fails cleanly, none lost" {
	local i ok=0 before
	before=$(commits)
	for i in $(seq 10); do
		(
			rc=0
			kata obstacle add "parallel $i" >"$BATS_TEST_TMPDIR/out.$i" \
				2>"$BATS_TEST_TMPDIR/err.$i" || rc=$?
			echo $rc >"$BATS_TEST_TMPDIR/rc.$i"
		) &
	done
	wait
	for i in $(seq 10); do
		local rc
		rc=$(cat "$BATS_TEST_TMPDIR/rc.$i")
		if [ "$rc" -eq 0 ]; then
			ok=$((ok + 1))
		else
			[ "$rc" -eq 1 ] || fail "add $i: status $rc: $(cat "$BATS_TEST_TMPDIR/err.$i")"
			[ "$(wc -l <"$BATS_TEST_TMPDIR/err.$i")" -eq 1 ]
			grep -q '^kata: error: ' "$BATS_TEST_TMPDIR/err.$i"
		fi
	done
	[ "$ok" -ge 1 ]
	[ "$(ls "$(target_dir)"/obstacles | wc -l)" -eq "$ok" ]
	[ "$(commits)" -eq $((before + ok)) ]
	[ "$(git log --format='%(trailers:key=Kata-Action,valueonly)' -n "$ok" | grep . | sort -u)" = obstacle-add ]
	run_kata obstacle list
	[ "${#lines[@]}" -eq "$ok" ]
	repo_clean
	check_yaml
	fsck_clean
}

@test "five step plans at once: exactly one step is planned" {
	local i ok=0
	for i in $(seq 5); do
		(
			rc=0
			kata step "step $i" --expect e >/dev/null 2>"$BATS_TEST_TMPDIR/err.$i" || rc=$?
			echo $rc >"$BATS_TEST_TMPDIR/rc.$i"
		) &
	done
	wait
	for i in $(seq 5); do
		local rc
		rc=$(cat "$BATS_TEST_TMPDIR/rc.$i")
		[ "$rc" -le 1 ] || fail "step $i: status $rc"
		[ "$rc" -ne 0 ] || ok=$((ok + 1))
	done
	[ "$ok" -eq 1 ]
	[ "$(ls "$(target_dir)"/steps | wc -l)" -eq 1 ]
	repo_clean
	fsck_clean
}

@test "different commands at once in one repository lose nothing" {
	two_obstacles
	local before
	before=$(commits)
	# each writes its exit status to rc.N
	bg() {
		local n=$1 rc=0
		shift
		kata "$@" >/dev/null 2>"$BATS_TEST_TMPDIR/err.$n" || rc=$?
		echo $rc >"$BATS_TEST_TMPDIR/rc.$n"
	}
	bg 1 obstacle focus "$A" &
	bg 2 step "s" --expect e &
	bg 3 measure review_wait 5 &
	bg 4 obstacle add "third" &
	bg 5 learner add bob &
	wait
	# each either did its whole job or failed cleanly (SPEC 4); all five
	# succeed unless one waited longer than kata is willing to
	local i rc ok=0
	local -a did=(
		'[[ $(yaml_get "$(target_file)" focus) == "$A"* ]]'
		'[ "$(ls "$(target_dir)"/steps | wc -l)" -eq 1 ]'
		'[ "$(ls "$(target_dir)"/measures | wc -l)" -eq 1 ]'
		'[ "$(ls "$(target_dir)"/obstacles | wc -l)" -eq 3 ]'
		'[ -f learners/bob/learner.yaml ]'
	)
	for i in 1 2 3 4 5; do
		rc=$(cat "$BATS_TEST_TMPDIR/rc.$i")
		if [ "$rc" -eq 0 ]; then
			ok=$((ok + 1))
			eval "${did[i - 1]}" || fail "command $i succeeded but its change is missing"
		else
			[ "$rc" -eq 1 ] || fail "command $i: status $rc"
			[ "$(wc -l <"$BATS_TEST_TMPDIR/err.$i")" -eq 1 ]
			! eval "${did[i - 1]}" || fail "command $i failed but its change is there"
		fi
	done
	[ "$ok" -ge 1 ]
	[ -n "${KATA_TEST_WRAPPER:-}" ] || [ "$ok" -eq 5 ] ||
		fail "only $ok of 5 succeeded: $(cat "$BATS_TEST_TMPDIR"/err.*)"
	[ "$(commits)" -eq $((before + ok)) ]
	repo_clean
	check_yaml
	fsck_clean
}

@test "a leftover lock file does not block the next command" {
	touch .git/kata.lock
	echo "12345" >.git/kata.lock
	kata_commit obstacle add "after a stale lock"
}

@test "a command waits for the one holding the lock" {
	# python's lockf() takes the same POSIX record lock as kata
	python3 - <<-'EOF' &
	import fcntl, os, time
	fd = os.open(".git/kata.lock", os.O_RDWR | os.O_CREAT, 0o644)
	fcntl.lockf(fd, fcntl.LOCK_EX)
	open(".git/held", "w").close()
	time.sleep(1.5)
	EOF
	local holder=$! t0 t1
	while [ ! -e .git/held ]; do sleep 0.05; done
	t0=$(date +%s%N)
	kata_commit obstacle add "waited"
	t1=$(date +%s%N)
	wait "$holder"
	rm .git/held
	# it waited for the holder (1.5 s) rather than writing beside it
	[ $(((t1 - t0) / 1000000)) -ge 1000 ] || fail "kata did not wait for the lock"
}

@test "a lock held by a killed process does not block" {
	python3 - <<-'EOF' &
	import fcntl, os, time
	fd = os.open(".git/kata.lock", os.O_RDWR | os.O_CREAT, 0o644)
	fcntl.lockf(fd, fcntl.LOCK_EX)
	open(".git/held", "w").close()
	time.sleep(60)
	EOF
	local holder=$!
	while [ ! -e .git/held ]; do sleep 0.05; done
	kill -9 "$holder"
	wait "$holder" || true
	rm .git/held
	SECONDS=0
	kata_commit obstacle add "after a killed holder"
	[ "$SECONDS" -lt 5 ]
}

@test "a leftover journal naming a commit that is not HEAD is dropped" {
	kata obstacle add "one" >/dev/null
	local old
	old=$(git rev-parse HEAD~1)
	printf 'commit %s\n- %s learners/alice/ghost.yaml\n' "$old" \
		"$(git rev-parse HEAD:kata.yaml)" >.git/kata-journal
	kata_commit obstacle add "two"
	[ ! -e .git/kata-journal ]
	[ ! -e learners/alice/ghost.yaml ]
	[ "$(ls "$(target_dir)"/obstacles | wc -l)" -eq 2 ]
}

@test "a torn journal is dropped" {
	printf 'comm' >.git/kata-journal
	kata_commit obstacle add "after a torn journal"
	[ ! -e .git/kata-journal ]
}

@test "a command killed after moving the branch is finished by the next one" {
	# What a kata killed between the branch update and the work tree
	# update leaves: HEAD has the new record, the work tree and index do
	# not, and the journal names HEAD.
	local dir tid id=crash00001 path blob tree commit
	dir=$(target_dir)
	tid=$(yaml_get "$dir/target.yaml" id)
	path="$dir/obstacles/001-$id.yaml"
	blob=$(printf 'kind: obstacle\nid: %s\ntarget: %s\ntext: survived a crash\nstatus: open\ncreated: '"'"'2026-11-21T09:00:00Z'"'"'\n' \
		"$id" "$tid" | git hash-object -w --stdin)
	GIT_INDEX_FILE="$BATS_TEST_TMPDIR/idx" git read-tree HEAD
	GIT_INDEX_FILE="$BATS_TEST_TMPDIR/idx" git update-index --add --cacheinfo "100644,$blob,$path"
	tree=$(GIT_INDEX_FILE="$BATS_TEST_TMPDIR/idx" git write-tree)
	commit=$(git commit-tree "$tree" -p HEAD -m "alice: obstacle cras added: survived a crash")
	git update-ref refs/heads/main "$commit"
	printf 'commit %s\n- %s %s\n' "$commit" "$blob" "$path" >.git/kata-journal
	[ -n "$(git status --porcelain)" ]

	kata_commit obstacle add "the next one"
	[ ! -e .git/kata-journal ]
	[ "$(git rev-parse HEAD~1)" = "$commit" ]
	[ "$(yaml_get "$path" text)" = "survived a crash" ]
	[ "$(ls "$dir"/obstacles | wc -l)" -eq 2 ]
	fsck_clean
}

@test "a failed command leaves no commit even when git's index is locked" {
	# e.g. an editor's git integration holds .git/index.lock for a moment
	local before
	before=$(commits)
	touch .git/index.lock
	run_kata obstacle add "while the index is locked"
	if [ "$status" -ne 0 ]; then
		[ "$status" -eq 1 ]
		# SPEC 7: nothing is written when a command fails
		[ "$(commits)" -eq "$before" ] ||
			fail "kata failed (status 1) but committed: $(git log -1 --format=%s)"
	fi
	rm -f .git/index.lock
	kata obstacle add "afterwards" >/dev/null
	repo_clean
}

@test "kata runs no hook that the repository holds" {
	local h
	for h in pre-commit commit-msg post-commit prepare-commit-msg reference-transaction post-index-change; do
		printf '#!/bin/sh\ntouch "%s/hook-ran-%s"\n' "$BATS_TEST_TMPDIR" "$h" >.git/hooks/$h
		chmod +x .git/hooks/$h
	done
	kata obstacle add "o" >/dev/null
	kata obstacle focus "$(obstacle_ids | head -n 1)" >/dev/null
	run ls "$BATS_TEST_TMPDIR"
	refute_output --partial hook-ran
}

@test "git log --oneline reads well" {
	two_obstacles
	kata obstacle focus "$A" >/dev/null
	kata step "Post reviews in chat" --expect "pickup in 30 min" >/dev/null
	kata step done --happened "picked up in 10 min" --learned "chat works" >/dev/null
	kata measure review_wait 3 >/dev/null
	kata obstacle close "$B" >/dev/null
	kata learner add bob --name "Bob B" >/dev/null
	kata target done >/dev/null
	local s
	while IFS= read -r s; do
		[[ $s =~ ^(alice|bob|kata):\ [a-z] ]] || fail "subject does not read '<learner>: ...': $s"
		[ ${#s} -le 100 ] || fail "subject longer than 100: $s"
	done < <(git log --format=%s)
	# every kata commit says what it did in a trailer, and names its learner
	local n
	n=$(git log --format='%(trailers:key=Kata-Action,valueonly)' | grep -c .)
	[ "$n" -eq "$(commits)" ]
	[ "$(git log --format='%(trailers:key=Kata-Learner,valueonly)' | grep -c .)" -eq $(($(commits) - 1)) ]
	run git log --oneline
	assert_line --regexp '^[0-9a-f]+ alice: step [0-9a-z]{4} planned: Post reviews in chat$'
}

@test "a long text makes a short subject" {
	local long
	long="$(printf 'word %.0s' $(seq 60))"
	kata obstacle add "$long" >/dev/null
	local s
	s=$(git log -1 --format=%s)
	[ ${#s} -le 100 ]
	[[ $s == "alice: obstacle "*"word word"*"..." ]]
	kata step "s" --expect e >/dev/null
	kata step done --happened h --learned $'first line\nsecond line' >/dev/null
	[[ $(git log -1 --format=%s) == *"learned first line..." ]]
}

@test "records are written in a fixed key order, block style, one scalar a line" {
	kata learner add bob --email b1@example.com --email b2@example.com --name "Bob" >/dev/null
	two_obstacles
	kata obstacle focus "$A" >/dev/null
	kata step "s" --expect e --see-by tomorrow >/dev/null
	kata measure review_wait 3 >/dev/null
	python3 - <<-'EOF'
	import glob, yaml
	files = glob.glob("**/*.yaml", recursive=True)
	assert len(files) >= 7, files
	for f in files:
	    node = yaml.compose(open(f, encoding="utf-8"))
	    def walk(n):
	        if isinstance(n, (yaml.MappingNode, yaml.SequenceNode)):
	            assert not n.flow_style, "%s: flow style at line %d" % (f, n.start_mark.line + 1)
	            for c in n.value:
	                if isinstance(c, tuple):
	                    walk(c[0]); walk(c[1])
	                else:
	                    walk(c)
	    walk(node)
	    keys = [k.value for k, _ in node.value]
	    assert keys[0] == "kind", (f, keys)
	    if f != "kata.yaml":
	        assert keys[1] == "id", (f, keys)
	EOF
	# the same record, rewritten, changes only the lines that changed
	local t
	t=$(target_file)
	kata obstacle focus "$B" >/dev/null
	run git diff --unified=0 HEAD~1 HEAD -- "$t"
	[ "$(grep -c '^[-+][^-+]' <<<"$output")" -eq 2 ]
	assert_line --regexp '^-focus: '
	assert_line --regexp '^\+focus: '
}

@test "text that looks like YAML is stored as that text" {
	local -a texts=(yes no null "~" 123 "1e3" "0x1F" "a: b" "- dash" "#hash" "'q" '"dq'
		" lead" "trail " on Off 2026-11-21 "12:30" ".inf"
		"<<" "*star" "&amp" "!bang" "|pipe" ">gt" "[x]" "{y}" "a #b" $'tab\there'
		"%p" "@at" "Überprüfung ✓" "?" "-" "true" "N")
	local t
	for t in "${texts[@]}"; do
		kata obstacle add -- "$t" >/dev/null || fail "kata refused the text '$t'"
	done
	printf '%s\0' "${texts[@]}" >"$BATS_TEST_TMPDIR/texts"
	kata show --json >"$BATS_TEST_TMPDIR/show.json"
	python3 - "$BATS_TEST_TMPDIR/texts" "$BATS_TEST_TMPDIR/show.json" "$(target_dir)/obstacles" <<-'EOF'
	import json, os, sys, yaml
	texts = open(sys.argv[1], "rb").read().decode().split("\0")[:-1]
	d = sys.argv[3]
	files = sorted(os.listdir(d))
	assert len(files) == len(texts), (len(files), len(texts))
	bad = []
	for name, t in zip(files, texts):
	    r = yaml.safe_load(open(os.path.join(d, name), encoding="utf-8"))
	    if r["text"] != t:
	        bad.append("YAML %r read back as %r" % (t, r["text"]))
	j = json.load(open(sys.argv[2]))
	for o, t in zip(j["obstacles"], texts):
	    if o["text"] != t:
	        bad.append("JSON %r shown as %r" % (t, o["text"]))
	assert not bad, "\n".join(bad)
	EOF
	# text of several lines, where a field takes several
	for t in $'l1\nl2' $'l1\n\nl3\n' $'  indented\n    more'; do
		kata step "s" --expect "$t" >/dev/null
		python3 -c 'import sys, yaml; assert yaml.safe_load(open(sys.argv[1]))["expect"] == sys.argv[2]' \
			"$(ls "$(target_dir)"/steps/*.yaml | sort | tail -n 1)" "$t" ||
			fail "expectation '$t' read back otherwise"
		kata step done --happened h --learned l >/dev/null
	done
	check_yaml
	fsck_clean
}

@test "IDs are minted without coordination: two clones never collide" {
	git clone -q "$BATS_TEST_TMPDIR/repo" "$BATS_TEST_TMPDIR/clone"
	local i
	for i in 1 2 3 4 5; do
		kata obstacle add "here $i" >/dev/null
		kata -C "$BATS_TEST_TMPDIR/clone" obstacle add "there $i" >/dev/null
	done
	local ids
	ids=$(find "$BATS_TEST_TMPDIR/repo/learners" "$BATS_TEST_TMPDIR/clone/learners" \
		-path '*/obstacles/*.yaml' -printf '%f\n' | sed 's/^[0-9]*-//' | sort)
	[ "$(wc -l <<<"$ids")" -eq 10 ]
	[ -z "$(uniq -d <<<"$ids")" ]
	[ "$(ls -d learners/alice/*/)" = "$(cd "$BATS_TEST_TMPDIR/clone" && ls -d learners/alice/*/)" ]
}

@test "a folder symlinked out of the repository never leads kata outside" {
	local out="$BATS_TEST_TMPDIR/outside"
	mkdir -p "$out/t"
	sed 's/alice/mallory/' learners/alice/learner.yaml >"$out/learner.yaml"
	sed -e "s/^id: .*/id: zzzzzzzzzz/" "$(target_file)" >"$out/t/target.yaml"
	# a learner folder, and a target folder of alice's newer than her
	# real one, both pointing outside the repository
	ln -s "$out" learners/mallory
	ln -s "$out/t" learners/alice/999-zzzzzzzzzz
	git add -A
	git commit -qm "symlinks by hand"
	(cd "$out" && find . -type f -exec sha1sum {} + | sort) >"$BATS_TEST_TMPDIR/before"

	run_kata -l mallory start --challenge c --target t --by 2026-12-31
	run_kata -l mallory learner add mallory
	run_kata -l alice obstacle add "o"
	run_kata -l alice step "s" --expect e
	run_kata -l alice measure review_wait 3

	(cd "$out" && find . -type f -exec sha1sum {} + | sort) >"$BATS_TEST_TMPDIR/after"
	diff "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

@test "the object store is kept packed, as git gc --auto would" {
	# kata, like git gc --auto, estimates the loose objects from
	# objects/17 alone: put one there, so that gc.auto 20 is exceeded
	git config gc.auto 20
	local probe
	probe=$(python3 -c '
import hashlib
for i in range(1 << 20):
    data = b"probe %d\n" % i
    if hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest().startswith("17"):
        print(data.decode().strip()); break')
	echo "$probe" | git hash-object -w --stdin >/dev/null
	[ -n "$(ls .git/objects/17)" ]
	kata_commit obstacle add "the one that packs"
	local loose packs
	loose=$(git count-objects -v | sed -n 's/^count: //p')
	packs=$(git count-objects -v | sed -n 's/^packs: //p')
	[ "$packs" -ge 1 ] || fail "no pack with gc.auto 20 and objects/17 in use"
	[ "$loose" -eq 0 ] || fail "$loose loose objects left"
	# every object is still there: git reads all history and every record
	git fsck --strict --no-dangling
	[ "$(git cat-file -p "$(echo "$probe" | git hash-object --stdin)")" = "$probe" ]
	fsck_clean
	kata_commit obstacle add "and the next command works"
}
