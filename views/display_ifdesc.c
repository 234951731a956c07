/* display interface description: every interface of the device (the
 * model's ports, the logical interfaces of the running configuration and
 * NULL0) with its states and description, in the layout of the command's
 * reference page.
 *
 * States: vrpsh has no links, so a port, an Eth-Trunk, a Vlanif or a
 * Tunnel is "down"/"down" ("*down" after `shutdown`); LoopBack and NULL0
 * are always up, their protocol "up(s)" (spoofing), as on the device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parser/iftype.h"
#include "../shell/output.h"
#include "../shell/session.h"
#include "models.h"
#include "params.h"

#define IF_PREFIX "interface "
#define IF_PREFIX_LEN (sizeof IF_PREFIX - 1)

/* The legend above the table, as the reference page shows it. */
static const char *const legend[] = {
	"PHY: Physical",
	"*down: administratively down",
	"^down: standby",
	"(l): loopback",
	"(s): spoofing",
	"(b): BFD down",
	"(e): ETHOAM down",
	"(d): Dampening Suppressed",
	"(p): port alarm down",
	"(dl): DLDP down",
	"(c): CFM down",
	"(ms): MACsec down",
	"(ed): error down",
	"Interface                     PHY     Protocol Description",
};

typedef struct ifrow {
	const struct if_type *t; /* NULL for NULL0 */
	uint32_t n[IF_NUM_MAX];
	char name[72];
} ifrow;

typedef struct ifrows {
	ifrow *v;
	size_t n, cap;
	bool oom;
} ifrows;

/* Place of a type in the listing: Eth-Trunk, the ports, LoopBack, MEth,
 * NULL, Tunnel, Vlanif (the device's order). */
static int type_rank(const struct if_type *t)
{
	if (!t)
		return 40;
	switch (t->cls) {
	case IFC_ETH_TRUNK: return 0;
	case IFC_ETH: return 10 + (int)t->order; /* ports by speed, as the table lists them */
	case IFC_LOOPBACK: return 200;
	case IFC_MEQ: return 300;
	case IFC_TUNNEL: return 500;
	case IFC_VLANIF: return 600;
	default: return 700;
	}
}

static int row_cmp(const void *a, const void *b)
{
	const ifrow *x = a, *y = b;
	int rx = type_rank(x->t) + (x->t ? 0 : 400), ry = type_rank(y->t) + (y->t ? 0 : 400);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	for (int i = 0; i < 3; i++)
		if (x->n[i] != y->n[i])
			return x->n[i] < y->n[i] ? -1 : 1;
	return 0;
}

static void add_row(ifrows *r, const struct if_type *t, const uint32_t n[IF_NUM_MAX])
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		ifrow *nv = realloc(r->v, cap * sizeof *nv);
		if (!nv) {
			r->oom = true;
			return;
		}
		r->v = nv;
		r->cap = cap;
	}
	ifrow *row = &r->v[r->n++];
	memset(row, 0, sizeof *row);
	row->t = t;
	if (t) {
		memcpy(row->n, n, sizeof row->n);
		iftype_format(t, n, row->name, sizeof row->name);
	} else {
		snprintf(row->name, sizeof row->name, "NULL0");
	}
}

/* Logical interfaces are the running configuration's `interface` lines. */
static int collect_logical(void *arg, cfg_entry *e)
{
	const char *t = cfg_text(e, CFG_RUNNING);
	const struct if_type *ift;
	uint32_t n[IF_NUM_MAX] = { 0, 0, 0 };

	if (t && strncmp(t, IF_PREFIX, IF_PREFIX_LEN) == 0 &&
	    iftype_parse_name(t + IF_PREFIX_LEN, &ift, n) && ift->logical)
		add_row(arg, ift, n);
	return 0;
}

