/* Pushing committed BGP bindings and peers to vrp-sockd (bgp_backend.h).
 *
 * Lines are read by matching them again against the BGP command graphs
 * (of the view of their section), so their parameters come typed and
 * unquoted, exactly as the command handlers saw them; which command a
 * line is comes from its row's handler.
 *
 * The sections that define peers are the BGP view and the multi-instance
 * view (the public network), the BGP-VPN instance views and the VPN
 * instances' address families; each is one scope for the daemon: BGP
 * instance, VPN instance, address family.  Which sections those are, their
 * scopes, the VPN instance of an interface and the AS number a peer gets
 * come from ../backend/bgpconf.h, shared with the daemon's own reading of
 * a configuration (../backend/bindings.h).  Enables, kept by the address
 * families, open no session and are not sent.
 *
 * A commit's changes become a set of keys, each sent once with its state
 * in the candidate (the state running is about to take): a binding (a
 * connect-interface line) is set or deleted; a peer is set with its group
 * and AS number, or deleted when neither line is left.  A group's AS
 * number stands for its members that have none, so changing it touches
 * them; binding an interface to a VPN instance touches the bindings that
 * name the interface. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backend/bgpconf.h"
#include "../parser/iftype.h"
#include "../parser/lexer.h"
#include "../store/flags.h"
#include "bgp.h"
#include "bgp_backend.h"
#include "params.h"
#include "state.h"

#define NAME_BYTES VRPSOCK_BYTES(VRPSOCK_GROUP_CHARS)

/* ---- reading lines ------------------------------------------------------ */

struct reader {
	const view_set *vs;
	lex_line lex;
	parser_match m;
	/* scope of the last section asked about that defines peers */
	const cfg_entry *sc_sect;
	view_id sc_view;   /* the view its lines are read in */
	vrpsock_scope sc;
	const cfg_entry *no_sect; /* the last one asked about that does not */
	/* VPN instance of the last interface asked about */
	char if_name[80];
	bool if_bound;
	char if_vpn[VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1];
};

enum line_kind { L_OTHER, L_CI, L_AS, L_MEMBER, L_GROUP };

struct line {
	enum line_kind kind;
	bool of_group;                 /* the line is about a group (else a peer) */
	char group[NAME_BYTES + 1];    /* the group it is about, or L_MEMBER's group */
	struct in6_addr addr;          /* the peer it is about (IPv4 mapped) */
	char ifname[80];               /* L_CI */
	bool has_src;
	struct in6_addr src;
	uint32_t as;                   /* L_AS */
	bool internal;                 /* L_GROUP */
};

static const parser_value *arg(const parser_match *m, const char *name)
{
	return parser_arg_get(m, name);
}

static bool match(struct reader *r, view_id v, const char *text)
{
	size_t len = strlen(text);

	if (lex_split(text, len, &r->lex, NULL) != LEX_OK)
		return false;
	return view_set_match(r->vs, v, &r->lex, LEVEL_MANAGE, &r->m) == PM_OK && r->m.cmd;
}

static view_handler handler_of(const parser_match *m)
{
	const view_cmd *vc = cmdset_hand_row(m);
	return vc ? vc->fn : NULL;
}

