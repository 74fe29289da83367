#ifndef KATA_MEASURE_H
#define KATA_MEASURE_H

#include "kata/error.h"
#include "kata/types.h"

/*
 * Measures: process-metric values observed, one record each, in the
 * active target condition's folder; the run chart is made of them.
 * value: a number (kata_value_number); at: a WHEN, or NULL for now.
 */
int kata_measure_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const char *metric, const char *value, const char *at,
		     const struct kata_who *who, struct kata_error *err);

#endif
