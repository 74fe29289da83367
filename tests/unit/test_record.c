#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "helpers.h"
#include "kata/record.h"
#include "kata/repo.h"

#define T_ID "4fa1c2d3e4"
#define R_ID "7kq2m8n9p0"
#define O_ID "0bs7ac1e00"

/* A valid record of each kind; the tests change one line of it. */
static const char repository_rec[] =
	"kind: repository\n"
	"format: 1\n"
	"team: Line 2\n";

static const char learner_rec[] =
	"kind: learner\n"
	"id: alice\n"
	"name: Alice Example\n"
	"emails:\n"
	"  - alice@example.com\n"
	"coach: bob\n"
	"created: 2026-11-21T09:00:00Z\n";

static const char target_rec[] =
	"kind: target\n"
	"id: " T_ID "\n"
	"learner: alice\n"
	"challenge: Ship every order the day it comes in\n"
	"condition: Changeover under 10 minutes\n"
	"achieve_by: 2026-12-19\n"
	"metric: changeover\n"
	"goal: 10\n"
	"lower_is_better: true\n"
	"status: active\n"
	"focus: " O_ID "\n"
	"started: 2026-11-21T09:00:00Z\n";

static const char obstacle_rec[] =
	"kind: obstacle\n"
	"id: " O_ID "\n"
	"target: " T_ID "\n"
	"text: tools far away\n"
	"status: open\n"
	"created: 2026-11-21T09:00:00+01:00\n";

static const char step_rec[] =
	"kind: step\n"
	"id: " R_ID "\n"
	"target: " T_ID "\n"
	"obstacle: " O_ID "\n"
	"step: Move the cart\n"
	"expect: 20 minutes\n"
	"see_by: 2026-11-22\n"
	"status: open\n"
	"planned: 2026-11-21T09:00:00Z\n";

static const char measure_rec[] =
	"kind: measure\n"
	"id: " R_ID "\n"
	"target: " T_ID "\n"
	"metric: changeover\n"
	"value: 12.5\n"
	"at: 2026-11-21T09:00:00Z\n";

static const char coaching_rec[] =
	"kind: coaching\n"
	"id: " R_ID "\n"
	"target: " T_ID "\n"
	"learner: alice\n"
	"coach: Bob Coach\n"
	"at: 2026-11-21T09:00:00Z\n"
	"answers:\n"
	"  target: under 10 minutes\n"
	"  measure: 52\n";

static const char feedback_rec[] =
	"kind: feedback\n"
	"id: " R_ID "\n"
	"target: " T_ID "\n"
	"learner: alice\n"
	"coaching: " O_ID "\n"
	"observer: Carol\n"
	"at: 2026-11-21T09:30:00Z\n"
	"note: asked the questions in order\n"
	"phases:\n"
	"  - phase: 1\n"
	"    minutes: 3\n";

static const struct {
	enum kata_kind kind;
	const char *name, *text;
} valid[] = {
	{ KATA_KIND_REPOSITORY, "repository", repository_rec },
	{ KATA_KIND_LEARNER, "learner", learner_rec },
	{ KATA_KIND_TARGET, "target", target_rec },
	{ KATA_KIND_OBSTACLE, "obstacle", obstacle_rec },
	{ KATA_KIND_STEP, "step", step_rec },
	{ KATA_KIND_MEASURE, "measure", measure_rec },
	{ KATA_KIND_COACHING, "coaching", coaching_rec },
	{ KATA_KIND_FEEDBACK, "feedback", feedback_rec },
};

static struct kata_node *parse(const char *text)
{
	struct kata_node *rec = NULL;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_yaml_parse(&rec, text, strlen(text), "rec.yaml", &err) < 0)
		fail_msg("%s:%u:%u: %s\n%s", err.path, err.line, err.col, err.message, text);
	kata_error_release(&err);
	return rec;
}

/*
 * base with its line "key: ..." (and the indented lines of its value)
 * replaced by line, which stays where it was, or removed when line is
 * NULL, or appended when base has no key; base as it is when key is NULL.
 */
