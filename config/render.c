/* The three renderings of the tree: `display current-configuration`,
 * `display this` and `display configuration candidate`.
 *
 * Lines go to the caller's callback one by one; an indented line is
 * assembled in one buffer kept by the database, so rendering allocates
 * nothing per line.  The buffer is NUL-terminated after each line. */
#include <stdlib.h>
#include <string.h>

#include "cfg_private.h"

typedef struct rctx {
	cfg_db *db;
	int side;
	cfg_emit_fn emit;
	void *arg;
} rctx;

static void out(rctx *c, int indent, const char *pre, const char *text)
{
	size_t plen = pre ? strlen(pre) : 0, tlen = strlen(text);
	if (indent <= 0 && plen == 0) {
		c->emit(c->arg, text, tlen);
		return;
	}
	if (indent < 0)
		indent = 0;
	size_t need = (size_t)indent + plen + tlen + 1;
	cfg_db *db = c->db;
	if (need > db->linecap) {
		size_t cap = need < 256 ? 256 : need + need / 2;
		char *b = realloc(db->line, cap);
		if (!b)
			return; /* out of memory: the line is lost, nothing worse */
		db->line = b;
		db->linecap = cap;
	}
	char *b = db->line;
	memset(b, ' ', (size_t)indent);
	if (plen)
		memcpy(b + indent, pre, plen);
	memcpy(b + indent + plen, text, tlen + 1);
	c->emit(c->arg, b, need - 1);
}

/* Would e print on this side?  An implicit section prints only when
 * something in it does. */
static bool renders(const cfg_entry *e, int side)
{
	if (!e->txt[side])
		return false;
	if (!(e->flags & CFG_F_IMPLICIT))
		return true;
	if (!(e->flags & CFG_F_SECTION))
		return false;
	const cfg_sect *s = CFG_SECT(e);
	for (uint32_t i = 0; i < s->n; i++)
		if (s->kids[i] && renders(s->kids[i], side))
			return true;
	return false;
}

static void block(rctx *c, cfg_entry *e, int indent);

static void children(rctx *c, cfg_entry *p, int indent)
{
	cfg_sect *s = CFG_SECT(p);
	cfg_sect_tidy(c->db, s);
	for (uint32_t i = 0; i < s->n; i++) {
		cfg_entry *k = s->kids[i];
		if (!k || !renders(k, c->side))
			continue;
		if ((p->flags & CFG_F_SEP_CHILDREN) && (k->flags & CFG_F_SECTION))
			out(c, indent, NULL, "#");
		block(c, k, indent);
	}
}

static void block(rctx *c, cfg_entry *e, int indent)
{
	out(c, indent, NULL, e->txt[c->side]);
	if (e->flags & CFG_F_SECTION)
		children(c, e, indent + 1);
}

void cfg_render(cfg_db *db, enum cfg_side side, cfg_emit_fn emit, void *arg)
{
	cfg_render_extra(db, side, NULL, 0, emit, arg);
}

size_t cfg_extra_before(const cfg_extra *x, size_t nx, size_t *xi, cfg_order ord,
			bool line_renders, cfg_emit_fn emit, void *arg)
{
	size_t n = 0;
	while (*xi < nx) {
		int cmp = cfg_order_cmp3(x[*xi].ord, ord);
		if (cmp > 0)
			break;
		if (cmp == 0 && line_renders) {
			(*xi)++;
			break;
		}
		emit(arg, "#", 1);
		emit(arg, x[*xi].text, strlen(x[*xi].text));
		(*xi)++;
		n++;
	}
	return n;
}

