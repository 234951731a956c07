/* Where the lines of a BGP process go in their sections, as the device
 * shows them.
 *
 * The process's own lines and sections (router-id, the address families,
 * the VPN instances) take the places the generated order gives their
 * commands (genorder.h), among the generated lines of the same views:
 * `private-4-byte-as enable` after router-id, `network` and `import-route`
 * before the peers, `ipv4-family mvpn` between the unicast families and
 * the VPN instances' ones.
 *
 * The lines of peers and groups, hand-written (enable, as-number, group
 * ...) or generated (reflect-client, route-policy ...), are one block in
 * the class of the generated `peer` family: first the peers that are in no
 * group, IPv4 by address, then IPv6 by address; then each group in
 * creation order, its `group` line, its own `peer GROUP ...` lines, then
 * its members (IPv4, then IPv6, by address); each peer's lines together,
 * in the order of their commands in the family (the attribute's rank).
 *
 * The place is packed into cfg_order (key bits 63..62: the part):
 *   ungrouped IPv4  key = 0 << 62 | address
 *                   sub = rank
 *   ungrouped IPv6  key = 1 << 62 | first 64 bits >> 2
 *                   sub = bits 62..63 << 30 | fold21(last 64) << 9 | rank
 *   group G         key = 3 << 62 | n(G) << 34, sub = rank (its line 0)
 *   member IPv4     key = 3 << 62 | n(G) << 34 | 1 << 32 | address
 *                   sub = rank
 *   member IPv6     key = 3 << 62 | n(G) << 34 | 2 << 32 | bits 32..63
 *                   sub = fold23(last 64) << 9 | rank
 * n(G) is the counter of the group line's creation number (cfg_seq without
 * its origin), so groups show in creation order; counters beyond 2^28 wrap
 * (only their order suffers).  The folds keep the numeric order of
 * addresses that differ only in their low 21 (23) bits (peers of one
 * subnet); others are ordered by their fold.
 * Part 2 holds the groups of state directories written when the group's
 * part packed the whole creation number (origin included) into 28 bits,
 * which kept only 12 bits of the counter: they were all created before any
 * group of part 3, and a group keeps the part its line was stored with, so
 * its members stay with it.
 * A peer that joins or leaves a group moves, all its lines with it
 * (view_bgp_reorder). */
#include <pthread.h>
#include <string.h>

#include "bgp.h"
#include "edit.h"
#include "genorder.h"

#define SEQ_BITS 28
#define RANK_BITS 9
#define RANK_MASK ((1u << RANK_BITS) - 1)

static struct {
	uint32_t peer_cls;
	uint32_t rank[BGPA_COUNT];
	uint32_t rid, af4, af6, vpn4, inst_vpn4;
} ord;

static pthread_once_t ord_once = PTHREAD_ONCE_INIT;

/* Ranks are the family's times four, so that hand-written lines can
 * stand right after another's. */
static uint32_t scaled(uint32_t rank)
{
	return rank > RANK_MASK / 4 ? RANK_MASK - 3 : rank * 4;
}

static uint32_t rank_of(const char *title, uint32_t dflt)
{
	uint32_t fam, rank;
	return view_gen_family_rank(title, &fam, &rank) ? scaled(rank) : dflt;
}

static uint32_t sub_of(const char *title, const char *view, uint32_t dflt)
{
	uint32_t v = view_gen_sub_order(title, view);
	return v ? v : dflt;
}

static void ord_init(void)
{
	uint32_t rank;
	if (!view_gen_family_rank("peer enable", &ord.peer_cls, &rank))
		ord.peer_cls = 30;
	ord.rank[BGPA_GROUPLINE] = 0;
	ord.rank[BGPA_ENABLE] = rank_of("peer enable", 4);
	ord.rank[BGPA_AS] = rank_of("peer as-number", 8);
	/* a member's group line right after its AS line, before the settings
	 * it may inherit: replayed, the member exists before them */
	ord.rank[BGPA_MEMBER] = ord.rank[BGPA_AS] + 1;
	/* the guide's scripts never show a peer's description: it stays next
	 * to the AS and group lines */
	ord.rank[BGPA_DESC] = ord.rank[BGPA_AS] + 2;
	ord.rank[BGPA_HOP] = rank_of("peer ebgp-max-hop", 20);
	ord.rank[BGPA_CI] = rank_of("peer connect-interface", 24);
	ord.rank[BGPA_DISABLE] = ord.rank[BGPA_ENABLE];
	ord.rid = sub_of("router-id", "BGP view", 1);
	ord.af4 = sub_of("ipv4-family unicast", "BGP view", 100);
	ord.af6 = sub_of("ipv6-family", "BGP view", ord.af4 + 1);
	ord.vpn4 = sub_of("ipv4-family vpn-instance", "BGP view", ord.af6 + 1);
	ord.inst_vpn4 = sub_of("ipv4-family vpn-instance", "BGP multi-instance view", ord.vpn4);
}

