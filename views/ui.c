/* User interfaces: the console and VTY views (`user-interface con 0`,
 * `user-interface vty FIRST [LAST]`) with their login settings,
 * `user-interface maximum-vty`, and `display users`.
 *
 * Layout in the configuration tree:
 *   user-interface maximum-vty N        top level, after sysname
 *   user-interface con 0                sections that exist without
 *   user-interface vty F [L]            configuration, console first, then
 *                                       VTY ranges by their numbers
 *    authentication-mode aaa|password|none
 *    set authentication password cipher HASH
 *    user privilege level N
 *    idle-timeout MIN SEC
 *    screen-length N
 * Ranges are kept as typed.  A VTY's setting comes from the narrowest range
 * that holds it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa.h"
#include "edit.h"
#include "online.h"
#include "order.h"
#include "ui.h"

#define VTY_LAST (VSH_ONLINE_MAX_VTY - 1)
#define UI_LINE_MAX 192

enum { SUB_AUTH = 1, SUB_PASSWORD, SUB_LEVEL, SUB_IDLE, SUB_SCREEN };

static const ptype pt_first = {
	.kind = PT_UINT, .help_token = "INTEGER<0-20>", .min = 0, .max = VTY_LAST,
};
static const ptype pt_last = {
	.kind = PT_UINT, .help_token = "INTEGER<1-20>", .min = 1, .max = VTY_LAST,
};
static const ptype pt_console = {
	.kind = PT_UINT, .help_token = "INTEGER<0-0>", .min = 0, .max = 0,
};
static const ptype pt_max_vty = {
	.kind = PT_UINT, .help_token = "INTEGER<0-21>", .min = 0, .max = VSH_ONLINE_MAX_VTY,
};
static const ptype pt_level = {
	.kind = PT_UINT, .help_token = "INTEGER<0-3>", .min = 0, .max = 3,
};
static const ptype pt_minutes = {
	.kind = PT_UINT, .help_token = "INTEGER<0-35791>", .min = 0, .max = 35791,
};
/* A console's idle time-out is shorter: 1 to 1440 minutes. */
static const ptype pt_console_minutes = {
	.kind = PT_UINT, .help_token = "INTEGER<1-1440>", .min = 1, .max = 1440,
};
static const ptype pt_seconds = {
	.kind = PT_UINT, .help_token = "INTEGER<0-59>", .min = 0, .max = 59,
};
static const ptype pt_screen = {
	.kind = PT_UINT, .help_token = "INTEGER<0-512>", .min = 0, .max = 512,
};
static const ptype pt_ui_password = {
	.kind = PT_STRING, .help_token = "STRING<8-128>", .min = 8, .max = 128,
	.flags = PTF_QUOTE_SPACES,
};

