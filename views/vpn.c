/* VPN instances: `ip vpn-instance`, its IPv4 and IPv6 address families,
 * and their route distinguishers and VPN targets.
 *
 * Layout in the configuration tree:
 *   ip vpn-instance NAME              top level, in creation order
 *    ipv4-family / ipv6-family        sections
 *     route-distinguisher RD          one per family, set once
 *     vpn-target T export-extcommunity       the export list, its EVPN
 *     vpn-target T export-extcommunity evpn  list, the import list and its
 *     vpn-target T import-extcommunity       EVPN list, each in creation
 *     vpn-target T import-extcommunity evpn  order
 * `both` adds a target to both lists; the device shows one line per list.
 * The EVPN lists (`vpn-target ... evpn`, a generated row of its own page)
 * are kept apart from the others: each `undo` and `undo vpn-target all
 * [ evpn ]` touches only its own kind.
 *
 * Deleting the instance deletes its configuration in BGP as well (the
 * page's Precautions); deleting a family or its RD deletes that family's
 * configuration in BGP (`ipv4-family vpn-instance NAME` /
 * `ipv6-family vpn-instance NAME`).  Those BGP sections do not need the
 * instance to exist.  Interface bindings are owned by the instance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "generic.h"
#include "models.h"
#include "order.h"
#include "params.h"
#include "../shell/session.h"

enum { VPO_AF4 = 1, VPO_AF6 = 2 };                    /* in the instance */
enum { AFO_RD = 1, AFO_EXPORT = 2, AFO_IMPORT = 3 };  /* in a family */

#define MAX_TARGETS 8

static const parser_param vpn_params[] = {
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ NULL, NULL, NULL },
};

