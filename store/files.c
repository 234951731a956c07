/* The configuration files of the state directory (`save FILE`, `dir`,
 * `display configuration FILE`) and the choice of the next-startup file
 * (`startup saved-configuration`, `display saved-configuration`).
 *
 * The choice is the file "startup": "next NAME\n" and "last NAME\n" (the
 * file the last `save` wrote), either line may be missing.  A directory
 * without it (the releases before it) starts from vrpcfg.cfg when that
 * file exists. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store.h"
#include "store_priv.h"

#define STORE_STARTUP "startup"

typedef struct startup_choice {
	char next[STORE_FILE_NAME_MAX + 1], last[STORE_FILE_NAME_MAX + 1];
} startup_choice;

static bool is_regular(const store *st, const char *name)
{
	struct stat sb;
	return fstatat(st->dir.fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
}

/* A name of the choice file's line `key NAME`, if it is a usable one. */
static void take_line(const char *line, size_t len, const char *key, char *out)
{
	size_t kl = strlen(key);
	if (len <= kl + 1 || memcmp(line, key, kl) != 0 || line[kl] != ' ')
		return;
	len -= kl + 1;
	line += kl + 1;
	if (len > STORE_FILE_NAME_MAX || memchr(line, '/', len) || line[0] == '.')
		return;
	memcpy(out, line, len);
	out[len] = '\0';
}

static void choice_read(store *st, startup_choice *c)
{
	char *buf;
	size_t len;
	c->next[0] = c->last[0] = '\0';
	int rc = store_dir_read(&st->dir, STORE_STARTUP, 4096, &buf, &len);
	if (rc == 1) {
		if (is_regular(st, STORE_DEFAULT_STARTUP))
			snprintf(c->next, sizeof c->next, "%s", STORE_DEFAULT_STARTUP);
		return;
	}
	if (rc != 0)
		return;
	for (char *p = buf, *nl; p < buf + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (!nl)
			nl = buf + len;
		take_line(p, (size_t)(nl - p), "next", c->next);
		take_line(p, (size_t)(nl - p), "last", c->last);
	}
	free(buf);
}

static int choice_write(store *st, const startup_choice *c, char *err, size_t errlen)
{
	char buf[2 * STORE_FILE_NAME_MAX + 16];
	int n = snprintf(buf, sizeof buf, "%s%s%s%s%s%s", c->next[0] ? "next " : "", c->next,
			 c->next[0] ? "\n" : "", c->last[0] ? "last " : "", c->last,
			 c->last[0] ? "\n" : "");
	return store_dir_replace_buf(&st->dir, STORE_STARTUP, true, buf, (size_t)n, err, errlen);
}

int store_startup_get(store *st, char *next, char *last)
{
	char err[256];
	bool was = st->locked != 0;
	if (!was && store_lock(st, false, err, sizeof err) != 0)
		return -1;
	startup_choice c;
	choice_read(st, &c);
	/* a chosen file that was removed since is no choice */
	if (c.next[0] && !is_regular(st, c.next))
		c.next[0] = '\0';
	if (c.last[0] && !is_regular(st, c.last))
		c.last[0] = '\0';
	if (!was)
		store_unlock(st);
	if (next)
		memcpy(next, c.next, sizeof c.next);
	if (last)
		memcpy(last, c.last, sizeof c.last);
	return 0;
}

int store_startup_set(store *st, const char *name, char *err, size_t errlen)
{
	bool was = st->locked == LOCK_EX;
	if (!was && store_lock(st, true, err, errlen) != 0)
		return -1;
	int rc = -1;
	startup_choice c;
	if (strlen(name) > STORE_FILE_NAME_MAX) {
		snprintf(err, errlen, "the file name is too long");
	} else if (!is_regular(st, name)) {
		snprintf(err, errlen, "the file %s does not exist", name);
	} else {
		choice_read(st, &c);
		snprintf(c.next, sizeof c.next, "%s", name);
		rc = choice_write(st, &c, err, errlen);
	}
	if (!was)
		store_unlock(st);
	return rc;
}

int store_save_file(store *st, const char *name, cfg_db *db, const cfg_extra *x, size_t nx,
		    char *err, size_t errlen)
{
	bool was = st->locked == LOCK_EX;
	if (!was && store_lock(st, true, err, errlen) != 0)
		return -1;
	int rc = store_save(st, name, db, x, nx, err, errlen);
	if (rc == 0) {
		startup_choice c;
		choice_read(st, &c);
		snprintf(c.last, sizeof c.last, "%s", name);
		/* the first save chooses the file for the next start */
		if (!c.next[0] || !is_regular(st, c.next))
			snprintf(c.next, sizeof c.next, "%s", name);
		rc = choice_write(st, &c, err, errlen);
	}
	if (!was)
		store_unlock(st);
	return rc;
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const store_file *)a)->name, ((const store_file *)b)->name);
}

int store_files(store *st, bool (*want)(const char *name), store_file **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int fd = openat(st->dir.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	size_t cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		struct stat sb;
		/* a name too long for the store is not one of its files */
		size_t len = strlen(de->d_name);
		if (len > STORE_FILE_NAME_MAX || !want(de->d_name) ||
		    fstatat(st->dir.fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			store_file *nv = realloc(*out, cap * sizeof *nv);
			if (!nv) {
				rc = -1;
				break;
			}
			*out = nv;
		}
		store_file *f = &(*out)[(*n)++];
		memcpy(f->name, de->d_name, len + 1);
		f->size = (uint64_t)sb.st_size;
		f->mtime = (int64_t)sb.st_mtime;
	}
	closedir(d);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		errno = ENOMEM;
		return -1;
	}
	if (*n)
		qsort(*out, *n, sizeof **out, file_cmp);
	return 0;
}

int store_fs_space(store *st, uint64_t *total, uint64_t *avail)
{
	struct statvfs vf;
	if (fstatvfs(st->dir.fd, &vf) != 0)
		return -1;
	*total = (uint64_t)vf.f_blocks * vf.f_frsize;
	*avail = (uint64_t)vf.f_bavail * vf.f_frsize;
	return 0;
}
