"""What a command does (configuration, display or action) and which of its
leading words identify a configuration line.

Kind:
  GEN_DISPLAY  the command starts with `display`;
  GEN_ACTION   an operation that changes no configuration: the page runs
               only in the user view, or in "All views" (ping, reset,
               monitor ... everywhere), or its first word is one of the
               operation verbs below, or it runs in a client view whose
               commands are all operations (FTP/SFTP client);
  GEN_CONFIG   everything else.

Identity (idtoks): a configuration line is keyed by its first idtoks words
(keywords and parameter values).  The page's undo Format says which: its
mandatory leading words after `undo` are what the device needs to find the
line to remove (`undo peer <ipv4-address> connect-interface` -> 3).  A set
row takes that count when its own leading words are the same; an undo row
gets the count of its own leading words after `undo` (the words that
identify the line it removes).  0 = unknown: the whole line is its identity.
"""

from fmt import leading_words

GEN_CONFIG, GEN_DISPLAY, GEN_ACTION = 0, 1, 2
KIND_NAMES = {GEN_CONFIG: "GEN_CONFIG", GEN_DISPLAY: "GEN_DISPLAY", GEN_ACTION: "GEN_ACTION"}

# First words of operations.  `clear` is one only on pages named after it:
# elsewhere (`clear icmp name echo receive`, `clear ip df`) it is a
# configuration form that restores a default.
ACTION_VERBS = {"reset", "ping", "tracert", "save", "debugging", "terminal", "test",
                "test-aaa", "refresh", "check", "monitor", "reboot", "commit", "run"}
ACTION_VIEWS = {"FTP client view", "SFTP client view"}


def command_words(node):
    """The Format's keywords before its first parameter or group, `undo` removed."""
    out = []
    for w in leading_words(node):
        if w.type != "kw":
            break
        out.append(w.value.lower())
    if out and out[0] == "undo":
        out = out[1:]
    return out


def kind_of(node, views, title):
    words = command_words(node)
    first = words[0] if words else ""
    if first == "display":
        return GEN_DISPLAY
    if views == ["User view"] or "All views" in views:
        return GEN_ACTION
    if views and all(v in ACTION_VIEWS for v in views):
        return GEN_ACTION
    if first in ACTION_VERBS:
        return GEN_ACTION
    if first == "clear" and title.split()[:1] == ["clear"]:
        return GEN_ACTION
    return GEN_CONFIG


def is_undo(node):
    return bool(node.kids) and node.kids[0].type == "kw" and node.kids[0].value.lower() == "undo"


def _sig(words):
    return [(w.type, w.value.lower() if w.type == "kw" else w.value) for w in words]


def identity_counts(rows):
    """Set idtoks on the rows of one page (objects with .node, .kind,
    .idtoks).  Only configuration rows get a count."""
    undo_keys = []
    for r in rows:
        if r.kind == GEN_CONFIG and is_undo(r.node):
            lead = _sig(leading_words(r.node))[1:]
            r.idtoks = min(len(lead), 255)
            if lead:
                undo_keys.append(lead)
    for r in rows:
        if r.kind != GEN_CONFIG or is_undo(r.node):
            continue
        own = _sig(leading_words(r.node))
        best = 0
        for key in undo_keys:
            if len(key) <= len(own) and own[:len(key)] == key:
                best = max(best, len(key))
        r.idtoks = min(best, 255)
