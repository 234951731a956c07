/* State directories of the first release: a text checkpoint ("!vrpsh
 * checkpoint seq=S commit=C" and the configuration as rendered) and a
 * journal of "VJR1" records that hold line texts without their
 * placement.  They load unchanged and are written again in this release's
 * format at the next commit.
 *
 * Building the tree from them needs the commands (the text is the
 * configuration as typed), so the caller does it: it replays the text
 * checkpoint and the records after it, then converts every record into
 * this release's form (placement included) and hands the records to
 * store_legacy_adopt.  At the next commit the store writes a checkpoint
 * of the running configuration and a journal of the converted records;
 * the old files stay as journal.v1 and checkpoint.v1. */
#ifndef VRPSH_STORE_LEGACY_H
#define VRPSH_STORE_LEGACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chglist.h"
#include "record.h"

struct store;

typedef struct store_legacy {
	char *ckpt_file;          /* the text checkpoint, or NULL */
	const char *ckpt;         /* its configuration, after the header line */
	size_t ckpt_len;
	uint64_t ckpt_seq, ckpt_id;
	/* the records, oldest first: metadata (strings in strs[i]) */
	store_meta *meta;
	char **strs;
	size_t nrec;
	size_t first_after;       /* meta[first_after..] come after the checkpoint */
	/* their changes (placement unknown), c->rec = index into meta[] */
	store_chglist changes;
	store_trial trial;        /* the trial file's state */
	/* this release's records, once converted (one per record) */
	char **conv;
	size_t *convlen;
} store_legacy;

/* Read the first release's files of the directory (with a lock held).
 * The legacy data is kept by the store (store_legacy_get).  0, or -1 with
 * a message (damage is set as for a load). */
int store_legacy_read(struct store *st, char *err, size_t errlen);
const store_legacy *store_legacy_get(const struct store *st);

/* The converted records: recs[i] (malloc'ed, taken over) is the record of
 * meta[i] in this release's form, same number and metadata.  The store
 * takes them as its history; db holds the running configuration built
 * from the legacy files.  0, or -1 with a message. */
int store_legacy_adopt(struct store *st, cfg_db *db, char **recs, size_t *lens, char *err,
		       size_t errlen);

/* Index of the record with that number, or SIZE_MAX. */
size_t store_legacy_index(const store_legacy *lg, uint64_t seq);
void store_legacy_free(store_legacy *lg);

/* With the exclusive lock, before the first commit: write this release's
 * files (checkpoint of db's running configuration, journal of the
 * converted records), keeping the old ones as journal.v1 and
 * checkpoint.v1.  0, or -1 with a message. */
int store_legacy_upgrade(struct store *st, cfg_db *db, char *err, size_t errlen);

#endif
