#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"

/* The commands, in alphabetical order; `kata help` lists them from here. */
const struct kata_cmd kata_commands[] = {
	{ "board", cmd_board, "kata board [--coach ID] [--coaches] [--json]",
	  "the team at a glance, or the coaches' view" },
	{ "coach", cmd_coach,
	  "kata coach [LEARNER] [--answers FILE|-]\n"
	  "kata coach feedback [LEARNER|SESSION] --note TEXT [--phase N [--minutes M] [--note TEXT]]...",
	  "run a coaching cycle, or give the coach feedback" },
	{ "edit", cmd_edit, "kata edit [--resume | --discard] ID", "edit a record in your editor; it is checked before it is committed" },
	{ "fsck", cmd_fsck, "kata fsck [--json]",
	  "check every record and report each problem" },
	{ "init", cmd_init, "kata init [DIR] [--team NAME]",
	  "make a kata repository (or adopt a git repository)" },
	{ "learner", cmd_learner_,
	  "kata learner add ID [--name NAME] [--email EMAIL]... [--coach ID] [--second-coach ID] [--process TEXT]\n"
	  "kata learner list [--json]",
	  "add a learner, or list them" },
	{ "lint", cmd_lint, "kata lint [LEARNER | --all] [--strict] [--json]",
	  "check the practice against the Starter Kata: warnings, and what to do" },
	{ "log", cmd_log, "kata log [LEARNER] [-n N] [--since WHEN] [--author ID] [--action A] [--json]",
	  "show the history, newest first" },
	{ "measure", cmd_measure, "kata measure NAME VALUE [--at WHEN] [--new-metric]",
	  "record a process-metric value" },
	{ "obstacle", cmd_obstacle,
	  "kata obstacle add TEXT\n"
	  "kata obstacle list [--json]\n"
	  "kata obstacle focus ID\n"
	  "kata obstacle close ID [--note TEXT]\n"
	  "kata obstacle reopen ID [--note TEXT]",
	  "the obstacles parking lot, one in focus" },
	{ "redo", cmd_redo, "kata redo [--anyone] [COMMIT]",
	  "bring back what the last kata undo took back" },
	{ "report", cmd_report,
	  "kata report [LEARNER...] -o DIR [--paper SIZE]\n"
	  "kata report [LEARNER...] --since WHEN [--until WHEN] (-o DIR | --json) [--paper SIZE]",
	  "write the storyboards as printable HTML, or the learning report of a period" },
	{ "resolve", cmd_resolve,
	  "kata resolve [--json]\n"
	  "kata resolve (--ours | --theirs) [RECORD [FIELD]]",
	  "list what stopped kata sync, or settle it one side at a time" },
	{ "show", cmd_show, "kata show [LEARNER] [--target ID] [--json]",
	  "show a learner's storyboard" },
	{ "start", cmd_start,
	  "kata start --challenge TEXT --target TEXT --by DATE [--current TEXT] [--metric NAME [--unit U] [--goal N] [--lower-is-better]] [--carry-obstacles]",
	  "start the next target condition" },
	{ "step", cmd_step,
	  "kata step TEXT --expect TEXT [--obstacle ID] [--see-by WHEN]\n"
	  "kata step done [ID] --happened TEXT --learned TEXT",
	  "plan the next step, or reflect on the open one" },
	{ "sync", cmd_sync, "kata sync [REMOTE] [--json]",
	  "fetch the team's records, merge them record by record, push yours" },
	{ "target", cmd_target,
	  "kata target done [--note TEXT] [--happened TEXT --learned TEXT]\n"
	  "kata target abandon [--note TEXT] [--happened TEXT --learned TEXT]\n"
	  "kata target list [LEARNER] [--json]",
	  "end the active target condition, or list them all" },
	{ "undo", cmd_undo, "kata undo [--anyone] [COMMIT]",
	  "take back your last kata change with a new commit; again, the one before" },
	{ "verify", cmd_verify,
	  "kata verify [RANGE...] [--json]\n"
	  "kata verify --pre-receive",
	  "check that each commit wrote only what its author may (a git server's hook too)" },
	{ "withdraw", cmd_withdraw, "kata withdraw ID --reason TEXT",
	  "take a step, obstacle or measure made by mistake off the storyboard" },
	{ NULL, NULL, NULL, NULL },
};

