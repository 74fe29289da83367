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
#include "helpers.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/log.h"
#include "kata/obstacle.h"
#include "kata/repo.h"
#include "kata/target.h"

static const struct kata_who bob_who = { .name = "Bob Example", .email = "bob@example.com" };
#define T0 1795251600	/* 2026-11-21T09:00Z, the fixture's clock */

/* A minute passes: each commit after the one before, so that newest
 * first is well-defined. */
static void tick(struct fixture *f)
{
	struct kata_time t = *kata_repo_now(f->repo);

	t.t += 60;
	kata_repo_set_now(f->repo, &t);
}

/* The repository of a team of two, alice and bob, each on a target: five
 * kata commits, one a minute from T0. */
static int setup(void **state)
{
	struct fixture *f = fx_new(FX_BARE);
	struct kata_learner_opts alice = { "alice", "Alice Example", NULL, 0, NULL, NULL, NULL };
	struct kata_learner_opts bob = { "bob", "Bob Example", NULL, 0, NULL, NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", NULL,
				      NULL, NULL, NULL, false, false };

	assert_int_equal(kata_init(&f->done, f->repo, NULL, &fx_alice, &f->err), 0);
	tick(f);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &alice, &fx_alice, &f->err), 0);
	tick(f);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &bob_who, &f->err), 0);
	tick(f);
	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &fx_alice, &f->err), 0);
	tick(f);
	assert_int_equal(kata_target_start(&f->done, f->repo, "bob", &so, &bob_who, &f->err), 0);
	*state = f;
	return 0;
}

/* A commit on HEAD made by hand a minute after the last. */
static void hand_commit(struct fixture *f, git_oid *out, const char *path, const char *data,
			const char *message)
{
	tick(f);
	fx_hand_commit(f, out, path, data, message);
}

/*
 * Deletes the loose object of the commit rev names: a walk that needed it
 * would fail, so one that does not shows that it never read it.
 */
static void lose(struct fixture *f, const char *rev)
{
	git_object *obj = NULL;
	struct kata_time now;
	char hex[41], path[4096];

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), rev), 0);
	git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
	git_object_free(obj);
	snprintf(path, sizeof(path), "%sobjects/%.2s/%s",
		 git_repository_path(kata_repo_git(f->repo)), hex, hex + 2);
	assert_int_equal(unlink(path), 0);
	/* a new handle: libgit2 keeps what it read in a cache of its own */
	now = *kata_repo_now(f->repo);
	kata_repo_free(f->repo);
	assert_int_equal(kata_repo_open(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
}

/* ---- reading the log ---- */

struct seen {
	char commit[41];
	char subject[128];
	char learner[65];	/* "-" for NULL */
	char action[65];
	char record[65];
	char target[65];
	int64_t time;
};

static void copy_or_dash(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "-");
}

/* Reads the whole log into seen[], returns how many entries. */
static size_t read_log(struct fixture *f, const struct kata_log_opts *opts, struct seen *seen,
		       size_t max)
{
	struct kata_log *log = NULL;
	const struct kata_log_entry *e;
	size_t n = 0;
	int rc;

	assert_int_equal(kata_log_new(&log, f->repo, opts, &f->err), 0);
	while ((rc = kata_log_next(&e, log, &f->err)) == 1) {
		assert_true(n < max);
		snprintf(seen[n].commit, sizeof(seen[n].commit), "%s", e->commit);
		snprintf(seen[n].subject, sizeof(seen[n].subject), "%s", e->subject);
		copy_or_dash(seen[n].learner, sizeof(seen[n].learner), e->learner);
		copy_or_dash(seen[n].action, sizeof(seen[n].action), e->action);
		copy_or_dash(seen[n].record, sizeof(seen[n].record), e->record);
		copy_or_dash(seen[n].target, sizeof(seen[n].target), e->target);
		seen[n].time = e->time.t;
		n++;
	}
	assert_int_equal(rc, 0);
	assert_null(e);
	/* the end stays the end */
	assert_int_equal(kata_log_next(&e, log, &f->err), 0);
	kata_log_free(log);
	return n;
}

