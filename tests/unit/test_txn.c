#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "helpers.h"
#include "kata/repo.h"
#include "kata/txn.h"

struct fixture {
	char *dir;
	struct kata_repo *repo;
	struct kata_error err;
};

static const char *const order[] = { "kind", "id", NULL };
static const struct kata_time now = { 1795251600, 60, true };	/* 2026-11-21T10:00+01:00 */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	assert_int_equal(kata_repo_create(&f->repo, f->dir, &f->err), 0);
	kata_repo_set_now(f->repo, &now);
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

static struct kata_node *record(const char *kind, const char *id)
{
	struct kata_node *n = kata_node_new(KATA_NODE_MAPPING);

	assert_non_null(n);
	assert_int_equal(kata_node_set_str(n, "kind", kind), 0);
	assert_int_equal(kata_node_set_str(n, "id", id), 0);
	return n;
}

/* One transaction that writes path with the given id; returns its result. */
static int write_record(struct fixture *f, const char *path, const char *id)
{
	struct kata_txn *txn = NULL;
	struct kata_node *rec = record("test", id);
	int rc;

	rc = kata_txn_begin(&txn, f->repo, 0, &f->err);
	if (rc == 0)
		rc = kata_txn_put(txn, path, rec, order, &f->err);
	if (rc == 0)
		rc = kata_txn_commit(NULL, txn, "test: write\n\nKata-Action: test\n", &(const struct kata_who){ "Tess Ter", "tess@example.com" }, &f->err);
	kata_txn_free(txn);
	kata_node_free(rec);
	return rc;
}

static char *full(struct fixture *f, const char *path)
{
	size_t n = strlen(f->dir) + strlen(path) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", f->dir, path);
	return p;
}

/* Work tree, index and HEAD agree: git status has nothing to say. */
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

static size_t commit_count(struct fixture *f)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t n = 0;

	assert_int_equal(git_revwalk_new(&walk, kata_repo_git(f->repo)), 0);
	if (git_revwalk_push_head(walk) == 0)
		while (git_revwalk_next(&oid, walk) == 0)
			n++;
	git_revwalk_free(walk);
	return n;
}

static void test_commit_writes_tree_index_and_worktree(void **state)
{
	struct fixture *f = *state;
	git_commit *head = NULL;
	git_object *obj = NULL;
	char *path;
	char *data;

	assert_int_equal(write_record(f, "a/b/c.yaml", "one"), 0);
	assert_int_equal(write_record(f, "a/d.yaml", "two"), 0);
	assert_int_equal(commit_count(f), 2);
	assert_int_equal(status_count(f), 0);

	path = full(f, "a/b/c.yaml");
	data = th_read_file(path, NULL);
	assert_string_equal(data, "kind: test\nid: one\n");
	free(data);
	free(path);

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD"), 0);
	head = (git_commit *)obj;
	assert_string_equal(git_commit_author(head)->name, "Tess Ter");
	assert_string_equal(git_commit_author(head)->email, "tess@example.com");
	/* the repository's clock, not the system's */
	assert_int_equal(git_commit_author(head)->when.time, now.t);
	assert_int_equal(git_commit_author(head)->when.offset, 60);
	assert_int_equal(git_commit_parentcount(head), 1);
	git_object_free(obj);
}

static void test_hand_edits_are_not_overwritten(void **state)
{
	struct fixture *f = *state;
	char *path = full(f, "r.yaml"), *data;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	th_write_file(path, "kind: test\nid: one\nmine: true\n", 30);
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_string_equal(f->err.path, "r.yaml");
	assert_non_null(strstr(f->err.message, "uncommitted"));
	data = th_read_file(path, NULL);
	assert_string_equal(data, "kind: test\nid: one\nmine: true\n");
	free(data);
	assert_int_equal(commit_count(f), 1);
	free(path);
}

