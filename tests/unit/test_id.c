#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "helpers.h"

#define ALPHABET "0123456789abcdefghjkmnpqrstvwxyz"
#define MINTED 1000
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void test_new(void **state)
{
	static char ids[MINTED][KATA_ID_LEN + 1];
	bool seen[KATA_ID_LEN][32];
	struct kata_error err;
	size_t i, j;

	(void)state;
	memset(seen, 0, sizeof(seen));
	kata_error_init(&err);
	for (i = 0; i < MINTED; i++) {
		memset(ids[i], 'X', sizeof(ids[i]));
		assert_int_equal(kata_id_new(ids[i], &err), 0);
		assert_int_equal(err.code, 0);
		assert_int_equal(strlen(ids[i]), KATA_ID_LEN);
		assert_true(kata_id_valid(ids[i]));
		for (j = 0; j < KATA_ID_LEN; j++)
			seen[j][strchr(ALPHABET, ids[i][j]) - ALPHABET] = true;
	}
	kata_error_release(&err);

	qsort(ids, MINTED, sizeof(ids[0]), cmp_str);
	for (i = 1; i < MINTED; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);

	/* Every position carries five random bits: over a thousand IDs each
	 * takes every character (missing one has odds of about 1e-12). */
	for (j = 0; j < KATA_ID_LEN; j++)
		for (i = 0; i < 32; i++)
			if (!seen[j][i])
				fail_msg("'%c' never at position %zu", ALPHABET[i], j);
}

