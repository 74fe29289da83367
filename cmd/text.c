#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kata.h"

/*
 * Text for the terminal: how wide it shows, where a line of it may break,
 * where it must be cut. Records hold UTF-8 in any language, so widths are
 * counted in terminal columns (a Japanese character or an emoji takes two,
 * a combining accent none), never in bytes; libunistring knows the
 * Unicode tables (East Asian Width, UAX #14 line breaking). The widths do
 * not depend on the locale: records are UTF-8 whatever it is.
 */

/* Ambiguous-width characters count as narrow, as outside CJK terminals. */
#define ENCODING "UTF-8"

/* The fewest columns a wrapped line is given, however deep its indent. */
#define WRAP_MIN 20

int cmd_term_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long v;

	if (c && *c) {
		v = strtol(c, &end, 10);
		if (!*end && v > 0 && v <= 10000)
			return (int)v;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int cmd_text_width(const char *s)
{
	return u8_strwidth((const uint8_t *)s, ENCODING);
}

void cmd_pad(FILE *f, const char *s, int width)
{
	int w = cmd_text_width(s);

	fputs(s, f);
	if (w < width)
		fprintf(f, "%*s", width - w, "");
}

/* The length of the colour escape (ESC [ ... m) at s, or 0. */
static size_t escape_len(const char *s)
{
	size_t i = 2;

	if (s[0] != '\033' || s[1] != '[')
		return 0;
	while (s[i] && (s[i] == ';' || (s[i] >= '0' && s[i] <= '9')))
		i++;
	return s[i] == 'm' ? i + 1 : 0;
}

void cmd_wrap(FILE *f, const char *text, int col, int hang, int width)
{
	size_t n = strlen(text), i, j, np = 0, spaces = 0, drop = 0;
	char *plain = NULL, *p = NULL;
	size_t *at = NULL;

	if (width - hang < WRAP_MIN)
		hang = width > WRAP_MIN ? width - WRAP_MIN : 0;
	if (!n || !(plain = malloc(n)) || !(p = malloc(n)) || !(at = malloc(n * sizeof(*at)))) {
		fputs(text, f);
		goto done;
	}
	/* the breaks are found in the text without its colours, which take
	 * no room; at[] maps each byte of that back */
	for (i = 0; i < n;) {
		size_t e = escape_len(text + i);

		if (e) {
			i += e;
			continue;
		}
		at[np] = i;
		plain[np++] = text[i++];
	}
	/* the first line may start left of the others (col < hang) */
	if (np)
		u8_width_linebreaks((const uint8_t *)plain, np, width - hang > 0 ? width - hang : 1,
				    col - hang, 0, NULL, ENCODING, p);
	/* the text as it is, a line ended at each break; the spaces before a
	 * break are dropped, the colours never */
	for (i = 0, j = 0; i < n;) {
		size_t e = escape_len(text + i);

		if (e) {
			fwrite(text + i, 1, e, f);
			i += e;
			continue;
		}
		/* text[i] is plain[j] */
		if (!drop && (p[j] == UC_BREAK_POSSIBLE || p[j] == UC_BREAK_MANDATORY ||
			      p[j] == UC_BREAK_CR_BEFORE_LF)) {
			spaces = 0;
			fprintf(f, "\n%*s", hang, "");
			/* a line break character of the text's own (CR LF, or one)
			 * is the break */
			if (p[j] != UC_BREAK_POSSIBLE)
				drop = p[j] == UC_BREAK_CR_BEFORE_LF ? 2 : 1;
		}
		if (drop) {
			drop--;
		} else if (text[i] == ' ') {
			spaces++;
		} else {
			for (; spaces; spaces--)
				fputc(' ', f);
			fputc(text[i], f);
		}
		i++;
		j++;
	}
	for (; spaces; spaces--)
		fputc(' ', f);
done:
	free(plain);
	free(p);
	free(at);
}

FILE *cmd_line_open(struct cmd_line *l)
{
	l->buf = NULL;
	l->len = 0;
	if (!(l->f = open_memstream(&l->buf, &l->len)))
		return stdout;	/* unwrapped, then */
	return l->f;
}

void cmd_line_wrap(struct cmd_line *l, int hang, int width)
{
	if (l->f) {
		fclose(l->f);
		if (l->buf)
			cmd_wrap(stdout, l->buf, 0, hang, width);
		free(l->buf);
	}
	putchar('\n');
}

const char *cmd_truncate(char *out, size_t size, const char *s, int width)
{
	static const char ellipsis[] = "\xe2\x80\xa6";	/* … */
	size_t n = strlen(s), cut = 0;
	int w = 0;

	if (!size)
		return out;
	if (cmd_text_width(s) <= width && n < size) {
		memcpy(out, s, n + 1);
		return out;
	}
	/* as many whole characters as leave a column for the ellipsis */
	while (cut < n) {
		size_t len = 1;
		int cw;

		while (cut + len < n && ((unsigned char)s[cut + len] & 0xc0) == 0x80)
			len++;
		cw = u8_width((const uint8_t *)s + cut, len, ENCODING);
		if (w + cw > width - 1 || cut + len + sizeof(ellipsis) > size)
			break;
		w += cw;
		cut += len;
	}
	memcpy(out, s, cut);
	if (width >= 1 && cut + sizeof(ellipsis) <= size)
		memcpy(out + cut, ellipsis, sizeof(ellipsis));
	else
		out[cut] = '\0';
	return out;
}

/* Whether the character at s is to be shown escaped (a control, a C1
 * control, a bidi override or isolate, a byte of invalid UTF-8); *len is
 * its length in bytes, *cp its code point (or the byte). */
static bool unsafe_at(const unsigned char *s, bool lines, size_t *len, unsigned *cp)
{
	int n;
	ucs4_t uc;

	*len = 1;
	*cp = *s;
	if (*s < 0x80)
		return (*s < 0x20 && !(lines && (*s == '\n' || *s == '\t'))) || *s == 0x7f;
	if ((n = u8_mbtoucr(&uc, s, strnlen((const char *)s, 4))) < 0)
		return true;
	*len = (size_t)n;
	*cp = uc;
	return (uc >= 0x80 && uc <= 0x9f) || (uc >= 0x202a && uc <= 0x202e) ||
	       (uc >= 0x2066 && uc <= 0x2069);
}

const char *cmd_safe(char **tmp, const char *s, bool lines)
{
	const unsigned char *p;
	unsigned cp;
	size_t n, len = 0;
	char *out;

	*tmp = NULL;
	if (!s)
		return s;
	for (p = (const unsigned char *)s; *p; p += n)
		if (unsafe_at(p, lines, &n, &cp))
			break;
	if (!*p)
		return s;
	/* a byte becomes at most four ("\x1b"), three six ("\u202e") */
	if (!(out = malloc(strlen(s) * 4 + 1)))
		return "?";
	for (p = (const unsigned char *)s; *p; p += n) {
		if (!unsafe_at(p, lines, &n, &cp)) {
			memcpy(out + len, p, n);
			len += n;
		} else if (n == 1)
			len += (size_t)sprintf(out + len, "\\x%02x", cp & 0xff);
		else
			len += (size_t)sprintf(out + len, "\\u%04x", cp);
	}
	out[len] = '\0';
	*tmp = out;
	return out;
}
