#include <getopt.h>
#include <stdio.h>

#include "kata.h"
#include "kata/undo.h"

int cmd_undo(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	struct kata_undone done;
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1)
		if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
			return r;
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if ((r = cmd_who(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_undo(ctx->repo, &ctx->who, &done, &err) < 0)
		return cmd_error(&err);
	printf("undid %s %s\n", done.reverted_short, done.subject);
	return 0;
}
