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
#include "kata/edit.h"
#include "kata/learner.h"
#include "kata/obstacle.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/step.h"
#include "kata/target.h"

/*
 * alice, coached by bob, with her first target (done) and second
 * (active), each with an obstacle and a step; the second's step is open.
 */
struct world {
	struct fixture fx;
	char t1[16], o1[16], s1[16], t2[16], o2[16], s2[16];
	char t1_dir[KATA_PATH_MAX], t2_dir[KATA_PATH_MAX];
};

static const struct kata_who editor = { .name = "Eddie Tor", .email = "eddie@example.com" };

static int setup(void **state)
{
	struct world *w = malloc(sizeof(*w));
	struct fixture *f = &w->fx;
	struct kata_learner_opts bob = { "bob", "Bob Coach", NULL, 0, NULL, NULL, NULL };
	struct kata_learner_opts alice = { "alice", "Alice Example", NULL, 0, "bob", NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", NULL,
				      NULL, NULL, NULL, false, false };
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };

	assert_non_null(w);
	fx_init(f, FX_INIT);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &fx_alice, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &alice, &fx_alice, &f->err), 0);

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &fx_alice, &f->err), 0);
	strcpy(w->t1, f->done.id);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "tools far away", &fx_alice,
					   &f->err), 0);
	strcpy(w->o1, f->done.id);
	st.obstacle = w->o1;
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	strcpy(w->s1, f->done.id);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "it took 25", "too far",
					   &fx_alice, &f->err), 0);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, NULL,
					 &fx_alice, &f->err), 0);

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &fx_alice, &f->err), 0);
	strcpy(w->t2, f->done.id);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "no cart", &fx_alice,
					   &f->err), 0);
	strcpy(w->o2, f->done.id);
	st.obstacle = w->o2;
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &fx_alice, &f->err), 0);
	strcpy(w->s2, f->done.id);

	kata_path_target_dir(w->t1_dir, "alice", 1, w->t1);
	kata_path_target_dir(w->t2_dir, "alice", 2, w->t2);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fx_release(&w->fx);
	free(w);
	return 0;
}

static struct kata_edit *find_ok(struct fixture *f, const char *learner, const char *id)
{
	struct kata_edit *e = NULL;

	if (kata_edit_find(&e, f->repo, learner, id, &f->err) != 0)
		fail_msg("'%s' not found: %s", id, f->err.message);
	assert_non_null(e);
	return e;
}

/* ---- finding the record ---- */

static void test_find_a_learner_by_id(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, NULL, "alice");

	assert_string_equal(e->path, "learners/alice/learner.yaml");
	assert_int_equal(e->kind, KATA_KIND_LEARNER);
	assert_string_equal(e->id, "alice");
	assert_string_equal(e->learner, "alice");
	assert_string_equal(e->target, "");
	assert_null(e->orig);
	assert_null(e->tmp);
	kata_edit_free(e);
	/* a learner ID in full names that learner, whoever's records are searched */
	e = find_ok(f, "alice", "bob");
	assert_string_equal(e->path, "learners/bob/learner.yaml");
	assert_string_equal(e->learner, "bob");
	kata_edit_free(e);
	kata_edit_free(NULL);
}

