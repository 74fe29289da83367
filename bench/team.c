/*
 * A synthetic team, built through lib/ as the commands would write it:
 * learners coaching each other up the organisation, each practising on
 * every working day, target condition after target condition: steps
 * planned and reflected on, measures, coaching cycles with a second
 * coach's feedback now and then, obstacles found and closed.
 *
 * The history is written in a batch (kata_repo_batch_begin): one commit a
 * write as always, the objects kept in memory and packed now and then, the
 * index written once at the end, so that three years of a team take
 * minutes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "team.h"
#include "kata/coach.h"
#include "kata/feedback.h"
#include "kata/init.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/questions.h"
#include "kata/repo.h"
#include "kata/step.h"
#include "kata/target.h"
#include "kata/when.h"
#include "kata/yaml.h"

#define TARGET_DAYS 25		/* working days a target condition lasts */
#define COACHES 5		/* learners 0..4 coach the others */
#define FLUSH_COMMITS 5000	/* a pack written from memory this often */
#define DAY 86400

struct person {
	char id[16];
	char name[32];
	char email[48];
	struct kata_who who;
	char target[65];	/* the active target's ID, "" for none */
	char focus[65];		/* its obstacle in focus */
	int days;		/* working days on the target so far */
	int cycles;		/* coaching cycles of the target */
	bool open;		/* a step is open */
	int steps;
};

struct team {
	struct kata_repo *repo;
	struct kata_questions *qs;
	struct person *p;
	int n;
	int64_t now;
	long records, commits, flushed;
};

static void die(const char *what, const struct kata_error *err)
{
	fprintf(stderr, "kata-bench: %s: %s%s%s\n", what, err->path ? err->path : "",
		err->path ? ": " : "", err->message ? err->message : "failed");
	exit(1);
}

#define CHECK(call) do { if ((call) < 0) die(#call, &err); } while (0)

static void at(struct team *t, int64_t when)
{
	struct kata_time now = { when, 0, true };

	kata_repo_set_now(t->repo, &now);
}

/* Counts a write; every FLUSH_COMMITS commits the memory goes to a pack. */
static void wrote(struct team *t, long records)
{
	struct kata_error err;

	kata_error_init(&err);
	t->records += records;
	if (++t->commits - t->flushed >= FLUSH_COMMITS) {
		CHECK(kata_repo_batch_flush(t->repo, &err));
		t->flushed = t->commits;
	}
}

static const struct person *coach_of(const struct team *t, int k)
{
	if (k == 0)
		return NULL;
	return &t->p[k < COACHES ? 0 : k % COACHES];
}

static void start_target(struct team *t, struct person *p, int seq)
{
	static const char *const obstacles[] = {
		"tools are not at the machine", "no standard for setting the die",
		"the crane is shared with press 3", "operators not trained on the new fixture",
	};
	char condition[96];
	struct kata_target_opts so = { "Every order shipped the day it comes in", condition,
				      "+35d", "changeover takes 25 minutes", "changeover", "min",
				      "10", true, false };
	struct kata_done done;
	struct kata_error err;
	int i;

	kata_error_init(&err);
	snprintf(condition, sizeof(condition),
		 "Changeover of line %s under 10 minutes, every shift (target %d)", p->id, seq);
	CHECK(kata_target_start(&done, t->repo, p->id, &so, &p->who, &err));
	snprintf(p->target, sizeof(p->target), "%s", done.id);
	wrote(t, 1);
	for (i = 0; i < 3; i++) {
		t->now += 60;
		at(t, t->now);
		CHECK(kata_obstacle_add(&done, t->repo, p->id, obstacles[(seq + i) % 4], &p->who,
					&err));
		if (i == 0)
			snprintf(p->focus, sizeof(p->focus), "%s", done.id);
		wrote(t, 1);
	}
	CHECK(kata_obstacle_focus(&done, t->repo, p->id, p->focus, &p->who, &err));
	wrote(t, 0);
	p->days = p->cycles = 0;
	p->open = false;
}

