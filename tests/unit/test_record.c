#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	const char *text;
} valid[] = {
	{ KATA_KIND_REPOSITORY, repository_rec },
	{ KATA_KIND_LEARNER, learner_rec },
	{ KATA_KIND_TARGET, target_rec },
	{ KATA_KIND_OBSTACLE, obstacle_rec },
	{ KATA_KIND_STEP, step_rec },
	{ KATA_KIND_MEASURE, measure_rec },
	{ KATA_KIND_COACHING, coaching_rec },
	{ KATA_KIND_FEEDBACK, feedback_rec },
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
 * NULL, or appended when base has no key.
 */
static char *with(const char *base, const char *key, const char *line)
{
	size_t klen = strlen(key), n = strlen(base) + (line ? strlen(line) : 0) + 2;
	char *out = calloc(1, n), *o = out;
	const char *p = base;
	bool found = false;

	assert_non_null(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (!strncmp(p, key, klen) && p[klen] == ':') {
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
	if (!found && line)
		sprintf(o, "%s\n", line);
	return out;
}

static void valid_as(const char *text, enum kata_kind expected)
{
	struct kata_node *rec = parse(text);
	struct kata_error err;

	kata_error_init(&err);
	if (kata_record_validate(rec, "rec.yaml", expected, &err) != 0)
		fail_msg("refused: %s:%u:%u: %s\n%s", err.path, err.line, err.col, err.message,
			 text);
	kata_error_release(&err);
	kata_node_free(rec);
}

/* text is refused as expected with message at line:col of rec.yaml. */
static void refused(const char *text, enum kata_kind expected, unsigned line, unsigned col,
		    const char *message)
{
	struct kata_node *rec = parse(text);
	struct kata_error err;

	kata_error_init(&err);
	if (kata_record_validate(rec, "rec.yaml", expected, &err) != KATA_EINVALID)
		fail_msg("accepted:\n%s", text);
	if (strcmp(err.message, message) || err.line != line || err.col != col)
		fail_msg("%u:%u: %s\nexpected %u:%u: %s\n%s", err.line, err.col, err.message,
			 line, col, message, text);
	assert_string_equal(err.path, "rec.yaml");
	kata_error_release(&err);
	kata_node_free(rec);
}

/* with() and refused() in one: key's line replaced in base. */
static void refused_with(const char *base, enum kata_kind kind, const char *key,
			 const char *line, unsigned at_line, unsigned at_col, const char *message)
{
	char *text = with(base, key, line);

	refused(text, kind, at_line, at_col, message);
	free(text);
}

static void test_each_kind_valid(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		valid_as(valid[i].text, valid[i].kind);
		/* KATA_KIND__COUNT: whatever kind it is */
		valid_as(valid[i].text, KATA_KIND__COUNT);
	}
}

static void test_kind_checked(void **state)
{
	refused("id: " R_ID "\nstep: x\n", KATA_KIND__COUNT, 1, 1, "record has no 'kind'");
	refused("kind:\n  - step\nid: x\n", KATA_KIND__COUNT, 1, 1, "record has no 'kind'");
	refused_with(step_rec, KATA_KIND__COUNT, "kind", "kind: stepp", 1, 7,
		     "unknown kind 'stepp'");
	refused_with(step_rec, KATA_KIND__COUNT, "kind", "kind: Step", 1, 7,
		     "unknown kind 'Step'");
	refused(step_rec, KATA_KIND_OBSTACLE, 1, 7, "kind is 'step', expected 'obstacle'");
	refused(learner_rec, KATA_KIND_REPOSITORY, 1, 7,
		"kind is 'learner', expected 'repository'");
}

static void test_required_fields(void **state)
{
	static const struct {
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
	static const struct {
		const char *base;
		enum kata_kind kind;
		const char *key;
	} optional[] = {
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
		refused_with(req[i].base, req[i].kind, req[i].key, NULL, 1, 1, message);
	}
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		char *text = with(optional[i].base, optional[i].key, NULL);

		valid_as(text, optional[i].kind);
		free(text);
	}
}

static void test_text_fields(void **state)
{
	refused_with(step_rec, KATA_KIND_STEP, "step", "step: \"a\\x01b\"", 5, 7,
		     "'step' must be text without control characters");
	refused_with(step_rec, KATA_KIND_STEP, "expect", "expect: \"bell\\a\"", 6, 9,
		     "'expect' must be text without control characters");
	refused_with(learner_rec, KATA_KIND_LEARNER, "name", "name: \"x\\ry\"", 3, 7,
		     "'name' must be text without control characters");
	refused_with(step_rec, KATA_KIND_STEP, "step", "step:\n  - a list", 6, 3,
		     "'step' must be a single value");
	refused_with(step_rec, KATA_KIND_STEP, "step", "step: {a: b}", 5, 7,
		     "'step' must be a single value");
	/* newline and tab are text */
	{
		char *text = with(step_rec, "step", "step: \"line one\\nline two\\tand a tab\"");

		valid_as(text, KATA_KIND_STEP);
		free(text);
	}
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
		refused_with(target_rec, KATA_KIND_TARGET, "achieve_by", line, 6, 13,
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
		refused_with(step_rec, KATA_KIND_STEP, "planned", line, 9, 10,
			     "'planned' must be a time (RFC 3339, e.g. 2026-11-21T09:00:00Z)");
	}
	refused_with(obstacle_rec, KATA_KIND_OBSTACLE, "created", "created: 2026-11-21", 6, 10,
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

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *text = with(step_rec, "see_by", good[i]);

		valid_as(text, KATA_KIND_STEP);
		free(text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused_with(step_rec, KATA_KIND_STEP, "see_by", bad[i], 7, 9,
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
		refused_with(measure_rec, KATA_KIND_MEASURE, "value", bad[i], 5, 8, msg);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *text = with(measure_rec, "value", good[i]);

		valid_as(text, KATA_KIND_MEASURE);
		free(text);
	}
	refused_with(target_rec, KATA_KIND_TARGET, "goal", "goal: 010", 8, 7,
		     "'goal' must be a number as kata writes it (such as 12, 3.5 or 1.0e+20), which every YAML reader reads alike");
}

static void test_whole_number_fields(void **state)
{
	refused_with(repository_rec, KATA_KIND_REPOSITORY, "format", "format: 1.5", 2, 9,
		     "'format' must be a whole number");
	refused_with(repository_rec, KATA_KIND_REPOSITORY, "format", "format: one", 2, 9,
		     "'format' must be a whole number");
	refused_with(repository_rec, KATA_KIND_REPOSITORY, "format", "format: '-'", 2, 9,
		     "'format' must be a whole number");
}

static void test_boolean_fields(void **state)
{
	static const char *const bad[] = {
		"lower_is_better: yes", "lower_is_better: True", "lower_is_better: 1",
		"lower_is_better: on",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused_with(target_rec, KATA_KIND_TARGET, "lower_is_better", bad[i], 9, 18,
			     "'lower_is_better' must be true or false");
}

static void test_id_fields(void **state)
{
	refused_with(step_rec, KATA_KIND_STEP, "id", "id: 7KQ2M8N9P0", 2, 5,
		     "'id' must be a record ID");
	refused_with(step_rec, KATA_KIND_STEP, "obstacle", "obstacle: 0bs7", 4, 11,
		     "'obstacle' must be a record ID");
	refused_with(target_rec, KATA_KIND_TARGET, "focus", "focus: ../x", 11, 8,
		     "'focus' must be a record ID");
	refused_with(step_rec, KATA_KIND_STEP, "target", "target: 4fa1c2d3e4x", 3, 9,
		     "'target' must be a record ID");
}

static void test_learner_fields(void **state)
{
	const char *msg_id = "'id' must be a learner ID ([a-z0-9][a-z0-9._-]*)";

	refused_with(learner_rec, KATA_KIND_LEARNER, "id", "id: Alice", 2, 5, msg_id);
	refused_with(learner_rec, KATA_KIND_LEARNER, "id", "id: ../x", 2, 5, msg_id);
	refused_with(learner_rec, KATA_KIND_LEARNER, "id", "id: a..b", 2, 5, msg_id);
	refused_with(learner_rec, KATA_KIND_LEARNER, "coach", "coach: Bob", 6, 8,
		     "'coach' must be a learner ID ([a-z0-9][a-z0-9._-]*)");
	refused_with(target_rec, KATA_KIND_TARGET, "learner", "learner: .alice", 3, 10,
		     "'learner' must be a learner ID ([a-z0-9][a-z0-9._-]*)");
}

static void test_status_words(void **state)
{
	refused_with(target_rec, KATA_KIND_TARGET, "status", "status: paused", 10, 9,
		     "'status' must be one of active, done, abandoned");
	refused_with(obstacle_rec, KATA_KIND_OBSTACLE, "status", "status: done", 5, 9,
		     "'status' must be open or closed");
	refused_with(step_rec, KATA_KIND_STEP, "status", "status: closed", 8, 9,
		     "'status' must be open or done");
	refused_with(step_rec, KATA_KIND_STEP, "status", "status: Open", 8, 9,
		     "'status' must be open or done");
}

static void test_lists_and_mappings(void **state)
{
	refused_with(learner_rec, KATA_KIND_LEARNER, "emails", "emails: alice@example.com", 4, 9,
		     "'emails' must be a list");
	{
		char *text = with(learner_rec, "emails", "emails:\n  - ok@example.com\n  - {a: b}");

		refused(text, KATA_KIND_LEARNER, 6, 5, "'emails' must be a list of text");
		free(text);
		text = with(learner_rec, "emails", "emails:\n  - \"bad\\x07\"");
		refused(text, KATA_KIND_LEARNER, 5, 5, "'emails' must be a list of text");
		free(text);
	}
	refused_with(coaching_rec, KATA_KIND_COACHING, "answers", "answers: none", 7, 10,
		     "'answers' must be a mapping");
	refused_with(feedback_rec, KATA_KIND_FEEDBACK, "phases", "phases: {a: 1}", 9, 9,
		     "'phases' must be a list");
}

static void test_unknown_keys_are_kept_out_of_it(void **state)
{
	char *text = with(step_rec, "mine", "mine: [anything, {at: all}]");

	valid_as(text, KATA_KIND_STEP);
	free(text);
}

static void test_kind_of_a_record(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct kata_node *rec = parse(valid[i].text);

		assert_int_equal(kata_record_kind(rec), valid[i].kind);
		kata_node_free(rec);
	}
	{
		struct kata_node *rec = parse("kind: stepp\n");

		assert_int_equal(kata_record_kind(rec), KATA_KIND__COUNT);
		kata_node_free(rec);
		rec = parse("id: x\n");
		assert_int_equal(kata_record_kind(rec), KATA_KIND__COUNT);
		kata_node_free(rec);
		rec = parse("kind: [step]\n");
		assert_int_equal(kata_record_kind(rec), KATA_KIND__COUNT);
		kata_node_free(rec);
	}
	assert_string_equal(kata_record_kind_name(KATA_KIND_REPOSITORY), "repository");
	assert_string_equal(kata_record_kind_name(KATA_KIND_LEARNER), "learner");
	assert_string_equal(kata_record_kind_name(KATA_KIND_TARGET), "target");
	assert_string_equal(kata_record_kind_name(KATA_KIND_OBSTACLE), "obstacle");
	assert_string_equal(kata_record_kind_name(KATA_KIND_STEP), "step");
	assert_string_equal(kata_record_kind_name(KATA_KIND_MEASURE), "measure");
	assert_string_equal(kata_record_kind_name(KATA_KIND_COACHING), "coaching");
	assert_string_equal(kata_record_kind_name(KATA_KIND_FEEDBACK), "feedback");
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

static struct kata_scalar scalar_of(enum kata_kind kind, const char *yaml, const char *key)
{
	struct kata_node *rec = parse(yaml);
	struct kata_scalar v;

	memset(&v, 0x5a, sizeof(v));
	kata_record_scalar(&v, kind, key, kata_node_get(rec, key));
	kata_node_free(rec);
	return v;
}

static void test_scalar_number_field_is_a_number(void **state)
{
	struct kata_scalar v;

	v = scalar_of(KATA_KIND_MEASURE, "value: 12\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 12);
	/* from its text, however it is quoted */
	v = scalar_of(KATA_KIND_MEASURE, "value: '12'\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 12);
	v = scalar_of(KATA_KIND_MEASURE, "value: \"-3.5\"\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_REAL);
	assert_true(v.r == -3.5);
	v = scalar_of(KATA_KIND_MEASURE, "value: 1.0e+20\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_REAL);
	assert_true(v.r == 1e20);
	v = scalar_of(KATA_KIND_TARGET, "goal: 5.0\n", "goal");
	assert_int_equal(v.type, KATA_SCALAR_REAL);
	assert_true(v.r == 5.0);
	v = scalar_of(KATA_KIND_REPOSITORY, "format: '1'\n", "format");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 1);
	v = scalar_of(KATA_KIND_TARGET, "lower_is_better: false\n", "lower_is_better");
	assert_int_equal(v.type, KATA_SCALAR_BOOL);
	assert_false(v.b);
}

static void test_scalar_number_field_by_hand_reads_as_yaml_1_1(void **state)
{
	struct kata_scalar v;

	/* fsck refuses these; until then, what a YAML 1.1 reader sees */
	v = scalar_of(KATA_KIND_MEASURE, "value: 010\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 8);
	v = scalar_of(KATA_KIND_MEASURE, "value: 0x1F\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 31);
	v = scalar_of(KATA_KIND_MEASURE, "value: 1e5\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_MEASURE, "value: '010'\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_TARGET, "lower_is_better: yes\n", "lower_is_better");
	assert_int_equal(v.type, KATA_SCALAR_BOOL);
	assert_true(v.b);
	v = scalar_of(KATA_KIND_REPOSITORY, "format: 0x10\n", "format");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 16);
}

static void test_scalar_text_field_stays_text(void **state)
{
	struct kata_scalar v;

	v = scalar_of(KATA_KIND_STEP, "step: 12\n", "step");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_STEP, "expect: 1.5\n", "expect");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_LEARNER, "name: yes\n", "name");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_STEP, "happened: ~\n", "happened");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_TARGET, "achieve_by: 2026-12-19\n", "achieve_by");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_STEP, "id: 0000000010\n", "id");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
}

static void test_scalar_unknown_key_as_yaml_1_1(void **state)
{
	struct kata_scalar v;

	v = scalar_of(KATA_KIND_STEP, "big: 1e999\n", "big");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_STEP, "hex: 0x1F\n", "hex");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 31);
	v = scalar_of(KATA_KIND_STEP, "oct: 010\n", "oct");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 8);
	v = scalar_of(KATA_KIND_STEP, "time: 1:30\n", "time");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 90);
	v = scalar_of(KATA_KIND_STEP, "ratio: 0.5\n", "ratio");
	assert_int_equal(v.type, KATA_SCALAR_REAL);
	assert_true(v.r == 0.5);
	v = scalar_of(KATA_KIND_STEP, "flag: off\n", "flag");
	assert_int_equal(v.type, KATA_SCALAR_BOOL);
	assert_false(v.b);
	v = scalar_of(KATA_KIND_STEP, "nothing: ~\n", "nothing");
	assert_int_equal(v.type, KATA_SCALAR_NULL);
	v = scalar_of(KATA_KIND_STEP, "empty:\n", "empty");
	assert_int_equal(v.type, KATA_SCALAR_NULL);
	v = scalar_of(KATA_KIND_STEP, "quoted: '0x1F'\n", "quoted");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	v = scalar_of(KATA_KIND_STEP, "words: Move the cart\n", "words");
	assert_int_equal(v.type, KATA_SCALAR_STRING);
	/* a key of another kind is no field of this one */
	v = scalar_of(KATA_KIND_STEP, "value: 010\n", "value");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 8);
	/* a record of no known kind: every key is unknown */
	v = scalar_of(KATA_KIND__COUNT, "step: 12\n", "step");
	assert_int_equal(v.type, KATA_SCALAR_INT);
	assert_int_equal(v.i, 12);
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
	char *dir = th_tmpdir(), path[512];
	struct kata_repo *repo = NULL;
	struct kata_node *rec = NULL;
	struct kata_error err;
	char *bad;

	kata_error_init(&err);
	assert_int_equal(kata_repo_create(&repo, dir, &err), 0);
	snprintf(path, sizeof(path), "%s/step.yaml", dir);
	th_write_file(path, step_rec, strlen(step_rec));
	assert_int_equal(kata_record_load(&rec, repo, "step.yaml", KATA_KIND_STEP, &err), 0);
	assert_string_equal(kata_node_str(rec, "step"), "Move the cart");
	kata_node_free(rec);
	rec = NULL;

	assert_int_equal(kata_record_load(&rec, repo, "step.yaml", KATA_KIND_MEASURE, &err),
			 KATA_EINVALID);
	assert_null(rec);
	assert_string_equal(err.path, "step.yaml");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 7);
	kata_error_release(&err);

	bad = with(step_rec, "status", "status: closed");
	th_write_file(path, bad, strlen(bad));
	free(bad);
	assert_int_equal(kata_record_load(&rec, repo, "step.yaml", KATA_KIND_STEP, &err),
			 KATA_EINVALID);
	assert_string_equal(err.path, "step.yaml");
	assert_int_equal(err.line, 8);
	assert_int_equal(err.col, 9);
	assert_string_equal(err.message, "'status' must be open or done");
	kata_error_release(&err);

	assert_int_equal(kata_record_load(&rec, repo, "none.yaml", KATA_KIND_STEP, &err),
			 KATA_ENOTFOUND);
	kata_error_release(&err);

	kata_repo_free(repo);
	th_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_kind_valid),
		cmocka_unit_test(test_kind_checked),
		cmocka_unit_test(test_required_fields),
		cmocka_unit_test(test_text_fields),
		cmocka_unit_test(test_day_fields),
		cmocka_unit_test(test_time_fields),
		cmocka_unit_test(test_when_fields),
		cmocka_unit_test(test_number_fields),
		cmocka_unit_test(test_whole_number_fields),
		cmocka_unit_test(test_boolean_fields),
		cmocka_unit_test(test_id_fields),
		cmocka_unit_test(test_learner_fields),
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_lists_and_mappings),
		cmocka_unit_test(test_unknown_keys_are_kept_out_of_it),
		cmocka_unit_test(test_kind_of_a_record),
		cmocka_unit_test(test_new_record),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_scalar_number_field_is_a_number),
		cmocka_unit_test(test_scalar_number_field_by_hand_reads_as_yaml_1_1),
		cmocka_unit_test(test_scalar_text_field_stays_text),
		cmocka_unit_test(test_scalar_unknown_key_as_yaml_1_1),
		cmocka_unit_test(test_scalar_nested_value),
		cmocka_unit_test(test_load),
	};

	return th_run_isolated(tests);
}
