#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/id.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/verify.h"
#include "remote.h"
#include "kata/yaml.h"

/*
 * The records the roles come from (learner.yaml and kata.yaml blobs),
 * parsed once each by their blob's ID: a long range reads the same few
 * files again and again, and they seldom change.
 */
#define CACHE_BUCKETS 256

struct cached {
	git_oid oid;
	struct kata_node *rec;		/* NULL: not a valid record of its kind */
	struct cached *next;
};

struct kata_verify {
	struct kata_repo *repo;
	git_repository *git;
	git_revwalk *walk;
	size_t pushed;			/* tips added */
	bool has_anchor;		/* where the first commit is looked for */
	git_oid anchor;
	bool root_known;
	char *root_email;		/* the first commit's author; NULL if none */
	struct cached *cache[CACHE_BUCKETS];
};

/* One path a commit changed, against one parent. */
struct change {
	char *path;
	bool before, after;		/* there in the parent, in the commit */
};

struct changes {
	struct change *v;
	size_t n, alloc;
};

static int git_fail(struct kata_error *err)
{
	return kata_error_from_git(err, "cannot read the history");
}

int kata_verify_new(struct kata_verify **out, struct kata_repo *repo, struct kata_error *err)
{
	struct kata_verify *v;
	git_oid head;

	*out = NULL;
	if (!(v = calloc(1, sizeof(*v))))
		return kata_error_oom(err);
	v->repo = repo;
	v->git = kata_repo_git(repo);
	if (git_revwalk_new(&v->walk, v->git) < 0 ||
	    git_revwalk_sorting(v->walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0) {
		kata_verify_free(v);
		return git_fail(err);
	}
	/* HEAD as it is now: in a pre-receive hook, before the push */
	if (git_reference_name_to_id(&head, v->git, "HEAD") == 0) {
		v->anchor = head;
		v->has_anchor = true;
	}
	*out = v;
	return 0;
}

void kata_verify_free(struct kata_verify *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < CACHE_BUCKETS; i++) {
		struct cached *c = v->cache[i], *next;

		for (; c; c = next) {
			next = c->next;
			kata_node_free(c->rec);
			free(c);
		}
	}
	git_revwalk_free(v->walk);
	free(v->root_email);
	free(v);
}

static int push(struct kata_verify *v, const git_oid *oid)
{
	if (git_revwalk_push(v->walk, oid) < 0)
		return -1;
	if (!v->has_anchor) {
		v->anchor = *oid;
		v->has_anchor = true;
	}
	v->pushed++;
	return 0;
}

/* The commit a revision names, peeled. */
static int resolve(git_oid *out, struct kata_verify *v, const git_object *obj,
		   const char *spec, struct kata_error *err)
{
	git_object *c = NULL;

	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0)
		return kata_error_set(err, KATA_EINVALID, "'%s' is not a commit", spec);
	git_oid_cpy(out, git_object_id(c));
	git_object_free(c);
	(void)v;
	return 0;
}

int kata_verify_add(struct kata_verify *v, const char *spec, struct kata_error *err)
{
	git_revspec rs = { 0 };
	git_oid from, to, base;
	int rc = 0;

	if (spec[0] == '^') {
		git_object *obj = NULL;

		if (git_revparse_single(&obj, v->git, spec + 1) < 0)
			return kata_error_set(err, KATA_ENOTFOUND, "unknown revision '%s'",
					      spec + 1);
		if ((rc = resolve(&from, v, obj, spec + 1, err)) == 0 &&
		    git_revwalk_hide(v->walk, &from) < 0)
			rc = git_fail(err);
		git_object_free(obj);
		return rc;
	}
	if (git_revparse(&rs, v->git, spec) < 0)
		return kata_error_set(err, KATA_ENOTFOUND, "unknown revision or range '%s'", spec);
	if ((rc = resolve(&from, v, rs.from, spec, err)) < 0)
		goto done;
	if (rs.flags & GIT_REVSPEC_SINGLE) {
		if (push(v, &from) < 0)
			rc = git_fail(err);
		goto done;
	}
	if ((rc = resolve(&to, v, rs.to, spec, err)) < 0)
		goto done;
	if (push(v, &to) < 0) {
		rc = git_fail(err);
	} else if (rs.flags & GIT_REVSPEC_MERGE_BASE) {
		/* A...B: what either has and their merge base has not */
		if (push(v, &from) < 0)
			rc = git_fail(err);
		else if (git_merge_base(&base, v->git, &from, &to) == 0 &&
			 git_revwalk_hide(v->walk, &base) < 0)
			rc = git_fail(err);
	} else if (git_revwalk_hide(v->walk, &from) < 0) {
		rc = git_fail(err);
	}
done:
	git_object_free(rs.from);
	git_object_free(rs.to);
	return rc;
}

