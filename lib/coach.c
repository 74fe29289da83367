#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/coach.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/value.h"
#include "move.h"

/* What a cycle reads: the parking lot (an answer may name any obstacle),
 * the open step, the names of the rest, and the earlier cycles (a replay
 * of one is refused). */
static const struct kata_storyboard_opts cycle_load = {
	.obstacles = KATA_LOAD_ALL,
	.steps = KATA_LOAD_LAST,
	.coaching = KATA_LOAD_ALL,
};

int kata_coach_storyboard(struct kata_storyboard **out, struct kata_repo *repo,
			  const char *learner, struct kata_error *err)
{
	/* the coach sees the last measure too, by when it was taken, and
	 * the last cycle's actual condition */
	static const struct kata_storyboard_opts load = {
		.obstacles = KATA_LOAD_ALL,
		.steps = KATA_LOAD_LAST,
		.measures = KATA_LOAD_ALL,
		.coaching = KATA_LOAD_LAST,
	};
	int rc;

	if ((rc = kata_storyboard_load(out, repo, learner, &load, err)) < 0)
		return rc;
	if (kata_storyboard_active(*out))
		return 0;
	kata_storyboard_free(*out);
	*out = NULL;
	return kata_error_set(err, KATA_EPRACTICE,
			      "%s has no active target condition; start one with 'kata start'",
			      learner);
}

bool kata_coach_first_cycle(const struct kata_storyboard *sb)
{
	return kata_storyboard_open_step(sb) == NULL;
}

static int64_t time_of(const struct kata_node *rec, const char *key)
{
	struct kata_time tm;
	const char *s = kata_node_str(rec, key);

	return s && kata_time_parse_rfc3339(&tm, s, NULL) == 0 ? tm.t : INT64_MIN;
}

void kata_coach_actual(struct kata_coach_actual *out, const struct kata_storyboard *sb)
{
	const struct kata_rec *c = kata_storyboard_last(&sb->coaching);
	const struct kata_rec *m = kata_storyboard_last(&sb->measures);
	const char *key = kata_questions_key(KATA_ROLE_ACTUAL), *said = NULL, *unit;
	const struct kata_node *t = sb->target->node;

	memset(out, 0, sizeof(*out));
	if (c && c->node)
		said = kata_node_str(kata_node_get(c->node, "answers"), key);
	if (!m || !m->node)
		m = NULL;
	if (m && (!said || time_of(m->node, "at") > time_of(c->node, "at"))) {
		unit = kata_node_str(t, "unit");
		snprintf(out->buf, sizeof(out->buf), "%s = %s%s%s", kata_node_str(m->node, "metric"),
			 kata_node_str(m->node, "value"), unit ? " " : "", unit ? unit : "");
		out->text = out->buf;
		out->at = kata_node_str(m->node, "at");
		out->from = m;
	} else if (said) {
		out->text = said;
		out->at = kata_node_str(c->node, "at");
		out->from = c;
	} else if ((out->text = kata_node_str(t, "current"))) {
		out->at = kata_node_str(t, "started");
		out->from = sb->target;
	}
}

/* The go-and-see offered: the next working day, at the coaching time (or
 * this cycle's time of day, or 10:00 outside working hours). */
static const char *see_by(char *buf, size_t size, const struct kata_schedule *sched,
			  const struct kata_time *now)
{
	int64_t local = now->t + (int64_t)now->offset * 60;
	int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int minutes = (int)((local - day * 86400) / 60), k, wday;
	static const struct kata_schedule weekdays = {
		{ false, true, true, true, true, true, false }, -1,
	};
	struct kata_time tm = *now;
	char d[KATA_TIME_BUFSZ];

	if (!sched)
		sched = &weekdays;
	if (sched->minutes >= 0)
		minutes = sched->minutes;
	else if (minutes < 7 * 60 || minutes > 18 * 60)
		minutes = 10 * 60;
	for (k = 1; k <= 7; k++) {
		/* 1970-01-01 was a Thursday */
		wday = (int)(((day + k) % 7 + 7 + 4) % 7);
		if (sched->days[wday])
			break;
	}
	if (k > 7)
		k = 1;
	tm.t = now->t + (int64_t)k * 86400;
	kata_time_format_day(d, &tm);
	snprintf(buf, size, "%s %02d:%02d", d, minutes / 60, minutes % 60);
	return buf;
}

