#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/trailer.h"
#include "move.h"

int move_begin(struct move *m, struct kata_repo *repo, const char *learner,
	       const struct kata_storyboard_opts *load, enum move_need need,
	       struct kata_error *err)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->repo = repo;
	m->learner = learner;
	kata_time_format_rfc3339(m->now, kata_repo_now(repo));
	if ((rc = kata_txn_begin(&m->txn, repo, KATA_TXN_WAIT_MS, err)) < 0)
		return rc;
	if (!load)
		return 0;
	if ((rc = kata_storyboard_load(&m->sb, repo, learner, load, err)) < 0)
		return rc;
	if (m->sb->target)
		memcpy(m->target, m->sb->target->id, sizeof(m->target));
	if (need == MOVE_ACTIVE_TARGET && !kata_storyboard_active(m->sb))
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s has no active target condition; start one with 'kata start'",
				      learner);
	return 0;
}

int move_new(struct kata_rec **out, struct move *m, enum kata_kind kind,
	     struct kata_error *err)
{
	const struct kata_recs *list = kata_storyboard_list(m->sb, kind);
	unsigned long more = 0, number = 0;
	struct kata_rec *r;
	size_t i;
	int rc;

	*out = NULL;
	if (m->n_fresh == MOVE_FRESH_MAX)
		return kata_error_set(err, KATA_ERROR, "too many records in one move");
	for (i = 0; i < m->n_fresh; i++)
		more += m->fresh[i]->kind == kind;
	/* after the highest number: a list read whole may be in another order
	 * (measures by when they were taken) */
	for (i = 0; i < list->n; i++)
		if (list->rec[i].number > number)
			number = list->rec[i].number;
	if (!(r = calloc(1, sizeof(*r))))
		return kata_error_oom(err);
	r->kind = kind;
	r->seq = (unsigned long)list->n + more + 1;
	r->number = number + more + 1;
	if ((rc = kata_id_new(r->id, err)) < 0) {
		free(r);
		return rc;
	}
	kata_path_record(r->path, m->sb->target_dir, kind, r->number, r->id);
	if (!(r->node = kata_record_new(kind, r->id)) ||
	    kata_node_set_str(r->node, "target", m->target) < 0) {
		kata_node_free(r->node);
		free(r);
		return kata_error_oom(err);
	}
	m->fresh[m->n_fresh++] = r;
	*out = r;
	return 0;
}

int move_find(struct kata_rec **out, struct move *m, enum kata_kind kind,
	      const char *prefix, struct kata_error *err)
{
	const struct kata_rec *r;
	int rc;

	*out = NULL;
	if ((rc = kata_storyboard_find(&r, m->sb, kind, prefix, err)) < 0)
		return rc;
	/* the storyboard is the move's own, to change and write back */
	*out = (struct kata_rec *)r;
	return 0;
}

int move_put(struct move *m, const struct kata_rec *rec, struct kata_error *err)
{
	return kata_txn_put(m->txn, rec->path, rec->node, kata_record_order(rec->kind), err);
}

int move_commit(struct kata_done *out, struct move *m, const struct kata_who *who,
		const char *action, const char *record, unsigned long seq,
		struct kata_error *err, const char *fmt, ...)
{
	struct kata_trailers t;
	char what[512], subject[600], *msg;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (m->learner)
		snprintf(subject, sizeof(subject), "%s: %s", m->learner, what);
	else
		snprintf(subject, sizeof(subject), "%s", what);
	memset(&t, 0, sizeof(t));
	snprintf(t.learner, sizeof(t.learner), "%s", m->learner ? m->learner : "");
	snprintf(t.target, sizeof(t.target), "%s", m->target);
	snprintf(t.action, sizeof(t.action), "%s", action);
	snprintf(t.record, sizeof(t.record), "%s", record ? record : "");
	if (!(msg = kata_trailers_message(subject, m->body, &t)))
		return kata_error_oom(err);
	if (out) {
		memset(out, 0, sizeof(*out));
		snprintf(out->id, sizeof(out->id), "%s", record ? record : "");
		out->seq = seq;
		memcpy(out->warn, m->warn, sizeof(out->warn));
		out->n_warn = m->n_warn;
	}
	rc = kata_txn_commit(out ? out->commit : NULL, m->txn, msg, who, err);
	free(msg);
	return rc;
}

void move_warn(struct move *m, const char *fmt, ...)
{
	va_list ap;

	if (m->n_warn == KATA_DONE_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(m->warn[m->n_warn++], sizeof(m->warn[0]), fmt, ap);
	va_end(ap);
}

void move_release(struct move *m)
{
	size_t i;

	for (i = 0; i < m->n_fresh; i++) {
		kata_node_free(m->fresh[i]->node);
		free(m->fresh[i]);
	}
	kata_storyboard_free(m->sb);
	kata_txn_free(m->txn);
	memset(m, 0, sizeof(*m));
}
