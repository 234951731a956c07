/* `peer ... enable` and the lines an address family keeps about the peers
 * and groups of its process: `peer X enable`, and `peer X group G` for an
 * enabled member, as the device shows them.
 *
 * Which family enables which peers:
 *   ipv4-family unicast, ipv6-family unicast   the BGP view's (bgp AS)
 *   ipv4-family vpn-instance V,                 `vpn-instance V`'s, in the
 *   ipv6-family vpn-instance V                  same process (their own
 *                                               peers need no enable)
 * `peer X enable` typed in the BGP view is the IPv4 unicast family's.
 * The device enables a new IPv4 peer or group of the BGP view in IPv4
 * unicast by itself (the peer enable page), shows `undo peer X enable`
 * there for one taken out of it, and shows `ipv4-family unicast` once
 * the BGP view has peers of either family.  The families of
 * the BGP view also show an enabled member's group. */
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "params.h"

size_t view_bgp_af_sections(vsh_session *s, cfg_entry *home, cfg_entry *out[2])
{
	size_t n = 0, vlen;
	const char *w;

	switch (view_bgp_kind(home)) {
	case BGPS_PROC:
		for (enum bgp_sect k = BGPS_AF4; k <= BGPS_AF6; k++)
			if ((out[n] = view_bgp_child(s, home, k, NULL, 0)) != NULL)
				n++;
		break;
	case BGPS_VPNI:
		w = view_bgp_vpn_word(home, &vlen);
		for (enum bgp_sect k = BGPS_VPN4; k <= BGPS_VPN6; k++)
			if ((out[n] = view_bgp_child(s, cfg_parent(home), k, w, vlen)) != NULL)
				n++;
		break;
	default:
		break;
	}
	return n;
}

void view_bgp_enables_drop(vsh_session *s, const bgp_peer *p)
{
	cfg_entry *afs[2];
	size_t n = view_bgp_af_sections(s, p->sect, afs);

	for (size_t i = 0; i < n; i++) {
		view_bgp_attr_del(s, afs[i], p, BGPA_ENABLE);
		view_bgp_attr_del(s, afs[i], p, BGPA_MEMBER);
		view_bgp_attr_del(s, afs[i], p, BGPA_DISABLE);
	}
}

/* The families of the BGP view repeat a member's group (the device's
 * `peer X group G` under `ipv4-family unicast`); a VPN instance's
 * families do not. */
static bool mirrors(const bgp_peer *p)
{
	return view_bgp_kind(p->sect) == BGPS_PROC;
}

int view_bgp_enables_join(vsh_session *s, const bgp_peer *p, const bgp_peer *g, char *err,
			  size_t errlen)
{
	cfg_entry *afs[2];
	size_t n = mirrors(p) ? view_bgp_af_sections(s, p->sect, afs) : 0;

	for (size_t i = 0; i < n; i++)
		if (view_bgp_attr_get(s, afs[i], p, BGPA_ENABLE) &&
		    view_bgp_attr_set(s, afs[i], p, BGPA_MEMBER, g->name, NULL, err, errlen) != 0)
			return -1;
	return 0;
}

/* Does family af enable p by itself (the BGP view's IPv4 peers and groups
 * in IPv4 unicast, the peer enable page)?  There, disabling p is a line. */
static bool enabled_by_default(const cfg_entry *af, const bgp_peer *p)
{
	return view_bgp_kind(af) == BGPS_AF4 && view_bgp_kind(p->sect) == BGPS_PROC &&
	       p->kind != BGPP_V6;
}

/* Enable p in family af, with its membership line when it is a member. */
static int enable_in(vsh_session *s, cfg_entry *af, const bgp_peer *p, char *err, size_t errlen)
{
	bgp_peer g;

	view_bgp_attr_del(s, af, p, BGPA_DISABLE);
	if (view_bgp_attr_set(s, af, p, BGPA_ENABLE, NULL, NULL, err, errlen) != 0)
		return -1;
	if (mirrors(p) && view_bgp_member_of(s, p, &g) &&
	    view_bgp_attr_set(s, af, p, BGPA_MEMBER, g.name, NULL, err, errlen) != 0)
		return -1;
	return 0;
}

