/* Peer groups and peers of the views that define them (the BGP view, the
 * BGP multi-instance view, the BGP-VPN instance views and the BGP-VPN
 * instance IPv4 and IPv6 address families): group, peer ... as-number /
 * group / connect-interface / ebgp-max-hop / description, undo peer, and
 * their undo forms.
 *
 * Lines: `group G TYPE` (a group is always shown with its type: `group G`
 * makes an internal group), and `peer NAME ATTR[ VALUE]` for the
 * attributes of enum bgp_attr, in the places of bgp_order.c.  Addresses
 * are shown canonical (IPv6 compressed, upper case).  A peer exists once it
 * has an AS number or a group.
 *
 * Rules from the pages:
 *   - a group must exist before `peer GROUP ...`, a peer before its
 *     connect-interface, ebgp-max-hop and description;
 *   - an IBGP group takes the local AS only, an EBGP group any other;
 *   - `undo peer X group G` does what `undo peer X` does (the page's
 *     Precautions);
 *   - a peer inherits its group's settings: the same connect-interface
 *     or ebgp-max-hop set on a member is shown on the group only (the
 *     member's line is dropped), and setting one on a group drops its
 *     members' own (the latest configuration takes effect);
 *   - a connect-interface without a source address may not name an
 *     interface with several addresses of the peer's family;
 *   - a peer or group of `vpn-instance V` cannot also be defined in an
 *     address family of V, nor the other way round.
 *
 * Links: a member line `peer X group G` is owned by G's line (deleting the
 * group finds its members through them), and a connect-interface line by
 * the interface it names (ifref.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bgp.h"
#include "edit.h"
#include "ifref.h"
#include "interface.h"
#include "params.h"
#include "strjoin.h"
#include "../parser/decimal.h"
#include "../shell/session.h"

const char *const view_bgp_attr_word[BGPA_COUNT] = {
	[BGPA_AS] = "as-number",
	[BGPA_ENABLE] = "enable",
	[BGPA_MEMBER] = "group",
	[BGPA_DESC] = "description",
	[BGPA_HOP] = "ebgp-max-hop",
	[BGPA_CI] = "connect-interface",
	[BGPA_DISABLE] = "enable",
};

const parser_param view_bgp_peer_params[] = {
	{ "group-name", &view_pt_group_name, view_dyn_groups },
	{ "peerGroupName", &view_pt_group_name, view_dyn_groups },
	{ "ipv4-address", &pt_ipv4, NULL },
	{ "ipv6-address", &pt_ipv6, NULL },
	{ "peerIpv6Addr", &pt_ipv6, NULL },
	{ "as-number", &pt_asn, NULL },
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ "ipv4-source-addr", &pt_ipv4, NULL },
	{ "ipv4-source-address", &pt_ipv4, NULL },
	{ "ipv6-source-addr", &pt_ipv6, NULL },
	{ "ipv6-source-address", &pt_ipv6, NULL },
	{ "hop-count", &view_pt_hop_count, NULL },
	{ "description-text", &view_pt_peer_description, NULL },
	{ NULL, NULL, NULL },
};

#define GROUP_PREFIX "group "

/* ---- naming ------------------------------------------------------------ */

/* A group's line is keyed "group NAME"; a dynamic group's line stored by
 * an earlier version (a generated row then) is keyed "group NAME listen".
 * When the group is likely new (`fresh`), both keys are missing: the
 * second lookup is started with the first, not after it. */
static cfg_entry *group_line_of(vsh_session *s, cfg_entry *sect, const char *qname, bool fresh)
{
	char id[VIEW_NAME_MAX + 16];
	size_t n = VIEW_STRPUT_LIT(id, sizeof id, 0, GROUP_PREFIX);
	n = view_strput(id, sizeof id, n, qname, strlen(qname));
	if (!n)
		return NULL;
	size_t ln = fresh ? VIEW_STRPUT_LIT(id, sizeof id, n, " listen") : 0;
	if (ln)
		view_line_prefetch(s, sect, id, ln);
	cfg_entry *e = view_line_get(s, sect, id, n);

	if (!e && (ln || (ln = VIEW_STRPUT_LIT(id, sizeof id, n, " listen")) != 0))
		e = view_line_get(s, sect, id, ln);
	return e;
}

static cfg_entry *group_line(vsh_session *s, cfg_entry *sect, const char *qname)
{
	return group_line_of(s, sect, qname, false);
}

static bool ends_with(const cfg_entry *line, const char *tail)
{
	const char *t = view_line_text(line);
	size_t n = t ? strlen(t) : 0, k = strlen(tail);
	return n > k && strcmp(t + n - k, tail) == 0;
}

/* EBGP groups, dynamic ones of confederation EBGP peers too. */
static bool group_is_external(const cfg_entry *gline)
{
	return ends_with(gline, " external") || ends_with(gline, " confederation-external");
}

/* A dynamic group ("group NAME listen TYPE") takes its peers from its
 * listen ranges; it is a group like any other for the commands that name
 * it. */
static bool group_is_dynamic(const cfg_entry *gline)
{
	return ends_with(gline, " listen internal") || ends_with(gline, " listen external") ||
	       ends_with(gline, " listen confederation-external");
}

/* The type word a group line ends with. */
static const char *group_type(const cfg_entry *gline)
{
	return ends_with(gline, " confederation-external") ? "confederation-external"
	       : group_is_external(gline)                  ? "external"
							   : "internal";
}

