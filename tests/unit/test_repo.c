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

#include "helpers.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/txn.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
	char *other;		/* a second folder, removed even if a test fails */
};

static const char *const order[] = { "kind", "id", NULL };
static const struct kata_time now = { 1795251600, 60, true };	/* 2026-11-21T10:00+01:00 */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kata_repo_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	if (f->other)
		th_rmtree(f->other);
	free(f->other);
	free(f);
	return 0;
}

static struct kata_node *record(const char *kind, const char *id)
{
	struct kata_node *n = kata_node_new(KATA_NODE_MAPPING);

	assert_non_null(n);
	assert_int_equal(kata_node_set_str(n, "kind", kind), 0);
	assert_int_equal(kata_node_set_str(n, "id", id), 0);
	return n;
}

/* One transaction that writes path with the given id; returns its result. */
static int write_record(struct fixture *f, const char *path, const char *id)
{
	struct kata_txn *txn = NULL;
	struct kata_node *rec = record("test", id);
	int rc;

	rc = kata_txn_begin(&txn, f->repo, 0, &f->err);
	if (rc == 0)
		rc = kata_txn_put(txn, path, rec, order, &f->err);
	if (rc == 0)
		rc = kata_txn_commit(NULL, txn, "test: write\n\nKata-Action: test\n", &(const struct kata_who){ "Tess Ter", "tess@example.com" }, &f->err);
	kata_txn_free(txn);
	kata_node_free(rec);
	return rc;
}

static char *full(struct fixture *f, const char *path)
{
	size_t n = strlen(f->dir) + strlen(path) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", f->dir, path);
	return p;
}

/* Writes a file (or makes a folder, for a path ending in '/') under the
 * work tree, with the folders above it. */
static void make(struct fixture *f, const char *path, const char *data)
{
	char *p = full(f, path), *s;
	size_t n = strlen(p);

	for (s = strchr(p + strlen(f->dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	if (p[n - 1] != '/')
		th_write_file(p, data, strlen(data));
	free(p);
}

static void test_open_finds_repository_upwards(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	char *sub = full(f, "learners/x");
	char *deep = full(f, "learners");

	assert_int_equal(kata_repo_open(&r, f->dir, &f->err), KATA_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "kata init"));
	kata_error_release(&f->err);
	assert_int_equal(write_record(f, "kata.yaml", "repo"), 0);
	assert_int_equal(write_record(f, "learners/x/learner.yaml", "x"), 0);
	assert_int_equal(kata_repo_open(&r, sub, &f->err), 0);
	assert_string_equal(kata_repo_workdir(r), kata_repo_workdir(f->repo));
	kata_repo_free(r);
	assert_int_equal(kata_repo_create(&r, f->dir, &f->err), KATA_EEXISTS);
	free(sub);
	free(deep);
}

static void test_open_says_which_part_is_missing(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	char *none = th_tmpdir(), want[512];

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
	th_rmtree(none);
	free(none);
}

static void test_bare_repository_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	git_repository *bare = NULL;
	char *dir = th_tmpdir(), *kata;

	assert_int_equal(git_repository_init(&bare, dir, 1), 0);
	git_repository_free(bare);
	kata = kata_str_newf("%s/kata.yaml", dir);
	th_write_file(kata, "kind: repository\nformat: 1\n", 27);
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
	th_rmtree(dir);
	free(dir);
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
	char *cfg = full(f, ".git/config"), *gitfile, *other = th_tmpdir();

	make(f, "kata.yaml", "kind: repository\nformat: 1\n");
	/* a corrupt configuration */
	th_write_file(cfg, "[core\n\tbare = false\n", strlen("[core\n\tbare = false\n"));
	open_fails_with_libgit2s_reason(f, f->dir, "config");
	/* a repository format kata's libgit2 cannot read */
	th_write_file(cfg, "[core]\n\trepositoryformatversion = 99\n",
		      strlen("[core]\n\trepositoryformatversion = 99\n"));
	open_fails_with_libgit2s_reason(f, f->dir, "99");

	/* a .git file that is not one */
	gitfile = kata_str_newf("%s/.git", other);
	th_write_file(gitfile, "not a gitdir line\n", strlen("not a gitdir line\n"));
	open_fails_with_libgit2s_reason(f, other, ".git");
	free(gitfile);
	free(cfg);
	th_rmtree(other);
	free(other);
}

static void test_create_makes_folders_and_adopts_a_repository(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *r = NULL;
	char *deep = full(f, "new/deeper"), *work;
	git_oid before, after;

	/* folders made as needed */
	assert_int_equal(kata_repo_create(&r, deep, &f->err), 0);
	work = kata_str_newf("%s/", deep);
	assert_string_equal(kata_repo_workdir(r), work);
	free(work);
	kata_repo_free(r);

	/* a repository with history is adopted as it is */
	assert_int_equal(write_record(f, "notes.yaml", "one"), 0);
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
	struct kata_time later = { 1795338000, -300, true };

	assert_int_equal(wd[strlen(wd) - 1], '/');
	assert_int_equal(strncmp(wd, f->dir, strlen(f->dir)), 0);
	assert_non_null(kata_repo_git(f->repo));
	assert_int_equal(kata_repo_now(f->repo)->t, now.t);
	assert_int_equal(kata_repo_now(f->repo)->offset, 60);
	kata_repo_set_now(f->repo, &later);
	assert_int_equal(kata_repo_now(f->repo)->t, later.t);
	assert_int_equal(kata_repo_now(f->repo)->offset, -300);
}

static void test_identity_from_env_and_config(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL;
	git_config *cfg = NULL;

	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "Env Name", "env@example.com",
					    &f->err), 0);
	assert_string_equal(name, "Env Name");
	assert_string_equal(email, "env@example.com");
	free(name);
	free(email);

	assert_int_equal(git_repository_config(&cfg, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_config_set_string(cfg, "user.name", "Cfg Name"), 0);
	git_config_free(cfg);
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, NULL, NULL, &f->err),
			 KATA_ECONFIG);
	assert_non_null(strstr(f->err.message, "git config --global user.email"));
	assert_null(name);
	assert_null(email);
}

