/* Where a VPN instance lives, and the interfaces and addresses there.
 *
 * The public network (BGP peers outside VPN instances) is the daemon's own
 * namespace.  A VPN instance V is the Linux VRF device V when the daemon's own
 * namespace has a link of that name and kind "vrf"; else the network
 * namespace /run/netns/V; else it does not exist (yet).  The interfaces of
 * each namespace the daemon looks into, and their addresses, are kept in
 * libnl-route caches that a cache manager updates from netlink
 * notifications, so an address lookup reads memory, never the kernel.
 *
 * Sockets and netlink caches are created inside a namespace by entering
 * it with setns() and coming back at once: a socket stays in the
 * namespace it was created in. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "sockd.h"

#define NETNS_DIR "/run/netns/"

struct sockd_ns {
	sockd_fd fdk;           /* FD_NETNS */
	char *name;             /* NULL: the daemon's own namespace */
	int nsfd;
	dev_t dev;
	ino_t ino;
	struct nl_cache_mngr *mngr;
	struct nl_cache *links, *addrs;
	int mfd;
	struct sockd_ns *next;
};

static sockd_ns root;
static sockd_ns *named;     /* namespaces of VPN instances, looked into so far */
static bool changed;

const char *sockd_ns_name(const sockd_ns *ns)
{
	return ns && ns->name ? ns->name : "";
}

static void on_change(struct nl_cache *c, struct nl_object *o, int action, void *arg)
{
	const sockd_ns *ns = arg;

	(void)c;
	changed = true;
	/* Which address came or went, for whoever follows the daemon's
	 * reactions (-v). */
	if (sockd_log_debug() && strcmp(nl_object_get_type(o), "route/addr") == 0) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		struct nl_addr *local = rtnl_addr_get_local(a);
		char buf[INET6_ADDRSTRLEN + 8];
		sockd_log(LOG_DEBUG, "address %s %s on link %d%s%s",
			  local ? nl_addr2str(local, buf, sizeof buf) : "?",
			  action == NL_ACT_NEW ? "added" : action == NL_ACT_DEL ? "removed" : "changed",
			  rtnl_addr_get_ifindex(a), ns && ns->name ? " in namespace " : "",
			  ns && ns->name ? ns->name : "");
	}
}

bool sockd_net_changed(void)
{
	bool c = changed;
	changed = false;
	return c;
}

static void caches_free(sockd_ns *ns)
{
	if (ns->mfd >= 0)
		sockd_poll_del(ns->mfd);
	if (ns->mngr)
		nl_cache_mngr_free(ns->mngr); /* frees the caches it manages */
	ns->mngr = NULL;
	ns->links = ns->addrs = NULL;
	ns->mfd = -1;
}

/* Build ns's cache manager and caches; the caller has entered ns. */
static int caches_build(sockd_ns *ns, char *err, size_t errlen)
{
	int rc = nl_cache_mngr_alloc(NULL, NETLINK_ROUTE, 0, &ns->mngr);
	if (rc == 0)
		rc = nl_cache_mngr_add(ns->mngr, "route/link", on_change, ns, &ns->links);
	if (rc == 0)
		rc = nl_cache_mngr_add(ns->mngr, "route/addr", on_change, ns, &ns->addrs);
	if (rc < 0) {
		snprintf(err, errlen, "netlink route caches%s%s: %s", ns->name ? " in namespace " : "",
			 ns->name ? ns->name : "", nl_geterror(rc));
		caches_free(ns);
		return -1;
	}
	ns->mfd = nl_cache_mngr_get_fd(ns->mngr);
	if (sockd_poll_add(ns->mfd, EPOLLIN, &ns->fdk) != 0) {
		snprintf(err, errlen, "epoll: %s", strerror(errno));
		caches_free(ns);
		return -1;
	}
	return 0;
}

static bool go_home(void)
{
	return setns(root.nsfd, CLONE_NEWNET) == 0;
}

