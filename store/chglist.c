/* Change lists: decoding, identity keys and physical application (see
 * chglist.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chglist.h"

void store_chglist_init(store_chglist *l)
{
	memset(l, 0, sizeof *l);
}

void store_chglist_free(store_chglist *l)
{
	for (size_t i = 0; i < l->nrecs; i++)
		if (l->recs[i].own)
			free(l->recs[i].buf);
	free(l->recs);
	free(l->v);
	free(l->nodes);
	free(l->owners);
	memset(l, 0, sizeof *l);
}

/* ---- identity keys -------------------------------------------------------- */

#define KEY_BASIS 0xcbf29ce484222325ull

static uint64_t mix(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint64_t node_key(uint64_t parent_key, const store_elem *el)
{
	uint64_t h = parent_key ? parent_key : KEY_BASIS;
	h = mix(h, "\n", 1);
	return mix(h, el->text, el->idlen);
}

static uint64_t line_key(const store_chglist *l, uint32_t node, const char *id, size_t idlen)
{
	uint64_t h = node == STORE_NO_NODE ? KEY_BASIS : l->nodes[node].key;
	h = mix(h, "\t", 1);
	return finish(mix(h, id, idlen));
}

uint64_t store_chg_key(const store_chglist *l, const store_chg *c)
{
	return line_key(l, c->node, c->line.text, c->line.idlen);
}

uint64_t store_node_line_key(const store_chglist *l, uint32_t node)
{
	const store_node *nd = &l->nodes[node];
	return line_key(l, nd->up, nd->el.text, nd->el.idlen);
}

void store_chg_text(const store_chg *c, bool inverse, char *buf, size_t buflen)
{
	const char *nt = inverse ? c->old_text : c->new_text;
	const char *ot = inverse ? c->new_text : c->old_text;
	uint32_t nl = inverse ? c->old_len : c->new_len, ol = inverse ? c->new_len : c->old_len;
	if (nt)
		snprintf(buf, buflen, "%.*s", (int)nl, nt);
	else
		snprintf(buf, buflen, "undo %.*s", (int)ol, ot);
}

/* ---- decoding ------------------------------------------------------------- */

static uint32_t new_node(store_chglist *l, const store_elem *el, uint32_t up)
{
	if (!store_grow((void **)&l->nodes, &l->ncap, l->nn + 1, sizeof *l->nodes))
		return STORE_NO_NODE;
	store_node *nd = &l->nodes[l->nn];
	nd->el = *el;
	nd->up = up;
	nd->depth = up == STORE_NO_NODE ? 1 : l->nodes[up].depth + 1;
	nd->key = node_key(up == STORE_NO_NODE ? 0 : l->nodes[up].key, el);
	return (uint32_t)l->nn++;
}

int store_chglist_add(store_chglist *l, char *rec, size_t len, bool own)
{
	store_cursor cur;
	uint32_t stack[STORE_MAX_DEPTH];
	uint32_t *omap = NULL; /* record-local owner number -> node */
	size_t nomap = 0, capomap = 0;
	size_t n0 = l->n, nn0 = l->nn, no0 = l->no;

	if (!store_grow((void **)&l->recs, &l->caprecs, l->nrecs + 1, sizeof *l->recs) ||
	    store_cursor_init(&cur, rec, len) != 0)
		return -1;
	uint32_t ri = (uint32_t)l->nrecs;
	unsigned have = 0; /* valid entries of stack[] */
	int rc;
	while ((rc = store_cursor_next(&cur)) == 1) {
		/* shared elements keep their nodes: the cursor keeps their text
		 * pointers, so only positions past the first new one are new */
		unsigned keep = 0;
		while (keep < have && keep < cur.depth &&
		       l->nodes[stack[keep]].el.text == cur.path[keep].text)
			keep++;
		for (unsigned i = keep; i < cur.depth; i++) {
			stack[i] = new_node(l, &cur.path[i], i ? stack[i - 1] : STORE_NO_NODE);
			if (stack[i] == STORE_NO_NODE)
				goto fail;
		}
		have = cur.depth;
		/* owners first defined here get their nodes */
		while (nomap < cur.nodef) {
			unsigned od;
			const store_elem *oe = store_cursor_owner(&cur, (uint32_t)nomap, &od);
			uint32_t up = STORE_NO_NODE;
			unsigned k = 0;
			while (k < od && k < have && oe[k].text == cur.path[k].text)
				up = stack[k++];
			for (; k < od; k++)
				if ((up = new_node(l, &oe[k], up)) == STORE_NO_NODE)
					goto fail;
			if (!store_grow((void **)&omap, &capomap, nomap + 1, sizeof *omap))
				goto fail;
			omap[nomap++] = up;
		}
		if (!store_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) ||
		    !store_grow((void **)&l->owners, &l->ocap, l->no + cur.nown + 1, sizeof *l->owners))
			goto fail;
		store_chg *c = &l->v[l->n++];
		c->line = cur.line;
		c->old_text = cur.old_text;
		c->old_len = cur.old_len;
		c->new_text = cur.new_text;
		c->new_len = cur.new_len;
		c->moved = cur.moved;
		c->old_place = cur.old_pl;
		c->node = cur.depth ? stack[cur.depth - 1] : STORE_NO_NODE;
		c->owner0 = (uint32_t)l->no;
		c->nowners = cur.nown;
		for (unsigned i = 0; i < cur.nown; i++)
			l->owners[l->no++] = omap[cur.own[i]];
		c->rec = ri;
	}
	if (rc == 0) {
		l->recs[l->nrecs].buf = rec;
		l->recs[l->nrecs].own = own;
		l->nrecs++;
		store_cursor_free(&cur);
		free(omap);
		return 0;
	}
fail:
	store_cursor_free(&cur);
	free(omap);
	l->n = n0;
	l->nn = nn0;
	l->no = no0;
	return -1;
}

