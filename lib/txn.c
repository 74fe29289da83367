#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/txn.h"
#include "gitindex.h"
#include "pack.h"
#include "treediff.h"

#define JOURNAL "kata-journal"
#define LOCKFILE "kata.lock"

struct change {
	char *path;
	char *data;		/* NULL: remove */
	size_t len;
	git_oid blob;
	git_oid old;		/* HEAD's blob at path, if has_old */
	bool has_old;
};

struct kata_txn {
	struct kata_repo *repo;
	int lockfd;
	char *branch;		/* the ref HEAD points to; NULL if detached */
	git_commit *head;	/* NULL on an unborn branch */
	git_tree *tree;		/* HEAD's tree, or NULL */
	struct change *changes;
	size_t n, alloc;
	git_oid parent2;	/* a merge's other parent, if has_parent2 */
	bool has_parent2;
	git_oid ff;		/* a fast-forward's commit, if has_ff */
	bool has_ff;
};

static int errno_error(struct kata_error *err, const char *what, const char *path)
{
	return kata_error_set(err, KATA_ERROR, "cannot %s '%s': %s", what, path,
			      strerror(errno));
}

/* ---- the lock ---- */

static int lock_repo(int *fd_out, struct kata_repo *repo, unsigned wait_ms,
		     struct kata_error *err)
{
	char *path = kata_str_newf("%s" LOCKFILE, git_repository_path(kata_repo_git(repo)));
	struct flock fl;
	unsigned waited = 0;
	int fd = -1, rc = 0;

	*fd_out = -1;
	if (!path)
		return kata_error_oom(err);
	if ((fd = open(path, O_RDWR | O_CREAT, 0644)) < 0) {
		rc = errno_error(err, "open lock", path);
		goto done;
	}
	/*
	 * An fcntl lock, not an O_EXCL file: the kernel drops it when the
	 * process dies, so a killed command never leaves the next one locked
	 * out.
	 */
	for (;;) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			break;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			rc = errno_error(err, "lock", path);
			goto done;
		}
		if (waited >= wait_ms) {
			rc = kata_error_set(err, KATA_ELOCKED,
					    "another kata command is writing to this repository (lock '%s' held); try again",
					    path);
			goto done;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000000L }, NULL);
		waited += 20;
	}
	*fd_out = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* ---- work tree files ---- */

static int mkdirs(const char *full, struct kata_error *err)
{
	char *p = strdup(full), *s;
	int rc = 0;

	if (!p)
		return kata_error_oom(err);
	for (s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = errno_error(err, "create folder", p);
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/*
 * Writes through a temporary file and rename, so a reader or a killed
 * command sees the old file or the new one, never half of it. Like git
 * (and libgit2, which writes the refs), no fsync: the rename is what
 * makes it whole, and an fsync would cost a disk flush per command.
 */
static int write_file(const char *full, const char *data, size_t len,
		      struct kata_error *err)
{
	char *tmp = kata_str_newf("%s.kata-tmp", full);
	FILE *f = NULL;
	int rc = 0;

	if (!tmp)
		return kata_error_oom(err);
	if ((rc = mkdirs(full, err)) < 0)
		goto done;
	if (!(f = fopen(tmp, "wb"))) {
		rc = errno_error(err, "write", tmp);
		goto done;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		rc = errno_error(err, "write", tmp);
		fclose(f);
		unlink(tmp);
		goto done;
	}
	if (fclose(f) != 0) {
		rc = errno_error(err, "write", tmp);
		unlink(tmp);
		goto done;
	}
	if (rename(tmp, full) < 0) {
		rc = errno_error(err, "rename", tmp);
		unlink(tmp);
	}
done:
	free(tmp);
	return rc;
}

/* Removes the file and the folders it leaves empty, as git does. */
static void remove_file(const char *workdir, const char *full)
{
	char *p = strdup(full), *s;
	size_t root = strlen(workdir);

	unlink(full);
	if (!p)
		return;
	while ((s = strrchr(p, '/')) && (size_t)(s - p) > root) {
		*s = '\0';
		if (rmdir(p) < 0)
			break;
	}
	free(p);
}

/* ---- the journal ---- */

/*
 * The journal names the commit the branch is about to move to and, for
 * each path, the blob before and after. If a command dies after the branch
 * moved, the next transaction finds the journal and finishes writing the
 * work tree and index; if the branch never moved, it drops the journal.
 */
static char *journal_path(struct kata_repo *repo)
{
	return kata_str_newf("%s" JOURNAL, git_repository_path(kata_repo_git(repo)));
}

static int journal_write(struct kata_txn *txn, const git_oid *commit,
			 struct kata_error *err)
{
	struct kata_buf sb = KATA_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	char *path = journal_path(txn->repo);
	int rc;
	size_t i;

	if (!path)
		return kata_error_oom(err);
	git_oid_tostr(hex, sizeof(hex), commit);
	kata_buf_addf(&sb, "commit %s\n", hex);
	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];
		char old[GIT_OID_HEXSZ + 1] = "-", new[GIT_OID_HEXSZ + 1] = "-";

		if (c->has_old)
			git_oid_tostr(old, sizeof(old), &c->old);
		if (c->data)
			git_oid_tostr(new, sizeof(new), &c->blob);
		kata_buf_addf(&sb, "%s %s %s\n", old, new, c->path);
	}
	if (sb.oom) {
		kata_buf_release(&sb);
		free(path);
		return kata_error_oom(err);
	}
	rc = write_file(path, sb.buf, sb.len, err);
	kata_buf_release(&sb);
	free(path);
	return rc;
}

