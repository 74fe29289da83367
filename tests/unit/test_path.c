#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/path.h"
#include "kata/repo.h"

#define T_ID "4fa1c2d3e4"	/* a target */
#define R_ID "7kq2m8n9p0"	/* a record */
#define TDIR "learners/alice/001-" T_ID

static void test_learner_paths(void **state)
{
	char out[KATA_PATH_MAX];

	kata_path_learner_dir(out, "alice");
	assert_string_equal(out, "learners/alice");
	kata_path_learner(out, "alice");
	assert_string_equal(out, "learners/alice/learner.yaml");
	assert_string_equal(KATA_PATH_LEARNERS, "learners");
}

static void test_target_paths(void **state)
{
	char out[KATA_PATH_MAX];

	kata_path_target_dir(out, "alice", 1, T_ID);
	assert_string_equal(out, TDIR);
	/* the number grows past its width rather than wrapping */
	kata_path_target_dir(out, "alice", 1234, T_ID);
	assert_string_equal(out, "learners/alice/1234-" T_ID);
	kata_path_target(out, TDIR);
	assert_string_equal(out, TDIR "/target.yaml");
}

static void test_record_paths_of_each_kind(void **state)
{
	static const struct {
		enum kata_kind kind;
		const char *dir, *file;
	} want[] = {
		{ KATA_KIND_OBSTACLE, TDIR "/obstacles", TDIR "/obstacles/007-" R_ID ".yaml" },
		{ KATA_KIND_STEP, TDIR "/steps", TDIR "/steps/0007-" R_ID ".yaml" },
		{ KATA_KIND_MEASURE, TDIR "/measures", TDIR "/measures/0007-" R_ID ".yaml" },
		{ KATA_KIND_COACHING, TDIR "/coaching", TDIR "/coaching/0007-" R_ID ".yaml" },
		{ KATA_KIND_FEEDBACK, TDIR "/feedback", TDIR "/feedback/0007-" R_ID ".yaml" },
	};
	char out[KATA_PATH_MAX];
	struct kata_path_info info;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		kata_path_kind_dir(out, TDIR, want[i].kind);
		assert_string_equal(out, want[i].dir);
		kata_path_record(out, TDIR, want[i].kind, 7, R_ID);
		assert_string_equal(out, want[i].file);
		/* and what is written there reads back */
		assert_true(kata_path_parse(&info, out));
		assert_int_equal(info.kind, want[i].kind);
		assert_int_equal(info.seq, 7);
		assert_string_equal(info.id, R_ID);
	}
	kata_path_record(out, TDIR, KATA_KIND_STEP, 12345, R_ID);
	assert_string_equal(out, TDIR "/steps/12345-" R_ID ".yaml");
}

static void test_kind_folder(void **state)
{
	assert_string_equal(kata_path_kind_folder(KATA_KIND_OBSTACLE), "obstacles");
	assert_string_equal(kata_path_kind_folder(KATA_KIND_STEP), "steps");
	assert_string_equal(kata_path_kind_folder(KATA_KIND_MEASURE), "measures");
	assert_string_equal(kata_path_kind_folder(KATA_KIND_COACHING), "coaching");
	assert_string_equal(kata_path_kind_folder(KATA_KIND_FEEDBACK), "feedback");
	/* the kinds that have a file of their own */
	assert_null(kata_path_kind_folder(KATA_KIND_REPOSITORY));
	assert_null(kata_path_kind_folder(KATA_KIND_LEARNER));
	assert_null(kata_path_kind_folder(KATA_KIND_TARGET));
	assert_null(kata_path_kind_folder(KATA_KIND__COUNT));
}

static void test_join(void **state)
{
	char out[KATA_PATH_MAX], name[KATA_PATH_MAX];

	assert_true(kata_path_join(out, TDIR "/steps", "0001-" R_ID ".yaml"));
	assert_string_equal(out, TDIR "/steps/0001-" R_ID ".yaml");
	/* exactly the room there is */
	memset(name, 'n', sizeof(name));
	name[KATA_PATH_MAX - 1 - 2] = '\0';
	assert_true(kata_path_join(out, "d", name));
	assert_int_equal(strlen(out), KATA_PATH_MAX - 1);
	/* one byte more: false, and cut rather than overrun */
	name[KATA_PATH_MAX - 1 - 2] = 'n';
	name[KATA_PATH_MAX - 1 - 1] = '\0';
	assert_false(kata_path_join(out, "d", name));
	assert_int_equal(strlen(out), KATA_PATH_MAX - 1);
	assert_int_equal(strncmp(out, "d/nnn", 5), 0);
}

