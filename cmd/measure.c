#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

static bool negative_number(const char *s)
{
	return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || s[1] == '.');
}

int cmd_measure(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "at", required_argument, NULL, 'a' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_error err;
	struct kata_done done;
	const char *at = NULL;
	char *learner = NULL, **args;
	int c, r, i, n = 0, status = 0;

	/*
	 * A value may be negative ("-3"), which getopt would take for an
	 * option: such arguments move behind a "--", where they stay
	 * operands. Options may still come before or after NAME VALUE.
	 */
	if (!(args = calloc((size_t)argc + 2, sizeof(*args))))
		return cmd_errorf("out of memory");
	args[n++] = argv[0];
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!negative_number(argv[i]) || !strcmp(argv[i - 1], "--at"))
			args[n++] = argv[i];
	args[n++] = "--";
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (negative_number(argv[i]) && strcmp(argv[i - 1], "--at"))
			args[n++] = argv[i];
	while (++i < argc)	/* what followed the user's own "--" */
		args[n++] = argv[i];

	cmd_getopt_reset(ctx, args);
	while ((c = getopt_long(n, args, ":l:h", longopts, NULL)) != -1) {
		if (c == 'a')
			at = optarg;
		else if ((r = cmd_common_opt(ctx, c, optarg)) >= 0) {
			status = r;
			goto done;
		}
	}
	if (n - optind != 2) {
		status = cmd_usage_error(ctx, n - optind < 2 ?
					 "give the metric's NAME and its VALUE" :
					 "too many arguments");
		goto done;
	}
	if ((status = cmd_who(ctx)) || (status = cmd_learner(ctx, NULL, &learner)))
		goto done;
	kata_error_init(&err);
	if (kata_measure_add(ctx->repo, learner, args[optind], args[optind + 1], at,
			     &ctx->who, &done, &err) < 0) {
		status = cmd_error(&err);
		goto done;
	}
	printf("%s: %s = %s recorded (%.4s)\n", learner, args[optind], args[optind + 1], done.id);
done:
	free(learner);
	free(args);
	return status;
}
