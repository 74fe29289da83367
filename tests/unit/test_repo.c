#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/repo.h"
#include "kata/str.h"

static void test_open_finds_repository_upwards(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	char *sub = fx_path(f, "learners/x");

	assert_int_equal(kata_repo_open(&r, f->dir, &f->err), KATA_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "kata init"));
	kata_error_release(&f->err);
	fx_store(f, "test: write\n", "kata.yaml", "kind: test\nid: repo\n", NULL);
	fx_store(f, "test: write\n", "learners/x/learner.yaml", "kind: test\nid: x\n", NULL);
	assert_int_equal(kata_repo_open(&r, sub, &f->err), 0);
	assert_string_equal(kata_repo_workdir(r), kata_repo_workdir(f->repo));
	kata_repo_free(r);
	assert_int_equal(kata_repo_create(&r, f->dir, &f->err), KATA_EEXISTS);
	free(sub);
}

static void test_open_says_which_part_is_missing(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	const char *none = fx_tmpdir(f);
	char want[512];

	/* a git repository without kata.yaml */
	assert_int_equal(kata_repo_open(&r, f->dir, &f->err), KATA_ENOTFOUND);
	snprintf(want, sizeof(want), "not a kata repository: '%s' has no kata.yaml; run 'kata init'",
		 kata_repo_workdir(f->repo));
	assert_string_equal(f->err.message, want);
	assert_null(r);
	kata_error_release(&f->err);

	/* no git repository at all */
	assert_int_equal(kata_repo_open(&r, none, &f->err), KATA_ENOTFOUND);
	assert_string_equal(f->err.message,
			    "not a kata repository (or any of the parent directories): no .git found; run 'kata init'");
	assert_null(r);
}

static void test_bare_repository_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	git_repository *bare = NULL;
	const char *dir = fx_tmpdir(f);
	char *kata;

	assert_int_equal(git_repository_init(&bare, dir, 1), 0);
	git_repository_free(bare);
	th_make(dir, "kata.yaml", "kind: repository\nformat: 1\n");
	kata = th_path(dir, "kata.yaml");
	assert_int_equal(kata_repo_open(&r, dir, &f->err), KATA_EINVALID);
	assert_string_equal(f->err.message, "a kata repository needs a work tree (this one is bare)");
	assert_null(r);
	kata_error_release(&f->err);
	/* nor is one adopted */
	unlink(kata);
	assert_int_equal(kata_repo_create(&r, dir, &f->err), KATA_EINVALID);
	assert_string_equal(f->err.message, "a kata repository needs a work tree (this one is bare)");
	assert_null(r);
	free(kata);
}

/* What libgit2 itself says when it opens dir: the reason kata must pass on. */
static char *libgit2_says(const char *dir)
{
	git_repository *git = NULL;
	const git_error *e;
	char *msg;

	git_libgit2_init();
	assert_true(git_repository_open_ext(&git, dir, 0, NULL) < 0);
	e = git_error_last();
	assert_non_null(e);
	msg = kata_str_newf("cannot open the repository: %s", e->message);
	git_libgit2_shutdown();
	return msg;
}

static void open_fails_with_libgit2s_reason(struct fixture *f, const char *dir,
					    const char *part)
{
	struct kata_repo *r = NULL;
	char *want = libgit2_says(dir);

	assert_int_equal(kata_repo_open(&r, dir, &f->err), KATA_ERROR);
	assert_null(r);
	assert_string_equal(f->err.message, want);
	assert_non_null(strstr(f->err.message, part));
	assert_null(strstr(f->err.message, "not a kata repository"));
	kata_error_release(&f->err);
	free(want);
}

static void test_open_broken_repository_says_libgit2s_reason(void **state)
{
	struct fixture *f = *state;
	const char *other = fx_tmpdir(f);

	fx_write(f, "kata.yaml", "kind: repository\nformat: 1\n");
	/* a corrupt configuration */
	fx_write(f, ".git/config", "[core\n\tbare = false\n");
	open_fails_with_libgit2s_reason(f, f->dir, "config");
	/* a repository format kata's libgit2 cannot read */
	fx_write(f, ".git/config", "[core]\n\trepositoryformatversion = 99\n");
	open_fails_with_libgit2s_reason(f, f->dir, "99");

	/* a .git file that is not one */
	th_make(other, ".git", "not a gitdir line\n");
	open_fails_with_libgit2s_reason(f, other, ".git");
}