static void journal_remove(struct kata_repo *repo)
{
	char *path = journal_path(repo);

	if (path)
		unlink(path);
	free(path);
}

/* Writes the blob of path at HEAD (or removes the file) unless the work
 * tree holds something neither before nor after, which is a user's. */
static int settle_path(struct kata_repo *repo, git_index *index, const char *path,
		       const git_oid *old, const git_oid *new, struct kata_error *err)
{
	char *full = kata_str_newf("%s%s", kata_repo_workdir(repo), path);
	git_oid cur;
	bool exists;
	git_blob *blob = NULL;
	int rc = 0;

	if (!full)
		return kata_error_oom(err);
	exists = git_odb_hashfile(&cur, full, GIT_OBJECT_BLOB) == 0;
	if (exists && !git_oid_is_zero(new) && git_oid_equal(&cur, new)) {
		/* written already; the index may still lag */
	} else if (exists && (git_oid_is_zero(old) || !git_oid_equal(&cur, old))) {
		goto done;	/* not ours: leave it for the user */
	} else if (git_oid_is_zero(new)) {
		remove_file(kata_repo_workdir(repo), full);
	} else {
		if (git_blob_lookup(&blob, kata_repo_git(repo), new) < 0) {
			rc = kata_error_from_git(err, "cannot read blob");
			goto done;
		}
		rc = write_file(full, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob), err);
		if (rc < 0)
			goto done;
	}
	if (git_oid_is_zero(new))
		rc = git_index_remove_bypath(index, path);
	else
		rc = git_index_add_bypath(index, path);
	if (rc < 0)
		rc = kata_error_from_git(err, "cannot update the index");
done:
	git_blob_free(blob);
	free(full);
	return rc;
}

/* Writes each path the journal names as the commit holds it, and its
 * index entry: the work a killed command did not finish. */
static int roll_forward(struct kata_repo *repo, FILE *f, struct kata_error *err)
{
	git_index *index = NULL;
	char line[4096];
	int rc = 0;

	if (git_repository_index(&index, kata_repo_git(repo)) < 0 ||
	    git_index_read(index, 0) < 0) {
		rc = kata_error_from_git(err, "cannot read the index");
		goto done;
	}
	while (fgets(line, sizeof(line), f)) {
		git_oid old, new;
		char *p = line, *nl = strchr(line, '\n');

		if (!nl)
			break;
		*nl = '\0';
		memset(&old, 0, sizeof(old));
		memset(&new, 0, sizeof(new));
		if (*p != '-' && git_oid_fromstrn(&old, p, GIT_OID_HEXSZ) < 0)
			break;
		p = strchr(p, ' ');
		if (!p++)
			break;
		if (*p != '-' && git_oid_fromstrn(&new, p, GIT_OID_HEXSZ) < 0)
			break;
		p = strchr(p, ' ');
		if (!p++)
			break;
		if ((rc = settle_path(repo, index, p, &old, &new, err)) < 0)
			goto done;
	}
	if (git_index_write(index) < 0)
		rc = kata_error_from_git(err, "cannot write the index");
done:
	git_index_free(index);
	return rc;
}

