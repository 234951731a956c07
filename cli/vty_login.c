/* The login of a telnet connection (see vty_priv.h).  It works from the
 * login configuration the server holds (views/logincfg.h) and takes no
 * lock of the state directory: the lockout records have a lock of their
 * own, held only while a failure is counted. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "../views/aaa.h"
#include "../views/state.h"
#include "../views/terminal.h"
#include "login.h"
#include "telnet_line.h"
#include "vty_priv.h"

const char cli_vty_login_error[] = "Error: Username or password error.";

/* The telnet options a session starts with: WILL SGA, WILL ECHO, DO SGA,
 * DO ECHO (the server echoes; the client sends characters as typed). */
static const char negotiate[] = "\xff\xfb\x03\xff\xfb\x01\xff\xfd\x03\xff\xfd\x01";

int64_t cli_vty_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t cli_vty_login_ms(void)
{
	const char *e = getenv("VRPSH_TEST_LOGIN_SECONDS");
	long s = e ? strtol(e, NULL, 10) : 0;

	return (int64_t)(s > 0 && s <= 3600 ? s : CLI_VTY_LOGIN_SECONDS) * 1000;
}

void cli_vty_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

static void say(int fd, const char *s)
{
	cli_vty_write(fd, s, strlen(s));
}

void cli_vty_tell(int news_fd, enum cli_vty_news news)
{
	cli_vty_msg m = { (int32_t)getpid(), (int32_t)news };

	if (news_fd >= 0)
		(void)!write(news_fd, &m, sizeof m);
}

/* The client's bytes, read ahead of the line reader. */
typedef struct input {
	int fd;
	int64_t deadline;
	unsigned char buf[4096];
	size_t off, len;
	cli_tline line;
} input;

enum { GOT_LINE, GOT_EOF, GOT_TIMEOUT };

/* One line (echoed or not) into in->line.buf. */
static int read_line(input *in, bool echo)
{
	char out[3 * CLI_TLINE_MAX + 16];

	cli_tline_start(&in->line, echo);
	for (;;) {
		while (in->off < in->len) {
			size_t used = 0, olen = 0;
			int ev = cli_tline_feed(&in->line, in->buf + in->off, in->len - in->off, &used,
						out, sizeof out, &olen);
			in->off += used;
			cli_vty_write(in->fd, out, olen);
			if (ev == CLI_TLINE_LINE)
				return GOT_LINE;
			if (ev == CLI_TLINE_EOF)
				return GOT_EOF;
		}
		int64_t left = in->deadline - cli_vty_now_ms();
		if (left <= 0)
			return GOT_TIMEOUT;
		struct pollfd p = { .fd = in->fd, .events = POLLIN };
		int rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno != EINTR)
			return GOT_EOF;
		if (rc <= 0)
			continue;
		ssize_t n = read(in->fd, in->buf, sizeof in->buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return GOT_EOF;
		in->off = 0;
		in->len = (size_t)n;
	}
}

/* The first VTY nobody is logged in on (its settings decide how this
 * login goes), or -1 when every one is taken. */
static int free_vty(store_online *online, int max)
{
	store_online_rec r;

	if (max > STORE_ONLINE_MAX_VTY)
		max = STORE_ONLINE_MAX_VTY;
	for (int v = 0; v < max; v++)
		if (!online || !store_online_get(online, STORE_ONLINE_VTY(v), &r))
			return v;
	return -1;
}

