/* Rendering: `display current-configuration`, `display this` and
 * `display configuration candidate`, checked against hand-written text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../config/cfg.h"
#include "unit.h"

static cfg_db *db;

struct text {
	char *buf;
	size_t len, cap;
	size_t lines;
};

static void emit(void *arg, const char *line, size_t len)
{
	struct text *t = arg;
	ck_assert_ptr_null(memchr(line, '\n', len));
	if (t->len + len + 2 > t->cap) {
		t->cap = (t->len + len + 2) * 2;
		t->buf = realloc(t->buf, t->cap);
		ck_assert_ptr_nonnull(t->buf);
	}
	memcpy(t->buf + t->len, line, len);
	t->len += len;
	t->buf[t->len++] = '\n';
	t->buf[t->len] = '\0';
	t->lines++;
}

static struct text out;

static const char *got(void)
{
	return out.buf ? out.buf : "";
}

static void reset(void)
{
	out.len = 0;
	out.lines = 0;
	if (out.buf)
		out.buf[0] = '\0';
}

static void setup(void)
{
	db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
	memset(&out, 0, sizeof out);
}

static void teardown(void)
{
	cfg_db_free(db);
	db = NULL;
	free(out.buf);
	memset(&out, 0, sizeof out);
}

static const char *render(enum cfg_side side)
{
	reset();
	cfg_render(db, side, emit, &out);
	return got();
}

static const char *render_this(cfg_entry *s, enum cfg_side side)
{
	reset();
	cfg_render_this(db, s, side, emit, &out);
	return got();
}

static const char *render_pending(void)
{
	reset();
	cfg_render_pending(db, emit, &out);
	return got();
}

static cfg_entry *put(cfg_entry *parent, const char *text, size_t idlen, uint32_t cls,
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

static void commit_ok(void)
{
	char err[128] = "";
	ck_assert_msg(cfg_commit(db, err, sizeof err) == 0, "commit: %s", err);
}

/* The tree of the connect-interface reference example. */
static struct {
	cfg_entry *sysname, *vpn, *vpn_af, *rd, *lb0, *lb0_ip, *bgp, *fam, *grp, *as, *ci;
} t;

static void build_example(void)
{
	cfg_entry *root = cfg_root(db);
	t.sysname = put(root, "sysname HUAWEI", 7, 10, 0, 0, 0);
	t.vpn = put(root, "ip vpn-instance vpn1", 0, 30, 0, 0, CFG_F_SECTION);
	t.vpn_af = put(t.vpn, "ipv6-family", 0, 2, 0, 0, CFG_F_SECTION);
	t.rd = put(t.vpn_af, "route-distinguisher 100:1", 19, 1, 0, 0, 0);
	t.lb0 = put(root, "interface LoopBack0", 0, 40, 0, 0, CFG_F_SECTION);
	t.lb0_ip = put(t.lb0, "ip address 10.1.1.1 255.255.255.255", 10, 5, 0, 0, 0);
	t.bgp = put(root, "bgp 100", 0, 60, 0, 0, CFG_F_SECTION | CFG_F_SEP_CHILDREN);
	t.fam = put(t.bgp, "ipv6-family vpn-instance vpn1", 0, 20, 0, 0, CFG_F_SECTION);
	t.grp = put(t.fam, "group test external", 10, 10, 0, 0, 0);
	uint64_t k = cfg_seq(t.grp);
	/* entered in another order than shown: the order comes from cfg_order */
	t.ci = put(t.fam, "peer test connect-interface LoopBack0", 27, 10, k, 2, 0);
	t.as = put(t.fam, "peer test as-number 200", 18, 10, k, 1, 0);
}

static const char *const example_text =
	"#\n"
	"sysname HUAWEI\n"
	"#\n"
	"ip vpn-instance vpn1\n"
	" ipv6-family\n"
	"  route-distinguisher 100:1\n"
	"#\n"
	"interface LoopBack0\n"
	" ip address 10.1.1.1 255.255.255.255\n"
	"#\n"
	"bgp 100\n"
	" #\n"
	" ipv6-family vpn-instance vpn1\n"
	"  group test external\n"
	"  peer test as-number 200\n"
	"  peer test connect-interface LoopBack0\n"
	"#\n"
	"return\n";

