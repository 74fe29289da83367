#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/learner.h"
#include "kata/log.h"
#include "kata/node.h"
#include "kata/report.h"
#include "kata/str.h"
#include "kata/target.h"
#include "kata/value.h"

/* A time field of a record (RFC 3339) in *out; false when absent or bad. */
static bool time_of(int64_t *out, const struct kata_node *rec, const char *key)
{
	struct kata_time tm;
	const char *s = rec ? kata_node_str(rec, key) : NULL;

	if (!s || kata_time_parse_rfc3339(&tm, s, NULL) < 0)
		return false;
	*out = tm.t;
	return true;
}

static bool is_true(const struct kata_node *rec, const char *key)
{
	const char *s = kata_node_str(rec, key);

	return s && !strcmp(s, "true");
}

/* ---- the storyboard page ---- */

void kata_report_page_free(struct kata_page *page)
{
	size_t i;

	if (!page)
		return;
	for (i = 0; i < page->n_charts; i++)
		free(page->charts[i].points);
	free(page->charts);
	kata_storyboard_free(page->sb);
	free(page);
}

/* The chart of metric: its measures, already in time order. */
static int chart_fill(struct kata_chart *c, const struct kata_storyboard *sb,
		      const char *metric, const struct kata_time *now, struct kata_error *err)
{
	const struct kata_node *t = sb->target->node;
	const char *tmetric = kata_node_str(t, "metric"), *by;
	struct kata_time day;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->metric = metric;
	if (tmetric && !strcmp(tmetric, metric)) {
		c->unit = kata_node_str(t, "unit");
		if ((c->goal = kata_node_str(t, "goal")))
			c->goal_value = kata_value_number_double(c->goal);
		c->lower_is_better = is_true(t, "lower_is_better");
	}
	c->has_start = time_of(&c->start, t, "started");
	if ((by = kata_node_str(t, "achieve_by")) &&
	    kata_when_parse(&day, by, now, NULL) == 0) {
		c->has_by = true;
		c->by = day.t;
		c->by_day = by;
	}
	if (!(c->points = calloc(sb->measures.n ? sb->measures.n : 1, sizeof(*c->points))))
		return kata_error_oom(err);
	for (i = 0; i < sb->measures.n; i++) {
		const struct kata_rec *r = &sb->measures.rec[i];
		struct kata_chart_point *p = &c->points[c->n];

		if (strcmp(kata_node_str(r->node, "metric"), metric) || !time_of(&p->t, r->node, "at"))
			continue;
		p->value = kata_value_number_double(kata_node_str(r->node, "value"));
		p->rec = r;
		c->n++;
	}
	return 0;
}

/* The metrics of sb's measures: the target's first, then as first measured. */
static int metrics_of(const char ***out, size_t *n, const struct kata_storyboard *sb,
		      struct kata_error *err)
{
	const char *tmetric = kata_node_str(sb->target->node, "metric");
	const char **names = calloc(sb->measures.n + 1, sizeof(*names));
	size_t nn = 0, i, k;

	if (!names)
		return kata_error_oom(err);
	if (tmetric)
		names[nn++] = tmetric;
	for (i = 0; i < sb->measures.n; i++) {
		const char *m = kata_node_str(sb->measures.rec[i].node, "metric");

		for (k = 0; k < nn && strcmp(names[k], m); k++)
			;
		if (k == nn)
			names[nn++] = m;
	}
	*out = names;
	*n = nn;
	return 0;
}

int kata_report_page_load(struct kata_page **out, struct kata_repo *repo,
			  const char *learner, const struct kata_time *now,
			  struct kata_error *err)
{
	struct kata_page *page;
	const char **names = NULL;
	size_t nn = 0, i;
	int rc;

