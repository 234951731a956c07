"""The hand-kept overrides file: what the pages do not say mechanically.

Format: blocks separated by blank lines; '#' starts a comment line.  The
first line of a block names the directive, the others are `key: value`
lines.  Every block has a `reason`.  Directives and their keys:

  format     page, from, to        replace a converted Format (engine syntax)
                                   of the page; `to: -` drops the row
  ptype      page, param, type     the parameter's type on that page ("*" =
                                   every page): KIND [MIN MAX] [FLAG ...]
                                   [help=TOKEN]
  view-alias name, to              a view name as some pages spell it -> the
                                   name the reference uses elsewhere
  kind       page, kind            GEN_CONFIG / GEN_DISPLAY / GEN_ACTION for
                                   every row of the page
  views      page, views           the views a page's commands run in (comma
                                   list), replacing its Views section
  enter      view, parent, page,   how a view is entered, when the Examples do
             prompt                not show it: the entering command's page,
                                   the parent view and the prompt template
  prompt     view, prompt          the prompt template of a view, replacing the
                                   inferred one
  unentered  view                  a view no command enters (the reason says why)
  keyword    page, param           a parameter that is the literal word of its
                                   name (`[ *sub* ]` for the keyword `sub`)
  adjacent   family, first,        two anchors of the views' order (family sub)
             second                with no command placed between them unless
                                   the guide's scripts show it between them
  also-enter view, page            the page's commands enter the view too (typed
                                   in its parent view), besides those found
  via        view, page            the page's commands, typed in the view's
                                   parent, enter the view through the view's own
                                   entering command and run there (V300's
                                   `route-distinguisher` in a VPN instance view)
  command    page, format, views,  a command no page documents (the Examples
             level                 type it): a configuration row of its own,
                                   without parameters
  family     command, family       a command (order key) whose lines the device
                                   shows in a keyed family whose words it does
                                   not share, by its first value (`isis enable
                                   N` with `isis process-id N ...`)
  anchor     command, family,      a hand-written command's display order:
             file, constant        the order key (title, "undo " first for an
                                   undo form), top (top level) or sub (inside
                                   views), and the C constant that holds its
                                   cfg_order.cls (guide.py)

An override that matches nothing is an error: stale entries do not pile up.
"""

import re

KEYS = {
    "format": ("page", "from", "to"),
    "ptype": ("page", "param", "type"),
    "view-alias": ("name", "to"),
    "kind": ("page", "kind"),
    "views": ("page", "views"),
    "enter": ("view", "parent", "page", "prompt"),
    "prompt": ("view", "prompt"),
    "unentered": ("view",),
    "keyword": ("page", "param"),
    "anchor": ("command", "family", "file", "constant"),
    "adjacent": ("family", "first", "second"),
    "also-enter": ("view", "page"),
    "via": ("view", "page"),
    "command": ("page", "format", "views", "level"),
    "family": ("command", "family"),
}


class OverrideError(Exception):
    pass


class Entry:
    def __init__(self, directive, fields, line):
        self.directive = directive
        self.fields = fields
        self.line = line
        self.used = 0

    def __getitem__(self, key):
        return self.fields[key]

    def get(self, key, default=None):
        return self.fields.get(key, default)

    @property
    def reason(self):
        return self.fields["reason"]


class Overrides:
    def __init__(self, entries):
        self.entries = entries

    def of(self, directive):
        return [e for e in self.entries if e.directive == directive]

    # -- lookups used while generating; each marks the entry used --

    def _find(self, directive, **want):
        """The entries of a directive whose fields have the wanted values,
        each marked used."""
        hits = [e for e in self.of(directive) if all(e[k] == v for k, v in want.items())]
        for e in hits:
            e.used += 1
        return hits

    def _first(self, directive, **want):
        hits = self._find(directive, **want)
        return hits[0] if hits else None

    def view_alias(self, name):
        e = self._first("view-alias", name=name)
        return e["to"] if e else name

    def format(self, page, fmt):
        return self._first("format", page=page, **{"from": fmt})

    def ptype(self, page, param):
        """The type entry for a page's parameter; one for the page wins over
        one for every page ("*")."""
        return self._first("ptype", page=page, param=param) or \
            self._first("ptype", page="*", param=param)

    def keywords(self, page):
        """Names of the page's parameters that are literal keywords."""
        return [e["param"] for e in self._find("keyword", page=page)]

    def views(self, page):
        return self._first("views", page=page)

    def kind(self, page):
        return self._first("kind", page=page)

    def unused(self):
        return [e for e in self.entries if e.used == 0]


def load(path):
    entries = []
    block = []
    start = 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, raw in enumerate(lines + [""], 1):
        line = raw.rstrip()
        if line.lstrip().startswith("#"):
            continue
        if not line.strip():
            if block:
                entries.append(_entry(block, start, path))
                block = []
            continue
        if not block:
            start = i
        block.append(line)
    return Overrides(entries)


def _entry(block, lineno, path):
    directive = block[0].strip()
    if directive not in KEYS:
        raise OverrideError("%s:%d: unknown directive %r" % (path, lineno, directive))
    fields = {}
    last = None
    for line in block[1:]:
        m = re.match(r"\s+([a-z-]+):\s?(.*)$", line)
        if m:
            last = m.group(1)
            if last in fields:
                raise OverrideError("%s:%d: %s given twice" % (path, lineno, last))
            fields[last] = m.group(2).strip()
        elif last == "reason" and line.startswith("    "):
            fields[last] += " " + line.strip()      # a reason may run over several lines
        else:
            raise OverrideError("%s:%d: cannot read %r" % (path, lineno, line))
    for key in KEYS[directive] + ("reason",):
        if key not in fields or not fields[key]:
            raise OverrideError("%s:%d: %s needs %s" % (path, lineno, directive, key))
    for key in fields:
        if key not in KEYS[directive] + ("reason",):
            raise OverrideError("%s:%d: %s has no key %s" % (path, lineno, directive, key))
    return Entry(directive, fields, lineno)
