#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "helpers.h"
#include "kata/fsck.h"
#include "kata/coach.h"
#include "kata/id.h"
#include "kata/repo.h"
#include "kata/feedback.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/target.h"
#include "kata/questions.h"
#include "kata/storyboard.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
	struct kata_done done;
};

static const struct kata_who who = { "Alice Example", "alice@example.com" };
static const struct kata_time now = { 1795251600, 0, true };	/* 2026-11-21T09:00Z */

/* A repository with learner alice working on a target condition. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct kata_learner_opts lo = { "alice", "Alice Example", NULL, 0, NULL, NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", "25 minutes",
				      "changeover", "min", "10", true };
	const char *emails[] = { "alice@example.com" };

	assert_non_null(f);
	lo.emails = emails;
	lo.n_emails = 1;
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
	assert_int_equal(kata_init(&f->done, f->repo, "Line 2", &who, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &who, &f->err), 0);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &who, &f->err), 0);
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
	free(f);
	return 0;
}

struct seen {
	size_t n;
	char first[256];
};

static void collect(const struct kata_error *e, void *data)
{
	struct seen *s = data;

	if (!s->n++)
		snprintf(s->first, sizeof(s->first), "%s:%u:%u: %s", e->path, e->line, e->col,
			 e->message);
}

static void test_fsck(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	struct seen seen = { 0, "" };
	size_t problems = 99;
	char *path;
	size_t n;

	assert_int_equal(kata_fsck(&problems, f->repo, collect, &seen, &f->err), 0);
	assert_int_equal(problems, 0);

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	n = strlen(f->dir) + strlen(sb->target->path) + 2;
	path = malloc(n);
	snprintf(path, n, "%s/%s", f->dir, sb->target->path);
	kata_storyboard_free(sb);
	th_write_file(path, "kind: target\nid: 0000000000\n", 28);
	assert_int_equal(kata_fsck(&problems, f->repo, collect, &seen, &f->err), 0);
	assert_true(problems > 0);
	assert_non_null(strstr(seen.first, "target.yaml:"));
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fsck, setup, teardown),
	};

	return th_run_isolated(tests);
}
