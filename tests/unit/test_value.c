#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kata/value.h"

/* ---- text ---- */

static void text_refused(const char *s, unsigned flags, const char *want)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_value_text(s, "expectation", flags, &err), KATA_EINVALID);
	assert_int_equal(err.code, KATA_EINVALID);
	assert_string_equal(err.message, want);
	/* no position: the caller knows where the text came from */
	assert_null(err.path);
	assert_int_equal(err.line, 0);
	kata_error_release(&err);
}

static void text_ok(const char *s, unsigned flags)
{
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_value_text(s, "expectation", flags, &err), 0);
	assert_int_equal(err.code, 0);
	assert_null(err.message);
}

static void test_text_required(void **state)
{
	text_ok(NULL, 0);
	text_ok("", 0);
	text_refused(NULL, KATA_VALUE_REQUIRED, "expectation must not be empty");
	text_refused("", KATA_VALUE_REQUIRED, "expectation must not be empty");
	text_ok("20 minutes", KATA_VALUE_REQUIRED);
	/* the value says what it is, whatever it is */
	{
		struct kata_error err;

		kata_error_init(&err);
		kata_value_text("", "team name", KATA_VALUE_REQUIRED, &err);
		assert_string_equal(err.message, "team name must not be empty");
		kata_error_release(&err);
	}
}

static void test_text_at_most_64_kib(void **state)
{
	char *s = malloc(KATA_TEXT_MAX + 2);

	assert_non_null(s);
	assert_int_equal(KATA_TEXT_MAX, 65536);
	memset(s, 'a', KATA_TEXT_MAX);
	s[KATA_TEXT_MAX] = '\0';
	text_ok(s, 0);
	s[KATA_TEXT_MAX] = 'a';
	s[KATA_TEXT_MAX + 1] = '\0';
	text_refused(s, 0, "expectation is longer than 64 KiB");
	/* what a record holds is bounded as a whole, not per text */
	assert_true(kata_value_text_ok(s, 0));
	free(s);
}

static void test_text_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"caf\xc3",		/* cut inside a character */
		"\xc3(",		/* a lead byte without its continuation */
		"\xa9",			/* a continuation byte alone */
		"\xc0\xaf",		/* an overlong '/' */
		"\xed\xa0\x80",		/* a UTF-16 surrogate */
		"\xf4\x90\x80\x80",	/* beyond U+10FFFF */
		"\xff",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text_refused(bad[i], 0, "expectation is not valid UTF-8");
		assert_false(kata_value_text_ok(bad[i], 0));
	}
	text_ok("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", KATA_VALUE_REQUIRED);
	assert_true(kata_value_text_ok("caf\xc3\xa9", 0));
}

static void test_text_control_characters(void **state)
{
	static const char *const bad[] = { "a\x01", "a\rb", "\x1b[31mred", "del\x7f", "\x1f" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text_refused(bad[i], 0, "expectation holds a control character");
		assert_false(kata_value_text_ok(bad[i], 0));
	}
	/* newline and tab are text */
	text_ok("line one\nline two\twith a tab\n", 0);
	assert_true(kata_value_text_ok("a\nb\tc", 0));
	assert_true(kata_value_text_ok("", 0));
}

static void test_text_blank_is_no_answer(void **state)
{
	static const char *const blank[] = {
		" ", "   ", "\t", " \n ", "\n\n",
		"\xc2\xa0",			/* no-break space */
		"\xe3\x80\x80",		/* ideographic space */
		"\xe2\x80\x83 \xe2\x80\x8b",	/* em space, zero-width space */
		"\xef\xbb\xbf",		/* a byte-order mark alone */
	};
	size_t i;

	for (i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		assert_true(kata_value_blank(blank[i]));
		text_refused(blank[i], KATA_VALUE_REQUIRED, "expectation must not be blank");
		assert_false(kata_value_text_ok(blank[i], KATA_VALUE_REQUIRED));
		text_ok(blank[i], 0);
	}
	assert_true(kata_value_blank(NULL));
	assert_true(kata_value_blank(""));
	/* text with spaces around it is text */
	assert_false(kata_value_blank(" a "));
	assert_false(kata_value_blank("\xe3\x80\x80\xe5\xbe\x85"));
	assert_false(kata_value_blank("\xc2\xa9"));	/* the copyright sign */
	text_ok("  20 minutes ", KATA_VALUE_REQUIRED);
}

static void test_text_one_line(void **state)
{
	text_refused("fix the jig\nand the tray", KATA_VALUE_LINE, "expectation must be one line");
	text_refused("trailing\n", KATA_VALUE_LINE | KATA_VALUE_REQUIRED,
		     "expectation must be one line");
	assert_false(kata_value_text_ok("a\nb", KATA_VALUE_LINE));
	text_ok("one line\twith a tab", KATA_VALUE_LINE);
	text_ok("Gr\xc3\xb6\xc3\x9f" "e passt", KATA_VALUE_LINE | KATA_VALUE_REQUIRED);
	assert_true(kata_value_text_ok("a\nb", 0));
}

/* ---- numbers ---- */

