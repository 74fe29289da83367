#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <histedit.h>

#include "kata.h"
#include "kata/buf.h"
#include "kata/coach.h"
#include "kata/feedback.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/questions.h"
#include "kata/str.h"
#include "kata/value.h"

/*
 * kata coach: the Coaching Kata's cycle. On a terminal it shows the
 * learner's storyboard and asks the questions in order, each answer
 * prefilled from the records where they already know it, with line editing
 * and history (libedit). With --answers it takes the same answers from a
 * YAML mapping. Either way nothing is written until every answer is in;
 * then one commit, authored by the coach.
 */

static const char *datadir(void)
{
	const char *d = getenv("KATA_DATADIR");

	return d && *d ? d : KATA_DATADIR;
}

/* ---- answers from a file ---- */

static int read_all(char **out, size_t *len, FILE *f, const char *name)
{
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	do {
		if (cap - n < 4096) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			if (cap > KATA_RECORD_MAX + 8192 || !(nb = realloc(buf, cap + 1))) {
				free(buf);
				return cmd_errorf("%s: answers larger than 1 MiB", name);
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		free(buf);
		return cmd_errorf("cannot read '%s': %s", name, strerror(errno));
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int load_answers(struct kata_node **out, const char *file)
{
	struct kata_error err;
	const char *name = strcmp(file, "-") ? file : "<stdin>";
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!f)
		return cmd_errorf("cannot open '%s': %s", file, strerror(errno));
	rc = read_all(&buf, &len, f, name);
	if (f != stdin)
		fclose(f);
	if (rc)
		return rc;
	kata_error_init(&err);
	rc = kata_yaml_parse(out, buf, len, name, &err);
	free(buf);
	return rc < 0 ? cmd_error(&err) : 0;
}

/* ---- answers from the coach at a terminal ---- */

static struct termios saved_tty;
static bool have_tty;

/* Ctrl-C at any question: the terminal back as it was, nothing saved. */
static void on_interrupt(int sig)
{
	static const char msg[] = "\nkata: error: interrupted; nothing saved\n";

	(void)sig;
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to do */
	}
	_exit(1);
}

/* libedit, line editing and history for the answers. */
struct editor {
	EditLine *el;
	History *hist;
};

static char *prompt(EditLine *el)
{
	(void)el;
	return "> ";
}

static bool utf8_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8") || !strcmp(cs, "UTF8"));
}

/*
 * libedit reads keys and writes text in the encoding of the locale's
 * LC_CTYPE, and in the C locale it drops every byte beyond ASCII. Records
 * are UTF-8 whatever the locale, so the line editor works in the user's
 * locale when that is UTF-8, else in C.UTF-8 (as many tools do: the
 * terminal is UTF-8 in practice when the locale says C or POSIX).
 */
static void editor_locale(void)
{
	static const char *const utf8[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };
	size_t i;

	if (setlocale(LC_CTYPE, "") && utf8_codeset())
		return;
	for (i = 0; i < sizeof(utf8) / sizeof(*utf8); i++)
		if (setlocale(LC_CTYPE, utf8[i]) && utf8_codeset())
			return;
	setlocale(LC_CTYPE, "C");
	fprintf(stderr, "kata: warning: no UTF-8 locale; only ASCII can be typed at the questions\n");
}

static int editor_init(struct editor *ed)
{
	HistEvent ev;

	editor_locale();

	if (!(ed->el = el_init("kata", stdin, stdout, stderr)) || !(ed->hist = history_init()))
		return cmd_errorf("cannot set up line editing");
	history(ed->hist, &ev, H_SETSIZE, 200);
	el_set(ed->el, EL_EDITOR, "emacs");
	el_set(ed->el, EL_PROMPT, prompt);
	el_set(ed->el, EL_HIST, history, ed->hist);
	return 0;
}

static void editor_release(struct editor *ed)
{
	if (ed->el)
		el_end(ed->el);
	if (ed->hist)
		history_end(ed->hist);
}

/* The answer that goes back to the previous question: '<' alone. */
static bool is_back(const char *a)
{
	a += strspn(a, " \t");
	return *a == '<' && !a[1 + strspn(a + 1, " \t")];
}

/*
 * Asks one question; what the records already know is typed in for the
 * coach to confirm or change. Returns a malloc'd answer ("" for none), or
 * NULL at end of input.
 */
