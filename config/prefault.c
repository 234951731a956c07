/* Fresh memory made ready on the other core while a large configuration
 * is built.
 *
 * A new page costs the kernel a fault and a page of zeroes, and in a
 * virtual machine often the host a fault of its own: for a replayed file
 * of some hundred thousand lines that is a sixth of the time, all of it
 * spent waiting on the thread that parses.  During a bulk build a helper
 * thread keeps PF_AHEAD pool blocks (huge pages) faulted in and hands them
 * to the pool as it needs them.  Before that it makes the identity hash's
 * arrays and the change list for the size expected, which the build takes
 * up the next time its own are full: the hash is written at random from
 * the first line on, so arrays the builder allocated itself would be
 * faulted in on its own thread.  When the helper falls behind, the pool
 * takes its blocks and the tables grow as before: the helper only ever
 * saves time, never holds the builder up.
 *
 * The helper touches nothing the builder sees until it is handed over
 * under the lock: its blocks and tables are its own until then. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "cfg_private.h"
#include "thread.h"

#define PF_AHEAD 2
#define PF_PAGE 4096

struct cfg_prefault {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void *ready[PF_AHEAD]; /* faulted-in blocks, not yet the pool's */
	int n;
	bool stop;
	size_t taken; /* blocks handed to the pool */
	/* tables for the expected size, made first: the identity hash's
	 * arrays (nslots) and the change list (capchg places); handed over
	 * once each, when made (under mu) */
	size_t nslots, capchg;
	cfg_entry **slots, **chg;
	uint8_t *tags;
	bool made;
	int tables_taken;
};

/* Fault in the whole pages of p[0..len) (an array from malloc starts
 * inside its first page). */
static void populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t a = ((uintptr_t)p + PF_PAGE - 1) & ~(uintptr_t)(PF_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + len) & ~(uintptr_t)(PF_PAGE - 1);
	if (p && e > a)
		(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE); /* older kernels: EINVAL */
#else
	(void)p, (void)len;
#endif
}

static void *fresh_block(void)
{
	char *b = aligned_alloc(CFG_POOL_HUGE, CFG_POOL_HUGE);
	if (!b)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(b, CFG_POOL_HUGE, MADV_HUGEPAGE);
#endif
	/* one write a page: a huge page takes one fault, small pages one each */
	for (size_t i = 0; i < CFG_POOL_HUGE; i += PF_PAGE)
		((volatile char *)b)[i] = 0;
	return b;
}

static bool stopping(cfg_prefault *pf)
{
	pthread_mutex_lock(&pf->mu);
	bool stop = pf->stop;
	pthread_mutex_unlock(&pf->mu);
	return stop;
}

/* populate() a huge page at a time, until told to stop: a build that ends
 * early does not wait for tables it will never take. */
static bool populate_all(cfg_prefault *pf, void *p, size_t len)
{
	for (size_t off = 0; off < len; off += CFG_POOL_HUGE) {
		if (stopping(pf))
			return false;
		populate((char *)p + off, len - off < CFG_POOL_HUGE ? len - off : CFG_POOL_HUGE);
	}
	return true;
}

/* Free tables of pf's sizes (any may be NULL). */
static void drop_tables(const cfg_prefault *pf, cfg_entry **slots, uint8_t *tags, cfg_entry **chg)
{
	cfg_big_free(slots, pf->nslots * sizeof *slots);
	cfg_big_free(tags, pf->nslots);
	cfg_big_free(chg, pf->capchg * sizeof *chg);
}

/* The tables of the expected size, faulted in.  The build keeps its own
 * until it next needs room, and takes these then: it never waits for
 * them, and writes no page of them that is not in memory yet. */
static void make_tables(cfg_prefault *pf)
{
	size_t ls = pf->nslots * sizeof(cfg_entry *), lc = pf->capchg * sizeof(cfg_entry *);
	cfg_entry **slots = cfg_big_alloc(ls), **chg = cfg_big_alloc(lc);
	uint8_t *tags = cfg_big_alloc(pf->nslots);
	if (!slots || !tags || !chg || !populate_all(pf, tags, pf->nslots) ||
	    !populate_all(pf, slots, ls) || !populate_all(pf, chg, lc)) {
		drop_tables(pf, slots, tags, chg);
		return;
	}
	pthread_mutex_lock(&pf->mu);
	pf->slots = slots;
	pf->tags = tags;
	pf->chg = chg;
	pf->made = true;
	pthread_mutex_unlock(&pf->mu);
}

