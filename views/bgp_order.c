/* Where the lines of peers and groups go in their section, as the device
 * shows them: first the peers that are in no group, IPv4 by address, then
 * IPv6 by address; then each group in creation order, its `group` line,
 * its own `peer GROUP ...` lines, then its members (IPv4, then IPv6, by
 * address), each peer's lines together in the order of enum bgp_attr.
 * The same order holds in the address families for the lines they keep
 * about the peers of their process (enable, membership).
 *
 * The order is packed into cfg_order:
 *   ungrouped IPv4  cls 20, key = address, sub = attr
 *   ungrouped IPv6  cls 21, key = first 64 bits, sub = fold(last 64) << 3 | attr
 *   group G         cls 30, key = seq(G) << 34, sub = attr
 *   member IPv4     cls 30, key = seq(G) << 34 | 1 << 32 | address, sub = attr
 *   member IPv6     cls 30, key = seq(G) << 34 | 2 << 32 | bits 32..63,
 *                   sub = fold(last 64) << 3 | attr
 * The folds keep the numeric order of addresses that differ only in their
 * low 29 bits (peers of one subnet); others are ordered by their fold
 * (members whose addresses differ only in their first 32 bits by it
 * alone).
 * Group creation numbers beyond 2^30 wrap (only their order suffers).
 * A peer that joins or leaves a group moves (view_bgp_reorder). */
#include <string.h>

#include "bgp.h"
#include "edit.h"

enum { CLS_PEER4 = 20, CLS_PEER6 = 21, CLS_GROUPS = 30 };

#define SEQ_BITS 30
#define FOLD_MASK 0x1fffffffu

static uint64_t bytes_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t fold29(uint64_t x)
{
	return (uint32_t)(x ^ (x >> 29) ^ (x >> 58)) & FOLD_MASK;
}

static uint64_t group_key(const bgp_peer *g)
{
	uint64_t seq = g && g->gline ? cfg_seq(g->gline) : 0;
	return (seq & ((UINT64_C(1) << SEQ_BITS) - 1)) << 34;
}

cfg_order view_bgp_order(const bgp_peer *p, const bgp_peer *group, int attr)
{
	const unsigned char *a = p->addr.s6_addr;
	cfg_order o = { 0, 0, (uint32_t)attr };

	if (p->kind == BGPP_GROUP) {
		o.cls = CLS_GROUPS;
		o.key = group_key(p);
		return o;
	}
	if (!group) {
		if (p->kind == BGPP_V4) {
			o.cls = CLS_PEER4;
			o.key = bytes_be(a + 12, 4);
		} else {
			o.cls = CLS_PEER6;
			o.key = bytes_be(a, 8);
			o.sub = fold29(bytes_be(a + 8, 8)) << 3 | (uint32_t)attr;
		}
		return o;
	}
	o.cls = CLS_GROUPS;
	if (p->kind == BGPP_V4) {
		o.key = group_key(group) | UINT64_C(1) << 32 | bytes_be(a + 12, 4);
	} else {
		o.key = group_key(group) | UINT64_C(2) << 32 | bytes_be(a + 4, 4);
		o.sub = fold29(bytes_be(a + 8, 8)) << 3 | (uint32_t)attr;
	}
	return o;
}

static void reorder_in(vsh_session *s, cfg_entry *sect, const bgp_peer *p, const bgp_peer *group)
{
	for (int a = BGPA_AS; a < BGPA_COUNT; a++) {
		cfg_entry *e = view_bgp_attr_get(s, sect, p, a);
		if (e)
			cfg_set_order(s->db, e, view_bgp_order(p, group, a));
	}
}

void view_bgp_reorder(vsh_session *s, const bgp_peer *p, const bgp_peer *group)
{
	cfg_entry *afs[2];
	size_t n = view_bgp_af_sections(s, p->sect, afs);

	reorder_in(s, p->sect, p, group);
	for (size_t i = 0; i < n; i++)
		reorder_in(s, afs[i], p, group);
}
