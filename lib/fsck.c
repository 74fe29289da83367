#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/fsck.h"
#include "kata/id.h"
#include "kata/record.h"

struct fsck {
	struct kata_repo *repo;
	kata_fsck_report report;
	void *data;
	size_t problems;
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
		if (!e.path)
			problem(f, path, 0, 0, "%s", e.message ? e.message : "cannot read");
		else {
			f->report(&e, f->data);
			f->problems++;
		}
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

static bool in_list(const struct kata_entry_name *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].id, id))
			return true;
	return false;
}

/* Reports the entries of folder that are not what belongs there. */
static int strays(struct fsck *f, const char *folder, const char *const *allowed,
		  bool seq_dirs, bool seq_files, struct kata_error *err)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = kata_repo_list(&names, &n, f->repo, folder, KATA_LIST_ALL, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct kata_entry_name en;
		const char *const *a;
		bool ok = false;
		char *p;

		for (a = allowed; a && *a && !ok; a++)
			ok = !strcmp(*a, names[i]);
		if (!ok && seq_dirs)
			ok = kata_seq_parse(&en, names[i], true);
		if (!ok && seq_files)
			ok = kata_seq_parse(&en, names[i], false);
		if (ok)
			continue;
		if (!(p = kata_str_newf("%s/%s", folder, names[i]))) {
			kata_strv_free(names);
			return kata_error_oom(err);
		}
		problem(f, p, 0, 0, "unexpected file: records are named <number>-<id>.yaml");
		free(p);
	}
	kata_strv_free(names);
	return 0;
}

static int check_kind(struct fsck *f, const char *dir, const char *target_id,
		      enum kata_kind kind, const struct kata_entry_name *obstacles,
		      size_t n_obstacles, struct kata_error *err)
{
	struct kata_entry_name *list = NULL;
	char *folder;
	size_t n = 0, i;
	int rc;

	if (!(folder = kata_str_newf("%s/%s", dir, kata_kind_folder(kind))))
		return kata_error_oom(err);
	if ((rc = strays(f, folder, NULL, false, true, err)) < 0 ||
	    (rc = kata_seq_list(&list, &n, f->repo, folder, false, err)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		char *path = kata_str_newf("%s/%s", folder, list[i].name);
		struct kata_node *rec;
		const struct kata_entry *e;

		if (!path) {
			rc = kata_error_oom(err);
			goto done;
		}
		if ((rec = load(f, path, kind))) {
			expect_value(f, path, rec, "id", list[i].id, "its file name says");
			expect_value(f, path, rec, "target", target_id, "it lies in the folder of target");
			if (kind == KATA_KIND_STEP) {
				e = kata_node_entry(rec, "obstacle");
				if (e && !in_list(obstacles, n_obstacles, e->value->text))
					problem(f, path, e->value->line, e->value->col,
						"obstacle '%s' is not in this target's parking lot",
						e->value->text);
				e = kata_node_entry(rec, "status");
				if (i + 1 < n && !strcmp(e->value->text, "open"))
					problem(f, path, e->value->line, e->value->col,
						"step is open but a later step was planned: reflect on it");
			}
		}
		kata_node_free(rec);
		free(path);
	}
done:
	kata_seq_list_free(list, n);
	free(folder);
	return rc;
}

/* The obstacle in focus must be one still open. */
static void check_focus_open(struct fsck *f, const char *path, const struct kata_node *focus,
			     const struct kata_entry_name *obstacles, size_t n,
			     const char *ofolder)
{
	struct kata_node *rec = NULL;
	struct kata_error e;
	const char *status;
	char *opath;
	size_t i;

	for (i = 0; i < n && strcmp(obstacles[i].id, focus->text); i++)
		;
	if (i == n || !(opath = kata_str_newf("%s/%s", ofolder, obstacles[i].name)))
		return;
	kata_error_init(&e);
	/* a broken obstacle is reported where its own file is checked */
	if (kata_record_load(&rec, f->repo, opath, KATA_KIND_OBSTACLE, &e) == 0 &&
	    (status = kata_node_str(rec, "status")) && !strcmp(status, "closed"))
		problem(f, path, focus->line, focus->col,
			"focus '%s' is a closed obstacle", focus->text);
	kata_error_release(&e);
	kata_node_free(rec);
	free(opath);
}

static int check_target(struct fsck *f, const char *learner, const char *dir,
			const struct kata_entry_name *en, bool newest,
			struct kata_error *err)
{
	static const char *const allowed[] = { "target.yaml", "obstacles", "steps",
					       "measures", "coaching", "feedback", NULL };
	struct kata_entry_name *obstacles = NULL;
	struct kata_node *rec = NULL;
	char *path = NULL, *ofolder = NULL;
	size_t n_obstacles = 0;
	int rc;

	if (!(path = kata_str_newf("%s/%s", dir, "target.yaml")) || !(ofolder = kata_str_newf("%s/%s", dir, "obstacles"))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = strays(f, dir, allowed, false, false, err)) < 0 ||
	    (rc = kata_seq_list(&obstacles, &n_obstacles, f->repo, ofolder, false, err)) < 0)
		goto done;
	if ((rec = load(f, path, KATA_KIND_TARGET))) {
		const struct kata_entry *e = kata_node_entry(rec, "status");

		expect_value(f, path, rec, "id", en->id, "its folder name says");
		expect_value(f, path, rec, "learner", learner, "it lies in the folder of learner");
		if (!newest && !strcmp(e->value->text, "active"))
			problem(f, path, e->value->line, e->value->col,
				"target is active but a later target was started");
		e = kata_node_entry(rec, "focus");
		if (e && !in_list(obstacles, n_obstacles, e->value->text))
			problem(f, path, e->value->line, e->value->col,
				"focus '%s' is not in this target's parking lot", e->value->text);
		else if (e)
			check_focus_open(f, path, e->value, obstacles, n_obstacles, ofolder);
	}
	if ((rc = check_kind(f, dir, en->id, KATA_KIND_OBSTACLE, NULL, 0, err)) < 0 ||
	    (rc = check_kind(f, dir, en->id, KATA_KIND_STEP, obstacles, n_obstacles, err)) < 0 ||
	    (rc = check_kind(f, dir, en->id, KATA_KIND_MEASURE, NULL, 0, err)) < 0 ||
	    (rc = check_kind(f, dir, en->id, KATA_KIND_COACHING, NULL, 0, err)) < 0 ||
	    (rc = check_kind(f, dir, en->id, KATA_KIND_FEEDBACK, NULL, 0, err)) < 0)
		goto done;
done:
	kata_node_free(rec);
	kata_seq_list_free(obstacles, n_obstacles);
	free(path);
	free(ofolder);
	return rc;
}

