/* The storage module on its own (store/): CRC-32C, records applied
 * forward and backward with their placement, creation numbers and owners,
 * checkpoints that load and render as the tree does, the directory's
 * checks, temporaries, the high-water mark. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../config/cfg.h"
#include "../../store/checkpoint.h"
#include "../../store/chglist.h"
#include "../../store/crc32c.h"
#include "../../store/dir.h"
#include "../../store/record.h"
#include "../../store/store.h"
#include "unit.h"

/* ---- a tree with everything a line can carry ------------------------------ */

static cfg_entry *put(cfg_db *db, cfg_entry *parent, const char *text, size_t idlen, uint32_t cls,
		      uint64_t key, uint32_t sub, unsigned flags)
{
	char err[128] = "";
	cfg_entry *e = NULL;
	cfg_order o = { cls, key, sub };
	ck_assert_msg(cfg_set(db, parent, text, idlen ? idlen : strlen(text), o, flags, &e, err,
			      sizeof err) == 0,
		      "cfg_set(%s): %s", text, err);
	return e;
}

/* A BGP-like tree: groups in creation order with their lines keyed by the
 * group's creation number and owned by it, an interface that owns a line
 * elsewhere, an implicit section, a section whose children are separated,
 * joined sections. */
static void build(cfg_db *db)
{
	cfg_entry *root = cfg_root(db);
	put(db, root, "sysname S1", 7, 10, 0, 0, 0);
	cfg_entry *lo = put(db, root, "interface LoopBack0", 0, 40, 5, 0, CFG_F_SECTION);
	put(db, lo, "ip address 10.0.0.1 255.255.255.255", 10, 1, 0, 0, 0);
	cfg_entry *ge = put(db, root, "interface 10GE1/0/1", 0, 40, 9, 0,
			    CFG_F_SECTION | CFG_F_IMPLICIT);
	(void)ge;
	/* sections that follow one another without "#" (CFG_F_JOIN) */
	cfg_entry *r1 = put(db, root, "erps ring 1", 0, 50, 1, 0, CFG_F_SECTION);
	put(db, r1, "version v2", 0, 1, 0, 0, 0);
	put(db, root, "erps ring 2", 0, 50, 2, 0, CFG_F_SECTION | CFG_F_JOIN);
	cfg_entry *bgp = put(db, root, "bgp 100", 3, 60, 0, 0, CFG_F_SECTION | CFG_F_SEP_CHILDREN);
	cfg_entry *fam = put(db, bgp, "ipv6-family vpn-instance v1", 0, 5, 0, 0, CFG_F_SECTION);
	const char *names[] = { "zz", "aa", "mm" }; /* creation order, not alphabetical */
	for (int i = 0; i < 3; i++) {
		char t[64];
		snprintf(t, sizeof t, "group %s external", names[i]);
		cfg_entry *g = put(db, fam, t, 8, 1, CFG_KEY_SEQ, 0, 0);
		snprintf(t, sizeof t, "peer %s as-number 20%d", names[i], i);
		cfg_entry *a = put(db, fam, t, 17, 1, cfg_seq(g), 1, 0);
		snprintf(t, sizeof t, "peer %s connect-interface LoopBack0", names[i]);
		cfg_entry *c = put(db, fam, t, 25, 1, cfg_seq(g), 2, 0);
		ck_assert_int_eq(cfg_own(g, a), 0);
		ck_assert_int_eq(cfg_own(g, c), 0);
		ck_assert_int_eq(cfg_own(lo, c), 0);
	}
}

typedef struct text {
	char *p;
	size_t n, cap;
} text;

static void emit(void *arg, const char *line, size_t len)
{
	text *t = arg;
	if (t->n + len + 2 > t->cap) {
		t->cap = (t->n + len + 2) * 2;
		t->p = realloc(t->p, t->cap);
		ck_assert_ptr_nonnull(t->p);
	}
	memcpy(t->p + t->n, line, len);
	t->n += len;
	t->p[t->n++] = '\n';
	t->p[t->n] = '\0';
}

static char *render(cfg_db *db, enum cfg_side side)
{
	text t = { NULL, 0, 0 };
	cfg_render(db, side, emit, &t);
	return t.p;
}

static cfg_entry *at(cfg_db *db, const char *sect, const char *id)
{
	cfg_entry *p = cfg_root(db);
	if (sect) {
		p = cfg_get(db, p, "bgp", 3, CFG_RUNNING);
		p = p ? cfg_get(db, p, sect, strlen(sect), CFG_RUNNING) : NULL;
	}
	return p ? cfg_get(db, p, id, strlen(id), CFG_RUNNING) : NULL;
}

#define FAM "ipv6-family vpn-instance v1"

/* ---- checksums ------------------------------------------------------------- */

START_TEST(crc32c_check_value)
{
	ck_assert_uint_eq(store_crc32c(0, "123456789", 9), 0xe3069283u);
	/* in pieces, at any alignment */
	char buf[100];
	for (int i = 0; i < 100; i++)
		buf[i] = (char)(i * 7);
	uint32_t whole = store_crc32c(0, buf + 3, 90);
	ck_assert_uint_eq(store_crc32c(store_crc32c(0, buf + 3, 41), buf + 44, 49), whole);
}
END_TEST

