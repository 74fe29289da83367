#!/usr/bin/env bats
# kata verify: who may write what (SPEC 8), in a clone and as the
# pre-receive hook of a real bare repository that real `git push`es reach.

load helper

# The people, each with a clone of the team's repository of their own.
as() {
	case $1 in
	root) export GIT_AUTHOR_NAME="Rita Root" GIT_AUTHOR_EMAIL=root@example.com ;;
	alice) export GIT_AUTHOR_NAME="Alice Example" GIT_AUTHOR_EMAIL=alice@example.com ;;
	bob) export GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com ;;
	carol) export GIT_AUTHOR_NAME="Carol Second" GIT_AUTHOR_EMAIL=carol@example.com ;;
	dave) export GIT_AUTHOR_NAME="Dave Other" GIT_AUTHOR_EMAIL=dave@example.com ;;
	erin) export GIT_AUTHOR_NAME="Erin New" GIT_AUTHOR_EMAIL=erin@example.com ;;
	esac
	export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
}

# The team's repository, made by root (who ran kata init, its admin while
# kata.yaml names none): alice, coached by bob, observed by carol; dave.
# Then the server: a bare clone whose pre-receive hook is the README's.
setup() {
	kata_setup
	as root
	kata init team --team "Press shop" >/dev/null
	cd team
	kata learner add bob --name "Bob Coach" --email bob@example.com >/dev/null
	kata learner add carol --name "Carol Second" --email carol@example.com >/dev/null
	kata learner add alice --name "Alice Example" --email alice@example.com \
		--coach bob --second-coach carol >/dev/null
	kata learner add dave --name "Dave Other" --email dave@example.com >/dev/null
	as alice
	kata start --challenge "Every order shipped the day it comes in" \
		--target "Changeover under 10 minutes" --by 2026-12-18 \
		--metric changeover --unit min --goal 10 --lower-is-better >/dev/null
	cd "$BATS_TEST_TMPDIR"
	git clone -q --bare team server.git
	# the README's hook, word for word, with the kata under test on PATH
	mkdir bin
	ln -s "$KATA" bin/kata
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
	(cd server.git &&
		printf '#!/bin/sh\nexec kata verify --pre-receive\n' > hooks/pre-receive &&
		chmod +x hooks/pre-receive)
}

# A clone of the server for $1, the current directory after, as $1.
clone_as() {
	cd "$BATS_TEST_TMPDIR"
	[[ -d $1 ]] || git clone -q server.git "$1"
	cd "$1"
	git fetch -q
	git merge -q --ff-only origin/main 2>/dev/null || true
	as "$1"
}

server_head() {
	git -C "$BATS_TEST_TMPDIR/server.git" rev-parse main
}

# git push, its output (the hook's "remote:" lines too) in $output.
push() {
	run git push origin HEAD:main 2>&1
}

assert_refused() {
	if [[ $status -eq 0 ]]; then
		fail "the push was accepted:
$output"
		return 1
	fi
	output_has "remote: kata: error: push refused: "
	output_has "(pre-receive hook declined)"
}

# git push said "remote: ABBREV EMAIL PATH: WHY" for the commit $1.
refused_line() {
	local c
	c=$(git rev-parse --short "$1")
	output_has "remote: $c $2 $3: $4"
}

answers() {
	cat <<-'EOF'
	target: Changeover under 10 minutes
	actual: 25 minutes
	obstacle: the tools are not at the machine
	next_step:
	  step: Put the tool cart beside press 2
	  expect: about 20 minutes
	see_by: tomorrow 10:00
	EOF
}

@test "verify: honest pushes of the learner, her coach and her second coach are accepted" {
	clone_as alice
	kata measure changeover 25 >/dev/null
	kata step "Time the changeover" --expect "25 minutes" >/dev/null
	push
	assert_success
	output_has "remote: 2 commits checked: each writes only what its author may"
	[ "$(server_head)" = "$(git rev-parse HEAD)" ]

	clone_as bob
	kata step done -l alice --happened "25 minutes" --learned "the tools are far" >/dev/null
	answers | kata coach alice --answers - >/dev/null
	push
	assert_success
	output_has "remote: 2 commits checked"

	clone_as carol
	kata coach feedback -l alice --note "the data came first" >/dev/null
	push
	assert_success
	[ "$(server_head)" = "$(git rev-parse HEAD)" ]

	# a learner who adds herself
	clone_as erin
	kata learner add erin --name "Erin New" --email erin@example.com >/dev/null
	kata start --challenge "c" --target "t" --by 2026-12-18 >/dev/null 2>&1
	push
	assert_success
	output_has "remote: 2 commits checked"

	# the server's whole history, read in the bare repository
	cd "$BATS_TEST_TMPDIR/server.git"
	run_kata verify HEAD
	assert_success
	assert_output "13 commits checked: each writes only what its author may"
}

@test "verify: a learner editing another's steps is refused, and the server keeps its branch" {
	local before
	before=$(server_head)
	clone_as dave
	kata step -l alice "Move the cart" --expect "nothing" >/dev/null 2>&1
	push
	assert_refused
	refused_line HEAD dave@example.com "$(git show --name-only --format= HEAD)" \
		"only alice, alice's coach or second coach, or an admin may change alice's records"
	output_has "remote: kata: error: push refused: 1 of 1 commit writes what its author may not"
	[ "$(server_head)" = "$before" ]
	# the objects of the refused push stayed in git's quarantine
	[ -z "$(git -C "$BATS_TEST_TMPDIR/server.git" cat-file -t "$(git rev-parse HEAD)" 2>/dev/null)" ]
}