static void test_create_makes_folders_and_adopts_a_repository(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	char *deep = fx_path(f, "new/deeper"), *work;
	git_oid before, after;

	/* folders made as needed */
	assert_int_equal(kata_repo_create(&r, deep, &f->err), 0);
	work = kata_str_newf("%s/", deep);
	assert_string_equal(kata_repo_workdir(r), work);
	free(work);
	kata_repo_free(r);

	/* a repository with history is adopted as it is */
	fx_store(f, "test: write\n", "notes.yaml", "kind: test\nid: one\n", NULL);
	assert_int_equal(git_reference_name_to_id(&before, kata_repo_git(f->repo), "HEAD"), 0);
	assert_int_equal(kata_repo_create(&r, f->dir, &f->err), 0);
	assert_int_equal(git_reference_name_to_id(&after, kata_repo_git(r), "HEAD"), 0);
	assert_true(git_oid_equal(&before, &after));
	assert_true(kata_repo_exists(r, "notes.yaml"));
	kata_repo_free(r);
	free(deep);
}

static void test_workdir_and_clock(void **state)
{
	struct fixture *f = *state;
	const char *wd = kata_repo_workdir(f->repo);
	struct kata_time east = { 1795251600, 60, true };	/* 2026-11-21T10:00+01:00 */
	struct kata_time later = { 1795338000, -300, true };

	assert_int_equal(wd[strlen(wd) - 1], '/');
	assert_int_equal(strncmp(wd, f->dir, strlen(f->dir)), 0);
	assert_non_null(kata_repo_git(f->repo));
	/* the fixture's clock, then each one set after it */
	assert_int_equal(kata_repo_now(f->repo)->t, fx_now.t);
	assert_int_equal(kata_repo_now(f->repo)->offset, 0);
	kata_repo_set_now(f->repo, &east);
	assert_int_equal(kata_repo_now(f->repo)->t, east.t);
	assert_int_equal(kata_repo_now(f->repo)->offset, 60);
	kata_repo_set_now(f->repo, &later);
	assert_int_equal(kata_repo_now(f->repo)->t, later.t);
	assert_int_equal(kata_repo_now(f->repo)->offset, -300);
}

/* kata_repo_identity in repo (NULL: none), given the environment's name
 * and email, finds the identity want_name <want_email>. */
static void assert_identity(struct fixture *f, struct kata_repo *repo, const char *env_name,
			    const char *env_email, const char *want_name, const char *want_email)
{
	char *name = NULL, *email = NULL;

	if (kata_repo_identity(&name, &email, repo, "author", env_name, env_email, &f->err) != 0)
		fail_msg("'%s' '%s': %s", env_name ? env_name : "(none)",
			 env_email ? env_email : "(none)", f->err.message);
	assert_string_equal(name, want_name);
	assert_string_equal(email, want_email);
	free(name);
	free(email);
}

static void test_identity_from_env_and_config(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL;

	assert_identity(f, f->repo, "Env Name", "env@example.com", "Env Name", "env@example.com");

	fx_set_config(f, "user.name", "Cfg Name");
	/* on failure, no identity half set */
	name = email = (char *)"unset";
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "author", NULL, NULL, &f->err),
			 KATA_ECONFIG);
	assert_non_null(strstr(f->err.message, "git config --global user.email"));
	assert_null(name);
	assert_null(email);
}

static void test_identity_mixes_env_and_config(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL;

	/* nothing anywhere: the name is asked for first */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "author", NULL, NULL, &f->err),
			 KATA_ECONFIG);
	assert_string_equal(f->err.message,
			    "no git identity: user.name is not set; run: git config --global user.name \"Your Name\"");
	kata_error_release(&f->err);

	fx_set_config(f, "user.name", "Cfg Name");
	fx_set_config(f, "user.email", "cfg@example.com");
	assert_identity(f, f->repo, NULL, NULL, "Cfg Name", "cfg@example.com");
	/* each variable of the environment wins over its own key only; an
	 * empty one is no value */
	assert_identity(f, f->repo, "Env Name", "", "Env Name", "cfg@example.com");
	assert_identity(f, f->repo, "", "env@example.com", "Cfg Name", "env@example.com");
}

