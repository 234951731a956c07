/* BGP internals shared by bgp.c (the command table, bgp and address-family
 * commands), bgp_peer.c (group and peer commands) and interface.c. */
#ifndef VRPSH_VIEWS_BGP_H
#define VRPSH_VIEWS_BGP_H

#include "../shell/session.h"

/* Parameters of the group and peer commands. */
extern const parser_param view_bgp_peer_params[];

/* Handlers of the group and peer commands (bgp_peer.c). */
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

/* Set a peer line of the BGP VPN section vpn6 again from its text, with
 * its order and links, after a cascade removed it although it no longer
 * belonged to what was deleted. */
int view_bgp_peer_restore(vsh_session *s, cfg_entry *vpn6, const char *text, char *err,
			  size_t errlen);

/* The local AS of the BGP section holding vpn6 ("bgp 100", "bgp 100
 * instance a"); false when it cannot be read. */
bool view_bgp_local_as(const cfg_entry *vpn6, uint32_t *as);

#endif
