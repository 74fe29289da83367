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

/* What kata_trailers_parse reads from a message: every trailer, "" for
 * each that is not there. */
static const struct parse_case {
	const char *name, *message;
	struct kata_trailers want;	/* learner, target, action, record, reverts */
} parses[] = {
	{ "keys are case-insensitive",
	  "subject\n\nkata-learner: alice\nKATA-ACTION: edit\nKata-record: " R_ID
	  "\nkAtA-tArGeT: " T_ID "\nkata-reverts: " COMMIT "\n",
	  { "alice", T_ID, "edit", R_ID, COMMIT } },
	/* kata log and kata undo read the same commit the same way */
	{ "the last of a repeated key wins",
	  "subject\n\nKata-Learner: alice\nKata-Action: step-plan\n"
	  "Kata-Learner: bob\nKata-Action: edit\nkata-learner: carol\n",
	  { "carol", "", "edit", "", "" } },
	{ "values kata could not have written are ignored",
	  "subject\n\n"
	  "Kata-Learner: ../x\n"
	  "Kata-Action: step plan\n"
	  "Kata-Record: " R_ID " extra\n"
	  "Kata-Target: Step\n"
	  "Kata-Reverts: " COMMIT "0\n",
	  { "", "", "", "", "" } },
	/* learner IDs that could leave their folder */
	{ "learner ..", "s\n\nKata-Learner: ..\n", { "", "", "", "", "" } },
	{ "learner .git", "s\n\nKata-Learner: .git\n", { "", "", "", "", "" } },
	{ "learner a/b", "s\n\nKata-Learner: a/b\n", { "", "", "", "", "" } },
	{ "learner -rf", "s\n\nKata-Learner: -rf\n", { "", "", "", "", "" } },
	/* without trailers */
	{ "a subject alone", "tidy up by hand\n", { "", "", "", "", "" } },
	{ "a body", "tidy up by hand\n\nwith a body\nof two lines\n", { "", "", "", "", "" } },
	{ "nothing", "", { "", "", "", "", "" } },
	/* other trailers are someone else's */
	{ "other trailers", "subject\n\nSigned-off-by: Hand <hand@example.com>\nKata-Other: x\n",
	  { "", "", "", "", "" } },
	/* a paragraph in the middle is no trailer block */
	{ "a paragraph after the trailers", "subject\n\nKata-Action: edit\n\nand then some prose.\n",
	  { "", "", "", "", "" } },
	{ "among other trailers",
	  "subject\n\nbody\n\nSigned-off-by: A <a@example.com>\nKata-Action: edit\n"
	  "Co-authored-by: B <b@example.com>\n",
	  { "", "", "edit", "", "" } },
};

static void test_parse(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(parses) / sizeof(parses[0]); i++) {
		const struct kata_trailers *w = &parses[i].want;
		struct kata_trailers t;

		parse_ok(&t, parses[i].message);
		if (strcmp(t.learner, w->learner) || strcmp(t.target, w->target) ||
		    strcmp(t.action, w->action) || strcmp(t.record, w->record) ||
		    strcmp(t.reverts, w->reverts))
			fail_msg("%s: learner '%s' target '%s' action '%s' record '%s' reverts '%s'",
				 parses[i].name, t.learner, t.target, t.action, t.record, t.reverts);
	}
}

/* 64 bytes is a value kata writes, 65 is not. */
static void test_parse_values_at_the_limit(void **state)
{
	char long_value[80], msg[512];
	struct kata_trailers t;

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_in_order),
		cmocka_unit_test(test_format_leaves_out_what_is_empty),
		cmocka_unit_test(test_message_without_body),
		cmocka_unit_test(test_message_with_body),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_values_at_the_limit),
	};

	return cmocka_run_group_tests(tests, setup_git, teardown_git);
}
