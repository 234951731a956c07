/* Change lists: the changes of one or more records in a form that can be
 * applied to a configuration tree forward or backward, compared by
 * identity (conflicts between sessions) and shown as a diff.
 *
 * Application is physical: a removal looks its line up by identity and
 * deletes it (with what it holds and owns, as cfg_delete does); an
 * addition or modification sets the line with its recorded placement and
 * creation number and links it to its recorded owners.  No command runs,
 * so the result is exactly the recorded state.
 *
 * A change names its line by the path of section lines above it; paths
 * are shared between changes as a tree of nodes. */
#ifndef VRPSH_STORE_CHGLIST_H
#define VRPSH_STORE_CHGLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

#define STORE_NO_NODE UINT32_MAX

typedef struct store_node {
	store_elem el;   /* the section line (or owner line) */
	uint32_t up;     /* parent node, STORE_NO_NODE at the top level */
	uint32_t depth;  /* 1 at the top level */
	uint64_t key;    /* identity key of the path down to this node */
} store_node;

typedef struct store_chg {
	store_elem line;                 /* identity, placement (text: new, else old) */
	const char *old_text, *new_text; /* NULL when absent; not NUL-terminated */
	uint32_t old_len, new_len;
	bool moved;                      /* only a move: old_place is the place before */
	store_place old_place;
	uint32_t node;                   /* innermost section above the line */
	uint32_t owner0, nowners;        /* owners: l->owners[owner0 ...] are nodes */
	uint32_t rec;                    /* which record of the list */
} store_chg;

typedef struct store_chglist {
	store_chg *v;
	size_t n, cap;
	store_node *nodes;
	size_t nn, ncap;
	uint32_t *owners;
	size_t no, ocap;
	struct {
		char *buf;
		bool own;
	} *recs;
	size_t nrecs, caprecs;
} store_chglist;

void store_chglist_init(store_chglist *l);
void store_chglist_free(store_chglist *l);

/* Append the changes of an intact commit record rec[0..len).  With `own`
 * the list frees rec (malloc'ed) when it is freed; otherwise rec must
 * outlive the list.  Returns 0, or -1 when malformed or out of memory
 * (the list is as it was; rec is not taken). */
int store_chglist_add(store_chglist *l, char *rec, size_t len, bool own);

/* Identity key of a change's line (its path and identity), and the same
 * key for the section line of a node. */
uint64_t store_chg_key(const store_chglist *l, const store_chg *c);
uint64_t store_node_line_key(const store_chglist *l, uint32_t node);

/* The line of c as a command: its new text, or "undo " and its old text
 * (inverse: the other way round); truncated to buflen. */
void store_chg_text(const store_chg *c, bool inverse, char *buf, size_t buflen);

/* Apply changes [from, to) of l to the candidate of db: forward in order,
 * or (inverse) backward with old and new swapped.  A change whose section
 * is missing (another commit removed it) is skipped and reported through
 * `fail` (may be NULL).  Returns the number skipped, or -1 when out of
 * memory (the candidate then holds part of the changes). */
typedef void (*store_fail_fn)(void *arg, const store_chglist *l, const store_chg *c,
			      bool inverse);
long store_chglist_apply(cfg_db *db, const store_chglist *l, size_t from, size_t to, bool inverse,
			 store_fail_fn fail, void *arg);

/* Apply an intact commit record to the candidate of db, forward, as it
 * is read (a record of a million lines needs no list of them).  Returns
 * the number of changes skipped (missing sections), or -1 with a message
 * when the record is malformed or memory runs out. */
long store_record_apply(cfg_db *db, const char *rec, size_t len, char *err, size_t errlen);

#endif
