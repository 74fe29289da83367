/* statx, for a lock file's birth time */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha1.h>

#include "gitindex.h"
#include "kata/buf.h"

/*
 * The index format is git's Documentation/gitformat-index.txt. Versions
 * 2, 3 and 4 of a SHA-1 repository are handled; anything else is left to
 * libgit2 (we return FALLBACK). Version 4 writes each name as what it
 * keeps of the one before and a new tail, so an entry spliced in is
 * written against the name before it, and the old entry after it is
 * written again against the new one (a "boundary").
 *
 * The entry count sits in the header, under the checksum, and is known
 * only once we know which changed paths the index holds; so the file is
 * read twice, as a stream each time: once to find where each change goes,
 * once to copy it into index.lock with the changes spliced in and hash
 * the result. Nothing is kept per entry.
 *
 * The old checksum is not verified, as git does not when it reads the
 * index (only git fsck does): that was a second SHA-1 pass over the
 * whole file on every write, the largest part of it at 100,000 records.
 * What is read is still checked for its shape (sizes, names, sort order
 * of the changes, extensions), and anything unexpected goes to libgit2
 * (FALLBACK).
 */

#define FALLBACK 1
#define BUFSZ 65536
#define HASHSZ 20
#define HDRSZ 12
#define ENTRYSZ 62		/* stat data, oid and flags of an entry */
#define F_EXTENDED 0x4000
#define F_NAMEMASK 0x0fff
#define MAXDEPTH 4096

struct reader {
	int fd;
	off_t hash_end;		/* the checksum starts here */
	off_t off;		/* of buf[0] in the file */
	size_t start, end;	/* consumed, filled */
	unsigned char buf[BUFSZ];
};

struct writer {
	int fd;
	size_t len;
	struct sha1_ctx sha;
	unsigned char buf[BUFSZ];
};

/* Where a change goes in the old index. */
struct spot {
	off_t at;		/* offset of its entry, or of the one it goes before */
	size_t oldsize;		/* of its entry; 0 if the index has none */
	char *prev;		/* version 4: the name of the entry before `at` */
};

/* Version 4: an old entry right after a change, to be written again
 * against the name before it. */
struct boundary {
	off_t at;
	size_t oldsize;
	size_t hdrlen;
	unsigned char hdr[ENTRYSZ + 2];
	char *name;
};

struct ext {
	unsigned char sig[4];
	off_t off;		/* of the data, after signature and size */
	uint32_t len;
};

struct scan {
	uint32_t version, count;
	off_t entries_end;
	struct spot *spots;
	struct boundary *bounds;	/* version 4, in file order */
	size_t nbounds;
	struct ext *exts;
	size_t nexts, alloc;
	struct kata_buf tree;	/* the TREE extension, rewritten */
	bool has_tree;
};

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned get_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int io_error(struct kata_error *err, const char *what, const char *path)
{
	return kata_error_set(err, KATA_ERROR, "cannot %s '%s': %s", what, path,
			      strerror(errno));
}

/* ---- reading ---- */

/* Reads more into the buffer. Returns the number of bytes read, 0 at the
 * end, -1 on error. */
static ssize_t refill(struct reader *r)
{
	ssize_t got;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->off += (off_t)r->start;
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == BUFSZ)
		return 0;
	do
		got = read(r->fd, r->buf + r->end, BUFSZ - r->end);
	while (got < 0 && errno == EINTR);
	if (got <= 0)
		return got;
	r->end += (size_t)got;
	return got;
}

/* Makes k bytes available at r->buf + r->start (k <= BUFSZ). Returns 0;
 * FALLBACK if the file ends first; -1 on a read error. */
static int need(struct reader *r, size_t k)
{
	while (r->end - r->start < k) {
		ssize_t got = refill(r);

		if (got < 0)
			return -1;
		if (got == 0)
			return FALLBACK;
	}
	return 0;
}

static off_t tell(const struct reader *r)
{
	return r->off + (off_t)r->start;
}

/* Consumes len bytes, copying them to dst unless it is NULL. */
static int take(struct reader *r, void *dst, size_t len)
{
	unsigned char *d = dst;

	while (len > 0) {
		size_t k;
		int rc;

		if (r->start == r->end && (rc = need(r, 1)) != 0)
			return rc;
		k = r->end - r->start < len ? r->end - r->start : len;
		if (d) {
			memcpy(d, r->buf + r->start, k);
			d += k;
		}
		r->start += k;
		len -= k;
	}
	return 0;
}

/* ---- the cache tree ---- */

