/* A session's state directory: attaching the store, loading when first
 * needed, picking up other processes' commits, committing, and recovery
 * (see store.h and state.h).  Every file operation is the store's. */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "state.h"

/* ---- clock, names, messages ------------------------------------------------ */

int64_t vsh_now(void)
{
	return store_now();
}

void vsh_format_time(int64_t t, bool zone, char *buf, size_t buflen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm)) {
		snprintf(buf, buflen, "-");
		return;
	}
	size_t n = strftime(buf, buflen, "%Y-%m-%d %H:%M:%S", &tm);
	if (zone && n + 7 <= buflen) {
		long off = tm.tm_gmtoff;
		char sign = off < 0 ? '-' : '+';
		if (off < 0)
			off = -off;
		snprintf(buf + n, buflen - n, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
	}
}

const char *vsh_user_name(const vsh_session *s)
{
	if (s->user[0])
		return s->user;
	struct passwd *pw = getpwuid(geteuid());
	return pw && pw->pw_name ? pw->pw_name : "";
}

const char *vsh_session_intf(const vsh_session *s)
{
	return s->ui_name[0] || s->batch ? s->ui_name : "CON 0";
}

void vsh_store_warn(vsh_store *vs, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (vs->warn)
		vs->warn(vs->warn_ctx, buf);
	else
		fprintf(stderr, "vrpsh: %s\n", buf);
}

static void store_says(void *ctx, const char *msg)
{
	vsh_store_warn(ctx, "%s", msg);
}

int vsh_state_dir_default(char *buf, size_t buflen)
{
	return store_default_dir(buf, buflen);
}

/* ---- attaching ----------------------------------------------------------------- */

