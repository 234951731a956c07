/* What a commit sends to vrp-sockd (views/bgp_backend.c): the binding and
 * peer operations a commit's changes turn into, the full set of a
 * configuration, what the daemon's own extractor (backend/bindings.c)
 * reads from the same configuration, the warning when no daemon answers,
 * and the display commands without a daemon. */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "backend/bindings.h"
#include "backend/cfgfile.h"
#include "store/store.h"
#include "views/bgp_backend.h"
#include "views/store.h"
#include "vsh_fixture.h"

/* Nothing listens there: a port id no process has. */
#define NOBODY_PORT 0x7ffffff1u

/* ---- recording operations ----------------------------------------------------- */

static const char *addr_text(const struct in6_addr *a, char *buf)
{
	/* IPv4 addresses are held IPv4-mapped */
	return IN6_IS_ADDR_V4MAPPED(a) ? inet_ntop(AF_INET, a->s6_addr + 12, buf, INET6_ADDRSTRLEN)
				       : inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* An operation as one line: its type and attributes; with key_only, what
 * the daemon keys its records by (the scope, and the group or peer of a
 * binding, the peer of a peer) after "BINDING" or "PEER". */
static void op_text(const vrpsock_op *op, bool key_only, char *line, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	bool binding = op->type == VRPSOCK_MSG_BINDING_SET || op->type == VRPSOCK_MSG_BINDING_DEL;
	size_t n = 0;
#define HAS(attr) (op->have & VRPSOCK_HAVE(VRPSOCK_A_##attr))
#define ADD(...) (n += (size_t)snprintf(line + n, n < cap ? cap - n : 0, __VA_ARGS__))
	ADD("%s", key_only ? (binding ? "BINDING" : "PEER") : vrpsock_msg_name(op->type));
	if (HAS(BGP_INSTANCE))
		ADD(" inst=%s", op->inst);
	if (HAS(VPN_INSTANCE))
		ADD(" vpn=%s", op->vpn);
	if (HAS(FAMILY))
		ADD(" fam=%u", (unsigned)op->family);
	if (HAS(PEER))
		ADD(" peer=%s", addr_text(&op->peer, a));
	if (HAS(GROUP) && (binding || !key_only))
		ADD(" group=%s", op->group);
	if (key_only)
		return;
	if (HAS(IFNAME))
		ADD(" if=%s", op->ifname);
	if (HAS(IF_VPN))
		ADD(" if-vpn=%s", op->if_vpn);
	if (HAS(SOURCE))
		ADD(" source=%s", addr_text(&op->source, a));
	if (!binding && HAS(AS))
		ADD(" as=%u", (unsigned)op->as);
#undef ADD
#undef HAS
	ck_assert_uint_lt(n, cap);
}

struct rec {
	char **v;
	size_t n, cap;
	char *out; /* what joined() gave last */
};

static void rec_line(struct rec *r, const char *line)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = realloc(r->v, r->cap * sizeof *r->v);
		ck_assert_ptr_nonnull(r->v);
	}
	r->v[r->n] = strdup(line);
	ck_assert_ptr_nonnull(r->v[r->n]);
	r->n++;
}

