/* The BGP views beyond the IPv6 VPN family: the BGP view, BGP
 * multi-instance view, BGP-VPN instance views (`vpn-instance V`) and the
 * IPv4 VPN family (`ipv4-family vpn-instance V`), with the IPv4 and IPv6
 * unicast families: connect-interface in each of them, the default
 * address-family blocks, inheritance between a group and its members, and
 * the rules of the pages' Usage Guidelines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "unit.h"
#include "vsh_fixture.h"

/* LoopBack0 with one IPv4 and one IPv6 address, VPN instance vpn1 with
 * both families; the session is in the system view. */
static fx *open_sys(const char *model)
{
	fx *f = fx_open(model, false, 3);
	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "ip address 10.1.1.1 32",
			  "ipv6 enable", "ipv6 address 2001:db8::1 128", "quit",
			  "ip vpn-instance vpn1", "ipv4-family", "route-distinguisher 1:1", "quit",
			  "ipv6-family", "route-distinguisher 1:1", "quit", "quit"));
	return f;
}

/* The BGP sections of the candidate configuration (from the first "bgp"
 * line to the end of the last one), malloc'ed. */
static char *bgp_text(fx *f)
{
	char *all = ex_render(f, CFG_CANDIDATE);
	char *b = strstr(all, "\nbgp ");
	char *out;

	if (!b) {
		free(all);
		return strdup("");
	}
	b++;
	char *e = b, *n;
	/* the last line that belongs to a bgp section */
	for (char *p = b; (n = strstr(p, "\n#\n")) != NULL; p = n + 3) {
		e = n + 3;
		if (strncmp(n + 3, "bgp ", 4) != 0)
			break;
	}
	out = strndup(b, (size_t)(e - b));
	free(all);
	return out;
}

#define BGP_EQ(f, want)                                   \
	do {                                              \
		char *got_ = bgp_text(f);                 \
		ck_assert_str_eq(got_, want);             \
		free(got_);                               \
	} while (0)

/* One peer-defining view: how to enter it from the system view, its
 * prompt, and how its lines are indented in the configuration. */
static const struct where {
	const char *enter[3], *prompt, *head, *ind;
} views[] = {
	{ { "bgp 100", NULL }, "[*HUAWEI-bgp]", "bgp 100\n", " " },
	{ { "bgp 100 instance a", NULL }, "[*HUAWEI-bgp-instance-a]", "bgp 100 instance a\n", " " },
	{ { "bgp 100", "vpn-instance vpn1", NULL }, "[*HUAWEI-bgp-instance-vpn1]",
	  "bgp 100\n #\n vpn-instance vpn1\n", "  " },
	{ { "bgp 100 instance a", "vpn-instance vpn1", NULL },
	  "[*HUAWEI-bgp-instance-a-instance-vpn1]", "bgp 100 instance a\n #\n vpn-instance vpn1\n",
	  "  " },
	{ { "bgp 100", "ipv4-family vpn-instance vpn1", NULL }, "[*HUAWEI-bgp-vpn1]",
	  "bgp 100\n #\n ipv4-family unicast\n #\n ipv4-family vpn-instance vpn1\n", "  " },
	{ { "bgp 100 instance a", "ipv4-family vpn-instance vpn1", NULL },
	  "[*HUAWEI-bgp-instance-a-vpn1]",
	  "bgp 100 instance a\n #\n ipv4-family vpn-instance vpn1\n", "  " },
};
#define NVIEWS (sizeof views / sizeof views[0])

static void enter(fx *f, const struct where *w)
{
	fx_ok(f, w->enter);
	ck_assert_str_eq(fx_prompt(f), w->prompt);
}

/* Every connect-interface form for an IPv4 peer and a group, in every view
 * that defines them; the undo form removes only the setting. */
