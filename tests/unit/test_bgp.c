/* bgp, bgp instance, router-id, ipv6-family vpn-instance and the group and
 * peer commands of the BGP-VPN instance IPv6 address family views, from
 * their reference pages (Format, Parameters, Views, Examples) and the
 * semantic rules of their Usage Guidelines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/edit.h"
#include "../../views/order.h"
#include "example.h"
#include "unit.h"
#include "vsh_fixture.h"

/* A session in `[*HUAWEI-bgp-6-vpn1]` with LoopBack0 and vpn1 (IPv6
 * family, RD 100:1) in the candidate. */
static fx *open_vpn6(const char *model)
{
	fx *f = fx_open(model, false, 3);
	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "quit", "ip vpn-instance vpn1",
			  "ipv6-family", "route-distinguisher 100:1", "quit", "quit", "bgp 100",
			  "ipv6-family vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-6-vpn1]");
	return f;
}

/* The lines of the current view as `display this` shows them. */
static const char *this_view(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	return f->out;
}

#define VPN6_THIS(body) " #\n ipv6-family vpn-instance vpn1\n" body "#\nreturn\n"

/* peer_connect-interface_..._(group).md Example, then commit: the running
 * configuration is the one the device shows. */
START_TEST(connect_interface_group_example)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] interface LoopBack 0",
			   "[*HUAWEI-LoopBack0] ip address 10.1.1.1 32",
			   "[*HUAWEI-LoopBack0] quit",
			   "[*HUAWEI] ip vpn-instance vpn1",
			   "[*HUAWEI-vpn-instance-vpn1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpn1] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpn1",
			   "[*HUAWEI-bgp-6-vpn1] group test external",
			   "[*HUAWEI-bgp-6-vpn1] peer test as-number 200",
			   "[*HUAWEI-bgp-6-vpn1] peer test connect-interface LoopBack 0",
			   "[*HUAWEI-bgp-6-vpn1] commit",
			   "[~HUAWEI-bgp-6-vpn1]"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\n"
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
				 " ipv6-family unicast\n"
				 " #\n"
				 " ipv6-family vpn-instance vpn1\n"
				 "  group test external\n"
				 "  peer test as-number 200\n"
				 "  peer test connect-interface LoopBack0\n"
				 "#\n"
				 "return\n");
	fx_close(f);
}
END_TEST

