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
#include "kata/coach.h"
#include "kata/init.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/questions.h"
#include "kata/step.h"
#include "kata/str.h"
#include "kata/target.h"

/* The coaching cycle: the questions' answers applied as one commit. */

static const char second_cycle_fmt[] =
	"target: t\nactual: a\n"
	"last_step:\n  happened: 21 minutes\n  learned: the cart blocks the aisle\n"
	"obstacle: %s\n"
	"next_step:\n  step: Tape a place for the cart\n  expect: aisle free\n"
	"see_by: +2d\n";

/*
 * Answers as the prompts of `kata coach` build them: every answer text,
 * set in code. pairs: key, value, ..., NULL; "next_step.step" is a part.
 */
static struct kata_node *answers_in_code(const char *const *pairs)
{
	struct kata_node *a = kata_node_new(KATA_NODE_MAPPING);
	size_t i;

	assert_non_null(a);
	for (i = 0; pairs[i]; i += 2) {
		const char *dot = strchr(pairs[i], '.');
		char key[64];
		struct kata_node *m;

		if (!dot) {
			assert_int_equal(kata_node_set_str(a, pairs[i], pairs[i + 1]), 0);
			continue;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(dot - pairs[i]), pairs[i]);
		if (!(m = kata_node_get(a, key))) {
			m = kata_node_new(KATA_NODE_MAPPING);
			assert_non_null(m);
			assert_int_equal(kata_node_set_node(a, key, m), 0);
		}
		assert_int_equal(kata_node_set_str(m, dot + 1, pairs[i + 1]), 0);
	}
	return a;
}

static int cycle_node(struct fixture *f, const struct kata_questions *qs,
		      const struct kata_node *answers)
{
	return kata_coach_cycle(&f->done, f->repo, "alice", qs, answers, "answers.yaml", &fx_bob,
				&f->err);
}

/* The text of a file from its "answers:" line on. */
static char *answers_section(struct fixture *f, const char *path)
{
	char *text = fx_read(f, path, NULL), *at, *copy;

	assert_non_null(text);
	at = strstr(text, "\nanswers:\n");
	assert_non_null(at);
	copy = strdup(at + 1);
	free(text);
	return copy;
}

static void test_coach_first_cycle(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	size_t before = fx_commits(f);
	const struct kata_node *c, *ans;
	git_commit *head;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(fx_commits(f), before + 1);
	fx_assert_done(f, NULL, 1);	/* the step planned is #1 */
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	/* the obstacle was added and put in focus, the step planned on it */
	assert_int_equal(sb->obstacles.n, 1);
	assert_non_null(kata_storyboard_focus(sb));
	assert_string_equal(kata_node_str(sb->obstacles.rec[0].node, "text"),
			    "tools are not at the machine");
	assert_int_equal(sb->steps.n, 1);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "step"), "Put the cart beside the press");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "expect"), "20 minutes");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "see_by"), "2026-11-22T10:00:00Z");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "obstacle"), sb->obstacles.rec[0].id);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "status"), "open");
	assert_int_equal(sb->measures.n, 1);
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "value"), "24");
	assert_string_equal(kata_node_str(sb->measures.rec[0].node, "metric"), "changeover");
	/* the coaching record keeps every answer, in the questions' order */
	assert_int_equal(sb->coaching.n, 1);
	assert_string_equal(f->done.id, sb->coaching.rec[0].id);
	c = sb->coaching.rec[0].node;
	assert_string_equal(kata_node_str(c, "coach"), "Bob Coach");
	assert_string_equal(kata_node_str(c, "coach_email"), "bob@example.com");
	assert_string_equal(kata_node_str(c, "learner"), "alice");
	assert_string_equal(kata_node_str(c, "questions"), "coaching-kata");
	assert_string_equal(kata_node_str(c, "step_planned"), sb->steps.rec[0].id);
	assert_string_equal(kata_node_str(c, "obstacle"), sb->obstacles.rec[0].id);
	assert_string_equal(kata_node_str(c, "measure"), sb->measures.rec[0].id);
	assert_null(kata_node_str(c, "step_reflected"));
	ans = kata_node_get(c, "answers");
	assert_int_equal(ans->n, 7);
	assert_string_equal(ans->entries[0].key, "target");
	assert_string_equal(ans->entries[6].key, "note");
	/* authored by the coach */
	head = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(head)->email, "bob@example.com");
	assert_non_null(strstr(git_commit_message(head), "Kata-Action: coach\n"));
	git_commit_free(head);
	fx_assert_message(f, "alice: coaching cycle %.4s by Bob Coach: next step Put the cart beside the press\n\n"
			  "Kata-Learner: alice\nKata-Target: %s\nKata-Action: coach\nKata-Record: %s\n",
			  f->done.id, sb->target->id, f->done.id);
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