static const parser_param ui_params[] = {
	{ "first-ui-number", &pt_first, NULL },
	{ "last-ui-number", &pt_last, NULL },
	{ "ui-number", &pt_console, NULL },
	{ "number", &pt_max_vty, NULL },
	{ "level", &pt_level, NULL },
	{ "minutes", &pt_minutes, NULL },
	{ "seconds", &pt_seconds, NULL },
	{ "screen-length", &pt_screen, NULL },
	{ "password", &pt_ui_password, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param console_idle_params[] = {
	{ "minutes", &pt_console_minutes, NULL },
	{ "seconds", &pt_seconds, NULL },
	{ NULL, NULL, NULL },
};

/* ---- reading the running configuration ------------------------------- */

static const char *line_value(cfg_db *db, cfg_entry *sect, const char *id)
{
	size_t n = strlen(id);
	cfg_entry *e = sect ? cfg_get(db, sect, id, n, CFG_RUNNING) : NULL;
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;

	return t ? t + n + (t[n] == ' ') : NULL;
}

int vsh_ui_max_vty(cfg_db *db)
{
	const char *v = line_value(db, cfg_root(db), "user-interface maximum-vty");

	return v ? atoi(v) : VSH_UI_MAX_VTY_DEFAULT;
}

static size_t vty_text(char *buf, size_t len, unsigned first, unsigned last)
{
	int n = first == last ? snprintf(buf, len, "user-interface vty %u", first)
			      : snprintf(buf, len, "user-interface vty %u %u", first, last);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* Settings found so far and the width of the range each came from. */
struct found {
	vsh_ui_conf *c;
	unsigned width[SUB_SCREEN + 1];
};

static void take(cfg_db *db, cfg_entry *sect, unsigned width, struct found *f)
{
	const char *v;

	if (!sect)
		return;
	if ((v = line_value(db, sect, "authentication-mode")) && width < f->width[SUB_AUTH]) {
		f->width[SUB_AUTH] = width;
		f->c->auth = strcmp(v, "aaa") == 0	    ? VSH_AUTH_AAA
			     : strcmp(v, "password") == 0 ? VSH_AUTH_PASSWORD
							  : VSH_AUTH_NONE;
	}
	if ((v = line_value(db, sect, "set authentication password")) &&
	    width < f->width[SUB_PASSWORD]) {
		f->width[SUB_PASSWORD] = width;
		if (strncmp(v, "cipher ", 7) == 0)
			snprintf(f->c->password, sizeof f->c->password, "%s", v + 7);
	}
	if ((v = line_value(db, sect, "user privilege level")) && width < f->width[SUB_LEVEL]) {
		f->width[SUB_LEVEL] = width;
		f->c->level = atoi(v);
	}
	if ((v = line_value(db, sect, "idle-timeout")) && width < f->width[SUB_IDLE]) {
		unsigned min = 0, sec = 0;
		f->width[SUB_IDLE] = width;
		if (sscanf(v, "%u %u", &min, &sec) >= 1)
			f->c->idle_seconds = min * 60 + sec;
	}
	if ((v = line_value(db, sect, "screen-length")) && width < f->width[SUB_SCREEN]) {
		f->width[SUB_SCREEN] = width;
		f->c->screen_length = atoi(v);
	}
}

void vsh_ui_get(cfg_db *db, int vty, vsh_ui_conf *out)
{
	struct found f;
	cfg_entry *root = cfg_root(db);
	char id[64];

	memset(out, 0, sizeof *out);
	out->screen_length = VSH_UI_SCREEN_LENGTH_DEFAULT;
	for (size_t i = 0; i < sizeof f.width / sizeof f.width[0]; i++)
		f.width[i] = ~0u;
	f.c = out;
	if (vty < 0) {
		out->auth = VSH_AUTH_NONE;
		out->level = LEVEL_MANAGE;
		out->idle_seconds = 5 * 60;
		take(db, cfg_get(db, root, "user-interface con 0", 20, CFG_RUNNING), 0, &f);
		return;
	}
	out->auth = VSH_AUTH_AAA;
	out->level = LEVEL_VISIT;
	out->idle_seconds = 10 * 60;
	/* Every range that holds this VTY: at most 21 * 21 hashed look-ups. */
	for (unsigned first = 0; first <= (unsigned)vty; first++) {
		for (unsigned last = (unsigned)vty; last <= VTY_LAST; last++) {
			size_t n = vty_text(id, sizeof id, first, last);
			take(db, cfg_get(db, root, id, n, CFG_RUNNING), last - first, &f);
		}
	}
}

/* ---- handlers -------------------------------------------------------- */

static int max_vty_candidate(vsh_session *s)
{
	const char *t = view_line_text(view_line_gets(s, cfg_root(s->db),
						      "user-interface maximum-vty"));
	return t ? atoi(t + strlen("user-interface maximum-vty ")) : VSH_UI_MAX_VTY_DEFAULT;
}

static int h_ui_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *f = parser_arg_get(m, "first-ui-number");
	const parser_value *l = parser_arg_get(m, "last-ui-number");
	unsigned first = (unsigned)f->u, last = l ? (unsigned)l->u : first;
	char text[64], suffix[32];
	int max = max_vty_candidate(s);
	cfg_entry *e;

	if (l && last <= first)
		return view_fail(err, errlen,
				 "Error: The last user interface number must be greater than the "
				 "first.");
	if ((int)last >= max)
		return view_fail(err, errlen,
				 "Error: The user interface numbers must be less than the maximum "
				 "number of VTY users (%d).", max);
	size_t n = vty_text(text, sizeof text, first, last);
	cfg_order ord = { ORD_USER_INTERFACE, 1 + (uint64_t)first * 64 + last, 0 };
	if (view_line_set(s, cfg_root(s->db), text, n, ord, CFG_F_SECTION | CFG_F_IMPLICIT, &e, err,
			  errlen) != 0)
		return -1;
	if (l)
		snprintf(suffix, sizeof suffix, "-ui-vty%u-%u", first, last);
	else
		snprintf(suffix, sizeof suffix, "-ui-vty%u", first);
	if (vsh_push(s, VIEW_UI_VTY, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The user interface view cannot be entered.");
	return 0;
}

static int h_ui_console(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	static const char text[] = "user-interface con 0";
	cfg_order ord = { ORD_USER_INTERFACE, 0, 0 };
	cfg_entry *e;

	(void)m;
	if (view_line_set(s, cfg_root(s->db), text, sizeof text - 1, ord,
			  CFG_F_SECTION | CFG_F_IMPLICIT, &e, err, errlen) != 0)
		return -1;
	if (vsh_push(s, VIEW_UI_CONSOLE, e, "-ui-console0") != 0)
		return view_fail(err, errlen, "Error: The user interface view cannot be entered.");
	return 0;
}

#define MAX_VTY_ID "user-interface maximum-vty"

static int h_max_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "number");
	char text[64];
	cfg_order ord = { ORD_UI_MAX_VTY, 0, 0 };

	int n = snprintf(text, sizeof text, MAX_VTY_ID " %s", v->canon);
	return view_line_set(s, cfg_root(s->db), text, sizeof MAX_VTY_ID - 1, ord, 0, NULL, err,
			     errlen) != 0 || n < 0 ? -1 : 0;
}

static int h_undo_max_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	view_line_del(s, cfg_root(s->db), MAX_VTY_ID, sizeof MAX_VTY_ID - 1);
	return 0;
}

static int set_ui_line(vsh_session *s, const char *id, const char *value, unsigned sub, char *err,
		       size_t errlen)
{
	char text[UI_LINE_MAX];
	size_t idlen = strlen(id);
	cfg_order ord = { sub, 0, 0 };

	int n = snprintf(text, sizeof text, "%s %s", id, value);
	if (n < 0 || (size_t)n >= sizeof text)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	return view_line_set(s, view_line_sect(s), text, idlen, ord, 0, NULL, err, errlen);
}

static int del_ui_line(vsh_session *s, const char *id)
{
	view_line_del(s, view_line_sect(s), id, strlen(id));
	return 0;
}

#define PASSWORD_ID "set authentication password"

static int h_auth_mode(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const char *mode = parser_kw(m, "aaa") ? "aaa" : parser_kw(m, "password") ? "password"
										    : "none";
	/* AAA logins do not use the interface's password: it goes. */
	if (strcmp(mode, "aaa") == 0)
		del_ui_line(s, PASSWORD_ID);
	return set_ui_line(s, "authentication-mode", mode, SUB_AUTH, err, errlen);
}

static int h_undo_auth_mode(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	del_ui_line(s, PASSWORD_ID);
	return del_ui_line(s, "authentication-mode");
}

static int h_set_password(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "password");
	char hash[160], value[192];

	if (vsh_aaa_is_hash(v->str)) {
		snprintf(hash, sizeof hash, "%s", v->str);
	} else {
		if (strchr(v->str, '?'))
			return view_fail(err, errlen,
					 "Error: The password cannot contain a question mark (?).");
		if (vsh_aaa_hash(v->str, hash, sizeof hash) != 0)
			return view_fail(err, errlen,
					 "Error: The password cannot be encrypted on this system.");
	}
	snprintf(value, sizeof value, "cipher %s", hash);
	return set_ui_line(s, PASSWORD_ID, value, SUB_PASSWORD, err, errlen);
}

