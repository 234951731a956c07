/* '?' help (full and partial, exactly as printed) and TAB completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/matcher.h"
#include "unit.h"

static const ptype pt_group = { PT_STRING, "STRING<1-47>", 1, 47, PTF_QUOTE_SPACES };
static const ptype pt_hop = { PT_UINT, "INTEGER<1-255>", 1, 255, 0 };

/* Dynamic values: the group names in the context, recording what the
 * callback was given. */
static void *seen_ctx;
static int seen_bound_n;
static bool seen_bound_kw;

static void groups_dyn(void *ctx, const struct parser_args *bound, parser_emit_fn emit, void *arg)
{
	seen_ctx = ctx;
	seen_bound_n = bound->n;
	seen_bound_kw = bound->n > 0 && bound->a[0].keyword;
	for (const char *const *g = ctx; g && *g; g++)
		emit(arg, *g, "Existing peer group");
}

static const parser_param params[] = {
	{ "group-name", &pt_group, groups_dyn },
	{ "ipv6-address", &pt_ipv6, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "ipv6-source-addr", &pt_ipv6, NULL },
	{ "as-number", &pt_asn, NULL },
	{ "hop-count", &pt_hop, NULL },
	{ NULL, NULL, NULL },
};

static const parser_cmd cmds[] = {
	{ "peer <group-name> connect-interface { <interface-name> | <interface-type> "
	  "<interface-number> | <ipv6-source-addr> | <interface-name> <ipv6-source-addr> | "
	  "<interface-type> <interface-number> <ipv6-source-addr> }",
	  "Specify a peer\nPeer group name\nSet the source interface\nInterface name\n"
	  "Interface type\nInterface number\nSource IPv6 address",
	  params, 2, 0, NULL },
	{ "peer <ipv6-address> as-number <as-number>",
	  "Specify a peer\nPeer IPv6 address\nSet the AS number\nAS number", params, 2, 0, NULL },
	{ "peer <group-name> as-number <as-number>",
	  "Specify a peer\nPeer group name\nSet the AS number\nAS number", params, 2, 0, NULL },
	{ "peer <group-name> ebgp-max-hop [ <hop-count> ]",
	  "Specify a peer\nPeer group name\nSet the EBGP maximum hop count\nMaximum hop count",
	  params, 2, 0, NULL },
	{ "group <group-name> { external | internal }",
	  "Create a peer group\nPeer group name\nCreate an EBGP peer group\n"
	  "Create an IBGP peer group",
	  params, 2, 0, NULL },
	{ "group <group-name>", "Create a peer group\nPeer group name", params, 2, 0, NULL },
	{ "undo group <group-name>", "Cancel a setting\nDelete a peer group\nPeer group name",
	  params, 2, 0, NULL },
	{ "display current-configuration", "Display information\nCurrent configuration", params, 3,
	  PARSER_CMD_PIPE, NULL },
	{ "display version", "Display information\nSoftware version", params, 1, 0, NULL },
	{ "debugging all", "Debugging switch\nAll modules", params, 1, 0, NULL },
	{ "delete", "Delete a file", params, 3, 0, NULL },
	{ "dir", "List files", params, 1, 0, NULL },
	{ "quit", "Leave the current view", params, 0, 0, NULL },
	{ NULL, NULL, NULL, 0, 0, NULL },
};

static const char *const groups[] = { "g1", "ebgp-group", "G1", "g1", NULL };

static parser_graph *G;
static lex_line *L;
static int level;

static void setup(void)
{
	char err[256];

	G = parser_graph_new();
	ck_assert_ptr_nonnull(G);
	for (int i = 0; cmds[i].format; i++)
		ck_assert_msg(parser_graph_add(G, &cmds[i], err, sizeof(err)) == 0, "%s", err);
	L = malloc(sizeof(*L));
	ck_assert_ptr_nonnull(L);
	level = 3;
	seen_ctx = NULL;
	seen_bound_n = -1;
}

static void teardown(void)
{
	parser_graph_free(G);
	free(L);
}

