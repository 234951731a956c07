/* display ip vpn-instance [ verbose ] [ NAME ] and display ip vpn-instance
 * [ NAME ] interface: the VPN instances of the running configuration, in
 * the layouts of the command's reference page.
 *
 * The brief table has one row per address family (an instance without one
 * has a row of its name alone); the verbose form lists each instance with
 * its ID (its place in creation order, from 1), the interfaces bound to
 * it, and per family the route distinguisher and the VPN targets.  vrpsh
 * keeps no creation times, so the verbose form has no "Create date" and
 * "Up time" lines; route policies, tunnel policies and route limits are
 * not configurable in vrpsh and are not shown (the device shows them only
 * when configured).  The interface form lists per instance the interfaces
 * bound to it (`ip binding vpn-instance`), in configuration order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/output.h"
#include "../shell/session.h"
#include "params.h"

#define VPN_PREFIX "ip vpn-instance "
#define VPN_PREFIX_LEN (sizeof VPN_PREFIX - 1)
#define BIND_ID "ip binding vpn-instance"
#define MAX_VPNS 4096

typedef struct vpn {
	cfg_entry *e;
	char name[64];     /* unquoted */
	unsigned id;       /* creation order, from 1 */
	cfg_entry *af[2];  /* ipv4-family, ipv6-family */
} vpn;

typedef struct vpns {
	vsh_session *s;
	vpn *v;
	size_t n, cap;
	bool oom;
	const char *only; /* the one instance asked for, or NULL */
} vpns;

static void unquote(const char *in, char *out, size_t len)
{
	size_t n = strlen(in);
	if (n >= 2 && in[0] == '"' && in[n - 1] == '"') {
		in++;
		n -= 2;
	}
	snprintf(out, len, "%.*s", (int)n, in);
}

static int collect_vpn(void *arg, cfg_entry *e)
{
	vpns *c = arg;
	const char *t = cfg_text(e, CFG_RUNNING);

	if (!t || strncmp(t, VPN_PREFIX, VPN_PREFIX_LEN) != 0 || c->n >= MAX_VPNS)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		vpn *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv) {
			c->oom = true;
			return 1;
		}
		c->v = nv;
		c->cap = cap;
	}
	vpn *v = &c->v[c->n++];
	memset(v, 0, sizeof *v);
	v->e = e;
	v->id = (unsigned)c->n;
	unquote(t + VPN_PREFIX_LEN, v->name, sizeof v->name);
	v->af[0] = cfg_get(c->s->db, e, "ipv4-family", 11, CFG_RUNNING);
	v->af[1] = cfg_get(c->s->db, e, "ipv6-family", 11, CFG_RUNNING);
	return 0;
}

/* The route distinguisher of a family, or "". */
static const char *af_rd(vsh_session *s, cfg_entry *af)
{
	cfg_entry *e = af ? cfg_get(s->db, af, "route-distinguisher", 19, CFG_RUNNING) : NULL;
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;
	return t ? t + 20 : "";
}

