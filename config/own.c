/* Ownership links: "delete these lines with that one" (a BGP group's peer
 * lines go with the group).
 *
 * Links are not part of either side of the configuration; they last while
 * both entries exist.  An entry's `own` word is 0 without links; the owner
 * pointer with the low bit set when the entry has exactly one owner and owns
 * nothing (the usual case for an owned line, costing no memory); otherwise a
 * pointer to a record holding both directions.  Links with dead
 * entries are dropped when those are freed, at commit or discard. */
#include <string.h>

#include "cfg_private.h"

/* Both directions in one array: owners from the front, owned entries from
 * the back (the i-th owned entry, in link order, at v[cap - 1 - i]). */
typedef struct own_rec {
	uint32_t nowners, nowned, cap, unused;
	cfg_entry *v[];
} own_rec;

#define OWNED(r, i) ((r)->v[(r)->cap - 1 - (i)])

static own_rec *rec_of(const cfg_entry *e)
{
	return (e->own && !(e->own & 1)) ? (own_rec *)e->own : NULL;
}

static cfg_entry *single_owner(const cfg_entry *e)
{
	return (e->own & 1) ? (cfg_entry *)(e->own & ~(uintptr_t)1) : NULL;
}

static size_t rec_size(uint32_t cap)
{
	return sizeof(own_rec) + (size_t)cap * sizeof(cfg_entry *);
}

static void rec_free(cfg_db *db, own_rec *r)
{
	cfg_pool_free(&db->pool, r, rec_size(r->cap));
}

/* Make sure e has a record with room for one more link.  Carries over a
 * single owner and changes no link.  Returns the record (it may have
 * moved) or NULL when out of memory. */
static own_rec *rec_room(cfg_db *db, cfg_entry *e)
{
	own_rec *r = rec_of(e);
	if (r && r->nowners + r->nowned < r->cap)
		return r;
	uint32_t cap = r ? r->cap * 2 : 2;
	own_rec *n = cfg_pool_alloc(&db->pool, rec_size(cap));
	if (!n)
		return NULL;
	n->cap = cap;
	n->unused = 0;
	if (r) {
		n->nowners = r->nowners;
		n->nowned = r->nowned;
		memcpy(n->v, r->v, r->nowners * sizeof *n->v);
		memcpy(n->v + cap - r->nowned, r->v + r->cap - r->nowned, r->nowned * sizeof *n->v);
		rec_free(db, r);
	} else {
		cfg_entry *o = single_owner(e);
		n->nowners = o ? 1 : 0;
		n->nowned = 0;
		if (o)
			n->v[0] = o;
	}
	e->own = (uintptr_t)n;
	return n;
}

static bool owned_by(const cfg_entry *e, const cfg_entry *owner)
{
	if (single_owner(e) == owner)
		return true;
	own_rec *r = rec_of(e);
	for (uint32_t i = 0; r && i < r->nowners; i++)
		if (r->v[i] == owner)
			return true;
	return false;
}

int cfg_own(cfg_entry *owner, cfg_entry *e)
{
	/* the root is never deleted, so it cannot be owned */
	if (!owner || !e || owner == e || !e->parent || owned_by(e, owner))
		return 0;
	cfg_db *db = cfg_db_of(owner);

	/* make room on both sides first: the link is made whole or not at all */
	if (e->own && !rec_room(db, e))
		return -1;
	own_rec *ro = rec_room(db, owner);
	if (!ro)
		return -1;

	own_rec *re = rec_of(e);
	if (re)
		re->v[re->nowners++] = owner;
	else
		e->own = (uintptr_t)owner | 1;
	ro->nowned++;
	OWNED(ro, ro->nowned - 1) = e;
	return 0;
}

int cfg_foreach_owned(cfg_db *db, cfg_entry *owner, enum cfg_side side, cfg_visit_fn fn,
		      void *arg)
{
	if (!db || !owner || !fn)
		return 0;
	int sd = side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING;
	int rc = 0;
	db->iterating++;
	/* fn may add links, which can move the record: look it up each time */
	for (uint32_t i = 0;; i++) {
		own_rec *r = rec_of(owner);
		if (!r || i >= r->nowned)
			break;
		cfg_entry *x = OWNED(r, i);
		if (x->txt[sd] && (rc = fn(arg, x)) != 0)
			break;
	}
	db->iterating--;
	return rc;
}

