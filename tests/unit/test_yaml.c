#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kata/yaml.h"
#include "helpers.h"

/* The keys of a step record, in the order kata writes them. */
static const char *const step_order[] = { "kind", "id", "title", "status", NULL };

/*
 * Asserts what every emitted file must be: LF only, no trailing blanks,
 * exactly one final newline, no document markers.
 */
static void assert_clean(const char *out, size_t len)
{
	size_t i;

	assert_int_equal(strlen(out), len);
	assert_true(len > 0);
	assert_int_equal(out[len - 1], '\n');
	if (len > 1)
		assert_int_not_equal(out[len - 2], '\n');
	assert_null(strchr(out, '\r'));
	for (i = 0; i + 1 < len; i++)
		if (out[i + 1] == '\n')
			assert_true(out[i] != ' ' && out[i] != '\t');
	assert_false(!strncmp(out, "---", 3));
	assert_null(strstr(out, "\n..."));
}

static struct kata_node *parse_ok(const char *text)
{
	struct kata_error err;
	struct kata_node *root = NULL;

	kata_error_init(&err);
	if (kata_yaml_parse(&root, text, strlen(text), "rec.yaml", &err) < 0)
		fail_msg("parse failed: %u:%u: %s", err.line, err.col, err.message);
	assert_non_null(root);
	assert_int_equal(root->type, KATA_NODE_MAPPING);
	kata_error_release(&err);
	return root;
}

static char *emit_ok(const struct kata_node *root, const char *const *order)
{
	struct kata_error err;
	char *out = NULL;
	size_t len = 0;

	kata_error_init(&err);
	if (kata_yaml_emit(&out, &len, root, order, &err) < 0)
		fail_msg("emit failed: %s", err.message);
	assert_non_null(out);
	assert_clean(out, len);
	kata_error_release(&err);
	return out;
}

/* Parses, emits with order, and checks the text that comes out. */
static void assert_rewrite(const char *in, const char *const *order, const char *want)
{
	struct kata_node *root = parse_ok(in);
	char *out = emit_ok(root, order);

	assert_string_equal(out, want);
	free(out);
	kata_node_free(root);
}

/* Emits { v: text }, checks the file, then reads it back as the same text. */
static void assert_text_written(const char *text, const char *want)
{
	struct kata_node *map = kata_node_new(KATA_NODE_MAPPING), *back;
	char *out;

	assert_non_null(map);
	assert_int_equal(kata_node_set_str(map, "v", text), 0);
	out = emit_ok(map, NULL);
	if (strcmp(out, want))
		fail_msg("text \"%s\": wrote \"%s\", want \"%s\"", text, out, want);
	back = parse_ok(out);
	assert_string_equal(kata_node_str(back, "v"), text);
	assert_false(kata_node_get(back, "v")->plain);
	free(out);
	kata_node_free(back);
	kata_node_free(map);
}

static void assert_refused_len(const char *buf, size_t len, unsigned line,
			       unsigned col, const char *words)
{
	struct kata_error err;
	struct kata_node *root = (struct kata_node *)&err;

	kata_error_init(&err);
	assert_int_equal(kata_yaml_parse(&root, buf, len, "rec.yaml", &err),
			 KATA_EINVALID);
	assert_null(root);
	assert_int_equal(err.code, KATA_EINVALID);
	assert_string_equal(err.path, "rec.yaml");
	assert_non_null(err.message);
	if (err.line != line || err.col != col)
		fail_msg("\"%s\": at %u:%u, want %u:%u", err.message, err.line,
			 err.col, line, col);
	if (!strstr(err.message, words))
		fail_msg("\"%s\" does not say \"%s\"", err.message, words);
	/* one line, the git way */
	assert_null(strchr(err.message, '\n'));
	assert_true(err.message[0] >= 'a' && err.message[0] <= 'z');
	kata_error_release(&err);
}

static void assert_refused(const char *buf, unsigned line, unsigned col, const char *words)
{
	assert_refused_len(buf, strlen(buf), line, col, words);
}

