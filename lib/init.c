#include <stdio.h>
#include <string.h>

#include "kata/init.h"
#include "kata/record.h"
#include "kata/value.h"
#include "move.h"

int kata_init(struct kata_done *out, struct kata_repo *repo, const char *team,
	      const struct kata_who *who, struct kata_error *err)
{
	struct kata_rec rec;
	struct move m;
	int rc;

	memset(&rec, 0, sizeof(rec));
	if ((rc = kata_value_text(team, "team name", team ? KATA_VALUE_REQUIRED | KATA_VALUE_LINE : 0, err)) < 0)
		return rc;
	rec.kind = KATA_KIND_REPOSITORY;
	snprintf(rec.path, sizeof(rec.path), "kata.yaml");
	if (!(rec.node = kata_record_new(KATA_KIND_REPOSITORY, NULL)) ||
	    kata_node_set_plain(rec.node, "format", "1") < 0 ||
	    (team && *team && kata_node_set_str(rec.node, "team", team) < 0)) {
		kata_node_free(rec.node);
		return kata_error_oom(err);
	}
	if ((rc = move_begin(&m, repo, NULL, NULL, MOVE_ANY_TARGET, err)) == 0 &&
	    (rc = move_put(&m, &rec, err)) == 0)
		rc = team && *team ?
		     move_commit(out, &m, who, "init", NULL, 0, err,
				 "kata: start the repository of team %s", team) :
		     move_commit(out, &m, who, "init", NULL, 0, err, "kata: start the repository");
	kata_node_free(rec.node);
	move_release(&m);
	return rc;
}
