#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/coach.h"
#include "kata/str.h"

#define SPARK_MAX 40

/*
 * The bar (0 to 7) of v between lo and hi. Halved first, so that values
 * as far apart as -1e308 and 1e308 scale without overflowing to inf.
 */
static int spark_level(double v, double lo, double hi)
{
	double span = hi / 2 - lo / 2, at;
	int b;

	if (!(span > 0))
		return 3;
	at = (v / 2 - lo / 2) / span * 7.0 + 0.5;
	b = !(at >= 0) ? 0 : at > 7 ? 7 : (int)at;	/* NaN too: never out of bars[] */
	return b;
}

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

/* Prints text after its label, indented, wrapped to width: each further
 * line under the first. */
static void block(int width, const char *label, const char *text, int indent)
{
	int col = indent + cmd_text_width(label);

	printf("%*s%s", indent, "", label);
	cmd_wrap(stdout, text, col, col, width);
	putchar('\n');
}

static void days_left(FILE *f, const struct kata_ctx *ctx, const char *day)
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
		fprintf(f, "  (%d day%s left)", d, d == 1 ? "" : "s");
	else if (d == 0)
		fprintf(f, "  %s(due today)%s", cmd_c(ctx, C_YELLOW), cmd_c(ctx, C_RESET));
	else
		fprintf(f, "  %s(%d day%s past)%s", cmd_c(ctx, C_RED), -d, d == -1 ? "" : "s",
		       cmd_c(ctx, C_RESET));
}

/* One run chart line per metric: a sparkline of the last values. */
static void run_charts(const struct kata_ctx *ctx, const struct kata_storyboard *sb,
		       int width)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	const char **names = calloc(sb->measures.n + 1, sizeof(*names));
	const char *tmetric = kata_node_str(sb->target->node, "metric");
	/* as many values as leave room for the numbers */
	size_t spark = width - 40 < 8 ? 8 : width - 40 > SPARK_MAX ? SPARK_MAX : (size_t)(width - 40);
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
		double v[SPARK_MAX + 1], lo = 0, hi = 0;
		const char *first = NULL, *last = NULL, *goal;
		size_t nv = 0, count = 0, j;

		for (i = sb->measures.n; i-- > 0;) {
			const struct kata_node *m = sb->measures.rec[i].node;

			if (strcmp(kata_node_str(m, "metric"), names[k]))
				continue;
			count++;
			if (!last)
				last = kata_node_str(m, "value");
			if (nv < spark) {
				first = kata_node_str(m, "value");
				v[nv++] = strtod(first, NULL);
			}
		}
		goal = tmetric && !strcmp(tmetric, names[k]) ?
		       kata_node_str(sb->target->node, "goal") : NULL;
		/* the goal is on the scale, so that the bars show the way to it */
		if (goal)
			v[nv] = strtod(goal, NULL);
		for (j = 0; j < nv + (goal ? 1 : 0); j++) {
			if (j == 0 || v[j] < lo)
				lo = v[j];
			if (j == 0 || v[j] > hi)
				hi = v[j];
		}
		struct cmd_line l;
		FILE *f = cmd_line_open(&l);

		fputs("  ", f);
		cmd_pad(f, names[k], 20);
		fputc(' ', f);
		for (j = nv; j-- > 0;)
			fputs(bars[spark_level(v[j], lo, hi)], f);
		fprintf(f, "  %s", first);
		if (nv > 1)
			fprintf(f, " -> %s", last);
		if (tmetric && !strcmp(tmetric, names[k])) {
			const char *unit = kata_node_str(sb->target->node, "unit");

			if (unit)
				fprintf(f, " %s", unit);
			if (goal)
				fprintf(f, ", goal %s %s%s%s", goal, cmd_c(ctx, C_GREEN),
					bars[spark_level(v[nv], lo, hi)], cmd_c(ctx, C_RESET));
		}
		fprintf(f, "  %s(%zu value%s)%s", cmd_c(ctx, C_DIM), count, count == 1 ? "" : "s",
			cmd_c(ctx, C_RESET));
		cmd_line_wrap(&l, 23, width);
	}
	free(names);
}