int vsh_store_attach(vsh_session *s, const vsh_store_opts *o, char *err, size_t errlen)
{
	vsh_store *vs = calloc(1, sizeof *vs);
	if (!vs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	vs->warn = o->warn;
	vs->warn_ctx = o->warn_ctx;
	vs->no_hooks = o->no_hooks;
	store_opts so = { .dir = o->dir, .create = true, .warn = store_says, .warn_ctx = vs };
	vs->st = store_open(&so, err, errlen);
	if (!vs->st) {
		free(vs);
		return -1;
	}
	s->store = vs;
	vs->started = vsh_now();
	char rerr[256];
	/* a read-only directory or a full disk: the session still reads */
	if (vsh_cfgsession_register(s, rerr, sizeof rerr) != 0)
		vs->session_id = 0;
	/* lines this session creates never share a creation number with
	 * those of another live session */
	cfg_seq_origin(s->db, (uint16_t)(vs->session_id ? vs->session_id
							: 0x8000u | ((unsigned)getpid() & 0x7fffu)));
	return 0;
}

const char *vsh_store_dir(const vsh_session *s)
{
	return s && s->store ? store_path(s->store->st) : NULL;
}

void vsh_store_detach(vsh_session *s)
{
	vsh_store *vs = s->store;
	if (!vs)
		return;
	vsh_cfgsession_unregister(vs);
	store_close(vs->st);
	free(vs->conflicts);
	free(vs->conflict_line);
	free(vs);
	s->store = NULL;
}

/* ---- loading ---------------------------------------------------------------------- */

static void tell_damage(vsh_store *vs)
{
	if (vs->told_damage || !store_damage_get(vs->st)->damaged)
		return;
	char msg[768];
	store_damage_message(vs->st, msg, sizeof msg);
	vsh_store_warn(vs, "warning: %s; showing its intact part", msg);
	vs->told_damage = true;
}

int vsh_store_need(const vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	if (!vs || store_loaded(vs->st))
		return 0;
	bool busy = vs->busy;
	vs->busy = true;
	int rc = store_load(vs->st, s->db, err, errlen);
	if (rc == STORE_LEGACY)
		rc = vsh_legacy_load((vsh_session *)s, err, errlen);
	vs->busy = busy;
	if (rc == 0)
		tell_damage(vs);
	return rc;
}

void vsh_store_replay_begin(vsh_session *s)
{
	vsh_store *vs = s->store;
	char err[256];
	/* a directory in use is loaded when a line needs it, not before */
	if (vs && store_is_new(vs->st) && vsh_store_need(s, err, sizeof err) == 0)
		store_first_begin(vs->st, s->db);
}

bool vsh_store_damaged(const vsh_session *s, char *msg, size_t msglen)
{
	if (!s->store || !store_damage_get(s->store->st)->damaged)
		return false;
	if (msg)
		store_damage_message(s->store->st, msg, msglen);
	return true;
}

int64_t vsh_store_last_change(vsh_session *s)
{
	if (!s->store)
		return 0;
	int64_t t = store_last_change(s->store->st);
	char err[512];
	if (t < 0 && vsh_store_need(s, err, sizeof err) == 0)
		t = store_last_change(s->store->st);
	return t > 0 ? t : 0;
}

int vsh_store_render_running(vsh_session *s, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			     void *arg)
{
	vsh_store *vs = s->store;
	if (!vs || store_loaded(vs->st) || cfg_pending(s->db))
		return 1;
	/* damage: the load that follows reports it and shows the intact part */
	return store_render_running(vs->st, x, nx, emit, arg) == 0 ? 0 : 1;
}

/* ---- picking up other processes' commits ------------------------------------------ */

/* With a lock held: others' commits go under the session's own changes,
 * which are marked where they touched the same lines. */
static int sync_locked(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	if (!store_loaded(vs->st) || !store_changed(vs->st))
		return 0;
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store_chglist in;
	store_chglist_init(&in);
	bool reloaded;
	int rc = store_catch_up(vs->st, s->db, &in, &reloaded, err, errlen);
	vsh_aside_restore(s, &a, rc == 0 ? &in : NULL);
	store_chglist_free(&in);
	tell_damage(vs);
	return rc;
}

void vsh_store_sync(vsh_session *s)
{
	vsh_store *vs = s->store;
	char err[512];
	if (!vs || vs->busy)
		return;
	/* A replay edits one large candidate: it looks at other commits when
	 * it commits, not line by line. */
	if (s->batch && cfg_pending(s->db))
		return;
	vsh_cfgsession_update(s);
	if (!store_loaded(vs->st) || !store_changed(vs->st))
		return;
	vs->busy = true;
	bool was = store_locked_ex(vs->st);
	if (store_lock(vs->st, false, err, sizeof err) == 0) {
		if (sync_locked(s, err, sizeof err) != 0)
			vsh_store_warn(vs, "%s", err);
		if (!was)
			store_unlock(vs->st);
	}
	vs->busy = false;
}

int vsh_store_lock(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	if (vsh_store_need(s, err, errlen) != 0 || store_lock(vs->st, true, err, errlen) != 0)
		return -1;
	bool busy = vs->busy;
	vs->busy = true;
	int rc = sync_locked(s, err, errlen);
	vs->busy = busy;
	if (rc != 0) {
		store_unlock(vs->st);
		return -1;
	}
	return 0;
}

void vsh_store_unlock(vsh_session *s)
{
	store_unlock(s->store->st);
}

/* ---- committing ---------------------------------------------------------------------- */

/* The store's commit with the session's names (lock held). */
static int commit_locked(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	store_commit_opts so = {
		.type = o->type, .point = o->point, .flags = o->flags,
		.user = vsh_user_name(s), .intf = vsh_session_intf(s),
		.label = o->label, .desc = o->desc, .time = vsh_now(),
		.cfg_flags = vs->no_hooks ? CFG_COMMIT_NO_HOOKS : 0,
	};
	size_t nch = cfg_npending(s->db);
	/* the log line names the device as it was before the commit */
	size_t hl;
	const char *h0 = vsh_hostname(s, &hl);
	char host[256];
	snprintf(host, sizeof host, "%.*s", (int)hl, h0);
	int rc = store_commit(vs->st, s->db, &so, err, errlen);
	if (rc > 0) {
		vsh_exclusive_touch(s);
		size_t n = store_history_count(vs->st);
		const store_hist *h = n ? store_history(vs->st, n - 1) : NULL;
		bool undo = o->type == STORE_T_ROLLBACK || o->type == STORE_T_RESTORE;
		vsh_audit_config(!undo ? VSH_AUDIT_COMMIT
			 : o->timer ? VSH_AUDIT_TRIAL_REVERT
				    : VSH_AUDIT_ROLLBACK,
			 host, so.user, h ? h->commit_id : 0, o->label, nch);
	}
	return rc;
}

int vsh_store_commit_held(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	if (vsh_exclusive_check(s, err, errlen) != 0)
		return -1;
	if (vsh_conflicts_pending(s)) {
		const char *line = vs->conflict_line ? vs->conflict_line : "";
		vsh_printf(s, "%s\nError: The configuration was changed by another user.\n"
			      "Commit canceled, the configuration conflicted with other user, you "
			      "can modify \nthe configuration and commit again.\n"
			      "Failed to generate committed config.\n",
			   line);
		vsh_conflicts_clear(vs);
		return -2;
	}
	int rc = commit_locked(s, o, err, errlen);
	if (rc >= 0)
		vsh_conflicts_clear(vs);
	return rc;
}

int vsh_store_commit(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	bool busy = vs->busy;
	vs->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		rc = vsh_store_commit_held(s, o, err, errlen);
		vsh_store_unlock(s);
	}
	vs->busy = busy;
	return rc;
}

