#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "helpers.h"
#include "../../lib/pack.h"

/*
 * Packing against real repositories: the real git checks what we leave
 * (fsck --strict, log, count-objects), and every object written before
 * must still be read after.
 */

struct fixture {
	char *dir;
	char *objdir;
	git_repository *repo;
	struct kata_error err;
	unsigned commits;	/* made so far, for distinct contents */
};

struct oids {
	git_oid *v;
	size_t n, alloc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = th_tmpdir();
	f->objdir = th_path(f->dir, ".git/objects");
	kata_error_init(&f->err);
	assert_int_equal(git_repository_init(&f->repo, f->dir, 0), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	git_repository_free(f->repo);
	kata_error_release(&f->err);
	th_rmtree(f->dir);
	free(f->dir);
	free(f->objdir);
	free(f);
	return 0;
}

static void set_config(struct fixture *f, const char *key, int32_t value)
{
	git_config *cfg;

	assert_int_equal(git_repository_config(&cfg, f->repo), 0);
	assert_int_equal(git_config_set_int32(cfg, key, value), 0);
	git_config_free(cfg);
}

static void add_blob(struct fixture *f, git_treebuilder *tb, const char *name,
		     const char *data)
{
	git_oid id;

	assert_int_equal(git_blob_create_from_buffer(&id, f->repo, data, strlen(data)), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, name, &id, GIT_FILEMODE_BLOB), 0);
}

/*
 * One commit on HEAD with nblobs new blobs, in a subfolder as kata's
 * records are. With probe, one of them lands in objects/17, the folder
 * kata_pack_auto samples, so that a low gc.auto is sure to be exceeded.
 */
static void commit(struct fixture *f, unsigned nblobs, bool probe)
{
	git_treebuilder *tb, *sub;
	git_oid tree_id, sub_id, commit_id, parent_id;
	git_tree *tree;
	git_commit *parent = NULL;
	git_signature *sig;
	char name[64], data[256];
	unsigned i, k = f->commits++;

	assert_int_equal(git_treebuilder_new(&sub, f->repo, NULL), 0);
	for (i = 0; i < nblobs; i++) {
		snprintf(name, sizeof(name), "r%u-%u.yaml", k, i);
		snprintf(data, sizeof(data), "id: r%u-%u\nwhat: a record of commit %u\n"
			 "body: |\n  some text that repeats, some text that repeats\n", k, i, k);
		add_blob(f, sub, name, data);
	}
	if (probe) {
		git_oid id;

		for (i = 0;; i++) {
			snprintf(data, sizeof(data), "probe %u of commit %u\n", i, k);
			assert_int_equal(git_odb_hash(&id, data, strlen(data), GIT_OBJECT_BLOB), 0);
			if (id.id[0] == 0x17)
				break;
		}
		add_blob(f, sub, "probe", data);
	}
	assert_int_equal(git_treebuilder_write(&sub_id, sub), 0);
	git_treebuilder_free(sub);

	if (git_reference_name_to_id(&parent_id, f->repo, "HEAD") == 0) {
		git_tree *ptree;

		assert_int_equal(git_commit_lookup(&parent, f->repo, &parent_id), 0);
		assert_int_equal(git_commit_tree(&ptree, parent), 0);
		assert_int_equal(git_treebuilder_new(&tb, f->repo, ptree), 0);
		git_tree_free(ptree);
	} else {
		assert_int_equal(git_treebuilder_new(&tb, f->repo, NULL), 0);
	}
	snprintf(name, sizeof(name), "c%u", k);
	assert_int_equal(git_treebuilder_insert(NULL, tb, name, &sub_id, GIT_FILEMODE_TREE), 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	git_treebuilder_free(tb);
	assert_int_equal(git_tree_lookup(&tree, f->repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Tess", "tess@example.com",
					   1700000000 + k, 0), 0);
	snprintf(data, sizeof(data), "commit %u\n", k);
	assert_int_equal(git_commit_create_v(&commit_id, f->repo, "HEAD", sig, sig, NULL,
					     data, tree, parent ? 1 : 0, parent), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
}

static size_t count_loose(struct fixture *f)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < 256; i++) {
		char sub[8], *path;
		DIR *dir;
		struct dirent *de;

		snprintf(sub, sizeof(sub), "%02x", i);
		path = th_path(f->objdir, sub);
		if ((dir = opendir(path))) {
			while ((de = readdir(dir)))
				if (strlen(de->d_name) == 38)
					n++;
			closedir(dir);
		}
		free(path);
	}
	return n;
}