/* The listing for the text before '?', as printed, or "ERROR <status> <col>". */
static char out[4096];

static const char *help(const char *typed)
{
	parser_help_list h;

	ck_assert_int_eq(lex_split(typed, strlen(typed), L, NULL), LEX_OK);
	bool partial = !(L->ntok == 0 || L->trailing_space);
	if (parser_help(G, L, level, (void *)groups, &h) < 0) {
		snprintf(out, sizeof(out), "ERROR %d %zu", (int)h.status, h.err_col);
		parser_help_free(&h);
		return out;
	}
	char *s = parser_help_format(&h, partial);
	ck_assert_ptr_nonnull(s);
	snprintf(out, sizeof(out), "%s", s);
	free(s);
	parser_help_free(&h);
	return out;
}

/* Completions joined with ',' */
static const char *complete(const char *typed)
{
	char **v = NULL;

	ck_assert_int_eq(lex_split(typed, strlen(typed), L, NULL), LEX_OK);
	size_t n = parser_complete(G, L, level, &v);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, v[i]);
	}
	if (n == 0)
		ck_assert_ptr_null(v);
	parser_completions_free(v, n);
	return out;
}

START_TEST(test_full_help_first_word)
{
	ck_assert_str_eq(help(""),
			 "Current view commands:\n"
			 "  debugging  Debugging switch\n"
			 "  delete     Delete a file\n"
			 "  dir        List files\n"
			 "  display    Display information\n"
			 "  group      Create a peer group\n"
			 "  peer       Specify a peer\n"
			 "  quit       Leave the current view\n"
			 "  undo       Cancel a setting\n");
	/* blanks only: the same */
	ck_assert_str_eq(help("   "), "Current view commands:\n"
				      "  debugging  Debugging switch\n"
				      "  delete     Delete a file\n"
				      "  dir        List files\n"
				      "  display    Display information\n"
				      "  group      Create a peer group\n"
				      "  peer       Specify a peer\n"
				      "  quit       Leave the current view\n"
				      "  undo       Cancel a setting\n");
}
END_TEST

START_TEST(test_level_hides_commands)
{
	level = 1;
	ck_assert_str_eq(help(""),
			 "Current view commands:\n"
			 "  debugging  Debugging switch\n"
			 "  dir        List files\n"
			 "  display    Display information\n"
			 "  quit       Leave the current view\n");
	ck_assert_str_eq(help("display "), "  version  Software version\n");
	ck_assert_str_eq(help("d"),
			 "  debugging                               dir\n"
			 "  display\n");
	ck_assert_str_eq(help("peer "), "ERROR 1 0");
	level = 0;
	ck_assert_str_eq(help(""), "Current view commands:\n"
				   "  quit  Leave the current view\n");
}
END_TEST

START_TEST(test_full_help_parameters_and_dynamic_values)
{
	ck_assert_str_eq(help("peer "),
			 "  STRING<1-47>     Peer group name\n"
			 "  X:X:X:X:X:X:X:X  Peer IPv6 address\n"
			 "  g1               Existing peer group\n"
			 "  ebgp-group       Existing peer group\n"
			 "  G1               Existing peer group\n");
	ck_assert_ptr_eq(seen_ctx, groups);
	ck_assert_int_eq(seen_bound_n, 1); /* the "peer" keyword */
	ck_assert(seen_bound_kw);
	ck_assert_str_eq(help("peer g1 "),
			 "  as-number          Set the AS number\n"
			 "  connect-interface  Set the source interface\n"
			 "  ebgp-max-hop       Set the EBGP maximum hop count\n");
	ck_assert_str_eq(help("peer g1 ebgp-max-hop "),
			 "  INTEGER<1-255>  Maximum hop count\n"
			 " <cr>\n");
	ck_assert_str_eq(help("group g1 "),
			 "  external  Create an EBGP peer group\n"
			 "  internal  Create an IBGP peer group\n"
			 " <cr>\n");
	ck_assert_str_eq(help("undo group "),
			 "  STRING<1-47>  Peer group name\n"
			 "  g1            Existing peer group\n"
			 "  ebgp-group    Existing peer group\n"
			 "  G1            Existing peer group\n");
	ck_assert_int_eq(seen_bound_n, 2);
	ck_assert_str_eq(help("display version "), " <cr>\n");
}
END_TEST

