#!/usr/bin/env bats
# Hostile content in the records tree (issue 11): a FIFO, symbolic links,
# numbers far apart, two files with one ID, a folder where a file should
# be, an over-long question key, a KATA_NOW no commit can hold. Each is
# refused with a line naming the file, never a hang, a crash or a write.

load helper

setup() {
	kata_setup
	demo_learner
	kata measure review_wait 30 >/dev/null
	TDIR=$(target_dir)
	MDIR=$TDIR/measures
	mkdir -p "$TDIR/obstacles" "$TDIR/steps"
}

# An ID kata would take for a record's (base32, KATA_ID_LEN long).
FAKE_ID=zzzzzzzzzz

# Every command that reads the records, and some that write them; each is
# run under timeout, so that a hang fails the test instead of the suite.
HOSTILE_CMDS=(
	"show"
	"show --json"
	"board"
	"fsck"
	"log"
	'report -o "$BATS_TEST_TMPDIR/out"'
	"measure review_wait 5"
	"obstacle add 'a new obstacle'"
	"step 'try a thing' --expect 'it works'"
	'edit $FAKE_ID'
	'coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"'
)

# Runs each of HOSTILE_CMDS under timeout; none may hang or crash, and
# each fails with one error line that matches the regular expression $1
# (or succeeds if it has nothing to do with what is in the way: log).
run_all_bounded() {
	local c
	for c in "${HOSTILE_CMDS[@]}"; do
		eval "run --separate-stderr timeout 20 ${KATA_TEST_WRAPPER:-} \"\$KATA\" $c"
		((status != 124)) || fail "kata $c hung (killed by timeout)"
		((status <= 128)) || fail "kata $c crashed: status $status: $stderr"
		[[ -z ${KATA_TEST_WRAPPER:-} || $status -ne $KATA_TEST_WRAPPER_STATUS ]] ||
			fail "kata $c: the wrapper reported an error: $stderr"
		[[ $c == log || $c == fsck ]] && continue	# fsck: on stdout, below
		assert_error
		[[ $stderr =~ $1 ]] || fail "kata $c: the error is not the one expected: $stderr"
	done
}

answers_file() {
	cat >"$BATS_TEST_TMPDIR/answers.yaml" <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 1 day
	obstacle: nobody looks at the queue
	next_step:
	  step: Pair on the oldest review
	  expect: the oldest review under 1 day
	see_by: 2026-11-23 09:00
	EOF
}

@test "a FIFO in a records folder: every command ends at once, the read ones naming it" {
	answers_file
	local fifo=$MDIR/0009-$FAKE_ID.yaml
	# one in each folder the commands read
	mkfifo "$fifo" "$TDIR/obstacles/009-yyyyyyyyyy.yaml" "$TDIR/steps/0009-xxxxxxxxxx.yaml"
	snapshot
	run_all_bounded "^kata: error: $TDIR/[a-z]+/[0-9]+-[a-z]{10}\.yaml: is a FIFO \(named pipe\), not a regular file\$"
	assert_unchanged
	rm "$TDIR/obstacles/009-yyyyyyyyyy.yaml" "$TDIR/steps/0009-xxxxxxxxxx.yaml"
	# the commands that read measures said so
	run --separate-stderr timeout 20 "$KATA" show
	assert_error
	[ "$stderr" = "kata: error: $fifo: is a FIFO (named pipe), not a regular file" ]
	run --separate-stderr timeout 20 "$KATA" measure review_wait 5
	assert_error
	stderr_has "$fifo: is a FIFO"
	run --separate-stderr timeout 20 "$KATA" fsck
	[ "$status" -eq 1 ]
	output_has "$fifo: is not a regular file"
	# and nothing is held: once it is gone, a write works
	rm "$fifo"
	kata_commit measure review_wait 5
}

@test "a symbolic link to a FIFO is refused as a link, never opened" {
	answers_file
	mkfifo "$BATS_TEST_TMPDIR/pipe"
	local link=$MDIR/0009-$FAKE_ID.yaml
	ln -s "$BATS_TEST_TMPDIR/pipe" "$link"
	ln -s "$BATS_TEST_TMPDIR/pipe" "$TDIR/obstacles/009-yyyyyyyyyy.yaml"
	ln -s "$BATS_TEST_TMPDIR/pipe" "$TDIR/steps/0009-xxxxxxxxxx.yaml"
	snapshot
	run_all_bounded "^kata: error: $TDIR/[a-z]+/[0-9]+-[a-z]{10}\.yaml: is a symbolic link, which kata never follows"
	assert_unchanged
	rm "$TDIR/obstacles/009-yyyyyyyyyy.yaml" "$TDIR/steps/0009-xxxxxxxxxx.yaml"
	run --separate-stderr timeout 20 "$KATA" show
	assert_error
	stderr_has "$link: is a symbolic link"
}

# A file outside the repository that reads as a measure record.
secret_measure() {
	cat >"$BATS_TEST_TMPDIR/secret.yaml" <<-EOF
	kind: measure
	id: $FAKE_ID
	target: $(basename "$TDIR" | cut -d- -f2)
	metric: THE-SECRET-FILE
	value: 42
	at: '2026-11-21T09:00:00Z'
	EOF
}

