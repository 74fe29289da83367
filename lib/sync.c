#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/merge.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/sync.h"
#include "kata/trailer.h"
#include "kata/txn.h"
#include "kata/yaml.h"
#include "lockfile.h"
#include "remote.h"
#include "state.h"
#include "treediff.h"

#define STOPPED "sync-stopped"
#define CHOICES "sync-choices"

/* ---- conflicts and choices, kept under .git/kata/ ---- */

struct choice {
	char *path, *field;
	enum kata_merge_side side;
};

struct choices {
	struct choice *v;
	size_t n;
};

static void choices_release(struct choices *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].field);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

static void remove_state(struct kata_repo *repo)
{
	char *a = kata_state_path(repo, STOPPED), *b = kata_state_path(repo, CHOICES);

	if (a)
		unlink(a);
	if (b)
		unlink(b);
	free(a);
	free(b);
}

static int load_choices(struct choices *out, struct kata_repo *repo, struct kata_error *err)
{
	char **lines = NULL, *f[3];
	size_t n = 0, i;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = kata_state_read_lines(&lines, &n, repo, CHOICES, err)) < 0 || n == 0)
		return rc;
	if (!(out->v = calloc(n, sizeof(*out->v)))) {
		kata_strv_free(lines);
		return kata_error_oom(err);
	}
	for (i = 0; i < n; i++) {
		struct choice *c = &out->v[out->n];

		if (kata_state_split(lines[i], f, 3) != 3)
			continue;
		c->path = strdup(f[0]);
		c->field = strdup(f[1]);
		c->side = strcmp(f[2], "theirs") ? KATA_MERGE_OURS : KATA_MERGE_THEIRS;
		out->n++;
		if (!c->path || !c->field) {
			choices_release(out);
			kata_strv_free(lines);
			return kata_error_oom(err);
		}
	}
	kata_strv_free(lines);
	return 0;
}

void kata_sync_conflicts_free(struct kata_sync_conflict *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].path);
		free(c[i].field);
		free(c[i].ours);
		free(c[i].theirs);
	}
	free(c);
}

struct conflicts {
	struct kata_sync_conflict *v;
	size_t n, alloc;
};

static int add_conflict(struct conflicts *cs, const char *path, const char *field,
			const char *ours, const char *theirs, bool practice,
			struct kata_error *err)
{
	struct kata_sync_conflict *c;

	if (cs->n == cs->alloc) {
		size_t cap = cs->alloc ? cs->alloc * 2 : 4;
		struct kata_sync_conflict *nv = realloc(cs->v, cap * sizeof(*nv));

		if (!nv)
			return kata_error_oom(err);
		cs->v = nv;
		cs->alloc = cap;
	}
	c = &cs->v[cs->n];
	c->path = strdup(path);
	c->field = strdup(field);
	c->ours = strdup(ours);
	c->theirs = strdup(theirs);
	c->practice = practice;
	cs->n++;
	if (!c->path || !c->field || !c->ours || !c->theirs)
		return kata_error_oom(err);
	return 0;
}

/* A value in the state file: one line, no tabs. */
static void add_flat(struct kata_buf *b, const char *s)
{
	for (; *s; s++)
		kata_buf_add(b, *s == '\t' || *s == '\n' ? " " : s, 1);
}

static int save_stopped(struct kata_repo *repo, const struct conflicts *cs,
			struct kata_error *err)
{
	struct kata_buf b = KATA_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < cs->n; i++) {
		kata_buf_adds(&b, cs->v[i].practice ? "practice\t" : "field\t");
		add_flat(&b, cs->v[i].path);
		kata_buf_adds(&b, "\t");
		add_flat(&b, cs->v[i].field);
		kata_buf_adds(&b, "\t");
		add_flat(&b, cs->v[i].ours);
		kata_buf_adds(&b, "\t");
		add_flat(&b, cs->v[i].theirs);
		kata_buf_adds(&b, "\n");
	}
	if (b.oom) {
		kata_buf_release(&b);
		return kata_error_oom(err);
	}
	rc = kata_state_write(repo, STOPPED, b.buf ? b.buf : "", err);
	kata_buf_release(&b);
	return rc;
}

int kata_sync_stopped(struct kata_sync_conflict **out, size_t *n, struct kata_repo *repo,
		      struct kata_error *err)
{
	struct conflicts cs = { NULL, 0, 0 };
	char **lines = NULL, *f[5];
	size_t nl = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kata_state_read_lines(&lines, &nl, repo, STOPPED, err)) < 0)
		return rc;
	for (i = 0; i < nl && rc == 0; i++)
		if (kata_state_split(lines[i], f, 5) == 5)
			rc = add_conflict(&cs, f[1], f[2], f[3], f[4], !strcmp(f[0], "practice"),
					  err);
	kata_strv_free(lines);
	if (rc < 0) {
		kata_sync_conflicts_free(cs.v, cs.n);
		return rc;
	}
	*out = cs.v;
	*n = cs.n;
	return 0;
}

/* Whether record (a path, or an ID prefix) names the conflict at path. */
static bool names(const char *record, const char *path)
{
	struct kata_path_info info;
	size_t len = strlen(record);

	if (!strcmp(record, path))
		return true;
	return kata_path_parse(&info, path) && info.kind != KATA_KIND_REPOSITORY &&
	       info.kind != KATA_KIND_LEARNER && len >= 4 && !strncmp(info.id, record, len);
}

