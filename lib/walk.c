#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/str.h"
#include "walk.h"

/*
 * Every commit met has a slot in an open-addressed table, keyed by its ID;
 * the commits waiting to be given out are a binary heap ordered by commit
 * date, newest on top, the earlier met first among equal dates.
 */
enum { IN_HEAP = 1, HIDDEN = 2 };

struct slot {
	git_oid id;
	unsigned flags;
	bool used;
};

struct waiting {
	int64_t time;
	uint64_t seq;
	size_t slot;
};

struct kata_walk {
	git_repository *git;
	struct slot *slots;
	size_t n_slots, n_used;	/* n_slots a power of two */
	struct waiting *heap;
	size_t n_heap, cap_heap;
	size_t shown;		/* waiting and not hidden: the walk goes on while > 0 */
	uint64_t seq;
	git_oid *shallow;	/* sorted */
	size_t n_shallow;
};

static size_t hash_of(const git_oid *id, size_t mask)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));	/* an ID's bytes are uniform already */
	return h & mask;
}

static int grow_slots(struct kata_walk *w)
{
	size_t n = w->n_slots ? w->n_slots * 2 : 256, i;
	struct slot *s = calloc(n, sizeof(*s)), *old = w->slots;

	if (!s)
		return -1;
	for (i = 0; i < w->n_slots; i++) {
		size_t j;

		if (!old[i].used)
			continue;
		for (j = hash_of(&old[i].id, n - 1); s[j].used; j = (j + 1) & (n - 1))
			;
		s[j] = old[i];
	}
	/* the heap names slots by index: move them with the table */
	for (i = 0; i < w->n_heap; i++) {
		size_t j;
		const git_oid *id = &old[w->heap[i].slot].id;

		for (j = hash_of(id, n - 1); !git_oid_equal(&s[j].id, id); j = (j + 1) & (n - 1))
			;
		w->heap[i].slot = j;
	}
	free(old);
	w->slots = s;
	w->n_slots = n;
	return 0;
}

/* id's slot, made if new (*made); SIZE_MAX when out of memory. */
static size_t slot_of(struct kata_walk *w, const git_oid *id, bool *made)
{
	size_t j;

	*made = false;
	if ((w->n_used + 1) * 2 > w->n_slots && grow_slots(w) < 0)
		return SIZE_MAX;
	for (j = hash_of(id, w->n_slots - 1); w->slots[j].used; j = (j + 1) & (w->n_slots - 1))
		if (git_oid_equal(&w->slots[j].id, id))
			return j;
	w->slots[j].used = true;
	git_oid_cpy(&w->slots[j].id, id);
	w->n_used++;
	*made = true;
	return j;
}

static bool before(const struct waiting *a, const struct waiting *b)
{
	return a->time > b->time || (a->time == b->time && a->seq < b->seq);
}

static int heap_push(struct kata_walk *w, int64_t time, size_t slot)
{
	size_t i;

	if (w->n_heap == w->cap_heap) {
		size_t cap = w->cap_heap ? w->cap_heap * 2 : 64;
		struct waiting *h = realloc(w->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		w->heap = h;
		w->cap_heap = cap;
	}
	i = w->n_heap++;
	w->heap[i] = (struct waiting){ time, w->seq++, slot };
	while (i && before(&w->heap[i], &w->heap[(i - 1) / 2])) {
		struct waiting t = w->heap[i];

		w->heap[i] = w->heap[(i - 1) / 2];
		w->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
	return 0;
}

static size_t heap_pop(struct kata_walk *w)
{
	size_t top = w->heap[0].slot, i = 0;

	w->heap[0] = w->heap[--w->n_heap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct waiting t;

		if (l < w->n_heap && before(&w->heap[l], &w->heap[m]))
			m = l;
		if (r < w->n_heap && before(&w->heap[r], &w->heap[m]))
			m = r;
		if (m == i)
			break;
		t = w->heap[i];
		w->heap[i] = w->heap[m];
		w->heap[m] = t;
		i = m;
	}
	return top;
}

static int oid_order(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* .git/shallow: one commit ID a line, the clone's boundary. */
static int shallow_load(struct kata_walk *w, struct kata_error *err)
{
	char *path = kata_str_newf("%sshallow", git_repository_path(w->git));
	char line[128];
	size_t cap = 0;
	FILE *f;

	if (!path)
		return kata_error_oom(err);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		git_oid id;

		if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) < 0) {
			git_error_clear();
			continue;
		}
		if (w->n_shallow == cap) {
			git_oid *s = realloc(w->shallow, (cap = cap ? cap * 2 : 16) * sizeof(*s));

			if (!s) {
				fclose(f);
				return kata_error_oom(err);
			}
			w->shallow = s;
		}
		w->shallow[w->n_shallow++] = id;
	}
	fclose(f);
	qsort(w->shallow, w->n_shallow, sizeof(*w->shallow), oid_order);
	return 0;
}

