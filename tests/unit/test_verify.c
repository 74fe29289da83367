#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/verify.h"

/*
 * kata_verify: SPEC 8's rules against commits made by hand through
 * libgit2 under several identities, as other clones would push them.
 *
 * The team: root@example.com made the repository (its first commit);
 * alice is coached by bob, carol is her second coach; dave is a learner
 * of nobody's.
 */

#define ROOT "root@example.com"
#define ALICE "alice@example.com"
#define BOB "bob@example.com"
#define CAROL "carol@example.com"
#define DAVE "dave@example.com"

#define STEP "learners/alice/001-t000000001/steps/0001-s000000001.yaml"
#define STEP2 "learners/alice/001-t000000001/steps/0002-s000000002.yaml"
#define COACHING "learners/alice/001-t000000001/coaching/0001-c000000001.yaml"
#define FEEDBACK "learners/alice/001-t000000001/feedback/0001-f000000001.yaml"

static const char step_yaml[] =
	"kind: step\nid: s000000001\ntarget: t000000001\nstep: Move the bin\n"
	"expect: reach it\nstatus: open\nplanned: '2026-11-21T09:00:00Z'\n";
static const char step2_yaml[] =
	"kind: step\nid: s000000002\ntarget: t000000001\nstep: Move the cart\n"
	"expect: reach it\nstatus: open\nplanned: '2026-11-21T09:00:00Z'\n";
static const char coaching_yaml[] =
	"kind: coaching\nid: c000000001\ntarget: t000000001\nlearner: alice\ncoach: Bob\n"
	"at: '2026-11-21T09:00:00Z'\nanswers:\n  target: t\n";
static const char feedback_yaml[] =
	"kind: feedback\nid: f000000001\ntarget: t000000001\nlearner: alice\n"
	"coaching: c000000001\nobserver: Carol\nat: '2026-11-21T09:00:00Z'\nnote: good\n";

static char *learner_yaml(const char *id, const char *email, const char *coach,
			  const char *second)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "kind: learner\nid: %s\nemails:\n- %s\n%s%s%s%s%s%s", id,
		 email, coach ? "coach: " : "", coach ? coach : "", coach ? "\n" : "",
		 second ? "second_coach: " : "", second ? second : "", second ? "\n" : "");
	return strdup(buf);
}

/*
 * A commit by email on top of parents (n of them; the first's tree is
 * changed): pairs of path and text (NULL: removed), ended by NULL. No
 * reference moves.
 */