/*
 * Finishes what a killed command left: if the branch moved to the commit
 * its journal names, the work tree and index are brought to it; if not (a
 * journal torn before it was whole, or the ref never moved), the journal
 * is dropped. Either way the index lock the dead command held is ours.
 */
static int journal_recover(struct kata_repo *repo, struct kata_error *err)
{
	char *path = journal_path(repo), *lock = NULL;
	FILE *f = NULL;
	char line[4096];
	git_oid target, head;
	int rc = 0;

	if (!path)
		return kata_error_oom(err);
	if (!(f = fopen(path, "r")))
		goto done;
	lock = kata_str_newf("%sindex.lock", git_repository_path(kata_repo_git(repo)));
	if (fgets(line, sizeof(line), f) && !strncmp(line, "commit ", 7) &&
	    git_oid_fromstrn(&target, line + 7, GIT_OID_HEXSZ) == 0 &&
	    git_reference_name_to_id(&head, kata_repo_git(repo), "HEAD") == 0 &&
	    git_oid_equal(&head, &target)) {
		/* The index lock of the write we interrupted, if any, is ours. */
		if (lock)
			unlink(lock);
		if ((rc = roll_forward(repo, f, err)) < 0)
			goto done;
	}
	if (lock)
		unlink(lock);
	unlink(path);
done:
	if (f)
		fclose(f);
	free(lock);
	free(path);
	return rc;
}

/* ---- transactions ---- */

int kata_txn_begin(struct kata_txn **out, struct kata_repo *repo,
		   unsigned wait_ms, struct kata_error *err)
{
	struct kata_txn *txn;
	git_reference *head = NULL;
	int rc;

	*out = NULL;
	if (!(txn = calloc(1, sizeof(*txn))))
		return kata_error_oom(err);
	txn->repo = repo;
	txn->lockfd = -1;
	if ((rc = kata_repo_check_state(repo, err)) < 0 ||
	    (rc = lock_repo(&txn->lockfd, repo, wait_ms, err)) < 0)
		goto done;
	if ((rc = journal_recover(repo, err)) < 0)
		goto done;
	if (git_reference_lookup(&head, kata_repo_git(repo), "HEAD") < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD");
		goto done;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *name = git_reference_symbolic_target(head);
		git_reference *branch = NULL;

		if (!(txn->branch = strdup(name))) {
			rc = kata_error_oom(err);
			goto done;
		}
		rc = git_reference_lookup(&branch, kata_repo_git(repo), name);
		if (rc == 0) {
			rc = git_commit_lookup(&txn->head, kata_repo_git(repo),
					       git_reference_target(branch));
			git_reference_free(branch);
		} else if (rc == GIT_ENOTFOUND) {
			rc = 0;	/* unborn: the first commit */
		}
	} else {
		rc = git_commit_lookup(&txn->head, kata_repo_git(repo), git_reference_target(head));
	}
	if (rc < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD");
		goto done;
	}
	if (txn->head && git_commit_tree(&txn->tree, txn->head) < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD's tree");
		goto done;
	}
	*out = txn;
	txn = NULL;
done:
	git_reference_free(head);
	kata_txn_free(txn);
	return rc;
}

void kata_txn_free(struct kata_txn *txn)
{
	size_t i;

	if (!txn)
		return;
	for (i = 0; i < txn->n; i++) {
		free(txn->changes[i].path);
		free(txn->changes[i].data);
	}
	free(txn->changes);
	git_tree_free(txn->tree);
	git_commit_free(txn->head);
	free(txn->branch);
	if (txn->lockfd >= 0)
		close(txn->lockfd);	/* drops the lock */
	free(txn);
}

