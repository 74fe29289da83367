#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"
#include "kata/init.h"

/* True if dir is a git repository already, whose own config may name the
 * author. */
static bool adopting(const char *dir)
{
	size_t n = strlen(dir) + 8;
	char *git = malloc(n);
	bool yes;

	if (!git)
		return false;
	snprintf(git, n, "%s/.git", dir);
	yes = access(git, F_OK) == 0;
	free(git);
	return yes;
}

int cmd_init(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *team = NULL, *dir = ".";
	struct cmd_opt opts[] = {
		CMD_STRING('t', "team", &team, "NAME", "the team's name"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (ctx->nargs)
		dir = ctx->args[0];
	kata_error_init(&err);
	if (!adopting(dir)) {
		/* Who is writing is known before anything is created: a
		 * refused init leaves no directory behind. */
		if ((r = cmd_identity(ctx, NULL)))
			return r;
	}
	if (kata_repo_create(&ctx->repo, dir, &err) < 0)
		return cmd_error(&err);
	kata_repo_set_now(ctx->repo, &ctx->now);
	if ((r = cmd_who(ctx)))
		return r;
	if (kata_init(&done, ctx->repo, team, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("Initialized kata repository in %s\n", kata_repo_workdir(ctx->repo));
	return 0;
}
