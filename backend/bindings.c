/* The bindings extractor (see bindings.h).  A family's lines are read
 * into indexes of its groups and peers first (a peer's AS may come from a
 * group line after it), then its operations go out.  Names are unquoted
 * as the lexer does; interface names are written canonically ("LoopBack
 * 0" and "loopback0" are LoopBack0); addresses are parsed, so their case
 * does not matter. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/iftype.h"
#include "../parser/lexer.h"
#include "bindings.h"

#define NAME_MAX_BYTES 256
#define IF_MAX 80

typedef struct words {
	lex_line lex;
} words;

/* The words of a line, or 0 when it does not split. */
static int split(words *w, const char *text)
{
	if (!text || lex_split(text, strlen(text), &w->lex, NULL) != LEX_OK)
		return 0;
	return w->lex.ntok;
}

static const char *word(const words *w, int i)
{
	return i < w->lex.ntok ? w->lex.tok[i].text : "";
}

static bool is(const words *w, int i, const char *kw)
{
	return i < w->lex.ntok && !w->lex.tok[i].quoted && strcmp(w->lex.tok[i].text, kw) == 0;
}

/* An AS number: "65001" or "1.10". */
static bool parse_as(const char *s, uint32_t *out)
{
	char *end;
	unsigned long hi = strtoul(s, &end, 10);
	if (end == s)
		return false;
	if (*end == '.') {
		const char *lo_s = end + 1;
		unsigned long lo = strtoul(lo_s, &end, 10);
		if (end == lo_s || *end || hi > 65535 || lo > 65535)
			return false;
		*out = (uint32_t)(hi << 16 | lo);
		return true;
	}
	if (*end || hi > 4294967295ul)
		return false;
	*out = (uint32_t)hi;
	return true;
}

/* The canonical interface name of words i (one word, or type and number),
 * in buf; how many words it took (0: not an interface). */
static int ifname_at(const words *w, int i, char *buf, size_t len)
{
	const struct if_type *t;
	uint32_t n[IF_NUM_MAX];
	if (i >= w->lex.ntok)
		return 0;
	if (iftype_parse_name(word(w, i), &t, n)) {
		iftype_format(t, n, buf, len);
		return 1;
	}
	bool amb;
	const char *ty = word(w, i);
	t = iftype_lookup(ty, strlen(ty), &amb);
	if (t && !amb && i + 1 < w->lex.ntok && iftype_parse_number(t, word(w, i + 1), n) == 0) {
		iftype_format(t, n, buf, len);
		return 2;
	}
	return 0;
}

/* ---- what one address family holds ------------------------------------------ */

typedef struct group {
	char name[NAME_MAX_BYTES];
	bool internal, has_as;
	uint32_t as;
} group;

typedef struct peer {
	struct in6_addr addr;
	bool has_as, has_group;
	uint32_t as;
	char group[NAME_MAX_BYTES];
} peer;

typedef struct ci {
	bool of_group;
	char group[NAME_MAX_BYTES];
	struct in6_addr addr;
	char ifname[IF_MAX];
	bool has_src;
	struct in6_addr src;
} ci;

/* An index from keys (names, addresses) to entries: open addressing over
 * entry numbers + 1. */
typedef struct index {
	uint32_t *slot;
	size_t cap;
} index_t;

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 29);
}

typedef struct family {
	group *g;
	size_t ng, capg;
	peer *p;
	size_t np, capp;
	ci *c;
	size_t nc, capc;
	index_t gi, pi;
} family;

/* The slot of key in ix for entries whose key keyof gives; *found tells
 * whether it holds one.  NULL when the index needs to grow first. */
typedef const void *(*key_fn)(const family *f, uint32_t i, size_t *len);

static const void *group_key(const family *f, uint32_t i, size_t *len)
{
	*len = strlen(f->g[i].name);
	return f->g[i].name;
}

