/*
 * A question set, as kata coach and kata fsck read a repository's own
 * (kata.yaml's `questions: FILE`): parsed and checked whole, then asked
 * for what the coaching cycle asks of it.
 */
#include <stdlib.h>
#include <string.h>

#include "kata/questions.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kata_questions *qs = NULL;
	const struct kata_question *q;
	struct kata_error err;
	int role;
	size_t i, j;

	kata_error_init(&err);
	if (kata_questions_parse(&qs, (const char *)data, size, "questions.yaml", &err) < 0)
		goto done;
	/* a set kata accepts is one it can ask */
	if (!qs->id || !qs->n || !kata_questions_role(qs, KATA_ROLE_NEXT_STEP) ||
	    !kata_questions_role(qs, KATA_ROLE_SEE_BY))
		abort();
	for (i = 0; i < qs->n; i++) {
		q = &qs->q[i];
		if (!q->key || !q->ask || strlen(q->key) > KATA_QUESTION_KEY_MAX ||
		    kata_questions_find(qs, q->key) != q)
			abort();
		(void)kata_questions_asked(q, true);
		for (j = 0; j < q->n_parts; j++)
			if (!q->parts[j].key || !q->parts[j].ask)
				abort();
	}
	for (role = KATA_ROLE_NONE; role <= KATA_ROLE_NOTE; role++)
		if ((q = kata_questions_role(qs, (enum kata_answer_role)role)) &&
		    q->role != (enum kata_answer_role)role)
			abort();
done:
	kata_error_release(&err);
	kata_questions_free(qs);
	return 0;
}
