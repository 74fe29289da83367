#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kata/when.h"
#include "helpers.h"

#define WHEN_EXPECTED \
	"expected YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, tomorrow, yesterday, " \
	"a weekday (monday), +Nd, -Nd or +Nh"
#define RFC3339_EXPECTED "expected RFC 3339 such as 2026-11-21T09:00:00Z"

/* The fixed clocks: a morning east of UTC, a late evening in UTC (whose
 * day differs from +01:00's), and an evening west of UTC. */
#define NOW_EAST "2026-11-21T09:30:00+01:00"
#define NOW_UTC "2026-11-21T23:30:00Z"
#define NOW_WEST "2026-11-21T20:00:00-08:00"

static struct kata_time tm_of(const char *s)
{
	struct kata_time tm;
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_time_parse_rfc3339(&tm, s, &err), 0);
	assert_int_equal(err.code, 0);
	kata_error_release(&err);
	return tm;
}

static struct kata_time day_of(const char *s, const char *now_s)
{
	struct kata_time tm, now = tm_of(now_s);
	struct kata_error err;

	kata_error_init(&err);
	assert_int_equal(kata_when_parse(&tm, s, &now, &err), 0);
	assert_false(tm.has_time);
	kata_error_release(&err);
	return tm;
}

/* Parses in against now and checks the formatted result and its kind. */
static void check_when(const char *now_s, const char *in, const char *expect, bool has_time)
{
	struct kata_time now = tm_of(now_s), tm;
	struct kata_error err;
	char buf[KATA_TIME_BUFSZ];

	kata_error_init(&err);
	memset(&tm, 0, sizeof(tm));
	if (kata_when_parse(&tm, in, &now, &err) != 0)
		fail_msg("'%s' at %s refused: %s", in, now_s, err.message);
	assert_int_equal(err.code, 0);
	kata_time_format(buf, &tm);
	if (strcmp(buf, expect) || tm.has_time != has_time)
		fail_msg("'%s' at %s gave %s (has_time %d), expected %s (has_time %d)",
			 in, now_s, buf, tm.has_time, expect, has_time);
	kata_error_release(&err);
}

/* in is refused at now_s, saying why (NULL: what a WHEN may be). */
static void refuse_when_why(const char *now_s, const char *in, const char *why)
{
	struct kata_time now = tm_of(now_s), tm;
	struct kata_error err;
	char msg[256];
	int rc;

	kata_error_init(&err);
	tm.t = 42;
	tm.offset = 7;
	tm.has_time = true;
	rc = kata_when_parse(&tm, in, &now, &err);
	if (rc != KATA_EINVALID)
		fail_msg("'%s' at %s gave %d, expected KATA_EINVALID", in, now_s, rc);
	assert_int_equal(err.code, KATA_EINVALID);
	snprintf(msg, sizeof(msg), "invalid date '%s': %s", in, why ? why : WHEN_EXPECTED);
	assert_string_equal(err.message, msg);
	/* A refused parse leaves out alone. */
	assert_true(tm.t == 42 && tm.offset == 7 && tm.has_time);
	kata_error_release(&err);
}

static void refuse_when(const char *now_s, const char *in)
{
	refuse_when_why(now_s, in, NULL);
}

static void refuse_rfc3339(const char *in)
{
	struct kata_time tm;
	struct kata_error err;
	char msg[256];
	int rc;

	kata_error_init(&err);
	rc = kata_time_parse_rfc3339(&tm, in, &err);
	if (rc != KATA_EINVALID)
		fail_msg("'%s' gave %d, expected KATA_EINVALID", in, rc);
	snprintf(msg, sizeof(msg), "invalid time '%s': %s", in, RFC3339_EXPECTED);
	assert_string_equal(err.message, msg);
	kata_error_release(&err);
}

