/* The account lockout records of the state directory (see lockout.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "codec.h"
#include "dir.h"
#include "lockout.h"

#define HEADER "!vrpsh lockout 1\n"
#define FILE_MAX (1u << 20)
typedef struct rec {
	char user[STORE_LOCKOUT_USER_MAX + 1];
	store_lockout_state st;
	size_t line;  /* in the file: of two lines for a user, the later counts */
} rec;

typedef struct recs {
	rec *v;
	size_t n, cap;
} recs;

/* ---- parsing ------------------------------------------------------------- */

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "HEXNAME FIRST COUNT UNTIL" into r; false for anything else. */
static bool parse_line(const char *line, size_t len, rec *r)
{
	const char *f[4];
	size_t fl[4], nf = 0;
	const char *p = line, *end = line + len;

	while (nf < 4) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		f[nf] = p;
		fl[nf++] = (size_t)((sp ? sp : end) - p);
		if (!sp)
			break;
		p = sp + 1;
	}
	if (nf != 4 || f[3] + fl[3] != end)
		return false;
	if (fl[0] == 0 || fl[0] % 2 || fl[0] / 2 > STORE_LOCKOUT_USER_MAX)
		return false;
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < fl[0]; i += 2) {
		int hi = unhex(f[0][i]), lo = unhex(f[0][i + 1]);
		if (hi < 0 || lo < 0 || (hi | lo) == 0)
			return false;
		r->user[i / 2] = (char)(hi << 4 | lo);
	}
	int64_t first, count, until;
	if (!store_decimal(f[1], fl[1], STORE_TIME_MAX, &first) ||
	    !store_decimal(f[2], fl[2], STORE_LOCKOUT_COUNT_MAX, &count) ||
	    !store_decimal(f[3], fl[3], STORE_TIME_MAX, &until))
		return false;
	r->st.first = first;
	r->st.failures = (unsigned)count;
	r->st.until = until;
	return true;
}

static int by_user(const void *a, const void *b)
{
	return strcmp(((const rec *)a)->user, ((const rec *)b)->user);
}

static int by_user_line(const void *a, const void *b)
{
	const rec *x = a, *y = b;
	int c = strcmp(x->user, y->user);
	return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

static rec *recs_add(recs *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		rec *nv = realloc(t->v, cap * sizeof *nv);
		if (!nv)
			return NULL;
		t->v = nv;
		t->cap = cap;
	}
	return &t->v[t->n++];
}

/* The records of the file, one per user (its last line), sorted by name.
 * A missing file or a symbolic link counts as empty.  0, or -1 (errno). */
static int load(const store_dir *d, recs *t)
{
	char *buf;
	size_t len;

	memset(t, 0, sizeof *t);
	int rc = store_dir_read_head(d, STORE_LOCKOUT_NAME, FILE_MAX, &buf, &len);
	if (rc < 0)
		return errno == ELOOP ? 0 : -1;
	if (rc > 0)
		return 0;
	for (size_t at = 0, line = 0; at < len; line++) {
		const char *nl = memchr(buf + at, '\n', len - at);
		if (!nl)
			break; /* a line cut off does not count */
		size_t ll = (size_t)(nl - (buf + at));
		rec r;
		if (parse_line(buf + at, ll, &r)) {
			r.line = line;
			rec *dst = recs_add(t);
			if (!dst) {
				free(buf);
				free(t->v);
				t->v = NULL;
				errno = ENOMEM;
				return -1;
			}
			*dst = r;
		}
		at += ll + 1;
	}
	free(buf);
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, by_user_line);
	size_t w = 0; /* of a user's lines the last stays */
	for (size_t i = 0; i < t->n; i++) {
		if (w > 0 && by_user(&t->v[w - 1], &t->v[i]) == 0)
			w--;
		t->v[w++] = t->v[i];
	}
	t->n = w;
	return 0;
}

static int user_is(const void *key, const void *elem)
{
	return strcmp(key, ((const rec *)elem)->user);
}

static rec *find(recs *t, const char *user)
{
	return t->n ? bsearch(user, t->v, t->n, sizeof *t->v, user_is) : NULL;
}

/* ---- writing -------------------------------------------------------------- */

static int newest_first(const void *a, const void *b)
{
	const rec *x = a, *y = b;
	int64_t tx = x->st.until > x->st.first ? x->st.until : x->st.first;
	int64_t ty = y->st.until > y->st.first ? y->st.until : y->st.first;
	return tx > ty ? -1 : tx < ty;
}

