#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/id.h"
#include "kata/undo.h"

/* How long a writing command waits for another one to finish. */
#define LOCK_WAIT_MS 10000

/* The longest subject of the undone commit that goes into the new one, so
 * that undoing an undo again and again does not grow it without end. */
#define SUBJECT_MAX 200

/* What HEAD's trailers say; each NULL when absent or not a plain value. */
struct trailers {
	const char *action;
	const char *learner;
	const char *target;
	const char *record;
};

/* Copies s into out (size bytes), cut at max bytes on a UTF-8 character
 * boundary with "..." after; control characters become spaces. */
static void cut(char *out, size_t size, const char *s, size_t max)
{
	size_t len = strlen(s), i;
	bool more;

	if (max + 4 > size)
		max = size - 4;
	more = len > max;
	if (more)
		for (len = max; len && ((unsigned char)s[len] & 0xc0) == 0x80; len--)
			;	/* never end inside a character */
	for (i = 0; i < len; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	out[len] = '\0';
	if (more)
		strcat(out, "...");
}

/* A trailer value kata could have written: an ID of letters, digits and
 * ".", "_", "-", no longer than a learner ID. */
static bool plain_value(const char *v)
{
	size_t n = strlen(v);

	return n > 0 && n <= 64 &&
	       strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static void read_trailers(struct trailers *t, const git_message_trailer_array *arr)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < arr->count; i++) {
		const char *k = arr->trailers[i].key, *v = arr->trailers[i].value;

		if (!strcasecmp(k, "Kata-Action"))
			t->action = v;
		else if (!strcasecmp(k, "Kata-Learner") && kata_learner_id_valid(v))
			t->learner = v;
		else if (!strcasecmp(k, "Kata-Target") && plain_value(v))
			t->target = v;
		else if (!strcasecmp(k, "Kata-Record") && plain_value(v))
			t->record = v;
	}
}

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
 * revert writes, then the trailers. */
static char *message(const struct trailers *t, const char *short_id,
		     const char *full_id, const char *subject)
{
	struct kata_buf msg = KATA_BUF_INIT;
	char subj[SUBJECT_MAX + 4];
	size_t n;

	/* "alice: step ..." undone by alice reads "alice: undo abc: step ..." */
	if (t->learner) {
		n = strlen(t->learner);
		if (!strncmp(subject, t->learner, n) && !strncmp(subject + n, ": ", 2))
			subject += n + 2;
	}
	cut(subj, sizeof(subj), subject, SUBJECT_MAX);
	if (t->learner)
		kata_buf_addf(&msg, "%s: ", t->learner);
	kata_buf_addf(&msg, "undo %s: %s\n\n", short_id, subj);
	kata_buf_addf(&msg, "This reverts commit %s.\n\n", full_id);
	if (t->learner)
		kata_buf_addf(&msg, "Kata-Learner: %s\n", t->learner);
	if (t->target)
		kata_buf_addf(&msg, "Kata-Target: %s\n", t->target);
	kata_buf_adds(&msg, "Kata-Action: undo\n");
	if (t->record)
		kata_buf_addf(&msg, "Kata-Record: %s\n", t->record);
	kata_buf_addf(&msg, "Kata-Reverts: %s\n", full_id);
	return kata_buf_detach(&msg);
}

int kata_undo(struct kata_repo *repo, const struct kata_who *who,
	      struct kata_undone *done, struct kata_error *err)
{
	git_repository *git = kata_repo_git(repo);
	git_message_trailer_array arr;
	struct kata_txn *txn = NULL;
	git_commit *head = NULL, *parent = NULL;
	git_tree *head_tree = NULL, *parent_tree = NULL;
	git_diff *diff = NULL;
	git_buf short_buf = GIT_BUF_INIT;
	struct trailers t;
	git_oid head_id;
	char full_id[GIT_OID_HEXSZ + 1], short_id[41], what[128], commit_id[41];
	const char *summary;
	char *msg = NULL;
	size_t i, n;
	int rc;

	memset(&arr, 0, sizeof(arr));
	/* Take the lock first: HEAD must still be what we revert when the
	 * commit lands (the store's compare and swap checks it again). */
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
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
	cut(what, sizeof(what), summary, 60);

	if (git_message_trailers(&arr, git_commit_message(head)) < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD's trailers");
		goto done;
	}
	read_trailers(&t, &arr);
	if (!t.action) {
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
	if ((rc = kata_txn_commit(txn, msg, who->name, who->email, commit_id, err)) < 0)
		goto done;
	if (done) {
		memset(done, 0, sizeof(*done));
		memcpy(done->commit, commit_id, sizeof(done->commit));
		memcpy(done->reverted, full_id, sizeof(done->reverted));
		memcpy(done->reverted_short, short_id, sizeof(done->reverted_short));
		cut(done->subject, sizeof(done->subject), summary, sizeof(done->subject) - 4);
	}
done:
	free(msg);
	git_diff_free(diff);
	git_tree_free(head_tree);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	git_commit_free(head);
	git_buf_dispose(&short_buf);
	git_message_trailer_array_free(&arr);
	kata_txn_free(txn);
	return rc;
}
