#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/questions.h"
#include "kata/record.h"
#include "kata/repo.h"

/* The keys kata acts on, and the parts each compound answer has. */
static const char *const reflection_parts[] = { "happened", "learned", NULL };
static const char *const next_step_parts[] = { "step", "expect", NULL };

/* The parts that take one line (a step is one line; what is expected,
 * what happened and what was learned may take several). */
static enum kata_answer_type part_type(const char *key)
{
	return !strcmp(key, "step") ? KATA_ANSWER_LINE : KATA_ANSWER_TEXT;
}

/* The one place the keys of SPEC 5's answers are named. */
static const struct known {
	const char *key;
	enum kata_answer_role role;
	enum kata_answer_type type;
	const char *const *parts;
	const char *names;	/* an answers file's own part naming a record */
} known[] = {
	{ "target", KATA_ROLE_TARGET, KATA_ANSWER_TEXT, NULL, NULL },
	{ "actual", KATA_ROLE_ACTUAL, KATA_ANSWER_TEXT, NULL, NULL },
	{ "measure", KATA_ROLE_MEASURE, KATA_ANSWER_NUMBER, NULL, NULL },
	{ "last_step", KATA_ROLE_REFLECTION, KATA_ANSWER_PARTS, reflection_parts, "step" },
	{ "obstacle", KATA_ROLE_OBSTACLE, KATA_ANSWER_OBSTACLE, NULL, NULL },
	{ "next_step", KATA_ROLE_NEXT_STEP, KATA_ANSWER_PARTS, next_step_parts, NULL },
	{ "see_by", KATA_ROLE_SEE_BY, KATA_ANSWER_WHEN, NULL, NULL },
	{ "note", KATA_ROLE_NOTE, KATA_ANSWER_TEXT, NULL, NULL },
	{ NULL, KATA_ROLE_NONE, KATA_ANSWER_TEXT, NULL, NULL },
};

static const struct known *known_key(const char *key)
{
	const struct known *k;

	for (k = known; k->key; k++)
		if (!strcmp(k->key, key))
			return k;
	return NULL;
}

const char *kata_questions_key(enum kata_answer_role role)
{
	const struct known *k;

	for (k = known; k->key && k->role != role; k++)
		;
	return k->key;
}

static bool key_ok(const char *s)
{
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return i <= KATA_QUESTION_KEY_MAX;
}

static void question_release(struct kata_question *q)
{
	size_t i;

	for (i = 0; i < q->n_parts; i++)
		question_release(&q->parts[i]);
	free(q->parts);
	free(q->key);
	free(q->ask);
}

void kata_questions_free(struct kata_questions *qs)
{
	size_t i;

	if (!qs)
		return;
	for (i = 0; i < qs->n; i++)
		question_release(&qs->q[i]);
	free(qs->q);
	free(qs->id);
	free(qs->name);
	free(qs->source);
	free(qs);
}

