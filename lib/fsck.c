#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/fsck.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/questions.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/str.h"

/* A record's ID and its file, to find two files with one ID. */
struct seen {
	char id[KATA_ID_LEN + 1];
	char *path;
};

struct fsck {
	struct kata_repo *repo;
	kata_fsck_report report;
	void *data;
	size_t problems;
	struct seen *ids;
	size_t n_ids, alloc_ids;
};

static void problem(struct fsck *f, const char *path, unsigned line, unsigned col,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem(struct fsck *f, const char *path, unsigned line, unsigned col,
		    const char *fmt, ...)
{
	struct kata_error e;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kata_error_init(&e);
	kata_error_set_at(&e, KATA_EINVALID, path, line, col, "%s", msg);
	f->report(&e, f->data);
	kata_error_release(&e);
	f->problems++;
}

/* Loads and validates a record; a broken one is a problem, not an error. */
static struct kata_node *load(struct fsck *f, const char *path, enum kata_kind kind)
{
	struct kata_node *rec = NULL;
	struct kata_error e;

	kata_error_init(&e);
	if (kata_record_load(&rec, f->repo, path, kind, &e) < 0) {
		kata_error_locate(&e, path, 0, 0);
		f->report(&e, f->data);
		f->problems++;
		kata_error_release(&e);
		return NULL;
	}
	return rec;
}

static void expect_value(struct fsck *f, const char *path, const struct kata_node *rec,
			 const char *key, const char *want, const char *why)
{
	const struct kata_entry *e = kata_node_entry(rec, key);

	if (e && strcmp(e->value->text, want))
		problem(f, path, e->value->line, e->value->col, "'%s' is '%s' but %s '%s'",
			key, e->value->text, why, want);
}

static const struct kata_path_entry *in_list(const struct kata_path_entry *list, size_t n,
					     const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].id, id))
			return &list[i];
	return NULL;
}

/* Notes path's ID (for two files with one ID, found at the end). */
static int note_id(struct fsck *f, const char *id, const char *path, struct kata_error *err)
{
	struct seen *s;

	if (f->n_ids == f->alloc_ids) {
		size_t cap = f->alloc_ids ? f->alloc_ids * 2 : 64;
		struct seen *nv = realloc(f->ids, cap * sizeof(*nv));

		if (!nv)
			return kata_error_oom(err);
		f->ids = nv;
		f->alloc_ids = cap;
	}
	s = &f->ids[f->n_ids];
	snprintf(s->id, sizeof(s->id), "%s", id);
	if (!(s->path = strdup(path)))
		return kata_error_oom(err);
	f->n_ids++;
	return 0;
}

static int cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

/* Each file whose ID an earlier one has (kata edit would not know which
 * is meant, nor would an ID on the command line). */
static void check_ids(struct fsck *f)
{
	size_t i, first = 0;

	if (f->n_ids)
		qsort(f->ids, f->n_ids, sizeof(*f->ids), cmp_seen);
	for (i = 1; i < f->n_ids; i++) {
		if (strcmp(f->ids[i].id, f->ids[first].id)) {
			first = i;
			continue;
		}
		problem(f, f->ids[i].path, 0, 0,
			"ID '%s' is the ID of %s too: an ID names one record; give one of them a new ID",
			f->ids[i].id, f->ids[first].path);
	}
}

/*
 * What is at path, when it is not what it should be (a folder, or a
 * regular file): a problem, and false, so that nobody reads it. A
 * symbolic link is never followed: committed, it could show any file of
 * the machine reading it.
 */
static bool check_type(struct fsck *f, const char *path, bool want_dir)
{
	enum kata_ftype t = kata_repo_ftype(f->repo, path);

	if (t == KATA_FTYPE_NONE || t == (want_dir ? KATA_FTYPE_DIR : KATA_FTYPE_FILE))
		return true;
	if (t == KATA_FTYPE_LINK)
		problem(f, path, 0, 0,
			"is a symbolic link, which kata never follows in a repository's records; replace it with the %s itself",
			want_dir ? "folder" : "file");
	else if (t == KATA_FTYPE_DIR)
		problem(f, path, 0, 0, "is a folder where a record file should be");
	else if (want_dir)
		problem(f, path, 0, 0, "is a file where a folder should be");
	else
		problem(f, path, 0, 0, "is not a regular file (a FIFO, a socket or a device) where a record file should be");
	return false;
}

/* Reports the entries of folder that are not what belongs there: allowed
 * names ending ".yaml" are files, the others folders. */