static bool set_group(vsh_session *s, cfg_entry *sect, const char *name, bgp_peer *p, bool fresh)
{
	memset(p, 0, sizeof *p);
	p->kind = BGPP_GROUP;
	p->sect = sect;
	if (view_param_quote(name, p->name, sizeof p->name) == 0)
		return false;
	view_strput(p->shown, sizeof p->shown, 0, name, strlen(name));
	p->gline = group_line_of(s, sect, p->name, fresh);
	return true;
}

bool view_bgp_set_group(vsh_session *s, cfg_entry *sect, const char *name, bgp_peer *p)
{
	return set_group(s, sect, name, p, false);
}

void view_bgp_set_addr(const struct in6_addr *a, bool v4, cfg_entry *sect, bgp_peer *p)
{
	memset(p, 0, sizeof *p);
	p->kind = v4 ? BGPP_V4 : BGPP_V6;
	p->addr = *a;
	p->sect = sect;
	if (v4)
		inet_ntop(AF_INET, a->s6_addr + 12, p->name, sizeof p->name);
	else
		view_param_ipv6(a, p->name, sizeof p->name);
	_Static_assert(sizeof p->shown == sizeof p->name, "shown holds a name");
	memcpy(p->shown, p->name, sizeof p->shown);
}

static void set_v4(struct in_addr a, cfg_entry *sect, bgp_peer *p)
{
	struct in6_addr m = { { { 0 } } };
	m.s6_addr[10] = m.s6_addr[11] = 0xff;
	memcpy(m.s6_addr + 12, &a, 4);
	view_bgp_set_addr(&m, true, sect, p);
}

bool view_bgp_peer_from_word(vsh_session *s, cfg_entry *sect, const char *word, size_t len,
			     bgp_peer *p)
{
	char w[VIEW_NAME_MAX];
	struct in_addr a4;
	struct in6_addr a6;

	if (len == 0 || len >= sizeof w)
		return false;
	memcpy(w, word, len);
	w[len] = '\0';
	if (inet_pton(AF_INET, w, &a4) == 1) {
		set_v4(a4, sect, p);
		return true;
	}
	if (inet_pton(AF_INET6, w, &a6) == 1) {
		view_bgp_set_addr(&a6, false, sect, p);
		return true;
	}
	memset(p, 0, sizeof *p);
	p->kind = BGPP_GROUP;
	p->sect = sect;
	memcpy(p->name, w, len + 1);
	if (len >= 2 && w[0] == '"')
		snprintf(p->shown, sizeof p->shown, "%.*s", (int)(len - 2), w + 1);
	else
		memcpy(p->shown, w, len + 1);
	p->gline = group_line(s, sect, p->name);
	return true;
}

/* ---- attribute lines ----------------------------------------------------- */

static size_t attr_id(const bgp_peer *p, int attr, char *buf, size_t len)
{
	const char *w = view_bgp_attr_word[attr];
	size_t n = attr == BGPA_DISABLE ? VIEW_STRPUT_LIT(buf, len, 0, "undo peer ")
					: VIEW_STRPUT_LIT(buf, len, 0, "peer ");
	n = n ? view_strput(buf, len, n, p->name, strlen(p->name)) : 0;
	n = n ? VIEW_STRPUT_LIT(buf, len, n, " ") : 0;
	return n ? view_strput(buf, len, n, w, strlen(w)) : 0;
}

/* The attribute line of p is looked up or set shortly. */
static void attr_prefetch(vsh_session *s, const bgp_peer *p, int attr)
{
	char id[VIEW_LINE_MAX];
	size_t n = p->sect ? attr_id(p, attr, id, sizeof id) : 0;
	if (n)
		view_line_prefetch(s, p->sect, id, n);
}

cfg_entry *view_bgp_attr_get(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr)
{
	char id[VIEW_LINE_MAX];
	size_t n = sect ? attr_id(p, attr, id, sizeof id) : 0;
	return n ? view_line_get(s, sect, id, n) : NULL;
}

bool view_bgp_attr_del(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr)
{
	char id[VIEW_LINE_MAX];
	size_t n = sect ? attr_id(p, attr, id, sizeof id) : 0;
	return n && view_line_del(s, sect, id, n);
}

const char *view_bgp_line_value(const cfg_entry *e)
{
	const char *t = view_line_text(e);
	size_t n = t ? cfg_idlen(e) : 0;
	return t ? (t[n] == ' ' ? t + n + 1 : t + n) : NULL;
}

/* The group named by a member line's value (quoted as lines write it). */
static bool group_from_word(vsh_session *s, cfg_entry *sect, const char *qname, bgp_peer *g)
{
	return view_bgp_peer_from_word(s, sect, qname, strlen(qname), g) &&
	       g->kind == BGPP_GROUP && g->gline;
}

bool view_bgp_member_of(vsh_session *s, const bgp_peer *p, bgp_peer *g)
{
	bgp_peer tmp;
	if (p->kind == BGPP_GROUP)
		return false;
	const char *v = view_bgp_line_value(view_bgp_attr_get(s, p->sect, p, BGPA_MEMBER));
	return v && group_from_word(s, p->sect, v, g ? g : &tmp);
}

int view_bgp_attr_set(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr,
		      const char *value, cfg_entry **out, char *err, size_t errlen)
{
	char text[VIEW_LINE_MAX];
	bgp_peer g;
	size_t idlen = attr_id(p, attr, text, sizeof text);

	if (idlen == 0)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	if (value && *value) {
		if (!view_strput(text, sizeof text, idlen + 1, value, strlen(value)))
			return view_fail(err, errlen, "Error: The configuration line is too long.");
		text[idlen] = ' ';
	}
	cfg_order ord = view_bgp_order(p, view_bgp_member_of(s, p, &g) ? &g : NULL, attr);
	return view_line_set(s, sect, text, idlen, ord, 0, out, err, errlen);
}