static char *with(const char *base, const char *key, const char *line)
{
	size_t klen = key ? strlen(key) : 0, n = strlen(base) + (line ? strlen(line) : 0) + 2;
	char *out = calloc(1, n), *o = out;
	const char *p = base;
	bool found = false;

	assert_non_null(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (key && !strncmp(p, key, klen) && p[klen] == ':') {
			found = true;
			if (line)
				o += sprintf(o, "%s\n", line);
			/* the value's own lines (a list, a mapping) go with it */
			while (p[len] == ' ') {
				const char *next = strchr(p + len, '\n');

				len = next ? (size_t)(next - p) + 1 : strlen(p);
			}
		} else {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	if (key && !found && line)
		sprintf(o, "%s\n", line);
	return out;
}

/*
 * text is valid as kind expected (message NULL), or refused with message
 * at line:col of rec.yaml; name says which case it is when it is not.
 */
static void check(const char *name, const char *text, enum kata_kind expected, unsigned line,
		  unsigned col, const char *message)
{
	struct kata_node *rec = parse(text);
	struct kata_error err;
	int rc;

	kata_error_init(&err);
	rc = kata_record_validate(rec, "rec.yaml", expected, &err);
	if (!message && rc != 0)
		fail_msg("%s: refused: %s:%u:%u: %s\n%s", name, err.path, err.line, err.col,
			 err.message, text);
	if (message && rc != KATA_EINVALID)
		fail_msg("%s: accepted:\n%s", name, text);
	if (message && (!err.message || strcmp(err.message, message) || err.line != line ||
			err.col != col || !err.path || strcmp(err.path, "rec.yaml")))
		fail_msg("%s: %s:%u:%u: %s\nexpected rec.yaml:%u:%u: %s\n%s", name, err.path,
			 err.line, err.col, err.message, line, col, message, text);
	kata_error_release(&err);
	kata_node_free(rec);
}

/* check() of base with key's line replaced by line (see with()). */
static void check_with(const char *base, enum kata_kind kind, const char *key, const char *line,
		       unsigned at_line, unsigned at_col, const char *message)
{
	char *text = with(base, key, line);

	check(line ? line : key, text, kind, at_line, at_col, message);
	free(text);
}

static void test_each_kind_valid(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		check(valid[i].name, valid[i].text, valid[i].kind, 0, 0, NULL);
		/* KATA_KIND__COUNT: whatever kind it is */
		check(valid[i].name, valid[i].text, KATA_KIND__COUNT, 0, 0, NULL);
	}
}

/*
 * A record made from base with key's line replaced by line (see with()),
 * and what kata_record_validate says of it as kind: message at
 * at_line:at_col, or nothing when message is NULL.
 */
static const struct field_case {
	const char *base;
	enum kata_kind kind;
	const char *key, *line;
	unsigned at_line, at_col;
	const char *message;
} fields[] = {
	/* the kind: there, known, and the one expected */
	{ "id: " R_ID "\nstep: x\n", KATA_KIND__COUNT, NULL, NULL, 1, 1, "record has no 'kind'" },
	{ "kind:\n  - step\nid: x\n", KATA_KIND__COUNT, NULL, NULL, 1, 1, "record has no 'kind'" },
	{ step_rec, KATA_KIND__COUNT, "kind", "kind: stepp", 1, 7, "unknown kind 'stepp'" },
	{ step_rec, KATA_KIND__COUNT, "kind", "kind: Step", 1, 7, "unknown kind 'Step'" },
	{ step_rec, KATA_KIND_OBSTACLE, NULL, NULL, 1, 7, "kind is 'step', expected 'obstacle'" },
	{ learner_rec, KATA_KIND_REPOSITORY, NULL, NULL, 1, 7,
	  "kind is 'learner', expected 'repository'" },
	/* text: a single value without control characters; newline and tab
	 * are text, but a one-line field (a step, an obstacle, a metric's
	 * name) holds no newline, and a required text is not blank */
	{ step_rec, KATA_KIND_STEP, "step", "step: \"a\\x01b\"", 5, 7,
	  "'step' must be text without control characters" },
	{ step_rec, KATA_KIND_STEP, "expect", "expect: \"bell\\a\"", 6, 9,
	  "'expect' must be text without control characters" },
	{ learner_rec, KATA_KIND_LEARNER, "name", "name: \"x\\ry\"", 3, 7,
	  "'name' must be text without control characters" },
	{ step_rec, KATA_KIND_STEP, "step", "step:\n  - a list", 6, 3,
	  "'step' must be a single value" },
	{ step_rec, KATA_KIND_STEP, "step", "step: {a: b}", 5, 7, "'step' must be a single value" },
	{ step_rec, KATA_KIND_STEP, "expect", "expect: \"line one\\nline two\\tand a tab\"", 0, 0,
	  NULL },
	{ step_rec, KATA_KIND_STEP, "step", "step: \"line one\\nline two\"", 5, 7,
	  "'step' must be one line of text" },
	{ step_rec, KATA_KIND_STEP, "step", "step: \"one line\\tand a tab\"", 0, 0, NULL },
	{ step_rec, KATA_KIND_STEP, "expect", "expect: '   '", 6, 9, "'expect' must be text, not blank" },
	{ step_rec, KATA_KIND_STEP, "happened", "happened: ' '", 0, 0, NULL },
	/* whole numbers */
	{ repository_rec, KATA_KIND_REPOSITORY, "format", "format: 1.5", 2, 9,
	  "'format' must be a whole number" },
	{ repository_rec, KATA_KIND_REPOSITORY, "format", "format: one", 2, 9,
	  "'format' must be a whole number" },
	{ repository_rec, KATA_KIND_REPOSITORY, "format", "format: '-'", 2, 9,
	  "'format' must be a whole number" },
	/* record IDs */
	{ step_rec, KATA_KIND_STEP, "id", "id: 7KQ2M8N9P0", 2, 5, "'id' must be a record ID" },
	{ step_rec, KATA_KIND_STEP, "obstacle", "obstacle: 0bs7", 4, 11,
	  "'obstacle' must be a record ID" },
	{ target_rec, KATA_KIND_TARGET, "focus", "focus: ../x", 11, 8,
	  "'focus' must be a record ID" },
	{ step_rec, KATA_KIND_STEP, "target", "target: 4fa1c2d3e4x", 3, 9,
	  "'target' must be a record ID" },
	/* learner IDs */
	{ learner_rec, KATA_KIND_LEARNER, "id", "id: Alice", 2, 5,
	  "'id' must be a learner ID ([a-z0-9][a-z0-9._-]*)" },
	{ learner_rec, KATA_KIND_LEARNER, "id", "id: ../x", 2, 5,
	  "'id' must be a learner ID ([a-z0-9][a-z0-9._-]*)" },
	{ learner_rec, KATA_KIND_LEARNER, "id", "id: a..b", 2, 5,
	  "'id' must be a learner ID ([a-z0-9][a-z0-9._-]*)" },
	{ learner_rec, KATA_KIND_LEARNER, "coach", "coach: Bob", 6, 8,
	  "'coach' must be a learner ID ([a-z0-9][a-z0-9._-]*)" },
	{ target_rec, KATA_KIND_TARGET, "learner", "learner: .alice", 3, 10,
	  "'learner' must be a learner ID ([a-z0-9][a-z0-9._-]*)" },
	/* status words, each kind its own */
	{ target_rec, KATA_KIND_TARGET, "status", "status: paused", 10, 9,
	  "'status' must be one of active, done, abandoned" },
	{ obstacle_rec, KATA_KIND_OBSTACLE, "status", "status: done", 5, 9,
	  "'status' must be open or closed" },
	{ step_rec, KATA_KIND_STEP, "status", "status: closed", 8, 9,
	  "'status' must be open or done" },
	{ step_rec, KATA_KIND_STEP, "status", "status: Open", 8, 9,
	  "'status' must be open or done" },
	/* lists and mappings */
	{ learner_rec, KATA_KIND_LEARNER, "emails", "emails: alice@example.com", 4, 9,
	  "'emails' must be a list" },
	{ learner_rec, KATA_KIND_LEARNER, "emails", "emails:\n  - ok@example.com\n  - {a: b}", 6, 5,
	  "'emails' must be a list of text" },
	{ learner_rec, KATA_KIND_LEARNER, "emails", "emails:\n  - \"bad\\x07\"", 5, 5,
	  "'emails' must be a list of text" },
	{ coaching_rec, KATA_KIND_COACHING, "answers", "answers: none", 7, 10,
	  "'answers' must be a mapping" },
	{ feedback_rec, KATA_KIND_FEEDBACK, "phases", "phases: {a: 1}", 9, 9,
	  "'phases' must be a list" },
	/* a key kata does not know is kept out of it */
	{ step_rec, KATA_KIND_STEP, "mine", "mine: [anything, {at: all}]", 0, 0, NULL },
};

static void test_fields_checked(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct field_case *c = &fields[i];
		char *text = with(c->base, c->key, c->line), name[128];

		snprintf(name, sizeof(name), "fields[%zu] (%s)", i, c->line ? c->line : "as it is");
		check(name, text, c->kind, c->at_line, c->at_col, c->message);
		free(text);
	}
}

