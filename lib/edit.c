#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "kata/edit.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/txn.h"
#include "move.h"
/* Kept edits of one record before kata asks for some to be cleared. */
#define KEPT_MAX 100

/* A record found by its file name. */
struct cand {
	char id[16];
	char path[KATA_PATH_MAX];
	enum kata_kind kind;
	char target[16];
};

void kata_edit_free(struct kata_edit *edit)
{
	if (!edit)
		return;
	free(edit->orig);
	free(edit->tmp);
	free(edit->tmp_display);
	free(edit);
}

static int add_cand(struct cand **list, size_t *n, size_t *alloc, const char *id,
		    const char *path, enum kata_kind kind, const char *target,
		    struct kata_error *err)
{
	struct cand *c;

	if (*n == *alloc) {
		size_t cap = *alloc ? *alloc * 2 : 32;
		struct cand *nl = realloc(*list, cap * sizeof(*nl));

		if (!nl)
			return kata_error_oom(err);
		*list = nl;
		*alloc = cap;
	}
	c = &(*list)[(*n)++];
	snprintf(c->id, sizeof(c->id), "%s", id);
	snprintf(c->target, sizeof(c->target), "%s", target);
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->kind = kind;
	return 0;
}

/*
 * Two files with one ID (copied by hand, or a bad merge): which one an
 * edit means is anyone's guess, so it is refused, naming both. at is the
 * match kata_id_match found, or n when prefix matched several: an error
 * too if they all are one ID. Otherwise the error kata_id_match set stays.
 */
static int same_id(const struct cand *list, size_t n, const char *prefix, size_t at,
		   struct kata_error *err)
{
	size_t len = strlen(prefix), i, first = n, second = n;

	for (i = 0; i < n; i++) {
		if (strncasecmp(list[i].id, prefix, len))
			continue;
		if (at < n && strcmp(list[i].id, list[at].id))
			continue;
		if (first == n)
			first = i;
		else if (strcmp(list[i].id, list[first].id))
			return err->code;	/* a prefix of different IDs */
		else if (second == n)
			second = i;
	}
	if (second == n)
		return err->code;
	kata_error_release(err);
	return kata_error_set(err, KATA_EINVALID,
			      "record ID '%s' names two files, %s and %s: an ID names one record; give one of them a new ID (see 'kata fsck')",
			      list[first].id, list[first].path, list[second].path);
}

