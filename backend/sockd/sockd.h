/* vrp-sockd internals: the parts of the daemon and what they offer each
 * other.
 *
 *   main.c     options, start-up, the event loop
 *   server.c   the netlink socket: credentials, checks, dispatch, acks, dumps
 *   txn.c      transactions: staging, ordering, verdict, commit
 *   store.c    bindings, groups and peers; what a change does to sessions
 *   session.c  one TCP session per peer: connect, back-off, timers
 *   net.c      where a VPN instance lives (VRF device or network
 *              namespace), address lookup through libnl-route caches
 *   ifmap.c    VRP -> Linux interface names
 *   sync.c     the full binding set of a configuration database
 *   log.c      messages to stderr or syslog */
#ifndef VRPSH_BACKEND_SOCKD_H
#define VRPSH_BACKEND_SOCKD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include "../../config/cfg.h"
#include "../vrpsock.h"

/* ---- log.c ------------------------------------------------------------ */

void sockd_log_open(bool to_stderr, int verbose);
void sockd_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool sockd_log_debug(void);

/* Lines that others can make the daemon write (refused senders, clients
 * that do not read): at most SOCKD_LOG_BURST of a kind per
 * SOCKD_LOG_WINDOW_MS; the lines left out are counted, and the count is
 * logged with the next line of the kind, or by sockd_log_limited_tick
 * once the window is over. */
