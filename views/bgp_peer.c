/* Peer groups and IPv6 peers of the BGP-VPN instance IPv6 address families:
 * group, peer ... as-number / group / connect-interface / ebgp-max-hop /
 * description, and their undo forms.
 *
 * Lines and their render order inside `ipv6-family vpn-instance V`:
 *   group G TYPE                   groups in creation order; the order key
 *   peer G as-number AS            of a group's lines is the creation number
 *   peer G description TEXT        of its `group` line, so each group line is
 *   peer G ebgp-max-hop N          directly followed by its own peer lines
 *   peer G connect-interface ...
 *   peer X as-number AS            then the IPv6 peers by address, each with
 *   peer X group G                 its lines in this order
 *   peer X ebgp-max-hop N
 *   peer X connect-interface ...
 * A group is always shown with its type: `group G` creates an internal
 * group and shows as `group G internal`.  IPv6 addresses are shown
 * compressed and in upper case, as the device does.
 *
 * Links: a member line `peer X group G` is owned by G's line (deleting the
 * group finds its members through them), and a connect-interface line is
 * owned by the interface it names (see ifref.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "ifref.h"
#include "interface.h"
#include "params.h"
#include "../shell/session.h"

enum { CLS_GROUP = 20, CLS_PEER = 30 };

/* The peer line attributes, in render order. */
enum { PA_GROUPLINE = 0, PA_AS, PA_MEMBER, PA_DESC, PA_HOP, PA_CI, PA_COUNT };

static const char *const attr_word[PA_COUNT] = {
	[PA_AS] = "as-number",
	[PA_MEMBER] = "group",
	[PA_DESC] = "description",
	[PA_HOP] = "ebgp-max-hop",
	[PA_CI] = "connect-interface",
};

const parser_param view_bgp_peer_params[] = {
	{ "group-name", &view_pt_group_name, view_dyn_groups },
	{ "ipv6-address", &pt_ipv6, NULL },
	{ "as-number", &pt_asn, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "ipv6-source-addr", &pt_ipv6, NULL },
	{ "ipv6-source-address", &pt_ipv6, NULL },
	{ "hop-count", &view_pt_hop_count, NULL },
	{ "description-text", &view_pt_peer_description, NULL },
	{ NULL, NULL, NULL },
};

/* A group or an IPv6 peer, as the lines name it. */
struct peer {
	bool group;
	char name[VIEW_NAME_MAX]; /* group: quoted when it holds blanks; peer: canonical IPv6 */
	char shown[VIEW_NAME_MAX]; /* for messages: the group name unquoted */
	struct in6_addr addr;
	cfg_entry *gline;         /* group: its `group` line, NULL when absent */
};

#define GROUP_PREFIX "group "

/* dst = a b c (NULL counts as ""), cut to fit cap; returns the full
 * length, as snprintf does.  A replay builds a few of these for each of
 * its lines: done with snprintf they took a quarter of its time. */
static size_t join3(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
	const char *part[3] = { a, b, c };
	size_t n = 0;
	for (int i = 0; i < 3; i++) {
		size_t l = part[i] ? strlen(part[i]) : 0;
		if (l && n < cap)
			memcpy(dst + n, part[i], n + l < cap ? l : cap - n);
		n += l;
	}
	if (cap)
		dst[n < cap ? n : cap - 1] = '\0';
	return n;
}

static cfg_entry *vpn6_sect(const vsh_session *s)
{
	return view_line_sect(s);
}

static cfg_entry *group_line(vsh_session *s, cfg_entry *vpn6, const char *qname)
{
	char id[VIEW_NAME_MAX + 8];
	size_t n = join3(id, sizeof id, GROUP_PREFIX, qname, NULL);
	return n < sizeof id ? view_line_get(s, vpn6, id, n) : NULL;
}

static bool group_is_external(const cfg_entry *gline)
{
	const char *t = view_line_text(gline);
	size_t n = t ? strlen(t) : 0;
	return n > 9 && strcmp(t + n - 9, " external") == 0;
}