static const parser_param rd_params[] = {
	{ "route-distinguisher", &pt_rd, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param vt_params[] = {
	{ "vpn-target", &pt_vpn_target, NULL },
	{ NULL, NULL, NULL },
};

/* "ip vpn-instance NAME" with the name quoted when it holds blanks; 0 when
 * the name is refused (message in err). */
static size_t vpn_text(const parser_match *m, char *text, size_t len, const char **name,
		       char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "vpn-instance-name");
	char q[VIEW_NAME_MAX];

	*name = v ? v->str : "";
	if (!v || view_param_vpn_reserved(v->str)) {
		view_fail(err, errlen, "Error: The name _public_ is reserved for the public network.");
		return 0;
	}
	if (view_param_quote(v->str, q, sizeof q) == 0) {
		view_fail(err, errlen, "Error: The VPN instance name is too long.");
		return 0;
	}
	int n = snprintf(text, len, "ip vpn-instance %s", q);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

#define VPN_PREFIX "ip vpn-instance "
#define VPN_PREFIX_LEN (sizeof VPN_PREFIX - 1)

static int h_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char text[96];
	char suffix[64];
	const char *name;
	cfg_entry *root = cfg_root(s->db), *e;

	size_t n = vpn_text(m, text, sizeof text, &name, err, errlen);
	if (n == 0)
		return -1;
	e = view_line_get(s, root, text, n);
	if (!e && view_line_created(s, root, text, n, ORD_VPN_INSTANCE, 0, CFG_F_SECTION, &e, err,
				   errlen) != 0)
		return -1;
	snprintf(suffix, sizeof suffix, "-vpn-instance-%s", name);
	if (vsh_push(s, VIEW_VPN, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The VPN instance view cannot be entered.");
	return 0;
}

static int h_undo_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char text[96];
	const char *name;

	size_t n = vpn_text(m, text, sizeof text, &name, err, errlen);
	if (n == 0)
		return -1;
	cfg_entry *e = view_line_get(s, cfg_root(s->db), text, n);
	if (!e)
		return view_fail(err, errlen, "Error: The VPN instance %s does not exist.", name);
	view_bgp_drop_vpn(s, text + VPN_PREFIX_LEN,
			  1u << BGPS_VPNI | 1u << BGPS_VPN4 | 1u << BGPS_VPN6);
	cfg_delete(s->db, e);
	return 0;
}

/* The BGP configuration of the current family of the current instance
 * goes with the family or its RD. */
static void drop_bgp_family(vsh_session *s, bool v6)
{
	cfg_entry *vpn = view_line_sect(s);
	if (vsh_top(s)->view != VIEW_VPN)
		vpn = cfg_parent(vpn);
	const char *t = view_line_text(vpn);
	if (t && strncmp(t, VPN_PREFIX, VPN_PREFIX_LEN) == 0)
		view_bgp_drop_vpn(s, t + VPN_PREFIX_LEN, 1u << (v6 ? BGPS_VPN6 : BGPS_VPN4));
}

/* ---- address families ------------------------------------------------ */

static int enter_af(vsh_session *s, bool v6, char *err, size_t errlen)
{
	const char *text = v6 ? "ipv6-family" : "ipv4-family";
	cfg_order ord = { v6 ? VPO_AF6 : VPO_AF4, 0, 0 };
	cfg_entry *sect = view_line_sect(s), *e = view_line_gets(s, sect, text);

	if (!e && view_line_set(s, sect, text, strlen(text), ord, CFG_F_SECTION, &e, err, errlen) != 0)
		return -1;
	if (vsh_push(s, v6 ? VIEW_VPN_AF6 : VIEW_VPN_AF4, e, v6 ? "-af-ipv6" : "-af-ipv4") != 0)
		return view_fail(err, errlen, "Error: The address family view cannot be entered.");
	return 0;
}

static int h_af4(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return enter_af(s, false, err, errlen);
}

static int h_af6(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return enter_af(s, true, err, errlen);
}

static int h_undo_af(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	bool v6 = parser_kw(m, "ipv6-family");
	const char *text = v6 ? "ipv6-family" : "ipv4-family";
	if (view_line_gets(s, view_line_sect(s), text))
		drop_bgp_family(s, v6);
	view_line_del(s, view_line_sect(s), text, strlen(text));
	return 0;
}

/* ---- route-distinguisher --------------------------------------------- */

#define RD_ID "route-distinguisher"
#define RD_IDLEN (sizeof RD_ID - 1)

static int h_rd(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "route-distinguisher");
	char text[128];
	cfg_entry *sect = view_line_sect(s);

	snprintf(text, sizeof text, RD_ID " %s", v->canon);
	const char *cur = view_line_text(view_line_get(s, sect, RD_ID, RD_IDLEN));
	if (cur && strcmp(cur, text) == 0)
		return 0;
	if (cur)
		return view_fail(err, errlen,
				 "Error: The RD has been configured and cannot be changed. Run undo "
				 "route-distinguisher %s first.", cur + RD_IDLEN + 1);
	cfg_order ord = { AFO_RD, 0, 0 };
	return view_line_set(s, sect, text, RD_IDLEN, ord, 0, NULL, err, errlen);
}

/* The VPN target lines of the current family: all of them (kind < 0), or
 * only those of the EVPN lists (kind 1) or of the others (kind 0). */
struct vt_collect {
	cfg_entry **v;
	size_t n, cap;
	int kind;
};

static bool is_evpn_target(const char *t)
{
	size_t n = strlen(t);

	return n > 5 && strcmp(t + n - 5, " evpn") == 0;
}

static int vt_visit(void *arg, cfg_entry *e)
{
	struct vt_collect *c = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	if (!t || strncmp(t, "vpn-target ", 11) != 0)
		return 0;
	if (c->kind >= 0 && is_evpn_target(t) != (c->kind == 1))
		return 0;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 16;
		cfg_entry **nv = realloc(c->v, ncap * sizeof *nv);
		if (!nv)
			return 1;
		c->v = nv;
		c->cap = ncap;
	}
	c->v[c->n++] = e;
	return 0;
}

static size_t delete_targets(vsh_session *s, int kind)
{
	struct vt_collect c = { NULL, 0, 0, kind };

	cfg_foreach_child(s->db, view_line_sect(s), CFG_CANDIDATE, vt_visit, &c);
	for (size_t i = 0; i < c.n; i++)
		cfg_delete(s->db, c.v[i]);
	free(c.v);
	return c.n;
}

