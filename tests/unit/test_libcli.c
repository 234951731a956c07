/* What the VTY relay (cli/vty_relay.c) relies on libcli to do, checked
 * against the libcli actually linked: cli_loop runs on one end of a
 * socket pair, keys go in at the other, and the bytes that come back must
 * be those of the version the relay was written for (cli/libcli_version.h).
 * Should libcli's echo, redraw or line handling change, this fails before
 * the relay misbehaves.
 *
 * After each step a Ctrl+L makes libcli draw its line again; the step's
 * bytes are what came before that redraw, so the test never waits for
 * nothing to come. */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/libcli_version.h"
#include "../../cli/vty_relay.h"
#include "unit.h"

#define MARK "\x1f"       /* CLI_VTY_PROMPT_MARK, the host name the relay gives */
#define PROMPT MARK "<H>"
#define HELP_CMD CLI_VTY_HELP_CMD

typedef struct lc {
	struct cli_def *cli;
	int sv[2];
	pthread_t thread;
	char seen[8][64];  /* command lines the callbacks got, and printed messages */
	int nseen;
	pthread_mutex_t lock;
} lc;

static lc L;

static void note(const char *kind, const char *s)
{
	pthread_mutex_lock(&L.lock);
	if (L.nseen < 8)
		snprintf(L.seen[L.nseen++], sizeof L.seen[0], "%s:%s", kind, s);
	pthread_mutex_unlock(&L.lock);
}

static int on_cmd(struct cli_def *cli, const char *command, char *argv[], int argc)
{
	(void)command, (void)argv, (void)argc;
	note("cmd", cli->pipeline && cli->pipeline->cmdline ? cli->pipeline->cmdline : "");
	return CLI_OK;
}

static void on_print(struct cli_def *cli, const char *s)
{
	note(cli->pipeline ? "print-in-line" : "print", s);
}

static void *loop(void *arg)
{
	(void)arg;
	cli_loop(L.cli, L.sv[1]);
	return NULL;
}

static void start(void)
{
	memset(&L, 0, sizeof L);
	pthread_mutex_init(&L.lock, NULL);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, L.sv), 0);
	L.cli = cli_init();
	ck_assert_ptr_nonnull(L.cli);
	cli_unregister_all_commands(L.cli);
	cli_unregister_all_filters(L.cli);
	cli_set_hostname(L.cli, MARK);
	cli_set_promptchar(L.cli, "<H>");
	cli_telnet_protocol(L.cli, 0);
	cli_print_callback(L.cli, on_print);
	cli_register_command(L.cli, NULL, "display", on_cmd, PRIVILEGE_UNPRIVILEGED, MODE_EXEC,
			     "help");
	cli_register_command(L.cli, NULL, HELP_CMD, on_cmd, PRIVILEGE_UNPRIVILEGED, MODE_ANY,
			     NULL);
	ck_assert_int_eq(pthread_create(&L.thread, NULL, loop, NULL), 0);
}

static void stop(void)
{
	pthread_join(L.thread, NULL);
	cli_done(L.cli);
	close(L.sv[0]);
	pthread_mutex_destroy(&L.lock);
}

/* Exactly n bytes from libcli (a generous minute for them to come). */
static void read_n(char *buf, size_t n)
{
	size_t got = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < n) {
		struct pollfd p = { .fd = L.sv[0], .events = POLLIN };
		int rc = poll(&p, 1, 1000);
		clock_gettime(CLOCK_MONOTONIC, &t);
		ck_assert_msg(t.tv_sec - t0.tv_sec < 60, "libcli sent %zu of %zu bytes", got, n);
		if (rc <= 0)
			continue;
		ssize_t k = read(L.sv[0], buf + got, n - got);
		ck_assert_msg(k > 0, "libcli's end closed after %zu of %zu bytes", got, n);
		got += (size_t)k;
	}
	buf[n] = '\0';
}

static void keys(const char *k, size_t n)
{
	ck_assert_int_eq(write(L.sv[0], k, n), (ssize_t)n);
}

/* Send keys; libcli must answer with `want`, and then, asked to redraw
 * (Ctrl+L), with the prompt and `line` (the line and a Backspace for
 * each character after the cursor). */
static void step(const char *k, size_t kn, const char *want, size_t wn, const char *line)
{
	char redraw[256], got[1024];
	size_t rn = (size_t)snprintf(redraw, sizeof redraw, "\r\n" PROMPT "%s", line);
	keys(k, kn);
	keys("\x0c", 1);
	ck_assert_uint_lt(wn + rn, sizeof got);
	read_n(got, wn + rn);
	ck_assert_msg(memcmp(got, want, wn) == 0 && memcmp(got + wn, redraw, rn) == 0,
		      "keys %.*s: libcli sent something else", (int)kn, k);
}

