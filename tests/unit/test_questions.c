#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/questions.h"
#include "kata/repo.h"

/* Every question set kata ships loads and holds what a cycle needs. */
static void test_shipped_sets_load(void **state)
{
	char folder[4096];
	struct dirent *de;
	DIR *dir;
	size_t sets = 0;

	(void)state;
	snprintf(folder, sizeof(folder), "%s/questions", fx_datadir());
	assert_non_null(dir = opendir(folder));
	while ((de = readdir(dir))) {
		struct kata_questions *qs = NULL;
		struct kata_error err;
		char path[8192];
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", folder, de->d_name);
		kata_error_init(&err);
		if (kata_questions_load(&qs, path, de->d_name, &err) < 0)
			fail_msg("%s:%u:%u: %s", err.path, err.line, err.col, err.message);
		assert_non_null(kata_questions_find(qs, "next_step"));
		assert_non_null(kata_questions_find(qs, "see_by"));
		assert_true(strlen(qs->source) > 10);
		kata_questions_free(qs);
		sets++;
	}
	closedir(dir);
	assert_true(sets >= 1);
}

/* The shipped set is the Coaching Kata's: five questions and the
 * reflection, in the card's order, with the keys of SPEC 5. */
static void test_coaching_kata_order(void **state)
{
	static const char *const keys[] = { "target", "actual", "measure", "last_step",
					    "obstacle", "next_step", "see_by", "note" };
	struct kata_questions *qs = fx_shipped_questions();
	const struct kata_question *q;
	size_t i;

	(void)state;
	assert_int_equal(qs->n, 8);
	for (i = 0; i < qs->n; i++)
		assert_string_equal(qs->q[i].key, keys[i]);
	assert_string_equal(qs->q[0].ask, "What is the target condition?");
	q = kata_questions_find(qs, "last_step");
	assert_true(q->skip_first_cycle);
	assert_int_equal(q->n_parts, 2);
	assert_string_equal(q->parts[0].key, "happened");
	assert_string_equal(q->parts[1].key, "learned");
	assert_false(kata_questions_find(qs, "measure")->required);
	assert_true(kata_questions_find(qs, "see_by")->required);
	assert_non_null(strstr(qs->source, "Rother"));
	kata_questions_free(qs);
}

struct bad_set {
	const char *yaml;
	unsigned line, col;
	const char *says;
};

static void test_malformed_sets_refused(void **state)
{
	static const struct bad_set cases[] = {
		{ "kind: answers\nid: x\nsource: y\nquestions: []\n", 1, 7, "kind: questions" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: next_step\n  ask: a\n  parts:\n  - key: step\n    ask: s\n  - key: expect\n    ask: e\n- key: see_by\n  ask: when\n  requird: true\n",
		  14, 3, "unknown field 'requird'" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: next_step\n  ask: a\n- key: see_by\n  ask: w\n",
		  5, 3, "needs its parts" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: see_by\n  ask: a\n- key: see_by\n  ask: b\n",
		  7, 8, "asked twice" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: see_by\n  ask: a\n",
		  5, 1, "must ask 'next_step'" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: Bad-Key\n  ask: a\n",
		  5, 8, "invalid key" },
		{ "kind: questions\nid: x\nsource: somewhere\nquestions:\n- key: next_step\n  ask: a\n  parts:\n  - key: step\n    ask: s\n  - key: hope\n    ask: e\n- key: see_by\n  ask: w\n",
		  8, 3, "step and expect" },
		{ "kind: questions\nid: x\nquestions: [\n", 4, 1, "" },
	};
	struct fixture *f = *state;
	char *path = fx_path(f, "set.yaml");
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kata_questions *qs = NULL;
		struct kata_error err;

		kata_error_init(&err);
		fx_write(f, "set.yaml", cases[i].yaml);
		assert_int_equal(kata_questions_load(&qs, path, "set.yaml", &err), KATA_EINVALID);
		assert_null(qs);
		assert_string_equal(err.path, "set.yaml");
		if (err.line != cases[i].line || err.col != cases[i].col ||
		    !strstr(err.message, cases[i].says))
			fail_msg("case %zu: got %u:%u: %s", i, err.line, err.col, err.message);
		kata_error_release(&err);
	}
	free(path);
}

/* A repository names its own set in kata.yaml; it must stay inside. */
/* A set in memory reads as the same bytes in a file would. */
static void test_parse_in_memory(void **state)
{
	static const char set[] =
		"kind: questions\nid: min\nsource: s\nquestions:\n"
		"- key: next_step\n  ask: Next?\n  parts:\n  - {key: step, ask: Step?}\n"
		"  - {key: expect, ask: Expect?}\n- key: see_by\n  ask: When?\n";
	struct kata_questions *qs = NULL;
	struct kata_error err;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_questions_parse(&qs, set, sizeof(set) - 1, "min.yaml", &err), 0);
	assert_string_equal(qs->id, "min");
	assert_int_equal(qs->n, 2);
	assert_int_equal(kata_questions_find(qs, "next_step")->n_parts, 2);
	assert_int_equal(kata_questions_role(qs, KATA_ROLE_SEE_BY)->type, KATA_ANSWER_WHEN);
	kata_questions_free(qs);
	/* without its see_by, refused at the list, naming the file */
	assert_int_equal(kata_questions_parse(&qs, set, sizeof(set) - 1 - 27, "min.yaml", &err),
			 KATA_EINVALID);
	assert_null(qs);
	assert_string_equal(err.path, "min.yaml");
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.message, "must ask 'see_by'"));
	kata_error_release(&err);
}

static void test_repository_set(void **state)
{
	static const char own[] =
		"kind: questions\nid: ours\nsource: the team\nlanguage: de\nquestions:\n"
		"- key: challenge\n  ask: Was ist die Herausforderung?\n"
		"- key: next_step\n  ask: Was ist der nächste Schritt?\n  parts:\n"
		"  - key: step\n    ask: Schritt?\n  - key: expect\n    ask: Was erwartest du?\n"
		"- key: see_by\n  ask: Wann können wir uns ansehen, was wir gelernt haben?\n";
	struct fixture *f = *state;
	struct kata_questions *qs = NULL;

	/* without a set of its own: the shipped one */
	assert_int_equal(kata_questions_for(&qs, f->repo, fx_datadir(), &f->err), 0);
	assert_string_equal(qs->id, "coaching-kata");
	kata_questions_free(qs);

	fx_write(f, "ours.yaml", own);
	fx_write(f, "kata.yaml", "kind: repository\nformat: 1\nquestions: ours.yaml\n");
	assert_int_equal(kata_questions_for(&qs, f->repo, fx_datadir(), &f->err), 0);
	assert_string_equal(qs->id, "ours");
	assert_string_equal(qs->q[0].key, "challenge");
	kata_questions_free(qs);

	fx_write(f, "kata.yaml", "kind: repository\nformat: 1\nquestions: ../x.yaml\n");
	assert_int_equal(kata_questions_for(&qs, f->repo, fx_datadir(), &f->err), KATA_EINVALID);
	assert_string_equal(f->err.path, "kata.yaml");
	assert_int_equal(f->err.line, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_sets_load),
		cmocka_unit_test(test_coaching_kata_order),
		cmocka_unit_test(test_parse_in_memory),
		cmocka_unit_test_setup_teardown(test_malformed_sets_refused, fx_setup_bare,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_repository_set, fx_setup_init, fx_teardown),
	};

	return th_run_isolated(tests);
}
