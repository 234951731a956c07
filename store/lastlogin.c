/* The last login of each user: the file (see lastlogin.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "codec.h"
#include "dir.h"
#include "lastlogin.h"

/* What is read of the file: more than STORE_LASTLOGIN_MAX of the longest
 * lines the writer produces. */
#define FILE_MAX (1u << 20)
#define HEADER "!vrpsh lastlogin 1\n"
#define ADDR_CHARS "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:%_-"

typedef struct entry {
	char key[STORE_LASTLOGIN_KEY_MAX + 1];
	store_lastlogin r;
	size_t seq;   /* line number: the later line of a key wins */
	bool keep;    /* the login being recorded: never dropped */
} entry;

typedef struct table {
	entry *e;
	size_t n, cap;
} table;

static bool kind_ok(const char *k)
{
	return strcmp(k, "TEL") == 0 || strcmp(k, "SSH") == 0 || strcmp(k, "CON") == 0;
}

static bool addr_ok(const char *a, size_t n)
{
	return n < sizeof(((store_lastlogin *)0)->addr) && strspn(a, ADDR_CHARS) >= n;
}

/* ---- parsing ---------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the key field p[0..n) into out; false when it is malformed. */
static bool decode_key(const char *p, size_t n, char *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (c == '%') {
			int hi = i + 2 < n ? hexval(p[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(p[i + 2]) : -1;
			if (lo < 0)
				return false;
			c = hi << 4 | lo;
			i += 2;
			if (c == 0)
				return false;
		} else if (c <= ' ' || c > '~') {
			return false;
		}
		if (k >= STORE_LASTLOGIN_KEY_MAX)
			return false;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return k > 0;
}

/* One line (without its '\n') into e; false when it is not a record. */
static bool parse_line(const char *line, size_t len, entry *e)
{
	const char *f[4];
	size_t fl[4], nf = 0;
	const char *p = line, *end = line + len;

	while (p <= end && nf < 4) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *q = sp ? sp : end;
		f[nf] = p;
		fl[nf++] = (size_t)(q - p);
		p = q + 1;
		if (!sp)
			break;
	}
	if (nf != 4 || p <= end)
		return false; /* fewer or more than four fields */
	memset(e, 0, sizeof *e);
	if (!decode_key(f[0], fl[0], e->key) ||
	    !store_decimal(f[1], fl[1], STORE_TIME_MAX, &e->r.time))
		return false;
	if (fl[2] != 3)
		return false;
	memcpy(e->r.kind, f[2], 3);
	e->r.kind[3] = '\0';
	if (!kind_ok(e->r.kind))
		return false;
	if (fl[3] == 1 && f[3][0] == '-')
		return true;
	if (fl[3] == 0 || !addr_ok(f[3], fl[3]))
		return false;
	memcpy(e->r.addr, f[3], fl[3]);
	e->r.addr[fl[3]] = '\0';
	return true;
}

static entry *table_add(table *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		entry *ne = realloc(t->e, cap * sizeof *ne);
		if (!ne)
			return NULL;
		t->e = ne;
		t->cap = cap;
	}
	return &t->e[t->n++];
}

