/* The daemon's state: bindings (of groups and of single peers) and peers,
 * each in the scope of one BGP process (public or a multi-instance) and
 * one VPN instance, and what a change means for the sessions.
 *
 * A session's binding is its peer's own, else its group's.  When that
 * binding, the peer's group or its AS number changes, the session is
 * closed and opened again; a peer that goes closes its session.  All of a
 * change is applied first, then each touched session restarts once.
 *
 * Everything is hashed: applying n operations costs O(n) plus the
 * sessions they touch.  Interface names are interned: ten thousand
 * bindings naming LoopBack0 hold one copy of the name. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockd.h"

/* ---- hash tables (intrusive, chained) --------------------------------- */

struct hnode {
	struct hnode *next;
	uint64_t h;
};

struct htab {
	struct hnode **b;
	size_t nb, n;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV0 0xcbf29ce484222325ull

static int ht_grow(struct htab *t)
{
	size_t nb = t->nb ? 2 * t->nb : 64;
	struct hnode **b = calloc(nb, sizeof *b);
	if (!b)
		return -1;
	for (size_t i = 0; i < t->nb; i++) {
		struct hnode *n = t->b[i];
		while (n) {
			struct hnode *next = n->next;
			size_t k = n->h & (nb - 1);
			n->next = b[k];
			b[k] = n;
			n = next;
		}
	}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return 0;
}

static int ht_add(struct htab *t, struct hnode *n)
{
	if (t->n >= t->nb && ht_grow(t) != 0)
		return -1;
	size_t k = n->h & (t->nb - 1);
	n->next = t->b[k];
	t->b[k] = n;
	t->n++;
	return 0;
}

static void ht_del(struct htab *t, struct hnode *n)
{
	struct hnode **pp = &t->b[n->h & (t->nb - 1)];
	while (*pp && *pp != n)
		pp = &(*pp)->next;
	if (*pp) {
		*pp = n->next;
		t->n--;
	}
}

static struct hnode *ht_first(const struct htab *t, uint64_t h)
{
	return t->nb ? t->b[h & (t->nb - 1)] : NULL;
}

static void ht_free(struct htab *t)
{
	free(t->b);
	memset(t, 0, sizeof *t);
}

#define HT_ENTRY(node, type) ((type *)(void *)(node))

/* ---- interned strings --------------------------------------------------- */

struct istr {
	struct hnode hn;
	unsigned refs;
	char s[];
};

static struct htab strings;

static const char *intern(const char *s)
{
	size_t len = strlen(s);
	uint64_t h = fnv(FNV0, s, len);
	for (struct hnode *n = ht_first(&strings, h); n; n = n->next) {
		struct istr *is = HT_ENTRY(n, struct istr);
		if (n->h == h && strcmp(is->s, s) == 0) {
			is->refs++;
			return is->s;
		}
	}
	struct istr *is = malloc(sizeof *is + len + 1);
	if (!is)
		return NULL;
	is->hn.h = h;
	is->refs = 1;
	memcpy(is->s, s, len + 1);
	if (ht_add(&strings, &is->hn) != 0) {
		free(is);
		return NULL;
	}
	return is->s;
}

static void unintern(const char *s)
{
	if (!s)
		return;
	struct istr *is = (struct istr *)(void *)(s - offsetof(struct istr, s));
	if (--is->refs == 0) {
		ht_del(&strings, &is->hn);
		free(is);
	}
}

/* ---- objects ------------------------------------------------------------ */

struct scope {
	struct hnode hn;
	unsigned refs;
	char *inst; /* "" = the public BGP process */
	char *vpn;  /* "" = the public network */
	uint8_t fam; /* enum vrpsock_family, 0 = the view's own peers */
};

struct bind {
	const char *ifname; /* interned, or NULL */
	const char *if_vpn; /* interned, or NULL */
	struct in6_addr src;
	bool has_src;
	bool set;
};

struct group {
	struct hnode hn;
	struct scope *sc;
	struct bind b;
	uint32_t gen;            /* full sync: last sync that named the binding */
	sockd_peer *members;
	char *name;
};

struct pbind {
	struct hnode hn;
	struct scope *sc;
	struct bind b;
	uint32_t gen;
	struct in6_addr addr;
};

struct sockd_peer {
	struct hnode hn;
	struct scope *sc;
	struct group *grp;
	sockd_peer *gprev, *gnext;   /* members of grp */
	sockd_peer *dprev, *dnext;   /* the list of sessions to restart */
	struct in6_addr addr;
	uint32_t as;
	uint32_t gen;
	bool dirty;
	sockd_sess sess;
};

static struct htab scopes, groups, pbinds, peers;
static sockd_peer *dirty_head;
static uint32_t cur_gen;

int sockd_store_init(void)
{
	return 0;
}

/* ---- scopes ------------------------------------------------------------- */

static uint64_t scope_hash(const char *inst, const char *vpn, uint8_t fam)
{
	uint64_t h = fnv(FNV0, inst, strlen(inst) + 1);
	h = fnv(h, vpn, strlen(vpn) + 1);
	return fnv(h, &fam, 1);
}

static struct scope *scope_get(const char *inst, const char *vpn, uint8_t fam, bool create)
{
	if (!inst)
		inst = "";
	if (!vpn)
		vpn = "";
	uint64_t h = scope_hash(inst, vpn, fam);
	for (struct hnode *n = ht_first(&scopes, h); n; n = n->next) {
		struct scope *s = HT_ENTRY(n, struct scope);
		if (n->h == h && s->fam == fam && strcmp(s->inst, inst) == 0 &&
		    strcmp(s->vpn, vpn) == 0)
			return s;
	}
	if (!create)
		return NULL;
	struct scope *s = calloc(1, sizeof *s);
	if (!s || !(s->inst = strdup(inst)) || !(s->vpn = strdup(vpn)) ||
	    (s->hn.h = h, s->fam = fam, 0) || ht_add(&scopes, &s->hn) != 0) {
		if (s) {
			free(s->inst);
			free(s->vpn);
		}
		free(s);
		return NULL;
	}
	return s;
}

static void scope_put(struct scope *s)
{
	if (s && s->refs == 0) {
		ht_del(&scopes, &s->hn);
		free(s->inst);
		free(s->vpn);
		free(s);
	}
}

/* ---- bindings ----------------------------------------------------------- */

static void bind_clear(struct bind *b)
{
	unintern(b->ifname);
	unintern(b->if_vpn);
	memset(b, 0, sizeof *b);
}

/* Set b from op; returns 1 when it changed, 0 when it is the same, -1
 * when out of memory (b unchanged). */
static int bind_set(struct bind *b, const sockd_op *op)
{
	const char *ifn = op->ifname ? intern(op->ifname) : NULL;
	const char *ifv = op->ifname && op->if_vpn ? intern(op->if_vpn) : NULL;
	bool has_src = op->have & VRPSOCK_HAVE(VRPSOCK_A_SOURCE);

	if ((op->ifname && !ifn) || (op->ifname && op->if_vpn && !ifv)) {
		unintern(ifn);
		unintern(ifv);
		return -1;
	}
	bool same = b->set && b->ifname == ifn && b->if_vpn == ifv && b->has_src == has_src &&
		    (!has_src || memcmp(&b->src, &op->source, 16) == 0);
	bind_clear(b);
	b->ifname = ifn;
	b->if_vpn = ifv;
	b->has_src = has_src;
	if (has_src)
		b->src = op->source;
	b->set = true;
	return same ? 0 : 1;
}

/* ---- dirty sessions ----------------------------------------------------- */

static void mark(sockd_peer *p)
{
	if (!p || p->dirty)
		return;
	p->dirty = true;
	p->dprev = NULL;
	p->dnext = dirty_head;
	if (dirty_head)
		dirty_head->dprev = p;
	dirty_head = p;
}

static void unmark(sockd_peer *p)
{
	if (!p->dirty)
		return;
	if (p->dprev)
		p->dprev->dnext = p->dnext;
	else
		dirty_head = p->dnext;
	if (p->dnext)
		p->dnext->dprev = p->dprev;
	p->dirty = false;
	p->dprev = p->dnext = NULL;
}

/* ---- groups ------------------------------------------------------------- */

static uint64_t group_hash(const struct scope *sc, const char *name)
{
	uint64_t h = fnv(FNV0, &sc, sizeof sc);
	return fnv(h, name, strlen(name));
}

static struct group *group_get(struct scope *sc, const char *name, bool create)
{
	uint64_t h = group_hash(sc, name);
	for (struct hnode *n = ht_first(&groups, h); n; n = n->next) {
		struct group *g = HT_ENTRY(n, struct group);
		if (n->h == h && g->sc == sc && strcmp(g->name, name) == 0)
			return g;
	}
	if (!create)
		return NULL;
	struct group *g = calloc(1, sizeof *g);
	if (!g || !(g->name = strdup(name))) {
		free(g);
		return NULL;
	}
	g->hn.h = h;
	g->sc = sc;
	if (ht_add(&groups, &g->hn) != 0) {
		free(g->name);
		free(g);
		return NULL;
	}
	sc->refs++;
	return g;
}

static void group_put(struct group *g)
{
	if (!g || g->b.set || g->members)
		return;
	ht_del(&groups, &g->hn);
	g->sc->refs--;
	scope_put(g->sc);
	free(g->name);
	free(g);
}

static void mark_members(struct group *g)
{
	for (sockd_peer *p = g->members; p; p = p->gnext)
		mark(p);
}

/* ---- peers and their own bindings ---------------------------------------- */

static uint64_t addr_hash(const struct scope *sc, const struct in6_addr *a)
{
	uint64_t h = fnv(FNV0, &sc, sizeof sc);
	return fnv(h, a, 16);
}

static struct pbind *pbind_get(struct scope *sc, const struct in6_addr *a, bool create)
{
	uint64_t h = addr_hash(sc, a);
	for (struct hnode *n = ht_first(&pbinds, h); n; n = n->next) {
		struct pbind *b = HT_ENTRY(n, struct pbind);
		if (n->h == h && b->sc == sc && memcmp(&b->addr, a, 16) == 0)
			return b;
	}
	if (!create)
		return NULL;
	struct pbind *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->hn.h = h;
	b->sc = sc;
	b->addr = *a;
	if (ht_add(&pbinds, &b->hn) != 0) {
		free(b);
		return NULL;
	}
	sc->refs++;
	return b;
}

static void pbind_free(struct pbind *b)
{
	ht_del(&pbinds, &b->hn);
	bind_clear(&b->b);
	b->sc->refs--;
	scope_put(b->sc);
	free(b);
}

static sockd_peer *peer_get(struct scope *sc, const struct in6_addr *a)
{
	uint64_t h = addr_hash(sc, a);
	for (struct hnode *n = ht_first(&peers, h); n; n = n->next) {
		sockd_peer *p = HT_ENTRY(n, sockd_peer);
		if (n->h == h && p->sc == sc && memcmp(&p->addr, a, 16) == 0)
			return p;
	}
	return NULL;
}

static void peer_leave_group(sockd_peer *p)
{
	struct group *g = p->grp;
	if (!g)
		return;
	if (p->gprev)
		p->gprev->gnext = p->gnext;
	else
		g->members = p->gnext;
	if (p->gnext)
		p->gnext->gprev = p->gprev;
	p->gprev = p->gnext = NULL;
	p->grp = NULL;
	group_put(g);
}

static void peer_join_group(sockd_peer *p, struct group *g)
{
	p->grp = g;
	p->gprev = NULL;
	p->gnext = g->members;
	if (g->members)
		g->members->gprev = p;
	g->members = p;
}

static void peer_free(sockd_peer *p)
{
	char label[160];
	if (sockd_log_debug()) /* (the label costs a printf per peer) */
		sockd_log(LOG_DEBUG, "peer %s removed", sockd_peer_label(p, label, sizeof label));
	sockd_sess_stop(&p->sess);
	unmark(p);
	peer_leave_group(p);
	ht_del(&peers, &p->hn);
	p->sc->refs--;
	scope_put(p->sc);
	free(p);
}

/* ---- what the session manager sees ------------------------------------- */

const char *sockd_peer_vpn(const sockd_peer *p)
{
	return p->sc->vpn[0] ? p->sc->vpn : NULL;
}

const struct in6_addr *sockd_peer_addr(const sockd_peer *p)
{
	return &p->addr;
}

static bool view_of(const struct bind *b, struct sockd_binding_view *v)
{
	if (!b->set)
		return false;
	v->ifname = b->ifname;
	v->if_vpn = b->if_vpn;
	v->source = b->has_src ? &b->src : NULL;
	return true;
}

bool sockd_peer_binding(const sockd_peer *p, struct sockd_binding_view *v)
{
	struct pbind *own = pbind_get(p->sc, &p->addr, false);
	memset(v, 0, sizeof *v);
	if (own && view_of(&own->b, v))
		return true;
	return p->grp && view_of(&p->grp->b, v);
}

sockd_sess *sockd_peer_sess(sockd_peer *p)
{
	return &p->sess;
}

sockd_peer *sockd_sess_peer(sockd_sess *s)
{
	return (sockd_peer *)(void *)((char *)s - offsetof(sockd_peer, sess));
}

static void addr_text(const struct in6_addr *a, char *buf, size_t len)
{
	if (IN6_IS_ADDR_V4MAPPED(a)) {
		if (!inet_ntop(AF_INET, a->s6_addr + 12, buf, (socklen_t)len))
			snprintf(buf, len, "?");
		return;
	}
	if (!inet_ntop(AF_INET6, a, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
		return;
	}
	for (char *c = buf; *c; c++)
		*c = (char)toupper((unsigned char)*c);
}

const char *sockd_peer_label(const sockd_peer *p, char *buf, size_t buflen)
{
	char a[INET6_ADDRSTRLEN];
	addr_text(&p->addr, a, sizeof a);
	snprintf(buf, buflen, "%s%s%s%s%s%s", a, p->sc->inst[0] ? " instance " : "", p->sc->inst,
		 p->sc->vpn[0] ? " vpn-instance " : "", p->sc->vpn,
		 p->sc->fam == VRPSOCK_FAM_IPV4   ? " ipv4-family"
		 : p->sc->fam == VRPSOCK_FAM_IPV6 ? " ipv6-family"
						  : "");
	return buf;
}

void sockd_store_foreach_peer(void (*fn)(sockd_peer *p, void *arg), void *arg)
{
	for (size_t i = 0; i < peers.nb; i++) {
		struct hnode *n = peers.b[i];
		while (n) {
			struct hnode *next = n->next;
			fn(HT_ENTRY(n, sockd_peer), arg);
			n = next;
		}
	}
}

/* ---- applying ----------------------------------------------------------- */

static int apply_one(const sockd_op *op)
{
	bool is_set = op->type == VRPSOCK_MSG_BINDING_SET || op->type == VRPSOCK_MSG_PEER_SET;
	struct scope *sc = scope_get(op->inst, op->vpn, op->family, is_set);
	int rc = 0;

	if (!sc)
		return is_set ? -1 : 0;
	sc->refs++; /* held while the operation may free what refers to it */
	switch (op->type) {
	case VRPSOCK_MSG_BINDING_SET:
		if (op->group) {
			struct group *g = group_get(sc, op->group, true);
			if (!g) {
				rc = -1;
				break;
			}
			int ch = bind_set(&g->b, op);
			if (ch < 0)
				rc = -1;
			else if (ch > 0)
				mark_members(g);
			g->gen = cur_gen;
			group_put(g);
		} else {
			struct pbind *b = pbind_get(sc, &op->peer, true);
			if (!b) {
				rc = -1;
				break;
			}
			int ch = bind_set(&b->b, op);
			if (ch < 0) {
				rc = -1;
				if (!b->b.set)
					pbind_free(b);
				break;
			}
			if (ch > 0)
				mark(peer_get(sc, &op->peer));
			b->gen = cur_gen;
		}
		break;
	case VRPSOCK_MSG_BINDING_DEL:
		if (op->group) {
			struct group *g = group_get(sc, op->group, false);
			if (g && g->b.set) {
				bind_clear(&g->b);
				mark_members(g);
				group_put(g);
			}
		} else {
			struct pbind *b = pbind_get(sc, &op->peer, false);
			if (b) {
				mark(peer_get(sc, &op->peer));
				pbind_free(b);
			}
		}
		break;
	case VRPSOCK_MSG_PEER_SET: {
		sockd_peer *p = peer_get(sc, &op->peer);
		if (!p) {
			p = calloc(1, sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			p->hn.h = addr_hash(sc, &op->peer);
			p->sc = sc;
			p->addr = op->peer;
			sockd_sess_init(&p->sess);
			if (ht_add(&peers, &p->hn) != 0) {
				free(p);
				rc = -1;
				break;
			}
			sc->refs++;
			mark(p);
		}
		struct group *g = op->group ? group_get(sc, op->group, true) : NULL;
		if (op->group && !g) {
			rc = -1;
		} else if (g != p->grp) {
			peer_leave_group(p);
			if (g)
				peer_join_group(p, g);
			mark(p);
		}
		uint32_t as = (op->have & VRPSOCK_HAVE(VRPSOCK_A_AS)) ? op->as : 0;
		if (as != p->as) {
			p->as = as;
			mark(p);
		}
		p->gen = cur_gen;
		break;
	}
	case VRPSOCK_MSG_PEER_DEL: {
		sockd_peer *p = peer_get(sc, &op->peer);
		if (p)
			peer_free(p);
		break;
	}
	default:
		break;
	}
	sc->refs--;
	scope_put(sc);
	return rc;
}

/* Full sync: what the new state did not name goes. */
static void sweep(void)
{
	for (size_t i = 0; i < peers.nb; i++) {
		struct hnode *n = peers.b[i];
		while (n) {
			struct hnode *next = n->next;
			sockd_peer *p = HT_ENTRY(n, sockd_peer);
			if (p->gen != cur_gen)
				peer_free(p);
			n = next;
		}
	}
	for (size_t i = 0; i < pbinds.nb; i++) {
		struct hnode *n = pbinds.b[i];
		while (n) {
			struct hnode *next = n->next;
			struct pbind *b = HT_ENTRY(n, struct pbind);
			if (b->gen != cur_gen) {
				mark(peer_get(b->sc, &b->addr));
				pbind_free(b);
			}
			n = next;
		}
	}
	for (size_t i = 0; i < groups.nb; i++) {
		struct hnode *n = groups.b[i];
		while (n) {
			struct hnode *next = n->next;
			struct group *g = HT_ENTRY(n, struct group);
			if (g->b.set && g->gen != cur_gen) {
				bind_clear(&g->b);
				mark_members(g);
				group_put(g);
			}
			n = next;
		}
	}
}

int sockd_store_apply(sockd_op *const *ops, size_t n, bool full)
{
	int rc = 0;

	cur_gen++;
	for (size_t i = 0; i < n; i++)
		if (apply_one(ops[i]) != 0)
			rc = -1;
	if (full && rc == 0)
		sweep();
	size_t restarted = 0;
	while (dirty_head) {
		sockd_peer *p = dirty_head;
		unmark(p);
		sockd_sess_restart(&p->sess);
		restarted++;
	}
	size_t nb, np;
	sockd_store_counts(&nb, &np);
	sockd_log(LOG_INFO, "%s of %zu operation%s applied: %zu binding%s, %zu peer%s, %zu session%s "
			    "(re)started",
		  full ? "full sync" : "transaction", n, n == 1 ? "" : "s", nb, nb == 1 ? "" : "s", np,
		  np == 1 ? "" : "s", restarted, restarted == 1 ? "" : "s");
	return rc;
}

size_t sockd_store_counts(size_t *bindings, size_t *npeers)
{
	size_t nb = pbinds.n;
	for (size_t i = 0; i < groups.nb; i++)
		for (struct hnode *n = groups.b[i]; n; n = n->next)
			nb += HT_ENTRY(n, struct group)->b.set;
	if (bindings)
		*bindings = nb;
	if (npeers)
		*npeers = peers.n;
	return nb;
}

/* ---- the verdict -------------------------------------------------------- */

/* Global addresses of Linux interface lname in VPN instance if_vpn (NULL =
 * public): IPv4 in n[0], IPv6 in n[1] (-1: no such interface, 0 when the
 * VPN instance does not exist). */
static void count_addrs(const char *if_vpn, const char *lname, int n[2])
{
	sockd_where w;
	struct in6_addr first;

	sockd_net_where(if_vpn, &w);
	for (int f = 0; f < 2; f++)
		n[f] = w.mode == VPN_NONE ? 0
					  : sockd_net_addrs(w.ns, lname, f ? AF_INET6 : AF_INET, &first);
}

const char *sockd_store_check(const sockd_op *op, sockd_check_cache *cache, char *msg,
			      size_t msglen)
{
	char lname[VRPSOCK_LINUX_IF_CHARS + 1];
	const char *ifv = op->if_vpn ? op->if_vpn : "";
	int n[2];

	if (op->type != VRPSOCK_MSG_BINDING_SET || !op->ifname ||
	    (op->have & VRPSOCK_HAVE(VRPSOCK_A_SOURCE)))
		return NULL;
	if (!sockd_ifmap_lookup(sockd_sess_ifmap(), op->ifname, lname, sizeof lname))
		return NULL;
	/* Thousands of bindings usually name the same interface. */
	if (cache->valid && strcmp(cache->if_vpn, ifv) == 0 && strcmp(cache->lname, lname) == 0) {
		memcpy(n, cache->naddrs, sizeof n);
	} else {
		count_addrs(op->if_vpn, lname, n);
		cache->valid = strlen(ifv) < sizeof cache->if_vpn;
		snprintf(cache->if_vpn, sizeof cache->if_vpn, "%s", ifv);
		memcpy(cache->lname, lname, sizeof lname);
		memcpy(cache->naddrs, n, sizeof n);
	}
	/* The families whose address would be the source: the peer's, or a
	 * group's (both for a group of a view that takes either). */
	bool want[2];
	if (!op->group) {
		want[0] = IN6_IS_ADDR_V4MAPPED(&op->peer);
		want[1] = !want[0];
	} else {
		want[0] = op->family != VRPSOCK_FAM_IPV6;
		want[1] = op->family != VRPSOCK_FAM_IPV4;
	}
	int f = want[0] && n[0] > 1 ? 0 : want[1] && n[1] > 1 ? 1 : -1;
	if (f < 0)
		return NULL;
	char who[INET6_ADDRSTRLEN + 4];
	if (op->group) {
		bool blank = strpbrk(op->group, " \t") != NULL;
		snprintf(who, sizeof who, "%s%.*s%s", blank ? "\"" : "", (int)(sizeof who - 3),
			 op->group, blank ? "\"" : "");
	} else {
		addr_text(&op->peer, who, sizeof who);
	}
	snprintf(msg, msglen,
		 "Interface %s has %d %s addresses. Specify the source %s address: peer %s "
		 "connect-interface %s %s",
		 op->ifname, n[f], f ? "IPv6" : "IPv4", f ? "IPv6" : "IPv4", who, op->ifname,
		 f ? "X:X:X:X:X:X:X:X" : "X.X.X.X");
	return msg;
}

/* ---- dump --------------------------------------------------------------- */

static bool in_filter(const struct scope *sc, const char *inst, const char *vpn)
{
	return (!inst || strcmp(sc->inst, inst) == 0) && (!vpn || strcmp(sc->vpn, vpn) == 0);
}

/* The VPN instance and family of a record (the BGP instance is added by
 * the callers where they need it). */
static void scope_record(vrpsock_op *r, const struct scope *sc)
{
	if (sc->vpn[0]) {
		r->vpn = sc->vpn;
		r->have |= VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE);
	}
	if (sc->fam) {
		r->family = sc->fam;
		r->have |= VRPSOCK_HAVE(VRPSOCK_A_FAMILY);
	}
}

static void bind_record(vrpsock_op *r, const struct scope *sc, const struct bind *b)
{
	memset(r, 0, sizeof *r);
	r->type = VRPSOCK_MSG_BINDING;
	scope_record(r, sc);
	if (sc->inst[0]) {
		r->inst = sc->inst;
		r->have |= VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE);
	}
	if (b->ifname) {
		r->ifname = b->ifname;
		r->have |= VRPSOCK_HAVE(VRPSOCK_A_IFNAME);
		if (b->if_vpn) {
			r->if_vpn = b->if_vpn;
			r->have |= VRPSOCK_HAVE(VRPSOCK_A_IF_VPN);
		}
	}
	if (b->has_src) {
		r->source = b->src;
		r->have |= VRPSOCK_HAVE(VRPSOCK_A_SOURCE);
	}
}

int sockd_store_dump(const char *inst, const char *vpn, sockd_rec_fn fn, void *arg)
{
	vrpsock_op r;
	int rc;

	for (size_t i = 0; i < groups.nb; i++) {
		for (struct hnode *n = groups.b[i]; n; n = n->next) {
			struct group *g = HT_ENTRY(n, struct group);
			if (!g->b.set || !in_filter(g->sc, inst, vpn))
				continue;
			bind_record(&r, g->sc, &g->b);
			r.group = g->name;
			r.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
			if ((rc = fn(arg, &r)) != 0)
				return rc;
		}
	}
	for (size_t i = 0; i < pbinds.nb; i++) {
		for (struct hnode *n = pbinds.b[i]; n; n = n->next) {
			struct pbind *b = HT_ENTRY(n, struct pbind);
			if (!in_filter(b->sc, inst, vpn))
				continue;
			bind_record(&r, b->sc, &b->b);
			r.peer = b->addr;
			r.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
			if ((rc = fn(arg, &r)) != 0)
				return rc;
		}
	}
	uint64_t now = sockd_now_ms();
	char reason[VRPSOCK_REASON_CHARS + 1];
	for (size_t i = 0; i < peers.nb; i++) {
		for (struct hnode *n = peers.b[i]; n; n = n->next) {
			sockd_peer *p = HT_ENTRY(n, sockd_peer);
			if (!in_filter(p->sc, inst, vpn))
				continue;
			memset(&r, 0, sizeof r);
			r.type = VRPSOCK_MSG_PEER;
			scope_record(&r, p->sc);
			r.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER) | VRPSOCK_HAVE(VRPSOCK_A_STATE) |
				  VRPSOCK_HAVE(VRPSOCK_A_STATE_SECS);
			r.peer = p->addr;
			if (p->sc->inst[0]) {
				r.inst = p->sc->inst;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE);
			}
			if (p->grp) {
				r.group = p->grp->name;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
			}
			if (p->as) {
				r.as = p->as;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_AS);
			}
			r.state = p->sess.state;
			uint64_t secs = now > p->sess.since_ms ? (now - p->sess.since_ms) / 1000 : 0;
			r.state_secs = secs > UINT32_MAX ? UINT32_MAX : (uint32_t)secs;
			if (p->sess.has_local) {
				r.local = p->sess.local;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_LOCAL);
			}
			if (sockd_sess_reason(&p->sess, reason, sizeof reason)[0]) {
				r.reason = reason;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_REASON);
			}
			if (p->sess.linux_if[0]) {
				r.linux_if = p->sess.linux_if;
				r.have |= VRPSOCK_HAVE(VRPSOCK_A_LINUX_IF);
			}
			if ((rc = fn(arg, &r)) != 0)
				return rc;
		}
	}
	return 0;
}

/* ---- shutdown ----------------------------------------------------------- */

void sockd_store_fini(void)
{
	for (size_t i = 0; i < peers.nb; i++) {
		struct hnode *n = peers.b[i];
		while (n) {
			struct hnode *next = n->next;
			peer_free(HT_ENTRY(n, sockd_peer));
			n = next;
		}
	}
	for (size_t i = 0; i < pbinds.nb; i++) {
		struct hnode *n = pbinds.b[i];
		while (n) {
			struct hnode *next = n->next;
			pbind_free(HT_ENTRY(n, struct pbind));
			n = next;
		}
	}
	for (size_t i = 0; i < groups.nb; i++) {
		struct hnode *n = groups.b[i];
		while (n) {
			struct hnode *next = n->next;
			struct group *g = HT_ENTRY(n, struct group);
			bind_clear(&g->b);
			group_put(g);
			n = next;
		}
	}
	ht_free(&peers);
	ht_free(&pbinds);
	ht_free(&groups);
	ht_free(&scopes);
	ht_free(&strings);
}
