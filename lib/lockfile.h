#ifndef KATA_LOCKFILE_H
#define KATA_LOCKFILE_H

/*
 * git's lock files (path.lock, made only if absent, renamed over path),
 * made so that if kata is killed holding one, the next kata can prove the
 * lock was its own and remove it, where a lock libgit2 makes would stop
 * every later write until someone removed it by hand. The lock is made
 * first under a private name in .git/kata/ that names the process and
 * the file, and only then linked to path.lock (which fails if anyone holds
 * it); as long as both names are one file, the lock is kata's, and a
 * private name whose process is gone is a killed kata's.
 */

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

#include "kata/error.h"

struct kata_lockfile {
	char *path;		/* the file locked */
	char *lock;		/* path.lock */
	char *private;		/* .git/kata/lock.PID.HEXNAME */
	int fd;			/* the lock, open for writing; -1 */
	bool held;		/* path.lock is ours */
};

/* Takes the lock of gitdir-relative `name` ("refs/remotes/origin/main",
 * "config"): KATA_ELOCKED if someone holds it. */
int kata_lockfile_take(struct kata_lockfile *lf, git_repository *git, const char *name,
		       struct kata_error *err);
int kata_lockfile_write(struct kata_lockfile *lf, const void *data, size_t len,
			struct kata_error *err);
/* Puts what was written in place of the file, and lets go of the lock. */
int kata_lockfile_commit(struct kata_lockfile *lf, struct kata_error *err);
/* Lets go of a lock not committed, leaving the file as it was. */
void kata_lockfile_release(struct kata_lockfile *lf);

/* Removes the locks (and scratch files) that killed kata commands left. */
void kata_lockfile_recover(git_repository *git);

/*
 * Sets ref `name` to oid, as git writes a loose ref, with its reflog line
 * (msg) when the ref keeps a reflog.
 */
int kata_ref_write(git_repository *git, const char *name, const git_oid *oid,
		   const char *msg, struct kata_error *err);

/* Sets each keys[i] to values[i] in the repository's own git config. */
int kata_config_write(git_repository *git, const char *const *keys,
		      const char *const *values, size_t n, struct kata_error *err);

#endif