const char *kata_coach_known(char *buf, size_t size, const struct kata_storyboard *sb,
			     const struct kata_question *q, const struct kata_schedule *sched,
			     const struct kata_time *now)
{
	const struct kata_rec *focus;
	struct kata_coach_actual actual;

	switch (q->role) {
	case KATA_ROLE_TARGET:
		return kata_node_str(sb->target->node, "condition");
	case KATA_ROLE_ACTUAL:
		kata_coach_actual(&actual, sb);
		if (!actual.text)
			return NULL;
		snprintf(buf, size, "%s", actual.text);
		return buf;
	case KATA_ROLE_OBSTACLE:
		return (focus = kata_storyboard_focus(sb)) ? focus->id : NULL;
	case KATA_ROLE_SEE_BY:
		return see_by(buf, size, sched, now);
	default:
		return NULL;
	}
}

const char *kata_coach_ask(char *buf, size_t size, const struct kata_storyboard *sb,
			   const struct kata_question *q)
{
	const char *metric = kata_node_str(sb->target->node, "metric");
	const char *unit = kata_node_str(sb->target->node, "unit");

	if (q->role != KATA_ROLE_MEASURE || !metric)
		return q->ask;
	if (unit)
		snprintf(buf, size, "%s [%s, in %s]", q->ask, metric, unit);
	else
		snprintf(buf, size, "%s [%s]", q->ask, metric);
	return buf;
}

/*
 * The obstacle an answer names: an open obstacle by ID prefix (*out), or
 * none, when it is the text of a new one (*out NULL). Text that looks like
 * an ID (kata_id_lookalike) and names none is no new obstacle but a typo:
 * KATA_ENOTFOUND, naming the closest; as_new takes any text as new.
 */
static int answer_obstacle(const struct kata_rec **out, const struct kata_storyboard *sb,
			   const char *text, bool as_new, struct kata_error *err)
{
	struct kata_error inner;
	int rc;

	*out = NULL;
	if (as_new)
		return 0;
	kata_error_init(&inner);
	rc = kata_storyboard_find(out, sb, KATA_KIND_OBSTACLE, text, &inner);
	if ((rc == KATA_ENOTFOUND || rc == KATA_EINVALID) && !kata_id_lookalike(text)) {
		kata_error_release(&inner);
		*out = NULL;
		return 0;
	}
	if (rc == KATA_ENOTFOUND) {
		rc = kata_error_set(err, rc, "%s; a new obstacle is said in words, or as {new: %s} in an answers file",
				    inner.message ? inner.message : "out of memory", text);
		kata_error_release(&inner);
		return rc;
	}
	if (rc < 0) {
		rc = kata_error_set(err, rc, "%s", inner.message ? inner.message : "out of memory");
		kata_error_release(&inner);
		return rc;
	}
	if (!strcmp(kata_node_str((*out)->node, "status"), "closed"))
		return kata_error_set(err, KATA_EPRACTICE, "obstacle %.4s is closed", (*out)->id);
	return 0;
}

int kata_coach_check_answer(const struct kata_storyboard *sb, const struct kata_question *q,
			    const char *text, const struct kata_time *now,
			    struct kata_error *err)
{
	const struct kata_rec *obstacle;
	char number[KATA_NUMBER_MAX], what[80];
	struct kata_time tm;
	int rc;

