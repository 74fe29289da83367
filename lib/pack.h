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
 * and keeps the packs few, as `git repack --geometric=2` would, without
 * ever deleting an object that is not in a pack: the new pack is
 * written, synced and checked to hold every object put in it before any
 * loose object or old pack goes.
 *
 * The check is one readdir of objects/17 (its loose objects times 256
 * must exceed gc.auto, 6700 unless configured; 0 or less disables
 * everything) and one of objects/pack with the head of each pack's
 * index. When it acts, the loose objects go into one new pack with the
 * smallest packs (those without a .keep or .promisor file) that keep
 * each pack left at least twice the size of the next smaller one; that
 * also rolls up, with no loose object at all, packs that a fetch left.
 * When objects/pack holds more than gc.autoPackLimit such packs (50; 0
 * or less: no limit), all of them go into the new one. Objects are
 * packed with the paths the branches give them, so that the versions of
 * one record become deltas of each other. Nothing is pruned: no object,
 * reachable or not, is dropped. Objects of alternates are left where
 * they are.
 *
 * Returns 0 (also when nothing was to do; *packed tells how many objects
 * were packed if not NULL), or an error. On an error nothing was deleted,
 * except when deleting itself failed part way, which loses nothing.
 */
int kata_pack_auto(git_repository *repo, size_t *packed, struct kata_error *err);

#endif
