#ifndef KATA_OBSTACLE_H
#define KATA_OBSTACLE_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * The obstacles parking lot of the active target condition: what the
 * learner thinks stands in the way. One obstacle is worked on at a time,
 * the focus, which is a field of the target: there cannot be two.
 */

int kata_obstacle_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *text, const struct kata_who *who, struct kata_error *err);
/* id: an ID prefix of an open obstacle. */
int kata_obstacle_focus(struct kata_done *out, struct kata_repo *repo, const char *learner,
			const char *id, const struct kata_who *who, struct kata_error *err);
/* Closes an obstacle, with a note if not NULL; a closed focus leaves none. */
int kata_obstacle_close(struct kata_done *out, struct kata_repo *repo, const char *learner,
			const char *id, const char *note, const struct kata_who *who,
			struct kata_error *err);
/*
 * Reopens a closed obstacle (it was not overcome after all), with a note
 * if not NULL: open again, its closing date and note go from the file to
 * the commit's body. It does not take the focus.
 */
int kata_obstacle_reopen(struct kata_done *out, struct kata_repo *repo, const char *learner,
			 const char *id, const char *note, const struct kata_who *who,
			 struct kata_error *err);

#endif
