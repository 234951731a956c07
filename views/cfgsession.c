/* Configuration sessions of a state directory: the registry behind
 * `display configuration sessions` (one file per live vrpsh process in
 * sessions/), and the `configuration exclusive` lock that keeps other
 * sessions from committing. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "order.h"
#include "../shell/output.h"
#include "store_priv.h"

#define SESS_DIR "sessions"
#define EXCL_NAME "exclusive"
#define EXCL_TIMEOUT_DEFAULT 30
#define SESSION_ID_MAX 65535u

typedef struct sess_info {
	unsigned id;
	long pid;
	int64_t start;
	char intf[32];
	char user[64];
} sess_info;

static bool pid_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static int read_sess(const char *path, sess_info *si)
{
	char *buf;
	size_t len;
	if (cfg_file_read(path, &buf, &len) != 0)
		return -1;
	long long start;
	int n1 = 0, n2 = 0;
	memset(si, 0, sizeof *si);
	int rc = -1;
	if (sscanf(buf, "%u %ld %lld %n", &si->id, &si->pid, &start, &n1) == 3) {
		si->start = start;
		char *p = buf + n1, *nl = strchr(p, '\n');
		if (nl) {
			snprintf(si->intf, sizeof si->intf, "%.*s", (int)(nl - p), p);
			p = nl + 1;
			n2 = (int)strcspn(p, "\n");
			snprintf(si->user, sizeof si->user, "%.*s", n2, p);
			rc = 0;
		}
	}
	free(buf);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	unsigned x = ((const sess_info *)a)->id, y = ((const sess_info *)b)->id;
	return x < y ? -1 : x > y;
}

/* Every live session (dead ones' files are removed when `clean`). */
static size_t list_sessions(vsh_store *st, sess_info **out, bool clean)
{
	char path[PATH_MAX];
	size_t n = 0, cap = 0;
	*out = NULL;
	snprintf(path, sizeof path, "%s/%s", st->dir, SESS_DIR);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		char fp[PATH_MAX + 256];
		sess_info si;
		snprintf(fp, sizeof fp, "%s/%s", path, de->d_name);
		if (read_sess(fp, &si) != 0)
			continue;
		if (!pid_alive(si.pid)) {
			if (clean)
				unlink(fp);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			sess_info *v = realloc(*out, cap * sizeof *v);
			if (!v)
				break;
			*out = v;
		}
		(*out)[n++] = si;
	}
	closedir(d);
	if (n > 1)
		qsort(*out, n, sizeof **out, by_id);
	return n;
}

/* The line a session runs on; an interactive one that names none is the
 * console. */
static const char *session_intf(const vsh_session *s)
{
	return s->ui_name[0] || s->batch ? s->ui_name : "CON 0";
}

/* sessions/ID: "ID PID START", the line, the user. */
static int write_entry(vsh_store *st, const vsh_session *s, char *err, size_t errlen)
{
	char path[PATH_MAX], name[16], buf[256];
	snprintf(path, sizeof path, "%s/%s", st->dir, SESS_DIR);
	snprintf(name, sizeof name, "%u", st->session_id);
	snprintf(st->reg_user, sizeof st->reg_user, "%s", vsh_user_name(s));
	snprintf(st->reg_intf, sizeof st->reg_intf, "%s", session_intf(s));
	int len = snprintf(buf, sizeof buf, "%u %ld %lld\n%s\n%s\n", st->session_id,
			   (long)getpid(), (long long)st->started, st->reg_intf, st->reg_user);
	return cfg_file_replace_buf(path, name, buf, (size_t)len, err, errlen);
}

int vsh_cfgsession_register(vsh_store *st, const vsh_session *s, char *err, size_t errlen)
{
	char path[PATH_MAX], buf[256];
	sess_info *all;

	snprintf(path, sizeof path, "%s/%s", st->dir, SESS_DIR);
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = list_sessions(st, &all, true);
	/* the number after the last one handed out, skipping live ones */
	char *cnt;
	size_t clen;
	unsigned next = 1;
	snprintf(path, sizeof path, "%s/%s/next", st->dir, SESS_DIR);
	if (cfg_file_read(path, &cnt, &clen) == 0) {
		next = (unsigned)strtoul(cnt, NULL, 10);
		free(cnt);
	}
	for (unsigned tries = 0; tries <= SESSION_ID_MAX; tries++, next++) {
		if (next == 0 || next > SESSION_ID_MAX)
			next = 1;
		bool used = false;
		for (size_t i = 0; i < n && !used; i++)
			used = all[i].id == next;
		if (!used)
			break;
	}
	free(all);
	st->session_id = next;
	int len = snprintf(buf, sizeof buf, "%u\n", next + 1);
	snprintf(path, sizeof path, "%s/%s", st->dir, SESS_DIR);
	if (cfg_file_replace_buf(path, "next", buf, (size_t)len, err, errlen) != 0)
		return -1;
	return write_entry(st, s, err, errlen);
}

