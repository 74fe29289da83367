#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "helpers.h"
#include "kata/edit.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/obstacle.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/step.h"
#include "kata/target.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
	struct kata_done done;
	/* alice's first target (done) and second (active), each with an
	 * obstacle and a step; the second's step is open */
	char t1[16], o1[16], s1[16], t2[16], o2[16], s2[16];
	char t1_dir[KATA_PATH_MAX], t2_dir[KATA_PATH_MAX];
};

static const struct kata_who who = { "Alice Example", "alice@example.com" };
static const struct kata_who editor = { "Eddie Tor", "eddie@example.com" };
static const struct kata_time now = { 1795251600, 0, true };	/* 2026-11-21T09:00Z */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct kata_learner_opts bob = { "bob", "Bob Coach", NULL, 0, NULL, NULL, NULL };
	struct kata_learner_opts alice = { "alice", "Alice Example", NULL, 0, "bob", NULL, NULL };
	struct kata_target_opts so = { "Ship every order the day it comes in",
				      "Changeover under 10 minutes", "+28d", NULL,
				      NULL, NULL, NULL, false };
	struct kata_step_opts st = { "Move the cart", "20 minutes", NULL, NULL };

	assert_non_null(f);
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
	assert_int_equal(kata_init(&f->done, f->repo, NULL, &who, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &who, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &alice, &who, &f->err), 0);

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &who, &f->err), 0);
	strcpy(f->t1, f->done.id);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "tools far away", &who,
					   &f->err), 0);
	strcpy(f->o1, f->done.id);
	st.obstacle = f->o1;
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &who, &f->err), 0);
	strcpy(f->s1, f->done.id);
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "it took 25", "too far",
					   &who, &f->err), 0);
	assert_int_equal(kata_target_end(&f->done, f->repo, "alice", KATA_TARGET_DONE, NULL, &who,
					 &f->err), 0);

	assert_int_equal(kata_target_start(&f->done, f->repo, "alice", &so, &who, &f->err), 0);
	strcpy(f->t2, f->done.id);
	assert_int_equal(kata_obstacle_add(&f->done, f->repo, "alice", "no cart", &who, &f->err), 0);
	strcpy(f->o2, f->done.id);
	st.obstacle = f->o2;
	assert_int_equal(kata_step_plan(&f->done, f->repo, "alice", &st, &who, &f->err), 0);
	strcpy(f->s2, f->done.id);

	kata_path_target_dir(f->t1_dir, "alice", 1, f->t1);
	kata_path_target_dir(f->t2_dir, "alice", 2, f->t2);
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

static char *full(struct fixture *f, const char *path)
{
	char *p = malloc(strlen(f->dir) + strlen(path) + 2);

	assert_non_null(p);
	sprintf(p, "%s/%s", f->dir, path);
	return p;
}

static void head_hex(struct fixture *f, char out[41])
{
	git_oid id;

	assert_int_equal(git_reference_name_to_id(&id, kata_repo_git(f->repo), "HEAD"), 0);
	git_oid_tostr(out, 41, &id);
}

static char *head_message(struct fixture *f)
{
	git_object *obj = NULL;
	char *msg;

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD"), 0);
	msg = strdup(git_commit_message((git_commit *)obj));
	git_object_free(obj);
	return msg;
}

/* The bytes of path in HEAD's tree. */
static char *head_blob(struct fixture *f, const char *path, size_t *len)
{
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	char *data;

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD^{tree}"), 0);
	assert_int_equal(git_tree_entry_bypath(&e, (git_tree *)obj, path), 0);
	assert_int_equal(git_blob_lookup(&blob, kata_repo_git(f->repo), git_tree_entry_id(e)), 0);
	*len = (size_t)git_blob_rawsize(blob);
	data = calloc(1, *len + 1);
	assert_non_null(data);
	memcpy(data, git_blob_rawcontent(blob), *len);
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_object_free(obj);
	return data;
}

