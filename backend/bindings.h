/* The BGP connect-interface bindings and IPv6 peers of a configuration
 * tree as the daemon's operations, read from the configuration lines
 * alone: what vrp-sockd loads at start from a state directory (through
 * store/store.h) or a rendered configuration file.
 *
 * Read in each `bgp AS [instance NAME]` section's `ipv6-family
 * vpn-instance V` sections:
 *   group G { external | internal }
 *   peer { G | ADDR } connect-interface [ IFNAME ] [ SOURCE ]
 *   peer { G | ADDR } as-number AS
 *   peer ADDR group G
 * and in `interface IFNAME` sections `ip binding vpn-instance V`. */
#ifndef VRPSH_BACKEND_BINDINGS_H
#define VRPSH_BACKEND_BINDINGS_H

#include "../config/cfg.h"
#include "vrpsock.h"

/* Give every binding and peer of db on `side` to fn as a BINDING_SET or
 * PEER_SET operation (strings valid during the call): a binding for each
 * connect-interface line, with the VPN instance its interface is bound
 * to; a peer for each IPv6 peer with an AS or a group line, its AS its
 * own, else its group's, else the local AS for a member of an internal
 * group.  Stops when fn returns non-zero and returns that value; 0 when
 * done, -1 when out of memory. */
typedef int (*vrpsock_bindings_fn)(void *arg, const vrpsock_op *op);
int vrpsock_bindings(cfg_db *db, enum cfg_side side, vrpsock_bindings_fn fn, void *arg);

#endif
