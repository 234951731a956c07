/* The "+"/"-" layout of changes, as `display configuration candidate
 * changes` and `display configuration commit changes` show them (see
 * state.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/codec.h"
#include "state.h"

/* ---- the diff layout ------------------------------------------------ */

typedef struct dnode {
	uint64_t key;
	const char *text;          /* context text */
	uint32_t tlen, idlen;
	const cfg_entry *e;        /* the line in the database that orders them, or NULL */
	const char *old_text, *new_text;
	uint32_t old_len, new_len;
	bool changed;
	unsigned depth;            /* 1 = top level */
	uint32_t first, last, next; /* children and sibling, STORE_NO_NODE = none */
} dnode;

typedef struct dtree {
	dnode *v;
	size_t n, cap;
	uint32_t *slots;           /* hash: key -> node + 1 */
	size_t nslots;
	uint32_t top_first, top_last;
} dtree;

static uint32_t dt_find(dtree *t, uint64_t key, bool *found)
{
	size_t i = (size_t)(key & (t->nslots - 1));
	while (t->slots[i]) {
		if (t->v[t->slots[i] - 1].key == key) {
			*found = true;
			return t->slots[i] - 1;
		}
		i = (i + 1) & (t->nslots - 1);
	}
	*found = false;
	return (uint32_t)i; /* the free slot */
}

/* The node for key (created under parent with text when new), or
 * STORE_NO_NODE when out of memory. */