/* However the answers were written (quoted or not, from a file or the
 * terminal), the record keeps the measure a number and the rest text. */
static void test_coach_answers_kept_alike(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	const struct kata_node *ans;

	assert_int_equal(fx_cycle(f, "target: t\nactual: 25\nmeasure: '030'\nobstacle: o\n"
				     "next_step:\n  step: s\n  expect: e\nsee_by: 2026-11-23\n"), 0);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	ans = kata_node_get(sb->coaching.rec[0].node, "answers");
	assert_true(kata_node_get(ans, "measure")->plain);
	assert_string_equal(kata_node_str(ans, "measure"), "30");
	assert_false(kata_node_get(ans, "see_by")->plain);
	assert_false(kata_node_get(ans, "actual")->plain);
	kata_storyboard_free(sb);
}

/* An answers file and the prompts (answers set in code, all text) give
 * the same records, byte for byte where no ID differs. */
static void test_answers_alike_from_file_or_code(void **state)
{
	static const char file[] =
		"target: Changeover under 10 minutes\n"
		"actual: 25\n"
		"measure: 030\n"
		"obstacle: tools\n"
		"next_step:\n  step: Put the cart beside the press\n  expect: 20\n"
		"see_by: 2026-11-23\n"
		"note: yes\n";
	static const char *const typed[] = {
		"target", "Changeover under 10 minutes", "actual", "25", "measure", "030",
		"obstacle", "tools", "next_step.step", "Put the cart beside the press",
		"next_step.expect", "20", "see_by", "2026-11-23", "note", "yes", NULL,
	};
	struct fixture *f = *state, *g = fx_new(FX_TARGET);
	struct kata_questions *qs = fx_shipped_questions();
	struct kata_node *answers = answers_in_code(typed);
	struct kata_storyboard *sf, *sg;
	const struct kata_node *ans;
	char *a, *b;

	assert_int_equal(fx_cycle(f, file), 0);
	assert_int_equal(cycle_node(g, qs, answers), 0);
	kata_node_free(answers);
	kata_questions_free(qs);
	sf = fx_storyboard(f, "alice");
	sg = fx_storyboard(g, "alice");
	a = answers_section(f, sf->coaching.rec[0].path);
	b = answers_section(g, sg->coaching.rec[0].path);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ans = kata_node_get(sf->coaching.rec[0].node, "answers");
	assert_string_equal(kata_node_str(ans, "measure"), "30");
	assert_true(kata_node_get(ans, "measure")->plain);
	assert_string_equal(kata_node_str(ans, "note"), "yes");
	assert_false(kata_node_get(ans, "note")->plain);
	assert_false(kata_node_get(kata_node_get(ans, "next_step"), "expect")->plain);
	/* and the records the answers made */
	assert_string_equal(kata_node_str(sf->measures.rec[0].node, "value"),
			    kata_node_str(sg->measures.rec[0].node, "value"));
	assert_string_equal(kata_node_str(sf->steps.rec[0].node, "expect"), "20");
	assert_false(kata_node_get(sf->steps.rec[0].node, "expect")->plain);
	assert_false(kata_node_get(sg->steps.rec[0].node, "expect")->plain);
	assert_string_equal(kata_node_str(sf->steps.rec[0].node, "see_by"),
			    kata_node_str(sg->steps.rec[0].node, "see_by"));
	kata_storyboard_free(sf);
	kata_storyboard_free(sg);
	fx_free(g);
}

