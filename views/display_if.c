/* display interface brief [ <ifType> ] [ main ] and display ip interface
 * brief [ ... ], in the layouts of their pages.
 *
 * The interfaces: every port of the device model, the logical interfaces
 * of the running configuration and NULL0, sorted by name as the device
 * lists them (type name, then numbers).  vrpsh has no links: a port is
 * down (administratively down, "*down", after `shutdown`); LoopBack and
 * NULL0 are up with their protocol "up(s)" (spoofing).  There is no
 * traffic: utilisation 0%, no errors.  `display ip interface brief` lists
 * the Layer 3 interfaces (Ethernet ports and Eth-Trunks after `undo
 * portswitch`) with their primary IPv4 address and VPN instance. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display_if.h"
#include "edit.h"
#include "models.h"
#include "params.h"
#include "../parser/iftype.h"
#include "../shell/output.h"

/* ---- row layouts ---------------------------------------------------------- */

static size_t put(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static size_t put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (len == 0)
		return 0;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

/* Columns of width w, with at least one blank after a value that fills
 * one. */
static int w_of(const char *s, int w)
{
	int l = (int)strlen(s);
	return l >= w ? l + 1 : w;
}

size_t view_if_brief_row(const char *name, const char *phy, const char *proto, const char *inuti,
			 const char *oututi, unsigned long inerr, unsigned long outerr, char *buf,
			 size_t len)
{
	char ie[24], oe[24];

	/* Right-aligned columns keep a blank before a value that fills them. */
	snprintf(ie, sizeof ie, "%lu", inerr);
	snprintf(oe, sizeof oe, "%lu", outerr);
	return put(buf, len, "%-*s%-*s%-*s%*s%*s%*s%*s", w_of(name, 25), name, w_of(phy, 9), phy,
		   5, proto, w_of(inuti, 10), inuti, w_of(oututi, 7), oututi,
		   w_of(ie, 11), ie, w_of(oe, 11), oe);
}

size_t view_ip_brief_row(const char *name, const char *addr, const char *phy, const char *proto,
			 const char *vpn, char *buf, size_t len)
{
	return put(buf, len, "%-*s%-*s%-*s%-*s%s", w_of(name, 28), name, w_of(addr, 20), addr,
		   w_of(phy, 9), phy, w_of(proto, 9), proto, vpn);
}

/* ---- the interfaces ------------------------------------------------------------ */

struct ifrow {
	char name[48];
	const struct if_type *t; /* NULL for NULL0 */
	uint32_t n[IF_NUM_MAX];
	bool shutdown, l3;
	char addr[40];           /* "A/L", "" when none */
	char vpn[VIEW_NAME_MAX];
};

struct iflist {
	struct ifrow *v;
	size_t n, cap;
	bool oom;
};

static struct ifrow *add(struct iflist *l)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? 2 * l->cap : 64;
		struct ifrow *nv = realloc(l->v, nc * sizeof *nv);
		if (!nv) {
			l->oom = true;
			return NULL;
		}
		l->v = nv;
		l->cap = nc;
	}
	struct ifrow *r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	return r;
}

static int mask_len(const char *m)
{
	struct in_addr a;
	if (inet_pton(AF_INET, m, &a) != 1)
		return -1;
	return __builtin_popcount(ntohl(a.s_addr));
}

/* What the running configuration says of an interface. */
static int line_visit(void *arg, cfg_entry *e)
{
	struct ifrow *r = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	char a[32], m[32], extra[16];

	if (!t)
		return 0;
	if (strcmp(t, "shutdown") == 0) {
		r->shutdown = true;
	} else if (strcmp(t, "undo portswitch") == 0) {
		r->l3 = true;
	} else if (strncmp(t, "ip binding vpn-instance ", 24) == 0) {
		snprintf(r->vpn, sizeof r->vpn, "%s", t + 24);
	} else if (strncmp(t, "ip address ", 11) == 0 &&
		   sscanf(t + 11, "%31s %31s %15s", a, m, extra) == 2) {
		/* the primary address: no "sub" after the mask */
		int l = mask_len(m);
		if (l >= 0)
			snprintf(r->addr, sizeof r->addr, "%s/%d", a, l);
	}
	return 0;
}

static void read_config(vsh_session *s, struct ifrow *r)
{
	char id[64];
	int n = snprintf(id, sizeof id, "interface %s", r->name);
	cfg_entry *sect = cfg_get(s->db, cfg_root(s->db), id, (size_t)n, CFG_RUNNING);

	/* Ethernet ports and Eth-Trunks start in Layer 2 mode. */
	r->l3 = !r->t || (r->t->cls != IFC_ETH && r->t->cls != IFC_ETH_TRUNK);
	if (sect)
		cfg_foreach_child(s->db, sect, CFG_RUNNING, line_visit, r);
}

