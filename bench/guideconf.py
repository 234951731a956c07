#!/usr/bin/env python3
"""Write one configuration file of at least LINES lines made of the
configuration guide's device scripts (tests/guide/scripts.txt), for the
replay benchmark (bench/guide).

    guideconf.py VRPSH LINES OUT

The scripts of the default model are concatenated in the fixture's order,
without the guide's `//` annotations, their `return` and `!` lines (one
file has one `return`).  Scripts whose lines vrpsh refuses once they all
stand in one file are left out (a line of one script can clash with
another's: the same BGP instance under two AS numbers, a port in another
mode), found with `vrpsh --check` on two copies until it reports nothing.  The result is
repeated until it has LINES configuration lines ("#" lines not counted),
then `return` closes it.  Prints the
number of scripts and lines used."""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "guide"))
import run as guide  # noqa: E402

DEFAULT_MODEL = "CE6881H"


def body(s):
    return [ln for ln in guide.script_input(s.lines)
            if ln.strip() and ln.strip() != "return" and not ln.startswith("!")]


def refused_scripts(vrpsh, parts, tmp):
    """Indexes of the parts that hold a line `vrpsh --check` refuses when
    all parts stand in one file, twice (the benchmark repeats them)."""
    path = os.path.join(tmp, "all.cfg")
    starts = []
    with open(path, "w", encoding="utf-8") as f:
        n = 0
        for lines in parts + parts:
            starts.append(n + 1)
            f.write("\n".join(lines) + "\n")
            n += len(lines)
    p = subprocess.run([vrpsh, "--check", "--format", "json", "--model", DEFAULT_MODEL, path],
                       capture_output=True, text=True)
    bad = set()
    for ln in p.stdout.splitlines():
        try:
            line = json.loads(ln)["line"]
        except (ValueError, KeyError):
            continue
        i = max(k for k, s in enumerate(starts) if s <= line)
        bad.add(i % len(parts))
    return bad


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vrpsh, want, out = argv[0], int(argv[1]), argv[2]
    scripts = guide.load_fixture(os.path.join(HERE, "..", "tests", "guide", "scripts.txt"))
    fixes = guide.load_fixes(os.path.join(HERE, "..", "tests", "guide", "normalise.txt"))
    skip = set(s.name for fx in fixes if fx.kind == "skip" for s in scripts if fx.applies(s.name))
    parts = [body(s) for s in scripts if s.model == DEFAULT_MODEL and s.name not in skip]
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(20):
            bad = refused_scripts(vrpsh, parts, tmp)
            if not bad:
                break
            parts = [p for i, p in enumerate(parts) if i not in bad]
        else:
            print("guideconf: the scripts still clash after 20 rounds", file=sys.stderr)
            return 1
    one = [ln for p in parts for ln in p]
    conf = sum(1 for ln in one if ln.strip() != "#")
    if not conf:
        print("guideconf: no script left", file=sys.stderr)
        return 1
    copies = -(-want // conf)
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(copies):
            f.write("\n".join(one) + "\n")
        f.write("return\n")
    print("guideconf: %d scripts, %d lines (%d of configuration), %d copies: %d lines"
          % (len(parts), len(one), conf, copies, copies * len(one) + 1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