static void test_keeps_unknown_keys(void **state)
{
	static const char in[] =
		"note: added by hand\n"
		"id: s7k2\n"
		"extra:\n"
		"  z: 1\n"
		"  a: [x, {deep: true}]\n"
		"kind: step\n"
		"title: first\n"
		"tags:\n"
		"- b\n"
		"- a\n";
	static const char want[] =
		"kind: step\n"
		"id: s7k2\n"
		"title: first\n"
		"note: added by hand\n"
		"extra:\n"
		"  z: 1\n"
		"  a:\n"
		"  - x\n"
		"  - deep: true\n"
		"tags:\n"
		"- b\n"
		"- a\n";

	(void)state;
	assert_rewrite(in, step_order, want);
	/* and a second rewrite changes nothing */
	assert_rewrite(want, step_order, want);
}

static void test_fixed_order(void **state)
{
	struct kata_node *root = kata_node_new(KATA_NODE_MAPPING);
	struct kata_node *nested = kata_node_new(KATA_NODE_MAPPING);
	char *out;

	(void)state;
	assert_int_equal(kata_node_set_str(root, "zz", "hand"), 0);
	assert_int_equal(kata_node_set_str(root, "title", "a title"), 0);
	/* order applies to the root only: a nested "id" stays after "b" */
	assert_int_equal(kata_node_set_str(nested, "b", "1"), 0);
	assert_int_equal(kata_node_set_str(nested, "id", "2"), 0);
	assert_int_equal(kata_node_set_node(root, "nested", nested), 0);
	assert_int_equal(kata_node_set_str(root, "id", "s7k2"), 0);
	assert_int_equal(kata_node_set_str(root, "kind", "step"), 0);

	out = emit_ok(root, step_order);
	assert_string_equal(out,
		"kind: step\n"
		"id: s7k2\n"
		"title: a title\n"
		"zz: hand\n"
		"nested:\n"
		"  b: '1'\n"
		"  id: '2'\n");
	free(out);

	/* no order: the current order */
	out = emit_ok(root, NULL);
	assert_string_equal(out,
		"zz: hand\n"
		"title: a title\n"
		"nested:\n"
		"  b: '1'\n"
		"  id: '2'\n"
		"id: s7k2\n"
		"kind: step\n");
	free(out);
	kata_node_free(root);
}

