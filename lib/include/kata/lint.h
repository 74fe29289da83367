#ifndef KATA_LINT_H
#define KATA_LINT_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/path.h"
#include "kata/types.h"

/*
 * The practice checked against the Starter Kata, on a learner's newest
 * target condition: what fsck cannot call wrong, but a coach would ask
 * about. Each finding names its rule, the record and what to do.
 */

struct kata_lint {
	const char *rule;		/* "target-no-metric", ... (static) */
	char record[KATA_PATH_MAX];	/* the record's file */
	char message[480];		/* the finding and what to do, one line */
};

/*
 * Lints learner's newest target condition: its file, the parking lot, its
 * steps, and the target file's own history back to the target's start
 * (for a moved achieve-by date), nothing else. No target is no finding.
 */
int kata_lint_learner(struct kata_lint **out, size_t *n, struct kata_repo *repo,
		      const char *learner, struct kata_error *err);

#endif
