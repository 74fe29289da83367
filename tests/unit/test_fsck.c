#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/feedback.h"
#include "kata/fsck.h"
#include "kata/learner.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/str.h"
#include "kata/target.h"

/* kata_fsck: every kind of problem it reports, each with its place. */

#define MAX_PROBLEMS 32

struct problems {
	size_t n;
	struct {
		char *path, *message;
		unsigned line, col;
	} p[MAX_PROBLEMS];
};

static void collect(const struct kata_error *e, void *data)
{
	struct problems *ps = data;

	assert_true(ps->n < MAX_PROBLEMS);
	assert_non_null(e->path);
	assert_non_null(e->message);
	assert_true(e->code < 0);
	ps->p[ps->n].path = strdup(e->path);
	ps->p[ps->n].message = strdup(e->message);
	ps->p[ps->n].line = e->line;
	ps->p[ps->n].col = e->col;
	ps->n++;
}

static void problems_release(struct problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->p[i].path);
		free(ps->p[i].message);
	}
	ps->n = 0;
}

static void print_problems(const struct problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		fprintf(stderr, "  %s:%u:%u: %s\n", ps->p[i].path, ps->p[i].line, ps->p[i].col,
			ps->p[i].message);
}

/*
 * Runs fsck into ps; whether it reports n problems, as many as it counts.
 * If not, name says so on stderr, with what it reported.
 */
static bool fsck_reports(struct fixture *f, struct problems *ps, size_t n, const char *name)
{
	size_t counted = 99;
	int rc;

	problems_release(ps);
	rc = kata_fsck(&counted, f->repo, collect, ps, &f->err);
	if (rc == 0 && counted == ps->n && ps->n == n)
		return true;
	fprintf(stderr, "%s: fsck returned %d, counted %zu, reported %zu problems, not %zu\n", name,
		rc, counted, ps->n, n);
	print_problems(ps);
	kata_error_release(&f->err);
	return false;
}

/* Whether a problem at path:line:col saying says was reported; if not,
 * name says so on stderr. */
static bool reported(const struct problems *ps, const char *path, unsigned line, unsigned col,
		     const char *says, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].path, path) && ps->p[i].line == line && ps->p[i].col == col &&
		    strstr(ps->p[i].message, says))
			return true;
	fprintf(stderr, "%s: no problem %s:%u:%u: %s, only\n", name, path, line, col, says);
	print_problems(ps);
	return false;
}

#define fsck(f, ps, n) assert_true(fsck_reports((f), (ps), (n), __func__))
#define expect(ps, path, line, col, says) \
	assert_true(reported((ps), (path), (line), (col), (says), __func__))

/* The target's folder and ID, for paths and records written by hand. */
struct where {
	char dir[KATA_PATH_MAX];
	char id[16];
};

static void where(struct fixture *f, struct where *w)
{
	struct kata_storyboard *sb = fx_storyboard(f, "alice");

	snprintf(w->dir, sizeof(w->dir), "%s", sb->target_dir);
	memcpy(w->id, sb->target->id, sizeof(w->id));
	kata_storyboard_free(sb);
}

/* Every kind of record, made by the moves themselves: nothing to report. */
static void test_clean_repository_reports_nothing(void **state)
{
	static const char *const emails[] = { "bob@example.com" };
	struct kata_learner_opts bob = { "bob", "Bob Coach", emails, 1, NULL, NULL, NULL };
	static const struct kata_reflection last = { "h", "l" };
	struct kata_step_opts st = { "s", "e", NULL, "+1d" };
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fsck(f, &ps, 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &fx_alice, &f->err), 0);
	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, NULL, 0,
					   &fx_bob, &f->err), 0);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "B", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", f->done.id, NULL, &fx_alice,
					     &f->err), 0);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					   &f->err), 0);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &last,
					 &fx_alice, &f->err), 0);
	fsck(f, &ps, 0);
	assert_true(fx_clean(f));
}

/*
 * Problems made by hand, each in a repository of its own (FX_TARGET): the
 * files changed, then every problem fsck should report, and no other.
 *
 * A change puts text in place of from in the file at path, or writes the
 * whole file when from is NULL. In every string, {dir} stands for the
 * target's folder and {id} for its ID.
 */
struct change {
	const char *path, *from, *text;
};

struct problem {
	const char *path;
	unsigned line, col;
	const char *says;
};

