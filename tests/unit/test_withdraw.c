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
#include "kata/id.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/withdraw.h"

/* Withdrawing a record made by mistake: its file goes, the reason stays
 * in the commit, and the rules count it no more. */

static void test_withdraw_the_open_step(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	struct kata_step_opts next = { "Tape a place", "aisle free", NULL, NULL };
	struct kata_withdrawn w;
	struct kata_storyboard *sb;
	char id[KATA_ID_LEN + 1], *path, *msg;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	sb = fx_storyboard(f, "alice");
	path = strdup(sb->steps.rec[0].path);
	kata_storyboard_free(sb);
	/* open: the next step waits */
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &next, &fx_alice, &f->err),
			KATA_EPRACTICE, NULL);

	assert_int_equal(kata_withdraw(&w, f->repo, "alice", id, "planned for the wrong press",
				       &fx_alice, &f->err), 0);
	assert_string_equal(w.done.id, id);
	assert_int_equal(w.done.seq, 1);
	assert_int_equal(w.kind, KATA_KIND_STEP);
	assert_true(w.was_open);
	assert_null(fx_read(f, path, NULL));
	assert_null(fx_read_at(f, "HEAD", path, NULL));
	msg = fx_head_message(f);
	assert_int_equal(strncmp(msg, "alice: step ", 12), 0);
	assert_non_null(strstr(msg, " withdrawn: planned for the wrong press\n\n"
				    "Withdrawn: step #1 "));
	assert_non_null(strstr(msg, " 'Move the cart'\nReason: planned for the wrong press\n\n"));
	assert_non_null(strstr(msg, "Kata-Action: withdraw\n"));
	assert_non_null(strstr(msg, id));
	free(msg);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->steps.n, 0);
	kata_storyboard_free(sb);
	/* nothing open now: the next step is planned */
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &next, &fx_alice, &f->err), 0);
	assert_int_equal(f->done.seq, 1);
	assert_true(fx_clean(f));
	free(path);
}

static void test_withdraw_the_focus_obstacle(void **state)
{
	struct fixture *f = *state;
	struct kata_withdrawn w;
	struct kata_storyboard *sb;
	char id[KATA_ID_LEN + 1];

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", id, &fx_alice, &f->err), 0);
	assert_int_equal(kata_withdraw(&w, f->repo, "alice", id, "a typo", &fx_alice, &f->err), 0);
	assert_int_equal(w.kind, KATA_KIND_OBSTACLE);
	assert_true(w.was_focus);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->obstacles.n, 0);
	assert_null(kata_storyboard_focus(sb));
	assert_null(kata_node_get(sb->target->node, "focus"));
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

static void test_withdraw_a_measure(void **state)
{
	struct fixture *f = *state;
	struct kata_measure_opts first = { "changeover", "21", NULL, false };
	struct kata_measure_opts typo = { "changeover", "210", NULL, false };
	struct kata_withdrawn w;
	struct kata_storyboard *sb;
	char id[KATA_ID_LEN + 1];

	assert_int_equal(kata_measure_add(&f->done, f->repo, "alice", &first, &fx_alice, &f->err), 0);
	assert_int_equal(kata_measure_add(&f->done, f->repo, "alice", &typo, &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	assert_int_equal(kata_withdraw(&w, f->repo, "alice", id, "210 was a typo for 21",
				       &fx_alice, &f->err), 0);
	assert_int_equal(w.kind, KATA_KIND_MEASURE);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->measures.n, 1);
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "value"), "21");
	kata_storyboard_free(sb);
}

static void test_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	struct kata_withdrawn w;
	struct kata_storyboard *sb;
	char before[GIT_OID_HEXSZ + 1], o[KATA_ID_LEN + 1], target[KATA_ID_LEN + 1];

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(o, f->done.id, sizeof(o));
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", o, &fx_alice, &f->err), 0);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	sb = fx_storyboard(f, "alice");
	memcpy(target, sb->target->id, sizeof(target));
	kata_storyboard_free(sb);
	fx_head(f, before);

	/* a step works on the obstacle */
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", o, "r", &fx_alice, &f->err),
			KATA_EPRACTICE, "step #1 (");
	/* no reason */
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", o, "", &fx_alice, &f->err),
			KATA_EINVALID, "reason");
	/* the target is ended, not withdrawn */
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", target, "r", &fx_alice, &f->err),
			KATA_EPRACTICE, "kata target abandon");
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", "zzzz", "r", &fx_alice, &f->err),
			KATA_ENOTFOUND, "no record 'zzzz' in alice's target condition");
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", "no such", "r", &fx_alice,
					 &f->err),
			KATA_EINVALID, "invalid record ID 'no such'");
	fx_assert_head(f, before);
}

static void test_ambiguous_across_kinds(void **state)
{
	struct fixture *f = *state;
	struct kata_withdrawn w;
	char *p1 = fx_store_obstacle(f, 1, "abc0000001", "open");
	char *p2 = fx_store_record(f, KATA_KIND_MEASURE, 1, "abc0000002",
				   "metric: changeover\nvalue: 3\nat: '2026-11-21T09:00:00Z'\n");

	free(p1);
	free(p2);
	fx_assert_error(f, kata_withdraw(&w, f->repo, "alice", "abc", "r", &fx_alice, &f->err),
			KATA_EAMBIGUOUS, "ID 'abc' is ambiguous: obstacle abc0000001, measure abc0000002");
	assert_int_equal(kata_withdraw(&w, f->repo, "alice", "abc0000002", "r", &fx_alice,
				       &f->err), 0);
	assert_int_equal(w.kind, KATA_KIND_MEASURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_withdraw_the_open_step, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_the_focus_obstacle, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_a_measure, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous_across_kinds, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