static char *ask(struct editor *ed, const struct kata_ctx *ctx, const char *question,
		 const char *known)
{
	const char *line;
	HistEvent ev;
	char *a;
	int n = 0;
	size_t len;
	char *tmp;

	/* a question set is a repository's file, anyone's to write */
	printf("\n%s%s%s\n", cmd_c(ctx, C_BOLD), cmd_safe(&tmp, question, true),
	       cmd_c(ctx, C_RESET));
	free(tmp);
	fflush(stdout);
	if (known && *known && !strchr(known, '\n'))
		el_push(ed->el, known);
	if (!(line = el_gets(ed->el, &n)) || n <= 0)
		return NULL;
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (!(a = strndup(line, len)))
		return NULL;
	if (*a && !is_back(a))
		history(ed->hist, &ev, H_ENTER, a);
	return a;
}

static int end_of_input(void)
{
	return cmd_errorf("end of input; nothing saved");
}

/* Asks until there is an answer the cycle will take; 1 at end of input,
 * 2 when the coach goes back to the previous question. The check is the
 * cycle's own, so nothing accepted here is refused at the end of the
 * interview. */
static int ask_until(char **out, bool *as_new, struct editor *ed, const struct kata_ctx *ctx,
		     const struct kata_storyboard *sb, const struct kata_question *q,
		     const char *known, bool required)
{
	char asked[512], confirm[256];
	struct kata_error err;

	for (;;) {
		char *a = ask(ed, ctx, kata_coach_ask(asked, sizeof(asked), sb, q), known), *yes;

		*as_new = false;
		if (!a)
			return 1;
		if (is_back(a)) {
			free(a);
			return 2;
		}
		if (kata_value_blank(a) && !required) {
			a[0] = '\0';	/* spaces alone are no answer */
			*out = a;
			return 0;
		}
		kata_error_init(&err);
		if (kata_value_blank(a)) {
			printf("%s(an answer is needed)%s\n", cmd_c(ctx, C_YELLOW), cmd_c(ctx, C_RESET));
		} else if (kata_coach_check_answer(sb, q, a, &ctx->now, &err) == KATA_ENOTFOUND &&
			   q->type == KATA_ANSWER_OBSTACLE) {
			/* what looks like a mistyped ID is new text only if the coach says so */
			printf("%s%s%s\n", cmd_c(ctx, C_YELLOW), err.message, cmd_c(ctx, C_RESET));
			kata_error_release(&err);
			snprintf(confirm, sizeof(confirm),
				 "no obstacle '%.60s'; add it as a new obstacle? [y/N]", a);
			if (!(yes = ask(ed, ctx, confirm, NULL))) {
				free(a);
				return 1;
			}
			*as_new = !strcmp(yes, "y") || !strcmp(yes, "Y") || !strcmp(yes, "yes");
			free(yes);
			if (*as_new) {
				*out = a;
				return 0;
			}
		} else if (err.code < 0) {
			printf("%s%s%s\n", cmd_c(ctx, C_RED), err.message, cmd_c(ctx, C_RESET));
			kata_error_release(&err);
		} else {
			*out = a;
			return 0;
		}
		free(a);
	}
}

/* The header's and the recap's lines: a label, and its text wrapped
 * under itself. */
#define LABEL_COLS 19

static void labelled(int width, const char *label, const char *text)
{
	if (!text)
		return;
	printf("  ");
	cmd_pad(stdout, label, LABEL_COLS);
	cmd_wrap(stdout, text, 2 + LABEL_COLS, 2 + LABEL_COLS, width);
	putchar('\n');
}

/* The last step, open or reflected on, whoever recorded it. */
static void show_last_step(const struct kata_ctx *ctx, const struct kata_rec *last, int width)
{
	const struct kata_node *n = last->node;
	const char *s;
	char label[32], buf[CMD_WHEN_SHORT];

	snprintf(label, sizeof(label), "last step #%lu:", last->seq);
	labelled(width, label, kata_node_str(n, "step"));
	labelled(width, "expected:", kata_node_str(n, "expect"));
	if (!strcmp(kata_node_str(n, "status"), "open")) {
		if ((s = kata_node_str(n, "see_by"))) {
			printf("  ");
			cmd_pad(stdout, "go and see:", LABEL_COLS);
			cmd_print_see_by(stdout, ctx, s);
			putchar('\n');
		}
		return;
	}
	if ((s = kata_node_str(n, "happened")))
		labelled(width, "happened:", s);
	if ((s = kata_node_str(n, "learned")))
		labelled(width, "learned:", s);
	if ((s = kata_node_str(n, "done")))
		labelled(width, "reflected on:", cmd_when_short(buf, s));
}