/* ---- the group or peer a command names ------------------------------------ */

static cfg_entry *cur_sect(const vsh_session *s)
{
	return view_line_sect(s);
}

static const parser_value *addr_arg(const parser_match *m, bool *v4)
{
	const parser_value *a = parser_arg_get(m, "ipv4-address");
	*v4 = a != NULL;
	if (a)
		return a;
	a = parser_arg_get(m, "ipv6-address");
	return a ? a : parser_arg_get(m, "peerIpv6Addr");
}

static int group_in(vsh_session *s, cfg_entry *sect, const char *name, bgp_peer *p, char *err,
		    size_t errlen)
{
	if (!view_bgp_set_group(s, sect, name, p))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (!p->gline) {
		struct in6_addr a6;
		/* an address this view has no peers of (IPv6 in an IPv4 view) */
		if (inet_pton(AF_INET6, name, &a6) == 1)
			return view_fail(err, errlen,
					 "Error: IPv6 peers cannot be configured in this view.");
		return view_fail(err, errlen, "Error: The peer group %s does not exist.", p->shown);
	}
	return 0;
}

static int group_of(vsh_session *s, const char *name, bgp_peer *p, char *err, size_t errlen)
{
	return group_in(s, cur_sect(s), name, p, err, errlen);
}

/* The group (when the command names one) or the peer.  Every command on a
 * group needs the group to exist. */
static int pick(vsh_session *s, const parser_match *m, bgp_peer *p, char *err, size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	bool v4;

	if (g)
		return group_of(s, g->str, p, err, errlen);
	const parser_value *a = addr_arg(m, &v4);
	if (!a)
		return view_fail(err, errlen, "Error: The peer address is invalid.");
	if (v4)
		set_v4(a->v4, cur_sect(s), p);
	else
		view_bgp_set_addr(&a->v6, false, cur_sect(s), p);
	return 0;
}

/* The peer the command names in sect, even when it also names a group
 * (`peer X group G`). */
static int pick_addr_in(const parser_match *m, cfg_entry *sect, bgp_peer *p, char *err,
			size_t errlen)
{
	bool v4;
	const parser_value *a = addr_arg(m, &v4);

	if (!a)
		return view_fail(err, errlen, "Error: The peer address is invalid.");
	if (v4)
		set_v4(a->v4, sect, p);
	else
		view_bgp_set_addr(&a->v6, false, sect, p);
	return 0;
}

static int pick_addr(vsh_session *s, const parser_match *m, bgp_peer *p, char *err, size_t errlen)
{
	return pick_addr_in(m, cur_sect(s), p, err, errlen);
}

static int check_addr(const bgp_peer *p, char *err, size_t errlen)
{
	const struct in6_addr *a = &p->addr;
	bool bad;

	if (p->kind == BGPP_V4) {
		uint32_t h;
		memcpy(&h, a->s6_addr + 12, 4);
		h = ntohl(h);
		bad = h == 0 || (h >> 24) == 127 || (h >> 28) >= 14; /* multicast, class E */
	} else {
		bad = IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_MULTICAST(a) ||
		      IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_V4MAPPED(a);
	}
	return bad ? view_fail(err, errlen, "Error: The peer address is invalid.") : 0;
}

static bool peer_exists(vsh_session *s, const bgp_peer *p)
{
	return view_bgp_attr_get(s, p->sect, p, BGPA_AS) ||
	       view_bgp_attr_get(s, p->sect, p, BGPA_MEMBER);
}

static int need_peer(vsh_session *s, const bgp_peer *p, char *err, size_t errlen)
{
	if (p->kind != BGPP_GROUP && !peer_exists(s, p))
		return view_fail(err, errlen, "Error: The peer %s does not exist.", p->shown);
	return 0;
}

struct family_sects {
	cfg_entry *v[64];
	size_t n;
};

/* The address families of a process (not its VPN instances' sections). */
static int family_visit(void *arg, cfg_entry *e)
{
	struct family_sects *f = arg;
	enum bgp_sect k = view_bgp_kind(e);

	if ((cfg_flags(e) & CFG_F_SECTION) && k != BGPS_VPNI && k != BGPS_VPN4 && k != BGPS_VPN6 &&
	    f->n < sizeof f->v / sizeof f->v[0])
		f->v[f->n++] = e;
	return 0;
}

/* A peer or group goes with every line that names it: its attributes,
 * its family lines, and the generated commands' lines in its section and
 * in the families of its process. */
static void delete_all(vsh_session *s, const bgp_peer *p)
{
	char prefix[VIEW_NAME_MAX + 8];
	const char *const prefixes[] = { prefix, NULL };
	struct family_sects fam = { .n = 0 };

	for (int a = BGPA_AS; a < BGPA_COUNT; a++)
		view_bgp_attr_del(s, p->sect, p, a);
	view_bgp_enables_drop(s, p);
	if (view_strjoin(prefix, sizeof prefix, "peer ", p->name, " ", (char *)NULL) == 0)
		return;
	enum bgp_sect k = view_bgp_kind(p->sect);
	if (k == BGPS_PROC || k == BGPS_INST)
		cfg_foreach_child(s->db, p->sect, CFG_CANDIDATE, family_visit, &fam);
	else
		fam.n = view_bgp_af_sections(s, p->sect, fam.v);
	view_lines_del_prefixed(s, p->sect, prefixes);
	for (size_t i = 0; i < fam.n; i++)
		view_lines_del_prefixed(s, fam.v[i], prefixes);
}

/* ---- VPN instance views against their address families ---------------------- */

/* The sections of the same process and VPN instance where a name defined
 * in sect may not be defined as well: the families for `vpn-instance V`,
 * `vpn-instance V` for a family. */
