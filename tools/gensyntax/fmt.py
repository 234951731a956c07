"""Format strings: from the reference's markdown to the engine's syntax, and
the engine's grammar rules (parser/grammar.h) as a checker.

Markdown:  **peer** *group-name* **connect-interface** { *a* | *b* } \\* &<1-8>
Engine:    peer <group-name> connect-interface { <a> | <b> } * &<1-8>

Bold text is one or more keywords, italic text a parameter, `\\*` the
any-order mark, `&<m-n>` a repetition of the element before it.  The
engine repeats only groups, so a repeated single token is put in braces:
`*ip-address* &<1-2>` becomes `{ <ip-address> } &<1-2>`.  A bare word
outside any emphasis (`+` in `apply cost [ + | - ]`) is a keyword.
"""

import re

from pages import unescape

MAX_KEYWORD = 63          # parser/graph_priv.h PG_MAX_KEYWORD
ENGINE_MAX_TOKENS = 256   # parser/grammar.c FMT_MAX_TOKENS (today's limit, reported only)
ENGINE_MAX_REPEAT = 64    # parser/grammar.c FMT_MAX_REPEAT (today's limit, reported only)


class FormatError(Exception):
    pass


# ---- markdown -> engine syntax -------------------------------------------

def _md_tokens(line):
    """Tokens of one markdown Format line: ('kw', w), ('param', n),
    ('sym', c) for [ ] { } | *, ('rep', (m, n))."""
    out = []
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
        elif line.startswith("\\*", i):
            out.append(("sym", "*"))
            i += 2
        elif line.startswith("**", i):
            j = line.find("**", i + 2)
            if j < 0:
                raise FormatError("unclosed bold text")
            for w in unescape(line[i + 2:j]).split():
                out.append(("kw", w))
            i = j + 2
        elif c == "*":
            j = i + 1
            while j < n and (line[j] != "*" or line[j - 1] == "\\"):
                j += 1
            if j >= n:
                raise FormatError("unclosed italic text")
            name = unescape(line[i + 1:j]).strip()
            if not name or re.search(r"\s", name):
                raise FormatError("parameter name %r" % name)
            out.append(("param", name))
            i = j + 1
        elif c in "[]{}|":
            out.append(("sym", c))
            i += 1
        elif line.startswith("&<", i):
            m = re.match(r"&<(\d+)-(\d+)>", line[i:])
            if not m:
                raise FormatError("bad repetition at column %d" % i)
            out.append(("rep", (int(m.group(1)), int(m.group(2)))))
            i += m.end()
        else:
            j = i
            while j < n and not line[j].isspace() and line[j] not in "[]{}|*":
                j += 1
            out.append(("kw", unescape(line[i:j])))
            i = j
    return out


def md_to_engine(line):
    """Convert one markdown Format line; raises FormatError."""
    toks = _md_tokens(line.strip())
    words = []
    for kind, val in toks:
        if kind == "kw":
            words.append(val)
        elif kind == "param":
            words.append("<%s>" % val)
        elif kind == "sym":
            words.append(val)
        else:
            rep = "&<%d-%d>" % val
            if words and words[-1] not in ("]", "}"):
                # A repeated single token: make it a group.
                if words[-1] in ("[", "{", "|", "*") or words[-1].startswith("&<"):
                    raise FormatError("repetition without an element")
                last = words.pop()
                words.extend(["{", last, "}"])
            words.append(rep)
    return " ".join(words)


# ---- the engine's syntax -------------------------------------------------

class Node:
    """kw: value = keyword; param: value = name; seq: kids;
    group: kids = alternatives (each a seq), opt = [ ] vs { },
    rep = (m, n) or None, anyorder = True for a trailing `*`."""
    __slots__ = ("type", "value", "kids", "opt", "rep", "anyorder")

    def __init__(self, type_, value=None, kids=None, opt=False):
        self.type = type_
        self.value = value
        self.kids = kids if kids is not None else []
        self.opt = opt
        self.rep = None
        self.anyorder = False

    def __repr__(self):
        if self.type in ("kw", "param"):
            return "%s(%s)" % (self.type, self.value)
        return "%s%s" % (self.type, self.kids)


_ENGINE_TOKEN = re.compile(r"\s*(?:(<[^<>\s]+>)|(&<\d+-\d+>)|([\[\]{}|*])|([^\s\[\]{}|]+))")