/*
 * The branch's upstream, from branch.<name>.remote and .merge and the
 * remote's fetch refspecs (kata_remote_tracking), as git_branch_upstream
 * finds it, but without its remote lookup: that reads url.*.insteadOf
 * through a regex, whose match data libgit2 1.5 leaks. 1 and *out, or 0
 * for none (or none readable).
 */
static int upstream_of(git_oid *out, struct kata_verify *v, const char *branch)
{
	struct kata_error err;
	char *key = NULL, *remote = NULL, *merge = NULL, *ref = NULL;
	const char *name = branch + strlen("refs/heads/");
	int found = 0;

	kata_error_init(&err);
	if (!(key = kata_str_newf("branch.%s.remote", name)) ||
	    kata_repo_config_get(&remote, v->repo, key, &err) < 0 || !remote)
		goto done;
	free(key);
	if (!(key = kata_str_newf("branch.%s.merge", name)) ||
	    kata_repo_config_get(&merge, v->repo, key, &err) < 0 || !merge)
		goto done;
	if (!strcmp(remote, "."))
		found = git_reference_name_to_id(out, v->git, merge) == 0;
	else if (kata_remote_tracking(&ref, v->repo, remote, merge, &err) == 0 && ref)
		found = git_reference_name_to_id(out, v->git, ref) == 0;
done:
	kata_error_release(&err);
	free(key);
	free(remote);
	free(merge);
	free(ref);
	return found;
}

int kata_verify_add_default(struct kata_verify *v, struct kata_error *err)
{
	git_reference *head = NULL;
	git_oid tip, base;
	int rc = 0;

	if (git_reference_name_to_id(&tip, v->git, "HEAD") < 0)
		return 0;	/* an unborn branch: nothing to check */
	if (push(v, &tip) < 0)
		return git_fail(err);
	/* @{upstream}..HEAD when the branch has one */
	if (git_repository_head(&head, v->git) == 0 && git_reference_is_branch(head) &&
	    upstream_of(&base, v, git_reference_name(head)) &&
	    git_revwalk_hide(v->walk, &base) < 0)
		rc = git_fail(err);
	git_reference_free(head);
	return rc;
}

