/* Login and configuration events to syslog (see audit.h). */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "audit.h"

static int config_facility = LOG_LOCAL7;

void vsh_audit_set_facility(int facility)
{
	config_facility = facility;
}

static void audit_write(int facility, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void audit_write(int facility, int prio, const char *fmt, ...)
{
	va_list ap;

	/* openlog once per process; the facility is given per message. */
	static int opened;
	if (!opened) {
		openlog("vrpsh", LOG_PID, LOG_USER);
		opened = 1;
	}
	va_start(ap, fmt);
	vsyslog(facility | prio, fmt, ap);
	va_end(ap);
}

void vsh_audit_login(enum vsh_audit_login_event ev, const char *user, const char *line,
		     const char *addr, const char *reason)
{
	static const char *const what[] = {
		[VSH_AUDIT_LOGIN] = "logged in",
		[VSH_AUDIT_LOGOUT] = "logged out",
		[VSH_AUDIT_LOGIN_FAILED] = "failed to log in",
		[VSH_AUDIT_LOGIN_BLOCKED] = "was refused: the account is locked",
	};
	int prio = ev == VSH_AUDIT_LOGIN || ev == VSH_AUDIT_LOGOUT ? LOG_INFO : LOG_WARNING;

	audit_write(LOG_AUTHPRIV, prio, "User %s %s. (UserName=%s, Line=%s, IpAddress=%s%s%s)",
		    user && *user ? user : "(none)", what[ev], user ? user : "", line ? line : "",
		    addr ? addr : "", reason ? ", Reason=" : "", reason ? reason : "");
}

void vsh_audit_config(enum vsh_audit_config_event ev, const char *user, uint64_t commit_id,
		      const char *label, size_t nlines)
{
	static const char *const what[] = {
		[VSH_AUDIT_COMMIT] = "committed the configuration",
		[VSH_AUDIT_ROLLBACK] = "rolled the configuration back",
		[VSH_AUDIT_TRIAL_REVERT] = "trial configuration rolled back by its timer",
	};

	audit_write(config_facility, LOG_NOTICE,
		    "%s %s. (UserName=%s, CommitId=%llu, Label=%s, ChangedLines=%zu)",
		    user && *user ? user : "(system)", what[ev], user ? user : "",
		    (unsigned long long)commit_id, label ? label : "", nlines);
}
