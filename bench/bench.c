/*
 * kata-bench: does a command's cost stay flat as history grows (SPEC 10)?
 *
 * Builds two repositories through lib/: a new one (one learner, one target,
 * a few records) and one with RECORDS records and as many commits behind
 * them (many learners, many ended targets, each with obstacles, reflected
 * steps and measures). Then runs the kata program on both, side by side,
 * alternating so that machine noise hits both alike, and prints the median
 * time of each command and the ratio big/new.
 *
 *   kata-bench [-n RECORDS] [-r ROUNDS] PATH-TO-KATA
 */
#define _XOPEN_SOURCE 700	/* sync() */

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kata/init.h"
#include "kata/learner.h"
#include "kata/measure.h"
#include "kata/obstacle.h"
#include "kata/repo.h"
#include "kata/step.h"
#include "kata/target.h"
#include "kata/when.h"

extern char **environ;

#define PER_TARGET 50	/* records: target + 3 obstacles + 20 steps + 26 measures */

static const struct kata_who who = { "Bench Mark", "bench@example.com" };

static void die(const char *what, const struct kata_error *err)
{
	fprintf(stderr, "kata-bench: %s: %s%s%s\n", what, err && err->path ? err->path : "",
		err && err->path ? ": " : "", err && err->message ? err->message : strerror(errno));
	exit(1);
}

#define CHECK(call) do { if ((call) < 0) die(#call, &err); } while (0)

/* One target's worth of practice; ends it unless it is the last. */
static void practise(struct kata_repo *repo, const char *learner, bool end,
		     struct kata_error *err_out)
{
	struct kata_target_opts so = { "Same-day shipping", "Changeover under 10 min", "+30d",
				      "25 min", "changeover", "min", "10", true, false };
	struct kata_done done;
	struct kata_error err;
	char step[64], value[16];
	int i;

	kata_error_init(&err);
	CHECK(kata_target_start(&done, repo, learner, &so, &who, &err));
	CHECK(kata_obstacle_add(&done, repo, learner, "tools not at the machine", &who, &err));
	CHECK(kata_obstacle_add(&done, repo, learner, "no standard for die setting", &who, &err));
	CHECK(kata_obstacle_add(&done, repo, learner, "operators not trained", &who, &err));
	CHECK(kata_obstacle_focus(&done, repo, learner, done.id, &who, &err));
	for (i = 0; i < 20; i++) {
		struct kata_step_opts st = { step, "changeover a minute shorter", NULL, "+1d" };

		snprintf(step, sizeof(step), "try change number %d", i + 1);
		CHECK(kata_step_plan(&done, repo, learner, &st, &who, &err));
		CHECK(kata_step_reflect(&done, repo, learner, NULL, "it was", "something", &who, &err));
	}
	for (i = 0; i < 26; i++) {
		struct kata_measure_opts mo = { "changeover", value, NULL, false };

		snprintf(value, sizeof(value), "%d", 25 - i % 15);
		CHECK(kata_measure_add(&done, repo, learner, &mo, &who, &err));
	}
	if (end)
		CHECK(kata_target_end(&done, repo, learner, KATA_TARGET_DONE, NULL, NULL, &who, &err));
	*err_out = err;
}

static void build(const char *dir, long records)
{
	struct kata_repo *repo = NULL;
	struct kata_error err;
	struct kata_done done;
	long targets = records / PER_TARGET, learners = targets / 10 + 1, t = 0;
	long l;
	char id[32];

	kata_error_init(&err);
	CHECK(kata_repo_create(&repo, dir, &err));
	CHECK(kata_init(&done, repo, "bench", &who, &err));
	for (l = 0; l < learners; l++) {
		struct kata_learner_opts lo = { id, "A Learner", NULL, 0, NULL, NULL, NULL };
		long k, per = l + 1 == learners ? targets - t : 10;

		snprintf(id, sizeof(id), "learner%03ld", l);
		CHECK(kata_learner_add(&done, repo, &lo, &who, &err));
		for (k = 0; k < per && t < targets; k++, t++) {
			practise(repo, id, true, &err);
			if (t % 20 == 19)
				fprintf(stderr, "\rkata-bench: %s: %ld records", dir, (t + 1) * PER_TARGET);
		}
	}
	/* the learner the timed commands are about: active target, focus set */
	{
		struct kata_learner_opts lo = { "bench", "Bench Learner", NULL, 0, NULL, NULL, NULL };

		CHECK(kata_learner_add(&done, repo, &lo, &who, &err));
		practise(repo, "bench", false, &err);
	}
	fprintf(stderr, "\rkata-bench: %s: built                    \n", dir);
	kata_repo_free(repo);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs kata -C dir args..., output to /dev/null; returns milliseconds. */
static double run(const char *kata, const char *dir, const char *const *args)
{
	posix_spawn_file_actions_t fa;
	char *argv[16];
	pid_t pid;
	int i = 0, status;
	double t0, t1;

	argv[i++] = (char *)kata;
	argv[i++] = "-C";
	argv[i++] = (char *)dir;
	argv[i++] = "-l";
	argv[i++] = "bench";
	while (*args && i < 15)
		argv[i++] = (char *)*args++;
	argv[i] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	t0 = now_ms();
	if (posix_spawn(&pid, kata, &fa, NULL, argv, environ) != 0)
		die("posix_spawn", NULL);
	waitpid(pid, &status, 0);
	t1 = now_ms();
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "kata-bench: '%s' failed in %s\n", argv[5], dir);
		exit(1);
	}
	return t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum { OP_STEP, OP_SHOW, OP_MEASURE, OP_BOARD, OP_COUNT };

