#ifndef KATA_BUF_H
#define KATA_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A growing string (git's strbuf). An allocation failure sets oom and
 * makes further appends no-ops, so that a caller checks once at the end.
 */
struct kata_buf {
	char *buf;		/* always NUL-terminated once anything is added */
	size_t len, alloc;
	bool oom;
};

#define KATA_BUF_INIT { NULL, 0, 0, false }

void kata_buf_release(struct kata_buf *b);
void kata_buf_add(struct kata_buf *b, const char *data, size_t len);
void kata_buf_adds(struct kata_buf *b, const char *s);
void kata_buf_addf(struct kata_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the string over (never NULL unless oom); b is empty after. */
char *kata_buf_detach(struct kata_buf *b);

/* Keeps the first len bytes. */
void kata_buf_truncate(struct kata_buf *b, size_t len);

#endif
