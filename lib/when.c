#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kata/when.h"

#define DAY_SECS 86400
#define MAX_DAYS 36500
#define MAX_HOURS (MAX_DAYS * 24)
#define MIN_YEAR 1970
#define MAX_YEAR 9999
/* Longer than any valid WHEN ("2026-11-21T14:00:00.123456789+01:00"). */
#define WHEN_MAX 64

#define WHEN_EXPECTED \
	"expected YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, tomorrow, yesterday, " \
	"a weekday (monday), +Nd, -Nd or +Nh"
#define WHY_MAX 96

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
#define RFC3339_EXPECTED "expected RFC 3339 such as 2026-11-21T09:00:00Z"

/*
 * Days between 1970-01-01 and y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil): exact, and needs neither timegm nor
 * the time zone database.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod7(int64_t a)
{
	return a - floor_div(a, 7) * 7;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The day number (days since 1970-01-01) of t as seen at offset minutes. */
static int64_t local_day(int64_t t, int offset)
{
	return floor_div(t + (int64_t)offset * 60, DAY_SECS);
}

static int64_t local_year(int64_t t, int offset)
{
	int64_t y;
	int m, d;

	civil_from_days(local_day(t, offset), &y, &m, &d);
	return y;
}

/* ASCII only: tolower() depends on the locale. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n decimal digits. */
static bool digits(const char **p, int n, int *out)
{
	const char *s = *p;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*p = s + n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* YYYY-MM-DD, checking month and day of month; why (if not NULL) says
 * what is wrong with a date of the right form. */
static bool parse_date(const char **p, int *y, int *m, int *d, char *why)
{
	if (!digits(p, 4, y) || !expect(p, '-') ||
	    !digits(p, 2, m) || !expect(p, '-') || !digits(p, 2, d))
		return false;
	if (*m < 1 || *m > 12) {
		if (why)
			snprintf(why, WHY_MAX, "there is no month %02d", *m);
		return false;
	}
	if (*d < 1 || *d > days_in_month(*y, *m)) {
		if (why)
			snprintf(why, WHY_MAX, "%s %d has %d days", month_names[*m - 1], *y,
				 days_in_month(*y, *m));
		return false;
	}
	return true;
}

/* HH:MM, then :SS (required if need_sec), then a dropped fraction. Returns
 * the seconds since midnight in *secs. */
static bool parse_clock(const char **p, bool need_sec, int *secs, char *why)
{
	int h, mi, s = 0;

	if (!digits(p, 2, &h) || !expect(p, ':') || !digits(p, 2, &mi))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!digits(p, 2, &s))
			return false;
		if (**p == '.') {
			(*p)++;
			if (!is_digit(**p))
				return false;
			while (is_digit(**p))
				(*p)++;
		}
	} else if (need_sec) {
		return false;
	}
	if (h > 23 || mi > 59 || s > 59) {
		if (why && s > 59)
			snprintf(why, WHY_MAX, "%02d:%02d:%02d is no time of day (00:00:00 to 23:59:59)",
				 h, mi, s);
		else if (why)
			snprintf(why, WHY_MAX, "%02d:%02d is no time of day (00:00 to 23:59)", h, mi);
		return false;
	}
	*secs = h * 3600 + mi * 60 + s;
	return true;
}

/* Z, z, +HH:MM or -HH:MM, as minutes east of UTC. */
static bool parse_offset(const char **p, int *offset)
{
	int sign, h, m;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*offset = 0;
		return true;
	}
	if (**p != '+' && **p != '-')
		return false;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (!digits(p, 2, &h) || !expect(p, ':') || !digits(p, 2, &m))
		return false;
	if (h > 23 || m > 59)
		return false;
	*offset = sign * (h * 60 + m);
	return true;
}

static bool parse_rfc3339(struct kata_time *out, const char *s)
{
	const char *p = s;
	int y, m, d, secs, offset;

	if (!parse_date(&p, &y, &m, &d, NULL))
		return false;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return false;
	p++;
	if (!parse_clock(&p, true, &secs, NULL) || !parse_offset(&p, &offset))
		return false;
	if (*p)
		return false;
	out->t = days_from_civil(y, m, d) * DAY_SECS + secs - (int64_t)offset * 60;
	out->offset = offset;
	out->has_time = true;
	return true;
}

int kata_time_parse_rfc3339(struct kata_time *out, const char *s, struct kata_error *err)
{
	if (!s || !parse_rfc3339(out, s))
		return kata_error_set(err, KATA_EINVALID, "invalid time '%s': %s",
				      s ? s : "", RFC3339_EXPECTED);
	return 0;
}

/* The local offset of the system clock at t, portably: the difference
 * between the broken-down local and UTC times of the same instant. */
