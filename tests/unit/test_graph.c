/* The match graph beyond single commands: repetitions counted while
 * matching, any-order groups, several roots with a shared one ("All
 * views"), availability bits (device models), and the frozen form written
 * out as a blob and opened again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/grammar.h"
#include "parser/matcher.h"
#include "unit.h"

static const ptype pt_vlan = { PT_UINT, "INTEGER<1-4094>", 1, 4094, 0 };
static const ptype pt_word = { PT_STRING, "STRING<1-31>", 1, 31, 0 };

static const parser_param params[] = {
	{ "vlan-id1", &pt_vlan, NULL },
	{ "vlan-id2", &pt_vlan, NULL },
	{ "name", &pt_word, NULL },
	{ "host", &pt_ipv4, NULL },
	{ "count", &pt_vlan, NULL },
	{ NULL, NULL, NULL },
};

static parser_graph *G;
static lex_line *L;
static parser_match *M;
static char err[512];

static void setup(void)
{
	G = parser_graph_new();
	L = malloc(sizeof(*L));
	M = malloc(sizeof(*M));
	ck_assert(G && L && M);
	err[0] = '\0';
}

static void teardown(void)
{
	parser_graph_free(G);
	free(L);
	free(M);
}

static parser_status match_in(const parser_graph *g, uint32_t root, uint32_t avail, int level,
			      const char *line)
{
	parser_scope sc = { root, avail, level };
	ck_assert_int_eq(lex_split(line, strlen(line), L, NULL), LEX_OK);
	return parser_match_scoped(g, &sc, L, M);
}

static parser_status match(const char *line)
{
	return match_in(G, PARSER_ROOT, PARSER_AVAIL_ALL, 3, line);
}

/* '?' listing of the line, one token per line. */
static char *help_tokens(uint32_t root, uint32_t avail, const char *line)
{
	static char out[4096];
	parser_scope sc = { root, avail, 3 };
	parser_help_list h;

	ck_assert_int_eq(lex_split(line, strlen(line), L, NULL), LEX_OK);
	out[0] = '\0';
	if (parser_help_scoped(G, &sc, L, NULL, &h) != 0)
		return strcpy(out, "(error)");
	for (size_t i = 0; i < h.n; i++) {
		strcat(out, h.items[i].token);
		strcat(out, "\n");
	}
	parser_help_free(&h);
	return out;
}

static const parser_cmd vlan_batch = {
	"vlan batch { <vlan-id1> [ to <vlan-id2> ] } &<1-10>", "V\nB\nI\nT\nJ", params, 2, 0, NULL
};

START_TEST(test_repetition_with_optional_tail)
{
	ck_assert_int_eq(parser_graph_add(G, &vlan_batch, err, sizeof err), 0);
	ck_assert_int_eq(match("vlan batch 10"), PM_OK);
	ck_assert_int_eq(match("vlan batch 10 to 20 30 40 to 50"), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "vlan-id1"), 3);
	ck_assert_int_eq(parser_arg_count(M, "vlan-id2"), 2);
	ck_assert_uint_eq(parser_arg_nth(M, "vlan-id1", 2)->u, 40);
	ck_assert_uint_eq(parser_arg_nth(M, "vlan-id2", 1)->u, 50);
	/* ten passes, with and without "to" */
	ck_assert_int_eq(match("vlan batch 1 2 3 4 5 6 7 8 9 to 19 10"), PM_OK);
	ck_assert_int_eq(match("vlan batch 1 2 3 4 5 6 7 8 9 10 11"), PM_TOO_MANY);
	ck_assert_uint_eq(M->err_col, strlen("vlan batch 1 2 3 4 5 6 7 8 9 10 "));
	ck_assert_int_eq(match("vlan batch 10 to"), PM_INCOMPLETE);
	ck_assert_int_eq(match("vlan batch 10 to 20 to 30"), PM_WRONG_PARAM);
	ck_assert_int_eq(match("vlan batch 5000"), PM_WRONG_PARAM);
	/* after the tenth value only "to" and the end remain */
	ck_assert_str_eq(help_tokens(PARSER_ROOT, PARSER_AVAIL_ALL, "vlan batch 1 2 3 4 5 6 7 8 9 10 "),
			 "to\n<cr>\n");
	ck_assert_str_eq(help_tokens(PARSER_ROOT, PARSER_AVAIL_ALL, "vlan batch 1 "),
			 "to\nINTEGER<1-4094>\n<cr>\n");
}
END_TEST

