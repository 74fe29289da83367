#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"

/*
 * cmd/text.c, the program's text helpers, on their own: the board and
 * the storyboard count on them for text in any language.
 */

/* What cmd_wrap printed. */
static char *wrapped(const char *text, int col, int hang, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cmd_wrap(f, text, col, hang, width);
	fclose(f);
	return buf;
}

static void test_width_in_columns(void **state)
{
	(void)state;
	assert_int_equal(cmd_text_width(""), 0);
	assert_int_equal(cmd_text_width("Größe"), 5);		/* 7 bytes */
	assert_int_equal(cmd_text_width("待ち時間"), 8);	/* 12 bytes */
	assert_int_equal(cmd_text_width("🚀✅"), 4);
	assert_int_equal(cmd_text_width("e\xcc\x81"), 1);	/* e and a combining accent */
}

static void test_pad_by_columns(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	cmd_pad(f, "待ち", 6);
	cmd_pad(f, "|Größe", 3);	/* wider already: as it is */
	fclose(f);
	assert_string_equal(buf, "待ち  |Größe");
	free(buf);
}

static void test_wrap_at_words(void **state)
{
	char *s;

	(void)state;
	s = wrapped("one two three four", 0, 2, 30);
	assert_string_equal(s, "one two three four");	/* fits */
	free(s);
	/* 22 columns from column 4, further lines under it */
	s = wrapped("Die Größe der Kisten passt nicht ins Regal", 4, 4, 26);
	assert_string_equal(s, "Die Größe der Kisten\n    passt nicht ins Regal");
	free(s);
	/* a wide character takes two columns; between two a line may break */
	s = wrapped("待ち時間待ち時間待ち時間", 0, 0, 20);
	assert_string_equal(s, "待ち時間待ち時間待ち\n時間");
	free(s);
	/* a word longer than a line stays whole */
	s = wrapped("a supercalifragilisticexpialidocious word", 0, 0, 20);
	assert_string_equal(s, "a\nsupercalifragilisticexpialidocious\nword");
	free(s);
}

static void test_wrap_keeps_lines_and_colours(void **state)
{
	char *s;

	(void)state;
	/* a line of the text's own starts a line under the first */
	s = wrapped("line one\nline two", 2, 2, 40);
	assert_string_equal(s, "line one\n  line two");
	free(s);
	s = wrapped("crlf\r\nend", 0, 1, 40);
	assert_string_equal(s, "crlf\n end");
	free(s);
	/* colours take no room, and are all kept */
	s = wrapped("\033[1mbold\033[0m words that wrap here", 0, 0, 19);
	assert_string_equal(s, "\033[1mbold\033[0m words that\nwrap here");
	free(s);
	/* the first line may start left of its further ones */
	s = wrapped("aaaa bbbb cccc dddd eeee ffff gggg", 0, 10, 30);
	assert_string_equal(s, "aaaa bbbb cccc dddd eeee ffff\n          gggg");
	free(s);
}

static void test_truncate_by_columns(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(cmd_truncate(out, sizeof(out), "Größe", 5), "Größe");
	assert_string_equal(cmd_truncate(out, sizeof(out), "Größe passt", 5), "Größ…");
	/* never half a wide character */
	assert_string_equal(cmd_truncate(out, sizeof(out), "待ち時間", 6), "待ち…");
	assert_string_equal(cmd_truncate(out, sizeof(out), "待ち時間", 4), "待…");
	assert_string_equal(cmd_truncate(out, sizeof(out), "🚀🚀", 3), "🚀…");
	assert_string_equal(cmd_truncate(out, sizeof(out), "abc", 0), "");
	/* the buffer bounds it too, between characters */
	assert_string_equal(cmd_truncate(out, 8, "Größe passt", 40), "Grö…");
	assert_int_equal(strlen(cmd_truncate(out, 8, "Größe passt", 40)), 7);
}

static void test_term_width(void **state)
{
	(void)state;
	setenv("COLUMNS", "40", 1);
	assert_int_equal(cmd_term_width(), 40);
	/* the test's standard output is no terminal under meson: 80 */
	if (isatty(STDOUT_FILENO))
		return;
	setenv("COLUMNS", "forty", 1);
	assert_int_equal(cmd_term_width(), 80);
	setenv("COLUMNS", "0", 1);
	assert_int_equal(cmd_term_width(), 80);
	unsetenv("COLUMNS");
	assert_int_equal(cmd_term_width(), 80);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_in_columns),
		cmocka_unit_test(test_pad_by_columns),
		cmocka_unit_test(test_wrap_at_words),
		cmocka_unit_test(test_wrap_keeps_lines_and_colours),
		cmocka_unit_test(test_truncate_by_columns),
		cmocka_unit_test(test_term_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
