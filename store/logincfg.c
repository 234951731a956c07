/* The login configuration file (see logincfg.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dir.h"
#include "logincfg.h"

static int open_dir(store_dir *d, const char *dir, char *err, size_t errlen)
{
	if (!dir) {
		snprintf(err, errlen, "no state directory");
		return -1;
	}
	return store_dir_open(d, dir, 0, err, errlen);
}

int store_logincfg_read(const char *dir, char **text, size_t *len, char *err, size_t errlen)
{
	store_dir d;

	*text = NULL;
	*len = 0;
	if (open_dir(&d, dir, err, errlen) != 0)
		return -1;
	int rc = store_dir_read(&d, STORE_LOGINCFG_NAME, STORE_LOGINCFG_MAX, text, len);
	if (rc != 0)
		snprintf(err, errlen, "%s/%s: %s", d.path, STORE_LOGINCFG_NAME,
			 rc > 0 ? "no such file"
			 : errno == ELOOP ? "is a symbolic link"
					  : strerror(errno));
	store_dir_close(&d);
	return rc;
}

int store_logincfg_write(const char *dir, const char *text, size_t len, char *err,
			 size_t errlen)
{
	store_dir d;
	char *old = NULL;
	size_t oldlen = 0;

	if (open_dir(&d, dir, err, errlen) != 0)
		return -1;
	int rc = 0;
	if (store_dir_read(&d, STORE_LOGINCFG_NAME, STORE_LOGINCFG_MAX, &old, &oldlen) != 0 ||
	    oldlen != len || memcmp(old, text, len) != 0)
		rc = store_dir_replace_buf(&d, STORE_LOGINCFG_NAME, true, text, len, err, errlen);
	free(old);
	store_dir_close(&d);
	return rc;
}

bool store_logincfg_version(const char *dir, store_logincfg_ver *v)
{
	store_dir d;
	char err[256];
	struct stat sb;

	memset(v, 0, sizeof *v);
	if (open_dir(&d, dir, err, sizeof err) != 0)
		return false;
	bool ok = fstatat(d.fd, STORE_LOGINCFG_NAME, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		  S_ISREG(sb.st_mode);
	store_dir_close(&d);
	if (!ok)
		return false;
	v->dev = sb.st_dev;
	v->ino = sb.st_ino;
	v->size = sb.st_size;
	v->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	return true;
}

bool store_logincfg_same(const store_logincfg_ver *a, const store_logincfg_ver *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns;
}
