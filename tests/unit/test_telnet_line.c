/* The login line reader of the VTY (cli/telnet_line.h): line ends, echo,
 * editing keys, telnet commands and escape sequences, long lines, input
 * split at any byte. */
#include <check.h>
#include <string.h>

#include "../../cli/telnet_line.h"
#include "unit.h"

typedef struct run {
	int ev;
	char line[CLI_TLINE_MAX + 1];
	char echo[1024];
	size_t used;
} run;

/* Feed s (n bytes) in one piece to a reader started with echo. */
static run feed(cli_tline *t, const char *s, size_t n)
{
	run r;
	size_t olen = 0;
	memset(&r, 0, sizeof r);
	r.ev = cli_tline_feed(t, (const unsigned char *)s, n, &r.used, r.echo, sizeof r.echo - 1,
			      &olen);
	r.echo[olen] = '\0';
	memcpy(r.line, t->buf, t->len + 1);
	return r;
}

static run line_of(const char *s, size_t n, bool echo)
{
	cli_tline t;
	memset(&t, 0, sizeof t);
	cli_tline_start(&t, echo);
	return feed(&t, s, n);
}

#define LINE(s, echo) line_of(s, sizeof s - 1, echo)

START_TEST(line_ends)
{
	run r = LINE("admin\r", true);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_str_eq(r.line, "admin");
	ck_assert_str_eq(r.echo, "admin");
	ck_assert_uint_eq(r.used, 6);
	r = LINE("admin\nrest", true);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_uint_eq(r.used, 6);
	/* no echo for a password */
	r = LINE("Secret#1\r\n", false);
	ck_assert_str_eq(r.line, "Secret#1");
	ck_assert_str_eq(r.echo, "");
	ck_assert_uint_eq(r.used, 9);
	r = LINE("partial", true);
	ck_assert_int_eq(r.ev, CLI_TLINE_MORE);
	ck_assert_uint_eq(r.used, 7);
}
END_TEST

/* CR LF and CR NUL are one Enter, even split between two feeds or two
 * lines; a LF alone is an Enter. */
START_TEST(enter_pairs)
{
	cli_tline t;
	memset(&t, 0, sizeof t);
	cli_tline_start(&t, true);
	run r = feed(&t, "a\r", 2);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	cli_tline_start(&t, false);
	r = feed(&t, "\nb\r\0c\n", 6);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_str_eq(r.line, "b");
	ck_assert_uint_eq(r.used, 3);
	cli_tline_start(&t, false);
	r = feed(&t, "\0c\n", 3);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_str_eq(r.line, "c");
	cli_tline_start(&t, false);
	r = feed(&t, "\n", 1);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_str_eq(r.line, "");
}
END_TEST

START_TEST(editing)
{
	run r = LINE("adx\x7fmin\bn\r", true);
	ck_assert_str_eq(r.line, "admin");
	ck_assert_str_eq(r.echo, "adx\b \bmin\b \bn");
	r = LINE("junk\x15ok\r", true);
	ck_assert_str_eq(r.line, "ok");
	ck_assert_str_eq(r.echo, "junk\b \b\b \b\b \b\b \bok");
	r = LINE("pw\x7f\x7f\x7fx\r", false);
	ck_assert_str_eq(r.line, "x");
	ck_assert_str_eq(r.echo, "");
	/* Ctrl+C rings; other control characters are dropped */
	r = LINE("a\x03\x01\x02\x09\x1f" "b\r", true);
	ck_assert_str_eq(r.line, "ab");
	ck_assert_str_eq(r.echo, "a\ab");
	/* Ctrl+D: the end on an empty line, nothing otherwise */
	r = LINE("\x04", true);
	ck_assert_int_eq(r.ev, CLI_TLINE_EOF);
	r = LINE("x\x04y\r", true);
	ck_assert_str_eq(r.line, "xy");
}
END_TEST

/* Telnet negotiation, subnegotiations and the terminal's keys are not
 * typed text. */
START_TEST(telnet_and_escapes)
{
	run r = LINE("\xff\xfd\x01\xff\xfb\x1f\xff\xfa\x1f\x00\x50\x00\x18\xff\xf0" "ad"
		     "\xff\xf4" "\x1b[D\x1b[3~\x1bOA" "min\r",
		     true);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_str_eq(r.line, "admin");
	ck_assert_str_eq(r.echo, "admin");
	/* a CR inside a subnegotiation ends nothing */
	r = LINE("\xff\xfa\x18\r\n\xff\xf0x\r", true);
	ck_assert_str_eq(r.line, "x");
	/* IAC IAC is not a character of a name */
	r = LINE("a\xff\xff" "b\r", true);
	ck_assert_str_eq(r.line, "ab");
}
END_TEST

/* A line longer than CLI_TLINE_MAX keeps its first bytes; the rest is
 * neither kept nor echoed. */
START_TEST(long_line)
{
	char in[1000];
	memset(in, 'x', sizeof in - 1);
	in[sizeof in - 1] = '\r';
	run r = line_of(in, sizeof in, true);
	ck_assert_int_eq(r.ev, CLI_TLINE_LINE);
	ck_assert_uint_eq(strlen(r.line), CLI_TLINE_MAX);
	ck_assert_uint_eq(strlen(r.echo), CLI_TLINE_MAX);
}
END_TEST

/* Any split of the input gives the same line and echo. */
START_TEST(any_split)
{
	static const char in[] = "\xff\xfb\x01" "a\x7f" "dm\x1b[Ain\xff\xfa\x01\xff\xf0\r\n";
	run whole = line_of(in, sizeof in - 1, true);
	for (size_t cut = 0; cut < sizeof in - 3; cut++) { /* up to the CR */
		cli_tline t;
		char echo[256];
		size_t used, olen = 0;
		memset(&t, 0, sizeof t);
		cli_tline_start(&t, true);
		int ev = cli_tline_feed(&t, (const unsigned char *)in, cut, &used, echo,
					sizeof echo, &olen);
		ck_assert_int_eq(ev, CLI_TLINE_MORE);
		ev = cli_tline_feed(&t, (const unsigned char *)in + cut, sizeof in - 1 - cut, &used,
				    echo, sizeof echo, &olen);
		ck_assert_int_eq(ev, CLI_TLINE_LINE);
		ck_assert_str_eq(t.buf, whole.line);
		echo[olen] = '\0';
		ck_assert_str_eq(echo, whole.echo);
	}
}
END_TEST

static Suite *telnet_line_suite(void)
{
	Suite *s = suite_create("telnet_line");
	TCase *tc = tcase_create("telnet_line");
	tcase_add_test(tc, line_ends);
	tcase_add_test(tc, enter_pairs);
	tcase_add_test(tc, editing);
	tcase_add_test(tc, telnet_and_escapes);
	tcase_add_test(tc, long_line);
	tcase_add_test(tc, any_split);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(telnet_line, telnet_line_suite)
