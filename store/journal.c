/* The journal file and the high-water mark: scanning and checking every
 * record, telling a crash's torn tail from damage, appending, cutting and
 * rewriting (see store.h for the rules). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crc32c.h"
#include "store_priv.h"

#define CHUNK (1u << 20)
#define STRS_MAX (4u * (65535u + 3u))

/* ---- the high-water mark ---------------------------------------------------- */

#define HW_MAGIC 0x32485256u /* "VRH2" */
#define HW_SLOT 32u

void store_hw_read(store *st)
{
	unsigned char b[2 * HW_SLOT];
	st->hw_valid = false;
	st->hw_seq = st->hw_id = 0;
	st->hw_gen = 0;
	int fd = store_dir_openat(&st->dir, STORE_HIGHWATER, O_RDONLY, 0);
	if (fd < 0)
		return;
	ssize_t n = pread(fd, b, sizeof b, 0);
	close(fd);
	for (int s = 0; s < 2; s++) {
		const unsigned char *p = b + s * HW_SLOT;
		if (n < (ssize_t)((s + 1) * HW_SLOT) || store_get_u32(p) != HW_MAGIC ||
		    store_crc32c(0, p, 28) != store_get_u32(p + 28))
			continue;
		uint32_t gen = store_get_u32(p + 4);
		if (st->hw_valid && gen <= st->hw_gen)
			continue;
		st->hw_valid = true;
		st->hw_gen = gen;
		st->hw_seq = store_get_u64(p + 8);
		st->hw_id = store_get_u64(p + 16);
	}
}

/* The mark is written after the record it names is on disk, in the slot
 * the previous write did not use, and not fsynced: losing the newest
 * write in a crash leaves an older, still true, mark. */
void store_hw_write(store *st, uint64_t seq, uint64_t id)
{
	unsigned char p[HW_SLOT];
	if (st->hw_valid && id < st->hw_id)
		id = st->hw_id; /* commit IDs never go backwards */
	uint32_t gen = st->hw_gen + 1;
	memset(p, 0, sizeof p);
	store_set_u32(p, HW_MAGIC);
	store_set_u32(p + 4, gen);
	store_set_u64(p + 8, seq);
	store_set_u64(p + 16, id);
	store_set_u32(p + 28, store_crc32c(0, p, 28));
	int fd = store_dir_openat(&st->dir, STORE_HIGHWATER, O_RDWR | O_CREAT, 0600);
	if (fd < 0) {
		store_warnf(st, "%s/%s: %s", st->dir.path, STORE_HIGHWATER, strerror(errno));
		return;
	}
	if (store_pwrite_all(fd, p, sizeof p, (off_t)((gen & 1) * HW_SLOT)) != 0)
		store_warnf(st, "%s/%s: %s", st->dir.path, STORE_HIGHWATER, strerror(errno));
	close(fd);
	st->hw_valid = true;
	st->hw_gen = gen;
	st->hw_seq = seq;
	st->hw_id = id;
}

/* ---- opening ---------------------------------------------------------------- */

static int64_t mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

void store_journal_forget(store *st)
{
	st->gap_lo = st->gap_hi = 0;
	for (size_t i = 0; i < st->nrec; i++)
		free(st->rec[i].strs);
	st->nrec = 0;
	st->nhist = 0;
}

int store_journal_open(store *st, char *err, size_t errlen)
{
	if (st->jfd >= 0) {
		close(st->jfd);
		st->jfd = -1;
	}
	st->jend = st->jsize = 0;
	st->jmtime = -1;
	st->torn = false;
	st->base_seq = 0;
	int fd = store_dir_openat(&st->dir, STORE_JOURNAL, O_RDWR, 0);
	bool writable = fd >= 0;
	if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
		fd = store_dir_openat(&st->dir, STORE_JOURNAL, O_RDONLY, 0);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		if (errno == ELOOP) {
			store_set_damage(st, DK_J_MISSING, STORE_JOURNAL, 0, "is a symbolic link");
			return 1;
		}
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL,
			 S_ISREG(sb.st_mode) ? strerror(errno) : "not a regular file");
		close(fd);
		return -1;
	}
	st->jfd = fd;
	st->jwritable = writable;
	st->jdev = sb.st_dev;
	st->jino = sb.st_ino;
	st->jsize = (uint64_t)sb.st_size;
	st->jmtime = mtime_ns(&sb);
	unsigned char h[STORE_JOURNAL_HDR];
	ssize_t n = pread(fd, h, sizeof h, 0);
	if (n >= 4 && memcmp(h, "VJR1", 4) == 0) {
		st->format = 1;
		return 0;
	}
	if (n != (ssize_t)sizeof h || store_get_u32(h) != STORE_JOURNAL_MAGIC ||
	    store_get_u32(h + 4) != 1 || store_crc32c(0, h, 28) != store_get_u32(h + 28)) {
		store_set_damage(st, DK_J_HEADER, STORE_JOURNAL, 0,
				 st->jsize == 0 ? "it is empty (its header is gone)"
						: "its header does not check");
		return 0;
	}
	st->format = 2;
	st->base_seq = store_get_u64(h + 8);
	st->jend = STORE_JOURNAL_HDR;
	return 0;
}

