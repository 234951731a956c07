/* Backend benchmark: one commit that adds N peer groups, each with a
 * connect-interface binding, pushed to a real vrp-sockd and acknowledged;
 * then one commit that adds a peer to each group (N sessions); then one
 * commit that adds N IPv4 peers of the BGP view (public instance) and N
 * IPv6 peers of a VPN instance's IPv6 family, each with its own
 * connect-interface binding (2N bindings and 2N peers), and one that
 * removes them (best of three rounds).  Prints the commit times, bindings
 * (peers) per second end to end, and the daemon's resident memory per
 * binding (per peer).  No session connects: the interfaces exist in
 * neither instance.
 *
 * usage: backend_bench [-n N] [VRP_SOCKD]
 *   VRP_SOCKD defaults to ../vrp-sockd next to this program (BUILD/bench/). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/client.h"
#include "views/bgp_backend.h"
#include "shell/session.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "backend_bench: %s: %s\n", what, why);
	exit(1);
}

/* Output of the commands: kept for an error message. */
static char last_out[512];

static void sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	snprintf(last_out, sizeof last_out, "%.*s", (int)len, buf);
}

static int no_answer(void *ctx, char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return -1;
}

static void run(vsh_session *s, const char *line)
{
	if (vsh_exec(s, line, strlen(line), 0) != 0) {
		fprintf(stderr, "%s", last_out);
		die("command failed", line);
	}
}

struct count {
	size_t bindings, peers;
};

static int count_rec(void *arg, const vrpsock_op *r)
{
	struct count *c = arg;
	if (r->type == VRPSOCK_MSG_BINDING)
		c->bindings++;
	else
		c->peers++;
	return 0;
}

static struct count daemon_counts(uint32_t port)
{
	nlb_client_opts o = { port, 10000 };
	nlb_client *c = nlb_client_new(&o);
	struct count n = { 0, 0 };
	char err[256];
	if (nlb_dump(c, NULL, NULL, count_rec, &n, err, sizeof err) != NLB_OK)
		die("dump", err);
	nlb_client_free(c);
	return n;
}

/* The lines that add (or remove) n IPv4 peers of the BGP view and n IPv6
 * peers of vpn1's IPv6 family, each with its binding; from the BGP view,
 * back to it. */
static void mixed_lines(vsh_session *s, unsigned long n, bool del)
{
	char line[128], addr[48];

	for (unsigned long i = 0; i < n; i++) {
		snprintf(addr, sizeof addr, "10.%lu.%lu.%lu", 100 + (i >> 16), (i >> 8) & 0xff,
			 i & 0xff);
		if (del) {
			snprintf(line, sizeof line, "undo peer %s", addr);
			run(s, line);
			continue;
		}
		snprintf(line, sizeof line, "peer %s as-number 65001", addr);
		run(s, line);
		snprintf(line, sizeof line, "peer %s connect-interface LoopBack 1", addr);
		run(s, line);
	}
	run(s, "ipv6-family vpn-instance vpn1");
	for (unsigned long i = 0; i < n; i++) {
		snprintf(addr, sizeof addr, "2001:db8:ff%02lx:%lx::2", i >> 16, i & 0xffff);
		if (del) {
			snprintf(line, sizeof line, "undo peer %s", addr);
			run(s, line);
			continue;
		}
		snprintf(line, sizeof line, "peer %s as-number 65001", addr);
		run(s, line);
		snprintf(line, sizeof line, "peer %s connect-interface LoopBack 0", addr);
		run(s, line);
	}
	run(s, "quit");
}