static void copy(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strnlen(s, cap - 1) : 0;
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

static void mapped(struct in_addr a, struct in6_addr *out)
{
	memset(out, 0, sizeof *out);
	out->s6_addr[10] = out->s6_addr[11] = 0xff;
	memcpy(out->s6_addr + 12, &a, 4);
}

/* The source address of a connect-interface line (the group form of the
 * BGP-VPN instance view names it ipv4-address). */
static bool read_source(const parser_match *m, bool group, struct in6_addr *src)
{
	static const char *const v4[] = { "ipv4-source-addr", "ipv4-source-address" };
	static const char *const v6[] = { "ipv6-source-addr", "ipv6-source-address" };
	const parser_value *v;

	for (size_t i = 0; i < 2; i++)
		if ((v = arg(m, v4[i])) != NULL) {
			mapped(v->v4, src);
			return true;
		}
	if (group && (v = arg(m, "ipv4-address")) != NULL) {
		mapped(v->v4, src);
		return true;
	}
	for (size_t i = 0; i < 2; i++)
		if ((v = arg(m, v6[i])) != NULL) {
			*src = v->v6;
			return true;
		}
	return false;
}

/* Read a line of a section of view v. */
static bool read_line(struct reader *r, view_id v, const char *text, struct line *l)
{
	memset(l, 0, sizeof *l);
	if (!text || !match(r, v, text))
		return false;
	const parser_match *m = &r->m;
	view_handler fn = handler_of(m);
	const parser_value *g = arg(m, "group-name");
	const parser_value *a4 = arg(m, "ipv4-address");
	const parser_value *a6 = arg(m, "ipv6-address");

	if (!a6)
		a6 = arg(m, "peerIpv6Addr");
	if (fn == view_bgp_group) {
		l->kind = L_GROUP;
		copy(l->group, sizeof l->group, g ? g->str : NULL);
		l->of_group = true;
		l->internal = !parser_kw(m, "external");
		return g != NULL;
	}
	if (g && fn != view_bgp_peer_group) {
		l->of_group = true;
		copy(l->group, sizeof l->group, g->str);
	} else if (a4) {
		mapped(a4->v4, &l->addr);
	} else if (a6) {
		l->addr = a6->v6;
	} else {
		return false;
	}
	if (fn == view_bgp_peer_ci) {
		const parser_value *ifn = arg(m, "interface-name");
		const parser_value *ift = arg(m, "interface-type");
		const parser_value *num = arg(m, "interface-number");
		if (ifn)
			copy(l->ifname, sizeof l->ifname, ifn->canon);
		else if (ift && num)
			iftype_format(ift->ift, num->ifn.n, l->ifname, sizeof l->ifname);
		l->has_src = read_source(m, l->of_group, &l->src);
		l->kind = L_CI;
		return true;
	}
	if (fn == view_bgp_peer_as) {
		const parser_value *as = arg(m, "as-number");
		if (!as)
			return false;
		l->as = (uint32_t)as->u;
		l->kind = L_AS;
		return true;
	}
	if (fn == view_bgp_peer_group) {
		/* "peer X group G": the peer is X, its group G. */
		if (!g)
			return false;
		copy(l->group, sizeof l->group, g->str);
		l->kind = L_MEMBER;
		return true;
	}
	l->kind = L_OTHER;
	return true;
}

static const char *text_of(const cfg_entry *e)
{
	const char *t = cfg_text(e, CFG_CANDIDATE);
	return t ? t : cfg_text(e, CFG_RUNNING);
}

static bool starts(const char *t, const char *prefix)
{
	return t && strncmp(t, prefix, strlen(prefix)) == 0;
}

/* The view that reads the lines of a section of kind k. */
static bool sect_view(enum vrpsock_sect k, view_id *v)
{
	switch (k) {
	case VRPSOCK_SECT_PROC:
		*v = VIEW_BGP;
		return true;
	case VRPSOCK_SECT_INST:
		*v = VIEW_BGP_INST;
		return true;
	case VRPSOCK_SECT_VPNI:
		*v = VIEW_BGP_VPNI;
		return true;
	case VRPSOCK_SECT_VPN4:
		*v = VIEW_BGP_VPN4;
		return true;
	case VRPSOCK_SECT_VPN6:
		*v = VIEW_BGP_VPN6;
		return true;
	default:
		return false;
	}
}

/* Does sect define peers?  Its scope (BGP instance, VPN instance, family)
 * into r->sc, and the view that reads its lines into r->sc_view. */
static bool read_scope(struct reader *r, const cfg_entry *sect)
{
	/* (The changes of a commit alternate between a section that defines
	 * peers and one that does not, such as its family's enables.) */
	if (sect == r->sc_sect)
		return true;
	if (sect == r->no_sect)
		return false;
	int d = cfg_depth(sect);
	const cfg_entry *proc = d == 2 ? cfg_parent(sect) : sect;
	vrpsock_scope sc;
	view_id v;
	if ((d == 1 || d == 2) &&
	    sect_view(vrpsock_scope_read(text_of(proc), d == 2 ? text_of(sect) : NULL, &r->lex, &sc),
		      &v)) {
		r->sc_sect = sect;
		r->sc_view = v;
		r->sc = sc;
		return true;
	}
	r->no_sect = sect;
	return false;
}

struct binding_find {
	struct reader *r;
	enum cfg_side side;
	bool found;
};

static int binding_visit(void *arg, cfg_entry *e)
{
	struct binding_find *f = arg;
	const char *vpn = vrpsock_if_vpn(cfg_text(e, f->side), &f->r->lex);

	if (!vpn)
		return 0;
	copy(f->r->if_vpn, sizeof f->r->if_vpn, vpn);
	f->found = true;
	return 1;
}

/* The VPN instance interface ifname is bound to on `side`; NULL = none. */
static const char *interface_vpn(struct reader *r, cfg_db *db, const char *ifname,
				 enum cfg_side side)
{
	char id[96];

	if (strcmp(ifname, r->if_name) == 0)
		return r->if_bound ? r->if_vpn : NULL;
	copy(r->if_name, sizeof r->if_name, ifname);
	r->if_bound = false;
	int n = snprintf(id, sizeof id, "interface %s", ifname);
	cfg_entry *ifs = n > 0 && (size_t)n < sizeof id
				 ? cfg_get(db, cfg_root(db), id, (size_t)n, side)
				 : NULL;
	if (!ifs)
		return NULL;
	/* An interface holds a handful of lines. */
	struct binding_find f = { r, side, false };
	cfg_foreach_child(db, ifs, side, binding_visit, &f);
	r->if_bound = f.found;
	return f.found ? r->if_vpn : NULL;
}

/* ---- operations ---------------------------------------------------------- */

static void op_scope(const struct reader *r, vrpsock_op *op)
{
	vrpsock_scope_put(&r->sc, op);
}

static void op_key(const struct line *l, vrpsock_op *op)
{
	if (l->of_group) {
		op->group = l->group;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
	} else {
		op->peer = l->addr;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
	}
}

/* BINDING_SET from a connect-interface line present on `side`. */
static int emit_binding(struct reader *r, cfg_db *db, const struct line *l, enum cfg_side side,
			bgp_backend_emit_fn fn, void *arg)
{
	vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_SET };

	op_scope(r, &op);
	op_key(l, &op);
	if (l->ifname[0]) {
		op.ifname = l->ifname;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_IFNAME);
		const char *v = interface_vpn(r, db, l->ifname, side);
		if (v) {
			op.if_vpn = v;
			op.have |= VRPSOCK_HAVE(VRPSOCK_A_IF_VPN);
		}
	}
	if (l->has_src) {
		op.source = l->src;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_SOURCE);
	}
	return fn(arg, &op);
}

