#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "helpers.h"
#include "kata/error.h"

static void test_init_is_no_error(void **state)
{
	struct kata_error err;

	memset(&err, 0x5a, sizeof(err));
	kata_error_init(&err);
	assert_int_equal(err.code, KATA_OK);
	assert_null(err.path);
	assert_null(err.message);
	assert_int_equal(err.line, 0);
	assert_int_equal(err.col, 0);
}

static void test_set_says_what(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_error_set(&err, KATA_EINVALID, "invalid %s '%s'", "date", "x"),
			 KATA_EINVALID);
	assert_int_equal(err.code, KATA_EINVALID);
	assert_string_equal(err.message, "invalid date 'x'");
	assert_null(err.path);
	assert_int_equal(err.line, 0);
	kata_error_release(&err);
	assert_int_equal(err.code, 0);
	assert_null(err.message);
}

static void test_set_at_says_where(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_error_set_at(&err, KATA_EINVALID, "learners/alice/learner.yaml",
					   4, 3, "'%s' must be text", "name"), KATA_EINVALID);
	assert_string_equal(err.path, "learners/alice/learner.yaml");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 3);
	assert_string_equal(err.message, "'name' must be text");
	kata_error_release(&err);
	assert_null(err.path);
	assert_int_equal(err.line, 0);
	assert_int_equal(err.col, 0);
}

static void test_first_error_wins(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	kata_error_set_at(&err, KATA_ENOTFOUND, "a.yaml", 1, 2, "first");
	/* the caller's own word comes back, the callee's detail stays */
	assert_int_equal(kata_error_set(&err, KATA_ERROR, "second"), KATA_ERROR);
	assert_int_equal(kata_error_set_at(&err, KATA_EINVALID, "b.yaml", 9, 9, "third"),
			 KATA_EINVALID);
	assert_int_equal(kata_error_oom(&err), KATA_ERROR);
	assert_int_equal(err.code, KATA_ENOTFOUND);
	assert_string_equal(err.message, "first");
	assert_string_equal(err.path, "a.yaml");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 2);
	kata_error_release(&err);

	/* released, it takes the next one */
	assert_int_equal(kata_error_set(&err, KATA_EDIRTY, "next"), KATA_EDIRTY);
	assert_string_equal(err.message, "next");
	kata_error_release(&err);
}

static void test_no_error_object(void **state)
{
	assert_int_equal(kata_error_set(NULL, KATA_EINVALID, "x"), KATA_EINVALID);
	assert_int_equal(kata_error_set_at(NULL, KATA_EDIRTY, "p", 1, 1, "x"), KATA_EDIRTY);
	assert_int_equal(kata_error_oom(NULL), KATA_ERROR);
	assert_int_equal(kata_error_locate(NULL, "p", 1, 1), 0);
	kata_error_release(NULL);
}

static void test_locate_adds_a_place_to_an_error_without_one(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	kata_error_set(&err, KATA_EINVALID, "expectation must not be empty");
	assert_int_equal(kata_error_locate(&err, "answers.yaml", 7, 11), KATA_EINVALID);
	assert_string_equal(err.path, "answers.yaml");
	assert_int_equal(err.line, 7);
	assert_int_equal(err.col, 11);
	assert_string_equal(err.message, "expectation must not be empty");
	/* located once, it keeps that place */
	assert_int_equal(kata_error_locate(&err, "other.yaml", 1, 1), KATA_EINVALID);
	assert_string_equal(err.path, "answers.yaml");
	assert_int_equal(err.line, 7);
	kata_error_release(&err);
}

static void test_locate_keeps_a_file_the_error_names(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	kata_error_set_at(&err, KATA_EINVALID, "learners/alice/learner.yaml", 2, 5, "bad");
	assert_int_equal(kata_error_locate(&err, "answers.yaml", 7, 11), KATA_EINVALID);
	assert_string_equal(err.path, "learners/alice/learner.yaml");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 5);
	kata_error_release(&err);

	/* a place of no file is no place */
	kata_error_set(&err, KATA_EINVALID, "bad");
	assert_int_equal(kata_error_locate(&err, NULL, 7, 11), KATA_EINVALID);
	assert_null(err.path);
	assert_int_equal(err.line, 0);
	kata_error_release(&err);
}

static void test_locate_without_an_error_does_nothing(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_error_locate(&err, "answers.yaml", 7, 11), 0);
	assert_int_equal(err.code, 0);
	assert_null(err.path);
	assert_int_equal(err.line, 0);
	/* and what comes later has no place given in advance */
	kata_error_set(&err, KATA_EINVALID, "later");
	assert_null(err.path);
	kata_error_release(&err);
}

static void test_oom(void **state)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_error_oom(&err), KATA_ERROR);
	assert_int_equal(err.code, KATA_ERROR);
	assert_string_equal(err.message, "out of memory");
	kata_error_release(&err);
}

static void test_from_git_keeps_libgit2s_message(void **state)
{
	struct kata_error err;
	git_repository *repo = NULL;
	char *dir = th_tmpdir(), *missing = th_path(dir, "nothing"), want[1024];
	const git_error *ge;

	git_libgit2_init();
	kata_error_init(&err);
	assert_true(git_repository_open(&repo, missing) < 0);
	ge = git_error_last();
	assert_non_null(ge);
	assert_non_null(ge->message);
	assert_true(strlen(ge->message) > 0);
	snprintf(want, sizeof(want), "cannot open: %s", ge->message);
	assert_int_equal(kata_error_from_git(&err, "cannot open"), KATA_ERROR);
	assert_int_equal(err.code, KATA_ERROR);
	assert_string_equal(err.message, want);
	/* libgit2's reason names what it could not open */
	assert_non_null(strstr(err.message, "nothing"));
	kata_error_release(&err);

	/* no error of libgit2's to pass on: what failed, at least */
	git_error_clear();
	assert_int_equal(kata_error_from_git(&err, "cannot write tree"), KATA_ERROR);
	assert_string_equal(err.message, "cannot write tree failed");
	kata_error_release(&err);

	git_libgit2_shutdown();
	th_rmtree(dir);
	free(dir);
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_no_error),
		cmocka_unit_test(test_set_says_what),
		cmocka_unit_test(test_set_at_says_where),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_no_error_object),
		cmocka_unit_test(test_locate_adds_a_place_to_an_error_without_one),
		cmocka_unit_test(test_locate_keeps_a_file_the_error_names),
		cmocka_unit_test(test_locate_without_an_error_does_nothing),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_from_git_keeps_libgit2s_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
