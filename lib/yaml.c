#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "kata/yaml.h"

/*
 * UTF-8
 */

/*
 * Decodes the character at s (n > 0 bytes left) into *cp and returns its
 * length, or 0 if it is not strict UTF-8: overlong forms, surrogates and
 * values past U+10FFFF are refused, as libyaml and other parsers do.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (c >= 0xd800 && c <= 0xdfff) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

bool kata_yaml_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w;
	uint32_t c;

	while (i < len) {
		if (!(w = utf8_decode(p + i, len - i, &c)) || c == 0)
			return false;
		i += w;
	}
	return true;
}

/*
 * Positions in the input, counted as libyaml counts its marks: a column is
 * a character, not a byte, and CR LF, CR, LF, NEL, LS and PS each end a
 * line. A leading byte order mark takes no column.
 */
struct pos {
	unsigned line, col;
	bool cr;
};

static void pos_advance(struct pos *pos, uint32_t c)
{
	if (c == '\n' && pos->cr) {
		pos->cr = false;
		return;
	}
	pos->cr = c == '\r';
	if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
		pos->line++;
		pos->col = 1;
	} else {
		pos->col++;
	}
}

static size_t bom_len(const unsigned char *p, size_t len)
{
	return len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf ? 3 : 0;
}

/* The position of byte offset in buf, for libyaml's reader errors. */
static struct pos offset_pos(const char *buf, size_t len, size_t offset)
{
	const unsigned char *p = (const unsigned char *)buf;
	struct pos pos = { 1, 1, false };
	size_t i = bom_len(p, len), w;
	uint32_t c;

	while (i < offset && i < len) {
		if (!(w = utf8_decode(p + i, len - i, &c))) {
			w = 1;
			c = 0;
		}
		pos_advance(&pos, c);
		i += w;
	}
	return pos;
}

/*
 * Parsing
 */

struct frame {
	struct kata_node *node;
	char *key;		/* MAPPING: a key waiting for its value */
	unsigned key_line, key_col;
};

struct parser {
	const char *path;
	struct kata_error *err;
	const char *buf;
	size_t len;
	struct kata_node *root;
	/* one frame for each open collection: the depth is bounded here */
	struct frame stack[KATA_YAML_DEPTH_MAX];
	size_t depth;
	unsigned documents;
	bool done;
};

static const char no_anchors[] = "anchors and aliases are not allowed in records";

/*
 * A key quoted in a message: at most about 60 bytes, cut on a character
 * boundary, with control characters shown as '?' so that the message stays
 * on one line.
 */
static void quote_key(char *dst, size_t size, const char *key)
{
	const unsigned char *p = (const unsigned char *)key;
	size_t len = strlen(key), i = 0, j = 0, w, max = size - 4;
	uint32_t c;

	while (i < len) {
		if (!(w = utf8_decode(p + i, len - i, &c))) {
			w = 1;
			c = 0;
		}
		if (j + w > max) {
			memcpy(dst + j, "...", 3);
			j += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		    c == 0x2028 || c == 0x2029) {
			dst[j++] = '?';
		} else {
			memcpy(dst + j, key + i, w);
			j += w;
		}
		i += w;
	}
	dst[j] = '\0';
}

static int fail_at(struct parser *p, unsigned line, unsigned col,
		   const char *msg)
{
	return kata_error_set_at(p->err, KATA_EINVALID, p->path, line, col, "%s", msg);
}

/*
 * libyaml would refuse NUL and bad UTF-8 too, but its reader reports a byte
 * offset and a terse message; one pass here names the line and column.
 */
static int check_bytes(struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->buf;
	struct pos pos = { 1, 1, false };
	size_t i = bom_len(s, p->len), w;
	uint32_t c;

	while (i < p->len) {
		if (!s[i])
			return fail_at(p, pos.line, pos.col, "record contains a NUL byte");
		if (!(w = utf8_decode(s + i, p->len - i, &c)))
			return kata_error_set_at(p->err, KATA_EINVALID, p->path,
						 pos.line, pos.col,
						 "invalid UTF-8 byte 0x%02x", s[i]);
		pos_advance(&pos, c);
		i += w;
	}
	return 0;
}

