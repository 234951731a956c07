/* Runs every registered Check suite.  Optional argument: run only the suite
 * with that name.  Exit status is non-zero when any test fails. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define MAX_SUITES 64

static unit_suite_fn suites[MAX_SUITES];
static const char *names[MAX_SUITES];
static int nsuites;

void unit_register(const char *name, unit_suite_fn fn)
{
	if (nsuites == MAX_SUITES) {
		fprintf(stderr, "unit: too many suites\n");
		abort();
	}
	names[nsuites] = name;
	suites[nsuites++] = fn;
}

/* An empty block every display shows: a port or the console. */
static bool factory_block(const char *line, size_t len, const char *next)
{
	bool named = (len > 10 && strncmp(line, "interface ", 10) == 0 &&
		      memchr(line + 10, ' ', len - 10) == NULL) ||
		     (len == 20 && strncmp(line, "user-interface con 0", 20) == 0);
	return named && strncmp(next, "#\n", 2) == 0;
}

const char *unit_config_body(const char *out)
{
	static char *ring[4];
	static unsigned next;

	while (out && out[0] == '!') {
		const char *nl = strchr(out, '\n');
		out = nl ? nl + 1 : out + strlen(out);
	}
	if (!out)
		return out;
	char *b = realloc(ring[next % 4], strlen(out) + 1);
	ck_assert_ptr_nonnull(b);
	ring[next++ % 4] = b;
	size_t n = 0;
	bool after_hash = false;
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *rest = nl ? nl + 1 : p + len;
		if (after_hash && factory_block(p, len, rest)) {
			p = rest + 2; /* the block and its closing "#" line */
			continue;
		}
		memcpy(b + n, p, (size_t)(rest - p));
		n += (size_t)(rest - p);
		after_hash = len == 1 && p[0] == '#';
		p = rest;
	}
	b[n] = '\0';
	return b;
}

char *unit_tmpdir(const char *what)
{
	char *d = malloc(strlen(what) + 32);
	ck_assert_ptr_nonnull(d);
	sprintf(d, "/tmp/vrpsh-%s-XXXXXX", what);
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

void unit_rmdir(char *dir)
{
	char cmd[512];
	ck_assert_uint_lt((size_t)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir), sizeof cmd);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

char *unit_read_file(const char *dir, const char *name, size_t *len)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);
	ck_assert_ptr_nonnull(b);
	for (size_t k; (k = fread(b + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
			ck_assert_ptr_nonnull(b);
		}
	}
	fclose(f);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

/* Check stops a test case that runs longer than its timeout (4 s unless
 * set) and counts it as failed.  Here that bound is only a watchdog against
 * a hung case: the suites also run under ASan beside other CPU-heavy work,
 * where a case that takes 0.1 s alone can take many seconds, and a test must
 * never fail for being slow.  One generous bound for every case, read by
 * tcase_create; CK_DEFAULT_TIMEOUT in the environment still wins. */
#define UNIT_WATCHDOG_SECONDS "900"

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	SRunner *sr = NULL;

	if (setenv("CK_DEFAULT_TIMEOUT", UNIT_WATCHDOG_SECONDS, 0) != 0) {
		perror("unit: setenv");
		return 2;
	}

	for (int i = 0; i < nsuites; i++) {
		if (only && strcmp(only, names[i]) != 0)
			continue;
		Suite *s = suites[i]();
		if (!sr)
			sr = srunner_create(s);
		else
			srunner_add_suite(sr, s);
	}
	if (!sr) {
		fprintf(stderr, "unit: no suite%s%s\n", only ? " named " : "", only ? only : "");
		return 2;
	}
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	int run = srunner_ntests_run(sr);
	srunner_free(sr);
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
