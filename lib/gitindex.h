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
 * Who made a lock file: its file (device and inode) and, where the file
 * system keeps one, its birth time, so that a lock made later by someone
 * else on a reused inode does not pass for it.
 */
struct kata_lock_id {
	unsigned long long dev, ino;
	long long btime_sec;	/* 0 and 0: no birth time */
	long btime_nsec;
};

/* The identity of the open file fd; 0, or -1 with errno set. */
int kata_lock_id_of(struct kata_lock_id *id, int fd);
bool kata_lock_id_equal(const struct kata_lock_id *a, const struct kata_lock_id *b);
/* Whether the lock file at path is the one id names (false if absent). */
bool kata_lock_is(const char *path, const struct kata_lock_id *id);

/*
 * How a commit takes index.lock so that a command killed at any instant
 * leaves a lock the next one can prove its own: the lock is made under a
 * private name first, `claim` records its identity (the journal), and
 * only then is it linked to index.lock, which fails if anyone holds it.
 * A lock already proved ours (a killed command's, found by its journal)
 * is taken over instead with `adopt`.
 */
struct kata_index_claim {
	int (*fn)(void *data, const struct kata_lock_id *id, struct kata_error *err);
	void *data;
	const struct kata_lock_id *adopt;
};

/*
 * The same in two steps, for a commit: kata_index_lock takes index.lock
 * (as claim says, if not NULL), finds where each change goes and checks,
 * for changes marked `check`, that the index holds `expect` (otherwise
 * KATA_EDIRTY: the path has staged changes). It returns 0, 1 (fall back:
 * nothing held), or an error. The index stays locked while the branch
 * moves and the files are written; kata_index_write then writes it (1:
 * fall back to libgit2, the lock still held until kata_index_unlock), with
 * each change's oid and st filled in by then. kata_index_unlock drops a
 * lock not written. `changes` is sorted in place and must live until the
 * unlock.
 */
int kata_index_lock(struct kata_index_lock **out, const char *gitdir,
		    struct kata_index_change *changes, size_t n,
		    const struct kata_index_claim *claim, struct kata_error *err);
int kata_index_write(struct kata_index_lock *l, struct kata_error *err);
void kata_index_unlock(struct kata_index_lock *l);

/* The private name a lock is made under before it becomes index.lock. */
#define KATA_INDEX_LOCK_PRIVATE "kata-index.lock"

#endif
