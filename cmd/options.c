#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

/* getopt_long's value for a table entry that has no short name. */
#define LONG_ONLY 0x1000

void cmd_list_release(struct cmd_list *list)
{
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

static size_t count(const struct cmd_opt *opts)
{
	size_t n = 0;

	while (opts && opts[n].type != CMD_OPT_END)
		n++;
	return n;
}

/* The options every command takes; their handling is cmd_common_opt's. */
static const struct option common[] = {
	COMMON_LONGOPTS,
};

#define N_COMMON (sizeof(common) / sizeof(common[0]))

/* Whether argument a is an option that takes the next argument as its value. */
static bool takes_next(const char *a, const struct cmd_opt *opts, size_t n)
{
	size_t i;

	if (a[0] != '-' || !a[1])
		return false;
	if (a[1] == '-') {
		if (strchr(a, '='))
			return false;
		for (i = 0; i < N_COMMON; i++)
			if (!strcmp(a + 2, common[i].name))
				return common[i].has_arg == required_argument;
		for (i = 0; i < n; i++)
			if (opts[i].long_name && !strcmp(a + 2, opts[i].long_name))
				return opts[i].arg != NULL;
		return false;
	}
	if (a[2])
		return false;	/* -xVALUE, or a cluster: no value follows */
	if (a[1] == 'l')
		return true;
	for (i = 0; i < n; i++)
		if (opts[i].short_name == a[1])
			return opts[i].arg != NULL;
	return false;
}

static bool negative_number(const char *s)
{
	return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || s[1] == '.');
}

/*
 * A value may be negative ("-3"), which getopt would take for an option:
 * such arguments move behind a "--", where they stay operands, unless they
 * are an option's value. Options may still come before or after them.
 */
static char **numbers_last(int *n_out, int argc, char **argv, const struct cmd_opt *opts,
			   size_t n_opts)
{
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	int i, n = 0, dashes;
	bool value = false;

	if (!args)
		return NULL;
	for (dashes = 1; dashes < argc && strcmp(argv[dashes], "--"); dashes++)
		;
	args[n++] = argv[0];
	for (i = 1; i < dashes; i++) {
		if (value || !negative_number(argv[i]))
			args[n++] = argv[i];
		value = !value && takes_next(argv[i], opts, n_opts);
	}
	args[n++] = "--";
	for (i = 1, value = false; i < dashes; i++) {
		if (!value && negative_number(argv[i]))
			args[n++] = argv[i];
		value = !value && takes_next(argv[i], opts, n_opts);
	}
	for (i = dashes + 1; i < argc; i++)	/* what followed the user's own "--" */
		args[n++] = argv[i];
	*n_out = n;
	return args;
}

/*
 * -h: the usage, then a line for each of the command's options; for one
 * subcommand of a command's -h, a heading and its options only.
 */
static void print_help(struct kata_ctx *ctx, const struct cmd_opt *opts, size_t n)
{
	size_t i;

	ctx->helped = true;
	if (ctx->help_sub && n)
		printf("\n%s %s:\n", ctx->cmd->name, ctx->help_sub);
	else if (!ctx->help_sub)
		cmd_usage(ctx, stdout);
	if (n && !ctx->help_sub)
		putchar('\n');
	for (i = 0; i < n; i++) {
		char left[64];

		if (!opts[i].long_name)
			snprintf(left, sizeof(left), "-%c%s%s", opts[i].short_name,
				 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else if (opts[i].short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].short_name,
				 opts[i].long_name, opts[i].arg ? " " : "",
				 opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts[i].long_name,
				 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		printf("    %-26s %s\n", left, opts[i].help);
	}
}

static int add_to_list(struct cmd_list *list, const char *v)
{
	const char **nv = realloc(list->v, (list->n + 1) * sizeof(*nv));

	if (!nv)
		return cmd_errorf("out of memory");
	nv[list->n++] = v;
	list->v = nv;
	return -1;
}

/* Applies one table option; -1 to go on, else an exit status. */
static int apply(struct kata_ctx *ctx, const struct cmd_opt *o, const char *arg)
{
	switch (o->type) {
	case CMD_OPT_STRING:
		*(const char **)o->value = arg;
		return -1;
	case CMD_OPT_FLAG:
		*(bool *)o->value = true;
		return -1;
	case CMD_OPT_LIST:
		return add_to_list(o->value, arg);
	case CMD_OPT_CALL:
		return o->call(ctx, o, arg);
	default:
		return -1;
	}
}

static int check_operands(struct kata_ctx *ctx, const struct cmd_operands *ops)
{
	int min = ops ? ops->min : 0, max = ops ? ops->max : 0;

	if (ctx->nargs < min)
		return cmd_usage_error(ctx, "%s", ops && ops->missing ? ops->missing :
				       "missing argument");
	if (max >= 0 && ctx->nargs > max) {
		if (ops && ops->extra)
			return cmd_usage_error(ctx, "%s", ops->extra);
		return max ? cmd_usage_error(ctx, "too many arguments") :
		       cmd_usage_error(ctx, "unexpected argument '%s'", ctx->args[0]);
	}
	return -1;
}

int cmd_parse(struct kata_ctx *ctx, int argc, char **argv, const struct cmd_opt *opts,
	      const struct cmd_operands *operands)
{
	size_t n = count(opts), i, k = 0;
	struct option *longopts = NULL;
	char *shorts = NULL, **args = argv;
	int c, nargs = argc, r = -1;

	longopts = calloc(n + N_COMMON + 1, sizeof(*longopts));
	shorts = malloc(2 * n + 8);
	if (!longopts || !shorts) {
		r = cmd_errorf("out of memory");
		goto done;
	}
	strcpy(shorts, ":l:h");
	for (i = 0, k = 0; i < n; i++) {
		if (opts[i].long_name) {
			longopts[k].name = opts[i].long_name;
			longopts[k].has_arg = opts[i].arg ? required_argument : no_argument;
			longopts[k].val = opts[i].short_name ? opts[i].short_name :
					  LONG_ONLY + (int)i;
			k++;
		}
		if (opts[i].short_name) {
			size_t end = strlen(shorts);

			shorts[end++] = (char)opts[i].short_name;
			if (opts[i].arg)
				shorts[end++] = ':';
			shorts[end] = '\0';
		}
	}
	memcpy(longopts + k, common, sizeof(common));
	if (operands && operands->numbers) {
		if (!(args = numbers_last(&nargs, argc, argv, opts, n))) {
			r = cmd_errorf("out of memory");
			goto done;
		}
		free(ctx->argbuf);
		ctx->argbuf = args;
	}
	cmd_getopt_reset(ctx, args);
	while ((c = getopt_long(nargs, args, shorts, longopts, NULL)) != -1) {
		const struct cmd_opt *o = NULL;

		if (c >= LONG_ONLY && c < LONG_ONLY + (int)n)
			o = &opts[c - LONG_ONLY];
		for (i = 0; !o && c > 0 && c < 256 && c != 'l' && c != 'h' && i < n; i++)
			if (opts[i].short_name == c)
				o = &opts[i];
		if (c == 'h') {
			print_help(ctx, opts, n);
			r = 0;
			goto done;
		}
		if ((r = o ? apply(ctx, o, optarg) : cmd_common_opt(ctx, c, optarg)) >= 0)
			goto done;
	}
	ctx->args = args + optind;
	ctx->nargs = nargs - optind;
	r = check_operands(ctx, operands);
done:
	free(longopts);
	free(shorts);
	return r;
}
