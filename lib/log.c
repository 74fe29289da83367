#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "kata/id.h"
#include "kata/learner.h"
#include "kata/log.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/trailer.h"
#include "walk.h"

/* A learner as the log matches authors: their ID, emails and name. */
struct person {
	char *id;
	char **emails;		/* NULL-terminated */
	char *name;
};

struct kata_log {
	git_repository *git;
	struct kata_walk *walk;	/* NULL once the walk is over */
	char learner[65];	/* only this learner's entries; "" for all */
	char folder[KATA_PATH_MAX];	/* the learner's folder */
	bool has_since;
	struct kata_time since;
	struct person learner_p;	/* the learner's emails, for the coaching they did */
	bool has_author;
	struct person author;		/* emails, or a name alone */
	char action[65];		/* "" for any */
	struct person *people;		/* with opts->authors: every learner */
	size_t n_people;
	/* What the current entry points into. */
	git_commit *commit;
	struct kata_trailers trailers;
	struct kata_log_entry entry;
};

static int git_fail(struct kata_error *err)
{
	return kata_error_from_git(err, "cannot read the history");
}

static void person_release(struct person *p)
{
	free(p->id);
	kata_strv_free(p->emails);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

/* The emails and name of learner id. */
static int person_load(struct person *out, struct kata_repo *repo, const char *id,
		       struct kata_error *err)
{
	struct kata_node *rec = NULL;
	const struct kata_node *list;
	const char *name;
	size_t i, k = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = kata_learner_load(&rec, repo, id, err)) < 0)
		return rc;
	list = kata_node_get(rec, "emails");
	name = kata_node_str(rec, "name");
	out->id = strdup(id);
	out->name = name ? strdup(name) : NULL;
	out->emails = calloc(list && list->type == KATA_NODE_SEQUENCE ? list->n + 1 : 1,
			     sizeof(*out->emails));
	if (!out->id || (name && !out->name) || !out->emails)
		rc = kata_error_oom(err);
	for (i = 0; rc == 0 && list && list->type == KATA_NODE_SEQUENCE && i < list->n; i++) {
		const struct kata_node *e = list->entries[i].value;

		if (e->type != KATA_NODE_SCALAR)
			continue;
		if (!(out->emails[k++] = strdup(e->text)))
			rc = kata_error_oom(err);
	}
	kata_node_free(rec);
	if (rc < 0)
		person_release(out);
	return rc;
}

static bool has_email(const struct person *p, const char *email)
{
	size_t i;

	for (i = 0; p->emails && p->emails[i]; i++)
		if (!strcasecmp(p->emails[i], email))
			return true;
	return false;
}

/* Whether the author of entry e is p: by email, or by name when p has none. */
static bool is_author(const struct person *p, const struct kata_log_entry *e)
{
	if (p->emails && p->emails[0])
		return has_email(p, e->author_email);
	return p->name && !strcasecmp(p->name, e->author_name);
}

/* --author: a learner of the repository, else an email or a name. */
static int author_load(struct kata_log *log, struct kata_repo *repo, const char *who,
		       struct kata_error *err)
{
	struct kata_error quiet;
	bool learner;

	kata_error_init(&quiet);
	learner = kata_id_learner_valid(who) && kata_learner_check(repo, who, &quiet) == 0;
	kata_error_release(&quiet);
	log->has_author = true;
	if (learner)
		return person_load(&log->author, repo, who, err);
	if (strchr(who, '@')) {
		if (!(log->author.emails = calloc(2, sizeof(*log->author.emails))) ||
		    !(log->author.emails[0] = strdup(who)))
			return kata_error_oom(err);
	} else if (!(log->author.name = strdup(who))) {
		return kata_error_oom(err);
	}
	return 0;
}

