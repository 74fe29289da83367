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
#include "kata/when.h"
#include "walk.h"

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
static int dirty(struct kata_error *err, const char *verb, int rc)
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
			       "kata %s would overwrite it: %s", verb,
			       msg ? msg : "differs from HEAD");
	free(path);
	free(msg);
	return rc;
}

/* A change the walk passed over: newer than the one it takes back, and not
 * undone. */
struct live {
	git_oid id;
	char learner[65];
};

/* An undo the walk passed: it took back `change`. */
struct undone {
	git_oid change, by;
};

struct walk {
	git_repository *git;
	const struct kata_undo_opts *opts;
	const struct kata_who *who;
	const char *verb;		/* "undo" or "redo", for messages */
	bool has_want;
	git_oid want;			/* opts->commit */
	struct undone *undone;		/* each of KATA_UNDO_WALK_MAX at most */
	size_t n_undone;
	git_oid *redone;		/* undos taken back by a redo */
	size_t n_redone;
	struct live *live;
	size_t n_live, n_others;	/* n_others: of them, not who's */
	bool at_limit;			/* stopped at KATA_UNDO_WALK_MAX */
	git_commit *found;		/* the commit to take back */
	struct kata_trailers t;		/* its trailers */
	git_commit *stop;		/* redo: who's change after the last undo */
};

static int git_fail(struct kata_error *err)
{
	return kata_error_from_git(err, "cannot read the history");
}

static bool mine(const git_commit *c, const struct kata_who *who)
{
	const git_signature *a = git_commit_author(c);

	return who && who->email && a && a->email && !strcasecmp(a->email, who->email);
}

static const struct undone *find_undone(const struct walk *w, const git_oid *id)
{
	size_t i;

	for (i = 0; i < w->n_undone; i++)
		if (git_oid_equal(&w->undone[i].change, id))
			return &w->undone[i];
	return NULL;
}

static bool redone(const struct walk *w, const git_oid *id)
{
	size_t i;

	for (i = 0; i < w->n_redone; i++)
		if (git_oid_equal(&w->redone[i], id))
			return true;
	return false;
}

/* The abbreviated ID of c, as git shows it. */
static int short_id(char out[41], const git_commit *c, struct kata_error *err)
{
	git_buf b = GIT_BUF_INIT;

	if (git_object_short_id(&b, (const git_object *)c) < 0)
		return kata_error_from_git(err, "cannot abbreviate a commit ID");
	snprintf(out, 41, "%s", b.ptr);
	git_buf_dispose(&b);
	return 0;
}

static void author_date(char out[KATA_TIME_BUFSZ], const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	struct kata_time tm;

	memset(&tm, 0, sizeof(tm));
	tm.t = a->when.time;
	tm.offset = a->when.offset;
	tm.has_time = true;
	kata_time_format_rfc3339(out, &tm);
}

/* How a message names a commit: "3f9c2e1 'alice: step 7kq2 planned: ...'"
 * and, with by, " by Bob Coach (2026-11-24T10:00:00Z)". */
static int describe(char *out, size_t size, const git_commit *c, bool by,
		    struct kata_error *err)
{
	char id[41], what[128], date[KATA_TIME_BUFSZ];
	const char *summary = git_commit_summary((git_commit *)c);
	int rc;

	if ((rc = short_id(id, c, err)) < 0)
		return rc;
	kata_str_cut(what, sizeof(what), summary ? summary : "", 60);
	author_date(date, c);
	if (by)
		snprintf(out, size, "%s '%s' by %s (%s)", id, what, git_commit_author(c)->name,
			 date);
	else
		snprintf(out, size, "%s '%s'", id, what);
	return 0;
}

static void take(struct walk *w, git_commit **c, const struct kata_trailers *t)
{
	w->found = *c;
	w->t = *t;
	*c = NULL;
}

/*
 * Walks back from HEAD to the commit to take back (w->found), reading one
 * commit at a time, and notes on the way what is undone and redone, and the
 * changes passed over.
 */
