"""tools/gensyntax/exceptions.txt: everything the generator did not take
from the pages as written, each with its reason.  Regenerated with the
tables; reviewed like code."""

import collections

HEADER = """# Exceptions of the generated command tables (written by tools/gensyntax;
# do not edit: change overrides.txt or the generator and regenerate).
#
# Sections:
#   rejected rows      Format lines that are not in the tables, and why
#   format overrides   Format lines changed by overrides.txt, and why
#   type overrides     parameter types set by overrides.txt, and why
#   views              views without a known way in, or entered by override
#   fallback types     Value cells no rule understood: the parameter takes a
#                      string of 1 to 1024 characters
#   unmatched examples the pages' own Example lines that no generated row
#                      takes (by the generator's matcher)
#   commands and order commands no page documents, the hand-written
#                      commands the display order is anchored on,
#                      identities the guide's scripts lengthen, and words
#                      the device shows that were not typed
"""


def write(path, rep, view_table, fstats, ov):
    out = [HEADER]

    out.append("\n== rejected rows (%d)\n" % len(rep.rejected))
    for page, fmt, reason in sorted(rep.rejected):
        out.append("%s | %s | %s\n" % (page, fmt or "-", reason))

    fo = [e for e in rep.exceptions if e[0] == "format"]
    out.append("\n== format overrides (%d)\n" % len(fo))
    for _, page, subject, detail, reason in sorted(fo):
        out.append("%s | %s -> %s | %s\n" % (page, subject, detail, reason))

    to = [e for e in ov.of("ptype")]
    out.append("\n== type overrides (%d)\n" % len(to))
    for e in sorted(to, key=lambda e: (e["page"], e["param"])):
        out.append("%s | %s | %s | %s\n" % (e["page"], e["param"], e["type"], e.reason))

    ko = ov.of("kind")
    out.append("\n== kind overrides (%d)\n" % len(ko))
    for e in sorted(ko, key=lambda e: e["page"]):
        out.append("%s | %s | %s\n" % (e["page"], e["kind"], e.reason))

    vx = [e for e in rep.exceptions if e[0] == "view"]
    out.append("\n== views (%d)\n" % len(vx))
    for _, page, subject, detail, reason in sorted(vx, key=lambda e: (e[2], e[3])):
        out.append("%s | %s%s\n" % (subject, detail, (" | " + reason) if reason else ""))

    fb = sorted(set(rep.fallbacks))
    out.append("\n== fallback types (%d)\n" % len(fb))
    for page, param, value in fb:
        out.append("%s | %s | %s\n" % (page, param, value[:160]))

    um = fstats.unmatched
    out.append("\n== unmatched examples (%d)\n" % len(um))
    for page, block, line, where in sorted(um):
        out.append("%s #%d | %s | %s\n" % (page, block, line, where))

    co = [e for e in rep.exceptions if e[0] in ("command", "order", "identity", "display")]
    out.append("\n== commands and order (%d)\n" % len(co))
    for cat, page, subject, detail, reason in sorted(co):
        out.append("%s | %s | %s | %s | %s\n" % (cat, page or "-", subject, detail, reason))

    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))