static void test_text_that_looks_typed_is_quoted(void **state)
{
	static const char *const cases[][2] = {
		{ "52", "v: '52'\n" },
		{ "yes", "v: 'yes'\n" },
		{ "no", "v: 'no'\n" },
		{ "null", "v: 'null'\n" },
		{ "2026-11-21", "v: '2026-11-21'\n" },
		{ "~", "v: '~'\n" },
		{ "", "v: ''\n" },
		{ "- a", "v: '- a'\n" },
		{ ": x", "v: ': x'\n" },
		{ "#x", "v: '#x'\n" },
		{ "a: b", "v: 'a: b'\n" },
		{ " leading space", "v: ' leading space'\n" },
		{ "trailing space ", "v: 'trailing space '\n" },
		{ "Yes", "v: 'Yes'\n" },
		{ "NO", "v: 'NO'\n" },
		{ "y", "v: 'y'\n" },
		{ "N", "v: 'N'\n" },
		{ "on", "v: 'on'\n" },
		{ "Off", "v: 'Off'\n" },
		{ "true", "v: 'true'\n" },
		{ "FALSE", "v: 'FALSE'\n" },
		{ "Null", "v: 'Null'\n" },
		{ "0x1F", "v: '0x1F'\n" },
		{ "0o17", "v: '0o17'\n" },
		{ "0b101", "v: '0b101'\n" },
		{ "0777", "v: '0777'\n" },
		{ "09", "v: '09'\n" },
		{ "-12", "v: '-12'\n" },
		{ "+1_000", "v: '+1_000'\n" },
		{ "1,000", "v: '1,000'\n" },
		{ "1:20", "v: '1:20'\n" },
		{ "12:30:00", "v: '12:30:00'\n" },
		{ "3.14", "v: '3.14'\n" },
		{ ".5", "v: '.5'\n" },
		{ "1.", "v: '1.'\n" },
		{ "1e3", "v: '1e3'\n" },
		{ "6.02E+23", "v: '6.02E+23'\n" },
		{ "1_000.5", "v: '1_000.5'\n" },
		{ ".inf", "v: '.inf'\n" },
		{ "-.Inf", "v: '-.Inf'\n" },
		{ ".NaN", "v: '.NaN'\n" },
		{ "2026-11-21T10:00:00Z", "v: '2026-11-21T10:00:00Z'\n" },
		{ "2026-11-21 10:00", "v: '2026-11-21 10:00'\n" },
		{ "<<", "v: '<<'\n" },
		{ "=", "v: '='\n" },
		{ ":sym", "v: ':sym'\n" },
		{ "*x", "v: '*x'\n" },
		{ "&x", "v: '&x'\n" },
		{ "!x", "v: '!x'\n" },
		{ "%x", "v: '%x'\n" },
		{ "@x", "v: '@x'\n" },
		{ "[x]", "v: '[x]'\n" },
		{ "{x}", "v: '{x}'\n" },
		{ "|x", "v: '|x'\n" },
		{ ">x", "v: '>x'\n" },
		{ "'x", "v: '''x'\n" },
		{ "\"x", "v: '\"x'\n" },
		{ "a #b", "v: 'a #b'\n" },
		{ "a:", "v: 'a:'\n" },
		{ "---", "v: '---'\n" },
		{ "...", "v: '...'\n" },
		{ "a\tb", "v: \"a\\tb\"\n" },
		{ "bell\a", "v: \"bell\\a\"\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		assert_text_written(cases[i][0], cases[i][1]);
}

static void test_plain_text_is_not_quoted(void **state)
{
	static const char *const cases[] = {
		"hello", "hello world", "it's", "a:b", "a# b", "x,y", "yesterday",
		"nothing", "2nd", "2026-11-21 meeting", "v1.2", "+", ".",
	};
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(want, sizeof(want), "v: %s\n", cases[i]);
		assert_text_written(cases[i], want);
	}
}

static void test_multiline_text(void **state)
{
	(void)state;
	assert_text_written("line one\nline two\n", "v: |\n  line one\n  line two\n");
	assert_text_written("line one\nline two", "v: |-\n  line one\n  line two\n");
	assert_text_written("a\n\nb\n", "v: |\n  a\n\n  b\n");
	assert_text_written("  indented\nx", "v: |2-\n    indented\n  x\n");
	assert_text_written("yes\n", "v: |\n  yes\n");
	/* keep chomping (|+) would end the file with "...": escaped */
	assert_text_written("a\n\n", "v: \"a\\n\\n\"\n");
	assert_text_written("\n", "v: \"\\n\"\n");
	/* a line ending in a blank cannot be a literal block */
	assert_text_written("a \nb", "v: \"a \\nb\"\n");
	assert_text_written("a\r\nb", "v: \"a\\r\\nb\"\n");
}

static void test_plain_values_stay_plain(void **state)
{
	static const char in[] =
		"x: 52\n"
		"y: yes\n"
		"z: ~\n"
		"w:\n"
		"f: 1.5\n"
		"d: 2026-11-21\n"
		"q: '52'\n"
		"t: hello\n";
	static const char want[] =
		"x: 52\n"
		"'y': yes\n"
		"z: ~\n"
		"w:\n"
		"f: 1.5\n"
		"d: 2026-11-21\n"
		"q: '52'\n"
		"t: hello\n";
	struct kata_node *root = parse_ok(in), *n;
	char *out;

	(void)state;
	assert_true(kata_node_get(root, "x")->plain);
	assert_string_equal(kata_node_str(root, "x"), "52");
	assert_true(kata_node_get(root, "y")->plain);
	assert_true(kata_node_get(root, "z")->plain);
	assert_true(kata_node_get(root, "w")->plain);
	assert_string_equal(kata_node_str(root, "w"), "");
	assert_true(kata_node_get(root, "f")->plain);
	assert_true(kata_node_get(root, "d")->plain);
	assert_false(kata_node_get(root, "q")->plain);
	assert_false(kata_node_get(root, "t")->plain);
	n = kata_node_get(root, "x");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 4);
	assert_int_equal(kata_node_entry(root, "f")->line, 5);
	assert_int_equal(kata_node_entry(root, "f")->col, 1);

	out = emit_ok(root, NULL);
	assert_string_equal(out, want);
	free(out);

	/* set_plain writes bare, set_str quotes */
	assert_int_equal(kata_node_set_plain(root, "x", "53"), 0);
	assert_int_equal(kata_node_set_str(root, "t", "53"), 0);
	out = emit_ok(root, NULL);
	assert_non_null(strstr(out, "\nt: '53'\n"));
	assert_true(!strncmp(out, "x: 53\n", 6));
	free(out);
	kata_node_free(root);
}