static void commit_as(struct fixture *f, git_oid *out, const git_oid *parents, size_t n,
		      const char *email, ...)
{
	git_repository *git = kata_repo_git(f->repo);
	const git_commit *pc[2] = { NULL, NULL };
	git_tree_update up[8];
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_oid tree_id;
	size_t i, k = 0;
	const char *path;
	va_list ap;

	assert_true(n <= 2);
	for (i = 0; i < n; i++)
		assert_int_equal(git_commit_lookup((git_commit **)&pc[i], git, &parents[i]), 0);
	if (n) {
		assert_int_equal(git_commit_tree(&base, pc[0]), 0);
	} else {
		assert_int_equal(git_treebuilder_new(&tb, git, NULL), 0);
		assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
		git_treebuilder_free(tb);
		assert_int_equal(git_tree_lookup(&base, git, &tree_id), 0);
	}
	va_start(ap, email);
	while ((path = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);

		assert_true(k < 8);
		memset(&up[k], 0, sizeof(up[k]));
		up[k].path = path;
		up[k].filemode = GIT_FILEMODE_BLOB;
		if (text) {
			up[k].action = GIT_TREE_UPDATE_UPSERT;
			assert_int_equal(git_blob_create_from_buffer(&up[k].id, git, text,
								     strlen(text)), 0);
		} else {
			up[k].action = GIT_TREE_UPDATE_REMOVE;
		}
		k++;
	}
	va_end(ap);
	assert_int_equal(git_tree_create_updated(&tree_id, git, base, k, up), 0);
	assert_int_equal(git_tree_lookup(&tree, git, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Someone", email, fx_now.t, 0), 0);
	assert_int_equal(git_commit_create(out, git, NULL, sig, sig, NULL, "a change\n", tree,
					   n, pc), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	for (i = 0; i < n; i++)
		git_commit_free((git_commit *)pc[i]);
}

/* One on top of *head, which moves to it. */
#define change_as(f, head, email, ...) commit_as((f), (head), (head), 1, (email), __VA_ARGS__)

#define MAX_FOUND 16

struct findings {
	size_t n;
	struct {
		char commit[41], email[64], path[256], rule[32], message[512];
		unsigned line, col;
	} v[MAX_FOUND];
};

static void collect(const struct kata_verify_finding *fd, void *data)
{
	struct findings *fs = data;

	assert_true(fs->n < MAX_FOUND);
	assert_int_equal(strlen(fd->commit), 40);
	assert_true(strlen(fd->abbrev) >= 7 && !strncmp(fd->abbrev, fd->commit, strlen(fd->abbrev)));
	snprintf(fs->v[fs->n].commit, sizeof(fs->v[0].commit), "%s", fd->commit);
	snprintf(fs->v[fs->n].email, sizeof(fs->v[0].email), "%s", fd->author_email);
	snprintf(fs->v[fs->n].path, sizeof(fs->v[0].path), "%s", fd->path);
	snprintf(fs->v[fs->n].rule, sizeof(fs->v[0].rule), "%s", fd->rule);
	snprintf(fs->v[fs->n].message, sizeof(fs->v[0].message), "%s", fd->message);
	fs->v[fs->n].line = fd->line;
	fs->v[fs->n].col = fd->col;
	fs->n++;
}

/* Verifies the range spec into fs; returns the commits checked. */
static size_t verify(struct fixture *f, const char *spec, struct findings *fs)
{
	struct kata_verify *v = NULL;
	struct kata_verify_result res;

	memset(fs, 0, sizeof(*fs));
	assert_int_equal(kata_verify_new(&v, f->repo, &f->err), 0);
	assert_int_equal(kata_verify_add(v, spec, &f->err), 0);
	assert_int_equal(kata_verify_run(&res, v, collect, fs, &f->err), 0);
	kata_verify_free(v);
	assert_int_equal(res.findings, fs->n);
	return res.commits;
}

/* The range base..tip in hex. */
static char *range(const git_oid *base, const git_oid *tip)
{
	char a[41], b[41], out[100];

	git_oid_tostr(a, sizeof(a), base);
	git_oid_tostr(b, sizeof(b), tip);
	snprintf(out, sizeof(out), "%s..%s", a, b);
	return strdup(out);
}

static void assert_found(const struct findings *fs, size_t i, const git_oid *commit,
			 const char *path, const char *rule, const char *says)
{
	char hex[41];

	assert_true(i < fs->n);
	git_oid_tostr(hex, sizeof(hex), commit);
	assert_string_equal(fs->v[i].commit, hex);
	assert_string_equal(fs->v[i].path, path);
	assert_string_equal(fs->v[i].rule, rule);
	if (!strstr(fs->v[i].message, says))
		fail_msg("'%s' does not say '%s'", fs->v[i].message, says);
}

/* The team's repository: its first commit by root, then the learners and
 * alice's target, by root (the admin while kata.yaml names none). */
static void team(struct fixture *f, git_oid *head)
{
	char *a = learner_yaml("alice", ALICE, "bob", "carol"), *b = learner_yaml("bob", BOB, NULL, NULL),
	     *c = learner_yaml("carol", CAROL, NULL, NULL), *d = learner_yaml("dave", DAVE, NULL, NULL);

	commit_as(f, head, NULL, 0, ROOT, "kata.yaml", "kind: repository\nformat: 1\n", NULL);
	change_as(f, head, ROOT, "learners/alice/learner.yaml", a, "learners/bob/learner.yaml", b,
		  "learners/carol/learner.yaml", c, "learners/dave/learner.yaml", d, NULL);
	change_as(f, head, ROOT, "learners/alice/001-t000000001/target.yaml",
		  "kind: target\nid: t000000001\nlearner: alice\nchallenge: c\ncondition: t\n"
		  "achieve_by: 2026-12-20\nstatus: active\nstarted: '2026-11-21T09:00:00Z'\n", NULL);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_the_team_made_by_its_admin_passes(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	git_oid head;
	char hex[41];

	team(f, &head);
	git_oid_tostr(hex, sizeof(hex), &head);
	assert_int_equal(verify(f, hex, &fs), 3);
	assert_int_equal(fs.n, 0);
}

static void test_a_learners_records_by_her_and_her_coaches_only(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	git_oid base, head, by_dave;
	char *r;

	team(f, &base);
	head = base;
	change_as(f, &head, ALICE, STEP, step_yaml, NULL);
	change_as(f, &head, BOB, STEP, "kind: step\nid: s000000001\ntarget: t000000001\n"
		  "step: Move the bin\nexpect: reach it\nstatus: done\n"
		  "planned: '2026-11-21T09:00:00Z'\nhappened: h\nlearned: l\n", NULL);
	change_as(f, &head, CAROL, STEP2, step2_yaml, NULL);
	change_as(f, &head, "ALICE@Example.com", STEP2, NULL, NULL);	/* an email in any case */
	change_as(f, &head, ROOT, STEP2, step2_yaml, NULL);
	change_as(f, &head, DAVE, STEP, NULL, NULL);
	by_dave = head;
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 6);
	assert_int_equal(fs.n, 1);
	assert_found(&fs, 0, &by_dave, STEP, "learner",
		     "only alice, alice's coach or second coach, or an admin may change alice's records");
	assert_string_equal(fs.v[0].email, DAVE);
	free(r);
}

static void test_coaching_by_the_coach_feedback_by_the_second_coach(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	git_oid base, head, c1, c2, c3;
	char *r;

	team(f, &base);
	head = base;
	change_as(f, &head, BOB, COACHING, coaching_yaml, NULL);
	change_as(f, &head, CAROL, FEEDBACK, feedback_yaml, NULL);
	change_as(f, &head, ALICE, COACHING, NULL, NULL);	/* her own storyboard, not hers */
	c1 = head;
	change_as(f, &head, CAROL, COACHING, coaching_yaml, NULL);
	c2 = head;
	change_as(f, &head, BOB, FEEDBACK, NULL, NULL);
	c3 = head;
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 5);
	assert_int_equal(fs.n, 3);
	assert_found(&fs, 0, &c1, COACHING, "coaching",
		     "only alice's coach (bob) or an admin may write alice's coaching records");
	assert_found(&fs, 1, &c2, COACHING, "coaching", "alice's coach (bob)");
	assert_found(&fs, 2, &c3, FEEDBACK, "feedback",
		     "only alice's second coach (carol) or an admin may write feedback");
	free(r);
}

static void test_a_learner_created_by_an_admin_or_by_themselves(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	char *erin = learner_yaml("erin", "erin@example.com", "bob", NULL),
	     *fred = learner_yaml("fred", "fred@example.com", NULL, NULL),
	     *gina = learner_yaml("gina", "gina@example.com", NULL, NULL), *r;
	git_oid base, head, by_bob;

	team(f, &base);
	head = base;
	change_as(f, &head, "erin@example.com", "learners/erin/learner.yaml", erin, NULL);
	change_as(f, &head, ROOT, "learners/fred/learner.yaml", fred, NULL);
	change_as(f, &head, BOB, "learners/gina/learner.yaml", gina, NULL);
	by_bob = head;
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 3);
	assert_int_equal(fs.n, 1);
	assert_found(&fs, 0, &by_bob, "learners/gina/learner.yaml", "learner-add",
		     "only an admin or gina (an email of the new learner.yaml) may add learner gina");
	free(r);
	free(erin);
	free(fred);
	free(gina);
}

/* Nobody grants themselves a right and uses it in the same push. */
static void test_roles_as_they_stood_in_the_parent(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	char *dave_coach = learner_yaml("alice", ALICE, "dave", "carol"), *r;
	git_oid base, head, grant, use, admin, use2;

	team(f, &base);
	head = base;
	/* dave makes himself alice's coach, then writes her steps */
	change_as(f, &head, DAVE, "learners/alice/learner.yaml", dave_coach, NULL);
	grant = head;
	change_as(f, &head, DAVE, STEP, step_yaml, NULL);
	use = head;
	/* bob names himself an admin, then writes dave's records */
	change_as(f, &head, BOB, "kata.yaml", "kind: repository\nformat: 1\nadmins:\n- bob\n", NULL);
	admin = head;
	change_as(f, &head, BOB, "learners/dave/001-t000000009/target.yaml", "x: y\n", NULL);
	use2 = head;
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 4);
	assert_int_equal(fs.n, 5);
	assert_found(&fs, 0, &grant, "learners/alice/learner.yaml", "learner", "alice's records");
	/* in the parent of his step dave is her coach, by his own refused
	   change: that gives him nothing */
	assert_found(&fs, 1, &use, STEP, "learner",
		     "only an admin may change alice's records: no valid learner.yaml of alice");
	assert_found(&fs, 2, &admin, "kata.yaml", "repository",
		     "kata.yaml names no admins: only the author of the repository's first commit (" ROOT ") may change kata.yaml");
	/* a record that is not valid refuses the push, with its place */
	assert_found(&fs, 3, &use2, "learners/dave/001-t000000009/target.yaml", "record",
		     "record has no 'kind'");
	assert_int_equal(fs.v[3].line, 1);
	assert_int_equal(fs.v[3].col, 1);
	/* bob's own grant of admin gives him nothing either */
	assert_found(&fs, 4, &use2, "learners/dave/001-t000000009/target.yaml", "learner",
		     "only dave, dave's coach or second coach, or an admin may change dave's records");
	free(r);
	free(dave_coach);
}

