/* Parameter types: what a <param> in a Format string accepts.
 *
 * Each type is a constant descriptor with a parse function; the constraints
 * (lengths, ranges, flags) come from the Parameters table of the reference
 * page.  Types built on top (interface names, group names, ...) are declared
 * the same way, so the matcher treats every parameter alike. */
#ifndef VRPSH_PARSER_PTYPE_H
#define VRPSH_PARSER_PTYPE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lexer.h"

/* How strongly a parameter match binds, used to choose between paths that
 * accept the same token.  An exact keyword beats everything; a typed value
 * (number, address, interface) beats a partial keyword, which beats a free
 * string.  Keep the order: the matcher compares these numerically. */
enum ptype_rank {
	PT_RANK_STRING = 1,
	PT_RANK_PARTIAL_KEYWORD = 2,
	PT_RANK_TYPED = 3,
	PT_RANK_EXACT_KEYWORD = 4,
};

/* Flags on a descriptor (PT_STRING).  Without PTF_QUOTE_SPACES a string may
 * not contain blanks at all (they can only come from a quoted token). */
#define PTF_QUOTE_SPACES 0x01u   /* spaces allowed only inside double quotes; an
				  * unquoted value may not contain '"', nor may a
				  * quoted value that contains spaces */
#define PTF_REST_OF_LINE 0x02u   /* swallows every remaining token (descriptions):
				  * str is the rest of the line as typed, quotes
				  * included, trailing blanks removed */
#define PTF_NO_LEADING_DIGIT 0x04u /* commit labels */
#define PTF_NO_HYPHEN_ONLY 0x08u /* a lone "-" is refused */
#define PTF_CASE_INSENSITIVE 0x10u /* canon is the lower-case spelling */
#define PTF_CIPHER 0x20u         /* with PTF_QUOTE_SPACES: an unquoted value may hold '"'
				  * (a device ciphertext, "%+%##!!!!"!!!...%+%#") */

typedef struct if_type if_type; /* parser/iftype.h */

typedef struct parser_value {
	int kind; /* enum ptype_kind of the type that produced it */
	const char *str; /* the token text (quotes removed); for rest-of-line, the raw rest */
	union {
		uint64_t u;                                 /* uint, asn (asdot folded to 32 bits) */
		struct in_addr v4;                          /* ipv4, mask */
		struct in6_addr v6;                         /* ipv6 */
		struct { struct in6_addr addr; uint8_t plen; } p6; /* ipv6 prefix */
		struct { uint32_t hi; uint32_t lo; uint8_t fmt; } rt; /* RD / VPN target, fmt: PT_RT_* */
		const if_type *ift;                         /* interface type */
		struct { const if_type *ift; uint32_t n[4]; uint8_t nn; } ifn; /* interface number/name */
		struct { struct in_addr addr; uint8_t plen; } p4;  /* ipv4 prefix */
		uint8_t mac[6];                             /* MAC address */
		int64_t i;                                  /* signed integer */
		struct { uint16_t y; uint8_t mo, d; } date; /* date */
		struct { uint8_t h, mi, s; bool has_s; } time; /* time of day */
	};
	char canon[72]; /* canonical spelling for display: "LoopBack0", "255.255.255.255", "1.2";
			 * for strings a copy of str when it fits, else "" (use str) */
} parser_value;

/* Formats of a route distinguisher / VPN target (parser_value.rt.fmt).
 * hi is the administrator part, lo the assigned number. */
enum ptype_rt_fmt {
	PT_RT_AS2 = 0,   /* 0..65535 : 0..4294967295 (hi = AS) */
	PT_RT_IPV4 = 1,  /* a.b.c.d : 0..65535 (hi = address, host byte order) */
	PT_RT_AS4 = 2,   /* 65536..4294967295 : 0..65535 (hi = AS) */
	PT_RT_ASDOT = 3, /* x.y : 0..65535 (hi = x * 65536 + y) */
};

enum ptype_kind {
	PT_STRING,   /* 1..max chars, PTF_QUOTE_SPACES usual */
	PT_UINT,     /* min..max */
	PT_ASN,      /* 1..4294967295 or x.y (x 1..65535, y 0..65535) */
	PT_IPV4,
	PT_IPV4_MASK, /* dotted, contiguous */
	PT_IPV6,      /* any RFC 4291 text form (inet_pton) */
	PT_IPV6_PREFIX, /* X:X::X/len */
	PT_RD,        /* route distinguisher, three formats, 0:0 refused */
	PT_VPN_TARGET,
	PT_IFTYPE,    /* interface type keyword, case-insensitive unique prefix */
	PT_IFNUM,     /* interface number, checked against the preceding PT_IFTYPE */
	PT_IFNAME,    /* type and number glued: LoopBack0, 10ge1/0/1 */
	PT_MAC,       /* H-H-H: three groups of 1..4 hex digits, shown as 00e0-fc12-3456 */
	PT_DATE,      /* YYYY/MM/DD or YYYY-MM-DD, a real day; min..max bound the year
		       * when max is set */
	PT_TIME,      /* HH:MM or HH:MM:SS; min..max: the number of fields (2 or 3),
		       * 0..0 for either */
	PT_HEX,       /* hexadecimal (an optional 0x), value min..max */
	PT_WILDCARD,  /* dotted quad with any bits (wildcard masks) */
	PT_INT,       /* signed decimal, min..max as int64_t */
	PT_AREA,      /* 0..4294967295 or dotted quad, shown dotted (OSPF areas) */
	PT_IPV4_PREFIX, /* a.b.c.d/len, len min..max (0..32 when max is 0) */
	PT_KIND_COUNT
};

struct parser_args;

typedef struct ptype {
	enum ptype_kind kind;
	const char *help_token; /* shown by '?': "STRING<1-47>", "INTEGER<1-255>", "X:X:X:X:X:X:X:X" */
	uint64_t min, max;      /* length bounds for strings, value range for numbers */
	unsigned flags;         /* PTF_* */
} ptype;

/* Parse one token as type t.  `bound` holds the arguments bound so far on
 * this path (PT_IFNUM looks at the preceding PT_IFTYPE).  Returns the match
 * rank (enum ptype_rank) or 0 when the token is not a valid value; on 0,
 * `out` is unspecified. */
int ptype_parse(const ptype *t, const lex_token *tok, const struct parser_args *bound,
		parser_value *out);

/* Count the characters (UTF-8 code points) of a NUL-terminated string. */
size_t ptype_utf8_len(const char *s);

/* Common descriptors (parser/ptypes.c). */
extern const ptype pt_uint_mask_len;  /* 0..32 */
extern const ptype pt_ipv4;
extern const ptype pt_ipv4_mask;
extern const ptype pt_ipv6;
extern const ptype pt_ipv6_prefix;
extern const ptype pt_ipv6_plen;      /* 1..128 */
extern const ptype pt_asn;
extern const ptype pt_rd;
extern const ptype pt_vpn_target;
extern const ptype pt_iftype;
extern const ptype pt_ifnum;
extern const ptype pt_ifname;

#endif
