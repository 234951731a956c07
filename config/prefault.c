/* Fresh memory made ready on the other core while a large configuration
 * is built.
 *
 * A new page costs the kernel a fault and a page of zeroes, and in a
 * virtual machine often the host a fault of its own: for a replayed file
 * of some hundred thousand lines that is a sixth of the time, all of it
 * spent waiting on the thread that parses.  During a bulk build a helper
 * thread keeps PF_AHEAD pool blocks (huge pages) faulted in and hands them
 * to the pool as it needs them; it also faults in the identity hash's
 * arrays, which the build then touches at random.  When the helper falls
 * behind, the pool takes its blocks as before: the helper only ever saves
 * time, never holds the builder up.
 *
 * The helper touches nothing the builder sees until it is handed over
 * under the lock: its blocks are its own until then, and the hash arrays
 * are faulted in by the kernel (MADV_POPULATE_WRITE), not written. */
#include <pthread.h>
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
	/* the identity hash's arrays, faulted in first */
	void *slots, *tags;
	size_t slots_len, tags_len;
};

static void populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	if (p && len)
		(void)madvise(p, len, MADV_POPULATE_WRITE); /* older kernels: EINVAL, no harm */
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

static void *helper(void *arg)
{
	cfg_prefault *pf = arg;

	populate(pf->tags, pf->tags_len);
	populate(pf->slots, pf->slots_len);
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

int cfg_prefault_begin(cfg_db *db)
{
	if (!db || !cfg_pool_fini_frees_all())
		return 0; /* every piece a malloc of its own: nothing to fault in */
	if (db->pool.pf)
		return 1;
	cfg_prefault *pf = calloc(1, sizeof *pf);
	if (!pf)
		return -1;
	pf->slots = db->slots;
	pf->slots_len = db->nslots * sizeof *db->slots;
	pf->tags = db->tags;
	pf->tags_len = db->nslots;
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

int cfg_prefault_ready(cfg_db *db)
{
	cfg_prefault *pf = db ? db->pool.pf : NULL;
	int n = 0;

	if (pf) {
		pthread_mutex_lock(&pf->mu);
		n = pf->n;
		pthread_mutex_unlock(&pf->mu);
	}
	return n;
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
	size_t taken = pf->taken;
	pthread_cond_destroy(&pf->cv);
	pthread_mutex_destroy(&pf->mu);
	free(pf);
	db->pool.pf = NULL;
	return taken;
}
