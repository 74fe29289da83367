#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "kata/record.h"
#include "kata/when.h"

enum ftype {
	F_TEXT,		/* one line or several */
	F_DAY,		/* 2026-11-21 */
	F_TIME,		/* RFC 3339 */
	F_WHEN,		/* a day or a time */
	F_NUMBER,
	F_BOOL,
	F_ID,		/* a record ID */
	F_LEARNER,	/* a learner ID */
	F_TEXT_LIST,
	F_MAP,		/* a mapping of anything (a coaching cycle's answers) */
	F_SEQ,		/* a list of anything (feedback's phases) */
	F_INT,
	F_WORD,		/* one of the words in `words` */
};

struct field {
	const char *key;
	enum ftype type;
	bool required;
	const char *const *words;
};

struct kind {
	const char *name;
	const char *folder;
	const struct field *fields;
	const char *const *order;
};

static const char *const target_status[] = { "active", "done", "abandoned", NULL };
static const char *const open_closed[] = { "open", "closed", NULL };
static const char *const open_done[] = { "open", "done", NULL };

static const struct field repository_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "format", F_INT, true, NULL },
	{ "team", F_TEXT, false, NULL },
	{ "questions", F_TEXT, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field learner_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_LEARNER, true, NULL },
	{ "name", F_TEXT, false, NULL },
	{ "emails", F_TEXT_LIST, false, NULL },
	{ "coach", F_LEARNER, false, NULL },
	{ "second_coach", F_LEARNER, false, NULL },
	{ "process", F_TEXT, false, NULL },
	{ "created", F_TIME, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field target_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "learner", F_LEARNER, true, NULL },
	{ "challenge", F_TEXT, true, NULL },
	{ "condition", F_TEXT, true, NULL },
	{ "current", F_TEXT, false, NULL },
	{ "achieve_by", F_DAY, true, NULL },
	{ "metric", F_TEXT, false, NULL },
	{ "unit", F_TEXT, false, NULL },
	{ "goal", F_NUMBER, false, NULL },
	{ "lower_is_better", F_BOOL, false, NULL },
	{ "status", F_WORD, true, target_status },
	{ "focus", F_ID, false, NULL },
	{ "started", F_TIME, true, NULL },
	{ "ended", F_TIME, false, NULL },
	{ "note", F_TEXT, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field obstacle_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "text", F_TEXT, true, NULL },
	{ "status", F_WORD, true, open_closed },
	{ "created", F_TIME, true, NULL },
	{ "closed", F_TIME, false, NULL },
	{ "note", F_TEXT, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field step_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "obstacle", F_ID, false, NULL },
	{ "step", F_TEXT, true, NULL },
	{ "expect", F_TEXT, true, NULL },
	{ "see_by", F_WHEN, false, NULL },
	{ "status", F_WORD, true, open_done },
	{ "planned", F_TIME, true, NULL },
	{ "happened", F_TEXT, false, NULL },
	{ "learned", F_TEXT, false, NULL },
	{ "done", F_TIME, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field coaching_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "learner", F_LEARNER, true, NULL },
	{ "coach", F_TEXT, true, NULL },
	{ "coach_email", F_TEXT, false, NULL },
	{ "at", F_TIME, true, NULL },
	{ "questions", F_TEXT, false, NULL },
	{ "step_reflected", F_ID, false, NULL },
	{ "obstacle", F_ID, false, NULL },
	{ "step_planned", F_ID, false, NULL },
	{ "measure", F_ID, false, NULL },
	{ "answers", F_MAP, true, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field feedback_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "learner", F_LEARNER, true, NULL },
	{ "coaching", F_ID, true, NULL },
	{ "observer", F_TEXT, true, NULL },
	{ "observer_email", F_TEXT, false, NULL },
	{ "at", F_TIME, true, NULL },
	{ "note", F_TEXT, true, NULL },
	{ "phases", F_SEQ, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field measure_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "metric", F_TEXT, true, NULL },
	{ "value", F_NUMBER, true, NULL },
	{ "at", F_TIME, true, NULL },
	{ NULL, 0, false, NULL },
};

#define ORDER(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }
ORDER(repository_order, "kind", "format", "team", "questions");
ORDER(learner_order, "kind", "id", "name", "emails", "coach", "second_coach",
      "process", "created");
ORDER(target_order, "kind", "id", "learner", "challenge", "condition", "current",
      "achieve_by", "metric", "unit", "goal", "lower_is_better", "status",
      "focus", "started", "ended", "note");