@test "a committed symbolic link record is never read: show refuses it, fsck flags it" {
	secret_measure
	local link=$MDIR/0009-$FAKE_ID.yaml
	ln -s "$BATS_TEST_TMPDIR/secret.yaml" "$link"
	git add "$link" && git commit -qm "a link"
	snapshot
	run_kata show
	assert_error
	[ "$stderr" = "kata: error: $link: is a symbolic link, which kata never follows in a repository's records; replace it with the folder or file itself" ]
	[[ $output != *THE-SECRET-FILE* ]]
	run_kata show --json
	assert_error
	[[ $output != *THE-SECRET-FILE* ]]
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "$link: is a symbolic link"
	[[ $output != *THE-SECRET-FILE* ]]
	assert_unchanged
}

@test "a symbolic link committed where the work tree has a plain file (core.symlinks false) is flagged by fsck" {
	secret_measure
	local link=$MDIR/0009-$FAKE_ID.yaml
	ln -s "$BATS_TEST_TMPDIR/secret.yaml" "$link"
	git add "$link" && git commit -qm "a link"
	cd "$BATS_TEST_TMPDIR"
	git -c core.symlinks=false clone -q repo plain
	cd plain
	[ -f "$link" ] && [ ! -L "$link" ]
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "$link: is committed as a symbolic link (git mode 120000)"
}

@test "a symbolic link to a folder outside (a learner's folder moved away) is named, never written through" {
	mkdir "$BATS_TEST_TMPDIR/elsewhere"
	mv learners/alice "$BATS_TEST_TMPDIR/elsewhere/alice"
	ln -s "$BATS_TEST_TMPDIR/elsewhere/alice" learners/alice
	local before
	before=$(find "$BATS_TEST_TMPDIR/elsewhere" -type f | LC_ALL=C sort | xargs sha1sum)
	snapshot
	local msg="kata: error: learners/alice: is a symbolic link, which kata never follows in a repository's records; replace it with the folder or file itself"
	run_kata measure review_wait 5
	assert_error
	[ "$stderr" = "$msg" ] || fail "got: $stderr"
	run_kata obstacle add "a new obstacle"
	assert_error
	[ "$stderr" = "$msg" ]
	run_kata show
	assert_error
	[ "$stderr" = "$msg" ]
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "learners/alice: is a symbolic link"
	assert_unchanged
	[ "$(find "$BATS_TEST_TMPDIR/elsewhere" -type f | LC_ALL=C sort | xargs sha1sum)" = "$before" ]
}

