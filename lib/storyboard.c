#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/storyboard.h"
#include "kata/str.h"
#include "kata/when.h"

static void recs_release(struct kata_recs *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		kata_node_free(list->rec[i].node);
	free(list->rec);
	list->rec = NULL;
	list->n = 0;
}

void kata_storyboard_free(struct kata_storyboard *sb)
{
	if (!sb)
		return;
	kata_node_free(sb->learner);
	if (sb->target)
		kata_node_free(sb->target->node);
	free(sb->target);
	recs_release(&sb->obstacles);
	recs_release(&sb->steps);
	recs_release(&sb->measures);
	recs_release(&sb->coaching);
	recs_release(&sb->feedback);
	free(sb);
}

const struct kata_recs *kata_storyboard_list(const struct kata_storyboard *sb,
					     enum kata_kind kind)
{
	switch (kind) {
	case KATA_KIND_OBSTACLE:
		return &sb->obstacles;
	case KATA_KIND_STEP:
		return &sb->steps;
	case KATA_KIND_MEASURE:
		return &sb->measures;
	case KATA_KIND_COACHING:
		return &sb->coaching;
	case KATA_KIND_FEEDBACK:
		return &sb->feedback;
	default:
		return NULL;
	}
}

/* Lists the records of one kind in the target's folder, reading as asked. */
static int load_kind(struct kata_recs *out, struct kata_repo *repo, const char *dir,
		     enum kata_kind kind, enum kata_load how, struct kata_error *err)
{
	struct kata_path_entry *names = NULL;
	char folder[KATA_PATH_MAX];
	size_t n = 0, i;
	int rc;

