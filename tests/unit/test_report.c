#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/report.h"

/*
 * kata_report_page_load (a storyboard page's run charts) and
 * kata_report_period_load (the learning report), on records written by
 * hand: an ended target and an active one, with steps, measures taken out
 * of order and a second metric.
 */

#define T1 "learners/alice/001-t000000001"
#define T2 "learners/alice/002-t000000002"

static const char target1[] =
	"kind: target\nid: t000000001\nlearner: alice\nchallenge: c\ncondition: first\n"
	"achieve_by: '2026-11-01'\nmetric: changeover\ngoal: 10\nlower_is_better: true\n"
	"status: done\nstarted: '2026-10-01T09:00:00Z'\nended: '2026-11-01T12:00:00Z'\n";
static const char step1_1[] =
	"kind: step\nid: s100000001\ntarget: t000000001\nstep: old\nexpect: e\nstatus: done\n"
	"planned: '2026-10-20T09:00:00Z'\nhappened: h\nlearned: old lesson\n"
	"done: '2026-10-30T09:00:00Z'\n";
static const char target2[] =
	"kind: target\nid: t000000002\nlearner: alice\nchallenge: c\ncondition: second\n"
	"achieve_by: '2026-12-19'\nmetric: changeover\nunit: min\ngoal: 10\n"
	"lower_is_better: true\nstatus: active\nstarted: '2026-11-01T13:00:00Z'\n";
static const char step2_1[] =
	"kind: step\nid: s200000001\ntarget: t000000002\nstep: one\nexpect: e\nstatus: done\n"
	"planned: '2026-11-02T09:00:00Z'\nhappened: h\nlearned: lesson one\n"
	"done: '2026-11-03T09:00:00Z'\n";
static const char step2_2[] =
	"kind: step\nid: s200000002\ntarget: t000000002\nstep: two\nexpect: e\nstatus: open\n"
	"planned: '2026-11-03T09:00:00Z'\n";
/* made in this order, taken at other times */
static const char measure1[] =
	"kind: measure\nid: m000000001\ntarget: t000000002\nmetric: changeover\nvalue: 20\n"
	"at: '2026-11-20T09:00:00Z'\n";
static const char measure2[] =
	"kind: measure\nid: m000000002\ntarget: t000000002\nmetric: changeover\nvalue: 25\n"
	"at: '2026-11-18T09:00:00Z'\n";
static const char measure3[] =
	"kind: measure\nid: m000000003\ntarget: t000000002\nmetric: scrap\nvalue: 3\n"
	"at: '2026-11-19T09:00:00Z'\n";
static const char measure4[] =
	"kind: measure\nid: m000000004\ntarget: t000000002\nmetric: changeover\nvalue: 22.5\n"
	"at: '2026-11-19T10:00:00+01:00'\n";

/* The commit names the old target in its trailers, as kata's own do. */
static void store(struct fixture *f, const char *message)
{
	fx_store(f, message,
		 T1 "/target.yaml", target1,
		 T1 "/steps/0001-s100000001.yaml", step1_1,
		 T2 "/target.yaml", target2,
		 T2 "/steps/0001-s200000001.yaml", step2_1,
		 T2 "/steps/0002-s200000002.yaml", step2_2,
		 T2 "/measures/0001-m000000001.yaml", measure1,
		 T2 "/measures/0002-m000000002.yaml", measure2,
		 T2 "/measures/0003-m000000003.yaml", measure3,
		 T2 "/measures/0004-m000000004.yaml", measure4,
		 NULL);
}

static int setup(void **state)
{
	struct fixture *f = fx_new(FX_LEARNER);

	store(f, "alice: target t000 reached\n\nKata-Learner: alice\nKata-Target: t000000001\n"
		 "Kata-Action: target-done\nKata-Record: t000000001\n");
	*state = f;
	return 0;
}

/* The same records, committed by hand: no commit names the old target. */
static int setup_by_hand(void **state)
{
	struct fixture *f = fx_new(FX_LEARNER);

	store(f, "records by hand\n");
	*state = f;
	return 0;
}

