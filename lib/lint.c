#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/lint.h"
#include "kata/repo.h"
#include "kata/storyboard.h"
#include "kata/value.h"
#include "kata/when.h"
#include "kata/yaml.h"

/* A go-and-see is the next day or so; a week on, the step is too big. */
#define SEE_BY_DAYS_MAX 7

struct findings {
	struct kata_lint *list;
	size_t n, cap;
	bool oom;
};

static void __attribute__((format(printf, 4, 5)))
find(struct findings *f, const char *rule, const char *record, const char *fmt, ...)
{
	struct kata_lint *l;
	va_list ap;

	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;

		if (!(l = realloc(f->list, cap * sizeof(*l)))) {
			f->oom = true;
			return;
		}
		f->list = l;
		f->cap = cap;
	}
	l = &f->list[f->n++];
	l->rule = rule;
	snprintf(l->record, sizeof(l->record), "%s", record);
	va_start(ap, fmt);
	vsnprintf(l->message, sizeof(l->message), fmt, ap);
	va_end(ap);
}

static void lint_target(struct findings *f, const struct kata_storyboard *sb)
{
	const struct kata_rec *t = sb->target;

	if (!kata_node_str(t->node, "achieve_by"))
		find(f, "target-no-achieve-by", t->path,
		     "the target condition has no achieve-by date: set one ('kata edit %.4s')", t->id);
	if (!kata_node_str(t->node, "metric"))
		find(f, "target-no-metric", t->path,
		     "the target condition has no metric: how will it be seen reached? (add metric, unit and goal with 'kata edit %.4s')",
		     t->id);
}

/* One obstacle in focus, and one that is still in the way. */
static void lint_focus(struct findings *f, const struct kata_storyboard *sb)
{
	const char *focus = kata_node_str(sb->target->node, "focus");
	const struct kata_rec *o = kata_storyboard_focus(sb);

	if (focus && !o)
		find(f, "focus-missing", sb->target->path,
		     "the focus '%s' is no obstacle of this target: focus one ('kata obstacle focus ID')",
		     focus);
	else if (o && !strcmp(kata_node_str(o->node, "status"), "closed"))
		find(f, "focus-closed", sb->target->path,
		     "the obstacle in focus, %.4s, is closed: focus the next one ('kata obstacle focus ID')",
		     o->id);
}

/* A step ties to an obstacle (one with no expectation is no valid record,
 * refused where it is read, so fsck reports it). */
static void lint_steps(struct findings *f, const struct kata_storyboard *sb)
{
	size_t i;

	for (i = 0; i < sb->steps.n; i++) {
		const struct kata_rec *s = &sb->steps.rec[i];
		const char *planned = kata_node_str(s->node, "planned");
		const char *see_by = kata_node_str(s->node, "see_by");
		struct kata_time p, by;
		struct kata_error ignore;
		int days = 0;

		if (!kata_node_str(s->node, "obstacle"))
			find(f, "step-no-obstacle", s->path,
			     "step #%lu (%.4s) works on no obstacle: a step addresses the obstacle in focus",
			     s->seq, s->id);
		kata_error_init(&ignore);
		if (planned && see_by && kata_time_parse_rfc3339(&p, planned, &ignore) == 0 &&
		    kata_when_parse(&by, see_by, &p, &ignore) == 0)
			days = kata_time_days_between(&p, &by);
		if (days > SEE_BY_DAYS_MAX)
			find(f, "see-by-far", s->path,
			     "step #%lu (%.4s) goes and sees %d days after it was planned: take a smaller step, seen the next day or so",
			     s->seq, s->id, days);
		kata_error_release(&ignore);
	}
}