static void test_untracked_file_in_the_way(void **state)
{
	struct fixture *f = *state;
	char *path = full(f, "new.yaml"), *data;

	assert_int_equal(write_record(f, "other.yaml", "x"), 0);
	th_write_file(path, "hand: made\n", 11);
	assert_int_equal(write_record(f, "new.yaml", "one"), KATA_EDIRTY);
	data = th_read_file(path, NULL);
	assert_string_equal(data, "hand: made\n");
	free(data);
	assert_int_equal(commit_count(f), 1);
	free(path);
}

static void test_deleted_file_is_not_resurrected(void **state)
{
	struct fixture *f = *state;
	char *path = full(f, "r.yaml");

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

static void test_other_changes_are_left_alone(void **state)
{
	struct fixture *f = *state;
	char *path = full(f, "notes.txt"), *data;
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	git_tree *tree = NULL;

	assert_int_equal(write_record(f, "a.yaml", "one"), 0);
	th_write_file(path, "draft\n", 6);
	assert_int_equal(write_record(f, "b.yaml", "two"), 0);
	/* the untracked file stays, uncommitted */
	data = th_read_file(path, NULL);
	assert_string_equal(data, "draft\n");
	free(data);
	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD^{tree}"), 0);
	tree = (git_tree *)obj;
	assert_int_equal(git_tree_entry_bypath(&e, tree, "notes.txt"), GIT_ENOTFOUND);
	assert_int_equal(git_tree_entry_bypath(&e, tree, "a.yaml"), 0);
	git_tree_entry_free(e);
	git_object_free(obj);
	assert_int_equal(status_count(f), 1);
	free(path);
}

static void test_lock_excludes_another_process(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	int ready[2], status;
	pid_t pid;
	char c;

	assert_int_equal(write_record(f, "a.yaml", "one"), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct kata_error e;
		struct kata_repo *r = NULL;

		kata_error_init(&e);
		if (kata_repo_create(&r, f->dir, &e) < 0 ||
		    kata_txn_begin(&txn, r, 0, &e) < 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();	/* hold the lock until killed */
		_exit(0);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 50, &f->err), KATA_ELOCKED);
	assert_non_null(strstr(f->err.message, "another kata command"));
	kata_error_release(&f->err);

	/* a dead holder's lock is gone with it: nothing to clean up by hand */
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	kata_txn_free(txn);
}

/* Moves the branch as a killed command would have: commit and ref
 * written, work tree and index not. */
static void commit_behind_worktree(struct fixture *f, const char *path, const char *data,
				   git_oid *blob_out, git_oid *old_blob)
{
	git_repository *git = kata_repo_git(f->repo);
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_tree_update up;
	git_oid tree_id, commit_id;
	const git_commit *parents[1];

	assert_int_equal(git_revparse_single(&obj, git, "HEAD"), 0);
	assert_int_equal(git_commit_tree(&tree, (git_commit *)obj), 0);
	assert_int_equal(git_tree_entry_bypath(&e, tree, path), 0);
	git_oid_cpy(old_blob, git_tree_entry_id(e));
	git_tree_entry_free(e);
	assert_int_equal(git_blob_create_from_buffer(blob_out, git, data, strlen(data)), 0);
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.id = *blob_out;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path;
	assert_int_equal(git_tree_create_updated(&tree_id, git, tree, 1, &up), 0);
	git_tree_free(tree);
	assert_int_equal(git_tree_lookup(&tree, git, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.com", 1, 0), 0);
	parents[0] = (git_commit *)obj;
	assert_int_equal(git_commit_create(&commit_id, git, "HEAD", sig, sig, NULL, "crash\n",
					   tree, 1, parents), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_object_free(obj);
}

static void test_journal_rolls_forward(void **state)
{
	struct fixture *f = *state;
	git_oid blob, old, head;
	char hex_head[GIT_OID_HEXSZ + 1], hex_old[GIT_OID_HEXSZ + 1], hex_new[GIT_OID_HEXSZ + 1];
	char journal[512], *jpath, *path, *data;
	struct kata_txn *txn = NULL;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	commit_behind_worktree(f, "r.yaml", "kind: test\nid: after\n", &blob, &old);
	assert_true(status_count(f) > 0);

	assert_int_equal(git_reference_name_to_id(&head, kata_repo_git(f->repo), "HEAD"), 0);
	git_oid_tostr(hex_head, sizeof(hex_head), &head);
	git_oid_tostr(hex_old, sizeof(hex_old), &old);
	git_oid_tostr(hex_new, sizeof(hex_new), &blob);
	snprintf(journal, sizeof(journal), "commit %s\n%s %s r.yaml\n", hex_head, hex_old, hex_new);
	jpath = full(f, ".git/kata-journal");
	th_write_file(jpath, journal, strlen(journal));

	/* the next transaction finishes the interrupted one */
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	kata_txn_free(txn);
	assert_int_equal(access(jpath, F_OK), -1);
	path = full(f, "r.yaml");
	data = th_read_file(path, NULL);
	assert_string_equal(data, "kind: test\nid: after\n");
	free(data);
	assert_int_equal(status_count(f), 0);
	free(path);
	free(jpath);
}

static void test_stale_journal_is_dropped(void **state)
{
	struct fixture *f = *state;
	const char *journal = "commit 0123456789012345678901234567890123456789\n- 0123456789012345678901234567890123456789 x.yaml\n";
	char *jpath = full(f, ".git/kata-journal"), *x = full(f, "x.yaml");

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	th_write_file(jpath, journal, strlen(journal));
	assert_int_equal(write_record(f, "s.yaml", "two"), 0);
	assert_int_equal(access(jpath, F_OK), -1);
	assert_int_equal(access(x, F_OK), -1);
	assert_int_equal(status_count(f), 0);
	free(jpath);
	free(x);
}

static void test_branch_moved_meanwhile_is_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = record("test", "late");
	git_oid blob, old, head_before, head_after;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put(txn, "s.yaml", rec, order, &f->err), 0);
	/* someone commits with git while kata works */
	commit_behind_worktree(f, "r.yaml", "kind: test\nid: git\n", &blob, &old);
	assert_int_equal(git_reference_name_to_id(&head_before, kata_repo_git(f->repo), "HEAD"), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "late\n", &(const struct kata_who){ "T", "t@example.com" }, &f->err),
			 KATA_ERROR);
	kata_txn_free(txn);
	kata_node_free(rec);
	assert_int_equal(git_reference_name_to_id(&head_after, kata_repo_git(f->repo), "HEAD"), 0);
	assert_true(git_oid_equal(&head_before, &head_after));
	assert_false(kata_repo_exists(f->repo, "s.yaml"));
}

/* The bytes of path in HEAD's tree; NULL when it has none. */
static char *head_blob(struct fixture *f, const char *path)
{
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	char *data = NULL;

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD^{tree}"), 0);
	if (git_tree_entry_bypath(&e, (git_tree *)obj, path) == 0) {
		assert_int_equal(git_blob_lookup(&blob, kata_repo_git(f->repo), git_tree_entry_id(e)), 0);
		data = calloc(1, (size_t)git_blob_rawsize(blob) + 1);
		assert_non_null(data);
		memcpy(data, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		git_tree_entry_free(e);
	}
	git_object_free(obj);
	return data;
}

static void test_first_commit_has_no_parent(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = record("test", "first");
	char hex[GIT_OID_HEXSZ + 1], head_hex[GIT_OID_HEXSZ + 1];
	git_object *obj = NULL;
	git_oid head;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put(txn, "kata.yaml", rec, order, &f->err), 0);
	memset(hex, 0, sizeof(hex));
	assert_int_equal(kata_txn_commit(hex, txn, "kata: start\n\nKata-Action: init\n",
					 &(const struct kata_who){ "T", "t@example.com" }, &f->err), 0);
	kata_txn_free(txn);
	kata_node_free(rec);
	/* out is the commit HEAD now names */
	assert_int_equal(git_reference_name_to_id(&head, kata_repo_git(f->repo), "HEAD"), 0);
	git_oid_tostr(head_hex, sizeof(head_hex), &head);
	assert_string_equal(hex, head_hex);
	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), "HEAD"), 0);
	assert_int_equal(git_commit_parentcount((git_commit *)obj), 0);
	assert_string_equal(git_commit_message((git_commit *)obj), "kata: start\n\nKata-Action: init\n");
	git_object_free(obj);
	assert_int_equal(commit_count(f), 1);
	assert_int_equal(status_count(f), 0);
}