static void test_find_records_by_prefix_in_every_target(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	const struct {
		const char *id, *dir;
		enum kata_kind kind;
		const char *file;
	} want[] = {
		{ w->t1, w->t1_dir, KATA_KIND_TARGET, "target.yaml" },
		{ w->o1, w->t1_dir, KATA_KIND_OBSTACLE, "obstacles/001-" },
		{ w->s1, w->t1_dir, KATA_KIND_STEP, "steps/0001-" },
		{ w->t2, w->t2_dir, KATA_KIND_TARGET, "target.yaml" },
		{ w->o2, w->t2_dir, KATA_KIND_OBSTACLE, "obstacles/001-" },
		{ w->s2, w->t2_dir, KATA_KIND_STEP, "steps/0001-" },
	};
	char path[KATA_PATH_MAX], prefix[16];
	size_t i, k;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct kata_edit *e;

		if (want[i].kind == KATA_KIND_TARGET)
			snprintf(path, sizeof(path), "%s/target.yaml", want[i].dir);
		else
			snprintf(path, sizeof(path), "%s/%s%s.yaml", want[i].dir, want[i].file,
				 want[i].id);
		/* the whole ID, the shortest prefix, and in upper case */
		snprintf(prefix, 5, "%s", want[i].id);
		for (k = 0; k < 3; k++) {
			const char *id = k == 0 ? want[i].id : prefix;

			if (k == 2) {
				size_t j;

				for (j = 0; prefix[j]; j++)
					if (prefix[j] >= 'a' && prefix[j] <= 'z')
						prefix[j] = (char)(prefix[j] - 'a' + 'A');
			}
			e = find_ok(f, "alice", id);
			assert_string_equal(e->path, path);
			assert_int_equal(e->kind, want[i].kind);
			assert_string_equal(e->id, want[i].id);
			assert_string_equal(e->learner, "alice");
			assert_string_equal(e->target, want[i].kind == KATA_KIND_TARGET ?
						       want[i].id :
						       want[i].dir == w->t1_dir ? w->t1 : w->t2);
			kata_edit_free(e);
		}
	}
}

static void test_find_ambiguous_and_unknown(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = NULL;
	char path[2 * KATA_PATH_MAX];

	/* names alone decide: two files whose IDs share a prefix */
	snprintf(path, sizeof(path), "%s/measures/0001-aaaa000001.yaml", w->t2_dir);
	fx_write(f, path, "");
	snprintf(path, sizeof(path), "%s/measures/0002-aaaa000002.yaml", w->t2_dir);
	fx_write(f, path, "");
	assert_int_equal(kata_edit_find(&e, f->repo, "alice", "aaaa", &f->err), KATA_EAMBIGUOUS);
	assert_null(e);
	assert_string_equal(f->err.message, "record ID 'aaaa' is ambiguous: aaaa000001, aaaa000002");
	kata_error_release(&f->err);
	e = find_ok(f, "alice", "aaaa000002");
	assert_int_equal(e->kind, KATA_KIND_MEASURE);
	kata_edit_free(e);
	e = NULL;

	assert_int_equal(kata_edit_find(&e, f->repo, "alice", "zzzz", &f->err), KATA_ENOTFOUND);
	assert_string_equal(f->err.message, "no record 'zzzz'");
	assert_null(e);
	kata_error_release(&f->err);
	/* another learner's records are not searched */
	assert_int_equal(kata_edit_find(&e, f->repo, "bob", w->s2, &f->err), KATA_ENOTFOUND);
	kata_error_release(&f->err);
	/* neither a learner nor anything like a record ID */
	assert_int_equal(kata_edit_find(&e, f->repo, "alice", "carol", &f->err), KATA_ENOTFOUND);
	assert_string_equal(f->err.message, "no learner or record 'carol'");
	kata_error_release(&f->err);
	assert_int_equal(kata_edit_find(&e, f->repo, NULL, "zzzz", &f->err), KATA_ENOTFOUND);
	assert_string_equal(f->err.message, "no learner 'zzzz'");
	kata_error_release(&f->err);
	assert_int_equal(kata_edit_find(&e, f->repo, "../x", "zzzz", &f->err), KATA_EINVALID);
	assert_string_equal(f->err.message, "invalid learner ID '../x'");
	kata_error_release(&f->err);
	assert_int_equal(kata_edit_find(&e, f->repo, "alice", "../x", &f->err), KATA_EINVALID);
	assert_null(e);
}

/* ---- beginning an edit ---- */

