/* interface and the commands of the interface views (ip address, ipv6
 * enable, ipv6 address, ip binding vpn-instance, description, shutdown,
 * portswitch), from their reference pages and Usage Guidelines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "unit.h"
#include "vsh_fixture.h"

static const char *this_view(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	return f->out;
}

/* interface.md Examples (the ones for interface types vrpsh has). */
START_TEST(interface_examples)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] interface Vlanif 1",
			   "[*HUAWEI-Vlanif1] quit", "[*HUAWEI] interface LoopBack 1",
			   "[*HUAWEI-LoopBack1] quit", "[*HUAWEI] interface Tunnel 1",
			   "[*HUAWEI-Tunnel1] quit", "[*HUAWEI] interface eth-trunk 1",
			   "[*HUAWEI-Eth-Trunk1]"));
	fx_close(f);
}
END_TEST

/* Names: glued or split, any case, unique prefixes; shown normalised. */
START_TEST(interface_names)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface loopback0"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_ok(f, FX_LINES("interface loop 2"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack2]");
	fx_ok(f, FX_LINES("interface 10ge 1/0/1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-10GE1/0/1]");
	fx_ok(f, FX_LINES("interface MEth0/0/0"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-MEth0/0/0]");
	fx_ok(f, FX_LINES("quit"));
	ex_refused(f, "interface LoopBack 1024",
		   ex_caret(strlen("[*HUAWEI]interface LoopBack "), EX_WRONG));
	ex_refused(f, "interface LoopBack0/0/0", ex_caret(strlen("[*HUAWEI]interface "), EX_WRONG));
	fx_close(f);
}
END_TEST

/* Physical ports are entered, never created: entering one is no change. */
START_TEST(physical_ports)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] quit", "[~HUAWEI] interface 10GE 1/0/48",
			   "[~HUAWEI-10GE1/0/48] quit", "[~HUAWEI]"));
	/* CE6881H: 48 x 10GE, 6 x 100GE, no 25GE */
	ex_refused(f, "interface 10GE 1/0/49", "Error: The interface 10GE1/0/49 does not exist.\n");
	ex_refused(f, "interface 100GE1/0/7", "Error: The interface 100GE1/0/7 does not exist.\n");
	ex_refused(f, "interface 25GE 1/0/1", "Error: The interface 25GE1/0/1 does not exist.\n");
	ex_refused(f, "undo interface 100GE 1/0/1",
		   "Error: A physical interface cannot be deleted.\n");
	ex_refused(f, "undo interface LoopBack 5", "Error: The interface LoopBack5 does not exist.\n");
	fx_close(f);

	/* CE8865 has 100GE ports only */
	f = fx_open("CE8865", false, 3);
	fx_ok(f, FX_LINES("system-view", "interface 100GE 1/0/64"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-100GE1/0/64]");
	fx_ok(f, FX_LINES("quit"));
	ex_refused(f, "interface 10GE 1/0/1", "Error: The interface 10GE1/0/1 does not exist.\n");
	fx_close(f);
}
END_TEST

/* Logical interfaces come and go; the display lists interfaces in a fixed
 * order: Vlanif, Eth-Trunk, physical ports by speed, LoopBack, Tunnel, each
 * by number. */
START_TEST(interface_order)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface Tunnel 3", "interface LoopBack 10",
			  "interface LoopBack 2", "interface 100GE 1/0/2", "undo portswitch",
			  "interface 10GE 1/0/10", "shutdown", "interface 10GE 1/0/9", "shutdown",
			  "interface Eth-Trunk 7", "interface Vlanif 300", "interface Vlanif 20",
			  "quit", "commit"));
	char *run = ex_render(f, CFG_RUNNING);
	ck_assert_str_eq(run, "#\n"
			      "sysname HUAWEI\n"
			      "#\n"
			      "interface Vlanif20\n"
			      "#\n"
			      "interface Vlanif300\n"
			      "#\n"
			      "interface Eth-Trunk7\n"
			      "#\n"
			      "interface 10GE1/0/9\n"
			      " shutdown\n"
			      "#\n"
			      "interface 10GE1/0/10\n"
			      " shutdown\n"
			      "#\n"
			      "interface 100GE1/0/2\n"
			      " undo portswitch\n"
			      "#\n"
			      "interface LoopBack2\n"
			      "#\n"
			      "interface LoopBack10\n"
			      "#\n"
			      "interface Tunnel3\n"
			      "#\n"
			      "return\n");
	free(run);
	fx_ok(f, FX_LINES("undo interface LoopBack 10", "undo interface Vlanif300",
			  "interface 10GE1/0/9", "undo shutdown", "quit", "commit"));
	run = ex_render(f, CFG_RUNNING);
	ck_assert_ptr_null(strstr(run, "LoopBack10"));
	ck_assert_ptr_null(strstr(run, "Vlanif300"));
	ck_assert_ptr_null(strstr(run, "10GE1/0/9\n"));
	ck_assert_ptr_nonnull(strstr(run, "interface LoopBack2\n"));
	free(run);
	fx_close(f);
}
END_TEST

