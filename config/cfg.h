/* The configuration tree: running and one candidate, in one structure.
 *
 * Every entry is one configuration line; a section entry ("interface
 * LoopBack0", "bgp 100", "ipv6-family vpn-instance vpn1") also holds the
 * lines of its view instance.  An entry's identity is the first idlen bytes
 * of its text ("peer test connect-interface" in "peer test
 * connect-interface LoopBack0"); setting a line with the same identity under
 * the same parent replaces it.  Lookups by identity are hashed.
 *
 * A process serves one editing session, so each entry carries two texts:
 * what running holds and what the session's candidate holds (NULL = absent
 * on that side; the same pointer when unchanged).  Edits touch only the
 * candidate text and put the entry on the change list; commit walks the
 * change list, so its cost follows the size of the change, not of the
 * configuration.
 *
 * This module knows nothing of commands, BGP or terminals: the order of
 * lines and the section layout are given by the caller as data (cfg_order,
 * CFG_F_* flags). */
#ifndef VRPSH_CONFIG_CFG_H
#define VRPSH_CONFIG_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cfg_db cfg_db;
typedef struct cfg_entry cfg_entry;

enum cfg_side { CFG_RUNNING = 0, CFG_CANDIDATE = 1 };

/* Render order among siblings: by cls, then key, then sub, then identity
 * bytes.  Views pick these: e.g. a BGP group's lines use the group's
 * cfg_seq() as key so they stay together under the group line. */
typedef struct cfg_order {
	uint32_t cls;
	uint64_t key;
	uint32_t sub;
} cfg_order;

/* As cfg_order.key: the entry's own cfg_seq(), known only once it exists.
 * A BGP group line created with key CFG_KEY_SEQ, sub 0 sorts directly
 * before its peer lines created with key cfg_seq(group), sub 1, 2, ... */
#define CFG_KEY_SEQ UINT64_MAX

/* As cfg_order.key: hi (0..65534) in the top 16 bits and the entry's own
 * cfg_seq() in the 48 below: lines of one class in the order of hi, then
 * in the order they were made.  A key whose low 48 bits are all ones
 * always means this (CFG_KEY_SEQ is CFG_KEY_SEQ_IN(65535) = the seq
 * alone); keys given as numbers stay below that. */
#define CFG_KEY_SEQ_LOW ((UINT64_C(1) << 48) - 1)
#define CFG_KEY_SEQ_IN(hi) (((uint64_t)(hi) << 48) | CFG_KEY_SEQ_LOW)

/* Entry flags (given at creation, kept on replace). */
#define CFG_F_SECTION 0x01u       /* holds lines; children render one space deeper */
#define CFG_F_SEP_CHILDREN 0x02u  /* each child section is preceded by an indented "#" */
#define CFG_F_IMPLICIT 0x04u      /* exists without configuration (physical ports):
				     creating it is not a change, and it renders only
				     when it has rendered children */
#define CFG_F_JOIN 0x08u          /* top level: no "#" between it and a sibling of the
				     same cls before it (`erps ring 1` ... `erps ring 2`) */

/* Longest configuration line (the CLI's own limit is lower). */
#define CFG_TEXT_MAX 16383u

cfg_db *cfg_db_new(void);
void cfg_db_free(cfg_db *db);

/* The invisible top-level section. */
cfg_entry *cfg_root(cfg_db *db);

/* Start bringing in the memory a cfg_get or cfg_set of this identity reads
 * first (the identity hash's slot): for a caller that knows an identity
 * some work before it looks it up.  The hash of a large configuration is
 * read at random, and each lookup of a new line would otherwise wait for
 * memory. */
void cfg_prefetch(const cfg_db *db, const cfg_entry *parent, const char *id, size_t idlen);

/* The child of parent with identity id[0..idlen) that is present on `side`,
 * or NULL. */
cfg_entry *cfg_get(const cfg_db *db, const cfg_entry *parent, const char *id, size_t idlen,
		   enum cfg_side side);

/* Create or replace, in the candidate, the line `text` whose identity is
 * text[0..idlen) under parent (which must be a section present in the
 * candidate).  Returns 0 and the entry in *out (may be NULL), or -1 with a
 * message (out of memory, text empty or too long, a line break in it).
 * Replacing keeps the entry's seq, flags, order and ownership links;
 * setting the text it already has is not a change, and setting a changed
 * line back to its running text makes it unchanged again.  An identity
 * absent from both sides is created afresh (new entry, new seq).
 * Entry pointers stay valid until the entry is absent on both sides and
 * the next cfg_commit or cfg_discard has run; implicit entries live as
 * long as the database. */
int cfg_set(cfg_db *db, cfg_entry *parent, const char *text, size_t idlen, cfg_order ord,
	    unsigned flags, cfg_entry **out, char *err, size_t errlen);

