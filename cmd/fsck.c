#include <getopt.h>
#include <stdio.h>

#include "kata.h"
#include "kata/fsck.h"

static void print_problem(const struct kata_error *e, void *data)
{
	FILE *out = data;

	if (e->line)
		fprintf(out, "%s:%u:%u: %s\n", e->path, e->line, e->col, e->message);
	else
		fprintf(out, "%s: %s\n", e->path, e->message);
}

int cmd_fsck(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	size_t problems = 0;
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1)
		if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
			return r;
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if ((r = cmd_repo(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_fsck(ctx->repo, print_problem, stdout, &problems, &err) < 0)
		return cmd_error(&err);
	if (problems) {
		fflush(stdout);
		return cmd_errorf("%zu problem%s found", problems, problems == 1 ? "" : "s");
	}
	return 0;
}
