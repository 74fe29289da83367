/*
 * kata.yaml, the repository's settings: parsed and checked as every
 * command reads it (kata_record_load's checks for the repository's
 * record), its schedule read as the coaching cycle reads it, and written
 * again as kata init writes it (fuzz_roundtrip).
 */
#include <stdlib.h>

#include "kata/init.h"
#include "kata/record.h"
#include "kata/yaml.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kata_node *cfg = NULL;
	struct kata_schedule sched;
	struct kata_error err;

	kata_error_init(&err);
	if (kata_yaml_parse(&cfg, (const char *)data, size, "kata.yaml", &err) < 0)
		goto done;
	fuzz_roundtrip(cfg, kata_record_order(KATA_KIND_REPOSITORY));
	if (kata_record_validate(cfg, "kata.yaml", KATA_KIND_REPOSITORY, &err) < 0)
		goto done;
	kata_init_schedule_of(&sched, cfg);
	/* a checked coaching_time reads as a time of day */
	if (kata_node_get(cfg, "coaching_time") &&
	    (sched.minutes < 0 || sched.minutes >= 24 * 60))
		abort();
done:
	kata_error_release(&err);
	kata_node_free(cfg);
	return 0;
}