/*
 * A file kata is about to replace must be exactly what HEAD holds:
 * otherwise it carries someone's uncommitted work.
 */
static int check_clean(struct kata_txn *txn, const char *path, git_oid *old,
		       bool *has_old, struct kata_error *err)
{
	char *full = kata_str_newf("%s%s", kata_repo_workdir(txn->repo), path);
	git_tree_entry *e = NULL;
	git_oid cur;
	bool exists;
	int rc = 0;

	if (!full)
		return kata_error_oom(err);
	exists = git_odb_hashfile(&cur, full, GIT_OBJECT_BLOB) == 0;
	if (txn->tree)
		git_tree_entry_bypath(&e, txn->tree, path);
	if (e && !exists)
		rc = kata_error_set_at(err, KATA_EDIRTY, path, 0, 0,
				       "deleted but not committed; restore it with 'git checkout -- %s' or commit the deletion",
				       path);
	else if (!e && exists)
		rc = kata_error_set_at(err, KATA_EDIRTY, path, 0, 0,
				       "untracked file is in the way; move it away or commit it");
	else if (e && !git_oid_equal(&cur, git_tree_entry_id(e)))
		rc = kata_error_set_at(err, KATA_EDIRTY, path, 0, 0,
				       "has uncommitted changes; commit them ('git commit') or discard them ('git checkout -- %s') first",
				       path);
	if (e) {
		git_oid_cpy(old, git_tree_entry_id(e));
		*has_old = true;
	}
	git_tree_entry_free(e);
	free(full);
	return rc;
}

static int stage(struct kata_txn *txn, const char *path, char *data, size_t len,
		 struct kata_error *err)
{
	struct change *c = NULL;
	git_oid old;
	bool has_old = false;
	size_t i;
	int rc;

	for (i = 0; i < txn->n; i++)
		if (!strcmp(txn->changes[i].path, path))
			c = &txn->changes[i];
	if (!c) {
		/* first, so that nothing is hashed or written through a link */
		if ((rc = kata_repo_check_write(txn->repo, path, err)) < 0 ||
		    (rc = check_clean(txn, path, &old, &has_old, err)) < 0) {
			free(data);
			return rc;
		}
		if (txn->n == txn->alloc) {
			size_t cap = txn->alloc ? txn->alloc * 2 : 8;
			struct change *nc = realloc(txn->changes, cap * sizeof(*nc));
			if (!nc) {
				free(data);
				return kata_error_oom(err);
			}
			txn->changes = nc;
			txn->alloc = cap;
		}
		c = &txn->changes[txn->n];
		memset(c, 0, sizeof(*c));
		if (!(c->path = strdup(path))) {
			free(data);
			return kata_error_oom(err);
		}
		c->old = old;
		c->has_old = has_old;
		txn->n++;
	}
	free(c->data);
	c->data = data;
	c->len = len;
	return 0;
}

int kata_txn_put(struct kata_txn *txn, const char *path,
		 const struct kata_node *record, const char *const *order,
		 struct kata_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = kata_yaml_emit(&data, &len, record, order, err)) < 0)
		return rc;
	return stage(txn, path, data, len, err);
}

int kata_txn_put_raw(struct kata_txn *txn, const char *path,
		     const char *data, size_t len, struct kata_error *err)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return kata_error_oom(err);
	memcpy(copy, data, len);
	copy[len] = '\0';
	return stage(txn, path, copy, len, err);
}

int kata_txn_remove(struct kata_txn *txn, const char *path, struct kata_error *err)
{
	return stage(txn, path, NULL, 0, err);
}

bool kata_txn_head(char out[41], const struct kata_txn *txn)
{
	if (!txn->head)
		return false;
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_commit_id(txn->head));
	return true;
}

struct put_tree {
	struct kata_txn *txn;
	struct kata_error *err;
	int rc;
};