	/* an answer is named by its key, as in the answers file */
	snprintf(what, sizeof(what), "'%s'", q->key);
	if ((rc = kata_value_text(text, what, KATA_VALUE_REQUIRED |
				  (q->type == KATA_ANSWER_LINE || q->type == KATA_ANSWER_OBSTACLE ?
				   KATA_VALUE_LINE : 0), err)) < 0)
		return rc;
	switch (q->type) {
	case KATA_ANSWER_NUMBER:
		if (!kata_node_str(sb->target->node, "metric"))
			return kata_value_number(number, text, q->key, err) < 0 ? KATA_EINVALID :
			       kata_error_set(err, KATA_EPRACTICE,
					      "the target condition has no metric to measure; start it with --metric");
		return kata_measure_value(number, text, kata_node_str(sb->target->node, "metric"),
					  kata_node_str(sb->target->node, "unit"), q->key, err);
	case KATA_ANSWER_WHEN:
		return kata_when_parse(&tm, text, now, err);
	case KATA_ANSWER_OBSTACLE:
		return answer_obstacle(&obstacle, sb, text, false, err);
	default:
		return 0;
	}
}

/* One scalar answer: text that the question's type accepts, located. */
static int check_scalar(const struct kata_storyboard *sb, const struct kata_question *q,
			const struct kata_node *v, const char *path,
			const struct kata_time *now, struct kata_error *err)
{
	if (v->type != KATA_NODE_SCALAR || (!*v->text && v->plain))
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be text", q->key);
	if (kata_coach_check_answer(sb, q, v->text, now, err) < 0)
		return kata_error_locate(err, path, v->line, v->col);
	return 0;
}

/* The step a reflection names (last_step.step) is the open one: a
 * reflection on another is stale, written for an earlier cycle. */
static int check_reflected_step(const struct kata_storyboard *sb, const struct kata_question *q,
				const struct kata_node *v, const char *path,
				struct kata_error *err)
{
	const struct kata_rec *open = kata_storyboard_open_step(sb), *named;
	int rc;

	if (v->type != KATA_NODE_SCALAR || !*v->text)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s.%s' must be a step ID", q->key, q->names);
	if ((rc = kata_storyboard_find(&named, sb, KATA_KIND_STEP, v->text, err)) < 0)
		return kata_error_locate(err, path, v->line, v->col);
	if (named == open)
		return 0;
	if (open)
		return kata_error_set_at(err, KATA_EPRACTICE, path, v->line, v->col,
					 "stale answers: '%s' reflects on step #%lu (%.4s), but the open step is #%lu (%.4s)",
					 q->key, named->seq, named->id, open->seq, open->id);
	return kata_error_set_at(err, KATA_EPRACTICE, path, v->line, v->col,
				 "stale answers: '%s' reflects on step #%lu (%.4s), which was reflected on already",
				 q->key, named->seq, named->id);
}

/* An obstacle answer {new: TEXT}: text taken as a new obstacle, whatever
 * it looks like. */
static const struct kata_node *new_obstacle(const struct kata_node *v)
{
	const struct kata_node *t;

	if (v->type != KATA_NODE_MAPPING || v->n != 1 || !(t = kata_node_get(v, "new")) ||
	    t->type != KATA_NODE_SCALAR)
		return NULL;
	return t;
}

static int check_obstacle(const struct kata_storyboard *sb, const struct kata_question *q,
			  const struct kata_node *v, const char *path,
			  const struct kata_time *now, struct kata_error *err)
{
	const struct kata_node *t;

	if (v->type != KATA_NODE_MAPPING)
		return check_scalar(sb, q, v, path, now, err);
	if (!(t = new_obstacle(v)) || !*t->text)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be an obstacle's ID or text, or {new: TEXT}", q->key);
	if (kata_value_text(t->text, q->key, KATA_VALUE_REQUIRED, err) < 0)
		return kata_error_locate(err, path, t->line, t->col);
	return 0;
}

