"""Views and how they are entered, read from the pages' Examples.

Every Example block is replayed as a walk through view instances
("frames").  A command typed at prompt P whose next prompt Q extends P's
suffix (or the suffix of a view above P: the command walked up first)
entered a view: Q's frame is a child of the deepest frame on the way back
to the user view whose suffix Q's extends.  Each frame collects the Views
of the rows that matched the commands typed in it; the view they all name
is the frame's view.  Where the commands leave a choice (a `peer` command
exists in many BGP views), what the same entering command enters in other
blocks decides.

An entering event then gives the parent view, the entered view, the
entering row with its bound values, and the part of the prompt the new
view added, from which the prompt template is made (see templates.py).
"""

import collections
import re



def is_pseudo(name):
    """"All views", "All views except the user view" (and "All views
    (excluding the AAA domain view)") name sets of views, not views."""
    return name.startswith("All views")


FILLER = {"view", "of", "a", "the", "an"}
NAVIGATION = re.compile(r"^(quit|return|q|qu|qui|ret|retu|retur)$", re.I)


class Frame:
    __slots__ = ("suffix", "parent", "enter_line", "enter_matches", "evidence", "view",
                 "page", "enter_row", "enter_binds", "typed_in")

    def __init__(self, suffix, parent, page):
        self.suffix = suffix          # None: the user view
        self.parent = parent
        self.enter_line = None        # the command line that entered it
        self.enter_matches = []       # [(row, binds)] of that command
        self.enter_row = None         # the one of them chosen
        self.enter_binds = None
        self.evidence = []            # [set of view names] per command typed here
        self.typed_in = None          # the frame the entering command was typed in
        self.view = None
        self.page = page

    def added_suffix(self):
        """The part of the prompt this view added to its parent's."""
        if self.suffix is None:
            return None
        base = self.parent.suffix if self.parent is not None and self.parent.suffix else ""
        return self.suffix[len(base):]


def _extends(child, parent):
    if parent is None:
        return child is not None or False
    if child is None:
        return False
    return child.startswith(parent) and child != parent


class Walk:
    """One block's frames."""

    def __init__(self, block, index, stays=None):
        """stays: a Counter of row ids, counting the lines after which the
        prompt stayed the same (a row seen mostly so does not enter views)."""
        self.frames = []
        self.stack = []
        self.page = block.page
        lines = block.lines
        for i, ln in enumerate(lines):
            frame = self.frame_for(ln.suffix)
            if not ln.command:
                continue
            matches = index.lookup(ln.command)
            evidence = self.evidence(matches)
            last = i + 1 >= len(lines)
            nxt = None if last else lines[i + 1].suffix
            if last or NAVIGATION.match(ln.command) or nxt == ln.suffix:
                if evidence and not NAVIGATION.match(ln.command):
                    frame.evidence.append(evidence)
                if not last and stays is not None:
                    for row, _ in matches:
                        stays[id(row)] += 1
                continue
            if any(f.suffix == nxt for f in self.stack):
                continue             # it ran in a view above (walk-up): no evidence here
            parent = self.deepest_below(nxt)
            if parent is None:
                continue             # not below anything seen: nothing to learn from
            if parent is frame and evidence:
                frame.evidence.append(evidence)
            child = self.push(nxt, parent)
            child.typed_in = frame
            child.enter_line = ln
            child.enter_matches = matches

    def evidence(self, matches):
        """The views a command line may have been typed in: those of the
        block's own page when one of its rows matched (the page is what the
        Example is about), else those of every matching row."""
        own = [row for row, _ in matches if row.page == self.page.id]
        rows = own or [row for row, _ in matches]
        views = set()
        for row in rows:
            views |= set(v for v in row.views if not is_pseudo(v))
        return views

    def deepest_below(self, suffix):
        for f in reversed(self.stack):
            if _extends(suffix, f.suffix):
                return f
        return None

    def push(self, suffix, parent):
        f = Frame(suffix, parent, self.page)
        self.frames.append(f)
        if parent is not None and parent in self.stack:
            del self.stack[self.stack.index(parent) + 1:]
        else:
            del self.stack[:]
        self.stack.append(f)
        return f

    def frame_for(self, suffix):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k].suffix == suffix:
                del self.stack[k + 1:]
                return self.stack[k]
        return self.push(suffix, self.deepest_below(suffix))