static void number_is(const char *in, const char *want)
{
	char out[KATA_NUMBER_MAX];
	struct kata_error err;

	kata_error_init(&err);
	memset(out, '#', sizeof(out));
	if (kata_value_number(out, in, "goal", &err) != 0)
		fail_msg("'%s' refused: %s", in, err.message);
	if (strcmp(out, want))
		fail_msg("'%s' stored as '%s', expected '%s'", in, out, want);
	/* what it writes, it takes as stored */
	assert_true(kata_value_number_ok(out));
	kata_error_release(&err);
}

static void number_refused(const char *in)
{
	char out[KATA_NUMBER_MAX], want[256];
	struct kata_error err;

	kata_error_init(&err);
	if (kata_value_number(out, in, "goal", &err) != KATA_EINVALID)
		fail_msg("'%s' accepted as '%s'", in, out);
	snprintf(want, sizeof(want), "invalid goal '%s': expected a number such as 12 or 3.5",
		 in ? in : "");
	assert_string_equal(err.message, want);
	assert_null(err.path);
	kata_error_release(&err);
}

static void test_number_canonical_forms(void **state)
{
	number_is("12", "12");
	number_is("3.5", "3.5");
	number_is("-0.25", "-0.25");
	number_is("0", "0");
	number_is("1.50", "1.50");
	/* YAML 1.1 reads 010 as eight: the zeros go */
	number_is("010", "10");
	number_is("-010", "-10");
	number_is("000", "0");
	number_is("+5", "5");
	/* a digit on each side of the point */
	number_is(".5", "0.5");
	number_is("-.5", "-0.5");
	number_is("5.", "5.0");
	/* exponents: printf's, with a point and a sign */
	number_is("1e5", "100000");
	number_is("1E5", "100000");
	number_is("1.5e3", "1500");
	number_is("1e20", "1.0e+20");
	number_is("-1e-7", "-1.0e-07");
	number_is("2.5e20", "2.5e+20");
}

static void test_number_refused(void **state)
{
	static const char *const bad[] = {
		"1e", "", "abc", "1-2", "inf", "nan", "1e999", "0x1F",
		"-", ".", "1.2.3", "5 ", " 5", "1,5", "--5", "1e+", "12abc", "+",
		"-inf", "1e-999",
		"12345678901234567890123456789012345678901",	/* 41 bytes */
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		number_refused(bad[i]);
	number_refused(NULL);
}

static void test_number_ok_is_the_stored_form_only(void **state)
{
	static const char *const good[] = {
		"0", "10", "-3", "3.5", "-0.25", "0.5", "5.0", "1.0e+20", "-1.0e-07", "1.0E+5",
	};
	static const char *const bad[] = {
		"010", "1e5", "0x1F", ".5", "5.", "+5", "1.0e20", "1e+20", "-.5", "00",
		"1_000", "1:30", "", "-", "abc", "1.0e+999", "inf", ".inf", " 1", "1 ",
	};
	char longest[KATA_NUMBER_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!kata_value_number_ok(good[i]))
			fail_msg("'%s' refused", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kata_value_number_ok(bad[i]))
			fail_msg("'%s' taken as stored", bad[i]);
	/* KATA_NUMBER_MAX bounds it, terminator included */
	memset(longest, '1', KATA_NUMBER_MAX - 1);
	longest[KATA_NUMBER_MAX - 1] = '\0';
	assert_true(kata_value_number_ok(longest));
	longest[KATA_NUMBER_MAX - 1] = '1';
	longest[KATA_NUMBER_MAX] = '\0';
	assert_false(kata_value_number_ok(longest));
}

/*
 * Each expectation below is what PyYAML 6.0 (yaml.safe_load, a YAML 1.1
 * reader) gives for "k: <scalar>", checked with python3 when the table was
 * written, except where a comment says why kata differs: a float JSON
 * cannot hold, and a date, which JSON has no type for, are strings.
 */
struct resolved {
	const char *s;
	struct th_scalar want;
};

#define S(s) { s, TH_STRING }
#define N(s) { s, TH_NULL }
#define B(s, b) { s, TH_BOOL(b) }
#define I(s, i) { s, TH_INT(i) }
#define R(s, r) { s, TH_REAL(r) }

static const struct resolved plain[] = {
	/* booleans, YAML 1.1's words; y and n are not PyYAML's */
	B("yes", true), B("Yes", true), B("YES", true), B("no", false), B("No", false),
	B("NO", false), B("on", true), B("On", true), B("ON", true), B("off", false),
	B("Off", false), B("OFF", false), B("true", true), B("True", true),
	B("TRUE", true), B("false", false), B("False", false), B("FALSE", false),
	S("y"), S("n"), S("Y"), S("tRue"), S("yES"),
	/* nulls */
	N("~"), N("null"), N("Null"), N("NULL"), N(""), S("nULL"), S("none"),
	/* integers: octal, hexadecimal, binary, underscores, base 60 */
	I("0", 0), I("-0", 0), I("12", 12), I("+5", 5), I("-12", -12),
	I("010", 8), I("-010", -8), I("0_10", 8), I("007", 7), I("00", 0), I("0_", 0),
	I("0x1F", 31), I("0x1f", 31), I("-0x1F", -31), I("0x_1F", 31),
	I("0b101", 5), I("+0b101", 5),
	I("1_000", 1000), I("1__0", 10), I("+1_0", 10), I("1_", 1),
	I("1:30", 90), I("-1:30", -90), I("1:3", 63), I("1:30:00", 5400),
	I("190:20:30", 685230),
	I("9223372036854775807", LLONG_MAX), I("-9223372036854775808", LLONG_MIN),
	I("0x7FFFFFFFFFFFFFFF", LLONG_MAX), I("0777777777777777777777", LLONG_MAX),
	/* integers beyond 64 bits: JSON readers would round them */
	S("9223372036854775808"), S("-9223372036854775809"), S("99999999999999999999"),
	S("0xFFFFFFFFFFFFFFFF"), S("9223372036854775807:0"),
	/* not integers to PyYAML */
	S("08"), S("09"), S("0o17"), S("0X1F"), S("0B101"), S("0b"), S("0x"),
	S("1:60"), S("01:30"), S("0:30"), S("_1"), S("12abc"), S("1-2"), S("1,000"),
	/* floats need their point, and an exponent its sign */
	R("1.5", 1.5), R("1.", 1.0), R("0.", 0.0), R(".5", 0.5), R("-1.5", -1.5),
	R("1.0e+5", 100000.0), R("1.0E+5", 100000.0), R("1.0e-05", 1e-05),
	R("-1.0e+20", -1e20), R("6.8523015e+5", 685230.15), R("1.5_", 1.5),
	R("1_000.5_0", 1000.5), R("1:30.5", 90.5),
	S("1e5"), S("1e+5"), S("1.0e5"), S("1e999"), S("-.5"),
	/* PyYAML: infinity, which JSON cannot hold */
	S("1.0e+999"), S("-1.0e+999"),
	/* PyYAML: a date */
	S("2026-11-21"),
	S("abc"), S("Move the cart"),
};

/* The stored form of a number, as data. */
static void test_number_scalar(void **state)
{
	static const struct resolved numbers[] = {
		I("12", 12), I("-3", -3), R("3.5", 3.5), R("5.0", 5.0), R("1.0e+20", 1e20),
		/* beyond 64 bits: a real rather than a wrong integer */
		R("99999999999999999999", 1e20),
		I("9223372036854775807", LLONG_MAX),
	};
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		struct kata_scalar v;

		memset(&v, 0x5a, sizeof(v));
		kata_value_number_scalar(&v, numbers[i].s);
		wrong += !th_scalar_is(&v, &numbers[i].want, numbers[i].s);
	}
	assert_int_equal(wrong, 0);
}

