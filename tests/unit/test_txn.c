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

#include "fixture.h"
#include "helpers.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/txn.h"
#include "../../lib/gitindex.h"

static const char *const order[] = { "kind", "id", NULL };
static const struct kata_who tess = { .name = "Tess Ter", .email = "tess@example.com" };
static const struct kata_who t = { .name = "T", .email = "t@example.com" };

/* One transaction that writes path with the given id; returns its result. */
static int write_record(struct fixture *f, const char *path, const char *id)
{
	struct kata_txn *txn = NULL;
	struct kata_node *rec = fx_record("test", id);
	int rc;

	rc = kata_txn_begin(&txn, f->repo, 0, &f->err);
	if (rc == 0)
		rc = kata_txn_put(txn, path, rec, order, &f->err);
	if (rc == 0)
		rc = kata_txn_commit(NULL, txn, "test: write\n\nKata-Action: test\n", &tess,
				     &f->err);
	kata_txn_free(txn);
	kata_node_free(rec);
	return rc;
}

static void test_commit_writes_tree_index_and_worktree(void **state)
{
	/* 2026-11-21T10:00+01:00: an offset of its own, not the system's */
	static const struct kata_time east = { 1795251600, 60, true };
	struct fixture *f = *state;
	git_commit *head;
	char *data;

	kata_repo_set_now(f->repo, &east);
	assert_int_equal(write_record(f, "a/b/c.yaml", "one"), 0);
	assert_int_equal(write_record(f, "a/d.yaml", "two"), 0);
	assert_int_equal(fx_commits(f), 2);
	assert_true(fx_clean(f));

	data = fx_read(f, "a/b/c.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: one\n");
	free(data);

	head = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(head)->name, "Tess Ter");
	assert_string_equal(git_commit_author(head)->email, "tess@example.com");
	/* the repository's clock, not the system's */
	assert_int_equal(git_commit_author(head)->when.time, east.t);
	assert_int_equal(git_commit_author(head)->when.offset, 60);
	assert_int_equal(git_commit_parentcount(head), 1);
	git_commit_free(head);
}

static void test_hand_edits_are_not_overwritten(void **state)
{
	struct fixture *f = *state;
	char *data;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	fx_write(f, "r.yaml", "kind: test\nid: one\nmine: true\n");
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_string_equal(f->err.path, "r.yaml");
	assert_non_null(strstr(f->err.message, "uncommitted"));
	data = fx_read(f, "r.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: one\nmine: true\n");
	free(data);
	assert_int_equal(fx_commits(f), 1);
}

static void test_untracked_file_in_the_way(void **state)
{
	struct fixture *f = *state;
	char *data;

	assert_int_equal(write_record(f, "other.yaml", "x"), 0);
	fx_write(f, "new.yaml", "hand: made\n");
	assert_int_equal(write_record(f, "new.yaml", "one"), KATA_EDIRTY);
	data = fx_read(f, "new.yaml", NULL);
	assert_string_equal(data, "hand: made\n");
	free(data);
	assert_int_equal(fx_commits(f), 1);
}

static void test_deleted_file_is_not_resurrected(void **state)
{
	struct fixture *f = *state;
	char *path = fx_path(f, "r.yaml");

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

static void test_other_changes_are_left_alone(void **state)
{
	struct fixture *f = *state;
	char *data;

	assert_int_equal(write_record(f, "a.yaml", "one"), 0);
	fx_write(f, "notes.txt", "draft\n");
	assert_int_equal(write_record(f, "b.yaml", "two"), 0);
	/* the untracked file stays, uncommitted */
	data = fx_read(f, "notes.txt", NULL);
	assert_string_equal(data, "draft\n");
	free(data);
	assert_null(fx_read_at(f, "HEAD", "notes.txt", NULL));
	data = fx_read_at(f, "HEAD", "a.yaml", NULL);
	assert_non_null(data);
	free(data);
	assert_int_equal(fx_changes(f), 1);
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

/* A merge git has in progress (MERGE_HEAD): no transaction begins, and
 * the message says how git ends it. */
static void test_no_write_while_git_merges(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	char head[GIT_OID_HEXSZ + 1], *path;

	assert_int_equal(write_record(f, "a.yaml", "one"), 0);
	fx_head(f, head);
	path = fx_path(f, ".git/MERGE_HEAD");
	th_write_file(path, head, strlen(head));
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), KATA_EPRACTICE);
	assert_null(txn);
	assert_non_null(strstr(f->err.message, "git has a merge in progress"));
	assert_non_null(strstr(f->err.message, "'git merge --abort'"));
	kata_error_release(&f->err);
	fx_assert_head(f, head);

	unlink(path);
	free(path);
	assert_int_equal(write_record(f, "b.yaml", "two"), 0);
}

