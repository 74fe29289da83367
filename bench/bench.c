/*
 * kata-bench: does a command's cost stay flat as history grows (SPEC 10)?
 *
 * Builds two team repositories through lib/ (team.c): one with RECORDS
 * records and about as many commits (years of practice), and a new one
 * with the same learners and a few days of it. Then runs the kata program
 * on both, one command after the other, alternating between the two so
 * that the machine's noise hits both alike, and prints the median time of
 * each command, the ratio big/new and the peak memory. Beside it, in the
 * same run: the same one-record write done with the git program (git add
 * + git commit) on the big repository, and taskwarrior's `task add` with
 * 10,000 tasks; and the size of .git against what `git gc` makes of it.
 *
 *   kata-bench [-n RECORDS] [-r ROUNDS] [-o FILE] [-k | -R DIR] PATH-TO-KATA
 *
 * -k keeps the repositories; -R DIR times those kept in DIR again, with
 * what the earlier rounds added, instead of building new ones (to compare
 * two builds of kata on the same repositories without waiting for one).
 *
 * The benchmark may run git and task: kata itself never runs git.
 */
#define _GNU_SOURCE	/* wait4, posix_spawn_file_actions_addchdir_np */

#include <errno.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "team.h"
#include "kata/when.h"

extern char **environ;

#define LEARNER "l07"		/* coached by l02, observed by l00 */
#define COACH_NAME "Learner 02"
#define COACH_EMAIL "l02@team.example"
#define LEARNER_NAME "Learner 07"
#define LEARNER_EMAIL "l07@team.example"
#define TASKS 10000
#define ARGS_MAX 24
#define DAY 86400

#if !defined(QUESTIONS) || !defined(DATADIR)
#error "QUESTIONS and DATADIR: the shipped question set and the folder of kata's data"
#endif

/* A timed command: kata ARGS on each repository, as WHO. */
enum who { AS_LEARNER, AS_COACH };
enum op {
	OP_STEP_DONE, OP_STEP, OP_MEASURE, OP_COACH, OP_SHOW, OP_BOARD, OP_COACHES,
	OP_LOG, OP_LOG_LEARNER, OP_LINT, OP_REPORT, OP_FSCK, OP_SYNC, OP_COUNT
};

static const struct {
	const char *name;
	const char *args[8];
	enum who who;
	bool history;		/* its job is the whole history (SPEC 10) */
} ops[OP_COUNT] = {
	[OP_STEP_DONE] = { "step done", { "step", "done", "--happened", "it went",
					  "--learned", "the stop helps", NULL } },
	[OP_STEP] = { "step", { "step", "@STEP", "--expect", "a minute less", "--see-by",
				"tomorrow 10:00", NULL } },
	[OP_MEASURE] = { "measure", { "measure", "changeover", "12", NULL } },
	[OP_COACH] = { "coach --answers", { "coach", LEARNER, "--answers", "@ANSWERS", NULL },
		       AS_COACH },
	[OP_SHOW] = { "show", { "show", NULL } },
	[OP_BOARD] = { "board", { "board", NULL } },
	[OP_COACHES] = { "board --coaches", { "board", "--coaches", NULL } },
	[OP_LOG] = { "log -n 20", { "log", "-n", "20", NULL } },
	[OP_LOG_LEARNER] = { "log " LEARNER " -n 20", { "log", LEARNER, "-n", "20", NULL } },
	[OP_LINT] = { "lint " LEARNER, { "lint", LEARNER, NULL } },
	[OP_REPORT] = { "report " LEARNER, { "report", LEARNER, "-o", "@OUT", NULL } },
	[OP_FSCK] = { "fsck", { "fsck", NULL }, AS_LEARNER, true },
	[OP_SYNC] = { "sync", { "sync", NULL } },
};

/*
 * The order of a round: it finds the learner with a step open and leaves
 * them so (the coaching cycle plans one). Two untimed steps in it:
 * UNTIMED_DONE reflects on the step just planned, so that the cycle has
 * none to reflect on; LEVEL syncs the repository with its bare remote and
 * has a peer clone push one measure there, so that the timed sync after
 * kata measure takes one new record each way.
 */