/*
 * A typed plain value that libyaml cannot write plain again, it quotes: a
 * tab in it (a YAML 1.1 date "2026-11-21<TAB>10:00", a Ruby symbol
 * ":a<TAB>b"), "..." or "---" first (a number "...1"), a character past
 * U+FFFF, a line break (a symbol over lines with a blank one between). Read as text from the start, so that a rewrite keeps what was
 * read (found by tests/fuzz/fuzz_record and fuzz_config).
 */
static void test_plain_unwritable_is_text(void **state)
{
	static const char in[] = "d: 2026-11-21\t10:00\n':': :{W\tW\n"
				 "n:\n- ...._2\n- ---1\n- :\xf0\x9f\x98\x80\n- 2\n"
				 "m: :a\n\n  b\n";
	const struct kata_node *n;
	struct kata_node *root = parse_ok(in), *back;
	int i;
	char *out, *again;

	(void)state;
	assert_string_equal(kata_node_str(root, "d"), "2026-11-21\t10:00");
	assert_false(kata_node_get(root, "d")->plain);
	assert_false(kata_node_get(root, ":")->plain);
	assert_string_equal(kata_node_str(root, "m"), ":a\nb");
	assert_false(kata_node_get(root, "m")->plain);
	out = emit_ok(root, NULL);
	back = parse_ok(out);
	assert_false(kata_node_get(back, "d")->plain);
	assert_false(kata_node_get(back, ":")->plain);
	assert_string_equal(kata_node_str(back, ":"), ":{W\tW");
	for (i = 0; i < 2; i++) {
		n = kata_node_get(i ? back : root, "n");
		assert_int_equal(n->n, 4);
		assert_false(n->entries[0].value->plain);
		assert_false(n->entries[1].value->plain);
		assert_false(n->entries[2].value->plain);
		/* what libyaml writes plain stays plain */
		assert_true(n->entries[3].value->plain);
	}
	again = emit_ok(back, NULL);
	assert_string_equal(again, out);
	free(again);
	free(out);
	kata_node_free(back);
	kata_node_free(root);
}

static void test_unicode_is_not_escaped(void **state)
{
	(void)state;
	assert_text_written("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac",
			    "v: caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\n");
	/*
	 * libyaml 0.2.5 counts characters past U+FFFF as unprintable and
	 * escapes them: the text is kept all the same.
	 */
	assert_text_written("\xf0\x9f\x98\x80 ok", "v: \"\\U0001F600 ok\"\n");
	assert_text_written("\xc3\xa9t\xc3\xa9\nd\xc3\xa9j\xc3\xa0\n",
			    "v: |\n  \xc3\xa9t\xc3\xa9\n  d\xc3\xa9j\xc3\xa0\n");
}

static void test_long_lines_are_not_folded(void **state)
{
	char text[4001], want[4100];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text) - 1; i++)
		text[i] = i % 5 == 4 ? ' ' : 'w';
	text[sizeof(text) - 2] = 'w';
	text[sizeof(text) - 1] = '\0';
	snprintf(want, sizeof(want), "v: %s\n", text);
	assert_text_written(text, want);

	/* single-quoted (leading space) and double-quoted (a tab) alike */
	text[0] = ' ';
	snprintf(want, sizeof(want), "v: '%s'\n", text);
	assert_text_written(text, want);
	text[0] = '\t';
	snprintf(want, sizeof(want), "v: \"\\t%s\"\n", text + 1);
	assert_text_written(text, want);
}

static void test_empty_collections(void **state)
{
	struct kata_node *root = kata_node_new(KATA_NODE_MAPPING);
	char *out;

	(void)state;
	assert_int_equal(kata_node_set_node(root, "s", kata_node_new(KATA_NODE_SEQUENCE)), 0);
	assert_int_equal(kata_node_set_node(root, "m", kata_node_new(KATA_NODE_MAPPING)), 0);
	out = emit_ok(root, NULL);
	assert_string_equal(out, "s: []\nm: {}\n");
	free(out);
	kata_node_free(root);

	root = kata_node_new(KATA_NODE_MAPPING);
	out = emit_ok(root, NULL);
	assert_string_equal(out, "{}\n");
	free(out);
	kata_node_free(root);
}

