#ifndef KATA_REPORT_H
#define KATA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kata/error.h"
#include "kata/storyboard.h"
#include "kata/types.h"
#include "kata/when.h"

/*
 * What `kata report` prints, gathered: a learner's storyboard page with the
 * run chart of each metric as points in time, and the learning report of a
 * period (what the team reached, did and learned). How it looks is the
 * program's; this is the data, the same for HTML and JSON.
 */

/* One value of a run chart: a measure, at its time. */
struct kata_chart_point {
	int64_t t;
	double value;
	const struct kata_rec *rec;	/* the measure (its value as written, its ID) */
};

/*
 * The run chart of one metric: single values in time order (no averages),
 * and what they are read against: the goal, only for the target's own
 * metric, and the time from the target's start to its achieve-by day.
 */
struct kata_chart {
	const char *metric;
	const char *unit;	/* NULL: none */
	const char *goal;	/* as written; NULL: no goal */
	double goal_value;
	bool lower_is_better;
	bool has_start, has_by;
	int64_t start;		/* the target's start */
	int64_t by;		/* 00:00 of the achieve-by day */
	const char *by_day;	/* "2026-12-18" */
	struct kata_chart_point *points;
	size_t n;
};

/* A learner's storyboard page: the storyboard, read in full, and its charts. */
struct kata_page {
	struct kata_storyboard *sb;
	struct kata_chart *charts;	/* the target's metric first, then the
					   others in the order first measured */
	size_t n_charts;
};

/*
 * The page of learner: their newest target condition (NULL sb->target when
 * there is none) and every record of it. now gives the offset that the
 * achieve-by day is read in.
 */
int kata_report_page_load(struct kata_page **out, struct kata_repo *repo,
			  const char *learner, const struct kata_time *now,
			  struct kata_error *err);
void kata_report_page_free(struct kata_page *page);

/* How a target condition stood at the end of the period. */
enum kata_period_outcome {
	KATA_PERIOD_ACTIVE,	/* still worked on at the period's end */
	KATA_PERIOD_REACHED,	/* reached within the period */
	KATA_PERIOD_ABANDONED,	/* abandoned within the period */
};

/* A target condition worked on in the period, and what happened to it then. */
struct kata_period_target {
	struct kata_storyboard *sb;	/* the target and its records, as they are now */
	const char *learner;
	enum kata_period_outcome outcome;
	size_t steps_planned;		/* planned in the period */
	size_t steps_done;		/* reflected on in the period */
	/* Every step reflected on in the period, in order: its lesson. */
	const struct kata_rec **lessons;
	size_t n_lessons;
	/* The target's metric in the period: its first and last value (by
	 * time), how many, and whether the last meets the goal. */
	const struct kata_rec *first, *last;
	size_t values;
	bool met;
};

struct kata_period_learner {
	char id[65];
	struct kata_node *learner;	/* learner.yaml */
	struct kata_period_target *targets;	/* oldest first */
	size_t n_targets;
	size_t reached, abandoned, steps_planned, steps_done, n_lessons;
};

/* A lesson of the team's list: whose, which target, which step. */
struct kata_period_lesson {
	const struct kata_period_learner *learner;
	const struct kata_period_target *target;
	const struct kata_rec *step;
	int64_t t;		/* when the step was reflected on */
};

struct kata_period {
	struct kata_time since, until;
	struct kata_period_learner *learners;
	size_t n_learners;
	/* The team: the sums of the learners', and every lesson in time order. */
	size_t reached, abandoned, steps_planned, steps_done;
	struct kata_period_lesson *lessons;
	size_t n_lessons;
};

/*
 * The learning report of the period from since to until (a day without a
 * time runs to the end of that day), for learners (n of them; 0: every
 * learner of the repository). The target conditions worked on are found
 * from the commits of the period (their Kata-Learner and Kata-Target
 * trailers), walking back from HEAD no further than since, and from each
 * learner's newest target; what each record says is read as it is now and
 * counted by its own dates (a measure's at, a step's planned and done, a
 * target's started and ended), so that a measure recorded late with --at
 * counts on its day, and what was withdrawn or undone does not count.
 */
int kata_report_period_load(struct kata_period **out, struct kata_repo *repo,
			    const char *const *learners, size_t n,
			    const struct kata_time *since, const struct kata_time *until,
			    struct kata_error *err);
void kata_report_period_free(struct kata_period *p);

/* The outcome as a word: "active", "reached" or "abandoned". */
const char *kata_report_outcome_name(enum kata_period_outcome o);

#endif
