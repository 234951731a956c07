/* Configuration sessions of a state directory: the registry behind
 * `display configuration sessions` (sessions/: one file per live vrpsh
 * session, "ID PID START", its line and its user, and `next`, the number
 * after the last one handed out) and the holder of `configuration
 * exclusive` (exclusive: "SESSION PID LAST-COMMIT").  A session of a
 * process that is gone no longer counts. */
#ifndef VRPSH_STORE_SESSIONS_H
#define VRPSH_STORE_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STORE_SESSION_ID_MAX 65535u

typedef struct store_session {
	unsigned id;
	long pid;
	int64_t start;
	char intf[32];
	char user[64];
} store_session;

/* Register this process's session: the first number after the last one
 * handed out that no live session holds.  0 with it in *id, or -1 with a
 * message (a read-only directory, a full disk). */
int store_session_register(store *st, const char *intf, const char *user, int64_t start,
			   unsigned *id, char *err, size_t errlen);
/* Write session id's entry again (its user or line changed). */
int store_session_write(store *st, unsigned id, const char *intf, const char *user,
			int64_t start, char *err, size_t errlen);
void store_session_unregister(store *st, unsigned id);
/* The live sessions, by number, in *out (malloc'ed); with `clean` the
 * entries of dead ones are removed. */
size_t store_sessions(store *st, store_session **out, bool clean);
bool store_pid_alive(long pid);

typedef struct store_excl {
	unsigned session;
	long pid;
	int64_t last;            /* its last commit (or when it took the lock) */
} store_excl;

/* The recorded holder: 0, or -1 when there is none. */
int store_exclusive_get(store *st, store_excl *x);
int store_exclusive_set(store *st, const store_excl *x, char *err, size_t errlen);
void store_exclusive_clear(store *st);

#endif
