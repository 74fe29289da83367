#ifndef KATA_STORYBOARD_H
#define KATA_STORYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/types.h"
#include "kata/yaml.h"

/*
 * A learner's storyboard: the learner, their newest target condition (or
 * another one asked for) and that target's records. It is what `kata show` shows, and the state every
 * writing move reads, once, before it decides: one loader for both, so that
 * what a view shows is what a move checks. It reads one target's folder
 * and nothing else, so its cost follows the size of one target, not of the
 * history; a move asks for only the records it needs (the open step is the
 * last step, the last coaching cycle the last file), the rest by name.
 */

struct kata_rec {
	enum kata_kind kind;
	char path[KATA_PATH_MAX];
	char id[16];
	unsigned long seq;		/* its position in its list, from 1 (step #N) */
	unsigned long number;		/* the number in its file or folder name */
	struct kata_node *node;		/* NULL when it was not asked for */
	size_t abbrev;			/* the shortest unambiguous ID length */
};

/* The records of one kind, in the order they were made. */
struct kata_recs {
	struct kata_rec *rec;
	size_t n;
};

/* How much of a kind to read: the names only, the last record, or all. */
enum kata_load {
	KATA_LOAD_NAMES,
	KATA_LOAD_LAST,
	KATA_LOAD_ALL,
};

struct kata_storyboard_opts {
	enum kata_load obstacles, steps, measures, coaching, feedback;
	const char *target;	/* an ID prefix of the target to read; NULL: the newest */
};

struct kata_storyboard {
	char learner_id[65];
	struct kata_node *learner;
	struct kata_rec *target;	/* the newest target (or the one asked for),
					   or NULL */
	char target_dir[KATA_PATH_MAX];	/* its folder; "" when there is none */
	struct kata_recs obstacles;
	struct kata_recs steps;
	struct kata_recs measures;	/* by 'at' when all are read, else as made */
	struct kata_recs coaching;
	struct kata_recs feedback;
};

/*
 * Loads the storyboard of learner (KATA_ENOTFOUND when there is no such
 * learner, KATA_EINVALID for an ID that is none). opts says how much of
 * each kind to read; NULL reads everything. A broken record is an error
 * naming its file, line and column.
 */
int kata_storyboard_load(struct kata_storyboard **out, struct kata_repo *repo,
			 const char *learner, const struct kata_storyboard_opts *opts,
			 struct kata_error *err);
void kata_storyboard_free(struct kata_storyboard *sb);

/* The records of kind in the target (obstacles, steps, ...); NULL for the
 * kinds with a file of their own (target, learner). */
const struct kata_recs *kata_storyboard_list(const struct kata_storyboard *sb,
					     enum kata_kind kind);

/*
 * Finds a record of kind (one of the target's folders, or the target
 * itself) by an ID prefix (kata_id_match's rules and messages); its node is
 * there if that kind was read.
 */
int kata_storyboard_find(const struct kata_rec **out, const struct kata_storyboard *sb,
			 enum kata_kind kind, const char *prefix, struct kata_error *err);

/* Whether the learner works on a target condition now. */
bool kata_storyboard_active(const struct kata_storyboard *sb);
/* The obstacle in focus, or NULL. */
const struct kata_rec *kata_storyboard_focus(const struct kata_storyboard *sb);
/* The open step (only ever the last one), or NULL; needs the last step read. */
const struct kata_rec *kata_storyboard_open_step(const struct kata_storyboard *sb);
/* The last record of a list, or NULL for an empty one. */
const struct kata_rec *kata_storyboard_last(const struct kata_recs *list);

#endif
