"""The Example lines fixture (tests/gen/examples.txt): every Example block
of every page, as typed, with the page id and a model that has the
command, so that a harness can replay each block in a fresh session and
check that every command is accepted and every prompt is the one the page
shows.

Format (one block after another, blocks separated by a blank line):
  @ PAGE #N model=MODEL[,MODEL...]
  - PROMPT COMMAND         a line the block types on the way (context)
  + PROMPT COMMAND         a line of the page's own command: one a row of the
                           page takes, or one that looks like it (its title's
                           words) and that no row takes
PROMPT is the prompt as printed before the command ("<HUAWEI>",
"[~HUAWEI-ospf-1]"); it holds no blank, so the command starts after the
first blank.  A line's mark says whether it is the page's own command:
the harness counts those for the acceptance figure.  MODEL lists the
models that have every row of the page, the default model first when it
is one of them, then in the order of views/models.c: the harness takes the
first on which the block runs best (the Examples use ports such as
100GE1/0/7 that not every model has, and scene-setting commands some
models lack).  "*" stands for every model, the default first.
"""

import re

import match
import models as modelsmod

HEADER = """# Command lines of the Example sections of the CE6800 V300R023C00 command
# reference, one block per code block, extracted by tools/gensyntax (see
# tools/gensyntax/fixture.py for the format).  Regenerated with
# `make regen-syntax CORPUS=DIR`; do not edit.
"""


def block_models(page_rows):
    """The models that have every row of the page (any row's, when no
    model has them all): the default model first when it is one of them,
    then in table order."""
    sets = [r.models for r in page_rows if r.models]
    if not sets:
        common = set(modelsmod.MODELS)
    else:
        common = set(sets[0]).intersection(*sets[1:]) if len(sets) > 1 else set(sets[0])
        if not common:
            common = set().union(*sets)
    if common == set(modelsmod.MODELS):
        return ["*"]
    ordered = modelsmod.canonical(list(common))
    if modelsmod.DEFAULT_MODEL in common:
        ordered.remove(modelsmod.DEFAULT_MODEL)
        ordered.insert(0, modelsmod.DEFAULT_MODEL)
    return ordered


def title_words(title):
    return [w.lower() for w in re.findall(r"[^\s{}|\[\]]+", title)]


def is_own_line(toks, words):
    """Does a line look like the page's command: its first word is the
    title's (after an `undo`) and the title's words come in order?"""
    lt = [t.lower() for t in toks]
    if lt and lt[0] == "undo":
        lt = lt[1:]
    if not lt or not words or lt[0] != words[0]:
        return False
    j = 0
    for t in lt:
        if j < len(words) and t == words[j]:
            j += 1
    return j == len(words)


def stop_at(compiled, toks):
    """Where the page's closest row stops taking a line: the first token no
    path takes, or the end when the line stops short."""
    n = max((match.reach(c, toks) for c in compiled), default=0)
    return "stops at %r" % toks[n] if n < len(toks) else "incomplete"


class Stats:
    def __init__(self):
        self.blocks = 0
        self.lines = 0
        self.taken = 0            # lines some row takes
        self.own = 0
        self.own_matched = 0      # own lines a row of the page takes
        self.unmatched = []       # (page, block, line, where) of own lines no row takes


def write(path, pages, blocks_by_page, rows_by_page, stats, index):
    out = [HEADER]
    for page in pages:
        rows = rows_by_page.get(page.id, [])
        blocks = blocks_by_page.get(page.id, [])
        if not blocks:
            continue
        compiled = [match.Compiled(r) for r in rows]
        words = title_words(rows[0].title if rows else page.title)
        model = ",".join(block_models(rows))
        for b in blocks:
            lines = [ln for ln in b.lines if ln.command]
            if not lines:
                continue
            stats.blocks += 1
            out.append("\n@ %s #%d model=%s\n" % (page.id, b.number, model))
            for ln in lines:
                toks = match.lex(ln.command)
                own = any(match.match(c, toks) is not None for c in compiled)
                # A line that looks like the page's command but that only
                # another page's row takes is that other command (`acl 2000`
                # on the page of `acl 2000 inbound`); one that no row takes
                # stays the page's, and counts as not taken.
                taken = own or bool(index.lookup(ln.command))
                mark = "+" if own or (not taken and is_own_line(toks, words)) else "-"
                stats.lines += 1
                stats.taken += taken
                if mark == "+":
                    stats.own += 1
                    if own:
                        stats.own_matched += 1
                    else:
                        stats.unmatched.append((page.id, b.number, ln.prompt + " " + ln.command,
                                                stop_at(compiled, toks)))
                out.append("%s %s %s\n" % (mark, ln.prompt, ln.command))
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("".join(out))
    import os
    os.replace(path + ".tmp", path)
