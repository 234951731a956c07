"""Device models: the "supported only on ..." note of a page's Function
section and the "For CE...:" headings of per-model Formats, as lists of
model names in one canonical spelling and order.

Names: the reference's own, with two normalisations.  The long product
names CE6881H-48S6CQ and CE6881H-48S6CQ-K are CE6881H and CE6881H-K (the
names views/models.c knows); "CE6885-LL (standard forwarding mode)" is
CE6885-LL and "CE6885-LL (low latency mode)" is CE6885-LL(low-latency), so
that one name stands for one model in one forwarding mode.
"""

import re

# The order of views/models.c (the models the note names), then the
# low-latency mode of CE6885-LL, then the models the note never names.
MODELS = ("CE6863H", "CE6863H-K", "CE6860-SAN", "CE6866K", "CE6866", "CE6860-HAM",
          "CE6855-48XS8CQ", "CE6885-SAN", "CE8850-SAN", "CE8855", "CE8851-32CQ4BQ", "CE8851K",
          "CE8851-32CQ8DQ-P", "CE8850-HAM", "CE6881H", "CE6881H-K", "CE6820H", "CE6820H-K",
          "CE6820S", "CE6885", "CE6885-T", "CE6885-LL", "CE6863E-48S8CQ",
          "CE6885-LL(low-latency)", "CE8865", "CE8865-SAN", "CE8875")
ORDER = {m: i for i, m in enumerate(MODELS)}
DEFAULT_MODEL = "CE6881H"

ALIASES = {
    "CE6881H-48S6CQ": "CE6881H",
    "CE6881H-48S6CQ-K": "CE6881H-K",
}

_NOTE = re.compile(r"This command is supported only on (?:the )?(.*?)\.?\s*$")
_HEADING = re.compile(r"^\**For (?:the )?(CE.*?)\**:\**\s*$")


class ModelError(Exception):
    pass


def parse_list(text):
    """'CE6881H, CE6885-LL (standard forwarding mode) and CE6820S' -> names."""
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r" in (standard forwarding|low latency) mode", r" (\1 mode)", text)
    out = []
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
        item = item.strip()
        if not item:
            continue
        m = re.fullmatch(r"(CE[\w-]+)(?:\s*\((standard forwarding|low latency) mode\))?", item)
        if not m:
            raise ModelError("not a model name: %r" % item)
        name = ALIASES.get(m.group(1), m.group(1))
        if m.group(2) == "low latency":
            name += "(low-latency)"
        if name not in ORDER:
            raise ModelError("unknown model %r" % name)
        if name not in out:
            out.append(name)
    return canonical(out)


def canonical(models):
    return sorted(set(models), key=ORDER.__getitem__)


def note_models(function_lines):
    """The models of the page's "supported only on" note, or None (every model)."""
    for line in function_lines:
        m = _NOTE.search(line.strip())
        if m:
            return parse_list(m.group(1))
    return None


def heading_models(line):
    """The models of a "For CE...:" Format heading, or None when line is not one."""
    m = _HEADING.match(line.strip())
    if not m:
        return None
    return parse_list(m.group(1))


def combine(note, heading):
    """Models of a row under a heading on a page with a note: the heading's
    models that the note also names (the heading alone when the two do not
    meet, which would be a contradiction in the page)."""
    if note is None:
        return heading
    if heading is None:
        return note
    both = [m for m in heading if m in note]
    return both if both else heading
