/* Render order of top-level blocks in `display current-configuration`
 * (cfg_order.cls of root children).  Sub-view orders are private to the
 * file that owns the view. */
#ifndef VRPSH_VIEWS_ORDER_H
#define VRPSH_VIEWS_ORDER_H

enum view_top_order {
	ORD_SYSNAME = 10,
	ORD_VPN_INSTANCE = 30,
	ORD_INTERFACE = 40,   /* key: iftype order, then numbers (see interface.c) */
	ORD_BGP = 60,         /* bgp AS first, then bgp AS instance NAME by creation */
	ORD_AAA = 70,
	ORD_USER_INTERFACE = 80,
};

#endif