/* ip_address_(interface_view).md Example. */
START_TEST(ip_address_example)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] undo portswitch",
			   "[*HUAWEI-100GE1/0/1] ip address 10.102.0.1 255.255.255.0",
			   "[*HUAWEI-100GE1/0/1] ip address 10.38.160.1 255.255.255.0 sub",
			   "[*HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/1\n"
				       " undo portswitch\n"
				       " ip address 10.102.0.1 255.255.255.0\n"
				       " ip address 10.38.160.1 255.255.255.0 sub\n"
				       "#\n"
				       "return\n");
	/* a new primary replaces the old one; a length shows as a mask */
	fx_ok(f, FX_LINES("ip address 10.102.0.2 16 tag 7"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/1\n"
				       " undo portswitch\n"
				       " ip address 10.102.0.2 255.255.0.0 tag 7\n"
				       " ip address 10.38.160.1 255.255.255.0 sub\n"
				       "#\n"
				       "return\n");
	/* secondaries go before the primary */
	ex_refused(f, "undo ip address 10.102.0.2 16",
		   "Error: Delete the secondary IP addresses before the primary one.\n");
	ex_refused(f, "undo ip address 10.38.160.2 24 sub", "Error: The IP address does not exist.\n");
	fx_ok(f, FX_LINES("undo ip address 10.38.160.1 24 sub", "undo ip address 10.102.0.2 16"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n undo portswitch\n#\nreturn\n");
	fx_ok(f, FX_LINES("ip address 10.1.1.1 24", "ip address 10.1.2.1 24 sub", "undo ip address"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n undo portswitch\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Masks: dotted and contiguous or a length 0..32; /32 on LoopBack only. */
START_TEST(ip_address_checks)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "ip address 10.1.1.1 32"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface LoopBack0\n"
				       " ip address 10.1.1.1 255.255.255.255\n"
				       "#\n"
				       "return\n");
	fx_ok(f, FX_LINES("ip address 10.1.1.1 255.255.255.255"));
	fx_ok(f, FX_LINES("interface Vlanif 10"));
	const char *slash32 = "Error: The mask 255.255.255.255 (32) can be used only on a LoopBack "
			      "interface.\n";
	ex_refused(f, "ip address 10.2.2.2 32", slash32);
	ex_refused(f, "ip address 10.2.2.2 255.255.255.255", slash32);
	size_t at = strlen("[*HUAWEI-Vlanif10]ip address 10.2.2.2 ");
	ex_refused(f, "ip address 10.2.2.2 33", ex_caret(at, EX_WRONG));
	ex_refused(f, "ip address 10.2.2.2 255.0.255.0", ex_caret(at, EX_WRONG));
	ex_refused(f, "ip address 10.2.2.256 24",
		   ex_caret(strlen("[*HUAWEI-Vlanif10]ip address "), EX_WRONG));
	ex_refused(f, "ip address 10.2.2.2", ex_caret(at, EX_INCOMPLETE));
	ex_refused(f, "ip address 10.2.2.0 24",
		   "Error: The IP address cannot be the network or broadcast address of its "
		   "subnet.\n");
	ex_refused(f, "ip address 10.2.2.255 24",
		   "Error: The IP address cannot be the network or broadcast address of its "
		   "subnet.\n");
	ex_refused(f, "ip address 224.0.0.1 24", "Error: The specified IP address is invalid.\n");
	ex_refused(f, "ip address 127.0.0.1 8", "Error: The specified IP address is invalid.\n");
	ex_refused(f, "ip address 10.2.2.2 0", "Error: The specified IP address is invalid.\n");
	ex_refused(f, "ip address 10.2.2.2 24 sub",
		   "Error: Configure the primary IP address before a secondary one.\n");
	fx_ok(f, FX_LINES("ip address 10.2.2.2 31", "ip address 10.2.3.2 24 sub"));
	ex_refused(f, "ip address 10.2.2.2 24 sub", "Error: The address already exists.\n");
	ex_refused(f, "ip address 10.2.3.2 24", "Error: The address already exists.\n");
	/* tag 1..4294967295 */
	at = strlen("[*HUAWEI-Vlanif10]ip address 10.2.4.2 24 sub tag ");
	ex_refused(f, "ip address 10.2.4.2 24 sub tag 0", ex_caret(at, EX_WRONG));
	ex_refused(f, "ip address 10.2.4.2 24 sub tag 4294967296", ex_caret(at, EX_WRONG));
	fx_ok(f, FX_LINES("ip address 10.2.4.2 24 sub tag 4294967295"));
	fx_close(f);
}
END_TEST

/* Layer 3 settings need the port in Layer 3 mode (undo portswitch). */
START_TEST(layer2_ports)
{
	fx *f = fx_open(NULL, false, 3);
	const char *l2 = "Error: The interface works in Layer 2 mode. Run the undo portswitch "
			 "command first.\n";

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance v", "quit", "interface 10GE 1/0/2"));
	ex_refused(f, "ip address 10.1.1.1 24", l2);
	ex_refused(f, "ipv6 enable", l2);
	ex_refused(f, "ip binding vpn-instance v", l2);
	fx_ok(f, FX_LINES("interface Eth-Trunk 1"));
	ex_refused(f, "ip address 10.1.1.1 24", l2);
	fx_ok(f, FX_LINES("undo portswitch", "ip address 10.1.1.1 24"));
	ex_refused(f, "portswitch",
		   "Error: Delete the Layer 3 configuration of the interface before switching it "
		   "to Layer 2 mode.\n");
	fx_ok(f, FX_LINES("undo ip address", "portswitch"));
	ck_assert_str_eq(this_view(f), "#\ninterface Eth-Trunk1\n#\nreturn\n");
	/* the management port is a Layer 3 port */
	fx_ok(f, FX_LINES("interface MEth 0/0/0", "ip address 192.168.0.1 24"));
	fx_close(f);
}
END_TEST

/* portswitch.md Examples; the warning for a BGP connect-interface. */
START_TEST(portswitch_examples)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] interface eth-trunk 1",
			   "[*HUAWEI-Eth-Trunk1] portswitch", "[*HUAWEI-Eth-Trunk1] quit",
			   "[*HUAWEI] commit", "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] portswitch", "[~HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(f->out, "");
	fx_ok(f, FX_LINES("undo portswitch", "quit", "ip vpn-instance vpn1", "ipv6-family",
			  "route-distinguisher 1:1", "quit", "quit", "bgp 100",
			  "ipv6-family vpn-instance vpn1", "group test external",
			  "peer test connect-interface 100GE1/0/1", "commit", "quit", "quit",
			  "interface 100GE1/0/1"));
	ck_assert_int_eq(fx_run(f, "portswitch"), 0);
	ck_assert_str_eq(f->out, "Warning: The interface is the connect-interface of peer test "
				 "(ipv6-family vpn-instance vpn1); in Layer 2 mode that BGP "
				 "connection cannot be set up.\n");
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-100GE1/0/1]");
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n#\nreturn\n");
	/* once the binding names another port, no warning */
	fx_ok(f, FX_LINES("undo portswitch", "bgp 100", "ipv6-family vpn-instance vpn1",
			  "peer test connect-interface 100GE1/0/2", "interface 100GE1/0/1"));
	ck_assert_int_eq(fx_run(f, "portswitch"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

/* A logical interface named as a connect-interface cannot be deleted. */
START_TEST(undo_interface_in_use)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "interface LoopBack 1",
			  "ip vpn-instance vpn1", "ipv6-family", "route-distinguisher 1:1", "quit",
			  "quit", "bgp 100", "ipv6-family vpn-instance vpn1",
			  "peer 2001:db8::1 as-number 200",
			  "peer 2001:db8::1 connect-interface LoopBack 0 2001:db8::2",
			  "group \"a b\" external", "peer \"a b\" connect-interface LoopBack0",
			  "group c external", "commit", "quit", "quit"));
	fx_ok(f, FX_LINES("bgp 100", "ipv6-family vpn-instance vpn1",
			  "peer \"a b\" connect-interface LoopBack1", "quit", "quit"));
	ex_refused(f, "undo interface LoopBack0",
		   "Error: The interface is the connect-interface of peer 2001:DB8::1 "
		   "(ipv6-family vpn-instance vpn1). Delete that configuration first.\n");
	/* moved to LoopBack1 in the same candidate: LoopBack0 can go, the
	 * peer keeps its new binding */
	fx_ok(f, FX_LINES("bgp 100", "ipv6-family vpn-instance vpn1",
			  "peer 2001:db8::1 connect-interface LoopBack1", "quit", "quit",
			  "undo interface LoopBack0", "bgp 100", "ipv6-family vpn-instance vpn1"));
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	ck_assert_str_eq(f->out, " #\n"
				 " ipv6-family vpn-instance vpn1\n"
				 "  peer 2001:DB8::1 as-number 200\n"
				 "  peer 2001:DB8::1 connect-interface LoopBack1\n"
				 "  group \"a b\" external\n"
				 "  peer \"a b\" connect-interface LoopBack1\n"
				 "  group c external\n"
				 "#\n"
				 "return\n");
	fx_close(f);
}
END_TEST

