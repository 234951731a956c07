/* BGP: `bgp AS`, `bgp AS instance NAME`, `router-id`, and the BGP-VPN
 * instance IPv6 address families (`ipv6-family vpn-instance NAME`) in
 * which the group and peer commands of bgp_peer.c run.  This file holds
 * the whole BGP command table.
 *
 * Layout in the configuration tree:
 *   bgp AS                     one per device; identity "bgp"
 *    router-id X.X.X.X
 *    ipv6-family vpn-instance V  sections, in creation order, each
 *                                preceded by an indented "#"
 *   bgp AS instance NAME       multi-instance, after `bgp AS`, in creation
 *                                order
 * An `ipv6-family vpn-instance V` section needs `ip vpn-instance V` with an
 * IPv6 family and its RD, and is owned by that RD (see vpn.c). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "models.h"
#include "order.h"
#include "params.h"
#include "../shell/session.h"

enum { BGO_ROUTER_ID = 1, BGO_VPN6 = 10 };

static const parser_param bgp_params[] = {
	{ "as-number", &pt_asn, NULL },
	{ "instance-name", &view_pt_bgp_inst_name, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param rid_params[] = {
	{ "ipv4-address", &pt_ipv4, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param vpn6_params[] = {
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ NULL, NULL, NULL },
};

bool view_bgp_local_as(const cfg_entry *vpn6, uint32_t *as)
{
	const char *t = view_line_text(cfg_parent(vpn6));

	if (!t || strncmp(t, "bgp ", 4) != 0)
		return false;
	return view_param_asn(t + 4, strcspn(t + 4, " "), as);
}

/* ---- bgp AS ---------------------------------------------------------- */

static int h_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
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

static int h_undo_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *as = parser_arg_get(m, "as-number");
	cfg_entry *e = view_line_get(s, cfg_root(s->db), "bgp", 3);
	uint32_t cur;

	/* Without an AS number, whichever BGP process runs is removed. */
	if (!as && !e)
		return view_fail(err, errlen, "Error: BGP is not configured.");
	if (as && (!e ||
		   !view_param_asn(view_line_text(e) + 4, strlen(view_line_text(e) + 4), &cur) ||
		   cur != as->u))
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

static int h_bgp_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen)
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

static int h_undo_bgp_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen)
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

static int h_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *a = parser_arg_get(m, "ipv4-address");
	char text[96];
	cfg_order ord = { BGO_ROUTER_ID, 0, 0 };

	if (a->v4.s_addr == htonl(INADDR_ANY))
		return view_fail(err, errlen, "Error: The router ID 0.0.0.0 is invalid.");
	snprintf(text, sizeof text, "router-id %s", a->canon);
	return view_line_set(s, view_line_sect(s), text, strlen("router-id"), ord, 0, NULL, err, errlen);
}

static int h_undo_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	view_line_del(s, view_line_sect(s), "router-id", strlen("router-id"));
	return 0;
}

/* ---- ipv6-family vpn-instance ---------------------------------------- */

