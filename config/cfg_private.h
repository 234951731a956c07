/* Internals of the configuration tree, shared by the files of config/ only.
 *
 * Memory layout.  An entry is one allocation from the database's pool: the
 * header below, then (for sections) the child vector, then an inline text
 * buffer sized for the text the entry was created with.  Texts live either
 * in that buffer or in a pool string of their own; the running and the
 * candidate pointer are equal when the line is unchanged, so an unchanged
 * line costs one string.  Invariant: the two pointers are equal exactly
 * when the two texts are equal (cfg_set shares the running string when the
 * candidate comes back to it), so "changed" is a pointer comparison.
 *
 * An entry present on neither side is "dead": it leaves the identity hash
 * and its parent's child vector at once (a later cfg_set of the same
 * identity creates a fresh entry) but its memory stays until the next
 * commit or discard, so that pointers held by callers stay valid.  Every
 * dead entry is on the change list, which is how commit and discard find
 * it. */
#ifndef VRPSH_CONFIG_CFG_PRIVATE_H
#define VRPSH_CONFIG_CFG_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* Entry state bits. */
#define CFG_S_LISTED 0x01u /* on the change list */
#define CFG_S_DEAD 0x02u   /* present on neither side (see above) */
#define CFG_S_MARK 0x04u   /* scratch: pending rendering, ownership cleanup */
#define CFG_S_VISIT 0x08u  /* scratch: cfg_delete's closure */
#define CFG_S_MOVED 0x10u  /* its running order is kept in db->moves */

#define CFG_F_ALL (CFG_F_SECTION | CFG_F_SEP_CHILDREN | CFG_F_IMPLICIT | CFG_F_JOIN)

struct cfg_entry {
	cfg_entry *parent;  /* NULL for the root only */
	const char *txt[2]; /* [CFG_RUNNING], [CFG_CANDIDATE]; NULL = absent */
	uint64_t key;       /* cfg_order.key */
	uintptr_t own;      /* ownership links, see own.c */
	uint64_t seq_id;    /* seq << 16 | identity length: see CFG_SEQ_MAX */
	uint32_t cls;       /* cfg_order.cls */
	uint32_t sub;       /* cfg_order.sub */
	uint32_t pidx;      /* slot in the parent's child vector */
	uint16_t cap;       /* bytes of the inline text buffer */
	uint8_t flags;      /* CFG_F_* */
	uint8_t state;      /* CFG_S_* */
	/* the inline text buffer follows at CFG_ENTRY_HDR (plain lines) */
};

/* 48 bits of creation number: a counter (32 bits) above the origin of
 * the process that created the entry (16 bits, cfg_seq_origin); the
 * identity length fits the other 16 (CFG_TEXT_MAX). */
#define CFG_SEQ_MAX ((UINT64_C(1) << 48) - 1)
#define CFG_SEQ_COUNTER_MAX UINT32_MAX

static inline uint64_t cfg_e_seq(const cfg_entry *e)
{
	return e->seq_id >> 16;
}

static inline size_t cfg_e_idlen(const cfg_entry *e)
{
	return (size_t)(e->seq_id & 0xffff);
}

/* A section: the entry, then its children, then the inline text. */
typedef struct cfg_sect {
	cfg_entry e;
	cfg_entry **kids;   /* live children in render order once sorted; NULL = hole */
	uint32_t n, cap;    /* slots in use (the last one is never a hole), allocated */
	uint32_t holes;
	uint8_t sorted;
} cfg_sect;

#define CFG_ENTRY_HDR (offsetof(cfg_entry, state) + 1)
#define CFG_SECT(e) ((cfg_sect *)(e))

/* ---- pool allocator (pool.c) ---------------------------------------- */

#define CFG_POOL_MAX 512 /* larger requests: powers of two (to CFG_POOL_MID), then malloc */
#define CFG_POOL_MID (32 * 1024) /* fits a 64 KiB block (pool.c) */
#define CFG_POOL_NMID 6  /* classes 1 KiB .. 32 KiB */

typedef struct cfg_pool {
	void *free[CFG_POOL_MAX / 8 + 1]; /* per size class (multiples of 8) */
	void *mid[CFG_POOL_NMID];         /* per power of two above CFG_POOL_MAX */
	char *cur;                        /* bump area of the newest block */
	size_t left;
	void *blocks;                     /* chain of blocks, first word links */
	struct big_piece *big;            /* pieces above CFG_POOL_MAX (pool.c) */
	size_t total;                     /* bytes of blocks taken */
	struct cfg_prefault *pf;          /* blocks faulted in ahead (prefault.c) */
} cfg_pool;