START_TEST(current_configuration_example)
{
	build_example();
	ck_assert_str_eq(render(CFG_CANDIDATE), example_text);
	ck_assert_str_eq(render(CFG_RUNNING), "#\nreturn\n");
	commit_ok();
	ck_assert_str_eq(render(CFG_RUNNING), example_text);
	ck_assert_uint_eq(out.lines, 18);
}
END_TEST

START_TEST(current_configuration_empty)
{
	ck_assert_str_eq(render(CFG_RUNNING), "#\nreturn\n");
	ck_assert_str_eq(render(CFG_CANDIDATE), "#\nreturn\n");
}
END_TEST

START_TEST(current_configuration_blocks)
{
	cfg_entry *root = cfg_root(db);
	put(root, "sysname HUAWEI", 7, 10, 0, 0, 0);
	put(root, "dns resolve", 0, 25, 0, 0, 0);
	put(root, "dns server 2001:db8::53", 0, 25, 0, 1, 0);
	put(root, "clock timezone UTC add 00:00:00", 14, 20, 0, 0, 0);
	cfg_entry *bgp = put(root, "bgp 100", 0, 60, 0, 0, CFG_F_SECTION | CFG_F_SEP_CHILDREN);
	put(bgp, "router-id 1.1.1.1", 9, 1, 0, 0, 0);
	cfg_entry *v4 = put(bgp, "ipv4-family unicast", 0, 10, 0, 0, CFG_F_SECTION);
	put(v4, "undo synchronization", 0, 1, 0, 0, 0);
	cfg_entry *v6 = put(bgp, "ipv6-family vpn-instance vrf1", 0, 20, 0, 0, CFG_F_SECTION);
	put(v6, "group ML internal", 8, 1, 0, 0, 0);
	put(root, "snmp-agent", 0, 65, 0, 0, 0);
	put(root, "snmp-agent sys-info version v3", 0, 65, 0, 1, 0);
	put(root, "empty-section", 0, 70, 0, 0, CFG_F_SECTION);
	put(root, "after-section", 0, 70, 1, 0, 0);
	ck_assert_str_eq(render(CFG_CANDIDATE),
			 "#\n"
			 "sysname HUAWEI\n"
			 "#\n"
			 "clock timezone UTC add 00:00:00\n"
			 "#\n"
			 "dns resolve\n"
			 "dns server 2001:db8::53\n"
			 "#\n"
			 "bgp 100\n"
			 " router-id 1.1.1.1\n"
			 " #\n"
			 " ipv4-family unicast\n"
			 "  undo synchronization\n"
			 " #\n"
			 " ipv6-family vpn-instance vrf1\n"
			 "  group ML internal\n"
			 "#\n"
			 "snmp-agent\n"
			 "snmp-agent sys-info version v3\n"
			 "#\n"
			 "empty-section\n"
			 "#\n"
			 "after-section\n"
			 "#\n"
			 "return\n");
	/* the same, seen from display this in the system view */
	ck_assert_str_eq(render_this(root, CFG_CANDIDATE),
			 "#\n"
			 "sysname HUAWEI\n"
			 "#\n"
			 "clock timezone UTC add 00:00:00\n"
			 "#\n"
			 "dns resolve\n"
			 "dns server 2001:db8::53\n"
			 "#\n"
			 "snmp-agent\n"
			 "snmp-agent sys-info version v3\n"
			 "#\n"
			 "after-section\n"
			 "#\n"
			 "return\n");
}
END_TEST

/* CFG_F_JOIN: sections of one class that follow each other without "#"
 * (`erps ring 1` ... `erps ring 2`); another class still gets its "#". */