static size_t count_files(struct fixture *f, const char *suffix)
{
	char *path = th_path(f->objdir, "pack");
	DIR *dir = opendir(path);
	struct dirent *de;
	size_t n = 0, ls = strlen(suffix);

	if (dir) {
		while ((de = readdir(dir))) {
			size_t l = strlen(de->d_name);

			if (l > ls && !strcmp(de->d_name + l - ls, suffix))
				n++;
		}
		closedir(dir);
	}
	free(path);
	return n;
}

static int collect_cb(const git_oid *id, void *payload)
{
	struct oids *o = payload;

	if (o->n == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 256;
		o->v = realloc(o->v, o->alloc * sizeof(*o->v));
		assert_non_null(o->v);
	}
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

/*
 * Every object of the repository (with duplicates, loose and packed), as a
 * fresh handle sees it: the one that packed still lists the packs it
 * opened before they were replaced, until it is freed.
 */
static void all_objects(struct fixture *f, struct oids *o)
{
	git_repository *fresh;
	git_odb *odb;

	memset(o, 0, sizeof(*o));
	assert_int_equal(git_repository_open(&fresh, f->dir), 0);
	assert_int_equal(git_repository_odb(&odb, fresh), 0);
	assert_int_equal(git_odb_foreach(odb, collect_cb, o), 0);
	git_odb_free(odb);
	git_repository_free(fresh);
}

/* Each object reads, through the repository used and a fresh one. */
static void assert_readable(struct fixture *f, const struct oids *o)
{
	git_repository *fresh;
	git_odb *odb, *odb2;
	size_t i;

	assert_int_equal(git_repository_odb(&odb, f->repo), 0);
	assert_int_equal(git_repository_open(&fresh, f->dir), 0);
	assert_int_equal(git_repository_odb(&odb2, fresh), 0);
	for (i = 0; i < o->n; i++) {
		git_odb_object *obj;

		assert_int_equal(git_odb_read(&obj, odb, &o->v[i]), 0);
		git_odb_object_free(obj);
		assert_int_equal(git_odb_read(&obj, odb2, &o->v[i]), 0);
		git_odb_object_free(obj);
	}
	git_odb_free(odb2);
	git_odb_free(odb);
	git_repository_free(fresh);
}

static void assert_git_happy(struct fixture *f, unsigned commits, bool packed)
{
	assert_int_equal(th_run(f->dir, "git fsck --strict --no-dangling >&2"), 0);
	assert_int_equal(th_run(f->dir, "test \"$(git log --oneline | wc -l)\" -eq %u", commits), 0);
	if (packed)
		assert_int_equal(th_run(f->dir, "git count-objects -v | grep -qx 'count: 0'"), 0);
}

static void pack(struct fixture *f, size_t *packed)
{
	int rc = kata_pack_auto(f->repo, packed, &f->err);

	if (rc)
		print_error("kata_pack_auto: %s\n", f->err.message);
	assert_int_equal(rc, 0);
}

static void test_below_threshold(void **state)
{
	struct fixture *f = *state;
	size_t before, packed = 99;
	unsigned i;

	for (i = 0; i < 10; i++)
		commit(f, 20, true);	/* 10 in objects/17: 2560 < 6700 */
	before = count_loose(f);
	assert_true(before > 200);
	pack(f, &packed);
	assert_int_equal(packed, 0);
	assert_int_equal(count_loose(f), before);
	assert_int_equal(count_files(f, ".pack"), 0);
}

static void test_packs_loose(void **state)
{
	struct fixture *f = *state;
	struct oids o;
	size_t packed = 0;
	unsigned i;

	set_config(f, "gc.auto", 10);
	for (i = 0; i < 20; i++)
		commit(f, 10, i == 0);
	all_objects(f, &o);
	assert_int_equal(count_loose(f), o.n);
	pack(f, &packed);
	assert_int_equal(packed, o.n);
	assert_int_equal(count_loose(f), 0);
	assert_int_equal(count_files(f, ".pack"), 1);
	assert_int_equal(count_files(f, ".idx"), 1);
	assert_readable(f, &o);
	assert_git_happy(f, 20, true);

	/* Nothing loose now, so nothing to do. */
	pack(f, &packed);
	assert_int_equal(packed, 0);
	assert_int_equal(count_files(f, ".pack"), 1);

	/* And kata goes on writing. */
	commit(f, 3, false);
	assert_git_happy(f, 21, false);
	free(o.v);
}

static void test_disabled(void **state)
{
	struct fixture *f = *state;
	size_t before, packed = 99;
	unsigned i;

	set_config(f, "gc.auto", 0);
	for (i = 0; i < 5; i++)
		commit(f, 5, true);
	before = count_loose(f);
	pack(f, &packed);
	assert_int_equal(packed, 0);
	assert_int_equal(count_loose(f), before);
	assert_int_equal(count_files(f, ".pack"), 0);
}

static void test_bad_config(void **state)
{
	struct fixture *f = *state;
	git_config *cfg;
	size_t packed = 99;

	assert_int_equal(git_repository_config(&cfg, f->repo), 0);
	assert_int_equal(git_config_set_string(cfg, "gc.auto", "lots"), 0);
	git_config_free(cfg);
	commit(f, 1, true);
	assert_int_equal(kata_pack_auto(f->repo, &packed, &f->err), KATA_ECONFIG);
	assert_non_null(strstr(f->err.message, "gc.auto"));
	assert_int_equal(packed, 0);
	assert_int_equal(count_files(f, ".pack"), 0);
}

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Whether some object is in two places (loose and packed, or two packs). */
static bool has_duplicates(struct oids *o)
{
	size_t i;

	qsort(o->v, o->n, sizeof(*o->v), oid_cmp);
	for (i = 1; i < o->n; i++)
		if (!git_oid_cmp(&o->v[i - 1], &o->v[i]))
			return true;
	return false;
}

/*
 * Rounds of commits alike in size, packed after each. After each, each
 * pack holds at least twice the objects of the next smaller one (so
 * there are about log2 of the rounds of them), and every object is in
 * one place only: the rolled-up packs are gone.
 */
static void test_rolls_up_alike(void **state)
{
	struct fixture *f = *state;
	struct oids o;
	size_t packed, round;
	unsigned i;

	set_config(f, "gc.auto", 10);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 3; i++)
			commit(f, 5, i == 0);
		pack(f, &packed);
		assert_int_equal(count_loose(f), 0);
		assert_int_equal(th_run(f->dir, "for i in .git/objects/pack/*.idx; do "
					"git show-index <$i | wc -l; done | sort -n | "
					"awk 'NR > 1 && $1 < 2 * prev { exit 1 } { prev = $1 }'"), 0);
		all_objects(f, &o);
		assert_readable(f, &o);
		assert_false(has_duplicates(&o));
		free(o.v);
	}
	/* 8 rounds alike: 1 + 2 + 4 + 1 of them, binary */
	assert_true(count_files(f, ".pack") <= 4);
	assert_git_happy(f, f->commits, true);
}