static const void *peer_key(const family *f, uint32_t i, size_t *len)
{
	*len = sizeof f->p[i].addr;
	return &f->p[i].addr;
}

static uint32_t *ix_find(const family *f, const index_t *ix, key_fn kf, const void *key,
			 size_t len)
{
	if (!ix->cap)
		return NULL;
	for (size_t i = hash_bytes(key, len) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
		if (!ix->slot[i])
			return &ix->slot[i];
		size_t kl;
		const void *k = kf(f, ix->slot[i] - 1, &kl);
		if (kl == len && memcmp(k, key, len) == 0)
			return &ix->slot[i];
	}
}

/* Room for n entries (rebuilt from the entries); false when out of memory. */
static bool ix_room(const family *f, index_t *ix, key_fn kf, size_t n)
{
	if ((n + 1) * 2 <= ix->cap)
		return true;
	size_t cap = ix->cap ? ix->cap * 2 : 64;
	while ((n + 1) * 2 > cap)
		cap *= 2;
	uint32_t *slot = calloc(cap, sizeof *slot);
	if (!slot)
		return false;
	free(ix->slot);
	ix->slot = slot;
	ix->cap = cap;
	for (uint32_t i = 0; i < n - 1; i++) { /* the new one is placed by the caller */
		size_t kl;
		const void *k = kf(f, i, &kl);
		*ix_find(f, ix, kf, k, kl) = i + 1;
	}
	return true;
}

static void *grow(void *v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return v;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	void *p = realloc(v, n * elem);
	if (p)
		*cap = n;
	return p;
}

static group *group_get(family *f, const char *name, bool add)
{
	uint32_t *sl = ix_find(f, &f->gi, group_key, name, strlen(name));
	if (sl && *sl)
		return &f->g[*sl - 1];
	if (!add)
		return NULL;
	group *v = grow(f->g, &f->capg, f->ng + 1, sizeof *f->g);
	if (!v)
		return NULL;
	f->g = v;
	group *g = &f->g[f->ng++];
	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", name);
	if (!ix_room(f, &f->gi, group_key, f->ng)) {
		f->ng--;
		return NULL;
	}
	*ix_find(f, &f->gi, group_key, g->name, strlen(g->name)) = (uint32_t)f->ng;
	return g;
}

static peer *peer_get(family *f, const struct in6_addr *a)
{
	uint32_t *sl = ix_find(f, &f->pi, peer_key, a, sizeof *a);
	if (sl && *sl)
		return &f->p[*sl - 1];
	peer *v = grow(f->p, &f->capp, f->np + 1, sizeof *f->p);
	if (!v)
		return NULL;
	f->p = v;
	peer *p = &f->p[f->np++];
	memset(p, 0, sizeof *p);
	p->addr = *a;
	if (!ix_room(f, &f->pi, peer_key, f->np)) {
		f->np--;
		return NULL;
	}
	*ix_find(f, &f->pi, peer_key, a, sizeof *a) = (uint32_t)f->np;
	return p;
}

/* ---- walking the tree ---------------------------------------------------------- */

typedef struct walk {
	cfg_db *db;
	enum cfg_side side;
	vrpsock_bindings_fn fn;
	void *arg;
	words *w;
	/* interfaces bound to VPN instances */
	struct {
		char ifname[IF_MAX];
		char vpn[NAME_MAX_BYTES];
	} *ifs;
	size_t nifs, capifs;
	char cur_if[IF_MAX];
	/* the BGP section being read */
	char inst[NAME_MAX_BYTES];
	char vpn[NAME_MAX_BYTES];
	uint32_t local_as;
	bool have_local_as;
	family f;
	int rc;
	bool oom;
} walk;

