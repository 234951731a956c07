/* Costs of the state directory on a configuration of a given size:
 * loading (checkpoint + journal), a commit that changes one line,
 * and `rollback configuration last 1` after it.
 *
 *   hist_bench DIR [COMMITS]
 *
 * DIR is a state directory already holding the configuration (bench/run
 * makes it with `vrpsh --state-dir DIR -f FILE`).  Prints one line of
 * key=value figures: load_s, commit_ms (median of COMMITS one-line
 * commits, default 51), rollback_ms (median of ROLLBACKS: one sync of the
 * disk is most of it, and one slow sync must not move the figure), lines
 * (of the running configuration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../views/store.h"
#include "../shell/session.h"

#define ROLLBACKS 21

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int yes(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	snprintf(buf, buflen, "y");
	return 0;
}

static void count_line(void *arg, const char *line, size_t len)
{
	(void)line, (void)len;
	(*(size_t *)arg)++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int run(vsh_session *s, const char *line)
{
	if (vsh_exec(s, line, strlen(line), 0) != 0) {
		fprintf(stderr, "hist_bench: '%s' failed\n", line);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char err[512];
	if (argc < 2) {
		fprintf(stderr, "usage: hist_bench DIR [COMMITS]\n");
		return 2;
	}
	int commits = argc > 2 ? atoi(argv[2]) : 51;
	if (commits < 1 || commits > 10000)
		commits = 51;

	double t0 = now_s();
	cfg_db *db = cfg_db_new();
	view_set *vs = db ? view_set_build(model_default(), false, err, sizeof err) : NULL;
	vsh_session s;
	vsh_io io = { .write = sink, .ask = yes, .ctx = NULL };
	if (!db || !vs || vsh_db_init(db, err, sizeof err) != 0 ||
	    vsh_session_init(&s, db, vs, model_default(), false, LEVEL_MANAGE, io) != 0) {
		fprintf(stderr, "hist_bench: %s\n", err);
		return 1;
	}
	vsh_store_opts so = { .dir = argv[1] };
	if (vsh_store_attach(&s, &so, err, sizeof err) != 0 ||
	    vsh_store_need(&s, err, sizeof err) != 0) {
		fprintf(stderr, "hist_bench: %s\n", err);
		return 1;
	}
	double load = now_s() - t0;
	size_t lines = 0;
	cfg_render(db, CFG_RUNNING, count_line, &lines);

	double *ct = calloc((size_t)commits, sizeof *ct);
	double rt[ROLLBACKS];
	if (!ct || run(&s, "system-view") != 0)
		return 1;
	char line[64];
	for (int i = 0; i < commits; i++) {
		snprintf(line, sizeof line, "sysname BENCH%d", i);
		if (run(&s, line) != 0)
			return 1;
		double a = now_s();
		if (run(&s, "commit") != 0)
			return 1;
		ct[i] = now_s() - a;
	}
	if (run(&s, "return") != 0)
		return 1;
	for (int i = 0; i < ROLLBACKS; i++) {
		snprintf(line, sizeof line, "sysname ROLL%d", i);
		if (run(&s, "system-view") != 0 || run(&s, line) != 0 || run(&s, "commit") != 0 ||
		    run(&s, "return") != 0)
			return 1;
		double a = now_s();
		if (run(&s, "rollback configuration last 1") != 0)
			return 1;
		rt[i] = now_s() - a;
	}
	qsort(ct, (size_t)commits, sizeof *ct, cmp_double);
	qsort(rt, ROLLBACKS, sizeof *rt, cmp_double);
	printf("lines=%zu load_s=%.3f commit_ms=%.3f rollback_ms=%.3f\n", lines, load,
	       ct[commits / 2] * 1e3, rt[ROLLBACKS / 2] * 1e3);
	free(ct);
	vsh_store_detach(&s);
	vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	return 0;
}