static void test_identity_and_config_outside_a_repository(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL, *value = NULL;
	char *global = th_path(getenv("HOME"), ".gitconfig");

	assert_int_equal(kata_repo_identity(&name, &email, NULL, "author", NULL, NULL, &f->err),
			 KATA_ECONFIG);
	kata_error_release(&f->err);
	th_make(getenv("HOME"), ".gitconfig",
		"[user]\n\tname = Global Name\n\temail = global@example.com\n"
		"[kata]\n\tlearner = alice\n");
	assert_identity(f, NULL, NULL, NULL, "Global Name", "global@example.com");
	assert_int_equal(kata_repo_config_get(&value, NULL, "kata.learner", &f->err), 0);
	assert_string_equal(value, "alice");
	free(value);
	/* and a repository sees the global configuration under its own */
	assert_int_equal(kata_repo_config_get(&value, f->repo, "kata.learner", &f->err), 0);
	assert_string_equal(value, "alice");
	free(value);
	unlink(global);
	free(global);
}

static void test_identity_of_the_committer(void **state)
{
	struct fixture *f = *state;
	char *name = (char *)"unset", *email = (char *)"unset";

	/* nothing set: left to the author's, no error */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "committer", NULL, NULL,
					    &f->err), 0);
	assert_null(name);
	assert_null(email);
	fx_set_config(f, "user.name", "User Name");
	fx_set_config(f, "user.email", "user@example.com");
	fx_set_config(f, "author.name", "Author Name");
	/* author.* is the author's alone */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "committer", NULL, NULL,
					    &f->err), 0);
	assert_string_equal(name, "User Name");
	free(name);
	free(email);
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "author", NULL, NULL,
					    &f->err), 0);
	assert_string_equal(name, "Author Name");
	assert_string_equal(email, "user@example.com");
	free(name);
	free(email);
	fx_set_config(f, "committer.email", "committer@example.com");
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "committer", "Env Name", NULL,
					    &f->err), 0);
	assert_string_equal(name, "Env Name");
	assert_string_equal(email, "committer@example.com");
	free(name);
	free(email);
	/* a bad one is refused, naming the variable */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "committer", "Env\nName", NULL,
					    &f->err), KATA_ECONFIG);
	assert_non_null(strstr(f->err.message, "GIT_COMMITTER_NAME holds a newline"));
	assert_null(name);
	assert_null(email);
}

static void test_config_get(void **state)
{
	struct fixture *f = *state;
	char *value = (char *)"unset";

	assert_int_equal(kata_repo_config_get(&value, f->repo, "kata.learner", &f->err), 0);
	assert_null(value);
	assert_int_equal(f->err.code, 0);
	fx_set_config(f, "kata.learner", "bob");
	assert_int_equal(kata_repo_config_get(&value, f->repo, "kata.learner", &f->err), 0);
	assert_string_equal(value, "bob");
	free(value);
	/* keys are case-insensitive in their section and name, as git's */
	assert_int_equal(kata_repo_config_get(&value, f->repo, "KATA.Learner", &f->err), 0);
	assert_string_equal(value, "bob");
	free(value);
	/* no key at all: libgit2's reason */
	assert_int_equal(kata_repo_config_get(&value, f->repo, "nodot", &f->err), KATA_ERROR);
	assert_null(value);
	assert_int_equal(strncmp(f->err.message, "cannot read git config: ", 24), 0);
}

static void test_load(void **state)
{
	struct fixture *f = *state;
	struct kata_node *rec = NULL;

	fx_write(f, "learners/alice/learner.yaml", "kind: learner\nid: alice\n");
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/alice/learner.yaml", &f->err), 0);
	assert_string_equal(kata_node_str(rec, "id"), "alice");
	kata_node_free(rec);
	rec = NULL;
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/bob/learner.yaml", &f->err),
			 KATA_ENOTFOUND);
	assert_null(rec);
	kata_error_release(&f->err);
	/* errors name the path from the work tree, not the absolute one */
	fx_write(f, "bad.yaml", "kind: learner\nid: [\n");
	assert_int_equal(kata_repo_load(&rec, f->repo, "bad.yaml", &f->err), KATA_EINVALID);
	assert_string_equal(f->err.path, "bad.yaml");
	assert_true(f->err.line > 0);
}

