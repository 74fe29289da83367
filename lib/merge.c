#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/merge.h"
#include "kata/str.h"

struct merge {
	const struct kata_merge_choice *choices;
	size_t n_choices;
	struct kata_merge_conflict *conflicts;
	size_t n, alloc;
	struct kata_error *err;
};

bool kata_merge_node_equal(const struct kata_node *a, const struct kata_node *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->n != b->n)
		return false;
	switch (a->type) {
	case KATA_NODE_SCALAR:
		return !strcmp(a->text, b->text);
	case KATA_NODE_SEQUENCE:
		for (i = 0; i < a->n; i++)
			if (!kata_merge_node_equal(a->entries[i].value, b->entries[i].value))
				return false;
		return true;
	case KATA_NODE_MAPPING:
		for (i = 0; i < a->n; i++)
			if (!kata_merge_node_equal(a->entries[i].value,
						   kata_node_get(b, a->entries[i].key)))
				return false;
		return true;
	}
	return false;
}

/* A value as one line, for a message: text as it is, a list in brackets. */
static void show(struct kata_buf *b, const struct kata_node *v)
{
	size_t i;

	if (!v) {
		kata_buf_adds(b, "(none)");
		return;
	}
	switch (v->type) {
	case KATA_NODE_SCALAR:
		for (i = 0; v->text[i]; i++)
			if (v->text[i] == '\n')
				kata_buf_adds(b, "\\n");
			else
				kata_buf_add(b, &v->text[i], 1);
		break;
	case KATA_NODE_SEQUENCE:
	case KATA_NODE_MAPPING:
		kata_buf_adds(b, v->type == KATA_NODE_SEQUENCE ? "[" : "{");
		for (i = 0; i < v->n; i++) {
			if (i)
				kata_buf_adds(b, ", ");
			if (v->entries[i].key)
				kata_buf_addf(b, "%s: ", v->entries[i].key);
			show(b, v->entries[i].value);
		}
		kata_buf_adds(b, v->type == KATA_NODE_SEQUENCE ? "]" : "}");
		break;
	}
}

static const struct kata_merge_choice *choice(const struct merge *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n_choices; i++)
		if (!strcmp(m->choices[i].key, key))
			return &m->choices[i];
	return NULL;
}

static int conflict(struct merge *m, const char *key, const struct kata_node *o,
		    const struct kata_node *t)
{
	struct kata_merge_conflict *c;
	struct kata_buf bo = KATA_BUF_INIT, bt = KATA_BUF_INIT;

	if (m->n == m->alloc) {
		size_t cap = m->alloc ? m->alloc * 2 : 4;
		struct kata_merge_conflict *nc = realloc(m->conflicts, cap * sizeof(*nc));

		if (!nc)
			return kata_error_oom(m->err);
		m->conflicts = nc;
		m->alloc = cap;
	}
	show(&bo, o);
	show(&bt, t);
	c = &m->conflicts[m->n];
	c->key = strdup(key);
	c->ours = kata_buf_detach(&bo);
	c->theirs = kata_buf_detach(&bt);
	if (!c->key || !c->ours || !c->theirs) {
		free(c->key);
		free(c->ours);
		free(c->theirs);
		return kata_error_oom(m->err);
	}
	m->n++;
	return 0;
}

static bool in_list(const struct kata_node *seq, const struct kata_node *item)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		if (kata_merge_node_equal(seq->entries[i].value, item))
			return true;
	return false;
}

/* Lists as sets: ours' items but those theirs removed, then theirs' new. */
static struct kata_node *merge_list(const struct kata_node *b, const struct kata_node *o,
				    const struct kata_node *t)
{
	struct kata_node *out = kata_node_new(KATA_NODE_SEQUENCE), *v;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < o->n; i++) {
		const struct kata_node *item = o->entries[i].value;

		if (in_list(b, item) && !in_list(t, item))
			continue;
		if (!(v = kata_node_dup(item)) || kata_node_push_node(out, v) < 0)
			goto oom;
	}
	for (i = 0; i < t->n; i++) {
		const struct kata_node *item = t->entries[i].value;

		if (in_list(b, item) || in_list(out, item))
			continue;
		if (!(v = kata_node_dup(item)) || kata_node_push_node(out, v) < 0)
			goto oom;
	}
	return out;
oom:
	kata_node_free(v);
	kata_node_free(out);
	return NULL;
}

