#ifndef KATA_INIT_H
#define KATA_INIT_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * The first commit of a kata repository: kata.yaml, the repository's own
 * record (format version, team name). repo comes from kata_repo_create.
 */
int kata_init(struct kata_done *out, struct kata_repo *repo, const char *team,
	      const struct kata_who *who, struct kata_error *err);

#endif
