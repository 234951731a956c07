/* The state directory store: opening, locking, loading and checking,
 * keeping up with other processes, history, files (see store.h).
 * Commits and checkpoints are in commit.c, recovery in recover.c. */
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

#include "checkpoint.h"
#include "crc32c.h"
#include "store_priv.h"

/* ---- messages ------------------------------------------------------------ */

void store_warnf(store *st, const char *fmt, ...)
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

void store_set_damage(store *st, int kind, const char *file, uint64_t offset, const char *fmt,
		      ...)
{
	if (st->dmg.damaged)
		return; /* the first one found is the one reported */
	st->dmg.damaged = true;
	st->dmg_kind = kind;
	snprintf(st->dmg.file, sizeof st->dmg.file, "%s", file);
	st->dmg.offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->dmg.what, sizeof st->dmg.what, fmt, ap);
	va_end(ap);
}

const store_damage *store_damage_get(const store *st)
{
	return &st->dmg;
}

void store_damage_message(const store *st, char *buf, size_t buflen)
{
	const store_damage *d = &st->dmg;
	char last[48];
	if (d->last_id)
		snprintf(last, sizeof last, "commit ID %" PRIu64, d->last_id);
	else
		snprintf(last, sizeof last, "none");
	snprintf(buf, buflen,
		 "%s/%s is damaged at offset %" PRIu64 " (%s); last intact commit: %s; "
		 "nothing is written until `vrpsh --state-dir %s --recover`",
		 st->dir.path, d->file, d->offset, d->what, last, st->dir.path);
}

/* ---- the clock ---------------------------------------------------------------- */

int64_t store_now(void)
{
	const char *e = getenv("VRPSH_TEST_CLOCK_SCALE");
	long v = e ? strtol(e, NULL, 10) : 1;
	int scale = v >= 1 && v <= 100000 ? (int)v : 1;
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

/* ---- opening ---------------------------------------------------------------- */

int store_default_dir(char *buf, size_t buflen)
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

store *store_open(const store_opts *o, char *err, size_t errlen)
{
	store *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	st->lockfd = st->jfd = -1;
	st->dir.fd = -1;
	st->jmtime = -1;
	st->warn = o->warn;
	st->warn_ctx = o->warn_ctx;
	if (store_dir_open(&st->dir, o->dir, o->create ? STORE_DIR_CREATE : 0, err, errlen) != 0) {
		free(st);
		return NULL;
	}
	st->lockfd = store_dir_openat(&st->dir, STORE_LOCK, O_RDWR | O_CREAT, 0600);
	bool writable = st->lockfd >= 0;
	if (st->lockfd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM || errno == ENOSPC))
		st->lockfd = store_dir_openat(&st->dir, STORE_LOCK, O_RDONLY, 0);
	if (st->lockfd < 0 && errno == ENOENT) {
		/* a read-only directory that never had a lock: readers need none */
		st->lockfd = -2;
	} else if (st->lockfd < 0) {
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_LOCK,
			 errno == ELOOP ? "is a symbolic link; refusing to use the directory"
					: strerror(errno));
		store_close(st);
		return NULL;
	}
	if (writable)
		store_dir_sweep(&st->dir);
	store_hw_read(st);
	return st;
}

void store_close(store *st)
{
	if (!st)
		return;
	store_first_settle(st);
	store_unlock(st);
	if (st->jfd >= 0)
		close(st->jfd);
	if (st->lockfd >= 0)
		close(st->lockfd);
	store_journal_forget(st);
	free(st->rec);
	free(st->hix);
	store_legacy_free(st->legacy);
	store_dir_close(&st->dir);
	free(st);
}

const char *store_path(const store *st)
{
	return st->dir.path;
}

/* ---- locking ------------------------------------------------------------------- */

int store_lock(store *st, bool exclusive, char *err, size_t errlen)
{
	int how = exclusive ? LOCK_EX : LOCK_SH;
	store_first_settle(st);
	if (st->locked == LOCK_EX || st->locked == how)
		return 0;
	if (st->lockfd == -2) {
		if (exclusive) {
			snprintf(err, errlen, "%s: %s", st->dir.path, strerror(EROFS));
			return -1;
		}
		st->locked = how;
		return 0;
	}
	while (flock(st->lockfd, how) != 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_LOCK, strerror(errno));
			return -1;
		}
	}
	st->locked = how;
	return 0;
}