/* An author line that would be corrupt is refused, whoever resolved it. */
static void test_identity_git_cannot_write_is_refused(void **state)
{
	static const struct kata_who nl = { .name = "Tess\nTer", .email = "tess@example.com" };
	static const struct kata_who angle = { .name = "Tess", .email = "tess@example.com>" };
	const struct kata_who *bad[] = { &nl, &angle };
	struct fixture *f = *state;
	struct kata_node *rec = fx_record("test", "one");
	size_t i;

	for (i = 0; i < 2; i++) {
		struct kata_txn *txn = NULL;

		assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
		assert_int_equal(kata_txn_put(txn, "a.yaml", rec, order, &f->err), 0);
		assert_int_equal(kata_txn_commit(NULL, txn, "test: write\n", bad[i], &f->err),
				 KATA_ECONFIG);
		assert_non_null(strstr(f->err.message, "invalid git identity"));
		kata_error_release(&f->err);
		kata_txn_free(txn);
	}
	kata_node_free(rec);
	assert_int_equal(fx_commits(f), 0);
	assert_true(fx_clean(f));
}

/* The ID of the blob at path in rev's tree. */
static void blob_id(struct fixture *f, git_oid *out, const char *rev, const char *path)
{
	char *spec = kata_str_newf("%s:%s", rev, path);
	git_object *obj = NULL;

	assert_int_equal(git_revparse_single(&obj, kata_repo_git(f->repo), spec), 0);
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	free(spec);
}

/*
 * What a command killed after moving the branch leaves: r.yaml's commit
 * and ref written, its work tree file and index entry not, and the
 * journal naming them. The commit's blob goes to *blob unless NULL.
 */
static void killed_after_the_move(struct fixture *f, git_oid *blob)
{
	git_oid old, new;
	char hex_head[GIT_OID_HEXSZ + 1], hex_old[GIT_OID_HEXSZ + 1], hex_new[GIT_OID_HEXSZ + 1];
	char journal[512];

	blob_id(f, &old, "HEAD", "r.yaml");
	fx_hand_commit(f, NULL, "r.yaml", "kind: test\nid: after\n", "crash\n");
	blob_id(f, &new, "HEAD", "r.yaml");
	fx_head(f, hex_head);
	git_oid_tostr(hex_old, sizeof(hex_old), &old);
	git_oid_tostr(hex_new, sizeof(hex_new), &new);
	snprintf(journal, sizeof(journal), "commit %s\n%s %s r.yaml\n", hex_head, hex_old, hex_new);
	fx_write(f, ".git/kata-journal", journal);
	if (blob)
		*blob = new;
}

static void test_journal_rolls_forward(void **state)
{
	struct fixture *f = *state;
	char *jpath, *data;
	struct kata_txn *txn = NULL;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	killed_after_the_move(f, NULL);
	assert_false(fx_clean(f));

	/* the next transaction finishes the interrupted one */
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	kata_txn_free(txn);
	jpath = fx_path(f, ".git/kata-journal");
	assert_int_equal(access(jpath, F_OK), -1);
	data = fx_read(f, "r.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: after\n");
	free(data);
	assert_true(fx_clean(f));
	free(jpath);
}

