/* Encoding and decoding of journal records (layout in journal.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_private.h"
#include "journal.h"

#define REC_MAX ((size_t)UINT32_MAX - 16)

/* ---- writing -------------------------------------------------------- */

void cfg_jwriter_init(cfg_jwriter *w)
{
	memset(w, 0, sizeof *w);
}

void cfg_jwriter_free(cfg_jwriter *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

#define FD_CHUNK (1u << 20)

/* Write the buffer to the file (fd mode), the CRC going on over it. */
static void flush_fd(cfg_jwriter *w)
{
	if (w->oom || !w->len)
		return;
	size_t skip = w->total == 0 ? 4 : 0; /* the magic is not checksummed */
	w->crc = cfg_crc32(w->crc, w->buf + skip, w->len - skip);
	const char *p = w->buf;
	size_t n = w->len;
	while (n) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->oom = true;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
	w->total += w->len;
	w->len = 0;
}

static bool room(cfg_jwriter *w, size_t more)
{
	if (w->oom)
		return false;
	if (w->len + more <= w->cap)
		return true;
	if (w->len + more > REC_MAX) {
		w->oom = true;
		return false;
	}
	size_t cap = w->cap ? w->cap : 4096;
	while (cap < w->len + more)
		cap *= 2;
	char *p = realloc(w->buf, cap);
	if (!p) {
		w->oom = true;
		return false;
	}
	w->buf = p;
	w->cap = cap;
	return true;
}

static void put(cfg_jwriter *w, const void *p, size_t n)
{
	if (!n || w->oom)
		return;
	if (w->mode == CFG_JW_COUNT) {
		w->len += n;
		return;
	}
	if (w->mode == CFG_JW_FD) {
		const char *q = p;
		while (n && !w->oom) {
			if (w->len == FD_CHUNK)
				flush_fd(w);
			size_t k = FD_CHUNK - w->len < n ? FD_CHUNK - w->len : n;
			memcpy(w->buf + w->len, q, k);
			w->len += k;
			q += k;
			n -= k;
		}
		return;
	}
	if (room(w, n)) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
}

static void put_u8(cfg_jwriter *w, uint8_t v)
{
	put(w, &v, 1);
}

static void put_u32(cfg_jwriter *w, uint32_t v)
{
	put(w, &v, 4);
}

static void put_str16(cfg_jwriter *w, const char *s)
{
	size_t n = s ? strnlen(s, UINT16_MAX) : 0;
	uint16_t l = (uint16_t)n;
	put(w, &l, 2);
	put(w, s, n);
}

static void begin(cfg_jwriter *w, const cfg_jmeta *m, uint32_t len, uint32_t nchanges)
{
	char hdr[CFG_JOURNAL_HDR];
	uint32_t magic = CFG_JOURNAL_MAGIC;

	w->len = 0;
	w->total = 0;
	w->crc = 0;
	w->oom = false;
	w->nchanges = 0;
	w->pdepth = 0;
	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, &magic, 4);
	memcpy(hdr + 4, &len, 4);
	memcpy(hdr + 12, &nchanges, 4);
	hdr[8] = 1; /* kind: a commit */
	hdr[9] = (char)m->type;
	memcpy(hdr + 10, &m->flags, 2);
	memcpy(hdr + 16, &m->seq, 8);
	memcpy(hdr + 24, &m->commit_id, 8);
	memcpy(hdr + 32, &m->time, 8);
	put(w, hdr, sizeof hdr);
	put_str16(w, m->user);
	put_str16(w, m->intf);
	put_str16(w, m->label);
	put_str16(w, m->desc);
}

void cfg_jwriter_begin(cfg_jwriter *w, const cfg_jmeta *m)
{
	w->mode = CFG_JW_MEMORY;
	begin(w, m, 0, 0);
}

void cfg_jwriter_begin_count(cfg_jwriter *w, const cfg_jmeta *m)
{
	w->mode = CFG_JW_COUNT;
	begin(w, m, 0, 0);
}

int cfg_jwriter_begin_fd(cfg_jwriter *w, const cfg_jmeta *m, int fd, size_t reclen,
			 uint32_t nchanges)
{
	if (reclen > REC_MAX)
		return -1;
	if (w->cap < FD_CHUNK) {
		char *p = realloc(w->buf, FD_CHUNK);
		if (!p)
			return -1;
		w->buf = p;
		w->cap = FD_CHUNK;
	}
	w->mode = CFG_JW_FD;
	w->fd = fd;
	w->want_len = reclen;
	w->want_n = nchanges;
	begin(w, m, (uint32_t)reclen, nchanges);
	return 0;
}

static void put_change_tail(cfg_jwriter *w, uint32_t idlen, const char *old_text, uint32_t old_len,
			    const char *new_text, uint32_t new_len)
{
	put_u32(w, idlen);
	if (old_text) {
		put_u32(w, old_len);
		put(w, old_text, old_len);
	}
	if (new_text) {
		put_u32(w, new_len);
		put(w, new_text, new_len);
	}
	w->nchanges++;
}