static void show_context(const struct kata_ctx *ctx, const struct kata_storyboard *sb)
{
	const struct kata_rec *focus = kata_storyboard_focus(sb);
	const struct kata_rec *m = kata_storyboard_last(&sb->measures);
	const struct kata_rec *last = kata_storyboard_last(&sb->steps);
	const struct kata_node *t = sb->target->node;
	int width = cmd_term_width();
	struct cmd_line l;
	const char *s;
	char ab[16], *v;
	size_t i;
	FILE *f;

	f = cmd_line_open(&l);
	fprintf(f, "%sCoaching %s%s", cmd_c(ctx, C_BOLD), sb->learner_id, cmd_c(ctx, C_RESET));
	if ((s = kata_node_str(sb->learner, "name")))
		fprintf(f, " (%s)", s);
	cmd_line_wrap(&l, 2, width);
	putchar('\n');
	if ((v = kata_str_newf("%s  (achieve by %s)", kata_node_str(t, "condition"),
			       kata_node_str(t, "achieve_by"))))
		labelled(width, "target condition:", v);
	free(v);
	if ((s = kata_node_str(t, "current")))
		labelled(width, "at start:", s);
	if (m && (v = kata_str_newf("%s = %s (%.10s)", kata_node_str(m->node, "metric"),
				   kata_node_str(m->node, "value"), kata_node_str(m->node, "at")))) {
		labelled(width, "last measure:", v);
		free(v);
	}
	if (last && last->node)
		show_last_step(ctx, last, width);
	else
		printf("  first cycle: no step yet to reflect on\n");
	printf("  obstacles:\n");
	for (i = 0; i < sb->obstacles.n; i++) {
		const struct kata_rec *o = &sb->obstacles.rec[i];

		if (!strcmp(kata_node_str(o->node, "status"), "closed"))
			continue;
		cmd_abbrev(ab, o->id, o->abbrev);
		printf("    %s %s  ", o == focus ? CMD_FOCUS_MARK : " ", ab);
		cmd_wrap(stdout, kata_node_str(o->node, "text"), 6 + (int)strlen(ab) + 2,
			 6 + (int)strlen(ab) + 2, width);
		printf("%s\n", o == focus ? CMD_FOCUS_NOTE : "");
	}
	if (!sb->obstacles.n)
		printf("    (none yet: name one, and kata adds it)\n");
	printf("\n%s", cmd_c(ctx, C_DIM));
	cmd_wrap(stdout, "Enter takes the answer as typed in, Ctrl-U erases it; '<' alone goes "
		 "back to the previous question; Ctrl-C stops, saving nothing.", 0, 0, width);
	printf("%s\n", cmd_c(ctx, C_RESET));
}

/* One prompt of the interview: a question, or a part of one. */
struct prompt {
	const struct kata_question *q;
	const struct kata_question *whole;	/* the question q is a part of */
	size_t part;
	char *answer;				/* NULL until answered */
	bool as_new;				/* an obstacle confirmed as new text */
};

/* Puts the answers given into answers, keyed as the question set is. */
static void record_answers(struct kata_node *answers, const struct prompt *p, size_t n)
{
	struct kata_node *m = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i].whole) {
			if (p[i].part == 0)
				m = kata_node_new(KATA_NODE_MAPPING);
			if (!m)
				continue;	/* out of memory: the cycle's check says so */
			kata_node_set_str(m, p[i].q->key, p[i].answer);
			if (p[i].part + 1 == p[i].whole->n_parts)
				kata_node_set_node(answers, p[i].whole->key, m);
		} else if (p[i].as_new) {
			/* confirmed: new text, however it looks */
			struct kata_node *o = kata_node_new(KATA_NODE_MAPPING);

			if (!o || kata_node_set_str(o, "new", p[i].answer) < 0 ||
			    kata_node_set_node(answers, p[i].q->key, o) < 0)
				kata_node_free(o);	/* the cycle's check says what is missing */
		} else if (*p[i].answer) {
			kata_node_set_str(answers, p[i].q->key, p[i].answer);
		}
	}
}

/*
 * Asks every question of the cycle, in order; '<' goes back one, what was
 * answered there offered again. Fills answers; 1 at end of input, -1 out
 * of memory (said).
 */