static int strays(struct fsck *f, const char *folder, const char *const *allowed,
		  bool numbered_dirs, bool numbered_files, struct kata_error *err)
{
	struct kata_path_entry en;
	char **names = NULL, path[KATA_PATH_MAX];
	size_t n = 0, i;
	int rc;

	if ((rc = kata_repo_list(&names, &n, f->repo, folder, KATA_LIST_ALL, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		const char *const *a;
		size_t len = strlen(names[i]);
		bool ok = false, dir = false;

		for (a = allowed; a && *a && !ok; a++)
			if ((ok = !strcmp(*a, names[i])))
				dir = len < 5 || strcmp(names[i] + len - 5, ".yaml");
		if (!ok && numbered_dirs && kata_path_entry_parse(&en, names[i], true))
			ok = dir = true;
		if (!ok && numbered_files && kata_path_entry_parse(&en, names[i], false))
			ok = true;
		kata_path_join(path, folder, names[i]);
		if (ok)
			check_type(f, path, dir);
		else
			problem(f, path, 0, 0, "unexpected file: records are named <number>-<id>.yaml");
	}
	kata_strv_free(names);
	return 0;
}

/* One step: its obstacle in the parking lot, and open only if the last of
 * an active target (an ended target strands an open step for good). */
static void check_step(struct fsck *f, const char *path, const struct kata_node *rec,
		       bool last, bool ended, const struct kata_path_entry *obstacles,
		       size_t n_obstacles)
{
	const struct kata_entry *e = kata_node_entry(rec, "obstacle");

	if (e && !in_list(obstacles, n_obstacles, e->value->text))
		problem(f, path, e->value->line, e->value->col,
			"obstacle '%s' is not in this target's parking lot", e->value->text);
	e = kata_node_entry(rec, "status");
	if (!last && !strcmp(e->value->text, "open"))
		problem(f, path, e->value->line, e->value->col,
			"step is open but a later step was planned: reflect on it");
	else if (ended && !strcmp(e->value->text, "open"))
		problem(f, path, e->value->line, e->value->col,
			"step is open but its target condition has ended: record what happened and what was learned ('kata edit')");
}

static int check_kind(struct fsck *f, const char *dir, const char *target_id,
		      bool ended, enum kata_kind kind, const struct kata_path_entry *obstacles,
		      size_t n_obstacles, struct kata_error *err)
{
	struct kata_path_entry *list = NULL;
	char folder[KATA_PATH_MAX], path[KATA_PATH_MAX];
	size_t n = 0, i;
	int rc;

	kata_path_kind_dir(folder, dir, kind);
	if (kata_repo_ftype(f->repo, folder) != KATA_FTYPE_DIR)
		return 0;	/* none, or reported with its target's folder */
	if ((rc = strays(f, folder, NULL, false, true, err)) < 0 ||
	    (rc = kata_path_list(&list, &n, f->repo, folder, false, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct kata_node *rec;

		kata_path_join(path, folder, list[i].name);
		if (kata_repo_ftype(f->repo, path) != KATA_FTYPE_FILE)
			continue;	/* reported by strays */
		if ((rc = note_id(f, list[i].id, path, err)) < 0)
			break;
		if (!(rec = load(f, path, kind)))
			continue;
		expect_value(f, path, rec, "id", list[i].id, "its file name says");
		expect_value(f, path, rec, "target", target_id, "it lies in the folder of target");
		if (kind == KATA_KIND_STEP)
			check_step(f, path, rec, i + 1 == n, ended, obstacles, n_obstacles);
		kata_node_free(rec);
	}
	kata_path_list_free(list, n);
	return rc;
}

/* The obstacle in focus must be one of the target's, and still open. */
static void check_focus(struct fsck *f, const char *path, const struct kata_node *target,
			const char *dir, const struct kata_path_entry *obstacles, size_t n)
{
	const struct kata_entry *e = kata_node_entry(target, "focus");
	const struct kata_path_entry *o;
	struct kata_node *rec = NULL;
	char opath[KATA_PATH_MAX];
	struct kata_error ignore;
	const char *status;

	if (!e)
		return;
	if (!(o = in_list(obstacles, n, e->value->text))) {
		problem(f, path, e->value->line, e->value->col,
			"focus '%s' is not in this target's parking lot", e->value->text);
		return;
	}
	kata_path_kind_dir(opath, dir, KATA_KIND_OBSTACLE);
	snprintf(opath + strlen(opath), sizeof(opath) - strlen(opath), "/%s", o->name);
	kata_error_init(&ignore);
	/* a broken obstacle is reported where its own file is checked */
	if (kata_record_load(&rec, f->repo, opath, KATA_KIND_OBSTACLE, &ignore) == 0 &&
	    (status = kata_node_str(rec, "status")) && !strcmp(status, "closed"))
		problem(f, path, e->value->line, e->value->col,
			"focus '%s' is a closed obstacle", e->value->text);
	kata_error_release(&ignore);
	kata_node_free(rec);
}

static int check_target(struct fsck *f, const char *learner, const char *dir,
			const struct kata_path_entry *en, bool newest,
			struct kata_error *err)
{
	static const char *const allowed[] = { "target.yaml", "obstacles", "steps",
					       "measures", "coaching", "feedback", NULL };
	struct kata_path_entry *obstacles = NULL;
	struct kata_node *rec = NULL;
	char path[KATA_PATH_MAX], ofolder[KATA_PATH_MAX];
	size_t n_obstacles = 0;
	bool ended = false;
	int kind, rc;

	kata_path_target(path, dir);
	kata_path_kind_dir(ofolder, dir, KATA_KIND_OBSTACLE);
	if ((rc = strays(f, dir, allowed, false, false, err)) < 0 ||
	    (rc = note_id(f, en->id, dir, err)) < 0 ||
	    (kata_repo_ftype(f->repo, ofolder) == KATA_FTYPE_DIR &&
	     (rc = kata_path_list(&obstacles, &n_obstacles, f->repo, ofolder, false, err)) < 0))
		return rc;
	if (kata_repo_exists(f->repo, path) && kata_repo_ftype(f->repo, path) != KATA_FTYPE_FILE)
		;	/* reported by strays */
	else if ((rec = load(f, path, KATA_KIND_TARGET))) {
		const struct kata_entry *e = kata_node_entry(rec, "status");

		expect_value(f, path, rec, "id", en->id, "its folder name says");
		expect_value(f, path, rec, "learner", learner, "it lies in the folder of learner");
		if (!newest && !strcmp(e->value->text, "active"))
			problem(f, path, e->value->line, e->value->col,
				"target is active but a later target was started");
		check_focus(f, path, rec, dir, obstacles, n_obstacles);
		ended = strcmp(e->value->text, "active") != 0;
		kata_node_free(rec);
	}
	for (kind = 0; kind < KATA_KIND__COUNT && rc == 0; kind++)
		if (kata_path_kind_folder((enum kata_kind)kind))
			rc = check_kind(f, dir, en->id, ended, (enum kata_kind)kind, obstacles,
					n_obstacles, err);
	kata_path_list_free(obstacles, n_obstacles);
	return rc;
}

static void check_person(struct fsck *f, const char *path, const struct kata_node *rec,
			 const char *key)
{
	const struct kata_entry *e = kata_node_entry(rec, key);
	char dir[KATA_PATH_MAX];

	if (!e)
		return;
	kata_path_learner_dir(dir, e->value->text);
	if (!kata_repo_exists(f->repo, dir))
		problem(f, path, e->value->line, e->value->col, "%s '%s' is not a learner here",
			key, e->value->text);
}

/* An email is one person's: each learner holding another's is told so. */
static int check_emails(struct fsck *f, const char *path, const char *id,
			const struct kata_node *rec, struct kata_error *err)
{
	const struct kata_node *v;
	char *owner;
	int rc;

	if ((rc = kata_learner_email_clash(&v, &owner, f->repo, rec, id, err)) == 0 && owner)
		problem(f, path, v->line, v->col,
			"email '%s' is learner '%s''s too; an email belongs to one person",
			v->text, owner);
	free(owner);
	return rc;
}

static int check_learner(struct fsck *f, const char *id, struct kata_error *err)
{
	static const char *const allowed[] = { "learner.yaml", NULL };
	struct kata_path_entry *targets = NULL;
	struct kata_node *rec;
	char dir[KATA_PATH_MAX], path[KATA_PATH_MAX], tdir[KATA_PATH_MAX];
	size_t n = 0, i;
	int rc;

	kata_path_learner_dir(dir, id);
	kata_path_learner(path, id);
	if (!kata_repo_exists(f->repo, path))
		problem(f, path, 0, 0, "missing: every learner's folder holds a learner.yaml");
	else if (kata_repo_ftype(f->repo, path) != KATA_FTYPE_FILE)
		;	/* reported by strays */
	else if ((rec = load(f, path, KATA_KIND_LEARNER))) {
		expect_value(f, path, rec, "id", id, "its folder name says");
		check_person(f, path, rec, "coach");
		check_person(f, path, rec, "second_coach");
		rc = check_emails(f, path, id, rec, err);
		kata_node_free(rec);
		if (rc < 0)
			return rc;
	}
	if ((rc = strays(f, dir, allowed, true, false, err)) < 0 ||
	    (rc = kata_path_list(&targets, &n, f->repo, dir, true, err)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		kata_path_join(tdir, dir, targets[i].name);
		if (kata_repo_ftype(f->repo, tdir) == KATA_FTYPE_DIR)
			rc = check_target(f, id, tdir, &targets[i], i + 1 == n, err);
	}
	kata_path_list_free(targets, n);
	return rc;
}

/* Each symbolic link (or submodule) committed under learners/, where the
 * work tree does not show it as one (core.symlinks false, say). */
static int tree_link(const char *root, const git_tree_entry *e, void *data)
{
	struct fsck *f = data;
	git_filemode_t mode = git_tree_entry_filemode(e);
	char path[KATA_PATH_MAX];

	if (mode != GIT_FILEMODE_LINK && mode != GIT_FILEMODE_COMMIT)
		return 0;
	snprintf(path, sizeof(path), "%s%s%s", KATA_PATH_LEARNERS "/", root,
		 git_tree_entry_name(e));
	if (mode == GIT_FILEMODE_COMMIT)
		problem(f, path, 0, 0, "is committed as a submodule; the records hold files only");
	else if (kata_repo_ftype(f->repo, path) != KATA_FTYPE_LINK)
		problem(f, path, 0, 0,
			"is committed as a symbolic link (git mode 120000), which kata never follows; commit the file itself");
	return 0;
}

static int check_tree(struct fsck *f, struct kata_error *err)
{
	git_repository *git = kata_repo_git(f->repo);
	git_object *obj = NULL;
	git_tree *tree = NULL;
	int rc = 0;

	if (git_revparse_single(&obj, git, "HEAD:" KATA_PATH_LEARNERS) < 0)
		return 0;	/* no commit yet, or no learner */
	if (git_object_type(obj) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&tree, git, git_object_id(obj)) == 0 &&
	    git_tree_walk(tree, GIT_TREEWALK_PRE, tree_link, f) < 0)
		rc = kata_error_set(err, KATA_ERROR, "cannot read the tree of HEAD: %s",
				    git_error_last() ? git_error_last()->message : "unknown error");
	git_tree_free(tree);
	git_object_free(obj);
	return rc;
}

/* The repository's own question set (kata.yaml's questions), read as
 * kata coach reads it. */
static void check_questions(struct fsck *f)
{
	struct kata_questions *qs = NULL;
	struct kata_error e;

	kata_error_init(&e);
	if (kata_questions_for(&qs, f->repo, NULL, &e) < 0) {
		f->report(&e, f->data);
		f->problems++;
	}
	kata_error_release(&e);
	kata_questions_free(qs);
}

/* An admin named by learner ID must be a learner here (an email may be
 * anyone's: an admin need not keep a storyboard). */
static void check_admins(struct fsck *f, const struct kata_node *cfg)
{
	const struct kata_node *list = kata_node_get(cfg, "admins");
	char dir[KATA_PATH_MAX];
	size_t i;

	for (i = 0; list && list->type == KATA_NODE_SEQUENCE && i < list->n; i++) {
		const struct kata_node *v = list->entries[i].value;

		if (strchr(v->text, '@'))
			continue;
		kata_path_learner_dir(dir, v->text);
		if (!kata_repo_exists(f->repo, dir))
			problem(f, "kata.yaml", v->line, v->col,
				"admin '%s' is not a learner here; name a learner ID or an email",
				v->text);
	}
}

int kata_fsck(size_t *problems, struct kata_repo *repo, kata_fsck_report report,
	      void *data, struct kata_error *err)
{
	struct fsck f = { repo, report, data, 0, NULL, 0, 0 };
	struct kata_node *cfg;
	char **names = NULL, path[KATA_PATH_MAX];
	size_t n = 0, i;
	int rc;

	*problems = 0;
	if ((cfg = load(&f, "kata.yaml", KATA_KIND_REPOSITORY))) {
		const struct kata_entry *e = kata_node_entry(cfg, "format");

		if (strtol(e->value->text, NULL, 10) > KATA_FORMAT)
			problem(&f, "kata.yaml", e->value->line, e->value->col,
				"format %s is newer than this kata understands (%d); upgrade kata",
				e->value->text, KATA_FORMAT);
		check_admins(&f, cfg);
		if (kata_node_get(cfg, "questions"))
			check_questions(&f);
		kata_node_free(cfg);
	}
	if ((rc = kata_repo_list(&names, &n, repo, KATA_PATH_LEARNERS, KATA_LIST_ALL, err)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		kata_path_learner_dir(path, names[i]);
		if (!kata_id_learner_valid(names[i])) {
			problem(&f, path, 0, 0, "'%s' is not a valid learner ID", names[i]);
			continue;
		}
		if (check_type(&f, path, true))
			rc = check_learner(&f, names[i], err);
	}
	kata_strv_free(names);
	if (rc == 0)
		rc = check_tree(&f, err);
	if (rc == 0)
		check_ids(&f);
	for (i = 0; i < f.n_ids; i++)
		free(f.ids[i].path);
	free(f.ids);
	*problems = f.problems;
	return rc;
}
