#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata/buf.h"
#include "kata/practice.h"
#include "kata/record.h"
#include "kata/when.h"

/* How long a writing command waits for another one to finish. */
#define LOCK_WAIT_MS 10000

/* The learner's newest target, as the moves below need it. */
struct target {
	char *dir;		/* learners/<l>/<seq>-<id> */
	char *path;		/* .../target.yaml */
	char id[16];
	unsigned long seq;
	struct kata_node *rec;
};

static void target_release(struct target *t)
{
	free(t->dir);
	free(t->path);
	kata_node_free(t->rec);
	memset(t, 0, sizeof(*t));
}

static void now_str(char *buf, struct kata_repo *repo)
{
	kata_time_format_rfc3339(buf, kata_repo_now(repo));
}

/* Text typed on the command line goes into a record only if it is text a
 * record may hold. */
static int check_text(const char *what, const char *s, bool required,
		      struct kata_error *err)
{
	const unsigned char *p;

	if (!s || !*s) {
		if (required)
			return kata_error_set(err, KATA_EINVALID, "%s must not be empty", what);
		return 0;
	}
	if (strlen(s) > 64 * 1024)
		return kata_error_set(err, KATA_EINVALID, "%s is longer than 64 KiB", what);
	if (!kata_utf8_valid(s, strlen(s)))
		return kata_error_set(err, KATA_EINVALID, "%s is not valid UTF-8", what);
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return kata_error_set(err, KATA_EINVALID,
					      "%s holds a control character", what);
	return 0;
}

/*
 * A number as every YAML parser reads it alike: YAML 1.1 takes 010 for
 * octal and 1e5 for text, so integers lose leading zeros and '+', decimals
 * get a digit on each side of the point, and exponents a point and a sign.
 */
static int canon_number(char out[64], const char *what, const char *s,
			struct kata_error *err)
{
	const char *p = s, *int_start, *dot;
	char *end;
	double d;

	errno = 0;
	if (!*s || strlen(s) > 40 || strspn(s, "0123456789+-.eE") != strlen(s) ||
	    (d = strtod(s, &end), *end) || errno == ERANGE || !isfinite(d))
		return kata_error_set(err, KATA_EINVALID,
				      "invalid %s '%s': expected a number such as 12 or 3.5",
				      what, s);
	if (*p == '+' || *p == '-')
		p++;
	int_start = p;
	while (*p >= '0' && *p <= '9')
		p++;
	dot = *p == '.' ? p : NULL;
	if (dot)
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p) {
		/* an exponent: let printf write it in a form both read */
		char *e;

		snprintf(out, 64, "%.15g", d);
		if ((e = strchr(out, 'e')) && !strchr(out, '.')) {
			memmove(e + 2, e, strlen(e) + 1);
			e[0] = '.';
			e[1] = '0';
		}
		return 0;
	}
	while (*int_start == '0' && int_start[1] >= '0' && int_start[1] <= '9')
		int_start++;	/* 010 is ten, not eight */
	snprintf(out, 64, "%s%s%.*s%s%s", s[0] == '-' ? "-" : "",
		 *int_start == '.' ? "0" : "", (int)(p - int_start), int_start,
		 dot && dot + 1 == p ? "0" : "", "");
	return 0;
}

int kata_learner_check(struct kata_repo *repo, const char *id, struct kata_error *err)
{
	char *path;
	bool ok;

	if (!kata_learner_id_valid(id))
		return kata_error_set(err, KATA_EINVALID,
				      "invalid learner ID '%s': use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
				      id);
	if (!(path = kata_str_newf("learners/%s/learner.yaml", id)))
		return kata_error_oom(err);
	ok = kata_repo_exists(repo, path);
	free(path);
	if (!ok)
		return kata_error_set(err, KATA_ENOTFOUND,
				      "unknown learner '%s'; see 'kata learner list'", id);
	return 0;
}

/*
 * Loads the learner's newest target; with `active`, refuses when there is
 * none or it has ended.
 */
static int load_target(struct target *t, struct kata_repo *repo, const char *learner,
		       bool active, struct kata_error *err)
{
	struct kata_entry_name *list = NULL;
	char *folder = NULL;
	size_t n = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = kata_learner_check(repo, learner, err)) < 0)
		return rc;
	if (!(folder = kata_str_newf("learners/%s", learner)))
		return kata_error_oom(err);
	if ((rc = kata_seq_list(&list, &n, repo, folder, true, err)) < 0)
		goto done;
	if (n) {
		struct kata_entry_name *last = &list[n - 1];

		t->dir = kata_str_newf("%s/%s", folder, last->name);
		t->path = kata_str_newf("%s/%s/target.yaml", folder, last->name);
		if (!t->dir || !t->path) {
			rc = kata_error_oom(err);
			goto done;
		}
		memcpy(t->id, last->id, sizeof(t->id));
		t->seq = last->seq;
		if ((rc = kata_record_load(&t->rec, repo, t->path, KATA_KIND_TARGET, err)) < 0)
			goto done;
	}
	if (active && (!t->rec || strcmp(kata_node_str(t->rec, "status"), "active"))) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s has no active target condition; start one with 'kata start'",
				    learner);
		goto done;
	}
done:
	kata_seq_list_free(list, n);
	free(folder);
	if (rc < 0)
		target_release(t);
	return rc;
}

/* Resolves an ID prefix among the records of one kind in the target. */
static int find_record(char **path_out, char id_out[16], unsigned long *seq_out,
		       struct kata_repo *repo, const struct target *t,
		       enum kata_kind kind, const char *prefix, struct kata_error *err)
{
	struct kata_entry_name *list = NULL;
	const char **ids = NULL;
	char *folder;
	size_t n = 0, i, at;
	int rc;

	if (!(folder = kata_str_newf("%s/%s", t->dir, kata_kind_folder(kind))))
		return kata_error_oom(err);
	if ((rc = kata_seq_list(&list, &n, repo, folder, false, err)) < 0)
		goto done;
	if (n && !(ids = calloc(n, sizeof(*ids)))) {
		rc = kata_error_oom(err);
		goto done;
	}
	for (i = 0; i < n; i++)
		ids[i] = list[i].id;
	if ((rc = kata_id_match(&at, ids, n, prefix, kata_kind_name(kind), err)) < 0)
		goto done;
	if (!(*path_out = kata_str_newf("%s/%s", folder, list[at].name))) {
		rc = kata_error_oom(err);
		goto done;
	}
	memcpy(id_out, list[at].id, 16);
	if (seq_out)
		*seq_out = (unsigned long)at + 1;
done:
	free(ids);
	kata_seq_list_free(list, n);
	free(folder);
	return rc;
}

/* The sequence number the next record in folder takes, and the position
 * (from 1) it will have; also returns the last entry's path if asked. */