enum { UNTIMED_DONE = OP_COUNT, LEVEL };
#define ROUND_LEN (OP_COUNT + 2)
static const int round_order[ROUND_LEN] = {
	OP_STEP_DONE, OP_STEP, LEVEL, OP_MEASURE, OP_SYNC, OP_SHOW, OP_BOARD, OP_COACHES,
	OP_LOG, OP_LOG_LEARNER, OP_LINT, OP_REPORT, OP_FSCK, UNTIMED_DONE, OP_COACH,
};

struct sample {
	double ms[2][64];	/* [new, big][round] */
	long rss[2];		/* the peak, KiB */
	int n[2];
};

static char tmp[200];
static bool keep;
static long run_id;	/* so that a run with -R writes answers of its own */

static _Noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("kata-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp[0] && !strstr(tmp, "XXXXXX"))
		fprintf(stderr, "kata-bench: repositories kept in %s\n", tmp);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Runs argv in dir with env added to the environment, standard output to
 * /dev/null; returns milliseconds, the peak memory in *rss (KiB). A
 * command that fails ends the benchmark: a timing of an error is none.
 */
static double run(char *const *argv, const char *dir, char *const *env, long *rss)
{
	posix_spawn_file_actions_t fa;
	char *envp[256];
	struct rusage ru;
	pid_t pid;
	int i = 0, k, status;
	double t0, t1;

	for (k = 0; env && env[k] && i < 200; k++)
		envp[i++] = env[k];
	for (k = 0; environ[k] && i < 255; k++)
		envp[i++] = environ[k];
	envp[i] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	if (dir)
		posix_spawn_file_actions_addchdir_np(&fa, dir);
	t0 = now_ms();
	if ((errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp)) != 0)
		fail("%s: %s", argv[0], strerror(errno));
	if (wait4(pid, &status, 0, &ru) < 0)
		fail("wait: %s", strerror(errno));
	t1 = now_ms();
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char line[512] = "";
		size_t len = 0;

		for (k = 0; argv[k] && len < sizeof(line); k++)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s", k ? " " : "",
						argv[k]);
		fail("'%s' failed in %s", line, dir ? dir : ".");
	}
	if (rss)
		*rss = ru.ru_maxrss;
	return t1 - t0;
}

/* The number a shell command line prints (setting up, never timed). */
static long sh_number(const char *fmt, ...)
{
	char cmd[4096];
	long v = -1;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (!(p = popen(cmd, "r")) || fscanf(p, "%ld", &v) != 1 || pclose(p) != 0 || v < 0)
		fail("'%s' failed", cmd);
	return v;
}

/* Runs a shell command line (setting up, never timed). */
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	char *argv[] = { "sh", "-c", cmd, NULL };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	run(argv, NULL, NULL, NULL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double s[64];

	if (n == 0)
		return 0;
	memcpy(s, v, sizeof(*v) * (size_t)n);
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void sample_add(struct sample *s, int w, double ms, long rss)
{
	if (s->n[w] < 64)
		s->ms[w][s->n[w]++] = ms;
	if (rss > s->rss[w])
		s->rss[w] = rss;
}

/* The clock of round r: a minute later each round, so that every record
 * of the run is newer than the last. */
static void clock_env(char *buf, size_t size, int64_t base, int r)
{
	struct kata_time t = { base + (int64_t)r * 60, 0, true };
	char s[KATA_TIME_BUFSZ];

	kata_time_format_rfc3339(s, &t);
	snprintf(buf, size, "KATA_NOW=%s", s);
}

static void write_answers(const char *path, int r, int w)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fail("%s: %s", path, strerror(errno));
	fprintf(f, "target: changeover under 10 minutes\n"
		   "actual: changeover at %d minutes in round %d of run %ld\n"
		   "obstacle: {new: the die is not aligned in round %d of %d}\n"
		   "next_step:\n  step: Align the die with a stop, round %d\n"
		   "  expect: a minute less\n"
		   "see_by: tomorrow 10:00\n", 12 + r % 3, r, run_id, r, w, r);
	if (fclose(f) != 0)
		fail("%s: %s", path, strerror(errno));
}

