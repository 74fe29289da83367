#include <stdio.h>

#include "kata.h"
#include "kata/measure.h"

int cmd_measure(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *at = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING(0, "at", &at, "WHEN", "when the value was seen (default: now)"),
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
	if (kata_measure_add(&done, ctx->repo, ctx->writer, ctx->args[0], ctx->args[1], at,
			     &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: %s = %s recorded (%.4s)\n", ctx->writer, ctx->args[0], ctx->args[1], done.id);
	return 0;
}
