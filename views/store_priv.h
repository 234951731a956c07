/* Internals of the state directory store, shared by the files that build
 * on it: store.c (loading, journal, checkpoints, picking up other
 * processes' commits), history.c (commit list and changes), rollback.c,
 * trial.c, cfgsession.c (session registry, exclusive lock). */
#ifndef VRPSH_VIEWS_STORE_PRIV_H
#define VRPSH_VIEWS_STORE_PRIV_H

#include <stdint.h>
#include <sys/types.h>

#include "../config/journal.h"
#include "chglist.h"
#include "store.h"

/* Files of the state directory, and the checkpoint's first line. */
#define VSH_CKPT_NAME "checkpoint"
#define VSH_JOURNAL_NAME "journal"
#define VSH_CKPT_HEADER "!vrpsh checkpoint"
/* Journal bytes past the checkpoint before a new one is written. */
#define VSH_COMPACT_MIN (1u << 20)

/* Commit points kept (the oldest go first; labelled ones stay). */
#define VSH_HIST_POINTS 80
#define VSH_FIRST_COMMIT_ID 1000000001ull

/* One journal record still in the journal file. */
typedef struct vsh_hist {
	uint64_t seq, commit_id;
	int64_t time;
	uint8_t type;
	uint16_t flags;
	char *user, *intf, *label, *desc; /* one allocation, at user */
	uint64_t off;                     /* in the journal file */
	uint32_t len;
} vsh_hist;

/* The trial run in progress (file "trial"). */
typedef struct vsh_trial {
	bool active;
	int64_t deadline;
	uint64_t base_seq;     /* the last record before the trial */
	unsigned session;      /* the session that started it */
	uint32_t secs;
	char persist[260];     /* persistence ID, "" when none */
} vsh_trial;

struct vsh_store {
	char *dir;
	int lockfd, jfd;
	int locked;            /* 0, LOCK_SH or LOCK_EX */
	dev_t jdev;
	ino_t jino;
	uint64_t jend;         /* end of the last intact record */
	uint64_t jsize;        /* file size at the last look */
	int64_t jmtime;        /* and its modification time (ns), -1 unknown */
	uint64_t last_seq, last_id;
	uint64_t ckpt_seq, ckpt_bytes;
	vsh_hist *h;           /* the journal's records, oldest first */
	size_t nh, caph;
	vsh_session helper;    /* batch session that applies changes */
	bool helper_ok;
	uint64_t *conflicts;   /* keys of pending lines another commit touched */
	size_t nconf, capconf;
	char *conflict_line;   /* the first of them, as a command */
	unsigned session_id;
	char reg_user[64], reg_intf[32]; /* as registered in sessions/ */
	int64_t started;       /* when the session started */
	vsh_warn_fn warn;
	void *warn_ctx;
	bool busy;             /* inside a store operation: no sync, no tick */
	bool no_hooks;         /* vsh_store_opts.no_hooks */
	vsh_trial trial;       /* as of the last look at the file */
	int64_t trial_mtime_ns;
	char *rollback_result; /* messages of this process's latest rollback */
};

/* Setting a session's own changes aside while running changes under it
 * (aside.c): its pending changes as a record and the sections of its view
 * stack, put back on top of the new running configuration afterwards;
 * lines another commit touched meanwhile are marked as conflicts. */
typedef struct vsh_frame_path {
	unsigned n;
	char *id[CFG_JOURNAL_MAX_DEPTH];
	size_t idlen[CFG_JOURNAL_MAX_DEPTH];
} vsh_frame_path;

typedef struct vsh_aside {
	char *rec;             /* the pending changes as a record */
	size_t len;
	int depth;
	vsh_frame_path fp[VSH_MAX_DEPTH];
} vsh_aside;

/* Save the pending changes and the view stack, then discard.  -1 when out
 * of memory (then call vsh_aside_free). */
int vsh_aside_take(vsh_session *s, vsh_aside *a);
/* Apply them again (conflicts marked against `incoming`, may be NULL),
 * find the view stack's sections again, free a. */
void vsh_aside_restore(vsh_session *s, vsh_aside *a, const vsh_chglist *incoming);
void vsh_aside_free(vsh_aside *a);
/* Forget the conflict marks. */
void vsh_conflicts_clear(vsh_store *st);
/* Is a pending line one that another commit touched?  The first such line
 * goes to st->conflict_line. */
bool vsh_conflicts_pending(vsh_session *s);