/* peer_connect-interface_..._(IPv6).md Example. */
START_TEST(connect_interface_ipv6_example)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] interface LoopBack 0",
			   "[*HUAWEI-LoopBack0] ip address 10.1.1.1 32",
			   "[*HUAWEI-LoopBack0] quit",
			   "[*HUAWEI] ip vpn-instance vpna",
			   "[*HUAWEI-vpn-instance-vpna] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpna] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpna",
			   "[*HUAWEI-bgp-6-vpna] peer 2001:DB8:1::1 as-number 100",
			   "[*HUAWEI-bgp-6-vpna] peer 2001:DB8:1::1 connect-interface LoopBack 0",
			   "[*HUAWEI-bgp-6-vpna]"));
	ck_assert_str_eq(this_view(f), " #\n"
				       " ipv6-family vpn-instance vpna\n"
				       "  peer 2001:DB8:1::1 as-number 100\n"
				       "  peer 2001:DB8:1::1 connect-interface LoopBack0\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* The five forms of connect-interface for a group, each replacing the
 * last, with interface names normalised and IPv6 in upper case; then undo. */
START_TEST(connect_interface_group_forms)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group test external"));
	static const struct {
		const char *cmd, *shown;
	} forms[] = {
		{ "peer test connect-interface loopback0", "LoopBack0" },
		{ "peer test connect-interface LoopBack 0", "LoopBack0" },
		{ "peer test connect-interface 2001:db8::a", "2001:DB8::A" },
		{ "peer test connect-interface LoopBack0 2001:0db8:0:0::a", "LoopBack0 2001:DB8::A" },
		{ "peer test connect-interface loop 0 2001:db8::b", "LoopBack0 2001:DB8::B" },
		{ "peer test connect-interface 10GE1/0/1", "10GE1/0/1" },
		{ "peer test connect-interface 100ge 1/0/6 2001:db8::c", "100GE1/0/6 2001:DB8::C" },
	};
	char want[256];
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		ck_assert_msg(fx_run(f, forms[i].cmd) == 0, "%s: %s", forms[i].cmd, f->out);
		snprintf(want, sizeof want,
			 VPN6_THIS("  group test external\n  peer test connect-interface %s\n"),
			 forms[i].shown);
		ck_assert_str_eq(this_view(f), want);
	}
	fx_ok(f, FX_LINES("undo peer test connect-interface"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"));
	fx_close(f);
}
END_TEST

START_TEST(connect_interface_ipv6_forms)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("peer 2001:db8:1::1 as-number 200"));
	static const struct {
		const char *cmd, *shown;
	} forms[] = {
		{ "peer 2001:db8:1::1 connect-interface LoopBack0", "LoopBack0" },
		{ "peer 2001:DB8:1:0::1 connect-interface 2001:db8::a", "2001:DB8::A" },
		{ "peer 2001:db8:1::1 connect-interface LoopBack 0", "LoopBack0" },
		{ "peer 2001:db8:1::1 connect-interface loopback0 2001:db8::a", "LoopBack0 2001:DB8::A" },
		{ "peer 2001:db8:1::1 connect-interface LoopBack 0 2001:db8::c", "LoopBack0 2001:DB8::C" },
	};
	char want[256];
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		ck_assert_msg(fx_run(f, forms[i].cmd) == 0, "%s: %s", forms[i].cmd, f->out);
		snprintf(want, sizeof want,
			 VPN6_THIS("  peer 2001:DB8:1::1 as-number 200\n"
				   "  peer 2001:DB8:1::1 connect-interface %s\n"),
			 forms[i].shown);
		ck_assert_str_eq(this_view(f), want);
	}
	fx_ok(f, FX_LINES("undo peer 2001:db8:1::1 connect-interface"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  peer 2001:DB8:1::1 as-number 200\n"));
	fx_close(f);
}
END_TEST

/* Every `peer <group> ...` needs the group in the same view instance. */
START_TEST(missing_group)
{
	fx *f = open_vpn6(NULL);

	ex_refused(f, "peer test connect-interface LoopBack 0",
		   "Error: The peer group test does not exist.\n");
	ex_refused(f, "peer test as-number 200", "Error: The peer group test does not exist.\n");
	ex_refused(f, "peer test ebgp-max-hop", "Error: The peer group test does not exist.\n");
	ex_refused(f, "peer test description ISP1", "Error: The peer group test does not exist.\n");
	ex_refused(f, "undo peer test connect-interface",
		   "Error: The peer group test does not exist.\n");
	ex_refused(f, "undo group test", "Error: The peer group test does not exist.\n");
	ex_refused(f, "peer 2001:db8::1 group test", "Error: The peer group test does not exist.\n");
	/* a group of another instance does not count */
	fx_ok(f, FX_LINES("quit", "bgp 100 instance a", "ipv6-family vpn-instance vpn1",
			  "group test external", "quit", "quit", "bgp 100",
			  "ipv6-family vpn-instance vpn1"));
	ex_refused(f, "peer test as-number 200", "Error: The peer group test does not exist.\n");
	fx_close(f);
}
END_TEST

START_TEST(missing_peer_and_interface)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group test external"));
	ex_refused(f, "peer test connect-interface LoopBack 1",
		   "Error: The interface LoopBack1 does not exist.\n");
	ex_refused(f, "peer test connect-interface Vlanif10 2001:db8::1",
		   "Error: The interface Vlanif10 does not exist.\n");
	/* CE6881H has 48 10GE ports */
	ex_refused(f, "peer test connect-interface 10GE 1/0/49",
		   "Error: The interface 10GE1/0/49 does not exist.\n");
	ex_refused(f, "peer 2001:db8::1 connect-interface LoopBack 0",
		   "Error: The peer 2001:DB8::1 does not exist.\n");
	ex_refused(f, "peer 2001:db8::1 ebgp-max-hop", "Error: The peer 2001:DB8::1 does not exist.\n");
	ex_refused(f, "undo peer 2001:db8::1", "Error: The peer 2001:DB8::1 does not exist.\n");
	ex_refused(f, "peer test connect-interface ::", "Error: The source IPv6 address is invalid.\n");
	/* an interface created later in the same candidate is accepted */
	fx_ok(f, FX_LINES("interface LoopBack 1", "bgp 100", "ipv6-family vpn-instance vpn1",
			  "peer test connect-interface LoopBack 1"));
	fx_close(f);
}
END_TEST

/* group_(...).md Examples and the display of a group without a type. */
START_TEST(group_examples)
{
	fx *f = fx_open(NULL, false, 3);

	/* The page creates vpna without an RD; the BGP family needs one. */
	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vpna",
			   "[*HUAWEI-vpn-instance-vpna] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] route-distinguisher 1:1",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpna] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpna",
			   "[*HUAWEI-bgp-6-vpna] group ex external",
			   "[*HUAWEI-bgp-6-vpna] peer ex as-number 500.1",
			   "[*HUAWEI-bgp-6-vpna] group in internal",
			   "[*HUAWEI-bgp-6-vpna] group plain",
			   "[*HUAWEI-bgp-6-vpna]"));
	ck_assert_str_eq(this_view(f), " #\n"
				       " ipv6-family vpn-instance vpna\n"
				       "  group ex external\n"
				       "  peer ex as-number 500.1\n"
				       "  group in internal\n"
				       "  group plain internal\n"
				       "#\n"
				       "return\n");
	/* the type of an existing group does not change */
	ex_refused(f, "group ex internal",
		   "Error: Peer group ex already exists as an EBGP group; its type cannot be "
		   "changed.\n");
	fx_ok(f, FX_LINES("group ex external", "group ex", "group plain internal"));
	ex_refused(f, "group 2001:db8::1", "Error: An IP address cannot be used as a peer group "
					   "name.\n");
	fx_close(f);
}
END_TEST