static bool set_group(vsh_session *s, cfg_entry *vpn6, const char *name, struct peer *p)
{
	memset(p, 0, sizeof *p);
	p->group = true;
	if (view_param_quote(name, p->name, sizeof p->name) == 0)
		return false;
	join3(p->shown, sizeof p->shown, name, NULL, NULL);
	p->gline = group_line(s, vpn6, p->name);
	return true;
}

static void set_ipv6(const struct in6_addr *a, struct peer *p)
{
	memset(p, 0, sizeof *p);
	p->addr = *a;
	view_param_ipv6(a, p->name, sizeof p->name);
	join3(p->shown, sizeof p->shown, p->name, NULL, NULL);
}

/* The group named by a member line's value (quoted as in lines). */
static bool group_from_line(vsh_session *s, cfg_entry *vpn6, const char *qname, struct peer *p)
{
	memset(p, 0, sizeof *p);
	p->group = true;
	snprintf(p->name, sizeof p->name, "%s", qname);
	size_t n = strlen(qname);
	if (n >= 2 && qname[0] == '"')
		snprintf(p->shown, sizeof p->shown, "%.*s", (int)(n - 2), qname + 1);
	else
		snprintf(p->shown, sizeof p->shown, "%s", qname);
	p->gline = group_line(s, vpn6, qname);
	return p->gline != NULL;
}

/* The group or peer the command names.  Every command on a group needs
 * the group to exist. */
static int pick_peer(vsh_session *s, const parser_match *m, struct peer *p, char *err,
		     size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	const parser_value *a = parser_arg_get(m, "ipv6-address");

	if (a) {
		set_ipv6(&a->v6, p);
		return 0;
	}
	if (!g || !set_group(s, vpn6_sect(s), g->str, p))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (!p->gline)
		return view_fail(err, errlen, "Error: The peer group %s does not exist.", p->shown);
	return 0;
}

static size_t peer_id(const struct peer *p, int attr, char *buf, size_t len)
{
	size_t n = join3(buf, len, "peer ", p->name, " ");
	if (n >= len)
		return 0;
	n += join3(buf + n, len - n, attr_word[attr], NULL, NULL);
	return n < len ? n : 0;
}

static cfg_order peer_ord(const struct peer *p, int attr)
{
	cfg_order o;

	if (p->group) {
		o.cls = CLS_GROUP;
		o.key = cfg_seq(p->gline);
		o.sub = (uint32_t)attr;
		return o;
	}
	uint64_t hi = 0, lo = 0;
	for (int i = 0; i < 8; i++) {
		hi = hi << 8 | p->addr.s6_addr[i];
		lo = lo << 8 | p->addr.s6_addr[8 + i];
	}
	/* Addresses of one /64 that differ in their low 29 bits keep their
	 * numeric order; others are folded in. */
	uint32_t fold = (uint32_t)(lo ^ (lo >> 29) ^ (lo >> 58)) & 0x1fffffffu;
	o.cls = CLS_PEER;
	o.key = hi;
	o.sub = fold << 3 | (uint32_t)attr;
	return o;
}

static cfg_entry *peer_get(vsh_session *s, const struct peer *p, int attr)
{
	char id[VIEW_LINE_MAX];
	size_t n = peer_id(p, attr, id, sizeof id);
	return n ? view_line_get(s, vpn6_sect(s), id, n) : NULL;
}

static bool peer_del(vsh_session *s, const struct peer *p, int attr)
{
	char id[VIEW_LINE_MAX];
	size_t n = peer_id(p, attr, id, sizeof id);
	return n && view_line_del(s, vpn6_sect(s), id, n);
}

/* Set "peer NAME ATTR[ VALUE]" in vpn6. */
static int peer_set_in(vsh_session *s, cfg_entry *vpn6, const struct peer *p, int attr,
		       const char *value, cfg_entry **out, char *err, size_t errlen)
{
	char text[VIEW_LINE_MAX];
	size_t idlen = peer_id(p, attr, text, sizeof text);

	if (idlen == 0)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	if (value && *value &&
	    join3(text + idlen, sizeof text - idlen, " ", value, NULL) >= sizeof text - idlen)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	return view_line_set(s, vpn6, text, idlen, peer_ord(p, attr), 0, out, err, errlen);
}