static int h_undo_rd(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "route-distinguisher");
	char text[128];
	cfg_entry *sect = view_line_sect(s);

	snprintf(text, sizeof text, RD_ID " %s", v->canon);
	cfg_entry *e = view_line_get(s, sect, RD_ID, RD_IDLEN);
	if (!e || strcmp(view_line_text(e), text) != 0)
		return view_fail(err, errlen, "Error: The RD %s is not configured.", v->canon);
	/* The family's other settings need the RD. */
	delete_targets(s, -1);
	drop_bgp_family(s, vsh_top(s)->view == VIEW_VPN_AF6);
	cfg_delete(s->db, e);
	return 0;
}

/* ---- vpn-target ------------------------------------------------------ */

/* The text of target v's line in direction dir (0 export, 1 import). */
static int target_text(char *text, size_t size, const parser_value *v, int dir, bool evpn)
{
	return snprintf(text, size, "vpn-target %s %s%s", v->canon,
			dir == 0 ? "export-extcommunity" : "import-extcommunity",
			evpn ? " evpn" : "");
}

/* Each list's place, in creation order inside a list: export, export
 * EVPN, import, import EVPN.  An EVPN list follows the other list of its
 * direction in the same class: its key's high part (CFG_KEY_SEQ_IN(1))
 * sorts after the creation number alone, which the other lines have
 * always used, so lines an earlier version stored keep their places. */
static cfg_order target_order(int dir, bool evpn)
{
	return (cfg_order){ dir == 0 ? AFO_EXPORT : AFO_IMPORT,
			    evpn ? CFG_KEY_SEQ_IN(1) : CFG_KEY_SEQ, 0 };
}

static int set_targets(vsh_session *s, const parser_match *m, bool evpn, char *err,
		       size_t errlen)
{
	cfg_entry *sect = view_line_sect(s);
	bool exp = !parser_kw(m, "import-extcommunity");
	bool imp = !parser_kw(m, "export-extcommunity");
	int n = parser_arg_count(m, "vpn-target");
	char text[128];

	if (!view_line_get(s, sect, RD_ID, RD_IDLEN))
		return view_fail(err, errlen,
				 "Error: Configure the route distinguisher (RD) of the address family "
				 "first.");
	for (int i = 0; i < n && i < MAX_TARGETS; i++) {
		const parser_value *v = parser_arg_nth(m, "vpn-target", i);
		for (int dir = 0; dir < 2; dir++) {
			if (dir == 0 ? !exp : !imp)
				continue;
			int len = target_text(text, sizeof text, v, dir, evpn);
			if (!view_line_get(s, sect, text, (size_t)len) &&
			    view_line_set(s, sect, text, (size_t)len, target_order(dir, evpn), 0,
					  NULL, err, errlen) != 0)
				return -1;
		}
	}
	return 0;
}

static int undo_targets(vsh_session *s, const parser_match *m, bool evpn, char *err,
			size_t errlen)
{
	cfg_entry *sect = view_line_sect(s);
	bool want[2] = { !parser_kw(m, "import-extcommunity"), !parser_kw(m, "export-extcommunity") };
	int n = parser_arg_count(m, "vpn-target");
	char text[128];

	if (parser_kw(m, "all")) {
		delete_targets(s, evpn ? 1 : 0);
		return 0;
	}
	/* Every target named must exist (in a direction asked for) before
	 * any is removed: a refusal changes nothing. */
	for (int i = 0; i < n; i++) {
		const parser_value *v = parser_arg_nth(m, "vpn-target", i);
		bool found = false;
		for (int dir = 0; dir < 2 && !found; dir++) {
			int len = target_text(text, sizeof text, v, dir, evpn);
			found = want[dir] && view_line_get(s, sect, text, (size_t)len);
		}
		if (!found)
			return view_fail(err, errlen, "Error: The VPN target does not exist.");
	}
	for (int i = 0; i < n; i++) {
		const parser_value *v = parser_arg_nth(m, "vpn-target", i);
		for (int dir = 0; dir < 2; dir++) {
			if (!want[dir])
				continue;
			int len = target_text(text, sizeof text, v, dir, evpn);
			view_line_del(s, sect, text, (size_t)len);
		}
	}
	return 0;
}

static int h_vpn_target(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return set_targets(s, m, false, err, errlen);
}

static int h_undo_vpn_target(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return undo_targets(s, m, false, err, errlen);
}

int view_vpn_target_evpn(vsh_session *s, const parser_match *m, const gen_cmd *r, bool undo,
			 char *err, size_t errlen)
{
	(void)r;
	return undo ? undo_targets(s, m, true, err, errlen) : set_targets(s, m, true, err, errlen);
}

