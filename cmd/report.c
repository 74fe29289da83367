#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kata.h"
#include "kata/board.h"
#include "kata/coach.h"
#include "kata/learner.h"
#include "kata/report.h"
#include "kata/str.h"

/*
 * kata report: static HTML for the wall and for the boss. Everything a
 * page needs is in the page (CSS in a <style>, charts as inline SVG, no
 * script, font or image from anywhere), so that it opens offline and
 * prints the same everywhere; every text a learner typed is escaped.
 */

/* A sheet of paper, landscape; the learning report prints it upright. */
struct paper {
	const char *name;
	const char *css;	/* @page size */
	double w, h;		/* landscape, mm */
};

static const struct paper papers[] = {
	{ "a3", "A3", 420, 297 },
	{ "a4", "A4", 297, 210 },
	{ "letter", "letter", 279.4, 215.9 },
};

/* The storyboard's columns, left to right, as on the paper storyboard,
 * and their shares of the width. */
enum { COL_CHALLENGE, COL_TARGET, COL_CURRENT, COL_OBSTACLES, COL_PDCA, N_COLS };
static const double col_share[N_COLS] = { 0.9, 1.1, 1.8, 1.1, 2.7 };

/* The run chart's drawing, in the SVG's own units. */
#define CH_W 400.0
#define CH_H 280.0
#define CH_L 50.0
#define CH_R 14.0
#define CH_T 16.0
#define CH_B 46.0

/* The shares of the PDCA record's table: #, step, expected, happened, learned. */
static const double pdca_share[5] = { 0.14, 0.215, 0.215, 0.215, 0.215 };

/* ---- HTML text ---- */

/* Prints text with & < > " ' as entities: nothing a learner typed can
 * become markup, in an element or in an attribute. */
static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* <tag class="cls">text</tag>, the text escaped. */
static void elem(FILE *f, const char *tag, const char *cls, const char *text)
{
	fprintf(f, "<%s class=\"%s\">", tag, cls);
	esc(f, text);
	fprintf(f, "</%s>\n", tag);
}

/* A day of an RFC 3339 time: its first ten characters. */
static void esc_day(FILE *f, const char *s)
{
	char day[11];

	snprintf(day, sizeof(day), "%s", s ? s : "");
	esc(f, day);
}

/* The days from now to day, as show says them: "(3 days left)". */
static void days_left(char *buf, size_t size, const struct kata_time *now, const char *day,
		      const char **cls)
{
	struct kata_time by;
	int d;

	*buf = '\0';
	*cls = "";
	if (!day || kata_when_parse(&by, day, now, NULL) < 0)
		return;
	d = kata_time_days_between(now, &by);
	if (d > 0)
		snprintf(buf, size, "%d day%s left", d, d == 1 ? "" : "s");
	else if (d == 0) {
		snprintf(buf, size, "due today");
		*cls = "due";
	} else {
		snprintf(buf, size, "%d day%s past", -d, d == -1 ? "" : "s");
		*cls = "past";
	}
}

/* ---- files ---- */

/* A file written through a temporary one, renamed into place once whole. */
struct out {
	FILE *f;
	char path[4096], tmp[4096 + 8];
};

static int out_open(struct out *o, const char *dir, const char *name)
{
	int n = snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= sizeof(o->path))
		return cmd_errorf("'%s/%s': path too long", dir, name);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", o->path);
	if (!(o->f = fopen(o->tmp, "w")))
		return cmd_errorf("cannot write '%s': %s", o->tmp, strerror(errno));
	return 0;
}

/* Closes and renames, and names the file written; 0 or 1 (said why). */
static int out_close(struct out *o)
{
	int bad = ferror(o->f);

	if (fclose(o->f) != 0)
		bad = 1;
	o->f = NULL;
	if (bad) {
		unlink(o->tmp);
		return cmd_errorf("cannot write '%s'", o->tmp);
	}
	if (rename(o->tmp, o->path) < 0) {
		unlink(o->tmp);
		return cmd_errorf("cannot write '%s': %s", o->path, strerror(errno));
	}
	printf("%s\n", o->path);
	return 0;
}

/* The folder to write to, made if missing (not its parents). */
static int out_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return cmd_errorf("cannot make the folder '%s': %s", dir, strerror(errno));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return cmd_errorf("'%s' is not a folder", dir);
	return 0;
}

/* The names the report gives its own pages: a learner of that name has
 * "_" after it, which no learner ID can hold, so that no page is lost. */
static const char *const own_pages[] = { "index", "storyboards", "report", NULL };

static void page_name(char *buf, size_t size, const char *learner)
{
	size_t i;

	for (i = 0; own_pages[i]; i++)
		if (!strcmp(own_pages[i], learner)) {
			snprintf(buf, size, "%s_.html", learner);
			return;
		}
	snprintf(buf, size, "%s.html", learner);
}

/* ---- CSS ---- */

static const char css_common[] =
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:0;font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif;"
	"color:#1a1a1a;line-height:1.3}\n"
	"h1,h2,h3,p,ol,ul{margin:0}\n"
	"a{color:#1a4d8f}\n"
	".id{font-family:'DejaVu Sans Mono','Liberation Mono',monospace;color:#666;font-size:.85em}\n"
	".dim{color:#666}\n"
	".past,.overdue{color:#b00020;font-weight:bold}\n"
	".due{color:#a35d00;font-weight:bold}\n"
	".text{white-space:pre-wrap;overflow-wrap:anywhere}\n";