static int next_seq(unsigned long *seq, unsigned long *pos, char **last_path,
		    struct kata_repo *repo, const char *folder, bool dirs,
		    struct kata_error *err)
{
	struct kata_entry_name *list = NULL;
	size_t n = 0;
	int rc;

	if ((rc = kata_seq_list(&list, &n, repo, folder, dirs, err)) < 0)
		return rc;
	*seq = n ? list[n - 1].seq + 1 : 1;
	if (pos)
		*pos = (unsigned long)n + 1;
	if (last_path) {
		*last_path = NULL;
		if (n && !(*last_path = kata_str_newf("%s/%s", folder, list[n - 1].name)))
			rc = kata_error_oom(err);
	}
	kata_seq_list_free(list, n);
	return rc;
}

/*
 * Starts a record of kind in the target's folder: a new ID, the next
 * number in the folder for its file name, and a mapping that holds kind,
 * id and target. *last_path, if asked for, names the newest record there.
 */
static int new_record(struct kata_node **rec, char **path, char id[KATA_ID_LEN + 1],
		      unsigned long *pos, char **last_path, struct kata_repo *repo,
		      const struct target *t, enum kata_kind kind, struct kata_error *err)
{
	char *folder = kata_str_newf("%s/%s", t->dir, kata_kind_folder(kind));
	unsigned long seq;
	int rc;

	*rec = NULL;
	*path = NULL;
	if (!folder)
		return kata_error_oom(err);
	if ((rc = next_seq(&seq, pos, last_path, repo, folder, false, err)) < 0 ||
	    (rc = kata_id_new(id, err)) < 0)
		goto done;
	if (!(*path = kata_str_newf("%s/%0*lu-%s.yaml", folder, kind == KATA_KIND_OBSTACLE ? 3 : 4,
			    seq, id)) ||
	    !(*rec = kata_node_new(KATA_NODE_MAPPING)) ||
	    kata_node_set_str(*rec, "kind", kata_kind_name(kind)) < 0 ||
	    kata_node_set_str(*rec, "id", id) < 0 ||
	    kata_node_set_str(*rec, "target", t->id) < 0)
		rc = kata_error_oom(err);
done:
	free(folder);
	if (rc < 0) {
		kata_node_free(*rec);
		free(*path);
		*rec = NULL;
		*path = NULL;
	}
	return rc;
}

static void shorten(char *out, size_t size, const char *text)
{
	size_t i = 0, len = 0;

	/* The first line, cut at a character boundary near 60 bytes. */
	while (text[i] && text[i] != '\n' && i + 4 < size) {
		if (len >= 60 && ((unsigned char)text[i] & 0xc0) != 0x80)
			break;
		out[len++] = text[i++];
	}
	out[len] = '\0';
	if (text[i] && len + 4 < size)
		strcat(out, "...");
}

/*
 * Makes the one commit of a move: subject "<learner>: <what>" and trailers
 * that `kata log` reads back.
 */
static int commit(struct kata_txn *txn, const struct kata_who *who,
		  const char *learner, const char *target, const char *action,
		  const char *record, unsigned long seq, struct kata_done *done,
		  struct kata_error *err, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));
static int commit(struct kata_txn *txn, const struct kata_who *who,
		  const char *learner, const char *target, const char *action,
		  const char *record, unsigned long seq, struct kata_done *done,
		  struct kata_error *err, const char *fmt, ...)
{
	struct kata_buf msg = KATA_BUF_INIT;
	char subject[512];
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	vsnprintf(subject, sizeof(subject), fmt, ap);
	va_end(ap);
	if (learner)
		kata_buf_addf(&msg, "%s: ", learner);
	kata_buf_addf(&msg, "%s\n\n", subject);
	if (learner)
		kata_buf_addf(&msg, "Kata-Learner: %s\n", learner);
	if (target && *target)
		kata_buf_addf(&msg, "Kata-Target: %s\n", target);
	kata_buf_addf(&msg, "Kata-Action: %s\n", action);
	if (record && *record)
		kata_buf_addf(&msg, "Kata-Record: %s\n", record);
	if (!(s = kata_buf_detach(&msg)))
		return kata_error_oom(err);
	if (done) {
		memset(done, 0, sizeof(*done));
		done->seq = seq;
		if (record)
			snprintf(done->id, sizeof(done->id), "%s", record);
	}
	rc = kata_txn_commit(txn, s, who->name, who->email, done ? done->commit : NULL, err);
	free(s);
	return rc;
}

/* The short form of an ID in a subject line. */
static const char *abbrev(char *buf, const char *id)
{
	size_t n = strlen(id) < KATA_ID_ABBREV_MIN ? strlen(id) : KATA_ID_ABBREV_MIN;

	memcpy(buf, id, n);
	buf[n] = '\0';
	return buf;
}

int kata_repo_init_records(struct kata_repo *repo, const char *team,
			   const struct kata_who *who, struct kata_done *done,
			   struct kata_error *err)
{
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	int rc;

	if ((rc = check_text("team name", team, false, err)) < 0)
		return rc;
	if (!(rec = kata_node_new(KATA_NODE_MAPPING)))
		return kata_error_oom(err);
	if (kata_node_set_str(rec, "kind", "repository") < 0 ||
	    kata_node_set_plain(rec, "format", "1") < 0 ||
	    (team && *team && kata_node_set_str(rec, "team", team) < 0)) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0 ||
	    (rc = kata_txn_put(txn, "kata.yaml", rec, kata_kind_order(KATA_KIND_REPOSITORY), err)) < 0)
		goto done;
	rc = commit(txn, who, NULL, NULL, "init", NULL, 0, done, err,
		    team && *team ? "kata: start the repository of team %s" :
		    "kata: start the repository%s", team && *team ? team : "");
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	return rc;
}

int kata_learner_ids(char ***out, size_t *n, struct kata_repo *repo,
		     struct kata_error *err)
{
	char **names = NULL;
	size_t count = 0, i, k = 0;
	int rc;

	if ((rc = kata_repo_list(&names, &count, repo, "learners", KATA_LIST_DIRS, err)) < 0)
		return rc;
	for (i = 0; i < count; i++) {
		if (kata_learner_id_valid(names[i]))
			names[k++] = names[i];
		else
			free(names[i]);
	}
	names[k] = NULL;
	*out = names;
	*n = k;
	return 0;
}

static int check_person(struct kata_repo *repo, const char *role, const char *id,
			struct kata_error *err)
{
	int rc;

	if (!id)
		return 0;
	rc = kata_learner_check(repo, id, err);
	if (rc == KATA_ENOTFOUND) {
		kata_error_release(err);
		return kata_error_set(err, KATA_ENOTFOUND,
				      "unknown %s '%s': add them first with 'kata learner add %s'",
				      role, id, id);
	}
	return rc;
}

int kata_learner_add(struct kata_repo *repo, const struct kata_learner_opts *o,
		     const struct kata_who *who, struct kata_done *done,
		     struct kata_error *err)
{
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL, *emails = NULL;
	char *path = NULL, now[KATA_TIME_BUFSZ];
	size_t i;
	int rc;

