#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/repo.h"
#include "kata/str.h"
#include "remote.h"

/* What the callbacks of one network call share. */
struct remote_ctx {
	const char *name;	/* the remote's */
	char *refused;		/* the push's status for a ref it refused */
};

static int push_update_reference(const char *refname, const char *status, void *data)
{
	struct remote_ctx *ctx = data;

	(void)refname;
	if (status && !ctx->refused)
		ctx->refused = strdup(status);
	return 0;
}

/*
 * The one place that sets up what libgit2 calls back during a network
 * call: the push's answer per ref now; credentials and certificate checks
 * of the transports go here too, so that fetch and push share them.
 */
static void remote_callbacks(git_remote_callbacks *cb, struct remote_ctx *ctx)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->push_update_reference = push_update_reference;
	cb->payload = ctx;
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

/* One line for a failed network call: what, which remote, libgit2's why. */
static int net_error(struct kata_error *err, const char *what, git_remote *remote)
{
	const git_error *e = git_error_last();

	return kata_error_set(err, KATA_ERROR, "cannot %s '%s' (%s): %s", what,
			      git_remote_name(remote), git_remote_url(remote),
			      e && e->message ? e->message : "unknown error");
}

int kata_remote_fetch(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	git_fetch_options opts;
	struct remote_ctx ctx = { name, NULL };
	git_remote *remote = NULL;
	int rc;

	if ((rc = lookup(&remote, repo, name, err)) < 0)
		return rc;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_fetch(remote, NULL, &opts, "kata: sync: fetch") < 0)
		rc = net_error(err, "fetch from", remote);
	free(ctx.refused);
	git_remote_free(remote);
	return rc;
}

int kata_remote_push(struct kata_repo *repo, const char *name, const char *src,
		     const char *dst, struct kata_error *err)
{
	git_push_options opts;
	struct remote_ctx ctx = { name, NULL };
	git_remote *remote = NULL;
	char *spec = NULL;
	git_strarray specs;
	int rc;

	if ((rc = lookup(&remote, repo, name, err)) < 0)
		return rc;
	if (!(spec = kata_str_newf("%s:%s", src, dst))) {
		rc = kata_error_oom(err);
		goto done;
	}
	specs.strings = &spec;
	specs.count = 1;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	rc = git_remote_push(remote, &specs, &opts);
	if (rc == GIT_ENONFASTFORWARD) {
		rc = 1;	/* libgit2 saw the remote ahead of what we have */
	} else if (rc < 0) {
		rc = net_error(err, "push to", remote);
	} else if (ctx.refused) {
		/* the server's answer: moved meanwhile, or a hook said no */
		if (strstr(ctx.refused, "fast-forward") || strstr(ctx.refused, "fetch first") ||
		    strstr(ctx.refused, "stale"))
			rc = 1;
		else
			rc = kata_error_set(err, KATA_ERROR, "'%s' (%s) refused the push: %s",
					    name, git_remote_url(remote), ctx.refused);
	}
done:
	free(ctx.refused);
	free(spec);
	git_remote_free(remote);
	return rc;
}