static void put_path(cfg_jwriter *w, unsigned shared, unsigned depth, uint8_t has)
{
	put_u8(w, has);
	put_u8(w, (uint8_t)shared);
	put_u8(w, (uint8_t)depth);
	for (unsigned i = shared; i < depth; i++) {
		put_u32(w, w->ptext[i].idlen);
		put_u32(w, w->ptext[i].len);
		put(w, w->ptext[i].p, w->ptext[i].len);
	}
	w->pdepth = depth;
}

void cfg_jwriter_add(cfg_jwriter *w, const cfg_change *c)
{
	const cfg_entry *anc[CFG_JOURNAL_MAX_DEPTH];
	unsigned depth = 0;

	for (const cfg_entry *p = c->e->parent; p && p->parent; p = p->parent) {
		if (depth == CFG_JOURNAL_MAX_DEPTH) {
			w->oom = true;
			return;
		}
		anc[depth++] = p;
	}
	/* anc[] runs upward: reverse into the writer's path */
	unsigned shared = 0;
	while (shared < depth && shared < w->pdepth && w->pent[shared] == anc[depth - 1 - shared])
		shared++;
	for (unsigned i = shared; i < depth; i++) {
		const cfg_entry *p = anc[depth - 1 - i];
		const char *t = cfg_idtext(p);
		w->pent[i] = p;
		w->ptext[i].p = t;
		w->ptext[i].len = (uint32_t)strlen(t);
		w->ptext[i].idlen = (uint32_t)cfg_e_idlen(p);
	}
	uint8_t has = (uint8_t)((c->old_text ? 1 : 0) | (c->new_text ? 2 : 0));
	put_path(w, shared, depth, has);
	put_change_tail(w, (uint32_t)cfg_e_idlen(c->e), c->old_text,
			c->old_text ? (uint32_t)strlen(c->old_text) : 0, c->new_text,
			c->new_text ? (uint32_t)strlen(c->new_text) : 0);
}

void cfg_jwriter_add_texts(cfg_jwriter *w, const cfg_jtext *path, unsigned depth, uint32_t idlen,
			   const char *old_text, uint32_t old_len, const char *new_text,
			   uint32_t new_len)
{
	if (depth > CFG_JOURNAL_MAX_DEPTH) {
		w->oom = true;
		return;
	}
	unsigned shared = 0;
	while (shared < depth && shared < w->pdepth && !w->pent[shared] &&
	       w->ptext[shared].len == path[shared].len &&
	       w->ptext[shared].idlen == path[shared].idlen &&
	       memcmp(w->ptext[shared].p, path[shared].p, path[shared].len) == 0)
		shared++;
	for (unsigned i = shared; i < depth; i++) {
		w->pent[i] = NULL;
		w->ptext[i] = path[i];
	}
	uint8_t has = (uint8_t)((old_text ? 1 : 0) | (new_text ? 2 : 0));
	put_path(w, shared, depth, has);
	put_change_tail(w, idlen, old_text, old_len, new_text, new_len);
}