	if (!kata_learner_id_valid(o->id))
		return kata_error_set(err, KATA_EINVALID,
				      "invalid learner ID '%s': use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64)",
				      o->id);
	if ((rc = check_text("name", o->name, false, err)) < 0 ||
	    (rc = check_text("focus process", o->process, false, err)) < 0 ||
	    (rc = check_person(repo, "coach", o->coach, err)) < 0 ||
	    (rc = check_person(repo, "second coach", o->second_coach, err)) < 0)
		return rc;
	for (i = 0; i < o->n_emails; i++) {
		if ((rc = check_text("email", o->emails[i], true, err)) < 0)
			return rc;
		if (!strchr(o->emails[i], '@') || strchr(o->emails[i], '\n'))
			return kata_error_set(err, KATA_EINVALID, "invalid email '%s'",
					      o->emails[i]);
	}
	if (!(path = kata_str_newf("learners/%s/learner.yaml", o->id)))
		return kata_error_oom(err);
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		goto done;
	if (kata_repo_exists(repo, path)) {
		rc = kata_error_set(err, KATA_EEXISTS, "learner '%s' exists already", o->id);
		goto done;
	}
	now_str(now, repo);
	if (!(rec = kata_node_new(KATA_NODE_MAPPING)) ||
	    kata_node_set_str(rec, "kind", "learner") < 0 ||
	    kata_node_set_str(rec, "id", o->id) < 0 ||
	    (o->name && kata_node_set_str(rec, "name", o->name) < 0))
		goto nomem;
	if (o->n_emails) {
		if (!(emails = kata_node_new(KATA_NODE_SEQUENCE)))
			goto nomem;
		for (i = 0; i < o->n_emails; i++)
			if (kata_node_push_str(emails, o->emails[i]) < 0)
				goto nomem;
		if (kata_node_set_node(rec, "emails", emails) < 0)
			goto nomem;
		emails = NULL;
	}
	if ((o->coach && kata_node_set_str(rec, "coach", o->coach) < 0) ||
	    (o->second_coach && kata_node_set_str(rec, "second_coach", o->second_coach) < 0) ||
	    (o->process && kata_node_set_str(rec, "process", o->process) < 0) ||
	    kata_node_set_str(rec, "created", now) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_LEARNER), err)) < 0)
		goto done;
	rc = commit(txn, who, o->id, NULL, "learner-add", o->id, 0, done, err,
		    "add learner%s%s", o->name ? " " : "", o->name ? o->name : "");
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(emails);
	kata_node_free(rec);
	free(path);
	return rc;
}

static bool has_email(const struct kata_node *rec, const char *email)
{
	const struct kata_node *list = kata_node_get(rec, "emails");
	size_t i;

	if (!list || list->type != KATA_NODE_SEQUENCE)
		return false;
	for (i = 0; i < list->n; i++) {
		const struct kata_node *e = list->entries[i].value;

		if (e->type == KATA_NODE_SCALAR && !strcmp(e->text, email))
			return true;
	}
	return false;
}

int kata_learner_resolve(char **out, struct kata_repo *repo, const char *given,
			 const char *user_email, struct kata_error *err)
{
	char **ids = NULL, *cfg = NULL;
	size_t n = 0, i;
	const char *pick = NULL;
	int rc;

	*out = NULL;
	if (given) {
		if ((rc = kata_learner_check(repo, given, err)) < 0)
			return rc;
		return (*out = strdup(given)) ? 0 : kata_error_oom(err);
	}
	if ((rc = kata_repo_config_get(&cfg, repo, "kata.learner", err)) < 0)
		return rc;
	if (cfg) {
		rc = kata_learner_check(repo, cfg, err);
		if (rc == 0)
			*out = cfg;
		else
			free(cfg);
		return rc;
	}
	if ((rc = kata_learner_ids(&ids, &n, repo, err)) < 0)
		return rc;
	for (i = 0; user_email && *user_email && i < n && !pick; i++) {
		struct kata_node *rec = NULL;
		char *path = kata_str_newf("learners/%s/learner.yaml", ids[i]);

		if (!path) {
			rc = kata_error_oom(err);
			goto done;
		}
		if (kata_repo_load(&rec, repo, path, err) == 0 && has_email(rec, user_email))
			pick = ids[i];
		else
			kata_error_release(err);	/* fsck reports broken ones */
		kata_node_free(rec);
		free(path);
	}
	if (!pick && n == 1)
		pick = ids[0];
	if (!pick) {
		if (n)
			rc = kata_error_set(err, KATA_EAMBIGUOUS,
					    "which learner? name one (-l ID), or set 'git config kata.learner ID'");
		else
			rc = kata_error_set(err, KATA_ENOTFOUND,
					    "no learners yet; add one with 'kata learner add ID'");
		goto done;
	}
	if (!(*out = strdup(pick)))
		rc = kata_error_oom(err);
done:
	kata_strv_free(ids);
	return rc;
}

int kata_target_start(struct kata_repo *repo, const char *learner,
		      const struct kata_start_opts *o, const struct kata_who *who,
		      struct kata_done *done, struct kata_error *err)
{
	struct target old;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	struct kata_time by;
	char id[KATA_ID_LEN + 1], day[KATA_TIME_BUFSZ], now[KATA_TIME_BUFSZ], ab[8];
	char goal[64];
	char *folder = NULL, *path = NULL;
	unsigned long seq;
	int rc;

