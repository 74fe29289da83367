#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "pack.h"
#include "kata/buf.h"
#include "kata/str.h"

/*
 * What `git gc --auto` does, without its pruning: git's builtin/gc.c
 * (need_to_gc, too_many_loose_objects, too_many_packs) decides, and
 * what `git repack -d -l --geometric=2` (the loose objects and the
 * smallest packs into one) or `git repack -A -d -l` (all packs into one)
 * does acts. We pack every object we delete, so no object is lost,
 * unreachable or not; `git gc` may be run any time to prune.
 */

#define DEFAULT_AUTO 6700		/* git's gc.auto */
#define DEFAULT_PACK_LIMIT 50		/* git's gc.autoPackLimit */
#define PROBE "17"			/* the fan-out folder git samples */
#define LOOSE_LEN (GIT_OID_HEXSZ - 2)

struct oids {
	git_oid *v;
	size_t n, alloc;
};

/* A pack of objects/pack: its base name ("pack-<hex>") and how many objects it holds. */
struct pack {
	char *base;
	uint32_t count;
};

struct packs {
	struct pack *v;
	size_t n, alloc;
};

/*
 * The objects going into the new pack, sorted, each marked once the walk
 * that names them has put it in (see insert_named).
 */
struct set {
	git_oid *v;
	bool *taken;
	size_t n;
};

static int errno_error(struct kata_error *err, const char *what, const char *path)
{
	return kata_error_set(err, KATA_ERROR, "cannot %s '%s': %s", what, path,
			      strerror(errno));
}

static bool is_hex(const char *s, size_t n)
{
	return strspn(s, "0123456789abcdef") == n && !s[n];
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

static bool exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

static int oids_add(struct oids *o, const git_oid *id)
{
	if (o->n == o->alloc) {
		size_t alloc = o->alloc ? o->alloc * 2 : 1024;
		git_oid *v = realloc(o->v, alloc * sizeof(*v));

		if (!v)
			return -1;
		o->v = v;
		o->alloc = alloc;
	}
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

static void packs_release(struct packs *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].base);
	free(p->v);
}

static int config_int(int32_t *out, git_config *cfg, const char *key, int32_t dflt,
		      struct kata_error *err)
{
	int rc = git_config_get_int32(out, cfg, key);

	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		*out = dflt;
		return 0;
	}
	if (rc < 0) {
		const git_error *e = git_error_last();

		return kata_error_set(err, KATA_ECONFIG, "bad git config '%s': %s", key,
				      e && e->message ? e->message : "not a number");
	}
	return 0;
}

/* The loose objects of objects/17; a missing folder has none. */
static int count_probe(size_t *out, const char *objdir, struct kata_error *err)
{
	char *path = kata_str_newf("%s/" PROBE, objdir);
	DIR *dir = NULL;
	struct dirent *de;
	int rc = 0;

	*out = 0;
	if (!path)
		return kata_error_oom(err);
	if (!(dir = opendir(path))) {
		if (errno != ENOENT)
			rc = errno_error(err, "open", path);
		goto done;
	}
	while ((errno = 0, de = readdir(dir)))
		if (is_hex(de->d_name, LOOSE_LEN))
			(*out)++;
	if (errno)
		rc = errno_error(err, "read", path);
done:
	if (dir)
		closedir(dir);
	free(path);
	return rc;
}

/* Every loose object, by the names of the files under objects/XX/. */
static int list_loose(struct oids *o, const char *objdir, struct kata_error *err)
{
	char *path = NULL;
	DIR *dir = NULL;
	struct dirent *de;
	int rc = 0;
	unsigned i;

	for (i = 0; i < 256 && !rc; i++) {
		free(path);
		if (!(path = kata_str_newf("%s/%02x", objdir, i))) {
			rc = kata_error_oom(err);
			break;
		}
		if (!(dir = opendir(path))) {
			if (errno != ENOENT)
				rc = errno_error(err, "open", path);
			continue;
		}
		while ((errno = 0, de = readdir(dir))) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid id;

			if (!is_hex(de->d_name, LOOSE_LEN))
				continue;
			snprintf(hex, 3, "%02x", i);
			memcpy(hex + 2, de->d_name, LOOSE_LEN + 1);
			if (git_oid_fromstr(&id, hex) < 0) {
				rc = kata_error_from_git(err, "loose object name");
				break;
			}
			if (oids_add(o, &id) < 0) {
				rc = kata_error_oom(err);
				break;
			}
		}
		if (!rc && errno)
			rc = errno_error(err, "read", path);
		closedir(dir);
		dir = NULL;
	}
	free(path);
	return rc;
}