static void test_coach_second_cycle_reflects(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = NULL;
	char answers[1024], prefix[8], open_id[16], *msg;
	size_t before;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	snprintf(prefix, sizeof(prefix), "%.5s", sb->obstacles.rec[0].id);
	memcpy(open_id, sb->steps.rec[0].id, sizeof(open_id));
	kata_storyboard_free(sb);
	before = fx_commits(f);
	/* the same answers again are a replay, refused naming the cycle */
	fx_assert_error_at(f, fx_cycle(f, fx_first_cycle), KATA_EPRACTICE, "answers.yaml", 1, 1,
			   "these answers were recorded already, by coaching cycle");
	/* the open step must be reflected on: nothing written without it */
	fx_assert_error_at(f, fx_cycle(f, "target: t\nactual: 24 minutes\nobstacle: o\n"
				       "next_step:\n  step: s\n  expect: e\nsee_by: +1d\n"), KATA_EINVALID, "answers.yaml", 1, 1,
			   "missing answer 'last_step'");
	assert_int_equal(fx_commits(f), before);

	snprintf(answers, sizeof(answers), second_cycle_fmt, prefix);
	assert_int_equal(fx_cycle(f, answers), 0);
	assert_int_equal(f->done.seq, 2);
	assert_int_equal(fx_commits(f), before + 1);
	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	assert_int_equal(sb->obstacles.n, 1);	/* the ID named the same obstacle */
	assert_int_equal(sb->steps.n, 2);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "status"), "done");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "happened"), "21 minutes");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "learned"), "the cart blocks the aisle");
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "done"), "2026-11-21T09:00:00Z");
	assert_string_equal(kata_node_str(sb->steps.rec[1].node, "status"), "open");
	assert_string_equal(kata_node_str(sb->steps.rec[1].node, "see_by"), "2026-11-23");
	assert_string_equal(kata_node_str(sb->steps.rec[1].node, "obstacle"), sb->obstacles.rec[0].id);
	assert_string_equal(kata_node_str(sb->coaching.rec[1].node, "step_reflected"), open_id);
	assert_string_equal(kata_node_str(sb->coaching.rec[1].node, "step_planned"),
			    sb->steps.rec[1].id);
	/* no measure answered, none recorded */
	assert_int_equal(sb->measures.n, 1);
	assert_null(kata_node_get(sb->coaching.rec[1].node, "measure"));
	kata_storyboard_free(sb);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, ": next step Tape a place for the cart\n\n"));
	free(msg);
	assert_true(fx_clean(f));
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
		{ "target: t\nactual: a\nmeasure: 1e\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 3, 10, "invalid measure '1e'" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\n  when: now\nsee_by: +1d\n",
		  KATA_EINVALID, 7, 3, "unknown answer 'next_step.when'" },
		{ "target: [t]\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 1, 9, "'target' must be text" },
		{ "target: t\nactual: ''\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 2, 9, "'actual' must not be empty" },
		{ "target: t\nactual: '   '\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 2, 9, "'actual' must not be blank" },
		{ "target: t\nactual: a\nobstacle: \"\\u3000\"\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 3, 11, "'obstacle' must not be blank" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: \"two\\nlines\"\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 5, 9, "'step' must be one line" },
		{ "target: t\nactual: a\nobstacle: \"a\\nb\"\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 3, 11, "'obstacle' must be one line" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: ' '\nsee_by: +1d\n",
		  KATA_EINVALID, 6, 11, "'expect' must not be blank" },
		{ "target: t\nactual: a\nobstacle: o\nnext_step: s\nsee_by: +1d\n",
		  KATA_EINVALID, 4, 12, "'next_step' must be a mapping of step and expect" },
		{ "actual: a\nobstacle: o\nnext_step:\n  step: s\n  expect: e\nsee_by: +1d\n",
		  KATA_EINVALID, 1, 1, "missing answer 'target'" },
	};
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	size_t n = fx_commits(f), i;

	fx_head(f, before);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fx_assert_error_at(f, fx_cycle(f, cases[i].yaml), cases[i].code, "answers.yaml",
				   cases[i].line, cases[i].col, cases[i].says);
	assert_int_equal(fx_commits(f), n);
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
}

/* An obstacle named by a prefix two share, or a closed one: the error
 * is the answers file's, at the answer. */
static void test_obstacle_answer_refused_at_its_place(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	char *p[3];
	size_t i;

	p[0] = fx_store_obstacle(f, 1, "abc0000001", "open");
	p[1] = fx_store_obstacle(f, 2, "abc0000002", "open");
	p[2] = fx_store_obstacle(f, 3, "xyz0000003", "closed");
	for (i = 0; i < 3; i++)
		free(p[i]);
	fx_head(f, before);
	fx_assert_error_at(f, fx_cycle(f, "target: t\nactual: a\nobstacle: abc\nnext_step:\n"
				       "  step: s\n  expect: e\nsee_by: +1d\n"),
			   KATA_EAMBIGUOUS, "answers.yaml", 3, 11,
			   "obstacle ID 'abc' is ambiguous: abc0000001, abc0000002");
	fx_assert_error_at(f, fx_cycle(f, "target: t\nactual: a\nobstacle: xyz0\nnext_step:\n"
				       "  step: s\n  expect: e\nsee_by: +1d\n"),
			   KATA_EPRACTICE, "answers.yaml", 3, 11, "obstacle xyz0 is closed");
	fx_assert_head(f, before);

	/* a prefix that tells them apart names one, which is put in focus */
	assert_int_equal(fx_cycle(f, "target: t\nactual: a\nobstacle: ABC0000002\nnext_step:\n"
				     "  step: s\n  expect: e\nsee_by: +1d\n"), 0);
	{
		struct kata_storyboard *sb = fx_storyboard(f, "alice");

		assert_int_equal(sb->obstacles.n, 3);
		assert_string_equal(kata_storyboard_focus(sb)->id, "abc0000002");
		assert_string_equal(kata_node_str(sb->steps.rec[0].node, "obstacle"), "abc0000002");
		kata_storyboard_free(sb);
	}
}

struct agree {
	const char *key;	/* "next_step.expect" for a part */
	const char *text;
};

static const struct kata_question *question(const struct kata_questions *qs, const char *key)
{
	const char *dot = strchr(key, '.');
	const struct kata_question *q;
	char top[64];
	size_t i;

	snprintf(top, sizeof(top), "%.*s", dot ? (int)(dot - key) : (int)strlen(key), key);
	q = kata_questions_find(qs, top);
	assert_non_null(q);
	if (!dot)
		return q;
	for (i = 0; i < q->n_parts; i++)
		if (!strcmp(q->parts[i].key, dot + 1))
			return &q->parts[i];
	fail_msg("no part %s", key);
	return NULL;
}

/* What a prompt takes (kata_coach_check_answer), the cycle takes, and
 * what one refuses the other refuses, with the same words. */
static void test_check_answer_agrees_with_the_cycle(void **state)
{
	static const struct agree cases[] = {
		{ "measure", "24" }, { "measure", "010" }, { "measure", "1e5" },
		{ "measure", "1e" }, { "measure", "many" }, { "measure", "1e400" },
		{ "measure", "-3.5" }, { "measure", ".5" }, { "measure", "0x10" },
		{ "measure", "1,5" },
		{ "see_by", "tomorrow 10:00" }, { "see_by", "+2d" }, { "see_by", "soon" },
		{ "see_by", "2026-02-30" }, { "see_by", "today" }, { "see_by", "25:00" },
		{ "obstacle", "a new obstacle" }, { "obstacle", "abc" }, { "obstacle", "abc1" },
		{ "obstacle", "xyz0" }, { "obstacle", "zzzz" },
		{ "target", "t" }, { "target", "bad\001control" }, { "actual", "\xff\xfe" },
		{ "note", "a note" },
		{ "next_step.expect", "aisle free" }, { "next_step.step", "tab\there" },
		{ "next_step.expect", "esc\033" },
	};
	struct fixture *f = *state;
	struct kata_questions *qs = fx_shipped_questions();
	size_t i, accepted = 0;
	char *p[3];

	p[0] = fx_store_obstacle(f, 1, "abc1000000", "open");
	p[1] = fx_store_obstacle(f, 2, "abc2000000", "open");
	p[2] = fx_store_obstacle(f, 3, "xyz0000003", "closed");
	for (i = 0; i < 3; i++)
		free(p[i]);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *base[] = {
			"target", "t", "actual", "a", "obstacle", "o", "next_step.step", "s",
			"next_step.expect", "e", "see_by", "+1d",
			"last_step.happened", "h", "last_step.learned", "l", NULL,
		};
		struct kata_storyboard *sb = NULL;
		struct kata_error prompt;
		struct kata_node *answers;
		const struct kata_question *q = question(qs, cases[i].key);
		const char *pairs[40];
		size_t k, n = 0;
		int rc_prompt, rc_cycle;
		bool first;

		assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
		first = kata_coach_first_cycle(sb);
		kata_error_init(&prompt);
		rc_prompt = kata_coach_check_answer(sb, q, cases[i].text, &fx_now, &prompt);
		kata_storyboard_free(sb);

		/* the same answer, among answers the cycle takes */
		for (k = 0; base[k]; k += 2) {
			if (first && !strncmp(base[k], "last_step.", 10))
				continue;
			pairs[n++] = base[k];
			pairs[n++] = strcmp(base[k], cases[i].key) ? base[k + 1] : cases[i].text;
		}
		for (k = 0; base[k] && strcmp(base[k], cases[i].key); k += 2)
			;
		if (!base[k]) {
			pairs[n++] = cases[i].key;
			pairs[n++] = cases[i].text;
		}
		pairs[n] = NULL;
		answers = answers_in_code(pairs);
		rc_cycle = cycle_node(f, qs, answers);
		kata_node_free(answers);
		if (rc_prompt != rc_cycle ||
		    (rc_prompt < 0 && (!prompt.message || !f->err.message ||
				       strcmp(prompt.message, f->err.message))))
			fail_msg("%s '%s': the prompt says %d '%s', the cycle %d '%s'", cases[i].key,
				 cases[i].text, rc_prompt, prompt.message ? prompt.message : "",
				 rc_cycle, f->err.message ? f->err.message : "");
		accepted += rc_cycle == 0;
		kata_error_release(&prompt);
		kata_error_release(&f->err);
	}
	kata_questions_free(qs);
	/* the cases taken were applied, each a cycle of its own ("zzzz" looks
	 * like an ID, and names none) */
	assert_int_equal(accepted, 14);
	{
		struct kata_storyboard *sb = fx_storyboard(f, "alice");

		assert_int_equal(sb->coaching.n, 14);
		kata_storyboard_free(sb);
	}
}

/* What the records know for q, with the default schedule, at fx_now. */
static const char *known(const struct kata_storyboard *sb, const struct kata_question *q)
{
	static char buf[KATA_COACH_KNOWN_MAX];

	return kata_coach_known(buf, sizeof(buf), sb, q, NULL, &fx_now);
}

static void test_known_answers(void **state)
{
	struct fixture *f = *state;
	struct kata_questions *qs = fx_shipped_questions();
	struct kata_storyboard *sb = NULL;
	size_t i;

	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_string_equal(known(sb, kata_questions_find(qs, "target")),
			    "Changeover under 10 minutes");
	assert_string_equal(known(sb, kata_questions_find(qs, "actual")), "25 minutes");
	/* Saturday 09:00: the go-and-see is on Monday, at the cycle's time */
	assert_string_equal(known(sb, kata_questions_find(qs, "see_by")), "2026-11-23 09:00");
	assert_null(known(sb, kata_questions_find(qs, "measure")));
	assert_null(known(sb, kata_questions_find(qs, "note")));
	assert_null(known(sb, kata_questions_find(qs, "last_step")));
	assert_null(known(sb, kata_questions_find(qs, "next_step")));
	/* no focus, nothing known of the obstacle */
	assert_null(known(sb, kata_questions_find(qs, "obstacle")));
	kata_storyboard_free(sb);

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", f->done.id, &fx_alice,
					     &f->err), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_string_equal(known(sb, kata_questions_find(qs, "obstacle")), f->done.id);
	/* what is offered is taken */
	for (i = 0; i < qs->n; i++) {
		const char *offered = known(sb, &qs->q[i]);

		if (offered && kata_coach_check_answer(sb, &qs->q[i], offered, &fx_now, &f->err) < 0)
			fail_msg("%s: '%s' offered, then refused: %s", qs->q[i].key, offered,
				 f->err.message);
	}
	kata_storyboard_free(sb);
	kata_questions_free(qs);
}

