/* Matcher: abbreviation, ambiguity, ranks, the five errors with their caret
 * columns, level gating, repetition, pipe filters and argument access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/matcher.h"
#include "unit.h"

static const ptype pt_group = { PT_STRING, "STRING<1-47>", 1, 47, PTF_QUOTE_SPACES };
static const ptype pt_vpn = { PT_STRING, "STRING<1-31>", 1, 31, PTF_QUOTE_SPACES };
static const ptype pt_hop = { PT_UINT, "INTEGER<1-255>", 1, 255, 0 };
static const ptype pt_desc = { PT_STRING, "STRING<1-255>", 1, 255, PTF_REST_OF_LINE };
static const ptype pt_host = { PT_STRING, "STRING<1-246>", 1, 246, PTF_REST_OF_LINE };

static const parser_param params[] = {
	{ "group-name", &pt_group, NULL },
	{ "ipv6-address", &pt_ipv6, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "ipv6-source-addr", &pt_ipv6, NULL },
	{ "as-number", &pt_asn, NULL },
	{ "hop-count", &pt_hop, NULL },
	{ "description-text", &pt_desc, NULL },
	{ "vpn-target", &pt_vpn_target, NULL },
	{ "vpn-instance-name", &pt_vpn, NULL },
	{ "host-name", &pt_host, NULL },
	{ "name", &pt_vpn, NULL },
	{ "ip-address", &pt_ipv4, NULL },
	{ "mask", &pt_ipv4_mask, NULL },
	{ "mask-length", &pt_uint_mask_len, NULL },
	{ NULL, NULL, NULL },
};

enum {
	C_CONNECT, C_UNDO_CONNECT, C_GROUP_TYPE, C_GROUP, C_UNDO_GROUP, C_AS_GROUP, C_AS_V6,
	C_V6_GROUP, C_EBGP, C_DESC, C_VPN_TARGET, C_DIS_CUR, C_DIS_CAND, C_DIS_VER, C_DEBUG,
	C_DELETE, C_DIR, C_IP_VPN, C_IPV6_ENABLE, C_RESET_ALL, C_RESET_NAME, C_SYSNAME,
	C_INTERFACE, C_IP_ADDRESS, C_COUNT
};

static const parser_cmd cmds[C_COUNT] = {
	[C_CONNECT] = { "peer <group-name> connect-interface { <interface-name> | <interface-type> "
			"<interface-number> | <ipv6-source-addr> | <interface-name> "
			"<ipv6-source-addr> | <interface-type> <interface-number> "
			"<ipv6-source-addr> }",
			"Peer\nGroup\nSource\nName\nType\nNumber\nAddress", params, 2, 0, NULL },
	[C_UNDO_CONNECT] = { "undo peer <group-name> connect-interface", "U\nP\nG\nC", params, 2,
			     0, NULL },
	[C_GROUP_TYPE] = { "group <group-name> { external | internal }", "G\nN\nE\nI", params, 2,
			   0, NULL },
	[C_GROUP] = { "group <group-name>", "G\nN", params, 2, 0, NULL },
	[C_UNDO_GROUP] = { "undo group <group-name>", "U\nG\nN", params, 2, 0, NULL },
	[C_AS_GROUP] = { "peer <group-name> as-number <as-number>", "P\nG\nA\nN", params, 2, 0,
			 NULL },
	[C_AS_V6] = { "peer <ipv6-address> as-number <as-number>", "P\nI\nA\nN", params, 2, 0,
		      NULL },
	[C_V6_GROUP] = { "peer <ipv6-address> group <group-name>", "P\nI\nG\nN", params, 2, 0,
			 NULL },
	[C_EBGP] = { "peer <group-name> ebgp-max-hop [ <hop-count> ]", "P\nG\nE\nH", params, 2, 0,
		     NULL },
	[C_DESC] = { "peer <group-name> description <description-text>", "P\nG\nD\nT", params, 2,
		     0, NULL },
	[C_VPN_TARGET] = { "vpn-target { <vpn-target> } &<1-8> [ both | export-extcommunity | "
			   "import-extcommunity ]",
			   "V\nT\nB\nE\nI", params, 2, 0, NULL },
	[C_DIS_CUR] = { "display current-configuration", "D\nC", params, 3, PARSER_CMD_PIPE, NULL },
	[C_DIS_CAND] = { "display configuration candidate", "D\nC\nC", params, 1, 0, NULL },
	[C_DIS_VER] = { "display version", "D\nV", params, 1, 0, NULL },
	[C_DEBUG] = { "debugging all", "D\nA", params, 1, 0, NULL },
	[C_DELETE] = { "delete", "D", params, 3, 0, NULL },
	[C_DIR] = { "dir", "D", params, 1, 0, NULL },
	[C_IP_VPN] = { "ip vpn-instance <vpn-instance-name>", "I\nV\nN", params, 2, 0, NULL },
	[C_IPV6_ENABLE] = { "ipv6 enable", "I\nE", params, 2, 0, NULL },
	[C_RESET_ALL] = { "reset all", "R\nA", params, 2, 0, NULL },
	[C_RESET_NAME] = { "reset <name>", "R\nN", params, 2, 0, NULL },
	[C_SYSNAME] = { "sysname <host-name>", "S\nH", params, 2, 0, NULL },
	[C_INTERFACE] = { "interface { <interface-name> | <interface-type> <interface-number> }",
			  "I\nN\nT\nU", params, 2, 0, NULL },
	[C_IP_ADDRESS] = { "ip address <ip-address> { <mask> | <mask-length> }", "I\nA\nI\nM\nL",
			   params, 2, 0, NULL },
};

static parser_graph *G;
static lex_line *L;
static parser_match *M;
static int level;

static void setup(void)
{
	char err[256];

	G = parser_graph_new();
	ck_assert_ptr_nonnull(G);
	for (int i = 0; i < C_COUNT; i++)
		ck_assert_msg(parser_graph_add(G, &cmds[i], err, sizeof(err)) == 0, "%s", err);
	L = malloc(sizeof(*L));
	M = malloc(sizeof(*M));
	ck_assert_ptr_nonnull(L);
	ck_assert_ptr_nonnull(M);
	level = 3;
}

static void teardown(void)
{
	parser_graph_free(G);
	free(L);
	free(M);
}

static parser_status match(const char *line)
{
	ck_assert_int_eq(lex_split(line, strlen(line), L, NULL), LEX_OK);
	return parser_match_line(G, L, level, M);
}

/* line matches command c */
#define OK(line, c)                                                                          \
	do {                                                                                 \
		ck_assert_msg(match(line) == PM_OK, "'%s': status %d at %zu", line, M->status, \
			      M->err_col);                                                    \
		ck_assert_msg(M->cmd == &cmds[c], "'%s' matched '%s'", line, M->cmd->format); \
	} while (0)

