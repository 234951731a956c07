/* BGP processes and the views inside them: `bgp AS`, `bgp AS instance
 * NAME`, `router-id`, `ipv4-family unicast`, `ipv6-family [ unicast ]`,
 * `vpn-instance V`, `ipv4-family vpn-instance V`, `ipv6-family
 * vpn-instance V` (layout: bgp.h).
 *
 * Rules from the pages: `vpn-instance V` needs `ip vpn-instance V`; the
 * address families of a VPN instance in BGP do not (only in the YANG
 * management mode, which vrpsh does not have).  The default address-family
 * blocks are shown as the device shows them: `ipv4-family unicast` once
 * the BGP view has peers or groups or an IPv4 VPN family, `ipv6-family
 * unicast` once it has an IPv6 VPN family (or either is entered). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "order.h"
#include "params.h"
#include "../shell/session.h"

static const char *text_of(const cfg_entry *e)
{
	const char *t = cfg_text(e, CFG_CANDIDATE);
	return t ? t : cfg_text(e, CFG_RUNNING);
}

static bool starts(const char *t, const char *prefix)
{
	return t && strncmp(t, prefix, strlen(prefix)) == 0;
}

/* The length of the AS word of a "bgp AS..." line. */
static size_t as_word(const char *t)
{
	return strcspn(t + 4, " ");
}

static bool is_instance_line(const char *t)
{
	return starts(t, "bgp ") && starts(t + 4 + as_word(t), " instance ");
}

/* The kind of a BGP address family or VPN section from its text.  Every
 * handler of those views asks, several times a line: the first byte
 * rules most texts out before a whole prefix is compared. */
static enum bgp_sect family_kind(const char *t)
{
	if (t[0] == 'v')
		return strncmp(t, "vpn-instance ", 13) == 0 ? BGPS_VPNI : BGPS_NONE;
	if (t[0] != 'i' || t[1] != 'p' || t[2] != 'v' || (t[3] != '4' && t[3] != '6'))
		return BGPS_NONE;
	bool six = t[3] == '6';
	if (strncmp(t + 4, "-family vpn-instance ", 21) == 0)
		return six ? BGPS_VPN6 : BGPS_VPN4;
	if (strcmp(t + 4, "-family unicast") == 0)
		return six ? BGPS_AF6 : BGPS_AF4;
	return BGPS_NONE;
}

static bool is_bgp_line(const char *t)
{
	return t && t[0] == 'b' && t[1] == 'g' && t[2] == 'p' && t[3] == ' ';
}

enum bgp_sect view_bgp_kind(const cfg_entry *sect)
{
	const char *t = sect ? text_of(sect) : NULL;

	if (!t)
		return BGPS_NONE;
	int d = cfg_depth(sect);
	if (d == 1)
		return is_bgp_line(t) ? (is_instance_line(t) ? BGPS_INST : BGPS_PROC) : BGPS_NONE;
	if (d != 2)
		return BGPS_NONE;
	enum bgp_sect k = family_kind(t);
	return k != BGPS_NONE && is_bgp_line(text_of(cfg_parent(sect))) ? k : BGPS_NONE;
}

cfg_entry *view_bgp_proc(const cfg_entry *sect)
{
	/* up to the top level: the section whose parent is the root */
	while (sect && cfg_parent(sect) && cfg_parent(cfg_parent(sect)))
		sect = cfg_parent(sect);
	return sect && is_bgp_line(text_of(sect)) ? (cfg_entry *)sect : NULL;
}

bool view_bgp_local_as(const cfg_entry *sect, uint32_t *as)
{
	/* the process line of the last call, and its AS: every peer and
	 * group line of a process asks again */
	static _Thread_local struct {
		char text[48];
		uint32_t as;
	} last;
	const char *t = text_of(view_bgp_proc(sect));

	if (!t)
		return false;
	if (strcmp(t, last.text) == 0) {
		*as = last.as;
		return true;
	}
	if (!view_param_asn(t + 4, as_word(t), as))
		return false;
	if (strlen(t) < sizeof last.text) {
		strcpy(last.text, t);
		last.as = *as;
	}
	return true;
}

static const char *const vpn_prefix[] = {
	[BGPS_VPNI] = "vpn-instance ",
	[BGPS_VPN4] = "ipv4-family vpn-instance ",
	[BGPS_VPN6] = "ipv6-family vpn-instance ",
};