/* Rights come from the parent, so both commits of a same-push grant and
 * use are named when the grant is refused too. */
static void test_a_forged_coach_writing_steps_in_one_commit(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	char *dave_coach = learner_yaml("alice", ALICE, "dave", "carol"), *r;
	git_oid base, head;

	team(f, &base);
	head = base;
	change_as(f, &head, DAVE, "learners/alice/learner.yaml", dave_coach, STEP, step_yaml, NULL);
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 1);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].path, "learners/alice/001-t000000001/steps/0001-s000000001.yaml");
	assert_string_equal(fs.v[1].path, "learners/alice/learner.yaml");
	free(r);
	free(dave_coach);
}

static void test_admins_named_in_kata_yaml(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	git_oid base, head, by_root, by_dave;
	char *r;

	team(f, &base);
	head = base;
	change_as(f, &head, ROOT, "kata.yaml",
		  "kind: repository\nformat: 1\nadmins:\n- carol\n- boss@example.com\n", NULL);
	change_as(f, &head, CAROL, "learners/dave/notes.txt", "by an admin, a learner ID\n", NULL);
	change_as(f, &head, "boss@example.com", "learners/README", "by an admin, an email\n", NULL);
	change_as(f, &head, ROOT, "learners/README", "no longer the admin\n", NULL);
	by_root = head;
	change_as(f, &head, DAVE, "README.md", "outside the records: anyone's\n", NULL);
	change_as(f, &head, CAROL, "kata.yaml",
		  "kind: repository\nformat: 1\nadmins:\n- carol\nquestions: q/ours.yaml\n", NULL);
	change_as(f, &head, DAVE, "q/ours.yaml", "kind: questions\n", NULL);
	by_dave = head;
	r = range(&base, &head);
	assert_int_equal(verify(f, r, &fs), 7);
	assert_int_equal(fs.n, 2);
	assert_found(&fs, 0, &by_root, "learners/README", "learners",
		     "no learner's folder: only an admin may write there");
	/* the question set kata.yaml names is the repository's too */
	assert_found(&fs, 1, &by_dave, "q/ours.yaml", "repository",
		     "only an admin (kata.yaml's admins) may change q/ours.yaml");
	free(r);
}