static size_t rival_sects(vsh_session *s, cfg_entry *sect, cfg_entry *out[2])
{
	size_t vlen, n = 0;
	const char *w = view_bgp_vpn_word(sect, &vlen);
	cfg_entry *proc = cfg_parent(sect);

	switch (view_bgp_kind(sect)) {
	case BGPS_VPNI:
		for (enum bgp_sect k = BGPS_VPN4; k <= BGPS_VPN6; k++)
			if ((out[n] = view_bgp_child(s, proc, k, w, vlen)) != NULL)
				n++;
		break;
	case BGPS_VPN4:
	case BGPS_VPN6:
		if ((out[n] = view_bgp_child(s, proc, BGPS_VPNI, w, vlen)) != NULL)
			n++;
		break;
	default:
		break;
	}
	return n;
}

static int check_rivals(vsh_session *s, const bgp_peer *p, char *err, size_t errlen)
{
	cfg_entry *r[2];
	size_t n = rival_sects(s, p->sect, r);

	for (size_t i = 0; i < n; i++) {
		bgp_peer q = *p;
		q.sect = r[i];
		bool there = p->kind == BGPP_GROUP ? group_line(s, r[i], p->name) != NULL
						   : peer_exists(s, &q);
		if (there)
			return view_fail(err, errlen,
					 "Error: The %s %s is already configured in %s.",
					 p->kind == BGPP_GROUP ? "peer group" : "peer", p->shown,
					 view_line_text(r[i]));
	}
	return 0;
}

/* ---- group ----------------------------------------------------------------- */

/* An AS number against a group's type: an IBGP group takes the local AS
 * only, an EBGP group any other.  `who` names the peer joining the group,
 * or is NULL for the group's own AS number. */
static int check_type(const bgp_peer *grp, uint32_t as, const char *who,
		      char *err, size_t errlen)
{
	uint32_t las;
	bool ext = group_is_external(grp->gline);

	if (!view_bgp_local_as(grp->sect, &las) || (ext ? as != las : as == las))
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

/* An address spells a dot or a colon; most group names have neither. */
static bool is_address(const char *w)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return strpbrk(w, ".:") &&
	       (inet_pton(AF_INET6, w, buf) == 1 || inet_pton(AF_INET, w, buf) == 1);
}

/* The keywords of `group NAME [ listen ] [ TYPE ]`, in one pass over the
 * arguments (parser_kw scans them once per keyword). */
enum { GKW_CONFED, GKW_EXT, GKW_IN, GKW_LISTEN, GKW_COUNT };

static void group_words(const parser_match *m, bool has[GKW_COUNT])
{
	static const char *const word[GKW_COUNT] = {
		[GKW_CONFED] = "confederation-external", [GKW_EXT] = "external",
		[GKW_IN] = "internal", [GKW_LISTEN] = "listen",
	};
	for (int k = 0; k < GKW_COUNT; k++)
		has[k] = false;
	for (int i = 0; i < m->args.n; i++) {
		const char *w = m->args.a[i].name;
		if (!m->args.a[i].keyword)
			continue;
		int c = tolower((unsigned char)w[0]);
		for (int k = 0; k < GKW_COUNT; k++)
			if (c == word[k][0] && strcasecmp(w, word[k]) == 0)
				has[k] = true;
	}
}

int view_bgp_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	bool has[GKW_COUNT];
	group_words(m, has);
	bool confed = has[GKW_CONFED], ext = has[GKW_EXT] || confed, in = has[GKW_IN];
	bool dyn = has[GKW_LISTEN];
	const char *type = confed ? "confederation-external" : ext ? "external" : "internal";
	cfg_entry *sect = cur_sect(s), *line;
	bgp_peer p;
	char text[VIEW_NAME_MAX + 48];

	if (!g || !set_group(s, sect, g->str, &p, true))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	if (is_address(g->str))
		return view_fail(err, errlen, "Error: An IP address cannot be used as a peer group "
					      "name.");
	if (p.gline) {
		if ((ext || in) && group_is_external(p.gline) != ext)
			return view_fail(err, errlen,
					 "Error: Peer group %s already exists as an %s group; its "
					 "type cannot be changed.", p.shown,
					 group_is_external(p.gline) ? "EBGP" : "IBGP");
		/* `group NAME` alone names any existing group */
		if ((dyn || ext || in) && dyn != group_is_dynamic(p.gline))
			return view_fail(err, errlen,
					 "Error: Peer group %s already exists as a %s group; "
					 "delete it first.", p.shown,
					 group_is_dynamic(p.gline) ? "dynamic" : "static");
		if ((ext || in) && strcmp(type, group_type(p.gline)) != 0)
			return view_fail(err, errlen,
					 "Error: Peer group %s already exists with the type %s; its "
					 "type cannot be changed.", p.shown, group_type(p.gline));
		return 0;
	}
	if (check_rivals(s, &p, err, errlen) != 0)
		return -1;
	size_t idn = VIEW_STRPUT_LIT(text, sizeof text, 0, GROUP_PREFIX);
	idn = view_strput(text, sizeof text, idn, p.name, strlen(p.name));
	size_t n = !idn ? 0 : dyn ? VIEW_STRPUT_LIT(text, sizeof text, idn, " listen ")
			    : VIEW_STRPUT_LIT(text, sizeof text, idn, " ");
	if (!n || !view_strput(text, sizeof text, n, type, strlen(type)))
		return view_fail(err, errlen, "Error: The peer group name is invalid.");
	/* The key holds the group's creation number in its place: placed at
	 * once, the line keeps its section sorted when it comes last. */
	uint64_t seq = cfg_next_seq(s->db);
	if (view_line_set(s, sect, text, (size_t)idn, view_bgp_new_group_order(seq), 0, &line,
			  err, errlen) != 0)
		return -1;
	p.gline = line;
	if (cfg_seq(line) != seq) /* a line deleted, not yet committed, came back */
		cfg_set_order(s->db, line, view_bgp_order(&p, NULL, BGPA_GROUPLINE));
	return view_bgp_enables_auto(s, &p, err, errlen);
}

