/* Parameter types at and around their bounds. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "parser/iftype.h"
#include "parser/matcher.h"
#include "parser/ptype.h"
#include "unit.h"

static const ptype pt_group = { PT_STRING, "STRING<1-47>", 1, 47, PTF_QUOTE_SPACES };
static const ptype pt_nospace = { PT_STRING, "STRING<1-31>", 1, 31, 0 };
static const ptype pt_label = { PT_STRING, "STRING<1-256>", 1, 256,
				PTF_QUOTE_SPACES | PTF_NO_LEADING_DIGIT | PTF_NO_HYPHEN_ONLY };
static const ptype pt_usergroup = { PT_STRING, "STRING<1-32>", 1, 32, PTF_CASE_INSENSITIVE };
static const ptype pt_desc = { PT_STRING, "STRING<1-242>", 1, 242, PTF_REST_OF_LINE };
static const ptype pt_hop = { PT_UINT, "INTEGER<1-255>", 1, 255, 0 };
static const ptype pt_u64 = { PT_UINT, "INTEGER", 0, UINT64_MAX, 0 };

static parser_value V;

static int parse_q(const ptype *t, const char *text, bool quoted)
{
	lex_token tok = { .text = text, .col = 0, .len = (uint16_t)strlen(text), .quoted = quoted };

	memset(&V, 0x5a, sizeof(V));
	return ptype_parse(t, &tok, NULL, &V);
}

static int parse(const ptype *t, const char *text)
{
	return parse_q(t, text, false);
}

static char *repeat(const char *u, size_t n)
{
	size_t k = strlen(u);
	char *s = malloc(n * k + 1);

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, u, k);
	s[n * k] = '\0';
	return s;
}

START_TEST(test_group_name_bounds)
{
	char *s47 = repeat("g", 47), *s48 = repeat("g", 48);

	ck_assert_int_eq(parse(&pt_group, s47), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, s47);
	ck_assert_ptr_eq(V.str, s47);
	ck_assert_int_eq(V.kind, PT_STRING);
	ck_assert_int_eq(parse(&pt_group, s48), 0);
	ck_assert_int_eq(parse(&pt_group, "a"), PT_RANK_STRING);
	ck_assert_int_eq(parse_q(&pt_group, "", true), 0);
	free(s47);
	free(s48);

	/* characters, not bytes: 47 two-byte characters fit, 48 do not */
	char *u47 = repeat("\xc3\xa9", 47), *u48 = repeat("\xc3\xa9", 48);
	ck_assert_int_eq(parse(&pt_group, u47), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, ""); /* 94 bytes: too long for canon, str holds it */
	ck_assert_ptr_eq(V.str, u47);
	ck_assert_int_eq(parse(&pt_group, u48), 0);
	free(u47);
	free(u48);
}
END_TEST

START_TEST(test_group_name_quotes)
{
	ck_assert_int_eq(parse_q(&pt_group, "a b", true), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, "a b");
	/* an unquoted value may not contain a double quote */
	ck_assert_int_eq(parse(&pt_group, "a\"b"), 0);
	/* quoted without blanks: inner quotes are allowed */
	ck_assert_int_eq(parse_q(&pt_group, "a123\"45\"", true), PT_RANK_STRING);
	/* quoted with blanks: inner quotes are not */
	ck_assert_int_eq(parse_q(&pt_group, "a 123\"45\"", true), 0);
	/* without PTF_QUOTE_SPACES no blanks at all */
	ck_assert_int_eq(parse_q(&pt_nospace, "a b", true), 0);
	ck_assert_int_eq(parse_q(&pt_nospace, "ab", true), PT_RANK_STRING);
}
END_TEST

/* A device ciphertext is written unquoted and may hold '"' (guide: RIP
 * authentication, MACsec CAKs, SNMP communities); other unquoted values
 * with a quote stay refused. */