static size_t status_count(struct fixture *f)
{
	git_status_list *list = NULL;
	git_status_options opts;
	size_t n;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	assert_int_equal(git_status_list_new(&list, kata_repo_git(f->repo), &opts), 0);
	n = git_status_list_entrycount(list);
	git_status_list_free(list);
	return n;
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
	struct fixture *f = *state;
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
	struct fixture *f = *state;
	const struct {
		const char *id, *dir;
		enum kata_kind kind;
		const char *file;
	} want[] = {
		{ f->t1, f->t1_dir, KATA_KIND_TARGET, "target.yaml" },
		{ f->o1, f->t1_dir, KATA_KIND_OBSTACLE, "obstacles/001-" },
		{ f->s1, f->t1_dir, KATA_KIND_STEP, "steps/0001-" },
		{ f->t2, f->t2_dir, KATA_KIND_TARGET, "target.yaml" },
		{ f->o2, f->t2_dir, KATA_KIND_OBSTACLE, "obstacles/001-" },
		{ f->s2, f->t2_dir, KATA_KIND_STEP, "steps/0001-" },
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
						       want[i].dir == f->t1_dir ? f->t1 : f->t2);
			kata_edit_free(e);
		}
	}
}

static void test_find_ambiguous_and_unknown(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = NULL;
	char path[2 * KATA_PATH_MAX], *p;

	/* names alone decide: two files whose IDs share a prefix */
	snprintf(path, sizeof(path), "%s/measures/0001-aaaa000001.yaml", f->t2_dir);
	p = full(f, path);
	*strrchr(p, '/') = '\0';
	assert_int_equal(mkdir(p, 0777), 0);
	free(p);
	p = full(f, path);
	th_write_file(p, "", 0);
	free(p);
	snprintf(path, sizeof(path), "%s/measures/0002-aaaa000002.yaml", f->t2_dir);
	p = full(f, path);
	th_write_file(p, "", 0);
	free(p);
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
	assert_int_equal(kata_edit_find(&e, f->repo, "bob", f->s2, &f->err), KATA_ENOTFOUND);
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
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->s2), *again = find_ok(f, "alice", f->s2);
	char want[256], *rec = full(f, e->path), *bytes, *copy;
	size_t len, clen;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	bytes = th_read_file(rec, &len);
	assert_int_equal(e->orig_len, len);
	assert_memory_equal(e->orig, bytes, len);
	snprintf(want, sizeof(want), ".git/kata-edit/%s.yaml", f->s2);
	assert_string_equal(e->tmp_display, want);
	snprintf(want, sizeof(want), "%s/.git/kata-edit/%s.yaml", f->dir, f->s2);
	assert_string_equal(e->tmp, want);
	copy = th_read_file(e->tmp, &clen);
	assert_int_equal(clen, len);
	assert_memory_equal(copy, bytes, len);
	free(copy);

	/* a copy kept from an earlier edit is never written over */
	assert_int_equal(kata_edit_begin(again, f->repo, &f->err), 0);
	snprintf(want, sizeof(want), ".git/kata-edit/%s-2.yaml", f->s2);
	assert_string_equal(again->tmp_display, want);
	copy = th_read_file(again->tmp, &clen);
	assert_memory_equal(copy, bytes, len);
	free(copy);
	assert_int_equal(status_count(f), 0);
	kata_edit_free(e);
	kata_edit_free(again);
	free(bytes);
	free(rec);
}

static void test_begin_refuses_a_dirty_record(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->o2);
	char *rec = full(f, e->path), *dir = full(f, ".git/kata-edit");

	th_write_file(rec, "kind: obstacle\nhand: edit\n", 26);
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), KATA_EDIRTY);
	assert_string_equal(f->err.path, e->path);
	assert_non_null(strstr(f->err.message, "uncommitted changes"));
	assert_null(e->tmp);
	assert_int_equal(access(dir, F_OK), -1);
	kata_edit_free(e);
	free(rec);
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
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->s2);
	char before[41], after[41];
	bool changed = true;

	head_hex(f, before);
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	assert_false(changed);
	head_hex(f, after);
	assert_string_equal(before, after);
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
	char before[41], after[41], *text, *rec = full(f, e->path), *now_there, *kept;
	bool changed = false;
	size_t len;

	head_hex(f, before);
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
	head_hex(f, after);
	assert_string_equal(before, after);
	now_there = th_read_file(rec, &len);
	assert_int_equal(len, e->orig_len);
	assert_memory_equal(now_there, e->orig, len);
	kept = th_read_file(e->tmp, NULL);
	assert_string_equal(kept, text);
	kata_error_release(&f->err);
	free(kept);
	free(now_there);
	free(text);
	free(rec);
	kata_edit_free(e);
}

