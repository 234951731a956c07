"""The pages' Example sections as sequences of (prompt, command) lines.

A command line starts with a prompt: `<HOST>` in the user view,
`[~HOST-SUFFIX]` / `[*HOST-SUFFIX]` / `[HOST-SUFFIX]` in the others (~ no
uncommitted changes, * some).  Every other line of a block is output.
The host name is taken from the block's first prompt and follows
`sysname` commands, so that the suffix (the part of the prompt after the
host name) names the view."""

import re

from pages import code_blocks

_PROMPT = re.compile(r"^(<([^<>\s]+)>|\[([~*&]?)([^\]\s][^\]]*)\])[ \t]?(.*)$")


class Line:
    __slots__ = ("prompt", "user", "name", "command", "suffix")

    def __init__(self, prompt, user, name, command):
        self.prompt = prompt      # as printed: "[~HUAWEI-ospf-1]"
        self.user = user          # the user view (<...>)
        self.name = name          # the text inside the prompt, marks removed
        self.command = command    # what was typed, trailing blanks removed
        self.suffix = None        # the prompt after the host name; None in the user view


class Block:
    __slots__ = ("page", "number", "lines")

    def __init__(self, page, number, lines):
        self.page = page
        self.number = number      # 1-based index of the code block on the page
        self.lines = lines


def parse_block(raw_lines):
    """Command lines of one code block, with suffixes resolved; lines whose
    prompt does not carry the current host name are output, not commands."""
    lines = []
    for raw in raw_lines:
        m = _PROMPT.match(raw.rstrip())
        if not m:
            continue
        # a note after the command (`display version   //V300R023C00 and
        # later versions.`) is the page's, not typed
        cmd = re.sub(r"\s{2,}//.*$", "", m.group(5)).strip()
        if m.group(2) is not None:
            lines.append(Line(m.group(1), True, m.group(2), cmd))
        else:
            lines.append(Line(m.group(1), False, m.group(4), cmd))
    if not lines:
        return []
    host = _first_host(lines)
    out = []
    for i, ln in enumerate(lines):
        if ln.user:
            if ln.name != host:
                if out and re.match(r"sys(n(a(m(e)?)?)?)?\s", out[-1].command or ""):
                    host = ln.name
                else:
                    continue
            ln.suffix = None
        else:
            if not ln.name.startswith(host):
                prev = out[-1].command if out else ""
                m = re.match(r"sys(?:n(?:a(?:m(?:e)?)?)?)?\s+(\S+)", prev or "")
                if m and ln.name.startswith(m.group(1)):
                    host = m.group(1)
                else:
                    continue
            ln.suffix = ln.name[len(host):]
        out.append(ln)
    return out


def _first_host(lines):
    for ln in lines:
        if ln.user:
            return ln.name
    # No user-view prompt: the shortest bracketed name is the system view's.
    name = min((ln.name for ln in lines), key=len)
    return re.split(r"-", name)[0] if "-" in name else name


def page_blocks(page):
    out = []
    for n, raw in enumerate(code_blocks(page.section("Example")), 1):
        lines = parse_block(raw)
        if any(ln.command for ln in lines):
            out.append(Block(page, n, lines))
    return out
