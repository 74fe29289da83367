#ifndef KATA_MOVE_H
#define KATA_MOVE_H

/*
 * The skeleton every writing move shares (private to lib/):
 *
 *   move_begin     the lock, then the learner's state, read once under it
 *   (checks)       the practice's rules, against that state
 *   move_new/put   the records the move writes
 *   move_commit    the one commit, with its subject and trailers
 *   move_release   always
 *
 * Reading under the lock is what makes a check hold when the commit
 * lands: a second command waits, then reads what the first one wrote.
 */

#include <stdbool.h>

#include "kata/error.h"
#include "kata/record.h"
#include "kata/storyboard.h"
#include "kata/txn.h"
#include "kata/types.h"
#include "kata/when.h"

#define MOVE_FRESH_MAX 8	/* new records in one move */

struct move {
	struct kata_repo *repo;
	struct kata_txn *txn;
	struct kata_storyboard *sb;	/* NULL when the move reads none */
	const char *learner;		/* whose records; NULL for kata.yaml */
	char target[16];		/* the target the move is about; "" none */
	char now[KATA_TIME_BUFSZ];	/* the repository's clock, RFC 3339 */
	const char *body;		/* the commit message's body, or NULL */
	struct kata_rec *fresh[MOVE_FRESH_MAX];
	size_t n_fresh;
	char warn[KATA_DONE_WARN_MAX][KATA_DONE_WARN_LEN];
	unsigned n_warn;
};

enum move_need {
	MOVE_ANY_TARGET,		/* a target or none */
	MOVE_ACTIVE_TARGET,		/* refused without an active target */
};

/*
 * Takes the repository lock; then, with load, reads the learner's
 * storyboard under it (as much of it as load asks). Whatever it returns,
 * move_release() follows.
 */
int move_begin(struct move *m, struct kata_repo *repo, const char *learner,
	       const struct kata_storyboard_opts *load, enum move_need need,
	       struct kata_error *err);

/*
 * A new record of kind in the target's folder: a new ID, the next number
 * in its folder, and a mapping that holds kind, id and target. The move
 * owns it.
 */
int move_new(struct kata_rec **out, struct move *m, enum kata_kind kind,
	     struct kata_error *err);

/* A record of kind in the move's storyboard by ID prefix, to change. */
int move_find(struct kata_rec **out, struct move *m, enum kata_kind kind,
	      const char *prefix, struct kata_error *err);

/* Stages a record as its kind writes it. */
int move_put(struct move *m, const struct kata_rec *rec, struct kata_error *err);

/*
 * The one commit, authored by who: subject "<learner>: <fmt ...>" and the
 * Kata-* trailers (learner, target, action, record). out, unless NULL,
 * says what was done: record, its position seq, and the commit.
 */
int move_commit(struct kata_done *out, struct move *m, const struct kata_who *who,
		const char *action, const char *record, unsigned long seq,
		struct kata_error *err, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

void move_release(struct move *m);

/*
 * The reflection that closes the open step s: what happened and what was
 * learned, and when. Every move that closes a step (step done, a coaching
 * cycle, a target ended with its step open) closes it here, so a closed
 * step always has the same fields.
 */
int move_reflect(struct move *m, struct kata_rec *s, const char *happened,
		 const char *learned, struct kata_error *err);

/* Checks a reflection's two texts before the lock: both, and each a text. */
int move_check_reflection(const char *happened, const char *learned, struct kata_error *err);

/* A warning for the person who made the move: it was made, but the
 * practice says look again (kata_done.warn). Beyond KATA_DONE_WARN_MAX,
 * dropped. */
void move_warn(struct move *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
