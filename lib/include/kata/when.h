#ifndef KATA_WHEN_H
#define KATA_WHEN_H

#include <stdbool.h>
#include <stdint.h>

#include "kata/error.h"

/*
 * The clock and the date parser. A point in time carries the UTC offset it
 * was written in, so that it is shown and stored as the user wrote it.
 */

struct kata_time {
	int64_t t;		/* seconds since the epoch, UTC */
	int offset;		/* minutes east of UTC */
	bool has_time;		/* false: a calendar day (t is its 00:00 local) */
};

/*
 * The current time: from now_env (the value of KATA_NOW, RFC 3339) when it
 * is not NULL, else the system clock in the local time zone (TZ).
 * A malformed KATA_NOW is KATA_EINVALID naming it, as is one a commit's
 * date cannot hold (before 1970, or after KATA_TIME_COMMIT_MAX).
 */
#define KATA_TIME_COMMIT_MAX INT64_C(4294967295)	/* 2106-02-07T06:28:15Z: libgit2 writes 32 bits */
int kata_time_now(struct kata_time *out, const char *now_env, struct kata_error *err);

/* Parses RFC 3339: 2026-11-21T14:00:00Z, 2026-11-21T14:00:00+01:00, with or
 * without fractional seconds (dropped). */
int kata_time_parse_rfc3339(struct kata_time *out, const char *s, struct kata_error *err);

/*
 * Parses a WHEN relative to now: an ISO date (2026-11-21), a date-time
 * (2026-11-21T14:00 or 2026-11-21 14:00, seconds optional, optional offset
 * or Z), today, tomorrow, yesterday, a weekday (monday or mon: the next
 * one, 1 to 7 days on), +Nd, -Nd, +Nh, -Nh; a day (any of these but +Nh)
 * may be followed by a time HH:MM. Times without an offset are in now's
 * offset. A day without a time gives has_time false. Invalid input is
 * KATA_EINVALID with a message quoting it and saying why where it can
 * ("invalid date '2026-02-30': February 2026 has 28 days").
 */
int kata_when_parse(struct kata_time *out, const char *s,
		    const struct kata_time *now, struct kata_error *err);

/* The same for a time looking back (--since, a measure's --at): a weekday
 * is the last one, today included (0 to 6 days ago). */
int kata_when_parse_past(struct kata_time *out, const char *s,
			 const struct kata_time *now, struct kata_error *err);

/*
 * Formats: a day as "2026-11-21" (in the time's own offset), a time as
 * "2026-11-21T14:00:00+01:00" or "...Z" for offset 0. kata_time_format picks
 * by has_time. buf must hold KATA_TIME_BUFSZ bytes.
 */
#define KATA_TIME_BUFSZ 32
void kata_time_format(char *buf, const struct kata_time *tm);
void kata_time_format_day(char *buf, const struct kata_time *tm);
void kata_time_format_rfc3339(char *buf, const struct kata_time *tm);

/* Whole calendar days from a to b (b's day minus a's day, both in a's
 * offset): 1 if b is tomorrow of a. */
int kata_time_days_between(const struct kata_time *a, const struct kata_time *b);

/* The weekday of tm's day at its own offset: 0 is Sunday, as in struct tm
 * and kata_schedule. */
int kata_time_weekday(const struct kata_time *tm);

/* True if the moment `when` has passed at `now`: a day has passed once the
 * day after it has begun; a time once now is later. */
bool kata_time_passed(const struct kata_time *when, const struct kata_time *now);

#endif
