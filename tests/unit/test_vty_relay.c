/* The VTY relay's thread on real sockets: the line break libcli writes
 * before a prompt must not become an empty line when the prompt comes late.
 * libcli's side is played by the test; the pauses stand for a loaded
 * machine, and the bytes the client gets must not depend on them. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/vty_relay.h"
#include "unit.h"

#define MARK "\x1f" /* CLI_VTY_PROMPT_MARK */

typedef struct relay_pair {
	int client;  /* the test reads what the client would */
	int libcli;  /* the test writes what libcli would */
	cli_vty_relay *r;
} relay_pair;

static void pair_start(relay_pair *p)
{
	int cs[2], ls[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, cs), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ls), 0);
	cli_vty_relay_opts o = { .client_fd = cs[1], .inner_fd = ls[1] };
	p->client = cs[0];
	p->libcli = ls[0];
	p->r = cli_vty_relay_start(&o);
	ck_assert_ptr_nonnull(p->r);
}

static void from_libcli(relay_pair *p, const char *s)
{
	size_t n = strlen(s);
	ck_assert_int_eq(write(p->libcli, s, n), (ssize_t)n);
}

/* Read what the client gets until it ends with `tail` (a generous
 * deadline: the relay thread may be slow to run). */
static void client_until(relay_pair *p, char *buf, size_t cap, const char *tail)
{
	size_t got = 0, tl = strlen(tail);
	time_t end = time(NULL) + 60;
	buf[0] = '\0';
	while (got < tl || strcmp(buf + got - tl, tail) != 0) {
		ck_assert_msg(time(NULL) < end, "the client got \"%s\", waiting for \"%s\"", buf, tail);
		struct pollfd pf = { .fd = p->client, .events = POLLIN };
		if (poll(&pf, 1, 1000) <= 0)
			continue;
		ck_assert_uint_lt(got, cap - 1);
		ssize_t k = read(p->client, buf + got, cap - 1 - got);
		ck_assert_int_gt(k, 0);
		got += (size_t)k;
		buf[got] = '\0';
	}
}

static void pair_stop(relay_pair *p)
{
	close(p->libcli);
	cli_vty_relay_join(p->r);
	close(p->client);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* A command with no output: libcli echoes the Enter, the command runs,
 * then libcli writes a line break and the prompt, here in two writes far
 * apart.  The client sees no empty line before the prompt. */
START_TEST(late_prompt_after_line_break)
{
	relay_pair p;
	char got[256];
	pair_start(&p);
	from_libcli(&p, "commit\r\n");
	client_until(&p, got, sizeof got, "commit\r\n"); /* the Enter is answered at once */
	pause_ms(100);
	from_libcli(&p, "\r\n");
	pause_ms(200);
	from_libcli(&p, MARK "[~HUAWEI]");
	client_until(&p, got, sizeof got, "]");
	ck_assert_str_eq(got, "[~HUAWEI]");
	pair_stop(&p);
}
END_TEST

/* Output lines, an empty line among them, and the prompt: the same bytes
 * whether libcli's writes come together or with pauses between them. */
START_TEST(empty_lines_kept_with_pauses)
{
	static const char *const parts[] = { "a\r\n", "\r\n", "b\r\n", "\r\n", MARK "<HUAWEI>" };
	static const char want[] = "a\r\n\r\nb\r\n<HUAWEI>";
	for (int slow = 0; slow < 2; slow++) {
		relay_pair p;
		char got[256];
		pair_start(&p);
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
			from_libcli(&p, parts[i]);
			if (slow)
				pause_ms(60);
		}
		client_until(&p, got, sizeof got, ">");
		ck_assert_msg(strcmp(got, want) == 0, "%s: got \"%s\"", slow ? "slow" : "fast", got);
		pair_stop(&p);
	}
}
END_TEST

static Suite *vty_relay_suite(void)
{
	Suite *s = suite_create("vty_relay");
	TCase *tc = tcase_create("line breaks");
	tcase_add_test(tc, late_prompt_after_line_break);
	tcase_add_test(tc, empty_lines_kept_with_pauses);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(vty_relay, vty_relay_suite)
