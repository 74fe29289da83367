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
#include "kata/str.h"

/* kata_feedback_add: a second coach's observation of a coaching cycle. */

static const struct kata_who carol = { "Carol Second", "carol@example.com" };

/* Answers of a second cycle, reflecting on the step the first planned. */
static const char second_cycle[] =
	"target: t\nactual: a\n"
	"last_step:\n  happened: h\n  learned: l\n"
	"obstacle: another obstacle\n"
	"next_step:\n  step: s2\n  expect: e2\n"
	"see_by: +2d\n";

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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, 0, &carol,
					   &f->err), KATA_EPRACTICE);
	kata_error_release(&f->err);
	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	before = fx_commits(f);
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "ask for data", phases,
					   2, &carol, &f->err), 0);
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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n",
					   (struct kata_feedback_phase[]){ { 0, NULL, "x" } }, 1,
					   &carol, &f->err), KATA_EINVALID);
	kata_error_release(&f->err);
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", "zzzz", "n", NULL, 0, &carol,
					   &f->err), KATA_ENOTFOUND);
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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "ask for data", phases,
					   1, &carol, &f->err), 0);
	fx_assert_done(f, NULL, 1);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->feedback.n, 1);
	path = kata_str_newf("%s/feedback/0001-%s.yaml", sb->target_dir, f->done.id);
	assert_string_equal(sb->feedback.rec[0].path, path);
	fx_assert_file_at(f, "HEAD", path,
			  "kind: feedback\nid: %s\ntarget: %s\nlearner: alice\ncoaching: %s\n"
			  "observer: Carol Second\nobserver_email: carol@example.com\n"
			  "at: '2026-11-21T09:00:00Z'\nnote: ask for data\nphases:\n"
			  "- phase: 1\n  minutes: 2\n  note: clear\n",
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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, 0, &carol,
					   &f->err), 0);
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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", prefix, "n", NULL, 0, &carol,
					   &f->err), 0);
	rec = feedback_record(f, 1);
	assert_string_equal(kata_node_str(rec, "coaching"), first);
	kata_node_free(rec);
	msg = fx_head_message(f);
	snprintf(want, sizeof(want), " on coaching cycle %.4s by Carol Second\n", first);
	assert_non_null(strstr(msg, want));
	free(msg);
	/* a second feedback is numbered after the first */
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n2", NULL, 0, &carol,
					   &f->err), 0);
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
	assert_int_equal(kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", phases, 5, &carol,
					   &f->err), 0);
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
		{ { 0, "1", NULL }, "invalid phase 0: the phases are the questions, from 1" },
		{ { 21, "1", NULL }, "invalid phase 21" },
		{ { 1, "x", NULL }, "invalid minutes 'x'" },
		{ { 1, "1e", NULL }, "invalid minutes '1e'" },
	};
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	size_t i;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	fx_head(f, before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "alice", NULL, "n",
						     &bad[i].phase, 1, &carol, &f->err),
				KATA_EINVALID, bad[i].says);
	fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "alice", NULL, "", NULL, 0, &carol,
					     &f->err),
			KATA_EINVALID, "note must not be empty");
	fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "alice", "zzzz", "n", NULL, 0,
					     &carol, &f->err),
			KATA_ENOTFOUND, "no coaching 'zzzz'");
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
}

static void test_no_coaching_cycle_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, 0, &carol,
					     &f->err),
			KATA_EPRACTICE, "alice has no coaching cycle in this target condition yet");
	assert_int_equal(fx_commits(f), n);
}

static void test_no_target_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "alice", NULL, "n", NULL, 0, &carol,
					     &f->err),
			KATA_EPRACTICE, "alice has no coaching cycle yet");
	fx_assert_error(f, kata_feedback_add(&f->done, f->repo, "nobody", NULL, "n", NULL, 0, &carol,
					     &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	assert_int_equal(fx_commits(f), n);
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
	};

	return th_run_isolated(tests);
}
