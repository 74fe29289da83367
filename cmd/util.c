#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"
#include "kata/learner.h"

void cmd_getopt_reset(struct kata_ctx *ctx, char **argv)
{
#ifdef __GLIBC__
	optind = 0;	/* glibc re-initialises fully only on 0 */
#else
	optind = 1;
#endif
	opterr = 0;	/* kata says what was wrong, the kata way */
	ctx->argv = argv;
}

void cmd_set_color(struct kata_ctx *ctx)
{
	const char *nc = getenv("NO_COLOR");

	switch (ctx->color_opt) {
	case COLOR_ALWAYS:
		ctx->color = true;
		break;
	case COLOR_NEVER:
		ctx->color = false;
		break;
	default:
		ctx->color = isatty(STDOUT_FILENO) && !(nc && *nc);
		break;
	}
}

/*
 * getopt's optind points past the word only once its last letter is read:
 * the unknown letter of a cluster ("-inf") is in the word at optind-1 if it
 * ends it, else in the word at optind. Named by the word it is in, not by
 * the word before it ("unknown option 'm'" for "kata measure m -inf").
 */
static int unknown_option(struct kata_ctx *ctx)
{
	const char *w = ctx->argv[optind - 1];
	size_t len;

	if (!optopt)
		return cmd_usage_error(ctx, "unknown option '%s'", w);	/* a long one */
	len = strlen(w);
	if (!(w[0] == '-' && w[1] != '-' && len > 1 && w[len - 1] == optopt) &&
	    ctx->argv[optind])
		w = ctx->argv[optind];
	if (w[0] != '-' || w[1] == '-' || !strchr(w + 1, optopt) || !w[2])
		return cmd_usage_error(ctx, "unknown option '-%c'", optopt);
	return cmd_usage_error(ctx, "unknown option '-%c' in '%s' (a value that starts with '-' goes after '--')",
			       optopt, w);
}

int cmd_common_opt(struct kata_ctx *ctx, int c, const char *arg)
{
	switch (c) {
	case OPT_JSON:
		ctx->json = true;
		return -1;
	case OPT_COLOR:
		if (!strcmp(arg, "auto"))
			ctx->color_opt = COLOR_AUTO;
		else if (!strcmp(arg, "always"))
			ctx->color_opt = COLOR_ALWAYS;
		else if (!strcmp(arg, "never"))
			ctx->color_opt = COLOR_NEVER;
		else
			return cmd_usage_error(ctx, "invalid --color '%s': expected auto, always or never", arg);
		cmd_set_color(ctx);
		return -1;
	case 'l':
		ctx->learner = arg;
		return -1;
	case 'h':
		cmd_usage(ctx, stdout);
		return 0;
	}
	if (c == ':')
		return cmd_usage_error(ctx, "option '%s' needs a value", ctx->argv[optind - 1]);
	return unknown_option(ctx);
}

void cmd_usage(struct kata_ctx *ctx, FILE *f)
{
	const char *u = ctx->cmd ? ctx->cmd->usage : kata_main_usage, *nl;
	bool first = true;

	/* Each line of the usage, "usage:" before the first, "   or:" after. */
	while (*u) {
		nl = strchr(u, '\n');
		fprintf(f, "%s %.*s\n", first ? "usage:" : "   or:",
			(int)(nl ? nl - u : (int)strlen(u)), u);
		first = false;
		if (!nl)
			break;
		u = nl + 1;
	}
}

static void verrorf(const char *fmt, va_list ap)
{
	fputs("kata: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cmd_usage_error(struct kata_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrorf(fmt, ap);
	va_end(ap);
	cmd_usage(ctx, stderr);
	return EXIT_USAGE;
}

int cmd_error(struct kata_error *err)
{
	char *path = NULL, *msg = NULL;
	const char *p = cmd_safe(&path, err->path, false);

	/* an error quotes what the repository holds: one safe line */
	fputs("kata: error: ", stderr);
	if (err->path && err->line)
		fprintf(stderr, "%s:%u:%u: ", p, err->line, err->col);
	else if (err->path)
		fprintf(stderr, "%s: ", p);
	fprintf(stderr, "%s\n", err->message ? cmd_safe(&msg, err->message, false) : "unknown error");
	free(path);
	free(msg);
	kata_error_release(err);
	return 1;
}

void cmd_warnings(const struct kata_done *done)
{
	unsigned i;
	char *tmp;

	fflush(stdout);	/* after what was done, when both go to one place */
	for (i = 0; i < done->n_warn; i++) {
		fprintf(stderr, "kata: warning: %s\n", cmd_safe(&tmp, done->warn[i], false));
		free(tmp);
	}
}

int cmd_errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrorf(fmt, ap);
	va_end(ap);
	return 1;
}

int cmd_repo(struct kata_ctx *ctx)
{
	struct kata_error err;

	if (ctx->repo)
		return 0;
	kata_error_init(&err);
	if (kata_repo_open(&ctx->repo, ".", &err) < 0)
		return cmd_error(&err);
	kata_repo_set_now(ctx->repo, &ctx->now);
	return 0;
}

