/* Checkpoints: writing, checking, loading and rendering (layout in
 * checkpoint.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "codec.h"
#include "crc32c.h"

#define BLOCK (1u << 20)
#define F_RENDERS 8u
#define F_OWNED 16u
#define F_OWNER 32u
#define F_KEYSELF 64u
#define F_KEYBELOW 128u
#define MAX_DEPTH 64

/* ---- writing ---------------------------------------------------------- */

typedef struct ckw {
	const cfg_db *db;
	enum cfg_side side; /* CFG_CANDIDATE: made while its commit is logged */
	int fd;
	store_buf blk;
	uint64_t body, nentries, prev_seq;
	uint32_t nblocks;
	int depth;
	bool failed;
} ckw;

static void flush_block(ckw *w)
{
	if (w->failed || !w->blk.len)
		return;
	char h[8];
	store_set_u32(h, (uint32_t)w->blk.len);
	store_set_u32(h + 4, store_crc32c(0, w->blk.p, w->blk.len));
	if (store_write_all(w->fd, h, 8) != 0 || store_write_all(w->fd, w->blk.p, w->blk.len) != 0) {
		w->failed = true;
		return;
	}
	store_write_behind(w->fd, (off_t)(STORE_CKPT_HDR + w->body), (off_t)(8 + w->blk.len));
	w->body += 8 + w->blk.len;
	w->nblocks++;
	w->blk.len = 0;
}

/* The checkpoint reads the tree with the visits that write nothing: it may
 * be written on a thread of its own while the commit it follows is
 * logged (ckpt_beside.c). */
static int render_visit(void *arg, cfg_entry *e);

/* Would e print in `display current-configuration`?  (An implicit section
 * only when something in it does.) */
static bool renders(const ckw *w, cfg_entry *e)
{
	if (!(cfg_flags(e) & CFG_F_IMPLICIT))
		return true;
	if (!(cfg_flags(e) & CFG_F_SECTION))
		return false;
	int rc = cfg_foreach_child_ro(w->db, e, w->side, render_visit, (void *)w);
	return rc == CFG_VISIT_NOMEM || rc != 0; /* out of memory: shown, the safe side */
}

static int render_visit(void *arg, cfg_entry *e)
{
	return renders(arg, e) ? 1 : 0;
}

typedef struct owners {
	uint64_t seq[64];
	unsigned n;
	enum cfg_side side;
} owners;

static int owner_visit(void *arg, cfg_entry *o)
{
	owners *ow = arg;
	if (ow->n < 64 && cfg_present(o, ow->side))
		ow->seq[ow->n++] = cfg_seq(o);
	return 0;
}

