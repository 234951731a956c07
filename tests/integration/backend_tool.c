/* The backend integration scripts' tool.
 *
 *   backend-tool listen ADDR PORT LOG     accept TCP connections on [ADDR]:PORT and
 *                                         write "accept SRC" / "close SRC" lines to LOG
 *   backend-tool dump PORTID [state]      print vrp-sockd's bindings and peers, one
 *                                         sorted line each (with "state": session
 *                                         state, local address and reason too)
 *   backend-tool fuzz PORTID              send malformed and out-of-order requests;
 *                                         each must get its error ack and change
 *                                         nothing; exit 0 when all did
 *   backend-tool unpriv PORTID UID GID    as UID/GID, send a transaction (prints the
 *                                         error code of each ack: "EPERM", "0") and
 *                                         a dump request ("get: EPERM" or "get:
 *                                         answered")
 *   backend-tool silent PORTID            a client that never reads: send
 *                                         transactions (BEGIN and bindings), read
 *                                         none of the acks, until killed
 *   backend-tool stage PORTID BYTES [N]   stage up to BYTES of bindings as large as
 *                                         the protocol allows, over N transactions
 *                                         (ports) at once, reading every ack; print
 *                                         "refused after K operations (S bytes
 *                                         sent): CODE: message" at the first
 *                                         refusal, or "accepted S bytes"
 *
 * Messages are crafted byte by byte here on purpose: the library would
 * refuse to build most of them. */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/client.h"
#include "backend/vrpsock.h"

/* ---- listen ------------------------------------------------------------------ */

static int cmd_listen(const char *addr, const char *port, const char *logpath)
{
	/* An IPv6 or an IPv4 address; the log names sources as inet_ntop does. */
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)atoi(port)) };
	struct sockaddr_in sa4 = { .sin_family = AF_INET, .sin_port = sa6.sin6_port };
	int fam = inet_pton(AF_INET6, addr, &sa6.sin6_addr) == 1 ? AF_INET6
		  : inet_pton(AF_INET, addr, &sa4.sin_addr) == 1  ? AF_INET
								  : 0;
	if (!fam) {
		fprintf(stderr, "listen: bad address %s\n", addr);
		return 2;
	}
	struct sockaddr *sa = fam == AF_INET6 ? (struct sockaddr *)&sa6 : (struct sockaddr *)&sa4;
	socklen_t salen = fam == AF_INET6 ? sizeof sa6 : sizeof sa4;
	FILE *log = fopen(logpath, "a");
	if (!log) {
		perror(logpath);
		return 2;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	int ls = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ls < 0 || bind(ls, sa, salen) != 0 || listen(ls, 64) != 0) {
		perror("listen");
		return 2;
	}
	fprintf(log, "ready\n");
	enum { MAXC = 1024 };
	struct pollfd p[MAXC + 1];
	char who[MAXC + 1][INET6_ADDRSTRLEN];
	int n = 1;
	p[0].fd = ls;
	p[0].events = POLLIN;
	for (;;) {
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			return 2;
		}
		for (int i = n - 1; i >= 1; i--) {
			if (!p[i].revents)
				continue;
			char buf[512];
			ssize_t k = read(p[i].fd, buf, sizeof buf);
			if (k > 0)
				continue;
			fprintf(log, "close %s\n", who[i]);
			close(p[i].fd);
			p[i] = p[n - 1];
			memcpy(who[i], who[n - 1], sizeof who[i]);
			n--;
		}
		if (p[0].revents & POLLIN) {
			struct sockaddr_storage from;
			socklen_t fl = sizeof from;
			int c = accept4(ls, (struct sockaddr *)&from, &fl, SOCK_CLOEXEC);
			if (c < 0)
				continue;
			if (n > MAXC) {
				close(c);
				continue;
			}
			if (from.ss_family == AF_INET6)
				inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&from)->sin6_addr, who[n],
					  sizeof who[n]);
			else
				inet_ntop(AF_INET, &((struct sockaddr_in *)&from)->sin_addr, who[n],
					  sizeof who[n]);
			fprintf(log, "accept %s\n", who[n]);
			p[n].fd = c;
			p[n].events = POLLIN;
			p[n].revents = 0;
			n++;
		}
	}
}