static void header_bytes(unsigned char *h, uint64_t base_seq)
{
	memset(h, 0, STORE_JOURNAL_HDR);
	store_set_u32(h, STORE_JOURNAL_MAGIC);
	store_set_u32(h + 4, 1);
	store_set_u64(h + 8, base_seq);
	store_set_u64(h + 16, (uint64_t)time(NULL));
	store_set_u32(h + 28, store_crc32c(0, h, 28));
}

/* ---- scanning ------------------------------------------------------------------ */

static int add_rec(store *st, const store_meta *m, uint64_t off, uint32_t len)
{
	if (st->nrec == st->caprec) {
		size_t cap = st->caprec ? st->caprec * 2 : 64;
		store_jrec *v = realloc(st->rec, cap * sizeof *v);
		if (!v)
			return -1;
		st->rec = v;
		st->caprec = cap;
	}
	size_t lu = strlen(m->user), li = strlen(m->intf), ll = strlen(m->label),
	       ld = strlen(m->desc);
	char *b = malloc(lu + li + ll + ld + 4);
	if (!b)
		return -1;
	store_jrec *r = &st->rec[st->nrec++];
	memset(r, 0, sizeof *r);
	r->h.seq = m->seq;
	r->h.commit_id = m->commit_id;
	r->h.time = m->time;
	r->h.type = m->type;
	r->h.flags = m->flags;
	r->kind = m->kind;
	r->off = off;
	r->len = len;
	r->seqhw = m->seqhw;
	r->strs = b;
	memcpy(b, m->user, lu + 1);
	r->h.user = b;
	r->h.intf = b + lu + 1;
	memcpy((char *)r->h.intf, m->intf, li + 1);
	r->h.label = r->h.intf + li + 1;
	memcpy((char *)r->h.label, m->label, ll + 1);
	r->h.desc = r->h.label + ll + 1;
	memcpy((char *)r->h.desc, m->desc, ld + 1);
	return 0;
}

void store_hist_rebuild(store *st)
{
	free(st->hix);
	st->hix = malloc((st->nrec ? st->nrec : 1) * sizeof *st->hix);
	st->nhist = 0;
	if (!st->hix)
		return;
	for (size_t i = 0; i < st->nrec; i++)
		if (st->rec[i].kind == STORE_K_COMMIT)
			st->hix[st->nhist++] = i;
}

/* The first intact record header in [from, size): its offset and
 * metadata.  (After a bad record it tells damage from a torn tail: a
 * crash leaves nothing intact after the record it was writing.) */
static bool next_intact(store *st, uint64_t from, uint64_t size, uint64_t *at, store_meta *mo)
{
	char *buf = malloc(CHUNK), *h = malloc(STORE_REC_HDR + STRS_MAX);
	bool found = false, failed = !buf || !h;
	for (uint64_t pos = from; pos < size && !found && !failed; pos += CHUNK) {
		size_t want = size - pos < CHUNK ? (size_t)(size - pos) : CHUNK;
		if (store_pread_all(st->jfd, buf, want, (off_t)pos) != 0)
			break;
		for (size_t i = 0; i + 4 <= want && !found; i++) {
			if (store_get_u32(buf + i) != STORE_REC_MAGIC)
				continue;
			size_t avail = size - (pos + i) < STORE_REC_HDR + STRS_MAX
					       ? (size_t)(size - (pos + i))
					       : STORE_REC_HDR + STRS_MAX;
			uint32_t len;
			if (store_pread_all(st->jfd, h, avail, (off_t)(pos + i)) == 0 &&
			    store_rec_head(h, avail, mo, NULL, 0, &len) == 0 && len <= size - (pos + i)) {
				found = true;
				*at = pos + i;
			}
		}
	}
	free(buf);
	free(h);
	return found || failed; /* cannot tell: the careful answer */
}

