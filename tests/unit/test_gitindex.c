#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "helpers.h"
#include "../../lib/gitindex.h"

/*
 * The index splice against repositories made by the real git: git itself
 * checks what we leave behind (status, diff, fsck, commit from the index).
 */

struct fixture {
	char *dir;
	char *gitdir;
	git_repository *repo;
	struct kata_error err;
};

#define GIT "git -c user.name=Tess -c user.email=tess@example.com -c core.fsmonitor=false "

static void assert_output(struct fixture *f, const char *want, const char *cmd)
{
	char *got = th_capture(f->dir, "%s", cmd);

	if (strcmp(got, want))
		print_error("'%s' printed:\n%s\nexpected:\n%s\n", cmd, got, want);
	assert_string_equal(got, want);
	free(got);
}

static char *read_index(struct fixture *f, size_t *len)
{
	char *p = th_path(f->dir, ".git/index"), *data = th_read_file(p, len);

	free(p);
	return data;
}

static int setup_empty(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = th_tmpdir();
	f->gitdir = th_path(f->dir, ".git");
	kata_error_init(&f->err);
	assert_int_equal(th_run(f->dir, GIT "init -q -b main ."), 0);
	assert_int_equal(git_repository_open(&f->repo, f->dir), 0);
	*state = f;
	return 0;
}

/* A repository with a commit, folders, and a cache tree in its index. */
static int setup(void **state)
{
	struct fixture *f;

	setup_empty(state);
	f = *state;
	assert_int_equal(th_run(f->dir, "mkdir -p d m/n k && echo b > b.txt && echo x > d/x.txt && "
			     "echo y > d/y.txt && echo o > m/n/o.txt && echo p > m/p.txt && "
			     "echo k > k/k.txt && echo z > z.txt && "
			     GIT "add . && " GIT "commit -qm init && " GIT "status -s"), 0);
	return 0;
}

/* The same in version 4, whose names are written against the one before. */
static int setup_v4(void **state)
{
	struct fixture *f;

	setup(state);
	f = *state;
	assert_int_equal(th_run(f->dir, GIT "update-index --index-version 4"), 0);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	git_repository_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->gitdir);
	free(f->dir);
	free(f);
	return 0;
}

struct edit {
	const char *path;
	const char *data;	/* NULL: remove */
	git_oid oid;
	struct stat st;
};

#define EDIT(p, d) { .path = (p), .data = (d) }

/* Writes (or removes) the files, then splices them into the index. */
static int apply(struct fixture *f, struct edit *e, size_t n)
{
	struct kata_index_change ch[8];
	size_t i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		char *full = th_path(f->dir, e[i].path);

		if (e[i].data) {
			th_make(f->dir, e[i].path, e[i].data);
			assert_int_equal(git_blob_create_from_buffer(&e[i].oid, f->repo, e[i].data,
								     strlen(e[i].data)), 0);
			assert_int_equal(lstat(full, &e[i].st), 0);
		} else {
			unlink(full);
		}
		free(full);
		ch[i].path = e[i].path;
		ch[i].oid = e[i].data ? &e[i].oid : NULL;
		ch[i].st = &e[i].st;
	}
	return kata_index_update(f->gitdir, ch, n, &f->err);
}

/* What git makes of the index: libgit2 and git read it, fsck finds it
 * sound, and the work tree matches it. */
static void check_sound(struct fixture *f)
{
	char *p = th_path(f->dir, ".git/index"), *lock = th_path(f->dir, ".git/index.lock");
	git_index *index = NULL;

	assert_int_equal(git_index_open(&index, p), 0);
	git_index_free(index);
	assert_int_equal(access(lock, F_OK), -1);
	assert_int_equal(th_run(f->dir, GIT "fsck --no-progress --no-dangling --strict >&2"), 0);
	assert_output(f, "", GIT "diff --name-only");
	free(lock);
	free(p);
}

/* Commits the index with git, which builds the tree from the cache tree
 * where it is valid: a stale node would show as a difference after. */
static void check_commit(struct fixture *f)
{
	assert_int_equal(th_run(f->dir, GIT "commit -qm next"), 0);
	assert_output(f, "", GIT "status --porcelain");
	assert_output(f, "", GIT "diff --name-only HEAD");
	assert_int_equal(th_run(f->dir, GIT "fsck --no-progress --no-dangling --strict >&2"), 0);
}