static int record(void *arg, const vrpsock_op *op)
{
	char line[1024];
	op_text(op, false, line, sizeof line);
	rec_line(arg, line);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The recorded lines, sorted, one a line (valid until the next call);
 * the record starts empty again. */
static const char *joined(struct rec *r)
{
	size_t len = 1;
	if (r->n) /* r->v is NULL until a line is recorded */
		qsort(r->v, r->n, sizeof r->v[0], cmp);
	for (size_t i = 0; i < r->n; i++)
		len += strlen(r->v[i]) + 1;
	free(r->out);
	r->out = malloc(len);
	ck_assert_ptr_nonnull(r->out);
	char *p = r->out;
	for (size_t i = 0; i < r->n; i++) {
		size_t l = strlen(r->v[i]);
		memcpy(p, r->v[i], l);
		p[l] = '\n';
		p += l + 1;
		free(r->v[i]);
	}
	*p = '\0';
	r->n = 0;
	return r->out;
}

static void rec_free(struct rec *r)
{
	joined(r);
	free(r->v);
	free(r->out);
}

struct hookctx {
	view_set *vs;
	struct rec r;
};

static int test_hook(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		     size_t errlen)
{
	struct hookctx *h = arg;
	(void)err, (void)errlen;
	ck_assert_int_eq(bgp_backend_changes(db, h->vs, chg, n, record, &h->r), 0);
	return 0;
}

static fx *open_hooked(struct hookctx *h)
{
	fx *f = fx_open(NULL, false, 3);
	memset(h, 0, sizeof *h);
	h->vs = f->vs;
	ck_assert_int_eq(cfg_hook_add(f->db, test_hook, NULL, h), 0);
	return f;
}

/* Run lines and commit; return what the commit sent. */
static const char *commit(fx *f, struct hookctx *h, const char *const *lines)
{
	fx_ok(f, lines);
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	return joined(&h->r);
}

#define SETUP                                                                                 \
	"system-view", "ip vpn-instance vpn1", "ipv6-family", "route-distinguisher 100:1",    \
		"quit", "quit", "interface LoopBack 0", "quit", "bgp 100",                    \
		"ipv6-family vpn-instance vpn1"

START_TEST(example_and_peers)
{
	struct hookctx h;
	fx *f = open_hooked(&h);

	/* The reference page's example: one binding; groups themselves are not sent. */
	ck_assert_str_eq(commit(f, &h, FX_LINES(SETUP, "group test external",
						"peer test as-number 200",
						"peer test connect-interface LoopBack 0")),
			 "BINDING_SET vpn=vpn1 fam=6 group=test if=LoopBack0\n");
	/* A peer of the group takes the group's AS number; a peer of its own. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer 2001:db8::2 group test",
						"peer 2001:db8::3 as-number 300")),
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::2 group=test as=200\n"
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::3 as=300\n");
	/* The group's AS number changes its members without one. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer test as-number 201")),
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::2 group=test as=201\n");
	/* An address as source; then interface and address. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer test connect-interface 2001:db8:1::1")),
			 "BINDING_SET vpn=vpn1 fam=6 group=test source=2001:db8:1::1\n");
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer test connect-interface LoopBack0 "
						"2001:db8:1::1")),
			 "BINDING_SET vpn=vpn1 fam=6 group=test if=LoopBack0 source=2001:db8:1::1\n");
	/* A peer's own binding. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer 2001:db8::3 connect-interface LoopBack 0")),
			 "BINDING_SET vpn=vpn1 fam=6 peer=2001:db8::3 if=LoopBack0\n");
	/* Binding the interface to the VPN instance changes both bindings. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("quit", "quit", "interface LoopBack 0",
						"ip binding vpn-instance vpn1", "quit", "bgp 100",
						"ipv6-family vpn-instance vpn1")),
			 "BINDING_SET vpn=vpn1 fam=6 group=test if=LoopBack0 if-vpn=vpn1 "
			 "source=2001:db8:1::1\n"
			 "BINDING_SET vpn=vpn1 fam=6 peer=2001:db8::3 if=LoopBack0 if-vpn=vpn1\n");
	/* Undo forms. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("undo peer test connect-interface")),
			 "BINDING_DEL vpn=vpn1 fam=6 group=test\n");
	ck_assert_str_eq(commit(f, &h, FX_LINES("undo peer 2001:db8::3")),
			 "BINDING_DEL vpn=vpn1 fam=6 peer=2001:db8::3\n"
			 "PEER_DEL vpn=vpn1 fam=6 peer=2001:db8::3\n");
	ck_assert_str_eq(commit(f, &h, FX_LINES("peer test connect-interface LoopBack 0",
						"undo group test")),
			 "PEER_DEL vpn=vpn1 fam=6 peer=2001:db8::2\n");
	/* Lines that are not bindings or peers send nothing. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("group g2 internal", "peer g2 description x")), "");
	fx_close(f);
	rec_free(&h.r);
}
END_TEST

START_TEST(internal_group_and_instances)
{
	struct hookctx h;
	fx *f = open_hooked(&h);

	/* An internal group without an AS number: its members have the local AS. */
	ck_assert_str_eq(commit(f, &h, FX_LINES(SETUP, "group \"in side\" internal",
						"peer 2001:db8::7 group \"in side\"")),
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::7 group=in side as=100\n");
	/* A multi-instance BGP process. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("quit", "quit", "bgp 100 instance a",
						"ipv6-family vpn-instance vpn1", "group g external",
						"peer g as-number 65000",
						"peer g connect-interface LoopBack 0",
						"peer 2001:db8::8 group g")),
			 "BINDING_SET inst=a vpn=vpn1 fam=6 group=g if=LoopBack0\n"
			 "PEER_SET inst=a vpn=vpn1 fam=6 peer=2001:db8::8 group=g as=65000\n");
	/* Removing the address family removes what it held. */
	ck_assert_str_eq(commit(f, &h, FX_LINES("quit", "undo ipv6-family vpn-instance vpn1")),
			 "BINDING_DEL inst=a vpn=vpn1 fam=6 group=g\n"
			 "PEER_DEL inst=a vpn=vpn1 fam=6 peer=2001:db8::8\n");
	fx_close(f);
	rec_free(&h.r);
}
END_TEST

START_TEST(collect_all)
{
	fx *f = fx_open(NULL, false, 3);
	struct rec r = { 0 };

	fx_ok(f, FX_LINES(SETUP, "group test external", "peer test as-number 200",
			  "peer test connect-interface LoopBack 0", "peer 2001:db8::2 group test",
			  "peer 2001:db8::3 as-number 300", "peer 2001:db8::3 group test",
			  "peer 2001:db8::3 connect-interface 2001:db8:1::9", "group g2 internal",
			  "commit"));
	ck_assert_int_eq(bgp_backend_collect(f->db, f->vs, CFG_RUNNING, record, &r), 0);
	ck_assert_str_eq(joined(&r),
			 "BINDING_SET vpn=vpn1 fam=6 group=test if=LoopBack0\n"
			 "BINDING_SET vpn=vpn1 fam=6 peer=2001:db8::3 source=2001:db8:1::9\n"
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::2 group=test as=200\n"
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::3 group=test as=300\n");
	/* The candidate side sees uncommitted changes; running does not. */
	fx_ok(f, FX_LINES("undo peer test connect-interface"));
	ck_assert_int_eq(bgp_backend_collect(f->db, f->vs, CFG_CANDIDATE, record, &r), 0);
	ck_assert_str_eq(joined(&r),
			 "BINDING_SET vpn=vpn1 fam=6 peer=2001:db8::3 source=2001:db8:1::9\n"
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::2 group=test as=200\n"
			 "PEER_SET vpn=vpn1 fam=6 peer=2001:db8::3 group=test as=300\n");
	fx_close(f);
	rec_free(&r);
}
END_TEST

/* The public network and the other peer-defining views: the BGP view's
 * IPv4 and IPv6 peers (no VPN instance), a BGP-VPN instance view (a VPN
 * instance, no family), an IPv4 VPN family (family 4), and a
 * multi-instance view; enables and the unicast families send nothing. */
START_TEST(public_and_ipv4_scopes)
{
	struct hookctx h;
	fx *f = open_hooked(&h);

	ck_assert_str_eq(commit(f, &h, FX_LINES("system-view", "interface LoopBack 0",
						"ip address 10.1.1.1 32", "quit",
						"ip vpn-instance vpn1", "quit", "bgp 100",
						"peer 10.0.0.2 as-number 200",
						"peer 10.0.0.2 connect-interface LoopBack 0",
						"peer 2001:db8::2 as-number 300",
						"peer 2001:db8::2 connect-interface 2001:db8::1",
						"group g external", "peer g as-number 400",
						"peer g connect-interface LoopBack0 10.1.1.1",
						"peer 10.0.0.3 group g")),
			 "BINDING_SET group=g if=LoopBack0 source=10.1.1.1\n"
			 "BINDING_SET peer=10.0.0.2 if=LoopBack0\n"
			 "BINDING_SET peer=2001:db8::2 source=2001:db8::1\n"
			 "PEER_SET peer=10.0.0.2 as=200\n"
			 "PEER_SET peer=10.0.0.3 group=g as=400\n"
			 "PEER_SET peer=2001:db8::2 as=300\n");
	/* enables in the families are no sessions */
	ck_assert_str_eq(commit(f, &h, FX_LINES("ipv4-family unicast", "undo peer 10.0.0.2 enable",
						"quit", "ipv6-family unicast",
						"peer 2001:db8::2 enable", "quit")),
			 "");
	ck_assert_str_eq(commit(f, &h, FX_LINES("vpn-instance vpn1", "peer 10.0.1.2 as-number 500",
						"peer 10.0.1.2 connect-interface LoopBack0", "quit",
						"ipv4-family vpn-instance vpn2",
						"peer 10.0.2.2 as-number 600",
						"peer 10.0.2.2 connect-interface 10.1.1.1", "quit",
						"quit", "bgp 100 instance a",
						"peer 10.0.3.2 as-number 700")),
			 "BINDING_SET vpn=vpn1 peer=10.0.1.2 if=LoopBack0\n"
			 "BINDING_SET vpn=vpn2 fam=4 peer=10.0.2.2 source=10.1.1.1\n"
			 "PEER_SET inst=a peer=10.0.3.2 as=700\n"
			 "PEER_SET vpn=vpn1 peer=10.0.1.2 as=500\n"
			 "PEER_SET vpn=vpn2 fam=4 peer=10.0.2.2 as=600\n");
	/* undo peer X group G removes the peer; undo bgp everything of it */
	ck_assert_str_eq(commit(f, &h, FX_LINES("quit", "bgp 100", "undo peer 10.0.0.3 group g")),
			 "PEER_DEL peer=10.0.0.3\n");
	ck_assert_str_eq(commit(f, &h, FX_LINES("quit", "undo bgp 100")),
			 "BINDING_DEL group=g\n"
			 "BINDING_DEL peer=10.0.0.2\n"
			 "BINDING_DEL peer=2001:db8::2\n"
			 "BINDING_DEL vpn=vpn1 peer=10.0.1.2\n"
			 "BINDING_DEL vpn=vpn2 fam=4 peer=10.0.2.2\n"
			 "PEER_DEL peer=10.0.0.2\n"
			 "PEER_DEL peer=2001:db8::2\n"
			 "PEER_DEL vpn=vpn1 peer=10.0.1.2\n"
			 "PEER_DEL vpn=vpn2 fam=4 peer=10.0.2.2\n");
	fx_close(f);
	rec_free(&h.r);
}
END_TEST

/* ---- the daemon's reading of a configuration ----------------------------------- */

/* The operations the daemon's extractor finds in db (malloc'd). */
static char *extract(cfg_db *db)
{
	struct rec r = { 0 };
	ck_assert_int_eq(vrpsock_bindings(db, CFG_RUNNING, record, &r), 0);
	char *s = strdup(joined(&r));
	rec_free(&r);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The full set the shell sends for f's running configuration (malloc'd). */
static char *shell_set(fx *f)
{
	struct rec r = { 0 };
	ck_assert_int_eq(bgp_backend_collect(f->db, f->vs, CFG_RUNNING, record, &r), 0);
	char *s = strdup(joined(&r));
	rec_free(&r);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Every way vrp-sockd reads f's running configuration: the extractor over
 * the tree itself; over the state directory dir (when not NULL), loaded
 * through the store as `vrp-sockd --state-dir` loads it; and over the
 * rendered configuration read by its indentation, as `vrp-sockd --config`
 * reads it. */
enum { RD_TREE, RD_STATE_DIR, RD_RENDERED, RD_COUNT };
static const char *const reading_name[RD_COUNT] = {
	"the extractor over the shell's tree",
	"the extractor over the state directory",
	"the extractor over the rendered configuration",
};

struct readings {
	char *got[RD_COUNT]; /* NULL: not read */
	char *rendered;
};

static void daemon_readings(fx *f, const char *dir, struct readings *rd)
{
	char err[256];
	bool damaged = true;

	memset(rd, 0, sizeof *rd);
	rd->got[RD_TREE] = extract(f->db);
	if (dir) {
		cfg_db *db = cfg_db_new();
		ck_assert_ptr_nonnull(db);
		ck_assert_msg(store_load_dir(dir, db, &damaged, err, sizeof err) == 0, "%s", err);
		ck_assert(!damaged);
		rd->got[RD_STATE_DIR] = extract(db);
		cfg_db_free(db);
	}
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	rd->rendered = strdup(f->out);
	ck_assert_ptr_nonnull(rd->rendered);
	cfg_db *db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
	ck_assert_msg(vrpsock_cfgfile_read(db, "rendered", rd->rendered, strlen(rd->rendered), err,
					   sizeof err) == 0, "%s", err);
	rd->got[RD_RENDERED] = extract(db);
	cfg_db_free(db);
}

static void readings_free(struct readings *rd)
{
	for (int i = 0; i < RD_COUNT; i++)
		free(rd->got[i]);
	free(rd->rendered);
}

/* Each reading is `want` (context and lines: for the message). */
static void readings_are(const struct readings *rd, const char *want, const char *context,
			 const char *lines)
{
	for (int i = 0; i < RD_COUNT; i++)
		ck_assert_msg(!rd->got[i] || strcmp(rd->got[i], want) == 0,
			      "%s: %s found\n%s\ninstead of\n%s\nafter\n%s\nin\n%s", context,
			      reading_name[i], rd->got[i], want, lines, rd->rendered);
}

/* Every scope and every form, written out: the shell's full set, and the
 * daemon's readings of the same configuration. */
START_TEST(daemon_extractor_agrees)
{
	char *dir = unit_tmpdir("bindings");
	char err[256];
	fx *f = fx_open(NULL, false, 3);
	vsh_store_opts so = { .dir = dir };
	struct readings rd;

	ck_assert_msg(vsh_store_attach(&f->s, &so, err, sizeof err) == 0, "%s", err);
	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1", "ipv4-family",
			  "route-distinguisher 100:1", "quit", "ipv6-family",
			  "route-distinguisher 100:2", "quit", "quit", "ip vpn-instance \"v 2\"", "quit",
			  "interface LoopBack 0", "ip address 10.1.1.1 32", "quit",
			  "interface LoopBack 1", "ip binding vpn-instance vpn1", "quit",
			  /* the BGP view: IPv4 and IPv6 peers and groups, each source form */
			  "bgp 100", "peer 10.0.0.2 as-number 200",
			  "peer 10.0.0.2 connect-interface LoopBack 0", "peer 2001:db8::2 as-number 300",
			  "peer 2001:db8::2 connect-interface LoopBack0 2001:db8::1",
			  "group ext external", "peer ext as-number 400",
			  "peer ext connect-interface 10.1.1.1", "peer 10.0.0.3 group ext",
			  "peer 2001:db8::3 group ext", "group int internal",
			  "peer int connect-interface 2001:db8::9", "peer 10.0.0.4 group int",
			  /* taken out of IPv4 unicast: still a peer with a session */
			  "ipv4-family unicast", "undo peer 10.0.0.2 enable", "quit",
			  /* the BGP-VPN instance view */
			  "vpn-instance vpn1", "group g external", "peer g as-number 600",
			  "peer g connect-interface LoopBack 1 10.2.2.2", "peer 10.0.1.2 group g",
			  "peer 2001:db8:1::2 as-number 700",
			  "peer 2001:db8:1::2 connect-interface LoopBack1", "quit",
			  /* its IPv4 family: an enable of the view's peer, and a peer of its own */
			  "ipv4-family vpn-instance vpn1", "peer 10.0.1.2 enable",
			  "peer 10.0.2.2 as-number 800",
			  "peer 10.0.2.2 connect-interface loopback 1 10.2.2.3", "quit",
			  "ipv6-family vpn-instance vpn1", "group \"in side\" internal",
			  "peer \"in side\" connect-interface LoopBack 0",
			  "peer 2001:db8:2::2 group \"in side\"", "quit",
			  "ipv6-family vpn-instance \"v 2\"", "peer 2001:db8:3::2 as-number 1.10",
			  "peer 2001:db8:3::2 connect-interface 2001:db8:3::1", "quit", "quit",
			  /* a multi-instance process and its VPN instance */
			  "bgp 100 instance a", "peer 10.0.3.2 as-number 900",
			  "peer 10.0.3.2 connect-interface LoopBack0 10.1.1.1",
			  "peer 2001:db8:4::2 as-number 900",
			  "peer 2001:db8:4::2 connect-interface LoopBack 0", "group m internal",
			  "peer m connect-interface LoopBack 1", "peer 10.0.3.3 group m",
			  "vpn-instance \"v 2\"", "peer 10.0.5.2 as-number 1000",
			  "peer 10.0.5.2 connect-interface 10.1.1.1", "quit", "quit", "commit"));
	static const char want[] =
		"BINDING_SET group=ext source=10.1.1.1\n"
		"BINDING_SET group=int source=2001:db8::9\n"
		"BINDING_SET inst=a group=m if=LoopBack1 if-vpn=vpn1\n"
		"BINDING_SET inst=a peer=10.0.3.2 if=LoopBack0 source=10.1.1.1\n"
		"BINDING_SET inst=a peer=2001:db8:4::2 if=LoopBack0\n"
		"BINDING_SET inst=a vpn=v 2 peer=10.0.5.2 source=10.1.1.1\n"
		"BINDING_SET peer=10.0.0.2 if=LoopBack0\n"
		"BINDING_SET peer=2001:db8::2 if=LoopBack0 source=2001:db8::1\n"
		"BINDING_SET vpn=v 2 fam=6 peer=2001:db8:3::2 source=2001:db8:3::1\n"
		"BINDING_SET vpn=vpn1 fam=4 peer=10.0.2.2 if=LoopBack1 if-vpn=vpn1 source=10.2.2.3\n"
		"BINDING_SET vpn=vpn1 fam=6 group=in side if=LoopBack0\n"
		"BINDING_SET vpn=vpn1 group=g if=LoopBack1 if-vpn=vpn1 source=10.2.2.2\n"
		"BINDING_SET vpn=vpn1 peer=2001:db8:1::2 if=LoopBack1 if-vpn=vpn1\n"
		"PEER_SET inst=a peer=10.0.3.2 as=900\n"
		"PEER_SET inst=a peer=10.0.3.3 group=m as=100\n"
		"PEER_SET inst=a peer=2001:db8:4::2 as=900\n"
		"PEER_SET inst=a vpn=v 2 peer=10.0.5.2 as=1000\n"
		"PEER_SET peer=10.0.0.2 as=200\n"
		"PEER_SET peer=10.0.0.3 group=ext as=400\n"
		"PEER_SET peer=10.0.0.4 group=int as=100\n"
		"PEER_SET peer=2001:db8::2 as=300\n"
		"PEER_SET peer=2001:db8::3 group=ext as=400\n"
		"PEER_SET vpn=v 2 fam=6 peer=2001:db8:3::2 as=65546\n"
		"PEER_SET vpn=vpn1 fam=4 peer=10.0.2.2 as=800\n"
		"PEER_SET vpn=vpn1 fam=6 peer=2001:db8:2::2 group=in side as=100\n"
		"PEER_SET vpn=vpn1 peer=10.0.1.2 group=g as=600\n"
		"PEER_SET vpn=vpn1 peer=2001:db8:1::2 as=700\n";
	char *shell = shell_set(f);
	ck_assert_str_eq(shell, want);
	daemon_readings(f, dir, &rd);
	readings_are(&rd, want, "every scope", "");
	readings_free(&rd);
	free(shell);
	vsh_store_detach(&f->s);
	fx_close(f);
	unit_rmdir(dir);
}
END_TEST

/* ---- generated configurations ---------------------------------------------------- */

/* A mix of random edits of every view that defines peers (and of the
 * families and interfaces around them), committed one batch after
 * another.  After each commit, these must be equal: what a daemon holds
 * after every commit's operations so far (bgp_backend_changes), the
 * shell's full set (bgp_backend_collect), and each of the daemon's
 * readings of the running configuration.  Edits the shell refuses are
 * part of the mix. */

#define MIX_SEEDS 16
#define MIX_COMMITS 60

/* What a daemon holds: one record per key, the SET operation that made it. */
struct daemon {
	char **key, **val;
	size_t n, cap;
	/* the operations of the commit under way: key, and SET line or NULL */
	char **pkey, **pval;
	size_t pn, pcap;
};

static void daemon_put(struct daemon *d, char *key, char *val)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->key[i], key) == 0) {
			free(d->key[i]);
			free(d->val[i]);
			d->n--;
			d->key[i] = d->key[d->n];
			d->val[i] = d->val[d->n];
			break;
		}
	if (!val) {
		free(key);
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->key = realloc(d->key, d->cap * sizeof *d->key);
		d->val = realloc(d->val, d->cap * sizeof *d->val);
		ck_assert(d->key && d->val);
	}
	d->key[d->n] = key;
	d->val[d->n++] = val;
}

