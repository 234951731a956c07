"""Checking the committed tables without the corpus: read views/gen/*.c
back, and check every row as the engine will (its Format against the
grammar rules, every parameter typed, views, models, lists and string
offsets in range), every view (parent known, entering rows that run in
the parent, prompt templates that name their parameters), and that the
tables, the Example fixture and tests/gen/summary.json agree.

Exit status 0 when everything holds, 1 otherwise (one line per problem)."""

import json
import os
import re
import sys

import fmt as fmtmod
import models as modelsmod
import ptypes
import report

KIND_NAMES = ("GEN_CONFIG", "GEN_DISPLAY", "GEN_ACTION")


def _c_unescape(body):
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n in "01234567":
                j = i + 1
                while j < len(body) and j < i + 4 and body[j] in "01234567":
                    j += 1
                out.append(int(body[i + 1:j], 8))
                i = j
                continue
            out.extend({"\\": b"\\", '"': b'"', "?": b"?", "n": b"\n", "t": b"\t"}[n])
            i += 2
            continue
        out.extend(c.encode("utf-8"))
        i += 1
    return bytes(out)


def _rows(text, name):
    """The `{ ... },` initializer rows of array `name` as lists of fields."""
    m = re.search(r"\b%s\[\] = \{\n(.*?)\n\};" % re.escape(name), text, re.S)
    if not m:
        raise ValueError("no array %s" % name)
    out = []
    for line in m.group(1).split("\n"):
        line = line.strip()
        if not line.startswith("{"):
            continue
        line = re.sub(r"\s*/\*.*\*/$", "", line)
        inner = line[1:line.rindex("}")]
        out.append([f.strip() for f in inner.split(",")])
    return out


def _num(field):
    m = re.fullmatch(r"UINT64_C\((\d+)\)|(\d+)", field)
    if not m:
        raise ValueError("not a number: %r" % field)
    return int(m.group(1) or m.group(2))


def _count(text, name):
    m = re.search(r"const uint32_t %s = (\d+);" % name, text)
    return int(m.group(1)) if m else None


class Tables:
    def __init__(self, gendir):
        def read(n):
            with open(os.path.join(gendir, n), encoding="utf-8") as f:
                return f.read()
        s = read("gen_str.c")
        body = re.search(r"const char gen_str\[\] =\n(.*?)\n\t;", s, re.S).group(1)
        data = b"".join(_c_unescape(m) for m in re.findall(r'^\t"(.*)"$', body, re.M))
        self.str_bytes = data
        self.starts = {0}
        for i, b in enumerate(data):
            if b == 0 and i + 1 < len(data):
                self.starts.add(i + 1)
        p = read("gen_ptypes.c")
        self.ptypes = _rows(p, "gen_ptypes")
        self.nptypes = _count(p, "gen_nptypes")
        self.params = [[_num(a), _num(b)] for a, b in _rows(p, "gen_params")]
        self.nparams = _count(p, "gen_nparams")
        c = read("gen_cmds.c")
        self.cmds = _rows(c, "gen_cmds")
        self.ncmds = _count(c, "gen_ncmds")
        v = read("gen_views.c")
        self.views = [[_num(x) for x in r] for r in _rows(v, "gen_views")]
        self.nviews = _count(v, "gen_nviews")
        lt = read("gen_lists.c")
        body = re.search(r"const uint32_t gen_lists\[\] = \{\n(.*?)\n\};", lt, re.S).group(1)
        self.lists = [int(x) for x in re.findall(r"\d+", body)]
        self.nlists = _count(lt, "gen_nlists")

    def s(self, off):
        if off not in self.starts:
            raise ValueError("string offset %d is not the start of a string" % off)
        end = self.str_bytes.index(b"\0", off)
        return self.str_bytes[off:end].decode("utf-8")

    def lst(self, idx):
        if idx >= len(self.lists) or idx + self.lists[idx] >= len(self.lists):
            raise ValueError("list index %d out of range" % idx)
        return self.lists[idx + 1: idx + 1 + self.lists[idx]]


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, what):
        self.problems.append(what)


