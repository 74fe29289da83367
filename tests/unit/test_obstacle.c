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
#include "kata/id.h"
#include "kata/obstacle.h"
#include "kata/str.h"
#include "kata/target.h"

/* The obstacles parking lot: add, focus (one at a time), close. */

static char *focus_of(struct fixture *f)
{
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	const struct kata_rec *focus = kata_storyboard_focus(sb);
	const char *field = kata_node_str(sb->target->node, "focus");
	char *id = field ? strdup(field) : NULL;

	/* the field and the record it names agree */
	if (focus)
		assert_string_equal(focus->id, id);
	else
		assert_null(id);
	kata_storyboard_free(sb);
	return id;
}

static void test_add_writes_an_open_obstacle(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char *path;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "tools far away",
					   &fx_alice, &f->err), 0);
	fx_assert_done(f, NULL, 1);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->obstacles.n, 1);
	assert_string_equal(sb->obstacles.rec[0].id, f->done.id);
	path = kata_str_newf("%s/obstacles/001-%s.yaml", sb->target_dir, f->done.id);
	assert_string_equal(sb->obstacles.rec[0].path, path);
	fx_assert_file_at(f, "HEAD", path,
			  "kind: obstacle\nid: %s\ntarget: %s\ntext: tools far away\n"
			  "status: open\ncreated: '2026-11-21T09:00:00Z'\n", f->done.id,
			  sb->target->id);
	free(path);
	/* an obstacle added is not put in focus */
	assert_null(kata_storyboard_focus(sb));

	fx_assert_message(f, "alice: obstacle %.4s added: tools far away\n\nKata-Learner: alice\n"
			  "Kata-Target: %s\nKata-Action: obstacle-add\nKata-Record: %s\n",
			  f->done.id, sb->target->id, f->done.id);
	kata_storyboard_free(sb);

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "no standard", &fx_alice,
					   &f->err), 0);
	assert_int_equal(f->done.seq, 2);
	sb = fx_storyboard(f, "alice");
	assert_int_equal(sb->obstacles.rec[1].number, 2);
	assert_string_equal(kata_node_str(sb->obstacles.rec[1].node, "text"), "no standard");
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

static void test_add_refusals(void **state)
{
	struct fixture *f = *state;
	size_t n = fx_commits(f);

	fx_assert_error(f, kata_obstacle_add(&f->done, f->repo, "alice", "", &fx_alice, &f->err),
			KATA_EINVALID, "obstacle must not be empty");
	fx_assert_error(f, kata_obstacle_add(&f->done, f->repo, "alice", "a\033[31m", &fx_alice,
					     &f->err),
			KATA_EINVALID, "control character");
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);
	n++;
	fx_assert_error(f, kata_obstacle_add(&f->done, f->repo, "alice", "late", &fx_alice, &f->err),
			KATA_EPRACTICE, "no active target condition");
	assert_int_equal(fx_commits(f), n);
}

static void test_one_focus_by_prefix(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	char a[KATA_ID_LEN + 1], b[KATA_ID_LEN + 1], prefix[8], *focus, *msg;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(a, f->done.id, sizeof(a));
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "B", &fx_alice, &f->err), 0);
	memcpy(b, f->done.id, sizeof(b));
	snprintf(prefix, sizeof(prefix), "%.5s", a);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", prefix, &fx_alice,
					     &f->err), 0);
	assert_string_equal(f->done.id, a);
	assert_int_equal(f->done.seq, 1);
	focus = focus_of(f);
	assert_string_equal(focus, a);
	free(focus);
	msg = fx_head_message(f);
	assert_int_equal(strncmp(msg, "alice: obstacle ", 16), 0);
	assert_non_null(strstr(msg, " in focus: A\n\n"));
	assert_non_null(strstr(msg, "Kata-Action: obstacle-focus\n"));
	free(msg);

	/* the focus moves, one at a time */
	snprintf(prefix, sizeof(prefix), "%.5s", b);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", prefix, &fx_alice,
					     &f->err), 0);
	sb = fx_storyboard(f, "alice");
	assert_non_null(kata_storyboard_focus(sb));
	assert_string_equal(kata_storyboard_focus(sb)->id, b);
	assert_int_equal(sb->obstacles.n, 2);
	assert_string_equal(sb->obstacles.rec[0].id, a);
	/* both stay open: focus is the target's, not the obstacle's */
	assert_string_equal(kata_node_str(sb->obstacles.rec[0].node, "status"), "open");
	assert_string_equal(kata_node_str(sb->obstacles.rec[1].node, "status"), "open");
	kata_storyboard_free(sb);

	/* a prefix in upper case names it too */
	snprintf(prefix, sizeof(prefix), "%.5s", a);
	for (char *p = prefix; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", prefix, &fx_alice,
					     &f->err), 0);
	focus = focus_of(f);
	assert_string_equal(focus, a);
	free(focus);
	assert_true(fx_clean(f));
}