static int vpn6_names(const parser_match *m, char *q, size_t qlen, const char **name, char *err,
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

static int h_vpn6(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char q[VIEW_NAME_MAX];
	char text[96];
	char suffix[64];
	const char *name;
	cfg_entry *bgp = view_line_sect(s);

	if (vpn6_names(m, q, sizeof q, &name, err, errlen) != 0)
		return -1;
	int n = snprintf(text, sizeof text, "ipv6-family vpn-instance %s", q);
	cfg_entry *e = view_line_get(s, bgp, text, (size_t)n);
	if (!e) {
		char vt[96];
		snprintf(vt, sizeof vt, "ip vpn-instance %s", q);
		cfg_entry *vpn = view_line_gets(s, cfg_root(s->db), vt);
		if (!vpn)
			return view_fail(err, errlen, "Error: The VPN instance %s does not exist.",
					 name);
		cfg_entry *af = view_line_gets(s, vpn, "ipv6-family");
		if (!af)
			return view_fail(err, errlen,
					 "Error: The IPv6 address family of VPN instance %s is not "
					 "enabled.", name);
		cfg_entry *rd = view_line_gets(s, af, "route-distinguisher");
		if (!rd)
			return view_fail(err, errlen,
					 "Error: Configure the route distinguisher (RD) of the IPv6 "
					 "address family of VPN instance %s first.", name);
		if (view_line_created(s, bgp, text, (size_t)n, BGO_VPN6, 0, CFG_F_SECTION, &e, err,
				     errlen) != 0)
			return -1;
		if (cfg_own(rd, e) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
	}
	snprintf(suffix, sizeof suffix, "-6-%s", name);
	view_id v = vsh_top(s)->view == VIEW_BGP ? VIEW_BGP_VPN6 : VIEW_BGP_INST_VPN6;
	if (vsh_push(s, v, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The address family view cannot be entered.");
	return 0;
}

static int h_undo_vpn6(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char q[VIEW_NAME_MAX];
	char text[96];
	const char *name;

	if (vpn6_names(m, q, sizeof q, &name, err, errlen) != 0)
		return -1;
	int n = snprintf(text, sizeof text, "ipv6-family vpn-instance %s", q);
	if (!view_line_del(s, view_line_sect(s), text, (size_t)n))
		return view_fail(err, errlen,
				 "Error: The IPv6 address family of VPN instance %s is not "
				 "configured in BGP.", name);
	return 0;
}

/* ---- the table ------------------------------------------------------- */

#define V_VPN6 VIEWS(VL_BGP_VPN6)
#define V_BGP_ANY VIEWS(VIEW_BGP, VIEW_BGP_INST)
#define M6 MODELS_IPV6_VPN

#define H_UNDO "Cancel a setting or restore its default\n"
#define H_BGP "Enable BGP and enter the BGP view\nLocal AS number (N or X.Y)"
#define H_INST "Name a BGP instance\nBGP instance name"
#define H_RID "Set the BGP router ID\nRouter ID (IPv4 address)"
#define H_VPN6 "Enter an IPv6 address family view\n" \
	       "Use the IPv6 address family of a VPN instance\n" \
	       "VPN instance name"
#define H_PEER_G "Configure a BGP peer or peer group\nPeer group name\n"
#define H_PEER_6 "Configure a BGP peer or peer group\nIPv6 address of the peer\n"
#define H_GROUP "Create a peer group\nPeer group name"
#define H_ASN "Set the AS number of the peer\nAS number (N or X.Y)"
#define H_CI "Set the source interface and address of the BGP connection\n" \
	     "Interface name\n" \
	     "Interface type\n" \
	     "Interface number\n" \
	     "Source IPv6 address"
#define H_HOP "Allow an EBGP connection over several hops\nMaximum hop count (255 when not given)"
#define H_DESC "Describe the peer group\nDescription text (spaces allowed)"

#define F_CI_IF "{ <interface-name> | <interface-type> <interface-number> | "
#define ROW(fmt, hlp, views_, models_, handler)                                   \
	{ .pc = { .format = fmt, .help = hlp, .params = view_bgp_peer_params,     \
		  .level = LEVEL_CONFIG },                                        \
	  .views = views_, .models = models_, .fn = handler }

const view_cmd view_cmds_bgp[] = {
	{
		.pc = { .format = "bgp <as-number>", .help = H_BGP, .params = bgp_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_bgp,
	},
	{
		.pc = { .format = "undo bgp [ <as-number> ]", .help = H_UNDO H_BGP, .params = bgp_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_bgp,
	},
	{
		.pc = { .format = "bgp <as-number> instance <instance-name>",
			.help = H_BGP "\n" H_INST, .params = bgp_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_bgp_instance,
	},
	{
		.pc = { .format = "undo bgp <as-number> instance <instance-name>",
			.help = H_UNDO H_BGP "\n" H_INST, .params = bgp_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_bgp_instance,
	},
	{
		.pc = { .format = "router-id <ipv4-address>", .help = H_RID, .params = rid_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_BGP),
		.fn = h_router_id,
	},
	{
		.pc = { .format = "undo router-id", .help = H_UNDO "Set the BGP router ID",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_BGP),
		.fn = h_undo_router_id,
	},
	{
		.pc = { .format = "ipv6-family vpn-instance <vpn-instance-name>", .help = H_VPN6,
			.params = vpn6_params, .level = LEVEL_CONFIG },
		.views = V_BGP_ANY, .models = M6,
		.fn = h_vpn6,
	},
	{
		.pc = { .format = "undo ipv6-family vpn-instance <vpn-instance-name>",
			.help = H_UNDO H_VPN6, .params = vpn6_params, .level = LEVEL_CONFIG },
		.views = V_BGP_ANY, .models = M6,
		.fn = h_undo_vpn6,
	},

	/* Groups and peers in the BGP-VPN instance IPv6 address families. */
	ROW("group <group-name> { external | internal }",
	    H_GROUP "\nCreate an EBGP peer group\nCreate an IBGP peer group", V_VPN6, M6,
	    view_bgp_group),
	ROW("group <group-name>", H_GROUP, V_VPN6, M6, view_bgp_group),
	ROW("undo group <group-name>", H_UNDO H_GROUP, V_VPN6, M6, view_bgp_undo_group),
	ROW("peer <group-name> as-number <as-number>", H_PEER_G H_ASN, V_VPN6, M6,
	    view_bgp_peer_as),
	ROW("undo peer <group-name> as-number", H_UNDO H_PEER_G "Set the AS number of the peer",
	    V_VPN6, M6, view_bgp_undo_peer_as),
	ROW("peer <ipv6-address> as-number <as-number>", H_PEER_6 H_ASN, V_VPN6, M6,
	    view_bgp_peer_as),
	ROW("undo peer <ipv6-address>", H_UNDO "Configure a BGP peer or peer group\n"
					"IPv6 address of the peer",
	    V_VPN6, M6, view_bgp_undo_peer),
	ROW("peer <ipv6-address> group <group-name>",
	    H_PEER_6 "Add the peer to a peer group\nPeer group name", V_VPN6, M6,
	    view_bgp_peer_group),
	ROW("undo peer <ipv6-address> group <group-name>",
	    H_UNDO H_PEER_6 "Add the peer to a peer group\nPeer group name", V_VPN6, M6,
	    view_bgp_undo_peer_group),
	ROW("peer <group-name> connect-interface " F_CI_IF "<ipv6-source-addr> | "
	    "<interface-name> <ipv6-source-addr> | "
	    "<interface-type> <interface-number> <ipv6-source-addr> }",
	    H_PEER_G H_CI, V_VPN6, M6, view_bgp_peer_ci),
	ROW("undo peer <group-name> connect-interface",
	    H_UNDO H_PEER_G "Set the source interface and address of the BGP connection", V_VPN6,
	    M6, view_bgp_undo_peer_ci),
	ROW("peer <ipv6-address> connect-interface { <interface-name> | <ipv6-source-address> | "
	    "<interface-type> <interface-number> | <interface-name> <ipv6-source-address> | "
	    "<interface-type> <interface-number> <ipv6-source-address> }",
	    H_PEER_6 "Set the source interface and address of the BGP connection\n"
		     "Interface name\n"
		     "Source IPv6 address\n"
		     "Interface type\n"
		     "Interface number",
	    V_VPN6, M6, view_bgp_peer_ci),
	ROW("undo peer <ipv6-address> connect-interface",
	    H_UNDO H_PEER_6 "Set the source interface and address of the BGP connection", V_VPN6,
	    M6, view_bgp_undo_peer_ci),
	ROW("peer <group-name> ebgp-max-hop [ <hop-count> ]", H_PEER_G H_HOP, V_VPN6, M6,
	    view_bgp_peer_hop),
	ROW("undo peer <group-name> ebgp-max-hop",
	    H_UNDO H_PEER_G "Allow an EBGP connection over several hops", V_VPN6, M6,
	    view_bgp_undo_peer_hop),
	ROW("peer <ipv6-address> ebgp-max-hop [ <hop-count> ]", H_PEER_6 H_HOP, V_VPN6, M6,
	    view_bgp_peer_hop),
	ROW("undo peer <ipv6-address> ebgp-max-hop",
	    H_UNDO H_PEER_6 "Allow an EBGP connection over several hops", V_VPN6, M6,
	    view_bgp_undo_peer_hop),
	ROW("peer <group-name> description <description-text>", H_PEER_G H_DESC, V_VPN6, M6,
	    view_bgp_peer_desc),
	ROW("undo peer <group-name> description",
	    H_UNDO H_PEER_G "Describe the peer group", V_VPN6, M6, view_bgp_undo_peer_desc),
	{ .pc = { .format = NULL } },
};
