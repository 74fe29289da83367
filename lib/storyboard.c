#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/id.h"
#include "kata/practice.h"
#include "kata/record.h"
#include "kata/storyboard.h"
#include "kata/when.h"

static void recs_free(struct kata_rec *recs, size_t n)
{
	size_t i;

	if (!recs)
		return;
	for (i = 0; i < n; i++) {
		free(recs[i].path);
		kata_node_free(recs[i].node);
	}
	free(recs);
}

void kata_storyboard_free(struct kata_storyboard *sb)
{
	if (!sb)
		return;
	free(sb->learner_id);
	kata_node_free(sb->learner);
	recs_free(sb->target, sb->target ? 1 : 0);
	recs_free(sb->obstacles, sb->n_obstacles);
	recs_free(sb->steps, sb->n_steps);
	recs_free(sb->measures, sb->n_measures);
	recs_free(sb->coaching, sb->n_coaching);
	free(sb);
}

/* Loads every record of one kind in the target's folder, in order. */
static int load_kind(struct kata_rec **out, size_t *n_out, struct kata_repo *repo,
		     const char *dir, enum kata_kind kind, struct kata_error *err)
{
	struct kata_entry_name *list = NULL;
	struct kata_rec *recs = NULL;
	char *folder;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!(folder = kata_str_newf("%s/%s", dir, kata_kind_folder(kind))))
		return kata_error_oom(err);
	if ((rc = kata_seq_list(&list, &n, repo, folder, false, err)) < 0)
		goto done;
	if (n && !(recs = calloc(n, sizeof(*recs)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		struct kata_rec *r = &recs[i];

		if (!(r->path = kata_str_newf("%s/%s", folder, list[i].name))) {
			rc = kata_error_oom(err);
			goto done;
		}
		memcpy(r->id, list[i].id, sizeof(r->id));
		r->seq = (unsigned long)i + 1;
		if ((rc = kata_record_load(&r->node, repo, r->path, kind, err)) < 0)
			goto done;
	}
done:
	free(folder);
	kata_seq_list_free(list, n);
	if (rc < 0) {
		recs_free(recs, n);
		return rc;
	}
	*out = recs;
	*n_out = n;
	return 0;
}

static int64_t at_of(const struct kata_rec *r)
{
	struct kata_time tm;
	struct kata_error ignore;

	kata_error_init(&ignore);
	if (kata_time_parse_rfc3339(&tm, kata_node_str(r->node, "at"), &ignore) < 0)
		tm.t = 0;
	kata_error_release(&ignore);
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
	size_t n = 1 + sb->n_obstacles + sb->n_steps + sb->n_measures + sb->n_coaching, k = 0, i;
	const char **ids = calloc(n, sizeof(*ids));
	struct kata_rec **recs = calloc(n, sizeof(*recs));

	if (!ids || !recs) {
		free(ids);
		free(recs);
		return kata_error_oom(err);
	}
	recs[k++] = sb->target;
	for (i = 0; i < sb->n_obstacles; i++)
		recs[k++] = &sb->obstacles[i];
	for (i = 0; i < sb->n_steps; i++)
		recs[k++] = &sb->steps[i];
	for (i = 0; i < sb->n_measures; i++)
		recs[k++] = &sb->measures[i];
	for (i = 0; i < sb->n_coaching; i++)
		recs[k++] = &sb->coaching[i];
	for (i = 0; i < k; i++)
		ids[i] = recs[i]->id;
	for (i = 0; i < k; i++)
		recs[i]->abbrev = kata_id_abbrev_len(ids, k, i);
	free(ids);
	free(recs);
	return 0;
}

int kata_storyboard_load(struct kata_storyboard **out, struct kata_repo *repo,
			 const char *learner, struct kata_error *err)
{
	struct kata_storyboard *sb;
	struct kata_entry_name *targets = NULL;
	char *folder = NULL, *path = NULL;
	size_t nt = 0;
	int rc;

	if ((rc = kata_learner_check(repo, learner, err)) < 0)
		return rc;
	if (!(sb = calloc(1, sizeof(*sb))))
		return kata_error_oom(err);
	if (!(sb->learner_id = strdup(learner)) ||
	    !(folder = kata_str_newf("learners/%s", learner)) ||
	    !(path = kata_str_newf("%s/learner.yaml", folder))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_record_load(&sb->learner, repo, path, KATA_KIND_LEARNER, err)) < 0 ||
	    (rc = kata_seq_list(&targets, &nt, repo, folder, true, err)) < 0)
		goto done;
	if (nt) {
		struct kata_rec *t;
		char *dir;

		if (!(sb->target = t = calloc(1, sizeof(*t))) ||
		    !(dir = kata_str_newf("%s/%s", folder, targets[nt - 1].name))) {
			rc = kata_error_oom(err);
			goto done;
		}
		memcpy(t->id, targets[nt - 1].id, sizeof(t->id));
		t->seq = nt;
		if (!(t->path = kata_str_newf("%s/target.yaml", dir))) {
			free(dir);
			rc = kata_error_oom(err);
			goto done;
		}
		rc = kata_record_load(&t->node, repo, t->path, KATA_KIND_TARGET, err);
		if (rc == 0)
			rc = load_kind(&sb->obstacles, &sb->n_obstacles, repo, dir,
				       KATA_KIND_OBSTACLE, err);
		if (rc == 0)
			rc = load_kind(&sb->steps, &sb->n_steps, repo, dir, KATA_KIND_STEP, err);
		if (rc == 0)
			rc = load_kind(&sb->measures, &sb->n_measures, repo, dir,
				       KATA_KIND_MEASURE, err);
		if (rc == 0)
			rc = load_kind(&sb->coaching, &sb->n_coaching, repo, dir,
				       KATA_KIND_COACHING, err);
		free(dir);
		if (rc < 0)
			goto done;
		if (sb->n_measures > 1)
			qsort(sb->measures, sb->n_measures, sizeof(*sb->measures), cmp_at);
		if ((rc = set_abbrevs(sb, err)) < 0)
			goto done;
	}
done:
	kata_seq_list_free(targets, nt);
	free(folder);
	free(path);
	if (rc < 0) {
		kata_storyboard_free(sb);
		return rc;
	}
	*out = sb;
	return 0;
}

const struct kata_rec *kata_storyboard_focus(const struct kata_storyboard *sb)
{
	const char *focus;
	size_t i;

	if (!sb->target || !(focus = kata_node_str(sb->target->node, "focus")))
		return NULL;
	for (i = 0; i < sb->n_obstacles; i++)
		if (!strcmp(sb->obstacles[i].id, focus))
			return &sb->obstacles[i];
	return NULL;
}

const struct kata_rec *kata_storyboard_open_step(const struct kata_storyboard *sb)
{
	const struct kata_rec *last;

	if (!sb->n_steps)
		return NULL;
	last = &sb->steps[sb->n_steps - 1];
	return strcmp(kata_node_str(last->node, "status"), "open") ? NULL : last;
}