static int interview(struct kata_node *answers, struct editor *ed, const struct kata_ctx *ctx,
		     const struct kata_questions *qs, const struct kata_storyboard *sb,
		     const struct kata_schedule *sched)
{
	const struct kata_rec *open = kata_storyboard_open_step(sb);
	bool first = kata_coach_first_cycle(sb);
	char offered[KATA_COACH_KNOWN_MAX];
	struct prompt *p;
	size_t n = 0, i, j;
	int rc = 0;

	for (i = 0; i < qs->n; i++)
		n += qs->q[i].n_parts ? qs->q[i].n_parts : 1;
	if (!(p = calloc(n ? n : 1, sizeof(*p)))) {
		cmd_errorf("out of memory");
		return -1;
	}
	for (i = 0, n = 0; i < qs->n; i++) {
		const struct kata_question *q = &qs->q[i];

		if (!kata_questions_asked(q, first))
			continue;
		if (!q->n_parts)
			p[n++] = (struct prompt){ q, NULL, 0, NULL, false };
		for (j = 0; j < q->n_parts; j++)
			p[n++] = (struct prompt){ &q->parts[j], q, j, NULL, false };
	}
	for (i = 0; i < n;) {
		const struct kata_question *q = p[i].q, *whole = p[i].whole;
		const char *known = p[i].answer;
		char *a = NULL;

		if (whole && p[i].part == 0) {
			char *tmp;

			printf("\n%s%s%s\n", cmd_c(ctx, C_BOLD), cmd_safe(&tmp, whole->ask, true),
			       cmd_c(ctx, C_RESET));
			free(tmp);
			if (open && whole->role == KATA_ROLE_REFLECTION)
				printf("  step: %s\n  expected: %s\n", kata_node_str(open->node, "step"),
				       kata_node_str(open->node, "expect"));
		}
		if (!known && !whole)
			known = kata_coach_known(offered, sizeof(offered), sb, q, sched, &ctx->now);
		rc = ask_until(&a, &p[i].as_new, ed, ctx, sb, q, known,
			       whole ? true : q->required);
		if (rc == 1)
			goto done;
		if (rc == 2) {
			if (i == 0)
				printf("%s(this is the first question)%s\n", cmd_c(ctx, C_YELLOW),
				       cmd_c(ctx, C_RESET));
			else
				i--;
			continue;
		}
		free(p[i].answer);
		p[i++].answer = a;
	}
	record_answers(answers, p, n);
	rc = 0;
done:
	for (i = 0; i < n; i++)
		free(p[i].answer);
	free(p);
	return rc;
}

static int coach_interactive(struct kata_node **out, struct kata_ctx *ctx,
			     const struct kata_questions *qs, const char *learner)
{
	struct kata_storyboard *sb = NULL;
	struct editor ed = { NULL, NULL };
	struct kata_schedule sched;
	struct kata_error err;
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGINT, SIGHUP, SIGTERM };
	size_t i;
	bool editing;
	int rc;

	*out = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cmd_usage_error(ctx, "not a terminal: give the answers with --answers FILE (or - for standard input)");
	kata_error_init(&err);
	if (kata_init_schedule(&sched, ctx->repo, &err) < 0 ||
	    kata_coach_storyboard(&sb, ctx->repo, learner, &err) < 0)
		return cmd_error(&err);
	have_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	show_context(ctx, sb);
	if ((editing = (rc = editor_init(&ed)) == 0)) {
		*out = kata_node_new(KATA_NODE_MAPPING);
		rc = interview(*out, &ed, ctx, qs, sb, &sched);
	}
	editor_release(&ed);
	kata_storyboard_free(sb);
	/*
	 * The questions are over: a signal ends kata as it ends any command
	 * (SPEC 4: a kill leaves the whole commit or none, and the kernel
	 * drops the repository's lock), instead of saying "nothing saved"
	 * once the commit may have landed.
	 */
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (rc) {
		kata_node_free(*out);
		*out = NULL;
		return !editing ? rc : rc < 0 ? 1 : end_of_input();
	}
	putchar('\n');
	return 0;
}

/* A record of the storyboard by its ID, or NULL. */
static const struct kata_rec *find(const struct kata_storyboard *sb, enum kata_kind kind,
				   const char *id)
{
	const struct kata_rec *r = NULL;
	struct kata_error err;

	kata_error_init(&err);
	if (!id || kata_storyboard_find(&r, sb, kind, id, &err) < 0 || !r->node)
		r = NULL;
	kata_error_release(&err);
	return r;
}

