/* The identity hash: every live entry (present on at least one side) under
 * the key (parent, identity bytes), in one open-addressing table for the
 * whole database.  Linear probing with backward-shift deletion, so there
 * are no tombstones; a parallel byte array of hash tags lets a probe skip
 * non-matching slots without reading the entry. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_private.h"

#define HASH_MIN 1024

/* The last len (1 to 7) bytes of an identity at id as one word, read
 * without a byte loop: copying them into a zeroed word byte by byte made
 * the word's load wait for the stores (most identities end so). */
static uint64_t tail_word(const char *id, size_t len, bool back)
{
	uint64_t w;
	if (back) { /* 8 bytes are there before the end: the last 8, shifted */
		memcpy(&w, id + len - 8, 8);
		return w >> (8 * (8 - len));
	}
	if (len >= 4) {
		uint32_t a, b;
		memcpy(&a, id, 4);
		memcpy(&b, id + len - 4, 4);
		return a | (uint64_t)b << (8 * (len - 4));
	}
	w = (unsigned char)id[0];
	w |= (uint64_t)(unsigned char)id[len / 2] << 8;
	return w | (uint64_t)(unsigned char)id[len - 1] << 16;
}

uint64_t cfg_hash_id(const cfg_entry *parent, const char *id, size_t len)
{
	uint64_t h = (uint64_t)(uintptr_t)parent * UINT64_C(0x9e3779b97f4a7c15) ^ len;
	bool back = len >= 8;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, id, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 31;
		id += 8;
		len -= 8;
	}
	if (len)
		h = (h ^ tail_word(id, len, back)) * UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	h *= UINT64_C(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h;
}

static uint8_t tag_of(uint64_t h)
{
	return (uint8_t)(1 + (h >> 56) % 255); /* never 0: 0 is "empty" */
}

static uint64_t hash_entry(const cfg_entry *e)
{
	return cfg_hash_id(e->parent, cfg_idtext(e), cfg_e_idlen(e));
}

cfg_entry *cfg_hash_find(const cfg_db *db, const cfg_entry *parent, const char *id, size_t len,
			 uint64_t h, size_t *slot)
{
	size_t mask = db->nslots - 1, i = h & mask;
	uint8_t tag = tag_of(h);
	for (;; i = (i + 1) & mask) {
		uint8_t t = db->tags[i];
		if (t == 0) {
			if (slot)
				*slot = i;
			return NULL;
		}
		if (t != tag)
			continue;
		cfg_entry *e = db->slots[i];
		if (e->parent == parent && cfg_e_idlen(e) == len && memcmp(cfg_idtext(e), id, len) == 0)
			return e;
	}
}

void cfg_prefetch(const cfg_db *db, const cfg_entry *parent, const char *id, size_t idlen)
{
	if (!db || !parent)
		return;
	size_t i = cfg_hash_id(parent, id, idlen) & (db->nslots - 1);
	__builtin_prefetch(&db->tags[i], 1);
	__builtin_prefetch(&db->slots[i], 1);
}

static void place(cfg_entry **slots, uint8_t *tags, size_t mask, cfg_entry *e, uint64_t h)
{
	size_t i = h & mask;
	while (tags[i])
		i = (i + 1) & mask;
	slots[i] = e;
	tags[i] = tag_of(h);
}

/* Move every entry into the (empty) arrays slots and tags of n slots. */
static void rehash(cfg_db *db, cfg_entry **slots, uint8_t *tags, size_t n)
{
	/* the entries are scattered in memory: fetch a few slots ahead */
	enum { AHEAD = 8 };
	for (size_t i = 0; i < db->nslots; i++) {
		if (i + AHEAD < db->nslots && db->tags[i + AHEAD]) {
			const char *p = (const char *)db->slots[i + AHEAD];
			__builtin_prefetch(p);
			__builtin_prefetch(p + 64);
		}
		if (db->tags[i])
			place(slots, tags, n - 1, db->slots[i], hash_entry(db->slots[i]));
	}
	cfg_big_free(db->slots, db->nslots * sizeof *db->slots);
	cfg_big_free(db->tags, db->nslots);
	db->slots = slots;
	db->tags = tags;
	db->nslots = n;
}

static int resize(cfg_db *db, size_t n)
{
	cfg_entry **slots = cfg_big_alloc(n * sizeof *slots);
	uint8_t *tags = cfg_big_alloc(n);
	if (!slots || !tags) {
		cfg_big_free(slots, n * sizeof *slots);
		cfg_big_free(tags, n);
		return -1;
	}
	rehash(db, slots, tags, n);
	return 0;
}

int cfg_hash_init(cfg_db *db)
{
	db->nslots = 0;
	return resize(db, HASH_MIN);
}

void cfg_hash_fini(cfg_db *db)
{
	cfg_big_free(db->slots, db->nslots * sizeof *db->slots);
	cfg_big_free(db->tags, db->nslots);
	db->slots = NULL;
	db->tags = NULL;
	db->nslots = db->count = 0;
}

size_t cfg_hash_slots_for(size_t entries)
{
	/* keep the load at or below 4/5 */
	size_t n = HASH_MIN;
	while (entries * 5 > n * 4) {
		if (n > SIZE_MAX / 4 / sizeof(cfg_entry *))
			return 0;
		n *= 2;
	}
	return n;
}

/* Arrays the prefault helper made ready (populated), when they hold what
 * is needed. */
static bool take_ready(cfg_db *db, size_t need)
{
	cfg_entry **slots;
	uint8_t *tags;
	size_t n;
	if (!cfg_prefault_hash(db->pool.pf, &slots, &tags, &n))
		return false;
	if (n <= db->nslots || cfg_hash_slots_for(need) > n) {
		cfg_big_free(slots, n * sizeof *slots);
		cfg_big_free(tags, n);
		return false;
	}
	rehash(db, slots, tags, n);
	return true;
}

int cfg_hash_reserve_n(cfg_db *db, size_t more)
{
	if ((db->count + more) * 5 <= db->nslots * 4)
		return 0;
	if (db->pool.pf && take_ready(db, db->count + more))
		return 0;
	size_t n = cfg_hash_slots_for(db->count + more);
	if (n == 0)
		return -1;
	return resize(db, n > db->nslots ? n : db->nslots);
}

int cfg_hash_reserve(cfg_db *db)
{
	return cfg_hash_reserve_n(db, 1);
}

void cfg_hash_insert_at(cfg_db *db, size_t slot, cfg_entry *e, uint64_t h)
{
	db->slots[slot] = e;
	db->tags[slot] = tag_of(h);
	db->count++;
}

void cfg_hash_remove(cfg_db *db, cfg_entry *e)
{
	size_t mask = db->nslots - 1;
	size_t i = hash_entry(e) & mask;
	for (;; i = (i + 1) & mask) {
		if (!db->tags[i])
			return; /* not there: nothing to do */
		if (db->slots[i] == e)
			break;
	}
	/* shift later members of the cluster back over the hole when their
	 * home slot does not lie (cyclically) between the hole and them */
	size_t j = i;
	for (;;) {
		j = (j + 1) & mask;
		if (!db->tags[j])
			break;
		size_t k = hash_entry(db->slots[j]) & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		db->slots[i] = db->slots[j];
		db->tags[i] = db->tags[j];
		i = j;
	}
	db->tags[i] = 0;
	db->slots[i] = NULL;
	db->count--;
}
