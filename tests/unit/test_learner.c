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
#include "kata/learner.h"
#include "kata/str.h"

/* kata_learner_add/list/check/load/resolve: the people of a team. */

static const char *const bob_emails[] = { "bob@example.com", "b.coach@example.com" };

/* kata_learner_resolve of given and email finds want. */
static void assert_resolves(struct fixture *f, const char *given, const char *email,
			    const char *want)
{
	char *id = NULL;

	if (kata_learner_resolve(&id, f->repo, given, email, &f->err) != 0)
		fail_msg("%s, %s: %s", given ? given : "-", email ? email : "-", f->err.message);
	assert_string_equal(id, want);
	free(id);
}

static void add(struct fixture *f, const char *id, const char *email)
{
	const char *emails[] = { email };
	struct kata_learner_opts lo = { id, NULL, emails, email ? 1 : 0, NULL, NULL, NULL };

	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err), 0);
}

static void test_add_writes_the_record_in_one_commit(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts lo = { "bob", "Bob Coach", bob_emails, 2, NULL, NULL,
					"Assembly line 3" };
	git_commit *c;

	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_bob, &f->err), 0);
	fx_assert_done(f, "bob", 0);
	assert_int_equal(fx_commits(f), 2);
	fx_assert_file_at(f, "HEAD", "learners/bob/learner.yaml",
			  "kind: learner\n"
			  "id: bob\n"
			  "name: Bob Coach\n"
			  "emails:\n"
			  "- bob@example.com\n"
			  "- b.coach@example.com\n"
			  "process: Assembly line 3\n"
			  "created: '2026-11-21T09:00:00Z'\n");
	fx_assert_message(f, "bob: add learner Bob Coach\n\n"
			  "Kata-Learner: bob\n"
			  "Kata-Action: learner-add\n"
			  "Kata-Record: bob\n");
	c = fx_commit_at(f, "HEAD");
	assert_string_equal(git_commit_author(c)->email, "bob@example.com");
	git_commit_free(c);
	assert_true(fx_clean(f));
}

static void test_add_with_coaches_who_are_learners(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts lo = { "bob", NULL, NULL, 0, "alice", "alice", NULL };
	struct kata_node *rec;
	char *msg;

	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err), 0);
	rec = fx_load(f, "learners/bob/learner.yaml");
	assert_string_equal(kata_node_str(rec, "coach"), "alice");
	assert_string_equal(kata_node_str(rec, "second_coach"), "alice");
	assert_null(kata_node_get(rec, "name"));
	assert_null(kata_node_get(rec, "emails"));
	kata_node_free(rec);
	msg = fx_head_message(f);
	assert_int_equal(strncmp(msg, "bob: add learner\n\n", 18), 0);
	free(msg);
}

static void test_unknown_coach_is_named(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts lo = { "bob", NULL, NULL, 0, "carol", NULL, NULL };
	char before[GIT_OID_HEXSZ + 1];

	fx_head(f, before);
	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_ENOTFOUND, "unknown coach 'carol': add them first with 'kata learner add carol'");
	lo.coach = "alice";
	lo.second_coach = "dave";
	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_ENOTFOUND, "unknown second coach 'dave'");
	fx_assert_head(f, before);
	assert_null(fx_read(f, "learners/bob/learner.yaml", NULL));
	assert_true(fx_clean(f));
}

/* An ID is a folder name: nothing that could leave learners/. */
static void test_ids_that_could_leave_their_folder_are_refused(void **state)
{
	static const char *const bad[] = {
		"../evil", "..", ".", ".hidden", "a/b", "a..b", "", "Alice", "-x", "_x",
		"a b", "a\\b", "al\nice",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 65 */
	};
	struct fixture *f = *state;
	struct kata_learner_opts lo = { NULL, NULL, NULL, 0, NULL, NULL, NULL };
	char before[GIT_OID_HEXSZ + 1];
	char **ids = NULL;
	size_t i, n;

	fx_head(f, before);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		lo.id = bad[i];
		fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
				KATA_EINVALID, "invalid learner ID");
	}
	fx_assert_head(f, before);
	assert_true(fx_clean(f));
	assert_int_equal(kata_learner_list(&ids, &n, f->repo, &f->err), 0);
	assert_int_equal(n, 1);
	kata_strv_free(ids);

	/* the longest ID there can be, and one of every character allowed */
	lo.id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	assert_int_equal(strlen(lo.id), 64);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err), 0);
	lo.id = "0b.c_d-e";
	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err), 0);
	assert_int_equal(fx_commits(f), 4);
}