int view_bgp_enables_auto(vsh_session *s, const bgp_peer *p, char *err, size_t errlen)
{
	cfg_entry *af;

	if (view_bgp_kind(p->sect) != BGPS_PROC)
		return 0;
	if (view_bgp_af_get(s, p->sect, BGPS_AF4, &af, err, errlen) != 0)
		return -1;
	return p->kind == BGPP_V6 ? 0 : enable_in(s, af, p, err, errlen);
}

/* ---- peer ... enable ----------------------------------------------------- */

/* The family a `peer ... enable` typed here changes, and the section whose
 * peers it may name (NULL when there is none yet). */
static int enable_target(vsh_session *s, bool create, cfg_entry **af, cfg_entry **home,
			 char *err, size_t errlen)
{
	cfg_entry *sect = view_line_sect(s);
	size_t vlen;
	const char *w;

	*af = *home = NULL;
	switch (view_bgp_kind(sect)) {
	case BGPS_PROC:
		*home = sect;
		if (create)
			return view_bgp_af_get(s, sect, BGPS_AF4, af, err, errlen);
		*af = view_bgp_child(s, sect, BGPS_AF4, NULL, 0);
		return 0;
	case BGPS_AF4:
	case BGPS_AF6:
		*af = sect;
		*home = cfg_parent(sect);
		return 0;
	case BGPS_VPN4:
	case BGPS_VPN6:
		*af = sect;
		w = view_bgp_vpn_word(sect, &vlen);
		*home = view_bgp_child(s, cfg_parent(sect), BGPS_VPNI, w, vlen);
		return 0;
	default:
		return view_fail(err, errlen, "Error: This operation is not supported.");
	}
}

/* The peer or group the command names, in section sect. */
static bool named(vsh_session *s, const parser_match *m, cfg_entry *sect, bgp_peer *p)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	const parser_value *a4 = parser_arg_get(m, "ipv4-address");
	const parser_value *a6 = parser_arg_get(m, "ipv6-address");

	if (!a6)
		a6 = parser_arg_get(m, "peerIpv6Addr");
	if (g)
		return view_bgp_set_group(s, sect, g->str, p);
	if (a4)
		return view_bgp_peer_from_word(s, sect, a4->canon, strlen(a4->canon), p);
	if (!a6)
		return false;
	view_bgp_set_addr(&a6->v6, false, sect, p);
	return true;
}

static bool defined_in(vsh_session *s, const bgp_peer *p)
{
	if (!p->sect)
		return false;
	if (p->kind == BGPP_GROUP)
		return p->gline != NULL;
	return view_bgp_attr_get(s, p->sect, p, BGPA_AS) ||
	       view_bgp_attr_get(s, p->sect, p, BGPA_MEMBER);
}

/* Resolve the command's peer: defined in the family itself (a VPN
 * instance family's own peer: nothing to enable, *own set) or in home. */
static int resolve(vsh_session *s, const parser_match *m, cfg_entry *af, cfg_entry *home,
		   bgp_peer *p, bool *own, char *err, size_t errlen)
{
	*own = false;
	if (af && (view_bgp_kind(af) == BGPS_VPN4 || view_bgp_kind(af) == BGPS_VPN6) &&
	    named(s, m, af, p) && defined_in(s, p)) {
		*own = true;
		return 0;
	}
	if (!named(s, m, home, p))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (!defined_in(s, p))
		return view_fail(err, errlen,
				 p->kind == BGPP_GROUP ? "Error: The peer group %s does not exist."
						       : "Error: The peer %s does not exist.",
				 p->shown);
	return 0;
}

int view_bgp_peer_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *af, *home;
	bgp_peer p;
	bool own;

	if (enable_target(s, false, &af, &home, err, errlen) != 0 ||
	    resolve(s, m, af, home, &p, &own, err, errlen) != 0)
		return -1;
	if (own)
		return 0;
	if (!af && enable_target(s, true, &af, &home, err, errlen) != 0)
		return -1;
	return enable_in(s, af, &p, err, errlen);
}

/* Take p out of family af (of process or view home); where it is on by
 * default, that is the line `undo peer X enable`. */
