#include <stdlib.h>
#include <string.h>

#include "kata/board.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/when.h"

/* The window of "the last 7 days": today and the 6 days before. */
#define WINDOW_DAYS 7
/* The most days the working-day count walks; past it, it is big enough. */
#define WORKDAYS_MAX 400

static const char *const flag_names[KATA_BOARD_FLAGS] = {
	"no-step-2d", "go-and-see-overdue", "past-achieve-by", "no-coaching-3wd",
};

const char *kata_board_flag_name(unsigned i)
{
	return i < KATA_BOARD_FLAGS ? flag_names[i] : NULL;
}

/* What the board reads besides the rows: everyone's learner record (for
 * whose email ran a cycle, and who coaches whom), the clock, the days. */
struct ctx {
	struct kata_repo *repo;
	struct kata_time now;
	struct kata_schedule sched;
	char **ids;
	struct kata_node **people;
	size_t n;
};

/* Reads a record of the storyboard that was listed by name only. */
static int need(struct ctx *c, struct kata_rec *r, struct kata_error *err)
{
	if (r->node)
		return 0;
	return kata_record_load(&r->node, c->repo, r->path, r->kind, err);
}

static bool time_of(struct kata_time *out, const struct kata_node *rec, const char *key)
{
	const char *s = rec ? kata_node_str(rec, key) : NULL;

	return s && kata_time_parse_rfc3339(out, s, NULL) == 0;
}

/* Whole days from t's day to today, at the clock's offset. */
static int days_ago(const struct ctx *c, const struct kata_time *t)
{
	return -kata_time_days_between(&c->now, t);
}

/* Working days after the day of t, up to and including today. */
static int workdays_since(const struct ctx *c, const struct kata_time *t)
{
	int n = days_ago(c, t), k, count = 0;
	struct kata_time d = c->now;

	if (n > WORKDAYS_MAX)
		n = WORKDAYS_MAX;
	for (k = 0; k < n; k++) {
		d.t = c->now.t - (int64_t)k * 86400;
		count += c->sched.days[kata_time_weekday(&d)];
	}
	return count;
}

/* Working days of the window on or after the day of since. */
static unsigned workdays_in_window(const struct ctx *c, const struct kata_time *since)
{
	int from = since ? days_ago(c, since) : WINDOW_DAYS - 1, k;
	struct kata_time d = c->now;
	unsigned count = 0;

	for (k = 0; k < WINDOW_DAYS && k <= from; k++) {
		d.t = c->now.t - (int64_t)k * 86400;
		count += c->sched.days[kata_time_weekday(&d)];
	}
	return count;
}

/* The learner ID of the person who ran a cycle: the one whose emails hold
 * its coach_email, else whose name is its coach; NULL for nobody's. */
static const char *person_of(const struct ctx *c, const struct kata_node *cycle)
{
	const char *email = kata_node_str(cycle, "coach_email");
	const char *name = kata_node_str(cycle, "coach"), *s;
	size_t i;

	for (i = 0; email && i < c->n; i++)
		if (c->people[i] && kata_learner_has_email(c->people[i], email))
			return c->ids[i];
	for (i = 0; name && i < c->n; i++)
		if (c->people[i] && (s = kata_node_str(c->people[i], "name")) && !strcmp(s, name))
			return c->ids[i];
	return NULL;
}

static int row_steps(struct ctx *c, struct kata_board_row *row, struct kata_error *err)
{
	struct kata_recs *steps = &row->sb->steps;
	struct kata_time t, done;
	size_t i;
	int rc;

	row->days_since_step = -1;
	for (i = steps->n; i-- > 0;) {
		struct kata_rec *r = &steps->rec[i];

		if ((rc = need(c, r, err)) < 0)
			return rc;
		if (!time_of(&t, r->node, "planned"))
			continue;
		if (i + 1 == steps->n) {
			/* the last move of the PDCA cycle: planned, or reflected on */
			if (time_of(&done, r->node, "done") && done.t > t.t)
				row->days_since_step = days_ago(c, &done);
			else
				row->days_since_step = days_ago(c, &t);
			if (row->days_since_step < 0)
				row->days_since_step = 0;
		}
		if (days_ago(c, &t) >= WINDOW_DAYS)
			break;	/* the steps before it are older still */
		row->steps_7d++;
	}
	row->open_step = kata_storyboard_open_step(row->sb);
	return 0;
}

