/* ip vpn-instance, its address families, route-distinguisher and
 * vpn-target, from their reference pages and Usage Guidelines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "unit.h"
#include "vsh_fixture.h"

/* The candidate configuration, rendered (kept until the next call). */
static const char *cand(fx *f)
{
	static char *last;
	free(last);
	last = ex_render(f, CFG_CANDIDATE);
	return last;
}

#define CAND(body) "#\nsysname HUAWEI\n#\n" body "#\nreturn\n"

/* ip_vpn-instance, ipv4-family and ipv6-family Examples. */
START_TEST(vpn_instance_examples)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] ip vpn-instance vrf1",
			   "[*HUAWEI-vpn-instance-vrf1] quit", "[*HUAWEI] ip vpn-instance vpn1",
			   "[*HUAWEI-vpn-instance-vpn1] ipv4-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv4] quit",
			   "[*HUAWEI-vpn-instance-vpn1] quit", "[*HUAWEI] ip vpn-instance vrf1",
			   "[*HUAWEI-vpn-instance-vrf1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv6] quit",
			   "[*HUAWEI-vpn-instance-vrf1] ipv4-family unicast",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4]"));
	fx_ok(f, FX_LINES("quit", "quit", "commit"));
	/* instances in creation order, IPv4 family before IPv6 */
	char *run = ex_render(f, CFG_RUNNING);
	ck_assert_str_eq(run, "#\n"
			      "sysname HUAWEI\n"
			      "#\n"
			      "ip vpn-instance vrf1\n"
			      " ipv4-family\n"
			      " ipv6-family\n"
			      "#\n"
			      "ip vpn-instance vpn1\n"
			      " ipv4-family\n"
			      "#\n"
			      "return\n");
	free(run);
	/* entering an existing instance is no change */
	fx_ok(f, FX_LINES("ip vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-vpn-instance-vpn1]");
	fx_ok(f, FX_LINES("undo ipv4-family unicast", "quit", "undo ip vpn-instance vrf1"));
	run = ex_render(f, CFG_CANDIDATE);
	ck_assert_str_eq(run, "#\nsysname HUAWEI\n#\nip vpn-instance vpn1\n#\nreturn\n");
	free(run);
	ex_refused(f, "undo ip vpn-instance vrf1", "Error: The VPN instance vrf1 does not exist.\n");
	fx_close(f);
}
END_TEST

/* Names: 1..31 case-sensitive characters, not _public_, blanks when quoted. */
START_TEST(vpn_instance_names)
{
	fx *f = fx_open(NULL, false, 3);
	char n31[32], n32[33], line[64];

	memset(n31, 'v', 31);
	n31[31] = '\0';
	memset(n32, 'v', 32);
	n32[32] = '\0';
	fx_ok(f, FX_LINES("system-view"));
	snprintf(line, sizeof line, "ip vpn-instance %s", n31);
	fx_ok(f, FX_LINES(line, "quit"));
	snprintf(line, sizeof line, "ip vpn-instance %s", n32);
	ex_refused(f, line, ex_caret(strlen("[*HUAWEI]ip vpn-instance "), EX_WRONG));
	ex_refused(f, "ip vpn-instance _public_",
		   "Error: The name _public_ is reserved for the public network.\n");
	fx_ok(f, FX_LINES("ip vpn-instance \"red vpn\""));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-red vpn]");
	fx_ok(f, FX_LINES("quit", "ip vpn-instance Red", "quit", "ip vpn-instance red", "quit"));
	char *c = ex_render(f, CFG_CANDIDATE);
	char want[512];
	snprintf(want, sizeof want, "#\nsysname HUAWEI\n#\nip vpn-instance %s\n#\n"
				    "ip vpn-instance \"red vpn\"\n#\nip vpn-instance Red\n#\n"
				    "ip vpn-instance red\n#\nreturn\n", n31);
	ck_assert_str_eq(c, want);
	free(c);
	fx_close(f);
}
END_TEST