/* One timed kata command on repository w (0 new, 1 big) in round r. */
/*
 * kata -l LEARNER ARGS in dir as who, at round r's clock: the time it
 * took, its peak memory in *rss.
 */
static double kata_run(const char *kata, const char *dir, char *const *args, enum who who,
		       int64_t base, int r, long *rss)
{
	char *argv[ARGS_MAX], now[64];
	char *env[] = { now,
			who == AS_COACH ? "GIT_AUTHOR_NAME=" COACH_NAME
					: "GIT_AUTHOR_NAME=" LEARNER_NAME,
			who == AS_COACH ? "GIT_AUTHOR_EMAIL=" COACH_EMAIL
					: "GIT_AUTHOR_EMAIL=" LEARNER_EMAIL,
			"KATA_DATADIR=" DATADIR, NULL };
	int i = 0, k;

	argv[i++] = (char *)kata;
	argv[i++] = "-l";
	argv[i++] = LEARNER;
	for (k = 0; args[k] && i < ARGS_MAX - 1; k++)
		argv[i++] = args[k];
	argv[i] = NULL;
	clock_env(now, sizeof(now), base, r);
	return run(argv, dir, env, rss);
}

/* One timed command of the table on repository w (0 new, 1 big) in round
 * r; untimed when s is NULL. */
static void kata_op(struct sample *s, const char *kata, const char *dir, enum op op, int w,
		    int r, int64_t base)
{
	char *args[ARGS_MAX], step[64], answers[300], out[300];
	long rss = 0;
	double ms;
	int k;

	for (k = 0; ops[op].args[k] && k < ARGS_MAX - 1; k++) {
		const char *a = ops[op].args[k];

		if (!strcmp(a, "@STEP")) {
			snprintf(step, sizeof(step), "Mark the stop, round %d", r);
			a = step;
		} else if (!strcmp(a, "@ANSWERS")) {
			snprintf(answers, sizeof(answers), "%s/answers-%d.yaml", tmp, w);
			write_answers(answers, r, w);
			a = answers;
		} else if (!strcmp(a, "@OUT")) {
			snprintf(out, sizeof(out), "%s/report-%d", tmp, w);
			a = out;
		}
		args[k] = (char *)a;
	}
	args[k] = NULL;
	ms = kata_run(kata, dir, args, ops[op].who, base, r, &rss);
	if (s)
		sample_add(s, w, ms, rss);
}

/* kata ARGS... in dir as the learner at round r's clock, untimed. */
static void kata_untimed(const char *kata, const char *dir, int64_t base, int r, ...)
{
	char *args[ARGS_MAX];
	va_list ap;
	int k = 0;

	va_start(ap, r);
	while (k < ARGS_MAX - 1 && (args[k] = va_arg(ap, char *)))
		k++;
	va_end(ap);
	args[k] = NULL;
	kata_run(kata, dir, args, AS_LEARNER, base, r, NULL);
}

/* The repository dir level with its remote, and one new record there
 * from the peer clone: what the next sync takes in. */
static void level(const char *kata, const char *dir, int64_t base, int r)
{
	char peer[700];

	snprintf(peer, sizeof(peer), "%s-peer", dir);
	kata_untimed(kata, dir, base, r, "sync", NULL);
	kata_untimed(kata, peer, base, r, "sync", NULL);
	kata_untimed(kata, peer, base, r, "measure", "changeover", "11", NULL);
	kata_untimed(kata, peer, base, r, "sync", NULL);
}

