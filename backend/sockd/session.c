/* One TCP session per peer: a non-blocking socket of the peer's address
 * family (IPv4 or IPv6) made in the peer's VPN instance (the daemon's own
 * network namespace for the public instance), bound to the source address
 * of its binding, connected to the peer's port 179.
 *
 *   Idle         nothing to try with: no VPN instance, no interface, no
 *                (single) address, bind refused; tried again after the
 *                back-off, or at once when links or addresses change
 *   Connect      connect() under way (limited by the connect timeout)
 *   Active       the attempt failed or the connection closed; tried again
 *                after the back-off
 *   Established  the connection is up; the daemon keeps it open and
 *                discards whatever the peer sends
 *
 * The back-off starts at retry_min and doubles up to retry_max; a
 * connection that came up starts it again from retry_min.  Timers live in
 * one binary heap ordered by due time.  The source address is looked up
 * at each attempt, so an address change never touches an open session
 * and is used at the next connect. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockd.h"

#define MAX_ATTEMPTS_PER_RUN 4096u

static sockd_sess_opts opt = { 1000, 32000, 10000, NULL };
static sockd_sess **heap;
static size_t nheap, capheap;
static bool fatal_seen;

int sockd_sess_setup(const sockd_sess_opts *o)
{
	opt = *o;
	if (opt.retry_min_ms == 0)
		opt.retry_min_ms = 1000;
	if (opt.retry_max_ms < opt.retry_min_ms)
		opt.retry_max_ms = opt.retry_min_ms;
	if (opt.connect_timeout_ms == 0)
		opt.connect_timeout_ms = 10000;
	return 0;
}

void sockd_sess_set_ifmap(const sockd_ifmap *m)
{
	opt.ifmap = m;
}

const sockd_ifmap *sockd_sess_ifmap(void)
{
	return opt.ifmap;
}

bool sockd_sess_fatal(void)
{
	return fatal_seen;
}

/* ---- the timer heap ------------------------------------------------------ */

static void heap_set(size_t i, sockd_sess *s)
{
	heap[i] = s;
	s->heap = (uint32_t)i + 1;
}

static void sift_up(size_t i)
{
	sockd_sess *s = heap[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (heap[p]->due_ms <= s->due_ms)
			break;
		heap_set(i, heap[p]);
		i = p;
	}
	heap_set(i, s);
}

static void sift_down(size_t i)
{
	sockd_sess *s = heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && heap[c + 1]->due_ms < heap[c]->due_ms)
			c++;
		if (heap[c]->due_ms >= s->due_ms)
			break;
		heap_set(i, heap[c]);
		i = c;
	}
	heap_set(i, s);
}

static void unschedule(sockd_sess *s)
{
	if (!s->heap)
		return;
	size_t i = s->heap - 1;
	s->heap = 0;
	nheap--;
	if (i == nheap)
		return;
	sockd_sess *e = heap[nheap];
	heap_set(i, e);
	sift_down(i);
	sift_up(e->heap - 1);
}

static void schedule(sockd_sess *s, uint64_t due)
{
	if (s->heap) {
		s->due_ms = due;
		size_t i = s->heap - 1;
		sift_up(i);
		sift_down(s->heap - 1);
		return;
	}
	if (nheap == capheap) {
		size_t nc = capheap ? 2 * capheap : 256;
		sockd_sess **nh = realloc(heap, nc * sizeof *nh);
		if (!nh) {
			sockd_log(LOG_ERR, "out of memory for session timers");
			return;
		}
		heap = nh;
		capheap = nc;
	}
	s->due_ms = due;
	heap_set(nheap++, s);
	sift_up(nheap - 1);
}

/* ---- states -------------------------------------------------------------- */

static const char *label(const sockd_sess *s, char *buf, size_t len)
{
	return sockd_peer_label(sockd_sess_peer((sockd_sess *)s), buf, len);
}

