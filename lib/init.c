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

static const char *const weekdays[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

int kata_init_weekday(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (!strcmp(s, weekdays[i]))
			return i;
	return -1;
}

int kata_init_clock(const char *s)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' || s[1] < '0' ||
	    s[1] > '9' || s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

void kata_init_schedule_of(struct kata_schedule *out, const struct kata_node *cfg)
{
	const struct kata_node *days = kata_node_get(cfg, "working_days");
	const char *time = kata_node_str(cfg, "coaching_time");
	size_t i;
	int d;

	memset(out, 0, sizeof(*out));
	for (d = 1; d <= 5 && !days; d++)
		out->days[d] = true;
	for (i = 0; days && days->type == KATA_NODE_SEQUENCE && i < days->n; i++) {
		const struct kata_node *v = days->entries[i].value;

		if (v->type == KATA_NODE_SCALAR && (d = kata_init_weekday(v->text)) >= 0)
			out->days[d] = true;
	}
	out->minutes = time ? kata_init_clock(time) : -1;
}

int kata_init_schedule(struct kata_schedule *out, struct kata_repo *repo,
		       struct kata_error *err)
{
	struct kata_node *cfg = NULL;
	int rc;

	if ((rc = kata_record_load(&cfg, repo, "kata.yaml", KATA_KIND_REPOSITORY, err)) < 0)
		return rc;
	kata_init_schedule_of(out, cfg);
	kata_node_free(cfg);
	return 0;
}
