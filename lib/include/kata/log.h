#ifndef KATA_LOG_H
#define KATA_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"
#include "kata/when.h"

/*
 * The history view: the commits reachable from HEAD, newest first (by
 * commit date, as `git log` orders them), with the trailers every kata
 * commit carries. It is an iterator: each kata_log_next() reads the commits
 * it needs for one more entry and no more, so that the first few entries of
 * a long history cost as little as a short one.
 *
 * Every parent of a merge is followed (the commits a `kata sync` merged
 * from another clone are the team's history too). Commits made by hand,
 * without a Kata-Action trailer, are entries as well, with no learner,
 * action, record or target.
 */

struct kata_log;

struct kata_log_opts {
	/*
	 * Only the entries about this learner: kata commits whose Kata-Learner
	 * is the learner, commits made by hand that changed the folder
	 * learners/<learner>/, and the coaching the learner did as a coach or
	 * second coach (coach and coach-feedback commits authored by one of
	 * their emails). NULL: every commit.
	 */
	const char *learner;
	/* Stop at the first commit older than this (commit date). NULL: none. */
	const struct kata_time *since;
	/*
	 * Only the commits this person authored: a learner ID of the
	 * repository (an author email among theirs, or their name when they
	 * have no email), else an email (with '@') or a name, compared without
	 * regard to case. NULL: anyone's.
	 */
	const char *author;
	/* Only the kata commits of this Kata-Action (kata_trailer_actions). */
	const char *action;
	/* Fill each entry's author_learner (reads every learner's file once). */
	bool authors;
};

struct kata_log_entry {
	char commit[41];		/* hex */
	char abbrev[41];		/* the shortest unambiguous hex, 7 or more */
	const char *author_name;
	const char *author_email;
	const char *author_learner;	/* the learner whose email it is, or NULL */
	struct kata_time time;		/* author date, in the commit's own offset */
	char date[KATA_TIME_BUFSZ];	/* the same, RFC 3339 */
	const char *subject;		/* first line of the message */
	/* From the trailers; NULL when the commit has none. */
	const char *learner;		/* Kata-Learner */
	const char *target;		/* Kata-Target */
	const char *action;		/* Kata-Action: NULL means made by hand */
	const char *record;		/* Kata-Record */
};

/*
 * Starts a walk from HEAD. An unborn branch gives an empty history. An
 * unknown action is KATA_EINVALID.
 */
int kata_log_new(struct kata_log **out, struct kata_repo *repo,
		 const struct kata_log_opts *opts, struct kata_error *err);
/*
 * The next entry: 1 and *out, 0 at the end of the history (or of --since),
 * or an error. *out stays valid until the next call or kata_log_free.
 */
int kata_log_next(const struct kata_log_entry **out, struct kata_log *log,
		  struct kata_error *err);
void kata_log_free(struct kata_log *log);

#endif