static bool system_offset(time_t t, int *offset)
{
	struct tm lt, gt;
	int64_t l, g;

	if (!localtime_r(&t, &lt) || !gmtime_r(&t, &gt))
		return false;
	l = days_from_civil((int64_t)lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday) * DAY_SECS +
		lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec;
	g = days_from_civil((int64_t)gt.tm_year + 1900, gt.tm_mon + 1, gt.tm_mday) * DAY_SECS +
		gt.tm_hour * 3600 + gt.tm_min * 60 + gt.tm_sec;
	*offset = (int)((l - g) / 60);
	return true;
}

int kata_time_now(struct kata_time *out, const char *now_env, struct kata_error *err)
{
	time_t t;
	int offset;

	if (now_env) {
		if (!parse_rfc3339(out, now_env))
			return kata_error_set(err, KATA_EINVALID, "invalid KATA_NOW '%s': %s",
					      now_env, RFC3339_EXPECTED);
		/*
		 * A commit's date is seconds since 1970 with no sign, and
		 * libgit2 writes it in 32 bits: outside that, the date wraps
		 * (year 0 came back as 2041, 2200 as 2063).
		 */
		if (out->t < 0 || out->t > KATA_TIME_COMMIT_MAX)
			return kata_error_set(err, KATA_EINVALID,
					      "KATA_NOW '%s' is out of range: a commit's date is from 1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z",
					      now_env);
		return 0;
	}
	t = time(NULL);
	if (t == (time_t)-1)
		return kata_error_set(err, KATA_ERROR, "cannot read the system clock");
	tzset();
	if (!system_offset(t, &offset))
		return kata_error_set(err, KATA_ERROR, "cannot convert the system time");
	out->t = (int64_t)t;
	out->offset = offset;
	out->has_time = true;
	return 0;
}

/*
 * today, tomorrow or yesterday, each followed by the end or a space; sets
 * *delta to the day relative to now.
 */
static bool parse_word(const char **p, int64_t *delta)
{
	static const struct {
		const char *word;
		int delta;
	} words[] = {
		{ "today", 0 },
		{ "tomorrow", 1 },
		{ "yesterday", -1 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].word);
		if (!strncmp(*p, words[i].word, n) && ((*p)[n] == '\0' || (*p)[n] == ' ')) {
			*p += n;
			*delta = words[i].delta;
			return true;
		}
	}
	return false;
}

/*
 * A weekday's name or its first three letters, followed by the end or a
 * space: *delta is the day relative to today, the next such day for a day
 * ahead (1 to 7 days on), the last one looking back (0 to 6 days ago).
 */
static bool parse_weekday(const char **p, int64_t today, bool past, int64_t *delta)
{
	/* 1970-01-01, day 0, was a Thursday */
	static const char *const names[] = {
		"thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday",
	};
	size_t i, n;

	for (i = 0; i < 7; i++) {
		n = strlen(names[i]);
		if (strncmp(*p, names[i], n))
			n = 3;
		if (strncmp(*p, names[i], n) || ((*p)[n] != '\0' && (*p)[n] != ' '))
			continue;
		*p += n;
		*delta = ((int64_t)i - floor_mod7(today) + 7) % 7;
		if (past)
			*delta = *delta ? *delta - 7 : 0;
		else if (!*delta)
			*delta = 7;
		return true;
	}
	return false;
}