static struct kata_time day(const char *s)
{
	struct kata_time t;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_when_parse(&t, s, &fx_now, &err) < 0)
		fail_msg("%s", err.message);
	return t;
}

static void fail_err(struct fixture *f)
{
	fail_msg("%s:%u:%u: %s", f->err.path ? f->err.path : "", f->err.line, f->err.col,
		 f->err.message);
}

static void test_page_charts(void **state)
{
	struct fixture *f = *state;
	struct kata_page *pg = NULL;
	const struct kata_chart *c;

	if (kata_report_page_load(&pg, f->repo, "alice", &fx_now, &f->err) < 0)
		fail_err(f);
	assert_string_equal(pg->sb->target->id, "t000000002");
	assert_int_equal(pg->n_charts, 2);
	/* the target's metric first, its values in the order they were taken */
	c = &pg->charts[0];
	assert_string_equal(c->metric, "changeover");
	assert_string_equal(c->unit, "min");
	assert_string_equal(c->goal, "10");
	assert_true(c->goal_value == 10.0);
	assert_true(c->lower_is_better);
	assert_int_equal(c->n, 3);
	assert_true(c->points[0].value == 25.0);
	assert_true(c->points[1].value == 22.5);
	assert_true(c->points[2].value == 20.0);
	assert_string_equal(c->points[1].rec->id, "m000000004");
	assert_true(c->points[0].t < c->points[1].t && c->points[1].t < c->points[2].t);
	/* 2026-11-19T10:00:00+01:00 is 09:00 UTC */
	assert_int_equal(c->points[1].t - c->points[0].t, 24 * 3600);
	assert_true(c->has_start);
	assert_int_equal(c->start, day("2026-11-01T13:00:00Z").t);
	assert_true(c->has_by);
	assert_string_equal(c->by_day, "2026-12-19");
	assert_int_equal(c->by, day("2026-12-19").t);
	/* another metric: its own chart, without the target's goal or unit */
	c = &pg->charts[1];
	assert_string_equal(c->metric, "scrap");
	assert_null(c->goal);
	assert_null(c->unit);
	assert_int_equal(c->n, 1);
	assert_true(c->points[0].value == 3.0);
	kata_report_page_free(pg);
}

static void test_page_without_target(void **state)
{
	struct fixture *f = *state;
	struct kata_page *pg = NULL;

	if (kata_report_page_load(&pg, f->repo, "alice", &fx_now, &f->err) < 0)
		fail_err(f);
	assert_null(pg->sb->target);
	assert_int_equal(pg->n_charts, 0);
	kata_report_page_free(pg);
	assert_int_equal(kata_report_page_load(&pg, f->repo, "nobody", &fx_now, &f->err),
			 KATA_ENOTFOUND);
	assert_null(pg);
}

static struct kata_period *period(struct fixture *f, const char *since, const char *until)
{
	struct kata_time s = day(since), u = day(until);
	struct kata_period *p = NULL;

	if (kata_report_period_load(&p, f->repo, NULL, 0, &s, &u, &f->err) < 0)
		fail_err(f);
	return p;
}

