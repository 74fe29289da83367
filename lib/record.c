#include <stdlib.h>
#include <string.h>

#include "kata/id.h"
#include "kata/init.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/value.h"
#include "kata/when.h"

enum ftype {
	F_TEXT,		/* one line or several */
	F_LINE,		/* one line: an obstacle, a step, a name */
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
	F_WEEKDAYS,	/* a list of mon, tue, ... sun, at least one */
	F_CLOCK,	/* a time of day, HH:MM */
	F_PEOPLE,	/* a list of learner IDs or emails (kata.yaml's admins) */
};

struct field {
	const char *key;
	enum ftype type;
	bool required;
	const char *const *words;
};

struct kind {
	const char *name;
	const struct field *fields;
	const char *const *order;
};

static const char *const target_status[] = { "active", "done", "abandoned", NULL };
static const char *const open_closed[] = { "open", "closed", NULL };
static const char *const open_done[] = { "open", "done", NULL };

static const struct field repository_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "format", F_INT, true, NULL },
	{ "team", F_LINE, false, NULL },
	{ "questions", F_TEXT, false, NULL },
	{ "working_days", F_WEEKDAYS, false, NULL },
	{ "coaching_time", F_CLOCK, false, NULL },
	{ "admins", F_PEOPLE, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field learner_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_LEARNER, true, NULL },
	{ "name", F_LINE, false, NULL },
	{ "emails", F_TEXT_LIST, false, NULL },
	{ "coach", F_LEARNER, false, NULL },
	{ "second_coach", F_LEARNER, false, NULL },
	{ "process", F_LINE, false, NULL },
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
	{ "metric", F_LINE, false, NULL },
	{ "unit", F_LINE, false, NULL },
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
	{ "text", F_LINE, true, NULL },
	{ "status", F_WORD, true, open_closed },
	{ "created", F_TIME, true, NULL },
	{ "closed", F_TIME, false, NULL },
	{ "note", F_TEXT, false, NULL },
	{ "carried_from", F_ID, false, NULL },
	{ NULL, 0, false, NULL },
};

static const struct field step_fields[] = {
	{ "kind", F_TEXT, true, NULL },
	{ "id", F_ID, true, NULL },
	{ "target", F_ID, true, NULL },
	{ "obstacle", F_ID, false, NULL },
	{ "step", F_LINE, true, NULL },
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
	{ "metric", F_LINE, true, NULL },
	{ "value", F_NUMBER, true, NULL },
	{ "at", F_TIME, true, NULL },
	{ NULL, 0, false, NULL },
};

#define ORDER(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }
ORDER(repository_order, "kind", "format", "team", "questions", "working_days",
      "coaching_time", "admins");
ORDER(learner_order, "kind", "id", "name", "emails", "coach", "second_coach",
      "process", "created");
ORDER(target_order, "kind", "id", "learner", "challenge", "condition", "current",
      "achieve_by", "metric", "unit", "goal", "lower_is_better", "status",
      "focus", "started", "ended", "note");
ORDER(obstacle_order, "kind", "id", "target", "text", "status", "created",
      "closed", "note", "carried_from");
ORDER(step_order, "kind", "id", "target", "obstacle", "step", "expect", "see_by",
      "status", "planned", "happened", "learned", "done");
ORDER(measure_order, "kind", "id", "target", "metric", "value", "at");
ORDER(feedback_order, "kind", "id", "target", "learner", "coaching", "observer",
      "observer_email", "at", "note", "phases");
ORDER(coaching_order, "kind", "id", "target", "learner", "coach", "coach_email", "at",
      "questions", "step_reflected", "obstacle", "step_planned", "measure", "answers");

static const struct kind kinds[KATA_KIND__COUNT] = {
	[KATA_KIND_REPOSITORY] = { "repository", repository_fields, repository_order },
	[KATA_KIND_LEARNER] = { "learner", learner_fields, learner_order },
	[KATA_KIND_TARGET] = { "target", target_fields, target_order },
	[KATA_KIND_OBSTACLE] = { "obstacle", obstacle_fields, obstacle_order },
	[KATA_KIND_STEP] = { "step", step_fields, step_order },
	[KATA_KIND_MEASURE] = { "measure", measure_fields, measure_order },
	[KATA_KIND_COACHING] = { "coaching", coaching_fields, coaching_order },
	[KATA_KIND_FEEDBACK] = { "feedback", feedback_fields, feedback_order },
};

const char *kata_record_kind_name(enum kata_kind kind)
{
	return kinds[kind].name;
}

const char *const *kata_record_order(enum kata_kind kind)
{
	return kinds[kind].order;
}

enum kata_kind kata_record_kind(const struct kata_node *rec)
{
	const char *k = kata_node_str(rec, "kind");
	int kind;

	for (kind = 0; k && kind < KATA_KIND__COUNT; kind++)
		if (!strcmp(k, kinds[kind].name))
			return (enum kata_kind)kind;
	return KATA_KIND__COUNT;
}

struct kata_node *kata_record_new(enum kata_kind kind, const char *id)
{
	struct kata_node *rec = kata_node_new(KATA_NODE_MAPPING);

