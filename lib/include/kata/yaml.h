#ifndef KATA_YAML_H
#define KATA_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kata/error.h"
#include "kata/node.h"

/*
 * The YAML codec: a record file is one mapping, parsed into a tree of nodes
 * (kata/node.h) that keeps every key, known to kata or added by hand, in
 * file order, and emitted again in a fixed key order with the unknown keys
 * after it.
 */

#define KATA_RECORD_MAX (1024 * 1024)	/* bytes in one record file */
#define KATA_YAML_DEPTH_MAX 64

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
 * As kata_yaml_load, from fd (open for reading, left open), naming the
 * file name in errors. Anything but a regular file (a FIFO, a device, a
 * folder) is refused before a byte is read, so that nothing blocks.
 */
int kata_yaml_load_fd(struct kata_node **out, int fd, const char *name,
		      struct kata_error *err);

/* "a folder", "a FIFO (named pipe)", ...: what a file of mode is, for an
 * error refusing a file that is not a regular one. */
const char *kata_yaml_file_type(mode_t mode);

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
