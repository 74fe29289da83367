#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../../lib/move.h"
#include "fixture.h"
#include "helpers.h"
#include "kata/id.h"
#include "kata/obstacle.h"
#include "kata/str.h"
#include "kata/target.h"

/* The skeleton every writing move shares (lib/move.h, private to lib/). */

static const struct kata_storyboard_opts names = { 0 };

static void assert_path(const char *got, const char *fmt, const char *dir, const char *id)
{
	char *want = kata_str_newf(fmt, dir, id);

	assert_non_null(want);
	assert_string_equal(got, want);
	free(want);
}

static char *step_body(void)
{
	return strdup("step: s\nexpect: e\nstatus: done\nplanned: '2026-11-20T09:00:00Z'\n"
		      "happened: h\nlearned: l\ndone: '2026-11-20T10:00:00Z'\n");
}

static void test_begin_reads_the_state(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct move m;

	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_non_null(m.sb);
	assert_ptr_equal(m.repo, f->repo);
	assert_string_equal(m.learner, "alice");
	assert_string_equal(m.target, sb->target->id);
	assert_string_equal(m.sb->target_dir, sb->target_dir);
	assert_string_equal(m.now, "2026-11-21T09:00:00Z");
	assert_int_equal(m.n_fresh, 0);
	move_release(&m);
	assert_null(m.sb);
	assert_null(m.txn);
	/* without load, no storyboard: a move about kata.yaml */
	assert_int_equal(move_begin(&m, f->repo, NULL, NULL, MOVE_ANY_TARGET, &f->err), 0);
	assert_null(m.sb);
	assert_string_equal(m.target, "");
	move_release(&m);
	kata_storyboard_free(sb);
}

static void test_begin_refuses_without_an_active_target(void **state)
{
	struct fixture *f = *state;
	struct move m;

	fx_assert_error(f, move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err),
			KATA_EPRACTICE, "alice has no active target condition; start one with 'kata start'");
	move_release(&m);
	/* unless the move takes a learner with no target */
	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ANY_TARGET, &f->err), 0);
	assert_non_null(m.sb);
	assert_null(m.sb->target);
	assert_string_equal(m.target, "");
	move_release(&m);
	fx_assert_error(f, move_begin(&m, f->repo, "nobody", &names, MOVE_ANY_TARGET, &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	move_release(&m);
}

/* An ended target is the learner's newest, but not an active one. */
static void test_begin_refuses_an_ended_target(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	struct move m;

	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);
	fx_assert_error(f, move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err),
			KATA_EPRACTICE, "no active target condition");
	move_release(&m);
	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ANY_TARGET, &f->err), 0);
	assert_string_equal(m.target, sb->target->id);
	move_release(&m);
	kata_storyboard_free(sb);
}

static void test_new_in_an_empty_target(void **state)
{
	struct fixture *f = *state;
	struct kata_rec *o = NULL, *s = NULL, *path_check;
	struct move m;

	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_int_equal(move_new(&o, &m, KATA_KIND_OBSTACLE, &f->err), 0);
	assert_int_equal(move_new(&s, &m, KATA_KIND_STEP, &f->err), 0);
	assert_int_equal(o->kind, KATA_KIND_OBSTACLE);
	assert_int_equal(o->seq, 1);
	assert_int_equal(o->number, 1);
	assert_int_equal(s->seq, 1);
	assert_int_equal(s->number, 1);
	assert_true(kata_id_valid(o->id));
	assert_true(kata_id_valid(s->id));
	assert_string_not_equal(o->id, s->id);
	assert_path(o->path, "%s/obstacles/001-%s.yaml", m.sb->target_dir, o->id);
	assert_path(s->path, "%s/steps/0001-%s.yaml", m.sb->target_dir, s->id);
	/* a mapping holding kind, id and target, in that order */
	assert_int_equal(o->node->n, 3);
	assert_string_equal(o->node->entries[0].key, "kind");
	assert_string_equal(kata_node_str(o->node, "kind"), "obstacle");
	assert_string_equal(kata_node_str(o->node, "id"), o->id);
	assert_string_equal(kata_node_str(o->node, "target"), m.target);
	assert_string_equal(kata_node_str(s->node, "kind"), "step");
	/* the move owns them */
	assert_int_equal(m.n_fresh, 2);
	path_check = m.fresh[1];
	assert_ptr_equal(path_check, s);
	move_release(&m);
}

