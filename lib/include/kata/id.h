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

/* A learner ID: [a-z0-9][a-z0-9._-]{0,63} and no "..". */
bool kata_id_learner_valid(const char *id);

#endif