static int parser_error(struct parser *p, const yaml_parser_t *yp)
{
	const char *problem = yp->problem ? yp->problem : "invalid YAML";
	struct pos pos;

	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		return kata_error_oom(p->err);
	case YAML_READER_ERROR:
		pos = offset_pos(p->buf, p->len, yp->problem_offset);
		if (yp->problem_value >= 0)
			return kata_error_set_at(p->err, KATA_EINVALID, p->path,
						 pos.line, pos.col, "%s (U+%04X)",
						 problem, (unsigned)yp->problem_value);
		return fail_at(p, pos.line, pos.col, problem);
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		if (yp->context)
			return kata_error_set_at(p->err, KATA_EINVALID, p->path,
						 (unsigned)yp->problem_mark.line + 1,
						 (unsigned)yp->problem_mark.column + 1,
						 "%s (%s at %u:%u)", problem, yp->context,
						 (unsigned)yp->context_mark.line + 1,
						 (unsigned)yp->context_mark.column + 1);
		return fail_at(p, (unsigned)yp->problem_mark.line + 1,
			       (unsigned)yp->problem_mark.column + 1, problem);
	default:
		return fail_at(p, 0, 0, problem);
	}
}

/*
 * Anchors, aliases and tags would not survive a rewrite, and an alias makes
 * one node appear in many places. Only tags that change nothing are let
 * through: the non-specific "!", and !!str, !!seq, !!map on the matching
 * kind of node.
 */
static int check_props(struct parser *p, const yaml_char_t *anchor,
		       const yaml_char_t *tag, enum kata_node_type type,
		       unsigned line, unsigned col)
{
	static const char *const allowed[] = {
		[KATA_NODE_SCALAR] = "tag:yaml.org,2002:str",
		[KATA_NODE_SEQUENCE] = "tag:yaml.org,2002:seq",
		[KATA_NODE_MAPPING] = "tag:yaml.org,2002:map",
	};

	if (anchor)
		return fail_at(p, line, col, no_anchors);
	if (tag && strcmp((const char *)tag, "!") &&
	    strcmp((const char *)tag, allowed[type]))
		return fail_at(p, line, col, "tags are not allowed in records");
	return 0;
}

/* Adds node to the open collection on top; node is consumed either way. */
static int attach(struct parser *p, struct kata_node *node)
{
	struct frame *top = &p->stack[p->depth - 1];

	if (kata_node_append(top->node, top->key, top->key ? top->key_line : node->line,
			     top->key ? top->key_col : node->col, node) < 0) {
		kata_node_free(node);
		return kata_error_oom(p->err);
	}
	top->key = NULL;
	return 0;
}

static bool is_mapping_key(const struct parser *p)
{
	const struct frame *top;

	if (!p->depth)
		return false;
	top = &p->stack[p->depth - 1];
	return top->node->type == KATA_NODE_MAPPING && !top->key;
}

static bool plain_is_typed(const char *s);
static bool plain_writable(const char *s, size_t len);

static int on_scalar(struct parser *p, const yaml_event_t *ev,
		     unsigned line, unsigned col)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct kata_node *node;
	struct frame *top;
	char *text;
	int error;

	if ((error = check_props(p, ev->data.scalar.anchor, ev->data.scalar.tag,
				 KATA_NODE_SCALAR, line, col)) < 0)
		return error;
	if (!p->depth)
		return fail_at(p, line, col, len ? "a record must be a YAML mapping" :
			       "record is empty");
	/* the input was valid, but an escape such as "\0" makes a NUL */
	if (!kata_yaml_utf8_valid(value, len))
		return fail_at(p, line, col, "text contains a NUL character");
	if (!(text = malloc(len + 1)))
		return kata_error_oom(p->err);
	memcpy(text, value, len);
	text[len] = '\0';

	if (is_mapping_key(p)) {
		top = &p->stack[p->depth - 1];
		top->key = text;
		top->key_line = line;
		top->key_col = col;
		return 0;
	}
	if (!(node = kata_node_new(KATA_NODE_SCALAR))) {
		free(text);
		return kata_error_oom(p->err);
	}
	node->text = text;
	node->line = line;
	node->col = col;
	/* a typed value that would come back quoted is text from the start */
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		      !ev->data.scalar.tag && plain_is_typed(text) && plain_writable(text, len);
	return attach(p, node);
}