def local_view(frame, allowed=None):
    """The view the commands typed in a frame name, or None.  When they
    leave a choice, the view named by more of them wins, then the one whose
    name shares more words with the prompt and the entering command
    (`-af-ipv4` and "VPN instance IPv4 address family view"), then the one
    whose name has fewer other words ("IGMP view" for plain `igmp`).  A
    "VPN instance ..." view is chosen only for a command that typed
    `vpn-instance`, and the other way round."""
    if frame.suffix is None:
        return "User view"
    if frame.suffix == "" and (frame.parent is None or frame.parent.suffix is None):
        return "System view"
    evidence = [ev & allowed for ev in frame.evidence] if allowed else list(frame.evidence)
    evidence = [ev for ev in evidence if ev]
    if not evidence:
        if allowed and len(allowed) == 1:
            return next(iter(allowed))
        return None
    common = set.intersection(*evidence)
    if len(common) == 1:
        return next(iter(common))
    pool = common or set.union(*evidence)
    text = (frame.added_suffix() or "") + " " + (frame.enter_line.command if frame.enter_line else "")
    words = set(re.findall(r"[a-z0-9]+", text.lower()))

    typed_vpn = frame.enter_line is not None and "vpn-instance" in frame.enter_line.command.lower()

    def score(v):
        named = sum(1 for ev in evidence if v in ev)
        vw = set(re.findall(r"[a-z0-9]+", v.lower())) - FILLER
        # "VPN instance X view" is entered with the vpn-instance keyword,
        # "X view" (of the public network instance) without it
        vpn = ("vpn instance" in v.lower()) == typed_vpn
        return (named, vpn, len(words & vw), -len(vw - words))

    ranked = sorted(pool, key=lambda v: (score(v), v), reverse=True)
    if len(ranked) > 1 and score(ranked[0]) == score(ranked[1]):
        return None
    return ranked[0]


def choose_enter_row(frame):
    """Among the rows that matched the entering command, the one that can
    run in the parent's view (configuration rows first)."""
    pv = frame.parent.view if frame.parent is not None else None
    best = None
    for row, binds in frame.enter_matches:
        fits = pv is None or pv in row.views or any(is_pseudo(v) for v in row.views)
        score = (fits, not row.undo, row.kind == 0)
        if best is None or score > best[0]:
            best = (score, row, binds)
    if best:
        frame.enter_row, frame.enter_binds = best[1], best[2]


def infer(frames, fixed=None):
    """Resolve every frame's view.  fixed(frame) may name the view of a
    frame from outside knowledge (interface views by interface type)."""
    for f in frames:
        f.view = local_view(f)
    for _ in range(3):
        for f in frames:
            if f.enter_matches:
                choose_enter_row(f)
        enters = collections.defaultdict(collections.Counter)
        for f in frames:
            if f.enter_row is not None and f.view is not None:
                enters[id(f.enter_row)][f.view] += 1
        for f in frames:
            v = fixed(f) if fixed else None
            if v:
                f.view = v
                continue
            if f.enter_row is None:
                continue
            known = enters.get(id(f.enter_row))
            if not known:
                continue
            allowed = set(known)
            v = local_view(f, allowed)
            if v is None:
                top = known.most_common(2)
                if len(top) == 1 or top[0][1] > 2 * top[1][1]:
                    v = top[0][0]
            if v is not None:
                f.view = v
    return frames


def interface_fixer(view_names):
    """A `fixed` function for infer(): the view of a frame entered by
    `interface X` follows from X (see ifviews.py)."""
    import ifviews
    import match
    cands = [c for c in (ifviews.classify(v) for v in view_names) if c]

    def fixed(frame):
        row = frame.enter_row
        if row is None or not frame.enter_binds or row.title.split()[:1] != ["interface"]:
            return None
        b = frame.enter_binds
        name = b.get("interface-name")
        if name:
            m = match._IFNAME.match(name)
            if not m:
                return None
            t, num = m.group(1), m.group(2)
        elif "interface-type" in b and "interface-number" in b:
            t, num = b["interface-type"], b["interface-number"]
        else:
            return None
        key = match.iftype_of(t)
        if key is None:
            return None
        return ifviews.pick(cands, ifviews.IFTYPE_SPELLING.get(key, key), "." in num,
                            frame.evidence)
    return fixed