/* route-distinguisher Examples (IPv4 and IPv6 family); RD formats; the RD
 * cannot be changed without undo. */
START_TEST(route_distinguisher)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] ip vpn-instance vpn1",
			   "[*HUAWEI-vpn-instance-vpn1] ipv4-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv4] route-distinguisher 22:1",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv4] quit",
			   "[*HUAWEI-vpn-instance-vpn1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6] route-distinguisher 22:1",
			   "[*HUAWEI-vpn-instance-vpn1-af-ipv6]"));
	size_t at = strlen("[*HUAWEI-vpn-instance-vpn1-af-ipv6]route-distinguisher ");
	ex_refused(f, "route-distinguisher 0:0", ex_caret(at, EX_WRONG));
	ex_refused(f, "route-distinguisher 0.0:0", ex_caret(at, EX_WRONG));
	ex_refused(f, "route-distinguisher 65536:65536", ex_caret(at, EX_WRONG));
	ex_refused(f, "route-distinguisher 1.1.1.256:1", ex_caret(at, EX_WRONG));
	ex_refused(f, "route-distinguisher 100", ex_caret(at, EX_WRONG));
	ex_refused(f, "route-distinguisher 22:2",
		   "Error: The RD has been configured and cannot be changed. Run undo "
		   "route-distinguisher 22:1 first.\n");
	fx_ok(f, FX_LINES("route-distinguisher 22:1"));
	ex_refused(f, "undo route-distinguisher 22:2", "Error: The RD 22:2 is not configured.\n");
	static const char *const rds[] = { "0:1", "65535:4294967295", "65536:65535",
					   "4294967295:1", "0.1:0", "65535.65535:65535",
					   "192.168.122.15:1", "0.0.0.0:1" };
	char line[64], want[256];
	for (size_t i = 0; i < sizeof rds / sizeof rds[0]; i++) {
		fx_ok(f, FX_LINES("undo route-distinguisher 22:1"));
		snprintf(line, sizeof line, "route-distinguisher %s", rds[i]);
		ck_assert_msg(fx_run(f, line) == 0, "%s: %s", line, f->out);
		snprintf(want, sizeof want, CAND("ip vpn-instance vpn1\n ipv4-family\n"
						 "  route-distinguisher 22:1\n ipv6-family\n"
						 "  route-distinguisher %s\n"), rds[i]);
		ck_assert_str_eq(cand(f), want);
		snprintf(line, sizeof line, "undo route-distinguisher %s", rds[i]);
		fx_ok(f, FX_LINES(line, "route-distinguisher 22:1"));
	}
	fx_close(f);
}
END_TEST

/* vpn-target Examples; one line per target and list, export list first,
 * each list in the order the targets were added. */