static char *dup_text(const vrpsock_op *op, bool key_only)
{
	char line[1024];
	op_text(op, key_only, line, sizeof line);
	char *s = strdup(line);
	unit_check(s != NULL, "out of memory");
	return s;
}

static int daemon_stage(void *arg, const vrpsock_op *op)
{
	struct daemon *d = arg;
	bool set = op->type == VRPSOCK_MSG_BINDING_SET || op->type == VRPSOCK_MSG_PEER_SET;
	if (d->pn == d->pcap) {
		d->pcap = d->pcap ? 2 * d->pcap : 64;
		d->pkey = realloc(d->pkey, d->pcap * sizeof *d->pkey);
		d->pval = realloc(d->pval, d->pcap * sizeof *d->pval);
		ck_assert(d->pkey && d->pval);
	}
	d->pkey[d->pn] = dup_text(op, true);
	d->pval[d->pn++] = set ? dup_text(op, false) : NULL;
	return 0;
}

struct mixhook {
	view_set *vs;
	struct daemon d;
};

static int mix_prepare(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		       size_t errlen)
{
	struct mixhook *h = arg;
	(void)err, (void)errlen;
	for (size_t i = 0; i < h->d.pn; i++) {
		free(h->d.pkey[i]);
		free(h->d.pval[i]);
	}
	h->d.pn = 0;
	ck_assert_int_eq(bgp_backend_changes(db, h->vs, chg, n, daemon_stage, &h->d), 0);
	return 0;
}