/* ---- dump -------------------------------------------------------------------- */

struct lines {
	char **v;
	size_t n, cap;
	bool state;
};

static void addf(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct lines *l, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = strdup(buf);
}

/* IPv4 peers and sources are held IPv4-mapped: shown as IPv4. */
static const char *a6(const struct in6_addr *a, char *buf)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		inet_ntop(AF_INET, a->s6_addr + 12, buf, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
	return buf;
}

/* "vpn=V" ("vpn=-" for the public instance) and " fam=4|6" when given. */
static const char *scope(const vrpsock_op *r, char *buf, size_t len)
{
	bool fam = r->have & VRPSOCK_HAVE(VRPSOCK_A_FAMILY);
	snprintf(buf, len, "vpn=%s%s%s",
		 (r->have & VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE)) && r->vpn ? r->vpn : "-",
		 fam ? " fam=" : "", fam ? (r->family == VRPSOCK_FAM_IPV4 ? "4" : "6") : "");
	return buf;
}

static int dump_rec(void *arg, const vrpsock_op *r)
{
	struct lines *l = arg;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], sc[64];
	const char *inst = r->inst ? r->inst : "-";

	scope(r, sc, sizeof sc);
	if (r->type == VRPSOCK_MSG_BINDING) {
		addf(l, "binding inst=%s %s %s=%s if=%s if-vpn=%s source=%s", inst, sc,
		     r->group ? "group" : "peer", r->group ? r->group : a6(&r->peer, a),
		     r->ifname ? r->ifname : "-", r->if_vpn ? r->if_vpn : "-",
		     (r->have & VRPSOCK_HAVE(VRPSOCK_A_SOURCE)) ? a6(&r->source, b) : "-");
		return 0;
	}
	char st[400] = "";
	if (l->state)
		snprintf(st, sizeof st, " state=%s local=%s linux-if=%s reason=%s",
			 vrpsock_state_name(r->state),
			 (r->have & VRPSOCK_HAVE(VRPSOCK_A_LOCAL)) ? a6(&r->local, b) : "-",
			 r->linux_if ? r->linux_if : "-", r->reason ? r->reason : "-");
	addf(l, "peer inst=%s %s peer=%s group=%s as=%u%s", inst, sc, a6(&r->peer, a),
	     r->group ? r->group : "-", (unsigned)r->as, st);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The daemon's state as sorted lines; -1 when it does not answer. */
static int get_dump(uint32_t port, bool state, struct lines *l)
{
	nlb_client_opts o = { port, 2000 };
	nlb_client *c = nlb_client_new(&o);
	char err[256];
	memset(l, 0, sizeof *l);
	l->state = state;
	int rc = nlb_dump(c, NULL, NULL, dump_rec, l, err, sizeof err);
	nlb_client_free(c);
	if (rc != NLB_OK) {
		fprintf(stderr, "dump: %s\n", err);
		return -1;
	}
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_str);
	return 0;
}

static void free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmd_dump(uint32_t port, bool state)
{
	struct lines l;
	if (get_dump(port, state, &l) != 0)
		return 1;
	for (size_t i = 0; i < l.n; i++)
		printf("%s\n", l.v[i]);
	free_lines(&l);
	return 0;
}

/* ---- raw messages --------------------------------------------------------------- */

static int sock_fd = -1;
static uint32_t daemon_port;
static uint32_t seq = 1000;