static void brief_row(vsh_out *o, const char *name, const char *rd, const char *af)
{
	char line[256];
	int n = af ? snprintf(line, sizeof line, "  %-31s %-30s %s", name, rd, af)
		   : snprintf(line, sizeof line, "  %s", name);
	if (n > 0)
		vsh_out_line(o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* ---- verbose ----------------------------------------------------------- */

struct targets {
	const char *kind; /* "export-extcommunity" or "import-extcommunity" */
	char list[1024];
	size_t len;
};

static int collect_target(void *arg, cfg_entry *e)
{
	struct targets *t = arg;
	const char *text = cfg_text(e, CFG_RUNNING);
	char rt[64];
	char kind[32];

	if (!text || sscanf(text, "vpn-target %63s %31s", rt, kind) != 2 ||
	    strcmp(kind, t->kind) != 0)
		return 0;
	int n = snprintf(t->list + t->len, sizeof t->list - t->len, "%s%s", t->len ? " " : "", rt);
	if (n > 0 && (size_t)n < sizeof t->list - t->len)
		t->len += (size_t)n;
	return 0;
}

struct bound {
	vsh_session *s;
	const char *name;
	char list[2048];
	size_t len;
};

/* The binding line of an interface section, if any. */
static int find_binding(void *arg, cfg_entry *e)
{
	const char *t = cfg_text(e, CFG_RUNNING);

	if (t && strncmp(t, BIND_ID " ", sizeof BIND_ID) == 0) {
		*(const char **)arg = t + sizeof BIND_ID;
		return 1;
	}
	return 0;
}

/* The name of the interface of section e when it is bound to instance
 * name, else NULL. */
static const char *bound_interface(vsh_session *s, cfg_entry *e, const char *name)
{
	const char *t = cfg_text(e, CFG_RUNNING);
	const char *bt = NULL;
	char vpn_name[64];

	if (!t || strncmp(t, "interface ", 10) != 0)
		return NULL;
	cfg_foreach_child(s->db, e, CFG_RUNNING, find_binding, &bt);
	if (!bt)
		return NULL;
	unquote(bt, vpn_name, sizeof vpn_name);
	return strcmp(vpn_name, name) == 0 ? t + 10 : NULL;
}

static int collect_bound(void *arg, cfg_entry *e)
{
	struct bound *b = arg;
	const char *ifname = bound_interface(b->s, e, b->name);

	if (!ifname)
		return 0;
	int n = snprintf(b->list + b->len, sizeof b->list - b->len, "%s%s", b->len ? ", " : "",
			 ifname);
	if (n > 0 && (size_t)n < sizeof b->list - b->len)
		b->len += (size_t)n;
	return 0;
}

static void verbose_vpn(vsh_session *s, vsh_out *o, const vpn *v)
{
	struct bound b = { .s = s, .name = v->name };

	vsh_out_printf(o, "VPN-Instance Name and ID : %s, %u", v->name, v->id);
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_bound, &b);
	if (b.len)
		vsh_out_printf(o, "  Interfaces : %s", b.list);
	for (int f = 0; f < 2; f++) {
		if (!v->af[f])
			continue;
		struct targets ex = { .kind = "export-extcommunity" };
		struct targets im = { .kind = "import-extcommunity" };
		cfg_foreach_child(s->db, v->af[f], CFG_RUNNING, collect_target, &ex);
		cfg_foreach_child(s->db, v->af[f], CFG_RUNNING, collect_target, &im);
		vsh_out_printf(o, "Address family %s", f ? "ipv6" : "ipv4");
		vsh_out_printf(o, "  Vrf Status : UP");
		const char *rd = af_rd(s, v->af[f]);
		if (*rd)
			vsh_out_printf(o, "  Route Distinguisher : %s", rd);
		if (ex.len)
			vsh_out_printf(o, "  Export VPN Targets :  %s", ex.list);
		if (im.len)
			vsh_out_printf(o, "  Import VPN Targets :  %s", im.list);
		vsh_out_printf(o, "  Label Policy :  label per route");
		if (!f) {
			vsh_out_printf(o, "  The diffserv-mode Information is : uniform");
			vsh_out_printf(o, "  The ttl-mode Information is : uniform");
		}
	}
}

/* ---- interface ------------------------------------------------------- */

/* The interfaces bound to one instance, counted (o NULL) or shown: one to
 * a line under the first, each but the last followed by a comma. */
struct bound_list {
	vsh_session *s;
	const char *name;
	vsh_out *o;
	size_t n, total;
};

static int list_bound(void *arg, cfg_entry *e)
{
	struct bound_list *b = arg;
	const char *ifname = bound_interface(b->s, e, b->name);

	if (!ifname)
		return 0;
	if (b->o)
		vsh_out_printf(b->o, "%s%s%s", b->n ? "                   " : "  Interface list : ",
			       ifname, b->n + 1 < b->total ? "," : "");
	b->n++;
	return 0;
}

static void interface_vpn(vsh_session *s, vsh_out *o, const vpn *v)
{
	struct bound_list b = { .s = s, .name = v->name };

	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, list_bound, &b);
	vsh_out_printf(o, " VPN-Instance Name and ID : %s, %u", v->name, v->id);
	vsh_out_printf(o, "  Interface Number : %zu", b.n);
	b.total = b.n;
	b.n = 0;
	b.o = o;
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, list_bound, &b);
}

