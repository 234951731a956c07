/* The change list, commit, discard and commit hooks.
 *
 * Every entry whose candidate text becomes different from its running text
 * joins the change list once (CFG_S_LISTED).  It may become equal again
 * (an uncommitted creation undone, a value set back); it then stays listed
 * but no longer counts in ndiff, which is what cfg_pending() reports.  Dead
 * entries are always listed, so commit and discard free them from there:
 * both cost time in proportion to the change list, never to the size of
 * the configuration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_private.h"

#define CHG_KEEP 4096 /* change-list capacity kept across commits */

void cfg_chg_release(cfg_db *db)
{
	size_t len = (size_t)db->capchg * sizeof *db->chg;
	if (db->chg_mapped)
		cfg_big_free(db->chg, len);
	else
		cfg_pool_free(&db->pool, db->chg, len);
	db->chg = NULL;
	db->capchg = 0;
	db->chg_mapped = false;
}

/* Put the list's entries into v (cap places; `mapped`: the prefault
 * helper's) in place of the array it has. */
static void chg_rehome(cfg_db *db, cfg_entry **v, size_t cap, bool mapped)
{
	if (db->nchg)
		memcpy(v, db->chg, db->nchg * sizeof *v);
	cfg_chg_release(db);
	db->chg = v;
	db->capchg = (uint32_t)cap;
	db->chg_mapped = mapped;
}

int cfg_chg_reserve(cfg_db *db, size_t more)
{
	size_t need = (size_t)db->nchg + more;
	if (need <= db->capchg)
		return 0;
	cfg_entry **v;
	size_t cap;
	if (db->pool.pf && cfg_prefault_chg(db->pool.pf, &v, &cap)) {
		if (cap >= need && cap <= UINT32_MAX) {
			chg_rehome(db, v, cap, true);
			return 0;
		}
		cfg_big_free(v, cap * sizeof *v);
	}
	if (db->chg_mapped) { /* a mapping does not grow in the pool: move */
		uint32_t c = 0;
		if (!(v = cfg_pool_grow(&db->pool, NULL, &c, need, sizeof *v)))
			return -1;
		chg_rehome(db, v, c, false);
		return 0;
	}
	v = cfg_pool_grow(&db->pool, db->chg, &db->capchg, need, sizeof *db->chg);
	if (!v)
		return -1;
	db->chg = v;
	return 0;
}

void cfg_note(cfg_db *db, cfg_entry *e, int was)
{
	int now = cfg_changed(e);
	if (now && !was)
		db->ndiff++;
	else if (!now && was)
		db->ndiff--;
	if ((now || (e->state & CFG_S_DEAD)) && !(e->state & CFG_S_LISTED)) {
		db->chg[db->nchg++] = e; /* room reserved by the caller */
		e->state |= CFG_S_LISTED;
	}
}

bool cfg_pending(const cfg_db *db)
{
	return db && db->ndiff > 0;
}

size_t cfg_npending(const cfg_db *db)
{
	return db ? db->ndiff : 0;
}

int cfg_hook_add_ex(cfg_db *db, cfg_hook_fn prepare, cfg_hook_fn apply, cfg_abort_fn abort,
		    void *arg)
{
	if (!db || db->nhooks == CFG_MAX_HOOKS || (!prepare && !apply))
		return -1;
	db->hooks[db->nhooks].prepare = prepare;
	db->hooks[db->nhooks].apply = apply;
	db->hooks[db->nhooks].abort = abort;
	db->hooks[db->nhooks].after = NULL;
	db->hooks[db->nhooks].arg = arg;
	db->nhooks++;
	return 0;
}

int cfg_hook_add_after(cfg_db *db, cfg_after_fn after, void *arg)
{
	if (!db || db->nhooks == CFG_MAX_HOOKS || !after)
		return -1;
	memset(&db->hooks[db->nhooks], 0, sizeof db->hooks[0]);
	db->hooks[db->nhooks].after = after;
	db->hooks[db->nhooks].arg = arg;
	db->nhooks++;
	return 0;
}

/* Do some hooks take the change array? */
static bool hooks_want_changes(const cfg_db *db)
{
	for (int h = 0; h < db->nhooks; h++)
		if (!db->hooks[h].after)
			return true;
	return false;
}

int cfg_hook_add(cfg_db *db, cfg_hook_fn prepare, cfg_hook_fn apply, void *arg)
{
	return cfg_hook_add_ex(db, prepare, apply, NULL, arg);
}

/* Fill out[] with the changed entries in the documented order (cfg.h):
 * removals deepest first, then additions and modifications shallowest
 * first, each group in change-list order.  A counting sort on depth.
 * Returns the number of changes, or -1 when out of memory. */