START_TEST(vpn_target)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] ip vpn-instance vrf1",
			   "[*HUAWEI-vpn-instance-vrf1] ipv4-family",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] vpn-target 3:3 export-extcommunity",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] vpn-target 4:4 import-extcommunity",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] quit",
			   "[*HUAWEI-vpn-instance-vrf1] ipv6-family",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv6] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv6] vpn-target 5:5",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv6]"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vrf1\n"
				       " ipv4-family\n"
				       "  route-distinguisher 100:1\n"
				       "  vpn-target 3:3 export-extcommunity\n"
				       "  vpn-target 4:4 import-extcommunity\n"
				       " ipv6-family\n"
				       "  route-distinguisher 100:1\n"
				       "  vpn-target 5:5 export-extcommunity\n"
				       "  vpn-target 5:5 import-extcommunity\n"));
	fx_close(f);

	/* the IPv6 L3VPN configuration guide's PE1 (vpnb) */
	f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpnb", "ipv6-family",
			  "route-distinguisher 100:2", "vpn-target 222:2 export-extcommunity",
			  "vpn-target 222:2 111:1 import-extcommunity"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpnb\n"
				       " ipv6-family\n"
				       "  route-distinguisher 100:2\n"
				       "  vpn-target 222:2 export-extcommunity\n"
				       "  vpn-target 222:2 import-extcommunity\n"
				       "  vpn-target 111:1 import-extcommunity\n"));
	/* eight targets at most per command */
	ex_refused(f, "vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8 9:9",
		   ex_caret(strlen("[*HUAWEI-vpn-instance-vpnb-af-ipv6]vpn-target 1:1 2:2 3:3 4:4 "
				   "5:5 6:6 7:7 8:8 "),
			    EX_TOOMANY));
	ex_refused(f, "vpn-target 0:0",
		   ex_caret(strlen("[*HUAWEI-vpn-instance-vpnb-af-ipv6]vpn-target "), EX_WRONG));
	fx_ok(f, FX_LINES("vpn-target 1.1:1 10.0.0.1:7 both", "undo vpn-target 222:2 both",
			  "undo vpn-target 111:1 import-extcommunity"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpnb\n"
				       " ipv6-family\n"
				       "  route-distinguisher 100:2\n"
				       "  vpn-target 1.1:1 export-extcommunity\n"
				       "  vpn-target 10.0.0.1:7 export-extcommunity\n"
				       "  vpn-target 1.1:1 import-extcommunity\n"
				       "  vpn-target 10.0.0.1:7 import-extcommunity\n"));
	ex_refused(f, "undo vpn-target 9:9", "Error: The VPN target does not exist.\n");
	fx_ok(f, FX_LINES("undo vpn-target all"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpnb\n ipv6-family\n"
				       "  route-distinguisher 100:2\n"));
	fx_close(f);
}
END_TEST

/* VPN targets need the RD; deleting the RD deletes them. */
/* `vpn-target ... evpn`: lists of their own, one line per direction like
 * the others, shown after the other list of the same direction (the
 * guide's VXLAN scripts: export, export evpn, import, import evpn); each
 * undo touches only its own kind. */
START_TEST(vpn_target_evpn)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1", "ipv4-family",
			  "route-distinguisher 100:1", "vpn-target 11:1 import-extcommunity evpn",
			  "vpn-target 1:1 import-extcommunity", "vpn-target 11:1 export-extcommunity evpn",
			  "vpn-target 1:1 export-extcommunity", "vpn-target 12:1 evpn",
			  "vpn-target 12:1 evpn"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpn1\n"
				       " ipv4-family\n"
				       "  route-distinguisher 100:1\n"
				       "  vpn-target 1:1 export-extcommunity\n"
				       "  vpn-target 11:1 export-extcommunity evpn\n"
				       "  vpn-target 12:1 export-extcommunity evpn\n"
				       "  vpn-target 1:1 import-extcommunity\n"
				       "  vpn-target 11:1 import-extcommunity evpn\n"
				       "  vpn-target 12:1 import-extcommunity evpn\n"));
	/* the non-EVPN undo does not see EVPN targets, and the other way round */
	ex_refused(f, "undo vpn-target 11:1", "Error: The VPN target does not exist.\n");
	ex_refused(f, "undo vpn-target 1:1 evpn", "Error: The VPN target does not exist.\n");
	fx_ok(f, FX_LINES("undo vpn-target 12:1 export-extcommunity evpn", "undo vpn-target all"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpn1\n"
				       " ipv4-family\n"
				       "  route-distinguisher 100:1\n"
				       "  vpn-target 11:1 export-extcommunity evpn\n"
				       "  vpn-target 11:1 import-extcommunity evpn\n"
				       "  vpn-target 12:1 import-extcommunity evpn\n"));
	fx_ok(f, FX_LINES("undo vpn-target all evpn"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance vpn1\n"
				       " ipv4-family\n"
				       "  route-distinguisher 100:1\n"));
	/* like the other targets, they need the RD */
	fx_ok(f, FX_LINES("undo route-distinguisher 100:1"));
	ex_refused(f, "vpn-target 11:1 evpn",
		   "Error: Configure the route distinguisher (RD) of the address family first.\n");
	fx_close(f);
}
END_TEST

