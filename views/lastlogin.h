/* The last login of each user: when, from where and how, kept in the state
 * directory so that the next login can show it ("The last login time is
 * ... from ... through SSH.").
 *
 * A session with a user name (an AAA user, an SSH account) is recorded
 * under that name (key "user:NAME"); a session without one
 * (authentication-mode none or password, the console) under its user
 * interface (key "ui:VTY 0", "ui:CON 0").
 *
 * Files (in the state directory):
 *   lastlogin       a first line "!vrpsh lastlogin 1", then one text
 *                   line per key, "KEY TIME KIND ADDR": the key with '%'
 *                   and every byte outside '!'..'~' written as %XX,
 *                   seconds since the epoch, TEL, SSH or CON, the client's
 *                   address or "-".  Lines that do not have this form
 *                   exactly are ignored; so is anything past the first
 *                   MiB.
 *   lastlogin.lock  flock(2) target: an update reads, changes and replaces
 *                   the file (temporary file, fsync, rename) while holding
 *                   it exclusively, so that concurrent logins lose nothing
 *                   and a crash leaves the old or the new file. */
#ifndef VRPSH_VIEWS_LASTLOGIN_H
#define VRPSH_VIEWS_LASTLOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../shell/session.h"

#define VSH_LASTLOGIN_NAME "lastlogin"
#define VSH_LASTLOGIN_LOCK "lastlogin.lock"
#define VSH_LASTLOGIN_KEY_MAX 160 /* bytes of a key */
#define VSH_LASTLOGIN_MAX 1024    /* keys kept; beyond that the oldest logins go */

typedef struct vsh_lastlogin {
	int64_t time;   /* seconds since the epoch */
	char kind[4];   /* "TEL", "SSH", "CON"; "" when there is no record */
	char addr[48];  /* the client's address, "" for the console or when unknown */
} vsh_lastlogin;

/* Record `cur` as the latest login of `key` in directory `dir` and give
 * the one it replaces in *prev (prev->kind "" when the key has none).
 * Returns 0, or -1 with a message when the record could not be updated
 * (*prev then holds what could be read).  An address with characters an
 * address does not have is recorded as unknown. */
int vsh_lastlogin_swap(const char *dir, const char *key, const vsh_lastlogin *cur,
		       vsh_lastlogin *prev, char *err, size_t errlen);

/* The latest recorded login of `key`; false when there is none. */
bool vsh_lastlogin_get(const char *dir, const char *key, vsh_lastlogin *out);

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
