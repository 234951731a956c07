"""Reading the reference's markdown command pages.

A page is a title line, then the sections Function, Format, Parameters,
Views, Default Level, Usage Guidelines and Example, in that order, each
introduced by its name and a line of dashes.  Only that order is relied on:
the Example section is last and may itself hold lines of dashes (command
output), so a section header is only recognised when it is the next one
expected.
"""

import os
import re

SECTION_NAMES = ("Function", "Format", "Parameters", "Views", "Default Level",
                 "Usage Guidelines", "Example")

_DASHES = re.compile(r"-{3,}")


class Page:
    """One command page: its id, location and raw sections (lists of lines)."""

    def __init__(self, pid, relpath, title, sections):
        self.id = pid            # file name without .md (folder-qualified when not unique)
        self.relpath = relpath   # area/folder/file.md
        self.title = title       # first line, verbatim
        self.sections = sections

    def section(self, name):
        return self.sections.get(name, [])

    def text(self, name):
        return "\n".join(self.section(name))

    def __repr__(self):
        return "Page(%s)" % self.id


def split_sections(lines):
    out = {}
    cur = None
    want = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if (want < len(SECTION_NAMES) and line == SECTION_NAMES[want]
                and i + 1 < len(lines) and _DASHES.fullmatch(lines[i + 1])):
            cur = SECTION_NAMES[want]
            out[cur] = []
            want += 1
            i += 2
            continue
        if cur is not None:
            out[cur].append(line)
        i += 1
    return out


def load_pages(root):
    """Every page under root, sorted by relative path (the order of all
    generated output follows from it)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".md"):
                path = os.path.join(dirpath, name)
                found.append(os.path.relpath(path, root))
    found.sort()
    # A file name names its page, except for the few names used in two
    # folders: those get their folder as a prefix.
    count = {}
    for rel in found:
        base = os.path.basename(rel)
        count[base] = count.get(base, 0) + 1
    pages = []
    for rel in found:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            lines = f.read().split("\n")
        base = os.path.basename(rel)[:-3]
        pid = base
        if count[base + ".md"] > 1:
            pid = os.path.basename(os.path.dirname(rel)) + "/" + base
        title = lines[0].strip() if lines else ""
        pages.append(Page(pid, rel, title, split_sections(lines)))
    return pages


def command_title(title):
    """The command's name without the page's disambiguating parentheses:
    'peer connect-interface (BGP view) (group)' -> 'peer connect-interface'."""
    prev = None
    t = title
    while prev != t:
        prev = t
        t = re.sub(r"\s*\([^()]*\)\s*$", "", t)
    return re.sub(r"\s+", " ", t).strip()


def unescape(text):
    """Markdown backslash escapes (\\_ \\* ...) -> the character."""
    return re.sub(r"\\(.)", r"\1", text)


def table_rows(lines):
    """Rows of the first markdown table in lines, header and rule removed;
    each row a list of cell strings (escaped pipes kept inside cells)."""
    rows = []
    started = False
    for line in lines:
        s = line.strip()
        if not s.startswith("|"):
            if started and s:
                break
            continue
        started = True
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", s.strip().strip("|"))]
        if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
            continue
        rows.append(cells)
    if rows and rows[0] and rows[0][0] == "Parameter":
        rows = rows[1:]
    return rows


_FENCE = re.compile(r"^\s*```")


def code_blocks(lines):
    """The fenced code blocks of a section: (index, [lines]), in order."""
    blocks = []
    cur = None
    for line in lines:
        if _FENCE.match(line):
            if cur is None:
                cur = []
            else:
                blocks.append(cur)
                cur = None
            continue
        if cur is not None:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks
