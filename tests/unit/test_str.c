#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kata/str.h"

static void test_newf_formats(void **state)
{
	char *s = kata_str_newf("%s/%03lu-%s", "learners/alice", 7UL, "4fa1");
	char *long_s;
	char arg[2001];

	assert_string_equal(s, "learners/alice/007-4fa1");
	free(s);
	s = kata_str_newf("%s", "");
	assert_string_equal(s, "");
	free(s);
	memset(arg, 'y', 2000);
	arg[2000] = '\0';
	long_s = kata_str_newf("<%s>", arg);
	assert_int_equal(strlen(long_s), 2002);
	assert_int_equal(long_s[0], '<');
	assert_int_equal(long_s[2001], '>');
	free(long_s);
}

static char *through_vnewf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kata_str_vnewf(fmt, ap);
	va_end(ap);
	return s;
}

static void test_vnewf_formats(void **state)
{
	char *s = through_vnewf("%d %s %c", -3, "steps", '!');

	assert_string_equal(s, "-3 steps !");
	free(s);
}

static void test_strv_free(void **state)
{
	char **v = calloc(3, sizeof(*v));

	assert_non_null(v);
	v[0] = strdup("a");
	v[1] = strdup("b");
	kata_strv_free(v);	/* valgrind says whether all three went */
	kata_strv_free(NULL);
}

/* kata_str_cut into a buffer of size bytes; out is checked for its NUL. */
static void cut(char *out, size_t size, const char *s, size_t max, const char *want)
{
	memset(out, '#', size);
	kata_str_cut(out, size, s, max);
	assert_string_equal(out, want);
	assert_true(strlen(out) < size);
}

static void test_cut_short_text_is_copied(void **state)
{
	char out[64];

	cut(out, sizeof(out), "Move the cart", 60, "Move the cart");
	cut(out, sizeof(out), "", 60, "");
	/* exactly max bytes: nothing was left out */
	cut(out, sizeof(out), "abcdef", 6, "abcdef");
}

static void test_cut_first_line_only(void **state)
{
	char out[64];

	cut(out, sizeof(out), "first line\nsecond line", 60, "first line...");
	cut(out, sizeof(out), "\nafter an empty first line", 60, "...");
}

static void test_cut_long_text(void **state)
{
	char out[64];

	cut(out, sizeof(out), "abcdefghij", 4, "abcd...");
	cut(out, sizeof(out), "abcdefghij", 0, "...");
	/* the buffer bounds the cut as well as max does */
	cut(out, 10, "abcdefghijklmnop", 60, "abcdef...");
}

static void test_cut_on_a_character_boundary(void **state)
{
	char out[64];

	/* é is two bytes: a cut after 3 bytes would split the second one */
	cut(out, sizeof(out), "\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9...");
	cut(out, sizeof(out), "\xc3\xa9\xc3\xa9\xc3\xa9", 4, "\xc3\xa9\xc3\xa9...");
	/* a four-byte character, cut anywhere inside: all of it goes */
	cut(out, sizeof(out), "a\xf0\x9f\x98\x80z", 2, "a...");
	cut(out, sizeof(out), "a\xf0\x9f\x98\x80z", 3, "a...");
	cut(out, sizeof(out), "a\xf0\x9f\x98\x80z", 4, "a...");
	cut(out, sizeof(out), "a\xf0\x9f\x98\x80z", 5, "a\xf0\x9f\x98\x80...");
	/* three-byte characters cut by the size of the buffer (8: 4 bytes
	 * and "...") */
	cut(out, 8, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 60, "\xe2\x82\xac...");
}

static void test_cut_control_characters_become_spaces(void **state)
{
	char out[64];

	cut(out, sizeof(out), "a\tb\rc\x1b[31md\x7f" "e", 60, "a b c [31md e");
	/* a cut never leaves a control character either */
	cut(out, sizeof(out), "\x01\x02\x03\x04\x05", 3, "   ...");
}

static void test_cut_tiny_buffers(void **state)
{
	char out[8];

	/* room for one byte and "..." */
	cut(out, 5, "abcdef", 60, "a...");
	cut(out, 5, "a", 60, "a");
	/* no room for anything and "...": empty, never overrun */
	cut(out, 4, "abcdef", 60, "");
	cut(out, 1, "abcdef", 60, "");
	out[0] = '#';
	kata_str_cut(out, 0, "abcdef", 60);
	assert_int_equal(out[0], '#');
}

/* The first line whole fits the buffer: nothing is left out. */
static void test_cut_text_that_fits_is_not_cut(void **state)
{
	char out[64];

	cut(out, 5, "ab", 60, "ab");
	cut(out, 8, "abcdef", 60, "abcdef");
}

/* A final newline leaves out nothing but itself. */
static void test_cut_a_final_newline_is_no_cut(void **state)
{
	char out[64];

	cut(out, sizeof(out), "Move the cart\n", 60, "Move the cart");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newf_formats),
		cmocka_unit_test(test_vnewf_formats),
		cmocka_unit_test(test_strv_free),
		cmocka_unit_test(test_cut_short_text_is_copied),
		cmocka_unit_test(test_cut_first_line_only),
		cmocka_unit_test(test_cut_long_text),
		cmocka_unit_test(test_cut_on_a_character_boundary),
		cmocka_unit_test(test_cut_control_characters_become_spaces),
		cmocka_unit_test(test_cut_tiny_buffers),
		cmocka_unit_test(test_cut_text_that_fits_is_not_cut),
		cmocka_unit_test(test_cut_a_final_newline_is_no_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