static void test_existing_learner_is_refused(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts lo = { "alice", "Another Alice", NULL, 0, NULL, NULL, NULL };
	char before[GIT_OID_HEXSZ + 1];
	char *text;

	fx_head(f, before);
	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_EEXISTS, "learner 'alice' exists already");
	fx_assert_head(f, before);
	text = fx_read(f, "learners/alice/learner.yaml", NULL);
	assert_non_null(strstr(text, "name: Alice Example\n"));
	free(text);
}

static void test_bad_emails_are_refused(void **state)
{
	struct fixture *f = *state;
	const char *emails[] = { "bob@example.com", "bob at example.com" };
	struct kata_learner_opts lo = { "bob", NULL, emails, 2, NULL, NULL, NULL };
	size_t before = fx_commits(f);

	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_EINVALID, "invalid email 'bob at example.com'");
	emails[1] = "";
	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_EINVALID, "email must not be empty");
	assert_int_equal(fx_commits(f), before);
}

static void test_an_email_is_one_persons(void **state)
{
	struct fixture *f = *state;
	const char *emails[] = { "bob@example.com", "ALICE@example.com" };
	struct kata_learner_opts lo = { "bob", NULL, emails, 2, NULL, NULL, NULL };
	size_t before = fx_commits(f);
	char *owner = NULL;

	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_EEXISTS,
			"email 'ALICE@example.com' is learner 'alice''s already; an email belongs to one person");
	emails[1] = "Bob@example.com";
	fx_assert_error(f, kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err),
			KATA_EINVALID, "email 'Bob@example.com' given twice");
	assert_int_equal(fx_commits(f), before);

	assert_int_equal(kata_learner_email_owner(&owner, f->repo, "alice@EXAMPLE.com", NULL,
						  &f->err), 0);
	assert_string_equal(owner, "alice");
	free(owner);
	assert_int_equal(kata_learner_email_owner(&owner, f->repo, "alice@example.com", "alice",
						  &f->err), 0);
	assert_null(owner);
	assert_int_equal(kata_learner_email_owner(&owner, f->repo, "nobody@example.com", NULL,
						  &f->err), 0);
	assert_null(owner);
}

static void test_list_is_sorted_and_skips_what_is_no_learner(void **state)
{
	struct fixture *f = *state;
	char **ids = NULL;
	size_t n = 99;

	add(f, "carol", NULL);
	add(f, "bob", NULL);
	fx_write(f, "learners/Not A Learner/learner.yaml", "kind: learner\nid: x\n");
	assert_int_equal(kata_learner_list(&ids, &n, f->repo, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ids[0], "alice");
	assert_string_equal(ids[1], "bob");
	assert_string_equal(ids[2], "carol");
	assert_null(ids[3]);
	kata_strv_free(ids);
}

static void test_list_of_no_learners_is_empty(void **state)
{
	struct fixture *f = *state;
	char **ids = NULL;
	size_t n = 99;

	assert_int_equal(kata_learner_list(&ids, &n, f->repo, &f->err), 0);
	assert_int_equal(n, 0);
	assert_non_null(ids);
	assert_null(ids[0]);
	kata_strv_free(ids);
}

static void test_check(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(kata_learner_check(f->repo, "alice", &f->err), 0);
	assert_null(f->err.message);
	fx_assert_error(f, kata_learner_check(f->repo, "nobody", &f->err), KATA_ENOTFOUND,
			"unknown learner 'nobody'; see 'kata learner list'");
	fx_assert_error(f, kata_learner_check(f->repo, "../alice", &f->err), KATA_EINVALID,
			"invalid learner ID '../alice'");
	/* a folder is not yet a learner: the record is */
	fx_write(f, "learners/ghost/notes.txt", "boo\n");
	fx_assert_error(f, kata_learner_check(f->repo, "ghost", &f->err), KATA_ENOTFOUND,
			"unknown learner 'ghost'");
}

static void test_load(void **state)
{
	struct fixture *f = *state;
	struct kata_node *rec = NULL;

	assert_int_equal(kata_learner_load(&rec, f->repo, "alice", &f->err), 0);
	assert_string_equal(kata_node_str(rec, "kind"), "learner");
	assert_string_equal(kata_node_str(rec, "name"), "Alice Example");
	assert_string_equal(kata_node_str(rec, "process"), "Changeover of press 4");
	assert_int_equal(kata_node_get(rec, "emails")->n, 1);
	kata_node_free(rec);
	rec = (struct kata_node *)1;
	fx_assert_error(f, kata_learner_load(&rec, f->repo, "nobody", &f->err), KATA_ENOTFOUND,
			"unknown learner 'nobody'");
	assert_null(rec);
}

/* A broken learner record names its file, line and column. */
static void test_load_broken_record(void **state)
{
	struct fixture *f = *state;
	struct kata_node *rec = NULL;

	fx_write(f, "learners/alice/learner.yaml",
		 "kind: learner\nid: alice\ncoach: Not Valid\n");
	fx_assert_error_at(f, kata_learner_load(&rec, f->repo, "alice", &f->err), KATA_EINVALID,
			   "learners/alice/learner.yaml", 3, 8, "'coach' must be a learner ID");
	assert_null(rec);
}

static void test_resolve_given(void **state)
{
	struct fixture *f = *state;
	char *id = NULL;

	add(f, "bob", "bob@example.com");
	fx_set_config(f, "kata.learner", "bob");
	/* -l wins over the configuration and the email */
	assert_resolves(f, "alice", "bob@example.com", "alice");
	id = (char *)1;
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, "nobody", NULL, &f->err),
			KATA_ENOTFOUND, "unknown learner 'nobody'");
	assert_null(id);
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, "../bob", NULL, &f->err),
			KATA_EINVALID, "invalid learner ID");
}

