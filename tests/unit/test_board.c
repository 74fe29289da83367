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
#include "kata/board.h"
#include "kata/when.h"

/*
 * kata_board_load on a team written by hand, the clock at Saturday
 * 2026-11-21 09:00 UTC unless a test moves it:
 *
 *   alice  coach bob    steps on 11-19 and 11-20 (open, go and see 11-21
 *                       10:00), cycles by bob on 11-18 and 11-20, carol's
 *                       feedback on the second (5 + 7 minutes); no flag
 *   erin   coach bob    achieve-by 11-20, one step of 11-05 (go and see
 *                       11-06), no cycle: every flag
 *   bob    coach carol  started 11-16 (Monday), no step, no cycle
 *   frank  coach carol  started 11-19, achieve-by 11-20, no step
 *   carol, dave         no target condition (dave coached by bob)
 *
 * Files that must never be read are broken: a step of alice's earlier
 * target, and erin's first step, older than the last 7 days.
 */

#define ALICE "learners/alice/002-t00000000a"
#define ERIN "learners/erin/001-t00000000e"

static const char broken[] = "kind: [\n";

#define LEARNER(id, name, coach) \
	"kind: learner\nid: " id "\nname: " name "\nemails:\n- " id "@example.com\n" coach

#define TARGET(id, learner, by, started, focus) \
	"kind: target\nid: " id "\nlearner: " learner "\nchallenge: c\ncondition: " \
	"cond of " learner "\nachieve_by: '" by "'\nstatus: active\n" focus \
	"started: '" started "'\n"

static const char step_a2[] =
	"kind: step\nid: s00000000b\ntarget: t00000000a\nstep: two\nexpect: e\nstatus: done\n"
	"planned: '2026-11-19T09:00:00Z'\nhappened: h\nlearned: l\ndone: '2026-11-19T15:00:00Z'\n";
static const char step_a3[] =
	"kind: step\nid: s00000000c\ntarget: t00000000a\nstep: three\nexpect: e\n"
	"see_by: '2026-11-21T10:00:00Z'\nstatus: open\nplanned: '2026-11-20T09:00:00Z'\n";
static const char step_a1[] =
	"kind: step\nid: s00000000a\ntarget: t00000000a\nstep: one\nexpect: e\nstatus: done\n"
	"planned: '2026-11-10T09:00:00Z'\nhappened: h\nlearned: l\ndone: '2026-11-11T09:00:00Z'\n";
static const char step_e2[] =
	"kind: step\nid: s00000000e\ntarget: t00000000e\nstep: old\nexpect: e\n"
	"see_by: '2026-11-06'\nstatus: open\nplanned: '2026-11-05T09:00:00Z'\n";
static const char obstacle_a[] =
	"kind: obstacle\nid: b000000001\ntarget: t00000000a\ntext: tools far away\nstatus: open\n"
	"created: '2026-11-02T09:00:00Z'\n";

#define CYCLE(id, at) \
	"kind: coaching\nid: " id "\ntarget: t00000000a\nlearner: alice\ncoach: Bob Coach\n" \
	"coach_email: bob@example.com\nat: '" at "'\nanswers:\n  target: t\n"

static const char feedback_a[] =
	"kind: feedback\nid: f000000001\ntarget: t00000000a\nlearner: alice\n"
	"coaching: c000000002\nobserver: Carol\nobserver_email: carol@example.com\n"
	"at: '2026-11-20T11:00:00Z'\nnote: n\nphases:\n- phase: 1\n  question: target\n"
	"  minutes: 5\n- phase: 2\n  question: actual\n  minutes: 7\n";