/* ---- records ------------------------------------------------------------------ */

START_TEST(record_applies_exactly)
{
	cfg_db *a = cfg_db_new(), *b = cfg_db_new();
	build(a);
	char *rec;
	size_t len;
	ck_assert_int_eq(store_pending_record(a, &rec, &len), 0);
	ck_assert_ptr_nonnull(rec);
	char err[128];
	ck_assert_int_eq(cfg_commit(a, err, sizeof err), 0);
	/* applied to an empty tree: the same configuration, line for line */
	ck_assert_int_eq(store_record_apply(b, rec, len, err, sizeof err), 0);
	ck_assert_int_eq(cfg_commit(b, err, sizeof err), 0);
	char *ra = render(a, CFG_RUNNING), *rb = render(b, CFG_RUNNING);
	ck_assert_str_eq(ra, rb);
	ck_assert_ptr_nonnull(strstr(rb, "erps ring 1\n version v2\nerps ring 2\n"));
	/* the same creation numbers and keys: a later peer line of group aa
	 * still sorts with it */
	cfg_entry *ga = at(a, FAM, "group aa"), *gb = at(b, FAM, "group aa");
	ck_assert_ptr_nonnull(gb);
	ck_assert_uint_eq(cfg_seq(ga), cfg_seq(gb));
	ck_assert_uint_eq(cfg_order_of(at(b, FAM, "peer aa as-number")).key, cfg_seq(gb));
	/* the owners came along: deleting the group takes its lines */
	ck_assert_int_eq(cfg_delete(b, gb), 0);
	ck_assert_ptr_null(cfg_get(b, cfg_parent(gb), "peer aa as-number", 17, CFG_CANDIDATE));
	ck_assert_ptr_nonnull(cfg_get(b, cfg_parent(gb), "peer zz as-number", 17, CFG_CANDIDATE));
	/* and so does the interface for its connect-interface lines */
	cfg_discard(b);
	ck_assert_int_eq(cfg_delete(b, at(b, NULL, "interface LoopBack0")), 0);
	ck_assert_ptr_null(cfg_get(b, cfg_parent(gb), "peer mm connect-interface", 25,
				   CFG_CANDIDATE));
	free(ra);
	free(rb);
	free(rec);
	cfg_db_free(a);
	cfg_db_free(b);
}
END_TEST

START_TEST(record_undone_puts_lines_back_in_place)
{
	cfg_db *db = cfg_db_new();
	char err[128];
	build(db);
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), 0);
	char *before = render(db, CFG_RUNNING);
	/* the first group goes, with what it owns */
	ck_assert_int_eq(cfg_delete(db, at(db, FAM, "group zz")), 0);
	char *rec;
	size_t len;
	ck_assert_int_eq(store_pending_record(db, &rec, &len), 0);
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), 0);
	store_chglist l;
	store_chglist_init(&l);
	ck_assert_int_eq(store_chglist_add(&l, rec, len, true), 0);
	ck_assert_uint_eq(l.n, 3);
	/* undone: the group is first again (a command would have made it
	 * last), with its lines and their owners */
	ck_assert_int_eq(store_chglist_apply(db, &l, 0, l.n, true, NULL, NULL), 0);
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), 0);
	char *after = render(db, CFG_RUNNING);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(cfg_delete(db, at(db, FAM, "group zz")), 0);
	ck_assert_ptr_null(cfg_get(db, cfg_parent(at(db, FAM, "group aa")), "peer zz as-number", 17,
				   CFG_CANDIDATE));
	/* forward again: gone */
	cfg_discard(db);
	ck_assert_int_eq(store_chglist_apply(db, &l, 0, l.n, false, NULL, NULL), 0);
	ck_assert_ptr_null(cfg_get(db, cfg_parent(at(db, FAM, "group aa")), "group zz", 8,
				   CFG_CANDIDATE));
	store_chglist_free(&l);
	free(before);
	free(after);
	cfg_db_free(db);
}
END_TEST

START_TEST(record_refuses_garbage)
{
	cfg_db *db = cfg_db_new();
	build(db);
	char *rec;
	size_t len;
	ck_assert_int_eq(store_pending_record(db, &rec, &len), 0);
	store_meta m;
	uint32_t rl;
	char strs[256];
	ck_assert_int_eq(store_rec_head(rec, len, &m, strs, sizeof strs, &rl), 0);
	ck_assert_uint_eq(rl, len);
	ck_assert(store_rec_body_ok(rec, len));
	/* every single flipped bit is found, by one checksum or the other */
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			rec[i] ^= (char)(1 << bit);
			bool ok = store_rec_head(rec, len, &m, strs, sizeof strs, &rl) == 0 &&
				  rl == len && store_rec_body_ok(rec, len);
			ck_assert_msg(!ok, "a flip at byte %zu bit %d went unseen", i, bit);
			rec[i] ^= (char)(1 << bit);
		}
	}
	/* a body that checks but does not decode is refused, not applied */
	cfg_db *b = cfg_db_new();
	char err[128];
	size_t off = store_rec_body_off(rec);
	memset(rec + off, 0xff, len - off - 4);
	ck_assert_int_lt(store_record_apply(b, rec, len, err, sizeof err), 0);
	store_chglist l;
	store_chglist_init(&l);
	ck_assert_int_eq(store_chglist_add(&l, rec, len, false), -1);
	store_chglist_free(&l);
	free(rec);
	cfg_db_free(db);
	cfg_db_free(b);
}
END_TEST