/* ---- applying ------------------------------------------------------------- */

static cfg_order order_of(const store_place *pl)
{
	cfg_order o = { pl->cls, pl->key, pl->sub };
	return o;
}

/* The child of parent an element names, in the candidate.  An implicit
 * section (a physical port: it exists without configuration, so no
 * record creates it) is made when missing. */
static cfg_entry *child(cfg_db *db, cfg_entry *parent, const store_elem *el)
{
	cfg_entry *e = cfg_get(db, parent, el->text, el->idlen, CFG_CANDIDATE);
	if (e || !(el->pl.flags & CFG_F_IMPLICIT) || !(el->pl.flags & CFG_F_SECTION))
		return e;
	if (cfg_set_seq(db, parent, el->text, el->len, el->idlen, order_of(&el->pl), el->pl.flags,
			el->pl.seq, &e, NULL, 0) != 0)
		return NULL;
	return e;
}

/* Set or delete one line under parent, or (`to` not NULL) give it the
 * place `to`.  -1 when out of memory. */
static int apply_line(cfg_db *db, cfg_entry *parent, const store_place *pl, uint32_t idlen,
		      const char *nt, uint32_t nl, const char *ot, cfg_entry *const *owners,
		      unsigned nown, const store_place *to)
{
	if (!nt) {
		cfg_entry *e = cfg_get(db, parent, ot, idlen, CFG_CANDIDATE);
		return e ? cfg_delete(db, e) : 0;
	}
	cfg_entry *e;
	if (to) { /* only the place: a line gone or changed meanwhile keeps its text */
		if ((e = cfg_get(db, parent, nt, idlen, CFG_CANDIDATE)))
			cfg_set_order(db, e, order_of(to));
		return 0;
	}
	if (cfg_set_seq(db, parent, nt, nl, idlen, order_of(pl), pl->flags, pl->seq, &e, NULL, 0) !=
	    0)
		return -1;
	for (unsigned i = 0; i < nown; i++)
		if (owners[i] && owners[i] != e && cfg_own(owners[i], e) != 0)
			return -1;
	return 0;
}

/* The entry of node nd in the candidate, through a cache per node (an
 * entry that left the candidate meanwhile is looked up again). */
static cfg_entry *node_entry(cfg_db *db, const store_chglist *l, uint32_t nd, cfg_entry **cache)
{
	if (nd == STORE_NO_NODE)
		return cfg_root(db);
	if (cache[nd] && cfg_present(cache[nd], CFG_CANDIDATE))
		return cache[nd];
	cfg_entry *p = node_entry(db, l, l->nodes[nd].up, cache);
	cache[nd] = p ? child(db, p, &l->nodes[nd].el) : NULL;
	return cache[nd];
}