	kata_path_kind_dir(folder, dir, kind);
	if ((rc = kata_path_list(&names, &n, repo, folder, false, err)) < 0)
		return rc;
	if (n && !(out->rec = calloc(n, sizeof(*out->rec)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	out->n = n;
	for (i = 0; i < n; i++) {
		struct kata_rec *r = &out->rec[i];

		r->kind = kind;
		/* the name as it is in the folder, whatever its digits */
		kata_path_join(r->path, folder, names[i].name);
		memcpy(r->id, names[i].id, sizeof(r->id));
		r->seq = (unsigned long)i + 1;
		r->number = names[i].seq;
		if (how == KATA_LOAD_ALL || (how == KATA_LOAD_LAST && i + 1 == n))
			if ((rc = kata_record_load(&r->node, repo, r->path, kind, err)) < 0)
				goto done;
	}
done:
	kata_path_list_free(names, n);
	return rc;
}

static int64_t at_of(const struct kata_rec *r)
{
	struct kata_time tm;

	if (kata_time_parse_rfc3339(&tm, kata_node_str(r->node, "at"), NULL) < 0)
		return 0;
	return tm.t;
}

static int cmp_at(const void *a, const void *b)
{
	const struct kata_rec *x = a, *y = b;
	int64_t tx = at_of(x), ty = at_of(y);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Abbreviations are unambiguous across all of a target's records, since
 * any of them may be named on a command line. */
static int set_abbrevs(struct kata_storyboard *sb, struct kata_error *err)
{
	struct kata_recs *lists[] = { &sb->obstacles, &sb->steps, &sb->measures,
				      &sb->coaching, &sb->feedback };
	size_t n = 1, k = 0, i, l;
	const char **ids;
	struct kata_rec **recs;

	for (l = 0; l < sizeof(lists) / sizeof(*lists); l++)
		n += lists[l]->n;
	ids = calloc(n, sizeof(*ids));
	recs = calloc(n, sizeof(*recs));
	if (!ids || !recs) {
		free(ids);
		free(recs);
		return kata_error_oom(err);
	}
	recs[k++] = sb->target;
	for (l = 0; l < sizeof(lists) / sizeof(*lists); l++)
		for (i = 0; i < lists[l]->n; i++)
			recs[k++] = &lists[l]->rec[i];
	for (i = 0; i < k; i++)
		ids[i] = recs[i]->id;
	for (i = 0; i < k; i++)
		recs[i]->abbrev = kata_id_abbrev_len(ids, k, i);
	free(ids);
	free(recs);
	return 0;
}

/* Which of the learner's targets (n of them, oldest first) o asks for. */
static int pick_target(size_t *out, const struct kata_path_entry *targets, size_t n,
		       const struct kata_storyboard_opts *o, struct kata_error *err)
{
	const char **ids;
	size_t i;
	int rc;

	*out = n - 1;
	if (!o->target)
		return 0;
	if (!(ids = calloc(n, sizeof(*ids))))
		return kata_error_oom(err);
	for (i = 0; i < n; i++)
		ids[i] = targets[i].id;
	rc = kata_id_match(out, ids, n, o->target, "target condition", err);
	free(ids);
	return rc;
}

/* The target asked for (the newest by default) and what was asked of its
 * records. */
static int load_target(struct kata_storyboard *sb, struct kata_repo *repo,
		       const struct kata_storyboard_opts *o, struct kata_error *err)
{
	struct kata_path_entry *targets = NULL;
	char folder[KATA_PATH_MAX];
	struct kata_rec *t;
	size_t nt = 0, at;
	int rc;

	kata_path_learner_dir(folder, sb->learner_id);
	if ((rc = kata_path_list(&targets, &nt, repo, folder, true, err)) < 0)
		goto done;
	if (!nt) {
		if (o->target)
			rc = kata_error_set(err, KATA_ENOTFOUND, "no target condition '%s'",
					    o->target);
		goto done;
	}
	if ((rc = pick_target(&at, targets, nt, o, err)) < 0)
		goto done;
	if (!(sb->target = t = calloc(1, sizeof(*t)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	kata_path_join(sb->target_dir, folder, targets[at].name);
	t->kind = KATA_KIND_TARGET;
	kata_path_target(t->path, sb->target_dir);
	memcpy(t->id, targets[at].id, sizeof(t->id));
	t->seq = at + 1;
	t->number = targets[at].seq;
	if ((rc = kata_record_load(&t->node, repo, t->path, KATA_KIND_TARGET, err)) < 0 ||
	    (rc = load_kind(&sb->obstacles, repo, sb->target_dir, KATA_KIND_OBSTACLE,
			    o->obstacles, err)) < 0 ||
	    (rc = load_kind(&sb->steps, repo, sb->target_dir, KATA_KIND_STEP, o->steps,
			    err)) < 0 ||
	    (rc = load_kind(&sb->measures, repo, sb->target_dir, KATA_KIND_MEASURE,
			    o->measures, err)) < 0 ||
	    (rc = load_kind(&sb->coaching, repo, sb->target_dir, KATA_KIND_COACHING,
			    o->coaching, err)) < 0 ||
	    (rc = load_kind(&sb->feedback, repo, sb->target_dir, KATA_KIND_FEEDBACK,
			    o->feedback, err)) < 0)
		goto done;
	if (o->measures == KATA_LOAD_ALL && sb->measures.n > 1)
		qsort(sb->measures.rec, sb->measures.n, sizeof(*sb->measures.rec), cmp_at);
	rc = set_abbrevs(sb, err);
done:
	kata_path_list_free(targets, nt);
	return rc;
}

int kata_storyboard_load(struct kata_storyboard **out, struct kata_repo *repo,
			 const char *learner, const struct kata_storyboard_opts *opts,
			 struct kata_error *err)
{
	static const struct kata_storyboard_opts everything = {
		KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, NULL,
	};
	struct kata_storyboard *sb = NULL;
	int rc;

	*out = NULL;
	if (!(sb = calloc(1, sizeof(*sb))))
		return kata_error_oom(err);
	if ((rc = kata_learner_load(&sb->learner, repo, learner, err)) < 0)
		goto done;
	snprintf(sb->learner_id, sizeof(sb->learner_id), "%s", learner);
	if ((rc = load_target(sb, repo, opts ? opts : &everything, err)) < 0)
		goto done;
	*out = sb;
	sb = NULL;
done:
	kata_storyboard_free(sb);
	return rc;
}

/* No record of kind is prefix: the message names the closest IDs, with
 * each one's text where the kind has one, to tell a typo from the rest. */
static int not_found(const struct kata_recs *list, const char **ids, enum kata_kind kind,
		     const char *prefix, struct kata_error *err)
{
	struct kata_buf msg = KATA_BUF_INIT;
	size_t close[3], n, i;
	int rc;

	n = kata_id_closest(close, 3, ids, list->n, prefix);
	kata_buf_addf(&msg, "no %s '%s'", kata_record_kind_name(kind), prefix);
	for (i = 0; i < n; i++) {
		const struct kata_rec *r = &list->rec[close[i]];
		const char *text = r->node ? kata_node_str(r->node, "text") : NULL;
		char cut[64];

		kata_buf_addf(&msg, "%s%.*s", i ? ", " : "; the closest: ", (int)r->abbrev, r->id);
		if (text) {
			kata_str_cut(cut, sizeof(cut), text, 40);
			kata_buf_addf(&msg, " (%s)", cut);
		}
	}
	if (msg.oom)
		rc = kata_error_oom(err);
	else
		rc = kata_error_set(err, KATA_ENOTFOUND, "%s", msg.buf);
	kata_buf_release(&msg);
	return rc;
}

int kata_storyboard_find(const struct kata_rec **out, const struct kata_storyboard *sb,
			 enum kata_kind kind, const char *prefix, struct kata_error *err)
{
	const struct kata_recs *list = kata_storyboard_list(sb, kind);
	/* the target is a list of one, or of none */
	struct kata_recs target = { sb->target, sb->target ? 1 : 0 };
	struct kata_error inner;
	const char **ids = NULL;
	size_t i, at;
	int rc;

	*out = NULL;
	if (!list && kind != KATA_KIND_TARGET)
		return kata_error_set(err, KATA_EINVALID, "no %s in a target condition's folder",
				      kata_record_kind_name(kind));
	if (!list)
		list = &target;
	if (list->n && !(ids = calloc(list->n, sizeof(*ids))))
		return kata_error_oom(err);
	for (i = 0; i < list->n; i++)
		ids[i] = list->rec[i].id;
	kata_error_init(&inner);
	rc = kata_id_match(&at, ids, list->n, prefix, kata_record_kind_name(kind), &inner);
	if (rc == 0)
		*out = &list->rec[at];
	else if (rc == KATA_ENOTFOUND || (rc == KATA_EINVALID && kata_id_lookalike(prefix)))
		rc = not_found(list, ids, kind, prefix, err);
	else
		rc = kata_error_set(err, rc, "%s", inner.message);
	kata_error_release(&inner);
	free(ids);
	return rc;
}

bool kata_storyboard_active(const struct kata_storyboard *sb)
{
	const char *status;

	return sb->target && (status = kata_node_str(sb->target->node, "status")) &&
	       !strcmp(status, "active");
}

const struct kata_rec *kata_storyboard_focus(const struct kata_storyboard *sb)
{
	const char *focus;
	size_t i;

	if (!sb->target || !(focus = kata_node_str(sb->target->node, "focus")))
		return NULL;
	for (i = 0; i < sb->obstacles.n; i++)
		if (!strcmp(sb->obstacles.rec[i].id, focus))
			return &sb->obstacles.rec[i];
	return NULL;
}

const struct kata_rec *kata_storyboard_last(const struct kata_recs *list)
{
	return list->n ? &list->rec[list->n - 1] : NULL;
}

const struct kata_rec *kata_storyboard_open_step(const struct kata_storyboard *sb)
{
	const struct kata_rec *last = kata_storyboard_last(&sb->steps);
	const char *status;

	if (!last || !last->node || !(status = kata_node_str(last->node, "status")))
		return NULL;
	return strcmp(status, "open") ? NULL : last;
}