/* Whether packdir/base.ext exists; false also when out of memory. */
static bool has_file(const char *packdir, const char *base, const char *ext)
{
	char *path = kata_str_newf("%s/%s.%s", packdir, base, ext);
	bool ok = path && exists(path);

	free(path);
	return ok;
}

/*
 * How many objects a pack holds: the last entry of its index's fan-out
 * table, after the version 2 header (gitformat-pack(5)) or at the start
 * of a version 1 index.
 */
static int idx_count(uint32_t *out, const char *packdir, const char *base,
		     struct kata_error *err)
{
	static const unsigned char v2[8] = { 0xff, 't', 'O', 'c', 0, 0, 0, 2 };
	unsigned char head[8 + 256 * 4];
	char *path = kata_str_newf("%s/%s.idx", packdir, base);
	const unsigned char *last;
	ssize_t got;
	int fd, saved, rc = 0;

	if (!path)
		return kata_error_oom(err);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0) {
		rc = errno_error(err, "open", path);
		goto done;
	}
	got = pread(fd, head, sizeof(head), 0);
	saved = errno;
	close(fd);
	if (got >= 8 && !memcmp(head, v2, 8) && got == (ssize_t)sizeof(head))
		last = head + 8 + 255 * 4;
	else if (got >= 256 * 4 && memcmp(head, v2, 4))
		last = head + 255 * 4;
	else {
		rc = kata_error_set(err, KATA_ERROR, "cannot read pack index '%s': %s", path,
				    got < 0 ? strerror(saved) : "too short or unknown version");
		goto done;
	}
	*out = (uint32_t)last[0] << 24 | (uint32_t)last[1] << 16 | (uint32_t)last[2] << 8 | last[3];
done:
	free(path);
	return rc;
}

/*
 * The packs we may replace: those with an index and with no .keep (kept
 * by intent) or .promisor (a partial clone's) file.
 */
static int list_packs(struct packs *p, const char *packdir, struct kata_error *err)
{
	DIR *dir;
	struct dirent *de;
	int rc = 0;

	if (!(dir = opendir(packdir))) {
		if (errno == ENOENT)
			return 0;
		return errno_error(err, "open", packdir);
	}
	while ((errno = 0, de = readdir(dir))) {
		char *base;

		if (strncmp(de->d_name, "pack-", 5) || !ends_with(de->d_name, ".pack"))
			continue;
		base = kata_str_newf("%.*s", (int)(strlen(de->d_name) - strlen(".pack")), de->d_name);
		if (!base) {
			rc = kata_error_oom(err);
			break;
		}
		if (!has_file(packdir, base, "idx") || has_file(packdir, base, "keep") ||
		    has_file(packdir, base, "promisor")) {
			free(base);
			continue;
		}
		if (p->n == p->alloc) {
			size_t alloc = p->alloc ? p->alloc * 2 : 64;
			struct pack *v = realloc(p->v, alloc * sizeof(*v));

			if (!v) {
				free(base);
				rc = kata_error_oom(err);
				break;
			}
			p->v = v;
			p->alloc = alloc;
		}
		p->v[p->n].base = base;
		if ((rc = idx_count(&p->v[p->n].count, packdir, base, err)) < 0) {
			free(base);
			break;
		}
		p->n++;
	}
	if (!rc && errno)
		rc = errno_error(err, "read", packdir);
	closedir(dir);
	return rc;
}

struct collect {
	struct oids *o;
	bool oom;
};

static int collect_cb(const git_oid *id, void *payload)
{
	struct collect *c = payload;

	if (oids_add(c->o, id) < 0) {
		c->oom = true;
		return -1;
	}
	return 0;
}

