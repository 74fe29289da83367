#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"

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
	static const struct option longopts[] = {
		{ "team", required_argument, NULL, 't' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	struct kata_done done;
	const char *team = NULL, *dir = ".";
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":t:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			team = optarg;
			break;
		default:
			if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
				return r;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "too many arguments");
	if (optind < argc)
		dir = argv[optind];

	kata_error_init(&err);
	if (!adopting(dir)) {
		/* Who is writing is known before anything is created: a
		 * refused init leaves no directory behind. */
		if (kata_repo_identity(&ctx->name, &ctx->email, NULL, getenv("GIT_AUTHOR_NAME"),
				       getenv("GIT_AUTHOR_EMAIL"), &err) < 0)
			return cmd_error(&err);
		ctx->who.name = ctx->name;
		ctx->who.email = ctx->email;
	}
	if (kata_repo_create(&ctx->repo, dir, &err) < 0)
		return cmd_error(&err);
	kata_repo_set_now(ctx->repo, &ctx->now);
	if ((r = cmd_who(ctx)))
		return r;
	if (kata_repo_init_records(ctx->repo, team, &ctx->who, &done, &err) < 0)
		return cmd_error(&err);
	printf("Initialized kata repository in %s\n", kata_repo_workdir(ctx->repo));
	return 0;
}