START_TEST(test_full_help_interfaces)
{
	ck_assert_str_eq(help("peer g1 connect-interface "),
			 "  Vlanif           VLAN interface\n"
			 "  MEth             Management Ethernet interface\n"
			 "  Eth-Trunk        Ethernet link aggregation interface\n"
			 "  Vbdif            Bridge domain interface\n"
			 "  GE               GigabitEthernet interface\n"
			 "  10GE             10-Gigabit Ethernet interface\n"
			 "  25GE             25-Gigabit Ethernet interface\n"
			 "  40GE             40-Gigabit Ethernet interface\n"
			 "  50GE             50-Gigabit Ethernet interface\n"
			 "  100GE            100-Gigabit Ethernet interface\n"
			 "  200GE            200-Gigabit Ethernet interface\n"
			 "  400GE            400-Gigabit Ethernet interface\n"
			 "  LoopBack         LoopBack interface\n"
			 "  Tunnel           Tunnel interface\n"
			 "  Nve              Network virtualization edge interface\n"
			 "  NULL             NULL interface\n"
			 "  X:X:X:X:X:X:X:X  Source IPv6 address\n");
	ck_assert_str_eq(help("peer g1 connect-interface LoopBack "),
			 "  STRING<1-63>  Interface number\n");
	ck_assert_str_eq(help("peer g1 connect-interface LoopBack 0 "),
			 "  X:X:X:X:X:X:X:X  Source IPv6 address\n"
			 " <cr>\n");
	ck_assert_str_eq(help("peer g1 connect-interface loopback0 "),
			 "  X:X:X:X:X:X:X:X  Source IPv6 address\n"
			 " <cr>\n");
}
END_TEST

START_TEST(test_full_help_pipe)
{
	ck_assert_str_eq(help("display current-configuration "),
			 "  >   Save the output to a file\n"
			 "  >>  Add the output to the end of a file\n"
			 "  |   Filter the output\n"
			 " <cr>\n");
	ck_assert_str_eq(help("dis cu | "),
			 "  begin        Show the output from the first line that matches\n"
			 "  count        Show the number of lines of the output\n"
			 "  exclude      Show only the lines that do not match\n"
			 "  ignore-case  Match the regular expressions regardless of case\n"
			 "  include      Show only the lines that match\n"
			 "  no-more      Show the output without stopping at each screen\n"
			 "  section      Filter the output by section\n");
	ck_assert_str_eq(help("dis cu | include "),
			 "  STRING<1-255>  Regular expression (more filters may follow)\n");
	ck_assert_str_eq(help("dis cu | count "),
			 "  STRING<1-255>  Regular expression (more filters may follow)\n"
			 " <cr>\n");
	ck_assert_str_eq(help("dis cu > "), "  STRING<1-64>  File name\n");
	ck_assert_str_eq(help("dis cu | include bgp "),
			 "  STRING<1-255>  Regular expression (more filters may follow)\n"
			 " <cr>\n");
}
END_TEST

START_TEST(test_partial_help)
{
	ck_assert_str_eq(help("d"),
			 "  debugging                               delete\n"
			 "  dir                                     display\n");
	ck_assert_str_eq(help("D"),
			 "  debugging                               delete\n"
			 "  dir                                     display\n");
	ck_assert_str_eq(help("di"), "  dir                                     display\n");
	ck_assert_str_eq(help("dis c"), "  current-configuration\n");
	ck_assert_str_eq(help("d cu"), "  current-configuration\n");
	ck_assert_str_eq(help("peer g1 c"), "  connect-interface\n");
	ck_assert_str_eq(help("peer g1 connect-interface 10"),
			 "  10GE                                    100GE\n");
	ck_assert_str_eq(help("peer g1 connect-interface l"), "  LoopBack\n");
	ck_assert_str_eq(help("dis cu |"), "  |\n");
	/* a valid value, but no keyword: nothing to list, no error */
	ck_assert_str_eq(help("peer g"), "");
	ck_assert_str_eq(help("peer g1 connect-interface 2001:db8"), "");
}
END_TEST

