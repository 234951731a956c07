/* Internals of the state directory store, shared by store.c (opening,
 * loading, keeping up), journal.c (the journal file), commit.c (commits,
 * checkpoints, compaction, the trial state), recover.c and legacy.c.
 * Private to store/. */
#ifndef VRPSH_STORE_STORE_PRIV_H
#define VRPSH_STORE_STORE_PRIV_H

#include <stdint.h>
#include <sys/types.h>

#include "dir.h"
#include "legacy.h"
#include "store.h"

#define STORE_JOURNAL "journal"
#define STORE_CKPT "checkpoint"
#define STORE_HIGHWATER "highwater"
#define STORE_LOCK "lock"
#define STORE_RESULT "rollback-result"
#define STORE_JOURNAL_MAGIC 0x324a5256u /* "VRJ2" */
#define STORE_JOURNAL_HDR 32u
/* Journal bytes past the checkpoint before a new one is written. */
#define STORE_COMPACT_MIN (1u << 20)

/* One record of the journal. */
typedef struct store_jrec {
	store_hist h;             /* strings in strs */
	uint8_t kind;
	uint64_t off;
	uint32_t len;
	uint64_t seqhw;
	char *strs;
} store_jrec;

struct store {
	store_dir dir;
	int lockfd;
	int locked;               /* 0, LOCK_SH or LOCK_EX */
	store_warn_fn warn;
	void *warn_ctx;

	/* the journal */
	int jfd;                  /* -1: not open (none yet) */
	bool jwritable;
	dev_t jdev;
	ino_t jino;
	uint64_t jsize;           /* size at the last look */
	int64_t jmtime;           /* and modification time (ns), -1: unknown */
	uint64_t jend;            /* end of the last intact record */
	uint64_t base_seq;        /* the journal header's: records up to it are elsewhere */
	bool torn;                /* bytes after jend that a crash left: cut at the next write */
	uint64_t gap_lo, gap_hi;  /* records lost to damage from the history only (0: none) */
	store_jrec *rec;          /* the records, oldest first */
	size_t nrec, caprec;
	size_t *hix;              /* indexes into rec[] of the commits (the history) */
	size_t nhist;

	uint64_t last_seq, last_id, seqhw;
	/* the checkpoint */
	uint64_t ckpt_seq, ckpt_bytes;
	uint64_t ckpt_id;         /* the commit it holds, when it loaded intact */
	dev_t cdev;
	ino_t cino;
	int64_t cmtime;
	/* the high-water mark */
	uint64_t hw_seq, hw_id;
	uint32_t hw_gen;
	bool hw_valid;

	int format;               /* 0: empty, 1: the first release's, 2: this one's */
	bool loaded;
	store_damage dmg;
	int dmg_kind;
	store_trial trial;
	uint64_t trial_scanned;   /* journal offset the trial peek read up to */
	dev_t tdev;
	ino_t tino;

	/* a directory in the first release's format, loaded but not yet
	 * written again: its history converted, written at the next commit */
	store_legacy *legacy;

	/* the first checkpoint and journal being made (first.c) */
	struct store_first *first;
};

void store_warnf(store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Kinds of damage (what recovery does about it). */
enum {
	DK_J_RECORD = 1, /* a journal record does not check */
	DK_J_SHORT,      /* the journal ends before the high-water mark */
	DK_J_MISSING,    /* no journal (or a link), with a checkpoint or a mark */
	DK_J_HEADER,     /* the journal's header does not check */
	DK_J_OLD,        /* the journal ends before the checkpoint */
	DK_J_GAP,        /* records between the checkpoint and the journal are gone */
	DK_CKPT,         /* the checkpoint does not check (or is a link) */
	DK_CKPT_MISSING, /* no checkpoint, though the journal starts after one */
	DK_HW,           /* the high-water mark does not check (or is a link) */
};
void store_set_damage(store *st, int kind, const char *file, uint64_t offset, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));

/* ---- journal.c ---- */

/* Open the journal (read-write when possible).  0, 1 when there is none,
 * -1 with a message. */
int store_journal_open(store *st, char *err, size_t errlen);
/* Forget the records (before a full scan). */
void store_journal_forget(store *st);
/* Read the records from jend to the end of the file, checking them all
 * (headers and bodies).  Commit records numbered above `keep_from` are
 * also added to `apply` (may be NULL): decoded (`decode`), or only their
 * buffers in apply->recs.  Damage sets st->dmg; a torn tail sets
 * st->torn.  0, or -1 with a message (I/O, memory). */
int store_journal_scan(store *st, uint64_t keep_from, store_chglist *apply, bool decode,
		       char *err, size_t errlen);
/* Read record i again, checked: a malloc'ed buffer, or NULL with a
 * message. */
char *store_journal_read(store *st, size_t i, char *err, size_t errlen);
/* With the exclusive lock: cut a torn tail off. */
void store_journal_cut(store *st);
/* With the exclusive lock: make a new journal holding records
 * rec[from..] (copied, checked) after a header with base_seq, and open
 * it.  0, or -1 with a message. */
int store_journal_rewrite(store *st, size_t from, uint64_t base_seq, char *err, size_t errlen);
/* Append a record built by `build` at jend and fsync it; on failure the
 * journal is cut back.  0 with the record added to rec[], or -1 with a
 * message. */
typedef int (*store_build_fn)(void *arg, store_wr *w);
int store_journal_append(store *st, const store_meta *m, store_build_fn build, void *arg,
			 char *err, size_t errlen);
/* With the exclusive lock: a new journal holding only its header (base:
 * st->last_seq), opened.  0, or -1 with a message. */
int store_journal_create(store *st, char *err, size_t errlen);
/* A journal holding only its header (base: st->last_seq) in a new
 * temporary file, not synced: its name in tmp.  0, or -1 with a message. */
int store_journal_prepare(store *st, char *tmp, size_t tmplen, char *err, size_t errlen);
/* Index of the first record with seq > s (records are in seq order). */
size_t store_journal_after(const store *st, uint64_t s);

/* ---- first.c ---- */
/* Is the thread of store_first_begin still at work? */
bool store_first_busy(const store *st);
/* Wait for it and take up what it made (nothing when none runs). */
void store_first_settle(store *st);

/* ---- highwater (journal.c) ---- */
void store_hw_read(store *st);
void store_hw_write(store *st, uint64_t seq, uint64_t id);

/* ---- store.c ---- */
/* Clear db's configuration (committed, no hooks) and build it from the
 * checkpoint and the records after it (already scanned into apply). */
int store_build(store *st, cfg_db *db, store_chglist *apply, char *err, size_t errlen);
void store_hist_rebuild(store *st);

#endif