static void collect_all(vsh_session *s, ifrows *r)
{
	const model_port_group *g;
	size_t ng = model_ports(s->model, &g);

	for (size_t i = 0; i < ng; i++) {
		const struct if_type *t = iftype_lookup(g[i].iftype, strlen(g[i].iftype), NULL);
		if (!t)
			continue;
		for (uint32_t p = g[i].first; p <= g[i].last; p++) {
			uint32_t n[IF_NUM_MAX] = { g[i].slot, g[i].card, p };
			add_row(r, t, n);
		}
	}
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_logical, r);
	add_row(r, NULL, NULL);
	qsort(r->v, r->n, sizeof *r->v, row_cmp);
}

/* The value of line `id` of an interface section, or NULL. */
static const char *if_line(vsh_session *s, cfg_entry *sect, const char *id)
{
	size_t idlen = strlen(id);
	cfg_entry *e = sect ? cfg_get(s->db, sect, id, idlen, CFG_RUNNING) : NULL;
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;

	return t ? t + idlen + (t[idlen] == ' ') : NULL;
}

static void show_row(vsh_session *s, vsh_out *o, const ifrow *row)
{
	char id[96], line[512];
	int idn = snprintf(id, sizeof id, IF_PREFIX "%s", row->name);
	cfg_entry *sect = row->t ? cfg_get(s->db, cfg_root(s->db), id, (size_t)idn, CFG_RUNNING)
				 : NULL;
	const char *desc = if_line(s, sect, "description");
	bool always_up = !row->t || row->t->cls == IFC_LOOPBACK;
	const char *phy = always_up ? "up" : if_line(s, sect, "shutdown") ? "*down" : "down";
	const char *proto = always_up ? "up(s)" : "down";
	int n;

	if (desc && *desc)
		n = snprintf(line, sizeof line, "%-29s %-7s %-8s %s", row->name, phy, proto, desc);
	else
		n = snprintf(line, sizeof line, "%-29s %-7s %s", row->name, phy, proto);
	if (n > 0)
		vsh_out_line(o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static int h_display_ifdesc(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *name = parser_arg_get(m, "interface-name");
	const parser_value *type = parser_arg_get(m, "interface-type");
	const parser_value *num = parser_arg_get(m, "interface-number");
	ifrows r = { 0 };

	collect_all(s, &r);
	if (r.oom) {
		free(r.v);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	/* One interface: it must exist. */
	const struct if_type *want_t = name ? name->ifn.ift : type ? type->ift : NULL;
	bool one = name || num;
	uint32_t want_n[IF_NUM_MAX] = { 0 };
	if (name)
		memcpy(want_n, name->ifn.n, sizeof want_n);
	else if (num)
		memcpy(want_n, num->ifn.n, sizeof want_n);
	size_t found = 0;
	for (size_t i = 0; i < r.n; i++)
		if (!want_t || (r.v[i].t == want_t &&
				(!one || memcmp(r.v[i].n, want_n, sizeof want_n) == 0)))
			found++;
	if (one && found == 0) {
		char nm[72];
		iftype_format(want_t, want_n, nm, sizeof nm);
		free(r.v);
		snprintf(err, errlen, "Error: The interface %s does not exist.", nm);
		return -1;
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(r.v);
		return -1;
	}
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++)
		vsh_out_line(o, legend[i], strlen(legend[i]));
	for (size_t i = 0; i < r.n; i++)
		if (!want_t || (r.v[i].t == want_t &&
				(!one || memcmp(r.v[i].n, want_n, sizeof want_n) == 0)))
			show_row(s, o, &r.v[i]);
	vsh_out_free(o);
	free(r.v);
	return 0;
}

static const parser_param ifdesc_params[] = {
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_ifdesc[] = {
	{
		.pc = { .format = "display interface description [ <interface-name> | "
				  "<interface-type> [ <interface-number> ] ] [ full-name ]",
			.help = "Show information\n"
				"Interface status and configuration\n"
				"Interface descriptions and states\n"
				"Interface name\n"
				"Interface type\n"
				"Interface number\n"
				"Full interface names",
			.params = ifdesc_params,
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_ifdesc,
	},
	{ .pc = { .format = NULL } },
};