/* A user's file where a killed command would have written: roll-forward
 * leaves it, and the index holds HEAD's blob, so that git shows the user's
 * work as a change of theirs, not as HEAD's content. */
static void test_roll_forward_keeps_a_users_file(void **state)
{
	struct fixture *f = *state;
	git_oid blob;
	char *data;
	struct kata_txn *txn = NULL;
	git_index *index;
	const git_index_entry *e;
	git_status_list *st;
	const git_status_entry *se;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	killed_after_the_move(f, &blob);
	fx_write(f, "r.yaml", "kind: test\nid: mine\n");

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	kata_txn_free(txn);
	data = fx_read(f, "r.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: mine\n");
	free(data);
	assert_int_equal(git_repository_index(&index, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_index_read(index, 1), 0);
	assert_non_null(e = git_index_get_bypath(index, "r.yaml", 0));
	assert_true(git_oid_equal(&e->id, &blob));
	git_index_free(index);
	/* git sees the user's file as changed in the work tree */
	assert_int_equal(git_status_list_new(&st, kata_repo_git(f->repo), NULL), 0);
	assert_int_equal(git_status_list_entrycount(st), 1);
	se = git_status_byindex(st, 0);
	assert_int_equal(se->status, GIT_STATUS_WT_MODIFIED);
	git_status_list_free(st);
}

static void test_stale_journal_is_dropped(void **state)
{
	struct fixture *f = *state;
	const char *journal = "commit 0123456789012345678901234567890123456789\n- 0123456789012345678901234567890123456789 x.yaml\n";
	char *jpath = fx_path(f, ".git/kata-journal"), *x = fx_path(f, "x.yaml");

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	fx_write(f, ".git/kata-journal", journal);
	assert_int_equal(write_record(f, "s.yaml", "two"), 0);
	assert_int_equal(access(jpath, F_OK), -1);
	assert_int_equal(access(x, F_OK), -1);
	assert_true(fx_clean(f));
	free(jpath);
	free(x);
}

static void test_branch_moved_meanwhile_is_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = fx_record("test", "late");
	char head_before[GIT_OID_HEXSZ + 1];

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put(txn, "s.yaml", rec, order, &f->err), 0);
	/* someone commits with git while kata works */
	fx_hand_commit(f, NULL, "r.yaml", "kind: test\nid: git\n", "by git\n");
	fx_head(f, head_before);
	assert_int_equal(kata_txn_commit(NULL, txn, "late\n", &t, &f->err), KATA_ELOCKED);
	assert_non_null(strstr(f->err.message, "someone committed meanwhile"));
	kata_txn_free(txn);
	kata_node_free(rec);
	fx_assert_head(f, head_before);
	assert_false(kata_repo_exists(f->repo, "s.yaml"));
}

/*
 * What a command killed while it held git's locks leaves (issue 11): its
 * journal, naming a commit the branch never reached, index.lock and the
 * branch's lock. `lock` is the journal's lock line ("" for none).
 */
static void killed_before_the_move(struct fixture *f, const char *lock, const char *ref_lock)
{
	char journal[512], tree[GIT_OID_HEXSZ + 1], *p, *lockpath;
	git_commit *c = fx_commit_at(f, "HEAD");
	git_reference *head;

	/* a commit the branch never moved to: any ID but HEAD's will do */
	git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(c));
	git_commit_free(c);
	assert_int_equal(git_reference_lookup(&head, kata_repo_git(f->repo), "HEAD"), 0);
	snprintf(journal, sizeof(journal), "commit %s\nref %s\n%s", tree,
		 git_reference_symbolic_target(head), lock);
	fx_write(f, ".git/kata-journal", journal);
	if (ref_lock) {
		p = kata_str_newf("%s%s", !strcmp(ref_lock, "commit") ? tree : ref_lock,
				  !strcmp(ref_lock, "commit") ? "\n" : "");
		lockpath = kata_str_newf(".git/%s.lock", git_reference_symbolic_target(head));
		fx_write(f, lockpath, p);
		free(lockpath);
		free(p);
	}
	git_reference_free(head);
}