static void test_refusals(void **state)
{
	static const char nul[] = "a: 1\nb: x\0y\n";

	(void)state;
	assert_refused("a: &x 1\n", 1, 4, "anchors and aliases are not allowed");
	assert_refused("a: 1\nb: *x\n", 2, 4, "anchors and aliases are not allowed");
	assert_refused("a: &m\n  b: 1\n", 1, 4, "anchors");
	assert_refused_len(nul, sizeof(nul) - 1, 2, 5, "NUL");
	assert_refused("a: 1\nbb: \xc3\x28\n", 2, 5, "invalid UTF-8");
	/* columns count characters, not bytes */
	assert_refused("a: \xc3\xa9\xff\n", 1, 5, "invalid UTF-8");
	assert_refused("a: \xed\xa0\x80\n", 1, 4, "invalid UTF-8");
	assert_refused("a: \xc0\xaf\n", 1, 4, "invalid UTF-8");
	assert_refused("a: 1\nb: \x01\n", 2, 4, "control characters");
	assert_refused("a: \"x\\0y\"\n", 1, 4, "NUL");
	assert_refused("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a'");
	assert_refused("m:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3, "duplicate key 'x'");
	assert_refused("a: 1\r\nb: 2\r\na: 3\r\n", 3, 1, "duplicate key 'a'");
	assert_refused("[a]: 1\n", 1, 1, "key must be a scalar");
	assert_refused("a: 1\n? {b: 1}\n: 2\n", 2, 3, "key must be a scalar");
	assert_refused("- a\n- b\n", 1, 1, "a record must be a YAML mapping");
	assert_refused("hello\n", 1, 1, "a record must be a YAML mapping");
	assert_refused("", 1, 1, "record is empty");
	assert_refused("# nothing\n", 2, 1, "record is empty");
	assert_refused("a: 1\n---\nb: 2\n", 2, 1, "one YAML document");
	assert_refused("a: b: c\n", 1, 5, "mapping values are not allowed");
	assert_refused("a: 1\nb: [1, 2\nc: 3\n", 3, 2, "did not find expected");
	assert_refused("a:\n\tb: 1\n", 2, 1, "cannot start any token");
	assert_refused("a: !!int 5\n", 1, 4, "tags are not allowed");
	assert_refused("\xef\xbb\xbf" "a: 1\nb: &x 2\n", 2, 4, "anchors");
}

static void test_allowed_tags(void **state)
{
	struct kata_node *root = parse_ok("a: !!str 52\nb: ! 53\n");

	(void)state;
	assert_string_equal(kata_node_str(root, "a"), "52");
	assert_false(kata_node_get(root, "a")->plain);
	assert_false(kata_node_get(root, "b")->plain);
	kata_node_free(root);
}

static void test_too_big(void **state)
{
	size_t len = KATA_RECORD_MAX + 1;
	char *buf = malloc(len);
	struct kata_node *root;

	(void)state;
	assert_non_null(buf);
	/* exactly the limit is fine */
	memcpy(buf, "a: ", 3);
	memset(buf + 3, 'x', KATA_RECORD_MAX - 4);
	buf[KATA_RECORD_MAX - 1] = '\n';
	root = NULL;
	{
		struct kata_error err;

		kata_error_init(&err);
		assert_int_equal(kata_yaml_parse(&root, buf, KATA_RECORD_MAX,
						 "rec.yaml", &err), 0);
		assert_int_equal(strlen(kata_node_str(root, "a")), KATA_RECORD_MAX - 4);
		kata_node_free(root);
	}
	/* one byte more is refused before parsing; no position applies */
	buf[KATA_RECORD_MAX] = '\n';
	assert_refused_len(buf, len, 0, 0, "larger than 1 MiB");
	free(buf);
}

/* "a: " then n flow sequences, one inside the other: n + 1 levels. */
static char *nested(size_t n)
{
	char *buf = malloc(2 * n + 5);
	size_t i;

	assert_non_null(buf);
	memcpy(buf, "a: ", 3);
	for (i = 0; i < n; i++) {
		buf[3 + i] = '[';
		buf[3 + n + i] = ']';
	}
	buf[3 + 2 * n] = '\n';
	buf[4 + 2 * n] = '\0';
	return buf;
}

static void test_depth(void **state)
{
	char *ok = nested(KATA_YAML_DEPTH_MAX - 1);
	char *deep = nested(KATA_YAML_DEPTH_MAX);
	struct kata_node *root = parse_ok(ok), *back, *n;
	struct kata_error err;
	char *out = NULL;
	size_t len;

	(void)state;
	/* what is written at the deepest level reads back */
	out = emit_ok(root, NULL);
	back = parse_ok(out);
	free(out);
	kata_node_free(back);

	/* level 65 is the 64th '[', at column 3 + 64 */
	assert_refused(deep, 1, 67, "nesting is deeper than 64");

	/* and a tree built too deep is not written */
	for (n = kata_node_get(root, "a"); n->n; n = n->entries[0].value)
		;
	n->entries = calloc(1, sizeof(*n->entries));
	assert_non_null(n->entries);
	n->n = n->alloc = 1;
	n->entries[0].value = kata_node_new(KATA_NODE_SEQUENCE);
	kata_error_init(&err);
	assert_int_equal(kata_yaml_emit(&out, &len, root, NULL, &err), KATA_EINVALID);
	assert_null(out);
	kata_error_release(&err);

	kata_node_free(root);
	free(ok);
	free(deep);
}

static void test_load(void **state)
{
	char *dir = th_tmpdir(), *missing = th_path(dir, "missing.yaml");
	char *path = th_path(dir, "r.yaml");
	struct kata_node *root = NULL;
	struct kata_error err;
	char *big;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_yaml_load(&root, missing, "learners/x/missing.yaml", &err),
			 KATA_ENOTFOUND);
	assert_null(root);
	assert_string_equal(err.path, "learners/x/missing.yaml");
	kata_error_release(&err);

	th_write_file(path, "kind: step\nid: x\n", 17);
	assert_int_equal(kata_yaml_load(&root, path, "r.yaml", &err), 0);
	assert_string_equal(kata_node_str(root, "kind"), "step");
	kata_node_free(root);
	root = NULL;

	th_write_file(path, "kind: step\nkind: x\n", 19);
	assert_int_equal(kata_yaml_load(&root, path, "learners/x/r.yaml", &err),
			 KATA_EINVALID);
	assert_string_equal(err.path, "learners/x/r.yaml");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	kata_error_release(&err);

	big = calloc(1, KATA_RECORD_MAX + 1);
	assert_non_null(big);
	memset(big, '#', KATA_RECORD_MAX + 1);
	th_write_file(path, big, KATA_RECORD_MAX + 1);
	free(big);
	assert_int_equal(kata_yaml_load(&root, path, "r.yaml", &err), KATA_EINVALID);
	assert_non_null(strstr(err.message, "larger than 1 MiB"));
	kata_error_release(&err);

	assert_int_equal(kata_yaml_load(&root, dir, "dir", &err), KATA_ERROR);
	kata_error_release(&err);

	th_rmtree(dir);
	free(dir);
	free(path);
	free(missing);
}