START_TEST(connect_interface_ipv4_every_view)
{
	static const struct {
		const char *arg, *shown;
	} forms[] = {
		{ "LoopBack0", "LoopBack0" },
		{ "loopback 0", "LoopBack0" },
		{ "10.1.1.1", "10.1.1.1" },
		{ "LoopBack0 10.1.1.1", "LoopBack0 10.1.1.1" },
		{ "LoopBack 0 10.1.1.1", "LoopBack0 10.1.1.1" },
	};
	char cmd[128], want[512];

	for (size_t v = 0; v < NVIEWS; v++) {
		const struct where *w = &views[v];
		/* the BGP view enables its IPv4 peers in the IPv4 unicast family */
		const char *af = v == 0 ? " #\n ipv4-family unicast\n  peer 10.1.1.2 enable\n"
					  "  peer g enable\n" : "";
		fx *f = open_sys(NULL);
		enter(f, w);
		fx_ok(f, FX_LINES("peer 10.1.1.2 as-number 200", "group g external"));
		for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
			snprintf(cmd, sizeof cmd, "peer 10.1.1.2 connect-interface %s", forms[i].arg);
			ck_assert_msg(fx_run(f, cmd) == 0, "%s: %s", cmd, f->out);
			snprintf(cmd, sizeof cmd, "peer g connect-interface %s", forms[i].arg);
			ck_assert_msg(fx_run(f, cmd) == 0, "%s: %s", cmd, f->out);
			snprintf(want, sizeof want,
				 "%s%speer 10.1.1.2 as-number 200\n"
				 "%speer 10.1.1.2 connect-interface %s\n"
				 "%sgroup g external\n"
				 "%speer g connect-interface %s\n%s#\n",
				 w->head, w->ind, w->ind, forms[i].shown, w->ind, w->ind,
				 forms[i].shown, af);
			BGP_EQ(f, want);
		}
		fx_ok(f, FX_LINES("undo peer 10.1.1.2 connect-interface",
				  "undo peer g connect-interface"));
		snprintf(want, sizeof want,
			 "%s%speer 10.1.1.2 as-number 200\n%sgroup g external\n%s#\n", w->head,
			 w->ind, w->ind, af);
		BGP_EQ(f, want);
		fx_close(f);
	}
}
END_TEST

/* IPv6 peers: the BGP view, the BGP-VPN instance views and the BGP
 * multi-instance view take them; the IPv4 VPN family does not. */
START_TEST(connect_interface_ipv6_peers)
{
	for (size_t v = 0; v < NVIEWS; v++) {
		const struct where *w = &views[v];
		bool v4only = v >= 4;
		fx *f = open_sys(NULL);
		enter(f, w);
		int rc = fx_run(f, "peer 2001:db8::2 as-number 200");
		if (v4only) {
			ck_assert_int_eq(rc, -1);
			ck_assert_str_eq(f->out,
					 "Error: IPv6 peers cannot be configured in this view.\n");
			fx_close(f);
			continue;
		}
		ck_assert_msg(rc == 0, "%s", f->out);
		fx_ok(f, FX_LINES("peer 2001:db8::2 connect-interface LoopBack0 2001:db8::1"));
		char *got = bgp_text(f);
		ck_assert_msg(strstr(got, "peer 2001:DB8::2 connect-interface LoopBack0 2001:DB8::1\n"),
			      "%s", got);
		free(got);
		/* an IPv4 source for an IPv6 peer is no IPv6 address */
		ck_assert_int_eq(fx_run(f, "peer 2001:db8::2 connect-interface 10.1.1.1"), -1);
		fx_close(f);
	}
}
END_TEST

/* Without a source address, the interface must have one address of the
 * peer's family (which one would be the source otherwise?). */
