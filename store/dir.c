/* The state directory (dir.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dir.h"

static int fail(char *err, size_t errlen, const char *path, const char *what)
{
	snprintf(err, errlen, "%s: %s", path, what);
	return -1;
}

/* mkdir -p for the missing components of path, mode 0700. */
static int mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (len == 0 || len >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* The checks of dir.h on what lstat/fstat said. */
static int check_stat(const struct stat *sb, const char *path, char *err, size_t errlen)
{
	if (S_ISLNK(sb->st_mode))
		return fail(err, errlen, path, "is a symbolic link; a state directory must be a real "
					       "directory");
	if (!S_ISDIR(sb->st_mode))
		return fail(err, errlen, path, "not a directory");
	if (sb->st_uid != geteuid() && sb->st_uid != 0) {
		snprintf(err, errlen,
			 "%s: owned by user %lu, not by this user (%lu) or root; refusing to use it",
			 path, (unsigned long)sb->st_uid, (unsigned long)geteuid());
		return -1;
	}
	if (sb->st_mode & (S_IWGRP | S_IWOTH))
		return fail(err, errlen, path, "writable by its group or by others; refusing to use "
					       "it (chmod go-w)");
	return 0;
}

static int open_checked(int at, const char *name, const char *shown, store_dir *d, char *err,
			size_t errlen)
{
	struct stat lsb, sb;
	if (fstatat(at, name, &lsb, AT_SYMLINK_NOFOLLOW) != 0)
		return fail(err, errlen, shown, strerror(errno));
	if (check_stat(&lsb, shown, err, errlen) != 0)
		return -1;
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, shown, errno == ELOOP ? "is a symbolic link" : strerror(errno));
	/* what was opened is what was checked */
	if (fstat(fd, &sb) != 0 || sb.st_dev != lsb.st_dev || sb.st_ino != lsb.st_ino ||
	    check_stat(&sb, shown, err, errlen) != 0) {
		if (!err[0])
			fail(err, errlen, shown, "changed while it was opened");
		close(fd);
		return -1;
	}
	d->fd = fd;
	d->path = strdup(shown);
	if (!d->path) {
		close(fd);
		d->fd = -1;
		return fail(err, errlen, shown, "out of memory");
	}
	return 0;
}

int store_dir_open(store_dir *d, const char *path, unsigned flags, char *err, size_t errlen)
{
	d->fd = -1;
	d->path = NULL;
	err[0] = '\0';
	if (!path || !*path)
		return fail(err, errlen, "(state directory)", "empty path");
	/* a trailing slash would make the kernel follow a final link */
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof buf)
		return fail(err, errlen, path, strerror(ENAMETOOLONG));
	memcpy(buf, path, len + 1);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	struct stat sb;
	if ((flags & STORE_DIR_CREATE) && lstat(buf, &sb) != 0 && errno == ENOENT &&
	    mkdirs(buf) != 0)
		return fail(err, errlen, buf, strerror(errno));
	return open_checked(AT_FDCWD, buf, buf, d, err, errlen);
}

int store_dir_sub(const store_dir *d, const char *name, bool create, store_dir *sub, char *err,
		  size_t errlen)
{
	char shown[PATH_MAX];
	sub->fd = -1;
	sub->path = NULL;
	err[0] = '\0';
	snprintf(shown, sizeof shown, "%s/%s", d->path, name);
	if (create && mkdirat(d->fd, name, 0700) != 0 && errno != EEXIST)
		return fail(err, errlen, shown, strerror(errno));
	return open_checked(d->fd, name, shown, sub, err, errlen);
}

void store_dir_close(store_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	d->fd = -1;
	d->path = NULL;
}