/* An object database of just these packs (no loose objects, no alternates). */
static int open_packs(git_odb **out, const char *packdir, const struct pack *packs, size_t n,
		      struct kata_error *err)
{
	git_odb *odb = NULL;
	git_odb_backend *backend = NULL;
	char *idx = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (git_odb_new(&odb) < 0)
		return kata_error_from_git(err, "create an object database");
	for (i = 0; i < n; i++) {
		free(idx);
		if (!(idx = kata_str_newf("%s/%s.idx", packdir, packs[i].base))) {
			rc = kata_error_oom(err);
			goto done;
		}
		if (git_odb_backend_one_pack(&backend, idx) < 0) {
			rc = kata_error_from_git(err, "open pack index");
			goto done;
		}
		if (git_odb_add_backend(odb, backend, 1) < 0) {
			backend->free(backend);
			rc = kata_error_from_git(err, "open pack index");
			goto done;
		}
	}
	*out = odb;
	odb = NULL;
done:
	free(idx);
	git_odb_free(odb);
	return rc;
}

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* A set of the ids: a sorted copy, each once. */
static int set_of(struct set *s, const struct oids *o, struct kata_error *err)
{
	size_t i, n = 0;

	if (!(s->v = malloc((o->n ? o->n : 1) * sizeof(*s->v))) ||
	    !(s->taken = calloc(o->n ? o->n : 1, sizeof(*s->taken))))
		return kata_error_oom(err);
	memcpy(s->v, o->v, o->n * sizeof(*s->v));
	qsort(s->v, o->n, sizeof(*s->v), oid_cmp);
	for (i = 0; i < o->n; i++)
		if (!n || git_oid_cmp(&s->v[n - 1], &s->v[i]))
			git_oid_cpy(&s->v[n++], &s->v[i]);
	s->n = n;
	return 0;
}

/* Whether the object is in the set and not taken yet; takes it. */
static bool take(struct set *s, const git_oid *id)
{
	const git_oid *at = bsearch(id, s->v, s->n, sizeof(*s->v), oid_cmp);

	if (!at || s->taken[at - s->v])
		return false;
	s->taken[at - s->v] = true;
	return true;
}

struct namer {
	git_packbuilder *pb;
	git_repository *repo;
	struct set *set;
	struct kata_buf path;
	struct oids stack;	/* commits and tags still to visit */
};

static int insert(struct namer *nm, const git_oid *id, const char *name,
		  struct kata_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (git_packbuilder_insert(nm->pb, id, name) == 0)
		return 0;
	git_oid_tostr(hex, sizeof(hex), id);
	return kata_error_from_git(err, hex);
}

/*
 * The tree at nm->path and what it holds, each object the set has under
 * its path. Only a tree in the set can hold objects of the set: one
 * outside it was packed, with what it holds, before.
 */
static int name_tree(struct namer *nm, const git_oid *id, struct kata_error *err)
{
	size_t len = nm->path.len, i, n;
	git_tree *tree = NULL;
	int rc;

	if (!take(nm->set, id))
		return 0;
	if ((rc = insert(nm, id, len ? nm->path.buf : NULL, err)) < 0)
		return rc;
	if (git_tree_lookup(&tree, nm->repo, id) < 0) {
		git_error_clear();	/* not a tree after all: packed unnamed */
		return 0;
	}
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const git_oid *eid = git_tree_entry_id(e);

		kata_buf_truncate(&nm->path, len);
		if (len)
			kata_buf_add(&nm->path, "/", 1);
		kata_buf_adds(&nm->path, git_tree_entry_name(e));
		if (nm->path.oom)
			rc = kata_error_oom(err);
		else if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = name_tree(nm, eid, err);
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && take(nm->set, eid))
			rc = insert(nm, eid, nm->path.buf, err);
	}
	kata_buf_truncate(&nm->path, len);
	git_tree_free(tree);
	return rc;
}

