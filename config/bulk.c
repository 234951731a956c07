/* Creation numbers across processes, and building a committed tree in
 * one pass (loading a checkpoint), for the state directory (store/). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cfg_private.h"

void cfg_seq_origin(cfg_db *db, uint16_t origin)
{
	if (db)
		db->origin = origin;
}

void cfg_seq_floor(cfg_db *db, uint64_t counter)
{
	if (db && counter > db->seq)
		db->seq = counter > CFG_SEQ_COUNTER_MAX ? CFG_SEQ_COUNTER_MAX : counter;
}

uint64_t cfg_seq_counter(const cfg_db *db)
{
	return db ? db->seq : 0;
}

int cfg_bulk_reserve(cfg_db *db, size_t entries)
{
	return db && cfg_hash_reserve_n(db, entries) == 0 ? 0 : -1;
}

static cfg_entry *bulk_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static cfg_entry *bulk_fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

cfg_entry *cfg_bulk_add(cfg_db *db, cfg_entry *parent, const char *text, size_t len, size_t idlen,
			cfg_order ord, unsigned flags, uint64_t seq, char *err, size_t errlen)
{
	if (!db)
		return bulk_fail(err, errlen, "no configuration database");
	if (!parent)
		parent = &db->root.e;
	if (!text || len == 0 || len > CFG_TEXT_MAX || idlen == 0 || idlen > len ||
	    memchr(text, '\0', len) || memchr(text, '\n', len) || memchr(text, '\r', len))
		return bulk_fail(err, errlen, "invalid configuration line");
	if (seq == 0 || seq > CFG_SEQ_MAX || ord.key == CFG_KEY_SEQ)
		return bulk_fail(err, errlen, "invalid creation number or order");
	if (!(parent->flags & CFG_F_SECTION) || !parent->txt[CFG_RUNNING] ||
	    parent->txt[CFG_RUNNING] != parent->txt[CFG_CANDIDATE])
		return bulk_fail(err, errlen, "the parent of \"%.40s\" is not a committed section",
				 text);
	if (cfg_kids_reserve(db, CFG_SECT(parent)) < 0 || cfg_hash_reserve(db) < 0)
		return bulk_fail(err, errlen, "out of memory");
	uint64_t h = cfg_hash_id(parent, text, idlen);
	size_t slot;
	if (cfg_hash_find(db, parent, text, idlen, h, &slot))
		return bulk_fail(err, errlen, "\"%.*s\" appears twice", (int)(idlen > 60 ? 60 : idlen),
				 text);
	cfg_entry *e = cfg_entry_new(db, parent, text, len, idlen, ord, flags, seq, true, slot, h);
	if (!e)
		return bulk_fail(err, errlen, "out of memory");
	return e;
}
