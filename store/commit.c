/* Commits through the journal, checkpoints and the compaction of the
 * journal, and records of the trial state (see store.h). */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpoint.h"
#include "ckpt_beside.h"
#include "store_priv.h"

/* May this process write?  0, or -1 with the reason. */
static int writable(store *st, char *err, size_t errlen)
{
	if (st->dmg.damaged) {
		char msg[768];
		store_damage_message(st, msg, sizeof msg);
		snprintf(err, errlen, "Error: The configuration cannot be saved: %s.", msg);
		return -1;
	}
	if (!st->loaded) {
		snprintf(err, errlen, "Error: The configuration of %s is not loaded.", st->dir.path);
		return -1;
	}
	if (st->locked != 2 /* LOCK_EX */) {
		snprintf(err, errlen, "Error: The state directory is not locked.");
		return -1;
	}
	return 0;
}

static uint64_t next_id(const store *st)
{
	uint64_t last = st->last_id;
	if (st->hw_valid && st->hw_id > last)
		last = st->hw_id; /* given out before, perhaps lost to damage since */
	return last < STORE_FIRST_COMMIT_ID - 1 ? STORE_FIRST_COMMIT_ID : last + 1;
}

/* ---- checkpoints and compaction ---------------------------------------------- */

/* The first record the journal must keep: the newest STORE_HIST_POINTS
 * commit points, every labelled point, and what a running trial needs. */
static size_t retain_from(const store *st)
{
	size_t points = 0, r = st->nrec;
	for (size_t i = st->nrec; i-- > 0;) {
		const store_jrec *j = &st->rec[i];
		if (j->kind == STORE_K_COMMIT && j->h.commit_id && points < STORE_HIST_POINTS) {
			points++;
			r = i;
		}
		if (j->kind == STORE_K_COMMIT && j->h.commit_id && j->h.label[0])
			r = i;
		if (st->trial.active && j->h.seq > st->trial.base_seq)
			r = i < r ? i : r;
	}
	return r;
}

/* Is a checkpoint due once `more` bytes are appended to the journal?  It
 * is when the journal has grown past the checkpoint by half its size (at
 * least STORE_COMPACT_MIN), so that checkpoints cost a bounded share of
 * the commits' own writes. */
static bool ckpt_due(const store *st, uint64_t more)
{
	size_t lo = store_journal_after(st, st->ckpt_seq);
	uint64_t start = lo < st->nrec ? st->rec[lo].off : st->jend;
	uint64_t past = st->jend + more - start;
	return past >= STORE_COMPACT_MIN && past >= st->ckpt_bytes / 2;
}

/* The highest commit ID a checkpoint made after this commit carries: the
 * journal's, the high-water mark's, and `id` (the commit's own while it is
 * being logged). */
static uint64_t ckpt_commit_id(const store *st, uint64_t id)
{
	uint64_t top = st->last_id > id ? st->last_id : id;
	return st->hw_id > top ? st->hw_id : top;
}

/* After a commit: a new checkpoint when one is due (the one written beside
 * the commit's record when there is one, else written now), then the
 * journal drops what history no longer needs. */
static void maybe_compact(store *st, cfg_db *db, store_beside *pre)
{
	char err[512];
	if (!ckpt_due(st, 0)) {
		if (pre)
			store_dir_abandon(&st->dir, pre->tmp);
		return;
	}
	store_ckpt_info ci = { st->last_seq, ckpt_commit_id(st, 0), cfg_seq_counter(db), 0, 0 };
	if (pre && (pre->info.seq != ci.seq || pre->info.commit_id != ci.commit_id ||
		    pre->info.seqhw != ci.seqhw)) {
		/* the commit went otherwise than foreseen: write it anew */
		store_dir_abandon(&st->dir, pre->tmp);
		pre = NULL;
	}
	if (pre) {
		if (store_dir_install(&st->dir, pre->tmp, STORE_CKPT, true, err, sizeof err) != 0) {
			store_warnf(st, "checkpoint not written: %s", err);
			return;
		}
		ci = pre->info;
	} else if (store_ckpt_write(&st->dir, STORE_CKPT, db, &ci, err, sizeof err) != 0) {
		store_warnf(st, "checkpoint not written: %s", err);
		return;
	}
	st->ckpt_seq = st->last_seq;
	st->ckpt_bytes = ci.bytes;
	size_t r = retain_from(st);
	uint64_t base = r < st->nrec ? st->rec[r].off : st->jend;
	/* rewrite the journal only when that drops a good part of it */
	if (base < STORE_COMPACT_MIN && base < st->jend / 4)
		return;
	uint64_t base_seq = r < st->nrec ? st->rec[r].h.seq - 1 : st->last_seq;
	if (store_journal_rewrite(st, r, base_seq, err, sizeof err) != 0)
		store_warnf(st, "journal not compacted: %s", err);
}