int vsh_store_commit_list(vsh_session *s, const store_chglist *l, bool inverse,
			  const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	int rc = -1;
	if (store_chglist_apply(s->db, l, 0, l->n, inverse, NULL, NULL) < 0)
		snprintf(err, errlen, "Error: Out of memory.");
	else
		rc = commit_locked(s, o, err, errlen);
	if (rc < 0)
		cfg_discard(s->db);
	vsh_aside_restore(s, &a, NULL);
	return rc;
}

int vsh_store_with_undone(vsh_session *s, const store_chglist *l, vsh_with_fn fn, void *arg)
{
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		return -1;
	}
	int rc = store_chglist_apply(s->db, l, 0, l->n, true, NULL, NULL) < 0 ? -1 : 0;
	if (rc == 0)
		fn(arg, s);
	cfg_discard(s->db);
	vsh_aside_restore(s, &a, NULL);
	return rc;
}

int vsh_store_refresh(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vsh_conflicts_clear(vs);
	vsh_aside_restore(s, &a, NULL);
	vsh_conflicts_clear(vs);
	return 0;
}

void vsh_store_discard(vsh_session *s)
{
	cfg_discard(s->db);
	if (s->store)
		vsh_conflicts_clear(s->store);
}

int vsh_check_file_name(const char *name, char *err, size_t errlen)
{
	size_t n = strlen(name);
	const char *dot = strrchr(name, '.');
	if (n < 5 || n > 64 || strchr(name, '/') || name[0] == '.' || !dot ||
	    (strcasecmp(dot, ".cfg") != 0 && strcasecmp(dot, ".zip") != 0 &&
	     strcasecmp(dot, ".dat") != 0)) {
		snprintf(err, errlen, "Error: The file name must be 5 to 64 characters ending in "
				      ".cfg, .zip or .dat.");
		return -1;
	}
	return 0;
}

/* ---- recovery -------------------------------------------------------------------------- */

int vsh_store_recover(vsh_session *s, bool yes, bool *done, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	*done = false;
	vs->told_damage = true; /* the plan says it all */
	if (vsh_store_need(s, err, errlen) != 0)
		return -1;
	char plan[2048];
	store_recover_plan(vs->st, plan, sizeof plan);
	vsh_printf(s, "%s", plan);
	if (!store_damage_get(vs->st)->damaged)
		return 0;
	if (!yes && vsh_ask_yn(s, "Recover the state directory? [Y/N]:") != 1)
		return 0;
	if (store_lock(vs->st, true, err, errlen) != 0)
		return -1;
	int rc = store_recover(vs->st, s->db, err, errlen);
	store_unlock(vs->st);
	if (rc == 0) {
		*done = true;
		vsh_printf(s, "Info: The state directory was recovered.\n");
	}
	return rc;
}
