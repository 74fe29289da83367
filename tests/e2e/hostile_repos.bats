#!/usr/bin/env bats
# Hostile repositories (issue 11, SPEC 7 and 8): a repository that comes in
# by clone or pull may hold anything a hand or a program can commit. Each
# test below makes one such repository and runs every reading command on
# it (and one write). None may hang, crash or print a terminal control
# sequence from the repository; each either works or fails with one clear
# error line, naming the file where a record is at fault.

load helper

setup() {
	kata_setup
	demo_learner
	kata measure review_wait 30 >/dev/null
	kata obstacle add "nobody looks at the queue" >/dev/null
	kata step "Pair on the oldest review" --expect "under 1 day" >/dev/null 2>&1
	TDIR=$(target_dir)
	STEP=$(ls "$TDIR"/steps/*.yaml | head -n 1)
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
}

# Every command that reads the repository, with the options that change
# what it reads or how it prints.
READERS=(
	"show"
	"show alice"
	"show --json"
	"board"
	"board --coaches"
	"board --json"
	"log"
	"log -n 3"
	"log alice"
	"log --json"
	"lint"
	"lint alice"
	"fsck"
	"learner list"
	"learner list --json"
	"target list"
	"target list --json"
	"obstacle list"
	"verify"
	"resolve"
	'report alice -o "$OUT/pages"'
	'report --since 2000-01-01 -o "$OUT/period"'
	"measure review_wait 5"
)

# Bytes a terminal would obey: C0 but newline and tab, DEL, C1 (as UTF-8),
# and the bidi overrides and isolates.
CONTROLS=$'[\x01-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'

# Commits what the test did to the work tree, as a pull would bring it.
commit_all() {
	git add -A
	git -c core.symlinks=true commit -q --no-verify -m "${1:-by hand}"
}

# Runs every reader; $1, if given, is a regular expression that an error
# line must match (the file at fault). A command may succeed or fail, never
# hang, crash, print controls, or fail without one error line.
every_reader() {
	local c l
	for c in "${READERS[@]}"; do
		eval "run --separate-stderr timeout 20 ${KATA_TEST_WRAPPER:-} \"\$KATA\" $c"
		((status != 124)) || fail "kata $c hung (killed by timeout)"
		((status <= 128)) || fail "kata $c crashed: status $status: $stderr"
		[[ -z ${KATA_TEST_WRAPPER:-} || $status -ne $KATA_TEST_WRAPPER_STATUS ]] ||
			fail "kata $c: the wrapper reported an error: $stderr"
		((status <= 2)) || fail "kata $c: exit status $status: $stderr"
		if LC_ALL=C grep -qaE "$CONTROLS" <<<"$output$stderr"; then
			fail "kata $c printed a control character from the repository:
$(printf '%s\n%s' "$output" "$stderr" | LC_ALL=C grep -aE "$CONTROLS" | od -c | head -n 8)"
		fi
		# what fails says so in one line; warnings may come before it
		if ((status != 0)) && [[ $c != fsck* && $c != lint* && $c != verify* ]]; then
			local errors=0 other=0
			for l in "${stderr_lines[@]}"; do
				case $l in
				'kata: error: '*) errors=$((errors + 1)) ;;
				'kata: warning: '* | 'usage: '* | '   or: '*) ;;
				*) other=$((other + 1)) ;;
				esac
			done
			((errors == 1 && other == 0)) ||
				fail "kata $c: expected one error line, got:
$stderr"
			if [[ -n ${1:-} && $stderr != *"kata: error: "*"$1"* ]] &&
			   ! [[ $stderr =~ $1 ]]; then
				fail "kata $c: the error does not name '$1': $stderr"
			fi
		fi
	done
}

# fsck finds the fault and names the file.
fsck_names() {
	run_kata fsck
	((status == 1)) || fail "fsck passed a hostile repository: $output"
	[[ $output$stderr == *"$1"* ]] || fail "fsck does not name '$1': $output $stderr"
}

# ---- what a terminal would obey ----

@test "an OSC 52 clipboard write in a step's text, written by hand" {
	sed -i 's/^step: .*/step: "Pair\\e]52;c;aGk=\\aon it"/' "$STEP"
	commit_all
	every_reader "${STEP#./}"
	fsck_names "${STEP#./}"
}

@test "a C1 control in a learner's name and a bidi override in a condition" {
	sed -i 's/^name: .*/name: "Alice\\u009b31mExample"/' learners/alice/learner.yaml
	sed -i 's/^condition: .*/condition: "Review \\u202Eetadpu"/' "$TDIR/target.yaml"
	commit_all
	every_reader "learners/alice/"
	fsck_names "learners/alice/learner.yaml"
}

@test "escape sequences in commit subjects, trailers and the author's name" {
	GIT_AUTHOR_NAME=$'Eve\e[2J' git commit -q --allow-empty -m $'\e]52;c;aGk=\a subject' \
		-m $'Kata-Learner: \e[31malice\nKata-Action: \e[5mstep\nKata-Record: \x9bx'
	every_reader
}

@test "an unknown kind that is an escape sequence" {
	sed -i 's/^kind: .*/kind: "\\e[31mspell"/' "$STEP"
	commit_all
	every_reader "${STEP#./}"
}

@test "markup in the text is text in the printed pages" {
	kata_commit step done --happened "<script>alert(1)</script>" --learned "a & b </p>"
	every_reader
	run_kata report alice -o "$OUT/pages2"
	assert_success
	! grep -rq "<script>alert" "$OUT/pages2"
	grep -rq "&lt;script&gt;" "$OUT/pages2"
}

# ---- what a YAML parser must survive ----

@test "a record that is not YAML: an unclosed quote" {
	printf 'kind: step\nid: "unclosed\n' >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	fsck_names "${STEP#./}"
}

@test "a list where text should be, and a mapping where a number should be" {
	sed -i 's/^step: .*/step: [a, b]/' "$STEP"
	sed -i 's/^value: .*/value: {a: 1}/' "$TDIR"/measures/*.yaml
	commit_all
	every_reader "steps/|measures/"
	fsck_names "${STEP#./}"
}

@test "nesting 10,000 deep" {
	{ printf 'kind: step\nx: '; printf '%.0s[' $(seq 10000); printf '%.0s]' $(seq 10000); echo; } >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	fsck_names "${STEP#./}"
}

@test "an alias bomb (a billion laughs)" {
	local prev=a i
	{
		echo 'kind: step'
		echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
		for i in b c d e f g h i; do
			echo "$i: &$i [$(printf "*$prev,%.0s" 1 2 3 4 5 6 7 8)*$prev]"
			prev=$i
		done
	} >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	fsck_names "${STEP#./}"
}

@test "a record of 3 MiB" {
	{ printf 'kind: step\nid: x\nstep: '; head -c 3145728 /dev/zero | tr '\0' a; echo; } >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	fsck_names "${STEP#./}"
}

@test "a NUL byte, invalid UTF-8, a byte-order mark and CRLF line ends" {
	local m
	m=$(ls "$TDIR"/measures/*.yaml | head -n 1)
	printf 'kind: step\0\nid: x\n' >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	printf 'kind: step\nid: \xff\xfe\n' >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	printf '\xef\xbb\xbf' | cat - "$m" >"$m.new" && mv "$m.new" "$m"
	sed -i 's/$/\r/' "$TDIR/target.yaml"
	commit_all
	every_reader
}

@test "numbers no reader takes: .inf, .nan, a hex float, an integer of 400 digits" {
	local m
	m=$(ls "$TDIR"/measures/*.yaml | head -n 1)
	for v in .inf -.inf .nan 0x1p3 "$(printf '9%.0s' $(seq 400))"; do
		sed -i "s/^value: .*/value: $v/" "$m"
		commit_all "value $v"
		every_reader "${m#./}"
	done
}

@test "dates that are no dates" {
	sed -i "s/^planned: .*/planned: 'yesterday-ish'/" "$STEP"
	sed -i "s/^achieve_by: .*/achieve_by: '9999-99-99'/" "$TDIR/target.yaml"
	commit_all
	every_reader
	fsck_names "${STEP#./}"
}

@test "an empty record, and kata.yaml that is not a mapping" {
	: >"$STEP"
	commit_all
	every_reader "${STEP#./}"
	echo '[1, 2' >kata.yaml
	commit_all
	every_reader "kata.yaml|steps/"
}

@test "no kata.yaml at all" {
	git rm -q kata.yaml
	git commit -q -m "gone"
	every_reader
}

# ---- what a tree can hold ----

@test "IDs that would leave their folder" {
	sed -i 's/^id: .*/id: ..\/..\/..\/etc/' "$STEP"
	sed -i 's/^target: .*/target: "..\/..\/x"/' "$TDIR"/measures/*.yaml
	commit_all
	every_reader "steps/|measures/"
	fsck_names "${STEP#./}"
}

@test "a record's ID twice, and an obstacle of another target" {
	cp "$STEP" "${STEP%.yaml}-copy.yaml"
	sed -i 's/^target: .*/target: zzzzzzzzzz/' "$TDIR"/obstacles/*.yaml
	commit_all
	every_reader
	run_kata fsck
	((status == 1))
}

@test "a folder where a record should be, and a file where a folder should be" {
	git rm -q "$STEP"
	mkdir -p "$STEP"
	echo 'kind: step' >"$STEP/inner.yaml"
	echo 'not a folder' >learners/bob
	commit_all
	every_reader
	fsck_names "${STEP#./}"
}

@test "committed symbolic links: a record to /etc/passwd, a learner folder to /" {
	rm "$STEP"
	ln -s /etc/passwd "$STEP"
	ln -s / learners/mallory
	commit_all
	every_reader "steps/|learners/mallory"
	! grep -rq "root:x:0" "$OUT" 2>/dev/null
	run_kata show
	[[ $output != *root:x:0* ]]
	fsck_names "${STEP#./}"
}

@test "a FIFO in the work tree" {
	mkfifo "$TDIR/steps/0009-zzzzzzzzzz.yaml"
	every_reader "0009-zzzzzzzzzz.yaml"
}

@test "two active targets and a coach who is nobody" {
	cp -r "$TDIR" "${TDIR%/*}/099-zzzzzzzzzz"
	sed -i 's/^id: .*/id: zzzzzzzzzz/' "${TDIR%/*}/099-zzzzzzzzzz/target.yaml"
	echo 'coach: nobody' >>learners/alice/learner.yaml
	commit_all
	every_reader
	run_kata fsck
	((status == 1))
}

@test "a commit whose parent is missing (a broken object store)" {
	kata_commit measure review_wait 20
	local parent
	parent=$(git rev-parse HEAD~1)
	rm -f ".git/objects/${parent:0:2}/${parent:2}"
	[ ! -e ".git/objects/${parent:0:2}/${parent:2}" ] || skip "the commit is packed"
	every_reader
	run_kata log
	assert_error
}

@test "folder and file names that are escape sequences" {
	mkdir -p "learners/"$'\e[31mbob'
	cp learners/alice/learner.yaml "learners/"$'\e[31mbob'/learner.yaml
	cp "$STEP" "$TDIR/steps/0002-"$'\e]52;c;aGk=\a'".yaml"
	mkdir -p "$TDIR/"$'\x9b'"x"
	echo "kind: step" >"$TDIR/"$'\x9b'"x/a.yaml"
	commit_all
	every_reader
	run_kata fsck
	((status == 1))
}