/* The storyboard sheet, sized to the paper: one sheet is one page. */
static void css_sheet(FILE *f, const struct paper *p)
{
	double pad = 8.0 * p->w / 420.0, gap = 3.5 * p->w / 420.0;
	double font = 10.5 * p->w / 420.0;	/* pt at a scale of 1 */

	fprintf(f, "@page{size:%s landscape;margin:0}\n", p->css);
	fputs(css_common, f);
	fprintf(f,
		"body{background:#d9d9d9}\n"
		".sheet{width:%.1fmm;height:%.1fmm;padding:%.2fmm;margin:0 auto;background:#fff;"
		"overflow:hidden;display:flex;flex-direction:column;"
		"font-size:%.2fpt;break-after:page;page-break-after:always}\n"
		".sheet:last-child{break-after:auto;page-break-after:auto}\n"
		"@media screen{.sheet{width:min(%.1fmm,100%%);margin-bottom:4mm;box-shadow:0 1px 4px #0004}}\n"
		"@media print{body{background:none}}\n"
		".sheet>header{display:flex;align-items:baseline;gap:1.2em;flex-wrap:wrap;"
		"border-bottom:.6mm solid #1a1a1a;padding-bottom:1mm;margin-bottom:%.2fmm}\n"
		".sheet>header h1{font-size:1.6em}\n"
		".sheet>header .meta{color:#444}\n"
		".board{flex:1;min-height:0;display:grid;gap:%.2fmm;"
		"grid-template-columns:%.2ffr %.2ffr %.2ffr %.2ffr %.2ffr}\n"
		".col{border:.4mm solid #1a1a1a;padding:2mm;overflow:hidden;min-width:0;"
		"font-size:calc(1em * var(--f,1))}\n"
		".col>h2{font-size:calc(1.05em / var(--f,1));text-transform:uppercase;letter-spacing:.04em;"
		"background:#1a1a1a;color:#fff;margin:-2mm -2mm 2mm;padding:1mm 2mm}\n"
		".col p{margin-bottom:.5em}\n"
		".label{font-weight:bold}\n"
		".condition{font-size:1.15em;font-weight:bold}\n"
		".chart{display:block;width:100%%;height:auto;margin:.3em 0 .6em}\n"
		".chart text{font-family:inherit;font-size:14px;fill:#1a1a1a}\n"
		".chart .axis{stroke:#1a1a1a;stroke-width:1}\n"
		".chart .grid{stroke:#ccc;stroke-width:.6}\n"
		".chart .goal{stroke:#1b7f3a;stroke-width:2;stroke-dasharray:8 4}\n"
		".chart .goal-label{fill:#1b7f3a;font-weight:bold}\n"
		".chart .by{stroke:#b00020;stroke-width:1.4;stroke-dasharray:4 3}\n"
		".chart .by-label{fill:#b00020}\n"
		".chart .run{fill:none;stroke:#1a4d8f;stroke-width:2}\n"
		".chart .point{fill:#1a4d8f;stroke:#fff;stroke-width:1}\n"
		".obstacles{list-style:none;padding:0}\n"
		".obstacles li{padding:.25em 0 .25em 1.4em;text-indent:-1.4em;border-bottom:.2mm solid #ccc}\n"
		".obstacles .mark{display:inline-block;width:1.4em;text-indent:0}\n"
		".obstacles .focus{font-weight:bold;background:#fff3b0}\n"
		".obstacles .closed{color:#777;text-decoration:line-through}\n"
		".pdca{width:100%%;border-collapse:collapse;table-layout:fixed}\n"
		".pdca th,.pdca td{border:.2mm solid #999;padding:.25em .3em;vertical-align:top;text-align:left}\n"
		".pdca th{background:#eee;font-size:.9em}\n"
		".pdca .open td{background:#eef6ff}\n"
		".pdca .n{font-weight:bold}.pdca .n .dim{font-weight:normal;font-size:.75em;white-space:nowrap}\n"
		".empty{color:#777;font-style:italic}\n",
		p->w, p->h - 0.6, pad, font, p->w, 1.5 * pad / 2, gap, col_share[0], col_share[1],
		col_share[2], col_share[3], col_share[4]);
	fputs(".pdca col.c0{width:14%}.pdca col.cx{width:21.5%}\n", f);
}

/* ---- fitting a storyboard onto its sheet ---- */

/*
 * CSS cannot shrink text to fit a page, and a page must not spill onto a
 * second sheet. So the text is measured here, roughly (a character is
 * about 0.55 em wide, a line 1.3 em high, in columns as the terminal
 * counts them, so that a Japanese character is two), and the text of each
 * column that would overflow is scaled down until it fits: a long PDCA
 * record gets small writing, a short challenge keeps its size, as on a
 * paper storyboard. What the estimate misses is cut at the column's edge
 * rather than printed on a second sheet.
 */
struct fit {
	double width[N_COLS];	/* inner width of each column, mm */
	double height;		/* inner height of the columns below their heading, mm */
	double font;		/* font size at a scale of 1, mm */
	const struct kata_page *pg;
	const char *now_text;	/* the latest actual condition, if shown */
};

