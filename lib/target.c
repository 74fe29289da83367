#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/target.h"
#include "kata/value.h"
#include "kata/when.h"
#include "move.h"

/* What the options say, checked before the lock is taken. */
struct start {
	char by[KATA_TIME_BUFSZ];
	char goal[KATA_NUMBER_MAX];
	long days;		/* from today to achieve-by */
};

/* A target condition is set one week to three months ahead, and is seen
 * reached in a metric (the Improvement Kata's second step). */
static void warn_start(struct move *m, const struct kata_target_opts *o, const struct start *s)
{
	if (s->days < 7)
		move_warn(m, "achieve-by %s is %ld day%s away: a target condition is usually set one week to three months ahead",
			  s->by, s->days, s->days == 1 ? "" : "s");
	else if (s->days > 92)
		move_warn(m, "achieve-by %s is %ld days away: a target condition further than three months ahead is hard to reach by experiments",
			  s->by, s->days);
	if (!o->metric)
		move_warn(m, "no metric: how will you see the target condition reached? (kata start ... --metric NAME)");
}

static int check_start(struct start *s, struct kata_repo *repo,
		       const struct kata_target_opts *o, struct kata_error *err)
{
	struct kata_time by;
	int rc;

	if ((rc = kata_value_text(o->challenge, "challenge", KATA_VALUE_REQUIRED, err)) < 0 ||
	    (rc = kata_value_text(o->condition, "target condition", KATA_VALUE_REQUIRED,
				  err)) < 0 ||
	    (rc = kata_value_text(o->current, "current condition", 0, err)) < 0 ||
	    (o->metric && (rc = kata_value_text(o->metric, "metric", KATA_VALUE_REQUIRED | KATA_VALUE_LINE,
					     err)) < 0) ||
	    (o->unit && (rc = kata_value_text(o->unit, "unit", KATA_VALUE_REQUIRED | KATA_VALUE_LINE,
					   err)) < 0) ||
	    (o->goal && (rc = kata_value_number(s->goal, o->goal, "goal", err)) < 0))
		return rc;
	if (!o->by)
		return kata_error_set(err, KATA_EINVALID,
				      "a target condition needs an achieve-by date (--by)");
	if ((rc = kata_when_parse(&by, o->by, kata_repo_now(repo), err)) < 0)
		return rc;
	by.has_time = false;
	kata_time_format_day(s->by, &by);
	if ((s->days = kata_time_days_between(kata_repo_now(repo), &by)) < 0)
		return kata_error_set(err, KATA_EINVALID, "achieve-by date %s is in the past",
				      s->by);
	return 0;
}

static int fill_target(struct kata_node *rec, const char *learner,
		       const struct kata_target_opts *o, const struct start *s,
		       const char *now)
{
	if (kata_node_set_str(rec, "learner", learner) < 0 ||
	    kata_node_set_str(rec, "challenge", o->challenge) < 0 ||
	    kata_node_set_str(rec, "condition", o->condition) < 0 ||
	    (o->current && *o->current && kata_node_set_str(rec, "current", o->current) < 0) ||
	    kata_node_set_str(rec, "achieve_by", s->by) < 0 ||
	    (o->metric && kata_node_set_str(rec, "metric", o->metric) < 0) ||
	    (o->unit && kata_node_set_str(rec, "unit", o->unit) < 0) ||
	    (o->goal && kata_node_set_plain(rec, "goal", s->goal) < 0) ||
	    (o->metric && kata_node_set_plain(rec, "lower_is_better",
					       o->lower_is_better ? "true" : "false") < 0) ||
	    kata_node_set_str(rec, "status", "active") < 0 ||
	    kata_node_set_str(rec, "started", now) < 0)
		return -1;
	return 0;
}

/* The open obstacles of the old target, as new records of the new one. */
static int carry(struct kata_node **made, size_t *n, char focus_out[16], struct move *m,
		 const char *dir, const char *target, struct kata_error *err)
{
	const struct kata_recs *old = &m->sb->obstacles;
	const char *focus = kata_node_str(m->sb->target->node, "focus");
	struct kata_rec rec;
	size_t i;
	int rc;

	for (i = 0; i < old->n; i++) {
		const struct kata_node *o = old->rec[i].node;

		if (strcmp(kata_node_str(o, "status"), "open"))
			continue;
		memset(&rec, 0, sizeof(rec));
		rec.kind = KATA_KIND_OBSTACLE;
		if ((rc = kata_id_new(rec.id, err)) < 0)
			return rc;
		kata_path_record(rec.path, dir, KATA_KIND_OBSTACLE, *n + 1, rec.id);
		if (!(rec.node = made[(*n)++] = kata_record_new(KATA_KIND_OBSTACLE, rec.id)) ||
		    kata_node_set_str(rec.node, "target", target) < 0 ||
		    kata_node_set_str(rec.node, "text", kata_node_str(o, "text")) < 0 ||
		    kata_node_set_str(rec.node, "status", "open") < 0 ||
		    kata_node_set_str(rec.node, "created", m->now) < 0 ||
		    kata_node_set_str(rec.node, "carried_from", old->rec[i].id) < 0)
			return kata_error_oom(err);
		if ((rc = move_put(m, &rec, err)) < 0)
			return rc;
		if (focus && !strcmp(focus, old->rec[i].id))
			memcpy(focus_out, rec.id, sizeof(rec.id));
	}
	return 0;
}

