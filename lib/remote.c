#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/repo.h"
#include "kata/str.h"
#include "remote.h"
#include "remote_auth.h"

/* What the callbacks of one network call share. */
struct remote_ctx {
	const char *name;	/* the remote's */
	struct remote_auth auth;	/* credentials, host keys, the push's answer */
};

/*
 * The one place that sets up what libgit2 calls back during a network
 * call, so that fetch and push share them: credentials and the checks of
 * host keys and certificates (remote_auth.c), the push's answer per ref.
 */
static void remote_callbacks(git_remote_callbacks *cb, struct remote_ctx *ctx)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	remote_auth_callbacks(cb, &ctx->auth);
}

static int lookup(git_remote **out, struct kata_repo *repo, const char *name,
		  struct kata_error *err)
{
	int rc = git_remote_lookup(out, kata_repo_git(repo), name);

	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "no remote '%s'; add the team's repository with 'git remote add %s URL'",
				      name, name);
	if (rc < 0)
		return kata_error_from_git(err, "cannot read the remote");
	return 0;
}

int kata_remote_exists(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	git_remote *remote = NULL;
	int rc = git_remote_lookup(&remote, kata_repo_git(repo), name);

	git_remote_free(remote);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return 0;
	if (rc < 0)
		return kata_error_from_git(err, "cannot read the remote");
	return 1;
}

/* One line for a failed network call: what, which remote, and why. */
static int net_error(struct kata_error *err, const char *what, git_remote *remote,
		     struct remote_ctx *ctx, int code)
{
	char *prefix = kata_str_newf("cannot %s '%s'", what, git_remote_name(remote));

	if (!prefix)
		return kata_error_oom(err);
	remote_auth_error(&ctx->auth, code, prefix, err);
	free(prefix);
	return err->code;
}

int kata_remote_fetch(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	git_fetch_options opts;
	struct remote_ctx ctx = { name, { 0 } };
	git_remote *remote = NULL;
	int rc;

	if ((rc = lookup(&remote, repo, name, err)) < 0)
		return rc;
	if ((rc = remote_auth_init(&ctx.auth, kata_repo_git(repo),
				   git_remote_url(remote), err)) < 0)
		goto done;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if ((rc = git_remote_fetch(remote, NULL, &opts, "kata: sync: fetch")) < 0)
		rc = net_error(err, "fetch from", remote, &ctx, rc);
done:
	remote_auth_release(&ctx.auth);
	git_remote_free(remote);
	return rc;
}

int kata_remote_push(struct kata_repo *repo, const char *name, const char *src,
		     const char *dst, struct kata_error *err)
{
	git_push_options opts;
	struct remote_ctx ctx = { name, { 0 } };
	git_remote *remote = NULL;
	char *spec = NULL;
	git_strarray specs;
	const char *status;
	int rc;

	if ((rc = lookup(&remote, repo, name, err)) < 0)
		return rc;
	if ((rc = remote_auth_init(&ctx.auth, kata_repo_git(repo),
				   git_remote_pushurl(remote) ? git_remote_pushurl(remote) :
				   git_remote_url(remote), err)) < 0)
		goto done;
	if (!(spec = kata_str_newf("%s:%s", src, dst))) {
		rc = kata_error_oom(err);
		goto done;
	}
	specs.strings = &spec;
	specs.count = 1;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	rc = git_remote_push(remote, &specs, &opts);
	status = ctx.auth.refused_status;
	if (rc == GIT_ENONFASTFORWARD) {
		rc = 1;	/* libgit2 saw the remote ahead of what we have */
	} else if (rc < 0) {
		rc = net_error(err, "push to", remote, &ctx, rc);
	} else if (status) {
		/* the server's answer: moved meanwhile, or a hook said no */
		if (strstr(status, "fast-forward") || strstr(status, "fetch first") ||
		    strstr(status, "stale"))
			rc = 1;
		else
			rc = net_error(err, "push to", remote, &ctx, 0);
	}
done:
	remote_auth_release(&ctx.auth);
	free(spec);
	git_remote_free(remote);
	return rc;
}