/* Check a record's body in pieces (a history record of a million lines is
 * not held in memory).  0 intact, -1 damaged or unreadable. */
static int check_streamed(store *st, uint64_t off, uint32_t len, size_t body_off, char *buf)
{
	uint32_t crc = 0, want;
	uint64_t pos = off + body_off, end = off + len - 4;
	while (pos < end) {
		size_t n = end - pos < CHUNK ? (size_t)(end - pos) : CHUNK;
		if (store_pread_all(st->jfd, buf, n, (off_t)pos) != 0)
			return -1;
		crc = store_crc32c(crc, buf, n);
		pos += n;
	}
	char t[4];
	if (store_pread_all(st->jfd, t, 4, (off_t)end) != 0)
		return -1;
	want = store_get_u32(t);
	return crc == want ? 0 : -1;
}

/* Keep a record's buffer in the list without decoding it. */
static int add_raw(store_chglist *l, char *rec)
{
	if (l->nrecs == l->caprecs) {
		size_t cap = l->caprecs ? l->caprecs * 2 : 16;
		void *v = realloc(l->recs, cap * sizeof *l->recs);
		if (!v)
			return -1;
		l->recs = v;
		l->caprecs = cap;
	}
	l->recs[l->nrecs].buf = rec;
	l->recs[l->nrecs].own = true;
	l->nrecs++;
	return 0;
}

int store_journal_scan(store *st, uint64_t keep_from, store_chglist *apply, bool decode,
		       char *err, size_t errlen)
{
	if (st->jfd < 0 || st->format != 2)
		return 0;
	struct stat sb;
	if (fstat(st->jfd, &sb) != 0) {
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL, strerror(errno));
		return -1;
	}
	uint64_t size = (uint64_t)sb.st_size, pos = st->jend;
	st->jsize = size;
	st->jmtime = mtime_ns(&sb);
	char *hb = malloc(STORE_REC_HDR + STRS_MAX), *sb2 = malloc(STRS_MAX + 8),
	     *chunk = malloc(CHUNK);
	if (!hb || !sb2 || !chunk) {
		free(hb);
		free(sb2);
		free(chunk);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	uint64_t prev = st->nrec ? st->rec[st->nrec - 1].h.seq : st->base_seq;
	const char *why = NULL;
	int ret = 0;
again:
	while (pos < size) {
		size_t avail = size - pos < STORE_REC_HDR + STRS_MAX ? (size_t)(size - pos)
								  : STORE_REC_HDR + STRS_MAX;
		if (store_pread_all(st->jfd, hb, avail, (off_t)pos) != 0) {
			why = "it cannot be read";
			break;
		}
		store_meta m;
		uint32_t len;
		int hr = store_rec_head(hb, avail, &m, sb2, STRS_MAX + 8, &len);
		if (hr != 0) {
			why = hr > 0 ? "a record is cut short" : "a record's header does not check";
			break;
		}
		if (len > size - pos) {
			why = "a record is cut short";
			break;
		}
		if (m.seq != prev + 1) {
			why = "a record is out of sequence";
			break;
		}
		size_t boff = store_rec_body_off(hb);
		char *rec = NULL;
		if ((m.seq > keep_from && apply) || m.kind == STORE_K_TRIAL) {
			rec = malloc(len);
			if (!rec) {
				snprintf(err, errlen, "out of memory");
				ret = -1;
				break;
			}
			if (store_pread_all(st->jfd, rec, len, (off_t)pos) != 0 ||
			    !store_rec_body_ok(rec, len)) {
				free(rec);
				why = "a record's contents do not check";
				break;
			}
		} else if (check_streamed(st, pos, len, boff, chunk) != 0) {
			why = "a record's contents do not check";
			break;
		}
		if (m.kind == STORE_K_TRIAL) {
			store_trial t;
			if (store_rec_trial(rec, len, &t) != 0) {
				free(rec);
				why = "a trial record does not decode";
				break;
			}
			st->trial = t;
			free(rec);
			rec = NULL;
		}
		if (rec && (decode ? store_chglist_add(apply, rec, len, true)
				   : add_raw(apply, rec)) != 0) {
			free(rec);
			why = "a record's changes do not decode";
			break;
		}
		if (add_rec(st, &m, pos, len) != 0) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
			break;
		}
		if (m.commit_id > st->last_id)
			st->last_id = m.commit_id;
		if (m.seqhw > st->seqhw)
			st->seqhw = m.seqhw;
		st->last_seq = m.seq;
		prev = m.seq;
		pos += len;
	}
	if (ret == 0 && why) {
		/* a crash leaves only an unfinished last record: newer than the
		 * high-water mark, with nothing intact after it */
		uint64_t q = 0;
		store_meta qm;
		memset(&qm, 0, sizeof qm);
		bool found = next_intact(st, pos + 1, size, &q, &qm);
		if (!found && !(st->hw_valid && st->hw_seq > prev)) {
			st->torn = true;
		} else {
			store_set_damage(st, DK_J_RECORD, STORE_JOURNAL, pos, "%s", why);
			/* records lost only from the history (the checkpoint holds
			 * what they did): what follows still applies */
			if (found && q > pos && qm.seq > prev + 1 && qm.seq - 1 <= keep_from &&
			    st->gap_hi == 0) {
				st->gap_lo = prev + 1;
				st->gap_hi = qm.seq - 1;
				st->jend = pos = q;
				prev = qm.seq - 1;
				why = NULL;
				goto again;
			}
		}
	} else if (ret == 0 && st->hw_valid && st->hw_seq > prev && !st->dmg.damaged) {
		store_set_damage(st, DK_J_SHORT, STORE_JOURNAL, pos,
				 "it ends at record %" PRIu64 ", but record %" PRIu64
				 " was committed (records are missing)",
				 prev, st->hw_seq);
	}
	st->jend = pos;
	store_hist_rebuild(st);
	free(hb);
	free(sb2);
	free(chunk);
	return ret;
}