/* Group names: 1..47 characters, case-sensitive, blanks only inside quotes. */
START_TEST(group_names)
{
	fx *f = open_vpn6(NULL);
	char line[128];
	char n47[48], n48[49];

	memset(n47, 'g', 47);
	n47[47] = '\0';
	memset(n48, 'g', 48);
	n48[48] = '\0';
	snprintf(line, sizeof line, "group %s external", n47);
	fx_ok(f, FX_LINES(line));
	snprintf(line, sizeof line, "group %s external", n48);
	ex_refused(f, line, ex_caret(strlen("[*HUAWEI-bgp-6-vpn1]group "), EX_WRONG));
	snprintf(line, sizeof line, "group \"%s\" external", n48);
	ex_refused(f, line, ex_caret(strlen("[*HUAWEI-bgp-6-vpn1]group "), EX_WRONG));

	fx_ok(f, FX_LINES("group \"my group\" external", "peer \"my group\" as-number 300",
			  "peer \"my group\" connect-interface LoopBack0", "group Test", "group test"));
	char want[1024];
	snprintf(want, sizeof want,
		 VPN6_THIS("  group %s external\n"
			   "  group \"my group\" external\n"
			   "  peer \"my group\" as-number 300\n"
			   "  peer \"my group\" connect-interface LoopBack0\n"
			   "  group Test internal\n"
			   "  group test internal\n"),
		 n47);
	ck_assert_str_eq(this_view(f), want);
	ex_refused(f, "peer \"my\" as-number 300", "Error: The peer group my does not exist.\n");
	fx_close(f);
}
END_TEST

/* AS numbers: 1..4294967295 or x.y with x 1..65535, y 0..65535. */
START_TEST(as_number_bounds)
{
	fx *f = fx_open(NULL, false, 3);
	size_t at = strlen("[~HUAWEI]bgp ");

	fx_ok(f, FX_LINES("system-view"));
	ex_refused(f, "bgp 0", ex_caret(at, EX_WRONG));
	ex_refused(f, "bgp 4294967296", ex_caret(at, EX_WRONG));
	ex_refused(f, "bgp 65536.1", ex_caret(at, EX_WRONG));
	ex_refused(f, "bgp 0.1", ex_caret(at, EX_WRONG));
	ex_refused(f, "bgp 1.65536", ex_caret(at, EX_WRONG));
	ex_refused(f, "bgp -1", ex_caret(at, EX_WRONG));
	fx_ok(f, FX_LINES("bgp 65535.65535", "quit", "undo bgp 65535.65535", "bgp 4294967295",
			  "quit", "undo bgp 4294967295", "bgp 1", "quit"));
	/* 65536 and 1.0 are the same AS */
	fx_ok(f, FX_LINES("undo bgp 1", "bgp 65536", "quit", "bgp 1.0"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	fx_close(f);

	f = open_vpn6(NULL);
	fx_ok(f, FX_LINES("group test external"));
	at = strlen("[*HUAWEI-bgp-6-vpn1]peer test as-number ");
	ex_refused(f, "peer test as-number 0", ex_caret(at, EX_WRONG));
	ex_refused(f, "peer test as-number 4294967296", ex_caret(at, EX_WRONG));
	ex_refused(f, "peer test as-number 65536.1", ex_caret(at, EX_WRONG));
	fx_ok(f, FX_LINES("peer test as-number 65535.65535"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"
						 "  peer test as-number 65535.65535\n"));
	fx_ok(f, FX_LINES("peer test as-number 4294967295"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"
						 "  peer test as-number 4294967295\n"));
	fx_close(f);
}
END_TEST

/* bgp.md: only one BGP process; bgp_instance.md Example and prompts. */
START_TEST(bgp_process_and_instances)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] bgp 100", "[*HUAWEI-bgp] quit",
			   "[*HUAWEI] bgp 100 instance instance100",
			   "[*HUAWEI-bgp-instance-instance100] quit", "[*HUAWEI]"));
	ex_refused(f, "bgp 200",
		   "Error: BGP is already running with AS number 100. Only one BGP process can be "
		   "configured.\n");
	ex_refused(f, "undo bgp 200", "Error: BGP with AS number 200 is not configured.\n");
	ex_refused(f, "bgp 200 instance instance100",
		   "Error: BGP instance instance100 already exists with another AS number (bgp 100 "
		   "instance instance100).\n");
	fx_ok(f, FX_LINES("bgp 200 instance b", "quit", "commit"));
	char *run = ex_render(f, CFG_RUNNING);
	ck_assert_str_eq(run, "#\n"
			      "sysname HUAWEI\n"
			      "#\n"
			      "bgp 100\n"
			      "#\n"
			      "bgp 100 instance instance100\n"
			      "#\n"
			      "bgp 200 instance b\n"
			      "#\n"
			      "return\n");
	free(run);
	/* entering an existing instance changes nothing */
	fx_ok(f, FX_LINES("bgp 100 instance instance100"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp-instance-instance100]");
	fx_ok(f, FX_LINES("quit", "undo bgp 100 instance instance100", "undo bgp 100"));
	run = ex_render(f, CFG_CANDIDATE);
	ck_assert_str_eq(run, "#\nsysname HUAWEI\n#\nbgp 200 instance b\n#\nreturn\n");
	free(run);
	fx_close(f);
}
END_TEST

/* bgp.md: "By default, an AS number must be specified in the undo bgp
 * command" (its Format makes it optional for another mode). */
