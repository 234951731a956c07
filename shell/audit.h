/* Records of who did what: logins and configuration changes, written to
 * syslog so that an operator can trace them as on the device, and to the
 * log buffer of the state directory (`display logbuffer`, store/logbuf.h).
 *
 * Login events go to the authpriv facility; configuration events to the
 * facility set with vsh_audit_set_facility (local7 unless changed).  The
 * process identifies itself as "vrpsh".  Messages are in the device's
 * format, "%%01MODULE/SEVERITY/BRIEF(TYPE):TEXT. (Key=Value, ...)":
 *   SHELL/5/LOGIN, SHELL/5/LOGOUT, SHELL/4/LOGINFAILED (also for a
 *   blocked account; Reason says which), CONFIGURATION/5/CFG_COMMIT,
 *   CONFIGURATION/5/CFG_ROLLBACK, CONFIGURATION/4/CFG_TRIAL_ROLLBACK.
 * The log buffer's copy starts with the time and the host name
 * ("Dec 19 2020 18:11:33 HUAWEI %%01SHELL/5/LOGIN(s):..."). */
#ifndef VRPSH_SHELL_AUDIT_H
#define VRPSH_SHELL_AUDIT_H

#include <stddef.h>
#include <stdint.h>

enum vsh_audit_login_event {
	VSH_AUDIT_LOGIN,         /* a user logged in */
	VSH_AUDIT_LOGOUT,        /* a user logged out (or the session ended) */
	VSH_AUDIT_LOGIN_FAILED,  /* wrong user name or password, or none given */
	VSH_AUDIT_LOGIN_BLOCKED, /* refused because the account is locked */
};

enum vsh_audit_config_event {
	VSH_AUDIT_COMMIT,        /* a commit (trial included) */
	VSH_AUDIT_ROLLBACK,      /* rollback configuration */
	VSH_AUDIT_TRIAL_REVERT,  /* a trial commit rolled back by its timer */
};

/* A login event.  user may be "" (nothing typed), line is the user
 * interface ("VTY 0", "CON 0"), addr the peer address ("" on the console),
 * reason a short text for failures (may be NULL). */
void vsh_audit_login(enum vsh_audit_login_event ev, const char *user, const char *line,
		     const char *addr, const char *reason);

/* A configuration event: the host name the device had when it was made
 * (NULL: the attached session's), who, the commit ID it produced (0 when
 * none), its label (may be NULL) and how many configuration lines it
 * changed. */
void vsh_audit_config(enum vsh_audit_config_event ev, const char *host, const char *user,
		      uint64_t commit_id, const char *label, size_t nlines);

/* The syslog facility of configuration events (LOG_LOCAL7 by default). */
void vsh_audit_set_facility(int facility);

/* The session whose host name heads the log buffer's lines, and the state
 * directory whose log buffer gets them (NULL: syslog only).  One per
 * process; vsh_audit_detach forgets s. */
struct vsh_session;
void vsh_audit_attach(const struct vsh_session *s, const char *state_dir);
void vsh_audit_detach(const struct vsh_session *s);

/* The state directory whose log buffer is in use, or NULL. */
const char *vsh_audit_logbuf_dir(void);

#endif