static void test_required_fields(void **state)
{
	/* the keys each kind must have, and those it may leave out */
	static const struct key_case {
		const char *base;
		enum kata_kind kind;
		const char *key;
	} req[] = {
		{ repository_rec, KATA_KIND_REPOSITORY, "format" },
		{ learner_rec, KATA_KIND_LEARNER, "id" },
		{ target_rec, KATA_KIND_TARGET, "id" },
		{ target_rec, KATA_KIND_TARGET, "learner" },
		{ target_rec, KATA_KIND_TARGET, "challenge" },
		{ target_rec, KATA_KIND_TARGET, "condition" },
		{ target_rec, KATA_KIND_TARGET, "achieve_by" },
		{ target_rec, KATA_KIND_TARGET, "status" },
		{ target_rec, KATA_KIND_TARGET, "started" },
		{ obstacle_rec, KATA_KIND_OBSTACLE, "id" },
		{ obstacle_rec, KATA_KIND_OBSTACLE, "target" },
		{ obstacle_rec, KATA_KIND_OBSTACLE, "text" },
		{ obstacle_rec, KATA_KIND_OBSTACLE, "status" },
		{ obstacle_rec, KATA_KIND_OBSTACLE, "created" },
		{ step_rec, KATA_KIND_STEP, "id" },
		{ step_rec, KATA_KIND_STEP, "target" },
		{ step_rec, KATA_KIND_STEP, "step" },
		{ step_rec, KATA_KIND_STEP, "expect" },
		{ step_rec, KATA_KIND_STEP, "status" },
		{ step_rec, KATA_KIND_STEP, "planned" },
		{ measure_rec, KATA_KIND_MEASURE, "metric" },
		{ measure_rec, KATA_KIND_MEASURE, "value" },
		{ measure_rec, KATA_KIND_MEASURE, "at" },
		{ coaching_rec, KATA_KIND_COACHING, "learner" },
		{ coaching_rec, KATA_KIND_COACHING, "coach" },
		{ coaching_rec, KATA_KIND_COACHING, "at" },
		{ coaching_rec, KATA_KIND_COACHING, "answers" },
		{ feedback_rec, KATA_KIND_FEEDBACK, "coaching" },
		{ feedback_rec, KATA_KIND_FEEDBACK, "observer" },
		{ feedback_rec, KATA_KIND_FEEDBACK, "at" },
		{ feedback_rec, KATA_KIND_FEEDBACK, "note" },
	};
	static const struct key_case optional[] = {
		{ repository_rec, KATA_KIND_REPOSITORY, "team" },
		{ learner_rec, KATA_KIND_LEARNER, "name" },
		{ learner_rec, KATA_KIND_LEARNER, "emails" },
		{ learner_rec, KATA_KIND_LEARNER, "coach" },
		{ learner_rec, KATA_KIND_LEARNER, "created" },
		{ target_rec, KATA_KIND_TARGET, "goal" },
		{ target_rec, KATA_KIND_TARGET, "focus" },
		{ step_rec, KATA_KIND_STEP, "obstacle" },
		{ step_rec, KATA_KIND_STEP, "see_by" },
		{ feedback_rec, KATA_KIND_FEEDBACK, "phases" },
	};
	char message[64];
	size_t i;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		snprintf(message, sizeof(message), "'%s' is missing", req[i].key);
		/* the record's own place: its first line */
		check_with(req[i].base, req[i].kind, req[i].key, NULL, 1, 1, message);
	}
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		check_with(optional[i].base, optional[i].kind, optional[i].key, NULL, 0, 0, NULL);
}

