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
#include "lockfile.h"
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
 * The journal names the commit the branch is about to move to, the ref
 * that moves, the index.lock the command holds (struct kata_lock_id) and,
 * for each path, the blob before and after. It is written before any lock
 * of git's is taken. If a command dies after the branch moved, the next
 * transaction finds the journal and finishes writing the work tree and
 * index; if the branch never moved, it drops the journal and the locks it
 * can prove were the dead command's: index.lock by its identity, the
 * ref's lock by holding nothing but the commit the journal names. A lock
 * it cannot prove is someone else's, and is left alone.
 */
struct jchange {
	git_oid old, new;	/* zero: none */
	char *path;
};

struct journal {
	git_oid commit;
	char *ref;		/* "refs/heads/main", "HEAD"; NULL: not known */
	struct kata_lock_id lock;
	bool has_lock;
	struct jchange *c;
	size_t n;
	struct kata_repo *repo;	/* where it is kept (journal_claim saves it there) */
};

static void journal_release(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		free(j->c[i].path);
	free(j->c);
	free(j->ref);
	memset(j, 0, sizeof(*j));
}

static char *journal_path(struct kata_repo *repo)
{
	return kata_str_newf("%s" JOURNAL, git_repository_path(kata_repo_git(repo)));
}

static int journal_save(struct kata_repo *repo, const struct journal *j,
			struct kata_error *err)
{
	struct kata_buf sb = KATA_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	char *path = journal_path(repo);
	int rc;
	size_t i;