START_TEST(test_help_errors)
{
	ck_assert_str_eq(help("xyz"), "ERROR 1 0");
	ck_assert_str_eq(help("peer g1 xyz"), "ERROR 1 8");
	ck_assert_str_eq(help("peer g1 xyz "), "ERROR 1 8");
	ck_assert_str_eq(help("peer g1 ebgp-max-hop 300 "), "ERROR 2 21");
	ck_assert_str_eq(help("peer g1 ebgp-max-hop 300"), ""); /* a value may be unfinished */
	ck_assert_str_eq(help("d "), "ERROR 5 0");
	ck_assert_str_eq(help("display version x "), "ERROR 4 16");
}
END_TEST

START_TEST(test_format_rules)
{
	parser_help_item items[3];
	parser_help_list h = { .n = 0, .cap = 3, .items = items };
	char *s;

	memset(items, 0, sizeof(items));
	s = parser_help_format(&h, false);
	ck_assert_str_eq(s, "");
	free(s);

	/* no help text: no trailing blanks; <cr> does not widen the column */
	strcpy(items[0].token, "ab");
	strcpy(items[1].token, "<cr>");
	h.n = 2;
	s = parser_help_format(&h, false);
	ck_assert_str_eq(s, "  ab\n <cr>\n");
	free(s);

	/* a token of 40 characters or more gets one blank after it */
	memset(items[0].token, 'a', 45);
	items[0].token[45] = '\0';
	strcpy(items[1].token, "b");
	strcpy(items[2].token, "c");
	h.n = 3;
	s = parser_help_format(&h, true);
	ck_assert_str_eq(s, "  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b\n  c\n");
	free(s);

	h.at_start = true;
	h.n = 1;
	strcpy(items[0].token, "quit");
	strcpy(items[0].help, "Leave   ");
	s = parser_help_format(&h, false);
	ck_assert_str_eq(s, "Current view commands:\n  quit  Leave\n");
	free(s);
}
END_TEST

START_TEST(test_completion)
{
	ck_assert_str_eq(complete("dis"), "display");
	ck_assert_str_eq(complete("d"), "debugging,delete,dir,display");
	ck_assert_str_eq(complete("peer g1 conn"), "connect-interface");
	ck_assert_str_eq(complete("peer g1 connect-interface lo"), "LoopBack");
	ck_assert_str_eq(complete("peer g1 connect-interface 10"), "10GE,100GE");
	ck_assert_str_eq(complete("group g1 "), "external,internal");
	ck_assert_str_eq(complete("group g1 EX"), "external");
	ck_assert_str_eq(complete("display current-configuration "), "");
	ck_assert_str_eq(complete("dis cu | in"), "include");
	ck_assert_str_eq(complete("xyz"), "");
	ck_assert_str_eq(complete("peer g"), "");
	ck_assert_str_eq(complete("peer g1 xyz c"), "");
	level = 1;
	ck_assert_str_eq(complete("d"), "debugging,dir,display");
	ck_assert_str_eq(complete("del"), "");
}
END_TEST

static Suite *help_suite(void)
{
	Suite *s = suite_create("help");
	TCase *tc = tcase_create("help");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_full_help_first_word);
	tcase_add_test(tc, test_level_hides_commands);
	tcase_add_test(tc, test_full_help_parameters_and_dynamic_values);
	tcase_add_test(tc, test_full_help_interfaces);
	tcase_add_test(tc, test_full_help_pipe);
	tcase_add_test(tc, test_partial_help);
	tcase_add_test(tc, test_help_errors);
	tcase_add_test(tc, test_format_rules);
	tcase_add_test(tc, test_completion);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(help, help_suite)
