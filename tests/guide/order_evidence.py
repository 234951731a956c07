#!/usr/bin/env python3
"""Propose `move` corrections for the scripts whose lines vrpsh shows in
another order than the page does, where the rest of the guide says the
page is the odd one out.

    order_evidence.py VRPSH [--min N] [--ratio R]

For each script whose lines and vrpsh's are the same apart from their
order, the lines or top-level groups out of place are found (the longest
common sequence stays); each would move next to its neighbour in vrpsh's
order.  The move is proposed only when the guide's other scripts show
the two commands in vrpsh's order at least N times (default 3) and at
least R times (default 3) as often as in the page's order; its reason
gives both counts.  The output is normalise.txt blocks, for review: the
counts are evidence about the device, the code under test plays no part
in them (it only names the lines to look at)."""

import collections
import concurrent.futures
import difflib
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402


def top_shape(group):
    return run.shape(group[0])


def parent_of(lines, i):
    """The shape of the line an indented line belongs to."""
    ind = len(lines[i]) - len(lines[i].lstrip())
    for j in range(i - 1, -1, -1):
        lj = lines[j]
        if lj.strip() and lj.strip() != "#" and len(lj) - len(lj.lstrip()) < ind:
            return run.shape(lj)
    return ""


class Evidence:
    """How often the guide shows command a before command b: top-level
    groups, and lines under the same kind of parent."""

    def __init__(self, scripts):
        self.top = collections.Counter()
        self.sub = collections.Counter()
        self.own = {}
        for name, lines in scripts:
            top, sub = self.pairs(lines)
            self.own[name] = (top, sub)
            self.top.update(top)
            self.sub.update(sub)

    @staticmethod
    def pairs(lines):
        top, sub = set(), set()
        shapes = [top_shape(g) for g in run.top_groups(lines)]
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                if a != b:
                    top.add((a, b))
        bypar = collections.defaultdict(list)
        for i, ln in enumerate(lines):
            if ln.startswith(" ") and ln.strip() != "#":
                ind = len(ln) - len(ln.lstrip())
                bypar[(parent_of(lines, i), ind)].append(run.shape(ln))
        for par, shapes in bypar.items():
            for i, a in enumerate(shapes):
                for b in shapes[i + 1:]:
                    if a != b:
                        sub.add((par[0], a, b))
        return top, sub

    def others(self, name, kind, key):
        """Scripts other than name that show the pair key."""
        table = self.top if kind == "top" else self.sub
        own = self.own[name][0 if kind == "top" else 1]
        return table[key] - (1 if key in own else 0)


def moves_between(want, have, last=None):
    """Single moves turning the sequence want into have: (item, before
    item) pairs, or (item, after item) for the last place."""
    out = []
    cur = list(want)
    for _ in range(len(want)):
        if cur == have:
            break
        sm = difflib.SequenceMatcher(a=cur, b=have, autojunk=False)
        keep = set()
        for blk in sm.get_matching_blocks():
            keep.update(range(blk.a, blk.a + blk.size))
        moved = [cur[i] for i in range(len(cur)) if i not in keep]
        if not moved:
            break
        x = moved[0]
        k = have.index(x)
        rest = [y for y in cur if y != x]
        if k + 1 < len(have) and have[k + 1] != last:
            nxt = have[k + 1]
            rest.insert(rest.index(nxt), x)
            out.append((x, "before", nxt))
        else:
            prv = have[k - 1]
            rest.insert(rest.index(prv) + 1, x)
            out.append((x, "after", prv))
        cur = rest
    return out if cur == have else None


def propose(r, ev, minimum, ratio):
    want, have = r.want, r.have
    if collections.Counter(want) != collections.Counter(have) or want == have:
        return []
    gw = [tuple(g) for g in run.top_groups(want)]
    gh = [tuple(g) for g in run.top_groups(have)]
    entries = []
    if collections.Counter(gw) == collections.Counter(gh) and len(set(gw)) == len(gw):
        mv = moves_between(gw, gh, last=("return",))
        if mv is None:
            return []
        name = r.script.name
        for g, pos, other in mv:
            a, b = top_shape(g), top_shape(other)
            agree = ev.others(name, "top", (a, b) if pos == "before" else (b, a))
            against = ev.others(name, "top", (b, a) if pos == "before" else (a, b))
            if agree < minimum or agree < ratio * against:
                return []
            entries.append((g[0].rstrip(), pos, other[0].rstrip(), agree, against, "top"))
        return entries
    # same groups in the same order, lines inside a group out of order
    if len(gw) != len(gh):
        return []
    for w, h in zip(gw, gh):
        if w == h:
            continue
        if collections.Counter(w) != collections.Counter(h) or len(set(w)) != len(w):
            return []
        mv = moves_between(list(w), list(h))
        if mv is None:
            return []
        for ln, pos, other in mv:
            if not ln.startswith(" ") or len(ln) - len(ln.lstrip()) != \
                    len(other) - len(other.lstrip()):
                return []
            hl = list(h)
            par = parent_of(hl, hl.index(ln))
            a, b = run.shape(ln), run.shape(other)
            agree = ev.others(r.script.name, "sub", (par, a, b) if pos == "before" else (par, b, a))
            against = ev.others(r.script.name, "sub",
                                (par, b, a) if pos == "before" else (par, a, b))
            if agree < minimum or agree < ratio * against:
                return []
            entries.append((ln.rstrip(), pos, other.rstrip(), agree, against, par))
    return entries


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    vrpsh = argv[0]
    minimum = int(argv[argv.index("--min") + 1]) if "--min" in argv else 3
    ratio = float(argv[argv.index("--ratio") + 1]) if "--ratio" in argv else 3.0
    scripts = run.load_fixture(os.path.join(HERE, "scripts.txt"))
    fixes = run.load_fixes(os.path.join(HERE, "normalise.txt"))
    skip = set()
    for fx in fixes:
        if fx.kind == "skip":
            skip |= {s.name for s in scripts if fx.applies(s.name)}
    scripts = [s for s in scripts if s.name not in skip]
    ev = Evidence([(s.name, run.corrected(s, fixes)) for s in scripts])
    with tempfile.TemporaryDirectory() as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            results = list(ex.map(lambda s: run.run_one(vrpsh, s, fixes, tmp), scripts))
    for r in results:
        for line, pos, other, agree, against, where in propose(r, ev, minimum, ratio):
            what = "top-level blocks" if where == "top" else "lines of `%s`" % where
            print("script: %s" % r.script.name)
            print("move: %s => %s %s" % (line, pos, other))
            print("reason: %d of the guide's other scripts show these %s in this order, %d in "
                  "the page's" % (agree, what, against))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