START_TEST(connect_interface_several_addresses)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("interface LoopBack 0", "ip address 10.1.1.2 32 sub", "quit", "bgp 100",
			  "peer 10.1.1.9 as-number 200", "peer 2001:db8::9 as-number 200",
			  "group g external"));
	ex_refused(f, "peer 10.1.1.9 connect-interface LoopBack0",
		   "Error: Interface LoopBack0 has 2 IPv4 addresses. Specify the source IPv4 "
		   "address.\n");
	/* a group of the BGP view may hold IPv4 peers */
	ex_refused(f, "peer g connect-interface LoopBack0",
		   "Error: Interface LoopBack0 has 2 IPv4 addresses. Specify the source IPv4 "
		   "address.\n");
	fx_ok(f, FX_LINES("peer 10.1.1.9 connect-interface LoopBack0 10.1.1.2",
			  "peer g connect-interface LoopBack0 10.1.1.1",
			  /* one IPv6 address: fine for the IPv6 peer */
			  "peer 2001:db8::9 connect-interface LoopBack0", "quit", "interface LoopBack 0",
			  "ipv6 address 2001:db8::2 128", "quit", "bgp 100"));
	ex_refused(f, "peer 2001:db8::9 connect-interface LoopBack 0",
		   "Error: Interface LoopBack0 has 2 IPv6 addresses. Specify the source IPv6 "
		   "address.\n");
	fx_close(f);
}
END_TEST

START_TEST(connect_interface_bad_source)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100", "peer 10.1.1.9 as-number 200", "peer 2001:db8::9 as-number 200"));
	ex_refused(f, "peer 10.1.1.9 connect-interface 0.0.0.0",
		   "Error: The source IPv4 address is invalid.\n");
	ex_refused(f, "peer 10.1.1.9 connect-interface LoopBack0 224.0.0.5",
		   "Error: The source IPv4 address is invalid.\n");
	ex_refused(f, "peer 2001:db8::9 connect-interface ::ffff:10.1.1.1",
		   "Error: The source IPv6 address is invalid.\n");
	ex_refused(f, "peer 2001:db8::9 connect-interface ff02::1",
		   "Error: The source IPv6 address is invalid.\n");
	fx_close(f);
}
END_TEST

/* The default address-family blocks: the BGP view's IPv4 unicast family
 * appears with its first peer or group and enables the IPv4 ones (and the
 * members of groups); the IPv6 unicast family appears with the first IPv6
 * VPN family.  A multi-instance view has neither. */
START_TEST(default_family_blocks)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100"));
	BGP_EQ(f, "bgp 100\n#\n");
	fx_ok(f, FX_LINES("peer 2001:db8::9 as-number 200"));
	BGP_EQ(f, "bgp 100\n peer 2001:DB8::9 as-number 200\n #\n ipv4-family unicast\n#\n");
	fx_ok(f, FX_LINES("peer 10.1.1.9 as-number 200", "group g external", "peer g as-number 300",
			  "peer 10.1.1.8 group g"));
	BGP_EQ(f, "bgp 100\n"
		  " peer 10.1.1.9 as-number 200\n"
		  " peer 2001:DB8::9 as-number 200\n"
		  " group g external\n"
		  " peer g as-number 300\n"
		  " peer 10.1.1.8 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer 10.1.1.9 enable\n"
		  "  peer g enable\n"
		  "  peer 10.1.1.8 enable\n"
		  "  peer 10.1.1.8 group g\n"
		  "#\n");
	/* disabled where it is on by default: an undo line; enabled by hand
	 * in the family view */
	fx_ok(f, FX_LINES("ipv4-family unicast", "undo peer 10.1.1.9 enable",
			  "peer 2001:db8::9 enable", "quit", "ipv6-family vpn-instance vpn1", "quit"));
	BGP_EQ(f, "bgp 100\n"
		  " peer 10.1.1.9 as-number 200\n"
		  " peer 2001:DB8::9 as-number 200\n"
		  " group g external\n"
		  " peer g as-number 300\n"
		  " peer 10.1.1.8 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  undo peer 10.1.1.9 enable\n"
		  "  peer 2001:DB8::9 enable\n"
		  "  peer g enable\n"
		  "  peer 10.1.1.8 enable\n"
		  "  peer 10.1.1.8 group g\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  " #\n"
		  " ipv6-family vpn-instance vpn1\n"
		  "#\n");
	/* (typed in the BGP view, enable is IPv4 unicast's); enabled again:
	 * the undo line goes; an IPv6 peer off where it is not on by
	 * default: no line */
	fx_ok(f, FX_LINES("undo peer g enable", "peer 10.1.1.9 enable", "ipv4-family unicast",
			  "undo peer 2001:db8::9 enable", "quit"));
	BGP_EQ(f, "bgp 100\n"
		  " peer 10.1.1.9 as-number 200\n"
		  " peer 2001:DB8::9 as-number 200\n"
		  " group g external\n"
		  " peer g as-number 300\n"
		  " peer 10.1.1.8 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer 10.1.1.9 enable\n"
		  "  undo peer g enable\n"
		  "  peer 10.1.1.8 enable\n"
		  "  peer 10.1.1.8 group g\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  " #\n"
		  " ipv6-family vpn-instance vpn1\n"
		  "#\n");
	fx_ok(f, FX_LINES("peer g enable", "ipv4-family unicast", "peer 2001:db8::9 enable", "quit"));
	/* a removed peer takes its family lines along */
	fx_ok(f, FX_LINES("undo peer 10.1.1.8", "undo peer 2001:db8::9", "undo group g",
			  "undo peer 10.1.1.9", "quit", "bgp 100 instance a",
			  "peer 10.1.1.1 as-number 5"));
	BGP_EQ(f, "bgp 100\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  " #\n"
		  " ipv6-family vpn-instance vpn1\n"
		  "#\n"
		  "bgp 100 instance a\n"
		  " peer 10.1.1.1 as-number 5\n"
		  "#\n");
	fx_close(f);
}
END_TEST

