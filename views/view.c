/* The view tree: which view is entered from which, and the names the
 * reference gives them.
 *
 * The hand-written views (view_id) carry the reference names they answer
 * to; every other view named by the generated reference (gen_views) gets
 * an id from VIEW_HAND_COUNT on, in table order, the first time the tree is
 * looked at.  Command rows list views by these names, so a generated
 * command for "Loopback interface view" lands in VIEW_IF_LOOPBACK. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gen/gen.h"
#include "models.h"
#include "view.h"

/* ---- hand-written views ----------------------------------------------- */

static const view_id parents[VIEW_HAND_COUNT] = {
	[VIEW_USER] = VIEW_USER,
	[VIEW_SYSTEM] = VIEW_USER,
	[VIEW_IF_LOOPBACK] = VIEW_SYSTEM,
	[VIEW_IF_ETH] = VIEW_SYSTEM,
	[VIEW_IF_MEQ] = VIEW_SYSTEM,
	[VIEW_IF_VLANIF] = VIEW_SYSTEM,
	[VIEW_IF_ETH_TRUNK] = VIEW_SYSTEM,
	[VIEW_IF_TUNNEL] = VIEW_SYSTEM,
	[VIEW_IF_SUB] = VIEW_SYSTEM,
	[VIEW_IF_VBDIF] = VIEW_SYSTEM,
	[VIEW_IF_NVE] = VIEW_SYSTEM,
	[VIEW_IF_NULL] = VIEW_SYSTEM,
	[VIEW_VPN] = VIEW_SYSTEM,
	[VIEW_VPN_AF4] = VIEW_VPN,
	[VIEW_VPN_AF6] = VIEW_VPN,
	[VIEW_BGP] = VIEW_SYSTEM,
	[VIEW_BGP_INST] = VIEW_SYSTEM,
	[VIEW_BGP_VPN6] = VIEW_BGP,
	[VIEW_BGP_INST_VPN6] = VIEW_BGP_INST,
	[VIEW_AAA] = VIEW_SYSTEM,
	[VIEW_UI_VTY] = VIEW_SYSTEM,
	[VIEW_UI_CONSOLE] = VIEW_SYSTEM,
	[VIEW_BGP_AF4] = VIEW_BGP,
	[VIEW_BGP_AF6] = VIEW_BGP,
	[VIEW_BGP_VPNI] = VIEW_BGP,
	[VIEW_BGP_INST_VPNI] = VIEW_BGP_INST,
	[VIEW_BGP_VPN4] = VIEW_BGP,
	[VIEW_BGP_INST_VPN4] = VIEW_BGP_INST,
};

/* The reference's names of the hand-written views (compared without
 * regard to case: the pages write "System view" and "system view").  The
 * first name of a view is its own name; a name may stand for several
 * views ("Interface view": every interface view).  The physical ports of
 * every speed share VIEW_IF_ETH, in either Layer 2 or Layer 3 mode. */
#define ETH_NAMES(speed)                                                              \
	{ VIEW_IF_ETH, speed " interface view" }, { VIEW_IF_ETH, "Layer 2 " speed " interface view" }, \
	{ VIEW_IF_SUB, speed " sub-interface view" },                                 \
	{ VIEW_IF_SUB, speed " Layer 2 sub-interface view" }

