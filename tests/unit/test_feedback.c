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
#include "kata/feedback.h"
#include "kata/step.h"
#include "kata/str.h"
#include "kata/target.h"

/* kata_feedback_add: a second coach's observation of a coaching cycle. */

static const struct kata_who carol = { .name = "Carol Second", .email = "carol@example.com" };

/* Answers of a second cycle, reflecting on the step the first planned. */
static const char second_cycle[] =
	"target: t\nactual: a\n"
	"last_step:\n  happened: h\n  learned: l\n"
	"obstacle: another obstacle\n"
	"next_step:\n  step: s2\n  expect: e2\n"
	"see_by: +2d\n";

/* kata_feedback_add with the shipped question set, by Carol. */
static int add(struct fixture *f, const char *learner, const char *session, const char *note,
	       const struct kata_feedback_phase *phases, size_t n)
{
	struct kata_questions *qs = fx_shipped_questions();
	int rc = kata_feedback_add(&f->done, f->repo, learner, session, note, qs, phases, n,
				   &carol, &f->err);

	kata_questions_free(qs);
	return rc;
}

/* The feedback record just made, loaded. */
static struct kata_node *feedback_record(struct fixture *f, unsigned n)
{
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct kata_node *rec;
	char *path;

	path = kata_str_newf("%s/feedback/%04u-%s.yaml", sb->target_dir, n, f->done.id);
	rec = fx_load(f, path);
	free(path);
	kata_storyboard_free(sb);
	return rec;
}

static void test_feedback_on_the_last_cycle(void **state)
{
	const struct kata_feedback_phase phases[] = {
		{ 2, "4", "the actual condition took long" },
		{ 4, "3.5", NULL },
	};
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	struct kata_node *rec = NULL;
	const struct kata_node *list;
	char path[4096];
	size_t before;

	/* nothing to give feedback on yet */
	assert_int_equal(add(f, "alice", NULL, "n", NULL, 0), KATA_EPRACTICE);
	kata_error_release(&f->err);
	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	before = fx_commits(f);
	assert_int_equal(add(f, "alice", NULL, "ask for data", phases, 2), 0);
	assert_int_equal(fx_commits(f), before + 1);
	sb = fx_storyboard(f, "alice");
	snprintf(path, sizeof(path), "%.*s/feedback/0001-%s.yaml",
		 (int)(strrchr(sb->target->path, '/') - sb->target->path), sb->target->path,
		 f->done.id);
	assert_int_equal(kata_repo_load(&rec, f->repo, path, &f->err), 0);
	assert_string_equal(kata_node_str(rec, "coaching"), sb->coaching.rec[0].id);
	assert_string_equal(kata_node_str(rec, "observer_email"), "carol@example.com");
	list = kata_node_get(rec, "phases");
	assert_int_equal(list->n, 2);
	assert_string_equal(kata_node_str(list->entries[1].value, "minutes"), "3.5");
	assert_null(kata_node_get(list->entries[1].value, "note"));
	kata_node_free(rec);
	kata_storyboard_free(sb);
	/* a phase past the questions, and bad minutes, are refused */
	assert_int_equal(add(f, "alice", NULL, "n",
			     (struct kata_feedback_phase[]){ { 0, NULL, "x" } }, 1),
			 KATA_EINVALID);
	kata_error_release(&f->err);
	assert_int_equal(add(f, "alice", "zzzz", "n", NULL, 0), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	assert_int_equal(fx_commits(f), before + 1);
}

static void test_writes_the_record_and_commit(void **state)
{
	const struct kata_feedback_phase phases[] = { { 1, "2", "clear" } };
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char *path;
	git_commit *c;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(add(f, "alice", NULL, "ask for data", phases, 1), 0);
	fx_assert_done(f, NULL, 1);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->feedback.n, 1);
	path = kata_str_newf("%s/feedback/0001-%s.yaml", sb->target_dir, f->done.id);
	assert_string_equal(sb->feedback.rec[0].path, path);
	fx_assert_file_at(f, "HEAD", path,
			  "kind: feedback\nid: %s\ntarget: %s\nlearner: alice\ncoaching: %s\n"
			  "observer: Carol Second\nobserver_email: carol@example.com\n"
			  "at: '2026-11-21T09:00:00Z'\nnote: ask for data\nphases:\n"
			  "- phase: 1\n  question: target\n  minutes: 2\n  note: clear\n",
			  f->done.id, sb->target->id, sb->coaching.rec[0].id);
	fx_assert_message(f, "alice: feedback %.4s on coaching cycle %.4s by Carol Second\n\n"
			  "Kata-Learner: alice\nKata-Target: %s\nKata-Action: coach-feedback\n"
			  "Kata-Record: %s\n", f->done.id, sb->coaching.rec[0].id,
			  sb->target->id, f->done.id);
	c = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(c)->email, "carol@example.com");
	git_commit_free(c);
	free(path);
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