/* peer enable in the IPv6 unicast family and in the VPN families: the
 * members of a group are shown under the group there too. */
START_TEST(enable_in_families)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100", "group g internal", "peer 2001:db8::9 group g",
			  "ipv6-family unicast", "peer g enable", "peer 2001:db8::9 enable", "quit"));
	BGP_EQ(f, "bgp 100\n"
		  " group g internal\n"
		  " peer 2001:DB8::9 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  "  peer g enable\n"
		  "  peer 2001:DB8::9 enable\n"
		  "  peer 2001:DB8::9 group g\n"
		  "#\n");
	/* a peer must exist before it is enabled */
	fx_ok(f, FX_LINES("ipv4-family unicast"));
	ex_refused(f, "peer 10.9.9.9 enable", "Error: The peer 10.9.9.9 does not exist.\n");
	ex_refused(f, "peer h enable", "Error: The peer group h does not exist.\n");
	fx_close(f);
}
END_TEST

/* peer X group G in a unicast family: the peer joins the group and is
 * enabled there; its undo takes it out of that family only (the pages'
 * Precautions: as undo peer X enable). */
START_TEST(family_peer_group)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100", "group g internal", "peer 2001:db8::9 as-number 100",
			  "ipv6-family unicast", "peer g enable", "peer 2001:db8::9 group g"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-af-ipv6]");
	BGP_EQ(f, "bgp 100\n"
		  " group g internal\n"
		  " peer 2001:DB8::9 as-number 100\n"
		  " peer 2001:DB8::9 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  "  peer g enable\n"
		  "  peer 2001:DB8::9 enable\n"
		  "  peer 2001:DB8::9 group g\n"
		  "#\n");
	ex_refused(f, "undo peer 2001:db8::9 group h",
		   "Error: Peer 2001:DB8::9 is not a member of peer group h.\n");
	ex_refused(f, "undo peer 2001:db8::8 group g", "Error: The peer 2001:DB8::8 does not exist.\n");
	fx_ok(f, FX_LINES("undo peer 2001:db8::9 group g"));
	BGP_EQ(f, "bgp 100\n"
		  " group g internal\n"
		  " peer 2001:DB8::9 as-number 100\n"
		  " peer 2001:DB8::9 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  " #\n"
		  " ipv6-family unicast\n"
		  "  peer g enable\n"
		  "#\n");
	fx_close(f);
}
END_TEST

/* The process's own lines, the generated ones and the peers' lines in
 * the places the device shows them, whatever order they were typed in:
 * router-id, then private-4-byte-as, then the peers; in the address
 * family the family's settings before the peers, each peer's generated
 * lines with its enable, groups after the ungrouped peers with their
 * members.  Expected: the configuration guide's scripts of "Example for
 * Configuring BGP Routing Loop Detection" (DeviceB) and "Example for
 * Configuring a BGP RR" (DeviceB). */
