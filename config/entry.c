/* Entries: creation, replacement and deletion in the candidate, lookups and
 * accessors, and the release of texts and entries. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cfg_private.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t hdr_size(unsigned flags)
{
	return (flags & CFG_F_SECTION) ? sizeof(cfg_sect) : CFG_ENTRY_HDR;
}

static int side_ix(enum cfg_side side)
{
	return side == CFG_CANDIDATE ? CFG_CANDIDATE : CFG_RUNNING;
}

cfg_entry *cfg_root(cfg_db *db)
{
	return db ? &db->root.e : NULL;
}

cfg_db *cfg_db_of(cfg_entry *e)
{
	while (e->parent)
		e = e->parent;
	return (cfg_db *)e;
}

cfg_entry *cfg_get(const cfg_db *db, const cfg_entry *parent, const char *id, size_t idlen,
		   enum cfg_side side)
{
	if (!db || !id || idlen == 0 || idlen > CFG_TEXT_MAX)
		return NULL;
	if (!parent)
		parent = &db->root.e;
	cfg_entry *e = cfg_hash_find(db, parent, id, idlen, cfg_hash_id(parent, id, idlen), NULL);
	return e && e->txt[side_ix(side)] ? e : NULL;
}

/* Does the NUL-terminated s equal text[0..len) (which holds no NUL)? */
static int same_text(const char *s, const char *text, size_t len)
{
	return strncmp(s, text, len) == 0 && s[len] == '\0';
}

void cfg_text_release(cfg_db *db, cfg_entry *e, const char *s)
{
	if (!s || s == e->txt[CFG_RUNNING] || s == e->txt[CFG_CANDIDATE] || s == cfg_inline(e))
		return;
	cfg_pool_free(&db->pool, (void *)s, strlen(s) + 1);
}

/* Point the candidate side of e at text[0..len): the running string when
 * equal (keeps "unchanged" a pointer test), else the inline buffer when
 * running does not use it and the text fits, else a new string. */
static int set_candidate(cfg_db *db, cfg_entry *e, const char *text, size_t len)
{
	const char *run = e->txt[CFG_RUNNING], *old = e->txt[CFG_CANDIDATE];
	char *inl = cfg_inline(e);
	const char *nt;

	if (run && same_text(run, text, len)) {
		nt = run;
	} else if (run != inl && len < e->cap) {
		memmove(inl, text, len); /* text may point into the old candidate */
		inl[len] = '\0';
		nt = inl;
	} else {
		nt = cfg_pool_strdup(&db->pool, text, len);
		if (!nt)
			return -1;
	}
	e->txt[CFG_CANDIDATE] = nt;
	cfg_text_release(db, e, old);
	return 0;
}

cfg_entry *cfg_entry_new(cfg_db *db, cfg_entry *parent, const char *text, size_t len,
			 size_t idlen, cfg_order ord, unsigned flags, uint64_t seq, bool both,
			 size_t slot, uint64_t h)
{
	if (seq == 0) {
		if (db->seq >= CFG_SEQ_COUNTER_MAX)
			return NULL;
		seq = ++db->seq << 16 | db->origin;
	} else if ((seq >> 16) > db->seq) {
		db->seq = seq >> 16; /* later creations come after it */
	}
	flags &= CFG_F_ALL;
	size_t hdr = hdr_size(flags);
	size_t size = round8(hdr + len + 1);
	cfg_entry *e = cfg_pool_alloc(&db->pool, size);
	if (!e)
		return NULL;
	memset(e, 0, hdr);
	e->parent = parent;
	e->cls = ord.cls;
	if (ord.key == CFG_KEY_SEQ)
		e->key = seq;
	else if ((ord.key & CFG_KEY_SEQ_LOW) == CFG_KEY_SEQ_LOW) /* rank, then creation */
		e->key = (ord.key & ~CFG_KEY_SEQ_LOW) | seq;
	else
		e->key = ord.key;
	e->sub = ord.sub;
	e->seq_id = seq << 16 | idlen;
	e->cap = (uint16_t)(size - hdr);
	e->flags = (uint8_t)flags;
	if (flags & CFG_F_SECTION)
		CFG_SECT(e)->sorted = 1;
	char *inl = cfg_inline(e);
	memcpy(inl, text, len);
	inl[len] = '\0';
	e->txt[CFG_CANDIDATE] = inl;
	if (both || (flags & CFG_F_IMPLICIT)) /* implicit: exists without configuration */
		e->txt[CFG_RUNNING] = inl;
	cfg_hash_insert_at(db, slot, e, h);
	cfg_kids_append(db, CFG_SECT(parent), e);
	return e;
}

