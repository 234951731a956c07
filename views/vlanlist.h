/* VLAN lists as configuration lines write them: "10 20 to 22 30". */
#ifndef VRPSH_VIEWS_VLANLIST_H
#define VRPSH_VIEWS_VLANLIST_H

#include <stddef.h>

#include "../parser/matcher.h"

#define VLAN_MAX 4094

/* The VLAN ID at *p, *p moved past it; 0 when there is none or it is out
 * of range (then *p is moved past the digits only). */
unsigned view_vlan_read_id(const char **p);

/* Marks on[v] = 1 (on has VLAN_MAX + 1 entries) for each single ID and
 * range of the list at p; words that are no ID are skipped. */
void view_vlan_mark(unsigned char *on, const char *p);

/* The list of the marked IDs (on[v] is 1; unmarked 0) from *from on, as lines write it (runs of
 * two or more consecutive IDs as "A to B"), at most `items` IDs and
 * ranges, into buf.  Moves *from past what was written; returns the
 * length, 0 when no ID is left. */
size_t view_vlan_format(const unsigned char *on, unsigned *from, unsigned items, char *buf,
			size_t len);

/* The IDs a command names with <vlan-id1> [ to <vlan-id2> ] items or a
 * <vlan-id> (and the keyword `all`: every one), marked in ids[] (VLAN_MAX + 1 entries,
 * zeroed by the caller).  0, or -1 with the message in err when a range
 * runs backwards. */
int view_vlan_typed(const parser_match *m, unsigned char *ids, char *err, size_t errlen);

#endif
