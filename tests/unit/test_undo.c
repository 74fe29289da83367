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

static void test_undo_and_undo_again(void **state)
{
	struct fixture *f = *state;
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };
	char planned[GIT_OID_HEXSZ + 1], undo[GIT_OID_HEXSZ + 1], want[256];
	struct kata_undone undone;
	char *path, *msg;
	git_commit *head;

	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	path = step_path(f);
	fx_head(f, planned);

	assert_int_equal(kata_undo(&undone, f->repo, &fx_bob, &f->err), 0);
	assert_string_equal(undone.reverted, planned);
	assert_int_equal(strncmp(undone.reverted_short, planned, 7), 0);
	assert_non_null(strstr(undone.subject, "alice: step "));
	fx_head(f, undo);
	assert_string_equal(undone.commit, undo);
	assert_same_tree(f, "HEAD", "HEAD~2");
	assert_null(th_read_file(path, NULL));

	head = fx_commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(head), 1);
	assert_string_equal(git_commit_author(head)->name, "Bob Coach");
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

	/* the undo undone: the step is back */
	assert_int_equal(kata_undo(&undone, f->repo, &fx_alice, &f->err), 0);
	assert_string_equal(undone.reverted, undo);
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
	char before[GIT_OID_HEXSZ + 1];
	struct kata_undone undone;

	/* HEAD's tree again, a message with no trailer */
	fx_hand_commit(f, NULL, NULL, NULL,
		       "tidy up by hand\n\nSigned-off-by: Hand <hand@example.com>\n");
	fx_head(f, before);
	assert_int_equal(kata_undo(&undone, f->repo, &fx_alice, &f->err), KATA_EPRACTICE);
	assert_non_null(strstr(f->err.message, "'tidy up by hand') is not a kata commit"));
	fx_assert_head(f, before);
}

static void test_first_commit_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_undone undone;

	/* nothing at all yet */
	assert_int_equal(kata_undo(&undone, f->repo, &fx_alice, &f->err), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	assert_int_equal(kata_init(&f->done, f->repo, NULL, &fx_alice, &f->err), 0);
	assert_int_equal(kata_undo(&undone, f->repo, &fx_alice, &f->err), KATA_EPRACTICE);
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
	assert_int_equal(kata_undo(&undone, f->repo, &fx_alice, &f->err), KATA_EDIRTY);
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
		cmocka_unit_test_setup_teardown(test_undo_and_undo_again, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_hand_commit_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_refused, fx_setup_bare,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_dirty_record_refused, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