int kata_sync_choose(size_t *n, struct kata_repo *repo, const char *record,
		     const char *field, enum kata_merge_side side, struct kata_error *err)
{
	struct kata_sync_conflict *cs = NULL;
	struct kata_buf b = KATA_BUF_INIT;
	char **old = NULL;
	size_t nc = 0, nold = 0, i;
	int rc;

	*n = 0;
	if ((rc = kata_sync_stopped(&cs, &nc, repo, err)) < 0)
		return rc;
	if (nc == 0) {
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "no sync is stopped: there is nothing to resolve");
		goto done;
	}
	if ((rc = kata_state_read_lines(&old, &nold, repo, CHOICES, err)) < 0)
		goto done;
	for (i = 0; i < nold; i++)
		kata_buf_addf(&b, "%s\n", old[i]);
	for (i = 0; i < nc; i++) {
		if (record && !names(record, cs[i].path))
			continue;
		if (field && strcmp(field, cs[i].field))
			continue;
		kata_buf_addf(&b, "%s\t%s\t%s\n", cs[i].path, cs[i].field,
			      side == KATA_MERGE_OURS ? "ours" : "theirs");
		(*n)++;
	}
	if (*n == 0) {
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "no conflict of the stopped sync is about '%s%s%s'; 'kata resolve' lists them",
				    record ? record : "", field ? " " : "", field ? field : "");
		goto done;
	}
	if (b.oom)
		rc = kata_error_oom(err);
	else
		rc = kata_state_write(repo, CHOICES, b.buf, err);
done:
	kata_buf_release(&b);
	kata_strv_free(old);
	kata_sync_conflicts_free(cs, nc);
	return rc;
}

static const struct choice *find_choice(const struct choices *c, const char *path,
					const char *field)
{
	size_t i;
	const struct choice *found = NULL;

	/* the last one given wins */
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].path, path) && !strcmp(c->v[i].field, field))
			found = &c->v[i];
	return found;
}

/* ---- counting what came in and what went out ---- */

struct counts {
	struct kata_sync_count *v;
	size_t n;
	bool oom;
};

static int count_one(const char *path, const git_oid *old, const git_oid *new, void *data)
{
	struct counts *c = data;
	struct kata_path_info info;
	struct kata_sync_count *e = NULL;
	const char *learner = "";
	size_t i;

	(void)old;
	(void)new;
	if (kata_path_parse(&info, path))
		learner = info.learner;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].learner, learner))
			e = &c->v[i];
	if (!e) {
		struct kata_sync_count *nv = realloc(c->v, (c->n + 1) * sizeof(*nv));

		if (!nv) {
			c->oom = true;
			return 1;
		}
		c->v = nv;
		e = &c->v[c->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->learner, sizeof(e->learner), "%s", learner);
	}
	if (!kata_path_parse(&info, path))
		e->other++;
	else if (info.kind == KATA_KIND_STEP)
		e->steps++;
	else if (info.kind == KATA_KIND_MEASURE)
		e->measures++;
	else if (info.kind == KATA_KIND_COACHING)
		e->coaching++;
	else
		e->other++;
	return 0;
}

/* Adds the changes from tree a to tree b to *v. */
static int count(struct kata_sync_count **v, size_t *n, git_repository *git,
		 const git_tree *a, const git_tree *b, struct kata_error *err)
{
	struct counts c = { *v, *n, false };
	int rc = kata_treediff(git, a, b, count_one, &c);

	*v = c.v;
	*n = c.n;
	if (c.oom)
		return kata_error_oom(err);
	if (rc != 0)
		return kata_error_from_git(err, "cannot compare trees");
	return 0;
}

static void count_part(struct kata_buf *b, bool *any, unsigned x, const char *one,
		       const char *many)
{
	if (x) {
		kata_buf_addf(b, "%s %u %s", *any ? "," : "", x, x == 1 ? one : many);
		*any = true;
	}
}

void kata_sync_count_describe(struct kata_buf *b, const struct kata_sync_count *c)
{
	bool any = false;

	count_part(b, &any, c->steps, "step", "steps");
	count_part(b, &any, c->measures, "measure", "measures");
	count_part(b, &any, c->coaching, "coaching cycle", "coaching cycles");
	count_part(b, &any, c->other, "other record", "other records");
}

static void describe(struct kata_buf *b, const struct kata_sync_count *v, size_t n)
{
	size_t i, shown = 0;

	for (i = 0; i < n; i++) {
		const struct kata_sync_count *c = &v[i];

		if (shown == 3) {
			kata_buf_addf(b, ", %zu more", n - i);
			break;
		}
		kata_buf_addf(b, "%s%s", shown++ ? ", " : "", *c->learner ? c->learner : "kata.yaml");
		kata_sync_count_describe(b, c);
	}
}

/* ---- the record-aware merge ---- */

struct merge {
	struct kata_repo *repo;
	git_repository *git;
	git_tree *base, *ours, *theirs;
	const struct choices *choices;
	struct conflicts conflicts;
	struct kata_buf settled;	/* for the merge commit's body */
	struct kata_error *err;
};

