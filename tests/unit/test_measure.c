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
#include "kata/measure.h"
#include "kata/str.h"
#include "kata/target.h"

/* kata_measure_add: a process-metric value, one record each. */

static int measure(struct fixture *f, const char *metric, const char *value, const char *at)
{
	struct kata_measure_opts mo = { metric, value, at, false };

	return kata_measure_add(&f->done, f->repo, "alice", &mo, &fx_alice, &f->err);
}

static void test_writes_the_measure(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char *path;

	assert_int_equal(measure(f, "changeover", "24", NULL), 0);
	fx_assert_done(f, NULL, 1);
	sb = fx_storyboard(f, "alice");
	path = kata_str_newf("%s/measures/0001-%s.yaml", sb->target_dir, f->done.id);
	fx_assert_file_at(f, "HEAD", path,
			  "kind: measure\nid: %s\ntarget: %s\nmetric: changeover\nvalue: 24\n"
			  "at: '2026-11-21T09:00:00Z'\n", f->done.id, sb->target->id);
	fx_assert_message(f, "alice: measure %.4s: changeover = 24\n\nKata-Learner: alice\n"
			  "Kata-Target: %s\nKata-Action: measure\nKata-Record: %s\n",
			  f->done.id, sb->target->id, f->done.id);
	free(path);
	kata_storyboard_free(sb);

	assert_int_equal(measure(f, "changeover", "22", NULL), 0);
	assert_int_equal(f->done.seq, 2);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->measures.n, 2);
	assert_int_equal(sb->measures.rec[1].number, 2);
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

/* The value is stored in the one form every YAML reader reads alike. */
static void test_value_is_canonical(void **state)
{
	static const struct { const char *in, *stored; } cases[] = {
		{ "010", "10" }, { "1e5", "100000" }, { "1e20", "1.0e+20" }, { "3.50", "3.50" },
		{ "+7", "7" }, { ".25", "0.25" }, { "1.5e-3", "0.0015" },
		{ "007.5", "7.5" },
	};
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (measure(f, "changeover", cases[i].in, NULL) < 0)
			fail_msg("value '%s': %s", cases[i].in, f->err.message);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->measures.n, sizeof(cases) / sizeof(*cases));
	for (i = 0; i < sb->measures.n; i++) {
		const struct kata_node *v = kata_node_get(sb->measures.rec[i].node, "value");

		if (strcmp(v->text, cases[i].stored))
			fail_msg("value '%s' stored as '%s', not '%s'", cases[i].in, v->text,
				 cases[i].stored);
		assert_true(v->plain);
	}
	kata_storyboard_free(sb);
}

static void test_bad_values_write_nothing(void **state)
{
	static const char *const bad[] = { "1e", "x", "", "1,5", "0x1F", "1e400", "nan", "inf",
					   "--1", "1.2.3", "e5" };
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1], want[64];
	size_t i;

	fx_head(f, before);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(want, sizeof(want), "invalid value '%s'", bad[i]);
		fx_assert_error(f, measure(f, "changeover", bad[i],
						    NULL),
				KATA_EINVALID, want);
	}
	fx_assert_error(f, measure(f, "changeover", NULL, NULL),
			KATA_EINVALID, "invalid value");
	fx_assert_error(f, measure(f, "", "1", NULL),
			KATA_EINVALID, "metric name must not be empty");
	fx_assert_error(f, measure(f, "changeover", "1", "soon"),
			KATA_EINVALID, "invalid date 'soon'");
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
}

/* at: a WHEN, always stored as a time. */
static void test_at_when(void **state)
{
	static const struct { const char *at, *stored; } cases[] = {
		{ NULL, "2026-11-21T09:00:00Z" },
		{ "yesterday 14:00", "2026-11-20T14:00:00Z" },
		{ "-2d", "2026-11-19T00:00:00Z" },
		{ "-3h", "2026-11-21T06:00:00Z" },
		{ "2026-11-20T08:15+01:00", "2026-11-20T08:15:00+01:00" },
	};
	struct fixture *f = *state;
	struct kata_node *rec;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct kata_storyboard *sb;

		if (measure(f, "changeover", "5", cases[i].at) < 0)
			fail_msg("at '%s': %s", cases[i].at, f->err.message);
		sb = fx_storyboard(f, "alice");
		/* the record just made, whichever place its time gives it */
		{
			size_t k;

			for (k = 0; k < sb->measures.n && strcmp(sb->measures.rec[k].id, f->done.id);
			     k++)
				;
			assert_true(k < sb->measures.n);
			rec = fx_load(f, sb->measures.rec[k].path);
		}
		if (strcmp(kata_node_str(rec, "at"), cases[i].stored))
			fail_msg("at '%s' stored as '%s', not '%s'", cases[i].at ? cases[i].at : "(now)",
				 kata_node_str(rec, "at"), cases[i].stored);
		kata_node_free(rec);
		kata_storyboard_free(sb);
	}
}

static void test_measures_ordered_by_time(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;

	assert_int_equal(measure(f, "changeover", "20", NULL), 0);
	assert_int_equal(measure(f, "changeover", "25", "-2d"), 0);
	assert_int_equal(measure(f, "changeover", "x", NULL), KATA_EINVALID);
	kata_error_release(&f->err);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	assert_int_equal(sb->measures.n, 2);
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "value"), "25");
	assert_true(kata_node_get(sb->measures.rec[0].node, "value")->plain);
	/* ordered by time, each keeps the number it was made with */
	assert_int_equal(sb->measures.rec[0].number, 2);
	assert_int_equal(sb->measures.rec[1].number, 1);
	kata_storyboard_free(sb);
}

