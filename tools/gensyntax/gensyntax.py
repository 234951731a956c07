#!/usr/bin/env python3
"""Generate vrpsh's command tables from the CE6800 command reference.

    gensyntax.py --corpus DIR [--root REPO]     generate views/gen/*.c, the
                                                Example fixture, the
                                                exceptions list, the summary
    gensyntax.py --validate [--root REPO]       check the committed tables
                                                without the corpus

DIR is the reference's Command_Reference folder (area/folder/page.md).
See README.md beside this file."""

import argparse
import collections
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emit          # noqa: E402
import examples      # noqa: E402
import fixture       # noqa: E402
import fmt as fmtmod  # noqa: E402
import match         # noqa: E402
import overrides as overridesmod  # noqa: E402
import pages as pagesmod  # noqa: E402
import report  # noqa: E402
import rows as rowsmod  # noqa: E402
import templates     # noqa: E402
import validate      # noqa: E402
import views as viewsmod  # noqa: E402
import viewinfer     # noqa: E402
import exceptions_file  # noqa: E402
import guide         # noqa: E402
import bgpfamily     # noqa: E402


def generate(corpus, root, quiet=False):
    t0 = time.time()
    rep = report.Report()
    ov = overridesmod.load(os.path.join(HERE, "overrides.txt"))
    pages = pagesmod.load_pages(corpus)
    if not pages:
        raise SystemExit("gensyntax: no pages under %s" % corpus)

    builder = rowsmod.Builder(ov, rep)
    rows = []
    rows_by_page = collections.OrderedDict()
    for p in pages:
        prow = builder.page_rows(p)
        for r in prow:
            r.index = len(rows)
            rows.append(r)
        rows_by_page[p.id] = prow
    for r in rowsmod.override_commands(ov, rep):
        r.index = len(rows)
        rows.append(r)

    # Examples: replay them to find views, their ways in and prompts.
    index = match.Index(rows)
    blocks_by_page = {}
    frames = []
    stays = collections.Counter()
    for p in pages:
        bl = examples.page_blocks(p)
        blocks_by_page[p.id] = bl
        for b in bl:
            frames.extend(viewinfer.Walk(b, index, stays).frames)
    names = set(v for r in rows for v in r.views)
    viewinfer.infer(frames, viewinfer.interface_fixer(names))
    view_table = viewsmod.build(rows, frames, stays, ov, rep)

    # The guide's scripts: display order, blocks, undo forms shown.
    guide.read_families(ov, rows, rep)
    g = guide.Guide(root, rows, view_table, index)
    if g.learn_enters(view_table, rep):
        g = guide.Guide(root, rows, view_table, index)
    anchors = guide.read_anchors(root, ov, rep)
    closed = guide.read_adjacent(ov, anchors, rep)
    order = guide.derive(g, rows, anchors, guide.top_default(root), rep, closed)
    guide.apply(order, rows)
    guide.apply_identities(g, rows, rep)
    guide.apply_shown(g, rows, view_table, rep)
    bgpfamily.mark(rows)

    stale = ov.unused()
    if stale:
        for e in stale:
            print("overrides.txt:%d: %s matches nothing" % (e.line, e.directive), file=sys.stderr)
        raise SystemExit(1)

    fstats = fixture.Stats()
    os.makedirs(os.path.join(root, "tests", "gen"), exist_ok=True)
    fixture.write(os.path.join(root, "tests", "gen", "examples.txt"), pages, blocks_by_page,
                  rows_by_page, fstats, index)

    tables = emit.Tables(rows, view_table)
    written = emit.write(tables, os.path.join(root, "views", "gen"), templates.C_COMMENT)

    summary = make_summary(pages, rows, view_table, tables, rep, fstats)
    summary.update(guide.summary(g, order))
    with open(os.path.join(root, "tests", "gen", "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    exceptions_file.write(os.path.join(HERE, "exceptions.txt"), rep, view_table, fstats, ov)
    if not quiet:
        report.print_summary(summary)
        print("wrote %s, tests/gen/examples.txt, tests/gen/summary.json, "
              "tools/gensyntax/exceptions.txt in %.1f s"
              % (", ".join("views/gen/" + w for w in written), time.time() - t0))
    return summary


def make_summary(pages, rows, view_table, tables, rep, fstats):
    c = rep.counts
    written = [rowsmod.page_views(p, _NoOverrides()) for p in pages]
    all_views_pages = sum(1 for vs in written if "All views" in vs)
    names = set(v for vs in written for v in vs)
    kinds = collections.Counter(r.kind for r in rows)
    return {
        "pages": c["pages"],
        "format_lines": c["format lines"],
        "model_headings": c["model headings"],
        "rows": len(rows),
        "rows_rejected": c["rows rejected"],
        "rows_config": kinds[0],
        "rows_display": kinds[1],
        "rows_action": kinds[2],
        "view_names_in_pages": len(names),
        "views": len(view_table),
        "views_entered": sum(1 for v in view_table if v.parent),
        "pages_all_views": all_views_pages,
        "format_parameters": c["format parameters"],
        "format_parameters_with_row": c["format parameters with a row"],
        "value_columns": c["value columns"] + c["enumerations written as keywords"],
        "value_columns_typed": c["value columns typed"] + c["enumerations written as keywords"],
        "enumerations_as_keywords": c["enumerations written as keywords"],
        "ptypes": len(tables.ptypes),
        "strings_bytes": tables.pool.size,
        "rows_over_256_tokens": sum(1 for r in rows if fmtmod.token_count(r.format) >
                                    fmtmod.ENGINE_MAX_TOKENS),
        "rows_repeating_over_64": sum(1 for r in rows if fmtmod.max_repeat(r.node) >
                                      fmtmod.ENGINE_MAX_REPEAT),
        "example_blocks": fstats.blocks,
        "example_lines": fstats.lines,
        "example_own_lines": fstats.own,
        "example_own_lines_matched": fstats.own_matched,
        "example_lines_taken": fstats.taken,
    }


class _NoOverrides:
    def view_alias(self, name):
        return name


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="the Command_Reference folder of the reference")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(HERE)),
                    help="the repository (default: the one holding this script)")
    ap.add_argument("--validate", action="store_true",
                    help="check the committed tables and fixture (no corpus needed)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.validate:
        return validate.main(a.root, quiet=a.quiet)
    if not a.corpus:
        ap.error("--corpus DIR or --validate")
    if not os.path.isdir(a.corpus):
        ap.error("%s is not a folder" % a.corpus)
    generate(a.corpus, a.root, quiet=a.quiet)
    return validate.main(a.root, quiet=a.quiet)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