static double lines_of(const char *text, double width_mm, double em_mm)
{
	double per_line = width_mm / (0.55 * em_mm), n = 0;
	const char *p = text;

	if (!text || !*text)
		return 0;
	if (per_line < 1)
		per_line = 1;
	while (p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(len + 1);
		int w;

		if (!line)
			return n + 1;
		memcpy(line, p, len);
		line[len] = '\0';
		w = cmd_text_width(line);
		free(line);
		n += w ? ceil(w / per_line) : 1;
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

/* The height of column col's content with its text scaled by f, mm. */
static double col_height(const struct fit *fit, int col, double f)
{
	const struct kata_storyboard *sb = fit->pg->sb;
	const struct kata_node *t = sb->target->node;
	double em = fit->font * f, line = 1.3 * em, w = fit->width[col], h = 0;
	size_t i, k;

	switch (col) {
	case COL_CHALLENGE:
		return line * (0.5 + lines_of(kata_node_str(t, "challenge"), w, em));
	case COL_TARGET:
		return line * (1.15 * lines_of(kata_node_str(t, "condition"), w, 1.15 * em) +
			       lines_of(kata_node_str(t, "note"), w, em) + 8);
	case COL_CURRENT:
		h = line * (lines_of(kata_node_str(t, "current"), w, em) +
			    lines_of(fit->now_text, w, em) + 3);
		/* a chart keeps its size: it is as wide as the column */
		for (i = 0; i < fit->pg->n_charts; i++)
			h += w * CH_H / CH_W + line;
		return h;
	case COL_OBSTACLES:
		for (i = 0; i < sb->obstacles.n; i++)
			h += line * (0.6 + lines_of(kata_node_str(sb->obstacles.rec[i].node, "text"),
						    w - 1.4 * em, em));
		return h + line;
	default:
		h = line * 2.5;
		for (i = 0; i < sb->steps.n; i++) {
			const struct kata_node *s = sb->steps.rec[i].node;
			const char *cell[5] = { "#00", kata_node_str(s, "step"),
						kata_node_str(s, "expect"), kata_node_str(s, "happened"),
						kata_node_str(s, "learned") };
			double rows = 3;	/* #, ID, day */

			for (k = 1; k < 5; k++) {
				double l = lines_of(cell[k], w * pdca_share[k] - 0.8 * em, em);

				if (l > rows)
					rows = l;
			}
			h += line * (rows + 0.5);
		}
		return h;
	}
}

/* The scale of column col's text that fits it (1 at most). */
static double col_scale(const struct fit *fit, int col)
{
	double f;

	for (f = 1.0; f > 0.3; f -= 0.02)
		if (col_height(fit, col, f) <= fit->height)
			return f;
	return 0.3;
}

static void fit_init(struct fit *fit, const struct paper *p, const struct kata_page *pg,
		     const char *now_text)
{
	double pad = 8.0 * p->w / 420.0, gap = 3.5 * p->w / 420.0, share = 0, inner;
	size_t i;

	fit->pg = pg;
	fit->now_text = now_text;
	fit->font = 10.5 * p->w / 420.0 * 25.4 / 72.0;
	for (i = 0; i < N_COLS; i++)
		share += col_share[i];
	inner = p->w - 2 * pad - (N_COLS - 1) * gap;
	for (i = 0; i < N_COLS; i++)
		fit->width[i] = inner * col_share[i] / share - 4.8;	/* padding, border */
	/* the sheet less its padding, its header and a column's heading */
	fit->height = p->h - 0.6 - 2 * pad - (1.6 * 1.3 * fit->font + 2 + 0.75 * pad) -
		      (1.05 * 1.3 * fit->font + 6.8);
}

/* ---- the run chart ---- */

/* A step of about a quarter of span, 1, 2 or 5 times a power of ten. */
static double nice_step(double span, double k)
{
	/* a quarter of the span in the values' own units (finite: the span
	 * in units of k is within 2^1002), rounded to 1, 2 or 5 times 10^n,
	 * then in units of k again */
	double raw = span / 4 / k, mag, s;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	s = raw / mag;
	return (s < 1.5 ? 1 : s < 3.5 ? 2 : s < 7.5 ? 5 : 10) * mag * k;
}

static void day_of(char buf[KATA_TIME_BUFSZ], int64_t t, int offset)
{
	struct kata_time tm = { t, offset, false };

	kata_time_format_day(buf, &tm);
}

/*
 * The run chart: every value as a point, joined in time order (single
 * values, no averages), the goal as a line across, the achieve-by day as a
 * line up from the time axis, and the axes labelled. Each point and the
 * goal line carry their value (data-value) for whoever reads the page.
 */
static void chart_svg(FILE *f, const struct kata_chart *c, const struct kata_time *now)
{
	double x0 = CH_L, x1 = CH_W - CH_R, y0 = CH_T, y1 = CH_H - CH_B;
	double lo = 0, hi = 0, step, v, k;
	int64_t tmin = 0, tmax = 0;
	bool any = false;
	char day[KATA_TIME_BUFSZ];
	size_t i;

	for (i = 0; i < c->n; i++) {
		v = c->points[i].value;
		if (!any || v < lo)
			lo = v;
		if (!any || v > hi)
			hi = v;
		if (!any || c->points[i].t < tmin)
			tmin = c->points[i].t;
		if (!any || c->points[i].t > tmax)
			tmax = c->points[i].t;
		any = true;
	}
	if (c->goal) {
		lo = any && lo < c->goal_value ? lo : c->goal_value;
		hi = any && hi > c->goal_value ? hi : c->goal_value;
	}
	/*
	 * Values as far apart as -1e308 and 1e308 would overflow hi - lo to
	 * inf (and every point to NaN): the chart is drawn in units of k, a
	 * power of two that keeps them within 2^1000 (exact, and room for the
	 * margins below); its labels say the values themselves.
	 */
	for (k = 1; fmax(fabs(lo), fabs(hi)) * k > 0x1p1000; k /= 2)
		;
	lo *= k;
	hi *= k;
	if (c->has_start && (!any || c->start < tmin))
		tmin = c->start;
	if (!any && !c->has_start)
		tmin = now->t;
	if (c->has_by && c->by + 86400 > tmax)
		tmax = c->by + 86400;
	if (tmax <= tmin)
		tmax = tmin + 86400;
	if (hi <= lo) {
		hi += fabs(hi) > 1 ? fabs(hi) * 0.1 : 1;
		lo -= fabs(lo) > 1 ? fabs(lo) * 0.1 : 1;
	}
	v = (hi - lo) * 0.08;
	hi += v;
	lo -= v;

#define X(t) (x0 + (x1 - x0) * (double)((t) - tmin) / (double)(tmax - tmin))
#define YS(sv) (y1 - (y1 - y0) * ((sv) - lo) / (hi - lo))	/* in units of k */
#define Y(v) YS((v) * k)
#define VALUE(v) (fmax(-DBL_MAX, fmin(DBL_MAX, (v) / k)))
	fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"run chart of ",
		CH_W, CH_H);
	esc(f, c->metric);
	fprintf(f, "\" data-metric=\"");
	esc(f, c->metric);
	fprintf(f, "\" data-lo=\"%.6g\" data-hi=\"%.6g\" data-y0=\"%.2f\" data-y1=\"%.2f\">\n", VALUE(lo), VALUE(hi),
		y0, y1);
	fputs("<title>run chart of ", f);
	esc(f, c->metric);
	fputs("</title>\n", f);

	/* the value axis: gridlines at round values */
	step = nice_step(hi - lo, k);
	for (v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
		double y = YS(v);

		fprintf(f, "<line class=\"grid\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>"
			"<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%.6g</text>\n",
			x0, y, x1, y, x0 - 4, y + 4, fabs(v) < step * 1e-9 ? 0.0 : VALUE(v));
	}
	fprintf(f, "<line class=\"axis\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", x0, y0,
		x0, y1);
	fprintf(f, "<line class=\"axis\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", x0, y1,
		x1, y1);
	fprintf(f, "<text class=\"axis-label\" transform=\"translate(12 %.2f) rotate(-90)\" "
		"text-anchor=\"middle\">", (y0 + y1) / 2);
	esc(f, c->metric);
	if (c->unit) {
		fputs(" (", f);
		esc(f, c->unit);
		fputc(')', f);
	}
	fputs("</text>\n", f);

	/* the time axis: the start, the achieve-by day */
	day_of(day, tmin, now->offset);
	fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"start\">%s</text>\n", x0, y1 + 16, day);
	if (c->has_by) {
		double x = X(c->by);

		fprintf(f, "<line class=\"by\" data-day=\"");
		esc(f, c->by_day);
		fprintf(f, "\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", x, y0, x, y1 + 4);
		fprintf(f, "<text class=\"by-label\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">achieve by ",
			x, y1 + 16);
		esc(f, c->by_day);
		fputs("</text>\n", f);
	}
	fprintf(f, "<text class=\"axis-label\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">date</text>\n",
		(x0 + x1) / 2, CH_H - 8);

	if (c->goal) {
		double y = Y(c->goal_value);

		fputs("<line class=\"goal\" data-value=\"", f);
		esc(f, c->goal);
		fprintf(f, "\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", x0, y, x1, y);
		fprintf(f, "<text class=\"goal-label\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">goal ",
			x1 - 2, y - 4);
		esc(f, c->goal);
		if (c->unit) {
			fputc(' ', f);
			esc(f, c->unit);
		}
		fputs("</text>\n", f);
	}

	if (c->n > 1) {
		fputs("<polyline class=\"run\" points=\"", f);
		for (i = 0; i < c->n; i++)
			fprintf(f, "%s%.2f,%.2f", i ? " " : "", X(c->points[i].t),
				Y(c->points[i].value));
		fputs("\"/>\n", f);
	}
	for (i = 0; i < c->n; i++) {
		const struct kata_chart_point *p = &c->points[i];
		const char *value = kata_node_str(p->rec->node, "value");

		fputs("<circle class=\"point\" data-value=\"", f);
		esc(f, value);
		fprintf(f, "\" cx=\"%.2f\" cy=\"%.2f\" r=\"4\"><title>", X(p->t), Y(p->value));
		esc(f, value);
		if (c->unit) {
			fputc(' ', f);
			esc(f, c->unit);
		}
		fputs(", ", f);
		esc_day(f, kata_node_str(p->rec->node, "at"));
		fputs("</title></circle>\n", f);
	}
	if (!c->n)
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" class=\"dim\">no values yet</text>\n",
			(x0 + x1) / 2, (y0 + y1) / 2);
	fputs("</svg>\n", f);