/* Numbers follow the last file's, gaps and all; two records of a kind in
 * one move take consecutive ones. */
static void test_new_numbers_after_the_last_file(void **state)
{
	struct fixture *f = *state;
	char *body = step_body(), *p1, *p5, *text;
	struct kata_rec *a = NULL, *b = NULL, *o = NULL;
	struct move m;

	p1 = fx_store_record(f, KATA_KIND_STEP, 1, "aaaa000001", body);
	p5 = fx_store_record(f, KATA_KIND_STEP, 5, "aaaa000005", body);
	free(body);
	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_int_equal(m.sb->steps.n, 2);
	assert_int_equal(move_new(&a, &m, KATA_KIND_STEP, &f->err), 0);
	assert_int_equal(move_new(&o, &m, KATA_KIND_OBSTACLE, &f->err), 0);
	assert_int_equal(move_new(&b, &m, KATA_KIND_STEP, &f->err), 0);
	assert_int_equal(a->number, 6);
	assert_int_equal(a->seq, 3);
	assert_int_equal(b->number, 7);
	assert_int_equal(b->seq, 4);
	assert_int_equal(o->number, 1);
	assert_int_equal(o->seq, 1);
	assert_path(a->path, "%s/steps/0006-%s.yaml", m.sb->target_dir, a->id);
	assert_path(b->path, "%s/steps/0007-%s.yaml", m.sb->target_dir, b->id);

	/* written, they are where the paths say */
	assert_int_equal(move_put(&m, a, &f->err), 0);
	assert_int_equal(move_put(&m, b, &f->err), 0);
	assert_int_equal(move_commit(&f->done, &m, &fx_alice, "test", NULL, 0, &f->err, "two"), 0);
	text = fx_read_at(f, "HEAD", a->path, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, a->id));
	free(text);
	text = fx_read_at(f, "HEAD", b->path, NULL);
	assert_non_null(text);
	free(text);
	move_release(&m);
	/* what is already there is untouched */
	text = fx_read_at(f, "HEAD", p1, NULL);
	assert_non_null(text);
	free(text);
	text = fx_read_at(f, "HEAD", p5, NULL);
	assert_non_null(text);
	free(text);
	free(p1);
	free(p5);
	assert_true(fx_clean(f));
}

/* The next number after a gap, also when the loader read the kind. */
static void test_new_after_a_gap_of_obstacles_read_whole(void **state)
{
	static const struct kata_storyboard_opts all = { .obstacles = KATA_LOAD_ALL };
	struct fixture *f = *state;
	struct kata_rec *o = NULL;
	struct move m;
	char *p1 = fx_store_obstacle(f, 1, "b000000001", "open");
	char *p5 = fx_store_obstacle(f, 5, "b000000005", "closed");

	assert_int_equal(move_begin(&m, f->repo, "alice", &all, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_int_equal(move_new(&o, &m, KATA_KIND_OBSTACLE, &f->err), 0);
	assert_int_equal(o->number, 6);
	assert_int_equal(o->seq, 3);
	move_release(&m);
	free(p1);
	free(p5);
}

static void test_commit_subject_and_trailers(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	struct kata_rec *o = NULL;
	git_commit *c, *parent;
	git_tree *t1 = NULL, *t2 = NULL;
	git_diff *diff = NULL;
	struct move m;

	fx_head(f, before);
	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_int_equal(move_new(&o, &m, KATA_KIND_OBSTACLE, &f->err), 0);
	assert_int_equal(kata_node_set_str(o->node, "text", "t"), 0);
	assert_int_equal(kata_node_set_str(o->node, "status", "open"), 0);
	assert_int_equal(kata_node_set_str(o->node, "created", m.now), 0);
	assert_int_equal(move_put(&m, o, &f->err), 0);
	assert_int_equal(move_commit(&f->done, &m, &fx_bob, "obstacle-add", o->id, o->seq, &f->err,
				     "did %s #%d", "this", 7), 0);
	fx_assert_done(f, o->id, 1);
	fx_assert_message(f, "alice: did this #7\n\nKata-Learner: alice\nKata-Target: %s\n"
			  "Kata-Action: obstacle-add\nKata-Record: %s\n", m.target, o->id);
	c = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(c)->name, "Bob Coach");
	assert_string_equal(git_commit_author(c)->email, "bob@example.com");
	assert_string_equal(git_commit_committer(c)->email, "bob@example.com");
	assert_int_equal(git_commit_time(c), fx_now.t);
	assert_int_equal(git_commit_parentcount(c), 1);
	assert_int_equal(git_commit_parent(&parent, c, 0), 0);
	{
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), git_commit_id(parent));
		assert_string_equal(hex, before);
	}
	/* the tree changed by the one file put */
	assert_int_equal(git_commit_tree(&t1, parent), 0);
	assert_int_equal(git_commit_tree(&t2, c), 0);
	assert_int_equal(git_diff_tree_to_tree(&diff, kata_repo_git(f->repo), t1, t2, NULL), 0);
	assert_int_equal(git_diff_num_deltas(diff), 1);
	assert_string_equal(git_diff_get_delta(diff, 0)->new_file.path, o->path);
	assert_int_equal(git_diff_get_delta(diff, 0)->status, GIT_DELTA_ADDED);
	git_diff_free(diff);
	git_tree_free(t1);
	git_tree_free(t2);
	git_commit_free(parent);
	git_commit_free(c);
	move_release(&m);
	assert_true(fx_clean(f));
}