	if ((rc = check_text("challenge", o->challenge, true, err)) < 0 ||
	    (rc = check_text("target condition", o->condition, true, err)) < 0 ||
	    (rc = check_text("current condition", o->current, false, err)) < 0 ||
	    (rc = check_text("metric", o->metric, false, err)) < 0 ||
	    (rc = check_text("unit", o->unit, false, err)) < 0 ||
	    (o->goal && (rc = canon_number(goal, "goal", o->goal, err)) < 0))
		return rc;
	if (!o->by)
		return kata_error_set(err, KATA_EINVALID,
				      "a target condition needs an achieve-by date (--by)");
	if ((rc = kata_when_parse(&by, o->by, kata_repo_now(repo), err)) < 0)
		return rc;
	by.has_time = false;
	if (kata_time_days_between(kata_repo_now(repo), &by) < 0) {
		kata_time_format_day(day, &by);
		return kata_error_set(err, KATA_EINVALID,
				      "achieve-by date %s is in the past", day);
	}
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = load_target(&old, repo, learner, false, err)) < 0)
		goto done;
	if (old.rec && !strcmp(kata_node_str(old.rec, "status"), "active")) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "%s already works on target condition %s; end it first with 'kata target done' or 'kata target abandon'",
				    learner, abbrev(ab, old.id));
		goto done;
	}
	if (!(folder = kata_str_newf("learners/%s", learner)))
		goto nomem;
	if ((rc = next_seq(&seq, NULL, NULL, repo, folder, true, err)) < 0 ||
	    (rc = kata_id_new(id, err)) < 0)
		goto done;
	if (!(path = kata_str_newf("%s/%03lu-%s/target.yaml", folder, seq, id)))
		goto nomem;
	kata_time_format_day(day, &by);
	now_str(now, repo);
	if (!(rec = kata_node_new(KATA_NODE_MAPPING)) ||
	    kata_node_set_str(rec, "kind", "target") < 0 ||
	    kata_node_set_str(rec, "id", id) < 0 ||
	    kata_node_set_str(rec, "learner", learner) < 0 ||
	    kata_node_set_str(rec, "challenge", o->challenge) < 0 ||
	    kata_node_set_str(rec, "condition", o->condition) < 0 ||
	    (o->current && *o->current && kata_node_set_str(rec, "current", o->current) < 0) ||
	    kata_node_set_str(rec, "achieve_by", day) < 0 ||
	    (o->metric && kata_node_set_str(rec, "metric", o->metric) < 0) ||
	    (o->unit && kata_node_set_str(rec, "unit", o->unit) < 0) ||
	    (o->goal && kata_node_set_plain(rec, "goal", goal) < 0) ||
	    (o->metric && kata_node_set_plain(rec, "lower_is_better",
					       o->lower_is_better ? "true" : "false") < 0) ||
	    kata_node_set_str(rec, "status", "active") < 0 ||
	    kata_node_set_str(rec, "started", now) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_TARGET), err)) < 0)
		goto done;
	{
		char subj[80];

		shorten(subj, sizeof(subj), o->condition);
		rc = commit(txn, who, learner, id, "target-start", id, seq, done, err,
			    "target %s started: %s (by %s)", abbrev(ab, id), subj, day);
	}
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	free(folder);
	free(path);
	target_release(&old);
	return rc;
}

int kata_target_end(struct kata_repo *repo, const char *learner, const char *status,
		    const char *note, const struct kata_who *who,
		    struct kata_done *done, struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	char now[KATA_TIME_BUFSZ], ab[8];
	int rc;

	if ((rc = check_text("note", note, false, err)) < 0)
		return rc;
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	now_str(now, repo);
	if (kata_node_set_str(t.rec, "status", status) < 0 ||
	    kata_node_set_str(t.rec, "ended", now) < 0 ||
	    (note && *note && kata_node_set_str(t.rec, "note", note) < 0)) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = kata_txn_put(txn, t.path, t.rec, kata_kind_order(KATA_KIND_TARGET), err)) < 0)
		goto done;
	rc = commit(txn, who, learner, t.id, !strcmp(status, "done") ? "target-done" :
		    "target-abandon", t.id, t.seq, done, err, "target %s %s",
		    abbrev(ab, t.id), !strcmp(status, "done") ? "reached" : "abandoned");
done:
	kata_txn_free(txn);
	target_release(&t);
	return rc;
}

int kata_obstacle_add(struct kata_repo *repo, const char *learner, const char *text,
		      const struct kata_who *who, struct kata_done *done,
		      struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	char id[KATA_ID_LEN + 1], now[KATA_TIME_BUFSZ], ab[8], subj[80];
	char *path = NULL;
	unsigned long pos;
	int rc;

	if ((rc = check_text("obstacle", text, true, err)) < 0)
		return rc;
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if ((rc = new_record(&rec, &path, id, &pos, NULL, repo, &t, KATA_KIND_OBSTACLE,
			     err)) < 0)
		goto done;
	now_str(now, repo);
	if (kata_node_set_str(rec, "text", text) < 0 ||
	    kata_node_set_str(rec, "status", "open") < 0 ||
	    kata_node_set_str(rec, "created", now) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_OBSTACLE), err)) < 0)
		goto done;
	shorten(subj, sizeof(subj), text);
	rc = commit(txn, who, learner, t.id, "obstacle-add", id, pos, done, err,
		    "obstacle %s added: %s", abbrev(ab, id), subj);
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	free(path);
	target_release(&t);
	return rc;
}

static int obstacle_change(struct kata_repo *repo, const char *learner, const char *prefix,
			   bool close, const char *note, const struct kata_who *who,
			   struct kata_done *done, struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	char id[16], now[KATA_TIME_BUFSZ], ab[8], subj[80];
	char *path = NULL;
	const char *focus;
	unsigned long pos;
	int rc;

	if ((rc = check_text("note", note, false, err)) < 0)
		return rc;
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if ((rc = find_record(&path, id, &pos, repo, &t, KATA_KIND_OBSTACLE, prefix, err)) < 0 ||
	    (rc = kata_record_load(&rec, repo, path, KATA_KIND_OBSTACLE, err)) < 0)
		goto done;
	focus = kata_node_str(t.rec, "focus");
	if (!strcmp(kata_node_str(rec, "status"), "closed")) {
		rc = kata_error_set(err, KATA_EPRACTICE, "obstacle %s is closed already",
				    abbrev(ab, id));
		goto done;
	}
	shorten(subj, sizeof(subj), kata_node_str(rec, "text"));
	if (close) {
		now_str(now, repo);
		if (kata_node_set_str(rec, "status", "closed") < 0 ||
		    kata_node_set_str(rec, "closed", now) < 0 ||
		    (note && *note && kata_node_set_str(rec, "note", note) < 0))
			goto nomem;
		if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_OBSTACLE), err)) < 0)
			goto done;
		if (focus && !strcmp(focus, id)) {
			kata_node_remove(t.rec, "focus");
			if ((rc = kata_txn_put(txn, t.path, t.rec,
					       kata_kind_order(KATA_KIND_TARGET), err)) < 0)
				goto done;
		}
		rc = commit(txn, who, learner, t.id, "obstacle-close", id, pos, done, err,
			    "obstacle %s closed: %s", abbrev(ab, id), subj);
	} else {
		if (focus && !strcmp(focus, id)) {
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "obstacle %s is in focus already", abbrev(ab, id));
			goto done;
		}
		if (kata_node_set_str(t.rec, "focus", id) < 0)
			goto nomem;
		if ((rc = kata_txn_put(txn, t.path, t.rec,
				       kata_kind_order(KATA_KIND_TARGET), err)) < 0)
			goto done;
		rc = commit(txn, who, learner, t.id, "obstacle-focus", id, pos, done, err,
			    "obstacle %s in focus: %s", abbrev(ab, id), subj);
	}
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	free(path);
	target_release(&t);
	return rc;
}

int kata_obstacle_focus(struct kata_repo *repo, const char *learner, const char *id,
			const struct kata_who *who, struct kata_done *done,
			struct kata_error *err)
{
	return obstacle_change(repo, learner, id, false, NULL, who, done, err);
}