static void test_identity_mixes_env_and_config(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL;
	git_config *cfg = NULL;

	/* nothing anywhere: the name is asked for first */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, NULL, NULL, &f->err),
			 KATA_ECONFIG);
	assert_string_equal(f->err.message,
			    "no git identity: user.name is not set; run: git config --global user.name \"Your Name\"");
	kata_error_release(&f->err);

	assert_int_equal(git_repository_config(&cfg, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_config_set_string(cfg, "user.name", "Cfg Name"), 0);
	assert_int_equal(git_config_set_string(cfg, "user.email", "cfg@example.com"), 0);
	git_config_free(cfg);
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, NULL, NULL, &f->err), 0);
	assert_string_equal(name, "Cfg Name");
	assert_string_equal(email, "cfg@example.com");
	free(name);
	free(email);
	/* each variable of the environment wins over its own key only; an
	 * empty one is no value */
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "Env Name", "", &f->err), 0);
	assert_string_equal(name, "Env Name");
	assert_string_equal(email, "cfg@example.com");
	free(name);
	free(email);
	assert_int_equal(kata_repo_identity(&name, &email, f->repo, "", "env@example.com",
					    &f->err), 0);
	assert_string_equal(name, "Cfg Name");
	assert_string_equal(email, "env@example.com");
	free(name);
	free(email);
}

