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
#include "kata/coach.h"
#include "kata/id.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/str.h"
#include "kata/target.h"
#include "kata/txn.h"

const struct kata_who fx_alice = { .name = "Alice Example", .email = "alice@example.com" };
const struct kata_who fx_bob = { .name = "Bob Coach", .email = "bob@example.com" };
const struct kata_time fx_now = { 1795251600, 0, true };

static void must(struct fixture *f, int rc)
{
	if (rc < 0)
		fail_msg("fixture: %s:%u:%u: %s", f->err.path ? f->err.path : "", f->err.line,
			 f->err.col, f->err.message ? f->err.message : "");
}

void fx_init(struct fixture *f, enum fx_level level)
{
	static const char *const emails[] = { "alice@example.com" };
	struct kata_learner_opts lo = { "alice", "Alice Example", emails, 1, NULL, NULL,
					"Changeover of press 4" };
	struct kata_target_opts to = { "Ship every order the day it comes in",
				       "Changeover under 10 minutes", "+28d", "25 minutes",
				       "changeover", "min", "10", true, false };

	memset(f, 0, sizeof(*f));
	f->dir = th_tmpdir();
	kata_error_init(&f->err);
	must(f, kata_repo_create(&f->repo, f->dir, &f->err));
	kata_repo_set_now(f->repo, &fx_now);
	if (level >= FX_INIT)
		must(f, kata_init(&f->done, f->repo, "Line 2", &fx_alice, &f->err));
	if (level >= FX_LEARNER)
		must(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err));
	if (level >= FX_TARGET)
		must(f, kata_target_start(&f->done, f->repo, "alice", &to, &fx_alice, &f->err));
	memset(&f->done, 0, sizeof(f->done));
}

void fx_release(struct fixture *f)
{
	size_t i;

	kata_repo_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	for (i = 0; i < FX_TMPDIRS && f->tmpdirs[i]; i++) {
		th_rmtree(f->tmpdirs[i]);
		free(f->tmpdirs[i]);
	}
	memset(f, 0, sizeof(*f));
}

struct fixture *fx_new(enum fx_level level)
{
	struct fixture *f = malloc(sizeof(*f));

	assert_non_null(f);
	fx_init(f, level);
	return f;
}

void fx_free(struct fixture *f)
{
	if (!f)
		return;
	fx_release(f);
	free(f);
}

const char *fx_tmpdir(struct fixture *f)
{
	size_t i;

	for (i = 0; i < FX_TMPDIRS && f->tmpdirs[i]; i++)
		;
	if (i == FX_TMPDIRS)
		fail_msg("more than %d folders of a test's own", FX_TMPDIRS);
	return f->tmpdirs[i] = th_tmpdir();
}

char *fx_path(struct fixture *f, const char *path)
{
	return th_path(f->dir, path);
}

void fx_set_config(struct fixture *f, const char *key, const char *value)
{
	git_config *cfg = NULL;

	assert_int_equal(git_repository_config(&cfg, kata_repo_git(f->repo)), 0);
	assert_int_equal(git_config_set_string(cfg, key, value), 0);
	git_config_free(cfg);
}

int fx_setup_bare(void **state)
{
	*state = fx_new(FX_BARE);
	return 0;
}

int fx_setup_init(void **state)
{
	*state = fx_new(FX_INIT);
	return 0;
}

int fx_setup_learner(void **state)
{
	*state = fx_new(FX_LEARNER);
	return 0;
}

int fx_setup(void **state)
{
	*state = fx_new(FX_TARGET);
	return 0;
}

int fx_teardown(void **state)
{
	fx_free(*state);
	return 0;
}

size_t fx_commits(struct fixture *f)
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

git_commit *fx_commit_at(struct fixture *f, const char *rev)
{
	git_object *obj = NULL;

	if (git_revparse_single(&obj, kata_repo_git(f->repo), rev) < 0)
		fail_msg("no commit at %s", rev);
	assert_int_equal(git_object_type(obj), GIT_OBJECT_COMMIT);
	return (git_commit *)obj;
}

void fx_head(struct fixture *f, char out[GIT_OID_HEXSZ + 1])
{
	git_oid oid;

	out[0] = '\0';
	if (git_reference_name_to_id(&oid, kata_repo_git(f->repo), "HEAD") == 0)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
}

void fx_assert_head(struct fixture *f, const char *hex)
{
	char head[GIT_OID_HEXSZ + 1];

	fx_head(f, head);
	assert_string_equal(head, hex);
}

char *fx_head_message(struct fixture *f)
{
	git_commit *c = fx_commit_at(f, "HEAD");
	char *msg = strdup(git_commit_message(c));

	git_commit_free(c);
	assert_non_null(msg);
	return msg;
}

