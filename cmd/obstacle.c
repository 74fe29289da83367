#include <stdio.h>
#include <string.h>

#include "kata.h"
#include "kata/obstacle.h"

static int obstacle_add(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct cmd_operands operands = {
		1, 1, "missing obstacle text", "too many arguments; quote the obstacle text", false,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, &operands)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_obstacle_add(&done, ctx->repo, ctx->writer, ctx->args[0], &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: obstacle %.4s added to the parking lot\n", ctx->writer, done.id);
	return 0;
}

static const struct cmd_operands one_id = {
	1, 1, "missing obstacle ID", "too many arguments; give one obstacle ID", false,
};

static int obstacle_focus(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, &one_id)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_obstacle_focus(&done, ctx->repo, ctx->writer, ctx->args[0], &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: obstacle %.4s is now the focus\n", ctx->writer, done.id);
	return 0;
}

/* A move on one obstacle with an optional note: close and reopen. */
typedef int (*note_move)(struct kata_done *out, struct kata_repo *repo, const char *learner,
			 const char *id, const char *note, const struct kata_who *who,
			 struct kata_error *err);

static int obstacle_noted(int argc, char **argv, struct kata_ctx *ctx, const char *note_help,
			  note_move move, void (*say)(const struct kata_ctx *ctx, const char *id))
{
	const char *note = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('n', "note", &note, "TEXT", note_help),
		CMD_END,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &one_id)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (move(&done, ctx->repo, ctx->writer, ctx->args[0], note, &ctx->who, &err) < 0)
		return cmd_error(&err);
	say(ctx, done.id);
	return 0;
}

static void say_closed(const struct kata_ctx *ctx, const char *id)
{
	printf("%s: obstacle %.4s closed\n", ctx->writer, id);
}

static void say_reopened(const struct kata_ctx *ctx, const char *id)
{
	printf("%s: obstacle %.4s reopened; to work on it, 'kata obstacle focus %.4s'\n",
	       ctx->writer, id, id);
}

static int obstacle_close(int argc, char **argv, struct kata_ctx *ctx)
{
	return obstacle_noted(argc, argv, ctx, "how it was overcome, or why it no longer matters",
			      kata_obstacle_close, say_closed);
}

static int obstacle_reopen(int argc, char **argv, struct kata_ctx *ctx)
{
	return obstacle_noted(argc, argv, ctx, "why it stands in the way again",
			      kata_obstacle_reopen, say_reopened);
}

static int obstacle_list(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_storyboard_opts load = { .obstacles = KATA_LOAD_ALL };
	struct kata_storyboard *sb = NULL;
	const struct kata_rec *f;
	size_t i;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, NULL)) >= 0 ||
	    (r = cmd_storyboard(ctx, NULL, &load, &sb)))
		return r;
	f = kata_storyboard_focus(sb);
	if (ctx->json) {
		json_t *list = json_array();

		for (i = 0; i < sb->obstacles.n; i++)
			json_array_append_new(list, cmd_json_record(sb->obstacles.rec[i].node));
		kata_storyboard_free(sb);
		return cmd_json_print(list);
	}
	for (i = 0; i < sb->obstacles.n; i++) {
		const struct kata_rec *o = &sb->obstacles.rec[i];
		bool closed = !strcmp(kata_node_str(o->node, "status"), "closed");
		char ab[16];

		printf("%s %s%s%s  %s%s%s%s\n", o == f ? CMD_FOCUS_MARK : " ",
		       cmd_c(ctx, C_YELLOW), cmd_abbrev(ab, o->id, o->abbrev), cmd_c(ctx, C_RESET),
		       closed ? cmd_c(ctx, C_DIM) : "", kata_node_str(o->node, "text"),
		       o == f ? CMD_FOCUS_NOTE : closed ? "  (closed)" : "",
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
		{ "reopen", obstacle_reopen },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
