#ifndef KATA_RECORD_H
#define KATA_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/value.h"
#include "kata/yaml.h"

/*
 * The record model: the kinds of record, the fields each has in the order
 * they are written, and what each field must hold (its type). Where records
 * live is kata/path.h's. Status is always a field, never a path.
 */

enum kata_kind {
	KATA_KIND_REPOSITORY,
	KATA_KIND_LEARNER,
	KATA_KIND_TARGET,
	KATA_KIND_OBSTACLE,
	KATA_KIND_STEP,
	KATA_KIND_MEASURE,
	KATA_KIND_COACHING,
	KATA_KIND_FEEDBACK,
	KATA_KIND__COUNT,
};

#define KATA_FORMAT 1

/* "step", the word in a record's `kind` field. */
const char *kata_record_kind_name(enum kata_kind kind);
/* The kind a record's `kind` field names; KATA_KIND__COUNT for none. */
enum kata_kind kata_record_kind(const struct kata_node *rec);
/* The keys in the order kata writes them (NULL-terminated). */
const char *const *kata_record_order(enum kata_kind kind);

/*
 * A new record of kind: a mapping holding its kind and, but for the
 * repository's, id. NULL when out of memory.
 */
struct kata_node *kata_record_new(enum kata_kind kind, const char *id);

/*
 * Checks a parsed record: kind (must be expected unless that is
 * KATA_KIND__COUNT), required fields, each field's type (text, day, time,
 * number, boolean, ID, status word), text without control characters but
 * newline and tab. Errors name path and the line:col of the offending value.
 */
int kata_record_validate(const struct kata_node *rec, const char *path,
			 enum kata_kind expected, struct kata_error *err);

/* Loads the record at path and validates it as expected. */
int kata_record_load(struct kata_node **out, struct kata_repo *repo,
		     const char *path, enum kata_kind expected,
		     struct kata_error *err);

/*
 * What the scalar value of key reads as in a record of kind: its field's
 * type where kata knows the key (a number field is a number, a text field
 * text however it is written), else what a YAML 1.1 reader makes of it
 * (kata_value_resolve). key NULL: a value nested in a list or mapping.
 */
void kata_record_scalar(struct kata_scalar *out, enum kata_kind kind, const char *key,
			const struct kata_node *value);

#endif
