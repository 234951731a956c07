/* Recovery of a damaged state directory: the intact part is kept, the
 * damaged file moved aside under a new name, the files written again, the
 * high-water mark raised (see store.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "store_priv.h"

void store_recover_plan(store *st, char *buf, size_t buflen)
{
	const store_damage *d = &st->dmg;
	if (!d->damaged) {
		snprintf(buf, buflen, "%s: no damage found; nothing to recover.\n", st->dir.path);
		return;
	}
	char msg[768];
	store_damage_message(st, msg, sizeof msg);
	const char *what;
	switch (st->dmg_kind) {
	case DK_J_RECORD:
		what = st->gap_hi ? "The records lost are history only: the running configuration "
				    "is kept whole, the history from the first record after the "
				    "damage on."
				  : "The journal is kept up to the damaged record; the running "
				    "configuration is the one of the last intact commit.";
		break;
	case DK_J_SHORT:
		what = "The journal's records are kept (the commits it lacks are lost); the "
		       "high-water mark is written again, keeping the commit IDs given out.";
		break;
	case DK_J_MISSING:
	case DK_J_HEADER:
	case DK_J_OLD:
		what = "A new journal starts from the checkpoint; the history it held is lost "
		       "(the old file is kept).";
		break;
	case DK_J_GAP:
	case DK_CKPT:
	case DK_CKPT_MISSING:
		what = "A new checkpoint is written from what could be loaded: the intact part of "
		       "the checkpoint and the journal records after it.";
		break;
	default:
		what = "The high-water mark is written again from the journal.";
	}
	snprintf(buf, buflen, "%s\n%s\nThe damaged file is moved aside, not deleted.\n", msg, what);
}

/* Move `name` aside when it is there; its new name is reported. */
static int aside(store *st, const char *name, char *err, size_t errlen)
{
	char nn[256];
	if (!store_dir_exists(&st->dir, name))
		return 0;
	if (store_dir_move_aside(&st->dir, name, nn, sizeof nn) != 0) {
		snprintf(err, errlen, "%s/%s: cannot be moved aside: %s", st->dir.path, name,
			 strerror(errno));
		return -1;
	}
	store_warnf(st, "%s/%s moved aside to %s", st->dir.path, name, nn);
	return 0;
}

int store_recover(store *st, cfg_db *db, char *err, size_t errlen)
{
	if (!st->dmg.damaged)
		return 0;
	if (st->locked != 2 /* LOCK_EX */) {
		snprintf(err, errlen, "the state directory is not locked");
		return -1;
	}
	uint64_t top_id = st->last_id;
	if (st->hw_valid && st->hw_id > top_id)
		top_id = st->hw_id;
	switch (st->dmg_kind) {
	case DK_J_RECORD:
	case DK_J_SHORT:
		if (aside(st, STORE_JOURNAL, err, errlen) != 0)
			return -1;
		if (st->gap_hi) {
			size_t from = store_journal_after(st, st->gap_hi);
			if (store_journal_rewrite(st, from, st->gap_hi, err, errlen) != 0)
				return -1;
		} else if (store_journal_rewrite(st, 0, st->base_seq, err, errlen) != 0) {
			return -1;
		}
		break;
	case DK_J_MISSING:
	case DK_J_HEADER:
	case DK_J_OLD:
		if (aside(st, STORE_JOURNAL, err, errlen) != 0)
			return -1;
		st->last_seq = st->ckpt_seq > st->last_seq ? st->ckpt_seq : st->last_seq;
		if (store_journal_rewrite(st, st->nrec, st->last_seq, err, errlen) != 0)
			return -1;
		break;
	case DK_J_GAP:
	case DK_CKPT:
	case DK_CKPT_MISSING: {
		if (aside(st, STORE_CKPT, err, errlen) != 0)
			return -1;
		store_ckpt_info ci = { st->last_seq, top_id, cfg_seq_counter(db), 0, 0 };
		if (store_ckpt_write(&st->dir, STORE_CKPT, db, &ci, err, errlen) != 0)
			return -1;
		st->ckpt_seq = st->last_seq;
		st->ckpt_bytes = ci.bytes;
		break;
	}
	default:
		if (aside(st, STORE_HIGHWATER, err, errlen) != 0)
			return -1;
		st->hw_valid = false;
		st->hw_gen = 0;
	}
	/* the mark now says where the kept journal ends (never lower IDs): a
	 * new file, so that no older slot outranks it */
	unlinkat(st->dir.fd, STORE_HIGHWATER, 0);
	st->hw_valid = false;
	st->hw_gen = 0;
	store_hw_write(st, st->last_seq, top_id);
	if (st->hw_id < top_id)
		st->hw_id = top_id;
	memset(&st->dmg, 0, sizeof st->dmg);
	st->dmg_kind = 0;
	return 0;
}
