/* The state directory store: opening, loading, the journal, locking, and
 * picking up the commits of other processes (see store.h).  Commits and
 * checkpoints are in store_commit.c, setting a session's own changes
 * aside in aside.c. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "../shell/replay.h"
#include "../shell/session_priv.h"
#include "store_priv.h"

#define MAX_LOAD_WARNINGS 10

/* ---- clock, messages ------------------------------------------------ */

int64_t vsh_now(void)
{
	static int scale = -1;
	if (scale < 0) {
		const char *e = getenv("VRPSH_TEST_CLOCK_SCALE");
		long v = e ? strtol(e, NULL, 10) : 1;
		scale = v >= 1 && v <= 100000 ? (int)v : 1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (scale == 1)
		return (int64_t)ts.tv_sec;
	/* a fixed origin keeps the dates near today and every process on the
	 * same scaled clock */
	const int64_t origin = 1700000000;
	double real = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	return origin + (int64_t)((real - (double)origin) * scale);
}

void vsh_format_time(int64_t t, bool zone, char *buf, size_t buflen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm)) {
		snprintf(buf, buflen, "-");
		return;
	}
	size_t n = strftime(buf, buflen, "%Y-%m-%d %H:%M:%S", &tm);
	if (zone && n + 7 <= buflen) {
		long off = tm.tm_gmtoff;
		char sign = off < 0 ? '-' : '+';
		if (off < 0)
			off = -off;
		snprintf(buf + n, buflen - n, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
	}
}

void vsh_store_warn(vsh_store *st, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (st->warn)
		st->warn(st->warn_ctx, buf);
	else
		fprintf(stderr, "vrpsh: %s\n", buf);
}

int vsh_state_dir_default(char *buf, size_t buflen)
{
	int n;
	if (geteuid() == 0) {
		n = snprintf(buf, buflen, "/var/lib/vrpsh");
	} else {
		const char *x = getenv("XDG_STATE_HOME");
		if (x && x[0] == '/') {
			n = snprintf(buf, buflen, "%s/vrpsh", x);
		} else {
			const char *home = getenv("HOME");
			if (!home || home[0] != '/') {
				struct passwd *pw = getpwuid(geteuid());
				home = pw ? pw->pw_dir : NULL;
			}
			if (!home || !*home)
				return -1;
			n = snprintf(buf, buflen, "%s/.local/state/vrpsh", home);
		}
	}
	return n > 0 && (size_t)n < buflen ? 0 : -1;
}

static void path_of(const vsh_store *st, const char *name, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "%s/%s", st->dir, name);
}

const char *vsh_user_name(const vsh_session *s)
{
	if (s->user[0])
		return s->user;
	struct passwd *pw = getpwuid(geteuid());
	return pw && pw->pw_name ? pw->pw_name : "";
}

/* ---- history entries ------------------------------------------------ */

void vsh_store_hist_free(vsh_hist *h)
{
	free(h->user);
	h->user = h->intf = h->label = h->desc = NULL;
}

static void hist_clear(vsh_store *st)
{
	for (size_t i = 0; i < st->nh; i++)
		vsh_store_hist_free(&st->h[i]);
	st->nh = 0;
}

int vsh_store_hist_add(vsh_store *st, const cfg_jmeta *m, uint64_t off, uint32_t len)
{
	if (st->nh == st->caph) {
		size_t cap = st->caph ? st->caph * 2 : 128;
		vsh_hist *v = realloc(st->h, cap * sizeof *v);
		if (!v)
			return -1;
		st->h = v;
		st->caph = cap;
	}
	size_t lu = strlen(m->user), li = strlen(m->intf), ll = strlen(m->label),
	       ld = strlen(m->desc);
	char *b = malloc(lu + li + ll + ld + 4);
	if (!b)
		return -1;
	vsh_hist *h = &st->h[st->nh++];
	h->seq = m->seq;
	h->commit_id = m->commit_id;
	h->time = m->time;
	h->type = m->type;
	h->flags = m->flags;
	h->off = off;
	h->len = len;
	h->user = b;
	memcpy(b, m->user, lu + 1);
	h->intf = b + lu + 1;
	memcpy(h->intf, m->intf, li + 1);
	h->label = h->intf + li + 1;
	memcpy(h->label, m->label, ll + 1);
	h->desc = h->label + ll + 1;
	memcpy(h->desc, m->desc, ld + 1);
	return 0;
}

