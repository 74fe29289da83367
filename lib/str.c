#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/str.h"

char *kata_str_vnewf(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *kata_str_newf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kata_str_vnewf(fmt, ap);
	va_end(ap);
	return s;
}

void kata_strv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

void kata_str_cut(char *out, size_t size, const char *s, size_t max)
{
	size_t len = strcspn(s, "\n"), i;
	/* blank lines after the first are nothing left out */
	bool more = s[len] && s[len + strspn(s + len, "\n \t")];

	if (!size)
		return;
	if (size < 5) {
		out[0] = '\0';
		return;
	}
	if (!more && len <= max && len < size)
		max = len;	/* it fits whole */
	else if (max + 4 > size)
		max = size - 4;
	if (len > max) {
		more = true;
		for (len = max; len && ((unsigned char)s[len] & 0xc0) == 0x80; len--)
			;	/* never end inside a character */
	}
	for (i = 0; i < len; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	out[len] = '\0';
	if (more)
		strcat(out, "...");
}
