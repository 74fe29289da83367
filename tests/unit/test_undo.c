#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/repo.h"
#include "kata/init.h"
#include "kata/obstacle.h"
#include "kata/step.h"
#include "kata/storyboard.h"
#include "kata/undo.h"

static void assert_same_tree(struct fixture *f, const char *a, const char *b)
{
	git_commit *ca = fx_commit_at(f, a), *cb = fx_commit_at(f, b);

	assert_true(git_oid_equal(git_commit_tree_id(ca), git_commit_tree_id(cb)));
	git_commit_free(ca);
	git_commit_free(cb);
}

/* The path of alice's one step in the work tree. */
static char *step_path(struct fixture *f)
{
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	char *path;

	assert_int_equal(sb->steps.n, 1);
	path = fx_path(f, sb->steps.rec[0].path);
	kata_storyboard_free(sb);
	return path;
}

/* Alice's obstacle and step, the two changes the tests take back. */
static void obstacle_and_step(struct fixture *f, char obstacle[GIT_OID_HEXSZ + 1],
			      char planned[GIT_OID_HEXSZ + 1])
{
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "the cart is far",
					   &fx_alice, &f->err), 0);
	fx_head(f, obstacle);
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	fx_head(f, planned);
}

static void test_undo_walks_back(void **state)
{
	struct fixture *f = *state;
	char obstacle[GIT_OID_HEXSZ + 1], planned[GIT_OID_HEXSZ + 1], undo[GIT_OID_HEXSZ + 1];
	char want[256];
	struct kata_undone undone;
	char *path, *msg;
	git_commit *head;

	obstacle_and_step(f, obstacle, planned);
	path = step_path(f);

	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), 0);
	assert_string_equal(undone.reverted, planned);
	assert_string_equal(undone.change, planned);
	assert_int_equal(strncmp(undone.reverted_short, planned, 7), 0);
	assert_non_null(strstr(undone.subject, "alice: step "));
	assert_true(undone.mine);
	assert_string_equal(undone.date, "2026-11-21T09:00:00Z");
	assert_int_equal(undone.n_skipped, 0);
	fx_head(f, undo);
	assert_string_equal(undone.commit, undo);
	assert_same_tree(f, "HEAD", "HEAD~2");
	assert_null(th_read_file(path, NULL));

	head = fx_commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(head), 1);
	assert_string_equal(git_commit_author(head)->name, "Alice Example");
	git_commit_free(head);
	msg = fx_head_message(f);
	snprintf(want, sizeof(want), "alice: undo %s: step ", undone.reverted_short);
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

	/* again: the change before, never the undo */
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), 0);
	assert_string_equal(undone.reverted, obstacle);
	assert_same_tree(f, "HEAD", "HEAD~4");
	assert_null(th_read_file(path, NULL));
	free(path);
}

static void test_undo_of_another_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_undo_opts anyone = { false, true, NULL };
	char obstacle[GIT_OID_HEXSZ + 1], planned[GIT_OID_HEXSZ + 1], before[GIT_OID_HEXSZ + 1];
	struct kata_undone undone;
	git_commit *head;

	obstacle_and_step(f, obstacle, planned);
	fx_head(f, before);
	/* Bob made nothing: Alice's change is named, with her name */
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_bob, &f->err), KATA_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "no change of yours to undo"));
	assert_non_null(strstr(f->err.message, "by Alice Example (2026-11-21T09:00:00Z)"));
	assert_non_null(strstr(f->err.message, "--anyone"));
	fx_assert_head(f, before);
	kata_error_release(&f->err);

	assert_int_equal(kata_undo(&undone, f->repo, &anyone, &fx_bob, &f->err), 0);
	assert_string_equal(undone.reverted, planned);
	assert_false(undone.mine);
	assert_string_equal(undone.author, "Alice Example");
	head = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(head)->name, "Bob Coach");
	git_commit_free(head);
}

static void test_redo(void **state)
{
	struct fixture *f = *state;
	struct kata_undo_opts redo = { true, false, NULL };
	char obstacle[GIT_OID_HEXSZ + 1], planned[GIT_OID_HEXSZ + 1], undo[GIT_OID_HEXSZ + 1];
	struct kata_undone undone;
	char *msg, want[128];

	obstacle_and_step(f, obstacle, planned);
	/* nothing undone yet: nothing to redo, and a change after it says so */
	assert_int_equal(kata_undo(&undone, f->repo, &redo, &fx_alice, &f->err), KATA_ENOTFOUND);
	assert_non_null(strstr(f->err.message, "nothing to redo"));
	kata_error_release(&f->err);

	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), 0);
	fx_head(f, undo);
	assert_int_equal(kata_undo(&undone, f->repo, &redo, &fx_alice, &f->err), 0);
	assert_string_equal(undone.reverted, undo);
	assert_string_equal(undone.change, planned);
	assert_same_tree(f, "HEAD", "HEAD~2");
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, "Kata-Action: redo\n"));
	snprintf(want, sizeof(want), "Kata-Reverts: %s\n", undo);
	assert_non_null(strstr(msg, want));
	free(msg);
	/* the redone undo is not redone twice */
	assert_int_equal(kata_undo(&undone, f->repo, &redo, &fx_alice, &f->err), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	/* and the change can be undone again */
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), 0);
	assert_string_equal(undone.reverted, planned);
	assert_same_tree(f, "HEAD", "HEAD~4");
}

static void test_hand_commit_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_undo_opts head = { false, false, "HEAD" };
	char before[GIT_OID_HEXSZ + 1];
	struct kata_undone undone;

	/* HEAD's tree again, a message with no trailer */
	fx_hand_commit(f, NULL, NULL, NULL,
		       "tidy up by hand\n\nSigned-off-by: Hand <hand@example.com>\n");
	fx_head(f, before);
	assert_int_equal(kata_undo(&undone, f->repo, &head, &fx_alice, &f->err), KATA_EPRACTICE);
	assert_non_null(strstr(f->err.message, "'tidy up by hand' is not a kata commit"));
	fx_assert_head(f, before);
}

static void test_first_commit_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_undone undone;

	/* nothing at all yet */
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	assert_int_equal(kata_init(&f->done, f->repo, NULL, &fx_alice, &f->err), 0);
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), KATA_EPRACTICE);
	assert_non_null(strstr(f->err.message, "is the first commit"));
}

static void test_dirty_record_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	char before[GIT_OID_HEXSZ + 1];
	struct kata_undone undone;
	char *path, *data;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	path = step_path(f);
	th_write_file(path, "hand: edit\n", 11);
	fx_head(f, before);
	assert_int_equal(kata_undo(&undone, f->repo, NULL, &fx_alice, &f->err), KATA_EDIRTY);
	assert_non_null(f->err.path);
	assert_non_null(strstr(path, f->err.path));
	assert_non_null(strstr(f->err.message, "would overwrite"));
	fx_assert_head(f, before);
	data = th_read_file(path, NULL);
	assert_string_equal(data, "hand: edit\n");
	free(data);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_walks_back, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_undo_of_another_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_redo, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_hand_commit_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_refused, fx_setup_bare,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_dirty_record_refused, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