/* ---- the command ----------------------------------------------------- */

static int h_display_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *nv = parser_arg_get(m, "vpn-instance-name");
	vpns c = { .s = s };
	size_t n4 = 0, n6 = 0;

	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_vpn, &c);
	if (c.oom) {
		free(c.v);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	const vpn *one = NULL;
	if (nv) {
		for (size_t i = 0; i < c.n && !one; i++)
			if (strcmp(c.v[i].name, nv->str) == 0)
				one = &c.v[i];
		if (!one) {
			free(c.v);
			snprintf(err, errlen, "Error: The VPN instance %s does not exist.", nv->str);
			return -1;
		}
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(c.v);
		return -1;
	}
	for (size_t i = 0; i < c.n; i++) {
		n4 += c.v[i].af[0] != NULL;
		n6 += c.v[i].af[1] != NULL;
	}
	bool verbose = parser_kw(m, "verbose");
	if (parser_kw(m, "interface")) {
		/* All instances: their count, then one block each, a blank line
		 * before every block. */
		if (!one)
			vsh_out_printf(o, " Total VPN-Instances configured      : %zu", c.n);
		for (size_t i = 0; i < c.n; i++) {
			if (one && &c.v[i] != one)
				continue;
			if (!one)
				vsh_out_line(o, "", 0);
			interface_vpn(s, o, &c.v[i]);
		}
		vsh_out_free(o);
		free(c.v);
		return 0;
	}
	/* The brief form indents the totals by one blank, the verbose one not. */
	const char *ind = verbose ? "" : " ";
	if (!one || !verbose) {
		vsh_out_printf(o, "%sTotal VPN-Instances configured : %zu", ind, c.n);
		vsh_out_printf(o, "%sTotal IPv4 VPN-Instances configured : %zu", ind, n4);
		vsh_out_printf(o, "%sTotal IPv6 VPN-Instances configured : %zu", ind, n6);
		vsh_out_line(o, "", 0);
	}
	if (!verbose)
		vsh_out_printf(o, "  %-31s %-30s %s", "VPN-Instance Name", "RD", "Address family");
	for (size_t i = 0; i < c.n; i++) {
		const vpn *v = &c.v[i];
		if (one && v != one)
			continue;
		if (verbose) {
			verbose_vpn(s, o, v);
			continue;
		}
		if (!v->af[0] && !v->af[1])
			brief_row(o, v->name, "", NULL);
		if (v->af[0])
			brief_row(o, v->name, af_rd(s, v->af[0]), "IPv4");
		if (v->af[1])
			brief_row(o, v->name, af_rd(s, v->af[1]), "IPv6");
	}
	vsh_out_free(o);
	free(c.v);
	return 0;
}

static const parser_param vpn_params[] = {
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_vpn[] = {
	{
		.pc = { .format = "display ip vpn-instance [ <vpn-instance-name> ]",
			.help = "Show information\n"
				"IP information\n"
				"VPN instances\n"
				"VPN instance name",
			.params = vpn_params,
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vpn,
	},
	{
		.pc = { .format = "display ip vpn-instance verbose [ <vpn-instance-name> ]",
			.help = "Show information\n"
				"IP information\n"
				"VPN instances\n"
				"Details of every VPN instance\n"
				"VPN instance name",
			.params = vpn_params,
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vpn,
	},
	{
		.pc = { .format = "display ip vpn-instance [ <vpn-instance-name> ] interface",
			.help = "Show information\n"
				"IP information\n"
				"VPN instances\n"
				"VPN instance name\n"
				"Interfaces bound to VPN instances",
			.params = vpn_params,
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vpn,
	},
	{ .pc = { .format = NULL } },
};
