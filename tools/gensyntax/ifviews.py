"""Interface views: which view `interface X` enters depends on X's type,
whether X is a sub-interface, and whether the port runs at Layer 2, none
of which the commands typed afterwards can tell apart (most interface
commands list every interface view).  Their names follow a few patterns,
read here into (interface type, sub-interface, Layer 2)."""

import re

# Interface type names as the engine spells them, by the spelling in view names.
IFTYPE_SPELLING = {
    "ge": "GE", "10ge": "10GE", "25ge": "25GE", "40ge": "40GE", "50ge": "50GE",
    "100ge": "100GE", "200ge": "200GE", "400ge": "400GE", "eth-trunk": "Eth-Trunk",
    "vbdif": "Vbdif", "vlanif": "Vlanif", "loopback": "LoopBack", "tunnel": "Tunnel",
    "nve": "Nve", "null": "NULL", "management": "MEth",
}

_PATTERNS = (
    (re.compile(r"^Layer 2 (\S+) interface view$", re.I), False, True),
    (re.compile(r"^(\S+)-L2 view$", re.I), False, True),
    (re.compile(r"^(\S+) Layer 2 sub-interface view$", re.I), True, True),
    (re.compile(r"^(\S+) sub-interface view$", re.I), True, False),
    (re.compile(r"^(\S+) interface view$", re.I), False, False),
)


class IfView:
    __slots__ = ("name", "iftype", "sub", "l2", "member")

    def __init__(self, name, iftype, sub, l2, member=False):
        self.name = name
        self.iftype = iftype      # None: any type
        self.sub = sub
        self.l2 = l2
        self.member = member

    def condition(self):
        """The entering condition, in the prompt template's syntax."""
        parts = []
        if self.iftype:
            parts.append("iftype=" + self.iftype)
        if self.sub:
            parts.append("sub")
        if self.l2:
            parts.append("l2")
        if self.member:
            parts.append("member")
        return ";".join(parts)


def classify(name):
    """IfView for an interface view name, else None."""
    if name == "Layer 2 sub-interface view":
        return IfView(name, None, True, True)
    if name == "Sub-interface view":
        return IfView(name, None, True, False)
    if name == "Eth-Trunk member interface view":
        return IfView(name, None, False, False, member=True)
    for rx, sub, l2 in _PATTERNS:
        m = rx.match(name)
        if m:
            t = IFTYPE_SPELLING.get(m.group(1).lower())
            if t:
                return IfView(name, t, sub, l2)
    return None


def pick(candidates, iftype, sub, evidence):
    """The interface view a frame is in: among the interface views, those
    of its type and sub-interface-ness; the Layer 2 one when the commands
    typed there name it and not the Layer 3 one."""
    fits = [c for c in candidates if c.iftype == iftype and c.sub == sub and not c.member]
    if not fits:
        fits = [c for c in candidates if c.iftype is None and c.sub == sub and not c.member]
    if not fits:
        return None
    named = set()
    for ev in evidence:
        named |= ev
    l3 = [c for c in fits if not c.l2]
    l2 = [c for c in fits if c.l2]
    if l2 and any(c.name in named for c in l2) and not any(c.name in named for c in l3):
        return l2[0].name
    return (l3 or l2)[0].name
