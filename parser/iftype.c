/* The interface type table and the spelling rules of interface names.
 *
 * Row order is the order of `interface` blocks in `display
 * current-configuration` on CloudEngine switches: Vlanif first, then the
 * management port, Eth-Trunk, Vbdif, the physical ports by speed (each
 * followed by its sub-interfaces), LoopBack, Tunnel, Nve and NULL.
 * `order` repeats it so that callers can sort by it.
 *
 * Number bounds are what the CLI accepts as a spelling; whether a physical
 * port exists is a device-model question answered in views/models.c.
 *   physical ports  slot/card/port  slot 1..16 (stack member), card 0..16,
 *                                   port 1..128
 *   MEth            0..16 / 0..16 / 0..16 (MEth0/0/0 on fixed switches)
 *   LoopBack        0..1023
 *   Vlanif          1..4094 (a VLAN id)
 *   Eth-Trunk       0..1023
 *   Tunnel          0..1023
 *   Vbdif           1..16777215 (a bridge domain id)
 *   Nve             1..1
 *   NULL            0
 *   sub-interfaces  .1 .. .4096 after a physical port or an Eth-Trunk */
#include "iftype.h"

#include <string.h>
#include <strings.h>

#include "decimal.h"

#define SUBIF_MAX 4096

#define PHYS(nm, ord, hlp)                                                   \
	{ .name = nm, .cls = IFC_ETH, .logical = false, .ndims = 3,          \
	  .min = { 1, 0, 1 }, .max = { 16, 16, 128 }, .order = ord, .help = hlp, \
	  .submax = SUBIF_MAX }

const struct if_type iftype_table[] = {
	{ .name = "Vlanif", .cls = IFC_VLANIF, .logical = true, .ndims = 1,
	  .min = { 1 }, .max = { 4094 }, .order = 10, .help = "VLAN interface" },
	{ .name = "MEth", .cls = IFC_MEQ, .logical = false, .ndims = 3,
	  .min = { 0, 0, 0 }, .max = { 16, 16, 16 }, .order = 20,
	  .help = "Management Ethernet interface" },
	{ .name = "Eth-Trunk", .cls = IFC_ETH_TRUNK, .logical = true, .ndims = 1,
	  .min = { 0 }, .max = { 1023 }, .order = 30, .help = "Ethernet link aggregation interface",
	  .submax = SUBIF_MAX },
	{ .name = "Vbdif", .cls = IFC_VBDIF, .logical = true, .ndims = 1,
	  .min = { 1 }, .max = { 16777215 }, .order = 35, .help = "Bridge domain interface" },
	PHYS("GE", 40, "GigabitEthernet interface"),
	PHYS("10GE", 50, "10-Gigabit Ethernet interface"),
	PHYS("25GE", 60, "25-Gigabit Ethernet interface"),
	PHYS("40GE", 70, "40-Gigabit Ethernet interface"),
	PHYS("50GE", 75, "50-Gigabit Ethernet interface"),
	PHYS("100GE", 80, "100-Gigabit Ethernet interface"),
	PHYS("200GE", 85, "200-Gigabit Ethernet interface"),
	PHYS("400GE", 90, "400-Gigabit Ethernet interface"),
	{ .name = "LoopBack", .cls = IFC_LOOPBACK, .logical = true, .ndims = 1,
	  .min = { 0 }, .max = { 1023 }, .order = 100, .help = "LoopBack interface" },
	{ .name = "Tunnel", .cls = IFC_TUNNEL, .logical = true, .ndims = 1,
	  .min = { 0 }, .max = { 1023 }, .order = 110, .help = "Tunnel interface" },
	{ .name = "Nve", .cls = IFC_NVE, .logical = true, .ndims = 1,
	  .min = { 1 }, .max = { 1 }, .order = 120, .help = "Network virtualization edge interface" },
	{ .name = "NULL", .cls = IFC_NULL, .logical = false, .ndims = 1,
	  .min = { 0 }, .max = { 0 }, .order = 130, .help = "NULL interface" },
};

const size_t iftype_count = sizeof(iftype_table) / sizeof(iftype_table[0]);

