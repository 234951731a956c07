#include "vlanlist.h"

#include <ctype.h>
#include <string.h>

#include "../parser/decimal.h"
#include "edit.h"

unsigned view_vlan_read_id(const char **p)
{
	unsigned long v = 0;
	const char *q = *p;

	if (!isdigit((unsigned char)*q))
		return 0;
	while (isdigit((unsigned char)*q)) {
		v = v * 10 + (unsigned long)(*q - '0');
		if (v > VLAN_MAX)
			v = VLAN_MAX + 1;
		q++;
	}
	*p = q;
	return v <= VLAN_MAX ? (unsigned)v : 0;
}

void view_vlan_mark(unsigned char *on, const char *p)
{
	unsigned last = 0;

	while (*p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, "to ", 3) == 0 && last) {
			p += 3;
			unsigned hi = view_vlan_read_id(&p);
			for (unsigned v = last; hi && v <= hi; v++)
				on[v] = 1;
			last = 0;
			continue;
		}
		unsigned v = view_vlan_read_id(&p);
		if (!v) {
			while (*p && *p != ' ')
				p++;
			last = 0;
			continue;
		}
		on[v] = 1;
		last = v;
	}
}

size_t view_vlan_format(const unsigned char *on, unsigned *from, unsigned items, char *buf,
			size_t len)
{
	/* "4094 to 4094" and a blank: 13 characters an item at most */
	char tmp[16];
	size_t n = 0;
	unsigned v = *from;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	while (items > 0) {
		/* lists are sparse: skip to the next marked ID, and to the end
		 * of its run, a word at a time */
		const unsigned char *m = v <= VLAN_MAX ? memchr(on + v, 1, VLAN_MAX + 1 - v) : NULL;
		if (!m)
			break;
		v = (unsigned)(m - on);
		const unsigned char *z = memchr(on + v, 0, VLAN_MAX + 1 - v);
		unsigned hi = z ? (unsigned)(z - on) - 1 : VLAN_MAX;
		char *q = tmp;
		if (n)
			*q++ = ' ';
		q = parser_put_u64(q, v);
		if (hi > v) {
			memcpy(q, " to ", 4);
			q = parser_put_u64(q + 4, hi);
		}
		size_t w = (size_t)(q - tmp);
		if (n + w >= len)
			break;
		memcpy(buf + n, tmp, w);
		n += w;
		buf[n] = '\0';
		v = hi + 1;
		items--;
	}
	*from = v;
	return n;
}

int view_vlan_typed(const parser_match *m, unsigned char *ids, char *err, size_t errlen)
{
	unsigned lo = 0;

	for (int i = 0; i < m->args.n; i++) {
		const parser_arg *a = &m->args.a[i];
		if (a->keyword) {
			if (strcmp(a->name, "all") == 0)
				memset(ids + 1, 1, VLAN_MAX);
			continue;
		}
		if (strcmp(a->name, "vlan-id1") == 0 || strcmp(a->name, "vlan-id") == 0) {
			lo = a->v.u <= VLAN_MAX ? (unsigned)a->v.u : 0;
			ids[lo] = lo != 0;
		} else if (strcmp(a->name, "vlan-id2") == 0 && lo) {
			unsigned hi = a->v.u <= VLAN_MAX ? (unsigned)a->v.u : VLAN_MAX;
			if (hi < lo)
				return view_fail(err, errlen, "Error: The end VLAN ID %u is less than "
						 "the start VLAN ID %u.", hi, lo);
			memset(ids + lo, 1, hi - lo + 1);
		}
	}
	return 0;
}
