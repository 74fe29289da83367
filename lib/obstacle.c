#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/obstacle.h"
#include "kata/str.h"
#include "kata/value.h"
#include "move.h"

/* Obstacle moves read the parking lot whole: it is short, and they judge it. */
static const struct kata_storyboard_opts load = { .obstacles = KATA_LOAD_ALL };

int kata_obstacle_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *text, const struct kata_who *who, struct kata_error *err)
{
	struct kata_rec *o;
	struct move m;
	char subject[80];
	int rc;

	if ((rc = kata_value_text(text, "obstacle", KATA_VALUE_REQUIRED | KATA_VALUE_LINE, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = move_new(&o, &m, KATA_KIND_OBSTACLE, err)) < 0)
		goto done;
	if (kata_node_set_str(o->node, "text", text) < 0 ||
	    kata_node_set_str(o->node, "status", "open") < 0 ||
	    kata_node_set_str(o->node, "created", m.now) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, o, err)) < 0)
		goto done;
	kata_str_cut(subject, sizeof(subject), text, 60);
	rc = move_commit(out, &m, who, "obstacle-add", o->id, o->seq, err,
			 "obstacle %.4s added: %s", o->id, subject);
done:
	move_release(&m);
	return rc;
}

/* The open obstacle prefix names, in a move that has the parking lot. */
static int find_open(struct kata_rec **out, struct move *m, const char *prefix,
		     struct kata_error *err)
{
	int rc;

	if ((rc = move_find(out, m, KATA_KIND_OBSTACLE, prefix, err)) < 0)
		return rc;
	if (!strcmp(kata_node_str((*out)->node, "status"), "closed"))
		return kata_error_set(err, KATA_EPRACTICE, "obstacle %.4s is closed already",
				      (*out)->id);
	return 0;
}

int kata_obstacle_focus(struct kata_done *out, struct kata_repo *repo, const char *learner,
			const char *id, const struct kata_who *who, struct kata_error *err)
{
	const char *focus;
	struct kata_rec *o;
	struct move m;
	char subject[80];
	int rc;

	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = find_open(&o, &m, id, err)) < 0)
		goto done;
	focus = kata_node_str(m.sb->target->node, "focus");
	if (focus && !strcmp(focus, o->id)) {
		rc = kata_error_set(err, KATA_EPRACTICE, "obstacle %.4s is in focus already",
				    o->id);
		goto done;
	}
	if (kata_node_set_str(m.sb->target->node, "focus", o->id) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, m.sb->target, err)) < 0)
		goto done;
	kata_str_cut(subject, sizeof(subject), kata_node_str(o->node, "text"), 60);
	rc = move_commit(out, &m, who, "obstacle-focus", o->id, o->seq, err,
			 "obstacle %.4s in focus: %s", o->id, subject);
done:
	move_release(&m);
	return rc;
}

int kata_obstacle_close(struct kata_done *out, struct kata_repo *repo, const char *learner,
			const char *id, const char *note, const struct kata_who *who,
			struct kata_error *err)
{
	struct kata_node *target;
	const char *focus;
	struct kata_rec *o;
	struct move m;
	char subject[80];
	int rc;

	if ((rc = kata_value_text(note, "note", 0, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = find_open(&o, &m, id, err)) < 0)
		goto done;
	if (kata_node_set_str(o->node, "status", "closed") < 0 ||
	    kata_node_set_str(o->node, "closed", m.now) < 0 ||
	    (note && *note && kata_node_set_str(o->node, "note", note) < 0)) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, o, err)) < 0)
		goto done;
	target = m.sb->target->node;
	if ((focus = kata_node_str(target, "focus")) && !strcmp(focus, o->id)) {
		kata_node_remove(target, "focus");
		if ((rc = move_put(&m, m.sb->target, err)) < 0)
			goto done;
	}
	kata_str_cut(subject, sizeof(subject), kata_node_str(o->node, "text"), 60);
	rc = move_commit(out, &m, who, "obstacle-close", o->id, o->seq, err,
			 "obstacle %.4s closed: %s", o->id, subject);
done:
	move_release(&m);
	return rc;
}

int kata_obstacle_reopen(struct kata_done *out, struct kata_repo *repo, const char *learner,
			 const char *id, const char *note, const struct kata_who *who,
			 struct kata_error *err)
{
	struct kata_rec *o;
	struct move m;
	const char *closed, *old_note;
	char subject[80], *body = NULL;
	int rc;

	if ((rc = kata_value_text(note, "note", 0, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = move_find(&o, &m, KATA_KIND_OBSTACLE, id, err)) < 0)
		goto done;
	if (strcmp(kata_node_str(o->node, "status"), "closed")) {
		rc = kata_error_set(err, KATA_EPRACTICE, "obstacle %.4s is open already", o->id);
		goto done;
	}
	/* The closing note said how it was overcome: no longer true of an open
	 * obstacle, so it goes from the file to the commit's body. */
	closed = kata_node_str(o->node, "closed");
	old_note = kata_node_str(o->node, "note");
	if (!(body = kata_str_newf("It was closed%s%s%s%s.", closed ? " on " : "",
				   closed ? closed : "", old_note ? ": " : "",
				   old_note ? old_note : ""))) {
		rc = kata_error_oom(err);
		goto done;
	}
	m.body = body;
	if (kata_node_set_str(o->node, "status", "open") < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	kata_node_remove(o->node, "closed");
	kata_node_remove(o->node, "note");
	if (note && *note && kata_node_set_str(o->node, "note", note) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, o, err)) < 0)
		goto done;
	kata_str_cut(subject, sizeof(subject), kata_node_str(o->node, "text"), 60);
	rc = move_commit(out, &m, who, "obstacle-reopen", o->id, o->seq, err,
			 "obstacle %.4s reopened: %s", o->id, subject);
done:
	move_release(&m);
	free(body);
	return rc;
}