size_t fx_changes(struct fixture *f)
{
	git_status_options opts;
	git_status_list *list = NULL;
	size_t n;

	assert_int_equal(git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION), 0);
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	assert_int_equal(git_status_list_new(&list, kata_repo_git(f->repo), &opts), 0);
	n = git_status_list_entrycount(list);
	git_status_list_free(list);
	return n;
}

bool fx_clean(struct fixture *f)
{
	return fx_changes(f) == 0;
}

char *fx_read(struct fixture *f, const char *path, size_t *len)
{
	char *full = fx_path(f, path);
	char *data = th_read_file(full, len);

	free(full);
	return data;
}

char *fx_read_at(struct fixture *f, const char *rev, const char *path, size_t *len)
{
	char *spec = kata_str_newf("%s:%s", rev, path), *data = NULL;
	git_object *obj = NULL;

	assert_non_null(spec);
	if (git_revparse_single(&obj, kata_repo_git(f->repo), spec) == 0 &&
	    git_object_type(obj) == GIT_OBJECT_BLOB) {
		const git_blob *b = (const git_blob *)obj;
		size_t n = (size_t)git_blob_rawsize(b);

		data = malloc(n + 1);
		assert_non_null(data);
		memcpy(data, git_blob_rawcontent(b), n);
		data[n] = '\0';
		if (len)
			*len = n;
	}
	git_object_free(obj);
	free(spec);
	return data;
}

void fx_write(struct fixture *f, const char *path, const char *text)
{
	th_make(f->dir, path, text);
}

void fx_tree_with(struct fixture *f, git_oid *out, const git_oid *base, const char *path,
		  const char *text)
{
	git_repository *git = kata_repo_git(f->repo);
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_update up;
	git_oid blob;

	assert_int_equal(git_commit_lookup(&c, git, base), 0);
	assert_int_equal(git_commit_tree(&tree, c), 0);
	assert_int_equal(git_blob_create_from_buffer(&blob, git, text, strlen(text)), 0);
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.id = blob;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path;
	assert_int_equal(git_tree_create_updated(out, git, tree, 1, &up), 0);
	git_tree_free(tree);
	git_commit_free(c);
}