int kata_target_start(struct kata_done *out, struct kata_repo *repo, const char *learner,
		      const struct kata_target_opts *o, const struct kata_who *who,
		      struct kata_error *err)
{
	static const struct kata_storyboard_opts bare = { 0 };
	static const struct kata_storyboard_opts with_obstacles = { .obstacles = KATA_LOAD_ALL };
	struct kata_node **carried = NULL;
	size_t n_carried = 0, i;
	const struct kata_rec *old;
	struct kata_rec rec;
	struct start s;
	struct move m;
	char dir[KATA_PATH_MAX], subject[80];
	int rc;

	memset(&rec, 0, sizeof(rec));
	if ((rc = check_start(&s, repo, o, err)) < 0)
		return rc;
	if ((rc = move_begin(&m, repo, learner, o->carry_obstacles ? &with_obstacles : &bare,
			     MOVE_ANY_TARGET, err)) < 0)
		goto done;
	old = m.sb->target;
	if (o->carry_obstacles && !old) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s has no earlier target condition to carry obstacles from",
				    learner);
		goto done;
	}
	if (kata_storyboard_active(m.sb)) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s already works on target condition %.4s; end it first with 'kata target done' or 'kata target abandon'",
				    learner, old->id);
		goto done;
	}
	rec.kind = KATA_KIND_TARGET;
	rec.seq = old ? old->seq + 1 : 1;
	rec.number = old ? old->number + 1 : 1;
	if ((rc = kata_id_new(rec.id, err)) < 0)
		goto done;
	kata_path_target_dir(dir, learner, rec.number, rec.id);
	kata_path_target(rec.path, dir);
	if (!(rec.node = kata_record_new(KATA_KIND_TARGET, rec.id)) ||
	    fill_target(rec.node, learner, o, &s, m.now) < 0 ||
	    (o->carry_obstacles &&
	     !(carried = calloc(m.sb->obstacles.n + 1, sizeof(*carried))))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if (o->carry_obstacles) {
		/* the old focus, if still open, is the new one's in its copy */
		char focus[16] = "";

		if ((rc = carry(carried, &n_carried, focus, &m, dir, rec.id, err)) < 0)
			goto done;
		if (*focus && kata_node_set_str(rec.node, "focus", focus) < 0) {
			rc = kata_error_oom(err);
			goto done;
		}
	}
	if ((rc = move_put(&m, &rec, err)) < 0)
		goto done;
	warn_start(&m, o, &s);
	memcpy(m.target, rec.id, sizeof(m.target));
	kata_str_cut(subject, sizeof(subject), o->condition, 60);
	rc = move_commit(out, &m, who, "target-start", rec.id, rec.seq, err,
			 "target %.4s started: %s (by %s)", rec.id, subject, s.by);
done:
	for (i = 0; i < n_carried; i++)
		kata_node_free(carried[i]);
	free(carried);
	kata_node_free(rec.node);
	move_release(&m);
	return rc;
}

bool kata_target_goal_met(const struct kata_node *t, const char *value)
{
	const char *lower = kata_node_str(t, "lower_is_better");
	double v = kata_value_number_double(value);
	double goal = kata_value_number_double(kata_node_str(t, "goal"));

	return lower && !strcmp(lower, "true") ? v <= goal : v >= goal;
}

void kata_target_result(struct kata_target_result *out, const struct kata_storyboard *sb)
{
	const struct kata_node *t = sb->target->node;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->metric = kata_node_str(t, "metric");
	out->unit = kata_node_str(t, "unit");
	out->goal = kata_node_str(t, "goal");
	for (i = sb->measures.n; out->metric && i-- > 0;)
		if (sb->measures.rec[i].node &&
		    !strcmp(kata_node_str(sb->measures.rec[i].node, "metric"), out->metric)) {
			out->last = &sb->measures.rec[i];
			break;
		}
	if (out->last && out->goal)
		out->met = kata_target_goal_met(t, kata_node_str(out->last->node, "value"));
}

/* Reaching a target is seen in its metric: say when it does not show it. */
static void warn_unseen(struct move *m)
{
	struct kata_target_result r;

	kata_target_result(&r, m->sb);
	if (!r.metric)
		return;
	if (!r.last)
		move_warn(m, "no %s value was recorded: how was the target condition seen to be reached? ('kata measure %s VALUE')",
			  r.metric, r.metric);
	else if (r.goal && !r.met)
		move_warn(m, "the last %s value, %s on %.10s, misses the goal of %s", r.metric,
			  kata_node_str(r.last->node, "value"), kata_node_str(r.last->node, "at"),
			  r.goal);
}

