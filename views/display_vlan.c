/* display vlan [ <vlan-id> [ to <vlan-id2> ] ]: the VLANs of the running
 * configuration in the tables of the command's reference page; with VLAN
 * IDs, the legend and the ports of each VLAN above the table.
 *
 * The VLANs: VLAN 1, which the device always has, those of every `vlan
 * batch` line and those with a `vlan N` section, in ascending order.  A
 * VLAN shows its `description` or, without one, the device's default
 * "VLAN 0010"; `mac-address learning disable` and `statistics enable` in
 * its section turn its MAC-LRN and STAT columns.  vrpsh forwards no
 * traffic and has no VLAN types but the common one: every VLAN is an
 * enabled common VLAN of the default property that forwards broadcast,
 * multicast and unknown unicast.
 *
 * The ports of a VLAN are the Layer 2 Ethernet ports of the model and the
 * Eth-Trunks of the configuration (not a port after `undo portswitch`,
 * nor an Eth-Trunk's member), by their `port link-type` (access by
 * default): an access or dot1q-tunnel port is untagged in its `port
 * default vlan` (1 by default); a trunk is in VLAN 1 unless `undo port
 * trunk allow-pass vlan` takes it out and in the VLANs of its `port trunk
 * allow-pass vlan` lines, untagged in its `port trunk pvid vlan` (1 by
 * default) and tagged in the others; a hybrid port is untagged in VLAN 1
 * (unless it is tagged there) and in its `port hybrid untagged vlan`
 * VLANs, tagged in its `port hybrid tagged vlan` ones.  vrpsh has no links: every port is down (D).
 * A VLAN ID that is not configured shows nothing, as on the device. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/iftype.h"
#include "../shell/output.h"
#include "../shell/session.h"
#include "models.h"
#include "params.h"
#include "vlanlist.h"


typedef struct vlan_set {
	unsigned char on[VLAN_MAX + 1];
	cfg_entry *sect[VLAN_MAX + 1]; /* the `vlan N` section, when there is one */
} vlan_set;

static int collect_vlan(void *arg, cfg_entry *e)
{
	vlan_set *vs = arg;
	const char *t = cfg_text(e, CFG_RUNNING);

	if (!t || strncmp(t, "vlan ", 5) != 0)
		return 0;
	t += 5;
	if (strncmp(t, "batch ", 6) == 0) {
		view_vlan_mark(vs->on, t + 6);
		return 0;
	}
	const char *p = t;
	unsigned v = view_vlan_read_id(&p);
	if (v && *p == '\0') {
		vs->on[v] = 1;
		vs->sect[v] = e;
	}
	return 0;
}

struct vlan_attrs {
	char desc[256];
	bool no_learning;
	bool statistics;
};

static int collect_attr(void *arg, cfg_entry *e)
{
	struct vlan_attrs *a = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	const char *d;

	if (!t)
		return 0;
	if (strncmp(t, "description ", 12) == 0) {
		size_t n = view_param_trim(t + 12, &d);
		snprintf(a->desc, sizeof a->desc, "%.*s", (int)n, d);
	} else if (strcmp(t, "mac-address learning disable") == 0) {
		a->no_learning = true;
	} else if (strcmp(t, "statistics enable") == 0) {
		a->statistics = true;
	}
	return 0;
}

/* ---- the ports of the VLANs -------------------------------------------- */

typedef struct vlan_port {
	char name[48];
	unsigned char ut[VLAN_MAX + 1], tg[VLAN_MAX + 1];
} vlan_port;

typedef struct vlan_ports {
	vlan_port *v;
	size_t n, cap;
	bool oom;
} vlan_ports;

static vlan_port *port_add(vlan_ports *p, const char *name)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		vlan_port *nv = realloc(p->v, cap * sizeof *nv);
		if (!nv) {
			p->oom = true;
			return NULL;
		}
		p->v = nv;
		p->cap = cap;
	}
	vlan_port *vp = &p->v[p->n++];
	memset(vp, 0, sizeof *vp);
	snprintf(vp->name, sizeof vp->name, "%s", name);
	return vp;
}

