#ifndef KATA_TXN_H
#define KATA_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/yaml.h"

/*
 * A transaction: every change to a repository, ending in exactly one
 * commit:
 *
 *   lock -> blobs, trees, commit -> journal -> branch moved (compare and
 *   swap) -> work tree files and their index entries -> journal removed
 *
 * Only the entries of the changed files are touched: no checkout, no status
 * of the whole tree. A command killed after the branch moved leaves a
 * journal that the next transaction rolls forward.
 */

/* How long a writing command waits for another one to finish. */
#define KATA_TXN_WAIT_MS 10000

/*
 * Takes the repository lock (waiting up to wait_ms for another command's,
 * then KATA_ELOCKED), finishes what a killed command left, and reads HEAD.
 * The lock is held until kata_txn_free.
 */
int kata_txn_begin(struct kata_txn **out, struct kata_repo *repo,
		   unsigned wait_ms, struct kata_error *err);
void kata_txn_free(struct kata_txn *txn);

/*
 * Stages the record at path, emitted with the keys of order first.
 * Refused with KATA_EDIRTY when the file in the work tree differs from
 * HEAD (uncommitted hand edits, or an untracked file in the way of a new
 * one).
 */
int kata_txn_put(struct kata_txn *txn, const char *path,
		 const struct kata_node *record, const char *const *order,
		 struct kata_error *err);
/* Stages bytes as they are. */
int kata_txn_put_raw(struct kata_txn *txn, const char *path,
		     const char *data, size_t len, struct kata_error *err);
int kata_txn_remove(struct kata_txn *txn, const char *path, struct kata_error *err);

/* The commit the transaction started from (hex); false on an unborn branch. */
bool kata_txn_head(char out[41], const struct kata_txn *txn);

/*
 * Stages every file where the tree tree_hex differs from HEAD's, as
 * kata_txn_put_raw and kata_txn_remove would (a file with hand edits is
 * refused the same way): the work tree and index of a merge or a
 * fast-forward change on those paths only.
 */
int kata_txn_put_tree(struct kata_txn *txn, const char tree_hex[41], struct kata_error *err);
/* The commit made gets commit_hex as its second parent: a merge. */
int kata_txn_set_parent(struct kata_txn *txn, const char commit_hex[41],
			struct kata_error *err);
/*
 * A fast-forward: stages the tree of commit_hex (a descendant of HEAD), and
 * kata_txn_commit moves the branch to that commit instead of making one
 * (its message and who are not used).
 */
int kata_txn_fast_forward(struct kata_txn *txn, const char commit_hex[41],
			  struct kata_error *err);

/*
 * Makes the one commit: message (subject, blank line, body and trailers),
 * authored and committed by who at the repository's clock. Its ID (hex)
 * goes to out unless that is NULL.
 */
int kata_txn_commit(char out[41], struct kata_txn *txn, const char *message,
		    const struct kata_who *who, struct kata_error *err);

#endif
