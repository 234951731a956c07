/* Scratch directories for the suites (see tmpdir.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpdir.h"

char *unit_tmpdir(const char *tag)
{
	char path[128];
	snprintf(path, sizeof path, "/tmp/vrpsh-%s-XXXXXX", tag);
	char *d = mkdtemp(path) ? strdup(path) : NULL;
	ck_assert_ptr_nonnull(d);
	return d;
}

void unit_rmdir(char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}
