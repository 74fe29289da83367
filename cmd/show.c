#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/coach.h"

#define SPARK_MAX 40

static json_t *recs_json(const struct kata_recs *recs)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < recs->n; i++)
		json_array_append_new(list, cmd_json_record(recs->rec[i].node));
	return list;
}

static int show_json(const struct kata_storyboard *sb)
{
	json_t *j = json_object();

	json_object_set_new(j, "learner", cmd_json_record(sb->learner));
	json_object_set_new(j, "target", sb->target ? cmd_json_record(sb->target->node) :
			    json_null());
	json_object_set_new(j, "obstacles", recs_json(&sb->obstacles));
	json_object_set_new(j, "steps", recs_json(&sb->steps));
	json_object_set_new(j, "measures", recs_json(&sb->measures));
	json_object_set_new(j, "coaching", recs_json(&sb->coaching));
	json_object_set_new(j, "feedback", recs_json(&sb->feedback));
	return cmd_json_print(j);
}

static void heading(const struct kata_ctx *ctx, const char *title)
{
	printf("\n%s%s%s\n", cmd_c(ctx, C_BOLD), title, cmd_c(ctx, C_RESET));
}

/* Prints text indented, each of its lines under the first. */
static void block(const char *label, const char *text, int indent)
{
	const char *nl;
	int pad = (int)strlen(label);

	printf("%*s%s", indent, "", label);
	while ((nl = strchr(text, '\n'))) {
		printf("%.*s\n%*s", (int)(nl - text), text, indent + pad, "");
		text = nl + 1;
	}
	printf("%s\n", text);
}

static void days_left(const struct kata_ctx *ctx, const char *day)
{
	struct kata_time by;
	struct kata_error err;
	int d;

	kata_error_init(&err);
	if (kata_when_parse(&by, day, &ctx->now, &err) < 0) {
		kata_error_release(&err);
		return;
	}
	d = kata_time_days_between(&ctx->now, &by);
	if (d > 0)
		printf("  (%d day%s left)", d, d == 1 ? "" : "s");
	else if (d == 0)
		printf("  %s(due today)%s", cmd_c(ctx, C_YELLOW), cmd_c(ctx, C_RESET));
	else
		printf("  %s(%d day%s past)%s", cmd_c(ctx, C_RED), -d, d == -1 ? "" : "s",
		       cmd_c(ctx, C_RESET));
}

/* One run chart line per metric: a sparkline of the last values. */
static void run_charts(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	const char **names = calloc(sb->measures.n + 1, sizeof(*names));
	const char *tmetric = kata_node_str(sb->target->node, "metric");
	size_t nn = 0, i, k;

	if (!names)
		return;
	for (i = 0; i < sb->measures.n; i++) {
		const char *m = kata_node_str(sb->measures.rec[i].node, "metric");

		for (k = 0; k < nn && strcmp(names[k], m); k++)
			;
		if (k == nn)
			names[nn++] = m;
	}
	for (k = 0; k < nn; k++) {
		double v[SPARK_MAX], lo = 0, hi = 0;
		const char *first = NULL, *last = NULL;
		size_t nv = 0, count = 0, j;

		for (i = sb->measures.n; i-- > 0;) {
			const struct kata_node *m = sb->measures.rec[i].node;

			if (strcmp(kata_node_str(m, "metric"), names[k]))
				continue;
			count++;
			if (!last)
				last = kata_node_str(m, "value");
			if (nv < SPARK_MAX) {
				first = kata_node_str(m, "value");
				v[nv++] = strtod(first, NULL);
			}
		}
		for (j = 0; j < nv; j++) {
			if (j == 0 || v[j] < lo)
				lo = v[j];
			if (j == 0 || v[j] > hi)
				hi = v[j];
		}
		printf("  %-20s ", names[k]);
		for (j = nv; j-- > 0;) {
			int b = hi > lo ? (int)((v[j] - lo) / (hi - lo) * 7.0 + 0.5) : 3;

			fputs(bars[b], stdout);
		}
		printf("  %s", first);
		if (nv > 1)
			printf(" -> %s", last);
		if (tmetric && !strcmp(tmetric, names[k])) {
			const char *unit = kata_node_str(sb->target->node, "unit");
			const char *goal = kata_node_str(sb->target->node, "goal");

			if (unit)
				printf(" %s", unit);
			if (goal)
				printf(", goal %s", goal);
		}
		printf("  %s(%zu value%s)%s\n", cmd_c(ctx, C_DIM), count, count == 1 ? "" : "s",
		       cmd_c(ctx, C_RESET));
	}
	free(names);
}