static const struct fsck_case {
	const char *name;
	struct change change[4];
	size_t n;
	struct problem want[4];
} cases[] = {
	{ "a target record cut short",
	  { { "{dir}/target.yaml", NULL, "kind: target\nid: 0000000000\n" } },
	  1, { { "{dir}/target.yaml", 1, 1, "'learner' is missing" } } },
	{ "broken YAML and a broken field, each at its line and column",
	  { { "{dir}/steps/0001-a000000001.yaml", NULL,
	      "kind: step\nid: a000000001\nstep: [unclosed\n" },
	    { "{dir}/measures/0001-a000000002.yaml", NULL,
	      "kind: measure\nid: a000000002\ntarget: x\n" } },
	  2, { { "{dir}/steps/0001-a000000001.yaml", 4, 1, "" },
	       { "{dir}/measures/0001-a000000002.yaml", 3, 9, "'target' must be a record ID" } } },
	{ "an ID its file name does not hold",
	  { { "{dir}/obstacles/001-a000000001.yaml", NULL,
	      "kind: obstacle\nid: a000000002\ntarget: {id}\ntext: t\nstatus: open\n"
	      "created: '2026-11-20T09:00:00Z'\n" } },
	  1, { { "{dir}/obstacles/001-a000000001.yaml", 2, 5,
		 "'id' is 'a000000002' but its file name says 'a000000001'" } } },
	{ "a learner's ID its folder does not hold, beside the case before",
	  { { "{dir}/obstacles/001-a000000001.yaml", NULL,
	      "kind: obstacle\nid: a000000002\ntarget: {id}\ntext: t\nstatus: open\n"
	      "created: '2026-11-20T09:00:00Z'\n" },
	    { "learners/alice/learner.yaml", NULL, "kind: learner\nid: bob\n" } },
	  2, { { "{dir}/obstacles/001-a000000001.yaml", 2, 5,
		 "'id' is 'a000000002' but its file name says 'a000000001'" },
	       { "learners/alice/learner.yaml", 2, 5,
		 "'id' is 'bob' but its folder name says 'alice'" } } },
	{ "a target's ID its folder does not hold",
	  { { "{dir}/target.yaml", "id: {id}\n", "id: zzzz000000\n" } },
	  1, { { "{dir}/target.yaml", 2, 5,
		 "'id' is 'zzzz000000' but its folder name says '{id}'" } } },
	{ "a record in the folder of another target",
	  { { "{dir}/obstacles/001-a000000001.yaml", NULL,
	      "kind: obstacle\nid: a000000001\ntarget: zzzz000000\ntext: t\nstatus: open\n"
	      "created: '2026-11-20T09:00:00Z'\n" } },
	  1, { { "{dir}/obstacles/001-a000000001.yaml", 3, 9,
		 "'target' is 'zzzz000000' but it lies in the folder of target '{id}'" } } },
	{ "a target in the folder of another learner",
	  { { "{dir}/target.yaml", "learner: alice", "learner: bobby" } },
	  1, { { "{dir}/target.yaml", 3, 10,
		 "'learner' is 'bobby' but it lies in the folder of learner 'alice'" } } },
	{ "an open step before a later one",
	  { { "{dir}/steps/0001-a000000001.yaml", NULL,
	      "kind: step\nid: a000000001\ntarget: {id}\nstep: s\nexpect: e\nstatus: open\n"
	      "planned: '2026-11-20T09:00:00Z'\n" },
	    { "{dir}/steps/0002-a000000002.yaml", NULL,
	      "kind: step\nid: a000000002\ntarget: {id}\nstep: s\nexpect: e\nstatus: open\n"
	      "planned: '2026-11-20T10:00:00Z'\n" } },
	  1, { { "{dir}/steps/0001-a000000001.yaml", 6, 9,
		 "step is open but a later step was planned: reflect on it" } } },
	{ "an open step under an ended target",
	  { { "{dir}/target.yaml", "status: active", "status: abandoned" },
	    { "{dir}/steps/0001-a000000001.yaml", NULL,
	      "kind: step\nid: a000000001\ntarget: {id}\nstep: s\nexpect: e\nstatus: open\n"
	      "planned: '2026-11-20T09:00:00Z'\n" } },
	  1, { { "{dir}/steps/0001-a000000001.yaml", 6, 9,
		 "step is open but its target condition has ended" } } },
	{ "two active targets: a newer one made by hand beside it",
	  { { "learners/alice/002-zzzz000000/target.yaml", NULL,
	      "kind: target\nid: zzzz000000\nlearner: alice\nchallenge: c\ncondition: c\n"
	      "achieve_by: '2026-12-19'\nstatus: active\nstarted: '2026-11-21T10:00:00Z'\n" } },
	  1, { { "{dir}/target.yaml", 12, 9,
		 "target is active but a later target was started" } } },
	{ "a focus not in the parking lot",
	  { { "{dir}/target.yaml", "started: ", "focus: zzzz000000\nstarted: " } },
	  1, { { "{dir}/target.yaml", 13, 8,
		 "focus 'zzzz000000' is not in this target's parking lot" } } },
	{ "coaches who are not learners here",
	  { { "learners/alice/learner.yaml", NULL,
	      "kind: learner\nid: alice\ncoach: zed\nsecond_coach: yves\n" } },
	  2, { { "learners/alice/learner.yaml", 3, 8, "coach 'zed' is not a learner here" },
	       { "learners/alice/learner.yaml", 4, 15,
		 "second_coach 'yves' is not a learner here" } } },
	{ "stray files",
	  { { "learners/alice/notes.txt", NULL, "x: y\n" },
	    { "{dir}/README", NULL, "x: y\n" },
	    { "{dir}/steps/notes.yaml", NULL, "x: y\n" },
	    { "{dir}/obstacles/1-not-an-id.yaml", NULL, "x: y\n" } },
	  4, { { "learners/alice/notes.txt", 0, 0,
		 "unexpected file: records are named <number>-<id>.yaml" },
	       { "{dir}/README", 0, 0, "unexpected file: records are named <number>-<id>.yaml" },
	       { "{dir}/steps/notes.yaml", 0, 0,
		 "unexpected file: records are named <number>-<id>.yaml" },
	       { "{dir}/obstacles/1-not-an-id.yaml", 0, 0,
		 "unexpected file: records are named <number>-<id>.yaml" } } },
	{ "a learner folder of an invalid name",
	  { { "learners/Bad Name/learner.yaml", NULL, "kind: learner\nid: bad\n" } },
	  1, { { "learners/Bad Name", 0, 0, "'Bad Name' is not a valid learner ID" } } },
	{ "a learner folder with no learner record in it",
	  { { "learners/ghost/001-a000000001/target.yaml", NULL, "kind: target\n" } },
	  2, { { "learners/ghost/learner.yaml", 0, 0,
		 "missing: every learner's folder holds a learner.yaml" },
	       { "learners/ghost/001-a000000001/target.yaml", 1, 1, "'id' is missing" } } },
	{ "a newer format",
	  { { "kata.yaml", NULL, "kind: repository\nformat: 2\nteam: Line 2\n" } },
	  1, { { "kata.yaml", 2, 9,
		 "format 2 is newer than this kata understands (1); upgrade kata" } } },
	{ "a format that is no number",
	  { { "kata.yaml", NULL, "kind: repository\nformat: one\n" } },
	  1, { { "kata.yaml", 2, 9, "'format' must be a whole number" } } },
	{ "an admin who is no learner here, by ID (an email may be anyone's)",
	  { { "kata.yaml", NULL,
	      "kind: repository\nformat: 1\nadmins:\n- alice\n- zed\n- root@example.com\n" } },
	  1, { { "kata.yaml", 5, 3,
		 "admin 'zed' is not a learner here; name a learner ID or an email" } } },
	{ "an admin named by neither a learner ID nor an email",
	  { { "kata.yaml", NULL, "kind: repository\nformat: 1\nadmins:\n- Big Boss\n" } },
	  1, { { "kata.yaml", 4, 3,
		 "'admins' must name each person by a learner ID or an email" } } },
	{ "admins that are no list",
	  { { "kata.yaml", NULL, "kind: repository\nformat: 1\nadmins: alice\n" } },
	  1, { { "kata.yaml", 3, 9, "'admins' must be a list of learner IDs or emails" } } },
	{ "each problem reported, not only the first",
	  { { "kata.yaml", NULL, "kind: repository\nformat: 2\n" },
	    { "learners/alice/learner.yaml", NULL, "kind: learner\nid: alice\ncoach: zed\n" },
	    { "learners/Bad/x", NULL, "x\n" },
	    { "learners/alice/stray", NULL, "x\n" } },
	  4, { { NULL } } },
};

