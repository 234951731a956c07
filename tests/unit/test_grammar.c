/* The Format compiler: accepted syntax, table mistakes it must catch, and
 * prefix sharing that must not invent paths. */
#include <stdlib.h>
#include <string.h>

#include "parser/grammar.h"
#include "parser/matcher.h"
#include "unit.h"

static const ptype pt_name = { PT_STRING, "STRING<1-47>", 1, 47, PTF_QUOTE_SPACES };
static const ptype pt_level = { PT_UINT, "INTEGER<0-3>", 0, 3, 0 };

static const parser_param params[] = {
	{ "group-name", &pt_name, NULL },
	{ "user-name", &pt_name, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "ipv6-source-addr", &pt_ipv6, NULL },
	{ "ipv6-address/prefix-length", &pt_ipv6_prefix, NULL },
	{ "vpn-target", &pt_vpn_target, NULL },
	{ "level", &pt_level, NULL },
	{ "x", &pt_name, NULL },
	{ "untyped", NULL, NULL },
	{ NULL, NULL, NULL },
};

#define CONNECT_FORMAT                                                                  \
	"peer <group-name> connect-interface { <interface-name> | <interface-type> "   \
	"<interface-number> | <ipv6-source-addr> | <interface-name> <ipv6-source-addr> | " \
	"<interface-type> <interface-number> <ipv6-source-addr> }"

static parser_graph *G;
static char err[512];
static lex_line *L;
static parser_match *M;

static void setup(void)
{
	G = parser_graph_new();
	ck_assert_ptr_nonnull(G);
	L = malloc(sizeof(*L));
	M = malloc(sizeof(*M));
	ck_assert_ptr_nonnull(L);
	ck_assert_ptr_nonnull(M);
	err[0] = '\0';
}

static void teardown(void)
{
	parser_graph_free(G);
	free(L);
	free(M);
}

static int add(const parser_cmd *c)
{
	return parser_graph_add(G, c, err, sizeof(err));
}

static parser_status match(const char *line)
{
	ck_assert_int_eq(lex_split(line, strlen(line), L, NULL), LEX_OK);
	return parser_match_line(G, L, 3, M);
}

START_TEST(test_help_per_occurrence_or_per_spelling)
{
	static const parser_cmd by_spelling = {
		CONNECT_FORMAT,
		"Peer\nGroup\nSource\nName\nType\nNumber\nAddress", params, 2, 0, NULL
	};
	static const parser_cmd by_occurrence = {
		CONNECT_FORMAT,
		"Peer\nGroup\nSource\nName\nType\nNumber\nAddress\nName\nAddress\nType\nNumber\n"
		"Address\n",
		params, 2, 0, NULL
	};
	static const parser_cmd neither = {
		CONNECT_FORMAT, "Peer\nGroup\nSource\nName\nType\nNumber\nAddress\nName", params, 2, 0,
		NULL
	};

	ck_assert_int_eq(add(&by_spelling), 0);
	ck_assert_int_eq(add(&by_occurrence), 0);
	ck_assert_uint_eq(parser_graph_ncmds(G), 2);
	ck_assert_int_eq(add(&neither), -1);
	ck_assert_ptr_nonnull(strstr(err, "8 help lines for 12 keywords and parameters (7 distinct)"));
	ck_assert_ptr_nonnull(strstr(err, "peer <group-name> connect-interface"));
	ck_assert_uint_eq(parser_graph_ncmds(G), 2);
}
END_TEST