struct port_cfg {
	const char *link;        /* "access", "trunk", "hybrid", "dot1q-tunnel" */
	unsigned pvid;           /* access default VLAN, trunk PVID */
	bool l3, member, no_vlan1;
	vlan_port *vp;
};

static int port_line(void *arg, cfg_entry *e)
{
	struct port_cfg *c = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	const char *p;

	if (!t)
		return 0;
	if (strcmp(t, "undo portswitch") == 0) {
		c->l3 = true;
	} else if (strncmp(t, "eth-trunk ", 10) == 0) {
		c->member = true;
	} else if (strncmp(t, "port link-type ", 15) == 0) {
		c->link = t + 15;
	} else if (strncmp(t, "port default vlan ", 18) == 0 ||
		   strncmp(t, "port trunk pvid vlan ", 21) == 0) {
		p = strrchr(t, ' ') + 1;
		unsigned v = view_vlan_read_id(&p);
		if (v)
			c->pvid = v;
	} else if (strncmp(t, "port trunk allow-pass vlan ", 27) == 0) {
		view_vlan_mark(c->vp->tg, t + 27);
	} else if (strncmp(t, "undo port trunk allow-pass vlan ", 32) == 0) {
		unsigned char off[VLAN_MAX + 1] = { 0 };
		view_vlan_mark(off, t + 32);
		c->no_vlan1 = off[1];
	} else if (strncmp(t, "port hybrid tagged vlan ", 24) == 0) {
		view_vlan_mark(c->vp->tg, t + 24);
	} else if (strncmp(t, "port hybrid untagged vlan ", 26) == 0) {
		view_vlan_mark(c->vp->ut, t + 26);
	}
	return 0;
}

/* The VLANs of one port from its section (NULL: all defaults); false when
 * the port is in no VLAN (Layer 3, or an Eth-Trunk's member). */
static bool port_vlans(vsh_session *s, cfg_entry *sect, vlan_port *vp)
{
	struct port_cfg c = { .link = "access", .pvid = 1, .vp = vp };

	if (sect)
		cfg_foreach_child(s->db, sect, CFG_RUNNING, port_line, &c);
	if (c.l3 || c.member)
		return false;
	if (strcmp(c.link, "trunk") == 0) {
		vp->tg[1] = !c.no_vlan1;
		if (vp->tg[c.pvid]) {
			vp->tg[c.pvid] = 0;
			vp->ut[c.pvid] = 1;
		}
	} else if (strcmp(c.link, "hybrid") == 0) {
		if (!vp->tg[1])
			vp->ut[1] = 1;
		for (unsigned v = 1; v <= VLAN_MAX; v++)
			if (vp->ut[v])
				vp->tg[v] = 0;
	} else {
		memset(vp->tg, 0, sizeof vp->tg);
		memset(vp->ut, 0, sizeof vp->ut);
		vp->ut[c.pvid] = 1;
	}
	return true;
}

static cfg_entry *if_section(vsh_session *s, const char *name)
{
	char id[80];
	int n = snprintf(id, sizeof id, "interface %s", name);

	return n > 0 && (size_t)n < sizeof id ? cfg_get(s->db, cfg_root(s->db), id, (size_t)n, CFG_RUNNING)
					      : NULL;
}

struct trunks {
	vsh_session *s;
	vlan_ports *p;
};

static int collect_trunk(void *arg, cfg_entry *e)
{
	struct trunks *a = arg;
	vsh_session *s = a->s;
	vlan_ports *p = a->p;
	const char *t = cfg_text(e, CFG_RUNNING);
	const struct if_type *ift;
	uint32_t n[IF_NUM_MAX] = { 0, 0, 0, 0 };

	if (!t || strncmp(t, "interface ", 10) != 0 || !iftype_parse_name(t + 10, &ift, n) ||
	    ift->cls != IFC_ETH_TRUNK || n[ift->ndims] != 0)
		return 0;
	vlan_port *vp = port_add(p, t + 10);
	if (vp && !port_vlans(s, e, vp))
		p->n--;
	return p->oom;
}