START_TEST(test_device_ciphertext_quotes)
{
	static const ptype pt_pw = { PT_STRING, "STRING<1-255>", 1, 255, PTF_QUOTE_SPACES };
	const char *rip = "%^%#c;\\wJ4Qi8I1FMGM}KmIK9rha/.D.!$\"~0(Ep66z~%^%#";
	ck_assert_int_eq(parse(&pt_pw, rip), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, rip);
	ck_assert_int_eq(parse(&pt_pw, "%@%##!!!!\"!!!!%@%#"), PT_RANK_STRING);
	ck_assert_int_eq(parse(&pt_pw, "$1d$Ow\"seV$1nH4$"), PT_RANK_STRING);
	/* markers that differ, or a plain text with a quote: refused */
	ck_assert_int_eq(parse(&pt_pw, "%^%#abc\"def%+%#"), 0);
	ck_assert_int_eq(parse(&pt_pw, "plain\"text-that-is-long"), 0);
	/* the type's length still holds */
	static const ptype pt_short = { PT_STRING, "STRING<1-8>", 1, 8, PTF_QUOTE_SPACES };
	ck_assert_int_eq(parse(&pt_short, rip), 0);
	/* a key typed in hexadecimal is case-insensitive, its ciphertext is
	 * kept as it is (MACsec CAK) */
	static const ptype pt_key = { PT_STRING, "STRING<32-188>", 32, 188,
				      PTF_CASE_INSENSITIVE | PTF_CIPHER };
	ck_assert_int_eq(parse(&pt_key, "0123456789ABCDEF0123456789ABCDEF"), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, "0123456789abcdef0123456789abcdef");
	const char *cak = "%^%#&gqJ1f*uV0vqB$ZT5hr#qwL/;Cd/`OmO<m2+hh1A1&w{)jh1\"'poiXB\\UAn9%^%#";
	ck_assert_int_eq(parse(&pt_key, cak), PT_RANK_STRING);
	ck_assert_str_eq(V.canon, cak);
}
END_TEST

START_TEST(test_string_flags)
{
	ck_assert_int_eq(parse(&pt_label, "1abc"), 0);
	ck_assert_int_eq(parse(&pt_label, "abc1"), PT_RANK_STRING);
	ck_assert_int_eq(parse(&pt_label, "-"), 0);
	ck_assert_int_eq(parse(&pt_label, "-a"), PT_RANK_STRING);
	ck_assert_int_eq(parse(&pt_usergroup, "AdMin"), PT_RANK_STRING);
	ck_assert_str_eq(V.str, "AdMin");
	ck_assert_str_eq(V.canon, "admin");
	ck_assert_int_eq(parse(&pt_desc, "to the  core"), PT_RANK_STRING);
	ck_assert_str_eq(V.str, "to the  core");
	ck_assert_int_eq(parse(&pt_desc, "with \"quotes\" inside"), PT_RANK_STRING);
	char *d242 = repeat("d", 242), *d243 = repeat("d", 243);
	ck_assert_int_eq(parse(&pt_desc, d242), PT_RANK_STRING);
	ck_assert_int_eq(parse(&pt_desc, d243), 0);
	free(d242);
	free(d243);
}
END_TEST

