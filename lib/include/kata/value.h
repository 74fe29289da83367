#ifndef KATA_VALUE_H
#define KATA_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"

/*
 * What a valid value is: the one set of checks that the command line, an
 * answers file, the prompts of `kata coach` and the records themselves go
 * through, so that what one accepts no other refuses. A WHEN is
 * kata_when_parse's (kata/when.h); an ID is kata_id_match's (kata/id.h).
 *
 * Messages name the value by `what` ("expectation", "goal") and carry no
 * position: a caller that has one adds it with kata_error_locate().
 */

#define KATA_TEXT_MAX (64 * 1024)	/* bytes of one text typed in */
#define KATA_NUMBER_MAX 64		/* bytes of a number as stored */

enum {
	KATA_VALUE_REQUIRED = 1 << 0,	/* blank text is refused */
	KATA_VALUE_LINE = 1 << 1,	/* one line: a line break is refused */
};

/*
 * Text a record may hold: valid UTF-8, no control character but newline
 * and tab, at most KATA_TEXT_MAX bytes. NULL, "" and blank text (only
 * white space, Unicode's included) are refused only with
 * KATA_VALUE_REQUIRED; a one-line field (an obstacle, a step, a metric's
 * name) takes KATA_VALUE_LINE, and no newline anywhere in it.
 */
int kata_value_text(const char *s, const char *what, unsigned flags,
		    struct kata_error *err);
/* The same rule for text read from a record (any length: records are
 * bounded as a whole). */
bool kata_value_text_ok(const char *s, unsigned flags);
/* Whether s (valid UTF-8) is NULL, empty or white space alone: what a
 * person sees as no answer. */
bool kata_value_blank(const char *s);

/*
 * A number typed in (12, 3.5, -0.25, 1e3), written to out in the form
 * kata stores: one that every YAML 1.1 and 1.2 reader reads as the same
 * number (no leading zeros, a digit on each side of the point, an
 * exponent only after a point and with a sign: 10, 0.5, 1.0e+20).
 */
int kata_value_number(char out[KATA_NUMBER_MAX], const char *s, const char *what,
		      struct kata_error *err);
/* Whether s is a number in that stored form (what a record's number field
 * must hold, since any other form reads differently somewhere). */
bool kata_value_number_ok(const char *s);

/* What a scalar is, as data: for JSON, and wherever a value is compared. */
enum kata_scalar_type {
	KATA_SCALAR_STRING,
	KATA_SCALAR_INT,
	KATA_SCALAR_REAL,
	KATA_SCALAR_BOOL,
	KATA_SCALAR_NULL,
};

struct kata_scalar {
	enum kata_scalar_type type;
	long long i;		/* INT */
	double r;		/* REAL */
	bool b;			/* BOOL */
};

/* A number in the stored form: INT when it has no point and fits in 64
 * bits, REAL otherwise. */
void kata_value_number_scalar(struct kata_scalar *out, const char *s);
/* A number in the stored form, as a double (to compare or draw it). */
double kata_value_number_double(const char *s);

/*
 * What a YAML 1.1 reader (PyYAML) reads a scalar as, for a key kata has no
 * type for (one added by hand): quoted text is a string; a plain scalar may
 * be a null, a boolean (yes, off, ...), an integer (010 is eight, 0x1F is
 * 31, 1_000, 1:30) or a float (needs its point: 1e5 is text). Numbers that
 * JSON cannot hold (.inf, .nan, integers beyond 64 bits) are strings, so
 * that nothing is lost.
 */
void kata_value_resolve(struct kata_scalar *out, const char *s, bool plain);

#endif
