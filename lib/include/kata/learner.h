#ifndef KATA_LEARNER_H
#define KATA_LEARNER_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/yaml.h"

/*
 * The people of a team. Coaches and second coaches are learners of the
 * repository too (a coach is a learner of their own coach), so the
 * learner/coach chain runs up the organisation.
 */

struct kata_learner_opts {
	const char *id;
	const char *name;
	const char *const *emails;
	size_t n_emails;
	const char *coach;		/* a learner ID, or NULL */
	const char *second_coach;	/* a learner ID, or NULL */
	const char *process;		/* the focus process */
};

/* Adds a learner: one commit. An ID that exists already is KATA_EEXISTS,
 * and so is an email that belongs to another learner (an email is one
 * person's: it is how kata knows who runs it). */
int kata_learner_add(struct kata_done *out, struct kata_repo *repo,
		     const struct kata_learner_opts *opts, const struct kata_who *who,
		     struct kata_error *err);

/* The learner IDs in the repository, sorted; freed with kata_strv_free. */
int kata_learner_list(char ***out, size_t *n, struct kata_repo *repo,
		      struct kata_error *err);

/* Whether id is a learner here: KATA_EINVALID for an ID that is none,
 * KATA_ENOTFOUND for one that is nobody's. */
int kata_learner_check(struct kata_repo *repo, const char *id, struct kata_error *err);

/* Reads and checks a learner's record (kata_learner_check's errors too). */
int kata_learner_load(struct kata_node **out, struct kata_repo *repo, const char *id,
		      struct kata_error *err);

/* Whether a learner's record lists email among its emails. */
bool kata_learner_has_email(const struct kata_node *rec, const char *email);

/* Whether two emails are one address (as mail takes them: in any case). */
bool kata_learner_email_same(const char *a, const char *b);

/*
 * The learner other than `except` (NULL: anyone) whose emails hold email,
 * in *out (malloc'd), or NULL when nobody's do. Learners whose record
 * cannot be read are passed over: fsck reports them.
 */
int kata_learner_email_owner(char **out, struct kata_repo *repo, const char *email,
			     const char *except, struct kata_error *err);

/*
 * The person running kata as a learner of the repository, as
 * kata_learner_resolve matches them: git config kata.learner, else the
 * learner whose emails hold user_email. *out (malloc'd) is NULL when
 * neither names one.
 */
int kata_learner_whoami(char **out, struct kata_repo *repo, const char *user_email,
			struct kata_error *err);

/*
 * The learners whose record names person (a learner ID) in the field role
 * ("coach", "second_coach"), sorted; freed with kata_strv_free. Broken
 * records are skipped (fsck reports them).
 */
int kata_learner_of(char ***out, size_t *n, struct kata_repo *repo, const char *role,
		    const char *person, struct kata_error *err);

/*
 * The learner text names: a learner's ID, else the learner whose name is
 * text exactly. KATA_ENOTFOUND for none, KATA_EAMBIGUOUS for a name that
 * several learners have (the message lists their IDs). *out is malloc'd.
 */
int kata_learner_find(char **out, struct kata_repo *repo, const char *text,
		      struct kata_error *err);

/*
 * The first of rec's emails (a learner's record, whose ID is self) that
 * is another learner's too: that email's node in *email and the other
 * learner in *owner (malloc'd); both NULL when none is.
 */
int kata_learner_email_clash(const struct kata_node **email, char **owner,
			     struct kata_repo *repo, const struct kata_node *rec,
			     const char *self, struct kata_error *err);

/*
 * Picks the learner a command is about: given (if not NULL), else git config
 * kata.learner, else the learner whose emails hold user_email, else the only
 * learner. Several learners and none of those, or two whose emails hold
 * user_email (a repository written before kata refused that):
 * KATA_EAMBIGUOUS; none at all: KATA_ENOTFOUND. *out is malloc'd.
 */
int kata_learner_resolve(char **out, struct kata_repo *repo, const char *given,
			 const char *user_email, struct kata_error *err);

#endif
