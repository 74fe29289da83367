#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/value.h"
#include "kata/yaml.h"

/*
 * No control character but newline and tab: C0, DEL, C1 (U+0080..U+009F,
 * which some terminals obey as ESC sequences) and the bidi overrides and
 * isolates (U+202A..U+202E, U+2066..U+2069), which make text read in an
 * order other than the one it is stored in. s is valid UTF-8.
 */
static bool controls_ok(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
				     (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
			return false;
	}
	return true;
}

/*
 * The length of the white space at s, in bytes: ASCII's, and the spaces
 * Unicode names White_Space (no-break, ideographic, the typographic ones)
 * with the invisible zero-width space and byte-order mark, which a
 * pasted answer can hold alone.
 */
static size_t space_at(const unsigned char *s)
{
	unsigned cp;

	if (*s == ' ' || *s == '\t' || *s == '\n')
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if ((s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
		return 0;
	cp = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff)
		return 3;
	return 0;
}

bool kata_value_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!p)
		return true;
	while ((n = space_at(p)))
		p += n;
	return !*p;
}

/* What is wrong with s under flags, or NULL; text typed in is bounded,
 * a record's text only as the record is, whole. */
static const char *text_fault(const char *s, unsigned flags, bool typed)
{
	size_t len;

	if (kata_value_blank(s)) {
		if (!(flags & KATA_VALUE_REQUIRED))
			return NULL;
		return s && *s ? "must not be blank" : "must not be empty";
	}
	len = strlen(s);
	if (typed && len > KATA_TEXT_MAX)
		return "is longer than 64 KiB";
	if (!kata_yaml_utf8_valid(s, len))
		return "is not valid UTF-8";
	if (!controls_ok(s))
		return "holds a control character";
	if ((flags & KATA_VALUE_LINE) && strchr(s, '\n'))
		return "must be one line";
	return NULL;
}

bool kata_value_text_ok(const char *s, unsigned flags)
{
	return !text_fault(s, flags, false);
}

int kata_value_text(const char *s, const char *what, unsigned flags,
		    struct kata_error *err)
{
	const char *fault = text_fault(s, flags, true);

	if (fault)
		return kata_error_set(err, KATA_EINVALID, "%s %s", what, fault);
	return 0;
}

/* Whether s matches the POSIX extended regular expression re, whole. */
static bool matches(const char *re, const char *s)
{
	regex_t r;
	bool yes;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	yes = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return yes;
}

#define STORED_NUMBER "^-?(0|[1-9][0-9]*)(\\.[0-9]+([eE][-+][0-9]+)?)?$"

bool kata_value_number_ok(const char *s)
{
	char *end;
	double d;

	if (strlen(s) >= KATA_NUMBER_MAX || !matches(STORED_NUMBER, s))
		return false;
	errno = 0;
	d = strtod(s, &end);
	return !*end && errno != ERANGE && isfinite(d);
}

static int refused(const char *s, const char *what, struct kata_error *err)
{
	return kata_error_set(err, KATA_EINVALID,
			      "invalid %s '%s': expected a number such as 12 or 3.5",
			      what, s ? s : "");
}

/*
 * YAML 1.1 reads 010 as octal and 1e5 as text, YAML 1.2 the other way: so
 * integers lose leading zeros and '+', decimals get a digit on each side of
 * the point, and exponents a point and a sign.
 */
int kata_value_number(char out[KATA_NUMBER_MAX], const char *s, const char *what,
		      struct kata_error *err)
{
	const char *p = s, *int_start, *dot;
	char *end;
	double d = 0;

	errno = 0;
	if (!s || !*s || strlen(s) > 40 || strspn(s, "0123456789+-.eE") != strlen(s) ||
	    (d = strtod(s, &end), *end) || errno == ERANGE || !isfinite(d))
		return refused(s, what, err);
	if (*p == '+' || *p == '-')
		p++;
	int_start = p;
	while (*p >= '0' && *p <= '9')
		p++;
	dot = *p == '.' ? p : NULL;
	if (dot)
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p) {
		/* an exponent: let printf write it, then give it its point */
		char *e;

		snprintf(out, KATA_NUMBER_MAX, "%.15g", d);
		if ((e = strchr(out, 'e')) && !strchr(out, '.')) {
			memmove(e + 2, e, strlen(e) + 1);
			e[0] = '.';
			e[1] = '0';
		}
	} else {
		while (*int_start == '0' && int_start[1] >= '0' && int_start[1] <= '9')
			int_start++;	/* 010 is ten, not eight */
		snprintf(out, KATA_NUMBER_MAX, "%s%s%.*s%s", s[0] == '-' ? "-" : "",
			 *int_start == '.' ? "0" : "", (int)(p - int_start), int_start,
			 dot && dot + 1 == p ? "0" : "");
	}
	return kata_value_number_ok(out) ? 0 : refused(s, what, err);
}

