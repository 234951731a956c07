/* A checkpoint written beside the journal record of its commit.
 *
 * A commit that grows the journal past half the checkpoint is followed by
 * a new checkpoint: the whole tree written again, after the record has
 * been built, written and synced.  Both only read the tree, and what the
 * checkpoint will hold (the running side once the commit settles) is the
 * candidate side while the record is built, so the two can run at once:
 * on a machine with a second core the checkpoint costs the commit little
 * more than its rename.  The checkpoint walks the tree with the visits
 * that write nothing (cfg.h); the record's builder changes nothing in the
 * tree either; the tree settles only after the join.  The file is put in
 * place after the commit, when the commit has gone through and the
 * checkpoint is still the one due (store/commit.c). */
#include <stdio.h>
#include <string.h>

#include "ckpt_beside.h"
#include "../config/thread.h"
#include "store_priv.h"

static void *beside_main(void *arg)
{
	store_beside *b = arg;
	b->rc = store_ckpt_prepare(b->dir, STORE_CKPT, b->db, CFG_CANDIDATE, true, &b->info,
				   b->tmp, sizeof b->tmp, b->err, sizeof b->err);
	return NULL;
}

int store_beside_start(store_beside *b, const store_dir *d, const cfg_db *db,
		       const store_ckpt_info *info)
{
	memset(b, 0, sizeof *b);
	b->dir = d;
	b->db = db;
	b->info = *info;
	b->rc = -1;
	return cfg_thread_start(&b->thread, beside_main, b) == 0 ? 0 : -1;
}

int store_beside_join(store_beside *b)
{
	pthread_join(b->thread, NULL);
	return b->rc;
}