/* Commit metadata chosen by the command. */
typedef struct vsh_commit_opts {
	uint8_t type;          /* enum cfg_jtype */
	bool point;            /* a rollback point (gets a commit ID) */
	uint16_t flags;        /* CFG_JF_* */
	const char *label, *desc;
	bool timer;            /* a trial reverted by its timer (for the log) */
} vsh_commit_opts;

/* The clock (seconds since the epoch).  VRPSH_TEST_CLOCK_SCALE=N in the
 * environment makes it run N times faster (tests of trial timeouts). */
int64_t vsh_now(void);
/* "2012-07-03 20:20:40" (local time), with "+03:00" when zone is set. */
void vsh_format_time(int64_t t, bool zone, char *buf, size_t buflen);

/* Who commits: the login user, else the account vrpsh runs as. */
const char *vsh_user_name(const vsh_session *s);

void vsh_store_warn(vsh_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Internals of store.c used by store_commit.c. */
void vsh_store_cut_tail(vsh_store *st);
int vsh_store_open_journal(vsh_store *st, char *err, size_t errlen);
int vsh_store_hist_add(vsh_store *st, const cfg_jmeta *m, uint64_t off, uint32_t len);
void vsh_store_hist_free(vsh_hist *h);

/* Take the exclusive lock and pick up other processes' commits.  Returns
 * 0, or -1 with a message.  vsh_store_unlock releases it. */
int vsh_store_lock(vsh_session *s, char *err, size_t errlen);
void vsh_store_unlock(vsh_store *st);

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

/* The file `save` writes when given no name. */
#define VSH_STARTUP_FILE "vrpcfg.cfg"
/* A configuration file name: 5 to 64 characters, *.cfg, *.zip or *.dat,
 * in the directory itself.  Returns 0, or -1 with the message. */
int vsh_check_file_name(const char *name, char *err, size_t errlen);
/* Write the running configuration to the state directory's file `name`. */
int vsh_store_save(vsh_session *s, const char *name, char *err, size_t errlen);

/* With the lock held: make running + changes [from, to) of l (inverse:
 * undone newest first) the new running configuration as one commit, the
 * session's own uncommitted changes set aside meanwhile.  Lines that fail
 * go to `fail`.  Returns 1 committed, 0 nothing changed, -1 refused. */
int vsh_store_commit_list(vsh_session *s, const vsh_chglist *l, bool inverse,
			  const vsh_commit_opts *o, vsh_chg_fail_fn fail, void *arg, char *err,
			  size_t errlen);

/* Add the records h[from, to) to l.  Returns 0, or -1. */
int vsh_store_read(vsh_store *st, size_t from, size_t to, vsh_chglist *l);

/* Index of the record with that commit ID, or -1. */
long vsh_store_find_id(const vsh_store *st, uint64_t id);
/* Indexes of the commit points, newest first, in *out (malloc'ed). */
size_t vsh_store_points(const vsh_store *st, size_t **out);

/* Show the candidate as it would be with [from, to) of l undone, to fn,
 * then put everything back. */
typedef void (*vsh_with_fn)(void *arg, vsh_session *s);
int vsh_store_with_undone(vsh_session *s, const vsh_chglist *l, vsh_with_fn fn, void *arg);

/* ---- trial.c ---- */
/* `commit trial`: start the trial (base: the last record before it) or
 * refresh its deadline.  Lock held.  Returns 0, or -1 with a message. */
int vsh_trial_begin(vsh_session *s, uint64_t base_seq, unsigned secs, const char *persist,
		    char *err, size_t errlen);
/* A commit that confirms: the owner's plain commit, or `commit persist P`
 * from anywhere.  Lock held.  Returns 0 (confirmed or no trial to
 * confirm), or -1 with a message (no trial has that persistence ID). */
int vsh_trial_confirm(vsh_session *s, const char *persist, char *err, size_t errlen);
/* Read the trial file into st->trial when it changed. */
void vsh_trial_refresh(vsh_store *st);
/* Revert an expired trial (any session does it).  With the lock held when
 * `locked`. */
void vsh_trial_expire(vsh_session *s, bool locked);

/* ---- cfgsession.c ---- */
int vsh_cfgsession_register(vsh_store *st, const vsh_session *s, char *err, size_t errlen);
void vsh_cfgsession_unregister(vsh_store *st);
/* Write the session's entry again when its user or line changed (a login
 * after the store was attached). */
void vsh_cfgsession_update(vsh_store *st, const vsh_session *s);
/* May this session commit?  Returns 0, or -1 with the message. */
int vsh_exclusive_check(vsh_session *s, char *err, size_t errlen);
/* This session committed: the exclusive lock it holds stays fresh. */
void vsh_exclusive_touch(vsh_session *s);

#endif