static int put_tree_one(const char *path, const git_oid *old, const git_oid *new, void *data)
{
	struct put_tree *pt = data;
	git_blob *blob = NULL;
	int rc;

	(void)old;
	if (!new) {
		rc = kata_txn_remove(pt->txn, path, pt->err);
	} else if (git_blob_lookup(&blob, kata_repo_git(pt->txn->repo), new) < 0) {
		rc = kata_error_from_git(pt->err, "cannot read blob");
	} else {
		rc = kata_txn_put_raw(pt->txn, path, git_blob_rawcontent(blob),
				      (size_t)git_blob_rawsize(blob), pt->err);
	}
	git_blob_free(blob);
	pt->rc = rc;
	return rc < 0 ? 1 : 0;
}

int kata_txn_put_tree(struct kata_txn *txn, const char tree_hex[41], struct kata_error *err)
{
	git_repository *git = kata_repo_git(txn->repo);
	struct put_tree pt = { txn, err, 0 };
	git_tree *tree = NULL;
	git_oid id;
	int rc;

	if (git_oid_fromstr(&id, tree_hex) < 0 || git_tree_lookup(&tree, git, &id) < 0)
		return kata_error_from_git(err, "cannot read the tree to stage");
	rc = kata_treediff(git, txn->tree, tree, put_tree_one, &pt);
	git_tree_free(tree);
	if (pt.rc < 0)
		return pt.rc;
	if (rc != 0)
		return kata_error_from_git(err, "cannot compare trees");
	return 0;
}

int kata_txn_set_parent(struct kata_txn *txn, const char commit_hex[41],
			struct kata_error *err)
{
	if (git_oid_fromstr(&txn->parent2, commit_hex) < 0)
		return kata_error_from_git(err, "invalid commit ID");
	txn->has_parent2 = true;
	return 0;
}

int kata_txn_fast_forward(struct kata_txn *txn, const char commit_hex[41],
			  struct kata_error *err)
{
	git_commit *commit = NULL;
	char tree[GIT_OID_HEXSZ + 1];
	int rc;

	if (git_oid_fromstr(&txn->ff, commit_hex) < 0 ||
	    git_commit_lookup(&commit, kata_repo_git(txn->repo), &txn->ff) < 0)
		return kata_error_from_git(err, "cannot read the commit to fast-forward to");
	git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(commit));
	git_commit_free(commit);
	if ((rc = kata_txn_put_tree(txn, tree, err)) < 0)
		return rc;
	txn->has_ff = true;
	return 0;
}

static int make_signature(git_signature **out, const char *name, const char *email,
			  const struct kata_time *now, struct kata_error *err)
{
	int rc;

	/* whoever resolved the identity, a corrupt author line is refused */
	if ((rc = kata_repo_ident_check(name, "the name", true, err)) < 0 ||
	    (rc = kata_repo_ident_check(email, "the email", false, err)) < 0)
		return rc;
	if (git_signature_new(out, name, email, (git_time_t)now->t, now->offset) < 0)
		return kata_error_from_git(err, "invalid identity");
	return 0;
}

/* libgit2's way: it loads the whole index, so its cost grows with it. */
static int read_index(git_index **out, struct kata_txn *txn, struct kata_error *err)
{
	if (git_repository_index(out, kata_repo_git(txn->repo)) < 0 || git_index_read(*out, 0) < 0)
		return kata_error_from_git(err, "cannot read the index");
	return 0;
}

static int index_update_git(struct kata_txn *txn, struct kata_error *err)
{
	git_index *index = NULL;
	size_t i;
	int rc;

	if ((rc = read_index(&index, txn, err)) < 0)
		goto done;
	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];

		if ((c->data ? git_index_add_bypath(index, c->path)
			     : git_index_remove_bypath(index, c->path)) < 0) {
			rc = kata_error_from_git(err, "cannot update the index");
			goto done;
		}
	}
	if (git_index_write(index) < 0)
		rc = kata_error_from_git(err, "cannot write the index");
done:
	git_index_free(index);
	return rc;
}