#undef X
#undef Y
#undef YS
#undef VALUE
}

/* ---- the storyboard sheet ---- */

/* A column, its text at scale (see struct fit). */
static void col_open(FILE *f, const char *cls, const char *title, double scale)
{
	fprintf(f, "<section class=\"col %s\" style=\"--f:%.2f\">\n<h2>%s</h2>\n", cls, scale,
		title);
}

static void col_close(FILE *f)
{
	fputs("</section>\n", f);
}

static void labelled(FILE *f, const char *label, const char *text)
{
	if (!text)
		return;
	fprintf(f, "<p><span class=\"label\">%s</span> <span class=\"text\">", label);
	esc(f, text);
	fputs("</span></p>\n", f);
}

static void sheet_target(FILE *f, const struct kata_ctx *ctx, const struct kata_page *pg,
			 double scale)
{
	const struct kata_rec *tr = pg->sb->target;
	const struct kata_node *t = tr->node;
	const char *status = kata_node_str(t, "status"), *s, *cls;
	char left[64], ab[16];

	col_open(f, "target", "Target condition", scale);
	elem(f, "p", "condition text", kata_node_str(t, "condition"));
	fputs("<p><span class=\"label\">achieve by</span> ", f);
	esc(f, kata_node_str(t, "achieve_by"));
	if (!strcmp(status, "active")) {
		days_left(left, sizeof(left), &ctx->now, kata_node_str(t, "achieve_by"), &cls);
		if (*left)
			fprintf(f, " <span class=\"days %s\">(%s)</span>", cls, left);
	} else {
		fprintf(f, " <span class=\"status\">[%s]</span>",
			!strcmp(status, "done") ? "reached" : "abandoned");
	}
	fputs("</p>\n", f);
	if ((s = kata_node_str(t, "metric"))) {
		fputs("<p><span class=\"label\">metric</span> ", f);
		esc(f, s);
		if ((s = kata_node_str(t, "unit"))) {
			fputs(" (", f);
			esc(f, s);
			fputc(')', f);
		}
		if ((s = kata_node_str(t, "goal"))) {
			fputs(", goal ", f);
			esc(f, s);
		}
		if ((s = kata_node_str(t, "lower_is_better")) && !strcmp(s, "true"))
			fputs(", lower is better", f);
		fputs("</p>\n", f);
	}
	fputs("<p class=\"dim\">started ", f);
	esc_day(f, kata_node_str(t, "started"));
	fprintf(f, " <span class=\"id\">%s</span></p>\n", cmd_abbrev(ab, tr->id, tr->abbrev));
	if ((s = kata_node_str(t, "note")))
		labelled(f, "note", s);
	col_close(f);
}

static void sheet_current(FILE *f, const struct kata_ctx *ctx, const struct kata_page *pg,
			  const struct kata_coach_actual *now, double scale)
{
	const struct kata_node *t = pg->sb->target->node;
	size_t i;

	col_open(f, "current", "Current condition", scale);
	labelled(f, "at start:", kata_node_str(t, "current"));
	if (now->text && now->from != pg->sb->target) {
		labelled(f, "now:", now->text);
		fputs("<p class=\"dim\">", f);
		esc_day(f, now->at);
		fputs("</p>\n", f);
	}
	for (i = 0; i < pg->n_charts; i++)
		chart_svg(f, &pg->charts[i], &ctx->now);
	if (!pg->n_charts && !kata_node_str(t, "current"))
		fputs("<p class=\"empty\">no measures yet</p>\n", f);
	col_close(f);
}

static void sheet_obstacles(FILE *f, const struct kata_storyboard *sb, double scale)
{
	const struct kata_rec *focus = kata_storyboard_focus(sb);
	char ab[16];
	size_t i;

	col_open(f, "obstacles-col", "Obstacles parking lot", scale);
	if (!sb->obstacles.n)
		fputs("<p class=\"empty\">none yet</p>\n", f);
	else
		fputs("<ul class=\"obstacles\">\n", f);
	for (i = 0; i < sb->obstacles.n; i++) {
		const struct kata_rec *o = &sb->obstacles.rec[i];
		bool closed = !strcmp(kata_node_str(o->node, "status"), "closed");

		fprintf(f, "<li class=\"obstacle%s\" data-id=\"%s\"><span class=\"mark\">%s</span>",
			o == focus ? " focus" : closed ? " closed" : "", o->id,
			o == focus ? "&#9733;" : "");
		fprintf(f, "<span class=\"id\">%s</span> <span class=\"text\">",
			cmd_abbrev(ab, o->id, o->abbrev));
		esc(f, kata_node_str(o->node, "text"));
		fprintf(f, "</span>%s</li>\n", o == focus ? " <span class=\"focus-note\">(focus)</span>" :
			closed ? " <span class=\"dim\">(closed)</span>" : "");
	}
	if (sb->obstacles.n)
		fputs("</ul>\n", f);
	col_close(f);
}

static void cell(FILE *f, const char *cls, const char *text)
{
	fprintf(f, "<td class=\"%s\"><span class=\"text\">", cls);
	esc(f, text);
	fputs("</span></td>", f);
}

