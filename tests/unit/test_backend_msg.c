/* The vrp-sockd protocol (backend/vrpsock.h): the attribute policy,
 * encoding and decoding, the per-type rules, and malformed messages of
 * every kind, which must be refused with the right error. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "backend/vrpsock.h"
#include "unit.h"

#define H(a) VRPSOCK_HAVE(VRPSOCK_A_##a)

/* ---- building raw messages by hand --------------------------------------- */

struct raw {
	unsigned char b[8192];
	size_t len;
};

static void r_start(struct raw *m, uint16_t type, uint16_t flags)
{
	memset(m->b, 0, sizeof m->b);
	struct nlmsghdr *h = (struct nlmsghdr *)m->b;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = 77;
	m->b[NLMSG_HDRLEN] = VRPSOCK_VERSION;
	m->len = NLMSG_HDRLEN + 4;
}

static void r_attr(struct raw *m, uint16_t type, const void *d, size_t n)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	memcpy(m->b + m->len + NLA_HDRLEN, d, n);
	m->len += NLA_ALIGN(NLA_HDRLEN + n);
}

static void r_str(struct raw *m, uint16_t type, const char *s)
{
	r_attr(m, type, s, strlen(s) + 1);
}

static void r_addr(struct raw *m, uint16_t type, const char *s)
{
	struct in6_addr a;
	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	r_attr(m, type, &a, 16);
}

static const struct nlmsghdr *r_end(struct raw *m)
{
	((struct nlmsghdr *)m->b)->nlmsg_len = (uint32_t)m->len;
	return (const struct nlmsghdr *)m->b;
}

/* A valid group binding request. */
static void r_binding(struct raw *m)
{
	r_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(m, VRPSOCK_A_GROUP, "test");
	r_str(m, VRPSOCK_A_IFNAME, "LoopBack0");
}

/* Decode as a request; returns the error code (0 = accepted). */
static int req(struct raw *m, vrpsock_op *op, vrpsock_err *e)
{
	const struct nlmsghdr *h = r_end(m);
	int rc = vrpsock_decode(h, m->len, false, op, e);
	if (rc == 0)
		ck_assert_int_eq(e->code, 0);
	else
		ck_assert_int_ne(e->code, 0);
	return rc == 0 ? 0 : e->code;
}

/* ---- the policy ------------------------------------------------------------- */

START_TEST(policy_table)
{
	const struct nla_policy *p = vrpsock_policy;
	ck_assert_int_eq(p[VRPSOCK_A_AS].type, NLA_U32);
	ck_assert_int_eq(p[VRPSOCK_A_AS].minlen, 4);
	ck_assert_int_eq(p[VRPSOCK_A_AS].maxlen, 4);
	ck_assert_int_eq(p[VRPSOCK_A_STATE].type, NLA_U8);
	ck_assert_int_eq(p[VRPSOCK_A_STATE].maxlen, 1);
	for (int a = VRPSOCK_A_PEER; a <= VRPSOCK_A_LOCAL; a++) {
		if (a != VRPSOCK_A_PEER && a != VRPSOCK_A_SOURCE && a != VRPSOCK_A_LOCAL)
			continue;
		/* IPv4 or IPv6 (the decoder refuses the lengths between) */
		ck_assert_int_eq(p[a].minlen, 4);
		ck_assert_int_eq(p[a].maxlen, 16);
	}
	ck_assert_int_eq(p[VRPSOCK_A_FAMILY].type, NLA_U8);
	ck_assert_int_eq(p[VRPSOCK_A_FAMILY].maxlen, 1);
	/* 47 characters of up to 4 bytes, and the NUL. */
	ck_assert_int_eq(p[VRPSOCK_A_GROUP].type, NLA_STRING);
	ck_assert_int_eq(p[VRPSOCK_A_GROUP].maxlen, 189);
	ck_assert_int_eq(p[VRPSOCK_A_VPN_INSTANCE].maxlen, 125);
	ck_assert_int_eq(p[VRPSOCK_A_IFNAME].maxlen, 64);
	ck_assert_int_eq(p[VRPSOCK_A_LINUX_IF].maxlen, 16);
	ck_assert_int_eq(VRPSOCK_A_MAX, 14);
}
END_TEST

