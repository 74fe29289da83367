#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/lint.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/storyboard.h"
#include "kata/value.h"
#include "kata/when.h"
#include "kata/yaml.h"
#include "state.h"
#include "walk.h"

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

/* ---- achieve-by moved: the walk, and what it found kept for the next lint ---- */

#define MOVED_CACHE "lint-cache"	/* .git/kata/lint-cache */
#define MOVED_CACHE_LINES 256		/* the targets linted last */

struct move {
	char from[32], to[32];
};

/*
 * What the walk knows of a target file: up to `tip`, the file's version
 * there (`blob`, saying `by`) and its moves, newest first.
 */
struct moved {
	git_oid tip, blob;
	char by[32];
	struct move *v;
	size_t n, cap;
	bool oom;
};

static void moved_add(struct moved *m, const char *from, const char *to)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 4;
		struct move *v = realloc(m->v, cap * sizeof(*v));

		if (!v) {
			m->oom = true;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	snprintf(m->v[m->n].from, sizeof(m->v[m->n].from), "%s", from);
	snprintf(m->v[m->n].to, sizeof(m->v[m->n].to), "%s", to);
	m->n++;
}

/* Whether a cache line is path's: it starts with path and a tab. */
static bool line_of(const char *line, const char *path)
{
	size_t len = strlen(path);

	return !strncmp(line, path, len) && line[len] == '\t';
}

/*
 * Parses path's line, "path TAB tip TAB blob TAB by [TAB from TAB to]...",
 * in place; false for a line that does not parse (the cache is only a
 * cache: the history is then walked again).
 */
static bool moved_parse(struct moved *m, char *line)
{
	size_t nf = 1, k, i;
	const char *p;
	char **f;
	bool ok;

	for (p = line; (p = strchr(p, '\t')); p++)
		nf++;
	if (nf < 4 || (nf - 4) % 2 || !(f = calloc(nf, sizeof(*f))))
		return false;
	k = kata_state_split(line, f, nf);
	ok = k == nf && strlen(f[3]) < sizeof(m->by) && git_oid_fromstr(&m->tip, f[1]) == 0 &&
	     git_oid_fromstr(&m->blob, f[2]) == 0;
	git_error_clear();
	if (ok)
		memcpy(m->by, f[3], strlen(f[3]) + 1);
	for (i = 4; ok && i < nf; i += 2) {
		ok = strlen(f[i]) < sizeof(m->v->from) && strlen(f[i + 1]) < sizeof(m->v->to);
		if (ok)
			moved_add(m, f[i], f[i + 1]);
	}
	free(f);
	if (!ok)
		m->n = 0;
	return ok && !m->oom;
}

/* Whether the cache has a line for path that parses; *lines are all of its lines. */
static bool moved_load(struct moved *m, char ***lines, struct kata_repo *repo,
		       const char *path)
{
	struct kata_error ignore;
	bool found = false;
	size_t n, i;

	kata_error_init(&ignore);
	if (kata_state_read_lines(lines, &n, repo, MOVED_CACHE, &ignore) < 0)
		*lines = NULL;
	kata_error_release(&ignore);
	for (i = 0; *lines && (*lines)[i] && !found; i++) {
		char *copy;

		if (!line_of((*lines)[i], path) || !(copy = strdup((*lines)[i])))
			continue;
		found = moved_parse(m, copy);
		free(copy);
	}
	return found;
}

static bool storable(const char *s)
{
	return !strpbrk(s, "\t\n\r");
}

/*
 * Writes path's line first, then the other lines of the cache as it was
 * (up to MOVED_CACHE_LINES). A failure is no error: the next lint walks
 * again.
 */
static void moved_store(const struct moved *m, char *const *lines, struct kata_repo *repo,
			const char *path)
{
	struct kata_buf out = KATA_BUF_INIT;
	struct kata_error ignore;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, kept = 1;

	if (!storable(path) || !storable(m->by))
		return;
	for (i = 0; i < m->n; i++)
		if (!storable(m->v[i].from) || !storable(m->v[i].to))
			return;
	kata_buf_addf(&out, "%s\t%s", path, git_oid_tostr(hex, sizeof(hex), &m->tip));
	kata_buf_addf(&out, "\t%s\t%s", git_oid_tostr(hex, sizeof(hex), &m->blob), m->by);
	for (i = 0; i < m->n; i++)
		kata_buf_addf(&out, "\t%s\t%s", m->v[i].from, m->v[i].to);
	kata_buf_adds(&out, "\n");
	for (i = 0; lines && lines[i] && kept < MOVED_CACHE_LINES; i++) {
		if (line_of(lines[i], path))
			continue;
		kata_buf_addf(&out, "%s\n", lines[i]);
		kept++;
	}
	kata_error_init(&ignore);
	if (!out.oom)
		kata_state_write(repo, MOVED_CACHE, out.buf, &ignore);
	kata_error_release(&ignore);
	kata_buf_release(&out);
}