static int disable_in(vsh_session *s, cfg_entry *af, cfg_entry *home, const bgp_peer *p,
		      char *err, size_t errlen)
{
	if (!af) {
		if (view_bgp_kind(home) != BGPS_PROC || p->kind == BGPP_V6)
			return 0;
		if (view_bgp_af_get(s, home, BGPS_AF4, &af, err, errlen) != 0)
			return -1;
	}
	view_bgp_attr_del(s, af, p, BGPA_ENABLE);
	view_bgp_attr_del(s, af, p, BGPA_MEMBER);
	if (!enabled_by_default(af, p))
		return 0;
	return view_bgp_attr_set(s, af, p, BGPA_DISABLE, NULL, NULL, err, errlen);
}

int view_bgp_undo_peer_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *af, *home;
	bgp_peer p;
	bool own;

	if (enable_target(s, false, &af, &home, err, errlen) != 0 ||
	    resolve(s, m, af, home, &p, &own, err, errlen) != 0)
		return -1;
	if (own)
		return 0;
	return disable_in(s, af, home, &p, err, errlen);
}

/* `peer X group G` in a unicast family of the BGP view: the peer joins
 * the group (in the BGP view) and is enabled here.  Its undo does what
 * `undo peer X enable` does (the pages' Precautions). */
int view_bgp_af_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *af, *home;
	bgp_peer p;

	if (enable_target(s, false, &af, &home, err, errlen) != 0)
		return -1;
	if (!af || !home)
		return view_fail(err, errlen, "Error: This operation is not supported.");
	if (view_bgp_join(s, m, home, &p, err, errlen) != 0)
		return -1;
	return enable_in(s, af, &p, err, errlen);
}

int view_bgp_af_undo_peer_group(vsh_session *s, const parser_match *m, char *err,
				size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	const parser_value *a4 = parser_arg_get(m, "ipv4-address");
	const parser_value *a6 = parser_arg_get(m, "ipv6-address");
	cfg_entry *af, *home;
	bgp_peer p, cur;

	if (!g)
		g = parser_arg_get(m, "peerGroupName");
	if (!a6)
		a6 = parser_arg_get(m, "peerIpv6Addr");
	if (enable_target(s, false, &af, &home, err, errlen) != 0)
		return -1;
	if (!af || !home || !g || (!a4 && !a6))
		return view_fail(err, errlen, "Error: This operation is not supported.");
	if (a4)
		view_bgp_peer_from_word(s, home, a4->canon, strlen(a4->canon), &p);
	else
		view_bgp_set_addr(&a6->v6, false, home, &p);
	if (!defined_in(s, &p))
		return view_fail(err, errlen, "Error: The peer %s does not exist.", p.shown);
	if (!view_bgp_member_of(s, &p, &cur) || strcmp(cur.name, g->str) != 0)
		return view_fail(err, errlen, "Error: Peer %s is not a member of peer group %s.",
				 p.shown, g ? g->str : "");
	return disable_in(s, af, home, &p, err, errlen);
}

/* ---- dropping a VPN instance view's enables ------------------------------- */

struct enabled {
	vsh_session *s;
	char **v;
	size_t n, cap;
};

static int enabled_visit(void *arg, cfg_entry *e)
{
	struct enabled *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);
	size_t n = t ? strlen(t) : 0;

	if (n < 12 || strncmp(t, "peer ", 5) != 0 || strcmp(t + n - 7, " enable") != 0)
		return 0;
	if (w->n == w->cap) {
		size_t nc = w->cap ? 2 * w->cap : 16;
		char **nv = realloc(w->v, nc * sizeof *nv);
		if (!nv)
			return 1;
		w->v = nv;
		w->cap = nc;
	}
	if ((w->v[w->n] = strndup(t + 5, n - 12)) != NULL)
		w->n++;
	return 0;
}

void view_bgp_af_drop_enables(vsh_session *s, cfg_entry *af)
{
	struct enabled w = { s, NULL, 0, 0 };
	bgp_peer p;

	cfg_foreach_child(s->db, af, CFG_CANDIDATE, enabled_visit, &w);
	for (size_t i = 0; i < w.n; i++) {
		if (view_bgp_peer_from_word(s, af, w.v[i], strlen(w.v[i]), &p)) {
			view_bgp_attr_del(s, af, &p, BGPA_ENABLE);
			view_bgp_attr_del(s, af, &p, BGPA_MEMBER);
		}
		free(w.v[i]);
	}
	free(w.v);
}
