/* Change lists: decoding, identity keys, application through the views,
 * and the "+"/"-" diff layout (see chglist.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chglist.h"
#include "../shell/replay.h"

/* ---- building ------------------------------------------------------- */

void vsh_chglist_init(vsh_chglist *l)
{
	memset(l, 0, sizeof *l);
}

void vsh_chglist_free(vsh_chglist *l)
{
	for (size_t i = 0; i < l->nrecs; i++)
		if (l->recs[i].own)
			free(l->recs[i].buf);
	free(l->recs);
	free(l->v);
	free(l->nodes);
	memset(l, 0, sizeof *l);
}

static bool grow(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * elem);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

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

static uint64_t node_key(uint64_t parent_key, const cfg_jtext *t)
{
	uint64_t h = parent_key ? parent_key : 0xcbf29ce484222325ull;
	h = mix(h, "\n", 1);
	return mix(h, t->p, t->idlen);
}

uint64_t vsh_chg_key(const vsh_chglist *l, const vsh_chg *c)
{
	uint64_t h = c->node == VSH_NO_NODE ? 0xcbf29ce484222325ull : l->nodes[c->node].key;
	const char *id = c->new_text ? c->new_text : c->old_text;
	h = mix(h, "\t", 1);
	return finish(mix(h, id, c->idlen));
}

uint64_t vsh_chg_node_key(const vsh_chglist *l, uint32_t node)
{
	const vsh_chg_node *nd = &l->nodes[node];
	vsh_chg tmp = { .node = nd->up, .idlen = nd->t.idlen, .new_text = nd->t.p };
	return vsh_chg_key(l, &tmp);
}

int vsh_chglist_add_record(vsh_chglist *l, char *rec, size_t len, bool own)
{
	cfg_jcursor cur;
	uint32_t stack[CFG_JOURNAL_MAX_DEPTH];
	size_t n0 = l->n, nn0 = l->nn;

	if (!grow((void **)&l->recs, &l->caprecs, l->nrecs + 1, sizeof *l->recs))
		return -1;
	if (cfg_jcursor_init(&cur, rec, len) != 0)
		return -1;
	uint32_t ri = (uint32_t)l->nrecs;
	l->recs[l->nrecs].buf = rec;
	l->recs[l->nrecs].own = own;
	l->nrecs++;
	unsigned have = 0; /* valid entries of stack[] */
	int rc;
	while ((rc = cfg_jcursor_next(&cur)) == 1) {
		const cfg_jchange *ch = &cur.cur;
		/* shared elements keep their nodes: the cursor keeps them too,
		 * so only positions past the last unchanged pointer are new */
		unsigned keep = 0;
		while (keep < have && keep < ch->depth && l->nodes[stack[keep]].t.p == ch->path[keep].p)
			keep++;
		for (unsigned i = keep; i < ch->depth; i++) {
			if (!grow((void **)&l->nodes, &l->ncap, l->nn + 1, sizeof *l->nodes))
				goto fail;
			vsh_chg_node *nd = &l->nodes[l->nn];
			nd->t = ch->path[i];
			nd->up = i ? stack[i - 1] : VSH_NO_NODE;
			nd->depth = i + 1;
			nd->key = node_key(i ? l->nodes[stack[i - 1]].key : 0, &nd->t);
			stack[i] = (uint32_t)l->nn++;
		}
		have = ch->depth;
		if (!grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
			goto fail;
		vsh_chg *c = &l->v[l->n++];
		c->node = ch->depth ? stack[ch->depth - 1] : VSH_NO_NODE;
		c->idlen = ch->idlen;
		c->old_text = ch->old_text;
		c->old_len = ch->old_len;
		c->new_text = ch->new_text;
		c->new_len = ch->new_len;
		c->rec = ri;
	}
	if (rc == 0)
		return 0;
fail:
	l->n = n0;
	l->nn = nn0;
	l->nrecs--;
	return -1;
}

int vsh_pending_record(cfg_db *db, char **rec, size_t *len)
{
	cfg_change *chg;
	cfg_jwriter w;
	cfg_jmeta m;

	*rec = NULL;
	*len = 0;
	long n = cfg_changes(db, &chg);
	if (n <= 0)
		return (int)n;
	memset(&m, 0, sizeof m);
	cfg_jwriter_init(&w);
	cfg_jwriter_begin(&w, &m);
	for (long i = 0; i < n; i++)
		cfg_jwriter_add(&w, &chg[i]);
	free(chg);
	if (cfg_jwriter_end(&w) != 0) {
		cfg_jwriter_free(&w);
		return -1;
	}
	*rec = w.buf;
	*len = w.len;
	return 0;
}

void vsh_chg_text(const vsh_chg *c, bool inverse, char *buf, size_t buflen)
{
	const char *nt = inverse ? c->old_text : c->new_text;
	const char *ot = inverse ? c->new_text : c->old_text;
	uint32_t nl = inverse ? c->old_len : c->new_len, ol = inverse ? c->new_len : c->old_len;
	if (nt)
		snprintf(buf, buflen, "%.*s", (int)nl, nt);
	else
		snprintf(buf, buflen, "undo %.*s", (int)ol, ot);
}


/* ---- applying ------------------------------------------------------- */

typedef struct applier {
	vsh_replay r;
	char *out;          /* what the current command printed */
	size_t outlen, outcap;
	char *line;         /* the line being built */
	size_t linecap;
	/* frames entered for the previous change: node keys by depth */
	uint64_t entered[CFG_JOURNAL_MAX_DEPTH];
	unsigned nentered;
} applier;

static void ap_write(void *ctx, const char *buf, size_t len)
{
	applier *a = ctx;
	if (!grow((void **)&a->out, &a->outcap, a->outlen + len + 1, 1))
		return;
	memcpy(a->out + a->outlen, buf, len);
	a->outlen += len;
	a->out[a->outlen] = '\0';
}

static int ap_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		  size_t tlen, bool probe)
{
	applier *a = ctx;
	(void)line, (void)len, (void)probe;
	a->outlen = 0;
	if (a->out)
		a->out[0] = '\0';
	return vsh_exec(s, text, tlen, 0);
}

