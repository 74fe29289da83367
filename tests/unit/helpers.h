#ifndef KATA_TEST_HELPERS_H
#define KATA_TEST_HELPERS_H

#include <stddef.h>

/* Test helpers shared by the unit test programs. */

/* A fresh empty directory under $TMPDIR; returns a malloc'd path. */
char *th_tmpdir(void);
/* Removes a directory tree (for teardown). */
void th_rmtree(const char *path);
/* Writes len bytes of data to path, creating it. Asserts on failure. */
void th_write_file(const char *path, const char *data, size_t len);
/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL if absent. */
char *th_read_file(const char *path, size_t *len);
/* dir and path joined by a '/'; malloc'd. */
char *th_path(const char *dir, const char *path);
/*
 * Writes text to path below dir, making the folders above it; a path
 * ending in '/' is made as a folder (text unused). Asserts on failure.
 */
void th_make(const char *dir, const char *path, const char *text);

/*
 * Runs a group of tests against repositories of their own: HOME is a new
 * empty folder, and no git configuration or GIT_* variable of the machine
 * running the tests reaches them. Returns cmocka's result.
 */
#define th_run_isolated(tests) \
	th_run_isolated_(#tests, tests, sizeof(tests) / sizeof((tests)[0]))
int th_run_isolated_(const char *name, const struct CMUnitTest *tests, size_t n);

#endif
