/* Journal records: one committed change set with its commit point data,
 * in a self-checking binary form that is appended to the state
 * directory's journal.
 *
 * A record holds the commit's metadata (record number, commit ID, time,
 * user, interface, type, label, description) and its changes in cfg_commit
 * order.  A change names its line by the path of section texts from the
 * root (each with its identity length), its own identity length, and its
 * old and new texts (either may be absent).  Consecutive changes share the
 * leading part of their paths, which is stored once.
 *
 * Layout (integers little-endian, as the host writes them):
 *   u32 magic, u32 length of the whole record, u8 kind, u8 type,
 *   u16 flags, u32 number of changes, u64 seq, u64 commit ID, i64 time,
 *   4 strings (u16 length + bytes): user, interface, label, description,
 *   the changes, u32 CRC-32 of everything after the magic and before it.
 * A change: u8 has (1 old, 2 new), u8 shared path elements, u8 depth, then
 * the unshared path elements (u32 identity length, u32 length, bytes), the
 * line's u32 identity length, then old and new (u32 length + bytes) as
 * present. */
#ifndef VRPSH_CONFIG_JOURNAL_H
#define VRPSH_CONFIG_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

#define CFG_JOURNAL_MAX_DEPTH 32
#define CFG_JOURNAL_HDR 40      /* bytes before the strings */
#define CFG_JOURNAL_MAGIC 0x31524a56u /* "VJR1" */

/* Commit point types (display configuration commit list). */
enum cfg_jtype {
	CFG_JT_CLI = 0,
	CFG_JT_ROLLBACK = 1,
	CFG_JT_RESTORE = 2,
	CFG_JT_SYSTEM = 3,
};

/* Record flags. */
#define CFG_JF_TRIAL 0x1u      /* made by `commit trial` */

/* The strings are NUL-terminated in a decoded record (they point into a
 * copy owned by the caller of cfg_journal_decode). */
typedef struct cfg_jmeta {
	uint64_t seq;        /* record number, 1 upward, never reused */
	uint64_t commit_id;  /* 0: not a rollback point (immediate mode) */
	int64_t time;        /* seconds since the epoch */
	uint8_t type;        /* enum cfg_jtype */
	uint16_t flags;      /* CFG_JF_* */
	const char *user, *intf, *label, *desc;
	uint32_t nchanges;
} cfg_jmeta;

typedef struct cfg_jtext {
	const char *p;       /* not NUL-terminated */
	uint32_t len;
	uint32_t idlen;
} cfg_jtext;

/* One decoded change; the texts point into the record. */
typedef struct cfg_jchange {
	unsigned depth;                          /* path elements */
	cfg_jtext path[CFG_JOURNAL_MAX_DEPTH];   /* from the top level down */
	uint32_t idlen;
	const char *old_text, *new_text;         /* NULL when absent */
	uint32_t old_len, new_len;
} cfg_jchange;

/* ---- writing -------------------------------------------------------- */

enum cfg_jwmode {
	CFG_JW_MEMORY, /* the record is built in buf */
	CFG_JW_COUNT,  /* only its size and change count are worked out */
	CFG_JW_FD,     /* it is written to a file in pieces */
};

typedef struct cfg_jwriter {
	char *buf;
	size_t len, cap;
	bool oom;                /* out of memory, too large, or a write failed */
	uint32_t nchanges;
	enum cfg_jwmode mode;
	int fd;                  /* CFG_JW_FD: the file, what was written, */
	uint64_t total;          /* the running CRC and what end expects */
	uint32_t crc;
	size_t want_len;
	uint32_t want_n;
	/* the previous change's path, to share its leading part */
	unsigned pdepth;
	const cfg_entry *pent[CFG_JOURNAL_MAX_DEPTH];
	cfg_jtext ptext[CFG_JOURNAL_MAX_DEPTH];
} cfg_jwriter;

void cfg_jwriter_init(cfg_jwriter *w);
void cfg_jwriter_free(cfg_jwriter *w);
/* Start a record in memory (forgets what the writer held). */
void cfg_jwriter_begin(cfg_jwriter *w, const cfg_jmeta *m);
/* A large record is written to a file without holding it: a first pass
 * with begin_count (the same adds, then end) works out its size (in len)
 * and change count; a second with begin_fd writes it to fd as it goes.
 * begin_fd returns -1 when out of memory; end returns -1 when a write
 * failed or the second pass did not add what the first did. */
void cfg_jwriter_begin_count(cfg_jwriter *w, const cfg_jmeta *m);
int cfg_jwriter_begin_fd(cfg_jwriter *w, const cfg_jmeta *m, int fd, size_t reclen,
			 uint32_t nchanges);
/* Add the change of an entry of the tree (path read from its ancestors). */
void cfg_jwriter_add(cfg_jwriter *w, const cfg_change *c);
/* Add a change given as texts (path[0..depth)). */
void cfg_jwriter_add_texts(cfg_jwriter *w, const cfg_jtext *path, unsigned depth, uint32_t idlen,
			   const char *old_text, uint32_t old_len, const char *new_text,
			   uint32_t new_len);
/* Finish the record: fills in its length, change count and checksum.
 * In memory: returns 0 with the record in w->buf[0..w->len), or -1 when
 * out of memory or the record is too large.  (See above for the others.) */
int cfg_jwriter_end(cfg_jwriter *w);

/* ---- reading -------------------------------------------------------- */

enum cfg_jstatus {
	CFG_J_OK = 0,        /* a whole, intact record */
	CFG_J_SHORT = 1,     /* the buffer ends inside a record (torn tail) */
	CFG_J_CORRUPT = 2,   /* bad magic, length or checksum */
};

/* Check the record at buf[0..avail): its length in *reclen when intact. */
enum cfg_jstatus cfg_journal_check(const char *buf, size_t avail, size_t *reclen);

/* Decode an intact record's metadata; the strings are copied into
 * strbuf (at least as long as the record) and NUL-terminated there.
 * Returns 0, or -1 when the record is malformed. */
int cfg_journal_meta(const char *rec, size_t reclen, cfg_jmeta *m, char *strbuf);

/* Iterate over an intact record's changes. */
typedef struct cfg_jcursor {
	const char *rec, *p, *end;
	uint32_t left;
	cfg_jchange cur;
} cfg_jcursor;

int cfg_jcursor_init(cfg_jcursor *c, const char *rec, size_t reclen);
/* The next change in c->cur: 1, 0 at the end, -1 when malformed. */
int cfg_jcursor_next(cfg_jcursor *c);

/* CRC-32 (IEEE 802.3, reflected) of buf, continuing from crc (0 to start). */
uint32_t cfg_crc32(uint32_t crc, const void *buf, size_t len);

#endif
