#include <stdio.h>

#include "kata.h"
#include "kata/undo.h"

int cmd_undo(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_error err;
	struct kata_undone done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, NULL)) >= 0 || (r = cmd_who(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_undo(&done, ctx->repo, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("undid %s %s\n", done.reverted_short, done.subject);
	return 0;
}