static void check_person(struct fsck *f, const char *path, const struct kata_node *rec,
			 const char *key)
{
	const struct kata_entry *e = kata_node_entry(rec, key);
	char *p;

	if (!e)
		return;
	p = kata_str_newf("%s/%s", "learners", e->value->text);
	if (p && !kata_repo_exists(f->repo, p))
		problem(f, path, e->value->line, e->value->col, "%s '%s' is not a learner here",
			key, e->value->text);
	free(p);
}

static int check_learner(struct fsck *f, const char *id, struct kata_error *err)
{
	static const char *const allowed[] = { "learner.yaml", NULL };
	struct kata_entry_name *targets = NULL;
	struct kata_node *rec;
	char *dir = NULL, *path = NULL;
	size_t n = 0, i;
	int rc;

	if (!(dir = kata_str_newf("%s/%s", "learners", id)) || !(path = kata_str_newf("%s/%s", dir, "learner.yaml"))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rec = load(f, path, KATA_KIND_LEARNER))) {
		expect_value(f, path, rec, "id", id, "its folder name says");
		check_person(f, path, rec, "coach");
		check_person(f, path, rec, "second_coach");
		kata_node_free(rec);
	}
	if ((rc = strays(f, dir, allowed, true, false, err)) < 0 ||
	    (rc = kata_seq_list(&targets, &n, f->repo, dir, true, err)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		char *tdir = kata_str_newf("%s/%s", dir, targets[i].name);

		if (!tdir) {
			rc = kata_error_oom(err);
			goto done;
		}
		rc = check_target(f, id, tdir, &targets[i], i + 1 == n, err);
		free(tdir);
		if (rc < 0)
			goto done;
	}
done:
	kata_seq_list_free(targets, n);
	free(dir);
	free(path);
	return rc;
}

int kata_fsck(struct kata_repo *repo, kata_fsck_report report, void *data,
	      size_t *problems, struct kata_error *err)
{
	struct fsck f = { repo, report, data, 0 };
	struct kata_node *cfg;
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if ((cfg = load(&f, "kata.yaml", KATA_KIND_REPOSITORY))) {
		const struct kata_entry *e = kata_node_entry(cfg, "format");

		if (strtol(e->value->text, NULL, 10) > KATA_FORMAT)
			problem(&f, "kata.yaml", e->value->line, e->value->col,
				"format %s is newer than this kata understands (%d); upgrade kata",
				e->value->text, KATA_FORMAT);
		kata_node_free(cfg);
	}
	if ((rc = kata_repo_list(&names, &n, repo, "learners", KATA_LIST_ALL, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (!kata_learner_id_valid(names[i])) {
			char *p = kata_str_newf("%s/%s", "learners", names[i]);

			problem(&f, p ? p : "learners", 0, 0,
				"'%s' is not a valid learner ID", names[i]);
			free(p);
			continue;
		}
		if ((rc = check_learner(&f, names[i], err)) < 0)
			break;
	}
	kata_strv_free(names);
	*problems = f.problems;
	return rc;
}
