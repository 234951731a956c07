/* Durable file operations for the state directory: whole writes, atomic
 * replacement (temporary file, fsync, rename, directory fsync), whole
 * reads. */
#ifndef VRPSH_CONFIG_STATEFILE_H
#define VRPSH_CONFIG_STATEFILE_H

#include <stddef.h>

/* mkdir -p: create path and its missing parents, mode 0700.  0, or -1
 * with errno (ENAMETOOLONG for an empty or overlong path). */
int cfg_mkdirs(const char *path);

/* Write all of buf to fd (retrying short writes).  0, or -1 with errno. */
int cfg_file_write_all(int fd, const void *buf, size_t len);

/* Make the directory's entries (a rename, a new file) durable. */
int cfg_dir_sync(const char *dir);

/* Replace dir/name atomically with what fill writes to the file descriptor
 * it is given: a crash leaves the old or the new file, never a mix.
 * Returns 0, or -1 with a message. */
typedef int (*cfg_fill_fn)(void *arg, int fd);
int cfg_file_replace(const char *dir, const char *name, cfg_fill_fn fill, void *arg, char *err,
		     size_t errlen);

/* Replace dir/name with buf[0..len) the same way. */
int cfg_file_replace_buf(const char *dir, const char *name, const void *buf, size_t len,
			 char *err, size_t errlen);

/* Read the whole file into a malloc'ed, NUL-terminated buffer.  Returns 0,
 * 1 when the file does not exist, -1 with errno on other errors. */
int cfg_file_read(const char *path, char **buf, size_t *len);

/* The same for at most max bytes of the file; with CFG_READ_NOFOLLOW a
 * symbolic link is not followed (-1, errno ELOOP). */
#define CFG_READ_NOFOLLOW 0x1u
int cfg_file_read_max(const char *path, size_t max, unsigned flags, char **buf, size_t *len);

/* Lock file dir/name (created if missing, never through a symbolic link)
 * with flock(2) `how` (LOCK_SH or LOCK_EX), waiting for it.  Returns the
 * descriptor, whose closing unlocks, or -1 with a message. */
int cfg_file_lock(const char *dir, const char *name, int how, char *err, size_t errlen);

#endif