static void end_target(struct team *t, struct person *p)
{
	struct kata_reflection last = { "the changeover took 11 minutes",
					"the last minutes are in the die's alignment" };
	struct kata_done done;
	struct kata_error err;

	kata_error_init(&err);
	CHECK(kata_target_end(&done, t->repo, p->id, KATA_TARGET_DONE, "reached on most shifts",
			      p->open ? &last : NULL, &p->who, &err));
	wrote(t, 0);
	p->target[0] = '\0';
}

static void alone(struct team *t, struct person *p)
{
	char step[96], value[16];
	struct kata_step_opts st = { step, "the changeover a minute shorter", NULL, "+1d 10:00" };
	struct kata_measure_opts mo = { "changeover", value, NULL, false };
	struct kata_done done;
	struct kata_error err;

	kata_error_init(&err);
	if (p->open) {
		CHECK(kata_step_reflect(&done, t->repo, p->id, NULL, "a minute shorter, mostly",
					"the search for the wrench is what is left", &p->who, &err));
		wrote(t, 0);
		t->now += 60;
		at(t, t->now);
	}
	snprintf(step, sizeof(step), "Try change %d on the line", ++p->steps);
	CHECK(kata_step_plan(&done, t->repo, p->id, &st, &p->who, &err));
	wrote(t, 1);
	p->open = true;
	t->now += 60;
	at(t, t->now);
	snprintf(value, sizeof(value), "%d", 25 - p->days % 15);
	CHECK(kata_measure_add(&done, t->repo, p->id, &mo, &p->who, &err));
	wrote(t, 1);
}

static void cycle(struct team *t, struct person *p, const struct person *coach)
{
	char yaml[1024];
	struct kata_node *answers = NULL;
	struct kata_done done;
	struct kata_error err;
	int n;

	kata_error_init(&err);
	n = snprintf(yaml, sizeof(yaml),
		     "target: changeover under 10 minutes\n"
		     "actual: changeover at %d minutes on the day shift\n"
		     "measure: %d\n"
		     "%s"
		     "obstacle: %s\n"
		     "next_step:\n  step: Try change %d, found in the cycle\n"
		     "  expect: one minute shorter\n"
		     "see_by: tomorrow 10:00\n",
		     25 - p->days % 15, 25 - p->days % 15,
		     p->open ? "last_step:\n  happened: it went as expected\n"
			       "  learned: the fixture needs a stop\n" : "",
		     p->focus, p->steps + 1);
	if (n < 0 || (size_t)n >= sizeof(yaml))
		die("answers too long", &err);
	CHECK(kata_yaml_parse(&answers, yaml, (size_t)n, "answers", &err));
	CHECK(kata_coach_cycle(&done, t->repo, p->id, t->qs, answers, "answers", &coach->who,
			       &err));
	kata_node_free(answers);
	wrote(t, p->open ? 3 : 2);	/* cycle, measure, step planned */
	p->steps++;
	p->open = true;
	p->cycles++;
}

static void feedback(struct team *t, struct person *p, const struct person *second)
{
	struct kata_feedback_phase ph[2] = { { 1, "4", "clear on the target" },
					     { 4, "6", "the obstacle question came fast" } };
	struct kata_done done;
	struct kata_error err;

	kata_error_init(&err);
	CHECK(kata_feedback_add(&done, t->repo, p->id, NULL, "ask for the data first", t->qs,
				ph, 2, &second->who, &err));
	wrote(t, 1);
}

static void people(struct team *t, int n)
{
	int k;

	t->n = n;
	if (!(t->p = calloc((size_t)n, sizeof(*t->p)))) {
		perror("kata-bench");
		exit(1);
	}
	for (k = 0; k < n; k++) {
		struct person *p = &t->p[k];

		snprintf(p->id, sizeof(p->id), "l%02d", k);
		snprintf(p->name, sizeof(p->name), "Learner %02d", k);
		snprintf(p->email, sizeof(p->email), "l%02d@team.example", k);
		p->who.name = p->name;
		p->who.email = p->email;
	}
}

