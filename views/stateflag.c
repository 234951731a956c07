/* Flags of the state directory (see stateflag.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "stateflag.h"

static int path_of(const char *dir, const char *name, char *buf, size_t len)
{
	return dir && name && snprintf(buf, len, "%s/%s", dir, name) < (int)len ? 0 : -1;
}

int vsh_state_flag_set(const char *dir, const char *name, const char *why, char *err,
		       size_t errlen)
{
	char line[512];
	int n = snprintf(line, sizeof line, "%s\n", why ? why : "");

	if (n < 0 || (size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	line[n - 1] = '\n';
	return cfg_file_replace_buf(dir, name, line, (size_t)n, err, errlen);
}

bool vsh_state_flag_get(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	return path_of(dir, name, path, sizeof path) == 0 && lstat(path, &st) == 0;
}

int vsh_state_flag_clear(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (path_of(dir, name, path, sizeof path) != 0) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	if (unlink(path) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	cfg_dir_sync(dir); /* best effort: a flag that comes back costs a full sync */
	return 0;
}
