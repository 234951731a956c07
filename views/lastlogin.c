/* The last login of each user (see lastlogin.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "lastlogin.h"
#include "online.h"
#include "store_priv.h"

/* What is read of the file: more than VSH_LASTLOGIN_MAX of the longest
 * lines the writer produces. */
#define FILE_MAX (1u << 20)
#define HEADER "!vrpsh lastlogin 1\n"
/* 9999-12-31 23:59:59 UTC: later times are not real logins. */
#define TIME_MAX INT64_C(253402300799)
#define ADDR_CHARS "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:%_-"

typedef struct entry {
	char key[VSH_LASTLOGIN_KEY_MAX + 1];
	vsh_lastlogin r;
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
	return n < sizeof(((vsh_lastlogin *)0)->addr) && strspn(a, ADDR_CHARS) >= n;
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
		if (k >= VSH_LASTLOGIN_KEY_MAX)
			return false;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return k > 0;
}

static bool parse_time(const char *p, size_t n, int64_t *out)
{
	int64_t v = 0;

	if (n == 0 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (v > TIME_MAX)
		return false;
	*out = v;
	return true;
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
	if (!decode_key(f[0], fl[0], e->key) || !parse_time(f[1], fl[1], &e->r.time))
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
static int load(const char *path, table *t)
{
	char *buf;
	size_t len;

	memset(t, 0, sizeof *t);
	int rc = cfg_file_read_max(path, FILE_MAX, CFG_READ_NOFOLLOW, &buf, &len);
	if (rc < 0)
		return errno == ELOOP ? 0 : -1;
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
	if (t->n > VSH_LASTLOGIN_MAX) {
		qsort(t->e, t->n, sizeof *t->e, newest_first);
		t->n = VSH_LASTLOGIN_MAX;
		qsort(t->e, t->n, sizeof *t->e, by_key);
	}
	/* a key byte takes at most 3, the rest of a line at most 64 */
	size_t cap = sizeof HEADER + t->n * (3 * VSH_LASTLOGIN_KEY_MAX + 64 +
					     sizeof(((vsh_lastlogin *)0)->addr));
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

static int path_in(const char *dir, const char *name, char *buf, size_t len)
{
	return snprintf(buf, len, "%s/%s", dir, name) < (int)len ? 0 : -1;
}

static int lock_dir(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (path_in(dir, VSH_LASTLOGIN_LOCK, path, sizeof path) != 0) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd; /* closing it unlocks */
}

/* ---- the interface ---------------------------------------------------- */

static bool key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n > 0 && n <= VSH_LASTLOGIN_KEY_MAX;
}

bool vsh_lastlogin_get(const char *dir, const char *key, vsh_lastlogin *out)
{
	char path[PATH_MAX];
	table t;
	entry *e;

	memset(out, 0, sizeof *out);
	if (!dir || !key_ok(key) || path_in(dir, VSH_LASTLOGIN_NAME, path, sizeof path) != 0 ||
	    load(path, &t) != 0)
		return false;
	if ((e = find(&t, key)) != NULL)
		*out = e->r;
	free(t.e);
	return e != NULL;
}

int vsh_lastlogin_swap(const char *dir, const char *key, const vsh_lastlogin *cur,
		       vsh_lastlogin *prev, char *err, size_t errlen)
{
	char path[PATH_MAX];
	table t;
	int rc = -1;

	memset(prev, 0, sizeof *prev);
	if (!dir || !key_ok(key) || !cur || !kind_ok(cur->kind) || cur->time < 0 ||
	    cur->time > TIME_MAX) {
		snprintf(err, errlen, "invalid login record");
		return -1;
	}
	if (path_in(dir, VSH_LASTLOGIN_NAME, path, sizeof path) != 0) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	int lock = lock_dir(dir, err, errlen);
	/* Without the lock the previous login is still worth showing. */
	if (load(path, &t) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (lock >= 0)
			close(lock);
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
	rc = cfg_file_replace_buf(dir, VSH_LASTLOGIN_NAME, text, len, err, errlen);
	free(text);
out:
	free(t.e);
	if (lock >= 0)
		close(lock);
	return rc;
}

size_t vsh_lastlogin_format(const vsh_lastlogin *r, char *buf, size_t buflen)
{
	const char *way = strcmp(r->kind, "TEL") == 0	? "Telnet"
			  : strcmp(r->kind, "SSH") == 0 ? "SSH"
			  : strcmp(r->kind, "CON") == 0 ? "Console"
							: NULL;
	struct tm tm;
	time_t t = (time_t)r->time;
	char when[32];

	if (!way || buflen == 0 || !localtime_r(&t, &tm) ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return 0;
	bool from = r->addr[0] && strcmp(r->kind, "CON") != 0;
	int n = snprintf(buf, buflen, "      The last login time is %s%s%.*s through %s.", when,
			 from ? " from " : "", from ? (int)sizeof r->addr : 0, r->addr, way);
	if (n < 0 || (size_t)n >= buflen) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

bool vsh_lastlogin_note(vsh_session *s, time_t login_time, vsh_lastlogin *prev)
{
	char key[VSH_LASTLOGIN_KEY_MAX + 1], err[256];
	vsh_lastlogin cur;
	vsh_online_rec r;

	memset(prev, 0, sizeof *prev);
	if (!s->store || !s->store->dir)
		return false;
	memset(&cur, 0, sizeof cur);
	cur.time = (int64_t)login_time;
	if (s->online && vsh_online_get(s->online, s->online_slot, &r)) {
		snprintf(cur.kind, sizeof cur.kind, "%s", r.kind[0] ? r.kind : "CON");
		snprintf(cur.addr, sizeof cur.addr, "%s", r.addr);
	} else if (!s->ui_name[0] || strncmp(s->ui_name, "CON", 3) == 0) {
		snprintf(cur.kind, sizeof cur.kind, "CON");
	} else {
		return false; /* not known how this login came */
	}
	/* The two kinds of key differ before the first ':'. */
	int n = s->user[0] ? snprintf(key, sizeof key, "user:%s", s->user)
			   : snprintf(key, sizeof key, "ui:%s", s->ui_name[0] ? s->ui_name : "CON 0");
	if (n < 0 || (size_t)n >= sizeof key)
		return false;
	vsh_lastlogin_swap(s->store->dir, key, &cur, prev, err, sizeof err);
	return prev->kind[0] != '\0';
}