static int peer_set(vsh_session *s, const struct peer *p, int attr, const char *value,
		    cfg_entry **out, char *err, size_t errlen)
{
	return peer_set_in(s, vpn6_sect(s), p, attr, value, out, err, errlen);
}

/* An IPv6 peer exists once it has an AS number or a group. */
static bool peer_exists(vsh_session *s, const struct peer *p)
{
	return peer_get(s, p, PA_AS) || peer_get(s, p, PA_MEMBER);
}

static void peer_delete_all(vsh_session *s, const struct peer *p)
{
	for (int a = PA_AS; a < PA_COUNT; a++)
		peer_del(s, p, a);
}

/* The value of a line after its identity ("peer X as-number 100" -> "100"). */
static const char *line_value(const cfg_entry *e)
{
	const char *t = view_line_text(e);
	size_t n = t ? cfg_idlen(e) : 0;
	return t ? (t[n] == ' ' ? t + n + 1 : t + n) : NULL;
}

static bool line_as(const cfg_entry *e, uint32_t *as)
{
	const char *v = line_value(e);
	return v && view_param_asn(v, strlen(v), as);
}

static bool local_as(vsh_session *s, uint32_t *as)
{
	return view_bgp_local_as(vpn6_sect(s), as);
}

/* An AS number against a group's type: an IBGP group takes the local AS
 * only, an EBGP group any other.  `who` names the peer joining the group,
 * or is NULL for the group's own AS number. */
static int check_type(vsh_session *s, const struct peer *grp, uint32_t as, const char *who,
		      char *err, size_t errlen)
{
	uint32_t las;
	bool ext = group_is_external(grp->gline);

	if (!local_as(s, &las) || (ext ? as != las : as == las))
		return 0;
	if (!who)
		return view_fail(err, errlen,
				 ext ? "Error: Peer group %s is an EBGP group; its AS number cannot be "
				       "the local AS number %u."
				     : "Error: Peer group %s is an IBGP group; its AS number must be "
				       "the local AS number %u.",
				 grp->shown, las);
	return view_fail(err, errlen,
			 ext ? "Error: Peer %s cannot be in EBGP peer group %s: its AS number is the "
			       "local AS number %u."
			     : "Error: Peer %s cannot be in IBGP peer group %s: its AS number is not "
			       "the local AS number %u.",
			 who, grp->shown, las);
}

/* ---- group ----------------------------------------------------------- */

int view_bgp_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	bool ext = parser_kw(m, "external"), in = parser_kw(m, "internal");
	unsigned char buf[sizeof(struct in6_addr)];
	cfg_entry *vpn6 = vpn6_sect(s);
	struct peer p;
	char text[VIEW_NAME_MAX + 24];

	if (!g || !set_group(s, vpn6, g->str, &p))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (inet_pton(AF_INET6, g->str, buf) == 1 || inet_pton(AF_INET, g->str, buf) == 1)
		return view_fail(err, errlen, "Error: An IP address cannot be used as a peer group "
					      "name.");
	if (p.gline) {
		if ((ext || in) && group_is_external(p.gline) != ext)
			return view_fail(err, errlen,
					 "Error: Peer group %s already exists as an %s group; its "
					 "type cannot be changed.", p.shown,
					 group_is_external(p.gline) ? "EBGP" : "IBGP");
		return 0;
	}
	size_t idn = join3(text, sizeof text, GROUP_PREFIX, p.name, NULL);
	join3(text + idn, sizeof text - idn, " ", ext ? "external" : "internal", NULL);
	return view_line_created(s, vpn6, text, (size_t)idn, CLS_GROUP, PA_GROUPLINE, 0, NULL, err,
				errlen);
}

/* What a group's owned lines turn out to be when it is deleted. */
struct members {
	const char *suffix; /* " group NAME" */
	size_t slen;
	struct peer *v;     /* members to delete */
	size_t n, cap;
	char **stale;       /* member lines of other groups now (texts) */
	size_t nstale, capstale;
	bool oom;
};

