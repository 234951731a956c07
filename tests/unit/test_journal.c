/* Journal records: CRC-32, encoding and decoding, detection of torn and
 * damaged records; the change order of cfg_changes; cfg_commit_ex. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../config/journal.h"
#include "unit.h"

START_TEST(crc32_check_value)
{
	/* the standard check value of CRC-32/ISO-HDLC */
	ck_assert_uint_eq(cfg_crc32(0, "123456789", 9), 0xcbf43926u);
	ck_assert_uint_eq(cfg_crc32(0, "", 0), 0);
	/* in pieces, and longer than one 8-byte step */
	ck_assert_uint_eq(cfg_crc32(cfg_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
	ck_assert_uint_eq(cfg_crc32(0, "The quick brown fox jumps over the lazy dog", 43),
			  0x414fa339u);
}
END_TEST

/* A record of three changes: two under "bgp 100" / "ipv6-family
 * vpn-instance v1" (sharing that path) and a top-level one. */
static void three_changes(cfg_jwriter *w)
{
	cfg_jmeta m = { .seq = 7, .commit_id = 1000000003, .time = 1234567890,
			.type = CFG_JT_ROLLBACK, .flags = CFG_JF_TRIAL, .user = "admin",
			.intf = "VTY 0", .label = "lab", .desc = "two words" };
	cfg_jtext path[2] = { { "bgp 100", 7, 7 }, { "ipv6-family vpn-instance v1", 27, 27 } };
	cfg_jwriter_init(w);
	cfg_jwriter_begin(w, &m);
	cfg_jwriter_add_texts(w, path, 2, 10, "group g external", 16, NULL, 0);
	cfg_jwriter_add_texts(w, path, 2, 25, NULL, 0, "peer g connect-interface LoopBack0", 34);
	cfg_jwriter_add_texts(w, NULL, 0, 7, "sysname A", 9, "sysname B", 9);
	ck_assert_int_eq(cfg_jwriter_end(w), 0);
}

START_TEST(record_round_trip)
{
	cfg_jwriter w;
	three_changes(&w);
	size_t len;
	ck_assert_int_eq(cfg_journal_check(w.buf, w.len, &len), CFG_J_OK);
	ck_assert_uint_eq(len, w.len);

	cfg_jmeta m;
	char *strs = malloc(len);
	ck_assert_int_eq(cfg_journal_meta(w.buf, len, &m, strs), 0);
	ck_assert_uint_eq(m.seq, 7);
	ck_assert_uint_eq(m.commit_id, 1000000003);
	ck_assert_int_eq(m.time, 1234567890);
	ck_assert_uint_eq(m.type, CFG_JT_ROLLBACK);
	ck_assert_uint_eq(m.flags, CFG_JF_TRIAL);
	ck_assert_str_eq(m.user, "admin");
	ck_assert_str_eq(m.intf, "VTY 0");
	ck_assert_str_eq(m.label, "lab");
	ck_assert_str_eq(m.desc, "two words");
	ck_assert_uint_eq(m.nchanges, 3);

	cfg_jcursor c;
	ck_assert_int_eq(cfg_jcursor_init(&c, w.buf, len), 0);
	ck_assert_int_eq(cfg_jcursor_next(&c), 1);
	ck_assert_uint_eq(c.cur.depth, 2);
	ck_assert_int_eq(memcmp(c.cur.path[0].p, "bgp 100", 7), 0);
	ck_assert_uint_eq(c.cur.path[1].len, 27);
	ck_assert_uint_eq(c.cur.idlen, 10);
	ck_assert_int_eq(memcmp(c.cur.old_text, "group g external", 16), 0);
	ck_assert_ptr_null(c.cur.new_text);
	ck_assert_int_eq(cfg_jcursor_next(&c), 1);
	ck_assert_uint_eq(c.cur.depth, 2);
	ck_assert_int_eq(memcmp(c.cur.path[1].p, "ipv6-family vpn-instance v1", 27), 0);
	ck_assert_ptr_null(c.cur.old_text);
	ck_assert_uint_eq(c.cur.new_len, 34);
	ck_assert_int_eq(cfg_jcursor_next(&c), 1);
	ck_assert_uint_eq(c.cur.depth, 0);
	ck_assert_int_eq(memcmp(c.cur.old_text, "sysname A", 9), 0);
	ck_assert_int_eq(memcmp(c.cur.new_text, "sysname B", 9), 0);
	ck_assert_int_eq(cfg_jcursor_next(&c), 0);
	free(strs);
	cfg_jwriter_free(&w);
}
END_TEST

START_TEST(shared_path_stored_once)
{
	cfg_jwriter w;
	three_changes(&w);
	/* "ipv6-family vpn-instance v1" appears once in the record */
	size_t hits = 0;
	for (size_t i = 0; i + 27 <= w.len; i++)
		hits += memcmp(w.buf + i, "ipv6-family vpn-instance v1", 27) == 0;
	ck_assert_uint_eq(hits, 1);
	cfg_jwriter_free(&w);
}
END_TEST

START_TEST(torn_and_damaged)
{
	cfg_jwriter w;
	size_t len;
	three_changes(&w);
	/* every proper prefix is a torn record, never an intact one */
	for (size_t n = 0; n < w.len; n++)
		ck_assert_int_eq(cfg_journal_check(w.buf, n, &len), CFG_J_SHORT);
	/* one flipped bit anywhere after the magic: damaged */
	for (size_t i = 4; i < w.len; i += 7) {
		w.buf[i] ^= 0x10;
		ck_assert_int_ne(cfg_journal_check(w.buf, w.len, &len), CFG_J_OK);
		w.buf[i] ^= 0x10;
	}
	ck_assert_int_eq(cfg_journal_check(w.buf, w.len, &len), CFG_J_OK);
	/* not a record at all */
	ck_assert_int_eq(cfg_journal_check("garbage-garbage", 15, &len), CFG_J_CORRUPT);
	cfg_jwriter_free(&w);
}
END_TEST

START_TEST(malformed_body_refused)
{
	cfg_jwriter w;
	size_t len;
	three_changes(&w);
	/* claim four changes and fix the checksum: the cursor must stop */
	uint32_t four = 4;
	memcpy(w.buf + 12, &four, 4);
	uint32_t crc = cfg_crc32(0, w.buf + 4, w.len - 8);
	memcpy(w.buf + w.len - 4, &crc, 4);
	ck_assert_int_eq(cfg_journal_check(w.buf, w.len, &len), CFG_J_OK);
	cfg_jcursor c;
	ck_assert_int_eq(cfg_jcursor_init(&c, w.buf, len), 0);
	int rc;
	int n = 0;
	while ((rc = cfg_jcursor_next(&c)) == 1)
		n++;
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(rc, -1);
	cfg_jwriter_free(&w);
}
END_TEST

/* ---- cfg_changes and cfg_commit_ex ------------------------------------ */

static const cfg_order ORD0 = { 0, 0, 0 };

static cfg_entry *set(cfg_db *db, cfg_entry *p, const char *text, size_t idlen, unsigned flags)
{
	cfg_entry *e;
	char err[128];
	ck_assert_int_eq(cfg_set(db, p, text, idlen, ORD0, flags, &e, err, sizeof err), 0);
	return e;
}

START_TEST(changes_replay_order)
{
	cfg_db *db = cfg_db_new();
	char err[128];
	cfg_entry *a = set(db, NULL, "a", 1, CFG_F_SECTION);
	set(db, a, "a1 x", 2, 0);
	cfg_entry *b = set(db, NULL, "b", 1, CFG_F_SECTION);
	set(db, b, "b1", 2, 0);
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), 0);

	/* remove a (and a1), change b1, add c then z then c's child */
	cfg_delete(db, a);
	set(db, b, "b1", 2, 0);
	cfg_entry *c = set(db, NULL, "c", 1, CFG_F_SECTION);
	set(db, NULL, "z 1", 1, 0);
	set(db, c, "c1", 2, 0);
	set(db, cfg_get(db, NULL, "b", 1, CFG_CANDIDATE), "b2", 2, 0);

	cfg_change *chg;
	long n = cfg_changes(db, &chg);
	ck_assert_int_eq(n, 6);
	/* removals, newest created first: a1 before a */
	ck_assert_str_eq(chg[0].old_text, "a1 x");
	ck_assert_ptr_null(chg[0].new_text);
	ck_assert_str_eq(chg[1].old_text, "a");
	/* then additions in the order they were made */
	ck_assert_str_eq(chg[2].new_text, "c");
	ck_assert_str_eq(chg[3].new_text, "z 1");
	ck_assert_str_eq(chg[4].new_text, "c1");
	ck_assert_str_eq(chg[5].new_text, "b2");
	free(chg);
	cfg_db_free(db);
}
END_TEST

