/* The records of account lockout: the wrong passwords counted and the
 * blocks running, per user, shared by every vrpsh process that checks
 * passwords for a state directory.  The rules that fill them (tries,
 * intervals, block times) are the caller's (views/lockout.h).
 *
 * Files (in the state directory):
 *   lockout       a first line "!vrpsh lockout 1", then one line per user
 *                 with failures or a block: "NAME FIRST COUNT UNTIL", the
 *                 user name in hexadecimal, the time of the first failure
 *                 of the current interval, the failures counted in it, and
 *                 the end of the block (0 when not blocked), in seconds
 *                 since the epoch.  Lines of another form are ignored, so
 *                 is anything past the first MiB, and a symbolic link in
 *                 the file's place reads as no records.
 *   lockout.lock  flock(2) target: an update reads, changes and replaces
 *                 the file (temporary file, fsync, rename) under it, so
 *                 that concurrent failures all count. */
#ifndef VRPSH_STORE_LOCKOUT_H
#define VRPSH_STORE_LOCKOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_LOCKOUT_NAME "lockout"
#define STORE_LOCKOUT_LOCK "lockout.lock"
#define STORE_LOCKOUT_USER_MAX 253 /* bytes of a user name */
#define STORE_LOCKOUT_MAX 1024     /* users kept; beyond that the oldest records go */
#define STORE_LOCKOUT_COUNT_MAX 65535

/* One user's record. */
typedef struct store_lockout_state {
	int64_t first;       /* first failure counted in the current interval */
	unsigned failures;   /* failures counted since then */
	int64_t until;       /* blocked until then; 0 when not blocked */
} store_lockout_state;

/* The record of `user` in state directory dir: 1 found, 0 none (*st all
 * zero), -1 when the file cannot be read. */
int store_lockout_get(const char *dir, const char *user, store_lockout_state *st);

/* Change the record of `user` under the lock: fn gets it (all zero when
 * there is none) and returns 1 to have it written, 0 to leave the file as
 * it is, -1 to stop with a message.  A record left all zero is removed.
 * Returns fn's value, or -1 with a message (the file could not be read or
 * written, no directory, an invalid user name). */
typedef int (*store_lockout_edit_fn)(void *arg, store_lockout_state *st, char *err,
				     size_t errlen);
int store_lockout_update(const char *dir, const char *user, store_lockout_edit_fn fn, void *arg,
			 char *err, size_t errlen);

/* Every record, in name order: fn(arg, user, record); a non-zero return
 * stops the walk.  Returns 0 (also when the file cannot be read), or fn's
 * value. */
typedef int (*store_lockout_fn)(void *arg, const char *user, const store_lockout_state *st);
int store_lockout_list(const char *dir, store_lockout_fn fn, void *arg);

#endif
