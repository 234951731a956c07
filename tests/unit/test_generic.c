/* Generated commands kept as configuration lines (views/generic.c): the
 * display order, blocks, identities and display forms the generated tables
 * carry from the configuration guide's scripts, and the views they enter. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vsh_fixture.h"

static char *candidate(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	return f->out;
}

/* Where `needle` starts in the output, failing when it is not there. */
static size_t at(const char *out, const char *needle)
{
	const char *p = strstr(out, needle);
	ck_assert_msg(p != NULL, "%s not in:\n%s", needle, out);
	return (size_t)(p - out);
}

static fx *committed(const char *model, const char *const *lines)
{
	fx *f = fx_open(model, false, 3);
	fx_ok(f, lines);
	fx_ok(f, FX_LINES("commit", "return"));
	return f;
}

/* Top-level lines of generated commands stand where the device shows
 * them, around the hand-written ones, whatever the order typed: `vlan
 * batch` before the interfaces, `ospf` after them, `lldp enable` before. */
START_TEST(top_level_order)
{
	fx *f = committed(NULL, FX_LINES("system-view", "ospf 1", "quit", "interface 100GE1/0/1",
					 "port link-type trunk", "quit", "lldp enable",
					 "vlan batch 10 20"));
	const char *out = candidate(f);
	ck_assert(at(out, "sysname HUAWEI") < at(out, "vlan batch 10 20"));
	ck_assert(at(out, "vlan batch 10 20") < at(out, "interface 100GE1/0/1"));
	ck_assert(at(out, "lldp enable") < at(out, "interface 100GE1/0/1"));
	ck_assert(at(out, "interface 100GE1/0/1") < at(out, "ospf 1"));
	fx_close(f);
}
END_TEST

/* Lines of one feature share a "#" block (telnet server-source and
 * telnet server port), in their own order; other commands get their own. */
START_TEST(top_level_blocks)
{
	fx *f = committed(NULL, FX_LINES("system-view", "telnet server port 1025",
					 "telnet server-source all-interface", "bfd", "quit"));
	const char *out = candidate(f);
	ck_assert_ptr_nonnull(strstr(out, "#\ntelnet server-source all-interface\n"
					  "telnet server port 1025\n#\n"));
	ck_assert_ptr_nonnull(strstr(out, "#\nbfd\n#\n"));
	fx_close(f);
}
END_TEST

/* Inside an interface, generated lines interleave with the hand-written
 * ones in the device's order: `undo portswitch` first, `ip address`
 * before `ospf cost`. */
START_TEST(interface_lines_interleave)
{
	fx *f = committed(NULL, FX_LINES("system-view", "interface 100GE1/0/1", "undo portswitch",
					 "ospf cost 10", "ip address 10.1.1.1 24",
					 "description uplink"));
	const char *out = candidate(f);
	ck_assert_ptr_nonnull(strstr(out, "interface 100GE1/0/1\n undo portswitch\n"
					  " description uplink\n"
					  " ip address 10.1.1.1 255.255.255.0\n ospf cost 10\n#\n"));
	fx_close(f);
}
END_TEST

/* A keyed family: `vrrp vrid N ...` lines show grouped by N, ascending,
 * each group in the commands' order. */
START_TEST(keyed_family)
{
	fx *f = committed(NULL, FX_LINES("system-view", "interface Vlanif10",
					 "ip address 10.1.1.1 24", "vrrp vrid 2 virtual-ip 10.1.1.112",
					 "vrrp vrid 1 priority 120", "vrrp vrid 1 virtual-ip 10.1.1.111"));
	ck_assert_ptr_nonnull(strstr(candidate(f), " vrrp vrid 1 virtual-ip 10.1.1.111\n"
						   " vrrp vrid 1 priority 120\n"
						   " vrrp vrid 2 virtual-ip 10.1.1.112\n"));
	fx_close(f);
}
END_TEST