static unsigned vlen(uint64_t v)
{
	unsigned n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
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

static unsigned char *wsv(unsigned char *p, int64_t v)
{
	return wv(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static int write_visit(void *arg, cfg_entry *e)
{
	ckw *w = arg;
	if (w->failed)
		return 1;
	const char *t = cfg_text(e, w->side);
	size_t len = strlen(t);
	cfg_order o = cfg_order_of(e);
	uint64_t seq = cfg_seq(e);
	owners ow;
	ow.n = 0;
	ow.side = w->side;
	cfg_foreach_owner_ro(e, owner_visit, &ow);
	unsigned f = cfg_flags(e) & 7u;
	if (renders(w, e))
		f |= F_RENDERS;
	if (ow.n)
		f |= F_OWNED;
	if (cfg_owns(e))
		f |= F_OWNER;
	if (o.key == seq)
		f |= F_KEYSELF;
	else if (o.key < seq && vlen(seq - o.key) < vlen(o.key))
		f |= F_KEYBELOW;
	/* straight into the block: room for a bound of the line's size */
	size_t bound = 1 + 6 * 10 + len + 10 + 10 * (size_t)ow.n + 10;
	if (w->blk.len && w->blk.len + bound > BLOCK)
		flush_block(w);
	if (!store_buf_room(&w->blk, bound)) {
		w->failed = true;
		return 1;
	}
	unsigned char *p = (unsigned char *)w->blk.p + w->blk.len;
	*p++ = (unsigned char)f;
	p = wv(p, (uint64_t)w->depth << 1 | ((cfg_flags(e) & CFG_F_JOIN) != 0));
	p = wv(p, o.cls);
	if (f & F_KEYBELOW)
		p = wv(p, seq - o.key);
	else if (!(f & F_KEYSELF))
		p = wv(p, o.key);
	p = wv(p, o.sub);
	p = wsv(p, (int64_t)(seq - w->prev_seq));
	w->prev_seq = seq;
	p = wv(p, cfg_idlen(e));
	p = wv(p, len);
	memcpy(p, t, len);
	p += len;
	if (ow.n) {
		p = wv(p, ow.n);
		for (unsigned i = 0; i < ow.n; i++)
			p = wsv(p, (int64_t)(ow.seq[i] - seq));
	}
	w->blk.len = (size_t)(p - (unsigned char *)w->blk.p);
	w->nentries++;
	if (cfg_flags(e) & CFG_F_SECTION) {
		if (w->depth >= MAX_DEPTH) {
			w->failed = true;
			return 1;
		}
		w->depth++;
		if (cfg_foreach_child_ro(w->db, e, w->side, write_visit, w) == CFG_VISIT_NOMEM)
			w->failed = true;
		w->depth--;
	}
	return w->failed ? 1 : 0;
}

typedef struct ckfill {
	const cfg_db *db;
	enum cfg_side side;
	store_ckpt_info *info;
} ckfill;

static int fill(void *arg, int fd)
{
	ckfill *cf = arg;
	ckw w;
	memset(&w, 0, sizeof w);
	w.db = cf->db;
	w.side = cf->side;
	w.fd = fd;
	w.depth = 1;
	unsigned char h[STORE_CKPT_HDR];
	memset(h, 0, sizeof h);
	if (store_write_all(fd, h, sizeof h) != 0)
		return -1;
	if (cfg_foreach_child_ro(cf->db, NULL, cf->side, write_visit, &w) == CFG_VISIT_NOMEM)
		w.failed = true;
	flush_block(&w);
	store_buf_free(&w.blk);
	if (w.failed) {
		if (!errno)
			errno = ENOMEM;
		return -1;
	}
	store_set_u32(h, STORE_CKPT_MAGIC);
	store_set_u32(h + 4, STORE_CKPT_VERSION);
	store_set_u64(h + 8, cf->info->seq);
	store_set_u64(h + 16, cf->info->commit_id);
	store_set_u64(h + 24, cf->info->seqhw);
	store_set_u64(h + 32, w.nentries);
	store_set_u64(h + 40, w.body);
	store_set_u32(h + 48, w.nblocks);
	store_set_u32(h + 60, store_crc32c(0, h, 60));
	cf->info->nentries = w.nentries;
	cf->info->bytes = STORE_CKPT_HDR + w.body;
	return store_pwrite_all(fd, h, sizeof h, 0);
}

int store_ckpt_write(const store_dir *d, const char *name, cfg_db *db, store_ckpt_info *info,
		     char *err, size_t errlen)
{
	ckfill cf = { db, CFG_RUNNING, info };
	errno = 0;
	return store_dir_replace(d, name, true, fill, &cf, err, errlen);
}

int store_ckpt_prepare(const store_dir *d, const char *name, const cfg_db *db,
		       enum cfg_side side, bool durable, store_ckpt_info *info, char *tmp,
		       size_t tmplen, char *err, size_t errlen)
{
	ckfill cf = { db, side, info };
	errno = 0;
	return store_dir_prepare(d, name, durable, fill, &cf, tmp, tmplen, err, errlen);
}

/* ---- opening ------------------------------------------------------------ */

bool store_ckpt_is_text(const store_dir *d, const char *name)
{
	char buf[17];
	int fd = store_dir_openat(d, name, O_RDONLY, 0);
	if (fd < 0)
		return false;
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	close(fd);
	return n == (ssize_t)sizeof buf && memcmp(buf, "!vrpsh checkpoint", 17) == 0;
}

int store_ckpt_open(const store_dir *d, const char *name, store_ckpt *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	int fd = store_dir_openat(d, name, O_RDONLY, 0);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s/%s: %s", d->path, name,
			 errno == ELOOP ? "is a symbolic link" : strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name,
			 S_ISREG(sb.st_mode) ? strerror(errno) : "not a regular file");
		close(fd);
		return -1;
	}
	c->size = (size_t)sb.st_size;
	if (c->size < STORE_CKPT_HDR) {
		close(fd);
		snprintf(err, errlen, "%s/%s: damaged at offset 0: too short for a checkpoint "
				      "(%zu bytes)", d->path, name, c->size);
		return -1;
	}
	void *m = mmap(NULL, c->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "%s/%s: %s", d->path, name, strerror(errno));
		return -1;
	}
	c->map = m;
	const unsigned char *h = c->map;
	c->version = store_get_u32(h + 4);
	if (store_get_u32(h) != STORE_CKPT_MAGIC || c->version < 1 ||
	    c->version > STORE_CKPT_VERSION || store_crc32c(0, h, 60) != store_get_u32(h + 60)) {
		store_ckpt_close(c);
		snprintf(err, errlen, "%s/%s: damaged at offset 0: the header does not check", d->path,
			 name);
		return -1;
	}
	c->info.seq = store_get_u64(h + 8);
	c->info.commit_id = store_get_u64(h + 16);
	c->info.seqhw = store_get_u64(h + 24);
	c->info.nentries = store_get_u64(h + 32);
	c->info.bytes = c->size;
	return 0;
}