static int raw_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof me) != 0) {
		perror("netlink socket");
		exit(2);
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
	struct timeval tv = { 2, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

/* A message under construction. */
struct msg {
	unsigned char b[80000];
	size_t len;
};

static void m_start(struct msg *m, uint16_t type, uint16_t flags, uint32_t s)
{
	memset(m->b, 0, 64);
	struct nlmsghdr *h = (struct nlmsghdr *)m->b;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = s;
	struct vrpsock_hdr *vh = (struct vrpsock_hdr *)(m->b + NLMSG_HDRLEN);
	vh->version = VRPSOCK_VERSION;
	m->len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof *vh);
}

static void m_attr(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	memcpy(m->b + m->len + NLA_HDRLEN, data, len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);
	memset(m->b + m->len + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	m->len += total;
}

static void m_str(struct msg *m, uint16_t type, const char *s)
{
	m_attr(m, type, s, strlen(s) + 1);
}

static void m_addr(struct msg *m, uint16_t type, const char *s)
{
	struct in6_addr a;
	inet_pton(AF_INET6, s, &a);
	m_attr(m, type, &a, 16);
}

static void m_end(struct msg *m)
{
	((struct nlmsghdr *)m->b)->nlmsg_len = (uint32_t)m->len;
}

static void send_raw(const void *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = daemon_port };
	if (sendto(sock_fd, buf, len, 0, (struct sockaddr *)&to, sizeof to) != (ssize_t)len) {
		perror("sendto");
		exit(2);
	}
}

/* Read acks until `want` arrived; codes[] gets their errors (positive) in
 * order, msgs the last message.  Returns how many arrived. */
static int read_acks(int want, int *codes, char *lastmsg, size_t msglen)
{
	static unsigned char in[VRPSOCK_DGRAM_MAX];
	int got = 0;
	while (got < want) {
		ssize_t n = recv(sock_fd, in, sizeof in, 0);
		if (n < 0)
			return got;
		size_t rem = (size_t)n;
		const struct nlmsghdr *h = (const struct nlmsghdr *)in;
		while (rem >= NLMSG_HDRLEN && h->nlmsg_len >= NLMSG_HDRLEN && h->nlmsg_len <= rem) {
			int code;
			const char *msg;
			uint32_t aseq;
			if (h->nlmsg_type == NLMSG_ERROR &&
			    vrpsock_decode_ack(h, rem, &code, &msg, &aseq) == 0 && got < want) {
				codes[got++] = code;
				snprintf(lastmsg, msglen, "%s", msg ? msg : "");
			}
			size_t step = NLMSG_ALIGN(h->nlmsg_len);
			if (step >= rem)
				break;
			rem -= step;
			h = (const struct nlmsghdr *)((const unsigned char *)h + step);
		}
	}
	return got;
}

/* ---- fuzz ------------------------------------------------------------------------ */

static int failures;
static struct lines baseline;

static bool same_state(const char *what)
{
	struct lines now;
	if (get_dump(daemon_port, false, &now) != 0) {
		printf("FAIL %s: the daemon does not answer a dump any more\n", what);
		failures++;
		return false;
	}
	bool same = now.n == baseline.n;
	for (size_t i = 0; same && i < now.n; i++)
		same = strcmp(now.v[i], baseline.v[i]) == 0;
	if (!same) {
		printf("FAIL %s: the daemon's state changed\n", what);
		for (size_t i = 0; i < now.n; i++)
			printf("    now: %s\n", now.v[i]);
		failures++;
	}
	free_lines(&now);
	return same;
}

/* Send buf; expect `n` acks with the given codes. */
static void expect(const char *what, const void *buf, size_t len, int n, const int *want)
{
	int codes[64];
	char msg[256] = "";
	send_raw(buf, len);
	int got = read_acks(n, codes, msg, sizeof msg);
	bool ok = got == n;
	for (int i = 0; ok && i < n; i++)
		ok = codes[i] == want[i];
	if (!ok) {
		printf("FAIL %s: got %d ack(s):", what, got);
		for (int i = 0; i < got; i++)
			printf(" %s", codes[i] ? strerrorname_np(codes[i]) : "0");
		printf(" (wanted");
		for (int i = 0; i < n; i++)
			printf(" %s", want[i] ? strerrorname_np(want[i]) : "0");
		printf(") last message: %s\n", msg);
		failures++;
	} else {
		int k = n - 1;
		while (k > 0 && !want[k])
			k--;
		printf("ok   %s: %s\n", what, want[k] ? strerrorname_np(want[k]) : "0");
	}
	same_state(what);
}

static void expect1(const char *what, struct msg *m, int code)
{
	m_end(m);
	expect(what, m->b, m->len, 1, &code);
}

/* A valid BINDING_SET of group g in vpn "fuzz". */
static void good_binding(struct msg *m, uint32_t s)
{
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, s);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	m_end(m);
}