/* line fails with status st and the caret at column col */
#define ERR(line, st, col)                                                                  \
	do {                                                                                \
		parser_status got_ = match(line);                                           \
		ck_assert_msg(got_ == (st), "'%s': status %d, want %d", line, got_, (st));   \
		ck_assert_msg(M->err_col == (col), "'%s': column %zu, want %d", line,       \
			      M->err_col, (col));                                           \
		ck_assert_ptr_null(M->cmd);                                                 \
	} while (0)

static const char *canon(const char *name)
{
	const parser_value *v = parser_arg_get(M, name);

	ck_assert_msg(v != NULL, "no argument %s", name);
	return v->canon;
}

START_TEST(test_abbreviations)
{
	OK("display current-configuration", C_DIS_CUR);
	OK("dis cu", C_DIS_CUR);
	OK("di cu", C_DIS_CUR);
	OK("d cu", C_DIS_CUR); /* "d" alone is ambiguous; "cu" settles it */
	OK("dis ver", C_DIS_VER);
	OK("d v", C_DIS_VER);
	OK("gr test ex", C_GROUP_TYPE);
	ck_assert(parser_kw(M, "external"));
	ck_assert_str_eq(M->args.a[2].name, "external");
	OK("pe te conn LoopBack0", C_CONNECT);
	OK("un gr test", C_UNDO_GROUP);
	OK("DISPLAY VERSION", C_DIS_VER);
	OK("Peer Test As-Number 1", C_AS_GROUP);
	ck_assert_str_eq(parser_arg_get(M, "group-name")->str, "Test");
}
END_TEST

START_TEST(test_exact_beats_prefix)
{
	/* "ip" is a keyword and a prefix of "ipv6" */
	OK("ip vpn-instance vpn1", C_IP_VPN);
	OK("ip address 10.1.1.1 24", C_IP_ADDRESS);
	OK("ipv enable", C_IPV6_ENABLE);
	ERR("ip enable", PM_UNRECOGNIZED, 3);
}
END_TEST