/* ---- committing ----------------------------------------------------------------- */

typedef struct log_ctx {
	store *st;
	const store_commit_opts *o;
	bool done;
	bool prepared; /* `beside` holds the checkpoint this commit leaves */
	store_beside beside;
	char *err;
	size_t errlen;
} log_ctx;

/* The fewest bytes a change takes in a record (flags, path counts, a
 * place, an identity length, one text of a byte): with this many per
 * change a checkpoint that is due is foreseen before the record is built. */
#define CHANGE_MIN_BYTES 10

typedef struct chg_ctx {
	store_wr *w;
	cfg_db *db;
} chg_ctx;

static int add_change(void *arg, const cfg_change *c)
{
	chg_ctx *x = arg;
	store_wr_change(x->w, x->db, c->e, c->old_text, c->new_text);
	return x->w->failed ? -1 : 0;
}

typedef struct build_commit {
	cfg_db *db;
} build_commit;

static int add_move(void *arg, cfg_entry *e, cfg_order old)
{
	chg_ctx *x = arg;
	store_wr_move(x->w, x->db, e, old);
	return x->w->failed ? -1 : 0;
}

/* The changes, then the lines that only moved: a load puts them where
 * this process shows them. */
static int build_changes(void *arg, store_wr *w)
{
	build_commit *b = arg;
	chg_ctx x = { w, b->db };
	if (cfg_changes_visit(b->db, add_change, &x) != 0)
		return -1;
	return cfg_moves_visit(b->db, add_move, &x) != 0 ? -1 : 0;
}

/* cfg_commit_ex's log step: the record, written and fsynced before running
 * changes. */
static int log_commit(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	log_ctx *lc = arg;
	store *st = lc->st;
	const store_commit_opts *o = lc->o;
	(void)chg, (void)n;
	store_meta m;
	memset(&m, 0, sizeof m);
	m.seq = st->last_seq + 1;
	m.commit_id = o->point ? next_id(st) : 0;
	m.time = o->time ? o->time : (int64_t)time(NULL);
	m.seqhw = cfg_seq_counter(db);
	m.kind = STORE_K_COMMIT;
	m.type = o->type;
	m.flags = o->flags;
	m.user = o->user ? o->user : "";
	m.intf = o->intf ? o->intf : "";
	m.label = o->label ? o->label : "";
	m.desc = o->desc ? o->desc : "";
	build_commit b = { db };
	char why[256];
	/* A checkpoint surely due after this record is written meanwhile, on
	 * another thread, from the candidate side the commit will settle. */
	bool beside = false;
	if (ckpt_due(st, (uint64_t)cfg_npending(db) * CHANGE_MIN_BYTES)) {
		store_ckpt_info ci = { m.seq, ckpt_commit_id(st, m.commit_id), m.seqhw, 0, 0 };
		beside = store_beside_start(&lc->beside, &st->dir, db, &ci) == 0;
	}
	int rc = store_journal_append(st, &m, build_changes, &b, why, sizeof why);
	bool prepared = beside && store_beside_join(&lc->beside) == 0;
	if (rc != 0) {
		if (prepared)
			store_dir_abandon(&st->dir, lc->beside.tmp);
		snprintf(err, errlen, "Error: The configuration could not be saved: %s.", why);
		return -1;
	}
	lc->prepared = prepared;
	lc->done = true;
	return 0;
}

