/*
 * The WHEN parser: "NOW\nWHEN" (NOW as KATA_NOW is written, RFC 3339;
 * without a newline, or with a NOW kata refuses, the input is all WHEN at
 * a fixed now), read looking ahead (see_by, --by) and looking back
 * (--since, --at). A time it accepts must format, and read again as the
 * same instant.
 */
#include <stdlib.h>
#include <string.h>

#include "kata/when.h"

#include "fuzz.h"

static void check(const struct kata_time *tm, const struct kata_time *now)
{
	char buf[KATA_TIME_BUFSZ];
	struct kata_time again;

	kata_time_format(buf, tm);
	kata_time_format_day(buf, tm);
	kata_time_format_rfc3339(buf, tm);
	(void)kata_time_days_between(now, tm);
	(void)kata_time_passed(tm, now);
	if (kata_time_weekday(tm) < 0 || kata_time_weekday(tm) > 6)
		abort();
	/* what kata stores it as reads as the same instant, at the same offset */
	if (kata_time_parse_rfc3339(&again, buf, NULL) < 0 || again.t != tm->t ||
	    again.offset != tm->offset)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *when = s, *nl;
	struct kata_time now, tm;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_time_now(&now, "2026-11-21T09:00:00+01:00", &err) < 0)
		abort();
	if ((nl = strchr(s, '\n'))) {
		*nl = '\0';
		when = nl + 1;
		if (kata_time_now(&tm, s, &err) == 0)
			now = tm;
		kata_error_release(&err);
	}
	if (kata_when_parse(&tm, when, &now, &err) == 0)
		check(&tm, &now);
	kata_error_release(&err);
	if (kata_when_parse_past(&tm, when, &now, &err) == 0)
		check(&tm, &now);
	kata_error_release(&err);
	free(s);
	return 0;
}
