#include <stdio.h>

#include "kata.h"
#include "kata/target.h"

static int end(int argc, char **argv, struct kata_ctx *ctx, enum kata_target_end how)
{
	struct kata_reflection last = { NULL, NULL };
	const char *note = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('n', "note", &note, "TEXT", "what the learner and coach take from it"),
		CMD_STRING(0, "happened", &last.happened, "TEXT",
			   "for a step still open: what happened when you took it"),
		CMD_STRING(0, "learned", &last.learned, "TEXT",
			   "for a step still open: what you learned from it"),
		CMD_END,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, NULL)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_target_end(&done, ctx->repo, ctx->writer, how, note,
			    last.happened || last.learned ? &last : NULL, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: target condition %.4s %s\n", ctx->writer, done.id,
	       how == KATA_TARGET_DONE ? "reached" : "abandoned");
	cmd_warnings(&done);
	return 0;
}

static int target_done(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, KATA_TARGET_DONE);
}

static int target_abandon(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, KATA_TARGET_ABANDONED);
}

int cmd_target(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_subcmd subs[] = {
		{ "abandon", target_abandon },
		{ "done", target_done },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
