#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/trailer.h"

#define T_ID "4fa1c2d3e4"
#define R_ID "7kq2m8n9p0"
#define COMMIT "0123456789abcdef0123456789abcdef01234567"

static int setup_git(void **state)
{
	git_libgit2_init();
	return 0;
}

static int teardown_git(void **state)
{
	git_libgit2_shutdown();
	return 0;
}

static struct kata_trailers full(void)
{
	struct kata_trailers t;

	memset(&t, 0, sizeof(t));
	strcpy(t.learner, "alice");
	strcpy(t.target, T_ID);
	strcpy(t.action, "step-plan");
	strcpy(t.record, R_ID);
	strcpy(t.reverts, COMMIT);
	return t;
}

static void parse_ok(struct kata_trailers *out, const char *message)
{
	struct kata_error err;

	kata_error_init(&err);
	memset(out, 0x5a, sizeof(*out));
	assert_int_equal(kata_trailers_parse(out, message, &err), 0);
	assert_int_equal(err.code, 0);
}

static void assert_same(const struct kata_trailers *a, const struct kata_trailers *b)
{
	assert_string_equal(a->learner, b->learner);
	assert_string_equal(a->target, b->target);
	assert_string_equal(a->action, b->action);
	assert_string_equal(a->record, b->record);
	assert_string_equal(a->reverts, b->reverts);
}

static void test_format_in_order(void **state)
{
	struct kata_trailers t = full();
	char *msg = kata_trailers_message("before", NULL, &t);

	assert_non_null(msg);
	assert_string_equal(msg, "before\n\n"
			    "Kata-Learner: alice\n"
			    "Kata-Target: " T_ID "\n"
			    "Kata-Action: step-plan\n"
			    "Kata-Record: " R_ID "\n"
			    "Kata-Reverts: " COMMIT "\n");
	free(msg);
}

static void test_format_leaves_out_what_is_empty(void **state)
{
	struct kata_trailers t;
	char *msg;

	memset(&t, 0, sizeof(t));
	msg = kata_trailers_message("s", NULL, &t);
	assert_string_equal(msg, "s\n\n");
	free(msg);
	strcpy(t.action, "init");
	msg = kata_trailers_message("s", NULL, &t);
	assert_string_equal(msg, "s\n\nKata-Action: init\n");
	free(msg);
}

static void test_message_without_body(void **state)
{
	struct kata_trailers t = full(), back;
	char *msg;

	t.reverts[0] = '\0';
	msg = kata_trailers_message("alice: step 7kq2 planned: move the bin", NULL, &t);
	assert_string_equal(msg, "alice: step 7kq2 planned: move the bin\n"
			    "\n"
			    "Kata-Learner: alice\n"
			    "Kata-Target: " T_ID "\n"
			    "Kata-Action: step-plan\n"
			    "Kata-Record: " R_ID "\n");
	/* what is written reads back */
	parse_ok(&back, msg);
	assert_same(&back, &t);
	free(msg);
}

static void test_message_with_body(void **state)
{
	struct kata_trailers t = full(), back;
	char *msg;

	strcpy(t.action, "undo");
	msg = kata_trailers_message("alice: undo 0123456: step", "This reverts commit " COMMIT ".", &t);
	assert_string_equal(msg, "alice: undo 0123456: step\n"
			    "\n"
			    "This reverts commit " COMMIT ".\n"
			    "\n"
			    "Kata-Learner: alice\n"
			    "Kata-Target: " T_ID "\n"
			    "Kata-Action: undo\n"
			    "Kata-Record: " R_ID "\n"
			    "Kata-Reverts: " COMMIT "\n");
	parse_ok(&back, msg);
	assert_same(&back, &t);
	free(msg);
}

static void test_parse_keys_are_case_insensitive(void **state)
{
	struct kata_trailers t;

	parse_ok(&t, "subject\n\nkata-learner: alice\nKATA-ACTION: edit\nKata-record: " R_ID
		     "\nkAtA-tArGeT: " T_ID "\nkata-reverts: " COMMIT "\n");
	assert_string_equal(t.learner, "alice");
	assert_string_equal(t.action, "edit");
	assert_string_equal(t.record, R_ID);
	assert_string_equal(t.target, T_ID);
	assert_string_equal(t.reverts, COMMIT);
}

