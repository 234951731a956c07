/* `vlan batch` and its undo: the VLANs created in batches are one set, as
 * on the device, however many times the command is typed; the
 * configuration shows it as `vlan batch` lines in ascending order with runs
 * of consecutive IDs as "A to B", ten items a line (what one command may
 * take, so that the lines replay).  VLAN 1 always exists: creating it
 * again changes nothing, and it cannot be deleted.  Deleting a VLAN, with
 * `undo vlan batch` or `undo vlan N`, deletes its `vlan N` section and
 * takes it out of the batch lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "gen/gen.h"
#include "generic.h"
#include "vlanlist.h"

#define BATCH_ITEMS 10
#define BATCH_LINE_MAX 160
#define BATCH_PREFIX "vlan batch "

#define BATCH_LINES ((VLAN_MAX + BATCH_ITEMS - 1) / BATCH_ITEMS)

typedef struct batch_lines {
	unsigned char on[VLAN_MAX + 1];
	cfg_entry *old[VLAN_MAX]; /* the present `vlan batch` lines */
	unsigned nold;
	char texts[BATCH_LINES][BATCH_LINE_MAX]; /* the new ones */
} batch_lines;

static int collect(void *arg, cfg_entry *e)
{
	batch_lines *b = arg;
	const char *t = view_line_text(e);

	if (!t || strncmp(t, BATCH_PREFIX, sizeof BATCH_PREFIX - 1) != 0)
		return 0;
	view_vlan_mark(b->on, t + sizeof BATCH_PREFIX - 1);
	if (b->nold < VLAN_MAX)
		b->old[b->nold++] = e;
	return 0;
}

static int by_order(const void *a, const void *b)
{
	return cfg_order_cmp(*(cfg_entry *const *)a, *(cfg_entry *const *)b);
}

static bool same_lines(const batch_lines *b, unsigned n)
{
	if (b->nold != n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (strcmp(view_line_text(b->old[i]), b->texts[i]) != 0)
			return false;
	return true;
}

static int apply(vsh_session *s, cfg_entry *root, const gen_cmd *r, bool undo,
		 const unsigned char *typed, batch_lines *b, char *err, size_t errlen)
{
	/* a search among every top-level line: in no particular order (which
	 * costs no sorting), the few batch lines sorted afterwards */
	cfg_foreach_child_unordered(s->db, root, CFG_CANDIDATE, collect, b);
	qsort(b->old, b->nold, sizeof b->old[0], by_order);
	for (unsigned v = 2; v <= VLAN_MAX; v++) {
		if (!typed[v])
			continue;
		if (!undo) {
			b->on[v] = 1;
			continue;
		}
		b->on[v] = 0;
		char id[16];
		int n = snprintf(id, sizeof id, "vlan %u", v);
		view_line_del(s, root, id, (size_t)n);
	}
	b->on[1] = 0;

	unsigned nt = 0, from = 1;
	while (nt < BATCH_LINES) {
		char *t = b->texts[nt];
		memcpy(t, BATCH_PREFIX, sizeof BATCH_PREFIX - 1);
		if (view_vlan_format(b->on, &from, BATCH_ITEMS, t + sizeof BATCH_PREFIX - 1,
				     BATCH_LINE_MAX - (sizeof BATCH_PREFIX - 1)) == 0)
			break;
		nt++;
	}
	if (same_lines(b, nt))
		return 0;
	for (unsigned i = 0; i < b->nold; i++)
		cfg_delete(s->db, b->old[i]);
	for (unsigned i = 0; i < nt; i++) {
		/* the lines in ascending order, whichever of them existed before */
		cfg_order ord = { r->ord_top, (uint64_t)r->ord_grp << 48 | (i + 1), 0 };
		cfg_entry *e;
		if (view_line_set(s, root, b->texts[i], strlen(b->texts[i]), ord, 0, &e, err,
				  errlen) != 0)
			return -1;
		cfg_set_order(s->db, e, ord);
	}
	return 0;
}

int view_vlan_batch(vsh_session *s, const parser_match *m, const gen_cmd *r, bool undo,
		    char *err, size_t errlen)
{
	unsigned char typed[VLAN_MAX + 1];
	cfg_entry *root = cfg_root(s->db);

	memset(typed, 0, sizeof typed);
	if (view_vlan_typed(m, typed, err, errlen) != 0)
		return -1;
	if (undo && typed[1])
		return view_fail(err, errlen, "Error: VLAN 1 is the default VLAN and cannot be "
					      "deleted.");
	batch_lines *b = malloc(sizeof *b); /* the texts are written before they are read */
	if (!b)
		return view_fail(err, errlen, "Error: Out of memory.");
	memset(b->on, 0, sizeof b->on);
	b->nold = 0;
	int rc = apply(s, root, r, undo, typed, b, err, errlen);
	free(b);
	return rc;
}
