#ifndef KATA_PACK_H
#define KATA_PACK_H

/*
 * Keeps the object store packed, as `git gc --auto` would: libgit2 writes
 * every object loose and never packs on its own, and each kata command
 * writes a handful of objects.
 */

#include <stddef.h>

#include <git2.h>

#include "kata/error.h"

/*
 * Packs the loose objects when there are many, as `git gc --auto` would,
 * without ever deleting an object that is not in a pack: the new pack is
 * written, synced and checked to hold every object put in it before any
 * loose object or old pack goes.
 *
 * The check is one readdir of objects/17: its loose objects times 256 must
 * exceed gc.auto (6700 unless configured; 0 or less disables everything).
 * When it acts, the loose objects go into one new pack; and when
 * objects/pack already holds more than gc.autoPackLimit packs (50; 0 or
 * less: no limit) that have no .keep or .promisor file, those packs and
 * the loose objects become one pack instead. Nothing is pruned: no
 * object, reachable or not, is dropped. Objects of alternates are left
 * where they are.
 *
 * Returns 0 (also when nothing was to do; *packed tells how many objects
 * were packed if not NULL), or an error. On an error nothing was deleted,
 * except when deleting itself failed part way, which loses nothing.
 */
int kata_pack_auto(git_repository *repo, size_t *packed, struct kata_error *err);

#endif