static void test_resolve_by_git_config(void **state)
{
	struct fixture *f = *state;
	char *id = NULL;

	add(f, "bob", "bob@example.com");
	fx_set_config(f, "kata.learner", "bob");
	assert_resolves(f, NULL, "alice@example.com", "bob");
	/* a configured learner who is nobody is an error, not a guess */
	fx_set_config(f, "kata.learner", "zed");
	id = (char *)1;
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, NULL, "alice@example.com", &f->err),
			KATA_ENOTFOUND, "unknown learner 'zed'");
	assert_null(id);
}

static void test_resolve_by_email(void **state)
{
	struct fixture *f = *state;
	struct kata_learner_opts lo = { "bob", NULL, bob_emails, 2, NULL, NULL, NULL };

	assert_int_equal(kata_learner_add(&f->done, f->repo, &lo, &fx_alice, &f->err), 0);
	assert_resolves(f, NULL, "alice@example.com", "alice");
	/* any of a learner's emails */
	assert_resolves(f, NULL, "b.coach@example.com", "bob");
}

static void test_resolve_the_only_learner(void **state)
{
	struct fixture *f = *state;

	assert_resolves(f, NULL, NULL, "alice");
	assert_resolves(f, NULL, "x@example.com", "alice");
}

static void test_resolve_ambiguous(void **state)
{
	struct fixture *f = *state;
	char *id = NULL;

	add(f, "bob", "bob@example.com");
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, NULL, "x@example.com", &f->err),
			KATA_EAMBIGUOUS, "git config kata.learner");
	assert_null(id);
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, NULL, NULL, &f->err),
			KATA_EAMBIGUOUS, "-l ID");
	fx_assert_error(f, kata_learner_resolve(&id, f->repo, NULL, "", &f->err),
			KATA_EAMBIGUOUS, NULL);
}

static void test_resolve_no_learners(void **state)
{
	struct fixture *f = *state;
	char *id = NULL;

	fx_assert_error(f, kata_learner_resolve(&id, f->repo, NULL, "alice@example.com", &f->err),
			KATA_ENOTFOUND, "no learners yet");
	assert_null(id);
}

/* Who runs kata, as a learner: the configuration, else the email; no
 * guess from there being only one learner. */
static void test_whoami(void **state)
{
	struct fixture *f = *state;
	char *id = (char *)1;

	assert_int_equal(kata_learner_whoami(&id, f->repo, "x@example.com", &f->err), 0);
	assert_null(id);
	assert_int_equal(kata_learner_whoami(&id, f->repo, "alice@example.com", &f->err), 0);
	assert_string_equal(id, "alice");
	free(id);
	add(f, "bob", "bob@example.com");
	fx_set_config(f, "kata.learner", "bob");
	assert_int_equal(kata_learner_whoami(&id, f->repo, "alice@example.com", &f->err), 0);
	assert_string_equal(id, "bob");
	free(id);
	fx_set_config(f, "kata.learner", "zed");
	fx_assert_error(f, kata_learner_whoami(&id, f->repo, NULL, &f->err), KATA_ENOTFOUND,
			"unknown learner 'zed'");
	assert_null(id);
}

