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
 * `git repack -d -l` (incremental) or `git repack -A -d -l` (all packs
 * into one) acts. We pack every object we delete, so no object is lost,
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

/* Packs of objects/pack, by base name ("pack-<hex>"). */
struct packs {
	char **v;
	size_t n, alloc;
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
		free(p->v[i]);
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
			char **v = realloc(p->v, alloc * sizeof(*v));

			if (!v) {
				free(base);
				rc = kata_error_oom(err);
				break;
			}
			p->v = v;
			p->alloc = alloc;
		}
		p->v[p->n++] = base;
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
static int open_packs(git_odb **out, const char *packdir, char *const *bases, size_t n,
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
		if (!(idx = kata_str_newf("%s/%s.idx", packdir, bases[i]))) {
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

/* Writes one pack of the objects into packdir; *name is its base name. */
static int write_pack(char **name, size_t *count, git_repository *repo, const char *packdir,
		      const struct oids *o, struct kata_error *err)
{
	git_packbuilder *pb = NULL;
	size_t i;
	int rc = 0;

	*name = NULL;
	if (git_packbuilder_new(&pb, repo) < 0)
		return kata_error_from_git(err, "start a pack");
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < o->n; i++) {
		if (git_packbuilder_insert(pb, &o->v[i], NULL) < 0) {
			char hex[GIT_OID_HEXSZ + 1];

			git_oid_tostr(hex, sizeof(hex), &o->v[i]);
			rc = kata_error_from_git(err, hex);
			goto done;
		}
	}
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
		  const struct oids *o, struct kata_error *err)
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
	if ((rc = open_packs(&mine, packdir, &name, 1, err)) < 0)
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

int kata_pack_auto(git_repository *repo, size_t *packed, struct kata_error *err)
{
	git_config *cfg = NULL;
	git_odb *old = NULL;
	struct oids objs = { NULL, 0, 0 };
	struct packs packs = { NULL, 0, 0 };
	char *objdir = NULL, *packdir = NULL, *name = NULL, *midx = NULL;
	int32_t auto_limit, pack_limit;
	size_t probe, nloose, count = 0, i;
	bool all;
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

	if (!(objdir = kata_str_newf("%sobjects", git_repository_commondir(repo)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = count_probe(&probe, objdir, err)) < 0)
		goto done;
	if (probe * 256 <= (size_t)auto_limit)
		goto done;

	/*
	 * Too many packs are counted only now, not on every call: they grow
	 * by one each time we get here, so this is soon enough.
	 */
	if ((rc = list_loose(&objs, objdir, err)) < 0)
		goto done;
	nloose = objs.n;
	if (!(packdir = kata_str_newf("%s/pack", objdir)) ||
	    !(midx = kata_str_newf("%s/multi-pack-index", packdir))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if (mkdir(packdir, 0777) < 0 && errno != EEXIST) {
		rc = errno_error(err, "create", packdir);
		goto done;
	}
	if ((rc = list_packs(&packs, packdir, err)) < 0)
		goto done;
	all = pack_limit > 0 && packs.n > (size_t)pack_limit;
	if (all) {
		if ((rc = open_packs(&old, packdir, packs.v, packs.n, err)) < 0)
			goto done;
		struct collect c = { &objs, false };

		if (git_odb_foreach(old, collect_cb, &c) != 0) {
			rc = c.oom ? kata_error_oom(err) : kata_error_from_git(err, "list packed objects");
			goto done;
		}
		git_odb_free(old);
		old = NULL;
	}
	if (!objs.n)
		goto done;

	if ((rc = write_pack(&name, &count, repo, packdir, &objs, err)) < 0 ||
	    (rc = settle(repo, packdir, name, &objs, err)) < 0)
		goto done;

	/* Only now may anything go: every object is in the new pack. */
	rc = remove_loose(objdir, objs.v, nloose, err);
	if (all) {
		bool removed = false;

		for (i = 0; i < packs.n; i++) {
			if (!strcmp(packs.v[i], name))
				continue;
			if (remove_pack(packdir, packs.v[i], err) < 0 && !rc)
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
	free(objs.v);
	free(objdir);
	free(packdir);
	free(midx);
	free(name);
	return rc;
}