const struct if_type *iftype_lookup(const char *word, size_t len, bool *ambiguous)
{
	const struct if_type *found = NULL;
	int nfound = 0;

	if (ambiguous)
		*ambiguous = false;
	if (len == 0)
		return NULL;
	unsigned char c0 = (unsigned char)word[0];
	if (c0 >= 'A' && c0 <= 'Z')
		c0 = (unsigned char)(c0 + 32);
	for (size_t i = 0; i < iftype_count; i++) {
		const struct if_type *t = &iftype_table[i];
		unsigned char n0 = (unsigned char)t->name[0];
		if (n0 >= 'A' && n0 <= 'Z')
			n0 = (unsigned char)(n0 + 32);
		if (n0 != c0) /* a cheap refusal before comparing the words */
			continue;
		size_t nl = strlen(t->name);
		if (len > nl || strncasecmp(t->name, word, len) != 0)
			continue;
		if (len == nl)
			return t; /* exact spelling wins: "GE", "10GE" */
		found = t;
		nfound++;
	}
	if (nfound > 1) {
		if (ambiguous)
			*ambiguous = true;
		return NULL;
	}
	return found;
}

/* Parse decimal digits s[0..len) (1..10 digits) into *v without overflow. */
static bool parse_dec(const char *s, size_t len, uint32_t *v)
{
	uint64_t x = 0;

	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

int iftype_parse_number(const struct if_type *t, const char *s, uint32_t n[IF_NUM_MAX])
{
	int k = 0;
	const char *p = s;
	const char *dot = s ? strchr(s, '.') : NULL;
	size_t end = dot ? (size_t)(dot - s) : (s ? strlen(s) : 0);

	if (!t || !s)
		return 0;
	for (;;) {
		const char *slash = memchr(p, '/', end - (size_t)(p - s));
		size_t len = slash ? (size_t)(slash - p) : end - (size_t)(p - s);
		uint32_t v;

		if (k == t->ndims || !parse_dec(p, len, &v))
			return 0;
		if (v < t->min[k] || v > t->max[k])
			return 0;
		n[k++] = v;
		if (!slash)
			break;
		p = slash + 1;
	}
	if (k != t->ndims)
		return 0;
	n[k] = 0;
	if (dot) {
		uint32_t sub;
		if (!t->submax || !parse_dec(dot + 1, strlen(dot + 1), &sub) || sub < 1 ||
		    sub > t->submax)
			return 0;
		n[k++] = sub;
	}
	return k;
}

size_t iftype_format(const struct if_type *t, const uint32_t n[IF_NUM_MAX], char *buf,
		     size_t buflen)
{
	char tmp[64]; /* name (<= 16) + three numbers + a sub-interface number */
	size_t nl = strlen(t->name);
	char *p = tmp + nl;

	memcpy(tmp, t->name, nl);
	for (unsigned i = 0; i < t->ndims && i < 3; i++) {
		if (i)
			*p++ = '/';
		p = parser_put_u64(p, n[i]);
	}
	if (t->submax && t->ndims < IF_NUM_MAX && n[t->ndims]) {
		*p++ = '.';
		p = parser_put_u64(p, n[t->ndims]);
	}
	size_t len = (size_t)(p - tmp);
	if (buflen) {
		size_t c = len < buflen ? len : buflen - 1;
		memcpy(buf, tmp, c);
		buf[c] = '\0';
	}
	return len; /* like snprintf: the full length even when truncated */
}

bool iftype_parse_name(const char *s, const struct if_type **t, uint32_t n[IF_NUM_MAX])
{
	size_t i;

	if (!s || !s[0])
		return false;
	/* The type part ends at the first digit that follows a non-digit, so
	 * "10GE1/0/1" splits as "10GE" + "1/0/1" and "loop0" as "loop" + "0". */
	for (i = 1; s[i]; i++)
		if (s[i] >= '0' && s[i] <= '9' && !(s[i - 1] >= '0' && s[i - 1] <= '9'))
			break;
	if (!s[i])
		return false;
	const struct if_type *ft = iftype_lookup(s, i, NULL);
	if (!ft || iftype_parse_number(ft, s + i, n) == 0)
		return false;
	*t = ft;
	return true;
}
