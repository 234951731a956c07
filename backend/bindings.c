/* The bindings extractor (see bindings.h).
 *
 * First the interfaces bound to VPN instances are indexed; then each
 * section that defines peers is read line by line: a connect-interface
 * line goes out at once, groups and peers are indexed (a peer's AS may
 * come from a group line after it) and go out when the section is done.
 * Words are read with the parameter types of the command rows
 * (parser/ptype.h): names unquoted as the lexer does, addresses parsed,
 * interface names canonical ("LoopBack 0" and "loopback0" are LoopBack0). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/iftype.h"
#include "../parser/ptype.h"
#include "bgpconf.h"
#include "bindings.h"

#define GROUP_BYTES (VRPSOCK_BYTES(VRPSOCK_GROUP_CHARS) + 1)
#define VPN_BYTES (VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1)
#define IF_BYTES (VRPSOCK_IFNAME_CHARS + 1) /* printable ASCII */

/* ---- tables: entries in reading order, hashed by a key ------------------ */

typedef struct table {
	char *v;            /* n entries of elem bytes */
	size_t elem, n, cap;
	size_t keyoff;      /* the key: bytes at keyoff of an entry, */
	size_t keylen;      /* keylen of them, or a NUL-terminated string when 0 */
	uint32_t *slot;     /* entry number + 1; 0 = free */
	size_t nslot;
} table;

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

static void *entry(const table *t, size_t i)
{
	return t->v + i * t->elem;
}

static size_t key_len(const table *t, const void *key)
{
	return t->keylen ? t->keylen : strlen(key);
}

/* The slot that holds key, or the free slot where it would go. */
static uint32_t *slot_of(const table *t, const void *key)
{
	size_t len = key_len(t, key), mask = t->nslot - 1;
	for (size_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
		if (!t->slot[i])
			return &t->slot[i];
		const char *k = (const char *)entry(t, t->slot[i] - 1) + t->keyoff;
		if (key_len(t, k) == len && memcmp(k, key, len) == 0)
			return &t->slot[i];
	}
}

static void *tab_find(const table *t, const void *key)
{
	if (!t->nslot)
		return NULL;
	uint32_t s = *slot_of(t, key);
	return s ? entry(t, s - 1) : NULL;
}

static bool tab_rehash(table *t, size_t nslot)
{
	uint32_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return false;
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	for (size_t i = 0; i < t->n; i++)
		*slot_of(t, (const char *)entry(t, i) + t->keyoff) = (uint32_t)i + 1;
	return true;
}

/* The entry of key, added (zeroed, with its key) when missing; NULL when
 * out of memory. */
static void *tab_get(table *t, const void *key)
{
	void *e = tab_find(t, key);
	if (e)
		return e;
	if (2 * (t->n + 1) > t->nslot && !tab_rehash(t, t->nslot ? 2 * t->nslot : 64))
		return NULL;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char *v = realloc(t->v, cap * t->elem);
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	e = entry(t, t->n);
	memset(e, 0, t->elem);
	memcpy((char *)e + t->keyoff, key, key_len(t, key) + (t->keylen ? 0 : 1));
	*slot_of(t, key) = (uint32_t)++t->n;
	return e;
}

static void tab_clear(table *t)
{
	t->n = 0;
	if (t->nslot)
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
}

static void tab_free(table *t)
{
	free(t->v);
	free(t->slot);
}

/* ---- what a section holds ------------------------------------------------- */

typedef struct group {
	char name[GROUP_BYTES];
	bool has_line, internal; /* its `group` line, and its type */
	uint32_t as;             /* 0 = none */
} group;

typedef struct peer {
	struct in6_addr addr;    /* IPv4 mapped */
	uint32_t as;             /* 0 = none */
	bool has_group;
	char group[GROUP_BYTES];
} peer;

typedef struct ifvpn {
	char ifname[IF_BYTES];
	char vpn[VPN_BYTES];
} ifvpn;

/* ---- reading words ---------------------------------------------------------- */

/* An IPv4 (held mapped) or IPv6 address; only of family fam when it is
 * not 0. */
static bool addr_at(const lex_line *l, int i, uint8_t fam, struct in6_addr *a)
{
	parser_value v;

	if (i >= l->ntok)
		return false;
	if (fam != VRPSOCK_FAM_IPV6 && ptype_parse(&pt_ipv4, &l->tok[i], NULL, &v)) {
		memset(a, 0, sizeof *a);
		a->s6_addr[10] = a->s6_addr[11] = 0xff;
		memcpy(a->s6_addr + 12, &v.v4, 4);
		return true;
	}
	if (fam != VRPSOCK_FAM_IPV4 && ptype_parse(&pt_ipv6, &l->tok[i], NULL, &v)) {
		*a = v.v6;
		return true;
	}
	return false;
}

/* The canonical interface name at word i (one word, or type and number)
 * into buf; how many words it took (0: none). */