static void test_last_cycle_by_default(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	struct kata_node *rec;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(fx_cycle(f, second_cycle), 0);
	assert_int_equal(add(f, "alice", NULL, "n", NULL, 0), 0);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->coaching.n, 2);
	rec = feedback_record(f, 1);
	assert_string_equal(kata_node_str(rec, "coaching"), sb->coaching.rec[1].id);
	/* no phases given: none written */
	assert_null(kata_node_get(rec, "phases"));
	kata_node_free(rec);
	kata_storyboard_free(sb);
}

static void test_by_session_prefix(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	struct kata_node *rec;
	char first[16], prefix[8], *msg, want[64];

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(fx_cycle(f, second_cycle), 0);
	sb = fx_storyboard(f, "alice");
	memcpy(first, sb->coaching.rec[0].id, sizeof(first));
	kata_storyboard_free(sb);
	snprintf(prefix, sizeof(prefix), "%.5s", first);
	assert_int_equal(add(f, "alice", prefix, "n", NULL, 0), 0);
	rec = feedback_record(f, 1);
	assert_string_equal(kata_node_str(rec, "coaching"), first);
	kata_node_free(rec);
	msg = fx_head_message(f);
	snprintf(want, sizeof(want), " on coaching cycle %.4s by Carol Second\n", first);
	assert_non_null(strstr(msg, want));
	free(msg);
	/* a second feedback is numbered after the first */
	assert_int_equal(add(f, "alice", NULL, "n2", NULL, 0), 0);
	assert_int_equal(f->done.seq, 2);
	rec = feedback_record(f, 2);
	assert_string_equal(kata_node_str(rec, "note"), "n2");
	kata_node_free(rec);
}

/* Minutes are numbers, stored in the canonical form. */
static void test_minutes_canonical(void **state)
{
	const struct kata_feedback_phase phases[] = {
		{ 1, "04", NULL }, { 2, "1e1", NULL }, { 3, "2.50", NULL }, { 4, ".5", NULL },
		{ 5, NULL, "no time taken" },
	};
	static const char *const stored[] = { "4", "10", "2.50", "0.5" };
	struct fixture *f = *state;
	const struct kata_node *list;
	struct kata_node *rec;
	size_t i;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(add(f, "alice", NULL, "n", phases, 5), 0);
	rec = feedback_record(f, 1);
	list = kata_node_get(rec, "phases");
	assert_int_equal(list->n, 5);
	for (i = 0; i < 4; i++) {
		const struct kata_node *p = list->entries[i].value;
		char phase[2] = { (char)('1' + i), '\0' };

		assert_string_equal(kata_node_str(p, "phase"), phase);
		assert_string_equal(kata_node_str(p, "minutes"), stored[i]);
		assert_true(kata_node_get(p, "minutes")->plain);
	}
	assert_null(kata_node_get(list->entries[4].value, "minutes"));
	assert_string_equal(kata_node_str(list->entries[4].value, "note"), "no time taken");
	kata_node_free(rec);
}