START_TEST(test_ambiguous)
{
	ERR("d", PM_AMBIGUOUS, 0);
	ERR("i", PM_AMBIGUOUS, 0);
	ERR("de", PM_AMBIGUOUS, 0); /* debugging, delete */
	ERR("dis c", PM_AMBIGUOUS, 4);
	ERR("d c", PM_AMBIGUOUS, 2);
	ERR("dis c xyz", PM_AMBIGUOUS, 4);
	ERR("d xyz", PM_AMBIGUOUS, 0);
}
END_TEST

START_TEST(test_keyword_beats_string)
{
	OK("reset all", C_RESET_ALL);
	OK("reset al", C_RESET_ALL);
	OK("reset alpha", C_RESET_NAME);
	ck_assert_str_eq(canon("name"), "alpha");
	OK("reset \"all\"", C_RESET_NAME); /* quoted: never a keyword */
	ck_assert_str_eq(canon("name"), "all");
	ERR("\"display\" version", PM_UNRECOGNIZED, 0);
}
END_TEST

START_TEST(test_typed_beats_string)
{
	OK("peer 2001:db8::1 as-number 100", C_AS_V6);
	ck_assert_str_eq(canon("ipv6-address"), "2001:db8::1");
	ck_assert_ptr_null(parser_arg_get(M, "group-name"));
	OK("peer test as-number 100", C_AS_GROUP);
	OK("peer 2001:DB8::1 group test", C_V6_GROUP);
	ck_assert_str_eq(canon("ipv6-address"), "2001:db8::1");
	ck_assert_str_eq(canon("group-name"), "test");
}
END_TEST

START_TEST(test_errors_and_carets)
{
	ERR("xyz", PM_UNRECOGNIZED, 0);
	ERR("  xyz", PM_UNRECOGNIZED, 2);
	ERR("peer test xyz", PM_UNRECOGNIZED, 10);
	ERR("peer test ebgp-max-hop 300", PM_WRONG_PARAM, 23);
	ERR("peer test ebgp-max-hop x", PM_WRONG_PARAM, 23);
	ERR("ip address 10.1.1.1 255.0.255.0", PM_WRONG_PARAM, 20);
	ERR("ip address 10.1.1.256 24", PM_WRONG_PARAM, 11);
	ERR("interface LoopBack 1024", PM_WRONG_PARAM, 19);
	ERR("interface 10 1/0/1", PM_WRONG_PARAM, 10);
	ERR("interface LoopBack0 0", PM_TOO_MANY, 20);
	ERR("peer test", PM_INCOMPLETE, 10);
	ck_assert_int_eq(M->err_tok, 2);
	ERR("peer test   ", PM_INCOMPLETE, 10);
	ERR("ip address 10.1.1.1", PM_INCOMPLETE, 20);
	ERR("interface LoopBack", PM_INCOMPLETE, 19);
	ERR("display version extra", PM_TOO_MANY, 16);
	ck_assert_int_eq(M->err_tok, 2);
	ERR("peer test ebgp-max-hop 3 4", PM_TOO_MANY, 25);
	ERR("group test external internal", PM_TOO_MANY, 20);
	ERR("group test xyz", PM_UNRECOGNIZED, 11); /* keywords or nothing may follow */
	ERR("undo group test xyz", PM_TOO_MANY, 16);
	ERR("ip address 10.1.1.1 24 5", PM_TOO_MANY, 23);
	ERR("display current-configuration x", PM_UNRECOGNIZED, 30);
	ERR("", PM_INCOMPLETE, 1);
}
END_TEST

START_TEST(test_messages)
{
	ck_assert_str_eq(parser_status_message(PM_UNRECOGNIZED),
			 "Error: Unrecognized command found at '^' position.");
	ck_assert_str_eq(parser_status_message(PM_WRONG_PARAM),
			 "Error: Wrong parameter found at '^' position.");
	ck_assert_str_eq(parser_status_message(PM_INCOMPLETE),
			 "Error: Incomplete command found at '^' position.");
	ck_assert_str_eq(parser_status_message(PM_TOO_MANY),
			 "Error: Too many parameters found at '^' position.");
	ck_assert_str_eq(parser_status_message(PM_AMBIGUOUS),
			 "Error: Ambiguous command found at '^' position.");
	ck_assert_ptr_null(parser_status_message(PM_OK));
}
END_TEST

