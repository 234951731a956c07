/* Internals of a session's state directory, shared by the files of views/
 * that use it: state.c (attach, load, keeping up, committing), aside.c
 * (a session's own changes set aside and put back), history.c (commit
 * list, rollback), trial.c, cfgsession.c, system.c (commit, save), and
 * legacy_load.c (directories of the first release). */
#ifndef VRPSH_VIEWS_STATE_H
#define VRPSH_VIEWS_STATE_H

#include <stdint.h>

#include "../store/store.h"
#include "store.h"

struct vsh_store {
	store *st;
	vsh_warn_fn warn;
	void *warn_ctx;
	bool busy;             /* inside a store operation: no sync, no tick */
	bool no_hooks;
	bool told_damage;      /* the damage warning was given */
	uint64_t *conflicts;   /* keys of pending lines another commit touched */
	size_t nconf, capconf;
	char *conflict_line;   /* the first of them, as a command */
	unsigned session_id;
	char reg_user[64], reg_intf[32]; /* as registered */
	int64_t started;
};

/* Commit metadata chosen by the command. */
typedef struct vsh_commit_opts {
	uint8_t type;          /* enum store_type */
	bool point;            /* a rollback point (gets a commit ID) */
	uint16_t flags;        /* STORE_F_* */
	bool timer;            /* a trial's deadline reverts it (for the audit log) */
	const char *label, *desc;
} vsh_commit_opts;

/* The clock (seconds since the epoch).  VRPSH_TEST_CLOCK_SCALE=N in the
 * environment makes it run N times faster (tests of trial timeouts). */
int64_t vsh_now(void);
/* "2012-07-03 20:20:40" (local time), with "+03:00" when zone is set. */
void vsh_format_time(int64_t t, bool zone, char *buf, size_t buflen);
/* Who commits: the login user, else the account vrpsh runs as. */
const char *vsh_user_name(const vsh_session *s);
/* The line a session runs on; an interactive one that names none is the
 * console. */
const char *vsh_session_intf(const vsh_session *s);

void vsh_store_warn(vsh_store *vs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load (if needed), take the exclusive lock and pick up other processes'
 * commits.  0, or -1 with a message.  vsh_store_unlock releases it. */
int vsh_store_lock(vsh_session *s, char *err, size_t errlen);
void vsh_store_unlock(vsh_session *s);

/* Commit the session's candidate (under the lock, taken here).  Returns 1
 * committed, 0 nothing to commit, -1 refused with the message in err
 * ("Error: ..."), -2 refused for a conflict with another session's commit
 * (the message is printed).  _held: the caller holds the lock. */
int vsh_store_commit(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen);
int vsh_store_commit_held(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen);

/* Drop the candidate's changes (and the conflict marks on them). */
void vsh_store_discard(vsh_session *s);

/* `refresh configuration candidate`: the candidate's changes made again on
 * the current running configuration; conflict marks are dropped. */
int vsh_store_refresh(vsh_session *s, char *err, size_t errlen);

/* A configuration file name: 5 to 64 characters, *.cfg, *.zip or *.dat,
 * in the directory itself.  Returns 0, or -1 with the message. */
int vsh_check_file_name(const char *name, char *err, size_t errlen);

/* With the lock held: make running + changes of l (inverse: undone newest
 * first) the new running configuration as one commit, the session's own
 * uncommitted changes set aside meanwhile.  Returns 1 committed, 0
 * nothing changed, -1 refused. */
int vsh_store_commit_list(vsh_session *s, const store_chglist *l, bool inverse,
			  const vsh_commit_opts *o, char *err, size_t errlen);

/* Show the candidate as it would be with l undone, to fn, then put
 * everything back. */
typedef void (*vsh_with_fn)(void *arg, vsh_session *s);
int vsh_store_with_undone(vsh_session *s, const store_chglist *l, vsh_with_fn fn, void *arg);

/* ---- aside.c: the session's own changes set aside ---------------------- */

/* The pending changes as a record and the sections of the view stack, put
 * back on top of a new running configuration afterwards; lines another
 * commit touched meanwhile are marked as conflicts. */
typedef struct vsh_frame_path {
	unsigned n;
	char *id[STORE_MAX_DEPTH];
	size_t idlen[STORE_MAX_DEPTH];
} vsh_frame_path;

typedef struct vsh_aside {
	char *rec;
	size_t len;
	int depth;
	vsh_frame_path fp[VSH_MAX_DEPTH];
} vsh_aside;

/* Save the pending changes and the view stack, then discard.  -1 when out
 * of memory (then call vsh_aside_free). */
int vsh_aside_take(vsh_session *s, vsh_aside *a);
/* Apply them again (conflicts marked against `incoming`, may be NULL),
 * find the view stack's sections again, free a. */
void vsh_aside_restore(vsh_session *s, vsh_aside *a, const store_chglist *incoming);
void vsh_aside_free(vsh_aside *a);
void vsh_conflicts_clear(vsh_store *vs);
/* Is a pending line one that another commit touched?  The first such line
 * goes to vs->conflict_line. */
bool vsh_conflicts_pending(vsh_session *s);

/* ---- trial.c ---------------------------------------------------------------- */
/* `commit trial`: start the trial (base: the last record before it) or
 * refresh its deadline.  Lock held.  0, or -1 with a message. */
int vsh_trial_begin(vsh_session *s, uint64_t base_seq, unsigned secs, const char *persist,
		    char *err, size_t errlen);
/* A commit that confirms: the owner's plain commit, or `commit persist P`
 * from anywhere.  Lock held.  0 (confirmed or no trial to confirm), or -1
 * with a message (no trial has that persistence ID). */
int vsh_trial_confirm(vsh_session *s, const char *persist, char *err, size_t errlen);
/* Revert an expired trial (any session does it); with the lock held when
 * `locked`. */
void vsh_trial_expire(vsh_session *s, bool locked);

/* ---- cfgsession.c ------------------------------------------------------------ */
int vsh_cfgsession_register(vsh_session *s, char *err, size_t errlen);
void vsh_cfgsession_unregister(vsh_store *vs);
/* Write the session's entry again when its user or line changed. */
void vsh_cfgsession_update(vsh_session *s);
/* May this session commit?  0, or -1 with the message. */
int vsh_exclusive_check(vsh_session *s, char *err, size_t errlen);
/* This session committed: the exclusive lock it holds stays fresh. */
void vsh_exclusive_touch(vsh_session *s);

/* ---- legacy_load.c --------------------------------------------------------------- */
/* Build s->db from a first-release directory (its text checkpoint and
 * records replayed through the commands) and give the store the records
 * converted to this release's form.  0, or -1 with a message. */
int vsh_legacy_load(vsh_session *s, char *err, size_t errlen);

/* ---- diff layout (chgdiff.c) ---------------------------------------------------- */
/* Write changes [from, to) of l (inverse: backward, swapped) as `display
 * configuration candidate changes` shows them: section lines as context,
 * "-" for removed and old texts, "+" for added and new ones, "  #" around
 * top-level blocks.  Lines that db (when not NULL) holds on either side
 * come in its render order; the others follow their siblings in the order
 * of the changes.  The "Building configuration" line is the caller's. */
void vsh_chglist_diff(const store_chglist *l, size_t from, size_t to, bool inverse, cfg_db *db,
		      cfg_emit_fn emit, void *arg);

#endif