static int binding_line(void *arg, cfg_entry *e)
{
	walk *k = arg;
	if (split(k->w, cfg_text(e, k->side)) == 4 && is(k->w, 0, "ip") &&
	    is(k->w, 1, "binding") && is(k->w, 2, "vpn-instance")) {
		void *v = grow(k->ifs, &k->capifs, k->nifs + 1, sizeof *k->ifs);
		if (!v) {
			k->oom = true;
			return 1;
		}
		k->ifs = v;
		snprintf(k->ifs[k->nifs].ifname, IF_MAX, "%s", k->cur_if);
		snprintf(k->ifs[k->nifs].vpn, NAME_MAX_BYTES, "%s", word(k->w, 3));
		k->nifs++;
	}
	return 0;
}

static int interface_sect(void *arg, cfg_entry *e)
{
	walk *k = arg;
	if (!(cfg_flags(e) & CFG_F_SECTION) || split(k->w, cfg_text(e, k->side)) < 2 ||
	    !is(k->w, 0, "interface") || !ifname_at(k->w, 1, k->cur_if, sizeof k->cur_if))
		return 0;
	cfg_foreach_child(k->db, e, k->side, binding_line, k);
	return k->oom;
}

static const char *interface_vpn(const walk *k, const char *ifname)
{
	for (size_t i = 0; i < k->nifs; i++)
		if (strcmp(k->ifs[i].ifname, ifname) == 0)
			return k->ifs[i].vpn;
	return NULL;
}

/* One line of an address family into k->f. */
static int family_line(void *arg, cfg_entry *e)
{
	walk *k = arg;
	family *f = &k->f;
	int n = split(k->w, cfg_text(e, k->side));
	if (n >= 2 && is(k->w, 0, "group")) {
		group *g = group_get(f, word(k->w, 1), true);
		if (!g) {
			k->oom = true;
			return 1;
		}
		g->internal = !is(k->w, 2, "external");
		return 0;
	}
	if (n < 3 || !is(k->w, 0, "peer"))
		return 0;
	struct in6_addr a;
	bool by_addr = inet_pton(AF_INET6, word(k->w, 1), &a) == 1 && !k->w->lex.tok[1].quoted;
	if (is(k->w, 2, "as-number") && n == 4) {
		uint32_t as;
		if (!parse_as(word(k->w, 3), &as))
			return 0;
		if (by_addr) {
			peer *p = peer_get(f, &a);
			if (!p) {
				k->oom = true;
				return 1;
			}
			p->has_as = true;
			p->as = as;
		} else {
			group *g = group_get(f, word(k->w, 1), true);
			if (!g) {
				k->oom = true;
				return 1;
			}
			g->has_as = true;
			g->as = as;
		}
		return 0;
	}
	if (is(k->w, 2, "group") && n == 4 && by_addr) {
		peer *p = peer_get(f, &a);
		if (!p) {
			k->oom = true;
			return 1;
		}
		p->has_group = true;
		snprintf(p->group, sizeof p->group, "%s", word(k->w, 3));
		return 0;
	}
	if (is(k->w, 2, "connect-interface")) {
		ci c;
		memset(&c, 0, sizeof c);
		c.of_group = !by_addr;
		if (by_addr)
			c.addr = a;
		else
			snprintf(c.group, sizeof c.group, "%s", word(k->w, 1));
		int i = 3, used = ifname_at(k->w, i, c.ifname, sizeof c.ifname);
		i += used;
		if (i < n && inet_pton(AF_INET6, word(k->w, i), &c.src) == 1) {
			c.has_src = true;
			i++;
		}
		if (i != n || (!used && !c.has_src))
			return 0; /* not a form the shell writes */
		void *v = grow(f->c, &f->capc, f->nc + 1, sizeof *f->c);
		if (!v) {
			k->oom = true;
			return 1;
		}
		f->c = v;
		f->c[f->nc++] = c;
	}
	return 0;
}

static void scope(const walk *k, vrpsock_op *op)
{
	op->vpn = k->vpn;
	op->have |= VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE);
	if (k->inst[0]) {
		op->inst = k->inst;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE);
	}
}

