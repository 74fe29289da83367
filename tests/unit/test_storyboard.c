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
#include "kata/storyboard.h"

/*
 * kata_storyboard_load, the loader `kata show` and every move share, on
 * a storyboard written by hand with IDs chosen so that prefixes meet:
 * obstacle kq7ab00000 and step kq7ac00000 share four characters.
 */

#define T2 "learners/alice/002-t000000002"

static const char old_target[] =
	"kind: target\nid: t000000001\nlearner: alice\nchallenge: c\ncondition: first\n"
	"achieve_by: '2026-11-01'\nstatus: done\nstarted: '2026-10-01T09:00:00Z'\n";
static const char target[] =
	"kind: target\nid: t000000002\nlearner: alice\nchallenge: c\ncondition: second\n"
	"achieve_by: '2026-12-19'\nmetric: changeover\nstatus: active\nfocus: kq7ab00000\n"
	"started: '2026-11-01T09:00:00Z'\n";
static const char obstacle1[] =
	"kind: obstacle\nid: kq7ab00000\ntarget: t000000002\ntext: tools far away\n"
	"status: open\ncreated: '2026-11-01T09:00:00Z'\n";
static const char obstacle2[] =
	"kind: obstacle\nid: x000000002\ntarget: t000000002\ntext: no standard\n"
	"status: closed\ncreated: '2026-11-01T09:00:00Z'\nclosed: '2026-11-02T09:00:00Z'\n";
static const char step1[] =
	"kind: step\nid: kq7ac00000\ntarget: t000000002\nobstacle: kq7ab00000\nstep: one\n"
	"expect: e\nstatus: done\nplanned: '2026-11-02T09:00:00Z'\nhappened: h\nlearned: l\n"
	"done: '2026-11-03T09:00:00Z'\n";
static const char step2[] =
	"kind: step\nid: s000000002\ntarget: t000000002\nobstacle: kq7ab00000\nstep: two\n"
	"expect: e\nstatus: open\nplanned: '2026-11-03T09:00:00Z'\n";
/* made in this order, taken at other times */
static const char measure1[] =
	"kind: measure\nid: m000000001\ntarget: t000000002\nmetric: changeover\nvalue: 20\n"
	"at: '2026-11-20T09:00:00Z'\n";
static const char measure2[] =
	"kind: measure\nid: m000000002\ntarget: t000000002\nmetric: changeover\nvalue: 25\n"
	"at: '2026-11-18T09:00:00Z'\n";
static const char measure3[] =
	"kind: measure\nid: m000000003\ntarget: t000000002\nmetric: changeover\nvalue: 22\n"
	"at: '2026-11-19T10:00:00+01:00'\n";
static const char coaching1[] =
	"kind: coaching\nid: c000000001\ntarget: t000000002\nlearner: alice\ncoach: Bob Coach\n"
	"at: '2026-11-03T09:00:00Z'\nanswers:\n  target: second\n";
static const char feedback1[] =
	"kind: feedback\nid: f000000001\ntarget: t000000002\nlearner: alice\n"
	"coaching: c000000001\nobserver: Carol\nat: '2026-11-03T10:00:00Z'\nnote: n\n";

static int setup(void **state)
{
	struct fixture *f = fx_new(FX_LEARNER);

	fx_store(f, "a storyboard by hand\n",
		 "learners/alice/001-t000000001/target.yaml", old_target,
		 T2 "/target.yaml", target,
		 T2 "/obstacles/001-kq7ab00000.yaml", obstacle1,
		 T2 "/obstacles/002-x000000002.yaml", obstacle2,
		 T2 "/steps/0001-kq7ac00000.yaml", step1,
		 T2 "/steps/0002-s000000002.yaml", step2,
		 T2 "/measures/0001-m000000001.yaml", measure1,
		 T2 "/measures/0002-m000000002.yaml", measure2,
		 T2 "/measures/0003-m000000003.yaml", measure3,
		 T2 "/coaching/0001-c000000001.yaml", coaching1,
		 T2 "/feedback/0001-f000000001.yaml", feedback1,
		 NULL);
	*state = f;
	return 0;
}

