#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kata.h"
#include "kata/edit.h"
#include "kata/learner.h"

extern char **environ;

/* The editor, in the order the issue gives: $VISUAL, $EDITOR, git's
 * core.editor, vi. *out is malloc'd. */
static int pick_editor(char **out, struct kata_ctx *ctx, struct kata_error *err)
{
	const char *env[] = { "VISUAL", "EDITOR" };
	char *cfg = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i]);

		if (v && *v)
			return (*out = strdup(v)) ? 0 :
			       kata_error_set(err, KATA_ERROR, "out of memory");
	}
	if ((rc = kata_repo_config_get(&cfg, ctx->repo, "core.editor", err)) < 0)
		return rc;
	if (cfg && *cfg) {
		*out = cfg;
		return 0;
	}
	free(cfg);
	return (*out = strdup("vi")) ? 0 : kata_error_set(err, KATA_ERROR, "out of memory");
}

/*
 * Runs the editor on file as git does: through the shell, so that an
 * editor "code --wait" or one with quotes works, and the file as "$@".
 * kata waits for it, ignoring Ctrl-C meanwhile (it is the editor's).
 * Returns 0, or a message in err.
 */
static int run_editor(const char *editor, const char *file, struct kata_error *err)
{
	struct sigaction ign, old_int, old_quit;
	posix_spawnattr_t attr;
	sigset_t dflt;
	char *script = NULL;
	char *argv[6];
	size_t len = strlen(editor) + sizeof(" \"$@\"");
	pid_t pid;
	int status, rc;

	if (!(script = malloc(len)))
		return kata_error_set(err, KATA_ERROR, "out of memory");
	snprintf(script, len, "%s \"$@\"", editor);
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = (char *)editor;	/* $0, as git passes it */
	argv[4] = (char *)file;
	argv[5] = NULL;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGQUIT);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	fflush(stdout);
	rc = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		rc = kata_error_set(err, KATA_ERROR, "cannot run the editor '%s': %s",
				    editor, strerror(rc));
		goto done;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = kata_error_set(err, KATA_ERROR, "cannot wait for the editor '%s': %s",
					    editor, strerror(errno));
			goto done;
		}
	}
	if (WIFSIGNALED(status))
		rc = kata_error_set(err, KATA_ERROR, "the editor '%s' was killed by signal %d",
				    editor, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		rc = kata_error_set(err, KATA_ERROR, "the editor '%s' failed (exit status %d)",
				    editor, WEXITSTATUS(status));
done:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	return rc;
}

/* The one error line after the editor ran, saying where the edit is kept. */
static int error_kept(struct kata_error *err, const char *kept)
{
	fputs("kata: error: ", stderr);
	if (err->path && err->line)
		fprintf(stderr, "%s:%u:%u: ", err->path, err->line, err->col);
	else if (err->path)
		fprintf(stderr, "%s: ", err->path);
	fprintf(stderr, "%s; nothing was committed", err->message ? err->message : "unknown error");
	if (kept)
		fprintf(stderr, " (your edit is kept in %s)", kept);
	fputc('\n', stderr);
	kata_error_release(err);
	return 1;
}

int cmd_edit(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct cmd_operands operands = {
		1, 1, "which record? give its ID", "too many arguments; edit one record at a time",
		false,
	};
	struct kata_edit *e = NULL;
	struct kata_error err, ignore;
	struct kata_done done;
	char *editor = NULL;
	const char *id;
	bool changed, resume = false, discard = false;
	unsigned n;
	struct cmd_opt opts[] = {
		CMD_FLAG(0, "resume", &resume, "go on with the newest refused edit kept of the record"),
		CMD_FLAG(0, "discard", &discard, "remove the refused edits kept of the record"),
		CMD_END,
	};
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 || (r = cmd_who(ctx)))
		return r;
	if (resume && discard)
		return cmd_usage_error(ctx, "--resume or --discard: not both");
	id = ctx->args[0];
	kata_error_init(&err);
	kata_error_init(&ignore);
	/* A learner's ID names their record, whoever the default learner is;
	 * any other ID is looked for among the learner's records. */
	if (kata_learner_check(ctx->repo, id, &ignore) < 0) {
		kata_error_release(&ignore);
		if ((r = cmd_writer(ctx)))
			return r;
	}
	if (kata_edit_find(&e, ctx->repo, ctx->writer, id, &err) < 0) {
		r = cmd_error(&err);
		goto done;
	}
	if (discard) {
		if (kata_edit_drop(&n, e, ctx->repo, &err) < 0) {
			r = cmd_error(&err);
			goto done;
		}
		printf("%u kept edit%s of %s %.*s removed\n", n, n == 1 ? "" : "s",
		       kata_record_kind_name(e->kind),
		       e->kind == KATA_KIND_LEARNER ? (int)strlen(e->id) : 4, e->id);
		r = 0;
		goto done;
	}
	if ((resume ? kata_edit_resume(e, ctx->repo, &err) : kata_edit_begin(e, ctx->repo, &err)) < 0 ||
	    pick_editor(&editor, ctx, &err) < 0) {
		if (!resume)
			kata_edit_discard(e);
		r = cmd_error(&err);
		goto done;
	}

	if (run_editor(editor, e->tmp, &err) < 0) {
		r = error_kept(&err, kata_edit_discard(e) ? e->tmp_display : NULL);
		goto done;
	}
	if (kata_edit_finish(&done, &changed, e, ctx->repo, &ctx->who, &err) < 0) {
		r = error_kept(&err, e->tmp_display);
		goto done;
	}
	if (changed)
		printf("%s: %s %.*s edited\n", e->learner, kata_record_kind_name(e->kind),
		       e->kind == KATA_KIND_LEARNER ? (int)strlen(e->id) : 4, e->id);
	else
		printf("no changes to %s %.*s; nothing to commit\n", kata_record_kind_name(e->kind),
		       e->kind == KATA_KIND_LEARNER ? (int)strlen(e->id) : 4, e->id);
	/* after the edit, not before: an error stays the one line */
	if (e->kept)
		fprintf(stderr, "kata: warning: %u earlier edit%s of %s %s kept in .git/kata-edit: 'kata edit --resume %s' goes on with the newest, 'kata edit --discard %s' removes them\n",
			e->kept, e->kept == 1 ? "" : "s", e->id, e->kept == 1 ? "is" : "are", id, id);
	r = 0;
done:
	kata_edit_free(e);
	free(editor);
	return r;
}