/* Remove e from the candidate, with its children and the entries it owns
 * (cfg_own), transitively.  Deleting an entry absent from the candidate is
 * a no-op.  An implicit section itself stays (only what it holds goes).
 * Returns 0, or -1 when out of memory (then nothing changed). */
int cfg_delete(cfg_db *db, cfg_entry *e);

/* Give e another place among its siblings: a line whose place follows
 * something else (a BGP peer's lines move under the group it joins).
 * Order is presentation, not configuration: it is the same on both sides,
 * and changing it is not a change of e (hooks never see it).  A committed
 * line's place before its first move is kept until the next commit with
 * a change, so that the move can be recorded with that commit
 * (cfg_moves_visit); a discard puts the line back there. */
void cfg_set_order(cfg_db *db, cfg_entry *e, cfg_order ord);

/* Visit the lines present on both sides whose place differs from the one
 * they had at the last commit, with that place (old).  fn returns
 * non-zero to stop (that value is returned). */
typedef int (*cfg_move_fn)(void *arg, cfg_entry *e, cfg_order old);
int cfg_moves_visit(cfg_db *db, cfg_move_fn fn, void *arg);

/* Make `e` go away whenever `owner` is deleted (a BGP group's peer lines).
 * An entry may have several owners; linking twice is a no-op.  Links are
 * not configuration: they last while both entries exist.  Returns 0, or
 * -1 when out of memory (no link made). */
int cfg_own(cfg_entry *owner, cfg_entry *e);

/* Accessors.  A text stays valid until that side of the entry changes
 * (cfg_set, cfg_delete, cfg_commit, cfg_discard); the root's text is "". */
const char *cfg_text(const cfg_entry *e, enum cfg_side side); /* NULL when absent */
size_t cfg_idlen(const cfg_entry *e);
cfg_entry *cfg_parent(const cfg_entry *e);
uint64_t cfg_seq(const cfg_entry *e); /* creation number, stable while the entry exists */
uint64_t cfg_next_seq(const cfg_db *db); /* the creation number the next new entry gets */
unsigned cfg_flags(const cfg_entry *e);
bool cfg_present(const cfg_entry *e, enum cfg_side side);
int cfg_depth(const cfg_entry *e); /* root 0, top-level lines 1 */

/* cfg_set of text[0..len) (which holds no NUL), with the creation number
 * a new entry takes: `seq` (one that cfg_seq gave out, kept by the state
 * directory), or 0 for a fresh one.  An existing entry keeps its own.  A
 * key of CFG_KEY_SEQ is the entry's creation number, as for cfg_set. */
int cfg_set_seq(cfg_db *db, cfg_entry *parent, const char *text, size_t len, size_t idlen,
		cfg_order ord, unsigned flags, uint64_t seq, cfg_entry **out, char *err,
		size_t errlen);

/* The entry's order as it was set (CFG_KEY_SEQ resolved). */
cfg_order cfg_order_of(const cfg_entry *e);

/* Render order of two siblings (<0, 0, >0). */
int cfg_order_cmp(const cfg_entry *a, const cfg_entry *b);

/* Visit present children of parent on `side`, in render order.  Stop early
 * when fn returns non-zero (that value is returned).  fn may set and delete
 * entries (children added meanwhile may or may not be visited) but must not
 * commit or discard. */
typedef int (*cfg_visit_fn)(void *arg, cfg_entry *e);
int cfg_foreach_child(cfg_db *db, cfg_entry *parent, enum cfg_side side, cfg_visit_fn fn,
		      void *arg);
/* The same in no particular order: it does not sort children placed out of
 * order since the last visit, which a search among many children that
 * does not need the order would pay for each time. */
int cfg_foreach_child_unordered(cfg_db *db, cfg_entry *parent, enum cfg_side side,
				cfg_visit_fn fn, void *arg);
/* Visit entries owned by owner that are present on `side`. */
int cfg_foreach_owned(cfg_db *db, cfg_entry *owner, enum cfg_side side, cfg_visit_fn fn,
		      void *arg);
/* Visit the entries that own e (on either side; not those gone from both). */
int cfg_foreach_owner(cfg_db *db, cfg_entry *e, cfg_visit_fn fn, void *arg);

/* The same two visits for a reader that shares the tree with another
 * thread: they write nothing at all (the visits above sort children
 * placed out of order in place and keep count of themselves in the
 * database).  While they run, nothing may change the database; fn may
 * not either.  cfg_foreach_child_ro returns CFG_VISIT_NOMEM when a
 * section to be sorted cannot be copied. */
#define CFG_VISIT_NOMEM (-12345)
int cfg_foreach_child_ro(const cfg_db *db, const cfg_entry *parent, enum cfg_side side,
			 cfg_visit_fn fn, void *arg);