void store_ckpt_close(store_ckpt *c)
{
	if (c->map)
		munmap((void *)c->map, c->size);
	memset(c, 0, sizeof *c);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct blk_iter {
	const store_ckpt *c;
	uint64_t pos;
	uint32_t left;
	store_ckpt_damage *dmg;
} blk_iter;

static void damage(store_ckpt_damage *dmg, uint64_t off, const char *why)
{
	if (dmg && !dmg->damaged) {
		dmg->damaged = true;
		dmg->offset = off;
		snprintf(dmg->why, sizeof dmg->why, "%s", why);
	}
}

/* The next intact block: 1, 0 after the last, -1 on damage. */
static int next_block(blk_iter *it, store_rd *payload)
{
	const store_ckpt *c = it->c;
	uint64_t body = store_get_u64(c->map + 40);
	if (it->left == 0) {
		if (it->pos != STORE_CKPT_HDR + body || it->pos != c->size) {
			damage(it->dmg, it->pos < c->size ? it->pos : c->size,
			       it->pos < c->size ? "bytes after the last block" : "the file is cut short");
			return -1;
		}
		return 0;
	}
	if (c->size - it->pos < 8) {
		damage(it->dmg, it->pos, "the file is cut short");
		return -1;
	}
	uint32_t len = store_get_u32(c->map + it->pos), crc = store_get_u32(c->map + it->pos + 4);
	if (len > c->size - it->pos - 8) {
		damage(it->dmg, it->pos, "the file is cut short");
		return -1;
	}
	if (store_crc32c(0, c->map + it->pos + 8, len) != crc) {
		damage(it->dmg, it->pos, "a block does not check");
		return -1;
	}
	store_rd_init(payload, c->map + it->pos + 8, len);
	it->pos += 8 + (uint64_t)len;
	it->left--;
	return 1;
}

static void iter_init(blk_iter *it, const store_ckpt *c, store_ckpt_damage *dmg)
{
	it->c = c;
	it->pos = STORE_CKPT_HDR;
	it->left = store_get_u32(c->map + 48);
	it->dmg = dmg;
	if (dmg)
		memset(dmg, 0, sizeof *dmg);
}

typedef struct ent {
	unsigned flags, depth;
	bool join;              /* CFG_F_JOIN (version 2) */
	cfg_order ord;
	uint64_t seq;
	uint32_t idlen, len;
	const char *text;
	unsigned nown;
	int64_t own[64];
} ent;

/* One line of a block of a checkpoint of the given version; false when
 * malformed. */
static bool get_ent(store_rd *r, uint32_t version, uint64_t *prev_seq, ent *e)
{
	e->flags = store_rd_u8(r);
	uint64_t depth = store_rd_varint(r), cls = store_rd_varint(r), key = 0;
	e->join = false;
	if (version >= 2) {
		e->join = depth & 1;
		depth >>= 1;
	}
	if ((e->flags & (F_KEYSELF | F_KEYBELOW)) != F_KEYSELF)
		key = store_rd_varint(r);
	uint64_t sub = store_rd_varint(r);
	int64_t d = store_rd_svarint(r);
	uint64_t idlen = store_rd_varint(r);
	e->text = store_rd_bytes(r, CFG_TEXT_MAX, &e->len);
	if (r->bad || depth == 0 || depth > MAX_DEPTH || cls > UINT32_MAX || sub > UINT32_MAX ||
	    idlen == 0 || idlen > e->len || (e->flags & F_KEYSELF && e->flags & F_KEYBELOW))
		return false;
	e->depth = (unsigned)depth;
	e->seq = *prev_seq + (uint64_t)d;
	*prev_seq = e->seq;
	if (e->seq == 0 || e->seq >> 48)
		return false;
	e->ord.cls = (uint32_t)cls;
	e->ord.sub = (uint32_t)sub;
	e->ord.key = (e->flags & F_KEYSELF) ? e->seq : (e->flags & F_KEYBELOW) ? e->seq - key : key;
	if ((e->flags & F_KEYBELOW && key > e->seq) || e->ord.key == CFG_KEY_SEQ)
		return false;
	e->idlen = (uint32_t)idlen;
	e->nown = 0;
	if (e->flags & F_OWNED) {
		uint64_t n = store_rd_varint(r);
		if (r->bad || n == 0 || n > 64)
			return false;
		for (unsigned i = 0; i < n; i++)
			e->own[i] = store_rd_svarint(r);
		e->nown = (unsigned)n;
	}
	return !r->bad;
}

int store_ckpt_verify(const store_ckpt *c, store_ckpt_damage *dmg)
{
	blk_iter it;
	store_rd r;
	int rc;
	iter_init(&it, c, dmg);
	while ((rc = next_block(&it, &r)) == 1)
		;
	return rc;
}

/* ---- loading -------------------------------------------------------------- */

typedef struct seqmap {
	uint64_t *k;
	cfg_entry **v;
	size_t n, cap;
} seqmap;

static bool seqmap_put(seqmap *m, uint64_t k, cfg_entry *e)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		uint64_t *nk = calloc(cap, sizeof *nk);
		cfg_entry **nv = malloc(cap * sizeof *nv);
		if (!nk || !nv) {
			free(nk);
			free(nv);
			return false;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->k[i])
				continue;
			size_t j = (size_t)(m->k[i] * 0x9e3779b97f4a7c15ull >> 17) & (cap - 1);
			while (nk[j])
				j = (j + 1) & (cap - 1);
			nk[j] = m->k[i];
			nv[j] = m->v[i];
		}
		free(m->k);
		free(m->v);
		m->k = nk;
		m->v = nv;
		m->cap = cap;
	}
	size_t j = (size_t)(k * 0x9e3779b97f4a7c15ull >> 17) & (m->cap - 1);
	while (m->k[j] && m->k[j] != k)
		j = (j + 1) & (m->cap - 1);
	if (!m->k[j])
		m->n++;
	m->k[j] = k;
	m->v[j] = e;
	return true;
}