void fx_commit_tree(struct fixture *f, git_oid *out, const git_oid *tree_id, const git_oid *parents,
		    size_t n, const char *message)
{
	git_repository *git = kata_repo_git(f->repo);
	const struct kata_time *now = kata_repo_now(f->repo);
	const git_commit *pc[2] = { NULL, NULL };
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid id;
	size_t i;

	assert_true(n <= 2);
	for (i = 0; i < n; i++)
		assert_int_equal(git_commit_lookup((git_commit **)&pc[i], git, &parents[i]), 0);
	assert_int_equal(git_tree_lookup(&tree, git, tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Hand", "hand@example.com", now->t, now->offset),
			 0);
	assert_int_equal(git_commit_create(out ? out : &id, git, NULL, sig, sig, NULL, message,
					   tree, n, pc), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	for (i = 0; i < n; i++)
		git_commit_free((git_commit *)pc[i]);
}

void fx_move_head(struct fixture *f, const git_oid *commit)
{
	git_repository *git = kata_repo_git(f->repo);
	git_reference *head = NULL, *ref = NULL;

	assert_int_equal(git_reference_lookup(&head, git, "HEAD"), 0);
	assert_int_equal(git_reference_create(&ref, git, git_reference_symbolic_target(head),
					      commit, 1, "test"), 0);
	git_reference_free(ref);
	git_reference_free(head);
}

void fx_hand_commit(struct fixture *f, git_oid *out, const char *path, const char *text,
		    const char *message)
{
	git_commit *head = fx_commit_at(f, "HEAD");
	git_oid tree, commit;

	if (path)
		fx_tree_with(f, &tree, git_commit_id(head), path, text);
	else
		git_oid_cpy(&tree, git_commit_tree_id(head));
	fx_commit_tree(f, &commit, &tree, git_commit_id(head), 1, message);
	fx_move_head(f, &commit);
	git_commit_free(head);
	if (out)
		git_oid_cpy(out, &commit);
}

struct kata_node *fx_record(const char *kind, const char *id)
{
	struct kata_node *n = kata_node_new(KATA_NODE_MAPPING);

	assert_non_null(n);
	assert_int_equal(kata_node_set_str(n, "kind", kind), 0);
	assert_int_equal(kata_node_set_str(n, "id", id), 0);
	return n;
}

void fx_store(struct fixture *f, const char *message, ...)
{
	struct kata_txn *txn = NULL;
	const char *path, *text;
	va_list ap;

	must(f, kata_txn_begin(&txn, f->repo, 1000, &f->err));
	va_start(ap, message);
	while ((path = va_arg(ap, const char *))) {
		text = va_arg(ap, const char *);
		if (text)
			must(f, kata_txn_put_raw(txn, path, text, strlen(text), &f->err));
		else
			must(f, kata_txn_remove(txn, path, &f->err));
	}
	va_end(ap);
	must(f, kata_txn_commit(NULL, txn, message, &fx_alice, &f->err));
	kata_txn_free(txn);
}

struct kata_storyboard *fx_storyboard(struct fixture *f, const char *learner)
{
	struct kata_storyboard *sb = NULL;

	must(f, kata_storyboard_load(&sb, f->repo, learner, NULL, &f->err));
	return sb;
}

struct kata_node *fx_load(struct fixture *f, const char *path)
{
	struct kata_node *rec = NULL;

	must(f, kata_repo_load(&rec, f->repo, path, &f->err));
	return rec;
}

char *fx_store_record(struct fixture *f, enum kata_kind kind, unsigned long number,
		      const char *id, const char *body)
{
	struct kata_storyboard *sb = fx_storyboard(f, "alice");
	char path[KATA_PATH_MAX], *text;

	assert_non_null(sb->target);
	kata_path_record(path, sb->target_dir, kind, number, id);
	text = kata_str_newf("kind: %s\nid: %s\ntarget: %s\n%s", kata_record_kind_name(kind), id,
			     sb->target->id, body);
	assert_non_null(text);
	kata_storyboard_free(sb);
	fx_store(f, "a record by hand\n", path, text, NULL);
	free(text);
	text = strdup(path);
	assert_non_null(text);
	return text;
}

char *fx_store_obstacle(struct fixture *f, unsigned long number, const char *id,
			const char *status)
{
	char *body = kata_str_newf("text: obstacle %s\nstatus: %s\ncreated: '2026-11-20T09:00:00Z'\n",
				   id, status), *path;

	assert_non_null(body);
	path = fx_store_record(f, KATA_KIND_OBSTACLE, number, id, body);
	free(body);
	return path;
}

void fx_assert_done(struct fixture *f, const char *id, unsigned long seq)
{
	char head[GIT_OID_HEXSZ + 1];

	fx_head(f, head);
	assert_string_equal(f->done.commit, head);
	if (id)
		assert_string_equal(f->done.id, id);
	else if (!kata_id_valid(f->done.id))
		fail_msg("'%s' is no record ID", f->done.id);
	assert_int_equal(f->done.seq, seq);
}

void fx_assert_message(struct fixture *f, const char *fmt, ...)
{
	char *msg = fx_head_message(f), *want;
	va_list ap;

	va_start(ap, fmt);
	want = kata_str_vnewf(fmt, ap);
	va_end(ap);
	assert_non_null(want);
	assert_string_equal(msg, want);
	free(want);
	free(msg);
}

void fx_assert_file_at(struct fixture *f, const char *rev, const char *path, const char *fmt, ...)
{
	char *text = fx_read_at(f, rev, path, NULL), *want;
	va_list ap;

	if (!text)
		fail_msg("no %s in %s", path, rev);
	va_start(ap, fmt);
	want = kata_str_vnewf(fmt, ap);
	va_end(ap);
	assert_non_null(want);
	assert_string_equal(text, want);
	free(want);
	free(text);
}

const char fx_first_cycle[] =
	"target: Changeover under 10 minutes\n"
	"actual: 25 minutes, tools searched for\n"
	"measure: 24\n"
	"obstacle: tools are not at the machine\n"
	"next_step:\n  step: Put the cart beside the press\n  expect: 20 minutes\n"
	"see_by: tomorrow 10:00\n"
	"note: good first cycle\n";

const char *fx_datadir(void)
{
	const char *datadir = getenv("KATA_DATADIR");

	assert_non_null(datadir);
	return datadir;
}

struct kata_questions *fx_shipped_questions(void)
{
	struct kata_questions *qs = NULL;
	struct kata_error err;
	char *path = th_path(fx_datadir(), KATA_QUESTIONS_DEFAULT);

	kata_error_init(&err);
	if (kata_questions_load(&qs, path, "coaching-kata.yaml", &err) < 0)
		fail_msg("%s: %s", path, err.message);
	free(path);
	return qs;
}

int fx_cycle(struct fixture *f, const char *yaml)
{
	struct kata_questions *qs = fx_shipped_questions();
	struct kata_node *answers = NULL;
	int rc;

	must(f, kata_yaml_parse(&answers, yaml, strlen(yaml), "answers.yaml", &f->err));
	rc = kata_coach_cycle(&f->done, f->repo, "alice", qs, answers, "answers.yaml", &fx_bob,
			      &f->err);
	kata_node_free(answers);
	kata_questions_free(qs);
	return rc;
}