int kata_obstacle_close(struct kata_repo *repo, const char *learner, const char *id,
			const char *note, const struct kata_who *who,
			struct kata_done *done, struct kata_error *err)
{
	return obstacle_change(repo, learner, id, true, note, who, done, err);
}

int kata_step_plan(struct kata_repo *repo, const char *learner,
		   const struct kata_step_opts *o, const struct kata_who *who,
		   struct kata_done *done, struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL, *last = NULL;
	struct kata_time see;
	char id[KATA_ID_LEN + 1], obstacle[16] = "", now[KATA_TIME_BUFSZ];
	char see_s[KATA_TIME_BUFSZ], ab[8], subj[80];
	char *path = NULL, *last_path = NULL, *opath = NULL;
	unsigned long pos;
	int rc;

	if ((rc = check_text("step", o->step, true, err)) < 0)
		return rc;
	if (!o->expect || !*o->expect)
		return kata_error_set(err, KATA_EPRACTICE,
				      "what do you expect? a step needs its expectation (--expect TEXT)");
	if ((rc = check_text("expectation", o->expect, true, err)) < 0)
		return rc;
	if (o->see_by) {
		if ((rc = kata_when_parse(&see, o->see_by, kata_repo_now(repo), err)) < 0)
			return rc;
		kata_time_format(see_s, &see);
	}
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if ((rc = new_record(&rec, &path, id, &pos, &last_path, repo, &t, KATA_KIND_STEP,
			     err)) < 0)
		goto done;
	/* Only the newest step can be open: one step at a time. */
	if (last_path) {
		if ((rc = kata_record_load(&last, repo, last_path, KATA_KIND_STEP, err)) < 0)
			goto done;
		if (!strcmp(kata_node_str(last, "status"), "open")) {
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "step #%lu (%s) has not been reflected on; first record what happened and what you learned: kata step done --happened TEXT --learned TEXT",
					    pos - 1, abbrev(ab, kata_node_str(last, "id")));
			goto done;
		}
	}
	if (o->obstacle) {
		if ((rc = find_record(&opath, obstacle, NULL, repo, &t, KATA_KIND_OBSTACLE,
				      o->obstacle, err)) < 0)
			goto done;
	} else if (kata_node_str(t.rec, "focus")) {
		snprintf(obstacle, sizeof(obstacle), "%s", kata_node_str(t.rec, "focus"));
	}
	now_str(now, repo);
	if ((*obstacle && kata_node_set_str(rec, "obstacle", obstacle) < 0) ||
	    kata_node_set_str(rec, "step", o->step) < 0 ||
	    kata_node_set_str(rec, "expect", o->expect) < 0 ||
	    (o->see_by && kata_node_set_str(rec, "see_by", see_s) < 0) ||
	    kata_node_set_str(rec, "status", "open") < 0 ||
	    kata_node_set_str(rec, "planned", now) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_STEP), err)) < 0)
		goto done;
	shorten(subj, sizeof(subj), o->step);
	rc = commit(txn, who, learner, t.id, "step-plan", id, pos, done, err,
		    "step %s planned: %s", abbrev(ab, id), subj);
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	kata_node_free(last);
	free(path);
	free(last_path);
	free(opath);
	target_release(&t);
	return rc;
}

int kata_step_reflect(struct kata_repo *repo, const char *learner, const char *prefix,
		      const char *happened, const char *learned,
		      const struct kata_who *who, struct kata_done *done,
		      struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	char id[16], now[KATA_TIME_BUFSZ], ab[8], subj[80];
	char *path = NULL, *folder = NULL;
	unsigned long pos, seq;
	int rc;

	if (!happened || !*happened || !learned || !*learned)
		return kata_error_set(err, KATA_EPRACTICE,
				      "a reflection needs both what happened (--happened) and what was learned (--learned)");
	if ((rc = check_text("what happened", happened, true, err)) < 0 ||
	    (rc = check_text("what was learned", learned, true, err)) < 0)
		return rc;
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if (prefix) {
		if ((rc = find_record(&path, id, &pos, repo, &t, KATA_KIND_STEP, prefix, err)) < 0)
			goto done;
	} else {
		if (!(folder = kata_str_newf("%s/steps", t.dir)))
			goto nomem;
		if ((rc = next_seq(&seq, &pos, &path, repo, folder, false, err)) < 0)
			goto done;
		pos--;
		if (!path) {
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "no step to reflect on; plan one with 'kata step TEXT --expect TEXT'");
			goto done;
		}
	}
	if ((rc = kata_record_load(&rec, repo, path, KATA_KIND_STEP, err)) < 0)
		goto done;
	snprintf(id, sizeof(id), "%s", kata_node_str(rec, "id"));
	if (strcmp(kata_node_str(rec, "status"), "open")) {
		rc = kata_error_set(err, KATA_EPRACTICE,
				    "step #%lu (%s) was reflected on already",
				    pos, abbrev(ab, id));
		goto done;
	}
	now_str(now, repo);
	if (kata_node_set_str(rec, "status", "done") < 0 ||
	    kata_node_set_str(rec, "happened", happened) < 0 ||
	    kata_node_set_str(rec, "learned", learned) < 0 ||
	    kata_node_set_str(rec, "done", now) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_STEP), err)) < 0)
		goto done;
	shorten(subj, sizeof(subj), learned);
	rc = commit(txn, who, learner, t.id, "step-done", id, pos, done, err,
		    "step %s done: learned %s", abbrev(ab, id), subj);
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	free(path);
	free(folder);
	target_release(&t);
	return rc;
}

int kata_measure_add(struct kata_repo *repo, const char *learner, const char *metric,
		     const char *value, const char *at, const struct kata_who *who,
		     struct kata_done *done, struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL;
	struct kata_time when = *kata_repo_now(repo);
	char id[KATA_ID_LEN + 1], at_s[KATA_TIME_BUFSZ], ab[8], number[64];
	char *path = NULL;
	unsigned long pos;
	int rc;

	if ((rc = check_text("metric name", metric, true, err)) < 0 ||
	    (rc = canon_number(number, "value", value, err)) < 0)
		return rc;
	if (at && (rc = kata_when_parse(&when, at, kata_repo_now(repo), err)) < 0)
		return rc;
	when.has_time = true;
	kata_time_format_rfc3339(at_s, &when);
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	/* Read under the lock: what we check must still hold when we commit. */
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if ((rc = new_record(&rec, &path, id, &pos, NULL, repo, &t, KATA_KIND_MEASURE,
			     err)) < 0)
		goto done;
	if (kata_node_set_str(rec, "metric", metric) < 0 ||
	    kata_node_set_plain(rec, "value", number) < 0 ||
	    kata_node_set_str(rec, "at", at_s) < 0)
		goto nomem;
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_MEASURE), err)) < 0)
		goto done;
	rc = commit(txn, who, learner, t.id, "measure", id, pos, done, err,
		    "measure %s: %s = %s", abbrev(ab, id), metric, number);
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	free(path);
	target_release(&t);
	return rc;
}

