/* A session's state directory: the store (store/store.h) attached to a
 * session, as the engine and the front ends use it.  The configuration is
 * loaded when a command first needs it; from then on commits go through
 * the journal, other processes' commits are picked up before each
 * command, and an expired trial is reverted.  No file is read or written
 * here: the store does that. */
#ifndef VRPSH_VIEWS_STORE_H
#define VRPSH_VIEWS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/session.h"

typedef struct vsh_store vsh_store;

/* Warnings that do not stop anything. */
typedef void (*vsh_warn_fn)(void *ctx, const char *msg);

typedef struct vsh_store_opts {
	const char *dir;       /* the state directory (created if missing) */
	vsh_warn_fn warn;      /* NULL: written to stderr as "vrpsh: ..." */
	void *warn_ctx;
	bool no_hooks;         /* its commits run no commit hooks */
} vsh_store_opts;

/* The default state directory (store_default_dir).  0, or -1. */
int vsh_state_dir_default(char *buf, size_t buflen);

/* Open the directory (refused with a message when it is a link, another
 * user's, or writable by others), register the session, and attach the
 * store to s.  s->db must hold nothing but the factory configuration.
 * Nothing is loaded yet.  Returns 0, or -1 with a message. */
int vsh_store_attach(vsh_session *s, const vsh_store_opts *o, char *err, size_t errlen);

/* The state directory of s, or NULL when s has none. */
const char *vsh_store_dir(const vsh_session *s);

/* Unregister the session and close the store (s->store becomes NULL). */
void vsh_store_detach(vsh_session *s);

/* Load the running configuration into s->db if that has not been done.
 * A damaged directory loads its intact part, with one warning: the
 * session can look but not commit.  Returns 0, or -1 with a message (the
 * directory cannot be read). */
int vsh_store_need(const vsh_session *s, char *err, size_t errlen);

/* Did the load find damage?  The message names the file, the offset, the
 * last intact commit and `--recover`. */
bool vsh_store_damaged(const vsh_session *s, char *msg, size_t msglen);

/* `display current-configuration` straight from the checkpoint, when the
 * tree is not built yet and no record follows the checkpoint: 0 rendered,
 * 1 not possible (load and render the tree instead).  x: the extra
 * top-level blocks (cfg_render_extra). */
int vsh_store_render_running(vsh_session *s, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			     void *arg);

/* When the running configuration last changed (seconds since the epoch),
 * 0 when it never did or s has no state directory. */
int64_t vsh_store_last_change(vsh_session *s);

/* A replay of a file is about to run in s: when its state directory is
 * new, the files its first commit writes first are made meanwhile. */
void vsh_store_replay_begin(vsh_session *s);

/* Pick up commits made by other processes (cheap, one stat, when there
 * are none).  vsh_exec calls it before each command. */
void vsh_store_sync(vsh_session *s);

/* `vrpsh --recover`: load the directory of s, and when it is damaged
 * describe what recovery does, ask (unless `yes`), and recover.  Output
 * goes to the session.  Returns 0 (recovered, or nothing to do or
 * declined: *done tells), or -1 with a message. */
int vsh_store_recover(vsh_session *s, bool yes, bool *done, char *err, size_t errlen);

#endif
