#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

static int end(int argc, char **argv, struct kata_ctx *ctx, const char *status)
{
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	struct kata_done done;
	const char *note = NULL;
	char *learner = NULL;
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":n:l:h", longopts, NULL)) != -1) {
		if (c == 'n')
			note = optarg;
		else if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
			return r;
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if ((r = cmd_who(ctx)) || (r = cmd_learner(ctx, NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (kata_target_end(ctx->repo, learner, status, note, &ctx->who, &done, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	printf("%s: target condition %.4s %s\n", learner, done.id,
	       !strcmp(status, "done") ? "reached" : "abandoned");
	free(learner);
	return 0;
}

static int target_done(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, "done");
}

static int target_abandon(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, "abandoned");
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