static void test_rfc3339_valid(void **state)
{
	struct kata_time tm;

	(void)state;
	tm = tm_of("2026-11-21T14:00:00Z");
	assert_true(tm.t == 1795269600);
	assert_int_equal(tm.offset, 0);
	assert_true(tm.has_time);

	tm = tm_of("2026-11-21T14:00:00+01:00");
	assert_true(tm.t == 1795269600 - 3600);
	assert_int_equal(tm.offset, 60);

	tm = tm_of("2026-11-21T14:00:00-05:30");
	assert_true(tm.t == 1795269600 + 5 * 3600 + 30 * 60);
	assert_int_equal(tm.offset, -330);

	/* Lower-case t and z, a space separator, fractions dropped. */
	assert_true(tm_of("2026-11-21t14:00:00z").t == 1795269600);
	assert_true(tm_of("2026-11-21 14:00:00Z").t == 1795269600);
	assert_true(tm_of("2026-11-21T14:00:00.999999Z").t == 1795269600);
	assert_true(tm_of("2026-11-21T14:00:00.5+00:00").t == 1795269600);
	assert_int_equal(tm_of("2026-11-21T14:00:00+00:00").offset, 0);

	assert_true(tm_of("1970-01-01T00:00:00Z").t == 0);
	assert_true(tm_of("1970-01-01T01:00:00+01:00").t == 0);
	assert_true(tm_of("1969-12-31T23:59:59Z").t == -1);
	assert_true(tm_of("9999-12-31T23:59:59Z").t == INT64_C(253402300799));
	/* Leap days. */
	assert_true(tm_of("2028-02-29T00:00:00Z").t == tm_of("2028-02-28T00:00:00Z").t + 86400);
	assert_true(tm_of("2000-02-29T00:00:00Z").t == tm_of("2000-03-01T00:00:00Z").t - 86400);
	assert_true(tm_of("2400-02-29T00:00:00Z").t == tm_of("2400-03-01T00:00:00Z").t - 86400);
	assert_true(tm_of("2027-01-01T00:00:00Z").t == tm_of("2026-12-31T00:00:00Z").t + 86400);
}

static void test_rfc3339_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-11-21",
		"2026-11-21T14:00Z",
		"2026-11-21T14:00:00",
		"2026-11-21T14:00:00+01",
		"2026-11-21T14:00:00+0100",
		"2026-11-21T14:00:00+24:00",
		"2026-11-21T14:00:00+01:60",
		"2026-11-21T14:00:00Zjunk",
		"2026-11-21T14:00:00Z ",
		" 2026-11-21T14:00:00Z",
		"2026-11-21X14:00:00Z",
		"2026-11-21T14:00:00.Z",
		"2026-11-21T24:00:00Z",
		"2026-11-21T14:60:00Z",
		"2026-11-21T14:00:60Z",
		"2026-02-29T00:00:00Z",
		"2100-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-01T00:00:00Z",
		"2026-01-00T00:00:00Z",
		"26-11-21T14:00:00Z",
		"2026-11-21T4:00:00Z",
		"tomorrow",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refuse_rfc3339(bad[i]);
}

static void test_now_env(void **state)
{
	struct kata_time tm;
	struct kata_error err;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_time_now(&tm, "2026-11-21T09:00:00+01:00", &err), 0);
	assert_true(tm.t == 1795269600 - 6 * 3600);
	assert_int_equal(tm.offset, 60);
	assert_true(tm.has_time);

	assert_int_equal(kata_time_now(&tm, "yesterday", &err), KATA_EINVALID);
	assert_int_equal(err.code, KATA_EINVALID);
	assert_string_equal(err.message, "invalid KATA_NOW 'yesterday': " RFC3339_EXPECTED);
	kata_error_release(&err);

	assert_int_equal(kata_time_now(&tm, "", &err), KATA_EINVALID);
	assert_string_equal(err.message, "invalid KATA_NOW '': " RFC3339_EXPECTED);
	kata_error_release(&err);
}