/* The commit went through: the daemon applies what it was sent, in order. */
static int mix_apply(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		     size_t errlen)
{
	struct mixhook *h = arg;
	(void)db, (void)chg, (void)n, (void)err, (void)errlen;
	for (size_t i = 0; i < h->d.pn; i++)
		daemon_put(&h->d, h->d.pkey[i], h->d.pval[i]);
	h->d.pn = 0;
	return 0;
}

static char *daemon_state(const struct daemon *d)
{
	struct rec r = { 0 };
	for (size_t i = 0; i < d->n; i++)
		rec_line(&r, d->val[i]);
	char *s = strdup(joined(&r));
	rec_free(&r);
	return s;
}

static void daemon_free(struct daemon *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->key[i]);
		free(d->val[i]);
	}
	for (size_t i = 0; i < d->pn; i++) {
		free(d->pkey[i]);
		free(d->pval[i]);
	}
	free(d->key);
	free(d->val);
	free(d->pkey);
	free(d->pval);
}

/* The views edited, entered from the system view; F4/F6: the peers their
 * commands name (a view that defines none only enables them). */
enum { F4 = 1, F6 = 2 };
static const struct mix_view {
	const char *path[2];
	unsigned fams;
	bool defines;
} mix_views[] = {
	{ { "bgp 100", NULL }, F4 | F6, true },
	{ { "bgp 100", "vpn-instance vpnA" }, F4 | F6, true },
	{ { "bgp 100", "ipv4-family vpn-instance vpnA" }, F4, true },
	{ { "bgp 100", "ipv6-family vpn-instance vpnA" }, F6, true },
	{ { "bgp 100", "ipv6-family vpn-instance \"v b\"" }, F6, true },
	{ { "bgp 100 instance a", NULL }, F4 | F6, true },
	{ { "bgp 100 instance a", "vpn-instance vpnB" }, F4 | F6, true },
	{ { "bgp 100 instance a", "ipv4-family vpn-instance vpnB" }, F4, true },
	{ { "bgp 100 instance a", "ipv6-family vpn-instance vpnB" }, F6, true },
	{ { "bgp 100", "ipv4-family unicast" }, F4 | F6, false },
	{ { "bgp 100", "ipv6-family unicast" }, F4 | F6, false },
};