struct tree_rw {
	const unsigned char *in;
	size_t len, i;
	struct kata_buf path;	/* of the current node, ending in '/' but at the root */
	struct kata_buf *out;
	const struct kata_index_change *changes;
	size_t n;
};

/* Parses a decimal number; allows a leading '-' if sign. */
static int tree_number(struct tree_rw *t, long *out, bool sign, char end)
{
	bool neg = false;
	long v = 0;
	int digits = 0;

	if (sign && t->i < t->len && t->in[t->i] == '-') {
		neg = true;
		t->i++;
	}
	while (t->i < t->len && t->in[t->i] >= '0' && t->in[t->i] <= '9') {
		if (++digits > 9)
			return FALLBACK;
		v = v * 10 + (t->in[t->i++] - '0');
	}
	if (digits == 0 || t->i >= t->len || t->in[t->i] != end)
		return FALLBACK;
	t->i++;
	*out = neg ? -v : v;
	return 0;
}

/* Does a changed path lie under the folder t->path? */
static bool tree_touched(const struct tree_rw *t)
{
	size_t k;

	for (k = 0; k < t->n; k++)
		if (!strncmp(t->changes[k].path, t->path.buf, t->path.len))
			return true;
	return false;
}

/* Copies one node and its subtrees, invalidating those on a changed path. */
static int tree_node(struct tree_rw *t, unsigned depth)
{
	const unsigned char *name = t->in + t->i, *nul;
	size_t nlen, plen = t->path.len;
	long count, nsub, k;
	int rc;

	if (depth > MAXDEPTH || !(nul = memchr(name, 0, t->len - t->i)))
		return FALLBACK;
	nlen = (size_t)(nul - name);
	if ((depth == 0) != (nlen == 0) || memchr(name, '/', nlen))
		return FALLBACK;
	t->i += nlen + 1;
	if ((rc = tree_number(t, &count, true, ' ')) != 0 ||
	    (rc = tree_number(t, &nsub, false, '\n')) != 0)
		return rc;
	if (count >= 0 && t->len - t->i < HASHSZ)
		return FALLBACK;
	if (nlen) {
		kata_buf_add(&t->path, (const char *)name, nlen);
		kata_buf_add(&t->path, "/", 1);
	}
	kata_buf_add(t->out, (const char *)name, nlen + 1);
	if (count < 0 || depth == 0 || tree_touched(t)) {
		kata_buf_addf(t->out, "-1 %ld\n", nsub);
	} else {
		kata_buf_addf(t->out, "%ld %ld\n", count, nsub);
		kata_buf_add(t->out, (const char *)t->in + t->i, HASHSZ);
	}
	if (count >= 0)
		t->i += HASHSZ;
	for (k = 0; k < nsub; k++)
		if ((rc = tree_node(t, depth + 1)) != 0)
			return rc;
	kata_buf_truncate(&t->path, plen);
	return 0;
}

static int tree_rewrite(struct kata_buf *out, const unsigned char *in, size_t len,
			const struct kata_index_change *changes, size_t n)
{
	struct tree_rw t = { in, len, 0, KATA_BUF_INIT, out, changes, n };
	int rc = 0;

	kata_buf_add(&t.path, "", 0);
	if (len > 0 && (rc = tree_node(&t, 0)) == 0 && t.i != len)
		rc = FALLBACK;
	if (rc == 0 && (t.path.oom || out->oom))
		rc = -1;
	kata_buf_release(&t.path);
	return rc;
}

/* ---- the first pass: verify, and find where each change goes ---- */

/* memcmp order of the entry's name against a path, shorter first. */
static int name_cmp(const unsigned char *name, size_t nlen, const char *path, size_t plen)
{
	int c = memcmp(name, path, nlen < plen ? nlen : plen);

	if (c)
		return c;
	return nlen < plen ? -1 : nlen > plen;
}

/* A file where a changed path needs a folder, or the other way round? */
static bool dir_file_clash(const unsigned char *name, size_t nlen,
			   const struct kata_index_change *changes, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		const char *p = changes[k].path;
		size_t plen;

		if (!changes[k].oid || (unsigned char)p[0] != name[0])
			continue;
		plen = strlen(p);
		if (nlen < plen && p[nlen] == '/' && !memcmp(p, name, nlen))
			return true;
		if (plen < nlen && name[plen] == '/' && !memcmp(p, name, plen))
			return true;
	}
	return false;
}

/* git's varint of version 4 (varint.c): 7 bits a byte, most significant
 * first, each continuation adding one. Returns its length, 0 if bad. */