static void assert_rec(const struct kata_rec *r, enum kata_kind kind, const char *id,
		       const char *path, unsigned long seq, unsigned long number, bool read)
{
	assert_int_equal(r->kind, kind);
	assert_string_equal(r->id, id);
	assert_string_equal(r->path, path);
	assert_int_equal(r->seq, seq);
	assert_int_equal(r->number, number);
	if (read) {
		assert_non_null(r->node);
		assert_string_equal(kata_node_str(r->node, "id"), id);
	} else {
		assert_null(r->node);
	}
}

static struct kata_storyboard *load(struct fixture *f, enum kata_load how)
{
	const struct kata_storyboard_opts o = { how, how, how, how, how, NULL };
	struct kata_storyboard *sb = NULL;

	if (kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err) < 0)
		fail_msg("%s:%u:%u: %s", f->err.path, f->err.line, f->err.col, f->err.message);
	return sb;
}

/*
 * The records of the storyboard, each list as it is made (seq and number
 * alike); the measures, when they are read, in the order they were taken.
 */
struct want {
	const char *id, *path;
	unsigned long seq;
};

static const struct want obstacle_recs[] = {
	{ "kq7ab00000", T2 "/obstacles/001-kq7ab00000.yaml", 1 },
	{ "x000000002", T2 "/obstacles/002-x000000002.yaml", 2 },
};
static const struct want step_recs[] = {
	{ "kq7ac00000", T2 "/steps/0001-kq7ac00000.yaml", 1 },
	{ "s000000002", T2 "/steps/0002-s000000002.yaml", 2 },
};
static const struct want measure_recs_made[] = {
	{ "m000000001", T2 "/measures/0001-m000000001.yaml", 1 },
	{ "m000000002", T2 "/measures/0002-m000000002.yaml", 2 },
	{ "m000000003", T2 "/measures/0003-m000000003.yaml", 3 },
};
static const struct want measure_recs_taken[] = {
	{ "m000000002", T2 "/measures/0002-m000000002.yaml", 2 },
	{ "m000000003", T2 "/measures/0003-m000000003.yaml", 3 },
	{ "m000000001", T2 "/measures/0001-m000000001.yaml", 1 },
};
static const struct want coaching_recs[] = {
	{ "c000000001", T2 "/coaching/0001-c000000001.yaml", 1 },
};
static const struct want feedback_recs[] = {
	{ "f000000001", T2 "/feedback/0001-f000000001.yaml", 1 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void assert_recs(const struct kata_recs *got, enum kata_kind kind,
			const struct want *want, size_t n, bool read)
{
	size_t i;

	assert_int_equal(got->n, n);
	for (i = 0; i < n; i++)
		assert_rec(&got->rec[i], kind, want[i].id, want[i].path, want[i].seq, want[i].seq,
			   read);
}

/* Every record of the storyboard listed, and read or not. */
static void assert_storyboard(const struct kata_storyboard *sb, bool read)
{
	assert_non_null(sb->learner);
	assert_rec(sb->target, KATA_KIND_TARGET, "t000000002", T2 "/target.yaml", 2, 2, true);
	assert_recs(&sb->obstacles, KATA_KIND_OBSTACLE, obstacle_recs, N(obstacle_recs), read);
	assert_recs(&sb->steps, KATA_KIND_STEP, step_recs, N(step_recs), read);
	assert_recs(&sb->measures, KATA_KIND_MEASURE, read ? measure_recs_taken : measure_recs_made,
		    N(measure_recs_made), read);
	assert_recs(&sb->coaching, KATA_KIND_COACHING, coaching_recs, N(coaching_recs), read);
	assert_recs(&sb->feedback, KATA_KIND_FEEDBACK, feedback_recs, N(feedback_recs), read);
}

static void test_everything_with_null_opts(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");

	assert_string_equal(sb->learner_id, "alice");
	assert_string_equal(kata_node_str(sb->learner, "name"), "Alice Example");
	/* the newest target: the last folder */
	assert_string_equal(sb->target_dir, T2);
	assert_true(kata_storyboard_active(sb));
	/* measures by when they were taken, each with its own seq and number */
	assert_storyboard(sb, true);
	kata_storyboard_free(sb);
}

/* Names only: every record listed, none read; the target is always read. */
static void test_names_only(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = load(f, KATA_LOAD_NAMES);

	/* not read, so not sorted: as made */
	assert_storyboard(sb, false);
	/* the open step needs the last step read; the focus only the target */
	assert_null(kata_storyboard_open_step(sb));
	assert_non_null(kata_storyboard_focus(sb));
	assert_string_equal(kata_storyboard_focus(sb)->id, "kq7ab00000");
	kata_storyboard_free(sb);
}

/* Names only reads no record but the target: a broken one is no error. */
static void test_names_only_reads_no_record(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;

	fx_write(f, T2 "/steps/0002-s000000002.yaml", "kind: step\nid: [broken\n");
	fx_write(f, T2 "/measures/0001-m000000001.yaml", "not: a measure\n");
	sb = load(f, KATA_LOAD_NAMES);
	assert_int_equal(sb->steps.n, 2);
	assert_int_equal(sb->measures.n, 3);
	kata_storyboard_free(sb);
}

static void test_last_reads_only_the_last(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;

	/* the first step and the first measures are not read at all */
	fx_write(f, T2 "/steps/0001-kq7ac00000.yaml", "kind: step\nid: [broken\n");
	fx_write(f, T2 "/measures/0001-m000000001.yaml", "not: a measure\n");
	fx_write(f, T2 "/measures/0002-m000000002.yaml", "not: a measure\n");
	sb = load(f, KATA_LOAD_LAST);
	assert_null(sb->obstacles.rec[0].node);
	assert_non_null(sb->obstacles.rec[1].node);
	assert_null(sb->steps.rec[0].node);
	assert_non_null(sb->steps.rec[1].node);
	assert_string_equal(kata_node_str(sb->steps.rec[1].node, "step"), "two");
	/* as made: only the last is read, so it is the last one made */
	assert_null(sb->measures.rec[0].node);
	assert_null(sb->measures.rec[1].node);
	assert_rec(&sb->measures.rec[2], KATA_KIND_MEASURE, measure_recs_made[2].id,
		   measure_recs_made[2].path, 3, 3, true);
	assert_non_null(sb->coaching.rec[0].node);
	assert_non_null(sb->feedback.rec[0].node);
	assert_non_null(kata_storyboard_open_step(sb));
	assert_string_equal(kata_storyboard_open_step(sb)->id, "s000000002");
	kata_storyboard_free(sb);
}

static void test_all_reads_all_and_sorts_measures_by_at(void **state)
{
	const struct kata_storyboard_opts measures_only = { .measures = KATA_LOAD_ALL };
	const struct kata_storyboard_opts steps_only = { .steps = KATA_LOAD_ALL };
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", &measures_only, &f->err), 0);
	assert_string_equal(sb->measures.rec[0].id, "m000000002");	/* the 18th */
	assert_string_equal(sb->measures.rec[1].id, "m000000003");	/* the 19th, 09:00Z */
	assert_string_equal(sb->measures.rec[2].id, "m000000001");	/* the 20th */
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "value"), "25");
	assert_null(sb->steps.rec[1].node);
	assert_null(sb->obstacles.rec[0].node);
	kata_storyboard_free(sb);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", &steps_only, &f->err), 0);
	assert_non_null(sb->steps.rec[0].node);
	assert_non_null(sb->steps.rec[1].node);
	assert_string_equal(sb->measures.rec[0].id, "m000000001");
	assert_null(sb->measures.rec[0].node);
	kata_storyboard_free(sb);
}

