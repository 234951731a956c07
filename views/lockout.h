/* Account lockout of local users after wrong passwords, as the device does
 * it (`local-aaa-user wrong-password retry-interval I retry-time T
 * block-time B`): T wrong passwords within I minutes lock the account for
 * B minutes, during which no password opens it, the right one included.
 *
 * The count is shared by every vrpsh process that checks passwords for a
 * state directory (one process per VTY session, SSH login shells): the
 * store keeps the records (store/lockout.h); this module applies the rules
 * to them.
 * Times are given by the caller (vsh_now(): tests may speed the clock up). */
#ifndef VRPSH_VIEWS_LOCKOUT_H
#define VRPSH_VIEWS_LOCKOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/lockout.h"

#define VSH_LOCKOUT_USER_MAX STORE_LOCKOUT_USER_MAX /* bytes of a user name */

/* The policy (the reference page's defaults: 5 minutes, 3 tries, 5 minutes). */
typedef struct vsh_lockout_policy {
	bool enabled;          /* false after `undo local-aaa-user wrong-password` */
	unsigned interval_min; /* retry-interval, 5..65535 minutes */
	unsigned tries;        /* retry-time, 3..65535 */
	unsigned block_min;    /* block-time, 5..65535 minutes */
} vsh_lockout_policy;

#define VSH_LOCKOUT_INTERVAL_DEFAULT 5
#define VSH_LOCKOUT_TRIES_DEFAULT 3
#define VSH_LOCKOUT_BLOCK_DEFAULT 5

/* One user's record. */
typedef store_lockout_state vsh_lockout_state;

/* The user's record as of `now` under policy p (an expired block or
 * interval counts as none).  Returns true when the account is blocked.
 * Without a record (or a readable file), *st is all zero. */
bool vsh_lockout_get(const char *dir, const char *user, const vsh_lockout_policy *p,
		     int64_t now, vsh_lockout_state *st);

/* Count a wrong password for user at `now`.  Returns 1 when the account is
 * blocked after it (this failure reached the limit, or a block was already
 * running), 0 when not, -1 with a message when the count could not be
 * written.  *st (may be NULL) gets the record after it.  Does nothing and
 * returns 0 when the policy is disabled. */
int vsh_lockout_fail(const char *dir, const char *user, const vsh_lockout_policy *p, int64_t now,
		     vsh_lockout_state *st, char *err, size_t errlen);

/* Forget the user's failures and block (a login with the right password,
 * `local-user NAME state active`).  Returns 0, or -1 with a message. */
int vsh_lockout_clear(const char *dir, const char *user, char *err, size_t errlen);

/* Every user blocked or with failures counted at `now`, in name order:
 * fn(arg, name, record); a non-zero return stops the walk.  Returns 0, or
 * fn's value. */
typedef int (*vsh_lockout_fn)(void *arg, const char *user, const vsh_lockout_state *st);
int vsh_lockout_list(const char *dir, const vsh_lockout_policy *p, int64_t now,
		     vsh_lockout_fn fn, void *arg);

/* Seconds until the block ends (0 when not blocked), and failures still
 * allowed before the block (the policy's tries when none counted). */
int64_t vsh_lockout_block_left(const vsh_lockout_state *st, int64_t now);
unsigned vsh_lockout_tries_left(const vsh_lockout_state *st, const vsh_lockout_policy *p);

#endif
