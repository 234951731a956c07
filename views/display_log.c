/* display logbuffer [ level SEVERITY ] [ size N ]: the recent log messages
 * of the state directory's log buffer (store/logbuf.h), newest first, under
 * the counters of the command's reference page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/audit.h"
#include "../shell/output.h"
#include "../shell/session.h"
#include "../store/logbuf.h"

static const char *const severities[] = {
	"emergencies", "alert", "critical", "error", "warning", "notification", "informational",
	"debugging",
};

/* The severity of a message: the digit of "%%01MODULE/N/BRIEF", or -1. */
static int msg_severity(const char *msg)
{
	const char *p = strstr(msg, "%%01");
	p = p ? strchr(p, '/') : NULL;
	return p && p[1] >= '0' && p[1] <= '7' && p[2] == '/' ? p[1] - '0' : -1;
}

static int h_display_logbuffer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *lv = parser_arg_get(m, "severity");
	const parser_value *sv = parser_arg_get(m, "value");
	int level = 7;
	store_logbuf b;

	if (lv)
		level = (int)lv->u;
	for (int i = 0; i < 8; i++)
		if (parser_kw(m, severities[i]))
			level = i;
	const char *dir = vsh_audit_logbuf_dir();
	if (dir && store_logbuf_read(dir, &b) != 0) {
		snprintf(err, errlen, "Error: The log buffer cannot be read.");
		return -1;
	}
	if (!dir)
		memset(&b, 0, sizeof b);
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		store_logbuf_free(&b);
		return -1;
	}
	vsh_out_printf(o, "Allowed max buffer size : %d", STORE_LOGBUF_ALLOWED);
	vsh_out_printf(o, "Actual buffer size : %d", STORE_LOGBUF_MAX);
	vsh_out_printf(o, "Channel number : 4 , Channel name : logbuffer");
	vsh_out_printf(o, "Dropped messages : 0");
	vsh_out_printf(o, "Overwritten messages : %lu", b.overwritten);
	vsh_out_printf(o, "Current messages : %zu", b.n);
	vsh_out_line(o, "", 0);
	unsigned long shown = 0, most = sv ? (unsigned long)sv->u : (unsigned long)-1;
	for (size_t i = 0; i < b.n && shown < most; i++) {
		if (msg_severity(b.msg[i]) > level)
			continue;
		vsh_out_line(o, b.msg[i], strlen(b.msg[i]));
		shown++;
	}
	vsh_out_free(o);
	store_logbuf_free(&b);
	return 0;
}

static const ptype pt_severity = {
	.kind = PT_UINT, .help_token = "INTEGER<0-7>", .min = 0, .max = 7,
};
static const ptype pt_size = {
	.kind = PT_UINT, .help_token = "INTEGER<1-102400>", .min = 1, .max = 102400,
};
static const parser_param log_params[] = {
	{ "severity", &pt_severity, NULL },
	{ "value", &pt_size, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_log[] = {
	{
		.pc = { .format = "display logbuffer [ level { <severity> | emergencies | alert | "
				  "critical | error | warning | notification | informational | "
				  "debugging } ] [ size <value> ]",
			.help = "Show information\n"
				"Recent log messages (logins, commits, rollbacks)\n"
				"Messages of this severity and more severe ones\n"
				"Severity 0 (most severe) to 7\n"
				"Severity 0\nSeverity 1\nSeverity 2\nSeverity 3\nSeverity 4\n"
				"Severity 5\nSeverity 6\nSeverity 7\n"
				"Number of messages to show\n"
				"Number of messages",
			.params = log_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_logbuffer,
	},
	{ .pc = { .format = NULL } },
};