/* The name of a peer as lines write it. */
static void peer_name(const struct in6_addr *a, char *buf, size_t len)
{
	if (!IN6_IS_ADDR_V4MAPPED(a)) {
		view_param_ipv6(a, buf, len);
		return;
	}
	/* dotted quad (no printf: once per peer of a commit) */
	char t[16];
	size_t n = 0;
	for (int i = 12; i < 16; i++) {
		unsigned v = a->s6_addr[i];
		if (v >= 100)
			t[n++] = (char)('0' + v / 100);
		if (v >= 10)
			t[n++] = (char)('0' + v / 10 % 10);
		t[n++] = (char)('0' + v % 10);
		t[n++] = i < 15 ? '.' : '\0';
	}
	if (len) {
		n = strnlen(t, len - 1);
		memcpy(buf, t, n);
		buf[n] = '\0';
	}
}

/* The line "peer NAME WORD" of sect on side, read into l. */
static bool peer_line(struct reader *r, cfg_db *db, cfg_entry *sect, const char *name,
		      const char *word, enum cfg_side side, struct line *l)
{
	char id[VIEW_NAME_MAX + 32];
	size_t nl = strlen(name), wl = strlen(word);
	if (5 + nl + 1 + wl >= sizeof id)
		return false;
	/* (thousands of times in a large commit: no printf) */
	memcpy(id, "peer ", 5);
	memcpy(id + 5, name, nl);
	id[5 + nl] = ' ';
	memcpy(id + 6 + nl, word, wl + 1);
	cfg_entry *e = cfg_get(db, sect, id, 6 + nl + wl, side);
	return e && read_line(r, r->sc_view, cfg_text(e, side), l);
}

/* PEER_SET for peer addr of sect on side, or PEER_DEL (when del_ok) if it
 * is gone; nothing when it does not exist and del_ok is false.  as, when
 * not NULL, is the AS number of the peer's own line on side (read
 * already). */
static int emit_peer(struct reader *r, cfg_db *db, cfg_entry *sect, const struct in6_addr *addr,
		     const uint32_t *as, enum cfg_side side, bool del_ok, bgp_backend_emit_fn fn,
		     void *arg)
{
	char name[INET6_ADDRSTRLEN];
	struct line own, mem, gas, grp;
	vrpsock_op op = { .type = VRPSOCK_MSG_PEER_SET };

	peer_name(addr, name, sizeof name);
	bool has_as = as != NULL;
	if (as)
		own.as = *as;
	else
		has_as = peer_line(r, db, sect, name, "as-number", side, &own);
	bool has_mem = peer_line(r, db, sect, name, "group", side, &mem);
	op_scope(r, &op);
	op.peer = *addr;
	op.have |= VRPSOCK_HAVE(VRPSOCK_A_PEER);
	if (!has_as && !has_mem) {
		if (!del_ok)
			return 0;
		op.type = VRPSOCK_MSG_PEER_DEL;
		return fn(arg, &op);
	}
	if (has_mem) {
		op.group = mem.group;
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_GROUP);
	}
	uint32_t group_as = 0;
	bool internal = false;
	if (!has_as) {
		char q[VIEW_NAME_MAX];
		char gid[VIEW_NAME_MAX + 8];
		if (view_param_quote(mem.group, q, sizeof q) == 0)
			return fn(arg, &op);
		if (peer_line(r, db, sect, q, "as-number", side, &gas)) {
			group_as = gas.as;
		} else {
			int n = snprintf(gid, sizeof gid, "group %s", q);
			cfg_entry *ge = cfg_get(db, sect, gid, (size_t)n, side);
			internal = ge && read_line(r, r->sc_view, cfg_text(ge, side), &grp) &&
				   grp.kind == L_GROUP && grp.internal;
		}
	}
	op.as = vrpsock_peer_as(has_as ? own.as : 0, group_as, internal, r->sc.local_as);
	if (op.as)
		op.have |= VRPSOCK_HAVE(VRPSOCK_A_AS);
	return fn(arg, &op);
}