static void test_focus_twice_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", f->done.id, &fx_alice,
					     &f->err), 0);
	n = fx_commits(f);
	fx_assert_error(f, kata_obstacle_focus(&f->done, f->repo, "alice", f->done.id, &fx_alice,
					       &f->err),
			KATA_EPRACTICE, "is in focus already");
	assert_int_equal(fx_commits(f), n);
}

static void test_focus_on_a_closed_obstacle_is_refused(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1], id[KATA_ID_LEN + 1], *focus;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", id, NULL, &fx_alice,
					     &f->err), 0);
	fx_head(f, before);
	fx_assert_error(f, kata_obstacle_focus(&f->done, f->repo, "alice", id, &fx_alice, &f->err),
			KATA_EPRACTICE, "is closed already");
	fx_assert_head(f, before);
	focus = focus_of(f);
	assert_null(focus);
	/* nor can it be closed again */
	fx_assert_error(f, kata_obstacle_close(&f->done, f->repo, "alice", id, NULL, &fx_alice,
					       &f->err),
			KATA_EPRACTICE, "is closed already");
	fx_assert_head(f, before);
}

static void test_close_clears_the_focus(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	struct kata_node *rec;
	char a[KATA_ID_LEN + 1], b[KATA_ID_LEN + 1], *focus, *msg, *target_before, *target_after;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(a, f->done.id, sizeof(a));
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "B", &fx_alice, &f->err), 0);
	memcpy(b, f->done.id, sizeof(b));
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", b, &fx_alice, &f->err), 0);

	/* closing another one leaves the focus, and the target, alone */
	sb = fx_storyboard(f, "alice");
	target_before = fx_read(f, sb->target->path, NULL);
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", a, "gone", &fx_alice,
					     &f->err), 0);
	target_after = fx_read(f, sb->target->path, NULL);
	assert_string_equal(target_before, target_after);
	free(target_before);
	free(target_after);
	rec = fx_load(f, sb->obstacles.rec[0].path);
	assert_string_equal(kata_node_str(rec, "status"), "closed");
	assert_string_equal(kata_node_str(rec, "closed"), "2026-11-21T09:00:00Z");
	assert_string_equal(kata_node_str(rec, "note"), "gone");
	kata_node_free(rec);
	focus = focus_of(f);
	assert_string_equal(focus, b);
	free(focus);

	/* closing the focus leaves none in focus */
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", b, NULL, &fx_alice,
					     &f->err), 0);
	assert_string_equal(f->done.id, b);
	assert_int_equal(f->done.seq, 2);
	focus = focus_of(f);
	assert_null(focus);
	rec = fx_load(f, sb->obstacles.rec[1].path);
	assert_null(kata_node_get(rec, "note"));
	kata_node_free(rec);
	kata_storyboard_free(sb);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, " closed: B\n\n"));
	assert_non_null(strstr(msg, "Kata-Action: obstacle-close\n"));
	free(msg);
	assert_true(fx_clean(f));
}