/* A compound answer holds exactly its question's parts, each text. */
static int check_parts(const struct kata_storyboard *sb, const struct kata_question *q,
		       const struct kata_node *m, const char *path,
		       const struct kata_time *now, struct kata_error *err)
{
	size_t i, j;
	int rc;

	if (m->type != KATA_NODE_MAPPING)
		return kata_error_set_at(err, KATA_EINVALID, path, m->line, m->col,
					 "'%s' must be a mapping of %s and %s", q->key,
					 q->parts[0].key, q->parts[1].key);
	for (i = 0; i < m->n; i++) {
		const struct kata_entry *e = &m->entries[i];

		for (j = 0; j < q->n_parts && strcmp(q->parts[j].key, e->key); j++)
			;
		if (j == q->n_parts && q->names && !strcmp(q->names, e->key)) {
			if ((rc = check_reflected_step(sb, q, e->value, path, err)) < 0)
				return rc;
			continue;
		}
		if (j == q->n_parts)
			return kata_error_set_at(err, KATA_EINVALID, path, e->line, e->col,
						 "unknown answer '%s.%s'", q->key, e->key);
		if ((rc = check_scalar(sb, &q->parts[j], e->value, path, now, err)) < 0)
			return rc;
	}
	for (j = 0; j < q->n_parts; j++)
		if (!kata_node_get(m, q->parts[j].key))
			return kata_error_set_at(err, KATA_EINVALID, path, m->line, m->col,
						 "missing answer '%s.%s' (%s)", q->key,
						 q->parts[j].key, q->parts[j].ask);
	return 0;
}

/*
 * The answers against the questions and the storyboard, before anything
 * is written: every key a question's and asked in this cycle, every
 * required question answered, each answer of its type.
 */
static int check_answers(const struct kata_storyboard *sb, const struct kata_questions *qs,
			 const struct kata_node *a, const char *path,
			 const struct kata_time *now, struct kata_error *err)
{
	bool first = kata_coach_first_cycle(sb);
	const struct kata_question *reflection;
	size_t i;
	int rc;

	if (a->type != KATA_NODE_MAPPING)
		return kata_error_set_at(err, KATA_EINVALID, path, a->line, a->col,
					 "the answers must be a mapping of question keys");
	for (i = 0; i < a->n; i++) {
		const struct kata_entry *e = &a->entries[i];
		const struct kata_question *q = kata_questions_find(qs, e->key);

		if (!q)
			return kata_error_set_at(err, KATA_EINVALID, path, e->line, e->col,
						 "unknown answer '%s': no question '%s' in the question set '%s'",
						 e->key, e->key, qs->id);
		if (!kata_questions_asked(q, first) && q->names && e->value->type == KATA_NODE_MAPPING &&
		    kata_node_get(e->value, q->names) &&
		    (rc = check_reflected_step(sb, q, kata_node_get(e->value, q->names), path,
					       err)) < 0)
			return rc;
		if (!kata_questions_asked(q, first))
			return kata_error_set_at(err, KATA_EPRACTICE, path, e->line, e->col,
						 "'%s' is not asked now: there is no open step to reflect on (a learner's first cycle)",
						 e->key);
		rc = q->n_parts ? check_parts(sb, q, e->value, path, now, err) :
		     q->type == KATA_ANSWER_OBSTACLE ? check_obstacle(sb, q, e->value, path, now, err) :
		     check_scalar(sb, q, e->value, path, now, err);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < qs->n; i++) {
		const struct kata_question *q = &qs->q[i];

		if (q->required && kata_questions_asked(q, first) && !kata_node_get(a, q->key))
			return kata_error_set_at(err, KATA_EINVALID, path, a->line, a->col,
						 "missing answer '%s' (%s)", q->key, q->ask);
	}
	/* a new step waits for the reflection on the open one */
	if (first)
		return 0;
	if (!(reflection = kata_questions_role(qs, KATA_ROLE_REFLECTION)))
		return kata_error_set(err, KATA_EPRACTICE,
				      "the open step needs a reflection, and the question set '%s' asks for none",
				      qs->id);
	if (!kata_node_get(a, reflection->key))
		return kata_error_set_at(err, KATA_EINVALID, path, a->line, a->col,
					 "missing answer '%s' (%s)", reflection->key,
					 reflection->ask);
	return 0;
}

/* Every answer is text to the record, however the answers file wrote it
 * (an unquoted date there is still the coach's words). */
static void as_text(struct kata_node *n)
{
	size_t i;

	if (n->type == KATA_NODE_SCALAR)
		n->plain = false;
	for (i = 0; n->type != KATA_NODE_SCALAR && i < n->n; i++)
		as_text(n->entries[i].value);
}

/*
 * The answers as the coaching record keeps them: in the questions' order,
 * text as text and a number as the number it was recorded as, whether
 * they came from a file or from the terminal.
 */
