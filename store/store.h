/* The state directory: the running configuration of every vrpsh process
 * that uses it, its commit history, trial commits, and the small files of
 * sessions and saved configurations.  This module owns every file in the
 * directory; the shell's views ask it through this interface and never
 * open a state file themselves.
 *
 * Files (all opened relative to the directory, never through a link):
 *   lock        flock(2): commits hold it exclusively, readers shared
 *   journal     a 32-byte header, then records (record.h), oldest first:
 *               commits (the lines they set and deleted) and changes of
 *               the trial state
 *   checkpoint  the running configuration as of one record (checkpoint.h);
 *               the journal keeps older records as history only
 *   highwater   the last durable record and the highest commit ID, in two
 *               alternating checksummed slots: written after each record
 *               is on disk, it tells a record lost by damage from one a
 *               crash never finished
 *   sessions/   one file per live session, and the next session number
 *   exclusive   the holder of `configuration exclusive`
 *   rollback-result, vrpcfg.cfg and other `save` files, files written
 *   by `> FILE` (outfile.h)
 *   lastlogin, lastlogin.lock  the last login of each user (lastlogin.h)
 *   online      who is logged in (online.h)
 *   lockout, lockout.lock  wrong passwords and account blocks (lockout.h)
 *   login-config  what a login needs of the configuration (logincfg.h)
 *   logbuffer   the recent log messages (logbuf.h)
 *   backend-out-of-step and other flags (flags.h)
 *
 * Integrity.  Every record, checkpoint block and high-water slot carries a
 * CRC-32C.  A load checks them all.  The only damage a crash can cause is
 * a record at the end of the journal whose writing did not finish: it is
 * newer than the high-water mark, nothing intact follows it, and it is cut
 * off silently at the next write.  Anything else (a damaged record
 * anywhere, a journal that ends before the high-water mark, records
 * missing between the checkpoint and the journal, a file replaced by a
 * link) is damage: the load keeps the intact part in memory for display,
 * reports the file, the offset and the last intact commit, and every
 * write is refused until store_recover() (`vrpsh --recover`) keeps the
 * intact part and moves the damaged file aside.  Commit IDs never go
 * backwards: the high-water mark keeps the highest one ever given out.
 *
 * Loading is lazy: opening reads nothing but the high-water mark, so a
 * command that needs no configuration starts in the same time on any
 * size of configuration. */
#ifndef VRPSH_STORE_STORE_H
#define VRPSH_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/cfg.h"
#include "chglist.h"
#include "record.h"

typedef struct store store;

/* Warnings that stop nothing (a record that could not be applied, a
 * checkpoint not written for lack of space). */
typedef void (*store_warn_fn)(void *ctx, const char *msg);

typedef struct store_opts {
	const char *dir;
	bool create;              /* create the directory when it is missing */
	store_warn_fn warn;       /* NULL: written to stderr as "vrpsh: ..." */
	void *warn_ctx;
} store_opts;

/* The first commit ID; commits that are rollback points count up from it. */
#define STORE_FIRST_COMMIT_ID 1000000001ull
/* Commit points the journal keeps (labelled ones stay beyond them). */
#define STORE_HIST_POINTS 80

/* The clock of commits and trial deadlines (seconds since the epoch).
 * VRPSH_TEST_CLOCK_SCALE=N in the environment makes it run N times faster
 * (tests of trial time-outs); every process on a directory then agrees. */
int64_t store_now(void);

/* The default directory: $XDG_STATE_HOME/vrpsh, else ~/.local/state/vrpsh,
 * and /var/lib/vrpsh for root.  0, or -1 when it cannot be worked out. */
int store_default_dir(char *buf, size_t buflen);

/* Open the directory (checks in dir.h), its lock file, and the high-water
 * mark; remove temporaries that dead processes left.  Nothing else is
 * read.  Returns NULL with a message when the directory cannot be used. */
store *store_open(const store_opts *o, char *err, size_t errlen);
void store_close(store *st);
const char *store_path(const store *st);

/* ---- locking ------------------------------------------------------------ */

/* Take the directory's lock, shared or exclusive (an exclusive lock is not
 * given up for a shared one).  0, or -1 with a message. */
int store_lock(store *st, bool exclusive, char *err, size_t errlen);
void store_unlock(store *st);
bool store_locked_ex(const store *st);

/* The directory's lock, shared, on a descriptor of its own: store_lock
 * and store_unlock do not touch it, so calls that take and drop the
 * store's lock may run while it is held, and no commit runs meanwhile.
 * Returns a handle for store_lock_release, or -1 with a message. */