/*
 * Rounds each a third of the one before: each pack holds more than twice
 * the smaller ones together, so they stay (a day's objects do not repack
 * the history), until gc.autoPackLimit is passed: then all become one.
 */
static void test_keeps_large_packs(void **state)
{
	struct fixture *f = *state;
	static const unsigned blobs[] = { 243, 81, 27, 9, 3 };
	static const size_t want[] = { 1, 2, 3, 4, 1 };
	struct oids o;
	size_t packed, round, loose;

	set_config(f, "gc.auto", 10);
	set_config(f, "gc.autoPackLimit", 3);
	for (round = 0; round < sizeof(blobs) / sizeof(blobs[0]); round++) {
		commit(f, blobs[round], true);
		loose = count_loose(f);
		pack(f, &packed);
		assert_int_equal(count_loose(f), 0);
		assert_int_equal(count_files(f, ".pack"), want[round]);
		assert_int_equal(count_files(f, ".idx"), want[round]);
		if (want[round] == 1 && round > 0)
			assert_true(packed > loose);
		else
			assert_int_equal(packed, loose);
		all_objects(f, &o);
		assert_readable(f, &o);
		free(o.v);
	}
	assert_git_happy(f, f->commits, true);
}

/*
 * Packs that came without loose objects (as a fetch brings them), each
 * as large as the other: rolled into one though nothing is loose.
 */
