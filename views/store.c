/* The state directory store: loading, the journal, checkpoints, commits,
 * and picking up the commits of other processes (see store.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "replay.h"
#include "session_priv.h"
#include "store_priv.h"

#define CKPT_NAME "checkpoint"
#define JOURNAL_NAME "journal"
#define CKPT_HEADER "!vrpsh checkpoint"
#define COMPACT_MIN (1u << 20)      /* journal bytes past the checkpoint before a new one */
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

static int make_dirs(const char *path)
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

static void hist_free_one(vsh_hist *h)
{
	free(h->user);
	h->user = h->intf = h->label = h->desc = NULL;
}

static void hist_clear(vsh_store *st)
{
	for (size_t i = 0; i < st->nh; i++)
		hist_free_one(&st->h[i]);
	st->nh = 0;
}

static int hist_add(vsh_store *st, const cfg_jmeta *m, uint64_t off, uint32_t len)
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

bool vsh_store_rolled_out(const vsh_store *st, size_t i)
{
	size_t newer = 0;
	for (size_t k = i + 1; k < st->nh; k++)
		newer += st->h[k].commit_id != 0;
	return newer >= VSH_HIST_POINTS;
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

static void unlock_all(vsh_store *st)
{
	if (st->locked) {
		flock(st->lockfd, LOCK_UN);
		st->locked = 0;
	}
}

void vsh_store_unlock(vsh_store *st)
{
	unlock_all(st);
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

static void chg_text(const vsh_chg *c, bool inverse, char *buf, size_t buflen)
{
	const char *nt = inverse ? c->old_text : c->new_text;
	const char *ot = inverse ? c->new_text : c->old_text;
	uint32_t nl = inverse ? c->old_len : c->new_len, ol = inverse ? c->new_len : c->old_len;
	if (nt)
		snprintf(buf, buflen, "%.*s", (int)nl, nt);
	else
		snprintf(buf, buflen, "undo %.*s", (int)ol, ot);
}

static void warn_fail(void *arg, const vsh_chglist *l, const vsh_chg *c, bool inverse,
		      const char *msg)
{
	warn_ctx *w = arg;
	char line[256];
	(void)l;
	if (w->n++ >= MAX_LOAD_WARNINGS)
		return;
	chg_text(c, inverse, line, sizeof line);
	size_t ml = strlen(msg);
	while (ml && msg[ml - 1] == '\n')
		ml--;
	vsh_store_warn(w->st, "%s: '%s' failed: %.*s", w->what, line, (int)ml, msg);
}

/* ---- setting the session's own changes aside ------------------------ */

typedef struct frame_path {
	unsigned n;
	char *id[CFG_JOURNAL_MAX_DEPTH];
	size_t idlen[CFG_JOURNAL_MAX_DEPTH];
} frame_path;

typedef struct aside {
	char *rec;             /* the pending changes as a record */
	size_t len;
	int depth;
	frame_path fp[VSH_MAX_DEPTH];
} aside;

static void aside_free(aside *a)
{
	free(a->rec);
	for (int i = 0; i < VSH_MAX_DEPTH; i++)
		for (unsigned k = 0; k < a->fp[i].n; k++)
			free(a->fp[i].id[k]);
	memset(a, 0, sizeof *a);
}

/* Save the pending changes and the view stack's sections, then discard. */
static int aside_take(vsh_session *s, aside *a)
{
	memset(a, 0, sizeof *a);
	if (vsh_pending_record(s->db, &a->rec, &a->len) != 0)
		return -1;
	a->depth = s->depth;
	cfg_entry *root = cfg_root(s->db);
	for (int i = 0; i < s->depth; i++) {
		cfg_entry *anc[CFG_JOURNAL_MAX_DEPTH];
		unsigned d = 0;
		for (cfg_entry *e = s->stack[i].sect; e && e != root && d < CFG_JOURNAL_MAX_DEPTH;
		     e = cfg_parent(e))
			anc[d++] = e;
		frame_path *fp = &a->fp[i];
		for (unsigned k = 0; k < d; k++) {
			cfg_entry *e = anc[d - 1 - k];
			const char *t = cfg_text(e, CFG_CANDIDATE);
			if (!t)
				t = cfg_text(e, CFG_RUNNING);
			size_t il = cfg_idlen(e);
			fp->id[k] = t ? strndup(t, il) : NULL;
			fp->idlen[k] = il;
			fp->n = k + 1;
			if (!fp->id[k])
				return -1;
		}
	}
	cfg_discard(s->db);
	return 0;
}

/* The view stack's sections looked up again (entries may have been made
 * afresh); views whose section went away are closed. */
static void aside_frames(vsh_session *s, const aside *a)
{
	cfg_entry *root = cfg_root(s->db);
	int depth = a->depth < s->depth ? a->depth : s->depth;
	for (int i = 0; i < depth; i++) {
		const frame_path *fp = &a->fp[i];
		cfg_entry *e = root;
		for (unsigned k = 0; k < fp->n && e; k++)
			e = cfg_get(s->db, e, fp->id[k], fp->idlen[k], CFG_CANDIDATE);
		if (!e) {
			s->depth = i > 1 ? i : 1;
			return;
		}
		s->stack[i].sect = e;
	}
}

/* ---- identity key sets ---------------------------------------------- */

typedef struct kset {
	uint64_t *k;
	uint32_t *val;
	size_t n, cap;
} kset;

static void kset_free(kset *ks)
{
	free(ks->k);
	free(ks->val);
	memset(ks, 0, sizeof *ks);
}

static int kset_init(kset *ks, size_t expect)
{
	memset(ks, 0, sizeof *ks);
	ks->cap = 16;
	while (ks->cap < expect * 2 + 16)
		ks->cap *= 2;
	ks->k = calloc(ks->cap, sizeof *ks->k);
	ks->val = calloc(ks->cap, sizeof *ks->val);
	return ks->k && ks->val ? 0 : -1;
}

/* Keys are never 0 in the set (0 marks a free slot). */
static void kset_put(kset *ks, uint64_t key, uint32_t val)
{
	key |= 1;
	size_t i = (size_t)key & (ks->cap - 1);
	while (ks->k[i] && ks->k[i] != key)
		i = (i + 1) & (ks->cap - 1);
	if (!ks->k[i]) {
		ks->k[i] = key;
		ks->val[i] = val;
		ks->n++;
	}
}

static bool kset_get(const kset *ks, uint64_t key, uint32_t *val)
{
	if (!ks->cap)
		return false;
	key |= 1;
	size_t i = (size_t)key & (ks->cap - 1);
	while (ks->k[i]) {
		if (ks->k[i] == key) {
			if (val)
				*val = ks->val[i];
			return true;
		}
		i = (i + 1) & (ks->cap - 1);
	}
	return false;
}

static void conflict_add(vsh_store *st, uint64_t key, const vsh_chglist *pl, const vsh_chg *pc)
{
	if (st->nconf == st->capconf) {
		size_t cap = st->capconf ? st->capconf * 2 : 16;
		uint64_t *v = realloc(st->conflicts, cap * sizeof *v);
		if (!v)
			return;
		st->conflicts = v;
		st->capconf = cap;
	}
	st->conflicts[st->nconf++] = key;
	if (!st->conflict_line) {
		char line[512];
		(void)pl;
		chg_text(pc, false, line, sizeof line);
		st->conflict_line = strdup(line);
	}
}

static void conflicts_clear(vsh_store *st)
{
	st->nconf = 0;
	free(st->conflict_line);
	st->conflict_line = NULL;
}

/* Mark the pending lines (pl) that the incoming changes (in) touch: the
 * same line, a section above it, or a line below a pending section. */
static void mark_conflicts(vsh_store *st, const vsh_chglist *pl, const vsh_chglist *in)
{
	kset self, anc;
	if (kset_init(&self, pl->n) != 0 || kset_init(&anc, pl->nn) != 0) {
		kset_free(&self);
		kset_free(&anc);
		return;
	}
	for (size_t i = 0; i < pl->n; i++) {
		const vsh_chg *c = &pl->v[i];
		kset_put(&self, vsh_chg_key(pl, c), (uint32_t)i);
		for (uint32_t nd = c->node; nd != VSH_NO_NODE; nd = pl->nodes[nd].up)
			kset_put(&anc, vsh_chg_node_key(pl, nd), (uint32_t)i);
	}
	for (size_t i = 0; i < in->n; i++) {
		const vsh_chg *c = &in->v[i];
		uint32_t pi;
		uint64_t k = vsh_chg_key(in, c);
		bool hit = kset_get(&self, k, &pi) || kset_get(&anc, k, &pi);
		for (uint32_t nd = c->node; !hit && nd != VSH_NO_NODE; nd = in->nodes[nd].up)
			hit = kset_get(&self, vsh_chg_node_key(in, nd), &pi);
		if (hit)
			conflict_add(st, vsh_chg_key(pl, &pl->v[pi]), pl, &pl->v[pi]);
	}
	kset_free(&self);
	kset_free(&anc);
}

typedef struct restore_ctx {
	vsh_store *st;
} restore_ctx;

static void restore_fail(void *arg, const vsh_chglist *l, const vsh_chg *c, bool inverse,
			 const char *msg)
{
	restore_ctx *r = arg;
	(void)inverse, (void)msg;
	conflict_add(r->st, vsh_chg_key(l, c), l, c);
}

/* Put the pending changes back on top of the new running configuration;
 * `incoming` (may be NULL) are the changes made meanwhile. */
static void aside_restore(vsh_session *s, aside *a, const vsh_chglist *incoming)
{
	vsh_store *st = s->store;
	if (a->rec) {
		vsh_chglist pl;
		vsh_chglist_init(&pl);
		if (vsh_chglist_add_record(&pl, a->rec, a->len, true) == 0) {
			a->rec = NULL;
			if (incoming)
				mark_conflicts(st, &pl, incoming);
			restore_ctx rc = { st };
			vsh_chglist_apply(&st->helper, &pl, 0, pl.n, false, restore_fail, &rc);
		}
		vsh_chglist_free(&pl);
	}
	aside_frames(s, a);
	aside_free(a);
}

/* ---- journal reading ------------------------------------------------ */

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

/* Scan buf[0..len) (journal bytes from file offset base): history entries
 * for every intact record, and the records past last_seq added to
 * `apply` (whose texts point into buf).  Returns the bytes of intact
 * records; *status tells how the scan ended. */
static size_t scan(vsh_store *st, char *buf, size_t len, uint64_t base, vsh_chglist *apply,
		   enum cfg_jstatus *status)
{
	size_t pos = 0;
	char *strs = NULL;
	size_t strcap = 0;

	*status = CFG_J_OK;
	while (pos < len) {
		size_t rl;
		enum cfg_jstatus js = cfg_journal_check(buf + pos, len - pos, &rl);
		if (js != CFG_J_OK) {
			*status = js;
			break;
		}
		if (rl > strcap) {
			char *p = realloc(strs, rl);
			if (!p) {
				*status = CFG_J_CORRUPT;
				break;
			}
			strs = p;
			strcap = rl;
		}
		cfg_jmeta m;
		if (cfg_journal_meta(buf + pos, rl, &m, strs) != 0) {
			*status = CFG_J_CORRUPT;
			break;
		}
		if (m.seq > st->last_seq && apply) {
			if (vsh_chglist_add_record(apply, buf + pos, rl, false) != 0) {
				*status = CFG_J_CORRUPT;
				break;
			}
			st->last_seq = m.seq;
		}
		if (m.commit_id > st->last_id)
			st->last_id = m.commit_id;
		if (hist_add(st, &m, base + pos, (uint32_t)rl) != 0) {
			*status = CFG_J_CORRUPT;
			break;
		}
		pos += rl;
	}
	free(strs);
	return pos;
}

static void report_tail(vsh_store *st, enum cfg_jstatus js, uint64_t at, uint64_t size)
{
	vsh_store_warn(st, "%s/%s: %s record at offset %" PRIu64 " (%" PRIu64
			   " bytes); the journal is kept up to there",
		       st->dir, JOURNAL_NAME, js == CFG_J_SHORT ? "incomplete" : "damaged", at,
		       size - at);
}

/* With the exclusive lock: cut a damaged tail off the journal. */
static void cut_tail(vsh_store *st)
{
	if (st->jsize > st->jend && st->locked == LOCK_EX) {
		if (ftruncate(st->jfd, (off_t)st->jend) == 0 && fdatasync(st->jfd) == 0)
			st->jsize = st->jend;
	}
}

static int open_journal(vsh_store *st, char *err, size_t errlen)
{
	char path[PATH_MAX];
	path_of(st, JOURNAL_NAME, path, sizeof path);
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
		vsh_store_warn(lr->st, "%s/%s: '%.*s' failed: %.*s", lr->st->dir, CKPT_NAME,
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

	path_of(st, CKPT_NAME, path, sizeof path);
	int r = cfg_file_read(path, &buf, &len);
	if (r == 1)
		return 0;
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	unsigned long long seq, id;
	if (sscanf(buf, CKPT_HEADER " seq=%llu commit=%llu", &seq, &id) != 2) {
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

/* Read the whole journal (history, and records past the checkpoint into
 * `apply`, whose texts point into *keep). */
static int load_journal(vsh_store *st, vsh_chglist *apply, char **keep, char *err, size_t errlen)
{
	struct stat sb;
	*keep = NULL;
	if (fstat(st->jfd, &sb) != 0) {
		snprintf(err, errlen, "%s/%s: %s", st->dir, JOURNAL_NAME, strerror(errno));
		return -1;
	}
	size_t size = (size_t)sb.st_size;
	char *buf = read_range(st->jfd, 0, size);
	if (!buf) {
		snprintf(err, errlen, "%s/%s: %s", st->dir, JOURNAL_NAME,
			 strerror(errno ? errno : EIO));
		return -1;
	}
	hist_clear(st);
	enum cfg_jstatus js;
	size_t good = scan(st, buf, size, 0, apply, &js);
	st->jend = good;
	st->jsize = size;
	if (good < size) {
		report_tail(st, js, good, size);
		cut_tail(st);
	}
	*keep = buf;
	return 0;
}

/* Load checkpoint + journal into the candidate and commit it without
 * hooks, the session's own pending changes set aside (and marked as
 * conflicting where the load changed them). */
static int reload(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	aside a;
	char *jbuf = NULL;
	vsh_chglist apply;
	int rc = -1;

	vsh_chglist_init(&apply);
	if (aside_take(s, &a) != 0) {
		snprintf(err, errlen, "out of memory");
		aside_free(&a);
		return -1;
	}
	st->last_seq = 0;
	st->ckpt_seq = 0;
	st->ckpt_bytes = 0;
	if (load_checkpoint(s, err, errlen) != 0 || open_journal(st, err, errlen) != 0 ||
	    load_journal(st, &apply, &jbuf, err, errlen) != 0)
		goto out;
	warn_ctx w = { st, "journal", 0 };
	vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false, warn_fail, &w);
	if (cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		cfg_discard(s->db);
	aside_restore(s, &a, rc == 0 ? &apply : NULL);
	vsh_chglist_free(&apply);
	free(jbuf);
	return rc;
}

/* ---- picking up other processes' commits ---------------------------- */

/* Apply what other processes appended (lock held, shared or exclusive). */
static int sync_locked(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	char path[PATH_MAX];
	struct stat sb;

	path_of(st, JOURNAL_NAME, path, sizeof path);
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
		size_t size = (size_t)sb.st_size, pos = 0;
		char *all = read_range(fd, 0, size);
		close(fd);
		if (!all) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
			return -1;
		}
		while (pos < size) {
			size_t rl;
			if (cfg_journal_check(all + pos, size - pos, &rl) != CFG_J_OK)
				break;
			uint64_t seq;
			memcpy(&seq, all + pos + 16, 8);
			if (seq == want)
				have = true;
			if (seq >= want)
				newer = true;
			pos += rl;
		}
		free(all);
		if (!newer || have) {
			/* the records we have are in the new file too */
			if (open_journal(st, err, errlen) != 0)
				return -1;
			vsh_chglist apply;
			char *jbuf;
			vsh_chglist_init(&apply);
			if (load_journal(st, &apply, &jbuf, err, errlen) != 0) {
				vsh_chglist_free(&apply);
				return -1;
			}
			int rc = 0;
			if (apply.n || apply.nrecs) {
				aside a;
				if (aside_take(s, &a) == 0) {
					warn_ctx w = { st, "journal", 0 };
					vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false,
							  warn_fail, &w);
					rc = cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err,
							   errlen);
					if (rc != 0)
						cfg_discard(s->db);
				}
				aside_restore(s, &a, &apply);
			}
			vsh_chglist_free(&apply);
			free(jbuf);
			return rc;
		}
		return reload(s, err, errlen);
	}
	if ((uint64_t)sb.st_size == st->jsize)
		return 0;
	if ((uint64_t)sb.st_size < st->jend) { /* cut by someone: start over */
		st->jsize = (uint64_t)sb.st_size;
		return reload(s, err, errlen);
	}
	size_t len = (size_t)((uint64_t)sb.st_size - st->jend);
	char *buf = read_range(st->jfd, st->jend, len);
	if (!buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	vsh_chglist apply;
	vsh_chglist_init(&apply);
	enum cfg_jstatus js;
	size_t good = scan(st, buf, len, st->jend, &apply, &js);
	st->jend += good;
	st->jsize = (uint64_t)sb.st_size;
	int rc = 0;
	if (apply.nrecs) {
		aside a;
		if (aside_take(s, &a) == 0) {
			warn_ctx w = { st, "journal", 0 };
			vsh_chglist_apply(&st->helper, &apply, 0, apply.n, false, warn_fail, &w);
			rc = cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
			if (rc != 0)
				cfg_discard(s->db);
		}
		aside_restore(s, &a, &apply);
	}
	vsh_chglist_free(&apply);
	free(buf);
	return rc;
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
	char path[PATH_MAX];
	struct stat sb;
	path_of(st, JOURNAL_NAME, path, sizeof path);
	if (stat(path, &sb) == 0 && sb.st_ino == st->jino && sb.st_dev == st->jdev &&
	    (uint64_t)sb.st_size == st->jsize)
		return;
	st->busy = true;
	int was = st->locked;
	if (lock_as(st, LOCK_SH) == 0) {
		if (sync_locked(s, err, sizeof err) != 0)
			vsh_store_warn(st, "%s", err);
		if (!was)
			unlock_all(st);
	}
	st->busy = false;
}

void vsh_store_discard(vsh_session *s)
{
	cfg_discard(s->db);
	if (s->store)
		conflicts_clear(s->store);
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
		unlock_all(st);
		return -1;
	}
	return 0;
}

/* ---- checkpoints ---------------------------------------------------- */

typedef struct ckpt_fill {
	cfg_db *db;
	uint64_t seq, id;
	int fd;
	char *buf;
	size_t len, cap;
	int failed;
	uint64_t total;
} ckpt_fill;

static void cf_flush(ckpt_fill *c)
{
	if (c->len && !c->failed && cfg_file_write_all(c->fd, c->buf, c->len) != 0)
		c->failed = 1;
	c->total += c->len;
	c->len = 0;
}

static void cf_emit(void *arg, const char *line, size_t len)
{
	ckpt_fill *c = arg;
	if (c->len + len + 1 > c->cap) {
		cf_flush(c);
		if (len + 1 > c->cap) {
			if (!c->failed && (cfg_file_write_all(c->fd, line, len) != 0 ||
					   cfg_file_write_all(c->fd, "\n", 1) != 0))
				c->failed = 1;
			c->total += len + 1;
			return;
		}
	}
	memcpy(c->buf + c->len, line, len);
	c->buf[c->len + len] = '\n';
	c->len += len + 1;
}

static int ckpt_write(void *arg, int fd)
{
	ckpt_fill *c = arg;
	c->fd = fd;
	c->len = 0;
	c->len = (size_t)snprintf(c->buf, c->cap, CKPT_HEADER " seq=%" PRIu64 " commit=%" PRIu64 "\n",
				 c->seq, c->id);
	cfg_render(c->db, CFG_RUNNING, cf_emit, c);
	cf_flush(c);
	if (c->failed && !errno)
		errno = EIO;
	return c->failed ? -1 : 0;
}

/* `save`: the running configuration without the checkpoint header. */
static int save_write(void *arg, int fd)
{
	ckpt_fill *c = arg;
	c->fd = fd;
	c->len = 0;
	cfg_render(c->db, CFG_RUNNING, cf_emit, c);
	cf_flush(c);
	if (c->failed && !errno)
		errno = EIO;
	return c->failed ? -1 : 0;
}

typedef struct copy_fill {
	int from;
	uint64_t off, len;
} copy_fill;

static int copy_write(void *arg, int fd)
{
	copy_fill *c = arg;
	char *buf = malloc(1 << 20);
	uint64_t done = 0;
	if (!buf)
		return -1;
	while (done < c->len) {
		size_t want = c->len - done < (1u << 20) ? (size_t)(c->len - done) : (1u << 20);
		ssize_t n = pread(c->from, buf, want, (off_t)(c->off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || cfg_file_write_all(fd, buf, (size_t)n) != 0) {
			if (n == 0)
				errno = EIO;
			free(buf);
			return -1;
		}
		done += (uint64_t)n;
	}
	free(buf);
	return 0;
}

/* The first record the journal must keep: the newest VSH_HIST_POINTS
 * commit points, every labelled point, and what a running trial needs. */
static size_t retain_from(const vsh_store *st)
{
	size_t points = 0, r = st->nh;
	for (size_t i = st->nh; i-- > 0;) {
		if (st->h[i].commit_id && points < VSH_HIST_POINTS) {
			points++;
			r = i;
		}
		if (st->h[i].commit_id && st->h[i].label[0])
			r = i;
		if (st->trial.active && st->h[i].seq > st->trial.base_seq)
			r = i < r ? i : r;
	}
	return r;
}

/* With the exclusive lock, after a commit: a new checkpoint when the
 * journal has grown past it by half its size (at least COMPACT_MIN), so
 * that checkpoints cost a bounded share of the commits' own writes. */
static void maybe_compact(vsh_session *s)
{
	vsh_store *st = s->store;
	uint64_t past = 0;
	for (size_t i = st->nh; i-- > 0 && st->h[i].seq > st->ckpt_seq;)
		past += st->h[i].len;
	if (past < COMPACT_MIN || past < st->ckpt_bytes / 2)
		return;

	char err[512];
	ckpt_fill cf = { .db = s->db, .seq = st->last_seq, .id = st->last_id };
	cf.cap = 1 << 20;
	cf.buf = malloc(cf.cap);
	if (!cf.buf)
		return;
	int rc = cfg_file_replace(st->dir, CKPT_NAME, ckpt_write, &cf, err, sizeof err);
	free(cf.buf);
	if (rc != 0) {
		vsh_store_warn(st, "checkpoint not written: %s", err);
		return;
	}
	st->ckpt_seq = st->last_seq;
	st->ckpt_bytes = cf.total;

	size_t r = retain_from(st);
	uint64_t base = r < st->nh ? st->h[r].off : st->jend;
	copy_fill cp = { st->jfd, base, st->jend - base };
	if (cfg_file_replace(st->dir, JOURNAL_NAME, copy_write, &cp, err, sizeof err) != 0) {
		vsh_store_warn(st, "journal not compacted: %s", err);
		return;
	}
	if (open_journal(st, err, sizeof err) != 0) {
		vsh_store_warn(st, "%s", err);
		return;
	}
	for (size_t i = 0; i < r; i++)
		hist_free_one(&st->h[i]);
	memmove(st->h, st->h + r, (st->nh - r) * sizeof *st->h);
	st->nh -= r;
	for (size_t i = 0; i < st->nh; i++)
		st->h[i].off -= base;
	st->jend = st->jsize = cp.len;
}

/* ---- committing ----------------------------------------------------- */

typedef struct log_ctx {
	vsh_store *st;
	const vsh_commit_opts *o;
	const vsh_session *s;
	bool done;
} log_ctx;

/* cfg_commit_ex's log step: append the record and make it durable. */
static int log_commit(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	log_ctx *lc = arg;
	vsh_store *st = lc->st;
	const vsh_session *s = lc->s;
	cfg_jwriter w;
	cfg_jmeta m;

	memset(&m, 0, sizeof m);
	m.seq = st->last_seq + 1;
	m.commit_id = lc->o->point ? (st->last_id < VSH_FIRST_COMMIT_ID - 1
					      ? VSH_FIRST_COMMIT_ID
					      : st->last_id + 1)
				   : 0;
	m.time = vsh_now();
	m.type = lc->o->type;
	m.flags = lc->o->flags;
	m.user = s->user[0] ? s->user : "";
	/* an interactive session that names no line is the console */
	m.intf = s->ui_name[0] || s->batch ? s->ui_name : "CON 0";
	m.label = lc->o->label ? lc->o->label : "";
	m.desc = lc->o->desc ? lc->o->desc : "";
	if (!m.user[0])
		m.user = vsh_user_name(s);
	/* the record lists the changes in the order that replays them */
	cfg_change *ord;
	long no = cfg_changes(db, &ord);
	if (no < 0 || (size_t)no != n) {
		free(ord);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	(void)chg;
	cfg_jwriter_init(&w);
	cfg_jwriter_begin(&w, &m);
	for (size_t i = 0; i < n; i++)
		cfg_jwriter_add(&w, &ord[i]);
	free(ord);
	if (cfg_jwriter_end(&w) != 0) {
		cfg_jwriter_free(&w);
		snprintf(err, errlen, "Error: The change is too large to be recorded.");
		return -1;
	}
	cut_tail(st);
	if (cfg_file_write_all(st->jfd, w.buf, w.len) != 0 || fdatasync(st->jfd) != 0) {
		int e = errno;
		if (ftruncate(st->jfd, (off_t)st->jend) != 0)
			e = errno;
		cfg_jwriter_free(&w);
		snprintf(err, errlen, "Error: The configuration could not be saved: %s.",
			 strerror(e));
		return -1;
	}
	hist_add(st, &m, st->jend, (uint32_t)w.len);
	st->jend += w.len;
	st->jsize = st->jend;
	st->last_seq = m.seq;
	if (m.commit_id)
		st->last_id = m.commit_id;
	cfg_jwriter_free(&w);
	lc->done = true;
	return 0;
}

/* Is any pending line one that another commit touched meanwhile?  The
 * first such line is kept as conflict_line. */
static bool pending_conflicts(vsh_session *s)
{
	vsh_store *st = s->store;
	if (!st->nconf)
		return false;
	char *rec;
	size_t len;
	if (vsh_pending_record(s->db, &rec, &len) != 0 || !rec)
		return false;
	vsh_chglist pl;
	vsh_chglist_init(&pl);
	bool hit = false;
	if (vsh_chglist_add_record(&pl, rec, len, true) == 0) {
		kset ks;
		if (kset_init(&ks, st->nconf) == 0) {
			for (size_t i = 0; i < st->nconf; i++)
				kset_put(&ks, st->conflicts[i], 0);
			for (size_t i = 0; i < pl.n && !hit; i++) {
				hit = kset_get(&ks, vsh_chg_key(&pl, &pl.v[i]), NULL);
				if (hit) {
					char line[512];
					chg_text(&pl.v[i], false, line, sizeof line);
					free(st->conflict_line);
					st->conflict_line = strdup(line);
				}
			}
		}
		kset_free(&ks);
	} else {
		free(rec);
	}
	vsh_chglist_free(&pl);
	return hit;
}

static int commit_locked(vsh_session *s, const vsh_commit_opts *o, unsigned flags, char *err,
			 size_t errlen)
{
	log_ctx lc = { s->store, o, s, false };
	if (!cfg_pending(s->db))
		return 0;
	if (cfg_commit_ex(s->db, flags, log_commit, &lc, err, errlen) != 0)
		return -1;
	vsh_exclusive_touch(s);
	maybe_compact(s);
	return lc.done ? 1 : 0;
}

int vsh_store_commit_held(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *st = s->store;

	if (vsh_exclusive_check(s, err, errlen) != 0)
		return -1;
	if (pending_conflicts(s)) {
		const char *line = st->conflict_line ? st->conflict_line : "";
		vsh_printf(s, "%s\nError: The configuration was changed by another user.\n"
			      "Commit canceled, the configuration conflicted with other user, you "
			      "can modify \nthe configuration and commit again.\n",
			   line);
		conflicts_clear(st);
		return -2;
	}
	int rc = commit_locked(s, o, 0, err, errlen);
	if (rc >= 0)
		conflicts_clear(st);
	return rc;
}

int vsh_store_commit(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	bool busy = st->busy;

	st->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		rc = vsh_store_commit_held(s, o, err, errlen);
		unlock_all(st);
	}
	st->busy = busy;
	return rc;
}

int vsh_store_commit_list(vsh_session *s, const vsh_chglist *l, bool inverse,
			  const vsh_commit_opts *o, vsh_chg_fail_fn fail, void *arg, char *err,
			  size_t errlen)
{
	vsh_store *st = s->store;
	aside a;
	if (aside_take(s, &a) != 0) {
		aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vsh_chglist_apply(&st->helper, l, 0, l->n, inverse, fail, arg);
	int rc = commit_locked(s, o, 0, err, errlen);
	if (rc < 0)
		cfg_discard(s->db);
	aside_restore(s, &a, NULL);
	return rc;
}

int vsh_store_with_undone(vsh_session *s, const vsh_chglist *l, vsh_with_fn fn, void *arg)
{
	vsh_store *st = s->store;
	aside a;
	if (aside_take(s, &a) != 0) {
		aside_free(&a);
		return -1;
	}
	vsh_chglist_apply(&st->helper, l, 0, l->n, true, NULL, NULL);
	fn(arg, s);
	cfg_discard(s->db);
	aside_restore(s, &a, NULL);
	return 0;
}

int vsh_store_refresh(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	aside a;
	if (aside_take(s, &a) != 0) {
		aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	conflicts_clear(st);
	aside_restore(s, &a, NULL);
	conflicts_clear(st);
	return 0;
}

int vsh_check_file_name(const char *name, char *err, size_t errlen)
{
	size_t n = strlen(name);
	const char *dot = strrchr(name, '.');
	if (n < 5 || n > 64 || strchr(name, '/') || name[0] == '.' || !dot ||
	    (strcasecmp(dot, ".cfg") != 0 && strcasecmp(dot, ".zip") != 0 &&
	     strcasecmp(dot, ".dat") != 0)) {
		snprintf(err, errlen, "Error: The file name must be 5 to 64 characters ending in "
				      ".cfg, .zip or .dat.");
		return -1;
	}
	return 0;
}

int vsh_store_save(vsh_session *s, const char *name, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	char msg[512];
	ckpt_fill cf = { .db = s->db };
	cf.cap = 1 << 20;
	cf.buf = malloc(cf.cap);
	if (!cf.buf) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	int rc = cfg_file_replace(st->dir, name, save_write, &cf, msg, sizeof msg);
	free(cf.buf);
	if (rc != 0)
		snprintf(err, errlen, "Error: The configuration could not be saved (%s).", msg);
	return rc;
}

/* ---- opening and closing -------------------------------------------- */

static void store_free(vsh_store *st)
{
	if (!st)
		return;
	unlock_all(st);
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
	st->warn = o->warn;
	st->warn_ctx = o->warn_ctx;
	st->dir = strdup(o->dir);
	if (!st->dir) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (make_dirs(st->dir) != 0) {
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
	unlock_all(st);
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