static int by_key_seq(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The records of the file, one per key (its last line), sorted by key.
 * A missing file and a symbolic link (not followed) count as empty.
 * Returns 0, or -1 with errno when the file cannot be read. */
static int load(const store_dir *dir, table *t)
{
	char *buf = malloc(FILE_MAX + 1);
	size_t len = 0;

	memset(t, 0, sizeof *t);
	if (!buf)
		return -1;
	int fd = store_dir_openat(dir, STORE_LASTLOGIN_NAME, O_RDONLY, 0);
	if (fd < 0) {
		free(buf);
		return errno == ELOOP || errno == ENOENT ? 0 : -1;
	}
	while (len < FILE_MAX) {
		ssize_t n = read(fd, buf + len, FILE_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(buf);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	/* Only whole lines: a line cut off at the end does not count. */
	for (size_t at = 0, seq = 0; at < len; seq++) {
		const char *nl = memchr(buf + at, '\n', len - at);
		if (!nl)
			break;
		size_t ll = (size_t)(nl - (buf + at));
		entry e;
		if (parse_line(buf + at, ll, &e)) {
			entry *d = table_add(t);
			if (!d) {
				free(buf);
				return -1;
			}
			e.seq = seq;
			*d = e;
		}
		at += ll + 1;
	}
	free(buf);
	if (t->n > 1) {
		qsort(t->e, t->n, sizeof *t->e, by_key_seq);
		size_t w = 0;
		for (size_t i = 0; i < t->n; i++) {
			if (i + 1 < t->n && strcmp(t->e[i].key, t->e[i + 1].key) == 0)
				continue; /* a later line of the same key follows */
			t->e[w++] = t->e[i];
		}
		t->n = w;
	}
	return 0;
}

static entry *find(table *t, const char *key)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, t->e[mid].key);
		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- writing ---------------------------------------------------------- */

static int newest_first(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->keep != y->keep)
		return x->keep ? -1 : 1;
	return x->r.time > y->r.time ? -1 : x->r.time < y->r.time;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* The file's text for t (sorted by key) into a new buffer. */
static char *render(table *t, size_t *len)
{
	if (t->n > STORE_LASTLOGIN_MAX) {
		qsort(t->e, t->n, sizeof *t->e, newest_first);
		t->n = STORE_LASTLOGIN_MAX;
		qsort(t->e, t->n, sizeof *t->e, by_key);
	}
	/* a key byte takes at most 3, the rest of a line at most 64 */
	size_t cap = sizeof HEADER + t->n * (3 * STORE_LASTLOGIN_KEY_MAX + 64 +
					     sizeof(((store_lastlogin *)0)->addr));
	char *buf = malloc(cap), *p = buf;
	if (!buf)
		return NULL;
	memcpy(p, HEADER, sizeof HEADER - 1);
	p += sizeof HEADER - 1;
	for (size_t i = 0; i < t->n; i++) {
		const entry *e = &t->e[i];
		for (const unsigned char *k = (const unsigned char *)e->key; *k; k++) {
			if (*k <= ' ' || *k > '~' || *k == '%')
				p += sprintf(p, "%%%02X", *k);
			else
				*p++ = (char)*k;
		}
		p += sprintf(p, " %lld %s %s\n", (long long)e->r.time, e->r.kind,
			     e->r.addr[0] ? e->r.addr : "-");
	}
	*len = (size_t)(p - buf);
	return buf;
}

/* ---- the interface ---------------------------------------------------- */

static bool key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n > 0 && n <= STORE_LASTLOGIN_KEY_MAX;
}

bool store_lastlogin_get(const char *dir, const char *key, store_lastlogin *out)
{
	store_dir d;
	char err[256];
	table t;
	entry *e;

	memset(out, 0, sizeof *out);
	if (!dir || !key_ok(key) || store_dir_open(&d, dir, 0, err, sizeof err) != 0)
		return false;
	int rc = load(&d, &t);
	store_dir_close(&d);
	if (rc != 0)
		return false;
	if ((e = find(&t, key)) != NULL)
		*out = e->r;
	free(t.e);
	return e != NULL;
}

int store_lastlogin_swap(const char *dir, const char *key, const store_lastlogin *cur,
		       store_lastlogin *prev, char *err, size_t errlen)
{
	store_dir d;
	table t;
	int rc = -1;

	memset(prev, 0, sizeof *prev);
	if (!dir || !key_ok(key) || !cur || !kind_ok(cur->kind) || cur->time < 0 ||
	    cur->time > STORE_TIME_MAX) {
		snprintf(err, errlen, "invalid login record");
		return -1;
	}
	if (store_dir_open(&d, dir, 0, err, errlen) != 0)
		return -1;
	int lock = store_dir_lock(&d, STORE_LASTLOGIN_LOCK, LOCK_EX, err, errlen);
	/* Without the lock the previous login is still worth showing. */
	if (load(&d, &t) != 0) {
		snprintf(err, errlen, "%s/%s: %s", dir, STORE_LASTLOGIN_NAME, strerror(errno));
		if (lock >= 0)
			close(lock);
		store_dir_close(&d);
		return -1;
	}
	entry *e = find(&t, key);
	if (e)
		*prev = e->r;
	if (lock < 0)
		goto out;
	if (!e) {
		e = table_add(&t);
		if (!e) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		memset(e, 0, sizeof *e);
		memcpy(e->key, key, strlen(key) + 1);
		/* back in key order: the new entry moves to its place */
		for (size_t i = t.n - 1; i > 0 && strcmp(t.e[i - 1].key, key) > 0; i--) {
			entry tmp = t.e[i - 1];
			t.e[i - 1] = t.e[i];
			t.e[i] = tmp;
		}
		e = find(&t, key);
	}
	e->r = *cur;
	e->r.kind[sizeof e->r.kind - 1] = '\0';
	size_t al = strnlen(cur->addr, sizeof cur->addr);
	if (al == sizeof cur->addr || !addr_ok(cur->addr, al) || strcmp(cur->kind, "CON") == 0)
		e->r.addr[0] = '\0';
	e->keep = true;
	size_t len;
	char *text = render(&t, &len);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = store_dir_replace_buf(&d, STORE_LASTLOGIN_NAME, true, text, len, err, errlen);
	free(text);
out:
	free(t.e);
	if (lock >= 0)
		close(lock);
	store_dir_close(&d);
	return rc;
}

