/* A checkpoint written on a thread of its own while the journal record of
 * the commit it follows is built and synced (ckpt_beside.c). */
#ifndef VRPSH_STORE_CKPT_BESIDE_H
#define VRPSH_STORE_CKPT_BESIDE_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>

#include "checkpoint.h"

typedef struct store_beside {
	pthread_t thread;
	const store_dir *dir;
	const cfg_db *db;
	store_ckpt_info info; /* in: seq, commit_id, seqhw; out: the rest */
	char tmp[NAME_MAX + 1]; /* the prepared file, when rc is 0 */
	int rc;
	char err[256];
} store_beside;

/* Start writing db's candidate side, as it stands before the commit being
 * logged settles, to a temporary checkpoint file.  Until
 * store_beside_join returns, nothing may change db (the journal record's
 * builder only reads it).  0 started, -1 not (no thread: nothing to join). */
int store_beside_start(store_beside *b, const store_dir *d, const cfg_db *db,
		       const store_ckpt_info *info);
/* Wait for it: 0 with the prepared file in b->tmp (for store_dir_install
 * or store_dir_abandon), -1 with the reason in b->err (no file left). */
int store_beside_join(store_beside *b);

#endif