static void test_reopen(void **state)
{
	struct fixture *f = *state;
	struct kata_storyboard *sb;
	struct kata_node *rec;
	char before[GIT_OID_HEXSZ + 1], id[KATA_ID_LEN + 1], *msg, *focus;

	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "A", &fx_alice, &f->err), 0);
	memcpy(id, f->done.id, sizeof(id));
	fx_head(f, before);
	fx_assert_error(f, kata_obstacle_reopen(&f->done, f->repo, "alice", id, NULL, &fx_alice,
						&f->err),
			KATA_EPRACTICE, "is open already");
	fx_assert_head(f, before);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", id, &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", id, "solved", &fx_alice,
					     &f->err), 0);

	assert_int_equal(kata_obstacle_reopen(&f->done, f->repo, "alice", id, "came back",
					      &fx_alice, &f->err), 0);
	fx_assert_done(f, id, 1);
	sb = fx_storyboard(f, "alice");
	rec = fx_load(f, sb->obstacles.rec[0].path);
	assert_string_equal(kata_node_str(rec, "status"), "open");
	assert_null(kata_node_get(rec, "closed"));
	assert_string_equal(kata_node_str(rec, "note"), "came back");
	kata_node_free(rec);
	kata_storyboard_free(sb);
	msg = fx_head_message(f);
	assert_non_null(strstr(msg, " reopened: A\n\nIt was closed on 2026-11-21T09:00:00Z: solved.\n"));
	assert_non_null(strstr(msg, "Kata-Action: obstacle-reopen\n"));
	free(msg);
	/* open again, not in focus: it can be focused, and closed again */
	focus = focus_of(f);
	assert_null(focus);
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", id, &fx_alice, &f->err), 0);
	assert_int_equal(kata_obstacle_close(&f->done, f->repo, "alice", id, NULL, &fx_alice,
					     &f->err), 0);
	/* without a note, the old one goes */
	assert_int_equal(kata_obstacle_reopen(&f->done, f->repo, "alice", id, NULL, &fx_alice,
					      &f->err), 0);
	sb = fx_storyboard(f, "alice");
	rec = fx_load(f, sb->obstacles.rec[0].path);
	assert_null(kata_node_get(rec, "note"));
	kata_node_free(rec);
	kata_storyboard_free(sb);
	assert_true(fx_clean(f));
}

static void test_unknown_and_ambiguous_prefixes(void **state)
{
	struct fixture *f = *state;
	char before[GIT_OID_HEXSZ + 1];
	char *p1 = fx_store_obstacle(f, 1, "abc0000001", "open");
	char *p2 = fx_store_obstacle(f, 2, "abc0000002", "open");

	free(p1);
	free(p2);
	fx_head(f, before);
	fx_assert_error(f, kata_obstacle_focus(&f->done, f->repo, "alice", "zzzz", &fx_alice, &f->err),
			KATA_ENOTFOUND, "no obstacle 'zzzz'");
	fx_assert_error(f, kata_obstacle_focus(&f->done, f->repo, "alice", "abc", &fx_alice, &f->err),
			KATA_EAMBIGUOUS, "obstacle ID 'abc' is ambiguous: abc0000001, abc0000002");
	fx_assert_error(f, kata_obstacle_close(&f->done, f->repo, "alice", "ab", NULL, &fx_alice,
					       &f->err),
			KATA_EAMBIGUOUS, "is ambiguous");
	fx_assert_error(f, kata_obstacle_close(&f->done, f->repo, "alice", "not an id", NULL,
					       &fx_alice, &f->err),
			KATA_EINVALID, "invalid obstacle ID 'not an id'");
	fx_assert_head(f, before);
	/* one more character tells them apart */
	assert_int_equal(kata_obstacle_focus(&f->done, f->repo, "alice", "abc0000002", &fx_alice,
					     &f->err), 0);
	assert_string_equal(f->done.id, "abc0000002");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_writes_an_open_obstacle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_one_focus_by_prefix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus_twice_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_focus_on_a_closed_obstacle_is_refused, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_close_clears_the_focus, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reopen, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_ambiguous_prefixes, fx_setup,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