/* ---- checkpoints ------------------------------------------------------------------ */

/* A new state directory, opened in sd, and the tree of build() committed
 * in a new database. */
static cfg_db *committed_tree(char **d, store_dir *sd)
{
	char err[256];
	*d = unit_tmpdir("storage");
	ck_assert_int_eq(store_dir_open(sd, *d, 0, err, sizeof err), 0);
	cfg_db *a = cfg_db_new();
	build(a);
	ck_assert_int_eq(cfg_commit(a, err, sizeof err), 0);
	return a;
}

START_TEST(checkpoint_loads_and_renders)
{
	char *d;
	char err[256];
	store_dir sd;
	cfg_db *a = committed_tree(&d, &sd);
	store_ckpt_info ci = { 7, 1000000003, cfg_seq_counter(a), 0, 0 };
	ck_assert_msg(store_ckpt_write(&sd, "checkpoint", a, &ci, err, sizeof err) == 0, "%s", err);
	store_ckpt c;
	ck_assert_int_eq(store_ckpt_open(&sd, "checkpoint", &c, err, sizeof err), 0);
	ck_assert_uint_eq(c.info.seq, 7);
	ck_assert_uint_eq(c.info.commit_id, 1000000003);
	/* rendered from the file alone, as from the tree (the implicit
	 * interface with nothing in it shows nowhere) */
	char *want = render(a, CFG_RUNNING);
	text t = { NULL, 0, 0 };
	store_ckpt_damage dmg;
	ck_assert_int_eq(store_ckpt_render(&c, emit, &t, &dmg), 0);
	ck_assert_str_eq(t.p, want);
	ck_assert_ptr_null(strstr(want, "10GE1/0/1"));
	ck_assert_ptr_nonnull(strstr(want, "erps ring 1\n version v2\nerps ring 2\n"));
	/* loaded: the same tree, owners and creation numbers */
	cfg_db *b = cfg_db_new();
	ck_assert_int_eq(store_ckpt_load(&c, b, &dmg, err, sizeof err), 0);
	ck_assert(!dmg.damaged);
	char *got = render(b, CFG_RUNNING);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(cfg_seq(at(b, FAM, "group mm")), cfg_seq(at(a, FAM, "group mm")));
	ck_assert_ptr_nonnull(cfg_get(b, NULL, "interface 10GE1/0/1", 19, CFG_RUNNING));
	ck_assert_int_eq(cfg_delete(b, at(b, FAM, "group mm")), 0);
	ck_assert_ptr_null(cfg_get(b, cfg_parent(at(b, FAM, "group aa")), "peer mm as-number", 17,
				   CFG_CANDIDATE));
	/* a new line after the load comes after every loaded one */
	cfg_discard(b);
	cfg_entry *n = put(b, cfg_root(b), "new line", 0, 99, CFG_KEY_SEQ, 0, 0);
	ck_assert_uint_gt(cfg_seq(n) >> 16, cfg_seq(at(a, FAM, "peer mm connect-interface")) >> 16);
	free(t.p);
	free(got);

	/* a changed byte in a block: found, and what came before it loads */
	store_ckpt_close(&c);
	char path[512];
	snprintf(path, sizeof path, "%s/checkpoint", d);
	int fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	char ch;
	ck_assert_int_eq(pread(fd, &ch, 1, 100), 1);
	ch ^= 1;
	ck_assert_int_eq(pwrite(fd, &ch, 1, 100), 1);
	close(fd);
	ck_assert_int_eq(store_ckpt_open(&sd, "checkpoint", &c, err, sizeof err), 0);
	ck_assert_int_eq(store_ckpt_verify(&c, &dmg), -1);
	ck_assert(dmg.damaged);
	ck_assert_uint_eq(dmg.offset, STORE_CKPT_HDR);
	store_ckpt_close(&c);
	/* a changed header is refused at once */
	fd = open(path, O_RDWR);
	ck_assert_int_eq(pwrite(fd, "X", 1, 9), 1);
	close(fd);
	ck_assert_int_eq(store_ckpt_open(&sd, "checkpoint", &c, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "damaged at offset 0"));
	free(want);
	cfg_db_free(a);
	cfg_db_free(b);
	store_dir_close(&sd);
	unit_rmdir(d);
}
END_TEST

/* A checkpoint of the first binary layout (version 1: the depth without
 * the CFG_F_JOIN bit) still loads and renders. */
static unsigned char *v1_line(unsigned char *p, unsigned flags, unsigned depth, unsigned cls,
			      unsigned key, const char *line, unsigned idlen)
{
	size_t len = strlen(line);
	*p++ = (unsigned char)flags;
	*p++ = (unsigned char)depth;
	*p++ = (unsigned char)cls;
	*p++ = (unsigned char)key;
	*p++ = 0;          /* sub */
	*p++ = 2;          /* creation number: the previous one plus 1 (svarint) */
	*p++ = (unsigned char)idlen;
	*p++ = (unsigned char)len;
	memcpy(p, line, len);
	return p + len;
}

