/* The BGP side of the backend: what a commit's BGP changes mean for
 * vrp-sockd, and the full binding set of a configuration.
 *
 * Bindings are the `peer G connect-interface ...` and `peer X
 * connect-interface ...` lines of every view that defines peers (the BGP
 * and multi-instance views, the BGP-VPN instance views, the VPN
 * instances' IPv4 and IPv6 address families), each with the VPN instance
 * its interface is bound to (`ip binding vpn-instance`); peers are the
 * IPv4 and IPv6 peers there, with their group and AS number (their own,
 * else the group's, else the local AS for an internal group). */
#ifndef VRPSH_VIEWS_BGP_BACKEND_H
#define VRPSH_VIEWS_BGP_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "../backend/client.h"
#include "../backend/vrpsock.h"
#include "../shell/session.h"

typedef struct bgp_backend_opts {
	bool push;          /* false (`--backend none`): commits push nothing */
	uint32_t port_id;   /* vrp-sockd's netlink port id; 0 = VRPSOCK_DEFAULT_PORT_ID */
	int timeout_ms;     /* 0 = NLB_TIMEOUT_MS */
} bgp_backend_opts;

/* Connect session s to vrp-sockd: with o->push, register the commit hooks
 * on s->db that send each commit's binding and peer changes as one
 * transaction (prepare: the daemon's verdict, a refusal fails the commit;
 * apply: the daemon applies it; no daemon: the commit stands, with a
 * one-line warning); and let the display commands ask the daemon for
 * session states.  Call once, after vsh_session_init; call
 * bgp_backend_detach before vsh_session_fini.  Returns 0, or -1 with a
 * message. */
int bgp_backend_attach(vsh_session *s, const bgp_backend_opts *o, char *err, size_t errlen);
void bgp_backend_detach(vsh_session *s);

/* Send vrp-sockd the whole running configuration's bindings and peers
 * now (a full sync), under the state directory's lock.  A commit whose
 * push timed out marks the daemon as out of step in the state directory
 * (store/flags.h), and the next commit of any process sends everything
 * anyway; this is for the operator who does not want to wait for one.
 * Returns an enum nlb_status with the daemon's message in err. */
int bgp_backend_resync(vsh_session *s, char *err, size_t errlen);

/* The daemon client of s: the attached one, else a client with the
 * default options made on first use and kept until detach (NULL when out
 * of memory). */
nlb_client *bgp_backend_client(vsh_session *s);

/* Walk the BGP configuration of db on `side` and give every binding and
 * peer to fn as a BINDING_SET or PEER_SET operation (strings valid during
 * the call).  vs supplies the BGP command graphs used to read the lines.
 * Stops when fn returns non-zero and returns that value; 0 when done. */
typedef int (*bgp_backend_emit_fn)(void *arg, const vrpsock_op *op);
int bgp_backend_collect(cfg_db *db, const view_set *vs, enum cfg_side side,
			bgp_backend_emit_fn fn, void *arg);

/* The peer groups of the BGP VPN address families on `side`, in
 * configuration order: each with its BGP instance ("" = public), VPN
 * instance, name, type and AS number (its own; the local AS for an
 * internal group without one; 0 = none). */
typedef struct bgp_backend_group {
	const char *inst, *vpn; /* "" = public */
	uint8_t fam;            /* enum vrpsock_family, 0 = none */
	const char *name;
	bool internal;
	uint32_t as;
} bgp_backend_group;
typedef int (*bgp_backend_group_fn)(void *arg, const bgp_backend_group *g);
int bgp_backend_groups(cfg_db *db, const view_set *vs, enum cfg_side side,
		       bgp_backend_group_fn fn, void *arg);

/* The operations a commit's changes send (the prepare hook's first half):
 * chg as cfg_hook_fn gets it, db's candidate holding the new state.
 * Returns 0, fn's non-zero value, or -1 when out of memory. */
int bgp_backend_changes(cfg_db *db, const view_set *vs, const cfg_change *chg, size_t n,
			bgp_backend_emit_fn fn, void *arg);

#endif
