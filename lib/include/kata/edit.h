#ifndef KATA_EDIT_H
#define KATA_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/types.h"

/*
 * Editing one record by hand, as `kata edit` does: find it by an ID prefix
 * among one learner's records (file names only), copy it to a file under
 * .git/kata-edit/ for an editor, then validate what comes back and commit
 * those bytes exactly as they were written, or keep them there and say why.
 *
 *   kata_edit_find -> kata_edit_begin -> (the editor) -> kata_edit_finish
 */

struct kata_edit {
	char path[KATA_PATH_MAX];	/* the record, relative to the work tree */
	enum kata_kind kind;	/* what the file must stay */
	char id[72];		/* its ID; a learner record's is the learner ID */
	char learner[72];	/* whose record it is */
	char target[16];	/* the target it belongs to; "" for a learner */
	char *orig;		/* the record's bytes when the edit began */
	size_t orig_len;
	char *tmp;		/* the copy the editor opens (absolute) */
	char *tmp_display;	/* the same as messages show it (.git/kata-edit/...) */
	unsigned kept;		/* earlier edits of the record kept there */
};

/*
 * Finds the record id names. A learner ID, in full, names that learner's
 * record (learners/<id>/learner.yaml), before any prefix of a record ID,
 * as a whole ID names itself in kata_id_match. Otherwise id is a prefix of
 * the ID of one of learner's targets or of the records in their folders
 * (obstacles, steps, measures, ...; every target, not only the newest); learner may be NULL only when id is a
 * learner ID. No record file is read. Unknown and ambiguous prefixes are
 * KATA_ENOTFOUND and KATA_EAMBIGUOUS with kata_id_match's messages.
 */
int kata_edit_find(struct kata_edit **out, struct kata_repo *repo,
		   const char *learner, const char *id, struct kata_error *err);
void kata_edit_free(struct kata_edit *edit);

/*
 * Refuses a record with uncommitted changes (KATA_EDIRTY, as a transaction
 * would, so that nobody edits for nothing), then keeps the record's bytes
 * and copies them to a new file .git/kata-edit/<id>.yaml (<id>-2.yaml, ...
 * when an earlier refused edit is kept there): edit->tmp.
 */
int kata_edit_begin(struct kata_edit *edit, struct kata_repo *repo,
		    struct kata_error *err);

/*
 * Instead of kata_edit_begin: goes on with the newest kept edit of the
 * record (edit->tmp), if the record is still what it was when that edit
 * began (KATA_EPRACTICE otherwise: the edit would undo a later change);
 * KATA_ENOTFOUND when none is kept.
 */
int kata_edit_resume(struct kata_edit *edit, struct kata_repo *repo,
		     struct kata_error *err);

/* Removes every kept edit of the record; *n says how many there were. */
int kata_edit_drop(unsigned *n, const struct kata_edit *edit, struct kata_repo *repo,
		   struct kata_error *err);

/*
 * Reads the edited copy back. Bytes equal to the record's: *changed false,
 * nothing committed. Otherwise they must parse, be a valid record of the
 * same kind, and keep what the record's place says (kind, id, and the
 * learner or target it belongs to); the references in it (focus, obstacle,
 * coach) must name records that exist. Then one commit, authored by who,
 * stores the bytes exactly as written, unless the record changed since
 * kata_edit_begin. The copy is removed after a commit or no change, and
 * kept on every failure (the caller says where).
 */
int kata_edit_finish(struct kata_done *out, bool *changed, struct kata_edit *edit,
		     struct kata_repo *repo, const struct kata_who *who,
		     struct kata_error *err);

/*
 * After the editor failed: removes the copy unless it holds a change, which
 * is kept (true) rather than lost.
 */
bool kata_edit_discard(struct kata_edit *edit);

#endif