static int walk(struct walk *w, struct kata_error *err)
{
	const struct kata_undo_opts *o = w->opts;
	struct kata_walk *rw = NULL;
	git_commit *c = NULL;
	git_oid oid, rev;
	size_t walked = 0;
	int rc;

	/* newest first, one commit read per commit passed (lib/walk.h) */
	if ((rc = kata_walk_new(&rw, w->git, err)) < 0 || (rc = kata_walk_push_head(rw, err)) < 0)
		goto done;
	for (;;) {
		struct kata_trailers t;
		bool candidate, is_undo, is_redo;

		if ((rc = kata_walk_next(&oid, rw, err)) < 0)
			goto done;
		if (rc == 0)
			break;
		if (walked++ == KATA_UNDO_WALK_MAX) {
			w->at_limit = true;
			break;
		}
		git_commit_free(c);
		c = NULL;
		if (git_commit_lookup(&c, w->git, &oid) < 0) {
			rc = git_fail(err);
			goto done;
		}
		if ((rc = kata_trailers_parse(&t, git_commit_message(c), err)) < 0)
			goto done;
		if (w->has_want && git_oid_equal(&oid, &w->want)) {
			take(w, &c, &t);
			break;
		}
		/* commits made by hand and merges are no one's change to take
		 * back; what they did to a change's files is checked later */
		if (!*t.action || git_commit_parentcount(c) > 1)
			continue;
		is_undo = !strcmp(t.action, "undo");
		is_redo = !strcmp(t.action, "redo");
		candidate = !w->has_want && (o->anyone || mine(c, w->who));
		if (is_redo) {
			if (!git_oid_fromstr(&rev, t.reverts))
				w->redone[w->n_redone++] = rev;
			continue;
		}
		if (is_undo) {
			if (redone(w, &oid))
				continue;
			if (o->redo && candidate) {
				take(w, &c, &t);
				break;
			}
			if (!git_oid_fromstr(&rev, t.reverts)) {
				w->undone[w->n_undone].change = rev;
				w->undone[w->n_undone++].by = oid;
			}
			continue;
		}
		if (find_undone(w, &oid))
			continue;
		if (candidate) {
			if (o->redo)
				w->stop = c;
			else
				take(w, &c, &t);
			c = NULL;
			break;
		}
		git_oid_cpy(&w->live[w->n_live].id, &oid);
		memcpy(w->live[w->n_live++].learner, t.learner, sizeof(t.learner));
		w->n_others += !mine(c, w->who);
	}
	rc = 0;
done:
	git_commit_free(c);
	kata_walk_free(rw);
	return rc;
}

/* Nothing found: say what the walk saw. */
static int not_found(struct walk *w, struct kata_error *err)
{
	const struct kata_undo_opts *o = w->opts;
	char what[400] = "", newest[400] = "", limit[64] = "";
	git_commit *c = NULL;
	size_t i;
	int rc;

	if (w->stop) {
		if ((rc = describe(what, sizeof(what), w->stop, false, err)) < 0)
			return rc;
		return kata_error_set(err, KATA_ENOTFOUND,
				      "nothing to redo: your change %s came after your last undo",
				      what);
	}
	if (w->at_limit)
		snprintf(limit, sizeof(limit), " in the last %d commits", KATA_UNDO_WALK_MAX);
	if (w->has_want)
		return kata_error_set(err, KATA_ENOTFOUND,
				      w->at_limit ?
				      "'%s' is not among the last %d commits of the branch; kata %s reaches no further back" :
				      "'%s' is not a commit of the current branch",
				      o->commit, KATA_UNDO_WALK_MAX, w->verb);
	if (o->redo)
		return kata_error_set(err, KATA_ENOTFOUND, "no undo %sto redo%s",
				      o->anyone ? "" : "of yours ", limit);
	/* the newest change by someone else, to name it */
	for (i = 0; i < w->n_live && w->n_others; i++) {
		if (git_commit_lookup(&c, w->git, &w->live[i].id) < 0)
			return git_fail(err);
		if (!mine(c, w->who)) {
			rc = describe(what, sizeof(what), c, true, err);
			git_commit_free(c);
			if (rc < 0)
				return rc;
			snprintf(newest, sizeof(newest),
				 "; the newest change is %s: 'kata undo --anyone' takes it back",
				 what);
			break;
		}
		git_commit_free(c);
		c = NULL;
	}
	return kata_error_set(err, KATA_ENOTFOUND, "no change %sto undo%s%s",
			      o->anyone ? "" : "of yours ", limit, newest);
}

