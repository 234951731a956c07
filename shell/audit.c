/* Login and configuration events to syslog and to the state directory's
 * log buffer, in the device's log format (see audit.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "../store/logbuf.h"
#include "audit.h"
#include "session.h"

static int config_facility = LOG_LOCAL7;
static const vsh_session *host_session; /* whose sysname heads buffer lines */
static char logbuf_dir[PATH_MAX]; /* the state directory whose log buffer gets lines */

void vsh_audit_set_facility(int facility)
{
	config_facility = facility;
}

void vsh_audit_attach(const vsh_session *s, const char *state_dir)
{
	host_session = s;
	logbuf_dir[0] = '\0';
	if (state_dir && snprintf(logbuf_dir, sizeof logbuf_dir, "%s", state_dir) >=
				 (int)sizeof logbuf_dir)
		logbuf_dir[0] = '\0';
}

void vsh_audit_detach(const vsh_session *s)
{
	if (host_session == s) {
		host_session = NULL;
		logbuf_dir[0] = '\0';
	}
}

const char *vsh_audit_logbuf_dir(void)
{
	return logbuf_dir[0] ? logbuf_dir : NULL;
}

/* One message: "%%01MODULE/SEVERITY/BRIEF(TYPE):TEXT" to syslog, and with
 * the time and the host name in front to the log buffer. */
static void audit_write(const char *host, int facility, int prio, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void audit_write(const char *host, int facility, int prio, const char *fmt, ...)
{
	char msg[1024], line[1400], when[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);

	/* openlog once per process; the facility is given per message. */
	static int opened;
	if (!opened) {
		openlog("vrpsh", LOG_PID, LOG_USER);
		opened = 1;
	}
	syslog(facility | prio, "%s", msg);

	if (!logbuf_dir[0])
		return;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%b %d %Y %H:%M:%S", &tm);
	size_t hl = host ? strlen(host) : 0;
	if (!host && host_session)
		host = vsh_hostname(host_session, &hl);
	if (!host) {
		host = "HUAWEI";
		hl = 6;
	}
	snprintf(line, sizeof line, "%s %.*s %s", when, (int)hl, host, msg);
	(void)store_logbuf_append(logbuf_dir, line); /* the syslog copy stands */
}

/* "VTY 0" -> "VTY0", as the device names a line in its logs. */
static void line_name(const char *line, char *buf, size_t len)
{
	size_t n = 0;
	for (const char *p = line ? line : ""; *p && n + 1 < len; p++)
		if (*p != ' ')
			buf[n++] = *p;
	buf[n] = '\0';
}

/* The device shows what it does not know as "**". */
static const char *or_stars(const char *s)
{
	return s && *s ? s : "**";
}

void vsh_audit_login(enum vsh_audit_login_event ev, const char *user, const char *line,
		     const char *addr, const char *reason)
{
	char ln[32];

	line_name(line, ln, sizeof ln);
	user = or_stars(user);
	addr = or_stars(addr);
	switch (ev) {
	case VSH_AUDIT_LOGIN:
		audit_write(NULL, LOG_AUTHPRIV, LOG_NOTICE,
			    "%%%%01SHELL/5/LOGIN(s):The user succeeded in logging in to %s. "
			    "(UserName=%s, IpAddress=%s, VpnName=)",
			    or_stars(ln), user, addr);
		break;
	case VSH_AUDIT_LOGOUT:
		audit_write(NULL, LOG_AUTHPRIV, LOG_NOTICE,
			    "%%%%01SHELL/5/LOGOUT(s):The user succeeded in logging out of %s. "
			    "(UserName=%s, IpAddress=%s, VpnName=)",
			    or_stars(ln), user, addr);
		break;
	case VSH_AUDIT_LOGIN_FAILED:
	case VSH_AUDIT_LOGIN_BLOCKED:
		if (!reason || !*reason)
			reason = ev == VSH_AUDIT_LOGIN_BLOCKED ? "The user is blocked"
							       : "Wrong user name or password";
		audit_write(NULL, LOG_AUTHPRIV, LOG_WARNING,
			    "%%%%01SHELL/4/LOGINFAILED(s):Failed to log in to %s. "
			    "(UserName=%s, IpAddress=%s, VpnName=, Reason=%s)",
			    or_stars(ln), user, addr, reason);
		break;
	}
}

void vsh_audit_config(enum vsh_audit_config_event ev, const char *host, const char *user,
		      uint64_t commit_id, const char *label, size_t nlines)
{
	static const struct {
		int prio;
		const char *head;
	} kind[] = {
		[VSH_AUDIT_COMMIT] = { LOG_NOTICE, "5/CFG_COMMIT(l):The configuration was committed" },
		[VSH_AUDIT_ROLLBACK] = { LOG_NOTICE,
					 "5/CFG_ROLLBACK(l):The configuration was rolled back" },
		[VSH_AUDIT_TRIAL_REVERT] = { LOG_WARNING,
					     "4/CFG_TRIAL_ROLLBACK(l):The trial configuration was "
					     "not confirmed in time and was rolled back" },
	};

	audit_write(host, config_facility, kind[ev].prio,
		    "%%%%01CONFIGURATION/%s. (CommitId=%llu, UserName=%s, Label=%s, "
		    "ChangedLines=%zu)",
		    kind[ev].head, (unsigned long long)commit_id, or_stars(user),
		    label ? label : "", nlines);
}
