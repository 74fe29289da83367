#ifndef KATA_MEASURE_H
#define KATA_MEASURE_H

#include "kata/error.h"
#include "kata/types.h"
#include "kata/value.h"

/*
 * A value of metric as typed: a number (kata_value_number), alone or with
 * the metric's unit after it ("21 min", "21min", "86 %"). A unit other
 * than unit (or any, when the metric has none) is refused, naming the
 * metric's. out is the number as stored; what names the value in messages.
 */
int kata_measure_value(char out[KATA_NUMBER_MAX], const char *text, const char *metric,
		       const char *unit, const char *what, struct kata_error *err);

#include <stdbool.h>

/*
 * Measures: process-metric values observed, one record each, in the
 * active target condition's folder; the run chart is made of them.
 */
struct kata_measure_opts {
	const char *metric;	/* the target's metric, or one measured in it */
	const char *value;	/* a number (kata_value_number) */
	const char *at;		/* a WHEN, not later than now; NULL: now */
	bool new_metric;	/* metric is another, named on purpose */
};

/*
 * Records a value seen. A metric that is neither the target's nor one
 * measured in this target before is refused (KATA_EPRACTICE, naming the
 * closest), so that a typo does not start a second run chart, unless
 * new_metric says it is meant; so is a time in the future: a measure is
 * what was seen.
 */
int kata_measure_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const struct kata_measure_opts *opts, const struct kata_who *who,
		     struct kata_error *err);

#endif
