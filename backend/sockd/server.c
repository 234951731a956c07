/* The daemon's netlink socket: one NETLINK_USERSOCK socket bound to the
 * well-known port id, with SO_PASSCRED so that the kernel tells who sent
 * each datagram.
 *
 * Each datagram is read whole into a fixed buffer (a longer one is
 * refused), its sender checked (root, the daemon's own user, or a member
 * of --allow-group), then its messages are taken one by one: every
 * request gets an ack, collected into one answer datagram.  A message
 * whose length does not fit the datagram ends the datagram: nothing after
 * it can be trusted to start where it claims.
 *
 * Answers never make the daemon wait.  One that does not fit the
 * client's receive buffer waits in a queue of that client's, sent as the
 * client reads; a client that reads nothing of it for OUTQ_STALL_MS, or
 * lets it grow past OUTQ_PORT_MAX, is dropped: its queue goes and so does
 * its open transaction, and what it sends for the next DROP_IGNORE_MS is
 * read and thrown away unanswered.  An unprivileged sender's answers are
 * never queued.  Log lines others can cause are rate-limited. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "sockd.h"

#define OUT_MAX 32768u
#define RCVBUF (8u << 20)
#define OUTQ_PORTS 32
#define OUTQ_PORT_MAX (8u << 20)
#define OUTQ_STALL_MS 2000
#define DROP_IGNORE_MS 5000
#define DGRAMS_PER_EVENT 64
#define CRED_CACHE 16
#define CRED_TTL_MS 10000

static struct {
	sockd_fd fdk;
	struct nl_sock *sk;
	int fd;
	uint32_t port;
	bool have_group;
	gid_t group;
	char group_name[64];
	unsigned char in[VRPSOCK_DGRAM_MAX];
	/* the answer being built */
	unsigned char out[OUT_MAX];
	size_t outlen;
	uint32_t to;       /* its destination port */
	uid_t uid;         /* the sender's user */
	bool to_trusted;   /* the sender passed the credential check */
	bool out_failed;   /* the client stopped reading: drop the rest */
} srv = { .fd = -1 };

static struct {
	uid_t uid;
	gid_t gid;
	bool ok;
	uint64_t at;
} creds_cache[CRED_CACHE];
static unsigned creds_next;

/* Answers waiting for a client to read. */
typedef struct dgram {
	struct dgram *next;
	size_t len;
	unsigned char data[];
} dgram;

static struct outq {
	uint32_t port;        /* 0: unused */
	dgram *head, *tail;
	size_t bytes;
	uint64_t progress;    /* when the client last took one */
} outq[OUTQ_PORTS];

/* Clients dropped lately: their datagrams are not looked at. */
static struct {
	uint32_t port;
	uint64_t until;
} ignored[OUTQ_PORTS];
static unsigned ignored_next;

static sockd_ratelimit rl_refused = { .what = "refused requests" };
static sockd_ratelimit rl_clients = { .what = "clients not reading" };