/* The open step, reflected on with last; neither without the other. */
static int reflect_open(struct move *m, const struct kata_reflection *last,
			const char *ending, struct kata_error *err)
{
	struct kata_rec *open = (struct kata_rec *)kata_storyboard_open_step(m->sb);

	if (open && !last)
		return kata_error_set(err, KATA_EPRACTICE,
				      "step #%lu (%.4s) is still open; reflect on it as the target ends: kata target %s --happened TEXT --learned TEXT",
				      open->seq, open->id, ending);
	if (!open && last)
		return kata_error_set(err, KATA_EPRACTICE,
				      "no step is open to reflect on; end the target without --happened and --learned");
	return open ? move_reflect(m, open, last->happened, last->learned, err) : 0;
}

int kata_target_end(struct kata_done *out, struct kata_repo *repo, const char *learner,
		    enum kata_target_end how, const char *note,
		    const struct kata_reflection *last, const struct kata_who *who,
		    struct kata_error *err)
{
	static const struct kata_storyboard_opts load = { .steps = KATA_LOAD_LAST,
							  .measures = KATA_LOAD_ALL };
	bool reached = how == KATA_TARGET_DONE;
	const struct kata_rec *open;
	struct kata_rec *t;
	struct move m;
	int rc;

	if ((rc = kata_value_text(note, "note", 0, err)) < 0 ||
	    (last && (rc = move_check_reflection(last->happened, last->learned, err)) < 0))
		return rc;
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0)
		goto done;
	t = m.sb->target;
	open = kata_storyboard_open_step(m.sb);
	if ((rc = reflect_open(&m, last, reached ? "done" : "abandon", err)) < 0)
		goto done;
	if (reached)
		warn_unseen(&m);
	if (kata_node_set_str(t->node, "status", reached ? "done" : "abandoned") < 0 ||
	    kata_node_set_str(t->node, "ended", m.now) < 0 ||
	    (note && *note && kata_node_set_str(t->node, "note", note) < 0)) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, t, err)) < 0)
		goto done;
	if (open)
		rc = move_commit(out, &m, who, reached ? "target-done" : "target-abandon", t->id,
				 t->seq, err, "target %.4s %s; step %.4s reflected on", t->id,
				 reached ? "reached" : "abandoned", open->id);
	else
		rc = move_commit(out, &m, who, reached ? "target-done" : "target-abandon", t->id,
				 t->seq, err, "target %.4s %s", t->id,
				 reached ? "reached" : "abandoned");
done:
	move_release(&m);
	return rc;
}

void kata_target_list_free(struct kata_target_item *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++)
		kata_node_free(list[i].rec.node);
	free(list);
}

/* Reads one target folder of the list: its file, and its steps by name. */
static int list_one(struct kata_target_item *it, struct kata_repo *repo, const char *folder,
		    const struct kata_path_entry *en, unsigned long seq, struct kata_error *err)
{
	struct kata_path_entry *steps = NULL;
	char dir[KATA_PATH_MAX], sdir[KATA_PATH_MAX];
	int rc;

	kata_path_join(dir, folder, en->name);
	it->rec.kind = KATA_KIND_TARGET;
	kata_path_target(it->rec.path, dir);
	memcpy(it->rec.id, en->id, sizeof(it->rec.id));
	it->rec.seq = seq;
	it->rec.number = en->seq;
	kata_path_kind_dir(sdir, dir, KATA_KIND_STEP);
	if ((rc = kata_record_load(&it->rec.node, repo, it->rec.path, KATA_KIND_TARGET,
				   err)) < 0 ||
	    (rc = kata_path_list(&steps, &it->steps, repo, sdir, false, err)) < 0)
		return rc;
	kata_path_list_free(steps, it->steps);
	return 0;
}

int kata_target_list(struct kata_target_item **out, size_t *n, struct kata_repo *repo,
		     const char *learner, struct kata_error *err)
{
	struct kata_path_entry *targets = NULL;
	struct kata_target_item *list = NULL;
	const char **ids = NULL;
	char folder[KATA_PATH_MAX];
	size_t nt = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	kata_path_learner_dir(folder, learner);
	if ((rc = kata_path_list(&targets, &nt, repo, folder, true, err)) < 0)
		return rc;
	if (nt && (!(list = calloc(nt, sizeof(*list))) || !(ids = calloc(nt, sizeof(*ids))))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < nt && rc == 0; i++) {
		rc = list_one(&list[i], repo, folder, &targets[i], i + 1, err);
		ids[i] = targets[i].id;
	}
	for (i = 0; i < nt && rc == 0; i++)
		list[i].rec.abbrev = kata_id_abbrev_len(ids, nt, i);
done:
	free(ids);
	kata_path_list_free(targets, nt);
	if (rc < 0) {
		kata_target_list_free(list, nt);
		return rc;
	}
	*out = list;
	*n = nt;
	return 0;
}
