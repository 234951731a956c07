/* Trial commits: `commit trial` reverts by itself when its time runs out
 * unless a commit confirms it; `abort trial` reverts at once; `display
 * configuration trial status`.  The trial lives in the state directory's
 * "trial" file, so any vrpsh on the directory (or the next one to start)
 * reverts it at the deadline. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "../shell/output.h"
#include "store_priv.h"

#define TRIAL_NAME "trial"

static void trial_path(const vsh_store *st, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "%s/%s", st->dir, TRIAL_NAME);
}

void vsh_trial_refresh(vsh_store *st)
{
	char path[PATH_MAX], *buf;
	size_t len;
	struct stat sb;

	trial_path(st, path, sizeof path);
	if (stat(path, &sb) != 0) {
		st->trial.active = false;
		st->trial_mtime_ns = 0;
		return;
	}
	int64_t m = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	if (m == st->trial_mtime_ns && st->trial.active)
		return;
	if (cfg_file_read(path, &buf, &len) != 0)
		return;
	vsh_trial t;
	memset(&t, 0, sizeof t);
	long long dl;
	unsigned long long base;
	unsigned sess, secs;
	int n = 0;
	if (sscanf(buf, "deadline %lld base %llu session %u secs %u persist %n", &dl, &base, &sess,
		   &secs, &n) == 4 && n > 0) {
		t.active = true;
		t.deadline = dl;
		t.base_seq = base;
		t.session = sess;
		t.secs = secs;
		size_t pl = strcspn(buf + n, "\n");
		if (pl >= sizeof t.persist)
			pl = sizeof t.persist - 1;
		memcpy(t.persist, buf + n, pl);
		t.persist[pl] = '\0';
	}
	free(buf);
	st->trial = t;
	st->trial_mtime_ns = m;
}

static int trial_write(vsh_store *st, const vsh_trial *t, char *err, size_t errlen)
{
	char buf[512];
	int n = snprintf(buf, sizeof buf, "deadline %lld base %llu session %u secs %u persist %s\n",
			 (long long)t->deadline, (unsigned long long)t->base_seq, t->session,
			 t->secs, t->persist);
	if (cfg_file_replace_buf(st->dir, TRIAL_NAME, buf, (size_t)n, err, errlen) != 0)
		return -1;
	st->trial = *t;
	st->trial_mtime_ns = -1;
	return 0;
}

static void trial_clear(vsh_store *st)
{
	char path[PATH_MAX];
	trial_path(st, path, sizeof path);
	if (unlink(path) == 0)
		cfg_dir_sync(st->dir);
	st->trial.active = false;
	st->trial_mtime_ns = 0;
}

int vsh_trial_begin(vsh_session *s, uint64_t base_seq, unsigned secs, const char *persist,
		    char *err, size_t errlen)
{
	vsh_store *st = s->store;
	vsh_trial t;

	vsh_trial_refresh(st);
	memset(&t, 0, sizeof t);
	t.active = true;
	t.base_seq = st->trial.active ? st->trial.base_seq : base_seq;
	t.deadline = vsh_now() + secs;
	t.session = st->session_id;
	t.secs = secs;
	snprintf(t.persist, sizeof t.persist, "%s", persist ? persist : "");
	return trial_write(st, &t, err, errlen);
}

int vsh_trial_confirm(vsh_session *s, const char *persist, char *err, size_t errlen)
{
	vsh_store *st = s->store;

	vsh_trial_refresh(st);
	if (persist) {
		if (!st->trial.active || strcmp(st->trial.persist, persist) != 0) {
			snprintf(err, errlen,
				 "Error: No trial configuration runs with the persistence ID %s.",
				 persist);
			return -1;
		}
		trial_clear(st);
		return 0;
	}
	if (st->trial.active && st->trial.session == st->session_id)
		trial_clear(st);
	return 0;
}

/* Undo every record after the trial's base as one ROLLBACK commit and end
 * the trial.  Lock held.  Returns 0, or -1 with a message. */
static int revert(vsh_session *s, bool timer, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	size_t from = st->nh;
	for (size_t i = st->nh; i-- > 0 && st->h[i].seq > st->trial.base_seq;)
		from = i;
	vsh_chglist l;
	vsh_chglist_init(&l);
	int rc = -1;
	if (vsh_store_read(st, from, st->nh, &l) != 0) {
		snprintf(err, errlen, "Error: The journal cannot be read.");
	} else {
		vsh_commit_opts o = { .type = CFG_JT_ROLLBACK, .point = true, .timer = timer };
		rc = vsh_store_commit_list(s, &l, true, &o, NULL, NULL, err, errlen) < 0 ? -1 : 0;
	}
	vsh_chglist_free(&l);
	if (rc == 0)
		trial_clear(st);
	return rc;
}

