"""What the configuration guide's device scripts teach about display order,
block layout and the lines a device shows (tests/guide/scripts.txt, the
fixture tests/guide/extract.py writes from the guide).

The scripts are `display current-configuration` output, so they say:

  - in which order the device shows the commands of a view: a command that
    comes before another in one section does so in every section (the
    device prints each feature's lines in a fixed order);
  - which top-level lines share a `#` block (the lines of one feature) and
    which stand alone;
  - before which nested sections the device writes an indented `#`;
  - which `undo ...` forms it shows as lines (settings that are on by
    default and were turned off).

Each script line is matched with the generated rows (match.py) in the view
its indentation puts it in: the section above it entered that view
(views.py's table).  Commands are named by their order key, the row's
title with "undo " in front for undo rows, so that the rows of one command
in different views (the `description` of every view) share a place.

The order is a linear extension of the observed "comes before" pairs that
keeps as many of them as it can (pairs seen both ways count by majority):
each command is moved to the place that breaks the fewest, until no move
helps.  Hand-written commands are anchors: their order constants come from
the C sources named in the overrides (`anchor`), and the generated commands
are numbered between them.  Commands the scripts never show go after the
last shown command of their reference folder (the same feature), or, when
their feature never appears, after everything (top level: where sections
of generated commands went before, ORD_GENERIC)."""

import collections
import importlib.util
import os
import re

import ifviews
from viewinfer import is_pseudo

TOP, SUB = "top", "sub"

# cfg_order.cls values (see views/generic.c): generated lines inside views
# are numbered from SUB_BASE, so that they come after the small order
# constants of the hand-written views that have no anchors; commands of
# features the guide never shows go at the end of the space.
SUB_BASE = 1 << 16
SPACE_END = 1 << 31
UNSEEN_TOP = "ORD_GENERIC"

# gen_cmd.flags
GENF_SEP_CHILDREN = 0x1   # nested sections below it are preceded by " #"
GENF_UNDO_SHOWN = 0x2     # an undo form the device shows as a line
GENF_HAS_UNDO_SHOWN = 0x4  # a command whose undo form the device shows
GENF_VIA = 0x8            # enters its view through the view's own entering command
GENF_KEYED = 0x10         # lines grouped by their first value with the family's others
GENF_JOIN = 0x20          # top-level sections of the command not separated by "#"
GENF_BLOCK = 0x40         # inside views: its line stands as a block of its own (" #" before it)