static int parse_blob(struct kata_node **out, git_repository *git, const git_oid *id,
		      const char *path, struct kata_error *err)
{
	git_blob *blob = NULL;
	int rc;

	*out = NULL;
	if (git_blob_lookup(&blob, git, id) < 0)
		return kata_error_from_git(err, "cannot read blob");
	rc = kata_yaml_parse(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
			     path, err);
	git_blob_free(blob);
	return rc;
}

static void note_settled(struct merge *m, const char *path, const char *field,
			 enum kata_merge_side side)
{
	kata_buf_addf(&m->settled, "Settled: %s %s: %s\n", path, field,
		      side == KATA_MERGE_OURS ? "ours" : "theirs");
}

/* The updates the merge makes to ours' tree, their paths owned. */
struct updates {
	git_tree_update *v;
	size_t n;
	bool oom;
};

static void updates_add(struct updates *u, const char *path, const git_oid *id,
			git_filemode_t mode)
{
	git_tree_update *nv;

	if (u->oom)
		return;
	if (!(nv = realloc(u->v, (u->n + 1) * sizeof(*nv)))) {
		u->oom = true;
		return;
	}
	u->v = nv;
	memset(&nv[u->n], 0, sizeof(*nv));
	if (!(nv[u->n].path = strdup(path))) {
		u->oom = true;
		return;
	}
	nv[u->n].action = id ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
	if (id)
		nv[u->n].id = *id;
	nv[u->n].filemode = mode;
	u->n++;
}

static void updates_release(struct updates *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free((char *)u->v[i].path);
	free(u->v);
}

/* Both sides changed the record at path: merge it key by key. *merged
 * once it is handled: the merged blob in the updates, or its conflicts
 * reported; not when a side does not parse (the file conflicts). */
static int merge_record(struct merge *m, struct updates *u, const char *path,
			const git_oid *anc, const git_oid *our, const git_oid *their,
			bool *merged)
{
	struct kata_node *b = NULL, *o = NULL, *t = NULL, *out = NULL;
	struct kata_merge_conflict *mc = NULL;
	struct kata_merge_choice *ch = NULL;
	struct kata_error perr;
	git_oid id;
	char *data = NULL;
	size_t n = 0, nch = 0, i, len = 0;
	int rc = 0;

	*merged = false;
	kata_error_init(&perr);
	/* a record one side broke is no record to merge: the file conflicts */
	if ((anc && parse_blob(&b, m->git, anc, path, &perr) < 0) ||
	    parse_blob(&o, m->git, our, path, &perr) < 0 ||
	    parse_blob(&t, m->git, their, path, &perr) < 0)
		goto done;
	if (!(ch = calloc(m->choices->n + 1, sizeof(*ch)))) {
		rc = kata_error_oom(m->err);
		goto done;
	}
	for (i = 0; i < m->choices->n; i++)
		if (!strcmp(m->choices->v[i].path, path)) {
			ch[nch].key = m->choices->v[i].field;
			ch[nch++].side = m->choices->v[i].side;
		}
	if ((rc = kata_merge_record(&out, &mc, &n, b, o, t, ch, nch, m->err)) < 0)
		goto done;
	for (i = 0; i < n && rc == 0; i++)
		rc = add_conflict(&m->conflicts, path, mc[i].key, mc[i].ours, mc[i].theirs,
				  false, m->err);
	for (i = 0; i < nch; i++)
		note_settled(m, path, ch[i].key, ch[i].side);
	if (rc < 0 || n > 0) {
		*merged = true;	/* handled: a conflict reported */
		goto done;
	}
	if ((rc = kata_yaml_emit(&data, &len, out, kata_record_order(kata_record_kind(out)) ?
						     kata_record_order(kata_record_kind(out)) : NULL,
				 m->err)) < 0)
		goto done;
	if (git_blob_create_from_buffer(&id, m->git, data, len) < 0) {
		rc = kata_error_from_git(m->err, "cannot write the merged record");
		goto done;
	}
	updates_add(u, path, &id, GIT_FILEMODE_BLOB);
	*merged = true;
done:
	kata_error_release(&perr);
	free(data);
	free(ch);
	kata_merge_conflicts_free(mc, n);
	kata_node_free(b);
	kata_node_free(o);
	kata_node_free(t);
	kata_node_free(out);
	return rc;
}

/* A file both sides changed that is no mergeable record: one side whole,
 * as a choice settled it, else a conflict. */
static int merge_file(struct merge *m, struct updates *u, const char *path,
		      const git_oid *our, const git_oid *their, git_filemode_t their_mode)
{
	const struct choice *c = find_choice(m->choices, path, "file");

	if (!c)
		return add_conflict(&m->conflicts, path, "file",
				    our ? "changed" : "removed", their ? "changed" : "removed",
				    false, m->err);
	note_settled(m, path, "file", c->side);
	if (c->side == KATA_MERGE_THEIRS)
		updates_add(u, path, their, their_mode);
	return 0;	/* ours: ours' tree has it already */
}

/* The blob and mode of path in tree; *found false when it holds none. */
static int entry_at(git_oid *id, git_filemode_t *mode, bool *found, const git_tree *tree,
		    const char *path)
{
	git_tree_entry *e = NULL;
	int rc;

	*found = false;
	if (!tree)
		return 0;
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		*id = *git_tree_entry_id(e);
		*mode = git_tree_entry_filemode(e);
		*found = true;
	}
	git_tree_entry_free(e);
	return 0;
}

