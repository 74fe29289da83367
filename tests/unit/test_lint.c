#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/lint.h"
#include "kata/step.h"
#include "kata/str.h"

/* kata_lint_learner: the Starter Kata's checks on the newest target. */

static size_t lint(struct fixture *f, struct kata_lint **out)
{
	size_t n = 0;

	assert_int_equal(kata_lint_learner(out, &n, f->repo, "alice", &f->err), 0);
	return n;
}

/* fx_setup's target has a metric and an achieve-by: nothing to find. */
static void test_a_fresh_target_has_no_findings(void **state)
{
	struct fixture *f = *state;
	struct kata_lint *l = NULL;

	assert_int_equal(lint(f, &l), 0);
	free(l);
}

static void test_a_far_go_and_see_is_found_with_its_record(void **state)
{
	struct kata_step_opts st = { "s", "e", NULL, "+9d" };
	struct fixture *f = *state;
	struct kata_lint *l = NULL;
	size_t n, i;
	bool far = false;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	n = lint(f, &l);
	for (i = 0; i < n; i++)
		if (!strcmp(l[i].rule, "see-by-far")) {
			far = true;
			assert_non_null(strstr(l[i].record, f->done.id));
			assert_non_null(strstr(l[i].message, "9 days after it was planned"));
		}
	assert_true(far);
	free(l);
}

/* A hand commit that moves achieve_by is found in the file's history. */
static void test_a_moved_achieve_by_is_found(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct kata_lint *l = NULL;
	char *text, *moved, *at;
	git_oid c;
	size_t n;

	text = fx_read_at(f, "HEAD", sb->target->path, NULL);
	assert_non_null(at = strstr(text, "achieve_by: '"));
	moved = kata_str_newf("%.*sachieve_by: '2027-03-01'%s", (int)(at - text), text,
			      strchr(at, '\n'));
	fx_hand_commit(f, &c, sb->target->path, moved, "later, by hand");
	n = lint(f, &l);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].rule, "achieve-by-moved");
	assert_string_equal(l[0].record, sb->target->path);
	assert_non_null(strstr(l[0].message, "to 2027-03-01"));
	free(l);
	free(moved);
	free(text);
	kata_storyboard_free(sb);
}

/* The target file at HEAD with its achieve_by set to `by`, committed by hand. */
static void move_achieve_by(struct fixture *f, const char *path, const char *by)
{
	char *text = fx_read_at(f, "HEAD", path, NULL), *moved, *at;
	git_oid c;

	assert_non_null(at = strstr(text, "achieve_by: '"));
	moved = kata_str_newf("%.*sachieve_by: '%s'%s", (int)(at - text), text, by,
			      strchr(at, '\n'));
	fx_hand_commit(f, &c, path, moved, "moved by hand");
	free(moved);
	free(text);
}

static size_t count_moves(struct kata_lint *l, size_t n, const char *to)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].rule, "achieve-by-moved") && (!to || strstr(l[i].message, to)))
			k++;
	return k;
}

/*
 * What a lint walked is kept for the next: after new commits, the moves
 * found before and the new one are all there; after the branch is moved
 * back, only what its history holds; a cache that does not parse is
 * walked again.
 */
static void test_moves_are_kept_across_lints(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct kata_lint *l = NULL;
	char *cache = kata_str_newf("%s/.git/kata/lint-cache", f->dir);
	size_t n;

	move_achieve_by(f, sb->target->path, "2027-03-01");
	n = lint(f, &l);
	assert_int_equal(count_moves(l, n, NULL), 1);
	free(l);
	assert_int_equal(th_run(f->dir, "test -s .git/kata/lint-cache"), 0);

	/* new commits: only they are walked, and the old move is still found */
	assert_int_equal(th_run(f->dir, "cp .git/kata/lint-cache ../cache-1"), 0);
	move_achieve_by(f, sb->target->path, "2027-04-01");
	n = lint(f, &l);
	assert_int_equal(count_moves(l, n, NULL), 2);
	assert_int_equal(count_moves(l, n, "to 2027-03-01"), 1);
	assert_int_equal(count_moves(l, n, "from 2027-03-01 to 2027-04-01"), 1);
	free(l);
	n = lint(f, &l);	/* HEAD is the cache's tip */
	assert_int_equal(count_moves(l, n, NULL), 2);
	free(l);

	/* the branch moved back: the cache's tip is not in its history */
	assert_int_equal(th_run(f->dir, "git reset -q --hard HEAD~1"), 0);
	n = lint(f, &l);
	assert_int_equal(count_moves(l, n, NULL), 1);
	assert_int_equal(count_moves(l, n, "to 2027-03-01"), 1);
	free(l);

	/* garbage in the cache: walked again, the same findings */
	th_write_file(cache, "garbage\tline\n\t\t\t\n", 17);
	n = lint(f, &l);
	assert_int_equal(count_moves(l, n, NULL), 1);
	free(l);
	free(cache);
	kata_storyboard_free(sb);
}

/* The cache is what the lint reports from when HEAD is its tip: it is read. */
static void test_the_cache_is_read(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct kata_lint *l = NULL;
	char head[GIT_OID_HEXSZ + 1], *line, *cache = kata_str_newf("%s/.git/kata/lint-cache", f->dir);
	size_t n;

	assert_int_equal(lint(f, &l), 0);
	free(l);
	fx_head(f, head);
	line = kata_str_newf("%s\t%s\t%s\t2026-12-20\t1999-01-01\t2000-01-01\n", sb->target->path,
			     head, head);
	th_write_file(cache, line, strlen(line));
	n = lint(f, &l);
	assert_int_equal(count_moves(l, n, "from 1999-01-01 to 2000-01-01"), 1);
	free(l);
	free(line);
	free(cache);
	kata_storyboard_free(sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_fresh_target_has_no_findings, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_far_go_and_see_is_found_with_its_record,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_moved_achieve_by_is_found, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_moves_are_kept_across_lints, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_the_cache_is_read, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