START_TEST(joined_sections)
{
	cfg_entry *root = cfg_root(db);
	cfg_entry *r1 = put(root, "erps ring 1", 0, 30, 1, 0, CFG_F_SECTION | CFG_F_JOIN);
	put(r1, "control-vlan 10", 0, 1, 0, 0, 0);
	cfg_entry *r2 = put(root, "erps ring 2", 0, 30, 2, 0, CFG_F_SECTION | CFG_F_JOIN);
	put(r2, "control-vlan 20", 0, 1, 0, 0, 0);
	put(root, "vlan 10", 0, 40, 0, 0, CFG_F_SECTION | CFG_F_JOIN);
	ck_assert_str_eq(render(CFG_CANDIDATE),
			 "#\n"
			 "erps ring 1\n"
			 " control-vlan 10\n"
			 "erps ring 2\n"
			 " control-vlan 20\n"
			 "#\n"
			 "vlan 10\n"
			 "#\n"
			 "return\n");
}
END_TEST

/* CFG_KEY_SEQ_IN(hi): by hi first, then in the order made; CFG_KEY_SEQ is
 * the creation number alone. */
START_TEST(key_seq_in)
{
	cfg_entry *root = cfg_root(db);
	put(root, "b second of rank 2", 0, 50, CFG_KEY_SEQ_IN(2), 0, 0);
	put(root, "a first of rank 2", 0, 50, CFG_KEY_SEQ_IN(2), 0, 0);
	put(root, "z rank 1", 0, 50, CFG_KEY_SEQ_IN(1), 0, 0);
	cfg_entry *e = put(root, "plain", 0, 60, CFG_KEY_SEQ, 0, 0);
	ck_assert_str_eq(render(CFG_CANDIDATE),
			 "#\n"
			 "z rank 1\n"
			 "b second of rank 2\n"
			 "a first of rank 2\n"
			 "#\n"
			 "plain\n"
			 "#\n"
			 "return\n");
	ck_assert_uint_eq(cfg_next_seq(db) >> 16, (cfg_seq(e) >> 16) + 1);
}
END_TEST