static void ord_load(void)
{
	pthread_once(&ord_once, ord_init);
}

cfg_order view_bgp_place(enum bgp_sect kind, bool in_inst)
{
	ord_load();
	if (in_inst)
		/* a multi-instance process: its VPN instances' sections */
		return (cfg_order){ ord.inst_vpn4, CFG_KEY_SEQ_IN(kind == BGPS_VPNI ? 0 :
							       kind == BGPS_VPN4 ? 1 : 2), 0 };
	switch (kind) {
	case BGPS_AF4:
		return (cfg_order){ ord.af4, 0, 0 };
	case BGPS_AF6:
		return (cfg_order){ ord.af6, 0, 0 };
	case BGPS_VPNI:
		/* after the unicast families, before what follows them */
		return (cfg_order){ ord.af6, CFG_KEY_SEQ_IN(1), 0 };
	case BGPS_VPN4:
		return (cfg_order){ ord.vpn4, CFG_KEY_SEQ_IN(0), 0 };
	case BGPS_VPN6:
		return (cfg_order){ ord.vpn4, CFG_KEY_SEQ_IN(1), 0 };
	default:
		/* router-id */
		return (cfg_order){ ord.rid, 0, 0 };
	}
}

static uint64_t bytes_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t fold(uint64_t x, int bits)
{
	return (uint32_t)(x ^ (x >> bits) ^ (x >> (2 * bits))) & ((UINT32_C(1) << bits) - 1);
}

/* Creation numbers are a counter times 65536 plus the creating process's
 * origin (config/cfg.h). */
#define SEQ_ORIGIN_BITS 16
#define GROUP_LOW_BITS 34

/* The group's part of its lines' keys: the one its line already holds when
 * it has been placed (possibly in part 2), else made from its counter. */
static uint64_t key_of_seq(uint64_t seq)
{
	uint64_t counter = seq >> SEQ_ORIGIN_BITS;
	return UINT64_C(3) << 62 | (counter & ((UINT64_C(1) << SEQ_BITS) - 1)) << GROUP_LOW_BITS;
}

static uint64_t group_key(const bgp_peer *g)
{
	if (!g || !g->gline)
		return UINT64_C(3) << 62;
	uint64_t held = cfg_order_of(g->gline).key;
	if (held >> 62 >= 2)
		return held & ~((UINT64_C(1) << GROUP_LOW_BITS) - 1);
	return key_of_seq(cfg_seq(g->gline));
}

static cfg_order place(const bgp_peer *p, const bgp_peer *group, uint32_t rank)
{
	const unsigned char *a = p->addr.s6_addr;
	cfg_order o = { ord.peer_cls, 0, rank & RANK_MASK };

	if (p->kind == BGPP_GROUP) {
		o.key = group_key(p);
		return o;
	}
	if (!group) {
		if (p->kind == BGPP_V4) {
			o.key = bytes_be(a + 12, 4);
		} else {
			uint64_t hi = bytes_be(a, 8);
			o.key = UINT64_C(1) << 62 | hi >> 2;
			o.sub |= (uint32_t)(hi & 3) << 30 | fold(bytes_be(a + 8, 8), 21) << RANK_BITS;
		}
		return o;
	}
	if (p->kind == BGPP_V4) {
		o.key = group_key(group) | UINT64_C(1) << 32 | bytes_be(a + 12, 4);
	} else {
		o.key = group_key(group) | UINT64_C(2) << 32 | bytes_be(a + 4, 4);
		o.sub |= fold(bytes_be(a + 8, 8), 23) << RANK_BITS;
	}
	return o;
}

cfg_order view_bgp_order(const bgp_peer *p, const bgp_peer *group, int attr)
{
	ord_load();
	return place(p, group, ord.rank[attr]);
}

