/* readdir's d_type and DT_DIR, which POSIX leaves out */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "pack.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/yaml.h"

struct kata_repo {
	git_repository *git;
	char *workdir;		/* ends in '/' */
	struct kata_time now;
	git_odb_backend *batch;	/* the objects of a batch, in memory */
	git_odb *batch_orig;	/* the odb the repository had before it */
	char *warning;		/* kata_repo_warn's, or NULL */
};

static int errno_error(struct kata_error *err, const char *what, const char *path)
{
	return kata_error_set(err, KATA_ERROR, "cannot %s '%s': %s", what, path,
			      strerror(errno));
}

static void release(struct kata_repo *repo)
{
	if (!repo)
		return;
	git_odb_free(repo->batch_orig);
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->warning);
	free(repo);
}

/* A kata_repo of *git, which it takes over (*git NULL after, whatever
 * happens): its work tree, if it has one, and the clock. */
static int repo_new(struct kata_repo **out, git_repository **git, struct kata_error *err)
{
	struct kata_repo *repo = calloc(1, sizeof(*repo));
	const char *wd;
	int rc;

	*out = NULL;
	if (!repo) {
		git_repository_free(*git);
		*git = NULL;
		return kata_error_oom(err);
	}
	repo->git = *git;
	*git = NULL;
	wd = git_repository_workdir(repo->git);
	if (wd && !(repo->workdir = strdup(wd)))
		rc = kata_error_oom(err);
	else
		rc = kata_time_now(&repo->now, NULL, err);
	if (rc < 0) {
		release(repo);
		return rc;
	}
	*out = repo;
	return 0;
}

/*
 * Makes git (taken over, whatever happens) a kata repository, whose root
 * must hold kata.yaml (kata_yaml) or must not (a repository to create).
 */
static int wrap(struct kata_repo **out, git_repository *git, bool kata_yaml,
		struct kata_error *err)
{
	struct kata_repo *repo = NULL;
	const char *wd = git_repository_workdir(git);
	char *cfg = NULL;
	bool exists;
	int rc;

	*out = NULL;
	if (!wd) {
		rc = kata_error_set(err, KATA_EINVALID,
				    "a kata repository needs a work tree (this one is bare)");
		goto done;
	}
	if ((rc = repo_new(&repo, &git, err)) < 0)
		goto done;
	if (!(cfg = kata_str_newf("%skata.yaml", repo->workdir))) {
		rc = kata_error_oom(err);
		goto done;
	}
	exists = access(cfg, F_OK) == 0;
	if (kata_yaml && !exists)
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "not a kata repository: '%s' has no kata.yaml; run 'kata init'",
				    repo->workdir);
	else if (!kata_yaml && exists)
		rc = kata_error_set(err, KATA_EEXISTS, "'%s' is already a kata repository",
				    repo->workdir);
	if (rc == 0) {
		*out = repo;
		repo = NULL;
	}
done:
	free(cfg);
	release(repo);
	git_repository_free(git);
	return rc;
}

/*
 * When libgit2 would not open the repository of dir because another user
 * owns it, git's words for that (libgit2 1.5 says only "config value
 * 'safe.directory' was not found"): the folder and the command that
 * trusts it; 0 when that is not why.
 */
static int owner_error(const char *dir, struct kata_error *err)
{
	git_buf found = GIT_BUF_INIT;
	struct stat st;
	size_t n;
	int rc = 0;

	/* the search alone does not check the owner: it names the folder */
	if (git_repository_discover(&found, dir, 0, NULL) < 0)
		goto done;
	n = strlen(found.ptr);
	if (n && found.ptr[n - 1] == '/')
		found.ptr[--n] = '\0';
	if (n >= 5 && !strcmp(found.ptr + n - 5, "/.git"))
		found.ptr[n - 5] = '\0';	/* git names the work tree */
	if (stat(found.ptr, &st) < 0 || st.st_uid == geteuid())
		goto done;
	rc = kata_error_set(err, KATA_ECONFIG,
			    "detected dubious ownership in repository at '%s' (owned by another user); to trust it, run: git config --global --add safe.directory %s",
			    found.ptr, found.ptr);
done:
	git_buf_dispose(&found);
	return rc;
}

/* libgit2's reason it could not open the repository of dir, unless that
 * is another user owning it. */