int cfg_foreach_owner_ro(const cfg_entry *e, cfg_visit_fn fn, void *arg);
/* Does e own any entry? */
bool cfg_owns(const cfg_entry *e);

/* ---- creation numbers and bulk loading (the state directory) --------- */

/* Creation numbers (cfg_seq) are a counter times 65536 plus an origin:
 * processes that share a state directory use different origins, so that
 * entries they create at the same time never share a number, and the
 * numbers can be kept on disk with the lines.  New numbers come after
 * every counter seen (cfg_seq_floor; cfg_set_seq and cfg_bulk_add raise
 * it too).  At most 2^32 - 1 counters (cfg_set then fails). */
void cfg_seq_origin(cfg_db *db, uint16_t origin);
void cfg_seq_floor(cfg_db *db, uint64_t counter);
uint64_t cfg_seq_counter(const cfg_db *db);

/* Build a committed tree quickly: room for `entries` more lines, then
 * each line present on both sides at once (no change, no hook), appended
 * to its parent's children (in render order, for speed; any order works).
 * The parent must be a committed section; seq is the line's creation
 * number; ord.key is never CFG_KEY_SEQ here.  cfg_bulk_add returns the
 * entry, or NULL with a message (an identity given twice, a malformed
 * line, out of memory). */
int cfg_bulk_reserve(cfg_db *db, size_t entries);
cfg_entry *cfg_bulk_add(cfg_db *db, cfg_entry *parent, const char *text, size_t len, size_t idlen,
			cfg_order ord, unsigned flags, uint64_t seq, char *err, size_t errlen);

/* Around the build of a large configuration (a file of a megabyte or
 * more): a helper thread faults in the memory the build will take next,
 * on the other core.  Nothing else changes.  With `entries` (the lines
 * expected) it first makes the identity hash and the change list that
 * hold them, which the build takes up when it next needs room: what
 * cfg_bulk_reserve does for a smaller build, without the faults.
 * cfg_prefault_begin returns 1 when the helper runs, 0 when there is
 * nothing to fault in (every piece is a malloc of its own, under
 * AddressSanitizer), -1 when no thread could be started (the build then
 * runs as before).  cfg_prefault_ready is the number of blocks ready now,
 * cfg_prefault_tables the number of tables the build has taken (0 to 2);
 * cfg_prefault_end (also done by cfg_db_free) stops the helper, gives back
 * what it had ready and returns how many blocks the build took from it.
 * Not across a fork(). */
int cfg_prefault_begin(cfg_db *db, size_t entries);
int cfg_prefault_ready(cfg_db *db);
int cfg_prefault_tables(cfg_db *db);
size_t cfg_prefault_end(cfg_db *db);

/* ---- two-stage commit ---------------------------------------------- */

/* One changed entry: old is its running text, new its candidate text
 * (either may be NULL: added or removed).
 *
 * Order of the array given to hooks: first every removal, deepest first
 * (children before their parents), then every addition and modification,
 * shallowest first (parents before their children); within one depth, in
 * the order the entries were first changed.  So the array can be applied
 * to another tree front to back. */
typedef struct cfg_change {
	cfg_entry *e;
	const char *old_text;
	const char *new_text;
} cfg_change;

/* Commit hooks (views register them; the backend client is one).  prepare
 * runs before anything changes and may refuse with a message; apply runs
 * after running has been updated and cannot fail the commit.  Hooks run
 * only when there is at least one change, in registration order (at most
 * 8 hooks; cfg_hook_add returns -1 beyond that); they may read the tree
 * but not edit it.  The change array and its texts are valid during the
 * call only. */
typedef int (*cfg_hook_fn)(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
			   size_t errlen);
int cfg_hook_add(cfg_db *db, cfg_hook_fn prepare, cfg_hook_fn apply, void *arg);
/* The same, with abort: when a later hook's prepare or the commit's log
 * refuses, abort runs for every hook whose prepare had accepted (last
 * first), so that what it prepared elsewhere is dropped at once. */
typedef void (*cfg_abort_fn)(void *arg, cfg_db *db);
int cfg_hook_add_ex(cfg_db *db, cfg_hook_fn prepare, cfg_hook_fn apply, cfg_abort_fn abort,
		    void *arg);
/* A hook that runs after each commit that changed something, where apply
 * hooks run, and reads the tree rather than the changes: a commit that no
 * hook wants the change array of makes none (a large replay's costs
 * megabytes). */
typedef void (*cfg_after_fn)(void *arg, cfg_db *db);
int cfg_hook_add_after(cfg_db *db, cfg_after_fn after, void *arg);

