/* The view tree (which view is entered from which) and the command set:
 * one match graph per view type, compiled from the command tables for a
 * device model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "view.h"

/* ---- view types ------------------------------------------------------ */

static const view_id parents[VIEW_COUNT] = {
	[VIEW_USER] = VIEW_USER,
	[VIEW_SYSTEM] = VIEW_USER,
	[VIEW_IF_LOOPBACK] = VIEW_SYSTEM,
	[VIEW_IF_ETH] = VIEW_SYSTEM,
	[VIEW_IF_MEQ] = VIEW_SYSTEM,
	[VIEW_IF_VLANIF] = VIEW_SYSTEM,
	[VIEW_IF_ETH_TRUNK] = VIEW_SYSTEM,
	[VIEW_IF_TUNNEL] = VIEW_SYSTEM,
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
};

view_id view_parent(view_id v)
{
	return (unsigned)v < VIEW_COUNT ? parents[v] : VIEW_USER;
}

bool view_in_list(const uint16_t *list, view_id v)
{
	for (; list && *list != VIEW_LIST_END; list++)
		if (*list == v || *list == VIEW_ANY || (*list == VIEW_ANY_CONFIG && v != VIEW_USER))
			return true;
	return false;
}

/* A non-empty list of known views. */
static bool views_valid(const uint16_t *list)
{
	if (!list || *list == VIEW_LIST_END)
		return false;
	for (; *list != VIEW_LIST_END; list++)
		if (*list >= VIEW_COUNT && *list != VIEW_ANY && *list != VIEW_ANY_CONFIG)
			return false;
	return true;
}

/* ---- the command set ------------------------------------------------- */

/* Each available row is copied once so that pc.owner can point back at the
 * row whatever the table set it to; the graphs keep pointers to the copies. */
struct view_set {
	parser_graph *g[VIEW_COUNT];
	parser_cmd *cmds;
	size_t ncmds;
};

static const view_cmd *const *all_tables(size_t *n)
{
	static const view_cmd *const tables[] = {
		view_cmds_system, view_cmds_display, view_cmds_interface, view_cmds_vpn,
		view_cmds_bgp, view_cmds_display_bgp, view_cmds_aaa, view_cmds_ui, view_cmds_terminal,
		view_cmds_history, view_cmds_trial, view_cmds_cfgsession,
		view_cmds_display_aaa,
	};
	*n = sizeof tables / sizeof tables[0];
	return tables;
}

void view_set_free(view_set *vs)
{
	if (!vs)
		return;
	for (int v = 0; v < VIEW_COUNT; v++)
		parser_graph_free(vs->g[v]);
	free(vs->cmds);
	free(vs);
}

view_set *view_set_build(const vsh_model *m, bool low_latency, char *err, size_t errlen)
{
	size_t ntables, nrows = 0;
	const view_cmd *const *tables = all_tables(&ntables);

	if (err && errlen)
		err[0] = '\0';
	for (size_t t = 0; t < ntables; t++)
		for (const view_cmd *r = tables[t]; r->pc.format; r++)
			nrows++;

	view_set *vs = calloc(1, sizeof *vs);
	if (!vs || !(vs->cmds = calloc(nrows ? nrows : 1, sizeof *vs->cmds)))
		goto oom;
	for (int v = 0; v < VIEW_COUNT; v++)
		if (!(vs->g[v] = parser_graph_new()))
			goto oom;

	for (size_t t = 0; t < ntables; t++) {
		for (const view_cmd *r = tables[t]; r->pc.format; r++) {
			if (!r->fn || !views_valid(r->views)) {
				snprintf(err, errlen, "command '%s': %s", r->pc.format,
					 !r->fn ? "no handler" : "bad view list");
				goto fail;
			}
			if (r->models && !model_set_known(r->models)) {
				snprintf(err, errlen, "command '%s': unknown model set '%s'",
					 r->pc.format, r->models);
				goto fail;
			}
			if (!model_in_set(m, low_latency, r->models))
				continue;
			parser_cmd *pc = &vs->cmds[vs->ncmds++];
			*pc = r->pc;
			pc->owner = r;
			for (int v = 0; v < VIEW_COUNT; v++) {
				if (!view_in_list(r->views, (view_id)v))
					continue;
				if (parser_graph_add(vs->g[v], pc, err, errlen) != 0)
					goto fail;
			}
		}
	}
	return vs;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	view_set_free(vs);
	return NULL;
}

const parser_graph *view_set_graph(const view_set *vs, view_id v)
{
	return vs && (unsigned)v < VIEW_COUNT ? vs->g[v] : NULL;
}
