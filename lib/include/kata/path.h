#ifndef KATA_PATH_H
#define KATA_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "kata/error.h"
#include "kata/record.h"
#include "kata/types.h"

/*
 * Where records live, the one place that knows it:
 *
 *   kata.yaml
 *   learners/<learner>/learner.yaml
 *   learners/<learner>/<nnn>-<target>/target.yaml
 *   learners/<learner>/<nnn>-<target>/obstacles/<nnn>-<id>.yaml
 *   learners/<learner>/<nnn>-<target>/{steps,measures,coaching,feedback}/<nnnn>-<id>.yaml
 *
 * The number in a name orders records as they were made without reading
 * them (the newest target is the last folder, step #N the N-th file); the
 * random ID keeps apart records that two clones made at once. Paths are
 * relative to the work tree. A learner ID has at most 64 characters and a
 * number at most nine digits, so every path fits in KATA_PATH_MAX.
 */

#define KATA_PATH_MAX 256

/* The folder that holds every learner's. */
#define KATA_PATH_LEARNERS "learners"

/* learners/<learner> */
void kata_path_learner_dir(char out[KATA_PATH_MAX], const char *learner);
/* learners/<learner>/learner.yaml */
void kata_path_learner(char out[KATA_PATH_MAX], const char *learner);
/* learners/<learner>/<seq>-<id>: the folder of one target condition */
void kata_path_target_dir(char out[KATA_PATH_MAX], const char *learner,
			  unsigned long seq, const char *id);
/* <target dir>/target.yaml */
void kata_path_target(char out[KATA_PATH_MAX], const char *target_dir);
/* <target dir>/<folder of kind>, e.g. .../steps */
void kata_path_kind_dir(char out[KATA_PATH_MAX], const char *target_dir,
			enum kata_kind kind);
/* <target dir>/<folder of kind>/<seq>-<id>.yaml */
void kata_path_record(char out[KATA_PATH_MAX], const char *target_dir,
		      enum kata_kind kind, unsigned long seq, const char *id);
/* <dir>/<name>, for a name read from a folder; false (and out cut) when
 * it does not fit. */
bool kata_path_join(char out[KATA_PATH_MAX], const char *dir, const char *name);
/* The folder of a target that holds records of kind ("steps"), or NULL
 * for the kinds that have a file of their own. */
const char *kata_path_kind_folder(enum kata_kind kind);

/* One file or folder of a numbered list: "<seq>-<id>[.yaml]". */
struct kata_path_entry {
	char *name;		/* the file or folder name */
	unsigned long seq;
	char id[16];
};

/* Parses a "<seq>-<id>" folder name (dir) or "<seq>-<id>.yaml" file name. */
bool kata_path_entry_parse(struct kata_path_entry *out, const char *name, bool dir);

/*
 * Lists a folder of numbered records in order (number, then ID): folders
 * (targets) with dirs, else files. Names of another form are skipped
 * (fsck reports them). A missing folder is an empty list.
 */
int kata_path_list(struct kata_path_entry **out, size_t *n, struct kata_repo *repo,
		   const char *folder, bool dirs, struct kata_error *err);
void kata_path_list_free(struct kata_path_entry *list, size_t n);

/* What a path says about the record at it. */
struct kata_path_info {
	enum kata_kind kind;
	char learner[65];		/* "" for kata.yaml */
	char target_dir[KATA_PATH_MAX];	/* "" above a target */
	unsigned long target_seq;
	char target[16];		/* the target's ID, "" above a target */
	unsigned long seq;		/* the record's number (obstacle, step...) */
	char id[16];			/* its ID; for a target, the target's;
					   "" for a learner (see learner) */
};

/* Reads a path where a record lives; false for any other path. */
bool kata_path_parse(struct kata_path_info *out, const char *path);

#endif
