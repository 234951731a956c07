"""Commands of the BGP view that belong to its IPv4 unicast address family.

The BGP view (`bgp AS`) takes the commands of the IPv4 unicast family as
well: `import-route`, `network`, `peer X next-hop-local`, `peer X
route-policy ...`.  The device keeps what they set in the family and shows
the lines under ` ipv4-family unicast`, wherever they were typed; the
guide's scripts agree (every such line of a well-formed page stands in the
family; the BGP view shows only its own commands: `router-id`, `peer X
as-number`, `peer X connect-interface`, timers, confederations ...).

A row of the BGP view gets GENF_AF4 when its command (order key: title,
undo forms apart) also has a row in the IPv4 unicast family view.  The
engine then keeps its line in the process's family section (views/generic.c).
A row of the BGP view alone (`import-route (BGP view)`) takes its place
among the family's lines from the family's row: its own was learned from
the BGP view's lines, where the device never shows it.
"""

BGP_VIEW = "BGP view"
AF4_VIEW = "BGP-IPv4 unicast address family view"
GENF_AF4 = 0x80
_PLACE_FLAGS = 0x10 | 0x40   # GENF_KEYED, GENF_BLOCK


def _key(row):
    return ("undo " if row.undo else "") + row.title


def mark(rows):
    """Set GENF_AF4 on the BGP view rows of family commands; returns how
    many rows got it."""
    family = {}
    for r in rows:
        if AF4_VIEW in r.views:
            k = _key(r)
            # the family's own row first, then the first listed
            if k not in family or (r.views == [AF4_VIEW] and family[k].views != [AF4_VIEW]):
                family[k] = r
    n = 0
    for r in rows:
        f = family.get(_key(r))
        if BGP_VIEW not in r.views or f is None:
            continue
        r.flags |= GENF_AF4
        if r.views == [BGP_VIEW]:
            r.ord_sub, r.ord_fam = f.ord_sub, f.ord_fam
            r.flags = (r.flags & ~_PLACE_FLAGS) | (f.flags & _PLACE_FLAGS)
        n += 1
    return n
