#ifndef KATA_STORE_H
#define KATA_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/when.h"
#include "kata/yaml.h"

/*
 * The store: a kata repository is an ordinary git repository whose work
 * tree holds the records. Records are read from the work tree; every change
 * is one transaction that ends in exactly one commit:
 *
 *   lock -> blobs, trees, commit -> journal -> branch moved (compare and
 *   swap) -> work tree files and their index entries -> journal removed
 *
 * Only the entries of the changed files are touched: no checkout, no status
 * of the whole tree. A command killed after the branch moved leaves a
 * journal that the next transaction rolls forward.
 */

struct kata_repo;
struct kata_txn;

/* Opens the kata repository containing dir (found upwards, like git). */
int kata_repo_open(struct kata_repo **out, const char *dir, struct kata_error *err);
/*
 * Makes dir (created if missing) a git repository, or adopts the one it is
 * already in, and opens it. Fails with KATA_EEXISTS if kata.yaml is there.
 */
int kata_repo_create(struct kata_repo **out, const char *dir, struct kata_error *err);
void kata_repo_free(struct kata_repo *repo);

/* The clock every timestamp and commit of this repository uses. */
void kata_repo_set_now(struct kata_repo *repo, const struct kata_time *now);
const struct kata_time *kata_repo_now(const struct kata_repo *repo);

/* The work tree, with a final '/'. */
const char *kata_repo_workdir(const struct kata_repo *repo);
/* libgit2's handle, for the views that read history. */
struct git_repository *kata_repo_git(const struct kata_repo *repo);

/*
 * The author, as git resolves it: GIT_AUTHOR_NAME/EMAIL (env, passed in),
 * else user.name/user.email of repo's configuration, or of the global one
 * when repo is NULL (before a repository exists). A missing one is
 * KATA_ECONFIG saying which `git config` to run. *name and *email are
 * malloc'd.
 */
int kata_repo_identity(char **name, char **email, struct kata_repo *repo,
		       const char *env_name, const char *env_email,
		       struct kata_error *err);

/* Looks up a git config string (e.g. kata.learner); *out NULL if unset.
 * repo NULL reads the configuration outside any repository. */
int kata_repo_config_get(char **out, struct kata_repo *repo, const char *key,
			 struct kata_error *err);

/* Reads the record at path (relative to the work tree). */
int kata_repo_load(struct kata_node **out, struct kata_repo *repo,
		   const char *path, struct kata_error *err);
/* True if path exists in the work tree. */
bool kata_repo_exists(struct kata_repo *repo, const char *path);

/*
 * Lists the entries of the folder path in the work tree, sorted by name
 * (bytewise), without "." and "..". dirs_only / files_only filter them.
 * *out is a NULL-terminated array, freed with kata_strv_free.
 */
enum kata_list_filter { KATA_LIST_ALL, KATA_LIST_DIRS, KATA_LIST_FILES };
int kata_repo_list(char ***out, size_t *n, struct kata_repo *repo,
		   const char *path, enum kata_list_filter filter,
		   struct kata_error *err);
void kata_strv_free(char **v);

/*
 * A transaction holds the repository lock from begin to free. wait_ms is
 * how long to wait for another command's lock before KATA_ELOCKED.
 */
int kata_txn_begin(struct kata_txn **out, struct kata_repo *repo,
		   unsigned wait_ms, struct kata_error *err);
void kata_txn_free(struct kata_txn *txn);

/*
 * Stages the record at path. Refused with KATA_EDIRTY when the file in the
 * work tree differs from HEAD (uncommitted hand edits, or an untracked file
 * in the way of a new one).
 */
int kata_txn_put(struct kata_txn *txn, const char *path,
		 const struct kata_node *record, const char *const *order,
		 struct kata_error *err);
int kata_txn_put_raw(struct kata_txn *txn, const char *path,
		     const char *data, size_t len, struct kata_error *err);
int kata_txn_remove(struct kata_txn *txn, const char *path, struct kata_error *err);
/* True if the transaction already stages path. */
bool kata_txn_has(const struct kata_txn *txn, const char *path);

/*
 * Makes the one commit: message (subject, blank line, body and trailers),
 * author and committer name/email at the repository's clock. The commit's
 * ID (hex) is written to id_out if not NULL (41 bytes).
 */
int kata_txn_commit(struct kata_txn *txn, const char *message,
		    const char *name, const char *email, char *id_out,
		    struct kata_error *err);

#endif
