/* Flags of the state directory (see flags.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dir.h"
#include "flags.h"

static bool name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0 && strlen(name) <= 200;
}

/* The directory, opened for flag `name`.  0, or -1 with a message. */
static int open_for(store_dir *d, const char *dir, const char *name, char *err, size_t errlen)
{
	if (!dir) {
		snprintf(err, errlen, "no state directory");
		return -1;
	}
	if (!name_ok(name)) {
		snprintf(err, errlen, "%s: invalid flag name", dir);
		return -1;
	}
	return store_dir_open(d, dir, 0, err, errlen);
}

int store_flag_set(const char *dir, const char *name, const char *why, char *err,
		   size_t errlen)
{
	char line[STORE_FLAG_WHY_MAX + 1];
	store_dir d;
	size_t n = strnlen(why ? why : "", STORE_FLAG_WHY_MAX - 1);

	if (open_for(&d, dir, name, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		line[i] = why[i] == '\n' || why[i] == '\r' ? ' ' : why[i];
	line[n++] = '\n';
	int rc = store_dir_replace_buf(&d, name, true, line, n, err, errlen);
	store_dir_close(&d);
	return rc;
}

bool store_flag_get(const char *dir, const char *name)
{
	store_dir d;
	char err[256];

	if (open_for(&d, dir, name, err, sizeof err) != 0)
		return false;
	bool set = store_dir_exists(&d, name);
	store_dir_close(&d);
	return set;
}

int store_flag_clear(const char *dir, const char *name, char *err, size_t errlen)
{
	store_dir d;

	if (open_for(&d, dir, name, err, errlen) != 0)
		return -1;
	int rc = 0;
	if (unlinkat(d.fd, name, 0) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s/%s: %s", d.path, name, strerror(errno));
			rc = -1;
		}
	} else {
		store_dir_sync(&d); /* best effort: a flag that comes back costs a full sync */
	}
	store_dir_close(&d);
	return rc;
}