/* A move about no learner and no record: a bare subject, the action. */
static void test_commit_without_learner_or_record(void **state)
{
	struct fixture *f = *state;
	struct move m;
	char *msg;

	assert_int_equal(move_begin(&m, f->repo, NULL, NULL, MOVE_ANY_TARGET, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(m.txn, "kata.yaml", "kind: repository\nformat: 1\n", 27,
					  &f->err), 0);
	assert_int_equal(move_commit(NULL, &m, &fx_alice, "init", NULL, 0, &f->err, "kata: %s",
				     "again"), 0);
	move_release(&m);
	msg = fx_head_message(f);
	assert_string_equal(msg, "kata: again\n\nKata-Action: init\n");
	free(msg);
}

static void test_find_gives_the_record_to_change(void **state)
{
	struct fixture *f = *state;
	static const struct kata_storyboard_opts all = { .obstacles = KATA_LOAD_ALL };
	struct kata_rec *o = NULL;
	struct kata_node *rec;
	struct move m;
	char *p = fx_store_obstacle(f, 1, "b000000001", "open");

	assert_int_equal(move_begin(&m, f->repo, "alice", &all, MOVE_ACTIVE_TARGET, &f->err), 0);
	fx_assert_error(f, move_find(&o, &m, KATA_KIND_OBSTACLE, "c", &f->err), KATA_ENOTFOUND,
			"no obstacle 'c'");
	assert_null(o);
	assert_int_equal(move_find(&o, &m, KATA_KIND_OBSTACLE, "b0", &f->err), 0);
	assert_ptr_equal(o, &m.sb->obstacles.rec[0]);
	assert_int_equal(kata_node_set_str(o->node, "status", "closed"), 0);
	assert_int_equal(move_put(&m, o, &f->err), 0);
	assert_int_equal(move_commit(NULL, &m, &fx_alice, "obstacle-close", o->id, 1, &f->err,
				     "close"), 0);
	move_release(&m);
	rec = fx_load(f, p);
	assert_string_equal(kata_node_str(rec, "status"), "closed");
	assert_string_equal(kata_node_str(rec, "text"), "obstacle b000000001");
	kata_node_free(rec);
	free(p);
}

/* A move that ends before its commit leaves HEAD, index and work tree. */
static void test_no_commit_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1], *target_before, *target_after;
	struct kata_rec *o = NULL;
	struct move m;
	char path[KATA_PATH_MAX], target_path[KATA_PATH_MAX];

	fx_head(f, before);
	assert_int_equal(move_begin(&m, f->repo, "alice", &names, MOVE_ACTIVE_TARGET, &f->err), 0);
	snprintf(target_path, sizeof(target_path), "%s", m.sb->target->path);
	target_before = fx_read(f, target_path, NULL);
	assert_int_equal(move_new(&o, &m, KATA_KIND_OBSTACLE, &f->err), 0);
	assert_int_equal(kata_node_set_str(o->node, "text", "t"), 0);
	assert_int_equal(move_put(&m, o, &f->err), 0);
	assert_int_equal(kata_node_set_str(m.sb->target->node, "focus", o->id), 0);
	assert_int_equal(move_put(&m, m.sb->target, &f->err), 0);
	snprintf(path, sizeof(path), "%s", o->path);
	move_release(&m);
	fx_assert_head(f, before);
	assert_null(fx_read(f, path, NULL));
	target_after = fx_read(f, target_path, NULL);
	assert_string_equal(target_before, target_after);
	free(target_before);
	free(target_after);
	assert_true(fx_clean(f));
}

