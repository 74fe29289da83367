#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

/*
 * The subcommands share their shape: options, one argument (text or ID),
 * then one lib/ call. parse() does the first part for all of them.
 */
static int parse(int argc, char **argv, struct kata_ctx *ctx, const char **note,
		 const char **arg, const char *what)
{
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, note ? ":n:l:h" : ":l:h", longopts, NULL)) != -1) {
		if (c == 'n' && note)
			*note = optarg;
		else if ((r = cmd_common_opt(ctx, c, optarg)) >= 0)
			return r;
	}
	if (!arg) {
		if (optind < argc)
			return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (optind >= argc)
		return cmd_usage_error(ctx, "missing %s", what);
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "too many arguments; quote the %s", what);
	*arg = argv[optind];
	return -1;
}

typedef int (*obstacle_fn)(struct kata_repo *, const char *, const char *,
			   const char *, const struct kata_who *, struct kata_done *,
			   struct kata_error *);

static int add(struct kata_repo *repo, const char *learner, const char *text,
	       const char *note, const struct kata_who *who, struct kata_done *done,
	       struct kata_error *err)
{
	return kata_obstacle_add(repo, learner, text, who, done, err);
}

static int focus(struct kata_repo *repo, const char *learner, const char *id,
		 const char *note, const struct kata_who *who, struct kata_done *done,
		 struct kata_error *err)
{
	return kata_obstacle_focus(repo, learner, id, who, done, err);
}

static int run(int argc, char **argv, struct kata_ctx *ctx, bool with_note,
	       const char *what, obstacle_fn fn, const char *verb)
{
	struct kata_error err;
	struct kata_done done;
	const char *note = NULL, *arg = NULL;
	char *learner = NULL;
	int r;

	if ((r = parse(argc, argv, ctx, with_note ? &note : NULL, &arg, what)) >= 0)
		return r;
	if ((r = cmd_who(ctx)) || (r = cmd_learner(ctx, NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (fn(ctx->repo, learner, arg, note, &ctx->who, &done, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	printf("%s: obstacle %.4s %s\n", learner, done.id, verb);
	free(learner);
	return 0;
}

static int obstacle_add(int argc, char **argv, struct kata_ctx *ctx)
{
	return run(argc, argv, ctx, false, "obstacle text", add, "added to the parking lot");
}

static int obstacle_focus(int argc, char **argv, struct kata_ctx *ctx)
{
	return run(argc, argv, ctx, false, "obstacle ID", focus, "is now the focus");
}

static int obstacle_close(int argc, char **argv, struct kata_ctx *ctx)
{
	return run(argc, argv, ctx, true, "obstacle ID", kata_obstacle_close, "closed");
}

static int obstacle_list(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_storyboard *sb = NULL;
	const struct kata_rec *f;
	size_t i;
	int r;

	if ((r = parse(argc, argv, ctx, NULL, NULL, NULL)) >= 0 ||
	    (r = cmd_storyboard(ctx, NULL, &sb)))
		return r;
	f = kata_storyboard_focus(sb);
	if (ctx->json) {
		json_t *list = json_array();

		for (i = 0; i < sb->n_obstacles; i++)
			json_array_append_new(list, cmd_json_record(sb->obstacles[i].node));
		kata_storyboard_free(sb);
		return cmd_json_print(list);
	}
	for (i = 0; i < sb->n_obstacles; i++) {
		const struct kata_rec *o = &sb->obstacles[i];
		bool closed = !strcmp(kata_node_str(o->node, "status"), "closed");
		char ab[16];

		printf("%s %s%s%s  %s%s%s%s\n", o == f ? "*" : " ",
		       cmd_c(ctx, C_YELLOW), cmd_abbrev(ab, o->id, o->abbrev), cmd_c(ctx, C_RESET),
		       closed ? cmd_c(ctx, C_DIM) : "", kata_node_str(o->node, "text"),
		       o == f ? "  (focus)" : closed ? "  (closed)" : "",
		       closed ? cmd_c(ctx, C_RESET) : "");
	}
	kata_storyboard_free(sb);
	return 0;
}

int cmd_obstacle(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_subcmd subs[] = {
		{ "add", obstacle_add },
		{ "close", obstacle_close },
		{ "focus", obstacle_focus },
		{ "list", obstacle_list },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