static void set_state(sockd_sess *s, uint8_t st, uint8_t reason, int err)
{
	char lb[160], why[VRPSOCK_REASON_CHARS + 1];
	bool moved = s->state != st;

	if (moved)
		s->since_ms = sockd_now_ms();
	bool news = moved || s->reason != reason || s->err != err;
	s->state = st;
	s->reason = reason;
	s->err = (int16_t)err;
	if (!news)
		return;
	int prio = st == VRPSOCK_ST_ESTABLISHED || reason == R_CLOSED ? LOG_INFO : LOG_DEBUG;
	if (prio == LOG_DEBUG && !sockd_log_debug())
		return;
	sockd_sess_reason(s, why, sizeof why);
	sockd_log(prio, "peer %s: %s%s%s%s", label(s, lb, sizeof lb), vrpsock_state_name(st),
		  why[0] ? " (" : "", why, why[0] ? ")" : "");
}

static void close_fd(sockd_sess *s)
{
	if (s->fd >= 0) {
		sockd_poll_del(s->fd);
		close(s->fd);
		s->fd = -1;
	}
}

static void retry_later(sockd_sess *s)
{
	schedule(s, sockd_now_ms() + s->backoff_ms);
	uint64_t next = (uint64_t)s->backoff_ms * 2;
	s->backoff_ms = next > opt.retry_max_ms ? opt.retry_max_ms : (uint32_t)next;
}

static void idle(sockd_sess *s, uint8_t reason, int err)
{
	close_fd(s);
	set_state(s, VRPSOCK_ST_IDLE, reason, err);
	retry_later(s);
}

static void active(sockd_sess *s, uint8_t reason, int err)
{
	close_fd(s);
	set_state(s, VRPSOCK_ST_ACTIVE, reason, err);
	retry_later(s);
}

void sockd_sess_init(sockd_sess *s)
{
	memset(s, 0, sizeof *s);
	s->fdk.kind = FD_SESSION;
	s->fd = -1;
	s->state = VRPSOCK_ST_IDLE;
	s->reason = R_NEW;
	s->since_ms = sockd_now_ms();
	s->backoff_ms = opt.retry_min_ms;
}

void sockd_sess_restart(sockd_sess *s)
{
	close_fd(s);
	s->has_local = false;
	s->linux_if[0] = '\0';
	s->backoff_ms = opt.retry_min_ms;
	set_state(s, VRPSOCK_ST_IDLE, R_NEW, 0);
	schedule(s, sockd_now_ms());
}

void sockd_sess_stop(sockd_sess *s)
{
	if (s->state == VRPSOCK_ST_ESTABLISHED) {
		char lb[160];
		sockd_log(LOG_INFO, "peer %s: session closed", label(s, lb, sizeof lb));
	}
	close_fd(s);
	unschedule(s);
}

void sockd_sess_kick(sockd_sess *s)
{
	if (s->state == VRPSOCK_ST_IDLE && s->reason != R_NEW)
		schedule(s, sockd_now_ms());
}

/* A socket address for a (possibly IPv4-mapped) address. */
static socklen_t sockaddr_of(const struct in6_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (IN6_IS_ADDR_V4MAPPED(a)) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->s6_addr + 12, 4);
		return sizeof *sin;
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = *a;
	return sizeof *sin6;
}

/* One attempt: resolve the VPN instance and the source, make the socket,
 * bind, connect.  The peer's address decides the family; a binding's
 * interface gives an address of that family. */
