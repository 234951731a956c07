/* The configuration tree: set, replace, delete, ownership, the change list,
 * commit, discard, hooks, order, and a large configuration. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../config/cfg.h"
#include "unit.h"

static cfg_db *db;

static void setup(void)
{
	db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
}

static void teardown(void)
{
	cfg_db_free(db);
	db = NULL;
}

/* Set a line; idlen 0 means "the whole text is the identity". */
static cfg_entry *put(cfg_entry *parent, const char *text, size_t idlen, uint32_t cls,
		      uint64_t key, uint32_t sub, unsigned flags)
{
	char err[128] = "";
	cfg_entry *e = NULL;
	cfg_order o = { cls, key, sub };
	int rc = cfg_set(db, parent, text, idlen ? idlen : strlen(text), o, flags, &e, err,
			 sizeof err);
	unit_check(rc == 0 && e != NULL, "cfg_set(%s): %s", text, err);
	return e;
}

static cfg_entry *sect(cfg_entry *parent, const char *text, uint32_t cls)
{
	return put(parent, text, 0, cls, 0, 0, CFG_F_SECTION);
}

static cfg_entry *line(cfg_entry *parent, const char *text, size_t idlen)
{
	return put(parent, text, idlen, 0, 0, 0, 0);
}

static cfg_entry *get(cfg_entry *parent, const char *id, enum cfg_side side)
{
	return cfg_get(db, parent, id, strlen(id), side);
}

static void commit_ok(void)
{
	char err[128] = "";
	ck_assert_msg(cfg_commit(db, err, sizeof err) == 0, "commit: %s", err);
	ck_assert(!cfg_pending(db));
}

/* ---- set, replace, get ---------------------------------------------- */

START_TEST(set_and_get)
{
	cfg_entry *root = cfg_root(db);
	ck_assert_int_eq(cfg_depth(root), 0);
	ck_assert(!cfg_pending(db));

	cfg_entry *bgp = sect(root, "bgp 100", 60);
	cfg_entry *fam = sect(bgp, "ipv6-family vpn-instance vpn1", 0);
	cfg_entry *g = line(fam, "group test external", 10);

	ck_assert_int_eq(cfg_depth(bgp), 1);
	ck_assert_int_eq(cfg_depth(g), 3);
	ck_assert_ptr_eq(cfg_parent(g), fam);
	ck_assert_ptr_eq(cfg_parent(bgp), root);
	ck_assert_uint_eq(cfg_idlen(g), 10);
	ck_assert_uint_eq(cfg_flags(bgp), CFG_F_SECTION);
	ck_assert_uint_eq(cfg_flags(g), 0);
	ck_assert(cfg_seq(bgp) < cfg_seq(fam) && cfg_seq(fam) < cfg_seq(g));

	/* present in the candidate only */
	ck_assert_ptr_eq(get(fam, "group test", CFG_CANDIDATE), g);
	ck_assert_ptr_null(get(fam, "group test", CFG_RUNNING));
	ck_assert_str_eq(cfg_text(g, CFG_CANDIDATE), "group test external");
	ck_assert_ptr_null(cfg_text(g, CFG_RUNNING));
	ck_assert(cfg_present(g, CFG_CANDIDATE) && !cfg_present(g, CFG_RUNNING));
	/* identity is the prefix, scoped by parent */
	ck_assert_ptr_null(get(fam, "group test external", CFG_CANDIDATE));
	ck_assert_ptr_null(get(bgp, "group test", CFG_CANDIDATE));
	ck_assert_ptr_null(get(fam, "group tes", CFG_CANDIDATE));
	ck_assert(cfg_pending(db));
	ck_assert_uint_eq(cfg_npending(db), 3);

	commit_ok();
	ck_assert_ptr_eq(get(fam, "group test", CFG_RUNNING), g);
	ck_assert_str_eq(cfg_text(g, CFG_RUNNING), "group test external");
	ck_assert_ptr_eq(cfg_text(g, CFG_RUNNING), cfg_text(g, CFG_CANDIDATE));
	ck_assert_uint_eq(cfg_npending(db), 0);
}
END_TEST

START_TEST(replace_keeps_entry)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *a = put(root, "sysname HUAWEI", 7, 10, 5, 6, 0);
	uint64_t seq = cfg_seq(a);
	commit_ok();

	cfg_entry *b = put(root, "sysname CORE", 7, 99, 99, 99, CFG_F_SECTION);
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(cfg_seq(b), seq);
	ck_assert_uint_eq(cfg_flags(b), 0); /* flags kept */
	ck_assert_str_eq(cfg_text(b, CFG_CANDIDATE), "sysname CORE");
	ck_assert_str_eq(cfg_text(b, CFG_RUNNING), "sysname HUAWEI");
	ck_assert(cfg_pending(db));
	ck_assert_uint_eq(cfg_npending(db), 1);

	/* a longer value than the original text */
	put(root, "sysname A-MUCH-LONGER-HOST-NAME-THAN-BEFORE", 7, 10, 0, 0, 0);
	ck_assert_str_eq(cfg_text(a, CFG_CANDIDATE), "sysname A-MUCH-LONGER-HOST-NAME-THAN-BEFORE");
	ck_assert_uint_eq(cfg_npending(db), 1);
	commit_ok();
	ck_assert_str_eq(cfg_text(a, CFG_RUNNING), "sysname A-MUCH-LONGER-HOST-NAME-THAN-BEFORE");

	/* setting the same text again is no change */
	put(root, "sysname A-MUCH-LONGER-HOST-NAME-THAN-BEFORE", 7, 10, 0, 0, 0);
	ck_assert(!cfg_pending(db));
	put(root, "sysname X", 7, 10, 0, 0, 0);
	ck_assert_str_eq(cfg_text(a, CFG_CANDIDATE), "sysname X");
	commit_ok();
	ck_assert_str_eq(cfg_text(a, CFG_RUNNING), "sysname X");
	ck_assert_ptr_eq(get(root, "sysname", CFG_RUNNING), a);
}
END_TEST

