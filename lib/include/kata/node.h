#ifndef KATA_NODE_H
#define KATA_NODE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A record as a tree: scalars, sequences and mappings that keep their keys
 * in order and where each was read (line and column), so that a key added
 * by hand survives a rewrite and an error names its place. kata/yaml.h
 * reads and writes them.
 */

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
/* Appends an entry as read: key (taken over; NULL in a sequence) at line
 * and col, and value. Nothing is taken when it fails (out of memory). */
int kata_node_append(struct kata_node *node, char *key, unsigned line, unsigned col,
		     struct kata_node *value);
/* Appends a text scalar to a sequence. */
int kata_node_push_str(struct kata_node *seq, const char *text);
/* Appends a node to a sequence, which owns it on success. */
int kata_node_push_node(struct kata_node *seq, struct kata_node *value);

#endif