START_TEST(test_repetition_minimum_and_large_bound)
{
	static const parser_cmd two = { "pair { <name> } &<2-3>", "P\nN", params, 2, 0, NULL };
	static const parser_cmd many = { "hosts { <host> } &<1-255>", "H\nA", params, 2, 0, NULL };
	char line[8192];

	ck_assert_int_eq(parser_graph_add(G, &two, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add(G, &many, err, sizeof err), 0);
	ck_assert_int_eq(match("pair a"), PM_INCOMPLETE);
	ck_assert_int_eq(match("pair a b"), PM_OK);
	ck_assert_int_eq(match("pair a b c"), PM_OK);
	ck_assert_int_eq(match("pair a b c d"), PM_TOO_MANY);
	/* 120 addresses fit the arguments; 255 passes are allowed by the group */
	strcpy(line, "hosts");
	for (int i = 1; i <= 120; i++)
		sprintf(line + strlen(line), " 10.0.%d.%d", i / 200, i % 200);
	ck_assert_int_eq(match(line), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "host"), 120);
}
END_TEST

/* A token one command types as a number and another as a string: the
 * number reading wins while it leads somewhere, the other is still there
 * when it does not, and '?' lists what follows either reading. */
START_TEST(test_token_with_two_readings)
{
	static const ptype pt_pg15 = { PT_UINT, "INTEGER<15-15>", 15, 15, 0 };
	static const parser_param pg_params[] = {
		{ "pg", &pt_pg15, NULL },
		{ "group", &pt_word, NULL },
		{ "queue", &pt_vlan, NULL },
		{ NULL, NULL, NULL },
	};
	static const parser_cmd pq = { "pg <pg> pq", "P\nG\nQ", pg_params, 3, 0, NULL };
	static const parser_cmd queue = { "pg <group> queue <queue>", "P\nG\nQ\nN", pg_params, 3, 0,
					  NULL };

	ck_assert_int_eq(parser_graph_add(G, &pq, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add(G, &queue, err, sizeof err), 0);
	ck_assert_int_eq(match("pg 15 pq"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &pq);
	ck_assert_int_eq(match("pg 15 queue 7"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &queue);
	ck_assert_ptr_nonnull(parser_arg_get(M, "group"));
	ck_assert_str_eq(parser_arg_get(M, "group")->str, "15");
	ck_assert_ptr_null(parser_arg_get(M, "pg"));
	ck_assert_int_eq(match("pg 7 queue 7"), PM_OK);
	ck_assert_int_eq(match("pg 7 pq"), PM_UNRECOGNIZED);
	ck_assert_uint_eq(M->err_col, strlen("pg 7 "));
	/* an error keeps the caret of the better reading */
	ck_assert_int_eq(match("pg 15 bogus"), PM_UNRECOGNIZED);
	ck_assert_uint_eq(M->err_col, strlen("pg 15 "));
	ck_assert_int_eq(match("pg 15 queue"), PM_INCOMPLETE);
	ck_assert_str_eq(help_tokens(PARSER_ROOT, PARSER_AVAIL_ALL, "pg 15 "), "pq\nqueue\n");
}
END_TEST

START_TEST(test_nested_repetition)
{
	static const parser_cmd c = { "n { <name> { <count> } &<1-2> } &<1-3>", "N\nA\nC", params, 2,
				      0, NULL };

	ck_assert_int_eq(parser_graph_add(G, &c, err, sizeof err), 0);
	ck_assert_int_eq(match("n a 1"), PM_OK);
	ck_assert_int_eq(match("n a 1 2"), PM_OK);
	/* 1 2 3 as counts overflows the inner group; the line still has a
	 * reading, with 2 as the name of a second pass */
	ck_assert_int_eq(match("n a 1 2 3"), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "name"), 2);
	ck_assert_int_eq(match("n a 1 b"), PM_INCOMPLETE); /* b starts a pass as a name */
	ck_assert_int_eq(match("n a 1 b 2 c 3 4"), PM_OK);
	ck_assert_int_eq(parser_arg_count(M, "count"), 4);
	/* no fourth outer pass: d can only be a count, and is not one */
	ck_assert_int_eq(match("n a 1 b 2 c 3 d"), PM_WRONG_PARAM);
	ck_assert_uint_eq(M->err_col, strlen("n a 1 b 2 c 3 "));
	ck_assert_int_eq(match("n a"), PM_INCOMPLETE);
}
END_TEST

/* A group whose items are each optional may be left out altogether. */
START_TEST(test_group_of_optional_items)
{
	static const parser_cmd c = {
		"show { [ vlan <vlan-id1> ] | [ name <name> ] } * [ verbose ]", "S\nV\nI\nN\nA\nX",
		params, 0, 0, NULL
	};
	static const parser_cmd r = { "r { [ <vlan-id1> ] } &<1-3>", "R\nV", params, 0, 0, NULL };

	ck_assert_int_eq(parser_graph_add(G, &c, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add(G, &r, err, sizeof err), 0);
	ck_assert_int_eq(match("show"), PM_OK);
	ck_assert_int_eq(match("show verbose"), PM_OK);
	ck_assert_int_eq(match("show name a vlan 3 verbose"), PM_OK);
	ck_assert_int_eq(match("show vlan 3 vlan 4"), PM_UNRECOGNIZED);
	ck_assert_int_eq(match("r"), PM_OK);
	ck_assert_int_eq(match("r 1 2 3"), PM_OK);
	ck_assert_int_eq(match("r 1 2 3 4"), PM_TOO_MANY);
}
END_TEST

START_TEST(test_any_order_multiword)
{
	static const parser_cmd ping = {
		"ping [ -a <host> | -c <count> | -v ] * <host>", "P\nA\nH\nC\nN\nV\nH", params, 0, 0,
		NULL
	};

	ck_assert_int_eq(parser_graph_add(G, &ping, err, sizeof err), 0);
	ck_assert_int_eq(match("ping 10.1.1.1"), PM_OK);
	ck_assert_int_eq(match("ping -c 5 -a 10.0.0.1 10.1.1.1"), PM_OK);
	ck_assert_uint_eq(parser_arg_get(M, "count")->u, 5);
	ck_assert_int_eq(parser_arg_count(M, "host"), 2);
	ck_assert_int_eq(match("ping -v -c 5 10.1.1.1"), PM_OK);
	ck_assert_int_eq(match("ping -c 5 -c 6 10.1.1.1"), PM_WRONG_PARAM);
	/* once -c is used it is no longer offered */
	ck_assert_str_eq(help_tokens(PARSER_ROOT, PARSER_AVAIL_ALL, "ping -c 5 "),
			 "-a\n-v\nX.X.X.X\n");
}
END_TEST

/* Two views share "All views" commands; a view's own command wins over a
 * shared one that matches the same line, and both are listed once. */
START_TEST(test_shared_root)
{
	static const parser_cmd dis_this = { "display this", "D\nT", params, 0, 0, NULL };
	static const parser_cmd dis_ver = { "display version", "D\nV", params, 0, 0, NULL };
	static const parser_cmd quit = { "quit", "Q", params, 0, 0, NULL };
	static const parser_cmd vlan = { "vlan <vlan-id1>", "V\nI", params, 2, 0, NULL };
	static const parser_cmd desc = { "description <name>", "D\nN", params, 2, 0, NULL };

	uint32_t all = parser_graph_root_new(G), sys = parser_graph_root_new(G),
		 ifv = parser_graph_root_new(G);
	ck_assert(all != UINT32_MAX && sys != UINT32_MAX && ifv != UINT32_MAX);
	ck_assert_int_eq(parser_graph_add_at(G, all, &dis_ver, 10, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, all, &quit, 11, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, all, &dis_this, 12, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, sys, &vlan, 1, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, ifv, &desc, 2, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, ifv, &dis_this, 3, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_share_root(G, sys, all), 0);
	ck_assert_int_eq(parser_graph_share_root(G, ifv, all), 0);

	ck_assert_int_eq(match_in(G, sys, PARSER_AVAIL_ALL, 3, "dis ver"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &dis_ver);
	ck_assert_int_eq(match_in(G, sys, PARSER_AVAIL_ALL, 3, "vlan 10"), PM_OK);
	ck_assert_int_eq(match_in(G, ifv, PARSER_AVAIL_ALL, 3, "vlan 10"), PM_UNRECOGNIZED);
	ck_assert_int_eq(match_in(G, ifv, PARSER_AVAIL_ALL, 3, "dis this"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &dis_this);
	ck_assert_uint_eq(M->cmd_id, 3); /* the view's own row */
	ck_assert_int_eq(match_in(G, sys, PARSER_AVAIL_ALL, 3, "dis this"), PM_OK);
	ck_assert_uint_eq(M->cmd_id, 12);
	/* "d" is display or description in the interface view: "d" alone is
	 * ambiguous there, not in the system view */
	ck_assert_int_eq(match_in(G, ifv, PARSER_AVAIL_ALL, 3, "d x"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &desc);
	ck_assert_int_eq(match_in(G, ifv, PARSER_AVAIL_ALL, 3, "d"), PM_AMBIGUOUS);
	ck_assert_str_eq(help_tokens(ifv, PARSER_AVAIL_ALL, ""), "description\ndisplay\nquit\n");
	ck_assert_str_eq(help_tokens(sys, PARSER_AVAIL_ALL, ""), "display\nquit\nvlan\n");
	ck_assert_str_eq(help_tokens(ifv, PARSER_AVAIL_ALL, "display "), "this\nversion\n");
	/* the shared root alone (a view that offers nothing else) */
	ck_assert_int_eq(match_in(G, all, PARSER_AVAIL_ALL, 3, "quit"), PM_OK);
	ck_assert_int_eq(match_in(G, all, PARSER_AVAIL_ALL, 3, "vlan 1"), PM_UNRECOGNIZED);
}
END_TEST

/* Availability bits stand for device models: a command the model lacks
 * does not exist, at its first distinguishing keyword. */
START_TEST(test_availability)
{
	static const parser_cmd v4 = { "peer <host> enable", "P\nH\nE", params, 2, 0, NULL };
	static const parser_cmd v6 = { "peer <host> ipv6-enable", "P\nH\nI", params, 2, 0, NULL };

	ck_assert_int_eq(parser_graph_add_at(G, PARSER_ROOT, &v4, 0, 0x3, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, PARSER_ROOT, &v6, 1, 0x2, err, sizeof err), 0);
	ck_assert_int_eq(match_in(G, PARSER_ROOT, 0x1, 3, "peer 1.1.1.1 enable"), PM_OK);
	ck_assert_int_eq(match_in(G, PARSER_ROOT, 0x1, 3, "peer 1.1.1.1 ipv6-enable"),
			 PM_UNRECOGNIZED);
	ck_assert_uint_eq(M->err_col, 13);
	ck_assert_int_eq(match_in(G, PARSER_ROOT, 0x2, 3, "peer 1.1.1.1 ipv6-enable"), PM_OK);
	ck_assert_str_eq(help_tokens(PARSER_ROOT, 0x1, "peer 1.1.1.1 "), "enable\n");
	ck_assert_str_eq(help_tokens(PARSER_ROOT, 0x2, "peer 1.1.1.1 "), "enable\nipv6-enable\n");
	ck_assert_int_eq(match_in(G, PARSER_ROOT, 0x4, 3, "peer 1.1.1.1 enable"), PM_UNRECOGNIZED);
	ck_assert_uint_eq(M->err_col, 0);
}
END_TEST

static const parser_cmd *blob_cmds[4];

static const parser_cmd *resolve(void *ctx, uint32_t id)
{
	(*(int *)ctx)++;
	return id < 4 ? blob_cmds[id] : NULL;
}

/* The frozen graph written out and opened again matches as the original,
 * resolving each command once, on first use. */
START_TEST(test_blob_round_trip)
{
	static const parser_cmd quit = { "quit", "Q", params, 0, 0, NULL };
	void *blob = NULL;
	int resolved = 0;

	blob_cmds[0] = &vlan_batch;
	blob_cmds[1] = &quit;
	uint32_t sys = parser_graph_root_new(G);
	ck_assert_int_eq(parser_graph_add_at(G, sys, &vlan_batch, 0, 0x1, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_add_at(G, PARSER_ROOT, &quit, 1, 0, err, sizeof err), 0);
	ck_assert_int_eq(parser_graph_share_root(G, sys, PARSER_ROOT), 0);
	size_t len = parser_graph_blob(G, &blob);
	ck_assert_uint_gt(len, 0);

	parser_graph *B = parser_graph_open_blob(blob, len, resolve, &resolved, err, sizeof err);
	ck_assert_msg(B != NULL, "%s", err);
	ck_assert_int_eq(match_in(B, sys, 0x1, 3, "vlan batch 1 to 3 7"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &vlan_batch);
	ck_assert_uint_eq(parser_arg_nth(M, "vlan-id1", 1)->u, 7);
	ck_assert_int_eq(match_in(B, sys, 0x1, 3, "vlan batch 1 2 3 4 5 6 7 8 9 10 11"), PM_TOO_MANY);
	ck_assert_int_eq(match_in(B, sys, 0x2, 3, "vlan batch 1"), PM_UNRECOGNIZED);
	ck_assert_int_eq(match_in(B, sys, 0x1, 3, "q"), PM_OK);
	ck_assert_ptr_eq(M->cmd, &quit);
	ck_assert_int_eq(match_in(B, sys, 0x1, 3, "quit"), PM_OK);
	ck_assert_int_eq(resolved, 2);

	/* a damaged header is refused */
	((char *)blob)[0] ^= 1;
	ck_assert_ptr_null(parser_graph_open_blob(blob, len, resolve, &resolved, err, sizeof err));
	((char *)blob)[0] ^= 1;
	ck_assert_ptr_null(parser_graph_open_blob(blob, len - 1, resolve, &resolved, err, sizeof err));
	parser_graph_free(B);
	free(blob);
}
END_TEST

static Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("graph");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_repetition_with_optional_tail);
	tcase_add_test(tc, test_repetition_minimum_and_large_bound);
	tcase_add_test(tc, test_nested_repetition);
	tcase_add_test(tc, test_token_with_two_readings);
	tcase_add_test(tc, test_group_of_optional_items);
	tcase_add_test(tc, test_any_order_multiword);
	tcase_add_test(tc, test_shared_root);
	tcase_add_test(tc, test_availability);
	tcase_add_test(tc, test_blob_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(graph, graph_suite)