bool cfg_pending(const cfg_db *db);     /* candidate differs from running */
size_t cfg_npending(const cfg_db *db);  /* entries whose two texts differ */

/* Apply the candidate to running: run prepare hooks, then make running equal
 * the candidate, then run apply hooks.  On refusal returns -1, running and
 * candidate unchanged, message in err. */
int cfg_commit(cfg_db *db, char *err, size_t errlen);

/* Throw the candidate's changes away (candidate = running). */
void cfg_discard(cfg_db *db);

/* cfg_commit with options.  CFG_COMMIT_NO_HOOKS: no hook runs (the change
 * was made elsewhere: another process's commit picked up, the state
 * loaded at start-up).  `log`, when not NULL, runs after the prepare hooks
 * and before running changes, with the same change array (NULL and 0 when
 * no hook runs: cfg_changes_visit reads the changes): a refusal (the
 * journal could not be written) fails the commit with nothing changed. */
#define CFG_COMMIT_NO_HOOKS 0x1u
int cfg_commit_ex(cfg_db *db, unsigned flags, cfg_hook_fn log, void *logarg, char *err,
		  size_t errlen);

/* The candidate's changes, without committing, in the order that makes
 * them again by running commands: first every removal, the latest created
 * first, then every addition and modification in the order they were
 * first made (a line comes after its section and after what it was
 * checked against when typed).  Undone back to front, removed lines come
 * back oldest first.  A malloc'ed array in *out (free it; NULL when there
 * is no change) valid until the tree next changes.  Returns the number of
 * changes, or -1 when out of memory. */
long cfg_changes(cfg_db *db, cfg_change **out);

/* The same changes, one by one in the same order, without an array of them
 * all (only the removals are gathered, to be sorted): for a change of a
 * million lines.  fn returns non-zero to stop.  Returns 0, fn's non-zero
 * value, or -1 when out of memory. */
typedef int (*cfg_change_fn)(void *arg, const cfg_change *c);
int cfg_changes_visit(cfg_db *db, cfg_change_fn fn, void *arg);

/* ---- rendering ----------------------------------------------------- */

typedef void (*cfg_emit_fn)(void *arg, const char *line, size_t len); /* line without '\n' */

/* `display current-configuration` layout: "#" before each top-level block,
 * one space of indent per level, indented "#" before child sections of a
 * CFG_F_SEP_CHILDREN section, and "#" "return" at the end.  A plain
 * top-level line that follows a plain top-level line of the same cls
 * shares its block (no "#" between them), as does a CFG_F_JOIN entry that
 * follows one of its cls. */
void cfg_render(cfg_db *db, enum cfg_side side, cfg_emit_fn emit, void *arg);

/* A top-level block a rendering shows that the tree need not hold: the
 * device shows its ports and its console on a configuration that never
 * named them (views/factory.c gives them).  It renders as an empty
 * section at its place: where the tree has an entry of the same order
 * that renders, that entry stands for it. */
typedef struct cfg_extra {
	cfg_order ord;
	const char *text;
} cfg_extra;

/* Is a before b (cls, key, sub)?  Equal orders are one place. */
static inline int cfg_order_cmp3(cfg_order a, cfg_order b)
{
	if (a.cls != b.cls)
		return a.cls < b.cls ? -1 : 1;
	if (a.key != b.key)
		return a.key < b.key ? -1 : 1;
	return (a.sub > b.sub) - (a.sub < b.sub);
}

/* cfg_render with the extra blocks x[0..nx) (sorted by order) merged in. */
void cfg_render_extra(cfg_db *db, enum cfg_side side, const cfg_extra *x, size_t nx,
		      cfg_emit_fn emit, void *arg);
/* The merge, for renderers of their own (a checkpoint's): of the extra
 * blocks x[*xi..nx), emit ("#", then the block) those placed before a
 * top-level line of order `ord`, and pass over the one at its very place
 * when the line renders (the line stands there instead).  Returns how many
 * were emitted; the line after an emitted block opens with "#". */
size_t cfg_extra_before(const cfg_extra *x, size_t nx, size_t *xi, cfg_order ord,
			bool line_renders, cfg_emit_fn emit, void *arg);

/* `display this` for the view instance `sect` (root = system view): the
 * block at its own indent, framed as the device does ("#" ... "#" "return";
 * nested sections open with an indented "#"). */
void cfg_render_this(cfg_db *db, cfg_entry *sect, enum cfg_side side, cfg_emit_fn emit,
		     void *arg);

/* `display configuration candidate`: only the changed lines with their
 * enclosing section lines, no "#" and no "return".  Added and modified
 * lines show their candidate text; a removed line shows as "undo " and its
 * running text (a removed section as that one line). */
void cfg_render_pending(cfg_db *db, cfg_emit_fn emit, void *arg);

#endif