static void check_system_now(const char *tz, int offset)
{
	struct kata_time tm;
	struct kata_error err;
	time_t before, after;

	assert_int_equal(setenv("TZ", tz, 1), 0);
	kata_error_init(&err);
	before = time(NULL);
	assert_int_equal(kata_time_now(&tm, NULL, &err), 0);
	after = time(NULL);
	assert_true(tm.t >= (int64_t)before && tm.t <= (int64_t)after);
	assert_int_equal(tm.offset, offset);
	assert_true(tm.has_time);
	kata_error_release(&err);
}

static void test_now_system(void **state)
{
	char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	(void)state;
	/* POSIX TZ strings need no zone database. */
	check_system_now("UTC0", 0);
	check_system_now("<+0530>-5:30", 330);
	check_system_now("<-03>3", -180);
	check_system_now("<+1245>-12:45", 765);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void test_when_iso(void **state)
{
	(void)state;
	check_when(NOW_EAST, "2026-11-21", "2026-11-21", false);
	check_when(NOW_EAST, "2026-12-25", "2026-12-25", false);
	check_when(NOW_EAST, "2028-02-29", "2028-02-29", false);
	check_when(NOW_EAST, "2000-02-29", "2000-02-29", false);
	check_when(NOW_EAST, "1970-01-01", "1970-01-01", false);
	check_when(NOW_EAST, "9999-12-31", "9999-12-31", false);
	check_when(NOW_EAST, "2026-11-21T14:00", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_EAST, "2026-11-21 14:00", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_EAST, "2026-11-21  14:00", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_EAST, "2026-11-21t14:00", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_EAST, "2026-11-21T14:00:30", "2026-11-21T14:00:30+01:00", true);
	check_when(NOW_EAST, "2026-11-21T14:00:30.250", "2026-11-21T14:00:30+01:00", true);
	check_when(NOW_EAST, "2026-11-21T00:00", "2026-11-21T00:00:00+01:00", true);
	check_when(NOW_EAST, "2026-11-21T23:59:59", "2026-11-21T23:59:59+01:00", true);
	/* An explicit offset is kept, whatever now's. */
	check_when(NOW_EAST, "2026-11-21T14:00Z", "2026-11-21T14:00:00Z", true);
	check_when(NOW_EAST, "2026-11-21T14:00z", "2026-11-21T14:00:00Z", true);
	check_when(NOW_EAST, "2026-11-21T14:00:00-05:30", "2026-11-21T14:00:00-05:30", true);
	check_when(NOW_EAST, "2026-11-21 14:00+02:00", "2026-11-21T14:00:00+02:00", true);
	check_when(NOW_UTC, "2026-11-21T14:00", "2026-11-21T14:00:00Z", true);
	check_when(NOW_UTC, "2026-11-21T14:00+01:00", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_WEST, "2026-11-21T14:00", "2026-11-21T14:00:00-08:00", true);
}

static void test_when_iso_instant(void **state)
{
	struct kata_time tm, now = tm_of(NOW_EAST);
	struct kata_error err;
	char buf[KATA_TIME_BUFSZ];

	(void)state;
	kata_error_init(&err);
	/* A day is 00:00 in now's offset. */
	assert_int_equal(kata_when_parse(&tm, "2026-11-21", &now, &err), 0);
	assert_true(tm.t == 1795219200 - 3600);
	assert_int_equal(tm.offset, 60);
	kata_time_format_rfc3339(buf, &tm);
	assert_string_equal(buf, "2026-11-21T00:00:00+01:00");

	assert_int_equal(kata_when_parse(&tm, "2026-11-21T14:00", &now, &err), 0);
	assert_true(tm.t == 1795269600 - 3600);
	assert_int_equal(tm.offset, 60);
	assert_int_equal(kata_when_parse(&tm, "2026-11-21T14:00Z", &now, &err), 0);
	assert_true(tm.t == 1795269600);
	assert_int_equal(tm.offset, 0);

	now = tm_of(NOW_WEST);
	assert_int_equal(kata_when_parse(&tm, "2026-11-21", &now, &err), 0);
	assert_true(tm.t == 1795219200 + 8 * 3600);
	assert_int_equal(tm.offset, -480);
	kata_error_release(&err);
}

static void test_when_words(void **state)
{
	(void)state;
	check_when(NOW_EAST, "today", "2026-11-21", false);
	check_when(NOW_EAST, "tomorrow", "2026-11-22", false);
	check_when(NOW_EAST, "yesterday", "2026-11-20", false);
	check_when(NOW_EAST, "TODAY", "2026-11-21", false);
	check_when(NOW_EAST, "Tomorrow", "2026-11-22", false);
	check_when(NOW_EAST, "yEsTeRdAy", "2026-11-20", false);
	check_when(NOW_EAST, "tomorrow 10:00", "2026-11-22T10:00:00+01:00", true);
	check_when(NOW_EAST, "tomorrow   10:00", "2026-11-22T10:00:00+01:00", true);
	check_when(NOW_EAST, "today 23:59:59", "2026-11-21T23:59:59+01:00", true);
	check_when(NOW_EAST, "yesterday 00:00", "2026-11-20T00:00:00+01:00", true);
	check_when(NOW_EAST, "TOMORROW 08:05", "2026-11-22T08:05:00+01:00", true);

	/* The day is now's day in now's offset, not UTC's. */
	check_when(NOW_UTC, "today", "2026-11-21", false);
	check_when(NOW_UTC, "tomorrow 10:00", "2026-11-22T10:00:00Z", true);
	check_when(NOW_WEST, "today", "2026-11-21", false);
	check_when(NOW_WEST, "tomorrow", "2026-11-22", false);
	check_when(NOW_WEST, "tomorrow 09:00", "2026-11-22T09:00:00-08:00", true);
	check_when("2026-11-22T00:30:00+01:00", "yesterday", "2026-11-21", false);
	check_when("2026-11-21T23:30:00-01:00", "today", "2026-11-21", false);

	/* Rollover at month and year ends. */
	check_when("2026-12-31T12:00:00+01:00", "tomorrow", "2027-01-01", false);
	check_when("2027-01-01T00:00:00+01:00", "yesterday", "2026-12-31", false);
	check_when("2026-11-30T18:00:00Z", "tomorrow 07:00", "2026-12-01T07:00:00Z", true);
	check_when("2028-02-28T12:00:00Z", "tomorrow", "2028-02-29", false);
	check_when("2028-03-01T12:00:00Z", "yesterday", "2028-02-29", false);
	check_when("2026-03-01T12:00:00Z", "yesterday", "2026-02-28", false);
}

static void test_when_relative_days(void **state)
{
	(void)state;
	check_when(NOW_EAST, "+0d", "2026-11-21", false);
	check_when(NOW_EAST, "-0d", "2026-11-21", false);
	check_when(NOW_EAST, "+1d", "2026-11-22", false);
	check_when(NOW_EAST, "+3d", "2026-11-24", false);
	check_when(NOW_EAST, "+3D", "2026-11-24", false);
	check_when(NOW_EAST, "+10d", "2026-12-01", false);
	check_when(NOW_EAST, "+41d", "2027-01-01", false);
	check_when(NOW_EAST, "-21d", "2026-10-31", false);
	check_when(NOW_EAST, "-1d", "2026-11-20", false);
	check_when(NOW_EAST, "+007d", "2026-11-28", false);
	check_when(NOW_EAST, "+36500d", "2126-10-28", false);
	check_when(NOW_EAST, "-20000d", "1972-02-18", false);
	check_when(NOW_EAST, "+2d 08:15", "2026-11-23T08:15:00+01:00", true);
	check_when(NOW_EAST, "-1d 23:00:05", "2026-11-20T23:00:05+01:00", true);
	check_when(NOW_UTC, "+1d", "2026-11-22", false);
	check_when(NOW_WEST, "+1d", "2026-11-22", false);

	/* Month, year and leap-year rollover. */
	check_when("2028-02-28T12:00:00Z", "+1d", "2028-02-29", false);
	check_when("2028-02-28T12:00:00Z", "+2d", "2028-03-01", false);
	check_when("2026-02-28T12:00:00Z", "+1d", "2026-03-01", false);
	check_when("2100-02-28T12:00:00Z", "+1d", "2100-03-01", false);
	check_when("2000-02-28T12:00:00Z", "+1d", "2000-02-29", false);
	check_when("2026-12-31T12:00:00+01:00", "+1d", "2027-01-01", false);
	check_when("2026-01-01T12:00:00Z", "+365d", "2027-01-01", false);
	check_when("2028-01-01T12:00:00Z", "+365d", "2028-12-31", false);
	check_when("2028-01-01T12:00:00Z", "+366d", "2029-01-01", false);
	check_when("2027-01-01T12:00:00Z", "-1d", "2026-12-31", false);
	check_when("2028-03-01T12:00:00Z", "-1d", "2028-02-29", false);
	check_when("2026-01-31T12:00:00Z", "+28d", "2026-02-28", false);
	check_when("2026-01-31T12:00:00Z", "+29d", "2026-03-01", false);
}

static void test_when_relative_hours(void **state)
{
	struct kata_time tm, now = tm_of(NOW_EAST);
	struct kata_error err;

	(void)state;
	check_when(NOW_EAST, "+0h", "2026-11-21T09:30:00+01:00", true);
	check_when(NOW_EAST, "+5h", "2026-11-21T14:30:00+01:00", true);
	check_when(NOW_EAST, "+5H", "2026-11-21T14:30:00+01:00", true);
	check_when(NOW_EAST, "+15h", "2026-11-22T00:30:00+01:00", true);
	check_when(NOW_EAST, "-10h", "2026-11-20T23:30:00+01:00", true);
	check_when(NOW_EAST, "+48h", "2026-11-23T09:30:00+01:00", true);
	check_when(NOW_UTC, "+1h", "2026-11-22T00:30:00Z", true);
	check_when(NOW_WEST, "+4h", "2026-11-22T00:00:00-08:00", true);
	check_when("2026-12-31T23:00:00Z", "+1h", "2027-01-01T00:00:00Z", true);

	kata_error_init(&err);
	assert_int_equal(kata_when_parse(&tm, "+5h", &now, &err), 0);
	assert_true(tm.t == now.t + 5 * 3600);
	assert_int_equal(tm.offset, now.offset);
	kata_error_release(&err);
}

static void test_when_trim(void **state)
{
	(void)state;
	/* Surrounding blanks are trimmed. */
	check_when(NOW_EAST, "  tomorrow  ", "2026-11-22", false);
	check_when(NOW_EAST, "\ttoday", "2026-11-21", false);
	check_when(NOW_EAST, " +3d ", "2026-11-24", false);
	check_when(NOW_EAST, " 2026-11-21T14:00 ", "2026-11-21T14:00:00+01:00", true);
	check_when(NOW_EAST, "tomorrow 10:00 ", "2026-11-22T10:00:00+01:00", true);
}

static void test_when_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"now",
		"tomorow",
		"todayx",
		"today x",
		"today-1d",
		"tomorrow 10",
		"tomorrow 1:00",
		"tomorrow 10:0",
		"tomorrow 10:00Z",
		"tomorrow 10:00+01:00",
		"tomorrowT10:00",
		"tomorrow\t10:00",
		"1969-12-31",
		"0000-01-01",
		"10000-01-01",
		"26-11-21",
		"2026-1-21",
		"2026-11-1",
		"2026/11/21",
		"20261121",
		"2026-11-21x",
		"2026-11-21T",
		"2026-11-21T10",
		"2026-11-21T1:00",
		"2026-11-21T10:00x",
		"2026-11-21T10:00 Z",
		"2026-11-21T10:00+01",
		"2026-11-21T10:00+25:00",
		"2026-11-21T10:00+01:60",
		"2026-11-21T10:00:00.",
		"2026-11-2110:00",
		"+3",
		"3d",
		"+d",
		"+ 3d",
		"++3d",
		"+-3d",
		"+3w",
		"+3dd",
		"+3d10:00",
		"+3dT10:00",
		"todayT10:00",
		"+3d 10",
		"+36501d",
		"-36501d",
		"-36500d",
		"+99999999999999999999d",
		"+3h 10:00",
		"+876001h",
		"10:00",
		"today\n",
		"x2026-11-21",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refuse_when(NOW_EAST, bad[i]);
	/* A result outside 1970..9999 is refused like a bad date. */
	refuse_when("9999-12-31T12:00:00Z", "tomorrow");
	refuse_when("9999-12-31T12:00:00Z", "+1d");
	refuse_when("9999-12-31T23:00:00Z", "+1h");
	refuse_when("1970-01-01T12:00:00Z", "yesterday");
	refuse_when("1970-01-01T00:30:00Z", "-1h");
}