struct theirs_walk {
	struct merge *m;
	struct updates u;
	int rc;
};

/*
 * One file theirs changed since the ancestor: if ours left it as it was,
 * theirs is taken; the same change on both is nothing to do; otherwise
 * both changed it, and a record is merged key by key.
 */
static int merge_one(const char *path, const git_oid *base, const git_oid *their, void *data)
{
	struct theirs_walk *w = data;
	struct merge *m = w->m;
	git_oid our, tid;
	git_filemode_t omode, tmode = GIT_FILEMODE_BLOB;
	bool has_our, has_their = false, done = false;
	size_t len = strlen(path);

	if (entry_at(&our, &omode, &has_our, m->ours, path) < 0 ||
	    (their && entry_at(&tid, &tmode, &has_their, m->theirs, path) < 0)) {
		w->rc = kata_error_from_git(m->err, "cannot read the trees to merge");
		return 1;
	}
	if (has_our ? base && git_oid_equal(&our, base) : !base) {
		updates_add(&w->u, path, their, tmode);	/* only theirs changed it */
		return 0;
	}
	if (has_our ? their && git_oid_equal(&our, their) : !their)
		return 0;	/* the same change on both sides */
	if (has_our && their && len > 5 && !strcmp(path + len - 5, ".yaml") &&
	    (w->rc = merge_record(m, &w->u, path, base, &our, their, &done)) < 0)
		return 1;
	if (!done && (w->rc = merge_file(m, &w->u, path, has_our ? &our : NULL, their,
					  tmode)) < 0)
		return 1;
	return 0;
}

/* ---- the practice, checked on the merged tree ---- */

static bool in_tree(const git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	bool ok = tree && git_tree_entry_bypath(&e, tree, path) == 0;

	git_tree_entry_free(e);
	return ok;
}

static const char *status_at(struct merge *m, const git_tree *tree, const char *path,
			     char *buf, size_t size)
{
	git_tree_entry *e = NULL;
	struct kata_node *rec = NULL;
	struct kata_error ignore;
	const char *s;

	*buf = '\0';
	kata_error_init(&ignore);
	if (git_tree_entry_bypath(&e, tree, path) == 0 &&
	    parse_blob(&rec, m->git, git_tree_entry_id(e), path, &ignore) == 0 &&
	    (s = kata_node_str(rec, "status")))
		snprintf(buf, size, "%s", s);
	kata_error_release(&ignore);
	kata_node_free(rec);
	git_tree_entry_free(e);
	return buf;
}

/* The learners whose files both sides changed: only they can break a rule
 * that neither side broke alone. */
struct learners {
	char (*v)[65];
	size_t n;
	bool oom;
};

static int learner_of(const char *path, const git_oid *old, const git_oid *new, void *data)
{
	struct learners *l = data;
	struct kata_path_info info;
	size_t i;

	(void)old;
	(void)new;
	if (!kata_path_parse(&info, path) || !*info.learner)
		return 0;
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], info.learner))
			return 0;
	{
		char (*nv)[65] = realloc(l->v, (l->n + 1) * sizeof(*nv));

		if (!nv) {
			l->oom = true;
			return 1;
		}
		l->v = nv;
		snprintf(l->v[l->n++], 65, "%s", info.learner);
	}
	return 0;
}

/*
 * A practice conflict in folder: the records of kind that hold status
 * word, made by each side since the base (those both had stay out of it).
 * With more than one of them in the merged tree, the chosen side's are
 * kept and the other side's go from the merge (removals, appended to
 * *drop); unchosen, a conflict.
 */
struct candidate {
	char path[KATA_PATH_MAX];	/* a record file, or a target's folder */
	char file[KATA_PATH_MAX];	/* the file holding its status */
};

static int practice_rule(struct merge *m, git_tree *merged, const char *folder,
			 const char *field, const struct candidate *v, size_t n,
			 struct kata_buf *drop)
{
	struct kata_buf bo = KATA_BUF_INIT, bt = KATA_BUF_INIT;
	const struct choice *c;
	size_t i, no = 0, nt = 0;
	int rc = 0;

	(void)merged;
	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		bool o = in_tree(m->ours, v[i].file), t = in_tree(m->theirs, v[i].file);
		bool b = in_tree(m->base, v[i].file);
		const char *name = strrchr(v[i].path, '/') + 1;

		if (b || (o && t))
			continue;
		if (o)
			kata_buf_addf(&bo, "%s%s", no++ ? ", " : "", name);
		else
			kata_buf_addf(&bt, "%s%s", nt++ ? ", " : "", name);
	}
	if (!no || !nt)
		goto done;	/* not made by the merge: fsck's to report */
	if (!(c = find_choice(m->choices, folder, field))) {
		rc = add_conflict(&m->conflicts, folder, field, bo.buf, bt.buf, true, m->err);
		goto done;
	}
	note_settled(m, folder, field, c->side);
	for (i = 0; i < n; i++) {
		bool o = in_tree(m->ours, v[i].file), t = in_tree(m->theirs, v[i].file);

		if (in_tree(m->base, v[i].file) || (o && t))
			continue;
		if ((c->side == KATA_MERGE_OURS && t) || (c->side == KATA_MERGE_THEIRS && o))
			kata_buf_addf(drop, "%s\n", v[i].path);
	}
done:
	kata_buf_release(&bo);
	kata_buf_release(&bt);
	return rc;
}

