/* Encoding and checking protocol messages (vrpsock.h): the attribute
 * policy, the per-type rules, names and ranges, acks.
 *
 * Nothing here trusts a length it has not compared with the bytes that
 * are really there: the datagram's remainder bounds the header, the
 * header bounds the attributes, each attribute's length is checked
 * against its type before its payload is read. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "vrpsock.h"

#define STR_POLICY(chars) { .type = NLA_STRING, .minlen = 2, .maxlen = VRPSOCK_BYTES(chars) + 1 }
/* 4 bytes (IPv4) or 16 (IPv6); the decoder refuses the lengths between. */
#define ADDR_POLICY { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 }

static const struct nla_policy policy[VRPSOCK_A_MAX + 1] = {
	[VRPSOCK_A_BGP_INSTANCE] = STR_POLICY(VRPSOCK_INST_CHARS),
	[VRPSOCK_A_VPN_INSTANCE] = STR_POLICY(VRPSOCK_VPN_CHARS),
	[VRPSOCK_A_GROUP] = STR_POLICY(VRPSOCK_GROUP_CHARS),
	[VRPSOCK_A_PEER] = ADDR_POLICY,
	[VRPSOCK_A_IFNAME] = { .type = NLA_STRING, .minlen = 2, .maxlen = VRPSOCK_IFNAME_CHARS + 1 },
	[VRPSOCK_A_IF_VPN] = STR_POLICY(VRPSOCK_VPN_CHARS),
	[VRPSOCK_A_SOURCE] = ADDR_POLICY,
	[VRPSOCK_A_AS] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[VRPSOCK_A_STATE] = { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[VRPSOCK_A_STATE_SECS] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[VRPSOCK_A_LOCAL] = ADDR_POLICY,
	[VRPSOCK_A_REASON] = STR_POLICY(VRPSOCK_REASON_CHARS),
	[VRPSOCK_A_LINUX_IF] = { .type = NLA_STRING, .minlen = 2,
				 .maxlen = VRPSOCK_LINUX_IF_CHARS + 1 },
	[VRPSOCK_A_FAMILY] = { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
};

const struct nla_policy *const vrpsock_policy = policy;

/* Character limits of the string attributes. */
static const unsigned str_chars[VRPSOCK_A_MAX + 1] = {
	[VRPSOCK_A_BGP_INSTANCE] = VRPSOCK_INST_CHARS,
	[VRPSOCK_A_VPN_INSTANCE] = VRPSOCK_VPN_CHARS,
	[VRPSOCK_A_GROUP] = VRPSOCK_GROUP_CHARS,
	[VRPSOCK_A_IFNAME] = VRPSOCK_IFNAME_CHARS,
	[VRPSOCK_A_IF_VPN] = VRPSOCK_VPN_CHARS,
	[VRPSOCK_A_REASON] = VRPSOCK_REASON_CHARS,
	[VRPSOCK_A_LINUX_IF] = VRPSOCK_LINUX_IF_CHARS,
};

static const char *const attr_names[VRPSOCK_A_MAX + 1] = {
	[VRPSOCK_A_BGP_INSTANCE] = "BGP instance",
	[VRPSOCK_A_VPN_INSTANCE] = "VPN instance",
	[VRPSOCK_A_GROUP] = "group",
	[VRPSOCK_A_PEER] = "peer address",
	[VRPSOCK_A_IFNAME] = "interface name",
	[VRPSOCK_A_IF_VPN] = "interface VPN instance",
	[VRPSOCK_A_SOURCE] = "source address",
	[VRPSOCK_A_AS] = "AS number",
	[VRPSOCK_A_STATE] = "state",
	[VRPSOCK_A_STATE_SECS] = "state time",
	[VRPSOCK_A_LOCAL] = "local address",
	[VRPSOCK_A_REASON] = "reason",
	[VRPSOCK_A_LINUX_IF] = "Linux interface name",
	[VRPSOCK_A_FAMILY] = "address family",
};

#define H(a) VRPSOCK_HAVE(VRPSOCK_A_##a)

/* What each message type takes and needs. */
struct rule {
	bool record;        /* daemon to client */
	uint32_t allowed;
	uint32_t required;
	uint16_t nlflags;   /* flags that must be set */
};

#define BIND_KEY (H(BGP_INSTANCE) | H(VPN_INSTANCE) | H(FAMILY) | H(GROUP) | H(PEER))
#define BIND_VALUE (H(IFNAME) | H(IF_VPN) | H(SOURCE))
#define PEER_KEY (H(BGP_INSTANCE) | H(VPN_INSTANCE) | H(FAMILY) | H(PEER))
#define SESSION (H(STATE) | H(STATE_SECS) | H(LOCAL) | H(REASON) | H(LINUX_IF))
#define REQ_ACK (NLM_F_REQUEST | NLM_F_ACK)

static const struct rule rules[VRPSOCK_MSG_END_ - VRPSOCK_MSG_FIRST] = {
	[VRPSOCK_MSG_TXN_BEGIN - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_TXN_PREPARE - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_TXN_COMMIT - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_TXN_ABORT - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_SYNC_BEGIN - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_SYNC_END - VRPSOCK_MSG_FIRST] = { false, 0, 0, REQ_ACK },
	[VRPSOCK_MSG_BINDING_SET - VRPSOCK_MSG_FIRST] = { false, BIND_KEY | BIND_VALUE, 0,
							  REQ_ACK },
	[VRPSOCK_MSG_BINDING_DEL - VRPSOCK_MSG_FIRST] = { false, BIND_KEY, 0, REQ_ACK },
	[VRPSOCK_MSG_PEER_SET - VRPSOCK_MSG_FIRST] = { false, PEER_KEY | H(GROUP) | H(AS),
						       H(PEER), REQ_ACK },
	[VRPSOCK_MSG_PEER_DEL - VRPSOCK_MSG_FIRST] = { false, PEER_KEY, H(PEER), REQ_ACK },
	[VRPSOCK_MSG_GET - VRPSOCK_MSG_FIRST] = { false, H(BGP_INSTANCE) | H(VPN_INSTANCE), 0,
						  NLM_F_REQUEST | NLM_F_DUMP },
	[VRPSOCK_MSG_BINDING - VRPSOCK_MSG_FIRST] = { true, BIND_KEY | BIND_VALUE, 0,
						      NLM_F_MULTI },
	[VRPSOCK_MSG_PEER - VRPSOCK_MSG_FIRST] = { true, PEER_KEY | H(GROUP) | H(AS) | SESSION,
						   H(PEER) | H(STATE), NLM_F_MULTI },
};

static const char *const msg_names[VRPSOCK_MSG_END_ - VRPSOCK_MSG_FIRST] = {
	"TXN_BEGIN", "TXN_PREPARE", "TXN_COMMIT", "TXN_ABORT", "SYNC_BEGIN", "SYNC_END",
	"BINDING_SET", "BINDING_DEL", "PEER_SET", "PEER_DEL", "GET", "BINDING", "PEER",
};

const char *vrpsock_msg_name(unsigned type)
{
	if (type < VRPSOCK_MSG_FIRST || type >= VRPSOCK_MSG_END_)
		return "?";
	return msg_names[type - VRPSOCK_MSG_FIRST];
}

const char *vrpsock_state_name(unsigned state)
{
	switch (state) {
	case VRPSOCK_ST_CONNECT:
		return "Connect";
	case VRPSOCK_ST_ACTIVE:
		return "Active";
	case VRPSOCK_ST_ESTABLISHED:
		return "Established";
	default:
		return "Idle";
	}
}

static int fail(vrpsock_err *e, int code, uint32_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(vrpsock_err *e, int code, uint32_t off, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->off = off;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- names ----------------------------------------------------------- */

/* Code points of a valid UTF-8 string without control characters, or -1. */
static long utf8_chars(const unsigned char *s, size_t len)
{
	long n = 0;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		unsigned need, cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return -1;
			i++;
			n++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (len - i <= need)
			return -1;
		for (unsigned k = 1; k <= need; k++) {
			unsigned cc = s[i + k];
			if ((cc & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (cc & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0x80 && cp <= 0x9f))
			return -1;
		i += need + 1;
		n++;
	}
	return n;
}

static bool ifname_ok(const char *s, size_t len)
{
	if (len == 0 || len > VRPSOCK_IFNAME_CHARS)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool linux_ifname_ok(const char *s, size_t len)
{
	if (len == 0 || len > VRPSOCK_LINUX_IF_CHARS || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '/' ||
		    s[i] == ':')
			return false;
	return true;
}

/* Checks of a NUL-terminated string value of attribute `attr` (its
 * length, without the NUL, is len).  Returns NULL or what is wrong. */
static const char *name_problem(int attr, const char *s, size_t len)
{
	if (attr == VRPSOCK_A_IFNAME)
		return ifname_ok(s, len) ? NULL : "must be 1 to 63 printable characters without blanks";
	if (attr == VRPSOCK_A_LINUX_IF)
		return linux_ifname_ok(s, len) ? NULL : "is not a valid Linux interface name";
	long n = utf8_chars((const unsigned char *)s, len);
	if (n < 0)
		return "is not valid UTF-8 text without control characters";
	if (n < 1 || (unsigned long)n > str_chars[attr])
		return attr == VRPSOCK_A_GROUP ? "must be 1 to 47 characters"
		       : attr == VRPSOCK_A_REASON ? "is too long"
						  : "must be 1 to 31 characters";
	if ((attr == VRPSOCK_A_VPN_INSTANCE || attr == VRPSOCK_A_IF_VPN) &&
	    strcmp(s, "_public_") == 0)
		return "cannot be _public_";
	return NULL;
}

bool vrpsock_name_ok(int attr, const char *name)
{
	if (attr <= 0 || attr > VRPSOCK_A_MAX || !str_chars[attr] || !name)
		return false;
	size_t len = strlen(name);
	if (len > VRPSOCK_BYTES(str_chars[attr]))
		return false;
	return name_problem(attr, name, len) == NULL;
}

/* ---- decoding -------------------------------------------------------- */

/* An IPv4 address (network order bytes p[0..3]) a peer or source may
 * have: not 0.0.0.0, multicast or class E (broadcast included); a peer
 * not a loopback address either. */
static bool v4_ok(const unsigned char *p, bool peer)
{
	uint32_t h = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return h != 0 && (h >> 28) < 14 && (!peer || p[0] != 127);
}

static bool addr_ok_peer(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		return v4_ok(a->s6_addr + 12, true);
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_LOOPBACK(a);
}

static bool addr_ok_source(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		return v4_ok(a->s6_addr + 12, false);
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_MULTICAST(a);
}

/* An address attribute: 4 bytes are IPv4 (held mapped), 16 bytes IPv6,
 * which may not be IPv4-mapped (one spelling per address). */
static bool addr_read(const void *d, size_t len, struct in6_addr *a)
{
	if (len == 4) {
		memset(a, 0, sizeof *a);
		a->s6_addr[10] = a->s6_addr[11] = 0xff;
		memcpy(a->s6_addr + 12, d, 4);
		return true;
	}
	if (len != 16)
		return false;
	memcpy(a, d, 16);
	return !IN6_IS_ADDR_V4MAPPED(a);
}

/* Writing a request or record: attributes go straight into an aligned
 * buffer (thousands of them per commit: no libnl message). */
struct writer {
	unsigned char *b;
	size_t cap, len;
	bool fail;
};

static void w_attr(struct writer *w, int type, const void *d, size_t n)
{
	size_t al = NLA_ALIGN(NLA_HDRLEN + n);

	if (w->fail || n > 0xffff - NLA_HDRLEN || w->len + al > w->cap) {
		w->fail = true;
		return;
	}
	struct nlattr *a = (struct nlattr *)(w->b + w->len);
	a->nla_type = (uint16_t)type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	memcpy((unsigned char *)a + NLA_HDRLEN, d, n);
	memset((unsigned char *)a + NLA_HDRLEN + n, 0, al - NLA_HDRLEN - n);
	w->len += al;
}

static void w_str(struct writer *w, int type, const char *s)
{
	if (s)
		w_attr(w, type, s, strlen(s) + 1);
}

static void w_addr(struct writer *w, int type, const struct in6_addr *a)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		w_attr(w, type, a->s6_addr + 12, 4);
	else
		w_attr(w, type, a, 16);
}

int vrpsock_decode(const struct nlmsghdr *nlh, size_t avail, bool records, vrpsock_op *op,
		   vrpsock_err *e)
{
	const size_t fixed = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct vrpsock_hdr));

	memset(op, 0, sizeof *op);
	e->code = 0;
	e->off = 0;
	e->msg[0] = '\0';
	if (avail < NLMSG_HDRLEN)
		return fail(e, EBADMSG, 0, "truncated message: %zu bytes", avail);
	if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > avail)
		return fail(e, EBADMSG, 0, "bad message length %u (%zu bytes available)",
			    (unsigned)nlh->nlmsg_len, avail);
	if (!records && nlh->nlmsg_len > VRPSOCK_MSG_MAX)
		return fail(e, EMSGSIZE, 0, "message too long: %u bytes (at most %u)",
			    (unsigned)nlh->nlmsg_len, VRPSOCK_MSG_MAX);
	op->type = nlh->nlmsg_type;
	op->nlflags = nlh->nlmsg_flags;
	op->seq = nlh->nlmsg_seq;
	if (op->type < VRPSOCK_MSG_FIRST || op->type >= VRPSOCK_MSG_END_)
		return fail(e, EOPNOTSUPP, 0, "unknown message type 0x%x", (unsigned)op->type);
	const struct rule *r = &rules[op->type - VRPSOCK_MSG_FIRST];
	if (r->record != records)
		return fail(e, EOPNOTSUPP, 0, "message type %s is not a %s",
			    vrpsock_msg_name(op->type), records ? "reply" : "request");
	if ((op->nlflags & r->nlflags) != r->nlflags)
		return fail(e, EINVAL, 0, "%s needs the flags 0x%x", vrpsock_msg_name(op->type),
			    (unsigned)r->nlflags);
	if (nlh->nlmsg_len < fixed)
		return fail(e, EBADMSG, 0, "message too short for its header: %u bytes",
			    (unsigned)nlh->nlmsg_len);
	const struct vrpsock_hdr *vh = nlmsg_data(nlh);
	if (vh->version != VRPSOCK_VERSION)
		return fail(e, EPROTONOSUPPORT, NLMSG_HDRLEN, "protocol version %u not supported",
			    (unsigned)vh->version);
	if (vh->flags || vh->reserved)
		return fail(e, EINVAL, NLMSG_HDRLEN, "reserved header bits set");

	/* Walk the attributes once by hand: libnl's parser skips unknown
	 * types, keeps the last of duplicates and ignores trailing bytes,
	 * all of which are refused here. */
	const struct nlattr *tb[VRPSOCK_A_MAX + 1];
	memset(tb, 0, sizeof tb);
	const char *base = (const char *)nlh;
	int rem = (int)(nlh->nlmsg_len - fixed);
	const struct nlattr *a = (const struct nlattr *)(base + fixed);
	while (rem > 0) {
		uint32_t off = (uint32_t)((const char *)a - base);
		if (rem < (int)sizeof(struct nlattr) || a->nla_len < sizeof(struct nlattr) ||
		    a->nla_len > rem)
			return fail(e, EBADMSG, off, "bad attribute length");
		if (a->nla_type & (NLA_F_NESTED | NLA_F_NET_BYTEORDER))
			return fail(e, EINVAL, off, "attribute flags are not used");
		int t = a->nla_type;
		if (t <= VRPSOCK_A_UNSPEC || t > VRPSOCK_A_MAX)
			return fail(e, EINVAL, off, "unknown attribute type %d", t);
		if (!(r->allowed & VRPSOCK_HAVE(t)))
			return fail(e, EINVAL, off, "%s does not take the %s",
				    vrpsock_msg_name(op->type), attr_names[t]);
		if (tb[t])
			return fail(e, EINVAL, off, "%s given twice", attr_names[t]);
		tb[t] = a;
		int step = NLA_ALIGN(a->nla_len);
		if (step > rem) /* the last attribute may lack its padding */
			step = rem;
		rem -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}

	/* Types and lengths by the shared policy. */
	struct nlattr *ptb[VRPSOCK_A_MAX + 1];
	int perr = nlmsg_parse((struct nlmsghdr *)nlh, sizeof(struct vrpsock_hdr), ptb,
			       VRPSOCK_A_MAX, vrpsock_policy);
	if (perr < 0) {
		uint32_t off = 0;
		for (int t = 1; t <= VRPSOCK_A_MAX; t++) {
			const struct nla_policy *p = &vrpsock_policy[t];
			if (tb[t] && (nla_len(tb[t]) < p->minlen || nla_len(tb[t]) > p->maxlen ||
				      (p->type == NLA_STRING &&
				       ((const char *)nla_data(tb[t]))[nla_len(tb[t]) - 1] != '\0'))) {
				off = (uint32_t)((const char *)tb[t] - base);
				return fail(e, EINVAL, off, "the %s has a wrong type or length",
					    attr_names[t]);
			}
		}
		return fail(e, EINVAL, off, "attributes rejected by the policy: %s",
			    nl_geterror(perr));
	}

	for (int t = 1; t <= VRPSOCK_A_MAX; t++) {
		if (!tb[t])
			continue;
		uint32_t off = (uint32_t)((const char *)tb[t] - base);
		const void *d = nla_data(tb[t]);
		size_t len = (size_t)nla_len(tb[t]);
		op->have |= VRPSOCK_HAVE(t);
		if (vrpsock_policy[t].type == NLA_STRING) {
			const char *s = d;
			size_t sl = strnlen(s, len);
			if (sl + 1 != len)
				return fail(e, EINVAL, off, "the %s holds a NUL character",
					    attr_names[t]);
			const char *why = name_problem(t, s, sl);
			if (why)
				return fail(e, EINVAL, off, "the %s %s", attr_names[t], why);
		}
		switch (t) {
		case VRPSOCK_A_BGP_INSTANCE:
			op->inst = d;
			break;
		case VRPSOCK_A_VPN_INSTANCE:
			op->vpn = d;
			break;
		case VRPSOCK_A_GROUP:
			op->group = d;
			break;
		case VRPSOCK_A_IFNAME:
			op->ifname = d;
			break;
		case VRPSOCK_A_IF_VPN:
			op->if_vpn = d;
			break;
		case VRPSOCK_A_REASON:
			op->reason = d;
			break;
		case VRPSOCK_A_LINUX_IF:
			op->linux_if = d;
			break;
		case VRPSOCK_A_PEER:
			if (!addr_read(d, len, &op->peer))
				return fail(e, EINVAL, off, "the peer address has a wrong length");
			if (!addr_ok_peer(&op->peer))
				return fail(e, EINVAL, off, "the peer address is not a unicast address");
			break;
		case VRPSOCK_A_SOURCE:
			if (!addr_read(d, len, &op->source))
				return fail(e, EINVAL, off, "the source address has a wrong length");
			if (!addr_ok_source(&op->source))
				return fail(e, EINVAL, off,
					    "the source address is not a unicast address");
			break;
		case VRPSOCK_A_LOCAL:
			if (!addr_read(d, len, &op->local))
				return fail(e, EINVAL, off, "the local address has a wrong length");
			break;
		case VRPSOCK_A_FAMILY:
			op->family = nla_get_u8((struct nlattr *)tb[t]);
			if (op->family != VRPSOCK_FAM_IPV4 && op->family != VRPSOCK_FAM_IPV6)
				return fail(e, ERANGE, off, "unknown address family %u",
					    (unsigned)op->family);
			break;
		case VRPSOCK_A_AS:
			op->as = nla_get_u32((struct nlattr *)tb[t]);
			if (op->as == 0)
				return fail(e, ERANGE, off, "AS number 0 is invalid");
			break;
		case VRPSOCK_A_STATE:
			op->state = nla_get_u8((struct nlattr *)tb[t]);
			if (op->state < VRPSOCK_ST_IDLE || op->state > VRPSOCK_ST_ESTABLISHED)
				return fail(e, ERANGE, off, "unknown session state %u",
					    (unsigned)op->state);
			break;
		case VRPSOCK_A_STATE_SECS:
			op->state_secs = nla_get_u32((struct nlattr *)tb[t]);
			break;
		}
	}

	uint32_t missing = r->required & ~op->have;
	if (missing) {
		int t = __builtin_ctz(missing);
		return fail(e, EINVAL, 0, "%s needs the %s", vrpsock_msg_name(op->type),
			    attr_names[t]);
	}
	if (op->type == VRPSOCK_MSG_BINDING_SET || op->type == VRPSOCK_MSG_BINDING_DEL ||
	    op->type == VRPSOCK_MSG_BINDING) {
		bool g = op->have & H(GROUP), p = op->have & H(PEER);
		if (g == p)
			return fail(e, EINVAL, 0, "a binding names either a group or a peer");
		if (op->type != VRPSOCK_MSG_BINDING_DEL && !(op->have & (H(IFNAME) | H(SOURCE))))
			return fail(e, EINVAL, 0,
				    "a binding needs an interface name, a source address or both");
		if ((op->have & H(IF_VPN)) && !(op->have & H(IFNAME)))
			return fail(e, EINVAL, 0,
				    "the interface VPN instance needs the interface name");
	}
	/* The address families of a VPN instance: only there, and only their
	 * own kind of peer. */
	if (op->have & H(FAMILY)) {
		if (!(op->have & H(VPN_INSTANCE)))
			return fail(e, EINVAL, 0, "an address family needs the VPN instance");
		if ((op->have & H(PEER)) &&
		    (op->family == VRPSOCK_FAM_IPV4) != (bool)IN6_IS_ADDR_V4MAPPED(&op->peer))
			return fail(e, EINVAL, 0, "the peer address is not of the address family");
	}
	return 0;
}

int vrpsock_decode_ack(const struct nlmsghdr *nlh, size_t avail, int *code, const char **msg,
		       uint32_t *acked_seq)
{
	*code = 0;
	*msg = NULL;
	*acked_seq = 0;
	if (avail < NLMSG_HDRLEN || nlh->nlmsg_len > avail || nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		return -1;
	const struct nlmsgerr *ne = nlmsg_data(nlh);
	if (ne->error > 0 || ne->error < -4095)
		return -1;
	*code = -ne->error;
	*acked_seq = ne->msg.nlmsg_seq;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nlmsgerr));
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (ne->msg.nlmsg_len < NLMSG_HDRLEN)
			return -1;
		start += NLMSG_ALIGN(ne->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (start > nlh->nlmsg_len)
		return -1;
	int rem = (int)(nlh->nlmsg_len - start);
	const struct nlattr *a = (const struct nlattr *)((const char *)nlh + start);
	while (rem >= (int)sizeof(struct nlattr)) {
		if (a->nla_len < sizeof(struct nlattr) || a->nla_len > rem)
			return -1;
		if (a->nla_type == NLMSGERR_ATTR_MSG) {
			const char *s = nla_data(a);
			int l = nla_len(a);
			if (l < 1 || s[l - 1] != '\0')
				return -1;
			*msg = s;
		}
		int step = NLA_ALIGN(a->nla_len);
		if (step > rem)
			step = rem;
		rem -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}
	return rem == 0 ? 0 : -1;
}

/* ---- encoding -------------------------------------------------------- */

/* One reusable libnl message for building: no allocation per message. */
static struct nl_msg *scratch(void)
{
	static struct nl_msg *m;

	if (!m)
		m = nlmsg_alloc_size(VRPSOCK_DGRAM_MAX);
	if (!m)
		return NULL;
	struct nlmsghdr *h = nlmsg_hdr(m);
	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_len = NLMSG_HDRLEN;
	return m;
}

static size_t copy_out(struct nl_msg *m, void *buf, size_t cap)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);

	if (len > cap)
		return 0;
	memset((char *)buf + h->nlmsg_len, 0, len - h->nlmsg_len);
	memcpy(buf, h, h->nlmsg_len);
	return len;
}