START_TEST(order_among_generated_lines)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 100", "peer 10.1.4.1 as-number 100",
			  "peer 10.1.2.2 as-number 100", "private-4-byte-as enable",
			  "peer 10.1.1.1 as-number 100", "router-id 2.2.2.2", "ipv4-family unicast",
			  "peer 10.1.2.2 reflect-client", "import-route direct",
			  "undo synchronization"));
	BGP_EQ(f, "bgp 100\n"
		  " router-id 2.2.2.2\n"
		  " private-4-byte-as enable\n"
		  " peer 10.1.1.1 as-number 100\n"
		  " peer 10.1.2.2 as-number 100\n"
		  " peer 10.1.4.1 as-number 100\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  undo synchronization\n"
		  "  import-route direct\n"
		  "  peer 10.1.1.1 enable\n"
		  "  peer 10.1.2.2 enable\n"
		  "  peer 10.1.2.2 reflect-client\n"
		  "  peer 10.1.4.1 enable\n"
		  "#\n");
	fx_close(f);

	f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "bgp 65010", "group in_rr internal",
			  "peer 10.1.5.2 as-number 65010", "peer 10.1.5.2 group in_rr",
			  "peer 10.1.4.2 as-number 65010", "peer 10.1.2.2 as-number 65010",
			  "peer 10.1.1.2 as-number 65010", "router-id 2.2.2.2",
			  "ipv4-family unicast", "peer in_rr reflect-client",
			  "reflector cluster-id 1", "undo reflect between-clients",
			  "undo synchronization", "quit", "peer 10.1.4.2 group in_rr"));
	BGP_EQ(f, "bgp 65010\n"
		  " router-id 2.2.2.2\n"
		  " peer 10.1.1.2 as-number 65010\n"
		  " peer 10.1.2.2 as-number 65010\n"
		  " group in_rr internal\n"
		  " peer 10.1.4.2 as-number 65010\n"
		  " peer 10.1.4.2 group in_rr\n"
		  " peer 10.1.5.2 as-number 65010\n"
		  " peer 10.1.5.2 group in_rr\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  undo synchronization\n"
		  "  undo reflect between-clients\n"
		  "  reflector cluster-id 1\n"
		  "  peer 10.1.1.2 enable\n"
		  "  peer 10.1.2.2 enable\n"
		  "  peer in_rr enable\n"
		  "  peer in_rr reflect-client\n"
		  "  peer 10.1.4.2 enable\n"
		  "  peer 10.1.4.2 group in_rr\n"
		  "  peer 10.1.5.2 enable\n"
		  "  peer 10.1.5.2 group in_rr\n"
		  "#\n");
	fx_close(f);
}
END_TEST

/* A member's setting equal to its group's is the group's (one line); a
 * different one is its own; a new group setting replaces the members'. */