static int h_undo_set_password(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	return del_ui_line(s, PASSWORD_ID);
}

static int h_level(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return set_ui_line(s, "user privilege level", parser_arg_get(m, "level")->canon, SUB_LEVEL,
			   err, errlen);
}

static int h_undo_level(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	return del_ui_line(s, "user privilege level");
}

static int h_idle(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *min = parser_arg_get(m, "minutes");
	const parser_value *sec = parser_arg_get(m, "seconds");
	char value[160];

	snprintf(value, sizeof value, "%s %s", min->canon, sec ? sec->canon : "0");
	return set_ui_line(s, "idle-timeout", value, SUB_IDLE, err, errlen);
}

static int h_undo_idle(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	return del_ui_line(s, "idle-timeout");
}

static int h_screen(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return set_ui_line(s, "screen-length", parser_arg_get(m, "screen-length")->canon, SUB_SCREEN,
			   err, errlen);
}

static int h_undo_screen(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	return del_ui_line(s, "screen-length");
}

/* ---- display users --------------------------------------------------- */

/* Absolute user-interface numbers as the device counts them. */
#define ABS_CON 0
#define ABS_VTY0 34

static void users_row(vsh_session *s, bool current, int absno, const char *ui,
		      const vsh_online_rec *r)
{
	char delay[32] = "", type[8] = "", addr[48] = "", user[72] = "";
	const char *authen = "";

	if (r) {
		int64_t idle = (int64_t)time(NULL) - r->last_input;
		if (idle < 0)
			idle = 0;
		snprintf(delay, sizeof delay, "%02lld:%02lld:%02lld", (long long)(idle / 3600),
			 (long long)(idle / 60 % 60), (long long)(idle % 60));
		snprintf(type, sizeof type, "%s", r->kind);
		snprintf(addr, sizeof addr, "%s", r->addr);
		snprintf(user, sizeof user, "%s", r->user[0] ? r->user : "Unspecified");
		authen = "pass";
	}
	char line[256];
	int n = snprintf(line, sizeof line, "%s%-4d%-8s%-10s%-7s%-18s%-10s%-9s%s",
			 current ? "* " : "  ", absno, ui, delay, type, addr, authen,
			 r ? "yes" : "", user);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	while (len && line[len - 1] == ' ')
		len--;
	vsh_write(s, line, len);
	vsh_write(s, "\n\n", 2);
}