	*out = NULL;
	if (!(page = calloc(1, sizeof(*page))))
		return kata_error_oom(err);
	if ((rc = kata_storyboard_load(&page->sb, repo, learner, NULL, err)) < 0)
		goto done;
	if (!page->sb->target)
		goto done;
	if ((rc = metrics_of(&names, &nn, page->sb, err)) < 0)
		goto done;
	if (nn && !(page->charts = calloc(nn, sizeof(*page->charts)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < nn; i++) {
		if ((rc = chart_fill(&page->charts[i], page->sb, names[i], now, err)) < 0)
			goto done;
		page->n_charts++;
	}
done:
	free(names);
	if (rc < 0) {
		kata_report_page_free(page);
		return rc;
	}
	*out = page;
	return 0;
}

/* ---- the learning report of a period ---- */

const char *kata_report_outcome_name(enum kata_period_outcome o)
{
	switch (o) {
	case KATA_PERIOD_REACHED:
		return "reached";
	case KATA_PERIOD_ABANDONED:
		return "abandoned";
	default:
		return "active";
	}
}

/* The period as [from, to): a day given as until runs to its end. */
struct span {
	int64_t from, to;
};

static bool within(const struct span *s, int64_t t)
{
	return t >= s->from && t < s->to;
}

static void target_release(struct kata_period_target *t)
{
	free(t->lessons);
	kata_storyboard_free(t->sb);
}

void kata_report_period_free(struct kata_period *p)
{
	size_t i, j;

	if (!p)
		return;
	for (i = 0; i < p->n_learners; i++) {
		struct kata_period_learner *l = &p->learners[i];

		for (j = 0; j < l->n_targets; j++)
			target_release(&l->targets[j]);
		free(l->targets);
		kata_node_free(l->learner);
	}
	free(p->learners);
	free(p->lessons);
	free(p);
}

/* The target IDs the period's commits name, per learner of the report. */
struct seen {
	char **ids;		/* "learner\0target" pairs, packed */
	size_t n, alloc;
};

static void seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
}

static bool seen_has(const struct seen *s, const char *learner, const char *target)
{
	size_t i, ll = strlen(learner);

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->ids[i], learner) && !strcmp(s->ids[i] + ll + 1, target))
			return true;
	return false;
}

static int seen_add(struct seen *s, const char *learner, const char *target,
		    struct kata_error *err)
{
	size_t ll = strlen(learner), tl = strlen(target);
	char *pair;

	if (seen_has(s, learner, target))
		return 0;
	if (s->n == s->alloc) {
		size_t na = s->alloc ? 2 * s->alloc : 16;
		char **nv = realloc(s->ids, na * sizeof(*nv));

		if (!nv)
			return kata_error_oom(err);
		s->ids = nv;
		s->alloc = na;
	}
	if (!(pair = malloc(ll + tl + 2)))
		return kata_error_oom(err);
	memcpy(pair, learner, ll + 1);
	memcpy(pair + ll + 1, target, tl + 1);
	s->ids[s->n++] = pair;
	return 0;
}

/*
 * The commits of the period, newest first, back to the first one older
 * than since: which learner's target each touched. Commits after the
 * period count too (a measure recorded later with --at in the period).
 */
static int walk_period(struct seen *out, struct kata_repo *repo, const struct kata_time *since,
		       struct kata_error *err)
{
	struct kata_log_opts lo = { 0 };
	const struct kata_log_entry *e;
	struct kata_log *log = NULL;
	int rc;

	lo.since = since;
	if ((rc = kata_log_new(&log, repo, &lo, err)) < 0)
		return rc;
	while ((rc = kata_log_next(&e, log, err)) > 0)
		if (e->learner && e->target && (rc = seen_add(out, e->learner, e->target, err)) < 0)
			break;
	kata_log_free(log);
	return rc < 0 ? rc : 0;
}

/* What target t's records say about the period. */
static int target_count(struct kata_period_target *pt, const struct span *sp,
			struct kata_error *err)
{
	const struct kata_storyboard *sb = pt->sb;
	const struct kata_node *t = sb->target->node;
	const char *status = kata_node_str(t, "status"), *metric = kata_node_str(t, "metric");
	int64_t at;
	size_t i;

