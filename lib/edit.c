#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/edit.h"
#include "kata/id.h"

/* As long as any other writing command waits for the repository. */
#define LOCK_WAIT_MS 10000
/* Kept edits of one record before kata asks for some to be cleared. */
#define KEPT_MAX 100

/* A record found by its file name. */
struct cand {
	char id[16];
	char *path;
	enum kata_kind kind;
	char target[16];
};

void kata_edit_free(struct kata_edit *edit)
{
	if (!edit)
		return;
	free(edit->path);
	free(edit->orig);
	free(edit->tmp);
	free(edit->tmp_display);
	free(edit);
}

static int add_cand(struct cand **list, size_t *n, size_t *alloc, const char *id,
		    char *path, enum kata_kind kind, const char *target,
		    struct kata_error *err)
{
	struct cand *c;

	if (!path)
		return kata_error_oom(err);
	if (*n == *alloc) {
		size_t cap = *alloc ? *alloc * 2 : 32;
		struct cand *nl = realloc(*list, cap * sizeof(*nl));

		if (!nl) {
			free(path);
			return kata_error_oom(err);
		}
		*list = nl;
		*alloc = cap;
	}
	c = &(*list)[(*n)++];
	snprintf(c->id, sizeof(c->id), "%s", id);
	snprintf(c->target, sizeof(c->target), "%s", target);
	c->path = path;
	c->kind = kind;
	return 0;
}

/* Every record of the learner, from the names of their folders and files. */
static int list_records(struct cand **out, size_t *n_out, struct kata_repo *repo,
			const char *learner, struct kata_error *err)
{
	struct kata_entry_name *targets = NULL, *files = NULL;
	struct cand *list = NULL;
	size_t nt = 0, nf = 0, n = 0, alloc = 0, i, j;
	char *folder = NULL, *sub = NULL;
	int kind, rc;

	if (!(folder = kata_str_newf("learners/%s", learner)))
		return kata_error_oom(err);
	if ((rc = kata_seq_list(&targets, &nt, repo, folder, true, err)) < 0)
		goto done;
	for (i = 0; i < nt; i++) {
		const char *t = targets[i].id;

		if ((rc = add_cand(&list, &n, &alloc, t,
				   kata_str_newf("%s/%s/target.yaml", folder, targets[i].name),
				   KATA_KIND_TARGET, t, err)) < 0)
			goto done;
		/* The kinds that live in a folder of the target, whatever
		 * kinds the record model grows. */
		for (kind = KATA_KIND_TARGET + 1; kind < KATA_KIND__COUNT; kind++) {
			const char *kf = kata_kind_folder((enum kata_kind)kind);

			if (!kf)
				continue;
			if (!(sub = kata_str_newf("%s/%s/%s", folder, targets[i].name, kf))) {
				rc = kata_error_oom(err);
				goto done;
			}
			if ((rc = kata_seq_list(&files, &nf, repo, sub, false, err)) < 0)
				goto done;
			for (j = 0; j < nf; j++)
				if ((rc = add_cand(&list, &n, &alloc, files[j].id,
						   kata_str_newf("%s/%s", sub, files[j].name),
						   (enum kata_kind)kind, t, err)) < 0)
					goto done;
			kata_seq_list_free(files, nf);
			files = NULL;
			nf = 0;
			free(sub);
			sub = NULL;
		}
	}
done:
	kata_seq_list_free(targets, nt);
	kata_seq_list_free(files, nf);
	free(folder);
	free(sub);
	if (rc < 0) {
		for (i = 0; i < n; i++)
			free(list[i].path);
		free(list);
		return rc;
	}
	*out = list;
	*n_out = n;
	return 0;
}

