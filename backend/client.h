/* The client side of the vrp-sockd protocol (vrpsock.h), used by `commit`
 * and the display commands: one netlink socket, transactions sent in
 * batches with a bounded number of unacknowledged messages, acks awaited
 * with a timeout, dumps.
 *
 * Only answers from the daemon's port id whose sender is root or the
 * client's own user are believed (the socket asks for credentials), so an
 * ordinary user who binds the port first cannot approve commits. */
#ifndef VRPSH_BACKEND_CLIENT_H
#define VRPSH_BACKEND_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrpsock.h"

#define NLB_TIMEOUT_MS 3000

typedef struct nlb_client_opts {
	uint32_t port_id; /* the daemon's; 0 = VRPSOCK_DEFAULT_PORT_ID */
	int timeout_ms;   /* longest wait for an answer; 0 = NLB_TIMEOUT_MS */
} nlb_client_opts;

/* Results.  NLB_REFUSED: the daemon answered no (err holds its message);
 * NLB_ABSENT: nothing listens at the daemon's port id (it is not
 * running); NLB_UNREACHABLE: no answer in time, or the socket failed (err
 * says which). */
enum nlb_status { NLB_OK = 0, NLB_REFUSED = 1, NLB_ABSENT = 2, NLB_UNREACHABLE = 3 };

typedef struct nlb_client nlb_client;

/* A client; the socket is opened on first use (and again after a
 * failure).  NULL only when out of memory. */
nlb_client *nlb_client_new(const nlb_client_opts *o);
void nlb_client_free(nlb_client *c);

/* A transaction: begin (full = replace the daemon's whole state: SYNC_BEGIN
 * ... SYNC_END), add operations (BINDING_SET/DEL, PEER_SET/DEL), prepare
 * (the daemon's verdict), then commit or abort.  Each returns an
 * enum nlb_status.  After NLB_REFUSED or NLB_UNREACHABLE the transaction
 * is over (an abort is sent where it helps); the same after NLB_ABSENT.  Operations are queued and
 * sent in datagrams of several messages; add may therefore report a
 * refusal or silence that concerns an earlier operation. */
int nlb_txn_begin(nlb_client *c, bool full, char *err, size_t errlen);
int nlb_txn_add(nlb_client *c, const vrpsock_op *op, char *err, size_t errlen);
int nlb_txn_prepare(nlb_client *c, char *err, size_t errlen);
int nlb_txn_commit(nlb_client *c, char *err, size_t errlen);
void nlb_txn_abort(nlb_client *c);
bool nlb_txn_active(const nlb_client *c);

/* Does anything listen at the daemon's port id now?  Sends a harmless
 * TXN_ABORT (outside any transaction) without waiting for its ack. */
bool nlb_present(nlb_client *c);

/* Dump the daemon's bindings and peers (with session state), optionally
 * only those of a BGP instance ("" = the public process) and/or VPN
 * instance (NULL = any).  fn gets each record (VRPSOCK_MSG_BINDING or
 * VRPSOCK_MSG_PEER; strings valid during the call) and may stop the
 * walk by returning non-zero.  Returns an enum nlb_status. */
typedef int (*nlb_dump_fn)(void *arg, const vrpsock_op *rec);
int nlb_dump(nlb_client *c, const char *inst, const char *vpn, nlb_dump_fn fn, void *arg,
	     char *err, size_t errlen);

#endif