/* Measures taken at the same time stay in the order they were made. */
static void test_measures_at_the_same_time_keep_their_order(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;

	fx_store(f, "same time\n",
		 T2 "/measures/0004-m000000004.yaml",
		 "kind: measure\nid: m000000004\ntarget: t000000002\nmetric: changeover\n"
		 "value: 1\nat: '2026-11-18T09:00:00Z'\n", NULL);
	sb = load(f, KATA_LOAD_ALL);
	assert_int_equal(sb->measures.n, 4);
	assert_string_equal(sb->measures.rec[0].id, "m000000002");
	assert_string_equal(sb->measures.rec[1].id, "m000000004");
	kata_storyboard_free(sb);
}

/* Any record may be named on a command line: abbreviations are
 * unambiguous across all of a target's records, whatever their kind. */
static void test_abbreviations_unambiguous_across_kinds(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = load(f, KATA_LOAD_NAMES);

	assert_int_equal(sb->obstacles.rec[0].abbrev, 5);	/* kq7ab vs kq7ac */
	assert_int_equal(sb->steps.rec[0].abbrev, 5);
	assert_int_equal(sb->obstacles.rec[1].abbrev, 4);
	assert_int_equal(sb->steps.rec[1].abbrev, 4);
	assert_int_equal(sb->target->abbrev, 4);
	/* m000000001..3 share nine characters */
	assert_int_equal(sb->measures.rec[0].abbrev, 10);
	assert_int_equal(sb->coaching.rec[0].abbrev, 4);
	assert_int_equal(sb->feedback.rec[0].abbrev, 4);
	kata_storyboard_free(sb);
}

