/* Configuration sessions of a state directory: the registry behind
 * `display configuration sessions` (one file per live vrpsh process in
 * sessions/), and the `configuration exclusive` lock that keeps other
 * sessions from committing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "order.h"
#include "../shell/output.h"
#include "../store/sessions.h"
#include "state.h"

#define EXCL_TIMEOUT_DEFAULT 30

int vsh_cfgsession_register(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	snprintf(vs->reg_user, sizeof vs->reg_user, "%s", vsh_user_name(s));
	snprintf(vs->reg_intf, sizeof vs->reg_intf, "%s", vsh_session_intf(s));
	return store_session_register(vs->st, vs->reg_intf, vs->reg_user, vs->started,
				      &vs->session_id, err, errlen);
}

void vsh_cfgsession_update(vsh_session *s)
{
	vsh_store *vs = s->store;
	char err[256];
	if (!vs->session_id || (strcmp(vs->reg_user, vsh_user_name(s)) == 0 &&
				strcmp(vs->reg_intf, vsh_session_intf(s)) == 0))
		return;
	snprintf(vs->reg_user, sizeof vs->reg_user, "%s", vsh_user_name(s));
	snprintf(vs->reg_intf, sizeof vs->reg_intf, "%s", vsh_session_intf(s));
	if (store_session_write(vs->st, vs->session_id, vs->reg_intf, vs->reg_user, vs->started,
				err, sizeof err) != 0)
		vsh_store_warn(vs, "%s", err);
}

void vsh_cfgsession_unregister(vsh_store *vs)
{
	if (vs->session_id)
		store_session_unregister(vs->st, vs->session_id);
}

/* ---- configuration exclusive ---------------------------------------- */

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
static bool excl_holder(vsh_session *s, store_excl *x)
{
	if (store_exclusive_get(s->store->st, x) != 0)
		return false;
	char err[256];
	if (vsh_store_need(s, err, sizeof err) != 0) /* the timeout is configuration */
		return true;
	if (!store_pid_alive(x->pid) || vsh_now() - x->last > (int64_t)excl_timeout(s))
		return false;
	return true;
}

int vsh_exclusive_check(vsh_session *s, char *err, size_t errlen)
{
	store_excl x;
	if (excl_holder(s, &x) && x.session != s->store->session_id) {
		snprintf(err, errlen, "Error: The configuration is locked by other user. [Session ID = %u]",
			 x.session);
		return -1;
	}
	return 0;
}

void vsh_exclusive_touch(vsh_session *s)
{
	store_excl x;
	char err[256];
	if (excl_holder(s, &x) && x.session == s->store->session_id) {
		x.last = vsh_now();
		store_exclusive_set(s->store->st, &x, err, sizeof err);
	}
}

static int h_exclusive(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	store_excl x;
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
	if (store_exclusive_set(st->st, &x, err, errlen) != 0) {
		snprintf(err, errlen, "Error: The configuration cannot be locked.");
		return -1;
	}
	return 0;
}

static int h_undo_exclusive(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	store_excl x;
	(void)m;
	if (!st || !excl_holder(s, &x))
		return 0;
	if (x.session != st->session_id) {
		snprintf(err, errlen, "Error: The configuration is locked by other user. [Session ID = %u]",
			 x.session);
		return -1;
	}
	store_exclusive_clear(st->st);
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
	store_session *all = NULL;
	store_excl x;
	bool verbose = parser_kw(m, "verbose");
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;

	size_t n = st ? store_sessions(st->st, &all, false) : 0;
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
		const store_session *si = &all[i];
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
