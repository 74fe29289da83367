/*
 * The record reader: any bytes, parsed as a record file is, checked as
 * every reader checks a record, and when they parse, written again and
 * parsed again (fuzz_roundtrip).
 */
#include <stdlib.h>

#include "kata/record.h"
#include "kata/value.h"
#include "kata/yaml.h"

#include "fuzz.h"

/* Every scalar as `kata --json` reads it: a field's type at the top, what
 * a YAML 1.1 reader makes of it below. */
static void scalars(enum kata_kind kind, const char *key, const struct kata_node *n)
{
	struct kata_scalar s;
	size_t i;

	if (n->type == KATA_NODE_SCALAR) {
		kata_record_scalar(&s, kind, key, n);
		return;
	}
	for (i = 0; i < n->n; i++)
		scalars(kind, NULL, n->entries[i].value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kata_node *rec = NULL;
	struct kata_error err;
	enum kata_kind kind;
	size_t i;

	kata_error_init(&err);
	if (kata_yaml_parse(&rec, (const char *)data, size, "fuzz.yaml", &err) < 0)
		goto done;
	kind = kata_record_kind(rec);
	(void)kata_record_validate(rec, "fuzz.yaml", KATA_KIND__COUNT, &err);
	kata_error_release(&err);
	for (i = 0; i < rec->n; i++)
		scalars(kind, rec->entries[i].key, rec->entries[i].value);
	fuzz_roundtrip(rec, kind != KATA_KIND__COUNT ? kata_record_order(kind) : NULL);
done:
	kata_error_release(&err);
	kata_node_free(rec);
	return 0;
}