/* A target started without a current condition knows no actual one. */
static void test_known_without_current(void **state)
{
	struct fixture *f = *state;
	struct kata_target_opts o = { "c", "t", "+10d", NULL, NULL, NULL, NULL, false, false };
	struct kata_questions *qs = fx_shipped_questions();
	struct kata_storyboard *sb = NULL;

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &o, &fx_alice, &f->err), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_string_equal(known(sb, kata_questions_find(qs, "target")), "t");
	assert_null(known(sb, kata_questions_find(qs, "actual")));
	/* nor is there a metric to measure */
	fx_assert_error(f, kata_coach_check_answer(sb, kata_questions_find(qs, "measure"), "5",
						   &fx_now, &f->err),
			KATA_EPRACTICE, "no metric to measure");
	kata_storyboard_free(sb);
	kata_questions_free(qs);
	fx_assert_error_at(f, fx_cycle(f, "target: t\nactual: a\nmeasure: 5\nobstacle: o\n"
				       "next_step:\n  step: s\n  expect: e\nsee_by: +1d\n"),
			   KATA_EPRACTICE, "answers.yaml", 3, 10, "no metric to measure");
}

static void test_first_cycle(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "s", "e", NULL, NULL };
	struct kata_storyboard *sb = NULL;

	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_true(kata_coach_first_cycle(sb));
	kata_storyboard_free(sb);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_false(kata_coach_first_cycle(sb));
	kata_storyboard_free(sb);
	/* reflected on: there is nothing to reflect on again */
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "h", "l", &fx_alice,
					   &f->err), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_true(kata_coach_first_cycle(sb));
	kata_storyboard_free(sb);
}

