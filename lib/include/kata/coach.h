#ifndef KATA_COACH_H
#define KATA_COACH_H

#include <stdbool.h>

#include "kata/error.h"
#include "kata/questions.h"
#include "kata/storyboard.h"
#include "kata/types.h"
#include "kata/when.h"
#include "kata/yaml.h"

/*
 * The coaching cycle (SPEC 5): the questions of a question set, asked
 * against the learner's storyboard, and their answers applied as one
 * commit authored by the coach: the reflection closes the open step, the
 * obstacle answer (an ID prefix, or new text to add) is put in focus, the
 * next step is planned with its expectation and see_by, a measure is
 * recorded, and a coaching record keeps every answer.
 *
 * The prompts of `kata coach` and an answers file go through the same
 * checks: what the prompt accepts, the cycle accepts.
 */

/*
 * The storyboard a cycle is asked against: what the cycle itself reads,
 * refused without an active target condition.
 */
int kata_coach_storyboard(struct kata_storyboard **out, struct kata_repo *repo,
			  const char *learner, struct kata_error *err);

/* A first cycle: there is no step to reflect on. */
bool kata_coach_first_cycle(const struct kata_storyboard *sb);

/* What the records already know for a question, to offer as its answer;
 * NULL when they know nothing. */
const char *kata_coach_known(const struct kata_storyboard *sb,
			     const struct kata_question *q);

/*
 * Checks one answer to q (a part's question for a part) against the
 * storyboard: text that a record may hold, a number for the measure (and
 * a metric to measure), a WHEN for see_by, for the obstacle an open one's
 * ID or new text. The message carries no position.
 */
int kata_coach_check_answer(const struct kata_storyboard *sb, const struct kata_question *q,
			    const char *text, const struct kata_time *now,
			    struct kata_error *err);

/*
 * Applies a cycle's answers (a mapping keyed by the questions of qs, read
 * from path, which errors name with line and column). Checked whole
 * before anything is written: unknown keys, missing answers, a question
 * not asked on a first cycle, each answer as kata_coach_check_answer.
 * out->seq is the number of the step planned (0 for none).
 */
int kata_coach_cycle(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const struct kata_questions *qs, const struct kata_node *answers,
		     const char *path, const struct kata_who *who, struct kata_error *err);

#endif