/* What a group's owned lines turn out to be when it is deleted. */
struct members {
	vsh_session *s;
	const bgp_peer *grp;
	bgp_peer *v;        /* members to delete */
	size_t n, cap;
	char **stale;       /* member lines of other groups by now (texts) */
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

/* The peer of a member line "peer X group G" (X an address); false for
 * other lines. */
static bool member_peer(vsh_session *s, cfg_entry *e, bgp_peer *p, const char **gname)
{
	const char *t = cfg_text(e, CFG_CANDIDATE);
	const char *sp;

	if (!t || strncmp(t, "peer ", 5) != 0 || !(sp = strchr(t + 5, ' ')) ||
	    strncmp(sp, " group ", 7) != 0)
		return false;
	if (!view_bgp_peer_from_word(s, cfg_parent(e), t + 5, (size_t)(sp - t - 5), p) ||
	    p->kind == BGPP_GROUP)
		return false;
	*gname = sp + 7;
	return true;
}

static int members_visit(void *arg, cfg_entry *e)
{
	struct members *w = arg;
	bgp_peer p;
	const char *gname;

	if (!member_peer(w->s, e, &p, &gname) || p.sect != w->grp->sect)
		return 0;
	if (strcmp(gname, w->grp->name) == 0) {
		if (!grow((void **)&w->v, &w->cap, w->n, sizeof *w->v)) {
			w->oom = true;
			return 1;
		}
		w->v[w->n++] = p;
		return 0;
	}
	char *copy = strdup(cfg_text(e, CFG_CANDIDATE));
	if (!copy || !grow((void **)&w->stale, &w->capstale, w->nstale, sizeof *w->stale)) {
		free(copy);
		w->oom = true;
		return 1;
	}
	w->stale[w->nstale++] = copy;
	return 0;
}

static void members_free(struct members *w)
{
	for (size_t i = 0; i < w->nstale; i++)
		free(w->stale[i]);
	free(w->stale);
	free(w->v);
}

static int collect_members(vsh_session *s, const bgp_peer *g, struct members *w, char *err,
			   size_t errlen)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	w->grp = g;
	cfg_foreach_owned(s->db, g->gline, CFG_CANDIDATE, members_visit, w);
	if (w->oom) {
		members_free(w);
		return view_fail(err, errlen, "Error: Out of memory.");
	}
	return 0;
}

int view_bgp_undo_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;
	struct members w;
	int rc = 0;

	if (pick(s, m, &p, err, errlen) != 0)
		return -1;
	bool confed = parser_kw(m, "confederation-external");
	bool ext = parser_kw(m, "external") || confed, in = parser_kw(m, "internal");
	if ((ext || in) && group_is_external(p.gline) != ext)
		return view_fail(err, errlen, "Error: Peer group %s is not an %s group.", p.shown,
				 ext ? "EBGP" : "IBGP");
	if (parser_kw(m, "listen") && !group_is_dynamic(p.gline))
		return view_fail(err, errlen, "Error: Peer group %s is not a dynamic peer group.",
				 p.shown);
	if (confed && strcmp(group_type(p.gline), "confederation-external") != 0)
		return view_fail(err, errlen,
				 "Error: Peer group %s is not a confederation EBGP group.", p.shown);
	if (collect_members(s, &p, &w, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < w.n; i++)
		delete_all(s, &w.v[i]);
	delete_all(s, &p);
	cfg_delete(s->db, p.gline); /* and the member lines it owns */
	/* Member lines that name another group by now went too: restore. */
	for (size_t i = 0; i < w.nstale; i++)
		if (rc == 0 && view_bgp_peer_restore(s, p.sect, w.stale[i], err, errlen) != 0)
			rc = -1;
	members_free(&w);
	return rc;
}

/* ---- peer ... as-number ------------------------------------------------------- */

static bool line_as(const cfg_entry *e, uint32_t *as)
{
	const char *v = view_bgp_line_value(e);
	return v && view_param_asn(v, strlen(v), as);
}

int view_bgp_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	bgp_peer p, grp;

	if (pick(s, m, &p, err, errlen) != 0)
		return -1;
	attr_prefetch(s, &p, BGPA_AS);
	if (p.kind == BGPP_GROUP) {
		if (check_type(&p, (uint32_t)as->u, NULL, err, errlen) != 0)
			return -1;
		return view_bgp_attr_set(s, p.sect, &p, BGPA_AS, as->canon, NULL, err, errlen);
	}
	if (check_addr(&p, err, errlen) != 0)
		return -1;
	bool is_new = !peer_exists(s, &p);
	if (is_new && check_rivals(s, &p, err, errlen) != 0)
		return -1;
	if (view_bgp_member_of(s, &p, &grp) &&
	    check_type(&grp, (uint32_t)as->u, p.shown, err, errlen) != 0)
		return -1;
	if (view_bgp_attr_set(s, p.sect, &p, BGPA_AS, as->canon, NULL, err, errlen) != 0)
		return -1;
	return is_new ? view_bgp_enables_auto(s, &p, err, errlen) : 0;
}

/* Members of group g that have no AS number of their own. */
struct asless {
	vsh_session *s;
	const bgp_peer *g;
	bool found;
};