static void test_raw_bytes_are_committed_as_they_are(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	/* not what the emitter would write: key order, a comment, no quotes */
	const char raw[] = "id: raw   # by hand\nkind: test\n";
	char *path = full(f, "r.yaml"), *data, *blob;
	size_t len;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", raw, strlen(raw), &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "raw\n", &(const struct kata_who){ "T", "t@example.com" },
					 &f->err), 0);
	kata_txn_free(txn);
	data = th_read_file(path, &len);
	assert_int_equal(len, strlen(raw));
	assert_string_equal(data, raw);
	blob = head_blob(f, "r.yaml");
	assert_string_equal(blob, raw);
	assert_int_equal(status_count(f), 0);
	free(blob);
	free(data);
	free(path);
}

static void test_remove_takes_the_file_and_its_empty_folders(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	char *gone = full(f, "a/b/c.yaml"), *folder = full(f, "a/b"), *kept = full(f, "a/d.yaml");
	char *blob;

	assert_int_equal(write_record(f, "a/b/c.yaml", "one"), 0);
	assert_int_equal(write_record(f, "a/d.yaml", "two"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_remove(txn, "a/b/c.yaml", &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "remove\n", &(const struct kata_who){ "T", "t@example.com" },
					 &f->err), 0);
	kata_txn_free(txn);
	assert_int_equal(access(gone, F_OK), -1);
	assert_int_equal(access(folder, F_OK), -1);
	assert_int_equal(access(kept, F_OK), 0);
	assert_null(head_blob(f, "a/b/c.yaml"));
	blob = head_blob(f, "a/d.yaml");
	assert_string_equal(blob, "kind: test\nid: two\n");
	free(blob);
	assert_int_equal(status_count(f), 0);
	assert_int_equal(commit_count(f), 3);
	free(gone);
	free(folder);
	free(kept);
}

static void test_the_last_put_of_a_path_wins(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	char *path = full(f, "r.yaml"), *data;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", "first\n", 6, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", "second\n", 7, &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "twice\n", &(const struct kata_who){ "T", "t@example.com" },
					 &f->err), 0);
	kata_txn_free(txn);
	data = th_read_file(path, NULL);
	assert_string_equal(data, "second\n");
	free(data);
	assert_int_equal(commit_count(f), 1);
	free(path);
}