static void sheet_pdca(FILE *f, const struct kata_ctx *ctx, const struct kata_storyboard *sb,
		       double scale)
{
	char ab[16], buf[CMD_WHEN_SHORT];
	size_t i;

	col_open(f, "pdca-col", "PDCA cycles record", scale);
	if (!sb->steps.n) {
		fputs("<p class=\"empty\">no steps yet</p>\n", f);
		col_close(f);
		return;
	}
	fputs("<table class=\"pdca\"><colgroup><col class=\"c0\"><col class=\"cx\"><col class=\"cx\">"
	      "<col class=\"cx\"><col class=\"cx\"></colgroup>\n"
	      "<thead><tr><th>#</th><th>step</th><th>expected</th><th>happened</th>"
	      "<th>learned</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < sb->steps.n; i++) {
		const struct kata_rec *r = &sb->steps.rec[i];
		const struct kata_node *s = r->node;
		bool open = !strcmp(kata_node_str(s, "status"), "open");
		const char *see = kata_node_str(s, "see_by");

		fprintf(f, "<tr class=\"step%s\" data-id=\"%s\"><td class=\"n\">#%lu<br><span class=\"id\">%s</span><br><span class=\"dim\">",
			open ? " open" : "", r->id, r->seq, cmd_abbrev(ab, r->id, r->abbrev));
		esc_day(f, kata_node_str(s, "planned"));
		fputs("</span></td>", f);
		cell(f, "step-text", kata_node_str(s, "step"));
		cell(f, "expect", kata_node_str(s, "expect"));
		if (open) {
			fputs("<td class=\"happened\"><b>OPEN</b>", f);
			if (see) {
				struct kata_time when;
				bool overdue = kata_when_parse(&when, see, &ctx->now, NULL) == 0 &&
					       kata_time_passed(&when, &ctx->now);

				fputs("<br>go and see ", f);
				esc(f, cmd_when_short(buf, see));
				if (overdue)
					fputs(" <span class=\"overdue\">(overdue)</span>", f);
			}
			fputs("</td><td class=\"learned\"></td>", f);
		} else {
			cell(f, "happened", kata_node_str(s, "happened"));
			cell(f, "learned", kata_node_str(s, "learned"));
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	col_close(f);
}

/* One learner's storyboard on one sheet of paper. */
static void sheet(FILE *f, const struct kata_ctx *ctx, const struct paper *paper,
		  const struct kata_page *pg)
{
	const struct kata_storyboard *sb = pg->sb;
	const struct kata_node *l = sb->learner;
	struct kata_coach_actual now = { 0 };
	const char *s;
	char day[KATA_TIME_BUFSZ];
	struct fit fit;

	if (sb->target)
		kata_coach_actual(&now, sb);
	fprintf(f, "<section class=\"sheet\" id=\"%s\">\n<header><h1>", sb->learner_id);
	esc(f, sb->learner_id);
	if ((s = kata_node_str(l, "name"))) {
		fputs(" &middot; ", f);
		esc(f, s);
	}
	fputs("</h1>\n<p class=\"meta\">", f);
	if ((s = kata_node_str(l, "process"))) {
		fputs("focus process: <span class=\"text\">", f);
		esc(f, s);
		fputs("</span> &middot; ", f);
	}
	if ((s = kata_node_str(l, "coach"))) {
		fputs("coach: ", f);
		esc(f, s);
		fputs(" &middot; ", f);
	}
	kata_time_format_day(day, &ctx->now);
	fprintf(f, "as of %s</p>\n</header>\n", day);
	if (!sb->target) {
		fputs("<p class=\"empty\">No target condition yet.</p>\n</section>\n", f);
		return;
	}
	fit_init(&fit, paper, pg, now.from != sb->target ? now.text : NULL);
	fputs("<div class=\"board\">\n", f);
	col_open(f, "challenge", "Challenge", col_scale(&fit, COL_CHALLENGE));
	elem(f, "p", "text", kata_node_str(sb->target->node, "challenge"));
	col_close(f);
	sheet_target(f, ctx, pg, col_scale(&fit, COL_TARGET));
	sheet_current(f, ctx, pg, &now, col_scale(&fit, COL_CURRENT));
	sheet_obstacles(f, sb, col_scale(&fit, COL_OBSTACLES));
	sheet_pdca(f, ctx, sb, col_scale(&fit, COL_PDCA));
	fputs("</div>\n</section>\n", f);
}

static void html_head(FILE *f, const char *title, const char *team)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	esc(f, title);
	if (team) {
		fputs(" &middot; ", f);
		esc(f, team);
	}
	fputs("</title>\n<style>\n", f);
}

/* ---- the pages ---- */

/* The learners the report is about: those named, else -l, else all. */
struct who {
	char **ids;
	size_t n;
};

static void who_release(struct who *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->ids[i]);
	free(w->ids);
}

static int who_resolve(struct who *w, struct kata_ctx *ctx)
{
	struct kata_error err;
	int i, r;

	kata_error_init(&err);
	if (!ctx->nargs && !ctx->learner) {
		if (kata_learner_list(&w->ids, &w->n, ctx->repo, &err) < 0)
			return cmd_error(&err);
		return 0;
	}
	if (!(w->ids = calloc(ctx->nargs ? (size_t)ctx->nargs : 1, sizeof(*w->ids))))
		return cmd_errorf("out of memory");
	if (!ctx->nargs)
		return cmd_learner(ctx, ctx->learner, &w->ids[w->n++]);
	for (i = 0; i < ctx->nargs; i++) {
		if ((r = cmd_learner(ctx, ctx->args[i], &w->ids[w->n])))
			return r;
		w->n++;
	}
	return 0;
}

static char *team_name(const struct kata_ctx *ctx)
{
	struct kata_node *k = NULL;
	struct kata_error err;
	const char *team;
	char *out = NULL;

	kata_error_init(&err);
	if (kata_repo_load(&k, ctx->repo, "kata.yaml", &err) == 0 &&
	    (team = kata_node_str(k, "team")))
		out = strdup(team);
	kata_error_release(&err);
	kata_node_free(k);
	return out;
}

static int write_sheets(const char *dir, const char *name, const char *title, const char *team,
			const struct kata_ctx *ctx, const struct paper *paper,
			struct kata_page **pages, size_t n)
{
	struct out o;
	size_t i;
	int r;

	if ((r = out_open(&o, dir, name)))
		return r;
	html_head(o.f, title, team);
	css_sheet(o.f, paper);
	fputs("</style>\n</head>\n<body>\n", o.f);
	for (i = 0; i < n; i++)
		sheet(o.f, ctx, paper, pages[i]);
	fputs("</body>\n</html>\n", o.f);
	return out_close(&o);
}

/* A number of days, or a dash for none. */
static void days_cell(FILE *f, int days)
{
	if (days < 0)
		fputs("<td>&ndash;</td>", f);
	else
		fprintf(f, "<td>%d</td>", days);
}

