#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "state.h"
#include "kata/repo.h"
#include "kata/str.h"

char *kata_state_path(struct kata_repo *repo, const char *name)
{
	return kata_str_newf("%skata/%s", git_repository_path(kata_repo_git(repo)), name);
}

size_t kata_state_split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *t;

	while (n < max) {
		f[n++] = p;
		if (!(t = strchr(p, '\t')))
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

int kata_state_read_lines(char ***out, size_t *n, struct kata_repo *repo, const char *name,
			  struct kata_error *err)
{
	char *path = kata_state_path(repo, name), line[8192];
	char **v = NULL;
	size_t len = 0;
	FILE *f;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!path)
		return kata_error_oom(err);
	if (!(f = fopen(path, "r"))) {
		free(path);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		char **nv = realloc(v, (len + 2) * sizeof(*v));
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!nv || !(nv[len] = strdup(line))) {
			v = nv ? nv : v;
			rc = kata_error_oom(err);
			break;
		}
		v = nv;
		v[++len] = NULL;
	}
	fclose(f);
	free(path);
	if (rc < 0) {
		kata_strv_free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return 0;
}

int kata_state_write(struct kata_repo *repo, const char *name, const char *data,
		     struct kata_error *err)
{
	char *dir = kata_str_newf("%skata", git_repository_path(kata_repo_git(repo))), *path = kata_state_path(repo, name);
	char *tmp = path ? kata_str_newf("%s.tmp", path) : NULL;
	FILE *f = NULL;
	int rc = 0;

	if (!dir || !path || !tmp) {
		rc = kata_error_oom(err);
		goto done;
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		rc = kata_error_set(err, KATA_ERROR, "cannot create '%s': %s", dir, strerror(errno));
		goto done;
	}
	if (!(f = fopen(tmp, "w")) || fputs(data, f) < 0 || fclose(f) != 0) {
		f = NULL;
		rc = kata_error_set(err, KATA_ERROR, "cannot write '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		goto done;
	}
	f = NULL;
	if (rename(tmp, path) < 0) {
		rc = kata_error_set(err, KATA_ERROR, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
	}
done:
	if (f)
		fclose(f);
	free(tmp);
	free(path);
	free(dir);
	return rc;
}
