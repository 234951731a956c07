/* The shared log buffer file (see logbuf.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logbuf.h"

#define HEADER "!vrpsh logbuffer overwritten="
#define MSG_MAX 2048

/* The file's lines: *count of them, and the header's overwritten count. */
typedef struct lines {
	char *text;     /* the whole file */
	char **line;    /* into text, NUL-terminated */
	size_t n;
	unsigned long overwritten;
} lines;

static void lines_free(lines *l)
{
	free(l->text);
	free(l->line);
	memset(l, 0, sizeof *l);
}

static int read_lines(int fd, lines *l)
{
	struct stat st;

	memset(l, 0, sizeof *l);
	if (fstat(fd, &st) != 0)
		return -1;
	size_t size = (size_t)st.st_size;
	l->text = malloc(size + 1);
	if (!l->text)
		return -1;
	size_t got = 0;
	while (got < size) {
		ssize_t k = pread(fd, l->text + got, size - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	l->text[got] = '\0';
	size_t cap = 0;
	for (char *p = l->text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) /* a torn last line (a crash during an append) */
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
				return -1;
			}
			l->line = nv;
		}
		l->line[l->n++] = p;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Rewrite path with the newest VSH_LOGBUF_MAX messages.  fd is locked. */
static int trim(const char *path, int fd)
{
	lines l;
	char tmp[4096];

	if (read_lines(fd, &l) != 0)
		return -1;
	if (l.n <= 2 * VSH_LOGBUF_MAX) {
		lines_free(&l);
		return 0;
	}
	size_t drop = l.n - VSH_LOGBUF_MAX;
	int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int tfd = n > 0 && (size_t)n < sizeof tmp
			  ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
			  : -1;
	int rc = tfd < 0 ? -1 : 0;
	if (rc == 0) {
		char head[64];
		int hl = snprintf(head, sizeof head, HEADER "%lu\n", l.overwritten + drop);
		rc = write_all(tfd, head, (size_t)hl);
		for (size_t i = drop; rc == 0 && i < l.n; i++)
			if (write_all(tfd, l.line[i], strlen(l.line[i])) != 0 ||
			    write_all(tfd, "\n", 1) != 0)
				rc = -1;
		if (close(tfd) != 0)
			rc = -1;
		/* The lock of the old file stays with its holders; the
		 * rename is atomic for readers. */
		if (rc == 0 && rename(tmp, path) != 0)
			rc = -1;
		if (rc != 0)
			unlink(tmp);
	}
	lines_free(&l);
	return rc;
}

/* Open path for appending and lock it; follows a rename done by another
 * process's trim between the open and the lock. */
static int open_locked(const char *path)
{
	for (int tries = 0; tries < 8; tries++) {
		int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		struct stat a, b;
		if (flock(fd, LOCK_EX) != 0) {
			close(fd);
			return -1;
		}
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			return fd;
		close(fd); /* trimmed meanwhile: the new file */
	}
	errno = EAGAIN;
	return -1;
}

int vsh_logbuf_append(const char *path, const char *msg)
{
	char line[MSG_MAX + 1];
	size_t n = strnlen(msg, MSG_MAX - 1);

	/* One line per message, whatever it holds. */
	for (size_t i = 0; i < n; i++)
		line[i] = msg[i] == '\n' || msg[i] == '\r' ? ' ' : msg[i];
	line[n++] = '\n';
	int fd = open_locked(path);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = write_all(fd, line, n);
	/* Roughly twice the kept messages' size: time to count them. */
	if (rc == 0 && fstat(fd, &st) == 0 && st.st_size > 2 * VSH_LOGBUF_MAX * 256)
		rc = trim(path, fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int vsh_logbuf_read(const char *path, vsh_logbuf *out)
{
	lines l;

	memset(out, 0, sizeof *out);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	flock(fd, LOCK_SH);
	int rc = read_lines(fd, &l);
	close(fd);
	if (rc != 0)
		return -1;
	size_t keep = l.n > VSH_LOGBUF_MAX ? VSH_LOGBUF_MAX : l.n;
	out->overwritten = l.overwritten + (l.n - keep);
	out->msg = calloc(keep ? keep : 1, sizeof *out->msg);
	if (!out->msg) {
		lines_free(&l);
		return -1;
	}
	for (size_t i = 0; i < keep; i++) {
		out->msg[i] = strdup(l.line[l.n - 1 - i]);
		if (!out->msg[i]) {
			out->n = i;
			vsh_logbuf_free(out);
			lines_free(&l);
			errno = ENOMEM;
			return -1;
		}
	}
	out->n = keep;
	lines_free(&l);
	return 0;
}

void vsh_logbuf_free(vsh_logbuf *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->msg[i]);
	free(b->msg);
	memset(b, 0, sizeof *b);
}