static void test_find_by_prefix(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	const struct kata_rec *r = NULL;

	/* by kind: the step that shares the prefix is not an obstacle */
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_OBSTACLE, "kq7a", &f->err), 0);
	assert_ptr_equal(r, &sb->obstacles.rec[0]);
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_STEP, "kq7a", &f->err), 0);
	assert_ptr_equal(r, &sb->steps.rec[0]);
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_OBSTACLE, "KQ7AB", &f->err), 0);
	assert_string_equal(kata_node_str(r->node, "text"), "tools far away");
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_COACHING, "c000000001", &f->err), 0);
	assert_ptr_equal(r, &sb->coaching.rec[0]);
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_MEASURE, "m000000003", &f->err), 0);
	assert_string_equal(r->id, "m000000003");
	r = &sb->steps.rec[0];
	fx_assert_error(f, kata_storyboard_find(&r, sb, KATA_KIND_OBSTACLE, "s0", &f->err),
			KATA_ENOTFOUND, "no obstacle 's0'");
	assert_null(r);
	fx_assert_error(f, kata_storyboard_find(&r, sb, KATA_KIND_MEASURE, "m0", &f->err),
			KATA_EAMBIGUOUS, "measure ID 'm0' is ambiguous: m000000002, m000000003, m000000001");
	fx_assert_error(f, kata_storyboard_find(&r, sb, KATA_KIND_STEP, "s-1", &f->err),
			KATA_EINVALID, "invalid step ID 's-1'");
	fx_assert_error(f, kata_storyboard_find(&r, sb, KATA_KIND_FEEDBACK, "", &f->err),
			KATA_EINVALID, "invalid feedback ID ''");
	kata_storyboard_free(sb);
	/* found by name when the kind was not read: no node */
	sb = load(f, KATA_LOAD_NAMES);
	assert_int_equal(kata_storyboard_find(&r, sb, KATA_KIND_STEP, "s0", &f->err), 0);
	assert_string_equal(r->id, "s000000002");
	assert_null(r->node);
	kata_storyboard_free(sb);
}