static int on_collection_start(struct parser *p, const yaml_event_t *ev,
			       unsigned line, unsigned col)
{
	enum kata_node_type type;
	struct kata_node *node;
	int error;

	if (ev->type == YAML_MAPPING_START_EVENT) {
		type = KATA_NODE_MAPPING;
		error = check_props(p, ev->data.mapping_start.anchor,
				    ev->data.mapping_start.tag, type, line, col);
	} else {
		type = KATA_NODE_SEQUENCE;
		error = check_props(p, ev->data.sequence_start.anchor,
				    ev->data.sequence_start.tag, type, line, col);
	}
	if (error < 0)
		return error;
	if (p->depth == KATA_YAML_DEPTH_MAX)
		return kata_error_set_at(p->err, KATA_EINVALID, p->path, line, col,
					 "nesting is deeper than %d levels",
					 KATA_YAML_DEPTH_MAX);
	if (!p->depth && type != KATA_NODE_MAPPING)
		return fail_at(p, line, col, "a record must be a YAML mapping");
	if (is_mapping_key(p))
		return fail_at(p, line, col, "a mapping key must be a scalar");

	if (!(node = kata_node_new(type)))
		return kata_error_oom(p->err);
	node->line = line;
	node->col = col;
	if (!p->depth)
		p->root = node;
	else if ((error = attach(p, node)) < 0)
		return error;
	p->stack[p->depth].node = node;
	p->stack[p->depth].key = NULL;
	p->depth++;
	return 0;
}

struct keyref {
	const char *key;
	size_t index;
};

static int keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Finds the first key, in file order, that repeats an earlier one. Sorting
 * keeps this O(n log n): a 1 MiB record can hold a hundred thousand keys.
 */
static int check_duplicates(struct parser *p, const struct kata_node *map)
{
	struct keyref *refs;
	size_t i, start = 0, dup = SIZE_MAX, first = 0;
	char quoted[64];

	if (map->n < 2)
		return 0;
	if (!(refs = calloc(map->n, sizeof(*refs))))
		return kata_error_oom(p->err);
	for (i = 0; i < map->n; i++) {
		refs[i].key = map->entries[i].key;
		refs[i].index = i;
	}
	qsort(refs, map->n, sizeof(*refs), keyref_cmp);
	for (i = 1; i < map->n; i++) {
		if (strcmp(refs[i].key, refs[start].key)) {
			start = i;
			continue;
		}
		if (refs[i].index < dup) {
			dup = refs[i].index;
			first = refs[start].index;
		}
	}
	free(refs);
	if (dup == SIZE_MAX)
		return 0;
	quote_key(quoted, sizeof(quoted), map->entries[dup].key);
	return kata_error_set_at(p->err, KATA_EINVALID, p->path,
				 map->entries[dup].line, map->entries[dup].col,
				 "duplicate key '%s' (first at line %u)", quoted,
				 map->entries[first].line);
}

static int on_collection_end(struct parser *p)
{
	struct kata_node *node = p->stack[p->depth - 1].node;
	int error;

	if (node->type == KATA_NODE_MAPPING && (error = check_duplicates(p, node)) < 0)
		return error;
	p->depth--;
	return 0;
}

static int on_event(struct parser *p, const yaml_event_t *ev)
{
	unsigned line = (unsigned)ev->start_mark.line + 1;
	unsigned col = (unsigned)ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (p->documents++)
			return fail_at(p, line, col, "a record must be one YAML document");
		return 0;
	case YAML_STREAM_END_EVENT:
		if (!p->documents)
			return fail_at(p, line, col, "record is empty");
		p->done = true;
		return 0;
	case YAML_ALIAS_EVENT:
		return fail_at(p, line, col, no_anchors);
	case YAML_SCALAR_EVENT:
		return on_scalar(p, ev, line, col);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(p, ev, line, col);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_collection_end(p);
	default:
		return 0;
	}
}

