#ifndef KATA_STORYBOARD_H
#define KATA_STORYBOARD_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/store.h"
#include "kata/yaml.h"

/*
 * A learner's storyboard: what `kata show` shows. It reads the learner,
 * their newest target condition and that target's records, and nothing
 * else: its cost follows the size of one target, not of the history.
 */

struct kata_rec {
	char *path;
	char id[16];
	unsigned long seq;		/* position in its list, from 1 */
	struct kata_node *node;
	size_t abbrev;			/* shortest unambiguous ID length */
};

struct kata_storyboard {
	char *learner_id;
	struct kata_node *learner;
	struct kata_rec *target;	/* the newest target, or NULL */
	struct kata_rec *obstacles;
	size_t n_obstacles;
	struct kata_rec *steps;
	size_t n_steps;
	struct kata_rec *measures;	/* ordered by 'at' */
	size_t n_measures;
	struct kata_rec *coaching;	/* coaching cycles, oldest first */
	size_t n_coaching;
};

int kata_storyboard_load(struct kata_storyboard **out, struct kata_repo *repo,
			 const char *learner, struct kata_error *err);
void kata_storyboard_free(struct kata_storyboard *sb);

/* The obstacle in focus, or NULL. */
const struct kata_rec *kata_storyboard_focus(const struct kata_storyboard *sb);
/* The open step, or NULL. */
const struct kata_rec *kata_storyboard_open_step(const struct kata_storyboard *sb);

#endif
