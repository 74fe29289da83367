#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kata/merge.h"
#include "kata/record.h"
#include "kata/yaml.h"

static struct kata_node *parse(const char *yaml)
{
	struct kata_node *n = NULL;
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_yaml_parse(&n, yaml, strlen(yaml), "t.yaml", &err), 0);
	return n;
}

/* Merges three YAML texts; returns the merged record emitted in kata's
 * order for a step, and the conflicts. */
static char *merge(const char *b, const char *o, const char *t,
		   const struct kata_merge_choice *ch, size_t nch,
		   struct kata_merge_conflict **c, size_t *n)
{
	struct kata_node *nb = b ? parse(b) : NULL, *no = parse(o), *nt = parse(t), *out = NULL;
	struct kata_error err;
	char *text = NULL;
	size_t len;

	kata_error_init(&err);
	assert_int_equal(kata_merge_record(&out, c, n, nb, no, nt, ch, nch, &err), 0);
	assert_int_equal(kata_yaml_emit(&text, &len, out, kata_record_order(KATA_KIND_STEP), &err), 0);
	kata_node_free(nb);
	kata_node_free(no);
	kata_node_free(nt);
	kata_node_free(out);
	return text;
}

#define BASE "kind: step\nid: s1\nstep: move the bin\nexpect: faster\nstatus: open\n"

static void test_one_side_changes_take_that_side(void **state)
{
	struct kata_merge_conflict *c;
	size_t n;
	char *m;

	(void)state;
	/* ours reflects, theirs fixes the expectation: both land */
	m = merge(BASE, "kind: step\nid: s1\nstep: move the bin\nexpect: faster\nstatus: done\nhappened: it was\n",
		  "kind: step\nid: s1\nstep: move the bin\nexpect: 10% faster\nstatus: open\n", NULL, 0,
		  &c, &n);
	assert_int_equal(n, 0);
	assert_string_equal(m, "kind: step\nid: s1\nstep: move the bin\nexpect: 10% faster\n"
			       "status: done\nhappened: it was\n");
	free(m);
	kata_merge_conflicts_free(c, n);
}

static void test_same_change_and_hand_key(void **state)
{
	struct kata_merge_conflict *c;
	size_t n;
	char *m;

	(void)state;
	/* both closed it the same way; a key added by hand on theirs survives,
	   written after kata's own keys */
	m = merge(BASE, "kind: step\nid: s1\nstep: move the bin\nexpect: faster\nstatus: done\n",
		  "kind: step\nid: s1\nstep: move the bin\nshift: night\nexpect: faster\nstatus: done\n",
		  NULL, 0, &c, &n);
	assert_int_equal(n, 0);
	assert_string_equal(m, "kind: step\nid: s1\nstep: move the bin\nexpect: faster\nstatus: done\n"
			       "shift: night\n");
	free(m);
	kata_merge_conflicts_free(c, n);
}

static void test_same_field_differently_conflicts(void **state)
{
	struct kata_merge_conflict *c;
	struct kata_merge_choice theirs = { "happened", KATA_MERGE_THEIRS };
	size_t n;
	char *m;

	(void)state;
	m = merge(BASE, BASE "happened: she saw it\n", BASE "happened: he saw it\n", NULL, 0, &c, &n);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].key, "happened");
	assert_string_equal(c[0].ours, "she saw it");
	assert_string_equal(c[0].theirs, "he saw it");
	free(m);
	kata_merge_conflicts_free(c, n);
	/* settled: theirs */
	m = merge(BASE, BASE "happened: she saw it\n", BASE "happened: he saw it\n", &theirs, 1, &c, &n);
	assert_int_equal(n, 0);
	assert_non_null(strstr(m, "happened: he saw it\n"));
	free(m);
	kata_merge_conflicts_free(c, n);
}

static void test_removed_and_nested_and_lists(void **state)
{
	struct kata_merge_conflict *c;
	size_t n;
	char *m;

	(void)state;
	/* a key one side removed goes; nested keys merge one by one; lists
	   merge as sets */
	m = merge("kind: step\nid: s1\nnote: x\na:\n  p: 1\n  q: 1\nl:\n- one\n- two\n",
		  "kind: step\nid: s1\na:\n  p: 2\n  q: 1\nl:\n- one\n- two\n- three\n",
		  "kind: step\nid: s1\nnote: x\na:\n  p: 1\n  q: 3\nl:\n- two\n- four\n", NULL, 0, &c,
		  &n);
	assert_int_equal(n, 0);
	assert_string_equal(m, "kind: step\nid: s1\na:\n  p: 2\n  q: 3\nl:\n- two\n- three\n- four\n");
	free(m);
	kata_merge_conflicts_free(c, n);
	/* removed on one side, changed on the other: a conflict, named nested */
	m = merge("kind: step\nid: s1\na:\n  p: 1\n", "kind: step\nid: s1\na:\n  q: 1\n",
		  "kind: step\nid: s1\na:\n  p: 2\n", NULL, 0, &c, &n);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].key, "a.p");
	assert_string_equal(c[0].ours, "(none)");
	assert_string_equal(c[0].theirs, "2");
	free(m);
	kata_merge_conflicts_free(c, n);
}

static void test_made_on_both_sides(void **state)
{
	struct kata_merge_conflict *c;
	size_t n;
	char *m;

	(void)state;
	/* no base: equal keys merge, different ones conflict */
	m = merge(NULL, "kind: step\nid: s1\nstep: a\n", "kind: step\nid: s1\nstep: b\n", NULL, 0,
		  &c, &n);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].key, "step");
	free(m);
	kata_merge_conflicts_free(c, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_side_changes_take_that_side),
		cmocka_unit_test(test_same_change_and_hand_key),
		cmocka_unit_test(test_same_field_differently_conflicts),
		cmocka_unit_test(test_removed_and_nested_and_lists),
		cmocka_unit_test(test_made_on_both_sides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
