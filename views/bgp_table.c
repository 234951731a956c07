/* The BGP command table: every Format of the BGP pages vrpsh models, with
 * the views, level and models of its page.
 *
 * Pages that give a model-specific Format (an IPv6 form noted "supported
 * only on" the IPv6 VPN models, an IPv4-only form for the others) become
 * one row per form: the IPv4 form for every model, the IPv6 alternatives
 * on MODELS_IPV6_VPN.  The group connect-interface of the BGP view, whose
 * one Format holds both, has its full Format on the IPv6 VPN models and
 * the IPv4-only one on MODELS_NO_IPV6_VPN.  (The per-model headings name
 * neither CE8865, CE8865-SAN nor CE8875: they get the IPv4 forms, as they
 * get every page without such headings.) */
#include "bgp.h"
#include "models.h"
#include "params.h"

static const parser_param bgp_params[] = {
	{ "as-number", &pt_asn, NULL },
	{ "instance-name", &view_pt_bgp_inst_name, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param rid_params[] = {
	{ "ipv4-address", &pt_ipv4, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param vpn_params[] = {
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ NULL, NULL, NULL },
};

/* Views */
#define V_PROC VIEWS(VIEW_BGP)
#define V_ANYPROC VIEWS(VIEW_BGP, VIEW_BGP_INST)
#define V_INST VIEWS(VIEW_BGP_INST)
/* views that define peers of IPv4 / IPv6 / groups */
#define VL_DEF_COMMON VIEW_BGP, VIEW_BGP_INST, VL_BGP_VPNI
#define V_DEF4 VIEWS(VL_DEF_COMMON, VL_BGP_VPN4)
#define V_DEF6 VIEWS(VL_DEF_COMMON, VL_BGP_VPN6)
#define V_VPN6 VIEWS(VL_BGP_VPN6)
#define V_VPNI VIEWS(VL_BGP_VPNI)

#define M6 MODELS_IPV6_VPN
#define N6 MODELS_NO_IPV6_VPN

/* Help lines */
#define H_UNDO "Cancel a setting or restore its default\n"
#define H_BGP "Enable BGP and enter the BGP view\nLocal AS number (N or X.Y)"
#define H_INST "Name a BGP instance\nBGP instance name"
#define H_RID "Set the BGP router ID\nRouter ID (IPv4 address)"
#define H_AF4 "Enter an IPv4 address family view\nUnicast address family"
#define H_AF6 "Enter an IPv6 address family view\nUnicast address family"
#define H_VPNI "Enter the BGP view of a VPN instance\nVPN instance name"
#define H_VPN4 "Enter an IPv4 address family view\n" \
	       "Use the IPv4 address family of a VPN instance\n" \
	       "VPN instance name"
#define H_VPN6 "Enter an IPv6 address family view\n" \
	       "Use the IPv6 address family of a VPN instance\n" \
	       "VPN instance name"
#define H_PEER "Configure a BGP peer or peer group\n"
#define H_G H_PEER "Peer group name\n"
#define H_P4 H_PEER "IPv4 address of the peer\n"
#define H_P6 H_PEER "IPv6 address of the peer\n"
#define H_GROUP "Create a peer group\nPeer group name"
#define H_GTYPE "\nCreate an IBGP peer group\nCreate an EBGP peer group"
#define H_LISTEN "\nA dynamic peer group: peers connecting from its listen ranges join it"
#define H_CONFED "\nCreate a peer group of EBGP peers inside the confederation"
/* the views of a dynamic peer group besides the BGP view */
#define V_LISTEN VIEWS(VIEW_BGP_INST, VL_BGP_VPNI, VL_BGP_VPN4)
#define H_ASN_KW "Set the AS number of the peer"
#define H_ASN H_ASN_KW "\nAS number (N or X.Y)"
#define H_MEMBER "Add the peer to a peer group\nPeer group name"
#define H_HOP_KW "Allow an EBGP connection over several hops"
#define H_HOP H_HOP_KW "\nMaximum hop count (255 when not given)"
#define H_DESC_KW "Describe the peer or peer group"
#define H_DESC H_DESC_KW "\nDescription text (spaces allowed)"
#define H_EN "Exchange routes with the peer in this address family"
#define H_CI_KW "Set the source interface and address of the BGP connection"
#define H_IFN "Interface name\n"
#define H_IFT "Interface type\nInterface number"
#define H_SRC4 "Source IPv4 address\n"
#define H_SRC6 "Source IPv6 address\n"

/* connect-interface Formats, as the pages write them */
#define CI_ALTS4(src) "{ <interface-name> | <" src "> | <interface-type> <interface-number> | " \
		      "<interface-name> <" src "> | <interface-type> <interface-number> <" src "> }"
#define F_GCI_46 "peer <group-name> connect-interface { <interface-name> | <ipv4-source-addr> | " \
		 "<ipv6-source-addr> | <interface-type> <interface-number> | " \
		 "<interface-name> <ipv4-source-addr> | <interface-name> <ipv6-source-addr> | " \
		 "<interface-type> <interface-number> <ipv4-source-addr> | " \
		 "<interface-type> <interface-number> <ipv6-source-addr> }"

#define ROW(fmt, hlp, views_, models_, handler)                                   \
	{ .pc = { .format = fmt, .help = hlp, .params = view_bgp_peer_params,     \
		  .level = LEVEL_CONFIG },                                        \
	  .views = views_, .models = models_, .fn = handler }
#define ROWP(fmt, hlp, par, views_, models_, handler)                             \
	{ .pc = { .format = fmt, .help = hlp, .params = par, .level = LEVEL_CONFIG }, \
	  .views = views_, .models = models_, .fn = handler }

const view_cmd view_cmds_bgp[] = {
	/* ---- processes ---- */
	ROWP("bgp <as-number>", H_BGP, bgp_params, VIEWS(VIEW_SYSTEM), NULL, view_bgp_h_bgp),
	/* The page's Format makes the AS number optional, but "by default, an
	 * AS number must be specified in the undo bgp command". */
	ROWP("undo bgp <as-number>", H_UNDO H_BGP, bgp_params, VIEWS(VIEW_SYSTEM), NULL,
	     view_bgp_h_undo_bgp),
	ROWP("bgp <as-number> instance <instance-name>", H_BGP "\n" H_INST, bgp_params,
	     VIEWS(VIEW_SYSTEM), NULL, view_bgp_h_instance),
	ROWP("undo bgp <as-number> instance <instance-name>", H_UNDO H_BGP "\n" H_INST, bgp_params,
	     VIEWS(VIEW_SYSTEM), NULL, view_bgp_h_undo_instance),
	ROWP("router-id <ipv4-address>", H_RID, rid_params, V_PROC, NULL, view_bgp_h_router_id),
	ROWP("undo router-id", H_UNDO "Set the BGP router ID", NULL, V_PROC, NULL,
	     view_bgp_h_undo_router_id),

	/* ---- address family and VPN instance views ---- */
	ROWP("ipv4-family unicast", H_AF4, NULL, V_PROC, NULL, view_bgp_h_af),
	ROWP("ipv6-family unicast", H_AF6, NULL, V_PROC, M6, view_bgp_h_af),
	ROWP("ipv6-family", "Enter an IPv6 address family view", NULL, V_PROC, M6, view_bgp_h_af),
	ROWP("undo ipv6-family [ unicast ]", H_UNDO H_AF6, NULL, V_PROC, M6, view_bgp_h_undo_af6),
	ROWP("vpn-instance <vpn-instance-name>", H_VPNI, vpn_params, V_ANYPROC, NULL,
	     view_bgp_h_vpn),
	ROWP("undo vpn-instance <vpn-instance-name>", H_UNDO H_VPNI, vpn_params, V_ANYPROC, NULL,
	     view_bgp_h_undo_vpn),
	ROWP("ipv4-family vpn-instance <vpn-instance-name>", H_VPN4, vpn_params, V_ANYPROC, NULL,
	     view_bgp_h_vpn),
	ROWP("undo ipv4-family vpn-instance <vpn-instance-name>", H_UNDO H_VPN4, vpn_params,
	     V_ANYPROC, NULL, view_bgp_h_undo_vpn),
	ROWP("ipv6-family vpn-instance <vpn-instance-name>", H_VPN6, vpn_params, V_ANYPROC, M6,
	     view_bgp_h_vpn),
	ROWP("undo ipv6-family vpn-instance <vpn-instance-name>", H_UNDO H_VPN6, vpn_params,
	     V_ANYPROC, M6, view_bgp_h_undo_vpn),

	/* ---- group ---- */
	ROW("group <group-name> { internal | external }", H_GROUP H_GTYPE,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_group),
	ROW("group <group-name> { external | internal }",
	    H_GROUP "\nCreate an EBGP peer group\nCreate an IBGP peer group", V_VPN6, M6,
	    view_bgp_group),
	ROW("group <group-name>", H_GROUP, VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_group),
	ROW("group <group-name>", H_GROUP, V_VPN6, M6, view_bgp_group),
	ROW("undo group <group-name>", H_UNDO H_GROUP, VIEWS(VIEW_BGP, VIEW_BGP_INST, VL_BGP_VPN4),
	    NULL, view_bgp_undo_group),
	ROW("undo group <group-name>", H_UNDO H_GROUP, V_VPN6, M6, view_bgp_undo_group),
	ROW("undo group <group-name> [ internal | external ]", H_UNDO H_GROUP H_GTYPE, V_VPNI, NULL,
	    view_bgp_undo_group),
	ROW("group <group-name> listen [ internal | external | confederation-external ]",
	    H_GROUP H_LISTEN H_GTYPE H_CONFED, V_PROC, NULL, view_bgp_group),
	ROW("group <group-name> listen [ internal | external ]", H_GROUP H_LISTEN H_GTYPE, V_LISTEN,
	    NULL, view_bgp_group),
	ROW("undo group <group-name> listen [ internal | external | confederation-external ]",
	    H_UNDO H_GROUP H_LISTEN H_GTYPE H_CONFED, V_PROC, NULL, view_bgp_undo_group),
	ROW("undo group <group-name> listen [ internal | external ]",
	    H_UNDO H_GROUP H_LISTEN H_GTYPE, V_LISTEN, NULL, view_bgp_undo_group),

	/* ---- peer ... as-number, undo peer ---- */
	ROW("peer <group-name> as-number <as-number>", H_G H_ASN,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_peer_as),
	ROW("peer <group-name> as-number <as-number>", H_G H_ASN, V_VPN6, M6, view_bgp_peer_as),
	ROW("undo peer <group-name> as-number", H_UNDO H_G H_ASN_KW,
	    VIEWS(VIEW_BGP, VIEW_BGP_INST, VL_BGP_VPN4), NULL, view_bgp_undo_peer_as),
	ROW("undo peer <group-name> as-number", H_UNDO H_G H_ASN_KW, V_VPN6, M6,
	    view_bgp_undo_peer_as),
	ROW("undo peer <group-name> as-number [ <as-number> ]", H_UNDO H_G H_ASN, V_VPNI, NULL,
	    view_bgp_undo_peer_as),
	ROW("peer <ipv4-address> as-number <as-number>", H_P4 H_ASN, V_DEF4, NULL,
	    view_bgp_peer_as),
	ROW("undo peer <ipv4-address>", H_UNDO H_PEER "IPv4 address of the peer", V_DEF4, NULL,
	    view_bgp_undo_peer),
	ROW("peer <ipv6-address> as-number <as-number>", H_P6 H_ASN, V_DEF6, M6, view_bgp_peer_as),
	ROW("undo peer <ipv6-address>", H_UNDO H_PEER "IPv6 address of the peer", V_DEF6, M6,
	    view_bgp_undo_peer),

	/* ---- peer X group G ---- */
	ROW("peer <ipv4-address> group <group-name>", H_P4 H_MEMBER, V_DEF4, NULL,
	    view_bgp_peer_group),
	ROW("undo peer <ipv4-address> group <group-name>", H_UNDO H_P4 H_MEMBER, V_DEF4, NULL,
	    view_bgp_undo_peer_group),
	ROW("peer <ipv6-address> group <group-name>", H_P6 H_MEMBER, V_DEF6, M6,
	    view_bgp_peer_group),
	ROW("undo peer <ipv6-address> group <group-name>", H_UNDO H_P6 H_MEMBER, V_DEF6, M6,
	    view_bgp_undo_peer_group),

	/* in the unicast families: join the group, enabled there */
	ROW("peer <ipv4-address> group <group-name>", H_P4 H_MEMBER, VIEWS(VIEW_BGP_AF4), NULL,
	    view_bgp_af_peer_group),
	ROW("undo peer <ipv4-address> group <group-name>", H_UNDO H_P4 H_MEMBER, VIEWS(VIEW_BGP_AF4),
	    NULL, view_bgp_af_undo_peer_group),
	ROW("peer <peerIpv6Addr> group <peerGroupName>", H_P6 H_MEMBER, VIEWS(VIEW_BGP_AF4), M6,
	    view_bgp_af_peer_group),
	ROW("undo peer <peerIpv6Addr> group <peerGroupName>", H_UNDO H_P6 H_MEMBER,
	    VIEWS(VIEW_BGP_AF4), M6, view_bgp_af_undo_peer_group),
	ROW("peer { <ipv4-address> | <ipv6-address> } group <group-name>", H_PEER
	    "IPv4 address of the peer\nIPv6 address of the peer\n" H_MEMBER, VIEWS(VIEW_BGP_AF6),
	    M6, view_bgp_af_peer_group),
	ROW("undo peer { <ipv4-address> | <ipv6-address> } group <group-name>", H_UNDO H_PEER
	    "IPv4 address of the peer\nIPv6 address of the peer\n" H_MEMBER, VIEWS(VIEW_BGP_AF6),
	    M6, view_bgp_af_undo_peer_group),

	/* ---- connect-interface ---- */
	ROW(F_GCI_46, H_G H_CI_KW "\n" H_IFN H_SRC4 H_SRC6 H_IFT, V_PROC, M6, view_bgp_peer_ci),
	ROW("peer <group-name> connect-interface " CI_ALTS4("ipv4-source-addr"),
	    H_G H_CI_KW "\n" H_IFN H_SRC4 H_IFT, V_PROC, N6, view_bgp_peer_ci),
	ROW("peer <group-name> connect-interface " CI_ALTS4("ipv4-source-addr"),
	    H_G H_CI_KW "\n" H_IFN H_SRC4 H_IFT, VIEWS(VIEW_BGP_INST, VL_BGP_VPN4), NULL,
	    view_bgp_peer_ci),
	ROW("peer <group-name> connect-interface " CI_ALTS4("ipv4-address"),
	    H_G H_CI_KW "\n" H_IFN H_SRC4 H_IFT, V_VPNI, NULL, view_bgp_peer_ci),
	ROW("peer <group-name> connect-interface { <interface-name> | "
	    "<interface-type> <interface-number> | <ipv6-source-addr> | "
	    "<interface-name> <ipv6-source-addr> | "
	    "<interface-type> <interface-number> <ipv6-source-addr> }",
	    H_G H_CI_KW "\n" H_IFN H_IFT "\nSource IPv6 address", V_VPN6, M6, view_bgp_peer_ci),
	ROW("undo peer <group-name> connect-interface", H_UNDO H_G H_CI_KW,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_undo_peer_ci),
	ROW("undo peer <group-name> connect-interface", H_UNDO H_G H_CI_KW, V_VPN6, M6,
	    view_bgp_undo_peer_ci),
	ROW("peer <ipv4-address> connect-interface " CI_ALTS4("ipv4-source-address"),
	    H_P4 H_CI_KW "\n" H_IFN H_SRC4 H_IFT, V_DEF4, NULL, view_bgp_peer_ci),
	ROW("undo peer <ipv4-address> connect-interface", H_UNDO H_P4 H_CI_KW, V_DEF4, NULL,
	    view_bgp_undo_peer_ci),
	ROW("peer <ipv6-address> connect-interface " CI_ALTS4("ipv6-source-address"),
	    H_P6 H_CI_KW "\n" H_IFN H_SRC6 H_IFT, VIEWS(VIEW_BGP, VL_BGP_VPNI, VL_BGP_VPN6), M6,
	    view_bgp_peer_ci),
	ROW("undo peer <ipv6-address> connect-interface", H_UNDO H_P6 H_CI_KW,
	    VIEWS(VIEW_BGP, VL_BGP_VPNI, VL_BGP_VPN6), M6, view_bgp_undo_peer_ci),
	ROW("peer <peerIpv6Addr> connect-interface " CI_ALTS4("ipv6-source-addr"),
	    H_P6 H_CI_KW "\n" H_IFN H_SRC6 H_IFT, V_INST, M6, view_bgp_peer_ci),
	ROW("undo peer <peerIpv6Addr> connect-interface", H_UNDO H_P6 H_CI_KW, V_INST, M6,
	    view_bgp_undo_peer_ci),

	/* ---- ebgp-max-hop ---- */
	ROW("peer <group-name> ebgp-max-hop [ <hop-count> ]", H_G H_HOP,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_peer_hop),
	ROW("peer <group-name> ebgp-max-hop [ <hop-count> ]", H_G H_HOP, V_VPN6, M6,
	    view_bgp_peer_hop),
	ROW("undo peer <group-name> ebgp-max-hop", H_UNDO H_G H_HOP_KW,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_undo_peer_hop),
	ROW("undo peer <group-name> ebgp-max-hop", H_UNDO H_G H_HOP_KW, V_VPN6, M6,
	    view_bgp_undo_peer_hop),
	ROW("peer <ipv4-address> ebgp-max-hop [ <hop-count> ]", H_P4 H_HOP, V_DEF4, NULL,
	    view_bgp_peer_hop),
	ROW("undo peer <ipv4-address> ebgp-max-hop", H_UNDO H_P4 H_HOP_KW, V_DEF4, NULL,
	    view_bgp_undo_peer_hop),
	ROW("peer <ipv6-address> ebgp-max-hop [ <hop-count> ]", H_P6 H_HOP, V_DEF6, M6,
	    view_bgp_peer_hop),
	ROW("undo peer <ipv6-address> ebgp-max-hop", H_UNDO H_P6 H_HOP_KW, V_DEF6, M6,
	    view_bgp_undo_peer_hop),

	/* ---- description ---- */
	ROW("peer <group-name> description <description-text>", H_G H_DESC,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_peer_desc),
	ROW("peer <group-name> description <description-text>", H_G H_DESC, V_VPN6, M6,
	    view_bgp_peer_desc),
	ROW("undo peer <group-name> description", H_UNDO H_G H_DESC_KW,
	    VIEWS(VL_DEF_COMMON, VL_BGP_VPN4), NULL, view_bgp_undo_peer_desc),
	ROW("undo peer <group-name> description", H_UNDO H_G H_DESC_KW, V_VPN6, M6,
	    view_bgp_undo_peer_desc),
	ROW("peer <ipv4-address> description <description-text>", H_P4 H_DESC, V_DEF4, NULL,
	    view_bgp_peer_desc),
	ROW("undo peer <ipv4-address> description", H_UNDO H_P4 H_DESC_KW, V_DEF4, NULL,
	    view_bgp_undo_peer_desc),
	ROW("peer <ipv6-address> description <description-text>", H_P6 H_DESC, V_DEF6, M6,
	    view_bgp_peer_desc),
	ROW("undo peer <ipv6-address> description", H_UNDO H_P6 H_DESC_KW, V_DEF6, M6,
	    view_bgp_undo_peer_desc),

	/* ---- enable ---- */
	ROW("peer <ipv4-address> enable", H_P4 H_EN,
	    VIEWS(VIEW_BGP, VIEW_BGP_AF4, VL_BGP_VPN4), NULL, view_bgp_peer_enable),
	ROW("undo peer <ipv4-address> enable", H_UNDO H_P4 H_EN,
	    VIEWS(VIEW_BGP, VIEW_BGP_AF4, VL_BGP_VPN4), NULL, view_bgp_undo_peer_enable),
	ROW("peer <ipv4-address> enable", H_P4 H_EN, VIEWS(VIEW_BGP_AF6, VIEW_BGP_VPN6), M6,
	    view_bgp_peer_enable),
	ROW("undo peer <ipv4-address> enable", H_UNDO H_P4 H_EN, VIEWS(VIEW_BGP_AF6, VIEW_BGP_VPN6),
	    M6, view_bgp_undo_peer_enable),
	ROW("peer <peerIpv6Addr> enable", H_P6 H_EN, VIEWS(VIEW_BGP_AF4), M6, view_bgp_peer_enable),
	ROW("undo peer <peerIpv6Addr> enable", H_UNDO H_P6 H_EN, VIEWS(VIEW_BGP_AF4), M6,
	    view_bgp_undo_peer_enable),
	ROW("peer <ipv6-address> enable", H_P6 H_EN, VIEWS(VIEW_BGP_AF6, VL_BGP_VPN6), M6,
	    view_bgp_peer_enable),
	ROW("undo peer <ipv6-address> enable", H_UNDO H_P6 H_EN, VIEWS(VIEW_BGP_AF6, VL_BGP_VPN6),
	    M6, view_bgp_undo_peer_enable),
	ROW("peer <group-name> enable", H_G H_EN,
	    VIEWS(VIEW_BGP, VIEW_BGP_AF4, VL_BGP_VPN4, VL_BGP_VPN6), NULL, view_bgp_peer_enable),
	ROW("undo peer <group-name> enable", H_UNDO H_G H_EN,
	    VIEWS(VIEW_BGP, VIEW_BGP_AF4, VL_BGP_VPN4, VL_BGP_VPN6), NULL,
	    view_bgp_undo_peer_enable),
	ROW("peer <group-name> enable", H_G H_EN, VIEWS(VIEW_BGP_AF6), M6, view_bgp_peer_enable),
	ROW("undo peer <group-name> enable", H_UNDO H_G H_EN, VIEWS(VIEW_BGP_AF6), M6,
	    view_bgp_undo_peer_enable),
	{ .pc = { .format = NULL } },
};
