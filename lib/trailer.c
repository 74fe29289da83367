#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/id.h"
#include "kata/str.h"
#include "kata/trailer.h"

static const struct {
	const char *key;
	size_t offset, size;
} keys[] = {
	{ "Kata-Learner", offsetof(struct kata_trailers, learner), 65 },
	{ "Kata-Target", offsetof(struct kata_trailers, target), 65 },
	{ "Kata-Action", offsetof(struct kata_trailers, action), 65 },
	{ "Kata-Record", offsetof(struct kata_trailers, record), 65 },
	{ "Kata-Reverts", offsetof(struct kata_trailers, reverts), 41 },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

const char *const kata_trailer_actions[] = {
	"init", "learner-add",
	"target-start", "target-done", "target-abandon",
	"obstacle-add", "obstacle-focus", "obstacle-close", "obstacle-reopen",
	"step-plan", "step-done", "measure",
	"coach", "coach-feedback",
	"edit", "withdraw", "undo", "redo", "sync",
	NULL,
};

bool kata_trailer_action_known(const char *action)
{
	size_t i;

	for (i = 0; kata_trailer_actions[i]; i++)
		if (!strcmp(kata_trailer_actions[i], action))
			return true;
	return false;
}

/* The trailer lines of t, in the order of keys[]. */
static void format(struct kata_buf *b, const struct kata_trailers *t)
{
	size_t i;

	for (i = 0; i < N_KEYS; i++) {
		const char *v = (const char *)t + keys[i].offset;

		if (*v)
			kata_buf_addf(b, "%s: %s\n", keys[i].key, v);
	}
}

char *kata_trailers_message(const char *subject, const char *body,
			    const struct kata_trailers *t)
{
	struct kata_buf b = KATA_BUF_INIT;

	kata_buf_addf(&b, "%s\n\n", subject);
	if (body)
		kata_buf_addf(&b, "%s\n\n", body);
	format(&b, t);
	return kata_buf_detach(&b);
}

/* A value kata writes: an ID or a word of [a-z0-9._-], 1 to max bytes. */
static bool plain_value(const char *v, size_t max)
{
	size_t n = strlen(v);

	return n > 0 && n <= max && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

int kata_trailers_parse(struct kata_trailers *out, const char *message,
			struct kata_error *err)
{
	git_message_trailer_array arr;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	memset(&arr, 0, sizeof(arr));
	if (git_message_trailers(&arr, message) < 0)
		return kata_error_from_git(err, "cannot read the commit's trailers");
	for (i = 0; i < arr.count; i++) {
		const char *key = arr.trailers[i].key, *v = arr.trailers[i].value;

		for (k = 0; k < N_KEYS && strcasecmp(key, keys[k].key); k++)
			;
		if (k == N_KEYS)
			continue;
		/* the last one counts, even when it is one kata could not have
		 * written: then the key is absent */
		if (!plain_value(v, keys[k].size - 1) || (k == 0 && !kata_id_learner_valid(v)))
			v = "";
		snprintf((char *)out + keys[k].offset, keys[k].size, "%s", v);
	}
	git_message_trailer_array_free(&arr);
	return 0;
}