START_TEST(test_levels)
{
	level = 1;
	ERR("delete", PM_UNRECOGNIZED, 0);
	ERR("display current-configuration", PM_UNRECOGNIZED, 8);
	ERR("dis c", PM_INCOMPLETE, 6); /* only "configuration" is visible */
	ERR("de", PM_INCOMPLETE, 3);    /* debugging; delete is hidden */
	ERR("d", PM_AMBIGUOUS, 0);      /* debugging, dir, display */
	ERR("peer test as-number 1", PM_UNRECOGNIZED, 0);
	OK("dis ver", C_DIS_VER);
	level = 0;
	ERR("dir", PM_UNRECOGNIZED, 0);
	ERR("display version", PM_UNRECOGNIZED, 0);
	level = 3;
	OK("delete", C_DELETE);
	OK("dis cu", C_DIS_CUR);
}
END_TEST

START_TEST(test_repetition)
{
	OK("vpn-target 1:1", C_VPN_TARGET);
	ck_assert_int_eq(parser_arg_count(M, "vpn-target"), 1);
	OK("vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8", C_VPN_TARGET);
	ck_assert_int_eq(parser_arg_count(M, "vpn-target"), 8);
	ck_assert_str_eq(parser_arg_nth(M, "vpn-target", 0)->canon, "1:1");
	ck_assert_str_eq(parser_arg_nth(M, "vpn-target", 7)->canon, "8:8");
	ck_assert_ptr_null(parser_arg_nth(M, "vpn-target", 8));
	OK("vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8 both", C_VPN_TARGET);
	ck_assert(parser_kw(M, "both"));
	OK("vpn-target 100:1 1.2.3.4:5 exp", C_VPN_TARGET);
	ck_assert(parser_kw(M, "export-extcommunity"));
	ck_assert(!parser_kw(M, "both"));
	ERR("vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8 9:9", PM_TOO_MANY, 43);
	ERR("vpn-target", PM_INCOMPLETE, 11);
	ERR("vpn-target 0:0", PM_WRONG_PARAM, 11);
	ERR("vpn-target 1:1 0:0", PM_WRONG_PARAM, 15);
	ERR("vpn-target 1:1 both 2:2", PM_TOO_MANY, 20);
}
END_TEST

START_TEST(test_pipe)
{
	OK("display current-configuration | include peer test", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "include");
	ck_assert_str_eq(M->pipe_pattern, "peer test");
	ck_assert_int_eq(M->args.n, 2); /* the filter is not an argument */
	OK("dis cu | b bgp", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "begin");
	ck_assert_str_eq(M->pipe_pattern, "bgp");
	OK("dis cu | e ^ *#  ", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "exclude");
	ck_assert_str_eq(M->pipe_pattern, "^ *#");
	OK("dis cu", C_DIS_CUR);
	ck_assert_ptr_null(M->pipe_kind);
	ck_assert_ptr_null(M->pipe_pattern);
	ERR("dis cu |", PM_INCOMPLETE, 9);
	ERR("dis cu | inc", PM_INCOMPLETE, 13);
	/* include or ignore-case */
	ERR("dis cu | i", PM_AMBIGUOUS, 9);
	ERR("dis cu | foo x", PM_UNRECOGNIZED, 9);
	/* Filters that end the line, chains (the text after the first
	 * filter's keyword is the shell's to read), redirections. */
	OK("dis cu | count", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "count");
	ck_assert_ptr_null(M->pipe_pattern);
	OK("dis cu | no | include x", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "no-more");
	ck_assert_str_eq(M->pipe_pattern, "| include x");
	OK("dis cu | include vpn | count", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, "include");
	ck_assert_str_eq(M->pipe_pattern, "vpn | count");
	OK("dis cu > out.txt", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, ">");
	ck_assert_str_eq(M->pipe_pattern, "out.txt");
	OK("dis cu >> out.txt", C_DIS_CUR);
	ck_assert_str_eq(M->pipe_kind, ">>");
	ERR("dis cu >", PM_INCOMPLETE, 9);
	ERR("display version | include x", PM_TOO_MANY, 16);
}
END_TEST