static void test_rolls_up_fetched_packs(void **state)
{
	struct fixture *f = *state;
	struct oids o;
	size_t packed = 0;
	unsigned round, i;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3; i++)
			commit(f, 5, false);
		assert_int_equal(th_run(f->dir, "git repack -d -q"), 0);
	}
	assert_int_equal(count_loose(f), 0);
	assert_int_equal(count_files(f, ".pack"), 3);
	all_objects(f, &o);
	pack(f, &packed);
	assert_true(packed > 0);
	assert_int_equal(count_files(f, ".pack"), 1);
	assert_readable(f, &o);
	assert_git_happy(f, f->commits, true);
	free(o.v);
}

/*
 * One record edited in each of 30 commits, each with 20 new blobs of its
 * size that are nothing alike (and gone in the next commit): the
 * record's versions are stored as deltas of each other, which the pack
 * builder finds only by the path (by size alone, a version's neighbours
 * are the unrelated blobs).
 */
static void test_deltas_by_path(void **state)
{
	struct fixture *f = *state;
	git_signature *sig;
	git_oid parent_id, commit_id, tree_id, id;
	char line[64], name[64], *data = malloc(2100), *noise = malloc(2100);
	size_t packed;
	unsigned k, i, j, seed = 7;

	assert_non_null(data);
	assert_non_null(noise);
	set_config(f, "gc.auto", 10);
	assert_int_equal(git_signature_new(&sig, "Tess", "tess@example.com", 1700000000, 0), 0);
	for (k = 0; k < 30; k++) {
		git_treebuilder *tb;
		git_commit *parent = NULL;
		git_tree *tree = NULL;

		data[0] = '\0';
		for (i = 0; i < 40; i++) {
			snprintf(line, sizeof(line), "line %02u: %s\n", i,
				 i == k % 40 ? "changed in this commit, one line only" :
					       "the same text in every version of it");
			strcat(data, line);
		}
		if (git_reference_name_to_id(&parent_id, f->repo, "HEAD") == 0)
			assert_int_equal(git_commit_lookup(&parent, f->repo, &parent_id), 0);
		/* this commit's blobs only: in the walk, 20 of them between two versions */
		assert_int_equal(git_treebuilder_new(&tb, f->repo, NULL), 0);
		add_blob(f, tb, "s.yaml", data);
		for (i = 0; i < 20; i++) {
			for (j = 0; j < strlen(data); j++) {
				seed = seed * 1103515245 + 12345;
				noise[j] = (char)('a' + (seed >> 16) % 26);
			}
			noise[j] = '\0';
			snprintf(name, sizeof(name), "n%u-%u.bin", k, i);
			add_blob(f, tb, name, noise);
		}
		assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
		git_treebuilder_free(tb);
		assert_int_equal(git_tree_lookup(&tree, f->repo, &tree_id), 0);
		assert_int_equal(git_commit_create_v(&commit_id, f->repo, "HEAD", sig, sig, NULL,
						     "a version", tree, parent ? 1 : 0, parent), 0);
		git_tree_free(tree);
		git_commit_free(parent);
		f->commits++;
	}
	/* something in objects/17 for the sample */
	for (i = 0;; i++) {
		snprintf(line, sizeof(line), "probe %u\n", i);
		assert_int_equal(git_odb_hash(&id, line, strlen(line), GIT_OBJECT_BLOB), 0);
		if (id.id[0] == 0x17)
			break;
	}
	assert_int_equal(git_blob_create_from_buffer(&id, f->repo, line, strlen(line)), 0);
	pack(f, &packed);
	assert_int_equal(count_files(f, ".pack"), 1);
	assert_int_equal(th_run(f->dir, "git rev-list --objects --all | "
				"awk '$2 == \"s.yaml\" { print $1 }' >versions && "
				"test \"$(wc -l <versions)\" -eq 30 && "
				"git verify-pack -v .git/objects/pack/*.idx | grep -F -f versions | "
				"awk 'NF >= 7' >deltas && test \"$(wc -l <deltas)\" -ge 25"), 0);
	assert_git_happy(f, f->commits, true);
	git_signature_free(sig);
	free(data);
	free(noise);
}