/* A commit or tag of the set, and what it reaches that the set holds. */
static int name_object(struct namer *nm, const git_oid *id, struct kata_error *err)
{
	git_object *obj = NULL;
	unsigned i, n;
	int rc;

	if (!take(nm->set, id))
		return 0;
	if ((rc = insert(nm, id, NULL, err)) < 0)
		return rc;
	if (git_object_lookup(&obj, nm->repo, id, GIT_OBJECT_ANY) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_object_type(obj) == GIT_OBJECT_COMMIT) {
		const git_commit *c = (const git_commit *)obj;

		rc = name_tree(nm, git_commit_tree_id(c), err);
		n = git_commit_parentcount(c);
		for (i = 0; i < n && !rc; i++)
			if (oids_add(&nm->stack, git_commit_parent_id(c, i)) < 0)
				rc = kata_error_oom(err);
	} else if (git_object_type(obj) == GIT_OBJECT_TAG) {
		if (oids_add(&nm->stack, git_tag_target_id((const git_tag *)obj)) < 0)
			rc = kata_error_oom(err);
	}
	git_object_free(obj);
	return rc;
}

/*
 * Puts the set's objects into the pack builder with the paths they have
 * in the commits that reach them from the branches, tags and HEAD, the
 * rest without one. The path is what the builder sorts by to find each
 * object a base to be a delta of: the versions of one record are alike,
 * two records of one size seldom are. Without paths, a pack of kata's
 * records is about twice the size.
 */
static int insert_named(git_packbuilder *pb, git_repository *repo, struct set *set,
			struct kata_error *err)
{
	struct namer nm = { pb, repo, set, KATA_BUF_INIT, { NULL, 0, 0 } };
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_oid head;
	size_t i;
	int rc = 0;

	if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
		rc = oids_add(&nm.stack, &head) < 0 ? kata_error_oom(err) : 0;
	git_error_clear();
	if (!rc && git_reference_iterator_new(&it, repo) < 0)
		rc = kata_error_from_git(err, "list references");
	while (!rc && git_reference_next(&ref, it) == 0) {
		git_reference *direct = NULL;

		if (git_reference_resolve(&direct, ref) == 0 && git_reference_target(direct) &&
		    oids_add(&nm.stack, git_reference_target(direct)) < 0)
			rc = kata_error_oom(err);
		git_error_clear();
		git_reference_free(direct);
		git_reference_free(ref);
	}
	git_error_clear();
	while (!rc && nm.stack.n) {
		git_oid id;

		git_oid_cpy(&id, &nm.stack.v[--nm.stack.n]);
		rc = name_object(&nm, &id, err);
	}
	for (i = 0; i < set->n && !rc; i++)
		if (!set->taken[i])
			rc = insert(&nm, &set->v[i], NULL, err);
	git_reference_iterator_free(it);
	kata_buf_release(&nm.path);
	free(nm.stack.v);
	return rc;
}

/* Writes one pack of the set's objects into packdir; *name is its base name. */
static int write_pack(char **name, size_t *count, git_repository *repo, const char *packdir,
		      struct set *set, struct kata_error *err)
{
	git_packbuilder *pb = NULL;
	int rc;

	*name = NULL;
	if (git_packbuilder_new(&pb, repo) < 0)
		return kata_error_from_git(err, "start a pack");
	git_packbuilder_set_threads(pb, 1);
	if ((rc = insert_named(pb, repo, set, err)) < 0)
		goto done;
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0) {
		rc = kata_error_from_git(err, "write pack");
		goto done;
	}
	*count = git_packbuilder_object_count(pb);
	if (git_packbuilder_written(pb) != *count) {
		rc = kata_error_set(err, KATA_ERROR, "wrote %zu objects of %zu into a pack",
				    git_packbuilder_written(pb), *count);
		goto done;
	}
	if (!(*name = kata_str_newf("pack-%s", git_packbuilder_name(pb))))
		rc = kata_error_oom(err);
done:
	git_packbuilder_free(pb);
	return rc;
}

static int sync_path(const char *path, struct kata_error *err)
{
	int fd = open(path, O_RDONLY);
	int rc = 0;

	if (fd < 0)
		return errno_error(err, "open", path);
	if (fsync(fd) < 0)
		rc = errno_error(err, "sync", path);
	close(fd);
	return rc;
}