static void test_entry_parse_files_and_folders(void **state)
{
	struct kata_path_entry e;

	memset(&e, 0x5a, sizeof(e));
	assert_true(kata_path_entry_parse(&e, "0007-" R_ID ".yaml", false));
	assert_int_equal(e.seq, 7);
	assert_string_equal(e.id, R_ID);
	assert_null(e.name);
	assert_true(kata_path_entry_parse(&e, "001-" T_ID, true));
	assert_int_equal(e.seq, 1);
	assert_string_equal(e.id, T_ID);
	/* any width of number, nine digits at most */
	assert_true(kata_path_entry_parse(&e, "7-" R_ID ".yaml", false));
	assert_int_equal(e.seq, 7);
	assert_true(kata_path_entry_parse(&e, "0-" R_ID ".yaml", false));
	assert_int_equal(e.seq, 0);
	assert_true(kata_path_entry_parse(&e, "999999999-" R_ID ".yaml", false));
	assert_int_equal(e.seq, 999999999UL);
	/* a file's name is no folder's, nor the other way round */
	assert_false(kata_path_entry_parse(&e, "001-" T_ID, false));
	assert_false(kata_path_entry_parse(&e, "0007-" R_ID ".yaml", true));
}

static void test_entry_parse_refuses(void **state)
{
	static const char *const files[] = {
		"",
		".yaml",
		"-" R_ID ".yaml",		/* no number */
		"x7-" R_ID ".yaml",
		"+7-" R_ID ".yaml",
		"0007" R_ID ".yaml",		/* no dash */
		"0007_" R_ID ".yaml",
		"0007--" R_ID ".yaml",
		"0007-" R_ID ".yml",
		"0007-" R_ID ".YAML",
		"0007-" R_ID ".yaml~",		/* an editor's backup */
		"0007-" R_ID ".yaml.kata-tmp",	/* a write under way */
		"0007-" R_ID,			/* no .yaml */
		"0007-7kq2m8n9p.yaml",		/* nine characters */
		"0007-7kq2m8n9p00.yaml",	/* eleven */
		"0007-7KQ2M8N9P0.yaml",		/* not as kata writes IDs */
		"0007-7kq2m8n9pi.yaml",		/* i, l, o, u are no ID's */
		"0007-7kq2m8n9pl.yaml",
		"0007-7kq2m8n9po.yaml",
		"0007-7kq2m8n9pu.yaml",
		"0007-7kq2m8n/p0.yaml",
		"0007-7kq2m8n.p0.yaml",
		"9999999999-" R_ID ".yaml",	/* ten digits */
		"99999999999999999999999-" R_ID ".yaml",
		"notes.txt",
	};
	static const char *const dirs[] = {
		"", "001", "001-", "-" T_ID, "001-" T_ID "x", "001-4fa1c2d3e", "001-" T_ID "/",
		"001-4FA1C2D3E4", "learner.yaml", "steps",
	};
	struct kata_path_entry e;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (kata_path_entry_parse(&e, files[i], false))
			fail_msg("file name '%s' parsed", files[i]);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (kata_path_entry_parse(&e, dirs[i], true))
			fail_msg("folder name '%s' parsed", dirs[i]);
}