static int emit_family(walk *k)
{
	family *f = &k->f;
	for (size_t i = 0; i < f->nc; i++) {
		const ci *c = &f->c[i];
		vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET };
		scope(k, &op);
		if (c->of_group) {
			op.group = c->group;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
		} else {
			op.peer = c->addr;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
		}
		if (c->ifname[0]) {
			op.ifname = c->ifname;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_IFNAME);
			const char *v = interface_vpn(k, c->ifname);
			if (v) {
				op.if_vpn = v;
				op.have |= VRPSOCK_HAVE(VRPSOCK_A_IF_VPN);
			}
		}
		if (c->has_src) {
			op.source = c->src;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_SOURCE);
		}
		int rc = k->fn(k->arg, &op);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < f->np; i++) {
		const peer *p = &f->p[i];
		if (!p->has_as && !p->has_group)
			continue;
		vrpsock_op op = { .type = VRPSOCK_MSG_PEER_SET };
		scope(k, &op);
		op.peer = p->addr;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
		if (p->has_group) {
			op.group = p->group;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
		}
		if (p->has_as) {
			op.as = p->as;
		} else {
			const group *g = group_get(f, p->group, false);
			if (g && g->has_as)
				op.as = g->as;
			else if (g && g->internal && k->have_local_as)
				op.as = k->local_as;
		}
		if (op.as)
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_AS);
		int rc = k->fn(k->arg, &op);
		if (rc)
			return rc;
	}
	return 0;
}

static int family_sect(void *arg, cfg_entry *e)
{
	walk *k = arg;
	if (!(cfg_flags(e) & CFG_F_SECTION) || split(k->w, cfg_text(e, k->side)) != 3 ||
	    !is(k->w, 0, "ipv6-family") || !is(k->w, 1, "vpn-instance"))
		return 0;
	snprintf(k->vpn, sizeof k->vpn, "%s", word(k->w, 2));
	k->f.ng = k->f.np = k->f.nc = 0;
	if (k->f.gi.cap)
		memset(k->f.gi.slot, 0, k->f.gi.cap * sizeof *k->f.gi.slot);
	if (k->f.pi.cap)
		memset(k->f.pi.slot, 0, k->f.pi.cap * sizeof *k->f.pi.slot);
	cfg_foreach_child(k->db, e, k->side, family_line, k);
	if (k->oom)
		return 1;
	k->rc = emit_family(k);
	return k->rc;
}

static int bgp_sect(void *arg, cfg_entry *e)
{
	walk *k = arg;
	int n;
	if (!(cfg_flags(e) & CFG_F_SECTION) || (n = split(k->w, cfg_text(e, k->side))) < 2 ||
	    !is(k->w, 0, "bgp"))
		return 0;
	k->have_local_as = parse_as(word(k->w, 1), &k->local_as);
	k->inst[0] = '\0';
	if (n == 4 && is(k->w, 2, "instance"))
		snprintf(k->inst, sizeof k->inst, "%s", word(k->w, 3));
	else if (n != 2)
		return 0;
	cfg_foreach_child(k->db, e, k->side, family_sect, k);
	return k->oom || k->rc;
}

int vrpsock_bindings(cfg_db *db, enum cfg_side side, vrpsock_bindings_fn fn, void *arg)
{
	walk *k = calloc(1, sizeof *k);
	words *w = malloc(sizeof *w);
	if (!k || !w) {
		free(k);
		free(w);
		return -1;
	}
	k->db = db;
	k->side = side;
	k->fn = fn;
	k->arg = arg;
	k->w = w;
	cfg_foreach_child(db, cfg_root(db), side, interface_sect, k);
	if (!k->oom)
		cfg_foreach_child(db, cfg_root(db), side, bgp_sect, k);
	int rc = k->oom ? -1 : k->rc;
	free(k->ifs);
	free(k->f.g);
	free(k->f.p);
	free(k->f.c);
	free(k->f.gi.slot);
	free(k->f.pi.slot);
	free(k);
	free(w);
	return rc;
}
