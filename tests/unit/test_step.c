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
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/str.h"
#include "kata/target.h"

/* Steps: one PDCA cycle at a time, planned with an expectation, then
 * reflected on. */

static void test_each_move_is_one_commit_with_trailers(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, "tomorrow 10:00" };
	size_t before = fx_commits(f);
	char *msg;

	assert_int_equal(before, 3);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "tools far away", &fx_alice,
					   &f->err), 0);
	assert_int_equal(fx_commits(f), before + 1);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	assert_int_equal(fx_commits(f), before + 2);
	assert_int_equal(f->done.seq, 1);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, "alice: step "));
	assert_non_null(strstr(msg, " planned: Move the cart\n\n"));
	assert_non_null(strstr(msg, "Kata-Learner: alice\n"));
	assert_non_null(strstr(msg, "Kata-Action: step-plan\n"));
	assert_non_null(strstr(msg, "Kata-Record: "));
	assert_non_null(strstr(msg, f->done.id));
	free(msg);
	assert_true(fx_clean(f));
}

static void test_plan_writes_the_step(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, "tomorrow 10:00" };
	struct kata_storyboard *sb;
	char *path;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	fx_assert_done(f, NULL, 1);
	sb = fx_storyboard(f, "alice");
	path = kata_str_newf("%s/steps/0001-%s.yaml", sb->target_dir, f->done.id);
	assert_string_equal(sb->steps.rec[0].path, path);
	/* no focus: the step names no obstacle */
	fx_assert_file_at(f, "HEAD", path,
			  "kind: step\nid: %s\ntarget: %s\nstep: Move the cart\n"
			  "expect: 20 minutes\nsee_by: '2026-11-22T10:00:00Z'\nstatus: open\n"
			  "planned: '2026-11-21T09:00:00Z'\n", f->done.id, sb->target->id);
	fx_assert_message(f, "alice: step %.4s planned: Move the cart\n\nKata-Learner: alice\n"
			  "Kata-Target: %s\nKata-Action: step-plan\nKata-Record: %s\n",
			  f->done.id, sb->target->id, f->done.id);
	free(path);
	kata_storyboard_free(sb);
}

static void test_expectation_is_required(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "first", "", NULL, NULL };
	char before[GIT_OID_HEXSZ + 1];

	fx_head(f, before);
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EPRACTICE, "expect");
	st.expect = NULL;
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EPRACTICE, "what do you expect? a step needs its expectation (--expect TEXT)");
	st.expect = "e";
	st.step = "";
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EINVALID, "step must not be empty");
	fx_assert_head(f, before);
}

static void test_plan_needs_an_active_target(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };
	size_t n;

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);
	n = fx_commits(f);
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EPRACTICE, "no active target condition");
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					     &f->err),
			KATA_EPRACTICE, "no active target condition");
	assert_int_equal(fx_commits(f), n);
}

static void test_step_waits_for_reflection(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "first", "something", NULL, NULL };
	struct kata_step_opts st2 = { "second", "more", NULL, NULL };
	char before_head[GIT_OID_HEXSZ + 1], after_head[GIT_OID_HEXSZ + 1];
	size_t before;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	before = fx_commits(f);
	fx_head(f, before_head);
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st2, &fx_alice, &f->err),
			KATA_EPRACTICE, "step #1");
	assert_int_equal(fx_commits(f), before);
	fx_head(f, after_head);
	assert_string_equal(before_head, after_head);
	/* a reflection needs both halves */
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", NULL, "x", "", &fx_alice,
					     &f->err),
			KATA_EPRACTICE, "both what happened (--happened) and what was learned (--learned)");
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", NULL, NULL, "y", &fx_alice,
					     &f->err),
			KATA_EPRACTICE, "both what happened");
	assert_int_equal(fx_commits(f), before);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "it worked", "it works",
					   &fx_alice, &f->err), 0);
	assert_int_equal(fx_commits(f), before + 1);
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", NULL, "again", "again",
					     &fx_alice, &f->err),
			KATA_EPRACTICE, "step #1 (");
	assert_int_equal(fx_commits(f), before + 1);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st2, &fx_alice, &f->err), 0);
	assert_int_equal(f->done.seq, 2);
}

static void test_step_defaults_to_focus_obstacle(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, "2026-11-23" };
	struct kata_storyboard *sb;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "B", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", f->done.id, &fx_alice,
					     &f->err), 0);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->steps.n, 1);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "obstacle"), sb->obstacles.rec[1].id);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "see_by"), "2026-11-23");
	assert_non_null(kata_storyboard_open_step(sb));
	kata_storyboard_free(sb);
	/* on the focus, with a go-and-see: nothing to warn of */
	assert_int_equal(f->done.n_warn, 0);
}

/* The step is made; what the practice says to look at comes back with it. */
static void test_plan_warns_of_no_focus_and_no_go_and_see(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	assert_int_equal(f->done.n_warn, 2);
	assert_non_null(strstr(f->done.warn[0], "works on no obstacle"));
	assert_non_null(strstr(f->done.warn[1], "no go-and-see"));
	assert_int_equal(fx_commits(f), 4);
}