static void simple(struct msg *m, uint16_t type, uint32_t s)
{
	m_start(m, type, NLM_F_REQUEST | NLM_F_ACK, s);
	m_end(m);
}

/* BEGIN, then `bad` as the next message, then PREPARE and COMMIT: the
 * bad message is refused with `code`, the rest of the transaction with
 * ECANCELED; a closing ABORT is accepted. */
static void in_txn(const char *what, struct msg *bad, int code)
{
	struct msg *all = malloc(sizeof *all), *one = malloc(sizeof *one);
	uint32_t s = seq;
	seq += 10;
	simple(one, VRPSOCK_MSG_TXN_BEGIN, s);
	memcpy(all->b, one->b, one->len);
	all->len = one->len;
	struct nlmsghdr *bh = (struct nlmsghdr *)bad->b;
	bh->nlmsg_seq = s + 1;
	m_end(bad);
	memcpy(all->b + all->len, bad->b, bad->len);
	all->len += NLMSG_ALIGN(bad->len);
	simple(one, VRPSOCK_MSG_TXN_PREPARE, s + 2);
	memcpy(all->b + all->len, one->b, one->len);
	all->len += one->len;
	simple(one, VRPSOCK_MSG_TXN_COMMIT, s + 3);
	memcpy(all->b + all->len, one->b, one->len);
	all->len += one->len;
	simple(one, VRPSOCK_MSG_TXN_ABORT, s + 4);
	memcpy(all->b + all->len, one->b, one->len);
	all->len += one->len;
	int want[5] = { 0, code, ECANCELED, ECANCELED, 0 };
	expect(what, all->b, all->len, 5, want);
	free(all);
	free(one);
}