void vsh_cfgsession_update(vsh_store *st, const vsh_session *s)
{
	char err[256];
	if (!st->session_id || (strcmp(st->reg_user, vsh_user_name(s)) == 0 &&
				strcmp(st->reg_intf, session_intf(s)) == 0))
		return;
	if (write_entry(st, s, err, sizeof err) != 0)
		vsh_store_warn(st, "%s", err);
}

/* ---- configuration exclusive ---------------------------------------- */

typedef struct excl {
	unsigned session;
	long pid;
	int64_t last;
} excl;

static int excl_read(vsh_store *st, excl *x)
{
	char path[PATH_MAX], *buf;
	size_t len;
	long long last;
	snprintf(path, sizeof path, "%s/%s", st->dir, EXCL_NAME);
	if (cfg_file_read(path, &buf, &len) != 0)
		return -1;
	int ok = sscanf(buf, "%u %ld %lld", &x->session, &x->pid, &last) == 3;
	free(buf);
	x->last = last;
	return ok ? 0 : -1;
}

static int excl_write(vsh_store *st, const excl *x, char *err, size_t errlen)
{
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%u %ld %lld\n", x->session, x->pid, (long long)x->last);
	return cfg_file_replace_buf(st->dir, EXCL_NAME, buf, (size_t)n, err, errlen);
}

static void excl_remove(vsh_store *st)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", st->dir, EXCL_NAME);
	if (unlink(path) == 0)
		cfg_dir_sync(st->dir);
}

/* The exclusive-lock timeout configured in running. */
static unsigned excl_timeout(const vsh_session *s)
{
	static const char id[] = "configuration exclusive timeout";
	cfg_entry *e = cfg_get(s->db, cfg_root(s->db), id, sizeof id - 1, CFG_RUNNING);
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;
	if (t && strlen(t) > sizeof id)
		return (unsigned)strtoul(t + sizeof id, NULL, 10);
	return EXCL_TIMEOUT_DEFAULT;
}

/* The live, unexpired holder of the lock, or false. */
static bool excl_holder(vsh_session *s, excl *x)
{
	vsh_store *st = s->store;
	if (excl_read(st, x) != 0)
		return false;
	if (!pid_alive(x->pid) || vsh_now() - x->last > (int64_t)excl_timeout(s))
		return false;
	return true;
}

int vsh_exclusive_check(vsh_session *s, char *err, size_t errlen)
{
	excl x;
	if (excl_holder(s, &x) && x.session != s->store->session_id) {
		snprintf(err, errlen, "Error: The configuration is locked by other user. [Session ID = %u]",
			 x.session);
		return -1;
	}
	return 0;
}

void vsh_exclusive_touch(vsh_session *s)
{
	excl x;
	char err[256];
	if (excl_holder(s, &x) && x.session == s->store->session_id) {
		x.last = vsh_now();
		excl_write(s->store, &x, err, sizeof err);
	}
}

void vsh_cfgsession_unregister(vsh_store *st)
{
	char path[PATH_MAX];
	excl x;
	if (!st->session_id)
		return;
	if (excl_read(st, &x) == 0 && x.session == st->session_id && x.pid == (long)getpid())
		excl_remove(st);
	snprintf(path, sizeof path, "%s/%s/%u", st->dir, SESS_DIR, st->session_id);
	unlink(path);
}

static int h_exclusive(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	excl x;
	(void)m;
	if (!st)
		return 0;
	if (excl_holder(s, &x) && x.session != st->session_id) {
		snprintf(err, errlen, "Error: The configuration is locked by other user. [Session ID = %u]",
			 x.session);
		return -1;
	}
	x.session = st->session_id;
	x.pid = (long)getpid();
	x.last = vsh_now();
	if (excl_write(st, &x, err, errlen) != 0) {
		snprintf(err, errlen, "Error: The configuration cannot be locked.");
		return -1;
	}
	return 0;
}