static struct kata_node *answers_copy(const struct kata_storyboard *sb,
				      const struct kata_questions *qs,
				      const struct kata_node *a)
{
	struct kata_node *m = kata_node_new(KATA_NODE_MAPPING), *v = NULL;
	char number[KATA_NUMBER_MAX];
	bool ok = m != NULL;
	size_t i;

	for (i = 0; ok && i < qs->n; i++) {
		const struct kata_question *q = &qs->q[i];
		const struct kata_node *src = kata_node_get(a, q->key);

		if (!src)
			continue;
		if (q->type == KATA_ANSWER_NUMBER &&
		    kata_measure_value(number, src->text, kata_node_str(sb->target->node, "metric"),
				       kata_node_str(sb->target->node, "unit"), q->key, NULL) == 0) {
			ok = kata_node_set_plain(m, q->key, number) == 0;
			continue;
		}
		if ((ok = (v = kata_node_dup(src)) != NULL)) {
			as_text(v);
			if ((ok = kata_node_set_node(m, q->key, v) == 0))
				v = NULL;
		}
	}
	kata_node_free(v);
	if (!ok) {
		kata_node_free(m);
		return NULL;
	}
	return m;
}

/* Two answers alike: the same keys in the same order, the same text. */
static bool same_answers(const struct kata_node *a, const struct kata_node *b)
{
	size_t i;

	if (!a || !b || a->type != b->type)
		return false;
	if (a->type == KATA_NODE_SCALAR)
		return !strcmp(a->text, b->text);
	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if ((a->type == KATA_NODE_MAPPING &&
		     strcmp(a->entries[i].key, b->entries[i].key)) ||
		    !same_answers(a->entries[i].value, b->entries[i].value))
			return false;
	return true;
}

/*
 * The same answers as an earlier cycle of this target are a replay (the
 * same answers file given twice, or a stale one): applied again, their
 * reflection would close the step the first one planned.
 */
static int check_replay(const struct kata_storyboard *sb, const struct kata_node *copy,
			const struct kata_node *a, const char *path, struct kata_error *err)
{
	size_t i;

	for (i = 0; i < sb->coaching.n; i++) {
		const struct kata_rec *c = &sb->coaching.rec[i];
		const char *at;

		if (!c->node || !same_answers(copy, kata_node_get(c->node, "answers")))
			continue;
		at = kata_node_str(c->node, "at");
		return kata_error_set_at(err, KATA_EPRACTICE, path, a->line, a->col,
					 "these answers were recorded already, by coaching cycle %.4s (%.10s, by %s): a replayed or stale answers file",
					 c->id, at ? at : "", kata_node_str(c->node, "coach"));
	}
	return 0;
}

/* The obstacle question puts one obstacle in focus, new or named. */
static int apply_obstacle(char focus[16], struct move *m, const struct kata_node *a,
			  struct kata_error *err)
{
	const struct kata_node *fresh = new_obstacle(a);
	const char *answer = fresh ? fresh->text : a->text;
	const struct kata_rec *named;
	struct kata_node *target = m->sb->target->node;
	const char *was = kata_node_str(target, "focus");
	struct kata_rec *o;
	int rc;

	if ((rc = answer_obstacle(&named, m->sb, answer, fresh != NULL, err)) < 0)
		return rc;
	if (named) {
		snprintf(focus, 16, "%s", named->id);
	} else {
		if ((rc = move_new(&o, m, KATA_KIND_OBSTACLE, err)) < 0)
			return rc;
		if (kata_node_set_str(o->node, "text", answer) < 0 ||
		    kata_node_set_str(o->node, "status", "open") < 0 ||
		    kata_node_set_str(o->node, "created", m->now) < 0)
			return kata_error_oom(err);
		if ((rc = move_put(m, o, err)) < 0)
			return rc;
		snprintf(focus, 16, "%s", o->id);
	}
	if (was && !strcmp(was, focus))
		return 0;
	if (kata_node_set_str(target, "focus", focus) < 0)
		return kata_error_oom(err);
	return move_put(m, m->sb->target, err);
}

