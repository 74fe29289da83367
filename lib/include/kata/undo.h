#ifndef KATA_UNDO_H
#define KATA_UNDO_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/when.h"

/*
 * Undo and redo: a kata change taken back, or brought back, with a new
 * commit that reverts it (as `git revert` would). History is never
 * rewritten.
 *
 * kata_undo walks the history back from HEAD, newest first, and takes back
 * the first kata change that is not undone yet and was made by who (the
 * author's email, case-insensitively), or by anyone with opts->anyone, or
 * the commit opts->commit names. An undo commit carries Kata-Action: undo
 * and Kata-Reverts: <the change>, which is how the walk knows what is
 * undone already; undos and redos are never changes to undo themselves,
 * and commits made by hand and merges are passed over. So each undo goes
 * one change further back, and an undo never applies a change again.
 *
 * With opts->redo, the walk takes back the newest undo (of who's, unless
 * opts->anyone or opts->commit) that is not redone yet, with a commit of
 * Kata-Action: redo and Kata-Reverts: <the undo>: the change is back. A
 * change of who's made after that undo ends the walk: there is nothing to
 * redo (as in an editor, a new change forgets what was undone).
 *
 * The walk reads one commit at a time and stops at the first that
 * qualifies, and at KATA_UNDO_WALK_MAX commits at most: its cost follows
 * how far back the change is, not the length of the history.
 *
 * Refused, with nothing written:
 *   - KATA_ENOTFOUND: no such change within reach (the message names the
 *     newest change by someone else, if the walk passed one), an unborn
 *     branch, or a commit opts->commit does not name;
 *   - KATA_EPRACTICE: the commit named is not a kata commit, is a merge,
 *     the first commit, undone already (or, for redo, not an undo); a
 *     later change to the same learner's records that is not undone stands
 *     on it (named, with its author and date); a file it changed was
 *     changed again later (by the commit named) and cannot be reverted
 *     cleanly;
 *   - KATA_EDIRTY: a file the revert would write has uncommitted or staged
 *     changes, or an untracked file is in its way.
 */

#define KATA_UNDO_WALK_MAX 1000

struct kata_undo_opts {
	bool redo;		/* take back an undo: the change comes back */
	bool anyone;		/* anyone's change, not only who's */
	const char *commit;	/* this commit (a revision, as git reads one) */
};

struct kata_undone {
	char commit[41];		/* the new commit */
	char reverted[41];		/* the commit it reverts (for redo, the undo) */
	char reverted_short[41];	/* its abbreviated ID, as git shows it */
	char change[41];		/* the change undone or brought back */
	char change_short[41];
	char subject[512];		/* the change's subject line (cut if longer) */
	char author[256];		/* the change's author name */
	bool mine;			/* whether who made the change */
	char date[KATA_TIME_BUFSZ];	/* the change's author date, RFC 3339 */
	/* The newest change by someone else that the walk passed over. */
	size_t n_skipped;
	char skipped_short[41];
	char skipped_author[256];
	char skipped_date[KATA_TIME_BUFSZ];
};

int kata_undo(struct kata_undone *out, struct kata_repo *repo,
	      const struct kata_undo_opts *opts, const struct kata_who *who,
	      struct kata_error *err);

#endif