long vsh_store_find_id(const vsh_store *st, uint64_t id)
{
	for (size_t i = st->nh; i-- > 0;)
		if (st->h[i].commit_id == id)
			return (long)i;
	return -1;
}

size_t vsh_store_points(const vsh_store *st, size_t **out)
{
	size_t n = 0;
	*out = malloc((st->nh ? st->nh : 1) * sizeof **out);
	if (!*out)
		return 0;
	for (size_t i = st->nh; i-- > 0;)
		if (st->h[i].commit_id)
			(*out)[n++] = i;
	return n;
}

/* ---- locking -------------------------------------------------------- */

static int lock_as(vsh_store *st, int how)
{
	if (st->locked == LOCK_EX || st->locked == how)
		return 0;
	while (flock(st->lockfd, how) != 0) {
		if (errno != EINTR)
			return -1;
	}
	st->locked = how;
	return 0;
}

void vsh_store_unlock(vsh_store *st)
{
	if (st->locked) {
		flock(st->lockfd, LOCK_UN);
		st->locked = 0;
	}
}

/* ---- the helper session and applying -------------------------------- */

static void sink_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int helper_ready(vsh_store *st, vsh_session *s)
{
	if (st->helper_ok)
		return 0;
	vsh_io io = { .write = sink_write, .ask = NULL, .ctx = NULL };
	if (vsh_session_init(&st->helper, s->db, s->vs, s->model, s->low_latency, LEVEL_MANAGE,
			     io) != 0)
		return -1;
	st->helper.batch = true;
	st->helper_ok = true;
	return 0;
}

typedef struct warn_ctx {
	vsh_store *st;
	const char *what;
	unsigned n;
} warn_ctx;

static void warn_fail(void *arg, const vsh_chglist *l, const vsh_chg *c, bool inverse,
		      const char *msg)
{
	warn_ctx *w = arg;
	char line[256];
	(void)l;
	if (w->n++ >= MAX_LOAD_WARNINGS)
		return;
	vsh_chg_text(c, inverse, line, sizeof line);
	size_t ml = strlen(msg);
	while (ml && msg[ml - 1] == '\n')
		ml--;
	vsh_store_warn(w->st, "%s: '%s' failed: %.*s", w->what, line, (int)ml, msg);
}

/* ---- journal reading ------------------------------------------------ */

/* Read fd[off, off+len) into buf; buf, or NULL (short file, error). */
static char *read_into(int fd, uint64_t off, size_t len, char *buf)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	return buf;
}

/* Read fd[off, off+len) into a malloc'ed buffer. */
static char *read_range(int fd, uint64_t off, size_t len)
{
	char *b = malloc(len ? len : 1);
	size_t got = 0;
	if (!b)
		return NULL;
	while (got < len) {
		ssize_t n = pread(fd, b + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(b);
			return NULL;
		}
		got += (size_t)n;
	}
	return b;
}

int vsh_store_read(vsh_store *st, size_t from, size_t to, vsh_chglist *l)
{
	for (size_t i = from; i < to && i < st->nh; i++) {
		char *rec = read_range(st->jfd, st->h[i].off, st->h[i].len);
		if (!rec)
			return -1;
		if (vsh_chglist_add_record(l, rec, st->h[i].len, true) != 0) {
			free(rec);
			return -1;
		}
	}
	return 0;
}

#define SCAN_CHUNK (1u << 20)

/* Check the record of `len` bytes at file offset `off` without holding it
 * whole: its CRC over chunks; its first chunk (SCAN_CHUNK bytes: the
 * header and the strings) stays in `first`. */
