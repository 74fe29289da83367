#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "kata/buf.h"
#include "kata/str.h"
#include "lockfile.h"

#define PRIVATE "lock."
#define SCRATCH "edit."

static int errno_error(struct kata_error *err, const char *what, const char *path)
{
	return kata_error_set(err, KATA_ERROR, "cannot %s '%s': %s", what, path,
			      strerror(errno));
}

static int mkdirs(const char *full, size_t from, struct kata_error *err)
{
	char *p = strdup(full), *s;
	int rc = 0;

	if (!p)
		return kata_error_oom(err);
	for (s = strchr(p + from, '/'); s; s = strchr(s + 1, '/')) {
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

static char *hex_of(const char *s)
{
	size_t n = strlen(s), i;
	char *h = malloc(2 * n + 1);

	for (i = 0; h && i < n; i++)
		snprintf(h + 2 * i, 3, "%02x", (unsigned char)s[i]);
	if (h)
		h[2 * n] = '\0';
	return h;
}

static char *unhex(const char *h)
{
	size_t n = strlen(h), i;
	char *s;
	unsigned v;

	if (n % 2 || !(s = malloc(n / 2 + 1)))
		return NULL;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(h + 2 * i, "%2x", &v) != 1 || v == 0) {
			free(s);
			return NULL;
		}
		s[i] = (char)v;
	}
	s[n / 2] = '\0';
	return s;
}

int kata_lockfile_take(struct kata_lockfile *lf, git_repository *git, const char *name,
		       struct kata_error *err)
{
	const char *gitdir = git_repository_path(git);
	char *hex = hex_of(name);
	int rc = 0;

	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
	if (!hex || !(lf->path = kata_str_newf("%s%s", gitdir, name)) ||
	    !(lf->lock = kata_str_newf("%s.lock", lf->path)) ||
	    !(lf->private = kata_str_newf("%skata/" PRIVATE "%ld.%s", gitdir, (long)getpid(), hex))) {
		rc = kata_error_oom(err);
		goto fail;
	}
	if ((rc = mkdirs(lf->private, strlen(gitdir), err)) < 0 ||
	    (rc = mkdirs(lf->lock, strlen(gitdir), err)) < 0)
		goto fail;
	unlink(lf->private);	/* this process's own, from before */
	lf->fd = open(lf->private, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (lf->fd < 0) {
		rc = errno_error(err, "create", lf->private);
		goto fail;
	}
	if (link(lf->private, lf->lock) < 0) {
		if (errno == EEXIST)
			rc = kata_error_set(err, KATA_ELOCKED,
					    "'%s' exists: another git process seems to be running in this repository; if not, remove the file",
					    lf->lock);
		else
			rc = errno_error(err, "create", lf->lock);
		unlink(lf->private);
		goto fail;
	}
	lf->held = true;
	free(hex);
	return 0;
fail:
	free(hex);
	kata_lockfile_release(lf);
	return rc;
}

int kata_lockfile_write(struct kata_lockfile *lf, const void *data, size_t len,
			struct kata_error *err)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(lf->fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno_error(err, "write", lf->lock);
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int kata_lockfile_commit(struct kata_lockfile *lf, struct kata_error *err)
{
	if (close(lf->fd) < 0) {
		lf->fd = -1;
		return errno_error(err, "write", lf->lock);
	}
	lf->fd = -1;
	if (rename(lf->lock, lf->path) < 0)
		return errno_error(err, "rename", lf->lock);
	lf->held = false;	/* committed: nothing to take back */
	return 0;
}

void kata_lockfile_release(struct kata_lockfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	/* the lock first: while the private name stays, it proves the lock */
	if (lf->held)
		unlink(lf->lock);
	if (lf->private)
		unlink(lf->private);
	free(lf->private);
	free(lf->lock);
	free(lf->path);
	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
}

/* Whether the process that made a private name may still be running it. */
static bool alive(long pid)
{
	return pid == (long)getpid() || (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM));
}

void kata_lockfile_recover(git_repository *git)
{
	const char *gitdir = git_repository_path(git);
	char *dir = kata_str_newf("%skata", gitdir);
	struct dirent *e;
	DIR *d;

	if (!dir || !(d = opendir(dir))) {
		free(dir);
		return;
	}
	while ((e = readdir(d))) {
		char *end, *full, *name, *lock;
		bool scratch = !strncmp(e->d_name, SCRATCH, strlen(SCRATCH));
		long pid;
		struct stat a, b;

		if (!scratch && strncmp(e->d_name, PRIVATE, strlen(PRIVATE)))
			continue;
		pid = strtol(e->d_name + (scratch ? strlen(SCRATCH) : strlen(PRIVATE)), &end, 10);
		if ((*end != '.' && *end != '\0') || alive(pid))
			continue;
		if (!(full = kata_str_newf("%s/%s", dir, e->d_name)))
			break;
		if (!scratch && *end == '.' && (name = unhex(end + 1))) {
			/* the lock is ours while it is the same file */
			if ((lock = kata_str_newf("%s%s.lock", gitdir, name)) &&
			    lstat(lock, &a) == 0 && lstat(full, &b) == 0 &&
			    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
				unlink(lock);
			free(lock);
			free(name);
		}
		unlink(full);
		free(full);
	}
	closedir(d);
	free(dir);
}

/* Whether git keeps a reflog for name: one it has, or where
 * core.logAllRefUpdates (true in a repository with a work tree) says. */
static bool keeps_reflog(git_repository *git, const char *name, const char *log)
{
	git_config *cfg = NULL;
	int all = !git_repository_is_bare(git);
	struct stat st;

	if (stat(log, &st) == 0)
		return true;
	if (git_repository_config_snapshot(&cfg, git) == 0) {
		if (git_config_get_bool(&all, cfg, "core.logAllRefUpdates") < 0)
			all = !git_repository_is_bare(git);
		git_config_free(cfg);
	}
	return all && (!strncmp(name, "refs/heads/", 11) || !strncmp(name, "refs/remotes/", 13) ||
		       !strcmp(name, "HEAD"));
}

/* The reflog line, appended as git appends it (no lock: O_APPEND). A
 * reflog is history for people, not state: trouble here loses a line. */
static void reflog_append(git_repository *git, const char *name, const git_oid *old,
			  const git_oid *new, const char *msg)
{
	char *log = kata_str_newf("%slogs/%s", git_repository_path(git), name);
	char ohex[GIT_OID_HEXSZ + 1], nhex[GIT_OID_HEXSZ + 1];
	git_signature *sig = NULL;
	struct kata_buf b = KATA_BUF_INIT;
	struct kata_error ignore;
	int fd, off;

	kata_error_init(&ignore);
	if (!log || !keeps_reflog(git, name, log) || git_signature_default(&sig, git) < 0)
		goto done;
	git_oid_tostr(ohex, sizeof(ohex), old);
	git_oid_tostr(nhex, sizeof(nhex), new);
	off = sig->when.offset;
	kata_buf_addf(&b, "%s %s %s <%s> %lld %c%02d%02d\t%s\n", ohex, nhex, sig->name, sig->email,
		      (long long)sig->when.time, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60,
		      msg);
	if (b.oom || mkdirs(log, strlen(git_repository_path(git)), &ignore) < 0)
		goto done;
	if ((fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666)) >= 0) {
		if (write(fd, b.buf, b.len) < 0) {
			/* a lost reflog line, nothing more */
		}
		close(fd);
	}
done:
	kata_error_release(&ignore);
	kata_buf_release(&b);
	git_signature_free(sig);
	free(log);
}

int kata_ref_write(git_repository *git, const char *name, const git_oid *oid,
		   const char *msg, struct kata_error *err)
{
	struct kata_lockfile lf;
	char hex[GIT_OID_HEXSZ + 2];
	git_oid old;
	int rc;

	if ((rc = kata_lockfile_take(&lf, git, name, err)) < 0)
		return rc;
	/* read under the lock: what we replace */
	if (git_reference_name_to_id(&old, git, name) < 0)
		memset(&old, 0, sizeof(old));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, oid);
	strcat(hex, "\n");
	if ((rc = kata_lockfile_write(&lf, hex, GIT_OID_HEXSZ + 1, err)) == 0) {
		/* as git: the reflog before the ref */
		reflog_append(git, name, &old, oid, msg);
		rc = kata_lockfile_commit(&lf, err);
	}
	kata_lockfile_release(&lf);
	return rc;
}