int store_lock_hold(store *st, char *err, size_t errlen);
void store_lock_release(int hold);

/* ---- damage ------------------------------------------------------------- */

typedef struct store_damage {
	bool damaged;
	char file[32];            /* "journal", "checkpoint", "highwater" */
	uint64_t offset;
	uint64_t last_id;         /* the newest intact commit ID, 0 when none */
	char what[256];           /* what is wrong */
} store_damage;

/* The damage the last load found (damaged false: none). */
const store_damage *store_damage_get(const store *st);
/* One line naming the file, the offset, the last intact commit and what
 * to do. */
void store_damage_message(const store *st, char *buf, size_t buflen);

/* ---- loading and keeping up ----------------------------------------------- */

enum { STORE_LOADED = 0, STORE_LEGACY = 2 };

/* Build the running configuration in db, which holds only committed
 * configuration (the factory configuration of a new database): the
 * checkpoint, then the journal records after it.  Checks every record and
 * block.  Returns STORE_LOADED (on damage with the intact part: see
 * store_damage_get), STORE_LEGACY when the directory is in the first
 * release's format (store/legacy.h; the caller builds the tree), or -1
 * with a message.  Takes the shared lock unless a lock is held. */
int store_load(store *st, cfg_db *db, char *err, size_t errlen);
bool store_loaded(const store *st);

/* Has the directory no configuration files yet (no checkpoint, journal
 * or high-water mark)? */
bool store_is_new(const store *st);
/* db is about to take a replay into this directory, new and loaded: write the files its first commit makes before its
 * record now, and sync them and put them in place on another thread
 * meanwhile (first.c).  Does nothing otherwise.  The store waits for the
 * thread before it next locks the directory. */
void store_first_begin(store *st, cfg_db *db);

/* Has a file changed since the last look (one stat)? */
bool store_changed(store *st);

/* With a lock held: apply what other processes committed since the last
 * look to db (whose pending changes the caller has set aside) and commit
 * it without hooks.  The records applied are added to `incoming` (may be
 * NULL).  *reloaded tells that the journal was rewritten beyond what this
 * process had seen, so the tree was built again from the checkpoint (the
 * records after it are then in incoming).  Returns 0, or -1 with a
 * message. */
int store_catch_up(store *st, cfg_db *db, store_chglist *incoming, bool *reloaded, char *err,
		   size_t errlen);

/* `display current-configuration` straight from the checkpoint, when no
 * record follows it (checked whole before a line goes out).  Returns 0
 * when it rendered, 1 when it cannot (no checkpoint, records after it, a
 * legacy directory, a tree already loaded: render the tree), -1 when the
 * checkpoint is damaged (nothing rendered: a load reports it). */
int store_render_running(store *st, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			 void *arg);

/* When the running configuration last changed: the time of the newest
 * commit (rollbacks included), 0 when there is none.  When nothing is
 * loaded it reads the journal's record headers only, and returns -1 when
 * they cannot tell (a damaged journal: load, then ask again). */
int64_t store_last_change(store *st);

/* ---- history -------------------------------------------------------------- */

typedef struct store_hist {
	uint64_t seq, commit_id;
	int64_t time;
	uint8_t type;
	uint16_t flags;
	const char *user, *intf, *label, *desc;
} store_hist;

/* The commits in the journal, oldest first (trial-state records are not
 * listed).  Valid until the next store call that reads or writes. */
size_t store_history_count(const store *st);
const store_hist *store_history(const store *st, size_t i);
/* Index of the commit with that ID, or -1. */
long store_find_id(const store *st, uint64_t id);
/* Indexes of the rollback points, newest first, in *out (malloc'ed). */
size_t store_points(const store *st, size_t **out);
/* The record number of the newest record. */
uint64_t store_last_seq(const store *st);

/* Add the changes of history entries [from, to) to l (their records are
 * read again and checked).  0, or -1 with a message. */
int store_read(store *st, size_t from, size_t to, store_chglist *l, char *err, size_t errlen);

/* ---- committing ------------------------------------------------------------ */

typedef struct store_commit_opts {
	uint8_t type;             /* enum store_type */
	bool point;               /* a rollback point: gets a commit ID */
	uint16_t flags;           /* STORE_F_* */
	const char *user, *intf, *label, *desc;
	int64_t time;             /* seconds since the epoch; 0: now */
	unsigned cfg_flags;       /* for cfg_commit_ex (CFG_COMMIT_NO_HOOKS) */
} store_commit_opts;