static int calls;

static int count_hook(void *arg, cfg_db *db, const cfg_change *c, size_t n, char *err, size_t el)
{
	(void)arg, (void)db, (void)c, (void)n, (void)err, (void)el;
	calls++;
	return 0;
}

static int refuse_log(void *arg, cfg_db *db, const cfg_change *c, size_t n, char *err, size_t el)
{
	(void)db, (void)c;
	*(size_t *)arg = n;
	snprintf(err, el, "disk full");
	return -1;
}

START_TEST(commit_ex_hooks_and_log)
{
	cfg_db *db = cfg_db_new();
	char err[128];
	size_t logged = 0;
	ck_assert_int_eq(cfg_hook_add(db, count_hook, count_hook, NULL), 0);
	calls = 0;
	set(db, NULL, "x 1", 1, 0);
	ck_assert_int_eq(cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, sizeof err), 0);
	ck_assert_int_eq(calls, 0);
	ck_assert_ptr_nonnull(cfg_get(db, NULL, "x", 1, CFG_RUNNING));

	set(db, NULL, "y 1", 1, 0);
	ck_assert_int_eq(cfg_commit_ex(db, 0, refuse_log, &logged, err, sizeof err), -1);
	ck_assert_str_eq(err, "disk full");
	ck_assert_uint_eq(logged, 1);
	ck_assert_int_eq(calls, 1); /* the prepare hook ran, the apply hook did not */
	ck_assert_ptr_null(cfg_get(db, NULL, "y", 1, CFG_RUNNING));
	ck_assert(cfg_pending(db));
	cfg_db_free(db);
}
END_TEST

static Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");
	tcase_add_test(tc, crc32_check_value);
	tcase_add_test(tc, record_round_trip);
	tcase_add_test(tc, shared_path_stored_once);
	tcase_add_test(tc, torn_and_damaged);
	tcase_add_test(tc, malformed_body_refused);
	tcase_add_test(tc, changes_replay_order);
	tcase_add_test(tc, commit_ex_hooks_and_log);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(journal, journal_suite)
