#ifndef KATA_FEEDBACK_H
#define KATA_FEEDBACK_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"

/*
 * The second coach's feedback to the coach on one coaching cycle: a note
 * for the coach and, per phase (question) of the cycle, minutes spent and
 * notes. Authored by the second coach; it lives beside the cycle.
 */

struct kata_feedback_phase {
	unsigned phase;		/* a question of the cycle, from 1 (at most 20) */
	const char *minutes;	/* a number, or NULL */
	const char *note;	/* or NULL */
};

/* session: an ID prefix of a coaching record of the learner's newest
 * target; NULL: the last one. */
int kata_feedback_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *session, const char *note,
		      const struct kata_feedback_phase *phases, size_t n,
		      const struct kata_who *who, struct kata_error *err);

#endif