static enum cfg_jstatus check_streamed(int fd, uint64_t off, size_t len, char *first, char *scratch)
{
	uint32_t crc = 0, want;
	size_t body = len - 4, done = 0; /* the CRC covers [4, body) */
	while (done < body) {
		size_t n = body - done < SCAN_CHUNK ? body - done : SCAN_CHUNK;
		char *b = done ? scratch : first;
		if (!read_into(fd, off + done, n, b))
			return CFG_J_SHORT;
		size_t from = done ? 0 : 4;
		if (n > from)
			crc = cfg_crc32(crc, b + from, n - from);
		done += n;
	}
	if (!read_into(fd, off + body, 4, (char *)&want))
		return CFG_J_SHORT;
	return crc == want ? CFG_J_OK : CFG_J_CORRUPT;
}

/* Scan the journal file from offset `start` to `size`: a history entry
 * for every intact record, and the records past last_seq read whole and
 * added to `apply` (which owns them).  Older records are only checked, a
 * chunk at a time.  Returns the offset after the last intact record;
 * *status tells how the scan ended. */
static uint64_t scan(vsh_store *st, int fd, uint64_t start, uint64_t size, vsh_chglist *apply,
		     enum cfg_jstatus *status)
{
	uint64_t pos = start;
	char *first = malloc(SCAN_CHUNK), *scratch = malloc(SCAN_CHUNK), *strs = malloc(SCAN_CHUNK);

	*status = CFG_J_OK;
	if (!first || !scratch || !strs) {
		*status = CFG_J_CORRUPT;
		goto out;
	}
	while (pos < size) {
		char hdr[CFG_JOURNAL_HDR];
		size_t avail = size - pos < sizeof hdr ? (size_t)(size - pos) : sizeof hdr;
		if (!read_into(fd, pos, avail, hdr)) {
			*status = CFG_J_SHORT;
			break;
		}
		uint32_t magic, len;
		memcpy(&magic, hdr, 4);
		if (avail < 8 || magic != CFG_JOURNAL_MAGIC) {
			*status = avail < 8 && memcmp(hdr, "VJR1", avail < 4 ? avail : 4) == 0
					  ? CFG_J_SHORT
					  : CFG_J_CORRUPT;
			break;
		}
		memcpy(&len, hdr + 4, 4);
		if (len < CFG_JOURNAL_HDR + 12) {
			*status = CFG_J_CORRUPT;
			break;
		}
		if (pos + len > size) {
			*status = CFG_J_SHORT;
			break;
		}
		uint64_t seq;
		memcpy(&seq, hdr + 16, 8);
		char *rec = NULL;
		const char *meta;
		size_t metalen;
		if (seq > st->last_seq && apply) {
			size_t rl;
			rec = read_range(fd, pos, len);
			if (!rec || cfg_journal_check(rec, len, &rl) != CFG_J_OK) {
				*status = rec ? CFG_J_CORRUPT : CFG_J_SHORT;
				free(rec);
				break;
			}
			meta = rec;
			metalen = len;
		} else {
			*status = check_streamed(fd, pos, len, first, scratch);
			if (*status != CFG_J_OK)
				break;
			meta = first;
			metalen = len < SCAN_CHUNK ? len : SCAN_CHUNK;
		}
		cfg_jmeta m;
		if (cfg_journal_meta(meta, metalen, &m, strs) != 0) {
			*status = CFG_J_CORRUPT;
			free(rec);
			break;
		}
		if (rec) {
			if (vsh_chglist_add_record(apply, rec, len, true) != 0) {
				*status = CFG_J_CORRUPT;
				free(rec);
				break;
			}
			st->last_seq = m.seq;
		}
		if (m.commit_id > st->last_id)
			st->last_id = m.commit_id;
		if (vsh_store_hist_add(st, &m, pos, len) != 0) {
			*status = CFG_J_CORRUPT;
			break;
		}
		pos += len;
	}
out:
	free(first);
	free(scratch);
	free(strs);
	return pos;
}

