#include <stdbool.h>
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

/* The value of a config key of the repository; *out NULL when unset. */
static int config_get(char **out, struct kata_repo *repo, const char *key,
		      struct kata_error *err)
{
	return kata_repo_config_get(out, repo, key, err);
}

struct specs {
	char **v;
	size_t n;
	bool oom;
};

static int add_spec(const git_config_entry *e, void *data)
{
	struct specs *s = data;
	char **nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

	if (!nv || !(nv[s->n] = strdup(e->value))) {
		if (nv)
			s->v = nv;
		s->oom = true;
		return -1;
	}
	s->v = nv;
	s->n++;
	return 0;
}

static void specs_release(struct specs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* remote.<name>.fetch, every value. */
static int fetch_specs(struct specs *out, struct kata_repo *repo, const char *name,
		       struct kata_error *err)
{
	git_config *cfg = NULL, *snap = NULL;
	char *key = kata_str_newf("remote.%s.fetch", name);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!key)
		return kata_error_oom(err);
	if (git_repository_config(&cfg, kata_repo_git(repo)) < 0 ||
	    git_config_snapshot(&snap, cfg) < 0) {
		rc = kata_error_from_git(err, "cannot read git config");
		goto done;
	}
	rc = git_config_get_multivar_foreach(snap, key, NULL, add_spec, out);
	if (out->oom)
		rc = kata_error_oom(err);
	else if (rc == GIT_ENOTFOUND)
		rc = 0;
	else if (rc < 0)
		rc = kata_error_from_git(err, "cannot read git config");
done:
	if (rc < 0)
		specs_release(out);
	git_config_free(snap);
	git_config_free(cfg);
	free(key);
	return rc;
}

/*
 * The remote by its configured URL. Not through git_remote_lookup: in the
 * libgit2 of Debian 12 (1.5.1) its url.*.insteadOf scan leaks a regex match
 * block per config entry. So the remote is made from remote.<name>.url
 * with the refspecs of remote.<name>.fetch handed to each call; insteadOf
 * and pushurl are not applied (yet).
 */
static int lookup(git_remote **out, char **url_out, struct kata_repo *repo, const char *name,
		  struct kata_error *err)
{
	git_remote_create_options opts;
	char *key = kata_str_newf("remote.%s.url", name), *url = NULL;
	int rc;

	*out = NULL;
	if (!key)
		return kata_error_oom(err);
	rc = config_get(&url, repo, key, err);
	free(key);
	if (rc < 0)
		return rc;
	if (!url)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "no remote '%s'; add the team's repository with 'git remote add %s URL'",
				      name, name);
	git_remote_create_options_init(&opts, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	opts.repository = kata_repo_git(repo);
	opts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, url, &opts) < 0) {
		rc = kata_error_from_git(err, "cannot read the remote");
		free(url);
		return rc;
	}
	*url_out = url;
	return 0;
}

int kata_remote_exists(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	char *key = kata_str_newf("remote.%s.url", name), *url = NULL;
	int rc;

	if (!key)
		return kata_error_oom(err);
	rc = config_get(&url, repo, key, err);
	free(key);
	if (rc < 0)
		return rc;
	rc = url != NULL;
	free(url);
	return rc;
}

int kata_remote_tracking(char **out, struct kata_repo *repo, const char *name,
			 const char *ref, struct kata_error *err)
{
	struct specs s;
	git_buf buf = GIT_BUF_INIT;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = fetch_specs(&s, repo, name, err)) < 0)
		return rc;
	for (i = 0; i < s.n && !*out; i++) {
		git_refspec *spec = NULL;

		if (git_refspec_parse(&spec, s.v[i], 1) == 0 && git_refspec_src_matches(spec, ref) &&
		    git_refspec_transform(&buf, spec, ref) == 0 && !(*out = strdup(buf.ptr)))
			rc = kata_error_oom(err);
		git_refspec_free(spec);
	}
	git_buf_dispose(&buf);
	specs_release(&s);
	return rc;
}

/* One line for a failed network call: what, which remote, libgit2's why. */
static int net_error(struct kata_error *err, const char *what, const char *name,
		     const char *url)
{
	const git_error *e = git_error_last();

	return kata_error_set(err, KATA_ERROR, "cannot %s '%s' (%s): %s", what, name, url,
			      e && e->message ? e->message : "unknown error");
}

int kata_remote_fetch(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	git_fetch_options opts;
	struct remote_ctx ctx = { name, NULL };
	git_remote *remote = NULL;
	git_strarray refspecs;
	struct specs s = { NULL, 0, false };
	char *url = NULL;
	int rc;

	if ((rc = lookup(&remote, &url, repo, name, err)) < 0 ||
	    (rc = fetch_specs(&s, repo, name, err)) < 0)
		goto done;
	refspecs.strings = s.v;
	refspecs.count = s.n;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_fetch(remote, &refspecs, &opts, "kata: sync: fetch") < 0)
		rc = net_error(err, "fetch from", name, url);
done:
	specs_release(&s);
	free(ctx.refused);
	free(url);
	git_remote_free(remote);
	return rc;
}

int kata_remote_push(struct kata_repo *repo, const char *name, const char *src,
		     const char *dst, struct kata_error *err)
{
	git_push_options opts;
	struct remote_ctx ctx = { name, NULL };
	git_remote *remote = NULL;
	char *spec = NULL, *url = NULL;
	git_strarray specs;
	int rc;

	if ((rc = lookup(&remote, &url, repo, name, err)) < 0)
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
		rc = net_error(err, "push to", name, url);
	} else if (ctx.refused) {
		/* the server's answer: moved meanwhile, or a hook said no */
		if (strstr(ctx.refused, "fast-forward") || strstr(ctx.refused, "fetch first") ||
		    strstr(ctx.refused, "stale"))
			rc = 1;
		else
			rc = kata_error_set(err, KATA_ERROR, "'%s' (%s) refused the push: %s",
					    name, url, ctx.refused);
	}
done:
	free(ctx.refused);
	free(spec);
	free(url);
	git_remote_free(remote);
	return rc;
}