/* The new pack is on disk and holds every object we are about to delete. */
static int settle(git_repository *repo, const char *packdir, char *name,
		  const struct set *o, struct kata_error *err)
{
	git_odb *odb = NULL, *mine = NULL;
	char *pack = kata_str_newf("%s/%s.pack", packdir, name);
	char *idx = kata_str_newf("%s/%s.idx", packdir, name);
	size_t i;
	int rc = 0;

	if (!pack || !idx) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = sync_path(pack, err)) < 0 || (rc = sync_path(idx, err)) < 0 ||
	    (rc = sync_path(packdir, err)) < 0)
		goto done;
	if (git_repository_odb(&odb, repo) < 0 || git_odb_refresh(odb) < 0) {
		rc = kata_error_from_git(err, "refresh the object database");
		goto done;
	}
	if ((rc = open_packs(&mine, packdir, &(struct pack){ name, 0 }, 1, err)) < 0)
		goto done;
	for (i = 0; i < o->n; i++) {
		if (!git_odb_exists(mine, &o->v[i])) {
			char hex[GIT_OID_HEXSZ + 1];

			git_oid_tostr(hex, sizeof(hex), &o->v[i]);
			rc = kata_error_set(err, KATA_ERROR, "new pack '%s' lacks object %s",
					    idx, hex);
			goto done;
		}
	}
done:
	git_odb_free(mine);
	git_odb_free(odb);
	free(pack);
	free(idx);
	return rc;
}

/* Deletes the loose files of the objects; a file already gone is fine. */
static int remove_loose(const char *objdir, const git_oid *v, size_t n, struct kata_error *err)
{
	bool fanout[256] = { false };
	char hex[GIT_OID_HEXSZ + 1];
	char *path;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &v[i]);
		if (!(path = kata_str_newf("%s/%.2s/%s", objdir, hex, hex + 2))) {
			rc = kata_error_oom(err);
			break;
		}
		if (unlink(path) < 0 && errno != ENOENT && !rc)
			rc = errno_error(err, "delete", path);
		free(path);
		fanout[v[i].id[0]] = true;
	}
	for (i = 0; i < 256; i++) {
		if (!fanout[i])
			continue;
		if ((path = kata_str_newf("%s/%02zx", objdir, i))) {
			rmdir(path);	/* fails, rightly, unless empty */
			free(path);
		}
	}
	return rc;
}

/* Deletes a pack, its index first so that readers stop finding it (git's unlink_pack_path). */
static int remove_pack(const char *packdir, const char *base, struct kata_error *err)
{
	static const char *const exts[] = { "idx", "pack", "rev", "bitmap", "mtimes" };
	char *path;
	size_t i;
	int rc = 0;

	if (has_file(packdir, base, "keep"))
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if (!(path = kata_str_newf("%s/%s.%s", packdir, base, exts[i])))
			return kata_error_oom(err);
		if (unlink(path) < 0 && errno != ENOENT && !rc)
			rc = errno_error(err, "delete", path);
		free(path);
	}
	return rc;
}

static int by_count(const void *a, const void *b)
{
	const struct pack *x = a, *y = b;

	return (x->count > y->count) - (x->count < y->count);
}

/*
 * How many of the packs, smallest first, go into the new pack with the
 * loose objects, so that the packs left and the new one each hold at
 * least twice as many objects as the next smaller one (what
 * `git repack --geometric=2` keeps). Objects are then repacked about
 * log2(n) times over their life, not at every roll-up: a new day's
 * objects and a fetched pack go into the small packs, and the large
 * ones, which hold most of the history, stay as they are.
 */
static size_t geometric_split(struct packs *p, size_t loose)
{
	uint64_t total = loose;
	size_t i, split;

	if (!p->n)
		return 0;
	qsort(p->v, p->n, sizeof(*p->v), by_count);
	/* From the largest down, the packs that already double their smaller neighbour stay. */
	for (i = p->n - 1; i > 0; i--)
		if (p->v[i].count < 2 * (uint64_t)p->v[i - 1].count)
			break;
	split = i ? i + 1 : 0;
	for (i = 0; i < split; i++)
		total += p->v[i].count;
	/* The new pack may be too large for the next ones up: they join it. */
	while (split < p->n && p->v[split].count < 2 * total)
		total += p->v[split++].count;
	return split;
}

