#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "kata/repo.h"
#include "kata/str.h"
#include "kata/trailer.h"
#include "kata/txn.h"
#include "kata/undo.h"

/* The longest subject of the undone commit that goes into the new one, so
 * that undoing an undo again and again does not grow it without end. */
#define SUBJECT_MAX 200

/* A path a commit may name for kata to write: relative, inside the work
 * tree, nowhere in .git. */
static bool safe_path(const char *path)
{
	const char *p = path, *slash;
	size_t n;

	if (!*path || *path == '/')
		return false;
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)) ||
		    (n == 4 && !strncasecmp(p, ".git", 4)))
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

/*
 * The transaction refuses to replace a file that differs from HEAD; say
 * that it is the undo that would overwrite it (the one place an error is
 * reworded: the store's words name no command).
 */
static int dirty(struct kata_error *err, int rc)
{
	char *path, *msg;

	if (rc != KATA_EDIRTY)
		return rc;
	path = err->path ? strdup(err->path) : NULL;
	msg = err->message ? strdup(err->message) : NULL;
	if ((err->path && !path) || (err->message && !msg)) {
		free(path);
		free(msg);
		return rc;	/* keep the store's words */
	}
	kata_error_release(err);
	rc = kata_error_set_at(err, KATA_EDIRTY, path, 0, 0,
			       "kata undo would overwrite it: %s",
			       msg ? msg : "differs from HEAD");
	free(path);
	free(msg);
	return rc;
}

/* Puts back what the parent held at one path HEAD changed. */
static int revert_delta(struct kata_txn *txn, git_repository *git,
			const git_diff_delta *d, struct kata_error *err)
{
	git_blob *blob = NULL;
	const char *path;
	int rc;

	path = d->status == GIT_DELTA_ADDED ? d->new_file.path : d->old_file.path;
	if (!safe_path(path))
		return kata_error_set(err, KATA_EPRACTICE,
				      "HEAD names the path '%s', which kata does not write", path);
	switch (d->status) {
	case GIT_DELTA_ADDED:
		return dirty(err, kata_txn_remove(txn, path, err));
	case GIT_DELTA_DELETED:
	case GIT_DELTA_MODIFIED:
		break;
	default:
		return kata_error_set(err, KATA_EPRACTICE,
				      "HEAD changes the type of '%s'; kata undo reverts only changes to records",
				      path);
	}
	/* The store writes regular files: anything else would not come back
	 * as it was. */
	if (d->old_file.mode != GIT_FILEMODE_BLOB)
		return kata_error_set(err, KATA_EPRACTICE,
				      "'%s' was not a regular file before HEAD; kata undo reverts only changes to records",
				      path);
	if (git_blob_lookup(&blob, git, &d->old_file.id) < 0)
		return kata_error_from_git(err, "cannot read the file before HEAD");
	rc = dirty(err, kata_txn_put_raw(txn, path, git_blob_rawcontent(blob),
					 (size_t)git_blob_rawsize(blob), err));
	git_blob_free(blob);
	return rc;
}

/* The message: subject "<learner>: undo <short>: <subject>", the line git
 * revert writes, then the undone commit's trailers with Kata-Reverts. */
static char *message(const struct kata_trailers *undone, const char *short_id,
		     const char *full_id, const char *subject)
{
	struct kata_trailers t = *undone;
	char subj[SUBJECT_MAX + 4], line[SUBJECT_MAX + 128], body[96];
	size_t n;

	/* "alice: step ..." undone by alice reads "alice: undo abc: step ..." */
	if (*t.learner) {
		n = strlen(t.learner);
		if (!strncmp(subject, t.learner, n) && !strncmp(subject + n, ": ", 2))
			subject += n + 2;
	}
	kata_str_cut(subj, sizeof(subj), subject, SUBJECT_MAX);
	if (*t.learner)
		snprintf(line, sizeof(line), "%s: undo %s: %s", t.learner, short_id, subj);
	else
		snprintf(line, sizeof(line), "undo %s: %s", short_id, subj);
	snprintf(body, sizeof(body), "This reverts commit %s.", full_id);
	snprintf(t.action, sizeof(t.action), "undo");
	snprintf(t.reverts, sizeof(t.reverts), "%s", full_id);
	return kata_trailers_message(line, body, &t);
}

