#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kata/node.h"

/* A mapping kind: step, id: 7kq2, with the keys in that order. */
static struct kata_node *record(void)
{
	struct kata_node *m = kata_node_new(KATA_NODE_MAPPING);

	assert_non_null(m);
	assert_int_equal(kata_node_set_str(m, "kind", "step"), 0);
	assert_int_equal(kata_node_set_str(m, "id", "7kq2"), 0);
	return m;
}

static void test_setters_keep_positions(void **state)
{
	struct kata_node *m = record();

	(void)state;
	/* a value replaced keeps its key's place; a new key goes last */
	assert_int_equal(kata_node_set_str(m, "kind", "measure"), 0);
	assert_int_equal(kata_node_set_plain(m, "value", "52"), 0);
	assert_int_equal(m->n, 3);
	assert_string_equal(m->entries[0].key, "kind");
	assert_string_equal(kata_node_str(m, "kind"), "measure");
	assert_string_equal(m->entries[2].key, "value");
	assert_true(kata_node_get(m, "value")->plain);
	assert_false(kata_node_get(m, "kind")->plain);
	/* text over a plain value is text again */
	assert_int_equal(kata_node_set_str(m, "value", "52"), 0);
	assert_false(kata_node_get(m, "value")->plain);
	kata_node_remove(m, "kind");
	assert_int_equal(m->n, 2);
	assert_string_equal(m->entries[0].key, "id");
	assert_null(kata_node_get(m, "kind"));
	kata_node_remove(m, "absent");
	assert_int_equal(m->n, 2);
	kata_node_free(m);
}

static void test_access_of_missing_and_nested(void **state)
{
	struct kata_node *m = record(), *list = kata_node_new(KATA_NODE_SEQUENCE);

	(void)state;
	assert_null(kata_node_entry(m, "nope"));
	assert_null(kata_node_get(m, "nope"));
	assert_null(kata_node_str(m, "nope"));
	assert_int_equal(kata_node_push_str(list, "a@example.com"), 0);
	assert_int_equal(kata_node_set_node(m, "emails", list), 0);
	/* a value that is no scalar has no text */
	assert_null(kata_node_str(m, "emails"));
	assert_string_equal(kata_node_get(m, "emails")->entries[0].value->text, "a@example.com");
	/* what is not a mapping has no keys; a mapping takes no list items */
	assert_null(kata_node_get(list, "x"));
	assert_int_not_equal(kata_node_push_str(m, "x"), 0);
	assert_int_not_equal(kata_node_push_node(m, kata_node_get(m, "id")), 0);
	kata_node_free(m);
	kata_node_free(NULL);
}

static void test_dup_is_deep(void **state)
{
	struct kata_node *m = record(), *copy;

	(void)state;
	assert_int_equal(kata_node_set_plain(m, "goal", "10"), 0);
	copy = kata_node_dup(m);
	assert_non_null(copy);
	assert_int_equal(kata_node_set_str(m, "id", "changed"), 0);
	assert_string_equal(kata_node_str(copy, "id"), "7kq2");
	assert_true(kata_node_get(copy, "goal")->plain);
	assert_int_equal(copy->n, m->n);
	kata_node_free(m);
	assert_string_equal(kata_node_str(copy, "kind"), "step");
	kata_node_free(copy);
	assert_null(kata_node_dup(NULL));
}

static void test_append_keeps_place_and_key(void **state)
{
	struct kata_node *m = kata_node_new(KATA_NODE_MAPPING), *v = kata_node_new(KATA_NODE_SCALAR);
	char *key = strdup("hand");

	(void)state;
	assert_non_null(key);
	v->text = strdup("added by hand");
	v->line = 7;
	v->col = 7;
	assert_int_equal(kata_node_append(m, key, 7, 1, v), 0);
	assert_int_equal(kata_node_entry(m, "hand")->line, 7);
	assert_int_equal(kata_node_entry(m, "hand")->col, 1);
	assert_string_equal(kata_node_str(m, "hand"), "added by hand");
	kata_node_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setters_keep_positions),
		cmocka_unit_test(test_access_of_missing_and_nested),
		cmocka_unit_test(test_dup_is_deep),
		cmocka_unit_test(test_append_keeps_place_and_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
