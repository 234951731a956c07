/* Journal records: one commit (or one change of the trial state), as the
 * configuration lines it set and deleted, in a self-checking binary form.
 *
 * A commit names each changed line by the path of section lines above it,
 * and carries everything the configuration tree needs to put the line
 * back exactly where it was: its text, identity length, order (cls, key,
 * sub), flags, creation number, and the lines that own it (config/cfg.h,
 * cfg_own).  Applying a record is a series of cfg_set and cfg_delete
 * calls; no command runs.
 *
 * Layout (little-endian; "varint" is LEB128, "svarint" zigzag LEB128):
 *
 *   header, 56 bytes:
 *     u32 magic "VRC2", u32 length of the whole record,
 *     u64 seq (record number, consecutive), u64 commit ID (0: not a
 *     rollback point), i64 time, u64 creation counter high-water,
 *     u8 kind, u8 type, u16 flags, u32 number of changes,
 *     u32 length S of the strings, u32 CRC-32C of the header's first 52
 *     bytes and of the strings
 *   strings, S bytes: user, interface, label, description (varint length
 *     and bytes each)
 *   body (commit: the changes; trial: the trial state), then
 *   u32 CRC-32C of the body.
 *
 * A change:
 *   u8 tag (1: old text, 2: new text, 4: same owners as the previous
 *      change, 8: a move, see below), varint path elements shared with
 *      the previous change, varint new path elements, each an element;
 *   the line: placement, with tag 8 the placement it had before,
 *      varint identity length, old and new text (varint length and
 *      bytes) as present;
 *   unless tag 4: varint number of owners, each varint 0 and then
 *      varint path elements shared with this change's path, varint
 *      further elements and those elements (a new owner, numbered from 0
 *      within the record), or varint N+1 (owner N again).
 * A move (tag 8, with tags 1 and 2 and the two texts equal): the line kept
 *   its text and was given another place among its siblings (config/cfg.h,
 *   cfg_set_order); the first placement is the new one, the second the
 *   old one (the same creation number and flags).  Records written before
 *   moves were recorded simply have none.
 * An element: placement, varint identity length, varint length, bytes.
 * A placement: u8 flags (CFG_F_* in bits 0-2; 8: key equals the creation
 *   number; 16: key is the creation number minus a varint; 32: CFG_F_JOIN,
 *   which records written before it lost), varint cls,
 *   the key as a varint unless bit 8 or 16, varint sub, and the creation
 *   number as an svarint difference from the previous one in the record.
 *
 * A trial record's body: u8 active, svarint deadline, varint base seq,
 *   varint session, varint seconds, varint length and bytes of the
 *   persistence ID. */
#ifndef VRPSH_STORE_RECORD_H
#define VRPSH_STORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/cfg.h"
#include "codec.h"
#include "ptrmap.h"

#define STORE_REC_MAGIC 0x32435256u /* "VRC2" */
#define STORE_REC_HDR 56u
#define STORE_MAX_DEPTH 32          /* sections above a line */
#define STORE_MAX_OWNERS 64         /* owners of one line that are recorded */
#define STORE_REC_MAX (UINT32_MAX - 64u)

enum store_kind { STORE_K_COMMIT = 1, STORE_K_TRIAL = 2 };

/* Commit point types (display configuration commit list). */
enum store_type { STORE_T_CLI = 0, STORE_T_ROLLBACK = 1, STORE_T_RESTORE = 2, STORE_T_SYSTEM = 3 };

#define STORE_F_TRIAL 0x1u /* made by `commit trial` */

typedef struct store_meta {
	uint64_t seq;
	uint64_t commit_id;       /* 0: not a rollback point */
	int64_t time;
	uint64_t seqhw;           /* creation counter high-water (cfg_seq_counter) */
	uint8_t kind, type;
	uint16_t flags;
	uint32_t nchanges;
	const char *user, *intf, *label, *desc; /* NUL-terminated */
} store_meta;

typedef struct store_place {
	uint64_t key, seq;
	uint32_t cls, sub;
	uint8_t flags;            /* CFG_F_* */
} store_place;

/* A line as an element of a path, or as an owner: its text (not
 * NUL-terminated) and placement. */
typedef struct store_elem {
	const char *text;
	uint32_t len, idlen;
	store_place pl;
} store_elem;

typedef struct store_trial {
	bool active;
	int64_t deadline;
	uint64_t base_seq;        /* the last record before the trial */
	uint32_t session;         /* the session that started it */
	uint32_t secs;
	char persist[260];        /* persistence ID, "" when none */
} store_trial;

/* ---- the header --------------------------------------------------------- */