char *store_journal_read(store *st, size_t i, char *err, size_t errlen)
{
	const store_jrec *r = &st->rec[i];
	if (st->legacy && st->legacy->conv) {
		size_t k = store_legacy_index(st->legacy, r->h.seq);
		if (k != SIZE_MAX) {
			char *c = malloc(st->legacy->convlen[k]);
			if (!c) {
				snprintf(err, errlen, "out of memory");
				return NULL;
			}
			memcpy(c, st->legacy->conv[k], st->legacy->convlen[k]);
			return c;
		}
	}
	char *rec = malloc(r->len);
	if (!rec) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	store_meta m;
	uint32_t len;
	if (store_pread_all(st->jfd, rec, r->len, (off_t)r->off) != 0 ||
	    store_rec_head(rec, r->len, &m, NULL, 0, &len) != 0 || len != r->len ||
	    m.seq != r->h.seq || !store_rec_body_ok(rec, r->len)) {
		free(rec);
		store_set_damage(st, DK_J_RECORD, STORE_JOURNAL, r->off, "a record does not check any more");
		snprintf(err, errlen, "%s/%s: damaged at offset %" PRIu64, st->dir.path, STORE_JOURNAL,
			 r->off);
		return NULL;
	}
	return rec;
}

size_t store_journal_after(const store *st, uint64_t s)
{
	size_t lo = 0, hi = st->nrec;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->rec[mid].h.seq > s)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- writing ---------------------------------------------------------------------- */

void store_journal_cut(store *st)
{
	if (!st->torn || st->locked != LOCK_EX || st->jfd < 0 || !st->jwritable)
		return;
	if (ftruncate(st->jfd, (off_t)st->jend) == 0 && fdatasync(st->jfd) == 0) {
		st->torn = false;
		st->jsize = st->jend;
		st->jmtime = -1;
	}
}

typedef struct rewrite {
	store *st;
	size_t from;
	uint64_t base_seq;
	const char *why;
} rewrite;

