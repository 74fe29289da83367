#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kata/id.h"
#include "kata/learner.h"
#include "kata/path.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/value.h"
#include "move.h"

static int check_id(const char *id, struct kata_error *err)
{
	if (kata_id_learner_valid(id))
		return 0;
	return kata_error_set(err, KATA_EINVALID,
			      "invalid learner ID '%s': use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64)",
			      id);
}

int kata_learner_check(struct kata_repo *repo, const char *id, struct kata_error *err)
{
	char path[KATA_PATH_MAX];
	int rc;

	if ((rc = check_id(id, err)) < 0)
		return rc;
	kata_path_learner(path, id);
	if (!kata_repo_exists(repo, path))
		return kata_error_set(err, KATA_ENOTFOUND,
				      "unknown learner '%s'; see 'kata learner list'", id);
	return 0;
}

int kata_learner_load(struct kata_node **out, struct kata_repo *repo, const char *id,
		      struct kata_error *err)
{
	char path[KATA_PATH_MAX];
	int rc;

	*out = NULL;
	if ((rc = kata_learner_check(repo, id, err)) < 0)
		return rc;
	kata_path_learner(path, id);
	return kata_record_load(out, repo, path, KATA_KIND_LEARNER, err);
}

int kata_learner_list(char ***out, size_t *n, struct kata_repo *repo,
		      struct kata_error *err)
{
	char **names = NULL;
	size_t count = 0, i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kata_repo_list(&names, &count, repo, KATA_PATH_LEARNERS, KATA_LIST_DIRS, err)) < 0)
		return rc;
	for (i = 0; i < count; i++) {
		if (kata_id_learner_valid(names[i]))
			names[k++] = names[i];
		else
			free(names[i]);	/* fsck reports it */
	}
	names[k] = NULL;
	*out = names;
	*n = k;
	return 0;
}

/* A coach or second coach named for a new learner must be one already. */
static int check_person(struct kata_repo *repo, const char *role, const char *id,
			struct kata_error *err)
{
	int rc;

	if (!id || (rc = kata_learner_check(repo, id, err)) != KATA_ENOTFOUND)
		return id ? rc : 0;
	kata_error_release(err);
	return kata_error_set(err, KATA_ENOTFOUND,
			      "unknown %s '%s': add them first with 'kata learner add %s'",
			      role, id, id);
}

bool kata_learner_email_same(const char *a, const char *b)
{
	return !strcasecmp(a, b);
}

static bool has_email(const struct kata_node *rec, const char *email)
{
	const struct kata_node *list = kata_node_get(rec, "emails");
	size_t i;

	if (!list || list->type != KATA_NODE_SEQUENCE)
		return false;
	for (i = 0; i < list->n; i++) {
		const struct kata_node *e = list->entries[i].value;

		if (e->type == KATA_NODE_SCALAR && kata_learner_email_same(e->text, email))
			return true;
	}
	return false;
}

int kata_learner_email_owner(char **out, struct kata_repo *repo, const char *email,
			     const char *except, struct kata_error *err)
{
	char **ids = NULL;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	if ((rc = kata_learner_list(&ids, &n, repo, err)) < 0)
		return rc;
	for (i = 0; i < n && !*out && rc == 0; i++) {
		struct kata_node *rec = NULL;

		if (except && !strcmp(ids[i], except))
			continue;
		if (kata_learner_load(&rec, repo, ids[i], err) < 0)
			kata_error_release(err);
		else if (has_email(rec, email) && !(*out = strdup(ids[i])))
			rc = kata_error_oom(err);
		kata_node_free(rec);
	}
	kata_strv_free(ids);
	return rc;
}

int kata_learner_email_clash(const struct kata_node **email, char **owner,
			     struct kata_repo *repo, const struct kata_node *rec,
			     const char *self, struct kata_error *err)
{
	const struct kata_node *list = kata_node_get(rec, "emails");
	size_t i;
	int rc = 0;

	*email = NULL;
	*owner = NULL;
	for (i = 0; list && list->type == KATA_NODE_SEQUENCE && i < list->n && rc == 0; i++) {
		const struct kata_node *v = list->entries[i].value;

		if (v->type != KATA_NODE_SCALAR)
			continue;
		if ((rc = kata_learner_email_owner(owner, repo, v->text, self, err)) == 0 && *owner)
			*email = v;
		if (*owner)
			break;
	}
	return rc;
}