int cli_vty_login_run(const cli_vty_login_opts *o, cli_vty_login *out)
{
	static input in; /* one login per process */
	char text[512], line[16], why[256];
	vsh_ui_conf ui;
	bool told = false;

	memset(out, 0, sizeof *out);
	memset(&in, 0, sizeof in);
	in.fd = o->client;
	in.deadline = o->deadline_ms;
	int vty = free_vty(o->online, vsh_ui_max_vty(o->logincfg));
	if (vty < 0) {
		say(o->client, cli_login_full_msg);
		say(o->client, "\r\n");
		return -1;
	}
	vsh_ui_get(o->logincfg, vty, &ui);
	snprintf(line, sizeof line, "VTY %d", vty);
	if (vsh_header_get(o->logincfg, true, text, sizeof text)) {
		say(o->client, text);
		say(o->client, "\r\n");
	}
	cli_vty_write(o->client, negotiate, sizeof negotiate - 1);
	out->auth = ui.auth;
	if (ui.auth == VSH_AUTH_NONE)
		goto done;

	for (int tries = 0; tries < CLI_VTY_LOGIN_TRIES; tries++) {
		char user[CLI_TLINE_MAX + 1] = "";
		int got;
		int result = VSH_AAA_REFUSED;
		if (ui.auth == VSH_AUTH_AAA) {
			say(o->client, "\r\nUsername: ");
			if ((got = read_line(&in, true)) != GOT_LINE)
				goto gone;
			say(o->client, "\r\n");
			memcpy(user, in.line.buf, in.line.len + 1);
		}
		if (!told) {
			cli_vty_tell(o->news_fd, CLI_VTY_NEWS_TYPING);
			told = true;
		}
		if (ui.auth == VSH_AUTH_AAA && !user[0]) {
			/* An empty user name is a failed try like any other. */
			vsh_audit_login(VSH_AUDIT_LOGIN_FAILED, "", line, o->peer, "no user name");
			say(o->client, cli_vty_login_error);
			say(o->client, "\r\n");
			continue;
		}
		say(o->client, ui.auth == VSH_AUTH_AAA ? "Password: " : "\r\nPassword: ");
		got = read_line(&in, false);
		if (got != GOT_LINE) {
			explicit_bzero(in.line.buf, sizeof in.line.buf);
			goto gone;
		}
		if (ui.auth == VSH_AUTH_AAA) {
			vsh_aaa_user u;
			result = vsh_aaa_authenticate(o->logincfg, o->state_dir, user, in.line.buf,
						      VSH_AAA_SVC_TELNET, vsh_now(), &u, why,
						      sizeof why);
			const char *h = vsh_aaa_password_hash(o->logincfg, user);
			snprintf(out->hash, sizeof out->hash, "%s", h ? h : "");
		} else {
			bool ok = ui.password[0] && vsh_aaa_check(ui.password, in.line.buf);
			result = ok ? VSH_AAA_OK : VSH_AAA_REFUSED;
			snprintf(why, sizeof why, "%s",
				 !ui.password[0] ? "no password is set"
				 : !vsh_aaa_is_device_cipher(ui.password, 1, sizeof ui.password)
					 ? "wrong password"
					 : "the password is a device ciphertext, which cannot be "
					   "checked here; set it again in plain text");
			snprintf(out->hash, sizeof out->hash, "%s", ui.password);
		}
		explicit_bzero(in.line.buf, sizeof in.line.buf);
		if (result == VSH_AAA_OK) {
			snprintf(out->user, sizeof out->user, "%s", user);
			goto done;
		}
		vsh_audit_login(result == VSH_AAA_BLOCKED ? VSH_AUDIT_LOGIN_BLOCKED
							  : VSH_AUDIT_LOGIN_FAILED,
				user, line, o->peer, why);
		say(o->client, "\r\n");
		say(o->client, cli_vty_login_error);
		say(o->client, "\r\n");
	}
	return -1;
gone:
	if (cli_vty_now_ms() >= in.deadline)
		say(o->client, "\r\nError: The login was not completed in time.\r\n");
	return -1;
done:
	cli_vty_tell(o->news_fd, CLI_VTY_NEWS_AUTHED);
	out->npending = in.len - in.off;
	memcpy(out->pending, in.buf + in.off, out->npending);
	out->prev = in.line.prev;
	return 0;
}
