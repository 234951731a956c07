/* The telnet VTY listener (see vty.h, vty_priv.h).
 *
 * Admission, before anything is forked or the state directory touched:
 * when every VTY up to `user-interface maximum-vty` has a session (telnet
 * or SSH), a new connection gets the device's "All user interfaces are
 * used" at once.  Otherwise it waits in a room of the server (a socket,
 * no process, nothing said yet) until one of CLI_VTY_PENDING_MAX login
 * places is free; the newest connection waiting gets the next place, so
 * a crowd that came before cannot keep a new one out.  A full room
 * refuses its oldest.  A login place frees when a login ends, succeeds,
 * or when a connection that has not given its user name for EVICT_AGE_MS
 * must make room for a waiting one.  So connections that never log in
 * cannot keep an administrator out, a burst of honest logins all get in,
 * and the processes of the server stay within maximum-vty +
 * CLI_VTY_PENDING_MAX.
 *
 * A login must be done within CLI_VTY_LOGIN_SECONDS of the connection
 * whatever is typed: the connection's process ends it then, the server
 * kills a process still logging in DEADLINE_GRACE_MS later, and a
 * connection still waiting for a place is refused.  The processes tell
 * the server how their login goes through a pipe (vty_priv.h).
 *
 * Logins are checked against the login configuration of the state
 * directory (views/logincfg.h), which the server reads again whenever the
 * file changes; it takes no lock and loads nothing else. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../views/aaa.h"
#include "../views/ui.h"
#include "../views/logincfg.h"
#include "../views/store.h"
#include "login.h"
#include "vty.h"
#include "vty_priv.h"

#define EVICT_AGE_MS 1000
#define DEADLINE_GRACE_MS 5000
#define MAX_KIDS (STORE_ONLINE_MAX_VTY + CLI_VTY_PENDING_MAX)
#define ROOM_MAX 64
#define ACCEPTS_PER_ROUND 64

enum kid_state {
	KID_FREE,
	KID_WAITING,  /* logging in, no user name yet */
	KID_TYPING,   /* logging in, user name given */
	KID_AUTHED,   /* password accepted, the session is being set up */
	KID_SESSION,  /* logged in on a VTY */
};

typedef struct kid {
	enum kid_state st;
	pid_t pid;
	int client;       /* the server's copy while the login runs, else -1 */
	int64_t since;    /* the connection came (cli_vty_now_ms): the deadline counts from it */
	int64_t started;  /* the login started: its age for making room counts from it */
} kid;

static struct server {
	cli_shell *sh;
	const cli_opts *o;
	store_online *online;
	int lfd;
	int news[2];      /* the processes write, the server reads */
	int wake[2];      /* signal handlers write */
	kid kids[MAX_KIDS];
	/* connections waiting for a login place, oldest first */
	struct {
		int fd;
		int64_t since;
	} room[ROOM_MAX];
	int nroom;
	/* the login configuration and the file it came from */
	cfg_db *logincfg;
	bool own_logincfg;
	store_logincfg_ver lc_ver;
	bool lc_known;
} srv;

static volatile sig_atomic_t stop_server;

static void on_signal(int sig)
{
	int e = errno;
	if (sig != SIGCHLD)
		stop_server = 1;
	(void)!write(srv.wake[1], "", 1);
	errno = e;
}

/* ---- the listening socket --------------------------------------------- */
/* "ADDR:PORT" or "[ADDR]:PORT" into host and port. */
static int split_listen(const char *spec, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon;
	size_t n;

	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end || end[1] != ':')
			return -1;
		n = (size_t)(end - spec - 1);
		if (n >= hlen)
			return -1;
		memcpy(host, spec + 1, n);
		colon = end + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - spec);
		if (n >= hlen)
			return -1;
		memcpy(host, spec, n);
	}
	host[n] = '\0';
	if (!colon[1] || strlen(colon + 1) >= plen)
		return -1;
	strcpy(port, colon + 1);
	return 0;
}

static int listen_on(const char *spec)
{
	char host[256], port[16];
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res = NULL;

	if (split_listen(spec, host, sizeof host, port, sizeof port) < 0) {
		fprintf(stderr, "vrpsh: --vty-listen %s: expected ADDR:PORT\n", spec);
		return -1;
	}
	int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "vrpsh: --vty-listen %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	int fd = -1, err = 0;
	for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, a->ai_addr, a->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0) {
			err = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr, "vrpsh: --vty-listen %s: %s\n", spec, strerror(err ? err : EINVAL));
		return -1;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char h[INET6_ADDRSTRLEN + 2], p[16];
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    getnameinfo((struct sockaddr *)&ss, sl, h, sizeof h, p, sizeof p,
			NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
		printf(ss.ss_family == AF_INET6 ? "vrpsh: listening on [%s]:%s\n"
						: "vrpsh: listening on %s:%s\n",
		       h, p);
		fflush(stdout);
	}
	return fd;
}