/* The reflection closes the open step. */
static int apply_reflection(struct move *m, const struct kata_node *a,
			    struct kata_error *err)
{
	struct kata_rec *open = (struct kata_rec *)kata_storyboard_open_step(m->sb);

	return move_reflect(m, open, kata_node_str(a, "happened"), kata_node_str(a, "learned"),
			    err);
}

/* The next step, with its expectation and when to go and see. */
static int apply_next_step(struct kata_rec **out, struct move *m, const struct kata_node *a,
			   const struct kata_node *see, const char *focus,
			   struct kata_error *err)
{
	char see_by[KATA_TIME_BUFSZ];
	struct kata_time tm;
	struct kata_rec *s;
	int rc;

	if ((rc = move_new(&s, m, KATA_KIND_STEP, err)) < 0)
		return rc;
	if (see) {
		if ((rc = kata_when_parse(&tm, see->text, kata_repo_now(m->repo), err)) < 0)
			return rc;
		kata_time_format(see_by, &tm);
	}
	if ((*focus && kata_node_set_str(s->node, "obstacle", focus) < 0) ||
	    kata_node_set_str(s->node, "step", kata_node_str(a, "step")) < 0 ||
	    kata_node_set_str(s->node, "expect", kata_node_str(a, "expect")) < 0 ||
	    (see && kata_node_set_str(s->node, "see_by", see_by) < 0) ||
	    kata_node_set_str(s->node, "status", "open") < 0 ||
	    kata_node_set_str(s->node, "planned", m->now) < 0)
		return kata_error_oom(err);
	*out = s;
	return move_put(m, s, err);
}

/* A process-metric value observed now. */
static int apply_measure(struct kata_rec **out, struct move *m, const struct kata_node *a,
			 struct kata_error *err)
{
	char number[KATA_NUMBER_MAX];
	struct kata_rec *r;
	int rc;

	const struct kata_node *t = m->sb->target->node;

	if ((rc = kata_measure_value(number, a->text, kata_node_str(t, "metric"),
				     kata_node_str(t, "unit"), "measure", err)) < 0 ||
	    (rc = move_new(&r, m, KATA_KIND_MEASURE, err)) < 0)
		return rc;
	if (kata_node_set_str(r->node, "metric", kata_node_str(m->sb->target->node, "metric")) < 0 ||
	    kata_node_set_plain(r->node, "value", number) < 0 ||
	    kata_node_set_str(r->node, "at", m->now) < 0)
		return kata_error_oom(err);
	*out = r;
	return move_put(m, r, err);
}

/* The answer to the question of role, or NULL. */
static const struct kata_node *answer(const struct kata_questions *qs,
				      const struct kata_node *answers,
				      enum kata_answer_role role)
{
	const struct kata_question *q = kata_questions_role(qs, role);

	return q ? kata_node_get(answers, q->key) : NULL;
}

int kata_coach_check(const struct kata_storyboard *sb, const struct kata_questions *qs,
		     const struct kata_node *answers, const char *path,
		     const struct kata_time *now, struct kata_error *err)
{
	struct kata_node *copy;
	int rc = 0;

	/* a replay first: its answers may be stale in other ways too */
	if (answers->type == KATA_NODE_MAPPING) {
		if (!(copy = answers_copy(sb, qs, answers)))
			return kata_error_oom(err);
		rc = check_replay(sb, copy, answers, path, err);
		kata_node_free(copy);
	}
	return rc < 0 ? rc : check_answers(sb, qs, answers, path, now, err);
}

