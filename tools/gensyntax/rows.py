"""Pages -> command rows: one row per Format line (per model heading),
with its engine-syntax Format, typed parameters, views, level, models,
kind and identity count."""

import re

import fmt as fmtmod
import kinds
import models as modelsmod
import ptypes
from pages import command_title, table_rows, unescape


class Row:
    __slots__ = ("page", "title", "md", "format", "node", "params", "views", "level",
                 "models", "kind", "idtoks", "undo", "index", "folder",
                 "ord_top", "ord_grp", "ord_sub", "flags", "via", "ord_fam", "shown")

    def __init__(self):
        self.params = []      # [(name, PType, source)]
        self.idtoks = 0
        self.index = -1
        self.ord_top = self.ord_grp = self.ord_sub = self.flags = self.ord_fam = 0
        self.via = False
        self.shown = ""


class Param:
    """A parameter of a page as its Parameters table describes it."""
    __slots__ = ("name", "value", "desc")

    def __init__(self, name, value, desc):
        self.name = name
        self.value = value
        self.desc = desc


_ITALIC = re.compile(r"(?<![\\*])\*([^*]+?)\*(?!\*)")


def parameter_rows(page):
    """name -> Param from the page's Parameters table.  A row naming one
    parameter describes it; a row naming several (`*interface-type*
    *interface-number*`) is used for those that have no row of their own."""
    single, multi = {}, {}
    for cells in table_rows(page.section("Parameters")):
        if len(cells) < 3:
            continue
        first = re.sub(r"\*\*[^*]*\*\*", "", cells[0])
        names = [unescape(n).strip() for n in _ITALIC.findall(first)]
        value = cells[2] if len(cells) == 3 else " ".join(cells[2:])
        for n in names:
            target = single if len(names) == 1 else multi
            target.setdefault(n, Param(n, value, cells[1]))
    for n, p in multi.items():
        single.setdefault(n, p)
    return single


def page_views(page, overrides):
    text = " ".join(l.strip() for l in page.section("Views") if l.strip())
    replaced = overrides.views(page.id) if hasattr(overrides, "views") else None
    if replaced:
        text = replaced["views"]
    out = []
    for v in text.split(","):
        v = re.sub(r"\s+", " ", v).strip()
        if v:
            v = overrides.view_alias(v)
            if v not in out:
                out.append(v)
    return out


def page_level(page):
    for line in page.section("Default Level"):
        m = re.match(r"\s*(\d+)\s*:", line)
        if m:
            return int(m.group(1))
    return None


def _last_words(node):
    """Parameter names that end every path through the Format (where a
    rest-of-line string may stand)."""
    def ends(n):
        if n.type == "param":
            return {n.value}, False
        if n.type == "kw":
            return set(), False
        if n.type == "seq":
            acc = set()
            for k in reversed(n.kids):
                e, skippable = ends(k)
                acc |= e
                if not skippable:
                    return acc, False
            return acc, True
        acc = set()
        skippable = n.opt or (n.rep is not None and n.rep[0] == 0)
        for alt in n.kids:
            e, s = ends(alt)
            acc |= e
            skippable = skippable or s
        if n.rep or n.anyorder:
            return set(), skippable     # a repeated group never swallows the rest
        return acc, skippable
    names, skippable = ends(node)
    return set() if skippable else names