int kata_yaml_parse(struct kata_node **out, const char *buf, size_t len,
		    const char *path, struct kata_error *err)
{
	struct parser p;
	yaml_parser_t yp;
	yaml_event_t ev;
	bool yp_live = false;
	size_t i;
	int error;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.path = path;
	p.err = err;
	p.buf = buf ? buf : "";
	p.len = buf ? len : 0;

	if (p.len > KATA_RECORD_MAX)
		return kata_error_set_at(err, KATA_EINVALID, path, 0, 0,
					 "record is larger than 1 MiB");
	if ((error = check_bytes(&p)) < 0)
		goto done;
	if (!yaml_parser_initialize(&yp)) {
		error = kata_error_oom(err);
		goto done;
	}
	yp_live = true;
	yaml_parser_set_input_string(&yp, (const unsigned char *)p.buf, p.len);

	while (!p.done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			error = parser_error(&p, &yp);
			goto done;
		}
		error = on_event(&p, &ev);
		yaml_event_delete(&ev);
		if (error < 0)
			goto done;
	}
	*out = p.root;
	p.root = NULL;
	error = 0;
done:
	if (yp_live)
		yaml_parser_delete(&yp);
	for (i = 0; i < p.depth; i++)
		free(p.stack[i].key);
	kata_node_free(p.root);
	return error;
}