static void test_coach_storyboard(void **state)
{
	static const struct kata_reflection last = { "it went", "we saw" };
	struct fixture *f = *state;
	struct kata_storyboard *sb = (struct kata_storyboard *)1;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	/* what the coach is shown: the parking lot, the open step, the measures */
	assert_non_null(sb->obstacles.rec[0].node);
	assert_non_null(kata_storyboard_open_step(sb));
	assert_non_null(sb->measures.rec[0].node);
	kata_storyboard_free(sb);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &last,
					 &fx_alice, &f->err), 0);
	sb = (struct kata_storyboard *)1;
	fx_assert_error(f, kata_coach_storyboard(&sb, f->repo, "alice", &f->err), KATA_EPRACTICE,
			"alice has no active target condition");
	assert_null(sb);
	fx_assert_error(f, fx_cycle(f, fx_first_cycle), KATA_EPRACTICE,
			"no active target condition");
}

/* A repository's own question set, named in kata.yaml. */
static const char own_set[] =
	"kind: questions\n"
	"id: line-2\n"
	"source: our own wording, after the Coaching Kata's five questions\n"
	"questions:\n"
	"- key: target\n  ask: Target?\n  required: true\n"
	"- key: last_step\n  ask: Last step?\n  first_cycle: skip\n  required: true\n"
	"  parts:\n  - key: happened\n    ask: Happened?\n  - key: learned\n    ask: Learned?\n"
	"- key: safety\n  ask: Was the step safe?\n  first_cycle: skip\n  required: true\n"
	"- key: obstacle\n  ask: Obstacle?\n  required: true\n"
	"- key: next_step\n  ask: Next?\n  required: true\n"
	"  parts:\n  - key: step\n    ask: Step?\n  - key: expect\n    ask: Expect?\n"
	"- key: see_by\n  ask: When?\n  required: true\n";

