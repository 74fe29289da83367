#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "helpers.h"
#include "kata/fsck.h"
#include "kata/coach.h"
#include "kata/id.h"
#include "kata/repo.h"
#include "kata/feedback.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/target.h"
#include "kata/questions.h"
#include "kata/storyboard.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
	struct kata_done done;
};

static const struct kata_who who = { "Alice Example", "alice@example.com" };
static const struct kata_time now = { 1795251600, 0, true };	/* 2026-11-21T09:00Z */

static size_t commits(struct fixture *f)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t n = 0;

	assert_int_equal(git_revwalk_new(&walk, kata_repo_git(f->repo)), 0);
	if (git_revwalk_push_head(walk) == 0)
		while (git_revwalk_next(&oid, walk) == 0)
			n++;
	git_revwalk_free(walk);
	return n;
}

/* A repository with learner alice working on a target condition. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct kata_learner_opts lo = { "alice", "Alice Example", NULL, 0, NULL, NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", "25 minutes",
				      "changeover", "min", "10", true };
	const char *emails[] = { "alice@example.com" };

	assert_non_null(f);
	lo.emails = emails;
	lo.n_emails = 1;
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
	assert_int_equal(kata_init(&f->done, f->repo, "Line 2", &who, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &who, &f->err), 0);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &who, &f->err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kata_repo_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

struct seen {
	size_t n;
	char first[256];
};

static void collect(const struct kata_error *e, void *data)
{
	struct seen *s = data;

	if (!s->n++)
		snprintf(s->first, sizeof(s->first), "%s:%u:%u: %s", e->path, e->line, e->col,
			 e->message);
}

static void test_fsck(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	struct seen seen = { 0, "" };
	size_t problems = 99;
	char *path;
	size_t n;

	assert_int_equal(kata_fsck(&problems, f->repo, collect, &seen, &f->err), 0);
	assert_int_equal(problems, 0);

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	n = strlen(f->dir) + strlen(sb->target->path) + 2;
	path = malloc(n);
	snprintf(path, n, "%s/%s", f->dir, sb->target->path);
	kata_storyboard_free(sb);
	th_write_file(path, "kind: target\nid: 0000000000\n", 28);
	assert_int_equal(kata_fsck(&problems, f->repo, collect, &seen, &f->err), 0);
	assert_true(problems > 0);
	assert_non_null(strstr(seen.first, "target.yaml:"));
	free(path);
}

/* ---- the coaching cycle ---- */

static struct kata_questions *shipped_questions(void)
{
	struct kata_questions *qs = NULL;
	struct kata_error err;
	char path[4096];

	kata_error_init(&err);
	snprintf(path, sizeof(path), "%s/%s", getenv("KATA_DATADIR"), KATA_QUESTIONS_DEFAULT);
	assert_int_equal(kata_questions_load(&qs, path, "coaching-kata.yaml", &err), 0);
	return qs;
}

static int cycle(struct fixture *f, const char *yaml)
{
	static const struct kata_who coach = { "Bob Coach", "bob@example.com" };
	struct kata_questions *qs = shipped_questions();
	struct kata_node *answers = NULL;
	int rc;

	assert_int_equal(kata_yaml_parse(&answers, yaml, strlen(yaml), "answers.yaml", &f->err), 0);
	rc = kata_coach_cycle(&f->done, f->repo, "alice", qs, answers, "answers.yaml", &coach, &f->err);
	kata_node_free(answers);
	kata_questions_free(qs);
	return rc;
}

static const char first_cycle[] =
	"target: Changeover under 10 minutes\n"
	"actual: 25 minutes, tools searched for\n"
	"measure: 24\n"
	"obstacle: tools are not at the machine\n"
	"next_step:\n  step: Put the cart beside the press\n  expect: 20 minutes\n"
	"see_by: tomorrow 10:00\n"
	"note: good first cycle\n";

static void test_coach_first_cycle(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	size_t before = commits(f);
	const struct kata_node *c, *ans;
	git_object *obj = NULL;

	assert_int_equal(cycle(f, first_cycle), 0);
	assert_int_equal(commits(f), before + 1);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	/* the obstacle was added and put in focus, the step planned on it */
	assert_int_equal(sb->obstacles.n, 1);
	assert_non_null(kata_storyboard_focus(sb));
	assert_int_equal(sb->steps.n, 1);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "expect"), "20 minutes");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "see_by"), "2026-11-22T10:00:00Z");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "obstacle"), sb->obstacles.rec[0].id);
	assert_int_equal(sb->measures.n, 1);
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "value"), "24");
	/* the coaching record keeps every answer, in the questions' order */
	assert_int_equal(sb->coaching.n, 1);
	c = sb->coaching.rec[0].node;
	assert_string_equal(kata_node_str(c, "coach"), "Bob Coach");
	assert_string_equal(kata_node_str(c, "step_planned"), sb->steps.rec[0].id);
	assert_null(kata_node_str(c, "step_reflected"));
	ans = kata_node_get(c, "answers");
	assert_int_equal(ans->n, 7);
	assert_string_equal(ans->entries[0].key, "target");
	assert_string_equal(ans->entries[6].key, "note");
	kata_storyboard_free(sb);
	/* authored by the coach */
	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD"), 0);
	assert_string_equal(git_commit_author((git_commit *)obj)->email, "bob@example.com");
	assert_non_null(strstr(git_commit_message((git_commit *)obj), "Kata-Action: coach\n"));
	git_object_free(obj);
}