/* A pack with a .keep file stays, whatever the limit. */
static void test_keep(void **state)
{
	struct fixture *f = *state;
	struct oids o;
	size_t packed, round;
	char *packdir = th_path(f->objdir, "pack"), *kept = NULL, *keep;
	DIR *dir;
	struct dirent *de;
	unsigned i;

	set_config(f, "gc.auto", 10);
	set_config(f, "gc.autoPackLimit", 2);
	commit(f, 5, true);
	pack(f, &packed);
	assert_true(packed > 0);
	assert_non_null(dir = opendir(packdir));
	while ((de = readdir(dir)))
		if (strlen(de->d_name) > 5 && !strcmp(de->d_name + strlen(de->d_name) - 5, ".pack"))
			kept = th_path(packdir, de->d_name);
	closedir(dir);
	assert_non_null(kept);
	keep = strdup(kept);
	assert_non_null(keep);
	strcpy(keep + strlen(keep) - 5, ".keep");
	th_write_file(keep, "", 0);

	/* Other packs: 1, 2, then 3 > 2 become one; the kept one stays. */
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 2; i++)
			commit(f, 5, i == 0);
		pack(f, &packed);
		assert_int_equal(count_loose(f), 0);
		assert_true(access(kept, F_OK) == 0);
		assert_true(access(keep, F_OK) == 0);
	}
	assert_int_equal(count_files(f, ".pack"), 2);
	assert_int_equal(count_files(f, ".keep"), 1);
	all_objects(f, &o);
	assert_readable(f, &o);
	assert_git_happy(f, f->commits, true);
	free(o.v);
	free(keep);
	free(kept);
	free(packdir);
}

/* A loose object that is also in a pack is packed again, never lost. */
static void test_after_git_gc(void **state)
{
	struct fixture *f = *state;
	struct oids o;
	size_t packed;
	unsigned i;

	set_config(f, "gc.auto", 10);
	for (i = 0; i < 3; i++)
		commit(f, 5, i == 0);
	assert_int_equal(th_run(f->dir, "git gc -q"), 0);
	assert_int_equal(count_loose(f), 0);
	for (i = 0; i < 3; i++)
		commit(f, 5, i == 0);
	pack(f, &packed);
	assert_int_equal(count_loose(f), 0);
	assert_int_equal(count_files(f, ".pack"), 1);	/* git's pack was no larger */
	all_objects(f, &o);
	assert_readable(f, &o);
	assert_git_happy(f, 6, true);
	assert_int_equal(th_run(f->dir, "git gc -q"), 0);
	assert_git_happy(f, 6, true);
	free(o.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_below_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_packs_loose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rolls_up_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keeps_large_packs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rolls_up_fetched_packs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deltas_by_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_git_gc, setup, teardown),
	};
	int rc;

	git_libgit2_init();
	rc = th_run_isolated(tests);
	git_libgit2_shutdown();
	return rc;
}
