/* Configuration sessions and the exclusive lock (sessions.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sessions.h"
#include "store_priv.h"

#define SESS_DIR "sessions"
#define EXCL_NAME "exclusive"

bool store_pid_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static int read_sess(const store_dir *d, const char *name, store_session *si)
{
	char *buf;
	size_t len;
	if (store_dir_read(d, name, 4096, &buf, &len) != 0)
		return -1;
	long long start;
	int n1 = 0;
	memset(si, 0, sizeof *si);
	int rc = -1;
	if (sscanf(buf, "%u %ld %lld %n", &si->id, &si->pid, &start, &n1) == 3) {
		si->start = start;
		char *p = buf + n1, *nl = strchr(p, '\n');
		if (nl) {
			snprintf(si->intf, sizeof si->intf, "%.*s", (int)(nl - p), p);
			p = nl + 1;
			snprintf(si->user, sizeof si->user, "%.*s", (int)strcspn(p, "\n"), p);
			rc = 0;
		}
	}
	free(buf);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	unsigned x = ((const store_session *)a)->id, y = ((const store_session *)b)->id;
	return x < y ? -1 : x > y;
}

static size_t list_in(const store_dir *d, store_session **out, bool clean)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		store_session si;
		if (read_sess(d, de->d_name, &si) != 0)
			continue;
		if (!store_pid_alive(si.pid)) {
			if (clean)
				unlinkat(d->fd, de->d_name, 0);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			store_session *v = realloc(*out, cap * sizeof *v);
			if (!v)
				break;
			*out = v;
		}
		(*out)[n++] = si;
	}
	closedir(dir);
	if (n > 1)
		qsort(*out, n, sizeof **out, by_id);
	return n;
}

size_t store_sessions(store *st, store_session **out, bool clean)
{
	store_dir d;
	char err[256];
	*out = NULL;
	if (store_dir_sub(&st->dir, SESS_DIR, false, &d, err, sizeof err) != 0)
		return 0;
	size_t n = list_in(&d, out, clean);
	store_dir_close(&d);
	return n;
}

static int write_entry(const store_dir *d, unsigned id, const char *intf, const char *user,
		       int64_t start, char *err, size_t errlen)
{
	char name[16], buf[256];
	snprintf(name, sizeof name, "%u", id);
	int len = snprintf(buf, sizeof buf, "%u %ld %lld\n%.31s\n%.63s\n", id, (long)getpid(),
			   (long long)start, intf, user);
	/* not fsynced: after a crash the process is gone, and so is the
	 * meaning of its entry */
	return store_dir_replace_buf(d, name, false, buf, (size_t)len, err, errlen);
}

int store_session_register(store *st, const char *intf, const char *user, int64_t start,
			   unsigned *id, char *err, size_t errlen)
{
	store_dir d;
	if (store_dir_sub(&st->dir, SESS_DIR, true, &d, err, errlen) != 0)
		return -1;
	/* one registration at a time: the directory itself is the lock */
	while (flock(d.fd, LOCK_EX) != 0 && errno == EINTR)
		;
	store_session *all;
	size_t n = list_in(&d, &all, true);
	char *cnt;
	size_t clen;
	unsigned next = 1;
	if (store_dir_read(&d, "next", 64, &cnt, &clen) == 0) {
		next = (unsigned)strtoul(cnt, NULL, 10);
		free(cnt);
	}
	for (unsigned tries = 0; tries <= STORE_SESSION_ID_MAX; tries++, next++) {
		if (next == 0 || next > STORE_SESSION_ID_MAX)
			next = 1;
		bool used = false;
		for (size_t i = 0; i < n && !used; i++)
			used = all[i].id == next;
		if (!used)
			break;
	}
	free(all);
	char buf[32];
	int len = snprintf(buf, sizeof buf, "%u\n", next + 1);
	int rc = store_dir_replace_buf(&d, "next", false, buf, (size_t)len, err, errlen);
	if (rc == 0)
		rc = write_entry(&d, next, intf, user, start, err, errlen);
	flock(d.fd, LOCK_UN);
	store_dir_close(&d);
	if (rc == 0)
		*id = next;
	return rc;
}

int store_session_write(store *st, unsigned id, const char *intf, const char *user,
			int64_t start, char *err, size_t errlen)
{
	store_dir d;
	if (store_dir_sub(&st->dir, SESS_DIR, false, &d, err, errlen) != 0)
		return -1;
	int rc = write_entry(&d, id, intf, user, start, err, errlen);
	store_dir_close(&d);
	return rc;
}

void store_session_unregister(store *st, unsigned id)
{
	store_dir d;
	char err[256], name[16];
	store_excl x;
	if (store_exclusive_get(st, &x) == 0 && x.session == id && x.pid == (long)getpid())
		store_exclusive_clear(st);
	if (store_dir_sub(&st->dir, SESS_DIR, false, &d, err, sizeof err) != 0)
		return;
	snprintf(name, sizeof name, "%u", id);
	unlinkat(d.fd, name, 0);
	store_dir_close(&d);
}

int store_exclusive_get(store *st, store_excl *x)
{
	char *buf;
	size_t len;
	long long last;
	if (store_dir_read(&st->dir, EXCL_NAME, 4096, &buf, &len) != 0)
		return -1;
	int ok = sscanf(buf, "%u %ld %lld", &x->session, &x->pid, &last) == 3;
	free(buf);
	x->last = last;
	return ok ? 0 : -1;
}

int store_exclusive_set(store *st, const store_excl *x, char *err, size_t errlen)
{
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%u %ld %lld\n", x->session, x->pid, (long long)x->last);
	return store_dir_replace_buf(&st->dir, EXCL_NAME, true, buf, (size_t)n, err, errlen);
}

void store_exclusive_clear(store *st)
{
	if (unlinkat(st->dir.fd, EXCL_NAME, 0) == 0)
		store_dir_sync(&st->dir);
}