static int own_cycle(struct fixture *f, const char *yaml)
{
	struct kata_questions *qs = NULL;
	struct kata_node *answers = NULL;
	int rc;

	assert_int_equal(kata_questions_for(&qs, f->repo, fx_datadir(), &f->err), 0);
	assert_string_equal(qs->id, "line-2");
	assert_int_equal(kata_yaml_parse(&answers, yaml, strlen(yaml), "answers.yaml", &f->err), 0);
	rc = kata_coach_cycle(&f->done, f->repo, "alice", qs, answers, "answers.yaml", &fx_bob,
			      &f->err);
	kata_node_free(answers);
	kata_questions_free(qs);
	return rc;
}

/* Its question marked first_cycle: skip and required: true is not asked
 * on a first cycle, and is demanded on the next. */
static void test_own_question_set_skipped_then_required(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	struct kata_storyboard *sb;
	const struct kata_node *ans;

	fx_store(f, "our own questions\n", "questions/line-2.yaml", own_set, "kata.yaml",
		 "kind: repository\nformat: 1\nteam: Line 2\nquestions: questions/line-2.yaml\n",
		 NULL);
	/* not asked on a first cycle: neither demanded nor taken */
	fx_head(f, before);
	fx_assert_error_at(f, own_cycle(f, "target: t\nsafety: yes\nobstacle: o\nnext_step:\n"
					"  step: s\n  expect: e\nsee_by: +1d\n"),
			   KATA_EPRACTICE, "answers.yaml", 2, 1, "'safety' is not asked now");
	fx_assert_head(f, before);
	if (own_cycle(f, "target: t\nobstacle: o\nnext_step:\n  step: s\n  expect: e\n"
			 "see_by: +1d\n") < 0)
		fail_msg("first cycle: %s:%u:%u: %s", f->err.path, f->err.line, f->err.col,
			 f->err.message);

	/* demanded on the second */
	fx_head(f, before);
	fx_assert_error_at(f, own_cycle(f, "target: t\nlast_step:\n  happened: h\n  learned: l\n"
					"obstacle: o\nnext_step:\n  step: s2\n  expect: e2\n"
					"see_by: +1d\n"),
			   KATA_EINVALID, "answers.yaml", 1, 1,
			   "missing answer 'safety' (Was the step safe?)");
	fx_assert_head(f, before);
	if (own_cycle(f, "target: t\nlast_step:\n  happened: h\n  learned: l\nsafety: yes\n"
			 "obstacle: o\nnext_step:\n  step: s2\n  expect: e2\nsee_by: +1d\n") < 0)
		fail_msg("second cycle: %s:%u:%u: %s", f->err.path, f->err.line, f->err.col,
			 f->err.message);

	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->coaching.n, 2);
	assert_string_equal(kata_node_str(sb->coaching.rec[1].node, "questions"), "line-2");
	ans = kata_node_get(sb->coaching.rec[1].node, "answers");
	/* in the set's order, a question kata does not know kept as text */
	assert_string_equal(ans->entries[1].key, "last_step");
	assert_string_equal(ans->entries[2].key, "safety");
	assert_string_equal(kata_node_str(ans, "safety"), "yes");
	assert_false(kata_node_get(ans, "safety")->plain);
	assert_string_equal(kata_node_str(sb->steps.rec[0].node, "status"), "done");
	kata_storyboard_free(sb);
}

