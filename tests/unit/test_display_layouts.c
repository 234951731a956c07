/* The layouts of display version, display interface brief, display ip
 * interface brief, the BGP peer tables and display memory, pinned byte for
 * byte with the examples of their reference pages (and, where a page's
 * example does not line up with its own header, with the configuration
 * guide's). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/display_bgp.h"
#include "../../views/display_if.h"
#include "../../views/display_memory.h"
#include "../../views/display_version.h"
#include "unit.h"

static void add_line(void *arg, const char *text)
{
	char *buf = arg;
	strcat(buf, text);
	strcat(buf, "\n");
}

/* display_version_(All_views).md, first example; the page's placeholders
 * (XXX for the board, XXXX/XX/XX for the date) filled in. */
START_TEST(version_page_example)
{
	static char out[4096];
	view_version_info v = {
		.software = "YunShan OS", .version = "1.23.0.X", .release = "V300R023C00",
		.copyright = "2021-2023 Huawei Technologies Co., Ltd.", .model = "CE6866-48S8CQ-P",
		.patch = "XXX", .uptime = 5 * 3600 + 32 * 60 + 7,
		.board_uptime = 86400 + 22 * 3600 + 35 * 60, .startup = "2023/10/02   11:21:03",
		.memory_mb = 16384, .flash_mb = 4096, .board = "CE6866-48S8CQ-P", .pcb = "XXX",
		.mab = "0", .bios = "1906", .cpld1 = "256", .cpld2 = "256",
	};
	out[0] = '\0';
	view_version_text(&v, add_line, out);
	ck_assert_str_eq(out, "Huawei Versatile Routing Platform Software\n"
			      "YunShan OS, Version 1.23.0.X (CE6800 V300R023C00)\n"
			      "Copyright (C) 2021-2023 Huawei Technologies Co., Ltd.\n"
			      "HUAWEI CE6866-48S8CQ-P uptime is 0 day, 5 hours, 32 minutes\n"
			      "Patch Version: XXX\n"
			      "\n"
			      "CE6866-48S8CQ-P (Master) 1 : uptime is  1 day, 22 hours, 35 minutes\n"
			      "        StartupTime 2023/10/02   11:21:03\n"
			      "Memory      Size    : 16384 M bytes\n"
			      "Flash       Size    : 4096 M bytes\n"
			      "CE6866-48S8CQ-P version information:\n"
			      "1.PCB       Version : XXX\n"
			      "2.MAB       Version : 0\n"
			      "3.Board     Type    : CE6866-48S8CQ-P\n"
			      "4.BIOS      Version : 1906\n"
			      "5.CPLD1     Version : 256\n"
			      "  CPLD2     Version : 256\n"
			      "\n");
}
END_TEST

/* display_interface_brief.md */
START_TEST(interface_brief_page_rows)
{
	char b[256];

	view_if_brief_row("100GE1/0/1", "*down", "down", "0%", "0%", 0, 0, b, sizeof b);
	ck_assert_str_eq(b, "100GE1/0/1               *down    down         0%     0%          0"
			    "          0");
	view_if_brief_row("MEth0/0/0", "up", "up", "0.01%", "0%", 0, 0, b, sizeof b);
	ck_assert_str_eq(b, "MEth0/0/0                up       up        0.01%     0%          0"
			    "          0");
	view_if_brief_row("NULL0", "up", "up(s)", "0%", "0%", 0, 0, b, sizeof b);
	ck_assert_str_eq(b, "NULL0                    up       up(s)        0%     0%          0"
			    "          0");
	/* wide values push the columns right, one blank apart */
	view_if_brief_row("Eth-Trunk1.4094000000", "up", "up", "100%", "100%", 1234567890,
			  12345678901UL, b, sizeof b);
	ck_assert_str_eq(b, "Eth-Trunk1.4094000000    up       up         100%   100% 1234567890 "
			    "12345678901");
}
END_TEST

/* display_ip_interface_brief.md */
START_TEST(ip_interface_brief_page_rows)
{
	char b[256];

	view_ip_brief_row("100GE1/0/1", "10.2.1.1/16", "up", "up", "--", b, sizeof b);
	ck_assert_str_eq(b, "100GE1/0/1                  10.2.1.1/16         up       up       --");
	view_ip_brief_row("MEth0/0/0", "192.168.190.129/16", "up", "up", "--", b, sizeof b);
	ck_assert_str_eq(b, "MEth0/0/0                   192.168.190.129/16  up       up       --");
	view_ip_brief_row("NULL0", "unassigned", "up", "up(s)", "--", b, sizeof b);
	ck_assert_str_eq(b, "NULL0                       unassigned          up       up(s)    --");
}
END_TEST