START_TEST(undo_bgp_without_as)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 65535.1", "router-id 10.1.1.1", "quit",
			  "bgp 7 instance a", "quit"));
	ex_refused(f, "undo bgp", ex_caret(strlen("[*HUAWEI]undo bgp") + 1, EX_INCOMPLETE));
	ex_refused(f, "undo bgp 7", "Error: BGP with AS number 7 is not configured.\n");
	fx_ok(f, FX_LINES("undo bgp 65535.1"));
	char *run = ex_render(f, CFG_CANDIDATE);
	ck_assert_str_eq(run, "#\nsysname HUAWEI\n#\nbgp 7 instance a\n#\nreturn\n");
	free(run);
	fx_close(f);
}
END_TEST

/* router-id.md Example; 0.0.0.0 is refused; the BGP view only. */
START_TEST(router_id)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] router-id 10.1.1.1", "[*HUAWEI-bgp]"));
	ex_refused(f, "router-id 0.0.0.0", "Error: The router ID 0.0.0.0 is invalid.\n");
	ex_refused(f, "router-id 10.1.1.256",
		   ex_caret(strlen("[*HUAWEI-bgp]router-id "), EX_WRONG));
	fx_ok(f, FX_LINES("router-id 10.1.1.2"));
	ck_assert_str_eq(this_view(f), "#\nbgp 100\n router-id 10.1.1.2\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo router-id"));
	ck_assert_str_eq(this_view(f), "#\nbgp 100\n#\nreturn\n");
	/* The BGP multi-instance view has a router-id of its own (its page,
	 * router-id (BGP multi-instance view)), kept as a line of the view. */
	fx_ok(f, FX_LINES("quit", "bgp 100 instance a", "router-id 10.1.1.1"));
	ck_assert_str_eq(this_view(f), "#\nbgp 100 instance a\n router-id 10.1.1.1\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* ipv6-family_vpn-instance_(BGP_view).md Example, as printed: in the
 * default (non-YANG) mode the family does not depend on the VPN instance,
 * its IPv6 family or its RD (the page's Precautions). */
START_TEST(vpn6_prerequisites)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vpna",
			   "[*HUAWEI-vpn-instance-vpna] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpna] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpna",
			   "[*HUAWEI-bgp-6-vpna] quit",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpnb",
			   "[*HUAWEI-bgp-6-vpnb] quit",
			   "[*HUAWEI-bgp]"));
	ex_refused(f, "ipv6-family vpn-instance _public_",
		   "Error: The name _public_ is reserved for the public network.\n");
	ex_refused(f, "undo ipv6-family vpn-instance vpnc",
		   "Error: The IPv6 address family of VPN instance vpnc is not configured in "
		   "BGP.\n");
	/* the instance going takes its BGP configuration along */
	fx_ok(f, FX_LINES("quit", "undo ip vpn-instance vpna", "bgp 100"));
	ck_assert_str_eq(this_view(f), "#\nbgp 100\n #\n ipv6-family unicast\n #\n"
				       " ipv6-family vpn-instance vpnb\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* ipv6-family_vpn-instance_(BGP_multi-instance_view).md Example. */
START_TEST(vpn6_multi_instance_example)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vpn1",
			   "[*HUAWEI-vpn-instance-vpn1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] vpn-target 100:1 both",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpn1] quit",
			   "[*HUAWEI] bgp 100 instance a",
			   "[*HUAWEI-bgp-instance-a] ipv6-family vpn-instance vpn1",
			   "[*HUAWEI-bgp-instance-a-6-vpn1] group g external",
			   "[*HUAWEI-bgp-instance-a-6-vpn1] peer g as-number 200",
			   "[*HUAWEI-bgp-instance-a-6-vpn1] peer g connect-interface 10GE1/0/1",
			   "[*HUAWEI-bgp-instance-a-6-vpn1] commit",
			   "[~HUAWEI-bgp-instance-a-6-vpn1] quit",
			   "[~HUAWEI-bgp-instance-a] quit",
			   "[~HUAWEI] bgp 100 instance a",
			   "[~HUAWEI-bgp-instance-a] ipv6-family vpn-instance vpn1",
			   "[~HUAWEI-bgp-instance-a-6-vpn1]"));
	char *run = ex_render(f, CFG_RUNNING);
	ck_assert_str_eq(run, "#\n"
			      "sysname HUAWEI\n"
			      "#\n"
			      "ip vpn-instance vpn1\n"
			      " ipv6-family\n"
			      "  route-distinguisher 100:1\n"
			      "  vpn-target 100:1 export-extcommunity\n"
			      "  vpn-target 100:1 import-extcommunity\n"
			      "#\n"
			      "bgp 100 instance a\n"
			      " #\n"
			      " ipv6-family vpn-instance vpn1\n"
			      "  group g external\n"
			      "  peer g as-number 200\n"
			      "  peer g connect-interface 10GE1/0/1\n"
			      "#\n"
			      "return\n");
	free(run);
	fx_close(f);
}
END_TEST

/* peer_as-number (group and IPv6) and peer_group Examples; membership
 * rules; display order: peers in no group by address, then each group
 * with its lines and its members. */