static struct reader *reader_new(const view_set *vs)
{
	struct reader *r = calloc(1, sizeof *r);
	if (r)
		r->vs = vs;
	return r;
}


/* ---- the whole configuration ---------------------------------------------- */

struct walk {
	struct reader *r;
	cfg_db *db;
	enum cfg_side side;
	bgp_backend_emit_fn fn;
	void *arg;
	cfg_entry *sect;
};

static int line_visit(void *arg, cfg_entry *e)
{
	struct walk *w = arg;
	struct line l;
	const char *t = cfg_text(e, w->side);

	if (!starts(t, "peer ") || !read_line(w->r, w->r->sc_view, t, &l))
		return 0;
	if (l.kind == L_CI)
		return emit_binding(w->r, w->db, &l, w->side, w->fn, w->arg);
	/* A peer once: at its AS line, or at its group line when it has no
	 * AS line of its own. */
	if (l.of_group || (l.kind != L_AS && l.kind != L_MEMBER))
		return 0;
	if (l.kind == L_MEMBER) {
		char name[INET6_ADDRSTRLEN], id[INET6_ADDRSTRLEN + 24];
		peer_name(&l.addr, name, sizeof name);
		int n = snprintf(id, sizeof id, "peer %s as-number", name);
		if (cfg_get(w->db, w->sect, id, (size_t)n, w->side))
			return 0;
	}
	struct in6_addr a = l.addr;
	uint32_t as = l.as;
	return emit_peer(w->r, w->db, w->sect, &a, l.kind == L_AS ? &as : NULL, w->side, false,
			 w->fn, w->arg);
}

static int sect_lines(struct walk *w, cfg_entry *sect)
{
	if (!read_scope(w->r, sect))
		return 0;
	w->sect = sect;
	return cfg_foreach_child(w->db, sect, w->side, line_visit, w);
}

static int sect_visit(void *arg, cfg_entry *e)
{
	if (!(cfg_flags(e) & CFG_F_SECTION))
		return 0;
	return sect_lines(arg, e);
}

static int bgp_visit(void *arg, cfg_entry *e)
{
	struct walk *w = arg;
	if (!starts(cfg_text(e, w->side), "bgp "))
		return 0;
	int rc = sect_lines(w, e);
	return rc ? rc : cfg_foreach_child(w->db, e, w->side, sect_visit, w);
}

int bgp_backend_collect(cfg_db *db, const view_set *vs, enum cfg_side side,
			bgp_backend_emit_fn fn, void *arg)
{
	struct reader *r = reader_new(vs);
	if (!r)
		return -1;
	struct walk w = { r, db, side, fn, arg, NULL };
	int rc = cfg_foreach_child(db, cfg_root(db), side, bgp_visit, &w);
	free(r);
	return rc;
}

struct gwalk {
	struct walk w;
	bgp_backend_group_fn fn;
	void *arg;
};

static int group_visit(void *arg, cfg_entry *e)
{
	struct gwalk *g = arg;
	struct reader *r = g->w.r;
	struct line l, as;
	const char *t = cfg_text(e, g->w.side);
	char q[VIEW_NAME_MAX];

	if (!starts(t, "group ") || !read_line(r, r->sc_view, t, &l) || l.kind != L_GROUP)
		return 0;
	bgp_backend_group bg = { r->sc.inst, r->sc.vpn, r->sc.fam, l.group, l.internal, 0 };
	bool has_as = view_param_quote(l.group, q, sizeof q) &&
		      peer_line(r, g->w.db, g->w.sect, q, "as-number", g->w.side, &as);
	/* what a member without an AS number of its own gets */
	bg.as = vrpsock_peer_as(0, has_as ? as.as : 0, l.internal, r->sc.local_as);
	return g->fn(g->arg, &bg);
}