/* What a file that is not a regular one is, for the error that refuses it. */
const char *kata_yaml_file_type(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

int kata_yaml_load_fd(struct kata_node **out, int fd, const char *name,
		      struct kata_error *err)
{
	struct stat st;
	char *buf = NULL, *bigger;
	size_t len = 0, alloc;
	ssize_t r;
	int error;

	*out = NULL;
	if (fstat(fd, &st) < 0)
		return kata_error_set_at(err, KATA_ERROR, name, 0, 0,
					 "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return kata_error_set_at(err, KATA_ERROR, name, 0, 0,
					 "is %s, not a regular file",
					 kata_yaml_file_type(st.st_mode));
	/* refused before reading, so that a huge file costs nothing */
	if (st.st_size > KATA_RECORD_MAX)
		return kata_error_set_at(err, KATA_EINVALID, name, 0, 0,
					 "record is larger than 1 MiB");

	/* the file may grow while it is read: never hold more than the limit */
	alloc = (size_t)st.st_size + 1;
	if (!(buf = malloc(alloc)))
		return kata_error_oom(err);
	for (;;) {
		if (len == alloc) {
			if (len > KATA_RECORD_MAX) {
				error = kata_error_set_at(err, KATA_EINVALID, name, 0, 0,
							  "record is larger than 1 MiB");
				goto done;
			}
			alloc = alloc * 2 > KATA_RECORD_MAX + 1 ?
				KATA_RECORD_MAX + 1 : alloc * 2;
			if (!(bigger = realloc(buf, alloc))) {
				error = kata_error_oom(err);
				goto done;
			}
			buf = bigger;
		}
		r = read(fd, buf + len, alloc - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error = kata_error_set_at(err, KATA_ERROR, name, 0, 0,
						  "cannot read: %s", strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	error = kata_yaml_parse(out, buf, len, name, err);
done:
	free(buf);
	return error;
}

int kata_yaml_load(struct kata_node **out, const char *fullpath,
		   const char *display_path, struct kata_error *err)
{
	const char *name = display_path ? display_path : fullpath;
	int fd, error;

	*out = NULL;
	/*
	 * O_NONBLOCK: opening a FIFO for reading would wait for a writer for
	 * ever; it opens at once, and fstat refuses it. A regular file reads
	 * the same with or without it.
	 */
	if ((fd = open(fullpath, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return kata_error_set_at(err, KATA_ENOTFOUND, name, 0, 0,
						 "no such file");
		return kata_error_set_at(err, KATA_ERROR, name, 0, 0,
					 "cannot open: %s", strerror(errno));
	}
	error = kata_yaml_load_fd(out, fd, name, err);
	close(fd);
	return error;
}

/*
 * Plain scalars that are not strings
 */

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;

		if (x != *b)
			return false;
	}
	return *a == *b;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool in_radix(char c, char radix)
{
	switch (radix) {
	case 'x':
		return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	case 'o':
		return c >= '0' && c <= '7';
	default:
		return c == '0' || c == '1';
	}
}

/*
 * Integers and floats of YAML 1.1 (as PyYAML reads them: 0b, 0 octal, 0x,
 * sexagesimal 1:20, underscores, "1." and ".5", the 1.1 spec's "1.2.3"),
 * YAML 1.2 (0o17, 1e3) and Ruby Psych (1,000).
 */
static bool looks_numeric(const char *s)
{
	const char *p = s;
	bool digits = false;
	char radix;

	if (*p == '+' || *p == '-')
		p++;
	if (p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
		radix = (char)(p[1] | 0x20);
		p += 2;
		for (; *p && (in_radix(*p, radix) || *p == '_' || *p == ','); p++)
			digits = digits || *p != '_';
		return digits && !*p;
	}
	if (!is_digit(*p) && *p != '.')
		return false;
	for (; is_digit(*p) || *p == '_' || *p == ','; p++)
		digits = digits || is_digit(*p);
	/* base 60: 1:20, 1:20:30.5 */
	while (digits && *p == ':') {
		p++;
		if (*p >= '0' && *p <= '5' && is_digit(p[1]))
			p++;
		if (!is_digit(*p))
			return false;
		p++;
	}
	if (*p == '.') {
		for (p++; is_digit(*p) || *p == '_' || *p == '.' || *p == ','; p++)
			digits = digits || *p != '.';
	}
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	return digits && !*p;
}

/*
 * A date, or a date and a time: 2026-11-21, 2026-11-21T10:00:00Z,
 * 2026-11-21 10:00 (a time without seconds is text to PyYAML, but not
 * necessarily to every parser).
 */
static bool looks_like_date(const char *s)
{
	const char *p = s;
	int i;

	if (*p == '-')
		p++;
	for (i = 0; i < 4; i++)
		if (!is_digit(*p++))
			return false;
	for (i = 0; i < 2; i++) {
		if (*p++ != '-' || !is_digit(*p++))
			return false;
		if (is_digit(*p))
			p++;
	}
	if (!*p)
		return true;
	if (*p == 'T' || *p == 't')
		return is_digit(p[1]);
	while (*p == ' ' || *p == '\t')
		p++;
	return p > s && (p[-1] == ' ' || p[-1] == '\t') && is_digit(*p);
}

/*
 * Whether a YAML 1.1 or 1.2 parser (PyYAML, Psych, yq) could read the plain
 * scalar s as something other than a string. Generous on purpose: quoting
 * too much is harmless, quoting too little changes data.
 */
static bool plain_is_typed(const char *s)
{
	static const char *const words[] = {
		"~", "null", "y", "yes", "n", "no", "true", "false", "on", "off",
		".inf", "+.inf", "-.inf", ".nan", "<<", "=",
	};
	size_t i;

	if (!*s)
		return true;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (eq_nocase(s, words[i]))
			return true;
	/* Psych reads :word as a Ruby symbol */
	if (s[0] == ':' && s[1])
		return true;
	return looks_numeric(s) || looks_like_date(s);
}

/*
 * Emitting
 */

struct outbuf {
	char *ptr;
	size_t len, alloc;
};

static int write_out(void *data, unsigned char *bytes, size_t size)
{
	struct outbuf *b = data;
	size_t alloc;
	char *ptr;

	if (size >= SIZE_MAX - b->len)
		return 0;
	if (b->len + size + 1 > b->alloc) {
		alloc = b->alloc ? b->alloc : 1024;
		while (alloc < b->len + size + 1)
			alloc = alloc > SIZE_MAX / 2 ? b->len + size + 1 : alloc * 2;
		if (!(ptr = realloc(b->ptr, alloc)))
			return 0;
		b->ptr = ptr;
		b->alloc = alloc;
	}
	memcpy(b->ptr + b->len, bytes, size);
	b->len += size;
	b->ptr[b->len] = '\0';
	return 1;
}

struct emit {
	yaml_emitter_t y;
	struct kata_error *err;
};

/* yaml_emitter_emit takes the event, whether it succeeds or not. */
static int emit_event(struct emit *e, yaml_event_t *ev)
{
	if (yaml_emitter_emit(&e->y, ev))
		return 0;
	if (e->y.error == YAML_MEMORY_ERROR || e->y.error == YAML_WRITER_ERROR)
		return kata_error_oom(e->err);
	return kata_error_set(e->err, KATA_ERROR, "cannot write YAML: %s",
			      e->y.problem ? e->y.problem : "unknown error");
}

/* Line breaks other than LF, which plain, quoted or block styles would not
 * keep exactly as they are. */
static bool has_odd_break(const char *s)
{
	return strchr(s, '\r') || strstr(s, "\xc2\x85") ||
	       strstr(s, "\xe2\x80\xa8") || strstr(s, "\xe2\x80\xa9");
}

/*
 * Whether libyaml writes s plain when asked to. Its parser reads plain
 * scalars that its emitter quotes (yaml_emitter_analyze_scalar): one
 * with a tab, a character past U+FFFF, U+FEFF, U+FFFE or U+FFFF in it,
 * or "---" or "..." first; and kata writes text with a line break (a
 * plain scalar over lines with a blank one between) as a block or quoted.
 */
static bool plain_writable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (len >= 3 && (!strncmp(s, "---", 3) || !strncmp(s, "...", 3)))
		return false;
	for (i = 0; i < len; i++)
		if (p[i] == '\t' || p[i] >= 0xf0 ||
		    (p[i] == 0xef && i + 2 < len &&
		     ((p[i + 1] == 0xbb && p[i + 2] == 0xbf) ||
		      (p[i + 1] == 0xbf && p[i + 2] >= 0xbe))))
			return false;
	return !memchr(s, '\n', len) && !has_odd_break(s);
}

/*
 * The style to ask libyaml for; it falls back to a quoted style by itself
 * when the text cannot be written so (leading spaces, ": ", tabs...).
 */
static yaml_scalar_style_t text_style(const char *s, size_t len,
				      int *plain_implicit)
{
	*plain_implicit = 1;
	if (has_odd_break(s))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(s, '\n', len)) {
		/*
		 * Text ending in blank lines needs keep chomping (|+), after
		 * which libyaml ends the stream with "...": say it with
		 * escapes instead.
		 */
		if (len == 1 || (s[len - 1] == '\n' && s[len - 2] == '\n'))
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		return YAML_LITERAL_SCALAR_STYLE;
	}
	/* no implicit plain: libyaml then quotes it */
	*plain_implicit = !plain_is_typed(s);
	return YAML_PLAIN_SCALAR_STYLE;
}

static int emit_scalar(struct emit *e, const char *text, bool plain)
{
	const char *s = text ? text : "";
	size_t len = strlen(s);
	yaml_scalar_style_t style;
	yaml_event_t ev;
	int plain_implicit;

	if (!kata_yaml_utf8_valid(s, len))
		return kata_error_set(e->err, KATA_EINVALID, "text is not valid UTF-8");
	if (len > INT_MAX)
		return kata_error_set(e->err, KATA_EINVALID, "text is too long");
	if (plain && !strchr(s, '\n') && !has_odd_break(s)) {
		style = YAML_PLAIN_SCALAR_STYLE;
		plain_implicit = 1;
	} else {
		style = text_style(s, len, &plain_implicit);
	}
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)len, plain_implicit, 1, style))
		return kata_error_oom(e->err);
	return emit_event(e, &ev);
}

