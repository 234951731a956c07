/* Logins of the console and of SSH login shells, and the banner printed
 * after every successful login. */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "../views/aaa.h"
#include "../views/lastlogin.h"
#include "../views/lockout.h"
#include "../views/state.h"
#include "../views/terminal.h"
#include "../views/ui.h"
#include "login.h"

/* The login recorded by cli_login_open, whose logout cli_login_close
 * records. */
static struct {
	bool open;
	char user[64], line[16], addr[64];
} logged;

static void audit_login(const char *user, const char *line, const char *addr)
{
	snprintf(logged.user, sizeof logged.user, "%s", user);
	snprintf(logged.line, sizeof logged.line, "%s", line);
	snprintf(logged.addr, sizeof logged.addr, "%s", addr);
	logged.open = true;
	vsh_audit_login(VSH_AUDIT_LOGIN, user, line, addr, NULL);
}

const char cli_login_full_msg[] = "All user interfaces are used, please try later!";

store_online *cli_login_table(const char *state_dir)
{
	return state_dir ? store_online_open(state_dir) : NULL;
}

void cli_login_banner(vsh_session *s, time_t login_time)
{
	struct tm tm;
	char when[32], text[512];
	vsh_lastlogin last;
	int max = vsh_ui_max_vty(s->db);
	int vty = s->online ? store_online_count(s->online, STORE_ONLINE_VTY(0),
					       STORE_ONLINE_VTY(STORE_ONLINE_MAX_VTY - 1))
			    : 1;
	int all = s->online ? store_online_count(s->online, 0, STORE_ONLINE_SLOTS - 1) : 1;

	localtime_r(&login_time, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	vsh_printf(s,
		   "Info: The max number of VTY users is %d, the number of current VTY users online "
		   "is %d, and total number of terminal users online is %d.\n"
		   "      The current login time is %s.\n",
		   max, vty, all, when);
	/* The login before this one, then this one becomes the last. */
	if (vsh_lastlogin_note(s, login_time, &last) &&
	    vsh_lastlogin_format(&last, text, sizeof text))
		vsh_printf(s, "%s\n", text);
	if (vsh_header_get(s->db, false, text, sizeof text))
		vsh_printf(s, "%s\n", text);
}

static void fill_record(store_online_rec *r, const char *kind, const char *user, time_t now)
{
	memset(r, 0, sizeof *r);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	snprintf(r->user, sizeof r->user, "%s", user);
	r->login_time = r->last_input = (int64_t)now;
	r->pid = (int32_t)getpid();
	r->authenticated = 1;
}

/* The client's address from SSH_CONNECTION ("CLIENT-IP CLIENT-PORT ..."). */
static void ssh_client(char *buf, size_t len)
{
	const char *c = getenv("SSH_CONNECTION");
	size_t n = c ? strcspn(c, " ") : 0;

	if (n >= len)
		n = len - 1;
	memcpy(buf, c ? c : "", n);
	buf[n] = '\0';
}

int cli_login_open(cli_shell *sh, const cli_opts *o, bool tty, char *err, size_t errlen)
{
	vsh_session *s = &sh->s;
	bool ssh = getenv("SSH_CONNECTION") != NULL;
	const struct passwd *pw = getpwuid(getuid());
	const char *account = pw && pw->pw_name ? pw->pw_name : "";
	time_t now = time(NULL);
	vsh_ui_conf ui;
	store_online_rec r;

	if (!tty && !ssh)
		return 0;
	s->online = cli_login_table(o->state_dir);
	if (!ssh) {
		/* The local console: its settings, no time-out.  The banner
		 * only for a login (vrpsh as the login shell on a terminal, a
		 * serial console's getty): run by hand, it is a tool. */
		vsh_ui_get(s->db, -1, &ui);
		s->screen_length = s->screen_length_ui = tty ? ui.screen_length : 0;
		snprintf(s->ui_name, sizeof s->ui_name, "CON 0");
		fill_record(&r, "", "", now);
		if (s->online) {
			s->online_slot = store_online_claim(s->online, STORE_ONLINE_CON, STORE_ONLINE_CON, &r);
			if (s->online_slot < 0) {
				/* Another console is open: this one is not listed. */
				store_online_close(s->online);
				s->online = NULL;
			}
		}
		if (tty && o->login) {
			cli_login_banner(s, now);
			audit_login(account, s->ui_name, "");
		}
		return 0;
	}

	int max = vsh_ui_max_vty(s->db), vty = 0;
	fill_record(&r, "SSH", account, now);
	ssh_client(r.addr, sizeof r.addr);
	if (s->online) {
		int slot = max > 0 ? store_online_claim(s->online, STORE_ONLINE_VTY(0),
						      STORE_ONLINE_VTY(max - 1), &r)
				   : -1;
		if (slot < 0) {
			store_online_close(s->online);
			s->online = NULL;
			snprintf(err, errlen, "%s", cli_login_full_msg);
			vsh_audit_login(VSH_AUDIT_LOGIN_FAILED, account, "", r.addr,
					"All user interfaces are used");
			return -1;
		}
		s->online_slot = slot;
		vty = slot - STORE_ONLINE_VTY(0);
	}
	vsh_ui_get(s->db, vty, &ui);
	vsh_aaa_user u;
	bool local = vsh_aaa_user_get(s->db, account, &u);
	/* sshd has authenticated the account; a local user of that name that
	 * is blocked (state block, or locked after wrong passwords) may not
	 * log in all the same. */
	vsh_lockout_policy lp;
	vsh_lockout_state ls;
	vsh_aaa_lockout_policy(s->db, CFG_RUNNING, &lp);
	if (local && (u.blocked || (o->state_dir && vsh_lockout_get(o->state_dir, account, &lp,
								      vsh_now(), &ls)))) {
		char line[16];
		snprintf(line, sizeof line, "VTY %d", vty);
		vsh_audit_login(VSH_AUDIT_LOGIN_BLOCKED, account, line, r.addr,
				u.blocked ? "the account is blocked (state block)"
					  : "the account is locked after wrong passwords");
		cli_login_close(sh);
		snprintf(err, errlen, "Error: The local user %s is blocked.", account);
		return -1;
	}
	s->level = local && u.level >= 0 ? u.level : o->level;
	s->idle_seconds = local && u.idle_seconds ? u.idle_seconds : ui.idle_seconds;
	s->screen_length = s->screen_length_ui = tty ? ui.screen_length : 0;
	snprintf(s->user, sizeof s->user, "%s", account);
	snprintf(s->ui_name, sizeof s->ui_name, "VTY %d", vty);
	if (tty) /* without one the input is a script (cli/main.c) */
		cli_login_banner(s, now);
	audit_login(account, s->ui_name, r.addr);
	return 0;
}

void cli_login_close(cli_shell *sh)
{
	vsh_session *s = &sh->s;

	if (logged.open) {
		vsh_audit_login(VSH_AUDIT_LOGOUT, logged.user, logged.line, logged.addr, NULL);
		logged.open = false;
	}
	if (s->online) {
		store_online_release(s->online, s->online_slot);
		store_online_close(s->online);
		s->online = NULL;
	}
}