/* Group names: a view has three, and shares some with other views (a VPN
 * instance's views refuse a name that another of them has). */
static const char *const mix_groups[] = { "g1", "g2", "\"g 3\"", "g4", "g5" };
/* Peer addresses: a view has three of each family it defines, and shares
 * some with other views (a process refuses an address that another of
 * its views has). */
static const char *const mix_v4[] = { "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4",
				      "10.0.0.5", "10.0.0.6" };
static const char *const mix_v6[] = { "2001:db8::1", "2001:DB8::2", "2001:db8::3",
				      "2001:db8::4", "2001:db8::5", "2001:DB8::6" };
static const char *const mix_as[] = { "100", "200", "65000", "1.10", "4294967295" };
static const char *const mix_src4[] = { "10.1.1.1", "10.9.9.9" };
static const char *const mix_src6[] = { "2001:db8:1::1", "2001:DB8:1::9" };
static const char *const mix_vpns[] = { "vpnA", "vpnB", "\"v b\"" };
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What the mix takes a view to hold, from the lines the shell took
 * (cascades make it a guess, which costs only refusals): bits 0-2 of
 * groups the view's groups (of internal the internal ones); bits 0-2 of
 * peers its IPv4 addresses, 3-5 its IPv6 ones. */
struct mix_held {
	unsigned groups, internal, peers;
};

struct mix {
	fx *f;
	uint64_t s;
	char log[1 << 14]; /* the lines of the current commit */
	size_t nlog;
	int ok, refused;
	unsigned focus; /* the view of most edits */
	struct mix_held held[N(mix_views)];
};

static unsigned pick(struct mix *g, size_t n)
{
	/* xorshift64* */
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (unsigned)((g->s * 0x2545F4914F6CDD1Dull >> 32) % n);
}

/* One of the bits of mask (not 0). */
static unsigned pick_bit(struct mix *g, unsigned mask)
{
	unsigned n = (unsigned)__builtin_popcount(mask), k = pick(g, n);
	for (unsigned i = 0;; i++)
		if ((mask >> i & 1) && k-- == 0)
			return i;
}

static int mix_run(struct mix *g, const char *line)
{
	int rc = fx_run(g->f, line);
	int n = snprintf(g->log + g->nlog, sizeof g->log - g->nlog, "%s%s%.*s\n", line,
			 rc ? "   <- " : "", rc ? (int)strcspn(g->f->out, "\n") : 0, g->f->out);
	if (n > 0 && (size_t)n < sizeof g->log - g->nlog)
		g->nlog += (size_t)n;
	rc ? g->refused++ : g->ok++;
	return rc;
}

/* What an edit does to the view's holdings when the shell takes it. */
enum mix_effect { ME_NONE, ME_GROUP_ADD, ME_IGROUP_ADD, ME_GROUP_DEL, ME_PEER_ADD, ME_PEER_DEL };

/* The view whose peers and groups view v names: itself, or the BGP view
 * for its unicast families. */
static unsigned home_of(unsigned v)
{
	return mix_views[v].defines ? v : 0;
}

/* A group of view v: mostly one it holds. */
static unsigned mix_group(struct mix *g, unsigned v)
{
	unsigned held = g->held[home_of(v)].groups;
	return held && pick(g, 4) ? pick_bit(g, held) : pick(g, 3);
}

static const char *group_name(unsigned v, unsigned bit)
{
	return mix_groups[home_of(v) % 3 + bit];
}

/* A peer of view v (bit of struct mix_held.peers): mostly one it holds. */
static unsigned mix_peer(struct mix *g, unsigned v)
{
	unsigned fams = mix_views[v].fams;
	unsigned may = (fams & F4 ? 07u : 0) | (fams & F6 ? 070u : 0);
	unsigned held = g->held[home_of(v)].peers & may;
	return held && pick(g, 4) ? pick_bit(g, held) : pick_bit(g, may);
}

