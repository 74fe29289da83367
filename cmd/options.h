#ifndef KATA_CMD_OPTIONS_H
#define KATA_CMD_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Option parsing from a table, as git's parse-options: each command lists
 * its options (and what each one sets) once, and cmd_parse() builds
 * getopt_long's tables from it, adds the options every command takes
 * (-l/--learner, --json, --color, -h/--help), checks the operands and
 * prints `-h` from the same table.
 */

struct kata_ctx;
struct cmd_opt;

/* An option given several times: each value in order. */
struct cmd_list {
	const char **v;
	size_t n;
};

void cmd_list_release(struct cmd_list *list);

enum cmd_opt_type {
	CMD_OPT_END,
	CMD_OPT_STRING,		/* const char **value: the last one given */
	CMD_OPT_FLAG,		/* bool *value: true when given */
	CMD_OPT_LIST,		/* struct cmd_list *value: every one given */
	CMD_OPT_CALL,		/* call(ctx, opt, arg) for each, in order */
};

struct cmd_opt {
	enum cmd_opt_type type;
	int short_name;		/* 0: none */
	const char *long_name;
	const char *arg;	/* the value's name in the help; NULL: no value */
	const char *help;
	void *value;
	void *data;		/* CMD_OPT_CALL: for call */
	/* CMD_OPT_CALL: -1 to go on, else the exit status to end with. */
	int (*call)(struct kata_ctx *ctx, const struct cmd_opt *opt, const char *arg);
};

#define CMD_STRING(s, l, v, a, h) { CMD_OPT_STRING, (s), (l), (a), (h), (v), NULL, NULL }
#define CMD_FLAG(s, l, v, h) { CMD_OPT_FLAG, (s), (l), NULL, (h), (v), NULL, NULL }
#define CMD_LIST(s, l, v, a, h) { CMD_OPT_LIST, (s), (l), (a), (h), (v), NULL, NULL }
#define CMD_CALL(s, l, a, h, fn, d) { CMD_OPT_CALL, (s), (l), (a), (h), NULL, (d), (fn) }
#define CMD_END { CMD_OPT_END, 0, NULL, NULL, NULL, NULL, NULL, NULL }

/* The operands a command takes, and what to say when they are not. */
struct cmd_operands {
	int min, max;
	const char *missing;	/* fewer than min; NULL: "missing argument" */
	const char *extra;	/* more than max; NULL: a message of its own */
	bool numbers;		/* "-3" is an operand (a value), not an option */
};

/*
 * Parses argv (argv[0] the command's name) by opts. Returns -1 to go on,
 * with the operands in ctx->args and ctx->nargs; else the exit status to
 * end with (after -h, or a usage error, whose usage it printed).
 */
int cmd_parse(struct kata_ctx *ctx, int argc, char **argv, const struct cmd_opt *opts,
	      const struct cmd_operands *operands);

#endif
