/* Checkpoints: the running configuration tree in a form that loads in one
 * pass over its bytes, without parsing a command, and that renders
 * `display current-configuration` without building the tree at all.
 *
 * Layout (little-endian; varints as in record.h):
 *   header, 64 bytes: u32 magic "VRK2", u32 version (2), u64 seq (the
 *     last journal record it holds), u64 highest commit ID, u64 creation
 *     counter high-water, u64 number of lines, u64 bytes after the
 *     header, u32 number of blocks, u32 flags (0), u32 reserved,
 *     u32 CRC-32C of the first 60 bytes;
 *   blocks: u32 length, u32 CRC-32C of the payload, payload (whole lines,
 *     at most 1 MiB unless one line is longer).
 * The lines in render order (a section, then what it holds), each:
 *   u8 flags (CFG_F_* in bits 0-2; 8: renders in `display
 *     current-configuration`; 16: has owners; 32: owns lines; 64: key
 *     equals the creation number; 128: key is the creation number minus
 *     a varint), varint depth (1: top level) times two plus CFG_F_JOIN
 *     (1 when set; version 1 wrote the depth alone), varint cls, the key unless
 *     bit 64 (a varint, or the difference for bit 128), varint sub,
 *     svarint creation number minus the previous line's, varint identity
 *     length, varint length and the text, and with bit 16 varint n and n
 *     svarints: each owner's creation number minus the line's. */
#ifndef VRPSH_STORE_CHECKPOINT_H
#define VRPSH_STORE_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/cfg.h"
#include "dir.h"

#define STORE_CKPT_MAGIC 0x324b5256u /* "VRK2" */
#define STORE_CKPT_VERSION 2u        /* 1 is read too (no CFG_F_JOIN) */
#define STORE_CKPT_HDR 64u

typedef struct store_ckpt_info {
	uint64_t seq, commit_id, seqhw, nentries, bytes;
} store_ckpt_info;

/* Write db's running configuration as the checkpoint `name` (temporary
 * file, fsync, rename).  Returns 0 with the file's size in info->bytes,
 * or -1 with a message. */
int store_ckpt_write(const store_dir *d, const char *name, cfg_db *db, store_ckpt_info *info,
		     char *err, size_t errlen);

/* The first half of that: the checkpoint of db's `side` written to a new
 * temporary file (fsynced with `durable`), its name in tmp;
 * store_dir_install puts it in place, store_dir_abandon removes it.  The
 * database is only read (the read-only visits of cfg.h): a thread may
 * make it while another reads the same database.  The candidate side
 * while a commit is being logged is the running side the commit will
 * leave. */
int store_ckpt_prepare(const store_dir *d, const char *name, const cfg_db *db,
		       enum cfg_side side, bool durable, store_ckpt_info *info, char *tmp,
		       size_t tmplen, char *err, size_t errlen);

/* An opened checkpoint file (mapped). */
typedef struct store_ckpt {
	const unsigned char *map;
	size_t size;
	uint32_t version;
	store_ckpt_info info;
} store_ckpt;

/* Open and map `name`.  Returns 0, 1 when there is none, -1 with a message
 * (unreadable, a symbolic link, not a checkpoint: bad header). */
int store_ckpt_open(const store_dir *d, const char *name, store_ckpt *c, char *err, size_t errlen);
void store_ckpt_close(store_ckpt *c);
/* Is the file the first release's text checkpoint ("!vrpsh checkpoint")? */
bool store_ckpt_is_text(const store_dir *d, const char *name);

/* Damage found while reading: the offset of the first damaged block
 * (everything before it is intact). */
typedef struct store_ckpt_damage {
	bool damaged;
	uint64_t offset;
	char why[96];
} store_ckpt_damage;

/* Load the lines into db, which must hold no configuration and no pending
 * change: entries present on both sides, with their placement, creation
 * numbers and owners.  On damage the intact blocks are loaded and *dmg
 * says where it starts.  Returns 0 (check dmg), or -1 with a message
 * (out of memory). */
int store_ckpt_load(const store_ckpt *c, cfg_db *db, store_ckpt_damage *dmg, char *err,
		    size_t errlen);

/* Check every block without loading (0, or -1 with *dmg set). */
int store_ckpt_verify(const store_ckpt *c, store_ckpt_damage *dmg);

/* `display current-configuration` from the checkpoint, as cfg_render
 * would render the tree it holds.  Returns 0, or -1 with *dmg set when a
 * block is damaged (what came before it was emitted). */
int store_ckpt_render(const store_ckpt *c, cfg_emit_fn emit, void *arg, store_ckpt_damage *dmg);
/* The same with extra top-level blocks merged in (cfg_render_extra). */
int store_ckpt_render_extra(const store_ckpt *c, const cfg_extra *x, size_t nx, cfg_emit_fn emit,
			    void *arg, store_ckpt_damage *dmg);

/* A copy of from's running configuration into to (empty, no pending
 * change): the same lines, placement, creation numbers and owners.  0, or
 * -1 with a message. */
int store_tree_copy(cfg_db *from, cfg_db *to, char *err, size_t errlen);

#endif
