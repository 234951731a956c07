/* A small open-addressing map from pointers to numbers, for the writers of
 * records and checkpoints (which lines were already written, under which
 * number).  Private to store/. */
#ifndef VRPSH_STORE_PTRMAP_H
#define VRPSH_STORE_PTRMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct store_ptrmap {
	const void **k;
	uint32_t *v;
	size_t n, cap;
} store_ptrmap;

static inline void store_ptrmap_free(store_ptrmap *m)
{
	free(m->k);
	free(m->v);
	m->k = NULL;
	m->v = NULL;
	m->n = m->cap = 0;
}

static inline size_t store_ptrmap_slot(const store_ptrmap *m, const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 20) & (m->cap - 1);
}

/* The number stored for p, or false. */
static inline bool store_ptrmap_get(const store_ptrmap *m, const void *p, uint32_t *v)
{
	if (!m->cap)
		return false;
	for (size_t i = store_ptrmap_slot(m, p);; i = (i + 1) & (m->cap - 1)) {
		if (!m->k[i])
			return false;
		if (m->k[i] == p) {
			*v = m->v[i];
			return true;
		}
	}
}

/* Store p -> v (p not yet there); false when out of memory. */
static inline bool store_ptrmap_put(store_ptrmap *m, const void *p, uint32_t v)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		const void **k = calloc(cap, sizeof *k);
		uint32_t *vv = malloc(cap * sizeof *vv);
		if (!k || !vv) {
			free(k);
			free(vv);
			return false;
		}
		store_ptrmap old = *m;
		m->k = k;
		m->v = vv;
		m->cap = cap;
		for (size_t i = 0; i < old.cap; i++) {
			if (!old.k[i])
				continue;
			size_t j = store_ptrmap_slot(m, old.k[i]);
			while (m->k[j])
				j = (j + 1) & (cap - 1);
			m->k[j] = old.k[i];
			m->v[j] = old.v[i];
		}
		free(old.k);
		free(old.v);
	}
	size_t i = store_ptrmap_slot(m, p);
	while (m->k[i])
		i = (i + 1) & (m->cap - 1);
	m->k[i] = p;
	m->v[i] = v;
	m->n++;
	return true;
}

#endif
