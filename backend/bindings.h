/* The BGP connect-interface bindings and peers of a configuration tree as
 * the daemon's operations, read from the configuration lines alone: what
 * vrp-sockd loads at start from a state directory (through
 * store/store.h) or a rendered configuration file.  It gives the
 * operations a full sync from the shell sends for the same configuration
 * (views/bgp_backend.c, bgp_backend_collect; tests/unit/test_backend_hook.c
 * holds them to that).
 *
 * Read in every section that defines peers (bgpconf.h: the BGP and
 * multi-instance views, `vpn-instance V`, `ipv4-family vpn-instance V`,
 * `ipv6-family vpn-instance V`), each one scope:
 *   group G [ internal | external ]
 *   peer { G | ADDR } connect-interface { IFNAME | IFTYPE IFNUM } [ SOURCE ]
 *   peer { G | ADDR } connect-interface SOURCE
 *   peer { G | ADDR } as-number AS
 *   peer ADDR group G
 * (ADDR and SOURCE IPv4 or IPv6), and in `interface IFNAME` sections
 * `ip binding vpn-instance V`.  Other lines (descriptions, enables, the
 * unicast families) open no session and are not read. */
#ifndef VRPSH_BACKEND_BINDINGS_H
#define VRPSH_BACKEND_BINDINGS_H

#include "../config/cfg.h"
#include "vrpsock.h"

/* Give every binding and peer of db on `side` to fn as a BINDING_SET or
 * PEER_SET operation (strings valid during the call): a binding for each
 * connect-interface line, with the VPN instance its interface is bound
 * to; a peer for each peer with an AS or a group line, with its group and
 * AS number (bgpconf.h, vrpsock_peer_as).  Stops when fn returns non-zero
 * and returns that value; 0 when done, -1 when out of memory. */
typedef int (*vrpsock_bindings_fn)(void *arg, const vrpsock_op *op);
int vrpsock_bindings(cfg_db *db, enum cfg_side side, vrpsock_bindings_fn fn, void *arg);

#endif