/* The branch's lock file, as the fixture names its branch. */
static char *ref_lock_path(struct fixture *f)
{
	git_reference *head;
	char *p;

	assert_int_equal(git_reference_lookup(&head, kata_repo_git(f->repo), "HEAD"), 0);
	p = kata_str_newf(".git/%s.lock", git_reference_symbolic_target(head));
	git_reference_free(head);
	return p;
}

/* Makes .git/index.lock and the journal line that proves it ours. */
static void our_index_lock(struct fixture *f, char *line, size_t size, int skew)
{
	struct kata_lock_id id;
	char *path = fx_path(f, ".git/index.lock");
	FILE *fp;

	fx_write(f, ".git/index.lock", "");
	assert_non_null(fp = fopen(path, "r"));
	assert_int_equal(kata_lock_id_of(&id, fileno(fp)), 0);
	fclose(fp);
	snprintf(line, size, "lock %llu %llu %lld %ld\n", id.dev, id.ino + (unsigned)skew,
		 id.btime_sec, id.btime_nsec);
	free(path);
}

static bool exists(struct fixture *f, const char *path)
{
	char *full = fx_path(f, path);
	bool yes = access(full, F_OK) == 0;

	free(full);
	return yes;
}

static void test_killed_commands_locks_are_recovered(void **state)
{
	struct fixture *f = *state;
	char line[128], *ref_lock = ref_lock_path(f);

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	/* killed after libgit2 wrote the branch's lock */
	our_index_lock(f, line, sizeof(line), 0);
	killed_before_the_move(f, line, "commit");
	assert_int_equal(write_record(f, "s.yaml", "two"), 0);
	assert_false(exists(f, ".git/index.lock"));
	assert_false(exists(f, ref_lock));
	assert_false(exists(f, ".git/kata-journal"));
	/* killed after libgit2 made the branch's lock, before it wrote it */
	our_index_lock(f, line, sizeof(line), 0);
	killed_before_the_move(f, line, "");
	assert_int_equal(write_record(f, "t.yaml", "three"), 0);
	assert_false(exists(f, ".git/index.lock"));
	assert_false(exists(f, ref_lock));
	/* killed between the private lock and index.lock */
	fx_write(f, ".git/" KATA_INDEX_LOCK_PRIVATE, "");
	killed_before_the_move(f, "", NULL);
	assert_int_equal(write_record(f, "u.yaml", "four"), 0);
	assert_false(exists(f, ".git/" KATA_INDEX_LOCK_PRIVATE));
	assert_int_equal(fx_commits(f), 4);
	assert_true(fx_clean(f));
	free(ref_lock);
}

static void test_someone_elses_locks_are_left(void **state)
{
	struct fixture *f = *state;
	char line[128], *ref_lock = ref_lock_path(f);

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	/* an index.lock the journal does not name is git's */
	our_index_lock(f, line, sizeof(line), 1);
	killed_before_the_move(f, line, NULL);
	assert_int_equal(write_record(f, "s.yaml", "two"), KATA_ELOCKED);
	assert_non_null(strstr(f->err.message, "index.lock' exists: another git process"));
	assert_true(exists(f, ".git/index.lock"));
	kata_error_release(&f->err);
	{
		char *lock = fx_path(f, ".git/index.lock");

		unlink(lock);
		free(lock);
	}
	assert_int_equal(write_record(f, "s.yaml", "two"), 0);

	/* an empty branch lock without our index lock may be anyone's */
	killed_before_the_move(f, "", "");
	assert_int_equal(write_record(f, "t.yaml", "three"), KATA_ELOCKED);
	assert_non_null(strstr(f->err.message, ".lock' exists: another git process seems to be updating the branch"));
	assert_true(exists(f, ref_lock));
	assert_false(exists(f, ".git/index.lock"));
	kata_error_release(&f->err);
	/* and one holding another commit is someone's */
	fx_write(f, ref_lock, "0123456789012345678901234567890123456789\n");
	killed_before_the_move(f, "", NULL);
	assert_int_equal(write_record(f, "t.yaml", "three"), KATA_ELOCKED);
	assert_true(exists(f, ref_lock));
	assert_int_equal(fx_commits(f), 2);
	free(ref_lock);
}

