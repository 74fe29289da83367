#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/repo.h"
#include "kata/str.h"
#include "lockfile.h"
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
 * url.<base>.insteadOf (or .pushInsteadOf, by suffix) as git applies it:
 * the longest value that begins *url is replaced by its <base>. Read by
 * walking the entries, not by a regular expression: the pattern scan of
 * Debian 12's libgit2 (1.5.1) leaks a match block per entry.
 */
static int rewrite_url(char **url, git_config *snap, const char *suffix, bool *done,
		       struct kata_error *err)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t best = 0, slen = strlen(suffix);
	char *base = NULL, *to;
	int rc;

	*done = false;
	if (git_config_iterator_new(&it, snap) < 0)
		return kata_error_from_git(err, "cannot read git config");
	while ((rc = git_config_next(&e, it)) == 0) {
		size_t n = strlen(e->name), v = strlen(e->value);

		if (n <= 4 + slen || strncmp(e->name, "url.", 4) ||
		    strcmp(e->name + n - slen, suffix) || !v || v <= best ||
		    strncmp(*url, e->value, v))
			continue;
		free(base);
		if (!(base = strndup(e->name + 4, n - 4 - slen))) {
			git_config_iterator_free(it);
			return kata_error_oom(err);
		}
		best = v;
	}
	git_config_iterator_free(it);
	if (rc != GIT_ITEROVER) {
		free(base);
		return kata_error_from_git(err, "cannot read git config");
	}
	if (!base)
		return 0;
	to = kata_str_newf("%s%s", base, *url + best);
	free(base);
	if (!to)
		return kata_error_oom(err);
	free(*url);
	*url = to;
	*done = true;
	return 0;
}

/*
 * The URL git would use for the remote: remote.<name>.url, or for a push
 * remote.<name>.pushurl when set; then rewritten by url.<base>.insteadOf,
 * or for a push without a pushurl by url.<base>.pushInsteadOf first.
 */
static int remote_url(char **out, struct kata_repo *repo, const char *name, bool push,
		      struct kata_error *err)
{
	git_config *cfg = NULL, *snap = NULL;
	char *key = NULL, *url = NULL;
	bool pushurl = false, done = false;
	int rc = 0;

	*out = NULL;
	if (push) {
		if (!(key = kata_str_newf("remote.%s.pushurl", name)))
			return kata_error_oom(err);
		rc = kata_repo_config_get(&url, repo, key, err);
		free(key);
		if (rc < 0)
			return rc;
		pushurl = url != NULL;
	}
	if (!url) {
		if (!(key = kata_str_newf("remote.%s.url", name)))
			return kata_error_oom(err);
		rc = kata_repo_config_get(&url, repo, key, err);
		free(key);
		if (rc < 0)
			return rc;
	}
	if (!url)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "no remote '%s'; add the team's repository with 'git remote add %s URL'",
				      name, name);
	if (git_repository_config(&cfg, kata_repo_git(repo)) < 0 ||
	    git_config_snapshot(&snap, cfg) < 0) {
		rc = kata_error_from_git(err, "cannot read git config");
		goto done;
	}
	if (push && !pushurl)
		rc = rewrite_url(&url, snap, ".pushinsteadof", &done, err);
	if (rc == 0 && !done)
		rc = rewrite_url(&url, snap, ".insteadof", &done, err);
done:
	git_config_free(snap);
	git_config_free(cfg);
	if (rc < 0) {
		free(url);
		return rc;
	}
	*out = url;
	return 0;
}

/*
 * The remote by the URL git would use (remote_url), with the refspecs of
 * remote.<name>.fetch handed to each call. Not through git_remote_lookup,
 * whose insteadOf scan leaks in Debian 12's libgit2 (see rewrite_url).
 */