/*
 * What the cycle just recorded, read back from the commit: the step
 * closed, the obstacle in focus, the step planned and when to go and see,
 * the measure, the note. Only said: the cycle is recorded already.
 */
static void recap(const struct kata_ctx *ctx, const struct kata_questions *qs,
		  const char *learner, const struct kata_done *done)
{
	static const struct kata_storyboard_opts load = {
		.obstacles = KATA_LOAD_ALL,
		.steps = KATA_LOAD_ALL,
		.measures = KATA_LOAD_LAST,
		.coaching = KATA_LOAD_LAST,
	};
	const struct kata_question *note = kata_questions_role(qs, KATA_ROLE_NOTE);
	const struct kata_rec *c, *r;
	struct kata_storyboard *sb = NULL;
	const struct kata_node *n, *ans;
	int width = cmd_term_width();
	struct kata_error err;
	char label[32], ab[16], buf[CMD_WHEN_SHORT], *v;
	const char *s;

	kata_error_init(&err);
	if (kata_storyboard_load(&sb, ctx->repo, learner, &load, &err) < 0) {
		fprintf(stderr, "kata: warning: cannot read back what was recorded: %s\n",
			err.message);
		kata_error_release(&err);
		return;
	}
	c = kata_storyboard_last(&sb->coaching);
	if (!c || !c->node || strcmp(c->id, done->id))
		goto done;
	n = c->node;
	ans = kata_node_get(n, "answers");
	if ((r = find(sb, KATA_KIND_STEP, kata_node_str(n, "step_reflected")))) {
		snprintf(label, sizeof(label), "closed step #%lu:", r->seq);
		labelled(width, label, kata_node_str(r->node, "step"));
		labelled(width, "learned:", kata_node_str(r->node, "learned"));
	}
	if ((r = find(sb, KATA_KIND_OBSTACLE, kata_node_str(n, "obstacle"))) &&
	    (v = kata_str_newf("%s  %s%s", cmd_abbrev(ab, r->id, r->abbrev),
			       kata_node_str(r->node, "text"),
			       (s = kata_node_str(r->node, "created")) &&
			       !strcmp(s, kata_node_str(n, "at")) ? "  (new)" : ""))) {
		labelled(width, "obstacle in focus:", v);
		free(v);
	}
	if ((r = find(sb, KATA_KIND_STEP, kata_node_str(n, "step_planned")))) {
		snprintf(label, sizeof(label), "planned step #%lu:", r->seq);
		labelled(width, label, kata_node_str(r->node, "step"));
		labelled(width, "expect:", kata_node_str(r->node, "expect"));
		if ((s = kata_node_str(r->node, "see_by")))
			labelled(width, "go and see:", cmd_when_short(buf, s));
	}
	if ((r = find(sb, KATA_KIND_MEASURE, kata_node_str(n, "measure"))) &&
	    (v = kata_str_newf("%s = %s%s%s", kata_node_str(r->node, "metric"),
			       kata_node_str(r->node, "value"),
			       kata_node_str(sb->target->node, "unit") ? " " : "",
			       kata_node_str(sb->target->node, "unit") ?
			       kata_node_str(sb->target->node, "unit") : ""))) {
		labelled(width, "measure:", v);
		free(v);
	}
	if (note && ans && (s = kata_node_str(ans, note->key)))
		labelled(width, "note:", s);
done:
	kata_storyboard_free(sb);
}

/*
 * kata coach feedback: the second coach's observation. Options are read in
 * order: a --note before any --phase is the feedback to the coach; each
 * --phase starts the notes on one question, to which the --minutes and
 * --note that follow belong. A phase is checked against the question set
 * once the options are read (the set is the repository's).
 */
struct feedback {
	const char *note;
	struct kata_feedback_phase *phases;
	const char **phase_args;	/* each phase as given */
	size_t n;
};

static int feedback_note(struct kata_ctx *ctx, const struct cmd_opt *o, const char *arg)
{
	struct feedback *f = o->data;

	if (!f->n)
		f->note = arg;
	else if (f->phases[f->n - 1].note)
		return cmd_usage_error(ctx, "phase %s has a note already", f->phase_args[f->n - 1]);
	else
		f->phases[f->n - 1].note = arg;
	return -1;
}

static int feedback_phase(struct kata_ctx *ctx, const struct cmd_opt *o, const char *arg)
{
	struct feedback *f = o->data;

	(void)ctx;
	f->phase_args[f->n++] = arg;
	return -1;
}

