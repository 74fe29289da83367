#ifndef KATA_YAML_H
#define KATA_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"

/*
 * The YAML codec: a record file is one mapping, parsed into a tree of nodes
 * that keeps every key, known to kata or added by hand, in file order, and
 * emitted again in a fixed key order with the unknown keys after it.
 */

#define KATA_RECORD_MAX (1024 * 1024)	/* bytes in one record file */
#define KATA_YAML_DEPTH_MAX 64

enum kata_node_type {
	KATA_NODE_SCALAR,
	KATA_NODE_SEQUENCE,
	KATA_NODE_MAPPING,
};

struct kata_entry;

struct kata_node {
	enum kata_node_type type;
	unsigned line, col;	/* where it was parsed, 1-based; 0 if new */
	char *text;		/* SCALAR: its value, NUL-terminated UTF-8 */
	bool plain;		/* SCALAR: a plain YAML value (number, bool,
				   null) rather than text: emitted unquoted */
	size_t n, alloc;
	struct kata_entry *entries;	/* SEQUENCE: key NULL; MAPPING */
};

struct kata_entry {
	char *key;
	unsigned line, col;	/* of the key */
	struct kata_node *value;
};

struct kata_node *kata_node_new(enum kata_node_type type);
void kata_node_free(struct kata_node *node);
struct kata_node *kata_node_dup(const struct kata_node *node);

/* Mapping access. A missing key gives NULL. */
struct kata_entry *kata_node_entry(const struct kata_node *map, const char *key);
struct kata_node *kata_node_get(const struct kata_node *map, const char *key);
/* The text of a scalar value, or NULL when absent or not a scalar. */
const char *kata_node_str(const struct kata_node *map, const char *key);

/*
 * Setters replace the value in place (the key keeps its position) or append
 * the key. set_str stores text, set_plain a number or boolean written bare.
 * Return 0 or KATA_ERROR (out of memory).
 */
int kata_node_set_str(struct kata_node *map, const char *key, const char *text);
int kata_node_set_plain(struct kata_node *map, const char *key, const char *text);
int kata_node_set_node(struct kata_node *map, const char *key, struct kata_node *value);
void kata_node_remove(struct kata_node *map, const char *key);
/* Appends a text scalar to a sequence. */
int kata_node_push_str(struct kata_node *seq, const char *text);
/* Appends a node to a sequence, which owns it on success. */
int kata_node_push_node(struct kata_node *seq, struct kata_node *value);

/*
 * Parses buf (len bytes) as one YAML document whose root is a mapping.
 * path names the file in errors ("learners/alice/learner.yaml:4:3: ...").
 * Refused with KATA_EINVALID and a line and column: more than
 * KATA_RECORD_MAX bytes, nesting deeper than KATA_YAML_DEPTH_MAX, anchors or
 * aliases, NUL bytes or invalid UTF-8, duplicate keys, non-scalar keys, more
 * than one document, a root that is not a mapping, syntax errors.
 */
int kata_yaml_parse(struct kata_node **out, const char *buf, size_t len,
		    const char *path, struct kata_error *err);

/*
 * Reads and parses the file at fullpath, naming it display_path in errors.
 * A missing file is KATA_ENOTFOUND; one over KATA_RECORD_MAX bytes is
 * refused before it is read.
 */
int kata_yaml_load(struct kata_node **out, const char *fullpath,
		   const char *display_path, struct kata_error *err);

/*
 * Emits root (a mapping) as YAML: the keys named in order (a NULL-terminated
 * list, may be NULL) first, in that order, then the others in their current
 * order; nested mappings keep their own order. Block style, one scalar a
 * line, no line folding, LF, a final newline, no document markers. Text that
 * a YAML 1.1 or 1.2 parser would read as anything but a string (numbers,
 * booleans, null, dates, leading indicators) is quoted; text with newlines is
 * a literal block. *out is malloc'd and NUL-terminated, *len its length.
 */
int kata_yaml_emit(char **out, size_t *len, const struct kata_node *root,
		   const char *const *order, struct kata_error *err);

/* True if s is valid UTF-8 of len bytes with no NUL. */
bool kata_yaml_utf8_valid(const char *s, size_t len);

#endif