static void report_tail(vsh_store *st, enum cfg_jstatus js, uint64_t at, uint64_t size)
{
	vsh_store_warn(st, "%s/%s: %s record at offset %" PRIu64 " (%" PRIu64
			   " bytes); the journal is kept up to there",
		       st->dir, VSH_JOURNAL_NAME, js == CFG_J_SHORT ? "incomplete" : "damaged", at,
		       size - at);
}

/* With the exclusive lock: cut a damaged tail off the journal. */
void vsh_store_cut_tail(vsh_store *st)
{
	if (st->jsize > st->jend && st->locked == LOCK_EX) {
		if (ftruncate(st->jfd, (off_t)st->jend) == 0 && fdatasync(st->jfd) == 0) {
			st->jsize = st->jend;
			st->jmtime = -1;
		}
	}
}

int vsh_store_open_journal(vsh_store *st, char *err, size_t errlen)
{
	char path[PATH_MAX];
	path_of(st, VSH_JOURNAL_NAME, path, sizeof path);
	int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st->jfd >= 0)
		close(st->jfd);
	st->jfd = fd;
	st->jdev = sb.st_dev;
	st->jino = sb.st_ino;
	st->jend = st->jsize = 0;
	st->jmtime = -1;
	return 0;
}

/* ---- loading -------------------------------------------------------- */

typedef struct load_run {
	vsh_store *st;
	char *out;
	size_t len, cap;
	unsigned warned;
} load_run;

static void lr_write(void *ctx, const char *buf, size_t len)
{
	load_run *lr = ctx;
	if (lr->len + len + 1 > lr->cap) {
		size_t cap = lr->cap ? lr->cap * 2 : 256;
		while (cap < lr->len + len + 1)
			cap *= 2;
		char *p = realloc(lr->out, cap);
		if (!p)
			return;
		lr->out = p;
		lr->cap = cap;
	}
	memcpy(lr->out + lr->len, buf, len);
	lr->len += len;
	lr->out[lr->len] = '\0';
}

static int lr_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		  size_t tlen, bool probe)
{
	load_run *lr = ctx;
	lr->len = 0;
	int rc = vsh_exec(s, text, tlen, 0);
	if (rc != 0 && !probe && lr->warned++ < MAX_LOAD_WARNINGS) {
		size_t ml = lr->len;
		while (ml && lr->out[ml - 1] == '\n')
			ml--;
		vsh_store_warn(lr->st, "%s/%s: '%.*s' failed: %.*s", lr->st->dir, VSH_CKPT_NAME,
			       (int)len, line, (int)ml, lr->out ? lr->out : "");
	}
	return rc;
}

static int clear_visit(void *arg, cfg_entry *e)
{
	cfg_delete(arg, e);
	return 0;
}

/* Replace the candidate with the checkpoint's configuration (when there is
 * a checkpoint); sets ckpt_seq and the counters it names. */
static int load_checkpoint(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	char path[PATH_MAX], *buf;
	size_t len;

	path_of(st, VSH_CKPT_NAME, path, sizeof path);
	int r = cfg_file_read(path, &buf, &len);
	if (r == 1)
		return 0;
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	unsigned long long seq, id;
	if (sscanf(buf, VSH_CKPT_HEADER " seq=%llu commit=%llu", &seq, &id) != 2) {
		vsh_store_warn(st, "%s: no checkpoint header; ignored", path);
		free(buf);
		return 0;
	}
	st->ckpt_seq = st->last_seq = seq;
	if (id > st->last_id)
		st->last_id = id;
	st->ckpt_bytes = len;

	cfg_foreach_child(s->db, cfg_root(s->db), CFG_CANDIDATE, clear_visit, s->db);
	load_run lr = { .st = st };
	vsh_session *h = &st->helper;
	vsh_io saved = h->io;
	h->io = (vsh_io){ .write = lr_write, .ask = NULL, .ctx = &lr };
	vsh_to_user(h);
	vsh_replay rp;
	vsh_replay_init(&rp, h, lr_run, &lr);
	vsh_replay_text(&rp, buf, len, true, NULL);
	vsh_to_user(h);
	h->io = saved;
	free(lr.out);
	free(buf);
	return 0;
}

