/* Who is logged in: the login sessions of the device, shared by every
 * vrpsh process that serves a login (the children of a VTY server, SSH
 * login shells, consoles) through a small file of fixed slots.
 *
 * A session takes a slot by holding a write lock (fcntl) on the slot's
 * bytes and writes its record there.  The kernel drops the lock when the
 * process ends, however it ends, so a slot is free exactly when nobody
 * holds its lock and the table never lists a dead session.  Slot numbers
 * are user-interface numbers: the console, then VTY 0 .. VTY 20. */
#ifndef VRPSH_VIEWS_ONLINE_H
#define VRPSH_VIEWS_ONLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define VSH_ONLINE_CON 0                   /* the console's slot */
#define VSH_ONLINE_VTY(n) (1 + (n))        /* VTY n's slot */
#define VSH_ONLINE_MAX_VTY 21              /* VTY 0 .. VTY 20 */
#define VSH_ONLINE_SLOTS (1 + VSH_ONLINE_MAX_VTY)

typedef struct vsh_online_rec {
	char kind[4];         /* "TEL", "SSH", "" for the console */
	char addr[48];        /* the client's address, "" for the console */
	char user[64];        /* login name, "" when not authenticated by AAA */
	int64_t login_time;   /* seconds since the epoch */
	int64_t last_input;
	int32_t pid;
	uint8_t authenticated;
} vsh_online_rec;

typedef struct vsh_online vsh_online;

/* Open (creating it, mode 0600) the table at `path`; with path NULL an
 * anonymous table that only this process and its children share (a VTY
 * server).  Returns NULL with errno set on failure. */
vsh_online *vsh_online_open(const char *path);
void vsh_online_close(vsh_online *o);

/* Take the first free slot in [first, last] and write r into it.
 * Returns the slot, or -1 when all are taken (or on an I/O error). */
int vsh_online_claim(vsh_online *o, int first, int last, const vsh_online_rec *r);
void vsh_online_release(vsh_online *o, int slot);

/* Rewrite the record of a slot this process holds.  Returns 0 or -1. */
int vsh_online_set(vsh_online *o, int slot, const vsh_online_rec *r);

/* Record input on the caller's slot (for the idle time). */
void vsh_online_touch(vsh_online *o, int slot);

/* The record of a taken slot; false when the slot is free. */
bool vsh_online_get(vsh_online *o, int slot, vsh_online_rec *r);

/* How many slots in [first, last] are taken. */
int vsh_online_count(vsh_online *o, int first, int last);

#endif