START_TEST(set_rejects_bad_input)
{
	char err[128];
	char *big = malloc(CFG_TEXT_MAX + 2);
	cfg_order o = { 0, 0, 0 };
	cfg_entry *out = (cfg_entry *)&o; /* must be reset to NULL on failure */
	cfg_entry *root = cfg_root(db);

	err[0] = '\0';
	ck_assert_int_eq(cfg_set(db, root, "", 0, o, 0, &out, err, sizeof err), -1);
	ck_assert_ptr_null(out);
	ck_assert(err[0] != '\0');

	memset(big, 'a', CFG_TEXT_MAX + 1);
	big[CFG_TEXT_MAX + 1] = '\0';
	err[0] = '\0';
	ck_assert_int_eq(cfg_set(db, root, big, 3, o, 0, &out, err, sizeof err), -1);
	ck_assert(strstr(err, "longer") != NULL);
	big[CFG_TEXT_MAX] = '\0'; /* exactly the limit is fine */
	ck_assert_int_eq(cfg_set(db, root, big, 3, o, 0, &out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(out);
	free(big);

	ck_assert_int_eq(cfg_set(db, root, "sysname X", 0, o, 0, NULL, err, sizeof err), -1);
	ck_assert_int_eq(cfg_set(db, root, "sysname X", 10, o, 0, NULL, err, sizeof err), -1);
	ck_assert_int_eq(cfg_set(db, root, "sysname\nX", 7, o, 0, NULL, err, sizeof err), -1);
	ck_assert_int_eq(cfg_set(db, root, "sysname\rX", 7, o, 0, NULL, err, sizeof err), -1);
	ck_assert_int_eq(cfg_set(db, root, NULL, 1, o, 0, NULL, err, sizeof err), -1);
	/* a line break or a NUL anywhere in a longer line, in its last bytes
	 * too; a TAB is no line break */
	static const char *const breaks[] = { "description a b c d e f g h\ri j k",
					      "description a b c d e f g h i j k\n",
					      "description a b c\r" };
	for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++) {
		err[0] = '\0';
		ck_assert_int_eq(cfg_set(db, root, breaks[i], 11, o, 0, NULL, err, sizeof err), -1);
		ck_assert_msg(strstr(err, "line break") != NULL, "%s", err);
	}
	static const char nul[] = "description a b c d e f g h\0i j k";
	err[0] = '\0';
	ck_assert_int_eq(cfg_set_seq(db, root, nul, sizeof nul - 1, 11, o, 0, 0, NULL, err,
				     sizeof err), -1);
	ck_assert_msg(strstr(err, "NUL") != NULL, "%s", err);
	ck_assert_int_eq(cfg_set(db, root, "description a\tb c d e f g h i", 11, o, 0, NULL, err,
				 sizeof err), 0);

	/* parent must be a section present in the candidate */
	cfg_entry *plain = line(root, "sysname X", 7);
	err[0] = '\0';
	ck_assert_int_eq(cfg_set(db, plain, "foo", 3, o, 0, NULL, err, sizeof err), -1);
	ck_assert(err[0] != '\0');
	cfg_entry *s = sect(root, "interface LoopBack0", 40);
	ck_assert_int_eq(cfg_delete(db, s), 0);
	ck_assert_int_eq(cfg_set(db, s, "ip address 1.1.1.1 32", 10, o, 0, NULL, err, sizeof err),
			 -1);
	/* no message buffer is fine too */
	ck_assert_int_eq(cfg_set(db, root, "", 0, o, 0, NULL, NULL, 0), -1);
}
END_TEST

/* ---- delete and ownership ------------------------------------------- */

START_TEST(delete_cascades_to_children)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *vpn = sect(root, "ip vpn-instance vpn1", 30);
	cfg_entry *af = sect(vpn, "ipv6-family", 0);
	cfg_entry *rd = line(af, "route-distinguisher 100:1", 19);
	cfg_entry *other = sect(root, "ip vpn-instance vpn2", 30);
	commit_ok();

	ck_assert_int_eq(cfg_delete(db, vpn), 0);
	ck_assert(!cfg_present(vpn, CFG_CANDIDATE));
	ck_assert(!cfg_present(af, CFG_CANDIDATE));
	ck_assert(!cfg_present(rd, CFG_CANDIDATE));
	ck_assert(cfg_present(rd, CFG_RUNNING));
	ck_assert(cfg_present(other, CFG_CANDIDATE));
	ck_assert_uint_eq(cfg_npending(db), 3);
	ck_assert_ptr_null(get(root, "ip vpn-instance vpn1", CFG_CANDIDATE));
	ck_assert_ptr_eq(get(root, "ip vpn-instance vpn1", CFG_RUNNING), vpn);
	/* deleting again, or deleting the root, does nothing */
	ck_assert_int_eq(cfg_delete(db, vpn), 0);
	ck_assert_int_eq(cfg_delete(db, root), 0);
	ck_assert_int_eq(cfg_delete(db, NULL), 0);
	ck_assert_uint_eq(cfg_npending(db), 3);

	commit_ok();
	ck_assert_ptr_null(get(root, "ip vpn-instance vpn1", CFG_RUNNING));
	ck_assert_ptr_null(get(root, "ip vpn-instance vpn1", CFG_CANDIDATE));
	ck_assert_ptr_eq(get(root, "ip vpn-instance vpn2", CFG_RUNNING), other);

	/* the identity can be used again: a fresh entry */
	cfg_entry *again = sect(root, "ip vpn-instance vpn1", 30);
	ck_assert(cfg_seq(again) > cfg_seq(other));
	ck_assert_ptr_null(get(again, "ipv6-family", CFG_CANDIDATE));
	commit_ok();
}
END_TEST

static int count_cb(void *arg, cfg_entry *e)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int count_owned(cfg_entry *owner, enum cfg_side side)
{
	int n = 0;
	cfg_foreach_owned(db, owner, side, count_cb, &n);
	return n;
}

START_TEST(ownership_cascades)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *fam = sect(sect(root, "bgp 100", 60), "ipv6-family vpn-instance vpn1", 0);
	cfg_entry *g = line(fam, "group test external", 10);
	cfg_entry *as = line(fam, "peer test as-number 200", 18);
	cfg_entry *ci = line(fam, "peer test connect-interface LoopBack0", 27);
	cfg_entry *h = line(fam, "group other external", 11);
	cfg_entry *p = line(fam, "peer 2001:db8::1 as-number 300", 26);
	cfg_entry *pg = line(fam, "peer 2001:db8::1 group test", 22);

	ck_assert_int_eq(cfg_own(g, as), 0);
	ck_assert_int_eq(cfg_own(g, ci), 0);
	ck_assert_int_eq(cfg_own(g, ci), 0); /* twice: still one link */
	ck_assert_int_eq(cfg_own(g, pg), 0);
	ck_assert_int_eq(cfg_own(p, pg), 0); /* a second owner */
	ck_assert_int_eq(cfg_own(g, g), 0);  /* self: ignored */
	ck_assert_int_eq(cfg_own(g, cfg_root(db)), 0); /* the root: ignored */
	ck_assert_int_eq(count_owned(g, CFG_CANDIDATE), 3);
	ck_assert_int_eq(count_owned(g, CFG_RUNNING), 0);
	ck_assert_int_eq(count_owned(p, CFG_CANDIDATE), 1);
	ck_assert_int_eq(count_owned(h, CFG_CANDIDATE), 0);
	commit_ok();
	ck_assert_int_eq(count_owned(g, CFG_RUNNING), 3);

	/* deleting the peer takes its group membership, not the group */
	ck_assert_int_eq(cfg_delete(db, p), 0);
	ck_assert(!cfg_present(pg, CFG_CANDIDATE));
	ck_assert(cfg_present(g, CFG_CANDIDATE));
	ck_assert_int_eq(count_owned(g, CFG_CANDIDATE), 2);
	cfg_discard(db);
	ck_assert(cfg_present(pg, CFG_CANDIDATE));
	ck_assert_int_eq(count_owned(g, CFG_CANDIDATE), 3);

	/* deleting the group takes its lines */
	ck_assert_int_eq(cfg_delete(db, g), 0);
	ck_assert(!cfg_present(as, CFG_CANDIDATE));
	ck_assert(!cfg_present(ci, CFG_CANDIDATE));
	ck_assert(!cfg_present(pg, CFG_CANDIDATE));
	ck_assert(cfg_present(p, CFG_CANDIDATE));
	ck_assert(cfg_present(h, CFG_CANDIDATE));
	ck_assert_uint_eq(cfg_npending(db), 4);
	ck_assert(cfg_present(cfg_root(db), CFG_CANDIDATE));
	commit_ok();
	ck_assert_ptr_null(get(fam, "peer test as-number", CFG_RUNNING));
	ck_assert_ptr_null(get(fam, "peer 2001:db8::1 group", CFG_RUNNING));
	/* the surviving second owner lost its link to the freed line */
	ck_assert_int_eq(count_owned(p, CFG_RUNNING), 0);
	ck_assert_int_eq(count_owned(p, CFG_CANDIDATE), 0);
}
END_TEST