static void show_target(const struct kata_ctx *ctx, const struct kata_storyboard *sb,
			int width)
{
	const struct kata_node *t = sb->target->node;
	const char *status = kata_node_str(t, "status");
	const char *metric = kata_node_str(t, "metric"), *s;
	struct kata_coach_actual now;
	struct cmd_line l;
	char ab[16];
	FILE *f;

	heading(ctx, "CHALLENGE");
	block(width, "  ", kata_node_str(t, "challenge"), 0);

	heading(ctx, "TARGET CONDITION");
	f = cmd_line_open(&l);
	fprintf(f, "  %s%s%s  achieve by %s", cmd_c(ctx, C_YELLOW),
		cmd_abbrev(ab, sb->target->id, sb->target->abbrev), cmd_c(ctx, C_RESET),
		kata_node_str(t, "achieve_by"));
	if (!strcmp(status, "active"))
		days_left(f, ctx, kata_node_str(t, "achieve_by"));
	else
		fprintf(f, "  [%s]", !strcmp(status, "done") ? "reached" : "abandoned");
	cmd_line_wrap(&l, 2, width);
	block(width, "  ", kata_node_str(t, "condition"), 0);
	if (metric) {
		f = cmd_line_open(&l);
		fprintf(f, "  metric: %s", metric);
		if ((s = kata_node_str(t, "unit")))
			fprintf(f, " (%s)", s);
		if ((s = kata_node_str(t, "goal")))
			fprintf(f, ", goal %s", s);
		if ((s = kata_node_str(t, "lower_is_better")) && !strcmp(s, "true"))
			fprintf(f, ", lower is better");
		cmd_line_wrap(&l, 10, width);
	}

	heading(ctx, "CURRENT CONDITION");
	if ((s = kata_node_str(t, "current")))
		block(width, "  at start: ", s, 0);
	/* the latest known one, and where it comes from */
	kata_coach_actual(&now, sb);
	if (now.text && now.from != sb->target) {
		block(width, "  now:      ", now.text, 0);
		if (now.from->kind == KATA_KIND_COACHING)
			printf("            %s(%.10s, coaching cycle %.4s by %s)%s\n", cmd_c(ctx, C_DIM),
			       now.at ? now.at : "", now.from->id,
			       kata_node_str(now.from->node, "coach"), cmd_c(ctx, C_RESET));
		else
			printf("            %s(%.10s, measure %.4s)%s\n", cmd_c(ctx, C_DIM),
			       now.at ? now.at : "", now.from->id, cmd_c(ctx, C_RESET));
	}
	if (sb->measures.n)
		run_charts(ctx, sb, width);
	else if (!s)
		printf("  %s(no measures yet: kata measure NAME VALUE)%s\n", cmd_c(ctx, C_DIM),
		       cmd_c(ctx, C_RESET));
}

static void show_obstacles(const struct kata_ctx *ctx, const struct kata_storyboard *sb,
			   int width)
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
		struct cmd_line l;
		FILE *f = cmd_line_open(&l);

		cmd_abbrev(ab, o->id, o->abbrev);
		fprintf(f, "  %s %s%s%s  %s%s", o == focus ? CMD_FOCUS_MARK : " ", cmd_c(ctx, C_YELLOW), ab,
			cmd_c(ctx, C_RESET),
			closed ? cmd_c(ctx, C_DIM) : o == focus ? cmd_c(ctx, C_BOLD) : "",
			kata_node_str(o->node, "text"));
		if (o == focus)
			fputs(CMD_FOCUS_NOTE, f);
		else if (closed)
			fputs("  (closed)", f);
		fputs(cmd_c(ctx, C_RESET), f);
		/* the text wraps under itself */
		cmd_line_wrap(&l, 4 + (int)strlen(ab) + 2, width);
	}
}