static void test_newest_first_with_trailers(void **state)
{
	struct fixture *f = *state;
	struct seen seen[16];
	struct kata_log *log = NULL;
	const struct kata_log_entry *e;
	char hex[41];
	size_t n, i;

	n = read_log(f, NULL, seen, 16);
	assert_int_equal(n, 5);
	/* newest first, a minute apart */
	for (i = 0; i < n; i++)
		assert_int_equal(seen[i].time, T0 + (int64_t)(n - 1 - i) * 60);
	assert_string_equal(seen[0].learner, "bob");
	assert_string_equal(seen[0].action, "target-start");
	assert_string_equal(seen[1].learner, "alice");
	assert_string_equal(seen[1].action, "target-start");
	assert_string_equal(seen[2].subject, "bob: add learner Bob Example");
	assert_string_equal(seen[2].learner, "bob");
	assert_string_equal(seen[2].action, "learner-add");
	assert_string_equal(seen[2].record, "bob");
	assert_string_equal(seen[3].learner, "alice");
	assert_string_equal(seen[3].action, "learner-add");
	assert_string_equal(seen[4].subject, "kata: start the repository");
	assert_string_equal(seen[4].action, "init");
	assert_string_equal(seen[4].learner, "-");
	assert_string_equal(seen[4].record, "-");
	assert_string_equal(seen[4].target, "-");

	/* the newest entry in full */
	fx_head(f, hex);
	assert_int_equal(kata_log_new(&log, f->repo, NULL, &f->err), 0);
	assert_int_equal(kata_log_next(&e, log, &f->err), 1);
	assert_string_equal(e->commit, hex);
	assert_true(strlen(e->abbrev) >= 7);
	assert_int_equal(strncmp(e->abbrev, hex, strlen(e->abbrev)), 0);
	assert_string_equal(e->author_name, "Bob Example");
	assert_string_equal(e->author_email, "bob@example.com");
	assert_int_equal(e->time.t, T0 + 4 * 60);
	assert_int_equal(e->time.offset, 0);
	assert_string_equal(e->date, "2026-11-21T09:04:00Z");
	assert_int_equal(strncmp(e->subject, "bob: ", 5), 0);
	assert_non_null(e->target);
	assert_string_equal(e->target, e->record);
	kata_log_free(log);
	/* the first entry reads HEAD and what it orders by, no further */
	lose(f, "HEAD~2");
	assert_int_equal(kata_log_new(&log, f->repo, NULL, &f->err), 0);
	assert_int_equal(kata_log_next(&e, log, &f->err), 1);
	assert_string_equal(e->commit, hex);
	kata_log_free(log);
}

static void test_limited_to_a_learner(void **state)
{
	struct fixture *f = *state;
	struct kata_log_opts opts = { .learner = "alice" };
	struct seen seen[16];
	git_oid mine, theirs, neither;
	char hex[41];
	size_t n;

	hand_commit(f, &mine, "learners/alice/notes.txt", "by hand\n", "alice's notes, by hand\n");
	hand_commit(f, &theirs, "learners/bob/notes.txt", "by hand\n", "bob's notes, by hand\n");
	hand_commit(f, &neither, "README", "team\n", "a readme\n");
	/* a hand commit that names alice in a trailer but has no Kata-Action
	 * is judged by what it touched */
	hand_commit(f, &neither, "learners/bob/more.txt", "x\n",
		    "more of bob's\n\nKata-Learner: alice\n");

	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 3);
	git_oid_tostr(hex, sizeof(hex), &mine);
	assert_string_equal(seen[0].commit, hex);
	assert_string_equal(seen[0].subject, "alice's notes, by hand");
	/* made by hand: no action, learner, record or target */
	assert_string_equal(seen[0].action, "-");
	assert_string_equal(seen[0].learner, "-");
	assert_string_equal(seen[0].record, "-");
	assert_string_equal(seen[0].target, "-");
	assert_string_equal(seen[1].action, "target-start");
	assert_string_equal(seen[1].learner, "alice");
	assert_string_equal(seen[2].action, "learner-add");
	assert_string_equal(seen[2].learner, "alice");

	opts.learner = "bob";
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 4);
	assert_string_equal(seen[0].subject, "more of bob's");
	assert_string_equal(seen[0].action, "-");
	assert_string_equal(seen[1].subject, "bob's notes, by hand");

	/* everyone's: every commit */
	n = read_log(f, NULL, seen, 16);
	assert_int_equal(n, 9);
	assert_string_equal(seen[1].subject, "a readme");
	assert_string_equal(seen[1].action, "-");

	/* a learner with no commits has an empty log */
	opts.learner = "carol";
	assert_int_equal(read_log(f, &opts, seen, 16), 0);
}