int kata_coach_cycle(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const struct kata_questions *qs, const struct kata_node *answers,
		     const char *path, const struct kata_who *who, struct kata_error *err)
{
	struct kata_rec *step = NULL, *measure = NULL, *c;
	const struct kata_node *a, *reflected;
	const struct kata_rec *open;
	struct kata_node *copy = NULL;
	char focus[16] = "", subject[80];
	struct move m;
	int rc;

	if ((rc = move_begin(&m, repo, learner, &cycle_load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = kata_coach_check(m.sb, qs, answers, path, kata_repo_now(repo), err)) < 0)
		goto done;
	if (!(copy = answers_copy(m.sb, qs, answers))) {
		rc = kata_error_oom(err);
		goto done;
	}
	open = kata_storyboard_open_step(m.sb);
	if ((reflected = answer(qs, answers, KATA_ROLE_REFLECTION)) &&
	    (rc = apply_reflection(&m, reflected, err)) < 0)
		goto done;
	if ((a = answer(qs, answers, KATA_ROLE_OBSTACLE))) {
		if ((rc = apply_obstacle(focus, &m, a, err)) < 0)
			goto done;
	} else if (kata_node_str(m.sb->target->node, "focus")) {
		snprintf(focus, sizeof(focus), "%s", kata_node_str(m.sb->target->node, "focus"));
	}
	if ((a = answer(qs, answers, KATA_ROLE_NEXT_STEP)) &&
	    (rc = apply_next_step(&step, &m, a, answer(qs, answers, KATA_ROLE_SEE_BY), focus,
				  err)) < 0)
		goto done;
	if ((a = answer(qs, answers, KATA_ROLE_MEASURE)) &&
	    (rc = apply_measure(&measure, &m, a, err)) < 0)
		goto done;

	/* the coaching record keeps every answer */
	if ((rc = move_new(&c, &m, KATA_KIND_COACHING, err)) < 0)
		goto done;
	if (kata_node_set_str(c->node, "learner", learner) < 0 ||
	    kata_node_set_str(c->node, "coach", who->name) < 0 ||
	    kata_node_set_str(c->node, "coach_email", who->email) < 0 ||
	    kata_node_set_str(c->node, "at", m.now) < 0 ||
	    kata_node_set_str(c->node, "questions", qs->id) < 0 ||
	    (open && reflected &&
	     kata_node_set_str(c->node, "step_reflected", open->id) < 0) ||
	    (*focus && kata_node_set_str(c->node, "obstacle", focus) < 0) ||
	    (step && kata_node_set_str(c->node, "step_planned", step->id) < 0) ||
	    (measure && kata_node_set_str(c->node, "measure", measure->id) < 0) ||
	    kata_node_set_node(c->node, "answers", copy) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	copy = NULL;
	if ((rc = move_put(&m, c, err)) < 0)
		goto done;
	if (step) {
		kata_str_cut(subject, sizeof(subject), kata_node_str(step->node, "step"), 60);
		rc = move_commit(out, &m, who, "coach", c->id, c->seq, err,
				 "coaching cycle %.4s by %s: next step %s", c->id, who->name,
				 subject);
	} else {
		rc = move_commit(out, &m, who, "coach", c->id, c->seq, err,
				 "coaching cycle %.4s by %s", c->id, who->name);
	}
	if (rc == 0 && out)
		out->seq = step ? step->seq : 0;
done:
	kata_node_free(copy);
	move_release(&m);
	return rc;
}

int kata_coach_learners(char ***out, size_t *n, struct kata_repo *repo, const char *email,
			struct kata_error *err)
{
	char *me = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	/* an email is one learner's: the coach is that learner */
	if ((rc = kata_learner_email_owner(&me, repo, email, NULL, err)) < 0 || !me)
		return rc;
	rc = kata_learner_of(out, n, repo, "coach", me, err);
	free(me);
	return rc;
}

int kata_coach_recorded(char **out, struct kata_repo *repo, const struct kata_node *learner,
			const char *email, struct kata_error *err)
{
	const char *coach = kata_node_str(learner, "coach"), *name;
	struct kata_node *rec = NULL;

	*out = NULL;
	if (!coach)
		return 0;
	if (kata_learner_load(&rec, repo, coach, err) < 0) {
		kata_error_release(err);
		rec = NULL;
	}
	if (rec && kata_learner_has_email(rec, email)) {
		kata_node_free(rec);
		return 0;
	}
	name = rec ? kata_node_str(rec, "name") : NULL;
	*out = name ? kata_str_newf("%s (%s)", coach, name) : kata_str_newf("%s", coach);
	kata_node_free(rec);
	return *out ? 0 : kata_error_oom(err);
}
