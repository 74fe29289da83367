#ifndef KATA_TEST_HELPERS_H
#define KATA_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/value.h"

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
 * Runs a shell command in dir: th_run returns its exit status, th_capture
 * its standard output (malloc'd), asserting it exits 0. What the command
 * prints on its standard output goes into TAP's: send it to stderr.
 */
int th_run(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *th_capture(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A scalar as it should resolve: its type and the member of that type. */
struct th_scalar {
	enum kata_scalar_type type;
	long long i;
	double r;
	bool b;
};

#define TH_STRING { KATA_SCALAR_STRING, 0, 0, false }
#define TH_NULL { KATA_SCALAR_NULL, 0, 0, false }
#define TH_BOOL(b) { KATA_SCALAR_BOOL, 0, 0, b }
#define TH_INT(i) { KATA_SCALAR_INT, i, 0, false }
#define TH_REAL(r) { KATA_SCALAR_REAL, 0, r, false }

/*
 * Whether v is what w says, and only that (the members of the other types
 * are 0); if not, says why on stderr (not TAP's stdout), naming what, so
 * that a table's loop can report every case that is wrong.
 */
bool th_scalar_is(const struct kata_scalar *v, const struct th_scalar *w, const char *what);

/*
 * Runs a group of tests against repositories of their own: HOME is a new
 * empty folder, and no git configuration or GIT_* variable of the machine
 * running the tests reaches them. Returns cmocka's result.
 */
#define th_run_isolated(tests) \
	th_run_isolated_(#tests, tests, sizeof(tests) / sizeof((tests)[0]))
int th_run_isolated_(const char *name, const struct CMUnitTest *tests, size_t n);

#endif
