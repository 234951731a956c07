/* The last login of each user as a login shows it: the banner line, and
 * the record of a session's login (the records themselves are kept by the
 * store: store/lastlogin.h).
 *
 * A session with a user name (an AAA user, an SSH account) is recorded
 * under that name (key "user:NAME"); a session without one
 * (authentication-mode none or password, the console) under its user
 * interface (key "ui:VTY 0", "ui:CON 0"). */
#ifndef VRPSH_VIEWS_LASTLOGIN_H
#define VRPSH_VIEWS_LASTLOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../shell/session.h"
#include "../store/lastlogin.h"

/* A login record (the file itself is the store's: store/lastlogin.h). */
typedef store_lastlogin vsh_lastlogin;
#define VSH_LASTLOGIN_KEY_MAX STORE_LASTLOGIN_KEY_MAX

/* The banner line for a recorded login, without its line end, in local
 * time:
 *   "      The last login time is 2022-10-28 17:33:49 from 192.0.2.1 through SSH."
 * ("through Telnet", "through SSH", "through Console"; no "from ..." when
 * the address is unknown or for the console).  Returns the length, 0 when
 * it does not fit or r holds no login. */
size_t vsh_lastlogin_format(const vsh_lastlogin *r, char *buf, size_t buflen);

/* At a login of session s at `login_time`: the key from s->user or
 * s->ui_name, the way and address from its record in s->online, the file
 * in the state directory of s->store.  Fills *prev and returns true when
 * the key has an earlier login; records this one (best effort).  Does
 * nothing without a state directory. */
bool vsh_lastlogin_note(vsh_session *s, time_t login_time, vsh_lastlogin *prev);

#endif
