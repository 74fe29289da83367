#ifndef KATA_STEP_H
#define KATA_STEP_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * Steps: the PDCA cycles of the active target condition, one at a time.
 * A step is planned with what the learner expects; a new one waits until
 * the last one was reflected on (what happened, what was learned).
 */

struct kata_step_opts {
	const char *step;
	const char *expect;
	const char *obstacle;	/* an ID prefix; NULL: the focus obstacle */
	const char *see_by;	/* a WHEN, or NULL */
};

int kata_step_plan(struct kata_done *out, struct kata_repo *repo, const char *learner,
		   const struct kata_step_opts *opts, const struct kata_who *who,
		   struct kata_error *err);

/* id: an ID prefix, or NULL for the open step. */
int kata_step_reflect(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *id, const char *happened, const char *learned,
		      const struct kata_who *who, struct kata_error *err);

#endif