@test "verify: a coach who names himself admin and uses it in the same push is refused" {
	clone_as bob
	printf 'admins:\n- bob\n' >>kata.yaml
	git commit -q -am "bob is an admin now"
	kata learner add gina --name "Gina" --email gina@example.com >/dev/null
	push
	assert_refused
	refused_line HEAD~1 bob@example.com kata.yaml \
		"kata.yaml names no admins: only the author of the repository's first commit (root@example.com) may change kata.yaml"
	refused_line HEAD bob@example.com learners/gina/learner.yaml \
		"only an admin or gina (an email of the new learner.yaml) may add learner gina"
	output_has "push refused: 2 of 2 commits write what their author may not"

	# named by the admin, in a push of its own, bob is one
	clone_as root
	printf 'admins:\n- bob\n' >>kata.yaml
	git commit -q -am "bob is an admin"
	push
	assert_success
	clone_as bob
	git reset -q --hard origin/main
	kata learner add gina --name "Gina" --email gina@example.com >/dev/null
	push
	assert_success
}

@test "verify: a learner who makes himself someone's coach and writes her steps is refused" {
	clone_as dave
	sed -i 's/^coach: bob$/coach: dave/' learners/alice/learner.yaml
	git commit -q -am "dave coaches alice"
	kata step -l alice "Move the cart" --expect "nothing" >/dev/null 2>&1
	push
	assert_refused
	refused_line HEAD~1 dave@example.com learners/alice/learner.yaml \
		"only alice, alice's coach or second coach, or an admin may change alice's records"
	refused_line HEAD dave@example.com "$(git show --name-only --format= HEAD)" \
		"only an admin may change alice's records"
	output_has "push refused: 2 of 2 commits"
}

@test "verify: a coaching record by someone other than the coach is refused" {
	clone_as carol
	answers | kata coach alice --answers - >/dev/null
	push
	assert_refused
	refused_line HEAD carol@example.com "$(git show --name-only --format= HEAD | grep /coaching/)" \
		"only alice's coach (bob) or an admin may write alice's coaching records"
	# the step and the obstacle of the same commit are hers to write
	[ "$(grep -c "remote: $(git rev-parse --short HEAD) " <<<"$output")" -eq 1 ]
}

@test "verify: a learner created by someone else is refused" {
	clone_as bob
	kata learner add erin --name "Erin New" --email erin@example.com >/dev/null
	push
	assert_refused
	refused_line HEAD bob@example.com learners/erin/learner.yaml \
		"only an admin or erin (an email of the new learner.yaml) may add learner erin"
}

@test "verify: a record that is not valid is refused with its place" {
	clone_as alice
	kata step "Time the changeover" --expect "25 minutes" >/dev/null
	local f
	f=$(git show --name-only --format= HEAD)
	printf 'status: [open\n' >>"$f"
	git commit -q -am "by hand"
	push
	assert_refused
	output_has "remote: $(git rev-parse --short HEAD) alice@example.com $f:9:1: did not find expected ',' or ']'"
}

@test "verify: a range in a clone lists each offender; the default is what the upstream lacks" {
	clone_as dave
	kata step -l alice "Move the cart" --expect "nothing" >/dev/null 2>&1
	kata step -l dave "My own step" --expect "fine" >/dev/null 2>&1 || true
	kata start --challenge c --target t --by 2026-12-18 >/dev/null 2>&1
	kata obstacle add -l alice "forged too" >/dev/null
	local first last
	first=$(git rev-parse --short HEAD~2)
	last=$(git rev-parse --short HEAD)
	run_kata verify origin/main..HEAD
	assert_failure 1
	[ "${#lines[@]}" -eq 2 ]
	[[ ${lines[0]} == "$first dave@example.com learners/alice/"*": only alice, alice's coach or second coach, or an admin may change alice's records" ]]
	[[ ${lines[1]} == "$last dave@example.com learners/alice/"*"/obstacles/"* ]]
	[ "$stderr" = "kata: error: 2 of 3 commits write what their author may not (see kata-verify(1))" ]

	# what the upstream lacks: the same three commits, not all nine
	run_kata verify
	assert_failure 1
	[ "${#lines[@]}" -eq 2 ]
	stderr_has "2 of 3 commits"
	git branch -q --unset-upstream
	run_kata verify
	stderr_has "2 of 9 commits"

	run_kata verify --json HEAD~1..HEAD
	assert_failure 1
	[ "$(jq -r '.[0].rule' <<<"$output")" = learner ]
	[ "$(jq -r '.[0].email' <<<"$output")" = dave@example.com ]
	[ "$(jq -r '.[0].commit' <<<"$output")" = "$(git rev-parse HEAD)" ]
	[ "$(jq -r 'length' <<<"$output")" = 1 ]

	run_kata verify origin/main
	assert_success
	assert_output "6 commits checked: each writes only what its author may"
	run_kata verify HEAD..HEAD
	assert_success
	assert_output "no commit to check"

	run_kata verify nosuch..HEAD
	assert_error
	stderr_has "unknown revision or range 'nosuch..HEAD'"
	run_kata verify --pre-receive HEAD
	assert_usage_error
}