static void test_begin_copies_the_record(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->s2), *again = find_ok(f, "alice", w->s2);
	char want[256], *bytes, *copy;
	size_t len, clen;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	bytes = fx_read(f, e->path, &len);
	assert_int_equal(e->orig_len, len);
	assert_memory_equal(e->orig, bytes, len);
	snprintf(want, sizeof(want), ".git/kata-edit/%s.yaml", w->s2);
	assert_string_equal(e->tmp_display, want);
	snprintf(want, sizeof(want), "%s/.git/kata-edit/%s.yaml", f->dir, w->s2);
	assert_string_equal(e->tmp, want);
	copy = th_read_file(e->tmp, &clen);
	assert_int_equal(clen, len);
	assert_memory_equal(copy, bytes, len);
	free(copy);

	/* a copy kept from an earlier edit is never written over */
	assert_int_equal(kata_edit_begin(again, f->repo, &f->err), 0);
	snprintf(want, sizeof(want), ".git/kata-edit/%s-2.yaml", w->s2);
	assert_string_equal(again->tmp_display, want);
	copy = th_read_file(again->tmp, &clen);
	assert_memory_equal(copy, bytes, len);
	free(copy);
	assert_int_equal(fx_changes(f), 0);
	kata_edit_free(e);
	kata_edit_free(again);
	free(bytes);
}

static void test_begin_refuses_a_dirty_record(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->o2);
	char *dir = fx_path(f, ".git/kata-edit");

	fx_write(f, e->path, "kind: obstacle\nhand: edit\n");
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), KATA_EDIRTY);
	assert_string_equal(f->err.path, e->path);
	assert_non_null(strstr(f->err.message, "uncommitted changes"));
	assert_null(e->tmp);
	assert_int_equal(access(dir, F_OK), -1);
	kata_edit_free(e);
	free(dir);
}

/* ---- finishing it ---- */

/* An edit of id, begun: the copy is there for the editor. */
static struct kata_edit *begun(struct fixture *f, const char *id)
{
	struct kata_edit *e = find_ok(f, "alice", id);

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	return e;
}

/* The record's text with from replaced by to (once). */
static char *replaced(const struct kata_edit *e, const char *from, const char *to)
{
	const char *at = strstr(e->orig, from);
	char *out;

	assert_non_null(at);
	out = malloc(e->orig_len + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - e->orig), e->orig, to, at + strlen(from));
	return out;
}

static void test_finish_without_change_commits_nothing(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->s2);
	char before[41];
	bool changed = true;

	fx_head(f, before);
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	assert_false(changed);
	fx_assert_head(f, before);
	assert_int_equal(access(e->tmp, F_OK), -1);
	kata_edit_free(e);
}

/*
 * An edit of id, from one string to another in the record's text, is
 * refused at path:line:col with message; nothing is committed, the record
 * is as it was, and the copy keeps the edit.
 */
static void refused(struct fixture *f, const char *id, const char *from, const char *to,
		    unsigned line, unsigned col, const char *message)
{
	struct kata_edit *e = find_ok(f, "alice", id);
	char before[41], *text, *now_there, *kept;
	bool changed = false;
	size_t len;

	fx_head(f, before);
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	text = replaced(e, from, to);
	th_write_file(e->tmp, text, strlen(text));
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err),
			 KATA_EINVALID);
	assert_true(changed);
	if (strcmp(f->err.message, message) || f->err.line != line || f->err.col != col)
		fail_msg("%s:%u:%u: %s\nexpected %u:%u: %s", f->err.path, f->err.line, f->err.col,
			 f->err.message, line, col, message);
	assert_string_equal(f->err.path, e->path);
	fx_assert_head(f, before);
	now_there = fx_read(f, e->path, &len);
	assert_int_equal(len, e->orig_len);
	assert_memory_equal(now_there, e->orig, len);
	kept = th_read_file(e->tmp, NULL);
	assert_string_equal(kept, text);
	kata_error_release(&f->err);
	free(kept);
	free(now_there);
	free(text);
	kata_edit_free(e);
}

