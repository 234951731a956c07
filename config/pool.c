/* Pool allocator for the configuration tree.
 *
 * Entries, strings and small vectors come in a few hundred thousand small
 * pieces of a handful of sizes.  Carving them out of 64 KiB blocks, with one
 * free list per 8-byte size class, saves malloc's per-chunk header and
 * rounding (about 16 bytes a line) and makes allocation a pointer bump.
 * Memory returns to the system when the database is freed.
 *
 * Under AddressSanitizer every piece is a malloc of its own, so that
 * overflows and use after free are still caught. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cfg_private.h"

#if defined(__SANITIZE_ADDRESS__)
#define POOL_DIRECT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_DIRECT 1
#endif
#endif

#define POOL_BLOCK (64 * 1024)
#define POOL_HDR 16 /* block header: link to the previous block, padded */
/* Past this much, blocks are 2 MiB and asked to be huge pages: a
 * configuration of a million lines then takes a few hundred page faults
 * instead of tens of thousands.  Small ones stay in small blocks. */
#define POOL_SMALL_BYTES (8u << 20)
#define POOL_HUGE (2u << 20)

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

#ifndef POOL_DIRECT
/* Pieces above CFG_POOL_MAX are malloc'ed, behind this header: a list of
 * them lets cfg_pool_fini free them all, so that a database is freed
 * without visiting its entries. */
typedef struct big_piece {
	struct big_piece *prev, *next;
} big_piece;

static void big_link(cfg_pool *p, big_piece *b)
{
	b->prev = NULL;
	b->next = p->big;
	if (b->next)
		b->next->prev = b;
	p->big = b;
}

static void big_unlink(cfg_pool *p, big_piece *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		p->big = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

static void *big_new(cfg_pool *p, size_t n)
{
	big_piece *b = malloc(sizeof *b + n);
	if (!b)
		return NULL;
	big_link(p, b);
	return b + 1;
}

static void big_free(cfg_pool *p, void *ptr)
{
	big_piece *b = (big_piece *)ptr - 1;
	big_unlink(p, b);
	free(b);
}

static void *big_resize(cfg_pool *p, void *ptr, size_t n)
{
	big_piece *b = (big_piece *)ptr - 1;
	big_unlink(p, b);
	big_piece *nb = realloc(b, sizeof *nb + n);
	big_link(p, nb ? nb : b); /* realloc failed: the old piece stays */
	return nb ? nb + 1 : NULL;
}
#endif

#ifndef POOL_DIRECT
static void push_free(cfg_pool *p, void *ptr, size_t n)
{
	void **slot = ptr;
	*slot = p->free[n / 8];
	p->free[n / 8] = ptr;
}
#endif

void *cfg_pool_alloc(cfg_pool *p, size_t n)
{
	n = round8(n ? n : 1);
#ifdef POOL_DIRECT
	(void)p;
	return malloc(n);
#else
	if (n > CFG_POOL_MAX)
		return big_new(p, n);
	void **head = p->free[n / 8];
	if (head) {
		p->free[n / 8] = *head;
		return head;
	}
	if (p->left < n) {
		size_t bs = p->total < POOL_SMALL_BYTES ? POOL_BLOCK : POOL_HUGE;
		char *b = bs == POOL_HUGE ? aligned_alloc(POOL_HUGE, POOL_HUGE) : malloc(bs);
		if (!b)
			return NULL;
#ifdef MADV_HUGEPAGE
		if (bs == POOL_HUGE)
			madvise(b, POOL_HUGE, MADV_HUGEPAGE);
#endif
		p->total += bs;
		if (p->left >= 8) /* keep the tail of the old block */
			push_free(p, p->cur, p->left & ~(size_t)7);
		*(void **)b = p->blocks;
		p->blocks = b;
		p->cur = b + POOL_HDR;
		p->left = bs - POOL_HDR;
	}
	void *r = p->cur;
	p->cur += n;
	p->left -= n;
	return r;
#endif
}

void cfg_pool_free(cfg_pool *p, void *ptr, size_t n)
{
	if (!ptr)
		return;
	n = round8(n ? n : 1);
#ifdef POOL_DIRECT
	(void)p;
	free(ptr);
#else
	if (n > CFG_POOL_MAX)
		big_free(p, ptr);
	else
		push_free(p, ptr, n);
#endif
}

bool cfg_pool_fini_frees_all(void)
{
#ifdef POOL_DIRECT
	return false;
#else
	return true;
#endif
}

void cfg_pool_fini(cfg_pool *p)
{
#ifndef POOL_DIRECT
	for (big_piece *g = p->big, *next; g; g = next) {
		next = g->next;
		free(g);
	}
#endif
	void *b = p->blocks;
	while (b) {
		void *next = *(void **)b;
		free(b);
		b = next;
	}
	memset(p, 0, sizeof *p);
}

char *cfg_pool_strdup(cfg_pool *p, const char *s, size_t len)
{
	char *r = cfg_pool_alloc(p, len + 1);
	if (r) {
		memcpy(r, s, len);
		r[len] = '\0';
	}
	return r;
}

void *cfg_pool_resize(cfg_pool *p, void *vec, size_t oldsz, size_t newsz)
{
	void *nv;
#ifndef POOL_DIRECT
	if (oldsz > CFG_POOL_MAX && newsz > CFG_POOL_MAX) /* both malloc's: let it move pages */
		return big_resize(p, vec, newsz);
#endif
	nv = cfg_pool_alloc(p, newsz);
	if (!nv)
		return NULL;
	if (oldsz)
		memcpy(nv, vec, oldsz < newsz ? oldsz : newsz);
	cfg_pool_free(p, vec, oldsz);
	return nv;
}

void *cfg_pool_grow(cfg_pool *p, void *vec, uint32_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return vec;
	size_t ncap = *cap ? *cap : 2;
	while (ncap < need)
		ncap *= 2;
	if (ncap > UINT32_MAX || ncap > SIZE_MAX / elem)
		return NULL;
	void *nv = cfg_pool_resize(p, vec, (size_t)*cap * elem, ncap * elem);
	if (nv)
		*cap = (uint32_t)ncap;
	return nv;
}

/* ---- large arrays ----------------------------------------------------- */

/* Arrays of megabytes (the identity hash of a large configuration) are
 * mapped on their own and asked to be huge pages. */
#define BIG_ARRAY (4u << 20)

void *cfg_big_alloc(size_t n)
{
#ifndef POOL_DIRECT
	if (n >= BIG_ARRAY) {
		void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
#ifdef MADV_HUGEPAGE
		madvise(p, n, MADV_HUGEPAGE);
#endif
		return p; /* zeroed */
	}
#endif
	return calloc(n ? n : 1, 1);
}

void cfg_big_free(void *p, size_t n)
{
	if (!p)
		return;
#ifndef POOL_DIRECT
	if (n >= BIG_ARRAY) {
		munmap(p, n);
		return;
	}
#endif
	(void)n;
	free(p);
}
