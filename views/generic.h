/* The handler of every generated command that has no hand-written one
 * (views/generic.c). */
#ifndef VRPSH_VIEWS_GENERIC_H
#define VRPSH_VIEWS_GENERIC_H

#include "../shell/session.h"

/* "Info: This command is not supported by vrpsh.": display and action
 * commands that vrpsh does not carry out. */
extern const char view_unsupported_msg[];

int view_generic(vsh_session *s, const parser_match *m, char *err, size_t errlen);

/* Generated configuration commands whose lines are a set the device keeps
 * as a whole rather than one line per command: the VLANs made in batches
 * and their deletion (views/vlan_batch.c). */
struct gen_cmd;
int view_vlan_batch(vsh_session *s, const parser_match *m, const struct gen_cmd *r, bool undo,
		    char *err, size_t errlen);
/* The VLAN lists of a port (views/port_vlans.c). */
int view_port_vlans(vsh_session *s, const parser_match *m, const struct gen_cmd *r, bool undo,
		    char *err, size_t errlen);
/* The EVPN VPN targets of a VPN instance's address family (views/vpn.c). */
int view_vpn_target_evpn(vsh_session *s, const parser_match *m, const struct gen_cmd *r,
			 bool undo, char *err, size_t errlen);

#endif