/* +N or -N followed by d or h (lower case here). */
static bool parse_relative(const char **p, int64_t *n, char *unit)
{
	int64_t sign = **p == '-' ? -1 : 1, v = 0;
	int len = 0;

	(*p)++;
	while (is_digit(**p)) {
		if (++len > 7)
			return false;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	if (!len || (**p != 'd' && **p != 'h'))
		return false;
	*unit = **p;
	(*p)++;
	if (v > (*unit == 'd' ? MAX_DAYS : MAX_HOURS))
		return false;
	*n = sign * v;
	return true;
}

static bool skip_spaces(const char **p)
{
	const char *start = *p;

	while (**p == ' ')
		(*p)++;
	return *p != start;
}

/*
 * Parses s, already trimmed and in lower case. The day forms compute the
 * day number in now's offset, then the optional time of day on it.
 */
static bool parse_when(struct kata_time *out, const char *s, const struct kata_time *now,
		       bool past, char *why)
{
	const char *p = s;
	int64_t day, delta, n;
	int offset = now->offset, secs = 0, y, m, d;
	bool has_time = false, iso = false;
	char unit;

	if (is_digit(*p)) {
		if (!parse_date(&p, &y, &m, &d, why) || y < MIN_YEAR)
			return false;
		day = days_from_civil(y, m, d);
		iso = true;
	} else if (*p == '+' || *p == '-') {
		if (!parse_relative(&p, &n, &unit))
			return false;
		if (unit == 'h') {
			if (*p)
				return false;
			out->t = now->t + n * 3600;
			out->offset = now->offset;
			out->has_time = true;
			y = (int)local_year(out->t, out->offset);
			return y >= MIN_YEAR && y <= MAX_YEAR;
		}
		day = local_day(now->t, now->offset) + n;
	} else if (parse_word(&p, &delta) ||
		   parse_weekday(&p, local_day(now->t, now->offset), past, &delta)) {
		day = local_day(now->t, now->offset) + delta;
	} else {
		return false;
	}

	if (*p) {
		if (iso && *p == 't')
			p++;
		else if (!skip_spaces(&p))
			return false;
		if (!parse_clock(&p, false, &secs, why))
			return false;
		/* Only a written date takes an offset: "tomorrow" is already
		 * a day in now's offset. */
		if (iso && *p && !parse_offset(&p, &offset))
			return false;
		if (*p)
			return false;
		has_time = true;
	}

	out->t = day * DAY_SECS + secs - (int64_t)offset * 60;
	out->offset = offset;
	out->has_time = has_time;
	y = (int)local_year(out->t, out->offset);
	return y >= MIN_YEAR && y <= MAX_YEAR;
}

static int when_parse(struct kata_time *out, const char *s, const struct kata_time *now,
		      bool past, struct kata_error *err)
{
	char buf[WHEN_MAX + 1], why[WHY_MAX] = "";
	const char *start, *end;
	size_t i, len;
	struct kata_time tm;

	if (!s)
		return kata_error_set(err, KATA_EINVALID, "invalid date '': %s", WHEN_EXPECTED);

	/* Surrounding blanks are trimmed: a quoted "tomorrow " is harmless. */
	start = s;
	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	len = (size_t)(end - start);
	for (i = 0; i < len && len <= WHEN_MAX; i++)
		buf[i] = lower(start[i]);
	buf[i] = '\0';
	if (!len || len > WHEN_MAX || !parse_when(&tm, buf, now, past, why))
		return kata_error_set(err, KATA_EINVALID, "invalid date '%s': %s", s,
				      *why ? why : WHEN_EXPECTED);
	*out = tm;
	return 0;
}

int kata_when_parse(struct kata_time *out, const char *s,
		    const struct kata_time *now, struct kata_error *err)
{
	return when_parse(out, s, now, false, err);
}

int kata_when_parse_past(struct kata_time *out, const char *s,
			 const struct kata_time *now, struct kata_error *err)
{
	return when_parse(out, s, now, true, err);
}

struct civil {
	int64_t y;
	int m, d, h, mi, s;
};

static void to_civil(struct civil *c, const struct kata_time *tm)
{
	int64_t local = tm->t + (int64_t)tm->offset * 60;
	int64_t day = floor_div(local, DAY_SECS);
	int64_t secs = local - day * DAY_SECS;

	civil_from_days(day, &c->y, &c->m, &c->d);
	c->h = (int)(secs / 3600);
	c->mi = (int)(secs / 60 % 60);
	c->s = (int)(secs % 60);
}

void kata_time_format_day(char *buf, const struct kata_time *tm)
{
	struct civil c;

	to_civil(&c, tm);
	snprintf(buf, KATA_TIME_BUFSZ, "%04" PRId64 "-%02d-%02d", c.y, c.m, c.d);
}

void kata_time_format_rfc3339(char *buf, const struct kata_time *tm)
{
	struct civil c;
	int off = tm->offset < 0 ? -tm->offset : tm->offset;
	int n;

	to_civil(&c, tm);
	n = snprintf(buf, KATA_TIME_BUFSZ, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d",
		     c.y, c.m, c.d, c.h, c.mi, c.s);
	if (n < 0 || n >= KATA_TIME_BUFSZ)
		return;
	if (!tm->offset)
		snprintf(buf + n, KATA_TIME_BUFSZ - (size_t)n, "Z");
	else
		snprintf(buf + n, KATA_TIME_BUFSZ - (size_t)n, "%c%02d:%02d",
			 tm->offset < 0 ? '-' : '+', off / 60 % 100, off % 60);
}

void kata_time_format(char *buf, const struct kata_time *tm)
{
	if (tm->has_time)
		kata_time_format_rfc3339(buf, tm);
	else
		kata_time_format_day(buf, tm);
}

int kata_time_days_between(const struct kata_time *a, const struct kata_time *b)
{
	return (int)(local_day(b->t, a->offset) - local_day(a->t, a->offset));
}

int kata_time_weekday(const struct kata_time *tm)
{
	/* 1970-01-01 was a Thursday */
	return (int)floor_mod7(local_day(tm->t, tm->offset) + 4);
}

bool kata_time_passed(const struct kata_time *when, const struct kata_time *now)
{
	if (!when->has_time)
		return local_day(now->t, when->offset) > local_day(when->t, when->offset);
	return now->t > when->t;
}
