#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/str.h"
#include "kata/value.h"
#include "kata/withdraw.h"
#include "move.h"

/* The parking lot and the steps whole (a withdrawn obstacle must be named
 * by no step), the names of the rest. */
static const struct kata_storyboard_opts load = {
	.obstacles = KATA_LOAD_ALL,
	.steps = KATA_LOAD_ALL,
	.measures = KATA_LOAD_NAMES,
	.coaching = KATA_LOAD_NAMES,
	.feedback = KATA_LOAD_NAMES,
};

/* The kinds an ID may name on the command line, in the order searched. */
static const enum kata_kind kinds[] = {
	KATA_KIND_STEP, KATA_KIND_OBSTACLE, KATA_KIND_MEASURE,
	KATA_KIND_COACHING, KATA_KIND_FEEDBACK, KATA_KIND_TARGET,
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The one record of any kind that prefix names in the target. */
static int find_any(struct kata_rec **out, struct move *m, const char *prefix,
		    struct kata_error *err)
{
	struct kata_rec *found[N_KINDS], *r;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	if (!m->sb->target)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "%s has no target condition; there is nothing to withdraw",
				      m->learner);
	for (i = 0; i < N_KINDS; i++) {
		rc = move_find(&r, m, kinds[i], prefix, err);
		if (rc == KATA_ENOTFOUND) {
			kata_error_release(err);
			continue;
		}
		if (rc == KATA_EINVALID) {
			kata_error_release(err);
			return kata_error_set(err, KATA_EINVALID, "invalid record ID '%s'", prefix);
		}
		if (rc < 0)
			return rc;
		found[n++] = r;
	}
	if (n == 0)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "no record '%s' in %s's target condition %.4s", prefix,
				      m->learner, m->sb->target->id);
	if (n > 1)
		return kata_error_set(err, KATA_EAMBIGUOUS,
				      "ID '%s' is ambiguous: %s %.*s, %s %.*s%s", prefix,
				      kata_record_kind_name(found[0]->kind), (int)found[0]->abbrev,
				      found[0]->id, kata_record_kind_name(found[1]->kind),
				      (int)found[1]->abbrev, found[1]->id, n > 2 ? ", ..." : "");
	*out = found[0];
	return 0;
}

/* What the record says, for the subject's and body's words. */
static const char *text_of(const struct kata_rec *r)
{
	const char *key = r->kind == KATA_KIND_STEP ? "step" :
			  r->kind == KATA_KIND_OBSTACLE ? "text" : NULL;
	const char *t = key && r->node ? kata_node_str(r->node, key) : NULL;

	return t ? t : "";
}

int kata_withdraw(struct kata_withdrawn *out, struct kata_repo *repo, const char *learner,
		  const char *id, const char *reason, const struct kata_who *who,
		  struct kata_error *err)
{
	struct kata_buf body = KATA_BUF_INIT;
	struct kata_rec *r;
	struct move m;
	const char *focus, *name;
	char why[80], *msg_body = NULL;
	bool was_focus = false, was_open = false;
	size_t i;
	int rc;

	if ((rc = kata_value_text(reason, "reason", KATA_VALUE_REQUIRED, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ANY_TARGET, err)) < 0 ||
	    (rc = find_any(&r, &m, id, err)) < 0)
		goto done;
	name = kata_record_kind_name(r->kind);
	switch (r->kind) {
	case KATA_KIND_COACHING:
	case KATA_KIND_FEEDBACK:
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s %.4s is not withdrawn: it is the record of what happened in a coaching cycle; take back its commit with 'kata undo COMMIT' (see 'kata log --action %s')",
				    name, r->id, r->kind == KATA_KIND_COACHING ? "coach" : "coach-feedback");
		goto done;
	case KATA_KIND_TARGET:
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "target condition %.4s is not withdrawn; end it with 'kata target abandon --note TEXT'",
				    r->id);
		goto done;
	case KATA_KIND_OBSTACLE:
		/* a step's obstacle must stay in the parking lot */
		for (i = 0; i < m.sb->steps.n; i++) {
			const struct kata_rec *s = &m.sb->steps.rec[i];
			const char *o = kata_node_str(s->node, "obstacle");

			if (o && !strcmp(o, r->id)) {
				rc = kata_error_set(err, KATA_EPRACTICE,
						    "obstacle %.4s cannot be withdrawn: step #%lu (%.4s) works on it; withdraw that step first, or close the obstacle with 'kata obstacle close %.4s'",
						    r->id, s->seq, s->id, r->id);
				goto done;
			}
		}
		focus = kata_node_str(m.sb->target->node, "focus");
		if (focus && !strcmp(focus, r->id)) {
			was_focus = true;
			kata_node_remove(m.sb->target->node, "focus");
			if ((rc = move_put(&m, m.sb->target, err)) < 0)
				goto done;
		}
		break;
	case KATA_KIND_STEP:
		was_open = kata_storyboard_open_step(m.sb) == r;
		break;
	default:
		break;
	}
	if ((rc = kata_txn_remove(m.txn, r->path, err)) < 0)
		goto done;

	if (r->kind == KATA_KIND_STEP)
		kata_buf_addf(&body, "Withdrawn: step #%lu %s '%s'", r->seq, r->id, text_of(r));
	else if (r->kind == KATA_KIND_OBSTACLE)
		kata_buf_addf(&body, "Withdrawn: obstacle %s '%s'%s", r->id, text_of(r),
			      was_focus ? ", which was in focus" : "");
	else
		kata_buf_addf(&body, "Withdrawn: %s %s", name, r->id);
	kata_buf_addf(&body, "\nReason: %s", reason);
	if (!(m.body = msg_body = kata_buf_detach(&body))) {
		rc = kata_error_oom(err);
		goto done;
	}
	kata_str_cut(why, sizeof(why), reason, 60);
	rc = move_commit(out ? &out->done : NULL, &m, who, "withdraw", r->id, r->seq, err,
			 "%s %.4s withdrawn: %s", name, r->id, why);
	if (rc == 0 && out) {
		out->kind = r->kind;
		out->was_focus = was_focus;
		out->was_open = was_open;
	}
done:
	move_release(&m);
	free(msg_body);
	return rc;
}
