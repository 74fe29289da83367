#ifndef KATA_TARGET_H
#define KATA_TARGET_H

#include <stdbool.h>

#include "kata/error.h"
#include "kata/storyboard.h"
#include "kata/types.h"

/*
 * Target conditions: the next desired condition on the way to the
 * challenge, with an achieve-by date and a metric. One is active at a time
 * per learner: the newest, until it is reached or abandoned.
 */

struct kata_target_opts {
	const char *challenge;
	const char *condition;
	const char *by;		/* a WHEN; kept as a day, not in the past */
	const char *current;	/* the current condition at the start */
	const char *metric;
	const char *unit;
	const char *goal;	/* a number */
	bool lower_is_better;
	bool carry_obstacles;	/* the last target's open obstacles come along,
				   each with carried_from, the focus too */
};

/* Starts the learner's next target condition; refused while one is active. */
int kata_target_start(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const struct kata_target_opts *opts, const struct kata_who *who,
		      struct kata_error *err);

enum kata_target_end {
	KATA_TARGET_DONE,	/* reached */
	KATA_TARGET_ABANDONED,
};

/* The reflection on a step: what happened, what was learned. */
struct kata_reflection {
	const char *happened;
	const char *learned;
};

/*
 * Ends the active target condition, with a note if not NULL. A step still
 * open is reflected on in the same commit, with last (refused without it,
 * naming the step, so that nothing stays open under an ended target; and
 * refused with it when no step is open).
 */
int kata_target_end(struct kata_done *out, struct kata_repo *repo, const char *learner,
		    enum kata_target_end how, const char *note,
		    const struct kata_reflection *last, const struct kata_who *who,
		    struct kata_error *err);

/* Where a target's metric stands against its goal. */
struct kata_target_result {
	const char *metric, *unit, *goal;	/* NULL: the target has none */
	const struct kata_rec *last;	/* the metric's last value by 'at', or NULL */
	bool met;			/* last meets the goal (false without both) */
};

/* Whether value (a stored number) meets the goal of target t, which has one. */
bool kata_target_goal_met(const struct kata_node *t, const char *value);

/* The result of sb's target, from its measures (read in full). */
void kata_target_result(struct kata_target_result *out, const struct kata_storyboard *sb);

/* One of a learner's target conditions, as 'kata target list' shows it. */
struct kata_target_item {
	struct kata_rec rec;	/* its target.yaml, read; abbrev across the
				   learner's targets */
	size_t steps;		/* the steps its folder holds, counted by name */
};

/*
 * Every target condition of learner, oldest first: each target file and
 * the names in its steps folder, nothing else, so the cost follows the
 * number of targets, not the history.
 */
int kata_target_list(struct kata_target_item **out, size_t *n, struct kata_repo *repo,
		     const char *learner, struct kata_error *err);
void kata_target_list_free(struct kata_target_item *list, size_t n);

#endif
