#ifndef KATA_REMOTE_H
#define KATA_REMOTE_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * Every network call of kata, in one place: a remote named in the git
 * configuration (`git remote add`), reached through libgit2's transports.
 * The callbacks every call hands libgit2 (credentials, certificates,
 * progress, the push's answer) are set up by one function in remote.c, so
 * that each transport behaves the same for fetch and push. Nothing of
 * the repository (hooks) is run.
 */

/* Whether the remote name is configured; false with err unset when not. */
int kata_remote_exists(struct kata_repo *repo, const char *name, struct kata_error *err);

/* Where a fetch from the remote keeps its ref (refs/heads/main ->
 * refs/remotes/origin/main), by remote.<name>.fetch; *out NULL if nowhere. */
int kata_remote_tracking(char **out, struct kata_repo *repo, const char *name,
			 const char *ref, struct kata_error *err);

/*
 * Fetches the remote's branches by its configured refspecs, so that
 * refs/remotes/<name>/... hold what it has. A missing remote is
 * KATA_ENOTFOUND; an unreachable or missing repository one line that
 * names the remote and its URL.
 */
int kata_remote_fetch(struct kata_repo *repo, const char *name, struct kata_error *err);

/*
 * Pushes the local ref to the remote's ref dst (both full names), as a
 * fast-forward only. Returns 0 when the remote took it, 1 when it refused
 * because it moved meanwhile (fetch, merge and try again), or an error.
 */
int kata_remote_push(struct kata_repo *repo, const char *name, const char *src,
		     const char *dst, struct kata_error *err);

#endif