static void test_day_fields(void **state)
{
	static const char *const bad[] = {
		"2026-02-30", "tomorrow", "2026-11-21T10:00:00Z", "2026-11-2", "21.11.2026",
		"+3d", "2026-11-21 10:00",
	};
	char line[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "achieve_by: '%s'", bad[i]);
		check_with(target_rec, KATA_KIND_TARGET, "achieve_by", line, 6, 13,
			   "'achieve_by' must be a date (YYYY-MM-DD)");
	}
}

static void test_time_fields(void **state)
{
	static const char *const bad[] = {
		"2026-11-21", "tomorrow 10:00", "2026-11-21T25:00:00Z", "now", "2026-11-21T10:00",
	};
	char line[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "planned: '%s'", bad[i]);
		check_with(step_rec, KATA_KIND_STEP, "planned", line, 9, 10,
			   "'planned' must be a time (RFC 3339, e.g. 2026-11-21T09:00:00Z)");
	}
	check_with(obstacle_rec, KATA_KIND_OBSTACLE, "created", "created: 2026-11-21", 6, 10,
		   "'created' must be a time (RFC 3339, e.g. 2026-11-21T09:00:00Z)");
}

static void test_when_fields(void **state)
{
	static const char *const good[] = {
		"see_by: 2026-11-22", "see_by: 2026-11-22T10:00:00Z",
		"see_by: 2026-11-22T10:00:00+01:00",
	};
	static const char *const bad[] = {
		"see_by: next week", "see_by: tomorrow", "see_by: 2026-11-31",
		"see_by: '2026-11-22 10:00'", "see_by: +1d",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		check_with(step_rec, KATA_KIND_STEP, "see_by", good[i], 0, 0, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_with(step_rec, KATA_KIND_STEP, "see_by", bad[i], 7, 9,
			   "'see_by' must be a date or a time (2026-11-21 or 2026-11-21T10:00:00Z)");
}

static void test_number_fields(void **state)
{
	static const char *const bad[] = {
		"value: 010", "value: 1e5", "value: 0x1F", "value: .5", "value: abc",
		"value: '+5'", "value: 1_000", "value: ''", "value: 1.0e+999",
	};
	static const char *const good[] = {
		"value: 12", "value: -0.25", "value: 1.0e+20", "value: '12'", "value: 0",
	};
	const char *msg = "'value' must be a number as kata writes it (such as 12, 3.5 or 1.0e+20), which every YAML reader reads alike";
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_with(measure_rec, KATA_KIND_MEASURE, "value", bad[i], 5, 8, msg);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		check_with(measure_rec, KATA_KIND_MEASURE, "value", good[i], 0, 0, NULL);
	check_with(target_rec, KATA_KIND_TARGET, "goal", "goal: 010", 8, 7,
		   "'goal' must be a number as kata writes it (such as 12, 3.5 or 1.0e+20), which every YAML reader reads alike");
}

static void test_boolean_fields(void **state)
{
	static const char *const bad[] = {
		"lower_is_better: yes", "lower_is_better: True", "lower_is_better: 1",
		"lower_is_better: on",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_with(target_rec, KATA_KIND_TARGET, "lower_is_better", bad[i], 9, 18,
			   "'lower_is_better' must be true or false");
}

static void test_kind_of_a_record(void **state)
{
	static const char *const unknown[] = { "kind: stepp\n", "id: x\n", "kind: [step]\n" };
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct kata_node *rec = parse(valid[i].text);

		assert_int_equal(kata_record_kind(rec), valid[i].kind);
		assert_string_equal(kata_record_kind_name(valid[i].kind), valid[i].name);
		kata_node_free(rec);
	}
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		struct kata_node *rec = parse(unknown[i]);

		assert_int_equal(kata_record_kind(rec), KATA_KIND__COUNT);
		kata_node_free(rec);
	}
}

static void test_new_record(void **state)
{
	int kind;

	for (kind = 0; kind < KATA_KIND__COUNT; kind++) {
		struct kata_node *rec = kata_record_new((enum kata_kind)kind, R_ID);

		assert_non_null(rec);
		assert_int_equal(rec->type, KATA_NODE_MAPPING);
		assert_int_equal(kata_record_kind(rec), kind);
		assert_string_equal(rec->entries[0].key, "kind");
		if (kind == KATA_KIND_REPOSITORY) {
			/* the repository's record has no ID */
			assert_int_equal(rec->n, 1);
			assert_null(kata_node_get(rec, "id"));
		} else {
			assert_int_equal(rec->n, 2);
			assert_string_equal(rec->entries[1].key, "id");
			assert_string_equal(kata_node_str(rec, "id"), R_ID);
		}
		kata_node_free(rec);
	}
}

static void test_order(void **state)
{
	static const char *const step_order[] = {
		"kind", "id", "target", "obstacle", "step", "expect", "see_by", "status",
		"planned", "happened", "learned", "done", NULL,
	};
	const char *const *o = kata_record_order(KATA_KIND_STEP);
	size_t i;
	int kind;

	for (i = 0; step_order[i]; i++)
		assert_string_equal(o[i], step_order[i]);
	assert_null(o[i]);
	for (kind = 0; kind < KATA_KIND__COUNT; kind++) {
		o = kata_record_order((enum kata_kind)kind);
		assert_string_equal(o[0], "kind");
		assert_string_equal(o[1], kind == KATA_KIND_REPOSITORY ? "format" : "id");
	}
	/* every key of each valid record above is in its kind's order,
	 * which is the order its file is written in */
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct kata_node *rec = parse(valid[i].text);
		size_t k, at = 0;

		o = kata_record_order(valid[i].kind);
		for (k = 0; k < rec->n; k++) {
			while (o[at] && strcmp(o[at], rec->entries[k].key))
				at++;
			if (!o[at])
				fail_msg("%s: '%s' out of order", kata_record_kind_name(valid[i].kind),
					 rec->entries[k].key);
		}
		kata_node_free(rec);
	}
}