/* The same one-record write as `kata measure`, through git. */
static double git_write(const char *dir, int r, long *rss)
{
	char path[600], name[64];
	char *add[] = { "git", "add", name, NULL };
	char *commit[] = { "git", "commit", "-q", "-m", "l07: measure changeover = 12", NULL };
	static char *env[] = { "GIT_AUTHOR_NAME=" LEARNER_NAME, "GIT_AUTHOR_EMAIL=" LEARNER_EMAIL,
			       "GIT_COMMITTER_NAME=" LEARNER_NAME,
			       "GIT_COMMITTER_EMAIL=" LEARNER_EMAIL, NULL };
	long r1 = 0, r2 = 0;
	double ms;
	FILE *f;

	snprintf(name, sizeof(name), "notes/measure-%ld-%d.yaml", run_id, r);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		fail("%s: %s", path, strerror(errno));
	fprintf(f, "kind: measure\nid: bench%05d\nmetric: changeover\nvalue: 12\n", r);
	fclose(f);
	ms = run(add, dir, env, &r1) + run(commit, dir, env, &r2);
	*rss = r1 > r2 ? r1 : r2;
	return ms;
}

static bool have(const char *prog)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

/* taskwarrior with TASKS pending tasks, in its own folder. */
static void task_setup(const char *dir)
{
	FILE *f;
	char path[600];
	int i;

	snprintf(path, sizeof(path), "%s/tasks.json", dir);
	if (!(f = fopen(path, "w")))
		fail("%s: %s", path, strerror(errno));
	fputs("[\n", f);
	for (i = 0; i < TASKS; i++)
		fprintf(f, "{\"description\":\"Changeover experiment %d\",\"status\":\"pending\","
			   "\"entry\":\"20260101T080000Z\",\"uuid\":\"00000000-0000-4000-8000-%012d\"}%s\n",
			i, i, i + 1 < TASKS ? "," : "");
	fputs("]\n", f);
	fclose(f);
	sh("mkdir -p '%s/task' && printf 'data.location=%s/task\\nconfirmation=off\\nverbose=nothing\\n' > '%s/taskrc'"
	   " && TASKRC='%s/taskrc' task import '%s' >/dev/null 2>&1", dir, dir, dir, dir, path);
}

static double task_add(const char *dir, int r, long *rss)
{
	char rc[600], desc[64];
	char *argv[] = { "task", "add", desc, NULL };
	char *env[] = { rc, NULL };

	snprintf(rc, sizeof(rc), "TASKRC=%s/taskrc", dir);
	snprintf(desc, sizeof(desc), "Changeover experiment, round %d", r);
	return run(argv, NULL, env, rss);
}

static off_t du_total;

static int du_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if (type == FTW_F)
		du_total += st->st_size;
	return 0;
}

/* The bytes of the files under path. */
static double mib_of(const char *path)
{
	du_total = 0;
	if (nftw(path, du_one, 32, FTW_PHYS) < 0)
		fail("%s: %s", path, strerror(errno));
	return du_total / 1048576.0;
}

/*
 * team_build in a child process: the benchmark itself stays small, which
 * matters because a spawned command's peak memory counts the parent's
 * until it execs (posix_spawn shares the address space).
 */
