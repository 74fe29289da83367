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

/* Runs fsck; asserts it reports n problems, as many as it counts. */
static void fsck(struct fixture *f, struct problems *ps, size_t n)
{
	size_t counted = 99, i;

	problems_release(ps);
	assert_int_equal(kata_fsck(&counted, f->repo, collect, ps, &f->err), 0);
	assert_int_equal(counted, ps->n);
	if (ps->n != n) {
		for (i = 0; i < ps->n; i++)
			print_message("# %s:%u:%u: %s\n", ps->p[i].path, ps->p[i].line, ps->p[i].col,
				      ps->p[i].message);
		fail_msg("%zu problems, not %zu", ps->n, n);
	}
}

/* Asserts a problem at path:line:col saying says was reported. */
static void expect(const struct problems *ps, const char *path, unsigned line, unsigned col,
		   const char *says)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].path, path) && ps->p[i].line == line && ps->p[i].col == col &&
		    strstr(ps->p[i].message, says))
			return;
	for (i = 0; i < ps->n; i++)
		print_message("# %s:%u:%u: %s\n", ps->p[i].path, ps->p[i].line, ps->p[i].col,
			      ps->p[i].message);
	fail_msg("no problem %s:%u:%u: %s", path, line, col, says);
}

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

static char *at(const struct where *w, const char *rest)
{
	char *p = kata_str_newf("%s/%s", w->dir, rest);

	assert_non_null(p);
	return p;
}

/* Every kind of record, made by the moves themselves: nothing to report. */
static void test_clean_repository_reports_nothing(void **state)
{
	static const char *const emails[] = { "bob@example.com" };
	struct kata_learner_opts bob = { "bob", "Bob Coach", emails, 1, NULL, NULL, NULL };
	struct kata_step_opts st = { "s", "e", NULL, "+1d" };
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fsck(f, &ps, 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &fx_alice, &f->err), 0);
	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, 0, &fx_bob,
					   &f->err), 0);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "B", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", f->done.id, NULL, &fx_alice,
					     &f->err), 0);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					   &f->err), 0);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL,
					 &fx_alice, &f->err), 0);
	fsck(f, &ps, 0);
	assert_true(fx_clean(f));
}

/* The test of test_practice.c: a target record cut short. */
static void test_broken_target(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	struct problems ps = { 0 };
	char *path;

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	path = strdup(sb->target->path);
	kata_storyboard_free(sb);
	fx_write(f, path, "kind: target\nid: 0000000000\n");
	fsck(f, &ps, 1);
	assert_non_null(strstr(ps.p[0].path, "target.yaml"));
	expect(&ps, path, 1, 1, "'learner' is missing");
	problems_release(&ps);
	free(path);
}

static void test_broken_yaml_with_line_and_col(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p1, *p2;

	where(f, &w);
	p1 = at(&w, "steps/0001-a000000001.yaml");
	p2 = at(&w, "measures/0001-a000000002.yaml");
	fx_write(f, p1, "kind: step\nid: a000000001\nstep: [unclosed\n");
	fx_write(f, p2, "kind: measure\nid: a000000002\ntarget: x\n");
	fsck(f, &ps, 2);
	assert_string_equal(ps.p[0].path, p1);
	assert_true(ps.p[0].line >= 3);
	assert_true(ps.p[0].col >= 1);
	expect(&ps, p2, 3, 9, "'target' must be a record ID");
	problems_release(&ps);
	free(p1);
	free(p2);
}

static void test_id_not_matching_its_file_name(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p, *text;

	where(f, &w);
	p = at(&w, "obstacles/001-a000000001.yaml");
	text = kata_str_newf("kind: obstacle\nid: a000000002\ntarget: %s\ntext: t\nstatus: open\n"
			     "created: '2026-11-20T09:00:00Z'\n", w.id);
	fx_write(f, p, text);
	fsck(f, &ps, 1);
	expect(&ps, p, 2, 5, "'id' is 'a000000002' but its file name says 'a000000001'");
	free(text);
	free(p);
	/* a target's and a learner's by their folders */
	fx_write(f, "learners/alice/learner.yaml", "kind: learner\nid: bob\n");
	problems_release(&ps);
	fsck(f, &ps, 2);
	expect(&ps, "learners/alice/learner.yaml", 2, 5,
	       "'id' is 'bob' but its folder name says 'alice'");
	problems_release(&ps);
}