int kata_pack_auto(git_repository *repo, size_t *packed, struct kata_error *err)
{
	git_config *cfg = NULL;
	git_odb *old = NULL;
	struct oids objs = { NULL, 0, 0 };
	struct packs packs = { NULL, 0, 0 };
	struct set set = { NULL, NULL, 0 };
	char *objdir = NULL, *packdir = NULL, *name = NULL, *midx = NULL;
	int32_t auto_limit, pack_limit;
	size_t probe, nloose, count = 0, roll, i;
	bool many_loose;
	int rc;

	if (packed)
		*packed = 0;
	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return kata_error_from_git(err, "read git config");
	if ((rc = config_int(&auto_limit, cfg, "gc.auto", DEFAULT_AUTO, err)) < 0 ||
	    (rc = config_int(&pack_limit, cfg, "gc.autoPackLimit", DEFAULT_PACK_LIMIT, err)) < 0)
		goto done;
	if (auto_limit <= 0)
		goto done;

	if (!(objdir = kata_str_newf("%sobjects", git_repository_commondir(repo))) ||
	    !(packdir = kata_str_newf("%s/pack", objdir)) ||
	    !(midx = kata_str_newf("%s/multi-pack-index", packdir))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = count_probe(&probe, objdir, err)) < 0)
		goto done;
	many_loose = probe * 256 > (size_t)auto_limit;

	/* Listed only when they are to go: it reads 256 folders. */
	if (many_loose && (rc = list_loose(&objs, objdir, err)) < 0)
		goto done;

	/*
	 * The packs are looked at every time (one readdir and the head of
	 * each index, of a number of packs kept logarithmic): a fetch adds
	 * one without a loose object.
	 */
	if ((rc = list_packs(&packs, packdir, err)) < 0)
		goto done;
	if (pack_limit > 0 && packs.n > (size_t)pack_limit)
		roll = packs.n;		/* as git gc --auto: all of them */
	else
		roll = geometric_split(&packs, objs.n);
	if (!many_loose && roll < 2)
		goto done;
	if (!many_loose && (rc = list_loose(&objs, objdir, err)) < 0)
		goto done;
	nloose = objs.n;
	if (mkdir(packdir, 0777) < 0 && errno != EEXIST) {
		rc = errno_error(err, "create", packdir);
		goto done;
	}
	if (roll) {
		struct collect c = { &objs, false };

		if ((rc = open_packs(&old, packdir, packs.v, roll, err)) < 0)
			goto done;
		if (git_odb_foreach(old, collect_cb, &c) != 0) {
			rc = c.oom ? kata_error_oom(err) : kata_error_from_git(err, "list packed objects");
			goto done;
		}
		git_odb_free(old);
		old = NULL;
	}
	if (!objs.n)
		goto done;

	/* A sorted copy: remove_loose wants the loose ones, first in objs. */
	if ((rc = set_of(&set, &objs, err)) < 0)
		goto done;
	if ((rc = write_pack(&name, &count, repo, packdir, &set, err)) < 0 ||
	    (rc = settle(repo, packdir, name, &set, err)) < 0)
		goto done;

	/* Only now may anything go: every object is in the new pack. */
	rc = remove_loose(objdir, objs.v, nloose, err);
	if (roll) {
		bool removed = false;

		for (i = 0; i < roll; i++) {
			if (!strcmp(packs.v[i].base, name))
				continue;
			if (remove_pack(packdir, packs.v[i].base, err) < 0 && !rc)
				rc = err->code;
			removed = true;
		}
		/* A multi-pack index naming packs that are gone would mislead git. */
		if (removed && unlink(midx) < 0 && errno != ENOENT && !rc)
			rc = errno_error(err, "delete", midx);
	}
	if (packed)
		*packed = count;
done:
	git_odb_free(old);
	git_config_free(cfg);
	packs_release(&packs);
	free(set.v);
	free(set.taken);
	free(objs.v);
	free(objdir);
	free(packdir);
	free(midx);
	free(name);
	return rc;
}