static int tree_at(git_tree **out, git_repository *git, const git_tree *root, const char *path)
{
	git_tree_entry *e = NULL;
	int rc;

	*out = NULL;
	if (git_tree_entry_bypath(&e, root, path) < 0)
		return 0;
	rc = git_tree_entry_type(e) == GIT_OBJECT_TREE ?
		     git_tree_lookup(out, git, git_tree_entry_id(e)) : 0;
	git_tree_entry_free(e);
	return rc;
}

static int check_learner(struct merge *m, git_tree *merged, const char *learner,
			 struct kata_buf *drop)
{
	struct candidate *active = NULL, *open = NULL;
	char dir[KATA_PATH_MAX];
	git_tree *ltree = NULL;
	size_t i, n, na = 0;
	int rc = 0;

	kata_path_learner_dir(dir, learner);
	if (tree_at(&ltree, m->git, merged, dir) < 0)
		return kata_error_from_git(m->err, "cannot read the merged tree");
	if (!ltree)
		return 0;
	n = git_tree_entrycount(ltree);
	if (!(active = calloc(n + 1, sizeof(*active)))) {
		rc = kata_error_oom(m->err);
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(ltree, i);
		struct kata_path_entry pe;
		char tdir[KATA_PATH_MAX], file[KATA_PATH_MAX], sdir[KATA_PATH_MAX], st[16];
		git_tree *steps = NULL;
		size_t j, ns, no = 0;

		if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
		    !kata_path_entry_parse(&pe, git_tree_entry_name(e), true))
			continue;
		kata_path_join(tdir, dir, git_tree_entry_name(e));
		kata_path_target(file, tdir);
		if (!strcmp(status_at(m, merged, file, st, sizeof(st)), "active")) {
			snprintf(active[na].path, KATA_PATH_MAX, "%s", tdir);
			snprintf(active[na++].file, KATA_PATH_MAX, "%s", file);
		}
		kata_path_kind_dir(sdir, tdir, KATA_KIND_STEP);
		if (tree_at(&steps, m->git, merged, sdir) < 0) {
			rc = kata_error_from_git(m->err, "cannot read the merged tree");
			break;
		}
		if (!steps)
			continue;
		ns = git_tree_entrycount(steps);
		free(open);
		if (!(open = calloc(ns + 1, sizeof(*open)))) {
			git_tree_free(steps);
			rc = kata_error_oom(m->err);
			break;
		}
		for (j = 0; j < ns; j++) {
			char spath[KATA_PATH_MAX];

			kata_path_join(spath, sdir, git_tree_entry_name(git_tree_entry_byindex(steps, j)));
			if (!strcmp(status_at(m, merged, spath, st, sizeof(st)), "open")) {
				snprintf(open[no].path, KATA_PATH_MAX, "%s", spath);
				snprintf(open[no++].file, KATA_PATH_MAX, "%s", spath);
			}
		}
		git_tree_free(steps);
		rc = practice_rule(m, merged, sdir, "open steps", open, no, drop);
	}
	if (rc == 0)
		rc = practice_rule(m, merged, dir, "active targets", active, na, drop);
done:
	free(open);
	free(active);
	git_tree_free(ltree);
	return rc;
}

struct removals {
	git_tree_update *v;
	size_t n;
	bool oom;
};

static int removal(const char *path, const git_oid *old, const git_oid *new, void *data)
{
	struct removals *r = data;
	git_tree_update *nv;

	(void)new;
	(void)old;
	if (!(nv = realloc(r->v, (r->n + 1) * sizeof(*nv))) ||
	    !(path = strdup(path))) {
		if (nv)
			r->v = nv;
		r->oom = true;
		return 1;
	}
	r->v = nv;
	memset(&r->v[r->n], 0, sizeof(*r->v));
	r->v[r->n].action = GIT_TREE_UPDATE_REMOVE;
	r->v[r->n++].path = path;
	return 0;
}

/* Takes the settled practice conflicts' records (files, or folders of
 * them) out of the merged tree. */
static int drop_paths(git_oid *tree_id, struct merge *m, const char *paths)
{
	struct removals r = { NULL, 0, false };
	git_tree *tree = NULL;
	const char *p, *nl;
	size_t i;
	int rc = 0;

	if (git_tree_lookup(&tree, m->git, tree_id) < 0)
		return kata_error_from_git(m->err, "cannot read the merged tree");
	for (p = paths; *p && rc == 0; p = nl + 1) {
		char path[KATA_PATH_MAX];
		git_tree *sub = NULL;

		nl = strchr(p, '\n');
		snprintf(path, sizeof(path), "%.*s", (int)(nl - p), p);
		if (tree_at(&sub, m->git, tree, path) < 0) {
			rc = kata_error_from_git(m->err, "cannot read the merged tree");
		} else if (sub) {
			/* a folder: each file in it, named from the root */
			struct removals inner = { NULL, 0, false };

			if (kata_treediff(m->git, sub, NULL, removal, &inner) != 0)
				rc = inner.oom ? kata_error_oom(m->err)
					       : kata_error_from_git(m->err, "cannot read the merged tree");
			for (i = 0; i < inner.n; i++) {
				char *full = rc == 0 ? kata_str_newf("%s/%s", path, inner.v[i].path) : NULL;

				if (rc == 0 && (!full || removal(full, NULL, NULL, &r) != 0))
					rc = kata_error_oom(m->err);
				free(full);
				free((char *)inner.v[i].path);
			}
			free(inner.v);
		} else if (removal(path, NULL, NULL, &r) != 0) {
			rc = kata_error_oom(m->err);
		}
		git_tree_free(sub);
	}
	if (rc == 0 && r.oom)
		rc = kata_error_oom(m->err);
	if (rc == 0 && r.n && git_tree_create_updated(tree_id, m->git, tree, r.n, r.v) < 0)
		rc = kata_error_from_git(m->err, "cannot write the merged tree");
	for (i = 0; i < r.n; i++)
		free((char *)r.v[i].path);
	free(r.v);
	git_tree_free(tree);
	return rc;
}