START_TEST(names)
{
	ck_assert(vrpsock_name_ok(VRPSOCK_A_GROUP, "test"));
	ck_assert(vrpsock_name_ok(VRPSOCK_A_GROUP, "two words"));
	ck_assert(vrpsock_name_ok(VRPSOCK_A_GROUP,
				  "12345678901234567890123456789012345678901234567"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_GROUP,
				   "123456789012345678901234567890123456789012345678"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_GROUP, ""));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_GROUP, "tab\there"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_GROUP, "bad\xc3"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_GROUP, "over\xc0\xaflong"));
	/* 31 two-byte characters are 31 characters. */
	char e31[63], e32[65];
	for (int i = 0; i < 31; i++)
		memcpy(e31 + 2 * i, "\xc3\xa9", 2);
	e31[62] = '\0';
	memcpy(e32, e31, 62);
	memcpy(e32 + 62, "\xc3\xa9", 2);
	e32[64] = '\0';
	ck_assert(vrpsock_name_ok(VRPSOCK_A_VPN_INSTANCE, e31));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_VPN_INSTANCE, e32));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_VPN_INSTANCE, "_public_"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_IF_VPN, "_public_"));
	ck_assert(vrpsock_name_ok(VRPSOCK_A_BGP_INSTANCE, "_public_"));
	ck_assert(vrpsock_name_ok(VRPSOCK_A_IFNAME, "100GE1/0/1"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_IFNAME, "Loop Back0"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_IFNAME, "LoopBack\xc3\xa9"));
	ck_assert(vrpsock_name_ok(VRPSOCK_A_LINUX_IF, "lo"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_LINUX_IF, "eth0:1"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_LINUX_IF, "a/b"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_LINUX_IF, "sixteen-chars-xx"));
	ck_assert(!vrpsock_name_ok(VRPSOCK_A_PEER, "x"));
	ck_assert_str_eq(vrpsock_state_name(VRPSOCK_ST_ESTABLISHED), "Established");
	ck_assert_str_eq(vrpsock_state_name(VRPSOCK_ST_ACTIVE), "Active");
	ck_assert_str_eq(vrpsock_state_name(VRPSOCK_ST_CONNECT), "Connect");
	ck_assert_str_eq(vrpsock_state_name(VRPSOCK_ST_IDLE), "Idle");
	ck_assert_str_eq(vrpsock_state_name(0), "Idle");
	ck_assert_str_eq(vrpsock_msg_name(VRPSOCK_MSG_PEER_DEL), "PEER_DEL");
	ck_assert_str_eq(vrpsock_msg_name(7), "?");
}
END_TEST

/* ---- encoding and decoding ---------------------------------------------------- */

START_TEST(round_trip_binding)
{
	unsigned char buf[VRPSOCK_MSG_MAX];
	vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET,
			  .have = H(BGP_INSTANCE) | H(VPN_INSTANCE) | H(GROUP) | H(IFNAME) |
				  H(IF_VPN) | H(SOURCE),
			  .inst = "a", .vpn = "vpn1", .group = "two words", .ifname = "LoopBack0",
			  .if_vpn = "vpn1" };
	inet_pton(AF_INET6, "2001:db8::1", &op.source);

	size_t len = vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 4242, buf, sizeof buf);
	ck_assert_uint_gt(len, 0);
	ck_assert_uint_eq(len % 4, 0);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	ck_assert_uint_eq(h->nlmsg_type, VRPSOCK_MSG_BINDING_SET);
	ck_assert_uint_eq(h->nlmsg_seq, 4242);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	/* header 16 + fixed 4 + "a" 8 + "vpn1" 12 + "two words" 16 + "LoopBack0" 16
	 * + "vpn1" 12 + source 20 */
	ck_assert_uint_eq(h->nlmsg_len, 104);

	vrpsock_op d;
	vrpsock_err e;
	ck_assert_int_eq(vrpsock_decode(h, len, false, &d, &e), 0);
	ck_assert_uint_eq(d.have, op.have);
	ck_assert_str_eq(d.inst, "a");
	ck_assert_str_eq(d.vpn, "vpn1");
	ck_assert_str_eq(d.group, "two words");
	ck_assert_str_eq(d.ifname, "LoopBack0");
	ck_assert_str_eq(d.if_vpn, "vpn1");
	ck_assert_int_eq(memcmp(&d.source, &op.source, 16), 0);
	ck_assert_uint_eq(d.seq, 4242);
	/* A request is not a record. */
	ck_assert_int_eq(vrpsock_decode(h, len, true, &d, &e), -1);
	ck_assert_int_eq(e.code, EOPNOTSUPP);
}
END_TEST