/* Read the whole journal: history, and the records past the checkpoint
 * into `apply`. */
static int load_journal(vsh_store *st, vsh_chglist *apply, char *err, size_t errlen)
{
	struct stat sb;
	if (fstat(st->jfd, &sb) != 0) {
		snprintf(err, errlen, "%s/%s: %s", st->dir, VSH_JOURNAL_NAME, strerror(errno));
		return -1;
	}
	uint64_t size = (uint64_t)sb.st_size;
	hist_clear(st);
	enum cfg_jstatus js;
	uint64_t good = scan(st, st->jfd, 0, size, apply, &js);
	st->jend = good;
	st->jsize = size;
	if (good < size) {
		report_tail(st, js, good, size);
		vsh_store_cut_tail(st);
	}
	return 0;
}

/* Load checkpoint + journal into the candidate and commit it without
 * hooks, the session's own pending changes set aside (and marked as
 * conflicting where the load changed them). */
static int reload(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	vsh_aside a;
	vsh_chglist apply;
	int rc = -1;

	vsh_chglist_init(&apply);
	if (vsh_aside_take(s, &a) != 0) {
		snprintf(err, errlen, "out of memory");
		vsh_aside_free(&a);
		return -1;
	}
	st->last_seq = 0;
	st->ckpt_seq = 0;
	st->ckpt_bytes = 0;
	if (load_checkpoint(s, err, errlen) != 0 || vsh_store_open_journal(st, err, errlen) != 0 ||
	    load_journal(st, &apply, err, errlen) != 0)
		goto out;
	warn_ctx w = { st, "journal", 0 };
	vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false, warn_fail, &w);
	if (cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		cfg_discard(s->db);
	vsh_aside_restore(s, &a, rc == 0 ? &apply : NULL);
	vsh_chglist_free(&apply);
	return rc;
}

/* ---- picking up other processes' commits ---------------------------- */

/* The journal's modification time: with its size, what tells that it
 * changed (a damaged tail cut and a new record may leave the size as it
 * was). */
static int64_t mtime_of(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* Apply what other processes appended (lock held, shared or exclusive). */
static int sync_locked(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	char path[PATH_MAX];
	struct stat sb;

	path_of(st, VSH_JOURNAL_NAME, path, sizeof path);
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (sb.st_ino != st->jino || sb.st_dev != st->jdev) {
		/* compacted by another process: read the new journal; if it
		 * no longer holds the next record, start from its checkpoint */
		uint64_t want = st->last_seq + 1;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		bool have = false, newer = false;
		uint64_t size = (uint64_t)sb.st_size, pos = 0;
		char hdr[24];
		while (pos + sizeof hdr <= size && read_into(fd, pos, sizeof hdr, hdr)) {
			uint32_t magic, len;
			uint64_t seq;
			memcpy(&magic, hdr, 4);
			memcpy(&len, hdr + 4, 4);
			memcpy(&seq, hdr + 16, 8);
			if (magic != CFG_JOURNAL_MAGIC || len < sizeof hdr)
				break;
			if (seq == want)
				have = true;
			if (seq >= want)
				newer = true;
			pos += len;
		}
		close(fd);
		if (!newer || have) {
			/* the records we have are in the new file too */
			if (vsh_store_open_journal(st, err, errlen) != 0)
				return -1;
			vsh_chglist apply;
			vsh_chglist_init(&apply);
			if (load_journal(st, &apply, err, errlen) != 0) {
				vsh_chglist_free(&apply);
				return -1;
			}
			int rc = 0;
			if (apply.n || apply.nrecs) {
				vsh_aside a;
				if (vsh_aside_take(s, &a) == 0) {
					warn_ctx w = { st, "journal", 0 };
					vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false,
							  warn_fail, &w);
					rc = cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err,
							   errlen);
					if (rc != 0)
						cfg_discard(s->db);
				}
				vsh_aside_restore(s, &a, &apply);
			}
			vsh_chglist_free(&apply);
			return rc;
		}
		return reload(s, err, errlen);
	}
	if ((uint64_t)sb.st_size == st->jsize && mtime_of(&sb) == st->jmtime)
		return 0;
	st->jmtime = mtime_of(&sb);
	if ((uint64_t)sb.st_size < st->jend) { /* cut by someone: start over */
		st->jsize = (uint64_t)sb.st_size;
		return reload(s, err, errlen);
	}
	vsh_chglist apply;
	vsh_chglist_init(&apply);
	enum cfg_jstatus js;
	st->jend = scan(st, st->jfd, st->jend, (uint64_t)sb.st_size, &apply, &js);
	st->jsize = (uint64_t)sb.st_size;
	int rc = 0;
	if (apply.nrecs) {
		vsh_aside a;
		if (vsh_aside_take(s, &a) == 0) {
			warn_ctx w = { st, "journal", 0 };
			vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false, warn_fail, &w);
			rc = cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
			if (rc != 0)
				cfg_discard(s->db);
		}
		vsh_aside_restore(s, &a, &apply);
	}
	vsh_chglist_free(&apply);
	return rc;
}