@test "a record file that is a symbolic link is not written through by kata edit" {
	kata obstacle add "a thing in the way" >/dev/null
	local f id
	f=$(ls "$TDIR"/obstacles/*.yaml)
	id=$(yaml_get "$f" id)
	cp "$f" "$BATS_TEST_TMPDIR/outside.yaml"
	rm "$f"
	ln -s "$BATS_TEST_TMPDIR/outside.yaml" "$f"
	snapshot
	EDITOR="sed -i s/thing/THING/" run_kata edit "$id"
	assert_error
	stderr_has "$f: is a symbolic link"
	assert_unchanged
	grep -q "a thing in the way" "$BATS_TEST_TMPDIR/outside.yaml"
}

@test "values as far apart as 1e308 and -1e308 draw in show and in report" {
	kata_commit measure review_wait 1e308
	kata_commit measure review_wait -- -1e308
	run_kata show
	assert_success
	assert_line --regexp '^  review_wait +[^ ]+  30 -> -1\.0e\+308 h, goal 4 .*\(3 values\)$'
	run_kata report -o "$BATS_TEST_TMPDIR/out"
	assert_success
	! grep -qiE '"-?(nan|inf)"|[0-9],-?nan|="-?nan' "$BATS_TEST_TMPDIR/out/alice.html" ||
		fail "the chart has NaN or inf: $(grep -iE 'nan|inf' "$BATS_TEST_TMPDIR/out/alice.html" | head -3)"
	grep -q 'data-lo="-1.' "$BATS_TEST_TMPDIR/out/alice.html"
	grep -q 'data-hi="1.' "$BATS_TEST_TMPDIR/out/alice.html"
	# every point is on the chart
	local ys
	ys=$(grep -o 'class="point"[^>]*cy="[^"]*"' "$BATS_TEST_TMPDIR/out/alice.html" | sed 's/.*cy="//; s/"//')
	[ "$(wc -l <<<"$ys")" -eq 3 ]
	while read -r y; do
		awk -v y="$y" 'BEGIN { exit !(y >= 0 && y <= 280) }' || fail "a point off the chart: cy=$y"
	done <<<"$ys"
}

@test "inf, nan and hex floats are no numbers: measure, fsck and the readers refuse them" {
	local v
	for v in inf -inf nan 0x1p3 1e999 .inf; do
		snapshot
		run_kata measure review_wait -- "$v"
		assert_error
		stderr_has "invalid value '$v'"
		assert_unchanged
	done
	local f
	f=$(ls "$MDIR"/*.yaml | head -n 1)
	for v in .inf -.inf .nan 0x1p3 inf 1e999; do
		sed -i "s/^value: .*/value: $v/" "$f"
		run_kata show
		assert_error
		stderr_has "$f:5:8: 'value' must be a number"
		run_kata fsck
		[ "$status" -eq 1 ]
		output_has "$f:5:8: 'value' must be a number"
	done
}

@test "a negative value that is no number (-inf) is named, not the word before it" {
	snapshot
	run_kata measure review_wait -inf
	assert_usage_error
	[ "${stderr_lines[0]}" = "kata: error: unknown option '-i' in '-inf' (a value that starts with '-' goes after '--')" ]
	run_kata measure review_wait -- -inf
	assert_error
	[ "$stderr" = "kata: error: invalid value '-inf': expected a number such as 12 or 3.5" ]
	# a negative number needs no '--'
	kata_commit measure review_wait -3
	[ "$(yaml_get "$(ls "$MDIR"/*.yaml | tail -n 1)" value)" = -3 ]
}

@test "two records with one ID: fsck names both files, kata edit refuses to guess" {
	kata obstacle add "first obstacle" >/dev/null
	local f id copy
	f=$(ls "$TDIR"/obstacles/*.yaml)
	id=$(yaml_get "$f" id)
	copy=$TDIR/obstacles/002-$id.yaml
	cp "$f" "$copy"
	git add "$copy" && git commit -qm "a copy"
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "$copy: ID '$id' is the ID of $f too: an ID names one record"
	snapshot
	EDITOR=true run_kata edit "$id"
	assert_error
	[ "$stderr" = "kata: error: record ID '$id' names two files, $f and $copy: an ID names one record; give one of them a new ID (see 'kata fsck')" ]
	EDITOR=true run_kata edit "${id:0:5}"
	assert_error
	stderr_has "names two files, $f and $copy"
	assert_unchanged
}

@test "fsck flags a folder where a record file should be" {
	mkdir -p "$MDIR/0009-$FAKE_ID.yaml"
	touch "$MDIR/0009-$FAKE_ID.yaml/x"
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "$MDIR/0009-$FAKE_ID.yaml: is a folder where a record file should be"
	rm -r "$MDIR/0009-$FAKE_ID.yaml"
	mv "$(target_file)" "$BATS_TEST_TMPDIR/t.yaml"
	mkdir "$(target_file)"
	touch "$(target_file)/x"
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "$(target_file): is a folder where a record file should be"
}

# A question set of the repository's own whose extra question has key.
own_set_with_key() {
	mkdir -p questions
	cat >questions/ours.yaml <<-EOF
	kind: questions
	id: ours
	source: our team
	questions:
	  - key: next_step
	    ask: What is your next step?
	    required: true
	    parts:
	      - key: step
	        ask: What is the step?
	      - key: expect
	        ask: What do you expect?
	  - key: see_by
	    ask: When can we go and see?
	    required: true
	  - key: $1
	    ask: Anything else?
	EOF
	sed -i '/^questions:/d' kata.yaml
	echo "questions: questions/ours.yaml" >>kata.yaml
	git add -A && git commit -qm "our questions"
}

@test "a question key longer than 64 characters is refused, by coach and by fsck" {
	local k64 k65
	k64=$(printf 'k%.0s' {1..64})
	k65=${k64}k
	own_set_with_key "$k64"
	fsck_clean
	own_set_with_key "$k65"
	run_kata fsck
	[ "$status" -eq 1 ]
	output_has "questions/ours.yaml:16:10: invalid key '$k65': use a-z, 0-9 and '_', at most 64 characters"
	answers_file
	snapshot
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	stderr_has "invalid key '$k65'"
	assert_unchanged
}

@test "the repository's own question set is not read through a symbolic link" {
	own_set_with_key extra
	mv questions/ours.yaml "$BATS_TEST_TMPDIR/ours.yaml"
	ln -s "$BATS_TEST_TMPDIR/ours.yaml" questions/ours.yaml
	answers_file
	run_kata coach alice --answers "$BATS_TEST_TMPDIR/answers.yaml"
	assert_error
	stderr_has "questions/ours.yaml: is a symbolic link"
}

@test "a KATA_NOW that no commit date can hold is refused, not wrapped" {
	local n
	for n in 0000-01-01T00:00:00Z 1969-12-31T23:59:59Z 1970-01-01T00:30:00+01:00 \
		2106-02-07T06:28:16Z 2200-01-01T00:00:00Z 9999-12-31T23:59:59Z; do
		snapshot
		KATA_NOW=$n run_kata measure review_wait 5
		assert_error
		[ "$stderr" = "kata: error: KATA_NOW '$n' is out of range: a commit's date is from 1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z" ]
		assert_unchanged
	done
	# the ends of the range are dated as given
	KATA_NOW=1970-01-01T00:00:00Z kata_commit measure review_wait 5
	[ "$(git log -1 --format=%at)" = 0 ]
	KATA_NOW=2106-02-07T06:28:15Z kata_commit measure review_wait 6
	[ "$(git log -1 --format=%at)" = 4294967295 ]
}