int cfg_jwriter_end(cfg_jwriter *w)
{
	if (w->mode == CFG_JW_COUNT) {
		w->len += 4;
		w->pdepth = 0;
		return w->oom || w->len > REC_MAX ? -1 : 0;
	}
	if (w->mode == CFG_JW_FD) {
		w->pdepth = 0;
		if (w->oom || w->total + w->len + 4 != w->want_len || w->nchanges != w->want_n)
			return -1;
		/* the checksum goes out with the last piece */
		if (w->len + 4 > FD_CHUNK)
			flush_fd(w);
		size_t skip = w->total == 0 ? 4 : 0;
		uint32_t crc = cfg_crc32(w->crc, w->buf + skip, w->len - skip);
		memcpy(w->buf + w->len, &crc, 4);
		size_t n = w->len + 4;
		const char *p = w->buf;
		while (n && !w->oom) {
			ssize_t k = write(w->fd, p, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				w->oom = true;
			else {
				p += k;
				n -= (size_t)k;
			}
		}
		w->total += w->len + 4;
		w->len = 0;
		return w->oom ? -1 : 0;
	}
	if (!room(w, 4))
		return -1;
	uint32_t len = (uint32_t)(w->len + 4);
	memcpy(w->buf + 4, &len, 4);
	memcpy(w->buf + 12, &w->nchanges, 4);
	uint32_t crc = cfg_crc32(0, w->buf + 4, w->len - 4);
	put_u32(w, crc);
	/* the saved path texts may point into the tree: forget them */
	w->pdepth = 0;
	return w->oom ? -1 : 0;
}

/* ---- reading -------------------------------------------------------- */

static uint32_t get_u32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

enum cfg_jstatus cfg_journal_check(const char *buf, size_t avail, size_t *reclen)
{
	if (avail < 8)
		return avail == 0 || memcmp(buf, "VJR1", avail < 4 ? avail : 4) == 0 ? CFG_J_SHORT
										     : CFG_J_CORRUPT;
	if (get_u32(buf) != CFG_JOURNAL_MAGIC)
		return CFG_J_CORRUPT;
	uint32_t len = get_u32(buf + 4);
	if (len < CFG_JOURNAL_HDR + 8 + 4)
		return CFG_J_CORRUPT;
	if (len > avail)
		return CFG_J_SHORT;
	if (cfg_crc32(0, buf + 4, len - 8) != get_u32(buf + len - 4))
		return CFG_J_CORRUPT;
	*reclen = len;
	return CFG_J_OK;
}

/* A u16-prefixed string at *p (bounded by end), copied to *dst. */
static int get_str16(const char **p, const char *end, char **dst, const char **out)
{
	uint16_t l;
	if (end - *p < 2)
		return -1;
	memcpy(&l, *p, 2);
	*p += 2;
	if (end - *p < l)
		return -1;
	memcpy(*dst, *p, l);
	(*dst)[l] = '\0';
	*out = *dst;
	*dst += l + 1;
	*p += l;
	return 0;
}

static int skip_strings(const char *rec, size_t reclen, const char **after)
{
	const char *p = rec + CFG_JOURNAL_HDR, *end = rec + reclen - 4;
	for (int i = 0; i < 4; i++) {
		uint16_t l;
		if (end - p < 2)
			return -1;
		memcpy(&l, p, 2);
		p += 2;
		if (end - p < l)
			return -1;
		p += l;
	}
	*after = p;
	return 0;
}

int cfg_journal_meta(const char *rec, size_t reclen, cfg_jmeta *m, char *strbuf)
{
	const char *p = rec + CFG_JOURNAL_HDR, *end = rec + reclen - 4;

	if (reclen < CFG_JOURNAL_HDR + 12 || rec[8] != 1)
		return -1;
	memset(m, 0, sizeof *m);
	m->type = (uint8_t)rec[9];
	memcpy(&m->flags, rec + 10, 2);
	memcpy(&m->nchanges, rec + 12, 4);
	memcpy(&m->seq, rec + 16, 8);
	memcpy(&m->commit_id, rec + 24, 8);
	memcpy(&m->time, rec + 32, 8);
	char *d = strbuf;
	if (get_str16(&p, end, &d, &m->user) || get_str16(&p, end, &d, &m->intf) ||
	    get_str16(&p, end, &d, &m->label) || get_str16(&p, end, &d, &m->desc))
		return -1;
	return 0;
}

int cfg_jcursor_init(cfg_jcursor *c, const char *rec, size_t reclen)
{
	memset(c, 0, offsetof(cfg_jcursor, cur));
	c->cur.depth = 0;
	if (reclen < CFG_JOURNAL_HDR + 12 || skip_strings(rec, reclen, &c->p) != 0)
		return -1;
	c->rec = rec;
	c->end = rec + reclen - 4;
	c->left = get_u32(rec + 12);
	return 0;
}

static int take_u32(cfg_jcursor *c, uint32_t *v)
{
	if (c->end - c->p < 4)
		return -1;
	*v = get_u32(c->p);
	c->p += 4;
	return 0;
}

static int take_text(cfg_jcursor *c, const char **t, uint32_t *len)
{
	if (take_u32(c, len) != 0 || (uint64_t)(c->end - c->p) < *len)
		return -1;
	*t = c->p;
	c->p += *len;
	return 0;
}

int cfg_jcursor_next(cfg_jcursor *c)
{
	cfg_jchange *ch = &c->cur;

	if (c->left == 0)
		return c->p == c->end ? 0 : -1;
	if (c->end - c->p < 3)
		return -1;
	uint8_t has = (uint8_t)c->p[0], shared = (uint8_t)c->p[1], depth = (uint8_t)c->p[2];
	c->p += 3;
	if (!has || (has & ~3u) || depth > CFG_JOURNAL_MAX_DEPTH || shared > depth ||
	    shared > ch->depth)
		return -1;
	for (unsigned i = shared; i < depth; i++) {
		cfg_jtext *t = &ch->path[i];
		if (take_u32(c, &t->idlen) != 0 || take_text(c, &t->p, &t->len) != 0 ||
		    t->idlen == 0 || t->idlen > t->len)
			return -1;
	}
	ch->depth = depth;
	ch->old_text = ch->new_text = NULL;
	ch->old_len = ch->new_len = 0;
	if (take_u32(c, &ch->idlen) != 0 || ch->idlen == 0)
		return -1;
	if ((has & 1) && take_text(c, &ch->old_text, &ch->old_len) != 0)
		return -1;
	if ((has & 2) && take_text(c, &ch->new_text, &ch->new_len) != 0)
		return -1;
	if ((ch->old_text && ch->idlen > ch->old_len) || (ch->new_text && ch->idlen > ch->new_len))
		return -1;
	c->left--;
	return 1;
}
