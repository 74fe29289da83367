#!/usr/bin/env bats
# Many at once (issue 11, SPEC 4): 8 and 16 kata writers together, with
# readers, beside `git gc` and beside hand `git add` + `git commit`.
# Nothing kata reported saved may ever be missing, nothing a hand committed
# may be lost, and the repository stays whole: git fsck, kata fsck, and a
# clean git status once the next command ran.

load helper

setup() {
	kata_setup
	demo_learner
	W=$BATS_TEST_TMPDIR/w
	mkdir -p "$W"
}

# writer N COUNT: COUNT measures, each value unique (N*1000+i); the values
# kata reported saved go to saved.N, a line each. A failure must be one
# error line; it goes to failed.N.
writer() {
	local n=$1 count=$2 i v rc
	for ((i = 1; i <= count; i++)); do
		v=$((n * 1000 + i))
		rc=0
		kata measure review_wait "$v" >/dev/null 2>"$W/err.$n.$i" || rc=$?
		if ((rc == 0)); then
			echo "$v" >>"$W/saved.$n"
		else
			echo "$rc $(cat "$W/err.$n.$i")" >>"$W/failed.$n"
		fi
	done
}

# reader N: reads while $W/stop is absent; any failure goes to rfail.N.
reader() {
	local n=$1 c rc
	while [[ ! -e $W/stop ]]; do
		for c in show "log -n 5" board "lint alice"; do
			rc=0
			# shellcheck disable=SC2086
			kata $c >/dev/null 2>"$W/rerr.$n" || rc=$?
			# lint's status 1 is a finding, not a failure
			if ((rc > 1 || (rc == 1 && ${#c} < 6))); then
				echo "$c: $rc $(cat "$W/rerr.$n")" >>"$W/rfail.$n"
			fi
		done
	done
}

# Every value reported saved is a measure at HEAD, once; a failure was one
# error line; no reader failed; the repository is whole.
check_all() {
	local want got dup
	want=$(cat "$W"/saved.* 2>/dev/null | sort -n)
	got=$(git grep -h '^value:' HEAD -- learners | awk '{print $2}' | sort -n)
	[[ -n $want ]] || fail "no write succeeded: $(cat "$W"/failed.* 2>/dev/null | head -n 5)"
	dup=$(uniq -d <<<"$got")
	[[ -z $dup ]] || fail "recorded twice: $dup"
	missing=$(comm -23 <(echo "$want") <(echo "$got"))
	[[ -z $missing ]] || fail "reported saved, but missing at HEAD: $missing"
	if cat "$W"/failed.* 2>/dev/null | grep -v '^1 kata: error: '; then
		fail "a write failed otherwise than with one error line"
	fi
	if cat "$W"/rfail.* 2>/dev/null; then
		fail "a reader failed while the writers wrote"
	fi
	git fsck --no-progress --strict 2>&1 | { ! grep -v '^dangling'; } ||
		fail "git fsck is not clean"
	# the next command settles whatever a write left to finish
	kata_commit measure review_wait 1
	repo_clean
	fsck_clean
	[ -z "$(find . -name '*.kata-tmp*' -not -path './.git/*')" ]
}

@test "8 writers at once with readers: nothing reported saved is missing" {
	local n pids=()
	reader 1 &
	reader 2 &
	for n in $(seq 8); do
		writer "$n" 6 &
		pids+=($!)
	done
	wait "${pids[@]}"
	touch "$W/stop"
	wait
	check_all
	# with nothing but kata writing, every write gets its turn
	[ -n "${KATA_TEST_WRAPPER:-}" ] || [ "$(cat "$W"/saved.* | wc -l)" -eq 48 ] ||
		fail "$(cat "$W"/failed.*)"
}

@test "16 writers at once beside git gc and git repack" {
	local n i
	(
		for i in 1 2 3; do
			git gc --quiet 2>>"$W/gc.err" || echo "gc $i failed" >>"$W/gc.err"
			git repack -q -a -d 2>>"$W/gc.err" || true
		done
	) &
	for n in $(seq 16); do
		writer "$n" 3 &
	done
	wait
	check_all
	[ "$(cat "$W"/saved.* | wc -l)" -ge 40 ] || fail "$(cat "$W"/failed.*)"
}

@test "8 writers at once beside hand git add and git commit: neither loses the other's" {
	local n i
	(
		mkdir -p notes
		for i in $(seq 12); do
			echo "note $i" >"notes/n$i.txt"
			if git add "notes/n$i.txt" 2>/dev/null &&
			   git commit -q -m "hand note $i" 2>/dev/null; then
				echo "notes/n$i.txt" >>"$W/hand"
			fi
		done
	) &
	for n in $(seq 8); do
		writer "$n" 4 &
	done
	wait
	# what git reported committed is at HEAD too
	local f
	[ -s "$W/hand" ] || fail "no hand commit went through"
	while read -r f; do
		git cat-file -e "HEAD:$f" || fail "the hand commit of $f is lost"
	done <"$W/hand"
	# a hand commit that failed left its file staged or untracked: commit
	# it by hand, then the repository must be whole
	git add -A notes && git commit -q -m "the rest of the notes" || true
	check_all
}