static void test_nothing_to_commit(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "empty\n", &(const struct kata_who){ "T", "t@example.com" },
					 &f->err), KATA_ERROR);
	assert_string_equal(f->err.message, "nothing to commit");
	kata_txn_free(txn);
	assert_int_equal(commit_count(f), 0);
}

static void test_staged_change_is_not_lost(void **state)
{
	struct fixture *f = *state;
	char *path = full(f, "r.yaml");
	git_index *index = NULL;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	/* staged by hand, then the work tree put back as HEAD has it */
	th_write_file(path, "kind: test\nid: staged\n", 22);
	assert_int_equal(git_repository_index(&index, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_index_add_bypath(index, "r.yaml"), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	th_write_file(path, "kind: test\nid: one\n", 19);
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_string_equal(f->err.path, "r.yaml");
	assert_non_null(strstr(f->err.message, "staged changes"));
	assert_int_equal(commit_count(f), 1);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_writes_tree_index_and_worktree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_edits_are_not_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untracked_file_in_the_way, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_file_is_not_resurrected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_changes_are_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_excludes_another_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_rolls_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_journal_is_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_moved_meanwhile_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_has_no_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_bytes_are_committed_as_they_are, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_takes_the_file_and_its_empty_folders,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_last_put_of_a_path_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_change_is_not_lost, setup, teardown),
	};

	/* no user identity from the machine running the tests */
	return th_run_isolated(tests);
}