START_TEST(test_uint)
{
	ck_assert_int_eq(parse(&pt_hop, "0"), 0);
	ck_assert_int_eq(parse(&pt_hop, "1"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 1);
	ck_assert_int_eq(parse(&pt_hop, "255"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "255");
	ck_assert_int_eq(parse(&pt_hop, "256"), 0);
	ck_assert_int_eq(parse(&pt_hop, "+1"), 0);
	ck_assert_int_eq(parse(&pt_hop, "-1"), 0);
	ck_assert_int_eq(parse(&pt_hop, "1a"), 0);
	ck_assert_int_eq(parse(&pt_hop, "0x10"), 0);
	ck_assert_int_eq(parse(&pt_hop, ""), 0);
	ck_assert_int_eq(parse_q(&pt_hop, " 1", true), 0);
	ck_assert_int_eq(parse(&pt_hop, "007"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 7);
	ck_assert_str_eq(V.canon, "7");
	ck_assert_int_eq(parse(&pt_hop, "99999999999999999999999"), 0);
	ck_assert_int_eq(parse(&pt_u64, "18446744073709551615"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, UINT64_MAX);
	ck_assert_int_eq(parse(&pt_u64, "18446744073709551616"), 0);
	ck_assert_int_eq(parse(&pt_uint_mask_len, "0"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_uint_mask_len, "32"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_uint_mask_len, "33"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_plen, "0"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_plen, "1"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv6_plen, "128"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv6_plen, "129"), 0);
}
END_TEST

START_TEST(test_asn)
{
	ck_assert_int_eq(parse(&pt_asn, "0"), 0);
	ck_assert_int_eq(parse(&pt_asn, "1"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 1);
	ck_assert_int_eq(parse(&pt_asn, "100"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "100");
	ck_assert_int_eq(parse(&pt_asn, "4294967295"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 4294967295u);
	ck_assert_int_eq(parse(&pt_asn, "4294967296"), 0);
	ck_assert_int_eq(parse(&pt_asn, "65535.65535"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 4294967295u);
	ck_assert_str_eq(V.canon, "65535.65535");
	ck_assert_int_eq(parse(&pt_asn, "65536.1"), 0);
	ck_assert_int_eq(parse(&pt_asn, "1.65536"), 0);
	ck_assert_int_eq(parse(&pt_asn, "0.1"), 0);
	ck_assert_int_eq(parse(&pt_asn, "1.0"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 65536);
	ck_assert_str_eq(V.canon, "1.0");
	ck_assert_int_eq(parse(&pt_asn, "1.2"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 65538);
	ck_assert_int_eq(parse(&pt_asn, "01.02"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "1.2");
	ck_assert_int_eq(parse(&pt_asn, "1."), 0);
	ck_assert_int_eq(parse(&pt_asn, ".1"), 0);
	ck_assert_int_eq(parse(&pt_asn, "1.2.3"), 0);
	ck_assert_int_eq(parse(&pt_asn, "-1"), 0);
	ck_assert_int_eq(parse(&pt_asn, "as100"), 0);
}
END_TEST

START_TEST(test_ipv4_and_masks)
{
	ck_assert_int_eq(parse(&pt_ipv4, "10.1.1.1"), PT_RANK_TYPED);
	ck_assert_uint_eq(ntohl(V.v4.s_addr), 0x0A010101u);
	ck_assert_str_eq(V.canon, "10.1.1.1");
	ck_assert_int_eq(parse(&pt_ipv4, "0.0.0.0"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4, "255.255.255.255"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4, "10.1.1"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "10.1.1.256"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "1.2.3.4.5"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "010.1.1.1"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "10.1.1.1/32"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "::1"), 0);
	ck_assert_int_eq(parse(&pt_ipv4, "a.b.c.d"), 0);

	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.255.255.255"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "255.255.255.255");
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.255.255.0"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.255.255.254"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.128.0.0"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "0.0.0.0"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.0.255.0"), 0);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "0.255.255.255"), 0);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.255.255.1"), 0);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "255.255.254.255"), 0);
	ck_assert_int_eq(parse(&pt_ipv4_mask, "24"), 0);
}
END_TEST

START_TEST(test_ipv6_forms)
{
	static const struct {
		const char *in, *canon;
	} good[] = {
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:db8:0:0:0:0:0:1", "2001:db8::1" },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
		{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
		{ "2001:DB8::ABCD", "2001:db8::abcd" },
		{ "FE80::1", "fe80::1" },
		{ "2001:db8::1:0:0:1", "2001:db8::1:0:0:1" },
		{ "::ffff:10.1.1.1", "::ffff:10.1.1.1" },
		{ "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" },
		{ "64:ff9b::192.0.2.33", "64:ff9b::c000:221" },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(parse(&pt_ipv6, good[i].in) == PT_RANK_TYPED, "%s", good[i].in);
		ck_assert_str_eq(V.canon, good[i].canon);
	}
	ck_assert_int_eq(parse(&pt_ipv6, "2001:db8::1"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.v6.s6_addr[0], 0x20);
	ck_assert_uint_eq(V.v6.s6_addr[1], 0x01);
	ck_assert_uint_eq(V.v6.s6_addr[15], 0x01);

	static const char *bad[] = {
		":::", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:", ":1:2:3:4:5:6:7",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%eth0", "::1/128", "",
		"1.2.3.4", "::1.2.3", "::1.2.3.4.5", "2001:db8::1 ",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(&pt_ipv6, bad[i]) == 0, "'%s' accepted", bad[i]);
}
END_TEST

/* The canonical text agrees with the C library's inet_ntop on addresses
 * with every pattern of zero groups and the IPv4-mapped/compatible forms. */
START_TEST(test_ipv6_canon_like_inet_ntop)
{
	unsigned seed = 12345;

	for (unsigned mask = 0; mask < 256; mask++) {
		for (int variant = 0; variant < 4; variant++) {
			struct in6_addr a;
			char text[INET6_ADDRSTRLEN];
			for (int g = 0; g < 8; g++) {
				seed = seed * 1103515245u + 12345u;
				unsigned v = (mask >> g) & 1 ? 0 : (seed >> 8) & 0xFFFF;
				if (variant == 1 && v)
					v &= 0x00F0; /* leading zeros inside groups */
				if (variant == 2 && g == 5)
					v = 0xFFFF;
				if (variant == 3 && v)
					v = 1;
				a.s6_addr[2 * g] = (uint8_t)(v >> 8);
				a.s6_addr[2 * g + 1] = (uint8_t)v;
			}
			ck_assert_ptr_nonnull(inet_ntop(AF_INET6, &a, text, sizeof(text)));
			ck_assert_msg(parse(&pt_ipv6, text) == PT_RANK_TYPED, "%s", text);
			ck_assert_str_eq(V.canon, text);
			ck_assert_int_eq(memcmp(&V.v6, &a, sizeof(a)), 0);
		}
	}
}
END_TEST

START_TEST(test_ipv6_prefix)
{
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::1/64"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "2001:db8::1/64");
	ck_assert_uint_eq(V.p6.plen, 64);
	ck_assert_uint_eq(V.p6.addr.s6_addr[15], 1);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:DB8:0::/128"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "2001:db8::/128");
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "::/1"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::/0"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::/129"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::1"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::1/"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::1/6a"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "2001:db8::1/64/1"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "/64"), 0);
	ck_assert_int_eq(parse(&pt_ipv6_prefix, "10.1.1.0/24"), 0);
}
END_TEST

static void rt_ok(const ptype *t, const char *in, int fmt, uint32_t hi, uint32_t lo,
		  const char *canon)
{
	ck_assert_msg(parse(t, in) == PT_RANK_TYPED, "'%s' refused", in);
	ck_assert_int_eq(V.kind, t->kind);
	ck_assert_int_eq(V.rt.fmt, fmt);
	ck_assert_uint_eq(V.rt.hi, hi);
	ck_assert_uint_eq(V.rt.lo, lo);
	ck_assert_str_eq(V.canon, canon);
}

START_TEST(test_route_distinguisher)
{
	rt_ok(&pt_rd, "100:1", PT_RT_AS2, 100, 1, "100:1");
	rt_ok(&pt_rd, "0:3", PT_RT_AS2, 0, 3, "0:3");
	rt_ok(&pt_rd, "65535:4294967295", PT_RT_AS2, 65535, 4294967295u, "65535:4294967295");
	rt_ok(&pt_rd, "65537:3", PT_RT_AS4, 65537, 3, "65537:3");
	rt_ok(&pt_rd, "4294967295:65535", PT_RT_AS4, 4294967295u, 65535, "4294967295:65535");
	rt_ok(&pt_rd, "192.168.1.1:1", PT_RT_IPV4, 0xC0A80101u, 1, "192.168.1.1:1");
	rt_ok(&pt_rd, "192.168.122.15:65535", PT_RT_IPV4, 0xC0A87A0Fu, 65535,
	      "192.168.122.15:65535");
	rt_ok(&pt_rd, "1.2:3", PT_RT_ASDOT, 65538, 3, "1.2:3");
	rt_ok(&pt_rd, "0.0:3", PT_RT_ASDOT, 0, 3, "0.0:3");
	rt_ok(&pt_rd, "0.1:0", PT_RT_ASDOT, 1, 0, "0.1:0");
	rt_ok(&pt_rd, "0100:01", PT_RT_AS2, 100, 1, "100:1");

	static const char *bad[] = {
		"0:0", "0.0:0", "65536:65536", "65535:4294967296", "4294967296:1",
		"192.168.1.1:65536", "256.1.1.1:1", "65536.1:1", "1.65536:1", "1.2.3:4",
		"1:2:3", "1", ":1", "1:", "a:1", "1:b", "-1:1", "1:-1", "2001::1:1", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(&pt_rd, bad[i]) == 0, "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(test_vpn_target)
{
	rt_ok(&pt_vpn_target, "111:1", PT_RT_AS2, 111, 1, "111:1");
	rt_ok(&pt_vpn_target, "65537:3", PT_RT_AS4, 65537, 3, "65537:3");
	rt_ok(&pt_vpn_target, "10.0.0.1:7", PT_RT_IPV4, 0x0A000001u, 7, "10.0.0.1:7");
	rt_ok(&pt_vpn_target, "0.1:0", PT_RT_ASDOT, 1, 0, "0.1:0");
	ck_assert_int_eq(parse(&pt_vpn_target, "0:0"), 0);
	ck_assert_int_eq(parse(&pt_vpn_target, "0.0:0"), 0);
	ck_assert_int_eq(parse(&pt_vpn_target, "65536:65536"), 0);
}
END_TEST

START_TEST(test_interface_type)
{
	static const struct {
		const char *in, *name;
	} good[] = {
		{ "loop", "LoopBack" },    { "LOOPBACK", "LoopBack" }, { "LoopBack", "LoopBack" },
		{ "l", "LoopBack" },       { "10ge", "10GE" },         { "10G", "10GE" },
		{ "100", "100GE" },        { "100ge", "100GE" },       { "ge", "GE" },
		{ "g", "GE" },             { "25", "25GE" },           { "40ge", "40GE" },
		{ "400", "400GE" },        { "e", "Eth-Trunk" },       { "eth-trunk", "Eth-Trunk" },
		{ "m", "MEth" },           { "vl", "Vlanif" },         { "VLANIF", "Vlanif" },
		{ "vb", "Vbdif" },         { "nv", "Nve" },            { "nu", "NULL" },
		{ "50", "50GE" },          { "20", "200GE" },
		{ "t", "Tunnel" },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(parse(&pt_iftype, good[i].in) == PT_RANK_TYPED, "%s", good[i].in);
		ck_assert_str_eq(V.ift->name, good[i].name);
		ck_assert_str_eq(V.canon, good[i].name);
	}
	/* "10" and "1" are prefixes of both 10GE and 100GE; "4", "40" of 40GE and 400GE */
	static const char *bad[] = { "10", "1", "4", "40", "x", "LoopBack0", "loopbacks", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(&pt_iftype, bad[i]) == 0, "'%s' accepted", bad[i]);
}
END_TEST

/* Parse number text after an interface type bound on the path. */
static int parse_num(const char *type, const char *num)
{
	parser_args *bound = malloc(sizeof(*bound));
	lex_token tt = { .text = type, .len = (uint16_t)strlen(type) };
	lex_token nt = { .text = num, .len = (uint16_t)strlen(num) };
	int r;

	ck_assert_ptr_nonnull(bound);
	bound->n = 2;
	bound->a[0].keyword = true;
	bound->a[0].name = "connect-interface";
	bound->a[1].keyword = false;
	bound->a[1].name = "interface-type";
	ck_assert_int_eq(ptype_parse(&pt_iftype, &tt, NULL, &bound->a[1].v), PT_RANK_TYPED);
	memset(&V, 0x5a, sizeof(V));
	r = ptype_parse(&pt_ifnum, &nt, bound, &V);
	free(bound);
	return r;
}

START_TEST(test_interface_number)
{
	ck_assert_int_eq(parse_num("LoopBack", "0"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "LoopBack0");
	ck_assert_str_eq(V.ifn.ift->name, "LoopBack");
	ck_assert_uint_eq(V.ifn.nn, 1);
	ck_assert_uint_eq(V.ifn.n[0], 0);
	ck_assert_int_eq(parse_num("loop", "1023"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "LoopBack1023");
	ck_assert_int_eq(parse_num("loop", "1024"), 0);
	ck_assert_int_eq(parse_num("loop", "0/0/0"), 0);
	ck_assert_int_eq(parse_num("loop", "-1"), 0);
	ck_assert_int_eq(parse_num("Vlanif", "0"), 0);
	ck_assert_int_eq(parse_num("Vlanif", "1"), PT_RANK_TYPED);
	ck_assert_int_eq(parse_num("Vlanif", "4094"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "Vlanif4094");
	ck_assert_int_eq(parse_num("Vlanif", "4095"), 0);
	ck_assert_int_eq(parse_num("eth", "7"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "Eth-Trunk7");
	ck_assert_int_eq(parse_num("10ge", "1/0/1"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "10GE1/0/1");
	ck_assert_uint_eq(V.ifn.nn, 3);
	ck_assert_uint_eq(V.ifn.n[2], 1);
	ck_assert_int_eq(parse_num("10ge", "1/0/128"), PT_RANK_TYPED);
	ck_assert_int_eq(parse_num("10ge", "1/0/129"), 0);
	ck_assert_int_eq(parse_num("10ge", "1/0/0"), 0);
	ck_assert_int_eq(parse_num("10ge", "0/0/1"), 0);
	ck_assert_int_eq(parse_num("10ge", "17/0/1"), 0);
	ck_assert_int_eq(parse_num("10ge", "1/17/1"), 0);
	ck_assert_int_eq(parse_num("10ge", "1/0"), 0);
	ck_assert_int_eq(parse_num("10ge", "1/0/1/1"), 0);
	ck_assert_int_eq(parse_num("10ge", "1//1"), 0);
	ck_assert_int_eq(parse_num("10ge", "1/0/1/"), 0);
	ck_assert_int_eq(parse_num("10ge", "0"), 0);
	ck_assert_int_eq(parse_num("MEth", "0/0/0"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "MEth0/0/0");
	ck_assert_int_eq(parse_num("400ge", "2/1/8"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "400GE2/1/8");

	/* 1..63 characters */
	char num[70];
	memset(num, '0', 63);
	num[62] = '1';
	num[63] = '\0';
	ck_assert_int_eq(parse_num("loop", num), 0); /* 63 chars: too big a number */
	num[63] = '1';
	num[64] = '\0';
	ck_assert_int_eq(parse_num("loop", num), 0);

	/* without an interface type before it, a number means nothing */
	lex_token nt = { .text = "0", .len = 1 };
	ck_assert_int_eq(ptype_parse(&pt_ifnum, &nt, NULL, &V), 0);
	parser_args *bound = calloc(1, sizeof(*bound));
	ck_assert_ptr_nonnull(bound);
	bound->n = 1;
	bound->a[0].keyword = false;
	bound->a[0].name = "group-name";
	lex_token gt = { .text = "test", .len = 4 };
	ck_assert_int_eq(ptype_parse(&pt_group, &gt, NULL, &bound->a[0].v), PT_RANK_STRING);
	ck_assert_int_eq(ptype_parse(&pt_ifnum, &nt, bound, &V), 0);
	free(bound);
}
END_TEST

START_TEST(test_interface_name)
{
	static const struct {
		const char *in, *canon;
	} good[] = {
		{ "LoopBack0", "LoopBack0" },   { "loopback0", "LoopBack0" },
		{ "LOOPBACK1023", "LoopBack1023" }, { "loop0", "LoopBack0" },
		{ "LoopBack01", "LoopBack1" },  { "10ge1/0/1", "10GE1/0/1" },
		{ "10GE1/0/1", "10GE1/0/1" },   { "10g1/0/2", "10GE1/0/2" },
		{ "100GE1/0/1", "100GE1/0/1" }, { "GE1/0/1", "GE1/0/1" },
		{ "25ge16/16/128", "25GE16/16/128" }, { "Eth-Trunk1", "Eth-Trunk1" },
		{ "eth-trunk1023", "Eth-Trunk1023" }, { "vlanif10", "Vlanif10" },
		{ "MEth0/0/0", "MEth0/0/0" },   { "tunnel5", "Tunnel5" },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(parse(&pt_ifname, good[i].in) == PT_RANK_TYPED, "%s", good[i].in);
		ck_assert_str_eq(V.canon, good[i].canon);
		ck_assert_int_eq(V.kind, PT_IFNAME);
	}
	ck_assert_int_eq(parse(&pt_ifname, "loopback7"), PT_RANK_TYPED);
	ck_assert_str_eq(V.ifn.ift->name, "LoopBack");
	ck_assert_uint_eq(V.ifn.n[0], 7);
	ck_assert_uint_eq(V.ifn.nn, 1);

	static const char *bad[] = {
		"LoopBack", "0", "LoopBack 0", "LoopBack1024", "xyz1", "10GE1/0/1/",
		"LoopBack-1", "10ge1/0", "Vlanif0", "1/0/1", "100GE1/0/129", "41/0/1",
		"LoopBack0.1", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(&pt_ifname, bad[i]) == 0, "'%s' accepted", bad[i]);
	ck_assert_int_eq(parse_q(&pt_ifname, "LoopBack 0", true), 0);
}
END_TEST

START_TEST(test_ranks_and_descriptors)
{
	ck_assert_int_lt(PT_RANK_STRING, PT_RANK_PARTIAL_KEYWORD);
	ck_assert_int_lt(PT_RANK_PARTIAL_KEYWORD, PT_RANK_TYPED);
	ck_assert_int_lt(PT_RANK_TYPED, PT_RANK_EXACT_KEYWORD);
	ck_assert_str_eq(pt_ipv6.help_token, "X:X:X:X:X:X:X:X");
	ck_assert_str_eq(pt_ipv4.help_token, "X.X.X.X");
	ck_assert_str_eq(pt_uint_mask_len.help_token, "INTEGER<0-32>");
	ck_assert_str_eq(pt_ipv6_plen.help_token, "INTEGER<1-128>");
	ck_assert_uint_eq(ptype_utf8_len("a\xc3\xa9\xf0\x9f\x98\x80"), 3);
}
END_TEST

/* The kinds the generated reference needs beyond the hand-written
 * commands': each at and around its bounds. */
START_TEST(test_mac)
{
	static const ptype pt = { PT_MAC, "H-H-H", 0, 0, 0 };
	ck_assert_int_eq(parse(&pt, "00e0-fc12-3456"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "00e0-fc12-3456");
	ck_assert_uint_eq(V.mac[1], 0xe0);
	ck_assert_uint_eq(V.mac[5], 0x56);
	ck_assert_int_eq(parse(&pt, "0-E0-1"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "0000-00e0-0001");
	ck_assert_int_eq(parse(&pt, "00e0-fc12"), 0);
	ck_assert_int_eq(parse(&pt, "00e0-fc12-3456-1"), 0);
	ck_assert_int_eq(parse(&pt, "00e0-fc123-3456"), 0);
	ck_assert_int_eq(parse(&pt, "00e0--3456"), 0);
	ck_assert_int_eq(parse(&pt, "00e0-fc12-345g"), 0);
	ck_assert_int_eq(parse(&pt, "00:e0:fc:12:34:56"), 0);
}
END_TEST

START_TEST(test_date_and_time)
{
	static const ptype date = { PT_DATE, "YYYY/MM/DD", 2000, 2099, 0 };
	static const ptype any = { PT_DATE, "YYYY/MM/DD", 0, 0, 0 };
	static const ptype tm = { PT_TIME, "HH:MM:SS", 0, 0, 0 };
	ck_assert_int_eq(parse(&date, "2026/12/4"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "2026/12/04");
	ck_assert_int_eq(parse(&date, "2024/02/29"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&date, "2025/02/29"), 0);
	ck_assert_int_eq(parse(&date, "2000/02/29"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&any, "1900/02/29"), 0);
	ck_assert_int_eq(parse(&date, "2026/04/31"), 0);
	ck_assert_int_eq(parse(&date, "2026/13/01"), 0);
	ck_assert_int_eq(parse(&date, "2026/00/01"), 0);
	ck_assert_int_eq(parse(&date, "2100/01/01"), 0);
	ck_assert_int_eq(parse(&any, "2100/01/01"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&date, "26/01/01"), 0);
	ck_assert_int_eq(parse(&date, "2026-1-1"), PT_RANK_TYPED); /* the Examples write both */
	ck_assert_str_eq(V.canon, "2026-01-01");
	ck_assert_int_eq(parse(&date, "2026-01/01"), 0);
	ck_assert_int_eq(parse(&tm, "9:05"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "09:05");
	ck_assert_int_eq(parse(&tm, "23:59:59"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "23:59:59");
	ck_assert(V.time.has_s);
	ck_assert_int_eq(parse(&tm, "24:00"), 0);
	ck_assert_int_eq(parse(&tm, "12:60"), 0);
	ck_assert_int_eq(parse(&tm, "0:0"), PT_RANK_TYPED);
	/* min..max: how many fields */
	static const ptype hm = { PT_TIME, "HH:MM", 2, 2, 0 };
	static const ptype hms = { PT_TIME, "HH:MM:SS", 3, 3, 0 };
	ck_assert_int_eq(parse(&hm, "12:00"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&hm, "12:00:00"), 0);
	ck_assert_int_eq(parse(&hms, "12:00"), 0);
	ck_assert_int_eq(parse(&hms, "12:00:00"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&tm, "0:0"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "00:00");
	ck_assert_int_eq(parse(&tm, "12:05:6"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "12:05:06");
	ck_assert_int_eq(parse(&tm, "12:005"), 0);
	ck_assert_int_eq(parse(&tm, "12:"), 0);
	ck_assert_int_eq(parse(&tm, "12:05:"), 0);
	ck_assert_int_eq(parse(&tm, "12"), 0);
}
END_TEST

START_TEST(test_hex_int_wildcard_area_prefix)
{
	static const ptype hex = { PT_HEX, "HEX<0-FFFF>", 0, 0xffff, 0 };
	static const ptype sint = { PT_INT, "INTEGER<-100-100>", (uint64_t)(int64_t)-100, 100, 0 };
	static const ptype wild = { PT_WILDCARD, "X.X.X.X", 0, 0, 0 };
	static const ptype area = { PT_AREA, "X.X.X.X", 0, 0, 0 };
	static const ptype pfx = { PT_IPV4_PREFIX, "X.X.X.X/M", 0, 0, 0 };
	ck_assert_int_eq(parse(&hex, "0x8100"), PT_RANK_TYPED);
	ck_assert_uint_eq(V.u, 0x8100);
	ck_assert_str_eq(V.canon, "0x8100");
	ck_assert_int_eq(parse(&hex, "0XabC"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "0xABC");
	ck_assert_int_eq(parse(&hex, "FfFf"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "FFFF");
	ck_assert_int_eq(parse(&hex, "10000"), 0);
	ck_assert_int_eq(parse(&hex, "0x"), 0);
	ck_assert_int_eq(parse(&hex, "12g"), 0);
	ck_assert_int_eq(parse(&sint, "-100"), PT_RANK_TYPED);
	ck_assert_int_eq(V.i, -100);
	ck_assert_str_eq(V.canon, "-100");
	ck_assert_int_eq(parse(&sint, "100"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&sint, "-101"), 0);
	ck_assert_int_eq(parse(&sint, "101"), 0);
	ck_assert_int_eq(parse(&sint, "-"), 0);
	ck_assert_int_eq(parse(&sint, "-0"), 0);
	ck_assert_int_eq(parse(&sint, "+5"), 0);
	ck_assert_int_eq(parse(&wild, "0.0.255.255"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&wild, "0.255.0.255"), PT_RANK_TYPED); /* not contiguous: fine */
	ck_assert_int_eq(parse(&wild, "0.0.256.0"), 0);
	ck_assert_int_eq(parse(&area, "1"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "0.0.0.1");
	ck_assert_int_eq(parse(&area, "4294967295"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "255.255.255.255");
	ck_assert_int_eq(parse(&area, "0.0.0.10"), PT_RANK_TYPED);
	ck_assert_int_eq(parse(&area, "4294967296"), 0);
	ck_assert_int_eq(parse(&pfx, "10.1.0.0/16"), PT_RANK_TYPED);
	ck_assert_str_eq(V.canon, "10.1.0.0/16");
	ck_assert_uint_eq(V.p4.plen, 16);
	ck_assert_int_eq(parse(&pfx, "10.1.0.0/33"), 0);
	ck_assert_int_eq(parse(&pfx, "10.1.0.0"), 0);
	ck_assert_int_eq(parse(&pfx, "10.1.0/8"), 0);
}
END_TEST

static Suite *ptypes_suite(void)
{
	Suite *s = suite_create("ptypes");
	TCase *tc = tcase_create("ptypes");

	tcase_add_test(tc, test_group_name_bounds);
	tcase_add_test(tc, test_group_name_quotes);
	tcase_add_test(tc, test_device_ciphertext_quotes);
	tcase_add_test(tc, test_string_flags);
	tcase_add_test(tc, test_uint);
	tcase_add_test(tc, test_asn);
	tcase_add_test(tc, test_ipv4_and_masks);
	tcase_add_test(tc, test_ipv6_forms);
	tcase_add_test(tc, test_ipv6_canon_like_inet_ntop);
	tcase_add_test(tc, test_ipv6_prefix);
	tcase_add_test(tc, test_route_distinguisher);
	tcase_add_test(tc, test_vpn_target);
	tcase_add_test(tc, test_interface_type);
	tcase_add_test(tc, test_interface_number);
	tcase_add_test(tc, test_interface_name);
	tcase_add_test(tc, test_ranks_and_descriptors);
	tcase_add_test(tc, test_mac);
	tcase_add_test(tc, test_date_and_time);
	tcase_add_test(tc, test_hex_int_wildcard_area_prefix);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ptypes, ptypes_suite)