const char *vsh_store_dir(const vsh_session *s)
{
	return s && s->store ? s->store->dir : NULL;
}

void vsh_store_sync(vsh_session *s)
{
	vsh_store *st = s->store;
	char err[256];

	if (!st || st->busy)
		return;
	/* A replay edits one large candidate: it looks at other commits when
	 * it commits, not line by line. */
	if (s->batch && cfg_pending(s->db))
		return;
	vsh_cfgsession_update(st, s);
	char path[PATH_MAX];
	struct stat sb;
	path_of(st, VSH_JOURNAL_NAME, path, sizeof path);
	if (stat(path, &sb) == 0 && sb.st_ino == st->jino && sb.st_dev == st->jdev &&
	    (uint64_t)sb.st_size == st->jsize && mtime_of(&sb) == st->jmtime)
		return;
	st->busy = true;
	int was = st->locked;
	if (lock_as(st, LOCK_SH) == 0) {
		if (sync_locked(s, err, sizeof err) != 0)
			vsh_store_warn(st, "%s", err);
		if (!was)
			vsh_store_unlock(st);
	}
	st->busy = false;
}

void vsh_store_discard(vsh_session *s)
{
	cfg_discard(s->db);
	if (s->store)
		vsh_conflicts_clear(s->store);
}

int vsh_store_lock(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	if (lock_as(st, LOCK_EX) != 0) {
		snprintf(err, errlen, "%s/lock: %s", st->dir, strerror(errno));
		return -1;
	}
	bool busy = st->busy;
	st->busy = true;
	int rc = sync_locked(s, err, errlen);
	st->busy = busy;
	if (rc != 0) {
		vsh_store_unlock(st);
		return -1;
	}
	return 0;
}

/* ---- opening and closing -------------------------------------------- */

static void store_free(vsh_store *st)
{
	if (!st)
		return;
	vsh_store_unlock(st);
	if (st->helper_ok)
		vsh_session_fini(&st->helper);
	if (st->jfd >= 0)
		close(st->jfd);
	if (st->lockfd >= 0)
		close(st->lockfd);
	hist_clear(st);
	free(st->h);
	free(st->conflicts);
	free(st->conflict_line);
	free(st->rollback_result);
	free(st->dir);
	free(st);
}