static int logical_visit(void *arg, cfg_entry *e)
{
	struct iflist *l = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	const struct if_type *ty;
	uint32_t n[IF_NUM_MAX] = { 0 };

	if (!t || strncmp(t, "interface ", 10) != 0 || !iftype_parse_name(t + 10, &ty, n) ||
	    !ty->logical)
		return 0;
	struct ifrow *r = add(l);
	if (!r)
		return 1;
	r->t = ty;
	memcpy(r->n, n, sizeof n);
	iftype_format(ty, n, r->name, sizeof r->name);
	return 0;
}

static const char *type_name(const struct ifrow *r)
{
	return r->t ? r->t->name : "NULL";
}

static int cmp_row(const void *a, const void *b)
{
	const struct ifrow *x = a, *y = b;
	int c = strcmp(type_name(x), type_name(y));
	for (int i = 0; !c && i < 3; i++)
		c = (x->n[i] > y->n[i]) - (x->n[i] < y->n[i]);
	return c;
}

static int gather(vsh_session *s, struct iflist *l)
{
	const model_port_group *g;
	size_t ng = model_ports(s->model, &g);

	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < ng && !l->oom; i++) {
		bool ambiguous;
		const struct if_type *t = iftype_lookup(g[i].iftype, strlen(g[i].iftype), &ambiguous);
		for (uint32_t p = g[i].first; t && p <= g[i].last; p++) {
			struct ifrow *r = add(l);
			if (!r)
				break;
			r->t = t;
			r->n[0] = g[i].slot;
			r->n[1] = g[i].card;
			r->n[2] = p;
			iftype_format(t, r->n, r->name, sizeof r->name);
		}
	}
	if (!l->oom)
		cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, logical_visit, l);
	struct ifrow *null0 = l->oom ? NULL : add(l);
	if (null0)
		snprintf(null0->name, sizeof null0->name, "NULL0");
	if (l->oom) {
		free(l->v);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++)
		read_config(s, &l->v[i]);
	qsort(l->v, l->n, sizeof *l->v, cmp_row);
	return 0;
}

static bool spoofing(const struct ifrow *r)
{
	return !r->t || r->t->cls == IFC_LOOPBACK;
}

static const char *phy_state(const struct ifrow *r)
{
	if (spoofing(r))
		return "up";
	return r->shutdown ? "*down" : "down";
}

static const char *proto_state(const struct ifrow *r)
{
	return spoofing(r) ? "up(s)" : "down";
}

/* ---- display interface brief ---------------------------------------------------- */

static const char *const brief_legend[] = {
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
	"(sd): STP instance discarding",
	"(ms): MACsec down",
	"(ed): error down",
	"InUti/OutUti: input utility rate/output utility rate",
	"Interface                  PHY      Protocol  InUti OutUti   inErrors  outErrors",
};

static int h_if_brief(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *ty = parser_arg_get(m, "ifType");
	struct iflist l;
	char line[160];

	if (gather(s, &l) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(l.v);
		return -1;
	}
	for (size_t i = 0; i < sizeof brief_legend / sizeof brief_legend[0]; i++)
		vsh_out_line(o, brief_legend[i], strlen(brief_legend[i]));
	for (size_t i = 0; i < l.n; i++) {
		const struct ifrow *r = &l.v[i];
		if (ty && r->t != ty->ift)
			continue;
		size_t n = view_if_brief_row(r->name, phy_state(r), proto_state(r), "0%", "0%", 0, 0,
					     line, sizeof line);
		vsh_out_line(o, line, n);
	}
	vsh_out_line(o, "", 0);
	vsh_out_free(o);
	free(l.v);
	return 0;
}

/* ---- display ip interface brief ---------------------------------------------------- */

/* Is r interface t with number n (as many parts as its type has)? */
static bool same_if(const struct ifrow *r, const struct if_type *t, const uint32_t *n)
{
	if (!r->t || r->t != t)
		return false;
	for (unsigned i = 0; i < t->ndims && i < 3; i++)
		if (r->n[i] != n[i])
			return false;
	return true;
}

