#include <stdio.h>
#include <string.h>

#include "kata.h"
#include "kata/step.h"
#include "kata/when.h"

static int step_done(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *happened = NULL, *learned = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING(0, "happened", &happened, "TEXT", "what happened when you took the step"),
		CMD_STRING(0, "learned", &learned, "TEXT", "what you learned from it"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (!happened || !learned)
		return cmd_usage_error(ctx, "what happened, and what did you learn? give --happened and --learned");
	if ((r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_step_reflect(&done, ctx->repo, ctx->writer, ctx->nargs ? ctx->args[0] : NULL,
			      happened, learned, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: step #%lu %.4s reflected on; plan the next one with 'kata step TEXT --expect TEXT'\n",
	       ctx->writer, done.seq, done.id);
	return 0;
}

static int step_plan(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_step_opts o = { NULL, NULL, NULL, NULL };
	struct cmd_opt opts[] = {
		CMD_STRING('e', "expect", &o.expect, "TEXT", "what you expect the step to bring"),
		CMD_STRING('o', "obstacle", &o.obstacle, "ID", "the obstacle it works on (default: the focus)"),
		CMD_STRING('s', "see-by", &o.see_by, "WHEN", "when to go and see what it brought"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		1, 1, "what is the next step? give its text",
		"too many arguments; quote the step's text", false,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	o.step = ctx->args[0];
	if (!o.expect)
		return cmd_usage_error(ctx, "what do you expect? a step needs --expect TEXT");
	if ((r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_step_plan(&done, ctx->repo, ctx->writer, &o, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: step #%lu %.4s planned", ctx->writer, done.seq, done.id);
	if (o.see_by) {
		/* what +2d or friday means, as kata show will say it */
		struct kata_time when;
		char stored[KATA_TIME_BUFSZ], buf[CMD_WHEN_SHORT];

		if (kata_when_parse(&when, o.see_by, &ctx->now, NULL) == 0) {
			kata_time_format(stored, &when);
			printf("; go and see %s", cmd_when_short(buf, stored));
		}
	}
	putchar('\n');
	cmd_warnings(&done);
	return 0;
}

int cmd_step(int argc, char **argv, struct kata_ctx *ctx)
{
	int r;

	if (argc >= 2 && !strcmp(argv[1], "done"))
		return step_done(argc - 1, argv + 1, ctx);
	r = step_plan(argc, argv, ctx);
	if (ctx->helped && !ctx->help_sub)
		cmd_help_sub(ctx, "done", step_done);
	return r;
}