/*
 * Each change of the target file's achieve_by, walking back from HEAD to
 * the commits before the target started, or to where the last lint's
 * walk ended (the cache, when HEAD descends from its tip): the file's own
 * versions, told apart by blob ID, so a commit costs a tree lookup, not a
 * diff. The walk is unsorted (parents as they come): a sorted one reads
 * the whole history before it yields the first commit. With the cache a
 * day's lint walks the day's commits, not the target's weeks.
 */
static int lint_moved(struct findings *f, struct kata_repo *repo,
		      const struct kata_storyboard *sb, struct kata_error *err)
{
	const struct kata_rec *t = sb->target;
	git_repository *git = kata_repo_git(repo);
	const char *started = kata_node_str(t->node, "started");
	struct moved old = { 0 }, now = { 0 };
	char newer_by[32] = "", by[32], **lines = NULL;
	git_oid newer = { { 0 } }, head, id;
	bool have_newer = false, cached, first = true, head_found = false;
	struct kata_time since = { 0, 0, false };
	struct kata_walk *walk = NULL;
	size_t i;
	int rc = 0;

	if (!started || kata_time_parse_rfc3339(&since, started, NULL) < 0)
		since.t = 0;
	if (git_reference_name_to_id(&head, git, "HEAD") < 0) {
		git_error_clear();
		return 0;	/* no history yet: nothing moved */
	}
	cached = moved_load(&old, &lines, repo, t->path);
	if (cached && !git_oid_equal(&old.tip, &head) &&
	    git_graph_descendant_of(git, &head, &old.tip) != 1) {
		git_error_clear();
		cached = false;	/* the branch was moved back or elsewhere */
		old.n = 0;
	}
	if (cached && git_oid_equal(&old.tip, &head)) {
		now = old;
		memset(&old, 0, sizeof(old));
		goto report;
	}
	if ((rc = kata_walk_new(&walk, git, err)) < 0 ||
	    (rc = kata_walk_push(walk, &head, false, err)) < 0 ||
	    (cached && (rc = kata_walk_push(walk, &old.tip, true, err)) < 0))
		goto done;
	while ((rc = kata_walk_next(&id, walk, err)) > 0) {
		git_commit *c = NULL;
		git_tree *tree = NULL;
		git_tree_entry *e = NULL;
		bool found;

		if (git_commit_lookup(&c, git, &id) < 0) {
			rc = kata_error_set(err, KATA_ERROR, "cannot read commit %.7s",
					    git_oid_tostr_s(&id));
			goto done;
		}
		found = git_commit_tree(&tree, c) == 0 &&
			git_tree_entry_bypath(&e, tree, t->path) == 0;
		if (found && (!have_newer || !git_oid_equal(git_tree_entry_id(e), &newer))) {
			achieve_by_of(by, git, git_tree_entry_id(e), t->path);
			if (have_newer && *by && *newer_by && strcmp(by, newer_by))
				moved_add(&now, by, newer_by);
			git_oid_cpy(&newer, git_tree_entry_id(e));
			memcpy(newer_by, by, sizeof(by));
			have_newer = true;
		}
		if (first && found) {
			/* the file at HEAD: where the next lint picks up */
			git_oid_cpy(&now.blob, git_tree_entry_id(e));
			memcpy(now.by, by, sizeof(by));
			head_found = true;
		}
		first = false;
		git_tree_entry_free(e);
		git_tree_free(tree);
		/* older than the target's start and the file's first version: done */
		if ((!found && have_newer) || git_commit_time(c) < since.t - 86400) {
			git_commit_free(c);
			rc = 0;
			break;
		}
		git_commit_free(c);
	}
	if (rc < 0)
		goto done;
	if (cached) {
		/* the oldest version walked against the one the last walk began with */
		if (have_newer && !git_oid_equal(&newer, &old.blob) && *old.by && *newer_by &&
		    strcmp(old.by, newer_by))
			moved_add(&now, old.by, newer_by);
		for (i = 0; i < old.n; i++)
			moved_add(&now, old.v[i].from, old.v[i].to);
		if (!head_found) {
			git_oid_cpy(&now.blob, &old.blob);
			memcpy(now.by, old.by, sizeof(now.by));
			head_found = true;
		}
	}
	if (now.oom) {
		rc = kata_error_oom(err);
		goto done;
	}
	git_oid_cpy(&now.tip, &head);
	if (head_found)
		moved_store(&now, lines, repo, t->path);
report:
	for (i = 0; i < now.n; i++)
		find(f, "achieve-by-moved", t->path,
		     "the achieve-by date was moved from %s to %s: a target condition keeps its date; if it will not be reached, end it and set the next ('kata target abandon')",
		     now.v[i].from, now.v[i].to);
done:
	kata_walk_free(walk);
	free(old.v);
	free(now.v);
	kata_strv_free(lines);
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