static int open_error(const char *dir, struct kata_error *err)
{
	struct kata_error git;
	int rc;

	kata_error_init(&git);
	/* before the owner's search can overwrite libgit2's last error */
	kata_error_from_git(&git, "cannot open the repository");
	if ((rc = owner_error(dir, err)) < 0) {
		kata_error_release(&git);
		return rc;
	}
	*err = git;
	return err->code;
}

int kata_repo_open(struct kata_repo **out, const char *dir, struct kata_error *err)
{
	git_repository *git = NULL;
	int rc;

	*out = NULL;
	git_libgit2_init();
	rc = git_repository_open_ext(&git, dir, 0, NULL);
	/* libgit2 says "not found" for a .git file that points nowhere too;
	 * only its repository search finding nothing is "no repository". */
	if (rc == GIT_ENOTFOUND && (!git_error_last() ||
				    git_error_last()->klass == GIT_ERROR_REPOSITORY))
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "not a kata repository (or any of the parent directories): no .git found; run 'kata init'");
	else if (rc < 0)
		/* a broken config, no permission: libgit2's reason, not ours */
		rc = open_error(dir, err);
	else
		rc = wrap(out, git, true, err);
	if (rc < 0)
		git_libgit2_shutdown();
	return rc;
}

int kata_repo_open_bare(struct kata_repo **out, const char *dir, bool from_env,
			struct kata_error *err)
{
	git_repository *git = NULL;
	int rc = 0;

	*out = NULL;
	git_libgit2_init();
	rc = from_env ? git_repository_open_ext(&git, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL)
		      : git_repository_open_ext(&git, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND && (!git_error_last() ||
				    git_error_last()->klass == GIT_ERROR_REPOSITORY)) {
		rc = kata_error_set(err, KATA_ENOTFOUND,
				    "not a git repository (or any of the parent directories)");
		goto done;
	}
	if (rc < 0) {
		rc = open_error(from_env ? "." : dir, err);
		goto done;
	}
	rc = repo_new(out, &git, err);
done:
	git_repository_free(git);
	if (rc < 0)
		git_libgit2_shutdown();
	return rc;
}

/*
 * A new repository's index in version 4, as git's feature.manyFiles
 * makes it: each path is written as what it keeps of the one before, and
 * kata's paths share most of theirs, so the file every write copies and
 * hashes is about a third smaller. An adopted repository keeps its own.
 */
static int new_index(git_repository *git)
{
	git_index *index = NULL;
	int rc;

	if ((rc = git_repository_index(&index, git)) == 0 &&
	    (rc = git_index_set_version(index, 4)) == 0)
		rc = git_index_write(index);
	git_index_free(index);
	return rc;
}

int kata_repo_create(struct kata_repo **out, const char *dir, struct kata_error *err)
{
	git_repository_init_options opts;
	git_repository *git = NULL;
	int rc = 0;

	*out = NULL;
	git_libgit2_init();
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	/* Adopt the repository dir is already in, as `git init` would not:
	 * a kata repository may live in a project's own repository. */
	if (git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0)
		rc = wrap(out, git, false, err);
	else if (git_repository_init_ext(&git, dir, &opts) < 0 || new_index(git) < 0)
		rc = kata_error_from_git(err, "cannot create the repository");
	else
		rc = wrap(out, git, false, err);
	if (rc < 0)
		git_libgit2_shutdown();
	return rc;
}

void kata_repo_free(struct kata_repo *repo)
{
	if (!repo)
		return;
	release(repo);
	git_libgit2_shutdown();
}

void kata_repo_set_now(struct kata_repo *repo, const struct kata_time *now)
{
	repo->now = *now;
}

void kata_repo_warn(struct kata_repo *repo, const char *fmt, ...)
{
	va_list ap;

	if (repo->warning)
		return;
	va_start(ap, fmt);
	repo->warning = kata_str_vnewf(fmt, ap);
	va_end(ap);
}

const char *kata_repo_warning(const struct kata_repo *repo)
{
	return repo ? repo->warning : NULL;
}

const struct kata_time *kata_repo_now(const struct kata_repo *repo)
{
	return &repo->now;
}

const char *kata_repo_workdir(const struct kata_repo *repo)
{
	return repo->workdir;
}

struct git_repository *kata_repo_git(const struct kata_repo *repo)
{
	return repo->git;
}

/* Above the disk's backends: what the batch writes, it writes there. */
#define BATCH_PRIORITY 1000

/*
 * The batch works on an object database of its own, the disk's backends
 * and the memory above them, so that the repository's own is back as it
 * was when the batch ends.
 */