def check(root):
    ck = Checker()
    t = Tables(os.path.join(root, "views", "gen"))
    for name, have, want in (("gen_ncmds", t.ncmds, len(t.cmds)),
                             ("gen_nptypes", t.nptypes, len(t.ptypes)),
                             ("gen_nparams", t.nparams, len(t.params)),
                             ("gen_nviews", t.nviews, len(t.views)),
                             ("gen_nlists", t.nlists, len(t.lists))):
        if have != want and not (want == 1 and have == 0):
            ck.fail("%s is %s, the array has %d entries" % (name, have, want))

    types = []
    for i, r in enumerate(t.ptypes):
        kind, _, flags, help_, mn, mx = r
        if kind not in ptypes.KINDS:
            ck.fail("ptype %d: unknown kind %s" % (i, kind))
        try:
            if not t.s(_num(help_)):
                ck.fail("ptype %d: no help token" % i)
        except ValueError as e:
            ck.fail("ptype %d: %s" % (i, e))
        if kind in ("PT_STRING", "PT_UINT", "PT_HEX") and _num(mn) > _num(mx):
            ck.fail("ptype %d: min above max" % i)
        types.append(kind)

    view_names = set()
    for v in t.views:
        view_names.add(t.s(v[0]))
    models = set(modelsmod.MODELS)
    stats = {"rows": 0, "rejected formats": 0}
    kinds_seen = {}
    for i, r in enumerate(t.cmds):
        where = "row %d" % i
        try:
            fmt_s, title, page = t.s(_num(r[0])), t.s(_num(r[1])), t.s(_num(r[2]))
            where = "row %d (%s: %s)" % (i, page, fmt_s)
            first, n = _num(r[3]), _num(r[6])
            if first + n > len(t.params) or (n and first >= len(t.params)):
                raise ValueError("parameter list out of range")
            params = {t.s(t.params[first + k][0]): t.params[first + k][1] for k in range(n)}
            for name, pt in params.items():
                if pt >= len(t.ptypes):
                    raise ValueError("parameter %s: type index out of range" % name)
            vlist = [t.s(x) for x in t.lst(_num(r[4]))]
            mlist = [t.s(x) for x in t.lst(_num(r[5]))]
        except ValueError as e:
            ck.fail("%s: %s" % (where, e))
            continue
        stats["rows"] += 1
        if not title or not page:
            ck.fail("%s: no title or page" % where)
        try:
            node = fmtmod.parse(fmt_s)
        except fmtmod.FormatError as e:
            ck.fail("%s: the grammar refuses it: %s" % (where, e))
            stats["rejected formats"] += 1
            continue
        names = fmtmod.param_names(node)
        for name in names:
            if name not in params:
                ck.fail("%s: parameter <%s> has no type" % (where, name))
        for name in params:
            if name not in names:
                ck.fail("%s: typed parameter %s is not in the Format" % (where, name))
        if not vlist:
            ck.fail("%s: no view" % where)
        for v in vlist:
            if v not in view_names and not v.startswith("All views"):
                ck.fail("%s: view %r is not in gen_views" % (where, v))
        for m in mlist:
            if m not in models:
                ck.fail("%s: unknown model %r" % (where, m))
        level = _num(r[7])
        if level > 3:
            ck.fail("%s: level %d" % (where, level))
        if r[8] not in KIND_NAMES:
            ck.fail("%s: kind %s" % (where, r[8]))
        kinds_seen[r[8]] = kinds_seen.get(r[8], 0) + 1
        if _num(r[9]) > len(list(fmtmod.words(node))):
            ck.fail("%s: idtoks %s is longer than the Format" % (where, r[9]))
        if len(r) != 16:
            ck.fail("%s: %d fields, not 16" % (where, len(r)))
            continue
        if not re.fullmatch(r"0|GENF_[A-Z0-9_]+( \| GENF_[A-Z0-9_]+)*", r[10]):
            ck.fail("%s: flags %s" % (where, r[10]))
        if (_num(r[11]) > 65535 or _num(r[12]) >= 1 << 32 or _num(r[13]) >= 1 << 32 or
                _num(r[14]) >= 1 << 32):
            ck.fail("%s: order values out of range" % where)
        try:
            shown = t.s(_num(r[15]))
        except ValueError as e:
            ck.fail("%s: shown: %s" % (where, e))
            continue
        for item in shown.split():
            m = re.fullmatch(r"([\w-]+)<([\w-]+)|([\w-]+)=([\w.-]+)>([\w-]+)", item)
            if not m:
                ck.fail("%s: shown item %r" % (where, item))
            elif m.group(2) and m.group(2) not in params:
                ck.fail("%s: shown item %r names no parameter of the row" % (where, item))

    entered = 0
    for v in t.views:
        try:
            name, parent, prompt = t.s(v[0]), t.s(v[1]), t.s(v[2])
            enter = t.lst(v[3])
        except ValueError as e:
            ck.fail("view: %s" % e)
            continue
        if name == "User view":
            continue
        if not parent:
            continue           # listed in exceptions.txt: no known way in
        entered += 1
        if parent not in view_names:
            ck.fail("view %r: parent %r is not a view" % (name, parent))
        if not enter:
            ck.fail("view %r: no entering command" % name)
        for idx in enter:
            if idx >= len(t.cmds):
                ck.fail("view %r: entering row %d out of range" % (name, idx))
                continue
            r = t.cmds[idx]
            rv = [t.s(x) for x in t.lst(_num(r[4]))]
            if parent not in rv and not any(x.startswith("All views") for x in rv):
                ck.fail("view %r: entering row %d (%s) does not run in %r"
                        % (name, idx, t.s(_num(r[0])), parent))
        problem = template_problem(prompt, [t.cmds[i] for i in enter if i < len(t.cmds)], t)
        if problem:
            ck.fail("view %r: prompt %r: %s" % (name, prompt, problem))
    stats["views"] = len(t.views)
    stats["views entered"] = entered
    stats["kinds"] = kinds_seen
    return ck, t, stats