/* A real move refused at its second file: nothing of the first lands,
 * and the hand edit that stopped it is kept. */
static void test_move_failing_after_a_put_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char before[GIT_OID_HEXSZ + 1], id[KATA_ID_LEN + 1];
	char *obstacle_path, *obstacle_before, *obstacle_after, *target_path, *edited, *now;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", id, &fx_alice, &f->err), 0);
	sb = fx_storyboard(f, "alice");
	obstacle_path = strdup(sb->obstacles.rec[0].path);
	target_path = strdup(sb->target->path);
	kata_storyboard_free(sb);
	obstacle_before = fx_read(f, obstacle_path, NULL);
	now = fx_read(f, target_path, NULL);
	edited = kata_str_newf("%sowner: by hand\n", now);
	fx_write(f, target_path, edited);
	fx_head(f, before);

	/* closing the focus writes the obstacle, then the target, which is dirty */
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", id, NULL, &fx_alice, &f->err),
			 KATA_EDIRTY);
	assert_non_null(f->err.path);
	assert_non_null(strstr(f->err.path, "target.yaml"));
	kata_error_release(&f->err);
	fx_assert_head(f, before);
	obstacle_after = fx_read(f, obstacle_path, NULL);
	assert_string_equal(obstacle_before, obstacle_after);
	free(obstacle_after);
	obstacle_after = fx_read(f, target_path, NULL);
	assert_string_equal(obstacle_after, edited);
	free(obstacle_after);
	obstacle_after = fx_read_at(f, "HEAD", target_path, NULL);
	assert_string_equal(obstacle_after, now);
	free(obstacle_after);
	free(obstacle_before);
	free(obstacle_path);
	free(target_path);
	free(edited);
	free(now);
}

/* FAILING: measures read whole are ordered by 'at', and move_new takes
 * the number after the last of that order instead of the last file's:
 * 0001 (taken on the 20th) and 0002 (the 18th) give a new 0002. */
static void test_new_after_measures_read_in_time_order(void **state)
{
	static const struct kata_storyboard_opts all = { .measures = KATA_LOAD_ALL };
	struct fixture *f = *state;
	struct kata_rec *r = NULL;
	struct move m;
	char *p1, *p2;

	p1 = fx_store_record(f, KATA_KIND_MEASURE, 1, "a000000001",
			     "metric: changeover\nvalue: 20\nat: '2026-11-20T09:00:00Z'\n");
	p2 = fx_store_record(f, KATA_KIND_MEASURE, 2, "a000000002",
			     "metric: changeover\nvalue: 25\nat: '2026-11-18T09:00:00Z'\n");
	assert_int_equal(move_begin(&m, f->repo, "alice", &all, MOVE_ACTIVE_TARGET, &f->err), 0);
	assert_string_equal(m.sb->measures.rec[1].id, "a000000001");	/* sorted by at */
	assert_int_equal(move_new(&r, &m, KATA_KIND_MEASURE, &f->err), 0);
	assert_int_equal(r->seq, 3);
	assert_int_equal(r->number, 3);
	move_release(&m);
	free(p1);
	free(p2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_begin_reads_the_state, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_begin_refuses_without_an_active_target,
						fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_begin_refuses_an_ended_target, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_new_in_an_empty_target, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_new_numbers_after_the_last_file, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_new_after_a_gap_of_obstacles_read_whole, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_subject_and_trailers, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_without_learner_or_record, fx_setup_init,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_find_gives_the_record_to_change, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_commit_changes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_move_failing_after_a_put_changes_nothing, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_new_after_measures_read_in_time_order, fx_setup, fx_teardown),
	};

	return th_run_isolated(tests);
}
