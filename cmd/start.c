#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

int cmd_start(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "challenge", required_argument, NULL, 'c' },
		{ "target", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "current", required_argument, NULL, 'u' },
		{ "metric", required_argument, NULL, 'm' },
		{ "unit", required_argument, NULL, 'U' },
		{ "goal", required_argument, NULL, 'g' },
		{ "lower-is-better", no_argument, NULL, 'L' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_start_opts o;
	struct kata_error err;
	struct kata_done done;
	char *learner = NULL;
	int c, r;

	memset(&o, 0, sizeof(o));
	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.challenge = optarg; break;
		case 't': o.condition = optarg; break;
		case 'b': o.by = optarg; break;
		case 'u': o.current = optarg; break;
		case 'm': o.metric = optarg; break;
		case 'U': o.unit = optarg; break;
		case 'g': o.goal = optarg; break;
		case 'L': o.lower_is_better = true; break;
		default:
			if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
				return r;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (!o.challenge || !o.condition || !o.by)
		return cmd_usage_error(ctx, "a target condition needs --challenge, --target and --by");
	if (!o.metric && (o.unit || o.goal || o.lower_is_better))
		return cmd_usage_error(ctx, "--unit, --goal and --lower-is-better go with --metric");
	if ((r = cmd_who(ctx)) || (r = cmd_learner(ctx, NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (kata_target_start(ctx->repo, learner, &o, &ctx->who, &done, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	{
		struct kata_time by;
		char day[KATA_TIME_BUFSZ];

		/* the same parse lib/ made, to show the day it stored */
		kata_when_parse(&by, o.by, &ctx->now, &err);
		kata_time_format_day(day, &by);
		printf("%s: target condition %.4s started, achieve by %s\n", learner, done.id, day);
	}
	free(learner);
	return 0;
}