static int feedback_minutes(struct kata_ctx *ctx, const struct cmd_opt *o, const char *arg)
{
	struct feedback *f = o->data;

	if (!f->n)
		return cmd_usage_error(ctx, "--minutes belongs to a --phase: give the phase first");
	if (f->phases[f->n - 1].minutes)
		return cmd_usage_error(ctx, "phase %s has its minutes already", f->phase_args[f->n - 1]);
	f->phases[f->n - 1].minutes = arg;
	return -1;
}

/* Each --phase as a question of the set: a usage error names the valid
 * ones, or the phase given twice. */
static int feedback_phases(struct kata_ctx *ctx, struct feedback *f,
			   const struct kata_questions *qs)
{
	struct kata_error err;
	size_t i;
	int r;

	for (i = 0; i < f->n; i++) {
		kata_error_init(&err);
		if (kata_feedback_phase(&f->phases[i].phase, qs, f->phase_args[i], f->phases, i,
					&err) < 0) {
			r = cmd_usage_error(ctx, "%s", err.message);
			kata_error_release(&err);
			return r;
		}
	}
	return 0;
}

/* At a terminal: which of ids (n of them, the learners person
 * second-coaches) was observed. A number of the list or an ID. */
static int feedback_ask_learner(char **out, struct kata_ctx *ctx, const char *person,
				char *const *ids, size_t n)
{
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGINT, SIGHUP, SIGTERM };
	struct editor ed = { NULL, NULL };
	struct kata_error err;
	size_t i;
	int rc;

	printf("%s is the second coach of:\n", person);
	for (i = 0; i < n; i++) {
		struct kata_node *rec = NULL;
		const char *name;

		kata_error_init(&err);
		if (kata_learner_load(&rec, ctx->repo, ids[i], &err) < 0)
			kata_error_release(&err);
		name = rec ? kata_node_str(rec, "name") : NULL;
		printf("  %zu  %s%s%s\n", i + 1, ids[i], name ? "  " : "", name ? name : "");
		kata_node_free(rec);
	}
	/* Ctrl-C at the question: the terminal back as it was, nothing saved */
	have_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	if ((rc = editor_init(&ed)))
		goto done;
	for (rc = -1; rc < 0;) {
		char *a = ask(&ed, ctx, "Whose coaching cycle did you observe? (a number or an ID)",
			      NULL);
		unsigned long v;
		char *end;

		if (!a) {
			rc = end_of_input();
			break;
		}
		v = strtoul(a, &end, 10);
		if (*a >= '0' && *a <= '9' && !*end && v >= 1 && v <= n) {
			*out = strdup(ids[v - 1]);
			rc = *out ? 0 : cmd_errorf("out of memory");
		}
		for (i = 0; rc < 0 && i < n; i++)
			if (!strcmp(a, ids[i]))
				rc = (*out = strdup(ids[i])) ? 0 : cmd_errorf("out of memory");
		if (rc < 0)
			printf("%s(a number from 1 to %zu, or one of the IDs)%s\n",
			       cmd_c(ctx, C_YELLOW), n, cmd_c(ctx, C_RESET));
		free(a);
	}
done:
	editor_release(&ed);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	return rc;
}

/*
 * The learner a feedback is about when none is named: the one the person
 * running kata second-coaches (learner.yaml's second_coach names them);
 * of several, the one whose cycles hold session if it is given, else
 * asked at a terminal, else a usage error listing them. A person who is no
 * learner of the repository gets the default learner of every command.
 */
static int feedback_learner(char **out, struct kata_ctx *ctx, const char *session)
{
	struct kata_error err;
	char **ids = NULL, *me = NULL, list[300] = "", target[16];
	size_t n = 0, i, found = 0;
	int r;

	*out = NULL;
	kata_error_init(&err);
	if (kata_learner_whoami(&me, ctx->repo, ctx->email, &err) < 0)
		return cmd_error(&err);
	if (!me)
		return cmd_learner(ctx, NULL, out);
	if (kata_learner_of(&ids, &n, ctx->repo, "second_coach", me, &err) < 0) {
		free(me);
		return cmd_error(&err);
	}
	for (i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 ids[i]);
	if (n == 1) {
		r = (*out = strdup(ids[0])) ? 0 : cmd_errorf("out of memory");
	} else if (!n) {
		r = cmd_usage_error(ctx, "%s is the second coach of no learner: name the learner observed (-l ID)",
				    me);
	} else {
		for (i = 0; session && i < n; i++) {
			if (kata_feedback_find_session(target, ctx->repo, ids[i], session, &err) == 0 &&
			    !found++)
				*out = ids[i];
			kata_error_release(&err);
		}
		if (found == 1) {
			r = (*out = strdup(*out)) ? 0 : cmd_errorf("out of memory");
		} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			*out = NULL;
			r = feedback_ask_learner(out, ctx, me, ids, n);
		} else {
			*out = NULL;
			r = cmd_usage_error(ctx, "which learner? %s is the second coach of %s: name one (-l ID)",
					    me, list);
		}
	}
	kata_strv_free(ids);
	free(me);
	return r;
}

