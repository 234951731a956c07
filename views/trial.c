/* Trial commits: `commit trial` reverts by itself when its time runs out
 * unless a commit confirms it; `abort trial` reverts at once; `display
 * configuration trial status`.  The trial's state is kept in the state
 * directory's journal (store_trial_set), so any vrpsh on the directory (or
 * the next one to start) reverts it at the deadline. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/output.h"
#include "state.h"

/* The trial state as of a fresh look at the journal. */
static const store_trial *trial_now(vsh_store *vs)
{
	store_trial_peek(vs->st);
	return store_trial_state(vs->st);
}

int vsh_trial_begin(vsh_session *s, uint64_t base_seq, unsigned secs, const char *persist,
		    char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	const store_trial *cur = trial_now(vs);
	store_trial t;
	memset(&t, 0, sizeof t);
	t.active = true;
	t.base_seq = cur->active ? cur->base_seq : base_seq;
	t.deadline = vsh_now() + secs;
	t.session = vs->session_id;
	t.secs = secs;
	snprintf(t.persist, sizeof t.persist, "%s", persist ? persist : "");
	return store_trial_set(vs->st, &t, err, errlen);
}

/* The trial is over (confirmed or reverted). */
static int trial_end(vsh_store *vs, char *err, size_t errlen)
{
	store_trial t;
	memset(&t, 0, sizeof t);
	return store_trial_set(vs->st, &t, err, errlen);
}

int vsh_trial_confirm(vsh_session *s, const char *persist, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	const store_trial *t = trial_now(vs);
	if (persist) {
		if (!t->active || strcmp(t->persist, persist) != 0) {
			snprintf(err, errlen,
				 "Error: No trial configuration runs with the persistence ID %s.",
				 persist);
			return -1;
		}
		return trial_end(vs, err, errlen);
	}
	if (t->active && t->session == vs->session_id)
		return trial_end(vs, err, errlen);
	return 0;
}

/* Undo every commit after the trial's base as one ROLLBACK commit and end
 * the trial.  Lock held.  0, or -1 with a message.  timer: the trial's
 * deadline passed (audited as a trial revert, not a rollback). */
static int revert(vsh_session *s, bool timer, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	store_chglist l;
	char e[512];
	store_chglist_init(&l);
	int rc = -1;
	if (store_read(vs->st, store_trial_from(vs->st), store_history_count(vs->st), &l, e,
		       sizeof e) != 0) {
		snprintf(err, errlen, "Error: The journal cannot be read (%s).", e);
	} else {
		vsh_commit_opts o = { .type = STORE_T_ROLLBACK, .point = true, .timer = timer };
		rc = vsh_store_commit_list(s, &l, true, &o, err, errlen) < 0 ? -1 : 0;
	}
	store_chglist_free(&l);
	if (rc == 0)
		rc = trial_end(vs, err, errlen);
	return rc;
}

void vsh_trial_expire(vsh_session *s, bool locked)
{
	vsh_store *vs = s->store;
	char err[512];

	if (!locked && vsh_store_lock(s, err, sizeof err) != 0) {
		vsh_store_warn(vs, "%s", err);
		return;
	}
	const store_trial *t = trial_now(vs);
	if (t->active && vsh_now() >= t->deadline && revert(s, true, err, sizeof err) != 0)
		vsh_store_warn(vs, "the trial configuration could not be rolled back: %s", err);
	if (!locked)
		vsh_store_unlock(s);
}

bool vsh_tick(vsh_session *s)
{
	vsh_store *vs = s ? s->store : NULL;
	if (!vs || vs->busy)
		return false;
	/* What the session knew before looking again. */
	const store_trial *t = store_trial_state(vs->st);
	bool knew = t->active;
	int64_t deadline = t->deadline;
	t = trial_now(vs);
	if (t->active && vsh_now() >= t->deadline) {
		vs->busy = true;
		vsh_trial_expire(s, false);
		vs->busy = false;
		t = store_trial_state(vs->st);
	}
	/* Gone after its deadline: the timer's revert (a confirmation is too
	 * late then; an `abort trial` in that second reads the same). */
	return knew && !t->active && vsh_now() >= deadline;
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
	const store_trial *t = trial_now(s->store);
	if (!t->active)
		return;
	snprintf(id, sizeof id, "%u", t->session);
	emit(arg, id, "Session in trial configuration mode");
}

static const parser_param abort_params[] = {
	{ "session-id", &pt_session_id, dyn_trial_session },
	{ "persistId", &pt_persist, NULL },
	{ NULL, NULL, NULL },
};

static int h_abort_trial(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	const parser_value *sid = parser_arg_get(m, "session-id");
	const parser_value *pid = parser_arg_get(m, "persistId");

	if (!vs) {
		snprintf(err, errlen, "Error: The system is not in the trial configuration mode.");
		return -1;
	}
	const store_trial *t = trial_now(vs);
	if (!t->active || (sid && sid->u != t->session) ||
	    (pid && strcmp(pid->str, t->persist) != 0)) {
		snprintf(err, errlen, "Error: The system is not in the trial configuration mode.");
		return -1;
	}
	int yes = vsh_ask_yn(s, "Warning: The trial configuration will be rolled back. Continue? "
				"[Y/N]:");
	if (yes != 1)
		return 0;
	vs->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		if (!trial_now(vs)->active) {
			snprintf(err, errlen,
				 "Error: The system is not in the trial configuration mode.");
			rc = -1;
		} else {
			rc = revert(s, false, err, errlen);
		}
		vsh_store_unlock(s);
	}
	vs->busy = false;
	if (rc != 0)
		return -1;
	vsh_printf(s, "Info: The trial configuration rollback succeeded.\n");
	return 0;
}

static int h_trial_status(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	const store_trial *t = vs ? trial_now(vs) : NULL;
	if (!t || !t->active) {
		vsh_out_printf(o, "Trial status: INACTIVE \nTrial time left (sec): 0\n");
	} else {
		int64_t left = t->deadline - vsh_now();
		if (left < 0)
			left = 0;
		if (t->persist[0])
			vsh_out_printf(o, "Trial status: ACTIVE \nPersist id: %s\n", t->persist);
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
