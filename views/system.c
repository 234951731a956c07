/* Commands that move between the user and system views, name the device
 * and commit the candidate: system-view, quit, return, sysname, commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factory.h"
#include "order.h"
#include "state.h"
#include "../shell/session.h"

#define SYSNAME_MAX 246
#define SYSNAME_DEFAULT "HUAWEI"

static const ptype pt_host_name = {
	.kind = PT_STRING, .help_token = "STRING<1-246>", .min = 1, .max = SYSNAME_MAX,
	.flags = PTF_REST_OF_LINE,
};
static const ptype pt_trial_time = {
	.kind = PT_UINT, .help_token = "INTEGER<60-65535>", .min = 60, .max = 65535,
};
static const ptype pt_commit_label = {
	.kind = PT_STRING, .help_token = "STRING<1-256>", .min = 1, .max = 256,
	.flags = PTF_QUOTE_SPACES | PTF_NO_LEADING_DIGIT | PTF_NO_HYPHEN_ONLY,
};
static const ptype pt_persist_id = {
	.kind = PT_STRING, .help_token = "STRING<1-256>", .min = 1, .max = 256,
	.flags = PTF_QUOTE_SPACES,
};
static const ptype pt_commit_desc = {
	.kind = PT_STRING, .help_token = "STRING<1-60>", .min = 1, .max = 60,
	.flags = PTF_REST_OF_LINE,
};

static const parser_param sysname_params[] = {
	{ "host-name", &pt_host_name, NULL },
	{ NULL, NULL, NULL },
};
static const parser_param commit_params[] = {
	{ "time", &pt_trial_time, NULL },
	{ "label", &pt_commit_label, NULL },
	{ "persistId", &pt_persist_id, NULL },
	{ "description", &pt_commit_desc, NULL },
	{ NULL, NULL, NULL },
};

static int h_system_view(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	if (vsh_push(s, VIEW_SYSTEM, cfg_root(s->db), "") != 0) {
		snprintf(err, errlen, "Error: The system view cannot be entered.");
		return -1;
	}
	s->immediate = parser_kw(m, "immediately");
	vsh_printf(s, "Enter system view, return user view with return command.\n");
	return 0;
}

static int h_quit(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	switch (vsh_top(s)->view) {
	case VIEW_USER:
		s->quit_requested = true;
		return 0;
	case VIEW_SYSTEM:
		return vsh_leave_config(s) < 0 ? -1 : 0;
	default:
		vsh_pop(s);
		return 0;
	}
}

static int h_return(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	return vsh_leave_config(s) < 0 ? -1 : 0;
}

static int set_sysname(vsh_session *s, const char *name, size_t len, char *err, size_t errlen)
{
	char line[sizeof "sysname " + SYSNAME_MAX];
	char cerr[256];
	cfg_order ord = { ORD_SYSNAME, 0, 0 };

	if (len == 0 || len > SYSNAME_MAX) {
		snprintf(err, errlen, "Error: The host name must be 1 to %d characters long.",
			 SYSNAME_MAX);
		return -1;
	}
	int n = snprintf(line, sizeof line, "sysname %.*s", (int)len, name);
	cerr[0] = '\0';
	if (cfg_set(s->db, cfg_root(s->db), line, strlen("sysname"), ord, 0, NULL, cerr,
		    sizeof cerr) != 0 || n < 0) {
		snprintf(err, errlen, "Error: %s", cerr[0] ? cerr : "The host name cannot be set.");
		return -1;
	}
	return 0;
}

static int h_sysname(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "host-name");
	const char *name = v ? v->str : NULL;
	size_t len = name ? strlen(name) : 0;

	/* The rest of the line is the name: blanks around it do not count. */
	while (len && (*name == ' ' || *name == '\t'))
		name++, len--;
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	return set_sysname(s, name, len, err, errlen);
}

static int h_undo_sysname(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return set_sysname(s, SYSNAME_DEFAULT, strlen(SYSNAME_DEFAULT), err, errlen);
}

static void commit_failed(vsh_session *s, const char *err)
{
	const char *msg = err;
	if (strncmp(msg, "Error:", 6) == 0)
		msg += 6;
	while (*msg == ' ')
		msg++;
	vsh_printf(s, "Error: %s\nFailed to generate committed config.\n",
		   *msg ? msg : "The configuration could not be committed.");
}