static void test_target_id_not_matching_its_folder(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p, *text, *edited, *id_line;

	where(f, &w);
	p = at(&w, "target.yaml");
	text = fx_read(f, p, NULL);
	id_line = kata_str_newf("id: %s\n", w.id);
	edited = kata_str_newf("kind: target\nid: zzzz000000\n%s", strstr(text, id_line) + strlen(id_line));
	fx_write(f, p, edited);
	fsck(f, &ps, 1);
	{
		char *want = kata_str_newf("'id' is 'zzzz000000' but its folder name says '%s'", w.id);

		expect(&ps, p, 2, 5, want);
		free(want);
	}
	problems_release(&ps);
	free(id_line);
	free(edited);
	free(text);
	free(p);
}

static void test_record_in_the_wrong_target_folder(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p, *want;

	where(f, &w);
	p = at(&w, "obstacles/001-a000000001.yaml");
	fx_write(f, p, "kind: obstacle\nid: a000000001\ntarget: zzzz000000\ntext: t\nstatus: open\n"
		       "created: '2026-11-20T09:00:00Z'\n");
	fsck(f, &ps, 1);
	want = kata_str_newf("'target' is 'zzzz000000' but it lies in the folder of target '%s'", w.id);
	expect(&ps, p, 3, 9, want);
	free(want);
	free(p);
	problems_release(&ps);
}