static bool hex40(const char *s, size_t len)
{
	size_t i;

	if (len != GIT_OID_HEXSZ)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int kata_verify_add_update(struct kata_verify *v, const char *line, struct kata_error *err)
{
	const char *old = line, *new, *ref;
	git_object *obj = NULL, *commit = NULL;
	git_oid oid;
	size_t len = strlen(line);
	int rc = 0;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	new = memchr(old, ' ', len);
	ref = new ? memchr(new + 1, ' ', len - (size_t)(new + 1 - line)) : NULL;
	if (!new || !ref || !hex40(old, (size_t)(new - old)) ||
	    !hex40(new + 1, (size_t)(ref - new - 1)) || ref + 1 >= line + len)
		return kata_error_set(err, KATA_EINVALID,
				      "cannot read the pre-receive line '%.*s': expected 'OLD NEW REF'",
				      (int)(len > 200 ? 200 : len), line);
	new++;
	if (git_oid_fromstrn(&oid, new, GIT_OID_HEXSZ) < 0)
		return git_fail(err);
	if (git_oid_is_zero(&oid))
		return 0;	/* a deletion brings no commit */
	if (git_object_lookup(&obj, v->git, &oid, GIT_OBJECT_ANY) < 0)
		return kata_error_from_git(err, "cannot read what is pushed");
	/* a tag of a tree or a blob holds no commit to check */
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0 &&
	    push(v, git_object_id(commit)) < 0)
		rc = git_fail(err);
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

int kata_verify_hide_refs(struct kata_verify *v, struct kata_error *err)
{
	git_oid head;

	/* every reference (a leading refs/ implied), each peeled to its commit */
	if (git_revwalk_hide_glob(v->walk, "*") < 0)
		return git_fail(err);
	if (git_reference_name_to_id(&head, v->git, "HEAD") == 0 &&
	    git_revwalk_hide(v->walk, &head) < 0)
		return git_fail(err);
	return 0;
}

/* ---- the records the roles come from ---- */

/* The blob oid as a record of kind, parsed and valid, or NULL. */
static const struct kata_node *blob_record(struct kata_verify *v, const git_oid *oid,
					   enum kata_kind kind, struct kata_error *err,
					   int *rc)
{
	size_t b = oid->id[0];
	struct cached *c;
	git_blob *blob = NULL;
	struct kata_error quiet;

	for (c = v->cache[b]; c; c = c->next)
		if (git_oid_equal(&c->oid, oid))
			return c->rec;
	if (!(c = calloc(1, sizeof(*c)))) {
		*rc = kata_error_oom(err);
		return NULL;
	}
	c->oid = *oid;
	kata_error_init(&quiet);
	/* a broken record gives nobody a right; fsck reports it */
	if (git_blob_lookup(&blob, v->git, oid) == 0 &&
	    kata_yaml_parse(&c->rec, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
			    "record", &quiet) == 0 &&
	    kata_record_validate(c->rec, "record", kind, &quiet) < 0) {
		kata_node_free(c->rec);
		c->rec = NULL;
	}
	kata_error_release(&quiet);
	git_blob_free(blob);
	c->next = v->cache[b];
	v->cache[b] = c;
	return c->rec;
}

/* The record at path in tree (NULL: the empty tree), or NULL. */
static const struct kata_node *tree_record(struct kata_verify *v, git_tree *tree,
					   const char *path, enum kata_kind kind,
					   struct kata_error *err, int *rc)
{
	git_tree_entry *e = NULL;
	const struct kata_node *rec = NULL;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return NULL;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		rec = blob_record(v, git_tree_entry_id(e), kind, err, rc);
	git_tree_entry_free(e);
	return rec;
}

static const struct kata_node *learner_at(struct kata_verify *v, git_tree *tree,
					  const char *id, struct kata_error *err, int *rc)
{
	char path[KATA_PATH_MAX];

	if (!id || !kata_id_learner_valid(id))
		return NULL;
	kata_path_learner(path, id);
	return tree_record(v, tree, path, KATA_KIND_LEARNER, err, rc);
}

/* Whether email is one of learner id's, in tree. */
static bool is_learner(struct kata_verify *v, git_tree *tree, const char *id,
		       const char *email, struct kata_error *err, int *rc)
{
	const struct kata_node *rec = learner_at(v, tree, id, err, rc);

	return rec && kata_learner_has_email(rec, email);
}

/* The author of the repository's first commit: the first-parent root of
 * the anchor. */
static int root_email(const char **out, struct kata_verify *v, struct kata_error *err)
{
	git_commit *c = NULL, *p;

	if (!v->root_known && v->has_anchor) {
		if (git_commit_lookup(&c, v->git, &v->anchor) < 0)
			return git_fail(err);
		while (git_commit_parentcount(c) > 0) {
			if (git_commit_parent(&p, c, 0) < 0) {
				git_commit_free(c);
				return git_fail(err);
			}
			git_commit_free(c);
			c = p;
		}
		v->root_email = strdup(git_commit_author(c)->email);
		git_commit_free(c);
		if (!v->root_email)
			return kata_error_oom(err);
	}
	v->root_known = true;
	*out = v->root_email;
	return 0;
}

/* The admins of kata.yaml in tree, or NULL when it names none. */
static const struct kata_node *admins_at(struct kata_verify *v, git_tree *tree,
					 struct kata_error *err, int *rc)
{
	const struct kata_node *cfg = tree_record(v, tree, "kata.yaml", KATA_KIND_REPOSITORY,
						  err, rc);
	const struct kata_node *list = cfg ? kata_node_get(cfg, "admins") : NULL;

	return list && list->type == KATA_NODE_SEQUENCE && list->n ? list : NULL;
}

/* Whether email is an admin's in tree. */
static bool is_admin(struct kata_verify *v, git_tree *tree, const char *email,
		     struct kata_error *err, int *rc)
{
	const struct kata_node *list = admins_at(v, tree, err, rc);
	const char *root = NULL;
	size_t i;

	if (!list) {
		if (*rc == 0 && (*rc = root_email(&root, v, err)) == 0 && root)
			return kata_learner_email_same(root, email);
		return false;
	}
	for (i = 0; i < list->n; i++) {
		const char *who = list->entries[i].value->text;

		if (strchr(who, '@') ? kata_learner_email_same(who, email)
				     : is_learner(v, tree, who, email, err, rc))
			return true;
	}
	return false;
}

/* ---- the rules ---- */

/* What a change breaks: its rule and why, or rule NULL when it is allowed. */
struct verdict {
	const char *rule;
	struct kata_buf why;
};

/*
 * Whether the author (email) may make change c, which commit (whose tree
 * is tree) made on top of a parent whose tree is ptree (NULL: none).
 */
static int judge(struct verdict *out, struct kata_verify *v, git_tree *ptree, git_tree *tree,
		 const struct change *c, const char *email, struct kata_error *err)
{
	char learner[65], path[KATA_PATH_MAX];
	const struct kata_node *rec, *mine, *cfg;
	const char *rest, *slash, *coach = NULL, *second = NULL, *questions;
	struct kata_path_info info;
	size_t len;
	int rc = 0;

	out->rule = NULL;
	cfg = tree_record(v, ptree, "kata.yaml", KATA_KIND_REPOSITORY, err, &rc);
	questions = cfg ? kata_node_str(cfg, "questions") : NULL;
	if (rc < 0)
		return rc;
	/* the repository's own question set asks every learner's coach */
	if (!strcmp(c->path, "kata.yaml") || (questions && !strcmp(c->path, questions))) {
		if (is_admin(v, ptree, email, err, &rc) || rc < 0)
			return rc;
		out->rule = "repository";
		if (admins_at(v, ptree, err, &rc))
			kata_buf_addf(&out->why, "only an admin (kata.yaml's admins) may change %s",
				      c->path);
		else
			kata_buf_addf(&out->why, "kata.yaml names no admins: only the author of the repository's first commit (%s) may change %s",
				      v->root_email ? v->root_email : "none", c->path);
		return rc;
	}
	if (strncmp(c->path, KATA_PATH_LEARNERS "/", sizeof(KATA_PATH_LEARNERS)))
		return 0;	/* not a record: anyone's */
	rest = c->path + sizeof(KATA_PATH_LEARNERS);
	slash = strchr(rest, '/');
	len = slash ? (size_t)(slash - rest) : 0;
	if (!slash || len >= sizeof(learner)) {
		learner[0] = '\0';
	} else {
		memcpy(learner, rest, len);
		learner[len] = '\0';
	}
	if (!kata_id_learner_valid(learner)) {
		if (is_admin(v, ptree, email, err, &rc) || rc < 0)
			return rc;
		out->rule = "learners";
		kata_buf_adds(&out->why, "no learner's folder: only an admin may write there");
		return rc;
	}
	kata_path_learner(path, learner);
	if (!strcmp(c->path, path) && !c->before) {
		/* a learner created: by an admin, or by the learner */
		mine = c->after ? tree_record(v, tree, path, KATA_KIND_LEARNER, err, &rc) : NULL;
		if (rc < 0 || (mine && kata_learner_has_email(mine, email)) ||
		    is_admin(v, ptree, email, err, &rc) || rc < 0)
			return rc;
		out->rule = "learner-add";
		kata_buf_addf(&out->why, "only an admin or %s (an email of the new learner.yaml) may add learner %s",
			      learner, learner);
		return rc;
	}
	if ((rec = learner_at(v, ptree, learner, err, &rc))) {
		coach = kata_node_str(rec, "coach");
		second = kata_node_str(rec, "second_coach");
	}
	if (rc < 0)
		return rc;
	if (kata_path_parse(&info, c->path) && info.kind == KATA_KIND_COACHING) {
		if (is_learner(v, ptree, coach, email, err, &rc) || rc < 0 ||
		    is_admin(v, ptree, email, err, &rc) || rc < 0)
			return rc;
		out->rule = "coaching";
		if (coach)
			kata_buf_addf(&out->why, "only %s's coach (%s) or an admin may write %s's coaching records",
				      learner, coach, learner);
		else
			kata_buf_addf(&out->why, "%s has no coach: only an admin may write %s's coaching records",
				      learner, learner);
		return rc;
	}
	if (kata_path_parse(&info, c->path) && info.kind == KATA_KIND_FEEDBACK) {
		if (is_learner(v, ptree, second, email, err, &rc) || rc < 0 ||
		    is_admin(v, ptree, email, err, &rc) || rc < 0)
			return rc;
		out->rule = "feedback";
		if (second)
			kata_buf_addf(&out->why, "only %s's second coach (%s) or an admin may write feedback on %s's coaching",
				      learner, second, learner);
		else
			kata_buf_addf(&out->why, "%s has no second coach: only an admin may write feedback on %s's coaching",
				      learner, learner);
		return rc;
	}
	if ((rec && kata_learner_has_email(rec, email)) ||
	    is_learner(v, ptree, coach, email, err, &rc) || rc < 0 ||
	    is_learner(v, ptree, second, email, err, &rc) || rc < 0 ||
	    is_admin(v, ptree, email, err, &rc) || rc < 0)
		return rc;
	out->rule = "learner";
	if (rec)
		kata_buf_addf(&out->why, "only %s, %s's coach or second coach, or an admin may change %s's records",
			      learner, learner, learner);
	else
		kata_buf_addf(&out->why, "only an admin may change %s's records: no valid learner.yaml of %s gives anyone else a right (none, not valid, or written by a refused change)",
			      learner, learner);
	return rc;
}

/* ---- what a commit changed ---- */

static void changes_release(struct changes *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		free(cs->v[i].path);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static int changes_add(struct changes *cs, const char *prefix, const char *name, bool before,
		       bool after, struct kata_error *err)
{
	struct kata_buf b = KATA_BUF_INIT;

	if (cs->n == cs->alloc) {
		size_t alloc = cs->alloc ? cs->alloc * 2 : 16;
		struct change *nv = realloc(cs->v, alloc * sizeof(*nv));

		if (!nv)
			return kata_error_oom(err);
		cs->v = nv;
		cs->alloc = alloc;
	}
	kata_buf_addf(&b, "%s%s", prefix, name);
	if (!(cs->v[cs->n].path = kata_buf_detach(&b)))
		return kata_error_oom(err);
	cs->v[cs->n].before = before;
	cs->v[cs->n].after = after;
	cs->n++;
	return 0;
}

static int diff_trees(struct changes *cs, struct kata_verify *v, const git_tree *a,
		      const git_tree *b, const char *prefix, struct kata_error *err);

/*
 * One name of a folder: ea in the parent, eb in the commit (either NULL).
 * Folders the two share by ID are passed over unread: a commit's cost is
 * the paths it changed, not the size of the tree.
 */
static int diff_entry(struct changes *cs, struct kata_verify *v, const git_tree_entry *ea,
		      const git_tree_entry *eb, const char *prefix, struct kata_error *err)
{
	bool ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
	bool tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
	const char *name = git_tree_entry_name(ea ? ea : eb);
	git_tree *sa = NULL, *sb = NULL;
	struct kata_buf sub = KATA_BUF_INIT;
	int rc = 0;

	if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	/* a file on one side: there, gone or changed */
	if ((ea && !ta) || (eb && !tb))
		rc = changes_add(cs, prefix, name, ea && !ta, eb && !tb, err);
	if (rc < 0 || (!ta && !tb))
		return rc;
	if ((ta && git_tree_lookup(&sa, v->git, git_tree_entry_id(ea)) < 0) ||
	    (tb && git_tree_lookup(&sb, v->git, git_tree_entry_id(eb)) < 0)) {
		rc = git_fail(err);
		goto done;
	}
	kata_buf_addf(&sub, "%s%s/", prefix, name);
	if (sub.oom)
		rc = kata_error_oom(err);
	else
		rc = diff_trees(cs, v, sa, sb, sub.buf, err);
done:
	kata_buf_release(&sub);
	git_tree_free(sa);
	git_tree_free(sb);
	return rc;
}

static int diff_trees(struct changes *cs, struct kata_verify *v, const git_tree *a,
		      const git_tree *b, const char *prefix, struct kata_error *err)
{
	size_t i, na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	for (i = 0; i < na && rc == 0; i++) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);

		rc = diff_entry(cs, v, ea, b ? git_tree_entry_byname(b, git_tree_entry_name(ea)) : NULL,
				prefix, err);
	}
	for (i = 0; i < nb && rc == 0; i++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, i);

		if (!a || !git_tree_entry_byname(a, git_tree_entry_name(eb)))
			rc = diff_entry(cs, v, NULL, eb, prefix, err);
	}
	return rc;
}