static int asless_visit(void *arg, cfg_entry *e)
{
	struct asless *w = arg;
	bgp_peer p;
	const char *gname;

	if (member_peer(w->s, e, &p, &gname) && strcmp(gname, w->g->name) == 0 &&
	    !view_bgp_attr_get(w->s, p.sect, &p, BGPA_AS)) {
		w->found = true;
		return 1;
	}
	return 0;
}

int view_bgp_undo_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	bgp_peer p;
	uint32_t cur;

	if (pick(s, m, &p, err, errlen) != 0)
		return -1;
	cfg_entry *line = view_bgp_attr_get(s, p.sect, &p, BGPA_AS);
	if (as && (!line || !line_as(line, &cur) || cur != (uint32_t)as->u))
		return view_fail(err, errlen,
				 "Error: The AS number of peer group %s is not %s.", p.shown,
				 as->canon);
	if (group_is_external(p.gline)) {
		struct asless w = { s, &p, false };
		cfg_foreach_owned(s->db, p.gline, CFG_CANDIDATE, asless_visit, &w);
		if (w.found)
			return view_fail(err, errlen,
					 "Error: Peer group %s has members without an AS number of "
					 "their own. Configure their AS numbers or delete them first.",
					 p.shown);
	}
	if (line)
		cfg_delete(s->db, line);
	return 0;
}

int view_bgp_undo_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;

	if (pick_addr(s, m, &p, err, errlen) != 0)
		return -1;
	if (!peer_exists(s, &p))
		return view_fail(err, errlen, "Error: The peer %s does not exist.", p.shown);
	delete_all(s, &p);
	return 0;
}

/* ---- peer X group G --------------------------------------------------------------- */

/* The member p has joined group g: its own copy of a setting the group
 * also has is shown on the group only. */
static void drop_inherited(vsh_session *s, const bgp_peer *p, const bgp_peer *g)
{
	static const int attrs[] = { BGPA_HOP, BGPA_CI };

	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		const char *mine = view_bgp_line_value(view_bgp_attr_get(s, p->sect, p, attrs[i]));
		const char *its = view_bgp_line_value(view_bgp_attr_get(s, g->sect, g, attrs[i]));
		if (mine && its && strcmp(mine, its) == 0)
			view_bgp_attr_del(s, p->sect, p, attrs[i]);
	}
}

/* The group a `peer X group G` names (the address family pages name it
 * peerGroupName). */
static const parser_value *member_group_arg(const parser_match *m)
{
	const parser_value *g = parser_arg_get(m, "group-name");
	return g ? g : parser_arg_get(m, "peerGroupName");
}

int view_bgp_join(vsh_session *s, const parser_match *m, cfg_entry *sect, bgp_peer *out,
		  char *err, size_t errlen)
{
	const parser_value *gv = member_group_arg(m);
	bgp_peer p, grp, cur;
	cfg_entry *line;
	uint32_t as;

	if (!gv || pick_addr_in(m, sect, &p, err, errlen) != 0 || check_addr(&p, err, errlen) != 0 ||
	    group_in(s, sect, gv->str, &grp, err, errlen) != 0)
		return -1;
	*out = p;
	if (view_bgp_member_of(s, &p, &cur)) {
		if (strcmp(cur.name, grp.name) == 0)
			return 0;
		return view_fail(err, errlen,
				 "Error: Peer %s is already a member of peer group %s. Remove it "
				 "from that group first.", p.shown, cur.shown);
	}
	bool is_new = !peer_exists(s, &p);
	if (is_new && check_rivals(s, &p, err, errlen) != 0)
		return -1;
	cfg_entry *own_as = view_bgp_attr_get(s, p.sect, &p, BGPA_AS);
	if (own_as) {
		if (line_as(own_as, &as) && check_type(&grp, as, p.shown, err, errlen) != 0)
			return -1;
	} else if (group_is_external(grp.gline) && !view_bgp_attr_get(s, grp.sect, &grp, BGPA_AS)) {
		return view_fail(err, errlen,
				 "Error: Configure an AS number for peer %s or for peer group %s "
				 "first.", p.shown, grp.shown);
	}
	if (view_bgp_attr_set(s, p.sect, &p, BGPA_MEMBER, grp.name, &line, err, errlen) != 0)
		return -1;
	if (cfg_own(grp.gline, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	view_bgp_reorder(s, &p, &grp);
	drop_inherited(s, &p, &grp);
	if (is_new && view_bgp_enables_auto(s, &p, err, errlen) != 0)
		return -1;
	return view_bgp_enables_join(s, &p, &grp, err, errlen);
}

int view_bgp_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;
	return view_bgp_join(s, m, cur_sect(s), &p, err, errlen);
}

/* As the page's Precautions say, `undo peer X group G` does what `undo
 * peer X` does: the peer goes with all its settings. */
int view_bgp_undo_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *gv = parser_arg_get(m, "group-name");
	bgp_peer p, grp, cur;

	if (pick_addr(s, m, &p, err, errlen) != 0 || group_of(s, gv->str, &grp, err, errlen) != 0)
		return -1;
	if (!view_bgp_member_of(s, &p, &cur) || strcmp(cur.name, grp.name) != 0)
		return view_fail(err, errlen, "Error: Peer %s is not a member of peer group %s.",
				 p.shown, grp.shown);
	delete_all(s, &p);
	return 0;
}

/* ---- connect-interface ------------------------------------------------------------- */

/* The source address of a connect-interface command: the group forms name
 * it ipv4-address in the BGP-VPN instance view. */
