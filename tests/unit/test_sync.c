#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "fixture.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/sync.h"
#include "kata/txn.h"

/* Two clones of one bare remote: the fixture's repository, and another. */
struct world {
	struct fixture *f;
	char *bare;
	struct kata_repo *other;
	unsigned pushes_between;	/* how many times the other clone moves the remote */
};

/* As `git remote add origin URL` writes it. Not git_remote_create, whose
 * insteadOf scan leaks in Debian 12's libgit2. */
static void add_origin(git_repository *git, const char *url)
{
	git_config *cfg = NULL;

	assert_int_equal(git_repository_config(&cfg, git), 0);
	assert_int_equal(git_config_set_string(cfg, "remote.origin.url", url), 0);
	assert_int_equal(git_config_set_string(cfg, "remote.origin.fetch",
					       "+refs/heads/*:refs/remotes/origin/*"), 0);
	git_config_free(cfg);
}

static void world_init(struct world *w)
{
	git_repository *bare = NULL, *clone = NULL;
	git_reference *head = NULL;
	struct kata_sync_result res;
	struct kata_error err;
	char *dir;

	memset(w, 0, sizeof(*w));
	w->f = fx_new(FX_LEARNER);
	w->bare = kata_str_newf("%s/remote.git", fx_tmpdir(w->f));
	assert_int_equal(git_repository_init(&bare, w->bare, 1), 0);
	git_repository_free(bare);
	add_origin(kata_repo_git(w->f->repo), w->bare);
	kata_error_init(&err);
	assert_int_equal(kata_sync(&res, w->f->repo, NULL, &fx_alice, &err), 0);
	assert_true(res.pushed);
	assert_true(res.upstream_set);
	kata_sync_result_release(&res);
	/* the other clone: a new repository on the same branch whose first
	   sync brings everything in (a fast-forward from nothing) */
	dir = kata_str_newf("%s/other", fx_tmpdir(w->f));
	assert_int_equal(git_repository_init(&clone, dir, 0), 0);
	assert_int_equal(git_reference_lookup(&head, kata_repo_git(w->f->repo), "HEAD"), 0);
	assert_int_equal(git_repository_set_head(clone, git_reference_symbolic_target(head)), 0);
	git_reference_free(head);
	add_origin(clone, w->bare);
	git_repository_free(clone);
	{
		/* kata.yaml must be there to open it as a kata repository */
		char *cfg = kata_str_newf("%s/kata.yaml", dir);
		FILE *f = fopen(cfg, "w");

		assert_non_null(f);
		fclose(f);
		free(cfg);
	}
	assert_int_equal(kata_repo_open(&w->other, dir, &err), 0);
	kata_repo_set_now(w->other, &fx_now);
	{
		char *cfg = kata_str_newf("%s/kata.yaml", dir);

		unlink(cfg);	/* the sync writes it, from the remote */
		free(cfg);
	}
	assert_int_equal(kata_sync(&res, w->other, NULL, &fx_bob, &err), 0);
	assert_true(res.fast_forward);
	assert_false(res.pushed);
	kata_sync_result_release(&res);
	free(dir);
}

static void world_release(struct world *w)
{
	kata_repo_free(w->other);
	free(w->bare);
	fx_free(w->f);
}

/* The other clone writes a file of its own and syncs it. */
static void other_pushes(struct world *w, const char *path)
{
	struct kata_txn *txn = NULL;
	struct kata_sync_result res;
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_txn_begin(&txn, w->other, 0, &err), 0);
	assert_int_equal(kata_txn_put_raw(txn, path, "kind: x\n", 8, &err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "other: write\n", &fx_bob, &err), 0);
	kata_txn_free(txn);
	assert_int_equal(kata_sync(&res, w->other, NULL, &fx_bob, &err), 0);
	assert_true(res.pushed);
	kata_sync_result_release(&res);
}

/* Between our fetch and our push, the other clone pushes: for real. */
static void move_remote(void *data)
{
	struct world *w = data;
	char path[64];

	if (w->pushes_between == 0)
		return;
	snprintf(path, sizeof(path), "other/%u.yaml", w->pushes_between--);
	other_pushes(w, path);
}

static void remote_head(struct world *w, char out[41])
{
	git_repository *bare = NULL;
	git_reference *head = NULL;
	git_oid id;

	/* the branch the fixture's HEAD is on, whatever init.defaultBranch says */
	assert_int_equal(git_reference_lookup(&head, kata_repo_git(w->f->repo), "HEAD"), 0);
	assert_int_equal(git_repository_open(&bare, w->bare), 0);
	assert_int_equal(git_reference_name_to_id(&id, bare, git_reference_symbolic_target(head)), 0);
	git_reference_free(head);
	git_oid_tostr(out, 41, &id);
	git_repository_free(bare);
}

static void test_push_refused_fetches_and_merges_again(void **state)
{
	struct world w;
	struct kata_sync_opts opts = { NULL, 0, move_remote, &w };
	struct kata_sync_result res;
	char head[41], rhead[41];
	char *data;

	(void)state;
	world_init(&w);
	fx_store(w.f, "mine: write\n", "mine.yaml", "kind: y\n", NULL);
	w.pushes_between = 2;
	opts.data = &w;
	assert_int_equal(kata_sync(&res, w.f->repo, &opts, &fx_alice, &w.f->err), 0);
	/* pushed on the third fetch, after merging both of the other's pushes */
	assert_int_equal(res.tries, 3);
	assert_true(res.pushed);
	assert_true(res.merged);
	kata_sync_result_release(&res);
	fx_head(w.f, head);
	remote_head(&w, rhead);
	assert_string_equal(head, rhead);
	assert_true(fx_clean(w.f));
	data = fx_read(w.f, "other/1.yaml", NULL);
	assert_non_null(data);
	free(data);
	data = fx_read(w.f, "other/2.yaml", NULL);
	assert_non_null(data);
	free(data);
	world_release(&w);
}

static void test_remote_that_keeps_moving_gives_up(void **state)
{
	struct world w;
	struct kata_sync_opts opts = { NULL, 2, move_remote, &w };
	struct kata_sync_result res;
	char rhead[41], head[41];

	(void)state;
	world_init(&w);
	fx_store(w.f, "mine: write\n", "mine.yaml", "kind: y\n", NULL);
	w.pushes_between = 5;
	opts.data = &w;
	assert_int_equal(kata_sync(&res, w.f->repo, &opts, &fx_alice, &w.f->err), KATA_ERROR);
	assert_non_null(strstr(w.f->err.message, "kept moving"));
	assert_int_equal(res.tries, 2);
	kata_sync_result_release(&res);
	/* what we merged is ours, the remote has the other's: nothing lost */
	remote_head(&w, rhead);
	fx_head(w.f, head);
	assert_string_not_equal(head, rhead);
	assert_true(fx_clean(w.f));
	world_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_refused_fetches_and_merges_again),
		cmocka_unit_test(test_remote_that_keeps_moving_gives_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