/* ---- kata_record_scalar ---- */

/* key of yaml, in a record of kind, is read as want. */
static const struct scalar_case {
	enum kata_kind kind;
	const char *yaml, *key;
	struct th_scalar want;
} scalars[] = {
	/* a number field is a number, from its text however it is quoted */
	{ KATA_KIND_MEASURE, "value: 12\n", "value", TH_INT(12) },
	{ KATA_KIND_MEASURE, "value: '12'\n", "value", TH_INT(12) },
	{ KATA_KIND_MEASURE, "value: \"-3.5\"\n", "value", TH_REAL(-3.5) },
	{ KATA_KIND_MEASURE, "value: 1.0e+20\n", "value", TH_REAL(1e20) },
	{ KATA_KIND_TARGET, "goal: 5.0\n", "goal", TH_REAL(5.0) },
	{ KATA_KIND_REPOSITORY, "format: '1'\n", "format", TH_INT(1) },
	{ KATA_KIND_TARGET, "lower_is_better: false\n", "lower_is_better", TH_BOOL(false) },
	/* one written by hand: fsck refuses it; until then, what a YAML 1.1
	 * reader sees */
	{ KATA_KIND_MEASURE, "value: 010\n", "value", TH_INT(8) },
	{ KATA_KIND_MEASURE, "value: 0x1F\n", "value", TH_INT(31) },
	{ KATA_KIND_MEASURE, "value: 1e5\n", "value", TH_STRING },
	{ KATA_KIND_MEASURE, "value: '010'\n", "value", TH_STRING },
	{ KATA_KIND_TARGET, "lower_is_better: yes\n", "lower_is_better", TH_BOOL(true) },
	{ KATA_KIND_REPOSITORY, "format: 0x10\n", "format", TH_INT(16) },
	/* a text field stays text */
	{ KATA_KIND_STEP, "step: 12\n", "step", TH_STRING },
	{ KATA_KIND_STEP, "expect: 1.5\n", "expect", TH_STRING },
	{ KATA_KIND_LEARNER, "name: yes\n", "name", TH_STRING },
	{ KATA_KIND_STEP, "happened: ~\n", "happened", TH_STRING },
	{ KATA_KIND_TARGET, "achieve_by: 2026-12-19\n", "achieve_by", TH_STRING },
	{ KATA_KIND_STEP, "id: 0000000010\n", "id", TH_STRING },
	/* a key kata does not know: as YAML 1.1 reads it */
	{ KATA_KIND_STEP, "big: 1e999\n", "big", TH_STRING },
	{ KATA_KIND_STEP, "hex: 0x1F\n", "hex", TH_INT(31) },
	{ KATA_KIND_STEP, "oct: 010\n", "oct", TH_INT(8) },
	{ KATA_KIND_STEP, "time: 1:30\n", "time", TH_INT(90) },
	{ KATA_KIND_STEP, "ratio: 0.5\n", "ratio", TH_REAL(0.5) },
	{ KATA_KIND_STEP, "flag: off\n", "flag", TH_BOOL(false) },
	{ KATA_KIND_STEP, "nothing: ~\n", "nothing", TH_NULL },
	{ KATA_KIND_STEP, "empty:\n", "empty", TH_NULL },
	{ KATA_KIND_STEP, "quoted: '0x1F'\n", "quoted", TH_STRING },
	{ KATA_KIND_STEP, "words: Move the cart\n", "words", TH_STRING },
	/* a key of another kind is no field of this one */
	{ KATA_KIND_STEP, "value: 010\n", "value", TH_INT(8) },
	/* a record of no known kind: every key is unknown */
	{ KATA_KIND__COUNT, "step: 12\n", "step", TH_INT(12) },
};