START_TEST(peers_and_groups)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vpna",
			   "[*HUAWEI-vpn-instance-vpna] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vpna-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpna] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpna",
			   "[*HUAWEI-bgp-6-vpna] group test",
			   "[*HUAWEI-bgp-6-vpna] peer 2001:DB8:1::1 as-number 100",
			   "[*HUAWEI-bgp-6-vpna] peer 2001:DB8:1::1 group test",
			   "[*HUAWEI-bgp-6-vpna] group ebgp external",
			   "[*HUAWEI-bgp-6-vpna]"));
	/* an EBGP group without AS takes only peers with their own */
	ex_refused(f, "peer 2001:db8:1::9 group ebgp",
		   "Error: Configure an AS number for peer 2001:DB8:1::9 or for peer group ebgp "
		   "first.\n");
	ex_refused(f, "peer 2001:db8:1::1 group ebgp",
		   "Error: Peer 2001:DB8:1::1 is already a member of peer group test. Remove it "
		   "from that group first.\n");
	ex_refused(f, "peer test as-number 200",
		   "Error: Peer group test is an IBGP group; its AS number must be the local AS "
		   "number 100.\n");
	ex_refused(f, "peer ebgp as-number 100",
		   "Error: Peer group ebgp is an EBGP group; its AS number cannot be the local AS "
		   "number 100.\n");
	fx_ok(f, FX_LINES("peer 2001:db8:1::5 as-number 300", "peer ebgp as-number 200",
			  "peer 2001:db8:1::9 group ebgp", "peer 2001:db8:1::5 group ebgp",
			  "peer 2001:db8:1::9 ebgp-max-hop 3", "peer 2001:db8:1::1 group test",
			  "peer 2001:db8:0:1::2 as-number 400"));
	ex_refused(f, "peer 2001:db8:1::1 as-number 200",
		   "Error: Peer 2001:DB8:1::1 cannot be in IBGP peer group test: its AS number is "
		   "not the local AS number 100.\n");
	ck_assert_str_eq(this_view(f), " #\n"
				       " ipv6-family vpn-instance vpna\n"
				       "  peer 2001:DB8:0:1::2 as-number 400\n"
				       "  group test internal\n"
				       "  peer 2001:DB8:1::1 as-number 100\n"
				       "  peer 2001:DB8:1::1 group test\n"
				       "  group ebgp external\n"
				       "  peer ebgp as-number 200\n"
				       "  peer 2001:DB8:1::5 as-number 300\n"
				       "  peer 2001:DB8:1::5 group ebgp\n"
				       "  peer 2001:DB8:1::9 group ebgp\n"
				       "  peer 2001:DB8:1::9 ebgp-max-hop 3\n"
				       "#\n"
				       "return\n");
	/* the group's AS is what its AS-less member has */
	ex_refused(f, "undo peer ebgp as-number",
		   "Error: Peer group ebgp has members without an AS number of their own. "
		   "Configure their AS numbers or delete them first.\n");
	/* `undo peer X group G` does what `undo peer X` does (the page's
	 * Precautions): the peer goes, with its own AS number too */
	ex_refused(f, "undo peer 2001:db8:1::5 group test",
		   "Error: Peer 2001:DB8:1::5 is not a member of peer group test.\n");
	fx_ok(f, FX_LINES("undo peer 2001:db8:1::5 group ebgp", "undo peer 2001:db8:1::9 group ebgp",
			  "undo peer 2001:db8:0:1::2"));
	ck_assert_str_eq(this_view(f), " #\n"
				       " ipv6-family vpn-instance vpna\n"
				       "  group test internal\n"
				       "  peer 2001:DB8:1::1 as-number 100\n"
				       "  peer 2001:DB8:1::1 group test\n"
				       "  group ebgp external\n"
				       "  peer ebgp as-number 200\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* `undo group` removes the group's own lines, its connect-interface
 * binding and its member peers, and nothing else. */
START_TEST(undo_group_cascade)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group g1 external", "peer g1 as-number 200", "peer g1 description d",
			  "peer g1 ebgp-max-hop 2", "peer g1 connect-interface LoopBack0",
			  "group g2 external", "peer g2 as-number 300",
			  "peer 2001:db8::1 group g1", "peer 2001:db8::1 connect-interface LoopBack0",
			  "peer 2001:db8::2 as-number 400", "peer 2001:db8::2 group g1",
			  "peer 2001:db8::3 group g2", "peer 2001:db8::4 as-number 500",
			  "commit"));
	/* a committed member moves to another group within one candidate
	 * (leaving g1 takes its own AS number away: undo peer X group G is
	 * undo peer X) */
	fx_ok(f, FX_LINES("undo peer 2001:db8::2 group g1", "peer 2001:db8::2 group g2",
			  "undo group g1"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  peer 2001:DB8::4 as-number 500\n"
						 "  group g2 external\n"
						 "  peer g2 as-number 300\n"
						 "  peer 2001:DB8::2 group g2\n"
						 "  peer 2001:DB8::3 group g2\n"));
	/* LoopBack0 is no longer named: it can go */
	fx_ok(f, FX_LINES("quit", "quit", "undo interface LoopBack 0"));
	fx_close(f);
}
END_TEST