static int gsect_lines(struct gwalk *g, cfg_entry *sect)
{
	if (!read_scope(g->w.r, sect))
		return 0;
	g->w.sect = sect;
	return cfg_foreach_child(g->w.db, sect, g->w.side, group_visit, g);
}

static int gsect_visit(void *arg, cfg_entry *e)
{
	if (!(cfg_flags(e) & CFG_F_SECTION))
		return 0;
	return gsect_lines(arg, e);
}

static int gbgp_visit(void *arg, cfg_entry *e)
{
	struct gwalk *g = arg;
	if (!starts(cfg_text(e, g->w.side), "bgp "))
		return 0;
	int rc = gsect_lines(g, e);
	return rc ? rc : cfg_foreach_child(g->w.db, e, g->w.side, gsect_visit, g);
}

int bgp_backend_groups(cfg_db *db, const view_set *vs, enum cfg_side side,
		       bgp_backend_group_fn fn, void *arg)
{
	struct reader *r = reader_new(vs);
	if (!r)
		return -1;
	struct gwalk g = { { r, db, side, NULL, NULL, NULL }, fn, arg };
	int rc = cfg_foreach_child(db, cfg_root(db), side, gbgp_visit, &g);
	free(r);
	return rc;
}

/* ---- the keys a commit touches --------------------------------------------- */

/* A binding: its connect-interface line.  A peer: its section and address
 * (and its own AS number in the candidate, when a changed line told it). */
struct key {
	cfg_entry *e;       /* binding line, or peer section */
	struct in6_addr a;  /* peer */
	bool peer;
	bool as_known;
	uint32_t as;
};

struct keyset {
	struct key *v;
	size_t n, cap;
	uint32_t *slot;     /* index + 1; 0 = free */
	size_t nslot;
};