static void test_scalar_by_field(void **state)
{
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		const struct scalar_case *c = &scalars[i];
		struct kata_node *rec = parse(c->yaml);
		struct kata_scalar v;
		char name[128];

		memset(&v, 0x5a, sizeof(v));
		kata_record_scalar(&v, c->kind, c->key, kata_node_get(rec, c->key));
		snprintf(name, sizeof(name), "scalars[%zu] %s '%s'", i,
			 c->kind == KATA_KIND__COUNT ? "(no kind)" : kata_record_kind_name(c->kind),
			 c->key);
		wrong += !th_scalar_is(&v, &c->want, name);
		kata_node_free(rec);
	}
	assert_int_equal(wrong, 0);
}

static void test_scalar_nested_value(void **state)
{
	struct kata_node *rec = parse(coaching_rec);
	const struct kata_node *answers = kata_node_get(rec, "answers");
	struct kata_scalar v;

	/* inside a mapping, the key of the mapping is no field */
	kata_record_scalar(&v, KATA_KIND_COACHING, NULL, kata_node_get(answers, "measure"));
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 52);
	kata_record_scalar(&v, KATA_KIND_COACHING, NULL, kata_node_get(answers, "target"));
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	kata_node_free(rec);
}

/* ---- kata_record_load, from a work tree ---- */