static void test_first_commit_has_no_parent(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = fx_record("test", "first");
	char hex[GIT_OID_HEXSZ + 1], head_hex[GIT_OID_HEXSZ + 1], *msg;
	git_commit *head;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put(txn, "kata.yaml", rec, order, &f->err), 0);
	memset(hex, 0, sizeof(hex));
	assert_int_equal(kata_txn_commit(hex, txn, "kata: start\n\nKata-Action: init\n", &t,
					 &f->err), 0);
	kata_txn_free(txn);
	kata_node_free(rec);
	/* out is the commit HEAD now names */
	fx_head(f, head_hex);
	assert_string_equal(hex, head_hex);
	head = fx_commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(head), 0);
	git_commit_free(head);
	msg = fx_head_message(f);
	assert_string_equal(msg, "kata: start\n\nKata-Action: init\n");
	free(msg);
	assert_int_equal(fx_commits(f), 1);
	assert_true(fx_clean(f));
}

static void test_raw_bytes_are_committed_as_they_are(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	/* not what the emitter would write: key order, a comment, no quotes */
	const char raw[] = "id: raw   # by hand\nkind: test\n";
	char *data, *blob;
	size_t len;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", raw, strlen(raw), &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "raw\n", &t, &f->err), 0);
	kata_txn_free(txn);
	data = fx_read(f, "r.yaml", &len);
	assert_int_equal(len, strlen(raw));
	assert_string_equal(data, raw);
	blob = fx_read_at(f, "HEAD", "r.yaml", &len);
	assert_int_equal(len, strlen(raw));
	assert_string_equal(blob, raw);
	assert_true(fx_clean(f));
	free(blob);
	free(data);
}

static void test_remove_takes_the_file_and_its_empty_folders(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	char *gone = fx_path(f, "a/b/c.yaml"), *folder = fx_path(f, "a/b");
	char *kept = fx_path(f, "a/d.yaml");

	assert_int_equal(write_record(f, "a/b/c.yaml", "one"), 0);
	assert_int_equal(write_record(f, "a/d.yaml", "two"), 0);
	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_remove(txn, "a/b/c.yaml", &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "remove\n", &t, &f->err), 0);
	kata_txn_free(txn);
	assert_int_equal(access(gone, F_OK), -1);
	assert_int_equal(access(folder, F_OK), -1);
	assert_int_equal(access(kept, F_OK), 0);
	assert_null(fx_read_at(f, "HEAD", "a/b/c.yaml", NULL));
	fx_assert_file_at(f, "HEAD", "a/d.yaml", "kind: test\nid: two\n");
	assert_true(fx_clean(f));
	assert_int_equal(fx_commits(f), 3);
	free(gone);
	free(folder);
	free(kept);
}

static void test_the_last_put_of_a_path_wins(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;
	char *data;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", "first\n", 6, &f->err), 0);
	assert_int_equal(kata_txn_put_raw(txn, "r.yaml", "second\n", 7, &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "twice\n", &t, &f->err), 0);
	kata_txn_free(txn);
	data = fx_read(f, "r.yaml", NULL);
	assert_string_equal(data, "second\n");
	free(data);
	assert_int_equal(fx_commits(f), 1);
}

static void test_nothing_to_commit(void **state)
{
	struct fixture *f = *state;
	struct kata_txn *txn = NULL;

	assert_int_equal(kata_txn_begin(&txn, f->repo, 0, &f->err), 0);
	assert_int_equal(kata_txn_commit(NULL, txn, "empty\n", &t, &f->err), KATA_ERROR);
	assert_string_equal(f->err.message, "nothing to commit");
	kata_txn_free(txn);
	assert_int_equal(fx_commits(f), 0);
}

