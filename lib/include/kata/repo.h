#ifndef KATA_REPO_H
#define KATA_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/when.h"
#include "kata/yaml.h"

/*
 * A kata repository: an ordinary non-bare git repository whose work tree
 * holds the records and whose root holds kata.yaml. Records are read from
 * the work tree; every change goes through a transaction (kata/txn.h).
 */

struct git_repository;

/*
 * Opens the kata repository containing dir (found upwards, like git). No
 * git repository there is KATA_ENOTFOUND; one that libgit2 cannot open
 * says libgit2's reason.
 */
int kata_repo_open(struct kata_repo **out, const char *dir, struct kata_error *err);
/*
 * Opens the git repository containing dir, bare or not, and wants no
 * kata.yaml in a work tree: for what reads commits only (kata verify on a
 * server). Its work tree (kata_repo_workdir) is NULL when it is bare, and
 * only what reads through kata_repo_git may be used on it. from_env: as
 * git's own programs find it, dir unused: GIT_DIR, else upwards from the
 * current folder, with GIT_OBJECT_DIRECTORY and
 * GIT_ALTERNATE_OBJECT_DIRECTORIES (the quarantine of the objects a push
 * brings, in a pre-receive hook).
 */
int kata_repo_open_bare(struct kata_repo **out, const char *dir, bool from_env,
			struct kata_error *err);
/*
 * Makes dir (created if missing) a git repository, or adopts the one it is
 * already in, and opens it. Fails with KATA_EEXISTS if kata.yaml is there.
 */
int kata_repo_create(struct kata_repo **out, const char *dir, struct kata_error *err);
void kata_repo_free(struct kata_repo *repo);

/* The clock every timestamp and commit of this repository uses. */
void kata_repo_set_now(struct kata_repo *repo, const struct kata_time *now);
const struct kata_time *kata_repo_now(const struct kata_repo *repo);

/*
 * What a write could not finish though it was made (the work tree after
 * a commit, on a full disk): the first such warning, or NULL. A command
 * that made its commit succeeds, and tells this.
 */
void kata_repo_warn(struct kata_repo *repo, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *kata_repo_warning(const struct kata_repo *repo);

/* The work tree, with a final '/'; NULL for kata_repo_open_bare's bare one. */
const char *kata_repo_workdir(const struct kata_repo *repo);
/* libgit2's handle, for what reads history. */
struct git_repository *kata_repo_git(const struct kata_repo *repo);

/*
 * The author or the committer (role "author" or "committer"), as git
 * resolves it: GIT_AUTHOR_NAME/EMAIL or GIT_COMMITTER_NAME/EMAIL (env,
 * passed in), else author.name/committer.name (and .email), else
 * user.name/user.email, of repo's configuration, or of the global one
 * when repo is NULL (before a repository exists). A missing author's
 * name or email is KATA_ECONFIG saying which `git config` to run; a
 * missing committer's is NULL, for the author's. One git cannot write is
 * KATA_ECONFIG naming where it came from. *name and *email are malloc'd.
 */
int kata_repo_identity(char **name, char **email, struct kata_repo *repo, const char *role,
		       const char *env_name, const char *env_email,
		       struct kata_error *err);

/*
 * Whether value, an identity's name (is_name) or email from what (the
 * variable or key it came from, for the message), can be a commit's
 * author: no '<', '>', newline or other control character (git drops
 * them, libgit2 writes them and the commit is corrupt), and a name not
 * of git's disallowed characters alone. KATA_ECONFIG when not.
 */
int kata_repo_ident_check(const char *value, const char *what, bool is_name,
			  struct kata_error *err);

/*
 * Whether git has no operation in progress (a merge, rebase, cherry-pick,
 * revert, bisect or am) that a kata commit would land in the middle of,
 * on a detached HEAD the abort then drops. Every write checks it; when
 * one is, the error names it and how git ends it.
 */
int kata_repo_check_state(struct kata_repo *repo, struct kata_error *err);

/* Looks up a git config string (e.g. kata.learner); *out NULL if unset.
 * repo NULL reads the configuration outside any repository. */
int kata_repo_config_get(char **out, struct kata_repo *repo, const char *key,
			 struct kata_error *err);

/*
 * Reads and parses the YAML file at path (relative to the work tree). No
 * symbolic link is followed, on the way or at the end (refused, naming the
 * link), and anything but a regular file (a FIFO, a folder) is refused
 * without waiting on it. A missing file is KATA_ENOTFOUND.
 */
int kata_repo_load(struct kata_node **out, struct kata_repo *repo,
		   const char *path, struct kata_error *err);

/* What is at path in the work tree, no link followed (a link on the way
 * is KATA_FTYPE_LINK: path cannot be reached without following it). */
enum kata_ftype {
	KATA_FTYPE_NONE,
	KATA_FTYPE_FILE,	/* a regular file */
	KATA_FTYPE_DIR,
	KATA_FTYPE_LINK,
	KATA_FTYPE_OTHER,	/* a FIFO, a socket, a device */
};
enum kata_ftype kata_repo_ftype(struct kata_repo *repo, const char *path);

/* True if something is at path in the work tree (a link counts: whoever
 * reads it is told what it is). */
bool kata_repo_exists(struct kata_repo *repo, const char *path);

/*
 * Before path is written or removed: refused if a folder on its way or
 * the file itself is a symbolic link (kata would write outside the work
 * tree), or if the file is a folder, a FIFO or anything but a regular file.
 */
int kata_repo_check_write(struct kata_repo *repo, const char *path, struct kata_error *err);

/*
 * Lists the entries of the folder path in the work tree, sorted by name
 * (bytewise), without hidden ones. A missing folder is an empty list; a
 * folder that is a symbolic link is refused. A symbolic link in it is
 * listed under KATA_LIST_DIRS and KATA_LIST_FILES alike (for its reader
 * to refuse).
 * *out is a NULL-terminated array, freed with kata_strv_free.
 */
enum kata_list_filter { KATA_LIST_ALL, KATA_LIST_DIRS, KATA_LIST_FILES };
int kata_repo_list(char ***out, size_t *n, struct kata_repo *repo,
		   const char *path, enum kata_list_filter filter,
		   struct kata_error *err);

/*
 * Batch mode, for building a large repository fast (the benchmark): until
 * kata_repo_batch_end, every object goes to memory and the index is left
 * as it was; writes are still one commit each, with the work tree kept.
 * kata_repo_batch_flush writes what is in memory as one pack (call it now
 * and then to bound memory); kata_repo_batch_end flushes and writes the
 * index once from the work tree. Only for a repository nobody else uses
 * meanwhile: a batch killed half way leaves an index behind HEAD.
 */
int kata_repo_batch_begin(struct kata_repo *repo, struct kata_error *err);
int kata_repo_batch_flush(struct kata_repo *repo, struct kata_error *err);
int kata_repo_batch_end(struct kata_repo *repo, struct kata_error *err);
bool kata_repo_batch(const struct kata_repo *repo);

#endif