static int cmd_fuzz(uint32_t port)
{
	struct msg *m = malloc(sizeof *m);
	daemon_port = port;
	sock_fd = raw_open();
	if (get_dump(port, false, &baseline) != 0)
		return 2;
	printf("baseline: %zu line(s)\n", baseline.n);

	/* Datagram and header lengths. */
	memset(m->b, 0, 16);
	expect("datagram shorter than a netlink header", m->b, 10, 1, (int[]){ EBADMSG });
	simple(m, VRPSOCK_MSG_TXN_BEGIN, seq++);
	((struct nlmsghdr *)m->b)->nlmsg_len = 200;
	expect("header longer than the datagram", m->b, m->len, 1, (int[]){ EBADMSG });
	simple(m, VRPSOCK_MSG_TXN_BEGIN, seq++);
	((struct nlmsghdr *)m->b)->nlmsg_len = 8;
	expect("header length below the header size", m->b, m->len, 1, (int[]){ EBADMSG });
	simple(m, VRPSOCK_MSG_TXN_BEGIN, seq++);
	((struct nlmsghdr *)m->b)->nlmsg_len = NLMSG_HDRLEN + 2;
	expect("message too short for its fixed header", m->b, NLMSG_HDRLEN + 4, 1,
	       (int[]){ EBADMSG });
	good_binding(m, seq++);
	memset(m->b + m->len, 0, 70000);
	((struct nlmsghdr *)m->b)->nlmsg_len = 70000;
	expect("datagram over 64 KiB", m->b, 70000, 1, (int[]){ EMSGSIZE });
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, seq++);
	for (int i = 0; i < 40; i++)
		m_str(m, VRPSOCK_A_REASON, "0123456789012345678901234567890123456789012345678901234567");
	expect1("message over the size limit", m, EMSGSIZE);

	/* Types, flags, fixed header. */
	simple(m, 0x99, seq++);
	expect1("unknown message type", m, EOPNOTSUPP);
	simple(m, VRPSOCK_MSG_PEER, seq++);
	expect1("dump record sent as a request", m, EOPNOTSUPP);
	good_binding(m, seq++);
	((struct nlmsghdr *)m->b)->nlmsg_flags = NLM_F_REQUEST;
	expect1("request without NLM_F_ACK", m, EINVAL);
	good_binding(m, seq++);
	((struct vrpsock_hdr *)(m->b + NLMSG_HDRLEN))->version = 9;
	expect1("unknown protocol version", m, EPROTONOSUPPORT);
	good_binding(m, seq++);
	((struct vrpsock_hdr *)(m->b + NLMSG_HDRLEN))->reserved = 1;
	expect1("reserved header bits", m, EINVAL);

	/* Attributes, each inside a transaction that must then fail whole. */
	good_binding(m, 0);
	m_attr(m, 30, "x", 1);
	in_txn("unknown attribute type", m, EINVAL);
	good_binding(m, 0);
	m_attr(m, VRPSOCK_A_AS, "\1\0\0\0\0\0\0\0", 8);
	in_txn("AS number of 8 bytes", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_PEER, "\x20\x01\x0d\xb8\x01", 5);
	in_txn("peer address of 5 bytes", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_PEER, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\0\0\1", 16);
	in_txn("IPv4-mapped peer address of 16 bytes", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_PEER, "\xe0\0\0\1", 4);
	in_txn("IPv4 multicast peer address", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_FAMILY, "\6", 1);
	m_attr(m, VRPSOCK_A_PEER, "\x0a\0\0\1", 4);
	in_txn("IPv4 peer in an IPv6 address family", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_FAMILY, "\5", 1);
	m_addr(m, VRPSOCK_A_PEER, "2001:db8::9");
	in_txn("unknown address family", m, ERANGE);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_GROUP, "abc", 3);
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("string without its NUL", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_attr(m, VRPSOCK_A_GROUP, "ab\0cd", 6);
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("string with a NUL inside", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g23456789012345678901234567890123456789012345678"); /* 48 */
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("group name of 48 characters", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "v2345678901234567890123456789012"); /* 32 */
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("VPN instance name of 32 characters", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g\xff\xfe");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("group name not UTF-8", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g\x01");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("group name with a control character", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_str(m, VRPSOCK_A_IFNAME, "Loop Back9");
	in_txn("interface name with a blank", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_attr(m, VRPSOCK_A_FAMILY, "\4", 1);
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("address family without a VPN instance", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("binding without group or peer", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_addr(m, VRPSOCK_A_PEER, "2001:db8::9");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("binding with both group and peer", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_str(m, VRPSOCK_A_GROUP, "g1");
	in_txn("binding without interface or source", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	in_txn("peer without its address", m, EINVAL);
	good_binding(m, 0);
	m_str(m, VRPSOCK_A_GROUP, "g2");
	in_txn("attribute given twice", m, EINVAL);
	good_binding(m, 0);
	m_attr(m, VRPSOCK_A_GROUP | NLA_F_NESTED, "g2", 3);
	in_txn("attribute with the nested flag", m, EINVAL);
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "_public_");
	m_str(m, VRPSOCK_A_GROUP, "g1");
	m_str(m, VRPSOCK_A_IFNAME, "LoopBack9");
	in_txn("VPN instance _public_", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_addr(m, VRPSOCK_A_PEER, "ff02::1");
	in_txn("multicast peer address", m, EINVAL);
	m_start(m, VRPSOCK_MSG_PEER_SET, NLM_F_REQUEST | NLM_F_ACK, 0);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
	m_addr(m, VRPSOCK_A_PEER, "2001:db8::9");
	m_attr(m, VRPSOCK_A_AS, "\0\0\0\0", 4);
	in_txn("AS number 0", m, ERANGE);
	good_binding(m, 0);
	((struct nlattr *)(m->b + NLMSG_HDRLEN + 4))->nla_len = 200; /* past the message */
	in_txn("attribute longer than its message", m, EBADMSG);
	good_binding(m, 0);
	m->len -= 4; /* the last attribute's length now reaches past the end */
	in_txn("message cut inside an attribute", m, EBADMSG);

	/* Order. */
	good_binding(m, seq++);
	expect1("operation outside a transaction", m, EPROTO);
	simple(m, VRPSOCK_MSG_TXN_COMMIT, seq++);
	expect1("commit outside a transaction", m, EPROTO);
	{
		struct msg *a = malloc(sizeof *a);
		uint32_t s = seq;
		seq += 10;
		a->len = 0;
		simple(m, VRPSOCK_MSG_TXN_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		good_binding(m, s + 2); /* skips s + 1 */
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 3);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("sequence number out of order", a->b, a->len, 3,
		       (int[]){ 0, EPROTO, ECANCELED });

		s = seq;
		seq += 10;
		simple(m, VRPSOCK_MSG_TXN_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		good_binding(m, s + 1);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		simple(m, VRPSOCK_MSG_TXN_COMMIT, s + 2);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("commit before prepare", a->b, a->len, 3, (int[]){ 0, 0, EPROTO });

		s = seq;
		seq += 10;
		simple(m, VRPSOCK_MSG_TXN_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		simple(m, VRPSOCK_MSG_SYNC_END, s + 1);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("SYNC_END in a delta transaction", a->b, a->len, 2, (int[]){ 0, EPROTO });

		s = seq;
		seq += 10;
		simple(m, VRPSOCK_MSG_SYNC_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		m_start(m, VRPSOCK_MSG_BINDING_DEL, NLM_F_REQUEST | NLM_F_ACK, s + 1);
		m_str(m, VRPSOCK_A_VPN_INSTANCE, "fuzz");
		m_str(m, VRPSOCK_A_GROUP, "g1");
		m_end(m);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 2);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("delete in a full sync", a->b, a->len, 3, (int[]){ 0, EPROTO, ECANCELED });

		s = seq;
		seq += 10;
		simple(m, VRPSOCK_MSG_SYNC_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 1);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("full sync prepared before SYNC_END", a->b, a->len, 2, (int[]){ 0, EPROTO });

		/* A good message, then a truncated one in the same datagram. */
		s = seq;
		seq += 10;
		simple(m, VRPSOCK_MSG_TXN_BEGIN, s);
		memcpy(a->b, m->b, m->len), a->len = m->len;
		good_binding(m, s + 1);
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 2);
		((struct nlmsghdr *)m->b)->nlmsg_len = 400;
		memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
		expect("truncated message after good ones", a->b, a->len, 3, (int[]){ 0, 0, EBADMSG });
		simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 2);
		expect1("prepare of that transaction", m, ECANCELED);
		simple(m, VRPSOCK_MSG_TXN_ABORT, s + 3);
		expect1("abort", m, 0);
		free(a);
	}

	/* Still alive and still working: a good transaction applies. */
	{
		nlb_client_opts o = { port, 2000 };
		nlb_client *c = nlb_client_new(&o);
		char err[256];
		vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET,
				  .have = VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE) |
					  VRPSOCK_HAVE(VRPSOCK_A_GROUP) | VRPSOCK_HAVE(VRPSOCK_A_IFNAME),
				  .vpn = "fuzz", .group = "after", .ifname = "LoopBack9" };
		int rc = nlb_txn_begin(c, false, err, sizeof err);
		if (rc == NLB_OK)
			rc = nlb_txn_add(c, &op, err, sizeof err);
		if (rc == NLB_OK)
			rc = nlb_txn_prepare(c, err, sizeof err);
		if (rc == NLB_OK)
			rc = nlb_txn_commit(c, err, sizeof err);
		struct lines now;
		bool seen = false;
		if (rc == NLB_OK && get_dump(port, false, &now) == 0) {
			for (size_t i = 0; i < now.n; i++)
				seen |= strstr(now.v[i], "group=after") != NULL;
			free_lines(&now);
		}
		if (!seen) {
			printf("FAIL a valid transaction after the bad ones: %s\n",
			       rc == NLB_OK ? "not in the dump" : err);
			failures++;
		} else {
			printf("ok   a valid transaction after the bad ones applies\n");
		}
		op.type = VRPSOCK_MSG_BINDING_DEL;
		op.have &= ~VRPSOCK_HAVE(VRPSOCK_A_IFNAME);
		if (nlb_txn_begin(c, false, err, sizeof err) != NLB_OK ||
		    nlb_txn_add(c, &op, err, sizeof err) != NLB_OK ||
		    nlb_txn_prepare(c, err, sizeof err) != NLB_OK ||
		    nlb_txn_commit(c, err, sizeof err) != NLB_OK) {
			printf("FAIL removing it again: %s\n", err);
			failures++;
		}
		nlb_client_free(c);
		same_state("state after the valid transaction was undone");
	}
	free(m);
	free_lines(&baseline);
	printf("fuzz: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}

/* ---- unprivileged -------------------------------------------------------------------- */

static int cmd_unpriv(uint32_t port, uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
		perror("setuid");
		return 2;
	}
	daemon_port = port;
	sock_fd = raw_open();
	struct msg *a = malloc(sizeof *a), *m = malloc(sizeof *m);
	uint32_t s = seq;
	a->len = 0;
	simple(m, VRPSOCK_MSG_TXN_BEGIN, s);
	memcpy(a->b, m->b, m->len), a->len = m->len;
	good_binding(m, s + 1);
	memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
	simple(m, VRPSOCK_MSG_TXN_PREPARE, s + 2);
	memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
	simple(m, VRPSOCK_MSG_TXN_COMMIT, s + 3);
	memcpy(a->b + a->len, m->b, m->len), a->len += m->len;
	send_raw(a->b, a->len);
	int codes[8];
	char msg[256] = "";
	int got = read_acks(4, codes, msg, sizeof msg);
	for (int i = 0; i < got; i++)
		printf("%s\n", codes[i] ? strerrorname_np(codes[i]) : "0");
	if (msg[0])
		printf("message: %s\n", msg);
	/* A dump: refused with an ack, or answered with records and DONE. */
	m_start(m, VRPSOCK_MSG_GET, NLM_F_REQUEST | NLM_F_DUMP, s + 4);
	m_end(m);
	send_raw(m->b, m->len);
	static unsigned char in[VRPSOCK_DGRAM_MAX];
	ssize_t n = recv(sock_fd, in, sizeof in, 0);
	const struct nlmsghdr *h = (const struct nlmsghdr *)in;
	int code;
	const char *em;
	uint32_t aseq;
	if (n < (ssize_t)NLMSG_HDRLEN)
		printf("get: no answer\n");
	else if (h->nlmsg_type == NLMSG_ERROR && vrpsock_decode_ack(h, (size_t)n, &code, &em, &aseq) == 0)
		printf("get: %s\n", code ? strerrorname_np(code) : "0");
	else
		printf("get: answered\n");
	free(a);
	free(m);
	return got == 4 ? 0 : 1;
}

/* ---- clients that misbehave ------------------------------------------------------ */

static int cmd_silent(uint32_t port) __attribute__((noreturn));
static int cmd_silent(uint32_t port)
{
	static struct msg m_buf, one_buf;
	struct msg *m = &m_buf, *one = &one_buf;
	daemon_port = port;
	sock_fd = raw_open();
	/* The smallest receive buffer: full after a few answers. */
	int small = 1;
	setsockopt(sock_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	for (uint32_t round = 0;; round++) {
		uint32_t s = seq;
		seq += 100;
		simple(one, VRPSOCK_MSG_TXN_BEGIN, s);
		memcpy(m->b, one->b, one->len);
		m->len = one->len;
		for (uint32_t i = 1; i < 60; i++) {
			good_binding(one, s + i);
			memcpy(m->b + m->len, one->b, one->len);
			m->len += NLMSG_ALIGN(one->len);
		}
		send_raw(m->b, m->len);
		usleep(round % 4 ? 0 : 1000);
	}
}

/* A string of n four-byte characters. */
static void wide(char *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		memcpy(buf + 4 * i, "\xf0\x9f\x98\x80", 4);
	buf[4 * n] = '\0';
}

/* A BINDING_SET whose names are as long as the protocol allows. */
static void big_binding(struct msg *m, uint32_t s)
{
	static char inst[4 * VRPSOCK_INST_CHARS + 1], vpn[4 * VRPSOCK_VPN_CHARS + 1],
		group[4 * VRPSOCK_GROUP_CHARS + 1], ifname[VRPSOCK_IFNAME_CHARS + 1];
	if (!inst[0]) {
		wide(inst, VRPSOCK_INST_CHARS);
		wide(vpn, VRPSOCK_VPN_CHARS);
		wide(group, VRPSOCK_GROUP_CHARS);
		memset(ifname, 'L', VRPSOCK_IFNAME_CHARS);
	}
	m_start(m, VRPSOCK_MSG_BINDING_SET, NLM_F_REQUEST | NLM_F_ACK, s);
	m_str(m, VRPSOCK_A_BGP_INSTANCE, inst);
	m_str(m, VRPSOCK_A_VPN_INSTANCE, vpn);
	m_str(m, VRPSOCK_A_GROUP, group);
	m_str(m, VRPSOCK_A_IFNAME, ifname);
	m_str(m, VRPSOCK_A_IF_VPN, vpn);
	m_end(m);
}

static int cmd_stage(uint32_t port, unsigned long long limit, int ntxn)
{
	enum { PER_DGRAM = 80, MAXT = 8 };
	static struct msg m_buf, one_buf;
	struct msg *m = &m_buf, *one = &one_buf;
	int fds[MAXT];
	uint32_t s[MAXT];
	unsigned long long sent = 0, ops = 0;
	int codes[PER_DGRAM];
	char msg[256] = "";

	if (ntxn < 1 || ntxn > MAXT)
		ntxn = 1;
	daemon_port = port;
	for (int t = 0; t < ntxn; t++) {
		fds[t] = sock_fd = raw_open();
		struct timeval tv = { 30, 0 };
		setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		s[t] = seq;
		seq += 100000000u;
		simple(one, VRPSOCK_MSG_TXN_BEGIN, s[t]++);
		send_raw(one->b, one->len);
		if (read_acks(1, codes, msg, sizeof msg) != 1 || codes[0]) {
			printf("BEGIN refused: %s\n", msg);
			return 1;
		}
	}
	while (sent < limit) {
		for (int t = 0; t < ntxn; t++) {
			sock_fd = fds[t];
			m->len = 0;
			for (int i = 0; i < PER_DGRAM; i++) {
				big_binding(one, s[t]++);
				memcpy(m->b + m->len, one->b, one->len);
				m->len += NLMSG_ALIGN(one->len);
			}
			send_raw(m->b, m->len);
			sent += m->len;
			int got = read_acks(PER_DGRAM, codes, msg, sizeof msg);
			for (int i = 0; i < got; i++) {
				if (codes[i]) {
					printf("refused after %llu operations (%llu bytes sent): %s: %s\n",
					       ops, sent, strerrorname_np(codes[i]), msg);
					return 0;
				}
				ops++;
			}
			if (got < PER_DGRAM) {
				printf("no answer after %llu operations\n", ops);
				return 1;
			}
		}
	}
	printf("accepted %llu bytes\n", sent);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "listen") == 0)
		return cmd_listen(argv[2], argv[3], argv[4]);
	if (argc >= 3 && strcmp(argv[1], "dump") == 0)
		return cmd_dump((uint32_t)strtoul(argv[2], NULL, 0),
				argc >= 4 && strcmp(argv[3], "state") == 0);
	if (argc >= 3 && strcmp(argv[1], "fuzz") == 0)
		return cmd_fuzz((uint32_t)strtoul(argv[2], NULL, 0));
	if (argc >= 5 && strcmp(argv[1], "unpriv") == 0)
		return cmd_unpriv((uint32_t)strtoul(argv[2], NULL, 0),
				  (uid_t)strtoul(argv[3], NULL, 0), (gid_t)strtoul(argv[4], NULL, 0));
	if (argc >= 3 && strcmp(argv[1], "silent") == 0)
		return cmd_silent((uint32_t)strtoul(argv[2], NULL, 0));
	if (argc >= 4 && strcmp(argv[1], "stage") == 0)
		return cmd_stage((uint32_t)strtoul(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
				 argc >= 5 ? atoi(argv[4]) : 1);
	fprintf(stderr, "usage: backend-tool listen ADDR PORT LOG | dump PORTID [state] | "
			"fuzz PORTID | unpriv PORTID UID GID | silent PORTID | "
			"stage PORTID BYTES [N]\n");
	return 2;
}