static void test_since_stops_the_walk_early(void **state)
{
	struct fixture *f = *state;
	struct kata_time since = { T0 + 3 * 60, 0, true };
	struct kata_log_opts opts = { .since = &since };
	struct seen seen[64];
	size_t n, i;
	git_oid c;

	n = read_log(f, &opts, seen, 64);
	assert_int_equal(n, 2);
	assert_int_equal(seen[1].time, since.t);

	/* a longer history costs the same: the two entries, then the first
	 * older commit; nothing older is read */
	for (i = 0; i < 30; i++)
		hand_commit(f, &c, "learners/alice/notes.txt", i % 2 ? "odd\n" : "even\n", "notes\n");
	lose(f, "HEAD~4");
	since.t = kata_repo_now(f->repo)->t - 60;	/* the last two */
	n = read_log(f, &opts, seen, 64);
	assert_int_equal(n, 2);
	/* limited to a learner, commits skipped on the way are read, no more */
	opts.learner = "bob";
	n = read_log(f, &opts, seen, 64);
	assert_int_equal(n, 0);
}

static void test_merges_are_followed(void **state)
{
	struct fixture *f = *state;
	struct kata_log_opts opts = { .learner = "alice" };
	struct seen seen[16];
	git_oid base, left, right, merge, t_left, t_right, t_merge, parents[2];
	char hex_left[41], hex_right[41], hex_merge[41];
	size_t n;

	assert_int_equal(git_reference_name_to_id(&base, kata_repo_git(f->repo), "HEAD"), 0);
	/* here: a note of bob's; in another clone, alice's; a minute apart */
	fx_tree_with(f, &t_left, &base, "learners/bob/here.txt", "here\n");
	tick(f);
	fx_commit_tree(f, &left, &t_left, &base, 1, "bob's, here\n");
	fx_tree_with(f, &t_right, &base, "learners/alice/there.txt", "there\n");
	tick(f);
	fx_commit_tree(f, &right, &t_right, &base, 1,
		       "alice: obstacle 0bs7 added: far\n\nKata-Learner: alice\nKata-Action: obstacle-add\n");
	/* the merge: left's tree with right's file */
	fx_tree_with(f, &t_merge, &left, "learners/alice/there.txt", "there\n");
	parents[0] = left;
	parents[1] = right;
	tick(f);
	fx_commit_tree(f, &merge, &t_merge, parents, 2, "Merge the other clone\n");
	fx_move_head(f, &merge);
	git_oid_tostr(hex_left, sizeof(hex_left), &left);
	git_oid_tostr(hex_right, sizeof(hex_right), &right);
	git_oid_tostr(hex_merge, sizeof(hex_merge), &merge);

	n = read_log(f, NULL, seen, 16);
	assert_int_equal(n, 8);
	assert_string_equal(seen[0].commit, hex_merge);
	/* both sides, newest first by date */
	assert_string_equal(seen[1].commit, hex_right);
	assert_string_equal(seen[1].action, "obstacle-add");
	assert_string_equal(seen[2].commit, hex_left);
	assert_string_equal(seen[3].action, "target-start");

	/* alice's: the commit from the other clone, not the merge that
	 * brought it (the merge changed nothing against that side) */
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 3);
	assert_string_equal(seen[0].commit, hex_right);
	opts.learner = "bob";
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 3);
	assert_string_equal(seen[0].commit, hex_left);
}