const char kata_main_usage[] =
	"kata [-C DIR] [-l ID] [--json] [--color=WHEN] COMMAND [ARGS]\n"
	"kata --version\n"
	"kata help [COMMAND]";

static void print_help(FILE *f)
{
	const struct kata_cmd *c;

	cmd_usage(&(struct kata_ctx){ .cmd = NULL }, f);
	fputs("\nThe Improvement Kata and the Coaching Kata, recorded in git.\n\ncommands:\n", f);
	for (c = kata_commands; c->name; c++)
		fprintf(f, "   %-10s %s\n", c->name, c->summary);
	fputs("\nSee 'kata help COMMAND' or 'man kata-COMMAND' for a command.\n", f);
}

static const struct kata_cmd *find_cmd(const char *name)
{
	const struct kata_cmd *c;

	for (c = kata_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static int cmd_help(int argc, char **argv, struct kata_ctx *ctx)
{
	char *help_argv[3];
	const struct kata_cmd *c;

	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	if (!(c = find_cmd(argv[1]))) {
		cmd_errorf("'%s' is not a kata command; see 'kata help'", argv[1]);
		return EXIT_USAGE;
	}
	/* the command's own -h, so that the two never differ */
	ctx->cmd = c;
	help_argv[0] = argv[1];
	help_argv[1] = "-h";
	help_argv[2] = NULL;
	return c->fn(2, help_argv, ctx);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_ctx ctx;
	struct kata_error err;
	const struct kata_cmd *cmd;
	int c, r, status;

	memset(&ctx, 0, sizeof(ctx));
	kata_error_init(&err);
	/* Global options stop at the command's name ('+'), as git's do. */
	cmd_getopt_reset(&ctx, argv);
	while ((c = getopt_long(argc, argv, "+:C:l:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (chdir(optarg) < 0) {
				cmd_errorf("cannot change to '%s': %s", optarg, strerror(errno));
				return 1;
			}
			break;
		case 'V':
			printf("kata version %s\n", KATA_VERSION);
			return 0;
		case 'h':
			print_help(stdout);
			return 0;
		case 'l':
		case OPT_JSON:
		case OPT_COLOR:
			if ((r = cmd_common_opt(&ctx, c, optarg)) >= 0)
				return r;
			break;
		default:
			return cmd_common_opt(&ctx, c, optarg);
		}
	}
	cmd_set_color(&ctx);
	if (optind >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (kata_time_now(&ctx.now, getenv("KATA_NOW"), &err) < 0)
		return cmd_error(&err);
	argc -= optind;
	argv += optind;
	if (!strcmp(argv[0], "help")) {
		/* through the cleanup below: the command it runs for -h may
		   have reordered argv (ctx.argbuf) */
		status = cmd_help(argc, argv, &ctx);
	} else if (!(cmd = find_cmd(argv[0]))) {
		cmd_errorf("'%s' is not a kata command; see 'kata help'", argv[0]);
		return EXIT_USAGE;
	} else {
		ctx.cmd = cmd;
		status = cmd->fn(argc, argv, &ctx);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_errorf("cannot write output: %s", strerror(errno));
		status = status ? status : 1;
	}
	if (kata_repo_warning(ctx.repo)) {
		char *tmp;

		fprintf(stderr, "kata: warning: %s\n",
			cmd_safe(&tmp, kata_repo_warning(ctx.repo), false));
		free(tmp);
	}
	kata_repo_free(ctx.repo);
	free(ctx.name);
	free(ctx.email);
	free(ctx.committer_name);
	free(ctx.committer_email);
	free(ctx.writer);
	free(ctx.argbuf);
	return status;
}