static int h_undo_exclusive(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	excl x;
	(void)m;
	if (!st || !excl_holder(s, &x))
		return 0;
	if (x.session != st->session_id) {
		snprintf(err, errlen, "Error: The configuration is locked by other user. [Session ID = %u]",
			 x.session);
		return -1;
	}
	excl_remove(st);
	return 0;
}

static int h_exclusive_timeout(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "timeout-value");
	char line[64], cerr[128];
	cfg_order ord = { ORD_SYSNAME, 1, 0 };
	static const char id[] = "configuration exclusive timeout";
	cfg_entry *root = cfg_root(s->db);

	if (!v) { /* undo */
		cfg_entry *e = cfg_get(s->db, root, id, sizeof id - 1, CFG_CANDIDATE);
		if (e)
			cfg_delete(s->db, e);
		return 0;
	}
	snprintf(line, sizeof line, "%s %llu", id, (unsigned long long)v->u);
	if (cfg_set(s->db, root, line, sizeof id - 1, ord, 0, NULL, cerr, sizeof cerr) != 0) {
		snprintf(err, errlen, "Error: %s", cerr);
		return -1;
	}
	return 0;
}

static int h_display_sessions(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	sess_info *all = NULL;
	excl x;
	bool verbose = parser_kw(m, "verbose");
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;

	size_t n = st ? list_sessions(st, &all, false) : 0;
	bool locked = st && excl_holder(s, &x);
	const char *rule = verbose ? "------------------------------------------------------------"
				     "--------------------"
				   : "------------------------------------------------------------"
				     "--------------";
	vsh_out_printf(o, "%s\n", rule);
	if (!verbose)
		vsh_out_printf(o, "Session User-Intf    User                 Date                Lock\n%s\n",
			   rule);
	for (size_t i = 0; i < n; i++) {
		const sess_info *si = &all[i];
		char id[24], date[32];
		bool me = si->id == st->session_id;
		const char *lock = locked && x.session == si->id ? "exclusive" : "-";
		vsh_format_time(si->start, false, date, sizeof date);
		if (verbose) {
			int64_t el = vsh_now() - si->start;
			if (el < 0)
				el = 0;
			vsh_out_printf(o,
				   "Session      : %u%s\nUser-Intf    : %s\nUser         : %s\n"
				   "Date         : %s\nLock-Type    : %s\nCfg-Mode     : -\n"
				   "Client       : CLI\nElapsed-Time : %lld days, %lld:%02lld:%02lld\n\n",
				   si->id, me ? " *" : "", si->intf, si->user, date, lock,
				   (long long)(el / 86400), (long long)(el / 3600 % 24),
				   (long long)(el / 60 % 60), (long long)(el % 60));
		} else {
			snprintf(id, sizeof id, "%u%s", si->id, me ? " *" : "");
			vsh_out_printf(o, "%-8s%-13s%-21s%s    %-4s\n", id, si->intf, si->user, date, lock);
		}
	}
	vsh_out_printf(o, "%s\n", rule);
	free(all);
	vsh_out_free(o);
	return 0;
}

static const ptype pt_excl_timeout = {
	.kind = PT_UINT, .help_token = "INTEGER<1-7200>", .min = 1, .max = 7200,
};
static const parser_param excl_params[] = {
	{ "timeout-value", &pt_excl_timeout, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_cfgsession[] = {
	{
		.pc = { .format = "configuration exclusive",
			.help = "Configuration database operations\n"
				"Lock the configuration for this session alone",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY),
		.fn = h_exclusive,
	},
	{
		.pc = { .format = "undo configuration exclusive",
			.help = "Cancel a setting or restore its default\n"
				"Configuration database operations\n"
				"Lock the configuration for this session alone",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY),
		.fn = h_undo_exclusive,
	},
	{
		.pc = { .format = "configuration exclusive timeout <timeout-value>",
			.help = "Configuration database operations\n"
				"Lock the configuration for this session alone\n"
				"Release an idle lock after this time\n"
				"Seconds without a commit",
			.params = excl_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_exclusive_timeout,
	},
	{
		.pc = { .format = "undo configuration exclusive timeout",
			.help = "Cancel a setting or restore its default\n"
				"Configuration database operations\n"
				"Lock the configuration for this session alone\n"
				"Release an idle lock after this time",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_exclusive_timeout,
	},
	{
		.pc = { .format = "display configuration sessions [ verbose ]",
			.help = "Show information\n"
				"Configuration database information\n"
				"Sessions that can change the configuration\n"
				"Show details",
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_sessions,
	},
	{ .pc = { .format = NULL } },
};
