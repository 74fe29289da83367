#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/target.h"

/* What the metric says of a target just reached: its last value, and the goal. */
static void print_result(struct kata_ctx *ctx, const char *learner, const char *target)
{
	struct kata_storyboard_opts load = { .measures = KATA_LOAD_ALL, .target = target };
	struct kata_target_result r;
	struct kata_storyboard *sb;
	struct kata_error err;
	const char *v;

	kata_error_init(&err);
	if (kata_storyboard_load(&sb, ctx->repo, learner, &load, &err) < 0) {
		kata_error_release(&err);
		return;
	}
	kata_target_result(&r, sb);
	if (r.last) {
		v = kata_node_str(r.last->node, "value");
		printf("  %s: last %s%s%s on %.10s", r.metric, v, r.unit ? " " : "",
		       r.unit ? r.unit : "", kata_node_str(r.last->node, "at"));
		if (r.goal)
			printf(", goal %s%s%s: %s", r.goal, r.unit ? " " : "", r.unit ? r.unit : "",
			       r.met ? "met" : "not met");
		putchar('\n');
	}
	kata_storyboard_free(sb);
}

static int end(int argc, char **argv, struct kata_ctx *ctx, enum kata_target_end how)
{
	struct kata_reflection last = { NULL, NULL };
	const char *note = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('n', "note", &note, "TEXT", "what the learner and coach take from it"),
		CMD_STRING(0, "happened", &last.happened, "TEXT",
			   "for a step still open: what happened when you took it"),
		CMD_STRING(0, "learned", &last.learned, "TEXT",
			   "for a step still open: what you learned from it"),
		CMD_END,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, NULL)) >= 0 || (r = cmd_writer(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_target_end(&done, ctx->repo, ctx->writer, how, note,
			    last.happened || last.learned ? &last : NULL, &ctx->who, &err) < 0)
		return cmd_error(&err);
	printf("%s: target condition %.4s %s\n", ctx->writer, done.id,
	       how == KATA_TARGET_DONE ? "reached" : "abandoned");
	if (how == KATA_TARGET_DONE)
		print_result(ctx, ctx->writer, done.id);
	cmd_warnings(&done);
	return 0;
}

static int target_done(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, KATA_TARGET_DONE);
}

static int target_abandon(int argc, char **argv, struct kata_ctx *ctx)
{
	return end(argc, argv, ctx, KATA_TARGET_ABANDONED);
}

/* A target's status in the words of the practice. */
static const char *status_word(const char *status)
{
	return !strcmp(status, "done") ? "reached" : status;
}

static void list_line(const struct kata_ctx *ctx, const struct kata_target_item *it, int width)
{
	const struct kata_node *t = it->rec.node;
	const char *status = kata_node_str(t, "status");
	bool active = !strcmp(status, "active");
	char ab[16], text[1024], plain[128];
	int used;

	cmd_abbrev(ab, it->rec.id, it->rec.abbrev);
	/* the columns before the condition, all ASCII: their width is their length */
	used = snprintf(plain, sizeof(plain), "#%-2lu %s  %-9s  by %s  %3zu step%s  ",
			it->rec.seq, ab, status_word(status), kata_node_str(t, "achieve_by"),
			it->steps, it->steps == 1 ? " " : "s");
	printf("#%-2lu %s%s%s  %s%-9s%s  by %s  %3zu step%s  ", it->rec.seq, cmd_c(ctx, C_YELLOW),
	       ab, cmd_c(ctx, C_RESET), active ? cmd_c(ctx, C_GREEN) : cmd_c(ctx, C_DIM),
	       status_word(status), cmd_c(ctx, C_RESET), kata_node_str(t, "achieve_by"),
	       it->steps, it->steps == 1 ? " " : "s");
	puts(cmd_truncate(text, sizeof(text), kata_node_str(t, "condition"),
			  width - used > 10 ? width - used : 10));
}

static int target_list(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_target_item *list = NULL;
	struct kata_error err;
	char *learner = NULL;
	size_t n = 0, i;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, &operands)) >= 0 ||
	    (r = cmd_learner(ctx, ctx->nargs ? ctx->args[0] : NULL, &learner)))
		return r;
	kata_error_init(&err);
	if (kata_target_list(&list, &n, ctx->repo, learner, &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	if (ctx->json) {
		json_t *j = json_array();

		for (i = 0; i < n; i++) {
			json_t *t = cmd_json_record(list[i].rec.node);

			json_object_set_new(t, "steps", json_integer((json_int_t)list[i].steps));
			json_array_append_new(j, t);
		}
		r = cmd_json_print(j);
	} else if (!n) {
		printf("%s has no target condition yet; start one with 'kata start'\n", learner);
	} else {
		for (i = 0; i < n; i++)
			list_line(ctx, &list[i], cmd_term_width());
	}
	kata_target_list_free(list, n);
	free(learner);
	return r;
}

int cmd_target(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_subcmd subs[] = {
		{ "abandon", target_abandon },
		{ "done", target_done },
		{ "list", target_list },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