/* Blocks of a large pool: one huge page each. */
#define CFG_POOL_HUGE (2u << 20)

typedef struct cfg_prefault cfg_prefault;
/* A block of CFG_POOL_HUGE bytes (aligned to them, from aligned_alloc)
 * already faulted in, or NULL when none is ready. */
void *cfg_prefault_take(cfg_prefault *pf);
/* Tables for the build's expected size (cfg_prefault_begin), made and
 * faulted in by the helper: the identity hash's arrays (n slots) and the
 * change list (cap places).  Each is handed over once, and only when
 * ready; it is the taker's then (cfg_big_free). */
bool cfg_prefault_hash(cfg_prefault *pf, cfg_entry ***slots, uint8_t **tags, size_t *n);
bool cfg_prefault_chg(cfg_prefault *pf, cfg_entry ***chg, size_t *cap);

void *cfg_pool_alloc(cfg_pool *p, size_t n);
void cfg_pool_free(cfg_pool *p, void *ptr, size_t n);
void cfg_pool_fini(cfg_pool *p);
/* Does cfg_pool_fini free every piece still taken (not so when each piece
 * is a malloc of its own, under AddressSanitizer)? */
bool cfg_pool_fini_frees_all(void);
/* A copy of s[0..len) with a terminating NUL, or NULL. */
char *cfg_pool_strdup(cfg_pool *p, const char *s, size_t len);
/* Grow the vector vec (*cap elements of elem bytes) to hold at least need
 * elements.  Returns the new vector and updates *cap, or returns NULL when
 * out of memory (vec and *cap untouched). */
void *cfg_pool_grow(cfg_pool *p, void *vec, uint32_t *cap, size_t need, size_t elem);
/* Move a piece of oldsz bytes to one of newsz bytes (larger or smaller);
 * NULL when out of memory (vec untouched). */
void *cfg_pool_resize(cfg_pool *p, void *vec, size_t oldsz, size_t newsz);

/* A zeroed array of n bytes (a large one mapped on its own), and its
 * release (with the same n). */
void *cfg_big_alloc(size_t n);
void cfg_big_free(void *p, size_t n);

/* ---- the database --------------------------------------------------- */

#define CFG_MAX_HOOKS 8

struct cfg_db {
	cfg_sect root;          /* first member: cfg_db_of() relies on it */
	cfg_pool pool;

	/* identity hash: open addressing, linear probing; tags[i] == 0 marks
	 * an empty slot, otherwise it holds 8 bits of the entry's hash so
	 * that most probes never touch the entry */
	cfg_entry **slots;
	uint8_t *tags;
	size_t nslots, count;

	cfg_entry **chg;        /* change list */
	uint32_t nchg, capchg;
	bool chg_mapped;        /* chg is a cfg_big_alloc (the prefault helper's) */
	size_t ndiff;           /* entries whose two texts differ */
	uint64_t seq;           /* counter of the last creation number handed out */
	uint16_t origin;        /* low 16 bits of the creation numbers made here */

	/* committed lines given another place since the last commit, with
	 * the place running gave them (cfg_set_order, cfg_moves_visit) */
	struct cfg_move {
		cfg_entry *e;
		cfg_order ord;
	} *moves;
	uint32_t nmoves, capmoves;

	cfg_entry **work;       /* scratch vector (cfg_delete) */
	uint32_t capwork;

	int nhooks;
	struct {
		cfg_hook_fn prepare, apply;
		cfg_abort_fn abort;
		cfg_after_fn after; /* set: the hook takes no change array */
		void *arg;
	} hooks[CFG_MAX_HOOKS];

	char *line;             /* rendering buffer */
	size_t linecap;
	int iterating;          /* visits in progress: no child-vector reshuffles */
};

cfg_db *cfg_db_of(cfg_entry *e);

/* ---- identity hash (hash.c) ----------------------------------------- */

uint64_t cfg_hash_id(const cfg_entry *parent, const char *id, size_t len);
/* The entry with that identity, or NULL and (if slot is not NULL) the free
 * slot where it would go, valid until the table next changes. */
cfg_entry *cfg_hash_find(const cfg_db *db, const cfg_entry *parent, const char *id, size_t len,
			 uint64_t h, size_t *slot);
/* Make room for one more entry (for `more` entries); -1 when out of
 * memory. */
int cfg_hash_reserve(cfg_db *db);
int cfg_hash_reserve_n(cfg_db *db, size_t more);
/* The table size (slots) that holds `entries` at the load kept; 0 when
 * too large. */