static size_t get_varint(const unsigned char *p, size_t avail, size_t *out)
{
	size_t i = 0, v;

	if (avail == 0)
		return 0;
	v = p[i] & 127;
	while (p[i++] & 128) {
		if (i >= avail || i > 8)
			return 0;
		v = ((v + 1) << 7) | (p[i] & 127);
	}
	*out = v;
	return i;
}

static size_t put_varint(unsigned char *buf, size_t v)
{
	unsigned char tmp[16];
	size_t pos = sizeof(tmp) - 1, len;

	tmp[pos] = v & 127;
	while (v >>= 7)
		tmp[--pos] = (unsigned char)(128 | (--v & 127));
	len = sizeof(tmp) - pos;
	memcpy(buf, tmp + pos, len);
	return len;
}

/*
 * Reads the name of a version 4 entry whose hdr bytes are available:
 * *name becomes prev with its tail cut and the new one added. Returns 0
 * with the entry's size in *size, FALLBACK if out of shape, -1 on error.
 */
static int name_v4(struct reader *r, size_t hdr, struct kata_buf *name, size_t *size)
{
	const unsigned char *p, *nul;
	size_t cut, vlen, avail;
	int rc;

	for (;;) {
		avail = r->end - r->start - hdr;
		p = r->buf + r->start + hdr;
		vlen = get_varint(p, avail, &cut);
		nul = vlen ? memchr(p + vlen, 0, avail - vlen) : NULL;
		if (nul)
			break;
		if (r->end - r->start == BUFSZ)
			return FALLBACK;	/* a name longer than we take */
		if ((rc = need(r, r->end - r->start + 1)) != 0)
			return rc;
	}
	if (cut > name->len)
		return FALLBACK;
	kata_buf_truncate(name, name->len - cut);
	kata_buf_add(name, (const char *)p + vlen, (size_t)(nul - (p + vlen)));
	if (name->oom)
		return -1;
	*size = hdr + vlen + (size_t)(nul - (p + vlen)) + 1;
	return 0;
}

static int add_boundary(struct scan *s, off_t at, const unsigned char *hdr, size_t hdrlen,
			const struct kata_buf *name, size_t size)
{
	struct boundary *nb = realloc(s->bounds, (s->nbounds + 1) * sizeof(*nb)), *b;

	if (!nb)
		return -1;
	s->bounds = nb;
	b = &nb[s->nbounds];
	if (!(b->name = strdup(name->buf ? name->buf : "")))
		return -1;
	s->nbounds++;
	b->at = at;
	b->oldsize = size;
	b->hdrlen = hdrlen;
	memcpy(b->hdr, hdr, hdrlen);
	return 0;
}

static int scan_entries(struct scan *s, struct reader *r,
			struct kata_index_change *changes, size_t n)
{
	size_t next = 0;	/* the first change not yet placed */
	struct kata_buf name = KATA_BUF_INIT, prev = KATA_BUF_INIT;
	bool v4 = s->version == 4, bound_next = false;
	uint32_t i;
	int rc = 0;