static void test_refusals_write_nothing(void **state)
{
	static const struct {
		struct kata_feedback_phase phase;
		const char *says;
	} bad[] = {
		{ { 0, "1", NULL },
		  "invalid phase 0: the phases are the questions of 'coaching-kata': 1 target, "
		  "2 actual, 3 measure, 4 last_step, 5 obstacle, 6 next_step, 7 see_by, 8 note" },
		{ { 9, "1", NULL }, "invalid phase 9: the phases are the questions of" },
		{ { 21, "1", NULL }, "invalid phase 21" },
		{ { 1, "x", NULL }, "invalid minutes 'x'" },
		{ { 1, "1e", NULL }, "invalid minutes '1e'" },
		{ { 1, "0", NULL }, "invalid minutes '0': more than 0 and at most 120 for a phase" },
		{ { 1, "-3", NULL }, "invalid minutes '-3': more than 0" },
		{ { 1, "121", NULL }, "invalid minutes '121': more than 0 and at most 120" },
		{ { 1, "1e3", NULL }, "invalid minutes '1e3'" },
	};
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	size_t i;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	fx_head(f, before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		fx_assert_error(f, add(f, "alice", NULL, "n", &bad[i].phase, 1),
				KATA_EINVALID, bad[i].says);
	fx_assert_error(f, add(f, "alice", NULL, "", NULL, 0),
			KATA_EINVALID, "note must not be empty");
	fx_assert_error(f, add(f, "alice", "zzzz", "n", NULL, 0),
			KATA_ENOTFOUND, "alice has no coaching cycle 'zzzz'");
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
}

static void test_no_coaching_cycle_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, add(f, "alice", NULL, "n", NULL, 0),
			KATA_EPRACTICE, "alice has no coaching cycle in this target condition yet");
	assert_int_equal(fx_commits(f), n);
}

static void test_no_target_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, add(f, "alice", NULL, "n", NULL, 0),
			KATA_EPRACTICE, "alice has no coaching cycle yet");
	fx_assert_error(f, add(f, "nobody", NULL, "n", NULL, 0),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	assert_int_equal(fx_commits(f), n);
}

/* A phase is one of the set's questions: its number or its key. */
static void test_phase_by_number_or_key(void **state)
{
	static const struct {
		const char *arg;
		unsigned phase;
	} good[] = {
		{ "1", 1 }, { "2", 2 }, { "8", 8 }, { "actual", 2 }, { "next_step", 6 },
		{ "note", 8 },
	};
	static const char *const bad[] = { "0", "9", "21", "", "-1", "+2", " 2", "2x", "Actual",
					   "next", "99999999999999999999" };
	struct kata_questions *qs = fx_shipped_questions();
	struct fixture *f = *state;
	unsigned phase;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		assert_int_equal(kata_feedback_phase(&phase, qs, good[i].arg, NULL, 0, &f->err), 0);
		assert_int_equal(phase, good[i].phase);
	}
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		fx_assert_error(f, kata_feedback_phase(&phase, qs, bad[i], NULL, 0, &f->err), KATA_EINVALID,
				"the phases are the questions of 'coaching-kata': 1 target, 2 actual,");
	fx_assert_error(f, kata_feedback_phase(&phase, qs, "9", NULL, 0, &f->err), KATA_EINVALID,
			"invalid phase '9': ");
	/* once each: by number or by key, it is the same question */
	fx_assert_error(f, kata_feedback_phase(&phase, qs, "actual",
					       (struct kata_feedback_phase[]){ { 5, NULL, NULL },
									      { 2, "1", NULL } },
					       2, &f->err),
			KATA_EINVALID, "phase 2 (actual) is given twice");
	assert_int_equal(kata_feedback_phase(&phase, qs, "actual",
					     (struct kata_feedback_phase[]){ { 5, NULL, NULL } }, 1,
					     &f->err), 0);
	assert_int_equal(phase, 2);
	kata_questions_free(qs);
}

/* The same phase twice in one feedback is refused: one entry a question. */
static void test_same_phase_twice_is_refused(void **state)
{
	const struct kata_feedback_phase twice[] = {
		{ 2, "4", "first" }, { 5, NULL, NULL }, { 2, "1", "again" },
	};
	struct fixture *f = *state;
	size_t n;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	n = fx_commits(f);
	fx_assert_error(f, add(f, "alice", NULL, "n", twice, 3), KATA_EINVALID,
			"phase 2 (actual) is given twice");
	assert_int_equal(fx_commits(f), n);
	assert_true(fx_clean(f));
}

