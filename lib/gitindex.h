#ifndef KATA_GITINDEX_H
#define KATA_GITINDEX_H

/*
 * Updates a few entries of .git/index without loading it: the file is
 * copied through a small buffer, with the changed entries spliced in, so
 * the cost is a copy and a SHA-1 of the file, not a parse of every entry
 * into memory as libgit2's git_index does.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include <git2.h>

#include "kata/error.h"

struct kata_index_change {
	const char *path;	/* repository-relative, '/'-separated */
	const git_oid *oid;	/* the blob; NULL: remove the entry */
	const struct stat *st;	/* lstat of the work tree file (ignored for removals) */
	bool check;		/* the index must hold `expect` for path now */
	const git_oid *expect;	/* HEAD's blob; NULL: no entry */
};

struct kata_index_lock;

/*
 * Applies the changes to the index of the repository at gitdir (the .git
 * folder), whatever it held for their paths. Sorts changes in place. Returns 0; KATA_ELOCKED if index.lock
 * exists; 1 when the index is in a form this code does not handle (a split
 * or sparse index, a conflict on a changed path, ...): nothing
 * is written and err is untouched, so that the caller can fall back to
 * libgit2; another negative code with err set on I/O errors or a corrupt
 * index.
 */
int kata_index_update(const char *gitdir, struct kata_index_change *changes, size_t n,
		      struct kata_error *err);

/*
 * The same in two steps, for a commit: kata_index_lock takes index.lock,
 * finds where each change goes and checks, for changes marked `check`,
 * that the index holds `expect` (otherwise KATA_EDIRTY: the path has
 * staged changes). It returns 0, 1 (fall back: nothing held), or an
 * error. The index stays locked while the branch moves and the files are
 * written; kata_index_write then writes it (1: fall back to libgit2, the
 * lock still held until kata_index_unlock), with each change's oid and st
 * filled in by then. kata_index_unlock drops a lock not written.
 * `changes` is sorted in place and must live until the unlock.
 */
int kata_index_lock(struct kata_index_lock **out, const char *gitdir,
		    struct kata_index_change *changes, size_t n, struct kata_error *err);
int kata_index_write(struct kata_index_lock *l, struct kata_error *err);
void kata_index_unlock(struct kata_index_lock *l);

#endif
