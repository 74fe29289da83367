#ifndef KATA_TYPES_H
#define KATA_TYPES_H

/*
 * What every writing function of lib/ takes and gives, in a header that
 * pulls in nothing else: the person writing, and what the write did.
 */

struct kata_repo;
struct kata_txn;

/* Who writes: the commit's author, as git resolves the identity. */
/* Who writes: the author, and the committer when it is someone else. */
struct kata_who {
	const char *name;
	const char *email;
	const char *committer_name;	/* NULL: the author */
	const char *committer_email;
};

#define KATA_DONE_WARN_MAX 4
#define KATA_DONE_WARN_LEN 240

/* What a write did. */
struct kata_done {
	char id[65];		/* the record made or changed (a record or learner
				   ID); "" for none */
	unsigned long seq;	/* its position in its list (step #N); 0 for none */
	char commit[41];	/* the commit, in hex */
	/* what the practice says to look at again, though the write was made
	   (a step with no go-and-see, a target due tomorrow); one line each */
	char warn[KATA_DONE_WARN_MAX][KATA_DONE_WARN_LEN];
	unsigned n_warn;
};

#endif