static void *helper(void *arg)
{
	cfg_prefault *pf = arg;

	if (pf->nslots)
		make_tables(pf);
	pthread_mutex_lock(&pf->mu);
	for (;;) {
		while (!pf->stop && pf->n == PF_AHEAD)
			pthread_cond_wait(&pf->cv, &pf->mu);
		if (pf->stop)
			break;
		pthread_mutex_unlock(&pf->mu);
		void *b = fresh_block();
		pthread_mutex_lock(&pf->mu);
		if (!b)
			break; /* out of memory: the pool will say so itself */
		pf->ready[pf->n++] = b;
	}
	pthread_mutex_unlock(&pf->mu);
	return NULL;
}

void *cfg_prefault_take(cfg_prefault *pf)
{
	void *b = NULL;

	pthread_mutex_lock(&pf->mu);
	if (pf->n > 0) {
		b = pf->ready[--pf->n];
		pf->taken++;
		pthread_cond_signal(&pf->cv);
	}
	pthread_mutex_unlock(&pf->mu);
	return b;
}

bool cfg_prefault_hash(cfg_prefault *pf, cfg_entry ***slots, uint8_t **tags, size_t *n)
{
	pthread_mutex_lock(&pf->mu);
	bool ok = pf->made && pf->slots;
	if (ok) {
		*slots = pf->slots;
		*tags = pf->tags;
		*n = pf->nslots;
		pf->slots = NULL;
		pf->tags = NULL;
		pf->tables_taken++;
	}
	pthread_mutex_unlock(&pf->mu);
	return ok;
}

bool cfg_prefault_chg(cfg_prefault *pf, cfg_entry ***chg, size_t *cap)
{
	pthread_mutex_lock(&pf->mu);
	bool ok = pf->made && pf->chg;
	if (ok) {
		*chg = pf->chg;
		*cap = pf->capchg;
		pf->chg = NULL;
		pf->tables_taken++;
	}
	pthread_mutex_unlock(&pf->mu);
	return ok;
}

int cfg_prefault_begin(cfg_db *db, size_t entries)
{
	if (!db || !cfg_pool_fini_frees_all())
		return 0; /* every piece a malloc of its own: nothing to fault in */
	if (db->pool.pf)
		return 1;
	cfg_prefault *pf = calloc(1, sizeof *pf);
	if (!pf)
		return -1;
	/* tables only where the build's would grow */
	size_t nslots = cfg_hash_slots_for(db->count + entries);
	size_t capchg = (size_t)db->nchg + entries;
	if (nslots > db->nslots && capchg > db->capchg && capchg <= UINT32_MAX) {
		pf->nslots = nslots;
		pf->capchg = capchg;
	}
	if (pthread_mutex_init(&pf->mu, NULL) != 0) {
		free(pf);
		return -1;
	}
	if (pthread_cond_init(&pf->cv, NULL) != 0) {
		pthread_mutex_destroy(&pf->mu);
		free(pf);
		return -1;
	}
	int rc = cfg_thread_start(&pf->thread, helper, pf);
	if (rc != 0) {
		pthread_cond_destroy(&pf->cv);
		pthread_mutex_destroy(&pf->mu);
		free(pf);
		return -1;
	}
	db->pool.pf = pf;
	return 1;
}

/* Blocks ready, or tables taken, read under the lock. */
static int count(cfg_db *db, bool tables)
{
	cfg_prefault *pf = db ? db->pool.pf : NULL;
	int n = 0;

	if (pf) {
		pthread_mutex_lock(&pf->mu);
		n = tables ? pf->tables_taken : pf->n;
		pthread_mutex_unlock(&pf->mu);
	}
	return n;
}

int cfg_prefault_ready(cfg_db *db)
{
	return count(db, false);
}

int cfg_prefault_tables(cfg_db *db)
{
	return count(db, true);
}

size_t cfg_prefault_end(cfg_db *db)
{
	cfg_prefault *pf = db ? db->pool.pf : NULL;

	if (!pf)
		return 0;
	pthread_mutex_lock(&pf->mu);
	pf->stop = true;
	pthread_cond_signal(&pf->cv);
	pthread_mutex_unlock(&pf->mu);
	pthread_join(pf->thread, NULL);
	for (int i = 0; i < pf->n; i++)
		free(pf->ready[i]);
	drop_tables(pf, pf->slots, pf->tags, pf->chg); /* what the build did not take */
	size_t taken = pf->taken;
	pthread_cond_destroy(&pf->cv);
	pthread_mutex_destroy(&pf->mu);
	free(pf);
	db->pool.pf = NULL;
	return taken;
}
