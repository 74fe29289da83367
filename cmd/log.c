#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/buf.h"
#include "kata/learner.h"
#include "kata/log.h"
#include "kata/trailer.h"

/* Widths of the learner, action and author columns; longer values push
 * the rest. */
#define LEARNER_W 10
#define ACTION_W 14
#define AUTHOR_W 10

/* A positive whole number, as -n takes it. */
static bool parse_count(size_t *out, const char *s)
{
	size_t n = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (n > ((size_t)-1 - 9) / 10)
			return false;
		n = n * 10 + (size_t)(*s - '0');
	}
	*out = n;
	return n > 0;
}

/*
 * A JSON string, or null for NULL. Text from a commit made by hand may not
 * be UTF-8, which JSON must be: each byte of an invalid one becomes '?'.
 */
static json_t *str_or_null(const char *s)
{
	json_t *j;
	char *copy, *p;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	if (!(copy = strdup(s)))
		return json_null();
	for (p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}

static json_t *entry_json(const struct kata_log_entry *e)
{
	json_t *j = json_object();
	char *author = NULL;
	size_t len = strlen(e->author_name) + strlen(e->author_email) + 4;

	if ((author = malloc(len)))
		snprintf(author, len, "%s <%s>", e->author_name, e->author_email);
	/* SPEC 6's keys, in its order. */
	json_object_set_new(j, "commit", json_string(e->commit));
	json_object_set_new(j, "date", json_string(e->date));
	json_object_set_new(j, "author", str_or_null(author));
	json_object_set_new(j, "learner", str_or_null(e->learner));
	json_object_set_new(j, "action", str_or_null(e->action));
	json_object_set_new(j, "record", str_or_null(e->record));
	json_object_set_new(j, "subject", str_or_null(e->subject));
	free(author);
	return j;
}

/*
 * abbrev  day  learner  action  author  subject: `git log --oneline` with
 * more. The author is the learner whose email it is, else the email.
 */
static void entry_line(const struct kata_ctx *ctx, const struct kata_log_entry *e)
{
	char day[KATA_TIME_BUFSZ];
	const char *learner = e->learner ? e->learner : "-";
	const char *author = e->author_learner ? e->author_learner :
			     *e->author_email ? e->author_email : e->author_name;

	/* all but the ID and the day come from commits anyone can write */
	char *t[4] = { NULL, NULL, NULL, NULL };

	kata_time_format_day(day, &e->time);
	learner = cmd_safe(&t[0], learner, false);
	author = cmd_safe(&t[1], author, false);
	printf("%s%s%s %s %s%-*s%s ", cmd_c(ctx, C_YELLOW), e->abbrev, cmd_c(ctx, C_RESET),
	       day, cmd_c(ctx, C_CYAN), LEARNER_W, learner, cmd_c(ctx, C_RESET));
	if (e->action)
		printf("%s%-*s%s ", cmd_c(ctx, C_GREEN), ACTION_W,
		       cmd_safe(&t[2], e->action, false), cmd_c(ctx, C_RESET));
	else
		printf("%s%-*s%s ", cmd_c(ctx, C_DIM), ACTION_W, "-", cmd_c(ctx, C_RESET));
	printf("%s%-*s%s %s\n", cmd_c(ctx, C_CYAN), AUTHOR_W, author, cmd_c(ctx, C_RESET),
	       cmd_safe(&t[3], e->subject, false));
	free(t[0]);
	free(t[1]);
	free(t[2]);
	free(t[3]);
}

/* The actions --action takes, for its message. */
static int bad_action(struct kata_ctx *ctx, const char *action)
{
	struct kata_buf b = KATA_BUF_INIT;
	char *list;
	size_t i;
	int r;

	for (i = 0; kata_trailer_actions[i]; i++)
		kata_buf_addf(&b, "%s%s", i ? ", " : "", kata_trailer_actions[i]);
	list = kata_buf_detach(&b);
	r = cmd_usage_error(ctx, "unknown action '%s'; the actions are %s", action,
			    list ? list : "");
	free(list);
	return r;
}

int cmd_log(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *count = NULL, *since_arg = NULL, *author = NULL, *action = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('n', NULL, &count, "N", "show the newest N entries only"),
		CMD_STRING(0, "since", &since_arg, "WHEN", "show the entries since then"),
		CMD_STRING(0, "author", &author, "ID",
			   "only what this person did: a learner ID, an email or a name"),
		CMD_STRING(0, "action", &action, "A",
			   "only the moves of this action (step-plan, coach, ...)"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_log_opts lo = { 0 };
	const struct kata_log_entry *e;
	struct kata_log *log = NULL;
	struct kata_error err;
	struct kata_time since;
	json_t *list = NULL;
	size_t max = 0, shown = 0;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	if (count && !parse_count(&max, count))
		return cmd_usage_error(ctx, "invalid -n '%s': expected a positive whole number",
				       count);
	if (action && !kata_trailer_action_known(action))
		return bad_action(ctx, action);
	if (author && !*author)
		return cmd_usage_error(ctx, "--author needs a learner ID, an email or a name");
	lo.author = author;
	lo.action = action;
	lo.authors = !ctx->json;
	/*
	 * No default learner here, unlike the storyboard commands: without
	 * one, the log is the team's history, the useful thing to review.
	 */
	lo.learner = ctx->nargs ? ctx->args[0] : ctx->learner;

	kata_error_init(&err);
	if (since_arg) {
		if (kata_when_parse_past(&since, since_arg, &ctx->now, &err) < 0)
			return cmd_error(&err);
		lo.since = &since;
	}
	if ((r = cmd_repo(ctx)))
		return r;
	if (lo.learner && kata_learner_check(ctx->repo, lo.learner, &err) < 0)
		return cmd_error(&err);
	if (kata_log_new(&log, ctx->repo, &lo, &err) < 0)
		return cmd_error(&err);
	if (ctx->json)
		list = json_array();
	while ((!max || shown < max) && (r = kata_log_next(&e, log, &err)) > 0) {
		if (list)
			json_array_append_new(list, entry_json(e));
		else
			entry_line(ctx, e);
		shown++;
	}
	kata_log_free(log);
	if (r < 0) {
		json_decref(list);
		return cmd_error(&err);
	}
	return list ? cmd_json_print(list) : 0;
}