static bool grow(void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? 2 * *cap : 8;
	void *nv = realloc(*v, ncap * elem);
	if (!nv)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

static int members_visit(void *arg, cfg_entry *e)
{
	struct members *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);
	struct in6_addr a;
	char as[INET6_ADDRSTRLEN];
	size_t n = t ? strlen(t) : 0;

	if (!t || strncmp(t, "peer ", 5) != 0)
		return 0;
	size_t alen = strcspn(t + 5, " ");
	if (alen >= sizeof as)
		return 0;
	memcpy(as, t + 5, alen);
	as[alen] = '\0';
	if (inet_pton(AF_INET6, as, &a) != 1)
		return 0;
	if (n == 5 + alen + w->slen && strcmp(t + 5 + alen, w->suffix) == 0) {
		if (!grow((void **)&w->v, &w->cap, w->n, sizeof *w->v)) {
			w->oom = true;
			return 1;
		}
		set_ipv6(&a, &w->v[w->n++]);
	} else {
		char *copy = strdup(t);
		if (!copy || !grow((void **)&w->stale, &w->capstale, w->nstale, sizeof *w->stale)) {
			free(copy);
			w->oom = true;
			return 1;
		}
		w->stale[w->nstale++] = copy;
	}
	return 0;
}

int view_bgp_undo_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;
	char suffix[VIEW_NAME_MAX + 8];
	cfg_entry *vpn6 = vpn6_sect(s);
	int rc = 0;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	snprintf(suffix, sizeof suffix, " group %s", p.name);
	struct members w = { suffix, strlen(suffix), NULL, 0, 0, NULL, 0, 0, false };
	cfg_foreach_owned(s->db, p.gline, CFG_CANDIDATE, members_visit, &w);
	if (w.oom)
		rc = view_fail(err, errlen, "Error: Out of memory.");
	if (rc == 0) {
		for (int a = PA_AS; a < PA_COUNT; a++)
			peer_del(s, &p, a);
		cfg_delete(s->db, p.gline); /* and the member lines */
		for (size_t i = 0; i < w.n; i++)
			peer_delete_all(s, &w.v[i]);
		/* Member lines that name another group by now went too: restore. */
		for (size_t i = 0; i < w.nstale; i++)
			if (rc == 0 && view_bgp_peer_restore(s, vpn6, w.stale[i], err, errlen) != 0)
				rc = -1;
	}
	for (size_t i = 0; i < w.nstale; i++)
		free(w.stale[i]);
	free(w.stale);
	free(w.v);
	return rc;
}

/* ---- peer ... as-number ---------------------------------------------- */

static int check_peer_addr(const struct in6_addr *a, const char *what, char *err, size_t errlen)
{
	if (IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_MULTICAST(a) || IN6_IS_ADDR_LOOPBACK(a))
		return view_fail(err, errlen, "Error: The %s is invalid.", what);
	return 0;
}

int view_bgp_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	if (p.group) {
		if (check_type(s, &p, (uint32_t)as->u, NULL, err, errlen) != 0)
			return -1;
	} else {
		struct peer grp;
		if (check_peer_addr(&p.addr, "peer address", err, errlen) != 0)
			return -1;
		const char *g = line_value(peer_get(s, &p, PA_MEMBER));
		if (g && group_from_line(s, vpn6_sect(s), g, &grp) &&
		    check_type(s, &grp, (uint32_t)as->u, p.shown, err, errlen) != 0)
			return -1;
	}
	return peer_set(s, &p, PA_AS, as->canon, NULL, err, errlen);
}

/* Members of group p that have no AS number of their own. */
struct asless {
	vsh_session *s;
	const char *suffix;
	size_t slen;
	const char *found;
};

static int asless_visit(void *arg, cfg_entry *e)
{
	struct asless *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);
	size_t n = t ? strlen(t) : 0;
	char id[VIEW_LINE_MAX];

	if (!t || n < w->slen || strcmp(t + n - w->slen, w->suffix) != 0)
		return 0;
	int k = snprintf(id, sizeof id, "%.*s as-number", (int)(n - w->slen), t);
	if (k > 0 && (size_t)k < sizeof id && !view_line_get(w->s, cfg_parent(e), id, (size_t)k)) {
		w->found = t;
		return 1;
	}
	return 0;
}