#define SOCKD_LOG_BURST 5
#define SOCKD_LOG_WINDOW_MS 10000u
typedef struct sockd_ratelimit {
	const char *what;       /* "refused requests": names the kind in the count line */
	uint64_t start;         /* the window's start */
	unsigned lines;         /* lines logged in it */
	unsigned long skipped;  /* lines left out, not yet reported */
} sockd_ratelimit;
void sockd_log_limited(sockd_ratelimit *rl, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Report what a window left out once it is over (call about every second). */
void sockd_log_limited_tick(sockd_ratelimit *rl, int prio);

/* ---- time and the event loop (main.c) --------------------------------- */

uint64_t sockd_now_ms(void);

/* What an epoll registration points at: every registered object starts
 * with one of these. */
enum sockd_fd_kind { FD_SERVER, FD_SIGNAL, FD_NETNS, FD_SESSION };
typedef struct sockd_fd {
	enum sockd_fd_kind kind;
} sockd_fd;

int sockd_poll_add(int fd, uint32_t events, sockd_fd *who);
int sockd_poll_mod(int fd, uint32_t events, sockd_fd *who);
void sockd_poll_del(int fd);

/* ---- ifmap.c ---------------------------------------------------------- */

typedef struct sockd_ifmap sockd_ifmap;

/* Read the map file: lines "VRPNAME LINUXNAME", '#' comments.  Returns 0,
 * or -1 with "FILE:LINE: ..." in err. */
int sockd_ifmap_load(const char *path, sockd_ifmap **out, char *err, size_t errlen);
void sockd_ifmap_free(sockd_ifmap *m);
/* The Linux name of VRP interface vrp (map entry, compared without regard
 * to case; else the name itself when it is a valid Linux name).  false
 * when there is none. */
bool sockd_ifmap_lookup(const sockd_ifmap *m, const char *vrp, char *buf, size_t buflen);
bool sockd_linux_ifname_ok(const char *name);

/* ---- net.c ------------------------------------------------------------ */

typedef struct sockd_ns sockd_ns; /* a network namespace the daemon watches */

enum sockd_vpn_mode {
	VPN_NONE,   /* neither a VRF device nor a namespace of that name */
	VPN_PUBLIC, /* the daemon's own namespace, no VRF */
	VPN_VRF,    /* a VRF device in the daemon's own namespace */
	VPN_NETNS,  /* the network namespace /run/netns/NAME */
};

typedef struct sockd_where {
	enum sockd_vpn_mode mode;
	sockd_ns *ns;      /* where sockets are made and interfaces looked up */
	const char *vrf;   /* VPN_VRF: the device name */
} sockd_where;

/* Remember the daemon's own namespace and watch its links and addresses.
 * Returns 0, or -1 with a message. */
int sockd_net_init(char *err, size_t errlen);
void sockd_net_fini(void);

/* Where VPN instance `vpn` lives now; NULL = the public network (the
 * daemon's own namespace). */
void sockd_net_where(const char *vpn, sockd_where *w);

/* A non-blocking TCP socket of `family` (AF_INET, AF_INET6) in w.
 * Returns the fd, or -1 with errno set.  A failure to return to the
 * daemon's own namespace is fatal (*fatal set). */
int sockd_net_socket(const sockd_where *w, int family, bool *fatal);

/* Global addresses of `family` (AF_INET, AF_INET6) of Linux interface
 * ifname in ns: returns how many (the first one in *first, an IPv4
 * address IPv4-mapped), or -1 when there is no such interface. */
int sockd_net_addrs(sockd_ns *ns, const char *ifname, int family, struct in6_addr *first);

/* epoll: the cache manager of ns has data. */
void sockd_net_event(sockd_fd *who);
/* Did links or addresses change since the last call?  (Then sessions
 * waiting for an address or a VPN instance try again.) */
bool sockd_net_changed(void);
const char *sockd_ns_name(const sockd_ns *ns); /* "" for the daemon's own */

/* ---- store.c ---------------------------------------------------------- */

/* A staged operation, copied out of its message. */
typedef struct sockd_op {
	uint16_t type;
	uint32_t have;
	uint8_t family;   /* enum vrpsock_family, 0 = the view's own peers */
	const char *inst, *vpn, *group, *ifname, *if_vpn; /* inst "" = public, vpn NULL = public */
	struct in6_addr peer, source;    /* IPv4 IPv4-mapped */
	uint32_t as;
} sockd_op;

typedef struct sockd_peer sockd_peer;

int sockd_store_init(void);
void sockd_store_fini(void);

/* Apply a list of operations.  full: they are the whole new state;
 * everything they do not name goes.  Sessions whose binding, group or AS
 * changed are closed and opened again; new peers start; removed ones
 * close.  Returns 0, or -1 when out of memory (state then partly
 * applied, but consistent). */
int sockd_store_apply(sockd_op *const *ops, size_t n, bool full);

/* The verdict on a binding before it is applied: NULL, or why it is
 * refused (written to msg).  cache remembers the last interface looked up
 * (zero it before the first operation of a transaction). */
typedef struct sockd_check_cache {
	bool valid;
	char if_vpn[VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1]; /* "" = public */
	char lname[VRPSOCK_LINUX_IF_CHARS + 1];
	int naddrs[2];  /* IPv4, IPv6 */
} sockd_check_cache;
const char *sockd_store_check(const sockd_op *op, sockd_check_cache *cache, char *msg,
			      size_t msglen);

/* Dump: call fn for every binding, then every peer, of the BGP instance
 * inst (NULL = any, "" = public) and VPN instance vpn (NULL = any). */
typedef int (*sockd_rec_fn)(void *arg, const vrpsock_op *rec);
int sockd_store_dump(const char *inst, const char *vpn, sockd_rec_fn fn, void *arg);

size_t sockd_store_counts(size_t *bindings, size_t *peers);

/* What the session manager needs from a peer. */
struct sockd_binding_view {
	const char *ifname;   /* VRP name or NULL */
	const char *if_vpn;   /* NULL = public */
	const struct in6_addr *source; /* NULL = none */
};
const char *sockd_peer_vpn(const sockd_peer *p); /* NULL = public */
const struct in6_addr *sockd_peer_addr(const sockd_peer *p);
/* The binding in force: the peer's own, else its group's. false = none. */
bool sockd_peer_binding(const sockd_peer *p, struct sockd_binding_view *b);
struct sockd_sess *sockd_peer_sess(sockd_peer *p);
sockd_peer *sockd_sess_peer(struct sockd_sess *s);
/* For a peer's log lines: "vpn1 2001:DB8::2" (+ " instance a"). */
const char *sockd_peer_label(const sockd_peer *p, char *buf, size_t buflen);
/* Visit every peer (kicking idle sessions). */
void sockd_store_foreach_peer(void (*fn)(sockd_peer *p, void *arg), void *arg);

/* ---- session.c -------------------------------------------------------- */

enum sockd_reason {
	R_NONE,
	R_NEW,          /* not tried yet */
	R_NO_VPN,       /* VPN instance: no VRF device, no namespace */
	R_NO_IF_VPN,    /* the interface's VPN instance does not exist */
	R_NO_LINUX_NAME,
	R_NO_IF,
	R_NO_ADDR,
	R_MANY_ADDR,
	R_SOCKET,       /* err */
	R_BIND,         /* err */
	R_CONNECT,      /* err */
	R_TIMEOUT,
	R_CLOSED,       /* by the peer */
	R_FAMILY,       /* the binding's source address is of the other family */
};

/* One TCP session, embedded in its peer. */
typedef struct sockd_sess {
	sockd_fd fdk;         /* kind FD_SESSION */
	int fd;
	uint8_t state;        /* enum vrpsock_state */
	uint8_t reason;       /* enum sockd_reason */
	int16_t err;          /* errno for R_SOCKET, R_BIND, R_CONNECT */
	uint32_t backoff_ms;
	uint32_t heap;        /* index in the timer heap + 1; 0 = not queued */
	uint64_t since_ms;    /* entered the current state */
	uint64_t due_ms;      /* next attempt or connect timeout */
	struct in6_addr local;
	bool has_local;
	bool fatal;
	char linux_if[16];
} sockd_sess;

typedef struct sockd_sess_opts {
	uint32_t retry_min_ms;
	uint32_t retry_max_ms;
	uint32_t connect_timeout_ms;
	const sockd_ifmap *ifmap;
} sockd_sess_opts;

int sockd_sess_setup(const sockd_sess_opts *o);
void sockd_sess_init(sockd_sess *s);
/* Close and try again at once (a new or changed peer). */
void sockd_sess_restart(sockd_sess *s);
/* Close for good (the peer is going). */
void sockd_sess_stop(sockd_sess *s);
/* epoll event on the session's socket. */
void sockd_sess_event(sockd_sess *s, uint32_t events);
/* Run what is due; returns ms until the next timer (-1 = none). */
int sockd_sess_run_timers(void);
/* An idle session tries again now (links or addresses changed). */
void sockd_sess_kick(sockd_sess *s);
/* Did a session fail to return to the daemon's own namespace? */
bool sockd_sess_fatal(void);
/* The reason text ("no VPN instance"), empty when none. */
const char *sockd_sess_reason(const sockd_sess *s, char *buf, size_t buflen);
void sockd_sess_set_ifmap(const sockd_ifmap *m);
const sockd_ifmap *sockd_sess_ifmap(void);

/* ---- txn.c ------------------------------------------------------------ */

/* Limits on staged operations (copies of their messages, kept until the
 * transaction commits): per transaction, per sending user over its open
 * transactions, and for the daemon as a whole, so that the staging never
 * takes more than SOCKD_STAGED_BYTES_MAX of memory. */
#define SOCKD_TXN_BYTES_MAX ((size_t)256 << 20)
#define SOCKD_USER_BYTES_MAX ((size_t)256 << 20)
#define SOCKD_STAGED_BYTES_MAX ((size_t)512 << 20)

/* Handle one checked request from port `port`, sent by user uid (op
 * decoded from nlh).  Returns the ack's errno (0 = accepted) with a
 * message in msg. */
int sockd_txn_handle(uint32_t port, uint32_t uid, const vrpsock_op *op, char *msg,
		     size_t msglen);
/* The client at port does not read its answers: its transaction goes. */
void sockd_txn_drop(uint32_t port, const char *why);
/* Bytes staged in all open transactions. */
size_t sockd_txn_staged(void);
/* A datagram from port was lost or could not be read: its transaction
 * cannot be trusted any more. */
void sockd_txn_spoil(uint32_t port, const char *why);
/* All transactions (receive buffer overrun). */
void sockd_txn_spoil_all(const char *why);
/* Drop transactions idle for longer than max_idle_ms. */
void sockd_txn_expire(uint64_t max_idle_ms);
void sockd_txn_fini(void);

/* Apply a list of operations gathered in the daemon itself (start-up
 * sync): staged, checked only for form, then applied as a full sync. */
typedef struct sockd_batch sockd_batch;
sockd_batch *sockd_batch_new(void);
int sockd_batch_add(sockd_batch *b, const vrpsock_op *op, char *err, size_t errlen);
int sockd_batch_apply_full(sockd_batch *b);
void sockd_batch_free(sockd_batch *b);

/* ---- server.c --------------------------------------------------------- */

typedef struct sockd_server_opts {
	uint32_t port_id;
	const char *allow_group; /* NULL = root (and the daemon's own user) only */
} sockd_server_opts;

int sockd_server_open(const sockd_server_opts *o, char *err, size_t errlen);
void sockd_server_close(void);
void sockd_server_event(void);
/* Send queued answers as their clients read, drop clients that stopped
 * reading, report rate-limited log lines; call at least every 10 ms while
 * it returns non-zero (the number of clients still waiting for answers),
 * else about every second. */
int sockd_server_flush(void);

/* ---- sync.c ----------------------------------------------------------- */

/* Make the daemon's state the running BGP bindings and peers of db (a
 * loaded configuration): a full sync.  Returns 0, or -1 with a message. */
int sockd_sync_from_db(cfg_db *db, char *err, size_t errlen);

/* Read a rendered configuration (the `display current-configuration`
 * layout: one space of indent per level) into a fresh database and stage
 * its running BGP bindings and peers as a full sync.  Returns 0, or -1
 * with a message. */
int sockd_load_config(const char *path, char *err, size_t errlen);
/* The running configuration of a state directory, through the store (a
 * damaged directory is refused).  Returns 0, or -1 with a message. */
int sockd_load_state_dir(const char *dir, char *err, size_t errlen);



#endif