static void test_focus(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	char *text;

	assert_ptr_equal(kata_storyboard_focus(sb), &sb->obstacles.rec[0]);
	kata_storyboard_free(sb);
	/* a focus that names no obstacle of the target is none */
	text = fx_read(f, T2 "/target.yaml", NULL);
	*strstr(text, "focus: kq7ab00000") = '\0';
	{
		char *edited = malloc(strlen(text) + 128);

		sprintf(edited, "%sfocus: zzzz000000\nstarted: '2026-11-01T09:00:00Z'\n", text);
		fx_write(f, T2 "/target.yaml", edited);
		free(edited);
	}
	sb = fx_storyboard(f, "alice");
	assert_null(kata_storyboard_focus(sb));
	kata_storyboard_free(sb);
	fx_write(f, T2 "/target.yaml", old_target);
	sb = fx_storyboard(f, "alice");
	assert_null(kata_storyboard_focus(sb));
	kata_storyboard_free(sb);
	free(text);
}

static void test_open_step_and_last(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	const struct kata_recs *steps = kata_storyboard_list(sb, KATA_KIND_STEP);

	assert_ptr_equal(steps, &sb->steps);
	assert_ptr_equal(kata_storyboard_list(sb, KATA_KIND_OBSTACLE), &sb->obstacles);
	assert_ptr_equal(kata_storyboard_list(sb, KATA_KIND_MEASURE), &sb->measures);
	assert_ptr_equal(kata_storyboard_list(sb, KATA_KIND_COACHING), &sb->coaching);
	assert_ptr_equal(kata_storyboard_list(sb, KATA_KIND_FEEDBACK), &sb->feedback);
	assert_null(kata_storyboard_list(sb, KATA_KIND_TARGET));
	assert_ptr_equal(kata_storyboard_last(steps), &sb->steps.rec[1]);
	assert_ptr_equal(kata_storyboard_open_step(sb), &sb->steps.rec[1]);
	kata_storyboard_free(sb);

	/* reflected on, no step is open */
	{
		char *text = fx_read(f, T2 "/steps/0002-s000000002.yaml", NULL);
		char *at = strstr(text, "status: open");

		memcpy(at, "status: done", 12);
		fx_write(f, T2 "/steps/0002-s000000002.yaml", text);
		free(text);
	}
	sb = fx_storyboard(f, "alice");
	assert_null(kata_storyboard_open_step(sb));
	kata_storyboard_free(sb);
}

/* A learner with no target: none, and empty lists. */
static void test_no_target(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");

	assert_null(sb->target);
	assert_string_equal(sb->target_dir, "");
	assert_false(kata_storyboard_active(sb));
	assert_null(kata_storyboard_focus(sb));
	assert_null(kata_storyboard_open_step(sb));
	assert_int_equal(sb->obstacles.n, 0);
	assert_int_equal(sb->steps.n, 0);
	assert_null(kata_storyboard_last(&sb->steps));
	assert_non_null(sb->learner);
	kata_storyboard_free(sb);
}

static void test_ended_target_is_not_active(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;

	fx_write(f, T2 "/target.yaml", old_target);
	sb = fx_storyboard(f, "alice");
	assert_non_null(sb->target);
	assert_false(kata_storyboard_active(sb));
	kata_storyboard_free(sb);
}