static int h_display_users(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	static const char rule[] =
		"--------------------------------------------------------------------------------\n";
	bool all = parser_kw(m, "all");
	vsh_online_rec r;
	char ui[16];

	(void)err, (void)errlen;
	vsh_printf(s, "NOTE:\n"
		      "User-Intf: The absolute number and the relative number of user interface\n"
		      "Authen: Whether the authentication passes\n"
		      "Author: Command line authorization flag\n");
	vsh_printf(s, "%s  User-Intf   Delay     Type   Network Address   Authen    Author   "
		      "Username\n%s",
		   rule, rule);
	if (!s->online) {
		/* Not in a shared table: this session only. */
		memset(&r, 0, sizeof r);
		r.login_time = r.last_input = (int64_t)time(NULL);
		snprintf(r.user, sizeof r.user, "%s", s->user);
		bool con = !s->ui_name[0] || strncmp(s->ui_name, "CON", 3) == 0;
		users_row(s, true, con ? ABS_CON : ABS_VTY0 + atoi(s->ui_name + 4),
			  s->ui_name[0] ? s->ui_name : "CON 0", &r);
		return 0;
	}
	int max = vsh_ui_max_vty(s->db);
	for (int slot = 0; slot < VSH_ONLINE_SLOTS; slot++) {
		bool con = slot == VSH_ONLINE_CON;
		int n = con ? 0 : slot - VSH_ONLINE_VTY(0);
		bool here = vsh_online_get(s->online, slot, &r);
		if (!here && !(all && (con || n < max)))
			continue;
		snprintf(ui, sizeof ui, "%s %d", con ? "CON" : "VTY", n);
		users_row(s, slot == s->online_slot, con ? ABS_CON : ABS_VTY0 + n, ui,
			  here ? &r : NULL);
	}
	return 0;
}

/* ---- the table ------------------------------------------------------- */

#define H_UNDO "Cancel a setting or restore its default\n"
#define UI_VIEWS (VB(VIEW_UI_VTY) | VB(VIEW_UI_CONSOLE))
#define H_AUTH "Set how logins through the user interface are authenticated\n" \
	       "By a local user name and password (AAA)\n" \
	       "By the user interface's password\n" \
	       "Without authentication"