void cfg_render_extra(cfg_db *db, enum cfg_side side, const cfg_extra *x, size_t nx,
		      cfg_emit_fn emit, void *arg)
{
	if (!db || !emit)
		return;
	rctx c = { db, side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING, emit, arg };
	cfg_sect *r = &db->root;
	cfg_sect_tidy(db, r);
	const cfg_entry *prev = NULL;
	size_t xi = 0;
	for (uint32_t i = 0; i < r->n; i++) {
		cfg_entry *k = r->kids[i];
		if (!k || !k->txt[c.side])
			continue;
		/* the extra blocks before it, and its own when it renders none */
		cfg_order ko = { k->cls, k->key, k->sub };
		bool shown = renders(k, c.side);
		if (cfg_extra_before(x, nx, &xi, ko, shown, emit, arg))
			prev = NULL;
		if (!shown)
			continue;
		bool joined = prev && prev->cls == k->cls &&
			      ((!(prev->flags & CFG_F_SECTION) && !(k->flags & CFG_F_SECTION)) ||
			       (k->flags & CFG_F_JOIN));
		if (!joined)
			out(&c, 0, NULL, "#");
		block(&c, k, 0);
		prev = k;
	}
	for (; xi < nx; xi++) {
		out(&c, 0, NULL, "#");
		out(&c, 0, NULL, x[xi].text);
	}
	out(&c, 0, NULL, "#");
	out(&c, 0, NULL, "return");
}

void cfg_render_this(cfg_db *db, cfg_entry *sect, enum cfg_side side, cfg_emit_fn emit,
		     void *arg)
{
	if (!db || !emit)
		return;
	rctx c = { db, side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING, emit, arg };
	if (!sect || sect == &db->root.e) {
		/* the system view: its own lines, not the sections below it */
		cfg_sect *r = &db->root;
		cfg_sect_tidy(db, r);
		const cfg_entry *prev = NULL;
		out(&c, 0, NULL, "#");
		for (uint32_t i = 0; i < r->n; i++) {
			cfg_entry *k = r->kids[i];
			if (!k || (k->flags & CFG_F_SECTION) || !renders(k, c.side))
				continue;
			if (prev && prev->cls != k->cls)
				out(&c, 0, NULL, "#");
			out(&c, 0, NULL, k->txt[c.side]);
			prev = k;
		}
		if (prev)
			out(&c, 0, NULL, "#");
	} else if (sect->txt[c.side]) {
		/* a nested view opens with "#" at its own indent */
		int indent = cfg_depth(sect) - 1;
		out(&c, indent, NULL, "#");
		block(&c, sect, indent);
		out(&c, 0, NULL, "#");
	} else {
		out(&c, 0, NULL, "#");
	}
	out(&c, 0, NULL, "return");
}

static void pending(rctx *c, cfg_entry *p, int indent)
{
	cfg_sect *s = CFG_SECT(p);
	cfg_sect_tidy(c->db, s);
	for (uint32_t i = 0; i < s->n; i++) {
		cfg_entry *k = s->kids[i];
		if (!k)
			continue;
		const char *cand = k->txt[CFG_CANDIDATE];
		if (cfg_changed(k) && !cand) {
			/* removed; what it held goes with it.  Removing a line
			 * that is itself an "undo ..." form restores the
			 * default, which is the command without "undo ". */
			const char *run = k->txt[CFG_RUNNING];
			if (strncmp(run, "undo ", 5) == 0)
				out(c, indent, NULL, run + 5);
			else
				out(c, indent, "undo ", run);
		} else if (cfg_changed(k) || (k->state & CFG_S_MARK)) {
			out(c, indent, NULL, cand);
			if (k->state & CFG_S_MARK)
				pending(c, k, indent + 1);
		}
	}
}

/* Mark (set) or unmark the ancestors of every changed entry. */
static void mark_ancestors(cfg_db *db, int set)
{
	for (uint32_t i = 0; i < db->nchg; i++) {
		cfg_entry *e = db->chg[i];
		if (!cfg_changed(e))
			continue;
		for (cfg_entry *p = e->parent; p && ((p->state & CFG_S_MARK) != 0) != set; p = p->parent) {
			if (set)
				p->state |= CFG_S_MARK;
			else
				p->state &= (uint8_t)~CFG_S_MARK;
		}
	}
}

void cfg_render_pending(cfg_db *db, cfg_emit_fn emit, void *arg)
{
	if (!db || !emit || !db->ndiff)
		return;
	rctx c = { db, CFG_CANDIDATE, emit, arg };
	mark_ancestors(db, 1);
	pending(&c, &db->root.e, 0);
	mark_ancestors(db, 0);
}
