/* The shared log buffer file (see logbuf.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir.h"
#include "logbuf.h"

#define HEADER "!vrpsh logbuffer overwritten="

/* The file's lines and the header's overwritten count. */
typedef struct lines {
	char *text;     /* what was read of the file */
	char **line;    /* into text, NUL-terminated */
	size_t n;
	unsigned long overwritten;
	bool cut;       /* the file was longer than what was read */
} lines;

static void lines_free(lines *l)
{
	free(l->text);
	free(l->line);
	memset(l, 0, sizeof *l);
}

/* The last STORE_LOGBUF_FILE_MAX bytes of the file at most, cut into
 * lines (a line cut at the front, or torn at the end by a crash during
 * an append, does not count).  0, or -1 with errno. */
static int read_lines(int fd, lines *l)
{
	struct stat st;

	memset(l, 0, sizeof *l);
	if (fstat(fd, &st) != 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	size_t size = (size_t)st.st_size, from = 0;
	if (size > STORE_LOGBUF_FILE_MAX) {
		from = size - STORE_LOGBUF_FILE_MAX;
		size = STORE_LOGBUF_FILE_MAX;
		l->cut = true;
	}
	l->text = malloc(size + 1);
	if (!l->text)
		return -1;
	size_t got = 0;
	while (got < size) {
		ssize_t k = pread(fd, l->text + got, size - got, (off_t)(from + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	l->text[got] = '\0';
	char *p = l->text;
	if (l->cut) {
		char *nl = memchr(p, '\n', got);
		p = nl ? nl + 1 : l->text + got;
	}
	size_t cap = 0;
	for (char *nl; p < l->text + got; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(l->text + got - p));
		if (!nl)
			break;
		*nl = '\0';
		if (strncmp(p, HEADER, strlen(HEADER)) == 0) {
			l->overwritten = strtoul(p + strlen(HEADER), NULL, 10);
			continue;
		}
		if (!*p)
			continue;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nv = realloc(l->line, cap * sizeof *nv);
			if (!nv) {
				lines_free(l);
				errno = ENOMEM;
				return -1;
			}
			l->line = nv;
		}
		l->line[l->n++] = p;
	}
	return 0;
}

/* Rewrite the file with the newest STORE_LOGBUF_MAX messages when it
 * holds more than twice that, or more than is ever read.  fd is the
 * file, locked. */
static int trim(const store_dir *d, int fd)
{
	lines l;
	char tmp[NAME_MAX + 1];

	if (read_lines(fd, &l) != 0)
		return -1;
	if (l.n <= 2 * STORE_LOGBUF_MAX && !l.cut) {
		lines_free(&l);
		return 0;
	}
	size_t drop = l.n > STORE_LOGBUF_MAX ? l.n - STORE_LOGBUF_MAX : 0;
	int tfd = store_dir_mktemp(d, STORE_LOGBUF_NAME, tmp, sizeof tmp);
	int rc = tfd < 0 ? -1 : 0;
	if (rc == 0) {
		char head[64];
		int hl = snprintf(head, sizeof head, HEADER "%lu\n", l.overwritten + drop);
		rc = store_write_all(tfd, head, (size_t)hl);
		for (size_t i = drop; rc == 0 && i < l.n; i++)
			if (store_write_all(tfd, l.line[i], strlen(l.line[i])) != 0 ||
			    store_write_all(tfd, "\n", 1) != 0)
				rc = -1;
		if (close(tfd) != 0)
			rc = -1;
		/* The lock of the old file stays with its holders; the
		 * rename is atomic for readers. */
		if (rc == 0 && store_dir_rename(d, tmp, STORE_LOGBUF_NAME) != 0)
			rc = -1;
		if (rc != 0)
			unlinkat(d->fd, tmp, 0);
	}
	lines_free(&l);
	return rc;
}

/* Open the file for appending and lock it; follows a rename done by
 * another process's trim between the open and the lock. */
static int open_locked(const store_dir *d)
{
	for (int tries = 0; tries < 8; tries++) {
		int fd = store_dir_openat(d, STORE_LOGBUF_NAME, O_RDWR | O_APPEND | O_CREAT, 0600);
		if (fd < 0)
			return -1;
		struct stat a, b;
		if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		if (flock(fd, LOCK_EX) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (fstatat(d->fd, STORE_LOGBUF_NAME, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			return fd;
		close(fd); /* trimmed meanwhile: the new file */
	}
	errno = EAGAIN;
	return -1;
}

static int open_dir(store_dir *d, const char *dir)
{
	char err[256];

	if (!dir) {
		errno = EINVAL;
		return -1;
	}
	if (store_dir_open(d, dir, 0, err, sizeof err) != 0) {
		if (!errno)
			errno = EACCES;
		return -1;
	}
	return 0;
}

int store_logbuf_append(const char *dir, const char *msg)
{
	char line[STORE_LOGBUF_MSG_MAX + 2];
	size_t n = strnlen(msg, STORE_LOGBUF_MSG_MAX);
	store_dir d;

	/* One line per message, whatever it holds. */
	for (size_t i = 0; i < n; i++)
		line[i] = msg[i] == '\n' || msg[i] == '\r' ? ' ' : msg[i];
	line[n++] = '\n';
	if (open_dir(&d, dir) != 0)
		return -1;
	int fd = open_locked(&d);
	if (fd < 0) {
		int e = errno;
		store_dir_close(&d);
		errno = e;
		return -1;
	}
	struct stat st;
	int rc = store_write_all(fd, line, n);
	/* Roughly twice the kept messages' size: time to count them. */
	if (rc == 0 && fstat(fd, &st) == 0 && st.st_size > 2 * STORE_LOGBUF_MAX * 256)
		rc = trim(&d, fd);
	int e = errno;
	close(fd);
	store_dir_close(&d);
	errno = e;
	return rc;
}

int store_logbuf_read(const char *dir, store_logbuf *out)
{
	lines l;
	store_dir d;

	memset(out, 0, sizeof *out);
	if (open_dir(&d, dir) != 0)
		return -1;
	int fd = store_dir_openat(&d, STORE_LOGBUF_NAME, O_RDONLY, 0);
	int e = errno;
	store_dir_close(&d);
	if (fd < 0) {
		errno = e;
		return e == ENOENT ? 0 : -1;
	}
	flock(fd, LOCK_SH);
	int rc = read_lines(fd, &l);
	e = errno;
	close(fd);
	if (rc != 0) {
		errno = e;
		return -1;
	}
	size_t keep = l.n > STORE_LOGBUF_MAX ? STORE_LOGBUF_MAX : l.n;
	out->overwritten = l.overwritten + (l.n - keep);
	out->msg = calloc(keep ? keep : 1, sizeof *out->msg);
	if (!out->msg) {
		lines_free(&l);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < keep; i++) {
		out->msg[i] = strdup(l.line[l.n - 1 - i]);
		if (!out->msg[i]) {
			out->n = i;
			store_logbuf_free(out);
			lines_free(&l);
			errno = ENOMEM;
			return -1;
		}
	}
	out->n = keep;
	lines_free(&l);
	return 0;
}

void store_logbuf_free(store_logbuf *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->msg[i]);
	free(b->msg);
	memset(b, 0, sizeof *b);
}