def _load_fixture_module(root):
    path = os.path.join(root, "tests", "guide", "run.py")
    spec = importlib.util.spec_from_file_location("guide_run", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Node:
    __slots__ = ("text", "depth", "kids", "sep_before", "row", "key", "view", "enters", "binds")

    def __init__(self, text, depth):
        self.text = text
        self.depth = depth
        self.kids = []
        self.sep_before = False
        self.row = None
        self.key = None
        self.view = None
        self.enters = None
        self.binds = None


def parse(lines):
    """Script lines (as displayed) -> the top-level nodes."""
    root = Node("", -1)
    stack = [root]
    sep = False
    for ln in lines:
        s = ln.rstrip()
        body = s.strip()
        if not body or s.startswith("!") or body == "return":
            continue
        depth = len(s) - len(s.lstrip(" "))
        if body == "#":
            sep = True
            continue
        while len(stack) > 1 and stack[-1].depth >= depth:
            stack.pop()
        n = Node(body, depth)
        n.sep_before = sep
        sep = False
        stack[-1].kids.append(n)
        stack.append(n)
    return root.kids


def order_key(row):
    return ("undo " if row.undo else "") + row.title


# Order keys of the commands whose title rows of different views share
# (`version` of the RIP view and of the ERPS ring view, `router-id` of BGP
# and OSPF): inside views, the rows of each set of views have a place of
# their own, so that the orders of unrelated views do not pull on each
# other (set by qualify()).
_QUALIFIED = set()


def _views_of(row):
    return "|".join(sorted(row.views))


def qualify(rows, anchors):
    """Which order keys sub_key() tells apart by views: the keys of rows
    of several sets of views, but the anchors' (their places are the C
    sources') and the commands of families (`peer X ...`: one place for
    all views)."""
    views = collections.defaultdict(set)
    fam = set()
    for r in rows:
        k = order_key(r)
        views[k].add(_views_of(r))
        if family_of(r) is not None:
            fam.add(k)
    anchored = set(a.key for a in anchors if a.family == SUB)
    _QUALIFIED.clear()
    _QUALIFIED.update(k for k, vs in views.items()
                      if len(vs) > 1 and k not in anchored and k not in fam)


def sub_key(row):
    """The order key of a row's lines inside views."""
    k = order_key(row)
    return k + " @" + _views_of(row) if k in _QUALIFIED else k


class Guide:
    """The scripts read against the rows and views."""

    def __init__(self, root, rows, views, index):
        self.rows = rows
        self.index = index
        self.views = {v.name: v for v in views}
        self.enter_of = collections.defaultdict(list)   # (parent view, row index) -> [view]
        for v in views:
            for r in v.enter:
                self.enter_of[(v.parent, r)].append(v.name)
        self.iface = set(v.name for v in views if ifviews.classify(v.name)) | {
            "Interface view", "all-interface view", "Ethernet interface view"}
        self.scripts = []
        self.lines = self.matched = 0
        self.unmatched = collections.Counter()
        mod = _load_fixture_module(root)
        scripts = mod.load_fixture(os.path.join(root, "tests", "guide", "scripts.txt"))
        fixes = mod.load_fixes(os.path.join(root, "tests", "guide", "normalise.txt"))
        for s in scripts:
            lines = s.lines
            skip = False
            for fx in fixes:
                if fx.applies(s.name):
                    if fx.kind == "skip":
                        skip = True
                        break
                    lines = fx.apply(lines)
            if skip:
                continue
            top = parse(mod.script_input(lines))
            self._resolve(top, "System view")
            self.scripts.append((s.name, top))

    # -- which row a line is, in which view -----------------------------

    def _fits(self, row, view):
        if view is None:
            return True
        if view in row.views:
            return True
        if view in self.iface and any(v in self.iface for v in row.views):
            return True
        return False

    def _resolve(self, nodes, view):
        for n in nodes:
            self.lines += 1
            hits = [(r, b) for r, b in self.index.lookup(n.text)
                    if r.kind == 0 and not any(is_pseudo(v) for v in r.views)]
            fit = [(r, b) for r, b in hits if self._fits(r, view)]
            pick = fit or (hits if view is None else [])
            if not pick:
                self.unmatched[(view, n.text.split()[0])] += 1
            else:
                exact = [(r, b) for r, b in pick if view in r.views]
                r, n.binds = (exact or pick)[0]
                n.row = r
                n.key = order_key(r)
                n.view = view
                self.matched += 1
            if n.kids:
                n.enters = self._entered(n, view)
                self._resolve(n.kids, n.enters)

    def _entered(self, n, view):
        if n.row is None or view is None:
            return None
        cands = []
        same = [r for r in self._same_title(n.row)]
        for r in same:
            for v in self.enter_of.get((view, r.index), []):
                if v not in cands:
                    cands.append(v)
        if view in self.iface or not cands:
            # interface views enter sections of their own only rarely
            for r in same:
                for (pv, idx), vs in self.enter_of.items():
                    if idx == r.index and pv in self.iface and view in self.iface:
                        cands += [v for v in vs if v not in cands]
        if len(cands) <= 1:
            return cands[0] if cands else None

        def score(v):
            ok = 0
            for k in n.kids:
                hits = self.index.lookup(k.text)
                ok += any(self._fits(r, v) for r, _ in hits)
            return (ok, v in self.iface)
        return max(cands, key=lambda v: (score(v), v))

    def _same_title(self, row):
        key = (row.page, row.undo)
        if not hasattr(self, "_by_page"):
            self._by_page = collections.defaultdict(list)
            for r in self.rows:
                self._by_page[(r.page, r.undo)].append(r)
        return self._by_page[key]

    # -- views the scripts enter that the Examples did not show ----------

    def learn_enters(self, views, report):
        """A section line whose command enters no known view, but whose
        lines all run in one view V that is entered from the section's view:
        the command enters V (`bfd atob bind peer-ipv6 ... interface X` with
        ` discriminator local 1` under it).  Its page's rows are added to
        V's ways in when V's prompt template can be filled from them.
        Returns the number of pages added."""
        by_name = {v.name: v for v in views}
        found = collections.Counter()
        for _name, top in self.scripts:
            stack = list(top)
            while stack:
                n = stack.pop()
                stack.extend(n.kids)
                if not n.kids or n.enters is not None or n.row is None or n.view is None:
                    continue
                common = None
                for k in n.kids:
                    vs = set(v for r, _ in self.index.lookup(k.text) for v in r.views
                             if r.kind == 0 and not is_pseudo(v))
                    common = vs if common is None else common & vs
                cands = [v for v in (common or ()) if v in by_name and
                         by_name[v].parent == n.view and by_name[v].prompt]
                if len(cands) == 1:
                    found[(n.row.page, cands[0])] += 1
        added = 0
        for (page, vname), _n in sorted(found.items()):
            v = by_name[vname]
            rs = [r for r in self.rows if r.page == page and not r.undo and r.kind == 0 and
                  v.parent in r.views]
            names = set(name for r in rs for name, _t, _s in r.params)
            holes = [alts for alts in re.findall(r"\{([^{}|;]+)(?:\|[^{};]*)?\}",
                                                  v.prompt.split(";")[0])
                     if not any(a in names or a.startswith("interface-")
                                for a in alts.split(","))]
            if holes or not rs:
                report.exception("view", page, vname, "the guide's scripts enter it with this "
                                 "page's command, but its prompt needs {%s}" % ",".join(holes),
                                 "")
                continue
            v.enter = sorted(set(v.enter) | set(r.index for r in rs))
            report.exception("view", page, vname, "entered by this page's command too",
                             "the configuration guide's scripts show the view's lines under it")
            added += 1
        return added

    # -- what the scripts say -------------------------------------------

    def sequences(self):
        """(family, [keys]) of every section and of the top level, in
        display order, with consecutive repeats merged."""
        out = []

        def walk(nodes, family):
            seq = []
            for n in nodes:
                k = n.key if family == TOP or n.row is None else sub_key(n.row)
                if k and (not seq or seq[-1] != k):
                    seq.append(k)
                if n.kids:
                    walk(n.kids, SUB)
            out.append((family, seq))
        for _name, top in self.scripts:
            walk(top, TOP)
        return out

    def top_blocks(self):
        """Counter of (a, b, joined): consecutive top-level plain lines of
        commands a and b, in one block (joined) or separated by "#"."""
        c = collections.Counter()
        for _name, top in self.scripts:
            prev = None
            for n in top:
                if n.kids or n.key is None:
                    prev = None
                    continue
                if prev is not None and prev.key != n.key:
                    c[(prev.key, n.key, not n.sep_before)] += 1
                prev = n
        return c

    def top_joins(self):
        """Counter of (key, joined): consecutive top-level sections of one
        command without (joined) or with a "#" between them."""
        c = collections.Counter()
        for _name, top in self.scripts:
            for a, b in zip(top, top[1:]):
                if a.kids and b.kids and a.key and a.key == b.key:
                    c[(a.key, not b.sep_before)] += 1
        return c

    def sep_children(self):
        """Counter of (key, separated): sections whose nested sections are
        (not) preceded by an indented "#"."""
        c = collections.Counter()
        for _name, top in self.scripts:
            stack = list(top)
            while stack:
                n = stack.pop()
                if n.kids and n.key and n.depth >= 0:
                    subs = [k for k in n.kids if k.kids]
                    if subs:
                        c[(n.key, all(k.sep_before for k in subs))] += 1
                    stack.extend(n.kids)
        return c

    def sections(self):
        """Every line of every script that has lines of its own."""
        for _name, top in self.scripts:
            stack = list(top)
            while stack:
                n = stack.pop()
                if n.kids:
                    stack.extend(n.kids)
                    yield n

    def sep_lines(self):
        """Counter of (key, separated): lines without lines of their own,
        inside a view, (not) preceded by an indented "#" (`ai-service` /
        ` #` / ` buffer optimization mode ...`)."""
        c = collections.Counter()
        for n in self.sections():
            for k in n.kids:
                if not k.kids and k.key:
                    c[(k.key, k.sep_before)] += 1
        return c

    def value_pairs(self):
        """Counter of (a, b): commands a and b of one keyed family shown
        for the same value in one section, a before b (`vrrp vrid 1
        virtual-ip ...` before `vrrp vrid 1 load-balance`).  Lines of
        different values say nothing about the order of the family's
        commands: their places follow from the values."""
        c = collections.Counter()
        for n in self.sections():
            seqs = collections.defaultdict(list)
            for k in n.kids:
                if k.row is None:
                    continue
                fam = family_of(k.row)
                val = family_value(k.row, k.binds)
                if fam is not None and val is not None:
                    seq = seqs[(fam, val)]
                    if not seq or seq[-1] != k.key:
                        seq.append(k.key)
            for seq in seqs.values():
                for i, a in enumerate(seq):
                    for b in seq[i + 1:]:
                        if a != b:
                            c[(a, b)] += 1
        return c

    def keyed_evidence(self):
        """Counter of (family, keyed): a section whose lines of one family
        show two commands for one value, then a command again for another
        value (keyed), or one value's lines split by another value's (not)."""
        c = collections.Counter()
        for n in self.sections():
            self._keyed_in(n.kids, c)
        return c

    @staticmethod
    def _keyed_in(kids, c):
        seqs = collections.defaultdict(list)
        for k in kids:
            if k.row is None:
                continue
            fam = family_of(k.row)
            val = family_value(k.row, k.binds)
            if fam is not None and val is not None:
                seqs[fam].append((val, k.key))
        for fam, seq in seqs.items():
            vals = [v for v, _ in seq]
            keys = set(k for _, k in seq)
            if len(set(vals)) < 2 or len(keys) < 2:
                continue
            # a value's lines split by another value's: ordered by command
            split = any(vals[i] != vals[i + 1] and vals[i] in vals[i + 2:]
                        for i in range(len(vals) - 1))
            # a command seen again after another command: ordered by value
            again = any(seq[i][1] != seq[i + 1][1] and seq[i][1] in [k for _, k in seq[i + 2:]]
                        for i in range(len(seq) - 1))
            if again and not split:
                c[(fam, True)] += 1
            elif split:
                c[(fam, False)] += 1

    def identities(self):
        """Page -> the number of leading words that tell apart the lines of
        its commands the scripts show in one section (`rule 5 deny ...` and
        `rule 10 permit ...` differ in their second word; `vrrp6 vrid 1
        virtual-ip A` and `... B` in their fifth), 0 when only the whole
        line does."""
        need = {}
        for _name, top in self.scripts:
            sections = [top]
            stack = list(top)
            while stack:
                n = stack.pop()
                if n.kids:
                    sections.append(n.kids)
                    stack.extend(n.kids)
            for kids in sections:
                by_row = collections.defaultdict(list)
                for k in kids:
                    if k.row is not None and not k.row.undo and not k.kids and k.row.idtoks:
                        by_row[k.row.index].append(k.text.split())
                for idx, lines in by_row.items():
                    lines = [list(w) for w in sorted(set(tuple(w) for w in lines))]
                    if len(lines) < 2:
                        continue
                    row = self.rows[idx]
                    n = row.idtoks
                    longest = max(len(w) for w in lines)
                    while n <= longest and len(set(tuple(w[:n]) for w in lines)) < len(lines):
                        n += 1
                    if n > row.idtoks:
                        n = 0 if n > longest else n
                        cur = need.get(row.page)
                        need[row.page] = 0 if n == 0 or cur == 0 else max(cur or 0, n)
        return need

    def undo_shown(self):
        keys = collections.Counter()
        for _name, top in self.scripts:
            stack = list(top)
            while stack:
                n = stack.pop()
                if n.row is not None and n.row.undo:
                    keys[n.key] += 1
                stack.extend(n.kids)
        return keys


# ---- keyed families -------------------------------------------------------
#
# Some commands of a view share leading words and a first value (`vrrp vrid
# 1 virtual-ip ...`, `vrrp vrid 1 priority 120`; `peer 10.1.1.1 as-number`,
# `peer 10.1.1.1 connect-interface`): the device shows the lines of one
# value together (vrid 1's, then vrid 2's), each group in the order of its
# commands.

def _first_value_node(row):
    """(leading keywords, the parameter names of the value after them) when
    a row's Format starts with keywords, then one value (a parameter, or a
    choice of single parameters: `{ <ipv4-address> | <group-name> }`), then
    more words; else None."""
    kws = []
    kids = row.node.kids
    for i, k in enumerate(kids):
        if k.type == "kw":
            if k.value.lower() == "undo":
                return None
            kws.append(k.value.lower())
            continue
        if not kws or i + 1 >= len(kids):
            return None
        if k.type == "param":
            return kws, [k.value]
        if k.type == "group" and not k.opt and not k.rep and not k.anyorder and all(
                len(a.kids) == 1 and a.kids[0].type == "param" for a in k.kids):
            return kws, [a.kids[0].value for a in k.kids]
        return None
    return None


# `family` overrides: order key -> the keyed family its lines belong to
# (set by read_families before the guide is read).
_FAMILY_ALIAS = {}


def read_families(overrides, rows, report):
    """The `family` overrides: commands whose lines go with a keyed family
    of other words, by their first value."""
    _FAMILY_ALIAS.clear()
    keys = set(order_key(r) for r in rows)
    for e in overrides.of("family"):
        if e["command"] not in keys:
            continue
        e.used += 1
        _FAMILY_ALIAS[e["command"]] = e["family"]
        report.exception("order", "", e["command"], "in the family %s" % e["family"], e.reason)
    return len(_FAMILY_ALIAS)


def _first_param(row):
    """The name of the first parameter of a row's Format path, or None."""
    for k in row.node.kids:
        if k.type == "param":
            return k.value
        if k.type != "kw":
            return None
    return None


def family_of(row):
    """The leading keywords of a row whose lines start with keywords and a
    value followed by more (`peer X as-number N`), or the family a
    `family` override puts its command in; else None."""
    if _FAMILY_ALIAS and not row.undo and order_key(row) in _FAMILY_ALIAS:
        return _FAMILY_ALIAS[order_key(row)]
    fv = _first_value_node(row)
    return " ".join(fv[0]) if fv else None


def family_value(row, binds):
    if binds is None:
        return None
    if _FAMILY_ALIAS and not row.undo and order_key(row) in _FAMILY_ALIAS:
        n = _first_param(row)
        return binds.get(n) if n else None
    fv = _first_value_node(row)
    if fv is None:
        return None
    return next((binds[n] for n in fv[1] if n in binds), None)


# ---- the order --------------------------------------------------------------

def linear_order(keys, pairs, fixed, closed=frozenset()):
    """A linear order of keys that breaks few of the weighted pairs
    ((a, b) -> weight: a before b).  `fixed` keys keep their order among
    themselves (the list gives it); no key is placed between the two keys
    of a `closed` pair unless the guide shows it between them."""
    w = collections.defaultdict(dict)
    for (a, b), k in pairs.items():
        w[a][b] = w[a].get(b, 0) + k
    fixed_pos = {k: i for i, k in enumerate(fixed)}
    # start: fixed keys, then each other key inserted where it breaks least
    order = list(fixed)
    rest = sorted(k for k in keys if k not in fixed_pos)

    def best_place(order, n):
        # violations at position j: pairs (n, m) with m before, (m, n) with m after
        v = sum(w[m].get(n, 0) for m in order)
        best_j, best_v = 0, v
        lo, hi = 0, len(order)
        # positions inside a closed pair (after its first key, up to its
        # second) are not for n unless the guide shows n between the two
        barred = []
        for a, b in closed:
            if a in order and b in order and not (w[a].get(n) and w[n].get(b)):
                barred.append((order.index(a), order.index(b)))
        for j, m in enumerate(order):
            v += w[n].get(m, 0) - w[m].get(n, 0)
            if v < best_v and not any(ia < j + 1 <= ib for ia, ib in barred):
                best_v, best_j = v, j + 1
        return best_j, best_v, lo, hi

    for n in rest:
        j, _v, _lo, _hi = best_place(order, n)
        order.insert(j, n)
    for _ in range(30):
        moved = False
        for n in list(order):
            if n in fixed_pos:
                continue
            i = order.index(n)
            cur = (sum(w[n].get(m, 0) for m in order[:i]) +
                   sum(w[m].get(n, 0) for m in order[i + 1:]))
            base = order[:i] + order[i + 1:]
            j, v, _lo, _hi = best_place(base, n)
            if v < cur:
                base.insert(j, n)
                order = base
                moved = True
        if not moved:
            break
    return order


def broken_pairs(order, pairs):
    pos = {k: i for i, k in enumerate(order)}
    return sum(k for (a, b), k in pairs.items() if a in pos and b in pos and pos[a] > pos[b])


class Anchor:
    def __init__(self, key, family, name, value):
        self.key = key
        self.family = family
        self.name = name
        self.value = value


def read_anchors(root, overrides, report):
    """The `anchor` overrides with the values of their C constants."""
    out = []
    cache = {}
    for e in overrides.of("anchor"):
        path = os.path.join(root, e["file"])
        if path not in cache:
            with open(path, encoding="utf-8") as f:
                cache[path] = f.read()
        text = cache[path]
        m = re.search(r"\b%s\s*=\s*([^,\n/]+)" % re.escape(e["constant"]), text)
        if not m:
            raise ValueError("overrides line %d: no constant %s in %s"
                             % (e.line, e["constant"], e["file"]))
        value = _c_value(m.group(1), text)
        fam = e["family"]
        if fam not in (TOP, SUB):
            raise ValueError("overrides line %d: family is top or sub" % e.line)
        e.used += 1
        out.append(Anchor(e["command"], fam, e["constant"], value))
        report.exception("order", "", e["command"], "anchored at %s = %d (%s)"
                         % (e["constant"], value, e["file"]), e.reason)
    return out


def _c_value(expr, text):
    expr = expr.strip()
    m = re.fullmatch(r"(\d+)(?:u|U)?\s*<<\s*(\d+)", expr)
    if m:
        return int(m.group(1)) << int(m.group(2))
    m = re.fullmatch(r"\(?(\d+)(?:u|U)?\)?", expr)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"([A-Z_0-9]+)\s*\+\s*(\d+)", expr)
    if m:
        base = re.search(r"\b%s\s*=\s*([^,\n/]+)" % m.group(1), text)
        if base:
            return _c_value(base.group(1), text) + int(m.group(2))
    raise ValueError("cannot read the constant value %r" % expr)