static void test_a_learner_that_does_not_exist(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = (struct kata_storyboard *)1;

	fx_assert_error(f, kata_storyboard_load(&sb, f->repo, "nobody", NULL, &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	assert_null(sb);
	sb = (struct kata_storyboard *)1;
	fx_assert_error(f, kata_storyboard_load(&sb, f->repo, "../alice", NULL, &f->err),
			KATA_EINVALID, "invalid learner ID '../alice'");
	assert_null(sb);
}

struct broken {
	const char *path, *text;
	enum kata_load how;
	unsigned line, col;
	const char *says;
};

static void test_a_broken_record_names_its_place(void **state)
{
	static const struct broken cases[] = {
		{ T2 "/measures/0001-m000000001.yaml",
		  "kind: measure\nid: m000000001\ntarget: t000000002\nmetric: changeover\nvalue: 1e5\n"
		  "at: '2026-11-20T09:00:00Z'\n", KATA_LOAD_ALL, 5, 8, "'value' must be a number" },
		{ T2 "/steps/0002-s000000002.yaml", "kind: step\nid: s000000002\nstep: [two\n",
		  KATA_LOAD_LAST, 4, 1, NULL },
		{ T2 "/obstacles/001-kq7ab00000.yaml",
		  "kind: obstacle\nid: kq7ab00000\ntarget: t000000002\ntext: t\nstatus: maybe\n"
		  "created: '2026-11-01T09:00:00Z'\n", KATA_LOAD_ALL, 5, 9, "'status' must be open or closed" },
		{ T2 "/coaching/0001-c000000001.yaml", "kind: step\nid: c000000001\n",
		  KATA_LOAD_LAST, 1, 7, "kind is 'step', expected 'coaching'" },
		/* the target is read whatever is asked */
		{ T2 "/target.yaml", "kind: target\nid: t000000002\nlearner: alice\n",
		  KATA_LOAD_NAMES, 1, 1, "is missing" },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct kata_storyboard_opts o = { cases[i].how, cases[i].how, cases[i].how,
						       cases[i].how, cases[i].how, NULL };
		struct kata_storyboard *sb = (struct kata_storyboard *)1;
		char *good = fx_read(f, cases[i].path, NULL);
		int rc;

		fx_write(f, cases[i].path, cases[i].text);
		rc = kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err);
		if (rc != KATA_EINVALID || sb || !f->err.path || strcmp(f->err.path, cases[i].path) ||
		    f->err.line != cases[i].line || f->err.col != cases[i].col ||
		    (cases[i].says && !strstr(f->err.message, cases[i].says)))
			fail_msg("case %zu: %d %s:%u:%u: %s", i, rc, f->err.path, f->err.line,
				 f->err.col, f->err.message);
		kata_error_release(&f->err);
		fx_write(f, cases[i].path, good);
		free(good);
	}
}

/* FAILING: kata_storyboard_find of the kind target (or learner) reads
 * through the NULL that kata_storyboard_list gives for it: a crash. */
static void test_find_a_target(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	const struct kata_rec *r = NULL;
	int rc = kata_storyboard_find(&r, sb, KATA_KIND_TARGET, "t0", &f->err);

	kata_error_release(&f->err);
	assert_true(rc == 0 ? r == sb->target : r == NULL);
	kata_storyboard_free(sb);
}

/* An earlier target, by an ID prefix, instead of the newest. */
static void test_load_a_given_target(void **state)
{
	struct kata_storyboard_opts o = { .coaching = KATA_LOAD_ALL, .target = "t000000001" };
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err), 0);
	assert_string_equal(sb->target->id, "t000000001");
	assert_string_equal(sb->target_dir, "learners/alice/001-t000000001");
	assert_int_equal(sb->target->seq, 1);
	assert_int_equal(sb->coaching.n, 0);
	kata_storyboard_free(sb);
	o.target = "t000000002";
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err), 0);
	assert_string_equal(sb->target_dir, T2);
	assert_int_equal(sb->target->seq, 2);
	assert_int_equal(sb->coaching.n, 1);
	kata_storyboard_free(sb);
	o.target = "t000";
	fx_assert_error(f, kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err),
			KATA_EAMBIGUOUS, "target condition ID 't000' is ambiguous");
	assert_null(sb);
	o.target = "zzzz";
	fx_assert_error(f, kata_storyboard_load(&sb, f->repo, "alice", &o, &f->err),
			KATA_ENOTFOUND, "no target condition 'zzzz'");
	assert_null(sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_everything_with_null_opts, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_names_only, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_names_only_reads_no_record, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_last_reads_only_the_last, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_all_reads_all_and_sorts_measures_by_at, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_measures_at_the_same_time_keep_their_order,
						setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_abbreviations_unambiguous_across_kinds, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_find_by_prefix, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_step_and_last, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_target, fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ended_target_is_not_active, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_learner_that_does_not_exist, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_broken_record_names_its_place, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_find_a_target, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_load_a_given_target, setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
