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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_fresh_target_has_no_findings, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_far_go_and_see_is_found_with_its_record,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_moved_achieve_by_is_found, fx_setup,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