def _numbers(order, anchors, lo, hi):
    """Values for the keys of `order`: anchors keep theirs, the keys
    between two anchors are spread evenly between their values."""
    val = {}
    pts = [(-1, lo)] + [(i, anchors[k]) for i, k in enumerate(order) if k in anchors] + \
        [(len(order), hi)]
    for (i0, v0), (i1, v1) in zip(pts, pts[1:]):
        n = i1 - i0 - 1
        if n <= 0:
            continue
        # anchors of one value with commands between them: those commands
        # share the value (their lines then keep the order they were made in)
        step = (v1 - v0) // (n + 1) if v1 - v0 > n else 0
        for j in range(n):
            val[order[i0 + 1 + j]] = v0 + step * (j + 1)
    for k, v in anchors.items():
        val[k] = v
    return val


class Order:
    """The result: per order key, its value in each family, its block group
    (top level) and flags."""

    def __init__(self):
        self.top = {}        # key -> cls
        self.grp = {}        # key -> rank inside its block group (top level)
        self.sub = {}        # key -> cls
        self.flags = collections.Counter()
        self.keyed = set()   # families whose lines group by value
        self.fam = {}        # keyed family -> cls of its lines inside views
        self.rank = {}       # order key of a keyed family's command -> its place in the family
        self.stats = {}