int kata_undo(struct kata_undone *out, struct kata_repo *repo, const struct kata_who *who,
	      struct kata_error *err)
{
	git_repository *git = kata_repo_git(repo);
	struct kata_txn *txn = NULL;
	git_commit *head = NULL, *parent = NULL;
	git_tree *head_tree = NULL, *parent_tree = NULL;
	git_diff *diff = NULL;
	git_buf short_buf = GIT_BUF_INIT;
	struct kata_trailers t;
	git_oid head_id;
	char full_id[GIT_OID_HEXSZ + 1], short_id[41], what[128], commit_id[41];
	const char *summary;
	char *msg = NULL;
	size_t i, n;
	int rc;

	/* Take the lock first: HEAD must still be what we revert when the
	 * commit lands (the store's compare and swap checks it again). */
	if ((rc = kata_txn_begin(&txn, repo, KATA_TXN_WAIT_MS, err)) < 0)
		return rc;
	rc = git_reference_name_to_id(&head_id, git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		rc = kata_error_set(err, KATA_ENOTFOUND, "there is no commit to undo");
		goto done;
	}
	if (rc < 0 || git_commit_lookup(&head, git, &head_id) < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD");
		goto done;
	}
	git_oid_tostr(full_id, sizeof(full_id), &head_id);
	if (git_object_short_id(&short_buf, (const git_object *)head) < 0) {
		rc = kata_error_from_git(err, "cannot abbreviate HEAD's ID");
		goto done;
	}
	snprintf(short_id, sizeof(short_id), "%s", short_buf.ptr);
	summary = git_commit_summary(head);
	if (!summary)
		summary = "";
	kata_str_cut(what, sizeof(what), summary, 60);

	if ((rc = kata_trailers_parse(&t, git_commit_message(head), err)) < 0)
		goto done;
	if (!*t.action) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "HEAD (%s '%s') is not a kata commit; kata undo reverts only kata's own commits (for another commit, see 'git revert')",
				    short_id, what);
		goto done;
	}
	n = git_commit_parentcount(head);
	if (n == 0) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "HEAD (%s '%s') is the first commit; there is nothing before it to go back to",
				    short_id, what);
		goto done;
	}
	if (n > 1) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "HEAD (%s '%s') is a merge; kata undo reverts only a commit with one parent",
				    short_id, what);
		goto done;
	}

	if (git_commit_parent(&parent, head, 0) < 0 ||
	    git_commit_tree(&parent_tree, parent) < 0 ||
	    git_commit_tree(&head_tree, head) < 0 ||
	    git_diff_tree_to_tree(&diff, git, parent_tree, head_tree, NULL) < 0) {
		rc = kata_error_from_git(err, "cannot compare HEAD with its parent");
		goto done;
	}
	n = git_diff_num_deltas(diff);
	if (n == 0) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "HEAD (%s '%s') changes no file; there is nothing to undo",
				    short_id, what);
		goto done;
	}
	for (i = 0; i < n; i++)
		if ((rc = revert_delta(txn, git, git_diff_get_delta(diff, i), err)) < 0)
			goto done;

	if (!(msg = message(&t, short_id, full_id, summary))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_txn_commit(commit_id, txn, msg, who, err)) < 0)
		goto done;
	if (out) {
		memset(out, 0, sizeof(*out));
		memcpy(out->commit, commit_id, sizeof(out->commit));
		memcpy(out->reverted, full_id, sizeof(out->reverted));
		memcpy(out->reverted_short, short_id, sizeof(out->reverted_short));
		kata_str_cut(out->subject, sizeof(out->subject), summary,
			     sizeof(out->subject) - 4);
	}
done:
	free(msg);
	git_diff_free(diff);
	git_tree_free(head_tree);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	git_commit_free(head);
	git_buf_dispose(&short_buf);
	kata_txn_free(txn);
	return rc;
}