static int fill_row(struct ctx *c, struct kata_board_row *row, struct kata_error *err)
{
	struct kata_storyboard *sb = row->sb;
	const struct kata_node *t;
	struct kata_time started, when;
	bool has_start;
	const char *s;
	struct kata_rec *last;
	unsigned i;
	int rc;

	row->learner = sb->learner_id;
	row->coach = kata_node_str(sb->learner, "coach");
	row->days_since_step = row->idle_days = -1;
	row->workdays_since_coaching = -1;
	if (!(row->active = kata_storyboard_active(sb)))
		return 0;
	t = sb->target->node;
	has_start = time_of(&started, t, "started");
	if ((s = kata_node_str(t, "achieve_by")) && kata_when_parse(&when, s, &c->now, NULL) == 0) {
		row->days_to_achieve_by = kata_time_days_between(&c->now, &when);
		if (kata_time_passed(&when, &c->now))
			row->flags |= KATA_BOARD_PAST_ACHIEVE_BY;
	}
	if ((rc = row_steps(c, row, err)) < 0)
		return rc;
	row->idle_days = row->days_since_step >= 0 ? row->days_since_step :
			 has_start ? days_ago(c, &started) : 0;
	if (row->idle_days < 0)
		row->idle_days = 0;
	if (row->idle_days >= 2)
		row->flags |= KATA_BOARD_NO_STEP_2D;
	if (row->open_step && (s = kata_node_str(row->open_step->node, "see_by")) &&
	    kata_when_parse(&when, s, &c->now, NULL) == 0 && kata_time_passed(&when, &c->now)) {
		row->overdue = true;
		row->flags |= KATA_BOARD_SEE_OVERDUE;
	}
	if ((row->focus = kata_storyboard_focus(sb)) &&
	    (rc = need(c, (struct kata_rec *)row->focus, err)) < 0)
		return rc;
	if ((last = (struct kata_rec *)kata_storyboard_last(&sb->coaching))) {
		const char *who;

		if ((rc = need(c, last, err)) < 0)
			return rc;
		row->last_coaching = last;
		who = person_of(c, last->node);
		if (!who)
			who = kata_node_str(last->node, "coach");
		if (who && !(row->last_coach = kata_str_newf("%s", who)))
			return kata_error_oom(err);
		if (time_of(&when, last->node, "at")) {
			when.offset = c->now.offset;
			kata_time_format_day(row->last_coaching_day, &when);
			row->workdays_since_coaching = workdays_since(c, &when);
		}
	}
	if (row->workdays_since_coaching < 0)
		row->workdays_since_coaching = has_start ? workdays_since(c, &started) : 0;
	if (row->workdays_since_coaching >= 3)
		row->flags |= KATA_BOARD_NO_COACHING_3WD;
	for (i = 0; i < KATA_BOARD_FLAGS; i++)
		row->n_flags += (row->flags >> i) & 1;
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct kata_board_row *x = a, *y = b;

	if (x->active != y->active)
		return x->active ? -1 : 1;
	if (x->active && x->n_flags != y->n_flags)
		return x->n_flags > y->n_flags ? -1 : 1;
	if (x->active && x->idle_days != y->idle_days)
		return x->idle_days > y->idle_days ? -1 : 1;
	return strcmp(x->learner, y->learner);
}

static struct kata_board_coach *coach_of(struct kata_board *b, const char *id)
{
	size_t i;

	for (i = 0; id && i < b->n_coaches; i++)
		if (!strcmp(b->coaches[i].coach, id))
			return &b->coaches[i];
	return NULL;
}

static const struct kata_board_row *row_of(const struct kata_board *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->rows[i].learner, id))
			return &b->rows[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The minutes a feedback gave for the phases of the cycle, or -1. */
static double feedback_minutes(const struct kata_node *fb)
{
	const struct kata_node *phases = kata_node_get(fb, "phases");
	double sum = -1;
	size_t i;

	for (i = 0; phases && phases->type == KATA_NODE_SEQUENCE && i < phases->n; i++) {
		const char *m = kata_node_str(phases->entries[i].value, "minutes");

		if (m)
			sum = (sum < 0 ? 0 : sum) + strtod(m, NULL);
	}
	return sum;
}

/* The cycles and feedback of one learner's last 7 days, to their coaches. */
static int count_cycles(struct ctx *c, struct kata_board *b, struct kata_board_row *row,
			struct kata_error *err)
{
	struct kata_storyboard *sb = row->sb;
	struct kata_board_coach *k;
	struct kata_time at;
	size_t i, j;
	int rc;

	for (i = sb->coaching.n; i-- > 0;) {
		struct kata_rec *r = &sb->coaching.rec[i];

		if ((rc = need(c, r, err)) < 0)
			return rc;
		if (!time_of(&at, r->node, "at") || days_ago(c, &at) >= WINDOW_DAYS)
			break;
		if ((k = coach_of(b, person_of(c, r->node))))
			k->cycles_7d++;
	}
	for (i = sb->feedback.n; i-- > 0;) {
		struct kata_rec *r = &sb->feedback.rec[i];
		const char *cid;
		double m;

		if ((rc = need(c, r, err)) < 0)
			return rc;
		if (!time_of(&at, r->node, "at") || days_ago(c, &at) >= WINDOW_DAYS)
			break;
		if (!(cid = kata_node_str(r->node, "coaching")))
			continue;
		for (j = sb->coaching.n; j-- > 0 && strcmp(sb->coaching.rec[j].id, cid);)
			;
		if (j == (size_t)-1)
			continue;	/* a cycle of an earlier target, or gone */
		if ((rc = need(c, &sb->coaching.rec[j], err)) < 0)
			return rc;
		if (!(k = coach_of(b, person_of(c, sb->coaching.rec[j].node))))
			continue;
		k->observations_7d++;
		if ((m = feedback_minutes(r->node)) >= 0) {
			k->timed_7d++;
			k->minutes_7d += m;
		}
	}
	return 0;
}

static int cmp_coaches(const void *a, const void *b)
{
	const struct kata_board_coach *x = a, *y = b;
	long dx = (long)x->expected_7d - (long)x->cycles_7d;
	long dy = (long)y->expected_7d - (long)y->cycles_7d;

	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->coach, y->coach);
}