int sockd_net_init(char *err, size_t errlen)
{
	memset(&root, 0, sizeof root);
	root.fdk.kind = FD_NETNS;
	root.mfd = -1;
	root.nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (root.nsfd < 0) {
		snprintf(err, errlen, "/proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	return caches_build(&root, err, errlen);
}

static void ns_free(sockd_ns *ns)
{
	caches_free(ns);
	if (ns->nsfd >= 0)
		close(ns->nsfd);
	free(ns->name);
	free(ns);
}

void sockd_net_fini(void)
{
	while (named) {
		sockd_ns *n = named->next;
		ns_free(named);
		named = n;
	}
	caches_free(&root);
	if (root.nsfd >= 0)
		close(root.nsfd);
	root.nsfd = -1;
}

/* Is the name usable as a file name under /run/netns? */
static bool ns_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < 200 && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

static void unlink_named(sockd_ns *ns)
{
	for (sockd_ns **pp = &named; *pp; pp = &(*pp)->next) {
		if (*pp == ns) {
			*pp = ns->next;
			return;
		}
	}
}

/* The namespace /run/netns/NAME as it is now (opened again each time: a
 * namespace deleted and created again is a new one).  NULL when absent
 * or unusable. */
static sockd_ns *netns_get(const char *name)
{
	char path[256];
	struct stat st;
	sockd_ns *ns;

	if (!ns_name_ok(name))
		return NULL;
	snprintf(path, sizeof path, NETNS_DIR "%s", name);
	for (ns = named; ns; ns = ns->next)
		if (strcmp(ns->name, name) == 0)
			break;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		if (ns) {
			unlink_named(ns);
			ns_free(ns);
		}
		return NULL;
	}
	if (ns && ns->dev == st.st_dev && ns->ino == st.st_ino && ns->mngr) {
		close(fd);
		return ns;
	}
	if (ns) {
		sockd_log(LOG_INFO, "network namespace %s was replaced", name);
		unlink_named(ns);
		ns_free(ns);
	}
	ns = calloc(1, sizeof *ns);
	if (!ns || !(ns->name = strdup(name))) {
		free(ns);
		close(fd);
		return NULL;
	}
	ns->fdk.kind = FD_NETNS;
	ns->nsfd = fd;
	ns->dev = st.st_dev;
	ns->ino = st.st_ino;
	ns->mfd = -1;
	if (setns(fd, CLONE_NEWNET) != 0) {
		sockd_log(LOG_WARNING, "cannot enter network namespace %s: %s", name, strerror(errno));
		ns_free(ns);
		return NULL;
	}
	char err[256];
	int rc = caches_build(ns, err, sizeof err);
	if (!go_home()) {
		sockd_log(LOG_CRIT, "cannot return to the daemon's network namespace: %s",
			  strerror(errno));
		abort();
	}
	if (rc != 0) {
		sockd_log(LOG_WARNING, "%s", err);
		ns_free(ns);
		return NULL;
	}
	ns->next = named;
	named = ns;
	changed = true;
	return ns;
}

static bool is_vrf(const char *name)
{
	struct rtnl_link *l = root.links ? rtnl_link_get_by_name(root.links, name) : NULL;
	bool vrf = false;

	if (l) {
		const char *t = rtnl_link_get_type(l);
		vrf = t && strcmp(t, "vrf") == 0;
		rtnl_link_put(l);
	}
	return vrf;
}

void sockd_net_where(const char *vpn, sockd_where *w)
{
	memset(w, 0, sizeof *w);
	if (!vpn) {
		w->mode = VPN_PUBLIC;
		w->ns = &root;
		return;
	}
	if (is_vrf(vpn)) {
		w->mode = VPN_VRF;
		w->ns = &root;
		w->vrf = vpn;
		return;
	}
	w->ns = netns_get(vpn);
	w->mode = w->ns ? VPN_NETNS : VPN_NONE;
}

int sockd_net_socket(const sockd_where *w, int family, bool *fatal)
{
	int fd, e;

	*fatal = false;
	switch (w->mode) {
	case VPN_NETNS:
		if (setns(w->ns->nsfd, CLONE_NEWNET) != 0)
			return -1;
		fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		e = errno;
		if (!go_home()) {
			*fatal = true;
			if (fd >= 0)
				close(fd);
			return -1;
		}
		errno = e;
		return fd;
	case VPN_VRF:
		fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		if (fd < 0)
			return -1;
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, w->vrf, (socklen_t)strlen(w->vrf)) !=
		    0) {
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		return fd;
	case VPN_PUBLIC:
		return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	default:
		errno = ENOENT;
		return -1;
	}
}

int sockd_net_addrs(sockd_ns *ns, const char *ifname, int family, struct in6_addr *first)
{
	int alen = family == AF_INET ? 4 : 16;

	if (!ns || !ns->links || !ns->addrs)
		return -1;
	int ifindex = rtnl_link_name2i(ns->links, ifname);
	if (ifindex <= 0)
		return -1;
	int n = 0;
	for (struct nl_object *o = nl_cache_get_first(ns->addrs); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		if (rtnl_addr_get_family(a) != family || rtnl_addr_get_ifindex(a) != ifindex ||
		    rtnl_addr_get_scope(a) != RT_SCOPE_UNIVERSE ||
		    (rtnl_addr_get_flags(a) & IFA_F_DADFAILED))
			continue;
		struct nl_addr *l = rtnl_addr_get_local(a);
		if (!l || nl_addr_get_len(l) != (unsigned)alen)
			continue;
		if (n++ > 0)
			continue;
		if (family == AF_INET) {
			memset(first, 0, sizeof *first);
			first->s6_addr[10] = first->s6_addr[11] = 0xff;
			memcpy(first->s6_addr + 12, nl_addr_get_binary_addr(l), 4);
		} else {
			memcpy(first, nl_addr_get_binary_addr(l), 16);
		}
	}
	return n;
}

void sockd_net_event(sockd_fd *who)
{
	sockd_ns *ns = (sockd_ns *)who;
	int rc = nl_cache_mngr_data_ready(ns->mngr);

	if (rc >= 0 || rc == -NLE_AGAIN)
		return;
	/* Notifications were lost (buffer overrun) or the socket broke: the
	 * caches may be wrong, so they are built again. */
	sockd_log(LOG_WARNING, "route caches%s%s: %s; reloading", ns->name ? " of namespace " : "",
		  ns->name ? ns->name : "", nl_geterror(rc));
	caches_free(ns);
	char err[256];
	if (ns != &root && setns(ns->nsfd, CLONE_NEWNET) != 0) {
		unlink_named(ns);
		ns_free(ns);
		return;
	}
	rc = caches_build(ns, err, sizeof err);
	if (ns != &root && !go_home()) {
		sockd_log(LOG_CRIT, "cannot return to the daemon's network namespace: %s",
			  strerror(errno));
		abort();
	}
	if (rc != 0) {
		sockd_log(LOG_ERR, "%s", err);
		if (ns != &root) {
			unlink_named(ns);
			ns_free(ns);
		}
	}
	changed = true;
}