static void attempt(sockd_sess *s)
{
	sockd_peer *p = sockd_sess_peer(s);
	struct sockd_binding_view b;
	struct in6_addr src;
	bool have_src = false;
	sockd_where w, wi;
	bool v4 = IN6_IS_ADDR_V4MAPPED(sockd_peer_addr(p));
	int family = v4 ? AF_INET : AF_INET6;

	close_fd(s);
	s->has_local = false;
	s->linux_if[0] = '\0';
	sockd_net_where(sockd_peer_vpn(p), &w);
	if (w.mode == VPN_NONE)
		return idle(s, R_NO_VPN, 0);
	if (sockd_peer_binding(p, &b)) {
		bool usable = b.source && (bool)IN6_IS_ADDR_V4MAPPED(b.source) == v4;
		if (b.source && !usable && !b.ifname)
			return idle(s, R_FAMILY, 0);
		if (usable) {
			src = *b.source;
			have_src = true;
		} else if (b.ifname) {
			if (!sockd_ifmap_lookup(opt.ifmap, b.ifname, s->linux_if, sizeof s->linux_if))
				return idle(s, R_NO_LINUX_NAME, 0);
			sockd_net_where(b.if_vpn, &wi);
			if (wi.mode == VPN_NONE)
				return idle(s, R_NO_IF_VPN, 0);
			int n = sockd_net_addrs(wi.ns, s->linux_if, family, &src);
			if (n < 0)
				return idle(s, R_NO_IF, 0);
			if (n == 0)
				return idle(s, R_NO_ADDR, 0);
			if (n > 1)
				return idle(s, R_MANY_ADDR, n);
			have_src = true;
		}
	}

	bool fatal;
	s->fd = sockd_net_socket(&w, family, &fatal);
	if (fatal) {
		sockd_log(LOG_CRIT, "cannot return to the daemon's network namespace: %s",
			  strerror(errno));
		fatal_seen = true;
		s->fd = -1;
		return idle(s, R_SOCKET, EIO);
	}
	if (s->fd < 0)
		return idle(s, R_SOCKET, errno);
	struct sockaddr_storage sa;
	if (have_src) {
		socklen_t len = sockaddr_of(&src, 0, &sa);
		s->local = src;
		s->has_local = true;
		if (bind(s->fd, (struct sockaddr *)&sa, len) != 0)
			return idle(s, R_BIND, errno);
	}
	socklen_t tolen = sockaddr_of(sockd_peer_addr(p), VRPSOCK_BGP_PORT, &sa);
	int rc = connect(s->fd, (struct sockaddr *)&sa, tolen);
	if (rc != 0 && errno != EINPROGRESS)
		return active(s, R_CONNECT, errno);
	if (sockd_poll_add(s->fd, EPOLLOUT, &s->fdk) != 0)
		return active(s, R_SOCKET, errno);
	set_state(s, VRPSOCK_ST_CONNECT, R_NONE, 0);
	schedule(s, sockd_now_ms() + opt.connect_timeout_ms);
}

static void established(sockd_sess *s)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;

	unschedule(s);
	if (getsockname(s->fd, (struct sockaddr *)&sa, &len) == 0) {
		if (sa.ss_family == AF_INET6) {
			s->local = ((struct sockaddr_in6 *)&sa)->sin6_addr;
			s->has_local = true;
		} else if (sa.ss_family == AF_INET) {
			memset(&s->local, 0, sizeof s->local);
			s->local.s6_addr[10] = s->local.s6_addr[11] = 0xff;
			memcpy(s->local.s6_addr + 12, &((struct sockaddr_in *)&sa)->sin_addr, 4);
			s->has_local = true;
		}
	}
	if (sockd_poll_mod(s->fd, EPOLLIN | EPOLLRDHUP, &s->fdk) != 0)
		return active(s, R_SOCKET, errno);
	s->backoff_ms = opt.retry_min_ms;
	set_state(s, VRPSOCK_ST_ESTABLISHED, R_NONE, 0);
}