static const char *peer_addr(unsigned v, unsigned bit)
{
	unsigned i = home_of(v) % 4 + bit % 3;
	return bit < 3 ? mix_v4[i] : mix_v6[i];
}

/* One edit in view v (one that defines peers, or a unicast family). */
static enum mix_effect mix_edit(struct mix *g, unsigned v, char *cmd, size_t cap, unsigned *bit)
{
	unsigned gi = mix_group(g, v), pi = mix_peer(g, v);
	const char *grp = group_name(v, gi);
	const char *addr = peer_addr(v, pi);
	bool on_peer = pick(g, 3);
	const char *who = on_peer ? addr : grp;
	/* the local AS often: what an internal group takes */
	const char *as = pick(g, 3) ? mix_as[pick(g, N(mix_as))] : "100";

	*bit = on_peer ? pi : gi;
	if (!mix_views[v].defines) {
		switch (pick(g, 3)) {
		case 0:
			snprintf(cmd, cap, "peer %s enable", who);
			break;
		case 1:
			snprintf(cmd, cap, "undo peer %s enable", who);
			break;
		default:
			snprintf(cmd, cap, "%speer %s group %s", pick(g, 3) ? "" : "undo ", addr, grp);
			break;
		}
		return ME_NONE;
	}
	switch (pick(g, 20)) {
	case 0:
	case 1:
	case 2: {
		unsigned type = pick(g, 3);
		*bit = gi;
		snprintf(cmd, cap, "group %s%s", grp,
			 (const char *const[]){ "", " internal", " external" }[type]);
		return type < 2 ? ME_IGROUP_ADD : ME_GROUP_ADD;
	}
	case 3:
	case 4:
		/* mostly an AS number the group's type takes */
		if (pick(g, 4))
			as = g->held[v].internal >> gi & 1 ? "100" : mix_as[1 + pick(g, N(mix_as) - 1)];
		snprintf(cmd, cap, "peer %s as-number %s", grp, as);
		return ME_NONE;
	case 5:
		snprintf(cmd, cap, "undo peer %s as-number", grp);
		return ME_NONE;
	case 6:
	case 7:
		*bit = pi;
		snprintf(cmd, cap, "peer %s as-number %s", addr, as);
		return ME_PEER_ADD;
	case 8:
	case 9: {
		/* often a new peer: a member without an AS number of its own */
		unsigned fresh = ~g->held[v].peers & (pi < 3 ? 07u : 070u);
		if (fresh && pick(g, 2)) {
			pi = pick_bit(g, fresh);
			addr = peer_addr(v, pi);
		}
		*bit = pi;
		snprintf(cmd, cap, "peer %s group %s", addr, grp);
		return ME_PEER_ADD;
	}
	case 10:
		*bit = pi;
		snprintf(cmd, cap, "undo peer %s group %s", addr, grp);
		return ME_PEER_DEL; /* without an AS number of its own */
	case 11:
	case 12:
	case 13: {
		/* every form: name, type and number, source, name or type and
		 * number with a source; spelled as users do */
		bool v6 = on_peer && pick(g, 8) ? pi >= 3 : pick(g, 2);
		const char *src = v6 ? mix_src6[pick(g, N(mix_src6))] : mix_src4[pick(g, N(mix_src4))];
		static const char *const ifs[] = { "LoopBack%u", "LoopBack %u", "loopback%u",
						   "loopback %u", "" };
		char ifn[32] = "";
		unsigned form = pick(g, N(ifs));
		if (ifs[form][0])
			snprintf(ifn, sizeof ifn, ifs[form], pick(g, 4));
		bool with_src = !ifn[0] || pick(g, 2);
		snprintf(cmd, cap, "peer %s connect-interface %s%s%s", who, ifn,
			 ifn[0] && with_src ? " " : "", with_src ? src : "");
		return ME_NONE;
	}
	case 14:
		snprintf(cmd, cap, "undo peer %s connect-interface", who);
		return ME_NONE;
	case 15:
		if (on_peer) {
			snprintf(cmd, cap, "undo peer %s", addr);
			return ME_PEER_DEL;
		}
		snprintf(cmd, cap, "undo group %s", grp);
		return ME_GROUP_DEL;
	case 16:
		snprintf(cmd, cap, "peer %s description %s", who, pick(g, 2) ? "uplink" : "to the core");
		return ME_NONE;
	case 17:
		snprintf(cmd, cap, "peer %s ebgp-max-hop", who);
		return ME_NONE;
	default:
		snprintf(cmd, cap, "%speer %s enable", pick(g, 2) ? "" : "undo ", who);
		return ME_NONE;
	}
}

static bool in_system_view(fx *f)
{
	const char *p = fx_prompt(f);
	return strcmp(p, "[~HUAWEI]") == 0 || strcmp(p, "[*HUAWEI]") == 0;
}

/* Whole sections that go (entering one again makes it anew), and the
 * views that go with them. */
static const struct mix_drop {
	const char *path, *cmd;
	unsigned views; /* bit i: mix_views[i] */
} mix_drops[] = {
	{ "bgp 100", "undo vpn-instance vpnA", 1u << 1 },
	{ "bgp 100", "undo ipv4-family vpn-instance vpnA", 1u << 2 },
	{ "bgp 100", "undo ipv6-family vpn-instance vpnA", 1u << 3 },
	{ "bgp 100", "undo ipv6-family vpn-instance \"v b\"", 1u << 4 },
	{ "bgp 100 instance a", "undo vpn-instance vpnB", 1u << 6 },
	{ NULL, "undo bgp 100 instance a", 0xfu << 5 },
};