static void test_resolve_plain_as_pyyaml(void **state)
{
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		struct kata_scalar v;

		memset(&v, 0x5a, sizeof(v));
		kata_value_resolve(&v, plain[i].s, true);
		wrong += !th_scalar_is(&v, &plain[i].want, plain[i].s);
	}
	assert_int_equal(wrong, 0);
}

static void test_resolve_quoted_is_always_a_string(void **state)
{
	static const char *const quoted[] = {
		"yes", "~", "", "null", "010", "0x1F", "1:30", "1.5", "true", "12",
	};
	size_t i;

	for (i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++) {
		struct kata_scalar v;

		kata_value_resolve(&v, quoted[i], false);
		if (v.type != KATA_SCALAR_STRING)
			fail_msg("quoted '%s' resolved as type %d", quoted[i], (int)v.type);
	}
}

/*
 * PyYAML reads these as floats, which JSON cannot hold: strings, as the
 * header says, so that --json shows what the file holds. lib/value.c reads
 * them with strtod(), which takes no ".inf", and makes 0.0 of them.
 */
static void test_resolve_inf_and_nan_are_strings(void **state)
{
	static const char *const special[] = {
		".inf", "-.inf", "+.inf", ".Inf", ".INF", "-.Inf", ".nan", ".NaN", ".NAN",
	};
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		const struct th_scalar w = TH_STRING;
		struct kata_scalar v;

		kata_value_resolve(&v, special[i], true);
		wrong += !th_scalar_is(&v, &w, special[i]);
	}
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_required),
		cmocka_unit_test(test_text_at_most_64_kib),
		cmocka_unit_test(test_text_invalid_utf8),
		cmocka_unit_test(test_text_control_characters),
		cmocka_unit_test(test_text_blank_is_no_answer),
		cmocka_unit_test(test_text_one_line),
		cmocka_unit_test(test_number_canonical_forms),
		cmocka_unit_test(test_number_refused),
		cmocka_unit_test(test_number_ok_is_the_stored_form_only),
		cmocka_unit_test(test_number_scalar),
		cmocka_unit_test(test_resolve_plain_as_pyyaml),
		cmocka_unit_test(test_resolve_quoted_is_always_a_string),
		cmocka_unit_test(test_resolve_inf_and_nan_are_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