/* The achieve-by date a version of the target file says, or "" . */
static void achieve_by_of(char out[32], git_repository *git, const git_oid *blob_id,
			  const char *path)
{
	struct kata_node *rec = NULL;
	struct kata_error ignore;
	git_blob *blob = NULL;
	const char *by;

	out[0] = '\0';
	kata_error_init(&ignore);
	if (git_blob_lookup(&blob, git, blob_id) == 0 &&
	    kata_yaml_parse(&rec, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), path,
			    &ignore) == 0 &&
	    (by = kata_node_str(rec, "achieve_by")))
		snprintf(out, 32, "%s", by);
	kata_error_release(&ignore);
	kata_node_free(rec);
	git_blob_free(blob);
}

/*
 * Each change of the target file's achieve_by, walking back from HEAD to
 * the commits before the target started: the file's own versions, told
 * apart by blob ID, so a commit costs a tree lookup, not a diff. The walk
 * is unsorted (parents as they come): a sorted one reads the whole
 * history before it yields the first commit.
 */
static int lint_moved(struct findings *f, struct kata_repo *repo,
		      const struct kata_storyboard *sb, struct kata_error *err)
{
	const struct kata_rec *t = sb->target;
	git_repository *git = kata_repo_git(repo);
	const char *started = kata_node_str(t->node, "started");
	char newer_by[32] = "", by[32];
	git_oid newer = { { 0 } }, id;
	bool have_newer = false;
	struct kata_time since = { 0, 0, false };
	git_revwalk *walk = NULL;
	int rc = 0;

	if (!started || kata_time_parse_rfc3339(&since, started, NULL) < 0)
		since.t = 0;
	if (git_revwalk_new(&walk, git) < 0 || git_revwalk_sorting(walk, GIT_SORT_NONE) < 0 ||
	    git_revwalk_push_head(walk) < 0) {
		git_revwalk_free(walk);
		return 0;	/* no history yet: nothing moved */
	}
	while (git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		git_tree *tree = NULL;
		git_tree_entry *e = NULL;
		bool found;

		if (git_commit_lookup(&c, git, &id) < 0) {
			rc = kata_error_set(err, KATA_ERROR, "cannot read commit %.7s",
					    git_oid_tostr_s(&id));
			break;
		}
		found = git_commit_tree(&tree, c) == 0 &&
			git_tree_entry_bypath(&e, tree, t->path) == 0;
		if (found && (!have_newer || !git_oid_equal(git_tree_entry_id(e), &newer))) {
			achieve_by_of(by, git, git_tree_entry_id(e), t->path);
			if (have_newer && *by && *newer_by && strcmp(by, newer_by))
				find(f, "achieve-by-moved", t->path,
				     "the achieve-by date was moved from %s to %s: a target condition keeps its date; if it will not be reached, end it and set the next ('kata target abandon')",
				     by, newer_by);
			git_oid_cpy(&newer, git_tree_entry_id(e));
			memcpy(newer_by, by, sizeof(by));
			have_newer = true;
		}
		git_tree_entry_free(e);
		git_tree_free(tree);
		/* older than the target's start and the file's first version: done */
		if ((!found && have_newer) || git_commit_time(c) < since.t - 86400) {
			git_commit_free(c);
			break;
		}
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return rc;
}

int kata_lint_learner(struct kata_lint **out, size_t *n, struct kata_repo *repo,
		      const char *learner, struct kata_error *err)
{
	static const struct kata_storyboard_opts load = { .obstacles = KATA_LOAD_ALL,
							  .steps = KATA_LOAD_ALL };
	struct kata_storyboard *sb = NULL;
	struct findings f = { NULL, 0, 0, false };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kata_storyboard_load(&sb, repo, learner, &load, err)) < 0)
		return rc;
	if (sb->target) {
		lint_target(&f, sb);
		lint_focus(&f, sb);
		lint_steps(&f, sb);
		rc = lint_moved(&f, repo, sb, err);
	}
	kata_storyboard_free(sb);
	if (rc == 0 && f.oom)
		rc = kata_error_oom(err);
	if (rc < 0) {
		free(f.list);
		return rc;
	}
	*out = f.list;
	*n = f.n;
	return 0;
}