static void test_node_helpers(void **state)
{
	struct kata_node *root = parse_ok("a: 1\nb: two\nc: [x]\n");
	struct kata_node *copy, *seq;
	char *out;

	(void)state;
	/* replacing keeps the position, a new key goes last */
	assert_int_equal(kata_node_set_str(root, "a", "one"), 0);
	assert_int_equal(kata_node_set_str(root, "d", "four"), 0);
	assert_string_equal(root->entries[0].key, "a");
	assert_string_equal(kata_node_str(root, "a"), "one");
	assert_false(kata_node_get(root, "a")->plain);
	assert_int_equal(kata_node_entry(root, "a")->line, 1);
	assert_string_equal(root->entries[3].key, "d");
	assert_null(kata_node_str(root, "c"));
	assert_null(kata_node_str(root, "nope"));
	assert_null(kata_node_get(root, "nope"));

	seq = kata_node_get(root, "c");
	assert_int_equal(kata_node_push_str(seq, "w"), 0);
	assert_int_equal(seq->n, 2);
	assert_int_equal(kata_node_push_str(root, "y"), KATA_ERROR);
	assert_int_equal(kata_node_set_str(seq, "k", "v"), KATA_ERROR);

	copy = kata_node_dup(root);
	assert_non_null(copy);
	kata_node_remove(root, "b");
	kata_node_remove(root, "nope");
	assert_int_equal(root->n, 3);
	assert_null(kata_node_get(root, "b"));
	assert_string_equal(root->entries[1].key, "c");

	/* the copy is deep: changing the original does not touch it */
	assert_int_equal(kata_node_set_str(root, "a", "changed"), 0);
	assert_int_equal(kata_node_push_str(seq, "z"), 0);
	out = emit_ok(copy, NULL);
	assert_string_equal(out, "a: one\nb: two\nc:\n- x\n- w\nd: four\n");
	free(out);

	kata_node_free(copy);
	kata_node_free(root);
	kata_node_free(NULL);
	assert_null(kata_node_dup(NULL));
}

