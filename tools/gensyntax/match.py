"""A small matcher for command lines against generated rows, used to read
the pages' Examples (which command enters which view, which values a
parameter takes) and to check the generated types against them.

It follows the engine's rules loosely: keywords case-insensitive with
unique-prefix abbreviation, parameters checked by kind and range, `[ ]`
optional, `{ | }` one of, `&<m-n>` repeated, `*` any order.  It is a
reading aid for the generator, not the engine's matcher."""

import ipaddress
import re

import fmt as fmtmod
import ptypes

# Interface types as the engine names them (parser/iftype.c and the types
# it adds for the full command set), with the number of fields of their
# numbers.
IFTYPES = {
    "ge": 3, "10ge": 3, "25ge": 3, "40ge": 3, "50ge": 3, "100ge": 3, "200ge": 3, "400ge": 3,
    "meth": 3, "eth-trunk": 1, "loopback": 1, "vlanif": 1, "vbdif": 1, "tunnel": 1,
    "nve": 1, "null": 1,
}
_IFNAME = re.compile(r"^([A-Za-z][A-Za-z-]*?|\d+GE)\s*(\d+(?:/\d+)*(?:\.\d+)?(?::\d+)?)$", re.I)


def lex(line):
    """Tokens of a command line: blank-separated words, a double-quoted
    string is one token (quotes kept)."""
    toks = []
    i = 0
    n = len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        if line[i] == '"':
            j = line.find('"', i + 1)
            j = n if j < 0 else j + 1
        else:
            j = i
            while j < n and not line[j].isspace():
                j += 1
        toks.append(line[i:j])
        i = j
    return toks


def iftype_of(word):
    w = word.lower()
    if w in IFTYPES:
        return w
    hits = [t for t in IFTYPES if t.startswith(w)]
    return hits[0] if len(hits) == 1 else None


def _ifnum_ok(s, fields=None):
    m = re.fullmatch(r"\d+(/\d+)*(\.\d+)?(:\d+)?", s)
    if not m:
        return False
    if fields is not None:
        main = s.split(".")[0].split(":")[0]
        return len(main.split("/")) == fields
    return True


def _ipv4(s):
    parts = s.split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
        return None
    return [int(p) for p in parts]


def _ipv6(s):
    try:
        ipaddress.IPv6Address(s)
        return True
    except ValueError:
        return False


def value_ok(t, tok, prev_iftype=None):
    """Does token tok (as typed) fit PType t?"""
    k = t.kind
    if k == "PT_STRING":
        s = tok
        if t.flags & ptypes.PTF_QUOTE_SPACES and len(s) >= 2 and s[0] == '"' and s[-1] == '"':
            s = s[1:-1]
        return t.min <= len(s) <= t.max
    if k == "PT_UINT":
        return tok.isdigit() and t.min <= int(tok) <= t.max
    if k == "PT_INT":
        if not re.fullmatch(r"-?\d+", tok):
            return False
        return ptypes.to_signed(t.min) <= int(tok) <= ptypes.to_signed(t.max)
    if k == "PT_HEX":
        s = tok[2:] if tok.lower().startswith("0x") else tok
        return bool(re.fullmatch(r"[0-9a-fA-F]{1,16}", s)) and t.min <= int(s, 16) <= t.max
    if k == "PT_ASN":
        if tok.isdigit():
            return 1 <= int(tok) <= 4294967295
        m = re.fullmatch(r"(\d+)\.(\d+)", tok)
        return bool(m) and int(m.group(1)) <= 65535 and int(m.group(2)) <= 65535
    if k in ("PT_IPV4", "PT_WILDCARD"):
        return _ipv4(tok) is not None
    if k == "PT_IPV4_MASK":
        b = _ipv4(tok)
        if b is None:
            return False
        v = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]
        inv = ~v & 0xFFFFFFFF
        return (inv & (inv + 1)) == 0
    if k == "PT_IPV4_PREFIX":
        m = re.fullmatch(r"([\d.]+)/(\d+)", tok)
        return bool(m) and _ipv4(m.group(1)) is not None and t.min <= int(m.group(2)) <= t.max
    if k == "PT_AREA":
        return (tok.isdigit() and int(tok) <= 4294967295) or _ipv4(tok) is not None
    if k == "PT_IPV6":
        return _ipv6(tok)
    if k == "PT_IPV6_PREFIX":
        m = re.fullmatch(r"([0-9A-Fa-f:.]+)/(\d+)", tok)
        return bool(m) and _ipv6(m.group(1)) and t.min <= int(m.group(2)) <= max(t.max, 128)
    if k in ("PT_RD", "PT_VPN_TARGET"):
        m = re.fullmatch(r"([\d.]+):(\d+)", tok)
        if not m:
            return False
        a = m.group(1)
        return a.isdigit() or _ipv4(a) is not None or bool(re.fullmatch(r"\d+\.\d+", a))
    if k == "PT_IFTYPE":
        return iftype_of(tok) is not None
    if k == "PT_IFNUM":
        return _ifnum_ok(tok)
    if k == "PT_IFNAME":
        m = _IFNAME.match(tok)
        return bool(m) and iftype_of(m.group(1)) is not None
    if k == "PT_MAC":
        return bool(re.fullmatch(r"[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}", tok))
    if k == "PT_DATE":
        m = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", tok)
        return bool(m) and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
    if k == "PT_TIME":
        parts = tok.split(":")
        if not all(p.isdigit() and len(p) <= 2 for p in parts):
            return False
        lo, hi = (t.min, t.max) if t.max else (2, 3)
        return lo <= len(parts) <= hi and int(parts[0]) <= 24 and all(int(p) < 60 for p in parts[1:])
    return False