static const struct hand_name {
	view_id v;
	const char *name;
} hand_names[] = {
	{ VIEW_USER, "User view" },
	{ VIEW_SYSTEM, "System view" },
	{ VIEW_IF_LOOPBACK, "Loopback interface view" },
	{ VIEW_IF_ETH, "Ethernet interface view" },
	ETH_NAMES("GE"),
	ETH_NAMES("10GE"),
	ETH_NAMES("25GE"),
	ETH_NAMES("40GE"),
	ETH_NAMES("50GE"),
	ETH_NAMES("100GE"),
	ETH_NAMES("200GE"),
	ETH_NAMES("400GE"),
	{ VIEW_IF_VLANIF, "VLANIF interface view" },
	{ VIEW_IF_ETH_TRUNK, "Eth-Trunk interface view" },
	{ VIEW_IF_ETH_TRUNK, "Layer 2 Eth-Trunk interface view" },
	{ VIEW_IF_ETH_TRUNK, "Eth-Trunk member interface view" },
	{ VIEW_IF_TUNNEL, "Tunnel interface view" },
	{ VIEW_IF_MEQ, "Management interface view" },
	{ VIEW_IF_SUB, "Sub-interface view" },
	{ VIEW_IF_SUB, "Layer 2 sub-interface view" },
	{ VIEW_IF_SUB, "Eth-Trunk sub-interface view" },
	{ VIEW_IF_SUB, "Eth-Trunk Layer 2 sub-interface view" },
	{ VIEW_IF_VBDIF, "VBDIF interface view" },
	{ VIEW_IF_NVE, "NVE interface view" },
	{ VIEW_IF_NULL, "NULL interface view" },
	{ VIEW_VPN, "VPN instance view" },
	{ VIEW_VPN_AF4, "VPN instance IPv4 address family view" },
	{ VIEW_VPN_AF6, "VPN instance IPv6 address family view" },
	{ VIEW_BGP, "BGP view" },
	{ VIEW_BGP_INST, "BGP multi-instance view" },
	{ VIEW_BGP_VPN6, "BGP-VPN instance IPv6 address family view" },
	{ VIEW_BGP_INST_VPN6, "BGP multi-instance VPN instance IPv6 address family view" },
	{ VIEW_BGP_AF4, "BGP-IPv4 unicast address family view" },
	{ VIEW_BGP_AF6, "BGP-IPv6 unicast address family view" },
	{ VIEW_BGP_VPNI, "BGP-VPN instance view" },
	{ VIEW_BGP_INST_VPNI, "BGP multi-instance VPN instance session view" },
	{ VIEW_BGP_INST_VPNI, "BGP multi-instance VPN instance view" },
	{ VIEW_BGP_VPN4, "BGP-VPN instance IPv4 address family view" },
	{ VIEW_BGP_INST_VPN4, "BGP multi-instance VPN instance IPv4 address family view" },
	{ VIEW_AAA, "AAA view" },
	{ VIEW_UI_VTY, "VTY-type user interface view" },
	{ VIEW_UI_VTY, "User interface view" },
	{ VIEW_UI_CONSOLE, "CONSOLE-type user interface view" },
	{ VIEW_UI_CONSOLE, "User interface view" },
	/* Every interface view. */
	{ VIEW_IF_LOOPBACK, "Interface view" },
	{ VIEW_IF_ETH, "Interface view" },
	{ VIEW_IF_VLANIF, "Interface view" },
	{ VIEW_IF_ETH_TRUNK, "Interface view" },
	{ VIEW_IF_TUNNEL, "Interface view" },
	{ VIEW_IF_MEQ, "Interface view" },
	{ VIEW_IF_SUB, "Interface view" },
	{ VIEW_IF_VBDIF, "Interface view" },
	{ VIEW_IF_NVE, "Interface view" },
	{ VIEW_IF_NULL, "Interface view" },
	{ VIEW_IF_LOOPBACK, "all-interface view" },
	{ VIEW_IF_ETH, "all-interface view" },
	{ VIEW_IF_VLANIF, "all-interface view" },
	{ VIEW_IF_ETH_TRUNK, "all-interface view" },
	{ VIEW_IF_TUNNEL, "all-interface view" },
	{ VIEW_IF_SUB, "all-interface view" },
	{ VIEW_IF_VBDIF, "all-interface view" },
};

#define NHAND_NAMES (sizeof hand_names / sizeof hand_names[0])

static bool hand_named(const char *name)
{
	for (size_t i = 0; i < NHAND_NAMES; i++)
		if (strcasecmp(hand_names[i].name, name) == 0)
			return true;
	return false;
}

/* ---- generated views ---------------------------------------------------- */

/* The generated views, by id - VIEW_HAND_COUNT: their gen_views rows and
 * parents.  Worked out once, on first use. */
static struct {
	bool done;
	uint32_t n;
	uint32_t *row;
	uint16_t *parent;
	long *of_row; /* gen_views row -> view id, -1 for rows named by hand views */
} gv;

static void gv_init(void)
{
	if (gv.done)
		return;
	gv.done = true;
	gv.row = calloc(gen_nviews ? gen_nviews : 1, sizeof(*gv.row));
	gv.parent = calloc(gen_nviews ? gen_nviews : 1, sizeof(*gv.parent));
	gv.of_row = calloc(gen_nviews ? gen_nviews : 1, sizeof(*gv.of_row));
	if (!gv.row || !gv.parent || !gv.of_row) {
		gv.n = 0;
		return;
	}
	for (uint32_t i = 0; i < gen_nviews; i++) {
		gv.of_row[i] = -1;
		if (hand_named(gen_str + gen_views[i].name) ||
		    VIEW_HAND_COUNT + gv.n >= VIEW_ANY)
			continue;
		gv.of_row[i] = (long)(VIEW_HAND_COUNT + gv.n);
		gv.row[gv.n++] = i;
	}
	for (uint32_t k = 0; k < gv.n; k++) {
		view_id p[1];
		const char *pn = gen_str + gen_views[gv.row[k]].parent;
		gv.parent[k] = view_find(pn, p, 1) ? (uint16_t)p[0] : VIEW_SYSTEM;
		if (gv.parent[k] == VIEW_HAND_COUNT + k) /* a view cannot be its own parent */
			gv.parent[k] = VIEW_SYSTEM;
	}
}

size_t view_count(void)
{
	gv_init();
	return VIEW_HAND_COUNT + gv.n;
}

long view_gen_row(view_id v)
{
	gv_init();
	if ((unsigned)v < VIEW_HAND_COUNT || (unsigned)v >= VIEW_HAND_COUNT + gv.n)
		return -1;
	return (long)gv.row[v - VIEW_HAND_COUNT];
}

view_id view_parent(view_id v)
{
	if ((unsigned)v < VIEW_HAND_COUNT)
		return parents[v];
	gv_init();
	if ((unsigned)v < VIEW_HAND_COUNT + gv.n)
		return (view_id)gv.parent[v - VIEW_HAND_COUNT];
	return VIEW_USER;
}