int cmd_identity(struct kata_ctx *ctx, struct kata_repo *repo)
{
	struct kata_error err;

	kata_error_init(&err);
	if (kata_repo_identity(&ctx->name, &ctx->email, repo, "author",
			       getenv("GIT_AUTHOR_NAME"), getenv("GIT_AUTHOR_EMAIL"), &err) < 0 ||
	    kata_repo_identity(&ctx->committer_name, &ctx->committer_email, repo, "committer",
			       getenv("GIT_COMMITTER_NAME"), getenv("GIT_COMMITTER_EMAIL"), &err) < 0)
		return cmd_error(&err);
	ctx->who.name = ctx->name;
	ctx->who.email = ctx->email;
	/* git's committer, where it is someone other than the author */
	if ((ctx->committer_name && strcmp(ctx->committer_name, ctx->name)) ||
	    (ctx->committer_email && strcmp(ctx->committer_email, ctx->email))) {
		ctx->who.committer_name = ctx->committer_name ? ctx->committer_name : ctx->name;
		ctx->who.committer_email = ctx->committer_email ? ctx->committer_email : ctx->email;
	}
	return 0;
}

int cmd_who(struct kata_ctx *ctx)
{
	struct kata_error err;
	int rc;

	if (ctx->name)
		return 0;
	if ((rc = cmd_repo(ctx)))
		return rc;
	kata_error_init(&err);
	/* before any prompt or editor: the write would be refused */
	if (kata_repo_check_state(ctx->repo, &err) < 0)
		return cmd_error(&err);
	return cmd_identity(ctx, ctx->repo);
}

int cmd_learner(struct kata_ctx *ctx, const char *given, char **out)
{
	struct kata_error err;
	char *email = NULL;
	int rc;

	if ((rc = cmd_repo(ctx)))
		return rc;
	kata_error_init(&err);
	if (!given)
		given = ctx->learner;
	if (!given) {
		/* you, by the author email git would write: GIT_AUTHOR_EMAIL,
		   else author.email, else user.email */
		const char *env = getenv("GIT_AUTHOR_EMAIL");

		if (ctx->email)
			email = strdup(ctx->email);
		else if (env && *env)
			email = strdup(env);
		else if (kata_repo_config_get(&email, ctx->repo, "author.email", &err) < 0 ||
			 (!email && kata_repo_config_get(&email, ctx->repo, "user.email", &err) < 0))
			return cmd_error(&err);
	}
	rc = kata_learner_resolve(out, ctx->repo, given, email, &err);
	free(email);
	if (rc == 0)
		return 0;
	if (rc != KATA_EAMBIGUOUS)
		return cmd_error(&err);
	rc = cmd_usage_error(ctx, "%s", err.message);
	kata_error_release(&err);
	return rc;
}

int cmd_writer(struct kata_ctx *ctx)
{
	int rc;

	if ((rc = cmd_who(ctx)))
		return rc;
	return ctx->writer ? 0 : cmd_learner(ctx, NULL, &ctx->writer);
}

int cmd_storyboard(struct kata_ctx *ctx, const char *given,
		   const struct kata_storyboard_opts *opts, struct kata_storyboard **out)
{
	struct kata_error err;
	char *learner = NULL;
	int rc;

	if ((rc = cmd_learner(ctx, given, &learner)))
		return rc;
	kata_error_init(&err);
	rc = kata_storyboard_load(out, ctx->repo, learner, opts, &err);
	free(learner);
	return rc < 0 ? cmd_error(&err) : 0;
}

const char *cmd_c(const struct kata_ctx *ctx, const char *code)
{
	return ctx->color ? code : "";
}

const char *cmd_abbrev(char *buf, const char *id, size_t len)
{
	size_t n = strlen(id);

	if (len > n)
		len = n;
	memcpy(buf, id, len);
	buf[len] = '\0';
	return buf;
}

void cmd_help_sub(struct kata_ctx *ctx, const char *name,
		  int (*fn)(int argc, char **argv, struct kata_ctx *ctx))
{
	char *argv[] = { (char *)name, "--help", NULL };

	ctx->help_sub = name;
	fn(2, argv, ctx);
	ctx->help_sub = NULL;
}

int cmd_dispatch(struct kata_ctx *ctx, int argc, char **argv,
		 const struct kata_subcmd *subs)
{
	const struct kata_subcmd *s;

	if (argc < 2)
		return cmd_usage_error(ctx, "which '%s' subcommand?", argv[0]);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cmd_usage(ctx, stdout);
		for (s = subs; s->name; s++)
			cmd_help_sub(ctx, s->name, s->fn);
		return 0;
	}
	for (s = subs; s->name; s++)
		if (!strcmp(s->name, argv[1]))
			return s->fn(argc - 1, argv + 1, ctx);
	return cmd_usage_error(ctx, "unknown subcommand '%s %s'", argv[0], argv[1]);
}

const char *cmd_when_short(char buf[CMD_WHEN_SHORT], const char *s)
{
	if (strlen(s) <= 10)
		return s;
	snprintf(buf, CMD_WHEN_SHORT, "%s", s);
	buf[10] = ' ';
	return buf;
}

void cmd_print_see_by(FILE *f, const struct kata_ctx *ctx, const char *see_by)
{
	char buf[CMD_WHEN_SHORT];
	struct kata_time when;
	struct kata_error err;
	bool overdue = false, due = false;

	kata_error_init(&err);
	if (kata_when_parse(&when, see_by, &ctx->now, &err) == 0) {
		overdue = kata_time_passed(&when, &ctx->now);
		due = !overdue && kata_time_days_between(&ctx->now, &when) == 0;
	}
	kata_error_release(&err);
	fputs(cmd_when_short(buf, see_by), f);
	if (overdue)
		fprintf(f, " %s(overdue)%s", cmd_c(ctx, C_RED), cmd_c(ctx, C_RESET));
	else if (due)
		fprintf(f, " %s(due today)%s", cmd_c(ctx, C_YELLOW), cmd_c(ctx, C_RESET));
}