/* What the commit found must be, to be taken back. */
static int check_found(struct walk *w, struct kata_error *err)
{
	const struct kata_undo_opts *o = w->opts;
	const struct undone *u;
	git_commit *later = NULL;
	char what[400], by[400];
	unsigned n = git_commit_parentcount(w->found);
	bool is_undo = !strcmp(w->t.action, "undo"), is_redo = !strcmp(w->t.action, "redo");
	size_t i;
	int rc;

	if ((rc = describe(what, sizeof(what), w->found, false, err)) < 0)
		return rc;
	if (!*w->t.action)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is not a kata commit; kata %s reverts only kata's own commits (for another commit, see 'git revert')",
				      what, w->verb);
	if (n > 1)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is a merge; kata %s reverts only a commit with one parent",
				      what, w->verb);
	if (n == 0)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is the first commit; there is nothing before it to go back to",
				      what);
	if (o->redo && !is_undo)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is not an undo; kata redo brings back what kata undo took back",
				      what);
	if (!o->redo && is_undo)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is an undo; 'kata redo' brings the change back", what);
	if (!o->redo && is_redo)
		return kata_error_set(err, KATA_EPRACTICE,
				      "%s is a redo; 'kata undo' takes the change back again", what);
	if (o->redo && redone(w, git_commit_id(w->found)))
		return kata_error_set(err, KATA_EPRACTICE, "%s was redone already", what);
	if (!o->redo && (u = find_undone(w, git_commit_id(w->found)))) {
		char id[GIT_OID_HEXSZ + 1];

		git_oid_tostr(id, sizeof(id), &u->by);
		return kata_error_set(err, KATA_EPRACTICE, "%s was undone already, by %.7s",
				      what, id);
	}
	/* A later change to the same learner's records stands on this one: the
	 * coaching cycle that read the measure, the step planned after the
	 * reflection. Take that back first, so that the records never mix
	 * states (two open steps, a target's folder without its target). */
	for (i = 0; i < w->n_live; i++) {
		if (strcmp(w->live[i].learner, w->t.learner))
			continue;
		if (git_commit_lookup(&later, w->git, &w->live[i].id) < 0)
			return git_fail(err);
		rc = describe(by, sizeof(by), later, true, err);
		git_commit_free(later);
		if (rc < 0)
			return rc;
		if (*w->t.learner)
			return kata_error_set(err, KATA_EPRACTICE,
					      "cannot %s %s: a later change to %s's records is not undone: %s; take that back first ('kata undo %.*s')",
					      w->verb, what, w->t.learner, by,
					      (int)strcspn(by, " "), by);
		return kata_error_set(err, KATA_EPRACTICE,
				      "cannot %s %s: a later change is not undone: %s; take that back first ('kata undo %.*s')",
				      w->verb, what, by, (int)strcspn(by, " "), by);
	}
	return 0;
}

/* The ID at path in tree; false when there is nothing. */
static int entry_at(bool *found, git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	int rc;

	*found = false;
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	git_oid_cpy(out, git_tree_entry_id(e));
	*found = true;
	git_tree_entry_free(e);
	return 0;
}

static int entry_of(bool *found, git_oid *out, git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	int rc;

	if ((rc = git_commit_tree(&tree, c)) < 0)
		return rc;
	rc = entry_at(found, out, tree, path);
	git_tree_free(tree);
	return rc;
}

/* The newest commit after w->found that changed path: what blocks it. */
static int changed_by(char *out, size_t size, struct walk *w, const char *path,
		      struct kata_error *err)
{
	struct kata_walk *rw = NULL;
	git_commit *c = NULL, *p = NULL;
	git_oid oid, here, there;
	bool has_here, has_there;
	size_t walked = 0;
	int rc = 0;