int kata_repo_batch_begin(struct kata_repo *repo, struct kata_error *err)
{
	git_odb *odb = NULL, *orig = NULL;
	git_odb_backend *mem = NULL;
	char *objects = NULL;
	int rc = 0;

	if (repo->batch)
		return 0;
	if (!(objects = kata_str_newf("%sobjects", git_repository_path(repo->git))))
		return kata_error_oom(err);
	if (git_repository_odb(&orig, repo->git) < 0 || git_odb_open(&odb, objects) < 0 ||
	    git_mempack_new(&mem) < 0) {
		rc = kata_error_from_git(err, "cannot keep objects in memory");
	} else if (git_odb_add_backend(odb, mem, BATCH_PRIORITY) < 0) {
		mem->free(mem);
		rc = kata_error_from_git(err, "cannot keep objects in memory");
	} else {
		git_repository_set_odb(repo->git, odb);
		repo->batch = mem;	/* the batch's odb owns it */
		repo->batch_orig = orig;
		orig = NULL;
	}
	git_odb_free(odb);
	git_odb_free(orig);
	free(objects);
	return rc;
}

bool kata_repo_batch(const struct kata_repo *repo)
{
	return repo->batch != NULL;
}

int kata_repo_batch_flush(struct kata_repo *repo, struct kata_error *err)
{
	git_buf pack = GIT_BUF_INIT;
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats = { 0 };
	int rc = 0;

	if (!repo->batch)
		return 0;
	if (git_mempack_dump(&pack, repo->git, repo->batch) < 0 ||
	    git_repository_odb(&odb, repo->git) < 0 ||
	    git_odb_write_pack(&wp, odb, NULL, NULL) < 0 ||
	    wp->append(wp, pack.ptr, pack.size, &stats) < 0 ||
	    wp->commit(wp, &stats) < 0)
		rc = kata_error_from_git(err, "cannot write the batch's pack");
	else if (git_mempack_reset(repo->batch) < 0)
		rc = kata_error_from_git(err, "cannot empty the batch's memory");
	else
		/*
		 * The dump knows no paths, and deltas want them: the packs
		 * are rolled up as kata keeps them day after day, so that
		 * the benchmark's repository is one kata would have made.
		 */
		rc = kata_pack_auto(repo->git, NULL, err);
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_buf_dispose(&pack);
	return rc;
}

int kata_repo_batch_end(struct kata_repo *repo, struct kata_error *err)
{
	git_index *index = NULL;
	int rc;

	if (!repo->batch)
		return 0;
	if ((rc = kata_repo_batch_flush(repo, err)) < 0)
		return rc;
	/* the index once, from the files the batch wrote (and their stat) */
	if (git_repository_index(&index, repo->git) < 0 || git_index_clear(index) < 0 ||
	    git_index_add_all(index, NULL, 0, NULL, NULL) < 0 || git_index_write(index) < 0)
		rc = kata_error_from_git(err, "cannot write the index");
	git_index_free(index);
	/* the repository's own odb again, which has to look for the packs */
	git_odb_refresh(repo->batch_orig);
	git_repository_set_odb(repo->git, repo->batch_orig);
	git_odb_free(repo->batch_orig);
	repo->batch_orig = NULL;
	repo->batch = NULL;
	return rc;
}

/* repo NULL: the configuration outside any repository (global, XDG, system). */
int kata_repo_config_get(char **out, struct kata_repo *repo, const char *key,
			 struct kata_error *err)
{
	git_config *cfg = NULL, *all = NULL;
	git_buf buf = GIT_BUF_INIT;
	int rc;

	*out = NULL;
	git_libgit2_init();	/* there may be no repository holding it yet */
	if (repo)
		rc = git_repository_config_snapshot(&cfg, repo->git);
	else if ((rc = git_config_open_default(&all)) == 0)
		rc = git_config_snapshot(&cfg, all);
	if (rc < 0) {
		rc = kata_error_from_git(err, "cannot read git config");
		goto done;
	}
	rc = git_config_get_string_buf(&buf, cfg, key);
	if (rc == 0) {
		*out = strdup(buf.ptr);
		rc = *out ? 0 : kata_error_oom(err);
	} else if (rc == GIT_ENOTFOUND) {
		rc = 0;
	} else {
		rc = kata_error_from_git(err, "cannot read git config");
	}
done:
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_config_free(all);
	git_libgit2_shutdown();
	return rc;
}

