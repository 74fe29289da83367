#ifndef KATA_MERGE_H
#define KATA_MERGE_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/node.h"

/*
 * The three-way merge of one record, key by key against the common
 * ancestor (SPEC 9): a key changed on one side only takes that side; the
 * same change on both is no conflict; a key added (by kata or by hand) on
 * one side survives; nested mappings merge the same way, key by key; lists
 * merge as sets where both sides changed them (the items one side removed
 * go, the items either side added come, in the order ours had them). What
 * is left, a key that both sides changed differently, is a conflict, named
 * by its key ("happened", or "answers.obstacles" inside a mapping).
 */

enum kata_merge_side { KATA_MERGE_OURS, KATA_MERGE_THEIRS };

struct kata_merge_conflict {
	char *key;		/* "happened"; a nested one "answers.q1" */
	char *ours, *theirs;	/* each value as one line, "(none)" when removed */
};

/* A settled conflict: the key takes that side's value. */
struct kata_merge_choice {
	const char *key;
	enum kata_merge_side side;
};

/*
 * Merges the mappings ours and theirs against base (NULL when both sides
 * made the record). *out is the merged record, keys in ours' order with
 * theirs' new ones after (the emitter puts kata's keys first), even when
 * there are conflicts: at each of them it holds ours' value, unless a
 * choice settles it. The unsettled conflicts go to *conflicts (*n of them,
 * freed with kata_merge_conflicts_free).
 */
int kata_merge_record(struct kata_node **out, struct kata_merge_conflict **conflicts,
		      size_t *n, const struct kata_node *base, const struct kata_node *ours,
		      const struct kata_node *theirs, const struct kata_merge_choice *choices,
		      size_t n_choices, struct kata_error *err);
void kata_merge_conflicts_free(struct kata_merge_conflict *conflicts, size_t n);

/* Whether two nodes hold the same values (mapping keys in any order). */
bool kata_merge_node_equal(const struct kata_node *a, const struct kata_node *b);

#endif