/* Identity: ACL rules are keyed by their number (the guide shows several
 * in one ACL), a rule typed again replaces its line. */
START_TEST(identity_from_guide)
{
	fx *f = committed(NULL, FX_LINES("system-view", "acl 2000",
					 "rule 5 permit source 10.1.1.0 0.0.0.255", "rule 10 deny",
					 "rule 5 deny source 10.2.1.0 0.0.0.255"));
	ck_assert_ptr_nonnull(strstr(candidate(f), "acl number 2000\n"
						   " rule 5 deny source 10.2.1.0 0.0.0.255\n"
						   " rule 10 deny\n#\n"));
	fx_close(f);
}
END_TEST

/* Display forms: `acl 2000` shows as `acl number 2000` (and both name the
 * same section); `ospf` shows as `ospf 1`. */
START_TEST(display_forms)
{
	fx *f = committed(NULL, FX_LINES("system-view", "acl 2000", "rule 5 permit", "quit",
					 "acl number 2000", "rule 10 deny", "quit", "ospf",
					 "quit", "ospf 1", "area 0"));
	const char *out = candidate(f);
	ck_assert_ptr_nonnull(strstr(out, "acl number 2000\n rule 5 permit\n rule 10 deny\n"));
	ck_assert_ptr_nonnull(strstr(out, "ospf 1\n area 0.0.0.0\n"));
	ck_assert_ptr_null(strstr(out, "\nospf\n"));
	fx_close(f);
}
END_TEST

/* An undo form the device shows stays as a line; the command typed again
 * removes it. */
START_TEST(undo_shown)
{
	fx *f = committed(NULL, FX_LINES("system-view", "interface 100GE1/0/1",
					 "port link-type trunk", "undo port trunk allow-pass vlan 1",
					 "port trunk allow-pass vlan 10"));
	ck_assert_ptr_nonnull(strstr(candidate(f), " port link-type trunk\n"
						   " undo port trunk allow-pass vlan 1\n"
						   " port trunk allow-pass vlan 10\n"));
	fx_close(f);
}
END_TEST

/* Interface names in generated lines are written as the device writes
 * them, IPv6 addresses in capitals. */
START_TEST(canonical_values)
{
	fx *f = committed(NULL, FX_LINES("system-view", "bfd", "quit",
					 "bfd s1 bind peer-ipv6 2001:db8::1 interface 100ge 1/0/2",
					 "quit"));
	ck_assert_ptr_nonnull(
		strstr(candidate(f), "bfd s1 bind peer-ipv6 2001:DB8::1 interface 100GE1/0/2\n"));
	fx_close(f);
}
END_TEST

/* Views the Examples or the guide's scripts enter: BFD sessions of every
 * bind form, the maintenance view, keychain Key-ID views by the keychain's
 * mode, ACLs by number and by name. */
