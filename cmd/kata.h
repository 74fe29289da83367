#ifndef KATA_CMD_H
#define KATA_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "kata/error.h"
#include "kata/repo.h"
#include "kata/storyboard.h"
#include "kata/types.h"
#include "kata/when.h"
#include "options.h"

/* Exit statuses (SPEC 7). */
#define EXIT_USAGE 2

/* What every command is handed: the global options and, once asked for,
 * the repository and the person running the command. */
struct kata_ctx {
	const char *learner;	/* -l/--learner */
	bool json;		/* --json */
	bool color;		/* after --color, NO_COLOR and isatty */
	int color_opt;		/* COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER */
	struct kata_time now;
	struct kata_repo *repo;
	char *name, *email;	/* the git identity, once resolved */
	char *committer_name, *committer_email;	/* git's committer, if set */
	char *writer;		/* the learner a write is about, once resolved */
	struct kata_who who;
	const struct kata_cmd *cmd;	/* the command running */
	char **argv;		/* what getopt parses, for its messages */
	char **args;		/* the operands, once cmd_parse has run */
	int nargs;
	char **argbuf;		/* argv as cmd_parse reordered it, if it did */
	const char *help_sub;	/* -h of a whole command: the subcommand whose
				   options cmd_parse lists, without the usage */
	bool helped;		/* cmd_parse printed -h */
};

enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct kata_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct kata_ctx *ctx);
	const char *usage;	/* one line, or several separated by '\n' */
	const char *summary;
};

extern const struct kata_cmd kata_commands[];
extern const char kata_main_usage[];

struct kata_subcmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct kata_ctx *ctx);
};

/*
 * Lists the options of subcommand name (fn run as for "name --help"), after
 * the usage of its command: -h of a command explains every option.
 */
void cmd_help_sub(struct kata_ctx *ctx, const char *name,
		  int (*fn)(int argc, char **argv, struct kata_ctx *ctx));

/* Runs the subcommand argv[1] of a command from its table. */
int cmd_dispatch(struct kata_ctx *ctx, int argc, char **argv,
		 const struct kata_subcmd *subs);

/*
 * Options every command takes after its name too (git allows -C and
 * friends only before; kata takes the harmless ones anywhere).
 */
enum {
	OPT_JSON = 1000,
	OPT_COLOR,
	OPT_LEARNER,
	OPT_HELP,
};
#define COMMON_LONGOPTS \
	{ "json", no_argument, NULL, OPT_JSON }, \
	{ "color", required_argument, NULL, OPT_COLOR }, \
	{ "learner", required_argument, NULL, 'l' }, \
	{ "help", no_argument, NULL, 'h' }

/* Resets getopt for a new argv. */
void cmd_getopt_reset(struct kata_ctx *ctx, char **argv);
/*
 * Handles an option common to all commands, and -h: returns -1 to go on
 * parsing, else the exit status to return now (after -h, or a bad option,
 * whose usage it printed).
 */