/* ipv6_enable.md and ipv6_address.md Examples, both address forms. */
START_TEST(ipv6_examples)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] undo portswitch",
			   "[*HUAWEI-100GE1/0/1] ipv6 enable",
			   "[*HUAWEI-100GE1/0/1] ipv6 address 2001:db8:: 127",
			   "[*HUAWEI-100GE1/0/1] ipv6 address 2001:DB8::11:2/112",
			   "[*HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/1\n"
				       " undo portswitch\n"
				       " ipv6 enable\n"
				       " ipv6 address 2001:DB8::/127\n"
				       " ipv6 address 2001:DB8::11:2/112\n"
				       "#\n"
				       "return\n");
	fx_ok(f, FX_LINES("undo ipv6 address 2001:db8::11:2 112"));
	ex_refused(f, "undo ipv6 address 2001:db8::11:2 112",
		   "Error: The IPv6 address does not exist.\n");
	/* disabling IPv6 removes the addresses */
	fx_ok(f, FX_LINES("undo ipv6 enable"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n undo portswitch\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(ipv6_address_checks)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	ex_refused(f, "ipv6 address 2001:db8::1 64",
		   "Error: IPv6 is not enabled on the interface. Run the ipv6 enable command "
		   "first.\n");
	fx_ok(f, FX_LINES("ipv6 enable"));
	size_t at = strlen("[*HUAWEI-LoopBack0]ipv6 address ");
	ex_refused(f, "ipv6 address 2001:db8:::1 64", ex_caret(at, EX_WRONG));
	ex_refused(f, "ipv6 address 2001:db8::1/129", ex_caret(at, EX_WRONG));
	ex_refused(f, "ipv6 address 2001:db8::1/0", ex_caret(at, EX_WRONG));
	ex_refused(f, "ipv6 address 2001:db8::1 129",
		   ex_caret(at + strlen("2001:db8::1 "), EX_WRONG));
	ex_refused(f, "ipv6 address ::1 128", "Error: The specified IPv6 address is invalid.\n");
	ex_refused(f, "ipv6 address :: 64", "Error: The specified IPv6 address is invalid.\n");
	ex_refused(f, "ipv6 address ff02::1 64", "Error: The specified IPv6 address is invalid.\n");
	ex_refused(f, "ipv6 address 2001:db8:5::10 124",
		   "Error: The IPv6 address cannot be the same as its network prefix.\n");
	fx_ok(f, FX_LINES("ipv6 address 2001:db8::1 128", "ipv6 address 2001:db8:5::10/127",
			  "ipv6 address 0:0:0:0:0:ffff:10.1.1.1 96"));
	/* at most 16 addresses */
	char line[64];
	for (int i = 0; i < 13; i++) {
		snprintf(line, sizeof line, "ipv6 address 2001:db8:%x::1 64", 100 + i);
		fx_ok(f, FX_LINES(line));
	}
	ex_refused(f, "ipv6 address 2001:db8:ffff::1 64",
		   "Error: An interface can have at most 16 global unicast IPv6 addresses.\n");
	fx_ok(f, FX_LINES("ipv6 address 2001:db8:64::1 80")); /* replaces a /64 */
	fx_close(f);
}
END_TEST

/* ip_binding_vpn-instance.md Example; binding drops Layer 3 addresses. */
START_TEST(ip_binding)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view",
			   "[~HUAWEI] ip vpn-instance vrf1",
			   "[*HUAWEI-vpn-instance-vrf1] ipv4-family",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] route-distinguisher 100:1",
			   "[*HUAWEI-vpn-instance-vrf1-af-ipv4] quit",
			   "[*HUAWEI-vpn-instance-vrf1] quit",
			   "[*HUAWEI] commit",
			   "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] undo portswitch",
			   "[*HUAWEI-100GE1/0/1] ip binding vpn-instance vrf1",
			   "[*HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(f->out, "");
	ex_refused(f, "ip binding vpn-instance vrf2", "Error: The VPN instance vrf2 does not exist.\n");
	ex_refused(f, "ip binding vpn-instance _public_",
		   "Error: The name _public_ is reserved for the public network.\n");
	fx_ok(f, FX_LINES("ip address 10.1.1.1 24", "ipv6 enable", "ipv6 address 2001:db8::1 64",
			  "quit", "ip vpn-instance vrf2", "quit", "interface 100GE 1/0/1"));
	ck_assert_int_eq(fx_run(f, "ip binding vpn-instance vrf2"), 0);
	ck_assert_str_eq(f->out, "Info: All IPv4 related configurations on this interface are "
				 "removed.\n"
				 "Info: All IPv6 related configurations on this interface are "
				 "removed.\n");
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/1\n"
				       " undo portswitch\n"
				       " ip binding vpn-instance vrf2\n"
				       "#\n"
				       "return\n");
	ex_refused(f, "undo ip binding vpn-instance vrf1",
		   "Error: The interface is not bound to VPN instance vrf1.\n");
	/* deleting the instance unbinds its interfaces */
	fx_ok(f, FX_LINES("quit", "undo ip vpn-instance vrf2", "interface 100GE 1/0/1"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n undo portswitch\n#\nreturn\n");
	fx_ok(f, FX_LINES("ip binding vpn-instance vrf1", "undo ip binding vpn-instance vrf1"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n undo portswitch\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* description_(interface_view).md Example; 1..242 characters. */
START_TEST(description_example)
{
	fx *f = fx_open(NULL, false, 3);
	char line[300];

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] description Connect to DeviceA 100GE 1/0/1 interface",
			   "[*HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/1\n"
				       " description Connect to DeviceA 100GE 1/0/1 interface\n"
				       "#\n"
				       "return\n");
	strcpy(line, "description ");
	memset(line + 12, 'd', 242);
	line[12 + 242] = '\0';
	fx_ok(f, FX_LINES(line));
	strcat(line, "d");
	ck_assert_int_eq(fx_run(f, line), -1);
	ck_assert_ptr_nonnull(strstr(f->out, "Error:"));
	fx_ok(f, FX_LINES("interface LoopBack 3", "description   loop  3 "));
	ck_assert_str_eq(this_view(f), "#\ninterface LoopBack3\n description loop  3\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo description"));
	ck_assert_str_eq(this_view(f), "#\ninterface LoopBack3\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* A description opens its interface block, before the generated lines:
 * in the configuration guide's scripts no line of an interface block
 * comes before its description but `undo portswitch`, and the device
 * shows a Layer 2 port's description before its `port link-type`. */
START_TEST(description_first)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface 100GE 1/0/2", "port link-type trunk",
			  "port trunk allow-pass vlan 10", "description to-server"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/2\n"
				       " description to-server\n"
				       " port link-type trunk\n"
				       " port trunk allow-pass vlan 10\n"
				       "#\n"
				       "return\n");
	fx_ok(f, FX_LINES("interface 100GE 1/0/3", "undo portswitch", "ip address 172.16.1.1 24",
			  "description min_port_of_global_link"));
	ck_assert_str_eq(this_view(f), "#\n"
				       "interface 100GE1/0/3\n"
				       " undo portswitch\n"
				       " description min_port_of_global_link\n"
				       " ip address 172.16.1.1 255.255.255.0\n"
				       "#\n"
				       "return\n");
	fx_close(f);
}
END_TEST

/* shutdown.md Example: a physical port is up by default, so only
 * `shutdown` shows; LoopBack has no shutdown (nor portswitch): the line
 * goes up to the system view, where only `shutdown interface ...` and
 * `portswitch batch ...` begin with them. */
START_TEST(shutdown_example)
{
	fx *f = fx_open(NULL, false, 3);

	ex_run(f, FX_LINES("<HUAWEI> system-view", "[~HUAWEI] interface 100GE 1/0/1",
			   "[~HUAWEI-100GE1/0/1] shutdown", "[*HUAWEI-100GE1/0/1]"));
	ck_assert_str_eq(this_view(f), "#\ninterface 100GE1/0/1\n shutdown\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo shutdown"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-100GE1/0/1]");
	fx_ok(f, FX_LINES("interface LoopBack 0"));
	ex_refused(f, "shutdown", ex_caret(strlen("[*HUAWEI-LoopBack0]shutdown "), EX_INCOMPLETE));
	ex_refused(f, "portswitch",
		   ex_caret(strlen("[*HUAWEI-LoopBack0]portswitch "), EX_INCOMPLETE));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_ok(f, FX_LINES("interface Vlanif 2", "shutdown", "interface Tunnel 2", "shutdown"));
	fx_close(f);
}
END_TEST

/* Model and level gating of the interface commands. */
START_TEST(gating)
{
	/* no IPv6 on CE8865: other `ipv6` commands exist there, so the caret
	 * goes under `enable`, the first word the model lacks; no `undo ipv6`
	 * command exists there at all */
	fx *f = fx_open("CE8865", false, 3);
	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	ex_refused(f, "ipv6 enable", ex_caret(strlen("[*HUAWEI-LoopBack0]ipv6 "), EX_UNREC));
	ex_refused(f, "undo ipv6 enable",
		   ex_caret(strlen("[*HUAWEI-LoopBack0]undo "), EX_UNREC));
	fx_ok(f, FX_LINES("ip address 10.1.1.1 32"));
	fx_close(f);

	/* CE6885-LL in low-latency mode has no `undo portswitch` */
	f = fx_open("CE6885-LL", true, 3);
	fx_ok(f, FX_LINES("system-view", "interface 25GE 1/0/1", "portswitch"));
	ex_refused(f, "undo portswitch", ex_caret(strlen("[~HUAWEI-25GE1/0/1]undo "), EX_UNREC));
	fx_close(f);

	/* a monitor-level session cannot configure interfaces */
	f = fx_open(NULL, false, 1);
	ck_assert_int_eq(vsh_push(&f->s, VIEW_SYSTEM, cfg_root(f->db), ""), 0);
	ex_refused(f, "interface LoopBack 0", ex_caret(strlen("[~HUAWEI]"), EX_UNREC));
	fx_close(f);
}
END_TEST

static Suite *make_interface_suite(void)
{
	Suite *s = suite_create("interface");
	TCase *tc = tcase_create("interface");

	tcase_add_test(tc, interface_examples);
	tcase_add_test(tc, interface_names);
	tcase_add_test(tc, physical_ports);
	tcase_add_test(tc, interface_order);
	tcase_add_test(tc, ip_address_example);
	tcase_add_test(tc, ip_address_checks);
	tcase_add_test(tc, layer2_ports);
	tcase_add_test(tc, portswitch_examples);
	tcase_add_test(tc, undo_interface_in_use);
	tcase_add_test(tc, ipv6_examples);
	tcase_add_test(tc, ipv6_address_checks);
	tcase_add_test(tc, ip_binding);
	tcase_add_test(tc, description_example);
	tcase_add_test(tc, description_first);
	tcase_add_test(tc, shutdown_example);
	tcase_add_test(tc, gating);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(interface, make_interface_suite)