START_TEST(ownership_transitive_and_cyclic)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *a = line(root, "a 1", 1);
	cfg_entry *b = line(root, "b 1", 1);
	cfg_entry *c = line(root, "c 1", 1);
	cfg_entry *d = sect(root, "d", 0);
	cfg_entry *d1 = line(d, "d1 x", 2);
	ck_assert_int_eq(cfg_own(a, b), 0);
	ck_assert_int_eq(cfg_own(b, c), 0);
	ck_assert_int_eq(cfg_own(c, a), 0); /* a cycle */
	ck_assert_int_eq(cfg_own(c, d), 0); /* an owned section takes its children */
	commit_ok();

	ck_assert_int_eq(cfg_delete(db, b), 0);
	ck_assert(!cfg_present(a, CFG_CANDIDATE));
	ck_assert(!cfg_present(b, CFG_CANDIDATE));
	ck_assert(!cfg_present(c, CFG_CANDIDATE));
	ck_assert(!cfg_present(d, CFG_CANDIDATE));
	ck_assert(!cfg_present(d1, CFG_CANDIDATE));
	ck_assert_uint_eq(cfg_npending(db), 5);
	commit_ok();
	ck_assert_ptr_null(get(root, "a", CFG_RUNNING));
	ck_assert_ptr_null(get(root, "d", CFG_RUNNING));
}
END_TEST

START_TEST(ownership_survives_discard_of_owned)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *g = line(root, "group g external", 7);
	commit_ok();
	/* an owned line created and discarded: the owner drops the link */
	cfg_entry *x = line(root, "peer g as-number 1", 14);
	ck_assert_int_eq(cfg_own(g, x), 0);
	ck_assert_int_eq(count_owned(g, CFG_CANDIDATE), 1);
	cfg_discard(db);
	ck_assert_int_eq(count_owned(g, CFG_CANDIDATE), 0);
	/* many owned lines, half of them undone before the commit */
	cfg_entry *v[100];
	char buf[64];
	for (int i = 0; i < 100; i++) {
		snprintf(buf, sizeof buf, "peer g%d as-number %d", i, i + 1);
		v[i] = line(root, buf, strchr(buf + 5, ' ') - buf + 10);
		ck_assert_int_eq(cfg_own(g, v[i]), 0);
	}
	for (int i = 0; i < 100; i += 2)
		ck_assert_int_eq(cfg_delete(db, v[i]), 0);
	ck_assert_uint_eq(cfg_npending(db), 50);
	commit_ok();
	ck_assert_int_eq(count_owned(g, CFG_RUNNING), 50);
	ck_assert_int_eq(cfg_delete(db, g), 0);
	ck_assert_uint_eq(cfg_npending(db), 51);
	commit_ok();
	ck_assert_ptr_null(get(root, "group g", CFG_RUNNING));
}
END_TEST

/* ---- the change list is exact --------------------------------------- */

START_TEST(pending_is_exact)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *lb = sect(root, "interface LoopBack0", 40);
	cfg_entry *ip = line(lb, "ip address 10.1.1.1 255.255.255.255", 10);
	commit_ok();

	/* create + undo */
	cfg_entry *x = sect(root, "interface LoopBack1", 40);
	line(x, "ip address 10.1.1.2 255.255.255.255", 10);
	ck_assert_uint_eq(cfg_npending(db), 2);
	ck_assert_int_eq(cfg_delete(db, x), 0);
	ck_assert(!cfg_pending(db));
	ck_assert_uint_eq(cfg_npending(db), 0);
	/* the undone entry is still readable until the next commit/discard */
	ck_assert(!cfg_present(x, CFG_CANDIDATE) && !cfg_present(x, CFG_RUNNING));
	ck_assert_ptr_null(get(root, "interface LoopBack1", CFG_CANDIDATE));

	/* modify + restore */
	line(lb, "ip address 10.9.9.9 255.255.255.255", 10);
	ck_assert(cfg_pending(db));
	line(lb, "ip address 10.1.1.1 255.255.255.255", 10);
	ck_assert(!cfg_pending(db));
	ck_assert_ptr_eq(cfg_text(ip, CFG_CANDIDATE), cfg_text(ip, CFG_RUNNING));

	/* delete + set again with the running text */
	ck_assert_int_eq(cfg_delete(db, lb), 0);
	ck_assert_uint_eq(cfg_npending(db), 2);
	ck_assert_ptr_eq(sect(root, "interface LoopBack0", 40), lb);
	ck_assert_uint_eq(cfg_npending(db), 1); /* the address is still gone */
	line(lb, "ip address 10.1.1.1 255.255.255.255", 10);
	ck_assert(!cfg_pending(db));

	/* delete + set again with another text */
	ck_assert_int_eq(cfg_delete(db, ip), 0);
	line(lb, "ip address 10.2.2.2 255.255.255.255", 10);
	ck_assert_uint_eq(cfg_npending(db), 1);
	commit_ok();
	ck_assert_str_eq(cfg_text(ip, CFG_RUNNING), "ip address 10.2.2.2 255.255.255.255");
}
END_TEST

static int hook_calls;

static int count_hook(void *arg, cfg_db *d, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	(void)arg;
	(void)d;
	(void)chg;
	(void)n;
	(void)err;
	(void)errlen;
	hook_calls++;
	return 0;
}

START_TEST(commit_without_changes)
{
	ck_assert_int_eq(cfg_hook_add(db, count_hook, count_hook, NULL), 0);
	commit_ok();
	ck_assert_int_eq(hook_calls, 0);
	cfg_entry *x = line(cfg_root(db), "sysname A", 7);
	ck_assert_int_eq(cfg_delete(db, x), 0);
	commit_ok(); /* only a created-and-undone line: nothing to commit */
	ck_assert_int_eq(hook_calls, 0);
	ck_assert_ptr_null(get(cfg_root(db), "sysname", CFG_RUNNING));
	line(cfg_root(db), "sysname A", 7);
	commit_ok();
	ck_assert_int_eq(hook_calls, 2);
}
END_TEST

START_TEST(discard_restores_running)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *sn = line(root, "sysname HUAWEI", 7);
	cfg_entry *lb = sect(root, "interface LoopBack0", 40);
	cfg_entry *ip = line(lb, "ip address 10.1.1.1 255.255.255.255", 10);
	commit_ok();

	line(root, "sysname OTHER", 7);
	ck_assert_int_eq(cfg_delete(db, lb), 0);
	cfg_entry *nw = sect(root, "interface LoopBack7", 40);
	line(nw, "description new", 11);
	ck_assert_uint_eq(cfg_npending(db), 5);

	cfg_discard(db);
	ck_assert(!cfg_pending(db));
	ck_assert_str_eq(cfg_text(sn, CFG_CANDIDATE), "sysname HUAWEI");
	ck_assert_ptr_eq(cfg_text(sn, CFG_CANDIDATE), cfg_text(sn, CFG_RUNNING));
	ck_assert(cfg_present(lb, CFG_CANDIDATE) && cfg_present(ip, CFG_CANDIDATE));
	ck_assert_ptr_null(get(root, "interface LoopBack7", CFG_CANDIDATE));
	ck_assert_ptr_null(get(root, "interface LoopBack7", CFG_RUNNING));
	/* the tree is still usable */
	line(lb, "description after discard", 11);
	commit_ok();
	ck_assert_str_eq(cfg_text(get(lb, "description", CFG_RUNNING), CFG_RUNNING),
			 "description after discard");
}
END_TEST

