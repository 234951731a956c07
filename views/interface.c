/* The `interface` command and the commands of the interface views:
 * ip address, ipv6 enable, ipv6 address, ip binding vpn-instance,
 * description, shutdown, portswitch.
 *
 * Logical interfaces (LoopBack, Vlanif, Eth-Trunk, Tunnel, Vbdif, Nve) and
 * sub-interfaces of physical ports and Eth-Trunks (10GE1/0/1.100, with
 * `mode l2` for a Layer 2 sub-interface) are created by `interface`;
 * physical ports exist when the device model has them, NULL0 always, and
 * they are only entered (an implicit section: entering one changes
 * nothing).
 * Ethernet ports and Eth-Trunks start in Layer 2 mode: Layer 3 commands
 * need `undo portswitch` first, and that line is what the configuration
 * shows for a Layer 3 port. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/iftype.h"
#include "bgp.h"
#include "edit.h"
#include "ifref.h"
#include "interface.h"
#include "models.h"
#include "strjoin.h"
#include "order.h"
#include "params.h"
#include "../shell/session.h"

/* Render order of the lines of an interface block (cfg_order.cls).  The
 * lines of generated commands are numbered between and around these
 * (tools/gensyntax/guide.py reads them through the `anchor` overrides),
 * hence the room between them.  `undo portswitch` and `description` open
 * the block, before every generated line (`description` before `port
 * link-type`, as the device shows them): their classes are below the
 * generated ones, and they are no anchors. */
enum {
	IFO_PORTSWITCH = 1,
	IFO_DESCRIPTION = 2,
	IFO_SHUTDOWN = 3 << 24,
	IFO_BINDING = 4 << 24,
	IFO_IPV4 = 5 << 24,
	IFO_IPV6_ENABLE = 6 << 24,
	IFO_IPV6_ADDR = 7 << 24,
};

#define IF_PREFIX "interface "
#define IF_PREFIX_LEN (sizeof IF_PREFIX - 1)
#define MAX_IPV4_SUB 255
#define MAX_IPV6_ADDR 16

static const parser_param if_params[] = {
	{ "interface-name", &pt_ifname, NULL },
	{ "interface-type", &pt_iftype, NULL },
	{ "interface-number", &pt_ifnum, NULL },
	{ NULL, NULL, NULL },
};

#define MODE_L2 " mode l2"

