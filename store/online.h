/* Who is logged in: the login sessions of the device, shared by every
 * vrpsh process that serves a login (the children of a VTY server, SSH
 * login shells, consoles) through a small file of fixed slots.
 *
 * A session takes a slot by holding a write lock (fcntl) on the slot's
 * bytes and writes its record there.  The kernel drops the lock when the
 * process ends, however it ends, so a slot is free exactly when nobody
 * holds its lock and the table never lists a dead session.  Slot numbers
 * are user-interface numbers: the console, then VTY 0 .. VTY 20. */
#ifndef VRPSH_STORE_ONLINE_H
#define VRPSH_STORE_ONLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define STORE_ONLINE_NAME "online"          /* the file in the state directory */
#define STORE_ONLINE_CON 0                   /* the console's slot */
#define STORE_ONLINE_VTY(n) (1 + (n))        /* VTY n's slot */
#define STORE_ONLINE_MAX_VTY 21              /* VTY 0 .. VTY 20 */
#define STORE_ONLINE_SLOTS (1 + STORE_ONLINE_MAX_VTY)

typedef struct store_online_rec {
	char kind[4];         /* "TEL", "SSH", "" for the console */
	char addr[48];        /* the client's address, "" for the console */
	char user[64];        /* login name, "" when not authenticated by AAA */
	int64_t login_time;   /* seconds since the epoch */
	int64_t last_input;
	int32_t pid;
	uint8_t authenticated;
} store_online_rec;

typedef struct store_online store_online;

/* Open (creating it, mode 0600) the table of the state directory
 * state_dir (checked as dir.h says; the file is never a link); with
 * state_dir NULL an anonymous table that only this process and its
 * children share (a VTY server).  Returns NULL with errno set on failure. */
store_online *store_online_open(const char *state_dir);
void store_online_close(store_online *o);

/* Take the first free slot in [first, last] and write r into it.
 * Returns the slot, or -1 when all are taken (or on an I/O error). */
int store_online_claim(store_online *o, int first, int last, const store_online_rec *r);
void store_online_release(store_online *o, int slot);

/* Rewrite the record of a slot this process holds.  Returns 0 or -1. */
int store_online_set(store_online *o, int slot, const store_online_rec *r);

/* Record input on the caller's slot (for the idle time). */
void store_online_touch(store_online *o, int slot);

/* The record of a taken slot; false when the slot is free. */
bool store_online_get(store_online *o, int slot, store_online_rec *r);

/* How many slots in [first, last] are taken. */
int store_online_count(store_online *o, int first, int last);

#endif