int cmd_common_opt(struct kata_ctx *ctx, int c, const char *arg);
/* Color from --color, NO_COLOR and whether stdout is a terminal. */
void cmd_set_color(struct kata_ctx *ctx);
/* Prints the usage of the running command to f. */
void cmd_usage(struct kata_ctx *ctx, FILE *f);
/* Reports a usage error (message, then the usage) and returns EXIT_USAGE. */
int cmd_usage_error(struct kata_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints an error from lib/ as one line, releases it, and returns 1. */
int cmd_error(struct kata_error *err);
int cmd_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the warnings a write came back with, "kata: warning: ..." each. */
void cmd_warnings(const struct kata_done *done);

/* Opens the repository (once); 0 or an exit status. */
int cmd_repo(struct kata_ctx *ctx);
/* For a writing command: git has no operation in progress
 * (kata_repo_check_state), and the git identity of the person writing;
 * 0 or an exit status. */
int cmd_who(struct kata_ctx *ctx);
/* Resolves ctx->who, author and committer, from repo (NULL: outside one). */
int cmd_identity(struct kata_ctx *ctx, struct kata_repo *repo);
/* For a writing command: the git identity (ctx->who) and the learner it
 * is about, -l or the default (ctx->writer); 0 or an exit status. */
int cmd_writer(struct kata_ctx *ctx);
/* Resolves the learner the command is about: given, or -l, or the default. */
int cmd_learner(struct kata_ctx *ctx, const char *given, char **out);

/* Loads the storyboard of the learner given (or the default one), as much
 * of it as opts asks (NULL: all of it). */
int cmd_storyboard(struct kata_ctx *ctx, const char *given,
		   const struct kata_storyboard_opts *opts, struct kata_storyboard **out);

/* Colours, only when ctx->color. */
const char *cmd_c(const struct kata_ctx *ctx, const char *code);
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_RESET "\033[0m"

/* JSON: a record as an object of its own fields, each of its field's type
 * (kata_record_scalar); cmd_json_print prints and frees. */
json_t *cmd_json_record(const struct kata_node *rec);
int cmd_json_print(json_t *json);

/* The mark of the obstacle in focus, the same in every list (git branch's
 * mark of the current branch), with FOCUS_NOTE after its text. */
#define CMD_FOCUS_MARK "*"
#define CMD_FOCUS_NOTE "  (focus)"

/* An ID cut to its shortest unambiguous length. */
const char *cmd_abbrev(char *buf, const char *id, size_t len);

/* A time as the storyboard shows it: "2026-11-21T14:00:00+01:00" as
 * "2026-11-21 14:00", a day as the day. */
#define CMD_WHEN_SHORT 17
const char *cmd_when_short(char buf[CMD_WHEN_SHORT], const char *s);
/* Prints an open step's go-and-see time, marked (overdue) once it has
 * passed: the storyboard and the coach's header say it alike. */
void cmd_print_see_by(FILE *f, const struct kata_ctx *ctx, const char *see_by);

/*
 * Text for the terminal (cmd/text.c): widths in terminal columns, not
 * bytes, for UTF-8 in any language.
 */
/* The terminal's width: $COLUMNS, else the terminal's when standard
 * output is one, else 80. */
int cmd_term_width(void);
/* The columns s takes. */
int cmd_text_width(const char *s);
/*
 * Text from a repository (a commit's subject, a record, a question set, an
 * error about them) made safe for a terminal: control characters (but
 * newline and tab when lines), C1 controls, bidi overrides and isolates
 * and invalid UTF-8 shown escaped (\x1b, \u202e), so that no escape
 * sequence in it reaches the terminal. s itself when nothing needs it;
 * else a copy, also in *tmp, which the caller frees.
 */
const char *cmd_safe(char **tmp, const char *s, bool lines);
/* Prints s and spaces after it up to width columns. */
void cmd_pad(FILE *f, const char *s, int width);
/*
 * Prints text, which starts at column col, broken at word boundaries
 * (UAX #14) so that no line passes width columns (a word longer than a
 * line stays whole); each further line, and each line of its own in text,
 * is indented by hang columns. The text may hold colours (cmd_c), which
 * take no room. The last line is not ended: what follows it is the
 * caller's.
 */
void cmd_wrap(FILE *f, const char *text, int col, int hang, int width);
/* A line printed piece by piece (to the stream cmd_line_open returns),
 * then wrapped as cmd_wrap does, from column 0, and ended. */
struct cmd_line {
	FILE *f;
	char *buf;
	size_t len;
};
FILE *cmd_line_open(struct cmd_line *l);
void cmd_line_wrap(struct cmd_line *l, int hang, int width);
/* s cut to at most width columns and size bytes with its terminating NUL,
 * between characters, "…" ending what was cut; returns out. */
const char *cmd_truncate(char *out, size_t size, const char *s, int width);

int cmd_board(int argc, char **argv, struct kata_ctx *ctx);
int cmd_edit(int argc, char **argv, struct kata_ctx *ctx);
int cmd_coach(int argc, char **argv, struct kata_ctx *ctx);
int cmd_fsck(int argc, char **argv, struct kata_ctx *ctx);
int cmd_init(int argc, char **argv, struct kata_ctx *ctx);
int cmd_learner_(int argc, char **argv, struct kata_ctx *ctx);
int cmd_lint(int argc, char **argv, struct kata_ctx *ctx);
int cmd_log(int argc, char **argv, struct kata_ctx *ctx);
int cmd_measure(int argc, char **argv, struct kata_ctx *ctx);
int cmd_obstacle(int argc, char **argv, struct kata_ctx *ctx);
int cmd_report(int argc, char **argv, struct kata_ctx *ctx);
int cmd_show(int argc, char **argv, struct kata_ctx *ctx);
int cmd_start(int argc, char **argv, struct kata_ctx *ctx);
int cmd_step(int argc, char **argv, struct kata_ctx *ctx);
int cmd_target(int argc, char **argv, struct kata_ctx *ctx);
int cmd_redo(int argc, char **argv, struct kata_ctx *ctx);
int cmd_undo(int argc, char **argv, struct kata_ctx *ctx);
int cmd_sync(int argc, char **argv, struct kata_ctx *ctx);
int cmd_resolve(int argc, char **argv, struct kata_ctx *ctx);
int cmd_verify(int argc, char **argv, struct kata_ctx *ctx);
int cmd_withdraw(int argc, char **argv, struct kata_ctx *ctx);

#endif