static int setup(void **state)
{
	struct fixture *f = fx_new(FX_INIT);

	fx_store(f, "a team by hand\n",
		 "learners/alice/learner.yaml", LEARNER("alice", "Alice", "coach: bob\n"),
		 "learners/erin/learner.yaml", LEARNER("erin", "Erin", "coach: bob\n"),
		 "learners/bob/learner.yaml", LEARNER("bob", "Bob Coach", "coach: carol\n"),
		 "learners/frank/learner.yaml", LEARNER("frank", "Frank", "coach: carol\n"),
		 "learners/carol/learner.yaml", LEARNER("carol", "Carol", ""),
		 "learners/dave/learner.yaml", LEARNER("dave", "Dave", "coach: bob\n"),
		 "learners/alice/001-t000000009/target.yaml",
		 "kind: target\nid: t000000009\nlearner: alice\nchallenge: c\ncondition: old\n"
		 "achieve_by: '2026-10-30'\nstatus: done\nstarted: '2026-10-01T09:00:00Z'\n",
		 "learners/alice/001-t000000009/steps/0001-s000000009.yaml", broken,
		 ALICE "/target.yaml",
		 TARGET("t00000000a", "alice", "2026-12-20", "2026-11-02T09:00:00Z",
			"focus: b000000001\n"),
		 ALICE "/obstacles/001-b000000001.yaml", obstacle_a,
		 ALICE "/steps/0001-s00000000a.yaml", step_a1,
		 ALICE "/steps/0002-s00000000b.yaml", step_a2,
		 ALICE "/steps/0003-s00000000c.yaml", step_a3,
		 ALICE "/coaching/0001-c000000001.yaml", CYCLE("c000000001", "2026-11-18T10:00:00Z"),
		 ALICE "/coaching/0002-c000000002.yaml", CYCLE("c000000002", "2026-11-20T10:00:00Z"),
		 ALICE "/feedback/0001-f000000001.yaml", feedback_a,
		 ERIN "/target.yaml",
		 TARGET("t00000000e", "erin", "2026-11-20", "2026-11-01T09:00:00Z", ""),
		 ERIN "/steps/0001-s00000000d.yaml", broken,
		 ERIN "/steps/0002-s00000000e.yaml", step_e2,
		 "learners/bob/001-t00000000b/target.yaml",
		 TARGET("t00000000b", "bob", "2027-01-15", "2026-11-16T09:00:00Z", ""),
		 "learners/frank/001-t00000000f/target.yaml",
		 TARGET("t00000000f", "frank", "2026-11-20", "2026-11-19T09:00:00Z", ""),
		 NULL);
	*state = f;
	return 0;
}

static struct kata_board *load_at(struct fixture *f, const char *now,
				  const struct kata_board_opts *opts)
{
	struct kata_board *b = NULL;
	struct kata_time t;

	assert_int_equal(kata_time_parse_rfc3339(&t, now, NULL), 0);
	kata_repo_set_now(f->repo, &t);
	if (kata_board_load(&b, f->repo, opts, &f->err) < 0)
		fail_msg("%s:%u:%u: %s", f->err.path ? f->err.path : "", f->err.line, f->err.col,
			 f->err.message);
	return b;
}

static const struct kata_board_row *row(const struct kata_board *b, const char *learner)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->rows[i].learner, learner))
			return &b->rows[i];
	fail_msg("no row of %s", learner);
	return NULL;
}

static unsigned flags_at(struct fixture *f, const char *learner, const char *now)
{
	struct kata_board *b = load_at(f, now, NULL);
	unsigned flags = row(b, learner)->flags;

	kata_board_free(b);
	return flags;
}

static void test_rows(void **state)
{
	struct fixture *f = *state;
	struct kata_board *b = load_at(f, "2026-11-21T09:00:00Z", NULL);
	const struct kata_board_row *a = row(b, "alice"), *e = row(b, "erin");

	assert_int_equal(b->n, 6);
	assert_true(a->active);
	assert_string_equal(a->coach, "bob");
	assert_int_equal(a->days_to_achieve_by, 29);
	/* step #1 was planned on 11-10: not in the last 7 days */
	assert_int_equal(a->steps_7d, 2);
	assert_int_equal(a->days_since_step, 1);
	assert_non_null(a->open_step);
	assert_string_equal(a->open_step->id, "s00000000c");
	assert_false(a->overdue);
	assert_non_null(a->focus);
	assert_string_equal(kata_node_str(a->focus->node, "text"), "tools far away");
	assert_string_equal(a->last_coaching_day, "2026-11-20");
	/* its coach_email is bob's */
	assert_string_equal(a->last_coach, "bob");
	assert_int_equal(a->workdays_since_coaching, 0);
	assert_int_equal(a->flags, 0);

	assert_int_equal(e->days_to_achieve_by, -1);
	assert_int_equal(e->steps_7d, 0);
	assert_int_equal(e->days_since_step, 16);
	assert_true(e->overdue);
	assert_null(e->focus);
	assert_null(e->last_coaching);
	assert_string_equal(e->last_coaching_day, "");
	assert_int_equal(e->flags, KATA_BOARD_NO_STEP_2D | KATA_BOARD_SEE_OVERDUE |
			 KATA_BOARD_PAST_ACHIEVE_BY | KATA_BOARD_NO_COACHING_3WD);
	assert_int_equal(e->n_flags, 4);

	/* no step yet: the days since the target started */
	assert_int_equal(row(b, "bob")->days_since_step, -1);
	assert_int_equal(row(b, "bob")->idle_days, 5);
	assert_false(row(b, "carol")->active);
	assert_int_equal(row(b, "carol")->flags, 0);
	kata_board_free(b);
}