/* Every learner, to say whose each author email is. */
static int people_load(struct kata_log *log, struct kata_repo *repo, struct kata_error *err)
{
	char **ids = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = kata_learner_list(&ids, &n, repo, err)) < 0)
		return rc;
	if (n && !(log->people = calloc(n, sizeof(*log->people))))
		rc = kata_error_oom(err);
	for (i = 0; rc == 0 && i < n; i++) {
		if ((rc = person_load(&log->people[i], repo, ids[i], err)) < 0)
			break;
		log->n_people++;
	}
	kata_strv_free(ids);
	return rc;
}

int kata_log_new(struct kata_log **out, struct kata_repo *repo,
		 const struct kata_log_opts *opts, struct kata_error *err)
{
	struct kata_log *log;
	int rc;

	*out = NULL;
	if (opts && opts->action && !kata_trailer_action_known(opts->action))
		return kata_error_set(err, KATA_EINVALID, "unknown action '%s'", opts->action);
	if (!(log = calloc(1, sizeof(*log))))
		return kata_error_oom(err);
	log->git = kata_repo_git(repo);
	if (opts && opts->learner) {
		snprintf(log->learner, sizeof(log->learner), "%s", opts->learner);
		kata_path_learner_dir(log->folder, opts->learner);
		/* a learner not (or no longer) in the tree has no emails */
		rc = person_load(&log->learner_p, repo, opts->learner, err);
		if (rc == KATA_ENOTFOUND)
			kata_error_release(err);
		else if (rc < 0)
			goto done;
	}
	if (opts && opts->since) {
		log->has_since = true;
		log->since = *opts->since;
	}
	if (opts && opts->action)
		snprintf(log->action, sizeof(log->action), "%s", opts->action);
	if (opts && opts->author && (rc = author_load(log, repo, opts->author, err)) < 0)
		goto done;
	if (opts && opts->authors && (rc = people_load(log, repo, err)) < 0)
		goto done;
	/* newest first, one commit read per commit shown, as `git log` */
	if ((rc = kata_walk_new(&log->walk, log->git, err)) < 0 ||
	    (rc = kata_walk_push_head(log->walk, err)) < 0)
		goto done;
	if (rc == 0) {
		/* No commit yet: an empty history. */
		kata_walk_free(log->walk);
		log->walk = NULL;
	}
	rc = 0;
	*out = log;
	log = NULL;
done:
	kata_log_free(log);
	return rc;
}

/* Lets go of what the last entry pointed into. */
static void release_entry(struct kata_log *log)
{
	git_commit_free(log->commit);
	log->commit = NULL;
	memset(&log->entry, 0, sizeof(log->entry));
}

/* The ID of the tree or blob at path in commit c's tree; false if absent. */
static int entry_at(bool *found, git_oid *out, git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	*found = false;
	if ((rc = git_commit_tree(&tree, c)) < 0)
		return rc;
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		*found = true;
	} else if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		rc = 0;
	}
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}

/*
 * Whether commit c changed path: the tree diff of c against its parents,
 * limited to path, is not empty. Comparing the IDs of the subtree at path is
 * that diff without reading the rest of the trees. A merge counts only if
 * path differs from every parent (git log's rule for a path: a merge that
 * took the folder as one parent had it changed nothing there).
 */
static int touches(bool *out, const struct kata_log *log, git_commit *c, const char *path)
{
	git_oid here, there;
	bool has_here, has_there;
	unsigned i, n = git_commit_parentcount(c);
	int rc;

	/* a shallow clone's boundary stands as a root, as in git */
	if (kata_walk_boundary(log->walk, git_commit_id(c)))
		n = 0;
	*out = false;
	if ((rc = entry_at(&has_here, &here, c, path)) < 0)
		return rc;
	if (n == 0) {
		*out = has_here;
		return 0;
	}
	for (i = 0; i < n; i++) {
		git_commit *p = NULL;

		if ((rc = git_commit_parent(&p, c, i)) < 0)
			return rc;
		rc = entry_at(&has_there, &there, p, path);
		git_commit_free(p);
		if (rc < 0)
			return rc;
		if (has_here == has_there && (!has_here || git_oid_equal(&here, &there)))
			return 0;
	}
	*out = true;
	return 0;
}