static int lookup(git_remote **out, char **url_out, struct kata_repo *repo, const char *name,
		  bool push, struct kata_error *err)
{
	git_remote_create_options opts;
	char *url = NULL;
	int rc;

	*out = NULL;
	if ((rc = remote_url(&url, repo, name, push, err)) < 0)
		return rc;
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
	rc = kata_repo_config_get(&url, repo, key, err);
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

/*
 * One line for a failed network call: what, which remote, its URL without
 * a password, and why (remote_auth.c reads the callbacks' and libgit2's).
 */
static int net_error(struct kata_error *err, const char *what, struct remote_ctx *ctx,
		     int code)
{
	char *prefix = kata_str_newf("cannot %s '%s'", what, ctx->name);

	if (!prefix)
		return kata_error_oom(err);
	remote_auth_error(&ctx->auth, code, prefix, err);
	free(prefix);
	return err->code;
}

/*
 * What git fetch does after the download: each ref the remote has that a
 * fetch refspec maps, written to where it maps it (when it changed, and
 * unless a refspec without '+' would not fast-forward it).
 */
static int update_tips(struct kata_repo *repo, git_remote *remote, const struct specs *s,
		       struct kata_error *err)
{
	git_repository *git = kata_repo_git(repo);
	const git_remote_head **heads;
	git_odb *odb = NULL;
	size_t nheads, i, k;
	int rc = 0;

	if (git_remote_ls(&heads, &nheads, remote) < 0 || git_repository_odb(&odb, git) < 0)
		return kata_error_from_git(err, "cannot list the remote's refs");
	for (i = 0; rc == 0 && i < nheads; i++) {
		if (strncmp(heads[i]->name, "refs/", 5))
			continue;
		for (k = 0; rc == 0 && k < s->n; k++) {
			git_refspec *spec = NULL;
			git_buf dst = GIT_BUF_INIT_CONST(NULL, 0);
			git_oid cur;
			bool has;

			if (git_refspec_parse(&spec, s->v[k], 1) < 0)
				continue;
			if (!git_refspec_src_matches(spec, heads[i]->name) ||
			    git_refspec_transform(&dst, spec, heads[i]->name) < 0 ||
			    !git_odb_exists(odb, &heads[i]->oid)) {
				git_refspec_free(spec);
				git_buf_dispose(&dst);
				continue;
			}
			has = git_reference_name_to_id(&cur, git, dst.ptr) == 0;
			if (!(has && git_oid_equal(&cur, &heads[i]->oid)) &&
			    (git_refspec_force(spec) || !has ||
			     git_graph_descendant_of(git, &heads[i]->oid, &cur) == 1))
				rc = kata_ref_write(git, dst.ptr, &heads[i]->oid, "kata: sync: fetch", err);
			git_refspec_free(spec);
			git_buf_dispose(&dst);
		}
	}
	git_odb_free(odb);
	return rc;
}

int kata_remote_fetch(struct kata_repo *repo, const char *name, struct kata_error *err)
{
	git_fetch_options opts;
	struct remote_ctx ctx = { name, { 0 } };
	git_remote *remote = NULL;
	git_strarray refspecs;
	struct specs s = { NULL, 0, false };
	char *url = NULL;
	int rc;

	if ((rc = lookup(&remote, &url, repo, name, false, err)) < 0 ||
	    (rc = fetch_specs(&s, repo, name, err)) < 0 ||
	    (rc = remote_auth_init(&ctx.auth, kata_repo_git(repo), url, err)) < 0)
		goto done;
	refspecs.strings = s.v;
	refspecs.count = s.n;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &ctx);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	/*
	 * The objects only: libgit2's update of the tips would take each
	 * ref's lock as a file nothing proves ours, which a kill would leave
	 * for every later sync to fail on. kata writes the refs itself.
	 */
	if ((rc = git_remote_download(remote, &refspecs, &opts)) < 0) {
		rc = net_error(err, "fetch from", &ctx, rc);
		goto done;
	}
	rc = update_tips(repo, remote, &s, err);
	git_remote_disconnect(remote);
done:
	specs_release(&s);
	remote_auth_release(&ctx.auth);
	free(url);
	git_remote_free(remote);
	return rc;
}

int kata_remote_push(struct kata_repo *repo, const char *name, const char *src,
		     const char *dst, struct kata_error *err)
{
	git_push_options opts;
	struct remote_ctx ctx = { name, { 0 } };
	git_remote *remote = NULL;
	char *spec = NULL, *url = NULL;
	git_strarray specs;
	const char *status;
	int rc;

	if ((rc = lookup(&remote, &url, repo, name, true, err)) < 0)
		return rc;
	if ((rc = remote_auth_init(&ctx.auth, kata_repo_git(repo), url, err)) < 0)
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
		rc = net_error(err, "push to", &ctx, rc);
	} else if (status) {
		/* the server's answer: moved meanwhile, or a hook said no */
		if (strstr(status, "fast-forward") || strstr(status, "fetch first") ||
		    strstr(status, "stale"))
			rc = 1;
		else
			rc = net_error(err, "push to", &ctx, 0);
	}
done:
	remote_auth_release(&ctx.auth);
	free(spec);
	free(url);
	git_remote_free(remote);
	return rc;
}