/* The emails of a new learner: each a new one, here and among its own. */
static int check_emails(struct kata_repo *repo, const struct kata_learner_opts *o,
			struct kata_error *err)
{
	char *owner = NULL;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < o->n_emails && rc == 0; i++) {
		for (j = 0; j < i; j++)
			if (kata_learner_email_same(o->emails[i], o->emails[j]))
				return kata_error_set(err, KATA_EINVALID, "email '%s' given twice",
						      o->emails[i]);
		if ((rc = kata_learner_email_owner(&owner, repo, o->emails[i], NULL, err)) == 0 &&
		    owner)
			rc = kata_error_set(err, KATA_EEXISTS,
					    "email '%s' is learner '%s''s already; an email belongs to one person",
					    o->emails[i], owner);
		free(owner);
		owner = NULL;
	}
	return rc;
}

/* The learner's record, from the options checked already. */
static struct kata_node *new_learner(const struct kata_learner_opts *o, const char *now)
{
	struct kata_node *rec = kata_record_new(KATA_KIND_LEARNER, o->id), *emails = NULL;
	bool ok = rec && (!o->name || kata_node_set_str(rec, "name", o->name) == 0);
	size_t i;

	if (ok && o->n_emails) {
		ok = (emails = kata_node_new(KATA_NODE_SEQUENCE)) != NULL;
		for (i = 0; ok && i < o->n_emails; i++)
			ok = kata_node_push_str(emails, o->emails[i]) == 0;
		if (ok && (ok = kata_node_set_node(rec, "emails", emails) == 0))
			emails = NULL;
	}
	ok = ok && (!o->coach || kata_node_set_str(rec, "coach", o->coach) == 0) &&
	     (!o->second_coach || kata_node_set_str(rec, "second_coach", o->second_coach) == 0) &&
	     (!o->process || kata_node_set_str(rec, "process", o->process) == 0) &&
	     kata_node_set_str(rec, "created", now) == 0;
	kata_node_free(emails);
	if (!ok) {
		kata_node_free(rec);
		return NULL;
	}
	return rec;
}

int kata_learner_add(struct kata_done *out, struct kata_repo *repo,
		     const struct kata_learner_opts *o, const struct kata_who *who,
		     struct kata_error *err)
{
	struct kata_rec rec;
	struct move m;
	size_t i;
	int rc;

	memset(&rec, 0, sizeof(rec));
	if ((rc = check_id(o->id, err)) < 0 ||
	    (o->name && (rc = kata_value_text(o->name, "name", KATA_VALUE_REQUIRED | KATA_VALUE_LINE,
					      err)) < 0) ||
	    (o->process && (rc = kata_value_text(o->process, "focus process",
						 KATA_VALUE_REQUIRED | KATA_VALUE_LINE, err)) < 0))
		return rc;
	for (i = 0; i < o->n_emails; i++) {
		if ((rc = kata_value_text(o->emails[i], "email", KATA_VALUE_REQUIRED | KATA_VALUE_LINE,
					  err)) < 0)
			return rc;
		if (!strchr(o->emails[i], '@'))
			return kata_error_set(err, KATA_EINVALID, "invalid email '%s'",
					      o->emails[i]);
	}
	if ((rc = move_begin(&m, repo, o->id, NULL, MOVE_ANY_TARGET, err)) < 0)
		goto done;
	if ((rc = check_person(repo, "coach", o->coach, err)) < 0 ||
	    (rc = check_person(repo, "second coach", o->second_coach, err)) < 0 ||
	    (rc = check_emails(repo, o, err)) < 0)
		goto done;
	rec.kind = KATA_KIND_LEARNER;
	kata_path_learner(rec.path, o->id);
	if (kata_repo_exists(repo, rec.path)) {
		rc = kata_error_set(err, KATA_EEXISTS, "learner '%s' exists already", o->id);
		goto done;
	}
	if (!(rec.node = new_learner(o, m.now))) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, &rec, err)) < 0)
		goto done;
	rc = move_commit(out, &m, who, "learner-add", o->id, 0, err, "add learner%s%s",
			 o->name ? " " : "", o->name ? o->name : "");
done:
	kata_node_free(rec.node);
	move_release(&m);
	return rc;
}

/* The person running kata as a learner of the repository: git config
 * kata.learner, else the learner whose emails hold user_email; *out NULL
 * when neither names one. ids are the learners, n of them. */