ORDER(obstacle_order, "kind", "id", "target", "text", "status", "created",
      "closed", "note");
ORDER(step_order, "kind", "id", "target", "obstacle", "step", "expect", "see_by",
      "status", "planned", "happened", "learned", "done");
ORDER(measure_order, "kind", "id", "target", "metric", "value", "at");
ORDER(feedback_order, "kind", "id", "target", "learner", "coaching", "observer",
      "observer_email", "at", "note", "phases");
ORDER(coaching_order, "kind", "id", "target", "learner", "coach", "coach_email", "at",
      "questions", "step_reflected", "obstacle", "step_planned", "measure", "answers");

static const struct kind kinds[KATA_KIND__COUNT] = {
	[KATA_KIND_REPOSITORY] = { "repository", NULL, repository_fields, repository_order },
	[KATA_KIND_LEARNER] = { "learner", NULL, learner_fields, learner_order },
	[KATA_KIND_TARGET] = { "target", NULL, target_fields, target_order },
	[KATA_KIND_OBSTACLE] = { "obstacle", "obstacles", obstacle_fields, obstacle_order },
	[KATA_KIND_STEP] = { "step", "steps", step_fields, step_order },
	[KATA_KIND_MEASURE] = { "measure", "measures", measure_fields, measure_order },
	[KATA_KIND_COACHING] = { "coaching", "coaching", coaching_fields, coaching_order },
	[KATA_KIND_FEEDBACK] = { "feedback", "feedback", feedback_fields, feedback_order },
};

const char *kata_kind_name(enum kata_kind kind)
{
	return kinds[kind].name;
}

const char *const *kata_kind_order(enum kata_kind kind)
{
	return kinds[kind].order;
}

const char *kata_kind_folder(enum kata_kind kind)
{
	return kinds[kind].folder;
}

static bool is_number(const char *s)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	strtod(s, &end);
	return *end == '\0' && errno != ERANGE;
}