const char *view_bgp_vpn_word(const cfg_entry *sect, size_t *len)
{
	enum bgp_sect k = view_bgp_kind(sect);

	if (k != BGPS_VPNI && k != BGPS_VPN4 && k != BGPS_VPN6)
		return NULL;
	const char *w = text_of(sect) + strlen(vpn_prefix[k]);
	*len = strlen(w);
	return w;
}

cfg_entry *view_bgp_child(const vsh_session *s, cfg_entry *proc, enum bgp_sect kind,
			  const char *vpn, size_t vlen)
{
	char id[VIEW_NAME_MAX + 32];
	size_t n;

	switch (kind) {
	case BGPS_AF4:
		return view_line_gets(s, proc, "ipv4-family unicast");
	case BGPS_AF6:
		return view_line_gets(s, proc, "ipv6-family unicast");
	case BGPS_VPNI:
	case BGPS_VPN4:
	case BGPS_VPN6:
		n = strlen(vpn_prefix[kind]);
		if (n + vlen >= sizeof id)
			return NULL;
		memcpy(id, vpn_prefix[kind], n);
		memcpy(id + n, vpn, vlen);
		id[n + vlen] = '\0';
		return view_line_get(s, proc, id, n + vlen);
	default:
		return NULL;
	}
}

int view_bgp_af_get(vsh_session *s, cfg_entry *proc, enum bgp_sect kind, cfg_entry **out,
		    char *err, size_t errlen)
{
	const char *text = kind == BGPS_AF6 ? "ipv6-family unicast" : "ipv4-family unicast";
	cfg_order ord = view_bgp_place(kind == BGPS_AF6 ? BGPS_AF6 : BGPS_AF4, false);

	*out = view_line_gets(s, proc, text);
	if (*out)
		return 0;
	return view_line_set(s, proc, text, strlen(text), ord, CFG_F_SECTION, out, err, errlen);
}

/* ---- bgp AS ---------------------------------------------------------- */

int view_bgp_h_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	cfg_entry *root = cfg_root(s->db);
	cfg_entry *e = view_line_get(s, root, "bgp", 3);
	char text[96];
	uint32_t cur;

	if (e) {
		const char *t = view_line_text(e);
		if (!view_param_asn(t + 4, strlen(t + 4), &cur) || cur != as->u)
			return view_fail(err, errlen,
					 "Error: BGP is already running with AS number %s. Only one "
					 "BGP process can be configured.", t + 4);
	} else {
		cfg_order ord = { ORD_BGP, 0, 0 };
		snprintf(text, sizeof text, "bgp %s", as->canon);
		if (view_line_set(s, root, text, 3, ord, CFG_F_SECTION | CFG_F_SEP_CHILDREN, &e, err,
				  errlen) != 0)
			return -1;
	}
	if (vsh_push(s, VIEW_BGP, e, "-bgp") != 0)
		return view_fail(err, errlen, "Error: The BGP view cannot be entered.");
	return 0;
}

/* `undo bgp AS`: the device asks for the AS number by default (its page),
 * so the table's row requires it. */
int view_bgp_h_undo_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	cfg_entry *e = view_line_get(s, cfg_root(s->db), "bgp", 3);
	uint32_t cur;

	if (!e || !view_param_asn(view_line_text(e) + 4, strlen(view_line_text(e) + 4), &cur) ||
	    cur != as->u)
		return view_fail(err, errlen, "Error: BGP with AS number %s is not configured.",
				 as->canon);
	cfg_delete(s->db, e);
	return 0;
}

/* ---- bgp AS instance NAME -------------------------------------------- */

static size_t inst_text(const parser_match *m, char *text, size_t len)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	const parser_value *nm = parser_arg_get(m, "instance-name");
	char q[VIEW_NAME_MAX];

	if (!as || !nm || view_param_quote(nm->str, q, sizeof q) == 0)
		return 0;
	int n = snprintf(text, len, "bgp %s instance %s", as->canon, q);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* An instance of the same name under another AS.  Instances are created
 * rarely and few; this looks at the top-level lines once per creation. */
struct same_name {
	const char *tail; /* " instance NAME" */
	size_t tlen;
	const cfg_entry *found;
};

static int same_name_visit(void *arg, cfg_entry *e)
{
	struct same_name *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);
	size_t n = t ? strlen(t) : 0;

	if (n > w->tlen && strncmp(t, "bgp ", 4) == 0 && strcmp(t + n - w->tlen, w->tail) == 0 &&
	    memchr(t + 4, ' ', n - 4 - w->tlen) == NULL) {
		w->found = e;
		return 1;
	}
	return 0;
}