static int emit_node(struct emit *e, const struct kata_node *node,
		     unsigned depth);

static int emit_entry(struct emit *e, const struct kata_entry *entry,
		      unsigned depth)
{
	int error;

	if (!entry->key)
		return kata_error_set(e->err, KATA_EINVALID, "a mapping entry has no key");
	if ((error = emit_scalar(e, entry->key, false)) < 0)
		return error;
	return emit_node(e, entry->value, depth);
}

static int emit_mapping(struct emit *e, const struct kata_node *map,
			const char *const *order, unsigned depth)
{
	const char *const *name;
	yaml_event_t ev;
	bool *done = NULL;
	size_t i;
	int error;

	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						 YAML_BLOCK_MAPPING_STYLE))
		return kata_error_oom(e->err);
	if ((error = emit_event(e, &ev)) < 0)
		goto done;
	if (order && map->n) {
		if (!(done = calloc(map->n, sizeof(*done)))) {
			error = kata_error_oom(e->err);
			goto done;
		}
		for (name = order; *name; name++) {
			for (i = 0; i < map->n; i++) {
				if (done[i] || !map->entries[i].key ||
				    strcmp(map->entries[i].key, *name))
					continue;
				done[i] = true;
				if ((error = emit_entry(e, &map->entries[i], depth)) < 0)
					goto done;
				break;
			}
		}
	}
	for (i = 0; i < map->n; i++) {
		if (done && done[i])
			continue;
		if ((error = emit_entry(e, &map->entries[i], depth)) < 0)
			goto done;
	}
	yaml_mapping_end_event_initialize(&ev);
	error = emit_event(e, &ev);