static void show_steps(const struct kata_ctx *ctx, const struct kata_storyboard *sb,
		       int width)
{
	size_t i;
	char ab[16], plain[64];

	heading(ctx, "PDCA CYCLES RECORD");
	if (!sb->steps.n)
		printf("  %s(no steps yet: kata step TEXT --expect TEXT)%s\n", cmd_c(ctx, C_DIM),
		       cmd_c(ctx, C_RESET));
	for (i = 0; i < sb->steps.n; i++) {
		const struct kata_rec *r = &sb->steps.rec[i];
		const struct kata_node *s = r->node;
		bool open = !strcmp(kata_node_str(s, "status"), "open");
		const char *see = kata_node_str(s, "see_by"), *v;

		struct cmd_line l;
		FILE *f;
		int col;

		cmd_abbrev(ab, r->id, r->abbrev);
		/* the step's text wraps under itself */
		col = snprintf(plain, sizeof(plain), "  #%lu %s  %.10s  ", r->seq, ab,
			       kata_node_str(s, "planned"));
		f = cmd_line_open(&l);
		fprintf(f, "  %s#%lu%s %s%s%s  %.10s  %s", cmd_c(ctx, C_BOLD), r->seq,
			cmd_c(ctx, C_RESET), cmd_c(ctx, C_YELLOW), ab, cmd_c(ctx, C_RESET),
			kata_node_str(s, "planned"), kata_node_str(s, "step"));
		cmd_line_wrap(&l, col, width);
		block(width, "      expect:   ", kata_node_str(s, "expect"), 0);
		if ((v = kata_node_str(s, "happened")))
			block(width, "      happened: ", v, 0);
		if ((v = kata_node_str(s, "learned")))
			block(width, "      learned:  ", v, 0);
		if (open) {
			f = cmd_line_open(&l);
			fprintf(f, "      %sOPEN%s", cmd_c(ctx, C_GREEN), cmd_c(ctx, C_RESET));
			if (see) {
				fputs(", go and see ", f);
				cmd_print_see_by(f, ctx, see);
			}
			cmd_line_wrap(&l, 6, width);
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
static void show_feedback(const struct kata_ctx *ctx, const struct kata_storyboard *sb,
			  int width)
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
		block(width, "      ", kata_node_str(fb, "note"), 0);
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
			block(width, label, note ? note : "", 0);
		}
	}
}

int cmd_show(int argc, char **argv, struct kata_ctx *ctx)
{
	/* everything on the storyboard, the second coach's feedback too */
	struct kata_storyboard_opts load = {
		KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, KATA_LOAD_ALL, NULL,
	};
	struct cmd_opt opts[] = {
		CMD_STRING('t', "target", &load.target, "ID",
			   "an earlier target condition (see 'kata target list')"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_storyboard *sb = NULL;
	const struct kata_node *l;
	int width = cmd_term_width();
	struct cmd_line line;
	const char *s;
	FILE *f;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0 ||
	    (r = cmd_storyboard(ctx, ctx->nargs ? ctx->args[0] : NULL, &load, &sb)))
		return r;
	if (ctx->json) {
		r = show_json(sb);
		kata_storyboard_free(sb);
		return r;
	}
	l = sb->learner;
	f = cmd_line_open(&line);
	fprintf(f, "%s%s%s", cmd_c(ctx, C_BOLD), sb->learner_id, cmd_c(ctx, C_RESET));
	if ((s = kata_node_str(l, "name")))
		fprintf(f, " - %s", s);
	if ((s = kata_node_str(l, "coach")))
		fprintf(f, "  (coach: %s)", s);
	cmd_line_wrap(&line, 2, width);
	if ((s = kata_node_str(l, "process")))
		block(width, "focus process: ", s, 0);
	if (!sb->target) {
		printf("\nNo target condition yet. Start one:\n"
		       "  kata start --challenge TEXT --target TEXT --by DATE\n");
	} else {
		show_target(ctx, sb, width);
		show_obstacles(ctx, sb, width);
		show_steps(ctx, sb, width);
		show_feedback(ctx, sb, width);
		if (sb->coaching.n) {
			const struct kata_node *last = sb->coaching.rec[sb->coaching.n - 1].node;

			putchar('\n');
			f = cmd_line_open(&line);
			fprintf(f, "%slast coaching cycle %.10s by %s (%zu in this target condition)%s",
				cmd_c(ctx, C_DIM), kata_node_str(last, "at"), kata_node_str(last, "coach"),
				sb->coaching.n, cmd_c(ctx, C_RESET));
			cmd_line_wrap(&line, 2, width);
		}
	}
	kata_storyboard_free(sb);
	return 0;
}