static uint64_t key_hash(const struct key *k)
{
	uint64_t h = (uint64_t)(uintptr_t)k->e;
	if (k->peer) {
		uint64_t w[2];
		memcpy(w, &k->a, 16);
		h ^= w[0] * 0x9e3779b97f4a7c15ull ^ w[1];
	}
	/* every input bit reaches the low bits (the slot) */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static bool key_eq(const struct key *x, const struct key *y)
{
	return x->e == y->e && x->peer == y->peer && (!x->peer || memcmp(&x->a, &y->a, 16) == 0);
}

static int keyset_grow(struct keyset *ks)
{
	size_t ns = ks->nslot ? 2 * ks->nslot : 256;
	uint32_t *sl = calloc(ns, sizeof *sl);
	if (!sl)
		return -1;
	for (size_t i = 0; i < ks->n; i++) {
		size_t j = key_hash(&ks->v[i]) & (ns - 1);
		while (sl[j])
			j = (j + 1) & (ns - 1);
		sl[j] = (uint32_t)i + 1;
	}
	free(ks->slot);
	ks->slot = sl;
	ks->nslot = ns;
	return 0;
}

/* The key equal to k in the set, added when missing; NULL when out of
 * memory. */
static struct key *keyset_add(struct keyset *ks, const struct key *k)
{
	if (2 * (ks->n + 1) > ks->nslot && keyset_grow(ks) != 0)
		return NULL;
	size_t j = key_hash(k) & (ks->nslot - 1);
	while (ks->slot[j]) {
		if (key_eq(&ks->v[ks->slot[j] - 1], k))
			return &ks->v[ks->slot[j] - 1];
		j = (j + 1) & (ks->nslot - 1);
	}
	if (ks->n == ks->cap) {
		size_t nc = ks->cap ? 2 * ks->cap : 64;
		struct key *nv = realloc(ks->v, nc * sizeof *nv);
		if (!nv)
			return NULL;
		ks->v = nv;
		ks->cap = nc;
	}
	ks->v[ks->n] = *k;
	ks->slot[j] = (uint32_t)++ks->n;
	return &ks->v[ks->n - 1];
}

static int add_peer(struct keyset *ks, cfg_entry *sect, const struct in6_addr *a)
{
	struct key k = { sect, *a, true, false, 0 };
	return keyset_add(ks, &k) ? 0 : -1;
}

/* The peer, with the AS number its own line has in the candidate. */
static int add_peer_as(struct keyset *ks, cfg_entry *sect, const struct in6_addr *a,
		       uint32_t as)
{
	struct key k = { sect, *a, true, true, as };
	struct key *in = keyset_add(ks, &k);
	if (!in)
		return -1;
	in->as_known = true;
	in->as = as;
	return 0;
}

static int add_binding(struct keyset *ks, cfg_entry *line)
{
	struct key k = { line, IN6ADDR_ANY_INIT, false, false, 0 };
	return keyset_add(ks, &k) ? 0 : -1;
}

struct members {
	struct reader *r;
	struct keyset *ks;
	cfg_entry *sect;
	int rc;
};

static int member_visit(void *arg, cfg_entry *e)
{
	struct members *mw = arg;
	struct line l;
	if (read_line(mw->r, mw->r->sc_view, cfg_text(e, CFG_CANDIDATE), &l) &&
	    l.kind == L_MEMBER && add_peer(mw->ks, mw->sect, &l.addr) != 0) {
		mw->rc = -1;
		return 1;
	}
	return 0;
}

/* Connect-interface lines that name interface ifsect (they are owned by
 * its section; a line changed since to name another one is skipped). */
struct ciusers {
	struct reader *r;
	struct keyset *ks;
	const char *ifname;
	int rc;
};

static int ciuser_visit(void *arg, cfg_entry *e)
{
	struct ciusers *cw = arg;
	struct line l;
	cfg_entry *sect = cfg_parent(e);
	if (!read_scope(cw->r, sect) ||
	    !read_line(cw->r, cw->r->sc_view, cfg_text(e, CFG_CANDIDATE), &l) ||
	    l.kind != L_CI || strcmp(l.ifname, cw->ifname) != 0)
		return 0;
	if (add_binding(cw->ks, e) != 0) {
		cw->rc = -1;
		return 1;
	}
	return 0;
}

/* A binding whose own line changed is sent at once (its line is read
 * already); the rest become keys. */
static int note_change(struct reader *r, cfg_db *db, struct keyset *ks, const cfg_change *c,
		       bgp_backend_emit_fn fn, void *arg)
{
	cfg_entry *e = c->e, *parent = cfg_parent(e);
	const char *t = c->new_text ? c->new_text : c->old_text;
	struct line l;

	if (starts(t, "peer ") && read_scope(r, parent)) {
		if (!read_line(r, r->sc_view, t, &l))
			return 0;
		switch (l.kind) {
		case L_CI:
			if (c->new_text)
				return emit_binding(r, db, &l, CFG_CANDIDATE, fn, arg) ? 1 : 0;
			vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_DEL };
			op_scope(r, &op);
			op_key(&l, &op);
			return fn(arg, &op) ? 1 : 0;
		case L_MEMBER:
			return add_peer(ks, parent, &l.addr);
		case L_AS:
			if (!l.of_group)
				return c->new_text ? add_peer_as(ks, parent, &l.addr, l.as)
						   : add_peer(ks, parent, &l.addr);
			/* The group's AS number is its members' when they have none. */
			char q[VIEW_NAME_MAX], gid[VIEW_NAME_MAX + 8];
			if (view_param_quote(l.group, q, sizeof q) == 0)
				return 0;
			int n = snprintf(gid, sizeof gid, "group %s", q);
			cfg_entry *ge = cfg_get(db, parent, gid, (size_t)n, CFG_CANDIDATE);
			if (!ge)
				return 0;
			struct members mw = { r, ks, parent, 0 };
			cfg_foreach_owned(db, ge, CFG_CANDIDATE, member_visit, &mw);
			return mw.rc;
		default:
			return 0;
		}
	}
	if (cfg_depth(e) == 2 && starts(t, "ip binding vpn-instance ") &&
	    starts(text_of(parent), "interface ")) {
		struct ciusers cw = { r, ks, text_of(parent) + strlen("interface "), 0 };
		cfg_foreach_owned(db, parent, CFG_CANDIDATE, ciuser_visit, &cw);
		return cw.rc;
	}
	return 0;
}

int bgp_backend_changes(cfg_db *db, const view_set *vs, const cfg_change *chg, size_t n,
			bgp_backend_emit_fn fn, void *arg)
{
	struct reader *r = reader_new(vs);
	struct keyset ks = { 0 };
	int rc = r ? 0 : -1;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = note_change(r, db, &ks, &chg[i], fn, arg);
	for (size_t i = 0; i < ks.n && rc == 0; i++) {
		struct key *k = &ks.v[i];
		struct line l;
		if (k->peer) {
			if (read_scope(r, k->e))
				rc = emit_peer(r, db, k->e, &k->a, k->as_known ? &k->as : NULL,
					       CFG_CANDIDATE, true, fn, arg);
			continue;
		}
		cfg_entry *sect = cfg_parent(k->e);
		if (!read_scope(r, sect))
			continue;
		const char *now = cfg_text(k->e, CFG_CANDIDATE);
		if (now) {
			if (read_line(r, r->sc_view, now, &l) && l.kind == L_CI)
				rc = emit_binding(r, db, &l, CFG_CANDIDATE, fn, arg);
		} else if (read_line(r, r->sc_view, cfg_text(k->e, CFG_RUNNING), &l) &&
			   l.kind == L_CI) {
			vrpsock_op op = { .type = VRPSOCK_MSG_BINDING_DEL };
			op_scope(r, &op);
			op_key(&l, &op);
			rc = fn(arg, &op);
		}
	}
	free(ks.v);
	free(ks.slot);
	free(r);
	return rc;
}