/* Whether path is the same in both trees (absent from both, or one blob). */
static bool same_at(git_tree *a, git_tree *b, const char *path)
{
	git_tree_entry *ea = NULL, *eb = NULL;
	bool same;

	if (a)
		git_tree_entry_bypath(&ea, a, path);
	if (b)
		git_tree_entry_bypath(&eb, b, path);
	if (ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE) {
		git_tree_entry_free(ea);
		ea = NULL;
	}
	if (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE) {
		git_tree_entry_free(eb);
		eb = NULL;
	}
	same = (!ea && !eb) || (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
				git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb));
	git_tree_entry_free(ea);
	git_tree_entry_free(eb);
	return same;
}

static bool in_tree(git_tree *t, const char *path)
{
	git_tree_entry *e = NULL;
	bool there;

	if (!t || git_tree_entry_bypath(&e, t, path) < 0)
		return false;
	there = git_tree_entry_type(e) != GIT_OBJECT_TREE;
	git_tree_entry_free(e);
	return there;
}

/* ---- one commit ---- */

struct commit_ctx {
	struct kata_verify *v;
	git_commit *commit;
	char hex[GIT_OID_HEXSZ + 1];
	char abbrev[GIT_OID_HEXSZ + 1];
	kata_verify_report report;
	void *data;
	size_t findings;
};