int view_bgp_h_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *nm = parser_arg_get(m, "instance-name");
	cfg_entry *root = cfg_root(s->db);
	char text[96];
	char suffix[64];

	size_t n = inst_text(m, text, sizeof text);
	if (n == 0)
		return view_fail(err, errlen, "Error: The BGP instance name is invalid.");
	cfg_entry *e = view_line_get(s, root, text, n);
	if (!e) {
		struct same_name w = { strstr(text + 4, " instance "), 0, NULL };
		w.tlen = strlen(w.tail);
		cfg_foreach_child(s->db, root, CFG_CANDIDATE, same_name_visit, &w);
		if (w.found)
			return view_fail(err, errlen,
					 "Error: BGP instance %s already exists with another AS "
					 "number (%s).", nm->str, view_line_text(w.found));
		if (view_line_created(s, root, text, n, ORD_BGP, 0,
				      CFG_F_SECTION | CFG_F_SEP_CHILDREN, &e, err, errlen) != 0)
			return -1;
	}
	snprintf(suffix, sizeof suffix, "-bgp-instance-%s", nm->str);
	if (vsh_push(s, VIEW_BGP_INST, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The BGP instance view cannot be entered.");
	return 0;
}

int view_bgp_h_undo_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char text[96];
	size_t n = inst_text(m, text, sizeof text);
	cfg_entry *e = n ? view_line_get(s, cfg_root(s->db), text, n) : NULL;

	if (!e)
		return view_fail(err, errlen, "Error: BGP instance %s with AS number %s is not "
					      "configured.", parser_arg_get(m, "instance-name")->str,
				 parser_arg_get(m, "as-number")->canon);
	cfg_delete(s->db, e);
	return 0;
}

/* ---- router-id ------------------------------------------------------- */

int view_bgp_h_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *a = parser_arg_get(m, "ipv4-address");
	char text[96];
	cfg_order ord = view_bgp_place(BGPS_NONE, false);

	if (a->v4.s_addr == htonl(INADDR_ANY))
		return view_fail(err, errlen, "Error: The router ID 0.0.0.0 is invalid.");
	snprintf(text, sizeof text, "router-id %s", a->canon);
	return view_line_set(s, view_line_sect(s), text, strlen("router-id"), ord, 0, NULL, err,
			     errlen);
}

int view_bgp_h_undo_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	view_line_del(s, view_line_sect(s), "router-id", strlen("router-id"));
	return 0;
}

/* ---- ipv4-family unicast, ipv6-family [ unicast ] --------------------- */

int view_bgp_h_af(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bool v6 = parser_kw(m, "ipv6-family");
	cfg_entry *af;

	if (view_bgp_af_get(s, view_line_sect(s), v6 ? BGPS_AF6 : BGPS_AF4, &af, err, errlen) != 0)
		return -1;
	if (vsh_push(s, v6 ? VIEW_BGP_AF6 : VIEW_BGP_AF4, af, v6 ? "-af-ipv6" : "-af-ipv4") != 0)
		return view_fail(err, errlen, "Error: The address family view cannot be entered.");
	return 0;
}

int view_bgp_h_undo_af6(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	cfg_entry *af = view_bgp_child(s, view_line_sect(s), BGPS_AF6, NULL, 0);
	if (af)
		cfg_delete(s->db, af);
	return 0;
}

/* ---- vpn-instance, ipv4-family / ipv6-family vpn-instance ------------- */

static enum bgp_sect vpn_kind(const parser_match *m)
{
	if (parser_kw(m, "ipv4-family"))
		return BGPS_VPN4;
	if (parser_kw(m, "ipv6-family"))
		return BGPS_VPN6;
	return BGPS_VPNI;
}

static int vpn_names(const parser_match *m, char *q, size_t qlen, const char **name, char *err,
		     size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "vpn-instance-name");

	*name = v ? v->str : "";
	if (!v || view_param_vpn_reserved(v->str))
		return view_fail(err, errlen,
				 "Error: The name _public_ is reserved for the public network.");
	if (view_param_quote(v->str, q, qlen) == 0)
		return view_fail(err, errlen, "Error: The VPN instance name is too long.");
	return 0;
}

