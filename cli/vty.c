/* A telnet VTY session after its login (see vty_priv.h for the other
 * parts of the server).
 *
 * How a session uses libcli (1.10.7; cli/libcli_version.h):
 *  - Its own commands and filters are removed.  For every view, each first
 *    keyword the user may use is registered as a command with no options,
 *    in a libcli mode of its own per view (the user view is MODE_EXEC);
 *    the help text is vrpsh's.  The callback ignores libcli's parse and
 *    runs the raw line, `cli->pipeline->cmdline`, through vrpsh, so
 *    abbreviations, quotes, `| include` and errors are vrpsh's.
 *  - A line libcli cannot place (a first word it finds ambiguous or does
 *    not know, a `|` stage) makes it print a message of its own while the
 *    line is being checked; the print callback takes the raw line then and
 *    runs it through vrpsh instead.  Each line runs once: the text in
 *    cmdline is cleared when it is taken.
 *  - TAB, '?' and the other keys VRP gives a meaning of its own are the
 *    relay's (see vty_relay.h).  For '?' it hands the text before the
 *    cursor over (on_help_for) and has libcli run the hidden help command,
 *    registered in every mode, which prints vrpsh's help (libcli runs a
 *    line ending in '?' without keeping it in its history).  libcli drops
 *    a line's leading blanks; the relay counts them (on_line_blanks) for
 *    the caret of an error.
 *  - The login is done before libcli starts (vty_login.c): libcli runs
 *    without its own login and without sending the telnet options again.
 *  - libcli's socket is one end of a socket pair; a relay thread connects
 *    the other end to the client (see vty_relay.h).
 * The session is shared with the relay thread (TAB): session_lock guards
 * it; libcli's thread holds it while a line runs.
 * Output of vrpsh goes to the same socket, through the pager, with line
 * ends written as CR LF. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "../views/aaa.h"
#include "../views/logincfg.h"
#include "../store/online.h"
#include "../views/store.h"
#include "../views/ui.h"
#include "console.h"
#include "libcli_version.h"
#include "login.h"
#include "pager.h"
#include "vty_priv.h"
#include "vty_relay.h"

#define MODE_VIEW_BASE 100
#define ENTER_PAIR_MS 20 /* how long to wait for the LF or NUL after a CR */

/* The session is used by libcli's thread and, for TAB, by the relay's. */
static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;

/* The text the next help command is for, from the relay thread. */
static pthread_mutex_t help_lock = PTHREAD_MUTEX_INITIALIZER;
static char *help_text;
static size_t help_len;
static size_t line_blanks; /* leading blanks of the next line, which libcli drops */

/* One session per process. */
static struct vty {
	vsh_session *s;
	struct cli_def *cli;
	int fd;               /* our end of libcli's socket */
	cli_pager pager;
	vsh_ui_conf ui;
	int vty;
	char peer[48];
	view_id view;         /* the view libcli's mode stands for */
	char prompt[512];
	size_t plen;
	bool logged_in;
} vty;

/* ---- output ---------------------------------------------------------- */

/* Session output: '\n' becomes CR LF. */
static void raw_out(void *ctx, const char *buf, size_t len)
{
	char out[8192];
	size_t n = 0;

	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		if (n + 2 > sizeof out) {
			cli_vty_write(vty.fd, out, n);
			n = 0;
		}
		if (buf[i] == '\n')
			out[n++] = '\r';
		out[n++] = buf[i];
	}
	cli_vty_write(vty.fd, out, n);
}

static void raw_str(const char *str)
{
	raw_out(NULL, str, strlen(str));
}

/* ---- input inside a command (pager keys, answers) -------------------- */

static int idle_ms(void)
{
	unsigned idle = vty.s->idle_seconds;

	return idle == 0 ? -1 : idle > 2000000 ? 2000000000 : (int)idle * 1000;
}

/* One byte of data from the client, telnet commands skipped; -1 at the
 * end of input or after the idle time. */
