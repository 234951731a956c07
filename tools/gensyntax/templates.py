"""Prompt templates: the part of the prompt a view adds, with the values
of the entering command's parameters replaced by placeholders.

Syntax (gensyntax writes this part at the top of views/gen/gen_views.c):
  text          copied, after the parent view's prompt suffix
  =TEXT         (at the start) TEXT replaces the parent view's suffix
                instead of following it: `link-group a` typed at
                `[~HUAWEI-isis-1]` gives `[~HUAWEI-isis-link-group-a]`
  {p}           the canonical value of parameter p of the entering command
                (interface names as LoopBack0, area IDs dotted); empty when
                p was not typed
  {p|d}         the same, d when p was not typed
  {p,q}         the value of the first of p, q that was typed
  [TEXT]        TEXT (with its placeholders) only when every parameter it
                names was typed: `-ui-vty{first-ui-number}[-{last-ui-number}]`
  TEMPLATE;COND;COND...   the view is entered only when every condition
                holds; conditions are
      +kw             the keyword kw was typed
      !+kw            the keyword kw was not typed
      iftype=T        the interface the command names is of type T
      sub             ... is a sub-interface (10GE1/0/1.100)
      l2              ... works at Layer 2 (a switched port, or a
                      sub-interface in `mode l2`)
      member          ... is a member port of an Eth-Trunk
      parent+kw       the parent view was entered with the keyword kw
                      (`keychain k mode absolute` for the absolute Key-ID view)
"""

import collections
import re

import match

C_COMMENT = "/* Prompt templates (gen_view.prompt): the part of the prompt a view adds.\n" + \
    "\n".join((" * " + line).rstrip()
              for line in __doc__.split("\n\n", 1)[1].strip().split("\n")[1:]) + " */\n"


def _ip_dotted(v):
    if v.isdigit() and int(v) <= 4294967295:
        n = int(v)
        return "%d.%d.%d.%d" % (n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255)
    return v


def renderings(ptype, value):
    """The ways a bound value may be printed in a prompt, best first."""
    out = [value]
    if ptype is None:
        return out
    if ptype.kind == "PT_AREA":
        out.insert(0, _ip_dotted(value))
    if ptype.kind in ("PT_IFNAME", "PT_IFTYPE"):
        m = match._IFNAME.match(value) if ptype.kind == "PT_IFNAME" else None
        if m:
            out.insert(0, m.group(1) + m.group(2))
    if ptype.kind == "PT_STRING" and len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        out.insert(0, value[1:-1])
    return out


def _glued(a, b):
    """Would characters a and b run together into one number (digits, and
    the dots, colons and slashes of addresses) or one word?"""
    num = ".:/"
    return ((a.isdigit() or a in num) and b.isdigit()) or (a.isdigit() and b in num) \
        or (a.isalpha() and b.isalpha())


def make(added, binds, types):
    """One event's template: `added` with bound values replaced by {name}.
    Longer values first, so that `1` inside `10.1.1.1` is not taken."""
    if added is None:
        return None
    spans = []
    order = sorted(binds.items(), key=lambda kv: -len(kv[1]))
    text = added
    for name, value in order:
        for r in renderings(types.get(name), value):
            if not r:
                continue
            i = text.lower().find(r.lower())
            # a value must stand alone: not inside a longer word or number
            while i >= 0:
                before = text[i - 1] if i > 0 else "-"
                after = text[i + len(r)] if i + len(r) < len(text) else "-"
                if not _glued(before, r[0]) and not _glued(r[-1], after) and \
                        not any(a <= i < b or a < i + len(r) <= b for a, b, _ in spans):
                    break
                i = text.lower().find(r.lower(), i + 1)
            if i >= 0:
                spans.append((i, i + len(r), name))
                break
    spans.sort()
    out = []
    pos = 0
    for a, b, name in spans:
        out.append(text[pos:a].replace("{", "(").replace("}", ")"))
        out.append("{%s}" % name)
        pos = b
    out.append(text[pos:].replace("{", "(").replace("}", ")"))
    return "".join(out)


def combine(events, param_names):
    """The template of a view from its entering events [(template, binds)]:
    the most frequent one; a parameter that some events left out gets the
    literal those events show as its default ({process-id|1})."""
    if not events:
        return None
    tally = collections.Counter(t for t, _ in events if t is not None)
    if not tally:
        return None
    best, _ = max(tally.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))
    for name in re.findall(r"\{([^{}|]+)\}", best):
        # events without this parameter: what stood in its place?
        rx = "^" + re.escape(best).replace(re.escape("{%s}" % name), "(.+?)") + "$"
        rx = re.sub(r"\\\{[^{}]*\\\}", ".*?", rx)
        defaults = collections.Counter()
        for t, binds in events:
            if t is None or name in binds:
                continue
            m = re.match(rx, t)
            if m and m.group(1):
                defaults[m.group(1)] += 1
        if defaults:
            d = defaults.most_common(1)[0][0]
            if re.fullmatch(r"[\w./:-]+", d):
                best = best.replace("{%s}" % name, "{%s|%s}" % (name, d))
    return best
