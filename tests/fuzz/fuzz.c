#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/error.h"
#include "kata/yaml.h"

#include "fuzz.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

bool fuzz_node_equal(const struct kata_node *a, const struct kata_node *b)
{
	size_t i;

	if (!a || !b || a->type != b->type)
		return false;
	if (a->type == KATA_NODE_SCALAR)
		return !strcmp(a->text, b->text) && a->plain == b->plain;
	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct kata_node *other = a->type == KATA_NODE_MAPPING ?
			kata_node_get(b, a->entries[i].key) : b->entries[i].value;

		if (!fuzz_node_equal(a->entries[i].value, other))
			return false;
	}
	return true;
}

/* Says what broke, with both texts, before the abort libFuzzer reports. */
static void broke(const char *what, const char *first, const char *second,
		  const struct kata_error *err)
{
	fprintf(stderr, "fuzz: %s%s%s\n", what, err && err->message ? ": " : "",
		err && err->message ? err->message : "");
	fprintf(stderr, "--- first write\n%s--- second write\n%s---\n",
		first ? first : "(none)\n", second ? second : "(none)\n");
	abort();
}

void fuzz_roundtrip(const struct kata_node *rec, const char *const *order)
{
	struct kata_node *again = NULL;
	char *first = NULL, *second = NULL;
	size_t first_len, second_len;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_yaml_emit(&first, &first_len, rec, order, &err) < 0)
		broke("a parsed record cannot be written", NULL, NULL, &err);
	if (kata_yaml_parse(&again, first, first_len, "written.yaml", &err) < 0)
		broke("a written record does not parse", first, NULL, &err);
	if (!fuzz_node_equal(rec, again))
		broke("a written record parses to other values", first, NULL, NULL);
	if (kata_yaml_emit(&second, &second_len, again, order, &err) < 0)
		broke("a record parsed again cannot be written", first, NULL, &err);
	if (first_len != second_len || memcmp(first, second, first_len))
		broke("a record written twice changes", first, second, NULL);
	kata_node_free(again);
	free(first);
	free(second);
	kata_error_release(&err);
}
