#ifndef KATA_STR_H
#define KATA_STR_H

#include <stdarg.h>
#include <stddef.h>

/* Strings: an allocating printf, lists of strings, and text cut to fit. */

/* A new string, printf-formatted; NULL when out of memory. */
char *kata_str_newf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *kata_str_vnewf(const char *fmt, va_list ap);

/* Frees a NULL-terminated array of strings and the array; NULL is fine. */
void kata_strv_free(char **v);

/*
 * Copies the first line of s into out (size bytes), cut at about max bytes
 * on a UTF-8 character boundary with "..." after when anything was left
 * out; control characters become spaces. For subject lines and messages.
 */
void kata_str_cut(char *out, size_t size, const char *s, size_t max);

/*
 * How many edits (a byte put in, left out, changed, or two swapped) turn a
 * into b: how far a typed name is from a known one, to suggest the
 * closest ("fyp" is 1 from "fpy").
 */
size_t kata_str_distance(const char *a, const char *b);

#endif