static void test_finish_refuses_an_invalid_record(void **state)
{
	struct fixture *f = *state;
	char from[64], to[64];

	/* not YAML */
	refused(f, f->s2, "step: Move the cart", "step: [Move the cart", 6, 7,
		"did not find expected ',' or ']' (while parsing a flow sequence at 5:7)");
	/* not the kind it was */
	refused(f, f->s2, "kind: step", "kind: obstacle", 1, 7, "kind is 'obstacle', expected 'step'");
	/* not valid as its kind */
	refused(f, f->s2, "status: open", "status: closed", 7, 9, "'status' must be open or done");
	/* what its place says: its ID, its target, its learner */
	snprintf(from, sizeof(from), "id: %s", f->s2);
	snprintf(to, sizeof(to), "id: %s", f->s1);
	{
		char msg[128];

		snprintf(msg, sizeof(msg), "'id' cannot change from '%s': the file's name holds it",
			 f->s2);
		refused(f, f->s2, from, to, 2, 5, msg);
		snprintf(from, sizeof(from), "target: %s", f->t2);
		snprintf(to, sizeof(to), "target: %s", f->t1);
		snprintf(msg, sizeof(msg),
			 "'target' cannot change from '%s': the record lies in the target's folder",
			 f->t2);
		refused(f, f->s2, from, to, 3, 9, msg);
		refused(f, f->t2, "learner: alice", "learner: bob", 3, 10,
			"'learner' cannot change from 'alice': the target lies in the learner's folder");
		refused(f, "alice", "id: alice", "id: alicia", 2, 5,
			"'id' cannot change from 'alice': the learner's folder holds it");
	}
}

static void test_finish_refuses_carriage_returns(void **state)
{
	struct fixture *f = *state;

	refused(f, f->s2, "kind: step\n", "kind: step\r\n", 1, 11,
		"line ends must be LF, without a carriage return");
}

static void test_finish_refuses_unknown_references(void **state)
{
	struct fixture *f = *state;
	char from[64], to[64], msg[160];

	/* an obstacle of another target is no obstacle of this one */
	snprintf(from, sizeof(from), "obstacle: %s", f->o2);
	snprintf(to, sizeof(to), "obstacle: %s", f->o1);
	snprintf(msg, sizeof(msg),
		 "'obstacle' must name an obstacle of this target; there is no obstacle '%s'", f->o1);
	refused(f, f->s2, from, to, 4, 11, msg);
	/* the target's focus, added by hand */
	snprintf(from, sizeof(from), "status: active");
	snprintf(to, sizeof(to), "status: active\nfocus: zzzzzzzzzz");
	refused(f, f->t2, from, to, 8, 8,
		"'focus' must name an obstacle of this target; there is no obstacle 'zzzzzzzzzz'");
	refused(f, "alice", "coach: bob", "coach: carol", 4, 8,
		"'coach' must be a learner here; there is no learner 'carol'");
	refused(f, "alice", "coach: bob", "coach: bob\nsecond_coach: dave", 5, 15,
		"'second_coach' must be a learner here; there is no learner 'dave'");
}

static void test_finish_commits_the_bytes_exactly(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->s2);
	char want[128], hex[41], *text, *on_disk, *in_head, *msg, *rec = full(f, e->path);
	git_object *obj = NULL;
	bool changed = false;
	size_t len, hlen;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	/* a comment, odd spacing, a key of the editor's own: all kept */
	text = replaced(e, "expect: 20 minutes\n",
			"expect:   under 20 minutes   # was 20\nmine: {kept: yes}\n");
	th_write_file(e->tmp, text, strlen(text));
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	assert_true(changed);
	on_disk = th_read_file(rec, &len);
	assert_int_equal(len, strlen(text));
	assert_string_equal(on_disk, text);
	in_head = head_blob(f, e->path, &hlen);
	assert_int_equal(hlen, strlen(text));
	assert_string_equal(in_head, text);
	assert_int_equal(access(e->tmp, F_OK), -1);
	assert_int_equal(status_count(f), 0);

	head_hex(f, hex);
	assert_string_equal(f->done.commit, hex);
	assert_string_equal(f->done.id, f->s2);
	msg = head_message(f);
	snprintf(want, sizeof(want), "alice: edit step %.4s\n\n", f->s2);
	assert_int_equal(strncmp(msg, want, strlen(want)), 0);
	assert_non_null(strstr(msg, "Kata-Learner: alice\n"));
	snprintf(want, sizeof(want), "Kata-Target: %s\n", f->t2);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "Kata-Action: edit\n"));
	snprintf(want, sizeof(want), "Kata-Record: %s\n", f->s2);
	assert_non_null(strstr(msg, want));
	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD"), 0);
	assert_string_equal(git_commit_author((git_commit *)obj)->name, "Eddie Tor");
	assert_string_equal(git_commit_author((git_commit *)obj)->email, "eddie@example.com");
	git_object_free(obj);
	free(msg);
	free(in_head);
	free(on_disk);
	free(text);
	free(rec);
	kata_edit_free(e);
}