static void add_people(struct team *t)
{
	struct kata_done done;
	struct kata_error err;
	int k;

	kata_error_init(&err);
	for (k = 0; k < t->n; k++) {
		struct person *p = &t->p[k];
		const struct person *c = coach_of(t, k), *s = c ? coach_of(t, (int)(c - t->p)) : NULL;
		const char *emails[1] = { p->email };
		struct kata_learner_opts lo = { p->id, p->name, emails, 1, c ? c->id : NULL,
						s ? s->id : NULL, "changeover on the press line" };

		t->now += 60;
		at(t, t->now);
		CHECK(kata_learner_add(&done, t->repo, &lo, &t->p[0].who, &err));
		wrote(t, 1);
	}
}

/* One working day of everyone's practice, from 08:00. */
static void day(struct team *t, int64_t morning, int d, int *seq)
{
	int k;

	t->now = morning;
	for (k = 0; k < t->n; k++) {
		struct person *p = &t->p[k];
		const struct person *c = coach_of(t, k);

		t->now += 300;
		at(t, t->now);
		if (p->target[0] && p->days >= TARGET_DAYS) {
			end_target(t, p);
			t->now += 60;
			at(t, t->now);
		}
		if (!p->target[0])
			start_target(t, p, ++*seq);
		t->now += 60;
		at(t, t->now);
		if (c && (d + k) % 2 == 0) {
			cycle(t, p, c);
			if (c != &t->p[0] && (d + k) % 10 == 0) {
				t->now += 600;
				at(t, t->now);
				feedback(t, p, coach_of(t, (int)(c - t->p)));
			}
		} else {
			alone(t, p);
		}
		p->days++;
	}
}

long team_learners(long records)
{
	long n = records / 2000;

	return n < 8 ? 8 : n > 50 ? 50 : n;
}

int64_t team_build(const char *dir, const struct team_opts *o, long *records, long *commits)
{
	struct team t = { 0 };
	struct kata_done done;
	struct kata_error err;
	const struct kata_who *admin;
	int64_t day0 = o->end - ((int64_t)o->days * 7 / 5 + 2) * DAY;
	int d = 0, seq = 0, wd;

	kata_error_init(&err);
	day0 -= day0 % DAY;	/* midnight UTC */
	people(&t, (int)o->learners);
	admin = &t.p[0].who;
	t.now = day0 + 7 * 3600;
	CHECK(kata_repo_create(&t.repo, dir, &err));
	CHECK(kata_questions_load(&t.qs, o->questions, "coaching-kata.yaml", &err));
	CHECK(kata_repo_batch_begin(t.repo, &err));
	at(&t, t.now);
	CHECK(kata_init(&done, t.repo, "Press shop", admin, &err));
	wrote(&t, 1);
	add_people(&t);
	for (wd = 0; d < o->days; wd++) {
		struct kata_time now = { day0 + (int64_t)wd * DAY, 0, true };

		if (kata_time_weekday(&now) == 0 || kata_time_weekday(&now) == 6)
			continue;
		day(&t, now.t + 8 * 3600, d++, &seq);
		if (o->progress && d % 20 == 0)
			fprintf(stderr, "\rkata-bench: %s: %ld records, %ld commits", dir, t.records,
				t.commits);
		if (o->records && t.records >= o->records)
			break;
	}
	CHECK(kata_repo_batch_end(t.repo, &err));
	if (o->progress)
		fprintf(stderr, "\rkata-bench: %s: %ld records, %ld commits\n", dir, t.records,
			t.commits);
	kata_questions_free(t.qs);
	kata_repo_free(t.repo);
	free(t.p);
	*records = t.records;
	*commits = t.commits;
	return t.now;
}