static const char *row(enum bgp_table_layout lay, const char *peer, const char *as,
		       unsigned rcvd, unsigned sent, uint32_t secs, const char *state,
		       unsigned pref)
{
	static char b[256];
	bgp_table_row r = { peer, as, rcvd, sent, 0, secs, state, pref };
	view_bgp_table_row(lay, &r, b, sizeof b);
	return b;
}

#define HMS(h, m, s) ((h) * 3600u + (m) * 60u + (s))

/* The example rows of display_bgp_peer_(or_slow-peer).md,
 * display_bgp_ipv6_peer.md, display_bgp_vpn-instance_peer.md
 * (`display bgp vpnv4 vpn-instance vrf1 peer`) and
 * display_bgp_vpnv6_peer.md. */
START_TEST(bgp_peer_page_rows)
{
	ck_assert_str_eq(row(BGPT_PEER, "10.1.1.1", "100", 0, 0, 7, "Idle", 0),
			 "  10.1.1.1       4   100        0        0     0 00:00:07        Idle       0");
	ck_assert_str_eq(row(BGPT_PEER, "10.2.2.2", "200", 32, 35, HMS(0, 17, 49), "Established", 0),
			 "  10.2.2.2       4   200       32       35     0 00:17:49 Established       0");
	ck_assert_str_eq(row(BGPT_IPV6, "2001:DB8:20::21", "200", 17, 19, HMS(0, 9, 59),
			     "Established", 3),
			 "2001:DB8:20::21   4   200       17       19     0 00:09:59 Established       3");
	ck_assert_str_eq(row(BGPT_VPNV4_VPN, "10.1.1.1", "65410", 207, 192, HMS(2, 59, 49),
			     "Established", 1),
			 "  10.1.1.1    4 65410      207      192     0 02:59:49 Established       1");
	ck_assert_str_eq(row(BGPT_VPNV6, "10.2.2.2", "100", 210, 220, HMS(2, 42, 55),
			     "Established", 1),
			 "  10.2.2.2          4   100      210      220     0   02:42:55     "
			 "Established    1");
	ck_assert_str_eq(row(BGPT_VPNV6, "2001:DB8:2000::2", "65410", 205, 178, HMS(2, 42, 53),
			     "Established", 0),
			 "  2001:DB8:2000::2  4   65410    205      178     0   02:42:53     "
			 "Established    0");
}
END_TEST

/* display_bgp_vpnv4_all_peer.md prints its row one column left of its
 * header; the guide's BGP multi-instance example (display bgp instance aa
 * vpnv4 all peer) lines it up, as vrpsh does. */
START_TEST(bgp_vpnv4_all_guide_row)
{
	ck_assert_str_eq(row(BGPT_VPNV4_ALL, "10.1.2.2", "200", 4, 4, HMS(0, 1, 7), "Established", 0),
			 "  10.1.2.2                         4         200        4        4     0 "
			 "00:01:07 Established        0");
}
END_TEST

/* Up/Down: hh:mm:ss within a day, then hours and minutes, and ****h
 * past 9999 hours (the pages' Table 1). */
START_TEST(bgp_up_down)
{
	char b[16];

	view_bgp_up_down(HMS(23, 59, 59), b, sizeof b);
	ck_assert_str_eq(b, "23:59:59");
	view_bgp_up_down(HMS(24, 0, 59), b, sizeof b);
	ck_assert_str_eq(b, "0024h00m");
	view_bgp_up_down(HMS(9999, 59, 0), b, sizeof b);
	ck_assert_str_eq(b, "9999h59m");
	view_bgp_up_down(HMS(10000, 1, 0), b, sizeof b);
	ck_assert_str_eq(b, "****h01m");
}
END_TEST

/* display_memory(All_views).md: the example, but for the blanks its
 * capture left at the ends of the lines. */
START_TEST(memory_page_example)
{
	static char out[1024];

	out[0] = '\0';
	view_memory_text(3857648, 2297184, add_line, out);
	ck_assert_str_eq(out, "Slot: 1   CPU: 0\n"
			      "Total Physical Available Memory: 3857648 Kbytes\n"
			      "Total Physical Memory Used: 2297184 Kbytes\n"
			      "Physical Memory Using Percentage: 59%\n"
			      "State: Unoverload\n"
			      "Overload threshold:  95%, Overload clear threshold:  75%, Duration: 60s\n"
			      "-----------------------------------------------------------------------------------------\n");
}
END_TEST

static Suite *make_display_layouts_suite(void)
{
	Suite *s = suite_create("display_layouts");
	TCase *tc = tcase_create("display_layouts");

	tcase_add_test(tc, version_page_example);
	tcase_add_test(tc, interface_brief_page_rows);
	tcase_add_test(tc, ip_interface_brief_page_rows);
	tcase_add_test(tc, bgp_peer_page_rows);
	tcase_add_test(tc, bgp_vpnv4_all_guide_row);
	tcase_add_test(tc, bgp_up_down);
	tcase_add_test(tc, memory_page_example);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(display_layouts, make_display_layouts_suite)
