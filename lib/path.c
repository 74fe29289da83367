#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "kata/path.h"
#include "kata/repo.h"
#include "kata/str.h"

#define LEARNERS KATA_PATH_LEARNERS
#define TARGET_FILE "target.yaml"
#define LEARNER_FILE "learner.yaml"
/* The digits of the number in a name, so that names sort as they count. */
#define TARGET_WIDTH 3

static const struct {
	const char *folder;
	int width;
} kinds[KATA_KIND__COUNT] = {
	[KATA_KIND_OBSTACLE] = { "obstacles", 3 },
	[KATA_KIND_STEP] = { "steps", 4 },
	[KATA_KIND_MEASURE] = { "measures", 4 },
	[KATA_KIND_COACHING] = { "coaching", 4 },
	[KATA_KIND_FEEDBACK] = { "feedback", 4 },
};

/* printf into a path: a path too long to fit is cut, which no path of a
 * valid learner ID and numbers of nine digits at most ever is. */
static bool pathf(char out[KATA_PATH_MAX], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool pathf(char out[KATA_PATH_MAX], const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, KATA_PATH_MAX, fmt, ap);
	va_end(ap);
	return n >= 0 && n < KATA_PATH_MAX;
}

bool kata_path_join(char out[KATA_PATH_MAX], const char *dir, const char *name)
{
	return pathf(out, "%s/%s", dir, name);
}

const char *kata_path_kind_folder(enum kata_kind kind)
{
	return kind < KATA_KIND__COUNT ? kinds[kind].folder : NULL;
}

void kata_path_learner_dir(char out[KATA_PATH_MAX], const char *learner)
{
	pathf(out, LEARNERS "/%s", learner);
}

void kata_path_learner(char out[KATA_PATH_MAX], const char *learner)
{
	pathf(out, LEARNERS "/%s/" LEARNER_FILE, learner);
}

void kata_path_target_dir(char out[KATA_PATH_MAX], const char *learner,
			  unsigned long seq, const char *id)
{
	pathf(out, LEARNERS "/%s/%0*lu-%s", learner, TARGET_WIDTH, seq, id);
}

void kata_path_target(char out[KATA_PATH_MAX], const char *target_dir)
{
	pathf(out, "%s/" TARGET_FILE, target_dir);
}

void kata_path_kind_dir(char out[KATA_PATH_MAX], const char *target_dir,
			enum kata_kind kind)
{
	pathf(out, "%s/%s", target_dir, kinds[kind].folder);
}

void kata_path_record(char out[KATA_PATH_MAX], const char *target_dir,
		      enum kata_kind kind, unsigned long seq, const char *id)
{
	pathf(out, "%s/%s/%0*lu-%s.yaml", target_dir, kinds[kind].folder,
		 kinds[kind].width, seq, id);
}

bool kata_path_entry_parse(struct kata_path_entry *out, const char *name, bool dir)
{
	const char *p = name, *dash;
	unsigned long seq = 0;
	size_t idlen;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (p - name >= 9)
			return false;	/* nine digits at most: every path fits */
		seq = seq * 10 + (unsigned long)(*p - '0');
	}
	if (*p != '-')
		return false;
	dash = p;
	idlen = strlen(dash + 1);
	if (!dir) {
		if (idlen < 5 || strcmp(dash + 1 + idlen - 5, ".yaml"))
			return false;
		idlen -= 5;
	}
	if (idlen != KATA_ID_LEN)
		return false;
	memcpy(out->id, dash + 1, idlen);
	out->id[idlen] = '\0';
	if (!kata_id_valid(out->id))
		return false;
	out->seq = seq;
	out->name = NULL;
	return true;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct kata_path_entry *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->id, y->id);
}

int kata_path_list(struct kata_path_entry **out, size_t *n, struct kata_repo *repo,
		   const char *folder, bool dirs, struct kata_error *err)
{
	struct kata_path_entry *list = NULL;
	char **names = NULL;
	size_t count = 0, i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kata_repo_list(&names, &count, repo, folder,
				 dirs ? KATA_LIST_DIRS : KATA_LIST_FILES, err)) < 0)
		return rc;
	if (count && !(list = calloc(count, sizeof(*list)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < count; i++) {
		if (!kata_path_entry_parse(&list[k], names[i], dirs)) {
			free(names[i]);
			continue;
		}
		list[k++].name = names[i];
	}
	free(names);
	names = NULL;
	if (k)
		qsort(list, k, sizeof(*list), cmp_entry);
	*out = list;
	*n = k;
	list = NULL;
done:
	free(list);
	kata_strv_free(names);
	return rc;
}

void kata_path_list_free(struct kata_path_entry *list, size_t n)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* The next component of *p (which moves past it and its '/') into out. */
static bool component(char *out, size_t size, const char **p)
{
	size_t n = strcspn(*p, "/");

	if (!n || n >= size)
		return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n;
	if (**p == '/' && !*++*p)
		return false;	/* a path does not end in '/' */
	return true;
}

bool kata_path_parse(struct kata_path_info *out, const char *path)
{
	struct kata_path_entry e;
	char part[KATA_PATH_MAX];
	const char *p = path;
	int kind;

	memset(out, 0, sizeof(*out));
	if (!strcmp(path, "kata.yaml")) {
		out->kind = KATA_KIND_REPOSITORY;
		return true;
	}
	if (!component(part, sizeof(part), &p) || strcmp(part, LEARNERS) ||
	    !component(out->learner, sizeof(out->learner), &p) ||
	    !kata_id_learner_valid(out->learner) || !component(part, sizeof(part), &p))
		return false;
	if (!strcmp(part, LEARNER_FILE)) {
		out->kind = KATA_KIND_LEARNER;
		return !*p;
	}
	if (!kata_path_entry_parse(&e, part, true))
		return false;
	out->target_seq = e.seq;
	memcpy(out->target, e.id, sizeof(out->target));
	/* the folder as it is named, whatever the digits of its number */
	pathf(out->target_dir, LEARNERS "/%s/%s", out->learner, part);
	if (!component(part, sizeof(part), &p))
		return false;
	if (!strcmp(part, TARGET_FILE)) {
		out->kind = KATA_KIND_TARGET;
		memcpy(out->id, e.id, sizeof(out->id));
		return !*p;
	}
	for (kind = 0; kind < KATA_KIND__COUNT; kind++)
		if (kinds[kind].folder && !strcmp(kinds[kind].folder, part))
			break;
	if (kind == KATA_KIND__COUNT || !component(part, sizeof(part), &p) || *p ||
	    !kata_path_entry_parse(&e, part, false))
		return false;
	out->kind = (enum kata_kind)kind;
	out->seq = e.seq;
	memcpy(out->id, e.id, sizeof(out->id));
	return true;
}
