#ifndef KATA_WALK_H
#define KATA_WALK_H

#include <stdbool.h>
#include <git2.h>

#include "kata/error.h"

/*
 * A walk of the history, newest commit first by commit date, lazily: one
 * commit read per commit given out, as `git log` without options walks.
 * Unlike libgit2 1.5's walk, it knows shallow clones: the commits that
 * .git/shallow lists are walked as roots, their missing parents never
 * looked for, as git does.
 *
 * A hidden commit and what it reaches are not given out. The walk goes on
 * while a commit not hidden is waiting, so a hidden commit older than
 * everything shown costs nothing; one that the dates put after a commit
 * it reaches (a clock gone wrong) may let that commit through, as git's
 * unlimited walk does too.
 */
struct kata_walk;

int kata_walk_new(struct kata_walk **out, git_repository *git, struct kata_error *err);
void kata_walk_free(struct kata_walk *w);
/* Where the walk starts; hidden, what it reaches is left out. */
int kata_walk_push(struct kata_walk *w, const git_oid *id, bool hidden, struct kata_error *err);
/* HEAD's commit, if HEAD has one: 1 if pushed, 0 when the branch is unborn. */
int kata_walk_push_head(struct kata_walk *w, struct kata_error *err);
/* The next commit into *out: 1, or 0 at the end. */
int kata_walk_next(git_oid *out, struct kata_walk *w, struct kata_error *err);
/* Whether id is one of the shallow clone's boundary commits: its parents
 * are not in the repository, so it stands as a root. */
bool kata_walk_boundary(const struct kata_walk *w, const git_oid *id);

#endif