	kata_buf_add(&name, "", 0);
	kata_buf_add(&prev, "", 0);
	for (i = 0; i < s->count; i++) {
		off_t at = tell(r);
		const unsigned char *p, *nm;
		size_t hdr = ENTRYSZ, nlen, size;
		unsigned flags;
		bool bound = bound_next;

		bound_next = false;
		if ((rc = need(r, ENTRYSZ)) != 0)
			goto done;
		flags = get_be16(r->buf + r->start + 60);
		if (flags & F_EXTENDED) {
			if (s->version < 3) {
				rc = FALLBACK;
				goto done;
			}
			hdr += 2;
		}
		nlen = flags & F_NAMEMASK;
		if (v4) {
			kata_buf_truncate(&prev, 0);
			kata_buf_add(&prev, name.buf, name.len);
			if ((rc = need(r, hdr + 1)) != 0 ||
			    (rc = name_v4(r, hdr, &name, &size)) != 0)
				goto done;
			if (name.len == 0 || (nlen < F_NAMEMASK ? name.len != nlen
								: name.len < F_NAMEMASK) ||
			    memchr(name.buf, 0, name.len)) {
				rc = FALLBACK;
				goto done;
			}
			nm = (const unsigned char *)name.buf;
			nlen = name.len;
		} else {
			if (nlen == F_NAMEMASK) {
				const unsigned char *nul;
				ssize_t got;

				/* A long name: its length is where its NUL is. */
				while ((got = refill(r)) > 0)
					;
				if (got < 0) {
					rc = -1;
					goto done;
				}
				if (r->end - r->start < hdr) {
					rc = FALLBACK;
					goto done;
				}
				nul = memchr(r->buf + r->start + hdr, 0, r->end - r->start - hdr);
				if (!nul || (size_t)(nul - (r->buf + r->start + hdr)) < F_NAMEMASK) {
					rc = FALLBACK;
					goto done;
				}
				nlen = (size_t)(nul - (r->buf + r->start + hdr));
			}
			size = (hdr + nlen + 8) & ~(size_t)7;
			if ((rc = need(r, size)) != 0)
				goto done;
			nm = r->buf + r->start + hdr;
			if (nlen == 0 || nm[nlen] != '\0') {
				rc = FALLBACK;
				goto done;
			}
		}
		p = r->buf + r->start;
		while (next < n) {
			int c = name_cmp(nm, nlen, changes[next].path, strlen(changes[next].path));

			if (c < 0)
				break;
			if (c == 0) {
				/* Ours only if it is the one stage-0 entry of the path. */
				if ((flags & 0x3000) || s->spots[next].oldsize) {
					rc = FALLBACK;
					goto done;
				}
				s->spots[next].at = at;
				s->spots[next].oldsize = size;
				if (v4 && !(s->spots[next].prev = strdup(prev.buf))) {
					rc = -1;
					goto done;
				}
				bound_next = true;
				break;
			}
			if (!s->spots[next].oldsize) {
				s->spots[next].at = at;
				if (v4 && !(s->spots[next].prev = strdup(prev.buf))) {
					rc = -1;
					goto done;
				}
				bound = true;
			}
			next++;
		}
		if (dir_file_clash(nm, nlen, changes, n)) {
			rc = FALLBACK;
			goto done;
		}
		if (v4 && bound && add_boundary(s, at, p, hdr, &name, size) < 0) {
			rc = -1;
			goto done;
		}
		r->start += size;
	}
	s->entries_end = tell(r);
	for (; next < n; next++)
		if (!s->spots[next].oldsize) {
			s->spots[next].at = s->entries_end;
			if (v4 && !(s->spots[next].prev = strdup(name.buf))) {
				rc = -1;
				goto done;
			}
		}
done:
	kata_buf_release(&name);
	kata_buf_release(&prev);
	return rc;
}

static int scan_extensions(struct scan *s, struct reader *r,
			   const struct kata_index_change *changes, size_t n)
{
	unsigned char *data = NULL;
	int rc = 0;

	while (tell(r) < r->hash_end) {
		struct ext *e;
		const unsigned char *p;

		if (r->hash_end - tell(r) < 8 || (rc = need(r, 8)) != 0) {
			rc = rc ? rc : FALLBACK;
			goto done;
		}
		p = r->buf + r->start;
		/* Lowercase first: git may not ignore it, and neither may we. */
		if (p[0] < 'A' || p[0] > 'Z') {
			rc = FALLBACK;
			goto done;
		}
		if (s->nexts == s->alloc) {
			size_t cap = s->alloc ? s->alloc * 2 : 8;
			struct ext *ne = realloc(s->exts, cap * sizeof(*ne));

			if (!ne) {
				rc = -1;
				goto done;
			}
			s->exts = ne;
			s->alloc = cap;
		}
		e = &s->exts[s->nexts++];
		memcpy(e->sig, p, 4);
		e->len = get_be32(p + 4);
		r->start += 8;
		e->off = tell(r);
		if (r->hash_end - e->off < (off_t)e->len) {
			rc = FALLBACK;
			goto done;
		}
		if (memcmp(e->sig, "TREE", 4)) {
			if ((rc = take(r, NULL, e->len)) != 0)
				goto done;
			continue;
		}
		if (s->has_tree || !(data = malloc((size_t)e->len + 1))) {
			rc = s->has_tree ? FALLBACK : -1;
			goto done;
		}
		if ((rc = take(r, data, e->len)) != 0 ||
		    (rc = tree_rewrite(&s->tree, data, e->len, changes, n)) != 0)
			goto done;
		s->has_tree = true;
		free(data);
		data = NULL;
	}
done:
	free(data);
	return rc;
}

/* need() and the scanners say -1 for trouble of their own (out of memory,
 * a read that failed), which is ours to report; FALLBACK passes on. */
static int read_trouble(int rc, struct kata_error *err, const char *path)
{
	if (rc != -1)
		return rc;
	return errno == ENOMEM ? kata_error_oom(err) : io_error(err, "read", path);
}

/* Returns 0, FALLBACK, or a negative code with err set. */
static int scan(struct scan *s, int fd, const char *path,
		struct kata_index_change *changes, size_t n, struct kata_error *err)
{
	struct reader *r = NULL;
	struct stat st;
	int rc = 0;