	if (!rec || kata_node_set_str(rec, "kind", kinds[kind].name) < 0 ||
	    (kind != KATA_KIND_REPOSITORY && kata_node_set_str(rec, "id", id) < 0)) {
		kata_node_free(rec);
		return NULL;
	}
	return rec;
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
	case F_LINE:
		if (!kata_value_text_ok(s, 0))
			want = "text without control characters";
		else if (f->required && kata_value_blank(s))
			want = "text, not blank";
		else if (f->type == F_LINE && !kata_value_text_ok(s, KATA_VALUE_LINE))
			want = "one line of text";
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
		if (!kata_value_number_ok(s))
			want = "a number as kata writes it (such as 12, 3.5 or 1.0e+20), which every YAML reader reads alike";
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
		if (!kata_id_learner_valid(s))
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
	case F_CLOCK:
		if (kata_init_clock(s) < 0)
			want = "a time of day, HH:MM (such as \"10:00\")";
		break;
	case F_TEXT_LIST:
	case F_PEOPLE:
	case F_MAP:
	case F_SEQ:
	case F_WEEKDAYS:
		break;
	}
	kata_error_release(&ignore);
	if (want)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be %s", f->key, want);
	return 0;
}

/* Working days: a list of day names, each once, at least one. */
static int check_weekdays(const struct field *f, const struct kata_node *v, const char *path,
			  struct kata_error *err)
{
	bool seen[7] = { false };
	size_t i;
	int d;

	if (v->type != KATA_NODE_SEQUENCE || !v->n)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be a list of days, such as [mon, tue, wed, thu, fri]",
					 f->key);
	for (i = 0; i < v->n; i++) {
		const struct kata_node *item = v->entries[i].value;

		if (item->type != KATA_NODE_SCALAR || (d = kata_init_weekday(item->text)) < 0)
			return kata_error_set_at(err, KATA_EINVALID, path, item->line, item->col,
						 "'%s' must name days as mon, tue, wed, thu, fri, sat or sun",
						 f->key);
		if (seen[d])
			return kata_error_set_at(err, KATA_EINVALID, path, item->line, item->col,
						 "'%s' names '%s' twice", f->key, item->text);
		seen[d] = true;
	}
	return 0;
}

/* People: each a learner ID, or an email (with '@'), one line of text. */
static int check_people(const struct field *f, const struct kata_node *v, const char *path,
			struct kata_error *err)
{
	size_t i;

	if (v->type != KATA_NODE_SEQUENCE)
		return kata_error_set_at(err, KATA_EINVALID, path, v->line, v->col,
					 "'%s' must be a list of learner IDs or emails", f->key);
	for (i = 0; i < v->n; i++) {
		const struct kata_node *item = v->entries[i].value;

		if (item->type != KATA_NODE_SCALAR ||
		    !kata_value_text_ok(item->text, KATA_VALUE_REQUIRED | KATA_VALUE_LINE) ||
		    (!strchr(item->text, '@') && !kata_id_learner_valid(item->text)))
			return kata_error_set_at(err, KATA_EINVALID, path, item->line, item->col,
						 "'%s' must name each person by a learner ID or an email",
						 f->key);
	}
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
		if (f->type == F_PEOPLE) {
			if ((rc = check_people(f, e->value, path, err)) < 0)
				return rc;
			continue;
		}
		if (f->type == F_WEEKDAYS) {
			if ((rc = check_weekdays(f, e->value, path, err)) < 0)
				return rc;
			continue;
		}
		if (f->type == F_TEXT_LIST) {
			if (e->value->type != KATA_NODE_SEQUENCE)
				return kata_error_set_at(err, KATA_EINVALID, path,
							 e->value->line, e->value->col,
							 "'%s' must be a list", f->key);
			for (i = 0; i < e->value->n; i++) {
				const struct kata_node *item = e->value->entries[i].value;

				if (item->type != KATA_NODE_SCALAR ||
				    !kata_value_text_ok(item->text, KATA_VALUE_REQUIRED | KATA_VALUE_LINE))
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

static const struct field *field_of(enum kata_kind kind, const char *key)
{
	const struct field *f;

	if (kind >= KATA_KIND__COUNT || !key)
		return NULL;
	for (f = kinds[kind].fields; f->key; f++)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

void kata_record_scalar(struct kata_scalar *out, enum kata_kind kind, const char *key,
			const struct kata_node *value)
{
	const struct field *f = field_of(kind, key);

	if (!f) {
		kata_value_resolve(out, value->text, value->plain);
		return;
	}
	memset(out, 0, sizeof(*out));
	switch (f->type) {
	case F_NUMBER:
		if (kata_value_number_ok(value->text)) {
			kata_value_number_scalar(out, value->text);
			return;
		}
		break;
	case F_INT:
		if (is_int(value->text) && strlen(value->text) < 19) {
			out->type = KATA_SCALAR_INT;
			out->i = strtoll(value->text, NULL, 10);
			return;
		}
		break;
	case F_BOOL:
		if (!strcmp(value->text, "true") || !strcmp(value->text, "false")) {
			out->type = KATA_SCALAR_BOOL;
			out->b = !strcmp(value->text, "true");
			return;
		}
		break;
	default:
		break;
	}
	if (f->type == F_NUMBER || f->type == F_INT || f->type == F_BOOL) {
		/* not what its field holds (fsck says so): what a reader sees */
		kata_value_resolve(out, value->text, value->plain);
		return;
	}
	out->type = KATA_SCALAR_STRING;
}