/* A dynamic peer group (group_listen_(BGP_view) page) is a group for the
 * commands that name it; deleting a group or a peer takes the lines of the
 * generated peer commands that name it, in its families too. */
START_TEST(dynamic_group_and_generated_lines)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 65008", "group a listen internal",
			  "peer a listen-net 10.2.0.0 255.255.0.0", "group b listen external",
			  "peer b listen-as 65009", "group d internal",
			  "peer d timer keepalive 10 hold 30", "peer 10.1.1.1 as-number 65008",
			  "peer 10.1.1.1 group d", "peer 10.1.1.1 timer keepalive 10 hold 30",
			  "peer 10.1.1.2 as-number 65008", "peer 10.1.1.2 route-limit 100",
			  "ipv4-family unicast", "peer a enable", "peer b enable",
			  "peer d route-policy rp import", "quit"));
	ex_refused(f, "group a internal",
		   "Error: Peer group a already exists as a dynamic group; delete it first.\n");
	ex_refused(f, "group a listen external",
		   "Error: Peer group a already exists as an IBGP group; its type cannot be "
		   "changed.\n");
	ex_refused(f, "group d listen internal",
		   "Error: Peer group d already exists as a static group; delete it first.\n");
	ex_refused(f, "undo group d listen", "Error: Peer group d is not a dynamic peer group.\n");
	fx_ok(f, FX_LINES("group a", "group a listen internal", "undo group d", "undo group b listen",
			  "undo peer 10.1.1.2"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "bgp 65008\n"
				       " group a listen internal\n"
				       " peer a listen-net 10.2.0.0 255.255.0.0\n"
				       " #\n"
				       " ipv4-family unicast\n"
				       "  peer a enable\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* A dynamic group's line as an earlier version stored it (keyed "group a
 * listen", from a generated row) is the group a. */
START_TEST(dynamic_group_stored_before)
{
	fx *f = fx_open(NULL, false, 3);
	char err[256];
	cfg_order ord = { ORD_BGP, CFG_KEY_SEQ, 0 };

	fx_ok(f, FX_LINES("system-view", "bgp 65008"));
	ck_assert_int_eq(view_line_set(&f->s, view_line_sect(&f->s), "group a listen internal",
				       strlen("group a listen"), ord, 0, NULL, err, sizeof err),
			 0);
	fx_ok(f, FX_LINES("group a listen internal", "ipv4-family unicast", "peer a enable", "quit"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "bgp 65008\n"
				       " group a listen internal\n"
				       " #\n"
				       " ipv4-family unicast\n"
				       "  peer a enable\n"
				       "#\n"
				       "return\n");
	fx_ok(f, FX_LINES("undo group a"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "bgp 65008\n"
				       " #\n"
				       " ipv4-family unicast\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* A command of the IPv4 unicast family typed in the BGP view is the
 * family's: the device shows it under `ipv4-family unicast` (import-route,
 * peer X next-hop-local, undo synchronization), the BGP view keeps only
 * its own (router-id, peer X as-number).  Typed again in the family it is
 * the same line; its undo in either view takes it away, also from the BGP
 * view where an earlier version kept it. */
START_TEST(family_commands_in_bgp_view)
{
	fx *f = fx_open(NULL, false, 3);
	char err[256];
	cfg_order ord = { ORD_BGP, CFG_KEY_SEQ, 0 };

	fx_ok(f, FX_LINES("system-view", "bgp 100", "router-id 1.1.1.1",
			  "peer 10.1.1.1 as-number 100", "import-route ospf 1",
			  "peer 10.1.1.1 next-hop-local", "undo synchronization",
			  "ipv4-family unicast", "peer 10.1.1.1 next-hop-local", "import-route direct",
			  "quit"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "bgp 100\n"
				       " router-id 1.1.1.1\n"
				       " peer 10.1.1.1 as-number 100\n"
				       " #\n"
				       " ipv4-family unicast\n"
				       "  undo synchronization\n"
				       "  import-route ospf 1\n"
				       "  import-route direct\n"
				       "  peer 10.1.1.1 enable\n"
				       "  peer 10.1.1.1 next-hop-local\n"
				       "#\n"
				       "return\n");
	/* lines an earlier version kept in the BGP view: an undo takes one
	 * away, the command typed again moves the other to the family */
	ck_assert_int_eq(view_line_set(&f->s, view_line_sect(&f->s), "import-route static",
				       strlen("import-route static"), ord, 0, NULL, err, sizeof err),
			 0);
	ck_assert_int_eq(view_line_set(&f->s, view_line_sect(&f->s), "preference 10 10 10",
				       strlen("preference"), ord, 0, NULL, err, sizeof err),
			 0);
	fx_ok(f, FX_LINES("undo import-route ospf 1", "undo peer 10.1.1.1 next-hop-local",
			  "undo import-route static", "preference 20 20 20", "ipv4-family unicast",
			  "undo import-route direct", "quit"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "bgp 100\n"
				       " router-id 1.1.1.1\n"
				       " peer 10.1.1.1 as-number 100\n"
				       " #\n"
				       " ipv4-family unicast\n"
				       "  undo synchronization\n"
				       "  peer 10.1.1.1 enable\n"
				       "  preference 20 20 20\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* peer_ebgp-max-hop Examples: no count shows as 255; 1..255. */
START_TEST(ebgp_max_hop)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vpn1",
			   "[*HUAWEI-vpn-instance-vpn1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vpn1] quit",
			   "[*HUAWEI] bgp 100",
			   "[*HUAWEI-bgp] ipv6-family vpn-instance vpn1",
			   "[*HUAWEI-bgp-6-vpn1] group test external",
			   "[*HUAWEI-bgp-6-vpn1] peer test as-number 200",
			   "[*HUAWEI-bgp-6-vpn1] peer test ebgp-max-hop",
			   "[*HUAWEI-bgp-6-vpn1] peer 2001:DB8:1::1 as-number 200",
			   "[*HUAWEI-bgp-6-vpn1] peer 2001:DB8:1::1 ebgp-max-hop",
			   "[*HUAWEI-bgp-6-vpn1]"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  peer 2001:DB8:1::1 as-number 200\n"
						 "  peer 2001:DB8:1::1 ebgp-max-hop 255\n"
						 "  group test external\n"
						 "  peer test as-number 200\n"
						 "  peer test ebgp-max-hop 255\n"));
	size_t at = strlen("[*HUAWEI-bgp-6-vpn1]peer test ebgp-max-hop ");
	ex_refused(f, "peer test ebgp-max-hop 0", ex_caret(at, EX_WRONG));
	ex_refused(f, "peer test ebgp-max-hop 256", ex_caret(at, EX_WRONG));
	fx_ok(f, FX_LINES("peer test ebgp-max-hop 1", "peer 2001:DB8:1::1 ebgp-max-hop 255"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  peer 2001:DB8:1::1 as-number 200\n"
						 "  peer 2001:DB8:1::1 ebgp-max-hop 255\n"
						 "  group test external\n"
						 "  peer test as-number 200\n"
						 "  peer test ebgp-max-hop 1\n"));
	fx_ok(f, FX_LINES("undo peer test ebgp-max-hop", "undo peer 2001:DB8:1::1 ebgp-max-hop"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  peer 2001:DB8:1::1 as-number 200\n"
						 "  group test external\n"
						 "  peer test as-number 200\n"));
	fx_close(f);
}
END_TEST

/* peer_description Example; text from its first non-blank, 1..255. */
START_TEST(peer_description)
{
	fx *f = open_vpn6(NULL);
	char line[400];

	fx_ok(f, FX_LINES("group test external", "peer test as-number 200",
			  "peer test description ISP1"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"
						 "  peer test as-number 200\n"
						 "  peer test description ISP1\n"));
	fx_ok(f, FX_LINES("peer test description   to the ISP, link 2"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"
						 "  peer test as-number 200\n"
						 "  peer test description to the ISP, link 2\n"));
	memset(line, 0, sizeof line);
	strcpy(line, "peer test description ");
	memset(line + strlen(line), 'x', 255);
	fx_ok(f, FX_LINES(line));
	strcat(line, "y");
	ck_assert_int_eq(fx_run(f, line), -1);
	ck_assert_ptr_nonnull(strstr(f->out, "Error:"));
	fx_ok(f, FX_LINES("undo peer test description"));
	ck_assert_str_eq(this_view(f), VPN6_THIS("  group test external\n"
						 "  peer test as-number 200\n"));
	fx_close(f);
}
END_TEST

/* Invalid IPv6 peers and addresses in context. */
START_TEST(invalid_ipv6)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group test external"));
	ex_refused(f, "peer test connect-interface 2001:db8:::1",
		   ex_caret(strlen("[*HUAWEI-bgp-6-vpn1]peer test connect-interface "), EX_WRONG));
	ex_refused(f, "peer test connect-interface LoopBack0 2001:db8::g",
		   ex_caret(strlen("[*HUAWEI-bgp-6-vpn1]peer test connect-interface LoopBack0 "),
			    EX_WRONG));
	/* not an address: read as a group name that does not exist */
	ex_refused(f, "peer 2001:db8::g as-number 100",
		   "Error: The peer group 2001:db8::g does not exist.\n");
	ex_refused(f, "peer ff02::1 as-number 100", "Error: The peer address is invalid.\n");
	ex_refused(f, "peer :: as-number 100", "Error: The peer address is invalid.\n");
	fx_close(f);
}
END_TEST

/* '?' after `peer` offers the existing groups. */
START_TEST(help_lists_groups)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group alpha external", "group \"b c\""));
	fx_help(f, "peer ");
	ck_assert_ptr_nonnull(strstr(f->out, "  alpha "));
	ck_assert_ptr_nonnull(strstr(f->out, "  \"b c\" "));
	ck_assert_ptr_nonnull(strstr(f->out, "STRING<1-47>"));
	ck_assert_ptr_nonnull(strstr(f->out, "X:X:X:X:X:X:X:X"));
	fx_close(f);
}
END_TEST

/* On CE8865 the IPv6 VPN commands do not exist: Unrecognized at the first
 * keyword no supported command shares. */
START_TEST(model_gating)
{
	fx *f = fx_open("CE8865", false, 3);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1"));
	ex_refused(f, "ipv6-family", ex_caret(strlen("[*HUAWEI-vpn-instance-vpn1]"), EX_UNREC));
	fx_ok(f, FX_LINES("ipv4-family", "route-distinguisher 1:1", "quit", "quit", "bgp 100"));
	ex_refused(f, "ipv6-family vpn-instance vpn1", ex_caret(strlen("[*HUAWEI-bgp]"), EX_UNREC));
	ex_refused(f, "undo ipv6-family vpn-instance vpn1",
		   ex_caret(strlen("[*HUAWEI-bgp]undo "), EX_UNREC));
	fx_help(f, "");
	ck_assert_ptr_null(strstr(f->out, "ipv6-family"));
	fx_close(f);

	/* CE6885-LL: in standard mode it has them, in low-latency mode not */
	f = fx_open("CE6885-LL", false, 3);
	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1", "ipv6-family"));
	fx_close(f);
	f = fx_open("CE6885-LL", true, 3);
	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1"));
	ex_refused(f, "ipv6-family", ex_caret(strlen("[*HUAWEI-vpn-instance-vpn1]"), EX_UNREC));
	fx_close(f);
}
END_TEST

/* A level-1 (monitor) user cannot configure BGP. */
START_TEST(level_gating)
{
	fx *f = fx_open(NULL, false, 1);

	ck_assert_int_eq(vsh_push(&f->s, VIEW_SYSTEM, cfg_root(f->db), ""), 0);
	ex_refused(f, "bgp 100", ex_caret(strlen("[~HUAWEI]"), EX_UNREC));
	fx_close(f);
	f = fx_open(NULL, false, 2);
	fx_ok(f, FX_LINES("system-view", "bgp 100"));
	fx_close(f);
}
END_TEST

/* The rendered configuration replays to the same configuration. */
START_TEST(round_trip)
{
	fx *f = open_vpn6(NULL);

	fx_ok(f, FX_LINES("group b external", "peer b as-number 200",
			  "peer b connect-interface LoopBack0 2001:db8::1", "group a",
			  "peer a ebgp-max-hop 7", "peer 2001:db8::9 as-number 100",
			  "peer 2001:db8::9 group a", "peer 2001:db8::3 group b",
			  "peer 2001:db8::3 connect-interface 10GE1/0/3", "quit", "router-id 1.1.1.1",
			  "commit"));
	char *first = ex_render(f, CFG_RUNNING);
	fx *g = fx_open(NULL, false, 3);
	fx_ok(g, FX_LINES("system-view"));
	/* replay: indentation gives the depth */
	char *copy = strdup(first);
	int depth = 0;
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		int ind = 0;
		while (line[ind] == ' ')
			ind++;
		if (line[ind] == '#' || strcmp(line + ind, "return") == 0 ||
		    strncmp(line + ind, "sysname", 7) == 0)
			continue;
		for (; depth > ind; depth--)
			fx_ok(g, FX_LINES("quit"));
		ck_assert_msg(fx_run(g, line + ind) == 0, "%s: %s", line, g->out);
		depth = ind + 1;
		if (strncmp(line + ind, "ipv6-family vpn-instance", 24) &&
		    strncmp(line + ind, "ip vpn-instance", 15) && strncmp(line + ind, "bgp", 3) &&
		    strncmp(line + ind, "interface", 9) && strcmp(line + ind, "ipv6-family"))
			depth = ind;
	}
	fx_ok(g, FX_LINES("commit"));
	char *second = ex_render(g, CFG_RUNNING);
	ck_assert_str_eq(second, first);
	free(copy);
	free(first);
	free(second);
	fx_close(g);
	fx_close(f);
}
END_TEST

static Suite *make_bgp_suite(void)
{
	Suite *s = suite_create("bgp");
	TCase *tc = tcase_create("bgp");

	tcase_add_test(tc, connect_interface_group_example);
	tcase_add_test(tc, undo_bgp_without_as);
	tcase_add_test(tc, connect_interface_ipv6_example);
	tcase_add_test(tc, connect_interface_group_forms);
	tcase_add_test(tc, connect_interface_ipv6_forms);
	tcase_add_test(tc, missing_group);
	tcase_add_test(tc, missing_peer_and_interface);
	tcase_add_test(tc, group_examples);
	tcase_add_test(tc, group_names);
	tcase_add_test(tc, as_number_bounds);
	tcase_add_test(tc, bgp_process_and_instances);
	tcase_add_test(tc, router_id);
	tcase_add_test(tc, vpn6_prerequisites);
	tcase_add_test(tc, vpn6_multi_instance_example);
	tcase_add_test(tc, peers_and_groups);
	tcase_add_test(tc, undo_group_cascade);
	tcase_add_test(tc, ebgp_max_hop);
	tcase_add_test(tc, peer_description);
	tcase_add_test(tc, invalid_ipv6);
	tcase_add_test(tc, help_lists_groups);
	tcase_add_test(tc, model_gating);
	tcase_add_test(tc, level_gating);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, dynamic_group_and_generated_lines);
	tcase_add_test(tc, dynamic_group_stored_before);
	tcase_add_test(tc, family_commands_in_bgp_view);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bgp, make_bgp_suite)