static int check_practice(git_oid *tree_id, struct merge *m)
{
	struct learners lo = { NULL, 0, false }, lt = { NULL, 0, false };
	struct kata_buf drop = KATA_BUF_INIT;
	git_tree *merged = NULL;
	size_t i, j;
	int rc = 0;

	if (kata_treediff(m->git, m->base, m->ours, learner_of, &lo) != 0 ||
	    kata_treediff(m->git, m->base, m->theirs, learner_of, &lt) != 0) {
		rc = lo.oom || lt.oom ? kata_error_oom(m->err)
				      : kata_error_from_git(m->err, "cannot compare trees");
		goto done;
	}
	if (git_tree_lookup(&merged, m->git, tree_id) < 0) {
		rc = kata_error_from_git(m->err, "cannot read the merged tree");
		goto done;
	}
	for (i = 0; i < lo.n && rc == 0; i++)
		for (j = 0; j < lt.n && rc == 0; j++)
			if (!strcmp(lo.v[i], lt.v[j]))
				rc = check_learner(m, merged, lo.v[i], &drop);
	if (rc == 0 && drop.oom)
		rc = kata_error_oom(m->err);
	if (rc == 0 && m->conflicts.n == 0 && drop.len)
		rc = drop_paths(tree_id, m, drop.buf);
done:
	kata_buf_release(&drop);
	git_tree_free(merged);
	free(lo.v);
	free(lt.v);
	return rc;
}

/*
 * Merges theirs into ours; *tree_id the result unless m->conflicts. Not
 * git_merge_trees, which walks every file of the three trees: the files
 * theirs changed since the ancestor are found by the tree diff, which
 * skips the subtrees that did not change, and only those are looked at
 * in ours; ours' tree is then updated in place (SPEC 10).
 */
static int merge_trees(git_oid *tree_id, struct merge *m)
{
	struct theirs_walk w = { m, { NULL, 0, false }, 0 };
	int rc;

	rc = kata_treediff(m->git, m->base, m->theirs, merge_one, &w);
	if (w.rc < 0) {
		rc = w.rc;
		goto done;
	}
	if (rc != 0) {
		rc = kata_error_from_git(m->err, "cannot compare the trees to merge");
		goto done;
	}
	if (w.u.oom) {
		rc = kata_error_oom(m->err);
		goto done;
	}
	if (m->conflicts.n)
		goto done;
	if (git_tree_create_updated(tree_id, m->git, m->ours, w.u.n, w.u.v) < 0) {
		rc = kata_error_from_git(m->err, "cannot write the merged tree");
		goto done;
	}
	rc = check_practice(tree_id, m);
done:
	updates_release(&w.u);
	return rc;
}

/* ---- the sync ---- */

void kata_sync_result_release(struct kata_sync_result *r)
{
	free(r->in);
	free(r->out);
	kata_sync_conflicts_free(r->conflicts, r->n_conflicts);
	memset(r, 0, sizeof(*r));
}

struct sync {
	struct kata_repo *repo;
	git_repository *git;
	struct kata_sync_result *res;
	const struct kata_who *who;
	char branch_ref[256];	/* refs/heads/main */
	char merge_ref[256];	/* the remote's branch: refs/heads/main */
	char tracking_ref[256];	/* refs/remotes/origin/main */
	struct choices choices;
	struct kata_error *err;
};