/* git's "crud" (ident.c): what it trims off both ends of a name. */
static bool ident_crud(unsigned char c)
{
	return c <= 32 || strchr(".,:;<>\"\\'", c);
}

int kata_repo_ident_check(const char *value, const char *what, bool is_name,
			  struct kata_error *err)
{
	const unsigned char *p;
	bool has_non_crud = false;

	for (p = (const unsigned char *)value; *p; p++) {
		/* a commit's author line ends at a newline, its email in '<'
		 * and '>': git drops them, libgit2 would write them */
		if (*p == '<' || *p == '>')
			return kata_error_set(err, KATA_ECONFIG,
					      "invalid git identity: %s holds '%c', which a commit's author line cannot",
					      what, *p);
		if (*p < 0x20 || *p == 0x7f)
			return kata_error_set(err, KATA_ECONFIG,
					      "invalid git identity: %s holds a %s, which a commit's author line cannot",
					      what, *p == '\n' ? "newline" : "control character");
		if (!ident_crud(*p))
			has_non_crud = true;
	}
	if (is_name && *value && !has_non_crud)
		return kata_error_set(err, KATA_ECONFIG,
				      "invalid git identity: %s consists only of disallowed characters",
				      what);
	return 0;
}

/*
 * One half of an identity as git finds it: the variable, else ROLE.KEY
 * (git 2.22's author.name, committer.email, ...), else user.KEY. *from
 * names where it came from, for the messages.
 */
static int ident_part(char **out, const char **from, struct kata_repo *repo, bool author,
		      bool is_name, const char *env, struct kata_error *err)
{
	static const char *const where[2][2][3] = {
		{ { "GIT_COMMITTER_EMAIL", "committer.email", "user.email" },
		  { "GIT_COMMITTER_NAME", "committer.name", "user.name" } },
		{ { "GIT_AUTHOR_EMAIL", "author.email", "user.email" },
		  { "GIT_AUTHOR_NAME", "author.name", "user.name" } },
	};
	const char *const *w = where[author][is_name];
	int rc;

	*from = w[0];
	if (env && *env)
		return (*out = strdup(env)) ? 0 : kata_error_oom(err);
	*from = w[1];
	if ((rc = kata_repo_config_get(out, repo, w[1], err)) < 0 || (*out && **out))
		return rc;
	free(*out);
	*from = w[2];
	return kata_repo_config_get(out, repo, w[2], err);
}

int kata_repo_identity(char **name, char **email, struct kata_repo *repo, const char *role,
		       const char *env_name, const char *env_email,
		       struct kata_error *err)
{
	const char *name_from, *email_from;
	bool author = !strcmp(role, "author");
	int rc;

	*name = *email = NULL;
	if ((rc = ident_part(name, &name_from, repo, author, true, env_name, err)) < 0 ||
	    (rc = ident_part(email, &email_from, repo, author, false, env_email, err)) < 0)
		goto done;
	if (!author) {
		/* what is not set is the author's: the caller's to fill in */
		if (*name && **name)
			rc = kata_repo_ident_check(*name, name_from, true, err);
		if (rc == 0 && *email && **email)
			rc = kata_repo_ident_check(*email, email_from, false, err);
	} else if (!*name || !**name)
		rc = kata_error_set(err, KATA_ECONFIG,
				    "no git identity: user.name is not set; run: git config --global user.name \"Your Name\"");
	else if (!*email || !**email)
		rc = kata_error_set(err, KATA_ECONFIG,
				    "no git identity: user.email is not set; run: git config --global user.email \"you@example.com\"");
	else if ((rc = kata_repo_ident_check(*name, name_from, true, err)) == 0)
		rc = kata_repo_ident_check(*email, email_from, false, err);
done:
	if (rc < 0) {
		free(*name);
		free(*email);
		*name = *email = NULL;
	}
	return rc;
}