static bool ip_selected(const parser_match *m, const struct ifrow *r)
{
	const parser_value *ty = parser_arg_get(m, "interface-type");
	const parser_value *num = parser_arg_get(m, "interface-number");
	const parser_value *name = parser_arg_get(m, "interface-name");
	const parser_value *slot = parser_arg_get(m, "slot-number");
	const parser_value *card = parser_arg_get(m, "card-number");

	if (!r->l3)
		return false;
	if (name)
		return same_if(r, name->ifn.ift, name->ifn.n);
	if (parser_kw(m, "ip-configured")) {
		if (!r->addr[0])
			return false;
		return !(parser_kw(m, "except") && ty && r->t == ty->ift);
	}
	if (ty && r->t != ty->ift)
		return false;
	if (num && !same_if(r, r->t, num->ifn.n))
		return false;
	if (slot) {
		if (!r->t || r->t->ndims != 3 || r->n[0] != slot->u)
			return false;
		if (card && r->n[1] != card->u)
			return false;
	}
	return true;
}

static int h_ip_brief(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct iflist l;
	char line[200];
	size_t up_phy = 0, up_proto = 0, total = 0;

	if (gather(s, &l) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(l.v);
		return -1;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (!ip_selected(m, &l.v[i]))
			continue;
		total++;
		up_phy += strcmp(phy_state(&l.v[i]), "up") == 0;
		up_proto += strncmp(proto_state(&l.v[i]), "up", 2) == 0;
	}
	vsh_out_printf(o, "*down: administratively down\n"
			  "!down: FIB overload down\n"
			  "^down: standby\n"
			  "(l): loopback\n"
			  "(s): spoofing\n"
			  "(d): Dampening Suppressed\n"
			  "(ed): error down\n");
	vsh_out_printf(o, "The number of interface that is UP in Physical is %zu\n", up_phy);
	vsh_out_printf(o, "The number of interface that is DOWN in Physical is %zu\n",
		       total - up_phy);
	vsh_out_printf(o, "The number of interface that is UP in Protocol is %zu\n", up_proto);
	vsh_out_printf(o, "The number of interface that is DOWN in Protocol is %zu\n",
		       total - up_proto);
	vsh_out_printf(o, "Interface                   IP Address/Mask    Physical Protocol VPN\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct ifrow *r = &l.v[i];
		if (!ip_selected(m, r))
			continue;
		size_t n = view_ip_brief_row(r->name, r->addr[0] ? r->addr : "unassigned",
					     phy_state(r), proto_state(r), r->vpn[0] ? r->vpn : "--",
					     line, sizeof line);
		vsh_out_line(o, line, n);
	}
	vsh_out_line(o, "", 0);
	vsh_out_free(o);
	free(l.v);
	return 0;
}

/* ---- the table ---------------------------------------------------------------------- */

static const ptype pt_slot = { PT_UINT, "INTEGER<1-16>", 1, 16, 0 };
static const ptype pt_card = { PT_UINT, "INTEGER<0-16>", 0, 16, 0 };

static const parser_param if_params[] = {
	{ "ifType", &pt_iftype, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "slot-number", &pt_slot, NULL },
	{ "card-number", &pt_card, NULL },
	{ NULL, NULL, NULL },
};

#define H_SHOW "Show information\n"
#define H_BRIEF "Interface information\nBrief information of the interfaces\n"
#define H_IP H_SHOW "IP information\nInterface IP information\nBrief IP information of the interfaces\n"

#define IROW(fmt, hlp, handler)                                                        \
	{ .pc = { .format = fmt, .help = hlp, .params = if_params, .level = LEVEL_MONITOR, \
		  .flags = PARSER_CMD_PIPE },                                           \
	  .views = VIEWS(VIEW_ANY), .fn = handler }

const view_cmd view_cmds_display_if[] = {
	IROW("display interface brief [ <ifType> ]", H_SHOW H_BRIEF "Interface type", h_if_brief),
	IROW("display interface brief [ <ifType> ] main",
	     H_SHOW H_BRIEF "Interface type\nMain interfaces only", h_if_brief),
	IROW("display ip interface brief [ <interface-type> <interface-number> | slot "
	     "<slot-number> [ card <card-number> ] ]",
	     H_IP "Interface type\nInterface number\nInterfaces of a slot\nSlot number\n"
		  "Interfaces of a card\nCard number",
	     h_ip_brief),
	IROW("display ip interface brief <interface-type>", H_IP "Interface type", h_ip_brief),
	IROW("display ip interface brief ip-configured [ except <interface-type> ]",
	     H_IP "Interfaces with an IP address\nLeave out a type of interface\nInterface type",
	     h_ip_brief),
	IROW("display ip interface brief <interface-name>", H_IP "Interface name", h_ip_brief),
	{ .pc = { .format = NULL } },
};