	if (!path)
		return kata_error_oom(err);
	git_oid_tostr(hex, sizeof(hex), &j->commit);
	kata_buf_addf(&sb, "commit %s\n", hex);
	if (j->ref)
		kata_buf_addf(&sb, "ref %s\n", j->ref);
	if (j->has_lock)
		kata_buf_addf(&sb, "lock %llu %llu %lld %ld\n", j->lock.dev, j->lock.ino,
			      j->lock.btime_sec, j->lock.btime_nsec);
	for (i = 0; i < j->n; i++) {
		char old[GIT_OID_HEXSZ + 1] = "-", new[GIT_OID_HEXSZ + 1] = "-";

		if (!git_oid_is_zero(&j->c[i].old))
			git_oid_tostr(old, sizeof(old), &j->c[i].old);
		if (!git_oid_is_zero(&j->c[i].new))
			git_oid_tostr(new, sizeof(new), &j->c[i].new);
		kata_buf_addf(&sb, "%s %s %s\n", old, new, j->c[i].path);
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

static bool parse_oid(git_oid *out, const char **p)
{
	memset(out, 0, sizeof(*out));
	if (**p == '-') {
		(*p)++;
	} else {
		if (git_oid_fromstrn(out, *p, GIT_OID_HEXSZ) < 0)
			return false;
		*p += GIT_OID_HEXSZ;
	}
	return *(*p)++ == ' ';
}

/*
 * Reads the journal: 1 if there is one and it is whole, 0 if there is
 * none or it was torn (only its first line is needed to drop it; a torn
 * change list stops where it tears, as the dead command had not moved
 * the branch before the journal was whole).
 */
static int journal_load(struct journal *j, struct kata_repo *repo, struct kata_error *err)
{
	char *path = journal_path(repo), *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f = NULL;
	int rc = 0;

	memset(j, 0, sizeof(*j));
	j->repo = repo;
	if (!path)
		return kata_error_oom(err);
	if (!(f = fopen(path, "re")))
		goto done;
	if ((len = getline(&line, &cap, f)) < 48 || strncmp(line, "commit ", 7) ||
	    git_oid_fromstrn(&j->commit, line + 7, GIT_OID_HEXSZ) < 0 || line[47] != '\n')
		goto done;
	rc = 1;
	while ((len = getline(&line, &cap, f)) > 0) {
		const char *p = line;

		if (line[len - 1] != '\n')
			break;	/* torn */
		line[len - 1] = '\0';
		if (!strncmp(line, "ref ", 4)) {
			free(j->ref);
			if (!(j->ref = strdup(line + 4)))
				rc = kata_error_oom(err);
		} else if (!strncmp(line, "lock ", 5)) {
			j->has_lock = sscanf(line + 5, "%llu %llu %lld %ld", &j->lock.dev,
					     &j->lock.ino, &j->lock.btime_sec,
					     &j->lock.btime_nsec) == 4;
		} else {
			struct jchange c, *nc;

			if (!parse_oid(&c.old, &p) || !parse_oid(&c.new, &p) || !*p)
				break;
			if (!(nc = realloc(j->c, (j->n + 1) * sizeof(*nc))) ||
			    !(c.path = strdup(p))) {
				if (nc)
					j->c = nc;
				rc = kata_error_oom(err);
				break;
			}
			j->c = nc;
			j->c[j->n++] = c;
		}
		if (rc < 0)
			break;
	}
done:
	if (f)
		fclose(f);
	free(line);
	free(path);
	if (rc <= 0)
		journal_release(j);
	return rc;
}

static void journal_remove(struct kata_repo *repo)
{
	char *path = journal_path(repo);

	if (path)
		unlink(path);
	free(path);
}

/* The journal of the commit txn is about to make. */
static int journal_of(struct journal *j, struct kata_txn *txn, const git_oid *commit,
		      struct kata_error *err)
{
	size_t i;

	memset(j, 0, sizeof(*j));
	git_oid_cpy(&j->commit, commit);
	j->repo = txn->repo;
	if (!(j->ref = strdup(txn->branch ? txn->branch : "HEAD")) ||
	    !(j->c = calloc(txn->n + 1, sizeof(*j->c)))) {
		journal_release(j);
		return kata_error_oom(err);
	}
	for (i = 0; i < txn->n; i++) {
		struct change *c = &txn->changes[i];

		if (c->has_old)
			git_oid_cpy(&j->c[i].old, &c->old);
		if (c->data)
			git_oid_cpy(&j->c[i].new, &c->blob);
		j->c[i].path = c->path;	/* borrowed: see journal_of_release */
	}
	j->n = txn->n;
	return 0;
}

static void journal_of_release(struct journal *j)
{
	j->n = 0;	/* the paths are the transaction's */
	journal_release(j);
}

/* kata_index_claim's callback: the journal, with the lock's identity. */
static int journal_claim(void *data, const struct kata_lock_id *id, struct kata_error *err)
{
	struct journal *j = data;

	j->lock = *id;
	j->has_lock = true;
	return journal_save(j->repo, j, err);
}
/* ---- finishing what a killed command left ---- */

/*
 * Writes the blob of path at HEAD (or removes the file) unless the work
 * tree holds something neither before nor after, which is a user's: then
 * *st says so (a size and times that match no file, so that git looks at
 * the file again rather than take it for HEAD's).
 */
static int settle_path(struct kata_repo *repo, const struct jchange *c, struct stat *st,
		       struct kata_error *err)
{
	char *full = kata_str_newf("%s%s", kata_repo_workdir(repo), c->path);
	git_oid cur;
	bool exists;
	git_blob *blob = NULL;
	int rc = 0;

	if (!full)
		return kata_error_oom(err);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0644;
	st->st_size = -1;
	exists = git_odb_hashfile(&cur, full, GIT_OBJECT_BLOB) == 0;
	if (exists && !git_oid_is_zero(&c->new) && git_oid_equal(&cur, &c->new)) {
		/* written already; the index may still lag */
	} else if (exists && (git_oid_is_zero(&c->old) || !git_oid_equal(&cur, &c->old))) {
		goto done;	/* not ours: leave it for the user */
	} else if (git_oid_is_zero(&c->new)) {
		remove_file(kata_repo_workdir(repo), full);
		goto done;
	} else {
		if (git_blob_lookup(&blob, kata_repo_git(repo), &c->new) < 0) {
			rc = kata_error_from_git(err, "cannot read blob");
			goto done;
		}
		rc = write_file(full, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob), err);
		if (rc < 0)
			goto done;
	}
	if (lstat(full, st) < 0)
		rc = errno_error(err, "stat", full);
done:
	git_blob_free(blob);
	free(full);
	return rc;
}

/* The index as the journal says, through libgit2 (an index the splice
 * does not handle), but for the files settle_path left to their user
 * (st_size -1), whose entries stay as they are. */
static int roll_forward_git(struct kata_repo *repo, const struct journal *j,
			    const struct stat *st, struct kata_error *err)
{
	git_index *index = NULL;
	size_t i;
	int rc = 0;

	if (git_repository_index(&index, kata_repo_git(repo)) < 0 ||
	    git_index_read(index, 0) < 0) {
		rc = kata_error_from_git(err, "cannot read the index");
		goto done;
	}
	for (i = 0; i < j->n; i++)
		if ((git_oid_is_zero(&j->c[i].new) || st[i].st_size != -1) &&
		    (git_oid_is_zero(&j->c[i].new)
		     ? git_index_remove_bypath(index, j->c[i].path)
		     : git_index_add_bypath(index, j->c[i].path)) < 0) {
			rc = kata_error_from_git(err, "cannot update the index");
			goto done;
		}
	if (git_index_write(index) < 0)
		rc = kata_error_from_git(err, "cannot write the index");
done:
	git_index_free(index);
	return rc;
}

/*
 * The branch moved to the journal's commit: each path the journal names
 * is written as the commit holds it, and its index entry, under an index
 * lock that is provably ours at every instant: the dead command's, taken
 * over, or a new one the journal is rewritten to name.
 */
static int roll_forward(struct kata_repo *repo, struct journal *j, bool ours,
			struct kata_error *err)
{
	const char *gitdir = git_repository_path(kata_repo_git(repo));
	struct kata_index_claim claim = { journal_claim, j, ours ? &j->lock : NULL };
	struct kata_index_change *ic = calloc(j->n + 1, sizeof(*ic));
	struct stat *st = calloc(j->n + 1, sizeof(*st));
	struct kata_index_lock *lock = NULL;
	size_t i;
	int rc = 0;

