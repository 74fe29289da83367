#ifndef KATA_TEST_FIXTURE_H
#define KATA_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

#include "kata/error.h"
#include "kata/questions.h"
#include "kata/record.h"
#include "kata/repo.h"
#include "kata/storyboard.h"
#include "kata/types.h"
#include "kata/when.h"
#include "kata/yaml.h"

/*
 * A real kata repository in a temporary folder, for the tests of the
 * practice's modules, and what they check it with: its commits read
 * through libgit2, its files read from the work tree or from a commit.
 * Include after cmocka.h.
 */

#define FX_TMPDIRS 4

struct fixture {
	char *dir;		/* the work tree, without a final '/' */
	struct kata_repo *repo;
	struct kata_error err;
	struct kata_done done;
	char *tmpdirs[FX_TMPDIRS];	/* fx_tmpdir's, removed with the fixture */
};

/* The learner, and a coach of hers. */
extern const struct kata_who fx_alice;
extern const struct kata_who fx_bob;
/* The repository's clock: 2026-11-21T09:00:00Z, a Saturday. */
extern const struct kata_time fx_now;

/* How far a new fixture goes. */
enum fx_level {
	FX_BARE,	/* a git repository, no commit */
	FX_INIT,	/* kata.yaml of team "Line 2" committed */
	FX_LEARNER,	/* learner alice (alice@example.com) added */
	FX_TARGET,	/* alice works on a target condition with a metric */
};

struct fixture *fx_new(enum fx_level level);
void fx_free(struct fixture *f);
/* The same for a fixture embedded in a test program's own. */
void fx_init(struct fixture *f, enum fx_level level);
void fx_release(struct fixture *f);

/* cmocka setups and teardown for each level. */
int fx_setup_bare(void **state);
int fx_setup_init(void **state);
int fx_setup_learner(void **state);
int fx_setup(void **state);	/* FX_TARGET */
int fx_teardown(void **state);

/* Another empty folder, removed with the fixture (even when a test fails);
 * owned by the fixture. */
const char *fx_tmpdir(struct fixture *f);
/* The absolute path of path in the work tree, malloc'd. */
char *fx_path(struct fixture *f, const char *path);
/* Sets a key of the repository's git configuration. */
void fx_set_config(struct fixture *f, const char *key, const char *value);

/* The number of commits reachable from HEAD (0 on an unborn branch). */
size_t fx_commits(struct fixture *f);
/* The commit at rev ("HEAD", "HEAD~1"), freed with git_commit_free. */
git_commit *fx_commit_at(struct fixture *f, const char *rev);
/* HEAD's ID in hex; "" on an unborn branch. */
void fx_head(struct fixture *f, char out[GIT_OID_HEXSZ + 1]);
/* Asserts that HEAD is still the commit hex (from fx_head) names: a move
 * refused wrote nothing. */
void fx_assert_head(struct fixture *f, const char *hex);
/* HEAD's message, malloc'd. */
char *fx_head_message(struct fixture *f);
/* How many entries git_status lists, untracked files included. */
size_t fx_changes(struct fixture *f);
/* Whether it lists none: work tree, index and HEAD agree and nothing is
 * untracked. */
bool fx_clean(struct fixture *f);

/* What is at a path (relative to the work tree): in the work tree, or in
 * the tree of rev; malloc'd, NULL when absent; its length in len unless
 * len is NULL. */
char *fx_read(struct fixture *f, const char *path, size_t *len);
char *fx_read_at(struct fixture *f, const char *rev, const char *path, size_t *len);
/* Writes text to path in the work tree, making its folders (a path ending
 * in '/' is made as a folder); no commit. */
void fx_write(struct fixture *f, const char *path, const char *text);
/* Commits files through the store, as a move does: pairs of path and
 * text (NULL text: remove), ended by NULL. */
void fx_store(struct fixture *f, const char *message, ...);

/*
 * Commits made by hand through libgit2, as git or another clone would:
 * by Hand <hand@example.com> at the repository's clock, the work tree and
 * the index left as they are. out may be NULL.
 *
 * fx_tree_with: the tree of commit base with path set to text.
 * fx_commit_tree: a commit of tree with n parents (at most 2); no
 * reference moves. fx_move_head: the branch HEAD names set to commit.
 * fx_hand_commit: all three on HEAD, with path set to text (path NULL:
 * HEAD's tree again).
 */
