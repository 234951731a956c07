/* The first release's state directories: reading them, taking the
 * converted history, and writing them again in this release's format (see
 * legacy.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "store_priv.h"

#define V1_MAGIC 0x31524a56u /* "VJR1" */
#define V1_HDR 40u
#define V1_MAX_DEPTH 32
#define CKPT_HEADER "!vrpsh checkpoint"
#define FILE_MAX ((size_t)1 << 34)

/* CRC-32 (IEEE 802.3, reflected): the first release's record checksum. */
static uint32_t crc32_ieee(const void *buf, size_t len)
{
	static uint32_t table[256];
	static int ready;
	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	const unsigned char *p = buf;
	uint32_t crc = ~0u;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

const store_legacy *store_legacy_get(const store *st)
{
	return st->legacy;
}

void store_legacy_free(store_legacy *lg)
{
	if (!lg)
		return;
	free(lg->ckpt_file);
	for (size_t i = 0; i < lg->nrec; i++) {
		free(lg->strs[i]);
		if (lg->conv)
			free(lg->conv[i]);
	}
	free(lg->strs);
	free(lg->meta);
	free(lg->conv);
	free(lg->convlen);
	store_chglist_free(&lg->changes);
	free(lg);
}

size_t store_legacy_index(const store_legacy *lg, uint64_t seq)
{
	for (size_t i = 0; i < lg->nrec; i++)
		if (lg->meta[i].seq == seq)
			return i;
	return SIZE_MAX;
}

/* ---- decoding a first-release record ----------------------------------- */

typedef struct v1rd {
	const char *p, *end;
	bool bad;
} v1rd;

static uint32_t v1_u32(v1rd *r)
{
	if (r->end - r->p < 4) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	uint32_t v;
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

static const char *v1_text(v1rd *r, uint32_t *len)
{
	*len = v1_u32(r);
	if (r->bad || (uint64_t)(r->end - r->p) < *len || *len == 0 || *len > CFG_TEXT_MAX ||
	    memchr(r->p, '\0', *len) || memchr(r->p, '\n', *len)) {
		r->bad = true;
		return NULL;
	}
	const char *t = r->p;
	r->p += *len;
	return t;
}

/* The changes of record rec[0..len) (intact) into l, as record ri. */
static int v1_changes(store_chglist *l, char *rec, size_t len, uint32_t ri)
{
	v1rd r = { rec + V1_HDR, rec + len - 4, false };
	for (int i = 0; i < 4; i++) { /* the strings */
		uint16_t sl;
		if (r.end - r.p < 2)
			return -1;
		memcpy(&sl, r.p, 2);
		r.p += 2;
		if (r.end - r.p < sl)
			return -1;
		r.p += sl;
	}
	uint32_t n;
	memcpy(&n, rec + 12, 4);
	uint32_t stack[V1_MAX_DEPTH];
	unsigned have = 0;
	for (uint32_t k = 0; k < n; k++) {
		if (r.end - r.p < 3)
			return -1;
		uint8_t has = (uint8_t)r.p[0], shared = (uint8_t)r.p[1], depth = (uint8_t)r.p[2];
		r.p += 3;
		if (!has || (has & ~3u) || depth > V1_MAX_DEPTH || shared > depth || shared > have)
			return -1;
		for (unsigned i = shared; i < depth; i++) {
			store_elem el;
			memset(&el, 0, sizeof el);
			el.idlen = v1_u32(&r);
			el.text = v1_text(&r, &el.len);
			if (r.bad || el.idlen == 0 || el.idlen > el.len)
				return -1;
			if (!store_grow((void **)&l->nodes, &l->ncap, l->nn + 1, sizeof *l->nodes))
				return -1;
			store_node *nd = &l->nodes[l->nn];
			nd->el = el;
			nd->up = i ? stack[i - 1] : STORE_NO_NODE;
			nd->depth = i + 1;
			nd->key = 0;
			stack[i] = (uint32_t)l->nn++;
		}
		have = depth;
		if (!store_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
			return -1;
		store_chg *c = &l->v[l->n];
		memset(c, 0, sizeof *c);
		c->line.idlen = v1_u32(&r);
		if (has & 1)
			c->old_text = v1_text(&r, &c->old_len);
		if (has & 2)
			c->new_text = v1_text(&r, &c->new_len);
		if (r.bad || c->line.idlen == 0 || (c->old_text && c->line.idlen > c->old_len) ||
		    (c->new_text && c->line.idlen > c->new_len))
			return -1;
		c->line.text = c->new_text ? c->new_text : c->old_text;
		c->line.len = c->new_text ? c->new_len : c->old_len;
		c->node = depth ? stack[depth - 1] : STORE_NO_NODE;
		c->rec = ri;
		l->n++;
	}
	return r.p == r.end ? 0 : -1;
}

/* The metadata of an intact record; the strings into a new buffer. */
static int v1_meta(const char *rec, size_t len, store_meta *m, char **strs)
{
	memset(m, 0, sizeof *m);
	if (len < V1_HDR + 12 || rec[8] != 1)
		return -1;
	m->kind = STORE_K_COMMIT;
	m->type = (uint8_t)rec[9];
	memcpy(&m->flags, rec + 10, 2);
	memcpy(&m->nchanges, rec + 12, 4);
	memcpy(&m->seq, rec + 16, 8);
	memcpy(&m->commit_id, rec + 24, 8);
	memcpy(&m->time, rec + 32, 8);
	char *b = malloc(len), *o = b;
	if (!b)
		return -1;
	const char *p = rec + V1_HDR, *end = rec + len - 4;
	const char **dst[4] = { &m->user, &m->intf, &m->label, &m->desc };
	for (int i = 0; i < 4; i++) {
		uint16_t sl;
		if (end - p < 2) {
			free(b);
			return -1;
		}
		memcpy(&sl, p, 2);
		p += 2;
		if (end - p < sl) {
			free(b);
			return -1;
		}
		memcpy(o, p, sl);
		o[sl] = '\0';
		*dst[i] = o;
		o += sl + 1;
		p += sl;
	}
	*strs = b;
	return 0;
}

static void read_trial(store *st, store_legacy *lg)
{
	char *buf;
	size_t len;
	if (store_dir_read(&st->dir, "trial", 4096, &buf, &len) != 0)
		return;
	long long dl;
	unsigned long long base;
	unsigned sess, secs;
	int n = 0;
	if (sscanf(buf, "deadline %lld base %llu session %u secs %u persist %n", &dl, &base, &sess,
		   &secs, &n) == 4 &&
	    n > 0) {
		lg->trial.active = true;
		lg->trial.deadline = dl;
		lg->trial.base_seq = base;
		lg->trial.session = sess;
		lg->trial.secs = secs;
		size_t pl = strcspn(buf + n, "\n");
		if (pl >= sizeof lg->trial.persist)
			pl = sizeof lg->trial.persist - 1;
		memcpy(lg->trial.persist, buf + n, pl);
		lg->trial.persist[pl] = '\0';
	}
	free(buf);
}

int store_legacy_read(store *st, char *err, size_t errlen)
{
	store_legacy *lg = calloc(1, sizeof *lg);
	char *jbuf = NULL;
	size_t jlen = 0;
	if (!lg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store_chglist_init(&lg->changes);
	/* the text checkpoint: "checkpoint", or checkpoint.v1 when an
	 * upgrade stopped half-way */
	const char *cname = store_ckpt_is_text(&st->dir, STORE_CKPT) ? STORE_CKPT : "checkpoint.v1";
	if (store_ckpt_is_text(&st->dir, cname) &&
	    store_dir_read(&st->dir, cname, FILE_MAX, &lg->ckpt_file, &lg->ckpt_len) == 0) {
		unsigned long long seq, id;
		if (sscanf(lg->ckpt_file, CKPT_HEADER " seq=%llu commit=%llu", &seq, &id) == 2) {
			const char *nl = memchr(lg->ckpt_file, '\n', lg->ckpt_len);
			lg->ckpt = nl ? nl + 1 : lg->ckpt_file + lg->ckpt_len;
			lg->ckpt_len -= (size_t)(lg->ckpt - lg->ckpt_file);
			lg->ckpt_seq = seq;
			lg->ckpt_id = id;
		} else {
			store_set_damage(st, DK_CKPT, cname, 0, "its header line does not parse");
			free(lg->ckpt_file);
			lg->ckpt_file = NULL;
		}
	}
	int r = store_dir_read(&st->dir, STORE_JOURNAL, FILE_MAX, &jbuf, &jlen);
	if (r < 0) {
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL, strerror(errno));
		store_legacy_free(lg);
		return -1;
	}
	size_t pos = 0, capm = 0;
	uint64_t prev = 0;
	while (r == 0 && pos < jlen) {
		uint32_t magic = 0, len = 0;
		if (jlen - pos >= 8) {
			memcpy(&magic, jbuf + pos, 4);
			memcpy(&len, jbuf + pos + 4, 4);
		}
		uint32_t want = 0;
		bool ok = jlen - pos >= 8 && magic == V1_MAGIC && len >= V1_HDR + 12 &&
			  len <= jlen - pos;
		if (ok)
			memcpy(&want, jbuf + pos + len - 4, 4);
		ok = ok && crc32_ieee(jbuf + pos + 4, len - 8) == want;
		store_meta m;
		char *strs = NULL;
		if (ok && v1_meta(jbuf + pos, len, &m, &strs) != 0)
			ok = false;
		if (ok && prev && m.seq != prev + 1)
			ok = false;
		if (!ok) {
			free(strs);
			/* the first release cut a bad tail at start: a bad last
			 * record is a crash's; one followed by more is damage */
			bool last = jlen - pos < 8 || len > jlen - pos || len < V1_HDR + 12 ||
				    pos + len >= jlen;
			if (!last)
				store_set_damage(st, DK_J_RECORD, STORE_JOURNAL, pos, "a record does not check");
			break;
		}
		if (!store_grow((void **)&lg->meta, &capm, lg->nrec + 1, sizeof *lg->meta)) {
			free(strs);
			goto oom;
		}
		char **sv = realloc(lg->strs, (lg->nrec + 1) * sizeof *sv);
		if (!sv) {
			free(strs);
			goto oom;
		}
		lg->strs = sv;
		char *copy = malloc(len);
		if (!copy) {
			free(strs);
			goto oom;
		}
		memcpy(copy, jbuf + pos, len);
		lg->meta[lg->nrec] = m;
		lg->strs[lg->nrec] = strs;
		if (v1_changes(&lg->changes, copy, len, (uint32_t)lg->nrec) != 0 ||
		    !store_grow((void **)&lg->changes.recs, &lg->changes.caprecs, lg->changes.nrecs + 1,
			  sizeof *lg->changes.recs)) {
			free(copy);
			lg->nrec++;
			store_set_damage(st, DK_J_RECORD, STORE_JOURNAL, pos, "a record's changes do not decode");
			break;
		}
		lg->changes.recs[lg->changes.nrecs].buf = copy;
		lg->changes.recs[lg->changes.nrecs].own = true;
		lg->changes.nrecs++;
		lg->nrec++;
		prev = m.seq;
		pos += len;
	}
	free(jbuf);
	lg->first_after = 0;
	while (lg->first_after < lg->nrec && lg->meta[lg->first_after].seq <= lg->ckpt_seq)
		lg->first_after++;
	read_trial(st, lg);
	store_legacy_free(st->legacy);
	st->legacy = lg;
	return 0;
oom:
	free(jbuf);
	store_legacy_free(lg);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int store_legacy_adopt(store *st, cfg_db *db, char **recs, size_t *lens, char *err,
		       size_t errlen)
{
	store_legacy *lg = st->legacy;
	if (!lg) {
		snprintf(err, errlen, "no first-release directory was read");
		return -1;
	}
	lg->conv = recs;
	lg->convlen = lens;
	store_journal_forget(st);
	st->last_seq = lg->ckpt_seq;
	st->last_id = lg->ckpt_id;
	st->ckpt_seq = lg->ckpt_seq;
	for (size_t i = 0; i < lg->nrec; i++) {
		store_meta m;
		uint32_t len;
		char strs[4 * 65540];
		if (store_rec_head(recs[i], lens[i], &m, strs, sizeof strs, &len) != 0 ||
		    len != lens[i]) {
			snprintf(err, errlen, "a converted record does not check");
			return -1;
		}
		if (st->nrec == st->caprec) {
			size_t cap = st->caprec ? st->caprec * 2 : 64;
			store_jrec *v = realloc(st->rec, cap * sizeof *v);
			if (!v) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			st->rec = v;
			st->caprec = cap;
		}
		store_jrec *r = &st->rec[st->nrec];
		memset(r, 0, sizeof *r);
		size_t lu = strlen(m.user), li = strlen(m.intf), ll = strlen(m.label),
		       ld = strlen(m.desc);
		r->strs = malloc(lu + li + ll + ld + 4);
		if (!r->strs) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		char *b = r->strs;
		memcpy(b, m.user, lu + 1);
		memcpy(b + lu + 1, m.intf, li + 1);
		memcpy(b + lu + li + 2, m.label, ll + 1);
		memcpy(b + lu + li + ll + 3, m.desc, ld + 1);
		r->h.user = b;
		r->h.intf = b + lu + 1;
		r->h.label = b + lu + li + 2;
		r->h.desc = b + lu + li + ll + 3;
		r->h.seq = m.seq;
		r->h.commit_id = m.commit_id;
		r->h.time = m.time;
		r->h.type = m.type;
		r->h.flags = m.flags;
		r->kind = m.kind;
		r->len = len;
		r->seqhw = m.seqhw;
		st->nrec++;
		st->last_seq = m.seq;
		if (m.commit_id > st->last_id)
			st->last_id = m.commit_id;
	}
	store_hist_rebuild(st);
	st->seqhw = cfg_seq_counter(db);
	st->trial = lg->trial;
	st->loaded = true;
	st->format = 1;
	return 0;
}

int store_legacy_upgrade(store *st, cfg_db *db, char *err, size_t errlen)
{
	store_legacy *lg = st->legacy;
	if (!lg || !lg->conv)
		return 0;
	/* the old files stay, under other names (links: nothing is copied) */
	if (store_dir_exists(&st->dir, STORE_JOURNAL) &&
	    linkat(st->dir.fd, STORE_JOURNAL, st->dir.fd, "journal.v1", 0) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s/journal.v1: %s", st->dir.path, strerror(errno));
		return -1;
	}
	if (store_ckpt_is_text(&st->dir, STORE_CKPT) &&
	    linkat(st->dir.fd, STORE_CKPT, st->dir.fd, "checkpoint.v1", 0) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s/checkpoint.v1: %s", st->dir.path, strerror(errno));
		return -1;
	}
	store_ckpt_info ci = { st->last_seq, st->last_id, cfg_seq_counter(db), 0, 0 };
	if (store_ckpt_write(&st->dir, STORE_CKPT, db, &ci, err, errlen) != 0)
		return -1;
	st->ckpt_seq = st->last_seq;
	st->ckpt_bytes = ci.bytes;
	uint64_t base = st->nrec ? st->rec[0].h.seq - 1 : st->last_seq;
	store_trial trial = st->trial;
	if (store_journal_rewrite(st, 0, base, err, errlen) != 0)
		return -1;
	st->format = 2;
	if (store_dir_exists(&st->dir, "trial"))
		store_dir_rename(&st->dir, "trial", "trial.v1");
	store_hw_write(st, st->last_seq, st->last_id);
	if (trial.active && store_trial_set(st, &trial, err, errlen) != 0)
		return -1;
	return 0;
}