	if (!ic || !st) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < j->n; i++) {
		ic[i].path = j->c[i].path;
		ic[i].oid = git_oid_is_zero(&j->c[i].new) ? NULL : &j->c[i].new;
		ic[i].st = &st[i];
	}
	rc = kata_index_lock(&lock, gitdir, ic, j->n, &claim, err);
	if (rc < 0)
		goto done;
	for (i = 0; i < j->n; i++)
		if ((rc = settle_path(repo, &j->c[i], &st[i], err)) < 0)
			goto done;
	rc = lock ? kata_index_write(lock, err) : 1;
	if (rc == 1) {
		kata_index_unlock(lock);
		lock = NULL;
		rc = roll_forward_git(repo, j, st, err);
	}
done:
	kata_index_unlock(lock);
	free(ic);
	free(st);
	return rc;
}

/*
 * The ref's lock, if the dead command left it: libgit2 makes it empty,
 * then writes the new commit into it. Holding the journal's commit, it
 * can only be ours; empty, it is ours if our index lock is still there
 * too (we take that first and drop it last).
 */
static void drop_ref_lock(struct kata_repo *repo, const struct journal *j, bool ours)
{
	char hex[GIT_OID_HEXSZ + 2], got[GIT_OID_HEXSZ + 3];
	char *path;
	int valid = 0, fd;
	ssize_t len;

	if (!j->ref || git_reference_name_is_valid(&valid, j->ref) < 0 || !valid)
		return;
	if (!(path = kata_str_newf("%s%s.lock", git_repository_path(kata_repo_git(repo)), j->ref)))
		return;
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &j->commit);
	strcat(hex, "\n");
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) >= 0) {
		len = read(fd, got, sizeof(got));
		close(fd);
		if ((len == 0 && ours) ||
		    (len == GIT_OID_HEXSZ + 1 && !memcmp(got, hex, (size_t)len)))
			unlink(path);
	}
	free(path);
}

/*
 * Finishes what a killed command left: if the branch moved to the commit
 * its journal names, the work tree and index are brought to it; if not (a
 * journal torn before it was whole, or the ref never moved), the journal
 * is dropped with the locks it proves were the dead command's.
 */