static cfg_entry *seqmap_get(const seqmap *m, uint64_t k)
{
	if (!m->cap)
		return NULL;
	size_t j = (size_t)(k * 0x9e3779b97f4a7c15ull >> 17) & (m->cap - 1);
	while (m->k[j]) {
		if (m->k[j] == k)
			return m->v[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

typedef struct owner_link {
	cfg_entry *e;
	uint64_t owner;
} owner_link;

int store_ckpt_load(const store_ckpt *c, cfg_db *db, store_ckpt_damage *dmg, char *err,
		    size_t errlen)
{
	blk_iter it;
	store_rd r;
	cfg_entry *stack[MAX_DEPTH + 1];
	seqmap sm = { 0 };
	owner_link *later = NULL;
	size_t nlater = 0, caplater = 0;
	uint64_t prev_seq = 0;
	unsigned depth = 0; /* of the last line */
	int rc, ret = 0;

	stack[0] = cfg_root(db);
	iter_init(&it, c, dmg);
	uint64_t n = c->info.nentries;
	if (n > c->size) /* a line takes more than a byte */
		n = c->size;
	if (cfg_bulk_reserve(db, (size_t)n) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	cfg_seq_floor(db, c->info.seqhw);
	while ((rc = next_block(&it, &r)) == 1) {
		uint64_t at = it.pos;
		while (r.p < r.end) {
			ent e;
			if (!get_ent(&r, c->version, &prev_seq, &e) || e.depth > depth + 1 ||
			    (e.depth > 1 && !(cfg_flags(stack[e.depth - 1]) & CFG_F_SECTION))) {
				damage(dmg, at, "a line does not decode");
				goto done;
			}
			char cerr[128];
			cfg_entry *x = cfg_bulk_add(db, stack[e.depth - 1], e.text, e.len, e.idlen, e.ord,
						    (e.flags & 7u) | (e.join ? CFG_F_JOIN : 0), e.seq,
						    cerr, sizeof cerr);
			if (!x) {
				if (strcmp(cerr, "out of memory") == 0) {
					snprintf(err, errlen, "out of memory");
					ret = -1;
				} else {
					damage(dmg, at, "a line does not load");
				}
				goto done;
			}
			stack[e.depth] = x;
			depth = e.depth;
			if ((e.flags & F_OWNER) && !seqmap_put(&sm, e.seq, x)) {
				snprintf(err, errlen, "out of memory");
				ret = -1;
				goto done;
			}
			for (unsigned i = 0; i < e.nown; i++) {
				uint64_t os = e.seq + (uint64_t)e.own[i];
				cfg_entry *o = seqmap_get(&sm, os);
				if (o) {
					if (cfg_own(o, x) != 0) {
						snprintf(err, errlen, "out of memory");
						ret = -1;
						goto done;
					}
					continue;
				}
				if (nlater == caplater) {
					size_t cap = caplater ? caplater * 2 : 64;
					owner_link *v = realloc(later, cap * sizeof *v);
					if (!v) {
						snprintf(err, errlen, "out of memory");
						ret = -1;
						goto done;
					}
					later = v;
					caplater = cap;
				}
				later[nlater].e = x;
				later[nlater++].owner = os;
			}
		}
	}
done:
	/* owners that came after what they own */
	for (size_t i = 0; ret == 0 && i < nlater; i++) {
		cfg_entry *o = seqmap_get(&sm, later[i].owner);
		if (o && cfg_own(o, later[i].e) != 0) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
		}
	}
	free(later);
	free(sm.k);
	free(sm.v);
	return ret;
}

/* ---- rendering -------------------------------------------------------------- */

typedef struct rout {
	cfg_emit_fn emit;
	void *arg;
	char *buf;
	size_t cap;
} rout;

static void out(rout *o, unsigned indent, const char *text, size_t len)
{
	/* the text is not NUL-terminated in the map: always copied */
	size_t need = indent + len + 1;
	if (need > o->cap) {
		size_t cap = need < 4096 ? 4096 : need * 2;
		char *b = realloc(o->buf, cap);
		if (!b)
			return;
		o->buf = b;
		o->cap = cap;
	}
	memset(o->buf, ' ', indent);
	memcpy(o->buf + indent, text, len);
	o->buf[indent + len] = '\0';
	o->emit(o->arg, o->buf, indent + len);
}

int store_ckpt_render(const store_ckpt *c, cfg_emit_fn emit, void *arg, store_ckpt_damage *dmg)
{
	return store_ckpt_render_extra(c, NULL, 0, emit, arg, dmg);
}

int store_ckpt_render_extra(const store_ckpt *c, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			    void *arg, store_ckpt_damage *dmg)
{
	size_t xi = 0;
	blk_iter it;
	store_rd r;
	rout o = { emit, arg, NULL, 0 };
	unsigned pflags[MAX_DEPTH + 2]; /* flags of the section at each depth */
	unsigned skip = 0;              /* > 0: leave out lines deeper than this */
	bool have_prev = false, prev_sect = false;
	uint32_t prev_cls = 0;
	uint64_t prev_seq = 0;
	unsigned depth = 0;
	int rc, ret = 0;

	iter_init(&it, c, dmg);
	pflags[0] = CFG_F_SECTION;
	while ((rc = next_block(&it, &r)) == 1) {
		uint64_t at = it.pos;
		while (r.p < r.end) {
			ent e;
			if (!get_ent(&r, c->version, &prev_seq, &e) || e.depth > depth + 1) {
				damage(dmg, at, "a line does not decode");
				ret = -1;
				goto done;
			}
			depth = e.depth;
			pflags[e.depth] = e.flags & 7u;
			if (skip && e.depth > skip)
				continue;
			skip = 0;
			/* the extra blocks before a top-level line, and its own
			 * when it renders none (as cfg_render_extra) */
			if (e.depth == 1 && cfg_extra_before(x, nx, &xi, e.ord, e.flags & F_RENDERS,
							     emit, arg))
				have_prev = false;
			if (!(e.flags & F_RENDERS)) {
				skip = e.depth;
				continue;
			}
			bool sect = (e.flags & CFG_F_SECTION) != 0;
			if (e.depth == 1) {
				bool joined = have_prev && prev_cls == e.ord.cls &&
					      ((!prev_sect && !sect) || e.join);
				if (!joined)
					out(&o, 0, "#", 1);
				have_prev = true;
				prev_sect = sect;
				prev_cls = e.ord.cls;
			} else if ((pflags[e.depth - 1] & CFG_F_SEP_CHILDREN) && sect) {
				out(&o, e.depth - 1, "#", 1);
			}
			out(&o, e.depth - 1, e.text, e.len);
		}
	}
	if (rc < 0)
		ret = -1;
done:
	if (ret == 0) {
		for (; xi < nx; xi++) {
			out(&o, 0, "#", 1);
			out(&o, 0, x[xi].text, strlen(x[xi].text));
		}
		out(&o, 0, "#", 1);
		out(&o, 0, "return", 6);
	}
	free(o.buf);
	return ret;
}

/* ---- copying a tree ---------------------------------------------------------- */

int store_tree_copy(cfg_db *from, cfg_db *to, char *err, size_t errlen)
{
	int fd = memfd_create("vrpsh-copy", MFD_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	store_ckpt_info info;
	memset(&info, 0, sizeof info);
	info.seqhw = cfg_seq_counter(from);
	ckfill cf = { from, CFG_RUNNING, &info };
	errno = 0;
	int rc = -1;
	store_ckpt c;
	memset(&c, 0, sizeof c);
	if (fill(&cf, fd) != 0) {
		snprintf(err, errlen, "%s", strerror(errno ? errno : ENOMEM));
		goto out;
	}
	c.size = (size_t)info.bytes;
	void *m = mmap(NULL, c.size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	c.map = m;
	c.info = info;
	c.version = STORE_CKPT_VERSION;
	store_ckpt_damage dmg;
	rc = store_ckpt_load(&c, to, &dmg, err, errlen);
	if (rc == 0 && dmg.damaged) {
		snprintf(err, errlen, "the copy does not check: %s", dmg.why);
		rc = -1;
	}
	store_ckpt_close(&c);
out:
	close(fd);
	return rc;
}
