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

size_t kata_str_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *row[3], *cells;

	/* three rows of the optimal-string-alignment table: two back for swaps */
	if (!(cells = calloc(3 * (lb + 1), sizeof(*cells))))
		return (size_t)-1;
	for (i = 0; i < 3; i++)
		row[i] = cells + i * (lb + 1);
	for (j = 0; j <= lb; j++)
		row[1][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *prev2 = row[0], *prev = row[1], *cur = row[2];

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		row[0] = prev;
		row[1] = cur;
		row[2] = prev2;
	}
	d = row[1][lb];
	free(cells);
	return d;
}