int kata_edit_find(struct kata_edit **out, struct kata_repo *repo,
		   const char *learner, const char *id, struct kata_error *err)
{
	struct kata_edit *e = NULL;
	struct cand *list = NULL;
	const char **ids = NULL;
	size_t n = 0, i, at;
	char *lpath = NULL;
	int rc;

	*out = NULL;
	if (!(e = calloc(1, sizeof(*e))))
		return kata_error_oom(err);
	/* A learner ID in full names the learner's own record. */
	if (kata_learner_id_valid(id) && strlen(id) < sizeof(e->id)) {
		if (!(lpath = kata_str_newf("learners/%s/learner.yaml", id))) {
			rc = kata_error_oom(err);
			goto done;
		}
		if (kata_repo_exists(repo, lpath)) {
			e->path = lpath;
			lpath = NULL;
			e->kind = KATA_KIND_LEARNER;
			snprintf(e->id, sizeof(e->id), "%s", id);
			snprintf(e->learner, sizeof(e->learner), "%s", id);
			rc = 0;
			goto done;
		}
	}
	if (!learner) {
		rc = kata_error_set(err, KATA_ENOTFOUND, "no learner '%s'", id);
		goto done;
	}
	if (strlen(learner) >= sizeof(e->learner)) {
		rc = kata_error_set(err, KATA_EINVALID, "invalid learner ID '%s'", learner);
		goto done;
	}
	if ((rc = list_records(&list, &n, repo, learner, err)) < 0)
		goto done;
	if (n && !(ids = calloc(n, sizeof(*ids)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < n; i++)
		ids[i] = list[i].id;
	rc = kata_id_match(&at, ids, n, id, "record", err);
	if (rc == KATA_EINVALID && kata_learner_id_valid(id)) {
		/* "alice" is no record ID, but could have been a learner's */
		kata_error_release(err);
		rc = kata_error_set(err, KATA_ENOTFOUND, "no learner or record '%s'", id);
	}
	if (rc < 0)
		goto done;
	e->path = list[at].path;
	list[at].path = NULL;
	e->kind = list[at].kind;
	snprintf(e->id, sizeof(e->id), "%s", list[at].id);
	snprintf(e->learner, sizeof(e->learner), "%s", learner);
	snprintf(e->target, sizeof(e->target), "%s", list[at].target);
done:
	for (i = 0; i < n; i++)
		free(list[i].path);
	free(list);
	free(ids);
	free(lpath);
	if (rc < 0) {
		kata_edit_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

/*
 * Reads a file of at most KATA_RECORD_MAX bytes; one larger is refused
 * before it is read. *out is NUL-terminated, with room for one more byte.
 */
static int read_file(char **out, size_t *len, const char *full, const char *display,
		     struct kata_error *err)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t r;
	int fd, rc = 0;

	*out = NULL;
	*len = 0;
	if ((fd = open(full, O_RDONLY)) < 0)
		return kata_error_set_at(err, errno == ENOENT ? KATA_ENOTFOUND : KATA_ERROR,
					 display, 0, 0, "cannot read: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = kata_error_set_at(err, KATA_ERROR, display, 0, 0, "not a regular file");
		goto done;
	}
	if (st.st_size > KATA_RECORD_MAX) {
		rc = kata_error_set_at(err, KATA_EINVALID, display, 0, 0,
				       "larger than 1 MiB; a record is refused above that");
		goto done;
	}
	/* st_size may be out of date; read until the end, within the bound */
	if (!(buf = malloc(KATA_RECORD_MAX + 2))) {
		rc = kata_error_oom(err);
		goto done;
	}
	while (got <= KATA_RECORD_MAX &&
	       (r = read(fd, buf + got, KATA_RECORD_MAX + 1 - got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = kata_error_set_at(err, KATA_ERROR, display, 0, 0,
					       "cannot read: %s", strerror(errno));
			goto done;
		}
		got += (size_t)r;
	}
	if (got > KATA_RECORD_MAX) {
		rc = kata_error_set_at(err, KATA_EINVALID, display, 0, 0,
				       "larger than 1 MiB; a record is refused above that");
		goto done;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
done:
	free(buf);
	close(fd);
	return rc;
}

static int write_new(const char *full, const char *data, size_t len,
		     const char *display, struct kata_error *err)
{
	size_t done = 0;
	ssize_t w;
	int fd;

	if ((fd = open(full, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0)
		return errno == EEXIST ? KATA_EEXISTS :
		       kata_error_set_at(err, KATA_ERROR, display, 0, 0,
					 "cannot write: %s", strerror(errno));
	while (done < len) {
		if ((w = write(fd, data + done, len - done)) < 0) {
			if (errno == EINTR)
				continue;
			kata_error_set_at(err, KATA_ERROR, display, 0, 0,
					  "cannot write: %s", strerror(errno));
			close(fd);
			unlink(full);
			return KATA_ERROR;
		}
		done += (size_t)w;
	}
	if (close(fd) < 0) {
		unlink(full);
		return kata_error_set_at(err, KATA_ERROR, display, 0, 0,
					 "cannot write: %s", strerror(errno));
	}
	return 0;
}

/* Writes the copy for the editor under .git/kata-edit/, never over a kept
 * edit: <id>.yaml, else <id>-2.yaml, ... */
static int make_copy(struct kata_edit *e, struct kata_repo *repo, struct kata_error *err)
{
	const char *gitdir = git_repository_path(kata_repo_git(repo));
	const char *workdir = kata_repo_workdir(repo);
	char *dir = NULL;
	int i, rc = 0;

	if (!(dir = kata_str_newf("%skata-edit", gitdir)))
		return kata_error_oom(err);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		rc = kata_error_set_at(err, KATA_ERROR, dir, 0, 0, "cannot create folder: %s",
				       strerror(errno));
		goto done;
	}
	for (i = 1; i <= KEPT_MAX; i++) {
		char *full = i == 1 ? kata_str_newf("%s/%s.yaml", dir, e->id) :
			     kata_str_newf("%s/%s-%d.yaml", dir, e->id, i);
		const char *shown;

		if (!full) {
			rc = kata_error_oom(err);
			goto done;
		}
		/* Shown from the work tree when .git is in it, as paths are. */
		shown = strncmp(full, workdir, strlen(workdir)) ? full : full + strlen(workdir);
		rc = write_new(full, e->orig, e->orig_len, shown, err);
		if (rc == 0) {
			e->tmp = full;
			if (!(e->tmp_display = strdup(shown)))
				rc = kata_error_oom(err);
			goto done;
		}
		free(full);
		if (rc != KATA_EEXISTS)
			goto done;
	}
	rc = kata_error_set_at(err, KATA_EEXISTS, dir, 0, 0,
			       "%d edits of %s are kept here; remove those you no longer need",
			       KEPT_MAX, e->id);
done:
	free(dir);
	return rc;
}

/* The record's bytes in the work tree, under the repository lock. */
static int read_record(char **out, size_t *len, struct kata_repo *repo, const char *path,
		       struct kata_error *err)
{
	char *full = kata_str_newf("%s%s", kata_repo_workdir(repo), path);
	int rc;

	if (!full)
		return kata_error_oom(err);
	rc = read_file(out, len, full, path, err);
	free(full);
	return rc;
}

int kata_edit_begin(struct kata_edit *e, struct kata_repo *repo, struct kata_error *err)
{
	struct kata_txn *txn = NULL;
	int rc;

	/* A transaction that is never committed: staging the file runs the
	 * very check that a commit would, and nothing more. */
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = read_record(&e->orig, &e->orig_len, repo, e->path, err)) < 0 ||
	    (rc = kata_txn_put_raw(txn, e->path, e->orig, e->orig_len, err)) < 0)
		goto done;
	rc = make_copy(e, repo, err);
done:
	kata_txn_free(txn);
	return rc;
}

bool kata_edit_discard(struct kata_edit *e)
{
	struct kata_error ignore;
	char *buf = NULL;
	size_t len = 0;
	bool kept = true;

	if (!e->tmp)
		return false;
	kata_error_init(&ignore);
	if (read_file(&buf, &len, e->tmp, e->tmp_display, &ignore) == 0 &&
	    len == e->orig_len && !memcmp(buf, e->orig, len)) {
		unlink(e->tmp);
		kept = false;
	}
	kata_error_release(&ignore);
	free(buf);
	return kept;
}

/* Where at is in buf, as line:col (columns in characters). */
static void position(unsigned *line, unsigned *col, const char *buf, const char *at)
{
	const char *p;

	*line = 1;
	*col = 1;
	for (p = buf; p < at; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* A field that the record's place decides: its file or folder name. */
static int keep_field(const struct kata_node *rec, const char *key, const char *want,
		      const char *path, const char *why, struct kata_error *err)
{
	const struct kata_entry *ent = kata_node_entry(rec, key);

	if (!ent || ent->value->type != KATA_NODE_SCALAR || !strcmp(ent->value->text, want))
		return 0;
	return kata_error_set_at(err, KATA_EINVALID, path, ent->value->line, ent->value->col,
				 "'%s' cannot change from '%s': %s", key, want, why);
}

/* An obstacle ID the record names must be an obstacle of its target. */
static int check_obstacle_ref(const struct kata_node *rec, const char *key,
			      const struct kata_edit *e, struct kata_repo *repo,
			      struct kata_error *err)
{
	const struct kata_entry *ent = kata_node_entry(rec, key);
	struct kata_entry_name *list = NULL;
	char *dir = NULL, *folder = NULL;
	size_t n = 0, i;
	bool found = false;
	int rc;

	if (!ent || ent->value->type != KATA_NODE_SCALAR)
		return 0;
	/* learners/<l>/<seq>-<target>/<file>: the target's folder */
	if (!(dir = strdup(e->path)))
		return kata_error_oom(err);
	*strrchr(dir, '/') = '\0';
	if (e->kind != KATA_KIND_TARGET)
		*strrchr(dir, '/') = '\0';
	if (!(folder = kata_str_newf("%s/%s", dir, kata_kind_folder(KATA_KIND_OBSTACLE)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_seq_list(&list, &n, repo, folder, false, err)) < 0)
		goto done;
	for (i = 0; i < n && !found; i++)
		found = !strcmp(list[i].id, ent->value->text);
	if (!found)
		rc = kata_error_set_at(err, KATA_EINVALID, e->path, ent->value->line,
				       ent->value->col,
				       "'%s' must name an obstacle of this target; there is no obstacle '%s'",
				       key, ent->value->text);
done:
	kata_seq_list_free(list, n);
	free(folder);
	free(dir);
	return rc;
}

static int check_learner_ref(const struct kata_node *rec, const char *key,
			     const struct kata_edit *e, struct kata_repo *repo,
			     struct kata_error *err)
{
	const struct kata_entry *ent = kata_node_entry(rec, key);
	struct kata_error ignore;
	bool ok;

	if (!ent || ent->value->type != KATA_NODE_SCALAR)
		return 0;
	kata_error_init(&ignore);
	ok = kata_learner_check(repo, ent->value->text, &ignore) == 0;
	kata_error_release(&ignore);
	if (ok)
		return 0;
	return kata_error_set_at(err, KATA_EINVALID, e->path, ent->value->line,
				 ent->value->col, "'%s' must be a learner here; there is no learner '%s'",
				 key, ent->value->text);
}

/* What the edited record must be besides valid. */
static int check_edit(const struct kata_node *rec, const struct kata_edit *e,
		      struct kata_repo *repo, struct kata_error *err)
{
	int rc;

	if ((rc = kata_record_validate(rec, e->path, e->kind, err)) < 0 ||
	    (rc = keep_field(rec, "id", e->id, e->path,
			     e->kind == KATA_KIND_LEARNER ? "the learner's folder holds it" :
			     "the file's name holds it", err)) < 0)
		return rc;
	switch (e->kind) {
	case KATA_KIND_LEARNER:
		if ((rc = check_learner_ref(rec, "coach", e, repo, err)) < 0 ||
		    (rc = check_learner_ref(rec, "second_coach", e, repo, err)) < 0)
			return rc;
		break;
	case KATA_KIND_TARGET:
		if ((rc = keep_field(rec, "learner", e->learner, e->path,
				     "the target lies in the learner's folder", err)) < 0 ||
		    (rc = check_obstacle_ref(rec, "focus", e, repo, err)) < 0)
			return rc;
		break;
	default:
		if ((rc = keep_field(rec, "target", e->target, e->path,
				     "the record lies in the target's folder", err)) < 0)
			return rc;
		if (e->kind == KATA_KIND_STEP &&
		    (rc = check_obstacle_ref(rec, "obstacle", e, repo, err)) < 0)
			return rc;
		break;
	}
	return 0;
}

static int commit_edit(struct kata_edit *e, struct kata_repo *repo, const char *data,
		       size_t len, const struct kata_who *who, struct kata_done *done,
		       struct kata_error *err)
{
	struct kata_txn *txn = NULL;
	struct kata_buf msg = KATA_BUF_INIT;
	char *now = NULL, *s = NULL;
	size_t now_len = 0;
	int rc;

	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Under the lock: a commit made while the editor was open (by kata
	 * or by hand) is not overwritten. */
	if ((rc = read_record(&now, &now_len, repo, e->path, err)) < 0)
		goto done;
	if (now_len != e->orig_len || memcmp(now, e->orig, now_len)) {
		rc = kata_error_set_at(err, KATA_EDIRTY, e->path, 0, 0,
				       "changed while it was being edited");
		goto done;
	}
	if ((rc = kata_txn_put_raw(txn, e->path, data, len, err)) < 0)
		goto done;
	kata_buf_addf(&msg, "%s: edit %s %.*s\n\n", e->learner, kata_kind_name(e->kind),
		      e->kind == KATA_KIND_LEARNER ? (int)strlen(e->id) : KATA_ID_ABBREV_MIN,
		      e->id);
	kata_buf_addf(&msg, "Kata-Learner: %s\n", e->learner);
	if (*e->target)
		kata_buf_addf(&msg, "Kata-Target: %s\n", e->target);
	kata_buf_addf(&msg, "Kata-Action: edit\nKata-Record: %s\n", e->id);
	if (!(s = kata_buf_detach(&msg))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if (done) {
		memset(done, 0, sizeof(*done));
		snprintf(done->id, sizeof(done->id), "%s", e->id);
	}
	rc = kata_txn_commit(txn, s, who->name, who->email, done ? done->commit : NULL, err);
done:
	kata_buf_release(&msg);
	kata_txn_free(txn);
	free(now);
	free(s);
	return rc;
}

int kata_edit_finish(bool *changed, struct kata_edit *e, struct kata_repo *repo,
		     const struct kata_who *who, struct kata_done *done,
		     struct kata_error *err)
{
	struct kata_node *rec = NULL;
	char *buf = NULL, *cr;
	size_t len = 0;
	int rc;

	*changed = false;
	if ((rc = read_file(&buf, &len, e->tmp, e->tmp_display, err)) < 0)
		return rc;
	if (len == e->orig_len && !memcmp(buf, e->orig, len)) {
		unlink(e->tmp);
		goto done;
	}
	*changed = true;
	if ((rc = kata_yaml_parse(&rec, buf, len, e->path, err)) < 0)
		goto done;
	if ((cr = memchr(buf, '\r', len))) {
		unsigned line, col;

		position(&line, &col, buf, cr);
		rc = kata_error_set_at(err, KATA_EINVALID, e->path, line, col,
				       "line ends must be LF, without a carriage return");
		goto done;
	}
	if ((rc = check_edit(rec, e, repo, err)) < 0)
		goto done;
	/* Records end in a newline (SPEC 3); an editor may leave it out. */
	if (len && buf[len - 1] != '\n')
		buf[len++] = '\n';
	if ((rc = commit_edit(e, repo, buf, len, who, done, err)) < 0)
		goto done;
	unlink(e->tmp);
done:
	kata_node_free(rec);
	free(buf);
	return rc;
}
