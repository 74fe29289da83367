#ifndef KATA_VERIFY_H
#define KATA_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/types.h"

/*
 * Who may write what (SPEC 8), checked commit by commit from the objects
 * alone, so that it works in a bare repository on a server. Each commit's
 * own changes (for a merge: the paths that differ from every parent, as
 * git's combined diff shows them) are held against the roles as they stood
 * in its parent, read from the parent's tree:
 *
 * - files under learners/<l>/: l, l's coach or second coach (the emails of
 *   their learner.yaml), or an admin;
 * - a coaching record: l's coach or an admin; feedback: l's second coach
 *   or an admin;
 * - a new learners/<l>/learner.yaml: an admin, or l (an email of the new
 *   file);
 * - kata.yaml, and anything under learners/ that is no learner's folder:
 *   an admin.
 *
 * The admins are kata.yaml's `admins:` (learner IDs or emails); while it
 * names none, the author of the repository's first commit (the first-parent
 * root of HEAD, or of what is checked when HEAD is unborn) is the admin. A
 * merge's change passes when it would pass on top of one of its parents.
 * A record that a commit writes must also parse and be valid, as kata fsck
 * wants it. Files outside kata.yaml and learners/ are anyone's.
 */

struct kata_verify;

struct kata_verify_finding {
	const char *commit;		/* hex */
	const char *abbrev;		/* the shortest unambiguous hex, 7 or more */
	const char *author_name;
	const char *author_email;
	const char *path;
	unsigned line, col;		/* of a record that is not valid; else 0 */
	/*
	 * The rule broken: "learner" (a learner's records), "coaching",
	 * "feedback", "learner-add", "repository" (kata.yaml), "learners"
	 * (no learner's folder), "record" (a record that is not valid).
	 */
	const char *rule;
	const char *message;
};

typedef void (*kata_verify_report)(const struct kata_verify_finding *finding, void *data);

struct kata_verify_result {
	size_t commits;		/* commits checked */
	size_t offending;	/* commits with at least one finding */
	size_t findings;
};

int kata_verify_new(struct kata_verify **out, struct kata_repo *repo, struct kata_error *err);
void kata_verify_free(struct kata_verify *v);

/*
 * Adds what to check, as git rev-list takes it: "A..B" (B's history
 * without A's), "A...B" (either's without their merge base's), "^A" (A's
 * history left out), or a single revision (its whole history). An unknown
 * revision is KATA_ENOTFOUND.
 */
int kata_verify_add(struct kata_verify *v, const char *spec, struct kata_error *err);
/* No operand: what HEAD has that its upstream has not (@{upstream}..HEAD),
 * else all of HEAD's history; nothing on an unborn branch. */
int kata_verify_add_default(struct kata_verify *v, struct kata_error *err);
/*
 * One line that git hands a pre-receive hook, "OLD NEW REF" (a line end
 * allowed): NEW's history is checked (a deletion, NEW all zeros, checks
 * nothing). With kata_verify_hide_refs, only the commits that no ref
 * reaches yet are: what `git rev-list NEW --not --all` lists.
 */
int kata_verify_add_update(struct kata_verify *v, const char *line, struct kata_error *err);
/* Leaves out every commit a reference (or HEAD) reaches now. */
int kata_verify_hide_refs(struct kata_verify *v, struct kata_error *err);

/*
 * Checks each commit added, oldest first, each finding handed to report.
 * 0 (the counts in *out) or an error that stopped it.
 */
int kata_verify_run(struct kata_verify_result *out, struct kata_verify *v,
		    kata_verify_report report, void *data, struct kata_error *err);

#endif
