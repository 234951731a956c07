#!/usr/bin/env python3
"""Extract the device scripts of the configuration guide's example pages
into tests/guide/scripts.txt, the fixture tests/guide/run replays.

    extract.py --corpus DIR --vrpsh BUILD/vrpsh [--out FILE]

DIR is the guide's Configuration_Guide folder (AREA/.../PAGE.md).  The
scripts are read from each page's HTML, which keeps the code blocks'
indentation exactly (the markdown indents blocks inside lists); the HTML
is looked for beside the .md and in the corpus's src/ copy of the same
folder.  Only Python 3's standard library is needed; the vrpsh binary
checks which model a script can run on (see choose_models).

Fixture format (one block per script, in page order):

    @ PAGE #N device=LABEL model=MODEL
    ! model: WHY THAT MODEL
    |LINE
    |LINE

PAGE is the page's path under DIR without ".md", N the script's number on
the page, LABEL the caption the page gives the script ("DeviceA"), MODEL
the model vrpsh is started as.  Each "|" line is one line of the script
exactly as the page shows it (trailing blanks included).  The output is
deterministic: the same corpus and vrpsh give the same file."""

import argparse
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile

TITLES = ("Configuration Scripts", "Configuring Scripts")
DEFAULT_MODEL = "CE6881H"


class Script:
    def __init__(self, page, n, label, lines, named):
        self.page = page
        self.n = n
        self.label = label
        self.lines = lines
        self.named = named  # models the page names for its example, in its order
        self.model = None
        self.why = None

    @property
    def name(self):
        return "%s #%d" % (self.page, self.n)


