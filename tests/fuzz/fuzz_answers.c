/*
 * The answers file of `kata coach --answers FILE`: parsed as the program
 * parses it, then checked as the cycle checks it before writing anything
 * (kata_coach_check), against the shipped question set and two
 * storyboards built in memory: a learner's first cycle, and a later one
 * with an open step, an open obstacle and an earlier coaching cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/coach.h"
#include "kata/questions.h"
#include "kata/storyboard.h"
#include "kata/when.h"
#include "kata/yaml.h"

#include "fuzz.h"

static const char target_yaml[] =
	"kind: target\nid: t00000000a\nlearner: alice\nchallenge: c\n"
	"condition: reviews wait under 4 hours\nachieve_by: '2026-12-18'\nstatus: active\n"
	"metric: wait\nunit: h\nfocus: b000000001\nstarted: '2026-11-02T09:00:00Z'\n";
static const char obstacle_yaml[] =
	"kind: obstacle\nid: b000000001\ntarget: t00000000a\ntext: tools far away\n"
	"status: open\ncreated: '2026-11-02T09:00:00Z'\n";
static const char closed_yaml[] =
	"kind: obstacle\nid: b000000002\ntarget: t00000000a\ntext: no standard\n"
	"status: closed\ncreated: '2026-11-03T09:00:00Z'\n";
static const char step_yaml[] =
	"kind: step\nid: s00000000a\ntarget: t00000000a\nstep: pair on the oldest review\n"
	"expect: e\nsee_by: '2026-11-21T10:00:00Z'\nstatus: open\n"
	"planned: '2026-11-20T09:00:00Z'\n";
static const char cycle_yaml[] =
	"kind: coaching\nid: c000000001\ntarget: t00000000a\nlearner: alice\n"
	"coach: Bob Coach\ncoach_email: bob@example.com\nat: '2026-11-20T09:00:00Z'\n"
	"answers:\n  target: t\n  actual: a\n  obstacle: b000000001\n"
	"  next_step:\n    step: pair on the oldest review\n    expect: e\n"
	"  see_by: tomorrow 10:00\n";

static struct kata_node *parsed(const char *yaml)
{
	struct kata_node *n = NULL;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_yaml_parse(&n, yaml, strlen(yaml), "fixture.yaml", &err) < 0) {
		fprintf(stderr, "fuzz: %s\n", err.message);
		abort();
	}
	return n;
}

static void add(struct kata_recs *list, enum kata_kind kind, const char *yaml)
{
	struct kata_rec *r;

	if (!(list->rec = realloc(list->rec, (list->n + 1) * sizeof(*list->rec))))
		abort();
	r = &list->rec[list->n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->node = parsed(yaml);
	snprintf(r->id, sizeof(r->id), "%s", kata_node_str(r->node, "id"));
	r->seq = r->number = list->n;
	r->abbrev = 4;
}

static struct kata_storyboard *storyboard(bool later)
{
	struct kata_storyboard *sb = calloc(1, sizeof(*sb));

	if (!sb || !(sb->target = calloc(1, sizeof(*sb->target))))
		abort();
	snprintf(sb->learner_id, sizeof(sb->learner_id), "alice");
	sb->learner = parsed("kind: learner\nid: alice\nname: Alice\nemails:\n- alice@example.com\n");
	sb->target->kind = KATA_KIND_TARGET;
	sb->target->node = parsed(target_yaml);
	snprintf(sb->target->id, sizeof(sb->target->id), "t00000000a");
	sb->target->seq = sb->target->number = 1;
	snprintf(sb->target_dir, sizeof(sb->target_dir), "learners/alice/t1");
	add(&sb->obstacles, KATA_KIND_OBSTACLE, obstacle_yaml);
	add(&sb->obstacles, KATA_KIND_OBSTACLE, closed_yaml);
	if (later) {
		add(&sb->steps, KATA_KIND_STEP, step_yaml);
		add(&sb->coaching, KATA_KIND_COACHING, cycle_yaml);
	}
	return sb;
}

/* Made once: libFuzzer calls the target in one process many times. */
static struct kata_questions *qs;
static struct kata_storyboard *first, *later;
static struct kata_time now;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kata_error err;

	kata_error_init(&err);
	if (kata_questions_load(&qs, FUZZ_QUESTIONS, FUZZ_QUESTIONS, &err) < 0 ||
	    kata_time_now(&now, "2026-11-21T09:00:00Z", &err) < 0) {
		fprintf(stderr, "fuzz: %s\n", err.message);
		abort();
	}
	first = storyboard(false);
	later = storyboard(true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kata_node *answers = NULL;
	struct kata_error err;
	char *text;
	size_t i;

	kata_error_init(&err);
	if (kata_yaml_parse(&answers, (const char *)data, size, "answers.yaml", &err) == 0) {
		(void)kata_coach_check(first, qs, answers, "answers.yaml", &now, &err);
		kata_error_release(&err);
		(void)kata_coach_check(later, qs, answers, "answers.yaml", &now, &err);
		kata_error_release(&err);
	}
	kata_error_release(&err);
	kata_node_free(answers);
	/* the same bytes as one answer typed at the prompt, to each question */
	text = fuzz_string(data, size);
	for (i = 0; i < qs->n; i++) {
		(void)kata_coach_check_answer(later, &qs->q[i], text, &now, &err);
		kata_error_release(&err);
	}
	free(text);
	return 0;
}