static const struct {
	view_id in_proc, in_inst;
	const char *suffix;
} vpn_views[] = {
	[BGPS_VPNI] = { VIEW_BGP_VPNI, VIEW_BGP_INST_VPNI, "-instance-" },
	[BGPS_VPN4] = { VIEW_BGP_VPN4, VIEW_BGP_INST_VPN4, "-" },
	[BGPS_VPN6] = { VIEW_BGP_VPN6, VIEW_BGP_INST_VPN6, "-6-" },
};

int view_bgp_h_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	enum bgp_sect kind = vpn_kind(m);
	cfg_entry *proc = view_line_sect(s);
	bool in_inst = vsh_top(s)->view == VIEW_BGP_INST;
	char q[VIEW_NAME_MAX], id[VIEW_NAME_MAX + 32], suffix[64];
	const char *name;

	if (vpn_names(m, q, sizeof q, &name, err, errlen) != 0)
		return -1;
	cfg_entry *e = view_bgp_child(s, proc, kind, q, strlen(q));
	if (!e) {
		if (kind == BGPS_VPNI) {
			snprintf(id, sizeof id, "ip vpn-instance %s", q);
			if (!view_line_gets(s, cfg_root(s->db), id))
				return view_fail(err, errlen,
						 "Error: The VPN instance %s does not exist.", name);
		}
		int n = snprintf(id, sizeof id, "%s%s", vpn_prefix[kind], q);
		if (view_line_set(s, proc, id, (size_t)n, view_bgp_place(kind, in_inst),
				  CFG_F_SECTION, &e, err, errlen) != 0)
			return -1;
		/* The device shows the unicast family of the same version. */
		cfg_entry *af;
		if (!in_inst && kind != BGPS_VPNI &&
		    view_bgp_af_get(s, proc, kind == BGPS_VPN6 ? BGPS_AF6 : BGPS_AF4, &af, err,
				    errlen) != 0)
			return -1;
	}
	snprintf(suffix, sizeof suffix, "%s%s", vpn_views[kind].suffix, name);
	view_id v = in_inst ? vpn_views[kind].in_inst : vpn_views[kind].in_proc;
	if (vsh_push(s, v, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The view cannot be entered.");
	return 0;
}

/* The enables a VPN instance's address family holds for the peers of the
 * process's `vpn-instance V` go with that section. */
static void drop_vpni_enables(vsh_session *s, cfg_entry *vpni)
{
	size_t vlen;
	const char *w = view_bgp_vpn_word(vpni, &vlen);
	cfg_entry *proc = cfg_parent(vpni);

	for (enum bgp_sect k = BGPS_VPN4; k <= BGPS_VPN6; k++) {
		cfg_entry *af = view_bgp_child(s, proc, k, w, vlen);
		if (af)
			view_bgp_af_drop_enables(s, af);
	}
}

static void drop_sect(vsh_session *s, cfg_entry *e)
{
	if (view_bgp_kind(e) == BGPS_VPNI)
		drop_vpni_enables(s, e);
	cfg_delete(s->db, e);
}

int view_bgp_h_undo_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	enum bgp_sect kind = vpn_kind(m);
	char q[VIEW_NAME_MAX];
	const char *name;

	if (vpn_names(m, q, sizeof q, &name, err, errlen) != 0)
		return -1;
	cfg_entry *e = view_bgp_child(s, view_line_sect(s), kind, q, strlen(q));
	if (!e)
		return view_fail(err, errlen,
				 kind == BGPS_VPNI ? "Error: The BGP-VPN instance %s does not exist."
				 : kind == BGPS_VPN4
					 ? "Error: The IPv4 address family of VPN instance %s is not "
					   "configured in BGP."
					 : "Error: The IPv6 address family of VPN instance %s is not "
					   "configured in BGP.",
				 name);
	drop_sect(s, e);
	return 0;
}

struct drop_walk {
	vsh_session *s;
	const char *qname;
	unsigned kinds;
};

static int drop_proc_visit(void *arg, cfg_entry *e)
{
	struct drop_walk *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	if (!starts(t, "bgp "))
		return 0;
	for (enum bgp_sect k = BGPS_VPNI; k <= BGPS_VPN6; k++) {
		if (!(w->kinds & (1u << k)))
			continue;
		cfg_entry *c = view_bgp_child(w->s, e, k, w->qname, strlen(w->qname));
		if (c)
			drop_sect(w->s, c);
	}
	return 0;
}

void view_bgp_drop_vpn(vsh_session *s, const char *qname, unsigned kinds)
{
	struct drop_walk w = { s, qname, kinds };
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_CANDIDATE, drop_proc_visit, &w);
}
