#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "kata/record.h"

static int learner_add(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ "coach", required_argument, NULL, 'c' },
		{ "second-coach", required_argument, NULL, 's' },
		{ "process", required_argument, NULL, 'p' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct kata_learner_opts o;
	struct kata_error err;
	struct kata_done done;
	const char **emails = NULL;
	int c, r, status = 0;

	memset(&o, 0, sizeof(o));
	if (!(emails = calloc((size_t)argc, sizeof(*emails))))
		return cmd_errorf("out of memory");
	cmd_getopt_reset(ctx, argv);
	while ((c = getopt_long(argc, argv, ":n:e:c:s:p:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.name = optarg; break;
		case 'e': emails[o.n_emails++] = optarg; break;
		case 'c': o.coach = optarg; break;
		case 's': o.second_coach = optarg; break;
		case 'p': o.process = optarg; break;
		default:
			if ((r = cmd_common_opt(ctx, c, optarg)) >= 0) {
				status = r;
				goto done;
			}
		}
	}
	if (optind >= argc) {
		status = cmd_usage_error(ctx, "which learner? give an ID");
		goto done;
	}
	if (argc - optind > 1) {
		status = cmd_usage_error(ctx, "too many arguments");
		goto done;
	}
	o.id = argv[optind];
	o.emails = emails;
	if ((status = cmd_who(ctx)))
		goto done;
	kata_error_init(&err);
	if (kata_learner_add(ctx->repo, &o, &ctx->who, &done, &err) < 0) {
		status = cmd_error(&err);
		goto done;
	}
	printf("added learner %s%s%s%s\n", o.id, o.name ? " (" : "",
	       o.name ? o.name : "", o.name ? ")" : "");
done:
	free(emails);
	return status;
}

static int learner_list(int argc, char **argv, struct kata_ctx *ctx)
{
	struct kata_error err;
	char **ids = NULL;
	size_t n = 0, i;
	json_t *list = NULL;
	int r, status = 0;

	if ((r = cmd_parse_common(ctx, argc, argv, 0)) >= 0)
		return r;
	if ((r = cmd_repo(ctx)))
		return r;
	kata_error_init(&err);
	if (kata_learner_ids(&ids, &n, ctx->repo, &err) < 0)
		goto fail;
	if (ctx->json)
		list = json_array();
	for (i = 0; i < n; i++) {
		struct kata_node *rec = NULL;
		char path[128];
		const char *name, *coach;

		snprintf(path, sizeof(path), "learners/%s/learner.yaml", ids[i]);
		if (kata_record_load(&rec, ctx->repo, path, KATA_KIND_LEARNER, &err) < 0)
			goto fail;
		if (list) {
			json_array_append_new(list, cmd_json_record(rec));
		} else {
			name = kata_node_str(rec, "name");
			coach = kata_node_str(rec, "coach");
			printf("%s%-16s%s %s", cmd_c(ctx, C_BOLD), ids[i], cmd_c(ctx, C_RESET),
			       name ? name : "");
			if (coach)
				printf("%s  (coach: %s)%s", cmd_c(ctx, C_DIM), coach,
				       cmd_c(ctx, C_RESET));
			putchar('\n');
		}
		kata_node_free(rec);
	}
	if (list) {
		status = cmd_json_print(list);
		list = NULL;
	}
	kata_strv_free(ids);
	return status;
fail:
	json_decref(list);
	kata_strv_free(ids);
	return cmd_error(&err);
}

int cmd_learner_(int argc, char **argv, struct kata_ctx *ctx)
{
	static const struct kata_subcmd subs[] = {
		{ "add", learner_add },
		{ "list", learner_list },
		{ NULL, NULL },
	};

	return cmd_dispatch(ctx, argc, argv, subs);
}