/* ---- hooks ---------------------------------------------------------- */

struct seen {
	char log[2048];
	int calls;
};

static int log_changes(void *arg, cfg_db *d, const cfg_change *chg, size_t n, char *err,
		       size_t errlen)
{
	struct seen *s = arg;
	(void)d;
	(void)err;
	(void)errlen;
	s->calls++;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(s->log);
		snprintf(s->log + l, sizeof s->log - l, "%s>%s|", chg[i].old_text ? chg[i].old_text : "-",
			 chg[i].new_text ? chg[i].new_text : "-");
	}
	return 0;
}

static int refuse(void *arg, cfg_db *d, const cfg_change *chg, size_t n, char *err,
		  size_t errlen)
{
	(void)d;
	(void)chg;
	(void)n;
	(*(int *)arg)++;
	snprintf(err, errlen, "Error: refused by test");
	return -1;
}

START_TEST(prepare_refusal_changes_nothing)
{
	cfg_entry *root = cfg_root(db);
	int refusals = 0;
	struct seen applied = { "", 0 };
	cfg_entry *sn = line(root, "sysname HUAWEI", 7);
	cfg_entry *lb = sect(root, "interface LoopBack0", 40);
	commit_ok();
	ck_assert_int_eq(cfg_hook_add(db, NULL, log_changes, &applied), 0);
	ck_assert_int_eq(cfg_hook_add(db, refuse, NULL, &refusals), 0);

	line(root, "sysname OTHER", 7);
	ck_assert_int_eq(cfg_delete(db, lb), 0);
	cfg_entry *nw = sect(root, "interface LoopBack9", 40);

	char err[128] = "";
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), -1);
	ck_assert_str_eq(err, "Error: refused by test");
	ck_assert_int_eq(refusals, 1);
	ck_assert_int_eq(applied.calls, 0);
	ck_assert_uint_eq(cfg_npending(db), 3);
	ck_assert_str_eq(cfg_text(sn, CFG_RUNNING), "sysname HUAWEI");
	ck_assert_str_eq(cfg_text(sn, CFG_CANDIDATE), "sysname OTHER");
	ck_assert(cfg_present(lb, CFG_RUNNING) && !cfg_present(lb, CFG_CANDIDATE));
	ck_assert(!cfg_present(nw, CFG_RUNNING) && cfg_present(nw, CFG_CANDIDATE));
	/* after a refusal the candidate can still be thrown away */
	cfg_discard(db);
	ck_assert_str_eq(cfg_text(sn, CFG_CANDIDATE), "sysname HUAWEI");
}
END_TEST

START_TEST(apply_sees_documented_order)
{
	cfg_entry *root = cfg_root(db);
	line(root, "sysname HUAWEI", 7);
	cfg_entry *a = sect(root, "A", 20);
	cfg_entry *a1 = sect(a, "A1", 0);
	line(a1, "A11 v", 3);
	commit_ok();

	struct seen pre = { "", 0 }, post = { "", 0 };
	ck_assert_int_eq(cfg_hook_add(db, log_changes, log_changes, &pre), 0);
	ck_assert_int_eq(cfg_hook_add(db, NULL, log_changes, &post), 0);

	ck_assert_int_eq(cfg_delete(db, a), 0);       /* A, A1, A11 removed */
	cfg_entry *b = sect(root, "B", 20);            /* B, B1, B11 added */
	cfg_entry *b1 = sect(b, "B1", 0);
	line(b1, "B11 v", 3);
	line(root, "sysname CORE", 7);                 /* modified */
	commit_ok();

	const char *want = "A11 v>-|A1>-|A>-|->B|sysname HUAWEI>sysname CORE|->B1|->B11 v|";
	ck_assert_int_eq(post.calls, 1);
	ck_assert_str_eq(post.log, want);
	/* the first hook ran as prepare and as apply, with the same array */
	ck_assert_int_eq(pre.calls, 2);
	char twice[2048];
	snprintf(twice, sizeof twice, "%s%s", want, want);
	ck_assert_str_eq(pre.log, twice);
}
END_TEST

/* After-hooks: what running held when they ran. */
struct after_seen {
	int calls;
	char sysname[64];
};

static void after_hook(void *arg, cfg_db *d)
{
	struct after_seen *w = arg;
	cfg_entry *e = cfg_get(d, NULL, "sysname", 7, CFG_RUNNING);
	w->calls++;
	snprintf(w->sysname, sizeof w->sysname, "%s", e ? cfg_text(e, CFG_RUNNING) : "");
}

START_TEST(after_hooks_see_running)
{
	struct after_seen w = { 0, "" };
	struct seen post = { "", 0 };
	cfg_entry *root = cfg_root(db);

	ck_assert_int_eq(cfg_hook_add_after(db, after_hook, &w), 0);
	line(root, "sysname A", 7);
	commit_ok(); /* alone: no change array is made, the hook still runs */
	ck_assert_int_eq(w.calls, 1);
	ck_assert_str_eq(w.sysname, "sysname A");
	commit_ok(); /* nothing changed: no hook */
	ck_assert_int_eq(w.calls, 1);

	/* beside a hook that reads the changes */
	ck_assert_int_eq(cfg_hook_add(db, NULL, log_changes, &post), 0);
	line(root, "sysname B", 7);
	commit_ok();
	ck_assert_int_eq(w.calls, 2);
	ck_assert_str_eq(w.sysname, "sysname B");
	ck_assert_str_eq(post.log, "sysname A>sysname B|");

	/* a commit without hooks runs none of them */
	char err[64];
	line(root, "sysname C", 7);
	ck_assert_int_eq(cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, sizeof err), 0);
	ck_assert_int_eq(w.calls, 2);
	ck_assert_int_eq(cfg_hook_add_after(db, NULL, NULL), -1);
}
END_TEST

/* Aborts are recorded by name, in the order they run. */
static char aborted[16];

static void abort_a(void *arg, cfg_db *d)
{
	(void)arg, (void)d;
	strcat(aborted, "A");
}

static void abort_b(void *arg, cfg_db *d)
{
	(void)arg, (void)d;
	strcat(aborted, "B");
}

static void abort_c(void *arg, cfg_db *d)
{
	(void)arg, (void)d;
	strcat(aborted, "C");
}

START_TEST(refusal_aborts_prepared_hooks)
{
	int refusals = 0;
	aborted[0] = '\0';
	hook_calls = 0;
	ck_assert_int_eq(cfg_hook_add_ex(db, count_hook, NULL, abort_a, NULL), 0);
	ck_assert_int_eq(cfg_hook_add_ex(db, NULL, count_hook, abort_c, NULL), 0); /* no prepare */
	ck_assert_int_eq(cfg_hook_add_ex(db, count_hook, NULL, abort_b, NULL), 0);
	ck_assert_int_eq(cfg_hook_add_ex(db, refuse, NULL, abort_c, &refusals), 0);
	ck_assert_int_eq(cfg_hook_add_ex(db, count_hook, NULL, abort_c, NULL), 0);
	line(cfg_root(db), "sysname A", 7);

	char err[128] = "";
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), -1);
	ck_assert_int_eq(refusals, 1);
	/* the two that accepted, the later first; not the refusing one, not
	 * one without a prepare step, not one that never ran */
	ck_assert_str_eq(aborted, "BA");
	ck_assert_int_eq(hook_calls, 2);
}
END_TEST

static int refuse_log(void *arg, cfg_db *d, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	(void)arg, (void)d, (void)chg, (void)n;
	snprintf(err, errlen, "Error: the journal cannot be written");
	return -1;
}