/* ---- the login configuration ------------------------------------------- */

/* The login configuration as of now: read again when its file changed. */
static cfg_db *logincfg(void)
{
	char err[512];
	store_logincfg_ver v;

	if (!srv.o->state_dir)
		return srv.sh->db;
	if (!store_logincfg_version(srv.o->state_dir, &v))
		return srv.logincfg;
	if (srv.lc_known && store_logincfg_same(&v, &srv.lc_ver))
		return srv.logincfg;
	cfg_db *db = vsh_logincfg_load(srv.o->state_dir, srv.sh->vs, srv.o->model,
				       srv.o->low_latency, err, sizeof err);
	if (!db) {
		fprintf(stderr, "vrpsh: %s\n", err);
		return srv.logincfg;
	}
	if (srv.own_logincfg)
		cfg_db_free(srv.logincfg);
	srv.logincfg = db;
	srv.own_logincfg = true;
	srv.lc_ver = v;
	srv.lc_known = true;
	return db;
}

/* ---- the connections' processes ------------------------------------------ */

static kid *kid_of(pid_t pid)
{
	for (int i = 0; i < MAX_KIDS; i++)
		if (srv.kids[i].st != KID_FREE && srv.kids[i].pid == pid)
			return &srv.kids[i];
	return NULL;
}

static void kid_drop(kid *k)
{
	if (k->client >= 0)
		close(k->client);
	memset(k, 0, sizeof *k);
	k->client = -1;
}

static bool logging_in(const kid *k)
{
	return k->st == KID_WAITING || k->st == KID_TYPING || k->st == KID_AUTHED;
}