/* Check the header and strings at buf[0..avail) (avail may cover only
 * them): 0 with the record's length in *len and its metadata in *m (the
 * strings copied into strbuf, at least as long as the strings), -1 when
 * they are damaged, 1 when avail is too short to tell. */
int store_rec_head(const char *buf, size_t avail, store_meta *m, char *strbuf, size_t strbuflen,
		   uint32_t *len);
/* Where the body is, and whether it is intact (its CRC). */
size_t store_rec_body_off(const char *rec);
bool store_rec_body_ok(const char *rec, size_t len);

/* ---- writing ------------------------------------------------------------ */

typedef struct store_wr {
	store_buf head;           /* header and strings */
	store_buf body;
	int fd;                   /* streaming: the body goes to fd at off */
	uint64_t off, flushed;
	uint32_t crc;
	bool failed;              /* out of memory, too large, or a write failed */
	uint32_t nchanges;
	uint64_t prev_seq;
	/* the previous change's path, to share its leading part */
	unsigned pdepth;
	const cfg_entry *pent[STORE_MAX_DEPTH];
	/* owners written so far, and the previous change's */
	store_ptrmap owners;
	uint32_t nowners;
	uint32_t prev_own[STORE_MAX_OWNERS];
	const cfg_entry *prev_oent[STORE_MAX_OWNERS];
	unsigned nprev_own;
	bool have_prev;
} store_wr;

/* Start a record in memory. */
void store_wr_begin(store_wr *w, const store_meta *m);
/* Start a record written to fd at offset off as it is built (a commit of
 * a million lines needs no copy of it in memory); its header goes in
 * last.  Returns 0, or -1 when out of memory. */
int store_wr_begin_fd(store_wr *w, const store_meta *m, int fd, uint64_t off);
/* A change of entry e of db: old and new texts (either NULL); the path,
 * placement and owners are e's. */
void store_wr_change(store_wr *w, cfg_db *db, const cfg_entry *e, const char *old_text,
		     const char *new_text);
/* A move of e, present on both sides with unchanged text, from placement
 * `old` to its present one (cfg_moves_visit). */
void store_wr_move(store_wr *w, cfg_db *db, const cfg_entry *e, cfg_order old);
/* A trial record's body. */
void store_wr_trial(store_wr *w, const store_trial *t);
/* Finish: in memory the record is in w->head.p[0..w->head.len) (the body
 * appended to the header); streaming, the header is written and the
 * record's length returned in *len.  Returns 0, or -1 (out of memory, too
 * large, a write failed: errno). */
int store_wr_end(store_wr *w, uint64_t *len);
void store_wr_free(store_wr *w);

/* The candidate's pending changes of db as a record (metadata zero), in a
 * malloc'ed buffer, with the moves since the last commit after them; *rec
 * NULL when nothing is pending.  0, or -1 when out of memory. */
int store_pending_record(cfg_db *db, char **rec, size_t *len);

/* A record (metadata zero) whose changes turn the running configuration
 * of `from` into that of `to` (rollback to a file).  Lines match by
 * identity under matching sections; removals first, then additions and
 * modifications in the render order of the target.  0, or -1 when out of
 * memory or nested too deep. */
int store_diff_record(cfg_db *from, cfg_db *to, char **rec, size_t *len);

/* ---- reading ------------------------------------------------------------ */

/* The changes of an intact record's body, one at a time. */
typedef struct store_cursor {
	store_rd r;
	uint32_t left;
	uint64_t prev_seq;
	/* the current change */
	unsigned depth;
	store_elem path[STORE_MAX_DEPTH];
	store_elem line;
	const char *old_text, *new_text; /* NULL when absent; not NUL-terminated */
	uint32_t old_len, new_len;
	bool moved;                      /* a move: old_pl is the place before */
	store_place old_pl;
	uint32_t own[STORE_MAX_OWNERS];  /* owner numbers within the record */
	unsigned nown;
	/* the owners defined so far: each a path of elements in oel */
	struct {
		uint32_t first, n;
	} *odef;
	size_t nodef, capodef;
	store_elem *oel;
	size_t noel, capoel;
	bool have_prev;
	bool oom;
} store_cursor;

/* Start on record rec[0..len) (intact).  -1 when it is not a commit. */
int store_cursor_init(store_cursor *c, const char *rec, size_t len);
/* The next change: 1, 0 at the end, -1 when malformed (or out of memory:
 * c->oom). */
int store_cursor_next(store_cursor *c);
/* The path of owner n: its elements (from the top level down). */
const store_elem *store_cursor_owner(const store_cursor *c, uint32_t n, unsigned *depth);
void store_cursor_free(store_cursor *c);

/* A trial record's state.  0, or -1 when malformed. */
int store_rec_trial(const char *rec, size_t len, store_trial *t);

#endif