START_TEST(log_refusal_aborts_every_hook)
{
	aborted[0] = '\0';
	ck_assert_int_eq(cfg_hook_add_ex(db, count_hook, NULL, abort_a, NULL), 0);
	ck_assert_int_eq(cfg_hook_add_ex(db, count_hook, NULL, abort_b, NULL), 0);
	cfg_entry *sn = line(cfg_root(db), "sysname A", 7);

	char err[128] = "";
	ck_assert_int_eq(cfg_commit_ex(db, 0, refuse_log, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "Error: the journal cannot be written");
	ck_assert_str_eq(aborted, "BA");
	ck_assert(!cfg_present(sn, CFG_RUNNING));
	/* a commit that goes through aborts nothing */
	aborted[0] = '\0';
	ck_assert_int_eq(cfg_commit(db, err, sizeof err), 0);
	ck_assert_str_eq(aborted, "");
}
END_TEST

START_TEST(hook_limit)
{
	int i;
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(cfg_hook_add(db, count_hook, NULL, NULL), 0);
	ck_assert_int_eq(cfg_hook_add(db, count_hook, NULL, NULL), -1);
	ck_assert_int_eq(cfg_hook_add(NULL, count_hook, NULL, NULL), -1);
}
END_TEST

/* ---- order ---------------------------------------------------------- */

struct names {
	char buf[1024];
};

static int name_cb(void *arg, cfg_entry *e)
{
	struct names *n = arg;
	size_t l = strlen(n->buf);
	const char *t = cfg_text(e, CFG_CANDIDATE) ? cfg_text(e, CFG_CANDIDATE) : cfg_text(e, CFG_RUNNING);
	snprintf(n->buf + l, sizeof n->buf - l, "%s|", t);
	return 0;
}

static const char *children(cfg_entry *p, enum cfg_side side, struct names *n)
{
	n->buf[0] = '\0';
	cfg_foreach_child(db, p, side, name_cb, n);
	return n->buf;
}

START_TEST(order_cls_key_sub_identity)
{
	cfg_entry *root = cfg_root(db);
	struct names n;
	/* inserted out of order on purpose */
	put(root, "zz", 0, 2, 0, 0, 0);
	put(root, "k2", 0, 1, 2, 0, 0);
	put(root, "k1s1", 0, 1, 1, 1, 0);
	put(root, "k1s0b", 0, 1, 1, 0, 0);
	put(root, "k1s0a", 0, 1, 1, 0, 0);
	put(root, "k1s0", 0, 1, 1, 0, 0); /* a prefix sorts first */
	put(root, "first", 0, 0, 9, 9, 0);
	put(root, "big", 0, 1, UINT64_MAX, 0, 0);
	ck_assert_str_eq(children(root, CFG_CANDIDATE, &n),
			 "first|k1s0|k1s0a|k1s0b|k1s1|k2|big|zz|");
	ck_assert_str_eq(children(root, CFG_RUNNING, &n), "");
	commit_ok();
	ck_assert_str_eq(children(root, CFG_RUNNING, &n),
			 "first|k1s0|k1s0a|k1s0b|k1s1|k2|big|zz|");
	/* removed on one side only */
	cfg_delete(db, get(root, "k2", CFG_CANDIDATE));
	put(root, "k0", 0, 1, 0, 0, 0);
	ck_assert_str_eq(children(root, CFG_CANDIDATE, &n),
			 "first|k0|k1s0|k1s0a|k1s0b|k1s1|big|zz|");
	ck_assert_str_eq(children(root, CFG_RUNNING, &n),
			 "first|k1s0|k1s0a|k1s0b|k1s1|k2|big|zz|");
	ck_assert_str_eq(children(get(root, "zz", CFG_RUNNING), CFG_RUNNING, &n), "");
}
END_TEST

START_TEST(order_groups_by_seq_key)
{
	/* the layout the BGP views use: a group's lines keyed by its seq */
	cfg_entry *fam = sect(cfg_root(db), "ipv6-family vpn-instance v", 0);
	cfg_entry *gb = put(fam, "group b external", 7, 1, 0, 0, 0);
	cfg_entry *ga = put(fam, "group a external", 7, 1, 0, 0, 0);
	cfg_entry *ga2 = put(fam, "group a external", 7, 1, cfg_seq(ga), 0, 0);
	ck_assert_ptr_eq(ga, ga2); /* order is fixed at creation: still key 0 */
	put(fam, "peer a connect-interface LoopBack0", 24, 1, cfg_seq(ga), 2, 0);
	put(fam, "peer b as-number 1", 14, 1, cfg_seq(gb), 1, 0);
	put(fam, "peer a as-number 2", 14, 1, cfg_seq(ga), 1, 0);
	struct names n;
	ck_assert_str_eq(children(fam, CFG_CANDIDATE, &n),
			 "group a external|group b external|peer b as-number 1|peer a as-number 2|"
			 "peer a connect-interface LoopBack0|");
}
END_TEST

START_TEST(order_key_seq_keeps_group_lines_together)
{
	cfg_entry *fam = sect(cfg_root(db), "ipv6-family vpn-instance v", 0);
	cfg_entry *gz = put(fam, "group z external", 7, 1, CFG_KEY_SEQ, 0, 0);
	cfg_entry *ga = put(fam, "group a external", 7, 1, CFG_KEY_SEQ, 0, 0);
	put(fam, "peer a connect-interface LoopBack0", 24, 1, cfg_seq(ga), 2, 0);
	put(fam, "peer z as-number 1", 14, 1, cfg_seq(gz), 1, 0);
	put(fam, "peer a as-number 2", 14, 1, cfg_seq(ga), 1, 0);
	put(fam, "router-id 1.1.1.1", 9, 0, 0, 0, 0);
	/* replacing keeps the order it got at creation */
	put(fam, "group z internal", 7, 1, CFG_KEY_SEQ, 0, 0);
	struct names n;
	ck_assert_str_eq(children(fam, CFG_CANDIDATE, &n),
			 "router-id 1.1.1.1|group z internal|peer z as-number 1|"
			 "group a external|peer a as-number 2|peer a connect-interface LoopBack0|");
}
END_TEST

/* cfg_set_order: a line takes another place (a peer joining a group goes
 * under it), on both sides, without being a change. */
START_TEST(order_set_moves_entry)
{
	cfg_entry *fam = sect(cfg_root(db), "vpn-instance v", 0);
	cfg_entry *ga = put(fam, "group a external", 7, 30, CFG_KEY_SEQ, 0, 0);
	cfg_entry *p = put(fam, "peer 10.1.1.1 as-number 1", 18, 20, 0, 0, 0);
	put(fam, "peer 10.1.1.2 as-number 1", 18, 20, 0, 0, 0);
	struct names n;
	ck_assert_str_eq(children(fam, CFG_CANDIDATE, &n),
			 "peer 10.1.1.1 as-number 1|peer 10.1.1.2 as-number 1|group a external|");
	commit_ok();
	cfg_set_order(db, p, (cfg_order){ 30, cfg_seq(ga), 1 });
	ck_assert(!cfg_pending(db));
	ck_assert_str_eq(children(fam, CFG_CANDIDATE, &n),
			 "peer 10.1.1.2 as-number 1|group a external|peer 10.1.1.1 as-number 1|");
	ck_assert_str_eq(children(fam, CFG_RUNNING, &n),
			 "peer 10.1.1.2 as-number 1|group a external|peer 10.1.1.1 as-number 1|");
	/* CFG_KEY_SEQ: its own sequence number; the same place again is no-op */
	cfg_set_order(db, p, (cfg_order){ 20, CFG_KEY_SEQ, 0 });
	cfg_set_order(db, p, (cfg_order){ 20, CFG_KEY_SEQ, 0 });
	ck_assert_str_eq(children(fam, CFG_CANDIDATE, &n),
			 "peer 10.1.1.2 as-number 1|peer 10.1.1.1 as-number 1|group a external|");
	cfg_set_order(db, NULL, (cfg_order){ 0, 0, 0 });
}
END_TEST

struct moves_seen {
	int n;
	cfg_entry *e;
	cfg_order old;
};

static int see_move(void *arg, cfg_entry *e, cfg_order old)
{
	struct moves_seen *m = arg;
	m->n++;
	m->e = e;
	m->old = old;
	return 0;
}

/* A committed line that moves keeps the place it had until the next
 * commit with a change: cfg_moves_visit tells it (for the journal), a
 * discard puts the line back, a commit makes the new place running's. */
START_TEST(order_moves_of_committed_lines)
{
	cfg_entry *fam = sect(cfg_root(db), "vpn-instance v", 0);
	cfg_entry *ga = put(fam, "group a external", 7, 30, CFG_KEY_SEQ, 0, 0);
	cfg_entry *p = put(fam, "peer 10.1.1.1 as-number 1", 18, 20, 0, 0, 0);
	struct moves_seen m = { 0 };
	struct names n;
	/* a line new in the candidate has no place to go back to */
	cfg_set_order(db, ga, (cfg_order){ 30, 5, 0 });
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 0);
	commit_ok();

	cfg_set_order(db, p, (cfg_order){ 30, 5, 1 });
	cfg_set_order(db, p, (cfg_order){ 30, 5, 2 }); /* moved twice: once from running's */
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 1);
	ck_assert_ptr_eq(m.e, p);
	ck_assert_uint_eq(m.old.cls, 20);
	ck_assert_uint_eq(m.old.key, 0);
	ck_assert_uint_eq(m.old.sub, 0);
	cfg_discard(db);
	ck_assert_str_eq(children(fam, CFG_RUNNING, &n),
			 "peer 10.1.1.1 as-number 1|group a external|");
	m.n = 0;
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 0);

	/* moved back where it was: nothing to tell */
	cfg_set_order(db, p, (cfg_order){ 30, 5, 1 });
	cfg_set_order(db, p, (cfg_order){ 20, 0, 0 });
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 0);

	/* kept by a commit with a change; a commit without one keeps it
	 * pending for the next */
	cfg_set_order(db, p, (cfg_order){ 30, 5, 1 });
	commit_ok();
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 1);
	put(fam, "peer 10.1.1.2 as-number 1", 18, 20, 0, 0, 0);
	commit_ok();
	m.n = 0;
	ck_assert_int_eq(cfg_moves_visit(db, see_move, &m), 0);
	ck_assert_int_eq(m.n, 0);
	cfg_discard(db);
	ck_assert_str_eq(children(fam, CFG_RUNNING, &n),
			 "peer 10.1.1.2 as-number 1|group a external|peer 10.1.1.1 as-number 1|");
}
END_TEST