START_TEST(views_entered)
{
	fx *f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "bfd", "quit",
			  "bfd s1 bind peer-ip 10.1.1.1 interface 100GE 1/0/1 one-arm-echo"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bfd-session-s1]");
	fx_ok(f, FX_LINES("discriminator local 80", "quit", "maintenance"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-maintenance]");
	fx_ok(f, FX_LINES("quit", "keychain kc mode absolute", "key-id 1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-keychain-kc-keyid-1]");
	fx_ok(f, FX_LINES("algorithm hmac-sha-256", "quit", "quit", "acl name myacl basic"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-acl4-basic-myacl]");
	fx_ok(f, FX_LINES("quit", "acl ipv6 3000"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-acl6-advance-3000]");
	fx_close(f);
}
END_TEST

/* V300: a route distinguisher typed in the VPN instance view enters the
 * IPv4 address family view and is that family's. */
START_TEST(route_distinguisher_via_ipv4_family)
{
	fx *f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "ip vpn-instance v1", "route-distinguisher 1:1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-v1-af-ipv4]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-v1]");
	fx_ok(f, FX_LINES("commit", "return"));
	ck_assert_ptr_nonnull(strstr(candidate(f), "ip vpn-instance v1\n ipv4-family\n"
						   "  route-distinguisher 1:1\n"));
	fx_close(f);
}
END_TEST

/* Sections of one command the device shows without "#" between them (in
 * the order of their numbers). */
START_TEST(joined_sections)
{
	fx *f = committed(NULL, FX_LINES("system-view", "erps ring 2", "control-vlan 20", "quit",
					 "erps ring 1", "control-vlan 10"));
	ck_assert_ptr_nonnull(strstr(candidate(f), "#\nerps ring 1\n control-vlan 10\n"
						   "erps ring 2\n control-vlan 20\n#\n"));
	fx_close(f);
}
END_TEST

/* A line the guide shows as a block of its own inside a view (`ai-service`
 * / ` #` / ` buffer optimization mode ...`) is preceded by the indented
 * "#" that separates the view's sections; undo removes it. */
START_TEST(block_lines)
{
	fx *f = committed("CE6860-SAN", FX_LINES("system-view", "ai-service",
						 "buffer optimization mode long-distance"));
	ck_assert_ptr_nonnull(strstr(candidate(f), "#\nai-service\n #\n"
						   " buffer optimization mode long-distance\n#\n"));
	fx_ok(f, FX_LINES("system-view", "ai-service",
			  "undo buffer optimization mode long-distance", "commit"));
	ck_assert_ptr_null(strstr(candidate(f), "buffer optimization"));
	fx_close(f);
}
END_TEST

/* A command that ends in a choice of keywords sets one value: typed with
 * another choice it replaces its line (`stp mode`), unless the page's undo
 * forms name the choice, as a user interface's ACL directions. */
START_TEST(closing_choice_is_a_value)
{
	fx *f = committed(NULL, FX_LINES("system-view", "stp mode stp", "stp mode rstp",
					 "user-interface vty 0 4", "acl 2000 inbound",
					 "acl 2000 outbound"));
	const char *out = candidate(f);
	ck_assert_ptr_nonnull(strstr(out, "#\nstp mode rstp\n#\n"));
	ck_assert_ptr_null(strstr(out, "stp mode stp\n"));
	ck_assert_ptr_nonnull(strstr(out, " acl 2000 inbound\n acl 2000 outbound\n"));
	fx_close(f);
}
END_TEST

/* An interface in several IS-IS processes shows each process's lines
 * together, `isis enable N` first, whatever the order typed; `isis cost`
 * without a process keeps its own place, after `isis enable` and before
 * the BFD lines. */
START_TEST(isis_lines_by_process)
{
	fx *f = committed(NULL, FX_LINES(
		"system-view", "isis 1", "network-entity 00.1111.1111.1111.00", "quit", "isis 2",
		"network-entity 00.1111.1111.1112.00", "quit", "interface 100GE1/0/1",
		"undo portswitch", "isis process-id 2 cost 15", "isis enable 2",
		"isis process-id 1 cost 5", "isis enable 1", "quit", "interface 100GE1/0/2",
		"undo portswitch", "isis bfd enable", "isis cost 5", "isis enable 1"));
	const char *out = candidate(f);
	at(out, "interface 100GE1/0/1\n"
		" undo portswitch\n"
		" isis enable 1\n"
		" isis process-id 1 cost 5\n"
		" isis enable 2\n"
		" isis process-id 2 cost 15\n");
	at(out, "interface 100GE1/0/2\n"
		" undo portswitch\n"
		" isis enable 1\n"
		" isis cost 5\n"
		" isis bfd enable\n");
	fx_close(f);
}
END_TEST

/* An optional group before the end of a line's identity, when typed, is
 * part of it: a remote engine's user has a line per setting as a local
 * user has (the identity words are counted without the group), and the
 * same setting typed again replaces its line.  Where the identity goes on
 * into a choice (`stp [ instance N ] root { primary | secondary }`) the
 * group adds nothing: one root role per instance. */
START_TEST(optional_group_in_identity)
{
	fx *f = committed(NULL, FX_LINES(
		"system-view",
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1",
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1 authentication-mode "
		"sha cipher Abcdefgh@123",
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1 privacy-mode aes256 "
		"cipher Abcdefgh@123",
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1 privacy-mode aes128 "
		"cipher Abcdefgh@123",
		"snmp-agent usm-user v3 u2", "snmp-agent usm-user v3 u2 group g2",
		"stp instance 1 root primary", "stp instance 1 root secondary"));
	const char *out = candidate(f);
	ck_assert_ptr_nonnull(strstr(out,
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1\n"
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1 authentication-mode "
		"sha cipher Abcdefgh@123\n"
		"snmp-agent remote-engineid 800007DB0338EBD9210010 usm-user v3 u1 privacy-mode aes128 "
		"cipher Abcdefgh@123\n"));
	ck_assert_ptr_null(strstr(out, "aes256"));
	ck_assert_ptr_nonnull(strstr(out, "snmp-agent usm-user v3 u2\nsnmp-agent usm-user v3 u2 group g2\n"));
	ck_assert_ptr_nonnull(strstr(out, "stp instance 1 root secondary\n"));
	ck_assert_ptr_null(strstr(out, "stp instance 1 root primary\n"));
	fx_close(f);
}
END_TEST

/* Value types of the generator: a device ciphertext with double quotation
 * marks is a password; a value that must be 1 is the number 1 (so that
 * `dfs-group 1 m-lag 1` is not taken for the string path of a sibling). */
START_TEST(generated_types)
{
	fx *f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "dfs-group 1",
			  "authentication-mode hmac-sha256 password %+%##!!!!!!!!!\"!!!!\"!!!!*!!!!C+tR0"
			  "CW9x*eB&pWp`t),Azgw-h\\o8#4LZPD!!!!!!!!!!!!!!!9!!!!>fwJ)I0E{=:%,*,XRhbH&t0MCy_8"
			  "=7!!!!!!!!!!%+%#",
			  "quit", "interface Eth-Trunk1", "dfs-group 1 m-lag 1"));
	fx_close(f);
}
END_TEST

