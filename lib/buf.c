#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"

void kata_buf_release(struct kata_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->alloc = 0;
	b->oom = false;
}

static bool grow(struct kata_buf *b, size_t extra)
{
	size_t want;
	char *nb;

	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->alloc)
		return true;
	want = b->alloc ? b->alloc : 64;
	while (want < b->len + extra + 1)
		want *= 2;
	if (!(nb = realloc(b->buf, want))) {
		b->oom = true;
		return false;
	}
	b->buf = nb;
	b->alloc = want;
	return true;
}

void kata_buf_add(struct kata_buf *b, const char *data, size_t len)
{
	if (!grow(b, len))
		return;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void kata_buf_adds(struct kata_buf *b, const char *s)
{
	kata_buf_add(b, s, strlen(s));
}

void kata_buf_addf(struct kata_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *kata_buf_detach(struct kata_buf *b)
{
	char *s;

	if (b->oom) {
		kata_buf_release(b);
		return NULL;
	}
	s = b->buf ? b->buf : calloc(1, 1);
	b->buf = NULL;
	b->len = b->alloc = 0;
	return s;
}

void kata_buf_truncate(struct kata_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->buf[len] = '\0';
	}
}