/* ---- the commit hooks --------------------------------------------------------- */

struct bgp_backend {
	bgp_backend_opts o;
	nlb_client *c;
	bool prepared;      /* a prepared transaction waits for the apply hook */
	bool need_full;     /* the daemon missed a commit while it ran: send everything */
	bool begun;
	int status;         /* of this commit's exchange */
	char warn[400];
	char err[256];
};

static struct bgp_backend *state_of(vsh_session *s)
{
	return s ? (struct bgp_backend *)s->backend : NULL;
}

/* Whether the daemon may have missed something (a push timed out, an
 * apply was not acknowledged): then the next commit sends everything.
 * Kept in the state directory as well, so that the next commit of any
 * process does. */
static void out_of_step(vsh_session *s, struct bgp_backend *b, bool out)
{
	const char *dir = vsh_store_dir(s);
	char err[256];

	b->need_full = out;
	if (!dir)
		return;
	if (out ? store_flag_set(dir, STORE_FLAG_BACKEND_OUT_OF_STEP, b->err, err, sizeof err)
		: store_flag_clear(dir, STORE_FLAG_BACKEND_OUT_OF_STEP, err, sizeof err))
		vsh_printf(s, "Warning: %s\n", err);
}

static void take_flag(vsh_session *s, struct bgp_backend *b)
{
	if (!b->need_full && vsh_store_dir(s) &&
	    store_flag_get(vsh_store_dir(s), STORE_FLAG_BACKEND_OUT_OF_STEP))
		b->need_full = true;
}

static int push_op(void *arg, const vrpsock_op *op)
{
	struct bgp_backend *b = arg;

	if (!b->begun) {
		b->status = nlb_txn_begin(b->c, b->need_full, b->err, sizeof b->err);
		if (b->status != NLB_OK)
			return 1;
		b->begun = true;
	}
	b->status = nlb_txn_add(b->c, op, b->err, sizeof b->err);
	return b->status != NLB_OK;
}

static void set_warning(struct bgp_backend *b)
{
	if (b->status == NLB_ABSENT)
		snprintf(b->warn, sizeof b->warn,
			 "Warning: vrp-sockd is not running; the BGP connect-interface bindings "
			 "will apply when it starts.");
	else
		snprintf(b->warn, sizeof b->warn,
			 "Warning: %s; the BGP connect-interface bindings will apply when vrp-sockd "
			 "restarts.", b->err);
}

