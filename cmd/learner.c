#include <stdio.h>

#include "kata.h"
#include "kata/learner.h"
#include "kata/str.h"

static int learner_add(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_learner_opts o = { NULL, NULL, NULL, 0, NULL, NULL, NULL };
	struct cmd_list emails = { NULL, 0 };
	struct cmd_opt opts[] = {
		CMD_STRING('n', "name", &o.name, "NAME", "the learner's name"),
		CMD_LIST('e', "email", &emails, "EMAIL", "an email of theirs (their git user.email); again for more"),
		CMD_STRING('c', "coach", &o.coach, "ID", "their coach, a learner here too"),
		CMD_STRING('s', "second-coach", &o.second_coach, "ID", "their second coach, who observes the coach"),
		CMD_STRING('p', "process", &o.process, "TEXT", "the focus process they improve"),
		CMD_END,
	};
	static const struct cmd_operands operands = {
		1, 1, "which learner? give an ID", NULL, false,
	};
	struct kata_error err;
	struct kata_done done;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 || (r = cmd_who(ctx)))
		goto done;
	o.id = ctx->args[0];
	o.emails = emails.v;
	o.n_emails = emails.n;
	kata_error_init(&err);
	if (kata_learner_add(&done, ctx->repo, &o, &ctx->who, &err) < 0) {
		r = cmd_error(&err);
		goto done;
	}
	printf("added learner %s%s%s%s\n", o.id, o.name ? " (" : "", o.name ? o.name : "",
	       o.name ? ")" : "");
	r = 0;
done:
	cmd_list_release(&emails);
	return r;
}

static int learner_list(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_error err;
	char **ids = NULL;
	json_t *list = NULL;
	size_t n = 0, i;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, NULL)) >= 0 || (r = cmd_repo(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_learner_list(&ids, &n, ctx->repo, &err) < 0)
		return cmd_error(&err);
	if (ctx->json)
		list = json_array();
	for (i = 0; i < n; i++) {
		struct kata_node *rec = NULL;
		const char *name, *coach;

		if (kata_learner_load(&rec, ctx->repo, ids[i], &err) < 0) {
			json_decref(list);
			kata_strv_free(ids);
			return cmd_error(&err);
		}
		if (list) {
			json_array_append_new(list, cmd_json_record(rec));
		} else {
			name = kata_node_str(rec, "name");
			coach = kata_node_str(rec, "coach");
			printf("%s%-16s%s %s", cmd_c(ctx, C_BOLD), ids[i], cmd_c(ctx, C_RESET),
			       name ? name : "");
			if (coach)
				printf("%s  (coach: %s)%s", cmd_c(ctx, C_DIM), coach,
				       cmd_c(ctx, C_RESET));
			putchar('\n');
		}
		kata_node_free(rec);
	}
	kata_strv_free(ids);
	return list ? cmd_json_print(list) : 0;
}

int cmd_learner_(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_subcmd subs[] = {
		{ "add", learner_add },
		{ "list", learner_list },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
