#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

static int step_done(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "happened", required_argument, NULL, 'H' },
		{ "learned", required_argument, NULL, 'L' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	struct kata_done done;
	const char *happened = NULL, *learned = NULL, *id = NULL;
	char *learner = NULL;
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H': happened = optarg; break;
		case 'L': learned = optarg; break;
		default:
			if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
				return r;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "too many arguments");
	if (optind < argc)
		id = argv[optind];
	if (!happened || !learned)
		return cmd_usage_error(ctx, "what happened, and what did you learn? give --happened and --learned");
	if ((r = cmd_who(ctx)) || (r = cmd_learner(ctx, NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (kata_step_reflect(ctx->repo, learner, id, happened, learned, &ctx->who,
			      &done, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	printf("%s: step #%lu %.4s reflected on; plan the next one with 'kata step TEXT --expect TEXT'\n",
	       learner, done.seq, done.id);
	free(learner);
	return 0;
}

static int step_plan(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ "obstacle", required_argument, NULL, 'o' },
		{ "see-by", required_argument, NULL, 's' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_step_opts o;
	struct kata_error err;
	struct kata_done done;
	char *learner = NULL;
	int c, r;

	memset(&o, 0, sizeof(o));
	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":e:o:s:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o.expect = optarg; break;
		case 'o': o.obstacle = optarg; break;
		case 's': o.see_by = optarg; break;
		default:
			if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
				return r;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(ctx, "what is the next step? give its text");
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "too many arguments; quote the step's text");
	o.step = argv[optind];
	if (!o.expect)
		return cmd_usage_error(ctx, "what do you expect? a step needs --expect TEXT");
	if ((r = cmd_who(ctx)) || (r = cmd_learner(ctx, NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (kata_step_plan(ctx->repo, learner, &o, &ctx->who, &done, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	printf("%s: step #%lu %.4s planned", learner, done.seq, done.id);
	if (o.see_by)
		printf("; go and see %s", o.see_by);
	putchar('\n');
	free(learner);
	return 0;
}

int cmd_step(int argc, char **argv, struct kata_ctx *ctx)
{
	if (argc >= 2 && !strcmp(argv[1], "done"))
		return step_done(argc - 1, argv + 1, ctx);
	return step_plan(argc, argv, ctx);
}
