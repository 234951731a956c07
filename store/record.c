/* Journal records: encoding and decoding (layout in record.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crc32c.h"
#include "dir.h"
#include "record.h"

#define STR_MAX 65535u    /* bytes of one metadata string */
#define CHUNK (256u << 10) /* streaming: body bytes written at a time */

/* ---- the header --------------------------------------------------------- */

int store_rec_head(const char *buf, size_t avail, store_meta *m, char *strbuf, size_t strbuflen,
		   uint32_t *len)
{
	if (avail < STORE_REC_HDR)
		return 1;
	if (store_get_u32(buf) != STORE_REC_MAGIC)
		return -1;
	uint32_t slen = store_get_u32(buf + 48);
	uint32_t rlen = store_get_u32(buf + 4);
	if (slen > 4 * (STR_MAX + 3) || rlen < STORE_REC_HDR + slen + 4)
		return -1;
	if (avail < STORE_REC_HDR + slen)
		return 1;
	uint32_t crc = store_crc32c(0, buf, 52);
	crc = store_crc32c(crc, buf + STORE_REC_HDR, slen);
	if (crc != store_get_u32(buf + 52))
		return -1;
	memset(m, 0, sizeof *m);
	m->seq = store_get_u64(buf + 8);
	m->commit_id = store_get_u64(buf + 16);
	m->time = (int64_t)store_get_u64(buf + 24);
	m->seqhw = store_get_u64(buf + 32);
	m->kind = (uint8_t)buf[40];
	m->type = (uint8_t)buf[41];
	m->flags = (uint16_t)((unsigned char)buf[42] | (unsigned char)buf[43] << 8);
	m->nchanges = store_get_u32(buf + 44);
	if (m->kind != STORE_K_COMMIT && m->kind != STORE_K_TRIAL)
		return -1;
	if (strbuf) {
		if (strbuflen < slen + 4)
			return -1;
		store_rd r;
		store_rd_init(&r, buf + STORE_REC_HDR, slen);
		const char **dst[4] = { &m->user, &m->intf, &m->label, &m->desc };
		char *o = strbuf;
		for (int i = 0; i < 4; i++) {
			uint32_t l;
			const char *p = store_rd_bytes(&r, STR_MAX, &l);
			if (r.bad || memchr(p, '\0', l))
				return -1;
			memcpy(o, p, l);
			o[l] = '\0';
			*dst[i] = o;
			o += l + 1;
		}
		if (r.p != r.end)
			return -1;
	}
	*len = rlen;
	return 0;
}

size_t store_rec_body_off(const char *rec)
{
	return STORE_REC_HDR + store_get_u32(rec + 48);
}

bool store_rec_body_ok(const char *rec, size_t len)
{
	size_t off = store_rec_body_off(rec);
	if (len < off + 4)
		return false;
	return store_crc32c(0, rec + off, len - off - 4) == store_get_u32(rec + len - 4);
}

/* ---- writing ------------------------------------------------------------ */

static void begin(store_wr *w, const store_meta *m)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
	char hdr[STORE_REC_HDR];
	memset(hdr, 0, sizeof hdr);
	store_set_u32(hdr, STORE_REC_MAGIC);
	store_set_u64(hdr + 8, m->seq);
	store_set_u64(hdr + 16, m->commit_id);
	store_set_u64(hdr + 24, (uint64_t)m->time);
	store_set_u64(hdr + 32, m->seqhw);
	hdr[40] = (char)m->kind;
	hdr[41] = (char)m->type;
	hdr[42] = (char)(m->flags & 0xff);
	hdr[43] = (char)(m->flags >> 8);
	store_buf_put(&w->head, hdr, sizeof hdr);
	const char *s[4] = { m->user, m->intf, m->label, m->desc };
	for (int i = 0; i < 4; i++) {
		size_t l = s[i] ? strnlen(s[i], STR_MAX) : 0;
		store_buf_bytes(&w->head, s[i] ? s[i] : "", l);
	}
	if (!w->head.oom)
		store_set_u32(w->head.p + 48, (uint32_t)(w->head.len - STORE_REC_HDR));
}

void store_wr_begin(store_wr *w, const store_meta *m)
{
	begin(w, m);
}

