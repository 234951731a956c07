/* Configuration-layer micro benchmark: builds a configuration shaped like
 * bench/genconf's (VPN instances, LoopBacks, BGP VPN families with groups)
 * straight through cfg_set, commits it, renders it to a counting callback,
 * and prints time and memory per line.  Each size runs in a child process
 * of its own so that its peak RSS is its own.
 *
 * usage: cfg_bench [LINES...]      (default: 30000 300000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config/cfg.h"

#define GROUPS_PER_VPN 100

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "cfg_bench: %s: %s\n", what, err);
	exit(1);
}

static cfg_entry *set(cfg_db *db, cfg_entry *parent, const char *text, size_t idlen,
		      uint32_t cls, uint64_t key, uint32_t sub, unsigned flags)
{
	char err[160];
	cfg_entry *e;
	cfg_order o = { cls, key, sub };
	if (cfg_set(db, parent, text, idlen, o, flags, &e, err, sizeof err) != 0)
		die(text, err);
	return e;
}

struct counter {
	size_t lines, bytes;
};

static void count(void *arg, const char *line, size_t len)
{
	struct counter *c = arg;
	c->lines++;
	c->bytes += len + (size_t)(line[0] == '#');
}

/* Build about `lines` configuration lines; returns the exact number. */
static size_t build(cfg_db *db, size_t lines)
{
	cfg_entry *root = cfg_root(db);
	char buf[128];
	size_t n = 2;
	set(db, root, "sysname HUAWEI", 7, 10, 0, 0, 0);
	cfg_entry *bgp = set(db, root, "bgp 100", 7, 60, 0, 0, CFG_F_SECTION | CFG_F_SEP_CHILDREN);
	/* per VPN instance: 3 + 2 (a LoopBack of its own while there are
	 * fewer than 1024) + 1 lines, and 3 per group */
	for (size_t v = 1; n < lines; v++) {
		size_t fixed = v < 1024 ? 6 : 4;
		size_t groups = lines > n + fixed ? (lines - n - fixed + 2) / 3 : 1;
		groups = groups < GROUPS_PER_VPN ? groups : GROUPS_PER_VPN;
		unsigned lb = (unsigned)(v % 1024);
		snprintf(buf, sizeof buf, "ip vpn-instance vpn%zu", v);
		cfg_entry *vpn = set(db, root, buf, strlen(buf), 30, v, 0, CFG_F_SECTION);
		cfg_entry *af = set(db, vpn, "ipv6-family", 11, 2, 0, 0, CFG_F_SECTION);
		snprintf(buf, sizeof buf, "route-distinguisher 100:%zu", v);
		set(db, af, buf, 19, 1, 0, 0, 0);
		char ifname[48];
		int ifl = snprintf(ifname, sizeof ifname, "interface LoopBack%u", lb);
		cfg_entry *ifc = cfg_get(db, root, ifname, (size_t)ifl, CFG_CANDIDATE);
		if (!ifc) {
			ifc = set(db, root, ifname, (size_t)ifl, 40, lb, 0, CFG_F_SECTION);
			snprintf(buf, sizeof buf, "ip address 10.%zu.%zu.%zu 255.255.255.255",
				 (v >> 16) & 255, (v >> 8) & 255, v & 255);
			set(db, ifc, buf, 10, 5, 0, 0, 0);
			n += 2;
		}
		snprintf(buf, sizeof buf, "ipv6-family vpn-instance vpn%zu", v);
		cfg_entry *fam = set(db, bgp, buf, strlen(buf), 20, v, 0, CFG_F_SECTION);
		n += 4;
		for (size_t g = 1; g <= groups; g++) {
			int k = snprintf(buf, sizeof buf, "group g%zu external", g);
			cfg_entry *ge = set(db, fam, buf, (size_t)k - 9, 10, CFG_KEY_SEQ, 0, 0);
			uint64_t key = cfg_seq(ge);
			/* a view checks that the group exists before a peer line */
			if (!cfg_get(db, fam, buf, (size_t)k - 9, CFG_CANDIDATE))
				die(buf, "group lookup failed");
			k = snprintf(buf, sizeof buf, "peer g%zu as-number 200", g);
			cfg_entry *as = set(db, fam, buf, (size_t)k - 4, 10, key, 1, 0);
			k = snprintf(buf, sizeof buf, "peer g%zu connect-interface LoopBack%u", g, lb);
			size_t idl = (size_t)(strchr(buf + 5, ' ') - buf) + 18;
			/* and that the interface exists before connect-interface */
			if (!cfg_get(db, root, ifname, (size_t)ifl, CFG_CANDIDATE))
				die(ifname, "interface lookup failed");
			cfg_entry *ci = set(db, fam, buf, idl, 10, key, 2, 0);
			if (cfg_own(ge, as) || cfg_own(ge, ci))
				die("cfg_own", "out of memory");
			n += 3;
		}
	}
	return n;
}

static void run(size_t want)
{
	char err[160];
	long rss0 = rss_bytes();
	cfg_db *db = cfg_db_new();
	if (!db)
		die("cfg_db_new", "out of memory");

	double t0 = now();
	size_t lines = build(db, want);
	double t1 = now();
	if (cfg_commit(db, err, sizeof err) != 0)
		die("commit", err);
	double t2 = now();
	long rss1 = rss_bytes();
	struct counter c = { 0, 0 };
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		c.lines = c.bytes = 0;
		double a = now();
		cfg_render(db, CFG_RUNNING, count, &c);
		double b = now() - a;
		best = b < best ? b : best;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	cfg_db_free(db);

	printf("cfg_bench lines=%zu insert_ns_per_line=%.0f commit_ns_per_line=%.0f "
	       "render_lines=%zu render_ns_per_line=%.1f render_lines_per_s=%.0f "
	       "rss_bytes_per_line=%.1f peak_rss_bytes_per_line=%.1f\n",
	       lines, (t1 - t0) * 1e9 / (double)lines, (t2 - t1) * 1e9 / (double)lines, c.lines,
	       best * 1e9 / (double)c.lines, (double)c.lines / best,
	       (double)(rss1 - rss0) / (double)lines,
	       ((double)ru.ru_maxrss * 1024.0 - (double)rss0) / (double)lines);
}

int main(int argc, char **argv)
{
	size_t sizes[16];
	int ns = 0;
	for (int i = 1; i < argc && ns < 16; i++) {
		char *end;
		unsigned long long v = strtoull(argv[i], &end, 10);
		if (*end || v == 0 || v > 100000000ULL) {
			fprintf(stderr, "usage: cfg_bench [LINES...]\n");
			return 2;
		}
		sizes[ns++] = (size_t)v;
	}
	if (ns == 0) {
		sizes[ns++] = 30000;
		sizes[ns++] = 300000;
	}
	fflush(stdout);
	for (int i = 0; i < ns; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("cfg_bench: fork");
			return 1;
		}
		if (pid == 0) {
			run(sizes[i]);
			fflush(stdout);
			_exit(0);
		}
		int st;
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			return 1;
	}
	return 0;
}