/* One edit anywhere, from the system view and back to it. */
static void mix_step(struct mix *g)
{
	char cmd[256], path[64];
	const char *enter[2] = { NULL, NULL };
	unsigned r = pick(g, 24), v = 0, bit = 0, drops = 0;
	enum mix_effect eff = ME_NONE;

	if (r < 2) {
		/* an interface bound to a VPN instance, or no longer */
		snprintf(path, sizeof path, "interface LoopBack%u", pick(g, 4));
		enter[0] = path;
		snprintf(cmd, sizeof cmd, "%sip binding vpn-instance %s", pick(g, 3) ? "" : "undo ",
			 mix_vpns[pick(g, N(mix_vpns))]);
	} else if (r < 3) {
		const struct mix_drop *d = &mix_drops[pick(g, N(mix_drops))];
		enter[0] = d->path;
		snprintf(cmd, sizeof cmd, "%s", d->cmd);
		drops = d->views;
	} else {
		v = pick(g, 4) ? g->focus : pick(g, N(mix_views));
		enter[0] = mix_views[v].path[0];
		enter[1] = mix_views[v].path[1];
		eff = mix_edit(g, v, cmd, sizeof cmd, &bit);
	}
	int in = 0;
	while (in < 2 && enter[in] && mix_run(g, enter[in]) == 0)
		in++;
	if ((in == 2 || !enter[in]) && mix_run(g, cmd) == 0) {
		struct mix_held *h = &g->held[v];
		for (unsigned i = 0; i < N(mix_views); i++)
			if (drops >> i & 1)
				g->held[i] = (struct mix_held){ 0, 0, 0 };
		switch (eff) {
		case ME_GROUP_ADD:
		case ME_IGROUP_ADD:
			if (!(h->groups >> bit & 1) && eff == ME_IGROUP_ADD)
				h->internal |= 1u << bit;
			h->groups |= 1u << bit;
			break;
		case ME_GROUP_DEL:
			h->groups &= ~(1u << bit);
			h->internal &= ~(1u << bit);
			break;
		case ME_PEER_ADD:
			h->peers |= 1u << bit;
			break;
		case ME_PEER_DEL:
			h->peers &= ~(1u << bit);
			break;
		default:
			break;
		}
	}
	/* back to the system view (a command of an upper view moves the
	 * session there) */
	for (int i = 0; i < 4 && !in_system_view(g->f); i++)
		ck_assert_int_eq(mix_run(g, "quit"), 0);
	ck_assert_msg(in_system_view(g->f), "%s", fx_prompt(g->f));
}

/* What the runs covered, from the shell's full sets: each scope, each
 * binding form, group and AS forms. */
static const char *const mix_scopes[] = {
	"BINDING_SET group=", "BINDING_SET peer=10.", "BINDING_SET peer=2001:",
	"BINDING_SET inst=a group=", "BINDING_SET inst=a peer=10.", "BINDING_SET inst=a peer=2001:",
	"BINDING_SET vpn=vpnA group=", "BINDING_SET vpn=vpnA peer=",
	"BINDING_SET vpn=vpnA fam=4 ", "BINDING_SET vpn=vpnA fam=6 ", "BINDING_SET vpn=v b fam=6 ",
	"BINDING_SET inst=a vpn=vpnB peer=", "BINDING_SET inst=a vpn=vpnB fam=4 ",
	"BINDING_SET inst=a vpn=vpnB fam=6 ",
	"PEER_SET peer=10.", "PEER_SET peer=2001:", "PEER_SET inst=a peer=",
	"PEER_SET vpn=vpnA peer=", "PEER_SET vpn=vpnA fam=4 ", "PEER_SET vpn=vpnA fam=6 ",
	"PEER_SET vpn=v b fam=6 ", "PEER_SET inst=a vpn=vpnB peer=",
	"PEER_SET inst=a vpn=vpnB fam=4 ", "PEER_SET inst=a vpn=vpnB fam=6 ",
	" group=g 3 ", " as=65546\n", " as=4294967295\n", " group=g1 as=100\n",
};
enum {
	CV_IF, CV_SRC4, CV_SRC6, CV_IF_SRC4, CV_IF_SRC6, CV_IF_VPN, CV_FORMS
};
static const char *const mix_forms[CV_FORMS] = {
	"an interface", "an IPv4 source", "an IPv6 source", "an interface and an IPv4 source",
	"an interface and an IPv6 source", "an interface bound to a VPN instance",
};

static void mix_cover(const char *set, bool scopes[], bool forms[])
{
	for (size_t i = 0; i < N(mix_scopes); i++)
		if (strstr(set, mix_scopes[i]))
			scopes[i] = true;
	for (const char *l = set; *l;) {
		const char *e = strchr(l, '\n');
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(e - l), l);
		l = e + 1;
		if (strncmp(line, "BINDING_SET ", 12) != 0)
			continue;
		bool ifn = strstr(line, " if=") != NULL;
		bool src4 = strstr(line, " source=") && !strchr(strstr(line, " source="), ':');
		bool src6 = strstr(line, " source=") && !src4;
		forms[ifn ? (src4 ? CV_IF_SRC4 : src6 ? CV_IF_SRC6 : CV_IF)
			  : (src4 ? CV_SRC4 : CV_SRC6)] = true;
		if (strstr(line, " if-vpn="))
			forms[CV_IF_VPN] = true;
	}
}

START_TEST(generated_configurations_agree)
{
	bool scopes[N(mix_scopes)] = { false }, forms[CV_FORMS] = { false };
	int ok = 0, refused = 0;

	for (unsigned seed = 1; seed <= MIX_SEEDS; seed++) {
		char *dir = unit_tmpdir("bindmix");
		char err[256], context[64];
		struct mix g = { .s = seed * 0x9E3779B97F4A7C15ull };
		struct mixhook h = { 0 };
		vsh_store_opts so = { .dir = dir };

		g.f = fx_open(NULL, false, 3);
		h.vs = g.f->vs;
		ck_assert_msg(vsh_store_attach(&g.f->s, &so, err, sizeof err) == 0, "%s", err);
		ck_assert_int_eq(cfg_hook_add(g.f->db, mix_prepare, mix_apply, &h), 0);
		fx_ok(g.f, FX_LINES("system-view", "ip vpn-instance vpnA", "ipv4-family",
				    "route-distinguisher 1:1", "quit", "ipv6-family",
				    "route-distinguisher 1:2", "quit", "quit", "ip vpn-instance vpnB",
				    "ipv4-family", "route-distinguisher 2:1", "quit", "quit",
				    "ip vpn-instance \"v b\"", "quit", "interface LoopBack0", "quit",
				    "interface LoopBack1", "quit", "interface LoopBack2",
				    "ip binding vpn-instance vpnA", "quit", "interface LoopBack3",
				    "ip binding vpn-instance \"v b\"", "quit", "bgp 100", "quit",
				    "bgp 100 instance a", "quit", "commit"));
		for (int c = 1; c <= MIX_COMMITS; c++) {
			struct readings rd;
			g.nlog = 0;
			if (c == 1 || pick(&g, 3) == 0)
				g.focus = pick(&g, N(mix_views));
			for (unsigned i = 1 + pick(&g, 12); i > 0; i--)
				mix_step(&g);
			mix_run(&g, "commit");
			char *shell = shell_set(g.f);
			char *held = daemon_state(&h.d);
			daemon_readings(g.f, dir, &rd);
			ck_assert_msg(strcmp(held, shell) == 0,
				      "seed %u, commit %d: the commits sent\n%s\nbut the full set is\n%s\n"
				      "after\n%s\nin\n%s", seed, c, held, shell, g.log, rd.rendered);
			snprintf(context, sizeof context, "seed %u, commit %d", seed, c);
			readings_are(&rd, shell, context, g.log);
			mix_cover(shell, scopes, forms);
			readings_free(&rd);
			free(held);
			free(shell);
		}
		ok += g.ok;
		refused += g.refused;
		vsh_store_detach(&g.f->s);
		fx_close(g.f);
		daemon_free(&h.d);
		unit_rmdir(dir);
	}
	/* The mix reached every scope and form. */
	for (size_t i = 0; i < N(mix_scopes); i++)
		ck_assert_msg(scopes[i], "no full set held '%s'", mix_scopes[i]);
	for (size_t i = 0; i < CV_FORMS; i++)
		ck_assert_msg(forms[i], "no binding had %s", mix_forms[i]);
	ck_assert_msg(ok > 2 * refused, "%d lines ran, %d were refused", ok, refused);
}
END_TEST

