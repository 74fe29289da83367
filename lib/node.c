#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kata/error.h"
#include "kata/node.h"

struct kata_node *kata_node_new(enum kata_node_type type)
{
	struct kata_node *node = calloc(1, sizeof(*node));

	if (node)
		node->type = type;
	return node;
}

void kata_node_free(struct kata_node *node)
{
	size_t i;

	if (!node)
		return;
	for (i = 0; i < node->n; i++) {
		free(node->entries[i].key);
		kata_node_free(node->entries[i].value);
	}
	free(node->entries);
	free(node->text);
	free(node);
}

/* Makes room for one more entry. */
static int grow(struct kata_node *node)
{
	struct kata_entry *entries;
	size_t alloc;

	if (node->n < node->alloc)
		return 0;
	alloc = node->alloc ? node->alloc * 2 : 4;
	if (alloc < node->alloc || alloc > SIZE_MAX / sizeof(*entries))
		return KATA_ERROR;
	entries = realloc(node->entries, alloc * sizeof(*entries));
	if (!entries)
		return KATA_ERROR;
	node->entries = entries;
	node->alloc = alloc;
	return 0;
}

struct kata_node *kata_node_dup(const struct kata_node *node)
{
	struct kata_node *copy = NULL, *result = NULL;
	size_t i;

	if (!node)
		return NULL;
	if (!(copy = kata_node_new(node->type)))
		goto done;
	copy->line = node->line;
	copy->col = node->col;
	copy->plain = node->plain;
	if (node->text && !(copy->text = strdup(node->text)))
		goto done;
	if (node->n) {
		copy->entries = calloc(node->n, sizeof(*copy->entries));
		if (!copy->entries)
			goto done;
		/* zeroed entries are safe to free if a later copy fails */
		copy->n = copy->alloc = node->n;
		for (i = 0; i < node->n; i++) {
			const struct kata_entry *from = &node->entries[i];
			struct kata_entry *to = &copy->entries[i];

			to->line = from->line;
			to->col = from->col;
			if (from->key && !(to->key = strdup(from->key)))
				goto done;
			if (from->value && !(to->value = kata_node_dup(from->value)))
				goto done;
		}
	}
	result = copy;
	copy = NULL;
done:
	kata_node_free(copy);
	return result;
}

struct kata_entry *kata_node_entry(const struct kata_node *map, const char *key)
{
	size_t i;

	if (!map || map->type != KATA_NODE_MAPPING || !key)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->entries[i].key && !strcmp(map->entries[i].key, key))
			return &map->entries[i];
	return NULL;
}

struct kata_node *kata_node_get(const struct kata_node *map, const char *key)
{
	struct kata_entry *entry = kata_node_entry(map, key);

	return entry ? entry->value : NULL;
}

const char *kata_node_str(const struct kata_node *map, const char *key)
{
	struct kata_node *value = kata_node_get(map, key);

	if (!value || value->type != KATA_NODE_SCALAR)
		return NULL;
	return value->text ? value->text : "";
}

/*
 * On success map owns value; on failure the caller still does, so that it
 * can free what it built.
 */
int kata_node_set_node(struct kata_node *map, const char *key,
		       struct kata_node *value)
{
	struct kata_entry *entry;
	char *copy;

	if (!map || map->type != KATA_NODE_MAPPING || !key || !value)
		return KATA_ERROR;
	if ((entry = kata_node_entry(map, key))) {
		if (entry->value != value) {
			kata_node_free(entry->value);
			entry->value = value;
		}
		return 0;
	}
	if (grow(map) < 0 || !(copy = strdup(key)))
		return KATA_ERROR;
	entry = &map->entries[map->n++];
	entry->key = copy;
	entry->line = entry->col = 0;
	entry->value = value;
	return 0;
}

static struct kata_node *scalar_new(const char *text, bool plain)
{
	struct kata_node *node;

	if (!text || !(node = kata_node_new(KATA_NODE_SCALAR)))
		return NULL;
	if (!(node->text = strdup(text))) {
		kata_node_free(node);
		return NULL;
	}
	node->plain = plain;
	return node;
}

static int set_scalar(struct kata_node *map, const char *key, const char *text,
		      bool plain)
{
	struct kata_node *node = scalar_new(text, plain);

	if (!node || kata_node_set_node(map, key, node) < 0) {
		kata_node_free(node);
		return KATA_ERROR;
	}
	return 0;
}

int kata_node_set_str(struct kata_node *map, const char *key, const char *text)
{
	return set_scalar(map, key, text, false);
}

int kata_node_set_plain(struct kata_node *map, const char *key, const char *text)
{
	return set_scalar(map, key, text, true);
}

void kata_node_remove(struct kata_node *map, const char *key)
{
	struct kata_entry *entry = kata_node_entry(map, key);
	size_t i;

	if (!entry)
		return;
	i = (size_t)(entry - map->entries);
	free(entry->key);
	kata_node_free(entry->value);
	memmove(entry, entry + 1, (map->n - i - 1) * sizeof(*entry));
	map->n--;
}

int kata_node_append(struct kata_node *node, char *key, unsigned line, unsigned col,
		     struct kata_node *value)
{
	struct kata_entry *entry;

	if (grow(node) < 0)
		return KATA_ERROR;
	entry = &node->entries[node->n++];
	entry->key = key;
	entry->line = line;
	entry->col = col;
	entry->value = value;
	return 0;
}

int kata_node_push_node(struct kata_node *seq, struct kata_node *value)
{
	struct kata_entry *entry;

	if (!seq || seq->type != KATA_NODE_SEQUENCE || !value || grow(seq) < 0)
		return KATA_ERROR;
	entry = &seq->entries[seq->n++];
	memset(entry, 0, sizeof(*entry));
	entry->value = value;
	return 0;
}

int kata_node_push_str(struct kata_node *seq, const char *text)
{
	struct kata_node *node;

	if (!seq || seq->type != KATA_NODE_SEQUENCE || !(node = scalar_new(text, false)))
		return KATA_ERROR;
	if (kata_node_push_node(seq, node) < 0) {
		kata_node_free(node);
		return KATA_ERROR;
	}
	return 0;
}
