#include <stdio.h>
#include <string.h>

#include "kata/measure.h"
#include "kata/repo.h"
#include "kata/str.h"
#include "kata/value.h"
#include "kata/when.h"
#include "move.h"

/* The length of the number that text starts with, or 0. */
static size_t number_len(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; (s[i] >= '0' && s[i] <= '9') || s[i] == '.'; i++)
		digits += s[i] != '.';
	if (!digits)
		return 0;
	if ((s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;

		if (s[j] == '+' || s[j] == '-')
			j++;
		if (s[j] >= '0' && s[j] <= '9') {
			while (s[j] >= '0' && s[j] <= '9')
				j++;
			i = j;
		}
	}
	return i;
}

int kata_measure_value(char out[KATA_NUMBER_MAX], const char *text, const char *metric,
		       const char *unit, const char *what, struct kata_error *err)
{
	char number[KATA_NUMBER_MAX];
	struct kata_error whole;
	const char *u;
	size_t n, len;
	int rc;

	kata_error_init(&whole);
	if ((rc = kata_value_number(out, text, what, &whole)) == 0)
		return 0;
	/* a number, then its unit: "21 min", "86%" ("1e" is no number) */
	n = text ? number_len(text) : 0;
	u = n ? text + n + strspn(text + n, " ") : NULL;
	len = u ? strlen(u) : 0;
	while (len && u[len - 1] == ' ')
		len--;
	if (!n || !len || n >= sizeof(number) || (u == text + n && (*u == 'e' || *u == 'E'))) {
		rc = kata_error_set(err, rc, "%s", whole.message ? whole.message : "out of memory");
		kata_error_release(&whole);
		return rc;
	}
	kata_error_release(&whole);
	memcpy(number, text, n);
	number[n] = '\0';
	if ((rc = kata_value_number(out, number, what, err)) < 0)
		return rc;
	if (!unit || !*unit)
		return kata_error_set(err, KATA_EINVALID,
				      "invalid %s '%s': %s has no unit; give the number alone", what,
				      text, metric ? metric : "the metric");
	if (strlen(unit) != len || strncmp(unit, u, len))
		return kata_error_set(err, KATA_EINVALID,
				      "invalid %s '%s': %s is measured in %s, not '%.*s'", what, text,
				      metric ? metric : "the metric", unit, (int)len, u);
	return 0;
}

/*
 * The metric names this target knows: its own, and those measured in it
 * (declared on purpose then). best is the closest to metric of them.
 */
static bool metric_known(const char **best, const struct kata_storyboard *sb,
			 const char *metric)
{
	const char *own = kata_node_str(sb->target->node, "metric");
	size_t i, d, min = (size_t)-1;

	*best = NULL;
	if (own && !strcmp(own, metric))
		return true;
	if (own) {
		*best = own;
		min = kata_str_distance(own, metric);
	}
	for (i = 0; i < sb->measures.n; i++) {
		const char *name = kata_node_str(sb->measures.rec[i].node, "metric");

		if (!name)
			continue;
		if (!strcmp(name, metric))
			return true;
		if ((d = kata_str_distance(name, metric)) < min) {
			min = d;
			*best = name;
		}
	}
	return false;
}

static int unknown_metric(const struct kata_storyboard *sb, const char *best,
			  const char *metric, struct kata_error *err)
{
	if (!kata_node_str(sb->target->node, "metric") && !best)
		return kata_error_set(err, KATA_EPRACTICE,
				      "the target condition names no metric; to measure '%s' on purpose, give --new-metric",
				      metric);
	return kata_error_set(err, KATA_EPRACTICE,
			      "the target condition's metric is '%s', not '%s'; to measure another on purpose, give --new-metric",
			      best, metric);
}

int kata_measure_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const struct kata_measure_opts *o, const struct kata_who *who,
		     struct kata_error *err)
{
	/* every measure's metric name: what the target knows */
	static const struct kata_storyboard_opts load = { .measures = KATA_LOAD_ALL };
	const struct kata_time *now = kata_repo_now(repo);
	struct kata_time when = *now;
	char number[KATA_NUMBER_MAX], at_s[KATA_TIME_BUFSZ];
	const char *best, *own;
	struct kata_rec *r;
	struct move m;
	int rc;

	if ((rc = kata_value_text(o->metric, "metric name", KATA_VALUE_REQUIRED | KATA_VALUE_LINE,
				  err)) < 0)
		return rc;
	if (o->at && (rc = kata_when_parse_past(&when, o->at, now, err)) < 0)
		return rc;
	if (when.t > now->t) {
		kata_time_format_rfc3339(at_s, &when);
		return kata_error_set(err, KATA_EINVALID,
				      "'%s' is in the future (%.*s): a measure is a value seen, give it when it is",
				      o->at, when.has_time ? 16 : 10, at_s);
	}
	when.has_time = true;
	kata_time_format_rfc3339(at_s, &when);
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0)
		goto done;
	if (!o->new_metric && !metric_known(&best, m.sb, o->metric)) {
		rc = unknown_metric(m.sb, best, o->metric, err);
		goto done;
	}
	/* "21 min" in the target metric's unit, as the coaching cycle takes it */
	own = kata_node_str(m.sb->target->node, "metric");
	if ((rc = kata_measure_value(number, o->value, o->metric,
				     own && !strcmp(own, o->metric) ?
				     kata_node_str(m.sb->target->node, "unit") : NULL,
				     "value", err)) < 0)
		goto done;
	if ((rc = move_new(&r, &m, KATA_KIND_MEASURE, err)) < 0)
		goto done;
	if (kata_node_set_str(r->node, "metric", o->metric) < 0 ||
	    kata_node_set_plain(r->node, "value", number) < 0 ||
	    kata_node_set_str(r->node, "at", at_s) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, r, err)) == 0)
		rc = move_commit(out, &m, who, "measure", r->id, r->seq, err,
				 "measure %.4s: %s = %s", r->id, o->metric, number);
done:
	move_release(&m);
	return rc;
}