/*
 * The operand names the learner (their ID, or their name) or a coaching
 * cycle. With -l it is the cycle; without, a learner's ID or name is the
 * learner, and anything else the cycle.
 */
static int feedback_target(char **learner, const char **session, struct kata_ctx *ctx,
			   const char *operand)
{
	struct kata_error err;
	int rc;

	*session = NULL;
	if (ctx->learner || !operand) {
		*session = operand;
		return ctx->learner ? cmd_learner(ctx, NULL, learner) :
				      feedback_learner(learner, ctx, NULL);
	}
	kata_error_init(&err);
	if ((rc = kata_learner_find(learner, ctx->repo, operand, &err)) == 0)
		return 0;
	if (rc == KATA_EAMBIGUOUS) {
		rc = cmd_usage_error(ctx, "%s", err.message);
		kata_error_release(&err);
		return rc;
	}
	if (rc != KATA_ENOTFOUND)
		return cmd_error(&err);
	kata_error_release(&err);
	*session = operand;
	return feedback_learner(learner, ctx, operand);
}

static int cmd_coach_feedback(int argc, char **argv, struct kata_ctx *ctx)
{
	struct feedback f = { NULL, NULL, NULL, 0 };
	struct cmd_opt opts[] = {
		CMD_CALL('n', "note", "TEXT", "feedback to the coach; after a --phase, a note on it",
			 feedback_note, &f),
		CMD_CALL('p', "phase", "N", "the question the next notes are about: its number or key",
			 feedback_phase, &f),
		CMD_CALL('m', "minutes", "M", "the minutes the phase took (more than 0, at most 120)",
			 feedback_minutes, &f),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_questions *qs = NULL;
	const char *session = NULL;
	char *learner = NULL;
	struct kata_error err;
	struct kata_done done;
	int r;

	/* at most one phase per argument */
	f.phases = calloc((size_t)argc, sizeof(*f.phases));
	f.phase_args = calloc((size_t)argc, sizeof(*f.phase_args));
	if (!f.phases || !f.phase_args) {
		r = cmd_errorf("out of memory");
		goto done;
	}
	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0)
		goto done;
	if (!f.note) {
		r = cmd_usage_error(ctx, "what is your feedback to the coach? give --note TEXT before any --phase");
		goto done;
	}
	if ((r = cmd_who(ctx)))
		goto done;
	kata_error_init(&err);
	if (kata_questions_for(&qs, ctx->repo, datadir(), &err) < 0) {
		r = cmd_error(&err);
		goto done;
	}
	if ((r = feedback_phases(ctx, &f, qs)) ||
	    (r = feedback_target(&learner, &session, ctx, ctx->nargs ? ctx->args[0] : NULL)))
		goto done;
	if (kata_feedback_add(&done, ctx->repo, learner, session, f.note, qs, f.phases, f.n,
			      &ctx->who, &err) < 0) {
		r = cmd_error(&err);
		goto done;
	}
	printf("%s: feedback %.4s recorded for the coach\n", learner, done.id);
done:
	kata_questions_free(qs);
	free(learner);
	free(f.phases);
	free(f.phase_args);
	return r;
}

/*
 * The learner a cycle is about: named, else one of the learners the person
 * running it coaches (asked at a terminal when there are several), else
 * the default learner.
 */