static void test_emit_refusals(void **state)
{
	struct kata_node *root = kata_node_new(KATA_NODE_MAPPING);
	struct kata_node *seq = kata_node_new(KATA_NODE_SEQUENCE);
	struct kata_error err;
	char *out = NULL;
	size_t len = 1;

	(void)state;
	kata_error_init(&err);
	assert_int_equal(kata_yaml_emit(&out, &len, seq, NULL, &err), KATA_EINVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	kata_error_release(&err);

	assert_int_equal(kata_node_set_str(root, "bad", "a\xff"), 0);
	assert_int_equal(kata_yaml_emit(&out, &len, root, NULL, &err), KATA_EINVALID);
	assert_null(out);
	kata_error_release(&err);

	kata_node_free(seq);
	kata_node_free(root);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(kata_yaml_utf8_valid("", 0));
	assert_true(kata_yaml_utf8_valid("abc", 3));
	assert_true(kata_yaml_utf8_valid("\xc3\xa9", 2));
	assert_true(kata_yaml_utf8_valid("\xe6\x97\xa5", 3));
	assert_true(kata_yaml_utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_true(kata_yaml_utf8_valid("\xf4\x8f\xbf\xbf", 4));	/* U+10FFFF */
	assert_true(kata_yaml_utf8_valid("\xef\xbf\xbd", 3));
	assert_false(kata_yaml_utf8_valid("a\0b", 3));
	assert_false(kata_yaml_utf8_valid("\xc0\x80", 2));		/* overlong NUL */
	assert_false(kata_yaml_utf8_valid("\xc1\xbf", 2));		/* overlong */
	assert_false(kata_yaml_utf8_valid("\xe0\x80\xaf", 3));	/* overlong */
	assert_false(kata_yaml_utf8_valid("\xf0\x80\x80\xaf", 4));	/* overlong */
	assert_false(kata_yaml_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(kata_yaml_utf8_valid("\xed\xbf\xbf", 3));	/* surrogate */
	assert_false(kata_yaml_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(kata_yaml_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(kata_yaml_utf8_valid("\xc3", 1));		/* truncated */
	assert_false(kata_yaml_utf8_valid("\xe6\x97", 2));
	assert_false(kata_yaml_utf8_valid("\x80", 1));		/* lone continuation */
	assert_false(kata_yaml_utf8_valid("\xc3\x28", 2));
	assert_false(kata_yaml_utf8_valid("\xff", 1));
	/* len, not the NUL, ends the string */
	assert_false(kata_yaml_utf8_valid("\xc3\xa9", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keeps_unknown_keys),
		cmocka_unit_test(test_fixed_order),
		cmocka_unit_test(test_text_that_looks_typed_is_quoted),
		cmocka_unit_test(test_plain_text_is_not_quoted),
		cmocka_unit_test(test_multiline_text),
		cmocka_unit_test(test_plain_values_stay_plain),
		cmocka_unit_test(test_plain_unwritable_is_text),
		cmocka_unit_test(test_unicode_is_not_escaped),
		cmocka_unit_test(test_long_lines_are_not_folded),
		cmocka_unit_test(test_empty_collections),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_allowed_tags),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_node_helpers),
		cmocka_unit_test(test_emit_refusals),
		cmocka_unit_test(test_utf8_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