void sockd_sess_event(sockd_sess *s, uint32_t ev)
{
	if (s->fd < 0)
		return;
	if (s->state == VRPSOCK_ST_CONNECT) {
		int e = 0;
		socklen_t len = sizeof e;
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
			e = errno;
		if (e == 0 && (ev & (EPOLLHUP | EPOLLERR)))
			e = ECONNRESET;
		if (e != 0)
			return active(s, R_CONNECT, e);
		if (ev & EPOLLOUT)
			established(s);
		return;
	}
	if (s->state != VRPSOCK_ST_ESTABLISHED)
		return;
	bool closed = (ev & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) != 0;
	if (ev & EPOLLIN) {
		char buf[4096];
		for (int i = 0; i < 16; i++) {
			ssize_t n = read(s->fd, buf, sizeof buf);
			if (n > 0)
				continue;
			if (n == 0 || (errno != EAGAIN && errno != EINTR))
				closed = true;
			break;
		}
	}
	if (closed) {
		s->backoff_ms = opt.retry_min_ms;
		active(s, R_CLOSED, 0);
	}
}

int sockd_sess_run_timers(void)
{
	uint64_t now = sockd_now_ms();
	unsigned done = 0;

	while (nheap && heap[0]->due_ms <= now) {
		if (done++ >= MAX_ATTEMPTS_PER_RUN)
			return 0;
		sockd_sess *s = heap[0];
		unschedule(s);
		if (s->state == VRPSOCK_ST_CONNECT)
			active(s, R_TIMEOUT, 0);
		else
			attempt(s);
		now = sockd_now_ms();
	}
	if (!nheap)
		return -1;
	uint64_t d = heap[0]->due_ms - now;
	return d > 60000 ? 60000 : (int)d;
}

const char *sockd_sess_reason(const sockd_sess *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "";
	struct sockd_binding_view b;
	const sockd_peer *p = sockd_sess_peer((sockd_sess *)s);
	const char *fam = IN6_IS_ADDR_V4MAPPED(sockd_peer_addr(p)) ? "IPv4" : "IPv6";

	if (!sockd_peer_binding(p, &b))
		memset(&b, 0, sizeof b);
	if (s->has_local && IN6_IS_ADDR_V4MAPPED(&s->local))
		inet_ntop(AF_INET, s->local.s6_addr + 12, a, sizeof a);
	else if (s->has_local)
		inet_ntop(AF_INET6, &s->local, a, sizeof a);
	switch (s->reason) {
	case R_NEW:
		snprintf(buf, len, "starting");
		break;
	case R_NO_VPN:
		snprintf(buf, len, "no VPN instance");
		break;
	case R_NO_IF_VPN:
		snprintf(buf, len, "VPN instance %s of interface %s does not exist",
			 b.if_vpn ? b.if_vpn : "", b.ifname ? b.ifname : "");
		break;
	case R_NO_LINUX_NAME:
		snprintf(buf, len, "interface %s has no Linux name (add it to the ifmap file)",
			 b.ifname ? b.ifname : "");
		break;
	case R_NO_IF:
		snprintf(buf, len, "interface %s (%s) not found", b.ifname ? b.ifname : "",
			 s->linux_if);
		break;
	case R_NO_ADDR:
		snprintf(buf, len, "interface %s (%s) has no global %s address",
			 b.ifname ? b.ifname : "", s->linux_if, fam);
		break;
	case R_MANY_ADDR:
		snprintf(buf, len, "interface %s (%s) has %d %s addresses; a source address is needed",
			 b.ifname ? b.ifname : "", s->linux_if, s->err, fam);
		break;
	case R_FAMILY:
		snprintf(buf, len, "the source address of the binding is not an %s address", fam);
		break;
	case R_SOCKET:
		snprintf(buf, len, "socket: %s", strerror(s->err));
		break;
	case R_BIND:
		snprintf(buf, len, "bind to %s: %s", a[0] ? a : "source", strerror(s->err));
		break;
	case R_CONNECT:
		snprintf(buf, len, "connect: %s", strerror(s->err));
		break;
	case R_TIMEOUT:
		snprintf(buf, len, "connect: timed out");
		break;
	case R_CLOSED:
		snprintf(buf, len, "connection closed by the peer");
		break;
	default:
		if (len)
			buf[0] = '\0';
		break;
	}
	return buf;
}