/* An impossible date or time says why. */
static void test_when_impossible_says_why(void **state)
{
	static const struct { const char *in, *why; } cases[] = {
		{ "2026-02-30", "February 2026 has 28 days" },
		{ "2026-02-29", "February 2026 has 28 days" },
		{ "2024-02-30", "February 2024 has 29 days" },
		{ "2100-02-29", "February 2100 has 28 days" },
		{ "2026-04-31", "April 2026 has 30 days" },
		{ "2026-11-31", "November 2026 has 30 days" },
		{ "2026-11-00", "November 2026 has 30 days" },
		{ "2026-11-32", "November 2026 has 30 days" },
		{ "2026-13-01", "there is no month 13" },
		{ "2026-00-10", "there is no month 00" },
		{ "tomorrow 24:00", "24:00 is no time of day (00:00 to 23:59)" },
		{ "tomorrow 10:60", "10:60 is no time of day (00:00 to 23:59)" },
		{ "tomorrow 10:00:60", "10:00:60 is no time of day (00:00:00 to 23:59:59)" },
		{ "2026-11-21T24:00", "24:00 is no time of day (00:00 to 23:59)" },
		{ "friday 25:00", "25:00 is no time of day (00:00 to 23:59)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		refuse_when_why(NOW_EAST, cases[i].in, cases[i].why);
}

/* A weekday: the next one for a day ahead, the last one looking back. */
static void test_when_weekdays(void **state)
{
	/* NOW_EAST is Saturday 2026-11-21 */
	static const struct { const char *in, *ahead, *back; } cases[] = {
		{ "monday", "2026-11-23", "2026-11-16" },
		{ "Monday", "2026-11-23", "2026-11-16" },
		{ "mon", "2026-11-23", "2026-11-16" },
		{ "friday", "2026-11-27", "2026-11-20" },
		{ "fri", "2026-11-27", "2026-11-20" },
		{ "sunday", "2026-11-22", "2026-11-15" },
		/* today's weekday: a week on ahead, today looking back */
		{ "saturday", "2026-11-28", "2026-11-21" },
		{ "sat", "2026-11-28", "2026-11-21" },
		{ "thursday", "2026-11-26", "2026-11-19" },
		{ "tue", "2026-11-24", "2026-11-17" },
		{ "wednesday", "2026-11-25", "2026-11-18" },
	};
	struct kata_time now = tm_of(NOW_EAST), tm;
	struct kata_error err;
	char buf[KATA_TIME_BUFSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_when(NOW_EAST, cases[i].in, cases[i].ahead, false);
		kata_error_init(&err);
		assert_int_equal(kata_when_parse_past(&tm, cases[i].in, &now, &err), 0);
		kata_time_format(buf, &tm);
		if (strcmp(buf, cases[i].back))
			fail_msg("'%s' looking back gave %s, expected %s", cases[i].in, buf,
				 cases[i].back);
	}
	check_when(NOW_EAST, "friday 10:00", "2026-11-27T10:00:00+01:00", true);
	/* today is now's day in now's own offset */
	check_when(NOW_UTC, "monday", "2026-11-23", false);
	refuse_when(NOW_EAST, "mond");
	refuse_when(NOW_EAST, "mo");
	refuse_when(NOW_EAST, "mondays");
	refuse_when(NOW_EAST, "monday10:00");
	refuse_when(NOW_EAST, "fri 10");
	/* the other forms look back alike */
	kata_error_init(&err);
	assert_int_equal(kata_when_parse_past(&tm, "yesterday", &now, &err), 0);
	kata_time_format(buf, &tm);
	assert_string_equal(buf, "2026-11-20");
}

static void test_when_null(void **state)
{
	struct kata_time tm, now = tm_of(NOW_EAST);
	struct kata_error err;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_when_parse(&tm, NULL, &now, &err), KATA_EINVALID);
	assert_int_equal(err.code, KATA_EINVALID);
	kata_error_release(&err);
}

static void test_format(void **state)
{
	static const char *const round[] = {
		"2026-11-21T14:00:00Z",
		"2026-11-21T14:00:00+01:00",
		"2026-11-21T14:00:00-05:30",
		"2026-11-21T00:00:00+14:00",
		"2026-11-21T23:59:59-12:00",
		"2026-11-21T09:05:07+05:45",
		"1970-01-01T00:00:00Z",
		"2028-02-29T12:00:00+01:00",
		"9999-12-31T23:59:59Z",
	};
	struct kata_time tm;
	char buf[KATA_TIME_BUFSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		tm = tm_of(round[i]);
		kata_time_format_rfc3339(buf, &tm);
		assert_string_equal(buf, round[i]);
		kata_time_format(buf, &tm);
		assert_string_equal(buf, round[i]);
	}

	tm.t = 0;
	tm.offset = 0;
	tm.has_time = true;
	kata_time_format_rfc3339(buf, &tm);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	kata_time_format_day(buf, &tm);
	assert_string_equal(buf, "1970-01-01");

	/* Both are computed in the time's own offset. */
	tm.offset = -60;
	kata_time_format_rfc3339(buf, &tm);
	assert_string_equal(buf, "1969-12-31T23:00:00-01:00");
	kata_time_format_day(buf, &tm);
	assert_string_equal(buf, "1969-12-31");
	tm.offset = 330;
	kata_time_format_rfc3339(buf, &tm);
	assert_string_equal(buf, "1970-01-01T05:30:00+05:30");
	tm.offset = -570;
	kata_time_format_rfc3339(buf, &tm);
	assert_string_equal(buf, "1969-12-31T14:30:00-09:30");

	tm = tm_of("2026-11-21T00:30:00+01:00");
	kata_time_format_day(buf, &tm);
	assert_string_equal(buf, "2026-11-21");
	tm = tm_of("2026-11-21T23:30:00-01:00");
	kata_time_format_day(buf, &tm);
	assert_string_equal(buf, "2026-11-21");

	/* kata_time_format picks by has_time. */
	tm = tm_of("2026-11-21T14:00:00+01:00");
	tm.has_time = false;
	kata_time_format(buf, &tm);
	assert_string_equal(buf, "2026-11-21");
	tm.has_time = true;
	kata_time_format(buf, &tm);
	assert_string_equal(buf, "2026-11-21T14:00:00+01:00");
}

static void test_days_between(void **state)
{
	struct kata_time a, b;

	(void)state;
	a = day_of("2026-11-21", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &a), 0);
	b = day_of("2026-11-22", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), 1);
	assert_int_equal(kata_time_days_between(&b, &a), -1);

	a = day_of("2026-01-31", NOW_EAST);
	b = day_of("2026-03-01", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), 29);
	assert_int_equal(kata_time_days_between(&b, &a), -29);
	a = day_of("2028-01-31", NOW_EAST);
	b = day_of("2028-03-01", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), 30);
	a = day_of("2026-12-31", NOW_EAST);
	b = day_of("2027-01-01", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), 1);
	a = day_of("2027-01-01", NOW_EAST);
	b = day_of("2026-12-25", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), -7);
	a = day_of("2026-01-01", NOW_EAST);
	b = day_of("2027-01-01", NOW_EAST);
	assert_int_equal(kata_time_days_between(&a, &b), 365);

	/* Times of day do not count, only the calendar days. */
	a = tm_of("2026-11-21T23:59:00+01:00");
	b = tm_of("2026-11-22T00:01:00+01:00");
	assert_int_equal(kata_time_days_between(&a, &b), 1);
	a = tm_of("2026-11-21T00:00:00+01:00");
	b = tm_of("2026-11-21T23:59:59+01:00");
	assert_int_equal(kata_time_days_between(&a, &b), 0);

	/* In a's offset: 23:30Z is already the 22nd at +01:00, but not at Z. */
	a = tm_of("2026-11-21T23:00:00+01:00");
	b = tm_of("2026-11-21T23:30:00Z");
	assert_int_equal(kata_time_days_between(&a, &b), 1);
	assert_int_equal(kata_time_days_between(&b, &a), 0);
}