int store_lock_hold(store *st, char *err, size_t errlen)
{
	return store_dir_lock(&st->dir, STORE_LOCK, LOCK_SH, err, errlen);
}

void store_lock_release(int hold)
{
	if (hold >= 0)
		close(hold);
}

void store_unlock(store *st)
{
	if (st->locked && st->lockfd >= 0)
		flock(st->lockfd, LOCK_UN);
	st->locked = 0;
}

bool store_locked_ex(const store *st)
{
	return st->locked == LOCK_EX;
}

/* ---- loading ---------------------------------------------------------------------- */

static int clear_visit(void *arg, cfg_entry *e)
{
	return cfg_delete(arg, e) != 0;
}

/* db's configuration goes (committed without hooks). */
static int clear_db(cfg_db *db, char *err, size_t errlen)
{
	if (cfg_foreach_child(db, cfg_root(db), CFG_CANDIDATE, clear_visit, db) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
}

static int64_t mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* Remember which checkpoint file was read. */
static void note_ckpt(store *st)
{
	struct stat sb;
	if (fstatat(st->dir.fd, STORE_CKPT, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
		st->cdev = sb.st_dev;
		st->cino = sb.st_ino;
		st->cmtime = mtime_ns(&sb);
	} else {
		st->cdev = 0;
		st->cino = 0;
		st->cmtime = -1;
	}
}

int store_build(store *st, cfg_db *db, store_chglist *apply, char *err, size_t errlen)
{
	store_ckpt c;
	char cerr[512];
	cerr[0] = '\0';
	int cr = store_ckpt_open(&st->dir, STORE_CKPT, &c, cerr, sizeof cerr);
	if (cr < 0)
		store_set_damage(st, DK_CKPT, STORE_CKPT, 0, "%s",
				 strstr(cerr, ": ") ? strstr(cerr, ": ") + 2 : cerr);
	/* without a checkpoint the first record was made on the factory
	 * configuration, which db holds */
	if ((cr == 0 || cr < 0 || st->base_seq > 0) && clear_db(db, err, errlen) != 0) {
		if (cr == 0)
			store_ckpt_close(&c);
		return -1;
	}
	if (cr == 0) {
		store_ckpt_damage dmg;
		int lr = store_ckpt_load(&c, db, &dmg, err, errlen);
		if (lr == 0 && dmg.damaged)
			store_set_damage(st, DK_CKPT, STORE_CKPT, dmg.offset, "%s", dmg.why);
		st->ckpt_seq = c.info.seq;
		st->ckpt_bytes = c.info.bytes;
		st->ckpt_id = lr == 0 && !dmg.damaged ? c.info.commit_id : 0;
		if (c.info.commit_id > st->last_id)
			st->last_id = c.info.commit_id;
		if (c.info.seqhw > st->seqhw)
			st->seqhw = c.info.seqhw;
		store_ckpt_close(&c);
		if (lr != 0)
			return -1;
	}
	note_ckpt(st);
	cfg_seq_floor(db, st->seqhw);
	long skipped = 0;
	for (size_t i = 0; i < apply->nrecs; i++) {
		const char *rec = apply->recs[i].buf;
		size_t len = store_get_u32(rec + 4);
		if (store_get_u64(rec + 8) <= st->ckpt_seq)
			continue;
		long r = store_record_apply(db, rec, len, err, errlen);
		if (r < 0)
			return -1;
		skipped += r;
	}
	if (skipped)
		store_warnf(st, "%s/%s: %ld recorded lines could not be applied (their sections are "
				"missing)",
			    st->dir.path, STORE_JOURNAL, skipped);
	cfg_seq_floor(db, st->seqhw);
	return cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
}

/* The newest intact commit ID (for the damage message): of the journal,
 * else of an intact checkpoint. */
static void note_last_intact(store *st)
{
	uint64_t id = st->dmg_kind == DK_CKPT ? 0 : st->ckpt_id;
	for (size_t i = 0; i < st->nrec; i++)
		if (st->rec[i].h.commit_id > id)
			id = st->rec[i].h.commit_id;
	st->dmg.last_id = id;
}

/* Check that the checkpoint and the journal meet: no record missing
 * between them. */
static void check_cover(store *st, bool have_ckpt, uint64_t ckpt_seq)
{
	if (st->jfd < 0) {
		if (have_ckpt || (st->hw_valid && st->hw_seq > 0))
			store_set_damage(st, DK_J_MISSING, STORE_JOURNAL, 0, "it is missing");
		return;
	}
	if (st->format != 2)
		return;
	if (have_ckpt && st->base_seq > ckpt_seq)
		store_set_damage(st, DK_J_GAP, STORE_JOURNAL, 0,
				 "records %" PRIu64 " to %" PRIu64 " are missing: the checkpoint holds "
				 "up to %" PRIu64 " and the journal starts after %" PRIu64,
				 ckpt_seq + 1, st->base_seq, ckpt_seq, st->base_seq);
	else if (!have_ckpt && !(st->base_seq == 0 && st->nrec == 0))
		/* (a journal that starts at the beginning and holds nothing
		 * yet needs none: a crash cut the first commit short after
		 * the journal and before the checkpoint) */
		store_set_damage(st, DK_CKPT_MISSING, STORE_CKPT, 0,
				 "it is missing (the journal starts after record %" PRIu64 ")",
				 st->base_seq);
	else if (have_ckpt && st->last_seq < ckpt_seq)
		store_set_damage(st, DK_J_OLD, STORE_JOURNAL, st->jend,
				 "it ends at record %" PRIu64 ", before the checkpoint's %" PRIu64
				 " (an older copy?)",
				 st->last_seq, ckpt_seq);
}

/* Open the files and read them all (lock held): history, trial state,
 * damage, and the records after the checkpoint in *apply.  Returns 0,
 * STORE_LEGACY, or -1. */
static int read_all(store *st, store_chglist *apply, char *err, size_t errlen)
{
	memset(&st->dmg, 0, sizeof st->dmg);
	memset(&st->trial, 0, sizeof st->trial);
	store_journal_forget(st);
	st->last_seq = st->last_id = st->seqhw = 0;
	st->ckpt_seq = st->ckpt_bytes = st->ckpt_id = 0;
	st->format = 0;
	store_hw_read(st);
	if (store_dir_is_link(&st->dir, STORE_HIGHWATER))
		store_set_damage(st, DK_HW, STORE_HIGHWATER, 0, "is a symbolic link");
	else if (!st->hw_valid) {
		struct stat sb;
		if (fstatat(st->dir.fd, STORE_HIGHWATER, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    sb.st_size > 0)
			store_set_damage(st, DK_HW, STORE_HIGHWATER, 0, "no slot checks");
	}
	int jr = store_journal_open(st, err, errlen);
	if (jr < 0)
		return -1;
	if (st->format == 1 || (jr == 1 && store_ckpt_is_text(&st->dir, STORE_CKPT)))
		return STORE_LEGACY;
	/* the checkpoint's header: which records it holds */
	store_ckpt c;
	char cerr[512];
	int cr = store_ckpt_open(&st->dir, STORE_CKPT, &c, cerr, sizeof cerr);
	uint64_t ckpt_seq = 0;
	if (cr == 0) {
		ckpt_seq = c.info.seq;
		store_ckpt_close(&c);
	}
	st->last_seq = st->base_seq;
	if (store_journal_scan(st, ckpt_seq, apply, false, err, errlen) != 0)
		return -1;
	check_cover(st, cr == 0, ckpt_seq);
	if (!st->dmg.damaged && store_dir_is_link(&st->dir, STORE_CKPT))
		store_set_damage(st, DK_CKPT, STORE_CKPT, 0, "is a symbolic link");
	st->format = 2;
	return 0;
}

static void after_load(store *st, cfg_db *db)
{
	cfg_seq_floor(db, st->seqhw);
	if (st->dmg.damaged)
		note_last_intact(st);
	st->loaded = true;
	st->trial_scanned = st->jend;
	st->tdev = st->jdev;
	st->tino = st->jino;
}

int store_load(store *st, cfg_db *db, char *err, size_t errlen)
{
	bool was = st->locked != 0;
	if (!was && store_lock(st, false, err, errlen) != 0)
		return -1;
	store_chglist apply;
	store_chglist_init(&apply);
	apply.v = NULL;
	int rc = read_all(st, &apply, err, errlen);
	if (rc == 0) {
		rc = store_build(st, db, &apply, err, errlen);
		if (rc == 0)
			after_load(st, db);
	}
	store_chglist_free(&apply);
	if (!was)
		store_unlock(st);
	return rc;
}

bool store_loaded(const store *st)
{
	return st->loaded;
}

/* ---- keeping up ------------------------------------------------------------------- */

bool store_changed(store *st)
{
	struct stat sb;
	/* the thread holds the lock or has yet to find it free */
	if (store_first_busy(st))
		return false;
	store_first_settle(st);
	if (fstatat(st->dir.fd, STORE_JOURNAL, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return st->jfd >= 0; /* it went */
	if (st->jfd < 0)
		return true; /* it came */
	return sb.st_ino != st->jino || sb.st_dev != st->jdev || (uint64_t)sb.st_size != st->jsize ||
	       mtime_ns(&sb) != st->jmtime;
}

/* Apply the records of `recs` past the list's first `first` ones. */
static int apply_new(store *st, cfg_db *db, store_chglist *in, size_t first_chg, char *err,
		     size_t errlen)
{
	long r = store_chglist_apply(db, in, first_chg, in->n, false, NULL, NULL);
	if (r < 0) {
		snprintf(err, errlen, "out of memory");
		cfg_discard(db);
		return -1;
	}
	if (r > 0)
		store_warnf(st, "%s/%s: %ld recorded lines could not be applied", st->dir.path,
			    STORE_JOURNAL, r);
	cfg_seq_floor(db, st->seqhw);
	if (cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen) != 0) {
		cfg_discard(db);
		return -1;
	}
	return 0;
}

static int reload(store *st, cfg_db *db, store_chglist *incoming, char *err, size_t errlen)
{
	store_chglist local;
	store_chglist *in = incoming ? incoming : &local;
	store_chglist_init(&local);
	int rc = read_all(st, in, err, errlen);
	if (rc == STORE_LEGACY) {
		snprintf(err, errlen, "%s: the directory was put back in the first release's format",
			 st->dir.path);
		rc = -1;
	}
	if (rc == 0)
		rc = store_build(st, db, in, err, errlen);
	if (rc == 0)
		after_load(st, db);
	store_chglist_free(&local);
	return rc;
}

int store_catch_up(store *st, cfg_db *db, store_chglist *incoming, bool *reloaded, char *err,
		   size_t errlen)
{
	*reloaded = false;
	if (!st->loaded || !store_changed(st))
		return 0;
	struct stat sb;
	bool present = fstatat(st->dir.fd, STORE_JOURNAL, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	if (st->legacy || !present || st->jfd < 0 || sb.st_ino != st->jino ||
	    sb.st_dev != st->jdev || (uint64_t)sb.st_size < st->jend) {
		/* rewritten (a checkpoint and compaction, an upgrade) or cut:
		 * read it all again; the records this process had are in the
		 * new file unless it fell far behind */
		uint64_t had = st->last_seq;
		store_chglist local;
		store_chglist_init(&local);
		store_legacy *lg = st->legacy;
		st->legacy = NULL;
		int rc = read_all(st, &local, err, errlen);
		st->legacy = lg;
		bool cheap = rc == 0 && !st->dmg.damaged && st->base_seq <= had && !lg;
		if (cheap) {
			/* only the records after `had` are new: apply those */
			store_chglist_free(&local);
			store_chglist_init(&local);
			size_t from = store_journal_after(st, had);
			for (size_t i = from; i < st->nrec && rc == 0; i++) {
				if (st->rec[i].kind != STORE_K_COMMIT)
					continue;
				char *rec = store_journal_read(st, i, err, errlen);
				if (!rec || store_chglist_add(incoming ? incoming : &local, rec,
							      st->rec[i].len, true) != 0) {
					free(rec);
					if (rec)
						snprintf(err, errlen, "malformed record");
					rc = -1;
				}
			}
			if (rc == 0)
				rc = apply_new(st, db, incoming ? incoming : &local, 0, err, errlen);
			store_chglist_free(&local);
			if (rc == 0)
				after_load(st, db);
			return rc;
		}
		store_chglist_free(&local);
		if (rc == STORE_LEGACY || rc < 0) {
			if (rc == STORE_LEGACY)
				snprintf(err, errlen, "%s: another process put back the first release's "
						      "files", st->dir.path);
			return -1;
		}
		if (lg) {
			store_legacy_free(lg);
			st->legacy = NULL;
		}
		*reloaded = true;
		return reload(st, db, incoming, err, errlen);
	}
	/* appended to: the new records */
	store_chglist local;
	store_chglist *in = incoming ? incoming : &local;
	store_chglist_init(&local);
	size_t first = in->n;
	int rc = store_journal_scan(st, st->last_seq, in, true, err, errlen);
	if (rc == 0)
		rc = apply_new(st, db, in, first, err, errlen);
	store_chglist_free(&local);
	if (st->dmg.damaged)
		note_last_intact(st);
	return rc;
}

/* Walk the journal's record headers (their contents are history here):
 * the sequence number of the last record and the time of the last commit
 * record (0 when none).  False when the journal cannot be read whole. */
static bool journal_heads(store *st, uint64_t *last_seq, int64_t *last_commit)
{
	int fd = store_dir_openat(&st->dir, STORE_JOURNAL, O_RDONLY, 0);
	if (fd < 0)
		return false;
	struct stat sb;
	unsigned char h[STORE_JOURNAL_HDR];
	bool ok = fstat(fd, &sb) == 0 && store_pread_all(fd, h, sizeof h, 0) == 0 &&
		  store_get_u32(h) == STORE_JOURNAL_MAGIC &&
		  store_crc32c(0, h, 28) == store_get_u32(h + 28);
	uint64_t pos = STORE_JOURNAL_HDR, size = ok ? (uint64_t)sb.st_size : 0;
	uint64_t seq = ok ? store_get_u64(h + 8) : 0;
	int64_t when = 0;
	char *hb = malloc(STORE_REC_HDR + 4 * (65535 + 3));
	while (ok && hb && pos < size) {
		size_t avail = size - pos < STORE_REC_HDR + 4 * (65535 + 3)
				       ? (size_t)(size - pos)
				       : STORE_REC_HDR + 4 * (65535 + 3);
		store_meta m;
		uint32_t len;
		ok = store_pread_all(fd, hb, avail, (off_t)pos) == 0 &&
		     store_rec_head(hb, avail, &m, NULL, 0, &len) == 0 && len <= size - pos &&
		     m.seq == seq + 1;
		if (!ok)
			break;
		seq = m.seq;
		if (m.kind == STORE_K_COMMIT)
			when = m.time;
		pos += len;
	}
	free(hb);
	close(fd);
	*last_seq = seq;
	*last_commit = when;
	return ok && hb && pos == size;
}

/* Does the journal end with the checkpoint's record, with nothing after
 * it? */
static bool ckpt_current(store *st, uint64_t ckpt_seq)
{
	if (st->hw_valid && st->hw_seq != ckpt_seq)
		return false;
	uint64_t seq;
	int64_t when;
	return journal_heads(st, &seq, &when) && seq == ckpt_seq;
}

int64_t store_last_change(store *st)
{
	if (st->loaded) {
		for (size_t i = st->nhist; i-- > 0;)
			if (st->rec[st->hix[i]].h.time)
				return st->rec[st->hix[i]].h.time;
		return 0;
	}
	char err[256];
	if (st->legacy) /* its history is read with the rest */
		return -1;
	if (store_lock(st, false, err, sizeof err) != 0)
		return 0;
	uint64_t seq;
	int64_t when = 0;
	if (!journal_heads(st, &seq, &when))
		when = -1;
	store_unlock(st);
	return when;
}

int store_render_running(store *st, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			 void *arg)
{
	char err[256];
	if (st->loaded || st->legacy || store_lock(st, false, err, sizeof err) != 0)
		return 1;
	store_ckpt c;
	int rc = 1;
	if (store_ckpt_open(&st->dir, STORE_CKPT, &c, err, sizeof err) == 0) {
		store_ckpt_damage dmg = { 0 };
		/* checked whole first: a damaged one renders nothing here */
		if (ckpt_current(st, c.info.seq) && store_ckpt_verify(&c, &dmg) == 0)
			rc = store_ckpt_render_extra(&c, x, nx, emit, arg, &dmg) == 0 ? 0 : -1;
		else if (dmg.damaged)
			rc = -1;
		store_ckpt_close(&c);
	}
	store_unlock(st);
	return rc;
}

/* ---- history ----------------------------------------------------------------------- */

size_t store_history_count(const store *st)
{
	return st->nhist;
}

const store_hist *store_history(const store *st, size_t i)
{
	return &st->rec[st->hix[i]].h;
}

long store_find_id(const store *st, uint64_t id)
{
	for (size_t i = st->nhist; i-- > 0;)
		if (st->rec[st->hix[i]].h.commit_id == id)
			return (long)i;
	return -1;
}

size_t store_points(const store *st, size_t **out)
{
	size_t n = 0;
	*out = malloc((st->nhist ? st->nhist : 1) * sizeof **out);
	if (!*out)
		return 0;
	for (size_t i = st->nhist; i-- > 0;)
		if (st->rec[st->hix[i]].h.commit_id)
			(*out)[n++] = i;
	return n;
}

uint64_t store_last_seq(const store *st)
{
	return st->last_seq;
}

int store_read(store *st, size_t from, size_t to, store_chglist *l, char *err, size_t errlen)
{
	for (size_t i = from; i < to && i < st->nhist; i++) {
		size_t ri = st->hix[i];
		char *rec = store_journal_read(st, ri, err, errlen);
		if (!rec)
			return -1;
		if (store_chglist_add(l, rec, st->rec[ri].len, true) != 0) {
			free(rec);
			snprintf(err, errlen, "%s/%s: a record at offset %" PRIu64 " does not decode",
				 st->dir.path, STORE_JOURNAL, st->rec[ri].off);
			return -1;
		}
	}
	return 0;
}

size_t store_trial_from(const store *st)
{
	size_t from = st->nhist;
	for (size_t i = st->nhist; i-- > 0 && st->rec[st->hix[i]].h.seq > st->trial.base_seq;)
		from = i;
	return from;
}

/* ---- the trial state, looked at cheaply ---------------------------------------------- */

const store_trial *store_trial_state(const store *st)
{
	return &st->trial;
}

void store_trial_peek(store *st)
{
	if (st->legacy) {
		st->trial = st->legacy->trial;
		return;
	}
	struct stat sb;
	if (fstatat(st->dir.fd, STORE_JOURNAL, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		memset(&st->trial, 0, sizeof st->trial);
		return;
	}
	if (sb.st_ino != st->tino || sb.st_dev != st->tdev || (uint64_t)sb.st_size < st->trial_scanned) {
		st->trial_scanned = 0;
		memset(&st->trial, 0, sizeof st->trial);
	}
	if ((uint64_t)sb.st_size == st->trial_scanned)
		return;
	int fd = store_dir_openat(&st->dir, STORE_JOURNAL, O_RDONLY, 0);
	if (fd < 0)
		return;
	unsigned char h[STORE_JOURNAL_HDR];
	uint64_t pos = st->trial_scanned, size = (uint64_t)sb.st_size;
	if (pos == 0) {
		if (store_pread_all(fd, h, sizeof h, 0) != 0 || store_get_u32(h) != STORE_JOURNAL_MAGIC) {
			close(fd);
			return;
		}
		pos = STORE_JOURNAL_HDR;
	}
	/* headers only; a trial record's body is small */
	char hb[STORE_REC_HDR];
	while (size - pos >= STORE_REC_HDR) {
		if (store_pread_all(fd, hb, sizeof hb, (off_t)pos) != 0 ||
		    store_get_u32(hb) != STORE_REC_MAGIC)
			break;
		uint32_t len = store_get_u32(hb + 4);
		if (len < STORE_REC_HDR + 4 || len > size - pos)
			break;
		if ((uint8_t)hb[40] == STORE_K_TRIAL && len < 4096) {
			char rec[4096];
			store_meta m;
			uint32_t l2;
			store_trial t;
			if (store_pread_all(fd, rec, len, (off_t)pos) != 0 ||
			    store_rec_head(rec, len, &m, NULL, 0, &l2) != 0 ||
			    !store_rec_body_ok(rec, len) || store_rec_trial(rec, len, &t) != 0)
				break;
			st->trial = t;
		}
		pos += len;
	}
	close(fd);
	st->trial_scanned = pos;
	st->tdev = sb.st_dev;
	st->tino = sb.st_ino;
}

/* ---- files ------------------------------------------------------------------------------ */

typedef struct save_fill {
	cfg_db *db;
	const cfg_extra *x;
	size_t nx;
	int fd;
	char *buf;
	size_t len, cap;
	bool failed;
} save_fill;

static void sf_flush(save_fill *f)
{
	if (f->len && !f->failed && store_write_all(f->fd, f->buf, f->len) != 0)
		f->failed = true;
	f->len = 0;
}

static void sf_emit(void *arg, const char *line, size_t len)
{
	save_fill *f = arg;
	if (f->len + len + 1 > f->cap) {
		sf_flush(f);
		if (len + 1 > f->cap) {
			if (!f->failed && (store_write_all(f->fd, line, len) != 0 ||
					   store_write_all(f->fd, "\n", 1) != 0))
				f->failed = true;
			return;
		}
	}
	memcpy(f->buf + f->len, line, len);
	f->buf[f->len + len] = '\n';
	f->len += len + 1;
}

static int save_write(void *arg, int fd)
{
	save_fill *f = arg;
	f->fd = fd;
	f->len = 0;
	cfg_render_extra(f->db, CFG_RUNNING, f->x, f->nx, sf_emit, f);
	sf_flush(f);
	if (f->failed && !errno)
		errno = EIO;
	return f->failed ? -1 : 0;
}

int store_save(store *st, const char *name, cfg_db *db, const cfg_extra *x, size_t nx, char *err,
	       size_t errlen)
{
	bool was = st->locked == LOCK_EX;
	if (!was && store_lock(st, true, err, errlen) != 0)
		return -1;
	save_fill f = { db, x, nx, -1, malloc(1 << 20), 0, 1 << 20, false };
	int rc = -1;
	if (!f.buf)
		snprintf(err, errlen, "out of memory");
	else
		rc = store_dir_replace(&st->dir, name, true, save_write, &f, err, errlen);
	free(f.buf);
	if (!was)
		store_unlock(st);
	return rc;
}

int store_read_file(store *st, const char *name, char **buf, size_t *len)
{
	return store_dir_read(&st->dir, name, (size_t)1 << 32, buf, len);
}

int store_result_write(store *st, const char *text, size_t len, char *err, size_t errlen)
{
	return store_dir_replace_buf(&st->dir, STORE_RESULT, true, text, len, err, errlen);
}

int store_result_read(store *st, char **buf, size_t *len)
{
	return store_dir_read(&st->dir, STORE_RESULT, (size_t)1 << 24, buf, len);
}

/* ---- for the backend daemon ---------------------------------------------------------------- */

int store_load_dir(const char *dir, cfg_db *db, bool *damaged, char *err, size_t errlen)
{
	store_opts o = { .dir = dir };
	struct stat sb;
	if (damaged)
		*damaged = false;
	if (lstat(dir, &sb) != 0 && errno == ENOENT)
		return 0; /* nothing committed yet */
	store *st = store_open(&o, err, errlen);
	if (!st)
		return -1;
	int rc = store_load(st, db, err, errlen);
	if (rc == STORE_LEGACY) {
		snprintf(err, errlen, "%s is in the first release's format: start vrpsh on it once "
				      "and commit to write it again",
			 dir);
		rc = -1;
	}
	if (damaged)
		*damaged = st->dmg.damaged;
	store_close(st);
	return rc;
}
