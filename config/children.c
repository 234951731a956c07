/* Child vectors of sections, in render order.
 *
 * Children are appended as they are created; the vector stays marked
 * sorted as long as each new child sorts after the last one (the common
 * case when a saved configuration is replayed) and is sorted once, when
 * somebody next visits it, otherwise.  A child that dies leaves a hole
 * (each entry knows its slot), so removal is O(1) and keeps the order;
 * holes are squeezed out when they make up half of the vector. */
#include <stdlib.h>
#include <string.h>

#include "cfg_private.h"

int cfg_order_cmp(const cfg_entry *a, const cfg_entry *b)
{
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	size_t la = cfg_e_idlen(a), lb = cfg_e_idlen(b);
	int c = memcmp(cfg_idtext(a), cfg_idtext(b), la < lb ? la : lb);
	if (c)
		return c;
	return (la > lb) - (la < lb);
}

static int qsort_cmp(const void *a, const void *b)
{
	return cfg_order_cmp(*(cfg_entry *const *)a, *(cfg_entry *const *)b);
}

static void compact(cfg_sect *s)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i < s->n; i++) {
		cfg_entry *c = s->kids[i];
		if (c) {
			c->pidx = j;
			s->kids[j++] = c;
		}
	}
	s->n = j;
	s->holes = 0;
}

int cfg_kids_reserve(cfg_db *db, cfg_sect *s)
{
	if (s->n < s->cap)
		return 0;
	void *v = cfg_pool_grow(&db->pool, s->kids, &s->cap, (size_t)s->n + 1, sizeof *s->kids);
	if (!v)
		return -1;
	s->kids = v;
	return 0;
}

void cfg_kids_append(cfg_db *db, cfg_sect *s, cfg_entry *e)
{
	(void)db;
	e->pidx = s->n;
	s->kids[s->n++] = e;
	if (s->sorted && s->n > 1 && cfg_order_cmp(s->kids[s->n - 2], e) > 0)
		s->sorted = 0;
}

void cfg_kids_remove(cfg_db *db, cfg_sect *s, cfg_entry *e)
{
	uint32_t i = e->pidx;
	if (i >= s->n || s->kids[i] != e)
		return;
	s->kids[i] = NULL;
	s->holes++;
	while (s->n && !s->kids[s->n - 1]) {
		s->n--;
		s->holes--;
	}
	if (!db->iterating && s->holes > 8 && s->holes * 2 > s->n)
		compact(s);
}

void cfg_kids_fit(cfg_db *db, cfg_sect *s)
{
	if (db->iterating || s->cap <= s->n + s->n / 2 + 8)
		return;
	if (s->holes)
		compact(s);
	uint32_t cap = s->n + s->n / 16 + 1;
	void *v = cfg_pool_resize(&db->pool, s->kids, (size_t)s->cap * sizeof *s->kids,
				  (size_t)cap * sizeof *s->kids);
	if (v) { /* else keep the larger vector */
		s->kids = v;
		s->cap = cap;
	}
}

void cfg_set_order(cfg_db *db, cfg_entry *e, cfg_order ord)
{
	if (!db || !e || !e->parent)
		return;
	if (ord.key == CFG_KEY_SEQ)
		ord.key = cfg_e_seq(e);
	if (e->cls == ord.cls && e->key == ord.key && e->sub == ord.sub)
		return;
	if (e->txt[CFG_RUNNING] && !(e->state & CFG_S_MOVED)) {
		/* running's place, for the journal and for discard; without room
		 * for it the line still moves, as if it had always been there */
		void *v = cfg_pool_grow(&db->pool, db->moves, &db->capmoves, (size_t)db->nmoves + 1,
					sizeof *db->moves);
		if (v) {
			db->moves = v;
			db->moves[db->nmoves].e = e;
			db->moves[db->nmoves].ord = cfg_order_of(e);
			db->nmoves++;
			e->state |= CFG_S_MOVED;
		}
	}
	e->cls = ord.cls;
	e->key = ord.key;
	e->sub = ord.sub;
	CFG_SECT(e->parent)->sorted = 0;
}

void cfg_moves_settle(cfg_db *db, bool keep)
{
	for (uint32_t i = 0; i < db->nmoves; i++) {
		cfg_entry *e = db->moves[i].e;
		e->state &= (uint8_t)~CFG_S_MOVED;
		if (!keep && e->parent) {
			cfg_order o = db->moves[i].ord;
			e->cls = o.cls;
			e->key = o.key;
			e->sub = o.sub;
			CFG_SECT(e->parent)->sorted = 0;
		}
	}
	db->nmoves = 0;
}

int cfg_moves_visit(cfg_db *db, cfg_move_fn fn, void *arg)
{
	if (!db || !fn)
		return 0;
	for (uint32_t i = 0; i < db->nmoves; i++) {
		cfg_entry *e = db->moves[i].e;
		cfg_order o = db->moves[i].ord, now = cfg_order_of(e);
		if (!e->txt[CFG_RUNNING] || !e->txt[CFG_CANDIDATE] ||
		    (o.cls == now.cls && o.key == now.key && o.sub == now.sub))
			continue;
		int rc = fn(arg, e, o);
		if (rc)
			return rc;
	}
	return 0;
}

void cfg_sect_tidy(cfg_db *db, cfg_sect *s)
{
	if (db->iterating)
		return;
	if (s->holes)
		compact(s);
	if (!s->sorted) {
		qsort(s->kids, s->n, sizeof *s->kids, qsort_cmp);
		for (uint32_t i = 0; i < s->n; i++)
			s->kids[i]->pidx = i;
		s->sorted = 1;
	}
}

static int visit_children(cfg_db *db, cfg_entry *parent, enum cfg_side side, bool ordered,
			  cfg_visit_fn fn, void *arg)
{
	if (!db || !fn)
		return 0;
	if (!parent)
		parent = &db->root.e;
	if (!(parent->flags & CFG_F_SECTION))
		return 0;
	int sd = side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING;
	cfg_sect *s = CFG_SECT(parent);
	if (ordered)
		cfg_sect_tidy(db, s);
	int rc = 0;
	db->iterating++;
	/* by index, rereading the vector: fn may add or delete entries */
	for (uint32_t i = 0; i < s->n; i++) {
		cfg_entry *c = s->kids[i];
		if (c && c->txt[sd] && (rc = fn(arg, c)) != 0)
			break;
	}
	db->iterating--;
	return rc;
}

int cfg_foreach_child(cfg_db *db, cfg_entry *parent, enum cfg_side side, cfg_visit_fn fn,
		      void *arg)
{
	return visit_children(db, parent, side, true, fn, arg);
}

int cfg_foreach_child_unordered(cfg_db *db, cfg_entry *parent, enum cfg_side side,
				cfg_visit_fn fn, void *arg)
{
	return visit_children(db, parent, side, false, fn, arg);
}