static int whoami(char **out, struct kata_repo *repo, char *const *ids, size_t n,
		  const char *user_email, struct kata_error *err)
{
	const char *pick = NULL;
	char *cfg = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = kata_repo_config_get(&cfg, repo, "kata.learner", err)) < 0)
		return rc;
	if (cfg) {
		if ((rc = kata_learner_check(repo, cfg, err)) == 0)
			*out = cfg;
		else
			free(cfg);
		return rc;
	}
	for (i = 0; user_email && *user_email && i < n; i++) {
		struct kata_node *rec = NULL;
		bool mine = kata_learner_load(&rec, repo, ids[i], err) == 0 &&
			    has_email(rec, user_email);

		kata_error_release(err);	/* fsck reports broken ones */
		kata_node_free(rec);
		if (mine && pick)
			/* a repository written before kata refused that */
			return kata_error_set(err, KATA_EAMBIGUOUS,
					      "which learner? '%s' is the email of both '%s' and '%s'; name one (-l ID), or set 'git config kata.learner ID'",
					      user_email, pick, ids[i]);
		if (mine)
			pick = ids[i];
	}
	if (pick && !(*out = strdup(pick)))
		return kata_error_oom(err);
	return 0;
}

int kata_learner_whoami(char **out, struct kata_repo *repo, const char *user_email,
			struct kata_error *err)
{
	char **ids = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = kata_learner_list(&ids, &n, repo, err)) < 0)
		return rc;
	rc = whoami(out, repo, ids, n, user_email, err);
	kata_strv_free(ids);
	return rc;
}

int kata_learner_of(char ***out, size_t *n, struct kata_repo *repo, const char *role,
		    const char *person, struct kata_error *err)
{
	char **ids = NULL;
	size_t count = 0, i, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kata_learner_list(&ids, &count, repo, err)) < 0)
		return rc;
	for (i = 0; i < count; i++) {
		struct kata_node *rec = NULL;
		const char *who;
		bool theirs = kata_learner_load(&rec, repo, ids[i], err) == 0 &&
			      (who = kata_node_str(rec, role)) && !strcmp(who, person);

		kata_error_release(err);	/* fsck reports broken ones */
		kata_node_free(rec);
		if (theirs)
			ids[k++] = ids[i];
		else
			free(ids[i]);
	}
	ids[k] = NULL;
	*out = ids;
	*n = k;
	return 0;
}

int kata_learner_find(char **out, struct kata_repo *repo, const char *text,
		      struct kata_error *err)
{
	char **ids = NULL, names[200] = "";
	size_t n = 0, i, found = 0, pick = 0;
	int rc;

	*out = NULL;
	if (kata_id_learner_valid(text)) {
		char path[KATA_PATH_MAX];

		kata_path_learner(path, text);
		if (kata_repo_exists(repo, path))
			return (*out = strdup(text)) ? 0 : kata_error_oom(err);
	}
	if ((rc = kata_learner_list(&ids, &n, repo, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct kata_node *rec = NULL;
		const char *name;
		bool match = kata_learner_load(&rec, repo, ids[i], err) == 0 &&
			     (name = kata_node_str(rec, "name")) && !strcmp(name, text);

		kata_error_release(err);
		kata_node_free(rec);
		if (!match)
			continue;
		if (found++)
			strncat(names, ", ", sizeof(names) - strlen(names) - 1);
		strncat(names, ids[i], sizeof(names) - strlen(names) - 1);
		pick = i;
	}
	if (!found)
		rc = kata_error_set(err, KATA_ENOTFOUND, "no learner '%s'", text);
	else if (found > 1)
		rc = kata_error_set(err, KATA_EAMBIGUOUS,
				    "'%s' is the name of several learners: %s; name one by its ID",
				    text, names);
	else if (!(*out = strdup(ids[pick])))
		rc = kata_error_oom(err);
	kata_strv_free(ids);
	return rc;
}

int kata_learner_resolve(char **out, struct kata_repo *repo, const char *given,
			 const char *user_email, struct kata_error *err)
{
	char **ids = NULL, *me = NULL;
	const char *pick = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (given) {
		if ((rc = kata_learner_check(repo, given, err)) < 0)
			return rc;
		return (*out = strdup(given)) ? 0 : kata_error_oom(err);
	}
	if ((rc = kata_learner_list(&ids, &n, repo, err)) < 0)
		return rc;
	if ((rc = whoami(&me, repo, ids, n, user_email, err)) < 0 || me) {
		kata_strv_free(ids);
		*out = me;
		return rc;
	}
	if (n == 1)
		pick = ids[0];
	if (!pick)
		rc = n ? kata_error_set(err, KATA_EAMBIGUOUS,
					"which learner? name one (-l ID), or set 'git config kata.learner ID'") :
			 kata_error_set(err, KATA_ENOTFOUND,
					"no learners yet; add one with 'kata learner add ID'");
	else if (!(*out = strdup(pick)))
		rc = kata_error_oom(err);
	kata_strv_free(ids);
	return rc;
}

bool kata_learner_has_email(const struct kata_node *rec, const char *email)
{
	return email && has_email(rec, email);
}