void kata_value_number_scalar(struct kata_scalar *out, const char *s)
{
	char *end;
	long long i;

	memset(out, 0, sizeof(*out));
	if (!strpbrk(s, ".eE")) {
		errno = 0;
		i = strtoll(s, &end, 10);
		if (!*end && errno != ERANGE) {
			out->type = KATA_SCALAR_INT;
			out->i = i;
			return;
		}
	}
	out->type = KATA_SCALAR_REAL;
	out->r = strtod(s, NULL);
}

double kata_value_number_double(const char *s)
{
	struct kata_scalar v;

	kata_value_number_scalar(&v, s);
	return v.type == KATA_SCALAR_INT ? (double)v.i : v.r;
}

/* PyYAML's implicit resolvers for YAML 1.1, as extended expressions. */
#define YAML11_BOOL "^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
#define YAML11_NULL "^(~|null|Null|NULL|)$"
#define YAML11_INT "^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$"
#define YAML11_FLOAT "^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"

/* s without '_' into buf; false if it does not fit. */
static bool strip_underscores(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '_')
			continue;
		if (n + 1 >= size)
			return false;
		buf[n++] = *s;
	}
	buf[n] = '\0';
	return true;
}

/* The integer PyYAML constructs; false when it does not fit 64 bits. */
static bool yaml11_int(long long *out, const char *s)
{
	char buf[128], *p = buf, *end;
	unsigned long long v = 0;
	bool neg = false;
	int base = 10;

	if (!strip_underscores(buf, sizeof(buf), s))
		return false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (strchr(p, ':')) {
		/* sexagesimal: 1:30 is ninety */
		char *part = p;

		for (;;) {
			unsigned long d = strtoul(part, &end, 10);

			if (v > (ULLONG_MAX - d) / 60)
				return false;
			v = v * 60 + d;
			if (*end != ':')
				break;
			part = end + 1;
		}
	} else {
		if (!strncmp(p, "0b", 2)) {
			base = 2;
			p += 2;
		} else if (!strncmp(p, "0x", 2)) {
			base = 16;
			p += 2;
		} else if (p[0] == '0' && p[1]) {
			base = 8;
			p++;
		}
		errno = 0;
		v = strtoull(p, &end, base);
		if (errno == ERANGE || *end)
			return false;
	}
	if (v > (unsigned long long)LLONG_MAX + (neg ? 1u : 0u))
		return false;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return true;
}

/* The float PyYAML constructs; false for what JSON cannot hold. */
static bool yaml11_float(double *out, const char *s)
{
	char buf[128], *p = buf;
	double v = 0, sign = 1;

	if (!strip_underscores(buf, sizeof(buf), s))
		return false;
	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	if (p[0] == '.' && strchr("iInN", p[1]))
		return false;	/* .inf and .nan, which no JSON number is */
	if (strchr(p, ':')) {
		char *part = p, *end;

		for (;;) {
			double d = strtod(part, &end);

			if (*end != ':') {
				v = v * 60 + d;
				break;
			}
			v = v * 60 + d;
			part = end + 1;
		}
	} else {
		v = strtod(p, NULL);
	}
	v *= sign;
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

void kata_value_resolve(struct kata_scalar *out, const char *s, bool plain)
{
	memset(out, 0, sizeof(*out));
	out->type = KATA_SCALAR_STRING;
	if (!plain)
		return;
	if (matches(YAML11_NULL, s)) {
		out->type = KATA_SCALAR_NULL;
	} else if (matches(YAML11_BOOL, s)) {
		out->type = KATA_SCALAR_BOOL;
		out->b = strchr("yYtT", s[0]) || !strcmp(s, "on") || !strcmp(s, "On") ||
			 !strcmp(s, "ON");
	} else if (matches(YAML11_INT, s)) {
		if (yaml11_int(&out->i, s))
			out->type = KATA_SCALAR_INT;
	} else if (matches(YAML11_FLOAT, s)) {
		if (yaml11_float(&out->r, s))
			out->type = KATA_SCALAR_REAL;
	}
}
