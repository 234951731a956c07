/* The vrp-sockd client: see client.h. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "client.h"

#define DGRAM_OUT 16384u   /* requests per datagram, in bytes */
#define WINDOW 512u        /* unacknowledged requests at most: well within the
			    * receive buffer of a daemon that is not root */
#define RCVBUF (1u << 20)

enum txn_state { T_NONE, T_OPEN, T_PREPARED };

struct nlb_client {
	uint32_t port;        /* the daemon's port id */
	int timeout_ms;
	struct nl_sock *sk;
	int fd;
	uint32_t seq;         /* next sequence number */
	/* the transaction */
	enum txn_state state;
	bool full;
	uint32_t first_seq;   /* sequence number of its BEGIN */
	uint32_t nsent;       /* messages sent (in datagrams) */
	uint32_t nacked;
	int err_code;         /* first refusal */
	char err_msg[256];
	/* queued requests */
	size_t outlen;
	uint32_t outcount;
	unsigned char out[DGRAM_OUT];
	/* received datagram */
	unsigned char in[VRPSOCK_DGRAM_MAX];
};

static int say(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

nlb_client *nlb_client_new(const nlb_client_opts *o)
{
	nlb_client *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->port = o && o->port_id ? o->port_id : VRPSOCK_DEFAULT_PORT_ID;
	c->timeout_ms = o && o->timeout_ms > 0 ? o->timeout_ms : NLB_TIMEOUT_MS;
	c->fd = -1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Start far from any earlier process's numbers: a late answer to a
	 * request of another run is not mistaken for one of ours. */
	c->seq = (uint32_t)ts.tv_sec * 1000003u ^ (uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 16;
	return c;
}

static void close_sock(nlb_client *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
	c->fd = -1;
}

void nlb_client_free(nlb_client *c)
{
	if (!c)
		return;
	close_sock(c);
	free(c);
}

static int open_sock(nlb_client *c, char *err, size_t errlen)
{
	if (c->sk)
		return NLB_OK;
	c->sk = nl_socket_alloc();
	if (!c->sk)
		return say(err, errlen, NLB_UNREACHABLE, "out of memory");
	nl_socket_disable_seq_check(c->sk);
	int rc = nl_connect(c->sk, VRPSOCK_PROTOCOL);
	if (rc < 0) {
		close_sock(c);
		return say(err, errlen, NLB_UNREACHABLE, "cannot open a netlink socket: %s",
			   nl_geterror(rc));
	}
	nl_socket_set_passcred(c->sk, 1);
	nl_socket_set_buffer_size(c->sk, RCVBUF, RCVBUF);
	c->fd = nl_socket_get_fd(c->sk);
	struct timeval tv = { c->timeout_ms / 1000, (c->timeout_ms % 1000) * 1000 };
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	return NLB_OK;
}

static int unreachable_send(nlb_client *c, int e, char *err, size_t errlen)
{
	if (e == ECONNREFUSED)
		return say(err, errlen, NLB_ABSENT,
			   "vrp-sockd is not running (nothing listens on netlink port id %u)",
			   (unsigned)c->port);
	if (e == EAGAIN || e == EWOULDBLOCK)
		return say(err, errlen, NLB_UNREACHABLE, "vrp-sockd did not answer within %d ms",
			   c->timeout_ms);
	close_sock(c);
	return say(err, errlen, NLB_UNREACHABLE, "cannot send to vrp-sockd: %s", strerror(e));
}

static int send_raw(nlb_client *c, const void *buf, size_t len, char *err, size_t errlen)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = c->port };

	for (;;) {
		ssize_t n = sendto(c->fd, buf, len, 0, (struct sockaddr *)&to, sizeof to);
		if (n == (ssize_t)len)
			return NLB_OK;
		if (n < 0 && errno == EINTR)
			continue;
		return unreachable_send(c, n < 0 ? errno : EMSGSIZE, err, errlen);
	}
}

