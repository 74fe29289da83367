#ifndef KATA_TREEDIFF_H
#define KATA_TREEDIFF_H

#include <git2.h>

/*
 * The files that differ between two trees, found by walking only the
 * subtrees whose IDs differ: the cost follows the change, not the size of
 * the repository (SPEC 10). cb gets each file's path and its blob before
 * and after (NULL where the file is absent); a non-zero return from cb
 * stops the walk and is returned. Either tree may be NULL (empty).
 */
typedef int (*kata_treediff_cb)(const char *path, const git_oid *old, const git_oid *new,
				void *data);

int kata_treediff(git_repository *repo, const git_tree *a, const git_tree *b,
		  kata_treediff_cb cb, void *data);

#endif
