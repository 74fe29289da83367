#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kata/str.h"
#include "kata/error.h"

void kata_error_init(struct kata_error *err)
{
	memset(err, 0, sizeof(*err));
}

void kata_error_release(struct kata_error *err)
{
	if (!err)
		return;
	free(err->path);
	free(err->message);
	kata_error_init(err);
}

static int vset(struct kata_error *err, int code, const char *path,
		unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (!err || err->code)
		return code;
	err->code = code;
	err->path = path ? strdup(path) : NULL;
	err->line = line;
	err->col = col;
	err->message = kata_str_vnewf(fmt, ap);
	return code;
}

int kata_error_set(struct kata_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int kata_error_set_at(struct kata_error *err, int code, const char *path,
		      unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

int kata_error_locate(struct kata_error *err, const char *path, unsigned line,
		      unsigned col)
{
	if (!err || !err->code || err->path || !path)
		return err ? err->code : 0;
	if (!(err->path = strdup(path)))
		return err->code;	/* the message still says what is wrong */
	err->line = line;
	err->col = col;
	return err->code;
}

int kata_error_oom(struct kata_error *err)
{
	return kata_error_set(err, KATA_ERROR, "out of memory");
}

int kata_error_from_git(struct kata_error *err, const char *what)
{
	const git_error *e = git_error_last();

	if (e && e->message)
		return kata_error_set(err, KATA_ERROR, "%s: %s", what, e->message);
	return kata_error_set(err, KATA_ERROR, "%s failed", what);
}
