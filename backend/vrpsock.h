/* The protocol between vrpsh and the socket-setup daemon vrp-sockd: one
 * header for both sides (backend/README.md describes it in prose).
 *
 * Transport: NETLINK_USERSOCK datagrams.  The daemon binds a well-known
 * port id; a client sends requests to it with NLM_F_REQUEST|NLM_F_ACK and
 * increasing sequence numbers, several messages per datagram if it likes.
 * Every request gets exactly one NLMSG_ERROR ack (error 0 = accepted),
 * carrying an extended-ack message string (NLMSGERR_ATTR_MSG) and, for a
 * bad attribute, its offset (NLMSGERR_ATTR_OFFS) when refused.  A GET
 * with NLM_F_DUMP is answered by NLM_F_MULTI records and NLMSG_DONE.
 *
 * Each message is a netlink header, the 4-byte struct vrpsock_hdr, and
 * attributes (one attribute space for every message type).  Which
 * attributes a type takes, and which it needs, is fixed by the protocol;
 * anything else is refused, as is every value outside its range.
 *
 * Changes travel in transactions:
 *   TXN_BEGIN  (BINDING_SET | BINDING_DEL | PEER_SET | PEER_DEL)*  TXN_PREPARE
 *   then TXN_COMMIT or TXN_ABORT;
 * or, to replace the daemon's whole state:
 *   SYNC_BEGIN  (BINDING_SET | PEER_SET)*  SYNC_END  TXN_PREPARE  TXN_COMMIT.
 * Within a transaction each message's sequence number is the previous
 * one's plus one.  PREPARE returns the daemon's verdict (the error string
 * is meant for the user); COMMIT applies what was prepared.  A refused
 * message spoils its transaction: every later message of it is refused
 * until TXN_ABORT or a new BEGIN.  Nothing changes before COMMIT. */
#ifndef VRPSH_BACKEND_VRPSOCK_H
#define VRPSH_BACKEND_VRPSOCK_H

#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRPSOCK_PROTOCOL NETLINK_USERSOCK
#define VRPSOCK_VERSION 1
/* "VRPS": above any process id, below the ports the kernel hands out
 * automatically to a process's further sockets. */
#define VRPSOCK_DEFAULT_PORT_ID 0x56525053u
#define VRPSOCK_BGP_PORT 179

/* Size limits.  A request message longer than VRPSOCK_MSG_MAX, or a
 * datagram longer than VRPSOCK_DGRAM_MAX, is refused. */
#define VRPSOCK_MSG_MAX 2048u
#define VRPSOCK_DGRAM_MAX 65536u
#define VRPSOCK_TXN_MAX_OPS 4000000u

/* Names, in characters (UTF-8 code points).  The byte limits allow four
 * bytes a character. */
#define VRPSOCK_INST_CHARS 31u   /* BGP multi-instance name */
#define VRPSOCK_VPN_CHARS 31u    /* VPN instance name */
#define VRPSOCK_GROUP_CHARS 47u  /* peer group name */
#define VRPSOCK_IFNAME_CHARS 63u /* VRP interface name (printable ASCII) */
#define VRPSOCK_REASON_CHARS 200u
#define VRPSOCK_LINUX_IF_CHARS 15u
#define VRPSOCK_BYTES(chars) ((chars) * 4u)

/* Fixed header after struct nlmsghdr.  version must be VRPSOCK_VERSION,
 * flags and reserved 0. */
struct vrpsock_hdr {
	uint8_t version;
	uint8_t flags;
	uint16_t reserved;
};