static int64_t build_apart(const char *dir, const struct team_opts *o, long *records,
			   long *commits)
{
	struct { int64_t end; long records, commits; } res;
	int fd[2], status;
	pid_t pid;

	if (pipe(fd) < 0 || (pid = fork()) < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		res.end = team_build(dir, o, &res.records, &res.commits);
		_exit(write(fd[1], &res, sizeof(res)) == (ssize_t)sizeof(res) ? 0 : 1);
	}
	close(fd[1]);
	if (read(fd[0], &res, sizeof(res)) != (ssize_t)sizeof(res) ||
	    waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("building %s failed", dir);
	close(fd[0]);
	*records = res.records;
	*commits = res.commits;
	return res.end;
}

static void usage(void)
{
	fputs("usage: kata-bench [-n RECORDS] [-r ROUNDS] [-o FILE] [-k | -R DIR] PATH-TO-KATA\n",
	      stderr);
	exit(2);
}

static void row(FILE *f, const char *name, const struct sample *s, bool history)
{
	double a = median(s->ms[0], s->n[0]), b = median(s->ms[1], s->n[1]);

	fprintf(f, "kata %-24s %10.2f %10.2f %7.2f %9.1f%s\n", name, a, b, a > 0 ? b / a : 0,
		s->rss[1] / 1024.0, history ? "  (whole history)" : "");
}

int main(int argc, char **argv)
{
	struct sample s[OP_COUNT], git, task;
	struct team_opts to = { 0 };
	const char *outfile = "kata-bench.txt", *reuse = NULL;
	char *kata;
	char dir[2][300], gcdir[300], date[32];
	long records = 100000, got[2], commits[2], rss;
	int rounds = 15, c, r, w, k, history_rounds;
	int64_t end[2], base;
	bool with_task;
	time_t wall = time(NULL);
	FILE *outs[2];

	while ((c = getopt(argc, argv, "n:r:o:kR:")) != -1) {
		switch (c) {
		case 'n': records = atol(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 'o': outfile = optarg; break;
		case 'k': keep = true; break;
		case 'R': reuse = optarg; keep = true; break;
		default: usage();
		}
	}
	if (optind + 1 != argc || records < 100 || rounds < 1 || rounds > 64)
		usage();
	/* absolute: each command runs in its repository's folder */
	if (!(kata = realpath(argv[optind], NULL)))
		fail("%s: %s", argv[optind], strerror(errno));
	if (reuse)
		snprintf(tmp, sizeof(tmp), "%s", reuse);
	else
		snprintf(tmp, sizeof(tmp), "%s/kata-bench-XXXXXX",
			 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!reuse && !mkdtemp(tmp))
		fail("mkdtemp: %s", strerror(errno));
	memset(s, 0, sizeof(s));
	memset(&git, 0, sizeof(git));
	memset(&task, 0, sizeof(task));

	/* the big repository first, then a new one ending when it does */
	to.learners = team_learners(records);
	to.days = (int)(records / to.learners / 2) + 1;
	to.records = records;
	to.end = (int64_t)wall - (int64_t)wall % DAY;
	to.questions = QUESTIONS;
	to.progress = true;
	snprintf(dir[1], sizeof(dir[1]), "%s/big", tmp);
	snprintf(dir[0], sizeof(dir[0]), "%s/new", tmp);
	if (reuse) {
		for (w = 0; w < 2; w++) {
			got[w] = sh_number("git -C '%s' ls-files learners | grep -vc 'learner.yaml$'",
					   dir[w]);
			commits[w] = sh_number("git -C '%s' rev-list --count HEAD", dir[w]);
			end[w] = sh_number("git -C '%s' log -1 --format=%%ct", dir[w]);
		}
		to.learners = sh_number("ls '%s/learners' | wc -l", dir[1]);
		base = (end[0] > end[1] ? end[0] : end[1]) + 3600;
		with_task = have("task");
		goto rounds;
	}
	{
		double t0 = now_ms();

		end[1] = build_apart(dir[1], &to, &got[1], &commits[1]);
		fprintf(stderr, "kata-bench: built in %.0f s\n", (now_ms() - t0) / 1e3);
	}
	to.days = 3;
	to.records = 0;
	to.end = end[1] - 2 * DAY;
	to.progress = false;
	end[0] = build_apart(dir[0], &to, &got[0], &commits[0]);
	base = (end[0] > end[1] ? end[0] : end[1]) + 3600;
	sh("mkdir -p '%s/notes'", dir[1]);

	/* each with a bare remote, its upstream, and a peer clone of it */
	for (w = 0; w < 2; w++) {
		sh("git clone -q --bare '%s' '%s-remote.git' && git -C '%s' remote add origin '%s-remote.git'",
		   dir[w], dir[w], dir[w], dir[w]);
		kata_untimed(kata, dir[w], base, 0, "sync", NULL);
		sh("git clone -q '%s-remote.git' '%s-peer'", dir[w], dir[w]);
	}

	with_task = have("task");
	if (with_task)
		task_setup(tmp);

rounds:
	run_id = (long)wall;
	/* round 0 is unmeasured: caches warm for both alike */
	history_rounds = rounds < 3 ? rounds : 3;
	for (r = 0; r <= rounds; r++) {
		for (k = 0; k < ROUND_LEN; k++) {
			int op = round_order[k];
			bool timed = r > 0 && op < OP_COUNT;

			if (op < OP_COUNT && ops[op].history && r > history_rounds)
				continue;
			for (w = 0; w < 2; w++) {
				if (op == LEVEL)
					level(kata, dir[w], base, r);
				else
					kata_op(timed ? &s[op] : NULL, kata, dir[w],
						op == UNTIMED_DONE ? OP_STEP_DONE : op, w, r, base);
			}
		}
		/* the same one-record write as kata measure's, through git and
		 * taskwarrior */
		{
			double ms = git_write(dir[1], r, &rss);

			if (r > 0)
				sample_add(&git, 1, ms, rss);
			if (with_task) {
				ms = task_add(tmp, r, &rss);
				if (r > 0)
					sample_add(&task, 1, ms, rss);
			}
		}
		fprintf(stderr, "\rkata-bench: round %d of %d", r, rounds);
	}
	fputc('\n', stderr);

	/* the size of .git against what git gc makes of it */
	snprintf(gcdir, sizeof(gcdir), "%s/gc.git", tmp);
	sh("rm -rf '%s' && cp -a '%s/.git' '%s' && git -C '%s' gc -q", gcdir, dir[1], gcdir, gcdir);

	strftime(date, sizeof(date), "%Y-%m-%d", gmtime(&wall));
	outs[0] = stdout;
	outs[1] = fopen(outfile, "w");
	if (!outs[1])
		fail("%s: %s", outfile, strerror(errno));
	for (k = 0; k < 2; k++) {
		FILE *f = outs[k];
		double km = median(s[OP_MEASURE].ms[1], s[OP_MEASURE].n[1]);
		double gm = median(git.ms[1], git.n[1]), tm = median(task.ms[1], task.n[1]);
		char gitdir[320];

		fprintf(f, "kata-bench %s: %ld records and %ld commits (%ld learners) against a new "
			   "repository of the same learners (%ld records); median of %d runs "
			   "(whole-history commands: %d)\n\n",
			date, got[1], commits[1], to.learners, got[0], rounds, history_rounds);
		fprintf(f, "%-29s %10s %10s %7s %9s\n", "command", "new (ms)", "big (ms)", "ratio",
			"peak MiB");
		for (r = 0; r < OP_COUNT; r++)
			row(f, ops[r].name, &s[r], ops[r].history);
		fprintf(f, "\none-record write on the big repository  (ms)   kata is\n");
		fprintf(f, "%-29s %10.2f\n", "kata measure", km);
		fprintf(f, "%-29s %10.2f %7.2fx faster   peak %.1f MiB\n", "git add + git commit",
			gm, km > 0 ? gm / km : 0, git.rss[1] / 1024.0);
		if (with_task)
			fprintf(f, "%-29s %10.2f %7.2fx faster   peak %.1f MiB\n",
				"task add (10,000 tasks)", tm, km > 0 ? tm / km : 0,
				task.rss[1] / 1024.0);
		else
			fprintf(f, "task add: taskwarrior is not installed\n");
		snprintf(gitdir, sizeof(gitdir), "%s/.git", dir[1]);
		{
			double a = mib_of(gitdir), b = mib_of(gcdir);

			fprintf(f, "\n.git of the big repository: %.1f MiB; after git gc: %.1f MiB "
				   "(%.2fx)\n", a, b, b > 0 ? a / b : 0);
		}
	}
	if (fclose(outs[1]) != 0)
		fail("%s: %s", outfile, strerror(errno));
	if (keep)
		fprintf(stderr, "kata-bench: repositories kept in %s\n", tmp);
	else
		sh("rm -rf '%s'", tmp);
	free(kata);
	return 0;
}