static void test_valid(void **state)
{
	static const char *const good[] = {
		"7kq2a3b4c5",
		"0000000000",
		"zzzzzzzzzz",
		"0123456789",
		"abcdefghjk",
		"mnpqrstvwx",
	};
	static const char *const bad[] = {
		"",
		"7kq2a3b4c",
		"7kq2a3b4c5d",
		"7KQ2A3B4C5",
		"7kq2a3b4cI",
		"7kq2a3b4ci",
		"7kq2a3b4cl",
		"7kq2a3b4co",
		"7kq2a3b4cu",
		"7kq2a3b4c-",
		"7kq2a 3b4c",
		"7kq2a3b4c5\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		if (!kata_id_valid(good[i]))
			fail_msg("'%s' should be valid", good[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (kata_id_valid(bad[i]))
			fail_msg("'%s' should be invalid", bad[i]);
	assert_false(kata_id_valid(NULL));
}

static const char *const ids[] = {
	"7kq2a00000",
	"7kq2b00000",
	"7kq3000000",
	"abcdefghjk",
	"zz00000000",
};

static void match_ok(const char *const *set, size_t n, const char *prefix, size_t expect)
{
	struct kata_error err;
	size_t out = 999;

	kata_error_init(&err);
	if (kata_id_match(&out, set, n, prefix, "obstacle", &err) != 0)
		fail_msg("'%s': %s", prefix, err.message);
	assert_int_equal(out, expect);
	assert_int_equal(err.code, 0);
	kata_error_release(&err);
}

static void match_err(const char *const *set, size_t n, const char *prefix,
		      int code, const char *message)
{
	struct kata_error err;
	size_t out = 999;

	kata_error_init(&err);
	assert_int_equal(kata_id_match(&out, set, n, prefix, "obstacle", &err), code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.message, message);
	assert_int_equal(out, 999);
	kata_error_release(&err);
}

static void test_match(void **state)
{
	(void)state;
	/* Exact, prefix, case-insensitive. */
	match_ok(ids, NELEM(ids), "abcdefghjk", 3);
	match_ok(ids, NELEM(ids), "7kq2a00000", 0);
	match_ok(ids, NELEM(ids), "abc", 3);
	match_ok(ids, NELEM(ids), "a", 3);
	match_ok(ids, NELEM(ids), "ABC", 3);
	match_ok(ids, NELEM(ids), "AbCdEfGhJk", 3);
	match_ok(ids, NELEM(ids), "7kq3", 2);
	match_ok(ids, NELEM(ids), "7KQ2B", 1);
	match_ok(ids, NELEM(ids), "z", 4);

	match_err(ids, NELEM(ids), "7kq2", KATA_EAMBIGUOUS,
		  "obstacle ID '7kq2' is ambiguous: 7kq2a, 7kq2b");
	match_err(ids, NELEM(ids), "7", KATA_EAMBIGUOUS,
		  "obstacle ID '7' is ambiguous: 7kq2a, 7kq2b, 7kq3");
	match_err(ids, NELEM(ids), "7KQ", KATA_EAMBIGUOUS,
		  "obstacle ID '7KQ' is ambiguous: 7kq2a, 7kq2b, 7kq3");
	match_err(ids, NELEM(ids), "7kq4", KATA_ENOTFOUND, "no obstacle '7kq4'");
	match_err(ids, NELEM(ids), "zz1", KATA_ENOTFOUND, "no obstacle 'zz1'");
	match_err(ids, NELEM(ids), "7kq2a000001", KATA_EINVALID, "invalid obstacle ID '7kq2a000001'");
	match_err(ids, 0, "7kq2", KATA_ENOTFOUND, "no obstacle '7kq2'");

	/* Outside the alphabet: invalid, not merely absent. */
	match_err(ids, NELEM(ids), "", KATA_EINVALID, "invalid obstacle ID ''");
	match_err(ids, NELEM(ids), "7kqi", KATA_EINVALID, "invalid obstacle ID '7kqi'");
	match_err(ids, NELEM(ids), "7kqL", KATA_EINVALID, "invalid obstacle ID '7kqL'");
	match_err(ids, NELEM(ids), "7-q", KATA_EINVALID, "invalid obstacle ID '7-q'");
	match_err(ids, NELEM(ids), " 7kq3", KATA_EINVALID, "invalid obstacle ID ' 7kq3'");
	match_err(ids, NELEM(ids), "7kq3 ", KATA_EINVALID, "invalid obstacle ID '7kq3 '");
}

static void test_match_exact_wins(void **state)
{
	static const char *const a[] = { "abcd", "abcde" };
	static const char *const b[] = { "abcde", "abcd" };
	static const char *const dup[] = { "7kq2a00000", "7kq2a00000" };

	(void)state;
	match_ok(a, NELEM(a), "abcd", 0);
	match_ok(a, NELEM(a), "ABCD", 0);
	match_ok(b, NELEM(b), "abcd", 1);
	match_ok(b, NELEM(b), "abcde", 0);
	match_err(b, NELEM(b), "abc", KATA_EAMBIGUOUS,
		  "obstacle ID 'abc' is ambiguous: abcde, abcd");
	match_ok(dup, NELEM(dup), "7kq2a00000", 0);
}

static void test_match_many(void **state)
{
	static const char *const five[] = {
		"0000000000", "0000000001", "0000000002", "0000000003", "0000000004",
	};
	static const char *const seven[] = {
		"0000000000", "0000000001", "0000000002", "0000000003", "0000000004",
		"0000000005", "0000000006",
	};
	static const char *const short_abbrev[] = { "7a00000000", "7b00000000", "8000000000" };
	struct kata_error err;
	size_t out;

	(void)state;
	match_err(five, 4, "0", KATA_EAMBIGUOUS,
		  "obstacle ID '0' is ambiguous: 0000000000, 0000000001, 0000000002, "
		  "0000000003");
	match_err(five, NELEM(five), "0", KATA_EAMBIGUOUS,
		  "obstacle ID '0' is ambiguous: 0000000000, 0000000001, 0000000002, "
		  "0000000003, 0000000004");
	match_err(seven, NELEM(seven), "0", KATA_EAMBIGUOUS,
		  "obstacle ID '0' is ambiguous: 0000000000, 0000000001, 0000000002, "
		  "0000000003, 0000000004, ...");
	/* Abbreviated to the shortest unique prefix, never under four. */
	match_err(short_abbrev, NELEM(short_abbrev), "7", KATA_EAMBIGUOUS,
		  "obstacle ID '7' is ambiguous: 7a00, 7b00");

	/* what names the kind. */
	kata_error_init(&err);
	assert_int_equal(kata_id_match(&out, ids, NELEM(ids), "x", "step", &err), KATA_ENOTFOUND);
	assert_string_equal(err.message, "no step 'x'");
	kata_error_release(&err);
	assert_int_equal(kata_id_match(&out, ids, NELEM(ids), "7", "step", &err), KATA_EAMBIGUOUS);
	assert_string_equal(err.message, "step ID '7' is ambiguous: 7kq2a, 7kq2b, 7kq3");
	kata_error_release(&err);
	assert_int_equal(kata_id_match(&out, ids, NELEM(ids), "i", "step", &err), KATA_EINVALID);
	assert_string_equal(err.message, "invalid step ID 'i'");
	kata_error_release(&err);
}

static void test_abbrev_len(void **state)
{
	static const char *const one[] = { "abcd000000" };
	static const char *const pair5[] = { "abcd000000", "abcd100000" };
	static const char *const pair_min[] = { "ab00000000", "ab10000000" };
	static const char *const pair10[] = { "abcdefgh00", "abcdefgh01" };
	static const char *const dup[] = { "abcdefgh00", "abcdefgh00" };
	static const char *const three[] = { "aaaa000000", "aaab000000", "aaaa0z0000" };
	static const char *const shorter[] = { "abc", "abd" };

	(void)state;
	assert_int_equal(kata_id_abbrev_len(one, 1, 0), 4);
	assert_int_equal(kata_id_abbrev_len(pair5, 2, 0), 5);
	assert_int_equal(kata_id_abbrev_len(pair5, 2, 1), 5);
	assert_int_equal(kata_id_abbrev_len(pair_min, 2, 0), 4);
	assert_int_equal(kata_id_abbrev_len(pair10, 2, 0), 10);
	assert_int_equal(kata_id_abbrev_len(pair10, 2, 1), 10);
	assert_int_equal(kata_id_abbrev_len(dup, 2, 0), 10);
	/* The longest prefix shared with any other ID decides. */
	assert_int_equal(kata_id_abbrev_len(three, 3, 0), 6);
	assert_int_equal(kata_id_abbrev_len(three, 3, 1), 4);
	assert_int_equal(kata_id_abbrev_len(three, 3, 2), 6);
	/* Never longer than the ID itself. */
	assert_int_equal(kata_id_abbrev_len(shorter, 2, 0), 3);
	assert_int_equal(kata_id_abbrev_len(ids, NELEM(ids), 0), 5);
	assert_int_equal(kata_id_abbrev_len(ids, NELEM(ids), 2), 4);
	assert_int_equal(kata_id_abbrev_len(ids, NELEM(ids), 3), 4);
}

static void test_learner_id(void **state)
{
	static const char *const good[] = {
		"alice",
		"a.b-c_d",
		"0",
		"a",
		"bob2",
		"9lives",
		"a.",
		"a-",
		"a_b.c-d.e",
		"a.b.c",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	static const char *const bad[] = {
		"",
		"Alice",
		"alicE",
		"-a",
		".a",
		"_a",
		"a/b",
		"..",
		"a..b",
		"a..",
		"a b",
		"a\n",
		"caf\xc3\xa9",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	size_t i;

	(void)state;
	assert_int_equal(strlen(good[NELEM(good) - 1]), 64);
	assert_int_equal(strlen(bad[NELEM(bad) - 1]), 65);
	for (i = 0; i < NELEM(good); i++)
		if (!kata_id_learner_valid(good[i]))
			fail_msg("'%s' should be a valid learner ID", good[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (kata_id_learner_valid(bad[i]))
			fail_msg("'%s' should not be a valid learner ID", bad[i]);
	assert_false(kata_id_learner_valid(NULL));
}

/* What looks like an ID: a word with a digit, or without a vowel. */
static void test_lookalike(void **state)
{
	static const char *const shaped[] = { "7kq2", "o3x", "bhyy", "BHYY", "7KQ2ABCDEF", "2026",
					   "c32z", NULL };
	static const char *const words[] = { "meetings", "cart", "the tools", "5S", "ab",
					     "tools are far", "7kq2abcdefg", "7kq-2", "",
					     "Größe", "queue", NULL };
	size_t i;

	(void)state;
	for (i = 0; shaped[i]; i++)
		if (!kata_id_lookalike(shaped[i]))
			fail_msg("'%s' should look like an ID", shaped[i]);
	for (i = 0; words[i]; i++)
		if (kata_id_lookalike(words[i]))
			fail_msg("'%s' should not look like an ID", words[i]);
}

static void test_closest(void **state)
{
	static const char *const near[] = { "c32p7kq2xm", "c33p000000", "zzzz000000", "0b1x000000" };
	size_t out[3];

	(void)state;
	/* one off, then two off; the far one is none */
	assert_int_equal(kata_id_closest(out, 3, near, 4, "c32z"), 2);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	/* o is 0 and l is 1, as Crockford reads them */
	assert_int_equal(kata_id_closest(out, 1, near, 4, "obl"), 1);
	assert_int_equal(out[0], 3);
	assert_int_equal(kata_id_closest(out, 3, near, 4, "qqqqqq"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_match_exact_wins),
		cmocka_unit_test(test_match_many),
		cmocka_unit_test(test_abbrev_len),
		cmocka_unit_test(test_learner_id),
		cmocka_unit_test(test_lookalike),
		cmocka_unit_test(test_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