START_TEST(group_inheritance)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("interface LoopBack 1", "ip address 10.1.1.11 32", "quit", "bgp 100",
			  "group g external", "peer g as-number 200", "peer 10.1.1.9 group g",
			  "peer g connect-interface LoopBack0", "peer g ebgp-max-hop 5",
			  "peer 10.1.1.9 connect-interface LoopBack0", "peer 10.1.1.9 ebgp-max-hop 5"));
	BGP_EQ(f, "bgp 100\n"
		  " group g external\n"
		  " peer g as-number 200\n"
		  " peer g ebgp-max-hop 5\n"
		  " peer g connect-interface LoopBack0\n"
		  " peer 10.1.1.9 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  "  peer 10.1.1.9 enable\n"
		  "  peer 10.1.1.9 group g\n"
		  "#\n");
	fx_ok(f, FX_LINES("peer 10.1.1.9 connect-interface LoopBack1",
			  "peer 10.1.1.9 ebgp-max-hop 9"));
	BGP_EQ(f, "bgp 100\n"
		  " group g external\n"
		  " peer g as-number 200\n"
		  " peer g ebgp-max-hop 5\n"
		  " peer g connect-interface LoopBack0\n"
		  " peer 10.1.1.9 group g\n"
		  " peer 10.1.1.9 ebgp-max-hop 9\n"
		  " peer 10.1.1.9 connect-interface LoopBack1\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  "  peer 10.1.1.9 enable\n"
		  "  peer 10.1.1.9 group g\n"
		  "#\n");
	fx_ok(f, FX_LINES("peer g connect-interface LoopBack1 10.1.1.11", "peer g ebgp-max-hop"));
	BGP_EQ(f, "bgp 100\n"
		  " group g external\n"
		  " peer g as-number 200\n"
		  " peer g ebgp-max-hop 255\n"
		  " peer g connect-interface LoopBack1 10.1.1.11\n"
		  " peer 10.1.1.9 group g\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer g enable\n"
		  "  peer 10.1.1.9 enable\n"
		  "  peer 10.1.1.9 group g\n"
		  "#\n");
	fx_close(f);
}
END_TEST

/* undo peer X group G removes the peer (its page's Precautions). */
START_TEST(undo_peer_group_removes_peer)
{
	for (size_t v = 0; v < NVIEWS; v++) {
		const struct where *w = &views[v];
		char want[256];
		fx *f = open_sys(NULL);
		enter(f, w);
		fx_ok(f, FX_LINES("group g internal", "peer 10.1.1.9 group g",
				  "peer 10.1.1.9 description x"));
		ex_refused(f, "undo peer 10.1.1.9 group h", "Error: The peer group h does not exist.\n");
		fx_ok(f, FX_LINES("undo peer 10.1.1.9 group g"));
		snprintf(want, sizeof want, "%s%sgroup g internal\n%s#\n", w->head, w->ind,
			 v == 0 ? " #\n ipv4-family unicast\n  peer g enable\n" : "");
		BGP_EQ(f, want);
		fx_close(f);
	}
}
END_TEST

/* The BGP-VPN instance view and the IPv4 VPN family of one VPN instance
 * cannot both define a peer or group. */
START_TEST(vpn_instance_and_family_rivals)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100", "vpn-instance vpn1", "peer 10.1.1.9 as-number 300",
			  "group h", "quit", "ipv4-family vpn-instance vpn1"));
	ex_refused(f, "peer 10.1.1.9 as-number 300",
		   "Error: The peer 10.1.1.9 is already configured in vpn-instance vpn1.\n");
	ex_refused(f, "group h", "Error: The peer group h is already configured in vpn-instance "
				 "vpn1.\n");
	fx_ok(f, FX_LINES("group k", "quit", "vpn-instance vpn1"));
	ex_refused(f, "group k", "Error: The peer group k is already configured in ipv4-family "
				 "vpn-instance vpn1.\n");
	/* another VPN instance is another place */
	fx_ok(f, FX_LINES("quit", "ipv4-family vpn-instance vpn2", "peer 10.1.1.9 as-number 300"));
	fx_close(f);
}
END_TEST

/* The BGP-VPN instance view needs the VPN instance (its page's
 * Prerequisites); the VPN families of the BGP view need nothing in the
 * default mode. */