/* A merge's own changes are what differs from every parent. */
static void test_a_merge_of_verified_work_passes(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	git_oid base, ours, theirs, parents[2], merge, forged;
	char hex[41], *r;

	team(f, &base);
	ours = theirs = base;
	change_as(f, &ours, ALICE, STEP, step_yaml, NULL);
	change_as(f, &theirs, BOB, COACHING, coaching_yaml, NULL);
	parents[0] = ours;
	parents[1] = theirs;
	/* made by dave, but only bringing the two together */
	commit_as(f, &merge, parents, 2, DAVE, COACHING, coaching_yaml, NULL);
	r = range(&base, &merge);
	assert_int_equal(verify(f, r, &fs), 3);
	assert_int_equal(fs.n, 0);
	free(r);
	/* a change of his own in the merge is his */
	commit_as(f, &forged, parents, 2, DAVE, COACHING, coaching_yaml, STEP2, step2_yaml, NULL);
	git_oid_tostr(hex, sizeof(hex), &base);
	r = range(&base, &forged);
	assert_int_equal(verify(f, r, &fs), 3);
	assert_int_equal(fs.n, 1);
	assert_found(&fs, 0, &forged, STEP2, "learner", "alice's records");
	free(r);
}

/* git's pre-receive lines: the commits no ref reaches yet. */
static void test_pre_receive_lines(void **state)
{
	struct fixture *f = *state;
	static const char zeros[] = "0000000000000000000000000000000000000000";
	struct kata_verify *v = NULL;
	struct kata_verify_result res;
	struct findings fs = { 0 };
	git_oid base, head;
	char hb[41], hh[41], line[200];

	team(f, &base);
	fx_move_head(f, &base);		/* on the server's branch already */
	head = base;
	change_as(f, &head, ALICE, STEP, step_yaml, NULL);
	{
		/* another branch of the server holds alice's step already */
		git_reference *ref = NULL;

		assert_int_equal(git_reference_create(&ref, kata_repo_git(f->repo),
						      "refs/heads/side", &head, 0, NULL), 0);
		git_reference_free(ref);
	}
	change_as(f, &head, DAVE, STEP2, step2_yaml, NULL);
	git_oid_tostr(hb, sizeof(hb), &base);
	git_oid_tostr(hh, sizeof(hh), &head);

	assert_int_equal(kata_verify_new(&v, f->repo, &f->err), 0);
	snprintf(line, sizeof(line), "%s %s refs/heads/main\n", hb, hh);
	assert_int_equal(kata_verify_add_update(v, line, &f->err), 0);
	snprintf(line, sizeof(line), "%s %s refs/heads/gone\n", hb, zeros);
	assert_int_equal(kata_verify_add_update(v, line, &f->err), 0);
	assert_int_equal(kata_verify_hide_refs(v, &f->err), 0);
	assert_int_equal(kata_verify_run(&res, v, collect, &fs, &f->err), 0);
	assert_int_equal(res.commits, 1);
	assert_int_equal(res.offending, 1);
	assert_string_equal(fs.v[0].path, STEP2);
	kata_verify_free(v);

	/* a deletion alone checks nothing; a line of another shape is refused */
	assert_int_equal(kata_verify_new(&v, f->repo, &f->err), 0);
	snprintf(line, sizeof(line), "%s %s refs/heads/main", hb, zeros);
	assert_int_equal(kata_verify_add_update(v, line, &f->err), 0);
	assert_int_equal(kata_verify_run(&res, v, collect, &fs, &f->err), 0);
	assert_int_equal(res.commits, 0);
	fx_assert_error(f, kata_verify_add_update(v, "abc def refs/heads/main\n", &f->err),
			KATA_EINVALID, "expected 'OLD NEW REF'");
	snprintf(line, sizeof(line), "%s %s", hb, hh);
	fx_assert_error(f, kata_verify_add_update(v, line, &f->err), KATA_EINVALID,
			"cannot read the pre-receive line");
	kata_verify_free(v);
}

