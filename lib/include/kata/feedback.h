#ifndef KATA_FEEDBACK_H
#define KATA_FEEDBACK_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/questions.h"
#include "kata/types.h"

/*
 * The second coach's feedback to the coach on one coaching cycle: a note
 * for the coach and, per phase (question) of the cycle, minutes spent and
 * notes. Authored by the second coach; it lives beside the cycle, in the
 * folder of the cycle's target condition, ended or not.
 */

/* The most minutes one phase of a cycle can take: the whole cycle is
 * meant to take 15 to 20. */
#define KATA_FEEDBACK_MINUTES_MAX 120

struct kata_feedback_phase {
	unsigned phase;		/* a question of the set, from 1 */
	const char *minutes;	/* a number, more than 0 and at most
				   KATA_FEEDBACK_MINUTES_MAX, or NULL */
	const char *note;	/* or NULL */
};

/*
 * The phase arg names in the question set qs: the number of one of its
 * questions (from 1, in the set's order) or the question's key. Anything
 * else is KATA_EINVALID, with a message naming the valid phases; so is a
 * phase among the n phases given before it (NULL for none).
 */
int kata_feedback_phase(unsigned *out, const struct kata_questions *qs, const char *arg,
			const struct kata_feedback_phase *before, size_t n,
			struct kata_error *err);

/*
 * The target condition (its ID, in target) whose folder holds the coaching
 * cycle session (an ID prefix) of learner: the newest target first, then
 * the earlier ones, newest first; the first that has it decides, since the
 * abbreviations kata shows are those of one target. KATA_ENOTFOUND when
 * none has it, KATA_EAMBIGUOUS for a prefix of several in that target.
 */
int kata_feedback_find_session(char target[16], struct kata_repo *repo, const char *learner,
			       const char *session, struct kata_error *err);

/*
 * Records feedback on the coaching cycle session (an ID prefix, looked
 * for as kata_feedback_find_session does), or on the last one of the
 * newest target when session is NULL. The phases are checked against qs
 * (the question set in use; NULL will do when n is 0): each a question of
 * it, at most once.
 */
int kata_feedback_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *session, const char *note, const struct kata_questions *qs,
		      const struct kata_feedback_phase *phases, size_t n,
		      const struct kata_who *who, struct kata_error *err);

#endif