static void show_target(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	const struct kata_node *t = sb->target->node;
	const char *status = kata_node_str(t, "status");
	const char *metric = kata_node_str(t, "metric"), *s;
	struct kata_coach_actual now;
	char ab[16];

	heading(ctx, "CHALLENGE");
	block("  ", kata_node_str(t, "challenge"), 0);

	heading(ctx, "TARGET CONDITION");
	printf("  %s%s%s  achieve by %s", cmd_c(ctx, C_YELLOW),
	       cmd_abbrev(ab, sb->target->id, sb->target->abbrev), cmd_c(ctx, C_RESET),
	       kata_node_str(t, "achieve_by"));
	if (!strcmp(status, "active"))
		days_left(ctx, kata_node_str(t, "achieve_by"));
	else
		printf("  [%s]", !strcmp(status, "done") ? "reached" : "abandoned");
	putchar('\n');
	block("  ", kata_node_str(t, "condition"), 0);
	if (metric) {
		printf("  metric: %s", metric);
		if ((s = kata_node_str(t, "unit")))
			printf(" (%s)", s);
		if ((s = kata_node_str(t, "goal")))
			printf(", goal %s", s);
		if ((s = kata_node_str(t, "lower_is_better")) && !strcmp(s, "true"))
			printf(", lower is better");
		putchar('\n');
	}

	heading(ctx, "CURRENT CONDITION");
	if ((s = kata_node_str(t, "current")))
		block("  at start: ", s, 0);
	/* the latest known one, and where it comes from */
	kata_coach_actual(&now, sb);
	if (now.text && now.from != sb->target) {
		block("  now:      ", now.text, 0);
		if (now.from->kind == KATA_KIND_COACHING)
			printf("            %s(%.10s, coaching cycle %.4s by %s)%s\n", cmd_c(ctx, C_DIM),
			       now.at ? now.at : "", now.from->id,
			       kata_node_str(now.from->node, "coach"), cmd_c(ctx, C_RESET));
		else
			printf("            %s(%.10s, measure %.4s)%s\n", cmd_c(ctx, C_DIM),
			       now.at ? now.at : "", now.from->id, cmd_c(ctx, C_RESET));
	}
	if (sb->measures.n)
		run_charts(ctx, sb);
	else if (!s)
		printf("  %s(no measures yet: kata measure NAME VALUE)%s\n", cmd_c(ctx, C_DIM),
		       cmd_c(ctx, C_RESET));
}

static void show_obstacles(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	const struct kata_rec *focus = kata_storyboard_focus(sb);
	size_t i;
	char ab[16];

	heading(ctx, "OBSTACLES PARKING LOT");
	if (!sb->obstacles.n)
		printf("  %s(none yet: kata obstacle add TEXT)%s\n", cmd_c(ctx, C_DIM),
		       cmd_c(ctx, C_RESET));
	for (i = 0; i < sb->obstacles.n; i++) {
		const struct kata_rec *o = &sb->obstacles.rec[i];
		bool closed = !strcmp(kata_node_str(o->node, "status"), "closed");

		printf("  %s %s%s%s  %s%s", o == focus ? CMD_FOCUS_MARK : " ", cmd_c(ctx, C_YELLOW),
		       cmd_abbrev(ab, o->id, o->abbrev), cmd_c(ctx, C_RESET),
		       closed ? cmd_c(ctx, C_DIM) : o == focus ? cmd_c(ctx, C_BOLD) : "",
		       kata_node_str(o->node, "text"));
		if (o == focus)
			printf(CMD_FOCUS_NOTE);
		else if (closed)
			printf("  (closed)");
		printf("%s\n", cmd_c(ctx, C_RESET));
	}
}

static void show_steps(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	size_t i;
	char ab[16], buf[32];

	heading(ctx, "PDCA CYCLES RECORD");
	if (!sb->steps.n)
		printf("  %s(no steps yet: kata step TEXT --expect TEXT)%s\n", cmd_c(ctx, C_DIM),
		       cmd_c(ctx, C_RESET));
	for (i = 0; i < sb->steps.n; i++) {
		const struct kata_rec *r = &sb->steps.rec[i];
		const struct kata_node *s = r->node;
		bool open = !strcmp(kata_node_str(s, "status"), "open");
		const char *see = kata_node_str(s, "see_by"), *v;

		printf("  %s#%lu%s %s%s%s  %.10s  ", cmd_c(ctx, C_BOLD), r->seq,
		       cmd_c(ctx, C_RESET), cmd_c(ctx, C_YELLOW),
		       cmd_abbrev(ab, r->id, r->abbrev), cmd_c(ctx, C_RESET),
		       kata_node_str(s, "planned"));
		block("", kata_node_str(s, "step"), 0);
		block("      expect:   ", kata_node_str(s, "expect"), 0);
		if ((v = kata_node_str(s, "happened")))
			block("      happened: ", v, 0);
		if ((v = kata_node_str(s, "learned")))
			block("      learned:  ", v, 0);
		if (open) {
			struct kata_time when;
			struct kata_error err;
			bool overdue = false;

			kata_error_init(&err);
			if (see && kata_when_parse(&when, see, &ctx->now, &err) == 0)
				overdue = kata_time_passed(&when, &ctx->now);
			kata_error_release(&err);
			printf("      %sOPEN%s", cmd_c(ctx, C_GREEN), cmd_c(ctx, C_RESET));
			if (see)
				printf(", go and see %s", cmd_when_short(buf, see));
			if (overdue)
				printf(" %s(overdue)%s", cmd_c(ctx, C_RED), cmd_c(ctx, C_RESET));
			putchar('\n');
		}
	}
}