static int fill_rewrite(void *arg, int fd)
{
	rewrite *rw = arg;
	store *st = rw->st;
	unsigned char h[STORE_JOURNAL_HDR];
	header_bytes(h, rw->base_seq);
	if (store_write_all(fd, h, sizeof h) != 0)
		return -1;
	for (size_t i = rw->from; i < st->nrec; i++) {
		char e[128];
		char *rec = store_journal_read(st, i, e, sizeof e);
		if (!rec) {
			rw->why = "a record to keep does not check";
			errno = EIO;
			return -1;
		}
		int rc = store_write_all(fd, rec, st->rec[i].len);
		free(rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int store_journal_rewrite(store *st, size_t from, uint64_t base_seq, char *err, size_t errlen)
{
	rewrite rw = { st, from, base_seq, NULL };
	if (store_dir_replace(&st->dir, STORE_JOURNAL, true, fill_rewrite, &rw, err, errlen) != 0) {
		if (rw.why)
			snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL, rw.why);
		return -1;
	}
	/* the records move to their new places */
	uint64_t off = STORE_JOURNAL_HDR;
	for (size_t i = 0; i < from; i++)
		free(st->rec[i].strs);
	if (from)
		memmove(st->rec, st->rec + from, (st->nrec - from) * sizeof *st->rec);
	st->nrec -= from;
	for (size_t i = 0; i < st->nrec; i++) {
		st->rec[i].off = off;
		off += st->rec[i].len;
	}
	store_hist_rebuild(st);
	/* converted records of the first release's format are on disk now */
	if (st->legacy) {
		store_legacy_free(st->legacy);
		st->legacy = NULL;
	}
	char e2[256];
	e2[0] = '\0';
	if (store_journal_open(st, e2, sizeof e2) != 0 || st->format != 2) {
		snprintf(err, errlen, "%s", e2[0] ? e2 : "the new journal cannot be opened");
		return -1;
	}
	st->jend = off;
	st->jsize = off;
	return 0;
}

static int fill_header(void *arg, int fd)
{
	unsigned char h[STORE_JOURNAL_HDR];
	header_bytes(h, *(const uint64_t *)arg);
	return store_write_all(fd, h, sizeof h);
}

int store_journal_prepare(store *st, char *tmp, size_t tmplen, char *err, size_t errlen)
{
	uint64_t base = st->last_seq;
	return store_dir_prepare(&st->dir, STORE_JOURNAL, false, fill_header, &base, tmp, tmplen,
				 err, errlen);
}

int store_journal_create(store *st, char *err, size_t errlen)
{
	uint64_t base = st->last_seq;
	if (store_dir_replace(&st->dir, STORE_JOURNAL, true, fill_header, &base, err, errlen) != 0)
		return -1;
	if (store_journal_open(st, err, errlen) != 0 || st->format != 2) {
		if (!err[0])
			snprintf(err, errlen, "%s/%s: cannot be opened", st->dir.path, STORE_JOURNAL);
		return -1;
	}
	return 0;
}

int store_journal_append(store *st, const store_meta *m, store_build_fn build, void *arg,
			 char *err, size_t errlen)
{
	err[0] = '\0';
	if (st->jfd < 0 && store_journal_create(st, err, errlen) != 0)
		return -1;
	if (!st->jwritable) {
		snprintf(err, errlen, "%s/%s: %s", st->dir.path, STORE_JOURNAL, strerror(EROFS));
		return -1;
	}
	store_journal_cut(st);
	if (st->torn) {
		snprintf(err, errlen, "%s/%s: its unfinished last record cannot be cut off",
			 st->dir.path, STORE_JOURNAL);
		return -1;
	}
	store_wr w;
	uint64_t len = 0;
	errno = 0;
	int rc = store_wr_begin_fd(&w, m, st->jfd, st->jend);
	if (rc == 0)
		rc = build(arg, &w);
	if (rc == 0)
		rc = store_wr_end(&w, &len);
	if (rc == 0 && fdatasync(st->jfd) != 0)
		rc = -1;
	if (rc != 0) {
		int e = errno ? errno : EIO;
		if (ftruncate(st->jfd, (off_t)st->jend) == 0)
			fdatasync(st->jfd);
		store_wr_free(&w);
		snprintf(err, errlen, "%s", strerror(e));
		return -1;
	}
	store_wr_free(&w);
	store_meta mm = *m;
	if (!mm.user)
		mm.user = "";
	if (!mm.intf)
		mm.intf = "";
	if (!mm.label)
		mm.label = "";
	if (!mm.desc)
		mm.desc = "";
	if (add_rec(st, &mm, st->jend, (uint32_t)len) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store_hist_rebuild(st);
	st->jend += len;
	st->jsize = st->jend;
	st->jmtime = -1;
	st->last_seq = m->seq;
	if (m->commit_id > st->last_id)
		st->last_id = m->commit_id;
	if (m->seqhw > st->seqhw)
		st->seqhw = m->seqhw;
	store_hw_write(st, m->seq, st->last_id);
	return 0;
}