/* Receive one datagram from the daemon within the timeout.  Returns its
 * length, 0 on timeout, -1 on a socket error (errno set).  Datagrams from
 * other senders, or from a user that is neither root nor us, are
 * dropped. */
static ssize_t recv_daemon(nlb_client *c)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long spent = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (spent >= c->timeout_ms)
			return 0;
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int pr = poll(&p, 1, (int)(c->timeout_ms - spent));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return -1;
		if (pr == 0)
			return 0;

		struct sockaddr_nl from;
		union {
			char buf[CMSG_SPACE(sizeof(struct ucred))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { c->in, sizeof c->in };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
				     .msg_iovlen = 1, .msg_control = ctl.buf,
				     .msg_controllen = sizeof ctl.buf };
		ssize_t n = recvmsg(c->fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ENOBUFS) /* overrun: acks were lost; the caller times out */
				continue;
			return -1;
		}
		if ((mh.msg_flags & MSG_TRUNC) || mh.msg_namelen < sizeof from ||
		    from.nl_pid != c->port)
			continue;
		const struct ucred *cr = NULL;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS &&
			    cm->cmsg_len >= CMSG_LEN(sizeof *cr))
				cr = (const struct ucred *)CMSG_DATA(cm);
		if (!cr || (cr->uid != 0 && cr->uid != getuid()))
			continue;
		return n;
	}
}

/* One datagram from the daemon into c->in: NLB_OK with its length, or
 * NLB_UNREACHABLE with a message (time-out, or a socket error, which also
 * closes the socket). */
static int recv_reply(nlb_client *c, size_t *len, char *err, size_t errlen)
{
	ssize_t n = recv_daemon(c);
	if (n == 0)
		return say(err, errlen, NLB_UNREACHABLE, "vrp-sockd did not answer within %d ms",
			   c->timeout_ms);
	if (n < 0) {
		int e = errno;
		close_sock(c);
		return say(err, errlen, NLB_UNREACHABLE, "cannot read from vrp-sockd: %s",
			   strerror(e));
	}
	*len = (size_t)n;
	return NLB_OK;
}

static bool seq_in_txn(const nlb_client *c, uint32_t s)
{
	return (uint32_t)(s - c->first_seq) < (uint32_t)(c->seq - c->first_seq);
}

/* Read acks until at most `left` requests are unacknowledged. */
static int wait_acks(nlb_client *c, uint32_t left, char *err, size_t errlen)
{
	while (c->nsent - c->nacked > left) {
		size_t rem;
		int rc = recv_reply(c, &rem, err, errlen);
		if (rc != NLB_OK)
			return rc;
		const struct nlmsghdr *h = (const struct nlmsghdr *)c->in;
		while (rem >= NLMSG_HDRLEN && h->nlmsg_len >= NLMSG_HDRLEN && h->nlmsg_len <= rem) {
			int code;
			const char *msg;
			uint32_t aseq;
			if (h->nlmsg_type == NLMSG_ERROR &&
			    vrpsock_decode_ack(h, rem, &code, &msg, &aseq) == 0 && seq_in_txn(c, aseq)) {
				c->nacked++;
				if (code && !c->err_code) {
					c->err_code = code;
					snprintf(c->err_msg, sizeof c->err_msg, "%s",
						 msg && *msg ? msg : strerror(code));
				}
			}
			size_t step = NLMSG_ALIGN(h->nlmsg_len);
			if (step >= rem)
				break;
			rem -= step;
			h = (const struct nlmsghdr *)((const char *)h + step);
		}
	}
	return NLB_OK;
}

static int flush(nlb_client *c, char *err, size_t errlen)
{
	if (c->outlen == 0)
		return NLB_OK;
	int rc = send_raw(c, c->out, c->outlen, err, errlen);
	if (rc == NLB_OK)
		c->nsent += c->outcount;
	c->outlen = 0;
	c->outcount = 0;
	return rc;
}