static void test_finish_refuses_an_invalid_record(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	char from[64], to[64];

	/* not YAML */
	refused(f, w->s2, "step: Move the cart", "step: [Move the cart", 6, 7,
		"did not find expected ',' or ']' (while parsing a flow sequence at 5:7)");
	/* not the kind it was */
	refused(f, w->s2, "kind: step", "kind: obstacle", 1, 7, "kind is 'obstacle', expected 'step'");
	/* not valid as its kind */
	refused(f, w->s2, "status: open", "status: closed", 7, 9, "'status' must be open or done");
	/* what its place says: its ID, its target, its learner */
	snprintf(from, sizeof(from), "id: %s", w->s2);
	snprintf(to, sizeof(to), "id: %s", w->s1);
	{
		char msg[128];

		snprintf(msg, sizeof(msg), "'id' cannot change from '%s': the file's name holds it",
			 w->s2);
		refused(f, w->s2, from, to, 2, 5, msg);
		snprintf(from, sizeof(from), "target: %s", w->t2);
		snprintf(to, sizeof(to), "target: %s", w->t1);
		snprintf(msg, sizeof(msg),
			 "'target' cannot change from '%s': the record lies in the target's folder",
			 w->t2);
		refused(f, w->s2, from, to, 3, 9, msg);
		refused(f, w->t2, "learner: alice", "learner: bob", 3, 10,
			"'learner' cannot change from 'alice': the target lies in the learner's folder");
		refused(f, "alice", "id: alice", "id: alicia", 2, 5,
			"'id' cannot change from 'alice': the learner's folder holds it");
	}
}

static void test_finish_refuses_carriage_returns(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;

	refused(f, w->s2, "kind: step\n", "kind: step\r\n", 1, 11,
		"line ends must be LF, without a carriage return");
}

static void test_finish_refuses_unknown_references(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	char from[64], to[64], msg[160];

	/* an obstacle of another target is no obstacle of this one */
	snprintf(from, sizeof(from), "obstacle: %s", w->o2);
	snprintf(to, sizeof(to), "obstacle: %s", w->o1);
	snprintf(msg, sizeof(msg),
		 "'obstacle' must name an obstacle of this target; there is no obstacle '%s'", w->o1);
	refused(f, w->s2, from, to, 4, 11, msg);
	/* the target's focus, added by hand */
	snprintf(from, sizeof(from), "status: active");
	snprintf(to, sizeof(to), "status: active\nfocus: zzzzzzzzzz");
	refused(f, w->t2, from, to, 8, 8,
		"'focus' must name an obstacle of this target; there is no obstacle 'zzzzzzzzzz'");
	refused(f, "alice", "coach: bob", "coach: carol", 4, 8,
		"'coach' must be a learner here; there is no learner 'carol'");
	refused(f, "alice", "coach: bob", "coach: bob\nsecond_coach: dave", 5, 15,
		"'second_coach' must be a learner here; there is no learner 'dave'");
}

static void test_finish_commits_the_bytes_exactly(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->s2);
	char want[128], hex[41], *text, *on_disk, *in_head, *msg;
	git_commit *head;
	bool changed = false;
	size_t len, hlen;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	/* a comment, odd spacing, a key of the editor's own: all kept */
	text = replaced(e, "expect: 20 minutes\n",
			"expect:   under 20 minutes   # was 20\nmine: {kept: yes}\n");
	th_write_file(e->tmp, text, strlen(text));
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	assert_true(changed);
	on_disk = fx_read(f, e->path, &len);
	assert_int_equal(len, strlen(text));
	assert_string_equal(on_disk, text);
	in_head = fx_read_at(f, "HEAD", e->path, &hlen);
	assert_int_equal(hlen, strlen(text));
	assert_string_equal(in_head, text);
	assert_int_equal(access(e->tmp, F_OK), -1);
	assert_int_equal(fx_changes(f), 0);

	fx_head(f, hex);
	assert_string_equal(f->done.commit, hex);
	assert_string_equal(f->done.id, w->s2);
	msg = fx_head_message(f);
	snprintf(want, sizeof(want), "alice: edit step %.4s\n\n", w->s2);
	assert_int_equal(strncmp(msg, want, strlen(want)), 0);
	assert_non_null(strstr(msg, "Kata-Learner: alice\n"));
	snprintf(want, sizeof(want), "Kata-Target: %s\n", w->t2);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "Kata-Action: edit\n"));
	snprintf(want, sizeof(want), "Kata-Record: %s\n", w->s2);
	assert_non_null(strstr(msg, want));
	head = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(head)->name, "Eddie Tor");
	assert_string_equal(git_commit_author(head)->email, "eddie@example.com");
	git_commit_free(head);
	free(msg);
	free(in_head);
	free(on_disk);
	free(text);
	kata_edit_free(e);
}