cfg_order view_bgp_new_group_order(uint64_t seq)
{
	ord_load();
	cfg_order o = { ord.peer_cls, key_of_seq(seq), ord.rank[BGPA_GROUPLINE] & RANK_MASK };
	return o;
}

/* The section whose peers and groups a line of sect names. */
static cfg_entry *home_of(cfg_entry *sect)
{
	switch (view_bgp_kind(sect)) {
	case BGPS_AF4:
	case BGPS_AF6:
		return cfg_parent(sect);
	default:
		return sect;
	}
}

/* The peer or group word after "peer " in text: its length (a quoted
 * name runs to its closing quote). */
static size_t peer_word(const char *w)
{
	if (*w == '"') {
		const char *q = strchr(w + 1, '"');
		return q ? (size_t)(q - w) + 1 : 0;
	}
	return strcspn(w, " ");
}

bool view_bgp_line_order(vsh_session *s, cfg_entry *sect, const char *line, uint32_t rank,
			 cfg_order *out)
{
	bgp_peer p, g;

	if (strncmp(line, "undo ", 5) == 0)
		line += 5;
	if (!sect || view_bgp_kind(sect) == BGPS_NONE || strncmp(line, "peer ", 5) != 0)
		return false;
	size_t n = peer_word(line + 5);
	if (n == 0 || !view_bgp_peer_from_word(s, home_of(sect), line + 5, n, &p))
		return false;
	ord_load();
	*out = place(&p, view_bgp_member_of(s, &p, &g) ? &g : NULL, scaled(rank));
	return true;
}

/* ---- moving a peer's lines ------------------------------------------------ */

/* A peer's lines in one section: the attributes of the family, fewer
 * than 256 (further ones would keep their places).  They are found by
 * their place first, which reads no text: the peer's place outside groups
 * (where a peer that joins a group stands), or its place as a member of
 * any group (a line deleted and typed again within one candidate keeps
 * its committed place); the text then tells apart peers that share a key
 * (IPv6 peers of one /64). */
typedef struct {
	const bgp_peer *p;
	size_t namelen;
	cfg_order at;      /* outside groups */
	uint64_t member;   /* as a member: bits 0..33 of the key */
	cfg_entry *hits[256];
	size_t n;
} peer_lines;

#define MEMBER_BITS ((UINT64_C(1) << 34) - 1)

static bool maybe_peer_line(const peer_lines *pl, cfg_order o)
{
	if (o.cls != pl->at.cls)
		return false;
	if (o.key == pl->at.key)
		return true;
	return o.key >> 62 >= 2 && (o.key & MEMBER_BITS) == pl->member;
}

static int collect(void *arg, cfg_entry *e)
{
	peer_lines *pl = arg;

	if (!maybe_peer_line(pl, cfg_order_of(e)))
		return 0;
	const char *t = view_line_text(e);
	size_t n = pl->namelen;
	if (!t)
		return 0;
	if (strncmp(t, "undo ", 5) == 0)
		t += 5;
	if (strncmp(t, "peer ", 5) != 0 || strncmp(t + 5, pl->p->name, n) != 0 ||
	    (t[5 + n] != ' ' && t[5 + n] != '\0'))
		return 0;
	if (pl->n < sizeof pl->hits / sizeof pl->hits[0])
		pl->hits[pl->n++] = e;
	return 0;
}

static void reorder_in(vsh_session *s, cfg_entry *sect, const bgp_peer *p, const bgp_peer *group)
{
	bgp_peer none = { .kind = BGPP_GROUP };
	peer_lines pl = { .p = p, .namelen = strlen(p->name), .at = place(p, NULL, 0),
			  .member = place(p, &none, 0).key & MEMBER_BITS };

	/* in no order: a search that sorted the section first would cost a
	 * sort per joining peer */
	cfg_foreach_child_unordered(s->db, sect, CFG_CANDIDATE, collect, &pl);
	for (size_t i = 0; i < pl.n; i++) {
		cfg_order o = cfg_order_of(pl.hits[i]);
		cfg_set_order(s->db, pl.hits[i], place(p, group, o.sub & RANK_MASK));
	}
}

void view_bgp_reorder(vsh_session *s, const bgp_peer *p, const bgp_peer *group)
{
	cfg_entry *afs[2];
	size_t n = view_bgp_af_sections(s, p->sect, afs);

	ord_load();
	reorder_in(s, p->sect, p, group);
	for (size_t i = 0; i < n; i++)
		reorder_in(s, afs[i], p, group);
}
