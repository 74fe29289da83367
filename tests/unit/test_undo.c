#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "helpers.h"
#include "kata/coach.h"
#include "kata/id.h"
#include "kata/repo.h"
#include "kata/feedback.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/target.h"
#include "kata/storyboard.h"
#include "kata/undo.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
	struct kata_done done;
	struct kata_undone undone;
};

static const struct kata_who who = { "Alice Example", "alice@example.com" };
static const struct kata_who bob = { "Bob Coach", "bob@example.com" };
static const struct kata_time now = { 1795251600, 0, true };	/* 2026-11-21T09:00Z */

/* The commit (and its tree) at a revision such as "HEAD~2". */
static git_commit *commit_at(struct fixture *f, const char *rev)
{
	git_object *obj = NULL;

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), rev), 0);
	return (git_commit *)obj;
}

static void assert_same_tree(struct fixture *f, const char *a, const char *b)
{
	git_commit *ca = commit_at(f, a), *cb = commit_at(f, b);

	assert_true(git_oid_equal(git_commit_tree_id(ca), git_commit_tree_id(cb)));
	git_commit_free(ca);
	git_commit_free(cb);
}

static void hex_at(struct fixture *f, const char *rev, char out[GIT_OID_HEXSZ + 1])
{
	git_commit *c = commit_at(f, rev);

	git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_commit_id(c));
	git_commit_free(c);
}

/* A commit made by hand: HEAD's tree again, a message with no trailer. */
static void hand_commit(struct fixture *f, const char *message)
{
	git_repository *git = kata_repo_git(f->repo);
	git_commit *head = commit_at(f, "HEAD");
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	const git_commit *parents[1] = { head };
	git_oid id;

	assert_int_equal(git_commit_tree(&tree, head), 0);
	assert_int_equal(git_signature_new(&sig, "Hand", "hand@example.com", 1, 0), 0);
	assert_int_equal(git_commit_create(&id, git, "HEAD", sig, sig, NULL, message, tree,
					   1, parents), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(head);
}

static char *step_path(struct fixture *f)
{
	struct kata_storyboard *sb = NULL;
	char *path;

	assert_int_equal(kata_storyboard_load(&sb, f->repo, "alice", NULL, &f->err), 0);
	assert_int_equal(sb->steps.n, 1);
	path = malloc(strlen(f->dir) + strlen(sb->steps.rec[0].path) + 2);
	assert_non_null(path);
	sprintf(path, "%s/%s", f->dir, sb->steps.rec[0].path);
	kata_storyboard_free(sb);
	return path;
}

/* A repository with learner alice working on a target condition. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct kata_learner_opts lo = { "alice", "Alice Example", NULL, 0, NULL, NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", NULL,
				      NULL, NULL, NULL, false };

	assert_non_null(f);
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
	assert_int_equal(kata_init(&f->done, f->repo, NULL, &who, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &who, &f->err), 0);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &who, &f->err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kata_repo_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_undo_and_undo_again(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	char planned[GIT_OID_HEXSZ + 1], undo[GIT_OID_HEXSZ + 1], want[256];
	char *path, *msg;
	git_commit *head;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &who, &f->err), 0);
	path = step_path(f);
	hex_at(f, "HEAD", planned);

	assert_int_equal(kata_undo(&f->undone, f->repo, &bob, &f->err), 0);
	assert_string_equal(f->undone.reverted, planned);
	assert_int_equal(strncmp(f->undone.reverted_short, planned, 7), 0);
	assert_non_null(strstr(f->undone.subject, "alice: step "));
	hex_at(f, "HEAD", undo);
	assert_string_equal(f->undone.commit, undo);
	assert_same_tree(f, "HEAD", "HEAD~2");
	assert_null(th_read_file(path, NULL));

	head = commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(head), 1);
	assert_string_equal(git_commit_author(head)->name, "Bob Coach");
	msg = strdup(git_commit_message(head));
	git_commit_free(head);
	snprintf(want, sizeof(want), "alice: undo %s: step ", f->undone.reverted_short);
	assert_int_equal(strncmp(msg, want, strlen(want)), 0);
	snprintf(want, sizeof(want), "\n\nThis reverts commit %s.\n\n", planned);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "Kata-Learner: alice\n"));
	assert_non_null(strstr(msg, "Kata-Action: undo\n"));
	snprintf(want, sizeof(want), "Kata-Record: %s\n", f->done.id);
	assert_non_null(strstr(msg, want));
	snprintf(want, sizeof(want), "Kata-Reverts: %s\n", planned);
	assert_non_null(strstr(msg, want));
	free(msg);

	/* the undo undone: the step is back */
	assert_int_equal(kata_undo(&f->undone, f->repo, &who, &f->err), 0);
	assert_string_equal(f->undone.reverted, undo);
	assert_same_tree(f, "HEAD", "HEAD~2");
	msg = th_read_file(path, NULL);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "step: Move the cart\n"));
	free(msg);
	free(path);
}

static void test_hand_commit_refused(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];

	hand_commit(f, "tidy up by hand\n\nSigned-off-by: Hand <hand@example.com>\n");
	hex_at(f, "HEAD", before);
	assert_int_equal(kata_undo(&f->undone, f->repo, &who, &f->err), KATA_EPRACTICE);
	assert_non_null(strstr(f->err.message, "'tidy up by hand') is not a kata commit"));
	hex_at(f, "HEAD", after);
	assert_string_equal(before, after);
}

static void test_first_commit_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *repo = NULL;
	char *dir = th_tmpdir();

	assert_int_equal(kata_repo_create(&repo, dir, &f->err), 0);
	kata_repo_set_now(repo, &now);
	/* nothing at all yet */
	assert_int_equal(kata_undo(&f->undone, repo, &who, &f->err), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	assert_int_equal(kata_init(&f->done, repo, NULL, &who, &f->err), 0);
	assert_int_equal(kata_undo(&f->undone, repo, &who, &f->err), KATA_EPRACTICE);
	assert_non_null(strstr(f->err.message, "is the first commit"));
	kata_repo_free(repo);
	th_rmtree(dir);
	free(dir);
}

static void test_dirty_record_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];
	char *path, *data;
	size_t len;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &who, &f->err), 0);
	path = step_path(f);
	data = th_read_file(path, &len);
	th_write_file(path, "hand: edit\n", 11);
	hex_at(f, "HEAD", before);
	assert_int_equal(kata_undo(&f->undone, f->repo, &who, &f->err), KATA_EDIRTY);
	assert_non_null(f->err.path);
	assert_non_null(strstr(path, f->err.path));
	assert_non_null(strstr(f->err.message, "would overwrite"));
	hex_at(f, "HEAD", after);
	assert_string_equal(before, after);
	free(data);
	data = th_read_file(path, NULL);
	assert_string_equal(data, "hand: edit\n");
	free(data);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_and_undo_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_commit_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty_record_refused, setup, teardown),
	};

	return th_run_isolated(tests);
}