int main(int argc, char **argv)
{
	static const char *const plan[] = { "step", "try the next change", "--expect", "faster",
					     "--see-by", "tomorrow 10:00", NULL };
	static const char *const reflect[] = { "step", "done", "--happened", "it was",
						"--learned", "something", NULL };
	static const char *const show[] = { "show", NULL };
	static const char *const measure[] = { "measure", "changeover", "12", NULL };
	/* grows with the learners (21 against 1), never with the history */
	static const char *const board[] = { "board", NULL };
	static const char *const names[OP_COUNT] = {
		"kata step + kata step done", "kata show", "kata measure", "kata board" };
	long records = 10000;
	int rounds = 15, c, r, op, w;
	char base[] = "/tmp/kata-bench-XXXXXX", small[64], big[64];
	double *t[2][OP_COUNT];
	const char *kata;

	while ((c = getopt(argc, argv, "n:r:")) != -1) {
		if (c == 'n')
			records = strtol(optarg, NULL, 10);
		else if (c == 'r')
			rounds = atoi(optarg);
		else
			goto usage;
	}
	if (optind + 1 != argc || records < PER_TARGET || rounds < 1)
		goto usage;
	kata = argv[optind];
	if (!mkdtemp(base))
		die("mkdtemp", NULL);
	snprintf(small, sizeof(small), "%s/new", base);
	snprintf(big, sizeof(big), "%s/big", base);
	setenv("KATA_NOW", "2026-11-21T09:00:00Z", 1);
	setenv("GIT_AUTHOR_NAME", who.name, 1);
	setenv("GIT_AUTHOR_EMAIL", who.email, 1);

	build(small, 0);
	build(big, records);
	for (w = 0; w < 2; w++)
		for (op = 0; op < OP_COUNT; op++)
			if (!(t[w][op] = calloc((size_t)rounds, sizeof(double))))
				die("calloc", NULL);
	/*
	 * Let the build's writes reach the disk, and warm the page cache of
	 * both repositories with a round of every command, before timing.
	 */
	sync();
	for (w = 0; w < 2; w++) {
		const char *dir = w ? big : small;

		run(kata, dir, plan);
		run(kata, dir, reflect);
		run(kata, dir, show);
		run(kata, dir, measure);
		run(kata, dir, board);
	}
	for (r = 0; r < rounds; r++) {
		for (w = 0; w < 2; w++) {
			const char *dir = w ? big : small;

			t[w][OP_STEP][r] = run(kata, dir, plan) + run(kata, dir, reflect);
			t[w][OP_SHOW][r] = run(kata, dir, show);
			t[w][OP_MEASURE][r] = run(kata, dir, measure);
			t[w][OP_BOARD][r] = run(kata, dir, board);
		}
	}
	printf("kata-bench: %ld records and commits vs a new repository, median of %d runs\n\n",
	       records, rounds);
	printf("%-28s %12s %12s %8s\n", "command", "new (ms)", "big (ms)", "ratio");
	for (op = 0; op < OP_COUNT; op++) {
		double s = median(t[0][op], rounds), b = median(t[1][op], rounds);

		printf("%-28s %12.2f %12.2f %8.2f\n", names[op], s, b, b / s);
	}
	printf("\nrepositories kept in %s\n", base);
	return 0;
usage:
	fprintf(stderr, "usage: kata-bench [-n RECORDS] [-r ROUNDS] PATH-TO-KATA\n");
	return 2;
}