static const parser_value *source_arg(const parser_match *m, bool group, bool *v4)
{
	static const char *const v4names[] = { "ipv4-source-addr", "ipv4-source-address" };
	static const char *const v6names[] = { "ipv6-source-addr", "ipv6-source-address" };
	const parser_value *v;
	bool any = false;

	/* most lines name no address at all: one look at the values */
	for (int i = 0; i < m->args.n && !any; i++)
		any = !m->args.a[i].keyword &&
		      (m->args.a[i].v.kind == PT_IPV4 || m->args.a[i].v.kind == PT_IPV6);
	*v4 = any;
	if (!any)
		return NULL;
	for (size_t i = 0; i < 2; i++)
		if ((v = parser_arg_get(m, v4names[i])) != NULL)
			return v;
	if (group && (v = parser_arg_get(m, "ipv4-address")) != NULL)
		return v;
	*v4 = false;
	for (size_t i = 0; i < 2; i++)
		if ((v = parser_arg_get(m, v6names[i])) != NULL)
			return v;
	return NULL;
}

/* Addresses of an interface section (its candidate lines). */
struct addr_count {
	size_t v4, v6;
};

static int addr_visit(void *arg, cfg_entry *e)
{
	struct addr_count *c = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	if (t && strncmp(t, "ip address ", 11) == 0)
		c->v4++;
	else if (t && strncmp(t, "ipv6 address ", 13) == 0)
		c->v6++;
	return 0;
}

/* A connect-interface without a source address on an interface with
 * several addresses of the peer's family is refused (the pages' Usage
 * Scenario): which one would be the source?  A group of the BGP view may
 * hold peers of both families. */
static int check_single_address(vsh_session *s, const bgp_peer *p, cfg_entry *ifs,
				const char *ifname, char *err, size_t errlen)
{
	struct addr_count c = { 0, 0 };
	enum bgp_sect k = view_bgp_kind(p->sect);
	bool v4 = p->kind == BGPP_V4 || (p->kind == BGPP_GROUP && k != BGPS_VPN6);
	bool v6 = p->kind == BGPP_V6 || (p->kind == BGPP_GROUP && (k == BGPS_VPN6 || k == BGPS_PROC));

	cfg_foreach_child(s->db, ifs, CFG_CANDIDATE, addr_visit, &c);
	if ((v4 && c.v4 > 1) || (v6 && c.v6 > 1)) {
		bool four = v4 && c.v4 > 1;
		return view_fail(err, errlen,
				 "Error: Interface %s has %zu %s addresses. Specify the source %s "
				 "address.", ifname, four ? c.v4 : c.v6, four ? "IPv4" : "IPv6",
				 four ? "IPv4" : "IPv6");
	}
	return 0;
}

static int check_source(const parser_value *src, bool v4, char *err, size_t errlen)
{
	if (v4) {
		uint32_t h = ntohl(src->v4.s_addr);
		if (h == 0 || (h >> 28) >= 14)
			return view_fail(err, errlen, "Error: The source IPv4 address is invalid.");
	} else if (IN6_IS_ADDR_UNSPECIFIED(&src->v6) || IN6_IS_ADDR_MULTICAST(&src->v6) ||
		   IN6_IS_ADDR_V4MAPPED(&src->v6)) {
		return view_fail(err, errlen, "Error: The source IPv6 address is invalid.");
	}
	return 0;
}

/* A setting made on a group: members drop their own (the latest
 * configuration takes effect). */
struct own_drop {
	vsh_session *s;
	const bgp_peer *g;
	int attr;
};

static int own_drop_visit(void *arg, cfg_entry *e)
{
	struct own_drop *w = arg;
	bgp_peer p;
	const char *gname;

	if (member_peer(w->s, e, &p, &gname) && strcmp(gname, w->g->name) == 0)
		view_bgp_attr_del(w->s, p.sect, &p, w->attr);
	return 0;
}

/* Set attr of p to value, by the inheritance rules: a member whose group
 * has the same value keeps no line of its own; a group's new value
 * replaces its members' own. */
static int set_inherited(vsh_session *s, const bgp_peer *p, int attr, const char *value,
			 cfg_entry **out, char *err, size_t errlen)
{
	bgp_peer g;

	*out = NULL;
	if (view_bgp_member_of(s, p, &g)) {
		const char *its = view_bgp_line_value(view_bgp_attr_get(s, g.sect, &g, attr));
		if (its && strcmp(its, value) == 0) {
			view_bgp_attr_del(s, p->sect, p, attr);
			return 0;
		}
	}
	if (view_bgp_attr_set(s, p->sect, p, attr, value, out, err, errlen) != 0)
		return -1;
	if (p->kind == BGPP_GROUP) {
		struct own_drop w = { s, p, attr };
		cfg_foreach_owned(s->db, p->gline, CFG_CANDIDATE, own_drop_visit, &w);
	}
	return 0;
}