#define BAD_NUL 1u
#define BAD_BREAK 2u

/* Does s[0..n) hold a NUL byte (BAD_NUL) or a line break (BAD_BREAK)?
 * One pass, eight bytes at a time: only a word with a byte below 0x0E
 * is looked at closely. */
static unsigned scan_bad(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	unsigned bad = 0;
	size_t i = 0;

	for (;;) {
		if (i + 8 <= n) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			if (!((x - ones * 0x0E) & ~x & high)) {
				i += 8;
				continue;
			}
		} else if (i < n && n >= 8) {
			/* the tail: the last eight bytes, some of them seen before */
			uint64_t x;
			memcpy(&x, s + n - 8, 8);
			if (!((x - ones * 0x0E) & ~x & high))
				return bad;
		}
		size_t end = i + 8 <= n ? i + 8 : n;
		for (; i < end; i++)
			bad |= s[i] == '\0' ? BAD_NUL : (s[i] == '\n' || s[i] == '\r') ? BAD_BREAK : 0;
		if (i == n)
			return bad;
	}
}

int cfg_set(cfg_db *db, cfg_entry *parent, const char *text, size_t idlen, cfg_order ord,
	    unsigned flags, cfg_entry **out, char *err, size_t errlen)
{
	size_t len = text ? strnlen(text, CFG_TEXT_MAX + 1) : 0;
	return cfg_set_seq(db, parent, text, len, idlen, ord, flags, 0, out, err, errlen);
}

int cfg_set_seq(cfg_db *db, cfg_entry *parent, const char *text, size_t len, size_t idlen,
		cfg_order ord, unsigned flags, uint64_t seq, cfg_entry **out, char *err,
		size_t errlen)
{
	if (out)
		*out = NULL;
	if (!db)
		return fail(err, errlen, "no configuration database");
	if (!parent)
		parent = &db->root.e;
	if (!text)
		return fail(err, errlen, "no configuration text");
	unsigned bad = len <= CFG_TEXT_MAX ? scan_bad(text, len) : 0;
	if (bad & BAD_NUL)
		return fail(err, errlen, "a NUL byte inside a configuration line");
	if (len == 0)
		return fail(err, errlen, "empty configuration line");
	if (len > CFG_TEXT_MAX)
		return fail(err, errlen, "configuration line longer than %u characters",
			    (unsigned)CFG_TEXT_MAX);
	if (idlen == 0 || idlen > len)
		return fail(err, errlen, "invalid identity length %zu for \"%.40s\"", idlen, text);
	if (bad & BAD_BREAK)
		return fail(err, errlen, "line break inside a configuration line");
	if (seq > CFG_SEQ_MAX)
		return fail(err, errlen, "invalid creation number");
	if (!(parent->flags & CFG_F_SECTION) || !parent->txt[CFG_CANDIDATE])
		return fail(err, errlen, "\"%.40s\" is not a section of the candidate configuration",
			    cfg_idtext(parent) ? cfg_idtext(parent) : "(deleted)");

	/* reserve first: past this point creating cannot fail but for the
	 * entry's own allocation, and the free hash slot stays valid */
	cfg_sect *ps = CFG_SECT(parent);
	if (cfg_chg_reserve(db, 1) < 0 || cfg_kids_reserve(db, ps) < 0 || cfg_hash_reserve(db) < 0)
		return fail(err, errlen, "out of memory");
	uint64_t h = cfg_hash_id(parent, text, idlen);
	size_t slot;
	cfg_entry *e = cfg_hash_find(db, parent, text, idlen, h, &slot);
	if (e) {
		const char *cand = e->txt[CFG_CANDIDATE];
		if (!(cand && same_text(cand, text, len))) {
			int was = cfg_changed(e);
			if (set_candidate(db, e, text, len) < 0)
				return fail(err, errlen, "out of memory");
			cfg_note(db, e, was);
		}
		if (out)
			*out = e;
		return 0;
	}

	if (seq == 0 && db->seq >= CFG_SEQ_COUNTER_MAX)
		return fail(err, errlen, "too many configuration lines created");
	e = cfg_entry_new(db, parent, text, len, idlen, ord, flags, seq, false, slot, h);
	if (!e)
		return fail(err, errlen, "out of memory");
	cfg_note(db, e, 0);
	if (out)
		*out = e;
	return 0;
}

int cfg_work_push(cfg_db *db, uint32_t *n, cfg_entry *e)
{
	if (*n == db->capwork) {
		void *v = cfg_pool_grow(&db->pool, db->work, &db->capwork, (size_t)*n + 1,
					sizeof *db->work);
		if (!v)
			return -1;
		db->work = v;
	}
	db->work[(*n)++] = e;
	e->state |= CFG_S_VISIT;
	return 0;
}