static void test_exists(void **state)
{
	struct fixture *f = *state;

	fx_write(f, "learners/alice/learner.yaml", "kind: learner\n");
	assert_true(kata_repo_exists(f->repo, "learners/alice/learner.yaml"));
	assert_true(kata_repo_exists(f->repo, "learners/alice"));
	assert_false(kata_repo_exists(f->repo, "learners/bob/learner.yaml"));
	assert_false(kata_repo_exists(f->repo, "learners/alice/learner.yml"));
	assert_false(kata_repo_exists(f->repo, "kata.yaml"));
}

static void assert_list(struct fixture *f, const char *path, enum kata_list_filter filter,
			const char *const *want)
{
	char **names = NULL;
	size_t n = 99, i;

	assert_int_equal(kata_repo_list(&names, &n, f->repo, path, filter, &f->err), 0);
	assert_non_null(names);
	for (i = 0; want[i]; i++) {
		if (i >= n)
			fail_msg("%s: %zu names, expected '%s' next", path, n, want[i]);
		assert_string_equal(names[i], want[i]);
	}
	assert_int_equal(n, i);
	assert_null(names[n]);
	kata_strv_free(names);
}

/* A link and a FIFO in the records: named, never followed nor waited on. */
static void test_links_and_fifos_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_node *rec = NULL;
	char *outside = kata_str_newf("%s/secret.yaml", fx_tmpdir(f));
	char *link = fx_path(f, "learners/alice/link.yaml");
	char *dir_link = fx_path(f, "learners/bob");
	char *fifo = fx_path(f, "learners/alice/fifo.yaml");
	FILE *o = fopen(outside, "w");

	assert_non_null(o);
	fputs("kind: learner\nid: secret\n", o);
	fclose(o);
	fx_write(f, "learners/alice/learner.yaml", "kind: learner\nid: alice\n");
	assert_int_equal(symlink(outside, link), 0);
	assert_int_equal(symlink(fx_tmpdir(f), dir_link), 0);
	assert_int_equal(mkfifo(fifo, 0644), 0);

	/* the link at the end of the path */
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/alice/link.yaml", &f->err),
			 KATA_EINVALID);
	assert_null(rec);
	assert_string_equal(f->err.path, "learners/alice/link.yaml");
	assert_non_null(strstr(f->err.message, "is a symbolic link"));
	kata_error_release(&f->err);
	/* a link on the way: named where it is */
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/bob/secret.yaml", &f->err),
			 KATA_EINVALID);
	assert_string_equal(f->err.path, "learners/bob");
	kata_error_release(&f->err);
	/* a FIFO opens at once and is refused */
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/alice/fifo.yaml", &f->err),
			 KATA_ERROR);
	assert_string_equal(f->err.message, "is a FIFO (named pipe), not a regular file");
	kata_error_release(&f->err);

	assert_int_equal(kata_repo_ftype(f->repo, "learners/alice/link.yaml"), KATA_FTYPE_LINK);
	assert_int_equal(kata_repo_ftype(f->repo, "learners/bob/secret.yaml"), KATA_FTYPE_LINK);
	assert_int_equal(kata_repo_ftype(f->repo, "learners/alice/fifo.yaml"), KATA_FTYPE_OTHER);
	assert_int_equal(kata_repo_ftype(f->repo, "learners/alice/learner.yaml"), KATA_FTYPE_FILE);
	assert_int_equal(kata_repo_ftype(f->repo, "learners/alice"), KATA_FTYPE_DIR);
	assert_int_equal(kata_repo_ftype(f->repo, "learners/carol"), KATA_FTYPE_NONE);

	/* writes: a regular file or nothing, through folders only */
	assert_int_equal(kata_repo_check_write(f->repo, "learners/alice/learner.yaml", &f->err), 0);
	assert_int_equal(kata_repo_check_write(f->repo, "learners/carol/new/x.yaml", &f->err), 0);
	assert_int_equal(kata_repo_check_write(f->repo, "learners/bob/x.yaml", &f->err),
			 KATA_EINVALID);
	assert_string_equal(f->err.path, "learners/bob");
	kata_error_release(&f->err);
	assert_int_equal(kata_repo_check_write(f->repo, "learners/alice/link.yaml", &f->err),
			 KATA_EINVALID);
	kata_error_release(&f->err);
	assert_int_equal(kata_repo_check_write(f->repo, "learners/alice/fifo.yaml", &f->err),
			 KATA_EINVALID);
	kata_error_release(&f->err);
	assert_int_equal(kata_repo_check_write(f->repo, "learners/alice", &f->err), KATA_EINVALID);
	assert_string_equal(f->err.message, "is a folder, not a regular file");
	kata_error_release(&f->err);

	/* a listing shows the link (for its reader to refuse); a linked
	 * folder is not listed through */
	assert_list(f, "learners", KATA_LIST_DIRS, (const char *const[]){ "alice", "bob", NULL });
	{
		char **names = NULL;
		size_t n = 0;

		assert_int_equal(kata_repo_list(&names, &n, f->repo, "learners/bob", KATA_LIST_ALL,
						&f->err), KATA_EINVALID);
		assert_null(names);
	}
	free(outside);
	free(link);
	free(dir_link);
	free(fifo);
}