START_TEST(test_help_count_mismatch)
{
	static const parser_cmd few = { "group <group-name> { external | internal }",
					"Group\nName\nExternal", params, 2, 0, NULL };
	static const parser_cmd many = { "group <group-name>", "Group\nName\nExtra", params, 2, 0,
					 NULL };
	static const parser_cmd none = { "group <group-name>", NULL, params, 2, 0, NULL };
	static const parser_cmd good = { "group <group-name> { external | internal }",
					 "Group\nName\nExternal\nInternal", params, 2, 0, NULL };

	ck_assert_int_eq(add(&few), -1);
	ck_assert_ptr_nonnull(strstr(err, "3 help lines for 4 keywords and parameters"));
	ck_assert_int_eq(add(&many), -1);
	ck_assert_ptr_nonnull(strstr(err, "3 help lines for 2"));
	ck_assert_int_eq(add(&none), -1);
	ck_assert_ptr_nonnull(strstr(err, "0 help lines for 2"));
	ck_assert_int_eq(add(&good), 0);
	ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(test_unknown_parameter)
{
	static const parser_cmd c = { "peer <group-nam> as-number", "a\nb\nc", params, 2, 0, NULL };
	static const parser_cmd untyped = { "peer <untyped>", "a\nb", params, 2, 0, NULL };
	static const parser_cmd noparams = { "peer <group-name>", "a\nb", NULL, 2, 0, NULL };

	ck_assert_int_eq(add(&c), -1);
	ck_assert_str_eq(err, "format 'peer <group-nam> as-number': unknown parameter <group-nam>");
	ck_assert_int_eq(add(&untyped), -1);
	ck_assert_ptr_nonnull(strstr(err, "has no type"));
	ck_assert_int_eq(add(&noparams), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown parameter <group-name>"));
	ck_assert_uint_eq(parser_graph_ncmds(G), 0);
}
END_TEST

START_TEST(test_bad_syntax)
{
	static const struct {
		const char *format, *help, *why;
	} bad[] = {
		{ "a { b | c", "a\nb\nc", "unbalanced" },
		{ "a b ]", "a\nb", "unbalanced" },
		{ "a [ b }", "a\nb", "unbalanced" },
		{ "a { b ] }", "a\nb", "unbalanced" },
		{ "a [ [ b ]", "a\nb", "unbalanced" },
		{ "a | b", "a\nb", "unbalanced" },
		{ "a { b | }", "a\nb", "empty" },
		{ "a { | b }", "a\nb", "empty" },
		{ "a [ ]", "a", "empty" },
		{ "a b &<1-8>", "a\nb", "repetition without a group" },
		{ "a * b", "a\nb", "repetition without a group" },
		{ "a { b } &<0-0>", "a\nb", "out of range" },
		{ "a { b } &<8-1>", "a\nb", "out of range" },
		{ "a { b } &<1->", "a\nb", "bad repetition" },
		{ "a <>", "a\nb", "bad parameter" },
		{ "a <x", "a\nb", "bad parameter" },
		{ "", "", "empty" },
		{ "   ", "", "empty" },
		{ "[ a ]", "a", "may be empty" },
		{ "[ a ] [ <x> ]", "a\nx", "may be empty" },
		{ "a { { { { { b } &<1-2> } &<1-2> } &<1-2> } &<1-2> } &<1-2>", "a\nb",
		  "nested more than" },
		{ "a { b | c } &<1-65536>", "a\nb\nc", "out of range" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parser_cmd c = { bad[i].format, bad[i].help, params, 0, 0, NULL };
		err[0] = '\0';
		ck_assert_msg(add(&c) == -1, "'%s' accepted", bad[i].format);
		ck_assert_msg(strstr(err, bad[i].why) != NULL, "'%s': %s", bad[i].format, err);
	}
	parser_cmd nul = { NULL, NULL, params, 0, 0, NULL };
	ck_assert_int_eq(add(&nul), -1);
	ck_assert_uint_eq(parser_graph_ncmds(G), 0);
	/* nothing of the refused commands is left behind */
	ck_assert_int_eq(match("a"), PM_UNRECOGNIZED);
}
END_TEST

START_TEST(test_failed_add_leaves_graph_unchanged)
{
	static const parser_cmd good = { "alpha beta", "A\nB", params, 0, 0, NULL };
	static const parser_cmd empty_ok = { "alpha [ gamma ]", "A\nG", params, 0, 0, NULL };
	static const parser_cmd bad = { "[ alpha ] [ delta ]", "A\nD", params, 0, 0, NULL };

	ck_assert_int_eq(add(&good), 0);
	ck_assert_int_eq(add(&bad), -1);
	ck_assert_uint_eq(parser_graph_ncmds(G), 1);
	ck_assert_int_eq(match("delta"), PM_UNRECOGNIZED);
	ck_assert_int_eq(match("alpha delta"), PM_UNRECOGNIZED);
	ck_assert_int_eq(match("alpha beta"), PM_OK);
	ck_assert_int_eq(match("alpha"), PM_INCOMPLETE);
	ck_assert_int_eq(add(&empty_ok), 0);
	ck_assert_int_eq(match("alpha"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &empty_ok);
}
END_TEST

START_TEST(test_glued_brackets_and_slash_names)
{
	static const parser_cmd c = { "display this [include-default]", "D\nT\nI", params, 0, 0,
				      NULL };
	static const parser_cmd v6 = { "ipv6 address {<ipv6-address/prefix-length>}", "I\nA\nP",
				       params, 0, 0, NULL };

	ck_assert_int_eq(add(&c), 0);
	ck_assert_int_eq(add(&v6), 0);
	ck_assert_int_eq(match("display this include-default"), PM_OK);
	ck_assert_int_eq(match("display this"), PM_OK);
	ck_assert_int_eq(match("ipv6 address 2001:db8::1/64"), PM_OK);
	ck_assert_str_eq(parser_arg_get(M, "ipv6-address/prefix-length")->canon, "2001:db8::1/64");
}
END_TEST

/* Sharing `a` and `b` between the two commands must not let "a c e"
 * through: that line skips b, which only the first command may do. */
START_TEST(test_sharing_invents_no_path)
{
	static const parser_cmd c1 = { "a [ b ] c d", "A\nB\nC\nD", params, 0, 0, NULL };
	static const parser_cmd c2 = { "a b c e", "A\nB\nC\nE", params, 0, 0, NULL };

	ck_assert_int_eq(add(&c1), 0);
	ck_assert_int_eq(add(&c2), 0);
	ck_assert_int_eq(match("a b c e"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &c2);
	ck_assert_int_eq(match("a c d"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &c1);
	ck_assert_int_eq(match("a b c d"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &c1);
	ck_assert_int_eq(match("a c e"), PM_UNRECOGNIZED);
	ck_assert_uint_eq(M->err_col, 4);
}
END_TEST

START_TEST(test_repetition)
{
	static const parser_cmd c = { "vpn-target { <vpn-target> } &<1-8>", "V\nT", params, 2, 0,
				      NULL };
	static const parser_cmd two = { "pair { <x> } &<2-3>", "P\nX", params, 2, 0, NULL };

	ck_assert_int_eq(add(&c), 0);
	ck_assert_int_eq(add(&two), 0);
	ck_assert_int_eq(match("vpn-target 1:1"), PM_OK);
	ck_assert_int_eq(match("vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8"), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "vpn-target"), 8);
	ck_assert_int_eq(match("vpn-target 1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8 9:9"), PM_TOO_MANY);
	ck_assert_int_eq(match("pair a"), PM_INCOMPLETE);
	ck_assert_int_eq(match("pair a b"), PM_OK);
	ck_assert_int_eq(match("pair a b c"), PM_OK);
	ck_assert_int_eq(match("pair a b c d"), PM_TOO_MANY);
}
END_TEST

/* `{ ... } *`: one or more of the alternatives in any order, each at most
 * once (the reference's convention: at least one item, at most all). */
START_TEST(test_any_order_group)
{
	static const parser_cmd c = {
		"local-user <user-name> { privilege level <level> | state { block | active } } *",
		"L\nU\nP\nL\nN\nS\nB\nA", params, 3, 0, NULL
	};

	ck_assert_int_eq(add(&c), 0);
	ck_assert_int_eq(match("local-user u1 state block"), PM_OK);
	ck_assert_int_eq(match("local-user u1 state active privilege level 3"), PM_OK);
	ck_assert_uint_eq(parser_arg_get(M, "level")->u, 3);
	ck_assert(parser_kw(M, "active"));
	ck_assert_int_eq(match("local-user u1 privilege level 3 state block"), PM_OK);
	ck_assert_int_eq(match("local-user u1"), PM_INCOMPLETE);
	ck_assert_int_eq(match("local-user u1 state block state active"), PM_UNRECOGNIZED);
	ck_assert_int_eq(M->err_col, strlen("local-user u1 state block "));
	ck_assert_int_eq(match("local-user u1 privilege level 3 privilege level 2"),
			 PM_UNRECOGNIZED);
	/* [ ... ] *: none at all is fine too */
	static const parser_cmd z = { "dir [ a | b | c ] *", "D\nA\nB\nC", params, 3, 0, NULL };
	ck_assert_int_eq(add(&z), 0);
	ck_assert_int_eq(match("dir"), PM_OK);
	ck_assert_int_eq(match("dir c a"), PM_OK);
	ck_assert(parser_kw(M, "c") && parser_kw(M, "a") && !parser_kw(M, "b"));
	ck_assert_int_eq(match("dir c a b"), PM_OK);
	ck_assert_int_eq(match("dir c a c"), PM_UNRECOGNIZED);
}
END_TEST

START_TEST(test_pipe_flag)
{
	static const parser_cmd c = { "display current-configuration", "D\nC", params, 1,
				      PARSER_CMD_PIPE, NULL };
	static const parser_cmd v = { "display version", "D\nV", params, 1, 0, NULL };

	ck_assert_int_eq(add(&c), 0);
	ck_assert_int_eq(add(&v), 0);
	ck_assert_int_eq(match("display current-configuration | include bgp"), PM_OK);
	ck_assert_str_eq(M->pipe_kind, "include");
	ck_assert_str_eq(M->pipe_pattern, "bgp");
	ck_assert_int_eq(match("display version | include bgp"), PM_TOO_MANY);
	ck_assert_uint_eq(M->err_col, 16);
}
END_TEST

static Suite *grammar_suite(void)
{
	Suite *s = suite_create("grammar");
	TCase *tc = tcase_create("grammar");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_help_per_occurrence_or_per_spelling);
	tcase_add_test(tc, test_help_count_mismatch);
	tcase_add_test(tc, test_unknown_parameter);
	tcase_add_test(tc, test_bad_syntax);
	tcase_add_test(tc, test_failed_add_leaves_graph_unchanged);
	tcase_add_test(tc, test_glued_brackets_and_slash_names);
	tcase_add_test(tc, test_sharing_invents_no_path);
	tcase_add_test(tc, test_repetition);
	tcase_add_test(tc, test_any_order_group);
	tcase_add_test(tc, test_pipe_flag);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(grammar, grammar_suite)