static void test_finish_of_an_old_target_and_a_learner(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e;
	char want[128], *text, *msg;
	bool changed = false;

	/* a record of the target that is done: its own target's trailer */
	e = begun(f, f->o1);
	text = replaced(e, "text: tools far away", "text: tools far, far away");
	th_write_file(e->tmp, text, strlen(text));
	free(text);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	msg = head_message(f);
	snprintf(want, sizeof(want), "Kata-Target: %s\n", f->t1);
	assert_non_null(strstr(msg, want));
	free(msg);
	kata_edit_free(e);

	/* a learner's record: the subject names the learner in full */
	e = begun(f, "alice");
	text = replaced(e, "name: Alice Example", "name: Alice B. Example");
	th_write_file(e->tmp, text, strlen(text));
	free(text);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	msg = head_message(f);
	assert_int_equal(strncmp(msg, "alice: edit learner alice\n\n", 27), 0);
	assert_non_null(strstr(msg, "Kata-Record: alice\n"));
	assert_null(strstr(msg, "Kata-Target:"));
	free(msg);
	kata_edit_free(e);
}

static void test_finish_adds_a_missing_final_newline(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->o2);
	char *text, *on_disk, *rec = full(f, e->path);
	bool changed = false;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	text = replaced(e, "text: no cart", "text: no cart at hand");
	text[strlen(text) - 1] = '\0';
	th_write_file(e->tmp, text, strlen(text));
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err), 0);
	on_disk = th_read_file(rec, NULL);
	assert_int_equal(strlen(on_disk), strlen(text) + 1);
	assert_int_equal(strncmp(on_disk, text, strlen(text)), 0);
	assert_int_equal(on_disk[strlen(text)], '\n');
	free(on_disk);
	free(text);
	free(rec);
	kata_edit_free(e);
}

static void test_finish_refuses_a_record_changed_meanwhile(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->s2);
	char before[41], after[41], *text, *kept;
	bool changed = false;

	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	text = replaced(e, "expect: 20 minutes", "expect: 15 minutes");
	th_write_file(e->tmp, text, strlen(text));
	/* while the editor is open, the step is reflected on */
	assert_int_equal(kata_step_reflect(&f->done, f->repo, "alice", NULL, "it took 18",
					   "closer", &who, &f->err), 0);
	head_hex(f, before);
	assert_int_equal(kata_edit_finish(&f->done, &changed, e, f->repo, &editor, &f->err),
			 KATA_EDIRTY);
	assert_string_equal(f->err.path, e->path);
	assert_string_equal(f->err.message, "changed while it was being edited");
	head_hex(f, after);
	assert_string_equal(before, after);
	kept = th_read_file(e->tmp, NULL);
	assert_string_equal(kept, text);
	free(kept);
	free(text);
	kata_edit_free(e);
}

static void test_discard(void **state)
{
	struct fixture *f = *state;
	struct kata_edit *e = find_ok(f, "alice", f->s2), *other;

	assert_false(kata_edit_discard(e));	/* nothing begun */
	assert_int_equal(kata_edit_begin(e, f->repo, &f->err), 0);
	assert_false(kata_edit_discard(e));
	assert_int_equal(access(e->tmp, F_OK), -1);
	other = begun(f, f->s2);
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
		cmocka_unit_test_setup_teardown(test_finish_refuses_an_invalid_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_carriage_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_refuses_unknown_references,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_commits_the_bytes_exactly, setup, teardown),
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