int view_bgp_undo_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;
	char suffix[VIEW_NAME_MAX + 8];

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	if (group_is_external(p.gline)) {
		snprintf(suffix, sizeof suffix, " group %s", p.name);
		struct asless w = { s, suffix, strlen(suffix), NULL };
		cfg_foreach_owned(s->db, p.gline, CFG_CANDIDATE, asless_visit, &w);
		if (w.found)
			return view_fail(err, errlen,
					 "Error: Peer group %s has members without an AS number of "
					 "their own. Configure their AS numbers or delete them first.",
					 p.shown);
	}
	peer_del(s, &p, PA_AS);
	return 0;
}

int view_bgp_undo_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	if (!peer_exists(s, &p))
		return view_fail(err, errlen, "Error: The peer %s does not exist.", p.shown);
	peer_delete_all(s, &p);
	return 0;
}

/* ---- peer X group G --------------------------------------------------- */

int view_bgp_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	cfg_entry *vpn6 = vpn6_sect(s);
	struct peer p, grp;
	cfg_entry *line;
	uint32_t as;

	if (pick_peer(s, m, &p, err, errlen) != 0 ||
	    check_peer_addr(&p.addr, "peer address", err, errlen) != 0)
		return -1;
	if (!set_group(s, vpn6, g->str, &grp))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (!grp.gline)
		return view_fail(err, errlen, "Error: The peer group %s does not exist.", grp.shown);
	const char *cur = line_value(peer_get(s, &p, PA_MEMBER));
	if (cur && strcmp(cur, grp.name) == 0)
		return 0;
	if (cur)
		return view_fail(err, errlen,
				 "Error: Peer %s is already a member of peer group %s. Remove it "
				 "from that group first.", p.shown, cur);
	cfg_entry *own_as = peer_get(s, &p, PA_AS);
	if (own_as) {
		if (line_as(own_as, &as) && check_type(s, &grp, as, p.shown, err, errlen) != 0)
			return -1;
	} else if (group_is_external(grp.gline) && !peer_get(s, &grp, PA_AS)) {
		return view_fail(err, errlen,
				 "Error: Configure an AS number for peer %s or for peer group %s "
				 "first.", p.shown, grp.shown);
	}
	if (peer_set(s, &p, PA_MEMBER, grp.name, &line, err, errlen) != 0)
		return -1;
	if (cfg_own(grp.gline, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

int view_bgp_undo_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	struct peer p, grp;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	if (!set_group(s, vpn6_sect(s), g->str, &grp))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (!grp.gline)
		return view_fail(err, errlen, "Error: The peer group %s does not exist.", grp.shown);
	const char *cur = line_value(peer_get(s, &p, PA_MEMBER));
	if (!cur || strcmp(cur, grp.name) != 0)
		return view_fail(err, errlen, "Error: Peer %s is not a member of peer group %s.",
				 p.shown, grp.shown);
	/* A peer that had only the group's AS number goes with its membership. */
	if (peer_get(s, &p, PA_AS))
		peer_del(s, &p, PA_MEMBER);
	else
		peer_delete_all(s, &p);
	return 0;
}

/* ---- connect-interface ------------------------------------------------ */

static int need_peer(vsh_session *s, const struct peer *p, char *err, size_t errlen)
{
	if (!p->group && !peer_exists(s, p))
		return view_fail(err, errlen, "Error: The peer %s does not exist.", p->shown);
	return 0;
}

int view_bgp_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *ifn = parser_arg_get(m, "interface-name");
	const parser_value *ift = parser_arg_get(m, "interface-type");
	const parser_value *ifnum = parser_arg_get(m, "interface-number");
	const parser_value *src = parser_arg_get(m, "ipv6-source-addr");
	const struct if_type *t = NULL;
	uint32_t n[IF_NUM_MAX] = { 0 };
	char ifname[48] = "";
	char value[96];
	char srcs[INET6_ADDRSTRLEN] = "";
	struct peer p;
	cfg_entry *line;

	if (!src)
		src = parser_arg_get(m, "ipv6-source-address");
	if (pick_peer(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	if (ifn) {
		t = ifn->ifn.ift;
		memcpy(n, ifn->ifn.n, sizeof n);
	} else if (ift && ifnum) {
		t = ift->ift;
		memcpy(n, ifnum->ifn.n, sizeof n);
	}
	cfg_entry *ifs = NULL;
	if (t) {
		iftype_format(t, n, ifname, sizeof ifname);
		if (!(ifs = view_if_section(s, t, n, err, errlen)))
			return -1;
	}
	if (src) {
		if (IN6_IS_ADDR_UNSPECIFIED(&src->v6) || IN6_IS_ADDR_MULTICAST(&src->v6))
			return view_fail(err, errlen, "Error: The source IPv6 address is invalid.");
		view_param_ipv6(&src->v6, srcs, sizeof srcs);
	}
	join3(value, sizeof value, ifname, ifname[0] && srcs[0] ? " " : "", srcs);
	if (peer_set(s, &p, PA_CI, value, &line, err, errlen) != 0)
		return -1;
	if (ifs && cfg_own(ifs, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

int view_bgp_undo_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	peer_del(s, &p, PA_CI);
	return 0;
}

/* ---- ebgp-max-hop, description --------------------------------------- */

int view_bgp_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *h = parser_arg_get(m, "hop-count");
	char value[8];
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	snprintf(value, sizeof value, "%u", h ? (unsigned)h->u : 255u);
	return peer_set(s, &p, PA_HOP, value, NULL, err, errlen);
}

int view_bgp_undo_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	peer_del(s, &p, PA_HOP);
	return 0;
}

int view_bgp_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *d = parser_arg_get(m, "description-text");
	const char *start;
	char value[260];
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	size_t n = view_param_trim(d ? d->str : "", &start);
	if (n == 0 || n > 255)
		return view_fail(err, errlen, "Error: The description must be 1 to 255 characters "
					      "long.");
	snprintf(value, sizeof value, "%.*s", (int)n, start);
	return peer_set(s, &p, PA_DESC, value, NULL, err, errlen);
}

int view_bgp_undo_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct peer p;

	if (pick_peer(s, m, &p, err, errlen) != 0)
		return -1;
	peer_del(s, &p, PA_DESC);
	return 0;
}