static void test_needs_an_active_target(void **state)
{
	struct fixture *f = *state;
	size_t n;

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_ABANDONED, NULL, NULL,
					 &fx_alice, &f->err), 0);
	n = fx_commits(f);
	fx_assert_error(f, measure(f, "changeover", "5", NULL),
			KATA_EPRACTICE, "alice has no active target condition");
	assert_int_equal(fx_commits(f), n);
}

static void test_needs_a_target_at_all(void **state)
{
	struct fixture *f = *state;
	struct kata_measure_opts mo = { "changeover", "5", NULL, false };
	size_t n = fx_commits(f);

	fx_assert_error(f, measure(f, "changeover", "5", NULL),
			KATA_EPRACTICE, "no active target condition");
	fx_assert_error(f, kata_measure_add(&f->done, f->repo, "nobody", &mo, &fx_alice, &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	assert_int_equal(fx_commits(f), n);
}

/* A typo does not start a second run chart: the target's metric, or one
 * measured in it on purpose. */
static void test_metric_is_the_targets(void **state)
{
	struct fixture *f = *state;
	struct kata_measure_opts mo = { "temperature", "21", NULL, true };
	struct kata_storyboard *sb;
	size_t n = fx_commits(f);

	fx_assert_error(f, measure(f, "chnageover", "24", NULL), KATA_EPRACTICE,
			"the target condition's metric is 'changeover', not 'chnageover'; to measure another on purpose, give --new-metric");
	assert_int_equal(fx_commits(f), n);
	/* another metric, named on purpose, then known */
	assert_int_equal(kata_measure_add(&f->done, f->repo, "alice", &mo, &fx_alice, &f->err), 0);
	assert_int_equal(measure(f, "temperature", "22", NULL), 0);
	/* and the closest of the known is named */
	fx_assert_error(f, measure(f, "temperatur", "24", NULL), KATA_EPRACTICE,
			"the target condition's metric is 'temperature', not 'temperatur'; to measure another on purpose, give --new-metric");
	assert_int_equal(measure(f, "changeover", "23", NULL), 0);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->measures.n, 3);
	kata_storyboard_free(sb);
}

static void test_future_is_refused(void **state)
{
	static const char *const future[] = { "tomorrow", "+1h", "2026-11-22", "today 23:00" };
	struct fixture *f = *state;
	size_t n = fx_commits(f), i;

	for (i = 0; i < sizeof(future) / sizeof(*future); i++) {
		assert_int_equal(measure(f, "changeover", "5", future[i]), KATA_EINVALID);
		if (!strstr(f->err.message, "is in the future"))
			fail_msg("%s: %s", future[i], f->err.message);
		kata_error_release(&f->err);
	}
	assert_int_equal(fx_commits(f), n);
	/* today (its beginning) and now are not */
	assert_int_equal(measure(f, "changeover", "5", "today"), 0);
	assert_int_equal(measure(f, "changeover", "5", "today 09:00"), 0);
}

/* A value with the metric's unit, or none; another unit is refused. */
static void test_value_with_unit(void **state)
{
	char n[KATA_NUMBER_MAX];
	struct kata_error err;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_measure_value(n, "21", "changeover", "min", "measure", &err), 0);
	assert_string_equal(n, "21");
	assert_int_equal(kata_measure_value(n, "21 min", "changeover", "min", "measure", &err), 0);
	assert_string_equal(n, "21");
	assert_int_equal(kata_measure_value(n, "21.50min", "changeover", "min", "measure", &err), 0);
	assert_string_equal(n, "21.50");
	assert_int_equal(kata_measure_value(n, "86 %", "fpy", "%", "value", &err), 0);
	assert_int_equal(kata_measure_value(n, "86%", "fpy", "%", "value", &err), 0);
	assert_int_equal(kata_measure_value(n, "21 h", "changeover", "min", "measure", &err),
			 KATA_EINVALID);
	assert_string_equal(err.message,
			    "invalid measure '21 h': changeover is measured in min, not 'h'");
	kata_error_release(&err);
	assert_int_equal(kata_measure_value(n, "21 min", "changeover", NULL, "measure", &err),
			 KATA_EINVALID);
	assert_non_null(strstr(err.message, "changeover has no unit"));
	kata_error_release(&err);
	/* not a number with a unit: the number's own message */
	assert_int_equal(kata_measure_value(n, "1e", "changeover", "e", "measure", &err),
			 KATA_EINVALID);
	assert_non_null(strstr(err.message, "invalid measure '1e': expected a number"));
	kata_error_release(&err);
	assert_int_equal(kata_measure_value(n, "min", "changeover", "min", "measure", &err),
			 KATA_EINVALID);
	kata_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_the_measure, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_value_is_canonical, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_write_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_at_when, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_metric_is_the_targets, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_future_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_measures_ordered_by_time, fx_setup, fx_teardown),
		cmocka_unit_test(test_value_with_unit),
		cmocka_unit_test_setup_teardown(test_needs_an_active_target, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_needs_a_target_at_all, fx_setup_learner,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