/* nlmsg_type values (below 0x10 netlink reserves them). */
enum vrpsock_msg_type {
	VRPSOCK_MSG_TXN_BEGIN = 0x20,
	VRPSOCK_MSG_TXN_PREPARE,
	VRPSOCK_MSG_TXN_COMMIT,
	VRPSOCK_MSG_TXN_ABORT,
	VRPSOCK_MSG_SYNC_BEGIN,
	VRPSOCK_MSG_SYNC_END,
	/* key: [inst] [vpn] [family] (group | peer); value: ifname [if-vpn],
	 * source, or both */
	VRPSOCK_MSG_BINDING_SET,
	VRPSOCK_MSG_BINDING_DEL, /* key only */
	VRPSOCK_MSG_PEER_SET,    /* key: [inst] [vpn] [family] peer; value: [group] [as] */
	VRPSOCK_MSG_PEER_DEL,    /* key only */
	VRPSOCK_MSG_GET,         /* NLM_F_DUMP; optional filter: inst, vpn */
	/* Dump records, daemon to client only. */
	VRPSOCK_MSG_BINDING,     /* as BINDING_SET */
	/* as PEER_SET, plus the session: state, secs, [local], [reason], [linux-if] */
	VRPSOCK_MSG_PEER,
	VRPSOCK_MSG_END_
};
#define VRPSOCK_MSG_FIRST VRPSOCK_MSG_TXN_BEGIN

enum vrpsock_attr {
	VRPSOCK_A_UNSPEC,
	VRPSOCK_A_BGP_INSTANCE, /* string; absent = the public BGP process (`bgp AS`) */
	VRPSOCK_A_VPN_INSTANCE, /* string, not "_public_"; absent = the public network */
	VRPSOCK_A_GROUP,        /* string: the group a binding is for, or a peer's group */
	VRPSOCK_A_PEER,         /* 4 or 16 bytes: IPv4 or IPv6 address of the peer */
	VRPSOCK_A_IFNAME,       /* string: VRP interface name ("LoopBack0") */
	VRPSOCK_A_IF_VPN,       /* string: VPN instance the interface is bound to */
	VRPSOCK_A_SOURCE,       /* 4 or 16 bytes: explicit source address */
	VRPSOCK_A_AS,           /* u32, 1..4294967295: the peer's AS number */
	VRPSOCK_A_STATE,        /* u8, enum vrpsock_state (records) */
	VRPSOCK_A_STATE_SECS,   /* u32: seconds in the current state (records) */
	VRPSOCK_A_LOCAL,        /* 4 or 16 bytes: source address of the session's socket (records) */
	VRPSOCK_A_REASON,       /* string: why the session is not up (records) */
	VRPSOCK_A_LINUX_IF,     /* string: the Linux interface name used (records) */
	VRPSOCK_A_FAMILY,       /* u8, enum vrpsock_family; absent = the view's own peers */
	VRPSOCK_A_END_
};
#define VRPSOCK_A_MAX (VRPSOCK_A_END_ - 1)

/* Where the peers and groups of a message are configured, besides their
 * BGP process and VPN instance: group names are per place.  Absent: the
 * BGP view, the multi-instance view or the BGP-VPN instance view
 * (`vpn-instance V`), whose peers serve every address family. */
enum vrpsock_family {
	VRPSOCK_FAM_IPV4 = 4, /* ipv4-family vpn-instance V */
	VRPSOCK_FAM_IPV6 = 6, /* ipv6-family vpn-instance V */
};

/* Session states, as `display bgp vpnv6 peer` names them. */
enum vrpsock_state {
	VRPSOCK_ST_IDLE = 1,        /* nothing to try yet: no VPN instance, no address, ... */
	VRPSOCK_ST_CONNECT = 2,     /* TCP connection under way */
	VRPSOCK_ST_ACTIVE = 3,      /* the last attempt failed; retrying after a back-off */
	VRPSOCK_ST_ESTABLISHED = 4, /* TCP connection up */
};

/* One message, decoded (or to encode).  Strings point into the message
 * they were decoded from; `have` says which attributes are present.
 * Addresses are IPv6: an IPv4 address is held IPv4-mapped
 * (::ffff:a.b.c.d) and travels as 4 bytes. */
