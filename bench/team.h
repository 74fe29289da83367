#ifndef KATA_BENCH_TEAM_H
#define KATA_BENCH_TEAM_H

#include <stdbool.h>
#include <stdint.h>

/* What team_build makes: learners practising for days working days, up
 * to end (seconds since the epoch), stopping early at records (0: never). */
struct team_opts {
	long learners;
	int days;
	long records;
	int64_t end;
	const char *questions;	/* the shipped question set's file */
	bool progress;		/* a counter on standard error */
};

/* As many learners as a team writing records would have: 8 (the timed
 * learner is l07) to 50. */
long team_learners(long records);

/* Builds the team's repository in dir; returns the time of its last write. */
int64_t team_build(const char *dir, const struct team_opts *o, long *records, long *commits);

#endif