/* The board and the coaches' view, as kata board shows them (lib/board.c). */
static int board_tables(FILE *f, struct kata_ctx *ctx)
{
	static const struct kata_board_opts opts = { NULL, true };
	struct kata_board *b = NULL;
	struct kata_error err;
	size_t i, k;
	unsigned fl;

	kata_error_init(&err);
	if (kata_board_load(&b, ctx->repo, &opts, &err) < 0)
		return cmd_error(&err);
	fputs("<h2>The team at a glance</h2>\n<table class=\"board\">\n<thead><tr><th>learner</th>"
	      "<th>days to achieve-by</th><th>steps, 7 days</th><th>days since a step</th>"
	      "<th>go and see</th><th>focus obstacle</th><th>last coaching</th><th>flags</th>"
	      "</tr></thead>\n<tbody>\n", f);
	for (i = 0; i < b->n; i++) {
		const struct kata_board_row *r = &b->rows[i];

		fprintf(f, "<tr data-learner=\"%s\"%s><td>", r->learner,
			r->n_flags ? " class=\"attention\"" : "");
		esc(f, r->learner);
		fputs("</td>", f);
		if (!r->active) {
			fputs("<td colspan=\"7\" class=\"empty\">no active target condition</td></tr>\n", f);
			continue;
		}
		fprintf(f, "<td>%d</td><td>%u</td>", r->days_to_achieve_by, r->steps_7d);
		days_cell(f, r->days_since_step);
		fputs("<td>", f);
		if (r->open_step && kata_node_str(r->open_step->node, "see_by"))
			esc(f, kata_node_str(r->open_step->node, "see_by"));
		fputs(r->overdue ? " <b class=\"late\">overdue</b></td><td class=\"text\">" :
		      "</td><td class=\"text\">", f);
		if (r->focus && r->focus->node)
			esc(f, kata_node_str(r->focus->node, "text"));
		fputs("</td><td>", f);
		if (*r->last_coaching_day) {
			esc(f, r->last_coaching_day);
			fputs(" ", f);
			esc(f, r->last_coach ? r->last_coach : "");
		}
		fputs("</td><td>", f);
		for (fl = 0, k = 0; fl < KATA_BOARD_FLAGS; fl++)
			if (r->flags & (1u << fl))
				fprintf(f, "%s%s", k++ ? " " : "", kata_board_flag_name(fl));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	fputs("<h2>The coaches</h2>\n<table class=\"coaches\">\n<thead><tr><th>coach</th>"
	      "<th>learners</th><th>cycles, 7 days</th><th>expected</th>"
	      "<th>minutes per cycle</th><th>second-coach observations</th></tr></thead>\n"
	      "<tbody>\n", f);
	for (i = 0; i < b->n_coaches; i++) {
		const struct kata_board_coach *c = &b->coaches[i];

		fprintf(f, "<tr data-coach=\"%s\"><td>", c->coach);
		esc(f, c->coach);
		fputs("</td><td>", f);
		for (k = 0; k < c->n_learners; k++) {
			fputs(k ? ", " : "", f);
			esc(f, c->learners[k]);
		}
		fprintf(f, "</td><td>%u</td><td>%u</td><td>", c->cycles_7d, c->expected_7d);
		if (c->timed_7d)
			fprintf(f, "%.1f", c->minutes_7d / c->timed_7d);
		fprintf(f, "</td><td>%u</td></tr>\n", c->observations_7d);
	}
	fputs("</tbody>\n</table>\n<h2>Storyboards</h2>\n", f);
	kata_board_free(b);
	return 0;
}

static int write_index(const char *dir, const char *team, struct kata_ctx *ctx,
		       struct kata_page **pages, size_t n)
{
	char day[KATA_TIME_BUFSZ], name[96], left[64];
	const char *cls;
	struct out o;
	size_t i;
	int r;

	if ((r = out_open(&o, dir, "index.html")))
		return r;
	html_head(o.f, "Storyboards", team);
	fputs("@page{margin:15mm}\n", o.f);
	fputs(css_common, o.f);
	fputs("body{padding:6mm;font-size:11pt}\nh1{margin-bottom:.4em}\n"
	      "table{border-collapse:collapse;margin:1em 0;width:100%}\n"
	      "th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee}\n", o.f);
	fputs("</style>\n</head>\n<body>\n<h1>Storyboards", o.f);
	if (team) {
		fputs(" &middot; ", o.f);
		esc(o.f, team);
	}
	kata_time_format_day(day, &ctx->now);
	fprintf(o.f, "</h1>\n<p class=\"dim\">as of %s &middot; <a href=\"storyboards.html\">every storyboard, one page each, to print</a></p>\n",
		day);
	/* the team's board, when the report is of the whole team */
	if (!ctx->nargs && !ctx->learner && (r = board_tables(o.f, ctx))) {
		out_close(&o);
		return r;
	}
	fputs("<table class=\"learners\">\n<thead><tr><th>learner</th><th>target condition</th>"
	      "<th>achieve by</th><th>days left</th></tr></thead>\n<tbody>\n", o.f);
	for (i = 0; i < n; i++) {
		const struct kata_storyboard *sb = pages[i]->sb;
		const char *s = kata_node_str(sb->learner, "name");

		page_name(name, sizeof(name), sb->learner_id);
		fprintf(o.f, "<tr data-learner=\"%s\"><td><a href=\"%s\">", sb->learner_id, name);
		esc(o.f, sb->learner_id);
		fputs("</a>", o.f);
		if (s) {
			fputs(" <span class=\"dim\">", o.f);
			esc(o.f, s);
			fputs("</span>", o.f);
		}
		fputs("</td>", o.f);
		if (!sb->target) {
			fputs("<td class=\"empty\">no target condition yet</td><td></td><td></td></tr>\n",
			      o.f);
			continue;
		}
		fputs("<td class=\"text\">", o.f);
		esc(o.f, kata_node_str(sb->target->node, "condition"));
		fputs("</td><td>", o.f);
		esc(o.f, kata_node_str(sb->target->node, "achieve_by"));
		fputs("</td><td>", o.f);
		if (kata_storyboard_active(sb)) {
			days_left(left, sizeof(left), &ctx->now,
				  kata_node_str(sb->target->node, "achieve_by"), &cls);
			fprintf(o.f, "<span class=\"%s\">%s</span>", cls, left);
		} else {
			fprintf(o.f, "%s", !strcmp(kata_node_str(sb->target->node, "status"), "done") ?
				"reached" : "abandoned");
		}
		fputs("</td></tr>\n", o.f);
	}
	fputs("</tbody>\n</table>\n</body>\n</html>\n", o.f);
	return out_close(&o);
}

static int storyboards(struct kata_ctx *ctx, const struct who *w, const char *dir,
		       const struct paper *paper)
{
	struct kata_page **pages = NULL;
	struct kata_error err;
	char *team = NULL, name[96], title[160];
	size_t i, n = 0;
	int r = 0;

	kata_error_init(&err);
	if (w->n && !(pages = calloc(w->n, sizeof(*pages))))
		return cmd_errorf("out of memory");
	for (i = 0; i < w->n; i++, n++)
		if (kata_report_page_load(&pages[i], ctx->repo, w->ids[i], &ctx->now, &err) < 0) {
			r = cmd_error(&err);
			goto done;
		}
	if ((r = out_dir(dir)))
		goto done;
	team = team_name(ctx);
	for (i = 0; i < n && !r; i++) {
		page_name(name, sizeof(name), pages[i]->sb->learner_id);
		snprintf(title, sizeof(title), "%s: storyboard", pages[i]->sb->learner_id);
		r = write_sheets(dir, name, title, team, ctx, paper, &pages[i], 1);
	}
	if (!r)
		r = write_sheets(dir, "storyboards.html", "Storyboards", team, ctx, paper, pages, n);
	if (!r)
		r = write_index(dir, team, ctx, pages, n);
done:
	for (i = 0; i < n; i++)
		kata_report_page_free(pages[i]);
	free(pages);
	free(team);
	return r;
}

/* ---- the learning report ---- */

static json_t *value_json(const struct kata_rec *m)
{
	return m ? cmd_json_record(m->node) : json_null();
}

static json_t *lesson_json(const struct kata_rec *step, const char *learner, const char *target)
{
	const struct kata_node *s = step->node;
	json_t *j = json_object();

	if (learner)
		json_object_set_new(j, "learner", json_string(learner));
	if (target)
		json_object_set_new(j, "target", json_string(target));
	json_object_set_new(j, "step", json_string(step->id));
	json_object_set_new(j, "seq", json_integer((json_int_t)step->seq));
	json_object_set_new(j, "date", json_string(kata_node_str(s, "done")));
	json_object_set_new(j, "text", json_string(kata_node_str(s, "step")));
	json_object_set_new(j, "learned", json_string(kata_node_str(s, "learned")));
	return j;
}

static void counts_json(json_t *j, size_t reached, size_t abandoned, size_t planned, size_t done)
{
	json_object_set_new(j, "targets_reached", json_integer((json_int_t)reached));
	json_object_set_new(j, "targets_abandoned", json_integer((json_int_t)abandoned));
	json_object_set_new(j, "steps_planned", json_integer((json_int_t)planned));
	json_object_set_new(j, "steps_done", json_integer((json_int_t)done));
}

static json_t *target_json(const struct kata_period_target *pt)
{
	const struct kata_node *t = pt->sb->target->node;
	json_t *j = json_object(), *m, *lessons = json_array();
	const char *metric = kata_node_str(t, "metric");
	size_t i;

	json_object_set_new(j, "target", cmd_json_record(t));
	json_object_set_new(j, "outcome", json_string(kata_report_outcome_name(pt->outcome)));
	json_object_set_new(j, "steps_planned", json_integer((json_int_t)pt->steps_planned));
	json_object_set_new(j, "steps_done", json_integer((json_int_t)pt->steps_done));
	if (metric) {
		m = json_object();
		json_object_set_new(m, "metric", json_string(metric));
		json_object_set_new(m, "values", json_integer((json_int_t)pt->values));
		json_object_set_new(m, "first", value_json(pt->first));
		json_object_set_new(m, "last", value_json(pt->last));
		json_object_set_new(m, "met", pt->last && kata_node_str(t, "goal") ?
				    json_boolean(pt->met) : json_null());
		json_object_set_new(j, "metric", m);
	} else {
		json_object_set_new(j, "metric", json_null());
	}
	for (i = 0; i < pt->n_lessons; i++)
		json_array_append_new(lessons, lesson_json(pt->lessons[i], NULL, NULL));
	json_object_set_new(j, "learned", lessons);
	return j;
}

static int period_json(const struct kata_period *p)
{
	char buf[KATA_TIME_BUFSZ];
	json_t *j = json_object(), *team = json_object(), *list = json_array(), *lessons;
	size_t i, k;

	kata_time_format(buf, &p->since);
	json_object_set_new(j, "since", json_string(buf));
	kata_time_format(buf, &p->until);
	json_object_set_new(j, "until", json_string(buf));
	counts_json(team, p->reached, p->abandoned, p->steps_planned, p->steps_done);
	lessons = json_array();
	for (i = 0; i < p->n_lessons; i++)
		json_array_append_new(lessons, lesson_json(p->lessons[i].step, p->lessons[i].learner->id,
							   p->lessons[i].target->sb->target->id));
	json_object_set_new(team, "learned", lessons);
	json_object_set_new(j, "team", team);
	for (i = 0; i < p->n_learners; i++) {
		const struct kata_period_learner *l = &p->learners[i];
		json_t *lj = json_object(), *targets = json_array();

		json_object_set_new(lj, "learner", json_string(l->id));
		json_object_set_new(lj, "name", kata_node_str(l->learner, "name") ?
				    json_string(kata_node_str(l->learner, "name")) : json_null());
		counts_json(lj, l->reached, l->abandoned, l->steps_planned, l->steps_done);
		for (k = 0; k < l->n_targets; k++)
			json_array_append_new(targets, target_json(&l->targets[k]));
		json_object_set_new(lj, "targets", targets);
		json_array_append_new(list, lj);
	}
	json_object_set_new(j, "learners", list);
	return cmd_json_print(j);
}

static void counts_row(FILE *f, const char *who, size_t n_targets, size_t reached,
		       size_t abandoned, size_t planned, size_t done, size_t lessons)
{
	fputs("<tr><td>", f);
	esc(f, who);
	fprintf(f, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
		n_targets, reached, abandoned, planned, done, lessons);
}

/* "30 h (2026-11-03)": a measure's value, its unit and its day. */
static void value_at(FILE *f, const struct kata_rec *m, const char *unit)
{
	esc(f, kata_node_str(m->node, "value"));
	if (unit) {
		fputc(' ', f);
		esc(f, unit);
	}
	fputs(" <span class=\"dim\">(", f);
	esc_day(f, kata_node_str(m->node, "at"));
	fputs(")</span>", f);
}

/* The metric's movement in the period: first and last value against the goal. */
static void movement(FILE *f, const struct kata_period_target *pt)
{
	const struct kata_node *t = pt->sb->target->node;
	const char *metric = kata_node_str(t, "metric"), *unit = kata_node_str(t, "unit");
	const char *goal = kata_node_str(t, "goal");

	if (!metric)
		return;
	fputs("<p class=\"movement\"><span class=\"label\">", f);
	esc(f, metric);
	fputs(":</span> ", f);
	if (!pt->first) {
		fputs("no values in the period", f);
	} else {
		value_at(f, pt->first, unit);
		if (pt->values > 1) {
			fputs(" &rarr; ", f);
			value_at(f, pt->last, unit);
		}
		fprintf(f, ", %zu value%s", pt->values, pt->values == 1 ? "" : "s");
	}
	if (goal) {
		fputs("; goal ", f);
		esc(f, goal);
		if (kata_node_str(t, "lower_is_better") &&
		    !strcmp(kata_node_str(t, "lower_is_better"), "true"))
			fputs(", lower is better", f);
		if (pt->last)
			fprintf(f, " &middot; <span class=\"%s\">%s</span>", pt->met ? "met" : "missed",
				pt->met ? "goal met" : "goal not met yet");
	}
	fputs("</p>\n", f);
}

static void lesson_li(FILE *f, const struct kata_rec *step, const char *learner)
{
	fputs("<li class=\"lesson\"><span class=\"date\">", f);
	esc_day(f, kata_node_str(step->node, "done"));
	fputs("</span> ", f);
	if (learner) {
		fputs("<span class=\"who\">", f);
		esc(f, learner);
		fputs("</span> ", f);
	}
	fprintf(f, "<span class=\"dim\">step #%lu</span> <span class=\"step-text text\">", step->seq);
	esc(f, kata_node_str(step->node, "step"));
	fputs("</span><br><span class=\"learned text\">", f);
	esc(f, kata_node_str(step->node, "learned"));
	fputs("</span></li>\n", f);
}

static int period_html(const char *dir, const struct kata_ctx *ctx, const struct kata_period *p,
		       const struct paper *paper)
{
	char since[KATA_TIME_BUFSZ], until[KATA_TIME_BUFSZ], title[96];
	char *team = team_name(ctx);
	struct out o;
	size_t i, k, targets = 0;
	int r;

	if ((r = out_dir(dir)) || (r = out_open(&o, dir, "report.html"))) {
		free(team);
		return r;
	}
	kata_time_format(since, &p->since);
	kata_time_format(until, &p->until);
	snprintf(title, sizeof(title), "Learning report %s to %s", since, until);
	html_head(o.f, title, team);
	fprintf(o.f, "@page{size:%s;margin:15mm}\n", paper->css);
	fputs(css_common, o.f);
	fputs("body{padding:6mm;font-size:10.5pt;max-width:200mm;margin:0 auto}\n"
	      "@media print{body{padding:0;max-width:none}}\n"
	      "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin:1.2em 0 .4em;"
	      "border-bottom:.4mm solid #1a1a1a}h3{font-size:1.05em;margin:.8em 0 .3em}\n"
	      "table{border-collapse:collapse;margin:.5em 0}\n"
	      "th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee}td+td{text-align:right}\n"
	      "ol.lessons{padding-left:1.5em}ol.lessons li{margin:.3em 0;break-inside:avoid}\n"
	      ".date{font-weight:bold}.who{font-weight:bold;color:#1a4d8f}\n"
	      ".learner{break-inside:avoid-page}.target{margin-left:1em;break-inside:avoid}\n"
	      ".met{color:#1b7f3a;font-weight:bold}.missed{color:#a35d00;font-weight:bold}\n"
	      ".outcome{font-weight:bold;text-transform:uppercase;font-size:.85em}\n", o.f);
	fputs("</style>\n</head>\n<body>\n<h1>Learning report", o.f);
	if (team) {
		fputs(" &middot; ", o.f);
		esc(o.f, team);
	}
	fprintf(o.f, "</h1>\n<p class=\"dim\">from %s to %s</p>\n", since, until);

	for (i = 0; i < p->n_learners; i++)
		targets += p->learners[i].n_targets;
	fputs("<h2>The team</h2>\n<table class=\"summary\"><thead><tr><th></th><th>target conditions</th>"
	      "<th>reached</th><th>abandoned</th><th>steps planned</th><th>steps reflected on</th>"
	      "<th>lessons</th></tr></thead>\n<tbody>\n", o.f);
	for (i = 0; i < p->n_learners; i++) {
		const struct kata_period_learner *l = &p->learners[i];

		counts_row(o.f, l->id, l->n_targets, l->reached, l->abandoned, l->steps_planned,
			   l->steps_done, l->n_lessons);
	}
	fputs("</tbody><tfoot>", o.f);
	counts_row(o.f, "team", targets, p->reached, p->abandoned, p->steps_planned, p->steps_done,
		   p->n_lessons);
	fputs("</tfoot></table>\n<h2>What we learned</h2>\n", o.f);
	if (!p->n_lessons)
		fputs("<p class=\"empty\">no step was reflected on in the period</p>\n", o.f);
	else
		fputs("<ol class=\"lessons team-lessons\">\n", o.f);
	for (i = 0; i < p->n_lessons; i++)
		lesson_li(o.f, p->lessons[i].step, p->lessons[i].learner->id);
	if (p->n_lessons)
		fputs("</ol>\n", o.f);

	for (i = 0; i < p->n_learners; i++) {
		const struct kata_period_learner *l = &p->learners[i];
		const char *name = kata_node_str(l->learner, "name");

		fprintf(o.f, "<section class=\"learner\" id=\"%s\">\n<h2>", l->id);
		esc(o.f, l->id);
		if (name) {
			fputs(" &middot; ", o.f);
			esc(o.f, name);
		}
		fputs("</h2>\n", o.f);
		if (!l->n_targets)
			fputs("<p class=\"empty\">no target condition in the period</p>\n", o.f);
		for (k = 0; k < l->n_targets; k++) {
			const struct kata_period_target *pt = &l->targets[k];
			const struct kata_node *t = pt->sb->target->node;
			size_t j;

			fputs("<div class=\"target\">\n<h3><span class=\"text\">", o.f);
			esc(o.f, kata_node_str(t, "condition"));
			fprintf(o.f, "</span> <span class=\"outcome %s\">%s</span></h3>\n",
				kata_report_outcome_name(pt->outcome),
				kata_report_outcome_name(pt->outcome));
			fputs("<p class=\"dim\">achieve by ", o.f);
			esc(o.f, kata_node_str(t, "achieve_by"));
			if (pt->outcome != KATA_PERIOD_ACTIVE) {
				fputs(" &middot; ended ", o.f);
				esc_day(o.f, kata_node_str(t, "ended"));
			}
			fprintf(o.f, " &middot; %zu step%s planned, %zu reflected on</p>\n",
				pt->steps_planned, pt->steps_planned == 1 ? "" : "s", pt->steps_done);
			movement(o.f, pt);
			if (pt->n_lessons)
				fputs("<ol class=\"lessons\">\n", o.f);
			for (j = 0; j < pt->n_lessons; j++)
				lesson_li(o.f, pt->lessons[j], NULL);
			if (pt->n_lessons)
				fputs("</ol>\n", o.f);
			fputs("</div>\n", o.f);
		}
		fputs("</section>\n", o.f);
	}
	fputs("</body>\n</html>\n", o.f);
	free(team);
	return out_close(&o);
}

static int learning_report(struct kata_ctx *ctx, const struct who *w, const char *dir,
			   const char *since_arg, const char *until_arg, const struct paper *paper)
{
	struct kata_time since, until = ctx->now;
	struct kata_period *p = NULL;
	struct kata_error err;
	int r;

	kata_error_init(&err);
	if (kata_when_parse_past(&since, since_arg, &ctx->now, &err) < 0 ||
	    (until_arg && kata_when_parse_past(&until, until_arg, &ctx->now, &err) < 0))
		return cmd_error(&err);
	if (kata_report_period_load(&p, ctx->repo, (const char *const *)w->ids, w->n, &since,
				    &until, &err) < 0)
		return cmd_error(&err);
	r = dir ? period_html(dir, ctx, p, paper) : period_json(p);
	kata_report_period_free(p);
	return r;
}

int cmd_report(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *dir = NULL, *paper_arg = "a3", *since = NULL, *until = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('o', "output", &dir, "DIR", "write the pages into this folder (made if missing)"),
		CMD_STRING(0, "paper", &paper_arg, "SIZE",
			   "the paper to print on: a3 (the default), a4 or letter"),
		CMD_STRING(0, "since", &since, "WHEN", "the learning report of the period from then"),
		CMD_STRING(0, "until", &until, "WHEN", "the period's end (default: now)"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, -1, NULL, NULL, false };
	const struct paper *paper = NULL;
	struct who w = { 0 };
	size_t i;
	int r;

	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		return r;
	for (i = 0; i < sizeof(papers) / sizeof(*papers); i++)
		if (!strcmp(papers[i].name, paper_arg))
			paper = &papers[i];
	if (!paper)
		return cmd_usage_error(ctx, "invalid --paper '%s': expected a3, a4 or letter",
				       paper_arg);
	if (until && !since)
		return cmd_usage_error(ctx, "--until goes with --since");
	if (!since && ctx->json)
		return cmd_usage_error(ctx, "--json goes with --since (a storyboard as JSON: kata show --json)");
	if (since && ctx->json && dir)
		return cmd_usage_error(ctx, "give either -o DIR or --json");
	if (!dir && !ctx->json)
		return cmd_usage_error(ctx, "missing -o DIR: the folder to write the pages into");
	if (dir && !*dir)
		return cmd_usage_error(ctx, "-o needs a folder");
	if ((r = cmd_repo(ctx)) || (r = who_resolve(&w, ctx)))
		goto done;
	r = since ? learning_report(ctx, &w, dir, since, until, paper) :
	    storyboards(ctx, &w, dir, paper);
done:
	who_release(&w);
	return r;
}
