#ifndef KATA_WITHDRAW_H
#define KATA_WITHDRAW_H

#include <stdbool.h>

#include "kata/error.h"
#include "kata/record.h"
#include "kata/types.h"

/*
 * Withdrawing a record made by mistake: a step, an obstacle or a measure of
 * the learner's newest target condition leaves the storyboard, with one
 * commit that removes its file and keeps why: the reason in its subject
 * and body (Kata-Action: withdraw, Kata-Record: the ID). So every view
 * agrees without a rule of its own (kata show, the run chart, the board),
 * the rules of the practice count it no more (a withdrawn open step no
 * longer blocks the next one; a withdrawn focus leaves no focus), and
 * `git log`, `kata log` and the file in history keep it.
 *
 * Refused, with nothing written: an empty reason (KATA_EINVALID); an ID
 * that names no such record, or several (KATA_ENOTFOUND, KATA_EAMBIGUOUS);
 * a coaching cycle, feedback or target condition (KATA_EPRACTICE: they are
 * taken back by `kata undo COMMIT`, or ended by `kata target abandon`); an
 * obstacle that a step names (KATA_EPRACTICE: withdraw the step first, or
 * close the obstacle).
 */

struct kata_withdrawn {
	struct kata_done done;	/* the record's ID, its position (step #N) */
	enum kata_kind kind;
	bool was_focus;		/* an obstacle that was in focus */
	bool was_open;		/* a step that was open */
};

int kata_withdraw(struct kata_withdrawn *out, struct kata_repo *repo, const char *learner,
		  const char *id, const char *reason, const struct kata_who *who,
		  struct kata_error *err);

#endif