struct del_ctx {
	int visits;
};

static int delete_while_visiting(void *arg, cfg_entry *e)
{
	struct del_ctx *c = arg;
	c->visits++;
	cfg_delete(db, e);
	if (c->visits == 2)
		line(cfg_root(db), "zzz added meanwhile", 3);
	return 0;
}

START_TEST(foreach_tolerates_edits)
{
	cfg_entry *root = cfg_root(db);
	char buf[32];
	for (int i = 0; i < 40; i++) {
		snprintf(buf, sizeof buf, "line %02d", i);
		line(root, buf, strlen(buf));
	}
	struct del_ctx c = { 0 };
	cfg_foreach_child(db, root, CFG_CANDIDATE, delete_while_visiting, &c);
	ck_assert_int_ge(c.visits, 40);
	struct names n;
	/* all 40 are gone (uncommitted creations undone: not pending) */
	const char *left = children(root, CFG_CANDIDATE, &n);
	ck_assert(strcmp(left, "") == 0 || strcmp(left, "zzz added meanwhile|") == 0);
	ck_assert_uint_le(cfg_npending(db), 1);
}
END_TEST

static int stop_at_b(void *arg, cfg_entry *e)
{
	(*(int *)arg)++;
	return strncmp(cfg_text(e, CFG_CANDIDATE), "b", 1) == 0 ? 7 : 0;
}

START_TEST(foreach_stops_early)
{
	cfg_entry *root = cfg_root(db);
	line(root, "a 1", 1);
	line(root, "b 1", 1);
	line(root, "c 1", 1);
	int n = 0;
	ck_assert_int_eq(cfg_foreach_child(db, root, CFG_CANDIDATE, stop_at_b, &n), 7);
	ck_assert_int_eq(n, 2);
	/* a plain line has no children */
	n = 0;
	ck_assert_int_eq(cfg_foreach_child(db, get(root, "a", CFG_CANDIDATE), CFG_CANDIDATE,
					   stop_at_b, &n), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* ---- implicit sections ---------------------------------------------- */

START_TEST(implicit_sections)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *p = put(root, "interface 10GE1/0/1", 0, 40, 0, 0, CFG_F_SECTION | CFG_F_IMPLICIT);
	ck_assert(!cfg_pending(db));
	ck_assert(cfg_present(p, CFG_RUNNING) && cfg_present(p, CFG_CANDIDATE));
	ck_assert_ptr_eq(get(root, "interface 10GE1/0/1", CFG_RUNNING), p);
	/* entering it again finds the same entry */
	ck_assert_ptr_eq(put(root, "interface 10GE1/0/1", 0, 40, 0, 0,
			     CFG_F_SECTION | CFG_F_IMPLICIT), p);
	cfg_entry *d = line(p, "description uplink", 11);
	ck_assert_uint_eq(cfg_npending(db), 1);
	commit_ok();
	/* deleting the port removes its configuration, not the port */
	ck_assert_int_eq(cfg_delete(db, p), 0);
	ck_assert(cfg_present(p, CFG_CANDIDATE));
	ck_assert(!cfg_present(d, CFG_CANDIDATE));
	ck_assert_uint_eq(cfg_npending(db), 1);
	commit_ok();
	ck_assert(cfg_present(p, CFG_RUNNING));
	ck_assert_ptr_eq(get(root, "interface 10GE1/0/1", CFG_CANDIDATE), p);
	cfg_discard(db);
	ck_assert_ptr_eq(get(root, "interface 10GE1/0/1", CFG_CANDIDATE), p);
}
END_TEST

/* ---- scale and memory ----------------------------------------------- */

static void emit_count(void *arg, const char *line_, size_t len)
{
	(void)line_;
	(void)len;
	(*(size_t *)arg)++;
}

START_TEST(two_hundred_thousand_lines)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *bgp = put(root, "bgp 100", 0, 60, 0, 0, CFG_F_SECTION | CFG_F_SEP_CHILDREN);
	char buf[96];
	size_t lines = 1;
	enum { VPNS = 1000, GROUPS = 66 };
	for (int v = 0; v < VPNS; v++) {
		snprintf(buf, sizeof buf, "ipv6-family vpn-instance vpn%d", v);
		cfg_entry *fam = put(bgp, buf, 0, 0, (uint64_t)v, 0, CFG_F_SECTION);
		lines++;
		for (int g = 0; g < GROUPS; g++) {
			snprintf(buf, sizeof buf, "group g%d external", g);
			cfg_entry *ge = put(fam, buf, strlen(buf) - 9, 0, 0, 0, 0);
			uint64_t k = cfg_seq(ge);
			snprintf(buf, sizeof buf, "peer g%d as-number 200", g);
			cfg_entry *as = put(fam, buf, strlen(buf) - 4, 0, k, 1, 0);
			snprintf(buf, sizeof buf, "peer g%d connect-interface LoopBack%d", g, v % 1024);
			cfg_entry *ci = put(fam, buf, strchr(buf + 5, ' ') - buf + 18, 0, k, 2, 0);
			unit_check(cfg_own(ge, as) == 0 && cfg_own(ge, ci) == 0,
				   "vpn%d, group g%d: the group could not own its lines", v, g);
			lines += 3;
		}
	}
	ck_assert_uint_eq(lines, 199001);
	ck_assert_uint_eq(cfg_npending(db), lines);
	commit_ok();

	size_t n = 0;
	cfg_render(db, CFG_RUNNING, emit_count, &n);
	/* "#", "bgp 100", and " #" before each family, "#", "return" */
	ck_assert_uint_eq(n, lines + VPNS + 3);

	cfg_entry *fam = get(bgp, "ipv6-family vpn-instance vpn777", CFG_RUNNING);
	ck_assert_ptr_nonnull(fam);
	cfg_entry *ci = get(fam, "peer g65 connect-interface", CFG_RUNNING);
	ck_assert_ptr_nonnull(ci);
	ck_assert_str_eq(cfg_text(ci, CFG_RUNNING), "peer g65 connect-interface LoopBack777");

	/* delete every group of every tenth family: its lines go with it */
	size_t removed = 0;
	for (int v = 0; v < VPNS; v += 10) {
		snprintf(buf, sizeof buf, "ipv6-family vpn-instance vpn%d", v);
		cfg_entry *f = get(bgp, buf, CFG_CANDIDATE);
		for (int g = 0; g < GROUPS; g++) {
			snprintf(buf, sizeof buf, "group g%d", g);
			ck_assert_int_eq(cfg_delete(db, get(f, buf, CFG_CANDIDATE)), 0);
			removed += 3;
		}
	}
	ck_assert_uint_eq(cfg_npending(db), removed);
	commit_ok();
	n = 0;
	cfg_render(db, CFG_RUNNING, emit_count, &n);
	ck_assert_uint_eq(n, lines - removed + VPNS + 3);
	ck_assert_ptr_null(get(get(bgp, "ipv6-family vpn-instance vpn10", CFG_RUNNING),
			       "peer g3 as-number", CFG_RUNNING));
	ck_assert_ptr_nonnull(get(get(bgp, "ipv6-family vpn-instance vpn11", CFG_RUNNING),
				  "peer g3 as-number", CFG_RUNNING));
}
END_TEST