/* ---- without a daemon ------------------------------------------------------------- */

START_TEST(commit_without_daemon_warns)
{
	fx *f = fx_open(NULL, false, 3);
	char err[128];
	bgp_backend_opts o = { true, NOBODY_PORT, 500 };

	ck_assert_int_eq(bgp_backend_attach(&f->s, &o, err, sizeof err), 0);
	ck_assert_int_eq(bgp_backend_attach(&f->s, &o, err, sizeof err), -1);
	fx_ok(f, FX_LINES(SETUP, "group test external", "peer test as-number 200"));
	/* No binding or peer in the change: nothing to send, nothing said. */
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	fx_ok(f, FX_LINES("peer test connect-interface LoopBack 0"));
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "Warning: vrp-sockd is not running; the BGP connect-interface "
				 "bindings will apply when it starts.\n");
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp-6-vpn1]");
	bgp_backend_detach(&f->s);
	/* Detached: the hooks stay registered but do nothing. */
	fx_ok(f, FX_LINES("undo peer test connect-interface"));
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

START_TEST(backend_none_is_silent)
{
	fx *f = fx_open(NULL, false, 3);
	char err[128];
	bgp_backend_opts o = { false, NOBODY_PORT, 500 };

	ck_assert_int_eq(bgp_backend_attach(&f->s, &o, err, sizeof err), 0);
	fx_ok(f, FX_LINES(SETUP, "group test external", "peer test as-number 200",
			  "peer test connect-interface LoopBack 0"));
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	bgp_backend_detach(&f->s);
	fx_close(f);
}
END_TEST

static bool has_display_bgp(fx *f)
{
	fx_run(f, "display bgp vpnv6 all peer");
	return strncmp(f->out, "Error", 5) != 0 && !strstr(f->out, "Error: Unrecognized");
}

START_TEST(display_without_daemon)
{
	fx *f = fx_open(NULL, false, 3);
	char err[128];
	bgp_backend_opts o = { false, NOBODY_PORT, 500 };

	ck_assert_int_eq(bgp_backend_attach(&f->s, &o, err, sizeof err), 0);
	ck_assert_msg(has_display_bgp(f), "view_cmds_display_bgp is not in the command set");
	fx_ok(f, FX_LINES(SETUP, "quit", "router-id 10.1.1.1", "ipv6-family vpn-instance vpn1",
			  "group test external", "peer test as-number 65410",
			  "peer 2001:db8:2000::2 group test", "group g2 internal",
			  "peer 2001:DB8:2000::10 group g2", "commit"));
	ck_assert_int_eq(fx_run(f, "display bgp vpnv6 all peer"), 0);
	ck_assert_str_eq(f->out,
			 "BGP local router ID : 10.1.1.1\n"
			 " Local AS number : 100\n"
			 " Total number of peers : 2                 Peers in established state : 0\n"
			 "\n"
			 "  Peer              V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State "
			 "PrefRcv\n"
			 "\n"
			 "  Peer of IPv6-family for vpn instance :\n"
			 "\n"
			 "  VPN-Instance vpn1 :\n"
			 "  2001:DB8:2000::2  4   65410      0        0     0   00:00:00            Idle"
			 "    0\n"
			 "  2001:DB8:2000::10 4   100        0        0     0   00:00:00            Idle"
			 "    0\n"
			 "\n");
	ck_assert_int_eq(fx_run(f, "display bgp vpnv6 vpn-instance vpn1 peer"), 0);
	ck_assert_ptr_nonnull(strstr(f->out, " Total number of peers : 2 "));
	ck_assert_int_eq(fx_run(f, "display bgp vpnv6 vpn-instance vpn1 group test"), 0);
	ck_assert_str_eq(f->out,
			 "BGP peer-group      : test\n"
			 " Remote AS 65410\n"
			 " Type               : external\n"
			 " PeerSession Members:\n"
			 " \n"
			 " Peer Members:\n"
			 "   2001:DB8:2000::2\n"
			 "\n");
	ck_assert_int_eq(fx_run(f, "display bgp vpnv6 vpn-instance vpn1 group"), 0);
	ck_assert_ptr_nonnull(strstr(f->out, "BGP peer-group      : g2\n Remote AS 100\n"
					     " Type               : internal\n"));
	ck_assert_int_eq(fx_run(f, "display bgp vpnv6 vpn-instance vpn1 group nosuch"), -1);
	ck_assert_str_eq(f->out, "Error: The peer group nosuch does not exist.\n");
	/* Another BGP instance: not configured, nothing shown. */
	ck_assert_int_eq(fx_run(f, "display bgp instance x vpnv6 all peer"), 0);
	ck_assert_str_eq(f->out, "");
	bgp_backend_detach(&f->s);
	fx_close(f);
}
END_TEST

static Suite *make_backend_hook_suite(void)
{
	Suite *s = suite_create("backend_hook");
	TCase *tc = tcase_create("hook");
	tcase_add_test(tc, example_and_peers);
	tcase_add_test(tc, internal_group_and_instances);
	tcase_add_test(tc, collect_all);
	tcase_add_test(tc, daemon_extractor_agrees);
	tcase_add_test(tc, generated_configurations_agree);
	tcase_add_test(tc, public_and_ipv4_scopes);
	tcase_add_test(tc, commit_without_daemon_warns);
	tcase_add_test(tc, backend_none_is_silent);
	tcase_add_test(tc, display_without_daemon);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(backend_hook, make_backend_hook_suite)