static bool index_has(struct fixture *f, const void *s, size_t slen)
{
	size_t len, i;
	char *data = read_index(f, &len);
	bool found = false;

	assert_non_null(data);
	for (i = 0; i + slen <= len && !found; i++)
		found = !memcmp(data + i, s, slen);
	free(data);
	return found;
}

static void test_replace(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("d/x.txt", "changed\n") };
	char want[128], hex[GIT_OID_HEXSZ + 1];

	assert_int_equal(apply(f, e, 1), 0);
	check_sound(f);
	assert_output(f, "d/x.txt\n", GIT "diff --cached --name-only HEAD");
	snprintf(want, sizeof(want), "100644 %s 0\td/x.txt\n",
		 git_oid_tostr(hex, sizeof(hex), &e[0].oid));
	assert_output(f, want, GIT "ls-files -s d/x.txt");
	/* root and d invalid; m, m/n and k kept with their entry counts */
	assert_true(index_has(f, "TREE", 4));
	assert_true(index_has(f, "\0-1 3\nd\0-1 0\n", 13));
	assert_true(index_has(f, "m\0" "2 1\n", 6));
	assert_true(index_has(f, "n\0" "1 0\n", 6));
	assert_true(index_has(f, "k\0" "1 0\n", 6));
	check_commit(f);
}

static void test_insert(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = {
		EDIT("c.txt", "middle\n"),
		EDIT("a.txt", "first\n"),
		EDIT("zz.txt", "last\n"),
		EDIT("e/f/g.txt", "new folder\n"),
		EDIT("m/n/a.txt", "deep\n"),
		EDIT("d.txt", "before d/\n"),
		EDIT("d0", "after d/\n"),
	};

	assert_int_equal(apply(f, e, sizeof(e) / sizeof(e[0])), 0);
	check_sound(f);
	assert_output(f, "a.txt\nc.txt\nd.txt\nd0\ne/f/g.txt\nm/n/a.txt\nzz.txt\n",
		      GIT "diff --cached --name-only HEAD");
	assert_output(f, "a.txt\nb.txt\nc.txt\nd.txt\nd/x.txt\nd/y.txt\nd0\ne/f/g.txt\n"
		      "k/k.txt\nm/n/a.txt\nm/n/o.txt\nm/p.txt\nz.txt\nzz.txt\n",
		      GIT "ls-files");
	assert_true(index_has(f, "d\0" "2 0\n", 6));
	check_commit(f);
}

static void test_remove(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("d/y.txt", NULL), EDIT("m/n/o.txt", NULL), EDIT("nothere", NULL) };

	assert_int_equal(apply(f, e, 3), 0);
	check_sound(f);
	assert_output(f, "d/y.txt\nm/n/o.txt\n", GIT "diff --cached --name-only HEAD");
	assert_output(f, "b.txt\nd/x.txt\nk/k.txt\nm/p.txt\nz.txt\n", GIT "ls-files");
	check_commit(f);
}

static void test_mixed_twice(void **state)
{
	struct fixture *f = *state;
	struct edit e1[] = { EDIT("k/k.txt", "k2\n"), EDIT("b.txt", NULL), EDIT("k/l.txt", "l\n") };
	struct edit e2[] = { EDIT("k/l.txt", "l2\n"), EDIT("z.txt", NULL) };

	assert_int_equal(apply(f, e1, 3), 0);
	check_sound(f);
	assert_int_equal(apply(f, e2, 2), 0);
	check_sound(f);
	assert_output(f, "b.txt\nk/k.txt\nk/l.txt\nz.txt\n", GIT "diff --cached --name-only HEAD");
	check_commit(f);
}

static void test_no_index(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("x/y.txt", "y\n"), EDIT("a", "a\n") };

	assert_int_equal(apply(f, e, 2), 0);
	check_sound(f);
	assert_output(f, "a\nx/y.txt\n", GIT "ls-files");
	assert_int_equal(th_run(f->dir, GIT "commit -qm first"), 0);
	assert_output(f, "", GIT "status --porcelain");
}