typedef struct vrpsock_op {
	uint16_t type;  /* enum vrpsock_msg_type */
	uint16_t nlflags;
	uint32_t seq;
	uint32_t have;  /* VRPSOCK_HAVE(VRPSOCK_A_...) bits */
	const char *inst, *vpn, *group, *ifname, *if_vpn, *reason, *linux_if;
	struct in6_addr peer, source, local;
	uint32_t as;
	uint8_t state;
	uint8_t family; /* enum vrpsock_family, with VRPSOCK_A_FAMILY */
	uint32_t state_secs;
} vrpsock_op;

#define VRPSOCK_HAVE(attr) (UINT32_C(1) << (attr))

/* Why a message was refused: an errno value (positive), a message for the
 * user or the log, and the offset of the offending attribute from the
 * start of the netlink header (0 = none). */
typedef struct vrpsock_err {
	int code;
	uint32_t off;
	char msg[192];
} vrpsock_err;

/* The attribute policy shared by both sides (libnl struct nla_policy):
 * types and length bounds.  vrpsock_decode applies it and the rest of the
 * rules. */
struct nla_policy;
extern const struct nla_policy *const vrpsock_policy; /* VRPSOCK_A_MAX + 1 entries */

/* Decode one message of at most `avail` bytes starting at nlh (the
 * remainder of its datagram).  `records` selects the direction: false for
 * requests (what the daemon accepts), true for dump records and acks (what
 * a client accepts).  Checks the header lengths, the fixed header, every
 * attribute (known type, no flags, no duplicate, exact payload length,
 * strings NUL-terminated without inner NUL, valid UTF-8 without control
 * characters, within their limits), the attributes the type allows and
 * needs, and value ranges.  Returns 0, or -1 with e filled in.  op's
 * strings point into the message. */
int vrpsock_decode(const struct nlmsghdr *nlh, size_t avail, bool records, vrpsock_op *op,
		   vrpsock_err *e);

/* Encode op as a netlink message into buf (capacity cap): type op->type,
 * flags nlflags, sequence seq, port id 0 (the kernel fills in the sender's
 * port).  Built with libnl (nlmsg_alloc, nla_put_*) into a reusable
 * scratch message, then copied out.  Returns the length (a multiple of 4),
 * or 0 when it does not fit or op is not valid for its type. */
size_t vrpsock_encode(const vrpsock_op *op, uint16_t nlflags, uint32_t seq, void *buf,
		      size_t cap);

/* An NLMSG_ERROR ack for request req (only its header is echoed:
 * NLM_F_CAPPED), with error = -code, and when msg is not empty an
 * extended-ack string, plus the attribute offset when off != 0
 * (NLM_F_ACK_TLVS).  Returns its length, or 0 when it does not fit. */
size_t vrpsock_encode_ack(const struct nlmsghdr *req, int code, const char *msg, uint32_t off,
			  void *buf, size_t cap);

/* NLMSG_DONE closing a dump of request req. */
size_t vrpsock_encode_done(const struct nlmsghdr *req, void *buf, size_t cap);

/* Read an NLMSG_ERROR message (avail bytes available at nlh): *code gets
 * the positive errno (0 = accepted), *msg the extended-ack string or NULL,
 * *acked the echoed request's sequence number.  Returns 0, or -1 when
 * the ack is malformed. */
int vrpsock_decode_ack(const struct nlmsghdr *nlh, size_t avail, int *code, const char **msg,
		       uint32_t *acked_seq);

/* Is name acceptable for the attribute (1..chars code points of valid
 * UTF-8, no control characters; interface names printable ASCII without
 * blanks; VPN names not "_public_")?  The shell uses it before sending. */
bool vrpsock_name_ok(int attr, const char *name);

/* "Idle", "Connect", "Active", "Established"; "Idle" for anything else. */
const char *vrpsock_state_name(unsigned state);

/* Message type name for logs ("BINDING_SET"); "?" when unknown. */
const char *vrpsock_msg_name(unsigned type);

#endif