/* The go-and-see offered: a working day, at a time. */
static void test_known_see_by_schedule(void **state)
{
	struct fixture *f = *state;
	struct kata_questions *qs = fx_shipped_questions();
	const struct kata_question *q = kata_questions_find(qs, "see_by");
	struct kata_storyboard *sb = NULL;
	struct kata_schedule sched = { { false }, 14 * 60 + 30 };
	struct kata_time midnight = { 1795219200, 0, true }, friday = { 1795770000, 60, true };
	char buf[KATA_COACH_KNOWN_MAX];

	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	/* Saturday 00:00: Monday at 10:00, not midnight */
	assert_string_equal(kata_coach_known(buf, sizeof(buf), sb, q, NULL, &midnight),
			    "2026-11-23 10:00");
	/* Friday 10:00 in +01:00: Monday, in that offset */
	assert_string_equal(kata_coach_known(buf, sizeof(buf), sb, q, NULL, &friday),
			    "2026-11-30 10:00");
	/* a team that works Sunday and Wednesday, at 14:30 */
	sched.days[0] = sched.days[3] = true;
	assert_string_equal(kata_coach_known(buf, sizeof(buf), sb, q, &sched, &fx_now),
			    "2026-11-22 14:30");
	kata_storyboard_free(sb);
	kata_questions_free(qs);
}