/* Sections of one command numbered by their first value show in its
 * order, whatever the order typed: `vlan 10` before `vlan 30`, `ospf 1`
 * before `ospf 2`. */
START_TEST(numbered_sections_in_order)
{
	fx *f = committed(NULL, FX_LINES("system-view", "vlan 30", "quit", "ospf 2", "quit",
					 "vlan 10", "quit", "ospf 1", "quit", "vlan 20", "quit"));
	const char *out = candidate(f);
	ck_assert(at(out, "vlan 10\n") < at(out, "vlan 20\n"));
	ck_assert(at(out, "vlan 20\n") < at(out, "vlan 30\n"));
	ck_assert(at(out, "ospf 1\n") < at(out, "ospf 2\n"));
	fx_close(f);
}
END_TEST

static Suite *generic_suite(void)
{
	Suite *s = suite_create("generic");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, top_level_order);
	tcase_add_test(tc, top_level_blocks);
	tcase_add_test(tc, interface_lines_interleave);
	tcase_add_test(tc, keyed_family);
	tcase_add_test(tc, identity_from_guide);
	tcase_add_test(tc, display_forms);
	tcase_add_test(tc, undo_shown);
	tcase_add_test(tc, canonical_values);
	tcase_add_test(tc, views_entered);
	tcase_add_test(tc, route_distinguisher_via_ipv4_family);
	tcase_add_test(tc, joined_sections);
	tcase_add_test(tc, block_lines);
	tcase_add_test(tc, closing_choice_is_a_value);
	tcase_add_test(tc, optional_group_in_identity);
	tcase_add_test(tc, isis_lines_by_process);
	tcase_add_test(tc, generated_types);
	tcase_add_test(tc, numbered_sections_in_order);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(generic, generic_suite)