static const parser_param ipv4_params[] = {
	{ "ip-address", &pt_ipv4, NULL },
	{ "mask", &pt_ipv4_mask, NULL },
	{ "mask-length", &pt_uint_mask_len, NULL },
	{ "tag-value", &view_pt_tag, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param ipv6_params[] = {
	{ "ipv6-address", &pt_ipv6, NULL },
	{ "prefix-length", &pt_ipv6_plen, NULL },
	{ "ipv6-address/prefix-length", &pt_ipv6_prefix, NULL },
	{ "tag-value", &view_pt_tag, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param binding_params[] = {
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ NULL, NULL, NULL },
};

static const parser_param desc_params[] = {
	{ "description", &view_pt_if_description, NULL },
	{ NULL, NULL, NULL },
};

/* ---- the interface of the current view ------------------------------- */

static const char *cur_ifname(const vsh_session *s)
{
	const char *t = view_line_text(view_line_sect(s));
	return t && strncmp(t, IF_PREFIX, IF_PREFIX_LEN) == 0 ? t + IF_PREFIX_LEN : "";
}

/* Ethernet ports and Eth-Trunks in their default Layer 2 mode. */
static bool cur_is_l2(const vsh_session *s)
{
	view_id v = vsh_top(s)->view;
	if (v != VIEW_IF_ETH && v != VIEW_IF_ETH_TRUNK)
		return false;
	return view_line_gets(s, view_line_sect(s), "undo portswitch") == NULL;
}

static int need_l3(const vsh_session *s, char *err, size_t errlen)
{
	if (!cur_is_l2(s))
		return 0;
	return view_fail(err, errlen,
			 "Error: The interface works in Layer 2 mode. Run the undo portswitch "
			 "command first.");
}

static int set_line(vsh_session *s, const char *text, size_t idlen, uint32_t cls, uint64_t key,
		    uint32_t sub, char *err, size_t errlen)
{
	cfg_order ord = { cls, key, sub };
	return view_line_set(s, view_line_sect(s), text, idlen, ord, 0, NULL, err, errlen);
}

/* Delete the lines of the current interface starting with a prefix;
 * returns how many went. */
static size_t delete_prefixed(vsh_session *s, const char *const *prefixes)
{
	return view_lines_del_prefixed(s, view_line_sect(s), prefixes);
}

static size_t count_prefixed(vsh_session *s, const char *prefix)
{
	const char *const prefixes[] = { prefix, NULL };
	view_line_list c;

	view_lines_prefixed(s, view_line_sect(s), prefixes, &c);
	free(c.v);
	return c.n;
}

static const char *const ipv4_lines[] = { "ip address ", NULL };
static const char *const ipv6_lines[] = { "ipv6 enable", "ipv6 address ", NULL };

static cfg_entry *cur_binding(vsh_session *s);

/* Binding or unbinding a VPN instance drops the interface's Layer 3
 * addresses, as on the device. */
static void drop_l3(vsh_session *s)
{
	if (delete_prefixed(s, ipv4_lines))
		vsh_printf(s, "Info: All IPv4 related configurations on this interface are removed.\n");
	if (delete_prefixed(s, ipv6_lines))
		vsh_printf(s, "Info: All IPv6 related configurations on this interface are removed.\n");
}

/* ---- interface ------------------------------------------------------- */

struct ifsel {
	const struct if_type *t;
	uint32_t n[IF_NUM_MAX];
	char name[40];
	bool sub;  /* a sub-interface */
};

static int pick_interface(const parser_match *m, struct ifsel *is, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "interface-name");

	memset(is, 0, sizeof *is);
	if (v) {
		is->t = v->ifn.ift;
		memcpy(is->n, v->ifn.n, sizeof is->n);
	} else {
		const parser_value *t = parser_arg_get(m, "interface-type");
		const parser_value *num = parser_arg_get(m, "interface-number");
		if (!t || !num)
			return view_fail(err, errlen, "Error: The interface name is incomplete.");
		is->t = t->ift;
		memcpy(is->n, num->ifn.n, sizeof is->n);
	}
	if (!is->t || iftype_format(is->t, is->n, is->name, sizeof is->name) == 0)
		return view_fail(err, errlen, "Error: The interface name is invalid.");
	is->sub = is->t->submax && is->n[is->t->ndims] != 0;
	return 0;
}

static view_id view_of(const struct ifsel *is)
{
	if (is->sub)
		return VIEW_IF_SUB;
	switch (is->t->cls) {
	case IFC_LOOPBACK:
		return VIEW_IF_LOOPBACK;
	case IFC_VLANIF:
		return VIEW_IF_VLANIF;
	case IFC_ETH_TRUNK:
		return VIEW_IF_ETH_TRUNK;
	case IFC_TUNNEL:
		return VIEW_IF_TUNNEL;
	case IFC_MEQ:
		return VIEW_IF_MEQ;
	case IFC_VBDIF:
		return VIEW_IF_VBDIF;
	case IFC_NVE:
		return VIEW_IF_NVE;
	case IFC_NULL:
		return VIEW_IF_NULL;
	case IFC_ETH:
	default:
		return VIEW_IF_ETH;
	}
}

/* The place of an interface type in `display current-configuration`: the
 * iftype table's order, but for what the configuration guide's scripts
 * show otherwise (Vbdif interfaces before the VLANIF ones, the management
 * port after the Eth-Trunks). */
static uint32_t if_type_rank(const struct if_type *t)
{
	if (t->cls == IFC_VBDIF)
		return 1;
	if (t->cls == IFC_MEQ) {
		bool amb;
		const struct if_type *trunk = iftype_lookup("Eth-Trunk", 9, &amb);
		return trunk ? (uint32_t)trunk->order + 1 : t->order;
	}
	return t->order;
}

/* Interfaces render by type, then by number, each sub-interface right
 * after its main interface. */
static cfg_order if_order(const struct if_type *t, const uint32_t n[IF_NUM_MAX])
{
	cfg_order o = { ORD_INTERFACE, (uint64_t)if_type_rank(t) << 32 | n[0], 0 };
	if (t->ndims == 3)
		o.sub = (n[1] & 0xffu) << 24 | (n[2] & 0xffu) << 16;
	if (t->submax)
		o.sub |= n[t->ndims] & 0xffffu;
	return o;
}

/* "interface NAME" for t/n; name: its spelling when the caller has it
 * (as iftype_format writes it), else NULL. */
static size_t if_text(const struct if_type *t, const uint32_t n[IF_NUM_MAX], const char *name,
		      char *buf, size_t len)
{
	size_t k;
	if (name) {
		size_t end = view_strput(buf, len, IF_PREFIX_LEN, name, strlen(name));
		k = end ? end - IF_PREFIX_LEN : 0;
	} else {
		k = iftype_format(t, n, buf + IF_PREFIX_LEN, len - IF_PREFIX_LEN);
	}
	if (k == 0 || IF_PREFIX_LEN + k >= len)
		return 0;
	memcpy(buf, IF_PREFIX, IF_PREFIX_LEN);
	return IF_PREFIX_LEN + k;
}

bool view_if_place(const char *name, cfg_order *ord, char *text, size_t len)
{
	const struct if_type *t;
	uint32_t n[IF_NUM_MAX];

	if (!iftype_parse_name(name, &t, n) || if_text(t, n, NULL, text, len) == 0)
		return false;
	*ord = if_order(t, n);
	return true;
}

cfg_entry *view_if_section(vsh_session *s, const struct if_type *t, const uint32_t n[IF_NUM_MAX],
			   const char *name, char *err, size_t errlen)
{
	char text[64];
	cfg_entry *root = cfg_root(s->db), *e;
	size_t len = if_text(t, n, name, text, sizeof text);

	if (len == 0) {
		view_fail(err, errlen, "Error: The interface name is invalid.");
		return NULL;
	}
	e = view_line_get(s, root, text, len);
	if (e || t->logical || (t->submax && n[t->ndims])) {
		if (!e)
			view_fail(err, errlen, "Error: The interface %s does not exist.",
				  text + IF_PREFIX_LEN);
		return e;
	}
	if (t->cls != IFC_NULL && !model_has_port(s->model, t->name, n)) {
		view_fail(err, errlen, "Error: The interface %s does not exist.", text + IF_PREFIX_LEN);
		return NULL;
	}
	if (view_line_set(s, root, text, len, if_order(t, n), CFG_F_SECTION | CFG_F_IMPLICIT, &e,
			  err, errlen) != 0)
		return NULL;
	return e;
}

static int h_interface(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct ifsel is;
	char suffix[48];
	cfg_entry *e;

	if (pick_interface(m, &is, err, errlen) != 0)
		return -1;
	bool l2 = parser_kw(m, "l2");
	if (l2 && !is.sub)
		return view_fail(err, errlen, "Error: Only a sub-interface can be created in Layer 2 "
					      "mode.");
	if (is.sub && is.t->cls == IFC_ETH && !model_has_port(s->model, is.t->name, is.n))
		return view_fail(err, errlen, "Error: The interface %.*s does not exist.",
				 (int)strcspn(is.name, "."), is.name);
	if (is.t->logical || is.sub) {
		char text[80];
		size_t len = if_text(is.t, is.n, NULL, text, sizeof text - sizeof MODE_L2);
		cfg_entry *root = cfg_root(s->db);
		e = len ? view_line_get(s, root, text, len) : NULL;
		if (e && is.sub) {
			const char *t = view_line_text(e);
			bool was_l2 = t && strcmp(t + len, MODE_L2) == 0;
			if (was_l2 != l2)
				return view_fail(err, errlen, "Error: The sub-interface %s already exists "
							      "in Layer %d mode.", is.name,
						 was_l2 ? 2 : 3);
		}
		if (!e && l2)
			memcpy(text + len, MODE_L2, sizeof MODE_L2);
		if (!e && view_line_set(s, root, text, len, if_order(is.t, is.n), CFG_F_SECTION, &e,
					err, errlen) != 0)
			return -1;
	} else if (!(e = view_if_section(s, is.t, is.n, NULL, err, errlen))) {
		return -1;
	}
	snprintf(suffix, sizeof suffix, "-%s", is.name);
	if (vsh_push(s, view_of(&is), e, suffix) != 0)
		return view_fail(err, errlen, "Error: The interface view cannot be entered.");
	return 0;
}

/* Describe a connect-interface line for a message: "peer test
 * (ipv6-family vpn-instance vpn1)". */
static void describe_user(const cfg_entry *line, char *buf, size_t buflen)
{
	const char *t = view_line_text(line);
	const char *sect = view_line_text(cfg_parent(line));
	const char *ci = t ? strstr(t, " connect-interface") : NULL;
	int n = ci ? (int)(ci - t) : 0;
	snprintf(buf, buflen, "%.*s (%s)", n, t ? t : "", sect ? sect : "");
}

static int h_undo_interface(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct ifsel is;
	char text[64];
	char user[VIEW_LINE_MAX];
	view_ifref_list stale = { NULL, 0, 0, false };

	if (pick_interface(m, &is, err, errlen) != 0)
		return -1;
	if (!is.t->logical && !is.sub)
		return view_fail(err, errlen, "Error: A physical interface cannot be deleted.");
	snprintf(text, sizeof text, IF_PREFIX "%s", is.name);
	cfg_entry *e = view_line_gets(s, cfg_root(s->db), text);
	if (!e)
		return view_fail(err, errlen, "Error: The interface %s does not exist.", is.name);
	cfg_entry *user_line = view_ifref_users(s, e, is.name, &stale);
	if (user_line) {
		free(stale.v);
		describe_user(user_line, user, sizeof user);
		return view_fail(err, errlen,
				 "Error: The interface is the connect-interface of %s. Delete that "
				 "configuration first.", user);
	}
	/* Lines that named this interface once and another one now go with it
	 * (their link is older than their text): put them back. */
	struct saved {
		cfg_entry *parent;
		char *text;
	} *keep = stale.n ? calloc(stale.n, sizeof *keep) : NULL;
	size_t nkeep = 0;
	for (size_t i = 0; keep && i < stale.n; i++) {
		keep[nkeep].parent = cfg_parent(stale.v[i]);
		keep[nkeep].text = strdup(view_line_text(stale.v[i]));
		if (keep[nkeep].text)
			nkeep++;
	}
	free(stale.v);
	int rc = 0;
	if (stale.oom || nkeep < stale.n)
		rc = view_fail(err, errlen, "Error: Out of memory.");
	else if (cfg_delete(s->db, e) != 0)
		rc = view_fail(err, errlen, "Error: Out of memory.");
	for (size_t i = 0; i < nkeep; i++) {
		if (rc == 0 && view_bgp_peer_restore(s, keep[i].parent, keep[i].text, err, errlen) != 0)
			rc = -1;
		free(keep[i].text);
	}
	free(keep);
	return rc;
}

/* ---- ip address ------------------------------------------------------ */

static uint32_t mask_of_len(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static int mask_len(uint32_t mask)
{
	int n = 0;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return mask_of_len((unsigned)n) == mask ? n : -1;
}

struct v4addr {
	uint32_t ip;   /* host order */
	int len;       /* -1 when not given */
	bool sub;
	const parser_value *tag;
	char ips[INET_ADDRSTRLEN];
	char masks[INET_ADDRSTRLEN];
};

static int pick_v4(const parser_match *m, struct v4addr *a, char *err, size_t errlen)
{
	const parser_value *ip = parser_arg_get(m, "ip-address");
	const parser_value *mk = parser_arg_get(m, "mask");
	const parser_value *ml = parser_arg_get(m, "mask-length");
	struct in_addr ma;

	memset(a, 0, sizeof *a);
	a->len = -1;
	a->sub = parser_kw(m, "sub");
	a->tag = parser_arg_get(m, "tag-value");
	if (!ip)
		return 0;
	a->ip = ntohl(ip->v4.s_addr);
	if (mk)
		a->len = mask_len(ntohl(mk->v4.s_addr));
	else if (ml)
		a->len = (int)ml->u;
	if (a->len < 0 || a->len > 32)
		return view_fail(err, errlen, "Error: The specified mask is invalid.");
	inet_ntop(AF_INET, &ip->v4, a->ips, sizeof a->ips);
	ma.s_addr = htonl(mask_of_len((unsigned)a->len));
	inet_ntop(AF_INET, &ma, a->masks, sizeof a->masks);
	return 0;
}

static int check_v4(const vsh_session *s, const struct v4addr *a, char *err, size_t errlen)
{
	bool loopback = vsh_top(s)->view == VIEW_IF_LOOPBACK;
	uint32_t first = a->ip >> 24;

	if (a->len == 32 && !loopback)
		return view_fail(err, errlen,
				 "Error: The mask 255.255.255.255 (32) can be used only on a "
				 "LoopBack interface.");
	if (a->len == 0 || first == 0 || first >= 224 || (first == 127 && !loopback))
		return view_fail(err, errlen, "Error: The specified IP address is invalid.");
	if (a->len <= 30) {
		uint32_t host = a->ip & ~mask_of_len((unsigned)a->len);
		if (host == 0 || host == ~mask_of_len((unsigned)a->len))
			return view_fail(err, errlen,
					 "Error: The IP address cannot be the network or broadcast "
					 "address of its subnet.");
	}
	return 0;
}

/* Does the primary address line carry this address? */
static bool primary_is(const cfg_entry *primary, const char *ips)
{
	const char *t = view_line_text(primary);
	size_t n = strlen(ips);
	return t && strncmp(t + 11, ips, n) == 0 && t[11 + n] == ' ';
}

static int h_ip_address(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct v4addr a;
	char text[128];
	char id[64];
	char tag[24] = "";

	if (pick_v4(m, &a, err, errlen) != 0 || need_l3(s, err, errlen) != 0 ||
	    check_v4(s, &a, err, errlen) != 0)
		return -1;
	if (a.tag)
		snprintf(tag, sizeof tag, " tag %llu", (unsigned long long)a.tag->u);
	cfg_entry *sect = view_line_sect(s);
	cfg_entry *primary = view_line_gets(s, sect, "ip address");
	int idn = snprintf(id, sizeof id, "ip address %s", a.ips);

	if (!a.sub) {
		if (view_line_get(s, sect, id, (size_t)idn))
			return view_fail(err, errlen, "Error: The address already exists.");
		snprintf(text, sizeof text, "ip address %s %s%s", a.ips, a.masks, tag);
		return set_line(s, text, strlen("ip address"), IFO_IPV4, 0, 0, err, errlen);
	}
	if (!primary)
		return view_fail(err, errlen,
				 "Error: Configure the primary IP address before a secondary one.");
	if (primary_is(primary, a.ips))
		return view_fail(err, errlen, "Error: The address already exists.");
	if (!view_line_get(s, sect, id, (size_t)idn) &&
	    count_prefixed(s, "ip address ") >= MAX_IPV4_SUB + 1)
		return view_fail(err, errlen,
				 "Error: An interface can have at most %d secondary IP addresses.",
				 MAX_IPV4_SUB);
	snprintf(text, sizeof text, "ip address %s %s sub%s", a.ips, a.masks, tag);
	return set_line(s, text, (size_t)idn, IFO_IPV4, 1 + (uint64_t)a.ip, 0, err, errlen);
}

static int h_undo_ip_address(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct v4addr a;
	char id[64];
	char want[96];

	if (pick_v4(m, &a, err, errlen) != 0)
		return -1;
	cfg_entry *sect = view_line_sect(s);
	if (!parser_arg_get(m, "ip-address")) {
		delete_prefixed(s, ipv4_lines);
		return 0;
	}
	if (a.sub) {
		int idn = snprintf(id, sizeof id, "ip address %s", a.ips);
		cfg_entry *e = view_line_get(s, sect, id, (size_t)idn);
		snprintf(want, sizeof want, "ip address %s %s sub", a.ips, a.masks);
		if (!e || strncmp(view_line_text(e), want, strlen(want)) != 0)
			return view_fail(err, errlen, "Error: The IP address does not exist.");
		cfg_delete(s->db, e);
		return 0;
	}
	cfg_entry *primary = view_line_gets(s, sect, "ip address");
	snprintf(want, sizeof want, "ip address %s %s", a.ips, a.masks);
	const char *t = view_line_text(primary);
	size_t wl = strlen(want);
	if (!t || strncmp(t, want, wl) != 0 || (t[wl] != '\0' && t[wl] != ' '))
		return view_fail(err, errlen, "Error: The IP address does not exist.");
	if (count_prefixed(s, "ip address ") > 1)
		return view_fail(err, errlen,
				 "Error: Delete the secondary IP addresses before the primary one.");
	cfg_delete(s->db, primary);
	return 0;
}

/* ---- ipv6 enable / ipv6 address -------------------------------------- */

static int h_ipv6_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	if (need_l3(s, err, errlen) != 0)
		return -1;
	return set_line(s, "ipv6 enable", strlen("ipv6 enable"), IFO_IPV6_ENABLE, 0, 0, err, errlen);
}

static int h_undo_ipv6_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	delete_prefixed(s, ipv6_lines);
	return 0;
}

struct v6addr {
	struct in6_addr a;
	int plen;
	const parser_value *tag;
	char id[80];    /* "ipv6 address 2001:DB8::1" */
	char text[128]; /* id + "/64" [+ " tag N"] */
	size_t idlen;
};

static void pick_v6(const parser_match *m, struct v6addr *v)
{
	const parser_value *p = parser_arg_get(m, "ipv6-address/prefix-length");
	const parser_value *a = parser_arg_get(m, "ipv6-address");
	const parser_value *l = parser_arg_get(m, "prefix-length");
	char as[INET6_ADDRSTRLEN];

	memset(v, 0, sizeof *v);
	v->plen = -1;
	v->tag = parser_arg_get(m, "tag-value");
	if (p) {
		v->a = p->p6.addr;
		v->plen = p->p6.plen;
	} else if (a && l) {
		v->a = a->v6;
		v->plen = (int)l->u;
	} else {
		return;
	}
	view_param_ipv6(&v->a, as, sizeof as);
	v->idlen = (size_t)snprintf(v->id, sizeof v->id, "ipv6 address %s", as);
	int n = snprintf(v->text, sizeof v->text, "%s/%d", v->id, v->plen);
	if (v->tag && n > 0)
		snprintf(v->text + n, sizeof v->text - (size_t)n, " tag %llu",
			 (unsigned long long)v->tag->u);
}

/* The address with its host bits cleared equals the address: the
 * subnet-router anycast address of the prefix. */
static bool is_prefix_itself(const struct in6_addr *a, int plen)
{
	for (int bit = plen; bit < 128; bit++)
		if (a->s6_addr[bit / 8] & (0x80u >> (bit % 8)))
			return false;
	return true;
}

static int h_ipv6_address(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct v6addr v;
	cfg_entry *sect = view_line_sect(s);

	pick_v6(m, &v);
	if (need_l3(s, err, errlen) != 0)
		return -1;
	if (v.plen < 1 || v.plen > 128)
		return view_fail(err, errlen, "Error: The prefix length is invalid.");
	if (!view_line_gets(s, sect, "ipv6 enable"))
		return view_fail(err, errlen,
				 "Error: IPv6 is not enabled on the interface. Run the ipv6 enable "
				 "command first.");
	if (IN6_IS_ADDR_UNSPECIFIED(&v.a) || IN6_IS_ADDR_LOOPBACK(&v.a) ||
	    IN6_IS_ADDR_MULTICAST(&v.a) || IN6_IS_ADDR_LINKLOCAL(&v.a))
		return view_fail(err, errlen, "Error: The specified IPv6 address is invalid.");
	if (v.plen < 127 && is_prefix_itself(&v.a, v.plen))
		return view_fail(err, errlen,
				 "Error: The IPv6 address cannot be the same as its network prefix.");
	if (IN6_IS_ADDR_V4MAPPED(&v.a) && cur_binding(s))
		return view_fail(err, errlen,
				 "Error: An IPv4-mapped IPv6 address cannot be used on an interface "
				 "bound to a VPN instance.");
	if (!view_line_get(s, sect, v.id, v.idlen) &&
	    count_prefixed(s, "ipv6 address ") >= MAX_IPV6_ADDR)
		return view_fail(err, errlen,
				 "Error: An interface can have at most %d global unicast IPv6 "
				 "addresses.", MAX_IPV6_ADDR);
	uint64_t key = 0;
	for (int i = 0; i < 8; i++)
		key = key << 8 | v.a.s6_addr[i];
	uint32_t sub = (uint32_t)v.a.s6_addr[8] << 24 | (uint32_t)v.a.s6_addr[9] << 16 |
		       (uint32_t)v.a.s6_addr[10] << 8 | v.a.s6_addr[11];
	return set_line(s, v.text, v.idlen, IFO_IPV6_ADDR, key, sub, err, errlen);
}

static int h_undo_ipv6_address(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct v6addr v;

	pick_v6(m, &v);
	if (v.plen < 0) {
		const char *const lines[] = { "ipv6 address ", NULL };
		delete_prefixed(s, lines);
		return 0;
	}
	cfg_entry *e = view_line_get(s, view_line_sect(s), v.id, v.idlen);
	const char *t = view_line_text(e);
	size_t n = strlen(v.id);
	if (!t || t[n] != '/' || atoi(t + n + 1) != v.plen)
		return view_fail(err, errlen, "Error: The IPv6 address does not exist.");
	cfg_delete(s->db, e);
	return 0;
}

/* ---- ip binding vpn-instance ----------------------------------------- */

/* A binding line names its instance in its identity, and the instance owns
 * it: deleting the instance unbinds the interface.  An interface has at
 * most one binding, found among its few lines. */
static cfg_entry *cur_binding(vsh_session *s)
{
	static const char *const lines[] = { "ip binding vpn-instance ", NULL };
	view_line_list c;

	view_lines_prefixed(s, view_line_sect(s), lines, &c);
	cfg_entry *e = c.n ? c.v[0] : NULL;
	free(c.v);
	return e;
}

static int binding_text(const parser_match *m, char *text, size_t len, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "vpn-instance-name");
	char q[VIEW_NAME_MAX];

	if (!v || view_param_vpn_reserved(v->str))
		return view_fail(err, errlen,
				 "Error: The name _public_ is reserved for the public network.");
	if (view_param_quote(v->str, q, sizeof q) == 0)
		return view_fail(err, errlen, "Error: The VPN instance name is too long.");
	snprintf(text, len, "ip binding vpn-instance %s", q);
	return 0;
}

