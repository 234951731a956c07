/* The parts of the telnet VTY server and what they hand each other:
 *
 *   vty_server.c  the listener: who is admitted, one process per
 *                 connection, login deadlines (cli_vty_serve)
 *   vty_login.c   the login of one connection, before anything of the
 *                 state directory is touched
 *   vty.c         the session after the login: libcli and vrpsh
 *   vty_relay.c   the byte relay between the client and libcli */
#ifndef VRPSH_CLI_VTY_PRIV_H
#define VRPSH_CLI_VTY_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/online.h"
#include "../views/ui.h"
#include "shell.h"

/* Connections still logging in, beyond the maximum-vty sessions. */
#define CLI_VTY_PENDING_MAX 8
/* How long a login may take, however much is typed
 * (VRPSH_TEST_LOGIN_SECONDS=N in the environment changes it, for tests). */
#define CLI_VTY_LOGIN_SECONDS 60
#define CLI_VTY_LOGIN_TRIES 3

/* What a connection's process tells the server (one write each). */
enum cli_vty_news {
	CLI_VTY_NEWS_TYPING = 'U',  /* the login has its user name: not to be dropped */
	CLI_VTY_NEWS_AUTHED = 'A',  /* the password was accepted: no deadline any more */
	CLI_VTY_NEWS_SESSION = 'L', /* logged in on a VTY */
};
typedef struct cli_vty_msg {
	int32_t pid;
	int32_t news;
} cli_vty_msg;

/* Tell the server (fd from cli_vty_login_opts.news_fd; -1: nobody). */
void cli_vty_tell(int news_fd, enum cli_vty_news news);

/* The login deadline in milliseconds. */
int64_t cli_vty_login_ms(void);
/* CLOCK_MONOTONIC in milliseconds. */
int64_t cli_vty_now_ms(void);

/* Write all of p[0..n) to a socket (nothing happens when it is gone). */
void cli_vty_write(int fd, const char *p, size_t n);

typedef struct cli_vty_login_opts {
	int client;              /* the connection */
	cfg_db *logincfg;        /* users, VTY settings, banner (views/logincfg.h) */
	store_online *online;      /* who is logged in: the VTY a login would get */
	const char *state_dir;   /* account lockout records; NULL: none */
	int news_fd;
	int64_t deadline_ms;     /* cli_vty_now_ms() time the login must be done by */
	const char *peer;        /* the client's address */
} cli_vty_login_opts;

/* A login that succeeded. */
typedef struct cli_vty_login {
	vsh_auth_mode auth;      /* how it was authenticated */
	char user[260];          /* the AAA user, "" otherwise */
	char hash[160];          /* the password hash that opened it, "" for none */
	/* bytes typed after the password, for the session */
	unsigned char pending[4096];
	size_t npending;
	unsigned char prev;      /* the last byte of the login (a CR pairs with LF/NUL) */
} cli_vty_login;

/* Run the login dialogue on o->client: the login banner, the telnet
 * options, Username:/Password: (Password: only for authentication-mode
 * password, nothing for none), three tries.  Failed and refused logins go
 * to the audit log.  Returns 0 with *out filled, or -1 when the login
 * failed, timed out or the client left (what the client must see is
 * written). */
int cli_vty_login_run(const cli_vty_login_opts *o, cli_vty_login *out);

/* The session after a successful login (vty.c): opens the state
 * directory, checks the login against the configuration loaded from it,
 * takes a VTY and serves the session.  sh is the server's shell (its
 * configuration when there is no state directory).  Returns an exit
 * status. */
int cli_vty_session_run(cli_shell *sh, const cli_opts *o, store_online *online, int client,
			const char *peer, int news_fd, const cli_vty_login *login);

/* The error line of a failed login. */
extern const char cli_vty_login_error[];

#endif