int store_wr_begin_fd(store_wr *w, const store_meta *m, int fd, uint64_t off)
{
	begin(w, m);
	w->fd = fd;
	w->off = off;
	if (w->head.oom || !store_buf_room(&w->body, CHUNK)) {
		w->failed = true;
		return -1;
	}
	return 0;
}

void store_wr_free(store_wr *w)
{
	store_buf_free(&w->head);
	store_buf_free(&w->body);
	store_ptrmap_free(&w->owners);
	memset(w, 0, sizeof *w);
	w->fd = -1;
}

/* Streaming: write out what the body holds. */
static void flush(store_wr *w)
{
	if (w->failed || !w->body.len)
		return;
	w->crc = store_crc32c(w->crc, w->body.p, w->body.len);
	uint64_t at = w->off + w->head.len + w->flushed;
	if (store_pwrite_all(w->fd, w->body.p, w->body.len, (off_t)at) != 0) {
		w->failed = true;
		return;
	}
	store_write_behind(w->fd, (off_t)at, (off_t)w->body.len);
	w->flushed += w->body.len;
	w->body.len = 0;
}

static void put(store_wr *w, const void *p, size_t n)
{
	if (w->fd >= 0 && w->body.len + n > CHUNK)
		flush(w);
	store_buf_put(&w->body, p, n);
}

static void put_u8(store_wr *w, uint8_t v)
{
	put(w, &v, 1);
}