static void test_repeated_learner_trailer_takes_the_last(void **state)
{
	struct fixture *f = *state;
	struct kata_log_opts opts = { .learner = "bob" };
	struct seen seen[16];
	git_oid c;
	size_t n;

	hand_commit(f, &c, "learners/bob/notes.txt", "x\n",
		    "bob: edit learner bob\n\nKata-Learner: alice\nKata-Action: edit\n"
		    "Kata-Learner: bob\n");
	n = read_log(f, NULL, seen, 16);
	assert_string_equal(seen[0].learner, "bob");
	assert_string_equal(seen[0].action, "edit");
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 3);
	assert_string_equal(seen[0].subject, "bob: edit learner bob");
	opts.learner = "alice";
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 2);
	assert_string_equal(seen[0].action, "target-start");
}

/* Alice (the fixture's) and her coach Bob: Bob's learner file, a coaching
 * cycle he ran, an obstacle of Alice's, a hand commit. */
static void test_filters_and_a_coachs_cycles(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts bob = { "bob", "Bob Coach", (const char *const[]){ "bob@example.com" },
					 1, NULL, NULL, NULL };
	struct kata_log_opts opts = { .learner = "bob" };
	struct kata_log *log = NULL;
	const struct kata_log_entry *e;
	struct seen seen[16];
	size_t n;

	tick(f);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &fx_alice, &f->err), 0);
	tick(f);
	assert_int_equal(fx_cycle(f, fx_first_cycle), 0);
	tick(f);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "the die is worn",
					   &fx_alice, &f->err), 0);
	hand_commit(f, NULL, "notes.txt", "x\n", "notes by hand\n");

	/* bob's log: his learner file, and the cycle he ran for alice */
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 2);
	assert_string_equal(seen[0].action, "coach");
	assert_string_equal(seen[0].learner, "alice");
	assert_string_equal(seen[1].action, "learner-add");

	/* what bob did: by his learner ID, his email, his name */
	opts = (struct kata_log_opts){ .author = "bob" };
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 1);
	assert_string_equal(seen[0].action, "coach");
	opts.author = "BOB@example.com";
	assert_int_equal(read_log(f, &opts, seen, 16), 1);
	opts.author = "bob coach";
	assert_int_equal(read_log(f, &opts, seen, 16), 1);
	opts.author = "carol@example.com";
	assert_int_equal(read_log(f, &opts, seen, 16), 0);

	/* by action, and both */
	opts = (struct kata_log_opts){ .action = "obstacle-add" };
	n = read_log(f, &opts, seen, 16);
	assert_int_equal(n, 1);
	assert_int_equal(strncmp(seen[0].subject, "alice: obstacle ", 16), 0);
	opts.author = "bob";
	assert_int_equal(read_log(f, &opts, seen, 16), 0);
	opts = (struct kata_log_opts){ .action = "nonsense" };
	assert_int_equal(kata_log_new(&log, f->repo, &opts, &f->err), KATA_EINVALID);
	assert_non_null(strstr(f->err.message, "unknown action 'nonsense'"));
	kata_error_release(&f->err);

	/* whose each author is, when asked */
	opts = (struct kata_log_opts){ .authors = true };
	assert_int_equal(kata_log_new(&log, f->repo, &opts, &f->err), 0);
	assert_int_equal(kata_log_next(&e, log, &f->err), 1);
	assert_null(e->author_learner);		/* Hand <hand@example.com> */
	assert_int_equal(kata_log_next(&e, log, &f->err), 1);
	assert_string_equal(e->author_learner, "alice");
	assert_int_equal(kata_log_next(&e, log, &f->err), 1);
	assert_string_equal(e->author_learner, "bob");
	kata_log_free(log);
}

static void test_empty_history(void **state)
{
	struct fixture *f = *state;
	struct kata_log *log = NULL;
	const struct kata_log_entry *e = (const struct kata_log_entry *)&f->err;

	assert_int_equal(kata_log_new(&log, f->repo, NULL, &f->err), 0);
	assert_int_equal(kata_log_next(&e, log, &f->err), 0);
	assert_null(e);
	kata_log_free(log);
	kata_log_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newest_first_with_trailers, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_limited_to_a_learner, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_since_stops_the_walk_early, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_merges_are_followed, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_repeated_learner_trailer_takes_the_last,
						setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_filters_and_a_coachs_cycles, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_history, fx_setup_bare, fx_teardown),
	};

	return th_run_isolated(tests);
}