done:
	free(done);
	return error;
}

/* depth counts the collections around node, as the parser does. */
static int emit_node(struct emit *e, const struct kata_node *node,
		     unsigned depth)
{
	yaml_event_t ev;
	size_t i;
	int error;

	if (!node)
		return kata_error_set(e->err, KATA_EINVALID,
				      "a mapping entry has no value");
	if (node->type == KATA_NODE_SCALAR)
		return emit_scalar(e, node->text, node->plain);
	/* what is written must parse again */
	if (depth >= KATA_YAML_DEPTH_MAX)
		return kata_error_set(e->err, KATA_EINVALID,
				      "nesting is deeper than %d levels",
				      KATA_YAML_DEPTH_MAX);
	if (node->type == KATA_NODE_MAPPING)
		return emit_mapping(e, node, NULL, depth + 1);

	/* empty collections come out as [] and {} by themselves */
	if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						  YAML_BLOCK_SEQUENCE_STYLE))
		return kata_error_oom(e->err);
	if ((error = emit_event(e, &ev)) < 0)
		return error;
	for (i = 0; i < node->n; i++)
		if ((error = emit_node(e, node->entries[i].value, depth + 1)) < 0)
			return error;
	yaml_sequence_end_event_initialize(&ev);
	return emit_event(e, &ev);
}

int kata_yaml_emit(char **out, size_t *len, const struct kata_node *root,
		   const char *const *order, struct kata_error *err)
{
	struct outbuf b = { NULL, 0, 0 };
	struct emit e;
	yaml_event_t ev;
	bool live = false;
	int error;

	*out = NULL;
	*len = 0;
	if (!root || root->type != KATA_NODE_MAPPING)
		return kata_error_set(err, KATA_EINVALID,
				      "a record must be a YAML mapping");
	e.err = err;
	if (!yaml_emitter_initialize(&e.y))
		return kata_error_oom(err);
	live = true;
	yaml_emitter_set_output(&e.y, write_out, &b);
	yaml_emitter_set_width(&e.y, -1);
	yaml_emitter_set_unicode(&e.y, 1);
	yaml_emitter_set_break(&e.y, YAML_LN_BREAK);
	yaml_emitter_set_indent(&e.y, 2);

	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) {
		error = kata_error_oom(err);
		goto done;
	}
	if ((error = emit_event(&e, &ev)) < 0)
		goto done;
	if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)) {
		error = kata_error_oom(err);
		goto done;
	}
	if ((error = emit_event(&e, &ev)) < 0)
		goto done;
	if ((error = emit_mapping(&e, root, order, 1)) < 0)
		goto done;
	yaml_document_end_event_initialize(&ev, 1);
	if ((error = emit_event(&e, &ev)) < 0)
		goto done;
	yaml_stream_end_event_initialize(&ev);
	if ((error = emit_event(&e, &ev)) < 0)
		goto done;

	if (!b.ptr || b.len == 0 || b.ptr[b.len - 1] != '\n') {
		error = kata_error_set(err, KATA_ERROR,
				       "cannot write YAML: no final newline");
		goto done;
	}
	*out = b.ptr;
	*len = b.len;
	b.ptr = NULL;
	error = 0;
done:
	if (live)
		yaml_emitter_delete(&e.y);
	free(b.ptr);
	return error;
}