int kata_repo_check_state(struct kata_repo *repo, struct kata_error *err)
{
	const char *what, *finish;

	/* git status's words: what is in progress and how to end it */
	switch (git_repository_state(repo->git)) {
	case GIT_REPOSITORY_STATE_NONE:
		return 0;
	case GIT_REPOSITORY_STATE_MERGE:
		what = "a merge";
		finish = "conclude it ('git commit') or abort it ('git merge --abort')";
		break;
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		what = "a revert";
		finish = "continue it ('git revert --continue') or abort it ('git revert --abort')";
		break;
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		what = "a cherry-pick";
		finish = "continue it ('git cherry-pick --continue') or abort it ('git cherry-pick --abort')";
		break;
	case GIT_REPOSITORY_STATE_BISECT:
		what = "a bisect";
		finish = "end it ('git bisect reset')";
		break;
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
		what = "a rebase";
		finish = "continue it ('git rebase --continue') or abort it ('git rebase --abort')";
		break;
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		what = "an am session";
		finish = "continue it ('git am --continue') or abort it ('git am --abort')";
		break;
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		what = "an am session or a rebase";
		finish = "end it ('git am --abort' or 'git rebase --abort')";
		break;
	default:
		what = "an operation";
		finish = "finish or abort it";
		break;
	}
	return kata_error_set(err, KATA_EPRACTICE,
			      "git has %s in progress; %s before kata writes", what, finish);
}

/*
 * The records are read and written without following a symbolic link, on
 * the way or at the end: a link committed into the repository would show a
 * file from anywhere on the machine, or write outside the work tree. The
 * walk opens each folder of path in turn with O_NOFOLLOW. It returns the
 * folder that holds path's last component (named by *last, "." for the
 * work tree itself) or -1 with errno: ENOENT when a folder on the way is
 * missing or is a file, ELOOP when one is a symbolic link (*link_len then
 * the length of path up to its end).
 */