static void test_load(void **state)
{
	struct fixture *f = *state;
	struct kata_node *rec = NULL;
	char *bad;

	fx_write(f, "step.yaml", step_rec);
	assert_int_equal(kata_record_load(&rec, f->repo, "step.yaml", KATA_KIND_STEP, &f->err), 0);
	assert_string_equal(kata_node_str(rec, "step"), "Move the cart");
	kata_node_free(rec);
	rec = NULL;

	assert_int_equal(kata_record_load(&rec, f->repo, "step.yaml", KATA_KIND_MEASURE, &f->err),
			 KATA_EINVALID);
	assert_null(rec);
	assert_string_equal(f->err.path, "step.yaml");
	assert_int_equal(f->err.line, 1);
	assert_int_equal(f->err.col, 7);
	kata_error_release(&f->err);

	bad = with(step_rec, "status", "status: closed");
	fx_write(f, "step.yaml", bad);
	free(bad);
	assert_int_equal(kata_record_load(&rec, f->repo, "step.yaml", KATA_KIND_STEP, &f->err),
			 KATA_EINVALID);
	assert_string_equal(f->err.path, "step.yaml");
	assert_int_equal(f->err.line, 8);
	assert_int_equal(f->err.col, 9);
	assert_string_equal(f->err.message, "'status' must be open or done");
	kata_error_release(&f->err);

	assert_int_equal(kata_record_load(&rec, f->repo, "none.yaml", KATA_KIND_STEP, &f->err),
			 KATA_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_kind_valid),
		cmocka_unit_test(test_fields_checked),
		cmocka_unit_test(test_required_fields),
		cmocka_unit_test(test_day_fields),
		cmocka_unit_test(test_time_fields),
		cmocka_unit_test(test_when_fields),
		cmocka_unit_test(test_number_fields),
		cmocka_unit_test(test_boolean_fields),
		cmocka_unit_test(test_kind_of_a_record),
		cmocka_unit_test(test_new_record),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_scalar_by_field),
		cmocka_unit_test(test_scalar_nested_value),
		cmocka_unit_test_setup_teardown(test_load, fx_setup_bare, fx_teardown),
	};

	return th_run_isolated(tests);
}