START_TEST(round_trip_peer_record)
{
	unsigned char buf[VRPSOCK_MSG_MAX];
	vrpsock_op op = { .type = VRPSOCK_MSG_PEER,
			  .have = H(VPN_INSTANCE) | H(PEER) | H(GROUP) | H(AS) | H(STATE) |
				  H(STATE_SECS) | H(LOCAL) | H(REASON) | H(LINUX_IF),
			  .vpn = "vpn1", .group = "test", .as = 4294967295u,
			  .state = VRPSOCK_ST_ESTABLISHED, .state_secs = 86400,
			  .reason = "connect: Connection refused", .linux_if = "lb0" };
	inet_pton(AF_INET6, "2001:db8:ff::2", &op.peer);
	inet_pton(AF_INET6, "2001:db8:1::1", &op.local);

	size_t len = vrpsock_encode(&op, NLM_F_MULTI, 9, buf, sizeof buf);
	ck_assert_uint_gt(len, 0);
	vrpsock_op d;
	vrpsock_err e;
	ck_assert_int_eq(vrpsock_decode((struct nlmsghdr *)buf, len, true, &d, &e), 0);
	ck_assert_uint_eq(d.as, 4294967295u);
	ck_assert_uint_eq(d.state, VRPSOCK_ST_ESTABLISHED);
	ck_assert_uint_eq(d.state_secs, 86400);
	ck_assert_str_eq(d.reason, "connect: Connection refused");
	ck_assert_str_eq(d.linux_if, "lb0");
	ck_assert_int_eq(memcmp(&d.local, &op.local, 16), 0);
	ck_assert_ptr_null(d.inst);
}
END_TEST