static void test_list_orders_by_number_then_id_and_skips_strays(void **state)
{
	struct fixture *f = *state;
	struct kata_path_entry *list = NULL;
	size_t n = 99;

	fx_write(f, TDIR "/steps/0002-bbbbbbbbbb.yaml", "");
	fx_write(f, TDIR "/steps/0001-zzzzzzzzzz.yaml", "");
	fx_write(f, TDIR "/steps/0001-0000000000.yaml", "");
	/* numbers, not names: 10 after 9 */
	fx_write(f, TDIR "/steps/10-aaaaaaaaaa.yaml", "");
	fx_write(f, TDIR "/steps/9-cccccccccc.yaml", "");
	/* strays of every sort (those that sort before the records) */
	fx_write(f, TDIR "/steps/+0003-" R_ID ".yaml", "");
	fx_write(f, TDIR "/steps/-" R_ID ".yaml", "");
	fx_write(f, TDIR "/steps/0000-" R_ID ".yml", "");
	fx_write(f, TDIR "/steps/0000-BADBADBADB.yaml", "");
	fx_write(f, TDIR "/steps/0000-" R_ID ".yaml/", "");	/* a folder */
	fx_write(f, TDIR "/steps/.0004-" R_ID ".yaml", "");
	assert_int_equal(kata_path_list(&list, &n, f->repo, TDIR "/steps", false, &f->err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(list[0].seq, 1);
	assert_string_equal(list[0].id, "0000000000");
	assert_string_equal(list[0].name, "0001-0000000000.yaml");
	assert_int_equal(list[1].seq, 1);
	assert_string_equal(list[1].id, "zzzzzzzzzz");
	assert_int_equal(list[2].seq, 2);
	assert_string_equal(list[2].name, "0002-bbbbbbbbbb.yaml");
	assert_int_equal(list[3].seq, 9);
	assert_string_equal(list[3].name, "9-cccccccccc.yaml");
	assert_int_equal(list[4].seq, 10);
	assert_string_equal(list[4].name, "10-aaaaaaaaaa.yaml");
	kata_path_list_free(list, n);
}

static void test_list_folders(void **state)
{
	struct fixture *f = *state;
	struct kata_path_entry *list = NULL;
	size_t n = 0;

	fx_write(f, "learners/alice/learner.yaml", "");
	fx_write(f, "learners/alice/002-bbbbbbbbbb/", "");
	fx_write(f, "learners/alice/010-aaaaaaaaaa/", "");
	fx_write(f, "learners/alice/001-" T_ID "/target.yaml", "");
	fx_write(f, "learners/alice/003-cccccccccc", "");	/* a file named as a folder */
	fx_write(f, "learners/alice/000-notes/", "");
	fx_write(f, "learners/alice/.004-dddddddddd/", "");

	assert_int_equal(kata_path_list(&list, &n, f->repo, "learners/alice", true, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "001-" T_ID);
	assert_int_equal(list[0].seq, 1);
	assert_string_equal(list[0].id, T_ID);
	assert_string_equal(list[1].name, "002-bbbbbbbbbb");
	assert_string_equal(list[2].name, "010-aaaaaaaaaa");
	assert_int_equal(list[2].seq, 10);
	kata_path_list_free(list, n);

	/* the same folder's files: none is a numbered record */
	assert_int_equal(kata_path_list(&list, &n, f->repo, "learners/alice", false, &f->err), 0);
	assert_int_equal(n, 0);
	kata_path_list_free(list, n);
}

static void test_list_missing_or_empty_folder(void **state)
{
	struct fixture *f = *state;
	struct kata_path_entry *list = (struct kata_path_entry *)&f->err;
	size_t n = 99;

	assert_int_equal(kata_path_list(&list, &n, f->repo, TDIR "/steps", false, &f->err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(f->err.code, 0);
	kata_path_list_free(list, n);

	fx_write(f, TDIR "/steps/", "");
	fx_write(f, TDIR "/steps/stray.txt", "");
	assert_int_equal(kata_path_list(&list, &n, f->repo, TDIR "/steps", false, &f->err), 0);
	assert_int_equal(n, 0);
	kata_path_list_free(list, n);
	kata_path_list_free(NULL, 0);
}

static void test_list_of_a_file_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct kata_path_entry *list = NULL;
	size_t n = 0;

	fx_write(f, TDIR "/steps", "");	/* a file where the folder should be */
	assert_int_equal(kata_path_list(&list, &n, f->repo, TDIR "/steps", false, &f->err),
			 KATA_ERROR);
	assert_string_equal(f->err.path, TDIR "/steps");
	assert_string_equal(f->err.message, "is a file, not a folder");
	assert_null(list);
	assert_int_equal(n, 0);
}

static void test_parse_every_record_path(void **state)
{
	static const struct {
		const char *path;
		struct kata_path_info want;	/* kind, learner, target_dir, target_seq,
						   target, seq, id */
	} paths[] = {
		{ "kata.yaml", { KATA_KIND_REPOSITORY, "", "", 0, "", 0, "" } },
		{ "learners/alice/learner.yaml", { KATA_KIND_LEARNER, "alice", "", 0, "", 0, "" } },
		{ TDIR "/target.yaml", { KATA_KIND_TARGET, "alice", TDIR, 1, T_ID, 0, T_ID } },
		{ TDIR "/obstacles/003-" R_ID ".yaml",
		  { KATA_KIND_OBSTACLE, "alice", TDIR, 1, T_ID, 3, R_ID } },
		{ TDIR "/steps/0012-" R_ID ".yaml", { KATA_KIND_STEP, "alice", TDIR, 1, T_ID, 12, R_ID } },
		{ TDIR "/measures/0001-" R_ID ".yaml",
		  { KATA_KIND_MEASURE, "alice", TDIR, 1, T_ID, 1, R_ID } },
		{ TDIR "/coaching/0002-" R_ID ".yaml",
		  { KATA_KIND_COACHING, "alice", TDIR, 1, T_ID, 2, R_ID } },
		{ TDIR "/feedback/0004-" R_ID ".yaml",
		  { KATA_KIND_FEEDBACK, "alice", TDIR, 1, T_ID, 4, R_ID } },
		/* the target's folder as it is named, whatever its digits */
		{ "learners/a.b-c_d/12-" T_ID "/steps/1-" R_ID ".yaml",
		  { KATA_KIND_STEP, "a.b-c_d", "learners/a.b-c_d/12-" T_ID, 12, T_ID, 1, R_ID } },
	};
	struct kata_path_info info;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct kata_path_info *w = &paths[i].want;

		memset(&info, 0x5a, sizeof(info));
		if (!kata_path_parse(&info, paths[i].path))
			fail_msg("'%s' not parsed", paths[i].path);
		if (info.kind != w->kind || strcmp(info.learner, w->learner) ||
		    strcmp(info.target_dir, w->target_dir) || info.target_seq != w->target_seq ||
		    strcmp(info.target, w->target) || info.seq != w->seq || strcmp(info.id, w->id))
			fail_msg("'%s': kind %d learner '%.65s' target_dir '%.200s' target_seq %lu "
				 "target '%.16s' seq %lu id '%.16s'", paths[i].path, (int)info.kind,
				 info.learner, info.target_dir, info.target_seq, info.target, info.seq,
				 info.id);
	}
}

static void test_parse_learner_ids_at_the_limit(void **state)
{
	char id[80], path[200];
	struct kata_path_info info;

	memset(id, 'a', 64);
	id[64] = '\0';
	snprintf(path, sizeof(path), "learners/%s/learner.yaml", id);
	assert_true(kata_path_parse(&info, path));
	assert_string_equal(info.learner, id);
	snprintf(path, sizeof(path), "learners/%s/001-%s/steps/0001-%s.yaml", id, T_ID, R_ID);
	assert_true(kata_path_parse(&info, path));
	assert_string_equal(info.learner, id);
	/* 65 characters: no learner ID */
	id[64] = 'a';
	id[65] = '\0';
	snprintf(path, sizeof(path), "learners/%s/learner.yaml", id);
	assert_false(kata_path_parse(&info, path));
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"",
		"/kata.yaml",
		"./kata.yaml",
		"kata.yml",
		"sub/kata.yaml",
		"learners",
		"learners/",
		"learners/alice",
		"learners/alice/",
		"learners//learner.yaml",
		"learners/alice//learner.yaml",
		"learner/alice/learner.yaml",
		"learners/../x",
		"learners/../learner.yaml",
		"learners/./learner.yaml",
		"learners/.alice/learner.yaml",
		"learners/-alice/learner.yaml",
		"learners/Alice/learner.yaml",
		"learners/al ice/learner.yaml",
		"learners/a..b/learner.yaml",
		"learners/alice/learner.yml",
		"learners/alice/learner.yaml/x",
		"learners/alice/notes.txt",
		"learners/alice/001-" T_ID,
		"learners/alice/001-" T_ID "/",
		"learners/alice/001-" T_ID "/target.yml",
		"learners/alice/001-" T_ID "/target.yaml/x",
		"learners/alice/001-" T_ID "/steps",
		"learners/alice/001-" T_ID "/steps/",
		"learners/alice/001-" T_ID "/stepz/0001-" R_ID ".yaml",
		"learners/alice/001-" T_ID "/steps/x.yaml",
		"learners/alice/001-" T_ID "/steps/0001-" R_ID ".yaml/x",
		"learners/alice/001-" T_ID "/steps/sub/0001-" R_ID ".yaml",
		"learners/alice/001-" T_ID "/steps/0001-" R_ID,
		"learners/alice/007-" R_ID "/steps/x.yaml",
		"learners/alice/007-" R_ID "/steps/..",
		"learners/alice/x-" T_ID "/target.yaml",
		"learners/alice/001-BADBADBADB/target.yaml",
		"learners/alice/" T_ID "/target.yaml",
		"learners/../001-" T_ID "/steps/0001-" R_ID ".yaml",
		"learners/Alice/001-" T_ID "/steps/0001-" R_ID ".yaml",
	};
	struct kata_path_info info;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kata_path_parse(&info, bad[i]))
			fail_msg("'%s' parsed as a record's path (kind %d)", bad[i], (int)info.kind);
}

/*
 * Passes, but leaks under valgrind and ASan: kata_path_list moves each
 * record's name out of the listing (leaving NULL there) and then frees
 * the listing with kata_strv_free, which stops at the first NULL, so that
 * every stray name sorted after the first record is never freed.
 */
static void test_list_frees_the_strays_after_the_records(void **state)
{
	struct fixture *f = *state;
	struct kata_path_entry *list = NULL;
	size_t n = 0;

	fx_write(f, TDIR "/steps/0001-" R_ID ".yaml", "");
	fx_write(f, TDIR "/steps/0001-" R_ID ".yaml~", "");
	fx_write(f, TDIR "/steps/0002-" R_ID ".yaml.kata-tmp", "");
	fx_write(f, TDIR "/steps/notes.txt", "");
	assert_int_equal(kata_path_list(&list, &n, f->repo, TDIR "/steps", false, &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "0001-" R_ID ".yaml");
	kata_path_list_free(list, n);
}

/*
 * path.h: "a number at most nine digits, so every path fits in
 * KATA_PATH_MAX"; kata_path_entry_parse bounds the value, not the digits,
 * so leading zeros (and 1000000000) pass, and the callers of
 * kata_path_join, which ignore its false, go on with a cut path.
 */
static void test_entry_parse_refuses_more_than_nine_digits(void **state)
{
	struct kata_path_entry e;
	char name[300];

	assert_false(kata_path_entry_parse(&e, "0000000001-" R_ID ".yaml", false));
	assert_false(kata_path_entry_parse(&e, "1000000000-" R_ID ".yaml", false));
	assert_false(kata_path_entry_parse(&e, "0000000001-" T_ID, true));
	memset(name, '0', 230);
	snprintf(name + 230, sizeof(name) - 230, "1-%s.yaml", R_ID);
	assert_false(kata_path_entry_parse(&e, name, false));
}

/* A record is a file: "learners/alice/learner.yaml/" is none. */
static void test_parse_refuses_a_trailing_slash(void **state)
{
	struct kata_path_info info;

	assert_false(kata_path_parse(&info, "learners/alice/learner.yaml/"));
	assert_false(kata_path_parse(&info, TDIR "/target.yaml/"));
	assert_false(kata_path_parse(&info, TDIR "/steps/0001-" R_ID ".yaml/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learner_paths),
		cmocka_unit_test(test_target_paths),
		cmocka_unit_test(test_record_paths_of_each_kind),
		cmocka_unit_test(test_kind_folder),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_entry_parse_files_and_folders),
		cmocka_unit_test(test_entry_parse_refuses),
		cmocka_unit_test_setup_teardown(test_list_orders_by_number_then_id_and_skips_strays,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_folders, fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_missing_or_empty_folder,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_of_a_file_is_an_error,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test(test_parse_every_record_path),
		cmocka_unit_test(test_parse_learner_ids_at_the_limit),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test_setup_teardown(test_list_frees_the_strays_after_the_records,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test(test_entry_parse_refuses_more_than_nine_digits),
		cmocka_unit_test(test_parse_refuses_a_trailing_slash),
	};

	return th_run_isolated(tests);
}