static void test_parse_last_of_a_repeated_key_wins(void **state)
{
	struct kata_trailers t;

	/* kata log and kata undo read the same commit the same way */
	parse_ok(&t, "subject\n\nKata-Learner: alice\nKata-Action: step-plan\n"
		     "Kata-Learner: bob\nKata-Action: edit\nkata-learner: carol\n");
	assert_string_equal(t.learner, "carol");
	assert_string_equal(t.action, "edit");
}

static void test_parse_ignores_what_kata_could_not_have_written(void **state)
{
	char long_value[80], msg[512];
	struct kata_trailers t;

	parse_ok(&t, "subject\n\n"
		     "Kata-Learner: ../x\n"
		     "Kata-Action: step plan\n"
		     "Kata-Record: " R_ID " extra\n"
		     "Kata-Target: Step\n"
		     "Kata-Reverts: " COMMIT "0\n");
	assert_string_equal(t.learner, "");
	assert_string_equal(t.action, "");
	assert_string_equal(t.record, "");
	assert_string_equal(t.target, "");
	assert_string_equal(t.reverts, "");

	/* learner IDs that could leave their folder */
	parse_ok(&t, "s\n\nKata-Learner: ..\n");
	assert_string_equal(t.learner, "");
	parse_ok(&t, "s\n\nKata-Learner: .git\n");
	assert_string_equal(t.learner, "");
	parse_ok(&t, "s\n\nKata-Learner: a/b\n");
	assert_string_equal(t.learner, "");
	parse_ok(&t, "s\n\nKata-Learner: -rf\n");
	assert_string_equal(t.learner, "");

	/* 64 bytes is a value kata writes, 65 is not */
	memset(long_value, 'a', 64);
	long_value[64] = '\0';
	snprintf(msg, sizeof(msg), "s\n\nKata-Action: %s\nKata-Learner: %s\n", long_value,
		 long_value);
	parse_ok(&t, msg);
	assert_string_equal(t.action, long_value);
	assert_string_equal(t.learner, long_value);
	long_value[64] = 'a';
	long_value[65] = '\0';
	snprintf(msg, sizeof(msg), "s\n\nKata-Action: %s\nKata-Learner: %s\nKata-Record: %s\n",
		 long_value, long_value, long_value);
	parse_ok(&t, msg);
	assert_string_equal(t.action, "");
	assert_string_equal(t.learner, "");
	assert_string_equal(t.record, "");
}

static void test_parse_without_trailers(void **state)
{
	struct kata_trailers t, none;

	memset(&none, 0, sizeof(none));
	parse_ok(&t, "tidy up by hand\n");
	assert_same(&t, &none);
	parse_ok(&t, "tidy up by hand\n\nwith a body\nof two lines\n");
	assert_same(&t, &none);
	parse_ok(&t, "");
	assert_same(&t, &none);
	/* other trailers are someone else's */
	parse_ok(&t, "subject\n\nSigned-off-by: Hand <hand@example.com>\nKata-Other: x\n");
	assert_same(&t, &none);
	/* a paragraph in the middle is no trailer block */
	parse_ok(&t, "subject\n\nKata-Action: edit\n\nand then some prose.\n");
	assert_same(&t, &none);
}

static void test_parse_among_other_trailers(void **state)
{
	struct kata_trailers t;

	parse_ok(&t, "subject\n\nbody\n\nSigned-off-by: A <a@example.com>\nKata-Action: edit\n"
		     "Co-authored-by: B <b@example.com>\n");
	assert_string_equal(t.action, "edit");
	assert_string_equal(t.learner, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_in_order),
		cmocka_unit_test(test_format_leaves_out_what_is_empty),
		cmocka_unit_test(test_message_without_body),
		cmocka_unit_test(test_message_with_body),
		cmocka_unit_test(test_parse_keys_are_case_insensitive),
		cmocka_unit_test(test_parse_last_of_a_repeated_key_wins),
		cmocka_unit_test(test_parse_ignores_what_kata_could_not_have_written),
		cmocka_unit_test(test_parse_without_trailers),
		cmocka_unit_test(test_parse_among_other_trailers),
	};

	return cmocka_run_group_tests(tests, setup_git, teardown_git);
}
