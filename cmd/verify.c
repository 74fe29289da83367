#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/verify.h"

struct out {
	const struct kata_ctx *ctx;
	json_t *list;		/* --json */
};

/* A JSON string, or null for text that is not UTF-8 (a commit made by
 * hand may hold any bytes). */
static json_t *text(const char *s)
{
	json_t *j = json_string(s);

	return j ? j : json_null();
}

/* abbrev  author-email  path[:line:col]: why, one line a finding */
static void print_finding(const struct kata_verify_finding *f, void *data)
{
	struct out *o = data;
	const struct kata_ctx *ctx = o->ctx;
	json_t *j;

	if (!o->list) {
		/* the email, path and message quote what a commit holds */
		char *t[3];
		const char *email = cmd_safe(&t[0], f->author_email, false);
		const char *path = cmd_safe(&t[1], f->path, false);
		const char *msg = cmd_safe(&t[2], f->message, false);

		printf("%s%s%s %s ", cmd_c(ctx, C_YELLOW), f->abbrev, cmd_c(ctx, C_RESET), email);
		if (f->line)
			printf("%s:%u:%u: %s\n", path, f->line, f->col, msg);
		else
			printf("%s: %s\n", path, msg);
		free(t[0]);
		free(t[1]);
		free(t[2]);
		return;
	}
	j = json_object();
	json_object_set_new(j, "commit", json_string(f->commit));
	json_object_set_new(j, "author", text(f->author_name));
	json_object_set_new(j, "email", text(f->author_email));
	json_object_set_new(j, "path", text(f->path));
	json_object_set_new(j, "line", f->line ? json_integer(f->line) : json_null());
	json_object_set_new(j, "col", f->line ? json_integer(f->col) : json_null());
	json_object_set_new(j, "rule", json_string(f->rule));
	json_object_set_new(j, "message", text(f->message));
	json_array_append_new(o->list, j);
}

/* git's pre-receive protocol: "OLD NEW REF" lines on standard input. */
static int read_updates(struct kata_verify *v, struct kata_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	while (rc == 0 && getline(&line, &cap, stdin) >= 0)
		rc = kata_verify_add_update(v, line, err);
	free(line);
	if (rc == 0 && ferror(stdin))
		rc = kata_error_set(err, KATA_ERROR, "cannot read standard input");
	return rc < 0 ? rc : kata_verify_hide_refs(v, err);
}

int cmd_verify(int argc, char **argv, struct kata_ctx *ctx)
{
	bool pre_receive = false;
	struct cmd_opt opts[] = {
		CMD_FLAG(0, "pre-receive", &pre_receive,
			 "check a push as git's pre-receive hook: 'OLD NEW REF' lines on standard input"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, -1, NULL, NULL, false };
	struct kata_verify_result res;
	struct kata_verify *v = NULL;
	struct kata_error err;
	struct out o = { ctx, NULL };
	int r, i, rc = 0;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (pre_receive && ctx->nargs)
		return cmd_usage_error(ctx, "--pre-receive takes no range: git hands it the push");
	kata_error_init(&err);
	/* a server's repository is bare, and a hook's objects are in quarantine */
	if (kata_repo_open_bare(&ctx->repo, ".", pre_receive, &err) < 0 ||
	    kata_verify_new(&v, ctx->repo, &err) < 0)
		return cmd_error(&err);
	if (pre_receive)
		rc = read_updates(v, &err);
	else if (!ctx->nargs)
		rc = kata_verify_add_default(v, &err);
	for (i = 0; rc == 0 && i < ctx->nargs; i++)
		rc = kata_verify_add(v, ctx->args[i], &err);
	if (ctx->json)
		o.list = json_array();
	if (rc == 0)
		rc = kata_verify_run(&res, v, print_finding, &o, &err);
	kata_verify_free(v);
	if (rc < 0) {
		json_decref(o.list);
		return cmd_error(&err);
	}
	if (o.list && cmd_json_print(o.list))
		return 1;
	if (res.offending) {
		fflush(stdout);
		return cmd_errorf("%s%zu of %zu commit%s write%s what %s author may not (see kata-verify(1))",
				  pre_receive ? "push refused: " : "", res.offending, res.commits,
				  res.commits == 1 ? "" : "s", res.offending == 1 ? "s" : "",
				  res.offending == 1 ? "its" : "their");
	}
	if (!ctx->json && res.commits == 0)
		printf("no commit to check\n");
	else if (!ctx->json)
		printf("%zu commit%s checked: each writes only what its author may\n", res.commits,
		       res.commits == 1 ? "" : "s");
	return 0;
}