_PLACEHOLDER = re.compile(r"\{([^{}|;]+)(?:\|[^{};]*)?\}")


def template_problem(prompt, rows, t):
    text, _, conds = prompt.partition(";")
    if text.startswith("="):
        text = text[1:]
    bare = re.sub(_PLACEHOLDER, "", text)
    if bare.count("{") or bare.count("}"):
        return "unbalanced braces"
    if not re.fullmatch(r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*", text):
        return "unbalanced optional segment"
    names = set()
    for r in rows:
        first, n = _num(r[3]), _num(r[6])
        names |= {t.s(t.params[first + k][0]) for k in range(n)}
    for alts in _PLACEHOLDER.findall(text):
        for p in alts.split(","):
            if p not in names and not p.startswith("interface-"):
                return "{%s} is no parameter of the entering commands" % p
    for c in filter(None, conds.split(";")):
        if not re.fullmatch(r"(?:!?\+[\w-]+|iftype=[\w-]+|sub|l2|member|parent\+[\w-]+)", c):
            return "condition %r" % c
    return None


def main(root, quiet=False):
    try:
        ck, t, stats = check(root)
    except (OSError, ValueError, AttributeError) as e:
        print("gensyntax --validate: cannot read the tables: %s" % e)
        return 1
    summary_path = os.path.join(root, "tests", "gen", "summary.json")
    try:
        with open(summary_path) as f:
            summary = json.load(f)
    except OSError as e:
        ck.fail("no summary: %s" % e)
        summary = {}
    if summary:
        for key, have in (("rows", stats["rows"]), ("views", stats["views"]),
                          ("views_entered", stats["views entered"]),
                          ("ptypes", len(t.ptypes))):
            if summary.get(key) != have:
                ck.fail("summary.json says %s = %s, the tables have %s"
                        % (key, summary.get(key), have))
        blocks, lines, own = fixture_counts(os.path.join(root, "tests", "gen", "examples.txt"))
        for key, have in (("example_blocks", blocks), ("example_lines", lines),
                          ("example_own_lines", own)):
            if summary.get(key) != have:
                ck.fail("summary.json says %s = %s, examples.txt has %s"
                        % (key, summary.get(key), have))
    if not quiet and summary:
        report.print_summary(summary)
        print_exception_counts(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            "exceptions.txt"))
    if not quiet:
        print("validated %d rows, %d parameter types, %d views (%d with a way in): %d problems"
              % (stats["rows"], len(t.ptypes), stats["views"], stats["views entered"],
                 len(ck.problems)))
    for p in ck.problems:
        print("problem: " + p)
    return 1 if ck.problems else 0


def print_exception_counts(path):
    """The section headers of exceptions.txt: what was not taken as written."""
    try:
        with open(path, encoding="utf-8") as f:
            heads = [l[3:].strip() for l in f if l.startswith("== ")]
    except OSError:
        return
    print("exceptions (tools/gensyntax/exceptions.txt): " + ", ".join(heads))


def fixture_counts(path):
    blocks = lines = own = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("@ "):
                blocks += 1
            elif line.startswith(("+ ", "- ")):
                lines += 1
                own += line.startswith("+ ")
    return blocks, lines, own


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