static void found(struct commit_ctx *cc, const char *path, unsigned line, unsigned col,
		  const char *rule, const char *message)
{
	const git_signature *a = git_commit_author(cc->commit);
	struct kata_verify_finding f = { cc->hex, cc->abbrev, a->name, a->email, path,
					 line, col, rule, message };

	cc->report(&f, cc->data);
	cc->findings++;
}

/* A record the commit wrote must be valid, as fsck wants it. */
static int check_record(struct commit_ctx *cc, git_tree *tree, const char *path,
			struct kata_error *err)
{
	struct kata_path_info info;
	struct kata_node *rec = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	struct kata_error bad;
	int rc = 0;

	if (!kata_path_parse(&info, path) || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	kata_error_init(&bad);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		found(cc, path, 0, 0, "record", "a record must be a file");
	} else if (git_blob_lookup(&blob, cc->v->git, git_tree_entry_id(e)) < 0) {
		rc = git_fail(err);
	} else if (kata_yaml_parse(&rec, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
				   path, &bad) < 0 ||
		   kata_record_validate(rec, path, info.kind, &bad) < 0) {
		if (bad.code == KATA_ERROR && !bad.line)
			rc = kata_error_set(err, bad.code, "%s", bad.message);
		else
			found(cc, path, bad.line, bad.col, "record", bad.message);
	}
	kata_error_release(&bad);
	kata_node_free(rec);
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

/*
 * A file that a refused change wrote gives nobody a right from then on:
 * roles are read from the parent, and a parent in the same push may hold
 * a forged grant (a learner made someone's coach by himself). Its blob is
 * cached as no valid record.
 */
static int forge(struct kata_verify *v, git_tree *tree, const char *path,
		 struct kata_error *err)
{
	git_tree_entry *e = NULL;
	struct cached *c;
	int rc = 0;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	for (c = v->cache[git_tree_entry_id(e)->id[0]]; c; c = c->next)
		if (git_oid_equal(&c->oid, git_tree_entry_id(e)))
			break;
	if (!c && (c = calloc(1, sizeof(*c)))) {
		c->oid = *git_tree_entry_id(e);
		c->next = v->cache[c->oid.id[0]];
		v->cache[c->oid.id[0]] = c;
	} else if (!c) {
		rc = kata_error_oom(err);
	}
	if (c) {
		kata_node_free(c->rec);
		c->rec = NULL;
	}
	git_tree_entry_free(e);
	return rc;
}

static int check_commit(struct commit_ctx *cc, struct kata_error *err)
{
	struct kata_verify *v = cc->v;
	unsigned np = git_commit_parentcount(cc->commit), i, k;
	git_tree *tree = NULL, *ptrees[8] = { NULL };
	struct changes cs = { 0 };
	const char *email = git_commit_author(cc->commit)->email;
	git_buf short_id = GIT_BUF_INIT;
	size_t j;
	int rc = 0;

	git_oid_tostr(cc->hex, sizeof(cc->hex), git_commit_id(cc->commit));
	if (git_object_short_id(&short_id, (const git_object *)cc->commit) < 0) {
		rc = git_fail(err);
		goto done;
	}
	snprintf(cc->abbrev, sizeof(cc->abbrev), "%s", short_id.ptr);
	if (np > sizeof(ptrees) / sizeof(ptrees[0]))
		np = sizeof(ptrees) / sizeof(ptrees[0]);	/* an octopus: its first eight */
	if (git_commit_tree(&tree, cc->commit) < 0) {
		rc = git_fail(err);
		goto done;
	}
	for (i = 0; i < np; i++) {
		git_commit *p = NULL;

		if (git_commit_parent(&p, cc->commit, i) < 0 || git_commit_tree(&ptrees[i], p) < 0) {
			git_commit_free(p);
			rc = git_fail(err);
			goto done;
		}
		git_commit_free(p);
	}
	if ((rc = diff_trees(&cs, v, ptrees[0], tree, "", err)) < 0)
		goto done;
	for (j = 0; j < cs.n && rc == 0; j++) {
		struct change *c = &cs.v[j];
		struct verdict first = { NULL, KATA_BUF_INIT };
		bool allowed = false;

		/* a merge's own change differs from every parent */
		for (i = 1; i < np; i++)
			if (same_at(ptrees[i], tree, c->path))
				break;
		if (i < np)
			continue;
		if (c->after && (rc = check_record(cc, tree, c->path, err)) < 0)
			break;
		for (k = 0; k < (np ? np : 1) && !allowed && rc == 0; k++) {
			struct verdict vd = { NULL, KATA_BUF_INIT };
			struct change rel = { c->path, k ? in_tree(ptrees[k], c->path) : c->before,
					      c->after };

			rc = judge(&vd, v, ptrees[k], tree, &rel, email, err);
			allowed = !vd.rule;
			if (k == 0) {
				first = vd;
				vd.why = (struct kata_buf)KATA_BUF_INIT;
			}
			kata_buf_release(&vd.why);
		}
		if (rc == 0 && !allowed) {
			if (first.why.oom)
				rc = kata_error_oom(err);
			else
				found(cc, c->path, 0, 0, first.rule, first.why.buf);
			if (rc == 0 && c->after)
				rc = forge(v, tree, c->path, err);
		}
		kata_buf_release(&first.why);
	}
done:
	changes_release(&cs);
	for (i = 0; i < np; i++)
		git_tree_free(ptrees[i]);
	git_tree_free(tree);
	git_buf_dispose(&short_id);
	return rc;
}

int kata_verify_run(struct kata_verify_result *out, struct kata_verify *v,
		    kata_verify_report report, void *data, struct kata_error *err)
{
	git_oid oid;
	int rc = 0, next;

	memset(out, 0, sizeof(*out));
	if (!v->pushed)
		return 0;
	while ((next = git_revwalk_next(&oid, v->walk)) == 0) {
		struct commit_ctx cc = { v, NULL, "", "", report, data, 0 };

		if (git_commit_lookup(&cc.commit, v->git, &oid) < 0) {
			rc = git_fail(err);
			break;
		}
		rc = check_commit(&cc, err);
		git_commit_free(cc.commit);
		if (rc < 0)
			break;
		out->commits++;
		out->findings += cc.findings;
		if (cc.findings)
			out->offending++;
	}
	if (rc == 0 && next != GIT_ITEROVER)
		rc = git_fail(err);
	return rc;
}