def _text(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _html_for(corpus, md):
    rel = os.path.relpath(md, corpus)[:-3] + ".html"
    here = os.path.join(corpus, rel)
    if os.path.exists(here):
        return here
    # nassim-main layout: config_corpus/Configuration/Configuration_Guide/...
    # beside config_corpus/src/Configuration/Configuration_Guide/...
    parts = os.path.normpath(corpus).split(os.sep)
    for i in range(len(parts) - 1, 0, -1):
        base = os.sep.join(parts[:i])
        alt = os.path.join(base, "src", *parts[i:], rel)
        if os.path.exists(alt):
            return alt
    return None


def _known_models(vrpsh):
    """The model names vrpsh knows, in its table order (from the refusal of
    an unknown model, which lists them)."""
    p = subprocess.run([vrpsh, "--model", "-", "--check", os.devnull], capture_output=True,
                       text=True)
    words = p.stderr.split("the models are:", 1)[-1].split()
    return [w for w in words if re.match(r"^CE\d", w)]


_MODEL = re.compile(r"CE\d{4}[A-Z0-9-]*[A-Z0-9]")
_SENTENCES = (
    r"(?:example|function) (?:is|are) supported only (?:by|on) ([^.]*(?:\.\d[^.]*)*)",
    r"example applies to the following models: ([^\n]*)",
    r"configuration example is supported only by ([^\n]*)",
)


def _named_models(md_text, title, known):
    """Models the page names for its whole example: in its title
    ("Example for ... (CE6885-SAN)") or in a sentence that limits the
    example to some models.  Those vrpsh knows, in the page's order."""
    found = []
    m = re.search(r"\(([^()]*CE\d[^()]*)\)\s*$", title)
    if m:
        found += _MODEL.findall(m.group(1))
    for pat in _SENTENCES:
        for s in re.finditer(pat, md_text, re.I):
            found += _MODEL.findall(s.group(1))
    out = []
    for f in found:
        if f in known and f not in out:
            out.append(f)
    return out


def page_scripts(corpus, md, known):
    page = os.path.relpath(md, corpus)[:-3]
    src = _html_for(corpus, md)
    if not src:
        raise SystemExit("extract: no HTML for %s" % md)
    with open(src, encoding="utf-8") as f:
        h = f.read()
    with open(md, encoding="utf-8") as f:
        md_text = f.read()
    title = md_text.split("\n", 1)[0].strip()
    start = -1
    for t in TITLES:
        start = h.find('sectiontitle">%s</h4>' % t)
        if start >= 0:
            break
    if start < 0:
        return []
    end = h.find('<div class="footerNavBar', start)
    sect = h[start:end if end > 0 else len(h)]
    sect = sect.split("</h4>", 1)[1]
    named = _named_models(md_text.split("Configuration Scripts")[0], title, known)
    out = []
    pos = 0
    for m in re.finditer(r"<pre[^>]*>(.*?)</pre>", sect, re.S):
        before = _text(sect[pos:m.start()])
        labels = [ln.strip() for ln in before.split("\n") if ln.strip()]
        label = labels[-1] if labels else ""
        body = _text(m.group(1))
        lines = body.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        out.append(Script(page, len(out) + 1, label, lines, named))
        pos = m.end()
    return out


_ANNOT = re.compile(r"\s+//.*$")


def _model_errors(vrpsh, model, scripts, tmp):
    """For each script, the first line vrpsh --check refuses on model for
    a reason of the model (a command it lacks, a port it does not have),
    or None."""
    files = []
    for i, s in enumerate(scripts):
        path = os.path.join(tmp, "%05d.cfg" % i)
        with open(path, "w", encoding="utf-8") as f:
            # without the page's "//" annotations, as run.py replays it
            f.write("\n".join(_ANNOT.sub("", ln) for ln in s.lines) + "\n")
        files.append(path)
    first = {}
    for k in range(0, len(files), 200):
        chunk = files[k:k + 200]
        p = subprocess.run([vrpsh, "--check", "--format", "json", "--model", model] + chunk,
                           capture_output=True, text=True)
        for ln in p.stdout.splitlines():
            try:
                d = json.loads(ln)
            except ValueError:
                continue
            msg = d.get("message", "")
            if "is not supported on" in msg or re.search(r"The interface .* does not exist", msg):
                i = int(os.path.basename(d["file"])[:5])
                first.setdefault(i, "%s (line %d)" % (d.get("command", "").strip(), d["line"]))
    return [first.get(i) for i in range(len(scripts))]


def choose_models(vrpsh, scripts, known):
    """The page's model (the first it names that vrpsh knows), else the
    default; where that model lacks a command or a port the script uses,
    the first model of vrpsh's table that lacks none."""
    with tempfile.TemporaryDirectory() as tmp:
        errs = {m: _model_errors(vrpsh, m, scripts, tmp) for m in known}
    for i, s in enumerate(scripts):
        base = s.named[0] if s.named else DEFAULT_MODEL
        why = "named by the page" if s.named else "the default"
        if errs[base][i] is None:
            s.model, s.why = base, why
            continue
        alt = next((m for m in known if errs[m][i] is None), None)
        if alt:
            s.model = alt
            s.why = "%s (%s) lacks %s; the first model that has it" % (base, why, errs[base][i])
        else:
            s.model = base
            s.why = "%s (%s); no model has everything the script uses" % (base, why)


HEADER = """\
# The device scripts of the example pages of the CloudEngine CE6800
# V300R023C00 configuration guide ("Configuration Scripts" sections), as
# the pages show them.  Written by tests/guide/extract.py (see its header
# for the format); regenerate with `make regen-guide CORPUS=DIR`; do not
# edit.  tests/guide/run replays every block.
"""


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="the guide's Configuration_Guide folder")
    ap.add_argument("--vrpsh", required=True, help="the vrpsh binary (model checks)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "scripts.txt"))
    a = ap.parse_args(argv)
    known = _known_models(a.vrpsh)
    if DEFAULT_MODEL not in known:
        raise SystemExit("extract: %s does not list the model %s" % (a.vrpsh, DEFAULT_MODEL))
    scripts = []
    pages = 0
    for md in sorted(glob.glob(os.path.join(a.corpus, "**", "*.md"), recursive=True)):
        got = page_scripts(a.corpus, md, known)
        pages += bool(got)
        scripts += got
    if not scripts:
        raise SystemExit("extract: no Configuration Scripts under %s" % a.corpus)
    choose_models(a.vrpsh, scripts, known)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for s in scripts:
            f.write("\n@ %s device=%s model=%s\n" % (s.name, s.label.replace(" ", "_") or "-",
                                                   s.model))
            f.write("! model: %s\n" % s.why)
            for ln in s.lines:
                f.write("|%s\n" % ln)
    moved = sum(1 for s in scripts if "lacks" in s.why)
    print("extract: %d scripts of %d pages; %d run on another model than the page's or the "
          "default" % (len(scripts), pages, moved))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