size_t cfg_hash_slots_for(size_t entries);
/* Insert into the slot cfg_hash_find gave, after cfg_hash_reserve. */
void cfg_hash_insert_at(cfg_db *db, size_t slot, cfg_entry *e, uint64_t h);
void cfg_hash_remove(cfg_db *db, cfg_entry *e);
int cfg_hash_init(cfg_db *db);
void cfg_hash_fini(cfg_db *db);

/* ---- entries (entry.c) ---------------------------------------------- */

static inline char *cfg_inline(const cfg_entry *e)
{
	size_t hdr = (e->flags & CFG_F_SECTION) ? sizeof(cfg_sect) : CFG_ENTRY_HDR;
	return (char *)e + hdr;
}

/* The identity bytes (a text of either side; NULL for a dead entry). */
static inline const char *cfg_idtext(const cfg_entry *e)
{
	return e->txt[CFG_CANDIDATE] ? e->txt[CFG_CANDIDATE] : e->txt[CFG_RUNNING];
}

static inline int cfg_changed(const cfg_entry *e)
{
	return e->txt[CFG_RUNNING] != e->txt[CFG_CANDIDATE];
}

/* Walks of the change list read each entry, and a large change's entries
 * lie across many megabytes: the walk asks for entry i + CFG_CHG_AHEAD
 * (its first two cache lines: the fields and a plain line's text) while
 * it works on entry i. */
#define CFG_CHG_AHEAD 8
static inline void cfg_chg_prefetch(const cfg_db *db, uint32_t i)
{
	if (i + CFG_CHG_AHEAD < db->nchg) {
		const char *p = (const char *)db->chg[i + CFG_CHG_AHEAD];
		__builtin_prefetch(p);
		__builtin_prefetch(p + 64);
	}
}

/* A new entry under parent with the given texts and placement (shared by
 * cfg_set and the bulk loader): inserted into the hash at `slot` (from
 * cfg_hash_find with hash h, after the reserves) and appended to the
 * parent's children.  `seq` 0 takes a fresh creation number.  Present in
 * the candidate, and in running too when `both`.  NULL when out of
 * memory or out of creation numbers. */
cfg_entry *cfg_entry_new(cfg_db *db, cfg_entry *parent, const char *text, size_t len,
			 size_t idlen, cfg_order ord, unsigned flags, uint64_t seq, bool both,
			 size_t slot, uint64_t h);

/* Append e to db->work, marking it CFG_S_VISIT; -1 when out of memory. */
int cfg_work_push(cfg_db *db, uint32_t *n, cfg_entry *e);

/* ---- child vectors (children.c) ------------------------------------- */

/* Forget the moves since the last commit: keep the new places (commit)
 * or put the lines back where running had them (discard). */
void cfg_moves_settle(cfg_db *db, bool keep);

/* Room for one more child; -1 when out of memory. */
int cfg_kids_reserve(cfg_db *db, cfg_sect *s);
void cfg_kids_append(cfg_db *db, cfg_sect *s, cfg_entry *e); /* after cfg_kids_reserve */
void cfg_kids_remove(cfg_db *db, cfg_sect *s, cfg_entry *e);
/* Sort and compact a section's children unless a visit is in progress. */
void cfg_sect_tidy(cfg_db *db, cfg_sect *s);
/* Give back a child vector's unused room when it is large (after commit). */
void cfg_kids_fit(cfg_db *db, cfg_sect *s);
/* Take e out of the hash and its parent's children: it became dead.  One
 * of its texts must still be set (the identity is read from it). */
void cfg_entry_unlink(cfg_db *db, cfg_entry *e);
/* Free the string s if no side of e refers to it and it is not e's inline
 * buffer. */
void cfg_text_release(cfg_db *db, cfg_entry *e, const char *s);
/* Free a dead entry (or any entry, at cfg_db_free) and what it owns. */
void cfg_entry_free(cfg_db *db, cfg_entry *e);
/* Record that e may have changed: `was` tells whether it differed before. */
void cfg_note(cfg_db *db, cfg_entry *e, int was);
/* Room for `more` entries on the change list; -1 when out of memory. */
int cfg_chg_reserve(cfg_db *db, size_t more);
/* Free the change list's array (from the pool, or the prefault helper's). */
void cfg_chg_release(cfg_db *db);

/* ---- ownership links (own.c) ---------------------------------------- */

/* Append to db->work the entries owned by e that are present in the
 * candidate and not yet marked CFG_S_VISIT, marking them; -1 when out of
 * memory. */
int cfg_own_collect(cfg_db *db, cfg_entry *e, uint32_t *n);
/* Drop every link that involves one of the dead entries dead[0..n). */
void cfg_own_reap(cfg_db *db, cfg_entry **dead, size_t n);
/* Free e's link record (e is being freed). */
void cfg_own_free(cfg_db *db, cfg_entry *e);

#endif
