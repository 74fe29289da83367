#!/usr/bin/env bats
# kata init: make or adopt a repository, write kata.yaml, one commit.

load helper

@test "init makes a new directory holding a git repository and kata.yaml" {
	run_kata init team
	assert_success
	output_has "Initialized kata repository in $BATS_TEST_TMPDIR/team/"
	[ -d team/.git ]
	[ "$(git -C team rev-list --count HEAD)" -eq 1 ]
	[ "$(git -C team ls-files)" = kata.yaml ]
	[ "$(yaml_get team/kata.yaml kind)" = repository ]
	[ "$(git -C team symbolic-ref HEAD)" = refs/heads/main ]
	repo_clean team
	check_yaml team
}

@test "init in the current, empty directory" {
	mkdir here
	cd here
	run_kata init
	assert_success
	[ -d .git ]
	[ -f kata.yaml ]
	[ "$(commits)" -eq 1 ]
	repo_clean
	check_yaml
}

@test "init in an existing empty directory named as argument" {
	mkdir empty
	run_kata init empty
	assert_success
	[ -d empty/.git ]
	[ "$(git -C empty rev-list --count HEAD)" -eq 1 ]
	repo_clean empty
}

@test "init adopts a git repository with commits: history kept, one new commit" {
	mkdir project
	cd project
	git init -q
	echo "hello" >README
	git add README
	git commit -qm "first"
	echo "more" >>README
	git commit -qam "second"
	local old
	old=$(git rev-parse HEAD)

	kata_commit init
	[ "$(commits)" -eq 3 ]
	[ "$(git rev-parse HEAD~1)" = "$old" ]
	[ "$(git log --format=%s HEAD~1)" = "$(printf 'second\nfirst')" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = kata.yaml ]
	[ "$(cat README)" = "$(printf 'hello\nmore')" ]
	[ "$(git ls-files | sort | tr '\n' ' ')" = "README kata.yaml " ]
}

@test "a second init is refused and writes nothing" {
	kata init repo >/dev/null
	cd repo
	snapshot
	run_kata init
	assert_error
	stderr_has "already a kata repository"
	assert_unchanged

	cd ..
	run_kata init repo
	assert_error
	cd repo
	assert_unchanged
}

@test "init --team stores the team name" {
	run_kata init repo --team "Blue Team"
	assert_success
	[ "$(yaml_get repo/kata.yaml team)" = "Blue Team" ]
	[ "$(yaml_get repo/kata.yaml kind)" = repository ]
	cd repo
	repo_clean
	check_yaml
}

@test "init without --team writes no team" {
	run_kata init repo
	assert_success
	[ "$(yaml_get repo/kata.yaml team)" = null ]
}

@test "-C DIR runs kata in DIR" {
	mkdir d
	run_kata -C d init
	assert_success
	[ -f d/kata.yaml ]
	[ ! -e kata.yaml ]
	run_kata -C d learner add bob
	assert_success
	[ -f d/learners/bob/learner.yaml ]
	[ "$(git -C d rev-list --count HEAD)" -eq 2 ]
	repo_clean d

	run_kata -C does-not-exist init
	assert_error
	stderr_has "does-not-exist"
	[ ! -e does-not-exist ]
}

@test "the commit is authored from git config, dated KATA_NOW" {
	kata init repo >/dev/null
	cd repo
	[ "$(git log -1 --format='%an <%ae> %aI')" = "Alice Example <alice@example.com> 2026-11-21T09:00:00+00:00" ]
	[ "$(git log -1 --format='%cn <%ce> %cI')" = "Alice Example <alice@example.com> 2026-11-21T09:00:00+00:00" ]
}

@test "KATA_NOW with an offset dates the commit with that offset" {
	KATA_NOW=2026-11-21T10:30:00+01:00 kata init repo >/dev/null
	[ "$(git -C repo log -1 --format=%aI)" = "2026-11-21T10:30:00+01:00" ]
	[ "$(git -C repo log -1 --format=%at)" = "$(date -u -d 2026-11-21T09:30:00Z +%s)" ]
}

@test "the repository's own git config wins over the global one" {
	mkdir repo
	git -C repo init -q
	git -C repo config user.name "Carol Coach"
	git -C repo config user.email carol@example.com
	run_kata -C repo init
	assert_success
	[ "$(git -C repo log -1 --format='%an <%ae>')" = "Carol Coach <carol@example.com>" ]
}

@test "GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL override git config, as in git" {
	GIT_AUTHOR_NAME="Dan Env" GIT_AUTHOR_EMAIL=dan@example.com kata init repo >/dev/null
	[ "$(git -C repo log -1 --format='%an <%ae>')" = "Dan Env <dan@example.com>" ]
}

@test "the init commit has a readable subject and a Kata-Action trailer" {
	kata init repo --team Blue >/dev/null
	cd repo
	run git log -1 --format=%B
	assert_line "Kata-Action: init"
	[ "$(trailer Kata-Action)" = init ]
	local subject
	subject=$(git log -1 --format=%s)
	[[ $subject == kata:* ]]
	[[ $subject == *Blue* ]]
	[ ${#subject} -le 72 ]
}

@test "init without a git identity says which git config to run and creates nothing" {
	rm "$HOME/.gitconfig"
	run_kata init newrepo
	assert_error
	stderr_has "git config"
	stderr_has "user."
	# "Nothing is written when a command fails" (SPEC 7): not even .git
	[ ! -e newrepo ]
}

@test "init with too many arguments is a usage error" {
	run_kata init a b
	assert_usage_error
	[ ! -e a ]
	[ ! -e b ]
}

@test "init adopting a repository leaves the user's staged changes staged" {
	mkdir project
	cd project
	git init -q
	echo "a" >README
	git add README
	git commit -qm "first"
	echo "b" >>README
	echo "c" >new.txt
	git add README new.txt
	run_kata init
	assert_success
	[ "$(git diff --name-only HEAD~1 HEAD)" = kata.yaml ]
	[ "$(git status --porcelain)" = "$(printf 'M  README\nA  new.txt')" ]
	[ "$(git show :README)" = "$(printf 'a\nb')" ]
}

@test "init refuses a kata.yaml that is in the way" {
	mkdir project
	cd project
	git init -q
	echo "mine: true" >kata.yaml
	run_kata init
	[ "$status" -eq 1 ]
	[ "$(cat kata.yaml)" = "mine: true" ]
	[ "$(commits)" -eq 0 ]
}