static void test_identity_and_config_outside_a_repository(void **state)
{
	struct fixture *f = *state;
	char *name = NULL, *email = NULL, *value = NULL;
	char *global = kata_str_newf("%s/.gitconfig", getenv("HOME"));
	const char *text = "[user]\n\tname = Global Name\n\temail = global@example.com\n"
			   "[kata]\n\tlearner = alice\n";

	assert_int_equal(kata_repo_identity(&name, &email, NULL, NULL, NULL, &f->err),
			 KATA_ECONFIG);
	kata_error_release(&f->err);
	th_write_file(global, text, strlen(text));
	assert_int_equal(kata_repo_identity(&name, &email, NULL, NULL, NULL, &f->err), 0);
	assert_string_equal(name, "Global Name");
	assert_string_equal(email, "global@example.com");
	free(name);
	free(email);
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

static void test_config_get(void **state)
{
	struct fixture *f = *state;
	char *value = (char *)"unset";
	git_config *cfg = NULL;

	assert_int_equal(kata_repo_config_get(&value, f->repo, "kata.learner", &f->err), 0);
	assert_null(value);
	assert_int_equal(f->err.code, 0);
	assert_int_equal(git_repository_config(&cfg, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_config_set_string(cfg, "kata.learner", "bob"), 0);
	git_config_free(cfg);
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

	make(f, "learners/alice/learner.yaml", "kind: learner\nid: alice\n");
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/alice/learner.yaml", &f->err), 0);
	assert_string_equal(kata_node_str(rec, "id"), "alice");
	kata_node_free(rec);
	rec = NULL;
	assert_int_equal(kata_repo_load(&rec, f->repo, "learners/bob/learner.yaml", &f->err),
			 KATA_ENOTFOUND);
	assert_null(rec);
	kata_error_release(&f->err);
	/* errors name the path from the work tree, not the absolute one */
	make(f, "bad.yaml", "kind: learner\nid: [\n");
	assert_int_equal(kata_repo_load(&rec, f->repo, "bad.yaml", &f->err), KATA_EINVALID);
	assert_string_equal(f->err.path, "bad.yaml");
	assert_true(f->err.line > 0);
}

static void test_exists(void **state)
{
	struct fixture *f = *state;

	make(f, "learners/alice/learner.yaml", "kind: learner\n");
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

static void test_list_sorted_without_hidden(void **state)
{
	struct fixture *f = *state;
	static const char *const all[] = { "B", "a", "a.yaml", "b", "dir", NULL };
	static const char *const dirs[] = { "a", "dir", NULL };
	static const char *const files[] = { "B", "a.yaml", "b", NULL };
	static const char *const none[] = { NULL };

	make(f, "top/b", "");
	make(f, "top/a.yaml", "");
	make(f, "top/B", "");	/* bytewise: before the lower case */
	make(f, "top/dir/", "");
	make(f, "top/a/", "");
	make(f, "top/.hidden", "");
	make(f, "top/.swp/", "");
	make(f, "top/dir/inner", "");	/* not listed: one level only */
	assert_list(f, "top", KATA_LIST_ALL, all);
	assert_list(f, "top", KATA_LIST_DIRS, dirs);
	assert_list(f, "top", KATA_LIST_FILES, files);
	/* a folder that is not there is an empty list */
	assert_list(f, "missing", KATA_LIST_ALL, none);
	make(f, "empty/", "");
	assert_list(f, "empty", KATA_LIST_ALL, none);
}

static void test_list_of_a_file_is_an_error(void **state)
{
	struct fixture *f = *state;
	char **names = NULL;
	size_t n = 0;

	make(f, "plain", "");
	assert_int_equal(kata_repo_list(&names, &n, f->repo, "plain", KATA_LIST_ALL, &f->err),
			 KATA_ERROR);
	assert_null(names);
	assert_int_equal(n, 0);
	assert_non_null(strstr(f->err.message, "cannot read folder 'plain': "));
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
	char *other = f->other = th_tmpdir(), *gitfile = kata_str_newf("%s/.git", other);
	char *kata = kata_str_newf("%s/kata.yaml", other);
	const char *line = "gitdir: /nonexistent/kata-test/.git\n";
	struct kata_repo *r = NULL;
	char *want;

	th_write_file(gitfile, line, strlen(line));
	th_write_file(kata, "kind: repository\nformat: 1\n", 27);
	want = libgit2_says(other);
	assert_non_null(strstr(want, "/nonexistent/kata-test"));
	assert_int_equal(kata_repo_open(&r, other, &f->err), KATA_ERROR);
	assert_null(r);
	assert_string_equal(f->err.message, want);
	assert_null(strstr(f->err.message, "not a kata repository"));
	free(want);
	free(kata);
	free(gitfile);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_finds_repository_upwards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_says_which_part_is_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bare_repository_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_broken_repository_says_libgit2s_reason,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_makes_folders_and_adopts_a_repository,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_workdir_and_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_from_env_and_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_mixes_env_and_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_and_config_outside_a_repository,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_sorted_without_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_of_a_file_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_gitfile_pointing_nowhere_says_libgit2s_reason,
						setup, teardown),
	};

	/* no user identity from the machine running the tests */
	return th_run_isolated(tests);
}
