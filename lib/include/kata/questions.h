#ifndef KATA_QUESTIONS_H
#define KATA_QUESTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/yaml.h"

/*
 * A question set: the coaching cycle's questions, as data (kata/questions/
 * or a repository's own file named in kata.yaml). Each question has a key,
 * the answer's name in an answers file and in the coaching record. kata
 * acts on the keys it knows (target, actual, measure, last_step, obstacle,
 * next_step, see_by, note), each of which takes a value of its own type; a
 * question with another key is asked and its answer kept as text.
 */

/* What kata does with an answer: the keys it knows, each one's part in
 * the cycle. */
enum kata_answer_role {
	KATA_ROLE_NONE,		/* a key of the repository's own: kept */
	KATA_ROLE_TARGET,	/* target: the target condition, as stated */
	KATA_ROLE_ACTUAL,	/* actual: the actual condition now */
	KATA_ROLE_MEASURE,	/* measure: a process-metric value seen now */
	KATA_ROLE_REFLECTION,	/* last_step: closes the open step */
	KATA_ROLE_OBSTACLE,	/* obstacle: the one in focus now */
	KATA_ROLE_NEXT_STEP,	/* next_step: plans the next step */
	KATA_ROLE_SEE_BY,	/* see_by: when to go and see */
	KATA_ROLE_NOTE,		/* note: the coach's own */
};

/* What an answer must be. */
enum kata_answer_type {
	KATA_ANSWER_TEXT,
	KATA_ANSWER_LINE,	/* next_step's step: one line of text */
	KATA_ANSWER_NUMBER,	/* measure */
	KATA_ANSWER_WHEN,	/* see_by */
	KATA_ANSWER_OBSTACLE,	/* an obstacle's ID, or the text of a new one */
	KATA_ANSWER_PARTS,	/* a mapping of the parts' answers */
};

/* The longest key a question may have (a-z, 0-9 and '_'). */
#define KATA_QUESTION_KEY_MAX 64

struct kata_question {
	char *key;
	char *ask;
	enum kata_answer_role role;	/* from the key */
	enum kata_answer_type type;	/* from the key */
	bool required;
	bool skip_first_cycle;		/* first_cycle: skip */
	const char *names;		/* last_step: "step", the part of an
					   answers file naming the step it
					   reflects on (never asked) */
	struct kata_question *parts;	/* last_step: happened, learned;
					   next_step: step, expect */
	size_t n_parts;
};

struct kata_questions {
	char *id;
	char *name;
	char *source;
	struct kata_question *q;
	size_t n;
};

#define KATA_QUESTIONS_DEFAULT "questions/coaching-kata.yaml"

/*
 * Loads and checks a question set; path names the file in errors, which
 * carry its line and column: a set that kata could not ask is refused
 * whole (unknown fields, a key twice, a known key without its parts).
 */
int kata_questions_load(struct kata_questions **out, const char *fullpath,
			const char *path, struct kata_error *err);
/* The same from buf (len bytes) in memory, read as from a file named path. */
int kata_questions_parse(struct kata_questions **out, const char *buf, size_t len,
			 const char *path, struct kata_error *err);
/* The repository's set (kata.yaml `questions: FILE`), else the shipped
 * one in datadir. */
int kata_questions_for(struct kata_questions **out, struct kata_repo *repo,
		       const char *datadir, struct kata_error *err);
void kata_questions_free(struct kata_questions *qs);

const struct kata_question *kata_questions_find(const struct kata_questions *qs,
						const char *key);

/* The key of the answer with role in every set (SPEC 5's keys), or NULL. */
const char *kata_questions_key(enum kata_answer_role role);

/* The question of qs with role (the set asks each at most once), or NULL. */
const struct kata_question *kata_questions_role(const struct kata_questions *qs,
						enum kata_answer_role role);

/*
 * Whether q is asked in a cycle: every question but those marked
 * `first_cycle: skip` on a first cycle (when there is no step to reflect
 * on yet). The one rule the prompts and the answers file both follow.
 */
bool kata_questions_asked(const struct kata_question *q, bool first_cycle);

#endif
