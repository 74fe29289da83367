#ifndef KATA_SYNC_H
#define KATA_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/buf.h"
#include "kata/error.h"
#include "kata/merge.h"
#include "kata/types.h"

/*
 * kata sync (SPEC 9): fetch the remote's branch, bring it in (a
 * fast-forward, or one merge commit that merges records key by key,
 * kata/merge.h), push, and when the push is refused because the remote
 * moved meanwhile, fetch and merge again, a bounded number of times.
 *
 * A merge that cannot be made (a field both sides changed differently, or
 * a merged learner that would break a rule of the practice: two open steps
 * in one target, two active targets) changes nothing: the branch, index
 * and work tree stay as they were, the remote's commit stays in
 * refs/remotes/, and what stopped it is kept in .git/kata/sync-stopped
 * until it is settled, one side chosen per conflict
 * (kata_sync_choose, kept in .git/kata/sync-choices), and the next
 * kata_sync applies the choices.
 */

/* What came in or went out for one learner: changed record files. */
struct kata_sync_count {
	char learner[65];	/* "" for files of no learner (kata.yaml) */
	unsigned steps, measures, coaching, other;
};

/* Appends what c counts to b: " 1 step, 2 measures, 1 other record". */
void kata_sync_count_describe(struct kata_buf *b, const struct kata_sync_count *c);

struct kata_sync_conflict {
	char *path;		/* the record; a practice conflict's folder */
	char *field;		/* the key; "file"; "open steps", "active targets" */
	char *ours, *theirs;	/* the values; the records each side made */
	bool practice;		/* a rule of the practice, not a field */
};

struct kata_sync_result {
	char remote[128];	/* the remote's name */
	char branch[128];	/* the local branch, "main" */
	char tracking[256];	/* where the remote's branch is kept, "origin/main" */
	bool fast_forward, merged, pushed, upstream_set;
	char commit[41];	/* HEAD after the sync */
	unsigned tries;		/* fetches it took */
	struct kata_sync_count *in, *out;
	size_t n_in, n_out;
	/* what stopped it (kata_sync returned KATA_ECONFLICT) */
	struct kata_sync_conflict *conflicts;
	size_t n_conflicts;
};

struct kata_sync_opts {
	const char *remote;	/* NULL: the branch's upstream, else origin */
	unsigned max_tries;	/* 0: KATA_SYNC_TRIES */
	/* Called before each push, for a test to move the remote meanwhile. */
	void (*before_push)(void *data);
	void *data;
};

#define KATA_SYNC_TRIES 5

/*
 * Syncs the current branch. A missing remote is KATA_ENOTFOUND; a remote
 * that cannot be reached one line naming it, with nothing changed; a merge
 * that stopped is KATA_ECONFLICT with out->conflicts filled; a record the
 * merge would change that has hand edits is KATA_EDIRTY. out is filled as
 * far as the sync went; release it with kata_sync_result_release.
 */
int kata_sync(struct kata_sync_result *out, struct kata_repo *repo,
	      const struct kata_sync_opts *opts, const struct kata_who *who,
	      struct kata_error *err);
void kata_sync_result_release(struct kata_sync_result *r);

/* What stopped the last sync (*n 0 when nothing did). */
int kata_sync_stopped(struct kata_sync_conflict **out, size_t *n, struct kata_repo *repo,
		      struct kata_error *err);
void kata_sync_conflicts_free(struct kata_sync_conflict *c, size_t n);

/*
 * Settles the conflicts of the stopped sync that record names (its path,
 * or an ID prefix of the record; NULL: every conflict) and field (NULL:
 * each of that record's) with side: the next kata_sync takes that side's
 * value, or for a practice conflict keeps that side's records and leaves
 * the other side's out of the merge (they stay in its history, as kata
 * withdraw does). *n is how many it settled; none is KATA_ENOTFOUND.
 */
int kata_sync_choose(size_t *n, struct kata_repo *repo, const char *record,
		     const char *field, enum kata_merge_side side, struct kata_error *err);

#endif