static int coached_learner(struct kata_ctx *ctx, const char *file, char **out)
{
	struct kata_error err;
	struct kata_buf list = KATA_BUF_INIT;
	char **mine = NULL, *line = NULL;
	size_t n = 0, i, cap = 0;
	int rc;

	if (ctx->nargs || ctx->learner)
		return cmd_learner(ctx, ctx->nargs ? ctx->args[0] : NULL, out);
	kata_error_init(&err);
	if (kata_coach_learners(&mine, &n, ctx->repo, ctx->who.email, &err) < 0)
		return cmd_error(&err);
	if (n == 0) {
		kata_strv_free(mine);
		return cmd_learner(ctx, NULL, out);
	}
	for (i = 0; i < n; i++)
		kata_buf_addf(&list, "%s%s", i ? ", " : "", mine[i]);
	if (n == 1) {
		rc = (*out = strdup(mine[0])) ? 0 : cmd_errorf("out of memory");
	} else if (file || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		rc = cmd_usage_error(ctx, "which learner? you coach %s: name one",
				     list.buf ? list.buf : "");
	} else {
		/* at a terminal: the coach picks one */
		printf("You coach %s. Which learner? ", list.buf ? list.buf : "");
		fflush(stdout);
		rc = -1;
		while (rc < 0) {
			ssize_t len = getline(&line, &cap, stdin);

			if (len <= 0) {
				rc = end_of_input();
				break;
			}
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = '\0';
			for (i = 0; i < n && strcmp(mine[i], line); i++)
				;
			if (i < n) {
				rc = (*out = strdup(mine[i])) ? 0 : cmd_errorf("out of memory");
			} else {
				printf("not one of yours: %s. Which learner? ",
				       list.buf ? list.buf : "");
				fflush(stdout);
			}
		}
	}
	free(line);
	kata_buf_release(&list);
	kata_strv_free(mine);
	return rc;
}

/* A cycle run by someone else than the learner's recorded coach goes
 * ahead, with a word. */
static int warn_coach(struct kata_ctx *ctx, const char *learner)
{
	struct kata_node *rec = NULL;
	struct kata_error err;
	char *coach = NULL;

	kata_error_init(&err);
	if (kata_learner_load(&rec, ctx->repo, learner, &err) < 0 ||
	    kata_coach_recorded(&coach, ctx->repo, rec, ctx->who.email, &err) < 0) {
		kata_node_free(rec);
		return cmd_error(&err);
	}
	if (coach)
		fprintf(stderr, "kata: warning: %s's recorded coach is %s, not you (%s); the cycle is recorded as yours\n",
			learner, coach, ctx->who.email);
	free(coach);
	kata_node_free(rec);
	return 0;
}

int cmd_coach(int argc, char **argv, struct kata_ctx *ctx)
{
	const char *file = NULL;
	struct cmd_opt opts[] = {
		CMD_STRING('a', "answers", &file, "FILE", "the answers as YAML (- for standard input)"),
		CMD_END,
	};
	static const struct cmd_operands operands = { 0, 1, NULL, NULL, false };
	struct kata_questions *qs = NULL;
	struct kata_node *answers = NULL;
	struct kata_error err;
	struct kata_done done;
	char *learner = NULL;
	int r;

	if (argc >= 2 && !strcmp(argv[1], "feedback"))
		return cmd_coach_feedback(argc - 1, argv + 1, ctx);
	if ((r = cmd_parse(ctx, argc, argv, opts, &operands)) >= 0) {
		if (ctx->helped)
			cmd_help_sub(ctx, "feedback", cmd_coach_feedback);
		return r;
	}
	if ((r = cmd_who(ctx)) || (r = coached_learner(ctx, file, &learner)))
		return r;
	if ((r = warn_coach(ctx, learner))) {
		free(learner);
		return r;
	}
	kata_error_init(&err);
	if (kata_questions_for(&qs, ctx->repo, datadir(), &err) < 0) {
		free(learner);
		return cmd_error(&err);
	}
	r = file ? load_answers(&answers, file) : coach_interactive(&answers, ctx, qs, learner);
	if (r)
		goto done;
	/*
	 * Not with the signals blocked: a commit that cannot finish (a record
	 * that never reads) must still end on SIGTERM or Ctrl-C, and a kill
	 * at any instant is safe (SPEC 4).
	 */
	r = kata_coach_cycle(&done, ctx->repo, learner, qs, answers,
			     file ? (strcmp(file, "-") ? file : "<stdin>") : "answers", &ctx->who,
			     &err);
	if (r < 0) {
		r = cmd_error(&err);
		goto done;
	}
	printf("%s: coaching cycle %.4s recorded", learner, done.id);
	if (done.seq)
		printf("; step #%lu planned", done.seq);
	putchar('\n');
	if (!file)
		recap(ctx, qs, learner, &done);
	r = 0;
done:
	kata_node_free(answers);
	kata_questions_free(qs);
	free(learner);
	return r;
}