static char *slurp(const char *path, size_t *len)
{
	struct kata_buf b = KATA_BUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0)
		return errno == ENOENT ? strdup("") : NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		kata_buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0 || b.oom) {
		kata_buf_release(&b);
		return NULL;
	}
	*len = b.len;
	return b.buf ? b.buf : strdup("");
}

int kata_config_write(git_repository *git, const char *const *keys,
		      const char *const *values, size_t n, struct kata_error *err)
{
	struct kata_lockfile lf;
	git_config *cfg = NULL;
	char *scratch = NULL, *data = NULL;
	size_t len, i;
	int fd, rc;

	/*
	 * Under config.lock, libgit2 edits a scratch copy (with its own lock,
	 * on a name only this process uses), and the result goes through
	 * the lock: libgit2 would take config.lock itself, as a file
	 * nothing proves ours.
	 */
	if ((rc = kata_lockfile_take(&lf, git, "config", err)) < 0)
		return rc;
	if (!(scratch = kata_str_newf("%skata/" SCRATCH "%ld", git_repository_path(git),
				      (long)getpid()))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if (!(data = slurp(lf.path, &len))) {
		rc = errno_error(err, "read", lf.path);
		goto done;
	}
	if ((fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0 ||
	    write(fd, data, len) != (ssize_t)len || close(fd) < 0) {
		rc = errno_error(err, "write", scratch);
		goto done;
	}
	free(data);
	data = NULL;
	if (git_config_open_ondisk(&cfg, scratch) < 0) {
		rc = kata_error_from_git(err, "cannot write git config");
		goto done;
	}
	for (i = 0; i < n; i++)
		if (git_config_set_string(cfg, keys[i], values[i]) < 0) {
			rc = kata_error_from_git(err, "cannot write git config");
			goto done;
		}
	if (!(data = slurp(scratch, &len))) {
		rc = errno_error(err, "read", scratch);
		goto done;
	}
	if ((rc = kata_lockfile_write(&lf, data, len, err)) == 0)
		rc = kata_lockfile_commit(&lf, err);
done:
	git_config_free(cfg);
	if (scratch)
		unlink(scratch);
	free(scratch);
	free(data);
	kata_lockfile_release(&lf);
	return rc;
}