/* Run `text` indented by `indent` through the replay. */
static int ap_line(applier *a, unsigned indent, const char *text, size_t len)
{
	if (!grow((void **)&a->line, &a->linecap, indent + len + 1, 1))
		return -1;
	memset(a->line, ' ', indent);
	memcpy(a->line + indent, text, len);
	return vsh_replay_line(&a->r, a->line, indent + len);
}

static void report(vsh_chg_fail_fn fail, void *arg, const vsh_chglist *l, const vsh_chg *c,
		   bool inverse, const char *msg)
{
	if (fail)
		fail(arg, l, c, inverse, msg && *msg ? msg : "Error: The command failed.\n");
}

/* Remove the line of c (its text `t`) from the candidate. */
static void remove_line(cfg_db *db, const vsh_chglist *l, const vsh_chg *c, const char *t)
{
	uint32_t chain[CFG_JOURNAL_MAX_DEPTH];
	unsigned d = 0;
	for (uint32_t n = c->node; n != VSH_NO_NODE && d < CFG_JOURNAL_MAX_DEPTH; n = l->nodes[n].up)
		chain[d++] = n;
	cfg_entry *p = cfg_root(db);
	while (d > 0) {
		const cfg_jtext *t2 = &l->nodes[chain[--d]].t;
		p = cfg_get(db, p, t2->p, t2->idlen, CFG_CANDIDATE);
		if (!p)
			return; /* already gone with its section */
	}
	cfg_entry *e = cfg_get(db, p, t, c->idlen, CFG_CANDIDATE);
	if (e)
		cfg_delete(db, e);
}

/* Enter the sections above c and run its new text (`t`, `tlen`). */
static int add_line(applier *a, const vsh_chglist *l, const vsh_chg *c, const char *t,
		    uint32_t tlen, const char **why)
{
	uint32_t chain[CFG_JOURNAL_MAX_DEPTH];
	unsigned d = 0;
	vsh_session *s = a->r.s;

	*why = NULL;
	for (uint32_t n = c->node; n != VSH_NO_NODE && d < CFG_JOURNAL_MAX_DEPTH; n = l->nodes[n].up)
		chain[d++] = n;
	/* chain[d-1] is the top level: flip it */
	for (unsigned i = 0; i < d / 2; i++) {
		uint32_t x = chain[i];
		chain[i] = chain[d - 1 - i];
		chain[d - 1 - i] = x;
	}
	unsigned shared = 0;
	while (shared < d && shared < a->nentered && a->entered[shared] == l->nodes[chain[shared]].key)
		shared++;
	if (s->depth < 2 || (unsigned)s->depth < shared + 2)
		shared = 0;
	a->r.use_indent = true;
	ap_line(a, shared, "#", 1); /* back to the deepest shared section */
	a->nentered = shared;
	for (unsigned i = shared; i < d; i++) {
		const cfg_jtext *pt = &l->nodes[chain[i]].t;
		if (ap_line(a, i, pt->p, pt->len) != 0 || (unsigned)s->depth != i + 3) {
			*why = "section";
			return -1;
		}
		a->entered[a->nentered++] = l->nodes[chain[i]].key;
	}
	if (ap_line(a, d, t, tlen) != 0)
		return -1;
	return 0;
}

