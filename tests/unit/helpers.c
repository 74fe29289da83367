#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

char *th_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path;
	size_t n;

	if (!base || !*base)
		base = "/tmp";
	n = strlen(base) + 32;
	path = malloc(n);
	assert_non_null(path);
	snprintf(path, n, "%s/kata-test-XXXXXX", base);
	assert_non_null(mkdtemp(path));
	return path;
}

void th_rmtree(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	dir = opendir(path);
	if (dir) {
		while ((de = readdir(dir))) {
			char *child;
			size_t n;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			n = strlen(path) + strlen(de->d_name) + 2;
			child = malloc(n);
			assert_non_null(child);
			snprintf(child, n, "%s/%s", path, de->d_name);
			th_rmtree(child);
			free(child);
		}
		closedir(dir);
	}
	rmdir(path);
}

void th_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *th_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *th_path(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, path);
	return p;
}

void th_make(const char *dir, const char *path, const char *text)
{
	char *full = th_path(dir, path), *s;
	size_t n = strlen(full);

	for (s = full + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(full, 0777) < 0 && errno != EEXIST)
			fail_msg("cannot make the folder %s", full);
		*s = '/';
	}
	if (full[n - 1] != '/')
		th_write_file(full, text, strlen(text));
	free(full);
}

/* "cd 'dir' && " and the command fmt makes; malloc'd. */
static char *command(const char *dir, const char *fmt, va_list ap)
{
	char cmd[16384];
	int n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", dir);
	char *s;

	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	assert_true((size_t)vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap) <
		    sizeof(cmd) - (size_t)n);
	s = strdup(cmd);
	assert_non_null(s);
	return s;
}

int th_run(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int st;

	va_start(ap, fmt);
	cmd = command(dir, fmt, ap);
	va_end(ap);
	st = system(cmd);
	free(cmd);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

char *th_capture(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *out;
	size_t len = 0, cap = 4096, k;
	FILE *p;

	va_start(ap, fmt);
	cmd = command(dir, fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	out = malloc(cap);
	assert_non_null(out);
	while ((k = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += k;
		if (cap - len - 1 == 0) {
			out = realloc(out, cap *= 2);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return out;
}

bool th_scalar_is(const struct kata_scalar *v, const struct th_scalar *w, const char *what)
{
	bool ok = v->type == w->type &&
		  (w->type != KATA_SCALAR_INT || v->i == w->i) &&
		  (w->type != KATA_SCALAR_REAL || v->r == w->r) &&
		  (w->type != KATA_SCALAR_BOOL || v->b == w->b) &&
		  (w->type == KATA_SCALAR_INT || v->i == 0) &&
		  (w->type == KATA_SCALAR_REAL || v->r == 0);

	if (!ok)
		fprintf(stderr,
			"%s: type %d i %lld r %.17g b %d; expected type %d i %lld r %.17g b %d\n", what, (int)v->type, v->i, v->r, v->b, (int)w->type, w->i, w->r, w->b);
	return ok;
}

int th_run_isolated_(const char *name, const struct CMUnitTest *tests, size_t n)
{
	char *home = th_tmpdir();
	int rc;

	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	rc = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	th_rmtree(home);
	free(home);
	return rc;
}