START_TEST(free_with_pending_and_dead_entries)
{
	/* freeing a database in any state releases everything (LeakSanitizer
	 * checks this run) */
	cfg_entry *root = cfg_root(db);
	cfg_entry *s = sect(root, "s", 1);
	cfg_entry *a = line(s, "a 1", 1);
	cfg_entry *b = line(s, "b 1", 1);
	ck_assert_int_eq(cfg_own(a, b), 0);
	commit_ok();
	line(s, "a 2 with a longer text than before", 1); /* separate string */
	cfg_entry *c = line(s, "c 1", 1);
	ck_assert_int_eq(cfg_own(a, c), 0);
	ck_assert_int_eq(cfg_own(c, b), 0);
	cfg_entry *d = line(root, "d 1", 1);
	ck_assert_int_eq(cfg_delete(db, d), 0); /* dead, not yet freed */
	ck_assert_int_eq(cfg_delete(db, b), 0);
	ck_assert(cfg_pending(db));
}
END_TEST

/* Bytes of malloc's chunks that have pages of their own (0 under
 * AddressSanitizer, whose leak checker covers this case there). */
static size_t mapped_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.hblkhd;
}

/* A database with pieces too large for the pool's blocks (a long child
 * vector, a long line, a long ownership record), grown, shrunk and freed
 * on the way, then freed with a change pending. */
static void large_pieces_round(void)
{
	cfg_db *saved = db;
	db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
	cfg_entry *root = cfg_root(db);
	cfg_entry *s = sect(root, "s", 1);
	cfg_entry *owner = line(s, "owner", 0);
	char text[2000];
	for (int i = 0; i < 3000; i++) {
		snprintf(text, sizeof text, "line %d", i);
		cfg_entry *e = line(s, text, 0);
		if (i % 3 == 0)
			unit_check(cfg_own(owner, e) == 0, "%s: not owned", text);
	}
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	memcpy(text, "long ", 5);
	line(s, text, 4);
	commit_ok();
	for (int i = 0; i < 2500; i++) { /* the vector shrinks at the next commit */
		char id[32];
		snprintf(id, sizeof id, "line %d", i);
		cfg_entry *e = get(s, id, CFG_CANDIDATE);
		unit_check(e != NULL && cfg_delete(db, e) == 0, "%s: not deleted", id);
	}
	commit_ok();
	line(s, "pending 1", 0);
	cfg_db_free(db);
	db = saved;
}

START_TEST(free_returns_large_pieces)
{
	/* every request above the pool's largest piece gets pages of its
	 * own, which malloc counts exactly (small freed chunks may stay in
	 * its caches, so the heap as a whole is no measure); AddressSanitizer
	 * refuses the setting and counts nothing */
	mallopt(M_MMAP_THRESHOLD, 520);
	size_t before = mapped_bytes();
	large_pieces_round();
	ck_assert_uint_eq(mapped_bytes(), before);
}
END_TEST

/* Mappings of the process other than malloc's heap (which the first
 * malloc of a test may create and which stays). */
static int nmaps(void)
{
	FILE *fp = fopen("/proc/self/maps", "r");
	char buf[512];
	int n = 0;
	ck_assert_ptr_nonnull(fp);
	while (fgets(buf, sizeof buf, fp))
		n += strstr(buf, "[heap]") == NULL;
	fclose(fp);
	return n;
}

/* Every line "NAME i" for i in [from, to) of s reads back. */
static void lines_read_back(cfg_entry *s, const char *name, int from, int to)
{
	char id[64];
	for (int i = from; i < to; i++) {
		snprintf(id, sizeof id, "%s %d", name, i);
		cfg_entry *e = get(s, id, CFG_RUNNING);
		unit_check(e != NULL, "%s is missing", id);
		unit_check(strcmp(cfg_text(e, CFG_RUNNING), id) == 0, "%s reads back as %s", id,
			   cfg_text(e, CFG_RUNNING));
	}
}

/* Start the prefault helper for `entries` lines and wait for its first
 * block (generous: a loaded machine); what cfg_prefault_begin said. */
static int prefault_started(size_t entries)
{
	int started = cfg_prefault_begin(db, entries);
	ck_assert_int_ge(started, 0);
	if (started == 1) {
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		for (int i = 0; i < 6000 && cfg_prefault_ready(db) == 0; i++)
			nanosleep(&pause, NULL);
		ck_assert_int_gt(cfg_prefault_ready(db), 0);
	}
	return started;
}

/* A section "bgp 100" with n peer lines "peer 10.X.Y.Z as-number N". */
static cfg_entry *put_peers(int n)
{
	cfg_entry *bgp = put(cfg_root(db), "bgp 100", 0, 60, 0, 0, CFG_F_SECTION);
	char buf[64];
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "peer 10.%d.%d.%d as-number %d", i >> 16, (i >> 8) & 255,
			 i & 255, 100 + i % 7);
		put(bgp, buf, strlen(buf) - 4, 0, 0, 0, 0);
	}
	return bgp;
}

