#include <stdio.h>
#include <string.h>

#include "kata.h"
#include "kata/sync.h"

static void print_counts(const char *label, const struct kata_sync_count *v, size_t n)
{
	struct kata_buf b = KATA_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		kata_buf_truncate(&b, 0);
		kata_sync_count_describe(&b, &v[i]);
		printf("%s %s:%s\n", label, *v[i].learner ? v[i].learner : "(repository)",
		       b.len ? b.buf : "");
	}
	kata_buf_release(&b);
}

static json_t *counts_json(const struct kata_sync_count *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s?,s:I,s:I,s:I,s:I}", "learner",
						   *v[i].learner ? v[i].learner : NULL,
						   "steps", (json_int_t)v[i].steps,
						   "measures", (json_int_t)v[i].measures,
						   "coaching", (json_int_t)v[i].coaching,
						   "other", (json_int_t)v[i].other));
	return a;
}

static json_t *conflicts_json(const struct kata_sync_conflict *c, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s}", "path", c[i].path,
						   "field", c[i].field, "kind",
						   c[i].practice ? "practice" : "field",
						   "ours", c[i].ours, "theirs", c[i].theirs));
	return a;
}

/* One error line per conflict, then how to settle them. */
static void print_conflicts(const struct kata_sync_conflict *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].practice)
			cmd_errorf("%s: %s: yours %s; theirs %s", c[i].path, c[i].field, c[i].ours,
				   c[i].theirs);
		else
			cmd_errorf("%s: '%s' changed on both sides: yours '%s', theirs '%s'",
				   c[i].path, c[i].field, c[i].ours, c[i].theirs);
}

int cmd_sync(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct cmd_operands operands = {
		0, 1, NULL, "too many arguments; name one remote", false,
	};
	struct kata_sync_opts so = { NULL, 0, NULL, NULL };
	struct kata_sync_result res;
	struct kata_error err;
	int r, rc;

	if ((r = cmd_parse(ctx, argc, argv, NULL, &operands)) >= 0 || (r = cmd_who(ctx)))
		return r;
	so.remote = ctx->nargs ? ctx->args[0] : NULL;
	kata_error_init(&err);
	rc = kata_sync(&res, ctx->repo, &so, &ctx->who, &err);
	if (rc == KATA_ECONFLICT) {
		print_conflicts(res.conflicts, res.n_conflicts);
		cmd_error(&err);
		cmd_errorf("settle each with 'kata resolve --ours|--theirs [RECORD [FIELD]]', then run 'kata sync' again");
		kata_sync_result_release(&res);
		return 1;
	}
	if (rc < 0) {
		/* what landed before the failure (a merge, then a push that
		   failed) is kept, and said: the next sync goes on from it */
		if (res.merged)
			printf("merged %s into %s: %.7s\n", res.tracking, res.branch, res.commit);
		else if (res.fast_forward)
			printf("fast-forwarded %s to %s: %.7s\n", res.branch, res.tracking,
			       res.commit);
		kata_sync_result_release(&res);
		return cmd_error(&err);
	}
	if (ctx->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:b,s:b,s:b,s:s,s:I,s:o,s:o}",
				      "remote", res.remote, "branch", res.branch,
				      "tracking", res.tracking, "fast_forward", res.fast_forward,
				      "merged", res.merged, "pushed", res.pushed,
				      "commit", res.commit, "tries", (json_int_t)res.tries,
				      "in", counts_json(res.in, res.n_in),
				      "out", counts_json(res.out, res.n_out));
		kata_sync_result_release(&res);
		return cmd_json_print(j);
	}
	print_counts("in", res.in, res.n_in);
	print_counts("out", res.out, res.n_out);
	if (res.merged)
		printf("merged %s into %s: %.7s\n", res.tracking, res.branch, res.commit);
	else if (res.fast_forward)
		printf("fast-forwarded %s to %s: %.7s\n", res.branch, res.tracking, res.commit);
	if (res.pushed)
		printf("pushed %s to %s\n", res.branch, res.remote);
	if (!res.merged && !res.fast_forward && !res.pushed)
		printf("up to date with %s\n", res.tracking);
	if (res.upstream_set)
		printf("%s now syncs with %s\n", res.branch, res.tracking);
	kata_sync_result_release(&res);
	return 0;
}

int cmd_resolve(int argc, char **argv, struct kata_ctx *ctx)
{
	bool ours = false, theirs = false;
	struct cmd_opt opts[] = {
		CMD_FLAG(0, "ours", &ours, "keep your value (your records, for a rule of the practice)"),
		CMD_FLAG(0, "theirs", &theirs, "keep the remote's value (its records)"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		0, 2, NULL, "too many arguments; name a record and a field", false,
	};
	struct kata_sync_conflict *c = NULL;
	struct kata_error err;
	size_t n = 0;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 || (r = cmd_repo(ctx)))
		return r;
	if (ours && theirs)
		return cmd_usage_error(ctx, "--ours and --theirs: choose one");
	kata_error_init(&err);
	if (!ours && !theirs) {
		if (ctx->nargs)
			return cmd_usage_error(ctx, "name a side: --ours or --theirs");
		if (kata_sync_stopped(&c, &n, ctx->repo, &err) < 0)
			return cmd_error(&err);
		if (ctx->json)
			return cmd_json_print(conflicts_json(c, n));
		if (n == 0)
			printf("no sync is stopped\n");
		for (size_t i = 0; i < n; i++)
			printf("%s %s: yours '%s', theirs '%s'\n", c[i].path, c[i].field, c[i].ours,
			       c[i].theirs);
		kata_sync_conflicts_free(c, n);
		return 0;
	}
	if (kata_sync_choose(&n, ctx->repo, ctx->nargs > 0 ? ctx->args[0] : NULL,
			     ctx->nargs > 1 ? ctx->args[1] : NULL,
			     ours ? KATA_MERGE_OURS : KATA_MERGE_THEIRS, &err) < 0)
		return cmd_error(&err);
	printf("settled %zu conflict%s (%s); run 'kata sync' to merge\n", n, n == 1 ? "" : "s",
	       ours ? "yours" : "theirs");
	return 0;
}