	snprintf(out, size, "a later commit");
	if ((rc = kata_walk_new(&rw, w->git, err)) < 0 || (rc = kata_walk_push_head(rw, err)) < 0 ||
	    (rc = kata_walk_push(rw, git_commit_id(w->found), true, err)) < 0)
		goto done;
	while (walked++ < KATA_UNDO_WALK_MAX && (rc = kata_walk_next(&oid, rw, err)) > 0) {
		git_commit_free(c);
		git_commit_free(p);
		c = p = NULL;
		if (git_commit_lookup(&c, w->git, &oid) < 0 ||
		    entry_of(&has_here, &here, c, path) < 0) {
			rc = git_fail(err);
			goto done;
		}
		has_there = false;
		if (git_commit_parentcount(c) && !kata_walk_boundary(rw, &oid) &&
		    (git_commit_parent(&p, c, 0) < 0 || entry_of(&has_there, &there, p, path) < 0)) {
			rc = git_fail(err);
			goto done;
		}
		if (has_here != has_there || (has_here && !git_oid_equal(&here, &there))) {
			rc = describe(out, size, c, true, err);
			goto done;
		}
	}
	/* a history it cannot read leaves "a later commit" */
	if (rc < 0)
		kata_error_release(err);
	rc = 0;
	git_error_clear();
done:
	git_commit_free(c);
	git_commit_free(p);
	kata_walk_free(rw);
	return rc;
}

static int blocked(struct walk *w, const char *path, const char *why, struct kata_error *err)
{
	char what[400], by[400];
	int rc;

	if ((rc = describe(what, sizeof(what), w->found, false, err)) < 0 ||
	    (rc = changed_by(by, sizeof(by), w, path, err)) < 0)
		return rc;
	return kata_error_set_at(err, KATA_EPRACTICE, path, 0, 0,
				 "cannot %s %s: the file was changed again later, by %s, and %s",
				 w->verb, what, by, why);
}

/* Three-way: the file as HEAD has it, without what the change did. */
static int merge_back(struct walk *w, struct kata_txn *txn, const char *path,
		      const git_oid *before, const git_oid *after, const git_oid *now,
		      struct kata_error *err)
{
	git_blob *b[3] = { NULL, NULL, NULL };
	git_merge_file_input in[3];
	git_merge_file_result res;
	const git_oid *ids[3] = { after, now, before };
	int i, rc;

	memset(&res, 0, sizeof(res));
	for (i = 0; i < 3; i++) {
		if (git_blob_lookup(&b[i], w->git, ids[i]) < 0) {
			rc = kata_error_from_git(err, "cannot read a file to revert");
			goto done;
		}
		git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
		in[i].ptr = git_blob_rawcontent(b[i]);
		in[i].size = (size_t)git_blob_rawsize(b[i]);
		in[i].path = path;
		in[i].mode = GIT_FILEMODE_BLOB;
	}
	if (git_merge_file(&res, &in[0], &in[1], &in[2], NULL) < 0) {
		rc = kata_error_from_git(err, "cannot merge a file to revert");
		goto done;
	}
	if (!res.automergeable) {
		rc = blocked(w, path, "the two changes overlap", err);
		goto done;
	}
	rc = kata_txn_put_raw(txn, path, res.ptr, res.len, err);
done:
	git_merge_file_result_free(&res);
	for (i = 0; i < 3; i++)
		git_blob_free(b[i]);
	return rc;
}

/* Takes back what the change did at one path, onto what HEAD holds there. */
static int revert_delta(struct walk *w, struct kata_txn *txn, git_tree *head,
			const git_diff_delta *d, struct kata_error *err)
{
	git_blob *blob = NULL;
	git_oid now;
	bool has_now;
	const char *path;
	int rc;

	path = d->status == GIT_DELTA_ADDED ? d->new_file.path : d->old_file.path;
	if (!safe_path(path))
		return kata_error_set(err, KATA_EPRACTICE,
				      "the commit names the path '%s', which kata does not write",
				      path);
	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_DELETED &&
	    d->status != GIT_DELTA_MODIFIED)
		return kata_error_set(err, KATA_EPRACTICE,
				      "the commit changes the type of '%s'; kata %s reverts only changes to records",
				      path, w->verb);
	/* The store writes regular files: anything else would not come back
	 * as it was. */
	if (d->status != GIT_DELTA_ADDED && d->old_file.mode != GIT_FILEMODE_BLOB)
		return kata_error_set(err, KATA_EPRACTICE,
				      "'%s' was not a regular file before the commit; kata %s reverts only changes to records",
				      path, w->verb);
	if ((rc = entry_at(&has_now, &now, head, path)) < 0)
		return kata_error_from_git(err, "cannot read HEAD");

	/* Where HEAD holds the file as the change left it, put back what was
	 * before; where it was changed again since, keep that if the two do not
	 * overlap, else say which commit is in the way. */
	switch (d->status) {
	case GIT_DELTA_ADDED:
		if (has_now && git_oid_equal(&now, &d->new_file.id))
			return dirty(err, w->verb, kata_txn_remove(txn, path, err));
		return blocked(w, path, has_now ? "taking the record out would lose that" :
				       "the record is gone", err);
	case GIT_DELTA_DELETED:
		if (has_now)
			return blocked(w, path, "there is a file at its place again", err);
		break;
	default:
		if (!has_now)
			return blocked(w, path, "the record is gone", err);
		if (!git_oid_equal(&now, &d->new_file.id))
			return dirty(err, w->verb, merge_back(w, txn, path, &d->old_file.id,
							      &d->new_file.id, &now, err));
		break;
	}
	if (git_blob_lookup(&blob, w->git, &d->old_file.id) < 0)
		return kata_error_from_git(err, "cannot read the file before the commit");
	rc = dirty(err, w->verb, kata_txn_put_raw(txn, path, git_blob_rawcontent(blob),
						  (size_t)git_blob_rawsize(blob), err));
	git_blob_free(blob);
	return rc;
}

