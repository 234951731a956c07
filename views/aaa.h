/* Local users of the `aaa` view, as the login front ends see them, and the
 * one-way password hashes they are stored with.
 *
 * A password is never kept in clear: `local-user NAME password
 * irreversible-cipher PASSWORD` stores a salted crypt(3) hash (yescrypt
 * from libxcrypt, SHA-512-crypt where yescrypt is missing), and a hash
 * typed in that form (a replayed configuration) is stored as it is. */
#ifndef VRPSH_VIEWS_AAA_H
#define VRPSH_VIEWS_AAA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../shell/session.h"

/* Access types of `local-user NAME service-type`. */
enum {
	VSH_AAA_SVC_HTTP = 1u << 0,
	VSH_AAA_SVC_FTP = 1u << 1,
	VSH_AAA_SVC_SSH = 1u << 2,
	VSH_AAA_SVC_TELNET = 1u << 3,
	VSH_AAA_SVC_TERMINAL = 1u << 4,
	VSH_AAA_SVC_SNMP = 1u << 5,
	VSH_AAA_SVC_MDCLI = 1u << 6,
};

typedef struct vsh_aaa_user {
	bool has_password;
	int level;              /* privilege level, -1 when not configured */
	unsigned services;      /* VSH_AAA_SVC_* */
	bool blocked;           /* state block */
	unsigned idle_seconds;  /* idle-timeout, 0 when not configured (or 0 0) */
	unsigned access_limit;  /* 0 when not configured */
} vsh_aaa_user;

/* The local user NAME of the running configuration.  Returns false when
 * no line of that user exists. */
bool vsh_aaa_user_get(cfg_db *db, const char *name, vsh_aaa_user *out);

/* Does PASSWORD open local user NAME for a login through `service`
 * (one VSH_AAA_SVC_*)?  False for an unknown or blocked user, a user
 * without a password, a wrong password, or a service the user may not
 * use.  *out (may be NULL) gets the user's settings on success. */
bool vsh_aaa_login(cfg_db *db, const char *name, const char *password, unsigned service,
		   vsh_aaa_user *out);

/* Is there a local user who may log in through `service` (one
 * VSH_AAA_SVC_*): with a password, not blocked, allowed that service? */
bool vsh_aaa_any_login(cfg_db *db, unsigned service);
/* The stored password hash of local user NAME, or NULL when the user has
 * none. */
const char *vsh_aaa_password_hash(cfg_db *db, const char *name);

/* Results of vsh_aaa_authenticate. */
enum vsh_aaa_result {
	VSH_AAA_OK,      /* the password opens the account for the service */
	VSH_AAA_REFUSED, /* unknown user, no password, wrong password, other service */
	VSH_AAA_BLOCKED, /* the account is blocked (state block) or locked out */
};

/* A login of local user NAME with PASSWORD through `service`, with the
 * account lockout of `local-aaa-user wrong-password` (views/lockout.h)
 * kept in state directory `dir` (NULL: no lockout): a locked account is
 * refused whatever the password; a wrong password counts towards the
 * lock; the right one forgets the count.  Every answer costs one password
 * hash, so that an unknown user cannot be told from a known one by the
 * time a refusal takes.  `now` is the time (vsh_now()).  *out (may be
 * NULL) gets the user's settings on success; `reason` a short text for the
 * log.  Returns an enum vsh_aaa_result. */
int vsh_aaa_authenticate(cfg_db *db, const char *dir, const char *name, const char *password,
			 unsigned service, int64_t now, vsh_aaa_user *out, char *reason,
			 size_t rlen);

/* The lockout policy of the configuration's `side` (the device's
 * defaults when nothing is configured). */
struct vsh_lockout_policy;
void vsh_aaa_lockout_policy(cfg_db *db, enum cfg_side side, struct vsh_lockout_policy *p);

/* Visit the names of the running configuration's local users, in name
 * order; fn's non-zero return stops the walk and is returned (-1 when out
 * of memory). */
typedef int (*vsh_aaa_user_fn)(void *arg, const char *name);
int vsh_aaa_users(cfg_db *db, vsh_aaa_user_fn fn, void *arg);

/* Hash a clear-text password with a fresh salt.  Returns 0, or -1 when
 * the system offers no suitable hash method or randomness. */
int vsh_aaa_hash(const char *clear, char *out, size_t outlen);

/* Is `s` a hash vsh_aaa_hash could have produced (and crypt(3) accepts)? */
bool vsh_aaa_is_hash(const char *s);

/* Is `s` (min to max characters) a ciphertext in one of the device's own
 * forms (`$1d$...$`, `%^%#...%^%#`, ...)?  vrpsh keeps such a password as
 * written but cannot check a login against it. */
#define VSH_AAA_CIPHER_MIN 20
bool vsh_aaa_is_device_cipher(const char *s, size_t min, size_t max);

/* Does clear-text `clear` match hash `hash`?  Constant-time comparison. */
bool vsh_aaa_check(const char *hash, const char *clear);

#endif
