/* Parameter types: value checks, canonical spellings and the common
 * descriptors.  Every parser here refuses rather than guesses: no signs, no
 * hexadecimal, no trailing garbage, no overflow. */
#include "ptype.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "cipher.h"
#include "decimal.h"
#include "iftype.h"
#include "matcher.h"

const ptype pt_uint_mask_len = { PT_UINT, "INTEGER<0-32>", 0, 32, 0 };
const ptype pt_ipv4 = { PT_IPV4, "X.X.X.X", 0, 0, 0 };
const ptype pt_ipv4_mask = { PT_IPV4_MASK, "X.X.X.X", 0, 0, 0 };
const ptype pt_ipv6 = { PT_IPV6, "X:X:X:X:X:X:X:X", 0, 0, 0 };
const ptype pt_ipv6_prefix = { PT_IPV6_PREFIX, "X:X:X:X:X:X:X:X/M", 1, 128, 0 };
const ptype pt_ipv6_plen = { PT_UINT, "INTEGER<1-128>", 1, 128, 0 };
const ptype pt_asn = { PT_ASN, "STRING<1-11>", 1, UINT32_MAX, 0 };
const ptype pt_rd = { PT_RD, "STRING<3-21>", 0, 0, 0 };
const ptype pt_vpn_target = { PT_VPN_TARGET, "STRING<3-21>", 0, 0, 0 };
const ptype pt_iftype = { PT_IFTYPE, "INTERFACE-TYPE", 0, 0, 0 };
const ptype pt_ifnum = { PT_IFNUM, "STRING<1-63>", 1, 63, 0 };
const ptype pt_ifname = { PT_IFNAME, "STRING<1-63>", 1, 63, 0 };

size_t ptype_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Decimal digits only, 1..20 of them, value <= max. */
static bool parse_u64(const char *s, size_t len, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			return false;
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	if (x > max)
		return false;
	*v = x;
	return true;
}

/* Dotted quad of a host-order address. */
static char *put_ipv4(char *p, uint32_t a)
{
	for (int i = 3; i >= 0; i--) {
		p = parser_put_u64(p, (a >> (8 * i)) & 0xFF);
		if (i)
			*p++ = '.';
	}
	return p;
}

/* RFC 5952 text of an IPv6 address: lower-case hex without leading zeros,
 * the longest run of two or more zero groups (the first of equal runs)
 * shown as "::", and the last 32 bits dotted for IPv4-mapped (::ffff:a.b.c.d)
 * and IPv4-compatible (::a.b.c.d) addresses, as inet_ntop writes them. */
static char *put_ipv6(char *p, const struct in6_addr *a)
{
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, bestlen = 0;

	for (int i = 0; i < 8; i++)
		w[i] = (unsigned)a->s6_addr[2 * i] << 8 | a->s6_addr[2 * i + 1];
	for (int i = 0; i < 8;) {
		if (w[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && w[j] == 0)
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	if (bestlen < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i + bestlen == 8)
				*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff)))
			return put_ipv4(p, (uint32_t)w[6] << 16 | w[7]);
		bool lead = true;
		for (int sh = 12; sh >= 0; sh -= 4) {
			unsigned d = (w[i] >> sh) & 0xF;
			if (d == 0 && lead && sh)
				continue;
			lead = false;
			*p++ = hex[d];
		}
	}
	return p;
}

static void set_canon_n(parser_value *out, const char *s, size_t n)
{
	if (n < sizeof(out->canon))
		memcpy(out->canon, s, n + 1);
	else
		out->canon[0] = '\0';
}

static void set_canon(parser_value *out, const char *s)
{
	set_canon_n(out, s, strlen(s));
}