int store_dir_openat(const store_dir *d, const char *name, int flags, mode_t mode)
{
	return openat(d->fd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
}

bool store_dir_exists(const store_dir *d, const char *name)
{
	struct stat sb;
	return fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

bool store_dir_is_link(const store_dir *d, const char *name)
{
	struct stat sb;
	return fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode);
}

enum io_how { IO_WRITE, IO_PWRITE, IO_PREAD };

/* The whole of len bytes, through EINTR and short transfers. */
static int io_all(int fd, char *p, size_t len, off_t off, enum io_how how)
{
	while (len) {
		ssize_t n = how == IO_WRITE    ? write(fd, p, len)
			    : how == IO_PWRITE ? pwrite(fd, p, len, off)
					       : pread(fd, p, len, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

int store_write_all(int fd, const void *buf, size_t len)
{
	return io_all(fd, (char *)buf, len, 0, IO_WRITE);
}

int store_pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	return io_all(fd, (char *)buf, len, off, IO_PWRITE);
}

void store_write_behind(int fd, off_t off, off_t len)
{
	(void)sync_file_range(fd, off, len, SYNC_FILE_RANGE_WRITE);
}

int store_pread_all(int fd, void *buf, size_t len, off_t off)
{
	return io_all(fd, buf, len, off, IO_PREAD);
}

/* Opens name for reading when it is a regular file: the descriptor, or -1
 * with errno (ENOENT when it does not exist, EINVAL when it is not a
 * regular file); its size in *size. */
static int open_regular(const store_dir *d, const char *name, uint64_t *size)
{
	int fd = store_dir_openat(d, name, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	*size = (uint64_t)sb.st_size;
	return fd;
}

/* Reads from fd into b until *n reaches cap or the end of the file: 0, or
 * -1 with errno. */
static int read_upto(int fd, char *b, size_t cap, size_t *n)
{
	while (*n < cap) {
		ssize_t r = read(fd, b + *n, cap - *n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		*n += (size_t)r;
	}
	return 0;
}

/* Ends a read: on success hands b over NUL-terminated, else frees it;
 * keeps errno across close(). */
static int read_done(int fd, int rc, char *b, size_t n, char **buf, size_t *len)
{
	int e = errno;
	close(fd);
	if (rc != 0) {
		free(b);
		errno = e;
		return -1;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int store_dir_read(const store_dir *d, const char *name, size_t max, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	uint64_t size;
	int fd = open_regular(d, name, &size);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	if (size > max) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	size_t cap = (size_t)size + 1, n = 0;
	char *b = malloc(cap + 1);
	if (!b) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	/* the file may grow meanwhile: read up to max */
	int rc;
	while ((rc = read_upto(fd, b, cap, &n)) == 0 && n == cap) {
		char *nb = cap > max ? NULL : realloc(b, cap * 2 + 1);
		if (!nb) {
			errno = cap > max ? EFBIG : ENOMEM;
			rc = -1;
			break;
		}
		b = nb;
		cap *= 2;
	}
	if (rc == 0 && n > max) {
		errno = EFBIG;
		rc = -1;
	}
	return read_done(fd, rc, b, n, buf, len);
}

int store_dir_read_head(const store_dir *d, const char *name, size_t max, char **buf,
			size_t *len)
{
	*buf = NULL;
	*len = 0;
	uint64_t size;
	int fd = open_regular(d, name, &size);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	size_t cap = size < max ? (size_t)size : max, n = 0;
	char *b = malloc(cap + 1);
	if (!b) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	/* a file that grows meanwhile is read up to what it held */
	int rc = read_upto(fd, b, cap, &n);
	return read_done(fd, rc, b, n, buf, len);
}

int store_dir_lock(const store_dir *d, const char *name, int how, char *err, size_t errlen)
{
	int fd = store_dir_openat(d, name, O_RDWR | O_CREAT, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
		return -1;
	}
	while (flock(fd, how) != 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

int store_dir_sync(const store_dir *d)
{
	return fsync(d->fd);
}

/* ".NAME.tmp.PID.XXXXXX": the pid tells a later sweep whether its writer
 * is still running. */
int store_dir_mktemp(const store_dir *d, const char *name, char *tmp, size_t tmplen)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long ctr;
	struct timespec ts;
	for (int tries = 0; tries < 100; tries++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		uint64_t r = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)getpid() << 20 ^
			     (uint64_t)++ctr * 0x9e3779b97f4a7c15ull;
		char suf[7];
		for (int i = 0; i < 6; i++) {
			suf[i] = chars[r % (sizeof chars - 1)];
			r /= sizeof chars - 1;
		}
		suf[6] = '\0';
		if (snprintf(tmp, tmplen, ".%s.tmp.%ld.%s", name, (long)getpid(), suf) >= (int)tmplen) {
			errno = ENAMETOOLONG;
			return -1;
		}
		int fd = store_dir_openat(d, tmp, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int store_dir_rename(const store_dir *d, const char *from, const char *to)
{
	return renameat(d->fd, from, d->fd, to);
}

int store_dir_prepare(const store_dir *d, const char *name, bool durable, store_fill_fn fill,
		      void *arg, char *tmp, size_t tmplen, char *err, size_t errlen)
{
	int fd = store_dir_mktemp(d, name, tmp, tmplen);
	if (fd < 0) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
		return -1;
	}
	errno = 0;
	if (fill(arg, fd) != 0 || (durable && fsync(fd) != 0)) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno ? errno : EIO));
		close(fd);
		unlinkat(d->fd, tmp, 0);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
		unlinkat(d->fd, tmp, 0);
		return -1;
	}
	return 0;
}

int store_dir_install(const store_dir *d, const char *tmp, const char *name, bool durable,
		      char *err, size_t errlen)
{
	if (store_dir_rename(d, tmp, name) != 0) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
		unlinkat(d->fd, tmp, 0);
		return -1;
	}
	if (durable && store_dir_sync(d) != 0) {
		snprintf(err, errlen, "%s: %s", d->path, strerror(errno));
		return -1;
	}
	return 0;
}

void store_dir_abandon(const store_dir *d, const char *tmp)
{
	unlinkat(d->fd, tmp, 0);
}

int store_dir_replace(const store_dir *d, const char *name, bool durable, store_fill_fn fill,
		      void *arg, char *err, size_t errlen)
{
	char tmp[NAME_MAX + 1];
	if (store_dir_prepare(d, name, durable, fill, arg, tmp, sizeof tmp, err, errlen) != 0)
		return -1;
	return store_dir_install(d, tmp, name, durable, err, errlen);
}

typedef struct bufarg {
	const void *buf;
	size_t len;
} bufarg;

static int fill_buf(void *arg, int fd)
{
	bufarg *b = arg;
	return store_write_all(fd, b->buf, b->len);
}

int store_dir_replace_buf(const store_dir *d, const char *name, bool durable, const void *buf,
			  size_t len, char *err, size_t errlen)
{
	bufarg b = { buf, len };
	return store_dir_replace(d, name, durable, fill_buf, &b, err, errlen);
}

void store_dir_sweep(const store_dir *d)
{
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		const char *n = de->d_name, *t;
		if (n[0] != '.' || !(t = strstr(n, ".tmp.")))
			continue;
		char *end;
		long pid = strtol(t + 5, &end, 10);
		if (pid <= 0 || *end != '.')
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its writer may still be at work */
		unlinkat(d->fd, n, 0);
	}
	closedir(dir);
}

int store_dir_move_aside(const store_dir *d, const char *name, char *newname, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	if (!gmtime_r(&now, &tm) || strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof stamp, "%ld", (long)now);
	for (int i = 0; i < 1000; i++) {
		if (i == 0)
			snprintf(newname, len, "%s.damaged-%s", name, stamp);
		else
			snprintf(newname, len, "%s.damaged-%s-%d", name, stamp, i);
		/* never over an existing name */
		if (renameat2(d->fd, name, d->fd, newname, RENAME_NOREPLACE) == 0) {
			store_dir_sync(d);
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}
