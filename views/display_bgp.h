/* The peer tables of the BGP display commands, each in the layout of its
 * reference page (they differ from command to command), exposed so that
 * tests can pin each layout with the page's own example rows. */
#ifndef VRPSH_VIEWS_DISPLAY_BGP_H
#define VRPSH_VIEWS_DISPLAY_BGP_H

#include <stddef.h>
#include <stdint.h>

enum bgp_table_layout {
	BGPT_PEER,      /* display bgp peer */
	BGPT_IPV6,      /* display bgp ipv6 peer */
	BGPT_VPNV4_ALL, /* display bgp [ instance N ] vpnv4 all peer (VPN instance blocks) */
	BGPT_VPNV4_VPN, /* display bgp [ instance N ] vpnv4 vpn-instance V peer */
	BGPT_VPNV6,     /* display bgp [ instance N ] vpnv6 ... peer */
};

typedef struct bgp_table_row {
	const char *peer;   /* address as shown */
	const char *as;     /* AS number as shown */
	unsigned rcvd, sent, outq;
	uint32_t secs;      /* in the current state */
	const char *state;  /* "Idle", "Established", ... */
	unsigned pref;
} bgp_table_row;

/* One row of the table in a layout (no line end).  Returns the length
 * written (truncated to len - 1). */
size_t view_bgp_table_row(enum bgp_table_layout lay, const bgp_table_row *r, char *buf,
			  size_t len);

/* Up/Down: hh:mm:ss below a day, then hhhhhmm ("****h" past 9999 hours). */
void view_bgp_up_down(uint32_t secs, char *buf, size_t len);

#endif