START_TEST(display_this_root)
{
	build_example();
	commit_ok();
	ck_assert_str_eq(render_this(cfg_root(db), CFG_CANDIDATE), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_str_eq(render_this(NULL, CFG_RUNNING), "#\nsysname HUAWEI\n#\nreturn\n");
	/* without any plain line */
	cfg_delete(db, t.sysname);
	ck_assert_str_eq(render_this(cfg_root(db), CFG_CANDIDATE), "#\nreturn\n");
}
END_TEST

START_TEST(display_this_top_level_section)
{
	build_example();
	commit_ok();
	ck_assert_str_eq(render_this(t.bgp, CFG_CANDIDATE),
			 "#\n"
			 "bgp 100\n"
			 " #\n"
			 " ipv6-family vpn-instance vpn1\n"
			 "  group test external\n"
			 "  peer test as-number 200\n"
			 "  peer test connect-interface LoopBack0\n"
			 "#\n"
			 "return\n");
	ck_assert_str_eq(render_this(t.lb0, CFG_CANDIDATE),
			 "#\n"
			 "interface LoopBack0\n"
			 " ip address 10.1.1.1 255.255.255.255\n"
			 "#\n"
			 "return\n");
	ck_assert_str_eq(render_this(t.vpn, CFG_RUNNING),
			 "#\n"
			 "ip vpn-instance vpn1\n"
			 " ipv6-family\n"
			 "  route-distinguisher 100:1\n"
			 "#\n"
			 "return\n");
}
END_TEST

START_TEST(display_this_nested_section)
{
	build_example();
	commit_ok();
	ck_assert_str_eq(render_this(t.fam, CFG_CANDIDATE),
			 " #\n"
			 " ipv6-family vpn-instance vpn1\n"
			 "  group test external\n"
			 "  peer test as-number 200\n"
			 "  peer test connect-interface LoopBack0\n"
			 "#\n"
			 "return\n");
	ck_assert_str_eq(render_this(t.vpn_af, CFG_CANDIDATE),
			 " #\n"
			 " ipv6-family\n"
			 "  route-distinguisher 100:1\n"
			 "#\n"
			 "return\n");
}
END_TEST

START_TEST(display_this_shows_candidate)
{
	build_example();
	commit_ok();
	put(t.lb0, "description to core", 11, 1, 0, 0, 0);
	cfg_delete(db, t.lb0_ip);
	ck_assert_str_eq(render_this(t.lb0, CFG_CANDIDATE),
			 "#\n"
			 "interface LoopBack0\n"
			 " description to core\n"
			 "#\n"
			 "return\n");
	ck_assert_str_eq(render_this(t.lb0, CFG_RUNNING),
			 "#\n"
			 "interface LoopBack0\n"
			 " ip address 10.1.1.1 255.255.255.255\n"
			 "#\n"
			 "return\n");
	/* a section deleted in the candidate shows an empty frame */
	cfg_delete(db, t.lb0);
	ck_assert_str_eq(render_this(t.lb0, CFG_CANDIDATE), "#\nreturn\n");
	/* and the full rendering of the candidate no longer has it */
	ck_assert_ptr_null(strstr(render(CFG_CANDIDATE), "\ninterface LoopBack0\n"));
	ck_assert_ptr_nonnull(strstr(render(CFG_RUNNING), "\ninterface LoopBack0\n"));
}
END_TEST

START_TEST(implicit_sections_render_with_content_only)
{
	cfg_entry *root = cfg_root(db);
	put(root, "sysname HUAWEI", 7, 10, 0, 0, 0);
	cfg_entry *p1 = put(root, "interface 10GE1/0/1", 0, 40, 1, 0, CFG_F_SECTION | CFG_F_IMPLICIT);
	cfg_entry *p2 = put(root, "interface 10GE1/0/2", 0, 40, 2, 0, CFG_F_SECTION | CFG_F_IMPLICIT);
	commit_ok();
	ck_assert_str_eq(render(CFG_RUNNING), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_str_eq(render_this(p1, CFG_RUNNING), "#\ninterface 10GE1/0/1\n#\nreturn\n");

	put(p2, "description uplink", 11, 1, 0, 0, 0);
	ck_assert_str_eq(render(CFG_RUNNING), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_str_eq(render(CFG_CANDIDATE),
			 "#\n"
			 "sysname HUAWEI\n"
			 "#\n"
			 "interface 10GE1/0/2\n"
			 " description uplink\n"
			 "#\n"
			 "return\n");
	ck_assert_str_eq(render_pending(), "interface 10GE1/0/2\n description uplink\n");
	commit_ok();
	ck_assert_str_eq(render(CFG_RUNNING),
			 "#\n"
			 "sysname HUAWEI\n"
			 "#\n"
			 "interface 10GE1/0/2\n"
			 " description uplink\n"
			 "#\n"
			 "return\n");
	cfg_delete(db, p2);
	ck_assert_str_eq(render(CFG_CANDIDATE), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_str_eq(render_pending(), "interface 10GE1/0/2\n undo description uplink\n");
}
END_TEST

START_TEST(pending_reference_example)
{
	/* display configuration candidate, as on the reference page */
	cfg_entry *root = cfg_root(db);
	put(root, "sysname HUAWEI", 7, 10, 0, 0, 0);
	cfg_entry *vty = put(root, "user-interface vty 0 4", 0, 80, 0, 0,
			     CFG_F_SECTION | CFG_F_IMPLICIT);
	commit_ok();
	ck_assert_str_eq(render_pending(), "");
	put(vty, "idle-timeout 1 30", 12, 1, 0, 0, 0);
	ck_assert_str_eq(render_pending(), "user-interface vty 0 4\n idle-timeout 1 30\n");
	commit_ok();
	ck_assert_str_eq(render_pending(), "");
}
END_TEST

START_TEST(pending_add_modify_remove)
{
	build_example();
	cfg_entry *root = cfg_root(db);
	cfg_entry *vpn2 = put(root, "ip vpn-instance vpn2", 0, 30, 0, 0, CFG_F_SECTION);
	cfg_entry *af2 = put(vpn2, "ipv6-family", 0, 2, 0, 0, CFG_F_SECTION);
	put(af2, "route-distinguisher 100:2", 19, 1, 0, 0, 0);
	commit_ok();
	ck_assert_str_eq(render_pending(), "");

	put(root, "sysname CORE", 7, 10, 0, 0, 0);                       /* modified */
	cfg_delete(db, vpn2);                                            /* removed section */
	put(t.lb0, "ip address 10.1.1.2 255.255.255.255", 10, 5, 0, 0, 0); /* modified */
	put(t.lb0, "description loop", 11, 1, 0, 0, 0);                  /* added */
	cfg_entry *lb1 = put(root, "interface LoopBack1", 0, 40, 0, 0, CFG_F_SECTION);
	put(lb1, "ip address 10.1.1.3 255.255.255.255", 10, 5, 0, 0, 0);   /* added section */
	cfg_delete(db, t.ci);                                            /* removed line */
	/* an uncommitted creation undone leaves no trace */
	cfg_entry *tmp = put(t.fam, "group tmp external", 9, 10, 0, 0, 0);
	cfg_delete(db, tmp);

	ck_assert_str_eq(render_pending(),
			 "sysname CORE\n"
			 "undo ip vpn-instance vpn2\n"
			 "interface LoopBack0\n"
			 " description loop\n"
			 " ip address 10.1.1.2 255.255.255.255\n"
			 "interface LoopBack1\n"
			 " ip address 10.1.1.3 255.255.255.255\n"
			 "bgp 100\n"
			 " ipv6-family vpn-instance vpn1\n"
			 "  undo peer test connect-interface LoopBack0\n");
	/* rendering twice gives the same (marks are cleared) */
	ck_assert_uint_eq(out.lines, 10);
	render_pending();
	ck_assert_uint_eq(out.lines, 10);

	commit_ok();
	ck_assert_str_eq(render_pending(), "");
	ck_assert_str_eq(render(CFG_RUNNING),
			 "#\n"
			 "sysname CORE\n"
			 "#\n"
			 "ip vpn-instance vpn1\n"
			 " ipv6-family\n"
			 "  route-distinguisher 100:1\n"
			 "#\n"
			 "interface LoopBack0\n"
			 " description loop\n"
			 " ip address 10.1.1.2 255.255.255.255\n"
			 "#\n"
			 "interface LoopBack1\n"
			 " ip address 10.1.1.3 255.255.255.255\n"
			 "#\n"
			 "bgp 100\n"
			 " #\n"
			 " ipv6-family vpn-instance vpn1\n"
			 "  group test external\n"
			 "  peer test as-number 200\n"
			 "#\n"
			 "return\n");
}
END_TEST

START_TEST(long_indented_lines)
{
	char text[600];
	memcpy(text, "description ", 12);
	memset(text + 12, 'x', 500);
	text[512] = '\0';
	build_example();
	put(t.fam, text, 11, 0, 0, 0, 0);
	render(CFG_CANDIDATE);
	char want[640];
	snprintf(want, sizeof want, "  %s\n", text);
	ck_assert_ptr_nonnull(strstr(got(), want));
	render_pending();
	ck_assert_ptr_nonnull(strstr(got(), want));
}
END_TEST

static Suite *make_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, current_configuration_example);
	tcase_add_test(tc, current_configuration_empty);
	tcase_add_test(tc, current_configuration_blocks);
	tcase_add_test(tc, display_this_root);
	tcase_add_test(tc, display_this_top_level_section);
	tcase_add_test(tc, display_this_nested_section);
	tcase_add_test(tc, display_this_shows_candidate);
	tcase_add_test(tc, implicit_sections_render_with_content_only);
	tcase_add_test(tc, pending_reference_example);
	tcase_add_test(tc, pending_add_modify_remove);
	tcase_add_test(tc, long_indented_lines);
	tcase_add_test(tc, joined_sections);
	tcase_add_test(tc, key_seq_in);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(render, make_render_suite)