#define STEP(k, want, line) step(k, sizeof k - 1, want, sizeof want - 1, line)

START_TEST(version_checked)
{
	/* The build refuses other versions (libcli_version.h); this one is
	 * what the bytes below were taken from. */
	ck_assert_int_eq(LIBCLI_VERSION_MAJOR, 1);
	ck_assert_int_eq(VSH_LIBCLI_MINOR, 10);
}
END_TEST

/* The relay drops the line break before each prompt when the output is
 * at a line start already, finds prompts by the mark, reads the line
 * back from a Ctrl+L redraw ended by a Ctrl+C bell, and types its edits
 * as keys whose echo it drops. */
START_TEST(echo_and_redraw)
{
	char got[64];
	start();
	read_n(got, strlen("\r\n" PROMPT));
	ck_assert_str_eq(got, "\r\n" PROMPT); /* the first prompt, after a line break */
	STEP("abc", "abc", "abc");                               /* echo, one byte each */
	STEP("\x03", "\a", "abc");                               /* Ctrl+C: a bell, nothing else */
	STEP("\x02\x02", "\b\b", "abc\b\b");                     /* Ctrl+B */
	STEP("\x7f", "\bbc \b\b\b", "bc\b\b");                   /* Backspace inside */
	STEP("X", "Xbc\b\b\bX", "Xbc\b\b");                     /* insert inside */
	STEP("\x06\x06", "bc", "Xbc");                           /* Ctrl+F */
	STEP("\x7f", "\b \b", "Xb");                             /* Backspace at the end */
	STEP("\x15", "\b\b  \b\b", "");                          /* Ctrl+U */
	STEP("\x7f", "\a", "");                                  /* Backspace on nothing: a bell */
	STEP("ab\x01", "ab\r" PROMPT, "ab\b\b");                 /* Ctrl+A */
	STEP("\x05", "ab", "ab");                                /* Ctrl+E */
	STEP("\x0b", "", "ab");                                  /* Ctrl+K at the end */
	STEP("\x17", "\b \b\b \b", "");                          /* Ctrl+W */
	/* A '?' typed before the last character is text, not help (the
	 * relay types a '?' at the end of the line this way). */
	STEP("x\x02?\x06\x7f", "x\b?x\b\b?x\b \b", "?");
	STEP("\x15", "\b \b", "");
	keys("\x04", 1); /* Ctrl+D on an empty line ends the loop */
	stop();
}
END_TEST

/* Enter: the line break, the command callback with the raw line (its
 * leading blanks dropped), the next prompt after a line break; an unknown
 * first word is reported through the print callback while the line is
 * being checked.  The hidden help command: a line ending in '?' runs, and
 * the line comes back without it. */
START_TEST(lines_and_help_command)
{
	char got[128];
	start();
	read_n(got, strlen("\r\n" PROMPT));
	STEP("display x\r", "display x\r\n\r\n" PROMPT, "");
	STEP("   display\r", "   display\r\n\r\n" PROMPT, "");
	STEP("dis\r", "dis\r\n\r\n" PROMPT, "");
	STEP("zzz\r", "zzz\r\n\r\n" PROMPT, "");
	STEP(HELP_CMD " ?", HELP_CMD " \r\n\r\n" PROMPT HELP_CMD " ", HELP_CMD " ");
	STEP("\x7f\x7f", "\b \b\b \b", "");
	keys("\x04", 1);
	stop();
	ck_assert_int_eq(L.nseen, 5);
	ck_assert_str_eq(L.seen[0], "cmd:display x");
	ck_assert_str_eq(L.seen[1], "cmd:display");
	ck_assert_str_eq(L.seen[2], "cmd:dis");
	ck_assert_str_eq(L.seen[3], "print-in-line:Invalid command \"zzz\"");
	ck_assert_str_eq(L.seen[4], "cmd:" HELP_CMD " ?");
}
END_TEST

static Suite *libcli_suite(void)
{
	Suite *s = suite_create("libcli");
	TCase *tc = tcase_create("libcli");
	tcase_add_test(tc, version_checked);
	tcase_add_test(tc, echo_and_redraw);
	tcase_add_test(tc, lines_and_help_command);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(libcli, libcli_suite)