static int read_byte(int timeout_ms)
{
	unsigned char c;
	int iac = 0;

	for (;;) {
		struct pollfd p = { .fd = vty.fd, .events = POLLIN };
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		ssize_t n = read(vty.fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (iac == 1) {
			iac = c >= 251 && c <= 254 ? 2 : 0; /* WILL..DONT take an option byte */
			if (c == 255)
				return c;
			continue;
		}
		if (iac == 2) {
			iac = 0;
			continue;
		}
		if (c == 255) {
			iac = 1;
			continue;
		}
		return c;
	}
}

/* After a CR: the LF or NUL a telnet client sends with it is part of the
 * same Enter. */
static void eat_enter_pair(void)
{
	unsigned char c;
	struct pollfd p = { .fd = vty.fd, .events = POLLIN };

	if (poll(&p, 1, ENTER_PAIR_MS) > 0 &&
	    recv(vty.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 1 && (c == '\n' || c == '\0'))
		(void)!read(vty.fd, &c, 1);
}

static int pager_key(void *ctx)
{
	(void)ctx;
	int c = read_byte(idle_ms());
	if (c == '\r')
		eat_enter_pair();
	return c;
}

/* A question's answer, edited simply (printable characters, Backspace,
 * Ctrl+U), echoed unless secret.  (In mmi-mode the session asks
 * nothing.) */
static int read_answer(char *buf, size_t buflen, bool secret)
{
	size_t n = 0;

	if (buflen < 2)
		return -1;
	for (;;) {
		int c = read_byte(idle_ms());
		if (c < 0 || c == 3) { /* end of input, time-out, Ctrl+C */
			if (!secret) /* a secret's asker ends the line itself */
				raw_str("\n");
			return -1;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r')
				eat_enter_pair();
			raw_str("\n");
			buf[n] = '\0';
			return 0;
		}
		if (c == 0x7f || c == 0x08) {
			if (n > 0) {
				n--;
				if (!secret)
					raw_str("\b \b");
			}
		} else if (c == 0x15) {
			while (n > 0) {
				n--;
				if (!secret)
					raw_str("\b \b");
			}
		} else if (c >= 0x20 && n + 1 < buflen) {
			char ch = (char)c;
			buf[n++] = ch;
			if (!secret)
				raw_out(NULL, &ch, 1);
		}
	}
}

static int ask(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	return read_answer(buf, buflen, false);
}

static int ask_secret(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	return read_answer(buf, buflen, true);
}

/* ---- the line ---------------------------------------------------------- */

static int mode_of(view_id v)
{
	return v == VIEW_USER ? MODE_EXEC : MODE_VIEW_BASE + (int)v;
}

/* After every line: the prompt and the view libcli matches first words in. */
static void sync_cli(void)
{
	vsh_prompt(vty.s, vty.prompt, sizeof vty.prompt);
	vty.plen = strlen(vty.prompt);
	cli_set_promptchar(vty.cli, vty.prompt);
	view_id v = vsh_top(vty.s)->view;
	if (v != vty.view) {
		cli_set_configmode(vty.cli, mode_of(v), NULL);
		cli_set_modestring(vty.cli, NULL);
		vty.view = v;
	}
}

static int page_length(void)
{
	return vty.s->mmi_mode ? 0 : vty.s->screen_length;
}

/* The line libcli is working on, taken (so that it runs only once). */
static char *take_line(struct cli_def *cli)
{
	struct cli_pipeline *pl = cli->pipeline;

	if (!pl || !pl->cmdline || !pl->cmdline[0])
		return NULL;
	char *line = strdup(pl->cmdline);
	pl->cmdline[0] = '\0';
	return line;
}

static void run_line(const char *line)
{
	size_t len = strlen(line);

	pthread_mutex_lock(&session_lock);
	cli_pager_start(&vty.pager, page_length());
	pthread_mutex_lock(&help_lock);
	size_t caret = vty.plen + line_blanks;
	line_blanks = 0;
	pthread_mutex_unlock(&help_lock);
	if (len > 0 && line[len - 1] == '?')
		vsh_help(vty.s, line, len - 1, caret);
	else
		vsh_exec(vty.s, line, len, caret);
	if (vty.s->online)
		store_online_touch(vty.s->online, vty.s->online_slot);
	sync_cli();
	pthread_mutex_unlock(&session_lock);
}

/* For the relay thread: the session, locked, when it is at its prompt:
 * 0; -1 while a command runs (which may be waiting for a key: it is not
 * waited for); -2 before the login. */
static int lock_at_prompt(void)
{
	if (pthread_mutex_trylock(&session_lock) != 0)
		return -1;
	if (!vty.logged_in) {
		pthread_mutex_unlock(&session_lock);
		return -2;
	}
	return 0;
}

static int on_probe(void *ctx, char *prompt, size_t cap, bool *user_view)
{
	(void)ctx;
	int rc = lock_at_prompt();
	if (rc < 0)
		return rc;
	snprintf(prompt, cap, "%s", vty.prompt);
	*user_view = vsh_top(vty.s)->view == VIEW_USER;
	pthread_mutex_unlock(&session_lock);
	return 0;
}

/* TAB, from the relay thread: vrpsh's candidates for the line's last word. */
static int on_complete(void *ctx, const char *line, size_t len, char *buf, size_t cap)
{
	char **v = NULL;
	size_t used = 0;
	int n = 0;

	(void)ctx;
	int rc = lock_at_prompt();
	if (rc < 0)
		return rc;
	size_t k = vsh_complete(vty.s, line, len, &v);
	for (size_t i = 0; i < k; i++) {
		size_t wl = strlen(v[i]) + 1;
		if (used + wl > cap)
			break;
		memcpy(buf + used, v[i], wl);
		used += wl;
		n++;
	}
	parser_completions_free(v, k);
	pthread_mutex_unlock(&session_lock);
	return n;
}

static void on_help_for(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	pthread_mutex_lock(&help_lock);
	free(help_text);
	help_text = malloc(len + 1);
	help_len = help_text ? len : 0;
	if (help_text) {
		memcpy(help_text, line, len);
		help_text[len] = '\0';
	}
	pthread_mutex_unlock(&help_lock);
}

static void on_line_blanks(void *ctx, size_t n)
{
	(void)ctx;
	pthread_mutex_lock(&help_lock);
	line_blanks = n;
	pthread_mutex_unlock(&help_lock);
}

/* The hidden help command: vrpsh's help for the text the relay handed
 * over, after the mark the relay waits for. */
static int on_help(struct cli_def *cli, const char *command, char *argv[], int argc)
{
	(void)cli, (void)command, (void)argv, (void)argc;
	pthread_mutex_lock(&help_lock);
	char *text = help_text;
	size_t len = help_len;
	help_text = NULL;
	help_len = 0;
	pthread_mutex_unlock(&help_lock);
	static const char mark[] = { CLI_VTY_HELP_MARK, '\n', '\0' };
	raw_str(mark);
	if (text) {
		pthread_mutex_lock(&session_lock);
		cli_pager_start(&vty.pager, page_length());
		vsh_help(vty.s, text, len, vty.plen);
		pthread_mutex_unlock(&session_lock);
		free(text);
	}
	return CLI_OK;
}

/* End the session from inside libcli's loop: it reads the end of input
 * next and returns; what is written meanwhile goes nowhere. */
static void end_session(void)
{
	shutdown(vty.fd, SHUT_RDWR);
}

static int on_command(struct cli_def *cli, const char *command, char *argv[], int argc)
{
	(void)command, (void)argv, (void)argc;
	char *line = take_line(cli);
	if (line) {
		run_line(line);
		free(line);
	}
	return vty.s->quit_requested ? CLI_QUIT : CLI_OK;
}

/* ---- logins ---------------------------------------------------------- */

/* libcli's commands: each view's first keywords at the user's level. */
static void register_commands(void)
{
	lex_line l;
	parser_help_list h;

	if (lex_split("", 0, &l, NULL) != LEX_OK)
		return;
	for (int v = 0; v < VIEW_HAND_COUNT; v++) {
		memset(&h, 0, sizeof h);
		if (view_set_help(vty.s->vs, (view_id)v, &l, vty.s->level, vty.s, &h) == 0) {
			for (size_t i = 0; i < h.n; i++)
				if (h.items[i].token[0] != '<' && h.items[i].token[0] != '|')
					cli_register_command(vty.cli, NULL, h.items[i].token,
							     on_command, PRIVILEGE_UNPRIVILEGED,
							     mode_of((view_id)v), h.items[i].help);
		}
		parser_help_free(&h);
	}
	cli_register_command(vty.cli, NULL, CLI_VTY_HELP_CMD, on_help, PRIVILEGE_UNPRIVILEGED,
			     MODE_ANY, NULL);
	/* Have libcli work out the shortest unique prefixes again. */
	cli_set_configmode(vty.cli, mode_of(VIEW_SYSTEM), NULL);
	cli_set_configmode(vty.cli, MODE_EXEC, NULL);
	cli_set_modestring(vty.cli, NULL);
	vty.view = VIEW_USER;
}

/* libcli calls this every second while the client is quiet. */
static int on_second(struct cli_def *cli)
{
	pthread_mutex_lock(&session_lock);
	/* A trial commit that runs out is reverted; the sessions waiting at
	 * their prompt say so below the line being typed, which libcli then
	 * shows again under the (perhaps changed) prompt. */
	if (vty.logged_in && vsh_tick(vty.s)) {
		vsh_store_sync(vty.s);
		sync_cli();
		raw_str("\n" VSH_TRIAL_EXPIRED_MSG "\n");
		cli->showprompt = 1;
	}
	pthread_mutex_unlock(&session_lock);
	return CLI_OK;
}

static int on_idle(struct cli_def *cli)
{
	(void)cli;
	raw_str("\n" CLI_CONSOLE_TIMEOUT_MSG "\n");
	return CLI_ERROR;
}

/* libcli's own messages. */
static void on_print(struct cli_def *cli, const char *str)
{
	if (cli->pipeline) {
		/* libcli refused the line it is checking: vrpsh runs it. */
		char *line = take_line(cli);
		if (line) {
			run_line(line);
			free(line);
			if (vty.s->quit_requested)
				end_session();
		}
		return;
	}
	/* Anything else (libcli's own help, should a '?' reach it). */
	raw_str(str);
	raw_str("\n");
}

/* ---- one session ----------------------------------------------------- */

/* Is the login still good in the configuration the session works on?  It
 * was checked against the login configuration, which a commit may have
 * changed meanwhile: the same password hash must open the same user. */
static bool login_still_good(cfg_db *db, const cli_vty_login *login, vsh_aaa_user *u)
{
	memset(u, 0, sizeof *u);
	u->level = -1;
	if (login->auth != VSH_AUTH_AAA)
		return true; /* the VTY taken must have the same settings */
	const char *h = vsh_aaa_password_hash(db, login->user);
	return vsh_aaa_user_get(db, login->user, u) && h && strcmp(h, login->hash) == 0 &&
	       !u->blocked && (u->services & VSH_AAA_SVC_TELNET);
}

/* The first free VTY whose login settings are those the login passed. */
static int take_vty(cfg_db *db, store_online *online, const cli_vty_login *login,
		    const store_online_rec *rec, vsh_ui_conf *ui)
{
	int max = vsh_ui_max_vty(db);

	if (max > STORE_ONLINE_MAX_VTY)
		max = STORE_ONLINE_MAX_VTY;
	for (int v = 0; v < max; v++) {
		vsh_ui_get(db, v, ui);
		if (ui->auth != login->auth ||
		    (ui->auth == VSH_AUTH_PASSWORD && strcmp(ui->password, login->hash) != 0))
			continue;
		if (store_online_claim(online, STORE_ONLINE_VTY(v), STORE_ONLINE_VTY(v), rec) >= 0)
			return v;
	}
	return -1;
}

/* A user name into a record's field (longer names are cut there). */
static void copy_name(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void note_login(const char *user)
{
	store_online_rec r;
	vsh_session *s = vty.s;

	copy_name(s->user, sizeof s->user, user);
	if (s->online && store_online_get(s->online, s->online_slot, &r)) {
		copy_name(r.user, sizeof r.user, user);
		r.authenticated = 1;
		r.last_input = (int64_t)time(NULL);
		store_online_set(s->online, s->online_slot, &r);
	}
	register_commands();
	sync_cli();
	vsh_audit_login(VSH_AUDIT_LOGIN, user, s->ui_name, vty.peer, NULL);
}

static int serve_session(cli_shell *sh, store_online *online, int client, const char *peer,
			 int news_fd, const cli_vty_login *login)
{
	vsh_session *s = &sh->s;
	store_online_rec rec;
	vsh_aaa_user u;
	int sv[2];
	time_t now = time(NULL);

	memset(&vty, 0, sizeof vty);
	vty.s = s;
	snprintf(vty.peer, sizeof vty.peer, "%s", peer);
	/* Echo goes out a character at a time: no waiting to fill packets. */
	int one = 1;
	setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

	memset(&rec, 0, sizeof rec);
	snprintf(rec.kind, sizeof rec.kind, "TEL");
	snprintf(rec.addr, sizeof rec.addr, "%s", vty.peer);
	copy_name(rec.user, sizeof rec.user, login->user);
	rec.login_time = rec.last_input = (int64_t)now;
	rec.pid = (int32_t)getpid();
	rec.authenticated = 1;
	if (!login_still_good(sh->db, login, &u)) {
		vsh_audit_login(VSH_AUDIT_LOGIN_FAILED, login->user, "VTY", vty.peer,
				"the user's settings changed during the login");
		cli_vty_write(client, "\r\n", 2);
		cli_vty_write(client, cli_vty_login_error, strlen(cli_vty_login_error));
		cli_vty_write(client, "\r\n", 2);
		return CLI_EXIT_FAIL;
	}
	vty.vty = take_vty(sh->db, online, login, &rec, &vty.ui);
	if (vty.vty < 0) {
		if (login->auth != VSH_AUTH_NONE)
			cli_vty_write(client, "\r\n", 2);
		cli_vty_write(client, cli_login_full_msg, strlen(cli_login_full_msg));
		cli_vty_write(client, "\r\n", 2);
		return CLI_EXIT_FAIL;
	}
	cli_vty_tell(news_fd, CLI_VTY_NEWS_SESSION);
	s->online = online;
	s->online_slot = STORE_ONLINE_VTY(vty.vty);
	/* The user's own level and idle time when configured, else the
	 * interface's. */
	s->level = u.level >= 0 ? u.level : vty.ui.level;
	s->idle_seconds = u.idle_seconds ? u.idle_seconds : vty.ui.idle_seconds;
	s->screen_length = s->screen_length_ui = vty.ui.screen_length;
	snprintf(s->ui_name, sizeof s->ui_name, "VTY %d", vty.vty);

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return CLI_EXIT_FAIL;
	static const cli_vty_hooks hooks = {
		.probe = on_probe, .complete = on_complete, .help_for = on_help_for,
		.line_blanks = on_line_blanks,
	};
	cli_vty_relay_opts ro = { .client_fd = client, .inner_fd = sv[1], .hooks = &hooks,
				  .typed = login->pending, .ntyped = login->npending,
				  .prev = login->prev };
	cli_vty_relay *relay = cli_vty_relay_start(&ro);
	if (!relay)
		return CLI_EXIT_FAIL;
	vty.fd = sv[0];
	int cli_fd = dup(sv[0]); /* libcli closes its descriptor when it is done */
	cli_pager_init(&vty.pager, raw_out, pager_key, NULL);
	s->io = (vsh_io){ .write = cli_pager_write, .ask = ask, .ask_secret = ask_secret,
			  .page_off = cli_pager_page_off,
			  .ctx = &vty.pager };

	struct cli_def *cli = cli_init();
	vty.cli = cli;
	if (cli && cli_fd >= 0) {
		static const char mark[2] = { CLI_VTY_PROMPT_MARK, '\0' };
		cli_unregister_all_commands(cli);
		cli_unregister_all_filters(cli);
		cli_set_hostname(cli, mark);
		cli_print_callback(cli, on_print);
		/* The telnet options went out with the login. */
		cli_telnet_protocol(cli, 0);
		pthread_mutex_lock(&session_lock);
		vty.logged_in = true;
		note_login(login->user);
		/* What libcli printed after an accepted password, then the
		 * device's Info lines. */
		if (login->auth != VSH_AUTH_NONE)
			raw_str(" \n");
		cli_pager_start(&vty.pager, 0);
		cli_login_banner(s, now);
		pthread_mutex_unlock(&session_lock);
		if (s->idle_seconds)
			cli_set_idle_timeout_callback(cli, s->idle_seconds, on_idle);
		cli_regular(cli, on_second);
		cli_loop(cli, cli_fd);
		cli_done(cli);
	}
	shutdown(sv[0], SHUT_RDWR);
	if (vty.logged_in)
		vsh_audit_login(VSH_AUDIT_LOGOUT, s->user, s->ui_name, vty.peer, NULL);
	cli_vty_relay_join(relay);
	cli_pager_fini(&vty.pager);
	store_online_release(online, s->online_slot);
	return CLI_EXIT_OK;
}

/* With a state directory the session opens it afresh (its own descriptors
 * and locks, the running configuration of the moment); without one it
 * works on the server's configuration, copied by fork. */
int cli_vty_session_run(cli_shell *server, const cli_opts *o, store_online *online, int client,
			const char *peer, int news_fd, const cli_vty_login *login)
{
	cli_shell own, *sh = server;
	char err[512];
	int rc;

	if (o->state_dir) {
		vsh_io io = { 0 };
		if (cli_shell_open(&own, o, io, err, sizeof err) < 0) {
			cli_vty_write(client, "\r\nError: ", 9);
			cli_vty_write(client, err, strlen(err));
			cli_vty_write(client, "\r\n", 2);
			return CLI_EXIT_FAIL;
		}
		sh = &own;
	}
	rc = serve_session(sh, online, client, peer, news_fd, login);
	/* A login refused for a stale login configuration puts it right. */
	if (rc != CLI_EXIT_OK && sh == &own && vsh_logincfg_refresh(&own.s, err, sizeof err) != 0)
		fprintf(stderr, "vrpsh: %s\n", err);
	if (sh == &own)
		cli_shell_close(&own);
	return rc;
}