/* A checkpoint made from the candidate side while a commit is pending (as
 * it is made beside the commit's journal record) is, byte for byte, the
 * one made from the running side once the commit is through: lines
 * deleted, changed, added, moved, owners gone with their lines, a
 * section's children placed out of order. */
START_TEST(checkpoint_of_candidate_is_checkpoint_after_commit)
{
	char *d;
	char err[256];
	store_dir sd;
	cfg_db *a = committed_tree(&d, &sd);
	cfg_entry *fam = cfg_parent(at(a, FAM, "group aa"));
	ck_assert_int_eq(cfg_delete(a, at(a, FAM, "group zz")), 0);
	put(a, cfg_root(a), "sysname S2", 7, 10, 0, 0, 0);
	put(a, fam, "peer aa as-number 300", 17, 1, cfg_seq(at(a, FAM, "group aa")), 1, 0);
	cfg_entry *g = put(a, fam, "group bb external", 8, 1, CFG_KEY_SEQ, 0, 0);
	cfg_entry *p = put(a, fam, "peer bb as-number 400", 17, 1, cfg_seq(g), 1, 0);
	ck_assert_int_eq(cfg_own(g, p), 0);
	/* a new owner of a line that stays */
	cfg_entry *lo1 = put(a, cfg_root(a), "interface LoopBack1", 0, 40, 6, 0, CFG_F_SECTION);
	ck_assert_int_eq(cfg_own(lo1, at(a, FAM, "peer aa connect-interface")), 0);
	/* placed before its older siblings: the section is no longer sorted */
	put(a, fam, "group 00 external", 8, 0, 0, 0, 0);
	cfg_order o = { 50, 0, 0 };
	cfg_set_order(a, at(a, NULL, "erps ring 1"), o);
	cfg_entry *r3 = put(a, cfg_root(a), "erps ring 3", 0, 50, 3, 0, CFG_F_SECTION);
	put(a, r3, "version v3", 0, 1, 0, 0, 0);
	ck_assert(cfg_pending(a));

	store_ckpt_info before = { 9, 1000000004, cfg_seq_counter(a), 0, 0 };
	char tmp[256];
	ck_assert_msg(store_ckpt_prepare(&sd, "checkpoint", a, CFG_CANDIDATE, true, &before,
					 tmp, sizeof tmp, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(cfg_commit(a, err, sizeof err), 0);
	store_ckpt_info after = { 9, 1000000004, cfg_seq_counter(a), 0, 0 };
	ck_assert_msg(store_ckpt_write(&sd, "after", a, &after, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(before.bytes, after.bytes);
	ck_assert_uint_eq(before.nentries, after.nentries);
	size_t n1, n2;
	char *c1 = unit_read_file(d, tmp, &n1), *c2 = unit_read_file(d, "after", &n2);
	ck_assert_ptr_nonnull(c1);
	ck_assert_ptr_nonnull(c2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(c1, c2, n1) == 0);
	free(c1);
	free(c2);

	/* put in place, it loads as the running configuration */
	ck_assert_int_eq(store_dir_install(&sd, tmp, "checkpoint", true, err, sizeof err), 0);
	store_ckpt c;
	store_ckpt_damage dmg;
	ck_assert_int_eq(store_ckpt_open(&sd, "checkpoint", &c, err, sizeof err), 0);
	cfg_db *b = cfg_db_new();
	ck_assert_int_eq(store_ckpt_load(&c, b, &dmg, err, sizeof err), 0);
	char *want = render(a, CFG_RUNNING), *got = render(b, CFG_RUNNING);
	ck_assert_str_eq(got, want);
	ck_assert_ptr_nonnull(strstr(want, "sysname S2\n"));
	ck_assert_ptr_null(strstr(want, "zz"));
	free(want);
	free(got);
	store_ckpt_close(&c);
	cfg_db_free(b);
	cfg_db_free(a);
	store_dir_close(&sd);
	unit_rmdir(d);
}
END_TEST

START_TEST(checkpoint_version_1_loads)
{
	char *d = unit_tmpdir("storage");
	char err[256];
	store_dir sd;
	ck_assert_int_eq(store_dir_open(&sd, d, 0, err, sizeof err), 0);
	unsigned char body[256], *p = body + 8;
	p = v1_line(p, 8, 1, 10, 0, "sysname S1", 7);
	p = v1_line(p, 8 | CFG_F_SECTION, 1, 50, 1, "erps ring 1", 11);
	p = v1_line(p, 8, 2, 1, 0, "version v2", 10);
	uint32_t plen = (uint32_t)(p - body - 8);
	store_set_u32(body, plen);
	store_set_u32(body + 4, store_crc32c(0, body + 8, plen));
	unsigned char h[STORE_CKPT_HDR];
	memset(h, 0, sizeof h);
	store_set_u32(h, STORE_CKPT_MAGIC);
	store_set_u32(h + 4, 1);
	store_set_u64(h + 24, 3);
	store_set_u64(h + 32, 3);
	store_set_u64(h + 40, 8 + plen);
	store_set_u32(h + 48, 1);
	store_set_u32(h + 60, store_crc32c(0, h, 60));
	char path[512];
	snprintf(path, sizeof path, "%s/checkpoint", d);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, h, sizeof h), (ssize_t)sizeof h);
	ck_assert_int_eq(write(fd, body, 8 + plen), (ssize_t)(8 + plen));
	close(fd);
	store_ckpt c;
	store_ckpt_damage dmg;
	ck_assert_msg(store_ckpt_open(&sd, "checkpoint", &c, err, sizeof err) == 0, "%s", err);
	const char *want = "#\nsysname S1\n#\nerps ring 1\n version v2\n#\nreturn\n";
	text t = { NULL, 0, 0 };
	ck_assert_int_eq(store_ckpt_render(&c, emit, &t, &dmg), 0);
	ck_assert_str_eq(t.p, want);
	cfg_db *b = cfg_db_new();
	ck_assert_int_eq(store_ckpt_load(&c, b, &dmg, err, sizeof err), 0);
	ck_assert(!dmg.damaged);
	char *got = render(b, CFG_RUNNING);
	ck_assert_str_eq(got, want);
	free(got);
	free(t.p);
	store_ckpt_close(&c);
	cfg_db_free(b);
	store_dir_close(&sd);
	unit_rmdir(d);
}
END_TEST

START_TEST(creation_numbers_of_two_sessions_differ)
{
	cfg_db *a = cfg_db_new(), *b = cfg_db_new();
	cfg_seq_origin(a, 1);
	cfg_seq_origin(b, 2);
	cfg_entry *ea = put(a, cfg_root(a), "line one", 0, 1, CFG_KEY_SEQ, 0, 0);
	cfg_entry *eb = put(b, cfg_root(b), "line two", 0, 1, CFG_KEY_SEQ, 0, 0);
	ck_assert_uint_eq(cfg_seq(ea) >> 16, cfg_seq(eb) >> 16);
	ck_assert_uint_ne(cfg_seq(ea), cfg_seq(eb));
	ck_assert_uint_eq(cfg_seq(ea) & 0xffff, 1);
	cfg_seq_floor(b, 1000);
	eb = put(b, cfg_root(b), "line three", 0, 1, CFG_KEY_SEQ, 0, 0);
	ck_assert_uint_eq(cfg_seq(eb) >> 16, 1001);
	cfg_db_free(a);
	cfg_db_free(b);
}
END_TEST

/* ---- the directory ------------------------------------------------------------------ */

START_TEST(directory_checks)
{
	char *d = unit_tmpdir("storage");
	char p[512], err[512];
	store_dir sd;
	/* a link to a directory */
	snprintf(p, sizeof p, "%s/link", d);
	ck_assert_int_eq(symlink(d, p), 0);
	ck_assert_int_eq(store_dir_open(&sd, p, 0, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	/* writable by others */
	snprintf(p, sizeof p, "%s/open", d);
	ck_assert_int_eq(mkdir(p, 0777), 0);
	ck_assert_int_eq(chmod(p, 0777), 0);
	ck_assert_int_eq(store_dir_open(&sd, p, 0, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "writable by its group or by others"));
	/* another user's (only root can make one) */
	if (geteuid() == 0) {
		snprintf(p, sizeof p, "%s/theirs", d);
		ck_assert_int_eq(mkdir(p, 0700), 0);
		ck_assert_int_eq(chown(p, 65534, 65534), 0);
		ck_assert_int_eq(store_dir_open(&sd, p, 0, err, sizeof err), -1);
		ck_assert_ptr_nonnull(strstr(err, "owned by user 65534"));
	}
	/* created when missing, mode 0700 */
	snprintf(p, sizeof p, "%s/new/deeper", d);
	ck_assert_int_eq(store_dir_open(&sd, p, STORE_DIR_CREATE, err, sizeof err), 0);
	struct stat sb;
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	/* files are never followed through links */
	char victim[600];
	snprintf(victim, sizeof victim, "%s/victim", d);
	FILE *f = fopen(victim, "w");
	fputs("precious\n", f);
	fclose(f);
	ck_assert_int_eq(symlinkat(victim, sd.fd, "journal"), 0);
	ck_assert_int_eq(store_dir_openat(&sd, "journal", O_RDWR | O_TRUNC, 0), -1);
	char *buf;
	size_t len;
	ck_assert_int_eq(store_dir_read(&sd, "journal", 100, &buf, &len), -1);
	/* replacing a link replaces the link, not its target */
	ck_assert_int_eq(store_dir_replace_buf(&sd, "journal", false, "new", 3, err, sizeof err), 0);
	ck_assert_int_eq(stat(victim, &sb), 0);
	ck_assert_int_eq(sb.st_size, 9);
	store_dir_close(&sd);
	unit_rmdir(d);
}
END_TEST

START_TEST(stale_temporaries_swept)
{
	char *d = unit_tmpdir("storage");
	char err[256], p[512];
	store_dir sd;
	ck_assert_int_eq(store_dir_open(&sd, d, 0, err, sizeof err), 0);
	/* one of a process that is gone, one of this (live) process */
	snprintf(p, sizeof p, "%s/.journal.tmp.999999999.abcdef", d);
	FILE *f = fopen(p, "w");
	fclose(f);
	char mine[128];
	int fd = store_dir_mktemp(&sd, "save.cfg", mine, sizeof mine);
	ck_assert_int_ge(fd, 0);
	close(fd);
	store_dir_sweep(&sd);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert(store_dir_exists(&sd, mine));
	/* two temporaries of one name never collide */
	char other[128];
	fd = store_dir_mktemp(&sd, "save.cfg", other, sizeof other);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_str_ne(mine, other);
	store_dir_close(&sd);
	unit_rmdir(d);
}
END_TEST

/* The next start's file: vrpcfg.cfg when nothing was chosen; a choice
 * naming a file outside the directory, or one that was removed, is none. */
START_TEST(startup_choice)
{
	char *d = unit_tmpdir("storage");
	char err[256], p[512], next[STORE_FILE_NAME_MAX + 1], last[STORE_FILE_NAME_MAX + 1];
	store_opts o = { .dir = d, .create = true };
	store *st = store_open(&o, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_int_eq(store_startup_get(st, next, last), 0);
	ck_assert_str_eq(next, "");
	ck_assert_str_eq(last, "");
	/* a directory of an earlier release: its vrpcfg.cfg */
	snprintf(p, sizeof p, "%s/vrpcfg.cfg", d);
	FILE *f = fopen(p, "w");
	fputs("#\nreturn\n", f);
	fclose(f);
	ck_assert_int_eq(store_startup_get(st, next, last), 0);
	ck_assert_str_eq(next, "vrpcfg.cfg");
	/* hostile or stale choices */
	snprintf(p, sizeof p, "%s/startup", d);
	f = fopen(p, "w");
	fputs("next ../../etc/passwd\nlast gone.cfg\n", f);
	fclose(f);
	ck_assert_int_eq(store_startup_get(st, next, last), 0);
	ck_assert_str_eq(next, "");
	ck_assert_str_eq(last, "");
	ck_assert_int_eq(store_startup_set(st, "gone.cfg", err, sizeof err), -1);
	ck_assert_int_eq(store_startup_set(st, "vrpcfg.cfg", err, sizeof err), 0);
	ck_assert_int_eq(store_startup_get(st, next, NULL), 0);
	ck_assert_str_eq(next, "vrpcfg.cfg");
	/* saving records the last file and keeps the choice */
	cfg_db *db = cfg_db_new();
	ck_assert_int_eq(store_save_file(st, "other.cfg", db, NULL, 0, err, sizeof err), 0);
	ck_assert_int_eq(store_startup_get(st, next, last), 0);
	ck_assert_str_eq(next, "vrpcfg.cfg");
	ck_assert_str_eq(last, "other.cfg");
	cfg_db_free(db);
	store_close(st);
	unit_rmdir(d);
}
END_TEST

/* ---- the store: high-water mark, damage, recovery ------------------------------------ */

/* Commit one line into the store at d (opened, loaded, locked). */
static void commit_line(const char *d, const char *line)
{
	char err[512];
	store_opts o = { .dir = d, .create = true };
	store *st = store_open(&o, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	cfg_db *db = cfg_db_new();
	ck_assert_int_eq(store_lock(st, true, err, sizeof err), 0);
	ck_assert_int_eq(store_load(st, db, err, sizeof err), 0);
	put(db, cfg_root(db), line, 7, 10, 0, 0, 0);
	store_commit_opts co = { .type = STORE_T_CLI, .point = true, .user = "u", .intf = "" };
	ck_assert_msg(store_commit(st, db, &co, err, sizeof err) == 1, "%s", err);
	store_close(st);
	cfg_db_free(db);
}

START_TEST(highwater_keeps_ids)
{
	char *d = unit_tmpdir("storage");
	char err[512], p[512];
	commit_line(d, "sysname A");
	commit_line(d, "sysname B");
	commit_line(d, "sysname C");
	/* one damaged slot: the other tells */
	snprintf(p, sizeof p, "%s/highwater", d);
	int fd = open(p, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "XXXX", 4, 0), 4);
	close(fd);
	store_opts o = { .dir = d };
	store *st = store_open(&o, err, sizeof err);
	cfg_db *db = cfg_db_new();
	ck_assert_int_eq(store_load(st, db, err, sizeof err), 0);
	ck_assert(!store_damage_get(st)->damaged);
	ck_assert_uint_eq(store_history(st, 2)->commit_id, 1000000003);
	store_close(st);
	cfg_db_free(db);
	unit_rmdir(d);
}
END_TEST

START_TEST(recovery_keeps_the_intact_part)
{
	char *d = unit_tmpdir("storage");
	char err[512], p[512];
	commit_line(d, "sysname A");
	commit_line(d, "sysname B");
	commit_line(d, "sysname C");
	/* the middle record's text changes */
	snprintf(p, sizeof p, "%s/journal", d);
	struct stat sb;
	ck_assert_int_eq(stat(p, &sb), 0);
	store_opts o = { .dir = d };
	store *st = store_open(&o, err, sizeof err);
	cfg_db *db = cfg_db_new();
	ck_assert_int_eq(store_load(st, db, err, sizeof err), 0);
	uint64_t second = 0;
	/* the offset of record 2: after the header and record 1 */
	{
		int fd = open(p, O_RDONLY);
		unsigned char h[8];
		ck_assert_int_eq(pread(fd, h, 8, 32), 8);
		second = 32 + (h[4] | h[5] << 8 | h[6] << 16 | (uint64_t)h[7] << 24);
		close(fd);
	}
	store_close(st);
	cfg_db_free(db);
	int fd = open(p, O_RDWR);
	char c;
	ck_assert_int_eq(pread(fd, &c, 1, (off_t)second + 70), 1);
	c ^= 0x40;
	ck_assert_int_eq(pwrite(fd, &c, 1, (off_t)second + 70), 1);
	close(fd);
	st = store_open(&o, err, sizeof err);
	db = cfg_db_new();
	ck_assert_int_eq(store_load(st, db, err, sizeof err), 0);
	const store_damage *dm = store_damage_get(st);
	ck_assert(dm->damaged);
	ck_assert_str_eq(dm->file, "journal");
	ck_assert_uint_eq(dm->offset, second);
	ck_assert_uint_eq(dm->last_id, 1000000001);
	/* nothing can be written */
	ck_assert_int_eq(store_lock(st, true, err, sizeof err), 0);
	put(db, cfg_root(db), "sysname D", 7, 10, 0, 0, 0);
	store_commit_opts co = { .type = STORE_T_CLI, .point = true, .user = "u", .intf = "" };
	ck_assert_int_eq(store_commit(st, db, &co, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--recover"));
	cfg_discard(db);
	/* recovered: the first commit stays, the damaged file is kept aside,
	 * and the next commit ID is past every one given out */
	ck_assert_msg(store_recover(st, db, err, sizeof err) == 0, "%s", err);
	store_close(st);
	cfg_db_free(db);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '^journal.damaged-'", d);
	FILE *pp = popen(cmd, "r");
	char n[16] = "";
	ck_assert_ptr_nonnull(fgets(n, sizeof n, pp));
	pclose(pp);
	ck_assert_str_eq(n, "1\n");
	commit_line(d, "sysname E");
	st = store_open(&o, err, sizeof err);
	db = cfg_db_new();
	ck_assert_int_eq(store_load(st, db, err, sizeof err), 0);
	ck_assert(!store_damage_get(st)->damaged);
	ck_assert_uint_eq(store_history_count(st), 2);
	ck_assert_uint_eq(store_history(st, 0)->commit_id, 1000000001);
	ck_assert_uint_eq(store_history(st, 1)->commit_id, 1000000004);
	ck_assert_str_eq(cfg_text(cfg_get(db, NULL, "sysname", 7, CFG_RUNNING), CFG_RUNNING),
			 "sysname E");
	store_close(st);
	cfg_db_free(db);
	unit_rmdir(d);
}
END_TEST

/* ---- the first files of a new directory, made beside a replay ------------------------ */

static bool exists_in(const char *d, const char *name)
{
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", d, name);
	return lstat(p, &sb) == 0;
}

static int temporaries_in(const char *d)
{
	char cmd[600], n[16] = "";
	snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c '[.]tmp[.]'", d);
	FILE *pp = popen(cmd, "r");
	ck_assert_ptr_nonnull(pp);
	ck_assert_ptr_nonnull(fgets(n, sizeof n, pp));
	pclose(pp);
	return atoi(n);
}

/* A store on d, loaded, holding no lock. */
static store *loaded_store(const char *d, cfg_db *db)
{
	char err[512];
	store_opts o = { .dir = d, .create = true };
	store *st = store_open(&o, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_msg(store_load(st, db, err, sizeof err) == 0, "%s", err);
	store_unlock(st);
	return st;
}

/* Commit one more line from st as a session does: lock, take in what
 * others committed, change, commit. */
static void commit_from(store *st, cfg_db *db, const char *line)
{
	char err[512];
	bool reloaded;
	ck_assert_int_eq(store_lock(st, true, err, sizeof err), 0);
	ck_assert_msg(store_catch_up(st, db, NULL, &reloaded, err, sizeof err) == 0, "%s", err);
	put(db, cfg_root(db), line, 0, 10, 0, 0, 0);
	store_commit_opts co = { .type = STORE_T_CLI, .point = true, .user = "u", .intf = "" };
	ck_assert_msg(store_commit(st, db, &co, err, sizeof err) == 1, "%s", err);
	store_unlock(st);
}

START_TEST(first_files_made_beside)
{
	char *d = unit_tmpdir("storage");
	char err[512];
	cfg_db *db1 = cfg_db_new(), *db2 = cfg_db_new(), *db3 = cfg_db_new();
	store *st1 = loaded_store(d, db1);
	ck_assert(store_is_new(st1));
	store_first_begin(st1, db1);
	/* the thread puts both files in place by itself, the checkpoint last */
	for (int i = 0; i < 60000 && !exists_in(d, "checkpoint"); i++)
		usleep(1000);
	ck_assert(exists_in(d, "checkpoint"));
	ck_assert(exists_in(d, "journal"));
	/* another process commits before this one looks again... */
	store *st2 = loaded_store(d, db2);
	commit_from(st2, db2, "header B");
	/* ...and this one's commit goes after that one, not over it */
	commit_from(st1, db1, "sysname A");
	store_close(st1);
	store_close(st2);
	store_opts o = { .dir = d };
	store *st3 = store_open(&o, err, sizeof err);
	ck_assert_int_eq(store_load(st3, db3, err, sizeof err), 0);
	ck_assert(!store_damage_get(st3)->damaged);
	ck_assert_uint_eq(store_history_count(st3), 2);
	ck_assert_ptr_nonnull(cfg_get(db3, NULL, "header B", 8, CFG_RUNNING));
	ck_assert_ptr_nonnull(cfg_get(db3, NULL, "sysname A", 9, CFG_RUNNING));
	ck_assert_int_eq(temporaries_in(d), 0);
	store_close(st3);
	cfg_db_free(db1);
	cfg_db_free(db2);
	cfg_db_free(db3);
	unit_rmdir(d);
}
END_TEST

START_TEST(first_files_wait_for_no_one)
{
	char *d = unit_tmpdir("storage");
	char err[512];
	cfg_db *db1 = cfg_db_new(), *db2 = cfg_db_new();
	store *st1 = loaded_store(d, db1), *st2 = loaded_store(d, db2);
	/* another process holds the lock: the thread leaves the files to the
	 * first commit, and leaves nothing behind */
	int hold = store_lock_hold(st2, err, sizeof err);
	ck_assert_msg(hold >= 0, "%s", err);
	store_first_begin(st1, db1);
	ck_assert_int_eq(store_lock(st1, false, err, sizeof err), 0); /* waits for the thread */
	store_unlock(st1);
	ck_assert(!exists_in(d, "journal"));
	ck_assert(!exists_in(d, "checkpoint"));
	ck_assert_int_eq(temporaries_in(d), 0);
	store_lock_release(hold);
	commit_from(st1, db1, "sysname A");
	ck_assert(exists_in(d, "journal"));
	ck_assert(exists_in(d, "checkpoint"));
	/* a directory that is not new is left alone */
	ck_assert(!store_is_new(st2));
	store_close(st1);
	store_close(st2);
	cfg_db_free(db1);
	cfg_db_free(db2);
	unit_rmdir(d);
}
END_TEST

START_TEST(first_commit_cut_short)
{
	char *d1 = unit_tmpdir("storage"), *d2 = unit_tmpdir("storage");
	char err[512], p[600];
	/* a journal as the first commit makes it before anything else: its
	 * header alone (base 0), taken from a directory that went on */
	commit_line(d1, "sysname A");
	size_t n;
	char *j = unit_read_file(d1, "journal", &n);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_gt(n, 32);
	snprintf(p, sizeof p, "%s/journal", d2);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, j, 32), 32);
	close(fd);
	free(j);
	/* a crash there loses nothing: the directory loads as a new one */
	store_opts o = { .dir = d2 };
	store *st = store_open(&o, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	cfg_db *db = cfg_db_new();
	ck_assert_msg(store_load(st, db, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(!store_damage_get(st)->damaged, "%s", store_damage_get(st)->what);
	ck_assert_uint_eq(store_history_count(st), 0);
	store_close(st);
	cfg_db_free(db);
	/* and the next commit writes the first checkpoint it lacks */
	commit_line(d2, "sysname B");
	ck_assert(exists_in(d2, "checkpoint"));
	db = cfg_db_new();
	st = store_open(&o, err, sizeof err);
	ck_assert_msg(store_load(st, db, err, sizeof err) == 0, "%s", err);
	ck_assert(!store_damage_get(st)->damaged);
	ck_assert_uint_eq(store_history_count(st), 1);
	ck_assert_str_eq(cfg_text(cfg_get(db, NULL, "sysname", 7, CFG_RUNNING), CFG_RUNNING),
			 "sysname B");
	store_close(st);
	cfg_db_free(db);
	unit_rmdir(d1);
	unit_rmdir(d2);
}
END_TEST

static Suite *storage_suite(void)
{
	Suite *s = suite_create("storage");
	TCase *tc = tcase_create("storage");
	tcase_add_test(tc, crc32c_check_value);
	tcase_add_test(tc, record_applies_exactly);
	tcase_add_test(tc, checkpoint_version_1_loads);
	tcase_add_test(tc, record_undone_puts_lines_back_in_place);
	tcase_add_test(tc, record_refuses_garbage);
	tcase_add_test(tc, checkpoint_loads_and_renders);
	tcase_add_test(tc, checkpoint_of_candidate_is_checkpoint_after_commit);
	tcase_add_test(tc, creation_numbers_of_two_sessions_differ);
	tcase_add_test(tc, directory_checks);
	tcase_add_test(tc, stale_temporaries_swept);
	tcase_add_test(tc, startup_choice);
	tcase_add_test(tc, highwater_keeps_ids);
	tcase_add_test(tc, recovery_keeps_the_intact_part);
	tcase_add_test(tc, first_files_made_beside);
	tcase_add_test(tc, first_files_wait_for_no_one);
	tcase_add_test(tc, first_commit_cut_short);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(storage, storage_suite)