static int hook_prepare(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
			size_t errlen)
{
	vsh_session *s = arg;
	struct bgp_backend *b = state_of(s);

	if (!b || !b->o.push)
		return 0;
	if (b->prepared)
		nlb_txn_abort(b->c); /* a commit refused after our prepare */
	b->prepared = b->begun = false;
	b->status = NLB_OK;
	b->warn[0] = b->err[0] = '\0';
	take_flag(s, b);

	int rc;
	if (b->need_full) {
		/* Begin even when the configuration holds no binding: the
		 * daemon's state must become empty then. */
		b->status = nlb_txn_begin(b->c, true, b->err, sizeof b->err);
		b->begun = b->status == NLB_OK;
		rc = b->begun ? bgp_backend_collect(db, s->vs, CFG_CANDIDATE, push_op, b) : 1;
	} else {
		rc = bgp_backend_changes(db, s->vs, chg, n, push_op, b);
	}
	if (rc < 0) {
		if (b->begun)
			nlb_txn_abort(b->c);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (b->status == NLB_OK && b->begun)
		b->status = nlb_txn_prepare(b->c, b->err, sizeof b->err);
	switch (b->status) {
	case NLB_OK:
		b->prepared = b->begun;
		return 0;
	case NLB_REFUSED:
		snprintf(err, errlen, "%s", b->err);
		return -1;
	case NLB_UNREACHABLE:
		out_of_step(s, b, true);
		/* fall through */
	default:
		set_warning(b);
		return 0;
	}
}

/* A later step refused the commit: the prepared transaction goes now, not
 * when the daemon's idle timer runs out. */
static void hook_abort(void *arg, cfg_db *db)
{
	vsh_session *s = arg;
	struct bgp_backend *b = state_of(s);

	(void)db;
	if (b && b->prepared) {
		nlb_txn_abort(b->c);
		b->prepared = b->begun = false;
	}
}

/* The whole running BGP state as one full sync. */
static int push_full(struct bgp_backend *b, vsh_session *s)
{
	b->begun = false;
	b->status = nlb_txn_begin(b->c, true, b->err, sizeof b->err);
	b->begun = b->status == NLB_OK;
	if (b->begun && bgp_backend_collect(s->db, s->vs, CFG_RUNNING, push_op, b) < 0) {
		nlb_txn_abort(b->c);
		snprintf(b->err, sizeof b->err, "out of memory");
		b->status = NLB_UNREACHABLE;
	}
	if (b->status == NLB_OK)
		b->status = nlb_txn_prepare(b->c, b->err, sizeof b->err);
	if (b->status == NLB_OK)
		b->status = nlb_txn_commit(b->c, b->err, sizeof b->err);
	return b->status;
}

static int hook_apply(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	vsh_session *s = arg;
	struct bgp_backend *b = state_of(s);

	(void)db, (void)chg, (void)n, (void)err, (void)errlen;
	if (!b || !b->o.push)
		return 0;
	if (b->prepared) {
		b->prepared = false;
		b->status = nlb_txn_commit(b->c, b->err, sizeof b->err);
		if (b->status == NLB_OK) {
			if (b->need_full)
				out_of_step(s, b, false);
		} else {
			/* Whether the daemon applied it is unknown. */
			out_of_step(s, b, true);
			set_warning(b);
		}
	} else if (b->status == NLB_ABSENT && nlb_present(b->c)) {
		/* The daemon started during this commit: it may have read the
		 * running configuration before this commit was written, so it
		 * gets all of it now. */
		if (push_full(b, s) == NLB_OK) {
			b->warn[0] = '\0';
			out_of_step(s, b, false);
		} else {
			out_of_step(s, b, true);
			if (b->status == NLB_REFUSED)
				snprintf(b->warn, sizeof b->warn, "Warning: vrp-sockd refused the BGP "
					 "connect-interface bindings: %.300s", b->err);
			else
				set_warning(b);
		}
	}
	if (b->warn[0])
		vsh_printf(s, "%s\n", b->warn);
	b->warn[0] = '\0';
	return 0;
}

int bgp_backend_attach(vsh_session *s, const bgp_backend_opts *o, char *err, size_t errlen)
{
	if (s->backend) {
		snprintf(err, errlen, "the backend is already attached");
		return -1;
	}
	struct bgp_backend *b = calloc(1, sizeof *b);
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b->o = *o;
	nlb_client_opts co = { o->port_id, o->timeout_ms };
	b->c = nlb_client_new(&co);
	if (!b->c) {
		free(b);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* The hooks find the state through the session, so that detaching
	 * leaves them harmless (a database cannot drop its hooks). */
	if (o->push && cfg_hook_add_ex(s->db, hook_prepare, hook_apply, hook_abort, s) != 0) {
		nlb_client_free(b->c);
		free(b);
		snprintf(err, errlen, "too many commit hooks");
		return -1;
	}
	s->backend = b;
	return 0;
}

void bgp_backend_detach(vsh_session *s)
{
	struct bgp_backend *b = state_of(s);
	if (!b)
		return;
	if (b->prepared)
		nlb_txn_abort(b->c);
	nlb_client_free(b->c);
	free(b);
	s->backend = NULL;
}

int bgp_backend_resync(vsh_session *s, char *err, size_t errlen)
{
	struct bgp_backend *b = state_of(s);
	int rc;

	if (!b) {
		snprintf(err, errlen, "the backend is not attached");
		return NLB_UNREACHABLE;
	}
	/* Under the state directory's lock, with every commit picked up: no
	 * commit can push meanwhile, and what is sent is the running
	 * configuration of the moment. */
	if (s->store && vsh_store_lock(s, err, errlen) != 0)
		return NLB_UNREACHABLE;
	rc = push_full(b, s);
	if (rc == NLB_OK)
		out_of_step(s, b, false);
	else if (rc != NLB_ABSENT)
		out_of_step(s, b, true);
	snprintf(err, errlen, "%s", b->err);
	if (s->store)
		vsh_store_unlock(s);
	return rc;
}

nlb_client *bgp_backend_client(vsh_session *s)
{
	struct bgp_backend *b = state_of(s);
	if (b)
		return b->c;
	bgp_backend_opts o = { false, 0, 0 };
	char err[64];
	if (bgp_backend_attach(s, &o, err, sizeof err) != 0)
		return NULL;
	return state_of(s)->c;
}