static void refuse(int fd)
{
	char msg[128];
	int n = snprintf(msg, sizeof msg, "%s\r\n", cli_login_full_msg);
	(void)!send(fd, msg, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(fd, SHUT_RDWR);
}

/* End a process now and wait for it: the count of processes holds. */
static void kid_kill(kid *k, bool tell)
{
	kill(k->pid, SIGKILL);
	while (waitpid(k->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (tell && k->client >= 0)
		refuse(k->client);
	kid_drop(k);
}

static void reap(void)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		kid *k = kid_of(pid);
		if (k)
			kid_drop(k);
	}
}

static void read_news(void)
{
	cli_vty_msg m;

	while (read(srv.news[0], &m, sizeof m) == (ssize_t)sizeof m) {
		kid *k = kid_of((pid_t)m.pid);
		if (!k)
			continue;
		if (m.news == CLI_VTY_NEWS_TYPING && k->st == KID_WAITING)
			k->st = KID_TYPING;
		else if (m.news == CLI_VTY_NEWS_AUTHED && logging_in(k))
			k->st = KID_AUTHED;
		else if (m.news == CLI_VTY_NEWS_SESSION) {
			k->st = KID_SESSION;
			if (k->client >= 0)
				close(k->client);
			k->client = -1;
		}
	}
}

static int64_t min_left(int64_t next, int64_t left)
{
	return next < 0 || left < next ? left : next;
}

static void room_drop(int i, bool tell)
{
	if (tell)
		refuse(srv.room[i].fd);
	close(srv.room[i].fd);
	memmove(&srv.room[i], &srv.room[i + 1], (size_t)(srv.nroom - i - 1) * sizeof srv.room[0]);
	srv.nroom--;
}

/* Kill logins past their deadline (their own process ends them at the
 * deadline; this is for one that hangs); refuse connections that waited
 * for a place as long as a login may take.  Returns the milliseconds to
 * the next deadline, -1 for none. */
static int64_t expire(void)
{
	int64_t now = cli_vty_now_ms(), login = cli_vty_login_ms(), next = -1;

	for (int i = 0; i < MAX_KIDS; i++) {
		kid *k = &srv.kids[i];
		if (k->st != KID_WAITING && k->st != KID_TYPING)
			continue;
		int64_t left = k->since + login + DEADLINE_GRACE_MS - now;
		if (left <= 0)
			kid_kill(k, false);
		else
			next = min_left(next, left);
	}
	for (int i = 0; i < srv.nroom;) {
		int64_t left = srv.room[i].since + login - now;
		if (left <= 0) {
			room_drop(i, true);
			continue;
		}
		next = min_left(next, left);
		i++;
	}
	return next;
}

/* The login that has waited longest for its user name, past
 * EVICT_AGE_MS; NULL when there is none.  *wait gets the milliseconds
 * until one will be (-1: none will). */
static kid *idlest(int64_t *wait)
{
	int64_t now = cli_vty_now_ms();
	kid *oldest = NULL;

	for (int i = 0; i < MAX_KIDS; i++) {
		kid *k = &srv.kids[i];
		if (k->st == KID_WAITING && (!oldest || k->started < oldest->started))
			oldest = k;
	}
	*wait = -1;
	if (!oldest)
		return NULL;
	if (now - oldest->started >= EVICT_AGE_MS)
		return oldest;
	*wait = oldest->started + EVICT_AGE_MS - now;
	return NULL;
}

static void child(int client, int64_t deadline)
{
	char peer[48] = "";
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	close(srv.lfd);
	close(srv.news[0]);
	close(srv.wake[0]);
	close(srv.wake[1]);
	for (int i = 0; i < MAX_KIDS; i++)
		if (srv.kids[i].client >= 0)
			close(srv.kids[i].client);
	for (int i = 0; i < srv.nroom; i++)
		close(srv.room[i].fd);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	if (getpeername(client, (struct sockaddr *)&ss, &sl) == 0)
		getnameinfo((struct sockaddr *)&ss, sl, peer, sizeof peer, NULL, 0, NI_NUMERICHOST);
	cli_vty_login_opts lo = {
		.client = client, .logincfg = srv.logincfg, .online = srv.online,
		.state_dir = srv.o->state_dir, .news_fd = srv.news[1], .deadline_ms = deadline,
		.peer = peer,
	};
	static cli_vty_login login;
	int rc = CLI_EXIT_FAIL;
	if (cli_vty_login_run(&lo, &login) == 0)
		rc = cli_vty_session_run(srv.sh, srv.o, srv.online, client, peer, srv.news[1],
					 &login);
	explicit_bzero(&login, sizeof login);
	shutdown(client, SHUT_RDWR);
	close(client);
	store_online_close(srv.online);
	_exit(rc);
}

/* Are all VTYs up to maximum-vty taken by sessions? */
static bool vtys_full(void)
{
	int max = vsh_ui_max_vty(logincfg());

	if (max > STORE_ONLINE_MAX_VTY)
		max = STORE_ONLINE_MAX_VTY;
	return max <= 0 ||
	       store_online_count(srv.online, STORE_ONLINE_VTY(0), STORE_ONLINE_VTY(max - 1)) >= max;
}

static void spawn(int c, int64_t since)
{
	kid *slot = NULL;
	for (int i = 0; i < MAX_KIDS && !slot; i++)
		if (srv.kids[i].st == KID_FREE)
			slot = &srv.kids[i];
	pid_t server = getpid();
	pid_t pid = slot ? fork() : -1;
	if (pid == 0) {
		/* A session does not outlive its server. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != server)
			_exit(CLI_EXIT_FAIL);
		child(c, since + cli_vty_login_ms());
	}
	if (pid < 0) {
		refuse(c);
		close(c);
		return;
	}
	*slot = (kid){ KID_WAITING, pid, c, since, cli_vty_now_ms() };
}

/* Give free login places to the connections waiting, newest first,
 * making room where a login has not started typing.  Returns the
 * milliseconds until room can be made again (-1: nothing to wait for). */
static int64_t dispatch(void)
{
	int64_t wait = -1;

	while (srv.nroom > 0) {
		if (vtys_full()) {
			while (srv.nroom > 0)
				room_drop(srv.nroom - 1, true);
			break;
		}
		int pending = 0, used = 0;
		for (int i = 0; i < MAX_KIDS; i++) {
			pending += logging_in(&srv.kids[i]);
			used += srv.kids[i].st != KID_FREE;
		}
		if (pending >= CLI_VTY_PENDING_MAX || used >= MAX_KIDS) {
			kid *k = idlest(&wait);
			if (!k)
				break;
			kid_kill(k, true);
			continue;
		}
		int c = srv.room[srv.nroom - 1].fd;
		int64_t since = srv.room[srv.nroom - 1].since;
		srv.nroom--;
		spawn(c, since);
	}
	return srv.nroom > 0 ? wait : -1;
}

/* A new connection: refused at once when every VTY has a session, else
 * into the room. */
static void admit(int c)
{
	if (vtys_full()) {
		refuse(c);
		close(c);
		return;
	}
	if (srv.nroom == ROOM_MAX)
		room_drop(0, true);
	srv.room[srv.nroom].fd = c;
	srv.room[srv.nroom].since = cli_vty_now_ms();
	srv.nroom++;
}

/* A server nobody can log in to says why, once, at start (the factory
 * configuration has no local user). */
static void warn_no_login(cfg_db *db)
{
	vsh_ui_conf ui;
	const char *why = NULL;

	vsh_ui_get(db, 0, &ui);
	if (ui.auth == VSH_AUTH_PASSWORD && !ui.password[0])
		why = "the VTYs authenticate with a password and none is set (user-interface vty "
		      "0 4, set authentication password cipher PASSWORD)";
	else if (ui.auth == VSH_AUTH_PASSWORD &&
		 vsh_aaa_is_device_cipher(ui.password, 1, sizeof ui.password))
		why = "the VTYs' password is a device ciphertext, which cannot be checked here "
		      "(set authentication password cipher PASSWORD in plain text)";
	else if (ui.auth == VSH_AUTH_AAA && !vsh_aaa_any_login(db, VSH_AAA_SVC_TELNET))
		why = "no local user has a password and service-type telnet (aaa, local-user NAME "
		      "password irreversible-cipher PASSWORD, local-user NAME service-type "
		      "telnet)";
	if (why)
		fprintf(stderr, "vrpsh: warning: nobody can log in yet: %s\n", why);
}

int cli_vty_serve(cli_shell *sh, const cli_opts *o, const char *spec)
{
	char err[512];

	memset(&srv, 0, sizeof srv);
	for (int i = 0; i < MAX_KIDS; i++)
		srv.kids[i].client = -1;
	srv.sh = sh;
	srv.o = o;
	srv.logincfg = sh->db;
	srv.lfd = listen_on(spec);
	if (srv.lfd < 0)
		return CLI_EXIT_FAIL;
	warn_no_login(sh->db);
	fcntl(srv.lfd, F_SETFL, fcntl(srv.lfd, F_GETFL) | O_NONBLOCK);
	/* With a state directory every session opens it itself; the server is
	 * not a session and lets go of it, after making sure the login
	 * configuration is there and current. */
	if (o->state_dir) {
		if (vsh_logincfg_refresh(&sh->s, err, sizeof err) != 0)
			fprintf(stderr, "vrpsh: %s\n", err);
		vsh_store_detach(&sh->s);
		logincfg();
	}
	srv.online = o->state_dir ? cli_login_table(o->state_dir) : store_online_open(NULL);
	if (!srv.online || pipe2(srv.news, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    pipe2(srv.wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		fprintf(stderr, "vrpsh: cannot start the VTY server: %s\n", strerror(errno));
		close(srv.lfd);
		return CLI_EXIT_FAIL;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	while (!stop_server) {
		reap();
		read_news();
		int64_t next = expire();
		int64_t room = dispatch();
		if (room >= 0)
			next = min_left(next, room);
		int timeout = next < 0 ? -1 : next > 60000 ? 60000 : (int)next + 1;
		struct pollfd p[3] = { { .fd = srv.lfd, .events = POLLIN },
				       { .fd = srv.news[0], .events = POLLIN },
				       { .fd = srv.wake[0], .events = POLLIN } };
		int rc = poll(p, 3, timeout);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc <= 0)
			continue;
		if (p[2].revents) {
			char buf[64];
			while (read(srv.wake[0], buf, sizeof buf) > 0)
				;
		}
		if (p[1].revents)
			read_news();
		if (!(p[0].revents & POLLIN))
			continue;
		for (int n = 0; n < ACCEPTS_PER_ROUND && !stop_server; n++) {
			int c = accept4(srv.lfd, NULL, NULL, SOCK_CLOEXEC);
			if (c < 0) {
				if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
					usleep(100000); /* let it pass */
				break;
			}
			reap();
			read_news();
			admit(c);
			dispatch();
		}
	}
	for (int i = 0; i < MAX_KIDS; i++)
		if (srv.kids[i].client >= 0)
			close(srv.kids[i].client);
	while (srv.nroom > 0)
		room_drop(srv.nroom - 1, false);
	close(srv.lfd);
	store_online_close(srv.online);
	if (srv.own_logincfg)
		cfg_db_free(srv.logincfg);
	return CLI_EXIT_OK;
}
