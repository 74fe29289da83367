#include <stdio.h>

#include "kata.h"
#include "kata/target.h"

int cmd_start(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_target_opts o = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, false };
	struct cmd_opt opts[] = {
		CMD_STRING(0, "challenge", &o.challenge, "TEXT", "the long-term direction"),
		CMD_STRING(0, "target", &o.condition, "TEXT", "the target condition to reach next"),
		CMD_STRING(0, "by", &o.by, "DATE", "its achieve-by date"),
		CMD_STRING(0, "current", &o.current, "TEXT", "the current condition now"),
		CMD_STRING(0, "metric", &o.metric, "NAME", "the process metric to measure"),
		CMD_STRING(0, "unit", &o.unit, "U", "the metric's unit"),
		CMD_STRING(0, "goal", &o.goal, "N", "the metric's value to reach"),
		CMD_FLAG(0, "lower-is-better", &o.lower_is_better, "the metric improves as it falls"),
		CMD_FLAG(0, "carry-obstacles", &o.carry_obstacles,
			 "bring the last target's open obstacles along (and its focus)"),
		CMD_END,
	};
	struct kata_time by;
	struct kata_error err;
	struct kata_done done;
	char day[KATA_TIME_BUFSZ];
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, NULL)) >= 0)
		return r;
	if (!o.challenge || !o.condition || !o.by)
		return cmd_usage_error(ctx, "a target condition needs --challenge, --target and --by");
	if (!o.metric && (o.unit || o.goal || o.lower_is_better))
		return cmd_usage_error(ctx, "--unit, --goal and --lower-is-better go with --metric");
	if ((r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_target_start(&done, ctx->repo, ctx->writer, &o, &ctx->who, &err) < 0)
		return cmd_error(&err);
	/* the same parse lib/ made, to show the day it stored */
	kata_when_parse(&by, o.by, &ctx->now, NULL);
	kata_time_format_day(day, &by);
	printf("%s: target condition %.4s started, achieve by %s\n", ctx->writer, done.id, day);
	cmd_warnings(&done);
	return 0;
}
