/* Change lists: the changes of one or more journal records (or of a
 * session's candidate) in a form that can be applied to a configuration
 * tree forward or backward, compared by identity and displayed as a diff.
 *
 * A change names its line by the path of section lines above it; paths are
 * shared between changes as a tree of nodes, so a record of a million
 * changes costs a few tens of bytes per change. */
#ifndef VRPSH_VIEWS_CHGLIST_H
#define VRPSH_VIEWS_CHGLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/journal.h"
#include "../shell/session.h"

#define VSH_NO_NODE UINT32_MAX

typedef struct vsh_chg_node {
	cfg_jtext t;     /* the section line (identity = t.p[0..t.idlen)) */
	uint32_t up;     /* parent node, VSH_NO_NODE at the top level */
	uint32_t depth;  /* 1 at the top level */
	uint64_t key;    /* identity key of the path down to this node */
} vsh_chg_node;

typedef struct vsh_chg {
	uint32_t node;   /* innermost section above the line, VSH_NO_NODE: top level */
	uint32_t idlen;
	const char *old_text, *new_text; /* NULL when absent; not NUL-terminated */
	uint32_t old_len, new_len;
	uint32_t rec;    /* which record (index into the list's records) */
} vsh_chg;

typedef struct vsh_chglist {
	vsh_chg *v;
	size_t n, cap;
	vsh_chg_node *nodes;
	size_t nn, ncap;
	/* the records the texts point into (owned when `own` is set) */
	struct {
		char *buf;
		bool own;
	} *recs;
	size_t nrecs, caprecs;
} vsh_chglist;

void vsh_chglist_init(vsh_chglist *l);
void vsh_chglist_free(vsh_chglist *l);

/* Append the changes of an intact record (rec[0..len)).  With `own` the
 * list frees rec (a malloc'ed buffer) when it is freed; otherwise rec
 * must outlive the list.  Returns 0, or -1 when malformed or out of
 * memory. */
int vsh_chglist_add_record(vsh_chglist *l, char *rec, size_t len, bool own);

/* Identity key of a change's line (path and identity), and the same key
 * of the section line of a node (as if that line were the change). */
uint64_t vsh_chg_key(const vsh_chglist *l, const vsh_chg *c);
uint64_t vsh_chg_node_key(const vsh_chglist *l, uint32_t node);

/* Apply changes [from, to) of l to the candidate of h->db: forward in
 * order, or (inverse) backward with old and new swapped.  Removals look the
 * line up by identity and delete it; additions and modifications run the
 * section lines and the new text as commands through the views of h (a
 * batch session over the database), so that render order and flags come
 * out as for typed commands.  A line that fails is reported through
 * `fail` (the command as it would appear in a configuration, and the
 * message the views printed) and skipped.  Returns the number of failed
 * lines. */
typedef void (*vsh_chg_fail_fn)(void *arg, const vsh_chglist *l, const vsh_chg *c, bool inverse,
				const char *msg);
size_t vsh_chglist_apply(vsh_session *h, const vsh_chglist *l, size_t from, size_t to, bool inverse,
			 vsh_chg_fail_fn fail, void *arg);

/* The candidate's pending changes of db as a journal record (metadata
 * zero), in a malloc'ed buffer.  Returns 0 (*rec NULL when nothing is
 * pending), or -1 when out of memory. */
int vsh_pending_record(cfg_db *db, char **rec, size_t *len);

/* The line of c as a command: its new text, or "undo " and its old text
 * (inverse: the other way round); truncated to buflen. */
void vsh_chg_text(const vsh_chg *c, bool inverse, char *buf, size_t buflen);

/* ---- the "+"/"-" diff layout ------------------------------------------ */

/* Write changes [from, to) (inverse: backward, swapped) as `display
 * configuration candidate changes` shows them: section lines as context,
 * "-" for removed and old texts, "+" for added and new ones, "  #" around
 * top-level blocks.  Lines that db (when not NULL) holds on either side
 * come in its render order; the others follow their siblings in the order
 * of the changes.  The "Building configuration" line is the caller's. */
void vsh_chglist_diff(const vsh_chglist *l, size_t from, size_t to, bool inverse, cfg_db *db,
		      cfg_emit_fn emit, void *arg);

#endif