/* ---- the table ------------------------------------------------------- */

#define H_UNDO "Cancel a setting or restore its default\n"
#define H_VPN "Configure a VPN instance\nVPN instance name"
#define H_RD "Set the route distinguisher (RD) of the address family\n" \
	     "RD: AS:nn, AS.AS:nn or IPv4-address:nn"
#define H_VT "Add VPN targets to the address family\n" \
	     "VPN target: AS:nn, AS.AS:nn or IPv4-address:nn\n" \
	     "Add to both the import and the export list\n" \
	     "Add to the export list\n" \
	     "Add to the import list"
#define F_VT "vpn-target { <vpn-target> } &<1-8> " \
	     "[ both | export-extcommunity | import-extcommunity ]"

const view_cmd view_cmds_vpn[] = {
	{
		.pc = { .format = "ip vpn-instance <vpn-instance-name>",
			.help = "IPv4 settings\n" H_VPN,
			.params = vpn_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_vpn,
	},
	{
		.pc = { .format = "undo ip vpn-instance <vpn-instance-name>",
			.help = H_UNDO "IPv4 settings\n" H_VPN,
			.params = vpn_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_vpn,
	},
	{
		.pc = { .format = "ipv4-family [ unicast ]",
			.help = "Enable the IPv4 address family of the VPN instance\n"
				"Unicast address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN),
		.fn = h_af4,
	},
	{
		.pc = { .format = "undo ipv4-family [ unicast ]",
			.help = H_UNDO "Enable the IPv4 address family of the VPN instance\n"
				"Unicast address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN),
		.fn = h_undo_af,
	},
	{
		.pc = { .format = "ipv6-family [ unicast ]",
			.help = "Enable the IPv6 address family of the VPN instance\n"
				"Unicast address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN), .models = MODELS_IPV6_VPN,
		.fn = h_af6,
	},
	{
		.pc = { .format = "undo ipv6-family [ unicast ]",
			.help = H_UNDO "Enable the IPv6 address family of the VPN instance\n"
				"Unicast address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN), .models = MODELS_IPV6_VPN,
		.fn = h_undo_af,
	},
	{
		.pc = { .format = "route-distinguisher <route-distinguisher>",
			.help = H_RD, .params = rd_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF4),
		.fn = h_rd,
	},
	{
		.pc = { .format = "undo route-distinguisher <route-distinguisher>",
			.help = H_UNDO H_RD, .params = rd_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF4),
		.fn = h_undo_rd,
	},
	{
		.pc = { .format = "route-distinguisher <route-distinguisher>",
			.help = H_RD, .params = rd_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF6), .models = MODELS_IPV6_VPN,
		.fn = h_rd,
	},
	{
		.pc = { .format = "undo route-distinguisher <route-distinguisher>",
			.help = H_UNDO H_RD, .params = rd_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF6), .models = MODELS_IPV6_VPN,
		.fn = h_undo_rd,
	},
	{
		.pc = { .format = F_VT, .help = H_VT, .params = vt_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF4),
		.fn = h_vpn_target,
	},
	{
		.pc = { .format = "undo " F_VT, .help = H_UNDO H_VT, .params = vt_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF4),
		.fn = h_undo_vpn_target,
	},
	{
		.pc = { .format = "undo vpn-target all",
			.help = H_UNDO "Add VPN targets to the address family\n"
				"Delete every VPN target of the address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF4),
		.fn = h_undo_vpn_target,
	},
	{
		.pc = { .format = F_VT, .help = H_VT, .params = vt_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF6), .models = MODELS_IPV6_VPN,
		.fn = h_vpn_target,
	},
	{
		.pc = { .format = "undo " F_VT, .help = H_UNDO H_VT, .params = vt_params,
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF6), .models = MODELS_IPV6_VPN,
		.fn = h_undo_vpn_target,
	},
	{
		.pc = { .format = "undo vpn-target all",
			.help = H_UNDO "Add VPN targets to the address family\n"
				"Delete every VPN target of the address family",
			.level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_VPN_AF6), .models = MODELS_IPV6_VPN,
		.fn = h_undo_vpn_target,
	},
	{ .pc = { .format = NULL } },
};
