"""The view table: every view the pages name, its parent, the commands
that enter it and its prompt template, from the Examples (viewinfer.py)
and the overrides file."""

import collections
import re

import ifviews
import match
import templates
import viewinfer
from viewinfer import is_pseudo

# An entering row must account for this share of a view's entering events
# (or be shown by its own page): a stray event is more likely a page whose
# Example skips a line than a second way in.
MIN_SHARE = 0.1


class View:
    __slots__ = ("name", "parent", "prompt", "enter", "source", "events")

    def __init__(self, name):
        self.name = name
        self.parent = None
        self.prompt = None
        self.enter = []          # row indexes
        self.source = None       # how it was found
        self.events = 0


def all_view_names(rows):
    seen = []
    s = set()
    for r in rows:
        for v in r.views:
            if v not in s and not is_pseudo(v):
                s.add(v)
                seen.append(v)
    return sorted(seen, key=lambda v: (v not in ("User view", "System view"), v.lower(), v))


class Event:
    __slots__ = ("view", "parent", "row", "binds", "template", "added", "page")

    def __init__(self, frame):
        self.view = frame.view
        self.parent = frame.parent.view if frame.parent is not None else None
        self.row = frame.enter_row
        self.page = frame.page.id
        self.added = frame.added_suffix()
        typed = frame.typed_in
        if (typed is not None and typed is not frame.parent and typed.view is not None
                and self.parent not in self.row.views and typed.view in self.row.views):
            # The command ran where it was typed, but the new prompt does not
            # extend that view's: `[~HUAWEI-isis-1] link-group a` gives
            # `[~HUAWEI-isis-link-group-a]`.  The template is then the whole
            # suffix.
            self.parent = typed.view
            self.added = "=" + (frame.suffix or "")
        toks = match.lex(frame.enter_line.command)
        b = match.match(match.Compiled(self.row), toks, keywords=True) or frame.enter_binds or {}
        self.binds = b
        params = {k: v for k, v in b.items() if not k.startswith("+")}
        types = {name: t for name, t, _ in self.row.params}
        self.template = templates.make(self.added, params, types)


def build(rows, frames, stays, overrides, report):
    names = all_view_names(rows)
    by_name = {n: View(n) for n in names}
    events = collections.defaultdict(list)
    for f in frames:
        if f.enter_row is None or f.view is None or f.view not in by_name:
            continue
        if f.parent is None or f.parent.view is None or f.view == f.parent.view:
            continue
        events[f.view].append(Event(f))

    # What each row enters, to find rows that enter several views.
    row_views = {}
    kept = {}
    for name, evs in events.items():
        kept[name] = _plausible(evs, stays)
        for e in kept[name]:
            row_views.setdefault(id(e.row), set()).add(name)

    rows_by_page = collections.defaultdict(list)
    for r in rows:
        rows_by_page[r.page].append(r)

    for name in names:
        v = by_name[name]
        evs = kept.get(name, [])
        if name == "User view":
            v.parent, v.prompt, v.source = "", "", "root"
            continue
        iv = ifviews.classify(name)
        if iv is not None:
            _interface_view(v, iv, rows_by_page)
            continue
        if not evs:
            continue
        parents = collections.Counter(e.parent for e in evs)
        v.parent = parents.most_common(1)[0][0]
        evs = [e for e in evs if e.parent == v.parent]
        v.events = len(evs)
        entering = []
        for e in evs:
            for r in _same_command(e.row, rows_by_page[e.row.page], v.parent):
                # a sibling row seen entering another view is not this way in
                if r.index not in entering and (r is e.row or
                                                row_views.get(id(r), {name}) <= {name}):
                    entering.append(r.index)
        v.enter = sorted(entering)
        # every event of an entering row counts for the template, also
        # those too rare to name the row (`ospf` without a process ID)
        tevs = [e for e in events[name] if e.row.index in entering and e.parent == v.parent]
        v.prompt = templates.combine([(e.template, e.binds) for e in tevs], None)
        v.source = "examples"
        if any(len(row_views.get(id(e.row), ())) > 1 for e in evs):
            cond = _conditions(name, evs, row_views, kept)
            if cond:
                v.prompt = (v.prompt or "") + ";" + cond
            else:
                report.exception("view", "", name, "entered by a command that enters other "
                                 "views too, and no condition tells them apart", "")
    _apply_overrides(by_name, rows, overrides, report)
    for name in names:
        v = by_name[name]
        if v.parent is None and v.source != "unentered":
            report.exception("view", "", name, "no command found that enters it",
                             "the Examples never enter it and no override names one")
    return [by_name[n] for n in names]