#define H_LEVEL "User settings\nPrivilege settings\nSet the privilege level of the logins\n" \
		"Level: 0 visit, 1 monitor, 2 configure, 3 manage"
#define H_IDLE "Disconnect a login after a time without input\n" \
	       "Minutes (0 0: never)\n" \
	       "Seconds"
#define H_IDLE_CON "Disconnect a login after a time without input\nMinutes\nSeconds"
#define H_PASSWORD "Set a parameter\nAuthentication settings\n" \
		   "Set the user interface's login password\n" \
		   "Store the password as a one-way hash\n" \
		   "Password: 8-128 characters, or a stored hash"

const view_cmd view_cmds_ui[] = {
	{
		.pc = { .format = "user-interface vty <first-ui-number> [ <last-ui-number> ]",
			.help = "Configure user interfaces\n"
				"Virtual terminals (Telnet and SSH logins)\n"
				"First VTY number\n"
				"Last VTY number",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VB(VIEW_SYSTEM),
		.fn = h_ui_vty,
	},
	{
		.pc = { .format = "user-interface console <ui-number>",
			.help = "Configure user interfaces\n"
				"The console port\n"
				"Console number",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VB(VIEW_SYSTEM),
		.fn = h_ui_console,
	},
	{
		.pc = { .format = "user-interface maximum-vty <number>",
			.help = "Configure user interfaces\n"
				"Set how many VTY users may be logged in at once\n"
				"Number of VTY users",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VB(VIEW_SYSTEM),
		.fn = h_max_vty,
	},
	{
		.pc = { .format = "undo user-interface maximum-vty",
			.help = H_UNDO "Configure user interfaces\n"
				"Set how many VTY users may be logged in at once",
			.level = LEVEL_MANAGE },
		.views = VB(VIEW_SYSTEM),
		.fn = h_undo_max_vty,
	},
	{
		.pc = { .format = "authentication-mode { aaa | password | none }",
			.help = H_AUTH, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_auth_mode,
	},
	{
		.pc = { .format = "undo authentication-mode",
			.help = H_UNDO "Set how logins through the user interface are authenticated",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_auth_mode,
	},
	{
		.pc = { .format = "set authentication password cipher <password>",
			.help = H_PASSWORD, .params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_set_password,
	},
	{
		.pc = { .format = "undo set authentication password",
			.help = H_UNDO "Set a parameter\nAuthentication settings\n"
				"Set the user interface's login password",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_set_password,
	},
	{
		.pc = { .format = "user privilege level <level>",
			.help = H_LEVEL, .params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_level,
	},
	{
		.pc = { .format = "undo user privilege level",
			.help = H_UNDO "User settings\nPrivilege settings\n"
				"Set the privilege level of the logins",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_level,
	},
	{
		.pc = { .format = "idle-timeout <minutes> [ <seconds> ]",
			.help = H_IDLE, .params = ui_params, .level = LEVEL_MANAGE },
		.views = VB(VIEW_UI_VTY),
		.fn = h_idle,
	},
	{
		.pc = { .format = "idle-timeout <minutes> [ <seconds> ]",
			.help = H_IDLE_CON, .params = console_idle_params, .level = LEVEL_MANAGE },
		.views = VB(VIEW_UI_CONSOLE),
		.fn = h_idle,
	},
	{
		.pc = { .format = "undo idle-timeout",
			.help = H_UNDO "Disconnect a login after a time without input",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_idle,
	},
	{
		.pc = { .format = "screen-length <screen-length>",
			.help = "Set the lines per screen from the next login on\n"
				"Lines (0: no paging)",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_screen,
	},
	{
		.pc = { .format = "undo screen-length",
			.help = H_UNDO "Set the lines per screen from the next login on",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_screen,
	},
	{
		.pc = { .format = "display users [ all ]",
			.help = "Show information\n"
				"Show the user interfaces in use\n"
				"Include the user interfaces nobody is logged in to",
			.level = LEVEL_MONITOR },
		.views = VIEWS_ALL,
		.fn = h_display_users,
	},
	{ .pc = { .format = NULL } },
};