/* Which remote, which of its branches, and where its copy is kept. */
static int find_upstream(struct sync *s, const char *remote_opt, bool *configured)
{
	git_reference *head = NULL;
	char key[300], name[128] = "", merge[256] = "", *value = NULL;
	int rc = 0;

	*configured = false;
	if (git_reference_lookup(&head, s->git, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    strncmp(git_reference_symbolic_target(head), "refs/heads/", 11)) {
		rc = kata_error_set(s->err, KATA_EINVALID,
				    "HEAD is not on a branch; check out the branch to sync first");
		goto done;
	}
	snprintf(s->branch_ref, sizeof(s->branch_ref), "%s", git_reference_symbolic_target(head));
	snprintf(s->res->branch, sizeof(s->res->branch), "%s", s->branch_ref + 11);
	snprintf(key, sizeof(key), "branch.%s.remote", s->res->branch);
	if ((rc = kata_repo_config_get(&value, s->repo, key, s->err)) < 0)
		goto done;
	snprintf(name, sizeof(name), "%s", value ? value : "");
	free(value);
	snprintf(key, sizeof(key), "branch.%s.merge", s->res->branch);
	if ((rc = kata_repo_config_get(&value, s->repo, key, s->err)) < 0)
		goto done;
	snprintf(merge, sizeof(merge), "%s", value ? value : "");
	free(value);
	*configured = *name && (!remote_opt || !strcmp(remote_opt, name));
	if (remote_opt)
		snprintf(name, sizeof(name), "%s", remote_opt);
	else if (!*name)
		snprintf(name, sizeof(name), "origin");
	if (!*configured || !*merge)
		snprintf(merge, sizeof(merge), "%s", s->branch_ref);
	snprintf(s->res->remote, sizeof(s->res->remote), "%s", name);
	snprintf(s->merge_ref, sizeof(s->merge_ref), "%s", merge);
	if ((rc = kata_remote_exists(s->repo, name, s->err)) < 0)
		goto done;
	if (rc == 0) {
		rc = kata_error_set(s->err, KATA_ENOTFOUND,
				    "no remote '%s'; add the team's repository with 'git remote add %s URL'",
				    name, name);
		goto done;
	}
	{
		char *tracking = NULL;

		if ((rc = kata_remote_tracking(&tracking, s->repo, name, merge, s->err)) < 0)
			goto done;
		if (tracking)
			snprintf(s->tracking_ref, sizeof(s->tracking_ref), "%s", tracking);
		free(tracking);
	}
	if (!*s->tracking_ref) {
		rc = kata_error_set(s->err, KATA_ECONFIG,
				    "remote '%s' does not fetch '%s'; check its fetch refspec ('git config remote.%s.fetch')",
				    name, merge, name);
		goto done;
	}
	snprintf(s->res->tracking, sizeof(s->res->tracking), "%s",
		 !strncmp(s->tracking_ref, "refs/remotes/", 13) ? s->tracking_ref + 13
								 : s->tracking_ref);
done:
	git_reference_free(head);
	return rc;
}

static int set_upstream(struct sync *s)
{
	char remote_key[300], merge_key[300];
	const char *keys[] = { remote_key, merge_key };
	const char *values[] = { s->res->remote, s->merge_ref };
	int rc;

	snprintf(remote_key, sizeof(remote_key), "branch.%s.remote", s->res->branch);
	snprintf(merge_key, sizeof(merge_key), "branch.%s.merge", s->res->branch);
	rc = kata_config_write(s->git, keys, values, 2, s->err);
	s->res->upstream_set = rc == 0;
	return rc;
}

static int commit_tree(git_tree **out, git_repository *git, const git_oid *commit)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = git_commit_lookup(&c, git, commit)) == 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc;
}

/* Brings the remote's commit theirs into the branch, under the lock. */
static int bring_in(struct sync *s, const git_oid *theirs)
{
	struct merge m;
	struct kata_txn *txn = NULL;
	struct kata_trailers tr;
	struct kata_buf subject = KATA_BUF_INIT;
	char head_hex[41], theirs_hex[41], tree_hex[41], *msg = NULL;
	git_oid head, base, tree_id;
	int rc;

	memset(&m, 0, sizeof(m));
	m.repo = s->repo;
	m.git = s->git;
	m.choices = &s->choices;
	m.err = s->err;
	git_oid_tostr(theirs_hex, sizeof(theirs_hex), theirs);
	if ((rc = kata_txn_begin(&txn, s->repo, KATA_TXN_WAIT_MS, s->err)) < 0)
		goto done;
	if (!kata_txn_head(head_hex, txn)) {
		/* a new clone with no commit: the remote's history is ours */
		if ((rc = commit_tree(&m.theirs, s->git, theirs)) < 0) {
			rc = kata_error_from_git(s->err, "cannot read the remote's commit");
			goto done;
		}
		if ((rc = count(&s->res->in, &s->res->n_in, s->git, NULL, m.theirs, s->err)) < 0 ||
		    (rc = kata_txn_fast_forward(txn, theirs_hex, s->err)) < 0 ||
		    (rc = kata_txn_commit(NULL, txn, "", s->who, s->err)) < 0)
			goto done;
		s->res->fast_forward = true;
		goto done;
	}
	git_oid_fromstr(&head, head_hex);
	if (git_oid_equal(&head, theirs) || git_graph_descendant_of(s->git, &head, theirs) == 1)
		goto done;	/* nothing came in */
	if (git_merge_base(&base, s->git, &head, theirs) < 0) {
		rc = kata_error_set(s->err, KATA_EINVALID,
				    "'%s' shares no history with '%s'; a clone of the team's repository syncs with it",
				    s->res->branch, s->res->tracking);
		goto done;
	}
	if (commit_tree(&m.base, s->git, &base) < 0 || commit_tree(&m.ours, s->git, &head) < 0 ||
	    commit_tree(&m.theirs, s->git, theirs) < 0) {
		rc = kata_error_from_git(s->err, "cannot read the commits to merge");
		goto done;
	}
	if ((rc = count(&s->res->in, &s->res->n_in, s->git, m.base, m.theirs, s->err)) < 0)
		goto done;
	if (git_oid_equal(&base, &head)) {
		if ((rc = kata_txn_fast_forward(txn, theirs_hex, s->err)) < 0 ||
		    (rc = kata_txn_commit(NULL, txn, "", s->who, s->err)) < 0)
			goto done;
		s->res->fast_forward = true;
		goto done;
	}
	if ((rc = merge_trees(&tree_id, &m)) < 0)
		goto done;
	if (m.conflicts.n) {
		if ((rc = save_stopped(s->repo, &m.conflicts, s->err)) == 0)
			rc = kata_error_set(s->err, KATA_ECONFLICT,
					    "sync stopped: %zu conflict%s with %s; nothing was merged",
					    m.conflicts.n, m.conflicts.n == 1 ? "" : "s",
					    s->res->tracking);
		s->res->conflicts = m.conflicts.v;
		s->res->n_conflicts = m.conflicts.n;
		m.conflicts.v = NULL;
		m.conflicts.n = 0;
		goto done;
	}
	git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
	kata_buf_addf(&subject, "sync: merge %s (", s->res->tracking);
	describe(&subject, s->res->in, s->res->n_in);
	kata_buf_adds(&subject, ")");
	memset(&tr, 0, sizeof(tr));
	snprintf(tr.action, sizeof(tr.action), "sync");
	if (s->res->n_in == 1 && *s->res->in[0].learner)
		snprintf(tr.learner, sizeof(tr.learner), "%s", s->res->in[0].learner);
	if (m.settled.len && m.settled.buf[m.settled.len - 1] == '\n')
		kata_buf_truncate(&m.settled, m.settled.len - 1);
	if (subject.oom || m.settled.oom ||
	    !(msg = kata_trailers_message(subject.buf, m.settled.len ? m.settled.buf : NULL, &tr))) {
		rc = kata_error_oom(s->err);
		goto done;
	}
	if ((rc = kata_txn_put_tree(txn, tree_hex, s->err)) < 0 ||
	    (rc = kata_txn_set_parent(txn, theirs_hex, s->err)) < 0 ||
	    (rc = kata_txn_commit(NULL, txn, msg, s->who, s->err)) < 0)
		goto done;
	s->res->merged = true;
done:
	kata_txn_free(txn);
	free(msg);
	kata_buf_release(&subject);
	kata_buf_release(&m.settled);
	kata_sync_conflicts_free(m.conflicts.v, m.conflicts.n);
	git_tree_free(m.base);
	git_tree_free(m.ours);
	git_tree_free(m.theirs);
	return rc;
}