def read_adjacent(overrides, anchors, report):
    """The `adjacent` overrides: pairs of anchors of the views' (sub)
    order that nothing may stand between."""
    names = set(a.key for a in anchors if a.family == SUB)
    out = set()
    for e in overrides.of("adjacent"):
        if e["family"] != SUB or e["first"] not in names or e["second"] not in names:
            raise ValueError("overrides line %d: adjacent takes two anchors of the sub family"
                             % e.line)
        e.used += 1
        out.add((e["first"], e["second"]))
        report.exception("order", "", e["first"], "nothing between it and %s" % e["second"],
                         e.reason)
    return frozenset(out)


def derive(g, rows, anchors, unseen_top_value, report, closed=frozenset()):
    o = Order()
    qualify(rows, anchors)
    seqs = g.sequences()
    pairs = {TOP: collections.Counter(), SUB: collections.Counter()}
    seen = {TOP: set(), SUB: set()}
    for fam, seq in seqs:
        seen[fam].update(seq)
        for i, a in enumerate(seq):
            for b in seq[i + 1:]:
                if a != b:
                    pairs[fam][(a, b)] += 1

    # top-level block groups: commands whose lines share a block
    blocks = g.top_blocks()
    parent = {}

    def find(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k
    members = collections.defaultdict(set)

    def shown(x, y, joined):
        return blocks.get((x, y, joined), 0) + blocks.get((y, x, joined), 0)
    # Strongest evidence first; two groups merge only when, over every
    # pair of their members, the scripts show them joined more often than
    # apart: `snmp-agent local-engineid` joins `snmp-agent` and
    # `snmp-agent sys-info` joins `snmp-agent group`, but the two pairs
    # stay apart because the scripts put a "#" between local-engineid and
    # sys-info.
    cand = sorted(((n, a, b) for (a, b, joined), n in blocks.items() if joined),
                  key=lambda t: (-t[0], t[1], t[2]))
    for n, a, b in cand:
        if n <= shown(a, b, False):
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma, mb = members[ra] | {ra}, members[rb] | {rb}
        j = sum(shown(x, y, True) for x in ma for y in mb)
        s = sum(shown(x, y, False) for x in ma for y in mb)
        if j <= s:
            continue
        lo, hi = min(ra, rb), max(ra, rb)
        parent[hi] = lo
        members[lo] |= members.pop(hi, set()) | {hi}
    groups = collections.defaultdict(list)
    for k in seen[TOP]:
        groups[find(k)].append(k)

    anc = {TOP: {a.key: a.value for a in anchors if a.family == TOP},
           SUB: {a.key: a.value for a in anchors if a.family == SUB}}
    for fam in (TOP, SUB):
        fixed = sorted(anc[fam], key=lambda k: anc[fam][k])
        keys = set(seen[fam]) | set(fixed)
        p = pairs[fam]
        if fam == TOP:
            # order groups as units: a group stands where its members do
            rep = {k: find(k) for k in keys}
            gp = collections.Counter()
            for (a, b), n in p.items():
                if rep[a] != rep[b]:
                    gp[(rep[a], rep[b])] += n
            anchor_reps = {}
            for k in fixed:
                anchor_reps.setdefault(rep[k], anc[fam][k])
            gfixed = sorted(anchor_reps, key=lambda r: anchor_reps[r])
            gorder = linear_order(set(rep.values()), gp, gfixed)
            val = _numbers(gorder, anchor_reps, 0, SPACE_END)
            for k in keys:
                o.top[k] = val[rep[k]]
            for r, members in groups.items():
                inner = linear_order(set(members), p, [])
                for i, k in enumerate(inner):
                    o.grp[k] = i + 1 if len(members) > 1 else 0
            o.stats["top broken"] = broken_pairs(
                sorted(keys, key=lambda k: (o.top[k], o.grp.get(k, 0))), p)
            o.stats["top groups"] = sum(1 for m in groups.values() if len(m) > 1)
        else:
            # keyed families stand as one command each (their lines show
            # together); inside a family, its commands' own order
            ev = g.keyed_evidence()
            o.keyed = set(f for (f, keyed), n in ev.items()
                          if keyed and n > ev.get((f, False), 0))
            key_fam = {}
            outside = set()   # keys with rows outside every keyed family
            for r in rows:
                f = family_of(r)
                if f in o.keyed:
                    key_fam[order_key(r)] = f
                else:
                    outside.add(order_key(r))
            # a command whose rows are not all in the family (`isis cost
            # <cost>` beside `isis process-id <id> cost <cost>`) keeps a
            # place of its own for those rows, besides its rank in the family
            rep = {k: ("=" + key_fam[k] if k in key_fam and k not in outside else k)
                   for k in keys}
            cp = collections.Counter()
            for (a, b), n in p.items():
                if rep[a] != rep[b]:
                    cp[(rep[a], rep[b])] += n
            order = linear_order(set(rep.values()), cp, fixed, closed)
            val = _numbers(order, anc[fam], SUB_BASE, SPACE_END)
            for k in keys:
                if rep[k] == k:
                    o.sub[k] = val[k]
            vp = g.value_pairs()
            for f in o.keyed:
                o.fam[f] = val.get("=" + f, 0)
                members = [k for k in keys if key_fam.get(k) == f]
                inner = linear_order(set(members), vp, [])
                for i, k in enumerate(inner):
                    o.rank[k] = i + 1
                unseen = sorted(k for k, ff in key_fam.items() if ff == f and k not in o.rank)
                for i, k in enumerate(unseen):
                    o.rank[k] = len(inner) + 1 + i
            o.stats["sub broken"] = broken_pairs(order, cp)
            o.stats["keyed families"] = len(o.keyed)
        o.stats["%s pairs" % fam] = sum(p.values())
        o.stats["%s keys" % fam] = len(keys)

    # flags
    for counts, flag in ((g.sep_children(), GENF_SEP_CHILDREN), (g.sep_lines(), GENF_BLOCK)):
        for (key, sep), n in counts.items():
            if sep and n > counts.get((key, False), 0):
                o.flags[key] |= flag
    joins = g.top_joins()
    for (key, joined), n in joins.items():
        if joined and n > joins.get((key, False), 0):
            o.flags[key] |= GENF_JOIN
    for key in g.undo_shown():
        o.flags[key] |= GENF_UNDO_SHOWN
        o.flags[key[len("undo "):]] |= GENF_HAS_UNDO_SHOWN

    _place_unseen(o, rows, seen, unseen_top_value)
    return o


def _place_unseen(o, rows, seen, unseen_top_value):
    """Commands the scripts never show: after the last shown command of the
    same reference folder, else at the end of their family's space (top
    level: ORD_GENERIC)."""
    for fam, table, end in ((TOP, o.top, unseen_top_value), (SUB, o.sub, SPACE_END - (1 << 24))):
        key = order_key if fam == TOP else sub_key
        last = {}
        for r in rows:
            k = key(r)
            if k in table and k in seen[fam]:
                f = r.folder
                last[f] = max(last.get(f, 0), table[k])
        extra = collections.defaultdict(list)
        for r in rows:
            k = key(r)
            if k not in table:
                extra[r.folder].append(k)
        taken = set(table.values())
        for fi, f in enumerate(sorted(extra)):
            base = last.get(f)
            keys = sorted(set(extra[f]))
            for j, k in enumerate(keys):
                if k in table:
                    continue
                if base is not None:
                    v = base + 1 + j
                else:
                    v = end + fi * 512 + j
                while v in taken and base is not None:
                    v += 1
                table[k] = v
                taken.add(v)


def top_default(root):
    """The top-level order value of sections of features the guide never
    shows (ORD_GENERIC of views/order.h)."""
    with open(os.path.join(root, "views", "order.h"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"\b%s\s*=\s*([^,\n/]+)" % UNSEEN_TOP, text)
    if not m:
        raise ValueError("views/order.h has no %s" % UNSEEN_TOP)
    return _c_value(m.group(1), text)


def _optional_keywords(row):
    """(keyword, parameter) of each `[ kw ] <param>` in a row's Format."""
    kids = row.node.kids
    out = []
    for i in range(len(kids) - 1):
        k, nxt = kids[i], kids[i + 1]
        if (k.type == "group" and k.opt and not k.rep and not k.anyorder and len(k.kids) == 1 and
                len(k.kids[0].kids) == 1 and k.kids[0].kids[0].type == "kw" and
                nxt.type == "param"):
            out.append((k.kids[0].kids[0].value.lower(), nxt.value))
    return out


def apply_shown(g, rows, views, report):
    """What the device writes that was not typed (gen_cmd.shown):
    `kw<param`, an optional keyword the scripts show before the parameter
    (in most of their lines: a few write the line as typed) (`acl number 3000` for `acl 3000`), and `param=value>word`,
    the default value a view's prompt shows (`ospf` is `ospf 1`) written
    after the word when the parameter was not typed."""
    import match
    seen = collections.defaultdict(collections.Counter)   # row index -> (kw, param, present)
    for _name, top in g.scripts:
        stack = list(top)
        while stack:
            n = stack.pop()
            stack.extend(n.kids)
            if n.row is None:
                continue
            opts = _optional_keywords(n.row)
            if not opts:
                continue
            b = match.match(match.Compiled(n.row), match.lex(n.text), keywords=True) or {}
            for kw, param in opts:
                if param in b:
                    seen[n.row.index][(kw, param, ("+" + kw) in b)] += 1
    shown = collections.defaultdict(list)
    for idx, c in seen.items():
        for (kw, param, present), k in c.items():
            if present and k > c.get((kw, param, False), 0):
                page = rows[idx].page
                for r in rows:
                    if r.page != page or r.undo:
                        continue
                    for okw, oparam in _optional_keywords(r):
                        item = "%s<%s" % (okw, oparam)
                        if okw == kw and item not in shown[r.index]:
                            shown[r.index].append(item)
    by_index = {r.index: r for r in rows}
    for v in views:
        text = (v.prompt or "").split(";")[0]
        for name, dflt in re.findall(r"\{([^{}|;,]+)\|([^{};]*)\}", text):
            for idx in v.enter:
                r = by_index[idx]
                if any(p == name for p, _t, _s in r.params):
                    continue
                lead = []
                for k in r.node.kids:
                    if k.type != "kw":
                        break
                    lead.append(k.value.lower())
                if lead and re.fullmatch(r"[\w.-]+", dflt):
                    item = "%s=%s>%s" % (name, dflt, lead[-1])
                    if item not in shown[idx]:
                        shown[idx].append(item)
    for idx, items in shown.items():
        by_index[idx].shown = " ".join(items)
        report.exception("display", by_index[idx].page, by_index[idx].format,
                         "shown with %s" % by_index[idx].shown,
                         "the configuration guide's scripts always show it so")
    return len(shown)


def apply_identities(g, rows, report):
    """Lengthen the identity of the commands whose lines the scripts show
    several of in one section (see Guide.identities)."""
    need = g.identities()
    for r in rows:
        if r.page not in need or r.undo or r.kind != 0 or not r.idtoks:
            continue
        n = need[r.page]
        if n == 0 or n > r.idtoks:
            report.exception("identity", r.page, r.format, "%d words -> %s" % (
                r.idtoks, n or "the whole line"),
                "the configuration guide's scripts show several lines of it in one section")
            r.idtoks = n
    return len(need)


def apply(order, rows):
    """Set each row's order fields (rows of one order key share them)."""
    for r in rows:
        k = order_key(r)
        r.ord_top = order.top.get(k, 0)
        r.ord_grp = order.grp.get(k, 0)
        r.ord_sub = order.sub.get(sub_key(r), 0)
        r.flags = order.flags.get(k, 0) | (GENF_VIA if r.via else 0)
        f = family_of(r)
        if f in order.keyed and k in order.rank:
            r.flags |= GENF_KEYED
            r.ord_fam = order.fam[f]
            r.ord_sub = order.rank[k]


def summary(g, order):
    return {
        "guide_scripts": len(g.scripts),
        "guide_lines": g.lines,
        "guide_lines_matched": g.matched,
        "order_top_commands": order.stats["top keys"],
        "order_top_pairs": order.stats["top pairs"],
        "order_top_pairs_broken": order.stats["top broken"],
        "order_top_block_groups": order.stats["top groups"],
        "order_sub_commands": order.stats["sub keys"],
        "order_sub_pairs": order.stats["sub pairs"],
        "order_sub_pairs_broken": order.stats["sub broken"],
        "order_keyed_families": order.stats["keyed families"],
    }