/* What index_lock() checks when the splice cannot: libgit2 reads it all. */
static int index_check_git(struct kata_txn *txn, const struct kata_index_change *ic,
			   struct kata_error *err)
{
	git_index *index = NULL;
	size_t i;
	int rc;

	if ((rc = read_index(&index, txn, err)) < 0)
		goto done;
	for (i = 0; i < txn->n; i++) {
		const git_index_entry *e = git_index_get_bypath(index, ic[i].path, 0);

		if (e ? !ic[i].expect || !git_oid_equal(&e->id, ic[i].expect) : !!ic[i].expect) {
			rc = kata_error_set_at(err, KATA_EDIRTY, ic[i].path, 0, 0,
					       "has staged changes; commit them ('git commit') or unstage them ('git restore --staged %s') first",
					       ic[i].path);
			goto done;
		}
	}
done:
	git_index_free(index);
	return rc;
}

/*
 * Before the branch moves: take the index lock (so that no git command
 * changes the index under us) and make sure the index holds what HEAD
 * does for each path, so that no staged change is lost. *lock is NULL
 * when the splice cannot handle this index and libgit2 will write it.
 */
static int index_lock(struct kata_index_lock **lock, struct kata_txn *txn,
		      struct kata_index_change *ic, struct stat *st, struct kata_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];

		ic[i].path = c->path;
		ic[i].oid = c->data ? &c->blob : NULL;
		ic[i].st = &st[i];
		ic[i].check = true;
		ic[i].expect = c->has_old ? &c->old : NULL;
	}
	rc = kata_index_lock(lock, git_repository_path(kata_repo_git(txn->repo)), ic, txn->n, err);
	if (rc == 1)
		rc = index_check_git(txn, ic, err);
	return rc;
}

/* After the branch moved: the files, then their index entries (a batch:
 * the files only). */
static int apply_to_worktree(struct kata_txn *txn, struct kata_index_lock **lock,
			     struct stat *st, struct kata_error *err)
{
	struct kata_repo *repo = txn->repo;
	size_t i;
	int rc = 0;

	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];
		char *full = kata_str_newf("%s%s", kata_repo_workdir(repo), c->path);

		if (!full)
			return kata_error_oom(err);
		if (c->data) {
			rc = write_file(full, c->data, c->len, err);
			if (rc == 0 && lstat(full, &st[i]) < 0)
				rc = errno_error(err, "stat", full);
		} else {
			remove_file(kata_repo_workdir(repo), full);
		}
		free(full);
		if (rc < 0)
			return rc;
	}
	if (kata_repo_batch(repo))
		return 0;	/* the index is written at the batch's end */
	/* Splice the few entries into the index file; libgit2 when the
	 * index is in a form the splice does not handle. */
	rc = *lock ? kata_index_write(*lock, err) : 1;
	if (rc == 1) {
		/* libgit2 takes the index lock itself */
		kata_index_unlock(*lock);
		*lock = NULL;
		rc = index_update_git(txn, err);
	}
	return rc;
}

/*
 * As `git gc --auto` does, now and then the loose objects go into a pack
 * (SPEC 10). The commit has landed by then: a failure here loses nothing,
 * must not fail the command, and is tried again by the next one.
 */
static void pack_now_and_then(struct kata_repo *repo)
{
	struct kata_error ignore;

	kata_error_init(&ignore);
	kata_pack_auto(kata_repo_git(repo), NULL, &ignore);
	kata_error_release(&ignore);
}