/* ---- restoring a line ------------------------------------------------- */

int view_bgp_peer_restore(vsh_session *s, cfg_entry *vpn6, const char *text, char *err,
			  size_t errlen)
{
	char name[VIEW_NAME_MAX];
	struct in6_addr a;
	struct peer p;
	const char *q;

	if (strncmp(text, "peer ", 5) != 0)
		return 0;
	q = text + 5;
	const char *end = *q == '"' ? strchr(q + 1, '"') : q + strcspn(q, " ");
	if (!end)
		return 0;
	size_t nlen = (size_t)(end - q) + (*q == '"');
	if (nlen == 0 || nlen >= sizeof name || q[nlen] != ' ')
		return 0;
	memcpy(name, q, nlen);
	name[nlen] = '\0';
	const char *rest = q + nlen + 1;
	int attr = PA_COUNT;
	for (int i = PA_AS; i < PA_COUNT; i++) {
		size_t w = strlen(attr_word[i]);
		if (strncmp(rest, attr_word[i], w) == 0 && (rest[w] == ' ' || rest[w] == '\0')) {
			attr = i;
			break;
		}
	}
	if (attr == PA_COUNT)
		return 0;
	const char *value = rest + strlen(attr_word[attr]);
	value += *value == ' ';

	if (inet_pton(AF_INET6, name, &a) == 1) {
		set_ipv6(&a, &p);
	} else if (!group_from_line(s, vpn6, name, &p)) {
		return 0;
	}
	cfg_entry *line;
	if (peer_set_in(s, vpn6, &p, attr, value, &line, err, errlen) != 0)
		return -1;
	if (attr == PA_MEMBER) {
		cfg_entry *g = group_line(s, vpn6, value);
		if (g && cfg_own(g, line) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
	} else if (attr == PA_CI) {
		const struct if_type *t;
		uint32_t n[IF_NUM_MAX];
		char ifname[64];
		size_t k = strcspn(value, " ");
		if (k < sizeof ifname) {
			memcpy(ifname, value, k);
			ifname[k] = '\0';
			if (iftype_parse_name(ifname, &t, n))
				return view_ifref_add(s, t, n, line, err, errlen);
		}
	}
	return 0;
}