/* A row per coach, from every row (all learners are loaded for it). */
static int load_coaches(struct ctx *c, struct kata_board *b, const char *only,
			struct kata_error *err)
{
	size_t i;
	int rc;

	if (b->n && !(b->coaches = calloc(b->n, sizeof(*b->coaches))))
		return kata_error_oom(err);
	for (i = 0; i < b->n; i++) {
		const char *coach = b->rows[i].coach;
		struct kata_board_coach *k = coach_of(b, coach);

		if (!coach || (only && strcmp(coach, only)))
			continue;
		if (!k) {
			k = &b->coaches[b->n_coaches++];
			k->coach = coach;
			if (!(k->learners = calloc(b->n, sizeof(*k->learners))))
				return kata_error_oom(err);
		}
		k->learners[k->n_learners++] = b->rows[i].learner;
		if (b->rows[i].active) {
			struct kata_time started;

			k->expected_7d += workdays_in_window(c, time_of(&started, b->rows[i].sb->target->node,
								       "started") ? &started : NULL);
		}
	}
	for (i = 0; i < b->n; i++)
		if ((rc = count_cycles(c, b, &b->rows[i], err)) < 0)
			return rc;
	for (i = 0; i < b->n_coaches; i++) {
		struct kata_board_coach *k = &b->coaches[i];

		qsort(k->learners, k->n_learners, sizeof(*k->learners), cmp_str);
		k->own = row_of(b, k->coach);
	}
	/* own points into rows, which stay as they are from here */
	qsort(b->coaches, b->n_coaches, sizeof(*b->coaches), cmp_coaches);
	return 0;
}

static void ctx_release(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		kata_node_free(c->people[i]);
	free(c->people);
	kata_strv_free(c->ids);
}

int kata_board_load(struct kata_board **out, struct kata_repo *repo,
		    const struct kata_board_opts *opts, struct kata_error *err)
{
	/* what a row needs is read record by record, from the newest */
	static const struct kata_storyboard_opts names = {
		KATA_LOAD_NAMES, KATA_LOAD_NAMES, KATA_LOAD_NAMES, KATA_LOAD_NAMES,
		KATA_LOAD_NAMES, NULL,
	};
	static const struct kata_board_opts none = { NULL, false };
	struct kata_board *b = NULL;
	struct ctx c;
	size_t i;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &none;
	memset(&c, 0, sizeof(c));
	c.repo = repo;
	c.now = *kata_repo_now(repo);
	if (opts->coach && (rc = kata_learner_check(repo, opts->coach, err)) < 0)
		return rc;
	if ((rc = kata_init_schedule(&c.sched, repo, err)) < 0 ||
	    (rc = kata_learner_list(&c.ids, &c.n, repo, err)) < 0)
		goto done;
	if (!(b = calloc(1, sizeof(*b))) ||
	    (c.n && !(c.people = calloc(c.n, sizeof(*c.people)))) ||
	    (c.n && !(b->rows = calloc(c.n, sizeof(*b->rows))))) {
		rc = kata_error_oom(err);
		goto done;
	}
	/* everyone first: a row names who ran a cycle by their email */
	for (i = 0; i < c.n; i++)
		if ((rc = kata_learner_load(&c.people[i], repo, c.ids[i], err)) < 0)
			goto done;
	for (i = 0; i < c.n; i++) {
		const char *coach;
		struct kata_board_row *row;

		coach = kata_node_str(c.people[i], "coach");
		/* the coaches' view needs everyone: their own rows, their cadence */
		if (!opts->coaches && opts->coach && (!coach || strcmp(coach, opts->coach)))
			continue;
		row = &b->rows[b->n++];
		if ((rc = kata_storyboard_load(&row->sb, repo, c.ids[i], &names, err)) < 0 ||
		    (rc = fill_row(&c, row, err)) < 0)
			goto done;
	}
	qsort(b->rows, b->n, sizeof(*b->rows), cmp_rows);
	if (opts->coaches && (rc = load_coaches(&c, b, opts->coach, err)) < 0)
		goto done;
	*out = b;
	b = NULL;
done:
	kata_board_free(b);
	ctx_release(&c);
	return rc;
}

void kata_board_free(struct kata_board *board)
{
	size_t i;

	if (!board)
		return;
	for (i = 0; i < board->n; i++) {
		kata_storyboard_free(board->rows[i].sb);
		free(board->rows[i].last_coach);
	}
	for (i = 0; i < board->n_coaches; i++)
		free(board->coaches[i].learners);
	free(board->rows);
	free(board->coaches);
	free(board);
}