static void check_passed(const char *when_s, bool day, const char *now_s, bool expect)
{
	struct kata_time when = day ? day_of(when_s, NOW_EAST) : tm_of(when_s);
	struct kata_time now = tm_of(now_s);

	if (kata_time_passed(&when, &now) != expect)
		fail_msg("passed(%s, %s) should be %d", when_s, now_s, expect);
}

static void test_passed(void **state)
{
	(void)state;
	/* A day (at +01:00) has passed once the next day has begun there. */
	check_passed("2026-11-21", true, "2026-11-20T12:00:00+01:00", false);
	check_passed("2026-11-21", true, "2026-11-21T00:00:00+01:00", false);
	check_passed("2026-11-21", true, "2026-11-21T23:59:59+01:00", false);
	check_passed("2026-11-21", true, "2026-11-22T00:00:00+01:00", true);
	check_passed("2026-11-21", true, "2026-12-01T10:00:00+01:00", true);
	/* 23:30Z is the 22nd at +01:00. */
	check_passed("2026-11-21", true, "2026-11-21T23:30:00Z", true);
	/* 00:30+02:00 is still the 21st at +01:00. */
	check_passed("2026-11-21", true, "2026-11-22T00:30:00+02:00", false);
	check_passed("2026-12-31", true, "2027-01-01T00:00:00+01:00", true);

	/* A time has passed once now is later. */
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T13:59:59+01:00", false);
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T14:00:00+01:00", false);
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T14:00:01+01:00", true);
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T13:00:00Z", false);
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T13:00:01Z", true);
	check_passed("2026-11-21T14:00:00+01:00", false, "2026-11-21T08:00:01-05:00", true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339_valid),
		cmocka_unit_test(test_rfc3339_invalid),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_now_system),
		cmocka_unit_test(test_when_iso),
		cmocka_unit_test(test_when_iso_instant),
		cmocka_unit_test(test_when_words),
		cmocka_unit_test(test_when_relative_days),
		cmocka_unit_test(test_when_relative_hours),
		cmocka_unit_test(test_when_trim),
		cmocka_unit_test(test_when_invalid),
		cmocka_unit_test(test_when_impossible_says_why),
		cmocka_unit_test(test_when_weekdays),
		cmocka_unit_test(test_when_null),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_days_between),
		cmocka_unit_test(test_passed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