/* Write t (records with nothing to keep left out) in place of the file. */
static int save(const store_dir *d, recs *t, char *err, size_t errlen)
{
	size_t w = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].st.failures || t->v[i].st.until)
			t->v[w++] = t->v[i];
	t->n = w;
	if (t->n > STORE_LOCKOUT_MAX) {
		qsort(t->v, t->n, sizeof *t->v, newest_first);
		t->n = STORE_LOCKOUT_MAX;
		qsort(t->v, t->n, sizeof *t->v, by_user);
	}
	size_t cap = sizeof HEADER + t->n * (2 * STORE_LOCKOUT_USER_MAX + 48);
	char *buf = malloc(cap), *p = buf;
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(p, HEADER, sizeof HEADER - 1);
	p += sizeof HEADER - 1;
	for (size_t i = 0; i < t->n; i++) {
		const rec *r = &t->v[i];
		for (const unsigned char *u = (const unsigned char *)r->user; *u; u++)
			p += sprintf(p, "%02x", *u);
		p += sprintf(p, " %lld %u %lld\n", (long long)r->st.first, r->st.failures,
			     (long long)r->st.until);
	}
	int rc = store_dir_replace_buf(d, STORE_LOCKOUT_NAME, true, buf, (size_t)(p - buf), err,
				       errlen);
	free(buf);
	return rc;
}

/* ---- the interface ---------------------------------------------------------- */

static bool user_ok(const char *user)
{
	size_t n = user ? strlen(user) : 0;
	return n > 0 && n <= STORE_LOCKOUT_USER_MAX;
}

/* The records of dir, read without the lock.  0, or -1. */
static int read_dir(const char *dir, recs *t)
{
	store_dir d;
	char err[256];

	memset(t, 0, sizeof *t);
	if (!dir || store_dir_open(&d, dir, 0, err, sizeof err) != 0)
		return -1;
	int rc = load(&d, t);
	store_dir_close(&d);
	return rc;
}

int store_lockout_get(const char *dir, const char *user, store_lockout_state *st)
{
	recs t;
	rec *r;

	memset(st, 0, sizeof *st);
	if (!user_ok(user) || read_dir(dir, &t) != 0)
		return -1;
	if ((r = find(&t, user)) != NULL)
		*st = r->st;
	free(t.v);
	return r != NULL;
}

int store_lockout_update(const char *dir, const char *user, store_lockout_edit_fn fn, void *arg,
			 char *err, size_t errlen)
{
	store_dir d;
	recs t;
	int rc = -1;

	if (!dir) {
		snprintf(err, errlen, "no state directory");
		return -1;
	}
	if (!user_ok(user)) {
		snprintf(err, errlen, "invalid user name");
		return -1;
	}
	if (store_dir_open(&d, dir, 0, err, errlen) != 0)
		return -1;
	int lock = store_dir_lock(&d, STORE_LOCKOUT_LOCK, LOCK_EX, err, errlen);
	if (lock < 0) {
		store_dir_close(&d);
		return -1;
	}
	if (load(&d, &t) != 0) {
		snprintf(err, errlen, "%s/%s: %s", d.path, STORE_LOCKOUT_NAME, strerror(errno));
		goto out;
	}
	rec *r = find(&t, user);
	store_lockout_state st = { 0, 0, 0 };
	if (r)
		st = r->st;
	rc = fn(arg, &st, err, errlen);
	if (rc <= 0)
		goto out;
	if (!r) {
		r = recs_add(&t);
		if (!r) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			goto out;
		}
		memset(r, 0, sizeof *r);
		memcpy(r->user, user, strlen(user) + 1);
		qsort(t.v, t.n, sizeof *t.v, by_user);
		r = find(&t, user);
	}
	r->st = st;
	if (save(&d, &t, err, errlen) != 0)
		rc = -1;
out:
	free(t.v);
	close(lock);
	store_dir_close(&d);
	return rc;
}

int store_lockout_list(const char *dir, store_lockout_fn fn, void *arg)
{
	recs t;
	int rc = 0;

	if (read_dir(dir, &t) != 0)
		return 0;
	for (size_t i = 0; i < t.n && rc == 0; i++)
		rc = fn(arg, t.v[i].user, &t.v[i].st);
	free(t.v);
	return rc;
}
