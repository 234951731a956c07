/* BGP internals shared by the files of the BGP views and by the views that
 * touch BGP configuration (interface.c, vpn.c, bgp_backend.c):
 *
 *   bgp.c         bgp / bgp instance, router-id, the address-family and
 *                 VPN-instance views inside a BGP process
 *   bgp_peer.c    group and peer commands of the views that define peers
 *   bgp_enable.c  peer ... enable, and the lines address families keep
 *                 for the peers of their process
 *   bgp_order.c   where the process's lines and sections and the peer and
 *                 group lines go, among the generated lines of the views
 *   bgp_table.c   the command table
 *
 * Layout in the configuration tree (the device's display order):
 *   bgp AS | bgp AS instance NAME       a BGP process (top level)
 *    router-id X                        (bgp AS only)
 *    peers and groups                   (see bgp_order.c)
 *    #  ipv4-family unicast             (bgp AS only; enables of its peers)
 *    #  ipv6-family unicast
 *    #  vpn-instance V                  peers and groups of VPN instance V
 *    #  ipv4-family vpn-instance V      its own peers and groups, and the
 *    #  ipv6-family vpn-instance V      enables of `vpn-instance V`'s ones
 * Sections of one kind keep their creation order; the generated lines
 * and sections of these views stand among them in the generated order. */
#ifndef VRPSH_VIEWS_BGP_H
#define VRPSH_VIEWS_BGP_H

#include <netinet/in.h>

#include "../shell/session.h"

/* What a section of the BGP configuration is. */
enum bgp_sect {
	BGPS_NONE,
	BGPS_PROC, /* bgp AS: the BGP view */
	BGPS_INST, /* bgp AS instance NAME: the BGP multi-instance view */
	BGPS_VPNI, /* vpn-instance V: the BGP-VPN instance view (either process) */
	BGPS_VPN4, /* ipv4-family vpn-instance V */
	BGPS_VPN6, /* ipv6-family vpn-instance V */
	BGPS_AF4,  /* ipv4-family unicast (bgp AS) */
	BGPS_AF6,  /* ipv6-family unicast (bgp AS) */
};

/* The place of a process's section of the given kind, or of its
 * router-id line for BGPS_NONE (bgp_order.c); in_inst: the process is a
 * multi-instance one (`bgp AS instance NAME`). */
cfg_order view_bgp_place(enum bgp_sect kind, bool in_inst);

/* The kind of a section, from its text and its parent's (either side). */
enum bgp_sect view_bgp_kind(const cfg_entry *sect);

/* The BGP process (top-level `bgp ...` line) a BGP section belongs to. */
cfg_entry *view_bgp_proc(const cfg_entry *sect);

/* The local AS of the BGP process holding sect; false when it cannot be
 * read. */
bool view_bgp_local_as(const cfg_entry *sect, uint32_t *as);

/* The VPN instance name of a VPNI/VPN4/VPN6 section as its line writes it
 * (quoted when it holds blanks); NULL for others. */
const char *view_bgp_vpn_word(const cfg_entry *sect, size_t *len);

/* A process's section of the given kind and VPN instance (vpn: as lines
 * write it; unused for AF4/AF6), or NULL. */
cfg_entry *view_bgp_child(const vsh_session *s, cfg_entry *proc, enum bgp_sect kind,
			  const char *vpn, size_t vlen);

/* The `ipv4-family unicast` / `ipv6-family unicast` section of process
 * proc, made when missing (it holds the process's enables). */
int view_bgp_af_get(vsh_session *s, cfg_entry *proc, enum bgp_sect kind, cfg_entry **out,
		    char *err, size_t errlen);

/* Delete the BGP sections of VPN instance `qname` (as lines write it) of
 * every BGP process: kinds a bitmask of 1 << BGPS_VPNI, BGPS_VPN4,
 * BGPS_VPN6.  For `undo ip vpn-instance` and its families' undo. */
void view_bgp_drop_vpn(vsh_session *s, const char *qname, unsigned kinds);

/* ---- peers and groups (bgp_peer.c, bgp_enable.c, bgp_order.c) ------- */

/* A group or peer as lines name it. */
enum bgp_pkind { BGPP_GROUP, BGPP_V4, BGPP_V6 };

typedef struct bgp_peer {
	enum bgp_pkind kind;
	char name[64];        /* group: quoted when it holds blanks; peer: canonical address */
	char shown[64];       /* for messages: the group name unquoted, the address */
	struct in6_addr addr; /* peers (IPv4 mapped into IPv6) */
	cfg_entry *sect;      /* the section that defines it */
	cfg_entry *gline;     /* group: its `group` line (NULL when missing) */
} bgp_peer;

/* Line attributes of a peer or group, in display order.  BGPA_DISABLE is
 * `undo peer X enable`: a family that enables the peer by itself (IPv4
 * unicast, for the BGP view's IPv4 peers and groups) shows that it does
 * not. */
