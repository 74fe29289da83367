#ifndef KATA_TRAILER_H
#define KATA_TRAILER_H

#include <stdbool.h>

#include "kata/error.h"

/*
 * The trailers that make a kata commit machine-readable, written and read
 * here only:
 *
 *   Kata-Learner: alice
 *   Kata-Target: 4fa1...
 *   Kata-Action: step-plan
 *   Kata-Record: 7kq2...
 *   Kata-Reverts: <commit>          (an undo)
 *
 * A commit without Kata-Action was made by hand.
 */

struct kata_trailers {
	char learner[65];	/* each "" when absent */
	char target[65];
	char action[65];
	char record[65];
	char reverts[41];
};

/*
 * Every Kata-Action a kata command writes, NULL-terminated: what
 * `kata log --action` takes. A move with a new action adds it here.
 */
extern const char *const kata_trailer_actions[];
/* Whether action is one of them. */
bool kata_trailer_action_known(const char *action);

/* A commit message: subject, a blank line, body and a blank line when
 * body is not NULL, then the trailers. NULL when out of memory. */
char *kata_trailers_message(const char *subject, const char *body,
			    const struct kata_trailers *t);

/*
 * Reads the trailers of a commit message (git's trailer block, through
 * libgit2). Keys are case-insensitive, as git's. When a key repeats, the
 * last one wins, as in git's configuration. A value kata could not have
 * written (a learner ID that could leave its folder, an ID with spaces or
 * longer than 64) counts as absent: a last one of those leaves the key
 * absent.
 */
int kata_trailers_parse(struct kata_trailers *out, const char *message,
			struct kata_error *err);

#endif