int main(int argc, char **argv)
{
	unsigned long n = 10000;
	const char *sockd = NULL;
	char defpath[PATH_MAX];
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || (n = strtoul(optarg, NULL, 10)) == 0)
			die("usage", "backend_bench [-n N] [VRP_SOCKD]");
	}
	if (optind < argc) {
		sockd = argv[optind];
	} else {
		char self[PATH_MAX];
		ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
		if (k <= 0)
			die("cannot find myself", strerror(errno));
		self[k] = '\0';
		snprintf(defpath, sizeof defpath, "%s/../vrp-sockd", dirname(self));
		sockd = defpath;
	}

	uint32_t port = 0x56540000u + (uint32_t)getpid() % 60000u;
	char portarg[16];
	snprintf(portarg, sizeof portarg, "%u", (unsigned)port);
	pid_t pid = fork();
	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(sockd, sockd, "--foreground", "--port-id", portarg, "--config", "/dev/null",
		      (char *)NULL);
		_exit(127);
	}
	/* Wait until it answers. */
	nlb_client_opts o = { port, 2000 };
	nlb_client *probe = nlb_client_new(&o);
	struct count none = { 0, 0 };
	char err[256];
	int up = 0;
	for (int i = 0; i < 100 && !up; i++) {
		up = nlb_dump(probe, NULL, NULL, count_rec, &none, err, sizeof err) == NLB_OK;
		if (!up)
			usleep(50000);
	}
	nlb_client_free(probe);
	if (!up) {
		kill(pid, SIGTERM);
		die(sockd, "did not start");
	}
	long rss0 = rss_kb(pid);

	cfg_db *db = cfg_db_new();
	view_set *vs = view_set_build(model_default(), false, err, sizeof err);
	if (!db || !vs || vsh_db_init(db, err, sizeof err) != 0)
		die("setup", err);
	vsh_session s;
	vsh_io io = { .write = sink, .ask = no_answer, .ctx = NULL };
	if (vsh_session_init(&s, db, vs, model_default(), false, LEVEL_MANAGE, io) != 0)
		die("setup", "session");
	s.batch = true;
	bgp_backend_opts bo = { true, port, 10000 };
	if (bgp_backend_attach(&s, &bo, err, sizeof err) != 0)
		die("attach", err);

	static const char *const setup[] = {
		"system-view", "ip vpn-instance vpn1", "ipv6-family", "route-distinguisher 100:1",
		"quit", "quit", "interface LoopBack 0", "ip binding vpn-instance vpn1", "quit",
		"interface LoopBack 1", "quit", "bgp 100",
		"ipv6-family vpn-instance vpn1", NULL,
	};
	for (int i = 0; setup[i]; i++)
		run(&s, setup[i]);
	if (vsh_commit(&s) != 0)
		die("commit", "setup");

	char line[128];
	double t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		snprintf(line, sizeof line, "group g%lu external", i);
		run(&s, line);
		snprintf(line, sizeof line, "peer g%lu connect-interface LoopBack 0", i);
		run(&s, line);
	}
	double t1 = now();
	if (vsh_commit(&s) != 0)
		die("commit", "groups");
	double t2 = now();
	struct count c1 = daemon_counts(port);
	long rss1 = rss_kb(pid);

	for (unsigned long i = 0; i < n; i++) {
		snprintf(line, sizeof line, "peer 2001:db8:%lx:%lx::2 as-number 65000", i >> 16,
			 i & 0xffff);
		run(&s, line);
		snprintf(line, sizeof line, "peer 2001:db8:%lx:%lx::2 group g%lu", i >> 16,
			 i & 0xffff, i);
		run(&s, line);
	}
	double t3 = now();
	if (vsh_commit(&s) != 0)
		die("commit", "peers");
	double t4 = now();
	struct count c2 = daemon_counts(port);
	long rss2 = rss_kb(pid);

	/* IPv4 and IPv6 peers with their own bindings, in one commit; then
	 * removed in one commit; best of three rounds. */
	run(&s, "quit");
	double best_add = 0, best_del = 0, lines_add = 0;
	struct count c3 = { 0, 0 }, c4 = { 0, 0 };
	long rss3 = 0;
	for (int round = 0; round < 3; round++) {
		for (int del = 0; del < 2; del++) {
			double l0 = now();
			mixed_lines(&s, n, del);
			double l1 = now();
			if (vsh_commit(&s) != 0)
				die("commit", del ? "IPv4 and IPv6 peers removed" : "IPv4 and IPv6 peers");
			double t = now() - l1;
			if (del) {
				best_del = round == 0 || t < best_del ? t : best_del;
				c4 = daemon_counts(port);
			} else {
				best_add = round == 0 || t < best_add ? t : best_add;
				lines_add = l1 - l0;
				c3 = daemon_counts(port);
				if (round == 0)
					rss3 = rss_kb(pid);
			}
		}
	}
	bool ok = c1.bindings == n && c2.peers == n && c3.bindings == 3 * n && c3.peers == 3 * n &&
		  c4.bindings == n && c4.peers == n;

	if (!ok)
		fprintf(stderr, "backend_bench: the daemon holds %zu, %zu, %zu bindings and %zu, %zu, "
				"%zu peers (expected %lu, %lu, %lu and %lu, %lu, %lu)\n",
			c1.bindings, c3.bindings, c4.bindings, c2.peers, c3.peers, c4.peers, n, 3 * n,
			n, n, 3 * n, n);
	if (c1.bindings != n || c2.peers != n)
		fprintf(stderr, "backend_bench: the daemon holds %zu bindings, %zu peers (expected %lu)\n",
			c1.bindings, c2.peers, n);
	printf("backend: %lu groups with bindings: lines %.3f s, commit to the daemon %.3f s "
	       "(%.0f bindings/s end to end); daemon RSS +%ld kB (%.0f bytes/binding)\n",
	       n, t1 - t0, t2 - t1, (double)n / (t2 - t1), rss1 - rss0,
	       (double)(rss1 - rss0) * 1024.0 / (double)n);
	printf("backend: %lu peers (sessions): lines %.3f s, commit to the daemon %.3f s "
	       "(%.0f peers/s end to end); daemon RSS +%ld kB (%.0f bytes/peer)\n",
	       n, t3 - t2, t4 - t3, (double)n / (t4 - t3), rss2 - rss1,
	       (double)(rss2 - rss1) * 1024.0 / (double)n);

	printf("backend: %lu IPv4 + %lu IPv6 peers with their bindings: lines %.3f s, commit to "
	       "the daemon %.3f s (%.0f bindings/s end to end, each with its peer); daemon RSS "
	       "+%ld kB (%.0f bytes/binding and peer)\n",
	       n, n, lines_add, best_add, 2.0 * (double)n / best_add, rss3 - rss2,
	       (double)(rss3 - rss2) * 1024.0 / (2.0 * (double)n));
	printf("backend: the same %lu peers removed in one commit: %.3f s (%.0f bindings/s end to "
	       "end); best of 3 rounds each\n", 2 * n, best_del, 2.0 * (double)n / best_del);

	bgp_backend_detach(&s);
	vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	return ok ? 0 : 1;
}
