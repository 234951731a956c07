/* vrp-sockd: options, start-up and the event loop.
 *
 * Start-up order: map file, the daemon's own namespace, the netlink port
 * (a second daemon stops here), the full sync from the state directory or
 * --config, then the daemon detaches (unless --foreground) and serves. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../store/store.h"
#include "sockd.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "unknown"
#endif

#define TXN_IDLE_MS 60000

static int epfd = -1;

uint64_t sockd_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int sockd_poll_add(int fd, uint32_t events, sockd_fd *who)
{
	struct epoll_event ev = { .events = events, .data.ptr = who };
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int sockd_poll_mod(int fd, uint32_t events, sockd_fd *who)
{
	struct epoll_event ev = { .events = events, .data.ptr = who };
	return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

void sockd_poll_del(int fd)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* ---- options ----------------------------------------------------------------- */

struct opts {
	uint32_t port_id;
	const char *state_dir;
	const char *config;
	const char *ifmap;
	const char *allow_group;
	bool foreground;
	int verbose;
	unsigned retry_max_s;
	unsigned connect_timeout_s;
};

enum {
	OPT_PORT = 256, OPT_STATE, OPT_CONFIG, OPT_IFMAP, OPT_GROUP, OPT_FG, OPT_RETRY, OPT_CTO,
};

static const struct option long_opts[] = {
	{ "port-id", required_argument, NULL, OPT_PORT },
	{ "state-dir", required_argument, NULL, OPT_STATE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "ifmap", required_argument, NULL, OPT_IFMAP },
	{ "allow-group", required_argument, NULL, OPT_GROUP },
	{ "foreground", no_argument, NULL, OPT_FG },
	{ "retry-max", required_argument, NULL, OPT_RETRY },
	{ "connect-timeout", required_argument, NULL, OPT_CTO },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vrp-sockd [OPTION]...\n"
		"Open the BGP TCP sessions of vrpsh's connect-interface bindings.\n"
		"\n"
		"      --port-id N          netlink port id to serve (default %u)\n"
		"      --state-dir DIR      load the running configuration from vrpsh's state\n"
		"                           directory DIR at start (default: $VRPSH_STATE_DIR,\n"
		"                           else vrpsh's default, /var/lib/vrpsh for root)\n"
		"      --config FILE        load it from a rendered configuration file instead\n"
		"      --ifmap FILE         VRP to Linux interface names (\"LoopBack0 lo\" lines)\n"
		"      --allow-group GROUP  also accept requests from members of GROUP\n"
		"      --foreground         stay in the foreground and log to standard error\n"
		"      --retry-max SECONDS  longest back-off between connection attempts\n"
		"                           (default 32)\n"
		"      --connect-timeout SECONDS\n"
		"                           give up a connection attempt after this (default 10)\n"
		"  -v, --verbose            log every session state change\n"
		"  -h, --help               show this help and exit\n"
		"  -V, --version            show the version and exit\n",
		VRPSOCK_DEFAULT_PORT_ID);
}

static bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct opts *o)
{
	unsigned long v;

	memset(o, 0, sizeof *o);
	o->port_id = VRPSOCK_DEFAULT_PORT_ID;
	o->retry_max_s = 32;
	o->connect_timeout_s = 10;
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, ":vhV", long_opts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case OPT_PORT:
			if (!parse_uint(optarg, 1, UINT32_MAX, &v)) {
				fprintf(stderr, "vrp-sockd: --port-id: '%s' is not a port id\n", optarg);
				return 2;
			}
			o->port_id = (uint32_t)v;
			break;
		case OPT_STATE:
			o->state_dir = optarg;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_IFMAP:
			o->ifmap = optarg;
			break;
		case OPT_GROUP:
			o->allow_group = optarg;
			break;
		case OPT_FG:
			o->foreground = true;
			break;
		case OPT_RETRY:
			if (!parse_uint(optarg, 1, 3600, &v)) {
				fprintf(stderr, "vrp-sockd: --retry-max: 1 to 3600 seconds\n");
				return 2;
			}
			o->retry_max_s = (unsigned)v;
			break;
		case OPT_CTO:
			if (!parse_uint(optarg, 1, 600, &v)) {
				fprintf(stderr, "vrp-sockd: --connect-timeout: 1 to 600 seconds\n");
				return 2;
			}
			o->connect_timeout_s = (unsigned)v;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vrp-sockd %s\n", VRPSH_VERSION);
			return 0;
		case ':':
			fprintf(stderr, "vrp-sockd: option '%s' needs an argument\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "vrp-sockd: unknown option '%s'\n", argv[optind - 1]);
			fprintf(stderr, "Try 'vrp-sockd --help' for more information.\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vrp-sockd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (o->config && o->state_dir) {
		fprintf(stderr, "vrp-sockd: --config and --state-dir exclude each other\n");
		return 2;
	}
	return -1;
}

/* ---- start-up ------------------------------------------------------------------ */

static int detach(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -1;
	if (chdir("/") != 0)
		return -1;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

static void kick_one(sockd_peer *p, void *arg)
{
	(void)arg;
	sockd_sess_kick(sockd_peer_sess(p));
}

static sockd_ifmap *ifmap;
static sockd_fd signal_fdk = { FD_SIGNAL };

static void reload_ifmap(const char *path)
{
	char err[512];
	sockd_ifmap *m;

	if (!path)
		return;
	if (sockd_ifmap_load(path, &m, err, sizeof err) != 0) {
		sockd_log(LOG_ERR, "ifmap not reloaded: %s", err);
		return;
	}
	sockd_sess_set_ifmap(m);
	sockd_ifmap_free(ifmap);
	ifmap = m;
	sockd_log(LOG_INFO, "ifmap %s reloaded", path);
}

/* The state directory the bindings came from (NULL with --config). */
static const char *state_dir;

/* A trial commit whose deadline passed while no vrpsh was running is
 * reverted here, as any vrpsh would on start.  Returns whether it was. */
static bool revert_due_trial(void)
{
	char err[512];

	if (!state_dir)
		return false;
	int rc = store_revert_due_trial(state_dir, store_now(), err, sizeof err);
	if (rc < 0)
		sockd_log(LOG_ERR, "trial revert: %s", err);
	else if (rc > 0)
		sockd_log(LOG_INFO, "trial commit expired: configuration reverted");
	return rc > 0;
}

/* While serving, the bindings then follow the reverted configuration. */
static void revert_due_trial_and_sync(void)
{
	char err[512];

	if (revert_due_trial() && sockd_load_state_dir(state_dir, err, sizeof err) != 0)
		sockd_log(LOG_ERR, "resync after the trial revert: %s", err);
}

/* Returns the exit status. */
static int serve(const struct opts *o, int sfd)
{
	uint64_t last_expire = sockd_now_ms();
	struct epoll_event ev[64];

	for (;;) {
		if (sockd_net_changed()) {
			sockd_log(LOG_DEBUG, "links or addresses changed: idle sessions try again");
			sockd_store_foreach_peer(kick_one, NULL);
		}
		int timeout = sockd_sess_run_timers();
		if (sockd_sess_fatal())
			return 1;
		uint64_t now = sockd_now_ms();
		if (now - last_expire >= 1000) {
			sockd_txn_expire(TXN_IDLE_MS);
			revert_due_trial_and_sync();
			last_expire = now;
		}
		/* Clients with answers waiting are looked at again soon. */
		int flush_ms = sockd_server_flush() ? 10 : 1000;
		if (timeout < 0 || timeout > flush_ms)
			timeout = flush_ms;
		int n = epoll_wait(epfd, ev, 64, timeout);
		if (n < 0 && errno != EINTR) {
			sockd_log(LOG_ERR, "epoll: %s", strerror(errno));
			return 1;
		}
		for (int i = 0; i < n; i++) {
			sockd_fd *who = ev[i].data.ptr;
			switch (who->kind) {
			case FD_SERVER:
				sockd_server_event();
				break;
			case FD_NETNS:
				sockd_net_event(who);
				break;
			case FD_SESSION:
				sockd_sess_event((sockd_sess *)(void *)who, ev[i].events);
				break;
			case FD_SIGNAL: {
				struct signalfd_siginfo si;
				while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
					if (si.ssi_signo == SIGHUP) {
						reload_ifmap(o->ifmap);
						continue;
					}
					sockd_log(LOG_INFO, "signal %u: stopping", si.ssi_signo);
					return 0;
				}
				break;
			}
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	char err[1024];
	int rc = parse_options(argc, argv, &o);
	int sfd = -1;

	if (rc >= 0)
		return rc;
	sockd_log_open(true, o.verbose);
	signal(SIGPIPE, SIG_IGN);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	rc = 1;
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		fprintf(stderr, "vrp-sockd: epoll: %s\n", strerror(errno));
		return 1;
	}
	if (sockd_ifmap_load(o.ifmap, &ifmap, err, sizeof err) != 0) {
		fprintf(stderr, "vrp-sockd: --ifmap %s\n", err);
		goto out;
	}
	sockd_sess_opts so = { 1000, o.retry_max_s * 1000u, o.connect_timeout_s * 1000u, ifmap };
	sockd_sess_setup(&so);
	sockd_store_init();
	if (sockd_net_init(err, sizeof err) != 0) {
		fprintf(stderr, "vrp-sockd: %s\n", err);
		goto out;
	}
	sockd_server_opts sv = { o.port_id, o.allow_group };
	if (sockd_server_open(&sv, err, sizeof err) != 0) {
		fprintf(stderr, "vrp-sockd: %s\n", err);
		goto out;
	}
	if (o.config) {
		if (sockd_load_config(o.config, err, sizeof err) != 0) {
			fprintf(stderr, "vrp-sockd: --config %s\n", err);
			goto out;
		}
	} else {
		/* The state directory vrpsh uses: --state-dir, else
		 * $VRPSH_STATE_DIR, else the per-user (root: /var/lib/vrpsh)
		 * default. */
		static char dflt[4096];
		const char *dir = o.state_dir ? o.state_dir : getenv("VRPSH_STATE_DIR");
		if ((!dir || !*dir) && store_default_dir(dflt, sizeof dflt) == 0)
			dir = dflt;
		if (!dir || !*dir) {
			fprintf(stderr, "vrp-sockd: no state directory (use --state-dir)\n");
			goto out;
		}
		state_dir = dir;
		revert_due_trial();
		if (sockd_load_state_dir(dir, err, sizeof err) != 0) {
			fprintf(stderr, "vrp-sockd: state directory %s\n", err);
			goto out;
		}
		sockd_log(LOG_INFO, "running configuration loaded from %s", dir);
	}
	if (!o.foreground) {
		if (detach() != 0) {
			fprintf(stderr, "vrp-sockd: cannot detach: %s\n", strerror(errno));
			goto out;
		}
		sockd_log_open(false, o.verbose);
	}
	/* Made after detaching: a signalfd watched by epoll is woken through
	 * the process that registered it. */
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0 || sockd_poll_add(sfd, EPOLLIN, &signal_fdk) != 0) {
		sockd_log(LOG_ERR, "signalfd: %s", strerror(errno));
		goto out;
	}
	size_t nb, np;
	sockd_store_counts(&nb, &np);
	sockd_log(LOG_INFO, "serving netlink port id %u: %zu binding%s, %zu peer%s",
		  (unsigned)o.port_id, nb, nb == 1 ? "" : "s", np, np == 1 ? "" : "s");
	rc = serve(&o, sfd);
out:
	sockd_txn_fini();
	sockd_store_fini();
	sockd_server_close();
	sockd_net_fini();
	sockd_ifmap_free(ifmap);
	if (sfd >= 0)
		close(sfd);
	close(epfd);
	return rc;
}