class Builder:
    def __init__(self, overrides, report):
        self.ov = overrides
        self.report = report

    def page_rows(self, page):
        rep = self.report
        rep.count("pages")
        views = page_views(page, self.ov)
        level = page_level(page)
        if not views:
            rep.reject(page.id, "", "the page names no view")
            return []
        if level is None:
            rep.reject(page.id, "", "the page has no Default Level")
            return []
        try:
            note = modelsmod.note_models(page.section("Function"))
        except modelsmod.ModelError as e:
            rep.reject(page.id, "", "model note: %s" % e)
            return []
        params = parameter_rows(page)
        title = command_title(page.title)
        heading = None
        rows = []
        for raw in page.section("Format"):
            line = raw.strip()
            if not line:
                continue
            try:
                h = modelsmod.heading_models(line)
            except modelsmod.ModelError as e:
                rep.reject(page.id, line, "model heading: %s" % e)
                heading = []
                continue
            if h is not None:
                heading = h
                rep.count("model headings")
                continue
            rep.count("format lines")
            row = self.row(page, line, params, views, level,
                           modelsmod.combine(note, heading), title)
            if row:
                rows.append(row)
        rows = merge_model_duplicates(rows)
        for r in rows:
            ko = self.ov.kind(page.id)
            if ko:
                r.kind = {"GEN_CONFIG": 0, "GEN_DISPLAY": 1, "GEN_ACTION": 2}[ko["kind"]]
        kinds.identity_counts(rows)
        return rows

    def row(self, page, md, params, views, level, models, title):
        rep = self.report
        try:
            engine = fmtmod.md_to_engine(md)
        except fmtmod.FormatError as e:
            rep.reject(page.id, md, "cannot convert the Format: %s" % e)
            return None
        # A parameter named by a number is that literal number
        # (`{ udp | *17* }`); a parameter named by a range is a number in it.
        engine = re.sub(r"<(\d+)>", r"\1", engine)
        for word in self.ov.keywords(page.id):
            engine = engine.replace("<%s>" % word, word)
        engine = self.expand_enumerations(page.id, engine, params)
        ov = self.ov.format(page.id, engine)
        if ov:
            rep.exception("format", page.id, engine, ov["to"], ov.reason)
            if ov["to"] == "-":
                rep.reject(page.id, engine, "dropped by override: " + ov.reason, counted=False)
                return None
            engine = ov["to"]
        try:
            node = fmtmod.parse(engine)
        except fmtmod.FormatError as e:
            rep.reject(page.id, engine, "Format refused by the grammar: %s" % e)
            return None
        r = Row()
        r.page = page.id
        r.title = title
        r.md = md
        r.folder = page.relpath.rsplit("/", 1)[0] if "/" in page.relpath else ""
        r.format = engine
        r.node = node
        r.views = views
        r.level = level
        r.models = models or []
        r.undo = kinds.is_undo(node)
        r.kind = kinds.kind_of(node, views, title)
        last = _last_words(node)
        names = fmtmod.param_names(node)
        has_iftype = False
        typed = {}
        for name in names:
            p = params.get(name)
            rep.count("format parameters")
            if p:
                rep.count("format parameters with a row")
            t, src = self.param_type(page.id, name, p, name in last, r.models)
            typed[name] = [t, src]
            has_iftype = has_iftype or t.kind == "PT_IFTYPE"
        self.fix_interface_numbers(node, typed, has_iftype, params)
        self.fix_prefix_lengths(typed)
        for name in names:
            t, src = typed[name]
            p = params.get(name)
            if p and not ptypes.UNUSABLE_VALUE.match(ptypes.clean(p.value)):
                rep.count("value columns")
                if src in ("value", "name", "override"):
                    rep.count("value columns typed")
                else:
                    rep.fallback(page.id, name, ptypes.clean(p.value))
            rep.count("kind " + t.kind)
            r.params.append((name, t, src))
        return r

    def expand_enumerations(self, page, engine, params):
        """A parameter whose Value cell lists its words (`both`,
        `export-extcommunity` ...) becomes a choice of those keywords: in
        the group that holds it alone (`[ <type> ]` -> `[ both | export ]`),
        else in braces of its own."""
        def words_of(name):
            p = params.get(name)
            if not p or self.ov.ptype(page, name):
                return None
            return ptypes.enumeration(p.value)

        def alone(m):
            words = words_of(m.group(2))
            if not words:
                return m.group(0)
            self.report.count("enumerations written as keywords")
            return "%s %s %s" % (m.group(1), " | ".join(words), m.group(3))

        def inline(m):
            words = words_of(m.group(1))
            if not words:
                return m.group(0)
            self.report.count("enumerations written as keywords")
            return "{ " + " | ".join(words) + " }"
        engine = re.sub(r"([\[{]) <([^<>\s]+)> ([\]}])(?! &<| \*)", alone, engine)
        return re.sub(r"<([^<>\s]+)>", inline, engine)

    def param_type(self, page, name, p, last, models):
        ov = self.ov.ptype(page, name)
        if ov:
            return parse_type_spec(ov["type"]), "override"
        return ptypes.classify(name, p.value if p else None, p.desc if p else None,
                               last_word=last, models_hint=models)

    @staticmethod
    def fix_prefix_lengths(typed):
        """An address/length parameter (`ipv6-address/prefix-length`)
        whose Value cell gives no range takes the range of the length
        parameter of the same Format (`prefix-length`, 1 to 128)."""
        for name, (t, src) in typed.items():
            if "/" not in name or src == "override" or \
                    t.kind not in ("PT_IPV6_PREFIX", "PT_IPV4_PREFIX"):
                continue
            length = typed.get(name.split("/", 1)[1])
            if length and length[0].kind == "PT_UINT" and length[0].max:
                typed[name] = [ptypes.PType(t.kind, length[0].min, length[0].max, t.flags),
                               src]

    @staticmethod
    def fix_interface_numbers(node, typed, has_iftype, params):
        """An interface number needs an interface type before it: a
        parameter right after a PT_IFTYPE one is its number, whatever its
        name; a number-named parameter in a Format without any interface
        type is typed by its Value cell instead."""
        prev = None
        for w in fmtmod.words(node):
            if w.type == "param" and prev is not None and typed[prev][0].kind == "PT_IFTYPE" \
                    and typed[w.value][1] != "override" and typed[w.value][0].kind != "PT_IFTYPE":
                typed[w.value] = [ptypes.PType("PT_IFNUM", 1, 63), "name"]
            prev = w.value if w.type == "param" else None
        if not has_iftype:
            for name, (t, src) in list(typed.items()):
                if t.kind == "PT_IFNUM" and src != "override":
                    p = params.get(name)
                    nt, nsrc = ptypes.classify(name, p.value if p else None,
                                               p.desc if p else None, interface=False)
                    typed[name] = [nt, nsrc]