/*
 * The message: subject "<learner>: undo <short>: <subject>" ("redo" for a
 * redo, with the change's short ID and subject), the line git revert
 * writes, then the reverted commit's trailers with its action and
 * Kata-Reverts.
 */
static char *message(const struct walk *w, const char *verb, const char *short_id,
		     const char *subject)
{
	struct kata_trailers t = w->t;
	char subj[SUBJECT_MAX + 4], line[SUBJECT_MAX + 128], body[96], id[GIT_OID_HEXSZ + 1];
	size_t n;

	git_oid_tostr(id, sizeof(id), git_commit_id(w->found));
	/* "alice: step ..." undone by alice reads "alice: undo abc: step ..." */
	if (*t.learner) {
		n = strlen(t.learner);
		if (!strncmp(subject, t.learner, n) && !strncmp(subject + n, ": ", 2))
			subject += n + 2;
	}
	kata_str_cut(subj, sizeof(subj), subject, SUBJECT_MAX);
	if (*t.learner)
		snprintf(line, sizeof(line), "%s: %s %s: %s", t.learner, verb, short_id, subj);
	else
		snprintf(line, sizeof(line), "%s %s: %s", verb, short_id, subj);
	snprintf(body, sizeof(body), "This reverts commit %s.", id);
	snprintf(t.action, sizeof(t.action), "%s", verb);
	snprintf(t.reverts, sizeof(t.reverts), "%s", id);
	return kata_trailers_message(line, body, &t);
}

/* What the walk found, said back: the change (for a redo, the one its undo
 * took back). */
static int tell(struct kata_undone *out, struct walk *w, git_commit *change,
		struct kata_error *err)
{
	const char *summary = git_commit_summary(change);
	git_commit *c = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->reverted, sizeof(out->reverted), git_commit_id(w->found));
	git_oid_tostr(out->change, sizeof(out->change), git_commit_id(change));
	if ((rc = short_id(out->reverted_short, w->found, err)) < 0 ||
	    (rc = short_id(out->change_short, change, err)) < 0)
		return rc;
	kata_str_cut(out->subject, sizeof(out->subject), summary ? summary : "",
		     sizeof(out->subject) - 4);
	snprintf(out->author, sizeof(out->author), "%s", git_commit_author(change)->name);
	out->mine = mine(change, w->who);
	author_date(out->date, change);
	if (w->opts->redo)
		return 0;
	out->n_skipped = w->n_others;
	for (i = 0; i < w->n_live && w->n_others; i++) {
		if (git_commit_lookup(&c, w->git, &w->live[i].id) < 0)
			return git_fail(err);
		if (!mine(c, w->who)) {
			snprintf(out->skipped_author, sizeof(out->skipped_author), "%s",
				 git_commit_author(c)->name);
			author_date(out->skipped_date, c);
			rc = short_id(out->skipped_short, c, err);
			git_commit_free(c);
			return rc;
		}
		git_commit_free(c);
	}
	return 0;
}

