#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/record.h"
#include "kata/value.h"

/*
 * JSON of a record: each scalar as its field's type says (lib/ decides,
 * kata_record_scalar), so that a number field is a number however it was
 * written, and a key added by hand reads as a YAML 1.1 reader reads it.
 */
static json_t *scalar_json(enum kata_kind kind, const char *key, const struct kata_node *n)
{
	struct kata_scalar s;

	kata_record_scalar(&s, kind, key, n);
	switch (s.type) {
	case KATA_SCALAR_INT:
		return json_integer((json_int_t)s.i);
	case KATA_SCALAR_REAL:
		return json_real(s.r);
	case KATA_SCALAR_BOOL:
		return json_boolean(s.b);
	case KATA_SCALAR_NULL:
		return json_null();
	default:
		return json_string(n->text);
	}
}

static json_t *node_json(enum kata_kind kind, const char *key, const struct kata_node *n)
{
	json_t *j;
	size_t i;

	switch (n->type) {
	case KATA_NODE_SCALAR:
		return scalar_json(kind, key, n);
	case KATA_NODE_SEQUENCE:
		j = json_array();
		for (i = 0; i < n->n; i++)
			json_array_append_new(j, node_json(kind, NULL, n->entries[i].value));
		return j;
	case KATA_NODE_MAPPING:
		j = json_object();
		for (i = 0; i < n->n; i++)
			json_object_set_new(j, n->entries[i].key,
					    node_json(kind, NULL, n->entries[i].value));
		return j;
	}
	return json_null();
}

json_t *cmd_json_record(const struct kata_node *rec)
{
	enum kata_kind kind = kata_record_kind(rec);
	json_t *j = json_object();
	size_t i;

	for (i = 0; i < rec->n; i++)
		json_object_set_new(j, rec->entries[i].key,
				    node_json(kind, rec->entries[i].key, rec->entries[i].value));
	return j;
}

int cmd_json_print(json_t *json)
{
	int rc = json_dumpf(json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(json);
	fputc('\n', stdout);
	return rc == 0 ? 0 : cmd_errorf("cannot write JSON");
}