/* s with {dir} and {id} put in; malloc'd. */
static char *fill(const struct where *w, const char *s)
{
	char *out = strdup(s), *at, *next;

	assert_non_null(out);
	while ((at = strstr(out, "{dir}")) || (at = strstr(out, "{id}"))) {
		bool dir = at[1] == 'd';

		next = kata_str_newf("%.*s%s%s", (int)(at - out), out, dir ? w->dir : w->id,
				     at + (dir ? 5 : 4));
		assert_non_null(next);
		free(out);
		out = next;
	}
	return out;
}

/* Makes a change by hand; whether what it replaces was there. */
static bool change(struct fixture *f, const struct where *w, const struct change *c)
{
	char *path = fill(w, c->path), *text = fill(w, c->text), *from = NULL, *old = NULL, *at;
	bool ok = true;

	if (c->from) {
		from = fill(w, c->from);
		old = fx_read(f, path, NULL);
		if (!old || !(at = strstr(old, from))) {
			ok = false;
		} else {
			char *edited = kata_str_newf("%.*s%s%s", (int)(at - old), old, text,
						     at + strlen(from));

			fx_write(f, path, edited);
			free(edited);
		}
	} else {
		fx_write(f, path, text);
	}
	free(old);
	free(from);
	free(text);
	free(path);
	return ok;
}