/* The end of October: the old target reached, the new one begun. */
static void test_period_old_target_reached(void **state)
{
	struct fixture *f = *state;
	struct kata_period *p = period(f, "2026-10-25", "2026-11-02");
	const struct kata_period_learner *l;
	const struct kata_period_target *t;

	assert_int_equal(p->n_learners, 1);
	l = &p->learners[0];
	assert_string_equal(l->id, "alice");
	assert_int_equal(l->n_targets, 2);
	t = &l->targets[0];
	assert_string_equal(t->sb->target->id, "t000000001");
	assert_int_equal(t->outcome, KATA_PERIOD_REACHED);
	assert_int_equal(t->steps_planned, 0);
	assert_int_equal(t->steps_done, 1);
	assert_int_equal(t->n_lessons, 1);
	assert_string_equal(kata_node_str(t->lessons[0]->node, "learned"), "old lesson");
	assert_null(t->first);
	/* the day given as until runs to its end: step one planned on the 2nd */
	t = &l->targets[1];
	assert_string_equal(t->sb->target->id, "t000000002");
	assert_int_equal(t->outcome, KATA_PERIOD_ACTIVE);
	assert_int_equal(t->steps_planned, 1);
	assert_int_equal(t->steps_done, 0);
	assert_int_equal(l->reached, 1);
	assert_int_equal(p->reached, 1);
	assert_int_equal(p->abandoned, 0);
	assert_int_equal(p->n_lessons, 1);
	assert_ptr_equal(p->lessons[0].learner, l);
	assert_ptr_equal(p->lessons[0].target, &l->targets[0]);
	kata_report_period_free(p);
}

/* The metric's movement, by the values' own times, not as they were made. */
static void test_period_metric_movement(void **state)
{
	struct fixture *f = *state;
	struct kata_period *p = period(f, "2026-11-19", "2026-11-21T09:00:00Z");
	const struct kata_period_target *t;

	assert_int_equal(p->learners[0].n_targets, 1);
	t = &p->learners[0].targets[0];
	assert_string_equal(t->sb->target->id, "t000000002");
	assert_int_equal(t->values, 2);
	assert_string_equal(t->first->id, "m000000004");
	assert_string_equal(t->last->id, "m000000001");
	assert_false(t->met);
	assert_int_equal(t->steps_planned + t->steps_done + t->n_lessons, 0);
	kata_report_period_free(p);

	p = period(f, "2026-10-30", "2026-11-21");
	t = &p->learners[0].targets[1];
	assert_int_equal(t->values, 3);
	assert_string_equal(t->first->id, "m000000002");
	assert_int_equal(t->steps_planned, 2);
	assert_int_equal(t->steps_done, 1);
	assert_int_equal(p->n_lessons, 2);
	/* the team's lessons in time order */
	assert_string_equal(kata_node_str(p->lessons[0].step->node, "learned"), "old lesson");
	assert_string_equal(kata_node_str(p->lessons[1].step->node, "learned"), "lesson one");
	kata_report_period_free(p);
}

/* A target no commit of the period names, and not the newest, is not read. */
static void test_period_reads_the_targets_the_commits_name(void **state)
{
	struct fixture *f = *state;
	struct kata_period *p = period(f, "2026-10-25", "2026-11-02");

	assert_int_equal(p->learners[0].n_targets, 1);
	assert_string_equal(p->learners[0].targets[0].sb->target->id, "t000000002");
	kata_report_period_free(p);
}

static void test_period_bad_span_and_learners(void **state)
{
	struct fixture *f = *state;
	struct kata_time s = day("2026-11-10"), u = day("2026-11-09");
	const char *who[] = { "alice" }, *nobody[] = { "nobody" };
	struct kata_period *p = NULL;

	assert_int_equal(kata_report_period_load(&p, f->repo, NULL, 0, &s, &u, &f->err),
			 KATA_EINVALID);
	assert_null(p);
	kata_error_release(&f->err);
	/* a day until itself is the whole day */
	u = day("2026-11-10");
	if (kata_report_period_load(&p, f->repo, who, 1, &s, &u, &f->err) < 0)
		fail_err(f);
	assert_int_equal(p->n_learners, 1);
	kata_report_period_free(p);
	p = NULL;
	assert_int_equal(kata_report_period_load(&p, f->repo, nobody, 1, &s, &u, &f->err),
			 KATA_ENOTFOUND);
	assert_null(p);
	assert_string_equal(kata_report_outcome_name(KATA_PERIOD_ABANDONED), "abandoned");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_charts, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_page_without_target, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_period_old_target_reached, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_period_metric_movement, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_period_reads_the_targets_the_commits_name,
						setup_by_hand, fx_teardown),
		cmocka_unit_test_setup_teardown(test_period_bad_span_and_learners, setup,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
