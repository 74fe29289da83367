#include <stdio.h>
#include <string.h>

#include "kata/repo.h"
#include "kata/step.h"
#include "kata/str.h"
#include "kata/value.h"
#include "kata/when.h"
#include "move.h"

/* Only the newest step can be open: one step at a time. */
static int check_reflected(const struct kata_storyboard *sb, struct kata_error *err)
{
	const struct kata_rec *open = kata_storyboard_open_step(sb);

	if (!open)
		return 0;
	return kata_error_set(err, KATA_EPRACTICE,
			      "step #%lu (%.4s) has not been reflected on; first record what happened and what you learned: kata step done --happened TEXT --learned TEXT",
			      open->seq, open->id);
}

int kata_step_plan(struct kata_done *out, struct kata_repo *repo, const char *learner,
		   const struct kata_step_opts *o, const struct kata_who *who,
		   struct kata_error *err)
{
	static const struct kata_storyboard_opts load = { .steps = KATA_LOAD_LAST };
	const struct kata_rec *obstacle = NULL;
	struct kata_rec *s;
	struct kata_time see;
	struct move m;
	char see_by[KATA_TIME_BUFSZ], subject[80];
	const char *focus;
	int rc;

	if ((rc = kata_value_text(o->step, "step", KATA_VALUE_REQUIRED | KATA_VALUE_LINE, err)) < 0)
		return rc;
	if (!o->expect || !*o->expect)
		return kata_error_set(err, KATA_EPRACTICE,
				      "what do you expect? a step needs its expectation (--expect TEXT)");
	if ((rc = kata_value_text(o->expect, "expectation", KATA_VALUE_REQUIRED, err)) < 0)
		return rc;
	if (o->see_by) {
		if ((rc = kata_when_parse(&see, o->see_by, kata_repo_now(repo), err)) < 0)
			return rc;
		kata_time_format(see_by, &see);
	}
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = check_reflected(m.sb, err)) < 0 ||
	    (o->obstacle &&
	     (rc = kata_storyboard_find(&obstacle, m.sb, KATA_KIND_OBSTACLE, o->obstacle,
					err)) < 0) ||
	    (rc = move_new(&s, &m, KATA_KIND_STEP, err)) < 0)
		goto done;
	focus = kata_node_str(m.sb->target->node, "focus");
	if (!obstacle && !focus)
		move_warn(&m, "the step works on no obstacle: none is in focus ('kata obstacle focus ID')");
	else if (obstacle && focus && strcmp(obstacle->id, focus))
		move_warn(&m, "the step works on obstacle %.4s, not on %.4s in focus: one obstacle at a time ('kata obstacle focus %.4s')",
			  obstacle->id, focus, obstacle->id);
	if (!o->see_by)
		move_warn(&m, "no go-and-see: when will you see what the step brought? ('--see-by WHEN')");
	if (obstacle)
		focus = obstacle->id;
	if ((focus && kata_node_set_str(s->node, "obstacle", focus) < 0) ||
	    kata_node_set_str(s->node, "step", o->step) < 0 ||
	    kata_node_set_str(s->node, "expect", o->expect) < 0 ||
	    (o->see_by && kata_node_set_str(s->node, "see_by", see_by) < 0) ||
	    kata_node_set_str(s->node, "status", "open") < 0 ||
	    kata_node_set_str(s->node, "planned", m.now) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, s, err)) < 0)
		goto done;
	kata_str_cut(subject, sizeof(subject), o->step, 60);
	rc = move_commit(out, &m, who, "step-plan", s->id, s->seq, err,
			 "step %.4s planned: %s", s->id, subject);
done:
	move_release(&m);
	return rc;
}

int move_check_reflection(const char *happened, const char *learned, struct kata_error *err)
{
	int rc;

	if (!happened || !*happened || !learned || !*learned)
		return kata_error_set(err, KATA_EPRACTICE,
				      "a reflection needs both what happened (--happened) and what was learned (--learned)");
	if ((rc = kata_value_text(happened, "what happened", KATA_VALUE_REQUIRED, err)) < 0 ||
	    (rc = kata_value_text(learned, "what was learned", KATA_VALUE_REQUIRED, err)) < 0)
		return rc;
	return 0;
}

int move_reflect(struct move *m, struct kata_rec *s, const char *happened,
		 const char *learned, struct kata_error *err)
{
	if (kata_node_set_str(s->node, "status", "done") < 0 ||
	    kata_node_set_str(s->node, "happened", happened) < 0 ||
	    kata_node_set_str(s->node, "learned", learned) < 0 ||
	    kata_node_set_str(s->node, "done", m->now) < 0)
		return kata_error_oom(err);
	return move_put(m, s, err);
}

int kata_step_reflect(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *id, const char *happened, const char *learned,
		      const struct kata_who *who, struct kata_error *err)
{
	static const struct kata_storyboard_opts last = { .steps = KATA_LOAD_LAST };
	static const struct kata_storyboard_opts all = { .steps = KATA_LOAD_ALL };
	struct kata_rec *s;
	struct move m;
	char subject[80];
	int rc;

	if ((rc = move_check_reflection(happened, learned, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, id ? &all : &last, MOVE_ACTIVE_TARGET,
			     err)) < 0)
		goto done;
	if (id) {
		if ((rc = move_find(&s, &m, KATA_KIND_STEP, id, err)) < 0)
			goto done;
	} else if (!(s = m.sb->steps.n ? &m.sb->steps.rec[m.sb->steps.n - 1] : NULL)) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "no step to reflect on; plan one with 'kata step TEXT --expect TEXT'");
		goto done;
	}
	if (strcmp(kata_node_str(s->node, "status"), "open")) {
		/* only the last step can be open: name it, or say none is */
		const struct kata_rec *newest = &m.sb->steps.rec[m.sb->steps.n - 1];

		if (newest != s && !strcmp(kata_node_str(newest->node, "status"), "open"))
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "step #%lu (%.4s) was reflected on already; the open step is #%lu (%.4s)",
					    s->seq, s->id, newest->seq, newest->id);
		else
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "step #%lu (%.4s) was reflected on already, and no step is open; plan the next one with 'kata step TEXT --expect TEXT'",
					    s->seq, s->id);
		goto done;
	}
	if ((rc = move_reflect(&m, s, happened, learned, err)) < 0)
		goto done;
	kata_str_cut(subject, sizeof(subject), learned, 60);
	rc = move_commit(out, &m, who, "step-done", s->id, s->seq, err,
			 "step %.4s done: learned %s", s->id, subject);
done:
	move_release(&m);
	return rc;
}
