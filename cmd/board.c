#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/board.h"

/* The narrowest and widest the learner column gets. */
#define ID_MIN 7
#define ID_MAX 12
/* Past this, the text columns stop growing: a row stays readable. */
#define WIDTH_MAX 160
#define CELL_MAX 1024

/* ---- JSON ---- */

static json_t *rec_or_null(const struct kata_rec *r)
{
	return r && r->node ? cmd_json_record(r->node) : json_null();
}

static json_t *int_or_null(bool has, int v)
{
	return has ? json_integer(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* A row in SPEC 6's shape, then what the board knows besides. */
static json_t *row_json(const struct kata_board_row *row)
{
	json_t *j = json_object(), *flags = json_array();
	unsigned i;

	for (i = 0; i < KATA_BOARD_FLAGS; i++)
		if (row->flags & (1u << i))
			json_array_append_new(flags, json_string(kata_board_flag_name(i)));
	json_object_set_new(j, "learner", json_string(row->learner));
	json_object_set_new(j, "target", row->active ? rec_or_null(row->sb->target) : json_null());
	json_object_set_new(j, "days_to_achieve_by",
			    int_or_null(row->active, row->days_to_achieve_by));
	json_object_set_new(j, "steps_7d", json_integer(row->steps_7d));
	json_object_set_new(j, "days_since_step",
			    int_or_null(row->days_since_step >= 0, row->days_since_step));
	json_object_set_new(j, "open_step", rec_or_null(row->open_step));
	json_object_set_new(j, "overdue", json_boolean(row->overdue));
	json_object_set_new(j, "focus_obstacle", rec_or_null(row->focus));
	json_object_set_new(j, "last_coaching", str_or_null(row->last_coaching_day));
	json_object_set_new(j, "flags", flags);
	json_object_set_new(j, "coach", str_or_null(row->coach));
	json_object_set_new(j, "last_coach", str_or_null(row->last_coach));
	json_object_set_new(j, "workdays_since_coaching",
			    int_or_null(row->active, row->workdays_since_coaching));
	return j;
}

static int board_json(const struct kata_board *b)
{
	json_t *j = json_object(), *rows = json_array();
	size_t i;

	for (i = 0; i < b->n; i++)
		json_array_append_new(rows, row_json(&b->rows[i]));
	json_object_set_new(j, "learners", rows);
	return cmd_json_print(j);
}

static int coaches_json(const struct kata_board *b)
{
	json_t *j = json_object(), *list = json_array();
	size_t i, k;

	for (i = 0; i < b->n_coaches; i++) {
		const struct kata_board_coach *c = &b->coaches[i];
		json_t *o = json_object(), *learners = json_array();

		for (k = 0; k < c->n_learners; k++)
			json_array_append_new(learners, json_string(c->learners[k]));
		json_object_set_new(o, "coach", json_string(c->coach));
		json_object_set_new(o, "learners", learners);
		json_object_set_new(o, "cycles_7d", json_integer(c->cycles_7d));
		json_object_set_new(o, "cycles_expected_7d", json_integer(c->expected_7d));
		json_object_set_new(o, "observations_7d", json_integer(c->observations_7d));
		json_object_set_new(o, "timed_7d", json_integer(c->timed_7d));
		json_object_set_new(o, "minutes_per_cycle", c->timed_7d ?
				    json_real(c->minutes_7d / c->timed_7d) : json_null());
		json_object_set_new(o, "own", c->own ? row_json(c->own) : json_null());
		json_array_append_new(list, o);
	}
	json_object_set_new(j, "coaches", list);
	return cmd_json_print(j);
}

/* ---- the terminal ---- */

/* s on one line (line breaks and tabs of a record's text as spaces), cut
 * to w columns. */
static const char *one_line(char out[CELL_MAX], const char *s, int w)
{
	char flat[CELL_MAX];
	size_t i;

	snprintf(flat, sizeof(flat), "%s", s ? s : "");
	for (i = 0; flat[i]; i++)
		if ((unsigned char)flat[i] < 0x20 || flat[i] == 0x7f)
			flat[i] = ' ';
	return cmd_truncate(out, CELL_MAX, flat, w);
}

/* One cell: text cut to w columns, padded (right-aligned for numbers), in
 * colour when it is flagged; a space after it but after the last. */
static void cell(FILE *f, const struct kata_ctx *ctx, const char *s, int w, bool right,
		 bool flagged, bool last)
{
	char buf[CELL_MAX];
	int tw;

	one_line(buf, s, w);
	tw = cmd_text_width(buf);
	if (right && tw < w)
		fprintf(f, "%*s", w - tw, "");
	fprintf(f, "%s%s%s", flagged ? cmd_c(ctx, C_RED) : "", buf,
		flagged ? cmd_c(ctx, C_RESET) : "");
	if (!right && !last && tw < w)
		fprintf(f, "%*s", w - tw, "");
	if (!last)
		fputc(' ', f);
}

/* The widths of the board's columns for a terminal of width columns. */
struct layout {
	int id, target, due, steps, idle, see, focus, coached;
};

static int id_width(const struct kata_board *b)
{
	int w = ID_MIN, tw;
	size_t i;

	for (i = 0; i < b->n; i++)
		if ((tw = cmd_text_width(b->rows[i].learner)) > w)
			w = tw;
	return w > ID_MAX ? ID_MAX : w;
}

static void board_layout(struct layout *l, const struct kata_board *b, int width)
{
	int rest;

	l->id = id_width(b);
	l->due = 4;
	l->steps = 2;
	l->idle = 4;
	l->see = 11;
	l->coached = 12;
	/* what is left, less a space between columns, for the two texts */
	rest = width - (l->id + l->due + l->steps + l->idle + l->see + l->coached) - 7;
	if (rest < 16)
		rest = 16;
	l->target = rest * 11 / 20;
	l->focus = rest - l->target;
}

/* "2026-11-22T10:00:00Z" as "11-22 10:00", a day as "11-22". */
static const char *month_day(char buf[CMD_WHEN_SHORT], const char *s)
{
	const char *v = cmd_when_short(buf, s);

	return strlen(v) >= 10 ? v + 5 : v;
}

static void flag_line(const struct kata_ctx *ctx, const struct kata_board_row *row, int indent,
		      int width)
{
	struct cmd_line l;
	FILE *f;
	const char *sep = "";

	if (!row->n_flags)
		return;
	f = cmd_line_open(&l);
	fprintf(f, "%*s%s! ", indent, "", cmd_c(ctx, C_RED));
	if (row->flags & KATA_BOARD_NO_STEP_2D) {
		if (row->days_since_step >= 0)
			fprintf(f, "no step for %d days", row->idle_days);
		else
			fprintf(f, "no step in %d days", row->idle_days);
		sep = ", ";
	}
	if (row->flags & KATA_BOARD_SEE_OVERDUE) {
		fprintf(f, "%sgo-and-see overdue", sep);
		sep = ", ";
	}
	if (row->flags & KATA_BOARD_PAST_ACHIEVE_BY) {
		fprintf(f, "%s%d day%s past achieve-by", sep, -row->days_to_achieve_by,
			row->days_to_achieve_by == -1 ? "" : "s");
		sep = ", ";
	}
	if (row->flags & KATA_BOARD_NO_COACHING_3WD)
		fprintf(f, "%sno coaching cycle for %d working days", sep,
			row->workdays_since_coaching);
	fputs(cmd_c(ctx, C_RESET), f);
	cmd_line_wrap(&l, indent + 2, width);
}

static void board_row(const struct kata_ctx *ctx, const struct kata_board_row *row,
		      const struct layout *l, int width)
{
	char num[32], when[CMD_WHEN_SHORT], coached[CELL_MAX];
	const char *see;
	FILE *f = stdout;

	cell(f, ctx, row->learner, l->id, false, false, false);
	if (!row->active) {
		fputs("(no active target condition)\n", f);
		return;
	}
	cell(f, ctx, kata_node_str(row->sb->target->node, "condition"), l->target, false, false,
	     false);
	snprintf(num, sizeof(num), "%dd", row->days_to_achieve_by);
	cell(f, ctx, num, l->due, true, row->flags & KATA_BOARD_PAST_ACHIEVE_BY, false);
	snprintf(num, sizeof(num), "%u", row->steps_7d);
	cell(f, ctx, num, l->steps, true, false, false);
	snprintf(num, sizeof(num), "%dd", row->days_since_step);
	cell(f, ctx, row->days_since_step >= 0 ? num : "-", l->idle, true,
	     row->flags & KATA_BOARD_NO_STEP_2D, false);
	see = row->open_step ? kata_node_str(row->open_step->node, "see_by") : NULL;
	cell(f, ctx, see ? month_day(when, see) : "-", l->see, false, row->overdue, false);
	cell(f, ctx, row->focus ? kata_node_str(row->focus->node, "text") : "-", l->focus, false,
	     false, false);
	if (*row->last_coaching_day)
		snprintf(coached, sizeof(coached), "%s %s", row->last_coaching_day + 5,
			 row->last_coach ? row->last_coach : "");
	else
		snprintf(coached, sizeof(coached), "never");
	cell(f, ctx, coached, l->coached, false, row->flags & KATA_BOARD_NO_COACHING_3WD, true);
	fputc('\n', f);
	flag_line(ctx, row, l->id + 1, width);
}

static void legend(const struct kata_ctx *ctx, const char *text, int width)
{
	struct cmd_line l;
	FILE *f = cmd_line_open(&l);

	fprintf(f, "%s%s%s", cmd_c(ctx, C_DIM), text, cmd_c(ctx, C_RESET));
	cmd_line_wrap(&l, 0, width);
}

static void board_text(const struct kata_ctx *ctx, const struct kata_board *b, int width)
{
	struct layout l;
	size_t i;

	board_layout(&l, b, width);
	cell(stdout, ctx, "LEARNER", l.id, false, false, false);
	cell(stdout, ctx, "TARGET", l.target, false, false, false);
	cell(stdout, ctx, "DUE", l.due, true, false, false);
	cell(stdout, ctx, "7D", l.steps, true, false, false);
	cell(stdout, ctx, "IDLE", l.idle, true, false, false);
	cell(stdout, ctx, "GO AND SEE", l.see, false, false, false);
	cell(stdout, ctx, "FOCUS", l.focus, false, false, false);
	cell(stdout, ctx, "COACHED", l.coached, false, false, true);
	putchar('\n');
	for (i = 0; i < b->n; i++)
		board_row(ctx, &b->rows[i], &l, width);
	putchar('\n');
	legend(ctx, "DUE days to achieve-by, 7D steps in the last 7 days, IDLE days since "
	       "the last step, COACHED the last coaching cycle and its coach", width);
}

static void coaches_text(const struct kata_ctx *ctx, const struct kata_board *b, int width)
{
	int id = ID_MIN, own, tw;
	size_t i, k;

	for (i = 0; i < b->n_coaches; i++)
		if ((tw = cmd_text_width(b->coaches[i].coach)) > id)
			id = tw;
	if (id > ID_MAX)
		id = ID_MAX;
	/* coach, learners 8, cycles 9, minutes 9, observed 8, idle 4, spaces */
	own = width - id - 38 - 6;
	if (own < 10)
		own = 10;
	cell(stdout, ctx, "COACH", id, false, false, false);
	cell(stdout, ctx, "LEARNERS", 8, true, false, false);
	cell(stdout, ctx, "CYCLES 7D", 9, true, false, false);
	cell(stdout, ctx, "MIN/CYCLE", 9, true, false, false);
	cell(stdout, ctx, "OBSERVED", 8, true, false, false);
	cell(stdout, ctx, "OWN TARGET", own, false, false, false);
	cell(stdout, ctx, "IDLE", 4, true, false, true);
	putchar('\n');
	for (i = 0; i < b->n_coaches; i++) {
		const struct kata_board_coach *c = &b->coaches[i];
		const struct kata_board_row *r = c->own;
		char num[32];
		struct cmd_line l;
		FILE *f;

		cell(stdout, ctx, c->coach, id, false, false, false);
		snprintf(num, sizeof(num), "%zu", c->n_learners);
		cell(stdout, ctx, num, 8, true, false, false);
		snprintf(num, sizeof(num), "%u/%u", c->cycles_7d, c->expected_7d);
		cell(stdout, ctx, num, 9, true, false, false);
		if (c->timed_7d)
			snprintf(num, sizeof(num), "%.1f", c->minutes_7d / c->timed_7d);
		else
			snprintf(num, sizeof(num), "-");
		cell(stdout, ctx, num, 9, true, false, false);
		snprintf(num, sizeof(num), "%u", c->observations_7d);
		cell(stdout, ctx, num, 8, true, false, false);
		if (r && r->active) {
			cell(stdout, ctx, kata_node_str(r->sb->target->node, "condition"), own, false,
			     false, false);
			snprintf(num, sizeof(num), "%dd", r->days_since_step);
			cell(stdout, ctx, r->days_since_step >= 0 ? num : "-", 4, true,
			     r->flags & KATA_BOARD_NO_STEP_2D, true);
		} else {
			cell(stdout, ctx, r ? "(none)" : "(not a learner here)", own, false, false,
			     false);
			cell(stdout, ctx, "-", 4, true, false, true);
		}
		putchar('\n');
		f = cmd_line_open(&l);
		fprintf(f, "%*scoaches ", id + 1, "");
		for (k = 0; k < c->n_learners; k++)
			fprintf(f, "%s%s", k ? ", " : "", c->learners[k]);
		cmd_line_wrap(&l, id + 9, width);
		if (r)
			flag_line(ctx, r, id + 1, width);
	}
	putchar('\n');
	legend(ctx, "CYCLES 7D coaching cycles in the last 7 days against one per learner "
	       "per working day, MIN/CYCLE minutes per cycle where a second coach timed it, "
	       "OBSERVED second coaches' feedback in the last 7 days, OWN TARGET and IDLE "
	       "the coach's own storyboard", width);
}

int cmd_board(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_board_opts bo = { NULL, false };
	struct cmd_opt opts[] = {
		CMD_STRING(0, "coach", &bo.coach, "ID", "only the learners this coach coaches"),
		CMD_FLAG(0, "coaches", &bo.coaches,
			 "the coaches' view: each coach's cycles, minutes and observations"),
		CMD_END,
	};
	struct kata_board *b = NULL;
	struct kata_error err;
	int width = cmd_term_width(), r;

	if ((r = cmd_parse(ctx, argc, argv, opts, NULL)) >= 0 || (r = cmd_repo(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_board_load(&b, ctx->repo, &bo, &err) < 0)
		return cmd_error(&err);
	if (width > WIDTH_MAX)
		width = WIDTH_MAX;
	if (ctx->json) {
		r = bo.coaches ? coaches_json(b) : board_json(b);
	} else if (bo.coaches) {
		if (b->n_coaches)
			coaches_text(ctx, b, width);
		else
			printf("%s\n", bo.coach ? "Nobody names that coach." :
			       "No coaches yet: kata learner add ID --coach ID");
		r = 0;
	} else {
		if (b->n)
			board_text(ctx, b, width);
		else
			printf("%s\n", bo.coach ? "Nobody names that coach." :
			       "No learners yet: kata learner add ID");
		r = 0;
	}
	kata_board_free(b);
	return r;
}