def merge_model_duplicates(rows):
    """The same Format under two model headings is one row for both model
    sets."""
    out = []
    seen = {}
    for r in rows:
        key = r.format
        if key in seen:
            first = seen[key]
            if first.models and r.models:
                first.models = modelsmod.canonical(first.models + r.models)
            else:
                first.models = []
            continue
        seen[key] = r
        out.append(r)
    return out


def parse_type_spec(spec):
    """'PT_STRING 1 255 PTF_REST_OF_LINE help=STRING<1-255>' -> PType."""
    parts = spec.split()
    kind = parts[0]
    nums = []
    flags = 0
    help_ = None
    for p in parts[1:]:
        if re.fullmatch(r"-?\d+", p):
            nums.append(int(p))
        elif p.startswith("help="):
            help_ = p[5:]
        else:
            flags |= {v: k for k, v in ptypes.FLAG_NAMES.items()}[p]
    mn, mx = (nums + [0, 0])[:2]
    if kind == "PT_INT":
        mn, mx = ptypes.from_signed(mn), ptypes.from_signed(mx)
    return ptypes.PType(kind, mn, mx, flags, help_)


def override_commands(overrides, report):
    """Rows for the `command` overrides: commands no page documents."""
    out = []
    for e in overrides.of("command"):
        node = fmtmod.parse(e["format"])
        if fmtmod.param_names(node):
            raise ValueError("overrides line %d: a `command` takes no parameters" % e.line)
        r = Row()
        r.page = e["page"]
        r.title = " ".join(w.value for w in fmtmod.words(node) if w.type == "kw")
        r.md = e["format"]
        r.folder = "overrides"
        r.format = e["format"]
        r.node = node
        r.views = [v.strip() for v in e["views"].split(",")]
        r.level = int(e["level"])
        r.models = []
        r.undo = kinds.is_undo(node)
        r.kind = kinds.GEN_CONFIG
        kinds.identity_counts([r])
        e.used += 1
        report.exception("command", r.page, r.format, "a command of the overrides", e.reason)
        out.append(r)
    return out