/* Whether fsck reports what the case says; if not, says why on stderr. */
static bool case_reported(const struct fsck_case *c)
{
	struct fixture *f = fx_new(FX_TARGET);
	struct problems ps = { 0 };
	struct where w;
	bool ok = true;
	size_t i;

	where(f, &w);
	for (i = 0; i < sizeof(c->change) / sizeof(c->change[0]) && c->change[i].path; i++)
		if (!change(f, &w, &c->change[i])) {
			fprintf(stderr, "%s: '%s' is not in %s\n", c->name, c->change[i].from,
				c->change[i].path);
			ok = false;
		}
	ok = fsck_reports(f, &ps, c->n, c->name) && ok;
	for (i = 0; i < sizeof(c->want) / sizeof(c->want[0]) && c->want[i].path; i++) {
		char *path = fill(&w, c->want[i].path), *says = fill(&w, c->want[i].says);

		ok = reported(&ps, path, c->want[i].line, c->want[i].col, says, c->name) && ok;
		free(says);
		free(path);
	}
	problems_release(&ps);
	fx_free(f);
	return ok;
}

static void test_problems_made_by_hand(void **state)
{
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		wrong += !case_reported(&cases[i]);
	assert_int_equal(wrong, 0);
}

static void test_step_naming_an_obstacle_not_in_the_parking_lot(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };
	struct problems ps = { 0 };
	struct kata_storyboard *sb;
	char *text, *edited, *at_obstacle;
	size_t len;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	st.obstacle = f->done.id;
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	fsck(f, &ps, 0);
	sb = fx_storyboard(f, "alice");
	text = fx_read(f, sb->steps.rec[0].path, NULL);
	edited = strdup(text);
	at_obstacle = strstr(edited, "obstacle: ") + 10;
	len = strlen("zzzz000000");
	memcpy(at_obstacle, "zzzz000000", len);
	fx_write(f, sb->steps.rec[0].path, edited);
	fsck(f, &ps, 1);
	expect(&ps, sb->steps.rec[0].path, 4, 11,
	       "obstacle 'zzzz000000' is not in this target's parking lot");
	problems_release(&ps);
	kata_storyboard_free(sb);
	free(edited);
	free(text);
}

static void test_focus_on_a_closed_obstacle(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct kata_storyboard *sb;
	char *text;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", f->done.id, &fx_alice,
					     &f->err), 0);
	fsck(f, &ps, 0);
	sb = fx_storyboard(f, "alice");
	text = kata_str_newf("kind: obstacle\nid: %s\ntarget: %s\ntext: A\nstatus: closed\n"
			     "created: '2026-11-21T09:00:00Z'\n", sb->obstacles.rec[0].id,
			     sb->target->id);
	fx_write(f, sb->obstacles.rec[0].path, text);
	fsck(f, &ps, 1);
	{
		char *want = kata_str_newf("focus '%s' is a closed obstacle", sb->obstacles.rec[0].id);

		expect(&ps, sb->target->path, 13, 8, want);
		free(want);
	}
	problems_release(&ps);
	kata_storyboard_free(sb);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_repository_reports_nothing, fx_setup,
						fx_teardown),
		cmocka_unit_test(test_problems_made_by_hand),
		cmocka_unit_test_setup_teardown(test_step_naming_an_obstacle_not_in_the_parking_lot,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus_on_a_closed_obstacle, fx_setup,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