int kata_sync(struct kata_sync_result *out, struct kata_repo *repo,
	      const struct kata_sync_opts *opts, const struct kata_who *who,
	      struct kata_error *err)
{
	struct sync s;
	unsigned max = opts && opts->max_tries ? opts->max_tries : KATA_SYNC_TRIES;
	bool configured = false;
	git_oid theirs, head;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.repo = repo;
	s.git = kata_repo_git(repo);
	s.res = out;
	s.who = who;
	s.err = err;
	kata_lockfile_recover(s.git);
	if ((rc = find_upstream(&s, opts ? opts->remote : NULL, &configured)) < 0 ||
	    (rc = load_choices(&s.choices, repo, err)) < 0)
		goto done;
	for (out->tries = 1;; out->tries++) {
		git_tree *rtree = NULL, *ltree = NULL;
		bool has_theirs;

		if ((rc = kata_remote_fetch(repo, out->remote, err)) < 0)
			goto done;
		has_theirs = git_reference_name_to_id(&theirs, s.git, s.tracking_ref) == 0;
		if (has_theirs && (rc = bring_in(&s, &theirs)) < 0)
			goto done;
		if (git_reference_name_to_id(&head, s.git, s.branch_ref) < 0) {
			rc = kata_error_set(err, KATA_ENOTFOUND,
					    "nothing to sync: '%s' has no commit and '%s' has none either",
					    out->branch, out->tracking);
			goto done;
		}
		git_oid_tostr(out->commit, sizeof(out->commit), &head);
		if (has_theirs && git_oid_equal(&head, &theirs))
			break;	/* nothing to push */
		if (opts && opts->before_push)
			opts->before_push(opts->data);
		if ((rc = kata_remote_push(repo, out->remote, s.branch_ref, s.merge_ref, err)) < 0)
			goto done;
		if (rc == 1 && out->tries < max)
			continue;	/* the remote moved meanwhile: again */
		if (rc == 1) {
			rc = kata_error_set(err, KATA_ERROR,
					    "'%s' kept moving: the push was refused %u times; run 'kata sync' again",
					    out->remote, out->tries);
			goto done;
		}
		out->pushed = true;
		/* as git push does: the remote-tracking branch says what the
		 * remote now has, so that git status is not 'ahead'. A cache
		 * only: the push has landed, and the next fetch sets it if
		 * this cannot. */
		{
			struct kata_error ignore;

			kata_error_init(&ignore);
			kata_ref_write(s.git, s.tracking_ref, &head, "kata: sync: push", &ignore);
			kata_error_release(&ignore);
		}
		free(out->out);
		out->out = NULL;
		out->n_out = 0;
		if ((has_theirs && commit_tree(&rtree, s.git, &theirs) < 0) ||
		    commit_tree(&ltree, s.git, &head) < 0)
			rc = kata_error_from_git(err, "cannot read what was pushed");
		else
			rc = count(&out->out, &out->n_out, s.git, rtree, ltree, err);
		git_tree_free(rtree);
		git_tree_free(ltree);
		if (rc < 0)
			goto done;
		break;
	}
	if (!configured)
		rc = set_upstream(&s);
	remove_state(repo);
done:
	choices_release(&s.choices);
	return rc;
}
