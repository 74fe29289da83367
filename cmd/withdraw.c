#include <stdio.h>

#include "kata.h"
#include "kata/withdraw.h"

int cmd_withdraw(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *reason = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING(0, "reason", &reason, "TEXT",
			   "why it is withdrawn: kept in the commit, for the history"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		1, 1, "missing record ID", "too many arguments; give one record ID", false,
	};
	struct kata_error err;
	struct kata_withdrawn w;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (!reason)
		return cmd_usage_error(ctx, "missing --reason TEXT: say why it is withdrawn");
	if ((r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_withdraw(&w, ctx->repo, ctx->writer, ctx->args[0], reason, &ctx->who, &err) < 0)
		return cmd_error(&err);
	if (w.kind == KATA_KIND_STEP)
		printf("%s: step #%lu %.4s withdrawn%s\n", ctx->writer, w.done.seq, w.done.id,
		       w.was_open ? "; plan the next one with 'kata step TEXT --expect TEXT'" : "");
	else if (w.kind == KATA_KIND_OBSTACLE)
		printf("%s: obstacle %.4s withdrawn%s\n", ctx->writer, w.done.id,
		       w.was_focus ? "; nothing is in focus now ('kata obstacle focus ID')" : "");
	else
		printf("%s: %s %.4s withdrawn\n", ctx->writer, kata_record_kind_name(w.kind),
		       w.done.id);
	return 0;
}