int sockd_server_open(const sockd_server_opts *o, char *err, size_t errlen)
{
	srv.fdk.kind = FD_SERVER;
	srv.port = o->port_id ? o->port_id : VRPSOCK_DEFAULT_PORT_ID;
	if (o->allow_group) {
		struct group gr, *res = NULL;
		char buf[4096];
		if (getgrnam_r(o->allow_group, &gr, buf, sizeof buf, &res) != 0 || !res) {
			snprintf(err, errlen, "--allow-group %s: no such group", o->allow_group);
			return -1;
		}
		srv.have_group = true;
		srv.group = res->gr_gid;
		snprintf(srv.group_name, sizeof srv.group_name, "%s", o->allow_group);
	}
	srv.sk = nl_socket_alloc();
	if (!srv.sk) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	nl_socket_disable_seq_check(srv.sk);
	nl_socket_set_local_port(srv.sk, srv.port);
	int rc = nl_connect(srv.sk, VRPSOCK_PROTOCOL);
	if (rc < 0) {
		snprintf(err, errlen, "cannot bind netlink port id %u: %s%s", (unsigned)srv.port,
			 nl_geterror(rc),
			 rc == -NLE_EXIST ? " (is another vrp-sockd running?)" : "");
		nl_socket_free(srv.sk);
		srv.sk = NULL;
		return -1;
	}
	srv.fd = nl_socket_get_fd(srv.sk);
	nl_socket_set_passcred(srv.sk, 1);
	int big = RCVBUF;
	if (setsockopt(srv.fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
		setsockopt(srv.fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	if (sockd_poll_add(srv.fd, EPOLLIN, &srv.fdk) != 0) {
		snprintf(err, errlen, "epoll: %s", strerror(errno));
		sockd_server_close();
		return -1;
	}
	return 0;
}

static void outq_free(struct outq *q)
{
	while (q->head) {
		dgram *n = q->head->next;
		free(q->head);
		q->head = n;
	}
	memset(q, 0, sizeof *q);
}

void sockd_server_close(void)
{
	for (int i = 0; i < OUTQ_PORTS; i++)
		outq_free(&outq[i]);
	if (srv.sk) {
		sockd_poll_del(srv.fd);
		nl_socket_free(srv.sk);
	}
	srv.sk = NULL;
	srv.fd = -1;
}

/* ---- who may talk to us -------------------------------------------------------- */

static bool member_of_group(uid_t uid, gid_t gid)
{
	struct passwd pw, *pres = NULL;
	struct group gr, *gres = NULL;
	char pbuf[4096], gbuf[16384];

	if (gid == srv.group)
		return true;
	if (getpwuid_r(uid, &pw, pbuf, sizeof pbuf, &pres) != 0 || !pres)
		return false;
	if (pres->pw_gid == srv.group)
		return true;
	if (getgrgid_r(srv.group, &gr, gbuf, sizeof gbuf, &gres) != 0 || !gres)
		return false;
	for (char **m = gres->gr_mem; m && *m; m++)
		if (strcmp(*m, pres->pw_name) == 0)
			return true;
	return false;
}

static bool allowed(uid_t uid, gid_t gid)
{
	if (uid == 0 || uid == geteuid())
		return true;
	if (!srv.have_group)
		return false;
	uint64_t now = sockd_now_ms();
	for (unsigned i = 0; i < CRED_CACHE; i++)
		if (creds_cache[i].at && creds_cache[i].uid == uid && creds_cache[i].gid == gid &&
		    now - creds_cache[i].at < CRED_TTL_MS)
			return creds_cache[i].ok;
	bool ok = member_of_group(uid, gid);
	unsigned k = creds_next++ % CRED_CACHE;
	creds_cache[k].uid = uid;
	creds_cache[k].gid = gid;
	creds_cache[k].ok = ok;
	creds_cache[k].at = now;
	return ok;
}

/* ---- answers ---------------------------------------------------------------------- */

static struct outq *outq_of(uint32_t port)
{
	for (int i = 0; i < OUTQ_PORTS; i++)
		if (outq[i].port == port)
			return &outq[i];
	return NULL;
}

static bool is_ignored(uint32_t port, uint64_t now)
{
	for (int i = 0; i < OUTQ_PORTS; i++)
		if (ignored[i].port == port && now < ignored[i].until)
			return true;
	return false;
}

/* The client at port does not take its answers: forget it. */
static void drop_client(uint32_t port, const char *why)
{
	struct outq *q = outq_of(port);
	size_t queued = q ? q->bytes : 0;

	if (q)
		outq_free(q);
	unsigned k = ignored_next++ % OUTQ_PORTS;
	ignored[k].port = port;
	ignored[k].until = sockd_now_ms() + DROP_IGNORE_MS;
	srv.out_failed = srv.out_failed || port == srv.to;
	sockd_txn_drop(port, why);
	sockd_log_limited(&rl_clients, LOG_WARNING,
			  "client at port %u dropped (%s): %zu bytes of answers discarded, its "
			  "transaction aborted", (unsigned)port, why, queued);
}

static int send_now(uint32_t port, const void *p, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };
	for (;;) {
		if (sendto(srv.fd, p, len, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof to) >= 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* Queue an answer for a client whose receive buffer is full.  False
 * when the client was dropped instead. */
static bool enqueue(uint32_t port, const void *p, size_t len)
{
	struct outq *q = outq_of(port);
	if (!q) {
		for (int i = 0; i < OUTQ_PORTS && !q; i++)
			if (!outq[i].port)
				q = &outq[i];
		if (!q) {
			drop_client(port, "too many clients wait for their answers");
			return false;
		}
		q->port = port;
		q->progress = sockd_now_ms();
	}
	if (q->bytes + len > OUTQ_PORT_MAX) {
		drop_client(port, "its answers are not read");
		return false;
	}
	dgram *d = malloc(sizeof *d + len);
	if (!d) {
		drop_client(port, "out of memory");
		return false;
	}
	d->next = NULL;
	d->len = len;
	memcpy(d->data, p, len);
	if (q->tail)
		q->tail->next = d;
	else
		q->head = d;
	q->tail = d;
	q->bytes += len;
	return true;
}

/* Send the answer built so far.  out_failed: the rest of this datagram's
 * answer goes nowhere (the client is gone or was dropped). */
static void out_flush(void)
{
	if (srv.outlen && !srv.out_failed) {
		struct outq *q = srv.to_trusted ? outq_of(srv.to) : NULL;
		if (q && q->head) {
			srv.out_failed = !enqueue(srv.to, srv.out, srv.outlen); /* after the others */
		} else if (send_now(srv.to, srv.out, srv.outlen) != 0) {
			if (errno == ECONNREFUSED) { /* nobody at that port any more */
				sockd_txn_drop(srv.to, "the client is gone");
				srv.out_failed = true;
			} else if (!srv.to_trusted) {
				srv.out_failed = true; /* an untrusted sender's answers never wait */
			} else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
				srv.out_failed = !enqueue(srv.to, srv.out, srv.outlen);
			} else {
				drop_client(srv.to, strerror(errno));
				srv.out_failed = true;
			}
		}
	}
	srv.outlen = 0;
}

int sockd_server_flush(void)
{
	uint64_t now = sockd_now_ms();
	int waiting = 0;

	sockd_log_limited_tick(&rl_refused, LOG_WARNING);
	sockd_log_limited_tick(&rl_clients, LOG_WARNING);
	for (int i = 0; i < OUTQ_PORTS; i++) {
		struct outq *q = &outq[i];
		if (!q->port)
			continue;
		while (q->head && send_now(q->port, q->head->data, q->head->len) == 0) {
			dgram *d = q->head;
			q->head = d->next;
			if (!q->head)
				q->tail = NULL;
			q->bytes -= d->len;
			free(d);
			q->progress = now;
		}
		if (!q->head) {
			memset(q, 0, sizeof *q);
			continue;
		}
		if (errno == ECONNREFUSED) {
			uint32_t port = q->port;
			outq_free(q);
			sockd_txn_drop(port, "the client is gone");
		} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS) {
			drop_client(q->port, strerror(errno));
		} else if (now - q->progress >= OUTQ_STALL_MS) {
			drop_client(q->port, "it does not read its answers");
		} else {
			waiting++;
		}
	}
	return waiting;
}

static void out_add(const void *p, size_t len)
{
	if (len == 0)
		return;
	if (srv.outlen + len > sizeof srv.out)
		out_flush();
	memcpy(srv.out + srv.outlen, p, len);
	srv.outlen += len;
}

static void ack(const struct nlmsghdr *req, int code, const char *msg, uint32_t off)
{
	unsigned char buf[VRPSOCK_MSG_MAX];
	out_add(buf, vrpsock_encode_ack(req, code, msg, off, buf, sizeof buf));
}

struct dump_ctx {
	const struct nlmsghdr *req;
	unsigned long n;
};

static int dump_one(void *arg, const vrpsock_op *rec)
{
	struct dump_ctx *d = arg;
	unsigned char buf[VRPSOCK_MSG_MAX];
	size_t len = vrpsock_encode(rec, NLM_F_MULTI, d->req->nlmsg_seq, buf, sizeof buf);
	if (len == 0 && (rec->have & VRPSOCK_HAVE(VRPSOCK_A_REASON))) {
		/* A reason that does not fit the protocol's limits is left out
		 * rather than the peer. */
		vrpsock_op r = *rec;
		r.have &= ~VRPSOCK_HAVE(VRPSOCK_A_REASON);
		r.reason = NULL;
		len = vrpsock_encode(&r, NLM_F_MULTI, d->req->nlmsg_seq, buf, sizeof buf);
	}
	if (len == 0) {
		sockd_log(LOG_ERR, "a %s record could not be encoded", vrpsock_msg_name(rec->type));
		return 0;
	}
	out_add(buf, len);
	d->n++;
	return srv.out_failed ? 1 : 0;
}

static void dump(const struct nlmsghdr *req, const vrpsock_op *op)
{
	struct dump_ctx d = { req, 0 };
	unsigned char buf[64];
	const char *inst = (op->have & VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE)) ? op->inst : NULL;
	const char *vpn = (op->have & VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE)) ? op->vpn : NULL;

	/* Without a BGP instance filter the dump covers every process. */
	sockd_store_dump(inst, vpn, dump_one, &d);
	out_add(buf, vrpsock_encode_done(req, buf, sizeof buf));
}

/* ---- requests ------------------------------------------------------------------------ */

static void handle(const struct nlmsghdr *nlh, size_t avail)
{
	vrpsock_op op;
	vrpsock_err e;
	char msg[256];

	if (vrpsock_decode(nlh, avail, false, &op, &e) != 0) {
		sockd_log(LOG_DEBUG, "refused message (type 0x%x, seq %u) from port %u: %s",
			  (unsigned)nlh->nlmsg_type, (unsigned)nlh->nlmsg_seq, (unsigned)srv.to,
			  e.msg);
		sockd_txn_spoil(srv.to, e.msg);
		ack(nlh, e.code, e.msg, e.off);
		return;
	}
	if (op.type == VRPSOCK_MSG_GET) {
		dump(nlh, &op);
		return;
	}
	int code = sockd_txn_handle(srv.to, (uint32_t)srv.uid, &op, msg, sizeof msg);
	if (code)
		sockd_log(LOG_DEBUG, "%s (seq %u) from port %u refused: %s",
			  vrpsock_msg_name(op.type), (unsigned)op.seq, (unsigned)srv.to, msg);
	ack(nlh, code, msg, 0);
}

/* Take the messages of one datagram of n bytes (nread of them in the
 * buffer). */
static void datagram(size_t n, size_t nread, bool trusted, uid_t uid)
{
	const unsigned char *p = srv.in;
	size_t rem = nread;
	unsigned refused = 0;

	if (n > nread) {
		/* Longer than any request datagram may be: refused as a whole,
		 * answered once with the sequence number of its first header. */
		struct nlmsghdr h = { 0 };
		if (nread >= sizeof h)
			memcpy(&h, p, sizeof h);
		char msg[128];
		snprintf(msg, sizeof msg, "datagram too long: %zu bytes (at most %u)", n,
			 VRPSOCK_DGRAM_MAX);
		if (trusted)
			sockd_txn_spoil(srv.to, msg);
		ack(&h, EMSGSIZE, msg, 0);
		return;
	}
	while (rem > 0) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)p;
		struct nlmsghdr copy = { 0 };
		if (rem < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > rem) {
			memcpy(&copy, p, rem < sizeof copy ? rem : sizeof copy);
			char msg[128];
			snprintf(msg, sizeof msg, "truncated message: header says %u bytes, %zu left",
				 rem >= 4 ? (unsigned)copy.nlmsg_len : 0u, rem);
			if (trusted)
				sockd_txn_spoil(srv.to, msg);
			ack(&copy, EBADMSG, msg, 0);
			return;
		}
		/* Netlink's own control messages are never requests. */
		bool control = h->nlmsg_type < NLMSG_MIN_TYPE && !(h->nlmsg_flags & NLM_F_REQUEST);
		if (!control) {
			if (trusted) {
				handle(h, rem);
			} else if (refused++ < 8) {
				char msg[128];
				snprintf(msg, sizeof msg, "permission denied: user %u is not root%s%s",
					 (unsigned)uid, srv.have_group ? " and not in group " : "",
					 srv.have_group ? srv.group_name : "");
				ack(h, EPERM, msg, 0);
			}
		}
		size_t step = NLMSG_ALIGN(h->nlmsg_len);
		if (step >= rem)
			break;
		rem -= step;
		p += step;
	}
	if (refused)
		sockd_log_limited(&rl_refused, LOG_WARNING, "refused %u request%s from uid %u (port %u)",
				  refused, refused == 1 ? "" : "s", (unsigned)uid, (unsigned)srv.to);
}

