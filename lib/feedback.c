#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/feedback.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/value.h"
#include "move.h"

/* "1 target, 2 actual, ..." for the messages that name the valid phases. */
static char *phase_names(const struct kata_questions *qs)
{
	struct kata_buf b = KATA_BUF_INIT;
	size_t i;

	for (i = 0; i < qs->n; i++)
		kata_buf_addf(&b, "%s%zu %s", i ? ", " : "", i + 1, qs->q[i].key);
	return kata_buf_detach(&b);
}

static int bad_phase(const struct kata_questions *qs, const char *what,
		     struct kata_error *err)
{
	char *names = phase_names(qs);
	int rc;

	if (!names)
		return kata_error_oom(err);
	rc = kata_error_set(err, KATA_EINVALID,
			    "invalid phase %s: the phases are the questions of '%s': %s", what,
			    qs->id, names);
	free(names);
	return rc;
}

/* Whether phase is among the n given before it: one entry a question. */
static int twice(const struct kata_questions *qs, unsigned phase,
		 const struct kata_feedback_phase *before, size_t n, struct kata_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (before[i].phase == phase)
			return kata_error_set(err, KATA_EINVALID,
					      "phase %u (%s) is given twice: one --phase for each question",
					      phase, qs->q[phase - 1].key);
	return 0;
}

int kata_feedback_phase(unsigned *out, const struct kata_questions *qs, const char *arg,
			const struct kata_feedback_phase *before, size_t n,
			struct kata_error *err)
{
	char quoted[80];
	unsigned long v;
	char *end;
	size_t i;

	*out = 0;
	for (i = 0; i < qs->n && !*out; i++)
		if (!strcmp(qs->q[i].key, arg))
			*out = (unsigned)i + 1;
	/* digits only: no sign, no space, nothing strtoul would skip */
	if (!*out && *arg >= '0' && *arg <= '9') {
		v = strtoul(arg, &end, 10);
		if (!*end && v >= 1 && v <= qs->n)
			*out = (unsigned)v;
	}
	if (!*out) {
		snprintf(quoted, sizeof(quoted), "'%.60s'", arg);
		return bad_phase(qs, quoted, err);
	}
	return twice(qs, *out, before, n, err);
}

/* Minutes as the record keeps them: a number, more than 0 and at most
 * KATA_FEEDBACK_MINUTES_MAX. */
static int check_minutes(char out[KATA_NUMBER_MAX], const char *minutes,
			 struct kata_error *err)
{
	double v;
	int rc;

	if ((rc = kata_value_number(out, minutes, "minutes", err)) < 0)
		return rc;
	v = strtod(out, NULL);
	if (!(v > 0) || v > KATA_FEEDBACK_MINUTES_MAX)
		return kata_error_set(err, KATA_EINVALID,
				      "invalid minutes '%s': more than 0 and at most %d for a phase",
				      minutes, KATA_FEEDBACK_MINUTES_MAX);
	return 0;
}

static int check_phases(const struct kata_questions *qs,
			const struct kata_feedback_phase *phases, size_t n,
			struct kata_error *err)
{
	char number[KATA_NUMBER_MAX], what[32];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (phases[i].phase < 1 || phases[i].phase > qs->n) {
			snprintf(what, sizeof(what), "%u", phases[i].phase);
			return bad_phase(qs, what, err);
		}
		if ((rc = twice(qs, phases[i].phase, phases, i, err)) < 0 ||
		    (phases[i].minutes && (rc = check_minutes(number, phases[i].minutes, err)) < 0) ||
		    (rc = kata_value_text(phases[i].note, "note", 0, err)) < 0)
			return rc;
	}
	return 0;
}

/* The phases as the record keeps them: [{phase, question, minutes, note}, ...];
 * the question's key too, so that the record still says which question it
 * was when the set changes. */