/* Queue one request of the transaction; send when the datagram is full
 * and keep the window. */
static int queue(nlb_client *c, const vrpsock_op *op, char *err, size_t errlen)
{
	unsigned char one[VRPSOCK_MSG_MAX];
	size_t len = vrpsock_encode(op, NLM_F_REQUEST | NLM_F_ACK, c->seq, one, sizeof one);

	if (len == 0)
		return say(err, errlen, NLB_REFUSED, "the %s message cannot be encoded "
				     "(a name or value out of range)", vrpsock_msg_name(op->type));
	if (c->outlen + len > sizeof c->out) {
		int rc = flush(c, err, errlen);
		if (rc != NLB_OK)
			return rc;
		rc = wait_acks(c, WINDOW, err, errlen);
		if (rc != NLB_OK)
			return rc;
	}
	memcpy(c->out + c->outlen, one, len);
	c->outlen += len;
	c->outcount++;
	c->seq++;
	return NLB_OK;
}

/* Send everything queued and wait for every ack. */
static int drain(nlb_client *c, char *err, size_t errlen)
{
	int rc = flush(c, err, errlen);
	if (rc != NLB_OK)
		return rc;
	return wait_acks(c, 0, err, errlen);
}

static void txn_reset(nlb_client *c)
{
	c->state = T_NONE;
	c->outlen = 0;
	c->outcount = 0;
	c->nsent = c->nacked = 0;
	c->err_code = 0;
	c->err_msg[0] = '\0';
}

static int txn_fail(nlb_client *c, int rc, char *err, size_t errlen)
{
	if (rc == NLB_REFUSED && c->err_code)
		say(err, errlen, rc, "%s", c->err_msg);
	nlb_txn_abort(c);
	return rc;
}

static int simple(nlb_client *c, uint16_t type, char *err, size_t errlen)
{
	vrpsock_op op = { .type = type };
	return queue(c, &op, err, errlen);
}

int nlb_txn_begin(nlb_client *c, bool full, char *err, size_t errlen)
{
	if (c->state != T_NONE)
		nlb_txn_abort(c);
	txn_reset(c);
	int rc = open_sock(c, err, errlen);
	if (rc != NLB_OK)
		return rc;
	c->first_seq = c->seq;
	c->full = full;
	c->state = T_OPEN;
	rc = simple(c, full ? VRPSOCK_MSG_SYNC_BEGIN : VRPSOCK_MSG_TXN_BEGIN, err, errlen);
	return rc == NLB_OK ? rc : txn_fail(c, rc, err, errlen);
}

int nlb_txn_add(nlb_client *c, const vrpsock_op *op, char *err, size_t errlen)
{
	if (c->state != T_OPEN)
		return say(err, errlen, NLB_REFUSED, "no transaction is open");
	int rc = queue(c, op, err, errlen);
	if (rc == NLB_OK && c->err_code)
		rc = NLB_REFUSED;
	return rc == NLB_OK ? rc : txn_fail(c, rc, err, errlen);
}

int nlb_txn_prepare(nlb_client *c, char *err, size_t errlen)
{
	if (c->state != T_OPEN)
		return say(err, errlen, NLB_REFUSED, "no transaction is open");
	int rc = NLB_OK;
	if (c->full)
		rc = simple(c, VRPSOCK_MSG_SYNC_END, err, errlen);
	if (rc == NLB_OK)
		rc = simple(c, VRPSOCK_MSG_TXN_PREPARE, err, errlen);
	if (rc == NLB_OK)
		rc = drain(c, err, errlen);
	if (rc == NLB_OK && c->err_code)
		rc = NLB_REFUSED;
	if (rc != NLB_OK)
		return txn_fail(c, rc, err, errlen);
	c->state = T_PREPARED;
	return NLB_OK;
}