	if (fstat(fd, &st) < 0) {
		rc = io_error(err, "stat", path);
		goto done;
	}
	if (st.st_size < HDRSZ + HASHSZ) {
		rc = FALLBACK;
		goto done;
	}
	if (!(r = malloc(sizeof(*r)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	r->fd = fd;
	r->hash_end = st.st_size - HASHSZ;
	r->off = 0;
	r->start = r->end = 0;

	if ((rc = need(r, HDRSZ)) != 0) {
		rc = read_trouble(rc, err, path);
		goto done;
	}
	s->version = get_be32(r->buf + 4);
	s->count = get_be32(r->buf + 8);
	if (memcmp(r->buf, "DIRC", 4) || s->version < 2 || s->version > 4) {
		rc = FALLBACK;
		goto done;
	}
	r->start = HDRSZ;
	if ((rc = scan_entries(s, r, changes, n)) != 0 ||
	    (rc = scan_extensions(s, r, changes, n)) != 0 ||
	    (rc = need(r, HASHSZ)) != 0) {
		rc = read_trouble(rc, err, path);
		goto done;
	}
	r->start += HASHSZ;
	if (tell(r) != st.st_size || r->start != r->end || refill(r) != 0)
		rc = FALLBACK;	/* changed while we read it? */
done:
	free(r);
	return rc;
}

/* ---- the second pass: write index.lock ---- */

static int flush(struct writer *w)
{
	size_t done = 0;

	sha1_update(&w->sha, w->len, w->buf);
	while (done < w->len) {
		ssize_t k = write(w->fd, w->buf + done, w->len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		done += (size_t)k;
	}
	w->len = 0;
	return 0;
}

static int put(struct writer *w, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len > 0) {
		size_t k = BUFSZ - w->len;

		if (k == 0) {
			if (flush(w) < 0)
				return -1;
			continue;
		}
		if (k > len)
			k = len;
		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p += k;
		len -= k;
	}
	return 0;
}

/* Copies [from, to) of the old index; -1 with errno set on failure. */
static int copy_range(struct writer *w, int fd, off_t from, off_t to)
{
	while (from < to) {
		size_t k = BUFSZ - w->len;
		ssize_t got;

		if (k == 0) {
			if (flush(w) < 0)
				return -1;
			continue;
		}
		if ((off_t)k > to - from)
			k = (size_t)(to - from);
		got = pread(fd, w->buf + w->len, k, from);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;	/* shorter than it was */
			return -1;
		}
		w->len += (size_t)got;
		from += got;
	}
	return 0;
}

/* Version 4: name written against prev, what it keeps of it and the
 * rest, NUL-terminated. */
static int put_name_v4(struct writer *w, const char *name, const char *prev)
{
	size_t common = 0, plen = strlen(prev), vlen;
	unsigned char v[16];

	while (prev[common] && prev[common] == name[common])
		common++;
	vlen = put_varint(v, plen - common);
	if (put(w, v, vlen) < 0 || put(w, name + common, strlen(name + common) + 1) < 0)
		return -1;
	return 0;
}

/* prev: the name before it, for version 4; NULL for 2 and 3. */
static int put_entry(struct writer *w, const struct kata_index_change *c, const char *prev)
{
	const struct stat *st = c->st;
	size_t plen = strlen(c->path);
	size_t size = (ENTRYSZ + plen + 8) & ~(size_t)7;
	unsigned char e[ENTRYSZ];
	static const unsigned char pad[8];

	/* git truncates all of these to 32 bits alike. */
	put_be32(e, (uint32_t)st->st_ctim.tv_sec);
	put_be32(e + 4, (uint32_t)st->st_ctim.tv_nsec);
	put_be32(e + 8, (uint32_t)st->st_mtim.tv_sec);
	put_be32(e + 12, (uint32_t)st->st_mtim.tv_nsec);
	put_be32(e + 16, (uint32_t)st->st_dev);
	put_be32(e + 20, (uint32_t)st->st_ino);
	put_be32(e + 24, 0100644);
	put_be32(e + 28, (uint32_t)st->st_uid);
	put_be32(e + 32, (uint32_t)st->st_gid);
	put_be32(e + 36, (uint32_t)st->st_size);
	memcpy(e + 40, c->oid->id, HASHSZ);
	e[60] = (unsigned char)((plen < F_NAMEMASK ? plen : F_NAMEMASK) >> 8);
	e[61] = (unsigned char)(plen < F_NAMEMASK ? plen : F_NAMEMASK);
	if (prev)
		return put(w, e, ENTRYSZ) < 0 ? -1 : put_name_v4(w, c->path, prev);
	if (put(w, e, ENTRYSZ) < 0 || put(w, c->path, plen) < 0 ||
	    put(w, pad, size - ENTRYSZ - plen) < 0)
		return -1;
	return 0;
}

static bool dropped(const unsigned char *sig)
{
	/* Caches that name entries by position or by the untracked files
	 * would be stale; git rebuilds them. */
	return !memcmp(sig, "UNTR", 4) || !memcmp(sig, "FSMN", 4) ||
		!memcmp(sig, "EOIE", 4) || !memcmp(sig, "IEOT", 4);
}

/* Version 4: the boundary entry at `at`, if any. */
static const struct boundary *boundary_at(const struct scan *s, off_t at)
{
	size_t i;

	for (i = 0; i < s->nbounds; i++)
		if (s->bounds[i].at == at)
			return &s->bounds[i];
	return NULL;
}

/*
 * Copies [*cur, to) of the old index. In version 4, an entry right after
 * a change is written again against *last, the name written before it;
 * *last then follows what was copied.
 */
static int copy_entries(struct writer *w, int fd, const struct scan *s, off_t *cur, off_t to,
			struct kata_buf *last, const char *prev_of_to)
{
	const struct boundary *b;

	if (*cur >= to)
		return 0;
	if (s->version == 4 && (b = boundary_at(s, *cur))) {
		if (put(w, b->hdr, b->hdrlen) < 0 || put_name_v4(w, b->name, last->buf) < 0)
			return -1;
		*cur += (off_t)b->oldsize;
	}
	if (copy_range(w, fd, *cur, to) < 0)
		return -1;
	*cur = to;
	if (s->version == 4) {
		kata_buf_truncate(last, 0);
		kata_buf_adds(last, prev_of_to);
		if (last->oom) {
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

/* fd is the old index, or -1 when there is none. */
static int write_index(int out, int fd, const struct scan *s,
		       const struct kata_index_change *changes, size_t n)
{
	struct writer *w = malloc(sizeof(*w));
	struct kata_buf last = KATA_BUF_INIT;
	unsigned char hdr[HDRSZ], sum[HASHSZ];
	uint32_t count = s->count;
	off_t cur = HDRSZ;
	bool v4 = s->version == 4;
	size_t i;
	int rc = -1;

	if (!w)
		return -1;
	kata_buf_add(&last, "", 0);
	w->fd = out;
	w->len = 0;
	sha1_init(&w->sha);
	for (i = 0; i < n; i++) {
		if (s->spots[i].oldsize)
			count--;
		if (changes[i].oid)
			count++;
	}
	memcpy(hdr, "DIRC", 4);
	put_be32(hdr + 4, s->version);
	put_be32(hdr + 8, count);
	if (put(w, hdr, HDRSZ) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		const struct spot *sp = &s->spots[i];

		if (fd >= 0 && copy_entries(w, fd, s, &cur, sp->at, &last, sp->prev) < 0)
			goto done;
		cur = sp->at + (off_t)sp->oldsize;
		if (changes[i].oid) {
			if (put_entry(w, &changes[i], v4 ? last.buf : NULL) < 0)
				goto done;
			if (v4) {
				kata_buf_truncate(&last, 0);
				kata_buf_adds(&last, changes[i].path);
			}
		}
	}
	if (fd >= 0 && copy_entries(w, fd, s, &cur, s->entries_end, &last, "") < 0)
		goto done;
	if (last.oom) {
		errno = ENOMEM;
		goto done;
	}
	for (i = 0; i < s->nexts; i++) {
		const struct ext *e = &s->exts[i];
		bool tree = !memcmp(e->sig, "TREE", 4);
		unsigned char eh[8];

		if (dropped(e->sig))
			continue;
		memcpy(eh, e->sig, 4);
		put_be32(eh + 4, tree ? (uint32_t)s->tree.len : e->len);
		if (put(w, eh, 8) < 0)
			goto done;
		if (tree ? put(w, s->tree.buf, s->tree.len) < 0
			 : copy_range(w, fd, e->off, e->off + (off_t)e->len) < 0)
			goto done;
	}
	if (flush(w) < 0)
		goto done;
	sha1_digest(&w->sha, HASHSZ, sum);
	/* no fsync, as git's index writes by default: a flush of the whole
	 * file on every command would grow with the repository */
	if (write(out, sum, HASHSZ) != HASHSZ)
		goto done;
	rc = 0;
done:
	kata_buf_release(&last);
	free(w);
	return rc;
}

/* ---- the whole ---- */

static int change_cmp(const void *a, const void *b)
{
	/* strcmp compares as unsigned char: git's order of names. */
	return strcmp(((const struct kata_index_change *)a)->path,
		      ((const struct kata_index_change *)b)->path);
}

static char *gitdir_file(const char *gitdir, const char *name)
{
	size_t gl = strlen(gitdir), nl = strlen(name);
	bool slash = gl > 0 && gitdir[gl - 1] == '/';
	char *s = malloc(gl + nl + 2);

	if (s) {
		memcpy(s, gitdir, gl);
		if (!slash)
			s[gl++] = '/';
		memcpy(s + gl, name, nl + 1);
	}
	return s;
}

struct kata_index_lock {
	char *index, *lock;
	int fd;			/* the old index, or -1 */
	int out;		/* index.lock */
	struct scan s;
	struct kata_index_change *changes;
	size_t n;
};

void kata_index_unlock(struct kata_index_lock *l)
{
	size_t i;

	if (!l)
		return;
	if (l->out >= 0) {
		close(l->out);
		unlink(l->lock);	/* not written: the index stays as it was */
	}
	if (l->fd >= 0)
		close(l->fd);
	kata_buf_release(&l->s.tree);
	free(l->s.exts);
	for (i = 0; l->s.spots && i < l->n; i++)
		free(l->s.spots[i].prev);
	free(l->s.spots);
	for (i = 0; i < l->s.nbounds; i++)
		free(l->s.bounds[i].name);
	free(l->s.bounds);
	free(l->lock);
	free(l->index);
	free(l);
}

/* The entry of changes[i] in the old index must hold what HEAD holds. */
static int check_expected(const struct kata_index_lock *l, struct kata_error *err)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct kata_index_change *c = &l->changes[i];
		const struct spot *sp = &l->s.spots[i];
		unsigned char oid[HASHSZ];
		bool same;

		if (!c->check) {
			continue;
		} else if (!sp->oldsize) {
			same = !c->expect;
		} else if (!c->expect) {
			same = false;
		} else {
			if (pread(l->fd, oid, HASHSZ, sp->at + 40) != HASHSZ)
				return io_error(err, "read", l->index);
			same = !memcmp(oid, c->expect->id, HASHSZ);
		}
		if (!same)
			return kata_error_set_at(err, KATA_EDIRTY, c->path, 0, 0,
						 "has staged changes; commit them ('git commit') or unstage them ('git restore --staged %s') first",
						 c->path);
	}
	return 0;
}

int kata_lock_id_of(struct kata_lock_id *id, int fd)
{
	struct statx sx;

	memset(id, 0, sizeof(*id));
	if (statx(fd, "", AT_EMPTY_PATH, STATX_INO | STATX_BTIME, &sx) < 0)
		return -1;
	id->dev = ((unsigned long long)sx.stx_dev_major << 32) | sx.stx_dev_minor;
	id->ino = sx.stx_ino;
	if (sx.stx_mask & STATX_BTIME) {
		id->btime_sec = sx.stx_btime.tv_sec;
		id->btime_nsec = sx.stx_btime.tv_nsec;
	}
	return 0;
}

bool kata_lock_id_equal(const struct kata_lock_id *a, const struct kata_lock_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->btime_sec == b->btime_sec &&
	       a->btime_nsec == b->btime_nsec;
}

bool kata_lock_is(const char *path, const struct kata_lock_id *id)
{
	struct kata_lock_id now;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	bool same;

	if (fd < 0)
		return false;
	same = kata_lock_id_of(&now, fd) == 0 && kata_lock_id_equal(&now, id);
	close(fd);
	return same;
}

static int lock_held(struct kata_error *err, const char *lock)
{
	return kata_error_set(err, KATA_ELOCKED,
			      "'%s' exists: another git process seems to be running in this repository; if not, remove the file",
			      lock);
}

/*
 * Takes index.lock as claim says: made under the private name, claimed,
 * then linked to index.lock (atomic, and refused if the file exists, as
 * O_EXCL is), so that there is no instant at which index.lock is ours
 * and nothing says so. Without claim, a plain O_EXCL create.
 */
static int take_lock(struct kata_index_lock *l, const char *gitdir,
		     const struct kata_index_claim *claim, struct kata_error *err)
{
	struct kata_lock_id id;
	char *private = NULL;
	int rc = 0;

	if (!claim) {
		l->out = open(l->lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (l->out < 0)
			return errno == EEXIST ? lock_held(err, l->lock)
					       : io_error(err, "create", l->lock);
		return 0;
	}
	if (claim->adopt) {
		/* still the same file when we hold it open */
		l->out = open(l->lock, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (l->out < 0 || kata_lock_id_of(&id, l->out) < 0 ||
		    !kata_lock_id_equal(&id, claim->adopt) || ftruncate(l->out, 0) < 0) {
			if (l->out >= 0)
				close(l->out);
			l->out = -1;
			return lock_held(err, l->lock);
		}
		return 0;
	}
	if (!(private = gitdir_file(gitdir, KATA_INDEX_LOCK_PRIVATE)))
		return kata_error_oom(err);
	/* A file of that name is what a killed kata left: only kata makes
	   it, and the caller holds the repository's lock. */
	unlink(private);
	l->out = open(private, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (l->out < 0) {
		rc = io_error(err, "create", private);
		goto done;
	}
	if (kata_lock_id_of(&id, l->out) < 0) {
		rc = io_error(err, "stat", private);
		goto fail;
	}
	if ((rc = claim->fn(claim->data, &id, err)) < 0)
		goto fail;
	if (link(private, l->lock) < 0) {
		rc = errno == EEXIST ? lock_held(err, l->lock) : io_error(err, "create", l->lock);
		goto fail;
	}
	unlink(private);
	goto done;
fail:
	close(l->out);
	l->out = -1;
	unlink(private);
done:
	free(private);
	return rc;
}

int kata_index_lock(struct kata_index_lock **out, const char *gitdir,
		    struct kata_index_change *changes, size_t n,
		    const struct kata_index_claim *claim, struct kata_error *err)
{
	struct kata_index_lock *l;
	size_t i;
	int rc = 0;

	*out = NULL;
	qsort(changes, n, sizeof(*changes), change_cmp);
	for (i = 0; i < n; i++)
		if (!*changes[i].path || (i > 0 && !strcmp(changes[i].path, changes[i - 1].path)))
			return kata_error_set(err, KATA_EINVALID,
					      "cannot update the index: empty or repeated path '%s'",
					      changes[i].path);
	if (!(l = calloc(1, sizeof(*l))))
		return kata_error_oom(err);
	l->fd = l->out = -1;
	l->changes = changes;
	l->n = n;
	if (!(l->index = gitdir_file(gitdir, "index")) ||
	    !(l->lock = gitdir_file(gitdir, "index.lock")) ||
	    !(l->s.spots = calloc(n ? n : 1, sizeof(*l->s.spots)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = take_lock(l, gitdir, claim, err)) < 0)
		goto done;
	l->fd = open(l->index, O_RDONLY | O_CLOEXEC);
	if (l->fd < 0 && errno != ENOENT) {
		rc = io_error(err, "open", l->index);
		goto done;
	}
	if (l->fd < 0) {
		/* No index yet: ours is the whole of it. */
		l->s.version = 2;
		for (i = 0; i < n; i++)
			l->s.spots[i].at = HDRSZ;
	} else if ((rc = scan(&l->s, l->fd, l->index, changes, n, err)) != 0) {
		goto done;
	}
	rc = check_expected(l, err);
done:
	if (rc != 0) {
		kata_index_unlock(l);
		return rc;
	}
	*out = l;
	return 0;
}

int kata_index_write(struct kata_index_lock *l, struct kata_error *err)
{
	size_t i;

	/* Only plain files that are not executable: the mode git would
	 * record otherwise depends on core.fileMode. */
	for (i = 0; i < l->n; i++) {
		const struct kata_index_change *c = &l->changes[i];

		if (c->oid && (!c->st || !S_ISREG(c->st->st_mode) || (c->st->st_mode & 0111)))
			return FALLBACK;
	}
	if (write_index(l->out, l->fd, &l->s, l->changes, l->n) < 0)
		return errno == ENOMEM ? kata_error_oom(err)
			: io_error(err, "write", l->lock);
	if (close(l->out) < 0) {
		l->out = -1;
		unlink(l->lock);
		return io_error(err, "write", l->lock);
	}
	l->out = -1;
	if (rename(l->lock, l->index) < 0) {
		unlink(l->lock);
		return io_error(err, "rename", l->lock);
	}
	return 0;
}

int kata_index_update(const char *gitdir, struct kata_index_change *changes, size_t n,
		      struct kata_error *err)
{
	struct kata_index_lock *l = NULL;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		changes[i].check = false;	/* whatever is there is replaced */
	if ((rc = kata_index_lock(&l, gitdir, changes, n, NULL, err)) != 0)
		return rc;
	rc = kata_index_write(l, err);
	kata_index_unlock(l);
	return rc;
}
