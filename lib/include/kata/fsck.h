#ifndef KATA_FSCK_H
#define KATA_FSCK_H

#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"

/*
 * Checks every record in the work tree: each parses and is valid, its ID
 * matches its file name, its references (target, obstacle, coach) resolve,
 * and the practice's invariants hold (only the newest target active, only
 * the newest step open, the focus an open obstacle). Each problem is handed
 * to report with its path and, where there is one, line and column.
 * Returns 0 (problems counted in *problems) or an error that stopped it.
 */
typedef void (*kata_fsck_report)(const struct kata_error *problem, void *data);

int kata_fsck(size_t *problems, struct kata_repo *repo, kata_fsck_report report,
	      void *data, struct kata_error *err);

#endif