def _plausible(evs, stays):
    """The events whose entering row is believable: not an undo row, not
    a row seen more often leaving the prompt as it was (an Example that
    skipped a line makes `route-distinguisher` look like it entered the
    address family view), and either a fair share of the view's events or
    shown by its own page's Example."""
    per_row = collections.Counter(id(e.row) for e in evs)
    own_page = set(id(e.row) for e in evs if e.page == e.row.page)
    total = len(evs)
    out = []
    for e in evs:
        n = per_row[id(e.row)]
        if e.row.undo or stays[id(e.row)] >= n:
            continue
        if n >= MIN_SHARE * total or id(e.row) in own_page:
            out.append(e)
    return out


def _interface_view(v, iv, rows_by_page):
    """Interface views are entered by `interface` (`interface X mode l2`
    for Layer 2 sub-interfaces) from the system view; the interface the
    command names picks the view."""
    pages = ["interface_l2"] if (iv.sub and iv.l2) else ["interface"]
    v.parent = "System view"
    v.enter = sorted(r.index for p in pages for r in rows_by_page.get(p, []) if not r.undo)
    v.prompt = "-{interface-name}{interface-type}{interface-number};" + iv.condition()
    v.source = "interface type"


def _same_command(row, page_rows, parent):
    """The rows of the entering row's page that are the same command
    (`ospf <process-id> ...` and `ospf [ router-id ... ] *`)."""
    first = _first_word(row)
    out = []
    for r in page_rows:
        if r.undo or r.kind != row.kind or _first_word(r) != first:
            continue
        if parent in r.views or any(is_pseudo(x) for x in r.views) or r is row:
            out.append(r)
    return out or [row]


def _first_word(row):
    for w in row.node.kids:
        if w.type == "kw":
            return w.value.lower()
        break
    return None


def _conditions(name, evs, row_views, kept):
    """A condition that tells `name` apart from the other views its
    entering row enters: a keyword only its events typed, or one only the
    others' typed."""
    mine = evs
    others = []
    for other in set().union(*(row_views[id(e.row)] for e in evs)) - {name}:
        others.extend(e for e in kept.get(other, []) if any(e.row is m.row for m in mine))
    if not others:
        return ""
    kw_mine = set.intersection(*(set(k for k in e.binds if k.startswith("+")) for e in mine))
    kw_other = set().union(*(set(k for k in e.binds if k.startswith("+")) for e in others))
    only = sorted(kw_mine - kw_other)
    if only:
        return only[0]
    # a keyword every other view's command typed and none of ours did
    kw_others_all = set.intersection(*(set(k for k in e.binds if k.startswith("+"))
                                       for e in others))
    kw_mine_any = set().union(*(set(k for k in e.binds if k.startswith("+")) for e in mine))
    never = sorted(kw_others_all - kw_mine_any)
    if never:
        return "!" + never[0]
    return ""


def _apply_overrides(by_name, rows, overrides, report):
    for e in overrides.of("unentered"):
        v = by_name.get(e["view"])
        if v is None:
            raise ValueError("overrides line %d: no view %r" % (e.line, e["view"]))
        v.parent, v.prompt, v.enter, v.source = None, None, [], "unentered"
        e.used += 1
        report.exception("view", "", v.name, "no command enters it", e.reason)
    by_page = collections.defaultdict(list)
    for r in rows:
        by_page[r.page].append(r)
    for e in overrides.of("enter"):
        v = by_name.get(e["view"])
        if v is None:
            raise ValueError("overrides line %d: no view %r" % (e.line, e["view"]))
        rs = [r for r in by_page.get(e["page"], []) if not r.undo]
        if not rs:
            raise ValueError("overrides line %d: no rows on page %r" % (e.line, e["page"]))
        v.parent = e["parent"]
        v.enter = sorted(set(r.index for r in rs))
        v.prompt = e["prompt"]
        v.source = "override"
        e.used += 1
        report.exceptions = [x for x in report.exceptions
                             if not (x[0] == "view" and x[2] == v.name and "condition" in x[3])]
        report.exception("view", e["page"], v.name, "entered by override", e.reason)
    for directive in ("also-enter", "via"):
        for e in overrides.of(directive):
            v = by_name.get(e["view"])
            if v is None or not v.parent:
                raise ValueError("overrides line %d: no view %r with a way in" % (e.line, e["view"]))
            rs = [r for r in by_page.get(e["page"], []) if not r.undo and r.kind == 0 and
                  (v.parent in r.views)]
            if not rs:
                raise ValueError("overrides line %d: page %r has no rows in %r"
                                 % (e.line, e["page"], v.parent))
            v.enter = sorted(set(v.enter) | set(r.index for r in rs))
            for r in rs:
                if directive == "via":
                    r.via = True
            e.used += 1
            report.exception("view", e["page"], v.name, "entered by override (%s)" % directive,
                             e.reason)
    for e in overrides.of("prompt"):
        v = by_name.get(e["view"])
        if v is None:
            raise ValueError("overrides line %d: no view %r" % (e.line, e["view"]))
        v.prompt = e["prompt"]
        e.used += 1
        report.exception("view", "", v.name, "prompt by override", e.reason)
