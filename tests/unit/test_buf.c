#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"

static void test_add_grows_and_stays_terminated(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;
	char big[1000];
	size_t i;

	kata_buf_adds(&b, "kind: ");
	assert_string_equal(b.buf, "kind: ");
	assert_int_equal(b.len, 6);
	kata_buf_add(&b, "steppe", 4);
	assert_string_equal(b.buf, "kind: step");
	assert_int_equal(b.len, 10);
	/* past the first allocation, and far past it */
	memset(big, 'x', sizeof(big));
	kata_buf_add(&b, big, sizeof(big));
	assert_int_equal(b.len, 1010);
	assert_true(b.alloc > b.len);
	assert_int_equal(b.buf[b.len], '\0');
	assert_memory_equal(b.buf, "kind: step", 10);
	for (i = 10; i < b.len; i++)
		assert_int_equal(b.buf[i], 'x');
	assert_false(b.oom);
	kata_buf_release(&b);
	assert_null(b.buf);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
}

static void test_add_keeps_nul_bytes(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.buf, "a\0b", 4);
	kata_buf_release(&b);
}

static void test_adding_nothing_still_gives_a_string(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_add(&b, "", 0);
	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	kata_buf_release(&b);
}

static void test_addf_formats_long_and_short(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;
	char want[400];
	int i;

	kata_buf_addf(&b, "%s: %d", "step", 7);
	assert_string_equal(b.buf, "step: 7");
	assert_int_equal(b.len, 7);
	kata_buf_truncate(&b, 0);
	/* one format longer than what the buffer holds so far */
	for (i = 0; i < 300; i++)
		want[i] = (char)('a' + i % 26);
	want[300] = '\0';
	kata_buf_addf(&b, "[%s]", want);
	assert_int_equal(b.len, 302);
	assert_int_equal(b.buf[0], '[');
	assert_memory_equal(b.buf + 1, want, 300);
	assert_string_equal(b.buf + 301, "]");
	kata_buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 302);
	kata_buf_release(&b);
}

static void test_detach_hands_over_and_empties(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;
	char *s;

	kata_buf_adds(&b, "Kata-Action: edit\n");
	s = kata_buf_detach(&b);
	assert_string_equal(s, "Kata-Action: edit\n");
	assert_null(b.buf);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	/* the buffer is ready for more */
	kata_buf_adds(&b, "again");
	assert_string_equal(b.buf, "again");
	kata_buf_release(&b);
	free(s);
}

static void test_detach_of_empty_is_empty_string(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;
	char *s = kata_buf_detach(&b);

	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void test_truncate_keeps_the_start(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_adds(&b, "learners/alice/learner.yaml");
	kata_buf_truncate(&b, 14);
	assert_string_equal(b.buf, "learners/alice");
	assert_int_equal(b.len, 14);
	/* longer than what is there: nothing changes */
	kata_buf_truncate(&b, 100);
	assert_string_equal(b.buf, "learners/alice");
	assert_int_equal(b.len, 14);
	kata_buf_adds(&b, "/x");
	assert_string_equal(b.buf, "learners/alice/x");
	kata_buf_release(&b);
}

static void test_oom_makes_appends_noops_and_detach_null(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_adds(&b, "before");
	b.oom = true;	/* as a failed realloc leaves it */
	kata_buf_adds(&b, " after");
	kata_buf_addf(&b, "%d", 12);
	kata_buf_add(&b, "x", 1);
	assert_string_equal(b.buf, "before");
	assert_int_equal(b.len, 6);
	/* one check at the end: NULL, and nothing left to free */
	assert_null(kata_buf_detach(&b));
	assert_null(b.buf);
	assert_int_equal(b.len, 0);
	assert_false(b.oom);
}

static void test_release_twice(void **state)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_release(&b);
	kata_buf_adds(&b, "x");
	kata_buf_release(&b);
	kata_buf_release(&b);
	assert_null(b.buf);
	assert_false(b.oom);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_grows_and_stays_terminated),
		cmocka_unit_test(test_add_keeps_nul_bytes),
		cmocka_unit_test(test_adding_nothing_still_gives_a_string),
		cmocka_unit_test(test_addf_formats_long_and_short),
		cmocka_unit_test(test_detach_hands_over_and_empties),
		cmocka_unit_test(test_detach_of_empty_is_empty_string),
		cmocka_unit_test(test_truncate_keeps_the_start),
		cmocka_unit_test(test_oom_makes_appends_noops_and_detach_null),
		cmocka_unit_test(test_release_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