/* A change whose line failed, to be tried again. */
typedef struct retry {
	size_t idx;
	char *msg;
} retry;

static int try_add(applier *a, const vsh_chglist *l, const vsh_chg *c, bool inverse)
{
	const char *nt = inverse ? c->old_text : c->new_text;
	uint32_t nl = inverse ? c->old_len : c->new_len;
	const char *why;
	a->outlen = 0;
	if (add_line(a, l, c, nt, nl, &why) == 0)
		return 0;
	a->nentered = 0;
	return -1;
}

size_t vsh_chglist_apply(vsh_session *h, const vsh_chglist *l, size_t from, size_t to, bool inverse,
			 vsh_chg_fail_fn fail, void *arg)
{
	applier a;
	retry *rt = NULL;
	size_t nrt = 0, caprt = 0;

	memset(&a, 0, sizeof a);
	vsh_io saved = h->io;
	bool was_applying = h->applying;
	h->applying = true;
	h->io = (vsh_io){ .write = ap_write, .ask = NULL, .ctx = &a };
	vsh_to_user(h);
	vsh_replay_init(&a.r, h, ap_run, &a);
	a.r.started = true;
	/* the system view, without the banner */
	(void)vsh_exec(h, "system-view", 11, 0);
	if (to > l->n)
		to = l->n;
	for (size_t k = from; k < to; k++) {
		size_t idx = inverse ? to - 1 - (k - from) : k;
		const vsh_chg *c = &l->v[idx];
		const char *nt = inverse ? c->old_text : c->new_text;
		const char *ot = inverse ? c->new_text : c->old_text;
		if (!nt) {
			remove_line(h->db, l, c, ot);
			continue;
		}
		if (try_add(&a, l, c, inverse) == 0)
			continue;
		/* it may need a line that comes later: try again at the end */
		if (nrt == caprt && !grow((void **)&rt, &caprt, nrt + 1, sizeof *rt)) {
			report(fail, arg, l, c, inverse, a.outlen ? a.out : NULL);
			continue;
		}
		rt[nrt].idx = idx;
		rt[nrt].msg = a.outlen ? strdup(a.out) : NULL;
		nrt++;
	}
	/* again while lines keep succeeding */
	bool progress = nrt > 0;
	while (progress) {
		size_t keep = 0;
		progress = false;
		for (size_t i = 0; i < nrt; i++) {
			const vsh_chg *c = &l->v[rt[i].idx];
			if (try_add(&a, l, c, inverse) == 0) {
				free(rt[i].msg);
				progress = true;
				continue;
			}
			free(rt[i].msg);
			rt[i].msg = a.outlen ? strdup(a.out) : NULL;
			rt[keep++] = rt[i];
		}
		nrt = keep;
	}
	for (size_t i = 0; i < nrt; i++) {
		report(fail, arg, l, &l->v[rt[i].idx], inverse, rt[i].msg);
		free(rt[i].msg);
	}
	vsh_to_user(h);
	h->io = saved;
	h->applying = was_applying;
	free(rt);
	free(a.out);
	free(a.line);
	return nrt;
}

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
	uint32_t first, last, next; /* children and sibling, VSH_NO_NODE = none */
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
 * VSH_NO_NODE when out of memory. */