int store_commit(store *st, cfg_db *db, const store_commit_opts *o, char *err, size_t errlen)
{
	if (!cfg_pending(db))
		return 0;
	if (writable(st, err, errlen) != 0)
		return -1;
	if (st->legacy) {
		char why[512];
		if (store_legacy_upgrade(st, db, why, sizeof why) != 0) {
			snprintf(err, errlen, "Error: The state directory could not be upgraded: %s.",
				 why);
			return -1;
		}
	}
	if (st->nrec == 0 && st->last_seq == 0 && !store_dir_exists(&st->dir, STORE_CKPT)) {
		/* the first commit of a new directory: the configuration it is
		 * made on becomes the first checkpoint, so that a load never
		 * needs to know the factory configuration.  The journal comes
		 * first: a crash between the two leaves an empty journal, which
		 * loads as a new directory; a checkpoint alone would be a
		 * journal gone missing. */
		store_ckpt_info ci = { st->last_seq, st->last_id, cfg_seq_counter(db), 0, 0 };
		char why[512];
		if ((st->jfd < 0 && store_journal_create(st, why, sizeof why) != 0) ||
		    store_ckpt_write(&st->dir, STORE_CKPT, db, &ci, why, sizeof why) != 0) {
			snprintf(err, errlen, "Error: The configuration could not be saved: %s.", why);
			return -1;
		}
		st->ckpt_seq = st->last_seq;
		st->ckpt_bytes = ci.bytes;
	}
	log_ctx lc;
	memset(&lc, 0, sizeof lc);
	lc.st = st;
	lc.o = o;
	lc.err = err;
	lc.errlen = errlen;
	if (cfg_commit_ex(db, o->cfg_flags, log_commit, &lc, err, errlen) != 0)
		return -1;
	if (!lc.done)
		return 0;
	maybe_compact(st, db, lc.prepared ? &lc.beside : NULL);
	return 1;
}

/* ---- the trial state --------------------------------------------------------------- */

static int build_trial(void *arg, store_wr *w)
{
	store_wr_trial(w, arg);
	return 0;
}

int store_trial_set(store *st, const store_trial *t, char *err, size_t errlen)
{
	if (writable(st, err, errlen) != 0)
		return -1;
	store_meta m;
	memset(&m, 0, sizeof m);
	m.seq = st->last_seq + 1;
	m.time = (int64_t)time(NULL);
	m.seqhw = st->seqhw;
	m.kind = STORE_K_TRIAL;
	m.user = m.intf = m.label = m.desc = "";
	char why[256];
	if (store_journal_append(st, &m, build_trial, (void *)t, why, sizeof why) != 0) {
		snprintf(err, errlen, "Error: The trial state could not be saved: %s.", why);
		return -1;
	}
	st->trial = *t;
	st->trial_scanned = st->jend;
	st->tdev = st->jdev;
	st->tino = st->jino;
	return 0;
}

/* ---- for the backend daemon ---------------------------------------------------------- */

int store_revert_due_trial(const char *dir, int64_t now, char *err, size_t errlen)
{
	store_opts so = { .dir = dir };
	struct stat sb;
	if (lstat(dir, &sb) != 0 && errno == ENOENT)
		return 0; /* nothing committed yet */
	store *st = store_open(&so, err, errlen);
	if (!st)
		return -1;
	store_trial_peek(st);
	if (!st->trial.active || now < st->trial.deadline) {
		store_close(st);
		return 0;
	}
	int rc = -1;
	cfg_db *db = cfg_db_new();
	store_chglist l;
	store_chglist_init(&l);
	if (!db) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (store_lock(st, true, err, errlen) != 0)
		goto out;
	int lr = store_load(st, db, err, errlen);
	if (lr == STORE_LEGACY)
		snprintf(err, errlen, "%s is in the first release's format", dir);
	if (lr != 0)
		goto out;
	if (!st->trial.active || now < st->trial.deadline) { /* reverted meanwhile */
		rc = 0;
		goto out;
	}
	if (store_read(st, store_trial_from(st), st->nhist, &l, err, errlen) != 0)
		goto out;
	if (store_chglist_apply(db, &l, 0, l.n, true, NULL, NULL) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	struct passwd *pw = getpwuid(geteuid());
	store_commit_opts o = { .type = STORE_T_ROLLBACK, .point = true,
				.user = pw && pw->pw_name ? pw->pw_name : "", .intf = "",
				.time = now, .cfg_flags = CFG_COMMIT_NO_HOOKS };
	if (store_commit(st, db, &o, err, errlen) < 0)
		goto out;
	store_trial t;
	memset(&t, 0, sizeof t);
	if (store_trial_set(st, &t, err, errlen) != 0)
		goto out;
	rc = 1;
out:
	store_chglist_free(&l);
	cfg_db_free(db);
	store_close(st);
	return rc;
}