	pt->outcome = KATA_PERIOD_ACTIVE;
	if (status && strcmp(status, "active") && time_of(&at, t, "ended") && within(sp, at))
		pt->outcome = !strcmp(status, "done") ? KATA_PERIOD_REACHED : KATA_PERIOD_ABANDONED;
	if (sb->steps.n && !(pt->lessons = calloc(sb->steps.n, sizeof(*pt->lessons))))
		return kata_error_oom(err);
	for (i = 0; i < sb->steps.n; i++) {
		const struct kata_rec *r = &sb->steps.rec[i];

		if (time_of(&at, r->node, "planned") && within(sp, at))
			pt->steps_planned++;
		if (time_of(&at, r->node, "done") && within(sp, at)) {
			pt->steps_done++;
			if (kata_node_str(r->node, "learned"))
				pt->lessons[pt->n_lessons++] = r;
		}
	}
	for (i = 0; metric && i < sb->measures.n; i++) {
		const struct kata_rec *r = &sb->measures.rec[i];

		if (strcmp(kata_node_str(r->node, "metric"), metric) ||
		    !time_of(&at, r->node, "at") || !within(sp, at))
			continue;
		if (!pt->first)
			pt->first = r;
		pt->last = r;
		pt->values++;
	}
	if (pt->last && kata_node_str(t, "goal"))
		pt->met = kata_target_goal_met(t, kata_node_str(pt->last->node, "value"));
	return 0;
}

/* Whether target t was worked on at some time in the period. */
static bool overlaps(const struct kata_node *t, const struct span *sp)
{
	int64_t started, ended;

	if (time_of(&started, t, "started") && started >= sp->to)
		return false;
	return !time_of(&ended, t, "ended") || ended >= sp->from;
}

static int cmp_target(const void *a, const void *b)
{
	const struct kata_period_target *x = a, *y = b;

	return x->sb->target->seq < y->sb->target->seq ? -1 :
	       x->sb->target->seq > y->sb->target->seq;
}

/* Adds target (an ID; NULL: the newest) of learner l if it overlaps the
 * period and is not there yet. A target gone since (undone) is no error. */
static int learner_add_target(struct kata_period_learner *l, struct kata_repo *repo,
			      const char *target, const struct span *sp, size_t max,
			      struct kata_error *err)
{
	struct kata_storyboard_opts opts = {
		KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_NAMES, KATA_LOAD_NAMES, target,
	};
	struct kata_storyboard *sb = NULL;
	struct kata_period_target *pt;
	size_t i;
	int rc;

	rc = kata_storyboard_load(&sb, repo, l->id, &opts, err);
	if (rc == KATA_ENOTFOUND || rc == KATA_EAMBIGUOUS || rc == KATA_EINVALID) {
		kata_error_release(err);
		kata_error_init(err);
		return 0;
	}
	if (rc < 0)
		return rc;
	if (!sb->target || !overlaps(sb->target->node, sp) || l->n_targets >= max)
		goto skip;
	for (i = 0; i < l->n_targets; i++)
		if (!strcmp(l->targets[i].sb->target->id, sb->target->id))
			goto skip;
	pt = &l->targets[l->n_targets];
	memset(pt, 0, sizeof(*pt));
	pt->sb = sb;
	pt->learner = l->id;
	l->n_targets++;
	return target_count(pt, sp, err);
skip:
	kata_storyboard_free(sb);
	return 0;
}