int cfg_own_collect(cfg_db *db, cfg_entry *e, uint32_t *n)
{
	own_rec *r = rec_of(e);
	for (uint32_t i = 0; r && i < r->nowned; i++) {
		cfg_entry *x = OWNED(r, i);
		if (x->txt[CFG_CANDIDATE] && !(x->state & CFG_S_VISIT) && cfg_work_push(db, n, x) < 0)
			return -1;
	}
	return 0;
}

/* Drop q's links with dead entries, and shrink its record when it can. */
static void filter(cfg_db *db, cfg_entry *q)
{
	cfg_entry *o = single_owner(q);
	if (o) {
		if (o->state & CFG_S_DEAD)
			q->own = 0;
		return;
	}
	own_rec *r = rec_of(q);
	if (!r)
		return;
	uint32_t j = 0;
	for (uint32_t i = 0; i < r->nowners; i++)
		if (!(r->v[i]->state & CFG_S_DEAD))
			r->v[j++] = r->v[i];
	r->nowners = j;
	j = 0;
	for (uint32_t i = 0; i < r->nowned; i++) /* writes trail reads: in place */
		if (!(OWNED(r, i)->state & CFG_S_DEAD)) {
			OWNED(r, j) = OWNED(r, i);
			j++;
		}
	r->nowned = j;
	if (r->nowned == 0 && r->nowners <= 1) {
		o = r->nowners ? r->v[0] : NULL;
		rec_free(db, r);
		q->own = o ? (uintptr_t)o | 1 : 0;
	}
}

/* Pass 0 filters each surviving partner once (marking it); pass 1 clears
 * the marks.  No allocation: the dead entries' own links are the list. */
static void visit(cfg_db *db, cfg_entry *q, int pass)
{
	if (q->state & CFG_S_DEAD)
		return;
	if (pass == 0 && !(q->state & CFG_S_MARK)) {
		filter(db, q);
		q->state |= CFG_S_MARK;
	} else if (pass == 1) {
		q->state &= (uint8_t)~CFG_S_MARK;
	}
}

void cfg_own_reap(cfg_db *db, cfg_entry **dead, size_t n)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			cfg_entry *d = dead[i], *o = single_owner(d);
			own_rec *r = rec_of(d);
			if (o)
				visit(db, o, pass);
			for (uint32_t k = 0; r && k < r->nowners; k++)
				visit(db, r->v[k], pass);
			for (uint32_t k = 0; r && k < r->nowned; k++)
				visit(db, OWNED(r, k), pass);
		}
	}
}

void cfg_own_free(cfg_db *db, cfg_entry *e)
{
	own_rec *r = rec_of(e);
	if (r)
		rec_free(db, r);
	e->own = 0;
}

int cfg_foreach_owner(cfg_db *db, cfg_entry *e, cfg_visit_fn fn, void *arg)
{
	if (!db || !e || !fn)
		return 0;
	cfg_entry *o = single_owner(e);
	if (o)
		return (o->state & CFG_S_DEAD) ? 0 : fn(arg, o);
	own_rec *r = rec_of(e);
	int rc = 0;
	db->iterating++;
	for (uint32_t i = 0; r && i < r->nowners && !rc; i++) {
		cfg_entry *x = r->v[i];
		if (!(x->state & CFG_S_DEAD))
			rc = fn(arg, x);
		r = rec_of(e); /* fn may add links */
	}
	db->iterating--;
	return rc;
}

int cfg_foreach_owner_ro(const cfg_entry *e, cfg_visit_fn fn, void *arg)
{
	if (!e || !fn)
		return 0;
	cfg_entry *o = single_owner(e);
	if (o)
		return (o->state & CFG_S_DEAD) ? 0 : fn(arg, o);
	const own_rec *r = rec_of(e);
	int rc = 0;
	for (uint32_t i = 0; r && i < r->nowners && !rc; i++)
		if (!(r->v[i]->state & CFG_S_DEAD))
			rc = fn(arg, r->v[i]);
	return rc;
}

bool cfg_owns(const cfg_entry *e)
{
	own_rec *r = e ? rec_of(e) : NULL;
	return r && r->nowned > 0;
}
