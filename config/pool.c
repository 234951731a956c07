/* Pool allocator for the configuration tree.
 *
 * Entries, strings and small vectors come in a few hundred thousand small
 * pieces of a handful of sizes.  Carving them out of 64 KiB blocks, with one
 * free list per 8-byte size class, saves malloc's per-chunk header and
 * rounding (about 16 bytes a line) and makes allocation a pointer bump.
 * Child vectors (up to 32 KiB) come from the blocks too, in powers of two:
 * a section's vector grows by doubling and leaves its old one to the next
 * section that grows, and in a large configuration the blocks are huge
 * pages, where each fresh page of malloc's heap would cost a fault.
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
 * instead of tens of thousands.  Small ones (some thousand lines) stay in
 * small blocks. */
#define POOL_SMALL_BYTES (1u << 20)
#define POOL_HUGE CFG_POOL_HUGE

_Static_assert(CFG_POOL_MID + POOL_HDR <= POOL_BLOCK, "every piece fits a fresh block");
_Static_assert((size_t)(2 * CFG_POOL_MAX) << (CFG_POOL_NMID - 1) == CFG_POOL_MID,
	       "the classes end at CFG_POOL_MID");

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

#ifndef POOL_DIRECT
/* A mapping's length: n rounded up to whole huge pages. */
static size_t huge_len(size_t n)
{
	return (n + POOL_HUGE - 1) & ~(size_t)(POOL_HUGE - 1);
}

/* A zeroed mapping of huge_len(n) bytes that starts on a huge page
 * boundary, asked to be huge pages: unaligned, only the whole huge pages
 * inside it could be. */
static void *map_huge(size_t n)
{
	size_t len = huge_len(n);
	char *m = mmap(NULL, len + POOL_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)m + POOL_HUGE - 1) & ~(uintptr_t)(POOL_HUGE - 1));
	if (a > m)
		munmap(m, (size_t)(a - m));
	if (m + len + POOL_HUGE > a + len)
		munmap(a + len, (size_t)(m + len + POOL_HUGE - (a + len)));
#ifdef MADV_HUGEPAGE
	madvise(a, len, MADV_HUGEPAGE);
#endif
	return a;
}

/* Pieces above CFG_POOL_MID are malloc'ed, behind this header: a list of
 * them lets cfg_pool_fini free them all, so that a database is freed
 * without visiting its entries.  Pieces of a megabyte and more (the child
 * vector of a section with a hundred thousand lines, the change list of a
 * large replay) are mapped as huge pages instead, and grow by moving their
 * pages: small pages cost a fault each, and copying them costs more. */
typedef struct big_piece {
	struct big_piece *prev, *next;
	size_t size; /* bytes after the header */
	size_t pad;
} big_piece;

#define MAPPED_PIECE (1u << 20)

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

static void release(big_piece *b)
{
	if (b->size >= MAPPED_PIECE)
		munmap(b, huge_len(sizeof *b + b->size));
	else
		free(b);
}

static void *big_new(cfg_pool *p, size_t n)
{
	big_piece *b = n >= MAPPED_PIECE ? map_huge(sizeof *b + n) : malloc(sizeof *b + n);
	if (!b)
		return NULL;
	b->size = n;
	big_link(p, b);
	return b + 1;
}

static void big_free(cfg_pool *p, void *ptr)
{
	big_piece *b = (big_piece *)ptr - 1;
	big_unlink(p, b);
	release(b);
}

static void *big_resize(cfg_pool *p, void *ptr, size_t n)
{
	big_piece *b = (big_piece *)ptr - 1, *nb;
	size_t old = b->size;

	if (old < MAPPED_PIECE && n < MAPPED_PIECE) {
		big_unlink(p, b);
		nb = realloc(b, sizeof *nb + n);
		big_link(p, nb ? nb : b); /* realloc failed: the old piece stays */
		if (nb)
			nb->size = n;
		return nb ? nb + 1 : NULL;
	}
	if (old >= MAPPED_PIECE && n >= MAPPED_PIECE) {
		size_t olen = huge_len(sizeof *b + old), nlen = huge_len(sizeof *b + n);
		if (olen == nlen) {
			b->size = n;
			return ptr;
		}
		/* move the pages to an aligned place of the new length */
		void *dst = nlen > olen ? map_huge(nlen) : (void *)b;
		if (!dst)
			return NULL;
		big_unlink(p, b);
		void *m = nlen > olen ? mremap(b, olen, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, dst)
				      : mremap(b, olen, nlen, 0);
		if (m == MAP_FAILED && dst != (void *)b)
			munmap(dst, nlen);
		nb = m == MAP_FAILED ? NULL : m;
		big_link(p, nb ? nb : b);
		if (!nb)
			return NULL;
		nb->size = n;
		return nb + 1;
	}
	/* from the heap to a mapping or back */
	void *v = big_new(p, n);
	if (!v)
		return NULL;
	memcpy(v, ptr, old < n ? old : n);
	big_free(p, ptr);
	return v;
}
#endif