static void test_list_sorted_without_hidden(void **state)
{
	struct fixture *f = *state;
	static const char *const all[] = { "B", "a", "a.yaml", "b", "dir", NULL };
	static const char *const dirs[] = { "a", "dir", NULL };
	static const char *const files[] = { "B", "a.yaml", "b", NULL };
	static const char *const none[] = { NULL };

	fx_write(f, "top/b", "");
	fx_write(f, "top/a.yaml", "");
	fx_write(f, "top/B", "");	/* bytewise: before the lower case */
	fx_write(f, "top/dir/", "");
	fx_write(f, "top/a/", "");
	fx_write(f, "top/.hidden", "");
	fx_write(f, "top/.swp/", "");
	fx_write(f, "top/dir/inner", "");	/* not listed: one level only */
	assert_list(f, "top", KATA_LIST_ALL, all);
	assert_list(f, "top", KATA_LIST_DIRS, dirs);
	assert_list(f, "top", KATA_LIST_FILES, files);
	/* a folder that is not there is an empty list */
	assert_list(f, "missing", KATA_LIST_ALL, none);
	fx_write(f, "empty/", "");
	assert_list(f, "empty", KATA_LIST_ALL, none);
}

static void test_list_of_a_file_is_an_error(void **state)
{
	struct fixture *f = *state;
	char **names = NULL;
	size_t n = 0;

	fx_write(f, "plain", "");
	assert_int_equal(kata_repo_list(&names, &n, f->repo, "plain", KATA_LIST_ALL, &f->err),
			 KATA_ERROR);
	assert_null(names);
	assert_int_equal(n, 0);
	assert_string_equal(f->err.path, "plain");
	assert_string_equal(f->err.message, "is a file, not a folder");
}

/*
 * A .git file whose gitdir is not there: libgit2 says so ("failed to
 * resolve path ..."), but with GIT_ENOTFOUND, which kata_repo_open takes
 * for "no repository here" and words as "no .git found; run 'kata init'"
 * -- wrong, and running kata init there would not help.
 */
static void test_open_gitfile_pointing_nowhere_says_libgit2s_reason(void **state)
{
	struct fixture *f = *state;
	const char *other = fx_tmpdir(f);
	struct kata_repo *r = NULL;
	char *want;

	th_make(other, ".git", "gitdir: /nonexistent/kata-test/.git\n");
	th_make(other, "kata.yaml", "kind: repository\nformat: 1\n");
	want = libgit2_says(other);
	assert_non_null(strstr(want, "/nonexistent/kata-test"));
	assert_int_equal(kata_repo_open(&r, other, &f->err), KATA_ERROR);
	assert_null(r);
	assert_string_equal(f->err.message, want);
	assert_null(strstr(f->err.message, "not a kata repository"));
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_finds_repository_upwards,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_says_which_part_is_missing,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bare_repository_refused,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_broken_repository_says_libgit2s_reason,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_create_makes_folders_and_adopts_a_repository,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_workdir_and_clock, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity_from_env_and_config,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity_mixes_env_and_config,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity_of_the_committer, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity_and_config_outside_a_repository,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_config_get, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_load, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_exists, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_links_and_fifos_refused, fx_setup_bare,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_sorted_without_hidden,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_of_a_file_is_an_error,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_gitfile_pointing_nowhere_says_libgit2s_reason,
						fx_setup_bare, fx_teardown),
	};

	/* no user identity from the machine running the tests */
	return th_run_isolated(tests);
}