size_t vrpsock_encode(const vrpsock_op *op, uint16_t nlflags, uint32_t seq, void *buf, size_t cap)
{
	static union {
		struct nlmsghdr h;
		unsigned char b[VRPSOCK_DGRAM_MAX];
	} out;
	const size_t fixed = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct vrpsock_hdr));
	struct writer w = { out.b, sizeof out.b, fixed, false };
	uint32_t h = op->have;

	memset(out.b, 0, fixed);
	out.h.nlmsg_type = op->type;
	out.h.nlmsg_flags = nlflags;
	out.h.nlmsg_seq = seq;
	struct vrpsock_hdr *vh = (struct vrpsock_hdr *)(out.b + NLMSG_HDRLEN);
	vh->version = VRPSOCK_VERSION;
	if (h & H(BGP_INSTANCE))
		w_str(&w, VRPSOCK_A_BGP_INSTANCE, op->inst);
	if (h & H(VPN_INSTANCE))
		w_str(&w, VRPSOCK_A_VPN_INSTANCE, op->vpn);
	if (h & H(GROUP))
		w_str(&w, VRPSOCK_A_GROUP, op->group);
	if (h & H(PEER))
		w_addr(&w, VRPSOCK_A_PEER, &op->peer);
	if (h & H(IFNAME))
		w_str(&w, VRPSOCK_A_IFNAME, op->ifname);
	if (h & H(IF_VPN))
		w_str(&w, VRPSOCK_A_IF_VPN, op->if_vpn);
	if (h & H(SOURCE))
		w_addr(&w, VRPSOCK_A_SOURCE, &op->source);
	if (h & H(AS))
		w_attr(&w, VRPSOCK_A_AS, &op->as, 4);
	if (h & H(STATE))
		w_attr(&w, VRPSOCK_A_STATE, &op->state, 1);
	if (h & H(STATE_SECS))
		w_attr(&w, VRPSOCK_A_STATE_SECS, &op->state_secs, 4);
	if (h & H(LOCAL))
		w_addr(&w, VRPSOCK_A_LOCAL, &op->local);
	if (h & H(REASON))
		w_str(&w, VRPSOCK_A_REASON, op->reason);
	if (h & H(LINUX_IF))
		w_str(&w, VRPSOCK_A_LINUX_IF, op->linux_if);
	if (h & H(FAMILY))
		w_attr(&w, VRPSOCK_A_FAMILY, &op->family, 1);
	if (w.fail || w.len > cap)
		return 0;
	out.h.nlmsg_len = (uint32_t)w.len;
	/* What the receiver would refuse is not sent. */
	vrpsock_op chk;
	vrpsock_err e;
	bool rec = op->type == VRPSOCK_MSG_BINDING || op->type == VRPSOCK_MSG_PEER;
	if (vrpsock_decode(&out.h, w.len, rec, &chk, &e) != 0)
		return 0;
	memcpy(buf, out.b, w.len);
	return w.len;
}