/* kata.yaml's keys make the schedule. */
static void test_schedule_from_kata_yaml(void **state)
{
	struct fixture *f = *state;
	struct kata_schedule sched;

	assert_int_equal(kata_init_schedule(&sched, f->repo, &f->err), 0);
	assert_false(sched.days[0]);
	assert_true(sched.days[1] && sched.days[5]);
	assert_false(sched.days[6]);
	assert_int_equal(sched.minutes, -1);
	fx_write(f, "kata.yaml", "kind: repository\nformat: 1\nworking_days: [sat]\ncoaching_time: '07:15'\n");
	assert_int_equal(kata_init_schedule(&sched, f->repo, &f->err), 0);
	assert_true(sched.days[6]);
	assert_false(sched.days[1]);
	assert_int_equal(sched.minutes, 7 * 60 + 15);
	fx_write(f, "kata.yaml", "kind: repository\nformat: 1\ncoaching_time: 7am\n");
	fx_assert_error_at(f, kata_init_schedule(&sched, f->repo, &f->err), KATA_EINVALID,
			   "kata.yaml", 3, 16, "'coaching_time' must be a time of day");
}

/* The actual condition offered: the newest of the last cycle's answer and
 * the last measure; the target's current only before either. */
static void test_known_actual_is_the_latest(void **state)
{
	struct kata_measure_opts mo = { "changeover", "19", NULL, false };
	struct fixture *f = *state;
	struct kata_questions *qs = fx_shipped_questions();
	const struct kata_question *q = kata_questions_find(qs, "actual");
	struct kata_storyboard *sb = NULL;
	struct kata_coach_actual now;
	struct kata_time later = fx_now;

	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	assert_string_equal(known(sb, q), "25 minutes, tools searched for");
	kata_coach_actual(&now, sb);
	assert_int_equal(now.from->kind, KATA_KIND_COACHING);
	assert_string_equal(now.at, "2026-11-21T09:00:00Z");
	kata_storyboard_free(sb);

	later.t += 3600;
	kata_repo_set_now(f->repo, &later);
	assert_int_equal(kata_measure_add(&f->done, f->repo, "alice", &mo, &fx_alice, &f->err), 0);
	assert_int_equal(kata_coach_storyboard(&sb, f->repo, "alice", &f->err), 0);
	kata_coach_actual(&now, sb);
	assert_int_equal(now.from->kind, KATA_KIND_MEASURE);
	assert_string_equal(known(sb, q), "changeover = 19 min");
	kata_storyboard_free(sb);
	kata_questions_free(qs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_coach_first_cycle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coach_answers_kept_alike, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_answers_alike_from_file_or_code, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_coach_second_cycle_reflects, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_coach_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_obstacle_answer_refused_at_its_place, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_check_answer_agrees_with_the_cycle, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_known_answers, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_known_see_by_schedule, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_schedule_from_kata_yaml, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_known_actual_is_the_latest, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_known_without_current, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_first_cycle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coach_storyboard, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_own_question_set_skipped_then_required, fx_setup,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
