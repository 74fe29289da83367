#ifndef KATA_ERROR_H
#define KATA_ERROR_H

/*
 * Errors in lib/: a function returns 0 or a negative code, and fills the
 * caller's error object with the detail. The first error set wins: a caller
 * passing an error up never overwrites what the callee said.
 */

enum kata_error_code {
	KATA_OK = 0,
	KATA_ERROR = -1,	/* anything else: I/O, git, memory */
	KATA_EINVALID = -2,	/* bad input: a malformed record, date, ID */
	KATA_ENOTFOUND = -3,	/* no such learner, record, repository */
	KATA_EAMBIGUOUS = -4,	/* an ID prefix matches more than one record */
	KATA_EEXISTS = -5,	/* the thing to create is already there */
	KATA_EPRACTICE = -6,	/* refused by a rule of the practice */
	KATA_EDIRTY = -7,	/* a record has uncommitted changes */
	KATA_ELOCKED = -8,	/* another command holds the repository */
	KATA_ECONFIG = -9,	/* missing configuration, such as the git identity */
	KATA_ECONFLICT = -10,	/* a merge both sides changed differently */
};

struct kata_error {
	int code;
	char *path;		/* file the error is about, or NULL */
	unsigned line;		/* 1-based; 0 when unknown */
	unsigned col;		/* 1-based; 0 when unknown */
	char *message;
};

void kata_error_init(struct kata_error *err);
void kata_error_release(struct kata_error *err);

/* Returns code, so that `return kata_error_set(err, ...)` reads well. */
int kata_error_set(struct kata_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kata_error_set_at(struct kata_error *err, int code, const char *path,
		      unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Gives an error that has no file yet the place it is about (the answer in
 * an answers file, say): a check that knows no file still reports
 * path:line:col. An error that names a file keeps it. Returns err->code.
 */
int kata_error_locate(struct kata_error *err, const char *path, unsigned line,
		      unsigned col);

/* Sets err to "out of memory"; returns KATA_ERROR. */
int kata_error_oom(struct kata_error *err);

/* Sets err from libgit2's last error; returns KATA_ERROR. */
int kata_error_from_git(struct kata_error *err, const char *what);

#endif