static int bad(struct kata_error *err, const char *path, const struct kata_node *at,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(struct kata_error *err, const char *path, const struct kata_node *at,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return kata_error_set_at(err, KATA_EINVALID, path, at->line, at->col, "%s", msg);
}

static int text_of(char **out, const struct kata_node *map, const char *key,
		   bool required, const char *path, struct kata_error *err)
{
	const struct kata_node *v = kata_node_get(map, key);

	*out = NULL;
	if (!v) {
		if (required)
			return bad(err, path, map, "'%s' is missing", key);
		return 0;
	}
	if (v->type != KATA_NODE_SCALAR || !*v->text)
		return bad(err, path, v, "'%s' must be text", key);
	if (!(*out = strdup(v->text)))
		return kata_error_oom(err);
	return 0;
}

static int bool_of(bool *out, const struct kata_node *map, const char *key,
		   const char *path, struct kata_error *err)
{
	const struct kata_node *v = kata_node_get(map, key);

	*out = false;
	if (!v)
		return 0;
	if (v->type != KATA_NODE_SCALAR || (strcmp(v->text, "true") && strcmp(v->text, "false")))
		return bad(err, path, v, "'%s' must be true or false", key);
	*out = !strcmp(v->text, "true");
	return 0;
}

/* Every field of a question is one kata reads: a typo is an error. */
static int only_fields(const struct kata_node *map, const char *const *fields,
		       const char *path, struct kata_error *err)
{
	const char *const *f;
	size_t i;

	for (i = 0; i < map->n; i++) {
		for (f = fields; *f && strcmp(*f, map->entries[i].key); f++)
			;
		if (!*f)
			return kata_error_set_at(err, KATA_EINVALID, path, map->entries[i].line,
						 map->entries[i].col, "unknown field '%s'",
						 map->entries[i].key);
	}
	return 0;
}

static int load_question(struct kata_question *q, const struct kata_node *n,
			 bool part, const char *path, struct kata_error *err)
{
	static const char *const fields[] = { "key", "ask", "required", "first_cycle",
					      "parts", NULL };
	static const char *const part_fields[] = { "key", "ask", NULL };
	const struct kata_node *fc, *parts;
	const struct known *k;
	size_t i;
	int rc;

	if (n->type != KATA_NODE_MAPPING)
		return bad(err, path, n, "a question must be a mapping with 'key' and 'ask'");
	if ((rc = only_fields(n, part ? part_fields : fields, path, err)) < 0 ||
	    (rc = text_of(&q->key, n, "key", true, path, err)) < 0 ||
	    (rc = text_of(&q->ask, n, "ask", true, path, err)) < 0)
		return rc;
	if (!key_ok(q->key))
		return bad(err, path, kata_node_get(n, "key"),
			   "invalid key '%s': use a-z, 0-9 and '_', at most %d characters",
			   q->key, KATA_QUESTION_KEY_MAX);
	if (part)
		return 0;
	if ((rc = bool_of(&q->required, n, "required", path, err)) < 0)
		return rc;
	if ((fc = kata_node_get(n, "first_cycle"))) {
		if (fc->type != KATA_NODE_SCALAR || strcmp(fc->text, "skip"))
			return bad(err, path, fc, "'first_cycle' can only be 'skip'");
		q->skip_first_cycle = true;
	}
	k = known_key(q->key);
	q->role = k ? k->role : KATA_ROLE_NONE;
	q->type = k ? k->type : KATA_ANSWER_TEXT;
	q->names = k ? k->names : NULL;
	/* a first cycle has no step to reflect on */
	if (q->role == KATA_ROLE_REFLECTION && !q->skip_first_cycle)
		return bad(err, path, n,
			   "question '%s' needs 'first_cycle: skip': a first cycle has no step to reflect on",
			   q->key);
	parts = kata_node_get(n, "parts");
	if (k && k->parts && !parts)
		return bad(err, path, n, "question '%s' needs its parts", q->key);
	if (parts && !(k && k->parts))
		return bad(err, path, parts, "question '%s' has no parts", q->key);
	if (!parts)
		return 0;
	if (parts->type != KATA_NODE_SEQUENCE || !parts->n)
		return bad(err, path, parts, "'parts' must be a list of questions");
	if (!(q->parts = calloc(parts->n, sizeof(*q->parts))))
		return kata_error_oom(err);
	for (i = 0; i < parts->n; i++) {
		q->n_parts++;
		if ((rc = load_question(&q->parts[i], parts->entries[i].value, true, path, err)) < 0)
			return rc;
	}
	/* the parts kata acts on, each once, and no other */
	for (i = 0; k->parts[i]; i++) {
		size_t j, seen = 0;

		for (j = 0; j < q->n_parts; j++)
			if (!strcmp(q->parts[j].key, k->parts[i])) {
				q->parts[j].type = part_type(k->parts[i]);
				seen++;
			}
		if (seen != 1)
			return bad(err, path, parts, "the parts of '%s' must be %s and %s, once each",
				   q->key, k->parts[0], k->parts[1]);
	}
	if (q->n_parts != i)
		return bad(err, path, parts, "the parts of '%s' must be %s and %s, once each",
			   q->key, k->parts[0], k->parts[1]);
	return 0;
}

/* The question set of root (read from path), which it frees. */
static int questions_parse(struct kata_questions **out, struct kata_node *root,
			   const char *path, struct kata_error *err)
{
	static const char *const fields[] = { "kind", "id", "name", "source", "language",
					      "questions", NULL };
	struct kata_questions *qs = NULL;
	const struct kata_node *list, *kind;
	size_t i, j;
	int rc;

	*out = NULL;
	if (!(qs = calloc(1, sizeof(*qs)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	kind = kata_node_get(root, "kind");
	if (!kind || kind->type != KATA_NODE_SCALAR || strcmp(kind->text, "questions")) {
		rc = bad(err, path, kind ? kind : root, "a question set has 'kind: questions'");
		goto done;
	}
	if ((rc = only_fields(root, fields, path, err)) < 0 ||
	    (rc = text_of(&qs->id, root, "id", true, path, err)) < 0 ||
	    (rc = text_of(&qs->name, root, "name", false, path, err)) < 0 ||
	    (rc = text_of(&qs->source, root, "source", true, path, err)) < 0)
		goto done;
	list = kata_node_get(root, "questions");
	if (!list || list->type != KATA_NODE_SEQUENCE || !list->n) {
		rc = bad(err, path, list ? list : root, "'questions' must be a list of questions");
		goto done;
	}
	if (!(qs->q = calloc(list->n, sizeof(*qs->q)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < list->n; i++) {
		const struct kata_node *n = list->entries[i].value;

		qs->n++;
		if ((rc = load_question(&qs->q[i], n, false, path, err)) < 0)
			goto done;
		for (j = 0; j < i; j++)
			if (!strcmp(qs->q[j].key, qs->q[i].key)) {
				rc = bad(err, path, kata_node_get(n, "key"),
					 "key '%s' is asked twice", qs->q[i].key);
				goto done;
			}
	}
	/* a cycle without these would plan nothing */
	for (i = 0; i < 2; i++) {
		enum kata_answer_role need = i ? KATA_ROLE_SEE_BY : KATA_ROLE_NEXT_STEP;

		if (!kata_questions_role(qs, need)) {
			rc = bad(err, path, list, "a question set must ask '%s'", kata_questions_key(need));
			goto done;
		}
	}
done:
	kata_node_free(root);
	if (rc < 0) {
		kata_questions_free(qs);
		return rc;
	}
	*out = qs;
	return 0;
}

int kata_questions_load(struct kata_questions **out, const char *fullpath,
			const char *path, struct kata_error *err)
{
	struct kata_node *root = NULL;
	int rc;

	*out = NULL;
	if ((rc = kata_yaml_load(&root, fullpath, path, err)) < 0)
		return rc;
	return questions_parse(out, root, path, err);
}

int kata_questions_parse(struct kata_questions **out, const char *buf, size_t len,
			 const char *path, struct kata_error *err)
{
	struct kata_node *root = NULL;
	int rc;

	*out = NULL;
	if ((rc = kata_yaml_parse(&root, buf, len, path, err)) < 0)
		return rc;
	return questions_parse(out, root, path, err);
}

const struct kata_question *kata_questions_find(const struct kata_questions *qs,
						const char *key)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		if (!strcmp(qs->q[i].key, key))
			return &qs->q[i];
	return NULL;
}

const struct kata_question *kata_questions_role(const struct kata_questions *qs,
						enum kata_answer_role role)
{
	size_t i;

	for (i = 0; role != KATA_ROLE_NONE && i < qs->n; i++)
		if (qs->q[i].role == role)
			return &qs->q[i];
	return NULL;
}

bool kata_questions_asked(const struct kata_question *q, bool first_cycle)
{
	return !(first_cycle && q->skip_first_cycle);
}

int kata_questions_for(struct kata_questions **out, struct kata_repo *repo,
		       const char *datadir, struct kata_error *err)
{
	struct kata_node *cfg = NULL, *root = NULL;
	struct kata_buf full = KATA_BUF_INIT;
	const struct kata_node *own;
	int rc;

	/* checked whole: its every key at kata.yaml:line:col */
	if ((rc = kata_record_load(&cfg, repo, "kata.yaml", KATA_KIND_REPOSITORY, err)) < 0)
		return rc;
	own = kata_node_get(cfg, "questions");
	if (own && (own->type != KATA_NODE_SCALAR || !*own->text || own->text[0] == '/' ||
		    strstr(own->text, ".."))) {
		rc = kata_error_set_at(err, KATA_EINVALID, "kata.yaml", own->line, own->col,
				       "'questions' must name a file inside the repository");
		goto done;
	}
	/* the repository's own set is read as its records are: no link
	 * followed, no FIFO waited on */
	if (own) {
		if ((rc = kata_repo_load(&root, repo, own->text, err)) == 0)
			rc = questions_parse(out, root, own->text, err);
		goto done;
	}
	kata_buf_addf(&full, "%s/%s", datadir, KATA_QUESTIONS_DEFAULT);
	if (full.oom) {
		rc = kata_error_oom(err);
		goto done;
	}
	rc = kata_questions_load(out, full.buf, full.buf, err);
done:
	kata_buf_release(&full);
	kata_node_free(cfg);
	return rc;
}
