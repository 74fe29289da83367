#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "treediff.h"

/* Walks one side of a subtree that the other side lacks. */
static int one_side(git_repository *repo, const git_tree *tree, const char *prefix,
		    bool added, kata_treediff_cb cb, void *data);

static int walk(git_repository *repo, const git_tree *a, const git_tree *b,
		const char *prefix, kata_treediff_cb cb, void *data);

static char *join(const char *prefix, const char *name)
{
	size_t lp = strlen(prefix), ln = strlen(name);
	char *s = malloc(lp + ln + 2);

	if (!s)
		return NULL;
	memcpy(s, prefix, lp);
	if (lp)
		s[lp++] = '/';
	memcpy(s + lp, name, ln + 1);
	return s;
}

static int entry_side(git_repository *repo, const git_tree_entry *e, const char *path,
		      bool added, kata_treediff_cb cb, void *data)
{
	git_tree *sub = NULL;
	int rc;

	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		return added ? cb(path, NULL, git_tree_entry_id(e), data)
			     : cb(path, git_tree_entry_id(e), NULL, data);
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;	/* a submodule: no record lives there */
	if ((rc = git_tree_lookup(&sub, repo, git_tree_entry_id(e))) < 0)
		return rc;
	rc = one_side(repo, sub, path, added, cb, data);
	git_tree_free(sub);
	return rc;
}

static int one_side(git_repository *repo, const git_tree *tree, const char *prefix,
		    bool added, kata_treediff_cb cb, void *data)
{
	size_t i, n = git_tree_entrycount(tree);
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		char *path = join(prefix, git_tree_entry_name(e));

		if (!path)
			return -1;
		rc = entry_side(repo, e, path, added, cb, data);
		free(path);
	}
	return rc;
}

/* An entry of a (ea, may be NULL) against the same name in b (eb). */
static int pair(git_repository *repo, const git_tree_entry *ea, const git_tree_entry *eb,
		const char *path, kata_treediff_cb cb, void *data)
{
	bool ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
	bool tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
	git_tree *sa = NULL, *sb = NULL;
	int rc = 0;

	if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
		return 0;
	if (ta && tb) {
		if ((rc = git_tree_lookup(&sa, repo, git_tree_entry_id(ea))) == 0 &&
		    (rc = git_tree_lookup(&sb, repo, git_tree_entry_id(eb))) == 0)
			rc = walk(repo, sa, sb, path, cb, data);
		git_tree_free(sa);
		git_tree_free(sb);
		return rc;
	}
	if (ea && eb && !ta && !tb)
		return cb(path, git_tree_entry_id(ea), git_tree_entry_id(eb), data);
	/* a file on one side, a folder or nothing on the other */
	if (ea && (rc = entry_side(repo, ea, path, false, cb, data)) != 0)
		return rc;
	if (eb)
		rc = entry_side(repo, eb, path, true, cb, data);
	return rc;
}

static int walk(git_repository *repo, const git_tree *a, const git_tree *b,
		const char *prefix, kata_treediff_cb cb, void *data)
{
	size_t i, n;
	int rc = 0;

	n = git_tree_entrycount(a);
	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);
		char *path = join(prefix, git_tree_entry_name(ea));

		if (!path)
			return -1;
		rc = pair(repo, ea, git_tree_entry_byname(b, git_tree_entry_name(ea)), path,
			  cb, data);
		free(path);
	}
	n = git_tree_entrycount(b);
	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, i);
		char *path;

		if (git_tree_entry_byname(a, git_tree_entry_name(eb)))
			continue;
		if (!(path = join(prefix, git_tree_entry_name(eb))))
			return -1;
		rc = pair(repo, NULL, eb, path, cb, data);
		free(path);
	}
	return rc;
}

int kata_treediff(git_repository *repo, const git_tree *a, const git_tree *b,
		  kata_treediff_cb cb, void *data)
{
	if (a && b)
		return walk(repo, a, b, "", cb, data);
	if (a)
		return one_side(repo, a, "", false, cb, data);
	if (b)
		return one_side(repo, b, "", true, cb, data);
	return 0;
}