static int merge_map(struct kata_node **out, struct merge *m, const char *prefix,
		     const struct kata_node *b, const struct kata_node *o,
		     const struct kata_node *t);

/*
 * One key: *out the merged value (NULL: the key goes). b, o, t are the
 * key's values in base, ours and theirs, NULL where absent.
 */
static int merge_value(struct kata_node **out, struct merge *m, const char *key,
		       const struct kata_node *b, const struct kata_node *o,
		       const struct kata_node *t)
{
	const struct kata_merge_choice *c;
	const struct kata_node *take;

	*out = NULL;
	if (kata_merge_node_equal(o, t) || kata_merge_node_equal(b, t))
		take = o;
	else if (kata_merge_node_equal(b, o))
		take = t;
	else if (o && t && o->type == KATA_NODE_MAPPING && t->type == KATA_NODE_MAPPING &&
		 (!b || b->type == KATA_NODE_MAPPING))
		return merge_map(out, m, key, b, o, t);
	else if (o && t && o->type == KATA_NODE_SEQUENCE && t->type == KATA_NODE_SEQUENCE &&
		 (!b || b->type == KATA_NODE_SEQUENCE))
		return (*out = merge_list(b, o, t)) ? 0 : kata_error_oom(m->err);
	else if ((c = choice(m, key)))
		take = c->side == KATA_MERGE_OURS ? o : t;
	else {
		int rc = conflict(m, key, o, t);

		if (rc < 0)
			return rc;
		take = o;
	}
	if (take && !(*out = kata_node_dup(take)))
		return kata_error_oom(m->err);
	return 0;
}

static int add_key(struct kata_node *map, struct merge *m, const char *prefix,
		   const char *key, const struct kata_node *b, const struct kata_node *o,
		   const struct kata_node *t)
{
	struct kata_node *v = NULL;
	char *full = *prefix ? kata_str_newf("%s.%s", prefix, key) : strdup(key);
	char *k = strdup(key);
	int rc;

	if (!full || !k) {
		free(full);
		free(k);
		return kata_error_oom(m->err);
	}
	rc = merge_value(&v, m, full, kata_node_get(b, key), o, t);
	free(full);
	if (rc == 0 && v && kata_node_append(map, k, 0, 0, v) < 0) {
		kata_node_free(v);
		rc = kata_error_oom(m->err);
	} else if (rc == 0 && v) {
		k = NULL;
	}
	free(k);
	return rc;
}

static int merge_map(struct kata_node **out, struct merge *m, const char *prefix,
		     const struct kata_node *b, const struct kata_node *o,
		     const struct kata_node *t)
{
	struct kata_node *map = kata_node_new(KATA_NODE_MAPPING);
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!map)
		return kata_error_oom(m->err);
	/* ours' keys in ours' order, then what only theirs has */
	for (i = 0; i < o->n && rc == 0; i++)
		rc = add_key(map, m, prefix, o->entries[i].key, b, o->entries[i].value,
			     kata_node_get(t, o->entries[i].key));
	for (i = 0; i < t->n && rc == 0; i++)
		if (!kata_node_entry(o, t->entries[i].key))
			rc = add_key(map, m, prefix, t->entries[i].key, b, NULL,
				     t->entries[i].value);
	/* a key both removed, or ours removed and theirs left: gone (none of
	   the walks above adds it) */
	if (rc < 0) {
		kata_node_free(map);
		return rc;
	}
	*out = map;
	return 0;
}

int kata_merge_record(struct kata_node **out, struct kata_merge_conflict **conflicts,
		      size_t *n, const struct kata_node *base, const struct kata_node *ours,
		      const struct kata_node *theirs, const struct kata_merge_choice *choices,
		      size_t n_choices, struct kata_error *err)
{
	struct merge m = { choices, n_choices, NULL, 0, 0, err };
	int rc;

	*out = NULL;
	*conflicts = NULL;
	*n = 0;
	if ((rc = merge_map(out, &m, "", base, ours, theirs)) < 0) {
		kata_merge_conflicts_free(m.conflicts, m.n);
		return rc;
	}
	*conflicts = m.conflicts;
	*n = m.n;
	return 0;
}

void kata_merge_conflicts_free(struct kata_merge_conflict *conflicts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(conflicts[i].key);
		free(conflicts[i].ours);
		free(conflicts[i].theirs);
	}
	free(conflicts);
}