static void test_long_path(void **state)
{
	struct fixture *f = *state;
	char path[4300], want[4400], hex[GIT_OID_HEXSZ + 1];
	struct edit e[] = { EDIT("d/x.txt", "x2\n"), EDIT("zz", "zz\n") };
	struct kata_index_change ch;
	git_oid oid;
	size_t i;
	char *out;

	/* Longer than the 12 bits of an entry's name length; no file can
	 * have such a name, so it lives in the index only. */
	for (i = 0; i < 21; i++) {
		memset(path + i * 200, 'a' + (char)i, 199);
		path[i * 200 + 199] = '/';
	}
	strcpy(path + 4200, "f");
	assert_int_equal(git_blob_create_from_buffer(&oid, f->repo, "long\n", 5), 0);
	git_oid_tostr(hex, sizeof(hex), &oid);
	ch.path = path;
	ch.oid = &oid;
	ch.st = &e[0].st;
	out = th_path(f->dir, "b.txt");
	assert_int_equal(lstat(out, &e[0].st), 0);
	free(out);
	assert_int_equal(kata_index_update(f->gitdir, &ch, 1, &f->err), 0);
	snprintf(want, sizeof(want), "100644 %s 0\t%s\n", hex, path);
	assert_output(f, want, GIT "ls-files -s a*");
	/* and past it, with git's own long entry */
	path[0] = 'A';
	assert_int_equal(th_run(f->dir, GIT "update-index --add --cacheinfo 100644,%s,%s", hex, path), 0);
	assert_int_equal(apply(f, e, 2), 0);
	out = th_capture(f->dir, GIT "ls-files -s");
	assert_non_null(strstr(out, path));
	path[0] = 'a';
	assert_non_null(strstr(out, path));
	git_oid_tostr(hex, sizeof(hex), &e[0].oid);
	assert_non_null(strstr(out, hex));
	assert_non_null(strstr(out, "\tzz\n"));
	free(out);
	assert_int_equal(th_run(f->dir, GIT "fsck --no-progress --no-dangling --strict >&2"), 0);
}

static void test_extended_v3(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("d/x.txt", "x3\n"), EDIT("c", "c\n") };

	assert_int_equal(th_run(f->dir, GIT "update-index --skip-worktree b.txt"), 0);
	assert_int_equal(apply(f, e, 2), 0);
	check_sound(f);
	assert_output(f, "S b.txt\nH c\nH d/x.txt\n", GIT "ls-files -v b.txt c d/x.txt");
}

static void test_drops_untracked_cache(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("m/p.txt", "p2\n") };

	assert_int_equal(th_run(f->dir, "echo u > untracked && " GIT "-c core.untrackedCache=true status -s >/dev/null"), 0);
	assert_true(index_has(f, "UNTR", 4));
	assert_int_equal(apply(f, e, 1), 0);
	assert_false(index_has(f, "UNTR", 4));
	check_sound(f);
	assert_output(f, "M  m/p.txt\n?? untracked\n", GIT "-c core.untrackedCache=true status --porcelain");
}

static void check_untouched(struct fixture *f, int want)
{
	struct edit e[] = { EDIT("d/x.txt", "no\n") };
	size_t len0, len1;
	char *before = read_index(f, &len0), *after;
	char *lock = th_path(f->dir, ".git/index.lock");

	assert_int_equal(apply(f, e, 1), want);
	after = read_index(f, &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	if (want != KATA_ELOCKED)
		assert_int_equal(access(lock, F_OK), -1);
	if (want == 1)
		assert_null(f->err.message);
	free(lock);
	free(before);
	free(after);
}

/* Version 4 stays version 4, and names that share more than a folder
 * with their neighbours are written against the new ones. */
static void test_version4(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = {
		EDIT("m/n/o.tx", "shorter\n"),
		EDIT("m/n/o.txt", NULL),
		EDIT("m/n/o.txu", "after\n"),
		EDIT("m/n/oo.txt", "longer\n"),
	};
	size_t len;
	char *data;

	assert_int_equal(apply(f, e, 4), 0);
	check_sound(f);
	data = read_index(f, &len);
	assert_int_equal(data[7], 4);
	free(data);
	assert_output(f, "b.txt\nd/x.txt\nd/y.txt\nk/k.txt\nm/n/o.tx\nm/n/o.txu\nm/n/oo.txt\n"
		      "m/p.txt\nz.txt\n", GIT "ls-files");
	assert_output(f, "m/n/o.tx\nm/n/o.txt\nm/n/o.txu\nm/n/oo.txt\n",
		      GIT "diff --cached --name-only HEAD");
	check_commit(f);
}

static void test_split_index(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(th_run(f->dir, GIT "update-index --split-index"), 0);
	check_untouched(f, 1);
}

static void test_conflict(void **state)
{
	struct fixture *f = *state;
	char *oid = th_capture(f->dir, GIT "rev-parse HEAD:d/x.txt");

	oid[strcspn(oid, "\n")] = '\0';
	assert_int_equal(th_run(f->dir, "printf '0 %s\\td/x.txt\\n100644 %s 1\\td/x.txt\\n"
			     "100644 %s 2\\td/x.txt\\n100644 %s 3\\td/x.txt\\n' | "
			     GIT "update-index --index-info", oid, oid, oid, oid), 0);
	assert_output(f, "UU d/x.txt\n", GIT "status --porcelain");
	check_untouched(f, 1);
	free(oid);
}

static void test_dir_file_clash(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("z.txt/in", "clash\n") };

	assert_int_equal(th_run(f->dir, "rm z.txt"), 0);
	assert_int_equal(apply(f, e, 1), 1);
}