class Compiled:
    """A row prepared for matching: its Format tree and parameter types."""

    def __init__(self, row):
        self.row = row
        self.node = row.node
        self.types = {name: t for name, t, _ in row.params}


def _match_node(node, toks, pos, binds, types, keywords):
    """Yield (pos, binds) after matching node from pos; with keywords, the
    keywords typed are bound too, as ("+keyword", token)."""
    typ = node.type
    if typ == "kw":
        if pos < len(toks):
            t = toks[pos].lower()
            kw = node.value.lower()
            if t == kw or (kw.startswith(t) and not t.isdigit()):
                yield pos + 1, (binds + (("+" + kw, toks[pos]),) if keywords else binds)
        return
    if typ == "param":
        if pos < len(toks):
            t = types.get(node.value)
            if t is None:
                return
            if t.kind == "PT_STRING" and t.flags & ptypes.PTF_REST_OF_LINE:
                yield len(toks), binds + ((node.value, " ".join(toks[pos:])),)
                return
            if value_ok(t, toks[pos]):
                yield pos + 1, binds + ((node.value, toks[pos]),)
        return
    if typ == "seq":
        states = [(pos, binds)]
        for k in node.kids:
            nxt = []
            seen = set()
            for p, b in states:
                for st in _match_node(k, toks, p, b, types, keywords):
                    if st not in seen:
                        seen.add(st)
                        nxt.append(st)
            states = nxt
            if not states:
                return
        yield from states
        return
    # group
    def once(p, b):
        for alt in node.kids:
            yield from _match_node(alt, toks, p, b, types, keywords)

    if node.rep or node.anyorder:
        lo, hi = node.rep if node.rep else ((0 if node.opt else 1), len(node.kids))
        if node.rep and node.opt:
            lo = 0
        states = {(pos, binds)}
        results = set()
        if lo == 0:
            results |= states
        for i in range(1, hi + 1):
            nxt = set()
            for p, b in states:
                for st in once(p, b):
                    if st[0] > p:
                        nxt.add(st)
            if not nxt:
                break
            if i >= lo:
                results |= nxt
            states = nxt
        yield from results
        return
    if node.opt:
        yield pos, binds
    yield from once(pos, binds)


def match(compiled, toks, keywords=False):
    """Bindings ({name: value}) when the whole line matches, else None."""
    for p, b in _match_node(compiled.node, toks, 0, (), compiled.types, keywords):
        if p == len(toks):
            return dict(b)
    return None


def reach(compiled, toks):
    """How far into the line some path of the Format gets: the index of
    the first token no path takes (len(toks) when the line matches or
    stops early).  For explaining why a line is not taken."""
    for n in range(len(toks), 0, -1):
        for p, _ in _prefix_states(compiled.node, toks[:n], compiled.types):
            if p == n:
                return n
    return 0


def _prefix_states(node, toks, types):
    """States after matching node, where running out of tokens in the
    middle of the Format counts as a match of everything before."""
    yield from _match_node(_Prefix(node), toks, 0, (), types, False)


class _Prefix:
    """A view of a Format in which every word after the first may be
    missing: the matcher then says how many leading tokens fit."""

    def __init__(self, node):
        self.type = "group"
        self.opt = False
        self.rep = None
        self.anyorder = False
        self.kids = [_truncations(node)]


def _truncations(node):
    seq = fmtmod.Node("seq")
    seq.kids = [_optional_tail(node)]
    return seq


def _optional_tail(node):
    """node with everything made optional except its first word, so that a
    prefix of a line matches it."""
    if node.type in ("kw", "param"):
        return node
    copy = fmtmod.Node(node.type, node.value, [], node.opt)
    copy.rep = (0, node.rep[1]) if node.rep else None
    copy.anyorder = node.anyorder
    if node.type == "seq":
        for i, k in enumerate(node.kids):
            kk = _optional_tail(k)
            if i > 0:
                g = fmtmod.Node("group", opt=True)
                inner = fmtmod.Node("seq")
                inner.kids = [kk]
                g.kids = [inner]
                kk = g
            copy.kids.append(kk)
        return copy
    copy.kids = [_optional_tail(k) for k in node.kids]
    return copy


class Index:
    """Rows by their first keyword, for looking a line up."""

    def __init__(self, rows):
        self.cache = {}
        self.by_first = {}
        for r in rows:
            first = _first_keywords(r.node)
            c = Compiled(r)
            for kw in first:
                self.by_first.setdefault(kw, []).append(c)

    def candidates(self, tok):
        t = tok.lower()
        if t in self.by_first:
            return self.by_first[t]
        out = []
        for kw, lst in self.by_first.items():
            if kw.startswith(t):
                out.extend(lst)
        return out

    def lookup(self, line):
        """[(row, binds)] of every row that accepts the whole line."""
        hit = self.cache.get(line)
        if hit is None:
            hit = self.cache[line] = self._lookup(line)
        return hit

    def _lookup(self, line):
        toks = lex(line)
        if not toks:
            return []
        out = []
        for c in self.candidates(toks[0]):
            b = match(c, toks)
            if b is not None:
                out.append((c.row, b))
        return out


def _first_keywords(node):
    """The keywords a Format may start with."""
    if node.type == "kw":
        return {node.value.lower()}
    if node.type == "param":
        return {"<param>"}
    if node.type == "seq":
        acc = set()
        for k in node.kids:
            f = _first_keywords(k)
            acc |= f
            if not fmtmod.may_be_empty(k):
                return acc
        return acc
    acc = set()
    for alt in node.kids:
        acc |= _first_keywords(alt)
    return acc