const char *view_name(view_id v)
{
	if ((unsigned)v < VIEW_HAND_COUNT) {
		for (size_t i = 0; i < NHAND_NAMES; i++)
			if (hand_names[i].v == v)
				return hand_names[i].name;
		return "";
	}
	long r = view_gen_row(v);
	return r < 0 ? "" : gen_str + gen_views[r].name;
}

size_t view_find(const char *name, view_id *out, size_t max)
{
	size_t n = 0;

	if (!name)
		return 0;
	for (size_t i = 0; i < NHAND_NAMES; i++)
		if (strcasecmp(hand_names[i].name, name) == 0) {
			if (n < max)
				out[n] = hand_names[i].v;
			n++;
		}
	if (n)
		return n;
	gv_init();
	for (uint32_t k = 0; k < gv.n; k++)
		if (strcasecmp(gen_str + gen_views[gv.row[k]].name, name) == 0) {
			if (n < max)
				out[n] = (view_id)(VIEW_HAND_COUNT + k);
			n++;
		}
	return n;
}

uint16_t view_of_gen_view(uint32_t i)
{
	view_id h[1];

	gv_init();
	if (i >= gen_nviews)
		return VIEW_LIST_END;
	if (gv.of_row && gv.of_row[i] >= 0)
		return (uint16_t)gv.of_row[i];
	return view_find(gen_str + gen_views[i].name, h, 1) ? (uint16_t)h[0] : VIEW_LIST_END;
}

bool view_is_named(view_id v, const char *name)
{
	view_id ids[64];
	size_t n = view_find(name, ids, 64);

	for (size_t k = 0; k < n && k < 64; k++)
		if (ids[k] == v)
			return true;
	return false;
}

/* Which views each generated command enters, and the parents of each
 * generated view's row, looked up once: every generic command asks. */
#define MAX_PARENTS 16

static struct {
	bool done;
	uint32_t *start;  /* by gen_cmds row: first index in views, gen_ncmds + 1 entries */
	uint32_t *views;  /* gen_views rows */
	view_id (*parents)[MAX_PARENTS];
	uint8_t *nparents;
} ent;

static void ent_init(void)
{
	size_t total = 0;

	if (ent.done)
		return;
	ent.done = true;
	for (uint32_t i = 0; i < gen_nviews; i++)
		total += gen_lists[gen_views[i].enter];
	ent.start = calloc((size_t)gen_ncmds + 1, sizeof *ent.start);
	ent.views = calloc(total ? total : 1, sizeof *ent.views);
	ent.parents = calloc(gen_nviews ? gen_nviews : 1, sizeof *ent.parents);
	ent.nparents = calloc(gen_nviews ? gen_nviews : 1, sizeof *ent.nparents);
	if (!ent.start || !ent.views || !ent.parents || !ent.nparents) {
		free(ent.start), free(ent.views), free(ent.parents), free(ent.nparents);
		memset(&ent, 0, sizeof ent);
		ent.done = true;
		return;
	}
	/* counting sort of the (row, view) pairs by row */
	for (uint32_t i = 0; i < gen_nviews; i++) {
		const uint32_t *l = &gen_lists[gen_views[i].enter];
		for (uint32_t k = 1; k <= l[0]; k++)
			if (l[k] < gen_ncmds)
				ent.start[l[k] + 1]++;
		size_t np = view_find(gen_str + gen_views[i].parent, ent.parents[i], MAX_PARENTS);
		ent.nparents[i] = (uint8_t)(np < MAX_PARENTS ? np : MAX_PARENTS);
	}
	for (uint32_t r = 0; r < gen_ncmds; r++)
		ent.start[r + 1] += ent.start[r];
	uint32_t *fill = calloc((size_t)gen_ncmds + 1, sizeof *fill);
	if (!fill)
		return;
	for (uint32_t i = 0; i < gen_nviews; i++) {
		const uint32_t *l = &gen_lists[gen_views[i].enter];
		for (uint32_t k = 1; k <= l[0]; k++)
			if (l[k] < gen_ncmds)
				ent.views[ent.start[l[k]] + fill[l[k]]++] = i;
	}
	free(fill);
}

size_t view_entered_by(uint32_t row, const uint32_t **out)
{
	ent_init();
	if (!ent.start || row >= gen_ncmds) {
		*out = NULL;
		return 0;
	}
	*out = ent.views + ent.start[row];
	return ent.start[row + 1] - ent.start[row];
}

bool view_gen_parent_is(uint32_t i, view_id v)
{
	ent_init();
	if (!ent.nparents || i >= gen_nviews)
		return false;
	for (uint8_t k = 0; k < ent.nparents[i]; k++)
		if (ent.parents[i][k] == v)
			return true;
	return false;
}

bool view_in_list(const uint16_t *list, view_id v)
{
	for (; list && *list != VIEW_LIST_END; list++)
		if (*list == v || *list == VIEW_ANY || (*list == VIEW_ANY_CONFIG && v != VIEW_USER))
			return true;
	return false;
}