#ifndef POOL_DIRECT
static void push_free(cfg_pool *p, void *ptr, size_t n)
{
	void **slot = ptr;
	*slot = p->free[n / 8];
	p->free[n / 8] = ptr;
}

/* The class of a piece above CFG_POOL_MAX, and its size. */
static int mid_class(size_t n)
{
	int k = 0;
	while ((size_t)(2 * CFG_POOL_MAX) << k < n)
		k++;
	return k;
}

static size_t mid_size(int k)
{
	return (size_t)(2 * CFG_POOL_MAX) << k;
}

static void push_mid(cfg_pool *p, void *ptr, int k)
{
	void **slot = ptr;
	*slot = p->mid[k];
	p->mid[k] = ptr;
}

/* The rest of the current block, before a new one replaces it: cut into
 * pieces for the free lists. */
static void keep_tail(cfg_pool *p)
{
	while (p->left >= 8) {
		size_t n;
		if (p->left >= mid_size(0)) {
			int k = CFG_POOL_NMID - 1;
			while (mid_size(k) > p->left)
				k--;
			push_mid(p, p->cur, k);
			n = mid_size(k);
		} else {
			n = (p->left < CFG_POOL_MAX ? p->left : CFG_POOL_MAX) & ~(size_t)7;
			push_free(p, p->cur, n);
		}
		p->cur += n;
		p->left -= n;
	}
	p->left = 0;
}
#endif

void *cfg_pool_alloc(cfg_pool *p, size_t n)
{
	n = round8(n ? n : 1);
#ifdef POOL_DIRECT
	(void)p;
	return malloc(n);
#else
	if (n > CFG_POOL_MID)
		return big_new(p, n);
	void **head;
	if (n > CFG_POOL_MAX) {
		int k = mid_class(n);
		n = mid_size(k);
		head = p->mid[k];
		if (head) {
			p->mid[k] = *head;
			return head;
		}
	} else if ((head = p->free[n / 8]) != NULL) {
		p->free[n / 8] = *head;
		return head;
	}
	if (p->left < n) {
		size_t bs = p->total < POOL_SMALL_BYTES ? POOL_BLOCK : POOL_HUGE;
		char *b = bs == POOL_HUGE && p->pf ? cfg_prefault_take(p->pf) : NULL;
		if (!b) {
			b = bs == POOL_HUGE ? aligned_alloc(POOL_HUGE, POOL_HUGE) : malloc(bs);
			if (!b)
				return NULL;
#ifdef MADV_HUGEPAGE
			if (bs == POOL_HUGE)
				madvise(b, POOL_HUGE, MADV_HUGEPAGE);
#endif
		}
		p->total += bs;
		keep_tail(p);
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
	if (n > CFG_POOL_MID)
		big_free(p, ptr);
	else if (n > CFG_POOL_MAX)
		push_mid(p, ptr, mid_class(n));
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
		release(g);
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
	if (oldsz > CFG_POOL_MID && newsz > CFG_POOL_MID) /* both big pieces: move pages */
		return big_resize(p, vec, newsz);
	if (oldsz > CFG_POOL_MAX && newsz > CFG_POOL_MAX && oldsz <= CFG_POOL_MID &&
	    newsz <= CFG_POOL_MID && mid_class(round8(oldsz)) == mid_class(round8(newsz)))
		return vec; /* the same power of two */
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

/* Arrays of a megabyte and more (the identity hash of a large
 * configuration) are mapped on their own and asked to be huge pages. */
#define BIG_ARRAY (1u << 20)

void *cfg_big_alloc(size_t n)
{
#ifndef POOL_DIRECT
	if (n >= BIG_ARRAY)
		return map_huge(n); /* zeroed */
#endif
	return calloc(n ? n : 1, 1);
}

void cfg_big_free(void *p, size_t n)
{
	if (!p)
		return;
#ifndef POOL_DIRECT
	if (n >= BIG_ARRAY) {
		munmap(p, huge_len(n));
		return;
	}
#endif
	(void)n;
	free(p);
}