int kata_undo(struct kata_undone *out, struct kata_repo *repo,
	      const struct kata_undo_opts *opts, const struct kata_who *who,
	      struct kata_error *err)
{
	static const struct kata_undo_opts defaults = { false, false, NULL };
	struct walk w;
	struct kata_txn *txn = NULL;
	git_commit *parent = NULL, *change = NULL, *head = NULL;
	git_tree *tree = NULL, *parent_tree = NULL, *head_tree = NULL;
	git_diff *diff = NULL;
	git_object *named = NULL;
	git_oid head_id, change_id;
	struct kata_undone said;
	char commit_id[41], *msg = NULL;
	size_t i, n;
	int rc;

	memset(&w, 0, sizeof(w));
	w.git = kata_repo_git(repo);
	w.opts = opts ? opts : &defaults;
	w.who = who;
	w.verb = w.opts->redo ? "redo" : "undo";
	/* Take the lock first: what the walk reads must still hold when the
	 * commit lands (the store's compare and swap checks HEAD again). */
	if ((rc = kata_txn_begin(&txn, repo, KATA_TXN_WAIT_MS, err)) < 0)
		return rc;
	rc = git_reference_name_to_id(&head_id, w.git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		rc = kata_error_set(err, KATA_ENOTFOUND, "there is no commit to %s", w.verb);
		goto done;
	}
	if (rc < 0) {
		rc = kata_error_from_git(err, "cannot read HEAD");
		goto done;
	}
	if (w.opts->commit) {
		if (git_revparse_single(&named, w.git, w.opts->commit) < 0 ||
		    git_object_type(named) != GIT_OBJECT_COMMIT) {
			git_error_clear();
			rc = kata_error_set(err, KATA_ENOTFOUND, "'%s' names no commit",
					    w.opts->commit);
			goto done;
		}
		w.has_want = true;
		git_oid_cpy(&w.want, git_object_id(named));
	}
	w.undone = calloc(KATA_UNDO_WALK_MAX, sizeof(*w.undone));
	w.redone = calloc(KATA_UNDO_WALK_MAX, sizeof(*w.redone));
	w.live = calloc(KATA_UNDO_WALK_MAX, sizeof(*w.live));
	if (!w.undone || !w.redone || !w.live) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = walk(&w, err)) < 0)
		goto done;
	if (!w.found) {
		rc = not_found(&w, err);
		goto done;
	}
	if ((rc = check_found(&w, err)) < 0)
		goto done;

	/* The change itself: for a redo, the one its undo took back. */
	if (w.opts->redo) {
		if (git_oid_fromstr(&change_id, w.t.reverts) < 0 ||
		    git_commit_lookup(&change, w.git, &change_id) < 0) {
			git_error_clear();
			change = NULL;
		}
	}
	if (git_commit_parent(&parent, w.found, 0) < 0 ||
	    git_commit_tree(&parent_tree, parent) < 0 ||
	    git_commit_tree(&tree, w.found) < 0 ||
	    git_commit_lookup(&head, w.git, &head_id) < 0 ||
	    git_commit_tree(&head_tree, head) < 0) {
		rc = kata_error_from_git(err, "cannot compare the commit with its parent");
		goto done;
	}
	if (git_diff_tree_to_tree(&diff, w.git, parent_tree, tree, NULL) < 0) {
		rc = kata_error_from_git(err, "cannot compare the commit with its parent");
		goto done;
	}
	n = git_diff_num_deltas(diff);
	if (n == 0) {
		char what[400];

		if ((rc = describe(what, sizeof(what), w.found, false, err)) >= 0)
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "%s changes no file; there is nothing to %s", what, w.verb);
		goto done;
	}
	for (i = 0; i < n; i++)
		if ((rc = revert_delta(&w, txn, head_tree, git_diff_get_delta(diff, i), err)) < 0)
			goto done;

	if ((rc = tell(&said, &w, change ? change : w.found, err)) < 0)
		goto done;
	if (!(msg = message(&w, w.verb, said.change_short, said.subject))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_txn_commit(commit_id, txn, msg, who, err)) < 0)
		goto done;
	memcpy(said.commit, commit_id, sizeof(said.commit));
	if (out)
		*out = said;
done:
	free(msg);
	free(w.undone);
	free(w.redone);
	free(w.live);
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(parent_tree);
	git_tree_free(head_tree);
	git_commit_free(parent);
	git_commit_free(head);
	git_commit_free(change);
	git_commit_free(w.found);
	git_commit_free(w.stop);
	git_object_free(named);
	kata_txn_free(txn);
	return rc;
}