void fx_tree_with(struct fixture *f, git_oid *out, const git_oid *base, const char *path,
		  const char *text);
void fx_commit_tree(struct fixture *f, git_oid *out, const git_oid *tree, const git_oid *parents,
		    size_t n, const char *message);
void fx_move_head(struct fixture *f, const git_oid *commit);
void fx_hand_commit(struct fixture *f, git_oid *out, const char *path, const char *text,
		    const char *message);

/* A record as a test builds one: a mapping of kind and id. */
struct kata_node *fx_record(const char *kind, const char *id);

/*
 * Commits, by hand, a record of alice's newest target: the file of kind
 * numbered number with id, holding kind, id, target and then body (YAML
 * lines). Returns its path, malloc'd.
 */
char *fx_store_record(struct fixture *f, enum kata_kind kind, unsigned long number,
		      const char *id, const char *body);
/* An obstacle so, open or closed, whose text is "obstacle <id>". */
char *fx_store_obstacle(struct fixture *f, unsigned long number, const char *id,
			const char *status);

/* $KATA_DATADIR, where the tests find what kata ships. */
const char *fx_datadir(void);
/* The question set kata ships ($KATA_DATADIR); asserts it loads. */
struct kata_questions *fx_shipped_questions(void);
/*
 * A coaching cycle of alice by fx_bob with the shipped questions, from
 * answers written as the YAML of an answers file named "answers.yaml".
 * Returns kata_coach_cycle's result; the error stays in f->err.
 */
int fx_cycle(struct fixture *f, const char *yaml);
/* The answers of a learner's first cycle: a new obstacle, a step planned
 * with see_by tomorrow 10:00, a measure of 24. */
extern const char fx_first_cycle[];

/* The learner's whole storyboard; asserts it loads. */
struct kata_storyboard *fx_storyboard(struct fixture *f, const char *learner);
/* The record at path, parsed; asserts it loads. */
struct kata_node *fx_load(struct fixture *f, const char *path);

/*
 * Asserts that f->done tells of the move just made: HEAD's commit, and
 * the record id (NULL: any record ID kata makes) at seq in its list.
 */
void fx_assert_done(struct fixture *f, const char *id, unsigned long seq);
/* Asserts that HEAD's message is the text fmt makes. */
void fx_assert_message(struct fixture *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Asserts that path in the tree of rev holds the text fmt makes. */
void fx_assert_file_at(struct fixture *f, const char *rev, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Asserts that rc is code and that the error's message holds says (NULL:
 * any message), then releases the error for the next call.
 */
#define fx_assert_error(f, rc, code, says)					\
	do {									\
		int fx_rc_ = (rc);						\
		const char *fx_says_ = (says);					\
		const char *fx_msg_ = (f)->err.message;				\
		if (fx_rc_ != (code) || !fx_msg_ ||				\
		    (fx_says_ && !strstr(fx_msg_, fx_says_)))			\
			fail_msg("got %d '%s', want %d '%s'", fx_rc_,		\
				 fx_msg_ ? fx_msg_ : "(no message)", (code),	\
				 fx_says_ ? fx_says_ : "");			\
		kata_error_release(&(f)->err);					\
	} while (0)

/* The same, and the error is at path at_:ln_:cl_. */
#define fx_assert_error_at(f, rc, code, at_, ln_, cl_, says)			\
	do {									\
		int fx_rc_ = (rc);						\
		const char *fx_at_ = (at_), *fx_says_ = (says);			\
		const struct kata_error *fx_e_ = &(f)->err;			\
		if (fx_rc_ != (code) || !fx_e_->path || strcmp(fx_e_->path, fx_at_) ||	\
		    fx_e_->line != (ln_) || fx_e_->col != (cl_) || !fx_e_->message ||	\
		    !strstr(fx_e_->message, fx_says_))				\
			fail_msg("got %d %s:%u:%u: %s, want %d %s:%u:%u: %s", fx_rc_,	\
				 fx_e_->path ? fx_e_->path : "(no path)", fx_e_->line,	\
				 fx_e_->col, fx_e_->message ? fx_e_->message : "",	\
				 (code), fx_at_, (unsigned)(ln_), (unsigned)(cl_), fx_says_); \
		kata_error_release(&(f)->err);					\
	} while (0)

#endif
