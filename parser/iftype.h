/* Interface types known to the CLI: their canonical spelling and the shape
 * of their numbers.  Which physical ports exist is a device-model fact and
 * lives in views/models.c; this table only says how names are written. */
#ifndef VRPSH_PARSER_IFTYPE_H
#define VRPSH_PARSER_IFTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum if_class {
	IFC_LOOPBACK,
	IFC_VLANIF,
	IFC_ETH_TRUNK,
	IFC_TUNNEL,
	IFC_ETH,        /* physical Ethernet ports: GE, 10GE, 25GE, 40GE, 50GE, 100GE, 200GE, 400GE */
	IFC_MEQ,        /* management port MEth */
	IFC_VBDIF,      /* the Layer 3 interface of a bridge domain */
	IFC_NVE,        /* the VXLAN tunnel endpoint */
	IFC_NULL,       /* NULL0, the discard interface */
};

/* Numbers of an interface: up to three dimensions ("1/0/1"), then the
 * sub-interface number ("10GE1/0/1.100": n[ndims] = 100; 0 for the main
 * interface).  Arrays of interface numbers have IF_NUM_MAX elements. */
#define IF_NUM_MAX 4

struct if_type {
	const char *name;    /* canonical spelling: "LoopBack", "10GE", "Eth-Trunk" */
	enum if_class cls;
	bool logical;        /* created on demand by `interface`; physical ones only entered */
	uint8_t ndims;       /* 1 for "0", 3 for "1/0/1" */
	uint32_t max[3];     /* upper bound of each number (inclusive) */
	uint32_t min[3];     /* lower bound of each number */
	uint16_t order;      /* rank in `display current-configuration` */
	uint32_t submax;     /* highest sub-interface number, 0 = no sub-interfaces */
	const char *help;    /* one line for '?' listings: "LoopBack interface" */
};

extern const struct if_type iftype_table[];
extern const size_t iftype_count;

/* Look up an interface type by a case-insensitive unique prefix ("loop",
 * "10ge", "eth-t"); an exact name wins over longer names it prefixes.
 * Returns NULL when nothing matches; *ambiguous (if not NULL) tells whether
 * that was because several types match. */
const struct if_type *iftype_lookup(const char *word, size_t len, bool *ambiguous);

/* Parse the number part ("0", "1/0/1", "1/0/1.100") for type t into n[],
 * returning the number of components (ndims, or ndims + 1 with a
 * sub-interface number) or 0 when invalid (wrong count, out of range, not
 * decimal, a sub-interface of a type that has none).  Leading zeros are
 * accepted and dropped by iftype_format. */
int iftype_parse_number(const struct if_type *t, const char *s, uint32_t n[IF_NUM_MAX]);

/* Canonical name, e.g. "LoopBack0", "100GE1/0/1", "100GE1/0/1.100".
 * Returns the length. */
size_t iftype_format(const struct if_type *t, const uint32_t n[IF_NUM_MAX], char *buf,
		     size_t buflen);

/* Split a glued name ("loopback0", "10GE1/0/1", "eth-t1") into type and
 * numbers.  The type part may be any unique prefix of a type name, as for
 * iftype_lookup; it ends where the first digit follows a non-digit. */
bool iftype_parse_name(const char *s, const struct if_type **t, uint32_t n[IF_NUM_MAX]);

#endif