static int h_commit(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bool trial = parser_kw(m, "trial");
	const parser_value *tv = parser_arg_get(m, "time");
	const parser_value *lv = parser_arg_get(m, "label");
	const parser_value *pv = parser_arg_get(m, "persistId");
	const parser_value *dv = parser_arg_get(m, "description");
	vsh_store *vs = s->store;
	char cerr[512];

	err[0] = '\0';
	if (!vs) {
		/* without a state directory there is no history to write to */
		if (trial || lv || pv || dv) {
			snprintf(err, errlen, "Error: This operation is not supported.");
			return -1;
		}
		return vsh_commit(s);
	}
	if (trial && s->immediate) {
		snprintf(err, errlen, "Error: The trial configuration applies to the two-stage "
				      "mode only.");
		return -1;
	}
	cerr[0] = '\0';
	vs->busy = true;
	int rc = vsh_store_lock(s, cerr, sizeof cerr);
	if (rc != 0) {
		vs->busy = false;
		commit_failed(s, cerr);
		return -1;
	}
	store *st = vs->st;
	uint64_t base = store_last_seq(st);
	if (lv && cfg_pending(s->db)) {
		/* a label names one rollback point */
		for (size_t i = 0; i < store_history_count(st); i++) {
			const store_hist *h = store_history(st, i);
			if (h->commit_id && strcmp(h->label, lv->str) == 0) {
				snprintf(err, errlen, "Error: The label %s already exists.", lv->str);
				vsh_store_unlock(s);
				vs->busy = false;
				return -1;
			}
		}
	}
	if (pv && !trial && vsh_trial_confirm(s, pv->str, err, errlen) != 0) {
		vsh_store_unlock(s);
		vs->busy = false;
		return -1;
	}
	/* a description given as one quoted word keeps its text only */
	vsh_commit_opts o = { .type = STORE_T_CLI, .point = !s->immediate,
			      .flags = trial ? STORE_F_TRIAL : 0,
			      .label = lv ? lv->str : NULL, .desc = dv ? dv->str : NULL };
	rc = vsh_store_commit_held(s, &o, cerr, sizeof cerr);
	if (rc == -1)
		commit_failed(s, cerr);
	if (rc >= 0) {
		unsigned secs = tv ? (unsigned)tv->u : 600;
		if (trial && vsh_trial_begin(s, base, secs, pv ? pv->str : NULL, cerr,
					     sizeof cerr) != 0) {
			vsh_store_warn(vs, "%s", cerr);
		} else if (trial) {
			vsh_printf(s, "Info: The system enters the trial configuration mode.\n"
				      "The system will revert to previous configuration if the trial "
				      "configuration is not confirmed in %u seconds.\n",
				   secs);
		} else if (!pv) {
			vsh_trial_confirm(s, NULL, cerr, sizeof cerr);
		}
	}
	vsh_store_unlock(s);
	vs->busy = false;
	return rc >= 0 ? 0 : -1;
}

/* ---- the candidate as a whole: clear, refresh ------------------------ */

static int h_clear_candidate(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	if (s->store)
		vsh_store_discard(s);
	else
		cfg_discard(s->db);
	/* the system view, as after entering it */
	if (s->depth > 2)
		s->depth = 2;
	return 0;
}

static int h_refresh_candidate(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	if (s->store && vsh_store_refresh(s, err, errlen) != 0)
		return -1;
	return 0;
}

/* ---- save ------------------------------------------------------------ */

