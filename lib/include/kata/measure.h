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

/*
 * Measures: process-metric values observed, one record each, in the
 * active target condition's folder; the run chart is made of them.
 * value: a number (kata_value_number); at: a WHEN, or NULL for now.
 */
int kata_measure_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const char *metric, const char *value, const char *at,
		     const struct kata_who *who, struct kata_error *err);

#endif