int kata_walk_new(struct kata_walk **out, git_repository *git, struct kata_error *err)
{
	struct kata_walk *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return kata_error_oom(err);
	w->git = git;
	if ((rc = shallow_load(w, err)) < 0) {
		kata_walk_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

void kata_walk_free(struct kata_walk *w)
{
	if (!w)
		return;
	free(w->slots);
	free(w->heap);
	free(w->shallow);
	free(w);
}

bool kata_walk_boundary(const struct kata_walk *w, const git_oid *id)
{
	return w->n_shallow &&
	       bsearch(id, w->shallow, w->n_shallow, sizeof(*w->shallow), oid_order);
}

/*
 * Puts commit id in the walk, hidden or not. Met before, it is only
 * hidden if it now is: a commit waits once.
 */
static int meet(struct kata_walk *w, const git_oid *id, bool hidden, struct kata_error *err)
{
	git_commit *c = NULL;
	bool made;
	size_t s = slot_of(w, id, &made);
	int64_t time;

	if (s == SIZE_MAX)
		return kata_error_oom(err);
	if (!made) {
		struct slot *sl = &w->slots[s];

		if (!hidden || (sl->flags & HIDDEN))
			return 0;
		sl->flags |= HIDDEN;
		if (sl->flags & IN_HEAP) {
			w->shown--;
			return 0;
		}
		/* given out already (see walk.h): it waits again, hidden, so
		 * that what it reaches is hidden too */
	}
	if (git_commit_lookup(&c, w->git, id) < 0) {
		if (made) {
			w->slots[s].used = false;	/* never met, for the next try */
			w->n_used--;
		}
		return kata_error_from_git(err, "cannot read the history");
	}
	time = git_commit_time(c);
	git_commit_free(c);	/* libgit2 keeps it cached for the caller */
	if (heap_push(w, time, s) < 0)
		return kata_error_oom(err);
	w->slots[s].flags |= IN_HEAP | (hidden ? HIDDEN : 0);
	w->shown += !hidden;
	return 0;
}

int kata_walk_push(struct kata_walk *w, const git_oid *id, bool hidden, struct kata_error *err)
{
	return meet(w, id, hidden, err);
}

int kata_walk_push_head(struct kata_walk *w, struct kata_error *err)
{
	git_oid head;
	int rc = git_reference_name_to_id(&head, w->git, "HEAD");

	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return kata_error_from_git(err, "cannot read HEAD");
	return (rc = meet(w, &head, false, err)) < 0 ? rc : 1;
}

int kata_walk_next(git_oid *out, struct kata_walk *w, struct kata_error *err)
{
	while (w->shown) {
		size_t s = heap_pop(w);
		struct slot *sl = &w->slots[s];
		bool hidden = sl->flags & HIDDEN;
		git_commit *c = NULL;
		git_oid id;
		unsigned i, n;
		int rc;

		sl->flags &= ~IN_HEAP;
		w->shown -= !hidden;
		git_oid_cpy(&id, &sl->id);	/* meet() may move the table */
		if (!kata_walk_boundary(w, &id)) {
			if (git_commit_lookup(&c, w->git, &id) < 0)
				return kata_error_from_git(err, "cannot read the history");
			n = git_commit_parentcount(c);
			for (i = 0; i < n; i++)
				if ((rc = meet(w, git_commit_parent_id(c, i), hidden, err)) < 0) {
					git_commit_free(c);
					return rc;
				}
			git_commit_free(c);
		}
		if (!hidden) {
			git_oid_cpy(out, &id);
			return 1;
		}
	}
	return 0;
}