START_TEST(vpn_views_prerequisites)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 100"));
	ex_refused(f, "vpn-instance vpn9", "Error: The VPN instance vpn9 does not exist.\n");
	fx_ok(f, FX_LINES("ipv4-family vpn-instance vpn9"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-vpn9]");
	fx_ok(f, FX_LINES("quit", "ipv6-family vpn-instance vpn9"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-6-vpn9]");
	fx_ok(f, FX_LINES("quit", "ipv4-family unicast"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-af-ipv4]");
	fx_ok(f, FX_LINES("quit", "ipv6-family"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-af-ipv6]");
	fx_ok(f, FX_LINES("quit", "ip vpn-instance vpn9", "quit", "bgp 100", "vpn-instance vpn9"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-vpn9]");
	fx_ok(f, FX_LINES("quit", "quit", "bgp 100 instance a", "vpn-instance vpn9"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a-instance-vpn9]");
	fx_ok(f, FX_LINES("quit", "ipv4-family vpn-instance vpn9"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a-vpn9]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a]");
	fx_close(f);
}
END_TEST

/* Removing a VPN instance removes what BGP holds for it. */
START_TEST(undo_vpn_instance_drops_bgp)
{
	fx *f = open_sys(NULL);

	fx_ok(f, FX_LINES("bgp 100", "vpn-instance vpn1", "peer 10.1.1.9 as-number 300", "quit",
			  "ipv4-family vpn-instance vpn1", "group k", "quit", "quit",
			  "bgp 100 instance a", "vpn-instance vpn1", "quit", "quit",
			  "undo ip vpn-instance vpn1"));
	BGP_EQ(f, "bgp 100\n #\n ipv4-family unicast\n#\nbgp 100 instance a\n#\n");
	fx_close(f);
}
END_TEST

/* Without the IPv6 VPN models the BGP view's group takes no IPv6 source,
 * and there is no IPv6 peer. */
START_TEST(model_without_ipv6)
{
	fx *f = fx_open("CE8865", false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "ip address 10.1.1.1 32", "quit",
			  "bgp 100", "group g external", "peer g connect-interface 10.1.1.1"));
	ck_assert_int_eq(fx_run(f, "peer g connect-interface 2001:db8::1"), -1);
	ck_assert_int_eq(fx_run(f, "peer 2001:db8::2 as-number 200"), -1);
	ck_assert_int_eq(fx_run(f, "ipv6-family unicast"), -1);
	fx_close(f);
}
END_TEST

/* The group lines' names in the order the BGP view shows them ("g1 g2 ..."),
 * malloc'ed. */
static char *group_order(fx *f)
{
	char *all = bgp_text(f), *out = calloc(1, strlen(all) + 1);
	for (char *p = all; (p = strstr(p, "\n group ")) != NULL; p += 8) {
		size_t n = strcspn(p + 8, " \n");
		strncat(out, p + 8, n);
		strcat(out, " ");
	}
	free(all);
	return out;
}

/* Groups show in creation order however many lines were created before
 * them: the group's part of the order key is its creation counter, which
 * earlier kept only 12 bits and wrapped after 4,096 new lines. */
START_TEST(group_order_after_many_lines)
{
	fx *f = fx_open(NULL, false, 3);
	char line[96], want[512] = "";

	fx_ok(f, FX_LINES("system-view", "bgp 100"));
	for (int g = 1; g <= 30; g++) {
		snprintf(line, sizeof line, "group g%d external", g);
		ck_assert_int_eq(fx_run(f, line), 0);
		snprintf(line, sizeof line, "peer g%d as-number 200", g);
		ck_assert_int_eq(fx_run(f, line), 0);
		/* each peer adds its AS line and its enable line */
		for (int p = 1; p <= 100; p++) {
			snprintf(line, sizeof line, "peer 10.%d.%d.%d as-number 300", g, p / 250,
				 p % 250 + 1);
			ck_assert_int_eq(fx_run(f, line), 0);
		}
		snprintf(line, sizeof line, "g%d ", g);
		strcat(want, line);
	}
	char *got = group_order(f);
	ck_assert_str_eq(got, want);
	free(got);
	fx_close(f);
}
END_TEST

/* A group placed with an older key (part 2 of the peer block) keeps its
 * place: a member that joins it later stands under it, and a group created
 * now comes after it. */
START_TEST(group_keeps_stored_place)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 100", "group old external", "commit"));
	cfg_entry *proc = cfg_get(f->db, cfg_root(f->db), "bgp", 3, CFG_CANDIDATE);
	ck_assert_ptr_nonnull(proc);
	cfg_entry *gl = cfg_get(f->db, proc, "group old", 9, CFG_CANDIDATE);
	ck_assert_ptr_nonnull(gl);
	cfg_order o = cfg_order_of(gl);
	/* the key such a line was stored with: the whole creation number,
	 * origin included, in bits 34..61 */
	uint64_t old_key = UINT64_C(2) << 62 | (UINT64_C(0xfff0001) << 34);
	o.key = old_key;
	cfg_set_order(f->db, gl, o);
	/* and so was the group's line in the IPv4 unicast family */
	cfg_entry *af = cfg_get(f->db, proc, "ipv4-family unicast", 19, CFG_CANDIDATE);
	ck_assert_ptr_nonnull(af);
	cfg_entry *en = cfg_get(f->db, af, "peer old enable", 15, CFG_CANDIDATE);
	ck_assert_ptr_nonnull(en);
	o = cfg_order_of(en);
	o.key = old_key;
	cfg_set_order(f->db, en, o);
	fx_ok(f, FX_LINES("group new external", "peer 10.1.1.1 as-number 200",
			  "peer 10.1.1.1 group old", "peer 10.1.1.2 as-number 200",
			  "peer 10.1.1.2 group new"));
	BGP_EQ(f, "bgp 100\n"
		  " group old external\n"
		  " peer 10.1.1.1 as-number 200\n"
		  " peer 10.1.1.1 group old\n"
		  " group new external\n"
		  " peer 10.1.1.2 as-number 200\n"
		  " peer 10.1.1.2 group new\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer old enable\n"
		  "  peer 10.1.1.1 enable\n"
		  "  peer 10.1.1.1 group old\n"
		  "  peer new enable\n"
		  "  peer 10.1.1.2 enable\n"
		  "  peer 10.1.1.2 group new\n"
		  "#\n");
	fx_close(f);
}
END_TEST

/* A peer that joins a group takes all its lines along, generated ones
 * (reflect-client) and those of the address families included, while a
 * peer of the same place's neighbourhood stays. */
START_TEST(join_moves_every_line)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 100", "group in_rr internal",
			  "peer 10.1.2.2 as-number 100", "peer 10.1.1.1 as-number 100",
			  "ipv4-family unicast", "peer 10.1.2.2 reflect-client",
			  "peer 10.1.1.1 reflect-client", "quit", "peer 10.1.2.2 group in_rr"));
	BGP_EQ(f, "bgp 100\n"
		  " peer 10.1.1.1 as-number 100\n"
		  " group in_rr internal\n"
		  " peer 10.1.2.2 as-number 100\n"
		  " peer 10.1.2.2 group in_rr\n"
		  " #\n"
		  " ipv4-family unicast\n"
		  "  peer 10.1.1.1 enable\n"
		  "  peer 10.1.1.1 reflect-client\n"
		  "  peer in_rr enable\n"
		  "  peer 10.1.2.2 enable\n"
		  "  peer 10.1.2.2 group in_rr\n"
		  "  peer 10.1.2.2 reflect-client\n"
		  "#\n");
	fx_close(f);
}
END_TEST

static Suite *make_bgp_views_suite(void)
{
	Suite *s = suite_create("bgp_views");
	TCase *tc = tcase_create("bgp_views");

	tcase_add_test(tc, connect_interface_ipv4_every_view);
	tcase_add_test(tc, connect_interface_ipv6_peers);
	tcase_add_test(tc, connect_interface_several_addresses);
	tcase_add_test(tc, connect_interface_bad_source);
	tcase_add_test(tc, default_family_blocks);
	tcase_add_test(tc, enable_in_families);
	tcase_add_test(tc, family_peer_group);
	tcase_add_test(tc, group_inheritance);
	tcase_add_test(tc, order_among_generated_lines);
	tcase_add_test(tc, undo_peer_group_removes_peer);
	tcase_add_test(tc, vpn_instance_and_family_rivals);
	tcase_add_test(tc, vpn_views_prerequisites);
	tcase_add_test(tc, undo_vpn_instance_drops_bgp);
	tcase_add_test(tc, model_without_ipv6);
	tcase_add_test(tc, group_order_after_many_lines);
	tcase_add_test(tc, group_keeps_stored_place);
	tcase_add_test(tc, join_moves_every_line);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bgp_views, make_bgp_views_suite)