/* The coaching cycle a feedback observed, or NULL (a record gone by hand). */
static const struct kata_rec *observed(const struct kata_storyboard *sb, const char *id)
{
	size_t i;

	for (i = 0; id && i < sb->coaching.n; i++)
		if (!strcmp(sb->coaching.rec[i].id, id))
			return &sb->coaching.rec[i];
	return NULL;
}

/* The second coach's feedback, each with the cycle it observed (its date
 * and coach), the note to the coach and the notes on phases. */
static void show_feedback(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	char ab[16], label[160];
	size_t i, j;

	if (!sb->feedback.n)
		return;
	heading(ctx, "SECOND COACH'S FEEDBACK");
	for (i = 0; i < sb->feedback.n; i++) {
		const struct kata_rec *r = &sb->feedback.rec[i];
		const struct kata_node *fb = r->node, *phases = kata_node_get(fb, "phases");
		const char *cid = kata_node_str(fb, "coaching");
		const struct kata_rec *c = observed(sb, cid);

		printf("  %s%s%s  %.10s  %s on cycle ", cmd_c(ctx, C_YELLOW),
		       cmd_abbrev(ab, r->id, r->abbrev), cmd_c(ctx, C_RESET),
		       kata_node_str(fb, "at"), kata_node_str(fb, "observer"));
		if (c)
			printf("%s (%.10s, %s)\n", cmd_abbrev(ab, c->id, c->abbrev),
			       kata_node_str(c->node, "at"), kata_node_str(c->node, "coach"));
		else
			printf("%s\n", cid ? cid : "?");
		block("      ", kata_node_str(fb, "note"), 0);
		for (j = 0; phases && phases->type == KATA_NODE_SEQUENCE && j < phases->n; j++) {
			const struct kata_node *p = phases->entries[j].value;
			const char *q = kata_node_str(p, "question"), *m = kata_node_str(p, "minutes");
			const char *note = kata_node_str(p, "note");
			int len;

			len = snprintf(label, sizeof(label), "      phase %s", kata_node_str(p, "phase"));
			if (q && len >= 0 && (size_t)len < sizeof(label))
				len += snprintf(label + len, sizeof(label) - (size_t)len, " %s", q);
			if (m && len >= 0 && (size_t)len < sizeof(label))
				len += snprintf(label + len, sizeof(label) - (size_t)len, ", %s min", m);
			if (note && len >= 0 && (size_t)len < sizeof(label))
				snprintf(label + len, sizeof(label) - (size_t)len, ": ");
			block(label, note ? note : "", 0);
		}
	}
}

int cmd_show(int argc, char **argv, struct kata_ctx *ctx)
{
	/* everything on the storyboard, the second coach's feedback too */
	static const struct kata_storyboard_opts load = {
		KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, NULL,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_storyboard *sb = NULL;
	const struct kata_node *l;
	const char *s;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, NULL, &operands)) >= 0 ||
	    (r = cmd_storyboard(ctx, ctx->nargs ? ctx->args[0] : NULL, &load, &sb)))
		return r;
	if (ctx->json) {
		r = show_json(sb);
		kata_storyboard_free(sb);
		return r;
	}
	l = sb->learner;
	printf("%s%s%s", cmd_c(ctx, C_BOLD), sb->learner_id, cmd_c(ctx, C_RESET));
	if ((s = kata_node_str(l, "name")))
		printf(" - %s", s);
	if ((s = kata_node_str(l, "coach")))
		printf("  (coach: %s)", s);
	putchar('\n');
	if ((s = kata_node_str(l, "process")))
		printf("focus process: %s\n", s);
	if (!sb->target) {
		printf("\nNo target condition yet. Start one:\n"
		       "  kata start --challenge TEXT --target TEXT --by DATE\n");
	} else {
		show_target(ctx, sb);
		show_obstacles(ctx, sb);
		show_steps(ctx, sb);
		show_feedback(ctx, sb);
		if (sb->coaching.n) {
			const struct kata_node *last = sb->coaching.rec[sb->coaching.n - 1].node;

			printf("\n%slast coaching cycle %.10s by %s (%zu in this target condition)%s\n",
			       cmd_c(ctx, C_DIM), kata_node_str(last, "at"), kata_node_str(last, "coach"),
			       sb->coaching.n, cmd_c(ctx, C_RESET));
		}
	}
	kata_storyboard_free(sb);
	return 0;
}
