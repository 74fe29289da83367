#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "helpers.h"
#include "../../lib/walk.h"

/*
 * The history walk on commits whose dates the test sets: the order they
 * come out in, what a hidden commit leaves out, and a shallow clone's
 * boundary.
 */

struct fixture {
	char *dir;
	git_repository *repo;
	git_oid tree;
	struct kata_error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	git_treebuilder *tb;

	assert_non_null(f);
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(git_repository_init(&f->repo, f->dir, 0), 0);
	assert_int_equal(git_treebuilder_new(&tb, f->repo, NULL), 0);
	assert_int_equal(git_treebuilder_write(&f->tree, tb), 0);
	git_treebuilder_free(tb);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	git_repository_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A commit dated time, with up to two parents (NULL: fewer). */
static git_oid commit(struct fixture *f, const char *msg, git_time_t time, const git_oid *p1,
		      const git_oid *p2)
{
	git_signature *sig;
	git_tree *tree;
	git_commit *parents[2] = { NULL, NULL };
	git_oid id;
	size_t n = 0;

	assert_int_equal(git_signature_new(&sig, "T", "t@example.com", time, 0), 0);
	assert_int_equal(git_tree_lookup(&tree, f->repo, &f->tree), 0);
	if (p1)
		assert_int_equal(git_commit_lookup(&parents[n++], f->repo, p1), 0);
	if (p2)
		assert_int_equal(git_commit_lookup(&parents[n++], f->repo, p2), 0);
	assert_int_equal(git_commit_create(&id, f->repo, NULL, sig, sig, NULL, msg, tree, n,
					   (const git_commit **)parents), 0);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_tree_free(tree);
	git_signature_free(sig);
	return id;
}

/* The messages of what the walk gives out, joined by spaces. */
static char *walked(struct fixture *f, struct kata_walk *w)
{
	static char out[256];
	git_oid id;
	int rc;

	out[0] = '\0';
	while ((rc = kata_walk_next(&id, w, &f->err)) > 0) {
		git_commit *c;

		assert_int_equal(git_commit_lookup(&c, f->repo, &id), 0);
		if (*out)
			strcat(out, " ");
		strncat(out, git_commit_message(c), 8);
		git_commit_free(c);
	}
	assert_int_equal(rc, 0);
	return out;
}

static void test_newest_first_through_a_merge(void **state)
{
	struct fixture *f = *state;
	git_oid a = commit(f, "a", 100, NULL, NULL);
	git_oid b = commit(f, "b", 200, &a, NULL);
	git_oid c = commit(f, "c", 300, &a, NULL);
	git_oid d = commit(f, "d", 250, &b, NULL);
	git_oid m = commit(f, "m", 400, &d, &c);
	struct kata_walk *w;

	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &m, false, &f->err), 0);
	/* each commit once, by date, the shared root last */
	assert_string_equal(walked(f, w), "m c d b a");
	kata_walk_free(w);
}

static void test_hidden_leaves_out_what_it_reaches(void **state)
{
	struct fixture *f = *state;
	git_oid a = commit(f, "a", 100, NULL, NULL);
	git_oid b = commit(f, "b", 200, &a, NULL);
	git_oid c = commit(f, "c", 300, &b, NULL);
	git_oid d = commit(f, "d", 400, &c, NULL);
	git_oid x = commit(f, "x", 150, &b, NULL);	/* dated before b: a clock wrong */
	struct kata_walk *w;

	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &d, false, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &c, true, &f->err), 0);
	assert_string_equal(walked(f, w), "d");
	kata_walk_free(w);

	/* x is met after b went out: b is through (walk.h), a is not */
	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &d, false, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &x, true, &f->err), 0);
	assert_string_equal(walked(f, w), "d c b");
	kata_walk_free(w);
}

static void test_stops_at_the_shallow_boundary(void **state)
{
	struct fixture *f = *state;
	git_oid a = commit(f, "a", 100, NULL, NULL);
	git_oid b = commit(f, "b", 200, &a, NULL);
	git_oid c = commit(f, "c", 300, &b, NULL);
	char *shallow = th_path(f->dir, ".git/shallow"), *objects, hex[GIT_OID_HEXSZ + 2];
	struct kata_walk *w;

	/* a's object gone, as a clone of depth 2 never had it */
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &a);
	objects = malloc(strlen(f->dir) + 64);
	sprintf(objects, "%s/.git/objects/%.2s/%s", f->dir, hex, hex + 2);
	assert_int_equal(remove(objects), 0);
	free(objects);
	/* opened again: nothing of a kept in libgit2's cache */
	git_repository_free(f->repo);
	assert_int_equal(git_repository_open(&f->repo, f->dir), 0);

	/* without .git/shallow, a missing parent is an error */
	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &c, false, &f->err), 0);
	{
		git_oid id;
		int rc;

		while ((rc = kata_walk_next(&id, w, &f->err)) > 0)
			;
		assert_true(rc < 0);
		kata_error_release(&f->err);
	}
	kata_walk_free(w);

	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &b);
	strcat(hex, "\n");
	th_write_file(shallow, hex, strlen(hex));
	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push(w, &c, false, &f->err), 0);
	assert_string_equal(walked(f, w), "c b");
	assert_true(kata_walk_boundary(w, &b));
	assert_false(kata_walk_boundary(w, &c));
	kata_walk_free(w);
	free(shallow);
}

static void test_push_head_of_an_unborn_branch(void **state)
{
	struct fixture *f = *state;
	struct kata_walk *w;

	assert_int_equal(kata_walk_new(&w, f->repo, &f->err), 0);
	assert_int_equal(kata_walk_push_head(w, &f->err), 0);
	assert_string_equal(walked(f, w), "");
	kata_walk_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newest_first_through_a_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hidden_leaves_out_what_it_reaches, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stops_at_the_shallow_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_head_of_an_unborn_branch, setup, teardown),
	};
	int rc;

	git_libgit2_init();
	rc = th_run_isolated(tests);
	git_libgit2_shutdown();
	return rc;
}
