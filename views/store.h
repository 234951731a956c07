/* The state directory: the running configuration as an append-only journal
 * of commits plus periodic checkpoints, the commit history, the trial
 * deadline, the saved startup configuration, shared by every vrpsh process
 * that uses the directory.
 *
 * Files (all in the directory):
 *   lock         flock(2) target: commits hold it exclusively, readers
 *                shared
 *   journal      journal records (config/journal.h), oldest first
 *   checkpoint   the running configuration as rendered text, headed by
 *                "!vrpsh checkpoint seq=S commit=C": it holds every record
 *                up to S; the journal keeps older records as history only
 *   trial        the running trial commit (deadline, base record), if any
 *   sessions/    one file per live session (display configuration sessions)
 *   exclusive    the holder of `configuration exclusive`, if any
 *   rollback-result  messages of the latest rollback
 *   vrpcfg.cfg   written by `save`
 *
 * A commit appends its record and fsyncs the journal before running
 * changes; a crash at any instant leaves the old or the new running
 * configuration (a torn record at the end of the journal is detected by its
 * checksum, reported and cut off).  Checkpoints are written to a temporary
 * file, fsynced and renamed; the journal is then rewritten the same way
 * with the records history still needs. */
#ifndef VRPSH_VIEWS_STORE_H
#define VRPSH_VIEWS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/session.h"

typedef struct vsh_store vsh_store;

/* Warnings that do not stop anything (a damaged journal tail, a line of a
 * record that failed to apply). */
typedef void (*vsh_warn_fn)(void *ctx, const char *msg);

typedef struct vsh_store_opts {
	const char *dir;       /* the state directory (created if missing) */
	vsh_warn_fn warn;      /* NULL: written to stderr as "vrpsh: ..." */
	void *warn_ctx;
	bool no_hooks;         /* its commits run no commit hooks (the daemon's own) */
} vsh_store_opts;

/* The default state directory: $XDG_STATE_HOME/vrpsh, else
 * ~/.local/state/vrpsh, and /var/lib/vrpsh for root.  Returns 0, or -1
 * when it cannot be worked out (no home directory). */
int vsh_state_dir_default(char *buf, size_t buflen);

/* Open the directory, load its running configuration into s->db (which
 * must hold nothing but committed configuration), register the session
 * and attach the store to s: from then on commits are journalled, other
 * processes' commits are picked up before each command, and an expired
 * trial is reverted.  Returns 0, or -1 with a message. */
int vsh_store_attach(vsh_session *s, const vsh_store_opts *o, char *err, size_t errlen);

/* Unregister the session and close the store (s->store becomes NULL). */
void vsh_store_detach(vsh_session *s);

/* The state directory of the session's store; NULL without one. */
const char *vsh_store_dir(const vsh_session *s);

/* Pick up commits made by other processes.  Cheap (one stat) when there
 * are none.  vsh_exec calls it before each command. */
void vsh_store_sync(vsh_session *s);

/* The running configuration of a state directory, loaded into a new
 * database (candidate = running) through the command set of model m (NULL:
 * the default model).  For the backend daemon's full sync.  Returns NULL
 * with a message on failure. */
cfg_db *vsh_state_load(const char *dir, const vsh_model *m, bool low_latency, char *err,
		       size_t errlen);

/* For the backend daemon: when a trial commit's deadline has passed and
 * no vrpsh has reverted it, revert it (a ROLLBACK commit made without
 * commit hooks: the daemon then syncs from the directory).  Cheap when no
 * trial is due (one stat).  Returns 1 reverted, 0 nothing due, -1 with a
 * message. */
int vsh_state_revert_due_trial(const char *dir, const vsh_model *m, bool low_latency, char *err,
			       size_t errlen);

#endif