static uint32_t dt_get(dtree *t, uint64_t key, uint32_t parent, const char *text, uint32_t tlen,
		       uint32_t idlen, unsigned depth)
{
	bool found;
	uint32_t slot = dt_find(t, key, &found);
	if (found)
		return slot;
	if (!store_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
		return STORE_NO_NODE;
	uint32_t id = (uint32_t)t->n++;
	dnode *d = &t->v[id];
	memset(d, 0, sizeof *d);
	d->key = key;
	d->text = text;
	d->tlen = tlen;
	d->idlen = idlen;
	d->depth = depth;
	d->first = d->last = d->next = STORE_NO_NODE;
	t->slots[slot] = id + 1;
	uint32_t *first = parent == STORE_NO_NODE ? &t->top_first : &t->v[parent].first;
	uint32_t *last = parent == STORE_NO_NODE ? &t->top_last : &t->v[parent].last;
	if (*last == STORE_NO_NODE)
		*first = id;
	else
		t->v[*last].next = id;
	*last = id;
	return id;
}

typedef struct dout {
	cfg_emit_fn emit;
	void *arg;
	char *buf;
	size_t cap;
} dout;

static void d_line(dout *o, const char *pre, unsigned indent, const char *text, size_t len)
{
	size_t need = 2 + indent + len;
	if (!store_grow((void **)&o->buf, &o->cap, need + 1, 1))
		return;
	memcpy(o->buf, pre, 2);
	memset(o->buf + 2, ' ', indent);
	memcpy(o->buf + 2 + indent, text, len);
	o->buf[need] = '\0';
	o->emit(o->arg, o->buf, need);
}

static void d_walk(const dtree *t, dout *o, uint32_t id)
{
	for (; id != STORE_NO_NODE; id = t->v[id].next) {
		const dnode *d = &t->v[id];
		unsigned ind = d->depth - 1;
		if (!d->changed) {
			d_line(o, "  ", ind, d->text, d->tlen);
		} else {
			if (d->old_text)
				d_line(o, "- ", ind, d->old_text, d->old_len);
			if (d->new_text)
				d_line(o, "+ ", ind, d->new_text, d->new_len);
		}
		d_walk(t, o, d->first);
	}
}

/* Sorting siblings: those the database holds in its render order, then
 * the others in the order they were made (their node numbers). */
static int sibling_cmp(const void *pa, const void *pb, void *tree)
{
	const dtree *t = tree;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const cfg_entry *ea = t->v[a].e, *eb = t->v[b].e;
	if (ea && eb) {
		int c = cfg_order_cmp(ea, eb);
		if (c)
			return c;
	} else if (ea || eb) {
		return ea ? -1 : 1;
	}
	return (a > b) - (a < b);
}

static const cfg_entry *db_line(cfg_db *db, const cfg_entry *parent, const dnode *d)
{
	cfg_entry *e = cfg_get(db, parent, d->text, d->idlen, CFG_CANDIDATE);
	return e ? e : cfg_get(db, parent, d->text, d->idlen, CFG_RUNNING);
}

/* Put the siblings from *first (children of the line parent, NULL where
 * the database does not hold it) in order, and their children. */
static void dt_order(dtree *t, cfg_db *db, const cfg_entry *parent, uint32_t *first,
		     uint32_t *scratch)
{
	size_t n = 0;
	for (uint32_t id = *first; id != STORE_NO_NODE; id = t->v[id].next) {
		t->v[id].e = parent ? db_line(db, parent, &t->v[id]) : NULL;
		scratch[n++] = id;
	}
	if (n > 1) {
		qsort_r(scratch, n, sizeof *scratch, sibling_cmp, t);
		*first = scratch[0];
		for (size_t i = 0; i + 1 < n; i++)
			t->v[scratch[i]].next = scratch[i + 1];
		t->v[scratch[n - 1]].next = STORE_NO_NODE;
	}
	/* scratch is reused below: walk the list again */
	for (uint32_t id = *first; id != STORE_NO_NODE; id = t->v[id].next)
		if (t->v[id].first != STORE_NO_NODE)
			dt_order(t, db, t->v[id].e, &t->v[id].first, scratch);
}

void vsh_chglist_diff(const store_chglist *l, size_t from, size_t to, bool inverse, cfg_db *db,
		      cfg_emit_fn emit, void *arg)
{
	dtree t;
	dout o = { emit, arg, NULL, 0 };

	memset(&t, 0, sizeof t);
	t.top_first = t.top_last = STORE_NO_NODE;
	if (to > l->n)
		to = l->n;
	if (from >= to)
		return;
	size_t want = 16;
	for (size_t k = from; k < to; k++) {
		const store_chg *c = &l->v[k];
		want += 2 * ((c->node == STORE_NO_NODE ? 0 : l->nodes[c->node].depth) + 1);
	}
	t.nslots = 16;
	while (t.nslots < want)
		t.nslots *= 2;
	t.slots = calloc(t.nslots, sizeof *t.slots);
	if (!t.slots)
		return;
	/* nodes of the path are registered by their path key; a change's
	 * own node by its change key */
	for (size_t k = from; k < to; k++) {
		const store_chg *c = &l->v[inverse ? to - 1 - (k - from) : k];
		if (c->moved) /* a line's new place is not a change of it */
			continue;
		uint32_t chain[STORE_MAX_DEPTH];
		unsigned d = 0;
		for (uint32_t n = c->node; n != STORE_NO_NODE && d < STORE_MAX_DEPTH;
		     n = l->nodes[n].up)
			chain[d++] = n;
		uint32_t parent = STORE_NO_NODE;
		bool oom = false;
		for (unsigned i = d; i-- > 0;) {
			const store_node *nd = &l->nodes[chain[i]];
			parent = dt_get(&t, store_node_line_key(l, chain[i]), parent, nd->el.text,
					nd->el.len, nd->el.idlen, d - i);
			if (parent == STORE_NO_NODE) {
				oom = true;
				break;
			}
		}
		if (oom)
			break;
		const char *ot = inverse ? c->new_text : c->old_text;
		const char *nt = inverse ? c->old_text : c->new_text;
		uint32_t ol = inverse ? c->new_len : c->old_len, nl = inverse ? c->old_len : c->new_len;
		uint32_t id = dt_get(&t, store_chg_key(l, c), parent, nt ? nt : ot, nt ? nl : ol,
				     c->line.idlen, d + 1);
		if (id == STORE_NO_NODE)
			break;
		dnode *dn = &t.v[id];
		if (!dn->changed) {
			dn->changed = true;
			dn->old_text = ot;
			dn->old_len = ol;
		}
		dn->new_text = nt;
		dn->new_len = nl;
		if (nt) {
			dn->text = nt;
			dn->tlen = nl;
		}
	}
	if (db) {
		uint32_t *scratch = malloc((t.n ? t.n : 1) * sizeof *scratch);
		if (scratch)
			dt_order(&t, db, cfg_root(db), &t.top_first, scratch);
		free(scratch);
	}
	d_line(&o, "  ", 0, "#", 1);
	for (uint32_t id = t.top_first; id != STORE_NO_NODE; id = t.v[id].next) {
		uint32_t save = t.v[id].next;
		t.v[id].next = STORE_NO_NODE;
		d_walk(&t, &o, id);
		t.v[id].next = save;
		d_line(&o, "  ", 0, "#", 1);
	}
	free(o.buf);
	free(t.slots);
	free(t.v);
}