/* However the answers were written (quoted or not, from a file or the
 * terminal), the record keeps the measure a number and the rest text. */
static void test_coach_answers_kept_alike(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	const struct kata_node *ans;

	assert_int_equal(cycle(f, "target: t\nactual: 25\nmeasure: '030'\nobstacle: o\n"
				  "next_step:\n  step: s\n  expect: e\nsee_by: 2026-11-23\n"), 0);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	ans = kata_node_get(sb->coaching.rec[0].node, "answers");
	assert_true(kata_node_get(ans, "measure")->plain);
	assert_string_equal(kata_node_str(ans, "measure"), "30");
	assert_false(kata_node_get(ans, "see_by")->plain);
	assert_false(kata_node_get(ans, "actual")->plain);
	kata_storyboard_free(sb);
}

static void test_coach_second_cycle_reflects(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	char answers[1024], prefix[8];
	size_t before;

	assert_int_equal(cycle(f, first_cycle), 0);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	snprintf(prefix, sizeof(prefix), "%.5s", sb->obstacles.rec[0].id);
	kata_storyboard_free(sb);
	before = commits(f);
	/* the open step must be reflected on: nothing written without it */
	assert_int_equal(cycle(f, first_cycle), KATA_EINVALID);
	assert_non_null(strstr(f->err.message, "missing answer 'last_step'"));
	kata_error_release(&f->err);
	assert_int_equal(commits(f), before);

	snprintf(answers, sizeof(answers),
		 "target: t\nactual: a\n"
		 "last_step:\n  happened: 21 minutes\n  learned: the cart blocks the aisle\n"
		 "obstacle: %s\n"
		 "next_step:\n  step: Tape a place for the cart\n  expect: aisle free\n"
		 "see_by: +2d\n", prefix);
	assert_int_equal(cycle(f, answers), 0);
	assert_int_equal(commits(f), before + 1);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	assert_int_equal(sb->obstacles.n, 1);	/* the ID named the same obstacle */
	assert_int_equal(sb->steps.n, 2);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "status"), "done");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "learned"), "the cart blocks the aisle");
	assert_string_equal(kata_node_str(sb->steps.rec[1].node, "status"), "open");
	assert_string_equal(kata_node_str(sb->coaching.rec[1].node, "step_reflected"), sb->steps.rec[0].id);
	kata_storyboard_free(sb);
}

struct refused {
	const char *yaml;
	int code;
	unsigned line, col;
	const char *says;
};

static void test_coach_refusals(void **state)
{
	static const struct refused cases[] = {
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: soon\n",
		  KATA_EINVALID, 7, 9, "invalid date 'soon'" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\nmood: great\n",
		  KATA_EINVALID, 8, 1, "unknown answer 'mood'" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\nsee_by: +1d\n",
		  KATA_EINVALID, 5, 3, "missing answer 'next_step.expect'" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\n",
		  KATA_EINVALID, 1, 1, "missing answer 'see_by'" },
		{ "target: t\nactual: a\nlast_step:\n  happened: h\n  learned: l\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EPRACTICE, 3, 1, "no open step" },
		{ "target: t\nactual: a\nmeasure: many\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 3, 10, "expected a number" },
	};
	struct fixture *f = *state;
	size_t before = commits(f), i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(cycle(f, cases[i].yaml), cases[i].code);
		if (!f->err.path || strcmp(f->err.path, "answers.yaml") ||
		    f->err.line != cases[i].line || f->err.col != cases[i].col ||
		    !strstr(f->err.message, cases[i].says))
			fail_msg("case %zu: %s:%u:%u: %s", i, f->err.path, f->err.line, f->err.col,
				 f->err.message);
		kata_error_release(&f->err);
	}
	assert_int_equal(commits(f), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fsck, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coach_first_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coach_answers_kept_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coach_second_cycle_reflects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coach_refusals, setup, teardown),
	};

	return th_run_isolated(tests);
}