/* Eth-Trunks in configuration order, then the model's Ethernet ports. */
static void collect_ports(vsh_session *s, vlan_ports *p)
{
	const model_port_group *g;
	size_t ng = model_ports(s->model, &g);
	struct trunks a = { s, p };

	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_trunk, &a);
	for (size_t i = 0; i < ng && !p->oom; i++) {
		const struct if_type *t = iftype_lookup(g[i].iftype, strlen(g[i].iftype), NULL);
		if (!t || t->cls != IFC_ETH)
			continue;
		for (uint32_t n = g[i].first; n <= g[i].last && !p->oom; n++) {
			uint32_t num[IF_NUM_MAX] = { g[i].slot, g[i].card, n, 0 };
			char name[48];
			iftype_format(t, num, name, sizeof name);
			vlan_port *vp = port_add(p, name);
			if (vp && !port_vlans(s, if_section(s, name), vp))
				p->n--;
		}
	}
}

/* Append to a line buffer, keeping what fits. */
static void append(char *buf, size_t *len, size_t cap, const char *text, size_t n)
{
	if (*len + 1 >= cap)
		return;
	if (n > cap - 1 - *len)
		n = cap - 1 - *len;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

static void append_blanks(char *buf, size_t *len, size_t cap, size_t n)
{
	while (n-- > 0)
		append(buf, len, cap, " ", 1);
}

/* One kind of member ports of VLAN v, "UT:" or "TG:" and the ports, four
 * to a line, each padded to 15 columns (at least two blanks after it);
 * lead goes before the kind.  false when VLAN v has no such port. */
static bool ports_rows(vsh_out *o, const vlan_ports *p, unsigned v, bool tagged, const char *lead)
{
	char line[256];
	size_t len = 0, prev = 0;
	int on_line = 0;
	bool any = false;

	line[0] = '\0';
	for (size_t i = 0; i < p->n; i++) {
		const vlan_port *vp = &p->v[i];
		if (!(tagged ? vp->tg[v] : vp->ut[v]))
			continue;
		if (!any) {
			append(line, &len, sizeof line, lead, strlen(lead));
			append(line, &len, sizeof line, tagged ? "TG:" : "UT:", 3);
			any = true;
		} else if (on_line == 4) {
			vsh_out_line(o, line, len);
			len = 0;
			line[0] = '\0';
			append_blanks(line, &len, sizeof line, 16);
			on_line = 0;
		} else {
			append_blanks(line, &len, sizeof line, prev + 2 > 15 ? 2 : 15 - prev);
		}
		size_t n = strlen(vp->name);
		append(line, &len, sizeof line, vp->name, n);
		append(line, &len, sizeof line, "(D)", 3);
		prev = n + 3;
		on_line++;
	}
	if (any)
		vsh_out_line(o, line, len);
	return any;
}

/* ---- the commands -------------------------------------------------------- */

static const char *const legend[] = {
	"--------------------------------------------------------------------------------",
	"U: Up;         D: Down;         TG: Tagged;         UT: Untagged;",
	"MP: Vlan-mapping;               ST: Vlan-stacking;",
	"#: ProtocolTransparent-vlan;    *: Management-vlan;",
	"MAC-LRN: MAC-address learning;  STAT: Statistic;",
	"BC: Broadcast; MC: Multicast;   UC: Unknown-unicast;",
	"FWD: Forward;  DSD: Discard;",
	"--------------------------------------------------------------------------------",
};

#define DASHES "--------------------------------------------------------------------------------"

static void status_header(vsh_out *o)
{
	vsh_out_printf(o, "%-4s %-8s %-7s %-9s %-7s %-7s %-3s %-3s %-3s %s", "VID", "Type",
		       "Status", "Property", "MAC-LRN", "STAT", "BC", "MC", "UC", "Description");
	vsh_out_line(o, DASHES, sizeof DASHES - 1);
}

/* A row of the table; vid is the VLAN ID as the form writes it. */
static void status_row(vsh_session *s, vsh_out *o, const vlan_set *vs, unsigned v, const char *vid)
{
	struct vlan_attrs a = { .desc = "" };

	if (vs->sect[v])
		cfg_foreach_child(s->db, vs->sect[v], CFG_RUNNING, collect_attr, &a);
	if (!a.desc[0])
		snprintf(a.desc, sizeof a.desc, "VLAN %04u", v);
	vsh_out_printf(o, "%-4s %-8s %-7s %-9s %-7s %-7s %-3s %-3s %-3s %s", vid, "common", "enable",
		       "default", a.no_learning ? "disable" : "enable",
		       a.statistics ? "enable" : "disable", "FWD", "FWD", "FWD", a.desc);
}

static int h_display_vlan(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *lo = parser_arg_get(m, "vlan-id");
	const parser_value *hi = parser_arg_get(m, "vlan-id2");
	vlan_set *vs = calloc(1, sizeof *vs);
	vlan_ports p = { 0 };
	size_t total = 0;

	if (!vs) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vs->on[1] = 1;
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_vlan, vs);
	unsigned first = lo ? (unsigned)lo->u : 1;
	unsigned last = hi ? (unsigned)hi->u : lo ? first : VLAN_MAX;
	for (unsigned v = first; v <= last; v++)
		total += vs->on[v];
	if (lo) {
		collect_ports(s, &p);
		if (p.oom) {
			free(p.v);
			free(vs);
			snprintf(err, errlen, "Error: Out of memory.");
			return -1;
		}
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(p.v);
		free(vs);
		return -1;
	}
	if (!lo) {
		vsh_out_printf(o, "The total number of vlans is : %zu", total);
		status_header(o);
		for (unsigned v = 1; v <= VLAN_MAX; v++) {
			char vid[8];
			if (!vs->on[v])
				continue;
			snprintf(vid, sizeof vid, "%u", v);
			status_row(s, o, vs, v, vid);
		}
	} else if (total) {
		for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++)
			vsh_out_line(o, legend[i], strlen(legend[i]));
		vsh_out_line(o, "", 0);
		vsh_out_printf(o, "VID          Ports");
		vsh_out_line(o, DASHES, sizeof DASHES - 1);
		for (unsigned v = first; v <= last; v++) {
			char lead[16];
			if (!vs->on[v])
				continue;
			snprintf(lead, sizeof lead, "%4u         ", v);
			bool ut = ports_rows(o, &p, v, false, lead);
			bool tg = ports_rows(o, &p, v, true, ut ? "             " : lead);
			if (!ut && !tg)
				vsh_out_printf(o, "%4u", v);
		}
		vsh_out_line(o, "", 0);
		status_header(o);
		for (unsigned v = first; v <= last; v++) {
			char vid[8];
			if (!vs->on[v])
				continue;
			snprintf(vid, sizeof vid, "%3u", v);
			status_row(s, o, vs, v, vid);
		}
	}
	vsh_out_free(o);
	free(p.v);
	free(vs);
	return 0;
}

static const ptype pt_vlan_id = {
	.kind = PT_UINT, .help_token = "INTEGER<1-4094>", .min = 1, .max = VLAN_MAX,
};

static const parser_param vlan_params[] = {
	{ "vlan-id", &pt_vlan_id, NULL },
	{ "vlan-id2", &pt_vlan_id, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_vlan[] = {
	{
		.pc = { .format = "display vlan",
			.help = "Show information\n"
				"VLAN information",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vlan,
	},
	{
		.pc = { .format = "display vlan <vlan-id> [ to <vlan-id2> ]",
			.help = "Show information\n"
				"VLAN information\n"
				"VLAN ID\n"
				"Range of VLANs\n"
				"Last VLAN ID",
			.params = vlan_params,
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vlan,
	},
	{ .pc = { .format = NULL } },
};
