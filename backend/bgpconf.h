/* What the BGP configuration's lines mean to vrp-sockd, shared by the two
 * readers of a configuration: the shell's commit push
 * (views/bgp_backend.c, which reads peer lines with the command rows that
 * wrote them) and the daemon's extractor (bindings.h, which reads them as
 * text).  Pure functions of line texts.
 *
 * The layout (views/bgp.h):
 *   bgp AS | bgp AS instance NAME      a BGP process: peers of the public
 *                                      network (no VPN instance, no family)
 *    vpn-instance V                    the BGP-VPN instance view: VPN instance V
 *    ipv4-family vpn-instance V        VPN instance V, family 4
 *    ipv6-family vpn-instance V        VPN instance V, family 6
 *    ipv4-family unicast, ...          no peers of their own (enables)
 *   interface IFNAME
 *    ip binding vpn-instance V         the VPN instance of IFNAME */
#ifndef VRPSH_BACKEND_BGPCONF_H
#define VRPSH_BACKEND_BGPCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parser/lexer.h"
#include "vrpsock.h"

/* Is word i of lex the keyword kw (not quoted)? */
bool vrpsock_word_is(const lex_line *lex, int i, const char *kw);

/* Copy name into dst (cap bytes) when it fits and is a name the protocol
 * carries as attribute attr; false, dst untouched, when not. */
bool vrpsock_name_copy(int attr, const char *name, char *dst, size_t cap);

/* The sections that define peers. */
enum vrpsock_sect {
	VRPSOCK_SECT_NONE,
	VRPSOCK_SECT_PROC, /* bgp AS */
	VRPSOCK_SECT_INST, /* bgp AS instance NAME */
	VRPSOCK_SECT_VPNI, /* vpn-instance V (of either) */
	VRPSOCK_SECT_VPN4, /* ipv4-family vpn-instance V */
	VRPSOCK_SECT_VPN6, /* ipv6-family vpn-instance V */
};

/* Where a section's peers and groups live for the daemon. */
typedef struct vrpsock_scope {
	char inst[VRPSOCK_BYTES(VRPSOCK_INST_CHARS) + 1]; /* "" = the public process `bgp AS` */
	char vpn[VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1];   /* "" = the public network */
	uint8_t fam;                                      /* enum vrpsock_family, 0 = none */
	uint32_t local_as;                                /* the process's AS number */
} vrpsock_scope;

/* The kind and scope of a section from its texts: proc is the line of a
 * top-level section, sect the line of one of its sections (NULL: proc
 * itself).  VRPSOCK_SECT_NONE when it defines no peers, or when a name in
 * it is not one the protocol carries.  lex is scratch space. */
enum vrpsock_sect vrpsock_scope_read(const char *proc, const char *sect, lex_line *lex,
				     vrpsock_scope *sc);

/* Put the scope's attributes on op (absent ones stay absent). */
void vrpsock_scope_put(const vrpsock_scope *sc, vrpsock_op *op);

/* The VPN instance of an `ip binding vpn-instance V` line of an interface
 * section (pointing into lex), or NULL for any other line. */
const char *vrpsock_if_vpn(const char *line, lex_line *lex);

/* The AS number a peer is sent with (0 = none): its own (own, 0 when it
 * has none), else its group's (group_as), else the process's local AS
 * when its group is internal. */
uint32_t vrpsock_peer_as(uint32_t own, uint32_t group_as, bool group_internal,
			 uint32_t local_as);

#endif
