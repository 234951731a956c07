/* The last login of each user: when, from where and how, kept in the state
 * directory so that the next login can show it.
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
#ifndef VRPSH_STORE_LASTLOGIN_H
#define VRPSH_STORE_LASTLOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_LASTLOGIN_NAME "lastlogin"
#define STORE_LASTLOGIN_LOCK "lastlogin.lock"
#define STORE_LASTLOGIN_KEY_MAX 160 /* bytes of a key */
#define STORE_LASTLOGIN_MAX 1024    /* keys kept; beyond that the oldest logins go */

typedef struct store_lastlogin {
	int64_t time;   /* seconds since the epoch */
	char kind[4];   /* "TEL", "SSH", "CON"; "" when there is no record */
	char addr[48];  /* the client's address, "" for the console or when unknown */
} store_lastlogin;

/* Record `cur` as the latest login of `key` in state directory `dir` and
 * give the one it replaces in *prev (prev->kind "" when the key has none).
 * Returns 0, or -1 with a message when the record could not be updated
 * (*prev then holds what could be read).  An address with characters an
 * address does not have is recorded as unknown. */
int store_lastlogin_swap(const char *dir, const char *key, const store_lastlogin *cur,
			 store_lastlogin *prev, char *err, size_t errlen);

/* The latest recorded login of `key`; false when there is none. */
bool store_lastlogin_get(const char *dir, const char *key, store_lastlogin *out);

#endif
