/* The first files of a new state directory, made while a replay runs.
 *
 * The first commit in a directory that has neither a checkpoint nor a
 * journal writes both before its record: a journal holding only its
 * header, then the configuration it is made on as the first checkpoint.
 * Each is a temporary file, an fsync, a rename and an fsync of the directory:
 * four waits for the disk, from 2 to 45 ms in all on the machines
 * measured, in a commit that otherwise waits for one.
 *
 * A replay into such a directory makes them as it starts.  Both files are
 * tiny (the configuration before the replay is the factory one), so they
 * are written on the calling thread, which alone may read the tree; a
 * thread of their own syncs them and puts them in place while the lines
 * run.  It does so under the directory's exclusive lock, on a descriptor
 * of its own, taken only when it is free at once (waiting could mean
 * waiting for this process's own lock), and only while the directory
 * still has neither file.  What it leaves is then what the first commit
 * would have written first, in the same order: the journal, then the
 * checkpoint.
 *
 * The store takes the result up (store_first_settle) before it locks the
 * directory or looks at it for other processes' commits, so its view of
 * the journal is the one it would have had after writing it itself. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "checkpoint.h"
#include "store_priv.h"
#include "../config/thread.h"

struct store_first {
	pthread_t thread;
	const store_dir *dir;
	char ckpt_tmp[NAME_MAX + 1];
	char jrnl_tmp[NAME_MAX + 1];
	store_ckpt_info ci;
	bool ckpt_in, jrnl_in; /* put in place */
	atomic_bool done;
};

/* fsync a file of the directory by name. */
static int sync_named(const store_dir *d, const char *name)
{
	int fd = store_dir_openat(d, name, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static void *first_main(void *arg)
{
	struct store_first *f = arg;
	const store_dir *d = f->dir;
	char err[256];
	int lock = store_dir_lock(d, STORE_LOCK, LOCK_EX | LOCK_NB, err, sizeof err);

	if (lock >= 0 && !store_dir_exists(d, STORE_CKPT) && !store_dir_exists(d, STORE_JOURNAL) &&
	    sync_named(d, f->ckpt_tmp) == 0 && sync_named(d, f->jrnl_tmp) == 0) {
		/* the journal first, as store_commit does (see there) */
		f->jrnl_in = store_dir_install(d, f->jrnl_tmp, STORE_JOURNAL, true, err, sizeof err) == 0;
		f->ckpt_in = f->jrnl_in &&
			     store_dir_install(d, f->ckpt_tmp, STORE_CKPT, true, err, sizeof err) == 0;
	}
	/* what was not put in place goes (install removes what it fails on) */
	if (!f->ckpt_in)
		store_dir_abandon(d, f->ckpt_tmp);
	if (!f->jrnl_in)
		store_dir_abandon(d, f->jrnl_tmp);
	atomic_store(&f->done, true);
	if (lock >= 0)
		close(lock);
	return NULL;
}

bool store_is_new(const store *st)
{
	return st->jfd < 0 && st->nrec == 0 && st->last_seq == 0 && !st->hw_valid &&
	       !store_dir_exists(&st->dir, STORE_CKPT) && !store_dir_exists(&st->dir, STORE_JOURNAL);
}

/* New, loaded, and ours to write. */
static bool fresh(const store *st)
{
	return st->loaded && !st->dmg.damaged && !st->legacy && st->lockfd >= 0 && !st->locked &&
	       store_is_new(st);
}

void store_first_begin(store *st, cfg_db *db)
{
	char err[256];
	if (st->first || !fresh(st))
		return;
	struct store_first *f = calloc(1, sizeof *f);
	if (!f)
		return;
	f->dir = &st->dir;
	f->ci = (store_ckpt_info){ st->last_seq, st->last_id, cfg_seq_counter(db), 0, 0 };
	if (store_ckpt_prepare(&st->dir, STORE_CKPT, db, CFG_RUNNING, false, &f->ci, f->ckpt_tmp,
			       sizeof f->ckpt_tmp, err, sizeof err) != 0) {
		free(f);
		return;
	}
	if (store_journal_prepare(st, f->jrnl_tmp, sizeof f->jrnl_tmp, err, sizeof err) != 0) {
		store_dir_abandon(&st->dir, f->ckpt_tmp);
		free(f);
		return;
	}
	if (cfg_thread_start(&f->thread, first_main, f) != 0) {
		store_dir_abandon(&st->dir, f->ckpt_tmp);
		store_dir_abandon(&st->dir, f->jrnl_tmp);
		free(f);
		return;
	}
	st->first = f;
}

bool store_first_busy(const store *st)
{
	return st->first && !atomic_load(&st->first->done);
}

void store_first_settle(store *st)
{
	struct store_first *f = st->first;
	if (!f)
		return;
	pthread_join(f->thread, NULL);
	st->first = NULL;
	if (f->ckpt_in) {
		st->ckpt_seq = f->ci.seq;
		st->ckpt_bytes = f->ci.bytes;
	}
	if (f->jrnl_in) {
		char err[256];
		/* As if this process had just made it: a record that another
		 * process appended since is then news to store_changed. */
		if (store_journal_open(st, err, sizeof err) == 0 && st->jfd >= 0)
			st->jsize = st->jend;
	}
	free(f);
}