int kata_txn_commit(char out[41], struct kata_txn *txn, const char *message,
		    const struct kata_who *who, struct kata_error *err)
{
	git_repository *git = kata_repo_git(txn->repo);
	git_signature *sig = NULL, *committer = NULL;
	git_tree_update *updates = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	git_reference *ref = NULL;
	const git_commit *parents[2];
	git_commit *other = NULL;
	struct kata_index_lock *lock = NULL;
	struct kata_index_change *ic = NULL;
	struct stat *st = NULL;
	char *reflog = NULL;
	bool batch = kata_repo_batch(txn->repo);
	size_t i;
	int rc = 0;

	if (txn->n == 0 && !txn->has_ff && !txn->has_parent2)
		return kata_error_set(err, KATA_ERROR, "nothing to commit");
	/* calloc(0) may give NULL: one spare element keeps it simple */
	if (!(ic = calloc(txn->n + 1, sizeof(*ic))) || !(st = calloc(txn->n + 1, sizeof(*st)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = make_signature(&sig, who->name, who->email, kata_repo_now(txn->repo), err)) < 0 ||
	    (who->committer_name &&
	     (rc = make_signature(&committer, who->committer_name, who->committer_email,
				  kata_repo_now(txn->repo), err)) < 0))
		goto done;
	if (!(updates = calloc(txn->n + 1, sizeof(*updates)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];

		if (c->data && git_blob_create_from_buffer(&c->blob, git, c->data, c->len) < 0) {
			rc = kata_error_from_git(err, "cannot write blob");
			goto done;
		}
		updates[i].action = c->data ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		updates[i].id = c->blob;
		updates[i].filemode = GIT_FILEMODE_BLOB;
		updates[i].path = c->path;
	}
	/* Only the trees on the changed paths are rewritten. */
	if (git_tree_create_updated(&tree_id, git, txn->tree,
				    txn->n, updates) < 0 ||
	    git_tree_lookup(&tree, git, &tree_id) < 0) {
		rc = kata_error_from_git(err, "cannot write tree");
		goto done;
	}
	parents[0] = txn->head;
	if (txn->has_parent2 && git_commit_lookup(&other, git, &txn->parent2) < 0) {
		rc = kata_error_from_git(err, "cannot read the commit to merge");
		goto done;
	}
	parents[1] = other;
	if (txn->has_ff) {
		/* the commit exists: the branch moves to it, its tree is staged */
		git_oid_cpy(&commit_id, &txn->ff);
	} else if (git_commit_create(&commit_id, git, NULL, sig,
				     committer ? committer : sig, NULL, message, tree,
				     txn->head ? (other ? 2 : 1) : 0, parents) < 0) {
		rc = kata_error_from_git(err, "cannot write commit");
		goto done;
	}
	/* a batch keeps no journal and leaves the index to its end */
	if (!batch && (rc = journal_write(txn, &commit_id, err)) < 0)
		goto done;
	if (!batch && (rc = index_lock(&lock, txn, ic, st, err)) < 0) {
		journal_remove(txn->repo);
		goto done;
	}

	{
		const char *nl = strchr(message, '\n');
		size_t sl = nl ? (size_t)(nl - message) : strlen(message);

		if (!(reflog = malloc(sl + 16))) {
			rc = kata_error_oom(err);
			goto done;
		}
		snprintf(reflog, sl + 16, "kata: %.*s", (int)sl, message);
	}
	/* Compare and swap: if anyone moved the branch since we read it,
	 * refuse rather than lose their commit. */
	if (txn->branch && !txn->head)
		rc = git_reference_create(&ref, git, txn->branch, &commit_id, 0, reflog);
	else if (txn->branch)
		rc = git_reference_create_matching(&ref, git, txn->branch, &commit_id, 1,
						   git_commit_id(txn->head), reflog);
	else
		rc = git_reference_create_matching(&ref, git, "HEAD", &commit_id, 1,
						   git_commit_id(txn->head), reflog);
	if (rc < 0) {
		rc = kata_error_from_git(err, "cannot move the branch (did someone commit meanwhile?)");
		journal_remove(txn->repo);
		goto done;
	}
	rc = apply_to_worktree(txn, &lock, st, err);
	if (rc < 0)
		goto done;	/* the journal stays: the next command finishes */
	if (!batch) {
		journal_remove(txn->repo);
		pack_now_and_then(txn->repo);
	}
	if (out)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &commit_id);
done:
	kata_index_unlock(lock);
	free(ic);
	free(st);
	free(reflog);
	git_reference_free(ref);
	git_commit_free(other);
	git_tree_free(tree);
	free(updates);
	git_signature_free(committer);
	git_signature_free(sig);
	return rc;
}
