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
#include "kata/step.h"
#include "kata/storyboard.h"
#include "kata/str.h"
#include "kata/target.h"

/* kata_target_start and kata_target_end: one active target at a time. */

static const struct kata_target_opts full = {
	"Ship every order the day it comes in", "Changeover under 10 minutes", "+28d",
	"25 minutes", "changeover", "min", "10", true, false };

static char *target_path(const char *id, unsigned n)
{
	char *p = kata_str_newf("learners/alice/%03u-%s/target.yaml", n, id);

	assert_non_null(p);
	return p;
}

static void test_start_writes_every_field(void **state)
{
	struct fixture *f = *state;
	char *path;

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &full, &fx_alice, &f->err), 0);
	fx_assert_done(f, NULL, 1);
	path = target_path(f->done.id, 1);
	fx_assert_file_at(f, "HEAD", path,
			  "kind: target\n"
			  "id: %s\n"
			  "learner: alice\n"
			  "challenge: Ship every order the day it comes in\n"
			  "condition: Changeover under 10 minutes\n"
			  "current: 25 minutes\n"
			  "achieve_by: '2026-12-19'\n"
			  "metric: changeover\n"
			  "unit: min\n"
			  "goal: 10\n"
			  "lower_is_better: true\n"
			  "status: active\n"
			  "started: '2026-11-21T09:00:00Z'\n", f->done.id);
	free(path);

	fx_assert_message(f, "alice: target %.4s started: Changeover under 10 minutes (by 2026-12-19)\n\n"
			  "Kata-Learner: alice\nKata-Target: %s\nKata-Action: target-start\n"
			  "Kata-Record: %s\n", f->done.id, f->done.id, f->done.id);
	assert_int_equal(fx_commits(f), 3);
	assert_true(fx_clean(f));
}

/* Without a metric there is no unit, goal or direction to write. */
static void test_start_without_a_metric(void **state)
{
	struct fixture *f = *state;
	struct kata_target_opts o = { "c", "t", "2026-12-01", NULL, NULL, NULL, NULL, true, false };
	struct kata_node *rec;
	char *path;

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err), 0);
	path = target_path(f->done.id, 1);
	rec = fx_load(f, path);
	assert_string_equal(kata_node_str(rec, "achieve_by"), "2026-12-01");
	assert_null(kata_node_get(rec, "current"));
	assert_null(kata_node_get(rec, "metric"));
	assert_null(kata_node_get(rec, "goal"));
	assert_null(kata_node_get(rec, "lower_is_better"));
	kata_node_free(rec);
	free(path);
}

/* The goal is stored as the number every YAML reader reads alike. */
static void test_goal_is_a_canonical_number(void **state)
{
	static const struct { const char *in, *stored; } cases[] = {
		{ "010", "10" }, { "1e3", "1000" }, { "+4", "4" }, { ".5", "0.5" },
		{ "2.", "2.0" }, { "-0.25", "-0.25" }, { "1e20", "1.0e+20" },
	};
	struct fixture *f = *state;
	struct kata_target_opts o = full;
	struct kata_node *rec;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *path;

		o.goal = cases[i].in;
		assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice,
						   &f->err), 0);
		path = target_path(f->done.id, (unsigned)i + 1);
		rec = fx_load(f, path);
		assert_string_equal(kata_node_str(rec, "goal"), cases[i].stored);
		assert_true(kata_node_get(rec, "goal")->plain);
		kata_node_free(rec);
		free(path);
		assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE,
						 NULL, NULL, &fx_alice, &f->err), 0);
	}
}

static void test_bad_options_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct kata_target_opts o = full;
	char before[GIT_OID_HEXSZ + 1];

	fx_head(f, before);
	o.goal = "ten";
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "invalid goal 'ten'");
	o.goal = "1e";
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "invalid goal '1e'");
	o = full;
	o.by = NULL;
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "achieve-by date (--by)");
	o.by = "soon";
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "invalid date 'soon'");
	o = full;
	o.challenge = "";
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "challenge must not be empty");
	o = full;
	o.condition = NULL;
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "target condition must not be empty");
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "nobody", &full, &fx_alice, &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
}

