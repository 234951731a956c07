/* Creation and destruction of a configuration database. */
#include <stdlib.h>

#include "cfg_private.h"

cfg_db *cfg_db_new(void)
{
	cfg_db *db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	db->root.e.flags = CFG_F_SECTION;
	db->root.e.txt[CFG_RUNNING] = db->root.e.txt[CFG_CANDIDATE] = "";
	db->root.sorted = 1;
	if (cfg_hash_init(db) < 0) {
		free(db);
		return NULL;
	}
	return db;
}

/* Free the live entries below s (each one is in its parent's children). */
static void free_below(cfg_db *db, cfg_sect *s)
{
	for (uint32_t i = 0; i < s->n; i++) {
		cfg_entry *k = s->kids[i];
		if (!k)
			continue;
		if (k->flags & CFG_F_SECTION)
			free_below(db, CFG_SECT(k));
		cfg_entry_free(db, k);
	}
}

void cfg_db_free(cfg_db *db)
{
	if (!db)
		return;
	cfg_prefault_end(db);
	if (!cfg_pool_fini_frees_all()) {
		/* dead entries are all on the change list (with live ones:
		 * look at the list before freeing those) */
		for (uint32_t i = 0; i < db->nchg; i++)
			if (db->chg[i]->state & CFG_S_DEAD)
				cfg_entry_free(db, db->chg[i]);
		free_below(db, &db->root);
		cfg_own_free(db, &db->root.e);
		cfg_pool_free(&db->pool, db->root.kids,
			      (size_t)db->root.cap * sizeof *db->root.kids);
		cfg_pool_free(&db->pool, db->work, (size_t)db->capwork * sizeof *db->work);
		cfg_pool_free(&db->pool, db->moves, (size_t)db->capmoves * sizeof *db->moves);
	}
	/* otherwise the pool's blocks and big pieces go as a whole: no
	 * visit of the entries */
	cfg_chg_release(db);
	cfg_hash_fini(db);
	cfg_pool_fini(&db->pool);
	free(db->line);
	free(db);
}