int nlb_txn_commit(nlb_client *c, char *err, size_t errlen)
{
	if (c->state != T_PREPARED)
		return say(err, errlen, NLB_REFUSED, "the transaction is not prepared");
	int rc = simple(c, VRPSOCK_MSG_TXN_COMMIT, err, errlen);
	if (rc == NLB_OK)
		rc = drain(c, err, errlen);
	if (rc == NLB_OK && c->err_code)
		rc = NLB_REFUSED;
	if (rc != NLB_OK)
		return txn_fail(c, rc, err, errlen);
	txn_reset(c);
	return NLB_OK;
}

void nlb_txn_abort(nlb_client *c)
{
	if (c->state != T_NONE && c->sk) {
		/* Best effort, without waiting: a new BEGIN from this socket
		 * also ends whatever the daemon still holds. */
		vrpsock_op op = { .type = VRPSOCK_MSG_TXN_ABORT };
		unsigned char buf[64];
		size_t len = vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, c->seq++, buf, sizeof buf);
		struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = c->port };
		if (len)
			(void)sendto(c->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof to);
	}
	txn_reset(c);
}

bool nlb_txn_active(const nlb_client *c)
{
	return c->state != T_NONE;
}

bool nlb_present(nlb_client *c)
{
	if (c->state != T_NONE || open_sock(c, NULL, 0) != NLB_OK)
		return false;
	vrpsock_op op = { .type = VRPSOCK_MSG_TXN_ABORT };
	unsigned char buf[64];
	size_t len = vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_ACK, c->seq++, buf, sizeof buf);
	return len && send_raw(c, buf, len, NULL, 0) == NLB_OK;
}

int nlb_dump(nlb_client *c, const char *inst, const char *vpn, nlb_dump_fn fn, void *arg,
	     char *err, size_t errlen)
{
	if (c->state != T_NONE)
		return say(err, errlen, NLB_REFUSED, "a transaction is open");
	int rc = open_sock(c, err, errlen);
	if (rc != NLB_OK)
		return rc;
	vrpsock_op op = { .type = VRPSOCK_MSG_GET };
	if (inst && *inst) {
		op.inst = inst;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE);
	}
	if (vpn) {
		op.vpn = vpn;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE);
	}
	unsigned char buf[VRPSOCK_MSG_MAX];
	uint32_t seq = c->seq++;
	size_t len = vrpsock_encode(&op, NLM_F_REQUEST | NLM_F_DUMP, seq, buf, sizeof buf);
	if (len == 0)
		return say(err, errlen, NLB_REFUSED, "the dump request cannot be encoded");
	rc = send_raw(c, buf, len, err, errlen);
	if (rc != NLB_OK)
		return rc;

	bool stop = false;
	for (;;) {
		size_t rem;
		rc = recv_reply(c, &rem, err, errlen);
		if (rc != NLB_OK)
			return rc;
		const struct nlmsghdr *h = (const struct nlmsghdr *)c->in;
		while (rem >= NLMSG_HDRLEN && h->nlmsg_len >= NLMSG_HDRLEN && h->nlmsg_len <= rem) {
			if (h->nlmsg_seq == seq) {
				if (h->nlmsg_type == NLMSG_DONE)
					return NLB_OK;
				if (h->nlmsg_type == NLMSG_ERROR) {
					int code;
					const char *msg;
					uint32_t aseq;
					if (vrpsock_decode_ack(h, rem, &code, &msg, &aseq) == 0 && code)
						return say(err, errlen, NLB_REFUSED, "%s",
							   msg && *msg ? msg : strerror(code));
				} else if (!stop) {
					vrpsock_op rec;
					vrpsock_err e;
					if (vrpsock_decode(h, rem, true, &rec, &e) == 0 && fn(arg, &rec) != 0)
						stop = true;
				}
			}
			size_t step = NLMSG_ALIGN(h->nlmsg_len);
			if (step >= rem)
				break;
			rem -= step;
			h = (const struct nlmsghdr *)((const char *)h + step);
		}
	}
}