static int ifname_at(const lex_line *l, int i, char *buf, size_t cap)
{
	parser_value v;
	uint32_t num[IF_NUM_MAX];

	if (i >= l->ntok)
		return 0;
	if (ptype_parse(&pt_ifname, &l->tok[i], NULL, &v)) {
		iftype_format(v.ifn.ift, v.ifn.n, buf, cap);
		return 1;
	}
	if (i + 1 < l->ntok && ptype_parse(&pt_iftype, &l->tok[i], NULL, &v) &&
	    iftype_parse_number(v.ift, l->tok[i + 1].text, num) > 0) {
		iftype_format(v.ift, num, buf, cap);
		return 2;
	}
	return 0;
}

/* ---- walking the tree --------------------------------------------------------- */

typedef struct walk {
	cfg_db *db;
	enum cfg_side side;
	vrpsock_bindings_fn fn;
	void *arg;
	lex_line *lex;
	table ifs;          /* ifvpn by interface name */
	char cur_if[IF_BYTES];
	vrpsock_scope sc;   /* of the section being read */
	table groups;       /* group by name */
	table peers;        /* peer by address */
	int rc;             /* fn's value, or -1 when out of memory */
} walk;

static int stop(walk *k, int rc)
{
	k->rc = rc;
	return rc;
}

static int if_line(void *arg, cfg_entry *e)
{
	walk *k = arg;
	const char *vpn = vrpsock_if_vpn(cfg_text(e, k->side), k->lex);
	if (!vpn)
		return 0;
	ifvpn *iv = tab_get(&k->ifs, k->cur_if);
	if (!iv)
		return stop(k, -1);
	vrpsock_name_copy(VRPSOCK_A_IF_VPN, vpn, iv->vpn, sizeof iv->vpn);
	return 1; /* an interface has one */
}

static int if_sect(void *arg, cfg_entry *e)
{
	walk *k = arg;
	const char *t = cfg_text(e, k->side);
	lex_line *l = k->lex;

	if (!(cfg_flags(e) & CFG_F_SECTION) || !t || strncmp(t, "interface ", 10) != 0 ||
	    lex_split(t, strlen(t), l, NULL) != LEX_OK || !vrpsock_word_is(l, 0, "interface") ||
	    ifname_at(l, 1, k->cur_if, sizeof k->cur_if) + 1 != l->ntok)
		return 0;
	if (tab_find(&k->ifs, k->cur_if))
		return 0;
	cfg_foreach_child(k->db, e, k->side, if_line, k);
	return k->rc;
}

/* "peer W connect-interface ...": its BINDING_SET, at once. */
static int ci_line(walk *k, bool by_addr, const struct in6_addr *a, const char *g)
{
	const lex_line *l = k->lex;
	char ifname[IF_BYTES] = "";
	vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET };
	int i = 3, used = ifname_at(l, i, ifname, sizeof ifname);

	i += used;
	if (i < l->ntok && addr_at(l, i, 0, &op.source)) {
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_SOURCE);
		i++;
	}
	if (i != l->ntok || (!used && !(op.have & VRPSOCK_HAVE(VRPSOCK_A_SOURCE))))
		return 0; /* not a form the shell writes */
	vrpsock_scope_put(&k->sc, &op);
	if (by_addr) {
		op.peer = *a;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
	} else {
		op.group = g;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
	}
	if (used) {
		op.ifname = ifname;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_IFNAME);
		const ifvpn *iv = tab_find(&k->ifs, ifname);
		if (iv && iv->vpn[0]) {
			op.if_vpn = iv->vpn;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_IF_VPN);
		}
	}
	int rc = k->fn(k->arg, &op);
	return rc ? stop(k, rc) : 0;
}

