#ifndef KATA_COACH_H
#define KATA_COACH_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/init.h"
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

/*
 * The latest known actual condition: the last cycle's answer to the actual
 * condition or the last measure (metric = value unit), whichever is newer;
 * the target's `current` (at start) only when there is neither. from is
 * the record it comes from (the target, a coaching cycle or a measure), at
 * its time; text NULL when nothing is known. Needs the last coaching cycle
 * and the measures read.
 */
struct kata_coach_actual {
	const char *text;
	const char *at;
	const struct kata_rec *from;
	char buf[256];
};
void kata_coach_actual(struct kata_coach_actual *out, const struct kata_storyboard *sb);

/*
 * What the records already know for a question, to offer as its answer;
 * NULL when they know nothing: the target condition, the latest actual
 * condition (kata_coach_actual), the obstacle in focus, and for the
 * go-and-see the next working day of sched (NULL: Monday to Friday) at
 * its coaching time, else at now's time of day within 07:00-18:00, else
 * 10:00. The text is the records' own or written to buf.
 */
#define KATA_COACH_KNOWN_MAX 256
const char *kata_coach_known(char *buf, size_t size, const struct kata_storyboard *sb,
			     const struct kata_question *q, const struct kata_schedule *sched,
			     const struct kata_time *now);

/* The question as asked: the measure's names the metric and its unit. */
const char *kata_coach_ask(char *buf, size_t size, const struct kata_storyboard *sb,
			   const struct kata_question *q);

/* The learners whose recorded coach is the person of email, sorted
 * (kata_strv_free); none when that person coaches nobody. */
int kata_coach_learners(char ***out, size_t *n, struct kata_repo *repo, const char *email,
			struct kata_error *err);

/* The learner's recorded coach ("bob (Bob Coach)", malloc'd) when the
 * person of email is not that coach; NULL when they are, or when none is
 * recorded. */
int kata_coach_recorded(char **out, struct kata_repo *repo, const struct kata_node *learner,
			const char *email, struct kata_error *err);

/*
 * Checks one answer to q (a part's question for a part) against the
 * storyboard: text that a record may hold, a number for the measure, alone
 * or with the metric's unit (and a metric to measure), a WHEN for see_by,
 * for the obstacle an open one's ID or new text. Text that looks like an
 * ID (kata_id_lookalike) and names no obstacle is KATA_ENOTFOUND, naming
 * the closest: a prompt may confirm it as new text, which an answers file
 * gives as {new: TEXT}. The message carries no position.
 */
int kata_coach_check_answer(const struct kata_storyboard *sb, const struct kata_question *q,
			    const char *text, const struct kata_time *now,
			    struct kata_error *err);

/*
 * Checks a cycle's answers (a mapping keyed by the questions of qs, read
 * from path, which errors name with line and column) against sb at now,
 * writing nothing: unknown keys, missing answers, a question not asked on
 * a first cycle, each answer as kata_coach_check_answer; a reflection
 * naming a step (last_step: {step: ID}) that is not the open one, and
 * answers equal to an earlier cycle's of the target (a replayed answers
 * file) are refused as stale.
 */
int kata_coach_check(const struct kata_storyboard *sb, const struct kata_questions *qs,
		     const struct kata_node *answers, const char *path,
		     const struct kata_time *now, struct kata_error *err);

/*
 * Applies a cycle's answers (a mapping keyed by the questions of qs, read
 * from path), checked whole by kata_coach_check against the learner's
 * storyboard before anything is written.
 * out->seq is the number of the step planned (0 for none).
 */
int kata_coach_cycle(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const struct kata_questions *qs, const struct kata_node *answers,
		     const char *path, const struct kata_who *who, struct kata_error *err);

#endif
