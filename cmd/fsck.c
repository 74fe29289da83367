#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "kata.h"
#include "kata/fsck.h"

static void print_problem(const struct kata_error *e, void *data)
{
	char *path, *msg;
	const char *p = cmd_safe(&path, e->path, false), *m = cmd_safe(&msg, e->message, false);

	(void)data;
	/* a problem quotes what the hostile file holds */
	if (e->line)
		printf("%s:%u:%u: %s\n", p, e->line, e->col, m);
	else
		printf("%s: %s\n", p, m);
	free(path);
	free(msg);
}

/* --json: [{"path": ..., "line": N or null, "col": N or null, "message": ...}] */
static void json_problem(const struct kata_error *e, void *data)
{
	json_t *p = json_object();

	json_object_set_new(p, "path", json_string(e->path));
	json_object_set_new(p, "line", e->line ? json_integer(e->line) : json_null());
	json_object_set_new(p, "col", e->line ? json_integer(e->col) : json_null());
	json_object_set_new(p, "message", json_string(e->message));
	json_array_append_new(data, p);
}

int cmd_fsck(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_error err;
	json_t *list = NULL;
	size_t problems = 0;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, NULL)) >= 0 || (r = cmd_repo(ctx)))
		return r;
	kata_error_init(&err);
	if (ctx->json)
		list = json_array();
	if (kata_fsck(&problems, ctx->repo, list ? json_problem : print_problem, list,
		      &err) < 0) {
		json_decref(list);
		return cmd_error(&err);
	}
	if (list && cmd_json_print(list))
		return 1;
	if (problems) {
		fflush(stdout);
		return cmd_errorf("%zu problem%s found", problems, problems == 1 ? "" : "s");
	}
	return 0;
}