static int parse_string(const ptype *t, const lex_token *tok, parser_value *out)
{
	const char *s = tok->text;
	size_t n = 0, nch = 0;
	bool blank = false, quote = false;

	/* one pass: bytes, characters, blanks and quotes */
	for (unsigned char c; (c = (unsigned char)s[n]) != '\0'; n++) {
		nch += (c & 0xC0) != 0x80;
		blank |= c == ' ' || c == '\t';
		quote |= c == '"';
	}
	if (nch < t->min || nch > t->max)
		return 0;
	if (!(t->flags & PTF_REST_OF_LINE)) {
		if (blank && !(t->flags & PTF_QUOTE_SPACES))
			return 0;
		/* A device ciphertext is written unquoted and may hold '"'
		 * wherever the page allows a password to be one. */
		if ((t->flags & PTF_QUOTE_SPACES) && quote && (!tok->quoted || blank) &&
		    !(!tok->quoted && !blank &&
		      ((t->flags & PTF_CIPHER) || parser_is_device_cipher(s, n))))
			return 0;
	}
	if ((t->flags & PTF_NO_LEADING_DIGIT) && s[0] >= '0' && s[0] <= '9')
		return 0;
	if ((t->flags & PTF_NO_HYPHEN_ONLY) && strcmp(s, "-") == 0)
		return 0;
	set_canon_n(out, s, n);
	/* a device ciphertext is kept byte for byte */
	if ((t->flags & PTF_CASE_INSENSITIVE) && !parser_is_device_cipher(s, n))
		for (char *p = out->canon; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return PT_RANK_STRING;
}

/* "x.y" with both parts decimal 0..65535; *x and *y get the parts. */
static bool parse_asdot(const char *s, size_t len, uint32_t *x, uint32_t *y)
{
	const char *dot = memchr(s, '.', len);
	uint64_t a, b;

	if (!dot)
		return false;
	if (!parse_u64(s, (size_t)(dot - s), 65535, &a) ||
	    !parse_u64(dot + 1, len - (size_t)(dot - s) - 1, 65535, &b))
		return false;
	*x = (uint32_t)a;
	*y = (uint32_t)b;
	return true;
}

static int parse_asn(const char *s, parser_value *out)
{
	size_t len = strlen(s);
	uint64_t v;

	if (memchr(s, '.', len)) {
		uint32_t x, y;
		if (!parse_asdot(s, len, &x, &y) || x == 0)
			return 0;
		out->u = (uint64_t)x * 65536 + y;
		char *p = parser_put_u64(out->canon, x);
		*p++ = '.';
		*parser_put_u64(p, y) = '\0';
		return PT_RANK_TYPED;
	}
	if (!parse_u64(s, len, UINT32_MAX, &v) || v == 0)
		return 0;
	out->u = v;
	*parser_put_u64(out->canon, v) = '\0';
	return PT_RANK_TYPED;
}

/* Route distinguisher and VPN target share their four spellings. */
static int parse_rt(const char *s, parser_value *out)
{
	const char *colon = strchr(s, ':');
	uint64_t lo;

	if (!colon || strchr(colon + 1, ':'))
		return 0;
	size_t llen = (size_t)(colon - s);
	const char *r = colon + 1;
	size_t rlen = strlen(r);
	int dots = 0;
	for (size_t i = 0; i < llen; i++)
		dots += s[i] == '.';

	if (dots == 3) {
		char a[16];
		struct in_addr ip;
		if (llen >= sizeof(a))
			return 0;
		memcpy(a, s, llen);
		a[llen] = '\0';
		if (inet_pton(AF_INET, a, &ip) != 1 || !parse_u64(r, rlen, 65535, &lo))
			return 0;
		out->rt.fmt = PT_RT_IPV4;
		out->rt.hi = ntohl(ip.s_addr);
		out->rt.lo = (uint32_t)lo;
		char *p = put_ipv4(out->canon, out->rt.hi);
		*p++ = ':';
		*parser_put_u64(p, out->rt.lo) = '\0';
	} else if (dots == 1) {
		uint32_t x, y;
		if (!parse_asdot(s, llen, &x, &y) || !parse_u64(r, rlen, 65535, &lo))
			return 0;
		if (x == 0 && y == 0 && lo == 0)
			return 0;
		out->rt.fmt = PT_RT_ASDOT;
		out->rt.hi = x * 65536u + y;
		out->rt.lo = (uint32_t)lo;
		char *p = parser_put_u64(out->canon, x);
		*p++ = '.';
		p = parser_put_u64(p, y);
		*p++ = ':';
		*parser_put_u64(p, out->rt.lo) = '\0';
	} else if (dots == 0) {
		uint64_t hi;
		if (!parse_u64(s, llen, UINT32_MAX, &hi))
			return 0;
		if (!parse_u64(r, rlen, hi <= 65535 ? UINT32_MAX : 65535, &lo))
			return 0;
		if (hi == 0 && lo == 0)
			return 0;
		out->rt.fmt = hi <= 65535 ? PT_RT_AS2 : PT_RT_AS4;
		out->rt.hi = (uint32_t)hi;
		out->rt.lo = (uint32_t)lo;
		char *p = parser_put_u64(out->canon, out->rt.hi);
		*p++ = ':';
		*parser_put_u64(p, out->rt.lo) = '\0';
	} else {
		return 0;
	}
	return PT_RANK_TYPED;
}

static int parse_ipv4(const char *s, bool mask, parser_value *out)
{
	if (s[0] < '0' || s[0] > '9' || strlen(s) > 15 || inet_pton(AF_INET, s, &out->v4) != 1)
		return 0;
	if (mask) {
		uint32_t inv = ~ntohl(out->v4.s_addr);
		if (inv & (inv + 1)) /* the zeros must be one contiguous low run */
			return 0;
	}
	*put_ipv4(out->canon, ntohl(out->v4.s_addr)) = '\0';
	return PT_RANK_TYPED;
}

static int parse_ipv6(const char *s, parser_value *out)
{
	if (!strchr(s, ':') || strlen(s) > 45 || inet_pton(AF_INET6, s, &out->v6) != 1)
		return 0;
	*put_ipv6(out->canon, &out->v6) = '\0';
	return PT_RANK_TYPED;
}

/* ADDRESS/LENGTH: the address of family af into addr, the length (up to
 * maxlen, or t's bounds) into *plen. */
static bool parse_prefix(const ptype *t, const char *s, int af, void *addr, uint64_t maxlen,
			 uint64_t *plen)
{
	const char *slash = strchr(s, '/');
	char a[46];

	if (!slash || (size_t)(slash - s) >= sizeof(a))
		return false;
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	return inet_pton(af, a, addr) == 1 &&
	       parse_u64(slash + 1, strlen(slash + 1), maxlen, plen) && *plen >= t->min &&
	       *plen <= (t->max ? t->max : maxlen);
}

static int parse_ipv6_prefix(const ptype *t, const char *s, parser_value *out)
{
	uint64_t plen;

	if (!parse_prefix(t, s, AF_INET6, &out->p6.addr, 128, &plen))
		return 0;
	out->p6.plen = (uint8_t)plen;
	char *p = put_ipv6(out->canon, &out->p6.addr);
	*p++ = '/';
	*parser_put_u64(p, plen) = '\0';
	return PT_RANK_TYPED;
}

/* The interface type bound last on the path: the interface number that
 * follows it may come after keywords and other numbers of the same type
 * (`port 10GE 1/0/1 to 1/0/4`). */
static const struct if_type *bound_iftype(const struct parser_args *bound)
{
	if (!bound)
		return NULL;
	for (int i = bound->n - 1; i >= 0; i--) {
		if (bound->a[i].keyword || bound->a[i].v.kind == PT_IFNUM)
			continue;
		return bound->a[i].v.kind == PT_IFTYPE ? bound->a[i].v.ift : NULL;
	}
	return NULL;
}

static int parse_ifnum(const ptype *t, const char *s, const struct parser_args *bound,
		       parser_value *out)
{
	const struct if_type *ift = bound_iftype(bound);
	size_t n = strlen(s);
	int nn;

	if (!ift || n < (t->min ? t->min : 1) || n > (t->max ? t->max : 63))
		return 0;
	nn = iftype_parse_number(ift, s, out->ifn.n);
	if (nn == 0)
		return 0;
	out->ifn.ift = ift;
	out->ifn.nn = (uint8_t)nn;
	iftype_format(ift, out->ifn.n, out->canon, sizeof(out->canon));
	return PT_RANK_TYPED;
}

static int parse_ifname(const ptype *t, const char *s, parser_value *out)
{
	size_t n = strlen(s);
	const struct if_type *ift;

	if (n < (t->min ? t->min : 1) || n > (t->max ? t->max : 63))
		return 0;
	if (!iftype_parse_name(s, &ift, out->ifn.n))
		return 0;
	out->ifn.ift = ift;
	out->ifn.nn = ift->ndims;
	iftype_format(ift, out->ifn.n, out->canon, sizeof(out->canon));
	return PT_RANK_TYPED;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* H-H-H, each group 1..4 hex digits. */
static int parse_mac(const char *s, parser_value *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned g[3];
	int k = 0;

	for (const char *p = s;; p++) {
		unsigned v = 0;
		int nd = 0;
		for (; hexval(*p) >= 0; p++, nd++)
			v = v << 4 | (unsigned)hexval(*p);
		if (nd < 1 || nd > 4 || k == 3)
			return 0;
		g[k++] = v;
		if (*p == '\0')
			break;
		if (*p != '-')
			return 0;
	}
	if (k != 3)
		return 0;
	char *c = out->canon;
	for (int i = 0; i < 3; i++) {
		out->mac[2 * i] = (uint8_t)(g[i] >> 8);
		out->mac[2 * i + 1] = (uint8_t)g[i];
		if (i)
			*c++ = '-';
		for (int sh = 12; sh >= 0; sh -= 4)
			*c++ = hex[(g[i] >> sh) & 0xF];
	}
	*c = '\0';
	return PT_RANK_TYPED;
}

/* Exactly n decimal digits at s. */
static bool digits(const char *s, int n, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

static char *put_2(char *p, unsigned v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* YYYY/MM/DD or YYYY-MM-DD (month and day may have one digit); shown
 * with the separator typed. */
static int parse_date(const ptype *t, const char *s, parser_value *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, mo, d;
	char sep = strlen(s) > 4 && (s[4] == '/' || s[4] == '-') ? s[4] : '/';
	const char *a = strchr(s, sep), *b = a ? strchr(a + 1, sep) : NULL;

	if (!a || !b || a - s != 4 || !digits(s, 4, &y) || b - a - 1 < 1 || b - a - 1 > 2 ||
	    !digits(a + 1, (int)(b - a - 1), &mo) || strlen(b + 1) < 1 || strlen(b + 1) > 2 ||
	    !digits(b + 1, (int)strlen(b + 1), &d))
		return 0;
	if (mo < 1 || mo > 12 || d < 1)
		return 0;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] + (mo == 2 && leap))
		return 0;
	if (t->max && (y < t->min || y > t->max))
		return 0;
	out->date.y = (uint16_t)y;
	out->date.mo = (uint8_t)mo;
	out->date.d = (uint8_t)d;
	char *p = parser_put_u64(out->canon, y);
	*p++ = sep;
	p = put_2(p, mo);
	*p++ = sep;
	p = put_2(p, d);
	*p = '\0';
	return PT_RANK_TYPED;
}

/* HH:MM or HH:MM:SS, each part one or two digits ("8:00", "0:0"); shown
 * with two digits each. */
static int parse_time(const ptype *t, const char *s, parser_value *out)
{
	unsigned h, mi, sec = 0;
	const char *a = strchr(s, ':'), *b = a ? strchr(a + 1, ':') : NULL;
	size_t hl = a ? (size_t)(a - s) : 0;
	size_t ml = !a ? 0 : b ? (size_t)(b - a - 1) : strlen(a + 1);
	size_t sl = b ? strlen(b + 1) : 1;

	if (!a || hl < 1 || hl > 2 || ml < 1 || ml > 2 || sl < 1 || sl > 2 ||
	    !digits(s, (int)hl, &h) || !digits(a + 1, (int)ml, &mi) ||
	    (b && !digits(b + 1, (int)sl, &sec)))
		return 0;
	if (h > 23 || mi > 59 || sec > 59)
		return 0;
	unsigned fields = b ? 3 : 2;
	if (t->max && (fields < t->min || fields > t->max))
		return 0;
	out->time.h = (uint8_t)h;
	out->time.mi = (uint8_t)mi;
	out->time.s = (uint8_t)sec;
	out->time.has_s = b != NULL;
	char *p = put_2(out->canon, h);
	*p++ = ':';
	p = put_2(p, mi);
	if (b) {
		*p++ = ':';
		p = put_2(p, sec);
	}
	*p = '\0';
	return PT_RANK_TYPED;
}

/* The canonical text keeps the digits as typed, in capitals, and a typed
 * "0x" (the device shows `sequence 0x0000000A` as typed). */
static int parse_hex(const ptype *t, const char *s, parser_value *out)
{
	static const char hex[] = "0123456789ABCDEF";
	uint64_t v = 0;
	size_t n;
	bool prefixed = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (prefixed)
		s += 2;
	n = strlen(s);
	if (n == 0 || n > 16)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	if (v < t->min || (t->max && v > t->max))
		return 0;
	out->u = v;
	char *p = out->canon;
	if (prefixed) {
		*p++ = '0';
		*p++ = 'x';
	}
	for (size_t i = 0; i < n; i++)
		*p++ = hex[hexval(s[i])];
	*p = '\0';
	return PT_RANK_TYPED;
}

static int parse_int(const ptype *t, const char *s, parser_value *out)
{
	bool neg = s[0] == '-';
	uint64_t mag;

	if (!parse_u64(s + neg, strlen(s + neg), neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &mag))
		return 0;
	int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	if (neg && mag == 0)
		return 0; /* "-0" */
	if (v < (int64_t)t->min || v > (int64_t)t->max)
		return 0;
	out->i = v;
	char *p = out->canon;
	if (neg)
		*p++ = '-';
	*parser_put_u64(p, mag) = '\0';
	return PT_RANK_TYPED;
}

static int parse_area(const char *s, parser_value *out)
{
	uint64_t v;

	if (strchr(s, '.'))
		return parse_ipv4(s, false, out);
	if (!parse_u64(s, strlen(s), UINT32_MAX, &v))
		return 0;
	out->v4.s_addr = htonl((uint32_t)v);
	*put_ipv4(out->canon, (uint32_t)v) = '\0';
	return PT_RANK_TYPED;
}

static int parse_ipv4_prefix(const ptype *t, const char *s, parser_value *out)
{
	uint64_t plen;

	if (!parse_prefix(t, s, AF_INET, &out->p4.addr, 32, &plen))
		return 0;
	out->p4.plen = (uint8_t)plen;
	char *p = put_ipv4(out->canon, ntohl(out->p4.addr.s_addr));
	*p++ = '/';
	*parser_put_u64(p, plen) = '\0';
	return PT_RANK_TYPED;
}

int ptype_parse(const ptype *t, const lex_token *tok, const struct parser_args *bound,
		parser_value *out)
{
	const char *s = tok->text;
	uint64_t v;

	out->kind = (int)t->kind;
	out->str = s;
	out->canon[0] = '\0';
	switch (t->kind) {
	case PT_STRING:
		return parse_string(t, tok, out);
	case PT_UINT:
		if (!parse_u64(s, strlen(s), t->max, &v) || v < t->min)
			return 0;
		out->u = v;
		*parser_put_u64(out->canon, v) = '\0';
		return PT_RANK_TYPED;
	case PT_ASN:
		return parse_asn(s, out);
	case PT_IPV4:
		return parse_ipv4(s, false, out);
	case PT_IPV4_MASK:
		return parse_ipv4(s, true, out);
	case PT_IPV6:
		return parse_ipv6(s, out);
	case PT_IPV6_PREFIX:
		return parse_ipv6_prefix(t, s, out);
	case PT_RD:
	case PT_VPN_TARGET:
		return parse_rt(s, out);
	case PT_IFTYPE:
		out->ift = iftype_lookup(s, strlen(s), NULL);
		if (!out->ift)
			return 0;
		set_canon(out, out->ift->name);
		return PT_RANK_TYPED;
	case PT_IFNUM:
		return parse_ifnum(t, s, bound, out);
	case PT_IFNAME:
		return parse_ifname(t, s, out);
	case PT_MAC:
		return parse_mac(s, out);
	case PT_DATE:
		return parse_date(t, s, out);
	case PT_TIME:
		return parse_time(t, s, out);
	case PT_HEX:
		return parse_hex(t, s, out);
	case PT_WILDCARD:
		return parse_ipv4(s, false, out);
	case PT_INT:
		return parse_int(t, s, out);
	case PT_AREA:
		return parse_area(s, out);
	case PT_IPV4_PREFIX:
		return parse_ipv4_prefix(t, s, out);
	case PT_KIND_COUNT:
		break;
	}
	return 0;
}