START_TEST(test_connect_interface_forms)
{
	OK("peer test connect-interface LoopBack0", C_CONNECT);
	ck_assert_str_eq(canon("interface-name"), "LoopBack0");
	ck_assert_ptr_null(parser_arg_get(M, "interface-type"));
	ck_assert_ptr_null(parser_arg_get(M, "ipv6-source-addr"));

	OK("peer test connect-interface loopback 0", C_CONNECT);
	ck_assert_str_eq(canon("interface-type"), "LoopBack");
	ck_assert_str_eq(canon("interface-number"), "LoopBack0");
	ck_assert_ptr_null(parser_arg_get(M, "interface-name"));

	OK("peer test connect-interface 2001:db8::1", C_CONNECT);
	ck_assert_str_eq(canon("ipv6-source-addr"), "2001:db8::1");

	OK("peer test connect-interface 10ge1/0/1 2001:db8::1", C_CONNECT);
	ck_assert_str_eq(canon("interface-name"), "10GE1/0/1");
	ck_assert_str_eq(canon("ipv6-source-addr"), "2001:db8::1");

	OK("peer test connect-interface Eth-T 3 2001:DB8::2", C_CONNECT);
	ck_assert_str_eq(canon("interface-number"), "Eth-Trunk3");
	ck_assert_str_eq(canon("ipv6-source-addr"), "2001:db8::2");
	/* token indices and order of the arguments */
	ck_assert_int_eq(M->args.n, 6);
	ck_assert(M->args.a[0].keyword);
	ck_assert_str_eq(M->args.a[0].name, "peer");
	ck_assert_int_eq(M->args.a[3].tok, 3);
	ck_assert_str_eq(M->args.a[4].name, "interface-number");
	ck_assert_int_eq(M->args.a[4].tok, 4);

	OK("undo peer test connect-interface", C_UNDO_CONNECT);
	ck_assert(parser_kw(M, "undo"));

	/* both spellings of an interface give the same canonical name */
	OK("interface LoopBack 0", C_INTERFACE);
	ck_assert_str_eq(canon("interface-number"), "LoopBack0");
	OK("interface loopback0", C_INTERFACE);
	ck_assert_str_eq(canon("interface-name"), "LoopBack0");
}
END_TEST

START_TEST(test_arguments)
{
	OK("group test external", C_GROUP_TYPE);
	ck_assert(parser_kw(M, "external"));
	ck_assert(parser_kw(M, "EXTERNAL"));
	ck_assert(!parser_kw(M, "internal"));
	ck_assert(!parser_kw(M, "test"));
	ck_assert_ptr_null(parser_arg_get(M, "external"));
	ck_assert_int_eq(parser_arg_count(M, "group-name"), 1);
	OK("group \"my group\"", C_GROUP);
	ck_assert_str_eq(parser_arg_get(M, "group-name")->str, "my group");
	OK("peer test ebgp-max-hop", C_EBGP);
	ck_assert_ptr_null(parser_arg_get(M, "hop-count"));
	OK("peer test ebgp-max-hop 10", C_EBGP);
	ck_assert_uint_eq(parser_arg_get(M, "hop-count")->u, 10);
	OK("peer test as-number 65535.65535", C_AS_GROUP);
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 4294967295u);
	ck_assert_str_eq(canon("as-number"), "65535.65535");
	ck_assert_int_eq(parser_arg_count(M, "nothing"), 0);
	ck_assert_ptr_null(parser_arg_nth(M, "as-number", 1));
}
END_TEST

START_TEST(test_rest_of_line)
{
	OK("peer test description  hello   world  ", C_DESC);
	ck_assert_str_eq(parser_arg_get(M, "description-text")->str, "hello   world");
	OK("peer test description \"quoted text\"", C_DESC);
	ck_assert_str_eq(parser_arg_get(M, "description-text")->str, "\"quoted text\"");
	OK("sysname my box", C_SYSNAME);
	ck_assert_str_eq(parser_arg_get(M, "host-name")->str, "my box");
	OK("sysname HUAWEI", C_SYSNAME);
	ck_assert_str_eq(parser_arg_get(M, "host-name")->str, "HUAWEI");
	ERR("sysname", PM_INCOMPLETE, 8);
}
END_TEST