static int walk(const struct kata_repo *repo, const char *path, char *last, size_t size,
		size_t *link_len)
{
	const char *p = path;
	int fd, next, e;

	*link_len = 0;
	if ((fd = open(repo->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	snprintf(last, size, ".");
	for (;;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			return fd;
		if (n >= size) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(last, p, n);
		last[n] = '\0';
		if (!p[n + strspn(p + n, "/")])
			return fd;	/* the last component */
		next = openat(fd, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			struct stat st;

			e = errno;
			if (fstatat(fd, last, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
				e = ELOOP;
				*link_len = (size_t)(p + n - path);
			} else if (e == ENOTDIR) {
				e = ENOENT;
			}
			close(fd);
			errno = e;
			return -1;
		}
		close(fd);
		fd = next;
		p += n;
	}
}

/* The error for a symbolic link at the first len bytes of path. */
static int link_error(struct kata_error *err, const char *path, size_t len)
{
	char *at = strndup(path, len);
	int rc = kata_error_set_at(err, KATA_EINVALID, at ? at : path, 0, 0,
				   "is a symbolic link, which kata never follows in a repository's records; replace it with the folder or file itself");

	free(at);
	return rc;
}

/* Opens path in the work tree (a folder if dir), following no link. */
static int open_in(int *fd_out, struct kata_repo *repo, const char *path, bool dir,
		   struct kata_error *err)
{
	char last[NAME_MAX + 1];
	size_t link_len;
	int pfd, fd, e;

	*fd_out = -1;
	if ((pfd = walk(repo, path, last, sizeof(last), &link_len)) < 0) {
		if (errno == ELOOP)
			return link_error(err, path, link_len);
		if (errno == ENOENT)
			return kata_error_set_at(err, KATA_ENOTFOUND, path, 0, 0, "no such file");
		return kata_error_set_at(err, KATA_ERROR, path, 0, 0, "cannot open: %s",
					 strerror(errno));
	}
	/* O_NONBLOCK: a FIFO opens at once (and is refused) instead of
	 * waiting for a writer for ever; a regular file reads the same */
	fd = openat(pfd, last, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
			       (dir ? O_DIRECTORY : O_NONBLOCK));
	e = errno;
	if (fd < 0) {
		struct stat st;

		if (fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
			e = ELOOP;
	}
	close(pfd);
	if (fd >= 0) {
		*fd_out = fd;
		return 0;
	}
	if (e == ELOOP)
		return link_error(err, path, strlen(path));
	if (e == ENOENT)
		return kata_error_set_at(err, KATA_ENOTFOUND, path, 0, 0, "no such file");
	if (e == ENOTDIR)
		return kata_error_set_at(err, KATA_ERROR, path, 0, 0, "is a file, not a folder");
	return kata_error_set_at(err, KATA_ERROR, path, 0, 0, "cannot open: %s", strerror(e));
}

int kata_repo_load(struct kata_node **out, struct kata_repo *repo,
		   const char *path, struct kata_error *err)
{
	int fd, rc;

	*out = NULL;
	if ((rc = open_in(&fd, repo, path, false, err)) < 0)
		return rc;
	rc = kata_yaml_load_fd(out, fd, path, err);
	close(fd);
	return rc;
}

enum kata_ftype kata_repo_ftype(struct kata_repo *repo, const char *path)
{
	char last[NAME_MAX + 1];
	struct stat st;
	size_t link_len;
	int pfd, rc;

	if ((pfd = walk(repo, path, last, sizeof(last), &link_len)) < 0)
		return errno == ELOOP ? KATA_FTYPE_LINK : KATA_FTYPE_NONE;
	rc = fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW);
	close(pfd);
	if (rc < 0)
		return KATA_FTYPE_NONE;
	if (S_ISREG(st.st_mode))
		return KATA_FTYPE_FILE;
	if (S_ISDIR(st.st_mode))
		return KATA_FTYPE_DIR;
	return S_ISLNK(st.st_mode) ? KATA_FTYPE_LINK : KATA_FTYPE_OTHER;
}

bool kata_repo_exists(struct kata_repo *repo, const char *path)
{
	return kata_repo_ftype(repo, path) != KATA_FTYPE_NONE;
}

int kata_repo_check_write(struct kata_repo *repo, const char *path, struct kata_error *err)
{
	char last[NAME_MAX + 1];
	struct stat st;
	size_t link_len;
	int pfd, rc;

	if ((pfd = walk(repo, path, last, sizeof(last), &link_len)) < 0) {
		if (errno == ELOOP)
			return link_error(err, path, link_len);
		return errno == ENOENT ? 0 : kata_error_set_at(err, KATA_ERROR, path, 0, 0,
							      "cannot open: %s", strerror(errno));
	}
	rc = fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW);
	close(pfd);
	if (rc < 0 || S_ISREG(st.st_mode))
		return 0;
	if (S_ISLNK(st.st_mode))
		return link_error(err, path, strlen(path));
	return kata_error_set_at(err, KATA_EINVALID, path, 0, 0,
				 "is %s, not a regular file",
				 kata_yaml_file_type(st.st_mode));
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int kata_repo_list(char ***out, size_t *n, struct kata_repo *repo,
		   const char *path, enum kata_list_filter filter,
		   struct kata_error *err)
{
	DIR *dir = NULL;
	struct dirent *de;
	char **v = NULL;
	size_t len = 0, cap = 0;
	int rc = 0, fd;

	*out = NULL;
	*n = 0;
	if ((rc = open_in(&fd, repo, path, true, err)) < 0) {
		if (rc != KATA_ENOTFOUND)
			return rc;
		kata_error_release(err);
		if (!(v = calloc(1, sizeof(*v))))
			return kata_error_oom(err);
		*out = v;
		return 0;
	}
	if (!(dir = fdopendir(fd))) {
		close(fd);
		return errno_error(err, "read folder", path);
	}
	while ((de = readdir(dir))) {
		struct stat st;
		bool isdir, islink;

		if (de->d_name[0] == '.')
			continue;	/* ".", "..", and editors' hidden files */
		/*
		 * The folder entry's type where the file system gives it:
		 * a learner's years of target folders cost no stat each.
		 */
		if (de->d_type == DT_DIR || de->d_type == DT_REG || de->d_type == DT_LNK) {
			isdir = de->d_type == DT_DIR;
			islink = de->d_type == DT_LNK;
		} else if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			isdir = S_ISDIR(st.st_mode);
			islink = S_ISLNK(st.st_mode);
		} else {
			continue;	/* gone meanwhile */
		}
		/* a link is listed either way, for its reader to refuse: it
		 * may stand for a folder or a file */
		if ((filter == KATA_LIST_DIRS && !isdir && !islink) ||
		    (filter == KATA_LIST_FILES && isdir))
			continue;
		if (len + 2 > cap) {
			char **nv;
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				rc = kata_error_oom(err);
				goto done;
			}
			v = nv;
		}
		if (!(v[len] = strdup(de->d_name))) {
			rc = kata_error_oom(err);
			goto done;
		}
		v[++len] = NULL;
	}
	if (!v && !(v = calloc(1, sizeof(*v)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	qsort(v, len, sizeof(*v), cmpstr);
done:
	if (dir)
		closedir(dir);
	if (rc < 0) {
		if (v)
			v[len] = NULL;
		kata_strv_free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return 0;
}