static long order_changes(cfg_db *db, cfg_change *out, size_t max)
{
	int maxd = 0;
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_chg_prefetch(db, i);
		cfg_entry *e = db->chg[i];
		if (cfg_changed(e)) {
			int d = cfg_depth(e);
			maxd = d > maxd ? d : maxd;
		}
	}
	/* bucket of a removal at depth d: maxd - d; of another change:
	 * maxd + 1 + d */
	size_t nb = 2 * (size_t)maxd + 2;
	size_t *pos = calloc(nb + 1, sizeof *pos);
	if (!pos)
		return -1;
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_chg_prefetch(db, i);
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e))
			continue;
		int d = cfg_depth(e);
		size_t b = e->txt[CFG_CANDIDATE] ? (size_t)(maxd + 1 + d) : (size_t)(maxd - d);
		pos[b + 1]++;
	}
	for (size_t b = 1; b <= nb; b++)
		pos[b] += pos[b - 1];
	size_t n = pos[nb];
	if (n > max) { /* the counter disagrees with the list: a defect */
		free(pos);
		return -1;
	}
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_chg_prefetch(db, i);
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e))
			continue;
		int d = cfg_depth(e);
		size_t b = e->txt[CFG_CANDIDATE] ? (size_t)(maxd + 1 + d) : (size_t)(maxd - d);
		cfg_change *c = &out[pos[b]++];
		c->e = e;
		c->old_text = e->txt[CFG_RUNNING];
		c->new_text = e->txt[CFG_CANDIDATE];
	}
	free(pos);
	return (long)n;
}

/* After running took the candidate's string: move it into the entry's
 * inline buffer when it fits there, freeing the separate string. */
static void settle_inline(cfg_db *db, cfg_entry *e)
{
	const char *t = e->txt[CFG_RUNNING];
	char *inl = cfg_inline(e);
	if (!t || t == inl || (e->state & CFG_S_DEAD))
		return;
	size_t len = strlen(t);
	if (len >= e->cap)
		return;
	memcpy(inl, t, len + 1);
	e->txt[CFG_RUNNING] = e->txt[CFG_CANDIDATE] = inl;
	cfg_pool_free(&db->pool, (void *)t, len + 1);
}

/* Take e off the change list; a dead one moves to the list's first
 * *ndead places (for reap_dead). */
static inline void unlist(cfg_db *db, cfg_entry *e, uint32_t *ndead)
{
	e->state &= (uint8_t)~CFG_S_LISTED;
	if (e->state & CFG_S_DEAD)
		db->chg[(*ndead)++] = e;
}

/* Empty the change list whose entries are off it, the dead ones in its
 * first ndead places: free them. */
static void reap_dead(cfg_db *db, uint32_t ndead)
{
	cfg_own_reap(db, db->chg, ndead);
	for (uint32_t i = 0; i < ndead; i++)
		cfg_entry_free(db, db->chg[i]);
	db->nchg = 0;
	if (db->capchg > CHG_KEEP)
		cfg_chg_release(db);
	if (db->capwork > CHG_KEEP) {
		cfg_pool_free(&db->pool, db->work, (size_t)db->capwork * sizeof *db->work);
		db->work = NULL;
		db->capwork = 0;
	}
}

/* Empty the change list, freeing the dead entries on it. */
static void reap(cfg_db *db)
{
	uint32_t ndead = 0;
	for (uint32_t i = 0; i < db->nchg; i++)
		unlist(db, db->chg[i], &ndead);
	reap_dead(db, ndead);
}

static int by_seq_desc(const void *a, const void *b)
{
	uint64_t x = cfg_e_seq(((const cfg_change *)a)->e), y = cfg_e_seq(((const cfg_change *)b)->e);
	return x < y ? 1 : x > y ? -1 : 0;
}

int cfg_changes_visit(cfg_db *db, cfg_change_fn fn, void *arg)
{
	if (!db || !db->ndiff)
		return 0;
	/* the removals, gathered in one pass over the list */
	cfg_change *rem = NULL;
	size_t nrem = 0, cap = 0;
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_chg_prefetch(db, i);
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e) || e->txt[CFG_CANDIDATE])
			continue;
		if (nrem == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			cfg_change *v = realloc(rem, ncap * sizeof *v);
			if (!v) {
				free(rem);
				return -1;
			}
			rem = v;
			cap = ncap;
		}
		rem[nrem++] = (cfg_change){ e, e->txt[CFG_RUNNING], NULL };
	}
	if (nrem > 1)
		qsort(rem, nrem, sizeof *rem, by_seq_desc);
	int rc = 0;
	for (size_t i = 0; i < nrem && !rc; i++)
		rc = fn(arg, &rem[i]);
	free(rem);
	for (uint32_t i = 0; i < db->nchg && !rc; i++) {
		cfg_chg_prefetch(db, i);
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e) || !e->txt[CFG_CANDIDATE])
			continue;
		cfg_change c = { e, e->txt[CFG_RUNNING], e->txt[CFG_CANDIDATE] };
		rc = fn(arg, &c);
	}
	return rc;
}

typedef struct collect {
	cfg_change *v;
	size_t n, max;
} collect;

static int collect_one(void *arg, const cfg_change *c)
{
	collect *k = arg;
	if (k->n == k->max) /* the counter disagrees with the list: a defect */
		return -1;
	k->v[k->n++] = *c;
	return 0;
}