long store_chglist_apply(cfg_db *db, const store_chglist *l, size_t from, size_t to, bool inverse,
			 store_fail_fn fail, void *arg)
{
	if (to > l->n)
		to = l->n;
	if (from >= to)
		return 0;
	cfg_entry **cache = calloc(l->nn ? l->nn : 1, sizeof *cache);
	if (!cache)
		return -1;
	long skipped = 0;
	for (size_t k = from; k < to; k++) {
		const store_chg *c = &l->v[inverse ? to - 1 - (k - from) : k];
		const char *nt = inverse ? c->old_text : c->new_text;
		const char *ot = inverse ? c->new_text : c->old_text;
		uint32_t nl = inverse ? c->old_len : c->new_len;
		cfg_entry *parent = node_entry(db, l, c->node, cache);
		if (!parent) {
			if (nt) { /* a removal under a section already gone is done */
				skipped++;
				if (fail)
					fail(arg, l, c, inverse);
			}
			continue;
		}
		cfg_entry *owners[STORE_MAX_OWNERS];
		unsigned nown = 0;
		for (uint32_t i = 0; nt && i < c->nowners && nown < STORE_MAX_OWNERS; i++) {
			uint32_t on = l->owners[c->owner0 + i];
			owners[nown++] = node_entry(db, l, on, cache);
		}
		const store_place *dest = !c->moved ? NULL : inverse ? &c->old_place : &c->line.pl;
		if (apply_line(db, parent, &c->line.pl, c->line.idlen, nt, nl, ot, owners, nown,
			       dest) != 0) {
			free(cache);
			return -1;
		}
	}
	free(cache);
	return skipped;
}

long store_record_apply(cfg_db *db, const char *rec, size_t len, char *err, size_t errlen)
{
	store_cursor cur;
	cfg_entry *pc[STORE_MAX_DEPTH];
	const char *pt[STORE_MAX_DEPTH]; /* the element texts pc[] was found for */
	unsigned have = 0;
	cfg_entry **oc = NULL;           /* owner number -> entry (resolved once) */
	size_t noc = 0, capoc = 0;
	long skipped = 0;
	int rc;

	if (store_cursor_init(&cur, rec, len) != 0) {
		snprintf(err, errlen, "not a commit record");
		return -1;
	}
	while ((rc = store_cursor_next(&cur)) == 1) {
		unsigned keep = 0;
		while (keep < have && keep < cur.depth && pt[keep] == cur.path[keep].text && pc[keep] &&
		       cfg_present(pc[keep], CFG_CANDIDATE))
			keep++;
		cfg_entry *p = keep ? pc[keep - 1] : cfg_root(db);
		for (unsigned i = keep; i < cur.depth; i++) {
			p = p ? child(db, p, &cur.path[i]) : NULL;
			pc[i] = p;
			pt[i] = cur.path[i].text;
		}
		have = cur.depth;
		while (noc < cur.nodef) {
			unsigned od;
			const store_elem *oe = store_cursor_owner(&cur, (uint32_t)noc, &od);
			cfg_entry *o = cfg_root(db);
			for (unsigned k = 0; k < od && o; k++)
				o = child(db, o, &oe[k]);
			if (!store_grow((void **)&oc, &capoc, noc + 1, sizeof *oc)) {
				snprintf(err, errlen, "out of memory");
				skipped = -1;
				goto out;
			}
			oc[noc++] = o;
		}
		if (!p) {
			if (cur.new_text)
				skipped++;
			continue;
		}
		cfg_entry *owners[STORE_MAX_OWNERS];
		for (unsigned i = 0; i < cur.nown; i++) {
			cfg_entry *o = oc[cur.own[i]];
			if (o && !cfg_present(o, CFG_CANDIDATE)) { /* gone meanwhile: again */
				unsigned od;
				const store_elem *oe = store_cursor_owner(&cur, cur.own[i], &od);
				o = cfg_root(db);
				for (unsigned k = 0; k < od && o; k++)
					o = child(db, o, &oe[k]);
				oc[cur.own[i]] = o;
			}
			owners[i] = o;
		}
		if (apply_line(db, p, &cur.line.pl, cur.line.idlen, cur.new_text, cur.new_len,
			       cur.old_text, owners, cur.nown, cur.moved ? &cur.line.pl : NULL) != 0) {
			snprintf(err, errlen, "out of memory");
			skipped = -1;
			goto out;
		}
	}
	if (rc != 0) {
		snprintf(err, errlen, cur.oom ? "out of memory" : "malformed record");
		skipped = -1;
	}
out:
	store_cursor_free(&cur);
	free(oc);
	return skipped;
}