static void test_sorted(void **state)
{
	struct fixture *f = *state;
	struct kata_board *b = load_at(f, "2026-11-21T09:00:00Z", NULL);
	static const char *const order[] = { "erin", "bob", "frank", "alice", "carol", "dave" };
	size_t i;

	assert_int_equal(b->n, 6);
	/* 4 flags; 2 flags and 5 idle days; 2 and 2; none; no target, by ID */
	for (i = 0; i < 6; i++)
		assert_string_equal(b->rows[i].learner, order[i]);
	kata_board_free(b);
}

static void test_no_step_2d(void **state)
{
	struct fixture *f = *state;

	/* alice's last step was planned on 11-20 */
	assert_false(flags_at(f, "alice", "2026-11-21T23:59:00Z") & KATA_BOARD_NO_STEP_2D);
	assert_true(flags_at(f, "alice", "2026-11-22T00:00:00Z") & KATA_BOARD_NO_STEP_2D);
	/* frank has none; his target started on 11-19 */
	assert_false(flags_at(f, "frank", "2026-11-20T23:00:00Z") & KATA_BOARD_NO_STEP_2D);
	assert_true(flags_at(f, "frank", "2026-11-21T00:00:00Z") & KATA_BOARD_NO_STEP_2D);
}

static void test_go_and_see_overdue(void **state)
{
	struct fixture *f = *state;

	/* see_by 2026-11-21T10:00:00Z */
	assert_false(flags_at(f, "alice", "2026-11-21T10:00:00Z") & KATA_BOARD_SEE_OVERDUE);
	assert_true(flags_at(f, "alice", "2026-11-21T10:01:00Z") & KATA_BOARD_SEE_OVERDUE);
}

static void test_past_achieve_by(void **state)
{
	struct fixture *f = *state;
	struct kata_board *b;

	/* frank's achieve-by is 2026-11-20: due that day, past the next */
	b = load_at(f, "2026-11-20T23:59:00Z", NULL);
	assert_int_equal(row(b, "frank")->days_to_achieve_by, 0);
	assert_false(row(b, "frank")->flags & KATA_BOARD_PAST_ACHIEVE_BY);
	kata_board_free(b);
	b = load_at(f, "2026-11-21T00:00:00Z", NULL);
	assert_int_equal(row(b, "frank")->days_to_achieve_by, -1);
	assert_true(row(b, "frank")->flags & KATA_BOARD_PAST_ACHIEVE_BY);
	kata_board_free(b);
}

static void test_no_coaching_3wd(void **state)
{
	struct fixture *f = *state;

	/* the last cycle on Friday 11-20; Monday to Friday: Mon, Tue, Wed */
	assert_false(flags_at(f, "alice", "2026-11-24T23:00:00Z") & KATA_BOARD_NO_COACHING_3WD);
	assert_true(flags_at(f, "alice", "2026-11-25T00:00:00Z") & KATA_BOARD_NO_COACHING_3WD);
	/* every day a working day: Sat, Sun, Mon */
	fx_store(f, "coaching every day\n", "kata.yaml",
		 "kind: repository\nformat: 1\nworking_days: [mon, tue, wed, thu, fri, sat, sun]\n",
		 NULL);
	assert_false(flags_at(f, "alice", "2026-11-22T23:00:00Z") & KATA_BOARD_NO_COACHING_3WD);
	assert_true(flags_at(f, "alice", "2026-11-23T00:00:00Z") & KATA_BOARD_NO_COACHING_3WD);
}

