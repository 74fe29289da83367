#include <string.h>

#include "kata/measure.h"
#include "kata/repo.h"
#include "kata/value.h"
#include "kata/when.h"
#include "move.h"

int kata_measure_add(struct kata_done *out, struct kata_repo *repo, const char *learner,
		     const char *metric, const char *value, const char *at,
		     const struct kata_who *who, struct kata_error *err)
{
	static const struct kata_storyboard_opts load = { 0 };
	struct kata_time when = *kata_repo_now(repo);
	char number[KATA_NUMBER_MAX], at_s[KATA_TIME_BUFSZ];
	struct kata_rec *r;
	struct move m;
	int rc;

	if ((rc = kata_value_text(metric, "metric name", KATA_VALUE_REQUIRED | KATA_VALUE_LINE, err)) < 0 ||
	    (rc = kata_value_number(number, value, "value", err)) < 0)
		return rc;
	if (at && (rc = kata_when_parse(&when, at, kata_repo_now(repo), err)) < 0)
		return rc;
	when.has_time = true;
	kata_time_format_rfc3339(at_s, &when);
	if ((rc = move_begin(&m, repo, learner, &load, MOVE_ACTIVE_TARGET, err)) < 0 ||
	    (rc = move_new(&r, &m, KATA_KIND_MEASURE, err)) < 0)
		goto done;
	if (kata_node_set_str(r->node, "metric", metric) < 0 ||
	    kata_node_set_plain(r->node, "value", number) < 0 ||
	    kata_node_set_str(r->node, "at", at_s) < 0) {
		rc = kata_error_oom(err);
		goto done;
	}
	if ((rc = move_put(&m, r, err)) == 0)
		rc = move_commit(out, &m, who, "measure", r->id, r->seq, err,
				 "measure %.4s: %s = %s", r->id, metric, number);
done:
	move_release(&m);
	return rc;
}
