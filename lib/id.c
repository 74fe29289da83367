#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kata/id.h"

#define ID_BITS 50
#define RANDOM_BYTES 7
#define LEARNER_ID_MAX 64
/* Candidates named in an ambiguity message. */
#define AMBIGUOUS_SHOWN 5

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static bool in_alphabet(char c)
{
	return c && strchr(alphabet, c) != NULL;
}

/* ASCII only: tolower() depends on the locale. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* [a-z0-9], whatever the locale. */
static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int read_random(unsigned char *buf, size_t len, struct kata_error *err)
{
	const char *path = "/dev/urandom";
	size_t got = 0;
	ssize_t n;
	int fd, error = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kata_error_set(err, KATA_ERROR, "cannot open %s: %s", path, strerror(errno));
	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = kata_error_set(err, KATA_ERROR, "cannot read %s: %s",
					       path, strerror(errno));
			goto done;
		}
		if (n == 0) {
			error = kata_error_set(err, KATA_ERROR, "cannot read %s: unexpected end of file",
					       path);
			goto done;
		}
		got += (size_t)n;
	}

done:
	close(fd);
	return error;
}

int kata_id_new(char out[KATA_ID_LEN + 1], struct kata_error *err)
{
	unsigned char bytes[RANDOM_BYTES];
	uint64_t v = 0;
	size_t i;
	int error;

	if ((error = read_random(bytes, sizeof(bytes), err)) < 0)
		return error;
	for (i = 0; i < sizeof(bytes); i++)
		v = v << 8 | bytes[i];
	v &= ((uint64_t)1 << ID_BITS) - 1;
	for (i = KATA_ID_LEN; i > 0; i--) {
		out[i - 1] = alphabet[v & 31];
		v >>= 5;
	}
	out[KATA_ID_LEN] = '\0';
	return 0;
}

bool kata_id_valid(const char *id)
{
	size_t i;

	if (!id)
		return false;
	for (i = 0; i < KATA_ID_LEN; i++)
		if (!in_alphabet(id[i]))
			return false;
	return id[KATA_ID_LEN] == '\0';
}

/* Length of the common prefix of a and b, ignoring case. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && b[i] && lower(a[i]) == lower(b[i]))
		i++;
	return i;
}

static bool has_prefix(const char *id, const char *prefix, size_t len)
{
	return common_prefix(id, prefix) == len;
}

static bool valid_prefix(const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (!in_alphabet(lower(prefix[i])))
			return false;
	return i > 0 && i <= KATA_ID_LEN;
}

/* "7kq2a, 7kq2b" or "7kq2a, ..., 7kq2e, ..." into buf. */
static void list_candidates(char *buf, size_t size, const char *const *ids, size_t n,
			    const size_t *shown, size_t nshown, bool more)
{
	size_t i, pos = 0, len;
	int w;

	buf[0] = '\0';
	for (i = 0; i < nshown; i++) {
		len = kata_id_abbrev_len(ids, n, shown[i]);
		w = snprintf(buf + pos, size - pos, "%s%.*s", i ? ", " : "",
			     (int)(len > 32 ? 32 : len), ids[shown[i]]);
		if (w < 0 || (size_t)w >= size - pos)
			return;
		pos += (size_t)w;
	}
	if (more)
		snprintf(buf + pos, size - pos, ", ...");
}

int kata_id_match(size_t *out, const char *const *ids, size_t n,
		  const char *prefix, const char *what, struct kata_error *err)
{
	size_t shown[AMBIGUOUS_SHOWN];
	size_t i, len, found = 0;
	char list[AMBIGUOUS_SHOWN * 36 + 8];

	if (!what)
		what = "record";
	if (!prefix || !valid_prefix(prefix))
		return kata_error_set(err, KATA_EINVALID, "invalid %s ID '%s'",
				      what, prefix ? prefix : "");
	len = strlen(prefix);

	for (i = 0; i < n; i++) {
		if (!ids[i] || !has_prefix(ids[i], prefix, len))
			continue;
		/* A whole ID names itself even if it prefixes a longer one. */
		if (ids[i][len] == '\0') {
			*out = i;
			return 0;
		}
		if (found < AMBIGUOUS_SHOWN)
			shown[found] = i;
		found++;
	}
	if (found == 0)
		return kata_error_set(err, KATA_ENOTFOUND, "no %s '%s'", what, prefix);
	if (found > 1) {
		list_candidates(list, sizeof(list), ids, n, shown,
				found < AMBIGUOUS_SHOWN ? found : AMBIGUOUS_SHOWN,
				found > AMBIGUOUS_SHOWN);
		return kata_error_set(err, KATA_EAMBIGUOUS, "%s ID '%s' is ambiguous: %s",
				      what, prefix, list);
	}
	*out = shown[0];
	return 0;
}

size_t kata_id_abbrev_len(const char *const *ids, size_t n, size_t i)
{
	size_t j, c, len = KATA_ID_ABBREV_MIN, max = strlen(ids[i]);

	for (j = 0; j < n; j++) {
		if (j == i || !ids[j])
			continue;
		c = common_prefix(ids[i], ids[j]);
		if (c + 1 > len)
			len = c + 1;
	}
	return len < max ? len : max;
}

bool kata_id_lookalike(const char *text)
{
	bool digit = false, vowel = false;
	size_t i;

	for (i = 0; text[i]; i++) {
		char c = lower(text[i]);

		if (c >= '0' && c <= '9')
			digit = true;
		else if (c < 'a' || c > 'z')
			return false;
		else if (strchr("aeiou", c))
			vowel = true;
	}
	return i >= 3 && i <= KATA_ID_LEN && (digit || !vowel);
}

/* A character as Crockford's base32 reads it. */
static char crockford(char c)
{
	c = lower(c);
	if (c == 'o')
		return '0';
	if (c == 'i' || c == 'l')
		return '1';
	return c;
}

/* Edit distance between a and the first len characters of b. */
static size_t distance(const char *a, const char *b, size_t len)
{
	size_t row[KATA_ID_LEN + 1], i, j, la = strlen(a);

	if (la > KATA_ID_LEN)
		return (size_t)-1;
	for (j = 0; j <= la; j++)
		row[j] = j;
	for (i = 1; i <= len && b[i - 1]; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= la; j++) {
			size_t up = row[j], best;

			best = diag + (crockford(a[j - 1]) != crockford(b[i - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[la];
}

size_t kata_id_closest(size_t *out, size_t max, const char *const *ids, size_t n,
		       const char *text)
{
	size_t d, i, k, found = 0, len = strlen(text);
	size_t dist[8];

	if (max > 8)
		max = 8;
	for (i = 0; i < n; i++) {
		if (!ids[i] || (d = distance(text, ids[i], len)) > 2)
			continue;
		/* insert by distance, the first made first among equals */
		for (k = found < max ? found : max; k > 0 && dist[k - 1] > d; k--) {
			if (k < max) {
				out[k] = out[k - 1];
				dist[k] = dist[k - 1];
			}
		}
		if (k < max) {
			out[k] = i;
			dist[k] = d;
			if (found < max)
				found++;
		}
	}
	return found;
}

bool kata_id_learner_valid(const char *id)
{
	size_t i;

	if (!id || !lower_alnum(id[0]))
		return false;
	for (i = 1; id[i]; i++) {
		char c = id[i];

		if (i >= LEARNER_ID_MAX)
			return false;
		if (!(lower_alnum(c) || c == '.' || c == '_' || c == '-'))
			return false;
		if (c == '.' && id[i - 1] == '.')
			return false;
	}
	return true;
}
