#ifndef KATA_UNDO_H
#define KATA_UNDO_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * Undo: reverts HEAD, if it is a commit kata made, with a new commit that
 * puts back what HEAD's parent held (as `git revert HEAD` would). History
 * is never rewritten. Refused, with nothing written:
 *   - KATA_EPRACTICE: HEAD has no Kata-Action trailer (a commit made by
 *     hand), is a merge, or is the first commit (nothing before it);
 *   - KATA_EDIRTY: a file the undo would put back has uncommitted or
 *     staged changes, or an untracked file is in its way;
 *   - KATA_ENOTFOUND: the branch has no commit yet.
 * An undo is a kata commit too: undoing it applies the undone change again.
 */

struct kata_undone {
	char commit[41];	/* the new commit */
	char reverted[41];	/* the commit undone */
	char reverted_short[41];	/* its abbreviated ID, as git shows it */
	char subject[512];	/* its subject line (cut if longer) */
};

int kata_undo(struct kata_undone *out, struct kata_repo *repo, const struct kata_who *who,
	      struct kata_error *err);

#endif