static void test_obstacle_by_prefix(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", "abc1", NULL };
	struct kata_storyboard *sb;
	char before[GIT_OID_HEXSZ + 1];
	char *p1 = fx_store_obstacle(f, 1, "abc1000000", "open");
	char *p2 = fx_store_obstacle(f, 2, "abc2000000", "open");

	free(p1);
	free(p2);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", "abc2", &fx_alice,
					     &f->err), 0);
	fx_head(f, before);
	st.obstacle = "abc";
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EAMBIGUOUS, "obstacle ID 'abc' is ambiguous");
	st.obstacle = "zzz";
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_ENOTFOUND, "no obstacle 'zzz'");
	fx_assert_head(f, before);
	/* the one named wins over the focus */
	st.obstacle = "ABC1";
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	sb = fx_storyboard(f, "alice");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "obstacle"), "abc1000000");
	assert_string_equal(kata_storyboard_focus(sb)->id, "abc2000000");
	kata_storyboard_free(sb);
}

/* see_by is a WHEN, stored as the day or the time it names. */
static void test_see_by_formatted(void **state)
{
	static const struct { const char *when, *stored; } cases[] = {
		{ "tomorrow 10:00", "2026-11-22T10:00:00Z" },
		{ "2026-11-23", "2026-11-23" },
		{ "+2d", "2026-11-23" },
		{ "+3h", "2026-11-21T12:00:00Z" },
		{ "2026-11-25T14:30+01:00", "2026-11-25T14:30:00+01:00" },
	};
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };
	struct kata_storyboard *sb;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		st.see_by = cases[i].when;
		if (kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err) < 0)
			fail_msg("see_by '%s': %s", cases[i].when, f->err.message);
		assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l",
						   &fx_alice, &f->err), 0);
	}
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->steps.n, sizeof(cases) / sizeof(*cases));
	for (i = 0; i < sb->steps.n; i++)
		if (strcmp(kata_node_str(sb->steps.rec[i].node, "see_by"), cases[i].stored))
			fail_msg("see_by '%s' stored as '%s', not '%s'", cases[i].when,
				 kata_node_str(sb->steps.rec[i].node, "see_by"), cases[i].stored);
	kata_storyboard_free(sb);
	n = fx_commits(f);
	st.see_by = "soon";
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EINVALID, "invalid date 'soon'");
	st.see_by = "2026-02-30";
	fx_assert_error(f, kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err),
			KATA_EINVALID, "invalid date '2026-02-30'");
	assert_int_equal(fx_commits(f), n);
}

static void test_reflect_the_open_step(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	struct kata_node *rec;
	struct kata_storyboard *sb;
	char id[KATA_ID_LEN + 1];
	git_commit *c;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "21 minutes",
					   "the cart blocks the aisle", &fx_bob, &f->err), 0);
	assert_string_equal(f->done.id, id);
	assert_int_equal(f->done.seq, 1);
	sb = fx_storyboard(f, "alice");
	assert_null(kata_storyboard_open_step(sb));
	rec = fx_load(f, sb->steps.rec[0].path);
	assert_string_equal(kata_node_str(rec, "status"), "done");
	assert_string_equal(kata_node_str(rec, "happened"), "21 minutes");
	assert_string_equal(kata_node_str(rec, "learned"), "the cart blocks the aisle");
	assert_string_equal(kata_node_str(rec, "done"), "2026-11-21T09:00:00Z");
	assert_string_equal(kata_node_str(rec, "expect"), "20 minutes");
	kata_node_free(rec);
	fx_assert_message(f, "alice: step %.4s done: learned the cart blocks the aisle\n\n"
			  "Kata-Learner: alice\nKata-Target: %s\nKata-Action: step-done\n"
			  "Kata-Record: %s\n", id, sb->target->id, id);
	c = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(c)->name, "Bob Coach");
	git_commit_free(c);
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

static void test_reflect_by_id_prefix(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };
	char first[KATA_ID_LEN + 1], second[KATA_ID_LEN + 1], prefix[6];
	size_t n;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	memcpy(first, f->done.id, sizeof(first));
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					   &f->err), 0);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	memcpy(second, f->done.id, sizeof(second));
	n = fx_commits(f);
	snprintf(prefix, sizeof(prefix), "%.5s", first);
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", prefix, "h", "l",
					     &fx_alice, &f->err),
			KATA_EPRACTICE, "step #1 (");
	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", "zzzzz", "h", "l",
					     &fx_alice, &f->err),
			KATA_ENOTFOUND, "no step 'zzzzz'");
	assert_int_equal(fx_commits(f), n);
	snprintf(prefix, sizeof(prefix), "%.5s", second);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", prefix, "h2", "l2",
					   &fx_alice, &f->err), 0);
	assert_string_equal(f->done.id, second);
	assert_int_equal(f->done.seq, 2);
	assert_int_equal(fx_commits(f), n + 1);
}

static void test_reflect_without_a_step(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					     &f->err),
			KATA_EPRACTICE, "no step to reflect on");
	assert_int_equal(fx_commits(f), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_move_is_one_commit_with_trailers, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_plan_writes_the_step, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_expectation_is_required, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_plan_needs_an_active_target, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_step_waits_for_reflection, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_step_defaults_to_focus_obstacle, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_obstacle_by_prefix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_plan_warns_of_no_focus_and_no_go_and_see,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_see_by_formatted, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reflect_the_open_step, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reflect_by_id_prefix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reflect_without_a_step, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