static void test_achieve_by_in_the_past_is_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_target_opts o = { "c", "t", "yesterday", NULL, NULL, NULL, NULL, false, false };
	struct kata_node *rec;
	size_t before;
	char *path;

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_ABANDONED, NULL, NULL,
					 &fx_alice, &f->err), 0);
	before = fx_commits(f);
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EINVALID, "achieve-by date 2026-11-20 is in the past");
	assert_int_equal(fx_commits(f), before);
	/* today is not past yet; a time on it is kept as the day */
	o.by = "today 08:00";
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err), 0);
	path = target_path(f->done.id, 2);
	rec = fx_load(f, path);
	assert_string_equal(kata_node_str(rec, "achieve_by"), "2026-11-21");
	kata_node_free(rec);
	free(path);
}

static void test_one_active_target(void **state)
{
	struct fixture *f = *state;
	struct kata_target_opts o = { "c", "another", "+10d", NULL, NULL, NULL, NULL, false, false };
	struct kata_storyboard *sb;
	char before[GIT_OID_HEXSZ + 1], first[16];
	size_t n = fx_commits(f);

	sb = fx_storyboard(f, "alice");
	memcpy(first, sb->target->id, sizeof(first));
	kata_storyboard_free(sb);
	fx_head(f, before);
	fx_assert_error(f, kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err),
			KATA_EPRACTICE, "end it first with 'kata target done' or 'kata target abandon'");
	fx_assert_head(f, before);
	assert_int_equal(fx_commits(f), n);

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, "reached", NULL,
					 &fx_alice, &f->err), 0);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err), 0);
	assert_int_equal(f->done.seq, 2);
	sb = fx_storyboard(f, "alice");
	assert_string_equal(sb->target->id, f->done.id);
	assert_int_equal(sb->target->number, 2);
	assert_string_equal(kata_node_str(sb->target->node, "status"), "active");
	kata_storyboard_free(sb);
	/* the old target stays where it was, ended */
	{
		char *path = target_path(first, 1);
		struct kata_node *rec = fx_load(f, path);

		assert_string_equal(kata_node_str(rec, "status"), "done");
		kata_node_free(rec);
		free(path);
	}
}

static void test_end_done_with_a_note(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	char id[16], *path;
	struct kata_node *rec;

	memcpy(id, sb->target->id, sizeof(id));
	kata_storyboard_free(sb);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE,
					 "9 minutes for a week", NULL, &fx_alice, &f->err), 0);
	assert_string_equal(f->done.id, id);
	assert_int_equal(f->done.seq, 1);
	path = target_path(id, 1);
	rec = fx_load(f, path);
	assert_string_equal(kata_node_str(rec, "status"), "done");
	assert_string_equal(kata_node_str(rec, "ended"), "2026-11-21T09:00:00Z");
	assert_string_equal(kata_node_str(rec, "note"), "9 minutes for a week");
	assert_string_equal(kata_node_str(rec, "condition"), "Changeover under 10 minutes");
	kata_node_free(rec);
	free(path);
	fx_assert_message(f, "alice: target %.4s reached\n\nKata-Learner: alice\nKata-Target: %s\n"
			  "Kata-Action: target-done\nKata-Record: %s\n", id, id, id);
	assert_true(fx_clean(f));
}

/* Abandoned, without a note; a key added by hand survives the rewrite. */
static void test_end_abandoned_keeps_hand_added_keys(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct kata_node *rec;
	char *text, *edited, *msg, *path = strdup(sb->target->path);

	kata_storyboard_free(sb);
	text = fx_read(f, path, NULL);
	edited = kata_str_newf("%sowner: line lead\n", text);
	fx_store(f, "hand edit\n", path, edited, NULL);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_ABANDONED, NULL, NULL,
					 &fx_alice, &f->err), 0);
	rec = fx_load(f, path);
	assert_string_equal(kata_node_str(rec, "status"), "abandoned");
	assert_null(kata_node_get(rec, "note"));
	assert_string_equal(kata_node_str(rec, "owner"), "line lead");
	kata_node_free(rec);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, " abandoned\n\n"));
	assert_non_null(strstr(msg, "Kata-Action: target-abandon\n"));
	free(msg);
	free(text);
	free(edited);
	free(path);
}