/* One line of a section that defines peers. */
static int peer_line(void *arg, cfg_entry *e)
{
	walk *k = arg;
	const char *t = cfg_text(e, k->side);
	lex_line *l = k->lex;
	char name[GROUP_BYTES];
	struct in6_addr a;
	parser_value v;

	if (!t || (strncmp(t, "peer ", 5) != 0 && strncmp(t, "group ", 6) != 0) ||
	    lex_split(t, strlen(t), l, NULL) != LEX_OK || l->ntok < 2)
		return 0;
	if (vrpsock_word_is(l, 0, "group")) {
		/* group G [ internal | external ] */
		if (l->ntok > 3 || (l->ntok == 3 && !vrpsock_word_is(l, 2, "internal") &&
				    !vrpsock_word_is(l, 2, "external")) ||
		    !vrpsock_name_copy(VRPSOCK_A_GROUP, l->tok[1].text, name, sizeof name))
			return 0;
		group *g = tab_get(&k->groups, name);
		if (!g)
			return stop(k, -1);
		g->has_line = true;
		g->internal = !vrpsock_word_is(l, 2, "external");
		return 0;
	}
	if (!vrpsock_word_is(l, 0, "peer") || l->ntok < 3)
		return 0;
	/* In a family's view the command rows read an address of the other
	 * family as a group's name. */
	bool by_addr = addr_at(l, 1, k->sc.fam, &a);
	if (!by_addr && !vrpsock_name_copy(VRPSOCK_A_GROUP, l->tok[1].text, name, sizeof name))
		return 0;
	if (vrpsock_word_is(l, 2, "connect-interface"))
		return ci_line(k, by_addr, &a, name);
	if (l->ntok != 4)
		return 0;
	if (vrpsock_word_is(l, 2, "as-number")) {
		if (!ptype_parse(&pt_asn, &l->tok[3], NULL, &v))
			return 0;
		if (by_addr) {
			peer *p = tab_get(&k->peers, &a);
			if (!p)
				return stop(k, -1);
			p->as = (uint32_t)v.u;
		} else {
			group *g = tab_get(&k->groups, name);
			if (!g)
				return stop(k, -1);
			g->as = (uint32_t)v.u;
		}
		return 0;
	}
	if (vrpsock_word_is(l, 2, "group") && by_addr) {
		char gname[GROUP_BYTES];
		if (!vrpsock_name_copy(VRPSOCK_A_GROUP, l->tok[3].text, gname, sizeof gname))
			return 0;
		peer *p = tab_get(&k->peers, &a);
		if (!p)
			return stop(k, -1);
		p->has_group = true;
		memcpy(p->group, gname, sizeof gname);
	}
	return 0;
}

/* The section's peers, once its lines are read. */
static int emit_peers(walk *k)
{
	for (size_t i = 0; i < k->peers.n; i++) {
		const peer *p = entry(&k->peers, i);
		const group *g = p->has_group ? tab_find(&k->groups, p->group) : NULL;
		vrpsock_op op = { .type = VRPSOCK_MSG_PEER_SET };

		vrpsock_scope_put(&k->sc, &op);
		op.peer = p->addr;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
		if (p->has_group) {
			op.group = p->group;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
		}
		op.as = vrpsock_peer_as(p->as, g ? g->as : 0, g && g->has_line && g->internal,
					k->sc.local_as);
		if (op.as)
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_AS);
		int rc = k->fn(k->arg, &op);
		if (rc)
			return stop(k, rc);
	}
	return 0;
}

/* Read one section whose scope is k->sc. */
static int read_sect(walk *k, cfg_entry *sect)
{
	tab_clear(&k->groups);
	tab_clear(&k->peers);
	cfg_foreach_child(k->db, sect, k->side, peer_line, k);
	return k->rc ? k->rc : emit_peers(k);
}

struct proc {
	walk *k;
	const char *text;   /* the process's line */
};

static int child_sect(void *arg, cfg_entry *e)
{
	struct proc *p = arg;
	walk *k = p->k;
	const char *t = cfg_text(e, k->side);

	if (!(cfg_flags(e) & CFG_F_SECTION) || !t ||
	    vrpsock_scope_read(p->text, t, k->lex, &k->sc) == VRPSOCK_SECT_NONE)
		return 0;
	return read_sect(k, e);
}

static int top_sect(void *arg, cfg_entry *e)
{
	walk *k = arg;
	const char *t = cfg_text(e, k->side);

	if (!t || vrpsock_scope_read(t, NULL, k->lex, &k->sc) == VRPSOCK_SECT_NONE)
		return 0;
	if (read_sect(k, e))
		return k->rc;
	struct proc p = { k, t };
	cfg_foreach_child(k->db, e, k->side, child_sect, &p);
	return k->rc;
}

int vrpsock_bindings(cfg_db *db, enum cfg_side side, vrpsock_bindings_fn fn, void *arg)
{
	walk *k = calloc(1, sizeof *k);
	lex_line *lex = malloc(sizeof *lex);
	if (!k || !lex) {
		free(k);
		free(lex);
		return -1;
	}
	k->db = db;
	k->side = side;
	k->fn = fn;
	k->arg = arg;
	k->lex = lex;
	k->ifs = (table){ .elem = sizeof(ifvpn), .keyoff = offsetof(ifvpn, ifname) };
	k->groups = (table){ .elem = sizeof(group), .keyoff = offsetof(group, name) };
	k->peers = (table){ .elem = sizeof(peer), .keyoff = offsetof(peer, addr),
			    .keylen = sizeof(struct in6_addr) };
	cfg_foreach_child(db, cfg_root(db), side, if_sect, k);
	if (!k->rc)
		cfg_foreach_child(db, cfg_root(db), side, top_sect, k);
	int rc = k->rc;
	tab_free(&k->ifs);
	tab_free(&k->groups);
	tab_free(&k->peers);
	free(k);
	free(lex);
	return rc;
}
