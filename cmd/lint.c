#include <stdio.h>
#include <stdlib.h>

#include "kata.h"
#include "kata/learner.h"
#include "kata/lint.h"
#include "kata/str.h"

/* Lints one learner: each finding a line (or a JSON object in list);
 * their number, or -1 after an error it reported. */
static long lint_one(struct kata_ctx *ctx, const char *learner, json_t *list)
{
	struct kata_lint *found = NULL;
	struct kata_error err;
	size_t n = 0, i;

	kata_error_init(&err);
	if (kata_lint_learner(&found, &n, ctx->repo, learner, &err) < 0) {
		cmd_error(&err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (list) {
			json_t *o = json_object();

			json_object_set_new(o, "learner", json_string(learner));
			json_object_set_new(o, "rule", json_string(found[i].rule));
			json_object_set_new(o, "record", json_string(found[i].record));
			json_object_set_new(o, "message", json_string(found[i].message));
			json_array_append_new(list, o);
		} else {
			printf("%s: %s%s%s %s[%s]%s\n", found[i].record, cmd_c(ctx, C_YELLOW),
			       found[i].message, cmd_c(ctx, C_RESET), cmd_c(ctx, C_DIM), found[i].rule,
			       cmd_c(ctx, C_RESET));
		}
	}
	free(found);
	return (long)n;
}

int cmd_lint(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	bool strict = false, all = false;
	struct cmd_opt opts[] = {
		CMD_FLAG(0, "strict", &strict, "exit with status 1 when there is any finding"),
		CMD_FLAG(0, "all", &all, "every learner of the repository"),
		CMD_END,
	};
	struct kata_error err;
	json_t *list = NULL;
	char *learner = NULL, **ids = NULL;
	long total = 0, found;
	size_t n = 0, i;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (all && ctx->nargs)
		return cmd_usage_error(ctx, "--all or a LEARNER, not both");
	if ((r = cmd_repo(ctx)))
		return r;
	if (all) {
		kata_error_init(&err);
		if (kata_learner_list(&ids, &n, ctx->repo, &err) < 0)
			return cmd_error(&err);
	} else {
		if ((r = cmd_learner(ctx, ctx->nargs ? ctx->args[0] : NULL, &learner)))
			return r;
		n = 1;
	}
	if (ctx->json)
		list = json_array();
	for (i = 0; i < n; i++) {
		if ((found = lint_one(ctx, all ? ids[i] : learner, list)) < 0) {
			json_decref(list);
			kata_strv_free(ids);
			free(learner);
			return 1;
		}
		total += found;
	}
	kata_strv_free(ids);
	free(learner);
	if (list && (r = cmd_json_print(list)))
		return r;
	return strict && total ? 1 : 0;
}
