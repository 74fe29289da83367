#ifndef KATA_RECORD_H
#define KATA_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/store.h"
#include "kata/yaml.h"

/*
 * The record model: the kinds of record, the fields each has in the order
 * they are written, what each field must hold, and where records live:
 *
 *   kata.yaml
 *   learners/<learner>/learner.yaml
 *   learners/<learner>/<seq>-<target id>/target.yaml
 *   learners/<learner>/<seq>-<target id>/{obstacles,steps,measures,coaching,feedback}/<seq>-<id>.yaml
 *
 * The sequence number in a name orders records as they were made without
 * reading them (a step's #N, the newest target); the ID, random, keeps
 * records made in two clones at once apart. Status is always a field.
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

const char *kata_kind_name(enum kata_kind kind);
/* The keys in the order kata writes them (NULL-terminated). */
const char *const *kata_kind_order(enum kata_kind kind);
/* The folder of a target that holds records of kind, e.g. "steps". */
const char *kata_kind_folder(enum kata_kind kind);

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

/* One file or folder in a sequence: "<seq>-<id>[.yaml]". */
struct kata_entry_name {
	char *name;		/* the file or folder name */
	unsigned long seq;
	char id[16];
};

/*
 * Lists a folder of sequenced records in order (seq, then ID); names that
 * are not "<seq>-<id>[.yaml]" are skipped (fsck reports them).
 */
int kata_seq_list(struct kata_entry_name **out, size_t *n, struct kata_repo *repo,
		  const char *folder, bool dirs, struct kata_error *err);
void kata_seq_list_free(struct kata_entry_name *list, size_t n);
/* Parses a "<seq>-<id>[.yaml]" name. */
bool kata_seq_parse(struct kata_entry_name *out, const char *name, bool dir);

#endif