START_TEST(test_overlap_first_added_wins)
{
	static const ptype any = { PT_STRING, "STRING<1-10>", 1, 10, 0 };
	static const parser_param p[] = { { "a", &any, NULL }, { "b", &any, NULL },
					  { NULL, NULL, NULL } };
	static const parser_cmd first = { "show <a>", "S\nA", p, 0, 0, NULL };
	static const parser_cmd second = { "show <b>", "S\nB", p, 0, 0, NULL };
	char err[128];

	parser_graph *g = parser_graph_new();
	ck_assert_int_eq(parser_graph_add(g, &first, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_graph_add(g, &second, err, sizeof(err)), 0);
	ck_assert_int_eq(lex_split("show x", 6, L, NULL), LEX_OK);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_ptr_eq(M->cmd, &first);
	ck_assert_str_eq(parser_arg_get(M, "a")->str, "x");
	parser_graph_free(g);

	g = parser_graph_new();
	ck_assert_int_eq(parser_graph_add(g, &second, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_graph_add(g, &first, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_ptr_eq(M->cmd, &second);
	parser_graph_free(g);
}
END_TEST

/* Values are parsed while matching and kept for binding: each bound
 * argument has the value of its own type, also where types that parse
 * alike share one parse, and where they differ only in their flags (a
 * case-insensitive string is shown in lower case, another as typed); a
 * line with more values than the walk keeps binds them all the same. */
START_TEST(test_values_of_their_own_type)
{
	static const ptype ci = { PT_STRING, "STRING<1-10>", 1, 10, PTF_CASE_INSENSITIVE };
	static const ptype cs = { PT_STRING, "STRING<1-10>", 1, 10, 0 };
	static const ptype cs2 = { PT_STRING, "STRING<1-10>", 1, 10, 0 };
	static const ptype num = { PT_UINT, "INTEGER<1-1000>", 1, 1000, 0 };
	static const parser_param p[] = { { "a", &ci, NULL }, { "b", &cs, NULL },
					  { "c", &cs2, NULL }, { "v", &num, NULL },
					  { NULL, NULL, NULL } };
	static const parser_cmd x = { "set <a> x", "S\nA\nX", p, 0, 0, NULL };
	static const parser_cmd y = { "set <b> y", "S\nB\nY", p, 0, 0, NULL };
	static const parser_cmd z = { "set <c> z", "S\nC\nZ", p, 0, 0, NULL };
	static const parser_cmd many = { "vals { <v> } &<1-100>", "V\nN", p, 0, 0, NULL };
	char err[128], line[512];

	parser_graph *g = parser_graph_new();
	ck_assert_int_eq(parser_graph_add(g, &x, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_graph_add(g, &y, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_graph_add(g, &z, err, sizeof(err)), 0);
	ck_assert_int_eq(parser_graph_add(g, &many, err, sizeof(err)), 0);

	ck_assert_int_eq(lex_split("set FOO y", 9, L, NULL), LEX_OK);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_ptr_eq(M->cmd, &y);
	ck_assert_str_eq(parser_arg_get(M, "b")->canon, "FOO");
	ck_assert_ptr_eq(M->args.a[1].type, &cs);

	ck_assert_int_eq(lex_split("set FOO x", 9, L, NULL), LEX_OK);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_ptr_eq(M->cmd, &x);
	ck_assert_str_eq(parser_arg_get(M, "a")->canon, "foo");

	ck_assert_int_eq(lex_split("set FOO z", 9, L, NULL), LEX_OK);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_ptr_eq(M->cmd, &z);
	ck_assert_str_eq(parser_arg_get(M, "c")->canon, "FOO");
	ck_assert_str_eq(parser_arg_get(M, "c")->str, "FOO");
	ck_assert_ptr_eq(M->args.a[1].type, &cs2);

	size_t n = (size_t)snprintf(line, sizeof line, "vals");
	for (int i = 1; i <= 90; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, " %d", i * 11);
	ck_assert_int_eq(lex_split(line, n, L, NULL), LEX_OK);
	ck_assert_int_eq(parser_match_line(g, L, 0, M), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "v"), 90);
	for (int i = 0; i < 90; i++) {
		const parser_value *v = parser_arg_nth(M, "v", i);
		char want[8];
		snprintf(want, sizeof want, "%d", (i + 1) * 11);
		ck_assert_uint_eq(v->u, (uint64_t)(i + 1) * 11);
		ck_assert_str_eq(v->canon, want);
		ck_assert_str_eq(v->str, want);
	}
	parser_graph_free(g);
}
END_TEST

/* A value out of range at an optional parameter's place is a wrong
 * parameter, even when it would suit the parameter before it
 * (idle-timeout MINUTES [ SECONDS ]); a value after the last one is too
 * many. */
START_TEST(test_optional_second_value)
{
	static const ptype minutes = { PT_UINT, "INTEGER<0-35791>", 0, 35791, 0 };
	static const ptype seconds = { PT_UINT, "INTEGER<0-59>", 0, 59, 0 };
	static const parser_param p[] = { { "minutes", &minutes, NULL },
					  { "seconds", &seconds, NULL },
					  { NULL, NULL, NULL } };
	static const parser_cmd idle = { "idle-timeout <minutes> [ <seconds> ]", "I\nM\nS", p, 0,
					 0, NULL };
	char err[128];
	parser_graph *g = parser_graph_new();

	ck_assert_int_eq(parser_graph_add(g, &idle, err, sizeof(err)), 0);
	static const struct {
		const char *line;
		parser_status st;
		size_t col;
	} cases[] = {
		{ "idle-timeout 5 60", PM_WRONG_PARAM, 15 },
		{ "idle-timeout 5 x", PM_WRONG_PARAM, 15 },
		{ "idle-timeout 35792", PM_WRONG_PARAM, 13 },
		{ "idle-timeout 5 59 1", PM_TOO_MANY, 18 },
		{ "idle-timeout 5 59 60", PM_TOO_MANY, 18 },
		{ "idle-timeout 35791 59", PM_OK, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(lex_split(cases[i].line, strlen(cases[i].line), L, NULL), LEX_OK);
		parser_status got = parser_match_line(g, L, 0, M);
		ck_assert_msg(got == cases[i].st, "'%s': status %d, want %d", cases[i].line, got,
			      cases[i].st);
		if (got != PM_OK)
			ck_assert_msg(M->err_col == cases[i].col, "'%s': column %zu, want %zu",
				      cases[i].line, M->err_col, cases[i].col);
	}
	parser_graph_free(g);
}
END_TEST

/* ---- the match cache -------------------------------------------------- */

static parser_match_cache *MC;
static parser_match *W; /* the walk's own answer */

/* Match line through the cache (checking every answer against a walk) and
 * by a walk alone; the two must agree.  Returns whether the cache
 * answered. */
static bool cached(const char *line)
{
	unsigned long h0, h1, n, bad;
	parser_scope sc = { PARSER_ROOT, PARSER_AVAIL_ALL, level };

	ck_assert_int_eq(lex_split(line, strlen(line), L, NULL), LEX_OK);
	parser_match_cache_stats(MC, &h0, &n, &bad);
	parser_status st = parser_match_cached(G, &sc, L, M, MC);
	parser_match_cache_stats(MC, &h1, &n, &bad);
	ck_assert_msg(bad == 0, "'%s': the cache answered unlike the walk", line);
	ck_assert_int_eq(parser_match_scoped(G, &sc, L, W), st);
	ck_assert_ptr_eq(W->cmd, M->cmd);
	ck_assert_int_eq(W->args.n, M->args.n);
	for (int k = 0; k < M->args.n; k++) {
		ck_assert_str_eq(W->args.a[k].name, M->args.a[k].name);
		ck_assert_str_eq(W->args.a[k].v.canon, M->args.a[k].v.canon);
		ck_assert_int_eq(W->args.a[k].tok, M->args.a[k].tok);
	}
	return h1 > h0;
}

static void cache_setup(void)
{
	setup();
	MC = parser_match_cache_new();
	W = malloc(sizeof(*W));
	ck_assert_ptr_nonnull(MC);
	ck_assert_ptr_nonnull(W);
	parser_match_cache_check(MC, true);
}

static void cache_teardown(void)
{
	parser_match_cache_free(MC);
	free(W);
	teardown();
}

START_TEST(test_cache_same_shape_new_values)
{
	ck_assert(!cached("peer g1 as-number 100"));
	ck_assert(cached("peer g2 as-number 65001"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_AS_GROUP]);
	ck_assert_str_eq(canon("group-name"), "g2");
	ck_assert_str_eq(canon("as-number"), "65001");
	ck_assert(cached("peer \"a b\" as-number 7") == false); /* quoted: another shape */
	ck_assert(cached("peer \"c d\" as-number 8"));
	ck_assert_str_eq(canon("group-name"), "c d");
	/* keyword words are compared as typed */
	ck_assert(!cached("PEER g3 as-number 1"));
	ck_assert(!cached("peer g3 as-n 1"));
	ck_assert(cached("peer g4 as-n 2"));
}
END_TEST

START_TEST(test_cache_word_as_before)
{
	/* the AS number as on the line before: its value is the one kept,
	 * its text this line's */
	ck_assert(!cached("peer g1 as-number 100"));
	ck_assert(cached("peer g22 as-number 100"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 100);
	ck_assert_ptr_eq(parser_arg_get(M, "as-number")->str, L->tok[3].text);
	ck_assert_str_eq(canon("group-name"), "g22");
	ck_assert_ptr_eq(parser_arg_get(M, "group-name")->str, L->tok[1].text);
	ck_assert(cached("peer g333 as-number 100"));
	ck_assert_ptr_eq(parser_arg_get(M, "as-number")->str, L->tok[3].text);
	/* another word is parsed, and then kept */
	ck_assert(cached("peer g4 as-number 1000"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 1000);
	ck_assert(cached("peer g5 as-number 1000"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 1000);
	ck_assert(cached("peer g6 as-number 100"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 100);
	/* a word that starts as the kept one is another word */
	ck_assert(cached("peer g7 as-number 10"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 10);
	/* so is one that the kept one starts with */
	ck_assert(cached("peer g8 as-number 100"));
	ck_assert_uint_eq(parser_arg_get(M, "as-number")->u, 100);
}
END_TEST

START_TEST(test_cache_rank_changes)
{
	/* an address ranks above a group name: another command */
	ck_assert(!cached("peer g1 as-number 100"));
	ck_assert(!cached("peer 2001:db8::1 as-number 100"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_AS_V6]);
	ck_assert(cached("peer g5 as-number 100"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_AS_GROUP]);
	/* an AS number out of range fails as it does without the cache */
	ck_assert(!cached("peer g6 as-number 4294967296"));
	ck_assert_int_ne(M->status, PM_OK);
	/* interface numbers and rest-of-line values are never answered */
	ck_assert(!cached("interface 10GE 1/0/1"));
	ck_assert(!cached("interface 10GE 1/0/2"));
	ck_assert(!cached("sysname a"));
	ck_assert(!cached("sysname b"));
}
END_TEST

START_TEST(test_cache_word_that_is_a_keyword)
{
	/* `reset <name>` beside `reset all`: a name that abbreviates the
	 * keyword is the keyword */
	ck_assert(!cached("reset foo"));
	ck_assert(cached("reset bar"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_RESET_NAME]);
	ck_assert(!cached("reset al"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_RESET_ALL]);
	ck_assert(!cached("reset ALL"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_RESET_ALL]);
	ck_assert(cached("reset baz"));
	ck_assert_ptr_eq(M->cmd, &cmds[C_RESET_NAME]);
	/* a level the shape was not made at */
	level = 1;
	ck_assert(!cached("reset qux"));
}
END_TEST

START_TEST(test_cache_many_shapes)
{
	char line[64];

	/* more shapes than the cache holds: answers stay right */
	for (int i = 0; i < 400; i++) {
		snprintf(line, sizeof line, i % 3 ? "peer g%d as-number %d" : "peer g%d ebgp-max-hop %d",
			 i, i % 200 + 1);
		cached(line);
		snprintf(line, sizeof line, "ip address 10.0.%d.1 %d", i % 250, i % 33);
		cached(line);
		snprintf(line, sizeof line, "vpn-target %d:%d both", i, i);
		cached(line);
	}
	ck_assert(cached("peer g1000 as-number 5"));
}
END_TEST

static Suite *matcher_suite(void)
{
	Suite *s = suite_create("matcher");
	TCase *tc = tcase_create("matcher");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_abbreviations);
	tcase_add_test(tc, test_exact_beats_prefix);
	tcase_add_test(tc, test_ambiguous);
	tcase_add_test(tc, test_keyword_beats_string);
	tcase_add_test(tc, test_typed_beats_string);
	tcase_add_test(tc, test_errors_and_carets);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_levels);
	tcase_add_test(tc, test_repetition);
	tcase_add_test(tc, test_pipe);
	tcase_add_test(tc, test_connect_interface_forms);
	tcase_add_test(tc, test_arguments);
	tcase_add_test(tc, test_rest_of_line);
	tcase_add_test(tc, test_overlap_first_added_wins);
	tcase_add_test(tc, test_optional_second_value);
	tcase_add_test(tc, test_values_of_their_own_type);
	suite_add_tcase(s, tc);

	tc = tcase_create("match cache");
	tcase_add_checked_fixture(tc, cache_setup, cache_teardown);
	tcase_add_test(tc, test_cache_same_shape_new_values);
	tcase_add_test(tc, test_cache_word_as_before);
	tcase_add_test(tc, test_cache_rank_changes);
	tcase_add_test(tc, test_cache_word_that_is_a_keyword);
	tcase_add_test(tc, test_cache_many_shapes);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(matcher, matcher_suite)
