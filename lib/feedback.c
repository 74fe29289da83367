#include <stdio.h>
#include <string.h>

#include "kata/feedback.h"
#include "kata/value.h"
#include "move.h"

#define PHASE_MAX 20

static int check_phases(const struct kata_feedback_phase *phases, size_t n,
			struct kata_error *err)
{
	char number[KATA_NUMBER_MAX];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (phases[i].phase < 1 || phases[i].phase > PHASE_MAX)
			return kata_error_set(err, KATA_EINVALID,
					      "invalid phase %u: the phases are the questions, from 1",
					      phases[i].phase);
		if ((phases[i].minutes &&
		     (rc = kata_value_number(number, phases[i].minutes, "minutes", err)) < 0) ||
		    (rc = kata_value_text(phases[i].note, "note", 0, err)) < 0)
			return rc;
	}
	return 0;
}

/* The phases as the record keeps them: [{phase, minutes, note}, ...]. */
static struct kata_node *phase_list(const struct kata_feedback_phase *phases, size_t n)
{
	struct kata_node *list = kata_node_new(KATA_NODE_SEQUENCE), *p = NULL;
	char number[KATA_NUMBER_MAX], ph[16];
	bool ok = list != NULL;
	size_t i;

	for (i = 0; ok && i < n; i++) {
		snprintf(ph, sizeof(ph), "%u", phases[i].phase);
		ok = (p = kata_node_new(KATA_NODE_MAPPING)) &&
		     kata_node_set_plain(p, "phase", ph) == 0 &&
		     (!phases[i].minutes ||
		      (kata_value_number(number, phases[i].minutes, "minutes", NULL) == 0 &&
		       kata_node_set_plain(p, "minutes", number) == 0)) &&
		     (!phases[i].note || !*phases[i].note ||
		      kata_node_set_str(p, "note", phases[i].note) == 0) &&
		     kata_node_push_node(list, p) == 0;
		if (ok)
			p = NULL;
	}
	kata_node_free(p);
	if (!ok) {
		kata_node_free(list);
		return NULL;
	}
	return list;
}

int kata_feedback_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *session, const char *note,
		      const struct kata_feedback_phase *phases, size_t n,
		      const struct kata_who *who, struct kata_error *err)
{
	static const struct kata_storyboard_opts last = { .coaching = KATA_LOAD_LAST };
	static const struct kata_storyboard_opts all = { .coaching = KATA_LOAD_ALL };
	const struct kata_rec *c;
	struct kata_node *list = NULL;
	struct kata_rec *f;
	struct move m;
	int rc;

	if ((rc = kata_value_text(note, "note", KATA_VALUE_REQUIRED, err)) < 0 ||
	    (rc = check_phases(phases, n, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, session ? &all : &last, MOVE_ANY_TARGET,
			     err)) < 0)
		goto done;
	if (!m.sb->target) {
		rc = kata_error_set(err, KATA_EPRACTICE, "%s has no coaching cycle yet", learner);
		goto done;
	}
	if (session) {
		if ((rc = kata_storyboard_find(&c, m.sb, KATA_KIND_COACHING, session, err)) < 0)
			goto done;
	} else if (!(c = kata_storyboard_last(&m.sb->coaching))) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s has no coaching cycle in this target condition yet", learner);
		goto done;
	}
	if ((rc = move_new(&f, &m, KATA_KIND_FEEDBACK, err)) < 0)
		goto done;
	if (kata_node_set_str(f->node, "learner", learner) < 0 ||
	    kata_node_set_str(f->node, "coaching", c->id) < 0 ||
	    kata_node_set_str(f->node, "observer", who->name) < 0 ||
	    kata_node_set_str(f->node, "observer_email", who->email) < 0 ||
	    kata_node_set_str(f->node, "at", m.now) < 0 ||
	    kata_node_set_str(f->node, "note", note) < 0 ||
	    (n && (!(list = phase_list(phases, n)) ||
		   kata_node_set_node(f->node, "phases", list) < 0))) {
		rc = kata_error_oom(err);
		goto done;
	}
	list = NULL;
	if ((rc = move_put(&m, f, err)) < 0)
		goto done;
	rc = move_commit(out, &m, who, "coach-feedback", f->id, f->seq, err,
			 "feedback %.4s on coaching cycle %.4s by %s", f->id, c->id, who->name);
done:
	kata_node_free(list);
	move_release(&m);
	return rc;
}