void vsh_trial_expire(vsh_session *s, bool locked)
{
	vsh_store *st = s->store;
	char err[512];

	if (!locked && vsh_store_lock(s, err, sizeof err) != 0) {
		vsh_store_warn(st, "%s", err);
		return;
	}
	vsh_trial_refresh(st);
	if (st->trial.active && vsh_now() >= st->trial.deadline &&
	    revert(s, true, err, sizeof err) != 0)
		vsh_store_warn(st, "the trial configuration could not be rolled back: %s", err);
	if (!locked)
		vsh_store_unlock(st);
}

bool vsh_tick(vsh_session *s)
{
	vsh_store *st = s ? s->store : NULL;
	if (!st || st->busy)
		return false;
	/* What the session knew before looking again. */
	bool knew = st->trial.active;
	int64_t deadline = st->trial.deadline;
	vsh_trial_refresh(st);
	if (st->trial.active && vsh_now() >= st->trial.deadline) {
		st->busy = true;
		vsh_trial_expire(s, false);
		st->busy = false;
	}
	/* Gone after its deadline: the timer's revert (a confirmation is too
	 * late then; an `abort trial` in that second reads the same). */
	return knew && !st->trial.active && vsh_now() >= deadline;
}

/* ---- commands ------------------------------------------------------- */

static const ptype pt_session_id = {
	.kind = PT_UINT, .help_token = "INTEGER<0-65535>", .min = 0, .max = 65535,
};
static const ptype pt_persist = {
	.kind = PT_STRING, .help_token = "STRING<1-256>", .min = 1, .max = 256,
	.flags = PTF_QUOTE_SPACES | PTF_NO_LEADING_DIGIT | PTF_NO_HYPHEN_ONLY,
};
/* '?' after `abort trial session` names the session running the trial. */
static void dyn_trial_session(void *ctx, const struct parser_args *bound, parser_emit_fn emit,
			      void *arg)
{
	vsh_session *s = ctx;
	char id[16];
	(void)bound;
	if (!s || !s->store)
		return;
	vsh_trial_refresh(s->store);
	if (!s->store->trial.active)
		return;
	snprintf(id, sizeof id, "%u", s->store->trial.session);
	emit(arg, id, "Session in trial configuration mode");
}

static const parser_param abort_params[] = {
	{ "session-id", &pt_session_id, dyn_trial_session },
	{ "persistId", &pt_persist, NULL },
	{ NULL, NULL, NULL },
};

static int h_abort_trial(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	const parser_value *sid = parser_arg_get(m, "session-id");
	const parser_value *pid = parser_arg_get(m, "persistId");

	if (!st) {
		snprintf(err, errlen, "Error: The system is not in the trial configuration mode.");
		return -1;
	}
	vsh_trial_refresh(st);
	if (!st->trial.active || (sid && sid->u != st->trial.session) ||
	    (pid && strcmp(pid->str, st->trial.persist) != 0)) {
		snprintf(err, errlen, "Error: The system is not in the trial configuration mode.");
		return -1;
	}
	int yes = vsh_ask_yn(s, "Warning: The trial configuration will be rolled back. Continue? "
				"[Y/N]:");
	if (yes != 1)
		return 0;
	st->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		vsh_trial_refresh(st);
		if (!st->trial.active) {
			snprintf(err, errlen,
				 "Error: The system is not in the trial configuration mode.");
			rc = -1;
		} else {
			rc = revert(s, false, err, errlen);
		}
		vsh_store_unlock(st);
	}
	st->busy = false;
	if (rc != 0)
		return -1;
	vsh_printf(s, "Info: The trial configuration rollback succeeded.\n");
	return 0;
}

static int h_trial_status(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	if (st)
		vsh_trial_refresh(st);
	if (!st || !st->trial.active) {
		vsh_out_printf(o, "Trial status: INACTIVE \nTrial time left (sec): 0\n");
	} else {
		int64_t left = st->trial.deadline - vsh_now();
		if (left < 0)
			left = 0;
		if (st->trial.persist[0])
			vsh_out_printf(o, "Trial status: ACTIVE \nPersist id: %s\n", st->trial.persist);
		else
			vsh_out_printf(o, "Trial status:  ACTIVE\n");
		vsh_out_printf(o, "Trial time left (sec): %lld\n", (long long)left);
	}
	vsh_out_free(o);
	return 0;
}

const view_cmd view_cmds_trial[] = {
	{
		.pc = { .format = "abort trial [ { session <session-id> | persist <persistId> } ]",
			.help = "Stop an operation\n"
				"Roll the trial configuration back now\n"
				"The trial started by one session\n"
				"Session ID\n"
				"The trial with a persistence ID\n"
				"Persistence ID",
			.params = abort_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_abort_trial,
	},
	{
		.pc = { .format = "display configuration trial status",
			.help = "Show information\n"
				"Configuration database information\n"
				"Trial configuration\n"
				"Whether a trial runs and how long it has left",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_trial_status,
	},
	{ .pc = { .format = NULL } },
};
