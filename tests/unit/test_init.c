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
#include "kata/init.h"
#include "kata/yaml.h"

/* kata_init: the repository's first kata commit, kata.yaml alone. */

static void test_writes_kata_yaml_with_format_and_team(void **state)
{
	struct fixture *f = *state;
	git_commit *c;
	git_tree *tree = NULL;
	char *text;

	assert_int_equal(kata_init(&f->done, f->repo, "Line 2", &fx_alice, &f->err), 0);
	text = fx_read(f, "kata.yaml", NULL);
	assert_non_null(text);
	assert_string_equal(text, "kind: repository\nformat: 1\nteam: Line 2\n");
	free(text);
	fx_assert_file_at(f, "HEAD", "kata.yaml", "kind: repository\nformat: 1\nteam: Line 2\n");

	/* one commit, holding kata.yaml and nothing else */
	assert_int_equal(fx_commits(f), 1);
	fx_assert_done(f, "", 0);
	fx_assert_message(f, "kata: start the repository of team Line 2\n\nKata-Action: init\n");
	c = fx_commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(c), 0);
	assert_string_equal(git_commit_author(c)->name, "Alice Example");
	assert_string_equal(git_commit_author(c)->email, "alice@example.com");
	assert_string_equal(git_commit_committer(c)->email, "alice@example.com");
	assert_int_equal(git_commit_time(c), fx_now.t);
	assert_int_equal(git_commit_tree(&tree, c), 0);
	assert_int_equal(git_tree_entrycount(tree), 1);
	assert_string_equal(git_tree_entry_name(git_tree_entry_byindex(tree, 0)), "kata.yaml");
	git_tree_free(tree);
	git_commit_free(c);
	assert_true(fx_clean(f));
}

static void test_without_a_team(void **state)
{
	struct fixture *f = *state;
	char *text, *msg;

	assert_int_equal(kata_init(&f->done, f->repo, NULL, &fx_alice, &f->err), 0);
	text = fx_read(f, "kata.yaml", NULL);
	assert_string_equal(text, "kind: repository\nformat: 1\n");
	free(text);
	msg = fx_head_message(f);
	assert_string_equal(msg, "kata: start the repository\n\nKata-Action: init\n");
	free(msg);
	assert_int_equal(fx_commits(f), 1);
}

/* A team name a YAML reader would take for a boolean stays text. */
static void test_team_that_looks_like_a_value_stays_text(void **state)
{
	struct fixture *f = *state;
	struct kata_node *cfg;

	assert_int_equal(kata_init(&f->done, f->repo, "yes", &fx_alice, &f->err), 0);
	cfg = fx_load(f, "kata.yaml");
	assert_string_equal(kata_node_str(cfg, "team"), "yes");
	assert_false(kata_node_get(cfg, "team")->plain);
	assert_string_equal(kata_node_str(cfg, "format"), "1");
	assert_true(kata_node_get(cfg, "format")->plain);
	kata_node_free(cfg);
}

static void test_bad_team_name_writes_nothing(void **state)
{
	struct fixture *f = *state;
	char *text;

	fx_assert_error(f, kata_init(&f->done, f->repo, "Line\001 2", &fx_alice, &f->err),
			KATA_EINVALID, "team name holds a control character");
	assert_int_equal(fx_commits(f), 0);
	text = fx_read(f, "kata.yaml", NULL);
	assert_null(text);
	assert_true(fx_clean(f));
}

/* An adopted repository keeps its history and its files. */
static void test_adopts_a_repository_with_history(void **state)
{
	struct fixture *f = *state;
	git_repository *git = kata_repo_git(f->repo);
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_oid blob, tree_id, first;
	git_tree *tree = NULL;
	git_commit *c;
	char *text;

	assert_int_equal(git_blob_create_from_buffer(&blob, git, "hello\n", 6), 0);
	assert_int_equal(git_treebuilder_new(&tb, git, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "README", &blob, GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	git_treebuilder_free(tb);
	assert_int_equal(git_tree_lookup(&tree, git, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Hand", "hand@example.com", 1, 0), 0);
	assert_int_equal(git_commit_create(&first, git, "HEAD", sig, sig, NULL, "readme\n", tree,
					   0, NULL), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	fx_write(f, "README", "hello\n");
	{
		git_index *idx = NULL;

		assert_int_equal(git_repository_index(&idx, git), 0);
		assert_int_equal(git_index_add_bypath(idx, "README"), 0);
		assert_int_equal(git_index_write(idx), 0);
		git_index_free(idx);
	}

	assert_int_equal(kata_init(&f->done, f->repo, "Line 2", &fx_alice, &f->err), 0);
	assert_int_equal(fx_commits(f), 2);
	c = fx_commit_at(f, "HEAD");
	assert_int_equal(git_commit_parentcount(c), 1);
	assert_true(git_oid_equal(git_commit_parent_id(c, 0), &first));
	git_commit_free(c);
	fx_assert_file_at(f, "HEAD", "README", "hello\n");
	text = fx_read_at(f, "HEAD", "kata.yaml", NULL);
	assert_non_null(text);
	free(text);
	assert_true(fx_clean(f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_kata_yaml_with_format_and_team,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_without_a_team, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_team_that_looks_like_a_value_stays_text,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_team_name_writes_nothing, fx_setup_bare,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_adopts_a_repository_with_history,
						fx_setup_bare, fx_teardown),
	};

	return th_run_isolated(tests);
}