int cfg_delete(cfg_db *db, cfg_entry *e)
{
	if (!db || !e || e == &db->root.e || !e->txt[CFG_CANDIDATE])
		return 0;

	/* Collect the closure first (children and owned entries, breadth
	 * first, so parents come before their children) and reserve room on
	 * the change list: past that point nothing can fail. */
	uint32_t n = 0, i;
	if (cfg_work_push(db, &n, e) < 0)
		goto oom;
	for (i = 0; i < n; i++) {
		cfg_entry *x = db->work[i];
		if (x->flags & CFG_F_SECTION) {
			cfg_sect *s = CFG_SECT(x);
			for (uint32_t k = 0; k < s->n; k++) {
				cfg_entry *c = s->kids[k];
				if (c && c->txt[CFG_CANDIDATE] && !(c->state & CFG_S_VISIT) &&
				    cfg_work_push(db, &n, c) < 0)
					goto oom;
			}
		}
		if (cfg_own_collect(db, x, &n) < 0)
			goto oom;
	}
	size_t more = 0;
	for (i = 0; i < n; i++)
		more += !(db->work[i]->state & CFG_S_LISTED);
	if (cfg_chg_reserve(db, more) < 0)
		goto oom;

	for (i = 0; i < n; i++) {
		cfg_entry *x = db->work[i];
		x->state &= (uint8_t)~CFG_S_VISIT;
		if (x->flags & CFG_F_IMPLICIT)
			continue; /* a physical port stays; only its configuration goes */
		int was = cfg_changed(x);
		const char *old = x->txt[CFG_CANDIDATE];
		if (!x->txt[CFG_RUNNING])
			cfg_entry_unlink(db, x);
		x->txt[CFG_CANDIDATE] = NULL;
		cfg_text_release(db, x, old);
		cfg_note(db, x, was);
	}
	return 0;
oom:
	for (i = 0; i < n; i++)
		db->work[i]->state &= (uint8_t)~CFG_S_VISIT;
	return -1;
}

void cfg_entry_unlink(cfg_db *db, cfg_entry *e)
{
	cfg_hash_remove(db, e);
	cfg_kids_remove(db, CFG_SECT(e->parent), e);
	e->state |= CFG_S_DEAD;
}

void cfg_entry_free(cfg_db *db, cfg_entry *e)
{
	const char *r = e->txt[CFG_RUNNING], *c = e->txt[CFG_CANDIDATE];
	const char *inl = cfg_inline(e);
	if (r && r != inl)
		cfg_pool_free(&db->pool, (void *)r, strlen(r) + 1);
	if (c && c != r && c != inl)
		cfg_pool_free(&db->pool, (void *)c, strlen(c) + 1);
	cfg_own_free(db, e);
	if (e->flags & CFG_F_SECTION) {
		cfg_sect *s = CFG_SECT(e);
		cfg_pool_free(&db->pool, s->kids, (size_t)s->cap * sizeof *s->kids);
	}
	cfg_pool_free(&db->pool, e, hdr_size(e->flags) + e->cap);
}

/* ---- accessors ---------------------------------------------------------- */

const char *cfg_text(const cfg_entry *e, enum cfg_side side)
{
	return e ? e->txt[side_ix(side)] : NULL;
}

size_t cfg_idlen(const cfg_entry *e)
{
	return e ? cfg_e_idlen(e) : 0;
}

cfg_entry *cfg_parent(const cfg_entry *e)
{
	return e ? e->parent : NULL;
}

uint64_t cfg_seq(const cfg_entry *e)
{
	return e ? cfg_e_seq(e) : 0;
}

cfg_order cfg_order_of(const cfg_entry *e)
{
	cfg_order o = { 0, 0, 0 };
	if (e) {
		o.cls = e->cls;
		o.key = e->key;
		o.sub = e->sub;
	}
	return o;
}

uint64_t cfg_next_seq(const cfg_db *db)
{
	/* the encoding of cfg_seq: the counter's next value, then the origin */
	return db ? (db->seq + 1) << 16 | db->origin : 0;
}

unsigned cfg_flags(const cfg_entry *e)
{
	return e ? e->flags : 0;
}

bool cfg_present(const cfg_entry *e, enum cfg_side side)
{
	return e && e->txt[side_ix(side)] != NULL;
}

int cfg_depth(const cfg_entry *e)
{
	int d = 0;
	if (!e)
		return 0;
	for (; e->parent; e = e->parent)
		d++;
	return d;
}