static void test_target_in_another_learners_folder(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p, *text, *edited;

	where(f, &w);
	p = at(&w, "target.yaml");
	text = fx_read(f, p, NULL);
	edited = strdup(text);
	memcpy(strstr(edited, "learner: alice"), "learner: bobby", 14);
	fx_write(f, p, edited);
	fsck(f, &ps, 1);
	expect(&ps, p, 3, 10, "'learner' is 'bobby' but it lies in the folder of learner 'alice'");
	problems_release(&ps);
	free(edited);
	free(text);
	free(p);
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

static void test_open_step_before_a_later_one(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p1, *p2, *t1, *t2;

	where(f, &w);
	p1 = at(&w, "steps/0001-a000000001.yaml");
	p2 = at(&w, "steps/0002-a000000002.yaml");
	t1 = kata_str_newf("kind: step\nid: a000000001\ntarget: %s\nstep: s\nexpect: e\nstatus: open\n"
			   "planned: '2026-11-20T09:00:00Z'\n", w.id);
	t2 = kata_str_newf("kind: step\nid: a000000002\ntarget: %s\nstep: s\nexpect: e\nstatus: open\n"
			   "planned: '2026-11-20T10:00:00Z'\n", w.id);
	fx_write(f, p1, t1);
	fx_write(f, p2, t2);
	fsck(f, &ps, 1);
	expect(&ps, p1, 6, 9, "step is open but a later step was planned: reflect on it");
	problems_release(&ps);
	free(p1);
	free(p2);
	free(t1);
	free(t2);
}

static void test_two_active_targets(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *old, *text, *edited;

	where(f, &w);
	old = at(&w, "target.yaml");
	text = fx_read(f, old, NULL);
	/* a newer one, active too, made by hand beside it */
	edited = kata_str_newf("kind: target\nid: zzzz000000\n%s",
			       strstr(text, "learner: alice"));
	fx_write(f, "learners/alice/002-zzzz000000/target.yaml", edited);
	fsck(f, &ps, 1);
	expect(&ps, old, 12, 9, "target is active but a later target was started");
	problems_release(&ps);
	free(edited);
	free(text);
	free(old);
}

static void test_focus_not_in_the_parking_lot(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p, *text, *edited;

	where(f, &w);
	p = at(&w, "target.yaml");
	text = fx_read(f, p, NULL);
	edited = strdup(text);
	*strstr(edited, "started: ") = '\0';
	{
		char *full = kata_str_newf("%sfocus: zzzz000000\nstarted: '2026-11-21T09:00:00Z'\n",
					   edited);

		fx_write(f, p, full);
		free(full);
	}
	fsck(f, &ps, 1);
	expect(&ps, p, 13, 8, "focus 'zzzz000000' is not in this target's parking lot");
	problems_release(&ps);
	free(edited);
	free(text);
	free(p);
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

static void test_unknown_coach(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fx_write(f, "learners/alice/learner.yaml",
		 "kind: learner\nid: alice\ncoach: zed\nsecond_coach: yves\n");
	fsck(f, &ps, 2);
	expect(&ps, "learners/alice/learner.yaml", 3, 8, "coach 'zed' is not a learner here");
	expect(&ps, "learners/alice/learner.yaml", 4, 15, "second_coach 'yves' is not a learner here");
	problems_release(&ps);
}

static void test_stray_files(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };
	struct where w;
	char *p[4];
	size_t i;

	where(f, &w);
	p[0] = strdup("learners/alice/notes.txt");
	p[1] = at(&w, "README");
	p[2] = at(&w, "steps/notes.yaml");
	p[3] = at(&w, "obstacles/1-not-an-id.yaml");
	for (i = 0; i < 4; i++)
		fx_write(f, p[i], "x: y\n");
	fsck(f, &ps, 4);
	for (i = 0; i < 4; i++) {
		expect(&ps, p[i], 0, 0, "unexpected file: records are named <number>-<id>.yaml");
		free(p[i]);
	}
	problems_release(&ps);
}

static void test_invalid_learner_folder_name(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fx_write(f, "learners/Bad Name/learner.yaml", "kind: learner\nid: bad\n");
	fsck(f, &ps, 1);
	expect(&ps, "learners/Bad Name", 0, 0, "'Bad Name' is not a valid learner ID");
	problems_release(&ps);
}

/* A learner folder with no learner record in it. */
static void test_learner_without_a_record(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fx_write(f, "learners/ghost/001-a000000001/target.yaml", "kind: target\n");
	fsck(f, &ps, 2);
	expect(&ps, "learners/ghost/learner.yaml", 0, 0, "missing: every learner's folder holds a learner.yaml");
	expect(&ps, "learners/ghost/001-a000000001/target.yaml", 1, 1, "'id' is missing");
	problems_release(&ps);
}

static void test_a_newer_format(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fx_write(f, "kata.yaml", "kind: repository\nformat: 2\nteam: Line 2\n");
	fsck(f, &ps, 1);
	expect(&ps, "kata.yaml", 2, 9, "format 2 is newer than this kata understands (1); upgrade kata");
	problems_release(&ps);
	fx_write(f, "kata.yaml", "kind: repository\nformat: one\n");
	fsck(f, &ps, 1);
	expect(&ps, "kata.yaml", 2, 9, "'format' must be a whole number");
	problems_release(&ps);
}

/* Each problem is reported, not only the first. */
static void test_every_problem_is_reported(void **state)
{
	struct fixture *f = *state;
	struct problems ps = { 0 };

	fx_write(f, "kata.yaml", "kind: repository\nformat: 2\n");
	fx_write(f, "learners/alice/learner.yaml", "kind: learner\nid: alice\ncoach: zed\n");
	fx_write(f, "learners/Bad/x", "x\n");
	fx_write(f, "learners/alice/stray", "x\n");
	fsck(f, &ps, 4);
	problems_release(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_repository_reports_nothing, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_broken_target, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_broken_yaml_with_line_and_col, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_id_not_matching_its_file_name, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_target_id_not_matching_its_folder, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_record_in_the_wrong_target_folder, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_target_in_another_learners_folder, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_step_naming_an_obstacle_not_in_the_parking_lot,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_step_before_a_later_one, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_two_active_targets, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus_not_in_the_parking_lot, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus_on_a_closed_obstacle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_coach, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stray_files, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_learner_folder_name, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_learner_without_a_record, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_newer_format, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_every_problem_is_reported, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
