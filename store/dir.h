/* The state directory as a directory descriptor: every file is opened
 * relative to it without following symbolic links, replaced atomically
 * through a temporary file of a unique name, and read with a size bound.
 *
 * A directory is used only when it is a real directory (not a symbolic
 * link), owned by the user running vrpsh or by root, and not writable by
 * its group or by others: a directory another user can write could hold
 * links planted to make vrpsh overwrite that user's victims. */
#ifndef VRPSH_STORE_DIR_H
#define VRPSH_STORE_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct store_dir {
	int fd;
	char *path;
} store_dir;

#define STORE_DIR_CREATE 0x1u /* create it (and missing parents, mode 0700) */

/* Open and check the directory.  Returns 0, or -1 with a message. */
int store_dir_open(store_dir *d, const char *path, unsigned flags, char *err, size_t errlen);
void store_dir_close(store_dir *d);

/* A subdirectory (created, mode 0700, when `create`), checked the same
 * way.  Returns 0, or -1 with a message. */
int store_dir_sub(const store_dir *d, const char *name, bool create, store_dir *sub, char *err,
		  size_t errlen);

/* openat(2) in the directory, never following a link (O_NOFOLLOW,
 * O_CLOEXEC added).  -1 with errno. */
int store_dir_openat(const store_dir *d, const char *name, int flags, mode_t mode);

/* Is `name` there (as anything, a link included)?  Is it a link? */
bool store_dir_exists(const store_dir *d, const char *name);
bool store_dir_is_link(const store_dir *d, const char *name);

/* The whole file, at most max bytes (more: -1, EFBIG), in a malloc'ed
 * NUL-terminated buffer.  0, 1 when it does not exist, -1 with errno (ELOOP
 * for a symbolic link). */
int store_dir_read(const store_dir *d, const char *name, size_t max, char **buf, size_t *len);

/* The first max bytes of the file at most (the rest is not read), the
 * same way: for files whose later part may be dropped. */
int store_dir_read_head(const store_dir *d, const char *name, size_t max, char **buf,
			size_t *len);

/* The lock file `name` (created, mode 0600, never through a link), locked
 * with flock(2) `how` (LOCK_SH or LOCK_EX), waiting for it.  Its
 * descriptor, whose closing unlocks, or -1 with a message. */
int store_dir_lock(const store_dir *d, const char *name, int how, char *err, size_t errlen);

/* Write all of buf (retrying short writes); 0 or -1 with errno. */
int store_write_all(int fd, const void *buf, size_t len);
int store_pwrite_all(int fd, const void *buf, size_t len, off_t off);
/* Start writing [off, off + len) of fd to the disk without waiting, so
 * that the fsync that ends a large write finds most of it there already.
 * Failures are the fsync's to report. */
void store_write_behind(int fd, off_t off, off_t len);
/* Read exactly len bytes at off; 0, or -1 (errno; EIO at a short file). */
int store_pread_all(int fd, void *buf, size_t len, off_t off);

/* Replace `name` with what fill writes to the descriptor it gets: a
 * temporary file of a unique name in the directory, renamed over `name`.
 * With `durable` the file and the directory are fsynced, so that a crash
 * leaves the old or the new file.  Returns 0, or -1 with a message (the
 * temporary file is gone). */
typedef int (*store_fill_fn)(void *arg, int fd);
int store_dir_replace(const store_dir *d, const char *name, bool durable, store_fill_fn fill,
		      void *arg, char *err, size_t errlen);
int store_dir_replace_buf(const store_dir *d, const char *name, bool durable, const void *buf,
			  size_t len, char *err, size_t errlen);
/* store_dir_replace in two steps, for a file made ahead of the moment it
 * may replace `name`: store_dir_prepare fills (and with `durable`
 * fsyncs) the temporary file and gives its name in tmp; store_dir_install
 * renames it over `name` (and syncs the directory), store_dir_abandon
 * removes it.  Both return 0, or -1 with a message (the temporary file is
 * then gone). */
int store_dir_prepare(const store_dir *d, const char *name, bool durable, store_fill_fn fill,
		      void *arg, char *tmp, size_t tmplen, char *err, size_t errlen);
int store_dir_install(const store_dir *d, const char *tmp, const char *name, bool durable,
		      char *err, size_t errlen);
void store_dir_abandon(const store_dir *d, const char *tmp);

/* A new file of a unique temporary name, for the caller to rename (with
 * store_dir_rename) or remove: its descriptor, name in tmp. */
int store_dir_mktemp(const store_dir *d, const char *name, char *tmp, size_t tmplen);
int store_dir_rename(const store_dir *d, const char *from, const char *to);

/* fsync the directory (its entries). */
int store_dir_sync(const store_dir *d);

/* Remove the temporaries that processes no longer running left behind. */
void store_dir_sweep(const store_dir *d);

/* Move `name` aside to "NAME.damaged-YYYYMMDD-HHMMSS" (with "-N" when
 * that exists), never overwriting anything; the new name in newname.
 * Returns 0, or -1 with errno. */
int store_dir_move_aside(const store_dir *d, const char *name, char *newname, size_t len);

#endif
