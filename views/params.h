/* Parameter types shared by the interface, VPN-instance and BGP command
 * tables, the canonical spelling of their values in configuration lines,
 * and the dynamic values '?' offers for them. */
#ifndef VRPSH_VIEWS_PARAMS_H
#define VRPSH_VIEWS_PARAMS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parser/grammar.h"
#include "../parser/matcher.h"
#include "../parser/ptype.h"
#include "../shell/session.h"

/* Longest name a configuration line may carry (group 47, quoted: 49). */
#define VIEW_NAME_MAX 64
/* Longest configuration line built by these tables (peer description 255). */
#define VIEW_LINE_MAX 512

extern const ptype view_pt_group_name;      /* STRING<1-47>, case-sensitive, quotes allow spaces */
extern const ptype view_pt_vpn_name;        /* STRING<1-31>, "_public_" refused by handlers */
extern const ptype view_pt_bgp_inst_name;   /* STRING<1-31> */
extern const ptype view_pt_if_description;  /* STRING<1-242>, rest of the line */
extern const ptype view_pt_peer_description; /* STRING<1-255>, rest of the line */
extern const ptype view_pt_hop_count;       /* INTEGER<1-255> */
extern const ptype view_pt_tag;             /* INTEGER<1-4294967295> */

/* The name as a configuration line writes it: quoted when it holds a
 * blank.  Returns the length, or 0 when it does not fit in buflen. */
size_t view_param_quote(const char *name, char *buf, size_t buflen);

/* Is the VPN instance name the reserved public-network name? */
bool view_param_vpn_reserved(const char *name);

/* Canonical IPv6 text as the device shows it: compressed, upper case
 * ("2001:DB8::1").  buf needs INET6_ADDRSTRLEN bytes. */
void view_param_ipv6(const struct in6_addr *a, char *buf, size_t buflen);

/* Parse an AS number written as "N" or "X.Y" into 32 bits (for comparing
 * the AS of a stored line with a typed one).  false when malformed. */
bool view_param_asn(const char *s, size_t len, uint32_t *out);

/* Length of a description after leading blanks are dropped; *start gets
 * the first kept character.  The device shows descriptions from their
 * first non-blank character. */
size_t view_param_trim(const char *s, const char **start);

/* '?' values: the configured VPN instances.  ctx is the vsh_session.
 * (The peer groups' are bgp.h's view_dyn_groups.) */
void view_dyn_vpn_instances(void *ctx, const struct parser_args *bound, parser_emit_fn emit,
			    void *arg);

/* Emit the name after `prefix` of each candidate child line of parent
 * ("group NAME ..." gives NAME; a quoted name with its quotes). */
void view_dyn_names(cfg_db *db, cfg_entry *parent, const char *prefix, const char *help,
		    parser_emit_fn emit, void *arg);

#endif