static void test_ranges_as_git_takes_them(void **state)
{
	struct fixture *f = *state;
	struct kata_verify *v = NULL;
	struct findings fs;
	git_oid base, head;
	char hb[41], hh[41], spec[100];

	team(f, &base);
	head = base;
	change_as(f, &head, ALICE, STEP, step_yaml, NULL);
	fx_move_head(f, &head);
	git_oid_tostr(hb, sizeof(hb), &base);
	git_oid_tostr(hh, sizeof(hh), &head);
	assert_int_equal(verify(f, "HEAD", &fs), 4);	/* a commit: its whole history */
	snprintf(spec, sizeof(spec), "%.10s..", hb);	/* A..: A..HEAD */
	assert_int_equal(verify(f, spec, &fs), 1);
	snprintf(spec, sizeof(spec), "%s...%s", hh, hb);
	assert_int_equal(verify(f, spec, &fs), 1);
	assert_int_equal(kata_verify_new(&v, f->repo, &f->err), 0);
	fx_assert_error(f, kata_verify_add(v, "nosuch..HEAD", &f->err), KATA_ENOTFOUND,
			"unknown revision or range 'nosuch..HEAD'");
	fx_assert_error(f, kata_verify_add(v, "^nosuch", &f->err), KATA_ENOTFOUND,
			"unknown revision 'nosuch'");
	kata_verify_free(v);
}