long cfg_changes(cfg_db *db, cfg_change **out)
{
	*out = NULL;
	if (!db || !db->ndiff)
		return 0;
	collect k = { malloc(db->ndiff * sizeof *k.v), 0, db->ndiff };
	if (!k.v || cfg_changes_visit(db, collect_one, &k) != 0) {
		free(k.v);
		return -1;
	}
	*out = k.v;
	return (long)k.n;
}

int cfg_commit_ex(cfg_db *db, unsigned flags, cfg_hook_fn log, void *logarg, char *err,
		  size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!db) {
		if (err && errlen)
			snprintf(err, errlen, "no configuration database");
		return -1;
	}
	int nhooks = (flags & CFG_COMMIT_NO_HOOKS) ? 0 : db->nhooks;
	bool changed = db->ndiff != 0, unlisted = false;
	uint32_t ndead = 0;
	if (db->ndiff && (nhooks == 0 || !hooks_want_changes(db))) {
		/* no hook wants the ordered array (a load, a replay without a
		 * backend): running takes the candidate straight off the list */
		if (log && log(logarg, db, NULL, 0, err, errlen) != 0) {
			if (err && errlen && !err[0])
				snprintf(err, errlen, "the commit was refused");
			return -1;
		}
		/* one pass over the entries: each also leaves the list here
		 * rather than in a second pass (reap) */
		for (uint32_t i = 0; i < db->nchg; i++) {
			cfg_chg_prefetch(db, i);
			cfg_entry *e = db->chg[i];
			if (cfg_changed(e)) {
				const char *old = e->txt[CFG_RUNNING], *cand = e->txt[CFG_CANDIDATE];
				if (!cand) /* removed: unlink while running still names it */
					cfg_entry_unlink(db, e);
				e->txt[CFG_RUNNING] = cand;
				cfg_text_release(db, e, old);
				settle_inline(db, e);
				if (cand)
					cfg_kids_fit(db, CFG_SECT(e->parent));
			}
			unlist(db, e, &ndead);
		}
		unlisted = true;
		db->ndiff = 0;
	} else if (db->ndiff) {
		size_t chgsz = db->ndiff * sizeof(cfg_change);
		cfg_change *chg = cfg_big_alloc(chgsz); /* a large replay's: huge pages */
		long n = chg ? order_changes(db, chg, db->ndiff) : -1;
		if (n < 0) {
			cfg_big_free(chg, chgsz);
			if (err && errlen)
				snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (int h = 0; h <= nhooks; h++) {
			cfg_hook_fn fn = h < nhooks ? db->hooks[h].prepare : log;
			void *arg = h < nhooks ? db->hooks[h].arg : logarg;
			if (fn && fn(arg, db, chg, (size_t)n, err, errlen) != 0) {
				if (err && errlen && !err[0])
					snprintf(err, errlen, "the commit was refused");
				for (int a = h - 1; a >= 0; a--)
					if (db->hooks[a].abort && db->hooks[a].prepare)
						db->hooks[a].abort(db->hooks[a].arg, db);
				cfg_big_free(chg, chgsz);
				return -1;
			}
		}
		for (long i = 0; i < n; i++) {
			cfg_entry *e = chg[i].e;
			if (!e->txt[CFG_CANDIDATE]) /* removed: unlink while running still names it */
				cfg_entry_unlink(db, e);
			e->txt[CFG_RUNNING] = e->txt[CFG_CANDIDATE];
		}
		db->ndiff = 0;
		for (int h = 0; h < nhooks; h++) {
			char scratch[256];
			cfg_hook_fn fn = db->hooks[h].apply;
			if (fn)
				fn(db->hooks[h].arg, db, chg, (size_t)n, scratch, sizeof scratch);
		}
		for (long i = 0; i < n; i++) {
			cfg_entry *e = chg[i].e;
			cfg_text_release(db, e, chg[i].old_text);
			settle_inline(db, e);
			if (chg[i].new_text)
				cfg_kids_fit(db, CFG_SECT(e->parent));
		}
		cfg_big_free(chg, chgsz);
	}
	if (changed) /* recorded with the change (cfg_moves_visit) */
		cfg_moves_settle(db, true);
	if (unlisted)
		reap_dead(db, ndead);
	else
		reap(db);
	for (int h = 0; changed && h < nhooks; h++)
		if (db->hooks[h].after)
			db->hooks[h].after(db->hooks[h].arg, db);
	return 0;
}

int cfg_commit(cfg_db *db, char *err, size_t errlen)
{
	return cfg_commit_ex(db, 0, NULL, NULL, err, errlen);
}

void cfg_discard(cfg_db *db)
{
	if (!db)
		return;
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e))
			continue;
		const char *old = e->txt[CFG_CANDIDATE];
		if (!e->txt[CFG_RUNNING]) /* created in the candidate: it dies */
			cfg_entry_unlink(db, e);
		e->txt[CFG_CANDIDATE] = e->txt[CFG_RUNNING];
		cfg_text_release(db, e, old);
	}
	db->ndiff = 0;
	cfg_moves_settle(db, false);
	reap(db);
}
