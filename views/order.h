/* Render order of top-level blocks in `display current-configuration`
 * (cfg_order.cls of root children).  Sub-view orders are private to the
 * file that owns the view.  The configuration guide's scripts give this
 * order; the generated commands are numbered around these values
 * (tools/gensyntax/guide.py, through the `anchor` overrides), hence the
 * room between them. */
#ifndef VRPSH_VIEWS_ORDER_H
#define VRPSH_VIEWS_ORDER_H

enum view_top_order {
	ORD_SYSNAME = 10 << 16,
	ORD_HEADER = 12 << 16,     /* header login|shell information */
	ORD_VPN_INSTANCE = 30 << 16,
	ORD_AAA = 35 << 16,        /* devices show aaa before the interfaces */
	ORD_INTERFACE = 40 << 16,  /* key: iftype order, then numbers (see interface.c) */
	ORD_GENERIC = 50 << 16,    /* sections of generated commands, by creation (views/generic.c) */
	ORD_BGP = 60 << 16,        /* bgp AS first, then bgp AS instance NAME by creation */
	ORD_UI_MAX_VTY = 79 << 16, /* user-interface maximum-vty, next to the user interfaces */
	ORD_USER_INTERFACE = 80 << 16, /* key: console 0, then VTY ranges by numbers (see ui.c) */
};

#endif