size_t vrpsock_encode_ack(const struct nlmsghdr *req, int code, const char *msg, uint32_t off,
			  void *buf, size_t cap)
{
	struct nl_msg *m = scratch();
	bool tlv = msg && *msg;
	uint16_t flags = NLM_F_CAPPED | (tlv ? NLM_F_ACK_TLVS : 0);

	if (!m || !nlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq, NLMSG_ERROR,
			     sizeof(struct nlmsgerr), flags))
		return 0;
	struct nlmsgerr *ne = nlmsg_data(nlmsg_hdr(m));
	ne->error = -code;
	memcpy(&ne->msg, req, NLMSG_HDRLEN);
	if (tlv) {
		char text[VRPSOCK_BYTES(VRPSOCK_REASON_CHARS)];
		snprintf(text, sizeof text, "%s", msg);
		if (nla_put_string(m, NLMSGERR_ATTR_MSG, text) < 0)
			return 0;
		if (off && nla_put_u32(m, NLMSGERR_ATTR_OFFS, off) < 0)
			return 0;
	}
	return copy_out(m, buf, cap);
}

size_t vrpsock_encode_done(const struct nlmsghdr *req, void *buf, size_t cap)
{
	struct nl_msg *m = scratch();

	if (!m || !nlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq, NLMSG_DONE, sizeof(int),
			     NLM_F_MULTI))
		return 0;
	memset(nlmsg_data(nlmsg_hdr(m)), 0, sizeof(int));
	return copy_out(m, buf, cap);
}