START_TEST(vpn_target_needs_rd)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance v", "ipv4-family"));
	ex_refused(f, "vpn-target 1:1",
		   "Error: Configure the route distinguisher (RD) of the address family first.\n");
	fx_ok(f, FX_LINES("route-distinguisher 1:1", "vpn-target 1:1",
			  "undo route-distinguisher 1:1"));
	ck_assert_str_eq(cand(f), CAND("ip vpn-instance v\n ipv4-family\n"));
	fx_close(f);
}
END_TEST

/* The BGP family of a VPN instance goes with its RD, its IPv6 family or
 * the instance. */
START_TEST(bgp_cascade)
{
	static const char *const undo[] = { "undo ip vpn-instance v", "ip vpn-instance v\n"
					    "undo ipv6-family", "ip vpn-instance v\nipv6-family\n"
					    "undo route-distinguisher 1:1" };
	for (size_t i = 0; i < sizeof undo / sizeof undo[0]; i++) {
		fx *f = fx_open(NULL, false, 3);
		fx_ok(f, FX_LINES("system-view", "ip vpn-instance v", "ipv6-family",
				  "route-distinguisher 1:1", "quit", "quit", "ip vpn-instance w",
				  "ipv6-family", "route-distinguisher 1:2", "quit", "quit", "bgp 100",
				  "ipv6-family vpn-instance v", "group g external",
				  "ipv6-family vpn-instance w", "quit", "quit", "bgp 1 instance x",
				  "ipv6-family vpn-instance v", "quit", "quit", "commit"));
		char *cmds = strdup(undo[i]);
		for (char *l = strtok(cmds, "\n"); l; l = strtok(NULL, "\n"))
			fx_ok(f, FX_LINES(l));
		free(cmds);
		char *c = ex_render(f, CFG_CANDIDATE);
		ck_assert_ptr_null(strstr(c, "ipv6-family vpn-instance v\n"));
		ck_assert_ptr_nonnull(strstr(c, "bgp 100\n #\n ipv6-family unicast\n #\n"
						" ipv6-family vpn-instance w\n#\n"));
		ck_assert_ptr_nonnull(strstr(c, "bgp 1 instance x\n#\n"));
		free(c);
		fx_close(f);
	}
}
END_TEST

/* Model gating: IPv4 families everywhere, IPv6 ones on the ipv6-vpn set. */
START_TEST(gating)
{
	fx *f = fx_open("CE8875", false, 3);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance v", "ipv4-family",
			  "route-distinguisher 1:1", "vpn-target 1:1", "quit"));
	ex_refused(f, "ipv6-family unicast", ex_caret(strlen("[*HUAWEI-vpn-instance-v]"), EX_UNREC));
	fx_close(f);

	f = fx_open(NULL, false, 1);
	ck_assert_int_eq(vsh_push(&f->s, VIEW_SYSTEM, cfg_root(f->db), ""), 0);
	ex_refused(f, "ip vpn-instance v", ex_caret(strlen("[~HUAWEI]"), EX_UNREC));
	fx_close(f);
}
END_TEST

static Suite *make_vpn_suite(void)
{
	Suite *s = suite_create("vpn");
	TCase *tc = tcase_create("vpn");

	tcase_add_test(tc, vpn_instance_examples);
	tcase_add_test(tc, vpn_instance_names);
	tcase_add_test(tc, route_distinguisher);
	tcase_add_test(tc, vpn_target);
	tcase_add_test(tc, vpn_target_evpn);
	tcase_add_test(tc, vpn_target_needs_rd);
	tcase_add_test(tc, bgp_cascade);
	tcase_add_test(tc, gating);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(vpn, make_vpn_suite)