static void put_varint(store_wr *w, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;
	while (v >= 0x80) {
		b[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (unsigned char)v;
	put(w, b, n);
}

static void put_bytes(store_wr *w, const char *p, size_t n)
{
	put_varint(w, n);
	put(w, p, n);
}

/* A change is encoded straight into the body buffer: room for a bound of
 * its size first (flushing, when streaming), then plain stores. */
static unsigned char *room(store_wr *w, size_t n)
{
	if (w->fd >= 0 && w->body.len + n > CHUNK && w->body.len)
		flush(w);
	if (!store_buf_room(&w->body, n)) {
		w->failed = true;
		return NULL;
	}
	return (unsigned char *)w->body.p + w->body.len;
}

static void done(store_wr *w, const unsigned char *end)
{
	w->body.len = (size_t)(end - (const unsigned char *)w->body.p);
}

static unsigned char *wv(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static unsigned char *wbytes(unsigned char *p, const char *s, size_t n)
{
	p = wv(p, n);
	memcpy(p, s, n);
	return p + n;
}

static unsigned varint_len(uint64_t v)
{
	unsigned n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

#define PLACE_MAX 41 /* flags and four varints */

static unsigned char *wplace(store_wr *w, unsigned char *p, const store_place *pl)
{
	uint8_t f = (pl->flags & 7) | (pl->flags & CFG_F_JOIN ? 32 : 0);
	if (pl->key == pl->seq)
		f |= 8;
	else if (pl->key < pl->seq && varint_len(pl->seq - pl->key) < varint_len(pl->key))
		f |= 16;
	*p++ = f;
	p = wv(p, pl->cls);
	if (f & 16)
		p = wv(p, pl->seq - pl->key);
	else if (!(f & 8))
		p = wv(p, pl->key);
	p = wv(p, pl->sub);
	int64_t d = (int64_t)(pl->seq - w->prev_seq);
	p = wv(p, ((uint64_t)d << 1) ^ (uint64_t)(d >> 63));
	w->prev_seq = pl->seq;
	return p;
}

static store_place place_of(const cfg_entry *e)
{
	cfg_order o = cfg_order_of(e);
	store_place pl = { o.key, cfg_seq(e), o.cls, o.sub, (uint8_t)cfg_flags(e) };
	return pl;
}

static const char *text_of(const cfg_entry *e)
{
	const char *t = cfg_text(e, CFG_CANDIDATE);
	return t ? t : cfg_text(e, CFG_RUNNING);
}

/* An element: placement, identity length, text (t of tl bytes). */
static unsigned char *welem(store_wr *w, unsigned char *p, const cfg_entry *e, const char *t,
			    size_t tl)
{
	store_place pl = place_of(e);
	p = wplace(w, p, &pl);
	p = wv(p, cfg_idlen(e));
	return wbytes(p, t, tl);
}

/* The sections above e, from the top level down; their number, or -1
 * when nested too deep. */
static int ancestors(const cfg_entry *e, const cfg_entry **anc)
{
	int d = 0;
	for (const cfg_entry *p = cfg_parent(e); p && cfg_parent(p); p = cfg_parent(p)) {
		if (d == STORE_MAX_DEPTH)
			return -1;
		anc[d++] = p;
	}
	for (int i = 0; i < d / 2; i++) {
		const cfg_entry *x = anc[i];
		anc[i] = anc[d - 1 - i];
		anc[d - 1 - i] = x;
	}
	return d;
}

typedef struct owner_list {
	const cfg_entry *v[STORE_MAX_OWNERS];
	unsigned n;
} owner_list;

static int collect_owner(void *arg, cfg_entry *o)
{
	owner_list *l = arg;
	if (l->n < STORE_MAX_OWNERS && text_of(o))
		l->v[l->n++] = o;
	return 0;
}

/* A new owner's path, relative to the change's path anc[0..depth). */
static void put_new_owner(store_wr *w, const cfg_entry *o, const cfg_entry *const *anc,
			  unsigned depth)
{
	const cfg_entry *oc[STORE_MAX_DEPTH + 1];
	int od = ancestors(o, oc);
	if (od < 0 || od >= STORE_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	oc[od++] = o;
	unsigned os = 0;
	while (os < (unsigned)od && os < depth && oc[os] == anc[os])
		os++;
	size_t bound = 32;
	const char *t[STORE_MAX_DEPTH + 1];
	size_t tl[STORE_MAX_DEPTH + 1];
	for (unsigned k = os; k < (unsigned)od; k++) {
		t[k] = text_of(oc[k]);
		tl[k] = strlen(t[k]);
		bound += PLACE_MAX + 20 + tl[k];
	}
	unsigned char *p = room(w, bound);
	if (!p)
		return;
	p = wv(p, 0);
	p = wv(p, os);
	p = wv(p, (unsigned)od - os);
	for (unsigned k = os; k < (unsigned)od; k++)
		p = welem(w, p, oc[k], t[k], tl[k]);
	done(w, p);
}

/* A change of e; with `was`, a move of the unchanged line (texts equal)
 * from placement *was. */
static void wr_line(store_wr *w, cfg_db *db, const cfg_entry *e, const char *old_text,
		    const char *new_text, const store_place *was)
{
	const cfg_entry *anc[STORE_MAX_DEPTH];
	int depth;
	if ((!old_text && !new_text) || w->failed) {
		w->failed = true;
		return;
	}
	/* a line of the section of the line before it: the path is known */
	if (w->have_prev && w->pdepth && w->pent[w->pdepth - 1] == cfg_parent(e)) {
		depth = (int)w->pdepth;
		memcpy(anc, w->pent, (size_t)depth * sizeof *anc);
	} else if (w->have_prev && !w->pdepth && !cfg_parent(cfg_parent(e))) {
		depth = 0;
	} else if ((depth = ancestors(e, anc)) < 0) {
		w->failed = true;
		return;
	}
	unsigned shared = 0;
	while (shared < (unsigned)depth && shared < w->pdepth && w->pent[shared] == anc[shared])
		shared++;

	owner_list ol;
	ol.n = 0;
	cfg_foreach_owner(db, (cfg_entry *)e, collect_owner, &ol);
	uint32_t ids[STORE_MAX_OWNERS];
	bool same = w->have_prev && ol.n == w->nprev_own &&
		    memcmp(ol.v, w->prev_oent, ol.n * sizeof *ol.v) == 0;
	if (same) {
		memcpy(ids, w->prev_own, ol.n * sizeof *ids);
	} else {
		bool known = true;
		for (unsigned i = 0; i < ol.n; i++)
			if (!store_ptrmap_get(&w->owners, ol.v[i], &ids[i]))
				known = false;
		same = w->have_prev && known && ol.n == w->nprev_own &&
		       memcmp(ids, w->prev_own, ol.n * sizeof *ids) == 0;
	}

	/* the path's new elements, the line and its known owners */
	const char *pt[STORE_MAX_DEPTH];
	size_t ptl[STORE_MAX_DEPTH];
	size_t ol_len = old_text ? strlen(old_text) : 0, nl_len = new_text ? strlen(new_text) : 0;
	size_t bound = 64 + 2 * PLACE_MAX + ol_len + nl_len + 11 * (size_t)ol.n;
	for (unsigned i = shared; i < (unsigned)depth; i++) {
		pt[i] = text_of(anc[i]);
		ptl[i] = strlen(pt[i]);
		bound += PLACE_MAX + 20 + ptl[i];
	}
	unsigned char *p = room(w, bound);
	if (!p)
		return;
	*p++ = (unsigned char)((old_text ? 1 : 0) | (new_text ? 2 : 0) | (same ? 4 : 0) |
			       (was ? 8 : 0));
	p = wv(p, shared);
	p = wv(p, (unsigned)depth - shared);
	for (unsigned i = shared; i < (unsigned)depth; i++) {
		p = welem(w, p, anc[i], pt[i], ptl[i]);
		w->pent[i] = anc[i];
	}
	w->pdepth = (unsigned)depth;
	store_place pl = place_of(e);
	p = wplace(w, p, &pl);
	if (was)
		p = wplace(w, p, was);
	p = wv(p, cfg_idlen(e));
	if (old_text)
		p = wbytes(p, old_text, ol_len);
	if (new_text)
		p = wbytes(p, new_text, nl_len);
	if (!same)
		p = wv(p, ol.n);
	done(w, p);
	for (unsigned i = 0; !same && i < ol.n; i++) {
		uint32_t id;
		if (store_ptrmap_get(&w->owners, ol.v[i], &id)) {
			unsigned char *q = room(w, 10);
			if (!q)
				return;
			done(w, wv(q, (uint64_t)id + 1));
			ids[i] = id;
			continue;
		}
		put_new_owner(w, ol.v[i], anc, (unsigned)depth);
		id = w->nowners++;
		if (!store_ptrmap_put(&w->owners, ol.v[i], id))
			w->failed = true;
		ids[i] = id;
	}
	memcpy(w->prev_own, ids, ol.n * sizeof *ids);
	memcpy(w->prev_oent, ol.v, ol.n * sizeof *ol.v);
	w->nprev_own = ol.n;
	w->have_prev = true;
	w->nchanges++;
}

void store_wr_change(store_wr *w, cfg_db *db, const cfg_entry *e, const char *old_text,
		     const char *new_text)
{
	wr_line(w, db, e, old_text, new_text, NULL);
}

void store_wr_move(store_wr *w, cfg_db *db, const cfg_entry *e, cfg_order old)
{
	const char *t = cfg_text(e, CFG_CANDIDATE);
	store_place was = place_of(e);
	if (!t) {
		w->failed = true;
		return;
	}
	was.cls = old.cls;
	was.key = old.key;
	was.sub = old.sub;
	wr_line(w, db, e, t, t, &was);
}

void store_wr_trial(store_wr *w, const store_trial *t)
{
	put_u8(w, t->active ? 1 : 0);
	put_varint(w, ((uint64_t)t->deadline << 1) ^ (uint64_t)(t->deadline >> 63));
	put_varint(w, t->base_seq);
	put_varint(w, t->session);
	put_varint(w, t->secs);
	put_bytes(w, t->persist, strnlen(t->persist, sizeof t->persist - 1));
}

int store_wr_end(store_wr *w, uint64_t *len)
{
	if (w->fd >= 0)
		flush(w);
	if (w->body.oom || w->head.oom)
		w->failed = true;
	uint64_t body = w->fd >= 0 ? w->flushed : w->body.len;
	uint64_t total = w->head.len + body + 4;
	if (w->failed || total > STORE_REC_MAX) {
		if (!errno)
			errno = w->failed ? ENOMEM : EFBIG;
		return -1;
	}
	char *h = w->head.p;
	store_set_u32(h + 4, (uint32_t)total);
	store_set_u32(h + 44, w->nchanges);
	uint32_t hc = store_crc32c(0, h, 52);
	hc = store_crc32c(hc, h + STORE_REC_HDR, w->head.len - STORE_REC_HDR);
	store_set_u32(h + 52, hc);
	if (len)
		*len = total;
	if (w->fd >= 0) {
		char t[4];
		store_set_u32(t, w->crc);
		if (store_pwrite_all(w->fd, t, 4, (off_t)(w->off + w->head.len + body)) != 0 ||
		    store_pwrite_all(w->fd, h, w->head.len, (off_t)w->off) != 0)
			return -1;
		return 0;
	}
	uint32_t bc = store_crc32c(0, w->body.p, w->body.len);
	store_buf_put(&w->head, w->body.p, w->body.len);
	store_buf_u32(&w->head, bc);
	if (w->head.oom) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* ---- pending changes, differences ----------------------------------------- */

typedef struct pend {
	store_wr *w;
	cfg_db *db;
} pend;

static int add_pending(void *arg, const cfg_change *c)
{
	pend *p = arg;
	store_wr_change(p->w, p->db, c->e, c->old_text, c->new_text);
	return p->w->failed ? -1 : 0;
}

static int add_pending_move(void *arg, cfg_entry *e, cfg_order old)
{
	pend *p = arg;
	store_wr_move(p->w, p->db, e, old);
	return p->w->failed ? -1 : 0;
}

static int take_record(store_wr *w, char **rec, size_t *len)
{
	if (store_wr_end(w, NULL) != 0) {
		store_wr_free(w);
		return -1;
	}
	*rec = w->head.p;
	*len = w->head.len;
	w->head.p = NULL;
	store_wr_free(w);
	return 0;
}

int store_pending_record(cfg_db *db, char **rec, size_t *len)
{
	*rec = NULL;
	*len = 0;
	if (!cfg_pending(db))
		return 0;
	store_meta m;
	memset(&m, 0, sizeof m);
	m.kind = STORE_K_COMMIT;
	store_wr w;
	store_wr_begin(&w, &m);
	pend p = { &w, db };
	if (cfg_changes_visit(db, add_pending, &p) != 0 ||
	    cfg_moves_visit(db, add_pending_move, &p) != 0) {
		store_wr_free(&w);
		return -1;
	}
	return take_record(&w, rec, len);
}

typedef struct dctx {
	cfg_db *from, *to;
	store_wr w;
	cfg_entry *other;     /* the counterpart section in the other tree, or NULL */
} dctx;

static int walk_removals(void *arg, cfg_entry *e);
static int walk_additions(void *arg, cfg_entry *e);

static void below(dctx *d, cfg_db *db, cfg_entry *e, cfg_entry *other, cfg_visit_fn fn)
{
	if (!(cfg_flags(e) & CFG_F_SECTION))
		return;
	cfg_entry *save = d->other;
	d->other = other;
	cfg_foreach_child(db, e, CFG_RUNNING, fn, d);
	d->other = save;
}

/* Lines of `from` that `to` does not have. */
static int walk_removals(void *arg, cfg_entry *e)
{
	dctx *d = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	cfg_entry *o = d->other ? cfg_get(d->to, d->other, t, cfg_idlen(e), CFG_RUNNING) : NULL;
	if (!o && !(cfg_flags(e) & CFG_F_IMPLICIT)) {
		store_wr_change(&d->w, d->from, e, t, NULL);
		return 0;
	}
	below(d, d->from, e, o, walk_removals);
	return 0;
}

/* Lines of `to` that `from` lacks or holds with another text. */
static int walk_additions(void *arg, cfg_entry *e)
{
	dctx *d = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	cfg_entry *o = d->other ? cfg_get(d->from, d->other, t, cfg_idlen(e), CFG_RUNNING) : NULL;
	const char *ot = o ? cfg_text(o, CFG_RUNNING) : NULL;
	bool implicit = (cfg_flags(e) & CFG_F_IMPLICIT) != 0;
	if ((!ot && !implicit) || (ot && strcmp(ot, t) != 0))
		store_wr_change(&d->w, d->to, e, ot, t);
	below(d, d->to, e, o, walk_additions);
	return 0;
}

int store_diff_record(cfg_db *from, cfg_db *to, char **rec, size_t *len)
{
	dctx d;
	store_meta m;
	memset(&d, 0, sizeof d);
	memset(&m, 0, sizeof m);
	m.kind = STORE_K_COMMIT;
	*rec = NULL;
	*len = 0;
	d.from = from;
	d.to = to;
	store_wr_begin(&d.w, &m);
	d.other = cfg_root(to);
	cfg_foreach_child(from, cfg_root(from), CFG_RUNNING, walk_removals, &d);
	d.other = cfg_root(from);
	cfg_foreach_child(to, cfg_root(to), CFG_RUNNING, walk_additions, &d);
	return take_record(&d.w, rec, len);
}

/* ---- reading ------------------------------------------------------------ */

static bool get_place(store_cursor *c, store_place *pl)
{
	store_rd *r = &c->r;
	uint8_t f = store_rd_u8(r);
	if (f & ~63u || (f & 24) == 24)
		return false;
	pl->flags = (f & 7) | (f & 32 ? CFG_F_JOIN : 0);
	uint64_t cls = store_rd_varint(r), key = 0, below = 0;
	if (f & 16)
		below = store_rd_varint(r);
	else if (!(f & 8))
		key = store_rd_varint(r);
	uint64_t sub = store_rd_varint(r);
	int64_t d = store_rd_svarint(r);
	if (r->bad || cls > UINT32_MAX || sub > UINT32_MAX)
		return false;
	pl->cls = (uint32_t)cls;
	pl->sub = (uint32_t)sub;
	pl->seq = c->prev_seq + (uint64_t)d;
	c->prev_seq = pl->seq;
	if (pl->seq == 0 || pl->seq >> 48)
		return false;
	pl->key = (f & 8) ? pl->seq : (f & 16) ? pl->seq - below : key;
	return !((f & 16) && below > pl->seq) && pl->key != CFG_KEY_SEQ;
}

/* A configuration text: no NUL, no line break, within the tree's limit. */
static const char *get_text(store_rd *r, uint32_t *len)
{
	const char *p = store_rd_bytes(r, CFG_TEXT_MAX, len);
	if (!p || *len == 0 || memchr(p, '\0', *len) || memchr(p, '\n', *len) ||
	    memchr(p, '\r', *len)) {
		r->bad = true;
		return NULL;
	}
	return p;
}

static bool get_elem(store_cursor *c, store_elem *el)
{
	if (!get_place(c, &el->pl))
		return false;
	uint64_t idlen = store_rd_varint(&c->r);
	el->text = get_text(&c->r, &el->len);
	if (!el->text || idlen == 0 || idlen > el->len)
		return false;
	el->idlen = (uint32_t)idlen;
	return true;
}

int store_cursor_init(store_cursor *c, const char *rec, size_t len)
{
	memset(c, 0, sizeof *c);
	if (len < STORE_REC_HDR + 4 || (uint8_t)rec[40] != STORE_K_COMMIT)
		return -1;
	size_t off = store_rec_body_off(rec);
	if (off + 4 > len)
		return -1;
	store_rd_init(&c->r, rec + off, len - off - 4);
	c->left = store_get_u32(rec + 44);
	return 0;
}

void store_cursor_free(store_cursor *c)
{
	free(c->odef);
	free(c->oel);
	c->odef = NULL;
	c->oel = NULL;
}

int store_cursor_next(store_cursor *c)
{
	store_rd *r = &c->r;
	if (c->left == 0)
		return r->p == r->end ? 0 : -1;
	uint8_t tag = store_rd_u8(r);
	uint64_t shared = store_rd_varint(r), fresh = store_rd_varint(r);
	if (r->bad || (tag & ~15u) || !(tag & 3) || ((tag & 8) && (tag & 3) != 3) ||
	    shared > c->depth ||
	    fresh > STORE_MAX_DEPTH - shared)
		return -1;
	if ((tag & 4) && !c->have_prev)
		return -1; /* "the same owners" needs a change before it */
	for (unsigned i = (unsigned)shared; i < shared + fresh; i++)
		if (!get_elem(c, &c->path[i]))
			return -1;
	c->depth = (unsigned)(shared + fresh);
	if (!get_place(c, &c->line.pl))
		return -1;
	c->moved = (tag & 8) != 0;
	c->old_pl = c->line.pl;
	if (c->moved && (!get_place(c, &c->old_pl) || c->old_pl.seq != c->line.pl.seq ||
			 c->old_pl.flags != c->line.pl.flags))
		return -1;
	uint64_t idlen = store_rd_varint(r);
	c->old_text = c->new_text = NULL;
	c->old_len = c->new_len = 0;
	if ((tag & 1) && !(c->old_text = get_text(r, &c->old_len)))
		return -1;
	if ((tag & 2) && !(c->new_text = get_text(r, &c->new_len)))
		return -1;
	if (r->bad || idlen == 0 || (c->old_text && idlen > c->old_len) ||
	    (c->new_text && idlen > c->new_len))
		return -1;
	if (c->old_text && c->new_text && memcmp(c->old_text, c->new_text, idlen) != 0)
		return -1; /* one line: the same identity on both sides */
	if (c->moved && (c->old_len != c->new_len ||
			 memcmp(c->old_text, c->new_text, c->new_len) != 0))
		return -1; /* a move changes no text */
	c->line.idlen = (uint32_t)idlen;
	c->line.text = c->new_text ? c->new_text : c->old_text;
	c->line.len = c->new_text ? c->new_len : c->old_len;
	if (!(tag & 4)) {
		uint64_t n = store_rd_varint(r);
		if (r->bad || n > STORE_MAX_OWNERS)
			return -1;
		for (unsigned i = 0; i < n; i++) {
			uint64_t code = store_rd_varint(r);
			if (r->bad)
				return -1;
			if (code) {
				if (code > c->nodef)
					return -1;
				c->own[i] = (uint32_t)(code - 1);
				continue;
			}
			uint64_t os = store_rd_varint(r), ox = store_rd_varint(r);
			if (r->bad || os > c->depth || ox > STORE_MAX_DEPTH + 1 - os || os + ox == 0)
				return -1;
			if (!store_grow((void **)&c->oel, &c->capoel, c->noel + os + ox, sizeof *c->oel) ||
			    !store_grow((void **)&c->odef, &c->capodef, c->nodef + 1, sizeof *c->odef)) {
				c->oom = true;
				return -1;
			}
			size_t first = c->noel;
			memcpy(c->oel + first, c->path, os * sizeof *c->path);
			for (unsigned k = 0; k < ox; k++)
				if (!get_elem(c, &c->oel[first + os + k]))
					return -1;
			c->noel += os + ox;
			c->odef[c->nodef].first = (uint32_t)first;
			c->odef[c->nodef].n = (uint32_t)(os + ox);
			c->own[i] = (uint32_t)c->nodef++;
		}
		c->nown = (unsigned)n;
	}
	c->have_prev = true;
	c->left--;
	return 1;
}

const store_elem *store_cursor_owner(const store_cursor *c, uint32_t n, unsigned *depth)
{
	*depth = c->odef[n].n;
	return c->oel + c->odef[n].first;
}

int store_rec_trial(const char *rec, size_t len, store_trial *t)
{
	memset(t, 0, sizeof *t);
	if (len < STORE_REC_HDR + 4 || (uint8_t)rec[40] != STORE_K_TRIAL)
		return -1;
	size_t off = store_rec_body_off(rec);
	if (off + 4 > len)
		return -1;
	store_rd r;
	store_rd_init(&r, rec + off, len - off - 4);
	uint8_t a = store_rd_u8(&r);
	t->deadline = store_rd_svarint(&r);
	t->base_seq = store_rd_varint(&r);
	uint64_t sess = store_rd_varint(&r), secs = store_rd_varint(&r);
	uint32_t pl;
	const char *p = store_rd_bytes(&r, sizeof t->persist - 1, &pl);
	if (r.bad || a > 1 || sess > UINT32_MAX || secs > UINT32_MAX || memchr(p, '\0', pl) ||
	    r.p != r.end)
		return -1;
	t->active = a == 1;
	t->session = (uint32_t)sess;
	t->secs = (uint32_t)secs;
	memcpy(t->persist, p, pl);
	t->persist[pl] = '\0';
	return 0;
}
