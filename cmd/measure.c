#include <stdio.h>

#include "kata.h"
#include "kata/measure.h"

int cmd_measure(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_measure_opts mo = { NULL, NULL, NULL, false };
	struct cmd_opt opts[] = {
		CMD_STRING(0, "at", &mo.at, "WHEN", "when the value was seen (default: now)"),
		CMD_FLAG(0, "new-metric", &mo.new_metric,
			 "NAME is another metric than the target's, measured on purpose"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		2, 2, "give the metric's NAME and its VALUE", "too many arguments", true,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	mo.metric = ctx->args[0];
	mo.value = ctx->args[1];
	if (kata_measure_add(&done, ctx->repo, ctx->writer, &mo, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: %s = %s recorded (%.4s)\n", ctx->writer, ctx->args[0], ctx->args[1], done.id);
	return 0;
}