/* ---- the coaching cycle ---- */

static int answer_text(const struct kata_entry *e, const char *what, const char *path,
		       struct kata_error *err)
{
	struct kata_error inner;
	int rc;

	if (e->value->type != KATA_NODE_SCALAR || !*e->value->text)
		return kata_error_set_at(err, KATA_EINVALID, path, e->value->line, e->value->col,
					 "'%s' must be text", what);
	kata_error_init(&inner);
	if ((rc = check_text(what, e->value->text, true, &inner)) < 0) {
		rc = kata_error_set_at(err, rc, path, e->value->line, e->value->col, "%s",
				       inner.message);
		kata_error_release(&inner);
	}
	return rc;
}

/* A compound answer holds exactly its question's parts, each text. */
static int answer_parts(const struct kata_entry *e, const struct kata_question *q,
			const char *path, struct kata_error *err)
{
	const struct kata_node *m = e->value;
	size_t i, j;
	int rc;

	if (m->type != KATA_NODE_MAPPING)
		return kata_error_set_at(err, KATA_EINVALID, path, m->line, m->col,
					 "'%s' must be a mapping of %s and %s", q->key,
					 q->parts[0].key, q->parts[1].key);
	for (i = 0; i < m->n; i++) {
		for (j = 0; j < q->n_parts && strcmp(q->parts[j].key, m->entries[i].key); j++)
			;
		if (j == q->n_parts)
			return kata_error_set_at(err, KATA_EINVALID, path, m->entries[i].line,
						 m->entries[i].col, "unknown answer '%s.%s'",
						 q->key, m->entries[i].key);
		if ((rc = answer_text(&m->entries[i], m->entries[i].key, path, err)) < 0)
			return rc;
	}
	for (j = 0; j < q->n_parts; j++)
		if (!kata_node_get(m, q->parts[j].key))
			return kata_error_set_at(err, KATA_EINVALID, path, m->line, m->col,
						 "missing answer '%s.%s' (%s)", q->key,
						 q->parts[j].key, q->parts[j].ask);
	return 0;
}

/*
 * Checks the answers against the questions before anything is written:
 * every key a question's, every required question answered (the reflection
 * only when there is a step to reflect on), each answer of its type.
 */
static int check_answers(const struct kata_questions *qs, const struct kata_node *a,
			 const char *path, bool open_step, struct kata_repo *repo,
			 struct kata_error *err)
{
	size_t i;
	int rc;

	if (a->type != KATA_NODE_MAPPING)
		return kata_error_set_at(err, KATA_EINVALID, path, a->line, a->col,
					 "the answers must be a mapping of question keys");
	for (i = 0; i < a->n; i++) {
		const struct kata_entry *e = &a->entries[i];
		const struct kata_question *q = kata_questions_find(qs, e->key);
		char num[64];

		if (!q)
			return kata_error_set_at(err, KATA_EINVALID, path, e->line, e->col,
						 "unknown answer '%s': no question '%s' in the question set '%s'",
						 e->key, e->key, qs->id);
		if (q->n_parts)
			rc = answer_parts(e, q, path, err);
		else
			rc = answer_text(e, e->key, path, err);
		if (rc < 0)
			return rc;
		if (!strcmp(e->key, "measure")) {
			struct kata_error inner;

			kata_error_init(&inner);
			if ((rc = canon_number(num, "measure", e->value->text, &inner)) < 0) {
				kata_error_set_at(err, rc, path, e->value->line, e->value->col, "%s",
						  inner.message);
				kata_error_release(&inner);
				return rc;
			}
		} else if (!strcmp(e->key, "see_by")) {
			struct kata_error inner;
			struct kata_time tm;

			kata_error_init(&inner);
			if ((rc = kata_when_parse(&tm, e->value->text, kata_repo_now(repo),
						  &inner)) < 0) {
				kata_error_set_at(err, rc, path, e->value->line, e->value->col, "%s",
						  inner.message);
				kata_error_release(&inner);
				return rc;
			}
		} else if (!strcmp(e->key, "last_step") && !open_step) {
			return kata_error_set_at(err, KATA_EPRACTICE, path, e->line, e->col,
						 "there is no open step to reflect on (a learner's first cycle has no reflection)");
		}
	}
	for (i = 0; i < qs->n; i++) {
		const struct kata_question *q = &qs->q[i];
		bool needed = q->required && (open_step || strcmp(q->key, "last_step"));

		if (!strcmp(q->key, "last_step") && open_step)
			needed = true;	/* the open step must be reflected on first */
		if (needed && !kata_node_get(a, q->key))
			return kata_error_set_at(err, KATA_EINVALID, path, a->line, a->col,
						 "missing answer '%s' (%s)", q->key, q->ask);
	}
	if (open_step && !kata_questions_find(qs, "last_step"))
		return kata_error_set(err, KATA_EPRACTICE,
				      "the open step needs a reflection, and the question set '%s' asks for none",
				      qs->id);
	return 0;
}

/* Every answer is text to the record, however the answers file wrote it
 * (an unquoted date there is still the coach's words). */
static void as_text(struct kata_node *n)
{
	size_t i;

	if (n->type == KATA_NODE_SCALAR)
		n->plain = false;
	for (i = 0; n->type != KATA_NODE_SCALAR && i < n->n; i++)
		as_text(n->entries[i].value);
}

/*
 * The answers as the coaching record keeps them: in the questions' order,
 * text as text and the measure as the number it was recorded as, whether
 * they came from a file or from the terminal.
 */
static int answers_copy(struct kata_node **out, const struct kata_questions *qs,
			const struct kata_node *a)
{
	struct kata_node *m = kata_node_new(KATA_NODE_MAPPING), *v;
	char num[64];
	size_t i;

	if (!m)
		return -1;
	for (i = 0; i < qs->n; i++) {
		const char *key = qs->q[i].key;
		const struct kata_node *src = kata_node_get(a, key);

		if (!src)
			continue;
		if (!strcmp(key, "measure")) {
			/* checked by check_answers already */
			if (canon_number(num, "measure", src->text, NULL) < 0 ||
			    kata_node_set_plain(m, key, num) < 0) {
				kata_node_free(m);
				return -1;
			}
			continue;
		}
		if (!(v = kata_node_dup(src)) || kata_node_set_node(m, key, v) < 0) {
			kata_node_free(v);
			kata_node_free(m);
			return -1;
		}
		as_text(v);
	}
	*out = m;
	return 0;
}

/* The obstacle answer: an ID (prefix) of an open obstacle, or new text. */
static int coach_obstacle(char id[16], struct kata_txn *txn, struct kata_repo *repo,
			  struct target *t, const char *answer, struct kata_error *err)
{
	struct kata_node *rec = NULL;
	struct kata_error inner;
	char *path = NULL, now[KATA_TIME_BUFSZ], ab[8];
	unsigned long pos;
	int rc;