/* A server's repository: bare, read from its objects alone. */
static void test_a_bare_repository(void **state)
{
	struct fixture *f = *state;
	struct kata_repo *bare = NULL;
	struct kata_verify *v = NULL;
	struct kata_verify_result res;
	struct findings fs = { 0 };
	const char *dir = fx_tmpdir(f);
	git_oid head;

	team(f, &head);
	change_as(f, &head, DAVE, STEP, step_yaml, NULL);
	fx_move_head(f, &head);
	assert_int_equal(th_run(dir, "git clone -q --bare '%s' server.git >&2", f->dir), 0);
	{
		char *path = th_path(dir, "server.git");

		assert_int_equal(kata_repo_open_bare(&bare, path, false, &f->err), 0);
		free(path);
	}
	assert_null(kata_repo_workdir(bare));
	assert_int_equal(kata_verify_new(&v, bare, &f->err), 0);
	assert_int_equal(kata_verify_add_default(v, &f->err), 0);
	assert_int_equal(kata_verify_run(&res, v, collect, &fs, &f->err), 0);
	assert_int_equal(res.commits, 4);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].path, STEP);
	kata_verify_free(v);
	kata_repo_free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_team_made_by_its_admin_passes,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_learners_records_by_her_and_her_coaches_only,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coaching_by_the_coach_feedback_by_the_second_coach,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_learner_created_by_an_admin_or_by_themselves,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles_as_they_stood_in_the_parent,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_forged_coach_writing_steps_in_one_commit,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_admins_named_in_kata_yaml,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_merge_of_verified_work_passes,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pre_receive_lines,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ranges_as_git_takes_them,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_bare_repository,
						fx_setup_bare, fx_teardown),
	};

	return th_run_isolated(tests);
}