static void test_coach_filter(void **state)
{
	struct fixture *f = *state;
	const struct kata_board_opts opts = { "bob", false };
	const struct kata_board_opts nobody = { "zed", false };
	struct kata_board *b = load_at(f, "2026-11-21T09:00:00Z", &opts);

	assert_int_equal(b->n, 3);
	assert_string_equal(b->rows[0].learner, "erin");
	assert_string_equal(b->rows[1].learner, "alice");
	assert_string_equal(b->rows[2].learner, "dave");
	kata_board_free(b);
	fx_assert_error(f, kata_board_load(&b, f->repo, &nobody, &f->err), KATA_ENOTFOUND, "zed");
	assert_null(b);
}

static void test_coaches(void **state)
{
	struct fixture *f = *state;
	const struct kata_board_opts opts = { NULL, true };
	struct kata_board *b = load_at(f, "2026-11-21T09:00:00Z", &opts);
	const struct kata_board_coach *bob, *carol;

	assert_int_equal(b->n_coaches, 2);
	/* the larger shortfall first: 10 - 2 against 7 - 0 */
	bob = &b->coaches[0];
	carol = &b->coaches[1];
	assert_string_equal(bob->coach, "bob");
	assert_int_equal(bob->n_learners, 3);
	assert_string_equal(bob->learners[0], "alice");
	assert_string_equal(bob->learners[1], "dave");
	assert_string_equal(bob->learners[2], "erin");
	assert_int_equal(bob->cycles_7d, 2);
	/* alice and erin: Monday to Friday; dave has no target */
	assert_int_equal(bob->expected_7d, 10);
	assert_int_equal(bob->observations_7d, 1);
	assert_int_equal(bob->timed_7d, 1);
	assert_true(bob->minutes_7d > 11.9 && bob->minutes_7d < 12.1);
	assert_non_null(bob->own);
	assert_string_equal(bob->own->learner, "bob");
	assert_int_equal(bob->own->flags, KATA_BOARD_NO_STEP_2D | KATA_BOARD_NO_COACHING_3WD);

	assert_string_equal(carol->coach, "carol");
	assert_int_equal(carol->n_learners, 2);
	assert_int_equal(carol->cycles_7d, 0);
	/* bob from Monday 11-16: 5; frank from Thursday 11-19: 2 */
	assert_int_equal(carol->expected_7d, 7);
	assert_int_equal(carol->observations_7d, 0);
	assert_int_equal(carol->timed_7d, 0);
	assert_false(carol->own->active);
	kata_board_free(b);

	/* a week on, the cycles and the feedback are out of the window */
	b = load_at(f, "2026-11-27T09:00:00Z", &opts);
	assert_string_equal(b->coaches[0].coach, "bob");
	assert_int_equal(b->coaches[0].cycles_7d, 0);
	assert_int_equal(b->coaches[0].observations_7d, 0);
	kata_board_free(b);
	/* Tuesday: the window starts on Wednesday 11-18, the first cycle's day;
	 * carol's shortfall (9: bob 5, frank 4) is now the larger */
	b = load_at(f, "2026-11-24T09:00:00Z", &opts);
	assert_string_equal(b->coaches[0].coach, "carol");
	assert_int_equal(b->coaches[0].expected_7d, 9);
	assert_string_equal(b->coaches[1].coach, "bob");
	assert_int_equal(b->coaches[1].cycles_7d, 2);
	assert_int_equal(b->coaches[1].expected_7d, 10);
	kata_board_free(b);
	b = load_at(f, "2026-11-25T09:00:00Z", &opts);
	assert_int_equal(b->coaches[1].cycles_7d, 1);
	kata_board_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sorted, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_step_2d, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_go_and_see_overdue, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_past_achieve_by, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_coaching_3wd, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coach_filter, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coaches, setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