/* Fills the entry of log->commit from its header and trailers. */
static int fill_entry(struct kata_log *log)
{
	struct kata_log_entry *e = &log->entry;
	git_commit *c = log->commit;
	const git_signature *a = git_commit_author(c);
	git_buf shortid = GIT_BUF_INIT;
	size_t i;
	int rc;

	git_oid_tostr(e->commit, sizeof(e->commit), git_commit_id(c));
	if ((rc = git_object_short_id(&shortid, (const git_object *)c)) < 0)
		return rc;
	snprintf(e->abbrev, sizeof(e->abbrev), "%s", shortid.ptr);
	git_buf_dispose(&shortid);
	e->author_name = a->name;
	e->author_email = a->email;
	e->time.t = a->when.time;
	e->time.offset = a->when.offset;
	e->time.has_time = true;
	kata_time_format_rfc3339(e->date, &e->time);
	e->subject = git_commit_summary(c);
	if (!e->subject)
		return -1;

	if ((rc = kata_trailers_parse(&log->trailers, git_commit_message(c), NULL)) < 0)
		return rc;
	e->learner = *log->trailers.learner ? log->trailers.learner : NULL;
	e->target = *log->trailers.target ? log->trailers.target : NULL;
	e->action = *log->trailers.action ? log->trailers.action : NULL;
	e->record = *log->trailers.record ? log->trailers.record : NULL;
	for (i = 0; i < log->n_people && !e->author_learner; i++)
		if (has_email(&log->people[i], e->author_email))
			e->author_learner = log->people[i].id;
	return 0;
}

/* Whether the entry belongs in the log: its filters, the cheap ones first. */
static int wanted(bool *out, struct kata_log *log)
{
	const struct kata_log_entry *e = &log->entry;

	*out = false;
	if (*log->action && (!e->action || strcmp(e->action, log->action)))
		return 0;
	if (log->has_author && !is_author(&log->author, e))
		return 0;
	if (!*log->learner) {
		*out = true;
		return 0;
	}
	if (e->action) {
		/* A kata commit says whose it is; a coach's cycles are theirs too. */
		*out = (e->learner && !strcmp(e->learner, log->learner)) ||
		       ((!strcmp(e->action, "coach") || !strcmp(e->action, "coach-feedback")) &&
			has_email(&log->learner_p, e->author_email));
		return 0;
	}
	/* A commit made by hand: whose folder did it change? */
	return touches(out, log, log->commit, log->folder);
}

int kata_log_next(const struct kata_log_entry **out, struct kata_log *log,
		  struct kata_error *err)
{
	git_oid oid;
	bool keep;
	int rc;

	*out = NULL;
	release_entry(log);
	while (log->walk) {
		if ((rc = kata_walk_next(&oid, log->walk, err)) < 0)
			return rc;
		if (rc == 0)
			break;
		if (git_commit_lookup(&log->commit, log->git, &oid) < 0)
			return git_fail(err);
		/* Commits come newest first: the first older one ends the walk. */
		if (log->has_since && git_commit_time(log->commit) < log->since.t)
			break;
		if (fill_entry(log) < 0 || wanted(&keep, log) < 0) {
			rc = git_fail(err);
			release_entry(log);
			return rc;
		}
		if (keep) {
			*out = &log->entry;
			return 1;
		}
		release_entry(log);
	}
	release_entry(log);
	kata_walk_free(log->walk);
	log->walk = NULL;
	return 0;
}

void kata_log_free(struct kata_log *log)
{
	size_t i;

	if (!log)
		return;
	release_entry(log);
	kata_walk_free(log->walk);
	person_release(&log->learner_p);
	person_release(&log->author);
	for (i = 0; i < log->n_people; i++)
		person_release(&log->people[i]);
	free(log->people);
	free(log);
}