enum bgp_attr {
	BGPA_GROUPLINE = 0,
	BGPA_AS,
	BGPA_ENABLE,
	BGPA_MEMBER,
	BGPA_DESC,
	BGPA_HOP,
	BGPA_CI,
	BGPA_DISABLE,
	BGPA_COUNT
};

extern const char *const view_bgp_attr_word[BGPA_COUNT];

/* Parameters of the group, peer and enable commands. */
extern const parser_param view_bgp_peer_params[];

/* Fill p for group `name` (unquoted) / the address of `a` (IPv4 when
 * v4) in sect; false when the name cannot be written. */
bool view_bgp_set_group(vsh_session *s, cfg_entry *sect, const char *name, bgp_peer *p);
void view_bgp_set_addr(const struct in6_addr *a, bool v4, cfg_entry *sect, bgp_peer *p);
/* Read a name as lines write it: a group (quoted or not) or an address. */
bool view_bgp_peer_from_word(vsh_session *s, cfg_entry *sect, const char *word, size_t len,
			     bgp_peer *p);

/* The line "peer NAME ATTR" of p in sect (candidate), or NULL. */
cfg_entry *view_bgp_attr_get(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr);
/* Set "peer NAME ATTR[ VALUE]" of p in sect, in its place. */
int view_bgp_attr_set(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr,
		      const char *value, cfg_entry **out, char *err, size_t errlen);
bool view_bgp_attr_del(vsh_session *s, cfg_entry *sect, const bgp_peer *p, int attr);
/* The value of a line after its identity ("peer X as-number 100" -> "100"). */
const char *view_bgp_line_value(const cfg_entry *e);

/* The group p belongs to in its defining section (NULL: none), read into
 * g when not NULL. */
bool view_bgp_member_of(vsh_session *s, const bgp_peer *p, bgp_peer *g);

/* Where p's lines go in a section: ungrouped IPv4 peers by address, then
 * IPv6 peers, then each group (in creation order) with its own lines and
 * its members' (bgp_order.c). */
cfg_order view_bgp_order(const bgp_peer *p, const bgp_peer *group, int attr);
/* The place of a new group's line that will have creation number seq
 * (cfg_next_seq): what view_bgp_order gives once the line exists. */
cfg_order view_bgp_new_group_order(uint64_t seq);
/* The place of a generated line "peer NAME ..." of rank `rank` in its
 * family, typed in BGP section sect; false when sect is no BGP section
 * of vrpsh's or the line names no peer. */
bool view_bgp_line_order(vsh_session *s, cfg_entry *sect, const char *line, uint32_t rank,
			 cfg_order *out);
/* Put every line of p in sect (and in the address families that enable
 * it) in its place for membership of `group` (NULL: none). */
void view_bgp_reorder(vsh_session *s, const bgp_peer *p, const bgp_peer *group);

/* The address-family sections that enable the peers of `home` (a PROC or
 * VPNI section): up to 2, returned in out. */
size_t view_bgp_af_sections(vsh_session *s, cfg_entry *home, cfg_entry *out[2]);

/* The lines of p in every address family that enables it go (enable and
 * membership lines): for undo peer and undo group. */
void view_bgp_enables_drop(vsh_session *s, const bgp_peer *p);
/* p has joined group g: address families that enable p get its
 * membership line too. */
int view_bgp_enables_join(vsh_session *s, const bgp_peer *p, const bgp_peer *g, char *err,
			  size_t errlen);
/* A new peer or group of the BGP view: enabled in IPv4 unicast, as the
 * device does (IPv4 peers and groups; an IPv6 peer only makes the
 * family's section). */
int view_bgp_enables_auto(vsh_session *s, const bgp_peer *p, char *err, size_t errlen);

/* Drop every enable of family af (with the membership lines of the
 * peers it enables): `vpn-instance V` is going. */
void view_bgp_af_drop_enables(vsh_session *s, cfg_entry *af);

/* '?' values for <group-name>: the groups the current view may name. */
void view_dyn_groups(void *ctx, const struct parser_args *bound, parser_emit_fn emit, void *arg);

/* Handlers (bgp_peer.c, bgp_enable.c). */
int view_bgp_group(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_group(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_as(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_ci(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_hop(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_desc(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_peer_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_undo_peer_enable(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_af_peer_group(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_af_undo_peer_group(vsh_session *s, const parser_match *m, char *err,
				size_t errlen);

/* `peer X group G` (the command's words) in section sect, as typed there;
 * *p gets the peer. */
int view_bgp_join(vsh_session *s, const parser_match *m, cfg_entry *sect, bgp_peer *p,
		  char *err, size_t errlen);

/* Handlers of bgp.c the table names. */
int view_bgp_h_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_undo_bgp(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_undo_instance(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_undo_router_id(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_af(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_undo_af6(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen);
int view_bgp_h_undo_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen);

/* Set a line of a peer-defining section again from its text, with its
 * place and links, after a cascade removed it although it no longer
 * belonged to what was deleted. */
int view_bgp_peer_restore(vsh_session *s, cfg_entry *sect, const char *text, char *err,
			  size_t errlen);

#endif