/* A helper thread faults blocks in ahead of a large build: the build
 * takes the one it has ready, and the tree is the same as ever. */
START_TEST(prefault_hands_ready_blocks_to_the_build)
{
	int started = prefault_started(0);
	enum { LINES = 60000 }; /* some megabytes: past the small blocks */
	cfg_entry *bgp = put_peers(LINES);
	size_t taken = cfg_prefault_end(db);
	if (started == 1)
		ck_assert_uint_ge(taken, 1);
	else
		ck_assert_uint_eq(taken, 0);
	ck_assert_int_eq(cfg_prefault_ready(db), 0);
	commit_ok();
	size_t n = 0;
	cfg_render(db, CFG_RUNNING, emit_count, &n);
	ck_assert_uint_eq(n, LINES + 4); /* "#", "bgp 100", the peers, "#", "return" */
	cfg_entry *p = get(bgp, "peer 10.0.100.1 as-number", CFG_RUNNING);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(cfg_text(p, CFG_RUNNING), "peer 10.0.100.1 as-number 102");
}
END_TEST

/* With the size expected, the helper also makes the identity hash and the
 * change list for it, and the build takes them up when its own are full:
 * the tree and the commit are the same as ever. */
START_TEST(prefault_makes_tables_the_build_takes)
{
	enum { LINES = 50000 };
	int started = prefault_started(LINES); /* the tables come before the first block */
	cfg_entry *bgp = put_peers(LINES);
	char buf[64];
	ck_assert_int_eq(cfg_prefault_tables(db), started == 1 ? 2 : 0);
	cfg_prefault_end(db);
	ck_assert_uint_eq(cfg_npending(db), LINES + 1);
	commit_ok();
	size_t n = 0;
	cfg_render(db, CFG_RUNNING, emit_count, &n);
	ck_assert_uint_eq(n, LINES + 4);
	for (int i = 0; i < LINES; i += 997) {
		snprintf(buf, sizeof buf, "peer 10.%d.%d.%d as-number", i >> 16, (i >> 8) & 255,
			 i & 255);
		cfg_entry *p = get(bgp, buf, CFG_RUNNING);
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(strncmp(cfg_text(p, CFG_RUNNING), buf, strlen(buf)), 0);
	}
	/* the change list taken up is released with the commit: a second
	 * change starts a list of its own */
	put(bgp, "peer 10.9.9.9 as-number 9", 24, 0, 0, 0, 0);
	ck_assert_uint_eq(cfg_npending(db), 1);
	commit_ok();
}
END_TEST

START_TEST(pool_vectors_of_every_size)
{
	/* child vectors grow and shrink through the pool's powers of two (a
	 * section of each size up to 32 KiB of pointers), and past them to
	 * a vector mapped on its own (150,000 lines: 1.2 MB), which grows by
	 * moving its pages and shrinks back into the pool.  Under
	 * AddressSanitizer every piece is a malloc (config/pool.c): a
	 * smaller last section does, and keeps the test quick there. */
#if defined(__SANITIZE_ADDRESS__)
	static const int sizes[] = { 3, 70, 130, 600, 1100, 2100, 4200, 20000 };
#else
	static const int sizes[] = { 3, 70, 130, 600, 1100, 2100, 4200, 150000 };
#endif
	enum { N = sizeof sizes / sizeof sizes[0] };
	char id[64];
	int maps_before = nmaps();
	cfg_db *saved = db;
	db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
	cfg_entry *s[N];
	for (int k = 0; k < N; k++) {
		snprintf(id, sizeof id, "section %d", k);
		s[k] = sect(cfg_root(db), id, (uint32_t)k);
	}
	for (int i = 0; i < sizes[N - 1]; i++) /* interleaved: the sections grow in turn */
		for (int k = 0; k < N; k++)
			if (i < sizes[k]) {
				snprintf(id, sizeof id, "l%d %d", k, i);
				line(s[k], id, 0);
			}
	commit_ok();
	for (int k = 0; k < N; k++) {
		snprintf(id, sizeof id, "l%d", k);
		lines_read_back(s[k], id, 0, sizes[k]);
	}
	for (int k = 0; k < N; k++) /* all but the first two lines of each */
		for (int i = 2; i < sizes[k]; i++) {
			snprintf(id, sizeof id, "l%d %d", k, i);
			unit_check(cfg_delete(db, get(s[k], id, CFG_CANDIDATE)) == 0, "%s: not deleted",
				   id);
		}
	commit_ok();
	for (int k = 0; k < N; k++) {
		snprintf(id, sizeof id, "l%d", k);
		lines_read_back(s[k], id, 0, sizes[k] < 2 ? sizes[k] : 2);
		for (int i = 0; i < 50; i++) { /* and grow again from freed pieces */
			snprintf(id, sizeof id, "m%d %d", k, i);
			line(s[k], id, 0);
		}
	}
	commit_ok();
	for (int k = 0; k < N; k++) {
		snprintf(id, sizeof id, "m%d", k);
		lines_read_back(s[k], id, 0, 50);
	}
	cfg_db_free(db);
	db = saved;
#if !defined(__SANITIZE_ADDRESS__)
	ck_assert_int_eq(nmaps(), maps_before); /* no mapping left behind */
#else
	(void)maps_before;
#endif
}
END_TEST

static Suite *make_cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("tree");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, set_and_get);
	tcase_add_test(tc, replace_keeps_entry);
	tcase_add_test(tc, set_rejects_bad_input);
	tcase_add_test(tc, delete_cascades_to_children);
	tcase_add_test(tc, ownership_cascades);
	tcase_add_test(tc, ownership_transitive_and_cyclic);
	tcase_add_test(tc, ownership_survives_discard_of_owned);
	tcase_add_test(tc, pending_is_exact);
	tcase_add_test(tc, commit_without_changes);
	tcase_add_test(tc, discard_restores_running);
	tcase_add_test(tc, prepare_refusal_changes_nothing);
	tcase_add_test(tc, apply_sees_documented_order);
	tcase_add_test(tc, after_hooks_see_running);
	tcase_add_test(tc, refusal_aborts_prepared_hooks);
	tcase_add_test(tc, log_refusal_aborts_every_hook);
	tcase_add_test(tc, hook_limit);
	tcase_add_test(tc, order_cls_key_sub_identity);
	tcase_add_test(tc, order_groups_by_seq_key);
	tcase_add_test(tc, order_key_seq_keeps_group_lines_together);
	tcase_add_test(tc, order_set_moves_entry);
	tcase_add_test(tc, order_moves_of_committed_lines);
	tcase_add_test(tc, foreach_tolerates_edits);
	tcase_add_test(tc, foreach_stops_early);
	tcase_add_test(tc, implicit_sections);
	tcase_add_test(tc, free_with_pending_and_dead_entries);
	tcase_add_test(tc, free_returns_large_pieces);
	suite_add_tcase(s, tc);

	TCase *big = tcase_create("scale");
	tcase_add_checked_fixture(big, setup, teardown);
	tcase_add_test(big, two_hundred_thousand_lines);
	tcase_add_test(big, pool_vectors_of_every_size);
	tcase_add_test(big, prefault_hands_ready_blocks_to_the_build);
	tcase_add_test(big, prefault_makes_tables_the_build_takes);
	suite_add_tcase(s, big);
	return s;
}

UNIT_SUITE(cfg, make_cfg_suite)
