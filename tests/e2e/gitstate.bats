#!/usr/bin/env bats
# SPEC 4 and 7: kata beside git. An identity git would not write, an
# operation git has in progress, a shallow clone, a repository someone
# else owns: each is refused or handled with git's own reason, and
# nothing is written.

load helper

setup() {
	kata_setup
	demo_learner
}

# ---- the identity ----

@test "a newline in GIT_AUTHOR_NAME is refused before anything is written" {
	snapshot
	GIT_AUTHOR_NAME=$'Alice\nExample' run_kata obstacle add "x"
	assert_error
	stderr_has "GIT_AUTHOR_NAME holds a newline"
	assert_unchanged
	# and the repository still works for a good identity
	kata_commit obstacle add "y"
	run_kata log
	assert_success
}

@test "a newline in user.name is refused, and kata log and undo still work" {
	git config user.name $'Alice\nExample'
	snapshot
	run_kata obstacle add "x"
	assert_error
	stderr_has "user.name holds a newline"
	assert_unchanged
	run_kata undo
	assert_error
	stderr_has "user.name holds a newline"
	assert_unchanged
	git config user.name "Alice Example"
	kata_commit obstacle add "x"
	run_kata log
	assert_success
}

@test "'<', '>' or a control character in the name or email is refused" {
	local bad
	snapshot
	for bad in 'Al<ice' 'Al>ice' $'Al\rice' $'Al\x1bice'; do
		GIT_AUTHOR_NAME=$bad run_kata obstacle add "x"
		assert_error
		stderr_has "invalid git identity: GIT_AUTHOR_NAME holds"
	done
	for bad in 'alice@example.com>' $'alice@example.com\nx'; do
		GIT_AUTHOR_EMAIL=$bad run_kata obstacle add "x"
		assert_error
		stderr_has "invalid git identity: GIT_AUTHOR_EMAIL holds"
	done
	git config user.email $'alice\n@example.com'
	run_kata obstacle add "x"
	assert_error
	stderr_has "invalid git identity: user.email holds a newline"
	assert_unchanged
}

@test "a name of only characters git disallows is refused, as git refuses it" {
	snapshot
	GIT_AUTHOR_NAME='.,;' run_kata obstacle add "x"
	assert_error
	stderr_has "GIT_AUTHOR_NAME consists only of disallowed characters"
	# git says the same of it
	run ! env GIT_AUTHOR_NAME='.,;' git commit -q --allow-empty -m x
	assert_unchanged
}

@test "the committer is git's: GIT_COMMITTER_*, committer.*, user.*, and the author's name, email" {
	# the environment, as git commit reads it
	GIT_AUTHOR_NAME="Ann Author" GIT_AUTHOR_EMAIL=ann@example.com \
		GIT_COMMITTER_NAME="Cy Committer" GIT_COMMITTER_EMAIL=cy@example.com \
		kata_commit obstacle add "one"
	[ "$(git log -1 --format='%an <%ae> / %cn <%ce>')" = \
		"Ann Author <ann@example.com> / Cy Committer <cy@example.com>" ]
	# committer.name (git 2.22) before user.name; the email still user.email's
	git config committer.name "Cora Config"
	GIT_AUTHOR_NAME="Ann Author" kata_commit obstacle add "two"
	[ "$(git log -1 --format='%an <%ae> / %cn <%ce>')" = \
		"Ann Author <$(git config user.email)> / Cora Config <$(git config user.email)>" ]
	git config --unset committer.name
	# author.name is the author's only: the committer is user.name, as in git
	git config author.name "Ann Config"
	kata_commit obstacle add "three"
	[ "$(git log -1 --format='%an / %cn')" = "Ann Config / $(git config user.name)" ]
	git config --unset author.name
	# nothing set for the committer: the author's own
	kata_commit obstacle add "four"
	[ "$(git log -1 --format='%an <%ae>')" = "$(git log -1 --format='%cn <%ce>')" ]
}

@test "you are the learner whose email git would author with: author.email before user.email" {
	kata learner add bob --name "Bob Builder" --email bob@example.com --process "deploys" >/dev/null
	kata -l bob start --challenge "Deploy daily" --target "Deploys under 1 hour" \
		--by 2026-12-20 --current "Deploys take a day" --metric deploy_time --unit h \
		--goal 1 --lower-is-better >/dev/null
	git config author.email bob@example.com
	run_kata show
	assert_success
	output_has "Deploys under 1 hour"
	kata_commit obstacle add "nobody owns the deploy script"
	[ "$(git log -1 --format=%ae)" = bob@example.com ]
	[ "$(trailer Kata-Learner)" = bob ]
}

@test "a newline in GIT_COMMITTER_NAME or committer.email is refused, naming it" {
	snapshot
	GIT_COMMITTER_NAME=$'Cy\nCommitter' run_kata obstacle add "x"
	assert_error
	stderr_has "invalid git identity: GIT_COMMITTER_NAME holds a newline"
	git config committer.email $'cy@\nexample.com'
	run_kata obstacle add "x"
	assert_error
	stderr_has "invalid git identity: committer.email holds a newline"
	assert_unchanged
}

@test "kata init refuses a broken identity and creates nothing" {
	cd "$BATS_TEST_TMPDIR"
	GIT_AUTHOR_NAME=$'Bob\nBuilder' run_kata init other
	assert_error
	stderr_has "GIT_AUTHOR_NAME holds a newline"
	[ ! -e other/kata.yaml ]
}

# ---- an operation git has in progress ----