def engine_tokens(fmt):
    toks = []
    pos = 0
    fmt = fmt.rstrip()
    while pos < len(fmt):
        m = _ENGINE_TOKEN.match(fmt, pos)
        if not m or m.end() == pos:
            raise FormatError("bad text at column %d" % pos)
        pos = m.end()
        if m.group(1):
            toks.append(("param", m.group(1)[1:-1]))
        elif m.group(2):
            a, b = re.match(r"&<(\d+)-(\d+)>", m.group(2)).groups()
            toks.append(("rep", (int(a), int(b))))
        elif m.group(3):
            toks.append(("sym", m.group(3)))
        else:
            word = m.group(4)
            if re.search(r'[<>&"*]', word):
                raise FormatError("bad keyword %r" % word)
            if len(word.encode()) > MAX_KEYWORD:
                raise FormatError("keyword longer than %d bytes: %s" % (MAX_KEYWORD, word))
            toks.append(("kw", word))
    if not toks:
        raise FormatError("empty")
    return toks


def parse(fmt):
    """Parse an engine-syntax Format into a seq Node; raises FormatError on
    anything the engine's compiler refuses (unbalanced brackets, `|`
    outside brackets, a repetition or `*` not after a group, an empty
    alternative or group, bad repetition bounds)."""
    toks = engine_tokens(fmt)
    pos = [0]

    def seq(closers):
        node = Node("seq")
        while pos[0] < len(toks):
            kind, val = toks[pos[0]]
            if kind == "sym" and (val == "|" or val in closers):
                break
            if kind == "sym" and val in "]}":
                raise FormatError("unbalanced brackets")
            if kind == "sym" and val == "|":
                raise FormatError("'|' outside brackets")
            pos[0] += 1
            if kind in ("kw", "param"):
                node.kids.append(Node(kind, val))
                continue
            if kind == "rep" or val == "*":
                raise FormatError("repetition without a group")
            close = "]" if val == "[" else "}"
            grp = Node("group", opt=(val == "["))
            while True:
                alt = seq(close)
                if not alt.kids:
                    raise FormatError("empty alternative or group")
                grp.kids.append(alt)
                if pos[0] >= len(toks):
                    raise FormatError("unbalanced brackets")
                k2, v2 = toks[pos[0]]
                pos[0] += 1
                if v2 == "|":
                    continue
                if v2 != close:
                    raise FormatError("unbalanced brackets")
                break
            if pos[0] < len(toks) and toks[pos[0]][0] == "rep":
                a, b = toks[pos[0]][1]
                if a > b or b == 0:
                    raise FormatError("repetition bounds &<%d-%d>" % (a, b))
                grp.rep = (a, b)
                pos[0] += 1
            elif pos[0] < len(toks) and toks[pos[0]] == ("sym", "*"):
                grp.anyorder = True
                pos[0] += 1
            node.kids.append(grp)
        return node

    root = seq("")
    if pos[0] != len(toks):
        if toks[pos[0]] == ("sym", "|"):
            raise FormatError("'|' outside brackets")
        raise FormatError("unbalanced brackets")
    if not root.kids:
        raise FormatError("empty")
    if may_be_empty(root):
        raise FormatError("the command may be empty")
    return root


def may_be_empty(node):
    if node.type in ("kw", "param"):
        return False
    if node.type == "seq":
        return all(may_be_empty(k) for k in node.kids)
    if node.opt or (node.rep and node.rep[0] == 0):
        return True
    return any(may_be_empty(k) for k in node.kids)


def words(node):
    """Every keyword and parameter node, in order."""
    if node.type in ("kw", "param"):
        yield node
        return
    for k in node.kids:
        yield from words(k)


def param_names(node):
    seen = []
    for w in words(node):
        if w.type == "param" and w.value not in seen:
            seen.append(w.value)
    return seen


def token_count(fmt):
    return len(engine_tokens(fmt))


def max_repeat(node):
    best = 0
    if node.type == "group" and node.rep:
        best = node.rep[1]
    for k in node.kids:
        best = max(best, max_repeat(k))
    return best


def leading_words(node):
    """The mandatory words at the start of a Format, up to the first group:
    'undo peer <a> connect-interface [ x ]' -> [undo, peer, <a>, connect-interface]."""
    out = []
    for k in node.kids:
        if k.type not in ("kw", "param"):
            break
        out.append(k)
    return out