/* The learners a coach or second coach has, by their records. */
static void test_learners_of_a_role(void **state)
{
	struct kata_learner_opts dave = { "dave", NULL, NULL, 0, "alice", "carol", NULL };
	struct kata_learner_opts erin = { "erin", NULL, NULL, 0, "carol", "carol", NULL };
	struct kata_learner_opts carol = { "carol", NULL, NULL, 0, NULL, NULL, NULL };
	struct fixture *f = *state;
	char **ids = NULL;
	size_t n = 9;

	assert_int_equal(kata_learner_add(&f->done, f->repo, &carol, &fx_alice, &f->err), 0);
	assert_int_equal(kata_learner_of(&ids, &n, f->repo, "second_coach", "carol", &f->err), 0);
	assert_int_equal(n, 0);
	assert_null(ids[0]);
	kata_strv_free(ids);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &erin, &fx_alice, &f->err), 0);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &dave, &fx_alice, &f->err), 0);
	assert_int_equal(kata_learner_of(&ids, &n, f->repo, "second_coach", "carol", &f->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "dave");
	assert_string_equal(ids[1], "erin");
	assert_null(ids[2]);
	kata_strv_free(ids);
	assert_int_equal(kata_learner_of(&ids, &n, f->repo, "coach", "alice", &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "dave");
	kata_strv_free(ids);
	/* a broken record is skipped, not an error */
	fx_write(f, "learners/erin/learner.yaml", "kind: learner\nid: [\n");
	assert_int_equal(kata_learner_of(&ids, &n, f->repo, "second_coach", "carol", &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "dave");
	kata_strv_free(ids);
}

/* A learner by ID, or by name. */
static void test_find_by_id_or_name(void **state)
{
	struct kata_learner_opts al2 = { "al2", "Alice Example", NULL, 0, NULL, NULL, NULL };
	struct kata_learner_opts bob = { "bob", "Bob Coach", NULL, 0, NULL, NULL, NULL };
	struct fixture *f = *state;
	char *id = NULL;

	assert_int_equal(kata_learner_add(&f->done, f->repo, &bob, &fx_alice, &f->err), 0);
	assert_int_equal(kata_learner_find(&id, f->repo, "bob", &f->err), 0);
	assert_string_equal(id, "bob");
	free(id);
	assert_int_equal(kata_learner_find(&id, f->repo, "Bob Coach", &f->err), 0);
	assert_string_equal(id, "bob");
	free(id);
	fx_assert_error(f, kata_learner_find(&id, f->repo, "bob coach", &f->err), KATA_ENOTFOUND,
			"no learner 'bob coach'");
	fx_assert_error(f, kata_learner_find(&id, f->repo, "4w7a", &f->err), KATA_ENOTFOUND,
			NULL);
	assert_null(id);
	assert_int_equal(kata_learner_add(&f->done, f->repo, &al2, &fx_alice, &f->err), 0);
	fx_assert_error(f, kata_learner_find(&id, f->repo, "Alice Example", &f->err),
			KATA_EAMBIGUOUS, "'Alice Example' is the name of several learners: al2, alice");
	assert_null(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_writes_the_record_in_one_commit,
						fx_setup_init, fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_with_coaches_who_are_learners,
						fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_coach_is_named, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_ids_that_could_leave_their_folder_are_refused,
						fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_existing_learner_is_refused, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_emails_are_refused, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_an_email_is_one_persons, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_is_sorted_and_skips_what_is_no_learner,
						fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_of_no_learners_is_empty, fx_setup_init,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_check, fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_load, fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_load_broken_record, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_given, fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_by_git_config, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_by_email, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_the_only_learner, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_ambiguous, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_whoami, fx_setup_learner, fx_teardown),
		cmocka_unit_test_setup_teardown(test_learners_of_a_role, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_find_by_id_or_name, fx_setup_learner,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_no_learners, fx_setup_init,
						fx_teardown),
	};

	return th_run_isolated(tests);
}