# Two branches that change notes.txt each their own way; main checked out.
conflicting_branches() {
	echo base >notes.txt
	git add notes.txt && git commit -qm "notes"
	git checkout -qb other
	echo theirs >notes.txt
	git commit -qam "their notes"
	git checkout -q main
	echo ours >notes.txt
	git commit -qam "our notes"
}

# kata refuses to write (saying what is in progress and how git ends it),
# writes nothing, and its reading commands still work.
refuses_while() {
	local what=$1 finish=$2 head
	head=$(git rev-parse HEAD)
	snapshot
	run_kata obstacle add "during"
	assert_error
	stderr_has "git has $what in progress; $finish before kata writes"
	run_kata step "during" --expect e
	assert_error
	stderr_has "git has $what in progress"
	assert_unchanged
	[ "$(git rev-parse HEAD)" = "$head" ]
	run_kata show
	assert_success
	output_has "Review wait under 4 hours"
	run_kata log
	assert_success
	run_kata board
	assert_success
}

@test "a conflicted rebase: kata refuses to write, and says how to finish it" {
	conflicting_branches
	run ! git rebase -q other
	refuses_while "a rebase" "continue it ('git rebase --continue') or abort it ('git rebase --abort')"
	git rebase --abort
	kata_commit obstacle add "after"
}

@test "an interactive rebase stopped for an edit: kata refuses to write" {
	echo one >notes.txt && git add notes.txt && git commit -qm one
	GIT_SEQUENCE_EDITOR="sed -i 's/^pick/edit/'" git rebase -q -i HEAD~1 2>/dev/null
	refuses_while "a rebase" "continue it ('git rebase --continue') or abort it ('git rebase --abort')"
	git rebase --abort
}

@test "a conflicted merge: kata refuses to write" {
	conflicting_branches
	run ! git merge -q other
	refuses_while "a merge" "conclude it ('git commit') or abort it ('git merge --abort')"
	git merge --abort
	kata_commit obstacle add "after"
}

@test "a conflicted cherry-pick: kata refuses to write" {
	conflicting_branches
	run ! git cherry-pick other
	refuses_while "a cherry-pick" "continue it ('git cherry-pick --continue') or abort it ('git cherry-pick --abort')"
	git cherry-pick --abort
}

@test "a conflicted revert: kata refuses to write" {
	conflicting_branches
	echo more >notes.txt && git commit -qam "more notes"
	run ! git revert --no-edit HEAD~1
	refuses_while "a revert" "continue it ('git revert --continue') or abort it ('git revert --abort')"
	git revert --abort
}

@test "a bisect: kata refuses to write until git bisect reset" {
	echo one >notes.txt && git add notes.txt && git commit -qm one
	git bisect start HEAD HEAD~2 >/dev/null
	refuses_while "a bisect" "end it ('git bisect reset')"
	git bisect reset >/dev/null 2>&1
	kata_commit obstacle add "after"
}

# ---- whose repository ----

@test "a repository another user owns: git's reason and the safe.directory hint" {
	# giving the folder to another user takes root; CI runs the suite as root
	if ((EUID != 0)); then
		skip "needs root to give the repository to another user (CI runs as root)"
	fi
	local top
	top=$(pwd -P)
	chown -R nobody "$top"
	run_kata show
	assert_error
	stderr_has "detected dubious ownership in repository at '$top'"
	stderr_has "git config --global --add safe.directory $top"
	# from a folder inside it, and for a write, the same words
	cd learners
	run_kata obstacle add "x"
	assert_error
	stderr_has "detected dubious ownership in repository at '$top'"
	# what git says to do makes kata work
	git config --global --add safe.directory "$top"
	run_kata show
	assert_success
	chown -R "$EUID" "$top"
}

# ---- a shallow clone ----

# A history of seven kata commits cloned with its three newest only.
shallow_clone() {
	local i
	for i in 1 2 3 4 5; do
		kata_commit measure review_wait $((40 - i))
	done
	cd .. && git clone -q --depth 3 "file://$PWD/repo" shallow && cd shallow || return 1
	git config user.name "Alice Example"
	git config user.email alice@example.com
	[ "$(git rev-list --count HEAD)" -eq 3 ]
}

@test "a shallow clone: kata log stops at its boundary as git log does" {
	shallow_clone
	run_kata log
	assert_success
	[ "$(grep -c 'measure' <<<"$output")" -eq 3 ]
	diff <(kata log --json | jq -r '.[].commit') <(git log --format=%H)
	run_kata log alice -n 20
	assert_success
	[ "$(grep -c 'measure' <<<"$output")" -eq 3 ]
	# the boundary commit is a root to git: it changed alice's folder
	run_kata log alice --json
	[ "$(jq length <<<"$output")" -eq 3 ]
}

@test "a shallow clone: lint, report and undo work on what it has" {
	shallow_clone
	run_kata lint alice
	[ "$status" -lt 2 ]
	! grep -q "object not found" <<<"$stderr$output"
	run_kata report alice -o "$BATS_TEST_TMPDIR/pages"
	assert_success
	ls "$BATS_TEST_TMPDIR/pages"/*.html
	# the learning report of a period walks the history back to its start
	run_kata report --since "2000-01-01" -o "$BATS_TEST_TMPDIR/month"
	assert_success
	run_kata report --since "2000-01-01" --json
	assert_success
	[ "$(jq '.learners | length' <<<"$output")" -eq 1 ]
	run_kata undo
	assert_success
	[ "$(git log -1 --format=%s)" != "$(git log -1 --skip=1 --format=%s)" ]
	kata_commit measure review_wait 12
	run_kata log -n 2
	assert_success
}
