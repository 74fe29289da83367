#ifndef KATA_PRACTICE_H
#define KATA_PRACTICE_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/id.h"
#include "kata/questions.h"
#include "kata/store.h"

/*
 * The Improvement Kata's moves. Each function checks the practice's rules,
 * writes its records and makes exactly one commit authored by `who`, or
 * writes nothing and returns an error:
 *   - one active target condition per learner;
 *   - one obstacle in focus (it lives in the target: there cannot be two);
 *   - a step needs its expectation, and a new step waits until the last one
 *     was reflected on;
 *   - a step is reflected on in a later commit than the one that planned it.
 */

struct kata_who {
	const char *name;
	const char *email;
};

/* What a write did. */
struct kata_done {
	char id[KATA_ID_LEN + 1];	/* the record made or changed */
	unsigned long seq;		/* its number in its list (step #N) */
	char commit[41];
};

int kata_repo_init_records(struct kata_repo *repo, const char *team,
			   const struct kata_who *who, struct kata_done *done,
			   struct kata_error *err);

struct kata_learner_opts {
	const char *id;
	const char *name;
	const char *const *emails;
	size_t n_emails;
	const char *coach;
	const char *second_coach;
	const char *process;
};

int kata_learner_add(struct kata_repo *repo, const struct kata_learner_opts *opts,
		     const struct kata_who *who, struct kata_done *done,
		     struct kata_error *err);
/* The learner IDs in the repository, sorted. */
int kata_learner_ids(char ***out, size_t *n, struct kata_repo *repo,
		     struct kata_error *err);
/* Path of a learner's record; KATA_ENOTFOUND (or KATA_EINVALID for a bad ID). */
int kata_learner_check(struct kata_repo *repo, const char *id, struct kata_error *err);
/*
 * Picks the learner a command is about: given (if not NULL), else git config
 * kata.learner, else the learner whose emails hold user_email, else the only
 * learner. Several learners and none of those: KATA_EAMBIGUOUS; none at
 * all: KATA_ENOTFOUND.
 */
int kata_learner_resolve(char **out, struct kata_repo *repo, const char *given,
			 const char *user_email, struct kata_error *err);

struct kata_start_opts {
	const char *challenge;
	const char *condition;
	const char *by;		/* a WHEN; kept as a day */
	const char *current;
	const char *metric;
	const char *unit;
	const char *goal;	/* a number */
	bool lower_is_better;
};

int kata_target_start(struct kata_repo *repo, const char *learner,
		      const struct kata_start_opts *opts, const struct kata_who *who,
		      struct kata_done *done, struct kata_error *err);
/* status is "done" or "abandoned". */
int kata_target_end(struct kata_repo *repo, const char *learner, const char *status,
		    const char *note, const struct kata_who *who,
		    struct kata_done *done, struct kata_error *err);

int kata_obstacle_add(struct kata_repo *repo, const char *learner, const char *text,
		      const struct kata_who *who, struct kata_done *done,
		      struct kata_error *err);
int kata_obstacle_focus(struct kata_repo *repo, const char *learner, const char *id,
			const struct kata_who *who, struct kata_done *done,
			struct kata_error *err);
int kata_obstacle_close(struct kata_repo *repo, const char *learner, const char *id,
			const char *note, const struct kata_who *who,
			struct kata_done *done, struct kata_error *err);

struct kata_step_opts {
	const char *step;
	const char *expect;
	const char *obstacle;	/* an ID prefix; NULL: the focus obstacle */
	const char *see_by;	/* a WHEN, or NULL */
};

int kata_step_plan(struct kata_repo *repo, const char *learner,
		   const struct kata_step_opts *opts, const struct kata_who *who,
		   struct kata_done *done, struct kata_error *err);
/* id: an ID prefix, or NULL for the open step. */
int kata_step_reflect(struct kata_repo *repo, const char *learner, const char *id,
		      const char *happened, const char *learned,
		      const struct kata_who *who, struct kata_done *done,
		      struct kata_error *err);

/* at: a WHEN, or NULL for now. */
int kata_measure_add(struct kata_repo *repo, const char *learner, const char *metric,
		     const char *value, const char *at, const struct kata_who *who,
		     struct kata_done *done, struct kata_error *err);

/*
 * A coaching cycle (SPEC 5): the answers (a mapping keyed by the questions
 * of qs, read from path, which errors name) applied as one commit authored
 * by the coach: the reflection closes the open step, the obstacle answer
 * (an ID prefix, or new text to add) is put in focus, the next step is
 * planned with its expectation and see_by, a measure recorded, and a
 * coaching record keeps every answer. Checked whole before anything is
 * written: unknown keys, missing answers, a bad WHEN are refused.
 */
int kata_coach_cycle(struct kata_repo *repo, const char *learner,
		     const struct kata_questions *qs, const struct kata_node *answers,
		     const char *path, const struct kata_who *who,
		     struct kata_done *done, struct kata_error *err);
/* Whether the learner has an open step: then the cycle reflects on it. */
int kata_coach_open_step(bool *out, struct kata_repo *repo, const char *learner,
			 struct kata_error *err);

/* A second coach's observation of one phase (question) of a cycle. */
struct kata_phase_note {
	unsigned phase;		/* 1.. the number of questions */
	const char *minutes;	/* a number, or NULL */
	const char *note;	/* or NULL */
};

/*
 * The second coach's feedback to the coach on a coaching cycle (session:
 * an ID prefix of the learner's coaching record in the newest target;
 * NULL: the last one), authored by the second coach: a note for the coach
 * and, per phase, minutes spent and notes.
 */
int kata_coach_feedback(struct kata_repo *repo, const char *learner, const char *session,
			const char *note, const struct kata_phase_note *phases, size_t n,
			const struct kata_who *who, struct kata_done *done,
			struct kata_error *err);

#endif