static void test_staged_change_is_not_lost(void **state)
{
	struct fixture *f = *state;
	git_index *index = NULL;

	assert_int_equal(write_record(f, "r.yaml", "one"), 0);
	/* staged by hand, then the work tree put back as HEAD has it */
	fx_write(f, "r.yaml", "kind: test\nid: staged\n");
	assert_int_equal(git_repository_index(&index, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_index_add_bypath(index, "r.yaml"), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	fx_write(f, "r.yaml", "kind: test\nid: one\n");
	assert_int_equal(write_record(f, "r.yaml", "two"), KATA_EDIRTY);
	assert_string_equal(f->err.path, "r.yaml");
	assert_non_null(strstr(f->err.message, "staged changes"));
	assert_int_equal(fx_commits(f), 1);
}


/* Loose objects in .git/objects (the fan-out folders), packs aside. */
static size_t loose_objects(struct fixture *f)
{
	char cmd[512];
	size_t n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "find '%s/.git/objects' -path '*/pack' -prune -o -type f "
		 "-path '*/objects/[0-9a-f][0-9a-f]/*' -print", f->dir);
	assert_non_null(p = popen(cmd, "r"));
	while (fgets(cmd, sizeof(cmd), p))
		n++;
	pclose(p);
	return n;
}

/* A batch: one commit a write, the work tree kept, nothing loose on disk
 * and the index left alone until its end, which packs and indexes all. */
static void test_batch_packs_and_indexes_at_its_end(void **state)
{
	struct fixture *f = *state;
	size_t loose = loose_objects(f), before = fx_commits(f);
	char *data;

	assert_int_equal(kata_repo_batch_begin(f->repo, &f->err), 0);
	assert_true(kata_repo_batch(f->repo));
	assert_int_equal(write_record(f, "a/one.yaml", "one"), 0);
	assert_int_equal(kata_repo_batch_flush(f->repo, &f->err), 0);
	assert_int_equal(write_record(f, "a/two.yaml", "two"), 0);
	assert_int_equal(write_record(f, "a/one.yaml", "three"), 0);
	assert_int_equal(fx_commits(f), before + 3);
	/* the files are there for the next write to read; the index lags */
	data = fx_read(f, "a/one.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: three\n");
	free(data);
	assert_false(fx_clean(f));
	assert_int_equal(loose_objects(f), loose);
	assert_int_equal(kata_repo_batch_end(f->repo, &f->err), 0);
	assert_false(kata_repo_batch(f->repo));
	assert_int_equal(loose_objects(f), loose);
	assert_true(fx_clean(f));
	data = fx_read_at(f, "HEAD~1", "a/two.yaml", NULL);
	assert_string_equal(data, "kind: test\nid: two\n");
	free(data);
	/* after it, writes are ordinary again: on disk, in the index */
	assert_int_equal(write_record(f, "a/four.yaml", "four"), 0);
	assert_true(loose_objects(f) > loose);
	assert_true(fx_clean(f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_packs_and_indexes_at_its_end,
						fx_setup_init, fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_writes_tree_index_and_worktree,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_hand_edits_are_not_overwritten,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_untracked_file_in_the_way,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_deleted_file_is_not_resurrected,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_changes_are_left_alone,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lock_excludes_another_process,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_write_while_git_merges,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity_git_cannot_write_is_refused,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_journal_rolls_forward,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_roll_forward_keeps_a_users_file,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stale_journal_is_dropped,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_branch_moved_meanwhile_is_refused,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_killed_commands_locks_are_recovered,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_someone_elses_locks_are_left,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_has_no_parent,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_raw_bytes_are_committed_as_they_are,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_remove_takes_the_file_and_its_empty_folders,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_the_last_put_of_a_path_wins,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_commit, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_staged_change_is_not_lost,
						fx_setup_bare, fx_teardown),
	};

	/* no user identity from the machine running the tests */
	return th_run_isolated(tests);
}