static void test_finish_of_an_old_target_and_a_learner(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e;
	char want[128], *text, *msg;
	bool changed = false;

	/* a record of the target that is done: its own target's trailer */
	e = begun(f, w->o1);
	text = replaced(e, "text: tools far away", "text: tools far, far away");
	th_write_file(e->tmp, text, strlen(text));
	free(text);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	msg = fx_head_message(f);
	snprintf(want, sizeof(want), "Kata-Target: %s\n", w->t1);
	assert_non_null(strstr(msg, want));
	free(msg);
	kata_edit_free(e);

	/* a learner's record: the subject names the learner in full */
	e = begun(f, "alice");
	text = replaced(e, "name: Alice Example", "name: Alice B. Example");
	th_write_file(e->tmp, text, strlen(text));
	free(text);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	msg = fx_head_message(f);
	assert_int_equal(strncmp(msg, "alice: edit learner alice\n\n", 27), 0);
	assert_non_null(strstr(msg, "Kata-Record: alice\n"));
	assert_null(strstr(msg, "Kata-Target:"));
	free(msg);
	kata_edit_free(e);
}

static void test_finish_adds_a_missing_final_newline(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->o2);
	char *text, *on_disk;
	bool changed = false;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	text = replaced(e, "text: no cart", "text: no cart at hand");
	text[strlen(text) - 1] = '\0';
	th_write_file(e->tmp, text, strlen(text));
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	on_disk = fx_read(f, e->path, NULL);
	assert_int_equal(strlen(on_disk), strlen(text) + 1);
	assert_int_equal(strncmp(on_disk, text, strlen(text)), 0);
	assert_int_equal(on_disk[strlen(text)], '\n');
	free(on_disk);
	free(text);
	kata_edit_free(e);
}

static void test_finish_refuses_a_record_changed_meanwhile(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->s2);
	char before[41], *text, *kept;
	bool changed = false;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	text = replaced(e, "expect: 20 minutes", "expect: 15 minutes");
	th_write_file(e->tmp, text, strlen(text));
	/* while the editor is open, the step is reflected on */
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "it took 18",
					   "closer", &fx_alice, &f->err), 0);
	fx_head(f, before);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err),
			 KATA_EDIRTY);
	assert_string_equal(f->err.path, e->path);
	assert_string_equal(f->err.message, "changed while it was being edited");
	fx_assert_head(f, before);
	kept = th_read_file(e->tmp, NULL);
	assert_string_equal(kept, text);
	free(kept);
	free(text);
	kata_edit_free(e);
}

static void test_discard(void **state)
{
	struct world *w = *state;
	struct fixture *f = &w->fx;
	struct kata_edit *e = find_ok(f, "alice", w->s2), *other;

	assert_false(kata_edit_discard(e));	/* nothing begun */
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	assert_false(kata_edit_discard(e));
	assert_int_equal(access(e->tmp, F_OK), -1);
	other = begun(f, w->s2);
	th_write_file(other->tmp, "kind: step\nchanged: yes\n", 24);
	assert_true(kata_edit_discard(other));
	assert_int_equal(access(other->tmp, F_OK), 0);
	kata_edit_free(other);
	kata_edit_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_a_learner_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_records_by_prefix_in_every_target,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_ambiguous_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_copies_the_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_refuses_a_dirty_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_without_change_commits_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_an_invalid_record,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_carriage_returns,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_unknown_references,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_commits_the_bytes_exactly,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_of_an_old_target_and_a_learner,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_adds_a_missing_final_newline,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_a_record_changed_meanwhile,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard, setup, teardown),
	};

	return th_run_isolated(tests);
}