static int h_save(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *fv = parser_arg_get(m, "configuration-file");
	char q[160];
	char next[STORE_FILE_NAME_MAX + 1] = "";
	const char *name = fv ? fv->str : next;

	if (!s->store) {
		snprintf(err, errlen, "Error: There is no storage for the configuration.");
		return -1;
	}
	if (fv && vsh_check_file_name(name, err, errlen) != 0)
		return -1;
	/* without a name: the file of the next start */
	if (!fv && (store_startup_get(s->store->st, next, NULL) != 0 || !next[0]))
		snprintf(next, sizeof next, "%s", STORE_DEFAULT_STARTUP);
	if (fv)
		snprintf(q, sizeof q,
			 "Warning: Are you sure to save the configuration to flash:/%s? [Y/N]:", name);
	else
		snprintf(q, sizeof q, "Warning: all configuration will be written to the device.\n"
				      "Are you sure to continue?[Y/N]");
	if (vsh_ask_yn(s, q) != 1)
		return 0;
	if (!fv)
		vsh_printf(s, "Now saving all configuration to the slot 1\n");
	/* the running configuration, with others' commits picked up */
	char cerr[512];
	vsh_store *vs = s->store;
	if (vsh_store_need(s, cerr, sizeof cerr) != 0 || vsh_store_damaged(s, cerr, sizeof cerr)) {
		snprintf(err, errlen, "Error: The configuration could not be saved (%s).", cerr);
		return -1;
	}
	vs->busy = true;
	int rc = vsh_store_lock(s, cerr, sizeof cerr);
	if (rc == 0) {
		/* the file as `display current-configuration` shows the
		 * configuration, the model's ports and console included */
		size_t nx;
		cfg_extra *x = view_factory_blocks(s->model, &nx);
		rc = store_save_file(vs->st, name, s->db, x, nx, cerr, sizeof cerr);
		free(x);
		vsh_store_unlock(s);
	}
	vs->busy = false;
	if (rc != 0) {
		snprintf(err, errlen, "Error: The configuration could not be saved (%s).", cerr);
		return -1;
	}
	vsh_printf(s, "Info: Save the configuration successfully.\n");
	return 0;
}

static const ptype pt_cfg_file = {
	.kind = PT_STRING, .help_token = "STRING<5-64>", .min = 5, .max = 64,
};
static const parser_param save_params[] = {
	{ "configuration-file", &pt_cfg_file, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_system[] = {
	{
		.pc = { .format = "system-view",
			.help = "Enter the system view",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_USER),
		.fn = h_system_view,
	},
	{
		.pc = { .format = "system-view immediately",
			.help = "Enter the system view\n"
				"Apply each configuration command as soon as it is entered",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_USER),
		.fn = h_system_view,
	},
	{
		.pc = { .format = "quit",
			.help = "Leave the current view for the view above it",
			.level = LEVEL_VISIT },
		.views = VIEWS(VIEW_ANY),
		.fn = h_quit,
	},
	{
		/* What automation clients send to leave; the same as quit. */
		.pc = { .format = "exit",
			.help = "Leave the current view; log out of the user view",
			.level = LEVEL_VISIT },
		.views = VIEWS(VIEW_ANY),
		.fn = h_quit,
	},
	{
		.pc = { .format = "return",
			.help = "Go back to the user view",
			.level = LEVEL_VISIT },
		.views = VIEWS(VIEW_ANY),
		.fn = h_return,
	},
	{
		.pc = { .format = "sysname <host-name>",
			.help = "Set the host name of the device\n"
				"Host name (spaces allowed)",
			.params = sysname_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_sysname,
	},
	{
		.pc = { .format = "undo sysname",
			.help = "Cancel a setting or restore its default\n"
				"Restore the default host name",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_sysname,
	},
	{
		.pc = { .format = "commit [ trial [ <time> ] [ label <label> ] ] "
				  "[ persist <persistId> ] [ description <description> ]",
			.help = "Apply the candidate configuration to the running configuration\n"
				"Apply on trial and roll back unless confirmed in time\n"
				"Trial period in seconds (600 when not given)\n"
				"Name the rollback point\n"
				"Label of the rollback point\n"
				"Keep the trial running after the session ends\n"
				"Persistence ID of the trial\n"
				"Describe the rollback point\n"
				"Description text (spaces allowed)",
			.params = commit_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_commit,
	},
	{
		.pc = { .format = "commit label <label> [ description <description> ]",
			.help = "Apply the candidate configuration to the running configuration\n"
				"Name the rollback point\n"
				"Label of the rollback point\n"
				"Describe the rollback point\n"
				"Description text (spaces allowed)",
			.params = commit_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_commit,
	},
	{
		.pc = { .format = "clear configuration candidate",
			.help = "Clear information\n"
				"Configuration database operations\n"
				"Drop every change not yet committed",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_clear_candidate,
	},
	{
		.pc = { .format = "refresh configuration candidate",
			.help = "Refresh information\n"
				"Configuration database operations\n"
				"Apply the changes not yet committed again on the running configuration",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_refresh_candidate,
	},
	{
		.pc = { .format = "save [ <configuration-file> ]",
			.help = "Save the running configuration\n"
				"File name (*.cfg, *.zip or *.dat; the startup configuration when "
				"not given)",
			.params = save_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_USER),
		.fn = h_save,
	},
	{ .pc = { .format = NULL } },
};