static int journal_recover(struct kata_repo *repo, struct kata_error *err)
{
	const char *gitdir = git_repository_path(kata_repo_git(repo));
	char *ilock = kata_str_newf("%sindex.lock", gitdir);
	char *private = kata_str_newf("%s" KATA_INDEX_LOCK_PRIVATE, gitdir);
	struct journal j;
	git_oid head;
	bool ours;
	int rc;

	if (!ilock || !private) {
		rc = kata_error_oom(err);
		goto done;
	}
	/* only kata makes it, and we hold the repository's lock */
	unlink(private);
	kata_lockfile_recover(kata_repo_git(repo));
	if ((rc = journal_load(&j, repo, err)) <= 0) {
		if (rc == 0)
			journal_remove(repo);	/* none, or torn */
		goto done;
	}
	rc = 0;
	ours = j.has_lock && kata_lock_is(ilock, &j.lock);
	if (git_reference_name_to_id(&head, kata_repo_git(repo), "HEAD") == 0 &&
	    git_oid_equal(&head, &j.commit)) {
		rc = roll_forward(repo, &j, ours, err);
	} else {
		drop_ref_lock(repo, &j, ours);
		if (ours)
			unlink(ilock);
	}
	if (rc == 0)
		journal_remove(repo);	/* else it stays: the next one tries again */
	journal_release(&j);
done:
	free(private);
	free(ilock);
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
		      struct kata_index_change *ic, struct stat *st,
		      const struct kata_index_claim *claim, struct kata_error *err)
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
	rc = kata_index_lock(lock, git_repository_path(kata_repo_git(txn->repo)), ic, txn->n,
			     claim, err);
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

/* Why the branch did not move, truthfully: a lock someone holds, or a
 * commit made meanwhile. */
static int ref_error(struct kata_txn *txn, int rc, struct kata_error *err)
{
	const char *ref = txn->branch ? txn->branch : "HEAD";

	if (rc == GIT_ELOCKED)
		return kata_error_set(err, KATA_ELOCKED,
				      "'%s%s.lock' exists: another git process seems to be updating the branch; if not, remove the file",
				      git_repository_path(kata_repo_git(txn->repo)), ref);
	if (rc == GIT_EMODIFIED)
		return kata_error_set(err, KATA_ELOCKED,
				      "the branch moved while kata was writing (someone committed meanwhile); nothing was written, try again");
	return kata_error_from_git(err, "cannot move the branch");
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
	struct journal journal = { 0 };
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
	/*
	 * A batch keeps no journal and leaves the index to its end. Otherwise
	 * the journal is written as index.lock is taken (its claim), before
	 * the branch moves, and the lock is held until the index is written:
	 * git never sees a HEAD whose index lags behind it.
	 */
	if (!batch) {
		struct kata_index_claim claim = { journal_claim, &journal, NULL };

		if ((rc = journal_of(&journal, txn, &commit_id, err)) < 0)
			goto done;
		if ((rc = index_lock(&lock, txn, ic, st, &claim, err)) < 0) {
			journal_remove(txn->repo);
			goto done;
		}
	}

	{
		const char *nl = strchr(message, '\n');
		size_t sl = nl ? (size_t)(nl - message) : strlen(message);

		if (!(reflog = malloc(sl + 16))) {
			rc = kata_error_oom(err);
			journal_remove(txn->repo);
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
		rc = ref_error(txn, rc, err);
		journal_remove(txn->repo);
		goto done;
	}
	/*
	 * The commit has landed: whatever fails from here (a full disk) is
	 * told as a warning, for the command did what it said, and the
	 * journal stays so that the next command finishes the work tree.
	 */
	if ((rc = apply_to_worktree(txn, &lock, st, err)) < 0) {
		kata_repo_warn(txn->repo, "the change is committed, but %s; the next kata command finishes it",
			       err->message ? err->message : "the work tree was not finished");
		kata_error_release(err);
		rc = 0;
	} else if (!batch) {
		journal_remove(txn->repo);
		pack_now_and_then(txn->repo);
	}
	if (out)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &commit_id);
done:
	kata_index_unlock(lock);
	journal_of_release(&journal);
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
