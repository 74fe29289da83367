#ifndef KATA_BOARD_H
#define KATA_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/storyboard.h"
#include "kata/types.h"

/*
 * The team at a glance (SPEC 6): a row per learner, what a lead reads on
 * a Friday to see who practises every day, whose go-and-see is overdue,
 * which target conditions are due; and a row per coach, the coaches'
 * cadence and the second coach's observations ("coaching the coaches").
 *
 * It reads what is current only: each learner's record and the folder of
 * their newest target condition, and of that folder the last step, the
 * focus obstacle and the records of the last 7 days (steps, coaching
 * cycles, feedback, read from the newest file back). Its cost follows the
 * number of learners, never the history.
 *
 * "The last 7 days" are today and the 6 days before it, as calendar days
 * at the clock's UTC offset (kata_repo_now); so are the day counts.
 */

/* What needs attention; a row's flags are a set of these. */
enum kata_board_flag {
	KATA_BOARD_NO_STEP_2D = 1 << 0,		/* no step for 2 or more days */
	KATA_BOARD_SEE_OVERDUE = 1 << 1,	/* the open step's go-and-see passed */
	KATA_BOARD_PAST_ACHIEVE_BY = 1 << 2,	/* the target's achieve-by day passed */
	KATA_BOARD_NO_COACHING_3WD = 1 << 3,	/* no cycle for 3 or more working days */
};
#define KATA_BOARD_FLAGS 4

/* The flag's name as --json lists it ("no-step-2d"); i from 0. */
const char *kata_board_flag_name(unsigned i);

/* One learner. Of the counts of days, -1 says none (no step yet). */
struct kata_board_row {
	const char *learner;		/* sb->learner_id */
	struct kata_storyboard *sb;	/* the learner and the newest target; of its
					   records, those below have their node */
	const char *coach;		/* the learner's recorded coach, or NULL */
	bool active;			/* a target condition in progress; when
					   false, nothing below but coach is set */
	int days_to_achieve_by;		/* negative once it has passed (-1: a
					   day past) */
	unsigned steps_7d;		/* steps planned in the last 7 days */
	int days_since_step;		/* since the last step was planned or
					   reflected on; -1 without a step */
	int idle_days;			/* days_since_step, or without a step the
					   days since the target started */
	const struct kata_rec *open_step;
	bool overdue;			/* the open step's see_by has passed */
	const struct kata_rec *focus;	/* the obstacle in focus */
	const struct kata_rec *last_coaching;
	char last_coaching_day[16];	/* "" without one */
	char *last_coach;		/* who ran it: a learner ID where its
					   coach_email is a learner's, else the
					   record's coach name; NULL without one */
	int workdays_since_coaching;	/* working days after the last cycle's day
					   (or the target's start) up to today */
	unsigned flags;			/* enum kata_board_flag */
	unsigned n_flags;
};

/* One coach: anyone named as a learner's coach. */
struct kata_board_coach {
	const char *coach;		/* a learner ID */
	const char **learners;		/* whom they coach, sorted */
	size_t n_learners;
	unsigned cycles_7d;		/* cycles they ran in the last 7 days */
	unsigned expected_7d;		/* one per working day of the last 7 days per
					   learner with an active target, from the day
					   it started */
	unsigned observations_7d;	/* second coaches' feedback on their cycles
					   given in the last 7 days */
	unsigned timed_7d;		/* of those, the ones that gave minutes
					   (per phase: their sum is the cycle's) */
	double minutes_7d;		/* the minutes of the timed ones */
	const struct kata_board_row *own;	/* the coach's own row, or NULL */
};

struct kata_board {
	/* attention first: rows with an active target, by the number of flags
	   (most first), then the idle days (most first), then the learner
	   ID; rows without one after them, by learner ID */
	struct kata_board_row *rows;
	size_t n;
	/* with opts->coaches: the coaches, the fewest cycles against the
	   expected first (the largest shortfall), then by ID */
	struct kata_board_coach *coaches;
	size_t n_coaches;
};

struct kata_board_opts {
	const char *coach;	/* only the learners whose coach this learner ID is */
	bool coaches;		/* the coaches' rows too */
};

/*
 * Loads the board of the repository at kata_repo_now(repo). An unknown
 * opts->coach is KATA_ENOTFOUND; a broken record is an error naming its
 * file, line and column.
 */
int kata_board_load(struct kata_board **out, struct kata_repo *repo,
		    const struct kata_board_opts *opts, struct kata_error *err);
void kata_board_free(struct kata_board *board);

#endif
