/* The chain of output filters after a display command (shell/outchain.h):
 * what the parser hands over (the first filter keyword, the rest of the
 * line) becomes stages, modifiers and a file. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "../../shell/outchain.h"
#include "../../shell/linefilter.h"
#include "unit.h"

static char err[256];

START_TEST(single_and_chained)
{
	vsh_chain c;

	ck_assert_int_eq(vsh_chain_parse(&c, NULL, NULL, err, sizeof err), 0);
	ck_assert_int_eq(c.n, 0);
	ck_assert_int_eq(vsh_chain_parse(&c, "include", "vpn | count", err, sizeof err), 0);
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.st[0].kind, VSH_FILTER_INCLUDE);
	ck_assert_str_eq(c.st[0].regex, "vpn");
	ck_assert(c.count);
	vsh_chain_free(&c);
	ck_assert_int_eq(vsh_chain_parse(&c, "exclude", "peer | inc test | be x y", err, sizeof err),
			 0);
	ck_assert_int_eq(c.n, 3);
	ck_assert_int_eq(c.st[1].kind, VSH_FILTER_INCLUDE);
	ck_assert_int_eq(c.st[2].kind, VSH_FILTER_BEGIN);
	ck_assert_str_eq(c.st[2].regex, "x y");
	vsh_chain_free(&c);
	/* a '|' inside an expression is the expression's (the guide's
	 * `| exclude Directory|Files`) */
	ck_assert_int_eq(vsh_chain_parse(&c, "exclude", "Directory|Files", err, sizeof err), 0);
	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.st[0].regex, "Directory|Files");
	vsh_chain_free(&c);
	/* an expression may hold '>' where it is not a final redirection */
	ck_assert_int_eq(vsh_chain_parse(&c, "include", "a > b c | count", err, sizeof err), 0);
	ck_assert_str_eq(c.st[0].regex, "a > b c");
	ck_assert_ptr_null(c.file);
	vsh_chain_free(&c);
}
END_TEST

START_TEST(modifiers_and_files)
{
	vsh_chain c;

	ck_assert_int_eq(vsh_chain_parse(&c, "section", "include bgp | no-more", err, sizeof err), 0);
	ck_assert(c.section && c.no_more && !c.count && !c.ignore_case);
	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.st[0].regex, "bgp");
	vsh_chain_free(&c);
	ck_assert_int_eq(vsh_chain_parse(&c, "ignore-case", "| include Vpn > out.txt", err,
					 sizeof err), 0);
	ck_assert(c.ignore_case);
	ck_assert_str_eq(c.file, "out.txt");
	ck_assert(!c.append);
	vsh_chain_free(&c);
	ck_assert_int_eq(vsh_chain_parse(&c, ">>", "out.txt", err, sizeof err), 0);
	ck_assert_int_eq(c.n, 0);
	ck_assert_str_eq(c.file, "out.txt");
	ck_assert(c.append);
	vsh_chain_free(&c);
	/* the expression ends before a final redirection */
	ck_assert_int_eq(vsh_chain_parse(&c, "include", "a b >> log.txt", err, sizeof err), 0);
	ck_assert_str_eq(c.st[0].regex, "a b");
	ck_assert_str_eq(c.file, "log.txt");
	vsh_chain_free(&c);
}
END_TEST

static void refused(const char *kind, const char *rest, const char *msg)
{
	vsh_chain c;
	ck_assert_int_eq(vsh_chain_parse(&c, kind, rest, err, sizeof err), -1);
	ck_assert_str_eq(err, msg);
	ck_assert_int_eq(c.n, 0);
	ck_assert_ptr_null(c.file);
}

START_TEST(errors)
{
	char many[600] = "x", big[300];

	refused("include", "vpn | frobnicate", "Error: Unknown output filter 'frobnicate'.");
	refused("include", "vpn |", "Error: An output filter is missing after '|'.");
	refused("include", "vpn | include", "Error: The output filter include needs a regular "
					    "expression.");
	refused("count", "x", "Error: Unknown output filter 'x'.");
	refused("include", "vpn | i x", "Error: Unknown output filter 'i'."); /* ambiguous */
	refused(">", "a.txt b.txt", "Error: Give one file name after >, at the end of the command.");
	refused("no-more", "| > a.txt | count",
		"Error: Give one file name after >, at the end of the command.");
	for (int i = 1; i < 33; i++)
		strcat(many, " | include x");
	refused("include", many, "Error: At most 32 regular expressions can filter the output.");
	memset(big, 'a', 256);
	big[256] = '\0';
	refused("include", big, "Error: A regular expression can have at most 255 characters.");
	refused(">", "n2345678901234567890123456789012345678901234567890123456789012345.txt",
		"Error: The file name n2345678901234567890123456789012345678901234567890123456789012"
		"345.txt is too long.");
}
END_TEST

/* Patterns whose compiled form grows exponentially (stacked repetition
 * operators, deeply nested bounds) are refused as invalid instead of
 * exhausting memory; ordinary ones compile. */
START_TEST(exponential_patterns)
{
	static const char *const bad[] = { "exclusiv++++++++++++++++++++++++++++++++",
					   "a*+", "a{2}{3}", "((a{255}){255}){255}" };
	static const char *const good[] = { "a+", "a{2,3}", "(a{255}){255}", "[+*]+",
					    "a\\++", "vpn|bgp" };
	vsh_filter f;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(vsh_filter_init(&f, VSH_FILTER_INCLUDE, bad[i]) == -1, "%s", bad[i]);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(vsh_filter_init(&f, VSH_FILTER_INCLUDE, good[i]) == 0, "%s", good[i]);
		vsh_filter_fini(&f);
	}
}
END_TEST

static Suite *make_outchain_suite(void)
{
	Suite *s = suite_create("outchain");
	TCase *tc = tcase_create("outchain");

	tcase_add_test(tc, single_and_chained);
	tcase_add_test(tc, modifiers_and_files);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, exponential_patterns);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(outchain, make_outchain_suite)