static void test_locked(void **state)
{
	struct fixture *f = *state;
	char *lock = th_path(f->dir, ".git/index.lock");
	size_t len;
	char *data;

	th_write_file(lock, "git's", 5);
	check_untouched(f, KATA_ELOCKED);
	assert_non_null(f->err.message);
	assert_non_null(data = th_read_file(lock, &len));
	assert_string_equal(data, "git's");
	free(data);
	free(lock);
}

/*
 * As git reads the index, the old checksum is not verified (git fsck
 * does): a splice writes the file anew with a checksum git accepts. What
 * is out of shape goes to libgit2, which refuses it, and nothing changes.
 */
static void test_checksum_not_verified_shape_is(void **state)
{
	struct fixture *f = *state;
	struct edit e[] = { EDIT("m/p.txt", "p2\n") };
	char *p = th_path(f->dir, ".git/index");
	size_t len;
	char *data = read_index(f, &len);

	data[len - 1] ^= 1;	/* the checksum */
	th_write_file(p, data, len);
	assert_int_equal(apply(f, e, 1), 0);
	check_sound(f);
	assert_output(f, "M  m/p.txt\n", GIT "status --porcelain");
	free(data);

	data = read_index(f, &len);
	data[12 + 60] = 0x0f;	/* the first entry's name runs past its end */
	data[12 + 61] = (char)0xfe;
	th_write_file(p, data, len);
	check_untouched(f, 1);
	free(data);
	free(p);
}

/*
 * Random rounds of a few inserts, replacements and removals among paths
 * shaped like kata's (long shared prefixes), each checked by git and
 * libgit2, and the files git lists against those that should be there.
 */
static void test_random_rounds(void **state)
{
	struct fixture *f = *state;
	enum { POOL = 24, ROUNDS = 40 };
	char paths[POOL][64], want[POOL * 64 + 1], *cmd;
	bool present[POOL] = { false };
	unsigned seed = 20261203;
	int r, i;

	for (i = 0; i < POOL; i++)
		snprintf(paths[i], sizeof(paths[i]), "learners/l%02d/001-t/%s/%04d-x%c.yaml",
			 i % 3, i % 2 ? "steps" : "measures", i / 6, 'a' + i % 5);
	for (r = 0; r < ROUNDS; r++) {
		struct edit e[4];
		bool used[POOL] = { false };
		int n = 1 + (int)(rand_r(&seed) % 4), k;

		for (k = 0; k < n; k++) {
			do
				i = (int)(rand_r(&seed) % POOL);
			while (used[i]);
			used[i] = true;
			e[k].path = paths[i];
			e[k].data = present[i] && rand_r(&seed) % 3 == 0 ? NULL
				  : rand_r(&seed) % 2 ? "one\n" : "two\n";
			present[i] = e[k].data != NULL;
		}
		assert_int_equal(apply(f, e, (size_t)n), 0);
		check_sound(f);
	}
	want[0] = '\0';
	for (i = 0; i < POOL; i++)
		if (present[i]) {
			strcat(want, paths[i]);
			strcat(want, "\n");
		}
	cmd = th_capture(f->dir, GIT "ls-files learners | sort");
	/* paths[] is not in git's order: compare sorted */
	{
		char *sorted = th_capture(f->dir, "printf '%%s' '%s' | sort", want);

		assert_string_equal(cmd, sorted);
		free(sorted);
	}
	free(cmd);
	check_commit(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_index, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_long_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extended_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drops_untracked_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version4, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_insert, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_twice, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_drops_untracked_cache, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_not_verified_shape_is, setup_v4,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_rounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_rounds, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_split_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_file_clash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_not_verified_shape_is, setup, teardown),
	};
	int rc;

	git_libgit2_init();
	rc = th_run_isolated(tests);
	git_libgit2_shutdown();
	return rc;
}