static vsh_store *store_open(const vsh_store_opts *o, char *err, size_t errlen)
{
	vsh_store *st = calloc(1, sizeof *st);
	char path[PATH_MAX];

	if (!st) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	st->lockfd = st->jfd = -1;
	st->no_hooks = o->no_hooks;
	st->warn = o->warn;
	st->warn_ctx = o->warn_ctx;
	st->dir = strdup(o->dir);
	if (!st->dir) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (cfg_mkdirs(st->dir) != 0) {
		snprintf(err, errlen, "%s: %s", st->dir, strerror(errno));
		goto fail;
	}
	path_of(st, "lock", path, sizeof path);
	st->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (st->lockfd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	return st;
fail:
	store_free(st);
	return NULL;
}

int vsh_store_attach(vsh_session *s, const vsh_store_opts *o, char *err, size_t errlen)
{
	vsh_store *st = store_open(o, err, errlen);
	if (!st)
		return -1;
	s->store = st;
	st->busy = true;
	st->started = vsh_now();
	if (helper_ready(st, s) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (lock_as(st, LOCK_EX) != 0) {
		snprintf(err, errlen, "%s/lock: %s", st->dir, strerror(errno));
		goto fail;
	}
	if (reload(s, err, errlen) != 0)
		goto fail;
	vsh_trial_refresh(st);
	if (st->trial.active && vsh_now() >= st->trial.deadline)
		vsh_trial_expire(s, true);
	if (vsh_cfgsession_register(st, s, err, errlen) != 0)
		goto fail;
	vsh_store_unlock(st);
	st->busy = false;
	return 0;
fail:
	s->store = NULL;
	store_free(st);
	return -1;
}

void vsh_store_detach(vsh_session *s)
{
	if (!s->store)
		return;
	vsh_cfgsession_unregister(s->store);
	store_free(s->store);
	s->store = NULL;
}

/* ---- for the backend daemon ----------------------------------------- */

cfg_db *vsh_state_load(const char *dir, const vsh_model *m, bool low_latency, char *err,
		       size_t errlen)
{
	cfg_db *db = cfg_db_new();
	view_set *vs = NULL;
	vsh_session s;
	bool sess = false;

	if (!db) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!m)
		m = model_default();
	if (vsh_db_init(db, err, errlen) != 0)
		goto fail;
	vs = view_set_build(m, low_latency, err, errlen);
	if (!vs)
		goto fail;
	vsh_io io = { .write = sink_write, .ask = NULL, .ctx = NULL };
	if (vsh_session_init(&s, db, vs, m, low_latency, LEVEL_MANAGE, io) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	sess = true;
	vsh_store_opts o = { .dir = dir };
	vsh_store *st = store_open(&o, err, errlen);
	if (!st)
		goto fail;
	s.store = st;
	st->busy = true;
	int rc = -1;
	if (helper_ready(st, &s) == 0 && lock_as(st, LOCK_SH) == 0)
		rc = reload(&s, err, errlen);
	s.store = NULL;
	store_free(st);
	if (rc != 0)
		goto fail;
	vsh_session_fini(&s);
	view_set_free(vs);
	return db;
fail:
	if (sess)
		vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	return NULL;
}

int vsh_state_revert_due_trial(const char *dir, const vsh_model *m, bool low_latency, char *err,
			       size_t errlen)
{
	vsh_store probe;
	memset(&probe, 0, sizeof probe);
	probe.dir = (char *)dir;
	vsh_trial_refresh(&probe);
	if (!probe.trial.active || vsh_now() < probe.trial.deadline)
		return 0;

	/* a session of its own on the directory: starting it reverts */
	if (!m)
		m = model_default();
	cfg_db *db = cfg_db_new();
	view_set *vs = db ? view_set_build(m, low_latency, err, errlen) : NULL;
	vsh_session s;
	int rc = -1;
	vsh_io io = { .write = sink_write, .ask = NULL, .ctx = NULL };
	if (!db || !vs || vsh_db_init(db, err, errlen) != 0 ||
	    vsh_session_init(&s, db, vs, m, low_latency, LEVEL_MANAGE, io) != 0) {
		if (!db)
			snprintf(err, errlen, "out of memory");
		view_set_free(vs);
		cfg_db_free(db);
		return -1;
	}
	s.batch = true;
	vsh_store_opts o = { .dir = dir, .no_hooks = true };
	if (vsh_store_attach(&s, &o, err, errlen) == 0) {
		vsh_trial_refresh(s.store);
		rc = s.store->trial.active ? -1 : 1;
		if (rc < 0)
			snprintf(err, errlen, "the trial configuration could not be rolled back");
		vsh_store_detach(&s);
	}
	vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	return rc;
}
