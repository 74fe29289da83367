#ifndef KATA_ID_H
#define KATA_ID_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"

/*
 * Record IDs are minted without coordination: 50 random bits written as ten
 * characters of Crockford's base32 in lower case (0-9 a-z without i l o u),
 * so that two clones never mint the same one. Any unambiguous prefix of an
 * ID names it, as with git's abbreviated hashes.
 */

#define KATA_ID_LEN 10
#define KATA_ID_ABBREV_MIN 4

int kata_id_new(char out[KATA_ID_LEN + 1], struct kata_error *err);
bool kata_id_valid(const char *id);

/*
 * Finds prefix among ids[0..n) (case-insensitive). On success *out is the
 * index. A prefix matching nothing is KATA_ENOTFOUND, several KATA_EAMBIGUOUS
 * (the message lists them). what names the kind in messages ("obstacle").
 */
int kata_id_match(size_t *out, const char *const *ids, size_t n,
		  const char *prefix, const char *what, struct kata_error *err);

/* The shortest prefix of ids[i], at least KATA_ID_ABBREV_MIN long, that no
 * other ID in ids[0..n) shares. */
size_t kata_id_abbrev_len(const char *const *ids, size_t n, size_t i);

/*
 * Whether text looks like a record ID (or a mistyped one) rather than words:
 * one word of 3 to KATA_ID_LEN ASCII letters and digits, with a digit in it
 * or no vowel (a e i o u). IDs are random base32, so nearly every prefix
 * someone types has a digit or no vowel; ordinary words have no digit and
 * have a vowel, so they are never taken for an ID. The one rule for every
 * place that takes an ID or new text (the coaching cycle's obstacle
 * answer, in a file or at the prompt).
 */
bool kata_id_lookalike(const char *text);

/*
 * The IDs of ids[0..n) closest to text, a mistyped ID: by edit distance
 * between text and the ID's prefix of text's length, ignoring case, and
 * reading o as 0 and i, l as 1 as Crockford's base32 does. Writes up to max
 * indexes to out, the closest first; returns how many (none when nothing is
 * within two edits).
 */
size_t kata_id_closest(size_t *out, size_t max, const char *const *ids, size_t n,
		       const char *text);

/* A learner ID: [a-z0-9][a-z0-9._-]{0,63} and no "..". */
bool kata_id_learner_valid(const char *id);

#endif
