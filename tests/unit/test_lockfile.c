#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "../../lib/lockfile.h"

/*
 * The locks kata makes for refs and the git config (lib/lockfile.c): a
 * killed command's are proved by their private name and removed; anyone
 * else's are left, and said.
 */

static git_repository *git_of(struct fixture *f)
{
	return kata_repo_git(f->repo);
}

static bool exists(struct fixture *f, const char *path)
{
	char *full = fx_path(f, path);
	bool yes = access(full, F_OK) == 0;

	free(full);
	return yes;
}

/* A process that has ended: its PID names no one now. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	assert_true(pid > 0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* What a kata killed holding the lock of name leaves: the private name
 * of process pid, linked to name.lock (unless linked is false). */
static void leave_lock(struct fixture *f, pid_t pid, const char *name, bool linked)
{
	char hex[256] = "", *private, *lock;
	size_t i;

	for (i = 0; name[i]; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)name[i]);
	private = kata_str_newf(".git/kata/lock.%ld.%s", (long)pid, hex);
	lock = kata_str_newf(".git/%s.lock", name);
	fx_write(f, private, "");
	if (linked) {
		char *a = fx_path(f, private), *b = fx_path(f, lock), *slash;

		for (slash = strchr(b + strlen(fx_tmpdir(f)) + 1, '/'); slash;
		     slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(b, 0777);
			*slash = '/';
		}
		if (link(a, b) < 0)
			fail_msg("link %s %s: %s", a, b, strerror(errno));
		free(a);
		free(b);
	} else {
		fx_write(f, lock, "");
	}
	free(private);
	free(lock);
}

static void test_ref_write_sets_the_ref_and_its_reflog(void **state)
{
	struct fixture *f = *state;
	git_oid head, got;
	char *log;

	assert_int_equal(git_reference_name_to_id(&head, git_of(f), "HEAD"), 0);
	assert_int_equal(kata_ref_write(git_of(f), "refs/remotes/origin/main", &head,
					"kata: sync: fetch", &f->err), 0);
	assert_int_equal(git_reference_name_to_id(&got, git_of(f), "refs/remotes/origin/main"), 0);
	assert_true(git_oid_equal(&got, &head));
	log = fx_read(f, ".git/logs/refs/remotes/origin/main", NULL);
	assert_non_null(strstr(log, "0000000000000000000000000000000000000000 "));
	assert_non_null(strstr(log, "\tkata: sync: fetch\n"));
	free(log);
	assert_false(exists(f, ".git/refs/remotes/origin/main.lock"));
}

static void test_a_killed_commands_lock_is_removed(void **state)
{
	struct fixture *f = *state;
	git_oid head;

	assert_int_equal(git_reference_name_to_id(&head, git_of(f), "HEAD"), 0);
	leave_lock(f, dead_pid(), "refs/remotes/origin/main", true);
	leave_lock(f, dead_pid(), "config", true);
	kata_lockfile_recover(git_of(f));
	assert_false(exists(f, ".git/refs/remotes/origin/main.lock"));
	assert_false(exists(f, ".git/config.lock"));
	assert_int_equal(kata_ref_write(git_of(f), "refs/remotes/origin/main", &head, "x",
					&f->err), 0);
}

static void test_someone_elses_lock_is_left(void **state)
{
	struct fixture *f = *state;
	git_oid head;

	assert_int_equal(git_reference_name_to_id(&head, git_of(f), "HEAD"), 0);
	/* not the private file: git's, or anyone's */
	leave_lock(f, dead_pid(), "refs/remotes/origin/main", false);
	/* a kata that is still running (this one's parent stands in) */
	leave_lock(f, getppid(), "config", true);
	kata_lockfile_recover(git_of(f));
	assert_true(exists(f, ".git/refs/remotes/origin/main.lock"));
	assert_true(exists(f, ".git/config.lock"));
	assert_int_equal(kata_ref_write(git_of(f), "refs/remotes/origin/main", &head, "x",
					&f->err), KATA_ELOCKED);
	assert_non_null(strstr(f->err.message, "main.lock' exists: another git process"));
	assert_true(exists(f, ".git/refs/remotes/origin/main.lock"));
}

static void test_config_write_keeps_the_rest(void **state)
{
	struct fixture *f = *state;
	const char *keys[] = { "branch.main.remote", "branch.main.merge" };
	const char *values[] = { "origin", "refs/heads/main" };
	git_config *cfg;
	const char *v;
	char *before = fx_read(f, ".git/config", NULL), *after;

	assert_int_equal(kata_config_write(git_of(f), keys, values, 2, &f->err), 0);
	after = fx_read(f, ".git/config", NULL);
	assert_memory_equal(after, before, strlen(before));
	assert_int_equal(git_repository_config_snapshot(&cfg, git_of(f)), 0);
	assert_int_equal(git_config_get_string(&v, cfg, "branch.main.merge"), 0);
	assert_string_equal(v, "refs/heads/main");
	git_config_free(cfg);
	assert_false(exists(f, ".git/config.lock"));
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ref_write_sets_the_ref_and_its_reflog,
						fx_setup_init, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_killed_commands_lock_is_removed,
						fx_setup_init, fx_teardown),
		cmocka_unit_test_setup_teardown(test_someone_elses_lock_is_left,
						fx_setup_init, fx_teardown),
		cmocka_unit_test_setup_teardown(test_config_write_keeps_the_rest,
						fx_setup_init, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
