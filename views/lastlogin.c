/* The last login of each user as a session shows it (see lastlogin.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../store/online.h"
#include "lastlogin.h"
#include "state.h"

size_t vsh_lastlogin_format(const vsh_lastlogin *r, char *buf, size_t buflen)
{
	const char *way = strcmp(r->kind, "TEL") == 0	? "Telnet"
			  : strcmp(r->kind, "SSH") == 0 ? "SSH"
			  : strcmp(r->kind, "CON") == 0 ? "Console"
							: NULL;
	struct tm tm;
	time_t t = (time_t)r->time;
	char when[32];

	if (!way || buflen == 0 || !localtime_r(&t, &tm) ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return 0;
	bool from = r->addr[0] && strcmp(r->kind, "CON") != 0;
	int n = snprintf(buf, buflen, "      The last login time is %s%s%.*s through %s.", when,
			 from ? " from " : "", from ? (int)sizeof r->addr : 0, r->addr, way);
	if (n < 0 || (size_t)n >= buflen) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

bool vsh_lastlogin_note(vsh_session *s, time_t login_time, vsh_lastlogin *prev)
{
	char key[VSH_LASTLOGIN_KEY_MAX + 1], err[256];
	vsh_lastlogin cur;
	store_online_rec r;

	memset(prev, 0, sizeof *prev);
	if (!s->store)
		return false;
	memset(&cur, 0, sizeof cur);
	cur.time = (int64_t)login_time;
	if (s->online && store_online_get(s->online, s->online_slot, &r)) {
		snprintf(cur.kind, sizeof cur.kind, "%s", r.kind[0] ? r.kind : "CON");
		snprintf(cur.addr, sizeof cur.addr, "%s", r.addr);
	} else if (!s->ui_name[0] || strncmp(s->ui_name, "CON", 3) == 0) {
		snprintf(cur.kind, sizeof cur.kind, "CON");
	} else {
		return false; /* not known how this login came */
	}
	/* The two kinds of key differ before the first ':'. */
	int n = s->user[0] ? snprintf(key, sizeof key, "user:%s", s->user)
			   : snprintf(key, sizeof key, "ui:%s", s->ui_name[0] ? s->ui_name : "CON 0");
	if (n < 0 || (size_t)n >= sizeof key)
		return false;
	store_lastlogin_swap(store_path(s->store->st), key, &cur, prev, err, sizeof err);
	return prev->kind[0] != '\0';
}
