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

/* Does e, given a new order, still sort between its neighbours in the
 * vector?  A handler often orders a line just after creating it (a BGP
 * group's line takes its creation number as its key): the last child
 * then stays the last, and the section need not be sorted again.  Holes
 * are skipped a few at a time; past that the answer is a safe "no". */
static bool in_place(const cfg_sect *s, const cfg_entry *e)
{
	enum { LOOK = 8 };
	uint32_t i = e->pidx;
	if (i >= s->n || s->kids[i] != e)
		return false;
	for (uint32_t k = 1; k <= LOOK && k <= i; k++) {
		const cfg_entry *p = s->kids[i - k];
		if (p) {
			if (cfg_order_cmp(p, e) > 0)
				return false;
			break;
		}
		if (k == LOOK)
			return false;
	}
	for (uint32_t k = 1; k <= LOOK && i + k < s->n; k++) {
		const cfg_entry *n = s->kids[i + k];
		if (n)
			return cfg_order_cmp(e, n) <= 0;
		if (k == LOOK)
			return false;
	}
	return true;
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
	cfg_sect *ps = CFG_SECT(e->parent);
	if (ps->sorted && !in_place(ps, e))
		ps->sorted = 0;
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

/* The section whose children a visit of parent (NULL: the root) walks,
 * or NULL when parent is no section. */
static cfg_sect *visited(const cfg_db *db, const cfg_entry *parent)
{
	if (!parent)
		parent = &db->root.e;
	return (parent->flags & CFG_F_SECTION) ? CFG_SECT((cfg_entry *)parent) : NULL;
}

static int visit_children(cfg_db *db, cfg_entry *parent, enum cfg_side side, bool ordered,
			  cfg_visit_fn fn, void *arg)
{
	cfg_sect *s = db && fn ? visited(db, parent) : NULL;
	if (!s)
		return 0;
	int sd = side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING;
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

/* The visit that writes nothing: a section whose children were placed
 * out of order is walked in a sorted private copy, and db->iterating is
 * left alone.  Another thread may then walk the tree at the same time, as
 * long as nothing changes it. */
int cfg_foreach_child_ro(const cfg_db *db, const cfg_entry *parent, enum cfg_side side,
			 cfg_visit_fn fn, void *arg)
{
	const cfg_sect *s = db && fn ? visited(db, parent) : NULL;
	if (!s)
		return 0;
	int sd = side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING;
	cfg_entry **v = s->kids, **copy = NULL;
	uint32_t n = s->n;
	if (!s->sorted && n > 1) {
		copy = malloc((size_t)n * sizeof *copy);
		if (!copy)
			return CFG_VISIT_NOMEM;
		uint32_t k = 0;
		for (uint32_t i = 0; i < n; i++)
			if (v[i])
				copy[k++] = v[i];
		qsort(copy, k, sizeof *copy, qsort_cmp);
		v = copy;
		n = k;
	}
	int rc = 0;
	for (uint32_t i = 0; i < n && !rc; i++)
		if (v[i] && v[i]->txt[sd])
			rc = fn(arg, v[i]);
	free(copy);
	return rc;
}