	kata_error_init(&inner);
	rc = find_record(&path, id, &pos, repo, t, KATA_KIND_OBSTACLE, answer, &inner);
	if (rc == KATA_ENOTFOUND || rc == KATA_EINVALID) {
		kata_error_release(&inner);
		if ((rc = new_record(&rec, &path, id, &pos, NULL, repo, t, KATA_KIND_OBSTACLE,
				     err)) < 0)
			goto done;
		now_str(now, repo);
		if (kata_node_set_str(rec, "text", answer) < 0 ||
		    kata_node_set_str(rec, "status", "open") < 0 ||
		    kata_node_set_str(rec, "created", now) < 0) {
			rc = kata_error_oom(err);
			goto done;
		}
		rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_OBSTACLE), err);
		goto done;
	}
	if (rc < 0) {
		rc = kata_error_set(err, rc, "%s", inner.message);
		kata_error_release(&inner);
		goto done;
	}
	if ((rc = kata_record_load(&rec, repo, path, KATA_KIND_OBSTACLE, err)) < 0)
		goto done;
	if (!strcmp(kata_node_str(rec, "status"), "closed"))
		rc = kata_error_set(err, KATA_EPRACTICE, "obstacle %s is closed", abbrev(ab, id));
done:
	kata_node_free(rec);
	free(path);
	return rc;
}

int kata_coach_open_step(bool *out, struct kata_repo *repo, const char *learner,
			 struct kata_error *err)
{
	struct target t;
	struct kata_node *last = NULL;
	char *folder = NULL, *last_path = NULL;
	unsigned long seq, pos;
	int rc;

	*out = false;
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		return rc;
	if (!(folder = kata_str_newf("%s/steps", t.dir))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = next_seq(&seq, &pos, &last_path, repo, folder, false, err)) < 0)
		goto done;
	if (last_path && (rc = kata_record_load(&last, repo, last_path, KATA_KIND_STEP, err)) == 0)
		*out = !strcmp(kata_node_str(last, "status"), "open");
done:
	kata_node_free(last);
	free(last_path);
	free(folder);
	target_release(&t);
	return rc;
}

int kata_coach_cycle(struct kata_repo *repo, const char *learner,
		     const struct kata_questions *qs, const struct kata_node *answers,
		     const char *path, const struct kata_who *who,
		     struct kata_done *done, struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *open = NULL, *step = NULL, *measure = NULL, *rec = NULL, *copy = NULL;
	const struct kata_node *a;
	char *open_path = NULL, *step_path = NULL, *measure_path = NULL, *rec_path = NULL;
	char *folder = NULL;
	char now[KATA_TIME_BUFSZ], see_s[KATA_TIME_BUFSZ], num[64], ab[8], subj[80];
	char obstacle[16] = "", step_id[KATA_ID_LEN + 1] = "", measure_id[KATA_ID_LEN + 1] = "";
	char id[KATA_ID_LEN + 1];
	unsigned long seq, pos, step_pos = 0;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = load_target(&t, repo, learner, true, err)) < 0)
		goto done;
	if (!(folder = kata_str_newf("%s/steps", t.dir)))
		goto nomem;
	if ((rc = next_seq(&seq, &pos, &open_path, repo, folder, false, err)) < 0)
		goto done;
	if (open_path) {
		if ((rc = kata_record_load(&open, repo, open_path, KATA_KIND_STEP, err)) < 0)
			goto done;
		if (strcmp(kata_node_str(open, "status"), "open")) {
			kata_node_free(open);
			open = NULL;
		}
	}
	if ((rc = check_answers(qs, answers, path, open != NULL, repo, err)) < 0)
		goto done;
	now_str(now, repo);

	/* the reflection closes the open step */
	if ((a = kata_node_get(answers, "last_step"))) {
		if (kata_node_set_str(open, "status", "done") < 0 ||
		    kata_node_set_str(open, "happened", kata_node_str(a, "happened")) < 0 ||
		    kata_node_set_str(open, "learned", kata_node_str(a, "learned")) < 0 ||
		    kata_node_set_str(open, "done", now) < 0)
			goto nomem;
		if ((rc = kata_txn_put(txn, open_path, open, kata_kind_order(KATA_KIND_STEP),
				       err)) < 0)
			goto done;
	}
	/* the obstacle question puts one obstacle in focus */
	if ((a = kata_node_get(answers, "obstacle"))) {
		const char *focus = kata_node_str(t.rec, "focus");

		if ((rc = coach_obstacle(obstacle, txn, repo, &t, a->text, err)) < 0)
			goto done;
		if (!focus || strcmp(focus, obstacle)) {
			if (kata_node_set_str(t.rec, "focus", obstacle) < 0)
				goto nomem;
			if ((rc = kata_txn_put(txn, t.path, t.rec,
					       kata_kind_order(KATA_KIND_TARGET), err)) < 0)
				goto done;
		}
	} else if (kata_node_str(t.rec, "focus")) {
		snprintf(obstacle, sizeof(obstacle), "%s", kata_node_str(t.rec, "focus"));
	}
	/* the next step, with its expectation and when to go and see */
	if ((a = kata_node_get(answers, "next_step"))) {
		const struct kata_node *see = kata_node_get(answers, "see_by");

		if ((rc = new_record(&step, &step_path, step_id, &step_pos, NULL, repo, &t,
				     KATA_KIND_STEP, err)) < 0)
			goto done;
		if (see) {
			struct kata_time tm;

			if ((rc = kata_when_parse(&tm, see->text, kata_repo_now(repo), err)) < 0)
				goto done;
			kata_time_format(see_s, &tm);
		}
		if ((*obstacle && kata_node_set_str(step, "obstacle", obstacle) < 0) ||
		    kata_node_set_str(step, "step", kata_node_str(a, "step")) < 0 ||
		    kata_node_set_str(step, "expect", kata_node_str(a, "expect")) < 0 ||
		    (see && kata_node_set_str(step, "see_by", see_s) < 0) ||
		    kata_node_set_str(step, "status", "open") < 0 ||
		    kata_node_set_str(step, "planned", now) < 0)
			goto nomem;
		if ((rc = kata_txn_put(txn, step_path, step, kata_kind_order(KATA_KIND_STEP),
				       err)) < 0)
			goto done;
	}
	/* a process-metric value observed now */
	if ((a = kata_node_get(answers, "measure"))) {
		const char *metric = kata_node_str(t.rec, "metric");

		if (!metric) {
			rc = kata_error_set_at(err, KATA_EPRACTICE, path, a->line, a->col,
					       "the target condition has no metric to measure; start it with --metric");
			goto done;
		}
		if ((rc = canon_number(num, "measure", a->text, err)) < 0 ||
		    (rc = new_record(&measure, &measure_path, measure_id, &pos, NULL, repo, &t,
				     KATA_KIND_MEASURE, err)) < 0)
			goto done;
		if (kata_node_set_str(measure, "metric", metric) < 0 ||
		    kata_node_set_plain(measure, "value", num) < 0 ||
		    kata_node_set_str(measure, "at", now) < 0)
			goto nomem;
		if ((rc = kata_txn_put(txn, measure_path, measure,
				       kata_kind_order(KATA_KIND_MEASURE), err)) < 0)
			goto done;
	}
	/* the coaching record keeps every answer */
	if ((rc = new_record(&rec, &rec_path, id, &pos, NULL, repo, &t, KATA_KIND_COACHING,
			     err)) < 0)
		goto done;
	if (answers_copy(&copy, qs, answers) < 0 ||
	    kata_node_set_str(rec, "learner", learner) < 0 ||
	    kata_node_set_str(rec, "coach", who->name) < 0 ||
	    kata_node_set_str(rec, "coach_email", who->email) < 0 ||
	    kata_node_set_str(rec, "at", now) < 0 ||
	    kata_node_set_str(rec, "questions", qs->id) < 0 ||
	    (open && kata_node_get(answers, "last_step") &&
	     kata_node_set_str(rec, "step_reflected", kata_node_str(open, "id")) < 0) ||
	    (*obstacle && kata_node_set_str(rec, "obstacle", obstacle) < 0) ||
	    (*step_id && kata_node_set_str(rec, "step_planned", step_id) < 0) ||
	    (*measure_id && kata_node_set_str(rec, "measure", measure_id) < 0) ||
	    kata_node_set_node(rec, "answers", copy) < 0)
		goto nomem;
	copy = NULL;
	if ((rc = kata_txn_put(txn, rec_path, rec, kata_kind_order(KATA_KIND_COACHING), err)) < 0)
		goto done;
	shorten(subj, sizeof(subj), kata_node_str(kata_node_get(answers, "next_step"), "step"));
	rc = commit(txn, who, learner, t.id, "coach", id, pos, done, err,
		    "coaching cycle %s by %s: next step %s", abbrev(ab, id), who->name, subj);
	if (rc == 0 && done)
		done->seq = step_pos;
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(open);
	kata_node_free(step);
	kata_node_free(measure);
	kata_node_free(rec);
	kata_node_free(copy);
	free(open_path);
	free(step_path);
	free(measure_path);
	free(rec_path);
	free(folder);
	target_release(&t);
	return rc;
}