static uint32_t dt_get(dtree *t, uint64_t key, uint32_t parent, const char *text, uint32_t tlen,
		       uint32_t idlen, unsigned depth)
{
	bool found;
	uint32_t slot = dt_find(t, key, &found);
	if (found)
		return slot;
	if (!grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
		return VSH_NO_NODE;
	uint32_t id = (uint32_t)t->n++;
	dnode *d = &t->v[id];
	memset(d, 0, sizeof *d);
	d->key = key;
	d->text = text;
	d->tlen = tlen;
	d->idlen = idlen;
	d->depth = depth;
	d->first = d->last = d->next = VSH_NO_NODE;
	t->slots[slot] = id + 1;
	uint32_t *first = parent == VSH_NO_NODE ? &t->top_first : &t->v[parent].first;
	uint32_t *last = parent == VSH_NO_NODE ? &t->top_last : &t->v[parent].last;
	if (*last == VSH_NO_NODE)
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
	if (!grow((void **)&o->buf, &o->cap, need + 1, 1))
		return;
	memcpy(o->buf, pre, 2);
	memset(o->buf + 2, ' ', indent);
	memcpy(o->buf + 2 + indent, text, len);
	o->buf[need] = '\0';
	o->emit(o->arg, o->buf, need);
}

static void d_walk(const dtree *t, dout *o, uint32_t id)
{
	for (; id != VSH_NO_NODE; id = t->v[id].next) {
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
	for (uint32_t id = *first; id != VSH_NO_NODE; id = t->v[id].next) {
		t->v[id].e = parent ? db_line(db, parent, &t->v[id]) : NULL;
		scratch[n++] = id;
	}
	if (n > 1) {
		qsort_r(scratch, n, sizeof *scratch, sibling_cmp, t);
		*first = scratch[0];
		for (size_t i = 0; i + 1 < n; i++)
			t->v[scratch[i]].next = scratch[i + 1];
		t->v[scratch[n - 1]].next = VSH_NO_NODE;
	}
	/* scratch is reused below: walk the list again */
	for (uint32_t id = *first; id != VSH_NO_NODE; id = t->v[id].next)
		if (t->v[id].first != VSH_NO_NODE)
			dt_order(t, db, t->v[id].e, &t->v[id].first, scratch);
}

void vsh_chglist_diff(const vsh_chglist *l, size_t from, size_t to, bool inverse, cfg_db *db,
		      cfg_emit_fn emit, void *arg)
{
	dtree t;
	dout o = { emit, arg, NULL, 0 };

	memset(&t, 0, sizeof t);
	t.top_first = t.top_last = VSH_NO_NODE;
	if (to > l->n)
		to = l->n;
	if (from >= to)
		return;
	size_t want = 16;
	for (size_t k = from; k < to; k++) {
		const vsh_chg *c = &l->v[k];
		want += 2 * ((c->node == VSH_NO_NODE ? 0 : l->nodes[c->node].depth) + 1);
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
		const vsh_chg *c = &l->v[inverse ? to - 1 - (k - from) : k];
		uint32_t chain[CFG_JOURNAL_MAX_DEPTH];
		unsigned d = 0;
		for (uint32_t n = c->node; n != VSH_NO_NODE && d < CFG_JOURNAL_MAX_DEPTH;
		     n = l->nodes[n].up)
			chain[d++] = n;
		uint32_t parent = VSH_NO_NODE;
		bool oom = false;
		for (unsigned i = d; i-- > 0;) {
			const vsh_chg_node *nd = &l->nodes[chain[i]];
			parent = dt_get(&t, vsh_chg_node_key(l, chain[i]), parent, nd->t.p,
					nd->t.len, nd->t.idlen, d - i);
			if (parent == VSH_NO_NODE) {
				oom = true;
				break;
			}
		}
		if (oom)
			break;
		const char *ot = inverse ? c->new_text : c->old_text;
		const char *nt = inverse ? c->old_text : c->new_text;
		uint32_t ol = inverse ? c->new_len : c->old_len, nl = inverse ? c->old_len : c->new_len;
		uint32_t id = dt_get(&t, vsh_chg_key(l, c), parent, nt ? nt : ot, nt ? nl : ol,
				     c->idlen, d + 1);
		if (id == VSH_NO_NODE)
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
	for (uint32_t id = t.top_first; id != VSH_NO_NODE; id = t.v[id].next) {
		uint32_t save = t.v[id].next;
		t.v[id].next = VSH_NO_NODE;
		d_walk(&t, &o, id);
		t.v[id].next = save;
		d_line(&o, "  ", 0, "#", 1);
	}
	free(o.buf);
	free(t.slots);
	free(t.v);
}