/* Ends alice's target (its step reflected on first) and starts the next. */
static void next_target(struct fixture *f)
{
	struct kata_target_opts to = { "Ship every order the day it comes in",
				       "Changeover under 8 minutes", "+28d", NULL, NULL, NULL,
				       NULL, false, false };
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	const struct kata_rec *open = kata_storyboard_open_step(sb);

	if (open)
		assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", open->id, "h", "l",
						   &fx_alice, &f->err), 0);
	kata_storyboard_free(sb);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &to, &fx_alice, &f->err),
			 0);
}

/* A cycle of an ended target is found by its ID, and the feedback goes
 * beside it: in that target's folder, naming that target. */
static void test_session_of_an_ended_target(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char old_target[16], old_dir[KATA_PATH_MAX], cycle[16], prefix[8], target[16];
	struct kata_node *rec;
	char *path, *msg;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	sb = fx_storyboard(f, "alice");
	memcpy(old_target, sb->target->id, sizeof(old_target));
	memcpy(old_dir, sb->target_dir, sizeof(old_dir));
	memcpy(cycle, sb->coaching.rec[0].id, sizeof(cycle));
	kata_storyboard_free(sb);
	next_target(f);
	snprintf(prefix, sizeof(prefix), "%.4s", cycle);

	assert_int_equal(kata_feedback_find_session(target, f->repo, "alice", prefix, &f->err), 0);
	assert_string_equal(target, old_target);
	assert_int_equal(add(f, "alice", prefix, "seen at the old board", NULL, 0), 0);
	path = kata_str_newf("%s/feedback/0001-%s.yaml", old_dir, f->done.id);
	rec = fx_load(f, path);
	assert_string_equal(kata_node_str(rec, "coaching"), cycle);
	assert_string_equal(kata_node_str(rec, "target"), old_target);
	kata_node_free(rec);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, old_target));	/* Kata-Target */
	free(msg);
	free(path);
	/* the new target has no cycle of its own: by default, nothing to see */
	fx_assert_error(f, add(f, "alice", NULL, "n", NULL, 0), KATA_EPRACTICE,
			"alice has no coaching cycle in this target condition yet");
	/* and a cycle of no target */
	fx_assert_error(f, kata_feedback_find_session(target, f->repo, "alice", "zzzz", &f->err),
			KATA_ENOTFOUND, "alice has no coaching cycle 'zzzz'");
	fx_assert_error(f, kata_feedback_find_session(target, f->repo, "alice", "l!", &f->err),
			KATA_EINVALID, "invalid coaching cycle ID 'l!'");
	assert_true(fx_clean(f));
}

/* A prefix found in the newest target is that one, before earlier ones. */
static void test_newest_target_first(void **state)
{
	static const char cycle_body[] =
		"learner: alice\ncoach: Bob Coach\nat: '2026-11-21T09:00:00Z'\n"
		"questions: coaching-kata\nanswers: {}\n";
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char target[16], newest[16];

	/* the same ID prefix, by hand, in the old target and the new one */
	free(fx_store_record(f, KATA_KIND_COACHING, 1, "aaaa000000", cycle_body));
	next_target(f);
	sb = fx_storyboard(f, "alice");
	memcpy(newest, sb->target->id, sizeof(newest));
	kata_storyboard_free(sb);
	free(fx_store_record(f, KATA_KIND_COACHING, 1, "aaaa000001", cycle_body));
	assert_int_equal(kata_feedback_find_session(target, f->repo, "alice", "aaaa", &f->err), 0);
	assert_string_equal(target, newest);
	assert_int_equal(add(f, "alice", "aaaa", "n", NULL, 0), 0);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->feedback.n, 1);
	assert_string_equal(kata_node_str(sb->feedback.rec[0].node, "coaching"), "aaaa000001");
	kata_storyboard_free(sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_feedback_on_the_last_cycle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_writes_the_record_and_commit, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_last_cycle_by_default, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_by_session_prefix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_minutes_canonical, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_coaching_cycle_is_refused, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_target_is_refused, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_phase_by_number_or_key, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_same_phase_twice_is_refused, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_session_of_an_ended_target, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_newest_target_first, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