int view_bgp_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *ifn = parser_arg_get(m, "interface-name");
	/* the interface as one word, or as its type and number */
	const parser_value *ift = ifn ? NULL : parser_arg_get(m, "interface-type");
	const parser_value *ifnum = ifn ? NULL : parser_arg_get(m, "interface-number");
	const struct if_type *t = NULL;
	uint32_t n[IF_NUM_MAX] = { 0 };
	char ifname[48] = "", value[96], srcs[INET6_ADDRSTRLEN] = "";
	bgp_peer p;
	cfg_entry *line, *ifs = NULL;
	bool src4;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	attr_prefetch(s, &p, BGPA_CI);
	const parser_value *src = source_arg(m, p.kind == BGPP_GROUP, &src4);
	const parser_value *named = NULL; /* the value whose canon spells the name */
	if (ifn) {
		t = ifn->ifn.ift;
		memcpy(n, ifn->ifn.n, sizeof n);
		named = ifn;
	} else if (ift && ifnum) {
		t = ift->ift;
		memcpy(n, ifnum->ifn.n, sizeof n);
		named = ifnum;
	}
	if (t) {
		if (!view_strput(ifname, sizeof ifname, 0, named->canon, strlen(named->canon)))
			iftype_format(t, n, ifname, sizeof ifname);
		if (!(ifs = view_if_section(s, t, n, ifname, err, errlen)))
			return -1;
		if (!src && check_single_address(s, &p, ifs, ifname, err, errlen) != 0)
			return -1;
	}
	if (src) {
		if (check_source(src, src4, err, errlen) != 0)
			return -1;
		if (src4)
			inet_ntop(AF_INET, &src->v4, srcs, sizeof srcs);
		else
			view_param_ipv6(&src->v6, srcs, sizeof srcs);
	}
	size_t vn = view_strput(value, sizeof value, 0, ifname, strlen(ifname));
	if (ifname[0] && srcs[0])
		vn = VIEW_STRPUT_LIT(value, sizeof value, vn, " ");
	if (srcs[0])
		view_strput(value, sizeof value, vn, srcs, strlen(srcs));
	if (set_inherited(s, &p, BGPA_CI, value, &line, err, errlen) != 0)
		return -1;
	if (line && ifs && cfg_own(ifs, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

int view_bgp_undo_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	view_bgp_attr_del(s, p.sect, &p, BGPA_CI);
	return 0;
}

/* ---- ebgp-max-hop, description ------------------------------------------------------- */

int view_bgp_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *h = parser_arg_get(m, "hop-count");
	char value[24];
	bgp_peer p;
	cfg_entry *line;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	*parser_put_u64(value, h ? h->u : 255u) = '\0';
	return set_inherited(s, &p, BGPA_HOP, value, &line, err, errlen);
}

int view_bgp_undo_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	view_bgp_attr_del(s, p.sect, &p, BGPA_HOP);
	return 0;
}

int view_bgp_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *d = parser_arg_get(m, "description-text");
	const char *start;
	char value[260];
	bgp_peer p;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	size_t n = view_param_trim(d ? d->str : "", &start);
	if (n == 0 || n > 255)
		return view_fail(err, errlen, "Error: The description must be 1 to 255 characters "
					      "long.");
	snprintf(value, sizeof value, "%.*s", (int)n, start);
	return view_bgp_attr_set(s, p.sect, &p, BGPA_DESC, value, NULL, err, errlen);
}

int view_bgp_undo_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	bgp_peer p;

	if (pick(s, m, &p, err, errlen) != 0 || need_peer(s, &p, err, errlen) != 0)
		return -1;
	view_bgp_attr_del(s, p.sect, &p, BGPA_DESC);
	return 0;
}

/* ---- restoring a line ------------------------------------------------------------------ */

int view_bgp_peer_restore(vsh_session *s, cfg_entry *sect, const char *text, char *err,
			  size_t errlen)
{
	bgp_peer p;
	const char *q;

	if (strncmp(text, "peer ", 5) != 0)
		return 0;
	q = text + 5;
	const char *end = *q == '"' ? strchr(q + 1, '"') : q + strcspn(q, " ");
	if (!end)
		return 0;
	size_t nlen = (size_t)(end - q) + (*q == '"');
	if (nlen == 0 || q[nlen] != ' ' || !view_bgp_peer_from_word(s, sect, q, nlen, &p))
		return 0;
	const char *rest = q + nlen + 1;
	int attr = BGPA_COUNT;
	for (int i = BGPA_AS; i < BGPA_DISABLE; i++) {
		size_t w = strlen(view_bgp_attr_word[i]);
		if (strncmp(rest, view_bgp_attr_word[i], w) == 0 && (rest[w] == ' ' || rest[w] == '\0')) {
			attr = i;
			break;
		}
	}
	if (attr == BGPA_COUNT || (p.kind == BGPP_GROUP && !p.gline))
		return 0;
	const char *value = rest + strlen(view_bgp_attr_word[attr]);
	value += *value == ' ';

	cfg_entry *line;
	if (view_bgp_attr_set(s, sect, &p, attr, value, &line, err, errlen) != 0)
		return -1;
	if (attr == BGPA_MEMBER) {
		cfg_entry *g = group_line(s, sect, value);
		if (g && cfg_own(g, line) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
	} else if (attr == BGPA_CI) {
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

/* ---- '?' values ---------------------------------------------------------------------------- */

void view_dyn_groups(void *ctx, const struct parser_args *bound, parser_emit_fn emit, void *arg)
{
	vsh_session *s = ctx;
	(void)bound;
	if (!s)
		return;
	const view_frame *f = vsh_top(s);
	if (!f || !f->sect)
		return;
	cfg_entry *sect = f->sect;
	switch (view_bgp_kind(sect)) {
	case BGPS_AF4:
	case BGPS_AF6:
		sect = cfg_parent(sect);
		break;
	case BGPS_VPN4:
	case BGPS_VPN6: {
		/* its own groups, and those of `vpn-instance V` it may enable */
		size_t vlen;
		const char *vw = view_bgp_vpn_word(sect, &vlen);
		cfg_entry *vpni = view_bgp_child(s, cfg_parent(sect), BGPS_VPNI, vw, vlen);
		if (vpni)
			view_dyn_names(s->db, vpni, GROUP_PREFIX, "Peer group name", emit, arg);
		break;
	}
	case BGPS_NONE:
		return;
	default:
		break;
	}
	view_dyn_names(s->db, sect, GROUP_PREFIX, "Peer group name", emit, arg);
}