static int h_ip_binding(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char text[96];
	char vpn[96];
	cfg_entry *line;

	if (binding_text(m, text, sizeof text, err, errlen) != 0 || need_l3(s, err, errlen) != 0)
		return -1;
	snprintf(vpn, sizeof vpn, "ip vpn-instance %s", text + strlen("ip binding vpn-instance "));
	cfg_entry *inst = view_line_gets(s, cfg_root(s->db), vpn);
	if (!inst)
		return view_fail(err, errlen, "Error: The VPN instance %s does not exist.",
				 parser_arg_get(m, "vpn-instance-name")->str);
	cfg_entry *cur = cur_binding(s);
	if (cur && strcmp(view_line_text(cur), text) == 0)
		return 0;
	drop_l3(s);
	if (cur)
		cfg_delete(s->db, cur);
	cfg_order ord = { IFO_BINDING, 0, 0 };
	if (view_line_set(s, view_line_sect(s), text, strlen(text), ord, 0, &line, err, errlen) != 0)
		return -1;
	if (cfg_own(inst, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

static int h_undo_ip_binding(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char text[96];

	if (binding_text(m, text, sizeof text, err, errlen) != 0)
		return -1;
	cfg_entry *e = cur_binding(s);
	if (!e || strcmp(view_line_text(e), text) != 0)
		return view_fail(err, errlen,
				 "Error: The interface is not bound to VPN instance %s.",
				 parser_arg_get(m, "vpn-instance-name")->str);
	drop_l3(s);
	cfg_delete(s->db, e);
	return 0;
}

/* ---- description, shutdown, portswitch ------------------------------- */

static int h_description(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "description");
	const char *start;
	char text[sizeof "description " + 256];

	size_t n = view_param_trim(v ? v->str : "", &start);
	if (n == 0 || n > 242)
		return view_fail(err, errlen,
				 "Error: The description must be 1 to 242 characters long.");
	snprintf(text, sizeof text, "description %.*s", (int)n, start);
	return set_line(s, text, strlen("description"), IFO_DESCRIPTION, 0, 0, err, errlen);
}

static int h_undo_description(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	view_line_del(s, view_line_sect(s), "description", strlen("description"));
	return 0;
}

static int h_shutdown(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return set_line(s, "shutdown", strlen("shutdown"), IFO_SHUTDOWN, 0, 0, err, errlen);
}

static int h_undo_shutdown(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	view_line_del(s, view_line_sect(s), "shutdown", strlen("shutdown"));
	return 0;
}

static int h_portswitch(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	static const char *const l3_lines[] = { "ip address ", "ipv6 enable", "ipv6 address ",
						"ip binding vpn-instance ", NULL };
	char user[VIEW_LINE_MAX];
	view_line_list c;
	(void)m;

	if (!view_line_gets(s, view_line_sect(s), "undo portswitch"))
		return 0;
	view_lines_prefixed(s, view_line_sect(s), l3_lines, &c);
	free(c.v);
	if (c.n)
		return view_fail(err, errlen,
				 "Error: Delete the Layer 3 configuration of the interface before "
				 "switching it to Layer 2 mode.");
	cfg_entry *user_line = view_ifref_users(s, view_line_sect(s), cur_ifname(s), NULL);
	if (user_line) {
		describe_user(user_line, user, sizeof user);
		vsh_printf(s, "Warning: The interface is the connect-interface of %s; in Layer 2 "
			      "mode that BGP connection cannot be set up.\n", user);
	}
	view_line_del(s, view_line_sect(s), "undo portswitch", strlen("undo portswitch"));
	return 0;
}

static int h_undo_portswitch(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return set_line(s, "undo portswitch", strlen("undo portswitch"), IFO_PORTSWITCH, 0, 0, err,
			errlen);
}

/* ---- the table ------------------------------------------------------- */

#define V_ALL_IF VIEWS(VL_IF_L3)
#define V_SHUTDOWN VIEWS(VIEW_IF_ETH, VIEW_IF_ETH_TRUNK, VIEW_IF_TUNNEL, VIEW_IF_VLANIF, VIEW_IF_MEQ)
#define V_PORTSWITCH VIEWS(VIEW_IF_ETH, VIEW_IF_ETH_TRUNK)

#define H_UNDO "Cancel a setting or restore its default\n"
#define H_IFSEL "Interface name\n" \
		"Interface type\n" \
		"Interface number"
#define H_IPV4 "Set an IPv4 address\n" \
	       "IPv4 address\n" \
	       "Subnet mask\n" \
	       "Subnet mask length\n" \
	       "Make it a secondary address\n" \
	       "Set the administrative tag of the direct route\n" \
	       "Tag value"
#define H_IPV6 "IPv6 settings\n" \
	       "Set a global unicast IPv6 address\n" \
	       "IPv6 address\n" \
	       "Prefix length\n" \
	       "IPv6 address with prefix length\n" \
	       "Set the administrative tag of the direct route\n" \
	       "Tag value"

const view_cmd view_cmds_interface[] = {
	{
		.pc = { .format = "interface { <interface-name> | <interface-type> <interface-number> }",
			.help = "Enter an interface view, creating a logical interface if needed\n"
				H_IFSEL,
			.params = if_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_interface,
	},
	{
		.pc = { .format = "interface { <interface-name> | <interface-type> <interface-number> } "
				  "mode l2",
			.help = "Enter an interface view, creating a logical interface if needed\n"
				H_IFSEL "\nSet the mode of a new sub-interface\nLayer 2 mode",
			.params = if_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_interface,
	},
	{
		.pc = { .format = "undo interface { <interface-name> | <interface-type> <interface-number> }",
			.help = H_UNDO "Delete a logical interface\n" H_IFSEL,
			.params = if_params, .level = LEVEL_CONFIG },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_interface,
	},
	{
		.pc = { .format = "ip address <ip-address> { <mask> | <mask-length> } [ sub ] "
				  "[ tag <tag-value> ]",
			.help = "IPv4 settings\n" H_IPV4,
			.params = ipv4_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_ip_address,
	},
	{
		.pc = { .format = "undo ip address [ <ip-address> { <mask> | <mask-length> } [ sub ] "
				  "[ tag <tag-value> ] ]",
			.help = H_UNDO "IPv4 settings\n" H_IPV4,
			.params = ipv4_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_undo_ip_address,
	},
	{
		.pc = { .format = "ipv6 enable",
			.help = "IPv6 settings\nEnable IPv6 on the interface",
			.level = LEVEL_CONFIG },
		.views = V_ALL_IF, .models = MODELS_IPV6_VPN,
		.fn = h_ipv6_enable,
	},
	{
		.pc = { .format = "undo ipv6 enable",
			.help = H_UNDO "IPv6 settings\nEnable IPv6 on the interface",
			.level = LEVEL_CONFIG },
		.views = V_ALL_IF, .models = MODELS_IPV6_VPN,
		.fn = h_undo_ipv6_enable,
	},
	{
		.pc = { .format = "ipv6 address { <ipv6-address> <prefix-length> | "
				  "<ipv6-address/prefix-length> } [ tag <tag-value> ]",
			.help = H_IPV6, .params = ipv6_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF, .models = MODELS_IPV6_VPN,
		.fn = h_ipv6_address,
	},
	{
		.pc = { .format = "undo ipv6 address",
			.help = H_UNDO "IPv6 settings\nSet a global unicast IPv6 address",
			.level = LEVEL_CONFIG },
		.views = V_ALL_IF, .models = MODELS_IPV6_VPN,
		.fn = h_undo_ipv6_address,
	},
	{
		.pc = { .format = "undo ipv6 address { <ipv6-address> <prefix-length> | "
				  "<ipv6-address/prefix-length> } [ tag <tag-value> ]",
			.help = H_UNDO H_IPV6, .params = ipv6_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF, .models = MODELS_IPV6_VPN,
		.fn = h_undo_ipv6_address,
	},
	{
		.pc = { .format = "ip binding vpn-instance <vpn-instance-name>",
			.help = "IPv4 settings\n"
				"Bind the interface to a VPN instance\n"
				"Bind the interface to a VPN instance\n"
				"VPN instance name",
			.params = binding_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_ip_binding,
	},
	{
		.pc = { .format = "undo ip binding vpn-instance <vpn-instance-name>",
			.help = H_UNDO "IPv4 settings\n"
				"Bind the interface to a VPN instance\n"
				"Bind the interface to a VPN instance\n"
				"VPN instance name",
			.params = binding_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_undo_ip_binding,
	},
	{
		.pc = { .format = "description <description>",
			.help = "Describe the interface\nDescription text (spaces allowed)",
			.params = desc_params, .level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_description,
	},
	{
		.pc = { .format = "undo description",
			.help = H_UNDO "Describe the interface",
			.level = LEVEL_CONFIG },
		.views = V_ALL_IF,
		.fn = h_undo_description,
	},
	{
		.pc = { .format = "shutdown",
			.help = "Shut the interface down",
			.level = LEVEL_CONFIG },
		.views = V_SHUTDOWN,
		.fn = h_shutdown,
	},
	{
		.pc = { .format = "undo shutdown",
			.help = H_UNDO "Shut the interface down",
			.level = LEVEL_CONFIG },
		.views = V_SHUTDOWN,
		.fn = h_undo_shutdown,
	},
	{
		.pc = { .format = "portswitch",
			.help = "Switch the interface to Layer 2 mode",
			.level = LEVEL_CONFIG },
		.views = V_PORTSWITCH,
		.fn = h_portswitch,
	},
	{
		.pc = { .format = "undo portswitch",
			.help = H_UNDO "Switch the interface to Layer 2 mode",
			.level = LEVEL_CONFIG },
		.views = V_PORTSWITCH, .models = MODELS_UNDO_PORTSWITCH,
		.fn = h_undo_portswitch,
	},
	{ .pc = { .format = NULL } },
};