int kata_coach_feedback(struct kata_repo *repo, const char *learner, const char *session,
			const char *note, const struct kata_phase_note *phases, size_t n,
			const struct kata_who *who, struct kata_done *done,
			struct kata_error *err)
{
	struct target t;
	struct kata_txn *txn = NULL;
	struct kata_node *rec = NULL, *list = NULL, *coaching = NULL;
	char *cpath = NULL, *path = NULL, *folder = NULL;
	char cid[16], id[KATA_ID_LEN + 1], now[KATA_TIME_BUFSZ], num[64], ab[8], cab[8];
	unsigned long seq, pos;
	size_t i;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = check_text("note", note, true, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (phases[i].phase < 1 || phases[i].phase > 20)
			return kata_error_set(err, KATA_EINVALID,
					      "invalid phase %u: the phases are the questions, from 1",
					      phases[i].phase);
		if ((phases[i].minutes && (rc = canon_number(num, "minutes", phases[i].minutes,
							     err)) < 0) ||
		    (rc = check_text("note", phases[i].note, false, err)) < 0)
			return rc;
	}
	if ((rc = kata_txn_begin(&txn, repo, LOCK_WAIT_MS, err)) < 0)
		return rc;
	if ((rc = load_target(&t, repo, learner, false, err)) < 0)
		goto done;
	if (!t.rec) {
		rc = kata_error_set(err, KATA_EPRACTICE, "%s has no coaching cycle yet", learner);
		goto done;
	}
	if (session) {
		if ((rc = find_record(&cpath, cid, NULL, repo, &t, KATA_KIND_COACHING, session,
				      err)) < 0)
			goto done;
	} else {
		if (!(folder = kata_str_newf("%s/coaching", t.dir)))
			goto nomem;
		if ((rc = next_seq(&seq, &pos, &cpath, repo, folder, false, err)) < 0)
			goto done;
		if (!cpath) {
			rc = kata_error_set(err, KATA_EPRACTICE,
					    "%s has no coaching cycle in this target condition yet",
					    learner);
			goto done;
		}
	}
	if ((rc = kata_record_load(&coaching, repo, cpath, KATA_KIND_COACHING, err)) < 0)
		goto done;
	snprintf(cid, sizeof(cid), "%s", kata_node_str(coaching, "id"));
	if ((rc = new_record(&rec, &path, id, &pos, NULL, repo, &t, KATA_KIND_FEEDBACK, err)) < 0)
		goto done;
	now_str(now, repo);
	if (kata_node_set_str(rec, "learner", learner) < 0 ||
	    kata_node_set_str(rec, "coaching", cid) < 0 ||
	    kata_node_set_str(rec, "observer", who->name) < 0 ||
	    kata_node_set_str(rec, "observer_email", who->email) < 0 ||
	    kata_node_set_str(rec, "at", now) < 0 ||
	    kata_node_set_str(rec, "note", note) < 0)
		goto nomem;
	if (n) {
		if (!(list = kata_node_new(KATA_NODE_SEQUENCE)))
			goto nomem;
		for (i = 0; i < n; i++) {
			struct kata_node *p = kata_node_new(KATA_NODE_MAPPING);
			char ph[16];

			snprintf(ph, sizeof(ph), "%u", phases[i].phase);
			if (!p || kata_node_set_plain(p, "phase", ph) < 0 ||
			    (phases[i].minutes &&
			     (canon_number(num, "minutes", phases[i].minutes, err) < 0 ||
			      kata_node_set_plain(p, "minutes", num) < 0)) ||
			    (phases[i].note && *phases[i].note &&
			     kata_node_set_str(p, "note", phases[i].note) < 0)) {
				kata_node_free(p);
				goto nomem;
			}
			if (kata_node_push_node(list, p) < 0) {
				kata_node_free(p);
				goto nomem;
			}
		}
		if (kata_node_set_node(rec, "phases", list) < 0)
			goto nomem;
		list = NULL;
	}
	if ((rc = kata_txn_put(txn, path, rec, kata_kind_order(KATA_KIND_FEEDBACK), err)) < 0)
		goto done;
	rc = commit(txn, who, learner, t.id, "coach-feedback", id, pos, done, err,
		    "feedback %s on coaching cycle %s by %s", abbrev(ab, id), abbrev(cab, cid),
		    who->name);
	goto done;
nomem:
	rc = kata_error_oom(err);
done:
	kata_txn_free(txn);
	kata_node_free(rec);
	kata_node_free(list);
	kata_node_free(coaching);
	free(cpath);
	free(path);
	free(folder);
	target_release(&t);
	return rc;
}