static void test_end_refused_without_an_active_target(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];

	fx_head(f, before);
	fx_assert_error(f, kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					   &fx_alice, &f->err),
			KATA_EPRACTICE, "alice has no active target condition; start one with 'kata start'");
	fx_assert_head(f, before);
}

static void test_end_twice_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n;

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);
	n = fx_commits(f);
	fx_assert_error(f, kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_ABANDONED, NULL, NULL,
					   &fx_alice, &f->err),
			KATA_EPRACTICE, "no active target condition");
	assert_int_equal(fx_commits(f), n);
}

/* An open step is refused, named, when the target ends without its reflection. */
static void test_end_with_an_open_step_needs_its_reflection(void **state)
{
	static const struct kata_step_opts st = { "Move the bin", "reach it", NULL, NULL };
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1], msg[200];
	unsigned long seq;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	seq = f->done.seq;
	snprintf(msg, sizeof(msg),
		 "step #%lu (%.4s) is still open; reflect on it as the target ends: kata target abandon --happened TEXT --learned TEXT",
		 seq, f->done.id);
	fx_head(f, before);
	fx_assert_error(f, kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_ABANDONED, NULL,
					   NULL, &fx_alice, &f->err),
			KATA_EPRACTICE, msg);
	fx_assert_head(f, before);
}

/* With the reflection, the step closes and the target ends in one commit. */
static void test_end_reflects_on_the_open_step_in_the_same_commit(void **state)
{
	static const struct kata_step_opts st = { "Move the bin", "reach it", NULL, NULL };
	static const struct kata_reflection last = { "reached it", "closer is quicker" };
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	const struct kata_rec *step;
	char step_id[16], *msg;
	size_t n;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	snprintf(step_id, sizeof(step_id), "%s", f->done.id);
	n = fx_commits(f);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &last,
					 &fx_alice, &f->err), 0);
	assert_int_equal(fx_commits(f), n + 1);
	sb = fx_storyboard(f, "alice");
	assert_string_equal(kata_node_str(sb->target->node, "status"), "done");
	step = kata_storyboard_last(&sb->steps);
	assert_string_equal(step->id, step_id);
	assert_string_equal(kata_node_str(step->node, "status"), "done");
	assert_string_equal(kata_node_str(step->node, "happened"), "reached it");
	assert_string_equal(kata_node_str(step->node, "learned"), "closer is quicker");
	assert_string_equal(kata_node_str(step->node, "done"), kata_node_str(sb->target->node, "ended"));
	kata_storyboard_free(sb);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, "reached; step "));
	assert_non_null(strstr(msg, "Kata-Action: target-done\n"));
	free(msg);
}

/* A reflection with no step open, or half of one, is refused. */
static void test_end_reflection_without_an_open_step_is_refused(void **state)
{
	static const struct kata_reflection last = { "reached it", "closer is quicker" };
	static const struct kata_reflection half = { "reached it", NULL };
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];

	fx_head(f, before);
	fx_assert_error(f, kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &last,
					   &fx_alice, &f->err),
			KATA_EPRACTICE,
			"no step is open to reflect on; end the target without --happened and --learned");
	fx_assert_error(f, kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &half,
					   &fx_alice, &f->err),
			KATA_EPRACTICE,
			"a reflection needs both what happened (--happened) and what was learned (--learned)");
	fx_assert_head(f, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_writes_every_field, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_start_without_a_metric, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_goal_is_a_canonical_number, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_options_write_nothing, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_achieve_by_in_the_past_is_refused, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_one_active_target, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_done_with_a_note, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_abandoned_keeps_hand_added_keys, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_refused_without_an_active_target,
						fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_twice_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_with_an_open_step_needs_its_reflection,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_reflects_on_the_open_step_in_the_same_commit,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_end_reflection_without_an_open_step_is_refused,
						fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
