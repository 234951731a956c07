/* Lexer: token split, columns, quotes, limits and refused input. */
#include <stdlib.h>
#include <string.h>

#include "parser/lexer.h"
#include "unit.h"

static lex_line *L;

static void setup(void)
{
	L = malloc(sizeof(*L));
	ck_assert_ptr_nonnull(L);
}

static void teardown(void)
{
	free(L);
}

static lex_status split(const char *s, size_t *col)
{
	return lex_split(s, strlen(s), L, col);
}

/* A string of n copies of the UTF-8 sequence u. */
static char *repeat(const char *u, size_t n)
{
	size_t k = strlen(u);
	char *s = malloc(n * k + 1);

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, u, k);
	s[n * k] = '\0';
	return s;
}

START_TEST(test_words_and_columns)
{
	ck_assert_int_eq(split("peer test connect-interface LoopBack 0", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 5);
	ck_assert_str_eq(L->tok[0].text, "peer");
	ck_assert_str_eq(L->tok[2].text, "connect-interface");
	ck_assert_str_eq(L->tok[4].text, "0");
	ck_assert_uint_eq(L->tok[0].col, 0);
	ck_assert_uint_eq(L->tok[1].col, 5);
	ck_assert_uint_eq(L->tok[2].col, 10);
	ck_assert_uint_eq(L->tok[3].col, 28);
	ck_assert_uint_eq(L->tok[4].col, 37);
	ck_assert_uint_eq(L->tok[2].len, 17);
	ck_assert(!L->tok[0].quoted);
	ck_assert(!L->trailing_space);
	ck_assert_str_eq(L->raw, "peer test connect-interface LoopBack 0");
	ck_assert_uint_eq(L->len, 38);
	ck_assert_uint_eq(L->body_len, 38);
}
END_TEST

START_TEST(test_blanks_and_tabs)
{
	ck_assert_int_eq(split("  a\t\tbc \t", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 2);
	ck_assert_str_eq(L->tok[0].text, "a");
	ck_assert_uint_eq(L->tok[0].col, 2);
	ck_assert_str_eq(L->tok[1].text, "bc");
	ck_assert_uint_eq(L->tok[1].col, 5);
	ck_assert(L->trailing_space);
	ck_assert_str_eq(L->raw, "  a\t\tbc \t");
	ck_assert_uint_eq(L->len, 9);
	ck_assert_str_eq(L->body, "  a\t\tbc");
	ck_assert_uint_eq(L->body_len, 7);
}
END_TEST

START_TEST(test_empty_and_blank_lines)
{
	ck_assert_int_eq(split("", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 0);
	ck_assert(L->trailing_space);
	ck_assert_uint_eq(L->len, 0);
	ck_assert_int_eq(split("   \t", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 0);
	ck_assert(L->trailing_space);
	ck_assert_int_eq(split("\n", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 0);
}
END_TEST

START_TEST(test_newline_stripped)
{
	ck_assert_int_eq(split("sysname A\n", NULL), LEX_OK);
	ck_assert_str_eq(L->raw, "sysname A");
	ck_assert_uint_eq(L->len, 9);
	ck_assert(!L->trailing_space);
	ck_assert_int_eq(split("sysname A\r\n", NULL), LEX_OK);
	ck_assert_str_eq(L->raw, "sysname A");
	ck_assert_str_eq(L->tok[1].text, "A");
	/* only one line end is stripped; a lone CR is a control character */
	size_t col = 99;
	ck_assert_int_eq(split("sysname A\r", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 9);
	ck_assert_int_eq(split("a\n\n", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 1);
}
END_TEST

START_TEST(test_quotes)
{
	ck_assert_int_eq(split("group \"a b\" external", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 3);
	ck_assert_str_eq(L->tok[1].text, "a b");
	ck_assert(L->tok[1].quoted);
	ck_assert_uint_eq(L->tok[1].col, 6);
	ck_assert_uint_eq(L->tok[1].len, 5);
	ck_assert_str_eq(L->tok[2].text, "external");
	ck_assert_uint_eq(L->tok[2].col, 12);

	/* the closing quote is the one before a blank or the end */
	ck_assert_int_eq(split("x \"a\"b\"\"", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 2);
	ck_assert_str_eq(L->tok[1].text, "a\"b\"");
	ck_assert_uint_eq(L->tok[1].len, 6);

	/* empty quoted token */
	ck_assert_int_eq(split("x \"\"", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 2);
	ck_assert_str_eq(L->tok[1].text, "");
	ck_assert(L->tok[1].quoted);

	/* a quote inside a word is an ordinary character */
	ck_assert_int_eq(split("ab\"c d", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 2);
	ck_assert_str_eq(L->tok[0].text, "ab\"c");
	ck_assert(!L->tok[0].quoted);

	/* tabs inside quotes are kept */
	ck_assert_int_eq(split("\"a\tb\"", NULL), LEX_OK);
	ck_assert_str_eq(L->tok[0].text, "a\tb");
}
END_TEST

START_TEST(test_unterminated_quote)
{
	size_t col = 99;

	ck_assert_int_eq(split("peer \"a b as-number 1", &col), LEX_ERR_QUOTE);
	ck_assert_uint_eq(col, 5);
	ck_assert_int_eq(split("x \"", &col), LEX_ERR_QUOTE);
	ck_assert_uint_eq(col, 2);
	/* a quote followed by a non-blank does not close */
	ck_assert_int_eq(split("x \"a\"b", &col), LEX_ERR_QUOTE);
	ck_assert_uint_eq(col, 2);
}
END_TEST

START_TEST(test_length_limit)
{
	size_t col = 0;
	char *s = repeat("a", 3100);

	ck_assert_int_eq(split(s, &col), LEX_OK);
	ck_assert_int_eq(L->ntok, 1);
	ck_assert_uint_eq(strlen(L->tok[0].text), 3100);
	free(s);

	s = repeat("a", 3101);
	ck_assert_int_eq(split(s, &col), LEX_ERR_TOO_LONG);
	ck_assert_uint_eq(col, 3100);
	free(s);

	/* the limit counts characters, not bytes: 3100 two-byte characters */
	s = repeat("\xc3\xa9", 3100);
	ck_assert_int_eq(split(s, &col), LEX_OK);
	ck_assert_uint_eq(L->len, 6200);
	free(s);
	s = repeat("\xc3\xa9", 3101);
	ck_assert_int_eq(split(s, &col), LEX_ERR_TOO_LONG);
	ck_assert_uint_eq(col, 6200);
	free(s);

	/* and four-byte ones */
	s = repeat("\xf0\x9f\x98\x80", 3100);
	ck_assert_int_eq(split(s, &col), LEX_OK);
	ck_assert_uint_eq(L->len, 12400);
	free(s);

	/* the newline does not count */
	s = repeat("a", 3101);
	s[3100] = '\n';
	ck_assert_int_eq(split(s, &col), LEX_OK);
	free(s);
}
END_TEST

START_TEST(test_control_characters)
{
	size_t col = 99;

	ck_assert_int_eq(split("ab\x01" "c", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 2);
	ck_assert_int_eq(split("abc\x7f", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 3);
	ck_assert_int_eq(split("a\x1b[1D", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 1);
	/* C1 control U+0085 */
	ck_assert_int_eq(split("x \xc2\x85", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 2);
	/* an embedded NUL */
	ck_assert_int_eq(lex_split("ab\0cd", 5, L, &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 2);
	/* a control character inside quotes is still refused */
	ck_assert_int_eq(split("\"a\x02" "b\"", &col), LEX_ERR_CONTROL);
	ck_assert_uint_eq(col, 2);
	/* TAB is a blank, U+00A0 an ordinary character */
	ck_assert_int_eq(split("a\tb \xc2\xa0", &col), LEX_OK);
	ck_assert_int_eq(L->ntok, 3);
	ck_assert_str_eq(L->tok[2].text, "\xc2\xa0");
}
END_TEST

START_TEST(test_invalid_utf8)
{
	size_t col = 99;

	ck_assert_int_eq(split("\xc0\xaf", &col), LEX_ERR_UTF8); /* overlong '/' */
	ck_assert_uint_eq(col, 0);
	ck_assert_int_eq(split("ab \xe0\x80\xaf", &col), LEX_ERR_UTF8); /* overlong, 3 bytes */
	ck_assert_uint_eq(col, 3);
	ck_assert_int_eq(split("x\xf0\x80\x80\xaf", &col), LEX_ERR_UTF8); /* overlong, 4 bytes */
	ck_assert_uint_eq(col, 1);
	ck_assert_int_eq(split("a\xed\xa0\x80", &col), LEX_ERR_UTF8); /* surrogate U+D800 */
	ck_assert_uint_eq(col, 1);
	ck_assert_int_eq(split("ab\xe2\x82", &col), LEX_ERR_UTF8); /* truncated */
	ck_assert_uint_eq(col, 2);
	ck_assert_int_eq(split("\xe2\x82 x", &col), LEX_ERR_UTF8); /* truncated mid-line */
	ck_assert_uint_eq(col, 0);
	ck_assert_int_eq(split("\xf4\x90\x80\x80", &col), LEX_ERR_UTF8); /* above U+10FFFF */
	ck_assert_int_eq(split("ok \x80", &col), LEX_ERR_UTF8); /* lone continuation */
	ck_assert_uint_eq(col, 3);
	ck_assert_int_eq(split("\xff", &col), LEX_ERR_UTF8);
	ck_assert_int_eq(split("\xf5\x80\x80\x80", &col), LEX_ERR_UTF8);
	/* valid multi-byte characters */
	ck_assert_int_eq(split("\xe2\x82\xac \xf0\x9f\x98\x80 \xed\x9f\xbf", &col), LEX_OK);
	ck_assert_int_eq(L->ntok, 3);
	ck_assert_uint_eq(L->tok[1].col, 4);
}
END_TEST

START_TEST(test_token_limit)
{
	size_t col = 0;
	char *s = repeat("a ", 256);

	ck_assert_int_eq(split(s, &col), LEX_OK);
	ck_assert_int_eq(L->ntok, 256);
	free(s);
	s = repeat("a ", 257);
	ck_assert_int_eq(split(s, &col), LEX_ERR_TOO_MANY);
	ck_assert_uint_eq(col, 512);
	free(s);
}
END_TEST

START_TEST(test_pipe_is_a_token)
{
	ck_assert_int_eq(split("dis cu | include a|b", NULL), LEX_OK);
	ck_assert_int_eq(L->ntok, 5);
	ck_assert_str_eq(L->tok[2].text, "|");
	ck_assert_str_eq(L->tok[4].text, "a|b");
}
END_TEST

START_TEST(test_messages)
{
	const char *m[6];

	for (int i = 0; i < 6; i++) {
		m[i] = lex_strerror((lex_status)i);
		ck_assert_ptr_nonnull(m[i]);
	}
	ck_assert_str_eq(m[LEX_ERR_TOO_LONG],
			 "The command line is too long (more than 3100 characters).");
	for (int i = 1; i < 6; i++)
		for (int j = 1; j < i; j++)
			ck_assert_str_ne(m[i], m[j]);
}
END_TEST

static Suite *lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("lexer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_words_and_columns);
	tcase_add_test(tc, test_blanks_and_tabs);
	tcase_add_test(tc, test_empty_and_blank_lines);
	tcase_add_test(tc, test_newline_stripped);
	tcase_add_test(tc, test_quotes);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_length_limit);
	tcase_add_test(tc, test_control_characters);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_token_limit);
	tcase_add_test(tc, test_pipe_is_a_token);
	tcase_add_test(tc, test_messages);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(lexer, lexer_suite)
