#ifndef KATA_STATE_H
#define KATA_STATE_H

/*
 * kata's own files in the git folder, under .git/kata/: what a stopped
 * sync and the choices made for it keep, and lint's cache. Each is lines
 * of tab-separated fields, written whole to a temporary file and renamed
 * over the old one, so that a reader sees the old file or the new one.
 */

#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"

/* The path of .git/kata/<name> (of the work tree's own git folder). */
char *kata_state_path(struct kata_repo *repo, const char *name);

/* The lines of .git/kata/<name>, without their newlines, NULL-terminated;
 * a missing file has none. */
int kata_state_read_lines(char ***out, size_t *n, struct kata_repo *repo, const char *name,
			  struct kata_error *err);

/* Replaces .git/kata/<name> with data, making .git/kata/ if need be. */
int kata_state_write(struct kata_repo *repo, const char *name, const char *data,
		     struct kata_error *err);

/* Splits a line at tabs into at most max fields (what lies beyond the
 * max-th is dropped); returns how many. */
size_t kata_state_split(char *line, char **f, size_t max);

#endif