/* With the exclusive lock, after store_catch_up: commit db's candidate
 * through the journal (the record is written and fsynced before running
 * changes; commit hooks run as cfg_commit_ex runs them), then write a
 * checkpoint when the journal has grown past half of it.  Returns 1
 * committed, 0 nothing to commit, -1 refused with a message ("Error: ...";
 * nothing changed). */
int store_commit(store *st, cfg_db *db, const store_commit_opts *o, char *err, size_t errlen);

/* ---- trial commits ---------------------------------------------------------- */

/* The trial state as of the last look at the journal (store_trial_peek
 * looks again: cheap when nothing changed). */
const store_trial *store_trial_state(const store *st);
void store_trial_peek(store *st);
/* With the exclusive lock: record a new trial state (a record of its
 * own).  0, or -1 with a message. */
int store_trial_set(store *st, const store_trial *t, char *err, size_t errlen);

/* ---- files --------------------------------------------------------------------- */

/* `save`: db's running configuration, rendered with the extra top-level
 * blocks x (cfg_render_extra), to the directory's file `name` (temporary
 * file, fsync, rename), one process at a time.  0, or -1 with a message. */
int store_save(store *st, const char *name, cfg_db *db, const cfg_extra *x, size_t nx, char *err,
	       size_t errlen);
/* A configuration file of the directory (rollback to file): 0, 1 when it
 * does not exist, -1 with errno. */
int store_read_file(store *st, const char *name, char **buf, size_t *len);

/* Configuration files of the directory (store/files.c).  Names are at
 * most STORE_FILE_NAME_MAX bytes, without '/'. */
#define STORE_FILE_NAME_MAX 64
/* The next-startup file of a directory that never chose one. */
#define STORE_DEFAULT_STARTUP "vrpcfg.cfg"

/* `save [FILE]`: store_save, then FILE is the last file saved, and the
 * file for the next start when none is chosen yet.  0, or -1 with a
 * message. */
int store_save_file(store *st, const char *name, cfg_db *db, const cfg_extra *x, size_t nx,
		    char *err, size_t errlen);
/* The file chosen for the next start and the last file saved, each ""
 * when there is none (or it was removed); buffers of
 * STORE_FILE_NAME_MAX + 1 bytes (either may be NULL).  0, or -1 when the
 * directory cannot be locked. */
int store_startup_get(store *st, char *next, char *last);
/* `startup saved-configuration FILE`: FILE (an existing file of the
 * directory) is the next start's.  0, or -1 with a message. */
int store_startup_set(store *st, const char *name, char *err, size_t errlen);

typedef struct store_file {
	char name[STORE_FILE_NAME_MAX + 1];
	uint64_t size;
	int64_t mtime;
} store_file;
/* The regular files of the directory whose names want() accepts, sorted
 * by name, in *out (malloc'ed).  0, or -1 with errno. */
int store_files(store *st, bool (*want)(const char *name), store_file **out, size_t *n);
/* Size and free space of the directory's file system, in bytes. */
int store_fs_space(store *st, uint64_t *total, uint64_t *avail);
/* The messages of the latest rollback (`display configuration rollback
 * result`). */
int store_result_write(store *st, const char *text, size_t len, char *err, size_t errlen);
int store_result_read(store *st, char **buf, size_t *len);

/* ---- recovery ----------------------------------------------------------------- */

/* What store_recover would do, in a few lines (after a load found
 * damage). */
void store_recover_plan(store *st, char *buf, size_t buflen);
/* With the exclusive lock, after a load that found damage (db holds what
 * it loaded): keep the intact part, move the damaged file aside under a
 * new name (never deleting it), write the files again, and raise the
 * high-water mark so that no commit ID is given twice.  0, or -1 with a
 * message. */
int store_recover(store *st, cfg_db *db, char *err, size_t errlen);

/* ---- for the backend daemon ------------------------------------------------------ */

/* The running configuration of directory dir, loaded into db (no commit
 * hooks, nothing written).  db holds the factory configuration the first
 * commit was made on, or nothing.  A damaged directory loads its intact
 * part (*damaged set; may be NULL).  0, or -1 with a message when the
 * directory cannot be read or is in the first release's format. */
int store_load_dir(const char *dir, cfg_db *db, bool *damaged, char *err, size_t errlen);

/* When a trial commit's deadline has passed and no vrpsh has reverted it:
 * revert it (a ROLLBACK commit of the inverse of the records after the
 * trial's base, without hooks).  Cheap when none is due.  Returns 1
 * reverted, 0 nothing due, -1 with a message. */
int store_revert_due_trial(const char *dir, int64_t now, char *err, size_t errlen);

/* The changes a trial's revert undoes: history entries [*from, count). */
size_t store_trial_from(const store *st);

#endif
