#ifndef KATA_INIT_H
#define KATA_INIT_H

#include <stdbool.h>

#include "kata/error.h"
#include "kata/node.h"
#include "kata/types.h"

/*
 * The first commit of a kata repository: kata.yaml, the repository's own
 * record (format version, team name). repo comes from kata_repo_create.
 */
int kata_init(struct kata_done *out, struct kata_repo *repo, const char *team,
	      const struct kata_who *who, struct kata_error *err);

/*
 * When the team coaches, from kata.yaml's optional keys: `working_days`, a
 * list of mon tue wed thu fri sat sun (Monday to Friday when absent), and
 * `coaching_time`, "HH:MM" (none when absent). The coaching cycle's
 * go-and-see lands on such a day at such a time.
 */
struct kata_schedule {
	bool days[7];		/* by weekday: 0 is Sunday, as in struct tm */
	int minutes;		/* coaching_time after midnight, or -1 */
};

/* The day of a working_days entry (0 is sun), or -1 for no day. */
int kata_init_weekday(const char *s);
/* A coaching_time, "HH:MM" (00:00 to 23:59), as minutes after midnight, or
 * -1 for none. */
int kata_init_clock(const char *s);

/* The schedule of a repository: kata.yaml read and checked (every problem
 * at kata.yaml:line:col), then its keys or their defaults. */
int kata_init_schedule(struct kata_schedule *out, struct kata_repo *repo,
		       struct kata_error *err);
/* The same from kata.yaml's mapping, checked already. */
void kata_init_schedule_of(struct kata_schedule *out, const struct kata_node *cfg);

#endif