static bool is_int(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool text_ok(const char *s)
{
	const unsigned char *p;

	if (!kata_utf8_valid(s, strlen(s)))
		return false;
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

static bool word_ok(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

static int check_scalar(const struct field *f, const struct kata_node *v,
			const char *path, struct kata_error *err)
{
	struct kata_time tm, zero = { 0, 0, true };
	struct kata_error ignore;
	const char *s = v->text;
	const char *want = NULL;

	kata_error_init(&ignore);
	switch (f->type) {
	case F_TEXT:
		if (!text_ok(s))
			want = "text without control characters";
		break;
	case F_DAY:
		if (kata_when_parse(&tm, s, &zero, &ignore) < 0 || tm.has_time ||
		    strlen(s) != 10)
			want = "a date (YYYY-MM-DD)";
		break;
	case F_TIME:
		if (kata_time_parse_rfc3339(&tm, s, &ignore) < 0)
			want = "a time (RFC 3339, e.g. 2026-11-21T09:00:00Z)";
		break;
	case F_WHEN:
		if ((strlen(s) != 10 || kata_when_parse(&tm, s, &zero, &ignore) < 0) &&
		    kata_time_parse_rfc3339(&tm, s, &ignore) < 0)
			want = "a date or a time (2026-11-21 or 2026-11-21T10:00:00Z)";
		break;
	case F_NUMBER:
		if (!is_number(s))
			want = "a number";
		break;
	case F_INT:
		if (!is_int(s))
			want = "a whole number";
		break;
	case F_BOOL:
		if (strcmp(s, "true") && strcmp(s, "false"))
			want = "true or false";
		break;
	case F_ID:
		if (!kata_id_valid(s))
			want = "a record ID";
		break;
	case F_LEARNER:
		if (!kata_learner_id_valid(s))
			want = "a learner ID ([a-z0-9][a-z0-9._-]*)";
		break;
	case F_WORD:
		if (!word_ok(s, f->words)) {
			kata_error_release(&ignore);
			if (f->words == target_status)
				want = "one of active, done, abandoned";
			else if (f->words == open_closed)
				want = "open or closed";
			else
				want = "open or done";
		}
		break;
	case F_TEXT_LIST:
	case F_MAP:
	case F_SEQ:
		break;
	}
	kata_error_release(&ignore);
	if (want)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be %s", f->key, want);
	return 0;
}

int kata_record_validate(const struct kata_node *rec, const char *path,
			 enum kata_kind expected, struct kata_error *err)
{
	const struct kata_entry *ke = kata_node_entry(rec, "kind");
	const struct field *f;
	enum kata_kind kind;
	int rc;

	if (!ke || ke->value->type != KATA_NODE_SCALAR)
		return kata_error_set_at(err, KATA_EINVALID, path, rec->line, rec->col,
					 "record has no 'kind'");
	for (kind = 0; kind < KATA_KIND__COUNT; kind++)
		if (!strcmp(ke->value->text, kinds[kind].name))
			break;
	if (kind == KATA_KIND__COUNT)
		return kata_error_set_at(err, KATA_EINVALID, path, ke->value->line,
					 ke->value->col, "unknown kind '%s'", ke->value->text);
	if (expected != KATA_KIND__COUNT && kind != expected)
		return kata_error_set_at(err, KATA_EINVALID, path, ke->value->line,
					 ke->value->col, "kind is '%s', expected '%s'",
					 ke->value->text, kinds[expected].name);
	for (f = kinds[kind].fields; f->key; f++) {
		const struct kata_entry *e = kata_node_entry(rec, f->key);
		size_t i;

		if (!e) {
			if (f->required)
				return kata_error_set_at(err, KATA_EINVALID, path, rec->line,
							 rec->col, "'%s' is missing", f->key);
			continue;
		}
		if (f->type == F_SEQ) {
			if (e->value->type != KATA_NODE_SEQUENCE)
				return kata_error_set_at(err, KATA_EINVALID, path,
							 e->value->line, e->value->col,
							 "'%s' must be a list", f->key);
			continue;
		}
		if (f->type == F_MAP) {
			if (e->value->type != KATA_NODE_MAPPING)
				return kata_error_set_at(err, KATA_EINVALID, path,
							 e->value->line, e->value->col,
							 "'%s' must be a mapping", f->key);
			continue;
		}
		if (f->type == F_TEXT_LIST) {
			if (e->value->type != KATA_NODE_SEQUENCE)
				return kata_error_set_at(err, KATA_EINVALID, path,
							 e->value->line, e->value->col,
							 "'%s' must be a list", f->key);
			for (i = 0; i < e->value->n; i++) {
				const struct kata_node *item = e->value->entries[i].value;

				if (item->type != KATA_NODE_SCALAR || !text_ok(item->text))
					return kata_error_set_at(err, KATA_EINVALID, path,
								 item->line, item->col,
								 "'%s' must be a list of text",
								 f->key);
			}
			continue;
		}
		if (e->value->type != KATA_NODE_SCALAR)
			return kata_error_set_at(err, KATA_EINVALID, path, e->value->line,
						 e->value->col, "'%s' must be a single value",
						 f->key);
		if ((rc = check_scalar(f, e->value, path, err)) < 0)
			return rc;
	}
	return 0;
}

int kata_record_load(struct kata_node **out, struct kata_repo *repo,
		     const char *path, enum kata_kind expected,
		     struct kata_error *err)
{
	struct kata_node *rec = NULL;
	int rc;

	if ((rc = kata_repo_load(&rec, repo, path, err)) < 0)
		return rc;
	if ((rc = kata_record_validate(rec, path, expected, err)) < 0) {
		kata_node_free(rec);
		return rc;
	}
	*out = rec;
	return 0;
}

bool kata_seq_parse(struct kata_entry_name *out, const char *name, bool dir)
{
	const char *p = name, *dash;
	size_t idlen;
	unsigned long seq = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (seq > 100000000UL)
			return false;
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
	const struct kata_entry_name *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->id, y->id);
}

int kata_seq_list(struct kata_entry_name **out, size_t *n, struct kata_repo *repo,
		  const char *folder, bool dirs, struct kata_error *err)
{
	char **names = NULL;
	size_t count = 0, i, k = 0;
	struct kata_entry_name *list = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = kata_repo_list(&names, &count, repo, folder,
			    dirs ? KATA_LIST_DIRS : KATA_LIST_FILES, err);
	if (rc < 0)
		return rc;
	if (count && !(list = calloc(count, sizeof(*list)))) {
		kata_strv_free(names);
		return kata_error_oom(err);
	}
	for (i = 0; i < count; i++) {
		if (!kata_seq_parse(&list[k], names[i], dirs))
			continue;
		list[k].name = names[i];
		names[i] = NULL;
		k++;
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	if (k)
		qsort(list, k, sizeof(*list), cmp_entry);
	*out = list;
	*n = k;
	return 0;
}

void kata_seq_list_free(struct kata_entry_name *list, size_t n)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}