void sockd_server_event(void)
{
	for (int k = 0; k < DGRAMS_PER_EVENT; k++) {
		struct sockaddr_nl from;
		union {
			char buf[CMSG_SPACE(sizeof(struct ucred))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { srv.in, sizeof srv.in };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
				     .msg_iovlen = 1, .msg_control = ctl.buf,
				     .msg_controllen = sizeof ctl.buf };
		ssize_t n = recvmsg(srv.fd, &mh, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* Datagrams were dropped: every open transaction
				 * may have lost a message. */
				sockd_log(LOG_WARNING, "receive buffer overrun; open transactions "
						       "are refused");
				sockd_txn_spoil_all("messages were lost (receive buffer overrun)");
				continue;
			}
			if (errno != EAGAIN)
				sockd_log(LOG_ERR, "netlink receive: %s", strerror(errno));
			return;
		}
		if (mh.msg_namelen < sizeof from || from.nl_pid == 0)
			continue; /* from the kernel: nothing to answer */
		if (is_ignored(from.nl_pid, sockd_now_ms()))
			continue; /* a client dropped lately */
		const struct ucred *cr = NULL;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS &&
			    cm->cmsg_len >= CMSG_LEN(sizeof *cr))
				cr = (const struct ucred *)CMSG_DATA(cm);
		srv.to = from.nl_pid;
		srv.outlen = 0;
		srv.out_failed = false;
		srv.to_trusted = cr && allowed(cr->uid, cr->gid);
		srv.uid = cr ? cr->uid : (uid_t)-1;
		size_t nread = (size_t)n < sizeof srv.in ? (size_t)n : sizeof srv.in;
		datagram((size_t)n, nread, srv.to_trusted, cr ? cr->uid : (uid_t)-1);
		out_flush();
	}
}