/* The records of one target's folders, whatever kinds the model grows. */
static int list_target(struct cand **list, size_t *n, size_t *alloc, struct kata_repo *repo,
		       const char *dir, const char *target, struct kata_error *err)
{
	struct kata_path_entry *files = NULL;
	char path[KATA_PATH_MAX], sub[KATA_PATH_MAX];
	size_t nf = 0, j;
	int kind, rc;

	kata_path_target(path, dir);
	if ((rc = add_cand(list, n, alloc, target, path, KATA_KIND_TARGET, target, err)) < 0)
		return rc;
	for (kind = 0; kind < KATA_KIND__COUNT; kind++) {
		if (!kata_path_kind_folder((enum kata_kind)kind))
			continue;
		kata_path_kind_dir(sub, dir, (enum kata_kind)kind);
		if ((rc = kata_path_list(&files, &nf, repo, sub, false, err)) < 0)
			return rc;
		for (j = 0; j < nf && rc == 0; j++) {
			kata_path_join(path, sub, files[j].name);
			rc = add_cand(list, n, alloc, files[j].id, path, (enum kata_kind)kind,
				      target, err);
		}
		kata_path_list_free(files, nf);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Every record of the learner, from the names of their folders and files. */
static int list_records(struct cand **out, size_t *n_out, struct kata_repo *repo,
			const char *learner, struct kata_error *err)
{
	struct kata_path_entry *targets = NULL;
	struct cand *list = NULL;
	char folder[KATA_PATH_MAX], dir[KATA_PATH_MAX];
	size_t nt = 0, n = 0, alloc = 0, i;
	int rc;

	kata_path_learner_dir(folder, learner);
	if ((rc = kata_path_list(&targets, &nt, repo, folder, true, err)) < 0)
		return rc;
	for (i = 0; i < nt && rc == 0; i++) {
		kata_path_join(dir, folder, targets[i].name);
		rc = list_target(&list, &n, &alloc, repo, dir, targets[i].id, err);
	}
	kata_path_list_free(targets, nt);
	if (rc < 0) {
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
	int rc;

	*out = NULL;
	if (!(e = calloc(1, sizeof(*e))))
		return kata_error_oom(err);
	/* A learner ID in full names the learner's own record. */
	if (kata_id_learner_valid(id)) {
		kata_path_learner(e->path, id);
		if (kata_repo_exists(repo, e->path)) {
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
	if (!kata_id_learner_valid(learner)) {
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
	if ((rc == 0 || rc == KATA_EAMBIGUOUS) &&
	    (rc = same_id(list, n, id, rc == 0 ? at : n, err)) < 0)
		goto done;
	if (rc == KATA_EINVALID && kata_id_learner_valid(id)) {
		/* "alice" is no record ID, but could have been a learner's */
		kata_error_release(err);
		rc = kata_error_set(err, KATA_ENOTFOUND, "no learner or record '%s'", id);
	}
	if (rc < 0)
		goto done;
	snprintf(e->path, sizeof(e->path), "%s", list[at].path);
	e->kind = list[at].kind;
	snprintf(e->id, sizeof(e->id), "%s", list[at].id);
	snprintf(e->learner, sizeof(e->learner), "%s", learner);
	snprintf(e->target, sizeof(e->target), "%s", list[at].target);
done:
	free(list);
	free(ids);
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
	/* O_NONBLOCK: a FIFO put in the way is refused, not waited on */
	if ((fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) < 0)
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

/*
 * Beside each copy, .<copy>.base (hidden, as it is kata's and not yours)
 * holds the git blob ID of the record it was made from, so that a kept
 * edit is resumed only onto that very record.
 */
static char *base_path(const char *copy)
{
	const char *slash = strrchr(copy, '/');

	if (!slash)
		return kata_str_newf(".%s.base", copy);
	return kata_str_newf("%.*s/.%s.base", (int)(slash - copy), copy, slash + 1);
}

static void blob_id(char hex[GIT_OID_HEXSZ + 1], const char *data, size_t len)
{
	git_oid oid;

	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
}

static void write_base(const struct kata_edit *e)
{
	char hex[GIT_OID_HEXSZ + 2], *base = base_path(e->tmp);
	struct kata_error ignore;

	kata_error_init(&ignore);
	blob_id(hex, e->orig, e->orig_len);
	strcat(hex, "\n");
	/* without it, the edit cannot be resumed: it is still kept */
	if (base && (unlink(base) == 0 || errno == ENOENT))
		write_new(base, hex, strlen(hex), base, &ignore);
	kata_error_release(&ignore);
	free(base);
}

/* Removes a copy and its base. */
static void remove_copy(const char *copy)
{
	char *base = base_path(copy);

	unlink(copy);
	if (base)
		unlink(base);
	free(base);
}

/* The copy name of a kept edit: <id>.yaml for n 1, else <id>-<n>.yaml. */
static char *copy_path(const char *dir, const char *id, int n)
{
	return n == 1 ? kata_str_newf("%s/%s.yaml", dir, id) :
	       kata_str_newf("%s/%s-%d.yaml", dir, id, n);
}

static const char *shown_path(const char *full, struct kata_repo *repo)
{
	const char *workdir = kata_repo_workdir(repo);

	/* Shown from the work tree when .git is in it, as paths are. */
	return strncmp(full, workdir, strlen(workdir)) ? full : full + strlen(workdir);
}

/* Writes the copy for the editor under .git/kata-edit/, never over a kept
 * edit: <id>.yaml, else <id>-2.yaml, ... */
static int make_copy(struct kata_edit *e, struct kata_repo *repo, struct kata_error *err)
{
	const char *gitdir = git_repository_path(kata_repo_git(repo));
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
		char *full = copy_path(dir, e->id, i);
		const char *shown;

		if (!full) {
			rc = kata_error_oom(err);
			goto done;
		}
		shown = shown_path(full, repo);
		rc = write_new(full, e->orig, e->orig_len, shown, err);
		if (rc == 0) {
			e->tmp = full;
			e->kept = (unsigned)i - 1;
			write_base(e);
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
	/* as every record: through no link, and never a FIFO */
	if ((rc = kata_repo_check_write(repo, path, err)) == 0)
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
	if ((rc = kata_txn_begin(&txn, repo, KATA_TXN_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = read_record(&e->orig, &e->orig_len, repo, e->path, err)) < 0 ||
	    (rc = kata_txn_put_raw(txn, e->path, e->orig, e->orig_len, err)) < 0)
		goto done;
	rc = make_copy(e, repo, err);
done:
	kata_txn_free(txn);
	return rc;
}

/* The newest kept copy of e's record (*out NULL when there is none). */
static int newest_kept(char **out, const struct kata_edit *e, struct kata_repo *repo,
		       struct kata_error *err)
{
	char *dir = kata_str_newf("%skata-edit", git_repository_path(kata_repo_git(repo)));
	int i;

	*out = NULL;
	if (!dir)
		return kata_error_oom(err);
	for (i = KEPT_MAX; i >= 1 && !*out; i--) {
		char *full = copy_path(dir, e->id, i);

		if (!full) {
			free(dir);
			return kata_error_oom(err);
		}
		if (access(full, F_OK) == 0)
			*out = full;
		else
			free(full);
	}
	free(dir);
	return 0;
}

int kata_edit_resume(struct kata_edit *e, struct kata_repo *repo, struct kata_error *err)
{
	char hex[GIT_OID_HEXSZ + 1], *base = NULL, *was = NULL;
	struct kata_txn *txn = NULL;
	size_t len = 0;
	int rc;

	if ((rc = kata_txn_begin(&txn, repo, KATA_TXN_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = read_record(&e->orig, &e->orig_len, repo, e->path, err)) < 0 ||
	    (rc = kata_txn_put_raw(txn, e->path, e->orig, e->orig_len, err)) < 0 ||
	    (rc = newest_kept(&e->tmp, e, repo, err)) < 0)
		goto done;
	if (!e->tmp) {
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "no edit of %s is kept in .git/kata-edit; start one with 'kata edit %s'",
				    e->id, e->id);
		goto done;
	}
	if (!(e->tmp_display = strdup(shown_path(e->tmp, repo))) || !(base = base_path(e->tmp))) {
		rc = kata_error_oom(err);
		goto done;
	}
	blob_id(hex, e->orig, e->orig_len);
	if (read_file(&was, &len, base, base, err) < 0 || len < GIT_OID_HEXSZ ||
	    strncmp(was, hex, GIT_OID_HEXSZ)) {
		kata_error_release(err);
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s changed since the edit in %s was kept; take what you need from it into a new 'kata edit %s'",
				    e->path, e->tmp_display, e->id);
		free(e->tmp);
		free(e->tmp_display);
		e->tmp = e->tmp_display = NULL;
	}
done:
	free(base);
	free(was);
	kata_txn_free(txn);
	return rc;
}

int kata_edit_drop(unsigned *n, const struct kata_edit *e, struct kata_repo *repo,
		   struct kata_error *err)
{
	char *copy = NULL;
	int rc;

	*n = 0;
	while ((rc = newest_kept(&copy, e, repo, err)) == 0 && copy) {
		remove_copy(copy);
		free(copy);
		(*n)++;
	}
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
		remove_copy(e->tmp);
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
	struct kata_path_entry *list = NULL;
	struct kata_path_info where;
	char folder[KATA_PATH_MAX];
	size_t n = 0, i;
	bool found = false;
	int rc;

	if (!ent || ent->value->type != KATA_NODE_SCALAR || !kata_path_parse(&where, e->path))
		return 0;
	kata_path_kind_dir(folder, where.target_dir, KATA_KIND_OBSTACLE);
	if ((rc = kata_path_list(&list, &n, repo, folder, false, err)) < 0)
		return rc;
	for (i = 0; i < n && !found; i++)
		found = !strcmp(list[i].id, ent->value->text);
	kata_path_list_free(list, n);
	if (!found)
		return kata_error_set_at(err, KATA_EINVALID, e->path, ent->value->line,
					 ent->value->col,
					 "'%s' must name an obstacle of this target; there is no obstacle '%s'",
					 key, ent->value->text);
	return 0;
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

/* An email is one person's: none of the edited learner's may be another's. */
static int check_emails(const struct kata_node *rec, const struct kata_edit *e,
			struct kata_repo *repo, struct kata_error *err)
{
	const struct kata_node *v;
	char *owner;
	int rc;

	if ((rc = kata_learner_email_clash(&v, &owner, repo, rec, e->id, err)) == 0 && owner)
		rc = kata_error_set_at(err, KATA_EINVALID, e->path, v->line, v->col,
				       "email '%s' is learner '%s''s already; an email belongs to one person",
				       v->text, owner);
	free(owner);
	return rc;
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
		    (rc = check_learner_ref(rec, "second_coach", e, repo, err)) < 0 ||
		    (rc = check_emails(rec, e, repo, err)) < 0)
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

static int commit_edit(struct kata_done *out, struct kata_edit *e, struct kata_repo *repo,
		       const char *data, size_t len, const struct kata_who *who,
		       struct kata_error *err)
{
	char *now = NULL;
	size_t now_len = 0;
	struct move m;
	int rc;

	if ((rc = move_begin(&m, repo, e->learner, NULL, MOVE_ANY_TARGET, err)) < 0)
		goto done;
	snprintf(m.target, sizeof(m.target), "%s", e->target);
	/* Under the lock: a commit made while the editor was open (by kata
	 * or by hand) is not overwritten. */
	if ((rc = read_record(&now, &now_len, repo, e->path, err)) < 0)
		goto done;
	if (now_len != e->orig_len || memcmp(now, e->orig, now_len)) {
		rc = kata_error_set_at(err, KATA_EDIRTY, e->path, 0, 0,
				       "changed while it was being edited");
		goto done;
	}
	if ((rc = kata_txn_put_raw(m.txn, e->path, data, len, err)) < 0)
		goto done;
	rc = move_commit(out, &m, who, "edit", e->id, 0, err, "edit %s %.*s",
			 kata_record_kind_name(e->kind),
			 e->kind == KATA_KIND_LEARNER ? (int)strlen(e->id) : KATA_ID_ABBREV_MIN,
			 e->id);
done:
	move_release(&m);
	free(now);
	return rc;
}

int kata_edit_finish(struct kata_done *out, bool *changed, struct kata_edit *e,
		     struct kata_repo *repo, const struct kata_who *who,
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
		remove_copy(e->tmp);
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
	if ((rc = commit_edit(out, e, repo, buf, len, who, err)) < 0)
		goto done;
	remove_copy(e->tmp);
done:
	kata_node_free(rec);
	free(buf);
	return rc;
}