static struct kata_node *phase_list(const struct kata_questions *qs,
				    const struct kata_feedback_phase *phases, size_t n)
{
	struct kata_node *list = kata_node_new(KATA_NODE_SEQUENCE), *p = NULL;
	char number[KATA_NUMBER_MAX], ph[16];
	bool ok = list != NULL;
	size_t i;

	for (i = 0; ok && i < n; i++) {
		snprintf(ph, sizeof(ph), "%u", phases[i].phase);
		ok = (p = kata_node_new(KATA_NODE_MAPPING)) &&
		     kata_node_set_plain(p, "phase", ph) == 0 &&
		     kata_node_set_str(p, "question", qs->q[phases[i].phase - 1].key) == 0 &&
		     (!phases[i].minutes ||
		      (check_minutes(number, phases[i].minutes, NULL) == 0 &&
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

/* Looks for session among the coaching cycles of one target folder:
 * 0 found, KATA_ENOTFOUND not there, or another error. */
static int session_in(struct kata_repo *repo, const char *target_dir, const char *session,
		      struct kata_error *err)
{
	struct kata_path_entry *names = NULL;
	char folder[KATA_PATH_MAX];
	const char **ids = NULL;
	size_t n = 0, i, at;
	int rc;

	kata_path_kind_dir(folder, target_dir, KATA_KIND_COACHING);
	if ((rc = kata_path_list(&names, &n, repo, folder, false, err)) < 0)
		return rc;
	if (n && !(ids = calloc(n, sizeof(*ids)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < n; i++)
		ids[i] = names[i].id;
	rc = kata_id_match(&at, ids, n, session, "coaching cycle", err);
done:
	free(ids);
	kata_path_list_free(names, n);
	return rc;
}

int kata_feedback_find_session(char target[16], struct kata_repo *repo, const char *learner,
			       const char *session, struct kata_error *err)
{
	struct kata_path_entry *targets = NULL;
	char folder[KATA_PATH_MAX], dir[KATA_PATH_MAX];
	size_t nt = 0, i;
	int rc;

	*target = '\0';
	if ((rc = kata_learner_check(repo, learner, err)) < 0)
		return rc;
	kata_path_learner_dir(folder, learner);
	if ((rc = kata_path_list(&targets, &nt, repo, folder, true, err)) < 0)
		return rc;
	rc = KATA_ENOTFOUND;
	/* newest first: the abbreviations kata shows are those of one target */
	for (i = nt; i-- > 0;) {
		kata_path_join(dir, folder, targets[i].name);
		rc = session_in(repo, dir, session, err);
		if (rc == KATA_ENOTFOUND) {
			kata_error_release(err);
			continue;
		}
		if (rc == 0)
			memcpy(target, targets[i].id, 16);
		break;
	}
	if (rc == KATA_ENOTFOUND)
		kata_error_set(err, KATA_ENOTFOUND, "%s has no coaching cycle '%s'", learner,
			       session);
	kata_path_list_free(targets, nt);
	return rc;
}

int kata_feedback_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const char *session, const char *note, const struct kata_questions *qs,
		      const struct kata_feedback_phase *phases, size_t n,
		      const struct kata_who *who, struct kata_error *err)
{
	struct kata_storyboard_opts load = { .coaching = KATA_LOAD_LAST };
	const struct kata_rec *c;
	struct kata_node *list = NULL;
	struct kata_rec *f;
	char target[16] = "";
	struct move m;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = kata_value_text(note, "note", KATA_VALUE_REQUIRED, err)) < 0 ||
	    (rc = check_phases(qs, phases, n, err)) < 0)
		return rc;
	/* The target that holds the session; under the lock the session is
	 * looked for again, in case it went meanwhile. */
	if (session) {
		if ((rc = kata_feedback_find_session(target, repo, learner, session, err)) < 0)
			return rc;
		load.coaching = KATA_LOAD_ALL;
		load.target = target;
	}
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ANY_TARGET, err)) < 0)
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
	    (n && (!(list = phase_list(qs, phases, n)) ||
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
