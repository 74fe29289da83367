#ifndef KATA_GITINDEX_H
#define KATA_GITINDEX_H

/*
 * Updates a few entries of .git/index without loading it: the file is
 * copied through a small buffer, with the changed entries spliced in, so
 * the cost is a copy and a SHA-1 of the file, not a parse of every entry
 * into memory as libgit2's git_index does.
 */

#include <stddef.h>
#include <sys/stat.h>

#include <git2.h>

#include "kata/error.h"

struct kata_index_change {
	const char *path;	/* repository-relative, '/'-separated */
	const git_oid *oid;	/* the blob; NULL: remove the entry */
	const struct stat *st;	/* lstat of the work tree file (ignored for removals) */
};

/*
 * Applies the changes to the index of the repository at gitdir (the .git
 * folder). Sorts changes in place. Returns 0; KATA_ELOCKED if index.lock
 * exists; 1 when the index is in a form this code does not handle (version
 * 4, a split or sparse index, a conflict on a changed path, ...): nothing
 * is written and err is untouched, so that the caller can fall back to
 * libgit2; another negative code with err set on I/O errors or a corrupt
 * index.
 */
int kata_index_update(const char *gitdir, struct kata_index_change *changes, size_t n,
		      struct kata_error *err);

#endif
