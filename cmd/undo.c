#include <stdio.h>

#include "kata.h"
#include "kata/undo.h"

/* kata undo and kata redo: one walk, told which way. */
static int run(int argc, char **argv, struct kata_ctx *ctx, bool redo)
{
	bool anyone = false;
	struct cmd_opt opts[] = {
		CMD_FLAG(0, "anyone", &anyone,
			 redo ? "redo the newest undo, whoever made it" :
				"undo the newest change, whoever made it"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		0, 1, NULL, "too many arguments; name one commit", false,
	};
	struct kata_undo_opts uo = { redo, false, NULL };
	struct kata_error err;
	struct kata_undone done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 || (r = cmd_who(ctx)))
		return r;
	uo.anyone = anyone;
	uo.commit = ctx->nargs ? ctx->args[0] : NULL;
	kata_error_init(&err);
	if (kata_undo(&done, ctx->repo, &uo, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s %s %s (%s%s%s%s)\n", redo ? "redid" : "undid", done.change_short,
	       done.subject, done.mine ? "" : "by ", done.mine ? "" : done.author,
	       done.mine ? "" : ", ", done.date);
	if (done.n_skipped)
		printf("left as they are: %zu newer change%s by others, the newest %s by %s (%s)\n",
		       done.n_skipped, done.n_skipped == 1 ? "" : "s", done.skipped_short,
		       done.skipped_author, done.skipped_date);
	return 0;
}

int cmd_undo(int argc, char **argv, struct kata_ctx *ctx)
{
	return run(argc, argv, ctx, false);
}

int cmd_redo(int argc, char **argv, struct kata_ctx *ctx)
{
	return run(argc, argv, ctx, true);
}
