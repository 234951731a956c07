/* What a commit sends to vrp-sockd (views/bgp_backend.c): the binding and
 * peer operations a commit's changes turn into, the full set of a
 * configuration, the warning when no daemon answers, and the display
 * commands without a daemon. */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "backend/bindings.h"
#include "views/bgp_backend.h"
#include "vsh_fixture.h"

/* Nothing listens there: a port id no process has. */
#define NOBODY_PORT 0x7ffffff1u

/* ---- recording operations ----------------------------------------------------- */

struct rec {
	char *v[64];
	int n;
};

static int record(void *arg, const vrpsock_op *op)
{
	struct rec *r = arg;
	char line[512], a[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];
	int n = snprintf(line, sizeof line, "%s", vrpsock_msg_name(op->type));
	if (op->inst)
		n += snprintf(line + n, sizeof line - (size_t)n, " inst=%s", op->inst);
	if (op->have & VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE))
		n += snprintf(line + n, sizeof line - (size_t)n, " vpn=%s", op->vpn);
	if (op->have & VRPSOCK_HAVE(VRPSOCK_A_FAMILY))
		n += snprintf(line + n, sizeof line - (size_t)n, " fam=%u", (unsigned)op->family);
	bool binding = op->type == VRPSOCK_MSG_BINDING_SET || op->type == VRPSOCK_MSG_BINDING_DEL;
	/* IPv4 addresses are held IPv4-mapped */
	if (op->have & VRPSOCK_HAVE(VRPSOCK_A_PEER))
		n += snprintf(line + n, sizeof line - (size_t)n, " peer=%s",
			      IN6_IS_ADDR_V4MAPPED(&op->peer)
				      ? inet_ntop(AF_INET, op->peer.s6_addr + 12, a, sizeof a)
				      : inet_ntop(AF_INET6, &op->peer, a, sizeof a));
	if (op->group)
		n += snprintf(line + n, sizeof line - (size_t)n, " group=%s", op->group);
	if (op->ifname)
		n += snprintf(line + n, sizeof line - (size_t)n, " if=%s", op->ifname);
	if (op->if_vpn)
		n += snprintf(line + n, sizeof line - (size_t)n, " if-vpn=%s", op->if_vpn);
	if (op->have & VRPSOCK_HAVE(VRPSOCK_A_SOURCE))
		n += snprintf(line + n, sizeof line - (size_t)n, " source=%s",
			      IN6_IS_ADDR_V4MAPPED(&op->source)
				      ? inet_ntop(AF_INET, op->source.s6_addr + 12, s, sizeof s)
				      : inet_ntop(AF_INET6, &op->source, s, sizeof s));
	if (!binding && (op->have & VRPSOCK_HAVE(VRPSOCK_A_AS)))
		snprintf(line + n, sizeof line - (size_t)n, " as=%u", (unsigned)op->as);
	ck_assert_int_lt(r->n, 64);
	r->v[r->n++] = strdup(line);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The recorded operations, sorted, one a line. */
static const char *joined(struct rec *r)
{
	static char out[8192];
	size_t n = 0;
	qsort(r->v, (size_t)r->n, sizeof r->v[0], cmp);
	out[0] = '\0';
	for (int i = 0; i < r->n; i++) {
		n += (size_t)snprintf(out + n, sizeof out - n, "%s\n", r->v[i]);
		free(r->v[i]);
	}
	r->n = 0;
	return out;
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
}
END_TEST

START_TEST(collect_all)
{
	fx *f = fx_open(NULL, false, 3);
	struct rec r = { { 0 }, 0 };

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
}
END_TEST

/* The daemon reads the same configuration through its own extractor
 * (backend/bindings.h), from the lines alone: it must find what the
 * shell's commit hooks find. */
START_TEST(daemon_extractor_agrees)
{
	fx *f = fx_open(NULL, false, 3);
	struct rec r = { { 0 }, 0 };

	fx_ok(f, FX_LINES(SETUP, "group test external", "peer test as-number 200",
			  "peer test connect-interface LoopBack 0 2001:db8:1::1",
			  "peer 2001:db8::2 group test", "peer 2001:db8::3 as-number 300",
			  "peer 2001:db8::3 group test",
			  "peer 2001:db8::3 connect-interface 2001:db8:1::9",
			  "group \"in side\" internal", "peer 2001:db8::7 group \"in side\"",
			  "quit", "quit", "interface LoopBack 0", "ip binding vpn-instance vpn1",
			  "quit", "bgp 100 instance a", "ipv6-family vpn-instance vpn1",
			  "group g external", "peer g as-number 65000",
			  "peer g connect-interface LoopBack 0", "peer 2001:db8::8 group g", "commit"));
	ck_assert_int_eq(bgp_backend_collect(f->db, f->vs, CFG_RUNNING, record, &r), 0);
	char *shell = strdup(joined(&r));
	ck_assert_int_eq(vrpsock_bindings(f->db, CFG_RUNNING, record, &r), 0);
	ck_assert_str_eq(joined(&r), shell);
	ck_assert_str_eq(shell,
			 "BINDING_SET inst=a vpn=vpn1 group=g if=LoopBack0 if-vpn=vpn1\n"
			 "BINDING_SET vpn=vpn1 group=test if=LoopBack0 if-vpn=vpn1 "
			 "source=2001:db8:1::1\n"
			 "BINDING_SET vpn=vpn1 peer=2001:db8::3 source=2001:db8:1::9\n"
			 "PEER_SET inst=a vpn=vpn1 peer=2001:db8::8 group=g as=65000\n"
			 "PEER_SET vpn=vpn1 peer=2001:db8::2 group=test as=200\n"
			 "PEER_SET vpn=vpn1 peer=2001:db8::3 group=test as=300\n"
			 "PEER_SET vpn=vpn1 peer=2001:db8::7 group=in side as=100\n");
	free(shell);
	fx_close(f);
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
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, example_and_peers);
	tcase_add_test(tc, internal_group_and_instances);
	tcase_add_test(tc, collect_all);
	tcase_add_test(tc, daemon_extractor_agrees);
	tcase_add_test(tc, public_and_ipv4_scopes);
	tcase_add_test(tc, commit_without_daemon_warns);
	tcase_add_test(tc, backend_none_is_silent);
	tcase_add_test(tc, display_without_daemon);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(backend_hook, make_backend_hook_suite)