static int learner_load(struct kata_period_learner *l, struct kata_repo *repo,
			const struct seen *seen, const struct span *sp, struct kata_error *err)
{
	size_t i, n = 1, ll = strlen(l->id);
	int rc;

	if ((rc = kata_learner_load(&l->learner, repo, l->id, err)) < 0)
		return rc;
	for (i = 0; i < seen->n; i++)
		n += !strcmp(seen->ids[i], l->id);
	if (!(l->targets = calloc(n, sizeof(*l->targets))))
		return kata_error_oom(err);
	if ((rc = learner_add_target(l, repo, NULL, sp, n, err)) < 0)
		return rc;
	for (i = 0; i < seen->n; i++)
		if (!strcmp(seen->ids[i], l->id) &&
		    (rc = learner_add_target(l, repo, seen->ids[i] + ll + 1, sp, n, err)) < 0)
			return rc;
	qsort(l->targets, l->n_targets, sizeof(*l->targets), cmp_target);
	for (i = 0; i < l->n_targets; i++) {
		const struct kata_period_target *pt = &l->targets[i];

		l->reached += pt->outcome == KATA_PERIOD_REACHED;
		l->abandoned += pt->outcome == KATA_PERIOD_ABANDONED;
		l->steps_planned += pt->steps_planned;
		l->steps_done += pt->steps_done;
		l->n_lessons += pt->n_lessons;
	}
	return 0;
}

static int cmp_lesson(const void *a, const void *b)
{
	const struct kata_period_lesson *x = a, *y = b;
	int c;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if ((c = strcmp(x->learner->id, y->learner->id)))
		return c;
	return x->step->seq < y->step->seq ? -1 : x->step->seq > y->step->seq;
}

/* The team's sums, and its lessons in time order. */
static int team_sum(struct kata_period *p, struct kata_error *err)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < p->n_learners; i++)
		n += p->learners[i].n_lessons;
	if (n && !(p->lessons = calloc(n, sizeof(*p->lessons))))
		return kata_error_oom(err);
	for (i = 0; i < p->n_learners; i++) {
		const struct kata_period_learner *l = &p->learners[i];

		p->reached += l->reached;
		p->abandoned += l->abandoned;
		p->steps_planned += l->steps_planned;
		p->steps_done += l->steps_done;
		for (j = 0; j < l->n_targets; j++)
			for (k = 0; k < l->targets[j].n_lessons; k++) {
				struct kata_period_lesson *ls = &p->lessons[p->n_lessons++];

				ls->learner = l;
				ls->target = &l->targets[j];
				ls->step = l->targets[j].lessons[k];
				time_of(&ls->t, ls->step->node, "done");
			}
	}
	if (p->n_lessons > 1)
		qsort(p->lessons, p->n_lessons, sizeof(*p->lessons), cmp_lesson);
	return 0;
}

int kata_report_period_load(struct kata_period **out, struct kata_repo *repo,
			    const char *const *learners, size_t n,
			    const struct kata_time *since, const struct kata_time *until,
			    struct kata_error *err)
{
	struct kata_period *p = NULL;
	struct seen seen = { 0 };
	char **all = NULL;
	struct span sp;
	size_t i;
	int rc;

	*out = NULL;
	sp.from = since->t;
	sp.to = until->has_time ? until->t + 1 : until->t + 24 * 60 * 60;
	if (sp.to <= sp.from)
		return kata_error_set(err, KATA_EINVALID, "the period ends before it begins");
	if (!n) {
		if ((rc = kata_learner_list(&all, &n, repo, err)) < 0)
			return rc;
		learners = (const char *const *)all;
	}
	if (!(p = calloc(1, sizeof(*p))) ||
	    (n && !(p->learners = calloc(n, sizeof(*p->learners))))) {
		rc = kata_error_oom(err);
		goto done;
	}
	p->since = *since;
	p->until = *until;
	if ((rc = walk_period(&seen, repo, since, err)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		struct kata_period_learner *l = &p->learners[p->n_learners++];

		snprintf(l->id, sizeof(l->id), "%s", learners[i]);
		if ((rc = learner_load(l, repo, &seen, &sp, err)) < 0)
			goto done;
	}
	rc = team_sum(p, err);
done:
	seen_release(&seen);
	kata_strv_free(all);
	if (rc < 0) {
		kata_report_period_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