START_TEST(encode_refuses_invalid)
{
	unsigned char buf[VRPSOCK_MSG_MAX];
	vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET, .have = H(GROUP) | H(IFNAME),
			  .group = "g", .ifname = "LoopBack0" };
	/* No VPN instance: the public network's group. */
	ck_assert_uint_gt(vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	/* An address family needs a VPN instance. */
	op.have |= H(FAMILY);
	op.family = VRPSOCK_FAM_IPV4;
	ck_assert_uint_eq(vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	op.have |= H(VPN_INSTANCE);
	op.vpn = "_public_";
	ck_assert_uint_eq(vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	op.vpn = "vpn1";
	ck_assert_uint_gt(vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	/* Does not fit. */
	ck_assert_uint_eq(vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 1, buf, 20), 0);
	/* A peer with AS 0. */
	vrpsock_op p = { .type = VRPSOCK_MSG_PEER_SET, .have = H(VPN_INSTANCE) | H(PEER) | H(AS),
			 .vpn = "vpn1", .as = 0 };
	inet_pton(AF_INET6, "2001:db8::2", &p.peer);
	ck_assert_uint_eq(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	p.as = 1;
	ck_assert_uint_gt(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	/* A loopback peer. */
	inet_pton(AF_INET6, "::1", &p.peer);
	ck_assert_uint_eq(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &p.peer);
	ck_assert_uint_eq(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	/* An IPv4 peer in the IPv6 family of its VPN instance. */
	inet_pton(AF_INET6, "::ffff:10.1.1.2", &p.peer);
	ck_assert_uint_gt(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	p.have |= H(FAMILY);
	p.family = VRPSOCK_FAM_IPV6;
	ck_assert_uint_eq(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
	p.family = VRPSOCK_FAM_IPV4;
	ck_assert_uint_gt(vrpsock_encode(&p, NLM_F_REQUEST | NLM_F_ACK, 1, buf, sizeof buf), 0);
}
END_TEST

/* IPv4 addresses travel as 4 bytes and come back IPv4-mapped; the public
 * network has no VPN instance attribute. */
START_TEST(round_trip_ipv4)
{
	unsigned char buf[VRPSOCK_MSG_MAX];
	vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET,
			  .have = H(PEER) | H(IFNAME) | H(SOURCE), .ifname = "LoopBack0" };
	inet_pton(AF_INET6, "::ffff:10.1.1.2", &op.peer);
	inet_pton(AF_INET6, "::ffff:10.9.9.9", &op.source);
	size_t len = vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, 3, buf, sizeof buf);
	ck_assert_uint_gt(len, 0);
	/* header, version header, PEER (8), IFNAME (16), SOURCE (8) */
	ck_assert_uint_eq(len, NLMSG_HDRLEN + 4 + 8 + 16 + 8);
	vrpsock_op d;
	vrpsock_err e;
	ck_assert_int_eq(vrpsock_decode((struct nlmsghdr *)buf, len, false, &d, &e), 0);
	ck_assert_int_eq(memcmp(&d.peer, &op.peer, 16), 0);
	ck_assert_int_eq(memcmp(&d.source, &op.source, 16), 0);
	ck_assert(!(d.have & H(VPN_INSTANCE)));
	ck_assert_ptr_null(d.vpn);

	vrpsock_op g = { .type = VRPSOCK_MSG_BINDING_SET,
			 .have = H(VPN_INSTANCE) | H(FAMILY) | H(GROUP) | H(IFNAME),
			 .vpn = "vpn1", .family = VRPSOCK_FAM_IPV4, .group = "g",
			 .ifname = "LoopBack1" };
	len = vrpsock_encode(&g, NLM_F_REQUEST | NLM_F_ACK, 4, buf, sizeof buf);
	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(vrpsock_decode((struct nlmsghdr *)buf, len, false, &d, &e), 0);
	ck_assert(d.have & H(FAMILY));
	ck_assert_uint_eq(d.family, VRPSOCK_FAM_IPV4);
}
END_TEST

/* ---- malformed requests -------------------------------------------------------- */

START_TEST(lengths)
{
	struct raw m;
	vrpsock_op op;
	vrpsock_err e;

	r_binding(&m);
	const struct nlmsghdr *h = r_end(&m);
	ck_assert_int_eq(vrpsock_decode(h, 10, false, &op, &e), -1);
	ck_assert_int_eq(e.code, EBADMSG);
	ck_assert_int_eq(vrpsock_decode(h, m.len - 4, false, &op, &e), -1);
	ck_assert_int_eq(e.code, EBADMSG);
	((struct nlmsghdr *)m.b)->nlmsg_len = 8;
	ck_assert_int_eq(vrpsock_decode(h, m.len, false, &op, &e), -1);
	ck_assert_int_eq(e.code, EBADMSG);
	/* Too short for the fixed header. */
	((struct nlmsghdr *)m.b)->nlmsg_len = NLMSG_HDRLEN + 2;
	ck_assert_int_eq(vrpsock_decode(h, m.len, false, &op, &e), -1);
	ck_assert_int_eq(e.code, EBADMSG);
	/* Longer than a request may be. */
	r_binding(&m);
	while (m.len < VRPSOCK_MSG_MAX + 8)
		r_str(&m, VRPSOCK_A_REASON, "padding padding padding");
	ck_assert_int_eq(req(&m, &op, &e), EMSGSIZE);
	/* The same length is fine for a record (a dump may be long)... but
	 * not with an attribute a binding does not take. */
	((struct nlmsghdr *)m.b)->nlmsg_type = VRPSOCK_MSG_BINDING;
	((struct nlmsghdr *)m.b)->nlmsg_flags = NLM_F_MULTI;
	ck_assert_int_eq(vrpsock_decode((struct nlmsghdr *)m.b, m.len, true, &op, &e), -1);
	ck_assert_int_eq(e.code, EINVAL);
}
END_TEST

START_TEST(header)
{
	struct raw m;
	vrpsock_op op;
	vrpsock_err e;

	r_binding(&m);
	ck_assert_int_eq(req(&m, &op, &e), 0);
	ck_assert_str_eq(op.group, "test");
	r_binding(&m);
	m.b[NLMSG_HDRLEN] = 2;
	ck_assert_int_eq(req(&m, &op, &e), EPROTONOSUPPORT);
	ck_assert_uint_eq(e.off, NLMSG_HDRLEN);
	r_binding(&m);
	m.b[NLMSG_HDRLEN + 1] = 1;
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_binding(&m);
	((struct nlmsghdr *)m.b)->nlmsg_flags = NLM_F_REQUEST;
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_binding(&m);
	((struct nlmsghdr *)m.b)->nlmsg_type = 0x7f;
	ck_assert_int_eq(req(&m, &op, &e), EOPNOTSUPP);
	r_binding(&m);
	((struct nlmsghdr *)m.b)->nlmsg_type = VRPSOCK_MSG_PEER;
	ck_assert_int_eq(req(&m, &op, &e), EOPNOTSUPP);
	/* GET needs NLM_F_DUMP. */
	r_start(&m, VRPSOCK_MSG_GET, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_start(&m, VRPSOCK_MSG_GET, NLM_F_REQUEST | NLM_F_DUMP);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	ck_assert_int_eq(req(&m, &op, &e), 0);
	/* Transaction messages take no attribute. */
	r_start(&m, VRPSOCK_MSG_TXN_BEGIN, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_int_eq(req(&m, &op, &e), 0);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_uint_eq(e.off, NLMSG_HDRLEN + 4);
}
END_TEST

START_TEST(attributes)
{
	struct raw m;
	vrpsock_op op;
	vrpsock_err e;
	const uint32_t first = NLMSG_HDRLEN + 4;

	r_binding(&m);
	r_attr(&m, 99, "x", 1);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown attribute type 99"));
	r_binding(&m);
	r_attr(&m, 0, "x", 1);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_binding(&m);
	r_str(&m, VRPSOCK_A_GROUP, "again");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "twice"));
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_SOURCE | NLA_F_NET_BYTEORDER, "0123456789abcdef", 16);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* Wrong lengths for fixed-size attributes: an address is 4 or 16
	 * bytes, and an IPv6 one is not written IPv4-mapped. */
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_SOURCE, "0123456789abcde", 15);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_uint_eq(e.off, first + 12 + 12 + 16);
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_SOURCE, "012345", 6);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_binding(&m);
	r_addr(&m, VRPSOCK_A_SOURCE, "::ffff:10.1.1.1");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_SOURCE, "\12\1\1\1", 4);
	ck_assert_int_eq(req(&m, &op, &e), 0);
	/* An address family is 4 or 6. */
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_FAMILY, "\5", 1);
	ck_assert_int_eq(req(&m, &op, &e), ERANGE);
	r_binding(&m);
	r_attr(&m, VRPSOCK_A_FAMILY, "\6", 1);
	ck_assert_int_eq(req(&m, &op, &e), 0);
	r_start(&m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_addr(&m, VRPSOCK_A_PEER, "2001:db8::2");
	r_attr(&m, VRPSOCK_A_AS, "\1\0\0\0\0\0\0\0", 8);
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* Strings: no NUL, NUL inside, too long, control character. */
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_attr(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1", 4);
	r_str(&m, VRPSOCK_A_GROUP, "g");
	r_str(&m, VRPSOCK_A_IFNAME, "LoopBack0");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_uint_eq(e.off, first);
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_attr(&m, VRPSOCK_A_VPN_INSTANCE, "vp\0n1", 6);
	r_str(&m, VRPSOCK_A_GROUP, "g");
	r_str(&m, VRPSOCK_A_IFNAME, "LoopBack0");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(&m, VRPSOCK_A_GROUP, "g\x1b[31m");
	r_str(&m, VRPSOCK_A_IFNAME, "LoopBack0");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(&m, VRPSOCK_A_GROUP, "g");
	r_str(&m, VRPSOCK_A_IFNAME,
	      "L234567890123456789012345678901234567890123456789012345678901234"); /* 64 */
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* An attribute whose length runs past the message. */
	r_binding(&m);
	((struct nlattr *)(m.b + first))->nla_len = 300;
	ck_assert_int_eq(req(&m, &op, &e), EBADMSG);
	/* Trailing bytes too few for an attribute header. */
	r_binding(&m);
	m.len += 2;
	ck_assert_int_eq(req(&m, &op, &e), EBADMSG);
	/* An attribute header whose length is below the header size. */
	r_binding(&m);
	((struct nlattr *)(m.b + first))->nla_len = 2;
	ck_assert_int_eq(req(&m, &op, &e), EBADMSG);
}
END_TEST

START_TEST(rules)
{
	struct raw m;
	vrpsock_op op;
	vrpsock_err e;

	/* A binding names a group or a peer, not both, not neither. */
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(&m, VRPSOCK_A_IFNAME, "LoopBack0");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_addr(&m, VRPSOCK_A_PEER, "2001:db8::2");
	ck_assert_int_eq(req(&m, &op, &e), 0);
	r_str(&m, VRPSOCK_A_GROUP, "g");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* It needs an interface or a source; the interface's VPN needs the
	 * interface. */
	r_start(&m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(&m, VRPSOCK_A_GROUP, "g");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_str(&m, VRPSOCK_A_IF_VPN, "vpn1");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	r_addr(&m, VRPSOCK_A_SOURCE, "2001:db8::1");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* A delete takes the key only. */
	r_start(&m, VRPSOCK_MSG_BINDING_DEL, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_str(&m, VRPSOCK_A_GROUP, "g");
	ck_assert_int_eq(req(&m, &op, &e), 0);
	r_str(&m, VRPSOCK_A_IFNAME, "LoopBack0");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	/* Peers: address needed, unicast; AS 1.. */
	r_start(&m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "peer address"));
	r_addr(&m, VRPSOCK_A_PEER, "::");
	ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	static const char *const bad4[] = { "\0\0\0\0", "\177\0\0\1", "\340\0\0\5",
					    "\377\377\377\377" };
	for (size_t i = 0; i < sizeof bad4 / sizeof bad4[0]; i++) {
		r_start(&m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK);
		r_attr(&m, VRPSOCK_A_PEER, bad4[i], 4);
		ck_assert_int_eq(req(&m, &op, &e), EINVAL);
	}
	/* An IPv4 peer of the public network. */
	r_start(&m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_attr(&m, VRPSOCK_A_PEER, "\12\1\1\2", 4);
	ck_assert_int_eq(req(&m, &op, &e), 0);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&op.peer));
	r_start(&m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_addr(&m, VRPSOCK_A_PEER, "2001:db8::2");
	uint32_t zero = 0, big = 4294967295u;
	struct raw m2 = m;
	r_attr(&m, VRPSOCK_A_AS, &zero, 4);
	ck_assert_int_eq(req(&m, &op, &e), ERANGE);
	r_attr(&m2, VRPSOCK_A_AS, &big, 4);
	ck_assert_int_eq(req(&m2, &op, &e), 0);
	ck_assert_uint_eq(op.as, 4294967295u);
	/* A record's state must be one of the four. */
	r_start(&m, VRPSOCK_MSG_PEER, NLM_F_MULTI);
	r_str(&m, VRPSOCK_A_VPN_INSTANCE, "vpn1");
	r_addr(&m, VRPSOCK_A_PEER, "2001:db8::2");
	r_attr(&m, VRPSOCK_A_STATE, "\5", 1);
	ck_assert_int_eq(vrpsock_decode(r_end(&m), m.len, true, &op, &e), -1);
	ck_assert_int_eq(e.code, ERANGE);
}
END_TEST

/* ---- acks ------------------------------------------------------------------------ */

START_TEST(acks)
{
	struct raw m;
	unsigned char buf[1024];
	int code;
	const char *msg;
	uint32_t seq;

	r_binding(&m);
	const struct nlmsghdr *req_h = r_end(&m);
	size_t len = vrpsock_encode_ack(req_h, EINVAL, "the group is bad", 24, buf, sizeof buf);
	ck_assert_uint_gt(len, 0);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_ERROR);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	ck_assert_uint_eq(h->nlmsg_seq, 77);
	ck_assert_int_eq(vrpsock_decode_ack(h, len, &code, &msg, &seq), 0);
	ck_assert_int_eq(code, EINVAL);
	ck_assert_str_eq(msg, "the group is bad");
	ck_assert_uint_eq(seq, 77);
	/* The offset attribute is there too. */
	const struct nlattr *a = (const struct nlattr *)(buf + NLMSG_HDRLEN + sizeof(struct nlmsgerr));
	ck_assert_uint_eq(a->nla_type, NLMSGERR_ATTR_MSG);
	a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len));
	ck_assert_uint_eq(a->nla_type, NLMSGERR_ATTR_OFFS);
	ck_assert_uint_eq(*(const uint32_t *)((const char *)a + NLA_HDRLEN), 24);

	/* Success: no TLVs. */
	len = vrpsock_encode_ack(req_h, 0, NULL, 0, buf, sizeof buf);
	ck_assert_uint_eq(len, NLMSG_HDRLEN + sizeof(struct nlmsgerr));
	ck_assert_int_eq(vrpsock_decode_ack(h, len, &code, &msg, &seq), 0);
	ck_assert_int_eq(code, 0);
	ck_assert_ptr_null(msg);

	/* Malformed acks. */
	len = vrpsock_encode_ack(req_h, EINVAL, "x", 0, buf, sizeof buf);
	ck_assert_int_eq(vrpsock_decode_ack(h, len - 1, &code, &msg, &seq), -1);
	((struct nlmsgerr *)(buf + NLMSG_HDRLEN))->error = 5;
	ck_assert_int_eq(vrpsock_decode_ack(h, len, &code, &msg, &seq), -1);
	len = vrpsock_encode_ack(req_h, EINVAL, "xyz", 0, buf, sizeof buf);
	buf[len - 1] = 'q'; /* the string loses its NUL (padding byte) */
	buf[len - 2] = 'q';
	buf[len - 3] = 'q';
	buf[len - 4] = 'q';
	ck_assert_int_eq(vrpsock_decode_ack(h, len, &code, &msg, &seq), -1);
	len = vrpsock_encode_done(req_h, buf, sizeof buf);
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_DONE);
	ck_assert_int_eq(vrpsock_decode_ack(h, len, &code, &msg, &seq), -1);
}
END_TEST

static Suite *make_backend_msg_suite(void)
{
	Suite *s = suite_create("backend_msg");
	TCase *tc = tcase_create("msg");
	tcase_add_test(tc, policy_table);
	tcase_add_test(tc, names);
	tcase_add_test(tc, round_trip_binding);
	tcase_add_test(tc, round_trip_peer_record);
	tcase_add_test(tc, encode_refuses_invalid);
	tcase_add_test(tc, round_trip_ipv4);
	tcase_add_test(tc, lengths);
	tcase_add_test(tc, header);
	tcase_add_test(tc, attributes);
	tcase_add_test(tc, rules);
	tcase_add_test(tc, acks);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(backend_msg, make_backend_msg_suite)
